"""A save on the exercises screen checks again only what it changed, in a child of its own that
was started ahead: the other rows keep their verdicts, a killed spare child is replaced, nothing
a check's code did is there for the next check, and nothing is left once the app quits."""

import contextlib
import fcntl
import os
import signal
import struct
import termios
import time
from pathlib import Path

import pytest
from conftest import Tutor
from test_sandbox_attacks import none_left, processes_in
from textual.app import App
from textual.widgets import DataTable

import nn_tutor.ui.exercises_screen as exercises_screen
from nn_tutor.exercises import NAMES, init_workspace
from nn_tutor.exercises.catalogue import in_file
from nn_tutor.sandbox import wire
from nn_tutor.sandbox.calls import LearnerCode, Raised
from nn_tutor.sandbox.spare import Spare
from nn_tutor.ui.exercises_screen import ExercisesScreen

RELU_STUB = '    raise NotImplementedError("relu")\n'
RELU = "    return np.maximum(0, z)\n"
TANH_SLOPE_STUB = '    raise NotImplementedError("tanh_slope")\n'
TANH_SLOPE = "    a = np.tanh(z)\n    return 1 - a ** 2\n"


class Host(App):
    def __init__(self, workspace):
        super().__init__()
        self.workspace = workspace

    def on_mount(self) -> None:
        self.push_screen(ExercisesScreen(self.workspace))


@contextlib.asynccontextmanager
async def screen_on(tmp_path: Path):
    """The exercises screen on a fresh workspace, its first check done: (app, pilot, folder)."""
    folder = tmp_path / "ws"
    init_workspace(folder)
    app = Host(folder)
    async with app.run_test(size=(100, 30)) as pilot:
        await Tutor.until(pilot, lambda: not app.screen.checking, what="the first check")
        yield app, pilot, folder


def status(app, name):
    return str(app.screen.query_one(DataTable).get_cell(name, "status"))


def recording(monkeypatch) -> list[list[str]]:
    """The names each check of the screen is asked to check, in order."""
    asked = []
    run = exercises_screen.run_checks

    def run_checks(directory, names, **kwargs):
        asked.append(list(names))
        return run(directory, names, **kwargs)

    monkeypatch.setattr(exercises_screen, "run_checks", run_checks)
    return asked


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


async def test_a_saved_function_is_checked_alone_and_the_other_rows_keep_their_verdicts(tmp_path, monkeypatch):
    asked = recording(monkeypatch)
    async with screen_on(tmp_path) as (app, pilot, folder):
        assert asked == [list(NAMES)] and all(status(app, n) == "· todo" for n in NAMES)
        edit(folder / "activations.py", RELU_STUB, RELU)
        seen = set()

        def relu_passed():
            seen.update(n for n in NAMES if n != "relu" and status(app, n) != "· todo")
            return status(app, "relu") == "✓ passed"

        await Tutor.until(pilot, relu_passed, what="relu to pass")
        assert asked[1:] == [["relu"]]
        assert not seen, seen  # no other row was "checking" or changed
        await Tutor.until(pilot, lambda: not app.screen.checking, what="the check's end")
        assert f"1 of {len(NAMES)} passed" in str(app.screen.query_one("#exercises-title").render())


async def test_a_line_outside_the_functions_checks_the_whole_file_and_r_checks_all(tmp_path, monkeypatch):
    asked = recording(monkeypatch)
    async with screen_on(tmp_path) as (app, pilot, folder):
        edit(folder / "activations.py", "import numpy as np\n", "import numpy as np\n\nSCALE = 2.0\n")
        await Tutor.until(pilot, lambda: len(asked) == 2 and not app.screen.checking, what="a second check")
        assert sorted(asked[1]) == sorted(in_file("activations.py"))
        await pilot.press("r")
        await Tutor.until(pilot, lambda: len(asked) == 3, what="r to check")
        assert asked[2] == list(NAMES)


