"""The tutor app: opens on the lesson where the learner left off and keeps their progress.

Start-up is kept lean: the lesson where the learner left off is read alone, and the training
process starts at once with its network, training it beside the app; the first frame shows
that lesson's text before the app imports NumPy itself; the model panel is built after that
frame, the other lessons are read once it shows the network; sympy is only ever imported by
the quiz.
"""

from __future__ import annotations

import dataclasses
import gc
import os
from pathlib import Path

from textual.app import App
from textual.message import Message
from textual.widgets import Static

from nn_tutor.progress import Progress
from nn_tutor.ui.bindings import APP_KEYS
from nn_tutor.ui.lesson_flow import AFTER_SHOWN_SECONDS, LessonFlow
from nn_tutor.ui.quiz_mode import QuizMode
from nn_tutor.ui.screens import Holder


def _tutor_commands():
    from nn_tutor.ui.commands import TutorCommands

    return TutorCommands


READ_ALL_SECONDS = 1.0  # the other lessons are read by then at the latest (else once the network shows)


class TutorApp(LessonFlow, QuizMode, App):
    """Lessons beside a live network. `lessons_dir` is a teacher's folder (None: the shipped ones)."""

    TITLE = "nn-tutor"
    COMMANDS = App.COMMANDS | {_tutor_commands}
    CSS_PATH = Path(__file__).parent / "app.tcss"  # absolute, so subclasses elsewhere find it
    # the lessons show in the app's first mode, so that the first one needs no mode switch
    # (a switch to a new mode restyles the whole app); the quiz has a mode of its own
    DEFAULT_MODE = "lesson"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]
    BINDINGS = APP_KEYS

    def __init__(
        self,
        lessons_dir: str | Path | None = None,
        progress_path: str | Path | None = None,
        reset_progress: bool = False,
        quiz: dict | None = None,
        exercises: str | Path | None = None,
    ):
        super().__init__()
        self.lessons_dir = lessons_dir
        self.progress_path = progress_path
        self.reset_progress = reset_progress
        self.quiz_options = quiz
        self.lessons: list = []
        self.index = 0
        self.progress: Progress | None = None
        self.add_mode("quiz", Holder)
        self.exercises = exercises  # a workspace to open the exercises on, once the lessons are up
        self._process = None  # the training process, started on mount, until its Session takes it
        self._first: dict | None = None  # the network it was started with (see _open_first)
        self._collecting = False  # the garbage collector is off for start-up, and was on (on_load)
        self._save_due = False  # the progress has changed since it was written (see _show_lesson)
        self._session = None
        self.learner_session = None  # your network's process (nn_tutor.ui.yournet)
        self._session_news = False
        self._opened = False
        self._early: tuple[int, int] | None = None  # (lesson index, session generation) loaded at start
        self.ahead_screen = None  # the next lesson's screen, built while this one is read
        self._leaving: list = []  # lesson screens left, removed once the next one has drawn
        self._after_due = False
        self.quiz_lesson: str | None = None  # the lesson whose quiz is open: answering one makes it done

    def notify(self, message, *args, **kwargs) -> None:
        """One notice at a time, in the title bar's line (app.tcss): a new one replaces the last,
        so notices never stack over the panel."""
        for toast in self.screen_stack[-1].query("Toast") if self.screen_stack else ():
            toast._expire()  # as a click on it would (clear_notifications leaves a blank line)
        super().notify(message, *args, **kwargs)

    class SessionChanged(Message):
        """The training session sent something (posted from its reader thread)."""

    def _session_changed(self) -> None:
        # called from the session's reader thread: one message in the queue at a time
        if not self._session_news:
            self._session_news = True
            self.post_message(self.SessionChanged())

    def on_tutor_app_session_changed(self, _message) -> None:
        self._session_news = False
        self._show_session()

    def on_lesson_screen_panel_built(self, _message) -> None:
        self._show_session()

    def _show_session(self) -> None:
        from nn_tutor.ui.lesson_screen import LessonScreen

        for screen in reversed(self.screen_stack):  # a lesson may sit under help or the lessons list
            if isinstance(screen, LessonScreen):
                screen.take_session()
                if screen.snapshot is not None and not self._after_due and (self.ahead_screen is None or self._leaving):
                    self._after_due = True  # a moment after it shows: not in the way of its frame
                    self.set_timer(AFTER_SHOWN_SECONDS, self._after_shown)
                break

    def compose(self):
        # what shows until the lessons are read (the first lesson usually covers it at once)
        yield Static("nn-tutor", classes="title-bar", markup=False)
        yield Static("Loading lessons…", id="loading")

    @property
    def session(self):
        """The training session. Its process starts with the app; this side of it (NumPy and the
        reader thread) is made on first use, which the lesson screen leaves until after its
        first frame."""
        if self._session is None:
            from nn_tutor.session import Session

            process, self._process = self._process, None
            self._session = Session(on_change=self._session_changed, process=process, first=self._first)
        return self._session

    @property
    def session_started(self) -> bool:
        return self._session is not None

    def on_load(self) -> None:
        # start-up makes tens of thousands of objects that all live on (widgets, styles,
        # NumPy's modules): the garbage collector would walk them again and again for
        # nothing. It is off until the lessons are read (_open), once the panel has shown.
        self._collecting = gc.isenabled()
        gc.disable()

    def _collect_again(self) -> None:
        if self._collecting:
            self._collecting = False
            gc.enable()

    def on_mount(self) -> None:
        from nn_tutor.session.child import one_blas_thread, start

        # the app's NumPy sums small arrays: one BLAS thread, not one per core spinning on the
        # core the training process needs
        one_blas_thread(os.environ)
        # named once the first mode's screen is up, so that switch_mode("lesson") comes back to it
        self.add_mode("lesson", Holder)
        self.progress = Progress.load(self.progress_path)
        if self.reset_progress:
            self.progress.reset()
            self.progress.save()
        if self.progress.theme:
            self.theme = self.progress.theme  # as the learner last chose it
        if self.progress.notice:
            self.notify(self.progress.notice, severity="warning", timeout=10, markup=False)
        if self.quiz_options is None and self.exercises is None:
            self._open_first()
        if self._process is None:  # no lesson shown yet: the process waits for its network
            self._process = start()
        if self.lessons:  # the rest once the network shows (_after_shown), or after a while
            self.set_timer(READ_ALL_SECONDS, self._open)
        else:
            self.call_after_refresh(self._open)

    def read_lessons(self) -> list:
        """Every lesson of the folder (read now if they have not been yet)."""
        self._open()
        return self.lessons

    def _open_first(self) -> None:
        """The lesson where the learner left off, read alone, on the first frame."""
        from nn_tutor.lessons import find_lesson
        from nn_tutor.session.child import FIRST_GENERATION, start

        found = find_lesson(self.lessons_dir, self.progress.lesson_id)
        if found is None:
            return  # _open loads the folder and says what is wrong
        lesson, index, count = found
        self.lessons, self.index = [lesson], 0  # the whole list, and its place there, come in _open
        screen = self._new_lesson_screen(lesson, index, count, generation=FIRST_GENERATION)
        # the training process starts with its network: it trains while the text is drawn
        # and the app loads NumPy
        self._first = {"settings": dataclasses.asdict(screen.config()), "compare": lesson.panel.compare}
        self._process = start(first=self._first)
        self._show_lesson(0, screen)

    def _open(self) -> None:
        """Read every lesson; open the first (or the quiz, or the exercises) if not shown yet."""
        # Textual 8.2.8 can run a callback queued with call_after_refresh twice when it
        # switches screens (here: to the first lesson); the lessons load once
        if self._opened:
            return
        self._opened = True
        self._collect_again()
        import shlex

        from nn_tutor.lessons import default_lessons_dir, load_lessons
        from nn_tutor.lessons.text import shown as escaped

        shown_first = self.lessons[0] if self.lessons else None
        self.lessons, errors = load_lessons(self.lessons_dir)
        for screen in self.screen_stack:
            for text in screen.query("LessonText"):
                text.make_exact()  # markdown-it has loaded: the first lesson's text read by it too
        if errors:
            shown = "\n".join(str(e) for e in errors[:3])
            more = f"\n… and {len(errors) - 3} more" if len(errors) > 3 else ""
            self.notify(
                f"{len(errors)} lesson file(s) skipped:\n{shown}{more}\n"
                f"Run `nn-tutor check-lessons {shlex.quote(escaped(self.lessons_dir or default_lessons_dir()))}`"
                " for the details.",
                severity="warning",
                timeout=15,
                markup=False,
            )
        if not self.lessons:
            from nn_tutor.ui.screens import MessageScreen

            folder = self.lessons_dir or default_lessons_dir()
            self.push_screen(
                MessageScreen(
                    f"No lessons to show in {folder}.\n\nA lesson is a markdown file named like "
                    "01-my-lesson.md with front matter; `nn-tutor check-lessons DIR` says what is wrong "
                    "with a folder. Press q to quit."
                )
            )
        elif shown_first is not None and shown_first.id in [lesson.id for lesson in self.lessons]:
            self._renumber(shown_first.id)
        elif self.quiz_options is None:
            ids = [lesson.id for lesson in self.lessons]
            start = ids.index(self.progress.lesson_id) if self.progress.lesson_id in ids else 0
            # the network is asked for before the lesson screen's modules load, so the
            # training process builds it meanwhile
            lesson = self.lessons[start]
            alpha = self.progress.places.get(lesson.id, {}).get("learning_rate")
            self._early = (start, self.session.load(lesson.panel.config_at(alpha), compare=lesson.panel.compare))
            self.goto_lesson(start)
        if self.quiz_options is not None:
            self.open_quiz(**self.quiz_options)  # `nn-tutor quiz`: the quiz alone, the shell when it ends
        elif self.exercises is not None:
            from nn_tutor.ui.workspace_screen import open_exercises

            open_exercises(self, self.exercises)

    def _save(self) -> None:
        self._save_due = False
        had_notice = self.progress.notice
        if not self.progress.save() and self.progress.notice != had_notice:
            self.notify(self.progress.notice, severity="warning", timeout=10, markup=False)

    def action_toc(self) -> None:
        if not self.read_lessons():
            return
        from nn_tutor.ui.screens import TocScreen

        def chosen(index: int | None) -> None:
            if index is not None and index != self.index:
                self.goto_lesson(index)

        self._keep_place()  # the lesson showing counts as done in the list once run
        self.push_screen(
            TocScreen(self.lessons, self.index, self.progress.completed, self._exercises_by_lesson()), callback=chosen
        )

    def _exercises_by_lesson(self) -> dict[str, tuple[int, int]]:
        """Lesson id -> (its exercises that passed at the last check, its exercises)."""
        from nn_tutor.exercises.catalogue import EXERCISES

        counts: dict[str, tuple[int, int]] = {}
        for exercise in EXERCISES:
            passed, total = counts.get(exercise.lesson, (0, 0))
            counts[exercise.lesson] = (passed + (exercise.name in self.progress.exercises), total + 1)
        return counts

    def action_progress(self) -> None:
        from nn_tutor.ui.progress_screen import ProgressScreen

        if self.progress is not None and not isinstance(self.screen, ProgressScreen):
            lessons = self.read_lessons()
            self.push_screen(ProgressScreen(self.progress, [(lesson.id, lesson.title) for lesson in lessons]))

    def action_help(self) -> None:
        from nn_tutor.ui.lesson_screen import LessonScreen
        from nn_tutor.ui.screens import DONE, MOVING_KEYS, HelpScreen

        self.push_screen(
            HelpScreen(
                [
                    ("Lesson and model", LessonScreen.BINDINGS),
                    ("Everywhere", self.BINDINGS),
                    ("Moving around", MOVING_KEYS),
                ],
                notes=DONE,
            )
        )

    def action_save_screenshot(self) -> None:
        from nn_tutor.ui.screens import save_screenshot

        save_screenshot(self)

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"
        if self.progress is not None:
            self.progress.theme = self.theme
            self.progress.save()

    async def action_quit(self) -> None:
        if self.progress is not None:
            self._keep_place()
            self.progress.save()
            self._save_due = False
        self.close_session()
        self.exit(0)

    def close_session(self) -> None:
        process, self._process = self._process, None
        if process is not None:  # never taken by a Session (whose reader would close its output)
            process.end()
            process.stdout.close()
        for session in (self._session, self.learner_session):
            if session is not None:
                session.close()

    def on_unmount(self) -> None:
        self._collect_again()
        if self._save_due:  # ended (a served tab closed) before the lesson shown was written
            self.progress.save()
        self.close_session()


def run_tutor(
    lessons_dir: str | None = None, reset_progress: bool = False, quiz: dict | None = None, exercises: str | None = None
) -> int:
    """`nn-tutor`: run the app (on the exercises of the folder `exercises`, if given); returns the exit code."""
    app = TutorApp(lessons_dir=lessons_dir, reset_progress=reset_progress, quiz=quiz, exercises=exercises)
    try:
        result = app.run()
    finally:
        app.close_session()
    return result if isinstance(result, int) else (app.return_code or 0)
