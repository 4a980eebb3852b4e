"""Data for the lessons' demos: each function computes what one demo plots."""

import time
from typing import NamedTuple

import numpy as np

from .activations import TABLE, sigmoid
from .compare import compare_configs
from .network import backward, compute_cost, depth, forward


def loss_over_weight(w=None, x=None, y=None):
    """A toy: the cost of a one-weight sigmoid unit a = σ(w·x), no bias, on four points,
    as w varies, under cross-entropy and squared error ½(a − y)².

    Cross-entropy is convex in w; squared error is not: it goes flat where the unit is
    confidently wrong (w far below 0 here), so gradient descent barely moves there.
    """
    w = np.linspace(-6, 6, 121) if w is None else np.asarray(w, dtype=float)
    x = np.array([1.0, 2.0, -1.0, 0.5]) if x is None else np.asarray(x, dtype=float)
    y = np.array([1.0, 1.0, 0.0, 0.0]) if y is None else np.asarray(y, dtype=float)
    a = sigmoid(np.outer(w, x))  # (len(w), examples)
    a = np.clip(a, 1e-15, 1 - 1e-15)
    ce = -np.mean(y * np.log(a) + (1 - y) * np.log(1 - a), axis=1)
    se = np.mean(0.5 * (a - y) ** 2, axis=1)
    return {"w": w, "cross_entropy": ce, "squared_error": se}


def full_cost(trainer):
    """The cost on the whole training set with the trainer's current parameters."""
    cache = forward(dict(trainer.params), trainer.X, list(trainer.activations))
    return compute_cost(cache[f"A{depth(trainer.params)}"], trainer.Y, cost=trainer.config.cost)


