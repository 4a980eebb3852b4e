"""Data for the lessons' demos: each function computes what one demo plots."""

import numpy as np

from .activations import sigmoid

from nn_tutor.names import COMPARE_FIELDS


def loss_over_weight(w=None, x=None, y=None):
    """Cost of a one-weight sigmoid unit a = σ(w·x) as w varies, under two losses.

    Cross-entropy is convex in w; squared error (a − y)² is not: it flattens out
    where the sigmoid saturates, so gradient descent can stall there.
    """
    w = np.linspace(-6, 6, 121) if w is None else np.asarray(w, dtype=float)
    x = np.array([1.0, 2.0, -1.0, 0.5]) if x is None else np.asarray(x, dtype=float)
    y = np.array([1.0, 1.0, 0.0, 0.0]) if y is None else np.asarray(y, dtype=float)
    a = sigmoid(np.outer(w, x))                                   # (len(w), examples)
    a = np.clip(a, 1e-15, 1 - 1e-15)
    ce = -np.mean(y * np.log(a) + (1 - y) * np.log(1 - a), axis=1)
    se = np.mean((a - y) ** 2, axis=1)
    return {"w": w, "cross_entropy": ce, "squared_error": se}


def compare_settings(settings, field, values):
    """[(value, Trainer keyword arguments)], one per value of `field`.

    For field "activation" the value replaces every hidden layer's activation (the output
    stays as it was); for field "hidden" it replaces every hidden layer's width.
    """
    if field not in COMPARE_FIELDS:
        raise ValueError(f"unknown compare field {field!r}; expected one of {', '.join(COMPARE_FIELDS)}")
    runs = []
    for value in values:
        if field == "activation":
            hidden = len(settings["layers"]) - 2
            runs.append((value, {**settings, "activations": [value] * hidden + [settings["activations"][-1]]}))
        elif field == "hidden":
            n = list(settings["layers"])
            runs.append((value, {**settings, "layers": [n[0]] + [value] * (len(n) - 2) + [n[-1]]}))
        else:
            runs.append((value, {**settings, field: value}))
    return runs


def compare_runs(settings, field, values, iterations=300, should_stop=None):
    """Train one copy of the network per value of `field`; return {label: results}.
    `should_stop()`, checked every few hundred iterations, ends the work early."""
    from .trainer import Trainer

    runs = {}
    for value, kwargs in compare_settings(settings, field, values):
        if should_stop is not None and should_stop():
            break
        trainer = Trainer(**kwargs)
        trainer.run(iterations, should_stop=should_stop)
        runs[f"{field}={value}"] = {"costs": trainer.costs.copy(), "accuracy": trainer.accuracy(),
                                     "diverged": trainer.diverged, "params": dict(trainer.params)}
    return runs


def hidden_unit_spread(params, layer=1):
    """Largest difference between any two hidden units' incoming weights (0 = all identical)."""
    W = params[f"W{layer}"]
    return float(np.max(np.abs(W - W[:1]))) if W.shape[0] > 1 else 0.0
