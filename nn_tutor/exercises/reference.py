"""The answers the checks expect, from the project's model, and the random inputs they use.

Only the model's pinned functions are used, so the checks follow the model wherever it goes.
"""

from __future__ import annotations

import numpy as np

from nn_tutor.model import backward, compute_cost, forward, load_dataset, update  # noqa: F401

TWO_LAYER = ["tanh", "sigmoid"]


def sigmoid(z) -> np.ndarray:
    """σ(z) of any shape, as a one-unit network with weight 1 and bias 0 computes it."""
    z = np.asarray(z, dtype=float)
    one = {"W1": np.ones((1, 1)), "b1": np.zeros((1, 1))}
    return forward(one, z.reshape(1, -1), ["sigmoid"])["A1"].reshape(z.shape)


def labels(rng: np.random.RandomState, m: int) -> np.ndarray:
    """(1, m) labels of 0 and 1, with both classes present when m > 1."""
    Y = (rng.rand(1, m) > 0.5).astype(float)
    if m > 1:
        Y[0, 0], Y[0, -1] = 1.0, 0.0
    return Y


def two_layer_params(rng: np.random.RandomState, n_x: int, n_h: int) -> dict[str, np.ndarray]:
    """Weights and biases large enough that tanh and the sigmoid bend (mistakes then show)."""
    return {
        "W1": rng.randn(n_h, n_x) * 0.8,
        "b1": rng.randn(n_h, 1) * 0.5,
        "W2": rng.randn(1, n_h) * 0.8,
        "b2": rng.randn(1, 1) * 0.5,
    }


def copied(value):
    """A deep copy of arrays, and of dicts and tuples of arrays: the learner gets their own."""
    if isinstance(value, dict):
        return {k: copied(v) for k, v in value.items()}
    if isinstance(value, np.ndarray):
        return value.copy()
    return value


def two_layer_cost(params: dict, X: np.ndarray, Y: np.ndarray) -> float:
    return compute_cost(forward(params, X, TWO_LAYER)["A2"], Y)


def logistic(w: np.ndarray, b: float, X: np.ndarray, Y: np.ndarray):
    """Logistic regression as a one-layer network: (A, dw, db, cost)."""
    params = {"W1": w.T, "b1": np.full((1, 1), float(b))}
    cache = forward(params, X, ["sigmoid"])
    grads = backward(params, cache, Y, ["sigmoid"])
    return cache["A1"], grads["dW1"].T, float(grads["db1"][0, 0]), compute_cost(cache["A1"], Y)
