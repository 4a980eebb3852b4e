"""Every exercise, declared once, in course order; the workspace files made from them.

An exercise is one `Exercise` record (record.py) plus its reference solution in
tests/exercise_solutions/<its file>. A workspace file is its header (FILE_HEADERS: the module
docstring and imports) followed by the stubs of its exercises, in the order of EXERCISES.
`<lesson:ID>` in a stub or hint becomes that lesson's number and title.
"""

from __future__ import annotations

import functools
import re

from . import network_file
from .record import Exercise

__all__ = ["EXERCISES", "FILE_HEADERS", "FILES", "NAMES", "Exercise", "blocked_message", "by_name",
           "file_text", "fill_lesson_labels", "hint", "hints", "lesson_label", "waiting_on"]

# workspace file -> its header: the module docstring and imports, before the stubs
FILE_HEADERS = {
    network_file.FILE: network_file.HEADER,
}

# all exercises, in the order the screen lists them and the JSON reports them
EXERCISES: tuple[Exercise, ...] = (
    *network_file.RECORDS,
)

NAMES = tuple(exercise.name for exercise in EXERCISES)
FILES = tuple(dict.fromkeys(exercise.file for exercise in EXERCISES))   # in order of first use
_BY_NAME = {exercise.name: exercise for exercise in EXERCISES}


def by_name(name: str) -> Exercise:
    """The record of the exercise `name` (KeyError when there is none)."""
    return _BY_NAME[name]


def waiting_on(name: str, statuses: dict[str, str]) -> list[str]:
    """The exercises `name` may use whose status is known and is not "passed"."""
    return [used for used in by_name(name).uses if used in statuses and statuses[used] != "passed"]


def blocked_message(name: str, waiting: list[str]) -> str:
    """`train: checked after your backward passes`."""
    names = waiting[0] if len(waiting) == 1 else f"{', '.join(waiting[:-1])} and {waiting[-1]}"
    return f"{name}: checked after your {names} {'passes' if len(waiting) == 1 else 'pass'}"


def file_text(file: str) -> str:
    """The fresh text of a workspace file: its header, then its exercises' stubs, marks filled."""
    stubs = [exercise.stub.strip("\n") for exercise in EXERCISES if exercise.file == file]
    text = FILE_HEADERS[file].rstrip("\n") + "\n\n\n" + "\n\n\n".join(stubs) + "\n"
    return fill_lesson_labels(text)


_LESSON_MARK = re.compile(r"<lesson:([a-z0-9-]+)>")


@functools.lru_cache(maxsize=1)
def _lesson_titles() -> dict[str, tuple[int | None, str]]:
    """Lesson id -> (number from its file name, title), from the shipped lessons."""
    from nn_tutor.lessons import load_lessons

    lessons, _errors = load_lessons()
    titles = {}
    for lesson in lessons:
        prefix = lesson.path.name.split("-", 1)[0]
        titles[lesson.id] = (int(prefix) if prefix.isdigit() else None, lesson.title)
    return titles


def lesson_label(lesson_id: str) -> str:
    """`lesson 18: Gradient descent for a 2-layer network`, or the id if no lesson has it."""
    number, title = _lesson_titles().get(lesson_id, (None, lesson_id))
    return f"lesson {number}: {title}" if number is not None else f"the lesson {title!r}"


def fill_lesson_labels(text: str) -> str:
    """Replace each `<lesson:ID>` mark with that lesson's label."""
    return _LESSON_MARK.sub(lambda match: lesson_label(match.group(1)), text)


def hints(name: str) -> tuple[str, ...]:
    """The exercise's three hints, from a nudge to nearly the line, lesson marks filled."""
    return tuple(fill_lesson_labels(text) for text in by_name(name).hints)


def hint(name: str) -> str:
    """The first hint, with the lesson to read."""
    return f"{hints(name)[0]} See {lesson_label(by_name(name).lesson)}."
