"""Run the checks in a separate process with time limits, and turn its reports into Results.

The learner's code never runs in this process: an endless loop, a crash or sys.exit() there
costs only the function it happened in (the process is killed or has died, and a fresh one
checks the functions after it).
"""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import nn_tutor

from .catalogue import EXERCISES, FILES, NAMES, blocked_message, by_name, lesson_label, waiting_on
from .source import is_stub

LOAD_LIMIT = 15.0      # seconds for Python, NumPy and network.py to load
LIMIT = 5.0            # seconds between two functions' checks
LIMITS = {e.name: e.limit for e in EXERCISES}   # seconds for each function's check
TOTAL_LIMIT = 90.0     # seconds for the whole check, whatever happens
USES = {e.name: e.uses for e in EXERCISES if e.uses}   # what each may call
ENDLESS = "did not finish within"


@dataclass(frozen=True)
class Result:
    name: str
    status: str          # "passed", "failed", "todo" or "blocked" (waits on another exercise)
    message: str
    whole_file: bool = False   # the message is about its file (missing, cannot load), not the function
    output: str = ""           # what the function printed while it was checked (the end of it)

    def to_json(self) -> dict:
        exercise = by_name(self.name)
        return {"name": self.name, "status": self.status, "message": self.message,
                "file": exercise.file, "lesson": exercise.lesson}


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
    return Result(name, status, message, output=output)


def file_problem(name: str, message: str) -> Result:
    """The Result of a function whose file cannot be checked: one message for the whole file."""
    return Result(name, "failed", _sentence(message), whole_file=True)


class _Process:
    """One checking process and a thread that queues the events it writes."""

    def __init__(self, folder: Path, names: list[str]):
        env = dict(os.environ)
        package_root = str(Path(nn_tutor.__file__).resolve().parents[1])
        env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
        self.popen = subprocess.Popen(
            [sys.executable, "-P", "-m", "nn_tutor.exercises.runner", str(folder), *names],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            cwd=folder, env=env, text=True, encoding="utf-8", errors="replace",
            start_new_session=(os.name == "posix"))
        self.events: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        try:
            for line in self.popen.stdout:
                try:
                    self.events.put(json.loads(line))
                except ValueError:
                    continue
        except (ValueError, OSError):   # kill() closed the pipe while this thread read it
            pass
        self.events.put(None)  # the process has closed its end: it ended

    def kill(self) -> None:
        if self.popen.poll() is None:
            try:
                if os.name == "posix":
                    os.killpg(self.popen.pid, signal.SIGKILL)   # its children too
                else:
                    self.popen.kill()
            except OSError:
                pass
        self.popen.wait()
        self.popen.stdout.close()

    def ended(self) -> str:
        code = self.popen.wait()
        if code < 0:
            return f"the process crashed (signal {-code})"
        return f"the process ended (exit code {code}): os._exit() or a crash?"


