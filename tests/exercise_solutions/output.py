"""Reference solutions to the exercises of output.py (kept in tests/, never in the workspace)."""

import numpy as np

try:
    from network import forward   # your forward, from network.py: predict uses it
except Exception:                 # network.py does not load now: predict's check says so
    forward = None


def predict(X, params):
    A2, cache = forward(X, params)
    return (A2 > 0.5).astype(float)


def standardise(X):
    mean = X.mean(axis=1, keepdims=True)
    std = X.std(axis=1, keepdims=True)
    safe = np.where(std > 0, std, 1.0)
    return (X - mean) / safe
