"""Checking a lesson's front matter and body, field by field, into a Lesson.

The schema is documented once, in README.md ("Writing your own lessons"); a test checks
that every key accepted here appears there and the other way round. The network itself
(`panel:` minus views and compare) is a NetworkConfig: its own validate() checks it, and
its errors are reported here as `panel.<field>`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from nn_tutor.lessons.lesson import Lesson, LessonError, PanelSpec
from nn_tutor.lessons.text import control_in_values, count_blocks, parse_markdown, refused_link
from nn_tutor.model.compare import compare_configs
from nn_tutor.model.config import ConfigError, NetworkConfig, check_batch, describe, is_whole, one_of
from nn_tutor.names import COMPARE_FIELDS, QUIZ_TOPICS
from nn_tutor.ui.views import CORE_VIEWS
from nn_tutor.ui.views import VIEWS as VIEW_REGISTRY

VIEWS = tuple(VIEW_REGISTRY)  # the panel's views, declared once in nn_tutor.ui.views
DEFAULT_VIEWS = CORE_VIEWS
INPUT_FEATURES = 2  # every data set the model ships has two input features
MAX_COMPARE_ITERATIONS = 20_000
DEFAULT_COMPARE_ITERATIONS = 300

TOP_KEYS = ("id", "title", "sections", "panel", "quiz")
CONFIG_KEYS = ("layers", "activations", "dataset", "init", "learning_rate", "batch", "seed", "m", "cost", "classes")
PANEL_KEYS = (*CONFIG_KEYS, "views", "compare")
COMPARE_KEYS = ("field", "values", "iterations")
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# a lesson page is read beside the panel: a body this long should be split
MAX_BODY_BYTES = 64 * 1024
MAX_BLOCKS = 200  # the longest shipped lesson has under 40


class _Checker:
    """Checks one file's front matter; every failure names the field."""

    def __init__(self, path: Path):
        self.path = path

    def fail(self, name: str, problem: str, expected: str = "") -> LessonError:
        return LessonError(self.path, name, problem, expected)

    def mapping(self, data: Any, name: str, known: tuple[str, ...], required: tuple[str, ...]) -> dict:
        """`data` as a mapping with only `known` keys and every `required` one."""
        prefix = f"{name}." if name else ""
        if not isinstance(data, dict):
            raise self.fail(name, f"is {describe(data)}", "a mapping with " + ", ".join(required))
        for key in data:
            if key not in known:
                raise self.fail(f"{prefix}{key}", "unknown field", one_of(known))
        for key in required:
            if key not in data:
                raise self.fail(f"{prefix}{key}", "missing", f"a value ({', '.join(required)} are required)")
        return data

    def text(self, value: Any, name: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(name, f"is {describe(value)}", "non-empty text")
        return value.strip()

    def list_of(self, value: Any, name: str, expected: str) -> list:
        if not isinstance(value, list):
            raise self.fail(name, f"is {describe(value)}", expected)
        return value

    def names(self, value: Any, name: str, names: tuple[str, ...], what: str) -> tuple[str, ...]:
        """A list of names from `names`, each at most once."""
        items = self.list_of(value, name, f"a list of {what}s")
        for i, item in enumerate(items):
            if not isinstance(item, str) or item not in names:
                shown = f"unknown {what} {item!r}" if isinstance(item, str) else f"is {describe(item)}"
                raise self.fail(f"{name}[{i}]", shown, one_of(names))
            if item in items[:i]:
                raise self.fail(f"{name}[{i}]", f"repeats {item!r}", f"each {what} at most once")
        return tuple(items)

    def config(self, settings: dict, prefix: str) -> NetworkConfig:
        try:
            return NetworkConfig(**settings)
        except ConfigError as err:
            raise self.fail(f"{prefix}{err.field}", err.problem, err.expected) from None


def check_lesson(path: Path, data: dict[str, Any], body: str, body_line: int = 1, markdown: bool = True) -> Lesson:
    """The Lesson a file's parsed front matter and body describe; LessonError naming the field at fault.
    `body_line` is the file's line number where the body starts; `markdown=False` leaves the
    body's markdown (its links and its number of blocks) unchecked, for the first lesson shown
    (its folder is checked in full a moment later)."""
    c = _Checker(path)
    found = control_in_values(data)  # YAML escapes ("\e", "\x1b") give them too
    if found is not None:
        raise c.fail(
            found[0],
            f"holds the control character {found[1]}",
            "text without control characters (only newline and tab)",
        )
    c.mapping(data, "", TOP_KEYS, ("id", "title", "sections", "panel"))
    lesson_id = data["id"]
    if not isinstance(lesson_id, str) or not ID_RE.match(lesson_id):
        shown = repr(lesson_id) if isinstance(lesson_id, str) else describe(lesson_id)
        raise c.fail("id", f"invalid id {shown}", "lower-case letters, digits and '-', like 'sigmoid-neuron'")
    title = c.text(data["title"], "title")
    sections = c.list_of(data["sections"], "sections", "a non-empty list of syllabus sections")
    if not sections:
        raise c.fail("sections", "is an empty list", "at least one syllabus section")
    sections = tuple(c.text(s, f"sections[{i}]") for i, s in enumerate(sections))
    quiz = c.names([] if data.get("quiz") is None else data["quiz"], "quiz", QUIZ_TOPICS, "quiz topic")
    panel = check_panel(c, data["panel"])
    tokens = check_body(c, body, markdown)
    link = refused_link(tokens)
    if link is not None:
        raise c.fail(
            "body",
            f"line {link[0] + body_line - 1} links to {link[1]!r}",
            "links to http:// or https:// addresses only",
        )
    return Lesson(
        id=lesson_id, title=title, sections=sections, panel=panel, quiz=quiz, body=body.strip() + "\n", path=path
    )


def check_size(c: _Checker, text: str, field: str, limit: int) -> None:
    size = len(text.encode("utf-8"))
    if size > limit:
        raise c.fail(field, f"is {size / 1024:,.0f} KiB", f"at most {limit // 1024} KiB: split it into shorter lessons")


def check_body(c: _Checker, body: str, markdown: bool = True) -> list:
    """The body's markdown tokens, once its size is known to draw in about a second at most
    (none if `markdown` is False)."""
    if not body.strip():
        raise c.fail("body", "is empty", "the lesson's markdown after the closing '---'")
    check_size(c, body, "body", MAX_BODY_BYTES)
    if not markdown:
        return []
    tokens = parse_markdown(body)
    blocks = count_blocks(tokens)
    if blocks > MAX_BLOCKS:
        raise c.fail(
            "body",
            f"has {blocks} blocks (paragraphs, headings, list items, table cells...)",
            f"at most {MAX_BLOCKS}: split it into shorter lessons",
        )
    return tokens


def check_panel(c: _Checker, panel: Any) -> PanelSpec:
    panel = c.mapping(panel, "panel", PANEL_KEYS, ("layers", "activations", "dataset"))
    config = c.config({k: panel[k] for k in CONFIG_KEYS if k in panel}, "panel.")
    if config.layers[0] != INPUT_FEATURES:
        raise c.fail(
            "panel.layers[0]",
            f"is {config.layers[0]}",
            f"{INPUT_FEATURES}, the number of input features of every dataset",
        )
    views = c.names(panel.get("views", list(DEFAULT_VIEWS)), "panel.views", VIEWS, "view")
    if not views:
        raise c.fail("panel.views", "is an empty list", "at least one of " + ", ".join(VIEWS))
    if "symmetry" in views and len(config.layers) < 3:
        raise c.fail("panel.views", "has 'symmetry' but the network has no hidden layer", "layers like [2, 4, 1]")
    compare = check_compare(c, panel.get("compare"), "compare" in views, config)
    return PanelSpec(config=config, views=views, compare=compare)


def check_compare(c: _Checker, block: Any, wanted: bool, config: NetworkConfig) -> dict[str, Any] | None:
    """The compare block: each value is checked by building the network it trains."""
    if block is None:
        if wanted:
            raise c.fail("panel.compare", "missing", "a compare block (field, values), since views has 'compare'")
        return None
    if not wanted:
        raise c.fail("panel.compare", "given but views has no 'compare'", "'compare' in panel.views, or no block")
    block = c.mapping(block, "panel.compare", COMPARE_KEYS, ("field", "values"))
    name = block["field"]
    if not isinstance(name, str) or name not in COMPARE_FIELDS:
        shown = f"unknown compare field {name!r}" if isinstance(name, str) else f"is {describe(name)}"
        raise c.fail("panel.compare.field", shown, one_of(COMPARE_FIELDS))
    if name == "activation" and len(config.layers) < 3:
        raise c.fail(
            "panel.compare.field", "is 'activation' but the network has no hidden layer", "layers like [2, 4, 1]"
        )
    raw = c.list_of(block["values"], "panel.compare.values", "a list of 2 to 4 values")
    if not 2 <= len(raw) <= 4:
        raise c.fail("panel.compare.values", f"has {len(raw)} value(s)", "2 to 4 values")
    values = []
    for i, value in enumerate(raw):
        where = f"panel.compare.values[{i}]"
        if name == "hidden" and not is_whole(value):  # one width for every hidden layer
            raise c.fail(where, f"is {describe(value)}", "a hidden-layer width, a whole number")
        try:
            if name == "batch":
                check_batch(value, config.m)
            compare_configs(config, name, [value])
        except ConfigError as err:
            raise c.fail(where, err.problem, err.expected) from None
        except (ValueError, TypeError):
            raise c.fail(where, f"is {describe(value)}", f"a value of {name}") from None
        if value in values:
            raise c.fail(where, f"repeats {value!r}", "different values")
        values.append(float(value) if name == "learning_rate" else value)
    iterations = block.get("iterations", DEFAULT_COMPARE_ITERATIONS)
    if not is_whole(iterations) or not 1 <= iterations <= MAX_COMPARE_ITERATIONS:
        raise c.fail(
            "panel.compare.iterations", f"is {describe(iterations)}", f"an integer from 1 to {MAX_COMPARE_ITERATIONS}"
        )
    return {"field": name, "values": tuple(values), "iterations": iterations}
