"""Every text run on every screen is readable: at least 3:1 against the background under it
(WCAG 2's contrast ratio, measured in the screenshot's own colours), in both themes."""

from __future__ import annotations

import pytest
from screen_svg import low, ratio
from textual.widgets import TabbedContent

from nn_tutor.ui.lesson_screen import LessonScreen

MINIMUM = 3.0
BODY = 4.5  # WCAG AA for body text: the lesson's own text
THEMES = ["textual-dark", "textual-light"]


def test_the_measure_is_wcags():
    assert ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # WCAG's own example
    assert ratio("#d2d2d2", "#e4e4e4") < 1.3  # 252 on 254: the formula blocks that were invisible


def lessons_by_view(app) -> dict[str, int]:
    """For each view the shipped lessons use, the first lesson that shows it."""
    first: dict[str, int] = {}
    for i, lesson in enumerate(app.lessons):
        for name in lesson.panel.views:
            first.setdefault(name, i)
    return first


async def shots(tutor, pilot, app):
    """(what, svg, region) for every screen: each view of the lessons, the quiz, help, the
    lessons list and the exercises. A dialog's region is given: what it covers is dimmed on
    purpose, not to be read."""
    await tutor.lesson_screen(pilot)
    for name, index in lessons_by_view(app).items():
        app.goto_lesson(index)
        screen = await tutor.lesson_screen(pilot, app.lessons[index].id)
        await pilot.press("space", "space", "space", "z")
        await tutor.snapshot(pilot, screen, lambda s: s.iteration >= 3)
        screen.panel.query_one("#views", TabbedContent).active = f"tab-{name}"
        if name == "graph":
            await pilot.press("full_stop", "full_stop")  # a node visited, some still to come
        await pilot.pause(0.3)
        yield f"lesson {app.lessons[index].id}, {name} view", app.export_screenshot(), None
        await pilot.press("z")
        await pilot.pause()
    yield "lesson text and panel", app.export_screenshot(), None
    yield "lesson text (body, 4.5:1)", app.export_screenshot(), app.screen.query_one("#lesson-pane").region
    await pilot.press("question_mark")
    await tutor.wait_for(pilot, "HelpScreen")
    yield "help", app.export_screenshot(), app.screen.query_one("#help-box").region
    await pilot.press("escape", "t")
    await tutor.wait_for(pilot, "TocScreen")
    yield "lessons list", app.export_screenshot(), app.screen.query_one("#toc-box").region
    await pilot.press("escape")
    await tutor.wait_for(pilot, LessonScreen)
    app.open_quiz(seed=1)
    await tutor.wait_for(pilot, "QuizScreen")
    yield "quiz", app.export_screenshot(), None
    await pilot.press(*"0.5", "enter")
    await pilot.pause(0.2)
    yield "quiz, answered", app.export_screenshot(), None
    await pilot.press("escape")
    await tutor.wait_for(pilot, LessonScreen)
    from nn_tutor.exercises.command import init_command
    from nn_tutor.ui.exercises_screen import ExercisesScreen

    workspace = tutor.tmp_path / "workspace"
    init_command(str(workspace))
    app.push_screen(ExercisesScreen(workspace))
    await tutor.wait_for(pilot, ExercisesScreen)
    await tutor.until(pilot, lambda: "checking" not in tutor.screen_text(app), what="the exercises checked")
    yield "exercises", app.export_screenshot(), None
    await pilot.press("o")
    await tutor.wait_for(pilot, "EditorScreen")
    await pilot.pause(0.2)
    yield "exercise editor", app.export_screenshot(), None


@pytest.mark.parametrize("theme", THEMES)
async def test_every_screen_reads_at_3_to_1_or_better(tutor, theme, capsys):
    app = tutor.app()
    app.theme = theme
    problems, seen = [], []
    async with app.run_test(size=(120, 40)) as pilot:
        async for what, svg, region in shots(tutor, pilot, app):
            seen.append(what)
            problems += [
                f"{what}: {r.text[:40]!r} {r.fg} on {r.bg} is {r.ratio:.2f}:1"
                for r in low(svg, BODY if "body" in what else MINIMUM, region)
            ]
    assert {"help", "lessons list", "quiz", "exercises", "exercise editor"} <= set(seen)
    assert sum(w.startswith("lesson ") for w in seen) >= 10
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("theme", THEMES)
async def test_plot_lines_stand_out_from_the_plot_at_3_to_1(tutor, theme):
    from textual.app import App

    from nn_tutor.ui.views.plots import CURVES

    app = App()
    app.theme = theme
    async with app.run_test():
        surface = app.theme_variables["surface"].lower()
        for colour in CURVES[app.current_theme.dark]:
            assert ratio("#{:02x}{:02x}{:02x}".format(*colour), surface) >= MINIMUM, (colour, surface)
