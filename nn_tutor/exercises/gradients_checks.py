"""Checks of the exercises in gradients.py: slopes, gradient descent, a shared node,
the gradient check and the squared error (lessons 3 to 9; mini_batches has batches_checks.py).

Each calls the learner's function on several inputs, compares with the formula and raises
`Wrong` with the most specific explanation it finds; it returns a short note on success.
"""

from __future__ import annotations

import numpy as np

from .calling import call, fn_arg, here, pair
from .compare import Wrong, as_number, compare, shape_text

SLOPE_CASES = (
    ("lambda a: a ** 2", 2.0, 0.001),
    ("lambda a: np.log(a)", 5.0, 0.01),
    ("lambda a: a ** 3 - 2 * a", -1.5, 0.5),
    ("lambda a: 3 * a", 4.0, 0.25),
    ("lambda a: a ** 2 + a", 0.0, 0.1),
)


def _case(text: str, a: float, h: float) -> str:
    return f"with f = {text.removeprefix('lambda a: ')}, a = {a:g}, h = {h:g}"


def check_slope(fn, module) -> str:
    for text, a, h in SLOPE_CASES:
        f = here(text)
        up, at, down = f(a + h), f(a), f(a - h)
        want = (up - at) / h
        got = fn(fn_arg(text, fn), a, h)
        variants = [
            (
                (up - down) / (2 * h),
                "used the centred difference (f(a + h) − f(a − h)) / 2h; "
                "this one nudges one way only: (f(a + h) − f(a)) / h",
            ),
            (up - at, "is Δf, not Δf/Δa: divide by h"),
            ((at - up) / h, "subtracts the wrong way round: Δf = f(a + h) − f(a)"),
            (up / h, "leaves out f(a): Δf = f(a + h) − f(a)"),
        ]
        if a != 0:
            variants.insert(
                0, ((up - at) / a, "divided by a instead of h: the nudge is h, so Δf/Δa = (f(a + h) − f(a)) / h")
            )
        compare("slope", got, want, number=True, context=_case(text, a, h), variants=variants)
    return "slope: right for 5 functions, a = 0 among them"


def check_centred_slope(fn, module) -> str:
    for text, a, h in SLOPE_CASES:
        f = here(text)
        up, at, down = f(a + h), f(a), f(a - h)
        want = (up - down) / (2 * h)
        got = fn(fn_arg(text, fn), a, h)
        compare(
            "centred_slope",
            got,
            want,
            number=True,
            context=_case(text, a, h),
            variants=[
                (
                    (up - at) / h,
                    "used the one-sided difference (f(a + h) − f(a)) / h: nudge both ways, (f(a + h) − f(a − h)) / 2h",
                ),
                ((up - down) / h, "is twice the slope: the two nudges are 2h apart, divide by 2h"),
                ((up - down) / 2 * h, "divides by 2 and then multiplies by h: write / (2 * h), with the brackets"),
                ((down - up) / (2 * h), "subtracts the wrong way round: f(a + h) − f(a − h)"),
                (up - down, "is Δf, not Δf/Δa: divide by 2h"),
            ],
        )
    return "centred_slope: right for 5 functions, a = 0 among them"


DESCEND_CASES = (
    ("lambda w: 2 * (w - 3)", 0.0, 0.1, 5),
    ("lambda w: 2 * (w - 3)", 1.0, 0.3, 1),
    ("lambda w: w - np.array([[1.0], [-2.0]])", np.array([[4.0], [0.5]]), 0.4, 3),
    ("lambda w: 4 * w ** 3", np.array([[0.5, -0.8, 1.0]]), 0.05, 7),
    ("lambda w: 2 * (w - 3)", 2.0, 0.1, 0),
)


def _descended(df, w, rate, steps, at_start=False, sign=-1.0):
    w0 = w
    for _ in range(steps):
        w = w + sign * rate * df(w0 if at_start else w)
    return w


