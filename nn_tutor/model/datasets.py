"""Toy 2-D classification sets. X is (2, m), one column per example; Y is (1, m) of 0/1,
or one-hot (K, m) for the spiral with K > 2 classes."""

import numpy as np

from nn_tutor.names import DATASETS


def _flower(m, rng, noise):
    # The course's planar "flower": two classes along the petals of r = 4 sin(4t).
    half = m // 2
    X = np.zeros((m, 2))
    Y = np.zeros((m, 1))
    for j in range(2):
        n = half if j == 0 else m - half
        ix = slice(j * half, j * half + n)
        t = np.linspace(j * 3.12, (j + 1) * 3.12, n) + rng.randn(n) * noise
        r = 4 * np.sin(4 * t) + rng.randn(n) * noise
        X[ix] = np.c_[r * np.sin(t), r * np.cos(t)]
        Y[ix] = j
    return X.T, Y.T


def _xor(m, rng, noise):
    X = rng.uniform(-1, 1, size=(2, m))
    Y = ((X[0] > 0) != (X[1] > 0)).astype(float)[None, :]
    return X + rng.randn(2, m) * noise * 0.5, Y


def _circles(m, rng, noise):
    Y = (np.arange(m) % 2).astype(float)
    t = rng.uniform(0, 2 * np.pi, m)
    r = np.where(Y == 1, 0.5, 1.0)
    X = np.vstack([r * np.cos(t), r * np.sin(t)]) + rng.randn(2, m) * noise * 0.5
    return X, Y[None, :]


def _moons(m, rng, noise):
    Y = (np.arange(m) % 2).astype(float)
    t = rng.uniform(0, np.pi, m)
    x0 = np.where(Y == 0, np.cos(t), 1 - np.cos(t))
    x1 = np.where(Y == 0, np.sin(t), 0.5 - np.sin(t))
    X = np.vstack([x0, x1]) + rng.randn(2, m) * noise * 0.5
    return X, Y[None, :]


def _blobs(m, rng, noise):
    Y = (np.arange(m) % 2).astype(float)
    centres = np.where(Y == 1, 1.5, -1.5)
    X = np.vstack([centres, centres]) + rng.randn(2, m) * (0.5 + noise)
    return X, Y[None, :]


def _spiral(m, rng, noise, classes=2):
    # one arm per class, the arms turned 2π/K apart
    label = np.arange(m) % classes
    t = rng.uniform(0.25, 1, m) * 3 * np.pi
    angle = t + 2 * np.pi * label / classes
    X = np.vstack([t * np.cos(angle), t * np.sin(angle)]) / (3 * np.pi)
    X = X + rng.randn(2, m) * noise * 0.25
    if classes == 2:
        return X, label.astype(float)[None, :]
    return X, np.eye(classes)[:, label]


_MAKERS = {"flower": _flower, "xor": _xor, "circles": _circles, "moons": _moons, "blobs": _blobs, "spiral": _spiral}


def load_dataset(
    name: str, m: int = 400, seed: int = 1, noise: float = 0.2, classes: int = 2
) -> tuple[np.ndarray, np.ndarray]:
    """Return (X, Y) for a named data set: X (2, m) floats, Y (1, m) of 0.0/1.0, or for
    `spiral` with classes K > 2, Y one-hot (K, m).

    `flower` with m=400, seed=1, noise=0.2 is exactly the course's planar data set.
    """
    if name not in _MAKERS:
        raise ValueError(f"unknown dataset {name!r}; expected one of {', '.join(DATASETS)}")
    m = int(m)
    if m < 2:
        raise ValueError(f"m must be at least 2, got {m}")
    if not np.isfinite(noise) or noise < 0:
        raise ValueError(f"noise must be a finite number >= 0, got {noise}")
    if isinstance(classes, bool) or not isinstance(classes, (int, np.integer)) or classes < 2:
        raise ValueError(f"classes must be a whole number >= 2, got {classes!r}")
    rng = np.random.RandomState(seed)
    if classes == 2:
        X, Y = _MAKERS[name](m, rng, float(noise))
    elif name == "spiral":
        X, Y = _spiral(m, rng, float(noise), int(classes))
    else:
        raise ValueError(f"{name} has two classes; only spiral has more")
    return np.ascontiguousarray(X, dtype=float), np.ascontiguousarray(Y, dtype=float)
