"""The exercises across the course (gradients.py, output.py, activations.py, softmax.py): each
planted mistake, written into a copy of the reference solutions, gets its own sentence; right
answers written another way pass; init completes an older workspace without touching its files."""

import json
from pathlib import Path

import pytest

from nn_tutor.cli import main
from nn_tutor.exercises import runner, supervise
from nn_tutor.exercises.catalogue import EXERCISES, NAMES, by_name, in_file

SOLUTIONS = Path(__file__).parent / "exercise_solutions"
COURSE = [e.name for e in EXERCISES if e.file != "network.py"]

# (function, (old, new) in its file's reference solution, words the message must hold)
MISTAKES = [
    ("slope", ("return (f(a + h) - f(a)) / h", "return (f(a + h) - f(a)) / a"), ["slope divided by a instead of h"]),
    (
        "slope",
        ("return (f(a + h) - f(a)) / h", "return (f(a + h) - f(a - h)) / (2 * h)"),
        ["used the centred difference"],
    ),
    ("slope", ("return (f(a + h) - f(a)) / h", "return f(a + h) - f(a)"), ["is Δf, not Δf/Δa"]),
    ("slope", ("return (f(a + h) - f(a)) / h", "return (f(a) - f(a + h)) / h"), ["wrong way round"]),
    ("descend", ("w = w - learning_rate * df(w)", "w = w + learning_rate * df(w)"), ["climbs"]),
    ("descend", ("w = w - learning_rate * df(w)", "w = w - df(w)"), ["leaves out the learning rate"]),
    ("descend", ("range(steps)", "range(steps + 1)"), ["took 6 steps instead of 5"]),
    (
        "descend",
        (
            "    for _ in range(steps):\n        w = w - learning_rate * df(w)",
            "    start = w\n    for _ in range(steps):\n        w = w - learning_rate * df(start)",
        ),
        ["slope at the starting w"],
    ),
    (
        "descend",
        ("    for _ in range(steps):\n        w = w - learning_rate * df(w)", "    w = w - learning_rate * df(w)"),
        ["took one step, not 5"],
    ),
    (
        "descend",
        ("w = w - learning_rate * df(w)", "w -= learning_rate * df(w)"),
        ["changed the w it was given in place"],
    ),
    (
        "mini_batches",
        ("X, Y = X[:, order], Y[:, order]", "X, Y = X[:, order], Y[:, np.random.default_rng(seed + 1).permutation(m)]"),
        ["lost the pairing of X and Y: column", "of X went with the label of column"],
    ),
    ("mini_batches", ("X, Y = X[:, order], Y[:, order]", "pass"), ["did not shuffle"]),
    ("mini_batches", ("range(0, m, size)", "range(0, m - size + 1, size)"), ["left out the last 2 columns"]),
    (
        "mini_batches",
        ("(X[:, k:k + size], Y[:, k:k + size])", "(X[k:k + size], Y[k:k + size])"),
        ["cut along the columns"],
    ),
    (
        "mini_batches",
        ("np.random.default_rng(seed)", "np.random.default_rng()"),
        ["two different orders for the same seed"],
    ),
    ("mini_batches", ("np.random.default_rng(seed)", "np.random.default_rng(0)"), ["same order for seeds"]),
    ("mini_batches", ("permutation(m)", "choice(m, m)"), ["times and column", "rng.permutation(m)"]),
    (
        "mini_batches",
        (
            "[(X[:, k:k + size], Y[:, k:k + size]) for k in range(0, m, size)]",
            "list(zip(np.array_split(X, size, axis=1), np.array_split(Y, size, axis=1)))",
        ),
        ["made 5 batches: size is the number of columns"],
    ),
    (
        "mini_batches",
        (
            "    order = np.random.default_rng(seed).permutation(m)\n    X, Y = X[:, order], Y[:, order]",
            "    np.random.default_rng(seed).shuffle(X, axis=1)",
        ),
        ["changed the X it was given in place"],
    ),
    ("backward_shared", ("dJ_da = dJ_du * b + dJ_dv * 2 * a", "dJ_da = dJ_du * b"), ["counts only the path through u"]),
    (
        "backward_shared",
        ("dJ_da = dJ_du * b + dJ_dv * 2 * a", "dJ_da = dJ_dv * 2 * a"),
        ["counts only the path through v"],
    ),
    ("backward_shared", ("return dJ_da, dJ_db", "return dJ_db, dJ_da"), ["the pair the wrong way round"]),
    ("backward_shared", ("dJ_db = dJ_du * a", "dJ_db = dJ_du * b"), ["the slope of u = a·b with respect to b is a"]),
    ("backward_shared", ("dJ_da = dJ_du * b + dJ_dv * 2 * a", "dJ_da = dJ_du * b + dJ_dv * a"), ["slope of a² as a"]),
    ("centred_slope", ("(f(a + h) - f(a - h)) / (2 * h)", "(f(a + h) - f(a)) / h"), ["used the one-sided difference"]),
    ("centred_slope", ("(f(a + h) - f(a - h)) / (2 * h)", "(f(a + h) - f(a - h)) / h"), ["twice the slope"]),
    (
        "centred_slope",
        ("(f(a + h) - f(a - h)) / (2 * h)", "(f(a + h) - f(a - h)) / 2 * h"),
        ["divides by 2 and then multiplies by h"],
    ),
    (
        "gradient_check",
        ("approx[i] = (f(up) - f(down)) / (2 * epsilon)", "approx[i] = (f(up) - f(theta)) / epsilon"),
        ["gradient_check used the one-sided difference"],
    ),
    (
        "gradient_check",
        ("approx[i] = (f(up) - f(down)) / (2 * epsilon)", "approx[i] = (f(up) - f(down)) / epsilon"),
        ["divides by ε"],
    ),
    (
        "gradient_check",
        ("(np.linalg.norm(grad) + np.linalg.norm(approx))", "np.linalg.norm(grad + approx)"),
        ["divides by ‖grad + approx‖"],
    ),
    (
        "gradient_check",
        (
            "float(np.linalg.norm(grad - approx) / (np.linalg.norm(grad) + np.linalg.norm(approx)))",
            "float(np.linalg.norm(grad - approx))",
        ),
        ["distance ‖grad − approx‖ alone"],
    ),
    (
        "gradient_check",
        ("        up[i] += epsilon\n        down[i] -= epsilon", "        up += epsilon\n        down -= epsilon"),
        ["nudges every entry of θ at once"],
    ),
    (
        "gradient_check",
        ("up, down = theta.astype(float), theta.astype(float)", "up, down = theta, theta.copy()"),
        ["changed the theta it was given in place"],
    ),
    ("mse_cost", ("np.sum((A - Y) ** 2) / (2 * m)", "np.sum((A - Y) ** 2) / m"), ["twice the cost", "½"]),
    ("mse_cost", ("np.sum((A - Y) ** 2) / (2 * m)", "np.sum((A - Y) ** 2) / 2"), ["m times too large"]),
    ("mse_cost", ("np.sum((A - Y) ** 2)", "np.sum(np.abs(A - Y))"), ["takes |a − y|"]),
    (
        "mse_cost",
        ("float(np.sum((A - Y) ** 2) / (2 * m))", "np.sum((A - Y) ** 2, axis=1, keepdims=True) / (2 * m)"),
        ["array of shape (1, 1), expected a plain number"],
    ),
    ("mse_dz", ("return (A - Y) * A * (1 - A)", "return A - Y"), ["is A − Y, the dZ of cross-entropy"]),
    ("mse_dz", ("return (A - Y) * A * (1 - A)", "return (A - Y) * (1 - A)"), ["missing the factor A"]),
    ("mse_dz", ("return (A - Y) * A * (1 - A)", "return (A - Y) * A * (1 - A) / A.shape[1]"), ["dZ is per example"]),
    ("mse_dz", ("return (A - Y) * A * (1 - A)", "return (Y - A) * A * (1 - A)"), ["opposite sign"]),
    ("predict", ("return (A2 > 0.5).astype(float)", "return A2"), ["gives the probabilities A2"]),
    ("predict", ("return (A2 > 0.5).astype(float)", "return (A2 < 0.5).astype(float)"), ["gives 1 where A2 < 0.5"]),
    (
        "predict",
        ("    A2, cache = forward(X, params)\n    return (A2 > 0.5).astype(float)", "    return forward(X, params)"),
        ["returns a tuple", "take A2"],
    ),
    (
        "predict",
        ("return (A2 > 0.5).astype(float)", 'return (cache["Z2"] > 0.5).astype(float)'),
        ["compares Z2 with 0.5"],
    ),
    (
        "predict",
        ("return (A2 > 0.5).astype(float)", "return (A2 > 0.5).astype(float).ravel()"),
        ["has shape (7,), expected (1, 7)"],
    ),
    (
        "standardise",
        (
            "    mean = X.mean(axis=1, keepdims=True)\n    std = X.std(axis=1, keepdims=True)",
            "    mean = X.mean(axis=0, keepdims=True)\n    std = X.std(axis=0, keepdims=True)",
        ),
        ["standardises each column (axis=0)"],
    ),
    (
        "standardise",
        ("std = X.std(axis=1, keepdims=True)", "std = X.std(axis=1, keepdims=True, ddof=1)"),
        ["sample standard deviation (ddof=1)"],
    ),
    (
        "standardise",
        ("safe = np.where(std > 0, std, 1.0)", "safe = std"),
        ["gives nan for row 1, whose entries are all equal"],
    ),
    ("standardise", ("return (X - mean) / safe", "return X - mean"), ["subtracts the mean but does not divide"]),
    (
        "standardise",
        ("return (X - mean) / safe", "X -= mean\n    X /= safe\n    return X"),
        ["changed the X it was given in place"],
    ),
    ("sigmoid_slope", ("return a * (1 - a)", "return z * (1 - z)"), ["uses z(1 − z)", "compute σ(z) first"]),
    ("sigmoid_slope", ("return a * (1 - a)", "return a"), ["gives σ(z), not its slope"]),
    ("sigmoid_slope", ("return a * (1 - a)", "return 1 - a ** 2"), ["tanh's slope formula"]),
    ("tanh_slope", ("return 1 - a ** 2", "return 1 - z ** 2"), ["uses 1 − z²"]),
    ("tanh_slope", ("return 1 - a ** 2", "return 1 - a * 2"), ["is ** written as *?"]),
    ("tanh_slope", ("return 1 - a ** 2", "return a * (1 - a)"), ["the sigmoid's slope"]),
    ("tanh_slope", ("return 1 - a ** 2", "return (1 - a) ** 2"), ["squares 1 − tanh(z)"]),
    ("relu", ("return np.maximum(0, z)", "return np.max(z, 0)"), ["np.max(z, 0) reduces along axis 0", "np.maximum"]),
    ("relu", ("return np.maximum(0, z)", "return np.minimum(0, z)"), ["keeps the negative entries"]),
    ("relu", ("return np.maximum(0, z)", "return np.abs(z)"), ["gives |z|"]),
    ("relu", ("return np.maximum(0, z)", "z[z < 0] = 0\n    return z"), ["changed the z it was given in place"]),
    (
        "relu_slope",
        ("return (z > 0).astype(float)", "return (z >= 0).astype(float)"),
        ["gives 1 at z = 0", "z > 0, not z >= 0"],
    ),
    ("relu_slope", ("return (z > 0).astype(float)", "return np.maximum(0, z)"), ["gives relu(z), not its slope"]),
    ("relu_slope", ("return (z > 0).astype(float)", "return np.sign(z)"), ["gives −1 where z < 0"]),
    (
        "linear_collapse",
        ("return W2 @ W1, W2 @ b1 + b2", "return W1 @ W2, W2 @ b1 + b2"),
        ["multiplies in the wrong order"],
    ),
    ("linear_collapse", ("return W2 @ W1, W2 @ b1 + b2", "return W2 @ W1, W2 @ b1"), ["leaves out b2"]),
    ("linear_collapse", ("return W2 @ W1, W2 @ b1 + b2", "return W2 @ W1, b1 + b2"), ["adds b1 as it is"]),
    (
        "linear_collapse",
        ("return W2 @ W1, W2 @ b1 + b2", "return W2 @ b1 + b2, W2 @ W1"),
        ["the pair the wrong way round"],
    ),
    (
        "init_he",
        ("np.random.randn(n_h, n_x) * np.sqrt(2 / n_x)", "np.random.randn(n_h, n_x) * 0.01"),
        ["W1's entries have standard deviation", "× 0.01"],
    ),
    (
        "init_he",
        ("np.random.randn(n_h, n_x) * np.sqrt(2 / n_x)", "np.random.randn(n_h, n_x) * np.sqrt(1 / n_x)"),
        ["Xavier's scale"],
    ),
    (
        "init_he",
        ("np.random.randn(n_y, n_h) * np.sqrt(2 / n_h)", "np.random.randn(n_y, n_h) * np.sqrt(2 / n_x)"),
        ["W2's entries", "each layer uses its own number of inputs"],
    ),
    (
        "init_he",
        ("np.random.randn(n_h, n_x) * np.sqrt(2 / n_x)", "np.random.rand(n_h, n_x) * np.sqrt(2 / n_x)"),
        ["np.random.rand draws from [0, 1)"],
    ),
    ("init_he", ('"b1": np.zeros((n_h, 1))', '"b1": np.ones((n_h, 1))'), ["b1 is not zero"]),
    (
        "init_he",
        ("np.random.randn(n_h, n_x) * np.sqrt(2 / n_x)", "np.random.randn(n_x, n_h) * np.sqrt(2 / n_x)"),
        ["W1 has shape (500, 200), expected (200, 500)"],
    ),
    (
        "softmax",
        ("E = np.exp(Z - Z.max(axis=0, keepdims=True))", "E = np.exp(Z)"),
        ["softmax gives nan for z of 1000: subtract each column's largest entry first"],
    ),
    (
        "softmax",
        ("return E / E.sum(axis=0, keepdims=True)", "return E / E.sum(axis=1, keepdims=True)"),
        ["divides by each row's sum"],
    ),
    ("softmax", ("return E / E.sum(axis=0, keepdims=True)", "return E / E.sum()"), ["sum of the whole matrix"]),
    (
        "softmax",
        ("E = np.exp(Z - Z.max(axis=0, keepdims=True))", "E = np.exp(Z - Z.max())"),
        ["nan for a column of −1000", "not the largest of all Z"],
    ),
    (
        "softmax",
        ("E = np.exp(Z - Z.max(axis=0, keepdims=True))", "E = np.exp(Z - Z.max(axis=1, keepdims=True))"),
        ["subtracts each row's largest entry"],
    ),
    ("one_hot", ("    return Y\n", "    return Y.T\n"), ["one_hot made the rows the examples: expected (K, m)"]),
    (
        "one_hot",
        ("Y = np.zeros((K, labels.shape[0]))", "Y = np.zeros((labels.max() + 1, labels.shape[0]))"),
        ["labels.max() + 1", "K = 4 classes"],
    ),
    ("one_hot", ("labels = np.asarray(labels).reshape(-1)", "labels = np.asarray(labels)"), ["flatten them first"]),
    ("one_hot", ("Y[labels, np.arange", "Y[labels - 1, np.arange"), ["puts class k in row k − 1"]),
    ("softmax_cost", ("float(-np.sum(Y * np.log(A)) / m)", "float(np.sum(Y * np.log(A)) / m)"), ["is negative"]),
    ("softmax_cost", ("float(-np.sum(Y * np.log(A)) / m)", "float(-np.mean(Y * np.log(A)))"), ["divides by K·m"]),
    ("softmax_cost", ("m = Y.shape[1]", "m = Y.shape[0]"), ["divides by K = Y.shape[0] = 3"]),
    (
        "softmax_cost",
        ("float(-np.sum(Y * np.log(A)) / m)", "float(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m)"),
        ["(1 − y)·log(1 − a) term of the binary cross-entropy"],
    ),
]

