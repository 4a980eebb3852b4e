"""At 80x24 your network's cost plot keeps at least 8 rows."""

import shutil
from pathlib import Path

from nn_tutor.progress import Progress

SOLUTIONS = Path(__file__).parent / "exercise_solutions" / "network.py"


async def test_your_networks_cost_plot_has_8_rows_at_80x24(tutor):
    workspace = tutor.tmp_path / "ws"
    workspace.mkdir()
    shutil.copy(SOLUTIONS, workspace / "network.py")
    progress = Progress.load(tutor.progress_path)
    progress.workspace = str(workspace)
    assert progress.save()
    app = tutor.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await tutor.lesson_screen(pilot)
        app.goto_lesson([lesson.id for lesson in app.read_lessons()].index("two-layer-gradient-descent"))
        screen = await tutor.lesson_screen(pilot, "two-layer-gradient-descent")
        await pilot.press("y")
        await tutor.until(pilot, lambda: screen.query("Banner"), what="your network", timeout=60)
        await pilot.press("space")
        screen.query_one("#views").active = "tab-cost"
        await pilot.pause()
        plot = screen.query_one("#view-cost")
        await tutor.until(pilot, lambda: plot.region.height > 0, what="the cost view drawn")
        assert plot.region.height >= 8
        assert plot.region.bottom <= 23  # above the footer


async def test_run_anyway_with_its_warning_keeps_8_rows_for_the_cost_plot_at_80x24(tutor):
    workspace = tutor.tmp_path / "ws"
    workspace.mkdir()
    wrong = SOLUTIONS.read_text(encoding="utf-8").replace('dZ2 = cache["A2"] - Y', 'dZ2 = Y - cache["A2"]')
    (workspace / "network.py").write_text(wrong, encoding="utf-8")
    progress = Progress.load(tutor.progress_path)
    progress.workspace = str(workspace)
    assert progress.save()
    app = tutor.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await tutor.lesson_screen(pilot)
        app.goto_lesson([lesson.id for lesson in app.read_lessons()].index("two-layer-gradient-descent"))
        screen = await tutor.lesson_screen(pilot, "two-layer-gradient-descent")
        await pilot.press("Y")
        await tutor.until(
            pilot,
            lambda: screen.query("Banner") and screen.yournet.failing,
            what="your network, run anyway",
            timeout=60,
        )
        await pilot.press(*["space"] * 30)
        await tutor.snapshot(pilot, screen, lambda s: s.iteration == 30 and s.warning)
        screen.query_one("#views").active = "tab-cost"
        await tutor.until(
            pilot, lambda: "fails its check" in str(screen.query_one("#warning").render()), what="the warning"
        )
        await tutor.until(pilot, lambda: screen.query_one("#view-cost").region.height, what="the cost view shown")
        await pilot.pause()
        plot = screen.query_one("#view-cost")
        assert plot.region.height >= 8
        assert plot.region.bottom <= 23
