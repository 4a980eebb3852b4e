"""The networks a compare block trains: one NetworkConfig per value of the compared field.

No NumPy: the lessons check their compare blocks with this when a file is read.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from nn_tutor.names import COMPARE_FIELDS

from .config import NetworkConfig

MAX_COMPARE_VALUES = 4  # curves one compare plot keeps readable


def batch_learning_rate(learning_rate: float, size: int, m: int) -> float:
    """α for a smaller batch: the panel's α × √(batch size / m).

    A batch of b examples estimates the full gradient with noise that shrinks like 1/√b,
    so smaller batches take proportionally smaller steps (the square-root scaling rule).
    """
    return float(f"{learning_rate * math.sqrt(size / m):.3g}")


def compare_configs(config: NetworkConfig, field: str, values: Sequence[Any]) -> list[tuple[Any, NetworkConfig]]:
    """[(value, NetworkConfig)], one per value of `field`: `config` with that one thing changed.

    activation: the value replaces every hidden layer's activation (the output stays).
    hidden: the value replaces every hidden layer's width (a network with no hidden
      layer gets one, with tanh).
    batch: each batch size also gets its own α, see batch_learning_rate.
    Raises ConfigError for a value the network cannot take, ValueError for a wrong field or
    number of values.
    """
    if field not in COMPARE_FIELDS:
        raise ValueError(f"unknown compare field {field!r}; expected one of {', '.join(COMPARE_FIELDS)}")
    values = list(values)
    if not 1 <= len(values) <= MAX_COMPARE_VALUES:
        raise ValueError(f"a comparison takes 1 to {MAX_COMPARE_VALUES} values, got {len(values)}")
    layers, acts = config.layers, config.activations
    runs = []
    for value in values:
        changes: dict[str, Any]
        if field == "activation":
            changes = {"activations": (value,) * (len(acts) - 1) + acts[-1:]}
        elif field == "hidden":
            if len(layers) > 2:
                changes = {"layers": (layers[0],) + (int(value),) * (len(layers) - 2) + (layers[-1],)}
            else:
                changes = {"layers": (layers[0], int(value), layers[-1]), "activations": ("tanh", acts[-1])}
        elif field == "batch":
            m = config.m
            size = m if value == "full" else 1 if value == "sgd" else min(int(value), m)
            changes = {"batch": value, "learning_rate": batch_learning_rate(config.learning_rate, size, m)}
        else:
            changes = {field: value}
        runs.append((value, config.replace(**changes)))
    return runs
