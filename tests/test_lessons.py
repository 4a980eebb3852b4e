"""The lesson files and their loader: every shipped lesson loads, trains and reads well;
every malformed file is reported by file, field and what was expected."""

import re
from pathlib import Path

import numpy as np
import pytest

from nn_tutor.cli import main
from nn_tutor.lessons import (
    COMPARE_KEYS,
    PANEL_KEYS,
    QUIZ_TOPICS,
    TOP_KEYS,
    VIEWS,
    Lesson,
    LessonError,
    PanelSpec,
    check_lessons,
    default_lessons_dir,
    load_lesson,
    load_lessons,
)
from nn_tutor.model import Trainer
from nn_tutor.model.config import NetworkConfig
from nn_tutor.names import ACTIVATIONS, COMPARE_FIELDS, COSTS, DATASETS, INITS, OUTPUT_ACTIVATIONS

ROOT = Path(__file__).parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
BAD = FIXTURES / "lessons_bad"
GOOD = FIXTURES / "lessons_good"

LESSONS, LOAD_ERRORS = load_lessons()
BY_FILE = {lesson.path.name: lesson for lesson in LESSONS}

# Every section of the syllabus, and a word that must appear in some lesson's `sections`.
SYLLABUS = [
    "sigmoid",
    "logistic regression",
    "loss vs cost",
    "cross-entropy vs squared error",
    "gradient descent",
    "learning rate",
    "sgd",
    "mini-batch",
    "computation graph",
    "forward and backward propagation",
    "chain rule",
    "network overview",
    "hidden",
    "notation",
    "network's output",
    "vectorising",
    "activation functions",
    "derivatives",
    "non-linear",
    "small gradients",
    "centring",
    "relu's range",
    "vanishing gradients",
    "2-layer network",
    "random initialisation",
    "symmetry",
]


def app_keys() -> set[str]:
    """Every key of the lesson screen and the app, as the footer and help write it."""
    from nn_tutor.ui.app import TutorApp
    from nn_tutor.ui.lesson_screen import LessonScreen

    return {b.key_display or b.key.split(",")[0] for b in (*LessonScreen.BINDINGS, *TutorApp.BINDINGS)}


APP_KEYS = app_keys()


# --- the shipped lessons -------------------------------------------------------------


def test_shipped_lessons_load_without_errors():
    assert LOAD_ERRORS == []
    assert 12 <= len(LESSONS) <= 24
    assert check_lessons() == []


def test_lessons_are_numbered_in_teaching_order():
    numbers = [int(lesson.path.name[:2]) for lesson in LESSONS]
    assert numbers == list(range(1, len(LESSONS) + 1))
    assert len({lesson.id for lesson in LESSONS}) == len(LESSONS)


def test_every_syllabus_section_is_covered():
    covered = " | ".join(s.lower() for lesson in LESSONS for s in lesson.sections)
    missing = [section for section in SYLLABUS if section not in covered]
    assert missing == []


def test_default_dir_is_the_repository_lessons_folder():
    folder = default_lessons_dir()
    assert folder.is_dir()
    assert sorted(p.name for p in folder.glob("*.md")) == [lesson.path.name for lesson in LESSONS]


@pytest.mark.parametrize("name", sorted(BY_FILE))
def test_lesson_panel_trains_ten_iterations(name):
    spec = BY_FILE[name].panel
    trainer = Trainer(spec.config)
    assert trainer.run(10) == 10
    snap = trainer.snapshot()
    assert snap.iteration == 10
    assert np.isfinite(snap.cost)
    for value, config in spec.compare_configs():
        other = Trainer(config)
        assert other.run(3) == 3, value


@pytest.mark.parametrize("name", sorted(BY_FILE))
def test_lesson_text_reads_well_in_a_terminal(name):
    lesson = BY_FILE[name]
    body = lesson.body
    # Textual's Markdown shows no LaTeX: maths is written in Unicode.
    assert "$" not in body
    for latex in ("\\frac", "\\sum", "\\(", "\\[", "\\sigma", "\\partial", "\\alpha"):
        assert latex not in body, latex
    # 3-6 minutes of reading, prose and formulas together.
    words = len(body.split())
    assert 400 <= words <= 1100, words
    # Short pages: no big tables.
    assert body.count("\n|") <= 6
    assert body.startswith("# ")
    assert body.lstrip("# ").startswith(lesson.title)


