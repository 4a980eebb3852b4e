"""The record of one exercise: everything the tutor knows about it, declared once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Exercise:
    name: str  # the function's name, as outside checks call it
    lesson: str  # the id of the lesson it belongs to
    file: str  # its workspace file, relative to the workspace folder
    stub: str  # its text in that file: def, docstring, raise NotImplementedError
    hints: tuple[str, str, str]  # a nudge, a stronger hint, nearly the line
    check: Callable  # check(fn, module) -> a note on success; raises compare.Wrong
    uses: tuple[str, ...] = ()  # exercises it may call: "blocked" until those pass
    limit: float = 5.0  # seconds for its check
