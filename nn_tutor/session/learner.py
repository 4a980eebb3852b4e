"""Your network: the model's five contract functions, computed by the learner's own network.py.

`LearnerNetwork(DIR)` is what `Trainer(network=...)` takes. It travels to the training process
as its folder's name (nn_tutor.session.messages) and loads DIR/network.py there, so the learner's code never runs in the
app. Each contract call is mapped to the learner's signature (forward(X, params) -> (A2, cache),
backward(params, cache, X, Y), update(params, grads, learning_rate)), what comes back is checked
for keys and shapes, and a call that has not returned after CALL_SECONDS is stopped (where the
platform has interval timers). Any failure is a LearnerError saying which function, how and
on which line. Initialisation and the cost are the model's, so both networks start equal and
are measured alike.
"""

from __future__ import annotations

import functools
import signal
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from nn_tutor.model import network as model

CALL_SECONDS = 2.0  # longer than this, a call of the learner's is taken for an endless loop
ACTIVATIONS = ("tanh", "sigmoid")
PARAMS = ("W1", "b1", "W2", "b2")


class LearnerError(Exception):
    """One of the learner's functions failed; the message says which, how and where."""


class _TimeUp(BaseException):
    """Raised inside the learner's code when its time is up (a BaseException: `except Exception`
    in their code does not swallow it)."""


def _ring(signum, frame):
    raise _TimeUp


@contextmanager
def time_limit(seconds: float):
    """Interrupt the code inside after `seconds` (main thread, POSIX); elsewhere no limit."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return
    if signal.getsignal(signal.SIGALRM) is not _ring:
        signal.signal(signal.SIGALRM, _ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


class Cache(dict):
    """The cache as the Trainer keeps it (A0, Z1, A1, Z2, A2), with the learner's own beside it."""

    theirs: dict = {}


def _array(what: str, value, shape: tuple) -> np.ndarray:
    try:
        array = np.array(value, dtype=float)
    except (TypeError, ValueError):
        raise LearnerError(f"{what} is a {type(value).__name__}, not an array of numbers") from None
    if array.shape != shape:
        raise LearnerError(f"{what} has shape {array.shape}, expected {shape}")
    return array


def _mapping(what: str, value, keys) -> dict:
    if not isinstance(value, dict):
        raise LearnerError(f"{what} is a {type(value).__name__}, expected a dict with {', '.join(keys)}")
    missing = [k for k in keys if k not in value]
    if missing:
        raise LearnerError(f"{what} has no {', '.join(missing)}")
    return value


def _sticky(method):
    """A failure is kept: later calls raise it at once (an endless loop costs its time limit
    once), until init_params starts the network afresh."""

    @functools.wraps(method)
    def call(self, *args, **kwargs):
        if self.failed is not None:
            raise self.failed
        try:
            return method(self, *args, **kwargs)
        except LearnerError as err:
            self.failed = err
            raise

    return call


