"""The exercises screen, driven with the pilot: it re-checks by itself when network.py is saved."""

import json
import os
from pathlib import Path

import pytest
from conftest import host_app, until
from textual.widgets import DataTable, Static

from nn_tutor.exercises import NAMES, by_name, init_workspace
from nn_tutor.progress import Progress
from nn_tutor.ui.exercises_screen import ExercisesScreen

NETWORK = [n for n in NAMES if by_name(n).file == "network.py"]

STUB = '    raise NotImplementedError("sigmoid")\n'
FIXED = "    return 1 / (1 + np.exp(-z))\n"


def exercises_app(workspace, progress=None):
    """An app with only the exercises screen on `workspace`."""
    return host_app(screen=lambda: ExercisesScreen(workspace, progress=progress))


def status(app, name):
    return str(app.screen.query_one(DataTable).get_cell(name, "status"))


def shown(app, widget_id):
    return str(app.screen.query_one(f"#{widget_id}", Static).render())


async def test_saving_a_fixed_function_flips_it_to_passed_and_progress_remembers(tmp_path):
    folder = tmp_path / "ws"
    init_workspace(folder)
    progress = Progress(path=tmp_path / "progress.json")
    app = exercises_app(folder, progress)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: all(status(app, n) == "· todo" for n in NAMES), what="all todo")
        assert "lesson 1: The neuron and the sigmoid" in shown(app, "exercise-hint")
        network = folder / "network.py"
        network.write_text(network.read_text().replace(STUB, FIXED))
        await until(pilot, lambda: status(app, "sigmoid") == "✓ passed", what="sigmoid to pass")
        assert status(app, "compute_cost") in ("· todo", "… checking")
        await until(pilot, lambda: progress.exercises == {"sigmoid"}, what="progress to be saved")
        assert json.loads((tmp_path / "progress.json").read_text())["exercises"] == ["sigmoid"]
        # the selection moves to the first function that does not pass yet
        await until(pilot, lambda: "compute_cost" in shown(app, "exercise-message"), what="the next to do")
        assert "lesson 2: Loss, cost, and why cross-entropy" in shown(app, "exercise-hint")
        assert f"1 of {len(NAMES)} passed" in shown(app, "exercises-title")
        await pilot.press("up")
        assert "sigmoid: right for a number" in shown(app, "exercise-message")


async def test_a_syntax_error_saved_fails_every_row_and_the_screen_goes_on(tmp_path):
    folder = tmp_path / "ws"
    init_workspace(folder)
    app = exercises_app(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: status(app, "train") == "· todo", what="the first check")
        (folder / "network.py").write_text("def sigmoid(z)\n    return z\n")
        await until(pilot, lambda: all(status(app, n) == "✗ failed" for n in NETWORK), what="all failed")
        assert shown(app, "exercises-banner").strip() == "network.py has a syntax error on line 1: expected ':'."
        assert all(str(app.screen.query_one(DataTable).get_cell(n, "message")) == "" for n in NETWORK)
        await pilot.press("down", "down", "r")
        await until(pilot, lambda: status(app, "train") == "✗ failed", what="the check again")
        assert "syntax error on line 1" in shown(app, "exercise-message")


async def test_a_missing_folder_is_reported_not_a_crash(tmp_path):
    app = exercises_app(tmp_path / "nowhere")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: status(app, "train") == "✗ failed", what="the check")
        assert "nn-tutor exercises init" in shown(app, "exercise-message")
        assert Path(tmp_path / "nowhere").exists() is False


def test_progress_keeps_the_passed_exercises_and_sets_a_bad_list_aside(tmp_path):
    path = tmp_path / "progress.json"
    progress = Progress.load(path)
    progress.exercises = {"sigmoid", "forward"}
    assert progress.save()
    assert Progress.load(path).exercises == {"sigmoid", "forward"}
    path.write_text(json.dumps({"version": 1, "exercises": "sigmoid"}))
    reloaded = Progress.load(path)
    assert reloaded.exercises == set() and "exercises is not a list" in reloaded.notice


async def test_the_watch_survives_the_folder_deleted_and_made_again(tmp_path):
    """No stale ✓ once the folder is gone, and a save in the folder made again is checked."""
    import shutil

    folder = tmp_path / "ws"
    init_workspace(folder)
    network = folder / "network.py"
    network.write_text(network.read_text().replace(STUB, FIXED))
    app = exercises_app(folder)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: status(app, "sigmoid") == "✓ passed", what="sigmoid to pass")
        shutil.rmtree(folder)
        await until(pilot, lambda: status(app, "sigmoid") == "✗ failed", what="the folder's loss said")
        init_workspace(folder)
        await until(pilot, lambda: status(app, "sigmoid") == "· todo", what="the new folder checked")
        network.write_text(network.read_text().replace(STUB, FIXED))
        await until(pilot, lambda: status(app, "sigmoid") == "✓ passed", what="a save there checked")


def inotify_watches() -> int:
    """inotify watches this process holds (Linux), from /proc/self/fdinfo."""
    count = 0
    for fd in os.listdir("/proc/self/fdinfo"):
        try:
            with open(f"/proc/self/fdinfo/{fd}") as f:
                count += sum(line.startswith("inotify wd:") for line in f)
        except OSError:
            continue
    return count


@pytest.mark.skipif(not Path("/proc/self/fdinfo").is_dir(), reason="Linux only")
async def test_the_watch_ignores_subfolders(tmp_path):
    folder = tmp_path / "ws"
    init_workspace(folder)
    for n in range(200):
        (folder / "data" / str(n)).mkdir(parents=True)
    before = inotify_watches()
    app = exercises_app(folder)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: inotify_watches() > before, what="the watch to start")
        await until(pilot, lambda: status(app, "sigmoid") == "· todo", what="the first check")
        assert inotify_watches() - before < 5


async def test_finishing_all_is_said_above_whatever_the_functions_printed_even_at_80x24(tmp_path):
    solutions = Path(__file__).parent / "exercise_solutions"
    for path in solutions.glob("*.py"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    body = "    return 1 / (1 + np.exp(-z))\n"
    network = (solutions / "network.py").read_text(encoding="utf-8")
    assert body in network
    (tmp_path / "network.py").write_text(
        network.replace(body, "    print('sigmoid got', np.shape(z))\n" + body), encoding="utf-8"
    )
    app = exercises_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        everything = f"{len(NAMES)} of {len(NAMES)} passed"
        await until(pilot, lambda: everything in shown(app, "exercises-title"), what="all of them", timeout=180)
        table = app.screen.query_one(DataTable)
        table.move_cursor(row=table.get_row_index("train"))
        await until(pilot, lambda: "It printed" in shown(app, "exercise-output"), what="train's output")
        await pilot.pause()
        done, output = app.screen.query_one("#exercise-yours"), app.screen.query_one("#exercise-output")
        detail = app.screen.query_one("#exercise-detail")
        assert output.display
        assert f"All {len(NAMES)} pass" in shown(app, "exercise-yours")
        assert list(detail.children).index(done) < list(detail.children).index(output)  # above it
        assert detail.region.y <= done.region.y and done.region.bottom <= detail.region.bottom  # in sight
