"""The reference solutions (shown once an exercise passes) and putting a function's stub back.

The solutions' source of truth is tests/exercise_solutions/<file> in the repository; the wheel
carries a copy as nn_tutor/_solutions (pyproject's force-include), as it does the lessons.
"""

from __future__ import annotations

from pathlib import Path

import nn_tutor

from .catalogue import FILES, by_name, file_text, fill_lesson_labels
from .source import function_span, replace_function


def solutions_dir() -> Path | None:
    """Where the reference solutions are: the installed copy, else the checkout's tests folder."""
    package = Path(nn_tutor.__file__).resolve().parent
    for folder in (package / "_solutions", package.parent / "tests" / "exercise_solutions"):
        if folder.is_dir():
            return folder
    return None


def solution(name: str) -> str | None:
    """The reference solution of the exercise `name` (its function's text), or None if not found."""
    folder = solutions_dir()
    if folder is None:
        return None
    try:
        text = (folder / by_name(name).file).read_text(encoding="utf-8")
    except OSError:
        return None
    span = function_span(text, name)
    return None if span is None else "\n".join(text.splitlines()[span[0] - 1 : span[1]])


def backup_path(path: Path, name: str) -> Path:
    """A file beside `path` for its text before `name` was reset, one no earlier reset has used."""
    candidate = path.with_name(f"{path.name}.{name}.bak")
    number = 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.name}.{name}.{number}.bak")
    return candidate


def reset(folder: Path | str, name: str) -> Path | None:
    """Put the stub of `name` back in its workspace file; the file's old text goes to a backup
    beside it, whose path is returned (None when there was no file: it is made afresh).

    Raises KeyError for an unknown name and OSError when the files cannot be written.
    """
    exercise = by_name(name)
    path = Path(folder).expanduser() / exercise.file
    stub = fill_lesson_labels(exercise.stub)
    try:
        old = path.read_bytes().decode("utf-8", errors="replace")
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(file_text(exercise.file), encoding="utf-8", newline="\n")
        return None
    new = replace_function(old, name, stub)
    if new is None:  # renamed or deleted: the stub goes at the end
        new = old.rstrip("\n") + "\n\n\n" + stub + "\n"
    backup = backup_path(path, name)
    backup.write_bytes(old.encode("utf-8"))
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(new)
    return backup


def reset_all(folder: Path | str) -> list[Path]:
    """Every workspace file back to its fresh text; the old ones kept as backups (returned)."""
    backups = []
    for file in FILES:
        path = Path(folder).expanduser() / file
        if path.is_file():
            backup = backup_path(path, "all")
            backup.write_bytes(path.read_bytes())
            backups.append(backup)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(file_text(file), encoding="utf-8", newline="\n")
    return backups
