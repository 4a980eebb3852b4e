"""Calling the learner's functions in a sandboxed child: values in, values out.

    with LearnerCode(folder, spare=spare) as code:     # spare: a Spare of that folder, or None
        code.load("network.py")                       # LoadFailed(message)
        out = code.call("network.py", "sigmoid", z, timeout=5.0)
        out.value, out.args, out.output, out.counts, out.first

The child runs host.py, which only loads the workspace files and calls functions; whatever it
answers is a value to be judged here. Raised, TimedOut, LimitHit and Broken say what went
wrong; after the last three the child is gone and the next call starts a fresh one. With a
spare (spare.py) the first child is the one waiting there, if it is; should it have died before
answering, the load is tried once more in a child started then.
"""

from __future__ import annotations

import os
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import wire
from .limits import Limits
from .process import EXIT_PROCESSES, Sandboxed
from .spare import Spare, start_host
from .text import safe_text

LOAD_LIMIT = 15.0  # seconds for Python, NumPy and a workspace file to load
OUTPUT_CHARS = 2000
MESSAGE_CHARS = 2000


@dataclass(frozen=True)
class Expr:
    """A callable argument sent as text and evaluated in the child (numpy as np there)."""

    text: str


wire.register(Expr, "sandbox.Expr")


class LearnerError(Exception):
    """Something the learner's code did; `output` is what it printed before."""

    output: str = ""


class LoadFailed(LearnerError):
    def __init__(self, message: str, output: str = ""):
        super().__init__(message)
        self.message, self.output = message, output


class Raised(LearnerError):
    def __init__(
        self, type_name: str, message: str, file: str | None, line: int | None, function: str | None, output: str = ""
    ):
        text = f"{type_name}: {message}" if message else type_name
        super().__init__(text)
        self.type_name, self.message, self.file, self.line = type_name, message, file, line
        self.function, self.output = function, output


class TimedOut(LearnerError):
    def __init__(
        self,
        seconds: float,
        file: str | None = None,
        line: int | None = None,
        output: str = "",
        function: str | None = None,
    ):
        super().__init__(f"did not finish within {seconds:g} s")
        self.seconds, self.file, self.line, self.output, self.function = seconds, file, line, output, function


class Missing(LearnerError):
    """The file has no function of that name."""

    def __init__(self, name: str, output: str = ""):
        super().__init__(f"there is no function {name}")
        self.name, self.output = name, output


class Cancelled(LearnerError):
    """The caller's cancel event was set while waiting: the child has been ended."""


class LimitHit(LearnerError):
    def __init__(self, sentence: str, output: str = ""):
        super().__init__(sentence)
        self.sentence, self.output = sentence, output


class Broken(LearnerError):
    def __init__(self, sentence: str, output: str = ""):
        super().__init__(sentence)
        self.sentence, self.output = sentence, output


@dataclass
class Out:
    value: object
    args: list
    kwargs: dict
    output: str = ""
    counts: dict = field(default_factory=dict)
    first: dict = field(default_factory=dict)
    params: list = field(default_factory=list)  # the function's parameter names


def _text(value, limit=MESSAGE_CHARS, keep_end=False) -> str:
    return safe_text(value if isinstance(value, str) else "", limit, keep_end)


def _line(value) -> int | None:
    return value if type(value) is int else None