@pytest.mark.parametrize("name", sorted(BY_FILE))
def test_lesson_ends_with_try_it_naming_real_keys(name):
    body = BY_FILE[name].body
    headings = re.findall(r"^## (.+)$", body, flags=re.M)
    assert headings[-1] == "Try it"
    try_it = body.split("\n## Try it\n", 1)[1]
    keys = set(re.findall(r"`([^`]+)`", try_it))
    assert keys, "Try it names no keys"
    assert keys <= APP_KEYS | view_keys(BY_FILE[name]), keys - APP_KEYS
    # the keys to find one's way: the other views, and the next lesson (all of them in the first)
    assert "v" in keys
    if name != max(BY_FILE):
        assert "n" in keys
    if name == min(BY_FILE):
        assert {"v", "z", "n", "p", "t", "?"} <= keys


def test_the_keys_lessons_name_are_the_apps_own():
    assert {"space", ".", "r", "n", "p", "v", "z", "Z", "k", "t", "?", "q"} <= APP_KEYS


def view_keys(lesson) -> set[str]:
    """The keys the lesson's views bind themselves (as the footer writes them)."""
    from nn_tutor.ui.views import VIEWS

    shown = {"left": "←", "right": "→", "full_stop": "."}
    keys = set()
    for name in lesson.panel.views:
        for binding in type(VIEWS[name].make(lesson)).__dict__.get("BINDINGS", []):
            keys.add(binding.key_display or shown.get(binding.key, binding.key))
    return keys


@pytest.mark.parametrize("name", sorted(BY_FILE))
def test_lesson_code_blocks_run(name, capsys):
    """Every Python block in a lesson runs as printed, in order, in one namespace."""
    blocks = re.findall(r"```python\n(.*?)```", BY_FILE[name].body, flags=re.S)
    namespace = {}
    for block in blocks:
        exec(compile(block, f"{name} code block", "exec"), namespace)
    capsys.readouterr()


@pytest.mark.parametrize("name", sorted(BY_FILE))
def test_lesson_views_and_quiz_are_known(name):
    lesson = BY_FILE[name]
    assert set(lesson.panel.views) <= set(VIEWS)
    assert set(lesson.quiz) <= set(QUIZ_TOPICS)
    assert lesson.quiz, "every shipped lesson offers a quiz"


def test_the_demos_the_lessons_promise_are_wired_to_views():
    views = {lesson.id: lesson.panel.views for lesson in LESSONS}
    compare = {lesson.id: lesson.panel.compare for lesson in LESSONS if lesson.panel.compare}
    assert "loss_shape" in views["loss-and-cost"]
    assert "graph" in views["computation-graph"]
    assert "activation" in views["saturation-and-centring"]
    assert "gradient_norms" in views["vanishing-gradients"]
    assert "symmetry" in views["random-initialisation"]
    assert "boundary" in views["why-non-linear"]
    assert compare["gradient-descent"]["field"] == "learning_rate"
    assert compare["batch-and-sgd"]["values"] == ("full", 32, "sgd")
    assert compare["why-non-linear"]["values"] == ("linear", "tanh")
    assert compare["random-initialisation"]["field"] == "init"


# --- the loader on good input --------------------------------------------------------


def test_good_fixture_folder_loads_sorted_by_file_name():
    lessons, errors = load_lessons(GOOD)
    assert errors == []
    assert [lesson.id for lesson in lessons] == ["first", "second"]
    first = lessons[0]
    assert isinstance(first, Lesson) and isinstance(first.panel, PanelSpec)
    assert first.title == "The first lesson"
    assert first.sections == ("sigmoid and logistic regression",)
    assert first.quiz == ("sigmoid",)
    assert first.body.startswith("# A good lesson")
    assert "---" not in first.body
    assert first.path == GOOD / "01-first.md"


