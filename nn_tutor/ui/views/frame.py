"""The Frame every view draws: a Snapshot plus what the learner has selected."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nn_tutor.model import Snapshot
from nn_tutor.session.messages import GradCheck

NO_FORWARD = "No forward pass yet: press space for one iteration, or . for one phase."
NO_BACKWARD = "No gradients yet: they appear after the backward phase (space, or . three times)."
RUNNING_PLOT_SECONDS = 0.2  # while training runs fast, the panel's sparkline, phases and view redraw this often at most


@dataclass(frozen=True, eq=False)
class Frame:
    """Everything a view may show at one moment (frames compare by identity)."""

    snapshot: Snapshot
    example: int = 0  # selected column among the batch's shown columns
    gradcheck: GradCheck | None = None  # when the gradient check's view asked for one
    running: bool = False
    speed: int | None = None  # iterations a second while running (None: max)
    reference_costs: np.ndarray | None = None  # beside your network: the reference's costs
    failing: tuple[str, ...] = ()  # your network run anyway: its functions that fail their checks

    @property
    def column(self) -> int | None:
        """The selected example's column in the snapshot's cache (None before a forward pass)."""
        A0 = self.snapshot.cache.get("A0")
        if A0 is None or A0.shape[1] == 0:
            return None
        return self.example % A0.shape[1]


def example_label(s: Snapshot, i: int) -> int | None:
    """The class of shown batch column i (0/1, or k for one-hot labels), found in the whole
    set (a mini-batch is a shuffled subset); None if it cannot be found."""
    A0 = s.cache.get("A0")
    if A0 is None or not 0 <= i < A0.shape[1]:
        return None
    if s.batch_m == s.X.shape[1] and A0.shape[1] <= s.X.shape[1] and np.array_equal(A0[:, i], s.X[:, i]):
        column = i
    else:
        match = np.flatnonzero(np.all(s.X == A0[:, i : i + 1], axis=0))
        if not len(match):
            return None
        column = int(match[0])
    y = s.Y[:, column]
    return int(np.argmax(y)) if len(y) > 1 else int(y[0] > 0.5)


def predicted(output) -> int | None:
    """The class an output column says (ŷ > 0.5 for one unit, the largest for softmax);
    None when it holds no number to go by."""
    output = np.asarray(output, dtype=float)
    if not np.isfinite(output).all():
        return None
    return int(np.argmax(output)) if len(output) > 1 else int(output[0] > 0.5)
