"""Lesson files: loading and validation.

A lesson is one markdown file, ``lessons/NN-slug.md``, in teaching order by file name.
It starts with YAML front matter between two ``---`` lines; the markdown after it is
the lesson text. The front matter says what the lesson is and what the model panel
beside it should train and show::

    ---
    id: sigmoid-neuron            # required; unique; lower-case letters, digits and '-'
    title: The neuron and the sigmoid        # required; non-empty text
    sections: [sigmoid and logistic regression]   # required; non-empty list of text
    panel:                        # required
      layers: [2, 1]              # required; ints >= 1, at least two; the first is the
                                  #   dataset's input size (2 for every dataset), the last 1
      activations: [sigmoid]      # required; one per layer after the input, so
                                  #   len(layers) - 1 names from sigmoid, tanh, relu,
                                  #   leaky_relu, linear; the last must be sigmoid
      dataset: flower             # required; flower | xor | circles | moons | blobs | spiral
      init: small_random          # default small_random; zeros | small_random |
                                  #   large_random | xavier | he
      learning_rate: 1.2          # default 1.2; a number > 0
      batch: full                 # default full; full | sgd | a mini-batch size, an
                                  #   integer from 1 to m
      seed: 1                     # default 1; an integer from 0 to 2147483647
      m: 400                      # default 400; number of examples, from 2 to 20000
      views: [forward, gradients, cost]   # default [forward, gradients, cost]; a
                                  #   non-empty list without repeats, from forward,
                                  #   gradients, cost, activation, boundary, graph,
                                  #   gradient_norms, symmetry, gradcheck, loss_shape,
                                  #   compare ('symmetry' needs a hidden layer)
      compare:                    # required if and only if views has 'compare'
        field: learning_rate      # learning_rate | batch | activation | init | hidden | cost
        values: [0.01, 1.2, 10]   # 2 to 4 different values, each valid for that field
                                  #   ('activation' replaces every hidden activation,
                                  #   so it needs a hidden layer)
        iterations: 300           # default 300; an integer from 1 to 20000
    quiz: [sigmoid, logistic]     # default []; topics from sigmoid, tanh, relu,
                                  #   leaky_relu, symbolic, chain, shared_node, logistic,
                                  #   mse, two_layer, shapes, update, vanishing, softmax,
                                  #   shapes_k
    ---

Any other key is an error (it is usually a typo). The text after the front matter must
not be empty. The file must be UTF-8. ``nn-tutor check-lessons [DIR]`` checks a folder
of lessons and names, for every problem, the file, the field and what was expected.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from nn_tutor.names import ACTIVATIONS, COMPARE_FIELDS, COSTS, DATASETS, INITS, MAX_SEED, QUIZ_TOPICS

MAX_EXAMPLES = 20_000  # a panel redraws the whole set many times a second

VIEWS = (
    "forward",
    "gradients",
    "cost",
    "activation",
    "boundary",
    "graph",
    "gradient_norms",
    "symmetry",
    "gradcheck",
    "loss_shape",
    "compare",
)
BATCH_WORDS = ("full", "sgd")
# Every dataset the model ships has two input features.
INPUT_FEATURES = 2
OUTPUT_ACTIVATION = "sigmoid"
MAX_COMPARE_ITERATIONS = 20000

PANEL_DEFAULTS: dict[str, Any] = {
    "init": "small_random",
    "learning_rate": 1.2,
    "batch": "full",
    "seed": 1,
    "m": 400,
    "views": ("forward", "gradients", "cost"),
}
COMPARE_DEFAULTS: dict[str, Any] = {"iterations": 300}

_TOP_KEYS = ("id", "title", "sections", "panel", "quiz")
_PANEL_KEYS = (
    "layers",
    "activations",
    "dataset",
    "init",
    "learning_rate",
    "batch",
    "seed",
    "m",
    "views",
    "compare",
)
_COMPARE_KEYS = ("field", "values", "iterations")
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_FILE_NAME_RE = re.compile(r"^\d{2}-[a-z0-9][a-z0-9-]*\.md$")


def _display(path: Path) -> str:
    """The path as a reader would type it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


