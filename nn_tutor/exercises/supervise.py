"""Check a workspace: the learner's code runs in one sandboxed child, the checks run here.

An endless loop, a crash, sys.exit() or a limit hit costs only the function it happened in
(the child is ended, and a fresh one checks the functions after it). Every message and printed
output passes through safe_text before it leaves this module.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from nn_tutor.sandbox.calls import Broken, Cancelled, LearnerCode, LimitHit, LoadFailed, TimedOut
from nn_tutor.sandbox.spare import Spare
from nn_tutor.sandbox.text import safe_text

from .catalogue import EXERCISES, FILES, NAMES, blocked_message, by_name, lesson_label, waiting_on
from .runner import check_one
from .source import is_stub

LOAD_LIMIT = 15.0  # seconds for Python, NumPy and a workspace file to load; each check
# has its own limit in its record (Exercise.limit): the only two limits
USES = {e.name: e.uses for e in EXERCISES if e.uses}  # what each may call


@dataclass(frozen=True)
class Result:
    name: str
    status: str  # "passed", "failed", "todo" or "blocked" (waits on another exercise)
    message: str
    whole_file: bool = False  # the message is about its file (missing, cannot load), not the function
    output: str = ""  # what the function printed while it was checked (the end of it)

    def to_json(self) -> dict:
        exercise = by_name(self.name)
        return {
            "name": self.name,
            "status": self.status,
            "message": self.message,
            "file": exercise.file,
            "lesson": exercise.lesson,
        }


def _sentence(text: str) -> str:
    text = text.rstrip(".")
    return text if text.endswith("?") else text + "."


def finish(name: str, status: str, message: str, lesson: str | None = None, output: str = "") -> Result:
    """The Result, its message ending with the lesson to reread when it failed."""
    label = lesson_label(lesson or by_name(name).lesson)
    if status == "todo":
        message = f"{name}: still to do; see {label}"
    elif status == "failed":
        message = f"{_sentence(message)} Reread {label}."
    elif status == "blocked":
        message = _sentence(message)
    return Result(name, status, safe_text(message), output=safe_text(output, keep_end=True))


def file_problem(name: str, message: str) -> Result:
    """The Result of a function whose file cannot be checked: one message for the whole file."""
    return Result(name, "failed", safe_text(_sentence(message)), whole_file=True)


def run_checks(
    directory: Path | str,
    names=NAMES,
    on_result=None,
    cancel: threading.Event | None = None,
    known: dict[str, str] | None = None,
    spare: Spare | None = None,
) -> list[Result]:
    """Check the named functions of DIR's files, in the order of `names`; results in course order.

    `on_result(result)` is called as each one is known. Setting `cancel` stops early: the
    process is killed and the results known so far are returned. `known`: the statuses of
    functions not checked now (a function waits on the ones it uses that do not pass).
    `spare`: a child started ahead for DIR, used for this check.
    """
    folder = Path(directory).expanduser().resolve()
    names = wanted = [n for n in dict.fromkeys(names) if n in NAMES]
    results: dict[str, Result] = {}

    def record(name, status, message, lesson=None, whole_file=False, output=""):
        results[name] = file_problem(name, message) if whole_file else finish(name, status, message, lesson, output)
        if on_result is not None:
            on_result(results[name])

    older = any((folder / file).is_file() for file in FILES)  # a workspace made before some files were
    for name in names:
        file = by_name(name).file
        if not (folder / file).is_file() and older:
            results[name] = Result(
                name,
                "todo",
                f"{file} is not in {folder} yet: `nn-tutor exercises "
                f"init {folder}` adds it and changes no file you have",
                whole_file=True,
            )
            if on_result is not None:
                on_result(results[name])
        elif not (folder / file).is_file():
            record(
                name,
                "failed",
                f"there is no {file} in {folder}; create it with `nn-tutor exercises init {folder}`",
                whole_file=True,
            )
    names = [n for n in names if n not in results]
    with LearnerCode(folder, load_limit=LOAD_LIMIT, cancel=cancel, spare=spare) as code:
        try:
            for file in dict.fromkeys(by_name(n).file for n in names):
                problem = _load(code, file)
                for name in [n for n in names if by_name(n).file == file and problem]:
                    record(name, "failed", problem, whole_file=True)
            for name in [n for n in names if n not in results]:
                if cancel is not None and cancel.is_set():
                    break
                waiting = waiting_on(name, {**(known or {}), **{n: r.status for n, r in results.items()}})
                if waiting:  # its check would judge the ones it uses as well (or only loop as they did)
                    if is_stub(_text(folder / by_name(name).file), name):
                        record(name, "todo", "")
                    else:
                        record(name, "blocked", blocked_message(name, waiting))
                    continue
                verdict = check_one(code, name)
                record(name, verdict.status, verdict.message, verdict.lesson, output=verdict.output)
        except Cancelled:
            pass
    return [results[n] for n in NAMES if n in results and n in wanted]


def _load(code: LearnerCode, file: str) -> str | None:
    """Why `file` cannot be loaded, or None once it is."""
    try:
        code.load(file)
    except LoadFailed as failed:
        return failed.message
    except LimitHit as limit:
        return f"{file} {limit.sentence} while it loads"
    except (TimedOut, Broken) as error:
        return f"{file} stopped the process running it while it loaded: {error}"
    return None


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
