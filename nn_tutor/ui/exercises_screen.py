"""The exercises screen: the functions of the learner's workspace, checked each time a file is saved.

Open it with `app.push_screen(ExercisesScreen(workspace, progress=progress))`. The checks run in
a separate process (nn_tutor.exercises.run_checks), driven from a thread worker, so the screen
never blocks; a second thread watches the folder (workspace_watch.py) and, as soon as a file is
saved, checks again the functions the save changed (exercises/changes.py): the others keep
their verdicts. Each check has a child of its own, started ahead between two checks (a Spare).
The screen only shows the results it is given.
"""

from __future__ import annotations

import threading
from pathlib import Path

from rich.text import Text
from textual import work
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import DataTable, Static

from nn_tutor.exercises import NAMES, Result, by_name, hints, lesson_label, run_checks
from nn_tutor.exercises.changes import fingerprints, to_check
from nn_tutor.sandbox.spare import Spare
from nn_tutor.ui.exercise_words import (
    HELP_NOTES,
    STATUS_COLOUR,
    STATUS_TEXT,
    hint_text,
    tilde,
    verdict_line,
    yours_note,
)
from nn_tutor.ui.footer import KeyFooter
from nn_tutor.ui.workspace_watch import watch_workspace

SPARE_AFTER = 0.2  # seconds from a check's end to the start of the child for the next one


