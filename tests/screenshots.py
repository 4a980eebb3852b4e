"""Save the README's screenshots with the app's own screenshot key (F12).

    NN_TUTOR_DATA_DIR=$(mktemp -d) python tests/screenshots.py    # writes tests/screenshots/*.svg
"""

import asyncio
import os
import tempfile
from pathlib import Path

HERE = Path(__file__).parent / "screenshots"


async def shoot(app, pilot, lesson_id, keys=(), tab=None, name=None):
    from textual.widgets import TabbedContent

    from nn_tutor.ui.lesson_screen import LessonScreen

    ids = [lesson.id for lesson in app.lessons]
    app.goto_lesson(ids.index(lesson_id))
    while not (isinstance(app.screen, LessonScreen) and app.screen.lesson.id == lesson_id
               and app.screen.snapshot is not None):
        await pilot.pause(0.05)
    screen = app.screen
    if tab:
        screen.panel.query_one("#views", TabbedContent).active = f"tab-{tab}"
    await pilot.press(*keys)
    steps = keys.count("space")
    while steps and screen.snapshot.iteration < steps:      # the panel shows every step
        await pilot.pause(0.05)
    await pilot.pause(0.5)
    await pilot.press("f12")
    await pilot.pause(0.2)
    saved = HERE / f"nn-tutor-{lesson_id}.svg"
    saved.rename(HERE / f"{name or lesson_id}.svg")


async def main():
    os.environ["NN_TUTOR_SCREENSHOT_DIR"] = str(HERE)
    from nn_tutor.ui.app import TutorApp

    with tempfile.TemporaryDirectory() as tmp:
        app = TutorApp(progress_path=Path(tmp) / "p.json")
        async with app.run_test(size=(120, 40)) as pilot:
            while not app.lessons:
                await pilot.pause(0.05)
            await shoot(app, pilot, "two-layer-gradient-descent", ["space"] * 60, tab="cost", name="cost")
            await shoot(app, pilot, "computation-graph", ["full_stop"] * 7, name="graph")
            await shoot(app, pilot, "why-non-linear", ["space"] * 300, tab="boundary", name="boundary")
            await shoot(app, pilot, "vanishing-gradients", ["space"] * 5, tab="gradient_norms", name="vanishing")
            await pilot.press("k")
            await pilot.pause(1.0)
            await pilot.press("f12")
            await pilot.pause(0.2)
            quiz = sorted(HERE.glob("nn-tutor-*.svg"))
            if quiz:
                quiz[-1].rename(HERE / "quiz.svg")


if __name__ == "__main__":
    asyncio.run(main())
