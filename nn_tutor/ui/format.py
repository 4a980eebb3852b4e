"""Turning snapshot arrays into short, aligned text for the panel.

Pure functions of their arguments: the widgets stay thin and these are easy to test.
Reading a batch as mean / min / max is presentation, not training maths.
"""

from __future__ import annotations

import math

import numpy as np

WIDTH = 10  # characters per number, sign and a space included
LABEL = 16  # characters for a row label in unit tables
MAX_ROWS = 8  # rows of a matrix shown before "… n more"
MAX_COLS = 5  # columns of a matrix shown: a row of them fits a 60-column panel
DIGITS = 4  # significant figures of every number the panel shows
ROUNDING = 1e-12  # a result this small beside its inputs is rounding error


def num(x: float, width: int = WIDTH, scale: float | None = None) -> str:
    """A number right-aligned in `width` characters (one kept for a space): see `number`."""
    return number(x, fit=max(width - 1, 1), scale=scale).rjust(width)


def number(x: float | None, digits: int = DIGITS, fit: int | None = None, scale: float | None = None) -> str:
    """The panel's one number format: `digits` significant figures, as many as fit in `fit`
    characters. Plain decimals from 0.001 to 9999, else scientific (1.234e-5). Zero is "0"
    (never "-0.0000"); nan, inf and -inf are words; None is "—".

    `scale` is the size of the numbers x was computed from: an x below ROUNDING of it is
    floating-point rounding (0.5 − 0.6 + 0.1 = 2.8e-17), and shows as 0.
    """
    if x is None:
        return "—"
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    if x == 0 or (scale is not None and abs(x) <= ROUNDING * abs(scale)):
        return "0"
    for d in range(digits, 0, -1):
        text = _significant(x, d)
        if fit is None or len(text) <= fit:
            return text
    short = f"{x:.0e}".replace("e+0", "e").replace("e-0", "e-").replace("e+", "e")  # 1e-3
    return short if len(short) < len(text) else text


def _significant(x: float, digits: int) -> str:
    mantissa, exponent = f"{x:.{digits - 1}e}".split("e")
    power = int(exponent)  # after rounding: 9.9996 is 1.000e+01
    if -3 <= power < 4:
        return f"{x:.{max(digits - 1 - power, 0)}f}"
    return f"{mantissa}e{power}"


def shape(a) -> str:
    return "(" + "×".join(str(n) for n in np.shape(a)) + ")"


def mean_min_max(a) -> tuple[float, float, float]:
    """(mean, min, max) of an array, ignoring nothing: a NaN shows up as NaN."""
    a = np.asarray(a, dtype=float)
    if a.size == 0:
        return (math.nan, math.nan, math.nan)
    with np.errstate(all="ignore"):
        return float(a.mean()), float(a.min()), float(a.max())


def norm(a) -> float:
    """The Frobenius norm ‖a‖, as the panel labels it."""
    with np.errstate(all="ignore"):
        return float(np.linalg.norm(np.asarray(a, dtype=float)))


def matrix(a, indent: str = "  ") -> list[str]:
    """A small matrix in brackets, cut to MAX_ROWS x MAX_COLS with a note of what is hidden.
    An (n, 1) array stands as a column, its shape beside it."""
    a = np.atleast_2d(np.asarray(a, dtype=float))
    rows, cols = a.shape
    shown = min(rows, MAX_ROWS)
    lines = []
    for r in range(shown):
        left, right = ("[", "]") if rows == 1 else ("⎡", "⎤") if r == 0 else ("⎣", "⎦") if r == rows - 1 else ("⎢", "⎥")
        cells = "".join(num(v) for v in a[r, :MAX_COLS])
        beside = f"  {shape(a)}, a column" if cols == 1 and rows > 1 and r == 0 else ""
        lines.append(f"{indent}{left}{cells} {right}{beside}")
    if rows > shown:
        lines.append(f"{indent}⎣ … {rows - shown} more rows")
    if cols > MAX_COLS:
        lines.append(f"{indent}  … {cols - MAX_COLS} more columns")
    return lines


