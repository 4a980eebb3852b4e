"""Exercises: the workspace, the verdicts on planted mistakes, the separate process, the CLI.

The planted mistakes are typical slips, each written into a copy of the reference solutions
(tests/exercise_solutions/network.py); the message must name the function and the mistake.
"""

import ast
import json
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from nn_tutor.cli import main
from nn_tutor.exercises import init_workspace, reference, run_checks, runner, supervise
from nn_tutor.exercises.catalogue import NAMES as ALL_NAMES
from nn_tutor.exercises.catalogue import by_name, in_file, lesson_label
from nn_tutor.exercises.compare import Wrong, compare, numeric_slope

SOLUTIONS = Path(__file__).parent / "exercise_solutions"
SOLUTION = (SOLUTIONS / "network.py").read_text(encoding="utf-8")
NAMES = tuple(n for n in ALL_NAMES if by_name(n).file == "network.py")  # the nine, in course order

# (function, (old, new) in the solution, words the message must hold)
MISTAKES = [
    ("sigmoid", ("1 / (1 + np.exp(-z))", "1 / (1 + np.exp(z))"), ["σ(−z)", "sign"]),
    ("sigmoid", ("1 / (1 + np.exp(-z))", "1 / (1 + __import__('math').exp(-z))"), ["math", "np.exp"]),
    ("sigmoid", ("1 / (1 + np.exp(-z))", "np.tanh(z)"), ["tanh(z)", "not the sigmoid"]),
    ("compute_cost", ("float(-np.sum(", "float(np.sum("), ["negative", "minus sign"]),
    ("compute_cost", ("np.log(1 - A)) / m)", "np.log(1 - A)))"), ["m times too large", "1/m"]),
    ("compute_cost", (" + (1 - Y) * np.log(1 - A)) / m)", ") / m)"), ["leaves out", "(1 − y)"]),
    (
        "compute_cost",
        (
            "float(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m)",
            "-(Y @ np.log(A).T + (1 - Y) @ np.log(1 - A).T) / m",
        ),
        ["shape (1, 1)", "plain number"],
    ),
    (
        "compute_cost",
        ("float(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m)", "float(np.mean((A - Y) ** 2))"),
        ["squared error", "cross-entropy"],
    ),
    (
        "compute_cost",
        ("Y * np.log(A) + (1 - Y) * np.log(1 - A)", "A * np.log(Y) + (1 - A) * np.log(1 - Y)"),
        ["log of 0", "swapped"],
    ),
    ("propagate", ('"dw": X @ dZ.T / m', '"dw": dZ @ X.T / m'), ["dw has shape (1, 3), expected (3, 1)", "transposed"]),
    ("propagate", ("dZ = A - Y\n    grads", "dZ = Y - A\n    grads"), ["dw", "opposite sign"]),
    ("propagate", ("A = sigmoid(w.T @ X + b)", "A = w.T @ X + b"), ["dw", "apply the sigmoid"]),
    (
        "propagate",
        ('"db": float(np.sum(dZ) / m)', '"db": np.sum(dZ, axis=1, keepdims=True) / m'),
        ["db is an array of shape (1, 1)", "plain number"],
    ),
    ("backward_abc", ("dJ_dv = 3", "dJ_dv = 1"), ["dJ_da", "factor 3"]),
    ("backward_abc", ("dJ_du * c, dJ_du * b", "dJ_du * b, dJ_du * c"), ["dJ_db", "b and c swapped"]),
    (
        "init_params",
        ("np.random.randn(n_h, n_x) * 0.01", "np.zeros((n_h, n_x))"),
        ["all zeros", "identical", "symmetry", lesson_label("random-initialisation")],
    ),
    (
        "init_params",
        ("np.random.randn(n_h, n_x) * 0.01", "np.ones((n_h, n_x)) * 0.01"),
        ["every row of W1 is the same", "identical"],
    ),
    (
        "init_params",
        ("np.random.randn(n_h, n_x) * 0.01", "np.random.randn(n_h, n_x)"),
        ["weights spread as widely", "× 0.01", "Xavier"],
    ),
    ("init_params", ('"b1": np.zeros((n_h, 1))', '"b1": np.zeros(n_h)'), ["b1 has shape (4,), expected (4, 1)"]),
    (
        "init_params",
        ("np.random.randn(n_h, n_x) * 0.01", "np.random.randn(n_x, n_h) * 0.01"),
        ["W1 has shape (2, 4), expected (4, 2)", "transposed"],
    ),
    ("forward", ("A1 = np.tanh(Z1)", "A1 = sigmoid(Z1)"), ["A1 uses the sigmoid", "tanh"]),
    ("forward", ('Z1 = params["W1"] @ X + params["b1"]', 'Z1 = params["W1"] @ X'), ["Z1", "+ b1"]),
    ("forward", ("A2 = sigmoid(Z2)", "A2 = np.tanh(Z2)"), ["A2 uses tanh", "sigmoid"]),
    ("forward", ('params["W2"] @ A1 + params["b2"]', 'params["W2"] @ Z1 + params["b2"]'), ["Z2 uses Z1", "A1"]),
    ("forward", ("return A2, {", "return {"), ["returns a dict", "(A2, cache)"]),
    (
        "backward",
        ("db1 = np.sum(dZ1, axis=1, keepdims=True) / m", "db1 = np.sum(dZ1, axis=1) / m"),
        ["db1 has shape (4,), expected (4, 1): keepdims?"],
    ),
    (
        "backward",
        ('(1 - cache["A1"] ** 2)', '(cache["A1"] * (1 - cache["A1"]))'),
        ["sigmoid's slope a(1 − a)", "tanh", "1 − a²", lesson_label("activation-functions")],
    ),
    ("backward", ('dW2 = dZ2 @ cache["A1"].T / m', 'dW2 = dZ2 @ cache["A1"].T'), ["dW2", "m times too large", "1/m"]),
    ("backward", ('dZ2 = cache["A2"] - Y', 'dZ2 = Y - cache["A2"]'), ["dW2", "opposite sign"]),
    (
        "backward",
        ("dW1 = dZ1 @ X.T / m", "dW1 = X @ dZ1.T / m"),
        ["dW1 has shape (2, 4), expected (4, 2)", "transposed"],
    ),
    ("backward", ('* (1 - cache["A1"] ** 2)', ""), ["dW1", "leaves out tanh's slope"]),
    (
        "backward",
        ("db1 = np.sum(dZ1, axis=1, keepdims=True) / m", "db1 = np.sum(dZ1, axis=0, keepdims=True) / m"),
        ["db1 has shape (1, 7)", "wrong axis"],
    ),
    (
        "backward",
        ('(1 - cache["A1"] ** 2)', '(1 - cache["A1"])'),
        ["backward: dW1[", "but nudging W1[", "changes the cost at a rate of"],
    ),
    ("update", ("value - learning_rate * grads", "value + learning_rate * grads"), ["W1", "up the gradient"]),
    ("update", ('value - learning_rate * grads["d" + key]', 'value - grads["d" + key]'), ["W1", "learning rate"]),
    (
        "update",
        (
            '    return {key: value - learning_rate * grads["d" + key] for key, value in params.items()}',
            '    for key in params:\n        params[key] -= learning_rate * grads["d" + key]\n    return params',
        ),
        ["changed the params it was given", "in place"],
    ),
    (
        "train",
        (
            "        params = update(params, grads, learning_rate)\n    return params",
            "        params = update(params, grads, learning_rate)\n        return params",
        ),
        ["update 1 time with iterations = 6", "return inside the loop"],
    ),
    (
        "train",
        ("        params = update(params, grads, learning_rate)", "        update(params, grads, learning_rate)"),
        ["returns the parameters it started with", "update returns"],
    ),
]


