"""The exercises screen: the nine functions of the learner's network.py, checked each time it is saved.

Open it with `app.push_screen(ExercisesScreen(workspace, progress=progress))`. The checks run in
a separate process (nn_tutor.exercises.run_checks), driven from a thread worker, so the screen
never blocks; a second thread watches the folder with watchfiles and starts a new check as soon
as network.py changes. The screen only shows the results it is given.
"""

from __future__ import annotations

import threading
from pathlib import Path

from textual import work
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Static

from nn_tutor.exercises import NAMES, Result, hint, lesson_label, run_checks
from nn_tutor.ui.footer import KeyFooter

STATUS_TEXT = {"passed": "✓ passed", "failed": "✗ failed", "todo": "· todo", None: "… checking"}
SUMMARY_WIDTH = 46  # the message column fits beside the others in 80 columns
YOURS = ("forward", "backward", "update")
YOURS_READY = ("forward, backward and update pass: press y in a two-layer lesson (such as {}) to train "
               "your network in the panel, beside the reference.")


def summary(result: Result | None) -> str:
    """The message's first clause for the table: no function name, no context, no lesson."""
    if result is None:
        return ""
    text = result.message
    if text.startswith(result.name):
        text = text[len(result.name):].lstrip(":").strip()
    text = text.split(" Reread ")[0].split("; seen ")[0].split("; see ")[0].rstrip(".")
    return text if len(text) <= SUMMARY_WIDTH else text[:SUMMARY_WIDTH - 1] + "…"


def tilde(path: Path) -> str:
    """The path as a shell prints it: ~ for the home folder."""
    try:
        return str(Path("~") / path.resolve().relative_to(Path.home().resolve()))
    except (ValueError, RuntimeError, OSError):    # elsewhere, or no home folder
        return str(path)


class ExercisesScreen(Screen):
    """The nine exercises with their status and message, and the hint for the selected one."""

    DEFAULT_CSS = """
    ExercisesScreen { layout: vertical; }
    ExercisesScreen #exercises-title { height: auto; padding: 0 1; text-style: bold; }
    ExercisesScreen DataTable { height: auto; max-height: 11; }
    ExercisesScreen #exercise-detail { height: 1fr; padding: 0 1; }
    ExercisesScreen #exercise-message { height: auto; margin-top: 1; }
    ExercisesScreen #exercise-hint { height: auto; margin-top: 1; color: $text-muted; }
    ExercisesScreen #exercise-yours { height: auto; margin-top: 1; color: $text-success; }
    """

    BINDINGS = [
        Binding("r", "recheck", "Check again", tooltip="Check every function now"),
        Binding("escape", "app.pop_screen", "Back", tooltip="Back to where you were"),
    ]

    def __init__(self, workspace: Path | str, progress=None, **kwargs):
        """`workspace`: the folder holding network.py. `progress`: a nn_tutor.progress.Progress
        whose `exercises` set records which functions pass (saved after each check), or None."""
        super().__init__(**kwargs)
        self.workspace = Path(workspace).expanduser()
        self.progress = progress
        self.results: dict[str, Result | None] = {name: None for name in NAMES}
        self.hints: dict[str, str] = {}
        self._cancel = threading.Event()
        self._stop_watching = threading.Event()

    def compose(self):
        yield Static(f"Exercises in {tilde(self.workspace / 'network.py')}", id="exercises-title", markup=False)
        table = DataTable(id="exercises", cursor_type="row", zebra_stripes=True)
        table.add_column("exercise", key="name")
        table.add_column("status", key="status")
        table.add_column("message", key="message")
        for name in NAMES:
            table.add_row(name, STATUS_TEXT[None], "", key=name)
        yield table
        with Vertical(id="exercise-detail"):
            yield Static("", id="exercise-message", markup=False)
            yield Static("", id="exercise-hint", markup=False)
            yield Static("", id="exercise-yours", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.action_recheck()
        if self.workspace.is_dir():
            self.watch_folder()

    def on_unmount(self) -> None:
        self._cancel.set()
        self._stop_watching.set()

    # -- checking ------------------------------------------------------------------------
    def _drawn(self) -> bool:
        """The table is there to fill: not before the screen is composed, nor once it closes."""
        return not self._stop_watching.is_set() and bool(self.query(DataTable))

    def action_recheck(self) -> None:
        if not self._drawn():
            return
        self._cancel.set()             # a check still running is out of date: stop it
        self._cancel = threading.Event()
        for name in NAMES:
            self._show(name, None)
        self.check(self._cancel)

    @work(thread=True, group="exercises-check")
    def check(self, cancel: threading.Event) -> None:
        if not self.hints:
            hints = {name: hint(name) for name in NAMES}   # reads the lessons once
            self._from_thread(self._set_hints, hints)
        results = run_checks(self.workspace, cancel=cancel,
                             on_result=lambda result: self._from_thread(self._take, result, cancel))
        if not cancel.is_set() and len(results) == len(NAMES):
            self._from_thread(self._remember, results)

    @work(thread=True, group="exercises-watch")
    def watch_folder(self) -> None:
        from watchfiles import watch

        for changes in watch(self.workspace, stop_event=self._stop_watching, debounce=400, step=50,
                             rust_timeout=500, raise_interrupt=False):
            if any(Path(path).name == "network.py" for _change, path in changes):
                self._from_thread(self.action_recheck)

    def _from_thread(self, callback, *args) -> None:
        try:
            self.app.call_from_thread(callback, *args)
        except RuntimeError:   # the app is closing
            pass

    # -- showing ---------------------------------------------------------------------------
    def _take(self, result: Result, cancel: threading.Event) -> None:
        if not cancel.is_set() and self._drawn():
            self._show(result.name, result)

    def _show(self, name: str, result: Result | None) -> None:
        self.results[name] = result
        table = self.query_one(DataTable)
        table.update_cell(name, "status", STATUS_TEXT[result.status if result else None])
        table.update_cell(name, "message", summary(result), update_width=True)
        self._describe()
        ready = all(r is not None and r.status == "passed" for n, r in self.results.items() if n in YOURS)
        # the lessons are read by then: the check's thread made the hints first
        self.query_one("#exercise-yours", Static).update(
            YOURS_READY.format(lesson_label("two-layer-gradient-descent")) if ready else "")

    def _set_hints(self, hints: dict[str, str]) -> None:
        self.hints = hints
        if self._drawn():
            self._describe()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if self._drawn():
            self._describe()

    def selected(self) -> str:
        table = self.query_one(DataTable)
        return NAMES[min(max(table.cursor_row, 0), len(NAMES) - 1)]

    def _describe(self) -> None:
        name = self.selected()
        result = self.results[name]
        message = result.message if result else f"{name}: checking…"
        self.query_one("#exercise-message", Static).update(message)
        self.query_one("#exercise-hint", Static).update(f"Hint: {self.hints[name]}" if name in self.hints else "")

    def _remember(self, results: list[Result]) -> None:
        if self.progress is None:
            return
        if self.progress.record_checks(results):      # each one's status and message, for export
            self.progress.save()
