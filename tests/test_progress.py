"""Progress survives a restart, a corrupt file, and a folder that cannot be written."""

import json
import os
import sys
import time
from pathlib import Path

import pytest

from nn_tutor.progress import ENV_DIR, Progress, default_path


def test_a_first_run_has_no_progress_and_no_notice(tmp_path):
    progress = Progress.load(tmp_path / "progress.json")
    assert progress.lesson_id is None
    assert progress.completed == set()
    assert progress.quiz == {}
    assert progress.notice == ""


def test_what_is_saved_is_loaded_back(tmp_path):
    path = tmp_path / "sub" / "progress.json"
    progress = Progress.load(path)
    progress.reach("gradient-descent")
    progress.complete("sigmoid-neuron")
    progress.quiz["sigmoid"] = {"right": 3, "asked": 4}
    assert progress.save() is True
    again = Progress.load(path)
    assert again.lesson_id == "gradient-descent"
    assert again.completed == {"sigmoid-neuron"}
    assert again.quiz == {"sigmoid": {"right": 3, "asked": 4}}
    assert again.notice == ""


def test_saving_leaves_no_temporary_files(tmp_path):
    progress = Progress.load(tmp_path / "progress.json")
    progress.reach("a")
    progress.save()
    progress.save()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["progress.json"]


