"""The tutor at a laptop's 80x24, at 120x40 and at 200x60: the essential keys always on
screen, zoom giving the panel room enough, and no line of the panel cut in a word."""

from __future__ import annotations

import re

import pytest
from conftest import THREE_LESSONS
from textual.widgets import Static

from nn_tutor.ui.view_tabs import ViewTabs

SIZES = [(80, 24), (120, 40), (200, 60)]
ESSENTIAL = ["space Step", "r Run", "n Next", "p Prev", "v View", "k Quiz", "? Help", "q Quit"]
DEEP = dict(THREE_LESSONS[2], layers="[2, 8, 8, 8, 8, 8, 1]", activations="[tanh, tanh, tanh, tanh, tanh, sigmoid]")


@pytest.mark.parametrize("size", SIZES)
async def test_the_essential_keys_are_on_screen_at_every_size(tutor, size):
    app = tutor.three_lessons()
    async with app.run_test(size=size) as pilot:
        await tutor.lesson_screen(pilot)
        await pilot.press("n")  # a middle lesson: next and previous both apply
        await tutor.lesson_screen(pilot, "two-layers")
        for keys in ((), ("z",), ("z", "Z")):  # as it opens, the panel zoomed, the text zoomed
            await pilot.press(*keys)
            footer = tutor.screen_rows(app)[-1]
            for key in ESSENTIAL + ["z Zoom"]:
                assert key in footer, (key, keys, footer)
        if size[0] >= 120:
            assert ". Phase" in footer


async def test_a_click_on_a_key_in_the_key_bar_presses_it(tutor):
    """A key in the bar works as its key: clicked, `r` runs the network; `p` on the first
    lesson does nothing (there is no lesson before) but ring the bell; hovered, a key shows
    what it does."""
    from nn_tutor.ui.footer import KeyFooter

    app = tutor.three_lessons()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await tutor.lesson_screen(pilot)
        footer = tutor.screen_rows(app)[-1]
        bells = []
        app.bell = lambda: bells.append(1)
        await pilot.click(KeyFooter, offset=(footer.index("p Prev") + 2, 0))
        await pilot.pause()
        assert bells and app.screen is screen and screen.lesson.id == "one-unit"
        await pilot.hover(KeyFooter, offset=(footer.index("r Run") + 1, 0))
        await pilot.pause()
        assert app.screen.query_one(KeyFooter).tooltip
        await pilot.click(KeyFooter, offset=(footer.index("r Run") + 1, 0))
        await tutor.until(pilot, lambda: screen.running, what="training to run")
        await pilot.click(KeyFooter, offset=(footer.index("n Next"), 0))
        await tutor.lesson_screen(pilot, "two-layers")


def cut_words(shown: list[str], widget) -> list[str]:
    """The visible lines of `widget` (on the screen's rows `shown`) whose last word is not a
    whole word of its text."""
    words = set(re.findall(r"\S+", str(widget.render())))
    region = widget.content_region.intersection(widget.screen.find_widget(widget).clip)
    cut = []
    for y in range(region.y, region.bottom):
        line = shown[y][region.x : region.right] if y < len(shown) else ""
        if line.strip() and line.split()[-1] not in words:
            cut.append(line.rstrip())
    return cut


