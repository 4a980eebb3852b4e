"""The tutor app: opens on the lesson where the learner left off and keeps their progress.

Start-up is kept lean: the training process starts at once and imports NumPy beside the
app; the first frame shows the lesson where the learner left off (that file alone is read)
before the app imports NumPy itself; the model panel is built after that frame, the other
lessons are read once it shows the network; sympy is only ever imported by the quiz.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static

from nn_tutor.progress import Progress
from nn_tutor.ui.screens import Holder


def _tutor_commands():
    from nn_tutor.ui.commands import TutorCommands

    return TutorCommands


AFTER_SHOWN_SECONDS = 0.25  # after a lesson shows its network: the one left goes, the next is built
READ_ALL_SECONDS = 1.0  # the other lessons are read by then at the latest (else once the network shows)


class TutorApp(App):
    """Lessons beside a live network. `lessons_dir` is a teacher's folder (None: the shipped ones)."""

    TITLE = "nn-tutor"
    COMMANDS = App.COMMANDS | {_tutor_commands}
    CSS_PATH = Path(__file__).parent / "app.tcss"  # absolute, so subclasses elsewhere find it
    # the lessons show in the app's first mode, so that the first one needs no mode switch
    # (a switch to a new mode restyles the whole app); the quiz has a mode of its own
    DEFAULT_MODE = "lesson"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]
    BINDINGS = [
        Binding("t", "toc", "Lessons", tooltip="The table of contents: open any lesson."),
        Binding("question_mark", "help", "Help", key_display="?", tooltip="This list of keys."),
        Binding(
            "o",
            "progress",
            "Progress",
            show=False,
            tooltip="Your progress: lessons done, exercises passed, quiz recall, what next.",
        ),
        Binding("l", "toggle_theme", "Light/dark", tooltip="Switch between the light and dark theme."),
        Binding("f12", "save_screenshot", "Screenshot", tooltip="Save the screen as an SVG picture."),
        Binding("q", "quit", "Quit", tooltip="Save your place and quit."),
        Binding("ctrl+q", "quit", "Quit", show=False, tooltip="Save your place and quit."),
        Binding(
            "ctrl+p",
            "command_palette",
            "Commands",
            show=False,
            priority=True,
            tooltip="Command palette: run any action by name, or jump to a lesson.",
        ),
    ]

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
            self._session = Session(on_change=self._session_changed, process=process)
        return self._session

    @property
    def session_started(self) -> bool:
        return self._session is not None

    def on_mount(self) -> None:
        from nn_tutor.session.child import start

        self._process = start()  # trains beside the app while the first lesson is drawn
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

        found = find_lesson(self.lessons_dir, self.progress.lesson_id)
        if found is None:
            return  # _open loads the folder and says what is wrong
        lesson, index, count = found
        self.lessons, self.index = [lesson], 0  # the whole list, and its place there, come in _open
        self._show_lesson(0, self._new_lesson_screen(lesson, index, count))

    def _open(self) -> None:
        """Read every lesson; open the first (or the quiz, or the exercises) if not shown yet."""
        # Textual 8.2.8 can run a callback queued with call_after_refresh twice when it
        # switches screens (here: to the first lesson); the lessons load once
        if self._opened:
            return
        self._opened = True
        import shlex

        from nn_tutor.lessons import default_lessons_dir, load_lessons
        from nn_tutor.lessons.text import shown as escaped

        shown_first = self.lessons[0] if self.lessons else None
        self.lessons, errors = load_lessons(self.lessons_dir)
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

    # -- lessons ----------------------------------------------------------------------------
    def _lesson_screen(self, index: int, ahead: bool = False):
        early, self._early = self._early, None
        generation = early[1] if early is not None and early[0] == index and not ahead else None
        return self._new_lesson_screen(self.lessons[index], index, len(self.lessons), generation, ahead)

    def _new_lesson_screen(self, lesson, index: int, count: int, generation: int | None = None, ahead: bool = False):
        from nn_tutor.ui.lesson_screen import LessonScreen

        return LessonScreen(
            lesson,
            index,
            count,
            place=self.progress.places.get(lesson.id),
            speed=self.speed,
            generation=generation,
            built_ahead=ahead,
        )

    def _renumber(self, lesson_id: str) -> None:
        """The whole folder has loaded: the lesson shown first learns its place among them."""
        from nn_tutor.ui.lesson_screen import LessonScreen

        self.index = [lesson.id for lesson in self.lessons].index(lesson_id)
        for screen in self.screen_stack:
            if isinstance(screen, LessonScreen) and screen.lesson.id == lesson_id:
                screen.renumber(self.index, len(self.lessons))

    @property
    def speed(self) -> int | None:
        """The running speed the learner chose last (kept across lessons and runs)."""
        from nn_tutor.session import DEFAULT_SPEED, SPEEDS

        saved = self.progress.speed
        if saved == "max":
            return None
        return saved if saved in SPEEDS and saved is not None else DEFAULT_SPEED

    def _keep_place(self) -> None:
        """Remember where the learner is in the lesson showing, and the speed; a lesson whose
        network was run is done, however the learner leaves it (n, t, q)."""
        from nn_tutor.ui.lesson_screen import LessonScreen

        for screen in self.screen_stack:
            if isinstance(screen, LessonScreen) and screen.is_mounted:
                self.progress.places[screen.lesson.id] = screen.where()
                self.progress.speed = "max" if screen.speed is None else screen.speed
                if screen.tried:
                    self.progress.complete(screen.lesson.id)

    def _after_shown(self) -> None:
        """The lesson has drawn its network: remove the lessons left, then build the next one."""
        self._after_due = False
        if not self.is_running or not self.screen_stack:  # the app is closing
            return
        self._open()
        self._drop_leaving()
        self._build_ahead()

    def _drop_leaving(self) -> None:
        leaving, self._leaving = self._leaving, []
        for screen in leaving:
            self.uninstall_screen(screen)
            screen.remove()

    def _build_ahead(self) -> None:
        """Build the next lesson's screen while this one is read, so `n` only shows it."""
        if (
            self.ahead_screen is not None
            or self.current_mode != "lesson"
            or not 0 <= self.index + 1 < len(self.lessons)
        ):
            return
        if getattr(self.screen, "running", False):  # not while training draws: once it pauses
            return
        self.ahead_screen = self._lesson_screen(self.index + 1, ahead=True)
        # Textual 8.2.8 has no public call that mounts a screen before it is shown; this is
        # what push_screen and switch_screen do first with a screen that is not running
        self._register(self, self.ahead_screen)

    def _take_ahead(self, index: int):
        """The screen built ahead if it is lesson `index`'s; kept if it still comes next, else dropped."""
        ahead = self.ahead_screen
        if ahead is None or ahead.index == index + 1:
            return None
        self.ahead_screen = None
        if ahead.index == index:
            return ahead
        ahead.remove()
        return None

    def goto_lesson(self, index: int, completed: str | None = None) -> None:
        """Open lesson `index` (if it exists); `completed` names the lesson just finished."""
        if not 0 <= index < len(self.read_lessons()):
            return
        if completed:
            self.progress.complete(completed)
        self.quiz_options = None  # a lesson opened: the tutor no longer ends with the quiz
        self._keep_place()
        self.index = index
        if self.current_mode == "quiz":
            self._end_quiz_mode()
        self.switch_mode("lesson")
        while len(self.screen_stack) > 2:  # help or the lessons list left open
            self.pop_screen()
        screen = self._take_ahead(index)
        if screen is not None:  # built ahead: the place and speed may have moved since
            screen.place = self.progress.places.get(screen.lesson.id) or {}
            screen.set_reactive(type(screen).speed, self.speed)
        else:
            screen = self._lesson_screen(index)
        self._show_lesson(index, screen)

    def _show_lesson(self, index: int, screen) -> None:
        if self.current_mode != "lesson":
            self.switch_mode("lesson")
        if len(self.screen_stack) == 2:
            # the lesson left stays (installed) until the new one has drawn: removing its
            # hundred widgets would otherwise come before that
            self._drop_leaving()  # any left before that never drew
            left = self.screen_stack[-1]
            if isinstance(left, type(screen)) and not self.is_screen_installed(left):
                self.install_screen(left, f"leaving-{id(left)}")
                self._leaving.append(left)
            self.switch_screen(screen)
        else:
            self.push_screen(screen)
        self.progress.reach(screen.lesson.id)
        self._save()

    def on_lesson_screen_navigate(self, message) -> None:
        self.goto_lesson(message.index, completed=message.completed)

    def on_lesson_screen_open_quiz(self, message) -> None:
        self.open_quiz(topics=message.topics)
        self.quiz_lesson = self.lessons[self.index].id

    def _save(self) -> None:
        had_notice = self.progress.notice
        if not self.progress.save() and self.progress.notice != had_notice:
            self.notify(self.progress.notice, severity="warning", timeout=10, markup=False)

    # -- other screens ----------------------------------------------------------------------
    def open_quiz(self, topics=None, count: int = 10, seed: int | None = None, review: bool = False) -> None:
        """The quiz, in its own mode: leaving it comes back to the lesson as it was."""
        from nn_tutor.ui.quiz_screen import QuizScreen

        if self.current_mode == "quiz":
            self._end_quiz_mode()
        self.switch_mode("quiz")
        self.quiz_lesson = None
        self.push_screen(
            QuizScreen(topics=topics, count=count, seed=seed, review=review, progress=self.progress),
            callback=self._quiz_done,
        )

    def _quiz_done(self, result) -> None:
        if self.quiz_lesson and result is not None and result.results:
            self.progress.complete(self.quiz_lesson)  # its quiz answered: the lesson is done
        self._save()
        if self.quiz_options is not None:
            self.exit(0)
            return
        self._end_quiz_mode()

    def _end_quiz_mode(self) -> None:
        """Back to the lessons (or the start screen); the quiz's screens are dropped."""
        if self.current_mode != "quiz":
            return
        self.switch_mode("lesson")
        self.remove_mode("quiz")
        self.add_mode("quiz", Holder)

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
