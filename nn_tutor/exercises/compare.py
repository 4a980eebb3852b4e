"""Compare a learner's answer with the expected one and say, in a learner's words, what differs.

`Wrong` carries the message (and the lesson to reread when it is not the exercise's own).
The checks list the likely mistakes as variants: values a typical slip would give.
"""

from __future__ import annotations

import re

import numpy as np

# Sized to what the lessons teach: an epsilon of 1e-8 inside a log or a clip moves a cost by
# about 1e-6 of itself; a different order of sums (np.dot, einsum, loops) by far less.
RTOL, ATOL = 1e-5, 1e-8
FLOAT32 = (
    "is computed in float32, which keeps about 7 digits: work in float64, NumPy's default "
    "(no dtype=np.float32 or .astype(np.float32))"
)


class Wrong(Exception):
    """A check failed; `str()` is the message for the learner."""

    def __init__(self, message: str, lesson: str | None = None):
        # "keepdims?; seen with …" reads badly: a question ends its sentence
        super().__init__(message.replace("?; seen ", "? Seen "))
        self.lesson = lesson


def close(got, want, rtol: float = RTOL, atol: float = ATOL) -> bool:
    got, want = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
    return got.shape == want.shape and bool(np.allclose(got, want, rtol=rtol, atol=atol))


def low_precision(value, want) -> bool:
    """True for float32/float16 values, and for float64 ones near `want` but not equal that
    float32 holds exactly (float32 arithmetic turned back into Python floats)."""
    dtype = getattr(value, "dtype", None)
    if dtype is not None and dtype.kind == "f" and dtype.itemsize < 8:
        return True
    array = np.asarray(value, dtype=float)
    if not close(array, want) or close(array, want, rtol=1e-10, atol=1e-14):
        return False
    with np.errstate(all="ignore"):  # float16 holds simple numbers (4.5, 0.25) too: no evidence
        return (
            bool(np.all(np.isfinite(array)))
            and bool(np.all(array.astype(np.float32).astype(float) == array))
            and not bool(np.all(array.astype(np.float16).astype(float) == array))
        )


def digits(got: float, want: float) -> tuple[str, str]:
    """The two numbers with enough significant digits that they print differently."""
    for places in (6, 9, 12, 17):
        a, b = f"{got:.{places}g}", f"{want:.{places}g}"
        if a != b:
            return a, b
    return a, b


def fraction(ratio: float) -> str:
    """3.5 as "3.5 = 7/2"; a ratio that is no simple fraction as itself."""
    from fractions import Fraction

    simple = Fraction(ratio).limit_denominator(20)
    if simple.denominator > 1 and abs(float(simple) - ratio) < 1e-9 * abs(ratio):
        return f"{ratio:g} = {simple.numerator}/{simple.denominator}"
    return f"{ratio:.4g}"


def constant_factor(got: np.ndarray, want: np.ndarray) -> float | None:
    """The factor r when got = r·want at every entry (r ≠ 1), else None."""
    mask = np.abs(want) > 1e-12
    if got.shape != want.shape or not np.any(mask) or np.any(np.abs(got[~mask]) > 1e-12):
        return None
    ratios = got[mask] / want[mask]
    ratio = float(np.median(ratios))
    if not np.isfinite(ratio) or abs(ratio) < 1e-12 or abs(ratio - 1) < 1e-6:
        return None
    return ratio if np.allclose(ratios, ratio, rtol=1e-6) else None


def shape_text(shape) -> str:
    return str(tuple(int(n) for n in shape))


def as_array(what: str, value) -> np.ndarray:
    """The learner's value as a float array, or Wrong saying why it is not one."""
    if value is None:
        raise Wrong(f"{what} is None: is a `return` missing?")
    if isinstance(value, (dict, str, tuple, list, set)):
        raise Wrong(f"{what} is a {type(value).__name__}, expected a NumPy array")
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise Wrong(f"{what} is a {type(value).__name__}, expected a NumPy array") from None
    return array


def as_number(what: str, value) -> float:
    """The learner's value as a float; an array of one entry gets its own message."""
    if isinstance(value, np.ndarray) and value.ndim > 0:
        raise Wrong(
            f"{what} is an array of shape {shape_text(value.shape)}, expected a plain "
            "number: turn it into one with float(...)"
        )
    array = as_array(what, value)
    if array.ndim > 0:
        raise Wrong(f"{what} is a {type(value).__name__}, expected a number")
    return float(array)


