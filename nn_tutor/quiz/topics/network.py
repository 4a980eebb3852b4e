"""Questions on a 2-layer network: the backward pass from given activations, and the
shape of every array."""

from __future__ import annotations

import numpy as np

from nn_tutor.model import backward, forward, init_params
from nn_tutor.model.activations import activate
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

_A1 = (-0.8, -0.5, -0.2, 0.1, 0.3, 0.6, 0.9)
_B2 = (-1.0, -0.5, 0.0, 0.5)
_W2 = (-1.0, -0.5, 0.5, 1.0, 2.0)
_M = 2
_LOSS = (
    "Loss of one example: L(a, y) = −(y·log a + (1 − y)·log(1 − a)); cost J = (1/m)·Σ L.\n"
    "dZ means ∂L/∂Z column by column: the gradient of each example's own loss, so the 1/m\n"
    "of the cost enters only in dW and db."
)


def two_layer_step(n_h: int, A1, b2: float, Y, W2) -> tuple[np.ndarray, dict]:
    """The output A2 = σ(W2·A1 + b2) and the model's backward pass (tanh hidden layer,
    sigmoid output) from given hidden activations."""
    A1 = np.array(A1, dtype=float).reshape(n_h, _M)
    params = {
        "W1": np.zeros((n_h, 2)),
        "b1": np.zeros((n_h, 1)),
        "W2": np.array(W2, dtype=float).reshape(1, n_h),
        "b2": np.full((1, 1), float(b2)),
    }
    Z2 = params["W2"] @ A1 + params["b2"]
    A2 = activate("sigmoid", Z2)
    cache = {"A0": np.zeros((2, _M)), "Z1": np.arctanh(A1), "A1": A1, "Z2": Z2, "A2": A2}
    Y = np.array(Y, dtype=float).reshape(1, _M)
    return A2, backward(params, cache, Y, ["tanh", "sigmoid"])


def _build_two_layer(p: dict) -> Draft:
    n_h, ask, b2 = p["n_h"], p["ask"], p["b2"]
    A1 = np.array(p["A1"][: n_h * _M]).reshape(n_h, _M)
    Y = np.array(p["Y"], dtype=float).reshape(1, _M)
    W2 = np.array(p["W2"][:n_h]).reshape(1, n_h)
    A2, grads = two_layer_step(n_h, A1, b2, Y, W2)
    answer = grads[ask]
    dZ2 = grads["dZ2"]
    shape = f"{answer.shape[0]}×{answer.shape[1]}"

    def worked_from(figures: int) -> np.ndarray:  # from A2 as the prompt shows it
        dZ2 = np.vectorize(shown)(A2, figures) - Y
        return {
            "dZ2": dZ2,
            "dW2": dZ2 @ A1.T / _M,
            "db2": dZ2.mean(axis=1, keepdims=True),
            "dZ1": (W2.T @ dZ2) * (1 - A1**2),
        }[ask]

    figures = figures_for(answer, worked_from)
    prompt = (
        f"A 2-layer network: tanh hidden layer of {n_h} units, sigmoid output, m = {_M} examples.\n"
        f"{_LOSS}\nAfter the forward pass:\n"
        f"{matrix_block('A1', A1)}\n"
        f"{matrix_block('W2', W2)}   b2 = {num(b2)}\n"
        f"{matrix_block('A2', A2, figures=figures)}   (A2 = σ(W2·A1 + b2))\n"
        f"{matrix_block('Y', Y)}\n"
    )
    steps = [f"dZ2 = A2 − Y = {matrix(dZ2)}   (per example: no 1/m here)"]
    if ask == "dW2":
        steps.append("The cost's 1/m enters here:")
        steps.append(f"dW2 = (1/m)·dZ2·A1ᵀ = (1/{_M}) · {matrix(dZ2)} · A1ᵀ = {matrix(answer)}")
    elif ask == "db2":
        steps.append("The cost's 1/m enters here:")
        steps.append(f"db2 = (1/m)·Σ dZ2 = ({signed_sum(dZ2[0])})/{_M} = {num(answer[0, 0])}")
    elif ask == "dZ1":
        steps.append(f"W2ᵀ·dZ2 = {matrix(W2.T @ dZ2)}")
        steps.append(f"1 − A1² = {matrix(1 - A1**2)}   (tanh′ written with A1)")
        steps.append(f"dZ1 = W2ᵀ·dZ2 ∗ (1 − A1²), entry by entry, still per example\n    = {matrix(answer)}")
    else:
        steps[0] = (
            "dZ2 = ∂L/∂Z2 = ∂L/∂A2 · σ′(Z2) = A2 − Y for each example (column); the 1/m of\n"
            f"the cost is not in dZ2 but in dW2 and db2.\ndZ2 = A2 − Y = {matrix(dZ2)}"
        )
    hints = {
        "dZ2": (
            "For a sigmoid output with cross-entropy, dZ2 = A2 − Y, per example.",
            "Subtract entry by entry (no 1/m: that comes in dW2 and db2).",
        ),
        "dW2": (
            "dW2 = (1/m)·dZ2·A1ᵀ, and dZ2 = A2 − Y.",
            f"dZ2 = {matrix(dZ2)}; the result has the shape of W2, {shape}.",
        ),
        "db2": ("db2 = (1/m)·(sum of the entries of dZ2).", f"dZ2 = A2 − Y = {matrix(dZ2)}."),
        "dZ1": (
            "dZ1 = W2ᵀ·dZ2 ∗ g′(Z1), with g′(Z1) = 1 − A1² for tanh (∗: entry by entry).",
            f"dZ2 = {matrix(dZ2)}; W2ᵀ·dZ2 is {n_h}×{_M}.",
        ),
    }[ask]
    if ask == "db2":
        prompt += f"What is db2? (a single number) {ROUNDED}"
        return Draft(prompt, exact(answer[0, 0]), "numeric", hints, "\n".join(steps))
    prompt += f"What is {ask}? Type a {shape} matrix as [[row 1], [row 2], ...].\n{ROUNDED_ENTRIES}"
    return Draft(prompt, matrix_exact(answer), "matrix", hints, "\n".join(steps))


