"""What the panel warns about a training network: divergence, a rising cost, saturated or dead
units, vanishing gradients. One sentence, or "" when all is well."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .trainer import Trainer

VANISHING_RATIO = 1e-2  # ‖dW1‖ / ‖dWL‖ below this, in a network of 3 or more layers
RISING = "The cost is higher than where it started"  # the warning's first words (the panel adds to it)


def times(ratio: float) -> str:
    """A ratio as a learner reads it: 450×, 12 000×, 3.1 million×, 10¹⁵×."""
    if not math.isfinite(ratio):
        return "infinitely"
    if ratio < 10:
        return f"{ratio:.2g}×"
    if ratio < 1e6:  # two significant figures, thousands spaced
        return f"{round(ratio, 1 - int(math.log10(ratio))):,.0f}×".replace(",", " ")
    if ratio < 1e9:
        return f"{ratio / 1e6:.2g} million×"
    power = int(math.floor(math.log10(ratio)))
    return "10" + str(power).translate(str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")) + "×"


def warning(trainer: Trainer) -> str:
    """The first thing wrong with the trainer's state as it is, or ""."""
    acts = trainer.config.activations
    L = len(acts)
    if trainer.diverged:
        return (
            f"Diverged at iteration {trainer.iteration}: the cost is no longer a number. "
            "Lower the learning rate and reset."
        )
    costs = trainer.costs
    if len(costs) >= 20 and costs[-1] > costs[0] * 1.05:
        return f"{RISING}: the learning rate may be too large."
    # saturated or dead units matter while the cost is still high; a trained network
    # may well sit in the flat parts of tanh with every example right
    if trainer.cache and L > 1 and (trainer.cost is None or trainer.cost > 0.5):
        for l in range(1, L):
            name, Z = acts[l - 1], trainer.cache[f"Z{l}"]
            if name in ("sigmoid", "tanh"):
                sample = Z[:, :: max(1, Z.shape[1] // 128)]  # a heuristic: 128 columns tell
                if np.count_nonzero(np.abs(sample) > 5) > sample.size / 2:
                    return f"Layer {l}: most {name} units are saturated (|z| > 5), so their gradients are near 0."
            if name == "relu" and np.mean(trainer.unit_stats(f"Z{l}")[2] <= 0) > 0.5:
                return f"Layer {l}: most ReLU units are dead (z ≤ 0 for every example)."
    return vanishing(trainer.grads, L)


def vanishing(grads: dict[str, np.ndarray], L: int) -> str:
    """In a deep network, the first layer's gradient far below the last layer's."""
    if L < 3 or not grads:
        return ""
    with np.errstate(all="ignore"):
        first, last = float(np.linalg.norm(grads["dW1"])), float(np.linalg.norm(grads[f"dW{L}"]))
    if last > 0 and first < VANISHING_RATIO * last:
        return (
            f"Vanishing gradients: ‖dW1‖ = {first:.2g} is {times(last / max(first, 1e-300))} "
            f"smaller than ‖dW{L}‖ = {last:.2g}; the first layers barely learn."
        )
    return ""
