"""Small screens around the lessons: help, table of contents, and the no-lessons message."""

from __future__ import annotations

import os

from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from nn_tutor.ui.footer import KeyFooter


def key_table(bindings) -> Table:
    """One row per binding: the key as shown in the footer, then what it does (wrapped
    under itself, never under the keys)."""
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True)
    table.add_column(overflow="fold")
    for b in bindings:
        table.add_row(Text(b.key_display or b.key.split(",")[0]), Text(b.tooltip or b.description))
    return table


class HelpScreen(ModalScreen):
    """Every key, with a sentence on what it does. Built from the bindings themselves."""

    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close", key_display="esc")]

    def __init__(self, sections: list[tuple[str, list]], notes: str = ""):
        super().__init__()
        self.sections, self.notes = sections, notes

    def compose(self):
        with VerticalScroll(id="help-box"):
            yield Static("Keys", classes="box-title")
            for title, bindings in self.sections:
                yield Static(title, classes="help-section")
                yield Static(key_table(bindings), classes="help-keys")
            if self.notes:
                yield Static(self.notes, classes="help-notes", markup=False)
            yield Static("Press esc or ? to close; ↑ ↓ scroll this list.", classes="box-hint")


class TocScreen(ModalScreen[int]):
    """The lessons in order; enter opens one. ✓ marks lessons done, ▶ the current one."""

    BINDINGS = [Binding("escape,t", "dismiss", "Close", key_display="esc")]

    def __init__(self, lessons, current: int, completed: set[str], exercises: dict[str, tuple[int, int]] | None = None):
        """`exercises`: lesson id -> (exercises passed, exercises) for the lessons that have some."""
        super().__init__()
        self.lessons, self.current, self.completed = lessons, current, completed
        self.exercises = exercises or {}

    def compose(self):
        options = []
        for i, lesson in enumerate(self.lessons):
            mark = "▶" if i == self.current else ("✓" if lesson.id in self.completed else " ")
            text = f"{mark} {i + 1:>2}. {lesson.title}"
            if lesson.id in self.exercises:
                passed, total = self.exercises[lesson.id]
                text = f"{text:<58} {passed}/{total}"
            options.append(Option(Content(text), id=str(i)))
        with Vertical(id="toc-box"):
            counted = any(lesson.id in self.exercises for lesson in self.lessons)
            yield Static(
                "Lessons" + ("   (on the right: its exercises passed)" if counted else ""), classes="box-title"
            )
            yield OptionList(*options, id="toc")
            yield Static("enter: open   esc: close", classes="box-hint")

    def on_mount(self) -> None:
        toc = self.query_one(OptionList)
        toc.highlighted = self.current
        toc.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id))


class MessageScreen(Screen):
    """Shown instead of a lesson when there is nothing to show, with what to do about it."""

    def __init__(self, message: str):
        super().__init__()
        self.message = message

    def compose(self):
        yield Static("nn-tutor", classes="title-bar", markup=False)
        with VerticalScroll(id="message-box"):
            yield Static(self.message, id="message", markup=False)
        yield KeyFooter()


# the keys help lists under "Moving around" (Textual's own: tab, arrows)
MOVING_KEYS = [
    Binding(
        "tab",
        "",
        "",
        tooltip="Move the keyboard to the next part: the lesson text, the view "
        "tabs, the view. A bar on its left marks the part that has it.",
    ),
    Binding(
        "up,down",
        "",
        "",
        key_display="↑ ↓",
        tooltip="Scroll the part that has the keyboard (pgup/pgdn a page, home/end).",
    ),
    Binding("left,right", "", "", key_display="← →", tooltip="With the view tabs marked: the other views."),
]
DONE = (
    "A lesson counts as done (✓ in the lessons list, t) once you have run its network "
    "(space, . or r) or answered a question of its quiz (k), however you leave it (n, t or q). "
    "A lesson only read stays to do."
)


def save_screenshot(app) -> None:
    """Save an SVG of the screen in $NN_TUTOR_SCREENSHOT_DIR, or the current folder, under a
    name no earlier screenshot has (nn-tutor-LESSON.svg, then nn-tutor-LESSON-2.svg, …)."""
    folder = os.environ.get("NN_TUTOR_SCREENSHOT_DIR") or os.getcwd()
    name = getattr(app.screen, "name", None) or "nn-tutor"
    filename = f"nn-tutor-{name}.svg"
    if app.is_web:
        app.deliver_screenshot(filename=filename)
        return
    try:
        number = 1
        while os.path.lexists(os.path.join(folder, filename)):
            number += 1
            filename = f"nn-tutor-{name}-{number}.svg"
        path = app.save_screenshot(filename=filename, path=folder)
    except OSError as err:
        app.notify(f"Could not save the screenshot: {err}", severity="error", markup=False)
        return
    app.notify(f"Screenshot saved: {path}", markup=False)


def size_classes(screen: Screen) -> dict[str, bool]:
    """The breakpoint classes Textual gives a screen of the app's size on its first resize
    ({"-wide": True, "-narrow": False, ...})."""
    app, shown = screen.app, {}
    for own, default, size in (
        (screen.HORIZONTAL_BREAKPOINTS, app.HORIZONTAL_BREAKPOINTS, app.size.width),
        (screen.VERTICAL_BREAKPOINTS, app.VERTICAL_BREAKPOINTS, app.size.height),
    ):
        breakpoints = (default if own is None else own) or []
        reached = [(at, name) for at, name in breakpoints if size >= at]
        shown |= {name: False for _, name in breakpoints}
        if reached:
            shown[max(reached)[1]] = True
    return shown


def graph_kind(lesson) -> str:
    """The computation-graph lesson steps J = 3(a + bc); later ones the logistic unit."""
    return "abc" if any("computation graph" in s.lower() for s in lesson.sections) else "logistic"


class Holder(Screen):
    """A mode's first screen, under its lesson or quiz: Textual replaces and dismisses
    only screens pushed on top of another."""

    def compose(self):
        yield Static("nn-tutor", classes="title-bar", markup=False)