class ExercisesScreen(Screen):
    """The exercises with their status; the selected one's message, hints and output below."""

    DEFAULT_CSS = """
    ExercisesScreen { layout: vertical; }
    ExercisesScreen #exercises-title { height: auto; padding: 0 1; text-style: bold; }
    ExercisesScreen #exercises-banner { height: auto; padding: 0 1; color: $text-error; }
    ExercisesScreen DataTable { height: auto; max-height: 50%; }
    ExercisesScreen #exercise-detail { height: 1fr; padding: 0 1; }
    ExercisesScreen #exercise-message { height: auto; margin-top: 1; }
    ExercisesScreen #exercise-hint { height: auto; margin-top: 1; color: $text-muted; }
    ExercisesScreen #exercise-output { height: auto; margin-top: 1; }
    ExercisesScreen #exercise-yours { height: auto; margin-top: 1; color: $text-success; }
    """

    BINDINGS = [
        Binding(
            "enter,o",
            "edit",
            "Edit",
            key_display="enter",
            tooltip="Open the file at this function in the editor here (enter or o); ctrl+s there saves and checks",
        ),
        Binding(
            "h", "hint", "Hint", tooltip="The next hint for this function (three, from a nudge to nearly the line)"
        ),
        Binding("s", "solution", "Solution", tooltip="Once it passes: the reference solution beside yours"),
        Binding(
            "x",
            "reset",
            "Reset",
            tooltip="Put this function's stub back (asks first; your text is kept in a backup file beside it)",
        ),
        Binding("E", "external", "$EDITOR", tooltip="Open the file at this function in $EDITOR (in a terminal)"),
        Binding("r", "recheck", "Check again", tooltip="Check every function now"),
        Binding("question_mark", "help", "Help", key_display="?", tooltip="These keys"),
        Binding("escape", "app.pop_screen", "Back", tooltip="Back to where you were"),
    ]

    FOOTER_FIRST = ("edit", "hint", "solution", "app.pop_screen", "help", "recheck", "reset", "external")

    def __init__(self, workspace: Path | str, progress=None, **kwargs):
        """`workspace`: the folder holding network.py. `progress`: a nn_tutor.progress.Progress
        whose `exercises` set records which functions pass (saved after each check), or None."""
        super().__init__(**kwargs)
        self.workspace = Path(workspace).expanduser()
        self.progress = progress
        self.results: dict[str, Result | None] = {name: None for name in NAMES}
        self.hints_shown: dict[str, int] = {}
        self.checking = False
        self.editor = None  # the EditorScreen open on this workspace, if any
        self._written: dict[str, int] = {}  # file -> mtime of the tutor's own last save
        self._cancel = threading.Event()
        self._stop_watching = threading.Event()
        self._prints: dict = {}  # name -> the fingerprint (changes.Print) its shown verdict was checked on
        self._checking_prints: dict = {}  # the fingerprints of the check running
        self._spare = Spare(self.workspace)

    def compose(self):
        yield Static("", id="exercises-title", markup=False)
        yield Static("", id="exercises-banner", markup=False)
        table = DataTable(id="exercises", cursor_type="row", zebra_stripes=True)
        table.add_column("exercise", key="name")
        table.add_column("status", key="status")
        table.add_column("lesson", key="lesson")
        table.add_column("message", key="message")
        for name in self.rows:
            table.add_row(name, STATUS_TEXT[None], "", "", key=name)
        yield table
        with VerticalScroll(id="exercise-detail"):
            yield Static("", id="exercise-message", markup=False)
            yield Static("", id="exercise-yours", markup=False)  # before the output: long prints
            yield Static("", id="exercise-hint", markup=False)  # must not push it out of sight
            yield Static("", id="exercise-output", markup=False)
        yield KeyFooter()

    @staticmethod
    def _lesson_number(name: str) -> str:
        return lesson_label(by_name(name).lesson).split(":")[0].replace("lesson ", "")

    @property
    def rows(self) -> list[str]:
        """The exercises grouped by lesson, lessons in order (course order within one)."""
        if not hasattr(self, "_rows"):
            numbers = {name: self._lesson_number(name) for name in NAMES}
            self._rows = sorted(NAMES, key=lambda n: int(numbers[n]) if numbers[n].isdigit() else 1000)
        return self._rows

    def _lesson_cell(self, name: str) -> str:
        """On the first row of a lesson's group: its number and how many of its exercises pass."""
        lesson = by_name(name).lesson
        group = [n for n in self.rows if by_name(n).lesson == lesson]
        if name != group[0]:
            return ""
        passed = sum(self.results[n] is not None and self.results[n].status == "passed" for n in group)
        return f"{self._lesson_number(name)} {passed}/{len(group)}"

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.action_recheck()
        if self.workspace.is_dir():
            self.watch_folder()

    def on_unmount(self) -> None:
        self._cancel.set()
        self._stop_watching.set()
        self._spare.close()

    def on_resize(self) -> None:
        if self._drawn():
            for name in NAMES:
                self._fill_row(name)

    # -- checking ------------------------------------------------------------------------
    def _drawn(self) -> bool:
        """The table is there to fill: not before the screen is composed, nor once it closes."""
        return not self._stop_watching.is_set() and bool(self.query(DataTable))

    def action_recheck(self) -> None:
        """Check every function again."""
        self._check(list(NAMES))

    def changed(self) -> None:
        """A file was saved: check again the functions whose verdict it may change."""
        self._check(None)

    def _check(self, names: list[str] | None) -> None:
        if not self._drawn():
            return
        prints = fingerprints(self.workspace)
        if names is None:
            if self.checking and prints == self._checking_prints:
                return  # the check running is on these files already
            statuses = {n: r.status if r is not None else None for n, r in self.results.items()}
            names = to_check(self._prints, prints, statuses)
            if not names:
                return
        self._cancel.set()  # a check still running is out of date: stop it
        self._cancel = threading.Event()
        self.checking, self._checking_prints = True, prints
        for name in names:
            self.results[name] = None
            self._fill_row(name)
        self._describe()
        known = {n: r.status for n, r in self.results.items() if r is not None}
        self.check(names, known, prints, self._cancel)

    @work(thread=True, group="exercises-check")
    def check(self, names: list[str], known: dict, prints: dict, cancel: threading.Event) -> None:
        def take(result: Result) -> None:
            self._from_thread(self._take, result, prints[result.name], cancel)

        run_checks(self.workspace, names, on_result=take, cancel=cancel, known=known, spare=self._spare)
        if not cancel.is_set():
            self._from_thread(self._checked, cancel)

    @work(thread=True, group="exercises-watch")
    def watch_folder(self) -> None:
        def saved(paths: list[Path]) -> None:
            if not all(self._own_save(path) for path in paths):
                self._from_thread(self.changed)

        watch_workspace(self.workspace, self._stop_watching, saved, lambda: self._from_thread(self.action_recheck))

    def _own_save(self, path: Path) -> bool:
        """True when the file is as the tutor's editor saved it (that save started its check)."""
        try:
            return self._written.get(path.name) == path.stat().st_mtime_ns
        except OSError:
            return False

    def saved(self, file: str) -> None:
        """The editor here saved `file`: check now (the folder watcher leaves this save alone)."""
        try:
            self._written[file] = (self.workspace / file).stat().st_mtime_ns
        except OSError:
            pass
        self.changed()

    def _from_thread(self, callback, *args) -> None:
        try:
            self.app.call_from_thread(self._unless_closed, callback, *args)
        except RuntimeError:  # the app is closing
            pass

    def _unless_closed(self, callback, *args) -> None:
        try:
            callback(*args)
        except NoMatches:  # the screen closed while a check finished
            pass

    # -- showing ---------------------------------------------------------------------------
    def _take(self, result: Result, checked_on, cancel: threading.Event) -> None:
        if not cancel.is_set() and self._drawn():
            self.results[result.name], self._prints[result.name] = result, checked_on
            self._fill_row(result.name)
            self._describe()
            if self.editor is not None:
                self.editor.show_result(result)

    def _checked(self, cancel: threading.Event) -> None:
        """The whole check is in: the title, the first failure selected, progress saved; once the
        verdicts are drawn, a child starts for the next check (while no learner code runs)."""
        if cancel.is_set() or not self._drawn():
            return
        self.checking = False
        self.set_timer(SPARE_AFTER, self._start_spare)
        results = [r for r in self.results.values() if r is not None]
        first = next((r.name for r in results if r.status == "failed"), None) or next(
            (r.name for r in results if r.status != "passed"), None
        )
        if first is not None:
            self.query_one(DataTable).move_cursor(row=self.rows.index(first))
        self._describe()
        if len(results) == len(NAMES):
            self._remember([self.results[n] for n in NAMES])

    def _start_spare(self) -> None:
        if not self.checking and self._drawn():
            self._spare.start()

    def _status_text(self, status: str | None) -> Text:
        colour = STATUS_COLOUR.get(status)
        style = self.app.theme_variables.get(colour, "") if colour else ""
        return Text(STATUS_TEXT[status], style=f"bold {style}" if style else "")

    def _fill_row(self, name: str) -> None:
        result = self.results[name]
        table = self.query_one(DataTable)
        table.update_cell(name, "status", self._status_text(result.status if result else None))
        first = next(n for n in self.rows if by_name(n).lesson == by_name(name).lesson)
        table.update_cell(first, "lesson", self._lesson_cell(first), update_width=True)
        width = max(self.size.width - 40, 12)
        message = "" if result is None or result.whole_file else verdict_line(result, width)
        table.update_cell(name, "message", message, update_width=True)

    def _title(self) -> str:
        where = tilde(self.workspace)
        if self.checking:
            return f"Exercises in {where}: checking…"
        passed = sum(r is not None and r.status == "passed" for r in self.results.values())
        return f"Exercises in {where}: {passed} of {len(NAMES)} passed"

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if self._drawn():
            self._describe()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()  # enter on a row: the table takes the key and says so

    def selected(self) -> str:
        table = self.query_one(DataTable)
        return self.rows[min(max(table.cursor_row, 0), len(self.rows) - 1)]

    def hint_text(self, name: str) -> str:
        """The hints shown so far for `name` (the first always), and how to see the next."""
        return hint_text(name, self.hints_shown.get(name, 1))

    def _describe(self) -> None:
        if not self._drawn():
            return
        name = self.selected()
        result = self.results[name]
        self.query_one("#exercises-title", Static).update(self._title())
        problems = dict.fromkeys(r.message for r in self.results.values() if r is not None and r.whole_file)
        self.query_one("#exercises-banner", Static).update("\n".join(problems))
        message = result.message if result else f"{name}: checking…"
        self.query_one("#exercise-message", Static).update(message)
        self.query_one("#exercise-hint", Static).update(self.hint_text(name))
        output = result.output.rstrip() if result and result.output else ""
        shown = self.query_one("#exercise-output", Static)
        shown.update(f"It printed:\n{output}" if output else "")
        shown.display = bool(output)  # no blank margin where there is nothing to show
        yours, text = self.query_one("#exercise-yours", Static), self._yours()
        yours.update(text)
        yours.display = bool(text)

    def _yours(self) -> str:
        return yours_note({n for n, r in self.results.items() if r is not None and r.status == "passed"})

    def _remember(self, results: list[Result]) -> None:
        if self.progress is None:
            return
        if self.progress.record_checks(results):  # each one's status and message, for export
            self.progress.save()

    # -- keys --------------------------------------------------------------------------------
    def next_hint(self, name: str) -> None:
        """One more of `name`'s hints shown (up to all three)."""
        self.hints_shown[name] = min(max(self.hints_shown.get(name, 1), 1) + 1, len(hints(name)))
        self._describe()

    def action_hint(self) -> None:
        self.next_hint(self.selected())

    def action_help(self) -> None:
        from nn_tutor.ui.screens import HelpScreen

        own = {key for b in self.BINDINGS for key in b.key.split(",")}
        everywhere = [b for b in self.app.BINDINGS if isinstance(b, Binding) and b.show and b.key not in own]
        self.app.push_screen(HelpScreen([("Exercises", self.BINDINGS), ("Everywhere", everywhere)], notes=HELP_NOTES))

    def action_edit(self) -> None:
        from nn_tutor.ui.editor_screen import EditorScreen

        self.app.push_screen(EditorScreen(self, self.selected()))

    def action_external(self) -> None:
        from nn_tutor.ui.exercise_dialogs import open_in_external_editor

        name = self.selected()
        if open_in_external_editor(self.app, self.workspace, name):
            self.changed()

    def action_solution(self) -> None:
        from nn_tutor.ui.exercise_dialogs import SolutionScreen

        name = self.selected()
        result = self.results[name]
        if result is None or result.status != "passed":
            self.notify(
                f"The reference solution of {name} shows once your {name} passes: press h for a hint.", markup=False
            )
            return
        self.app.push_screen(SolutionScreen(self.workspace, name))

    def action_reset(self) -> None:
        from nn_tutor.ui.exercise_dialogs import ConfirmScreen, reset_function

        name = self.selected()
        file = by_name(name).file

        def answered(yes: bool | None) -> None:
            if yes and reset_function(self.app, self.workspace, name):
                self.changed()

        self.app.push_screen(
            ConfirmScreen(
                f"Put the stub of {name} back in {file}? Your text goes to a backup file beside it ({file}.{name}.bak)."
            ),
            callback=answered,
        )
