"""Bar charts as text, drawn by plotext's simple bars: one row a bar, its value at its end.
The command line prints them; the progress screen colours them for its theme. No Textual."""

from __future__ import annotations

import contextlib
import io
import math
import re

ANSI = re.compile(r"\x1b\[[0-9;]*m")
BAR = "▇"
MIN_WIDTH = 30


def _clean(value) -> float:
    """A value plotext can draw: NaN and ±inf become 0, the rest is kept in 0..100."""
    value = float(value) if isinstance(value, (int, float)) else 0.0
    return min(max(value, 0.0), 100.0) if math.isfinite(value) else 0.0


def bar_chart(
    title: str, labels: list[str], series: list[list[float]], names: list[str] | None = None, width: int = 80
) -> str:
    """Horizontal bars in percent: one series (`names` unused) or several, one row each per
    label, a legend line under several. Plain text, no colours."""
    import plotext as plt

    series = [[_clean(v) for v in values] for values in series]
    width = max(int(width), MIN_WIDTH) - 2  # plotext's rows can come out a column or two wider
    out = io.StringIO()
    plt.clear_figure()
    try:
        with contextlib.redirect_stdout(out):
            if len(series) == 1:
                plt.simple_bar(labels, series[0], width=width, title=title)
            else:
                plt.simple_multiple_bar(labels, series, labels=names, width=width, title=title)
            plt.show()
    finally:
        plt.clear_figure()
    return ANSI.sub("", out.getvalue()).rstrip("\n")


def series_of_rows(text: str, count: int) -> list[int | None]:
    """For each line of a chart of `count` series: which series its bar belongs to (None for
    the title, blank lines and the legend)."""
    found, position = [], 0
    for k, line in enumerate(text.splitlines()):
        if k == 0 or not line.strip() or line.startswith("─"):
            found.append(None)
            position = 0
        else:
            found.append(position % count)
            position += 1
    return found
