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
