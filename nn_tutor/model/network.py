"""The network in five functions, in the order they run, named as in the lessons.

Shapes are column-per-example: X is (n_x, m), W[l] is (n_l, n_(l-1)), b[l] is (n_l, 1).
`layers=[n_x, 1]` is logistic regression; `[n_x, n_h, 1]` the 2-layer network.
"""

import numpy as np

from .activations import TABLE, check_name, derivative_from_cache

from nn_tutor.names import INITS
EPSILON = 1e-15  # keeps log() away from 0 in the cost


def check_layers(layer_sizes):
    sizes = [int(n) for n in layer_sizes]
    if len(sizes) < 2 or any(n < 1 for n in sizes):
        raise ValueError(f"layer sizes must be at least two positive integers, got {list(layer_sizes)}")
    return sizes


def init_params(layer_sizes, init="small_random", seed=2):
    """W1, b1, ..., WL, bL for the given layer sizes. Biases start at zero.

    zeros: every weight 0.  small_random: randn x 0.01.  large_random: randn x 10.
    xavier: randn x sqrt(1 / n_prev).  he: randn x sqrt(2 / n_prev).
    """
    sizes = check_layers(layer_sizes)
    if init not in INITS:
        raise ValueError(f"unknown init {init!r}; expected one of {', '.join(INITS)}")
    rng = np.random.RandomState(seed)
    params = {}
    for l in range(1, len(sizes)):
        n, n_prev = sizes[l], sizes[l - 1]
        scale = {"zeros": 0.0, "small_random": 0.01, "large_random": 10.0,
                 "xavier": np.sqrt(1.0 / n_prev), "he": np.sqrt(2.0 / n_prev)}[init]
        params[f"W{l}"] = np.zeros((n, n_prev)) if init == "zeros" else rng.randn(n, n_prev) * scale
        params[f"b{l}"] = np.zeros((n, 1))
    return params


def depth(params):
    return len(params) // 2


def check_activations(params, activations):
    L = depth(params)
    if len(activations) != L:
        raise ValueError(f"need {L} activations (one per layer), got {len(activations)}")
    for name in activations:
        check_name(name)


def forward(params, X, activations):
    """Z[l] = W[l] A[l-1] + b[l], A[l] = g[l](Z[l]), with A0 = X. Returns the cache."""
    check_activations(params, activations)
    cache = {"A0": X}
    A = X
    with np.errstate(all="ignore"):
        for l, name in enumerate(activations, start=1):
            Z = params[f"W{l}"] @ A + params[f"b{l}"]
            A = TABLE[name][0](Z)
            cache[f"Z{l}"], cache[f"A{l}"] = Z, A
    return cache


def compute_cost(AL, Y):
    """Binary cross-entropy J = −(1/m) Σ [y log a + (1 − y) log(1 − a)], as a float."""
    m = Y.shape[1]
    A = np.minimum(np.maximum(AL, EPSILON), 1.0 - EPSILON)  # never log(0)
    return -float((Y * np.log(A) + (1.0 - Y) * np.log(1.0 - A)).sum()) / m


def backward(params, cache, Y, activations):
    """dZ[l], dW[l], db[l] and dA[l-1] for every layer, from the output back to the input.

    Output layer (sigmoid + cross-entropy): dZ[L] = A[L] − Y.
    Any layer: dW = dZ A_prev.T / m, db = Σ dZ / m, dA_prev = W.T dZ,
    and below it dZ_prev = dA_prev * g'(Z_prev).
    """
    check_activations(params, activations)
    L = depth(params)
    m = Y.shape[1]
    grads = {}
    with np.errstate(all="ignore"):
        AL = cache[f"A{L}"]
        if activations[-1] == "sigmoid":
            dZ = AL - Y
        else:  # general chain: dA = −y/a + (1 − y)/(1 − a), then through g'
            A = np.minimum(np.maximum(AL, EPSILON), 1.0 - EPSILON)
            dA = -Y / A + (1.0 - Y) / (1.0 - A)
            dZ = dA * derivative_from_cache(activations[-1], cache[f"Z{L}"], AL)
        for l in range(L, 0, -1):
            A_prev = cache[f"A{l - 1}"]
            grads[f"dZ{l}"] = dZ
            grads[f"dW{l}"] = dZ @ A_prev.T / m
            grads[f"db{l}"] = dZ.sum(axis=1, keepdims=True) / m
            dA_prev = params[f"W{l}"].T @ dZ
            grads[f"dA{l - 1}"] = dA_prev
            if l > 1:
                dZ = dA_prev * derivative_from_cache(activations[l - 2], cache[f"Z{l - 1}"], A_prev)
    return grads


def update(params, grads, learning_rate):
    """W := W − α dW, b := b − α db. Returns a new dict; `params` is left as it was."""
    with np.errstate(all="ignore"):
        return {k: v - learning_rate * grads["d" + k] for k, v in params.items()}


def predict(params, X, activations):
    """1 where the network's output is above 0.5, else 0."""
    AL = forward(params, X, activations)[f"A{depth(params)}"]
    return (AL > 0.5).astype(float)


def accuracy(params, X, Y, activations):
    """Fraction of examples classified correctly, 0..1."""
    return float(np.mean(predict(params, X, activations) == Y))


def decision_grid(params, X, activations, nx=60, ny=30, margin=0.5):
    """The network's output over a grid covering X: (xs, ys, probabilities of shape (ny, nx))."""
    lo, hi = X[:2].min(axis=1) - margin, X[:2].max(axis=1) + margin
    xs, ys = np.linspace(lo[0], hi[0], nx), np.linspace(lo[1], hi[1], ny)
    gx, gy = np.meshgrid(xs, ys)
    grid = np.vstack([gx.ravel(), gy.ravel()])
    AL = forward(params, grid, activations)[f"A{depth(params)}"]
    return xs, ys, AL.reshape(ny, nx)