RIGHT_ANOTHER_WAY = [
    (
        "descend",
        (
            "    for _ in range(steps):\n        w = w - learning_rate * df(w)\n    return w",
            "    w = np.array(w, dtype=float)\n    for _ in range(steps):\n        w = w - learning_rate * df(w)\n"
            "    return w if w.ndim else float(w)",
        ),
    ),
    (
        "mini_batches",
        (
            "    order = np.random.default_rng(seed).permutation(m)",
            "    np.random.seed(seed)\n    order = np.random.permutation(m)",
        ),
    ),
    (
        "gradient_check",
        ("up, down = theta.astype(float), theta.astype(float)", "up, down = theta.copy(), theta.copy()"),
    ),
    ("standardise", ("return (X - mean) / safe", "return (X - mean) / np.maximum(std, 1e-12)")),
    ("relu", ("return np.maximum(0, z)", "return z * (z > 0)")),
    ("relu_slope", ("return (z > 0).astype(float)", "return z > 0")),
    ("predict", ("return (A2 > 0.5).astype(float)", "return np.where(A2 > 0.5, 1, 0)")),
    (
        "one_hot",
        (
            "    labels = np.asarray(labels).reshape(-1)\n    Y = np.zeros((K, labels.shape[0]))\n"
            "    Y[labels, np.arange(labels.shape[0])] = 1\n    return Y",
            "    return np.eye(K)[np.ravel(labels)].T",
        ),
    ),
    ("softmax_cost", ("float(-np.sum(Y * np.log(A)) / m)", "float(-np.sum(Y * np.log(A + 1e-8)) / m)")),
    ("sigmoid_slope", ("a = 1 / (1 + np.exp(-z))", "a = np.exp(-np.logaddexp(0, -z))")),
]


