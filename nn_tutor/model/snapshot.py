"""Snapshot: what the panel may show of a network at one moment, immutable and small enough
to send from one process to another (whole-batch arrays are cut to SHOWN columns; their
mean, min and max over the whole batch travel as `stats`)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .config import NetworkConfig, ReadsConfig

SHOWN = 32  # columns of each batch-wide array that a snapshot keeps


class FrozenMapping(dict):
    """A dict that cannot be changed; pickles as a FrozenMapping of read-only arrays."""

    def _refuse(self, *args, **kwargs):
        raise TypeError("a snapshot's mappings are read-only")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = __ior__ = _refuse

    def __reduce__(self):
        return freeze, (dict(self),)


def _lock(value):
    if isinstance(value, np.ndarray):
        value.flags.writeable = False
    elif isinstance(value, tuple):
        for v in value:
            _lock(v)
    return value


def freeze(items) -> FrozenMapping:
    """A FrozenMapping of the given values, their arrays made read-only (pass copies)."""
    mapping = FrozenMapping()
    dict.update(mapping, {k: _lock(v) for k, v in items.items()})
    return mapping


def read_only(array):
    """A read-only copy of an array."""
    out = np.array(array, dtype=float, copy=True)
    out.flags.writeable = False
    return out


def frozen(arrays) -> FrozenMapping:
    """A FrozenMapping of read-only copies of the arrays."""
    return freeze({k: read_only(v) for k, v in arrays.items()})


SIDE_BY_SIDE = 500_000  # values in an array from which a row's max is taken beside its min
_helper = None  # the thread that takes it (made on first use)


def row_stats(array: np.ndarray, mean=None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(mean, min, max) of each row over all columns: three arrays of shape (rows,).

    `mean`, when given, is a cheaper way to the means (a function of no arguments). It is
    taken while every min and max is a number, so the array is then read twice, not three times.
    """
    with np.errstate(all="ignore"):  # NaN or inf in the array are summarised, not warned about
        highest = _beside(_row_max, array) if array.size >= SIDE_BY_SIDE else None
        lo = array.min(axis=1)
        hi = array.max(axis=1) if highest is None else highest.result()
        if mean is None or not (np.isfinite(lo).all() and np.isfinite(hi).all()):
            return row_means(array), lo, hi
        return mean(), lo, hi


def _row_max(array):
    with np.errstate(all="ignore"):
        return array.max(axis=1)


def _beside(function, *args):
    """`function(*args)` started on a helper thread (a Future), or None if no thread can be had.
    NumPy lets go of the interpreter lock while it reduces a large array, so a large array's
    max and min take about the time of one of them: most of a snapshot's time, after a step."""
    global _helper
    try:
        if _helper is None:
            from concurrent.futures import ThreadPoolExecutor

            _helper = ThreadPoolExecutor(1, thread_name_prefix="nn-tutor stats")
        return _helper.submit(function, *args)
    except RuntimeError:  # a process limited to one thread, or ending
        return None


def row_means(array):
    """The mean of each row, summed by einsum: it reads a large array about twice as fast as
    sum(axis=1) does, as fast as a BLAS matrix-vector product on one thread, and it waits for no
    BLAS threads (on a busy machine those made it ten times slower). Call it where NaN and inf
    may not warn."""
    return np.einsum("ij->i", array) / array.shape[1]


@dataclass(frozen=True)
class Snapshot(ReadsConfig):
    """A network at one moment: its settings, progress, and what its last phases produced."""

    config: NetworkConfig
    iteration: int  # updates done so far
    phase: str | None  # the phase just run; None before the first
    next_phase: str
    epoch: float  # examples seen / m
    cost: float | None  # of the latest forward pass, with the parameters before its update
    cost_iteration: int | None  # the iteration (0-based) that forward pass belongs to
    costs: np.ndarray  # the cost of each iteration so far
    accuracy: float | None  # on the whole set, current parameters; None before any forward pass
    diverged: bool
    warning: str
    params: FrozenMapping
    cache: FrozenMapping  # A0, Z1, A1, ... of the latest forward pass, first SHOWN columns
    grads: FrozenMapping  # dW, db full; dZ, dA first SHOWN columns
    stats: FrozenMapping  # Z{l}, A{l}, dZ{l} -> rows mean, min, max (3 × units), whole batch
    batch_m: int  # columns in the latest batch (0 before any forward pass)
    grad_norms: tuple  # ‖dW[l]‖, l = 1..L (empty before the first backward)
    X: np.ndarray | None = field(repr=False)  # None when only what changed was sent
    Y: np.ndarray | None = field(repr=False)

    def __setstate__(self, state):  # unpickled arrays come back writeable; lock them again
        for value in state.values():
            _lock(value)
        self.__dict__.update(state)

    @property
    def cost_name(self) -> str:
        return self.config.cost
