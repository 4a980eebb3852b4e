"""Fair verdicts: right answers written the ways the lessons allow pass; the vague cases get
their sentence; a check that depends on a failing function waits; bad folders are one line."""

import sys
from pathlib import Path

import numpy as np
import pytest

from nn_tutor.cli import main
from nn_tutor.exercises import run_checks, runner, supervise
from nn_tutor.exercises.catalogue import FILES, NAMES
from nn_tutor.exercises.compare import Wrong, compare, digits

SOLUTION = (Path(__file__).parent / "exercise_solutions" / "network.py").read_text(encoding="utf-8")


def written(tmp_path: Path, *changes) -> Path:
    text = SOLUTION
    for old, new in changes:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    (tmp_path / "network.py").write_text(text, encoding="utf-8")
    return tmp_path


def verdict(tmp_path: Path, name: str, *changes):
    """The Result for `name` with the changes made to the reference solutions (checked in-process)."""
    path = written(tmp_path, *changes) / "network.py"
    try:
        status, message, lesson = runner.check_path(path, name)
    finally:
        sys.modules.pop("network", None)
    return supervise.finish(name, status, message, lesson)


COST = "float(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m)"
RIGHT_ANOTHER_WAY = [
    ("compute_cost", (COST, "float(-np.sum(Y * np.log(A + 1e-8) + (1 - Y) * np.log(1 - A + 1e-8)) / m)")),
    (
        "compute_cost",
        (
            COST,
            "float(-np.sum(Y * np.log(np.clip(A, 1e-8, 1 - 1e-8)) + (1 - Y) * np.log(np.clip(1 - A, 1e-8, 1))) / m)",
        ),
    ),
    ("compute_cost", (COST, "float(-(np.dot(Y, np.log(A).T) + np.dot(1 - Y, np.log(1 - A).T))[0, 0] / m)")),
    (
        "propagate",
        (
            "    cost = compute_cost(A, Y)\n",
            "    cost = float(-np.mean(Y * np.log(A + 1e-8) + (1 - Y) * np.log(1 - A + 1e-8)))\n",
        ),
    ),
    ("sigmoid", ("1 / (1 + np.exp(-z))", "np.exp(-np.logaddexp(0, -z))")),
    (
        "forward",
        ('Z1 = params["W1"] @ X + params["b1"]', 'Z1 = np.einsum("ij,jk->ik", params["W1"], X) + params["b1"]'),
    ),
    ("backward", ('dW2 = dZ2 @ cache["A1"].T / m', 'dW2 = np.dot(dZ2, cache["A1"].T) / m')),
    (
        "backward",
        (
            "dW1 = dZ1 @ X.T / m",
            "dW1 = np.zeros((dZ1.shape[0], X.shape[0]))\n"
            "    for i in range(m):\n        dW1 += np.outer(dZ1[:, i], X[:, i]) / m",
        ),
    ),
    ("init_params", ("np.random.randn(n_h, n_x) * 0.01", "np.random.randn(n_h, n_x) * np.sqrt(1 / n_x)")),
    ("init_params", ("np.random.randn(n_y, n_h) * 0.01", "np.random.randn(n_y, n_h) * np.sqrt(2 / n_h)")),
]


@pytest.mark.parametrize(
    "name, change", RIGHT_ANOTHER_WAY, ids=[f"{n}-{i}" for i, (n, _) in enumerate(RIGHT_ANOTHER_WAY)]
)
def test_right_answers_written_another_way_pass(tmp_path, name, change):
    result = verdict(tmp_path, name, change)
    assert result.status == "passed", result.message


def test_xavier_and_he_for_both_layers_pass(tmp_path):
    result = verdict(
        tmp_path,
        "init_params",
        ("np.random.randn(n_h, n_x) * 0.01", "np.random.randn(n_h, n_x) * np.sqrt(2 / n_x)"),
        ("np.random.randn(n_y, n_h) * 0.01", "np.random.randn(n_y, n_h) * np.sqrt(1 / n_h)"),
    )
    assert result.status == "passed", result.message


@pytest.mark.parametrize(
    "name, change",
    [
        ("compute_cost", ("return float(-np.sum(", "A = A.astype(np.float32)\n    return float(-np.sum(")),
        ("sigmoid", ("1 / (1 + np.exp(-z))", "1 / (1 + np.exp(-np.asarray(z, dtype=np.float32)))")),
        ("backward", ("dW1 = dZ1 @ X.T / m", "dW1 = (dZ1 @ X.T / m).astype(np.float32)")),
    ],
)
def test_float32_fails_with_a_sentence_that_says_float32(tmp_path, name, change):
    result = verdict(tmp_path, name, change)
    assert result.status == "failed" and "float32" in result.message and "float64" in result.message