# ---------------------------------------------------------------- shapes

SHAPE_NAMES = (
    "X",
    "W1",
    "b1",
    "Z1",
    "A1",
    "W2",
    "b2",
    "Z2",
    "A2",
    "dZ2",
    "dW2",
    "db2",
    "dZ1",
    "dW1",
    "db1",
)


SHAPE_K_NAMES = ("Y", "W2", "b2", "Z2", "A2", "dZ2", "dW2", "db2", "dA1", "dZ1")


def network_shapes(n_x: int, n_h: int, m: int, K: int = 1) -> dict[str, tuple[int, ...]]:
    """The shape of every array of a [n_x, n_h, K] network on m examples, from the model:
    one sigmoid output (K = 1) or K softmax outputs with one-hot labels."""
    params = init_params([n_x, n_h, K], init="small_random", seed=0)
    X, Y = np.zeros((n_x, m)), np.zeros((K, m))
    Y[0] = 1.0  # every example of class 0: one-hot, whatever K
    activations = ["tanh", "sigmoid" if K == 1 else "softmax"]
    cache = forward(params, X, activations)
    grads = backward(params, cache, Y, activations)
    arrays = {**params, **cache, **grads, "X": X, "Y": Y}
    return {name: tuple(arrays[name].shape) for name in (*SHAPE_NAMES, *SHAPE_K_NAMES)}


_K_RULES = {
    "Y": "Y holds one one-hot column of K entries per example: (K, m).",
    "W2": "W2 maps n_h units to K outputs: (K, n_h).",
    "b2": "One bias per output unit: (K, 1).",
    "Z2": "Z2 = W2·A1 + b2: (K, n_h)·(n_h, m) gives (K, m).",
    "A2": "A2 = softmax(Z2), down each column, has the shape of Z2: (K, m).",
    "A1": "dA1 = W2ᵀ·dZ2: (n_h, K)·(K, m) gives (n_h, m); K is gone.",
    "Z1": "dZ1 = dA1 ∗ g′(Z1), entry by entry: (n_h, m), as Z1 = W1·X + b1 is.",
}


