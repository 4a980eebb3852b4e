"""Straight lines drawn in braille characters (2×4 dots a cell), for the network view.

Pure NumPy and no Textual: which cells a set of segments crosses, the dots each lights,
and which segment a cell's colour comes from (the strongest one crossing it).
"""

from __future__ import annotations

import numpy as np

# the dot of each (row, column) of a cell, as Unicode numbers the braille dots
DOTS = np.array([[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]])
BLANK = 0x2800


def braille(segments, strength, width: int, height: int, thick=None):
    """Rasterise `segments` (k, 4): x0, y0, x1, y1 in dots (2 across, 4 down a cell).

    Returns (dots, owner): dots (height, width) the braille bits of each cell, owner the
    index of the strongest segment (by `strength`) crossing it, −1 where none does.
    Segments marked in `thick` are drawn two dots wide. Non-finite ends are skipped."""
    seg = np.asarray(segments, dtype=float).reshape(-1, 4)
    strength = np.asarray(strength, dtype=float).reshape(-1)
    dots = np.zeros((height, width), dtype=np.int64)
    owner = np.full((height, width), -1, dtype=np.int64)
    keep = np.isfinite(seg).all(axis=1)
    if not keep.any() or width < 1 or height < 1:
        return dots, owner
    index = np.flatnonzero(keep)
    seg = seg[keep]
    span = np.maximum(np.abs(seg[:, 2] - seg[:, 0]), np.abs(seg[:, 3] - seg[:, 1]))
    n = int(min(span.max(), 4 * (width + height))) + 2
    t = np.linspace(0.0, 1.0, n)
    x = np.floor(seg[:, :1] + t * (seg[:, 2:3] - seg[:, :1])).astype(np.int64)
    y = np.floor(seg[:, 1:2] + t * (seg[:, 3:4] - seg[:, 1:2])).astype(np.int64)
    which = np.repeat(index, n).reshape(len(index), n)
    if thick is not None:
        wide = np.asarray(thick, dtype=bool)[index]
        x = np.concatenate([x, x[wide]])
        y = np.concatenate([y, y[wide] + 1])
        which = np.concatenate([which, which[wide]])
    x, y, which = x.ravel(), y.ravel(), which.ravel()
    inside = (x >= 0) & (x < 2 * width) & (y >= 0) & (y < 4 * height)
    x, y, which = x[inside], y[inside], which[inside]
    row, col = y // 4, x // 2
    np.bitwise_or.at(dots, (row, col), DOTS[y % 4, x % 2])
    # the strongest segment owns the cell: rank the segments, keep the highest rank per cell
    safe = np.nan_to_num(strength, nan=-np.inf)
    order = np.argsort(safe, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    best = np.full((height, width), -1, dtype=np.int64)
    np.maximum.at(best, (row, col), rank[which])
    owner[best >= 0] = order[best[best >= 0]]
    return dots, owner


def chars(dots) -> np.ndarray:
    """The braille character of each cell's dots (a blank cell is a space)."""
    codes = np.where(dots > 0, BLANK + dots, 0x20)
    return np.vectorize(chr, otypes=[str])(codes) if codes.size else np.empty(codes.shape, dtype=str)
