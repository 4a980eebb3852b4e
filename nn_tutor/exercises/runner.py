"""Judging the learner's functions: each check runs here, in the tutor, on values the sandboxed
child computed (check_one); the learner's code runs only in that child.

`load`, `explain` and `line_in` are for a process that itself runs learner code in-process
under the sandbox's limits (the training process of "your network").
"""

from __future__ import annotations

import linecache
import re
import sys
import traceback
import types
import warnings
from pathlib import Path
from typing import NamedTuple

import numpy as np

from nn_tutor.sandbox.calls import Cancelled, LearnerCode, LimitHit, LoadFailed, Missing, Raised, TimedOut

from .catalogue import EXERCISES, by_name
from .compare import Wrong
from .proxy import Calls, Function, Module, Stop

CHECKS = {exercise.name: exercise.check for exercise in EXERCISES}

_HINTS = (  # part of an exception's text -> what it usually means
    ("matmul", "the shapes do not fit: check each matrix's shape and which one takes .T"),
    ("not aligned", "the shapes do not fit: check each matrix's shape and which one takes .T"),
    ("could not be broadcast", "the shapes do not fit: check each array's shape"),
)


ENDLESS = "did not finish within"


class Verdict(NamedTuple):
    status: str  # passed, failed or todo
    message: str
    lesson: str | None  # the lesson to reread, when not the exercise's own
    output: str  # what the learner's functions printed during the check (the end)


class LoadError(Exception):
    pass


def line_in(tb, path: str):
    """(line, function) of the innermost frame of the traceback that is in network.py."""
    found = None
    for frame in traceback.extract_tb(tb):
        if frame.filename == path:
            found = (frame.lineno, frame.name)
    return found


def load(path: Path, let_through: tuple = ()) -> types.ModuleType:
    """Run a workspace file (network.py) as a module of its stem's name; LoadError says why it could not be.
    Exceptions of the types in `let_through` (a caller's own time limit) pass unchanged."""
    file = path.name
    try:
        source = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise LoadError(f"{file} is not UTF-8 text") from None
    except OSError as exc:
        raise LoadError(f"{file} cannot be read: {exc.strerror}") from None
    try:
        code = compile(source, str(path), "exec")
    except SyntaxError as exc:
        raise LoadError(f"{file} has a syntax error on line {exc.lineno}: {exc.msg}") from None
    except ValueError as exc:  # e.g. a null byte in the source
        raise LoadError(f"{file} cannot be read as Python: {exc}") from None
    module = types.ModuleType(path.stem)
    module.__file__ = str(path)
    sys.modules[path.stem] = module
    try:
        exec(code, module.__dict__)
    except let_through:
        raise
    except BaseException as exc:  # noqa: BLE001 - anything the learner's top level does is reported
        where = line_in(exc.__traceback__, str(path))
        line = f" on line {where[0]}" if where else ""
        if isinstance(exc, SystemExit):
            raise LoadError(f"{file} calls sys.exit(){line} while it loads") from None
        raise LoadError(f"{file} raised {type(exc).__name__}{line} while it loads: {exc}") from None
    return module


def scalar_hint(source_line: str) -> str:
    """What "only 0-dimensional arrays can be converted to Python scalars" means on that line."""
    if re.search(r"\bmath\b", source_line):
        return "the math module takes one number; np.exp and np.log take whole arrays"
    if "float(" in source_line or "int(" in source_line:
        return (
            "float() turns one number into a float, not an array of many: keep the array, "
            "or take float() of a sum or a single entry"
        )
    return "a whole array is used where one number belongs"


