"""Questions on logistic regression, one example: dz, dw and db by the chain rule, and
one step of gradient descent."""

from __future__ import annotations

import numpy as np

from nn_tutor.model import backward, forward, update
from nn_tutor.quiz.format import ROUNDED, exact, num, par
from nn_tutor.quiz.space import Draft, Generator, Repeat, Space

_X = (-2.0, -1.0, 1.0, 2.0, 3.0)
_W = (-0.5, -0.3, 0.2, 0.4, 0.6)
_B = (-0.5, 0.0, 0.5)


def logistic_step(x, w, b, y, cost: str = "cross_entropy") -> tuple[dict, dict]:
    """Forward and backward for one example, by the model with layers [len(x), 1]."""
    params = {"W1": np.array([w], dtype=float), "b1": np.array([[b]], dtype=float)}
    X = np.array(x, dtype=float).reshape(-1, 1)
    Y = np.array([[y]], dtype=float)
    cache = forward(params, X, ["sigmoid"])
    return cache, backward(params, cache, Y, ["sigmoid"], cost=cost)


def _build_logistic(p: dict) -> Draft:
    x, w, b, y, ask = p["x"], p["w"], p["b"], p["y"], p["ask"]
    cache, grads = logistic_step(x, w, b, y)
    z, a = float(cache["Z1"][0, 0]), float(cache["A1"][0, 0])
    dz = float(grads["dZ1"][0, 0])
    answer = {
        "dz": dz,
        "dw1": float(grads["dW1"][0, 0]),
        "dw2": float(grads["dW1"][0, 1]),
        "db": float(grads["db1"][0, 0]),
    }[ask]
    label = {"dz": "dz = ∂L/∂z", "dw1": "dw₁ = ∂L/∂w₁", "dw2": "dw₂ = ∂L/∂w₂", "db": "db = ∂L/∂b"}
    prompt = (
        "Logistic regression on one example, with the cross-entropy loss:\n"
        f"x = ({num(x[0])}, {num(x[1])}),  w = ({num(w[0])}, {num(w[1])}),  b = {num(b)},  y = {num(y)}.\n"
        f"Forward: z = w₁x₁ + w₂x₂ + b = {num(z)},  a = σ(z) = {num(a)}.\n"
        f"What is {label[ask]}? {ROUNDED}"
    )
    lines = [
        "∂L/∂a = −y/a + (1 − y)/(1 − a) and ∂a/∂z = a(1 − a), so",
        f"dz = ∂L/∂a · ∂a/∂z = a − y = {num(a)} − {num(y)} = {num(dz)}",
    ]
    if ask in ("dw1", "dw2"):
        i = 0 if ask == "dw1" else 1
        sub = "₁" if i == 0 else "₂"
        lines.append(f"dw{sub} = ∂L/∂z · ∂z/∂w{sub} = x{sub}·dz = {num(x[i])} × {par(dz)} = {num(answer)}")
    elif ask == "db":
        lines.append(f"db = ∂L/∂z · ∂z/∂b = dz · 1 = {num(answer)}")
    hints = (
        "For a sigmoid output with the cross-entropy loss, dz = a − y.",
        "Then dwᵢ = xᵢ·dz and db = dz." if ask != "dz" else f"Here a = {num(a)} and y = {num(y)}.",
    )
    return Draft(prompt, exact(answer), "numeric", hints, "\n".join(lines))


_UW = (-1.5, -0.8, -0.3, 0.2, 0.5, 1.0, 2.0)
_ALPHA = (0.01, 0.05, 0.1, 0.5, 1.0, 1.2)
_DW = (-0.6, -0.25, -0.1, 0.05, 0.2, 0.4, 0.75)


def _build_update(p: dict) -> Draft:
    w, alpha, dw, which = p["w"], p["alpha"], p["dw"], p["which"]
    params = {"W1": np.array([[w]]), "b1": np.array([[w]])}
    grads = {"dW1": np.array([[dw]]), "db1": np.array([[dw]])}
    new = update(params, grads, alpha)
    answer = float(new["W1" if which == "w" else "b1"][0, 0])
    prompt = (
        f"Gradient descent, one step, learning rate α = {num(alpha)}.\n"
        f"Now {which} = {num(w)} and d{which} = ∂J/∂{which} = {num(dw)}.\n"
        f"What is the new value of {which}? {ROUNDED}"
    )
    solution = (
        f"{which} := {which} − α·d{which} = {num(w)} − {num(alpha)} × {par(dw)}"
        f" = {num(w)} − {par(alpha * dw)} = {num(answer)}"
    )
    hints = (
        f"Gradient descent moves against the gradient: {which} := {which} − α·d{which}.",
        f"α·d{which} = {num(alpha)} × {num(dw)}."
        if dw >= 0
        else "Mind the sign: d" + which + " is negative, so the step goes up.",
    )
    return Draft(prompt, exact(answer), "numeric", hints, solution)


def unit_space(xs: tuple, ws: tuple, bs: tuple) -> Space:
    """One example of a sigmoid unit with two inputs, and which gradient to ask for."""
    return Space(
        {
            "x": Repeat(xs, 2),
            "w": Repeat(ws, 2),
            "b": bs,
            "y": (0.0, 1.0),
            "ask": ("dz", "dw1", "dw2", "db"),
        }
    )


GENERATORS = (
    Generator("logistic", (unit_space(_X, _W, _B),), _build_logistic, lesson="backpropagation"),
    Generator(
        "update",
        (Space({"w": _UW, "alpha": _ALPHA, "dw": _DW, "which": ("w", "b")}),),
        _build_update,
        lesson="gradient-descent",
    ),
)
