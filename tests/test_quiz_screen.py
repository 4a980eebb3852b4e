"""The quiz screen inside the tutor, as `nn-tutor quiz` opens it, driven by keys through Textual's pilot."""

import json

from textual.widgets import Input, Static

from nn_tutor.progress import Progress
from nn_tutor.quiz.check import read_number


def text_of(app, selector):
    return str(app.screen.query_one(selector, Static).render())


async def quiz_of(tutor, pilot):
    """The quiz screen, once it is on top; its session."""
    screen = await tutor.wait_for(pilot, "QuizScreen")
    return screen.round


async def type_answer(pilot, text):
    pilot.app.screen.query_one("#quiz-answer", Input).value = text
    await pilot.press("enter")


async def play_and_leave(tutor, **quiz):
    """`nn-tutor quiz` with these options: every question given up on (F3), then the score closed."""
    app = tutor.app(quiz=quiz)
    async with app.run_test() as pilot:
        session = await quiz_of(tutor, pilot)
        for _ in session.questions:
            await pilot.press("f3", "enter")
        await pilot.press("enter")
        await tutor.until_exit(pilot)
    return session


def saved_quiz(tutor):
    return json.loads(tutor.progress_path.read_text(encoding="utf-8"))["quiz"]


async def test_a_whole_round_is_played_and_saved(tutor):
    app = tutor.app(quiz=dict(topics=["sigmoid", "chain", "shapes"], count=3, seed=4))
    async with app.run_test() as pilot:
        session = await quiz_of(tutor, pilot)
        first, second, third = session.questions

        # right at once, typed key by key
        await pilot.press(*first.answer_text, "enter")
        assert text_of(app, "#quiz-verdict") == "Right!"
        assert first.solution.splitlines()[0] in text_of(app, "#quiz-solution")
        assert "Streak 1" in text_of(app, "#quiz-status")
        await pilot.press("enter")

        # two hints, then a wrong answer
        await pilot.press("f2", "f2")
        assert "Hint 2:" in text_of(app, "#quiz-hints")
        await type_answer(pilot, "(99, 99)" if second.kind == "shape" else "12345")
        assert text_of(app, "#quiz-verdict").startswith("Not quite")
        assert "Worked solution" in text_of(app, "#quiz-solution")
        await pilot.press("enter")

        # an unreadable answer is refused and may be typed again; then give up
        await type_answer(pilot, "__import__('os')")
        assert "Not understood" in text_of(app, "#quiz-verdict")
        assert session.index == 2 and not session.answered
        await pilot.press("f3")
        assert session.answered and not session.results[-1].correct
        await pilot.press("enter")

        assert session.finished
        summary = text_of(app, "#quiz-prompt")
        assert "Score 1/3" in summary and "sigmoid" in summary
        assert "distinct questions" not in summary and "not saved" not in summary
        await pilot.press("enter")
        await tutor.until_exit(pilot)
    assert app.return_code == 0

    saved = saved_quiz(tutor)
    assert sum(m["asked"] for m in saved["mastery"].values()) == 3
    assert sum(m["right"] for m in saved["mastery"].values()) == 1
    assert set(saved["cards"]) == {second.id, third.id}


async def test_review_asks_the_missed_questions_again(tutor):
    missed = (await play_and_leave(tutor, topics=["update"], count=2, seed=1)).questions[0]
    due_before = saved_quiz(tutor)["cards"][missed.id]["card"]["due"]

    review = tutor.app(quiz=dict(topics=["update"], count=10, review=True))
    async with review.run_test() as pilot:
        session = await quiz_of(tutor, pilot)
        assert len(session.questions) == 2 and session.questions[0].id == missed.id
        await type_answer(pilot, missed.answer_text)
        assert text_of(review, "#quiz-verdict") == "Right!"
        await pilot.press("escape")
        await tutor.until_exit(pilot)
    cards = Progress.load(tutor.progress_path).quiz["cards"]
    assert cards[missed.id]["card"]["due"] > due_before  # answered right: it comes back later


async def test_review_with_an_unreadable_saved_question_starts_and_says_so(tutor):
    kept, damaged = (await play_and_leave(tutor, topics=["update"], count=2, seed=1)).questions
    data = json.loads(tutor.progress_path.read_text(encoding="utf-8"))
    data["quiz"]["cards"][damaged.id]["question"]["expected"] = "0.1 0.2"
    tutor.progress_path.write_text(json.dumps(data), encoding="utf-8")

    review = tutor.app(quiz=dict(topics=["update"], count=10, review=True))
    async with review.run_test() as pilot:
        session = await quiz_of(tutor, pilot)
        assert [q.id for q in session.questions] == [kept.id]
        assert "could not be read and were removed" in text_of(review, "#quiz-verdict")
        await type_answer(pilot, kept.answer_text)
        assert text_of(review, "#quiz-verdict") == "Right!"
        await pilot.press("escape")
        await tutor.until_exit(pilot)
    assert list(Progress.load(tutor.progress_path).quiz["cards"]) == [kept.id]


async def test_a_question_mark_alone_shows_the_hint_at_once_and_close_answers_may_be_typed_again(tutor):
    app = tutor.app(quiz=dict(topics=["tanh"], count=2, seed=3))
    async with app.run_test() as pilot:
        session = await quiz_of(tutor, pilot)
        question = session.questions[0]
        await pilot.press("question_mark")
        assert text_of(app, "#quiz-hints") == f"Hint 1: {question.hints[0]}"
        assert app.screen.query_one("#quiz-answer", Input).value == ""
        await pilot.press("question_mark")
        assert f"Hint 2: {question.hints[1]}" in text_of(app, "#quiz-hints")
        assert type(app.screen).__name__ == "QuizScreen"  # the key typed a hint, not the help

        want = read_number(question.expected)
        await type_answer(pilot, f"{want:.1g}")
        assert text_of(app, "#quiz-verdict").startswith("Close: give 3 significant figures.")
        assert not session.answered
        await type_answer(pilot, f"{want:.3g}")
        assert text_of(app, "#quiz-verdict") == "Right!"
