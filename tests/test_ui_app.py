"""The tutor app, driven headless through Textual's pilot, as a learner would use it."""

from __future__ import annotations

import json
import textwrap

import pytest
from textual.widgets import Static

from nn_tutor.model import Trainer
from nn_tutor.ui.app import TutorApp
from nn_tutor.ui.lesson_screen import LessonScreen
from nn_tutor.ui.screens import MessageScreen, TocScreen

LESSON = """\
---
id: {id}
title: {title}
sections: [{section}]
panel:
  layers: {layers}
  activations: {activations}
  dataset: {dataset}
  learning_rate: {lr}
  seed: 3
  m: 200
  views: {views}
quiz: [sigmoid]
---
# {title}

A short lesson used by the tests. Press space to step the network.

    z = wᵀx + b
"""

TEST_LESSONS = [
    dict(id="one-unit", title="One unit", section="computation graph", layers="[2, 1]",
         activations="[sigmoid]", dataset="blobs", lr=1.2, views="[boundary, activation, graph, cost]"),
    dict(id="two-layers", title="Two layers", section="networks", layers="[2, 4, 1]",
         activations="[tanh, sigmoid]", dataset="flower", lr=1.2, views="[forward, gradients, cost]"),
    dict(id="deep", title="Deep", section="depth", layers="[2, 3, 3, 1]",
         activations="[tanh, tanh, sigmoid]", dataset="moons", lr=0.5,
         views="[gradient_norms, symmetry, gradcheck, loss_shape]"),
]


def write_lessons(folder, lessons=TEST_LESSONS):
    folder.mkdir(parents=True, exist_ok=True)
    for i, fields in enumerate(lessons, start=1):
        (folder / f"{i:02d}-{fields['id']}.md").write_text(LESSON.format(**fields), encoding="utf-8")
    return folder


@pytest.fixture
def lessons_dir(tmp_path):
    return write_lessons(tmp_path / "lessons")


@pytest.fixture
def make_app(tmp_path, lessons_dir):
    def make(**kwargs):
        kwargs.setdefault("lessons_dir", lessons_dir)
        kwargs.setdefault("progress_path", tmp_path / "data" / "progress.json")
        return TutorApp(**kwargs)

    return make