def test_panel_defaults_are_the_documented_ones():
    spec = load_lesson(GOOD / "01-first.md").panel
    assert spec.config == NetworkConfig(
        layers=(2, 4, 1), activations=("tanh", "sigmoid"), init="small_random", learning_rate=1.2, batch="full", seed=1
    )
    assert spec.config.m == 400
    assert spec.views == ("forward", "gradients", "cost")
    assert spec.compare is None


def test_lessons_and_specs_are_immutable():
    lesson = load_lesson(GOOD / "01-first.md")
    with pytest.raises(AttributeError):
        lesson.title = "changed"
    with pytest.raises(AttributeError):
        lesson.panel.config.learning_rate = 5.0
    assert hash(lesson.panel) == hash(load_lesson(GOOD / "01-first.md").panel)


def test_compare_runs_change_only_the_compared_field():
    spec = BY_FILE["14-why-non-linear.md"].panel
    runs = spec.compare_configs()
    assert [value for value, _ in runs] == list(spec.compare["values"])
    for value, config in runs:
        assert config.activations == (value,) * (len(spec.config.layers) - 2) + ("sigmoid",)
        assert config.replace(activations=spec.config.activations) == spec.config


def readme_schema() -> str:
    """The YAML block of the README's "Writing your own lessons" section."""
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("## Writing your own lessons", 1)[1]
    return section.split("```yaml\n", 1)[1].split("```", 1)[0]


def test_the_readme_schema_lists_exactly_the_keys_the_loader_accepts():
    keys = {}
    for line in readme_schema().splitlines():
        found = re.match(r"^( *)([a-z_]+):", line)
        if found:
            keys.setdefault(len(found.group(1)), set()).add(found.group(2))
    assert keys == {0: set(TOP_KEYS), 2: set(PANEL_KEYS), 4: set(COMPARE_KEYS)}


def test_the_readme_schema_names_every_value_the_model_and_app_accept():
    doc = readme_schema()
    for name in (*ACTIVATIONS, *OUTPUT_ACTIVATIONS, *INITS, *DATASETS, *VIEWS, *QUIZ_TOPICS, *COSTS, *COMPARE_FIELDS):
        assert name in doc, name


def test_the_readme_schema_example_is_a_lesson_and_its_defaults_are_the_loaders(tmp_path):
    path = tmp_path / "01-example.md"
    path.write_text(readme_schema() + "# The neuron\n\nText.\n", encoding="utf-8")
    lesson = load_lesson(path)
    assert lesson.panel.compare["values"] == (0.01, 1.2, 10.0)
    defaults = dict(re.findall(r"^  ([a-z_]+): (\S+) +# default ", readme_schema(), flags=re.M))
    config = NetworkConfig(layers=(2, 1), activations=("sigmoid",))
    assert {key: str(getattr(config, key)) for key in defaults} == defaults


# --- the loader on bad input ---------------------------------------------------------

# file -> (field the error names, words of what was expected)
BAD_CASES = {
    "01-bad-yaml.md": ("front matter", "valid YAML"),
    "02-no-front-matter.md": ("front matter", "'---'"),
    "03-unknown-activation.md": ("panel.activations[0]", "one of sigmoid, tanh, relu, leaky_relu, linear"),
    "04-missing-title.md": ("title", "required"),
    "05-wrong-type.md": ("panel.learning_rate", "a number greater than 0"),
    "06-shapes.md": ("panel.activations", "one per layer after the input"),
    "07-input-size.md": ("panel.layers[0]", "input features"),
    "08-unknown-view.md": ("panel.views[1]", "one of forward, gradients"),
    "09-not-utf8.md": ("file", "UTF-8"),
    "10-empty.md": ("file", "front matter"),
    "11-compare-missing.md": ("panel.compare", "compare block"),
    "12-unknown-key.md": ("panel.learning_rat", "one of layers, activations"),
    "13-bad-batch.md": ("panel.batch", "full, sgd, or a mini-batch size"),
    "14-output-relu.md": ("panel.activations[1]", "sigmoid"),
    "15-bad-quiz.md": ("quiz[1]", "one of sigmoid"),
    "16-no-body.md": ("body", "markdown"),
    "17-bad-id.md": ("id", "lower-case"),
    "18-not-a-mapping.md": ("front matter", "mapping"),
    "19-bad-compare-value.md": ("panel.compare.values[1]", "one of sigmoid"),
}