@pytest.mark.parametrize("text", ["{not json", "[1, 2]", '{"completed": "abc"}', '{"lesson_id": 3}'])
def test_a_corrupt_file_is_kept_aside_and_replaced(tmp_path, text):
    path = tmp_path / "progress.json"
    path.write_text(text, encoding="utf-8")
    progress = Progress.load(path)
    assert progress.lesson_id is None
    assert "could not be read" in progress.notice
    backups = [p for p in tmp_path.iterdir() if p.name.startswith("progress.json.corrupt-")]
    assert len(backups) == 1
    assert backups[0].read_text(encoding="utf-8") == text
    assert progress.save() is True
    assert json.loads(path.read_text(encoding="utf-8"))["lesson_id"] is None


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="needs POSIX permissions, not root")
def test_an_unwritable_folder_gives_a_notice_not_an_error(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        progress = Progress.load(folder / "progress.json")
        progress.reach("x")
        assert progress.save() is False
        assert "will not be saved" in progress.notice
    finally:
        folder.chmod(0o700)


def test_a_path_that_is_a_file_gives_a_notice_not_an_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    progress = Progress.load(blocker / "progress.json")
    assert progress.save() is False
    assert "will not be saved" in progress.notice


def test_the_environment_variable_chooses_the_folder(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_DIR, str(tmp_path))
    assert default_path() == tmp_path / "progress.json"
    progress = Progress.load()
    assert progress.path == tmp_path / "progress.json"


def test_reset_forgets_everything(tmp_path):
    progress = Progress.load(tmp_path / "p.json")
    progress.reach("a")
    progress.complete("a")
    progress.quiz["x"] = 1
    progress.reset()
    assert (progress.lesson_id, progress.completed, progress.quiz) == (None, set(), {})


def test_reset_then_save_overwrites_instead_of_merging(tmp_path):
    path = tmp_path / "progress.json"
    old = Progress.load(path)
    old.complete("a")
    old.save()
    fresh = Progress.load(path)
    fresh.reset()
    assert fresh.save() is True
    assert Progress.load(path).completed == set()


# --- two tutors on one folder, links, killed saves, files that are not progress ---------


def test_two_instances_merge_completed_lessons_and_keep_the_newest_place(tmp_path):
    path = tmp_path / "progress.json"
    first, second = Progress.load(path), Progress.load(path)
    first.complete("sigmoid-neuron")
    first.quiz["mastery"] = {"sigmoid": {"right": 1, "asked": 1}}
    first.reach("loss-and-cost")
    assert first.save()
    second.complete("gradient-descent")
    second.quiz["mastery"] = {"tanh": {"right": 0, "asked": 2}}
    second.reach("batch-and-sgd")  # reached later: the newest place
    assert second.save()
    assert first.save()  # the first quits last: nothing of the second is lost
    saved = Progress.load(path)
    assert saved.completed == {"sigmoid-neuron", "gradient-descent"}
    assert saved.lesson_id == "batch-and-sgd"
    assert set(saved.quiz["mastery"]) == {"sigmoid", "tanh"}


SAVER = """
import sys
from pathlib import Path
from nn_tutor.progress import Progress
progress = Progress.load(sys.argv[1])
for i in range(int(sys.argv[3])):
    progress.complete(f"{sys.argv[2]}-{i}")
    assert progress.save()
"""


def test_two_processes_saving_at_once_lose_no_completed_lesson(tmp_path):
    import subprocess

    path = tmp_path / "progress.json"
    runs = [subprocess.Popen([sys.executable, "-c", SAVER, str(path), name, "25"]) for name in ("a", "b")]
    assert [run.wait(timeout=120) for run in runs] == [0, 0]
    assert Progress.load(path).completed == {f"{name}-{i}" for name in "ab" for i in range(25)}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["progress.json"]


def nested(depth: int) -> bytes:
    return b'{"lesson_id": "a", "quiz": {"x": ' + b"[" * depth + b"]" * depth + b"}}"


@pytest.mark.parametrize("depth", [40, 970])
def test_a_file_nested_too_deep_is_kept_aside_and_the_next_save_works(tmp_path, depth):
    path = tmp_path / "progress.json"
    path.write_bytes(nested(depth))
    progress = Progress.load(path)
    assert "nests lists or objects more than 32 deep" in progress.notice and progress.quiz == {}
    progress.reach("b")
    assert progress.save() is True
    backups = [p for p in tmp_path.iterdir() if p.name.startswith("progress.json.corrupt-")]
    assert len(backups) == 1 and backups[0].read_bytes() == nested(depth)


def test_the_quiz_data_the_app_writes_is_not_too_deep(tmp_path):
    path = tmp_path / "progress.json"
    progress = Progress.load(path)
    progress.quiz = {"boxes": {"q1": {"box": 2, "due": "2026-01-01", "question": {"parts": [[1, [2, 3]]]}}}}
    progress.save()
    assert Progress.load(path).quiz == progress.quiz


def test_a_symlinked_progress_file_stays_a_link(tmp_path):
    elsewhere = tmp_path / "synced" / "nn-tutor.json"
    elsewhere.parent.mkdir()
    data = tmp_path / "data"
    data.mkdir()
    link = data / "progress.json"
    link.symlink_to(Path("..") / "synced" / "nn-tutor.json")
    progress = Progress.load(link)  # a link to a file not made yet
    progress.complete("a")
    assert progress.save() is True
    progress.reach("b")
    assert progress.save() is True
    assert link.is_symlink() and Progress.load(link).lesson_id == "b"
    assert json.loads(elsewhere.read_text(encoding="utf-8"))["completed"] == ["a"]
    assert sorted(p.name for p in elsewhere.parent.iterdir()) == ["nn-tutor.json"]


def test_temporary_files_of_a_killed_save_are_removed(tmp_path):
    path = tmp_path / "progress.json"
    Progress.load(path).save()
    for name in (".progress-abc123.tmp", ".progress-x.tmp"):
        (tmp_path / name).write_text('{"half a')
    (tmp_path / "notes.tmp").write_text("mine")  # not ours: kept
    progress = Progress.load(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.tmp", "progress.json"]
    (tmp_path / ".progress-y.tmp").write_text("")
    progress.save()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.tmp", "progress.json"]


KILLED = """
import sys
from pathlib import Path
from nn_tutor.progress import Progress
progress = Progress.load(sys.argv[1])
progress.quiz = {"boxes": {str(i): {"box": 1, "due": "2026-01-01"} for i in range(20000)}}
print("ready", flush=True)
while True:
    progress.save()
"""


def test_kill_9_mid_save_leaves_no_temporary_file_after_the_next_load(tmp_path):
    import signal
    import subprocess

    path = tmp_path / "progress.json"
    run = subprocess.Popen([sys.executable, "-c", KILLED, str(path)], stdout=subprocess.PIPE, text=True)
    assert run.stdout.readline().strip() == "ready"
    end = time.monotonic() + 60
    while not (path.exists() and any(p.name.endswith(".tmp") for p in tmp_path.iterdir())):  # mid-save
        assert time.monotonic() < end
    run.send_signal(signal.SIGKILL)
    run.wait(timeout=30)
    run.stdout.close()
    progress = Progress.load(path)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    assert progress.notice == "" and len(progress.quiz["boxes"]) == 20000  # the last whole save


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_link_to_dev_zero_is_moved_aside_without_being_read(tmp_path):
    path = tmp_path / "progress.json"
    path.symlink_to("/dev/zero")
    progress = Progress.load(path)
    assert "it is a device" in progress.notice and "kept as progress.json.corrupt-" in progress.notice
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("progress.json.corrupt-")]
    assert len(kept) == 1 and kept[0].is_symlink() and os.readlink(kept[0]) == "/dev/zero"
    progress.reach("a")
    assert progress.save() is True and not path.is_symlink()


def test_a_fifo_does_not_block_loading(tmp_path):
    path = tmp_path / "progress.json"
    os.mkfifo(path)
    progress = Progress.load(path)  # returns at once: a plain open() would wait for a writer
    assert "it is a named pipe (fifo)" in progress.notice
    assert progress.save() is True and path.is_file()


def test_a_file_over_the_size_cap_is_kept_aside_whole(tmp_path):
    path = tmp_path / "progress.json"
    big = b'{"quiz": {"x": "' + b"a" * (9 * 2**20) + b'"}}'
    path.write_bytes(big)
    progress = Progress.load(path)
    assert "larger than 8 MiB" in progress.notice
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("progress.json.corrupt-")]
    assert kept[0].read_bytes() == big


