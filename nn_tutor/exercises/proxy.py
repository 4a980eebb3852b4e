"""The learner's functions as a check sees them: proxies that call into the sandboxed child.

A check runs in the tutor's process with `fn` a `Function` and `module` a `Module`; each call
sends the arguments to the child (LearnerCode.call) and returns the value it answered. A
function that changes an argument in place fails the check. What the calls print is gathered
for the Result. The check's time limit is one deadline shared by all its calls.
"""

from __future__ import annotations

import re
import time

import numpy as np

from nn_tutor.sandbox import wire
from nn_tutor.sandbox.calls import Broken, Cancelled, LimitHit, LoadFailed, Raised, TimedOut
from nn_tutor.sandbox.text import safe_text

from .compare import Wrong


class Stop(BaseException):
    """Ends a check at once (the child timed out, hit a limit or broke); a BaseException so a
    check's `except Exception` does not take it for an ordinary failure. `.error` says which."""

    def __init__(self, error):
        super().__init__(str(error))
        self.error = error


class Todo(Raised, NotImplementedError):
    """The learner's code raised NotImplementedError (a check may catch it as such)."""


class Foreign:
    """Stands for a value the child could not send (a set, a generator, …): its class is named
    after the learner's type, so messages say "is a set"."""

    def __init__(self, text: str):
        self.text = text

    def __repr__(self):
        return self.text


_FOREIGN: dict[str, type] = {}


def _foreign(opaque: wire.Opaque) -> Foreign:
    name = re.sub(r"[^A-Za-z0-9_.]", "", str(opaque.type_name))[:60] or "object"
    cls = _FOREIGN.setdefault(name, type(name, (Foreign,), {}))
    return cls(safe_text(opaque.text, 200))


def _local(value):
    """The child's answer with Opaque stand-ins made Foreign, containers kept."""
    if isinstance(value, wire.Opaque):
        return _foreign(value)
    if type(value) is list:
        return [_local(v) for v in value]
    if type(value) is tuple:
        return tuple(_local(v) for v in value)
    if type(value) is dict:
        return {k: _local(v) for k, v in value.items()}
    return value


def same(before, after) -> bool:
    """Whether `after` equals `before` exactly (arrays by value, NaN equal to NaN)."""
    if isinstance(before, np.ndarray):
        return (
            isinstance(after, np.ndarray)
            and before.shape == after.shape
            and before.dtype == after.dtype
            and bool(np.array_equal(before, after, equal_nan=before.dtype.kind in "fc"))
        )
    if isinstance(before, dict):
        return (
            isinstance(after, dict) and before.keys() == after.keys() and all(same(before[k], after[k]) for k in before)
        )
    if isinstance(before, list):
        return isinstance(after, list) and len(before) == len(after) and all(same(b, a) for b, a in zip(before, after))
    return True  # numbers, strings, tuples: a function cannot change them in place


class Calls:
    """What one check's calls share: the child, the deadline, the printed output, counting."""

    def __init__(self, code, file: str, limit: float):
        self.code, self.file, self.limit = code, file, limit
        self.deadline = time.monotonic() + limit
        self.output = ""
        self.counting: Counting | None = None

    def call(self, name: str, args: tuple, kwargs: dict):
        seed = int(np.random.randint(0, 2**31 - 1))  # a check's np.random.seed reaches the child
        count = self.counting.names if self.counting else ()
        left = self.deadline - time.monotonic()
        try:
            if left <= 0:
                raise TimedOut(self.limit)
            out = self.code.call(self.file, name, *args, timeout=left, count=count, seed=seed, kwargs=kwargs)
        except Raised as raised:
            self.output = (self.output + raised.output)[-2000:]
            if raised.type_name == "NotImplementedError":
                raise Todo(
                    raised.type_name, raised.message, raised.file, raised.line, raised.function, raised.output
                ) from None
            raise
        except (TimedOut, LimitHit, Broken, Cancelled, LoadFailed) as error:
            self.output = (self.output + getattr(error, "output", ""))[-2000:]
            raise Stop(error) from None
        self.output = (self.output + out.output)[-2000:]
        if self.counting is not None:
            for key, n in out.counts.items():
                self.counting.calls[key] = self.counting.calls.get(key, 0) + n
            for key, value in out.first.items():
                self.counting.first.setdefault(key, _local(value))
        for index, (sent, back) in enumerate(zip(args, out.args)):
            if not same(sent, back):
                param = out.params[index] if index < len(out.params) else f"argument {index + 1}"
                param = safe_text(param, 40)
                raise Wrong(
                    f"{name} changed the {param} it was given in place (`+=`, `-=` or "
                    f"`{param}[...] =` change it): leave its inputs as they were and return "
                    "new values"
                )
        for key, sent in kwargs.items():
            if not same(sent, out.kwargs.get(key, sent)):
                raise Wrong(
                    f"{name} changed its argument {key} in place: leave the inputs as they were and return new values"
                )
        return _local(out.value)


class Function:
    """One of the learner's functions: calling it runs it in the child."""

    def __init__(self, calls: Calls, name: str):
        self._calls, self.__name__ = calls, name

    def __call__(self, *args, **kwargs):
        return self._calls.call(self.__name__, args, kwargs)


class Counting:
    """`with module.counting(("forward", ...)) as counted:` — while inside, every call through
    the proxies counts the calls of those functions made by the learner's code;
    `counted.calls[name]` and `counted.first[name]` (the first value each returned)."""

    def __init__(self, calls: Calls, names):
        self._calls, self.names = calls, tuple(names)
        self.calls: dict[str, int] = {}
        self.first: dict = {}

    def __enter__(self):
        self._calls.counting = self
        return self

    def __exit__(self, *exc):
        self._calls.counting = None


class Module:
    """The learner's workspace file as a check sees it: `module.forward(...)` calls their
    forward in the child; `module.counting(names)` counts calls (see Counting)."""

    def __init__(self, calls: Calls):
        self._calls = calls

    def counting(self, names) -> Counting:
        return Counting(self._calls, names)

    def __getattr__(self, name: str) -> Function:
        if name.startswith("_"):
            raise AttributeError(name)
        return Function(self._calls, name)
