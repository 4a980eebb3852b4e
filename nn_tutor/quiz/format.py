"""How the quiz writes numbers and matrices in prompts, hints and worked solutions."""

from __future__ import annotations

import numpy as np

from nn_tutor.quiz.check import SIG_FIGS

ROUNDED = f"Give it to {SIG_FIGS} significant figures."
ROUNDED_ENTRIES = f"Give each entry to {SIG_FIGS} significant figures."


def num(x: float, digits: int = 6) -> str:
    """A number as a learner would write it: 0.25, -1.5, 0.880797 (never -0)."""
    x = float(x)
    if abs(x) < 1e-12:
        return "0"
    return f"{x:.{digits}g}"


def par(x: float, digits: int = 6) -> str:
    """A number to put after an operator: negative ones in brackets, 1 − (-0.964028)²."""
    text = num(x, digits)
    return f"({text})" if text.startswith("-") else text


def exact(x: float) -> str:
    """An expected answer, with enough digits that rounding never matters."""
    x = float(x)
    return "0" if abs(x) < 1e-15 else repr(x)


def signed_sum(values) -> str:
    """0.4 + 0.6, −0.6 − 0.6: a sum written with its signs."""
    text = num(values[0])
    for v in values[1:]:
        text += f" − {num(-v)}" if v < 0 else f" + {num(v)}"
    return text


def matrix(values, digits: int = 6) -> str:
    """[[0.1, -0.2], [0.3, 0.4]] on one line."""
    rows = np.atleast_2d(np.asarray(values, dtype=float))
    return "[" + ", ".join("[" + ", ".join(num(v, digits) for v in r) + "]" for r in rows) + "]"


def matrix_exact(values) -> str:
    rows = np.atleast_2d(np.asarray(values, dtype=float))
    return "[" + ", ".join("[" + ", ".join(exact(v) for v in r) + "]" for r in rows) + "]"


def matrix_block(name: str, values, indent: str = "  ", figures: int = 6) -> str:
    """A matrix over several lines, entries lined up, for prompts."""
    rows = np.atleast_2d(np.asarray(values, dtype=float))
    cells = [[num(v, figures) for v in r] for r in rows]
    width = max(len(c) for r in cells for c in r)
    lines = ["[" + ", ".join(c.rjust(width) for c in r) + "]" for r in cells]
    pad = indent + " " * (len(name) + 4)
    body = f",\n{pad}".join(lines)
    return f"{indent}{name} = [{body}]"
