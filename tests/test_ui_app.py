"""The tutor app, driven headless through Textual's pilot, as a learner would use it."""

from __future__ import annotations

import gc
import json
import re

import pytest
from textual.widgets import Static

from nn_tutor.model import Trainer, load_dataset
from nn_tutor.ui.format import number
from nn_tutor.ui.lesson_screen import LessonScreen
from nn_tutor.ui.screens import TocScreen


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def shown_iteration(screen) -> int:
    """The iteration the status line names ("Iteration 3: …", "It. 3: …" or "… update 3" when narrow)."""
    found = re.match(r"(?:Iteration|It\.) (\d+):|J = \S+ before update (\d+)", text_of(screen, "#stats"))
    assert found, text_of(screen, "#stats")
    return int(found[1] or found[2])


def view_text(screen, name: str) -> str:
    return str(screen.panel.view(name).query_one("#text", Static).render())


async def test_ten_steps_show_the_trainers_cost(tutor):
    app = tutor.three_lessons()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await tutor.lesson_screen(pilot)
        await pilot.press(*["space"] * 10)
        s = await tutor.snapshot(pilot, screen, lambda s: s.iteration == 10)
        expected = Trainer(layers=[2, 1], activations=["sigmoid"], dataset="blobs", learning_rate=1.2, seed=3, m=200)
        expected.run(10)
        assert s.cost == pytest.approx(expected.cost, rel=1e-12)
        assert shown_iteration(screen) == 10
        assert f"J = {number(expected.cost)} before" in text_of(screen, "#stats")


async def test_phase_keys_run_forward_cost_backward_update_in_turn(tutor):
    app = tutor.three_lessons()
    async with app.run_test(size=(120, 40)) as pilot:
        await tutor.lesson_screen(pilot)
        await pilot.press("n")
        screen = await tutor.lesson_screen(pilot, "two-layers")
        for phase in ("forward", "cost", "backward", "update"):
            await pilot.press("full_stop")
            await tutor.snapshot(pilot, screen, lambda s: s.phase == phase)
            active = [w.id for w in screen.query(".phase.-active")]
            assert active == [f"phase-{phase}"]
            assert text_of(screen, "#phase-values").startswith(phase)
        assert screen.snapshot.iteration == 1
        assert shown_iteration(screen) == 1


async def test_run_trains_in_the_background_and_pause_stops_it(tutor):
    app = tutor.three_lessons()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await tutor.lesson_screen(pilot)
        await pilot.press("r")
        await tutor.snapshot(pilot, screen, lambda s: s.iteration > 20, "twenty iterations")
        assert screen.running and "▶" in text_of(screen, "#stats")
        stopped = (await tutor.paused(pilot, screen)).iteration
        await pilot.press("space")  # the next snapshot is one step on: nothing ran
        assert (await tutor.snapshot(pilot, screen, lambda s: s.iteration != stopped)).iteration == stopped + 1
        assert "paused" in text_of(screen, "#stats")
        assert shown_iteration(screen) == stopped + 1


async def test_learning_rate_keys_and_reset(tutor):
    app = tutor.three_lessons()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await tutor.lesson_screen(pilot)
        await pilot.press("plus", "plus", "space", "space")
        s = await tutor.snapshot(pilot, screen, lambda s: s.iteration == 2)
        assert s.learning_rate == pytest.approx(1.2 * 1.5 * 1.5)
        await pilot.press("minus", "0")
        s = await tutor.snapshot(pilot, screen, lambda s: s.iteration == 0)
        assert s.learning_rate == pytest.approx(1.2 * 1.5)
        settings = text_of(screen, "#config").split(" · ")
        assert settings[:2] == ["α 1.8", "sigmoid"] and "small random" in settings[2] and "blobs" in settings