def verdict(tmp_path: Path, name: str, *changes, network_changes=()):
    """The Result for `name` with the changes made to its file's reference solution, checked as
    the tutor checks it: the learner's code in the sandboxed child, the verdict here."""
    from nn_tutor.sandbox.calls import LearnerCode, LoadFailed

    file = by_name(name).file
    text, network = (
        (SOLUTIONS / file).read_text(encoding="utf-8"),
        (SOLUTIONS / "network.py").read_text(encoding="utf-8"),
    )
    for old, new in changes:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    for old, new in network_changes:
        network = network.replace(old, new)
    (tmp_path / file).write_text(text, encoding="utf-8")
    (tmp_path / "network.py").write_text(network, encoding="utf-8")
    with LearnerCode(tmp_path) as code:
        try:
            code.load("network.py")
        except LoadFailed:
            pass
        code.load(file)
        status, message, lesson, _output = runner.check_one(code, name)
    return supervise.finish(name, status, message, lesson)


@pytest.mark.parametrize("name, change, words", MISTAKES, ids=[f"{m[0]}-{i}" for i, m in enumerate(MISTAKES)])
def test_a_planted_mistake_gets_its_sentence(tmp_path, name, change, words):
    result = verdict(tmp_path, name, change)
    assert result.status == "failed", result.message
    assert result.message.startswith(name)
    for word in words:
        assert word in result.message, result.message
    assert "Reread lesson " in result.message


