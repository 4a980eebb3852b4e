"""The model panel's views, each named once here: its tab title and how to make it.

Every view has `show(frame)`; adding a view means writing it and adding one entry to VIEWS
(and its name to the lesson schema's list of views).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from textual.widget import Widget

from nn_tutor.ui.views.backprop import BackpropStepsView
from nn_tutor.ui.views.boundary import BoundaryView
from nn_tutor.ui.views.frame import Frame
from nn_tutor.ui.views.graph import GraphView
from nn_tutor.ui.views.network import NetworkView
from nn_tutor.ui.views.nudge import NudgeView
from nn_tutor.ui.views.plots import ActivationView, CompareView, CostView, LossShapeView
from nn_tutor.ui.views.text import ForwardView, GradcheckView, GradientsView, GradNormsView, SymmetryView
from nn_tutor.ui.views.vectorise import VectoriseView


@dataclass(frozen=True)
class View:
    title: str
    make: Callable[..., Widget]          # (lesson, id=...) -> the view widget
    full_stop: str | None = None         # what . does on its tab, when not the next phase


VIEWS = {
    "forward": View("Forward", lambda lesson, **kw: ForwardView(**kw)),
    "gradients": View("Gradients", lambda lesson, **kw: GradientsView(**kw)),
    "cost": View("Cost", lambda lesson, **kw: CostView(**kw)),
    "activation": View("Activation", lambda lesson, **kw: ActivationView(**kw)),
    "boundary": View("Boundary", lambda lesson, **kw: BoundaryView(**kw)),
    "graph": View("Graph", lambda lesson, **kw: GraphView(**kw), "steps the graph"),
    "symmetry": View("Symmetry", lambda lesson, **kw: SymmetryView(**kw)),
    "gradient_norms": View("Grad norms", lambda lesson, **kw: GradNormsView(**kw)),
    "gradcheck": View("Grad check", lambda lesson, **kw: GradcheckView(**kw)),
    "loss_shape": View("Loss shape", lambda lesson, **kw: LossShapeView(**kw)),
    "compare": View("Compare", lambda lesson, **kw: CompareView(lesson.panel.compare, **kw)),
    "network": View("Network", lambda lesson, **kw: NetworkView(**kw)),
    "nudge": View("Nudge", lambda lesson, **kw: NudgeView(**kw)),
    "backprop_steps": View("Backprop steps", lambda lesson, **kw: BackpropStepsView(**kw),
                           "computes the next backward equation"),
    "vectorise": View("Vectorise", lambda lesson, **kw: VectoriseView(**kw)),
}

__all__ = ["VIEWS", "Frame", "View"]
