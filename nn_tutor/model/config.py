"""NetworkConfig: every setting of one network and its training, checked in one place.

The Trainer, the lessons (their `panel:` block) and the command line all build one of
these; an invalid config cannot be made. A `ConfigError` names the field, the problem and
what was expected, so each caller only adds where the field came from (`panel.`, `--`).
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any

from nn_tutor.names import ACTIVATIONS, COSTS, DATASETS, INITS, MAX_SEED, OUTPUT_ACTIVATIONS

MAX_EXAMPLES = 20_000  # a panel redraws the whole set many times a second
MAX_UNITS = 1_000  # units in one layer
MAX_LAYERS = 20  # layers after the input
MAX_CELLS = 4_000_000  # units x examples held by one forward pass (32 MB of float64)
MAX_CLASSES = 10
MAX_LEARNING_RATE = 1e3
BATCH_WORDS = ("full", "sgd")
CLASS_DATASETS = ("spiral",)  # the data sets that can have more than two classes


class ConfigError(ValueError):
    """A setting that cannot be used: which field, what is wrong, what was expected."""

    def __init__(self, field: str, problem: str, expected: str = "") -> None:
        self.field, self.problem, self.expected = field, problem, expected
        super().__init__(str(self))

    def __str__(self) -> str:
        text = f"{self.field}: {self.problem}"
        return f"{text}; expected {self.expected}" if self.expected else text


def describe(value: Any) -> str:
    """A value as a message shows it: `text 'abc'`, `number 3`, `list`, `empty value`."""
    if value is None:
        return "empty value"
    if isinstance(value, bool):
        return f"boolean {str(value).lower()}"
    if isinstance(value, int) and abs(value) >= 10**24:
        return f"a number of about {int(value.bit_length() * 0.30103) + 1} digits"
    if isinstance(value, (int, float)):
        return f"number {value!r}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "…"
        return f"text {shown!r}"
    if isinstance(value, (list, tuple)):
        return "list"
    if isinstance(value, dict):
        return "mapping"
    return type(value).__name__


def is_whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value: Any) -> bool:
    return (is_whole(value) or isinstance(value, float)) and math.isfinite(value)


def one_of(names: Any) -> str:
    return "one of " + ", ".join(str(n) for n in names)


def _whole(value, field, low, high, what="a whole number"):
    if not is_whole(value) or not low <= value <= high:
        raise ConfigError(field, f"is {describe(value)}", f"{what} from {low} to {high}")
    return value


def _name(value, field, names, what):
    if not isinstance(value, str):
        raise ConfigError(field, f"is {describe(value)}", one_of(names))
    if value not in names:
        raise ConfigError(field, f"unknown {what} {describe(value)[5:]}", one_of(names))
    return value


def check_learning_rate(value: Any, field: str = "learning_rate") -> float:
    if not is_number(value) or not 0 < value <= MAX_LEARNING_RATE:
        raise ConfigError(field, f"is {describe(value)}", f"a number greater than 0, at most {MAX_LEARNING_RATE:g}")
    return float(value)


def check_batch(value: Any, m: int, field: str = "batch") -> str | int:
    expected = f"full, sgd, or a mini-batch size from 1 to m ({m})"
    if isinstance(value, str):
        if value not in BATCH_WORDS:
            raise ConfigError(field, f"unknown batch {describe(value)[5:]}", expected)
        return value
    if not is_whole(value) or not 1 <= value <= m:
        raise ConfigError(field, f"is {describe(value)}", expected)
    return value


def batch_size(batch: str | int, m: int) -> int:
    """'full' -> m, 'sgd' -> 1, a whole number -> that many examples."""
    return m if batch == "full" else 1 if batch == "sgd" else int(batch)


@dataclass(frozen=True)
class NetworkConfig:
    """One network and how it trains. Lists become tuples; making one validates it."""

    layers: tuple[int, ...] = (2, 4, 1)
    activations: tuple[str, ...] = ("tanh", "sigmoid")
    init: str = "small_random"
    dataset: str = "flower"
    m: int = 400
    learning_rate: float = 1.2
    batch: str | int = "full"
    seed: int = 1
    cost: str = "cross_entropy"
    classes: int = 2

    def __post_init__(self) -> None:
        for name in ("layers", "activations"):
            value = getattr(self, name)
            if isinstance(value, list):
                object.__setattr__(self, name, tuple(value))
        self.validate()
        object.__setattr__(self, "learning_rate", float(self.learning_rate))

    def validate(self) -> None:
        """Raise ConfigError for the first field that cannot be used."""
        layers = self.layers
        if not isinstance(layers, tuple) or not 2 <= len(layers) <= MAX_LAYERS + 1:
            shown = f"has {len(layers)} sizes" if isinstance(layers, tuple) else f"is {describe(layers)}"
            raise ConfigError("layers", shown, f"a list of 2 to {MAX_LAYERS + 1} layer sizes, like [2, 4, 1]")
        for i, n in enumerate(layers):
            _whole(n, f"layers[{i}]", 1, MAX_UNITS, "a number of units")
        acts = self.activations
        L = len(layers) - 1
        if not isinstance(acts, tuple) or len(acts) != L:
            shown = f"has {len(acts)} name(s)" if isinstance(acts, tuple) else f"is {describe(acts)}"
            raise ConfigError(
                "activations", f"{shown} for {L} layer(s) after the input", f"{L}, one per layer after the input"
            )
        for i, a in enumerate(acts[:-1]):
            _name(a, f"activations[{i}]", ACTIVATIONS, "activation")
        out = _name(acts[-1], f"activations[{L - 1}]", OUTPUT_ACTIVATIONS, "output activation")
        _name(self.init, "init", INITS, "init")
        _name(self.dataset, "dataset", DATASETS, "dataset")
        _name(self.cost, "cost", COSTS, "cost")
        _whole(self.m, "m", 2, MAX_EXAMPLES, "a number of examples")
        _whole(self.seed, "seed", 0, MAX_SEED)
        _whole(self.classes, "classes", 2, MAX_CLASSES, "a number of classes")
        check_learning_rate(self.learning_rate)
        check_batch(self.batch, self.m)
        self._check_output(out)
        cells = sum(layers[1:]) * batch_size(self.batch, self.m)
        if cells > MAX_CELLS:
            raise ConfigError(
                "layers",
                f"hold {cells:,} values per forward pass (units × batch)",
                f"at most {MAX_CELLS:,}: fewer units or fewer examples",
            )

    def _check_output(self, out: str) -> None:
        L, K = len(self.layers) - 1, self.layers[-1]
        if self.classes > 2 and self.dataset not in CLASS_DATASETS:
            raise ConfigError(
                "classes",
                f"is {self.classes} but {self.dataset} has two classes",
                f"2, or a data set with more classes: {', '.join(CLASS_DATASETS)}",
            )
        if out == "softmax":
            if self.cost != "cross_entropy":
                raise ConfigError("cost", f"is {self.cost} with a softmax output", "cross_entropy")
            if K != self.classes:
                raise ConfigError(
                    f"layers[{L}]",
                    f"is {K} with a softmax output for {self.classes} classes",
                    f"{self.classes}, one unit per class",
                )
        else:
            if self.classes != 2:
                raise ConfigError(
                    f"activations[{L - 1}]",
                    f"is {out} for {self.classes} classes",
                    "softmax, one output unit per class",
                )
            if K != 1:
                raise ConfigError(f"layers[{L}]", f"is {K} with a {out} output", "1, one output unit")

    # -- derived --------------------------------------------------------------------------
    @property
    def batch_size(self) -> int:
        return batch_size(self.batch, self.m)

    def replace(self, **changes: Any) -> NetworkConfig:
        """A new config with some fields changed (checked again)."""
        return dataclasses.replace(self, **changes)

    @classmethod
    def fields(cls) -> tuple[str, ...]:
        return tuple(f.name for f in dataclasses.fields(cls))


class ReadsConfig:
    """For a class that holds a `config`: its settings read through (`x.layers` is
    `x.config.layers`), as the Trainer and a Snapshot offer them."""

    config: NetworkConfig

    @property
    def layers(self) -> tuple[int, ...]:
        return self.config.layers

    @property
    def activations(self) -> tuple[str, ...]:
        return self.config.activations

    @property
    def init(self) -> str:
        return self.config.init

    @property
    def dataset(self) -> str:
        return self.config.dataset

    @property
    def learning_rate(self) -> float:
        return self.config.learning_rate

    @property
    def batch(self) -> str | int:
        return self.config.batch

    @property
    def batch_size(self) -> int:
        return self.config.batch_size

    @property
    def m(self) -> int:
        return self.config.m
