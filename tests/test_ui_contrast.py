"""Every text run on every screen is readable: at least 3:1 against the background under it
(WCAG 2's contrast ratio, measured in the screenshot's own colours), in both themes."""

from __future__ import annotations

import pytest
from screen_svg import low, ratio

from nn_tutor.ui.lesson_screen import LessonScreen
from nn_tutor.ui.view_tabs import ViewTabs

MINIMUM = 3.0
BODY = 4.5  # WCAG AA for body text: the lesson's own text
THEMES = ["textual-dark", "textual-light"]


def test_the_measure_is_wcags():
    assert ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # WCAG's own example
    assert ratio("#d2d2d2", "#e4e4e4") < 1.3  # 252 on 254: the formula blocks that were invisible


def views_by_lesson(app) -> dict[int, list[str]]:
    """The views the shipped lessons use, each under the first lesson that shows it. A view's
    colours come from the theme's variables (app.tcss, views/plots.py's CURVES), not from
    the lesson, so one lesson a view covers it."""
    first: dict[str, int] = {}
    for i, lesson in enumerate(app.read_lessons()):
        for name in lesson.panel.views:
            first.setdefault(name, i)
    by_lesson: dict[int, list[str]] = {}
    for name, index in first.items():
        by_lesson.setdefault(index, []).append(name)
    return by_lesson


async def in_both_themes(pilot, app, what, region=None):
    """(what, svg, region) of the screen as it is, in each theme: the theme is switched, not
    the app started again. The theme it shows now is shot first (one switch a screen, not two:
    each restyles and redraws everything)."""
    shot = []
    for theme in sorted(THEMES, key=lambda t: t != app.theme):
        app.theme = theme
        await pilot.pause()
        shot.append((f"{theme}: {what}", app.export_screenshot(), region))
    return shot


async def view_shots(tutor, pilot, app):
    """(what, svg, region) for each view of the lessons, zoomed, in both themes. Each lesson is
    opened once: its views are shot in the theme shown, then, after one switch, in the other
    (a view not shown at the switch is drawn in the new theme when its tab is chosen, as a
    learner who presses l and then changes tab sees it)."""
    await tutor.lesson_screen(pilot)
    for index, names in views_by_lesson(app).items():
        app.goto_lesson(index)
        screen = await tutor.lesson_screen(pilot, app.lessons[index].id)
        await pilot.press("space", "space", "space", "z")
        await tutor.snapshot(pilot, screen, lambda s: s.iteration >= 3)
        shots = []
        for order, theme in zip((names, names[::-1]), sorted(THEMES, key=lambda t: t != app.theme)):
            app.theme = theme
            for name in order:
                screen.panel.query_one("#views", ViewTabs).active = f"tab-{name}"
                view = screen.panel.view(name)
                await tutor.until(pilot, lambda: view.region.area, what=f"the {name} view shown")  # noqa: B023
                if name == "graph" and order is names:
                    await pilot.press("full_stop", "full_stop")  # a node visited, some still to come
                await pilot.pause()
                shots.append((f"{theme}: lesson {app.lessons[index].id}, {name} view", app.export_screenshot(), None))
        yield shots


async def screen_shots(tutor, pilot, app):
    """(what, svg, region) for the lesson, help, the lessons list, the quiz, the exercises and
    the editor, in both themes. A dialog's region is given: what it covers is dimmed on purpose,
    not to be read."""
    screen = await tutor.lesson_screen(pilot)
    await pilot.press("space", "space", "space")
    await tutor.snapshot(pilot, screen, lambda s: s.iteration >= 3)
    yield await in_both_themes(pilot, app, "lesson text and panel")
    yield await in_both_themes(pilot, app, "lesson text (body, 4.5:1)", app.screen.query_one("#lesson-pane").region)
    await pilot.press("question_mark")
    await tutor.wait_for(pilot, "HelpScreen")
    yield await in_both_themes(pilot, app, "help", app.screen.query_one("#help-box").region)
    await pilot.press("escape", "t")
    await tutor.wait_for(pilot, "TocScreen")
    yield await in_both_themes(pilot, app, "lessons list", app.screen.query_one("#toc-box").region)
    await pilot.press("escape")
    await tutor.wait_for(pilot, LessonScreen)
    app.open_quiz(seed=1)
    quiz = await tutor.wait_for(pilot, "QuizScreen")
    yield await in_both_themes(pilot, app, "quiz")
    await pilot.press(*"0.5", "enter")
    await tutor.until(pilot, lambda: quiz.query_one("#quiz-verdict").display, what="the answer checked")
    await pilot.pause()
    yield await in_both_themes(pilot, app, "quiz, answered")
    await pilot.press("escape")
    await tutor.wait_for(pilot, LessonScreen)
    from nn_tutor.exercises.command import init_command
    from nn_tutor.ui.exercises_screen import ExercisesScreen

    workspace = tutor.tmp_path / "workspace"
    init_command(str(workspace))
    app.push_screen(ExercisesScreen(workspace))
    await tutor.wait_for(pilot, ExercisesScreen)
    await tutor.until(pilot, lambda: "checking" not in tutor.screen_text(app), what="the exercises checked")
    yield await in_both_themes(pilot, app, "exercises")
    await pilot.press("o")
    editor = await tutor.wait_for(pilot, "EditorScreen")
    await tutor.until(pilot, lambda: editor.query_one("TextArea").region.area, what="the editor drawn")
    await pilot.pause()
    yield await in_both_themes(pilot, app, "exercise editor")


@pytest.mark.parametrize("shots", [view_shots, screen_shots], ids=["views", "screens"])
async def test_every_screen_reads_at_3_to_1_or_better_in_both_themes(tutor, shots):
    """In two parts, each with an app of its own, so that they can run side by side."""
    app = tutor.app()
    problems, seen = [], []
    async with app.run_test(size=(120, 40)) as pilot:
        async for shot in shots(tutor, pilot, app):
            for what, svg, region in shot:
                seen.append(what.split(": ", 1)[1])
                problems += [
                    f"{what}: {r.text[:40]!r} {r.fg} on {r.bg} is {r.ratio:.2f}:1"
                    for r in low(svg, BODY if "body" in what else MINIMUM, region)
                ]
    if shots is screen_shots:
        assert {"help", "lessons list", "quiz", "exercises", "exercise editor"} <= set(seen)
    else:
        assert sum(w.startswith("lesson ") for w in seen) >= 20  # ten views or more, in each theme
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
