"""Numeric extremes trained through the UI: the panel says what went wrong, never a traceback.

Each case is a teacher's lesson (or, for scaled inputs, a Trainer handed to the lesson
screen), stepped and then run for many iterations at full speed from the keyboard.
"""

from __future__ import annotations

import numpy as np
import pytest
from textual.widgets import Static

from nn_tutor.model import Trainer, load_dataset
from nn_tutor.ui.lesson_screen import LessonScreen

EVERY_VIEW = "[forward, gradients, cost, boundary, activation, gradient_norms, symmetry, gradcheck, loss_shape]"


def panel_text(screen) -> tuple[str, str]:
    """(status line, warning line) of the lesson screen's panel."""
    return (str(screen.query_one("#stats", Static).render()),
            str(screen.query_one("#warning", Static).render()))


async def train(tutor, pilot, screen: LessonScreen, iterations: int) -> None:
    """Step a few times, then run at full speed until `iterations` or divergence, then pause.
    Fewer than 20 iterations are only stepped."""
    await tutor.type_fast(pilot, ["space", "full_stop", "full_stop", "space"])
    if iterations < 20:
        await tutor.type_fast(pilot, ["space"] * (iterations - screen.trainer.iteration))
        await pilot.pause()
        assert screen.trainer.iteration == iterations or screen.trainer.diverged
        return
    await tutor.type_fast(pilot, ["s", "s"])        # 300/s -> 1000/s -> as fast as it goes
    assert screen.speed is None
    await tutor.type_fast(pilot, ["r"])
    for _ in range(400):
        if screen.trainer.iteration >= iterations or screen.trainer.diverged:
            break
        await pilot.pause(0.02)
    if screen.running:
        await pilot.press("r")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    assert not screen.running
    tutor.assert_alive(pilot.app)
    assert screen.trainer.iteration >= iterations or screen.trainer.diverged


async def every_view_draws(tutor, pilot, screen: LessonScreen, views=None) -> str:
    """Show each view tab in turn (or those named); return the text of their screenshots."""
    texts = []
    for name in views or screen.panel.names:
        screen.panel.query_one("#views").active = f"tab-{name}"
        await pilot.pause()
        text = tutor.svg_text(pilot.app.export_screenshot())
        assert "Traceback" not in text
        texts.append(text)
        tutor.assert_alive(pilot.app)
    return "\n".join(texts)


DEEP_SIGMOID = dict(layers="[2, 8, 8, 8, 8, 8, 8, 8, 8, 8, 1]", activations="[" + ", ".join(["sigmoid"] * 10) + "]")
# name -> (lesson fields, iterations, words of the expected warning, views to draw: None for all)
CASES = {
    # a learning rate far too large: the cost climbs above where it started
    "learning rate 100": (dict(lr=100, views=EVERY_VIEW), 300, "higher than where it started",
                          ["cost", "forward", "gradients", "boundary"]),
    # weights ×~10 at the start: the tanh layer saturates while the cost is high
    "large init": (dict(init="large_random", views=EVERY_VIEW), 10, "saturated", ["forward", "boundary"]),
    # a 10-layer sigmoid net whose first layers start saturated and stay so
    "depth 10, large init": (dict(DEEP_SIGMOID, init="large_random", views=EVERY_VIEW), 100, "saturated",
                             ["gradient_norms", "symmetry"]),
}


@pytest.mark.parametrize("case", list(CASES))
async def test_an_extreme_lesson_shows_a_warning_not_a_traceback(tutor, case):
    fields, iterations, expected, views = CASES[case]
    folder = tutor.lessons(dict(id="extreme", title="Extreme", **fields))
    app = tutor.app(lessons_dir=folder)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await tutor.lesson_screen(pilot)
        await train(tutor, pilot, screen, iterations)
        stats, warning = panel_text(screen)
        assert expected in warning, (stats, warning)
        assert screen.query_one("#warning").has_class("-shown")
        text = await every_view_draws(tutor, pilot, screen, views)
        assert expected.split()[0] in text
        await pilot.press("0", "space")            # and it can start again
        tutor.assert_alive(app)