async def test_a_diverging_network_is_reported_plainly(tutor):
    # inputs ×1e150 through ReLU with α = 1000: the weights overflow within two iterations
    app = tutor.app(
        lessons_dir=tutor.lessons(dict(id="overflow", title="Overflow", activations="[relu, sigmoid]", lr=1000))
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await tutor.lesson_screen(pilot)
        X, Y = load_dataset("flower", m=120, seed=3)
        screen = LessonScreen(app.lessons[0], 0, 1, app.session, X=X * 1e150, Y=Y)
        app.switch_screen(screen)
        await tutor.until(pilot, lambda: screen.snapshot is not None)
        await pilot.press(*["space"] * 5)
        await tutor.snapshot(pilot, screen, lambda s: s.diverged, "divergence")
        assert "diverged" in text_of(screen, "#stats")
        assert "Diverged" in text_of(screen, "#warning")
        assert screen.query_one("#warning").has_class("-shown")
        await pilot.press("r")
        await tutor.until(pilot, lambda: any("diverged" in n for n in app.notices), what="a notice")
        assert not screen.running


async def test_next_previous_and_table_of_contents(tutor):
    app = tutor.three_lessons()
    async with app.run_test(size=(120, 40)) as pilot:
        await tutor.lesson_screen(pilot, "one-unit")
        assert not app.screen.check_action("lesson", (-1,))  # nothing before the first lesson
        for key, lesson in [("p", "one-unit"), ("n", "two-layers"), ("n", "deep"), ("p", "two-layers")]:
            await pilot.press(key)
            await tutor.lesson_screen(pilot, lesson)
        await pilot.press("t")
        await tutor.wait_for(pilot, TocScreen)
        await pilot.press("up", "enter")
        await tutor.lesson_screen(pilot, "one-unit")
        assert app.progress.completed == set()  # only read, never run: nothing is done
        assert sum(isinstance(s, LessonScreen) for s in app.screen_stack) == 1


async def test_progress_written_by_one_run_is_restored_by_the_next(tutor):
    app = tutor.three_lessons()
    async with app.run_test(size=(120, 40)) as pilot:
        await tutor.lesson_screen(pilot)
        await pilot.press("space", "n")
        await tutor.lesson_screen(pilot, "two-layers")
        await pilot.press("q")
    saved = json.loads(tutor.progress_path.read_text(encoding="utf-8"))
    assert saved["lesson_id"] == "two-layers"
    assert saved["completed"] == ["one-unit"]

    again = tutor.three_lessons()
    async with again.run_test(size=(120, 40)) as pilot:
        await tutor.lesson_screen(pilot, "two-layers")

    fresh = tutor.three_lessons(reset_progress=True)
    async with fresh.run_test(size=(120, 40)) as pilot:
        await tutor.lesson_screen(pilot, "one-unit")
        assert fresh.progress.completed == set()


async def test_every_view_draws_and_the_gradient_check_names_its_iteration(tutor):
    app = tutor.three_lessons()
    async with app.run_test(size=(120, 40)) as pilot:
        for lesson in ("one-unit", "two-layers", "deep"):
            screen = await tutor.lesson_screen(pilot, lesson)
            await pilot.press("space", "space")
            await tutor.snapshot(pilot, screen, lambda s: s.iteration == 2)
            for _ in screen.panel.names:
                await pilot.press("v")
                assert "Traceback" not in tutor.screen_text(app)
            if lesson != "deep":
                await pilot.press("n")
        screen.panel.query_one("#views").active = "tab-gradcheck"
        await tutor.until(pilot, lambda: "iteration 2" in view_text(screen, "gradcheck"), what="a gradient check")
        assert "relative difference" in view_text(screen, "gradcheck")


async def test_graph_view_steps_one_node_per_key(tutor):
    app = tutor.three_lessons()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await tutor.lesson_screen(pilot)
        screen.panel.query_one("#views").active = "tab-graph"
        await pilot.pause()
        graph = screen.panel.view("graph").graph
        await pilot.press("full_stop", "full_stop", "full_stop")
        assert [n.value for n in graph.nodes if n.name in ("u", "v", "J")] == [6.0, 11.0, 33.0]
        await pilot.press(*["full_stop"] * 6)
        assert graph.done
        assert {n.name: n.grad for n in graph.nodes if n.name in "abc"} == {"a": 3.0, "b": 6.0, "c": 9.0}
        await pilot.press("space")  # the network was not stepped by the graph's keys
        s = await tutor.snapshot(pilot, screen, lambda s: s.iteration == 1)
        assert s.phase == "update"


async def test_activation_init_and_dataset_keys_change_the_network(tutor):
    app = tutor.three_lessons()
    async with app.run_test(size=(120, 40)) as pilot:
        await tutor.lesson_screen(pilot)
        await pilot.press("n")
        screen = await tutor.lesson_screen(pilot, "two-layers")
        await pilot.press("space", "a")
        s = await tutor.snapshot(pilot, screen, lambda s: s.activations[0] != "tanh")
        assert s.activations == ("relu", "sigmoid") and s.iteration == 0
        await pilot.press("i", "d")
        s = await tutor.snapshot(pilot, screen, lambda s: s.dataset != "flower")
        assert (s.init, s.dataset) == ("large_random", "xor")
        await pilot.press("right_square_bracket", "space")
        await tutor.snapshot(pilot, screen, lambda s: s.iteration == 1)
        assert "Example 2 of the first 32 of 200" in view_text(screen, "forward")
        assert any("Data set: xor" in n for n in app.notices)


async def test_help_lists_every_key_tab_and_what_done_means(tutor):
    app = tutor.three_lessons()
    async with app.run_test(size=(120, 70)) as pilot:
        await tutor.lesson_screen(pilot)
        await pilot.press("question_mark")
        await tutor.wait_for(pilot, "HelpScreen")
        text = "\n".join(tutor.screen_rows(app))
        for key in (
            "space",
            ".",
            "r",
            "0",
            "+",
            "-",
            "[",
            "]",
            "a",
            "i",
            "d",
            "n",
            "p",
            "t",
            "k",
            "z",
            "Z",
            "?",
            "q",
            "ctrl+p",
            "tab",
        ):
            assert f"  {key}  " in text, key
        assert "A bar on its left marks the part" in text
        assert "counts as done" in text
        await pilot.press("escape")
        await tutor.wait_for(pilot, LessonScreen)


async def test_the_quiz_comes_back_to_the_lesson_and_a_lesson_chosen_over_it_leaves_one_screen(tutor):
    app = tutor.three_lessons()
    async with app.run_test(size=(120, 40)) as pilot:
        await tutor.lesson_screen(pilot)
        await pilot.press("k")
        await tutor.wait_for(pilot, "QuizScreen")
        await pilot.press("escape")
        await tutor.lesson_screen(pilot, "one-unit")
        await pilot.press("k")
        await tutor.wait_for(pilot, "QuizScreen")
        await pilot.press("ctrl+p", *"deep")
        await tutor.until(pilot, lambda: "Lesson 3: Deep" in tutor.screen_text(app), what="the palette's hit")
        await pilot.press("enter")
        await tutor.lesson_screen(pilot, "deep")
        assert sum(isinstance(s, LessonScreen) for s in app.screen_stack) == 1
        assert not any(type(s).__name__ == "QuizScreen" for s in app.screen_stack)
        await pilot.press("k")  # the quiz opens again, fresh, alone in its mode
        await tutor.wait_for(pilot, "QuizScreen")
        assert [type(s).__name__ for s in app.screen_stack] == ["Holder", "QuizScreen"]


async def test_command_palette_lists_lessons_and_actions(tutor):
    from nn_tutor.ui.commands import TutorCommands

    app = tutor.three_lessons()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await tutor.lesson_screen(pilot)
        titles = [title for title, _, _ in TutorCommands(screen).commands()]
        assert "Lesson 3: Deep" in titles
        assert "Step" in titles and "Run" in titles and "Quit" in titles
        await pilot.press("ctrl+p", *"step")
        await tutor.until(pilot, lambda: "Step" in tutor.screen_text(app), what="the palette's hit")
        await pilot.press("enter")
        await tutor.snapshot(pilot, screen, lambda s: s.iteration == 1)


async def test_theme_key_switches_light_and_dark_and_the_next_start_keeps_it(tutor):
    app = tutor.three_lessons()
    async with app.run_test(size=(120, 40)) as pilot:
        await tutor.lesson_screen(pilot)
        dark = app.current_theme.dark
        await pilot.press("l")
        assert app.current_theme.dark is not dark
        await pilot.press("q")
    again = tutor.three_lessons()
    async with again.run_test(size=(120, 40)) as pilot:
        await tutor.lesson_screen(pilot)
        assert again.current_theme.dark is not dark


@pytest.mark.parametrize("key", ["q", "t"])
async def test_a_lesson_run_then_left_with_q_or_t_is_done(tutor, key):
    app = tutor.three_lessons()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await tutor.lesson_screen(pilot, "one-unit")
        await pilot.press("space")
        await tutor.snapshot(pilot, screen, lambda s: s.iteration >= 1)
        await pilot.press(key)
        if key == "t":
            await tutor.wait_for(pilot, TocScreen)
            assert app.progress.completed == {"one-unit"}  # ✓ in the list already
            await pilot.press("escape", "q")
    saved = json.loads(tutor.progress_path.read_text(encoding="utf-8"))
    assert "one-unit" in saved["completed"]


async def test_a_tiny_terminal_opens_without_error(tutor):
    app = tutor.three_lessons()
    async with app.run_test(size=(40, 12)) as pilot:
        screen = await tutor.lesson_screen(pilot)
        await pilot.press("space", "full_stop", "v", "v", "v")
        s = await tutor.snapshot(pilot, screen, lambda s: s.phase == "forward")
        assert s.iteration == 1


async def test_f12_saves_a_screenshot_of_the_lesson(tutor):
    app = tutor.three_lessons()
    async with app.run_test(size=(120, 40)) as pilot:
        await tutor.lesson_screen(pilot)
        await pilot.press("f12")
    saved = list((tutor.tmp_path / "screenshots").glob("*.svg"))
    assert len(saved) == 1 and "One&#160;unit" in saved[0].read_text(encoding="utf-8")


async def test_quitting_ends_the_training_process(tutor):
    app = tutor.three_lessons()
    async with app.run_test(size=(80, 24)) as pilot:
        await tutor.lesson_screen(pilot)
        process = app.session.process
        await pilot.press("r", "q")
    assert process.poll() is not None


@pytest.mark.parametrize("stay", [True, False])
async def test_the_garbage_collector_is_back_on_once_the_lessons_are_read_or_the_app_ends(tutor, stay):
    """Start-up runs without it (see TutorApp.on_load): it must come back, or memory only grows."""
    app = tutor.three_lessons()
    async with app.run_test(size=(80, 24)) as pilot:
        if stay:
            await tutor.lesson_screen(pilot)
            await tutor.until(pilot, lambda: len(app.lessons) == 3, what="every lesson read")
            assert gc.isenabled()
        await pilot.press("q")  # (not staying: before the lessons are read)
    assert gc.isenabled()


def test_every_view_a_lesson_may_name_is_in_the_panels_registry():
    from nn_tutor.lessons.schema import VIEWS as LESSON_VIEWS
    from nn_tutor.ui.views import VIEWS

    assert set(VIEWS) == set(LESSON_VIEWS)


async def test_a_restart_brings_back_the_lesson_its_view_alpha_speed_and_scroll(tutor):
    app = tutor.three_lessons()
    async with app.run_test(size=(80, 24)) as pilot:
        await tutor.lesson_screen(pilot)
        await pilot.press("n")
        screen = await tutor.lesson_screen(pilot, "two-layers")
        await pilot.press("plus", "s", "v", "end")
        await tutor.snapshot(pilot, screen, lambda s: s.learning_rate > 1.2)
        scroll = screen.query_one("#lesson-pane").scroll_y
        assert scroll > 0 and screen.speed == 1000 and screen.panel.active_view == "gradients"
        await pilot.press("q")

    again = tutor.three_lessons()
    async with again.run_test(size=(80, 24)) as pilot:
        screen = await tutor.lesson_screen(pilot, "two-layers")
        assert screen.snapshot.learning_rate == pytest.approx(1.2 * 1.5)
        assert screen.panel.active_view == "gradients"
        assert screen.speed == 1000
        pane = screen.query_one("#lesson-pane")
        await tutor.until(pilot, lambda: pane.scroll_y == scroll, what="the text scrolled back")


async def test_the_speed_survives_switching_lessons_and_alpha_stays_with_its_lesson(tutor):
    app = tutor.three_lessons()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await tutor.lesson_screen(pilot, "one-unit")
        await pilot.press("s", "s", "plus")  # 300 -> 1000 -> as fast as it goes
        await tutor.snapshot(pilot, screen, lambda s: s.learning_rate > 1.2)
        await pilot.press("n")
        screen = await tutor.lesson_screen(pilot, "two-layers")
        assert screen.speed is None  # still as fast as it goes
        assert screen.snapshot.learning_rate == pytest.approx(1.2)  # this lesson's own α
        await pilot.press("p")
        screen = await tutor.lesson_screen(pilot, "one-unit")
        assert screen.snapshot.learning_rate == pytest.approx(1.8)  # the α left in lesson 1


async def test_a_lesson_is_done_once_its_network_ran_or_its_quiz_was_answered(tutor):
    app = tutor.three_lessons()
    async with app.run_test(size=(120, 40)) as pilot:
        await tutor.lesson_screen(pilot, "one-unit")
        await pilot.press("n")  # skimmed: not done
        await tutor.lesson_screen(pilot, "two-layers")
        assert app.progress.completed == set()
        await pilot.press("k")
        quiz = await tutor.wait_for(pilot, "QuizScreen")
        await pilot.press("1", "enter")
        await tutor.until(pilot, lambda: quiz.round.results, what="an answered question")
        await pilot.press("escape")
        await tutor.lesson_screen(pilot, "two-layers")
        assert app.progress.completed == {"two-layers"}
        await pilot.press("n")
        screen = await tutor.lesson_screen(pilot, "deep")
        await pilot.press("space", "p")  # ran its network: done, however it is left
        await tutor.lesson_screen(pilot, "two-layers")
        assert app.progress.completed == {"two-layers", "deep"}
        await pilot.press("n")
        screen = await tutor.lesson_screen(pilot, "deep")
        await pilot.press("full_stop")
        await tutor.snapshot(pilot, screen, lambda s: s.phase == "forward")
        assert screen.tried


async def test_f12_never_overwrites_an_earlier_screenshot(tutor):
    app = tutor.three_lessons()
    async with app.run_test(size=(80, 24)) as pilot:
        await tutor.lesson_screen(pilot)
        await pilot.press("f12", "space", "f12", "f12")
    names = sorted(p.name for p in (tutor.tmp_path / "screenshots").glob("*.svg"))
    assert names == ["nn-tutor-one-unit-2.svg", "nn-tutor-one-unit-3.svg", "nn-tutor-one-unit.svg"]


async def test_the_quiz_command_returns_to_the_shell_when_the_quiz_ends(tutor):
    app = tutor.three_lessons(quiz=dict(count=1, seed=3))
    async with app.run_test(size=(80, 24)) as pilot:
        await tutor.wait_for(pilot, "QuizScreen")
        assert not any(isinstance(s, LessonScreen) for s in app.screen_stack)
        await pilot.press("escape")
        await tutor.until_exit(pilot)
    assert app.return_code == 0