class LessonError(Exception):
    """A lesson file that cannot be used: which file, which field, and what was expected."""

    def __init__(self, path: Path | str, field: str, problem: str, expected: str = ""):
        self.path = Path(path)
        self.field = field
        self.problem = problem
        self.expected = expected
        super().__init__(str(self))

    def __str__(self) -> str:
        text = f"{_display(self.path)}: {self.field}: {self.problem}"
        return f"{text}; expected {self.expected}" if self.expected else text


@dataclass(frozen=True)
class PanelSpec:
    """What the model panel beside a lesson trains and shows."""

    layers: tuple[int, ...]
    activations: tuple[str, ...]
    init: str
    dataset: str
    learning_rate: float
    batch: str | int
    seed: int
    m: int
    views: tuple[str, ...]
    # {"field": str, "values": tuple, "iterations": int}, or None
    compare: dict[str, Any] | None = field(default=None, hash=False)

    def trainer_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for ``nn_tutor.model.Trainer``."""
        return {
            "layers": list(self.layers),
            "activations": list(self.activations),
            "init": self.init,
            "dataset": self.dataset,
            "learning_rate": self.learning_rate,
            "batch": self.batch,
            "seed": self.seed,
            "m": self.m,
        }

    def compare_runs(self) -> list[tuple[Any, dict[str, Any]]]:
        """One ``(value, trainer kwargs)`` pair per value of the ``compare`` block."""
        if self.compare is None:
            return []
        from nn_tutor.model.demos import compare_settings

        return compare_settings(self.trainer_kwargs(), self.compare["field"], self.compare["values"])


@dataclass(frozen=True)
class Lesson:
    """One lesson: its front matter, checked, and its markdown text."""

    id: str
    title: str
    sections: tuple[str, ...]
    panel: PanelSpec
    quiz: tuple[str, ...]
    body: str
    path: Path


def default_lessons_dir() -> Path:
    """The shipped lessons: inside an installed wheel, else the repository's lessons/."""
    import nn_tutor

    installed = Path(nn_tutor.__file__).parent / "_lessons"
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parents[1] / "lessons"


# --- reading -------------------------------------------------------------------------


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise LessonError(path, "file", "is a folder", "a markdown file") from None
    except OSError as exc:
        raise LessonError(path, "file", f"cannot be read ({exc.strerror})", "a readable file") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1].hex()
        raise LessonError(
            path, "file", f"is not UTF-8 text (byte 0x{bad} at offset {exc.start})", "UTF-8 text"
        ) from None
    if not text.strip():
        raise LessonError(path, "file", "is empty", "front matter between '---' lines, then markdown")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _split_front_matter(path: Path, text: str) -> tuple[str, str, int]:
    """(yaml text, markdown body, line number where the yaml starts)."""
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        raise LessonError(
            path, "front matter", "missing", "the first line to be '---', then YAML, then '---'"
        )
    for i in range(1, len(lines)):
        if lines[i].rstrip() == "---":
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1 :]), 2
    raise LessonError(path, "front matter", "has no closing '---' line", "YAML between two '---' lines")


def _parse_yaml(path: Path, source: str, first_line: int) -> dict[str, Any]:
    try:
        data = yaml.safe_load(source)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + first_line}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise LessonError(path, "front matter", f"is not valid YAML{where} ({problem})", "valid YAML") from None
    if data is None:
        raise LessonError(path, "front matter", "is empty", "the fields id, title, sections and panel")
    if not isinstance(data, dict):
        raise LessonError(
            path, "front matter", f"is a {_kind(data)}", "a mapping of fields (id, title, sections, panel)"
        )
    return data


# --- checking values -----------------------------------------------------------------


def _kind(value: Any) -> str:
    if value is None:
        return "empty value"
    if isinstance(value, bool):
        return f"boolean {value!r}".replace("True", "true").replace("False", "false")
    if isinstance(value, (int, float)):
        return f"number {value!r}"
    if isinstance(value, str):
        return f"text {value!r}"
    if isinstance(value, (list, tuple)):
        return "list"
    if isinstance(value, dict):
        return "mapping"
    return type(value).__name__


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return (_is_int(value) or isinstance(value, float)) and math.isfinite(value)


