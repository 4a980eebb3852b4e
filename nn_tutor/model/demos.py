"""Data for the lessons' demos: each function computes what one demo plots."""

import numpy as np

from .activations import sigmoid
from .network import compute_cost, depth, forward

from nn_tutor.names import COMPARE_FIELDS

MAX_COMPARE_VALUES = 4   # curves one compare plot keeps readable


def loss_over_weight(w=None, x=None, y=None):
    """A toy: the cost of a one-weight sigmoid unit a = σ(w·x), no bias, on four points,
    as w varies, under cross-entropy and squared error ½(a − y)².

    Cross-entropy is convex in w; squared error is not: it goes flat where the unit is
    confidently wrong (w far below 0 here), so gradient descent barely moves there.
    """
    w = np.linspace(-6, 6, 121) if w is None else np.asarray(w, dtype=float)
    x = np.array([1.0, 2.0, -1.0, 0.5]) if x is None else np.asarray(x, dtype=float)
    y = np.array([1.0, 1.0, 0.0, 0.0]) if y is None else np.asarray(y, dtype=float)
    a = sigmoid(np.outer(w, x))                                   # (len(w), examples)
    a = np.clip(a, 1e-15, 1 - 1e-15)
    ce = -np.mean(y * np.log(a) + (1 - y) * np.log(1 - a), axis=1)
    se = np.mean(0.5 * (a - y) ** 2, axis=1)
    return {"w": w, "cross_entropy": ce, "squared_error": se}


def batch_learning_rate(learning_rate, batch_size, m):
    """α for a smaller batch: the panel's α × √(batch size / m).

    A batch of b examples estimates the full gradient with noise that shrinks like 1/√b,
    so smaller batches take proportionally smaller steps (the square-root scaling rule).
    """
    return float(f"{learning_rate * np.sqrt(batch_size / m):.3g}")


def compare_settings(settings, field, values):
    """[(value, Trainer keyword arguments)], one per value of `field`.

    activation: the value replaces every hidden layer's activation (the output stays).
    hidden: the value replaces every hidden layer's width (a network with no hidden
      layer gets one, with tanh).
    batch: each batch size also gets its own α, see batch_learning_rate.
    """
    if field not in COMPARE_FIELDS:
        raise ValueError(f"unknown compare field {field!r}; expected one of {', '.join(COMPARE_FIELDS)}")
    if not 1 <= len(values) <= MAX_COMPARE_VALUES:
        raise ValueError(f"a comparison takes 1 to {MAX_COMPARE_VALUES} values, got {len(values)}")
    layers, acts = list(settings["layers"]), list(settings["activations"])
    runs = []
    for value in values:
        if field == "activation":
            runs.append((value, {**settings, "activations": [value] * (len(acts) - 1) + acts[-1:]}))
        elif field == "hidden":
            if len(layers) > 2:
                runs.append((value, {**settings, "layers": [layers[0]] + [int(value)] * (len(layers) - 2)
                                     + [layers[-1]]}))
            else:
                runs.append((value, {**settings, "layers": [layers[0], int(value), layers[-1]],
                                     "activations": ["tanh", acts[-1]]}))
        elif field == "batch":
            m = settings["m"]
            size = m if value == "full" else 1 if value == "sgd" else min(int(value), m)
            lr = batch_learning_rate(settings["learning_rate"], size, m)
            runs.append((value, {**settings, "batch": value, "learning_rate": lr}))
        else:
            runs.append((value, {**settings, field: value}))
    return runs


def full_cost(trainer):
    """The cost on the whole training set with the trainer's current parameters."""
    cache = forward(dict(trainer.params), trainer.X, list(trainer.activations))
    return compute_cost(cache[f"A{depth(trainer.params)}"], trainer.Y, cost=trainer.config.cost)


def compare_runs(settings, field, values, iterations=300, should_stop=None):
    """Train one copy of the network per value of `field`; return {label: results}.

    Each result has "costs" (the cost of each iteration's batch, before its update),
    "full_costs" (the cost on the whole set after each update: the curve to compare
    batch sizes by), "learning_rate", "epochs" done, "accuracy", "diverged", "params".
    `should_stop()`, checked every iteration, ends the work early.
    """
    from .trainer import Trainer

    runs = {}
    for value, kwargs in compare_settings(settings, field, values):
        if should_stop is not None and should_stop():
            break
        trainer = Trainer(**kwargs)
        if trainer.batch_size == trainer.m:
            trainer.run(iterations, should_stop=should_stop)
            # with the full batch, the next iteration's cost is this update's full cost
            full = np.append(trainer.costs[1:], full_cost(trainer)) if trainer.iteration else np.empty(0)
        else:
            full = np.empty(iterations)
            done = 0
            while done < iterations and trainer.run(1) == 1:
                full[done] = full_cost(trainer)
                done += 1
                if should_stop is not None and should_stop():
                    break
            full = full[:done]
        label = f"{field}={value}"
        if kwargs["learning_rate"] != settings["learning_rate"]:
            label += f" (α {kwargs['learning_rate']:g})"
        runs[label] = {"costs": trainer.costs.copy(), "full_costs": full,
                       "learning_rate": kwargs["learning_rate"],
                       "epochs": trainer.iteration * trainer.batch_size / trainer.m,
                       "accuracy": trainer.accuracy(), "diverged": trainer.diverged,
                       "params": dict(trainer.params)}
    return runs


def hidden_unit_spread(params, layer=1):
    """Largest difference between any two hidden units' incoming weights (0 = all identical)."""
    W = params[f"W{layer}"]
    return float(np.max(np.abs(W - W[:1]))) if W.shape[0] > 1 else 0.0
