"""`init`: lay out a workspace folder from the exercise records, never touching a file that exists."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from .catalogue import FILES, file_text, fill_lesson_labels

README = "README.md"


def template_text(name: str) -> str:
    """A workspace file's fresh text: an exercises file from its records, else a template file."""
    if name in FILES:
        return file_text(name)
    source = resources.files("nn_tutor.exercises").joinpath("template", name)
    return fill_lesson_labels(source.read_text(encoding="utf-8"))


def workspace_files() -> tuple[str, ...]:
    """The files a workspace holds: each exercises file, then the README."""
    return (*FILES, README)


def init_workspace(directory: Path | str) -> tuple[list[Path], list[Path]]:
    """Create the folder and the workspace's files in it. Returns (created, kept as they were).

    Raises OSError (with a readable message) when the folder cannot be made or written.
    """
    folder = Path(directory).expanduser()
    if folder.exists() and not folder.is_dir():
        raise NotADirectoryError(f"{folder} is a file, not a folder")
    folder.mkdir(parents=True, exist_ok=True)
    created, kept = [], []
    for name in workspace_files():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            # "x" mode creates the file only if it does not exist: an edited file is never replaced
            with open(path, "x", encoding="utf-8", newline="\n") as f:
                f.write(template_text(name))
            created.append(path)
        except FileExistsError:
            kept.append(path)
    return created, kept
