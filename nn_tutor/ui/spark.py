"""The cost sparkline under the status line: what it draws, then one row of bars, low bars faint,
high bars bright."""

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
    """One row: `label` (what it draws), then `data` (finite numbers, see plotting.spark_data)
    as bars to the right edge, a bar's colour going from `spark--low` to `spark--high` with its
    height. Drawn line by line (Textual's line API), equal bars next to each other in one
    segment: a redraw costs a few segments, not a styled text to lay out."""

    COMPONENT_CLASSES = {"spark--label", "spark--low", "spark--high"}
    DEFAULT_CSS = """
    CostSpark { height: 1; }
    CostSpark > .spark--label { color: $text-muted; }
    CostSpark > .spark--low { color: $primary 30%; }
    CostSpark > .spark--high { color: $primary; }
    """

    label: reactive[str] = reactive("")
    data: reactive[list[float]] = reactive(list, always_update=True)
    _styles: tuple = ()  # the label's style, then one for each bar height (made on first draw)

    def __init__(self, label: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self.set_reactive(CostSpark.label, label)

    def render_line(self, y: int) -> Strip:
        label_style, *bar_styles = self._styles or self._make_styles()
        width = self.size.width
        bars = spark_bars(self.data, max(width - len(self.label), 0), len(BARS))
        segments = [Segment(self.label, label_style)]
        segments += [Segment(BARS[height] * len(list(run)), bar_styles[height]) for height, run in groupby(bars)]
        return Strip(segments).crop_extend(0, width, label_style)

    def _make_styles(self) -> tuple:
        _, base = self.background_colors
        low = base + self.get_component_styles("spark--low").color
        high = base + self.get_component_styles("spark--high").color
        top = len(BARS) - 1
        bars = (Style(color=low.blend(high, h / top).rich_color, bgcolor=base.rich_color) for h in range(len(BARS)))
        self._styles = (self.get_component_rich_style("spark--label"), *bars)
        return self._styles

    def notify_style_update(self) -> None:
        self._styles = ()  # the theme or the CSS changed: the colours with it
        super().notify_style_update()
