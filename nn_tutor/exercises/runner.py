"""The checking process: loads the learner's workspace files and checks the named functions.

Run as `python -P -m nn_tutor.exercises.runner DIR NAME...` by supervise.py, which enforces the
time limits. It writes one JSON object a line on its own copy of stdout: {"event": "load-failed",
"file", "message"} for each file that cannot be loaded, {"event": "loaded"}, then per function
{"event": "start", "name"} and {"event": "result", "name", "status", "message", "lesson"}. What the learner's code prints goes
to stderr, so it can never be taken for a result.
"""

from __future__ import annotations

import contextlib
import io
import json
import linecache
import os
import re
import sys
import traceback
import types
import warnings
from pathlib import Path

import numpy as np

from .catalogue import EXERCISES, NAMES, blocked_message, by_name, waiting_on
from .compare import Wrong
from .source import is_stub

CHECKS = {exercise.name: exercise.check for exercise in EXERCISES}

_HINTS = (  # part of an exception's text -> what it usually means
    ("matmul", "the shapes do not fit: check each matrix's shape and which one takes .T"),
    ("not aligned", "the shapes do not fit: check each matrix's shape and which one takes .T"),
    ("could not be broadcast", "the shapes do not fit: check each array's shape"),
)


OUTPUT_CHARS = 2000    # the last characters of what a function printed while it was checked


def safe_text(text: str) -> str:
    """Printed text with control characters (escape sequences among them) made visible."""
    return "".join(c if c in "\n\t" or (c.isprintable() and c != "\x7f") else f"\\x{ord(c):02x}"
                   for c in text)


class LoadError(Exception):
    pass


def line_in(tb, path: str):
    """(line, function) of the innermost frame of the traceback that is in network.py."""
    found = None
    for frame in traceback.extract_tb(tb):
        if frame.filename == path:
            found = (frame.lineno, frame.name)
    return found


def load(path: Path) -> types.ModuleType:
    """Run a workspace file (network.py) as a module of its stem's name; LoadError says why it could not be."""
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
        return ("float() turns one number into a float, not an array of many: keep the array, "
                "or take float() of a sum or a single entry")
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


def check_one(module: types.ModuleType, name: str) -> tuple[str, str, str | None]:
    """(status, message, lesson id or None) for one function of the learner's module."""
    fn = getattr(module, name, None)
    if not callable(fn):
        return "failed", f"{by_name(name).file} has no function {name} (renamed or deleted?)", None
    try:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return "passed", CHECKS[name](fn, module), None
    except Wrong as wrong:
        message = str(wrong)
        return "failed", message if message.startswith(name) else f"{name}: {message}", wrong.lesson
    except BaseException as exc:  # noqa: BLE001 - the learner's code may raise anything
        status, message = explain(name, exc, module.__file__)
        return status, message, None


def main(argv: list[str]) -> int:
    folder, names = Path(argv[0]), [n for n in argv[1:] if n in NAMES]
    sys.dont_write_bytecode = True
    out = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)          # the learner's prints go to stderr from here on
    sys.stdout = sys.stderr

    def emit(**event):
        out.write(json.dumps(event) + "\n")
        out.flush()

    sys.path.append(str(folder))  # a workspace file may import its neighbours
    modules, sources = {}, {}
    for file in dict.fromkeys(by_name(name).file for name in names):
        try:
            modules[file] = load(folder / file)
            sources[file] = (folder / file).read_text(encoding="utf-8")
        except LoadError as exc:
            emit(event="load-failed", file=file, message=str(exc))
    emit(event="loaded")
    statuses = {}
    for name in names:
        if by_name(name).file not in modules:
            continue
        waiting = waiting_on(name, statuses)
        output = ""
        if waiting and is_stub(sources[by_name(name).file], name):
            status, message, lesson = "todo", f"{name}: still to do", None
        elif waiting:   # its check would judge the ones it uses as well
            status, message, lesson = "blocked", blocked_message(name, waiting), None
        else:
            emit(event="start", name=name)
            printed = io.StringIO()
            with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
                status, message, lesson = check_one(modules[by_name(name).file], name)
            output = safe_text(printed.getvalue()[-OUTPUT_CHARS:])
        statuses[name] = status
        emit(event="result", name=name, status=status, message=message, lesson=lesson, output=output)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
