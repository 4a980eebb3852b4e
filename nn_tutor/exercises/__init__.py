"""Exercises: the learner writes the network's nine functions in a workspace; the tutor checks them.

`init_workspace(DIR)` lays out DIR/network.py (stubs) and a README; `run_checks(DIR)` checks
each function in a separate, time-limited process and returns one Result per function.
"""

from .catalogue import EXERCISES, NAMES, hint, lesson_label
from .supervise import Result, run_checks
from .workspace import init_workspace

__all__ = ["EXERCISES", "NAMES", "Result", "hint", "init_workspace", "lesson_label", "run_checks"]
