"""The exercises are declared once: one record each, and the workspace files are made from them."""

import ast
from pathlib import Path

from nn_tutor.exercises.catalogue import (
    EXERCISES,
    FILE_HEADERS,
    NAMES,
    file_text,
    fill_lesson_labels,
    in_file,
)
from nn_tutor.exercises.workspace import init_workspace

HERE = Path(__file__).parent


def test_network_py_is_made_byte_for_byte_as_the_template_made_it():
    template = (HERE / "fixtures" / "network_template.txt").read_text(encoding="utf-8")
    assert file_text("network.py").encode("utf-8") == fill_lesson_labels(template).encode("utf-8")


def test_init_writes_each_file_from_its_records(tmp_path):
    init_workspace(tmp_path)
    for file in FILE_HEADERS:
        text = (tmp_path / file).read_bytes().decode("utf-8")
        assert text == file_text(file)
        functions = [n.name for n in ast.parse(text).body if isinstance(n, ast.FunctionDef)]
        assert functions == list(in_file(file))
        assert sorted(functions) == sorted(e.name for e in EXERCISES if e.file == file)


def test_every_record_is_complete_and_named_once():
    assert len(set(NAMES)) == len(NAMES)
    for exercise in EXERCISES:
        assert exercise.file in FILE_HEADERS, exercise.name
        assert exercise.stub.lstrip().startswith(f"def {exercise.name}("), exercise.name
        assert "NotImplementedError" in exercise.stub
        assert len(exercise.hints) == 3 and all(h.strip() for h in exercise.hints), exercise.name
        assert callable(exercise.check) and exercise.limit > 0
        assert set(exercise.uses) <= set(NAMES), exercise.name
        assert all(NAMES.index(used) < NAMES.index(exercise.name) for used in exercise.uses), exercise.name


def test_every_workspace_file_has_its_reference_solution():
    for file in FILE_HEADERS:
        solution = (HERE / "exercise_solutions" / file).read_text(encoding="utf-8")
        defined = {n.name for n in ast.parse(solution).body if isinstance(n, ast.FunctionDef)}
        assert {e.name for e in EXERCISES if e.file == file} <= defined, file