def check_descend(fn, module) -> str:
    for text, w, rate, steps in DESCEND_CASES:
        df = here(text)
        want = _descended(df, w, rate, steps)
        got = call(fn, "descend", df=fn_arg(text, fn), w=w, learning_rate=rate, steps=steps)
        shape = f"w of shape {shape_text(np.shape(w))}" if np.ndim(w) else f"w = {w:g}"
        context = f"with df(w) = {text.removeprefix('lambda w: ')}, {shape}, α = {rate:g}, steps = {steps}"
        variants = [
            (
                _descended(df, w, rate, steps, sign=1.0),
                "climbs: each step is w := w − α·df(w), against the slope (a + where the − belongs?)",
            ),
            (_descended(df, w, 1.0, steps), "leaves out the learning rate: w := w − α·df(w)"),
            (
                _descended(df, w, rate, steps, at_start=True),
                "uses the slope at the starting w for every step: take df of the new w each time",
            ),
        ]
        if steps > 1:
            variants.insert(
                0, (_descended(df, w, rate, 1), f"took one step, not {steps}: repeat the update `steps` times")
            )
        for k in (steps - 1, steps + 1):
            if k >= 0:
                variants.append(
                    (_descended(df, w, rate, k), f"took {k} steps instead of {steps}: for _ in range(steps)")
                )
        if np.ndim(w) == 0 and isinstance(got, np.ndarray) and got.ndim > 0:
            raise Wrong(
                f"descend returns an array of shape {shape_text(got.shape)} for the number w = "
                f"{w:g}: give back a number when w is one"
            )
        compare("descend", got, want, context=context, variants=variants)
    return "descend: right for numbers and arrays, and for 0, 1 and many steps"


def check_backward_shared(fn, module) -> str:
    for a, b in ((3.0, 2.0), (-1.5, 0.5), (0.7, -4.0), (0.0, 2.5), (2.0, 3.0)):
        da, db = pair("backward_shared", fn(a, b), "dJ_da", "dJ_db")
        context = f"with a = {a:g}, b = {b:g}"
        if not np.isclose(b + 2 * a, a) and np.allclose(
            [as_number("backward_shared: dJ_da", da), as_number("backward_shared: dJ_db", db)], [a, b + 2 * a]
        ):
            raise Wrong(f"backward_shared returns the pair the wrong way round: (dJ_da, dJ_db); seen {context}")
        compare(
            "backward_shared: dJ_da",
            da,
            b + 2 * a,
            number=True,
            context=context,
            variants=[
                (
                    b,
                    "counts only the path through u = a·b: a reaches J through v = a² too, so add its "
                    "share 2a (gradients add where paths meet)",
                ),
                (2 * a, "counts only the path through v = a²: a reaches J through u = a·b too, so add its share b"),
                (b + a, "takes the slope of a² as a; it is 2a"),
                (2 * a * b, "multiplies the two paths' shares; where paths meet they add: b + 2a"),
            ],
        )
        compare(
            "backward_shared: dJ_db",
            db,
            a,
            number=True,
            context=context,
            variants=[
                (b, "is b; the slope of u = a·b with respect to b is a"),
                (b + 2 * a, "is dJ_da's value: b reaches J by one path only, through u = a·b"),
            ],
        )
    return "backward_shared: both slopes right for 5 choices of a and b"


GRADCHECK_CASES = (
    ("lambda t: np.sum(t ** 3) + t[0] * t[-1]", (0.5, -1.2, 2.0, 0.3, -0.7), 0.1, 0.05),
    ("lambda t: np.sum(np.sin(t)) * 2", (1.3,), 0.01, 0.0),
    ("lambda t: np.sum(t ** 2)", (1.0, -2.0, 0.5, 3.0), 1e-4, 0.0),
    ("lambda t: t[0] ** 2 * t[1] + np.exp(t[2])", (0.4, 1.5, -0.3), 1e-3, 0.3),
)


def _approx(f, theta, eps, kind="centred"):
    out = np.zeros(len(theta))
    for i in range(len(theta)):
        e = np.zeros(len(theta))
        e[i] = eps
        if kind == "centred":
            out[i] = (f(theta + e) - f(theta - e)) / (2 * eps)
        elif kind == "one-sided":
            out[i] = (f(theta + e) - f(theta)) / eps
        else:  # every entry nudged at once
            out[i] = (f(theta + eps) - f(theta - eps)) / (2 * eps)
    return out


def _relative(grad, approx, top=None, bottom=None):
    top = np.linalg.norm(grad - approx) if top is None else top
    bottom = np.linalg.norm(grad) + np.linalg.norm(approx) if bottom is None else bottom
    return float(top / bottom)


