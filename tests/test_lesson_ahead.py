"""The next lesson's screen is built while the learner reads the current one: building it
never disturbs the network being trained, and `n`, `p` and jumps still show the right lesson."""

from __future__ import annotations

from conftest import Tutor


async def ahead_built(pilot, index: int):
    app = pilot.app
    return await Tutor.until(
        pilot,
        lambda: app.ahead_screen is not None and app.ahead_screen.is_mounted and app.ahead_screen.index == index,
        what=f"lesson {index + 1} built ahead",
    )


async def test_building_the_next_lesson_leaves_the_current_network_training(tutor):
    app = tutor.three_lessons()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await tutor.lesson_screen(pilot, "one-unit")
        await ahead_built(pilot, 1)
        await pilot.press("space", "space", "space")
        s = await tutor.snapshot(pilot, screen, lambda s: s.iteration == 3)
        assert list(s.layers) == [2, 1]  # still the first lesson's network

        await pilot.press("n")
        second = await tutor.lesson_screen(pilot, "two-layers")
        assert second.snapshot.iteration == 0 and list(second.snapshot.layers) == [2, 4, 1]
        assert "lesson 2 of 3: Two layers" in str(second.query_one(".title-bar").render())
        await pilot.press("space")
        assert list((await tutor.snapshot(pilot, second, lambda s: s.iteration == 1)).layers) == [2, 4, 1]


async def test_a_jump_past_the_lesson_built_ahead_still_opens_the_right_one(tutor):
    app = tutor.three_lessons()
    async with app.run_test(size=(120, 40)) as pilot:
        await tutor.lesson_screen(pilot, "one-unit")
        await ahead_built(pilot, 1)
        app.goto_lesson(2)  # the table of contents does this
        deep = await tutor.lesson_screen(pilot, "deep")
        assert list(deep.snapshot.layers) == [2, 3, 3, 1]
        await pilot.press("p")
        two = await tutor.lesson_screen(pilot, "two-layers")
        assert list(two.snapshot.layers) == [2, 4, 1] and two.snapshot.iteration == 0
        await pilot.press("n")  # built ahead again, then shown
        assert list((await tutor.lesson_screen(pilot, "deep")).snapshot.layers) == [2, 3, 3, 1]


async def test_a_lesson_built_ahead_scrolls_back_to_where_it_was_left_when_shown(tutor):
    app = tutor.three_lessons()
    async with app.run_test(size=(80, 24)) as pilot:
        await tutor.lesson_screen(pilot, "one-unit")
        await pilot.press("n")
        second = await tutor.lesson_screen(pilot, "two-layers")
        await pilot.press("end")
        pane = second.query_one("#lesson-pane")
        await Tutor.until(pilot, lambda: pane.scroll_y > 0, what="the text scrolled")
        left_at = pane.scroll_y
        await pilot.press("p")
        await tutor.lesson_screen(pilot, "one-unit")
        await ahead_built(pilot, 1)
        await pilot.pause(3.5)  # longer than the scroll's retries before it shows
        await pilot.press("n")
        again = await tutor.lesson_screen(pilot, "two-layers")
        pane = again.query_one("#lesson-pane")
        await Tutor.until(pilot, lambda: pane.scroll_y == left_at, what="the text scrolled back")


async def test_the_next_lesson_is_built_once_training_pauses_not_while_it_draws(tutor, monkeypatch):
    monkeypatch.setattr("nn_tutor.ui.lesson_flow.AHEAD_SECONDS", 2.0)  # r comes first, however busy the machine
    app = tutor.three_lessons()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await tutor.lesson_screen(pilot, "one-unit")
        await pilot.press("r")  # before the next lesson is built
        await tutor.snapshot(pilot, screen, lambda s: s.iteration > 20, "twenty iterations")
        await tutor.until(pilot, lambda: screen.running, what="training running")
        await pilot.pause(2.5)  # past the moment it would have been built
        assert screen.running and app.ahead_screen is None
        await tutor.paused(pilot, screen)
        await ahead_built(pilot, 1)


async def test_a_lesson_built_ahead_opens_on_the_view_it_was_left_on(tutor):
    app = tutor.three_lessons()
    async with app.run_test(size=(120, 40)) as pilot:
        await tutor.lesson_screen(pilot, "one-unit")
        await pilot.press("n")
        second = await tutor.lesson_screen(pilot, "two-layers")
        await pilot.press("v")
        view = second.panel.names[1]
        await Tutor.until(pilot, lambda: second.panel.active_view == view, what=f"the {view} view")
        await pilot.press("p")
        await tutor.lesson_screen(pilot, "one-unit")
        await ahead_built(pilot, 1)
        await pilot.press("n")
        again = await tutor.lesson_screen(pilot, "two-layers")
        tabs = again.query_one("#views")
        await Tutor.until(pilot, lambda: tabs.active == f"tab-{view}", what=f"the {view} tab shown")
        assert again.query_one(f"#tab-{view}").display and again.panel.active_view == view
