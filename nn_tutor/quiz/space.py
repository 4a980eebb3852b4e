"""The question-space machinery: a topic draws its numbers from a finite product of choices.

Because the space is finite, the number of distinct questions a topic can ask is known
(`Generator.count`), and a question's id is derived from its numbers, so the same numbers
always make the same question with the same id.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import product
from typing import NamedTuple

import numpy as np

from nn_tutor.quiz.question import Question


class Draft(NamedTuple):
    """What a topic's builder writes for one set of numbers: a question without its id."""

    prompt: str
    expected: str  # the exact answer, read by `check.check_answer`
    kind: str  # numeric, symbolic, shape or matrix
    hints: tuple[str, str]
    solution: str


@dataclass(frozen=True)
class Repeat:
    """k values drawn (with repetition) from `values`, e.g. the entries of a matrix."""

    values: tuple
    k: int

    def __len__(self) -> int:
        return len(self.values) ** self.k


@dataclass(frozen=True)
class Space:
    """A product of choices; `valid` filters out combinations that would make a poor question."""

    choices: dict
    valid: Callable[[dict], bool] | None = None

    def size(self) -> int:
        if self.valid is None:
            return math.prod(len(v) for v in self.choices.values())
        return sum(1 for params in self.each() if self.valid(params))

    def each(self) -> Iterable[dict]:
        names = list(self.choices)
        options = [list(product(v.values, repeat=v.k)) if isinstance(v, Repeat) else v for v in self.choices.values()]
        for combo in product(*options):
            yield dict(zip(names, combo))

    def draw(self, rng: np.random.Generator) -> dict:
        for _ in range(1000):
            params = {}
            for name, options in self.choices.items():
                if isinstance(options, Repeat):
                    params[name] = tuple(
                        options.values[int(i)] for i in rng.integers(len(options.values), size=options.k)
                    )
                else:
                    params[name] = options[int(rng.integers(len(options)))]
            if self.valid is None or self.valid(params):
                return params
        raise RuntimeError("no valid question found")  # pragma: no cover


@dataclass(frozen=True)
class Generator:
    """A topic's questions: one or more spaces of numbers, a builder writing the text, and
    the lesson (by id) that first teaches what it asks: a lesson's quiz may ask the topic
    only from that lesson on."""

    topic: str
    spaces: tuple[Space, ...]
    build: Callable[[dict], Draft]
    lesson: str
    _count: list = field(default_factory=list, compare=False)

    def count(self) -> int:
        if not self._count:
            self._count.append(sum(s.size() for s in self.spaces))
        return self._count[0]

    def draw(self, rng: np.random.Generator) -> dict:
        space = self.spaces[int(rng.integers(len(self.spaces)))]
        return space.draw(rng)

    def question(self, params: dict) -> Question:
        draft = self.build(params)
        key = json.dumps(params, sort_keys=True, default=list)
        digest = hashlib.sha1(f"{self.topic}:{key}".encode()).hexdigest()[:12]
        return Question(
            topic=self.topic,
            prompt=draft.prompt,
            expected=draft.expected,
            kind=draft.kind,
            hints=tuple(draft.hints),
            solution=draft.solution,
            id=f"{self.topic}-{digest}",
        )
