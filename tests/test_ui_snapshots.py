"""Snapshots of the lesson screen (pytest-textual-snapshot), small and large terminals.

Everything shown is seeded and the screenshot is taken once the panel shows a fixed number
of steps, so the pictures only change when the screen does. Update them with
`pytest tests/test_ui_snapshots.py --snapshot-update` after checking the report.
"""

from __future__ import annotations

import pytest
from conftest import THREE_LESSONS


@pytest.fixture
def app_on(tutor):
    def make(lesson: int):
        app = tutor.app(lessons_dir=tutor.lessons(*THREE_LESSONS))

        async def run_before(pilot):
            await tutor.lesson_screen(pilot)
            if lesson:
                app.goto_lesson(lesson)
            screen = await tutor.lesson_screen(pilot, THREE_LESSONS[lesson]["id"])
            await pilot.press(*["space"] * 5)
            await tutor.snapshot(pilot, screen, lambda s: s.iteration == 5)

        return app, run_before

    return make


@pytest.mark.parametrize("size", [(80, 24), (160, 50)])
def test_two_layer_lesson_forward_values(snap_compare, app_on, size):
    app, run_before = app_on(1)
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", [(80, 24), (160, 50)])
def test_one_unit_lesson_decision_boundary(snap_compare, app_on, size):
    app, run_before = app_on(0)
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.fixture
def over_lesson(tutor):
    """An app on the first lesson (nothing run), then `open` (a coroutine on the pilot)."""

    def make(open):
        app = tutor.app(lessons_dir=tutor.lessons(*THREE_LESSONS))

        async def run_before(pilot):
            await tutor.lesson_screen(pilot)
            await open(pilot)
            await pilot.pause(0.2)

        return app, run_before

    return make


def test_quiz_screen(snap_compare, over_lesson, tutor):
    async def open(pilot):
        from textual.widgets import Input

        pilot.app.open_quiz(seed=7, count=3)
        screen = await tutor.wait_for(pilot, "QuizScreen")
        screen.query_one(Input).cursor_blink = False

    app, run_before = over_lesson(open)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("key, screen", [("question_mark", "HelpScreen"), ("t", "TocScreen")])
def test_help_and_lessons_list(snap_compare, over_lesson, tutor, key, screen):
    async def open(pilot):
        await pilot.press(key)
        await tutor.wait_for(pilot, screen)

    app, run_before = over_lesson(open)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_exercises_screen(snap_compare, over_lesson, tutor, monkeypatch):
    from nn_tutor.exercises.command import init_command
    from nn_tutor.ui.exercises_screen import ExercisesScreen

    monkeypatch.chdir(tutor.tmp_path)  # the screen names its folder: the same name each run
    init_command("workspace")

    async def open(pilot):
        pilot.app.push_screen(ExercisesScreen("workspace"))
        await tutor.wait_for(pilot, ExercisesScreen)
        await tutor.until(pilot, lambda: "checking" not in tutor.screen_text(pilot.app), what="the checks")

    app, run_before = over_lesson(open)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
