"""The model panel's views, each declared once here: its name, tab title and widget class.

Every view has `show(frame)`. Adding a view means writing its widget in this folder and
adding one entry to VIEWS; the lesson schema takes the names it accepts from here. This
module imports neither Textual nor NumPy (a view's module loads when a panel first makes
one), so checking a lesson file does not load the UI.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class View:
    title: str
    widget: str  # "module:Class" in this folder
    full_stop: str | None = None  # what . does on its tab, when not the next phase
    args: Callable[[Any], tuple] = lambda lesson: ()  # the lesson's part the widget is made with

    def make(self, lesson, **kwargs):
        """The view's widget for `lesson` (`kwargs`: id=...)."""
        module, name = self.widget.split(":")
        cls = getattr(importlib.import_module(f"{__name__}.{module}"), name)
        return cls(*self.args(lesson), **kwargs)


VIEWS = {
    "forward": View("Forward", "text:ForwardView"),
    "gradients": View("Gradients", "text:GradientsView"),
    "cost": View("Cost", "plots:CostView"),
    "activation": View("Activation", "plots:ActivationView"),
    "boundary": View("Boundary", "boundary:BoundaryView"),
    "graph": View("Graph", "graph:GraphView", "steps the graph"),
    "symmetry": View("Symmetry", "text:SymmetryView"),
    "gradient_norms": View("Grad norms", "text:GradNormsView"),
    "gradcheck": View("Grad check", "text:GradcheckView"),
    "loss_shape": View("Loss shape", "plots:LossShapeView"),
    "compare": View("Compare", "plots:CompareView", args=lambda lesson: (lesson.panel.compare,)),
    "network": View("Network", "network:NetworkView"),
    "nudge": View("Nudge", "nudge:NudgeView"),
    "backprop_steps": View("Backprop steps", "backprop:BackpropStepsView", "computes the next backward equation"),
    "vectorise": View("Vectorise", "vectorise:VectoriseView"),
}
CORE_VIEWS = ("forward", "gradients", "cost")  # every panel has these, after the lesson's own


def __getattr__(name: str):
    if name == "Frame":  # the frame every view draws (NumPy): loaded when first asked for
        from nn_tutor.ui.views.frame import Frame

        return Frame
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["CORE_VIEWS", "Frame", "VIEWS", "View"]
