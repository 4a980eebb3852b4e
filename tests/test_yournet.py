"""The exercises from a lesson (`e`) and "your network" in the panel (`y`), driven with the pilot.

The workspace holds the reference solutions (tests/exercise_solutions), sometimes with a
mistake planted in them. Some mistakes are switched on by a file the test writes once the
switch is made: the checks before the switch see correct code, the panel then runs the bad one.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import pytest
from textual.widgets import DataTable, Input

from nn_tutor.model import Trainer
from nn_tutor.progress import Progress
from nn_tutor.session.pair import Pair

SOLUTIONS = Path(__file__).parent / "exercise_solutions" / "network.py"
TWO_LAYERS = dict(id="two-layers", title="Two layers", m=200, views="[forward, gradients, cost, gradcheck]")
SETTINGS = dict(
    layers=[2, 4, 1],
    activations=["tanh", "sigmoid"],
    dataset="flower",
    init="small_random",
    learning_rate=1.2,
    seed=3,
    m=200,
)
STUB = '    raise NotImplementedError("sigmoid")\n'


def workspace(tutor, replace: tuple[str, str] | None = None) -> Path:
    """A workspace holding the reference solutions, with `replace` = (old, new) applied."""
    folder = tutor.tmp_path / "ws"
    folder.mkdir(exist_ok=True)
    text = SOLUTIONS.read_text(encoding="utf-8")
    if replace is not None:
        assert replace[0] in text
        text = text.replace(*replace)
    (folder / "network.py").write_text("import os\n" + text, encoding="utf-8")
    return folder


def remember(tutor, folder: Path | None, lesson_id: str = "two-layers") -> None:
    """Progress as a learner who has a workspace (or none) and was at `lesson_id`."""
    progress = Progress(
        path=tutor.progress_path, lesson_id=lesson_id, workspace=None if folder is None else str(folder)
    )
    assert progress.save()


# true once the test has written the file `planted` beside network.py
PLANTED = 'os.path.exists(os.path.join(os.path.dirname(__file__), "planted"))'


def status(screen, name: str) -> str:
    return str(screen.query_one(DataTable).get_cell(name, "status"))


def two_layer_app(tutor):
    return tutor.app(
        lessons_dir=tutor.lessons(
            *[dict(id="one-unit", title="One unit", layers="[2, 1]", activations="[sigmoid]", m=200), TWO_LAYERS]
        )
    )


async def yours(tutor, pilot, screen):
    """Press y and wait until the panel shows your network's first snapshot."""
    await pilot.press("y")
    await tutor.until(
        pilot,
        lambda: isinstance(screen.session, Pair) and screen.snapshot is not None,
        what="your network in the panel",
    )
    return screen.session


async def plant_after_switch(tutor, pilot, folder: Path):
    """Your network in the panel (its checks passed), then the planted mistake switched on."""
    screen = await tutor.lesson_screen(pilot, "two-layers")
    pair = await yours(tutor, pilot, screen)
    (folder / "planted").write_text("")
    return screen, pair


# -- e: the exercises from a lesson ---------------------------------------------------------------
async def offered(tutor, pilot):
    """e pressed in a lesson with no workspace yet: the offer to make one."""
    await tutor.lesson_screen(pilot)
    await pilot.press("e")
    return await tutor.wait_for(pilot, "NewWorkspaceScreen")


