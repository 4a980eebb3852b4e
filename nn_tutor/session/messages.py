"""What the training process sends back, and how messages cross between the processes
(pickled, one after another, on a pipe)."""

from __future__ import annotations

import pickle
from dataclasses import dataclass
from typing import Any, NamedTuple


class GradCheck(NamedTuple):
    """A gradient check's relative difference and the iteration whose parameters it checked."""

    value: float
    iteration: int


@dataclass(frozen=True)
class Update:
    """The network as the panel shows it, at a steady rate while training runs."""

    generation: int                 # which `load` this belongs to: older ones are stale
    snapshot: Any                   # nn_tutor.model Snapshot
    running: bool
    gradcheck: GradCheck | None = None
    reference_costs: Any = None     # beside your network: the reference's costs, trained alongside


@dataclass(frozen=True)
class Notice:
    """Something to tell the learner (a refused key, a settings change, a failure)."""

    generation: int
    text: str
    severity: str = "information"
    timeout: float = 3.0


@dataclass(frozen=True)
class CompareResult:
    """The compare view's runs: label -> {"costs", "accuracy", "diverged"}, or an error."""

    generation: int
    runs: dict | None
    error: str = ""


class Alive(NamedTuple):
    """The answer to ping `number`: the training process is between two chunks, not stuck."""

    number: int


def write(stream, message) -> None:
    """One message onto a binary stream (a pipe between the two processes)."""
    pickle.dump(message, stream, protocol=pickle.HIGHEST_PROTOCOL)
    stream.flush()


def read(stream):
    """The next message from a binary stream; EOFError once the other side has closed it."""
    return pickle.load(stream)
