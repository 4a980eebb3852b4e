"""The NumPy model: data sets, activations, the network, gradient check, the Trainer.

Pure NumPy; knows nothing of how it is displayed. Names load on first use, so that
`nn_tutor.model.config` (what a lesson file is checked with) is read without NumPy.
"""

import importlib

from nn_tutor.names import ACTIVATIONS, DATASETS, INITS

_HOME = {
    "derivative": "activations",
    "ConfigError": "config",
    "NetworkConfig": "config",
    "load_dataset": "datasets",
    "gradient_check": "gradcheck",
    "gradient_check_details": "gradcheck",
    "accuracy": "network",
    "backward": "network",
    "compute_cost": "network",
    "decision_grid": "network",
    "forward": "network",
    "init_params": "network",
    "predict": "network",
    "update": "network",
    "SHOWN": "snapshot",
    "Snapshot": "snapshot",
    "PHASES": "trainer",
    "Trainer": "trainer",
}

__all__ = ["ACTIVATIONS", "DATASETS", "INITS", *_HOME]


def __getattr__(name: str):
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_HOME[name]}"), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))
