"""Small screens around the lessons: help, table of contents, and the no-lessons message."""

from __future__ import annotations

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

    def __init__(self, lessons, current: int, completed: set[str]):
        super().__init__()
        self.lessons, self.current, self.completed = lessons, current, completed

    def compose(self):
        options = []
        for i, lesson in enumerate(self.lessons):
            mark = "▶" if i == self.current else ("✓" if lesson.id in self.completed else " ")
            options.append(Option(Content(f"{mark} {i + 1:>2}. {lesson.title}"), id=str(i)))
        with Vertical(id="toc-box"):
            yield Static("Lessons", classes="box-title")
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
