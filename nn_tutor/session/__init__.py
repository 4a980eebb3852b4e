"""The training session: one network trained in its own process, driven by commands,
reporting what the panel shows. Imports no UI code.

`Session` is the app's side; `Engine` holds the rules and runs in the training process.
The names below load on first use: importing the package (or `pace`, `child`) pulls no NumPy,
so the app draws its first frame before NumPy has loaded.
"""

from nn_tutor.lazy import lazy_names
from nn_tutor.session.pace import DEFAULT_SPEED, LR_MAX, LR_MIN, SPEEDS

_LAZY = {
    "Session": "client",
    "CompareResult": "messages",
    "GradCheck": "messages",
    "Notice": "messages",
    "Update": "messages",
}

__all__ = ["CompareResult", "DEFAULT_SPEED", "GradCheck", "LR_MAX", "LR_MIN", "Notice", "SPEEDS", "Session", "Update"]


__getattr__, __dir__ = lazy_names(__name__, _LAZY, globals())
