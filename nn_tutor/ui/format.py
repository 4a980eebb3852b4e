"""Turning snapshot arrays into short, aligned text for the panel.

Pure functions of their arguments: the widgets stay thin and these are easy to test.
Reading a batch as mean / min / max is presentation, not training maths.
"""

from __future__ import annotations

import math

import numpy as np

WIDTH = 10         # characters per number, sign and a space included
LABEL = 16         # characters for a row label in unit tables
MAX_ROWS = 8       # rows of a matrix shown before "… n more"
MAX_COLS = 6


def num(x: float, width: int = WIDTH) -> str:
    """A number in a fixed width: 4 decimals when that reads well, else scientific."""
    x = float(x)
    if math.isnan(x):
        text = "nan"
    elif math.isinf(x):
        text = "inf" if x > 0 else "-inf"
    elif x == 0 or 1e-3 <= abs(x) < 1e4:
        text = f"{x:.4f}"
    else:
        text = f"{x:.2e}"
    return text.rjust(width)


def shape(a) -> str:
    return "(" + "×".join(str(n) for n in np.shape(a)) + ")"


def summary(a) -> tuple[float, float, float]:
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
    """Rows of a small matrix, cut to MAX_ROWS x MAX_COLS with a note of what is hidden."""
    a = np.atleast_2d(np.asarray(a, dtype=float))
    rows, cols = a.shape
    lines = []
    for r in range(min(rows, MAX_ROWS)):
        cells = "".join(num(v) for v in a[r, :MAX_COLS])
        more = f"  … {cols - MAX_COLS} more" if cols > MAX_COLS else ""
        lines.append(f"{indent}[{cells} ]{more}")
    if rows > MAX_ROWS:
        lines.append(f"{indent}… {rows - MAX_ROWS} more rows")
    return lines


def column_table(label: str, a, example: int, stats=None, m: int | None = None) -> list[str]:
    """One line per unit: the selected example's value, then mean/min/max over the batch.

    `a` holds the batch's first columns; `stats` is (mean, min, max) per unit over the whole
    batch of `m` columns (without it they are taken over `a`)."""
    a = np.atleast_2d(np.asarray(a, dtype=float))
    units, shown = a.shape
    i = example % shown if shown else 0
    rows = [summary(a[u]) for u in range(units)] if stats is None else list(zip(*stats))
    size = f"({units}×{shown if m is None else m})"
    lines = [f"{label} {size}".ljust(LABEL) + f"{'ex ' + str(i + 1):>{WIDTH}}"
             + f"{'mean':>{WIDTH}}{'min':>{WIDTH}}{'max':>{WIDTH}}"]
    for u in range(min(units, MAX_ROWS)):
        mean, lo, hi = rows[u]
        value = num(a[u, i]) if shown else "—".rjust(WIDTH)
        lines.append(f"  unit {u + 1}".ljust(LABEL) + value + num(mean) + num(lo) + num(hi))
    if units > MAX_ROWS:
        lines.append(f"  … {units - MAX_ROWS} more units")
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


def _extent(text: str) -> tuple[int, int]:
    lines = text.split("\n")
    return len(lines), max(len(line) for line in lines)


def percent(x: float | None) -> str:
    """A fraction as a percentage; "—" when there is none, "nan"/"inf" as they are."""
    if x is None:
        return "—"
    x = float(x)
    return f"{100 * x:.1f}%" if math.isfinite(x) else num(x).strip()


def fixed(x: float | None, digits: int = 4) -> str:
    """A number with `digits` decimals ("nan", "inf", "-inf" as they are; "—" for None)."""
    return "—" if x is None else f"{float(x):.{digits}f}"


def general(x: float | None, digits: int = 3) -> str:
    """A number with `digits` significant figures ("—" for None)."""
    return "—" if x is None else f"{float(x):.{digits}g}"


def batch_label(batch, batch_size: int) -> str:
    if batch == "full":
        return "full batch"
    if batch == "sgd" or batch_size == 1:
        return "SGD, 1 example"
    return f"mini-batch {batch_size}"
