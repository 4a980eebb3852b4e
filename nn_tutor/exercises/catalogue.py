"""Every exercise, declared once, in course order; the workspace files made from them.

An exercise is one `Exercise` record (record.py) plus its reference solution in
tests/exercise_solutions/<its file>. A workspace file is its header (FILE_HEADERS: the module
docstring and imports) followed by the stubs of its exercises, in the order its module declares them.
`<lesson:ID>` in a stub or hint becomes that lesson's number and title.
"""

from __future__ import annotations

import functools
import re

from . import gradients_file, layers_file, network_file
from .record import Exercise

__all__ = [
    "EXERCISES",
    "FILE_HEADERS",
    "FILES",
    "NAMES",
    "Exercise",
    "blocked_message",
    "by_name",
    "file_text",
    "fill_lesson_labels",
    "hint",
    "hints",
    "in_file",
    "lesson_label",
    "waiting_on",
]

# workspace file -> its header: the module docstring and imports, before the stubs
FILE_HEADERS = {
    network_file.FILE: network_file.HEADER,
    gradients_file.FILE: gradients_file.HEADER,
    **layers_file.HEADERS,
}


# as each file declares them: the order of the stubs in a workspace file
_DECLARED = (
    *network_file.RECORDS,
    *gradients_file.RECORDS,
    *layers_file.OUTPUT_RECORDS,
    *layers_file.ACTIVATIONS_RECORDS,
    *layers_file.SOFTMAX_RECORDS,
)


def _course_order() -> tuple[Exercise, ...]:
    """Lesson by lesson; where an exercise uses one of a later lesson (train uses init_params),
    it comes right after that one."""
    records = {e.name: e for e in _DECLARED}
    order = (
        "sigmoid",  # 01
        "compute_cost",  # 02
        "slope",  # 03
        "descend",
        "update",  # 04
        "mini_batches",  # 05
        "backward_abc",  # 06
        "backward_shared",  # 07
        "propagate",
        "centred_slope",
        "gradient_check",  # 08
        "mse_cost",
        "mse_dz",  # 09
        "predict",  # 11
        "standardise",  # 12
        "sigmoid_slope",
        "tanh_slope",
        "relu",
        "relu_slope",  # 13
        "linear_collapse",  # 14
        "forward",
        "backward",  # 18
        "init_params",
        "train",
        "init_he",  # 19 (train, of 18, uses init_params)
        "softmax",
        "one_hot",
        "softmax_cost",
    )  # 21
    assert sorted(order) == sorted(records), set(order) ^ set(records)
    return tuple(records[name] for name in order)


# all exercises, in the order the screen lists them and the JSON reports them
EXERCISES: tuple[Exercise, ...] = _course_order()

NAMES = tuple(exercise.name for exercise in EXERCISES)
FILES = tuple(dict.fromkeys(exercise.file for exercise in EXERCISES))  # in order of first use
_BY_NAME = {exercise.name: exercise for exercise in EXERCISES}


def in_file(file: str) -> tuple[str, ...]:
    """The exercises of a workspace file, in the order the file holds them."""
    return tuple(exercise.name for exercise in _DECLARED if exercise.file == file)


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
    stubs = [exercise.stub.strip("\n") for exercise in _DECLARED if exercise.file == file]
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
