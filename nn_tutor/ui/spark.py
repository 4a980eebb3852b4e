"""The cost sparkline beside the status line: one row of bars, low bars faint, high bars bright."""

from __future__ import annotations

from itertools import groupby

from rich.segment import Segment
from rich.style import Style
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from nn_tutor.ui.plotting import spark_bars

BARS = "▁▂▃▄▅▆▇█"


class CostSpark(Widget):
    """Draws `data` (finite numbers, see plotting.spark_data) as one row of bars as wide as the
    widget. A bar's colour goes from `spark--low` to `spark--high` with its height. Drawn line by
    line (Textual's line API), equal bars next to each other in one segment: a redraw costs a
    few segments, not a styled text to lay out."""

    COMPONENT_CLASSES = {"spark--low", "spark--high"}
    DEFAULT_CSS = """
    CostSpark { height: 1; }
    CostSpark > .spark--low { color: $primary 30%; }
    CostSpark > .spark--high { color: $primary; }
    """

    data: reactive[list[float]] = reactive(list, always_update=True)

    _styles: tuple = ()  # a style for each bar height (made on first draw after a style change)

    def render_line(self, y: int) -> Strip:
        styles = self._styles or self._bar_styles()
        segments = [
            Segment(BARS[height] * len(list(run)), styles[height])
            for height, run in groupby(spark_bars(self.data, self.size.width, len(BARS)))
        ]
        return Strip(segments, self.size.width)

    def _bar_styles(self) -> tuple:
        _, base = self.background_colors
        low = base + self.get_component_styles("spark--low").color
        high = base + self.get_component_styles("spark--high").color
        top = len(BARS) - 1
        self._styles = tuple(
            Style(color=low.blend(high, h / top).rich_color, bgcolor=base.rich_color) for h in range(len(BARS))
        )
        return self._styles

    def notify_style_update(self) -> None:
        self._styles = ()  # the theme or the CSS changed: the colours with it
        super().notify_style_update()
