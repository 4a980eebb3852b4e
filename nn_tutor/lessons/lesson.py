"""What a checked lesson is (Lesson, PanelSpec) and how a problem with one is reported."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nn_tutor.lessons.text import shown
from nn_tutor.model.compare import compare_configs
from nn_tutor.model.config import NetworkConfig


def display_path(path: Path) -> str:
    """The path as a reader would type it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):
        return str(path)


class LessonError(Exception):
    """A lesson file that cannot be used: which file, which field, and what was expected.
    As text, control characters are escaped: it quotes what the file holds."""

    def __init__(self, path: Path | str, field: str, problem: str, expected: str = ""):
        self.path = Path(path)
        self.field = field
        self.problem = problem
        self.expected = expected
        super().__init__(str(self))

    def __str__(self) -> str:
        text = f"{display_path(self.path)}: {self.field}: {self.problem}"
        return shown(f"{text}; expected {self.expected}" if self.expected else text)


@dataclass(frozen=True)
class PanelSpec:
    """What the model panel beside a lesson trains (`config`) and shows (`views`, `compare`)."""

    config: NetworkConfig
    views: tuple[str, ...]
    # {"field": str, "values": tuple, "iterations": int}, or None
    compare: dict[str, Any] | None = field(default=None, hash=False)

    def config_at(self, learning_rate: Any = None) -> NetworkConfig:
        """The config with the α a learner left the lesson at; the lesson's own when that α
        is missing or out of range."""
        if learning_rate is not None:
            try:
                return self.config.replace(learning_rate=learning_rate)
            except (TypeError, ValueError):
                pass
        return self.config

    def compare_configs(self) -> list[tuple[Any, NetworkConfig]]:
        """One ``(value, NetworkConfig)`` pair per value of the ``compare`` block."""
        if self.compare is None:
            return []
        return compare_configs(self.config, self.compare["field"], self.compare["values"])


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