def check_gradient_check(fn, module) -> str:
    for text, values, eps, off in GRADCHECK_CASES:
        f, theta = here(text), np.array(values, dtype=float)
        exact = _approx(f, theta, 1e-5)
        grad = exact + off * np.cos(np.arange(len(theta)) + 1.0)  # off = 0: the right gradient
        approx = _approx(f, theta, eps)
        want = _relative(grad, approx)
        got = call(fn, "gradient_check", f=fn_arg(text, fn), theta=theta, grad=grad, epsilon=eps)
        context = (
            f"with f(θ) = {text.removeprefix('lambda t: ').replace('t', 'θ')}, θ of length {len(theta)}, ε = {eps:g}"
        )
        gap = np.linalg.norm(grad - approx)
        compare(
            "gradient_check",
            got,
            want,
            number=True,
            context=context,
            variants=[
                (
                    _relative(grad, _approx(f, theta, eps, "one-sided")),
                    "used the one-sided difference (f(θ + ε·eᵢ) − f(θ)) / ε: nudge both ways, "
                    "(f(θ + ε·eᵢ) − f(θ − ε·eᵢ)) / 2ε",
                ),
                (_relative(grad, 2 * approx), "divides by ε; the two nudges are 2ε apart: divide by 2ε"),
                (
                    _relative(grad, _approx(f, theta, eps, "all")),
                    "nudges every entry of θ at once; nudge one entry i at a time, θ ± ε·eᵢ",
                ),
                (gap, "is the distance ‖grad − approx‖ alone: divide it by ‖grad‖ + ‖approx‖ to make it relative"),
                (
                    _relative(grad, approx, bottom=np.linalg.norm(grad + approx)),
                    "divides by ‖grad + approx‖; the denominator is ‖grad‖ + ‖approx‖, the sum of the two lengths",
                ),
                (
                    _relative(grad, approx, bottom=np.linalg.norm(grad)),
                    "divides by ‖grad‖ alone; the denominator is ‖grad‖ + ‖approx‖",
                ),
                (
                    _relative(grad, approx, gap**2, np.sum(grad**2) + np.sum(approx**2)),
                    "uses squared lengths: ‖v‖ is the square root of the sum of squares, np.linalg.norm(v)",
                ),
            ],
        )
    return "gradient_check: right for 4 functions, θ of length 1 and 5 among them"


def check_mse_cost(fn, module) -> str:
    from .reference import labels, sigmoid

    for seed, m in ((1, 7), (2, 1), (3, 12)):
        rng = np.random.RandomState(seed)
        A, Y = sigmoid(rng.randn(1, m) * 2), labels(rng, m)
        want = float(np.sum((A - Y) ** 2) / (2 * m))
        got = fn(A.copy(), Y.copy())
        compare(
            "mse_cost",
            got,
            want,
            number=True,
            m=m,
            context=f"with m = {m}",
            variants=[
                (2 * want, "is twice the cost: the ½ of ½(a − y)² is missing"),
                (float(np.sum(np.abs(A - Y)) / (2 * m)), "takes |a − y|; the loss squares it: ½(a − y)²"),
                (float(np.sum(A - Y) / (2 * m)), "does not square a − y: ½(a − y)²"),
                (
                    float(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m),
                    "is the cross-entropy; this cost is the squared error ½(a − y)²",
                ),
                (float(np.sqrt(np.mean((A - Y) ** 2))), "takes a square root; the cost is the mean of ½(a − y)²"),
            ],
        )
    return "mse_cost: right for m = 7, 1 and 12"


def check_mse_dz(fn, module) -> str:
    from .reference import labels, sigmoid

    for seed, m in ((4, 5), (5, 1), (6, 9)):
        rng = np.random.RandomState(seed)
        A, Y = sigmoid(rng.randn(1, m) * 2), labels(rng, m)
        want = (A - Y) * A * (1 - A)
        s = sigmoid(A)
        got = fn(A.copy(), Y.copy())
        compare(
            "mse_dz",
            got,
            want,
            m=m,
            context=f"with m = {m}",
            flat_hint="keep it (1, m)",
            variants=[
                (
                    A - Y,
                    "is A − Y, the dZ of cross-entropy; under squared error it is multiplied by the "
                    "sigmoid's slope: (A − Y)·A(1 − A)",
                ),
                ((A - Y) * (1 - A), "is missing the factor A: the sigmoid's slope is A(1 − A)"),
                ((A - Y) * A, "is missing the factor (1 − A): the sigmoid's slope is A(1 − A)"),
                ((A - Y) * s * (1 - s), "applies the sigmoid to A again: A is σ(Z) already, so the slope is A(1 − A)"),
                (want / m, "is m times too small: dZ is per example; the 1/m comes in dW and db"),
                ((A - Y) * (1 - A**2), "uses tanh's slope 1 − A²; the output is a sigmoid: A(1 − A)"),
            ],
        )
    return "mse_dz: right for m = 5, 1 and 9"
