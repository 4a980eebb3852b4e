"""Small pieces around the exercises: a yes/no question, the reference solution beside the
learner's, resetting a function, and opening $EDITOR at a function (where the terminal allows)."""

from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path

from rich.syntax import Syntax
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from nn_tutor.exercises import by_name
from nn_tutor.exercises.solutions import reset, solution
from nn_tutor.exercises.source import function_span

# editors that take +LINE before the file to open it at that line
LINE_FIRST = {"vi", "vim", "nvim", "nano", "emacs", "emacsclient", "micro", "kak", "joe", "mg", "ne"}


def function_line(workspace: Path, name: str) -> int:
    """The line of `def name` in its workspace file (1 when it cannot be found)."""
    try:
        text = (workspace / by_name(name).file).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return 1
    span = function_span(text, name)
    return span[0] if span else 1


def editor_command(editor: str, path: Path, line: int) -> list[str]:
    """The command that opens `path` at `line` in `editor` ($EDITOR's text, which may hold options)."""
    words = shlex.split(editor)
    program = Path(words[0]).name if words else ""
    if program in LINE_FIRST:
        return [*words, f"+{line}", str(path)]
    if program in ("code", "codium", "subl", "hx", "zed"):
        return [*words, *(("--wait", "-g") if program in ("code", "codium") else ()), f"{path}:{line}"]
    return [*words, str(path)]


def open_in_external_editor(app, workspace: Path, name: str) -> bool:
    """Run $VISUAL or $EDITOR on the function's file while the app is suspended; True when it ran."""
    from textual.app import SuspendNotSupported

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if getattr(app, "is_web", False):
        app.notify("In the browser the editor is here: press enter on an exercise.", markup=False)
        return False
    if not editor:
        app.notify(
            "Set $EDITOR (for example `export EDITOR=nano`) to open your own editor; enter opens the editor here.",
            markup=False,
            timeout=8,
        )
        return False
    path = workspace / by_name(name).file
    try:
        with app.suspend():
            subprocess.run(editor_command(editor, path, function_line(workspace, name)), check=False)
    except SuspendNotSupported:
        app.notify(
            "This terminal cannot hand the screen to another program: enter opens the editor here.",
            markup=False,
            timeout=8,
        )
        return False
    except (OSError, ValueError) as err:
        app.notify(f"$EDITOR could not be started: {err}", severity="error", markup=False, timeout=8)
        return False
    return True


def reset_function(app, workspace: Path, name: str) -> bool:
    """Put `name`'s stub back, saying where the old text went; True when it was done."""
    try:
        backup = reset(workspace, name)
    except OSError as err:
        app.notify(f"{name} could not be reset: {err}", severity="error", markup=False)
        return False
    app.notify(
        f"{name} is its stub again" + (f"; your text before is in {backup.name}" if backup else ""),
        markup=False,
        timeout=8,
    )
    return True


class ConfirmScreen(ModalScreen[bool]):
    """A question answered with y (True) or n / esc (False)."""

    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > Vertical { width: 70; max-width: 100%; height: auto; border: round $warning;
        padding: 0 1; background: $surface; }
    """
    BINDINGS = [Binding("y", "dismiss(True)", "Yes"), Binding("n,escape", "dismiss(False)", "No", key_display="n")]

    def __init__(self, question: str):
        super().__init__()
        self.question = question

    def compose(self):
        with Vertical():
            yield Static(self.question, markup=False)
            yield Static("y: yes   n or esc: no", classes="box-hint")


class SolutionScreen(ModalScreen):
    """The learner's function and the reference solution, side by side."""

    DEFAULT_CSS = """
    SolutionScreen { align: center middle; }
    SolutionScreen > Vertical { width: 100%; height: 100%; border: round $accent; background: $surface; }
    SolutionScreen Horizontal { height: 1fr; }
    SolutionScreen VerticalScroll { width: 1fr; padding: 0 1; }
    SolutionScreen .solution-head { text-style: bold; }
    """
    BINDINGS = [Binding("escape,s,q", "dismiss", "Close", key_display="esc")]

    def __init__(self, workspace: Path, name: str):
        super().__init__()
        self.workspace, self.exercise = workspace, name

    def _yours(self) -> str:
        try:
            text = (self.workspace / by_name(self.exercise).file).read_text(encoding="utf-8", errors="replace")
        except OSError as err:
            return f"(your file cannot be read: {err.strerror})"
        span = function_span(text, self.exercise)
        return "\n".join(text.splitlines()[span[0] - 1 : span[1]]) if span else "(not found in your file)"

    def _code(self, text: str) -> Syntax:
        theme = "ansi_dark" if self.app.current_theme.dark else "ansi_light"
        return Syntax(text, "python", theme=theme, word_wrap=True, background_color="default")

    def compose(self):
        reference = solution(self.exercise) or "(the reference solutions are not installed with this copy)"
        with Vertical():
            yield Static(f"{self.exercise}: yours and the reference", classes="box-title")
            with Horizontal():
                with VerticalScroll():
                    yield Static("Yours", classes="solution-head")
                    yield Static(self._code(self._yours()))
                with VerticalScroll():
                    yield Static("Reference", classes="solution-head")
                    yield Static(self._code(reference))
            yield Static("Both pass; the reference is one way to write it. esc closes.", classes="box-hint")
