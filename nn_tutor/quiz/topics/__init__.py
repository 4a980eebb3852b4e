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

# The lesson (by id) that first teaches what each topic asks: a lesson's quiz may ask a
# topic only from that lesson on (tests/test_quiz_generators.py walks the lessons).
TAUGHT_IN: dict[str, str] = {
    "sigmoid": "sigmoid-neuron",
    "update": "gradient-descent",
    "chain": "computation-graph",
    "shared_node": "gradients-add",
    "logistic": "backpropagation",
    "mse": "why-cross-entropy",
    "shapes": "network-notation",
    "tanh": "activation-functions",
    "relu": "activation-functions",
    "leaky_relu": "activation-functions",
    "symbolic": "activation-functions",  # tanh′ and ∂L/∂a as formulas
    "vanishing": "vanishing-gradients",
    "two_layer": "two-layer-gradient-descent",
    "softmax": "softmax",  # lessons/pending/21-softmax.md until the loader reads `classes`
    "shapes_k": "softmax",
}
