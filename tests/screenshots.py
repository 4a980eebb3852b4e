"""Save the README's screenshots with the app's own screenshot key (F12).

NN_TUTOR_DATA_DIR=$(mktemp -d) python tests/screenshots.py    # writes tests/screenshots/*.svg
"""

import asyncio
import os
import shutil
import tempfile
from pathlib import Path

HERE = Path(__file__).parent / "screenshots"


async def shoot(app, pilot, lesson_id, keys=(), tab=None, name=None, again=False):
    """Open the lesson (`again`: stay on the one showing), press `keys`, save the screen."""
    from nn_tutor.ui.lesson_screen import LessonScreen

    ids = [lesson.id for lesson in app.lessons]
    if not again:
        app.goto_lesson(ids.index(lesson_id))
    while not (
        isinstance(app.screen, LessonScreen) and app.screen.lesson.id == lesson_id and app.screen.snapshot is not None
    ):
        await pilot.pause(0.05)
    screen = app.screen
    if tab:
        screen.panel.query_one("#views").active = f"tab-{tab}"
    await pilot.press(*keys)
    steps = keys.count("space")
    while steps and screen.snapshot.iteration < steps:  # the panel shows every step
        await pilot.pause(0.05)
    await pilot.pause(0.5)
    await pilot.press("f12")
    await pilot.pause(0.2)
    saved = HERE / f"nn-tutor-{lesson_id}.svg"
    saved.rename(HERE / f"{name or lesson_id}.svg")


async def save_as(pilot, name):
    """F12, and the picture renamed to `name`.svg."""
    before = set(HERE.glob("nn-tutor-*.svg"))
    await pilot.press("f12")
    await pilot.pause(0.2)
    (set(HERE.glob("nn-tutor-*.svg")) - before).pop().rename(HERE / f"{name}.svg")


async def shoot_exercises(app, pilot):
    """The exercises screen on the reference solutions, and lesson 18 training them (y)."""
    from nn_tutor.session.pair import Pair
    from nn_tutor.ui.exercises_screen import ExercisesScreen

    app.goto_lesson([lesson.id for lesson in app.lessons].index("two-layer-gradient-descent"))
    while getattr(app.screen, "snapshot", None) is None:
        await pilot.pause(0.05)
    await pilot.press("e")
    while not (isinstance(app.screen, ExercisesScreen) and all(app.screen.results.values())):
        await pilot.pause(0.1)
    await pilot.pause(0.3)
    await save_as(pilot, "exercises")
    await pilot.press("escape")
    await pilot.pause(0.3)
    screen = app.screen
    await pilot.press("y")
    while not (isinstance(screen.session, Pair) and screen.snapshot is not None):
        await pilot.pause(0.05)
    await shoot(app, pilot, "two-layer-gradient-descent", ["space"] * 60, tab="cost", name="yours", again=True)


async def main():
    os.environ["NN_TUTOR_SCREENSHOT_DIR"] = str(HERE)
    from nn_tutor.progress import Progress
    from nn_tutor.ui.app import TutorApp

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["HOME"] = tmp  # the workspace shows as ~/nn-tutor-exercises
        workspace = Path(tmp) / "nn-tutor-exercises"
        workspace.mkdir()
        shutil.copy(Path(__file__).parent / "exercise_solutions" / "network.py", workspace / "network.py")
        Progress(path=Path(tmp) / "p.json", workspace=str(workspace)).save()
        app = TutorApp(progress_path=Path(tmp) / "p.json")
        async with app.run_test(size=(120, 40)) as pilot:
            while not app.lessons:
                await pilot.pause(0.05)
            await shoot(app, pilot, "two-layer-gradient-descent", ["space"] * 60, tab="cost", name="cost")
            await shoot(app, pilot, "computation-graph", ["full_stop"] * 7, name="graph")
            await shoot(app, pilot, "why-non-linear", ["space"] * 300, tab="boundary", name="boundary")
            await shoot(app, pilot, "vanishing-gradients", ["space"] * 5, tab="gradient_norms", name="vanishing")
            await shoot_exercises(app, pilot)
            await pilot.press("k")
            await pilot.pause(1.0)
            await pilot.press("f12")
            await pilot.pause(0.2)
            quiz = sorted(HERE.glob("nn-tutor-*.svg"))
            if quiz:
                quiz[-1].rename(HERE / "quiz.svg")


if __name__ == "__main__":
    asyncio.run(main())
