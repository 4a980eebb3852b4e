"""Choosing questions: by topic, reproducibly from a seed, a round without repeats.

Each topic's questions come from its generator in `nn_tutor.quiz.topics`; every answer is
computed by the model itself (`nn_tutor.model`).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from nn_tutor.names import QUIZ_TOPICS
from nn_tutor.quiz.question import Question
from nn_tutor.quiz.topics import GENERATORS

TOPICS = QUIZ_TOPICS


def check_topics(topics: Iterable[str] | None) -> list[str]:
    """The topics asked for, all of them when None; ValueError names any unknown one."""
    if topics is None:
        return list(TOPICS)
    chosen = list(dict.fromkeys(topics))
    unknown = [t for t in chosen if t not in GENERATORS]
    if unknown:
        raise ValueError(f"unknown quiz topic {', '.join(map(repr, unknown))}; choose from: {', '.join(TOPICS)}")
    if not chosen:
        raise ValueError(f"no quiz topic given; choose from: {', '.join(TOPICS)}")
    return chosen


def generate(topic: str, rng: np.random.Generator) -> Question:
    """One random question on `topic`, drawn with `rng` (same rng state, same question)."""
    generator = GENERATORS[check_topics([topic])[0]]
    return generator.question(generator.draw(rng))


def count_questions(topic: str) -> int:
    """How many distinct questions `topic` can generate."""
    return GENERATORS[check_topics([topic])[0]].count()


def make_quiz(topics: Iterable[str] | None = None, count: int = 10, seed: int | None = None) -> list[Question]:
    """`count` questions cycling through `topics` in a shuffled order, none repeated."""
    chosen = check_topics(topics)
    if count < 0:
        raise ValueError(f"the number of questions must be at least 0, got {count}")
    rng = np.random.default_rng(seed)
    order = [chosen[int(i)] for i in rng.permutation(len(chosen))]
    questions: list[Question] = []
    seen: set[str] = set()
    for i in range(count):
        topic = order[i % len(order)]
        for _ in range(20):  # small topics may repeat once their questions run out
            question = generate(topic, rng)
            if question.id not in seen:
                break
        seen.add(question.id)
        questions.append(question)
    return questions
