"""The lesson files and their loader: every shipped lesson loads, trains and reads well;
every malformed file is reported by file, field and what was expected."""

import re
from pathlib import Path

import numpy as np
import pytest

from nn_tutor.lessons import (
    QUIZ_TOPICS,
    VIEWS,
    Lesson,
    LessonError,
    PanelSpec,
    check_command,
    check_lessons,
    default_lessons_dir,
    load_lesson,
    load_lessons,
)
from nn_tutor.model import ACTIVATIONS, DATASETS, INITS, Trainer

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
APP_KEYS = {"space", ".", "r", "s", "0", "+", "-", "[", "]", "a", "i", "d", "g", "v", "n", "p", "t", "k", "?", "q"}


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
    trainer = Trainer(**spec.trainer_kwargs())
    assert trainer.run(10) == 10
    snap = trainer.snapshot()
    assert snap.iteration == 10
    assert np.isfinite(snap.cost)
    for value, kwargs in spec.compare_runs():
        other = Trainer(**kwargs)
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
    assert keys <= APP_KEYS, keys - APP_KEYS


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
    assert spec.layers == (2, 4, 1)
    assert spec.activations == ("tanh", "sigmoid")
    assert spec.init == "small_random"
    assert spec.learning_rate == 1.2
    assert spec.batch == "full"
    assert spec.seed == 1
    assert spec.m == 400
    assert spec.views == ("forward", "gradients", "cost")
    assert spec.compare is None


def test_trainer_kwargs_are_exactly_what_the_trainer_takes():
    spec = load_lesson(GOOD / "01-first.md").panel
    kwargs = spec.trainer_kwargs()
    assert set(kwargs) == {"layers", "activations", "init", "dataset", "learning_rate", "batch", "seed", "m"}
    assert Trainer(**kwargs).settings()["layers"] == spec.layers


def test_lessons_and_specs_are_immutable():
    lesson = load_lesson(GOOD / "01-first.md")
    with pytest.raises(AttributeError):
        lesson.title = "changed"
    with pytest.raises(AttributeError):
        lesson.panel.learning_rate = 5.0
    assert hash(lesson.panel) == hash(load_lesson(GOOD / "01-first.md").panel)


def test_compare_runs_change_only_the_compared_field():
    spec = BY_FILE["14-why-non-linear.md"].panel
    runs = spec.compare_runs()
    assert [value for value, _ in runs] == list(spec.compare["values"])
    for value, kwargs in runs:
        assert kwargs["activations"] == [value] * (len(spec.layers) - 2) + ["sigmoid"]
        assert {k: v for k, v in kwargs.items() if k != "activations"} == {
            k: v for k, v in spec.trainer_kwargs().items() if k != "activations"
        }


def test_schema_documents_every_name_the_model_and_app_accept():
    import nn_tutor.lessons as module

    doc = module.__doc__
    for name in (*ACTIVATIONS, *INITS, *DATASETS, *VIEWS, *QUIZ_TOPICS):
        assert name in doc, name


# --- the loader on bad input ---------------------------------------------------------

# file -> (field the error names, words of what was expected)
BAD_CASES = {
    "01-bad-yaml.md": ("front matter", "valid YAML"),
    "02-no-front-matter.md": ("front matter", "'---'"),
    "03-unknown-activation.md": ("panel.activations[0]", "one of sigmoid, tanh, relu, leaky_relu, linear"),
    "04-missing-title.md": ("title", "required"),
    "05-wrong-type.md": ("panel.learning_rate", "a number greater than 0"),
    "06-shapes.md": ("panel.activations", "len(layers) - 1"),
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
        ("  views: [compare]\n  compare: {field: init, values: [zeros, he], iterations: 0}", "panel.compare.iterations"),
        ("  views: [compare]\n  compare: {field: init, values: [zeros, he], steps: 5}", "panel.compare.steps"),
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
    assert check_command(None) == 0
    assert capsys.readouterr().out.strip() == f"{len(LESSONS)} lessons OK"


def test_check_command_on_bad_lessons_prints_one_line_per_problem(capsys):
    assert check_command(str(BAD)) == 1
    out = capsys.readouterr().out.strip().splitlines()
    assert out[-1] == f"{len(BAD_CASES)} problems found"
    assert len(out) == len(BAD_CASES) + 1
    for line, name in zip(out, sorted(BAD_CASES)):
        assert name in line and "; expected " in line
    assert not any("Traceback" in line for line in out)
