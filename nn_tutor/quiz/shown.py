"""How many figures a prompt shows of a value the learner works from.

A learner may compute the answer from the numbers printed in the question and round it to
the figures asked for. Where the answer is sensitive to those numbers (1 − a with a near 1,
a sum of probabilities that nearly cancels) six figures are not enough: `figures_for` finds
the fewest that make every such honest answer right.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable

import numpy as np

from nn_tutor.quiz.check import SIG_FIGS, check_answer
from nn_tutor.quiz.format import exact, num

FEWEST = 6
MOST = 12


def shown(x: float, figures: int) -> float:
    """The value a learner reads when `x` is printed with `figures` significant figures."""
    return float(num(x, figures))


def honest_answers(value: float) -> list[str]:
    """What a learner writes for a value worked out by hand: rounded half up and half to
    even to the figures asked for, and the value itself as the prompt would print it."""
    texts = [num(value)]
    if value != 0:
        d = decimal.Decimal(value)
        place = decimal.Decimal(1).scaleb(d.adjusted() - SIG_FIGS + 1)
        near = abs(d) * decimal.Decimal("1e-9")  # worked exactly, 0.1185 is a tie
        for worked in (d - near, d, d + near):
            for rounding in (decimal.ROUND_HALF_UP, decimal.ROUND_HALF_EVEN):
                texts.append(str(worked.quantize(place, rounding=rounding)))
    return list(dict.fromkeys(texts))


def accepted(answer, worked) -> bool:
    """Every honest rounding of every entry of `worked` is right for `answer`."""
    for want, got in zip(np.ravel(answer), np.ravel(worked)):
        for text in honest_answers(float(got)):
            if not check_answer(exact(want), text, "numeric").correct:
                return False
    return True


def figures_for(answer, worked_from: Callable[[int], object]) -> int:
    """The fewest figures (6 to 12) to show, where `worked_from(figures)` is the answer
    computed from the prompt's values shown with that many figures."""
    for figures in range(FEWEST, MOST + 1):
        if accepted(answer, worked_from(figures)):
            return figures
    return MOST