async def test_e_offers_a_workspace_makes_it_and_remembers_it(tutor, monkeypatch):
    monkeypatch.setenv("HOME", str(tutor.tmp_path / "home"))
    app = tutor.three_lessons()
    async with app.run_test(size=(80, 24)) as pilot:
        offer = await offered(tutor, pilot)
        assert offer.query_one(Input).value == str(tutor.tmp_path / "home" / "nn-tutor-exercises")
        assert "nn-tutor exercises init DIR" in tutor.static_text(offer)
        await pilot.press("enter")
        screen = await tutor.wait_for(pilot, "ExercisesScreen")
        await tutor.until(pilot, lambda: status(screen, "train") == "· todo", what="the first check")
        assert "press y" not in tutor.static_text(screen)  # not before forward, backward, update pass
        made = tutor.tmp_path / "home" / "nn-tutor-exercises"
        assert (made / "network.py").is_file()
        assert json.loads(tutor.progress_path.read_text())["workspace"] == str(made.resolve())
        await pilot.press("escape")
        await tutor.lesson_screen(pilot)
        await pilot.press("e")  # remembered: straight to the exercises
        await tutor.wait_for(pilot, "ExercisesScreen")


async def test_a_workspace_that_cannot_be_made_is_explained_and_esc_goes_back(tutor, monkeypatch):
    (tutor.tmp_path / "a-file").write_text("not a folder")
    monkeypatch.setenv("HOME", str(tutor.tmp_path / "a-file"))
    app = tutor.three_lessons()
    async with app.run_test(size=(80, 24)) as pilot:
        offer = await offered(tutor, pilot)
        await pilot.press("enter")
        assert "cannot be made there" in tutor.static_text(offer)
        assert app.screen is offer
        await pilot.press("escape")
        await tutor.lesson_screen(pilot)
        assert Progress.load(tutor.progress_path).workspace is None


async def test_saving_a_fixed_function_from_e_flips_it_to_passed_and_progress_keeps_it(tutor):
    from nn_tutor.exercises import init_workspace

    folder = tutor.tmp_path / "ws"
    init_workspace(folder)
    remember(tutor, folder, lesson_id="one-unit")
    app = tutor.three_lessons()
    async with app.run_test(size=(120, 40)) as pilot:
        await tutor.lesson_screen(pilot)
        await pilot.press("e")
        screen = await tutor.wait_for(pilot, "ExercisesScreen")
        await tutor.until(pilot, lambda: status(screen, "sigmoid") == "· todo", what="the first check")
        network = folder / "network.py"
        network.write_text(network.read_text().replace(STUB, "    return 1 / (1 + np.exp(-z))\n"))
        await tutor.until(pilot, lambda: status(screen, "sigmoid") == "✓ passed", what="sigmoid to pass")
        await tutor.until(
            pilot,
            lambda: "sigmoid" in json.loads(tutor.progress_path.read_text())["exercises"],
            what="progress to keep it",
        )


def test_nn_tutor_exercises_dir_opens_the_app_on_that_folder(tutor, monkeypatch):
    from nn_tutor import cli
    from nn_tutor.ui import app as app_module

    opened = {}
    monkeypatch.setattr(cli, "_in_a_terminal", lambda: True)
    monkeypatch.setattr(app_module, "run_tutor", lambda **kw: opened.update(kw) or 0)
    assert cli.main(["exercises", str(tutor.tmp_path / "ws")]) == 0
    assert opened["exercises"] == str(tutor.tmp_path / "ws")


async def test_the_app_opened_on_a_workspace_shows_its_exercises(tutor):
    folder = workspace(tutor)
    app = tutor.app(lessons_dir=tutor.lessons(TWO_LAYERS), exercises=str(folder))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await tutor.wait_for(pilot, "ExercisesScreen")
        await tutor.until(pilot, lambda: status(screen, "update") == "✓ passed", what="update to pass")
        await tutor.until(
            pilot,
            lambda: "press y in a two-layer lesson" in tutor.static_text(screen),
            what="the offer to train your network",
        )
        await tutor.until(pilot, lambda: not screen.checking, what="the whole check")
        assert Progress.load(tutor.progress_path).workspace == str(folder.resolve())