async def test_the_highest_learning_rate_from_the_keys_runs_without_error(tutor):
    folder = tutor.lessons(dict(id="keys", title="Keys", views="[cost, forward, gradients, boundary]"))
    app = tutor.app(lessons_dir=folder)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await tutor.lesson_screen(pilot)
        await tutor.type_fast(pilot, ["plus"] * 30)
        assert screen.trainer.learning_rate == 1000
        await train(tutor, pilot, screen, 400)
        stats, warning = panel_text(screen)
        assert "diverged" in stats or warning, (stats, warning)
        await every_view_draws(tutor, pilot, screen, ["boundary"])
        await tutor.type_fast(pilot, ["minus"] * 60)
        assert screen.trainer.learning_rate == pytest.approx(1e-4)


def lesson_with_trainer(app, trainer: Trainer) -> LessonScreen:
    """The app's only lesson, shown with a Trainer made outside the lesson's spec."""
    return LessonScreen(app.lessons[0], 0, len(app.lessons), trainer=trainer)


async def test_inputs_a_thousand_times_larger_saturate_and_say_so(tutor):
    folder = tutor.lessons(dict(id="scaled", title="Scaled inputs", views=EVERY_VIEW))
    app = tutor.app(lessons_dir=folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await tutor.lesson_screen(pilot)
        kwargs = app.lessons[0].panel.trainer_kwargs()
        X, Y = load_dataset(kwargs["dataset"], m=kwargs["m"], seed=kwargs["seed"])
        app.push_screen(lesson_with_trainer(app, Trainer(**kwargs, X=X * 1e3, Y=Y)))
        await pilot.pause()
        screen = await tutor.lesson_screen(pilot)
        assert np.abs(screen.trainer.X).max() > 100
        await train(tutor, pilot, screen, 300)
        stats, warning = panel_text(screen)
        assert "saturated" in warning, (stats, warning)
        assert "saturated" in await every_view_draws(tutor, pilot, screen, ["forward", "activation"])


async def overflowing(tutor, pilot) -> LessonScreen:
    """Inputs ×1e150 through ReLU with α = 1000: the weights overflow to inf and the cost to
    NaN on the first iteration."""
    app = pilot.app
    await tutor.lesson_screen(pilot)
    kwargs = app.lessons[0].panel.trainer_kwargs()
    X, Y = load_dataset(kwargs["dataset"], m=kwargs["m"], seed=kwargs["seed"])
    app.push_screen(lesson_with_trainer(app, Trainer(**kwargs, X=X * 1e150, Y=Y)))
    await pilot.pause()
    return await tutor.lesson_screen(pilot)


OVERFLOW = dict(id="overflow", title="Overflow", activations="[relu, sigmoid]", lr=1000)


async def test_inputs_that_overflow_show_the_diverged_state_on_every_view(tutor):
    app = tutor.app(lessons_dir=tutor.lessons(dict(OVERFLOW, views=EVERY_VIEW)))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await overflowing(tutor, pilot)
        await train(tutor, pilot, screen, 5)
        assert screen.trainer.diverged
        stats, warning = panel_text(screen)
        assert "diverged" in stats and "Diverged" in warning, (stats, warning)
        await tutor.type_fast(pilot, ["r"])            # refuses to run, says why
        assert not screen.running
        assert any("diverged" in n for n in tutor.notices(app))
        # the views draw infinities and NaNs; the gradient check of a diverged net once
        # warned 'invalid value encountered in logaddexp'
        assert "Diverged" in await every_view_draws(tutor, pilot, screen)
        await tutor.type_fast(pilot, ["full_stop", "space", "left_square_bracket", "v", "g", "0", "space"])
        tutor.assert_alive(app)


async def test_vanishing_gradients_in_a_deep_sigmoid_net_are_pointed_out(tutor):
    folder = tutor.lessons(dict(DEEP_SIGMOID, id="deep", title="Deep",
                                views="[gradient_norms, cost, forward, gradients]"))
    app = tutor.app(lessons_dir=folder)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await tutor.lesson_screen(pilot)
        await train(tutor, pilot, screen, 100)
        await every_view_draws(tutor, pilot, screen, ["gradient_norms"])
        assert screen.trainer.snapshot().grad_norms[0] < 1e-12
        stats, warning = panel_text(screen)
        assert "Vanishing gradients" in warning, (stats, warning)
