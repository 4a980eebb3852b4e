"""Hints, reference solutions and resetting one function to its stub."""

import ast
from pathlib import Path

from nn_tutor.cli import main
from nn_tutor.exercises import NAMES, hints, init_workspace
from nn_tutor.exercises.catalogue import by_name, fill_lesson_labels
from nn_tutor.exercises.solutions import reset, solution, solutions_dir
from nn_tutor.exercises.source import function_span, is_stub

SOLUTION = (Path(__file__).parent / "exercise_solutions" / "network.py").read_text(encoding="utf-8")


def test_every_exercise_has_three_hints_and_a_reference_solution():
    assert solutions_dir() is not None
    for name in NAMES:
        assert len(hints(name)) == 3 and len(set(hints(name))) == 3
        text = solution(name)
        assert text is not None and text.startswith(f"def {name}(") and "NotImplementedError" not in text


def test_reset_puts_the_stub_back_and_keeps_the_old_text_beside_it(tmp_path, capsys):
    (tmp_path / "network.py").write_text(SOLUTION, encoding="utf-8")
    assert main(["exercises", "reset", str(tmp_path), "backward"]) == 0
    text = (tmp_path / "network.py").read_text(encoding="utf-8")
    assert is_stub(text, "backward") and not is_stub(text, "forward")
    assert fill_lesson_labels(by_name("backward").stub) in text
    assert (tmp_path / "network.py.backward.bak").read_text(encoding="utf-8") == SOLUTION
    names = [n.name for n in ast.parse(text).body if isinstance(n, ast.FunctionDef)]
    assert names == [n.name for n in ast.parse(SOLUTION).body if isinstance(n, ast.FunctionDef)]
    assert "network.py.backward.bak" in capsys.readouterr().out
    reset(tmp_path, "backward")
    assert (tmp_path / "network.py.backward.2.bak").exists()


def test_reset_of_a_file_that_does_not_parse_and_of_a_deleted_function(tmp_path):
    broken = SOLUTION.replace("def update(params, grads, learning_rate):", "def update(params, grads, learning_rate)")
    broken = broken.replace("def sigmoid(z):\n    return 1 / (1 + np.exp(-z))\n", "")
    (tmp_path / "network.py").write_text(broken, encoding="utf-8")
    reset(tmp_path, "update")
    reset(tmp_path, "sigmoid")
    text = (tmp_path / "network.py").read_text(encoding="utf-8")
    assert is_stub(text, "update") and is_stub(text, "sigmoid") and not is_stub(text, "train")
    assert function_span(text, "train") is not None


def test_reset_without_a_name_asks_or_needs_yes(tmp_path, capsys):
    init_workspace(tmp_path)
    (tmp_path / "network.py").write_text(SOLUTION, encoding="utf-8")
    assert main(["exercises", "reset", str(tmp_path)]) == 2  # no terminal to ask in
    assert (tmp_path / "network.py").read_text(encoding="utf-8") == SOLUTION
    assert main(["exercises", "reset", str(tmp_path), "--yes"]) == 0
    text = (tmp_path / "network.py").read_text(encoding="utf-8")
    assert all(is_stub(text, name) for name in NAMES if by_name(name).file == "network.py")


def test_reset_of_an_unknown_name_or_folder_is_one_line(tmp_path, capsys):
    assert main(["exercises", "reset", str(tmp_path / "nowhere"), "sigmoid"]) == 2
    assert main(["exercises", "reset", str(tmp_path), "sigmod"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 2 and "there is no exercise 'sigmod'" in err


def test_init_is_remembered_so_the_tutor_opens_that_workspace(tmp_path):
    from nn_tutor.progress import Progress
    from nn_tutor.ui.workspace_screen import remembered_workspace

    assert main(["exercises", "init", str(tmp_path / "mine")]) == 0
    progress = Progress.load()
    assert progress.workspace == str((tmp_path / "mine").resolve())
    assert remembered_workspace(progress) == (tmp_path / "mine").resolve()
