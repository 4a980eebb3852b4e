"""What the learner must be able to tell apart or read: the softmax classes and the activation
plot's curves in both themes, in truecolor and once a 256-colour terminal has rounded them;
the compare view's title at every panel width; what . does on the Graph tab."""

from __future__ import annotations

import colorsys
import dataclasses
from itertools import combinations

import numpy as np
import pytest
from rich.color import Color, ColorSystem

from nn_tutor.ui.views import Frame

THEMES = ["textual-dark", "textual-light"]


def eight_bit(colour: Color) -> int:
    """The colour a 256-colour terminal shows (tmux without COLORTERM)."""
    return colour.downgrade(ColorSystem.EIGHT_BIT).number


def hue(colour: Color) -> float:
    return colorsys.rgb_to_hsv(*(c / 255 for c in colour.downgrade(ColorSystem.EIGHT_BIT).get_truecolor()))[0] * 360


def contrast(a: Color, b: Color) -> float:
    """WCAG contrast ratio of two colours."""

    def luminance(c):
        ch = [x / 255 for x in c.get_truecolor()]
        ch = [x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in ch]
        return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2]

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def segments(view):
    """Every drawn segment of a view, row by row."""
    return [list(view.render_line(y)) for y in range(view.size.height)]


def assert_apart(colours: list[Color]) -> None:
    """Different in truecolor, different after the 256-colour rounding, and of different hues."""
    assert len({c.get_truecolor() for c in colours}) == len(colours)
    assert len({eight_bit(c) for c in colours}) == len(colours), [eight_bit(c) for c in colours]
    for a, b in combinations(colours, 2):
        gap = abs(hue(a) - hue(b))
        assert min(gap, 360 - gap) >= 30, (a, b)


async def open_view(tutor, pilot, view):
    screen = await tutor.lesson_screen(pilot)
    while screen.panel.active_view != view:
        await pilot.press("v")
    await pilot.pause()
    return screen


# -- the softmax boundary (lesson 21) ---------------------------------------------------------
@pytest.mark.parametrize("theme", THEMES)
async def test_the_three_softmax_classes_have_colours_a_256_colour_terminal_keeps_apart(tutor, theme):
    app = tutor.app(
        lessons_dir=tutor.lessons(
            dict(
                id="softmax",
                title="Softmax",
                layers="[2, 3]",
                activations="[softmax]",
                dataset="spiral",
                m=60,
                views="[boundary, cost]",
                extra="  classes: 3\n",
            )
        )
    )
    async with app.run_test(size=(120, 40)) as pilot:
        app.theme = theme
        screen = await open_view(tutor, pilot, "boundary")
        s = await tutor.snapshot(pilot, screen)
        # class 0 to the right, class 1 to the left, class 2 at the top: all three on the plane
        params = {"W1": np.array([[5.0, 0.0], [-5.0, 0.0], [0.0, 5.0]]), "b1": np.zeros((3, 1))}
        screen.panel.frame = Frame(dataclasses.replace(s, params=params))
        await pilot.pause()
        view = screen.panel.view("boundary")
        shades, marks = {}, {}
        *plane, legend = segments(view)
        for row in plane:
            for seg in row:
                text = seg.text.strip()
                if not text:
                    shades.setdefault(seg.style.bgcolor, 0)
                elif text[0] in "012":
                    marks[text[0]] = seg.style
        shades = [c for c in shades if c is not None]
        assert len(shades) == 3
        assert_apart(shades)
        assert sorted(marks) == ["0", "1", "2"]  # each point written as its class digit
        background = legend[0].style.bgcolor
        for digit, style in marks.items():
            assert style.bold and contrast(style.color, style.bgcolor) >= 3, (digit, style)
            assert style.bgcolor != background


# -- the activation and its slope (lessons 13, 15) --------------------------------------------
def legend_styles(view) -> dict:
    """The style of each entry of the plot's legend (its marker's colour on the plot)."""
    found = {}
    for row in segments(view):
        for seg, after in zip(row, row[1:]):
            for name in ("g(z)", "g′(z)", "current z"):
                if after.text.startswith(name) and seg.text.strip() == "━━":
                    found[name] = seg.style
    return found


