"""Questions on a sigmoid unit trained with squared error, L = ½(a − y)²: its dz keeps the
sigmoid's slope, dz = (a − y)·a(1 − a), so a confidently wrong unit barely learns."""

from __future__ import annotations

from nn_tutor.quiz.format import ROUNDED, exact, num, par
from nn_tutor.quiz.shown import figures_for, shown
from nn_tutor.quiz.space import Draft, Generator, Space
from nn_tutor.quiz.topics.logistic import logistic_step, unit_space

_Z = (-10.0, -6.0, -4.0, -2.0, -1.0, 0.0, 1.0, 2.0, 4.0, 6.0, 10.0)
_X = (-2.0, -1.0, 1.0, 2.0, 3.0)
_W = (-2.0, -1.0, -0.5, 0.5, 1.0, 2.0)
_B = (-1.0, 0.0, 1.0)
_LOSS = "the squared-error loss L = ½(a − y)²"
_LABELS = {"dz": "dz = ∂L/∂z", "dw1": "dw₁ = ∂L/∂w₁", "dw2": "dw₂ = ∂L/∂w₂", "db": "db = ∂L/∂b"}


def _build_mse(p: dict) -> Draft:
    y, ask = p["y"], p["ask"]
    if "z" in p:
        x, w, b = (p["z"],), (1.0,), 0.0  # z itself is given: one input of 1·z
    else:
        x, w, b = p["x"], p["w"], p["b"]
    cache, grads = logistic_step(x, w, b, y, cost="mse")
    z, a = float(cache["Z1"][0, 0]), float(cache["A1"][0, 0])
    dz = float(grads["dZ1"][0, 0])
    key, column = {"dz": ("dZ1", 0), "dw1": ("dW1", 0), "dw2": ("dW1", 1), "db": ("db1", 0)}[ask]
    answer = float(grads[key][0, column])
    factor = {"dz": 1.0, "dw1": x[0], "dw2": x[-1], "db": 1.0}[ask]

    def worked_from(figures: int) -> float:  # the answer from a as the prompt shows it
        shown_a = shown(a, figures)
        return (shown_a - y) * shown_a * (1 - shown_a) * factor

    figures = figures_for(answer, worked_from)
    if "z" in p:
        prompt = (
            f"A sigmoid unit, a = σ(z), trained with {_LOSS}.\n"
            f"One example: z = {num(z)}, so a = σ(z) = {num(a, figures)};"
            f" its label is y = {num(y)}.\n"
        )
    else:
        prompt = (
            f"A sigmoid unit trained with {_LOSS}, one example:\n"
            f"x = ({num(x[0])}, {num(x[1])}),  w = ({num(w[0])}, {num(w[1])}),  b = {num(b)},"
            f"  y = {num(y)}.\n"
            f"Forward: z = w₁x₁ + w₂x₂ + b = {num(z)},  a = σ(z) = {num(a, figures)}.\n"
        )
    prompt += f"What is {_LABELS[ask]}? {ROUNDED}"
    slope = a * (1 - a)
    lines = [
        f"L = ½(a − y)², so ∂L/∂a = a − y = {num(a, figures)} − {num(y)} = {num(a - y)}",
        f"∂a/∂z = σ′(z) = a(1 − a) = {num(a, figures)} × {num(1 - a)} = {num(slope)}",
        "Cross-entropy would give dz = a − y; squared error keeps the sigmoid's slope:",
        f"dz = ∂L/∂a · ∂a/∂z = (a − y)·a(1 − a) = {par(a - y)} × {num(slope)} = {num(dz)}",
    ]
    if ask in ("dw1", "dw2"):
        i, sub = (0, "₁") if ask == "dw1" else (1, "₂")
        lines.append(f"dw{sub} = ∂L/∂z · ∂z/∂w{sub} = x{sub}·dz = {num(x[i])} × {par(dz)} = {num(answer)}")
    elif ask == "db":
        lines.append(f"db = ∂L/∂z · ∂z/∂b = dz · 1 = {num(answer)}")
    hints = (
        "∂L/∂a = a − y, and the sigmoid multiplies it by its slope: dz = (a − y)·a(1 − a).",
        f"Here a = {num(a, figures)} and y = {num(y)}."
        if ask == "dz"
        else "Find dz = (a − y)·a(1 − a) first; then dwᵢ = xᵢ·dz and db = dz.",
    )
    return Draft(prompt, exact(answer), "numeric", hints, "\n".join(lines))


GENERATORS = (
    Generator(
        "mse",
        (
            Space({"z": _Z, "y": (0.0, 1.0), "ask": ("dz",)}),
            unit_space(_X, _W, _B),
        ),
        _build_mse,
        lesson="why-cross-entropy",
    ),
)
