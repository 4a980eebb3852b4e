"""The panel's view tabs as a learner uses them: a click or the arrow keys choose a view, the
name of the one showing is always on screen, and the cost sparkline beside the status line
draws whatever numbers it is given."""

from __future__ import annotations

from nn_tutor.ui.spark import BARS, CostSpark
from nn_tutor.ui.view_tabs import TabStrip


def strip_row(tutor, app, strip, y: int = 0) -> str:
    """What the strip's row `y` shows on screen."""
    region = strip.region
    return tutor.screen_rows(app)[region.y + y].ljust(region.right)[region.x : region.right]


async def test_a_click_on_a_name_shows_its_view_and_the_arrows_move_along(tutor):
    app = tutor.three_lessons()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await tutor.lesson_screen(pilot, "one-unit")
        panel = screen.panel
        strip = panel.query_one(TabStrip)
        names = strip_row(tutor, app, strip)
        assert all(f" {title} " in names for title in strip.titles), names
        await pilot.click(TabStrip, offset=(names.index(" Cost ") + 2, 0))
        await tutor.until(pilot, lambda: panel.active_view == "cost", what="the cost view chosen")
        await tutor.until(pilot, lambda: panel.view("cost").region.area, what="the cost view shown")
        strip.focus()
        await pilot.press("right")
        after_cost = panel.names[(panel.names.index("cost") + 1) % len(panel.names)]
        await tutor.until(pilot, lambda: panel.active_view == after_cost, what="the next view")
        await pilot.press("left", "left")
        before_cost = panel.names[panel.names.index("cost") - 1]
        await tutor.until(pilot, lambda: panel.active_view == before_cost, what="two views back")
        # the bar under the names marks the chosen one: its name sits over the marked part
        bar = strip_row(tutor, app, strip, 1)
        start, end = strip.spans[strip.chosen]
        assert len(bar) == strip.region.width and bar[start:end] == "━" * (end - start)
        assert bar[end] == "╺" and (start == 0 or bar[start - 1] == "╸")  # a gap either side
        assert strip_row(tutor, app, strip).index(f" {strip.titles[strip.chosen]} ") == start


async def test_the_view_showing_is_named_when_the_names_are_wider_than_the_strip(tutor):
    app = tutor.three_lessons()
    async with app.run_test(size=(120, 40)) as pilot:  # the panel beside the text: 63 columns
        screen = await tutor.lesson_screen(pilot, "one-unit")
        await pilot.press("n", "n")
        screen = await tutor.lesson_screen(pilot, "deep")
        panel, strip = screen.panel, screen.panel.query_one(TabStrip)
        assert strip.spans[-1][1] > strip.region.width  # seven names do not fit
        for name in panel.names:
            panel.show_view(name)
            await tutor.until(pilot, lambda: panel.active_view == name, what=f"the {name} view")  # noqa: B023
            await pilot.pause()
            title = strip.titles[strip.chosen]
            assert title in strip_row(tutor, app, strip), (name, strip_row(tutor, app, strip))


async def test_the_sparkline_draws_nan_and_infinities_as_a_full_row_of_bars(tutor):
    app = tutor.three_lessons()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await tutor.lesson_screen(pilot, "one-unit")
        await tutor.paused(pilot, screen)
        spark = screen.panel.query_one(CostSpark)
        label = spark.label
        for data in ([float("nan"), 0.7, float("inf"), 0.2, float("-inf")], [float("nan")] * 3, [1e308, -1e308]):
            spark.data = data
            await pilot.pause()
            row = strip_row(tutor, app, spark)
            bars = row[len(label) :]
            assert row.startswith(label) and len(row) == spark.region.width and set(bars) <= set(BARS), row
        spark.data = [0.7, 0.5, 0.2]
        await pilot.pause()
        bars = strip_row(tutor, app, spark)[len(label) :]
        assert bars[0] == BARS[-1] and bars[-1] == BARS[0]  # the first cost highest, the last lowest
