"""Gradient check: backprop's gradients against centred finite differences."""

import numpy as np

from .network import backward, compute_cost, depth, forward


def _cost(params, X, Y, activations):
    with np.errstate(all="ignore"):   # a diverged network gives NaN here, not a warning
        return _cost_unchecked(params, X, Y, activations)


def _cost_unchecked(params, X, Y, activations):
    cache = forward(params, X, activations)
    L = depth(params)
    if activations[-1] == "sigmoid":
        # Same cost, computed from Z[L] so that a saturated sigmoid loses no digits.
        Z = cache[f"Z{L}"]
        return float(np.sum(np.logaddexp(0.0, Z) - Y * Z) / Y.shape[1])
    return compute_cost(cache[f"A{L}"], Y)


def gradient_check_details(params, X, Y, activations, epsilon=1e-7):
    """Per parameter: (backprop gradient, numerical gradient), and the overall relative difference."""
    grads = backward(params, forward(params, X, activations), Y, activations)
    rows = {}
    for name, value in params.items():
        numeric = np.zeros_like(value)
        for i in np.ndindex(value.shape):
            saved = value[i]
            plus = {**params, name: value.copy()}
            plus[name][i] = saved + epsilon
            minus = {**params, name: value.copy()}
            minus[name][i] = saved - epsilon
            numeric[i] = (_cost(plus, X, Y, activations) - _cost(minus, X, Y, activations)) / (2 * epsilon)
        rows[name] = (grads["d" + name], numeric)
    g = np.concatenate([a.ravel() for a, _ in rows.values()])
    n = np.concatenate([b.ravel() for _, b in rows.values()])
    with np.errstate(all="ignore"):
        denom = np.linalg.norm(g) + np.linalg.norm(n)
        diff = 0.0 if denom == 0 else float(np.linalg.norm(g - n) / denom)
    return rows, diff


def gradient_check(params, X, Y, activations, epsilon=1e-7):
    """‖g − g_num‖ / (‖g‖ + ‖g_num‖): below 1e-7 means backprop is right."""
    return gradient_check_details(params, X, Y, activations, epsilon)[1]