def plant(tmp_path: Path, *changes, text: str = SOLUTION) -> Path:
    """A workspace whose network.py is `text` with each (old, new) change made once."""
    for old, new in changes:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    (tmp_path / "network.py").write_text(text, encoding="utf-8")
    return tmp_path


def mistake(name: str, n: int):
    """The change of the n-th planted mistake in `name`."""
    return [change for function, change, _words in MISTAKES if function == name][n]


def reference_lines():
    """Every line of the reference solutions' bodies: a message must never show one."""
    return [
        line.strip()
        for line in SOLUTION.splitlines()
        if line.startswith("    ") and len(line.strip()) > 12 and not line.strip().startswith('"""')
    ]


@pytest.mark.parametrize("name, change, words", MISTAKES, ids=[f"{m[0]}-{i}" for i, m in enumerate(MISTAKES)])
def test_a_planted_mistake_gets_a_specific_message(tmp_path, name, change, words):
    path = plant(tmp_path, change) / "network.py"
    try:
        status, message, lesson = runner.check_path(path, name)
    finally:
        sys.modules.pop("network", None)
    result = supervise.finish(name, status, message, lesson)
    assert result.status == "failed"
    assert result.message.startswith(name)
    for word in words:
        assert word in result.message
    assert "Reread lesson " in result.message
    assert not any(line in result.message for line in reference_lines())