async def test_the_activation_and_its_slope_are_drawn_in_colours_apart_in_both_themes(tutor):
    app = tutor.app(lessons_dir=tutor.lessons(dict(id="act", title="Activation", views="[activation, cost]")))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_view(tutor, pilot, "activation")
        await pilot.press("space")
        await tutor.snapshot(pilot, screen, lambda s: s.iteration >= 1)
        view = screen.panel.view("activation")
        seen = {}
        for theme in THEMES:
            app.theme = theme

            def colours():
                return {name: style.color for name, style in legend_styles(view).items()}

            await tutor.until(
                pilot,
                lambda: (
                    colours().keys() == {"g(z)", "g′(z)", "current z"}
                    and tuple(colours().values()) not in seen.values()
                ),
                what=f"the curves redrawn in {theme}",
            )
            drawn = colours()
            seen[theme] = tuple(drawn.values())
            assert_apart(list(drawn.values()))
            for name, style in legend_styles(view).items():  # a line on a plot needs 3:1 (WCAG 1.4.11)
                assert contrast(style.color, style.bgcolor) >= 3, (theme, name, style)
            braille = {
                seg.style.color
                for row in segments(view)
                for seg in row
                if seg.text and all(0x2800 <= ord(ch) <= 0x28FF for ch in seg.text)
            }
            assert {drawn["g(z)"], drawn["g′(z)"]} <= braille  # the curves, not only the legend


# -- the compare view's title -----------------------------------------------------------------
COMPARED = [
    ("hidden", "[1, 3]", "hidden layer sizes"),
    ("activation", "[sigmoid, relu]", "activations"),
    ("batch", "[full, sgd]", "batch sizes"),
]


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (120, 40), (200, 60)])
async def test_the_compare_title_and_its_log_scale_are_shown_at_every_width(tutor, size):
    """One lesson per compared field, each opened in turn in one app at that size."""
    from nn_tutor.session import CompareResult

    lessons = [
        dict(
            id=f"cmp-{field}",
            title=f"Compare {field}",
            views="[compare, cost]",
            extra=f"  compare:\n    field: {field}\n    values: {values}\n    iterations: 5\n",
        )
        for field, values, _ in COMPARED
    ]
    app = tutor.app(lessons_dir=tutor.lessons(*lessons))
    async with app.run_test(size=size) as pilot:
        for index, (field, _, names) in enumerate(COMPARED):
            app.goto_lesson(index)
            await tutor.lesson_screen(pilot, f"cmp-{field}")
            screen = await open_view(tutor, pilot, "compare")
            view = screen.panel.view("compare")
            runs = {
                f"{field}=v{k}": {
                    "costs": np.array([0.9, 0.8]),
                    "full_costs": np.array([0.7, 0.5]),
                    "accuracy": 0.5,
                    "diverged": False,
                }
                for k in range(2)
            }
            view.result = CompareResult(0, runs)
            await pilot.pause()
            title = view.query_one("#compare-title")
            assert title.region.height >= 1 and screen.region.contains_region(title.region), field
            words = " ".join(tutor.screen_text(app).split())  # wrapped rows read as one text
            assert "log₁₀ J, the whole-set cost, with" in words, field
            assert all(word in words for word in f"different {names}".split()), field


# -- what . does on the Graph tab (lessons 06 to 08) -------------------------------------------
async def test_the_phase_line_says_that_full_stop_steps_the_graph_on_its_tab(tutor):
    app = tutor.three_lessons()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await tutor.lesson_screen(pilot, "one-unit")
        phase_line = screen.panel.query_one("#phase-values")

        def said():
            return " ".join(tutor.text(phase_line).split())

        screen.panel.query_one("#views").active = "tab-graph"
        await tutor.until(pilot, lambda: ". steps the graph on this tab" in said(), what="the graph's hint")
        assert "one phase" not in said()
        graph = screen.panel.view("graph").graph
        before = graph.cursor
        await pilot.press("full_stop")  # it does what the line says
        assert graph.cursor > before and screen.snapshot.phase is None
        screen.panel.query_one("#views").active = "tab-cost"
        await tutor.until(pilot, lambda: "press . for one phase" in said(), what="the phase hint")
        await pilot.press("full_stop")
        s = await tutor.snapshot(pilot, screen, lambda s: s.phase == "forward")
        assert s.iteration == 0
