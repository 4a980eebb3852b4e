"""The nine exercises in order: the lesson each belongs to, its hint, and lesson names by id."""

from __future__ import annotations

import functools
import re

NAMES = ("sigmoid", "compute_cost", "propagate", "backward_abc", "init_params",
         "forward", "backward", "update", "train")

# name -> (lesson id to reread, hint shown beside the exercise)
EXERCISES = {
    "sigmoid": ("sigmoid-neuron",
                "Squash every entry of z into (0, 1). np.exp works on a whole array at once; "
                "math.exp takes one number only."),
    "compute_cost": ("loss-and-cost",
                     "Average the cross-entropy loss over the m examples; both terms, y and 1 − y, "
                     "count. np.log is the natural log. Return a plain number."),
    "propagate": ("backpropagation",
                  "Forward: A from w, b and X with your sigmoid; the cost with your compute_cost. "
                  "Backward: dZ = A − Y, then dw and db, each averaged over the m examples. "
                  "dw has w's shape."),
    "backward_abc": ("computation-graph",
                     "Split J into u = b·c, v = a + u, J = 3v and walk back, multiplying "
                     "the local slopes."),
    "init_params": ("random-initialisation",
                    "Small random weights (about 0.01 × a normal sample) break the symmetry "
                    "between hidden units; the biases can start at zero. b1 and b2 are columns."),
    "forward": ("two-layer-gradient-descent",
                "Four lines, one per equation: Z1, A1 (tanh), Z2, A2 (sigmoid). "
                "Keep all four in the cache for backward."),
    "backward": ("two-layer-gradient-descent",
                 "Start at the output: dZ2, dW2, db2, then carry the error back through W2 and "
                 "tanh's slope for dZ1, dW1, db1. Each gradient has its parameter's shape."),
    "update": ("gradient-descent",
               "Step every parameter against its gradient, scaled by the learning rate, and "
               "return new arrays."),
    "train": ("two-layer-gradient-descent",
              "Initialise once, then repeat forward, backward and update `iterations` times, "
              "keeping the new parameters each time."),
}

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
    """`lesson 13: Gradient descent for a 2-layer network`, or the id if no lesson has it."""
    number, title = _lesson_titles().get(lesson_id, (None, lesson_id))
    return f"lesson {number}: {title}" if number is not None else f"the lesson {title!r}"


def fill_lesson_labels(text: str) -> str:
    """Replace each `<lesson:ID>` mark with that lesson's label."""
    return _LESSON_MARK.sub(lambda match: lesson_label(match.group(1)), text)


def hint(name: str) -> str:
    lesson_id, text = EXERCISES[name]
    return f"{text} See {lesson_label(lesson_id)}."