def test_every_function_has_at_least_two_planted_mistakes():
    counts = {name: sum(m[0] == name for m in MISTAKES) for name in NAMES}
    assert min(counts.values()) >= 2, counts


def test_the_reference_gradients_agree_with_finite_differences():
    """The checks' answers for propagate and backward are the slopes measured by nudging."""
    rng = np.random.RandomState(0)
    params, X = reference.two_layer_params(rng, 3, 4), rng.randn(3, 6)
    Y = reference.labels(rng, 6)
    grads = reference.backward(params, reference.forward(params, X, reference.TWO_LAYER), Y, reference.TWO_LAYER)
    for key in ("W1", "b1", "W2", "b2"):
        slope = numeric_slope(lambda: reference.two_layer_cost(params, X, Y), params[key])
        assert np.allclose(grads["d" + key], slope, rtol=1e-6, atol=1e-9)
    w, b = rng.randn(3, 1), 0.3
    _A, dw, db, _cost = reference.logistic(w, b, X, Y)
    assert np.allclose(dw, numeric_slope(lambda: reference.logistic(w, b, X, Y)[3], w), rtol=1e-6, atol=1e-9)
    bias = np.array([b])
    assert np.isclose(db, numeric_slope(lambda: reference.logistic(w, bias[0], X, Y)[3], bias)[0], rtol=1e-6)


@pytest.fixture(scope="module")
def solved(tmp_path_factory):
    return plant(tmp_path_factory.mktemp("solved"))