def _build_shapes(p: dict) -> Draft:
    n_x, n_h, m, name, K = p["n_x"], p["n_h"], p["m"], p["name"], p.get("K", 1)
    shape = network_shapes(n_x, n_h, m, K)[name]
    expected = f"({shape[0]}, {shape[1]})"
    if K == 1:
        task = f"1 output unit,\ntrained on m = {m} examples, one example per column.\n"
    else:
        task = (
            f"K = {K} softmax output\nunits (one per class), trained on m = {m} examples,"
            " one example per column, labels one-hot.\n"
        )
    prompt = (
        f"A 2-layer network: n_x = {n_x} inputs, n_h = {n_h} hidden units, {task}"
        f"What is the shape of {name}? Type it as (rows, columns)."
    )
    base = name[1:] if name.startswith("d") else name
    rules = (
        _K_RULES
        if K > 1
        else {
            "X": "X holds one example per column: (n_x, m).",
            "W1": "W1 maps n_x inputs to n_h units: (n_h, n_x).",
            "b1": "One bias per hidden unit: (n_h, 1).",
            "Z1": "Z1 = W1·X + b1: (n_h, n_x)·(n_x, m) gives (n_h, m).",
            "A1": "A1 = g(Z1) has the shape of Z1: (n_h, m).",
            "W2": "W2 maps n_h units to 1 output: (1, n_h).",
            "b2": "One bias for the one output unit: (1, 1).",
            "Z2": "Z2 = W2·A1 + b2: (1, n_h)·(n_h, m) gives (1, m).",
            "A2": "A2 = σ(Z2) has the shape of Z2: (1, m).",
        }
    )
    rule = rules[base]
    if name != base:
        rule = f"A gradient has the shape of what it is the gradient of: {name} is like {base}.\n" + rule
    sizes = f"n_x = {n_x}, n_h = {n_h}, m = {m}" + (f", K = {K}" if K > 1 else "")
    solution = f"{rule}\nWith {sizes}: shape of {name} = {expected}."
    if name != base:
        first = "A gradient dV always has the same shape as V."
    elif K > 1:
        first = "The output layer has K units, one per class: K rows where one sigmoid unit had 1."
    else:
        first = "Weights are (units in this layer, units in the layer before)."
    hints = (
        first,
        "Columns are examples; rows are units (or input features).",
    )
    return Draft(prompt, expected, "shape", hints, solution)


def _distinct_sizes(p: dict) -> bool:
    sizes = [p["n_x"], p["n_h"], p["m"], *([p["K"]] if "K" in p else [])]
    return len(set(sizes)) == len(sizes)


GENERATORS = (
    Generator(
        "two_layer",
        tuple(
            Space(
                {
                    "n_h": (n_h,),
                    "A1": Repeat(_A1, n_h * _M),
                    "b2": _B2,
                    "Y": Repeat((0.0, 1.0), _M),
                    "W2": Repeat(_W2, n_h),
                    "ask": ("dZ2", "dW2", "db2", "dZ1"),
                }
            )
            for n_h in (2, 3)
        ),
        _build_two_layer,
        lesson="deriving-backprop",
    ),
    Generator(
        "shapes",
        (
            Space(
                {
                    "n_x": (2, 3, 4, 5, 6),
                    "n_h": (2, 3, 4, 5, 6, 7, 8),
                    "m": (3, 4, 5, 8, 10, 12, 20, 50),
                    "name": SHAPE_NAMES,
                },
                valid=_distinct_sizes,
            ),
        ),
        _build_shapes,
        lesson="network-notation",
    ),
    Generator(
        "shapes_k",
        (
            Space(
                {
                    "n_x": (2, 3, 4),
                    "n_h": (5, 6, 8, 20, 50),
                    "m": (7, 12, 100, 300),
                    "K": (3, 4, 5, 10),
                    "name": SHAPE_K_NAMES,
                },
                valid=_distinct_sizes,
            ),
        ),
        _build_shapes,
        lesson="softmax",
    ),
)
