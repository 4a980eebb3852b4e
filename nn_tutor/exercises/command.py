"""`nn-tutor exercises init|check|DIR`: the command-line side of the exercises."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .catalogue import FILES, NAMES
from .supervise import Result, run_checks
from .workspace import init_workspace

MARKS = {"passed": "passed", "failed": "FAILED", "todo": "todo", "blocked": "waits"}


def workspace_problem(directory: str, command: str = "check") -> str | None:
    """Why DIR is no workspace to check (a sentence), or None when it is one."""
    folder = Path(directory).expanduser()
    init = f"nn-tutor exercises init {directory}"
    if folder.is_file():
        hint = (
            f": give the folder that holds it, `nn-tutor exercises {command} {folder.parent}`"
            if folder.name in FILES
            else ""
        )
        return f"{directory} is a file, not a workspace folder{hint}"
    if not folder.is_dir():
        return f"there is no folder {directory}: make the workspace with `{init}`"
    if not any((folder / file).is_file() for file in FILES):
        return f"{directory} holds no {FILES[0]}: make the workspace there with `{init}`"
    return None


def init_command(directory: str) -> int:
    if not directory.strip():
        print(
            "nn-tutor exercises init: error: give the folder to make, e.g. `nn-tutor exercises init ~/nn-exercises`",
            file=sys.stderr,
        )
        return 2
    try:
        created, kept = init_workspace(directory)
    except OSError as exc:
        print(f"nn-tutor exercises init: error: cannot create the workspace: {exc}", file=sys.stderr)
        return 2
    for path in created:
        print(f"created {path}")
    for path in kept:
        print(f"kept    {path} (it exists; left as it was)")
    remember_workspace(directory)
    print(f"Write them in the tutor: nn-tutor exercises {directory}  (enter opens the editor there)")
    print(f"or in your own editor, then: nn-tutor exercises check {directory}")
    return 0


def remember_workspace(directory: str) -> None:
    """The tutor's e opens this workspace from now on (kept with the learner's progress)."""
    from nn_tutor.progress import Progress

    progress = Progress.load()
    progress.workspace = str(Path(directory).expanduser().resolve())
    if not progress.save():
        print(f"nn-tutor exercises init: {progress.notice}", file=sys.stderr)


def print_results(results: list[Result]) -> None:
    """One line a function; a file that cannot be checked gets one line for all of its functions."""
    said = set()
    for r in results:
        if r.whole_file:
            if r.message not in said:
                said.add(r.message)
                print(f"{MARKS[r.status]:<6}  {r.message}")
            continue
        print(f"{MARKS[r.status]:<6}  {r.message}")
        if r.output.strip():  # already made safe (bounded, no control characters)
            print("        it printed:")
            for line in r.output.rstrip().splitlines():
                print(f"        | {line}")
    passed = sum(r.status == "passed" for r in results)
    print(f"{passed} of {len(results)} passed")


def check_command(directory: str, as_json: bool = False) -> int:
    """Exit 0 only when all pass. With as_json the last line is the pinned JSON object."""
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")  # messages use σ, ², −
    problem = workspace_problem(directory)
    if problem:
        print(f"nn-tutor exercises check: error: {problem}", file=sys.stderr)
        return 2
    try:
        results = run_checks(directory)
    except KeyboardInterrupt:  # the child running the learner's code is ended already
        print("nn-tutor exercises check: stopped", file=sys.stderr)
        return 130
    if as_json:
        print(json.dumps({"exercises": [r.to_json() for r in results]}))
    else:
        print_results(results)
    return 0 if all(r.status == "passed" for r in results) else 1


def open_command(directory: str) -> int:
    """`nn-tutor exercises DIR` without a terminal to draw in: the check as text."""
    print(
        "There is no terminal here for the exercises screen (it re-checks each time you save "
        "network.py); the check once, as text:"
    )
    return check_command(directory)


def reset_command(directory: str, name: str | None, assume_yes: bool = False) -> int:
    """`exercises reset DIR [NAME]`: NAME's stub back, or every file's stubs (asked first)."""
    from . import solutions

    folder = Path(directory).expanduser()
    if folder.is_file() or not folder.is_dir():
        print(f"nn-tutor exercises reset: error: {workspace_problem(directory, 'reset')}", file=sys.stderr)
        return 2
    if name is not None and name not in NAMES:
        print(
            f"nn-tutor exercises reset: error: there is no exercise {name!r}; the exercises are {', '.join(NAMES)}",
            file=sys.stderr,
        )
        return 2
    try:
        if name is not None:
            backup = solutions.reset(folder, name)
            print(f"{name} is its stub again" + (f"; your text before is in {backup}" if backup else ""))
            return 0
        if not assume_yes:
            if not sys.stdin.isatty():
                print(
                    "nn-tutor exercises reset: error: without NAME every function goes back to its stub; "
                    "add --yes to do it without asking",
                    file=sys.stderr,
                )
                return 2
            if input(f"Put every function in {directory} back to its stub? [y/N] ").strip().lower() not in ("y", "yes"):
                print("nothing changed")
                return 1
        for backup in solutions.reset_all(folder):
            print(f"kept {backup}")
        print(f"every function in {directory} is its stub again")
    except OSError as exc:
        print(f"nn-tutor exercises reset: error: {exc}", file=sys.stderr)
        return 2
    return 0
