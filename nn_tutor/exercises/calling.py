"""What the checks of the course's exercises share: functions handed to the learner's code as
arguments (slope's f, descend's df, gradient_check's f), and noticing an argument changed in place.

A function argument is written once, as the text of a lambda. `fn_arg(text, fn)` is what the
learner's function receives: the lambda itself when the check calls the learner's code in this
process, an `Expr` (evaluated in the child, numpy as np there) when `fn` is a proxy for code
running in the sandbox. `here(text)` is the same lambda for the check's own expected values.
"""

from __future__ import annotations

import types

import numpy as np

from .compare import Wrong

# None: decide from `fn` (a plain function of the learner's module is called here, anything else
# is a proxy to the sandbox); True or False forces one way.
SEND_AS_TEXT: bool | None = None


def here(text: str):
    """The lambda `text`, made in this process (numpy as np)."""
    return eval(text, {"np": np})  # noqa: S307 - our own fixed texts, never the learner's


def _called_here(fn) -> bool:
    if SEND_AS_TEXT is not None:
        return not SEND_AS_TEXT
    return isinstance(fn, types.FunctionType) and not (fn.__module__ or "").startswith("nn_tutor.")


def fn_arg(text: str, fn):
    """The function argument for a call of the learner's `fn`: the lambda or its text as an Expr."""
    if _called_here(fn):
        return here(text)
    from nn_tutor.sandbox.calls import Expr

    return Expr(text)


def kept(value):
    """A copy to compare with after the call (arrays, dicts of arrays, numbers)."""
    if isinstance(value, dict):
        return {k: kept(v) for k, v in value.items()}
    return np.array(value, copy=True) if isinstance(value, np.ndarray) else value


def unchanged(name: str, arguments: dict, before: dict) -> None:
    """Wrong when the call changed one of its array arguments in place (arguments: name -> value)."""
    for arg, value in arguments.items():
        old = before[arg]
        if isinstance(value, np.ndarray) and (
            value.shape != old.shape or not np.array_equal(value, old, equal_nan=True)
        ):
            raise Wrong(
                f"{name} changed its argument {arg} in place: work on a new array ({arg} = {arg} − … "
                f"makes one; {arg} -= …, {arg}[…] = … and np.random.shuffle({arg}) change the one you were given)"
            )


def call(fn, name: str, **arguments):
    """fn(*arguments.values()), then Wrong if it changed an array argument in place."""
    before = {arg: kept(value) for arg, value in arguments.items()}
    result = fn(*arguments.values())
    unchanged(name, arguments, before)
    return result


def pair(name: str, result, first: str, second: str) -> tuple:
    """The two values of a returned pair, or Wrong saying what came back instead."""
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        got = f"a {type(result).__name__}" if not isinstance(result, (tuple, list)) else f"{len(result)} values"
        raise Wrong(f"{name} returns {got}, expected the pair ({first}, {second})")
    return result[0], result[1]