@pytest.mark.parametrize("size", SIZES)
async def test_no_panel_line_ends_in_a_cut_word(tutor, size):
    app = tutor.three_lessons()
    problems = []
    async with app.run_test(size=size) as pilot:

        def cut_now(where: str) -> list[str]:
            shown = tutor.screen_rows(app)
            return [
                f"{where} #{widget.id}: {line!r}"
                for widget in screen.panel.query(Static)
                if widget.region.area and widget.visible
                for line in cut_words(shown, widget)
            ]

        for lesson in ("one-unit", "two-layers", "deep"):
            screen = await tutor.lesson_screen(pilot, lesson)
            await pilot.press("space", "space", "r")
            await tutor.snapshot(pilot, screen, lambda s: s.iteration > 2)
            problems += cut_now(f"{lesson}, running")
            # each view once paused: what it shows stays put while it is read
            await tutor.paused(pilot, screen)
            for name in screen.panel.names:
                screen.panel.query_one("#views", ViewTabs).active = f"tab-{name}"
                view = screen.panel.view(name)
                await tutor.until(pilot, lambda: view.region.area, what=f"the {name} view shown")  # noqa: B023
                await pilot.pause()
                problems += cut_now(f"{lesson}/{name}")
            if lesson != "deep":
                await pilot.press("n")
    assert not problems, "\n".join(problems)


async def test_zoom_at_80x24_gives_a_tall_plot_the_whole_graph_and_every_layers_norm(tutor):
    app = tutor.app(lessons_dir=tutor.lessons(THREE_LESSONS[0], DEEP))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await tutor.lesson_screen(pilot, "one-unit")
        await pilot.press("z", "space")
        tabs = screen.panel.query_one("#views", ViewTabs)
        tabs.active = "tab-cost"
        await tutor.snapshot(pilot, screen, lambda s: s.iteration == 1)
        assert screen.query_one("#lesson-pane").display is False
        assert screen.panel.size.width == 80
        assert screen.panel.view("cost").size.height >= 10
        tabs.active = "tab-graph"
        await pilot.press(*["full_stop"] * 9)
        graph = screen.panel.view("graph")
        assert graph.graph.done
        assert graph.parent.max_scroll_y == 0  # nothing to scroll to: it all shows
        text = "\n".join(tutor.screen_rows(app))
        for node in ("a", "b", "c", "u", "v", "J"):
            assert re.search(rf"^\W*{node} .*\d.*\d", text, flags=re.M), node  # its value and gradient
        await pilot.press("z")
        assert screen.query_one("#lesson-pane").display is True

        await pilot.press("n")
        screen = await tutor.lesson_screen(pilot, "deep")
        await pilot.press("space", "z")
        await tutor.snapshot(pilot, screen, lambda s: s.iteration == 1)
        norms = screen.panel.view("gradient_norms")
        assert norms.max_scroll_y == 0
        text = "\n".join(tutor.screen_rows(app))
        assert all(f"layer {l} " in text for l in range(1, 7))


async def test_the_text_zooms_too_and_a_tall_view_scrolls_with_the_keyboard(tutor):
    app = tutor.app(lessons_dir=tutor.lessons(DEEP))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await tutor.lesson_screen(pilot)
        await pilot.press("Z")
        assert screen.panel.display is False
        assert screen.query_one("#lesson-pane").size.width >= 78
        await pilot.press("Z", "space")
        await tutor.snapshot(pilot, screen, lambda s: s.iteration == 1)
        screen.panel.query_one("#views", ViewTabs).active = "tab-gradients"
        await pilot.pause()
        view = screen.panel.view("gradients")
        assert view.max_scroll_y > 0  # six layers of gradients: taller than the panel
        while screen.focused is not view:
            await pilot.press("tab")
        assert view.styles.border_left[0] == "outer"  # the bar that shows where the keyboard is
        await pilot.press("pagedown", "down")
        assert view.scroll_y > 0


async def test_a_resize_within_a_size_class_lays_the_lesson_out_again(tutor):
    """120x40 -> 160x50 -> 130x45: no breakpoint crossed, yet the panel follows every size."""
    app = tutor.app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await tutor.lesson_screen(pilot)
        await tutor.until(pilot, lambda: screen.panel_ready, what="the panel")
        for width, height in [(160, 50), (130, 45)]:
            await pilot.resize_terminal(width, height)
            await tutor.until(
                pilot,
                lambda: screen.panel.region.right == width and screen.panel.region.bottom >= height - 2,
                what=f"the panel laid out at {width}x{height}",
            )
