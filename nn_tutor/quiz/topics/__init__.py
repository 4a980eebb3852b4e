"""Every quiz topic's generator, one module per family of topics, gathered here."""

from nn_tutor.names import QUIZ_TOPICS
from nn_tutor.quiz.space import Generator
from nn_tutor.quiz.topics import (
    activations,
    chain,
    logistic,
    network,
    shared,
    softmax,
    squared_error,
    symbolic,
)

_FAMILIES = (activations, symbolic, chain, shared, logistic, squared_error, network, softmax)
_BY_TOPIC = {g.topic: g for family in _FAMILIES for g in family.GENERATORS}

# in the order of nn_tutor.names (a topic named there without a generator fails here)
GENERATORS: dict[str, Generator] = {topic: _BY_TOPIC[topic] for topic in QUIZ_TOPICS}

# The lesson (by id) that first teaches what each topic asks, as each generator declares it.
TAUGHT_IN: dict[str, str] = {topic: g.lesson for topic, g in GENERATORS.items()}
