"""Questions on a softmax output of K classes with the categorical cross-entropy: the
probabilities, the loss −log a of the true class, and dZ = A − Y, per example."""

from __future__ import annotations

import numpy as np

from nn_tutor.model import backward, compute_cost, forward
from nn_tutor.quiz.format import (
    ROUNDED,
    ROUNDED_ENTRIES,
    exact,
    matrix,
    matrix_block,
    matrix_exact,
    num,
    signed_sum,
)
from nn_tutor.quiz.shown import figures_for, shown
from nn_tutor.quiz.space import Draft, Generator, Repeat, Space

_Z = (-2.0, -1.0, 0.0, 0.5, 1.0, 2.0, 3.0)
_ZB = (-1.0, 0.0, 1.0, 2.0)
_K = 3
_SUB = "₀₁₂"  # classes count from 0, as NumPy's indices and one_hot do
_LOSS = "L(a, y) = −Σₖ yₖ·log aₖ"


def softmax_step(Z, classes) -> tuple[np.ndarray, np.ndarray, dict, float]:
    """A = softmax(Z), one-hot Y of the classes (0 to K − 1, one per column), the model's
    gradients and its cost, for an output layer whose Z is given (its input is Z, W = I)."""
    Z = np.array(Z, dtype=float).reshape(_K, -1)
    params = {"W1": np.eye(_K), "b1": np.zeros((_K, 1))}
    Y = np.zeros_like(Z)
    Y[np.array(classes), np.arange(Z.shape[1])] = 1.0
    cache = forward(params, Z, ["softmax"])
    A = cache["A1"]
    return A, Y, backward(params, cache, Y, ["softmax"]), compute_cost(A, Y)


def vector(values, figures: int = 6) -> str:
    """(0.659001, 0.242433, 0.0985659)"""
    return "(" + ", ".join(num(v, figures) for v in values) + ")"


def _build_one(p: dict) -> Draft:
    z, ask, k, c = p["z"], p["ask"], p.get("which", 0), p.get("label", 0)
    A, Y, grads, loss = softmax_step(z, [c])
    a, y, sk, sc = A[:, 0], Y[:, 0], _SUB[k], _SUB[c]
    if ask == "loss":  # worked from a as the prompt shows it
        figures = figures_for(loss, lambda f: -np.log(shown(a[c], f)))
    else:
        figures = figures_for(a[k] - y[k], lambda f: shown(a[k], f) - y[k])
    prompt = f"A softmax output of K = {_K} classes, one example: z = {vector(z)}.\naₖ = e^(zₖ) / Σⱼ e^(zⱼ).\n"
    if ask != "a":
        prompt += (
            f"Softmax gives a = {vector(a, figures)}.\n"
            f"The label is class {c}, one-hot y = {vector(y)}, and the loss is the categorical\n"
            f"cross-entropy {_LOSS}.\n"
        )
    if ask == "a":
        e = np.exp(np.array(z))
        answer = float(a[k])
        question = f"What is a{sk}, the probability the network gives class {k}?"
        exps = "(" + ", ".join(f"e^({num(v)})" if v < 0 else f"e^{num(v)}" for v in z) + ")"
        solution = (
            f"e^z = {exps} = {vector(e)}\n"
            f"Σⱼ e^(zⱼ) = {signed_sum(e)} = {num(e.sum())}\n"
            f"a{sk} = e^(z{sk}) / Σⱼ e^(zⱼ) = {num(e[k])} / {num(e.sum())} = {num(answer)}"
        )
        hints = (
            "Exponentiate every zₖ, then divide each by their total.",
            f"a{sk} = e^(z{sk}) divided by the sum of all {_K} e^(zⱼ).",
        )
    elif ask == "loss":
        answer = loss
        question = "What is the loss L?"
        solution = (
            f"y is one-hot: only the true class's term is left, L = −log a{sc}\n"
            f"L = −log({num(a[c], figures)}) = {num(answer)}"
        )
        hints = (
            "Every term with yₖ = 0 drops out of the sum.",
            f"L = −log(a of the true class), and the true class is {c}.",
        )
    else:
        answer = float(grads["dZ1"][k, 0])
        question = f"What is dz{sk} = ∂L/∂z{sk}?"
        solution = (
            "Through softmax and this loss together, dz = a − y, as for a sigmoid with\n"
            f"cross-entropy:\ndz = {vector(a, figures)} − {vector(y)}\n"
            f"   = {vector(grads['dZ1'][:, 0])}\n"
            f"dz{sk} = a{sk} − y{sk} = {num(a[k], figures)} − {num(y[k])} = {num(answer)}"
        )
        hints = (
            "For softmax with the categorical cross-entropy, dz = a − y, entry by entry.",
            f"y{sk} is {num(y[k])}: class {c} is the true one.",
        )
    return Draft(prompt + f"{question} {ROUNDED}", exact(answer), "numeric", hints, solution)


