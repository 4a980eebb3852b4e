"""A round of the quiz without a screen: score, streak, hints, review cards, saving."""

import datetime as dt
import json

from nn_tutor.progress import Progress
from nn_tutor.quiz.review import due_questions, mastery, record, repair
from nn_tutor.quiz.round import QuizRound, start_round
from nn_tutor.quiz.topics import GENERATORS

TODAY = dt.date(2026, 3, 2)


class FakeProgress:
    """The Progress contract: a `quiz` dict and a `save()` that returns whether it worked."""

    def __init__(self, quiz=None, works=True):
        self.quiz = quiz if quiz is not None else {}
        self.works = works
        self.saves = 0

    def save(self):
        json.dumps(self.quiz)  # must stay JSON-serialisable
        self.saves += 1
        return self.works


def sigmoid_at(z):
    return GENERATORS["sigmoid"].question({"given": "z", "value": z})


def test_right_answers_build_a_streak_and_a_wrong_one_ends_it():
    session = QuizRound([sigmoid_at(0.0), sigmoid_at(1.0), sigmoid_at(2.0)], today=TODAY)
    assert session.answer("1/4").correct
    session.next()
    assert session.answer("0.196612").correct
    assert (session.score, session.streak) == (2, 2)
    session.next()
    assert not session.answer("0.5").correct
    assert (session.score, session.streak, session.best_streak) == (2, 0, 2)
    assert not session.next() and session.finished


def test_an_answer_is_judged_once():
    session = QuizRound([sigmoid_at(0.0)], today=TODAY)
    assert not session.answer("0.4").correct
    assert not session.answer("0.25").correct  # a second try does not change the verdict
    assert len(session.results) == 1


def test_an_unreadable_answer_may_be_typed_again():
    session = QuizRound([sigmoid_at(0.0)], today=TODAY)
    verdict = session.answer("one quarter")
    assert not verdict.understood and not session.answered
    session.next()  # cannot skip ahead without an answer
    assert session.index == 0
    assert session.answer("0.25").correct


def test_a_correctly_rounded_but_short_answer_is_close_and_never_goes_to_review():
    progress = FakeProgress()
    question = GENERATORS["tanh"].question({"given": "z", "value": 1.5})  # tanh′(1.5) = 0.180707
    session = QuizRound([question], progress=progress, today=TODAY)
    verdict = session.answer("0.18")
    assert verdict.close and not verdict.correct and verdict.understood
    assert verdict.message == "Close: give 3 significant figures."
    assert not session.answered and session.results == [] and progress.saves == 0
    assert session.answer("0.181").correct
    assert progress.quiz["cards"] == {} and session.score == 1


def test_two_hints_then_no_more():
    session = QuizRound([sigmoid_at(0.0)], today=TODAY)
    first, second = session.hint(), session.hint()
    assert first and second and first != second
    assert session.hint() is None
    assert session.hints == [first, second]
    session.answer("0.25")
    assert session.results[0].hints_used == 2


def test_revealing_counts_as_missed():
    session = QuizRound([sigmoid_at(0.0)], today=TODAY)
    verdict = session.reveal()
    assert not verdict.correct and session.answered and session.score == 0


def test_progress_gets_mastery_and_the_missed_question():
    progress = FakeProgress()
    questions = [sigmoid_at(0.0), sigmoid_at(1.0)]
    session = QuizRound(questions, progress=progress, today=TODAY)
    session.answer("0.25")
    session.next()
    session.answer("0.9")
    assert progress.saves == 2
    assert progress.quiz["mastery"] == {"sigmoid": {"right": 1, "asked": 2}}
    assert list(progress.quiz["cards"]) == [questions[1].id]
    assert due_questions(progress.quiz, TODAY) == [questions[1]]
    assert "missed" in session.score_text() and "--review" in session.score_text()


def test_a_missed_question_comes_back_less_often_as_it_is_answered_then_leaves():
    quiz = {}
    question = sigmoid_at(2.0)
    record(quiz, question, False, TODAY)
    day, passes = TODAY, 0
    while question.id in quiz["cards"]:
        assert [q.id for q in due_questions(quiz, day)] == [question.id]
        record(quiz, question, True, day)
        passes += 1
        if question.id in quiz["cards"]:
            day = max(day, dt.datetime.fromisoformat(quiz["cards"][question.id]["card"]["due"]).date())
    assert 3 <= passes <= 10 and day > TODAY + dt.timedelta(days=20)
    assert mastery(quiz) == {"sigmoid": (passes, passes + 1)}


def test_missing_again_brings_it_back_the_same_day():
    quiz = {}
    question = sigmoid_at(2.0)
    record(quiz, question, False, TODAY)
    record(quiz, question, True, TODAY)
    record(quiz, question, True, TODAY + dt.timedelta(days=1))
    assert due_questions(quiz, TODAY + dt.timedelta(days=1)) == []
    record(quiz, question, False, TODAY + dt.timedelta(days=1))
    assert due_questions(quiz, TODAY + dt.timedelta(days=1)) == [question]