def test_every_bad_fixture_has_a_case():
    assert sorted(p.name for p in BAD.glob("*.md")) == sorted(BAD_CASES)


@pytest.mark.parametrize("name", sorted(BAD_CASES))
def test_bad_lesson_names_file_field_and_expectation(name):
    field, expected = BAD_CASES[name]
    with pytest.raises(LessonError) as info:
        load_lesson(BAD / name)
    error = info.value
    assert error.path == BAD / name
    assert error.field == field
    assert expected in error.expected
    text = str(error)
    assert text.split(": ")[0].endswith(name)
    assert f": {field}: " in text
    assert "; expected " in text
    assert "Traceback" not in text


def test_bad_yaml_error_gives_the_file_line():
    with pytest.raises(LessonError) as info:
        load_lesson(BAD / "01-bad-yaml.md")
    assert "line 4" in str(info.value)


def test_unknown_activation_message_matches_the_documented_form(monkeypatch):
    monkeypatch.chdir(BAD.parent.parent.parent)
    with pytest.raises(LessonError) as info:
        load_lesson(BAD / "03-unknown-activation.md")
    assert str(info.value) == (
        "tests/fixtures/lessons_bad/03-unknown-activation.md: panel.activations[0]: "
        "unknown activation 'sigmod'; expected one of sigmoid, tanh, relu, leaky_relu, linear"
    )


def test_a_bad_file_does_not_stop_the_others(tmp_path):
    for src in GOOD.glob("*.md"):
        (tmp_path / src.name).write_bytes(src.read_bytes())
    (tmp_path / "03-broken.md").write_bytes((BAD / "03-unknown-activation.md").read_bytes())
    lessons, errors = load_lessons(tmp_path)
    assert [lesson.id for lesson in lessons] == ["first", "second"]
    assert [e.path.name for e in errors] == ["03-broken.md"]


def test_duplicate_ids_are_reported(tmp_path):
    text = (GOOD / "01-first.md").read_text()
    (tmp_path / "01-a.md").write_text(text)
    (tmp_path / "02-b.md").write_text(text)
    lessons, errors = load_lessons(tmp_path)
    assert [lesson.path.name for lesson in lessons] == ["01-a.md"]
    assert errors[0].field == "id" and "duplicate" in errors[0].problem and "01-a.md" in errors[0].problem
    assert any("duplicate id 'first'" in line for line in check_lessons(tmp_path))


def test_empty_and_missing_folders_are_problems(tmp_path):
    assert any("has no lessons" in line for line in check_lessons(tmp_path))
    missing = tmp_path / "nowhere"
    lessons, errors = load_lessons(missing)
    assert lessons == [] and errors[0].field == "folder"
    assert any("does not exist" in line for line in check_lessons(missing))


def test_unreadable_entries_are_problems(tmp_path):
    (tmp_path / "01-folder.md").mkdir()
    problems = check_lessons(tmp_path)
    assert any("01-folder.md: file: is a folder" in line for line in problems)


def test_file_names_out_of_teaching_order_are_flagged(tmp_path):
    (tmp_path / "intro.md").write_bytes((GOOD / "01-first.md").read_bytes())
    problems = check_lessons(tmp_path)
    assert len(problems) == 1 and "intro.md: file name:" in problems[0]


def test_line_endings_and_bom_are_accepted(tmp_path):
    text = (GOOD / "01-first.md").read_text()
    path = tmp_path / "01-crlf.md"
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    assert load_lesson(path).id == "first"