class LearnerNetwork:
    """The five contract functions, forward, backward and update being the learner's."""

    def __init__(self, workspace: Path | str):
        self.workspace = str(Path(workspace).expanduser().resolve())
        self.path = str(Path(self.workspace) / "network.py")
        self._module = None
        self.failed: LearnerError | None = None

    @property
    def module(self):
        """The learner's network.py, loaded once (LearnerError if it cannot be)."""
        if self._module is None:
            from nn_tutor.exercises.runner import LoadError, load

            if self.workspace not in sys.path:
                sys.path.append(self.workspace)  # network.py may import its neighbours
            try:
                with time_limit(CALL_SECONDS * 2):
                    self._module = load(Path(self.path), let_through=(_TimeUp,))
            except LoadError as err:
                raise LearnerError(str(err)) from None
            except _TimeUp:
                raise LearnerError(
                    f"network.py did not finish loading within {CALL_SECONDS * 2:g} s: "
                    "a loop at the top level, outside any function?"
                ) from None
        return self._module

    def _call(self, name: str, *args):
        """The learner's function `name` on `args`, within the time limit."""
        from nn_tutor.exercises.runner import explain, line_in

        fn = getattr(self.module, name, None)
        if not callable(fn):
            raise LearnerError(f"network.py has no function {name} (renamed or deleted?)")
        try:
            with np.errstate(all="ignore"), time_limit(CALL_SECONDS):
                return fn(*args)
        except _TimeUp as err:
            where = line_in(err.__traceback__, self.path)
            line = f" (it was on line {where[0]} of network.py)" if where else ""
            raise LearnerError(
                f"your {name} did not return within {CALL_SECONDS:g} s{line}: an endless loop?"
            ) from None
        except BaseException as err:  # noqa: BLE001 - the learner's code may raise anything, sys.exit too
            raise LearnerError("your " + explain(name, err, self.path)[1]) from None

    # -- the contract -----------------------------------------------------------------------
    def init_params(self, layer_sizes, init="small_random", seed=2):
        _ = self.module  # a file that cannot load is reported now, not at the first step
        self.failed = None
        return model.init_params(layer_sizes, init=init, seed=seed)

    @_sticky
    def forward(self, params, X, activations):
        if tuple(activations) != ACTIVATIONS:
            raise LearnerError(f"your forward computes tanh → sigmoid; this network is {' → '.join(activations)}")
        theirs = {k: np.array(v) for k, v in params.items()}
        result = self._call("forward", np.array(X), theirs)
        if not isinstance(result, (tuple, list)) or len(result) != 2:
            raise LearnerError(f"your forward returned a {type(result).__name__}, expected the pair (A2, cache)")
        A2, their_cache = result
        _mapping("your forward's cache", their_cache, ("Z1", "A1", "Z2", "A2"))
        n_h, m = params["W1"].shape[0], X.shape[1]
        cache = Cache(A0=X)
        for key, rows in (("Z1", n_h), ("A1", n_h), ("Z2", 1), ("A2", 1)):
            cache[key] = _array(f"your forward's cache[{key!r}]", their_cache[key], (rows, m))
        _array("the A2 your forward returned", A2, (1, m))
        cache.theirs = their_cache
        return cache

    def compute_cost(self, AL, Y, cost="cross_entropy"):
        return model.compute_cost(AL, Y, cost=cost)

    @_sticky
    def backward(self, params, cache, Y, activations, cost="cross_entropy"):
        if cost != "cross_entropy":
            raise LearnerError(f"your backward is for the cross-entropy cost; this network's cost is {cost}")
        X = cache["A0"]
        their_cache = getattr(cache, "theirs", None) or {k: v for k, v in cache.items() if k != "A0"}
        theirs = {k: np.array(v) for k, v in params.items()}
        grads = _mapping(
            "what your backward returned", self._call("backward", theirs, their_cache, X, Y), [f"d{k}" for k in PARAMS]
        )
        out = {f"d{k}": _array(f"your backward's d{k}", grads[f"d{k}"], params[k].shape) for k in PARAMS}
        for l in (1, 2):  # dZ is shown when their backward returns it
            dZ = grads.get(f"dZ{l}")
            if dZ is not None and np.shape(dZ) == cache[f"Z{l}"].shape:
                out[f"dZ{l}"] = np.array(dZ, dtype=float)
        return out

    @_sticky
    def update(self, params, grads, learning_rate):
        theirs = {k: np.array(v) for k, v in params.items()}
        new = _mapping(
            "what your update returned",
            self._call("update", theirs, {k: np.array(v) for k, v in grads.items()}, learning_rate),
            PARAMS,
        )
        return {k: _array(f"your update's {k}", new[k], params[k].shape) for k in PARAMS}


def two_layer(config) -> bool:
    """Whether a network is the one the learner writes: [n_x, n_h, 1], tanh → sigmoid, cross-entropy."""
    return (
        len(config.layers) == 3
        and config.layers[-1] == 1
        and tuple(config.activations) == ACTIVATIONS
        and config.cost == "cross_entropy"
    )
