"""The NumPy model: data sets, activations, the network, gradient check, the Trainer.

Pure NumPy; knows nothing of how it is displayed.
"""

from nn_tutor.names import ACTIVATIONS, DATASETS, INITS

from .activations import derivative
from .config import ConfigError, NetworkConfig
from .datasets import load_dataset
from .gradcheck import gradient_check, gradient_check_details
from .network import (accuracy, backward, compute_cost, decision_grid, forward,
                      init_params, predict, update)
from .snapshot import SHOWN, Snapshot
from .trainer import PHASES, Trainer

__all__ = [
    "ACTIVATIONS", "ConfigError", "DATASETS", "INITS", "NetworkConfig", "PHASES", "SHOWN", "Snapshot",
    "Trainer", "accuracy", "backward",
    "compute_cost", "decision_grid", "derivative", "forward", "gradient_check",
    "gradient_check_details", "init_params", "load_dataset", "predict", "update",
]