# -- y: your network ------------------------------------------------------------------------------
async def test_y_trains_your_network_step_for_step_with_the_reference(tutor):
    folder = workspace(tutor)
    remember(tutor, folder)
    app = two_layer_app(tutor)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await tutor.lesson_screen(pilot, "two-layers")
        await pilot.press("space", "space")  # the reference has moved on: both restart at 0
        await tutor.snapshot(pilot, screen, lambda s: s.iteration == 2)
        pair = await yours(tutor, pilot, screen)
        assert "Your network (your network.py)" in tutor.screen_text(app)
        await pilot.press(*["space"] * 25)
        s = await tutor.snapshot(
            pilot,
            screen,
            lambda s: (
                s.iteration == 25
                and screen.latest.reference_costs is not None
                and len(screen.latest.reference_costs) == 25
            ),
        )
        reference = Trainer(**SETTINGS)
        reference.run(25)
        np.testing.assert_allclose(screen.latest.reference_costs, reference.costs, rtol=0, atol=1e-12)
        np.testing.assert_allclose(s.costs, reference.costs, rtol=0, atol=1e-9)
        assert sorted(s.grads) == ["dW1", "dW2", "db1", "db2"]  # computed by their backward
        await pilot.press("v")
        await tutor.until(
            pilot,
            lambda: "not among the gradients" in str(screen.panel.view("gradients").query_one("#text").render()),
            what="dW and db",
        )
        await pilot.press("v")  # the cost view: both curves, labelled
        await tutor.until(pilot, lambda: screen.panel.active_view == "cost", what="the cost view")
        await tutor.until(
            pilot,
            lambda: "reference" in (t := tutor.screen_text(app)) and "your network" in t,
            what="both curves labelled",
        )
        await pilot.press("y")  # back: the reference, at the same iteration
        await tutor.until(pilot, lambda: screen.session is app.session, what="the reference")
        back = await tutor.snapshot(pilot, screen, lambda s: s.iteration == 25)
        assert back.cost == pytest.approx(reference.cost, abs=1e-12)
        assert "Your network (your network.py)" not in tutor.screen_text(app)
        assert pair.yours.alive


async def test_y_names_the_functions_to_fix_and_stays_on_the_reference(tutor):
    folder = workspace(tutor, ('    dZ2 = cache["A2"] - Y\n', '    dZ2 = Y - cache["A2"]\n'))
    text = (folder / "network.py").read_text()
    (folder / "network.py").write_text(
        text.replace(
            "def update(params, grads, learning_rate):\n",
            "def update(params, grads, learning_rate):\n    raise NotImplementedError\n",
        )
    )
    remember(tutor, folder)
    app = two_layer_app(tutor)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await tutor.lesson_screen(pilot, "two-layers")
        await pilot.press("y")
        said = await tutor.until(pilot, lambda: [n for n in app.notices if "To fix" in n], what="the functions to fix")
        assert (
            "backward:" in said[0] and "update: still to do" in said[0] and "forward" not in said[0].split("To fix")[1]
        )
        assert screen.session is app.session
        saved = Progress.load(tutor.progress_path).exercises
        assert "forward" in saved and "backward" not in saved and "update" not in saved


async def test_y_without_a_workspace_says_to_press_e_and_in_a_one_layer_lesson_where_to_go(tutor):
    remember(tutor, None)
    app = two_layer_app(tutor)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await tutor.lesson_screen(pilot, "two-layers")
        await pilot.press("y")
        await tutor.until(pilot, lambda: any("press e to make one" in n for n in app.notices), what="the advice")
        assert screen.session is app.session
        await pilot.press("p")
        screen = await tutor.lesson_screen(pilot, "one-unit")
        await pilot.press("y")
        await tutor.until(pilot, lambda: any("two-layer one" in n for n in app.notices), what="where to go")