def test_the_reference_solutions_pass_all_and_json_is_the_last_line(solved, capsys):
    for path in SOLUTIONS.glob("*.py"):
        if path.name != "network.py":
            (solved / path.name).write_bytes(path.read_bytes())
    assert main(["exercises", "check", str(solved), "--json"]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    entries = json.loads(last)["exercises"]
    assert [e["name"] for e in entries] == list(ALL_NAMES)
    assert all(set(e) == {"name", "status", "message", "file", "lesson"} for e in entries)
    assert [e["status"] for e in entries] == ["passed"] * len(ALL_NAMES), entries
    train = next(e for e in entries if e["name"] == "train")
    accuracy = float(train["message"].split("%")[0].split()[-1])
    assert accuracy >= 85


def test_the_mistakes_arrive_the_same_through_the_checking_process(tmp_path):
    folder = plant(
        tmp_path,
        mistake("compute_cost", 1),
        mistake("backward_abc", 0),
        mistake("init_params", 0),
        mistake("backward", 1),
        mistake("update", 0),
    )
    results = {r.name: r for r in run_checks(folder, names=NAMES[:8])}
    assert [r for r in results] == list(NAMES[:8])
    assert {n for n, r in results.items() if r.status == "passed"} == {"sigmoid", "forward"}
    assert {n for n, r in results.items() if r.status == "failed"} == {
        "compute_cost",
        "backward_abc",
        "init_params",
        "backward",
        "update",
    }
    assert "m times too large" in results["compute_cost"].message
    assert results["propagate"].status == "blocked"
    assert results["propagate"].message == "propagate: checked after your compute_cost passes."
    assert "factor 3" in results["backward_abc"].message
    assert "symmetry" in results["init_params"].message
    assert "a(1 − a)" in results["backward"].message
    assert "up the gradient" in results["update"].message


def test_a_fresh_workspace_has_nine_stubs_in_order_and_all_are_todo(tmp_path, capsys):
    created, kept = init_workspace(tmp_path / "ws")
    assert {p.name for p in created} >= {"network.py", "README.md"} and kept == []
    source = (tmp_path / "ws" / "network.py").read_text(encoding="utf-8")
    functions = [node for node in ast.parse(source).body if isinstance(node, ast.FunctionDef)]
    assert [f.name for f in functions] == list(in_file("network.py"))
    for f in functions:
        doc = ast.get_docstring(f)
        assert "lesson " in doc and "<lesson:" not in doc and "np." not in doc
        assert isinstance(f.body[-1], ast.Raise) and "NotImplementedError" in ast.unparse(f.body[-1])
    assert main(["exercises", "check", str(tmp_path / "ws"), "--json"]) == 1
    entries = json.loads(capsys.readouterr().out.strip().splitlines()[-1])["exercises"]
    assert [(e["name"], e["status"]) for e in entries] == [(n, "todo") for n in ALL_NAMES]


def test_init_never_overwrites_what_the_learner_wrote(tmp_path, capsys):
    folder = tmp_path / "ws"
    init_workspace(folder)
    edited = b"import numpy as np\n\ndef sigmoid(z):\r\n    return 1 / (1 + np.exp(-z))  # mine\n"
    (folder / "network.py").write_bytes(edited)
    (folder / "README.md").write_bytes(b"my notes")
    assert main(["exercises", "init", str(folder)]) == 0
    assert (folder / "network.py").read_bytes() == edited
    assert (folder / "README.md").read_bytes() == b"my notes"
    assert "left as it was" in capsys.readouterr().out


def test_init_on_a_file_is_an_error_not_a_crash(tmp_path, capsys):
    (tmp_path / "taken").write_text("a file")
    assert main(["exercises", "init", str(tmp_path / "taken")]) == 2
    assert "not a folder" in capsys.readouterr().err


def test_a_missing_workspace_is_one_line_with_the_way_to_make_one(tmp_path, capsys):
    assert main(["exercises", "check", str(tmp_path / "nowhere")]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert f"there is no folder {tmp_path / 'nowhere'}" in err and "nn-tutor exercises init" in err


def test_an_endless_loop_is_reported_within_30_s_and_the_others_still_checked(tmp_path):
    folder = plant(
        tmp_path, ("    m = X.shape[1]\n    dZ2", "    while True:\n        pass\n    m = X.shape[1]\n    dZ2")
    )
    start = time.monotonic()
    results = {r.name: r for r in run_checks(folder, names=NAMES)}
    assert time.monotonic() - start < 30
    assert results["backward"].status == "failed"
    assert "backward did not finish within 5 s: an endless loop?" in results["backward"].message
    assert results["update"].status == "passed" and results["forward"].status == "passed"
    assert results["train"].status == "blocked"
    assert results["train"].message == "train: checked after your backward passes."


def test_a_loop_at_the_top_level_fails_all_nine(tmp_path, monkeypatch):
    monkeypatch.setattr(supervise, "LOAD_LIMIT", 3.0)
    folder = plant(tmp_path, text=SOLUTION + "\nwhile True:\n    pass\n")
    results = run_checks(folder, names=NAMES)
    assert [r.status for r in results] == ["failed"] * 9
    assert all("did not finish loading within 3 s" in r.message for r in results)


def test_a_syntax_error_fails_all_nine_with_its_line_number(tmp_path):
    folder = plant(tmp_path, ("def backward_abc(a, b, c):", "def backward_abc(a, b, c)"))
    line = SOLUTION.splitlines().index("def backward_abc(a, b, c):") + 1
    results = run_checks(folder, names=NAMES)
    assert [r.status for r in results] == ["failed"] * 9
    assert all(f"syntax error on line {line}" in r.message for r in results)


def test_sys_exit_in_a_function_fails_that_function_only(tmp_path):
    folder = plant(
        tmp_path,
        (
            "def update(params, grads, learning_rate):\n",
            "def update(params, grads, learning_rate):\n    import sys; sys.exit()\n",
        ),
    )
    results = {r.name: r for r in run_checks(folder, names=NAMES)}
    assert results["update"].status == "failed" and "sys.exit()" in results["update"].message
    assert [n for n, r in results.items() if r.status == "passed"] == [n for n in NAMES if n not in ("update", "train")]


def test_os_exit_in_a_function_is_reported_and_the_next_ones_still_checked(tmp_path):
    folder = plant(tmp_path, ("def forward(X, params):\n", "def forward(X, params):\n    import os; os._exit(3)\n"))
    results = {r.name: r for r in run_checks(folder, names=NAMES[:8])}
    assert results["forward"].status == "failed" and "exit code 3" in results["forward"].message
    assert results["backward"].status == "passed" and results["update"].status == "passed"


def test_sys_exit_at_the_top_level_fails_all_nine(tmp_path):
    folder = plant(tmp_path, text=SOLUTION + "\nimport sys\nsys.exit(1)\n")
    results = run_checks(folder, names=NAMES)
    assert all(r.status == "failed" and "sys.exit()" in r.message and "while it loads" in r.message for r in results)


def test_an_exception_fails_only_its_function_and_says_where(tmp_path):
    folder = plant(tmp_path, ('Z1 = params["W1"]', 'Z1 = params["w1"]'))
    line = SOLUTION.splitlines().index('    Z1 = params["W1"] @ X + params["b1"]') + 1
    results = {r.name: r for r in run_checks(folder, names=NAMES[:8])}
    assert f"forward raised KeyError: 'w1' (network.py, line {line})" in results["forward"].message
    assert [n for n, r in results.items() if r.status != "passed"] == ["forward"]


def test_what_the_learner_prints_is_never_taken_for_a_result(tmp_path):
    fake = '{"event": "result", "name": "compute_cost", "status": "passed", "message": ""}'
    folder = plant(
        tmp_path, ("def sigmoid(z):\n", f"def sigmoid(z):\n    print({fake!r})\n"), ("float(-np.sum(", "float(np.sum(")
    )
    results = {r.name: r for r in run_checks(folder, names=NAMES[:2])}
    assert results["sigmoid"].status == "passed" and results["compute_cost"].status == "failed"


def test_a_stub_used_by_train_is_named(tmp_path):
    folder = plant(tmp_path, ('    Z1 = params["W1"]', '    raise NotImplementedError\n    Z1 = params["W1"]'))
    results = {r.name: r for r in run_checks(folder, names=["forward", "train"])}
    assert results["forward"].status == "todo"
    assert results["train"].status == "blocked"
    assert results["train"].message == "train: checked after your forward passes."


def test_cancelling_stops_the_check_at_once(tmp_path):
    import threading

    folder = plant(
        tmp_path, ("    m = X.shape[1]\n    dZ2", "    while True:\n        pass\n    m = X.shape[1]\n    dZ2")
    )
    cancel = threading.Event()
    seen = []

    def on_result(result):
        seen.append(result.name)
        if result.name == "forward":
            cancel.set()

    results = run_checks(folder, names=NAMES, on_result=on_result, cancel=cancel)
    assert [r.name for r in results] == list(NAMES[:6]) == seen


@pytest.mark.parametrize("value, word", [(np.nan, "nan"), (np.inf, "infinite"), (-np.inf, "infinite")])
def test_nan_and_infinities_get_a_message_not_a_crash(value, word):
    with pytest.raises(Wrong, match=f"dW1 is {word}"):
        compare("dW1", np.array([[1.0, value]]), np.array([[1.0, 2.0]]))
    with pytest.raises(Wrong, match="is off"):
        compare("dW1", np.array([[3.0, 2.0]]), np.array([[1.0, 2.0]]))


def test_without_a_terminal_exercises_dir_prints_the_results(capsys, tmp_path):
    init_workspace(tmp_path)
    assert main(["exercises", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "exercises screen" in out and f"0 of {len(ALL_NAMES)} passed" in out
    assert out.count("todo") == len(ALL_NAMES)