def column_table(
    label: str, a, example: int, stats=None, m: int | None = None, names: list[str] | None = None
) -> list[str]:
    """One line per unit: the selected example's value, then mean/min/max over the batch.

    `a` holds the batch's first columns; `stats` is (mean, min, max) per unit over the whole
    batch of `m` columns (without it they are taken over `a`). `names` labels the rows
    (default "unit 1", "unit 2", …)."""
    a = np.atleast_2d(np.asarray(a, dtype=float))
    units, shown = a.shape
    i = example % shown if shown else 0
    rows = [mean_min_max(a[u]) for u in range(units)] if stats is None else list(zip(*stats))
    size = f"({units}×{shown if m is None else m})"
    lines = [
        f"{label} {size}".ljust(LABEL)
        + f"{'ex ' + str(i + 1):>{WIDTH}}"
        + f"{'mean':>{WIDTH}}{'min':>{WIDTH}}{'max':>{WIDTH}}"
    ]
    for u in range(min(units, MAX_ROWS)):
        mean, lo, hi = rows[u]
        value = num(a[u, i]) if shown else "—".rjust(WIDTH)
        name = names[u] if names is not None and u < len(names) else f"unit {u + 1}"
        lines.append(f"  {name}".ljust(LABEL) + value + num(mean) + num(lo) + num(hi))
    if units > MAX_ROWS:
        lines.append(f"  … {units - MAX_ROWS} more {'rows' if names else 'units'}")
    return lines


def set_text(static, text: str, fixed: bool = False) -> None:
    """Update a Static, asking for a new layout only when the text's extent changes.

    A layout pass costs far more than a repaint, and most updates keep the shape;
    ``fixed`` says the widget's size is set in CSS, so it never needs one.
    """
    old = getattr(static, "_nn_text", None)
    if text == old:
        return
    static._nn_text = text
    static.update(text, layout=not fixed and (old is None or _extent(text) != _extent(old)))


def set_wrapped(static, text: str) -> None:
    """Update a Static whose width its container sets and whose height is auto: a new layout
    only when the text wraps to a different number of lines (its length alone changes nothing)."""
    old = getattr(static, "_nn_text", None)
    if text == old:
        return
    static._nn_text = text
    size = static.content_size
    if old is None or not size.width:  # not laid out yet
        static.update(text)
        return
    before = static.get_content_height(size, size, size.width)  # of the text shown (cached)
    static.update(text, layout=False)
    if static.get_content_height(size, size, size.width) != before:
        static.refresh(layout=True)


def _extent(text: str) -> tuple[int, int]:
    lines = text.split("\n")
    return len(lines), max(len(line) for line in lines)


def percent(x: float | None) -> str:
    """A fraction as a percentage to 0.1 (more decimals rather than 100% for 0.99996, or
    0% for 0.00004); "—" when there is none, "nan"/"inf" as they are."""
    if x is None:
        return "—"
    x = float(x)
    if not math.isfinite(x):
        return number(x)
    for decimals in range(1, 5):
        text = f"{100 * x:.{decimals}f}"
        if (float(text) != 100 or x == 1) and (float(text) != 0 or x == 0):
            break
    return text + "%"


def fixed(x: float | None, digits: int = 4) -> str:
    """A number with `digits` decimals, where the decimals are the point (a ratio settling on
    a slope); "nan", "inf", "-inf" as they are, "—" for None. Other numbers use `number`."""
    return "—" if x is None else f"{float(x):.{digits}f}"


def general(x: float | None, digits: int = 3) -> str:
    """A value as it was set (a nudge h, a point a): `digits` significant figures, trailing
    zeros dropped. Computed numbers use `number`."""
    return "—" if x is None else f"{float(x):.{digits}g}"
