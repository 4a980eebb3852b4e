"""Snapshots of the lesson screen (pytest-textual-snapshot), small and large terminals.

Everything shown is seeded and the screenshot is taken after a fixed number of steps, so
the pictures only change when the screen does. Update them with
`pytest tests/test_ui_snapshots.py --snapshot-update` after checking the report.
"""

from __future__ import annotations

import pytest

from nn_tutor.ui.app import TutorApp
from test_ui_app import lesson_screen, write_lessons


@pytest.fixture
def app_on(tmp_path):
    def make(lesson: int):
        folder = write_lessons(tmp_path / "lessons")
        app = TutorApp(lessons_dir=folder, progress_path=tmp_path / "progress.json")

        async def run_before(pilot):
            await lesson_screen(pilot)
            if lesson:
                app.goto_lesson(lesson)
            screen = await lesson_screen(pilot)
            await pilot.press(*["space"] * 5)
            screen.refresh_panel()
            await pilot.pause()

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
