"""Gradient check: backprop's gradients against centred finite differences of the cost."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from . import network as model_network
from .network import Network, Params


def _cost(net: Network, params: Params, X: np.ndarray, Y: np.ndarray, activations: Sequence[str], cost: str) -> float:
    with np.errstate(all="ignore"):  # a diverged network gives NaN here, not a warning
        cache = net.forward(params, X, activations)
        L = len(activations)
        if cost == "mse":
            return model_network.compute_cost(cache[f"A{L}"], Y, cost="mse")
        # cross-entropy from Z[L], so that a saturated output loses no digits
        Z, m = cache[f"Z{L}"], Y.shape[1]
        if activations[-1] == "softmax":  # −Σ y log softmax(z) = Σ y (logsumexp(z) − z)
            top = Z.max(axis=0, keepdims=True)
            log_sum = top + np.log(np.exp(Z - top).sum(axis=0, keepdims=True))
            return float(np.sum(Y * (log_sum - Z)) / m)
        return float(np.sum(np.logaddexp(0.0, Z) - Y * Z) / m)


def gradient_check_details(
    params: Params,
    X: np.ndarray,
    Y: np.ndarray,
    activations: Sequence[str],
    epsilon: float = 1e-7,
    cost: str = "cross_entropy",
    network: Network | None = None,
) -> tuple[dict[str, tuple[np.ndarray, np.ndarray]], float]:
    """Per parameter: (backprop gradient, numerical gradient), and the overall relative difference.

    `network` (default: the model's own functions) supplies forward and backward.
    """
    net = network or model_network
    extra = {} if cost == "cross_entropy" else {"cost": cost}
    grads = net.backward(params, net.forward(params, X, activations), Y, activations, **extra)
    rows = {}
    for name, value in params.items():
        numeric = np.zeros_like(value)
        for i in np.ndindex(value.shape):
            nudged = {}
            for sign in (1, -1):
                changed = value.copy()
                changed[i] += sign * epsilon
                nudged[sign] = _cost(net, {**params, name: changed}, X, Y, activations, cost)
            numeric[i] = (nudged[1] - nudged[-1]) / (2 * epsilon)
        rows[name] = (grads["d" + name], numeric)
    g = np.concatenate([a.ravel() for a, _ in rows.values()])
    n = np.concatenate([b.ravel() for _, b in rows.values()])
    with np.errstate(all="ignore"):
        denom = np.linalg.norm(g) + np.linalg.norm(n)
        diff = 0.0 if denom == 0 else float(np.linalg.norm(g - n) / denom)
    return rows, diff


def gradient_check(
    params: Params,
    X: np.ndarray,
    Y: np.ndarray,
    activations: Sequence[str],
    epsilon: float = 1e-7,
    cost: str = "cross_entropy",
    network: Network | None = None,
) -> float:
    """‖g − g_num‖ / (‖g‖ + ‖g_num‖): below 1e-7 means backprop is right."""
    return gradient_check_details(params, X, Y, activations, epsilon, cost, network)[1]
