"""Progress survives a restart, a corrupt file, and a folder that cannot be written."""

import json
import os
import sys

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