def test_a_symlink_loop_is_moved_aside(tmp_path):
    path = tmp_path / "progress.json"
    path.symlink_to("progress.json")
    progress = Progress.load(path)
    assert "could not be read" in progress.notice
    assert progress.save() is True and path.is_file()


def test_where_each_lesson_was_left_and_the_speed_come_back(tmp_path):
    path = tmp_path / "progress.json"
    progress = Progress.load(path)
    progress.places["gradient-descent"] = {"view": "cost", "learning_rate": 2.7, "scroll": 31.0}
    progress.speed = "max"
    progress.save()
    again = Progress.load(path)
    assert again.places == {"gradient-descent": {"view": "cost", "learning_rate": 2.7, "scroll": 31.0}}
    assert again.speed == "max"


@pytest.mark.parametrize(
    "places, speed",
    [
        ({"a": {"view": 3, "learning_rate": "fast", "scroll": -1}}, -5),
        ({"a": {"learning_rate": float("nan")}}, True),
        ({"a": "not a place"}, "fast"),
        (["a", "b"], 1.5),
    ],
)
def test_places_and_speeds_that_are_not_such_data_are_dropped_and_the_rest_kept(tmp_path, places, speed):
    path = tmp_path / "progress.json"
    data = {"lesson_id": "b", "completed": ["a"], "places": places, "speed": speed}
    path.write_text(json.dumps(data, allow_nan=True), encoding="utf-8")
    progress = Progress.load(path)
    assert (progress.lesson_id, progress.completed, progress.notice) == ("b", {"a"}, "")
    assert progress.places == {} and progress.speed is None


def test_two_instances_keep_each_others_places(tmp_path):
    path = tmp_path / "progress.json"
    one, two = Progress.load(path), Progress.load(path)
    one.places["a"] = {"view": "cost"}
    one.save()
    two.places["b"] = {"scroll": 4.0}
    two.speed = 1000
    two.save()
    assert Progress.load(path).places == {"a": {"view": "cost"}, "b": {"scroll": 4.0}}
    assert Progress.load(path).speed == 1000


def test_time_spent_adds_up_across_two_tutors_open_at_once(tmp_path, monkeypatch):
    import nn_tutor.progress as module

    clock = [1000.0]
    monkeypatch.setattr(module.time, "monotonic", lambda: clock[0])
    path = tmp_path / "progress.json"
    first, second = Progress.load(path), Progress.load(path)
    clock[0] += 120
    assert first.save() and second.save()  # each counted its own two minutes
    assert Progress.load(path).seconds == 240
    clock[0] += 10 * 3600  # a tutor left open overnight counts at most MAX_GAP
    assert first.save()
    assert Progress.load(path).seconds == 240 + module.MAX_GAP


def test_the_last_check_of_each_exercise_is_kept_bounded_and_merged(tmp_path):
    from types import SimpleNamespace as Result

    path = tmp_path / "progress.json"
    progress = Progress.load(path)
    assert progress.record_checks(
        [
            Result(name="sigmoid", status="passed", message="ok"),
            Result(name="forward", status="failed", message="x" * 5000),
        ]
    )
    assert not progress.record_checks([Result(name="sigmoid", status="passed", message="ok")])
    assert progress.exercises == {"sigmoid"} and progress.save()
    other = Progress.load(path)
    assert other.checks["forward"] == {"status": "failed", "message": "x" * 1000}
    assert other.record_checks([Result(name="forward", status="passed", message="ok")]) and other.save()
    progress.save()
    final = Progress.load(path)
    assert final.exercises == {"sigmoid", "forward"} and final.checks["forward"]["status"] == "passed"


def test_a_damaged_checks_or_time_entry_is_left_out(tmp_path):
    path = tmp_path / "progress.json"
    path.write_text(
        json.dumps(
            {
                "checks": {"a": {"status": "won"}, "b": 5, "c": {"status": "todo", "message": 7}},
                "seconds": -4,
                "completed": ["x"],
            }
        )
    )
    progress = Progress.load(path)
    assert progress.notice == "" and progress.completed == {"x"}
    assert progress.checks == {"c": {"status": "todo", "message": ""}} and progress.seconds == 0.0