@pytest.mark.parametrize(
    ("panel_line", "field"),
    [
        ("  layers: [2, 0, 1]", "panel.layers[1]"),
        ("  layers: [2, 4, 2]", "panel.layers[2]"),
        ("  layers: [2]", "panel.layers"),
        ("  layers: 2", "panel.layers"),
        ("  layers: [2, true, 1]", "panel.layers[1]"),
        ("  init: huge", "panel.init"),
        ("  dataset: mnist", "panel.dataset"),
        ("  learning_rate: -1", "panel.learning_rate"),
        ("  learning_rate: .nan", "panel.learning_rate"),
        ("  batch: 401", "panel.batch"),
        ("  batch: minibatch", "panel.batch"),
        ("  seed: -3", "panel.seed"),
        ("  seed: 1.5", "panel.seed"),
        ("  m: 1", "panel.m"),
        ("  views: []", "panel.views"),
        ("  views: [cost, cost]", "panel.views[1]"),
        ("  views: [symmetry]\n  layers: [2, 1]\n  activations: [sigmoid]", "panel.views"),
        ("  compare: {field: init, values: [zeros, he]}", "panel.compare"),
        ("  views: [compare]\n  compare: {field: depth, values: [1, 2]}", "panel.compare.field"),
        ("  views: [compare]\n  compare: {field: init, values: [zeros]}", "panel.compare.values"),
        ("  views: [compare]\n  compare: {field: learning_rate, values: [0.1, 0.1]}", "panel.compare.values[1]"),
        ("  views: [compare]\n  compare: {field: batch, values: [full, 0]}", "panel.compare.values[1]"),
        (
            "  views: [compare]\n  compare: {field: init, values: [zeros, he], iterations: 0}",
            "panel.compare.iterations",
        ),
        ("  views: [compare]\n  compare: {field: init, values: [zeros, he], steps: 5}", "panel.compare.steps"),
        ("  views: [compare]\n  compare: {field: hidden, values: [4, 2000]}", "panel.compare.values[1]"),
        ("  views: [compare]\n  compare: {field: hidden, values: [4, 2.5]}", "panel.compare.values[1]"),
        ("  views: [compare]\n  compare: {field: hidden, values: [0, 4]}", "panel.compare.values[0]"),
        ("  views: [compare]\n  compare: {field: cost, values: [mse, hinge]}", "panel.compare.values[1]"),
        ("  cost: hinge", "panel.cost"),
        ("  classes: 3", "panel.classes"),
        ("  learning_rate: 1e9", "panel.learning_rate"),
    ],
)
def test_panel_values_out_of_range(tmp_path, panel_line, field):
    text = (GOOD / "01-first.md").read_text()
    lines = text.split("\n")
    keys = {line.split(":")[0].strip() for line in panel_line.split("\n")}
    lines = [line for line in lines if not (line.startswith("  ") and line.split(":")[0].strip() in keys)]
    at = lines.index("panel:") + 1
    lines[at:at] = panel_line.split("\n")
    path = tmp_path / "01-case.md"
    path.write_text("\n".join(lines))
    with pytest.raises(LessonError) as info:
        load_lesson(path)
    assert info.value.field == field
    assert info.value.expected


def lesson_file(tmp_path, panel: str) -> Path:
    path = tmp_path / "01-x.md"
    path.write_text(f"---\nid: x\ntitle: X\nsections: [s]\npanel:\n{panel}\n---\n# X\n", encoding="utf-8")
    return path


def test_compare_hidden_sets_every_hidden_width_and_cost_the_cost(tmp_path):
    hidden = load_lesson(
        lesson_file(
            tmp_path,
            "  layers: [2, 4, 3, 1]\n  activations: [tanh, relu, sigmoid]\n"
            "  dataset: moons\n  views: [compare]\n"
            "  compare: {field: hidden, values: [1, 8]}",
        )
    ).panel
    assert [c.layers for _, c in hidden.compare_configs()] == [(2, 1, 1, 1), (2, 8, 8, 1)]
    cost = load_lesson(
        lesson_file(
            tmp_path,
            "  layers: [2, 4, 1]\n  activations: [tanh, sigmoid]\n"
            "  dataset: moons\n  views: [compare]\n"
            "  compare: {field: cost, values: [cross_entropy, mse]}",
        )
    ).panel
    assert [c.cost for _, c in cost.compare_configs()] == ["cross_entropy", "mse"]


