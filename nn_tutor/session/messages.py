"""What crosses between the app and the training process: the commands (declared once, here)
and what the process sends back. Both ways go through nn_tutor.sandbox.wire (JSON plus raw
array bytes, never a pickle); every record is rebuilt and checked on arrival, and a message
that is malformed or larger than the reader allows is a ChannelError.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from typing import Any, NamedTuple

import numpy as np

from nn_tutor.model.config import NetworkConfig
from nn_tutor.model.snapshot import FrozenMapping, Snapshot, freeze
from nn_tutor.sandbox import wire
from nn_tutor.session.learner import LearnerNetwork

MAX_TEXT = 2_000  # characters of a notice's text kept
COMMAND_BYTES = 64 * 2**20  # the largest command the training process reads (a load carries X, Y)
SLACK_BYTES = 4 * 2**20  # beyond the arrays an Update carries: the JSON, short costs, stats


class ChannelError(Exception):
    """The other side sent bytes that are not a message, or one too large: the stream is out of
    step and is not read any further."""


class Command(NamedTuple):
    """A command the app sends the training process: the Engine method of that name runs."""

    name: str
    to_both: bool  # beside your network, the reference gets it too (they stay in step)
    help: str


COMMANDS = (
    Command("load", False, "a new network from iteration 0 (returns its generation)"),
    Command("step", True, "one whole iteration"),
    Command("phase", True, "one phase: forward, cost, backward or update"),
    Command("toggle_run", False, "run, or pause if running"),
    Command("run", True, "train continuously"),
    Command("pause", True, "stop training"),
    Command("set_speed", True, "iterations a second while running (None: as fast as it goes)"),
    Command("reset", True, "back to iteration 0 with the first parameters"),
    Command("replace", True, "a new network with some settings changed, from iteration 0"),
    Command("cycle", True, "the next hidden activation, initialisation or data set"),
    Command("scale_learning_rate", True, "α times a factor"),
    Command("set_learning_rate", True, "α set"),
    Command("want_gradcheck", False, "whether the gradient check's view is showing"),
    Command("ping", False, "answer as soon as possible (the app tells a stuck process this way)"),
)
NAMES = frozenset(c.name for c in COMMANDS)
QUIT = "quit"


def clean_text(text: str, limit: int = MAX_TEXT) -> str:
    """Text as a notice may show it: the one rule for learner text (sandbox.text.safe_text),
    at most about `limit` characters, control characters but newline and tab made visible."""
    from nn_tutor.sandbox.text import safe_text

    return safe_text(text, limit)


# -- the records ---------------------------------------------------------------------------------
class GradCheck(NamedTuple):
    """A gradient check's relative difference and the iteration whose parameters it checked."""

    value: float
    iteration: int


@dataclass(frozen=True)
class Update:
    """The network as the panel shows it, at a steady rate while training runs.

    On the pipe, `snapshot.costs` holds only the costs from `costs_from` on (the app keeps the
    history and appends), and `snapshot.X`, `snapshot.Y` are None when unchanged since the
    last Update. The app's Session hands on whole Updates (costs_from 0, X and Y set)."""

    generation: int  # which `load` this belongs to: older ones are stale
    snapshot: Any  # nn_tutor.model Snapshot
    running: bool
    gradcheck: GradCheck | None = None
    reference_costs: Any = None  # beside your network: the reference's costs, trained alongside
    costs_from: int = 0


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


# -- checking what arrives -------------------------------------------------------------------------
def _whole(value, what: str, low: int = 0) -> int:
    if type(value) is not int or value < low:
        raise ValueError(f"{what} is not a whole number")
    return value


def _number(value, what: str, optional: bool = False):
    if value is None and optional:
        return None
    if type(value) not in (int, float) and not isinstance(value, np.floating):
        raise ValueError(f"{what} is not a number")
    return float(value)


def _array(value, what: str, ndim: int | None = None, optional: bool = False):
    if value is None and optional:
        return None
    if not isinstance(value, np.ndarray) or (ndim is not None and value.ndim != ndim):
        raise ValueError(f"{what} is not an array{'' if ndim is None else f' of {ndim} dimension(s)'}")
    value.flags.writeable = False
    return value


def _text(value, what: str, optional: bool = False) -> str | None:
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{what} is not text")
    return clean_text(value)


def _frozen(fields_: dict) -> FrozenMapping:
    items = fields_.get("items")
    if not isinstance(items, dict) or not all(isinstance(k, str) for k in items):
        raise ValueError("a mapping's items are not named")
    for key, value in items.items():
        parts = value if isinstance(value, tuple) else (value,)
        for part in parts:
            _array(part, f"{key!r}")
    return freeze(items)


def _update(f: dict) -> Update:
    if not isinstance(f.get("snapshot"), Snapshot):
        raise ValueError("the snapshot is not a Snapshot")
    if f.get("gradcheck") is not None and not isinstance(f["gradcheck"], GradCheck):
        raise ValueError("the gradient check is not a GradCheck")
    if type(f.get("running")) is not bool:
        raise ValueError("running is not true or false")
    _whole(f.get("generation"), "the generation")
    _whole(f.get("costs_from"), "costs_from")
    _array(f.get("reference_costs"), "the reference's costs", 1, optional=True)
    return Update(**f)


