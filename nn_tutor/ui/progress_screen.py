"""Your progress, in one screen: lessons done, exercises passed per lesson and, per quiz topic,
the predicted chance of recalling it now and in a week, as bar charts, then what to do next.

The facts come from nn_tutor.facts (the same as `nn-tutor progress --json`); this screen
only draws them.
"""

from __future__ import annotations

import re

from rich.text import Text
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Static

from nn_tutor.bars import BAR, bar_chart, series_of_rows
from nn_tutor.facts import duration, learner_facts, unestimated, what_next
from nn_tutor.ui.views.plots import CURVES

NO_QUIZ_YET = "Quiz recall: no quiz answered yet (k on a lesson asks its questions)."
NO_EXERCISES = "Exercises: none in this course."


def short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


class BarChart(Widget):
    """plotext's bars (nn_tutor.bars) at the widget's width, each series in its theme colour."""

    DEFAULT_CSS = "BarChart { height: auto; }"

    def __init__(self, title: str, labels: list[str], series: list[tuple[str, list[float]]], **kwargs):
        super().__init__(**kwargs)
        self.title, self.labels, self.series = title, labels, series
        self._drawn: tuple[int, str] | None = None

    def on_mount(self) -> None:
        self.watch(self.app, "theme", lambda _theme: self.refresh(), init=False)

    def chart(self, width: int) -> str:
        if self._drawn is None or self._drawn[0] != width:
            text = bar_chart(
                self.title,
                self.labels,
                [values for _, values in self.series],
                [name for name, _ in self.series],
                width=width,
            )
            self._drawn = (width, text)
        return self._drawn[1]

    def get_content_height(self, container, viewport, width: int) -> int:
        return len(self.chart(width).splitlines())

    def render(self) -> Text:
        colours = CURVES[self.app.current_theme.dark]
        text = self.chart(self.size.width)
        lines = text.splitlines()
        shown = Text()
        for k, (line, series) in enumerate(zip(lines, series_of_rows(text, len(self.series)))):
            row = Text(line)
            if series is not None:
                start = line.find(BAR)
                if start >= 0:
                    row.stylize(_style(colours[series]), start, line.rfind(BAR) + 1)
            else:  # the legend: each ▇▇▇ in its series' colour
                for n, match in enumerate(re.finditer(BAR + "+", line)):
                    row.stylize(_style(colours[n % len(colours)]), match.start(), match.end())
            shown.append_text(row)
            if k < len(lines) - 1:
                shown.append("\n")
        return shown


def _style(rgb: tuple[int, int, int]) -> str:
    return "rgb({},{},{})".format(*rgb)


class ProgressScreen(ModalScreen):
    """What the learner has done and what comes next; esc closes it."""

    DEFAULT_CSS = """
    ProgressScreen { align: center middle; }
    ProgressScreen > #progress-box { width: 100%; height: 100%; background: $surface; padding: 0 1; }
    ProgressScreen #progress-totals { margin-bottom: 1; }
    ProgressScreen #progress-charts { height: auto; }
    ProgressScreen #progress-charts > * { width: 1fr; margin-right: 2; }
    ProgressScreen #progress-charts.-stacked { layout: vertical; }
    ProgressScreen .progress-note { margin: 1 0; }
    ProgressScreen #progress-next { margin-top: 1; }
    """
    BINDINGS = [Binding("escape,o,q", "dismiss", "Close", key_display="esc")]

    def __init__(self, progress, lessons: list[tuple[str, str]], now=None, exercises=None):
        super().__init__()
        self.facts = learner_facts(progress, lessons, now=now, exercises=exercises)

    def compose(self):
        facts = self.facts
        lessons, exercises, quiz = facts["lessons"], facts["exercises"], facts["quiz"]
        with VerticalScroll(id="progress-box"):
            yield Static("Your progress", classes="box-title")
            yield Static(
                f"Lessons: {lessons['done']} of {lessons['total']} done.   "
                f"Exercises: {exercises['passed']} of {exercises['total']} passed.   "
                f"Time in the tutor: {duration(facts['seconds'])}.",
                id="progress-totals",
                markup=False,
            )
            with Horizontal(id="progress-charts"):
                yield from self._charts()
            unknown = [t for t in quiz["topics"] if t["recall_now"] is None]
            if unknown:
                yield Static(unestimated(unknown), classes="progress-note", markup=False)
            steps = "\n".join(f"• {step}" for step in what_next(facts))
            yield Static(f"What next\n{steps}", id="progress-next", markup=False)
            yield Static("esc: back", classes="box-hint")

    def _charts(self):
        exercises, topics = self.facts["exercises"]["by_lesson"], self.facts["quiz"]["topics"]
        if exercises:
            labels = [short(e["title"], 18) for e in exercises]
            passed = [100.0 * e["passed"] / e["total"] if e["total"] else 0.0 for e in exercises]
            yield BarChart("exercises passed, % of each lesson's", labels, [("passed", passed)], id="exercises-chart")
        else:
            yield Static(NO_EXERCISES, classes="progress-note", markup=False)
        recalled = [t for t in topics if t["recall_now"] is not None]
        if recalled:
            labels = [t["topic"] for t in recalled]
            now = [100.0 * t["recall_now"] for t in recalled]
            week = [100.0 * (t["recall_week"] or 0.0) for t in recalled]
            yield BarChart(
                "quiz: chance of recalling, %", labels, [("now", now), ("in a week", week)], id="recall-chart"
            )
        elif not topics:
            yield Static(NO_QUIZ_YET, classes="progress-note", markup=False)

    def on_mount(self) -> None:
        self._arrange()

    def on_resize(self) -> None:
        self._arrange()

    def _arrange(self) -> None:
        """Charts side by side when there is room (100 columns), else one under the other."""
        self.query_one("#progress-charts").set_class(self.app.size.width < 100, "-stacked")
