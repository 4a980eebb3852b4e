"""Activation functions, each beside its derivative, written as the lessons teach them.

Each is an `Activation` record: `g` the function, `dg` its derivative, `dg_of` saying
whether dg takes the activation's output a (sigmoid: a(1 − a), tanh: 1 − a²) or its input z
(ReLU's step), `slope_text` how the backward pass writes g′ for layer l, and `rising` whether g
never falls as z grows (then a batch's smallest and largest a are g of its smallest and
largest z). Softmax is an output layer only: with cross-entropy its dZ is A − Y, so it needs
no dg. Adding an activation: its functions and one record in TABLE, its name in
nn_tutor/names.py (read before NumPy loads), and a line in the README's list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from nn_tutor.names import ACTIVATIONS

LEAKY_SLOPE = 0.01


def _sigmoid(z: np.ndarray) -> np.ndarray:
    # e^−z overflows to inf for z < −709, and 1 / (1 + inf) = 0 is then the right answer,
    # so this runs with overflow warnings off (the network's forward turns them off once)
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid(z: ArrayLike) -> np.ndarray:
    """σ(z) = 1 / (1 + e^−z); finite and warning-free for any z."""
    with np.errstate(over="ignore"):
        return _sigmoid(np.asarray(z, dtype=float))


def sigmoid_derivative(a: np.ndarray) -> np.ndarray:
    """σ'(z) = a(1 − a), where a = σ(z)."""
    return a * (1.0 - a)


def tanh(z: ArrayLike) -> np.ndarray:
    return np.tanh(z)


def tanh_derivative(a: np.ndarray) -> np.ndarray:
    """tanh'(z) = 1 − a², where a = tanh(z)."""
    return 1.0 - a * a


def relu(z: ArrayLike) -> np.ndarray:
    return np.maximum(z, 0.0)


def relu_derivative(z: ArrayLike) -> np.ndarray:
    """1 where z > 0, else 0 (we take 0 at the kink)."""
    return (np.asarray(z) > 0).astype(float)


def leaky_relu(z: ArrayLike) -> np.ndarray:
    return np.maximum(z, LEAKY_SLOPE * np.asarray(z))


def leaky_relu_derivative(z: ArrayLike) -> np.ndarray:
    """1 where z > 0, else 0.01."""
    return np.where(np.asarray(z) > 0, 1.0, LEAKY_SLOPE)


def linear(z: ArrayLike) -> np.ndarray:
    return np.array(z, dtype=float, copy=True)


def linear_derivative(z: ArrayLike) -> np.ndarray:
    return np.ones_like(np.asarray(z, dtype=float))


def softmax(z: ArrayLike) -> np.ndarray:
    """e^z / Σ e^z down each column; the column's largest z is taken off first, so no e^z overflows."""
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


@dataclass(frozen=True)
class Activation:
    name: str
    g: Callable  # a = g(z)
    dg: Callable | None  # g'(z), from a or from z as dg_of says
    dg_of: str = "a"  # "a" or "z"
    slope_text: str = ""  # g′(Z[l]) as the backward pass writes it, with {l} for the layer
    rising: bool = True  # g never falls as z grows

    def slope(self, z: np.ndarray | None, a: np.ndarray | None) -> np.ndarray:
        """g'(z), from whichever of z and a = g(z) the lesson's formula uses."""
        if self.dg is None:
            raise ValueError(f"{self.name} has no element-wise slope")
        return self.dg(a) if self.dg_of == "a" else self.dg(z)


TABLE = {
    act.name: act
    for act in (
        Activation("sigmoid", _sigmoid, sigmoid_derivative, "a", "A{l}(1 − A{l})"),
        Activation("tanh", np.tanh, tanh_derivative, "a", "(1 − A{l}²)"),
        Activation("relu", relu, relu_derivative, "z", "(Z{l} > 0)"),
        Activation("leaky_relu", leaky_relu, leaky_relu_derivative, "z", "(1 if Z{l} > 0 else 0.01)"),
        Activation("linear", linear, linear_derivative, "z", "1"),
        Activation("softmax", softmax, None, rising=False),  # a column's a depends on the whole column
    )
}


def get(name: str) -> Activation:
    """The named activation; a ValueError naming the valid ones for any other name."""
    act = TABLE.get(name) if isinstance(name, str) else None
    if act is None:
        raise ValueError(f"unknown activation {name!r}; expected one of {', '.join(TABLE)}")
    return act


def activate(name: str, z: ArrayLike) -> np.ndarray:
    """g(z) for the named activation."""
    with np.errstate(over="ignore"):
        return get(name).g(z)


def derivative(name: str, z: ArrayLike) -> np.ndarray:
    """g'(z) for a named element-wise activation, at the pre-activation z."""
    act = get(name)
    if act.dg is None:
        raise ValueError(f"{name} has no element-wise derivative; expected one of {', '.join(ACTIVATIONS)}")
    z = np.asarray(z, dtype=float)
    return act.slope(z, activate(name, z) if act.dg_of == "a" else None)


def curve(name: str, z: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """(g(z), g'(z)) over an array of z, for plotting an activation beside its slope."""
    z = np.asarray(z, dtype=float)
    return activate(name, z), derivative(name, z)