def _snapshot(f: dict) -> Snapshot:
    if not isinstance(f.get("config"), NetworkConfig):
        raise ValueError("its config is not a NetworkConfig")
    for name in ("params", "cache", "grads", "stats"):
        if not isinstance(f.get(name), FrozenMapping):
            raise ValueError(f"its {name} is not a mapping")
    for name in ("iteration", "batch_m"):
        _whole(f.get(name), name)
    f["cost_iteration"] = None if f.get("cost_iteration") is None else _whole(f.get("cost_iteration"), "cost_iteration")
    for name in ("epoch", "cost", "accuracy"):
        f[name] = _number(f.get(name), name, optional=name != "epoch")
    f["phase"] = _text(f.get("phase"), "phase", optional=True)
    f["next_phase"] = _text(f.get("next_phase"), "next_phase")
    f["warning"] = _text(f.get("warning"), "warning")
    if type(f.get("diverged")) is not bool:
        raise ValueError("diverged is not true or false")
    _array(f.get("costs"), "costs", 1)
    if not isinstance(f.get("grad_norms"), tuple):
        raise ValueError("grad_norms is not a tuple")
    f["grad_norms"] = tuple(_number(v, "a gradient norm") for v in f["grad_norms"])
    for name in ("X", "Y"):
        _array(f.get(name), name, 2, optional=True)
    return Snapshot(**f)


def _notice(f: dict) -> Notice:
    _whole(f.get("generation"), "the generation")
    severity = f.get("severity")
    if severity not in ("information", "warning", "error"):
        raise ValueError("the severity is not information, warning or error")
    timeout = _number(f.get("timeout"), "the timeout")
    return Notice(
        f["generation"],
        _text(f.get("text"), "the text"),
        severity,
        min(max(timeout, 1.0), 60.0) if math.isfinite(timeout) else 10.0,
    )


def _compare(f: dict) -> CompareResult:
    _whole(f.get("generation"), "the generation")
    runs = f.get("runs")
    if runs is not None:
        if not isinstance(runs, dict):
            raise ValueError("the runs are not a mapping")
        runs = {_text(label, "a run's label"): _run(run) for label, run in runs.items()}
    return CompareResult(f["generation"], runs, _text(f.get("error", ""), "the error"))


def _run(run) -> dict:
    """One compare run: costs (and full_costs), accuracy, diverged, and nothing else."""
    if not isinstance(run, dict) or set(run) - {"costs", "full_costs", "accuracy", "diverged"}:
        raise ValueError("a run is not costs, accuracy and diverged")
    checked = {"costs": _array(run.get("costs"), "costs", 1), "accuracy": _number(run.get("accuracy"), "accuracy")}
    if type(run.get("diverged")) is not bool:
        raise ValueError("diverged is not true or false")
    checked["diverged"] = run["diverged"]
    if "full_costs" in run:
        checked["full_costs"] = _array(run["full_costs"], "full_costs", 1)
    return checked


def _record(cls, check, names: tuple = ()):
    """from_fields for a record: checked by `check` (ValueError, TypeError: a malformed message)."""
    names = set(names or ([x.name for x in fields(cls)] if hasattr(cls, "__dataclass_fields__") else cls._fields))

    def from_fields(f: dict):
        if set(f) - names:
            raise ValueError(f"unknown fields {sorted(set(f) - names)[:3]}")
        try:
            return check(f)
        except (TypeError, ValueError):
            raise
        except Exception as err:  # whatever a malformed record trips on is its own fault
            raise ValueError(f"{type(err).__name__}: {err}") from None

    return from_fields


wire.register(
    GradCheck,
    "nn.GradCheck",
    from_fields=_record(
        GradCheck, lambda f: GradCheck(_number(f.get("value"), "value"), _whole(f.get("iteration"), "iteration"))
    ),
)
wire.register(Alive, "nn.Alive", from_fields=_record(Alive, lambda f: Alive(_whole(f.get("number"), "number"))))
wire.register(Update, "nn.Update", from_fields=_record(Update, _update))
wire.register(Notice, "nn.Notice", from_fields=_record(Notice, _notice))
wire.register(CompareResult, "nn.CompareResult", from_fields=_record(CompareResult, _compare))
wire.register(Snapshot, "nn.Snapshot", from_fields=_record(Snapshot, _snapshot))
wire.register(NetworkConfig, "nn.NetworkConfig")  # its constructor checks every field
wire.register(FrozenMapping, "nn.FrozenMapping", to_fields=lambda m: {"items": dict(m)}, from_fields=_frozen)
wire.register(
    LearnerNetwork,
    "nn.LearnerNetwork",
    to_fields=lambda n: {"workspace": n.workspace},
    from_fields=_record(
        LearnerNetwork, lambda f: LearnerNetwork(_text(f.get("workspace"), "workspace")), ("workspace",)
    ),
)


# -- sizes ---------------------------------------------------------------------------------------
def update_bytes(config: NetworkConfig, data_size: int | None = None) -> int:
    """The most bytes an honest Update of this network takes: its parameters and gradients
    whole, each layer's values for SHOWN columns and their stats, X and Y, and some slack.
    `data_size`: values in X and Y when they are not the config's own data set."""
    from nn_tutor.model.snapshot import SHOWN

    layers = config.layers
    weights = sum(a * b + b for a, b in zip(layers, layers[1:]))
    units = sum(layers)
    if data_size is None:
        data_size = config.m * (layers[0] + layers[-1] + 1)
    return 8 * (2 * weights + 3 * SHOWN * units + 9 * units + data_size) + SLACK_BYTES


# -- streams ---------------------------------------------------------------------------------------
def write(stream, message) -> None:
    """One message onto a binary stream (a pipe between the two processes), flushed."""
    wire.write(stream, message)


def read(stream, max_bytes: int):
    """The next message from a blocking binary stream. EOFError once the other side has
    closed it; ChannelError for bytes that are not a message or one over `max_bytes`."""
    try:
        return wire.read(stream, max_bytes)
    except wire.WireError as err:
        raise ChannelError(str(err)) from None
