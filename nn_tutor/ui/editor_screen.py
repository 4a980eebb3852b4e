"""The editor inside the tutor: a workspace file in Textual's TextArea, opened at one function,
with that function's verdict, hints and printed output beside it. ctrl+s saves and checks.

Python is coloured when Textual's syntax extra (tree-sitter) is installed; otherwise the text
is plain and everything else works the same.
"""

from __future__ import annotations

from pathlib import Path

from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static, TextArea
from textual.widgets.text_area import LanguageDoesNotExist

from nn_tutor.exercises import by_name
from nn_tutor.exercises.source import function_span
from nn_tutor.ui.footer import KeyFooter


def code_area(text: str) -> TextArea:
    """A code editor on `text`: Python colours when the syntax extra is there, plain text otherwise."""
    try:
        area = TextArea.code_editor(text, language="python", id="editor-code")
    except LanguageDoesNotExist:
        area = TextArea.code_editor(text, language=None, id="editor-code")
    return area


class EditorScreen(Screen):
    """One workspace file in an editor, at the function `name` of the exercises screen `owner`."""

    DEFAULT_CSS = """
    EditorScreen #editor-title { height: 1; padding: 0 1; text-style: bold; }
    EditorScreen Horizontal { height: 1fr; }
    EditorScreen #editor-code { width: 3fr; }
    EditorScreen #editor-side { width: 2fr; min-width: 28; padding: 0 1; }
    EditorScreen #editor-verdict { height: auto; }
    EditorScreen #editor-hint { height: auto; margin-top: 1; color: $text-muted; }
    EditorScreen #editor-output { height: auto; margin-top: 1; }
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "Save and check", priority=True, tooltip="Save the file and check every function"),
        Binding("f2", "hint", "Hint", tooltip="The next hint for this function"),
        Binding("escape", "leave", "Back", priority=True,
                tooltip="Back to the exercises (asks when there are unsaved changes)"),
    ]

    FOOTER_FIRST = ("save", "leave", "hint")

    def __init__(self, owner, name: str):
        super().__init__()
        self.owner, self.exercise = owner, name
        self.file = by_name(name).file
        self.path: Path = owner.workspace / self.file
        self.saved_text = ""
        self.problem = ""
        self._leaving = False

    def _read(self) -> str:
        try:
            return self.path.read_bytes().decode("utf-8", errors="replace")
        except FileNotFoundError:
            self.problem = f"{self.file} does not exist yet: ctrl+s makes it."
        except OSError as err:
            self.problem = f"{self.file} cannot be read: {err.strerror}"
        return ""

    def compose(self):
        text = self._read()
        self.saved_text = text
        yield Static(f"{self.file}: {self.exercise}", id="editor-title", markup=False)
        with Horizontal():
            yield code_area(text)
            with VerticalScroll(id="editor-side"):
                yield Static(self.problem, id="editor-verdict", markup=False)
                yield Static("", id="editor-hint", markup=False)
                yield Static("", id="editor-output", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        span = function_span(area.text, self.exercise)
        if span is not None:
            area.cursor_location = (span[0] - 1, 0)
            area.scroll_to(y=max(span[0] - 2, 0), animate=False)
        area.focus()
        self.owner.editor = self
        self._describe()
        self._colours()
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._colours())

    def _colours(self) -> None:
        """The code's colours follow the app's light or dark theme."""
        self.query_one(TextArea).theme = "vscode_dark" if self.app.current_theme.dark else "github_light"

    def on_unmount(self) -> None:
        if self.owner.editor is self:
            self.owner.editor = None

    def _describe(self) -> None:
        result = self.owner.results.get(self.exercise)
        if self.problem:
            verdict = self.problem
        elif result is None:
            verdict = f"{self.exercise}: checking…"
        else:
            verdict = f"{'✓' if result.status == 'passed' else '✗' if result.status == 'failed' else '·'} " \
                      f"{result.message}"
        self.query_one("#editor-verdict", Static).update(verdict)
        self.query_one("#editor-hint", Static).update(self.owner.hint_text(self.exercise).replace(
            "(h: the next hint)", "(F2: the next hint)"))
        output = result.output.rstrip() if result is not None and result.output else ""
        self.query_one("#editor-output", Static).update(f"It printed:\n{output}" if output else "")

    def show_result(self, result) -> None:
        """A result arrived on the exercises screen: show it when it is this function's."""
        if result.name == self.exercise and self.is_attached:
            self._describe()

    def action_save(self) -> None:
        text = self.query_one(TextArea).text
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(self.path, "w", encoding="utf-8", newline="") as f:
                f.write(text)
        except OSError as err:
            self.notify(f"{self.file} could not be saved: {err.strerror or err}", severity="error", markup=False)
            return
        self.saved_text, self.problem, self._leaving = text, "", False
        self.owner.saved(self.file)
        self._describe()

    def action_hint(self) -> None:
        self.owner.next_hint(self.exercise)
        self._describe()

    def action_leave(self) -> None:
        if self.query_one(TextArea).text != self.saved_text and not self._leaving:
            self._leaving = True
            self.notify("Unsaved changes: ctrl+s saves them; esc again leaves without saving.",
                        severity="warning", markup=False)
            return
        self.dismiss()
