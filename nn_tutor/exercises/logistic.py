"""Checks of the first four exercises: sigmoid, compute_cost, propagate, backward_abc.

Each check calls the learner's function on several inputs, compares with the reference and
raises `Wrong` with the most specific explanation it finds; it returns a short note on success.
"""

from __future__ import annotations

import numpy as np

from . import reference as ref
from .compare import Wrong, as_number, close, compare, compare_gradient, numeric_slope


def check_sigmoid(fn, module) -> str:
    inputs = [np.random.RandomState(1).randn(3, 4) * 4, np.array([[-2.5]]), np.random.RandomState(2).randn(6) * 3, 0.5]
    for z in inputs:
        want = ref.sigmoid(z)
        got = fn(ref.copied(z))
        context = f"with z of shape {np.shape(z)}" if np.ndim(z) else "with the number z = 0.5"
        compare(
            "sigmoid(z)",
            got,
            want,
            context=context,
            variants=[
                (1.0 - want, "gives σ(−z) instead of σ(z): look at the sign in the exponent"),
                (np.tanh(z), "gives tanh(z), not the sigmoid"),
                (want * (1.0 - want), "gives the sigmoid's slope σ(z)(1 − σ(z)), not σ(z)"),
            ],
        )
    return "sigmoid: right for a number and arrays of 3 shapes"


def cost_variants(A: np.ndarray, Y: np.ndarray, want: float):
    """What compute_cost gives after the usual slips."""
    m = Y.shape[1]
    with np.errstate(all="ignore"):
        yes, no = (Y * np.log(A)).sum(), ((1 - Y) * np.log(1 - A)).sum()
        return [
            (-want, "is negative: the minus sign in front makes the cost positive"),
            (-yes / m, "leaves out the (1 − y)·log(1 − a) term: the examples with y = 0 count too"),
            (-no / m, "leaves out the y·log(a) term: the examples with y = 1 count too"),
            (want / np.log(10), "uses log base 10; the cross-entropy uses the natural log, np.log"),
            (((A - Y) ** 2).mean(), "is the squared error; this cost is the cross-entropy"),
            (((A - Y) ** 2).mean() / 2, "is the squared error; this cost is the cross-entropy"),
        ]


def _cost_number(what: str, got) -> float:
    value = as_number(what, got)
    if not np.isfinite(value):
        raise Wrong(
            f"{what} is {value}: a log of 0? The log is taken of the predictions A, "
            "never of the labels Y (A and Y swapped?)"
        )
    return value


def check_compute_cost(fn, module) -> str:
    for seed, m in ((1, 7), (2, 1), (3, 20)):
        rng = np.random.RandomState(seed)
        A, Y = ref.sigmoid(rng.randn(1, m) * 2), ref.labels(rng, m)
        want = ref.compute_cost(A, Y)
        got = _cost_number("compute_cost", fn(A.copy(), Y.copy()))
        compare(
            "compute_cost", got, want, number=True, m=m, context=f"with m = {m}", variants=cost_variants(A, Y, want)
        )
    return "compute_cost: right for m = 7, 1 and 20"


def _cost_is_right(got, want: float) -> bool:
    try:
        return close(as_number("cost", got), want)
    except Wrong:
        return False


def check_propagate(fn, module) -> str:
    for seed, (n_x, m) in enumerate(((3, 7), (4, 1), (2, 12), (1, 5)), start=1):
        rng = np.random.RandomState(seed)
        w, b, X, Y = rng.randn(n_x, 1) * 0.5, float(rng.randn() * 0.5), rng.randn(n_x, m), ref.labels(rng, m)
        A, dw, db, cost = ref.logistic(w, b, X, Y)
        result = fn(w.copy(), b, X.copy(), Y.copy())
        if not isinstance(result, (tuple, list)) or len(result) != 2:
            raise Wrong(f"propagate returns a {type(result).__name__}, expected the pair (grads, cost)")
        grads, got_cost = result
        if not isinstance(grads, dict) or not {"dw", "db"} <= set(grads):
            raise Wrong(
                'propagate: grads should be a dict with "dw" and "db", got '
                + (
                    f"the keys {sorted(map(str, grads))}"
                    if isinstance(grads, dict)
                    else f"a {type(grads).__name__} (is the pair the wrong way round? (grads, cost))"
                )
            )
        context = f"with X of shape {X.shape}"
        with np.errstate(all="ignore"):
            Z = w.T @ X + b
        linear = X @ (Z - Y).T / m
        if _cost_is_right(got_cost, cost):  # the forward pass squashes: only dZ skips the sigmoid
            unsquashed = ("uses dZ = Z − Y; the error is dZ = A − Y, with A = σ(Z), the prediction", "backpropagation")
        else:
            unsquashed = ("uses Z = wᵀX + b where A = σ(Z) belongs: apply the sigmoid first", "sigmoid-neuron")
        inputs = f"uses m = X.shape[0] = {n_x}, the number of inputs; m is the number of examples, X.shape[1] = {m}"
        compare_gradient(
            "propagate: dw",
            grads["dw"],
            dw,
            parameter="w",
            context=context,
            m=m,
            numeric=lambda: numeric_slope(lambda: ref.logistic(w, b, X, Y)[3], w),
            variants=[(linear, unsquashed), (dw * m / n_x, inputs)],
        )
        compare(
            "propagate: db",
            grads["db"],
            db,
            number=True,
            m=m,
            context=context,
            variants=[(float((Z - Y).sum() / m), unsquashed), (db * m / n_x, inputs)],
        )
        compare(
            "propagate: the cost",
            _cost_number("propagate: the cost", got_cost),
            cost,
            number=True,
            m=m,
            context=context,
            variants=cost_variants(A, Y, cost),
        )
    return "propagate: dw, db and cost right on 4 data sets, m = 1 too"


def _abc_slopes(a: float, b: float, c: float) -> np.ndarray:
    """∂J/∂a, ∂J/∂b, ∂J/∂c of J = 3(a + b·c), measured by nudging each input."""
    x = np.array([a, b, c], dtype=float)
    return numeric_slope(lambda: 3 * (x[0] + x[1] * x[2]), x, h=1e-4)


def check_backward_abc(fn, module) -> str:
    rng = np.random.RandomState(4)
    for a, b, c in [(5.0, 3.0, 2.0), *np.round(rng.randn(3, 3) * 3, 3).tolist()]:
        want = _abc_slopes(a, b, c)
        result = fn(a, b, c)
        if not isinstance(result, (tuple, list)) or len(result) != 3:
            raise Wrong(f"backward_abc returns a {type(result).__name__}, expected three numbers (dJ_da, dJ_db, dJ_dc)")
        context = f"with a, b, c = {a:g}, {b:g}, {c:g}"
        names = ("dJ_da", "dJ_db", "dJ_dc")
        swapped = {"dJ_db": 3 * b, "dJ_dc": 3 * c}
        for i, name in enumerate(names):
            variants = [
                (want[i] / 3, "is missing the factor 3: J = 3v, so every slope behind v is multiplied by ∂J/∂v = 3")
            ]
            if name in swapped:
                other = "c" if name == "dJ_db" else "b"
                variants.append(
                    (
                        swapped[name],
                        f"is off: the slope of b·c with respect to "
                        f"{'b' if other == 'c' else 'c'} is {other} "
                        "(b and c swapped?)",
                    )
                )
            compare(f"backward_abc: {name}", result[i], want[i], number=True, context=context, variants=variants)
    return "backward_abc: all three slopes right for 4 choices of a, b, c"
