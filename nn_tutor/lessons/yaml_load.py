"""The YAML library reading a lesson's front matter, within bounds (nested at most MAX_DEPTH
deep, numbers of at most MAX_DIGITS characters); imported only for front matter that
nn_tutor.lessons.front_matter does not read itself."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from nn_tutor.lessons.files import FIRST_YAML_LINE, MAX_DEPTH, MAX_DIGITS
from nn_tutor.lessons.lesson import LessonError


class _Refused(Exception):
    def __init__(self, problem: str, expected: str, mark):
        super().__init__(problem)
        self.problem, self.expected, self.line = problem, expected, mark.line + FIRST_YAML_LINE


class _Loader(yaml.SafeLoader):
    """SafeLoader with bounds: composing and constructing recurse once per level of nesting,
    and int() refuses more than 4300 digits."""

    depth = 0

    def compose_node(self, parent, index):
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise _Refused(
                    f"nests lists or mappings more than {MAX_DEPTH} deep",
                    f"at most {MAX_DEPTH} levels",
                    self.peek_event().start_mark,
                )
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def construct_yaml_int(self, node):
        if len(node.value) > MAX_DIGITS:
            raise _Refused(
                f"has a number {len(node.value):,} characters long",
                f"numbers of at most {MAX_DIGITS} digits",
                node.start_mark,
            )
        return super().construct_yaml_int(node)


_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)


def load_yaml(path: Path, source: str) -> Any:
    """What the YAML `source` holds; LessonError naming the line when it cannot be read."""
    try:
        return yaml.load(source, Loader=_Loader)
    except _Refused as exc:
        raise LessonError(path, "front matter", f"line {exc.line} {exc.problem}", exc.expected) from None
    except (ValueError, OverflowError) as exc:  # a date like 2024-13-45
        raise LessonError(
            path, "front matter", f"has a value that cannot be read ({str(exc)[:100]})", "valid YAML values"
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + FIRST_YAML_LINE}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise LessonError(path, "front matter", f"is not valid YAML{where} ({problem})", "valid YAML") from None