class LearnerCode:
    """The learner's workspace `folder`, loaded in a child started on first use."""

    def __init__(
        self,
        folder,
        limits: Limits | None = None,
        load_limit: float = LOAD_LIMIT,
        cancel=None,
        spare: Spare | None = None,
    ):
        self.folder = Path(folder).resolve()
        self.cancel = cancel  # a threading.Event: when set, a wait ends the child (Cancelled)
        self.limits = limits or Limits()
        self.load_limit = load_limit
        self._child: Sandboxed | None = None
        self._loaded: set[str] = set()
        usable = spare is not None and spare.folder == self.folder and spare.limits == self.limits
        self._spare = spare if usable else None
        self._untried = False  # the child came from the spare and has answered nothing yet

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self) -> None:
        if self._child is not None:
            self._child.end()
            self._child = None
        self._loaded = set()

    # -- the child ------------------------------------------------------------------------
    def _start(self, deadline: float) -> Sandboxed:
        if self._child is None:
            self._loaded = set()
            spare, self._spare = self._spare, None  # used once: a child after a failure starts here
            self._child = spare.take() if spare is not None else None
            self._untried = self._child is not None
            if self._child is None:
                self._child = start_host(self.folder, self.limits)
            answer = self._receive(deadline, "starting")
            if answer.get("ready") is not True:
                self._gone(Broken("the process for your code did not start properly"))
        return self._child

    def _gone(self, error: LearnerError):
        """End the child and raise `error`."""
        self.close()
        raise error

    def _ended(self, output: str = "") -> LearnerError:
        child = self._child
        code = child.wait(1.0)
        why = child.why()
        if code == EXIT_PROCESSES or code in (128 + getattr(signal, "SIGXCPU", 0), 128 + getattr(signal, "SIGXFSZ", 0)):
            return LimitHit(why, output)
        return Broken(f"the process running your code {why}", output)

    def _receive(self, deadline: float, doing: str, on_timeout=None) -> dict:
        try:
            while True:
                left = deadline - time.monotonic()
                try:
                    answer = self._child.receive(min(left, 0.2))
                    break
                except TimeoutError:
                    if self.cancel is not None and self.cancel.is_set():
                        self._gone(Cancelled("cancelled"))
                    if left <= 0.2:
                        raise
        except TimeoutError:
            self._gone(on_timeout() if on_timeout else TimedOut(self.load_limit))
        except EOFError:
            self._gone(self._ended())
        except wire.WireError as exc:
            self._gone(
                Broken(
                    f"the process running your code sent bytes that are not a message "
                    f"while {doing} ({_text(str(exc), 200)})"
                )
            )
        if not isinstance(answer, dict):
            self._gone(Broken(f"the process running your code answered with a {type(answer).__name__} while {doing}"))
        if "broken" in answer:
            self._gone(Broken(_text(answer["broken"], 200), _text(answer.get("output"), keep_end=True)))
        return answer

    def _send(self, request: dict, deadline: float) -> None:
        try:
            self._child.send(request, timeout=max(0.1, deadline - time.monotonic()))
        except TimeoutError:
            self._gone(Broken("the process running your code stopped reading"))
        except EOFError:
            self._gone(self._ended())

    def _where(self, seconds: float) -> TimedOut:
        """Past a deadline: ask the child where it is (briefly), for the message."""
        child, where, output = self._child, {}, ""
        learner = child._learner()
        if learner is not None:
            try:
                os.kill(learner, signal.SIGUSR1)
                end = time.monotonic() + 0.5
                while time.monotonic() < end:
                    answer = child.receive(end - time.monotonic())
                    if isinstance(answer, dict) and "where" in answer:
                        where = answer["where"] if isinstance(answer["where"], dict) else {}
                        output = _text(answer.get("output"), OUTPUT_CHARS, keep_end=True)
                        break
            except (OSError, TimeoutError, EOFError, wire.WireError):
                pass
        return TimedOut(
            seconds,
            _text(where.get("file"), 200) or None,
            _line(where.get("line")),
            output,
            _text(where.get("function"), 200) or None,
        )

    # -- requests -------------------------------------------------------------------------
    def load(self, file: str, timeout: float | None = None) -> None:
        """Load a workspace file in the child. LoadFailed says why it cannot be."""
        try:
            self._load(file, timeout)
        except Broken:
            if not self._untried:  # the spare died before it answered: once more, in a new child
                raise
            self._untried = False
            self._load(file, timeout)
        self._untried = False

    def _load(self, file: str, timeout: float | None) -> None:
        deadline = time.monotonic() + (timeout or self.load_limit)
        self._start(deadline)
        if file in self._loaded:
            return
        self._send({"op": "load", "file": file}, deadline)
        seconds = timeout or self.load_limit

        def too_slow():
            timed = self._where(seconds)
            line = f" (line {timed.line})" if timed.line and timed.file == file else ""
            return LoadFailed(
                f"{file} did not finish loading within {seconds:g} s{line}: "
                "a loop at the top level, outside any function?",
                timed.output,
            )

        answer = self._receive(deadline, f"loading {file}", too_slow)
        output = _text(answer.get("output"), OUTPUT_CHARS, keep_end=True)
        if "load_failed" in answer:
            raise LoadFailed(_text(answer["load_failed"]), output)
        if "limit" in answer:
            self._gone(LimitHit(self._limit_sentence(answer["limit"]), output))
        if answer.get("loaded") != file:
            self._gone(Broken(f"the process running your code gave a strange answer while loading {file}"))
        self._loaded.add(file)

    def _limit_sentence(self, which) -> str:
        return self.limits.file_sentence() if which == "file" else self.limits.memory_sentence()

    def call(
        self,
        file: str,
        name: str,
        *args,
        timeout: float = 5.0,
        count=(),
        seed: int | None = None,
        kwargs: dict | None = None,
    ) -> Out:
        """Call `name` of `file` on the arguments; its answer as an Out. Raises LoadFailed,
        Raised, TimedOut, LimitHit or Broken."""
        start = time.monotonic()
        if file not in self._loaded or self._child is None:
            self.load(file)
        deadline = max(time.monotonic(), start) + timeout
        self._send(
            {
                "op": "call",
                "file": file,
                "name": name,
                "args": list(args),
                "kwargs": kwargs or {},
                "count": list(count),
                "seed": seed,
            },
            deadline,
        )
        answer = self._receive(deadline, f"running {name}", lambda: self._where(timeout))
        output = _text(answer.get("output"), OUTPUT_CHARS, keep_end=True)
        if "where" in answer:  # a late answer to a question about where it was: skip it
            answer = self._receive(deadline, f"running {name}", lambda: self._where(timeout))
        if "missing" in answer:
            raise Missing(name, output)
        if "raised" in answer:
            r = answer["raised"] if isinstance(answer["raised"], dict) else {}
            raise Raised(
                _text(r.get("type"), 200) or "Exception",
                _text(r.get("message")),
                _text(r.get("file"), 200) or None,
                _line(r.get("line")),
                _text(r.get("function"), 200) or None,
                output,
            )
        if "limit" in answer:
            self._gone(LimitHit(self._limit_sentence(answer["limit"]), output))
        if "too_large" in answer:
            raise Raised(
                "ValueError",
                f"{name} returned a value too large to check ({int(answer['too_large']) // 2**20} MB)",
                None,
                None,
                None,
                output,
            )
        if "value" not in answer:
            self._gone(Broken(f"the process running your code gave a strange answer to {name}", output))
        counts = answer.get("counts") if isinstance(answer.get("counts"), dict) else {}
        first = answer.get("first") if isinstance(answer.get("first"), dict) else {}
        params = answer.get("params") if isinstance(answer.get("params"), list) else []
        return Out(
            answer["value"],
            answer.get("args") if isinstance(answer.get("args"), list) else [],
            answer.get("kwargs") if isinstance(answer.get("kwargs"), dict) else {},
            output,
            {str(k): v for k, v in counts.items() if type(v) is int},
            first,
            [_text(p, 100) for p in params],
        )
