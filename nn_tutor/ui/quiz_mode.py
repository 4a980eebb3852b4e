"""The quiz as TutorApp shows it: in a mode of its own, so that leaving it comes back to the
lesson as it was; answering a lesson's quiz makes that lesson done."""

from __future__ import annotations

from nn_tutor.ui.screens import Holder


class QuizMode:
    """TutorApp's quiz (a mixin: its state is the app's)."""

    def on_lesson_screen_open_quiz(self, message) -> None:
        self.open_quiz(topics=message.topics)
        self.quiz_lesson = self.lessons[self.index].id

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