def shape_problem(what: str, got: tuple, want: tuple, flat_hint: str = "keepdims?", m: int | None = None):
    """Why `got` is the wrong shape, or None when it is right."""
    if got == want:
        return None
    text = f"{what} has shape {shape_text(got)}, expected {shape_text(want)}"
    if got == () and want == (1, 1):
        return (
            f"{what} is a single number, expected an array of shape (1, 1): keep the sum an "
            "array with np.sum(..., axis=1, keepdims=True)"
        )
    if len(want) == 2 and got == want[::-1]:
        return f"{text}: transposed?"
    if len(want) == 2 and want[1] == 1 and got == (want[0],):
        return f"{text}: {flat_hint}"
    if len(want) == 2 and want[1] == 1 and m not in (None, 1) and got == (want[0], m):
        return f"{text}: sum over the m examples (axis=1)?"
    if len(want) == 2 and want[1] == 1 and m not in (None, 1) and got == (1, m):
        return f"{text}: summed over the wrong axis? The examples are the columns (axis=1)"
    return text


def _standard_variants(want: np.ndarray, m: int | None):
    yield -want, "has the opposite sign: check the signs (which is subtracted from which?)"
    if m not in (None, 1):
        yield want * m, "is m times too large: is the 1/m missing?"
        yield want / m, "is m times too small: divided by m twice?"
        yield -want * m, "has the opposite sign and is m times too large (1/m missing?)"
    if want.ndim == 2 and want.shape[0] == want.shape[1] and want.shape[0] > 1:
        yield want.T, "is transposed: check the order of the matrices and which one takes .T"


def _first_difference(got: np.ndarray, want: np.ndarray) -> str:
    diff = np.abs(got - want)
    where = np.unravel_index(int(np.nanargmax(np.where(np.isnan(diff), np.inf, diff))), diff.shape)
    index = f"[{', '.join(str(int(i)) for i in where)}]" if diff.ndim else ""
    shown, wanted = digits(float(got[where]), float(want[where]))
    return f"at{index} it is {shown}, expected {wanted}" if index else f"it is {shown}, expected {wanted}"


def compare(
    what: str,
    got,
    want,
    *,
    m: int | None = None,
    variants=(),
    context: str = "",
    flat_hint: str = "keepdims?",
    number: bool = False,
) -> None:
    """Raise Wrong with the most specific message that explains how `got` differs from `want`.

    `variants` are (value, explanation) pairs: what a known mistake gives; each explanation
    may name a lesson as (text, lesson id). `context` says which input it was ("for m = 1").
    """
    want = np.asarray(want, dtype=float)
    given = got
    got = np.asarray(as_number(what, got)) if number else as_array(what, got)
    suffix = f"; seen {context}" if context else ""
    problem = shape_problem(what, got.shape, want.shape, flat_hint, m)
    if problem:
        raise Wrong(problem + suffix)
    if low_precision(given, want):
        raise Wrong(f"{what} {FLOAT32}{suffix}")
    if close(got, want):
        return
    if not np.all(np.isfinite(got)) and np.all(np.isfinite(want)):
        kind = "nan" if np.any(np.isnan(got)) else "infinite"
        raise Wrong(f"{what} is {kind}{suffix}: a log of 0, a division by 0, or an overflow?")
    for value, explanation in (*variants, *_standard_variants(want, m)):
        text, lesson = explanation if isinstance(explanation, tuple) else (explanation, None)
        value = np.asarray(value, dtype=float)
        if value.shape == got.shape and not close(value, want) and close(got, value):
            raise Wrong(f"{what} {text}{suffix}", lesson)
    ratio = constant_factor(got, want)
    if ratio is not None:
        raise Wrong(
            f"{what} is {fraction(ratio)} times the right value at every entry: a wrong "
            f"constant factor (is m the number of examples?){suffix}"
        )
    raise Wrong(f"{what} is off: {_first_difference(got, want)}{suffix}")


def numeric_slope(f, x: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """∂f/∂x by central differences, one entry at a time (x is changed and restored)."""
    slope = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        keep = x[index]
        x[index] = keep + h
        up = f()
        x[index] = keep - h
        down = f()
        x[index] = keep
        slope[index] = (up - down) / (2 * h)
    return slope


def compare_gradient(what: str, got, want, numeric, parameter: str, **kwargs) -> None:
    """compare(), and when no known mistake explains it, the slope measured by nudging.

    `numeric` is a callable giving that slope; it is only called when needed.
    """
    try:
        compare(what, got, want, **kwargs)
    except Wrong as wrong:
        if " is off: " not in str(wrong):
            raise
        got, slope = np.asarray(got, dtype=float), np.asarray(numeric(), dtype=float)
        where = np.unravel_index(int(np.argmax(np.abs(got - slope))), got.shape)
        index = f"[{', '.join(str(int(i)) for i in where)}]" if got.ndim else ""
        context = f"; seen {kwargs['context']}" if kwargs.get("context") else ""
        shown, measured = digits(float(got[where]), float(slope[where]))
        raise Wrong(
            f"{what}{index} is {shown}, but nudging {parameter}{index} changes the "
            f"cost at a rate of {measured}{context}"
        ) from None


def headline(message: str) -> str:
    """A check's message without the inputs it was seen with, the lesson to reread, or a
    closing full stop: what a table row or a notice shows."""
    text = re.split(r"; seen |(?<=\?) Seen |; see | Reread ", message)[0]
    return text.rstrip(".")
