"""The running speeds and learning-rate bounds the app and the training process share, and
`next_in` (cycling through a list). No NumPy: the app's first frame imports this."""

from __future__ import annotations

SPEEDS = (10, 100, 300, 1000, None)  # iterations a second while running; None: as fast as it goes
DEFAULT_SPEED = 300
LR_MIN, LR_MAX = 1e-4, 1e3


def next_in(names, current, step: int = 1):
    """The name after `current` in `names`, going round (the first if `current` is not there)."""
    names = list(names)
    i = names.index(current) if current in names else -1
    return names[(i + step) % len(names)]
