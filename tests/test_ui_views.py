"""The network, nudge, backprop-steps and vectorise views, the compare view's names and the
loss-shape view's right axis, driven through the app as a learner would."""

from __future__ import annotations

import numpy as np
import pytest

from nn_tutor.model import backward, forward
from nn_tutor.session import CompareResult
from nn_tutor.ui import format as fmt

SIZES = [(80, 24), (200, 60)]


async def open_lesson(tutor, pilot, view):
    """The lesson screen with `view` showing, once its first snapshot is drawn."""
    screen = await tutor.lesson_screen(pilot)
    panel = screen.panel
    while panel.active_view != view:
        await pilot.press("v")
    await pilot.pause()
    return screen, panel


def lesson(tutor, views, **fields):
    return tutor.app(lessons_dir=tutor.lessons(dict(id="views", title="Views", views=views, m=100, seed=1, **fields)))


# -- network ----------------------------------------------------------------------------------
@pytest.mark.parametrize("size", SIZES)
async def test_the_network_view_draws_units_and_weights_and_follows_the_steps(tutor, size):
    app = lesson(tutor, "[network, cost]")
    async with app.run_test(size=size) as pilot:
        screen, panel = await open_lesson(tutor, pilot, "network")
        view = panel.view("network")
        await pilot.press("space")
        first = await tutor.snapshot(pilot, screen, lambda s: s.iteration == 1)
        text = tutor.screen_text(app)
        assert "x1" in text and "x2" in text and text.count("●") >= 7  # 2 + 4 + 1 units
        assert "w > 0" in text and "w < 0" in text
        assert any(ch in text for ch in "⠁⠂⠄⡀⠈⠐⠠⢀⠉⠒⠤⣀")  # weights drawn as braille lines
        a2 = fmt.number(float(first.cache["A2"][0, 0]), fit=5)
        assert a2 in text  # the output's value, example 1
        for _ in range(3):
            await pilot.press("r")
            await tutor.until(pilot, lambda: screen.snapshot.iteration > 100, what="training")
            await tutor.paused(pilot, screen)
            break
        later = tutor.screen_text(app)
        assert later != text  # the picture moved with the weights
        assert "(max " in view.left_out


async def test_a_wide_layer_is_summarised_in_a_small_window(tutor):
    app = lesson(
        tutor,
        "[network, cost]",
        layers="[2, 50, 3]",
        activations="[relu, softmax]",
        dataset="spiral",
        init="he",
        extra="  classes: 3\n",
    )
    async with app.run_test(size=(80, 24)) as pilot:
        screen, panel = await open_lesson(tutor, pilot, "network")
        await pilot.press("space")
        await tutor.snapshot(pilot, screen, lambda s: s.iteration == 1)
        view = panel.view("network")
        assert "of 50 units" in view.left_out and "strongest" in view.left_out
        assert "more" in tutor.screen_text(app)  # "⋮ 46 more" where units are left out


# -- nudge ------------------------------------------------------------------------------------
async def test_the_nudge_view_moves_a_changes_f_and_the_nudge(tutor):
    app = lesson(tutor, "[nudge, cost]")
    async with app.run_test(size=(120, 40)) as pilot:
        screen, panel = await open_lesson(tutor, pilot, "nudge")
        view = panel.view("nudge")
        text = lambda: tutor.text(view.query_one("#text"))  # noqa: E731
        assert view.has_focus  # its keys reach it
        assert "f(a) = a²" in text() and "4.001000" in text() and "4.000000" in text()
        await pilot.press("right", "right")  # a = 3
        assert "a = 3 " in text() and "6.001000" in text() and "6.000000" in text()
        await pilot.press("f")  # log a at 3
        assert "f(a) = log a" in text() and "0.333278" in text() and "0.333333" in text()
        await pilot.press("h")  # h cycles to 1
        assert "nudge h = Δa = 1\n" in text() and "0.287682" in text()  # log 4 − log 3
        await pilot.press(*["left"] * 8)  # a = −1: outside log's domain
        assert "defined only for a > 0" in text() and "nan" in text()
        await pilot.press("f")
        assert "f(a) = 3a" in text() and "3.000000" in text()
        assert screen.snapshot.iteration == 0  # the network did not move
        tutor.assert_alive(app)


