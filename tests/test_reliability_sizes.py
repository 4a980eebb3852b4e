"""Every screen at a tiny, a usual, a large and a huge terminal: it opens, draws, and says
something recognisable. The shipped lessons are used, so their real text is laid out."""

from __future__ import annotations

import pytest
from textual.command import CommandPalette

from nn_tutor.ui.quiz_screen import QuizScreen
from nn_tutor.ui.screens import HelpScreen, TocScreen

SIZES = [(40, 12), (80, 24), (120, 40), (250, 80)]
# size -> {shipped lesson: the views shown}. At the smallest and the largest size: every
# view of the first lesson, the computation graph, and the comparison of several runs;
# in between, fewer (the other UI tests run at 120x40).
EVERY = {
    "sigmoid-neuron": ["forward", "activation", "cost", "boundary", "gradients"],
    "computation-graph": ["graph"],
    "why-non-linear": ["compare"],
}
LESSONS = {
    (40, 12): EVERY,
    (80, 24): {"sigmoid-neuron": ["boundary"], "computation-graph": ["graph"]},
    (120, 40): {"sigmoid-neuron": ["boundary", "activation"]},
    (250, 80): EVERY,
}


def longest_word(title: str) -> str:
    return max(title.replace(",", " ").split(), key=len)


async def screenshot(tutor, app) -> str:
    """The screen's visible text, which must not be empty."""
    text = tutor.screen_text(app)
    assert text.strip()
    assert "Traceback" not in text
    tutor.assert_alive(app)
    return text


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
async def test_every_screen_opens_and_draws_at(tutor, size):
    width, height = size
    app = tutor.app()
    async with app.run_test(size=size) as pilot:
        await tutor.lesson_screen(pilot)
        ids = [lesson.id for lesson in app.read_lessons()]
        for lesson_id, views in LESSONS[size].items():
            if app.screen.lesson.id != lesson_id:
                app.goto_lesson(ids.index(lesson_id))
            screen = await tutor.lesson_screen(pilot)
            assert screen.lesson.id == lesson_id
            await pilot.press("space", "space", "full_stop")
            await tutor.snapshot(pilot, screen, lambda s: s.iteration == 2)
            for view in views:
                screen.panel.query_one("#views").active = f"tab-{view}"
                await pilot.pause()
                if view == "compare":
                    await tutor.until(pilot, lambda: "final cost" in tutor.static_text(screen), what="compare runs")
                text = await screenshot(tutor, app)
                assert f"lesson {screen.index + 1} of" in text or width < 60
                if width >= 80:
                    assert longest_word(screen.lesson.title) in text, (view, text)
                if width >= 120 and height >= 40:
                    assert "Iteration 2:" in text or "It. 2:" in text, (view, text)

        await pilot.press("question_mark")
        await tutor.wait_for(pilot, HelpScreen)
        text = await screenshot(tutor, app)
        assert "Keys" in text
        if height >= 24:
            assert "space" in text
        await pilot.press("escape", "t")
        await tutor.wait_for(pilot, TocScreen)
        text = await screenshot(tutor, app)
        assert "Lessons" in text
        if width >= 80 and height >= 24:
            assert app.lessons[0].title in text
        await pilot.press("escape", "ctrl+p")
        await tutor.wait_for(pilot, CommandPalette)
        await pilot.press(*"lesson")
        if height >= 24:  # the palette searches in a worker
            await tutor.until(pilot, lambda: "Lesson 1:" in tutor.screen_text(app), what="palette hits")
        text = await screenshot(tutor, app)
        assert "lesson" in text.lower()
        if height >= 24:
            assert "Lesson 1:" in text
        await pilot.press("escape")
        await tutor.lesson_screen(pilot)

        await pilot.press("k")
        await tutor.wait_for(pilot, QuizScreen)
        text = await screenshot(tutor, app)
        if height >= 24:
            assert "Question 1/" in text
        await pilot.press("escape")
        await tutor.lesson_screen(pilot)
        tutor.assert_alive(app)


@pytest.mark.slow
async def test_resizing_down_to_nothing_and_back_while_training(tutor):
    # plots redraw at every size and theme (the compare plot once took the log of its
    # logs on a redraw and crashed)
    folder = tutor.lessons(
        dict(
            id="resize",
            title="Resize",
            views="[boundary, compare]",
            extra="  compare:\n    field: learning_rate\n    values: [0.1, 30]\n    iterations: 50\n",
        )
    )
    app = tutor.app(lessons_dir=folder)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await tutor.lesson_screen(pilot)
        await tutor.until(pilot, lambda: "final cost" in tutor.static_text(screen), what="compare runs")
        await pilot.press("space", "r")
        for view in screen.panel.names:
            screen.panel.query_one("#views").active = f"tab-{view}"
            for width, height in [(1, 1), (250, 80), (100, 32)]:
                await pilot.resize_terminal(width, height)
                tutor.assert_alive(app)
            await pilot.press("l")  # the other theme: every plot redraws
        assert screen.running
        await tutor.paused(pilot, screen)
        assert "final cost" in tutor.static_text(screen)
        await screenshot(tutor, app)