def _build_batch(p: dict) -> Draft:
    Z = np.array(p["Z"]).reshape(_K, 2)
    A, Y, grads, _ = softmax_step(Z, list(p["labels"]))
    dZ, db = grads["dZ1"], grads["db1"]
    answer = dZ if p["ask"] == "dZ" else db

    def worked_from(figures: int) -> np.ndarray:  # from A as the prompt shows it
        shown_dZ = np.vectorize(shown)(A, figures) - Y
        return shown_dZ if p["ask"] == "dZ" else shown_dZ.mean(axis=1, keepdims=True)

    figures = figures_for(answer, worked_from)
    prompt = (
        f"A softmax output of K = {_K} classes, m = 2 examples (one per column), labels one-hot,\n"
        f"loss {_LOSS} per example, cost J = (1/m)·Σ L.\n"
        "dZ means ∂L/∂Z column by column: each example's own gradient, so the 1/m of the cost\n"
        "enters only in dW and db.\nAfter the forward pass:\n"
        f"{matrix_block('Z', Z)}\n"
        f"{matrix_block('A', A, figures=figures)}   (A = softmax(Z), down each column)\n"
        f"{matrix_block('Y', Y)}\n"
    )
    steps = [f"dZ = A − Y, column by column, per example (no 1/m here)\n   = {matrix(dZ)}"]
    if p["ask"] == "dZ":
        prompt += f"What is dZ? Type a 3×2 matrix as [[row 1], [row 2], [row 3]].\n{ROUNDED_ENTRIES}"
        hints = (
            "Softmax with the categorical cross-entropy gives dZ = A − Y, as sigmoid does.",
            "Subtract entry by entry; no 1/m (that comes in dW and db).",
        )
        return Draft(prompt, matrix_exact(dZ), "matrix", hints, "\n".join(steps))
    prompt += (
        "What is db, the gradient of the output layer's biases (3×1)?\n"
        "Type it as [[class 0], [class 1], [class 2]], one number per class.\n"
        f"{ROUNDED_ENTRIES}"
    )
    sums = dZ.sum(axis=1, keepdims=True)
    steps.append(
        f"The cost's 1/m enters here: db = (1/m)·(the sum of each row of dZ)\n   = (1/2)·{matrix(sums)} = {matrix(db)}"
    )
    hints = (
        "db = (1/m)·Σ over the examples of dZ: one number per class.",
        f"dZ = A − Y = {matrix(dZ)}; add along each row, then divide by m = 2.",
    )
    return Draft(prompt, matrix_exact(db), "matrix", hints, "\n".join(steps))


def _build_softmax(p: dict) -> Draft:
    return _build_batch(p) if "Z" in p else _build_one(p)


_CLASSES = tuple(range(_K))

GENERATORS = (
    Generator(
        "softmax",
        (
            Space({"z": Repeat(_Z, _K), "ask": ("a",), "which": _CLASSES}),
            Space({"z": Repeat(_Z, _K), "ask": ("dz",), "which": _CLASSES, "label": _CLASSES}),
            Space({"z": Repeat(_Z, _K), "ask": ("loss",), "label": _CLASSES}),
            Space({"Z": Repeat(_ZB, _K * 2), "labels": Repeat(_CLASSES, 2), "ask": ("dZ", "db")}),
        ),
        _build_softmax,
        lesson="softmax",
    ),
)
