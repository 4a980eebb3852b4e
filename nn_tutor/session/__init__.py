"""The training session: one network trained in its own process, driven by commands,
reporting what the panel shows. Imports no UI code.

`Session` is the app's side; `Engine` holds the rules and runs in the training process.
The names below load on first use: importing the package (or `pace`, `child`) pulls no NumPy,
so the app draws its first frame before NumPy has loaded.
"""

import importlib

from nn_tutor.session.pace import DEFAULT_SPEED, LR_MAX, LR_MIN, SPEEDS

_LAZY = {
    "Session": "client",
    "CompareResult": "messages",
    "GradCheck": "messages",
    "Notice": "messages",
    "Update": "messages",
}

__all__ = ["CompareResult", "DEFAULT_SPEED", "GradCheck", "LR_MAX", "LR_MIN", "Notice", "SPEEDS", "Session", "Update"]


def __getattr__(name: str):
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))