def test_numbers_that_print_alike_are_printed_with_enough_digits_to_differ():
    assert digits(2.0144412, 2.0144419) == ("2.0144412", "2.0144419")
    assert digits(2.0, 3.5) == ("2", "3.5")
    with pytest.raises(Wrong) as caught:
        compare("dW1", np.array([[1.0, 2.00004]]), np.array([[1.0, 2.00001]]))
    assert "it is 2.00004, expected 2.00001" in str(caught.value)


@pytest.mark.parametrize(
    "change, words",
    [
        (
            ("params = init_params(X.shape[0], n_h, Y.shape[0])", "params = init_params(X.shape[0], 4, Y.shape[0])"),
            ["ignores n_h", "n_h = 3"],
        ),
        (("for _ in range(iterations):", "for _ in range(100):"), ["update 100 times with iterations = 6"]),
        (
            ("params = update(params, grads, learning_rate)", "params = update(params, grads, 1.2)"),
            ["ignores learning_rate", "learning_rate = 0.5", "1.2"],
        ),
    ],
)
def test_train_with_hard_coded_arguments_fails(tmp_path, change, words):
    result = verdict(tmp_path, "train", change)
    assert result.status == "failed"
    assert all(word in result.message for word in words), result.message


def test_train_waits_for_the_functions_it_uses(tmp_path):
    folder = written(tmp_path, ('dW2 = dZ2 @ cache["A1"].T / m', 'dW2 = dZ2 @ cache["A1"].T'))
    results = {r.name: r for r in run_checks(folder, names=["backward", "train"])}
    assert results["backward"].status == "failed"
    assert results["train"].status == "blocked"
    assert results["train"].message == "train: checked after your backward passes."


VAGUE = [
    (
        "backward",
        ("    m = X.shape[1]\n    dZ2", "    m = X.shape[0]\n    dZ2"),
        ["m = X.shape[0] = 2", "number of examples, X.shape[1] = 7"],
    ),
    ("propagate", ("    m = X.shape[1]\n    A = ", "    m = X.shape[0]\n    A = "), ["X.shape[0]", "X.shape[1]"]),
    (
        "backward",
        ("db2 = np.sum(dZ2, axis=1, keepdims=True) / m", "db2 = np.sum(dZ2) / m"),
        ["db2 is a single number", "(1, 1)", "keepdims=True"],
    ),
    ("forward", ("return A2, {", "return {"), ["returns a dict", "(A2, cache)"]),
    (
        "forward",
        (
            '    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}',
            '    return {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}, A2',
        ),
        ["wrong way round", "(A2, cache)"],
    ),
    (
        "propagate",
        ("dZ = A - Y\n    grads", "dZ = (w.T @ X + b) - Y\n    grads"),
        ["dZ = Z − Y", "dZ = A − Y", "lesson 8"],
    ),
    ("sigmoid", ("1 / (1 + np.exp(-z))", "1 / (1 + np.exp(-float(z)))"), ["float()", "one number"]),
]


@pytest.mark.parametrize("name, change, words", VAGUE, ids=[f"{v[0]}-{i}" for i, v in enumerate(VAGUE)])
def test_the_vague_cases_get_their_sentence(tmp_path, name, change, words):
    result = verdict(tmp_path, name, change)
    assert result.status == "failed" and result.message.startswith(name)
    assert all(word in result.message for word in words), result.message
    assert "math module" not in result.message and "apply the sigmoid first" not in result.message


def test_a_constant_factor_is_named():
    with pytest.raises(Wrong, match=r"3.5 = 7/2 times the right value at every entry"):
        compare("dW2", np.array([[3.5, -7.0]]), np.array([[1.0, -2.0]]))


def test_a_syntax_error_is_one_line(tmp_path, capsys):
    folder = written(tmp_path, ("def backward_abc(a, b, c):", "def backward_abc(a, b, c)"))
    assert main(["exercises", "check", str(folder)]) == 1
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("FAILED  network.py has a syntax error on line ")
    assert lines[-1] == f"0 of {len(NAMES)} passed" and "Reread" not in lines[0]
    others = lines[1:-1]  # the files this folder does not hold yet: one line each, todo
    assert len(others) == len(FILES) - 1
    assert all(line.startswith("todo") and "nn-tutor exercises init" in line for line in others)


@pytest.mark.parametrize(
    "where, words",
    [
        ("a-file", ["is a file, not a workspace folder"]),
        ("ws/network.py", ["is a file", "the folder that holds it", "nn-tutor exercises check"]),
        ("empty", ["holds no network.py", "nn-tutor exercises init"]),
    ],
)
def test_checking_something_that_is_no_workspace_is_one_line_exit_2(tmp_path, capsys, where, words):
    (tmp_path / "ws").mkdir()
    (tmp_path / "ws" / "network.py").write_text(SOLUTION, encoding="utf-8")
    (tmp_path / "a-file").write_text("x")
    (tmp_path / "empty").mkdir()
    assert main(["exercises", "check", str(tmp_path / where)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and all(word in err for word in words), err
