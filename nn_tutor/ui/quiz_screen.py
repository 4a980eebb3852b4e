"""The quiz screen: shows a `QuizRound` and forwards the learner's keys to it.

The tutor pushes it from a lesson, or alone for `nn-tutor quiz`. Every rule of the quiz
lives in `nn_tutor.quiz.round`.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Input, Static

from nn_tutor.quiz.round import ProgressLike, QuizRound, start_round
from nn_tutor.ui.footer import KeyFooter

PLACEHOLDER = "Your answer, then Enter  (? for a hint)"


class QuizScreen(Screen[QuizRound]):
    """A round of quiz questions. Dismissed with the finished (or abandoned) round."""

    CSS_PATH = "quiz.tcss"
    AUTO_FOCUS = "#quiz-answer"
    BINDINGS = [
        Binding("enter", "next", "Next", tooltip="Check the answer, or go to the next question."),
        Binding("f2", "hint", "Hint", tooltip="Show a hint (two per question). Typing ? does too."),
        Binding(
            "f3",
            "reveal",
            "Solution",
            tooltip="Give up on this question and see the worked solution.",
        ),
        Binding("escape", "leave", "Leave quiz", tooltip="Close the quiz; answers so far are kept."),
    ]

    def __init__(
        self,
        topics: list[str] | None = None,
        count: int = 10,
        seed: int | None = None,
        review: bool = False,
        progress: ProgressLike | None = None,
    ) -> None:
        super().__init__()
        self.round = start_round(topics, count=count, seed=seed, review=review, progress=progress)
        self.sub_title = "Review" if review else "Quiz"

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="quiz-body"):
            yield Static(id="quiz-status", markup=False)
            yield Static(id="quiz-prompt", markup=False)
            yield Static(id="quiz-hints", markup=False)
            yield Input(placeholder=PLACEHOLDER, id="quiz-answer")
            yield Static(id="quiz-verdict", markup=False)
            yield Static(id="quiz-solution", markup=False)
            yield Static(id="quiz-next", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = "nn-tutor"
        self.show()
        if self.round.notice and not self.round.finished:
            self._notice(self.round.notice)

    # -- drawing -----------------------------------------------------------------------------
    def show(self) -> None:
        """Draw the round's state: the question, hints so far, verdict and solution."""
        quiz = self.round
        question = quiz.current
        status, prompt = (
            self.query_one("#quiz-status", Static),
            self.query_one("#quiz-prompt", Static),
        )
        hints, answer = self.query_one("#quiz-hints", Static), self.query_one("#quiz-answer", Input)
        verdict_box, solution = (
            self.query_one("#quiz-verdict", Static),
            self.query_one("#quiz-solution", Static),
        )
        next_line = self.query_one("#quiz-next", Static)
        if question is None:
            status.update(f"Round over — {len(quiz.results)} question(s)")
            prompt.update(quiz.score_text())
            prompt.add_class("-finished")
            for widget in (hints, verdict_box, solution):
                widget.display = False
            answer.display = False
            next_line.update("Enter or Esc: close the quiz")
            self.set_focus(None)
            self.refresh_bindings()
            return
        status.update(
            f"Question {quiz.index + 1}/{len(quiz.questions)} · {question.topic}"
            f"   Score {quiz.score}/{len(quiz.results)}   Streak {quiz.streak}"
        )
        prompt.update(question.prompt)
        shown = quiz.hints
        hints.update("\n".join(f"Hint {i}: {text}" for i, text in enumerate(shown, 1)))
        hints.display = bool(shown)
        verdict = quiz.verdict
        verdict_box.display = verdict is not None
        solution.display = verdict is not None
        verdict_box.set_classes("right" if verdict and verdict.correct else "wrong")
        answer.disabled = False
        answer.display = True
        if verdict is not None:
            verdict_box.update(verdict.message)
            solution.update("Worked solution\n" + question.solution + f"\n\nAnswer: {question.answer_text}")
            answer.read_only = True
            last = quiz.index + 1 == len(quiz.questions)
            next_line.update("Enter: see the score" if last else "Enter: next question")
            # in a short window the solution is below the fold: bring it up
            self.call_after_refresh(next_line.scroll_visible, animate=False)
        else:
            answer.read_only = False
            next_line.update("")
        self.refresh_bindings()

    def _notice(self, message: str) -> None:
        """A message that does not change the state (unreadable answer, no hints left)."""
        box = self.query_one("#quiz-verdict", Static)
        box.set_classes("notice")
        box.update(message)
        box.display = True

    # -- keys --------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        quiz = self.round
        if action in ("hint", "reveal"):
            if quiz.finished:
                return False
            if quiz.answered or (action == "hint" and len(quiz.hints) >= 2):
                return None  # shown greyed out
        return True

    @on(Input.Submitted, "#quiz-answer")
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_next()

    @on(Input.Changed, "#quiz-answer")
    def typed(self, event: Input.Changed) -> None:
        """`?` typed as the whole answer asks for a hint at once, without Enter."""
        if event.value.strip() == "?":
            event.input.value = ""
            self.action_hint()

    def action_next(self) -> None:
        quiz = self.round
        if quiz.finished:
            self.action_leave()
            return
        answer = self.query_one("#quiz-answer", Input)
        if quiz.answered:
            quiz.next()
            answer.value = ""
            self.show()
            self.query_one("#quiz-body").scroll_home(animate=False)
            if not quiz.finished:
                answer.focus()
            return
        text = answer.value
        verdict = quiz.answer(text)
        if not verdict.decided:
            self._notice(verdict.message + "  Try again, or F3 for the solution.")
            return
        self.show()

    def action_hint(self) -> None:
        if self.round.hint() is None and not self.round.answered and not self.round.finished:
            self._notice("No more hints: F3 shows the worked solution.")
            return
        self.show()

    def action_reveal(self) -> None:
        if not self.round.finished:
            self.round.reveal()
            self.show()

    def action_leave(self) -> None:
        self.dismiss(self.round)
