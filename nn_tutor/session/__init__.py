"""The training session: one network trained in its own process, driven by commands,
reporting what the panel shows. Imports no UI code.

`Session` is the app's side; `Engine` holds the rules and runs in the training process.
"""

from nn_tutor.session.client import Session
from nn_tutor.session.engine import DEFAULT_SPEED, LR_MAX, LR_MIN, SPEEDS
from nn_tutor.session.messages import CompareResult, GradCheck, Notice, Update

__all__ = ["CompareResult", "DEFAULT_SPEED", "GradCheck", "LR_MAX", "LR_MIN", "Notice", "SPEEDS", "Session", "Update"]
