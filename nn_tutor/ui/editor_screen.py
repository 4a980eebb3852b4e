"""The editor inside the tutor: a workspace file in Textual's TextArea, opened at one function,
with that function's verdict, hints and printed output beside it. ctrl+s saves and checks.

Python is coloured when Textual's syntax extra (tree-sitter) is installed; otherwise the text
is plain and everything else works the same.
"""

from __future__ import annotations

from pathlib import Path

from rich.color import Color
from rich.style import Style
from textual.binding import Binding
from textual.color import Color as TColor
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static, TextArea
from textual.widgets.text_area import LanguageDoesNotExist, TextAreaTheme

from nn_tutor.exercises import by_name
from nn_tutor.exercises.source import function_span
from nn_tutor.ui.footer import KeyFooter


def _own_keys() -> dict[str, str]:
    """The TextArea's own editing keys (backspace, arrows, home, ctrl+z…) and their actions."""
    keys = {}
    for binding in TextArea.BINDINGS:
        if isinstance(binding, Binding):
            for key in binding.key.split(","):
                keys.setdefault(key.strip(), binding.action)
    return keys


class CodeArea(TextArea):
    """TextArea for Python: enter keeps the line's indentation, one level more after a colon;
    backspace in a line's leading spaces goes back one level.

    Its editing keys run as they arrive: left to the bindings, a backspace travels up to the app
    and back, and in a burst of keys (SSH, tmux, a fast typist) the letters typed after it would
    land first."""

    OWN_KEYS = _own_keys()

    async def _on_key(self, event) -> None:
        if event.key == "backspace" and self._dedent():
            event.stop()
            event.prevent_default()
            return
        action = self.OWN_KEYS.get(event.key)
        if action is not None:
            event.stop()
            event.prevent_default()
            await self.run_action(action)
            return
        if event.key != "enter" or self.read_only:
            await super()._on_key(event)
            return
        event.stop()
        event.prevent_default()
        start, end = self.selection
        before = self.document.get_line(start[0])[: start[1]]
        indent = before[: len(before) - len(before.lstrip(" \t"))]
        if before.rstrip().endswith(":"):
            indent += "\t" if self.indent_type == "tabs" else " " * self.indent_width
        self.replace("\n" + indent, start, end, maintain_selection_offset=False)

    def _dedent(self) -> bool:
        """Backspace with only spaces before the cursor: delete back to the previous indent level."""
        start, end = self.selection
        row, column = start
        if start != end or column == 0 or self.read_only or self.indent_type != "spaces":
            return False
        if self.document.get_line(row)[:column].strip(" "):
            return False
        level = (column - 1) // self.indent_width * self.indent_width
        self.delete((row, level), (row, column), maintain_selection_offset=False)
        return True


def readable(theme: TextAreaTheme, name: str, minimum: float = 3.2) -> TextAreaTheme:
    """A copy of `theme` whose gutter and syntax colours are darkened until each reads at
    `minimum`:1 or better on its background (github_light's grey numbers and pale teal do not)."""
    background = (theme.base_style.bgcolor if theme.base_style else None) or Color.parse("#ffffff")
    back = TColor.from_rich_color(background)

    def darker(style: Style | None) -> Style | None:
        if style is None or style.color is None:
            return style
        colour = TColor.from_rich_color(style.color)
        while contrast(colour, back) < minimum and colour.brightness > 0.02:
            colour = colour.darken(0.05)
        return style + Style(color=colour.rich_color)

    return TextAreaTheme(
        name,
        base_style=theme.base_style,
        gutter_style=darker(theme.gutter_style),
        cursor_style=theme.cursor_style,
        cursor_line_style=theme.cursor_line_style,
        cursor_line_gutter_style=darker(theme.cursor_line_gutter_style),
        bracket_matching_style=theme.bracket_matching_style,
        selection_style=theme.selection_style,
        syntax_styles={k: darker(v) for k, v in theme.syntax_styles.items()},
    )


