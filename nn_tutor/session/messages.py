"""What the training process sends back, and how a Snapshot crosses the process boundary.

Everything here pickles: a Snapshot's read-only mappings are sent as plain dicts and made
read-only again on arrival.
"""

from __future__ import annotations

import dataclasses
import pickle
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, NamedTuple

import numpy as np


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


def _plain(value):
    if isinstance(value, MappingProxyType):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _frozen(value):
    if isinstance(value, np.ndarray):
        value.flags.writeable = False
        return value
    if isinstance(value, dict):
        return MappingProxyType({k: _frozen(v) for k, v in value.items()})
    if isinstance(value, tuple):
        return tuple(_frozen(v) for v in value)
    return value


class Packed(NamedTuple):
    """A snapshot's class and fields, with mappings as dicts (MappingProxyType does not pickle)."""

    cls: type
    fields: dict

    def unpack(self):
        return self.cls(**{k: _frozen(v) for k, v in self.fields.items()})


def pack(snapshot) -> Packed:
    return Packed(type(snapshot), {f.name: _plain(getattr(snapshot, f.name))
                                   for f in dataclasses.fields(snapshot)})


def write(stream, message) -> None:
    """One message onto a binary stream (a pipe between the two processes)."""
    pickle.dump(message, stream, protocol=pickle.HIGHEST_PROTOCOL)
    stream.flush()


def read(stream):
    """The next message from a binary stream; EOFError once the other side has closed it."""
    return pickle.load(stream)
