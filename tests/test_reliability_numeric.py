"""Numeric extremes trained through the UI: the panel says what went wrong, never a traceback.

Each case is a teacher's lesson (or, for scaled inputs, the lesson shown again with its
data scaled), stepped and then run for many iterations at full speed from the keyboard.
"""

from __future__ import annotations

import numpy as np
import pytest
from textual.widgets import Static

from nn_tutor.model import load_dataset
from nn_tutor.ui.lesson_screen import LessonScreen

EVERY_VIEW = "[forward, gradients, cost, boundary, activation, gradient_norms, symmetry, gradcheck, loss_shape]"


def panel_text(screen) -> tuple[str, str]:
    """(status line, warning line) of the lesson screen's panel."""
    return (str(screen.query_one("#stats", Static).render()), str(screen.query_one("#warning", Static).render()))


async def train(tutor, pilot, screen: LessonScreen, iterations: int):
    """Step a few times, then run at full speed until `iterations` or divergence, then pause.
    Fewer than 20 iterations are only stepped. Returns the last snapshot."""
    await pilot.press("space", "full_stop", "full_stop", "space")
    s = await tutor.snapshot(pilot, screen, lambda s: s.iteration == 2 or s.diverged)
    if iterations < 20:
        await pilot.press(*["space"] * (iterations - s.iteration))
        return await tutor.snapshot(pilot, screen, lambda s: s.iteration == iterations or s.diverged)
    await pilot.press("s", "s")  # 300/s -> 1000/s -> as fast as it goes
    assert screen.speed is None
    await pilot.press("r")
    await tutor.snapshot(pilot, screen, lambda s: s.iteration >= iterations or s.diverged, f"{iterations} iterations")
    s = await tutor.paused(pilot, screen)
    tutor.assert_alive(pilot.app)
    assert s.iteration >= iterations or s.diverged
    return s


async def every_view_draws(tutor, pilot, screen: LessonScreen, views=None) -> str:
    """Show each view tab in turn (or those named); return the text of their screenshots."""
    texts = []
    for name in views or screen.panel.names:
        screen.panel.query_one("#views").active = f"tab-{name}"
        await pilot.pause()
        text = tutor.screen_text(pilot.app)
        assert "Traceback" not in text
        texts.append(text)
        tutor.assert_alive(pilot.app)
    return "\n".join(texts)


DEEP_SIGMOID = dict(layers="[2, 8, 8, 8, 8, 8, 8, 8, 8, 8, 1]", activations="[" + ", ".join(["sigmoid"] * 10) + "]")
# name -> (lesson fields, iterations, words of the expected warning, views to draw: None for all)
CASES = {
    # a learning rate far too large: the cost climbs above where it started
    "learning rate 100": (
        dict(lr=100, views=EVERY_VIEW),
        300,
        "higher than where it started",
        ["cost", "forward", "gradients", "boundary"],
    ),
    # weights ×~10 at the start: the tanh layer saturates while the cost is high
    "large init": (dict(init="large_random", views=EVERY_VIEW), 10, "saturated", ["forward", "boundary"]),
    # a 10-layer sigmoid net whose first layers start saturated and stay so
    "depth 10, large init": (
        dict(DEEP_SIGMOID, init="large_random", views=EVERY_VIEW),
        100,
        "saturated",
        ["gradient_norms", "symmetry"],
    ),
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
        await pilot.press("0", "space")  # and it can start again
        tutor.assert_alive(app)


async def test_the_highest_learning_rate_from_the_keys_runs_without_error(tutor):
    folder = tutor.lessons(dict(id="keys", title="Keys", views="[cost, forward, gradients, boundary]"))
    app = tutor.app(lessons_dir=folder)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await tutor.lesson_screen(pilot)
        await pilot.press(*["plus"] * 30)
        await tutor.snapshot(pilot, screen, lambda s: s.learning_rate == 1000, "α = 1000")
        await train(tutor, pilot, screen, 400)
        stats, warning = panel_text(screen)
        assert "diverged" in stats or warning, (stats, warning)
        await every_view_draws(tutor, pilot, screen, ["boundary"])
        await pilot.press(*["minus"] * 60)
        s = await tutor.snapshot(pilot, screen, lambda s: s.learning_rate < 1e-3, "α at its floor")
        assert s.learning_rate == pytest.approx(1e-4)


async def scaled(tutor, pilot, factor: float) -> LessonScreen:
    """The app's only lesson shown again, with its inputs multiplied by `factor`."""
    app = pilot.app
    await tutor.lesson_screen(pilot)
    config = app.lessons[0].panel.config
    X, Y = load_dataset(config.dataset, m=config.m, seed=config.seed)
    screen = LessonScreen(app.lessons[0], 0, 1, app.session, X=X * factor, Y=Y)
    app.switch_screen(screen)
    await tutor.until(pilot, lambda: app.screen is screen and screen.snapshot is not None, what="the scaled lesson")
    return screen


async def test_inputs_a_thousand_times_larger_saturate_and_say_so(tutor):
    folder = tutor.lessons(dict(id="scaled", title="Scaled inputs", views=EVERY_VIEW))
    app = tutor.app(lessons_dir=folder)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await scaled(tutor, pilot, 1e3)
        assert np.abs(screen.snapshot.X).max() > 100
        await train(tutor, pilot, screen, 300)
        stats, warning = panel_text(screen)
        assert "saturated" in warning, (stats, warning)
        assert "saturated" in await every_view_draws(tutor, pilot, screen, ["forward", "activation"])


# inputs ×1e150 through ReLU with α = 1000: the weights overflow to inf and the cost to NaN
OVERFLOW = dict(id="overflow", title="Overflow", activations="[relu, sigmoid]", lr=1000)


async def test_inputs_that_overflow_show_the_diverged_state_on_every_view(tutor):
    app = tutor.app(lessons_dir=tutor.lessons(dict(OVERFLOW, views=EVERY_VIEW)))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await scaled(tutor, pilot, 1e150)
        s = await train(tutor, pilot, screen, 5)
        assert s.diverged
        stats, warning = panel_text(screen)
        assert "diverged" in stats and "Diverged" in warning, (stats, warning)
        await pilot.press("r")  # refuses to run, says why
        await tutor.until(pilot, lambda: any("diverged" in n for n in app.notices), what="a notice")
        assert not screen.running
        # the views draw infinities and NaNs; the gradient check of a diverged net once
        # warned 'invalid value encountered in logaddexp'
        assert "Diverged" in await every_view_draws(tutor, pilot, screen)
        await pilot.press("full_stop", "space", "left_square_bracket", "v", "g", "0", "space")
        await tutor.snapshot(pilot, screen, lambda s: s.iteration == 1 and not s.diverged, "a fresh start")
        tutor.assert_alive(app)


async def test_vanishing_gradients_in_a_deep_sigmoid_net_are_pointed_out(tutor):
    folder = tutor.lessons(
        dict(DEEP_SIGMOID, id="deep", title="Deep", views="[gradient_norms, cost, forward, gradients]")
    )
    app = tutor.app(lessons_dir=folder)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await tutor.lesson_screen(pilot)
        s = await train(tutor, pilot, screen, 100)
        await every_view_draws(tutor, pilot, screen, ["gradient_norms"])
        assert s.grad_norms[0] < 1e-12
        stats, warning = panel_text(screen)
        assert "Vanishing gradients" in warning, (stats, warning)
