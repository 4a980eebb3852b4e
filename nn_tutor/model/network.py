"""The network in five functions, in the order they run, named as in the lessons.

Shapes are column-per-example: X is (n_x, m), W[l] is (n_l, n_(l-1)), b[l] is (n_l, 1).
`layers=[n_x, 1]` is logistic regression; `[n_x, n_h, 1]` the 2-layer network. The output
is one sigmoid unit (Y is (1, m) of 0/1) or K softmax units (Y one-hot, (K, m)).
The Trainer runs exactly these five functions; so do the lessons' code blocks.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import NamedTuple, Protocol

import numpy as np

from nn_tutor.names import ACTIVATIONS, COSTS, INITS

from .activations import TABLE, Activation

Params = dict[str, np.ndarray]  # W1, b1, W2, b2, ...
EPSILON = 1e-15  # keeps log() away from 0 in the cost
BACKWARD_COSTS = {"sigmoid": COSTS, "softmax": ("cross_entropy",)}  # output -> costs backward takes
# NaN and inf flow through forward, backward and update without warnings: a diverging network is
# reported by its cost, never by a warning (as a decorator it costs half what a `with` does)
quietly = np.errstate(all="ignore")


class Network(Protocol):
    """The five functions as the Trainer and the gradient check call them: this module, or
    another implementation of them (a learner's network.py)."""

    def init_params(self, layer_sizes: Sequence[int], init: str = ..., seed: int = ...) -> Params: ...
    def forward(self, params: Params, X: np.ndarray, activations: Sequence[str]) -> dict[str, np.ndarray]: ...
    def compute_cost(self, AL: np.ndarray, Y: np.ndarray, cost: str = ...) -> float: ...
    def backward(
        self, params: Params, cache: dict[str, np.ndarray], Y: np.ndarray, activations: Sequence[str], cost: str = ...
    ) -> dict[str, np.ndarray]: ...
    def update(self, params: Params, grads: dict[str, np.ndarray], learning_rate: float) -> Params: ...


def init_params(layer_sizes: Sequence[int], init: str = "small_random", seed: int = 2) -> Params:
    """W1, b1, ..., WL, bL for the given layer sizes. Biases start at zero.

    zeros: every weight 0.  small_random: randn x 0.01.  large_random: randn x 10.
    xavier: randn x sqrt(1 / n_prev).  he: randn x sqrt(2 / n_prev).
    """
    sizes = [int(n) for n in layer_sizes]
    if len(sizes) < 2 or any(n < 1 for n in sizes):
        raise ValueError(f"layer sizes must be at least two positive integers, got {list(layer_sizes)}")
    if init not in INITS:
        raise ValueError(f"unknown init {init!r}; expected one of {', '.join(INITS)}")
    rng = np.random.RandomState(seed)
    params = {}
    for l in range(1, len(sizes)):
        n, n_prev = sizes[l], sizes[l - 1]
        scale = {
            "zeros": 0.0,
            "small_random": 0.01,
            "large_random": 10.0,
            "xavier": np.sqrt(1.0 / n_prev),
            "he": np.sqrt(2.0 / n_prev),
        }[init]
        params[f"W{l}"] = np.zeros((n, n_prev)) if init == "zeros" else rng.randn(n, n_prev) * scale
        params[f"b{l}"] = np.zeros((n, 1))
    return params


def depth(params: Params) -> int:
    return len(params) // 2


class Layer(NamedTuple):
    """Layer l of a network: its activation and the names of its arrays."""

    act: Activation
    W: str
    b: str
    Z: str
    A: str
    A_prev: str
    dZ: str
    dW: str
    db: str
    dA_prev: str


@functools.lru_cache(maxsize=256)
def _layers(L: int, names: tuple[str, ...]) -> tuple[Layer, ...]:
    if len(names) != L:
        raise ValueError(f"need {L} activations (one per layer), got {len(names)}")
    for name in names[:-1]:
        if name not in ACTIVATIONS:
            raise ValueError(f"unknown hidden activation {name!r}; expected one of {', '.join(ACTIVATIONS)}")
    if names[-1] not in TABLE:
        raise ValueError(f"unknown activation {names[-1]!r}; expected one of {', '.join(TABLE)}")
    return tuple(
        Layer(TABLE[name], f"W{l}", f"b{l}", f"Z{l}", f"A{l}", f"A{l - 1}", f"dZ{l}", f"dW{l}", f"db{l}", f"dA{l - 1}")
        for l, name in enumerate(names, start=1)
    )


def layers(params: Params, activations: Sequence[str]) -> tuple[Layer, ...]:
    """The Layer records of a network, softmax only on the output layer. The names are checked
    once for each list of them; a bad name raises a ValueError on every call."""
    try:
        return _layers(depth(params), tuple(activations))
    except TypeError:  # an unhashable name: not one of ours
        raise ValueError(f"activations must be names, one of {', '.join(TABLE)}; got {activations!r}") from None


@quietly
def forward(params: Params, X: np.ndarray, activations: Sequence[str]) -> dict[str, np.ndarray]:
    """Z[l] = W[l] A[l-1] + b[l], A[l] = g[l](Z[l]), with A0 = X. Returns the cache."""
    cache = {"A0": X}
    A = X
    for layer in layers(params, activations):
        Z = params[layer.W] @ A
        try:
            Z += params[layer.b]  # + b in place: one array fewer
        except TypeError:  # whole-number W and A: Z becomes float
            Z = Z + params[layer.b]
        A = layer.act.g(Z)
        cache[layer.Z], cache[layer.A] = Z, A
    return cache


def compute_cost(AL: np.ndarray, Y: np.ndarray, cost: str = "cross_entropy") -> float:
    """The cost J as a float.

    cross_entropy, one sigmoid unit: −(1/m) Σ [y log a + (1 − y) log(1 − a)];
    K softmax units, Y one-hot (K, m): −(1/m) Σ y log a.   mse: (1/m) Σ ½(a − y)².
    """
    m = Y.shape[1]
    if cost == "mse":
        return float(((AL - Y) ** 2).sum()) / (2 * m)
    if cost != "cross_entropy":
        raise ValueError(f"unknown cost {cost!r}; expected one of {', '.join(COSTS)}")
    A = np.minimum(np.maximum(AL, EPSILON), 1.0 - EPSILON)  # never log(0)
    if A.shape[0] > 1:
        return -float((Y * np.log(A)).sum()) / m
    return -float((Y * np.log(A) + (1.0 - Y) * np.log(1.0 - A)).sum()) / m


@quietly
def backward(
    params: Params, cache: dict[str, np.ndarray], Y: np.ndarray, activations: Sequence[str], cost: str = "cross_entropy"
) -> dict[str, np.ndarray]:
    """dZ[l], dW[l], db[l] and dA[l-1] for every layer, from the output back to the input.

    Output layer, sigmoid or softmax with cross-entropy: dZ[L] = A[L] − Y;
    sigmoid with mse: dZ[L] = (A[L] − Y) a(1 − a).
    Any layer: dW = dZ A_prev.T / m, db = Σ dZ / m; below it (down to layer 1)
    dA_prev = W.T dZ and dZ_prev = dA_prev * g'(Z_prev).
    """
    net = layers(params, activations)
    out = net[-1].act.name
    if cost not in BACKWARD_COSTS.get(out, ()):
        raise ValueError(
            f"backward takes a sigmoid output with {' or '.join(COSTS)}, or softmax with "
            f"cross_entropy; got {out} with {cost}"
        )
    m = Y.shape[1]
    grads = {}
    AL = cache[net[-1].A]
    dZ = AL - Y
    if cost == "mse":
        dZ = dZ * AL * (1.0 - AL)
    for i in range(len(net) - 1, -1, -1):
        layer = net[i]
        A_prev = cache[layer.A_prev]
        grads[layer.dZ] = dZ
        grads[layer.dW] = dZ @ A_prev.T / m
        grads[layer.db] = dZ.sum(axis=1, keepdims=True) / m
        if i:
            below = net[i - 1]
            dA_prev = grads[layer.dA_prev] = params[layer.W].T @ dZ
            dZ = dA_prev * below.act.slope(cache[below.Z], A_prev)
    return grads


@quietly
def update(params: Params, grads: dict[str, np.ndarray], learning_rate: float) -> Params:
    """W := W − α dW, b := b − α db. Returns a new dict; `params` is left as it was."""
    return {k: v - learning_rate * grads["d" + k] for k, v in params.items()}


def labels(A: np.ndarray) -> np.ndarray:
    """Class of each column: 1 where one output is above 0.5, else the largest of K outputs. (1, m)."""
    if A.shape[0] == 1:
        return (A > 0.5).astype(float)
    return A.argmax(axis=0)[None, :].astype(float)


def predict(params: Params, X: np.ndarray, activations: Sequence[str]) -> np.ndarray:
    """The predicted class of each example, (1, m): 0/1 for one sigmoid unit, 0..K−1 for softmax."""
    return labels(forward(params, X, activations)[f"A{depth(params)}"])


def accuracy(params: Params, X: np.ndarray, Y: np.ndarray, activations: Sequence[str]) -> float:
    """Fraction of examples classified correctly, 0..1. Y is (1, m) of 0/1 or one-hot (K, m)."""
    return float(np.mean(predict(params, X, activations) == labels(Y)))


def decision_grid(
    params: Params, X: np.ndarray, activations: Sequence[str], nx: int = 60, ny: int = 30, margin: float = 0.5
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The network's output over a grid covering X: (xs, ys, P). P is (ny, nx), the probability
    of class 1, for one sigmoid unit; (K, ny, nx), each class's probability, for softmax."""
    lo, hi = X[:2].min(axis=1) - margin, X[:2].max(axis=1) + margin
    xs, ys = np.linspace(lo[0], hi[0], nx), np.linspace(lo[1], hi[1], ny)
    gx, gy = np.meshgrid(xs, ys)
    grid = np.vstack([gx.ravel(), gy.ravel()])
    AL = forward(params, grid, activations)[f"A{depth(params)}"]
    return xs, ys, AL.reshape(ny, nx) if AL.shape[0] == 1 else AL.reshape(-1, ny, nx)