async def test_nothing_a_check_did_is_there_for_the_next_one(tmp_path, monkeypatch):
    """relu's code breaks np.tanh in its child; tanh_slope, saved next, is checked in a new child."""
    asked = recording(monkeypatch)
    async with screen_on(tmp_path) as (app, pilot, folder):
        edit(folder / "activations.py", RELU_STUB, '    object.__setattr__(np, "tanh", lambda z: 0 * z)\n' + RELU)
        await Tutor.until(pilot, lambda: status(app, "relu") == "✓ passed", what="relu to pass")
        await Tutor.until(pilot, lambda: not app.screen.checking, what="the check's end")
        edit(folder / "activations.py", TANH_SLOPE_STUB, TANH_SLOPE)
        await Tutor.until(pilot, lambda: len(asked) == 3 and not app.screen.checking, what="tanh_slope's check")
        assert asked[1:] == [["relu"], ["tanh_slope"]]
        assert status(app, "tanh_slope") == "✓ passed"


async def test_a_killed_spare_child_is_replaced_and_the_verdict_arrives(tmp_path):
    async with screen_on(tmp_path) as (app, pilot, folder):
        await Tutor.until(pilot, lambda: len(processes_in(folder)) >= 2, what="the spare child (and its keeper)")
        for pid in processes_in(folder):
            os.kill(pid, signal.SIGKILL)
        edit(folder / "activations.py", RELU_STUB, RELU)
        await Tutor.until(pilot, lambda: status(app, "relu") == "✓ passed", what="relu to pass")


async def test_an_endless_loop_is_ended_and_nothing_is_left_once_the_app_quits(tmp_path):
    async with screen_on(tmp_path) as (app, pilot, folder):
        edit(folder / "activations.py", RELU_STUB, "    while True:\n        pass\n")
        await Tutor.until(pilot, lambda: status(app, "relu") == "✗ failed", timeout=30, what="relu's loop ended")
        assert "relu did not finish within 5 s" in app.screen.results["relu"].message
        await Tutor.until(pilot, lambda: len(processes_in(folder)) >= 2, what="the spare for the next check")
    assert none_left(folder), processes_in(folder)


def waiting_bytes(fd: int) -> int:
    return struct.unpack("i", fcntl.ioctl(fd, termios.FIONREAD, b"\0\0\0\0"))[0]


def test_a_spare_that_answered_what_it_was_never_asked_is_not_used(tmp_path):
    init_workspace(tmp_path)
    spare = Spare(tmp_path)
    spare.start()
    child = spare.take()  # taken to reach its pipe, as another process could, then put back
    spare._child = child
    try:
        child.send({"op": "load", "file": "network.py"})  # a request no check made
        ready = len(wire.encode({"ready": True}))
        end = time.monotonic() + 15
        while waiting_bytes(child.stdout.fileno()) <= ready and time.monotonic() < end:
            time.sleep(0.01)
        assert spare.take() is None
        assert not child.alive
    finally:
        spare.close()
    assert none_left(tmp_path)


def test_a_spare_that_died_before_its_first_answer_is_replaced_by_a_new_child(tmp_path):
    init_workspace(tmp_path)
    spare = Spare(tmp_path)
    spare.start()
    end = time.monotonic() + 15
    while len(processes_in(tmp_path)) < 2 and time.monotonic() < end:
        time.sleep(0.05)
    for pid in processes_in(tmp_path):
        os.kill(pid, signal.SIGKILL)
    with LearnerCode(tmp_path, spare=spare) as code:
        code.load("activations.py")
        with pytest.raises(Raised, match="relu"):  # the stub raises, in a live child
            code.call("activations.py", "relu", 1.0)
    spare.close()
    assert none_left(tmp_path)


async def test_a_save_during_a_check_replaces_its_verdict_and_the_old_one_never_shows(tmp_path):
    async with screen_on(tmp_path) as (app, pilot, folder):
        edit(folder / "activations.py", RELU_STUB, "    while True:\n        pass\n")
        await Tutor.until(pilot, lambda: status(app, "relu") == "… checking", what="relu's check to start")
        edit(folder / "activations.py", "    while True:\n        pass\n", RELU)
        shown = set()

        def settled():
            shown.add(status(app, "relu"))
            return not app.screen.checking and status(app, "relu") == "✓ passed"

        await Tutor.until(pilot, settled, what="relu to pass")
        await Tutor.until(pilot, lambda: len(processes_in(folder)) >= 2, what="the spare for the next check")
        assert status(app, "relu") == "✓ passed"
        assert shown <= {"… checking", "✓ passed"}  # never the loop's "failed"
