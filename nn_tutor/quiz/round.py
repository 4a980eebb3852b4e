"""One round of the quiz: the questions, the learner's answers, score, streak, and saving.

All the quiz's rules live here, so they can be tested without a screen: a question is
answered once (right or wrong at once, then the worked solution); up to two hints may be
asked before answering; giving up reveals the solution and counts as a miss; an answer
that cannot be read, or a number correctly rounded to too few figures, is neither, and
may be typed again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Protocol

from nn_tutor.quiz import review as memory
from nn_tutor.quiz.check import Verdict, check_answer
from nn_tutor.quiz.generators import check_topics, make_quiz
from nn_tutor.quiz.question import Question


class ProgressLike(Protocol):
    """What the quiz needs of `nn_tutor.progress.Progress`."""

    quiz: dict[str, Any]

    def save(self) -> bool: ...


@dataclass
class Result:
    question: Question
    answer: str
    correct: bool
    hints_used: int


@dataclass
class QuizRound:
    """A round of questions. `progress` (optional) receives mastery and review cards after each."""

    questions: list[Question]
    progress: ProgressLike | None = None
    today: dt.date = field(default_factory=dt.date.today)
    review: bool = False
    index: int = 0
    hints_shown: int = 0
    verdict: Verdict | None = None  # set once the current question is answered
    results: list[Result] = field(default_factory=list)
    streak: int = 0
    best_streak: int = 0
    save_failed: bool = False
    notice: str = ""  # said once when the round opens (saved questions that were dropped)

    # -- state -----------------------------------------------------------------------------
    @property
    def current(self) -> Question | None:
        return self.questions[self.index] if self.index < len(self.questions) else None

    @property
    def finished(self) -> bool:
        return self.current is None

    @property
    def answered(self) -> bool:
        """The current question has its verdict; the next key moves on."""
        return self.verdict is not None

    @property
    def score(self) -> int:
        return sum(r.correct for r in self.results)

    @property
    def hints(self) -> list[str]:
        """The hints shown so far for the current question."""
        question = self.current
        return list(question.hints[: self.hints_shown]) if question else []

    # -- actions ---------------------------------------------------------------------------
    def hint(self) -> str | None:
        """Show the next hint (at most two, and only before answering)."""
        question = self.current
        if question is None or self.answered or self.hints_shown >= len(question.hints):
            return None
        self.hints_shown += 1
        return question.hints[self.hints_shown - 1]

    def answer(self, text: str) -> Verdict:
        """Check an answer to the current question and record it, when it is right or wrong
        (an unreadable answer, or a number rounded to too few figures, may be typed again)."""
        question = self.current
        if question is None:
            return Verdict(False, "The round is over.", understood=False)
        if self.answered:
            assert self.verdict is not None
            return self.verdict
        verdict = check_answer(question.expected, text, question.kind)
        if verdict.decided:
            self._record(text, verdict)
        return verdict

    def reveal(self) -> Verdict:
        """Give up on the current question: the solution is shown and it counts as missed."""
        if self.current is None or self.answered:
            return self.verdict or Verdict(False, "The round is over.", understood=False)
        verdict = Verdict(False, "Here is how it goes.")
        self._record("", verdict)
        return verdict

    def next(self) -> bool:
        """Move on once the current question is answered; False when the round is over."""
        if self.current is not None and self.answered:
            self.index += 1
            self.hints_shown = 0
            self.verdict = None
        return not self.finished

    def _now(self) -> dt.date | dt.datetime:
        """When an answer is given: now, in a round of today; the day's start in one of another day."""
        return dt.datetime.now(dt.UTC) if self.today == dt.date.today() else self.today

    def _record(self, text: str, verdict: Verdict) -> None:
        question = self.current
        assert question is not None
        self.verdict = verdict
        self.results.append(Result(question, text, verdict.correct, self.hints_shown))
        self.streak = self.streak + 1 if verdict.correct else 0
        self.best_streak = max(self.best_streak, self.streak)
        if self.progress is not None:
            memory.record(self.progress.quiz, question, verdict.correct, self._now())
            self.save_failed = not self.progress.save()

    # -- the closing note ------------------------------------------------------------------
    def score_text(self) -> str:
        if not self.questions:
            if self.review:
                empty = "Nothing is due for review: every missed question has been answered since."
            else:
                empty = "This round has no questions."
            return f"{empty}\n{self.notice}" if self.notice else empty
        asked = len(self.results)
        lines = [f"Score {self.score}/{asked}   best streak {self.best_streak}"]
        by_topic: dict[str, list[Result]] = {}
        for result in self.results:
            by_topic.setdefault(result.question.topic, []).append(result)
        overall = memory.mastery(self.progress.quiz) if self.progress is not None else {}
        for topic, results in by_topic.items():
            right = sum(r.correct for r in results)
            line = f"  {topic:<11} {right}/{len(results)} this round"
            if topic in overall:
                total_right, total_asked = overall[topic]
                line += f", {total_right}/{total_asked} overall"
            lines.append(line)
        missed = asked - self.score
        if missed and self.progress is not None:
            lines.append(f"{missed} missed question(s) will come back: nn-tutor quiz --review")
        if self.save_failed:
            lines.append("Your progress could not be saved.")
        elif self.progress is None:
            lines.append("(Progress is not saved in this round.)")
        lines.append("A new --seed gives new numbers.")
        return "\n".join(lines)


def start_round(
    topics: list[str] | None = None,
    count: int = 10,
    seed: int | None = None,
    review: bool = False,
    progress: ProgressLike | None = None,
    today: dt.date | None = None,
) -> QuizRound:
    """A new round: with `review`, the due missed questions only; otherwise fresh questions,
    led by up to a third of them from the due missed ones."""
    chosen = check_topics(topics)
    today = today or dt.date.today()
    dropped = memory.repair(progress.quiz) if progress is not None else 0
    due = memory.due_questions(progress.quiz, today, chosen) if progress is not None else []
    if review:
        questions = due[:count]
    else:
        again = due[: count // 3]
        ids = {q.id for q in again}
        fresh = [q for q in make_quiz(chosen, count + len(again), seed) if q.id not in ids]
        questions = again + fresh[: count - len(again)]
    notice = f"{dropped} saved review question(s) could not be read and were removed." if dropped else ""
    return QuizRound(questions, progress=progress, today=today, review=review, notice=notice)