def test_every_new_exercise_has_at_least_three_planted_mistakes():
    counts = {name: sum(m[0] == name for m in MISTAKES) for name in COURSE}
    assert len(COURSE) == 19 and min(counts.values()) >= 3, counts


@pytest.mark.parametrize("name, change", RIGHT_ANOTHER_WAY, ids=[n for n, _ in RIGHT_ANOTHER_WAY])
def test_right_answers_written_another_way_pass(tmp_path, name, change):
    result = verdict(tmp_path, name, change)
    assert result.status == "passed", result.message


def test_predict_waits_on_a_forward_that_is_still_to_do(tmp_path):
    stub = '    raise NotImplementedError("forward")\n    Z1 = params["W1"]'
    result = verdict(tmp_path, "predict", network_changes=[('    Z1 = params["W1"]', stub)])
    assert result.status == "failed"
    assert "your forward from network.py, which is still to do" in result.message
    assert "Reread lesson 18" in result.message


def test_predict_says_so_when_network_py_does_not_load_and_the_rest_of_its_file_is_checked(tmp_path):
    broken = [("def forward(X, params):", "def forward(X, params)")]
    result = verdict(tmp_path, "predict", network_changes=broken)
    assert result.status == "failed" and "either network.py does not load" in result.message
    assert verdict(tmp_path, "standardise", network_changes=broken).status == "passed"


