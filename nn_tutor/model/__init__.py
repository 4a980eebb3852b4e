"""The NumPy model: data sets, activations, the network, gradient check, the Trainer.

Pure NumPy; knows nothing of how it is displayed. Names load on first use, so that
`nn_tutor.model.config` (what a lesson file is checked with) is read without NumPy.
"""

from nn_tutor.lazy import lazy_names
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


__getattr__, __dir__ = lazy_names(__name__, _HOME, globals())