def contrast(a: TColor, b: TColor) -> float:
    """The WCAG contrast ratio of two colours."""

    def luminance(c: TColor) -> float:
        def channel(v: int) -> float:
            v = v / 255
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


LIGHT = readable(TextAreaTheme.get_builtin_theme("github_light"), "nn-tutor-light")


def code_area(text: str) -> TextArea:
    """A code editor on `text`: Python colours when the syntax extra is there, plain text otherwise."""
    try:
        area = CodeArea.code_editor(text, language="python", id="editor-code")
    except LanguageDoesNotExist:
        area = CodeArea.code_editor(text, language=None, id="editor-code")
    area.register_theme(LIGHT)
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
    EditorScreen.-stacked Horizontal { layout: vertical; }
    EditorScreen.-stacked #editor-code { width: 1fr; height: 1fr; }
    EditorScreen.-stacked #editor-side { width: 1fr; height: 30%; min-height: 4; min-width: 0; }
    """

    STACK_BELOW = 100  # columns: narrower, the verdict and hints go under the code, not beside it

    BINDINGS = [
        Binding("ctrl+s", "save", "Save and check", priority=True, tooltip="Save the file and check every function"),
        Binding("f2", "hint", "Hint", tooltip="The next hint for this function"),
        Binding(
            "escape",
            "leave",
            "Back",
            priority=True,
            tooltip="Back to the exercises (asks when there are unsaved changes)",
        ),
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
        self._overwrite = False  # ctrl+s a second time: overwrite a change made outside

    def _changed_outside(self) -> bool:
        """The file on disk is no longer what this editor opened or last saved."""
        try:
            return self.path.read_bytes().decode("utf-8", errors="replace") != self.saved_text
        except OSError:
            return False

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

    def on_resize(self) -> None:
        self.set_class(self.app.size.width < self.STACK_BELOW, "-stacked")

    def on_mount(self) -> None:
        self.on_resize()
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
        self.query_one(TextArea).theme = "vscode_dark" if self.app.current_theme.dark else LIGHT.name

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
            verdict = (
                f"{'✓' if result.status == 'passed' else '✗' if result.status == 'failed' else '·'} {result.message}"
            )
        self.query_one("#editor-verdict", Static).update(verdict)
        self.query_one("#editor-hint", Static).update(
            self.owner.hint_text(self.exercise).replace("(h: the next hint)", "(F2: the next hint)")
        )
        output = result.output.rstrip() if result is not None and result.output else ""
        self.query_one("#editor-output", Static).update(f"It printed:\n{output}" if output else "")

    def show_result(self, result) -> None:
        """A result arrived on the exercises screen: show it when it is this function's."""
        if result.name == self.exercise and self.is_attached:
            self._describe()

    def action_save(self) -> None:
        # ctrl+s is handled at once, while keys typed just before it may still wait in the
        # editor's queue (keys arrive in bursts over SSH and tmux): save after them
        self.query_one(TextArea).call_later(self._save)

    def _save(self) -> None:
        if not self.is_attached:
            return
        text = self.query_one(TextArea).text
        if self._changed_outside() and not self._overwrite:
            self._overwrite = True
            self.notify(
                f"{self.file} was changed outside the tutor since you opened it: ctrl+s again "
                "overwrites that change with this text; esc, then enter, opens it as it is now.",
                severity="warning",
                markup=False,
                timeout=10,
            )
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(self.path, "w", encoding="utf-8", newline="") as f:
                f.write(text)
        except OSError as err:
            self.notify(f"{self.file} could not be saved: {err.strerror or err}", severity="error", markup=False)
            return
        self.saved_text, self.problem, self._leaving, self._overwrite = text, "", False, False
        self.owner.saved(self.file)
        self._describe()

    def action_hint(self) -> None:
        self.owner.next_hint(self.exercise)
        self._describe()

    def action_leave(self) -> None:
        if self.query_one(TextArea).text != self.saved_text and not self._leaving:
            self._leaving = True
            self.notify(
                "Unsaved changes: ctrl+s saves them; esc again leaves without saving.", severity="warning", markup=False
            )
            return
        self.dismiss()