def explain(name: str, exc: BaseException, path: str) -> tuple[str, str]:
    """(status, message) for an exception that came out of checking `name`."""
    where = line_in(exc.__traceback__, path)
    if isinstance(exc, NotImplementedError) and where:
        if where[1] == name:
            return "todo", f"{name}: still to do"
        return "failed", f"{name} calls {where[1]}, which is still a todo: do {where[1]} first"
    if isinstance(exc, SystemExit):
        return "failed", f"{name} calls sys.exit(): return a value instead"
    text = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    if not where:
        return "failed", f"{name} returned something the check cannot read ({text})"
    hint = next((h for part, h in _HINTS if part in str(exc)), "")
    if "converted to Python scalar" in str(exc):
        hint = scalar_hint(linecache.getline(path, where[0]))
    return "failed", f"{name} raised {text} ({Path(path).name}, line {where[0]})" + (f": {hint}" if hint else "")


def explain_raised(name: str, raised: Raised, folder: Path) -> tuple[str, str]:
    """(status, message) for an exception the learner's code raised in the child."""
    where = (raised.line, raised.function) if raised.file and raised.line else None
    if raised.type_name == "NotImplementedError" and raised.function:
        if raised.function == name:
            return "todo", f"{name}: still to do"
        return "failed", f"{name} calls {raised.function}, which is still a todo: do {raised.function} first"
    if raised.type_name == "SystemExit":
        return "failed", f"{name} calls sys.exit(): return a value instead"
    text = f"{raised.type_name}: {raised.message}" if raised.message else raised.type_name
    if not where:
        return "failed", f"{name} raised {text}"
    hint = next((h for part, h in _HINTS if part in raised.message), "")
    if "converted to Python scalar" in raised.message:
        hint = scalar_hint(_source_line(folder / raised.file, raised.line))
    return "failed", f"{name} raised {text} ({raised.file}, line {raised.line})" + (f": {hint}" if hint else "")


def _source_line(path: Path, line: int) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace").splitlines()[line - 1]
    except (OSError, IndexError):
        return ""


def explain_stop(name: str, error, limit: float) -> str:
    """The message for a check ended by its deadline, a limit, or a broken child."""
    if isinstance(error, TimedOut):
        line = f" It was on line {error.line} of {error.file} when stopped" if error.file and error.line else ""
        slow = ", or a loop over the examples where whole-array operations belong?" if name == "train" else "?"
        return f"{name} {ENDLESS} {limit:g} s: an endless loop{slow}{line}"
    if isinstance(error, LimitHit):
        return f"{name} {error.sentence}"
    return f"{name}: {error.sentence}"


def check_one(code: LearnerCode, name: str, limit: float | None = None) -> Verdict:
    """The verdict on one function, judged here: the check runs in this process and calls the
    learner's functions in the child through proxies."""
    exercise = by_name(name)
    limit = exercise.limit if limit is None else limit
    calls = Calls(code, exercise.file, limit)
    try:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            note = CHECKS[name](Function(calls, name), Module(calls))
        return Verdict("passed", note, None, calls.output)
    except Wrong as wrong:
        message = str(wrong)
        return Verdict(
            "failed", message if message.startswith(name) else f"{name}: {message}", wrong.lesson, calls.output
        )
    except Missing:
        return Verdict("failed", f"{exercise.file} has no function {name} (renamed or deleted?)", None, calls.output)
    except Raised as raised:
        status, message = explain_raised(name, raised, code.folder)
        return Verdict(status, message, None, calls.output)
    except Stop as stop:
        if isinstance(stop.error, Cancelled):
            raise stop.error from None
        if isinstance(stop.error, LoadFailed):
            return Verdict("failed", stop.error.message, None, calls.output)
        return Verdict("failed", explain_stop(name, stop.error, limit), None, calls.output)
    except Exception as exc:  # noqa: BLE001 - a value the check itself could not take apart
        text = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        return Verdict(
            "failed", f"{name}: your code returned something the check cannot read ({text})", None, calls.output
        )


def check_path(path: Path | str, name: str) -> tuple[str, str, str | None]:
    """(status, message, lesson) for `name` in the workspace file at `path`, in a child of its own."""
    with LearnerCode(Path(path).parent) as code:
        try:
            code.load(Path(path).name)
        except LoadFailed as failed:
            return "failed", failed.message, None
        verdict = check_one(code, name)
    return verdict.status, verdict.message, verdict.lesson
