"""The NumPy model: data sets, activations, the network, gradient check, the Trainer.

Pure NumPy; knows nothing of how it is displayed.
"""

from .activations import ACTIVATIONS, derivative
from .datasets import DATASETS, load_dataset
from .gradcheck import gradient_check, gradient_check_details
from .network import (INITS, accuracy, backward, compute_cost, decision_grid, forward,
                      init_params, predict, update)
from .trainer import PHASES, Snapshot, Trainer

__all__ = [
    "ACTIVATIONS", "DATASETS", "INITS", "PHASES", "Snapshot", "Trainer", "accuracy", "backward",
    "compute_cost", "decision_grid", "derivative", "forward", "gradient_check",
    "gradient_check_details", "init_params", "load_dataset", "predict", "update",
]
