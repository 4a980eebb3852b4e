"""Compare a learner's answer with the expected one and say, in a learner's words, what differs.

`Wrong` carries the message (and the lesson to reread when it is not the exercise's own).
The checks list the likely mistakes as variants: values a typical slip would give.
"""

from __future__ import annotations

import numpy as np

RTOL, ATOL = 1e-7, 1e-9


class Wrong(Exception):
    """A check failed; `str()` is the message for the learner."""

    def __init__(self, message: str, lesson: str | None = None):
        super().__init__(message)
        self.lesson = lesson


def close(got, want) -> bool:
    got, want = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
    return got.shape == want.shape and bool(np.allclose(got, want, rtol=RTOL, atol=ATOL))


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
        raise Wrong(f"{what} is an array of shape {shape_text(value.shape)}, expected a plain "
                    "number: turn it into one with float(...)")
    array = as_array(what, value)
    if array.ndim > 0:
        raise Wrong(f"{what} is a {type(value).__name__}, expected a number")
    return float(array)


def shape_problem(what: str, got: tuple, want: tuple, flat_hint: str = "keepdims?", m: int | None = None):
    """Why `got` is the wrong shape, or None when it is right."""
    if got == want:
        return None
    text = f"{what} has shape {shape_text(got)}, expected {shape_text(want)}"
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
    return f"at{index} it is {got[where]:.6g}, expected {want[where]:.6g}" if index \
        else f"it is {float(got):.6g}, expected {float(want):.6g}"


def compare(what: str, got, want, *, m: int | None = None, variants=(), context: str = "",
            flat_hint: str = "keepdims?", number: bool = False) -> None:
    """Raise Wrong with the most specific message that explains how `got` differs from `want`.

    `variants` are (value, explanation) pairs: what a known mistake gives; each explanation
    may name a lesson as (text, lesson id). `context` says which input it was ("for m = 1").
    """
    want = np.asarray(want, dtype=float)
    got = np.asarray(as_number(what, got)) if number else as_array(what, got)
    suffix = f"; seen {context}" if context else ""
    problem = shape_problem(what, got.shape, want.shape, flat_hint, m)
    if problem:
        raise Wrong(problem + suffix)
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
        raise Wrong(f"{what}{index} is {got[where]:.6g}, but nudging {parameter}{index} changes the "
                    f"cost at a rate of {slope[where]:.6g}{context}") from None