def test_a_softmax_lesson_sets_cost_and_classes_and_refuses_mse(tmp_path):
    panel = "  layers: [2, 5, 3]\n  activations: [tanh, softmax]\n  dataset: spiral\n  classes: 3\n"
    spec = load_lesson(lesson_file(tmp_path, panel)).panel
    assert (spec.config.classes, spec.config.cost, spec.config.activations[-1]) == (3, "cross_entropy", "softmax")
    with pytest.raises(LessonError) as info:
        load_lesson(lesson_file(tmp_path, panel + "  cost: mse"))
    assert info.value.field == "panel.cost"
    with pytest.raises(LessonError) as info:
        load_lesson(
            lesson_file(tmp_path, panel + "  views: [compare]\n  compare: {field: cost, values: [cross_entropy, mse]}")
        )
    assert info.value.field == "panel.compare.values[1]" and "softmax" in info.value.problem


def test_compare_activation_needs_a_hidden_layer(tmp_path):
    path = tmp_path / "01-x.md"
    path.write_text(
        "---\nid: x\ntitle: X\nsections: [s]\npanel:\n  layers: [2, 1]\n  activations: [sigmoid]\n"
        "  dataset: blobs\n  views: [compare]\n  compare: {field: activation, values: [tanh, relu]}\n---\n# X\n"
    )
    with pytest.raises(LessonError) as info:
        load_lesson(path)
    assert info.value.field == "panel.compare.field"


# --- the check-lessons command -------------------------------------------------------


def test_check_command_on_shipped_lessons(capsys):
    assert main(["check-lessons"]) == 0
    assert capsys.readouterr().out.strip() == f"{len(LESSONS)} lessons OK"


def test_check_command_on_bad_lessons_prints_one_line_per_problem(capsys):
    assert main(["check-lessons", str(BAD)]) == 1
    out = capsys.readouterr().out.strip().splitlines()
    assert out[-1] == f"{len(BAD_CASES)} problems found"
    assert len(out) == len(BAD_CASES) + 1
    for line, name in zip(out, sorted(BAD_CASES)):
        assert name in line and "; expected " in line
    assert not any("Traceback" in line for line in out)


# --- text that would drive the terminal ----------------------------------------------

FIRST = (GOOD / "01-first.md").read_text(encoding="utf-8")
ESCAPES = {  # what each would do if printed raw
    "raw window title": ("title: The first lesson", "title: The \x1b]0;owned\x07 lesson", "front matter"),
    "title via a YAML escape": ("title: The first lesson", 'title: "\\e]52;c;aGk=\\a"', "title"),
    "section clears the screen": (
        "sections: [sigmoid and logistic regression]",
        'sections: [a, "\\x1b[2J"]',
        "sections[1]",
    ),
    "C1 control in a key": ("  dataset: flower", '  dataset: flower\n  "col\\x9bour": red', "panel.col\x9bour"),
    "body clears the screen": ("Some text.", "Some \x1b[2J text.", "body"),
    "id via a YAML escape": ("id: first", 'id: "first\\x07"', "id"),
}


