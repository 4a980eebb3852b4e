"""Your network stays live and survives its failures, driven with the pilot: a save of
network.py reaches the panel at once, Y runs it although its checks fail, what stops training
is said whole in the panel, and a training process that dies or sends garbage is said, shown
stopped and started again with R."""

from __future__ import annotations

import os
import pickle
import signal

import pytest
from test_session_channel import Evil
from test_yournet import PLANTED, remember, two_layer_app, workspace, yours

from nn_tutor.session.pair import Pair

SIGN_BUG = ('    dZ2 = cache["A2"] - Y\n', '    dZ2 = Y - cache["A2"]\n')


def flat(app, tutor) -> str:
    """The screen's text with every run of spaces and line breaks made one space, and the
    panes' edges left out (so that wrapped sentences read whole)."""
    return " ".join(tutor.screen_text(app).replace("▌", " ").replace("▏", " ").split())


def shown_whole(sentence: str, text: str) -> bool:
    """Every word of `sentence` is on screen, in order (a notice drawn over the lesson may have
    the lesson's words beside its lines)."""
    words = iter(text.split())
    return all(any(word == seen for seen in words) for word in sentence.split())


async def test_a_save_reaches_your_network_at_once(tutor):
    folder = workspace(tutor)
    remember(tutor, folder)
    app = two_layer_app(tutor)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await tutor.lesson_screen(pilot, "two-layers")
        pair = await yours(tutor, pilot, screen)
        await pilot.press(*["space"] * 5)
        await tutor.snapshot(pilot, screen, lambda s: s.iteration == 5)
        text = (folder / "network.py").read_text()
        (folder / "network.py").write_text(text.replace(*SIGN_BUG))  # saved with a mistake
        said = await tutor.until(
            pilot, lambda: [n for n in app.notices if "network.py saved" in n], what="the reload's notice"
        )
        assert said[0] == "network.py saved: your network reloaded it and starts again from iteration 0."
        await tutor.snapshot(pilot, screen, lambda s: s.iteration == 0, "iteration 0")
        assert screen.session is pair and pair.yours.alive
        await pilot.press(*["space"] * 30)
        s = await tutor.snapshot(
            pilot, screen, lambda s: s.iteration == 30 and len(screen.latest.reference_costs) == 30
        )
        assert s.costs[-1] > s.costs[0] and screen.latest.reference_costs[-1] < screen.latest.reference_costs[0]
        await tutor.until(
            pilot, lambda: "backward fails its check" in flat(app, tutor), what="the banner to name the failing check"
        )


async def test_Y_runs_your_network_although_its_checks_fail_and_both_curves_show(tutor):
    folder = workspace(tutor, SIGN_BUG)
    remember(tutor, folder)
    app = two_layer_app(tutor)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await tutor.lesson_screen(pilot, "two-layers")
        await pilot.press("y")
        said = await tutor.until(pilot, lambda: [n for n in app.notices if "To fix" in n], what="the refusal")
        assert said[0].endswith("Press e for the exercises, or Y to train yours anyway.")
        await tutor.until(
            pilot,
            lambda: shown_whole(
                "To fix: backward: dW2 has the opposite sign: check the signs "
                "(which is subtracted from which?). Press e for the exercises, or Y to train yours anyway.",
                flat(app, tutor),
            ),
            what="the notice, wrapped and whole",
        )
        assert screen.session is app.session
        await pilot.press("Y")
        await tutor.until(
            pilot, lambda: isinstance(screen.session, Pair) and screen.snapshot is not None, what="your network, anyway"
        )
        ran = await tutor.until(pilot, lambda: [n for n in app.notices if "runs anyway" in n], what="which fail")
        assert ran[0].startswith("Your network runs anyway; backward fails its check: backward:")
        await tutor.until(
            pilot,
            lambda: "run anyway: backward fails its check" in flat(app, tutor),
            what="the banner naming the failing check",
        )
        await pilot.press(*["space"] * 30)
        s = await tutor.snapshot(
            pilot, screen, lambda s: s.iteration == 30 and len(screen.latest.reference_costs) == 30
        )
        assert s.costs[-1] > s.costs[0] and screen.latest.reference_costs[-1] < screen.latest.reference_costs[0]
        while screen.panel.active_view != "cost":
            await pilot.press("v")
        await tutor.until(
            pilot,
            lambda: "reference" in (t := flat(app, tutor)) and "your network" in t,
            what="both curves labelled",
        )


async def test_what_stopped_your_network_is_said_whole_in_the_panel(tutor):
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
        screen = await tutor.lesson_screen(pilot, "two-layers")
        await yours(tutor, pilot, screen)
        (folder / "planted").write_text("")
        await pilot.press("r")
        # the banner grows to its wrapped height on the next layout: wait for its last words
        text = await tutor.until(
            pilot,
            lambda: "for the reference." in (t := flat(app, tutor)) and "Your network stopped training" in t and t,
            what="the panel's sentence",
        )
        assert (
            "Your network stopped training: your forward did not return within 2 s (it was on line" in text
            and "an endless loop? Fix network.py and save (your network starts again with it), or press y "
            "for the reference."
            in text
        )
        assert not screen.running and "· running" not in text
        (folder / "planted").unlink()
        os.utime(folder / "network.py")  # saved: the fix reaches it
        await tutor.until(pilot, lambda: "stopped training" not in flat(app, tutor), what="the banner to clear")
        await pilot.press("space")
        await tutor.snapshot(pilot, screen, lambda s: s.iteration == 1, "a step of your network")


def pipe_writer(session):
    """The pipe the app reads, opened for writing through the training process's /proc entry
    (as code running as the same user could)."""
    inode = os.fstat(session.process.stdout.fileno()).st_ino
    folder = f"/proc/{session.process.pid}/fd"
    for name in os.listdir(folder):
        try:
            if os.stat(f"{folder}/{name}").st_ino == inode:
                return open(f"{folder}/{name}", "wb")
        except OSError:
            continue
    raise AssertionError("the pipe was not found")


@pytest.mark.parametrize("attack", ["pickle", "garbage", "kill -9"])
async def test_the_reference_process_failing_is_said_and_R_restarts_it(attack, tutor):
    marker = tutor.tmp_path / "ran"
    app = two_layer_app(tutor)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await tutor.lesson_screen(pilot)
        session = app.session
        process = session.process
        await pilot.press("r")
        await tutor.until(pilot, lambda: screen.running, what="training")
        if attack == "kill -9":
            os.kill(process.pid, signal.SIGKILL)
        else:
            try:
                with pipe_writer(session) as pipe:
                    pipe.write(pickle.dumps(Evil(marker)) if attack == "pickle" else os.urandom(100_000))
            except BrokenPipeError:  # the app stopped reading at the first bad byte
                pass
        text = await tutor.until(
            pilot,
            lambda: "Training stopped: press R" in (t := flat(app, tutor)) and "R Restart" in t and t,
            what="the panel's sentence and the key",
        )
        expected = (
            "The training process was killed."
            if attack == "kill -9"
            else "The training process sent something that is not a message ("
        )
        assert expected in text
        assert not screen.running and "· running" not in text
        assert process.poll() is not None and not os.path.exists(f"/proc/{process.pid}")  # reaped
        await pilot.press("R")
        await tutor.until(pilot, lambda: session.alive and session.process is not process, what="a new process")
        await pilot.press("space")
        await tutor.snapshot(pilot, screen, lambda s: s.iteration == 1, "a step after the restart")
        assert "Training stopped" not in flat(app, tutor) and "R Restart" not in flat(app, tutor)
        await pilot.press("q")
    assert not marker.exists()