def checked(folder: Path, names, stubbed=()) -> dict:
    """{name: Result} for `names` in a copy of the reference solutions with the functions in
    `stubbed` put back to their stubs, all checked in one child, as a check of the whole
    workspace runs them (supervise.run)."""
    from nn_tutor.sandbox.calls import LearnerCode

    texts = {path.name: path.read_text(encoding="utf-8") for path in SOLUTIONS.glob("*.py")}
    for name in stubbed:
        file = by_name(name).file
        for old, new in _stubbed(name):
            assert texts[file].count(old) == 1, old
            texts[file] = texts[file].replace(old, new)
    folder.mkdir()
    for file, text in texts.items():
        (folder / file).write_text(text, encoding="utf-8")
    with LearnerCode(folder) as code:
        for file in dict.fromkeys(["network.py", *(by_name(n).file for n in names)]):
            code.load(file)
        return {name: supervise.finish(name, *runner.check_one(code, name)[:3]) for name in names}


def test_each_stub_is_a_todo_and_the_reference_passes(tmp_path):
    """Every course function a stub at once, as `exercises init` writes them: each is its own
    todo (a check that reached another stub first would say "calls …, which is still a todo")."""
    for name, stub in checked(tmp_path / "stubs", COURSE, stubbed=COURSE).items():
        assert (stub.status, stub.message) == ("todo", f"{name}: still to do; see " + stub.message.split("see ")[1])
    passed = {name: result.status for name, result in checked(tmp_path / "reference", COURSE).items()}
    assert passed == dict.fromkeys(COURSE, "passed")