@pytest.mark.parametrize("case", sorted(ESCAPES))
def test_control_characters_are_refused_naming_the_field_and_never_printed_raw(tmp_path, capsys, case):
    old, new, field = ESCAPES[case]
    path = tmp_path / "01-escape.md"
    path.write_text(FIRST.replace(old, new), encoding="utf-8")
    with pytest.raises(LessonError) as info:
        load_lesson(path)
    assert info.value.field == field and "control character" in info.value.problem
    assert main(["check-lessons", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "01-escape.md" in out and ("\\x1b" in out or "\\x07" in out or "\\x9b" in out)
    assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]", out)


def test_check_lessons_prints_file_names_and_unknown_keys_escaped(tmp_path, capsys):
    (tmp_path / "01-first.md").write_text(
        FIRST.replace("  dataset: flower", '  dataset: flower\n  "x\\e[2J": 1'), encoding="utf-8"
    )
    (tmp_path / "02-\x1b]0;title\x07.md").write_text(FIRST.replace("id: first", "id: second"), encoding="utf-8")
    assert main(["check-lessons", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "panel.x\\x1b[2J" in out and "02-\\x1b]0;title\\x07.md" in out
    assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]", out)


@pytest.mark.parametrize(
    "link",
    [
        "[run](javascript:alert(1))",
        "<file:///etc/passwd>",
        "![x](data:text/html,hi)",
        "[x](/etc/passwd)",
        "[mail](mailto:a@b.c)",
        "[X](JavaScript:alert(1))",
    ],
)
def test_links_other_than_the_web_are_refused(tmp_path, link):
    path = tmp_path / "01-link.md"
    path.write_text(FIRST + f"\nSee {link} here.\n", encoding="utf-8")
    with pytest.raises(LessonError) as info:
        load_lesson(path)
    assert info.value.field == "body" and "line 15" in info.value.problem and "http" in info.value.expected


def test_web_links_anchors_and_tabs_are_fine(tmp_path):
    path = tmp_path / "01-link.md"
    path.write_text(FIRST + "\n[a](https://example.com) [b](http://x.org) [c](#a-good-lesson)\tok\n", encoding="utf-8")
    assert "https://example.com" in load_lesson(path).body


# --- files that once stopped every lesson from loading ---------------------------------


@pytest.fixture(scope="module")
def bad_folder(tmp_path_factory):
    from fixtures.bad_lessons import write_bad_lessons

    return write_bad_lessons(tmp_path_factory.mktemp("hostile") / "lessons")


def test_hostile_files_are_each_named_and_the_good_lessons_load(bad_folder):
    from fixtures.bad_lessons import BAD_KINDS, GOOD_IDS

    lessons, errors = load_lessons(bad_folder)
    assert [lesson.id for lesson in lessons] == GOOD_IDS
    found = {e.path.name: e for e in errors}
    assert sorted(found) == sorted(BAD_KINDS)
    for name, (field, words) in BAD_KINDS.items():
        assert found[name].field == field and words in str(found[name]), str(found[name])


@pytest.mark.parametrize("name", ["06-fifo.md", "07-dev-zero.md", "05-symlink-loop.md"])
def test_special_files_are_refused_without_being_read(bad_folder, name):
    with pytest.raises(LessonError) as info:
        load_lesson(bad_folder / name)  # returns at once: a fifo would block a plain open()
    assert info.value.field == "file"


def test_any_other_failure_in_one_file_names_it_and_the_others_load(tmp_path, monkeypatch):
    from nn_tutor.lessons import folder

    for src in GOOD.glob("*.md"):
        (tmp_path / src.name).write_bytes(src.read_bytes())
    real = folder.check_lesson

    def fails_on_second(path, *args):
        if path.name == "02-second.md":
            raise MemoryError("out of memory")
        return real(path, *args)

    monkeypatch.setattr(folder, "check_lesson", fails_on_second)
    lessons, errors = load_lessons(tmp_path)
    assert [lesson.id for lesson in lessons] == ["first"]
    assert errors[0].path.name == "02-second.md" and "MemoryError: out of memory" in str(errors[0])


def test_a_date_yaml_cannot_make_is_named(tmp_path):
    path = tmp_path / "01-date.md"
    path.write_text(FIRST.replace("title: The first lesson", "title: 2024-13-45"), encoding="utf-8")
    with pytest.raises(LessonError) as info:
        load_lesson(path)
    assert info.value.field == "front matter" and "month" in info.value.problem


@pytest.mark.parametrize(
    ("body", "words"),
    [("word " * 14_000, "KiB"), ("x\n\n" * 201, "202 blocks"), ("- item\n" * 150, "blocks")],
    ids=["70 KiB", "paragraphs", "list"],
)
def test_a_body_too_long_to_draw_quickly_is_refused(tmp_path, body, words):
    path = tmp_path / "01-long.md"
    path.write_text(FIRST.replace("Some text.", body), encoding="utf-8")
    with pytest.raises(LessonError) as info:
        load_lesson(path)
    assert info.value.field == "body" and words in info.value.problem and "split" in info.value.expected


def test_front_matter_is_bounded(tmp_path):
    path = tmp_path / "01-yaml.md"
    path.write_text(FIRST.replace("quiz: [sigmoid]", "quiz: [" + "sigmoid, " * 2000 + "sigmoid]"), encoding="utf-8")
    with pytest.raises(LessonError) as info:
        load_lesson(path)
    assert info.value.field == "front matter" and "KiB" in info.value.problem


@pytest.mark.parametrize(
    ("layers", "extra", "field", "words"),
    [
        ([2, 1_000_000, 1], "", "panel.layers[1]", "from 1 to 1000"),
        ([2, *[4] * 30, 1], "", "panel.layers", "2 to 21 layer sizes"),
        ([2, 1000, 1000, 1], "  m: 20000\n", "panel.layers", "at most 4,000,000"),
    ],
    ids=["a million units", "31 layers", "units times examples"],
)
def test_the_network_a_lesson_asks_for_is_bounded(tmp_path, layers, extra, field, words):
    acts = ", ".join(["tanh"] * (len(layers) - 2) + ["sigmoid"])
    path = tmp_path / "01-big.md"
    path.write_text(
        FIRST.replace(
            "  layers: [2, 4, 1]\n  activations: [tanh, sigmoid]\n",
            f"  layers: {layers}\n  activations: [{acts}]\n{extra}",
        ),
        encoding="utf-8",
    )
    with pytest.raises(LessonError) as info:
        load_lesson(path)
    assert info.value.field == field and words in str(info.value)


# --- check-lessons on any console, folders of any length --------------------------------


def test_check_lessons_under_an_ascii_console(tmp_path):
    import os
    import subprocess
    import sys

    (tmp_path / "01-café.md").write_text(
        FIRST.replace("activations: [tanh, sigmoid]", "activations: [σ, sigmoid]"), encoding="utf-8"
    )
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    run = subprocess.run(
        [sys.executable, "-m", "nn_tutor", "check-lessons", str(tmp_path)],
        env=env,
        capture_output=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    assert run.returncode == 1, run.stderr
    out = run.stdout.decode("ascii")
    assert "01-caf\\xe9.md" in out and "unknown activation '\\u03c3'" in out and "2 problems found" in out
    assert b"Traceback" not in run.stderr


def test_a_folder_of_more_than_a_hundred_lessons_is_in_order(tmp_path):
    for n in range(1, 121):
        (tmp_path / f"{n:02d}-lesson-{n}.md").write_text(
            FIRST.replace("id: first", f"id: lesson-{n}"), encoding="utf-8"
        )
    assert check_lessons(tmp_path) == []
    lessons, _ = load_lessons(tmp_path)
    assert [lesson.id for lesson in lessons] == [f"lesson-{n}" for n in range(1, 121)]
    (tmp_path / "1000-too-far.md").write_text(FIRST.replace("id: first", "id: far"), encoding="utf-8")
    assert [line.split(": ")[1] for line in check_lessons(tmp_path)] == ["file name"]


def test_compare_values_train_what_the_model_compares(tmp_path):
    spec = load_lesson(
        lesson_file(
            tmp_path,
            "  layers: [2, 1]\n  activations: [sigmoid]\n  dataset: moons\n"
            "  views: [compare]\n  compare: {field: hidden, values: [2, 16]}",
        )
    ).panel
    assert [c.layers for _, c in spec.compare_configs()] == [(2, 2, 1), (2, 16, 1)]
