"""Pure helpers that prepare series for plotting; no Textual, no plotext."""

from __future__ import annotations

import math

import numpy as np

MAX_POINTS = 500


def downsample(values, max_points: int = MAX_POINTS) -> tuple[np.ndarray, np.ndarray]:
    """(x, y) with at most ``max_points`` points that keep the shape of ``values``.

    x counts from 1 (iteration numbers). Short series come back whole. Long ones are cut
    into max_points // 2 buckets and each bucket keeps its smallest and largest value, in
    the order they occur, so spikes survive and a redraw costs the same at 100 or
    100,000 points. Non-finite values (a diverged run) are left out.
    """
    y = np.asarray(values, dtype=float).ravel()
    finite = np.isfinite(y)
    x = None  # iteration numbers, made only where needed (a long run's history is long)
    if not finite.all():
        x, y = np.flatnonzero(finite) + 1.0, y[finite]
    n = len(y)
    if n <= max_points:
        return (np.arange(1, n + 1, dtype=float) if x is None else x), y
    buckets = max(1, max_points // 2)
    starts = np.linspace(0, n, buckets + 1).astype(np.intp)[:-1]
    ends = np.append(starts[1:], n) - 1
    lo = np.minimum.reduceat(y, starts)
    hi = np.maximum.reduceat(y, starts)
    falling = y[starts] >= y[ends]  # bucket going down: max first, then min
    first = np.where(falling, hi, lo)
    second = np.where(falling, lo, hi)
    xs = np.empty(2 * buckets)
    ys = np.empty(2 * buckets)
    xs[0::2], xs[1::2] = (starts + 1, ends + 1) if x is None else (x[starts], x[ends])
    ys[0::2], ys[1::2] = first, second
    return xs, ys


SPARK_LIMIT = 1e300  # beyond this, a sparkline's max − min would overflow


def spark_data(values, points: int = 200) -> list[float]:
    """A cost history as a sparkline draws it: finite, at most `points` values, each within
    ±SPARK_LIMIT so the line's extent stays a number."""
    return np.clip(downsample(values, points)[1], -SPARK_LIMIT, SPARK_LIMIT).tolist()


def spark_bars(data, width: int, levels: int = 8) -> list[int]:
    """The height, 0 to levels − 1, of each of `width` bars drawing `data` from its smallest
    value (0) to its largest: each bar stands for the largest of its share of the values, a
    value for several bars when there are fewer values than bars. Non-finite values are left
    out; no values, all bars 0. Plain Python: for a few hundred values it beats NumPy's calls."""
    y = [min(max(v, -SPARK_LIMIT), SPARK_LIMIT) for v in map(float, data) if math.isfinite(v)]
    n, width = len(y), max(width, 0)
    if not n:
        return [0] * width
    lo = min(y)
    extent = max(y) - lo
    bars = []
    for c in range(width):
        first = c * n // width
        top = max(y[first : max(first + 1, (c + 1) * n // width)])
        # the top bar for the largest value only (x / x is exactly 1)
        bars.append(int((top - lo) / extent * (levels - 1)) if extent > 0 else 0)
    return bars


def finite_points(xs, ys, reach: float) -> tuple[list[float], list[float]]:
    """The (x, y) pairs where neither is NaN, x clipped to ±reach (a marker at the edge
    of the plot stands for anything beyond it) and y to ±reach as well."""
    x = np.asarray(xs, dtype=float).ravel()
    y = np.asarray(ys, dtype=float).ravel()
    keep = ~(np.isnan(x) | np.isnan(y))
    return np.clip(x[keep], -reach, reach).tolist(), np.clip(y[keep], -reach, reach).tolist()


def whole_ticks(lo: float, hi: float, most: int) -> list[int]:
    """At most `most` whole-number ticks from lo to hi, a round step apart (1, 2, 5, 10, 20, …)."""
    if not (np.isfinite(lo) and np.isfinite(hi)):
        return []
    first, last = int(np.ceil(lo)), int(np.floor(hi))
    if last < first:
        return []
    step = 1
    while (last - first) // step + 1 > max(most, 1):
        for factor in (2, 2.5, 2):  # 1, 2, 5, 10, 20, 50, …
            step = int(step * factor)
            if (last - first) // step + 1 <= max(most, 1):
                break
    start = -(-first // step) * step  # the first multiple of step from `first`
    ticks = list(range(start, last + 1, step))
    return ticks or [first]