async def lesson_screen(pilot) -> LessonScreen:
    """Wait until the app has opened a lesson; return its screen."""
    for _ in range(50):
        if isinstance(pilot.app.screen, LessonScreen):
            await pilot.pause()
            return pilot.app.screen
        await pilot.pause(0.02)
    raise AssertionError(f"no lesson screen, got {pilot.app.screen!r}")


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def test_ten_steps_show_the_trainers_cost(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await lesson_screen(pilot)
        await pilot.press(*["space"] * 10)
        assert screen.trainer.iteration == 10
        expected = Trainer(layers=[2, 1], activations=["sigmoid"], dataset="blobs", learning_rate=1.2, seed=3, m=200)
        expected.run(10)
        assert screen.trainer.cost == pytest.approx(expected.cost, rel=1e-12)
        assert screen.panel.frame.snapshot.cost == screen.trainer.cost
        assert f"Iteration 10   cost J = {expected.cost:.4f}" in text_of(screen, "#stats")


async def test_phase_keys_run_forward_cost_backward_update_in_turn(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await lesson_screen(pilot)
        await pilot.press("n")
        screen = await lesson_screen(pilot)
        assert screen.lesson.id == "two-layers"
        for phase in ("forward", "cost", "backward", "update"):
            await pilot.press("full_stop")
            assert screen.trainer.last_phase == phase
            active = [w.id for w in screen.query(".phase.-active")]
            assert active == [f"phase-{phase}"]
            assert text_of(screen, "#phase-values").startswith(phase)
        assert screen.trainer.iteration == 1
        assert "Iteration 1 " in text_of(screen, "#stats")


async def test_run_trains_in_the_background_and_pause_stops_it(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await lesson_screen(pilot)
        await pilot.press("r")
        assert screen.running
        for _ in range(100):
            await pilot.pause(0.02)
            if screen.trainer.iteration > 20:
                break
        assert screen.trainer.iteration > 20
        await pilot.press("r")
        assert not screen.running
        await pilot.pause(0.1)
        stopped = screen.trainer.iteration
        await pilot.pause(0.2)
        assert screen.trainer.iteration == stopped
        assert "paused" in text_of(screen, "#stats")
        assert f"Iteration {stopped} " in text_of(screen, "#stats")


async def test_learning_rate_keys_and_reset(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await lesson_screen(pilot)
        await pilot.press("plus", "plus", "space", "space")
        assert screen.trainer.learning_rate == pytest.approx(1.2 * 1.5 * 1.5)
        await pilot.press("minus")
        assert screen.trainer.learning_rate == pytest.approx(1.2 * 1.5)
        await pilot.press("0")
        assert screen.trainer.iteration == 0
        assert text_of(screen, "#config").startswith("α 1.8 · sigmoid · small_random · blobs")


async def test_a_diverging_network_is_reported_plainly(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await lesson_screen(pilot)
        with screen.lock:
            screen.trainer.params["W1"][0, 0] = float("nan")   # as if a huge step had overflowed
        await pilot.press("space")
        assert screen.trainer.diverged
        assert "diverged" in text_of(screen, "#stats")
        assert "Diverged" in text_of(screen, "#warning")
        assert screen.query_one("#warning").has_class("-shown")


async def test_next_previous_and_table_of_contents(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await lesson_screen(pilot)
        assert screen.lesson.id == "one-unit"
        await pilot.press("p")                   # nothing before the first lesson
        assert (await lesson_screen(pilot)).lesson.id == "one-unit"
        await pilot.press("n", "n")
        assert (await lesson_screen(pilot)).lesson.id == "deep"
        await pilot.press("p")
        assert (await lesson_screen(pilot)).lesson.id == "two-layers"
        await pilot.press("t")
        assert isinstance(app.screen, TocScreen)
        await pilot.press("up", "enter")
        assert (await lesson_screen(pilot)).lesson.id == "one-unit"
        assert app.progress.completed == {"one-unit", "two-layers"}


async def test_progress_written_by_one_run_is_restored_by_the_next(make_app, tmp_path):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await lesson_screen(pilot)
        await pilot.press("n")
        assert (await lesson_screen(pilot)).lesson.id == "two-layers"
        await pilot.press("q")
    saved = json.loads((tmp_path / "data" / "progress.json").read_text(encoding="utf-8"))
    assert saved["lesson_id"] == "two-layers"
    assert saved["completed"] == ["one-unit"]

    again = make_app()
    async with again.run_test(size=(120, 40)) as pilot:
        assert (await lesson_screen(pilot)).lesson.id == "two-layers"

    fresh = make_app(reset_progress=True)
    async with fresh.run_test(size=(120, 40)) as pilot:
        assert (await lesson_screen(pilot)).lesson.id == "one-unit"
        assert fresh.progress.completed == set()


async def test_every_view_draws_without_error(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in TEST_LESSONS:
            screen = await lesson_screen(pilot)
            await pilot.press("space", "space")
            for _ in screen.panel.names:
                await pilot.press("v")
            await pilot.press("n")
        screen = await lesson_screen(pilot)
        assert screen.lesson.id == "deep"
        assert "relative difference" in str(screen.panel.view("gradcheck").query_one("#text", Static).render())


async def test_graph_view_steps_one_node_per_key(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await lesson_screen(pilot)
        screen.panel.query_one("#views").active = "tab-graph"
        await pilot.pause()
        graph = screen.panel.view("graph").graph
        await pilot.press("full_stop", "full_stop", "full_stop")
        assert [n.value for n in graph.nodes if n.name in ("u", "v", "J")] == [6.0, 11.0, 33.0]
        assert screen.trainer.iteration == 0 and screen.trainer.last_phase is None
        await pilot.press(*["full_stop"] * 6)
        assert graph.done
        assert {n.name: n.grad for n in graph.nodes if n.name in "abc"} == {"a": 3.0, "b": 6.0, "c": 9.0}


async def test_activation_init_and_dataset_keys_change_the_network(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await lesson_screen(pilot)
        await pilot.press("n")
        screen = await lesson_screen(pilot)
        await pilot.press("space", "a")
        assert screen.trainer.activations == ("relu", "sigmoid")
        assert screen.trainer.iteration == 0
        await pilot.press("i", "d")
        assert screen.trainer.init == "large_random"
        assert screen.trainer.dataset == "xor"
        await pilot.press("right_square_bracket", "space")
        assert "Example 2 of 200" in str(screen.panel.view("forward").query_one("#text", Static).render())


async def test_help_lists_every_key(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await lesson_screen(pilot)
        await pilot.press("question_mark")
        text = "\n".join(str(w.render()) for w in app.screen.query(".help-keys"))
        for key in ("space", ".", "r", "0", "+", "-", "[", "]", "a", "i", "d", "n", "p", "t", "k", "?", "q", "ctrl+p"):
            assert f"  {key} " in text
        await pilot.press("escape")
        assert isinstance(app.screen, LessonScreen)


async def test_quiz_key_opens_the_quiz_on_this_lessons_topics(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await lesson_screen(pilot)
        await pilot.press("k")
        await pilot.pause()
        assert type(app.screen).__name__ == "QuizScreen"


async def test_command_palette_lists_lessons_and_actions(make_app):
    from nn_tutor.ui.commands import TutorCommands

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await lesson_screen(pilot)
        titles = [title for title, _, _ in TutorCommands(screen)._commands()]
        assert "Lesson 3: Deep" in titles
        assert "Step" in titles and "Run/Pause" in titles and "Quit" in titles
        await pilot.press("ctrl+p")
        await pilot.press(*"deep")
        await pilot.pause(0.3)
        await pilot.press("enter")
        assert (await lesson_screen(pilot)).lesson.id == "deep"


async def test_theme_key_switches_light_and_dark(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await lesson_screen(pilot)
        dark = app.current_theme.dark
        await pilot.press("l")
        assert app.current_theme.dark is not dark


async def test_a_tiny_terminal_opens_without_error(make_app):
    app = make_app()
    async with app.run_test(size=(40, 12)) as pilot:
        screen = await lesson_screen(pilot)
        await pilot.press("space", "full_stop", "v", "v", "v")
        assert screen.trainer.iteration == 1


async def test_bad_lesson_files_are_named_and_the_rest_still_load(tmp_path):
    folder = write_lessons(tmp_path / "lessons", TEST_LESSONS[:1])
    (folder / "02-broken.md").write_text("---\nid: Broken\n---\ntext\n", encoding="utf-8")
    app = TutorApp(lessons_dir=folder, progress_path=tmp_path / "p.json")
    async with app.run_test(size=(120, 40)) as pilot:
        assert (await lesson_screen(pilot)).lesson.id == "one-unit"
        messages = [n.message for n in app._notifications]
        assert any("02-broken.md" in m and "skipped" in m for m in messages)


async def test_an_empty_folder_gets_a_clear_message(tmp_path):
    (tmp_path / "empty").mkdir()
    app = TutorApp(lessons_dir=tmp_path / "empty", progress_path=tmp_path / "p.json")
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(20):
            await pilot.pause(0.02)
            if isinstance(app.screen, MessageScreen):
                break
        await pilot.pause()
        assert isinstance(app.screen, MessageScreen)
        assert "No lessons" in str(app.screen.query_one("#message", Static).render())
        await pilot.press("q")


async def test_a_corrupt_progress_file_gives_a_notice_and_the_first_lesson(make_app, tmp_path):
    path = tmp_path / "data" / "progress.json"
    path.parent.mkdir()
    path.write_text("{oops", encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        assert (await lesson_screen(pilot)).lesson.id == "one-unit"
        assert any("could not be read" in n.message for n in app._notifications)


def test_lesson_text_is_plain_markdown():
    # Every test lesson keeps its maths in Unicode: Textual's Markdown renders no LaTeX.
    for fields in TEST_LESSONS:
        assert "$" not in textwrap.dedent(LESSON.format(**fields))


async def test_f12_saves_a_screenshot_of_the_lesson(make_app, tmp_path, monkeypatch):
    monkeypatch.setenv("NN_TUTOR_SCREENSHOT_DIR", str(tmp_path / "shots"))
    (tmp_path / "shots").mkdir()
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await lesson_screen(pilot)
        await pilot.press("f12")
    saved = list((tmp_path / "shots").glob("*.svg"))
    assert len(saved) == 1 and "One&#160;unit" in saved[0].read_text(encoding="utf-8")