def _one_of(names: tuple[str, ...]) -> str:
    return "one of " + ", ".join(names)


class _Checker:
    """Checks one file's front matter; every failure names the field."""

    def __init__(self, path: Path):
        self.path = path

    def fail(self, name: str, problem: str, expected: str = "") -> LessonError:
        return LessonError(self.path, name, problem, expected)

    def no_unknown_keys(self, data: dict, known: tuple[str, ...], prefix: str) -> None:
        for key in data:
            if key not in known:
                raise self.fail(f"{prefix}{key}", "unknown field", _one_of(known))

    def text(self, value: Any, name: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(name, f"is {_kind(value)}", "non-empty text")
        return value.strip()

    def name_from(self, value: Any, name: str, names: tuple[str, ...], what: str) -> str:
        if not isinstance(value, str):
            raise self.fail(name, f"is {_kind(value)}", _one_of(names))
        if value not in names:
            raise self.fail(name, f"unknown {what} {value!r}", _one_of(names))
        return value

    def list_of(self, value: Any, name: str, expected: str) -> list:
        if not isinstance(value, list):
            raise self.fail(name, f"is {_kind(value)}", expected)
        return value

    def learning_rate(self, value: Any, name: str) -> float:
        if not _is_number(value) or value <= 0:
            raise self.fail(name, f"is {_kind(value)}", "a number greater than 0")
        return float(value)

    def batch(self, value: Any, name: str, m: int) -> str | int:
        expected = f"full, sgd, or a mini-batch size from 1 to m ({m})"
        if isinstance(value, str):
            if value not in BATCH_WORDS:
                raise self.fail(name, f"unknown batch {value!r}", expected)
            return value
        if not _is_int(value) or not 1 <= value <= m:
            raise self.fail(name, f"is {_kind(value)}", expected)
        return value


def _check_front_matter(path: Path, data: dict[str, Any], body: str) -> Lesson:
    c = _Checker(path)
    c.no_unknown_keys(data, _TOP_KEYS, "")
    for key in ("id", "title", "sections", "panel"):
        if key not in data:
            raise c.fail(key, "missing", "a value (id, title, sections and panel are required)")

    lesson_id = data["id"]
    if not isinstance(lesson_id, str) or not _ID_RE.match(lesson_id):
        shown = repr(lesson_id) if isinstance(lesson_id, str) else _kind(lesson_id)
        raise c.fail("id", f"invalid id {shown}", "lower-case letters, digits and '-', like 'sigmoid-neuron'")
    title = c.text(data["title"], "title")

    sections = c.list_of(data["sections"], "sections", "a non-empty list of syllabus sections")
    if not sections:
        raise c.fail("sections", "is an empty list", "at least one syllabus section")
    sections = tuple(c.text(s, f"sections[{i}]") for i, s in enumerate(sections))

    quiz = c.list_of([] if data.get("quiz") is None else data["quiz"], "quiz", "a list of quiz topics")
    quiz = tuple(c.name_from(q, f"quiz[{i}]", QUIZ_TOPICS, "quiz topic") for i, q in enumerate(quiz))

    panel = data["panel"]
    if not isinstance(panel, dict):
        raise c.fail("panel", f"is {_kind(panel)}", "a mapping with layers, activations and dataset")
    c.no_unknown_keys(panel, _PANEL_KEYS, "panel.")
    for key in ("layers", "activations", "dataset"):
        if key not in panel:
            raise c.fail(f"panel.{key}", "missing", "a value (layers, activations and dataset are required)")
    values = {**PANEL_DEFAULTS, **panel}

    layers = c.list_of(values["layers"], "panel.layers", "a list of layer sizes like [2, 4, 1]")
    if len(layers) < 2:
        raise c.fail("panel.layers", f"has {len(layers)} size(s)", "at least two sizes: input and output")
    for i, n in enumerate(layers):
        if not _is_int(n) or n < 1:
            raise c.fail(f"panel.layers[{i}]", f"is {_kind(n)}", "an integer >= 1")
    if layers[0] != INPUT_FEATURES:
        raise c.fail(
            "panel.layers[0]", f"is {layers[0]}", f"{INPUT_FEATURES}, the number of input features of every dataset"
        )
    if layers[-1] != 1:
        raise c.fail(f"panel.layers[{len(layers) - 1}]", f"is {layers[-1]}", "1, one sigmoid output unit")
    layers = tuple(layers)

    acts = c.list_of(values["activations"], "panel.activations", "a list of activation names")
    if len(acts) != len(layers) - 1:
        raise c.fail(
            "panel.activations",
            f"has {len(acts)} name(s) for {len(layers) - 1} layer(s) after the input",
            f"{len(layers) - 1}, one per layer after the input (len(layers) - 1)",
        )
    acts = tuple(c.name_from(a, f"panel.activations[{i}]", ACTIVATIONS, "activation") for i, a in enumerate(acts))
    if acts[-1] != OUTPUT_ACTIVATION:
        raise c.fail(
            f"panel.activations[{len(acts) - 1}]",
            f"output activation is {acts[-1]!r}",
            f"{OUTPUT_ACTIVATION}, since the cost is cross-entropy on a probability",
        )

    init = c.name_from(values["init"], "panel.init", INITS, "init")
    dataset = c.name_from(values["dataset"], "panel.dataset", DATASETS, "dataset")
    learning_rate = c.learning_rate(values["learning_rate"], "panel.learning_rate")
    seed = values["seed"]
    if not _is_int(seed) or not 0 <= seed <= MAX_SEED:
        raise c.fail("panel.seed", f"is {_kind(seed)}", f"an integer from 0 to {MAX_SEED}")
    m = values["m"]
    if not _is_int(m) or not 2 <= m <= MAX_EXAMPLES:
        raise c.fail("panel.m", f"is {_kind(m)}", f"an integer from 2 to {MAX_EXAMPLES}")
    batch = c.batch(values["batch"], "panel.batch", m)

    views = c.list_of(list(values["views"]), "panel.views", "a list of views")
    if not views:
        raise c.fail("panel.views", "is an empty list", "at least one of " + ", ".join(VIEWS))
    views = tuple(c.name_from(v, f"panel.views[{i}]", VIEWS, "view") for i, v in enumerate(views))
    for i, v in enumerate(views):
        if v in views[:i]:
            raise c.fail(f"panel.views[{i}]", f"repeats {v!r}", "each view at most once")
    if "symmetry" in views and len(layers) < 3:
        raise c.fail("panel.views", "has 'symmetry' but the network has no hidden layer", "layers like [2, 4, 1]")

    compare = _check_compare(c, panel.get("compare"), "compare" in views, layers, ACTIVATIONS, INITS, m)

    if not body.strip():
        raise c.fail("body", "is empty", "the lesson's markdown after the closing '---'")

    spec = PanelSpec(
        layers=layers,
        activations=acts,
        init=init,
        dataset=dataset,
        learning_rate=learning_rate,
        batch=batch,
        seed=seed,
        m=m,
        views=views,
        compare=compare,
    )
    return Lesson(
        id=lesson_id, title=title, sections=sections, panel=spec, quiz=quiz, body=body.strip() + "\n", path=path
    )


def _check_compare(
    c: _Checker,
    block: Any,
    wanted: bool,
    layers: tuple[int, ...],
    activations_ok: tuple[str, ...],
    inits_ok: tuple[str, ...],
    m: int,
) -> dict[str, Any] | None:
    if block is None:
        if wanted:
            raise c.fail("panel.compare", "missing", "a compare block (field, values), since views has 'compare'")
        return None
    if not wanted:
        raise c.fail("panel.compare", "given but views has no 'compare'", "'compare' in panel.views, or no block")
    if not isinstance(block, dict):
        raise c.fail("panel.compare", f"is {_kind(block)}", "a mapping with field, values and iterations")
    c.no_unknown_keys(block, _COMPARE_KEYS, "panel.compare.")
    for key in ("field", "values"):
        if key not in block:
            raise c.fail(f"panel.compare.{key}", "missing", "a value (field and values are required)")
    name = c.name_from(block["field"], "panel.compare.field", COMPARE_FIELDS, "compare field")
    raw = c.list_of(block["values"], "panel.compare.values", "a list of 2 to 4 values")
    if not 2 <= len(raw) <= 4:
        raise c.fail("panel.compare.values", f"has {len(raw)} value(s)", "2 to 4 values")
    values = []
    for i, v in enumerate(raw):
        where = f"panel.compare.values[{i}]"
        if name == "learning_rate":
            v = c.learning_rate(v, where)
        elif name == "batch":
            v = c.batch(v, where, m)
        elif name == "activation":
            v = c.name_from(v, where, activations_ok, "activation")
        elif name == "hidden":
            if not _is_int(v) or not 1 <= v <= 1000:
                raise c.fail(where, f"is {_kind(v)}", "a number of hidden units from 1 to 1000")
        elif name == "cost":
            v = c.name_from(v, where, COSTS, "cost")
        else:
            v = c.name_from(v, where, inits_ok, "init")
        if v in values:
            raise c.fail(where, f"repeats {v!r}", "different values")
        values.append(v)
    if name == "activation" and len(layers) < 3:
        raise c.fail(
            "panel.compare.field", "is 'activation' but the network has no hidden layer", "layers like [2, 4, 1]"
        )
    iterations = block.get("iterations", COMPARE_DEFAULTS["iterations"])
    if not _is_int(iterations) or not 1 <= iterations <= MAX_COMPARE_ITERATIONS:
        raise c.fail("panel.compare.iterations", f"is {_kind(iterations)}", f"an integer from 1 to {MAX_COMPARE_ITERATIONS}")
    return {"field": name, "values": tuple(values), "iterations": iterations}


# --- public API ----------------------------------------------------------------------


def load_lesson(path: Path | str) -> Lesson:
    """Read and check one lesson file; raise LessonError naming the field at fault."""
    path = Path(path)
    text = _read_text(path)
    source, body, first_line = _split_front_matter(path, text)
    data = _parse_yaml(path, source, first_line)
    return _check_front_matter(path, data, body)


def load_lessons(directory: Path | str | None = None) -> tuple[list[Lesson], list[LessonError]]:
    """Every ``*.md`` lesson in a folder, sorted by file name, and the errors of those that failed.

    A bad file does not stop the others from loading. A second file with an id already
    used is an error too.
    """
    folder = Path(directory) if directory is not None else default_lessons_dir()
    if not folder.is_dir():
        what = "does not exist" if not folder.exists() else "is not a folder"
        return [], [LessonError(folder, "folder", what, "a folder of lesson files")]
    lessons: list[Lesson] = []
    errors: list[LessonError] = []
    seen: dict[str, Path] = {}
    for path in sorted(folder.glob("*.md"), key=lambda p: p.name):
        try:
            lesson = load_lesson(path)
        except LessonError as exc:
            errors.append(exc)
            continue
        if lesson.id in seen:
            errors.append(
                LessonError(path, "id", f"duplicate id {lesson.id!r}, already used by {seen[lesson.id].name}", "a unique id")
            )
            continue
        seen[lesson.id] = path
        lessons.append(lesson)
    return lessons, errors


def _check(folder: Path) -> tuple[list[Lesson], list[str]]:
    lessons, errors = load_lessons(folder)
    problems = [str(e) for e in errors]
    if folder.is_dir():
        names = sorted(p.name for p in folder.glob("*.md"))
        if not names:
            problems.append(f"{_display(folder)}: folder: has no lessons; expected files named NN-slug.md")
        for name in names:
            if not _FILE_NAME_RE.match(name):
                problems.append(
                    f"{_display(folder / name)}: file name: {name!r} does not sort in teaching order; "
                    "expected NN-slug.md, like 01-sigmoid-neuron.md"
                )
    return lessons, problems


def check_lessons(directory: Path | str | None = None) -> list[str]:
    """Human-readable problems with a folder of lessons; an empty list when all is well."""
    return _check(Path(directory) if directory is not None else default_lessons_dir())[1]


def check_command(directory: str | None) -> int:
    """``nn-tutor check-lessons [DIR]``: print the problems, or how many lessons are fine."""
    lessons, problems = _check(Path(directory) if directory is not None else default_lessons_dir())
    if problems:
        for line in problems:
            print(line)
        print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found")
        return 1
    print(f"{len(lessons)} lesson{'s' if len(lessons) != 1 else ''} OK")
    return 0