def test_review_runs_only_the_due_questions():
    progress = FakeProgress()
    missed = sigmoid_at(3.0)
    record(progress.quiz, missed, False, TODAY)
    session = start_round(["sigmoid", "tanh"], count=10, review=True, progress=progress, today=TODAY)
    assert [q.id for q in session.questions] == [missed.id]
    assert start_round(["tanh"], review=True, progress=progress, today=TODAY).questions == []
    empty = start_round(None, review=True, progress=FakeProgress(), today=TODAY)
    assert "Nothing is due" in empty.score_text()


def test_a_normal_round_brings_back_due_questions_first():
    progress = FakeProgress()
    missed = sigmoid_at(3.0)
    record(progress.quiz, missed, False, TODAY)
    session = start_round(None, count=6, seed=1, progress=progress, today=TODAY)
    assert session.questions[0].id == missed.id
    assert len(session.questions) == 6 and len({q.id for q in session.questions}) == 6


def test_without_progress_nothing_is_saved_and_the_summary_says_so():
    session = start_round(["chain"], count=2, seed=3)
    session.reveal()
    session.next()
    session.reveal()
    assert "not saved" in session.score_text()
    assert "chain" in session.score_text() and "0/2 this round" in session.score_text()
    assert "distinct" not in session.score_text() and "17,496" not in session.score_text()


def test_a_failed_save_is_reported():
    session = QuizRound([sigmoid_at(0.0)], progress=FakeProgress(works=False), today=TODAY)
    session.answer("0.25")
    assert "could not be saved" in session.score_text()


def test_a_damaged_quiz_record_loses_only_its_bad_entries():
    good = sigmoid_at(1.0)
    quiz = {
        "mastery": {
            "sigmoid": {"right": 3, "asked": 4},
            "tanh": "lots",
            "relu": {"right": -1, "asked": True},
        },
        "boxes": {
            good.id: {"box": 2, "due": "2026-03-01", "question": good.to_dict()},
            "bogus": {"box": 9, "due": "tomorrow", "question": {}},
            "other": [1, 2],
        },
    }
    assert repair(quiz) == 2
    assert quiz["mastery"] == {
        "sigmoid": {"right": 3, "asked": 4},
        "relu": {"right": 0, "asked": 0},
    }
    assert list(quiz["cards"]) == [good.id] and "boxes" not in quiz
    broken = {"mastery": [], "boxes": "x", "cards": [], "topics": 5}
    assert repair(broken) == 0 and broken == {"mastery": {}, "cards": {}, "topics": {}}


def unreadable(question, expected):
    saved = question.to_dict()
    saved["expected"] = expected
    return {"box": 1, "due": "2026-03-01", "question": saved}


def test_a_saved_question_whose_answer_does_not_parse_is_dropped_with_a_notice():
    good, bad, worse = sigmoid_at(1.0), sigmoid_at(2.0), GENERATORS["symbolic"].question({"form": "tanh_a"})
    progress = FakeProgress(
        {
            "boxes": {
                good.id: {"box": 1, "due": "2026-03-01", "question": good.to_dict()},
                bad.id: unreadable(bad, "zero point two"),
                worse.id: unreadable(worse, "1 - a^2 where b = tanh(z)"),
            }
        }
    )
    session = start_round(None, review=True, progress=progress, today=TODAY)
    assert [q.id for q in session.questions] == [good.id]
    assert "2 saved review question(s) could not be read" in session.notice
    assert list(progress.quiz["cards"]) == [good.id]
    again = start_round(None, review=True, progress=progress, today=TODAY)
    assert again.notice == ""  # repaired once: the next round has nothing to say


def test_an_empty_review_after_dropping_says_both():
    bad = sigmoid_at(2.0)
    progress = FakeProgress({"boxes": {bad.id: unreadable(bad, "(")}})
    summary = start_round(None, review=True, progress=progress, today=TODAY).score_text()
    assert "Nothing is due" in summary and "1 saved review question(s)" in summary


def test_review_data_is_repaired_when_the_round_starts_not_on_every_read(monkeypatch):
    import nn_tutor.quiz.review as review

    calls = []
    real = review.repair
    monkeypatch.setattr(review, "repair", lambda quiz: calls.append(1) or real(quiz))
    progress = FakeProgress()
    session = start_round(["sigmoid"], count=3, seed=1, progress=progress, today=TODAY)
    for _ in range(3):
        session.reveal()
        session.score_text()
        session.next()
    session.score_text()
    assert len(calls) == 1


def test_the_quiz_record_survives_the_real_progress_file(tmp_path):
    progress = Progress.load(tmp_path / "progress.json")
    session = start_round(["shapes"], count=2, seed=5, progress=progress, today=TODAY)
    session.reveal()
    again = Progress.load(tmp_path / "progress.json")
    assert again.quiz == progress.quiz
    assert [q.id for q in due_questions(again.quiz, TODAY)] == [session.questions[0].id]