# -- backprop steps ---------------------------------------------------------------------------
async def test_each_full_stop_on_the_view_computes_the_next_backward_equation(tutor):
    app = lesson(tutor, "[backprop_steps, cost]")
    async with app.run_test(size=(120, 40)) as pilot:
        screen, panel = await open_lesson(tutor, pilot, "backprop_steps")
        view = panel.view("backprop_steps")
        text = lambda: tutor.text(view.query_one("#text"))  # noqa: E731
        assert "0 of 7 equations" in text()
        s = screen.snapshot
        acts = list(s.activations)
        grads = backward(dict(s.params), forward(dict(s.params), s.X, acts), s.Y, acts)
        names = ["dZ2", "dW2", "db2", "dA1", "dZ1", "dW1", "db1"]
        for k, name in enumerate(names, start=1):
            await pilot.press("full_stop")
            shown = text()
            assert f"{k} of 7 equations" in shown and f"▶ {name} = " in shown
            first = fmt.num(float(grads[name].ravel()[0])).strip()
            assert first in shown  # the model's value
        assert "(1×100)(100×4) → (1×4), the shape of W2" in text()
        assert "All 7 done" in text()
        assert screen.snapshot.phase is None  # . stepped the view, not the network
        await pilot.press("full_stop")
        assert "0 of 7 equations" in text()


async def test_the_steps_follow_the_parameters_after_an_update(tutor):
    app = lesson(tutor, "[backprop_steps, cost]")
    async with app.run_test(size=(120, 40)) as pilot:
        screen, panel = await open_lesson(tutor, pilot, "backprop_steps")
        view = panel.view("backprop_steps")
        await pilot.press("full_stop", "space")
        s = await tutor.snapshot(pilot, screen, lambda s: s.iteration == 1)
        await pilot.pause()
        dZ2 = backward(dict(s.params), forward(dict(s.params), s.X, list(s.activations)), s.Y, list(s.activations))[
            "dZ2"
        ]
        assert "iteration 1" in tutor.text(view.query_one("#text"))
        np.testing.assert_array_equal(view.steps[0].value, dZ2)


# -- vectorise --------------------------------------------------------------------------------
async def test_the_timing_runs_off_the_ui_thread_and_fills_every_row(tutor):
    app = lesson(tutor, "[vectorise, cost]")
    async with app.run_test(size=(120, 40)) as pilot:
        screen, panel = await open_lesson(tutor, pilot, "vectorise")
        view = panel.view("vectorise")
        await pilot.press("space")  # keys work while it times
        await tutor.snapshot(pilot, screen, lambda s: s.iteration == 1, what="a step during timing")
        await tutor.until(pilot, lambda: not view.timing, what="the timing to finish")
        text = tutor.text(view.query_one("#text"))
        for m in ("10", "100", "1,000", "10,000", "100,000"):
            assert f"\n{m:>8}  " in text
        assert "same numbers" in text and "×" in text
        assert "(4×1) − (4,) → (4×4)" in text  # the flat-array trap
        # which is faster depends on the machine and its load: the rows hold times, not a verdict
        assert all(r["loop_seconds"] > 0 and r["matrix_seconds"] > 0 for r in view.results)
        assert view.has_focus and view.timings == 1
        await pilot.press("enter")  # time again
        await tutor.until(pilot, lambda: view.timings == 2, what="the second timing")
        assert len(view.results) == 5


