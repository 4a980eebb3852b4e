"""Which functions a save checks again: the one changed, those that reach it, or the whole file
when a line outside the functions changed or the code cannot be followed by reading it."""

from pathlib import Path

from nn_tutor.exercises import NAMES
from nn_tutor.exercises.catalogue import in_file
from nn_tutor.exercises.changes import fingerprints, to_check

SOLUTIONS = Path(__file__).parent / "exercise_solutions"
ALL_PASS = dict.fromkeys(NAMES, "passed")


def workspace(tmp_path: Path) -> Path:
    for path in SOLUTIONS.glob("*.py"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    return tmp_path


def after(folder: Path, file: str, old: str, new: str, statuses=ALL_PASS) -> list[str]:
    """What a save that replaces `old` with `new` in `file` checks again."""
    before = fingerprints(folder)
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return to_check(before, fingerprints(folder), statuses)


def test_a_change_to_one_function_checks_only_it(tmp_path):
    folder = workspace(tmp_path)
    assert after(folder, "activations.py", "np.maximum(0, z)", "np.maximum(z, 0)") == ["relu"]
    assert after(folder, "gradients.py", "def mse_cost(A, Y):\n", "def mse_cost(A, Y):\n    A = A + 0\n") == [
        "mse_cost"
    ]


def test_a_helper_changed_checks_the_functions_that_call_it_after_it(tmp_path):
    folder = workspace(tmp_path)
    names = after(folder, "network.py", "return 1 / (1 + np.exp(-z))", "return 1.0 / (1.0 + np.exp(-z))")
    assert names[0] == "sigmoid"
    assert {"propagate", "forward", "train"} <= set(names)  # they call sigmoid, or call what does
    assert "predict" in names  # output.py imports network.py's forward
    assert not set(names) & {"backward_abc", "init_params", "relu", "mse_cost", "softmax"}


def test_a_line_outside_the_functions_checks_the_whole_file(tmp_path):
    folder = workspace(tmp_path)
    names = after(folder, "activations.py", "import numpy as np\n", "import numpy as np\n\nSCALE = 2.0\n")
    assert sorted(names) == sorted(in_file("activations.py"))


def test_a_comment_checks_nothing_but_a_failed_verdict_is_checked_when_its_line_moves(tmp_path):
    folder = workspace(tmp_path)
    assert (
        after(folder, "activations.py", "    return np.maximum(0, z)\n", "    return np.maximum(0, z)  # max\n") == []
    )
    failed = {**ALL_PASS, "relu_slope": "failed"}
    names = after(folder, "activations.py", "import numpy as np\n", "import numpy as np\n# two lines more\n\n", failed)
    assert names == ["relu_slope"]  # its message may name a line; the passed ones keep theirs


def test_a_function_without_a_verdict_yet_is_checked(tmp_path):
    folder = workspace(tmp_path)
    prints = fingerprints(folder)
    assert to_check(prints, prints, {**ALL_PASS, "softmax": None}) == ["softmax"]
    assert to_check({}, prints, ALL_PASS) == list(NAMES)


def test_code_reaching_functions_by_name_or_changing_module_state_checks_the_whole_file(tmp_path):
    folder = workspace(tmp_path)
    for helper in (
        "def pick(name):\n    return globals()[name]\n",
        "def pick(name):\n    global SEEN\n    SEEN = name\n",
        "def patch():\n    np.tanh = np.sin\n",
        "print(relu(1))\n",
    ):
        path = folder / "activations.py"
        path.write_text(path.read_text(encoding="utf-8") + "\n\n" + helper, encoding="utf-8")
        names = after(folder, "activations.py", "np.maximum(0, z)", "np.maximum(z, 0)")
        assert sorted(names) == sorted(in_file("activations.py")), helper
        (folder / "activations.py").write_text((SOLUTIONS / "activations.py").read_text(encoding="utf-8"))


def test_functions_sharing_a_module_level_list_are_checked_together(tmp_path):
    folder = workspace(tmp_path)
    path = folder / "activations.py"
    text = path.read_text(encoding="utf-8").replace("import numpy as np\n", "import numpy as np\n\nSEEN = []\n")
    text = text.replace("    return np.maximum(0, z)", "    SEEN.append(1)\n    return np.maximum(0, z)")
    text = text.replace("    return (z > 0).astype(float)", "    return (z > 0).astype(float) + 0 * len(SEEN)")
    path.write_text(text, encoding="utf-8")
    names = after(folder, "activations.py", "np.maximum(0, z)", "np.maximum(z, 0)")
    assert sorted(names) == ["relu", "relu_slope"]


def test_a_file_that_does_not_parse_checks_all_its_functions_and_again_once_it_does(tmp_path):
    folder = workspace(tmp_path)
    names = after(folder, "softmax.py", "def softmax(", "def softmax(:")
    assert sorted(names) == sorted(in_file("softmax.py"))
    names = after(folder, "softmax.py", "def softmax(:", "def softmax(")
    assert sorted(names) == sorted(in_file("softmax.py"))


def test_a_function_that_uses_another_is_checked_after_it_when_that_one_changes(tmp_path):
    folder = workspace(tmp_path)
    names = after(
        folder,
        "network.py",
        "def update(params, grads, learning_rate):\n",
        "def update(params, grads, learning_rate):\n    grads = dict(grads)\n",
    )
    assert names[0] == "update" and "train" in names  # train uses update, and waits on it


def test_a_file_too_large_or_not_utf8_is_not_parsed_and_checks_all_its_functions(tmp_path):
    folder = workspace(tmp_path)
    before = fingerprints(folder)
    (folder / "softmax.py").write_bytes(b"#" * (3 * 2**20))
    (folder / "activations.py").write_bytes(b"def relu(z):\n    return '\xff'\n")
    names = to_check(before, fingerprints(folder), ALL_PASS)
    assert sorted(names) == sorted(in_file("softmax.py") + in_file("activations.py"))


def test_a_helper_file_of_the_learners_checks_the_files_that_import_it(tmp_path):
    folder = workspace(tmp_path)
    (folder / "helpers.py").write_text("def clip(z):\n    return z\n", encoding="utf-8")
    edit_import = "import numpy as np\n"
    path = folder / "softmax.py"
    path.write_text(path.read_text(encoding="utf-8").replace(edit_import, edit_import + "import helpers\n", 1))
    names = after(folder, "helpers.py", "return z", "return z + 0")
    assert sorted(names) == sorted(in_file("softmax.py"))
