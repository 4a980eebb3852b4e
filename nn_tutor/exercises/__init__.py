"""Exercises: the learner writes the network's functions in a workspace; the tutor checks them.

Each exercise is one record (catalogue.EXERCISES). `init_workspace(DIR)` lays out DIR's files
(stubs) and a README; `run_checks(DIR)` checks each function in a separate, time-limited process
and returns one Result per function.
"""

from .catalogue import EXERCISES, NAMES, by_name, hint, hints, lesson_label
from .supervise import Result, run_checks
from .workspace import init_workspace

__all__ = ["EXERCISES", "NAMES", "Result", "by_name", "hint", "hints", "init_workspace", "lesson_label", "run_checks"]