async def test_a_sign_bug_in_your_backward_makes_your_cost_rise_while_the_reference_falls(tutor):
    folder = workspace(
        tutor, ("    dW1 = dZ1 @ X.T / m\n", f"    dW1 = dZ1 @ X.T / m\n    if {PLANTED}:\n        dW1 = -dW1\n")
    )
    remember(tutor, folder)
    app = two_layer_app(tutor)
    async with app.run_test(size=(120, 40)) as pilot:
        screen, _ = await plant_after_switch(tutor, pilot, folder)
        await pilot.press(*["space"] * 40)
        s = await tutor.snapshot(
            pilot, screen, lambda s: s.iteration == 40 and len(screen.latest.reference_costs) == 40
        )
        theirs, reference = s.costs, screen.latest.reference_costs
        assert reference[-1] < reference[0]
        assert theirs[-1] > theirs[0] and theirs[-1] > reference[-1] + 0.01


async def test_an_endless_loop_in_your_forward_is_reported_and_the_app_goes_on(tutor):
    folder = workspace(
        tutor,
        (
            '    Z1 = params["W1"] @ X + params["b1"]\n',
            f'    while {PLANTED}:\n        pass\n    Z1 = params["W1"] @ X + params["b1"]\n',
        ),
    )
    remember(tutor, folder)
    app = two_layer_app(tutor)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, _ = await plant_after_switch(tutor, pilot, folder)
        start = time.monotonic()
        await pilot.press("r")
        said = await tutor.until(
            pilot, lambda: [n for n in app.notices if "did not return" in n], what="the endless loop's message"
        )
        assert time.monotonic() - start < 10
        assert "your forward did not return within 2 s (it was on line" in said[0]
        await pilot.press("y")  # the reference waited for yours, and still answers
        await tutor.until(pilot, lambda: screen.session is app.session, what="the reference")
        stopped = await tutor.snapshot(pilot, screen, lambda s: not screen.latest.running, "a paused reference")
        await pilot.press("space")
        await tutor.snapshot(pilot, screen, lambda s: s.iteration == stopped.iteration + 1, "a reference step")


async def test_a_loop_that_swallows_the_time_limit_is_caught_by_the_watch(tutor, monkeypatch):
    import nn_tutor.ui.yournet

    # the watch's limit, above the 2 s the process itself gives a call (which this loop swallows);
    # 5 s in the tutor, 3 s here: the reference trains and draws all the while
    monkeypatch.setattr(nn_tutor.ui.yournet, "STUCK_SECONDS", 3.0)
    loop = (
        f"    while {PLANTED}:\n        try:\n            time.sleep(0.05)\n        except BaseException:\n"
        "            pass\n"
    )
    folder = workspace(
        tutor,
        (
            '    Z1 = params["W1"] @ X + params["b1"]\n',
            "    import time\n" + loop + '    Z1 = params["W1"] @ X + params["b1"]\n',
        ),
    )
    remember(tutor, folder)
    app = two_layer_app(tutor)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, pair = await plant_after_switch(tutor, pilot, folder)
        process = pair.yours.process
        await pilot.press("r")
        await tutor.until(pilot, lambda: [n for n in app.notices if "did not answer" in n], what="the watch's message")
        await tutor.until(pilot, lambda: process.poll() is not None, what="the stuck process to end")
        text = await tutor.until(
            pilot,
            lambda: "did not answer for" in (t := " ".join(tutor.screen_text(app).split())) and "R Restart" in t and t,
            what="the panel's sentence and the key",
        )
        assert "Training stopped: press R to restart it, or y for the reference." in text
        assert "R Restart" in text and "· running" not in text  # the key shows in the footer
        assert not screen.running
        (folder / "planted").unlink()
        await pilot.press("R")  # a new process: both from iteration 0
        await tutor.until(pilot, lambda: pair.yours.alive and pair.yours.process is not process, what="a new process")
        await pilot.press("space")
        await tutor.snapshot(pilot, screen, lambda s: s.iteration == 1 and len(screen.latest.reference_costs) == 1)
        assert "did not answer" not in tutor.screen_text(app)
        await pilot.press("y")
        await tutor.until(pilot, lambda: screen.session is app.session, what="the reference")
        await tutor.snapshot(pilot, screen, lambda s: s.iteration == 1, "the reference, in step")
