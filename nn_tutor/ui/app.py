"""The tutor app: opens on the lesson where the learner left off and keeps their progress.

Start-up is kept lean: NumPy, the lessons and the model panel load after the first
frame, the next lesson's network is built ahead of time, and sympy is only ever
imported by the quiz.
"""

from __future__ import annotations

import os
from pathlib import Path

from textual.app import App
from textual.binding import Binding
from textual.widgets import Footer, Static

from nn_tutor.progress import Progress

def _tutor_commands():
    from nn_tutor.ui.commands import TutorCommands

    return TutorCommands


NO_QUIZ = "The quiz is not available in this version (nn_tutor.ui.quiz_screen is missing)."


class TutorApp(App):
    """Lessons beside a live network. `lessons_dir` is a teacher's folder (None: the shipped ones)."""

    TITLE = "nn-tutor"
    COMMANDS = App.COMMANDS | {_tutor_commands}
    CSS_PATH = Path(__file__).parent / "app.tcss"   # absolute, so subclasses elsewhere find it
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]
    BINDINGS = [
        Binding("t", "toc", "Lessons", tooltip="The table of contents: open any lesson."),
        Binding("question_mark", "help", "Help", key_display="?", tooltip="This list of keys."),
        Binding("l", "toggle_theme", "Light/dark", tooltip="Switch between the light and dark theme."),
        Binding("f12", "save_screenshot", "Screenshot", tooltip="Save the screen as an SVG picture."),
        Binding("q", "quit", "Quit", tooltip="Save your place and quit."),
        Binding("ctrl+q", "quit", "Quit", show=False, tooltip="Save your place and quit."),
    ]

    def __init__(self, lessons_dir: str | Path | None = None, progress_path: str | Path | None = None,
                 reset_progress: bool = False, quiz: dict | None = None):
        super().__init__()
        self.lessons_dir = lessons_dir
        self.progress_path = progress_path
        self.reset_progress = reset_progress
        self.quiz_options = quiz
        self.lessons: list = []
        self.index = 0
        self.progress: Progress | None = None
        self._ahead: dict[int, object] = {}

    def compose(self):
        yield Static("nn-tutor", classes="title-bar", markup=False)
        yield Static("Loading lessons…", id="loading")
        yield Footer()

    def on_mount(self) -> None:
        self.progress = Progress.load(self.progress_path)
        if self.reset_progress:
            self.progress.reset()
            self.progress.save()
        if self.progress.notice:
            self.notify(self.progress.notice, severity="warning", timeout=10, markup=False)
        self.call_after_refresh(self._open)

    def _open(self) -> None:
        import shlex

        from nn_tutor.lessons import default_lessons_dir, load_lessons
        from nn_tutor.lessons.text import shown as escaped

        self.lessons, errors = load_lessons(self.lessons_dir)
        if errors:
            shown = "\n".join(str(e) for e in errors[:3])
            more = f"\n… and {len(errors) - 3} more" if len(errors) > 3 else ""
            self.notify(f"{len(errors)} lesson file(s) skipped:\n{shown}{more}\n"
                        f"Run `nn-tutor check-lessons {shlex.quote(escaped(self.lessons_dir or default_lessons_dir()))}`"
                        " for the details.", severity="warning", timeout=15,
                        markup=False)
        if not self.lessons:
            from nn_tutor.ui.screens import MessageScreen

            folder = self.lessons_dir or default_lessons_dir()
            self.push_screen(MessageScreen(
                f"No lessons to show in {folder}.\n\nA lesson is a markdown file named like "
                "01-my-lesson.md with front matter; `nn-tutor check-lessons DIR` says what is wrong "
                "with a folder. Press q to quit."))
        else:
            ids = [lesson.id for lesson in self.lessons]
            start = ids.index(self.progress.lesson_id) if self.progress.lesson_id in ids else 0
            self.goto_lesson(start)
        if self.quiz_options is not None:
            self.open_quiz(**self.quiz_options)

    # -- lessons ----------------------------------------------------------------------------
    def _lesson_screen(self, index: int):
        from nn_tutor.ui.lesson_screen import LessonScreen

        trainer = self._ahead.pop(index, None)
        return LessonScreen(self.lessons[index], index, len(self.lessons), trainer=trainer)

    def goto_lesson(self, index: int, completed: str | None = None) -> None:
        """Open lesson `index` (if it exists); `completed` names the lesson just finished."""
        if not 0 <= index < len(self.lessons):
            return
        if completed:
            self.progress.complete(completed)
        self.index = index
        screen = self._lesson_screen(index)
        if isinstance(self.screen, type(screen)):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)
        self.progress.reach(self.lessons[index].id)
        self._save()
        self.call_after_refresh(self._build_ahead, index + 1)

    def _build_ahead(self, index: int) -> None:
        """Build the next lesson's network now, so `n` only has to lay out text."""
        if 0 <= index < len(self.lessons) and index not in self._ahead:
            from nn_tutor.model import Trainer

            self._ahead = {index: Trainer(**self.lessons[index].panel.trainer_kwargs())}

    def _save(self) -> None:
        had_notice = self.progress.notice
        if not self.progress.save() and self.progress.notice != had_notice:
            self.notify(self.progress.notice, severity="warning", timeout=10, markup=False)

    # -- other screens ----------------------------------------------------------------------
    def open_quiz(self, topics=None, count: int = 10, seed: int | None = None, review: bool = False) -> None:
        try:
            from nn_tutor.ui.quiz_screen import QuizScreen
        except ImportError:
            self.notify(NO_QUIZ, severity="warning", timeout=8)
            return
        self.push_screen(QuizScreen(topics=topics, count=count, seed=seed, review=review, progress=self.progress),
                         callback=lambda _result: self._save())

    def action_toc(self) -> None:
        if not self.lessons:
            return
        from nn_tutor.ui.screens import TocScreen

        def chosen(index: int | None) -> None:
            if index is not None and index != self.index:
                self.goto_lesson(index)

        self.push_screen(TocScreen(self.lessons, self.index, self.progress.completed), callback=chosen)

    def action_help(self) -> None:
        from nn_tutor.ui.lesson_screen import LessonScreen
        from nn_tutor.ui.screens import HelpScreen

        self.push_screen(HelpScreen([("Lesson and model", LessonScreen.BINDINGS),
                                     ("Everywhere", self.BINDINGS),
                                     ("Text", [Binding("up,down", "", "", key_display="↑ ↓",
                                                       tooltip="Scroll the lesson (pgup/pgdn a page)."),
                                               Binding("ctrl+p", "", "", key_display="ctrl+p",
                                                       tooltip="Command palette: jump to a lesson, run any action.")])]))

    def action_save_screenshot(self) -> None:
        """Save an SVG of the screen in $NN_TUTOR_SCREENSHOT_DIR, or the current folder."""
        folder = os.environ.get("NN_TUTOR_SCREENSHOT_DIR") or os.getcwd()
        name = getattr(self.screen, "name", None) or "nn-tutor"
        filename = f"nn-tutor-{name}.svg"
        if self.is_web:
            self.deliver_screenshot(filename=filename)
            return
        try:
            path = self.save_screenshot(filename=filename, path=folder)
        except OSError as err:
            self.notify(f"Could not save the screenshot: {err}", severity="error", markup=False)
            return
        self.notify(f"Screenshot saved: {path}", markup=False)

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"

    async def action_quit(self) -> None:
        if self.progress is not None:
            self.progress.save()
        self.exit(0)


def run_tutor(lessons_dir: str | None = None, reset_progress: bool = False, quiz: dict | None = None) -> int:
    """`nn-tutor`: run the app; returns the exit code."""
    app = TutorApp(lessons_dir=lessons_dir, reset_progress=reset_progress, quiz=quiz)
    result = app.run()
    return result if isinstance(result, int) else (app.return_code or 0)
