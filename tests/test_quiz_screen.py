"""The quiz screen driven by keys through Textual's pilot, alone and on top of another app."""

import json

from textual.app import App
from textual.widgets import Input, Static

from nn_tutor.progress import Progress
from nn_tutor.quiz.check import read_number
from nn_tutor.ui.quiz_screen import QuizApp, QuizScreen


def text_of(app, selector):
    return str(app.screen.query_one(selector, Static).render())


async def type_answer(pilot, text):
    pilot.app.screen.query_one("#quiz-answer", Input).value = text
    await pilot.press("enter")


async def test_a_whole_round_is_played_and_saved(tmp_path):
    progress = Progress.load(tmp_path / "progress.json")
    app = QuizApp(["sigmoid", "chain", "shapes"], count=3, seed=4, progress=progress)
    async with app.run_test() as pilot:
        session = app.quiz_screen.session
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
        assert "distinct questions" not in summary
        await pilot.press("enter")
    assert app.return_value is session

    saved = json.loads((tmp_path / "progress.json").read_text(encoding="utf-8"))["quiz"]
    assert sum(m["asked"] for m in saved["mastery"].values()) == 3
    assert sum(m["right"] for m in saved["mastery"].values()) == 1
    assert set(saved["cards"]) == {second.id, third.id}


async def test_review_asks_the_missed_questions_again(tmp_path):
    progress = Progress.load(tmp_path / "progress.json")
    app = QuizApp(["update"], count=2, seed=1, progress=progress)
    async with app.run_test() as pilot:
        missed = app.quiz_screen.session.questions[0]
        await pilot.press("f3", "enter", "f3", "enter", "enter")

    due_before = Progress.load(tmp_path / "progress.json").quiz["cards"][missed.id]["card"]["due"]
    review = QuizApp(["update"], count=10, review=True, progress=Progress.load(tmp_path / "progress.json"))
    async with review.run_test() as pilot:
        session = review.quiz_screen.session
        assert len(session.questions) == 2 and session.questions[0].id == missed.id
        await type_answer(pilot, missed.answer_text)
        assert text_of(review, "#quiz-verdict") == "Right!"
        await pilot.press("escape")
    cards = Progress.load(tmp_path / "progress.json").quiz["cards"]
    assert cards[missed.id]["card"]["due"] > due_before  # answered right: it comes back later


class Host(App):
    """Any app: the quiz is pushed on top of its screen and escape comes back to it."""

    def compose(self):
        yield Static("lesson", id="lesson")


async def test_escape_pops_the_quiz_off_a_host_app():
    app = Host()
    results = []
    async with app.run_test() as pilot:
        app.push_screen(QuizScreen(["symbolic"], count=1, seed=2), callback=results.append)
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)
        await type_answer(pilot, "1 - a^2")
        await pilot.press("escape")
        assert not isinstance(app.screen, QuizScreen)
        assert app.query_one("#lesson", Static)
    assert len(results) == 1 and len(results[0].results) == 1


async def test_without_progress_the_round_still_runs():
    app = QuizApp(None, count=1, seed=9)
    async with app.run_test() as pilot:
        await pilot.press("f3", "enter")
        assert "not saved" in text_of(app, "#quiz-prompt")
        await pilot.press("escape")
    assert app.return_value is not None


async def test_review_with_an_unreadable_saved_question_starts_and_says_so(tmp_path):
    progress = Progress.load(tmp_path / "progress.json")
    app = QuizApp(["update"], count=2, seed=1, progress=progress)
    async with app.run_test() as pilot:
        kept, damaged = app.quiz_screen.session.questions
        await pilot.press("f3", "enter", "f3", "enter", "enter")
    data = json.loads((tmp_path / "progress.json").read_text(encoding="utf-8"))
    data["quiz"]["cards"][damaged.id]["question"]["expected"] = "0.1 0.2"
    (tmp_path / "progress.json").write_text(json.dumps(data), encoding="utf-8")

    review = QuizApp(["update"], count=10, review=True, progress=Progress.load(tmp_path / "progress.json"))
    async with review.run_test() as pilot:
        assert [q.id for q in review.quiz_screen.session.questions] == [kept.id]
        assert "could not be read and were removed" in text_of(review, "#quiz-verdict")
        await type_answer(pilot, kept.answer_text)
        assert text_of(review, "#quiz-verdict") == "Right!"
        await pilot.press("escape")
    cards = Progress.load(tmp_path / "progress.json").quiz["cards"]
    assert list(cards) == [kept.id]


async def test_a_question_mark_alone_shows_the_hint_at_once():
    app = QuizApp(["sigmoid"], count=1, seed=3)
    async with app.run_test() as pilot:
        question = app.quiz_screen.session.questions[0]
        await pilot.press("question_mark")
        assert text_of(app, "#quiz-hints") == f"Hint 1: {question.hints[0]}"
        assert app.screen.query_one("#quiz-answer", Input).value == ""
        await pilot.press("question_mark")
        assert f"Hint 2: {question.hints[1]}" in text_of(app, "#quiz-hints")
        assert isinstance(app.screen, QuizScreen)  # the key typed a hint, not the help


async def test_close_answers_may_be_typed_again_on_screen():
    app = QuizApp(["tanh"], count=1, seed=3)
    async with app.run_test() as pilot:
        session = app.quiz_screen.session
        question = session.questions[0]
        want = read_number(question.expected)
        await type_answer(pilot, f"{want:.1g}")
        assert text_of(app, "#quiz-verdict").startswith("Close: give 3 significant figures.")
        assert not session.answered
        await type_answer(pilot, f"{want:.3g}")
        assert text_of(app, "#quiz-verdict") == "Right!"
