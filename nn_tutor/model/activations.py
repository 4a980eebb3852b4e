"""Activation functions, each beside its derivative, written as the lessons teach them.

The derivatives take the activation's output `a` where the lessons do
(sigmoid: a(1 - a), tanh: 1 - a²) and the input `z` where a step is clearer (ReLU).
"""

import numpy as np

from nn_tutor.names import ACTIVATIONS  # noqa: F401  (re-exported)
LEAKY_SLOPE = 0.01


def _sigmoid(z, out=None):
    # e^−z overflows to inf for z < −709 and 1 / (1 + inf) = 0 is then the right answer,
    # so callers run this with overflow warnings off (see sigmoid below).
    if out is None:
        return 1.0 / (1.0 + np.exp(-z))
    np.negative(z, out=out)
    np.exp(out, out=out)
    out += 1.0
    return np.reciprocal(out, out=out)


def sigmoid(z, out=None):
    """σ(z) = 1 / (1 + e^−z); finite and warning-free for any z."""
    with np.errstate(over="ignore"):
        return _sigmoid(np.asarray(z, dtype=float), out=out)


def sigmoid_derivative(a):
    """σ'(z) = a(1 − a), where a = σ(z)."""
    return a * (1.0 - a)


def tanh(z, out=None):
    return np.tanh(z, out=out)


def tanh_derivative(a):
    """tanh'(z) = 1 − a², where a = tanh(z)."""
    return 1.0 - a * a


def relu(z, out=None):
    return np.maximum(z, 0.0, out=out)


def relu_derivative(z):
    """1 where z > 0, else 0 (we take 0 at the kink)."""
    return (np.asarray(z) > 0).astype(float)


def leaky_relu(z, out=None):
    return np.maximum(z, LEAKY_SLOPE * np.asarray(z), out=out)


def leaky_relu_derivative(z):
    """1 where z > 0, else 0.01."""
    return np.where(np.asarray(z) > 0, 1.0, LEAKY_SLOPE)


def linear(z, out=None):
    if out is None:
        return np.array(z, dtype=float, copy=True)
    np.copyto(out, z)
    return out


def linear_derivative(z):
    return np.ones_like(np.asarray(z, dtype=float))


# name -> (g, g', whether g' takes a (True) or z (False))
TABLE = {
    "sigmoid": (_sigmoid, sigmoid_derivative, True),
    "tanh": (tanh, tanh_derivative, True),
    "relu": (relu, relu_derivative, False),
    "leaky_relu": (leaky_relu, leaky_relu_derivative, False),
    "linear": (linear, linear_derivative, False),
}


def check_name(name):
    if name not in TABLE:
        raise ValueError(f"unknown activation {name!r}; expected one of {', '.join(ACTIVATIONS)}")


def activate(name, z, out=None):
    """g(z) for the named activation."""
    check_name(name)
    with np.errstate(over="ignore"):
        return TABLE[name][0](z, out=out)


def derivative(name, z):
    """g'(z) for the named activation, at the pre-activation z."""
    check_name(name)
    g, dg, takes_a = TABLE[name]
    z = np.asarray(z, dtype=float)
    return dg(activate(name, z)) if takes_a else dg(z)


def derivative_from_cache(name, z, a):
    """g'(z) using whichever of z or a = g(z) the lesson's formula uses."""
    g, dg, takes_a = TABLE[name]
    return dg(a) if takes_a else dg(z)


def curve(name, z):
    """(g(z), g'(z)) over an array of z, for plotting an activation beside its slope."""
    z = np.asarray(z, dtype=float)
    return activate(name, z), derivative(name, z)