def run_checks(directory: Path | str, names=NAMES, on_result=None,
               cancel: threading.Event | None = None) -> list[Result]:
    """Check the named functions of DIR/network.py; results in the order of `names`.

    `on_result(result)` is called as each one is known. Setting `cancel` stops early: the
    process is killed and the results known so far are returned.
    """
    folder = Path(directory).expanduser().resolve()
    names = wanted = [n for n in NAMES if n in names]
    results: dict[str, Result] = {}

    def record(name, status, message, lesson=None, whole_file=False, output=""):
        results[name] = file_problem(name, message) if whole_file else \
            finish(name, status, message, lesson, output)
        if on_result is not None:
            on_result(results[name])

    older = any((folder / file).is_file() for file in FILES)   # a workspace made before some files were
    for name in names:
        file = by_name(name).file
        if not (folder / file).is_file() and older:
            results[name] = Result(name, "todo", f"{file} is not in {folder} yet: `nn-tutor exercises "
                                                 f"init {folder}` adds it and changes no file you have",
                                   whole_file=True)
            if on_result is not None:
                on_result(results[name])
        elif not (folder / file).is_file():
            record(name, "failed", f"there is no {file} in {folder}; create it with "
                                   f"`nn-tutor exercises init {folder}`", whole_file=True)
    names = [n for n in names if n not in results]
    end = time.monotonic() + TOTAL_LIMIT
    while any(n not in results for n in names) and not (cancel and cancel.is_set()):
        todo = [n for n in names if n not in results]
        if time.monotonic() >= end:
            for name in todo:
                record(name, "failed", f"{name}: not checked: the whole check ran out of time "
                                       f"({TOTAL_LIMIT:g} s)")
            break
        for name in list(todo):
            waiting = waiting_on(name, {n: r.status for n, r in results.items()})
            if waiting:  # its check would judge the ones it uses as well (or only loop as they did)
                todo.remove(name)
                if is_stub(_text(folder / by_name(name).file), name):
                    record(name, "todo", "")
                else:
                    record(name, "blocked", blocked_message(name, waiting))
        if todo:
            _supervise(_Process(folder, todo), todo, record, end, cancel)
    return [results[n] for n in NAMES if n in results and n in wanted]


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _supervise(process: _Process, todo: list[str], record, end: float, cancel) -> None:
    """Follow one process until it has reported every name in `todo`, failed, or been killed."""
    current, loaded = None, False
    deadline = time.monotonic() + LOAD_LIMIT
    try:
        while True:
            if cancel is not None and cancel.is_set():
                return
            now = time.monotonic()
            if now >= min(deadline, end):
                _timed_out(current, loaded, todo, record, end)
                return
            try:
                event = process.events.get(timeout=min(0.1, min(deadline, end) - now))
            except queue.Empty:
                continue
            if event is None:  # the process ended
                why = process.ended()
                if not loaded:
                    for name in todo:
                        record(name, "failed", f"{by_name(name).file} stopped the checking process "
                                               f"while it loaded: {why}", whole_file=True)
                elif current is not None:
                    record(current, "failed", f"{current} stopped the checking process: {why}")
                elif todo:   # between two functions: should not happen; never loop forever on it
                    record(todo[0], "failed", f"{todo[0]}: the checking process stopped: {why}")
                return
            kind = event.get("event")
            if kind == "load-failed":
                for name in [n for n in todo if by_name(n).file == event.get("file", "network.py")]:
                    record(name, "failed", event["message"], whole_file=True)
                    todo.remove(name)
                if not todo:
                    return
            if kind == "loaded":
                loaded, deadline = True, time.monotonic() + LIMIT
            elif kind == "start":
                current = event["name"]
                deadline = time.monotonic() + LIMITS.get(current, LIMIT)
            elif kind == "result":
                record(event["name"], event["status"], event["message"], event.get("lesson"),
                       output=str(event.get("output", "")))
                todo.remove(event["name"])
                current, deadline = None, time.monotonic() + LIMIT
                if not todo:
                    return
    finally:
        process.kill()


def _timed_out(current, loaded, todo, record, end) -> None:
    if current is not None:
        limit = LIMITS.get(current, LIMIT)
        if time.monotonic() >= end:
            record(current, "failed", f"{current}: not finished when the whole check ran out of time "
                                      f"({TOTAL_LIMIT:g} s): an endless loop?")
        else:
            slow = ", or a loop over the examples where whole-array operations belong?" \
                if current == "train" else "?"
            record(current, "failed", f"{current} {ENDLESS} {limit:g} s: an endless loop{slow}")
    elif not loaded:
        for name in todo:
            record(name, "failed", f"{by_name(name).file} did not finish loading within {LOAD_LIMIT:g} s: "
                                   "a loop at the top level, outside any function?", whole_file=True)
    elif todo:
        record(todo[0], "failed", f"{todo[0]}: the checking process stopped answering")
