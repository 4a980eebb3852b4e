"""`nn-tutor export FILE` and `nn-tutor report PATH...`: an export reads back as the same
facts; a folder of exports, or a served class's learners' folders, gives one row per
learner; bad, foreign and hostile files are named and skipped, and nothing in them reaches
the terminal or a spreadsheet as a command."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

from test_progress_screen import NOW, sample_progress

from nn_tutor import report
from nn_tutor.progress import Progress
from nn_tutor.quiz import review
from nn_tutor.quiz.topics import GENERATORS


def run(tmp_path, *args, data=None):
    env = dict(os.environ, NN_TUTOR_DATA_DIR=str(data or tmp_path / "data"))
    return subprocess.run(
        [sys.executable, "-m", "nn_tutor", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        stdin=subprocess.DEVNULL,
        cwd=tmp_path,
    )


def test_export_then_report_round_trip(tmp_path):
    (tmp_path / "data").mkdir()
    sample_progress(tmp_path / "data" / "progress.json").save()
    exported = run(tmp_path, "export", "class/alice.json", "--name", "Alice Smith")
    assert exported.returncode == 1 and "cannot write class/alice.json" in exported.stderr  # no folder yet
    (tmp_path / "class").mkdir()
    exported = run(tmp_path, "export", "class/alice.json", "--name", "Alice Smith")
    assert exported.returncode == 0, exported.stderr
    data = json.loads((tmp_path / "class" / "alice.json").read_text())
    assert data["format"] == "nn-tutor-progress" and data["name"] == "Alice Smith"
    assert {item["name"]: (item["status"], item["message"]) for item in data["exercises"]["items"]}["backward"] == (
        "failed",
        "dW1 has the wrong shape",
    )
    assert {t["topic"] for t in data["quiz"]["topics"]} == {"sigmoid", "tanh"} and data["seconds"] >= 11100

    result = run(tmp_path, "report", "class", "--json")
    assert result.returncode == 0 and result.stderr == ""
    [row] = json.loads(result.stdout.splitlines()[-1])["learners"]
    assert row["learner"] == "Alice Smith"
    assert (row["lessons_done"], row["exercises_passed"]) == (data["lessons"]["done"], data["exercises"]["passed"])
    assert row["exercises_passed"] == 2 and row["minutes"] == 185
    assert row["weakest_topics"][0] == "tanh"

    text = run(tmp_path, "report", "class/alice.json")
    assert "Alice Smith" in text.stdout and "3 h 05 min" in text.stdout and "1 learner(s)" in text.stdout
    rows = list(csv.DictReader(io.StringIO(run(tmp_path, "report", "class", "--csv").stdout)))
    assert rows[0]["learner"] == "Alice Smith" and rows[0]["exercises_passed"] == "2"


def test_a_served_class_folder_reports_each_learner(tmp_path):
    learners = tmp_path / "data" / "learners"
    for name, right in (("alice", 3), ("bob", 0)):
        progress = Progress.load(learners / name / "progress.json")
        progress.completed = {"sigmoid-neuron", "loss-and-cost"} if right else set()
        for z in range(3):
            review.record(
                progress.quiz, GENERATORS["sigmoid"].question({"given": "z", "value": float(z)}), z < right, NOW
            )
        assert progress.save()
    rows, skipped = report.read_all([str(tmp_path / "data")])
    assert skipped == []
    assert [(r["learner"], r["lessons_done"]) for r in rows] == [("alice", 2), ("bob", 0)]
    assert rows[0]["lessons_total"] >= 20 and rows[1]["weakest_topics"] == ["sigmoid"]


def export_of(name, **changes):
    facts = {
        "format": "nn-tutor-progress",
        "version": 1,
        "name": name,
        "lessons": {"done": 1, "total": 21},
        "exercises": {"passed": 0, "total": 9},
        "quiz": {"topics": [{"topic": "tanh", "right": 1, "asked": 2, "recall_week": 0.5}]},
        "seconds": 60,
    }
    facts.update(changes)
    return json.dumps(facts)


def hostile_folder(tmp_path):
    folder = tmp_path / "handed-in"
    folder.mkdir()
    (folder / "good.json").write_text(export_of("Good Learner"))
    (folder / "formula.json").write_text(export_of('=HYPERLINK("http://evil")'))
    (folder / "escapes.json").write_text(export_of("\x1b]0;owned\x07\x1b[2J\u202eevil"))
    bad = {
        "not-json.json": "this is not json",
        "empty.json": "",
        "list.json": "[1, 2, 3]",
        "package.json": json.dumps({"name": "left-pad", "version": "1.0.0"}),
        "deep.json": "[" * 100_000 + "]" * 100_000,
        "nan.json": export_of("n", seconds=float("nan")).replace("NaN", "NaN"),
        "future.json": export_of("f", version=99),
        "types.json": export_of("t", lessons={"done": "all", "total": 21}),
        "negative.json": export_of("n", exercises={"passed": -1, "total": 9}),
        "recall.json": export_of("r", quiz={"topics": [{"topic": "x", "recall_week": 7}]}),
        "binary.json": b"\xff\xfe\x00garbage".decode("latin-1"),
    }
    for name, text in bad.items():
        (folder / name).write_text(text, encoding="latin-1" if name == "binary.json" else "utf-8")
    (folder / "huge.json").write_bytes(b" " * (report.MAX_BYTES + 1))
    (folder / "zero.json").symlink_to("/dev/zero")
    (folder / "loop.json").symlink_to(folder / "loop.json")
    os.mkfifo(folder / "fifo.json")
    (folder / "elsewhere").symlink_to(tmp_path, target_is_directory=True)  # a link to a folder: not followed
    return folder, set(bad) | {"huge.json", "zero.json", "loop.json", "fifo.json"}


def test_bad_foreign_and_hostile_files_are_named_and_skipped(tmp_path):
    folder, bad = hostile_folder(tmp_path)
    result = run(tmp_path, "report", str(folder), str(tmp_path / "missing.json"))
    assert result.returncode == 0, result.stderr
    skipped = {line.split(": ")[1].split("/")[-1] for line in result.stderr.splitlines()}
    assert skipped == bad | {"missing.json"}, result.stderr
    assert "Traceback" not in result.stderr and "\x1b" not in result.stdout + result.stderr
    assert "\u202e" not in result.stdout and "\\x1b]0;owned" in result.stdout
    assert "3 learner(s); 16 file(s) skipped" in result.stdout
    for reason in (
        "is not JSON",
        "nests too deep",
        "is larger than",
        "is a device",
        "named pipe",
        "newer nn-tutor",
        "lessons done is not a count",
        "is not an nn-tutor export",
    ):
        assert reason in result.stderr, reason
    rows = list(csv.reader(io.StringIO(run(tmp_path, "report", str(folder), "--csv").stdout)))
    names = [row[0] for row in rows[1:]]
    assert '\'=HYPERLINK("http://evil")' in names and not any(n.startswith("=") for n in names)


def test_nothing_to_report_is_an_error(tmp_path):
    (tmp_path / "empty").mkdir()
    result = run(tmp_path, "report", str(tmp_path / "empty"))
    assert result.returncode == 1 and "no learner's progress found" in result.stderr


def test_a_thousand_learners_are_all_read(tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    for i in range(1000):
        (folder / f"learner-{i:04d}.json").write_text(export_of(f"learner {i:04d}"))
    rows, skipped = report.read_all([str(folder)])
    assert len(rows) == 1000 and skipped == [] and rows[0]["learner"] == "learner 0000"