def _stubbed(name: str):
    """The change that puts `name`'s body back to raising NotImplementedError."""
    from nn_tutor.exercises.source import function_span

    text = (SOLUTIONS / by_name(name).file).read_text(encoding="utf-8")
    first, last = function_span(text, name)
    body = "\n".join(text.splitlines()[first:last])
    return [(body, f'    raise NotImplementedError("{name}")')]


def test_init_completes_an_older_workspace_and_leaves_network_py_byte_for_byte(tmp_path, capsys):
    finished = (SOLUTIONS / "network.py").read_bytes().replace(b"\n", b"\r\n") + b"# mine\n"
    (tmp_path / "network.py").write_bytes(finished)
    assert main(["exercises", "init", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert (tmp_path / "network.py").read_bytes() == finished
    for file in ("gradients.py", "output.py", "activations.py", "softmax.py"):
        assert f"created {tmp_path / file}" in out
        assert list(in_file(file)) and (tmp_path / file).is_file()
    assert f"kept    {tmp_path / 'network.py'}" in out
    assert main(["exercises", "check", str(tmp_path), "--json"]) == 1
    entries = json.loads(capsys.readouterr().out.strip().splitlines()[-1])["exercises"]
    assert [e["name"] for e in entries] == list(NAMES)
    assert {e["name"] for e in entries if e["status"] == "passed"} == set(in_file("network.py"))
    assert {e["status"] for e in entries if e["file"] != "network.py"} == {"todo"}
    assert [e["lesson"] for e in entries][:4] == ["sigmoid-neuron", "loss-and-cost", "derivatives", "gradient-descent"]


async def test_the_lessons_list_shows_each_lessons_exercises_passed(tutor):
    from textual.widgets import OptionList

    from nn_tutor.ui.screens import TocScreen

    app = tutor.app()
    async with app.run_test(size=(120, 40)) as pilot:
        await tutor.lesson_screen(pilot)
        app.progress.exercises = {"sigmoid_slope", "relu", "slope"}
        await pilot.press("t")
        screen = await tutor.wait_for(pilot, TocScreen)
        rows = [str(screen.query_one(OptionList).get_option_at_index(i).prompt) for i in range(len(app.lessons))]
        by_number = {row.split(".")[0].strip("▶✓ "): row for row in rows}
        assert by_number["13"].endswith(" 2/4") and by_number["3"].endswith(" 1/1")
        assert by_number["21"].endswith(" 0/3") and by_number["18"].endswith(" 0/3")
        assert not by_number["10"].rstrip().endswith("/1")  # no exercise: no count


def test_the_mistakes_arrive_the_same_through_the_checking_process(tmp_path):
    from nn_tutor.exercises import run_checks

    changes = {
        "gradients.py": [("return (f(a + h) - f(a)) / h", "return (f(a + h) - f(a)) / a")],
        "output.py": [("return (A2 > 0.5).astype(float)", "return A2")],
        "activations.py": [("return (z > 0).astype(float)", "return (z >= 0).astype(float)")],
        "softmax.py": [("E = np.exp(Z - Z.max(axis=0, keepdims=True))", "E = np.exp(Z)")],
    }
    for path in SOLUTIONS.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        for old, new in changes.get(path.name, []):
            text = text.replace(old, new)
        (tmp_path / path.name).write_text(text, encoding="utf-8")
    results = {r.name: r for r in run_checks(tmp_path, names=COURSE)}
    failed = {name for name, r in results.items() if r.status != "passed"}
    assert failed == {"slope", "predict", "relu_slope", "softmax"}, {n: results[n].message for n in failed}
    assert results["slope"].message.startswith("slope divided by a instead of h")
    assert "gives the probabilities A2" in results["predict"].message
    assert "gives 1 at z = 0" in results["relu_slope"].message
    assert "subtract each column's largest entry first" in results["softmax"].message


async def test_the_exercises_screen_groups_them_by_lesson_with_each_lessons_progress(tmp_path, tutor):
    from conftest import host_app
    from textual.widgets import DataTable

    from nn_tutor.exercises import init_workspace
    from nn_tutor.ui.exercises_screen import ExercisesScreen

    init_workspace(tmp_path / "ws")
    for file in ("activations.py", "network.py"):
        (tmp_path / "ws" / file).write_bytes((SOLUTIONS / file).read_bytes())

    app = host_app(screen=lambda: ExercisesScreen(tmp_path / "ws"))
    async with app.run_test(size=(100, 40)) as pilot:
        await tutor.until(
            pilot, lambda: "checking" not in str(app.screen.query_one("#exercises-title").render()), what="the check"
        )
        table = app.screen.query_one(DataTable)
        rows = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        lessons = [str(table.get_row_at(i)[2]) for i in range(table.row_count)]
        assert rows.index("train") < rows.index("init_params")  # train sits with lesson 18
        assert lessons[rows.index("sigmoid_slope")] == "13 4/4" and lessons[rows.index("relu")] == ""
        assert lessons[rows.index("forward")] == "18 3/3" and lessons[rows.index("init_params")] == "19 2/2"
        assert lessons[rows.index("slope")] == "3 0/1" and lessons[rows.index("softmax")] == "21 0/3"
        numbers = [int(cell.split()[0]) for cell in lessons if cell]
        assert numbers == sorted(numbers) and len(numbers) == len(set(numbers))