# -- compare and loss shape -------------------------------------------------------------------
@pytest.mark.parametrize(
    "field, values, labels, title",
    [
        ("init", "[small_random, large_random]", ["small random (×0.01)", "large random (×10)"], "initialisations"),
        (
            "batch",
            "[full, 32, sgd]",
            ["full batch", "mini-batch 32 (α 0.678)", "SGD (1 example) (α 0.12)"],
            "batch sizes",
        ),
        ("hidden", "[1, 3]", ["1 hidden unit", "3 hidden units"], "hidden layer sizes"),
        ("cost", "[cross_entropy, mse]", ["cross-entropy", "squared error ½(a−y)²"], "costs"),
    ],
)
async def test_the_compare_view_names_each_setting_and_ends_on_the_whole_set_cost(tutor, field, values, labels, title):
    extra = f"  compare:\n    field: {field}\n    values: {values}\n    iterations: 5\n"
    app = lesson(tutor, "[compare, cost]", extra=extra)
    async with app.run_test(size=(120, 40)) as pilot:
        screen, panel = await open_lesson(tutor, pilot, "compare")
        view = panel.view("compare")
        runs = {
            f"{field}=v{k}" + (" (α 0.5)" if "α" in label else ""): {
                "costs": np.array([0.9, 0.8]),
                "full_costs": np.array([0.7, 0.123456 + k]),
                "accuracy": 0.5,
                "diverged": False,
            }
            for k, label in enumerate(labels)
        }
        view.result = CompareResult(0, runs)
        await pilot.pause()
        legend = tutor.text(view.query_one("#compare-legend"))
        for k, label in enumerate(labels):
            shown = label.split(" (α")[0]
            assert f"{shown}" in legend and f"final cost {0.123456 + k:.4f}" in legend
        screen_text = tutor.screen_text(app)
        assert f"different {title}" in screen_text and "log₁₀ J" in screen_text


async def test_the_squared_error_has_its_own_right_axis(tutor):
    app = lesson(tutor, "[loss_shape, cost]")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_lesson(tutor, pilot, "loss_shape")
        text = tutor.screen_text(app)
        assert "½(a−y)² (right axis)" in text and "cross-entropy" in text


# -- NaN and ±inf -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "value, size", [(np.nan, (80, 24)), (np.inf, (80, 24)), (-np.inf, (80, 24)), (None, (80, 24)), (None, (200, 60))]
)
async def test_the_new_views_draw_frames_full_of_non_finite_numbers(tutor, value, size):
    import dataclasses

    from test_ui_nonfinite import PanelApp, poisoned, stepped_snapshot

    from nn_tutor.lessons import load_lesson
    from nn_tutor.ui.panel import ModelPanel
    from nn_tutor.ui.views import Frame

    folder = tutor.lessons(dict(id="new", title="New views", views="[network, nudge, backprop_steps, vectorise]", m=40))
    app = PanelApp(load_lesson(next(folder.glob("*.md"))))
    s = poisoned(stepped_snapshot(), value)
    async with app.run_test(size=size) as pilot:
        panel = app.query_one(ModelPanel)
        for frame in (Frame(s, example=5), Frame(dataclasses.replace(s, cache={}, grads={}), example=0)):
            panel.frame = frame
            for _ in panel.names:
                panel.next_view()
                await pilot.pause()
                assert "Traceback" not in tutor.screen_text(app)
                tutor.assert_alive(app)
        await pilot.press("full_stop", "full_stop")  # on the backprop view if it has the focus
        vectorise = panel.view("vectorise")
        await tutor.until(pilot, lambda: vectorise.timings >= 1, what="the timing of NaN parameters")
        tutor.assert_alive(app)


async def test_a_diverged_network_is_said_once_not_once_per_equation(tutor):
    app = lesson(tutor, "[backprop_steps, cost]")
    async with app.run_test(size=(120, 40)) as pilot:
        screen, panel = await open_lesson(tutor, pilot, "backprop_steps")
        view = panel.view("backprop_steps")
        view.steps = [step._replace(value=np.full(np.shape(step.value), np.nan)) for step in view.steps]
        await pilot.press(*["full_stop"] * 7)
        assert "All 7 done" in tutor.text(view.query_one("#text"))
        assert sum("diverged" in notice for notice in tutor.notices(app)) == 1