def compare_runs(config, field, values, iterations=300, should_stop=None):
    """Train one copy of the network per value of `field`; return {label: results}.

    Each result has "costs" (the cost of each iteration's batch, before its update),
    "full_costs" (the cost on the whole set after each update: the curve to compare
    batch sizes by), "learning_rate", "epochs" done, "accuracy", "diverged", "params".
    `should_stop()`, checked every iteration, ends the work early.
    """
    from .trainer import Trainer

    runs = {}
    for value, changed in compare_configs(config, field, values):
        if should_stop is not None and should_stop():
            break
        trainer = Trainer(changed)
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
        if changed.learning_rate != config.learning_rate:
            label += f" (α {changed.learning_rate:g})"
        runs[label] = {
            "costs": trainer.costs.copy(),
            "full_costs": full,
            "learning_rate": changed.learning_rate,
            # a pass is ceil(m / batch) updates: the last batch is the rest
            "epochs": trainer.iteration / -(-trainer.m // trainer.batch_size),
            "accuracy": trainer.accuracy(),
            "diverged": trainer.diverged,
            "params": dict(trainer.params),
        }
    return runs


def hidden_unit_spread(params, layer=1):
    """Largest difference between any two hidden units' incoming weights (0 = all identical)."""
    W = params[f"W{layer}"]
    return float(np.max(np.abs(W - W[:1]))) if W.shape[0] > 1 else 0.0


# --- what a derivative is: nudge the input, watch the output ----------------------------


def _log(a):
    return np.log(np.where(a > 0, a, np.nan))  # log of a ≤ 0 is not a number


NUDGE_FUNCTIONS = {  # name -> (f, f′), as lesson 03 writes them
    "3a": (lambda a: 3.0 * a, lambda a: np.float64(3.0)),
    "a²": (lambda a: a * a, lambda a: 2.0 * a),
    "log a": (_log, lambda a: 1.0 / np.where(a > 0, a, np.nan)),
}
NUDGE_SIZES = (1.0, 0.1, 0.01, 0.001)


def nudge(name, a, h=0.001):
    """f(a), f(a + h), Δf = f(a + h) − f(a), the slope Δf/Δa = Δf/h and f′(a), for one of
    NUDGE_FUNCTIONS. Outside f's domain (log of a ≤ 0) the values are NaN, never an error."""
    f, slope = NUDGE_FUNCTIONS[name]
    a, h = np.float64(a), np.float64(h)
    with np.errstate(all="ignore"):
        fa, fah = f(a), f(a + h)
        delta = fah - fa
        return {
            "a": float(a),
            "h": float(h),
            "f": float(fa),
            "f_nudged": float(fah),
            "delta": float(delta),
            "ratio": float(delta / h),
            "slope": float(slope(a)),
        }


def nudge_ratios(name, a, sizes=NUDGE_SIZES):
    """[(h, Δf/Δa)] for shrinking nudges h: the ratio settles to f′(a)."""
    return [(float(h), nudge(name, a, h)["ratio"]) for h in sizes]


# --- backprop one equation at a time ---------------------------------------------------


class Step(NamedTuple):
    name: str  # "dZ2"
    equation: str  # "dZ2 = A2 − Y"
    shapes: str  # how the operands' shapes give the result's: "(1×400)(400×4) → (1×4)"
    value: np.ndarray


def _shape(a):
    shape = np.shape(a)
    return f"({shape[0]},)" if len(shape) == 1 else "(" + "×".join(str(n) for n in shape) + ")"


def backward_steps(params, X, Y, activations, cost="cross_entropy"):
    """The backward pass as the list of its equations in the order they run (dZ2, dW2, db2,
    dA1, dZ1, dW1, db1 for two layers), each with its result from the model's own forward
    and backward at these parameters on the whole of X."""
    activations = list(activations)
    cache = forward(params, X, activations)
    grads = backward(params, cache, Y, activations, cost=cost)
    L = depth(params)
    steps = []
    for l in range(L, 0, -1):
        dZ, A_prev = grads[f"dZ{l}"], cache[f"A{l - 1}"]
        if l == L:
            rhs = f"(A{L} − Y) ∗ A{L}(1 − A{L})" if cost == "mse" else f"A{L} − Y"
            steps.append(Step(f"dZ{l}", f"dZ{l} = {rhs}", f"{_shape(cache[f'A{L}'])} − {_shape(Y)} → {_shape(dZ)}", dZ))
        else:
            slope = TABLE[activations[l - 1]].slope_text.format(l=l)
            steps.append(
                Step(
                    f"dZ{l}",
                    f"dZ{l} = dA{l} ∗ g′(Z{l}) = dA{l} ∗ {slope}",
                    f"{_shape(grads[f'dA{l}'])} ∗ {_shape(cache[f'Z{l}'])} → {_shape(dZ)}, element by element",
                    dZ,
                )
            )
        dW, db = grads[f"dW{l}"], grads[f"db{l}"]
        steps.append(
            Step(
                f"dW{l}",
                f"dW{l} = dZ{l} {'X' if l == 1 else f'A{l - 1}'}ᵀ / m",
                f"{_shape(dZ)}{_shape(A_prev.T)} → {_shape(dW)}, the shape of W{l}",
                dW,
            )
        )
        steps.append(
            Step(
                f"db{l}",
                f"db{l} = Σ dZ{l} / m   (sum over the m columns, keepdims)",
                f"{_shape(dZ)} → {_shape(db)}, the shape of b{l}",
                db,
            )
        )
        if l > 1:
            dA = grads[f"dA{l - 1}"]
            steps.append(
                Step(
                    f"dA{l - 1}",
                    f"dA{l - 1} = W{l}ᵀ dZ{l}",
                    f"{_shape(params[f'W{l}'].T)}{_shape(dZ)} → {_shape(dA)}, the shape of A{l - 1}",
                    dA,
                )
            )
    return steps


# --- vectorisation: a loop over the examples against one matrix product ------------------

TIMED_M = (10, 100, 1_000, 10_000, 100_000)
LOOP_BUDGET = 0.25  # seconds the loop may run for one m; beyond, it is sampled
MIN_SECONDS = 0.02  # a short run is repeated until it lasts this long
MIN_RUNS = 5  # the matrix pass is timed at least this often, after a warm-up


def _forward_loop(params, X, activations, start, stop, out):
    """The forward pass one example (column) at a time, as a Python loop: out[:, i] = a[L]."""
    net = [(params[f"W{l}"], params[f"b{l}"], TABLE[name].g) for l, name in enumerate(activations, start=1)]
    for i in range(start, stop):
        a = X[:, i : i + 1]
        for W, b, g in net:
            a = g(W @ a + b)
        out[:, i : i + 1] = a


def time_forward(params, activations, m, budget=LOOP_BUDGET, seed=0, should_stop=None, clock=time.perf_counter):
    """Time the forward pass on m random examples as one matrix product and as a loop.

    The matrix pass runs once untimed (a first call pays for its memory), then in timed
    batches until MIN_SECONDS and MIN_RUNS are reached; its time is the best batch's.
    The loop runs over the columns, in chunks, until it has done every one (and
    MIN_SECONDS have passed) or `budget` seconds are spent; if it stopped short, its
    time for all m is estimated from its time per example (`estimated`). `agree`: the two give the same numbers on the columns the loop did.
    `should_stop()` ends the loop early. Returns a dict."""
    activations = list(activations)
    L = depth(params)
    X = np.random.default_rng(seed).standard_normal((params["W1"].shape[1], m))
    with np.errstate(all="ignore"):
        A = forward(params, X, activations)[f"A{L}"]  # warm-up: a first call pays for memory
        best, spent, runs = float("inf"), 0.0, 0
        while spent < MIN_SECONDS or runs < MIN_RUNS:
            batch, begin = 0, clock()
            while batch == 0 or (clock() - begin < MIN_SECONDS / 10 and batch < 10_000):
                forward(params, X, activations)
                batch += 1
            took = clock() - begin
            best, spent, runs = min(best, took / batch), spent + took, runs + 1
            if runs >= 1_000_000:
                break
        matrix = best  # the best of several: a busy moment slows a run, never speeds it
        out = np.empty((params[f"W{L}"].shape[0], m))
        done, chunk, begin = 0, 64, clock()
        while not (should_stop is not None and should_stop()):
            start = done % m
            stop = min(start + chunk, m)
            _forward_loop(params, X, activations, start, stop, out)
            done += stop - start
            spent = clock() - begin
            if spent >= budget or (done >= m and spent >= MIN_SECONDS):
                break
        loop_per_example = (clock() - begin) / max(done, 1)
        shown = min(done, m)
        agree = bool(np.allclose(out[:, :shown], A[:, :shown], equal_nan=True)) if shown else False
    return {
        "m": m,
        "matrix_seconds": matrix,
        "loop_seconds": loop_per_example * m,
        "loop_examples": done,
        "estimated": done < m,
        "agree": agree,
    }


def broadcast_shapes(n, m):
    """[(expression, shapes in, shape out)] for the lesson's broadcasting cases, found by
    running them in NumPy on a hidden layer of n units and m examples."""
    WX, b, dZ = np.zeros((n, m)), np.zeros((n, 1)), np.ones((n, m))
    flat, col = np.sum(dZ, axis=1), np.sum(dZ, axis=1, keepdims=True)
    a, c = np.zeros(n), np.zeros((n, 1))
    return [
        ("W1·X + b1: b1 added to every column", f"{_shape(WX)} + {_shape(b)}", _shape(WX + b)),
        ("db1 = np.sum(dZ1, axis=1)", _shape(dZ), _shape(flat)),
        ("b1 − α·db1 with that flat db1: wrong", f"{_shape(b)} − {_shape(flat)}", _shape(b - 0.1 * flat)),
        ("db1 = np.sum(dZ1, axis=1, keepdims=True)", _shape(dZ), _shape(col)),
        ("b1 − α·db1 with keepdims: right", f"{_shape(b)} − {_shape(col)}", _shape(b - 0.1 * col)),
        ("a @ a.T, a of shape (n,)", f"{_shape(a)} @ {_shape(a.T)}", _shape(a @ a.T)),
        ("c @ c.T, c of shape (n, 1)", f"{_shape(c)} @ {_shape(c.T)}", _shape(c @ c.T)),
    ]
