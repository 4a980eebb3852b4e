"""The backward pass one equation at a time: each `.` computes the next of dZ2, dW2, db2,
dA1, dZ1, dW1, db1 and shows its equation, how the shapes combine, and its value."""

from __future__ import annotations

import numpy as np
from textual.binding import Binding

from nn_tutor.model.demos import backward_steps
from nn_tutor.ui import format as fmt
from nn_tutor.ui.views.frame import Frame
from nn_tutor.ui.views.keys import KeyedView
from nn_tutor.ui.views.text import TextView

SHOWN_COLUMNS = 4  # columns of a result shown, so that a row fits a narrow panel


def value_lines(value) -> list[str]:
    """A result's first rows and columns, columns as columns, and how many are left out."""
    value = np.atleast_2d(value)
    lines = fmt.matrix(value[:, :SHOWN_COLUMNS], indent="    ")
    if value.shape[1] > SHOWN_COLUMNS:
        lines.append(f"    … {value.shape[1] - SHOWN_COLUMNS} more columns")
    return lines


class BackpropStepsView(KeyedView, TextView):
    """The model's backward pass at the network's current parameters, stepped by `.`."""

    BINDINGS = [
        Binding(
            "full_stop",
            "next_equation",
            "Next equation",
            key_display=".",
            tooltip="Compute the next equation of the backward pass (after the last, start again).",
        ),
    ]

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.done = 0  # equations shown so far
        self.frame: Frame | None = None
        self.steps: list = []
        self._params_key: tuple | None = None
        self._warned_key: tuple | None = None  # the parameters already warned about

    def show(self, frame: Frame) -> None:
        self.frame = frame
        s = frame.snapshot
        key = tuple(v.tobytes() for v in s.params.values())
        if key != self._params_key:
            self._params_key = key
            self.steps = backward_steps(dict(s.params), s.X, s.Y, list(s.activations), cost=s.cost_name)
            self.done = min(self.done, len(self.steps))
        super().show(frame)

    def text(self, frame: Frame) -> str:
        s = frame.snapshot
        total = len(self.steps)
        lines = [
            f"Backward pass on all {s.X.shape[1]} examples, iteration {s.iteration}'s parameters:",
            f"{self.done} of {total} equations computed.   . computes the next",
            "",
        ]
        for k, step in enumerate(self.steps):
            if k < self.done:
                current = k == self.done - 1
                lines.append(("▶ " if current else "  ") + step.equation)
                lines.append(f"      shapes {step.shapes}")
                if current:
                    lines += value_lines(step.value)
            else:
                lines.append(f"  {step.name} = ?")
        if self.done == total and total:
            norms = "  ".join(
                f"‖{st.name}‖ = {fmt.number(fmt.norm(st.value))}" for st in self.steps if st.name.startswith("dW")
            )
            lines += [
                "",
                f"All {total} done: every gradient has the shape of what it is the gradient of.",
                norms,
                "Press . to start again.",
            ]
        return "\n".join(lines)

    def action_next_equation(self) -> None:
        self.done = 0 if self.done >= len(self.steps) else self.done + 1
        if self.frame is not None:
            TextView.show(self, self.frame)
        if (
            self.done
            and not np.isfinite(self.steps[self.done - 1].value).all()
            and self._warned_key != self._params_key
        ):  # once, not once per equation
            self._warned_key = self._params_key
            self.notify(
                "This result holds values that are not numbers: the network has diverged.",
                severity="warning",
                timeout=3,
            )
