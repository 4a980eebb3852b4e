"""Watching a workspace folder for saved Python files, for the exercises screen (run in a thread).

Only the folder's own files are watched, not its subfolders. A folder deleted, or deleted and
made again, is reported (`gone`), and watched again once it is back.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

STEP_MS = 30  # a save is reported once the folder has been quiet this long
DEBOUNCE_MS = 400  # at most this long when it keeps changing


def inode(folder: Path) -> int | None:
    try:
        return folder.stat().st_ino
    except OSError:
        return None


def watch_workspace(
    folder: Path, stop: threading.Event, saved: Callable[[list[Path]], None], gone: Callable[[], None]
) -> None:
    """Until `stop` is set: `saved(paths)` for Python files written in `folder`, `gone()` when the
    folder is deleted, and again when it is back (its files are not what they were)."""
    from watchfiles import watch

    there = True
    while not stop.is_set():
        number = inode(folder)
        if number is None:
            if there:
                there = False
                gone()
            stop.wait(0.5)
            continue
        if not there:
            there = True
            gone()
        try:
            for changes in watch(
                folder,
                stop_event=stop,
                debounce=DEBOUNCE_MS,
                step=STEP_MS,
                rust_timeout=500,
                yield_on_timeout=True,
                raise_interrupt=False,
                recursive=False,
            ):
                paths = [Path(path) for _change, path in changes if path.endswith(".py")]
                if paths:
                    saved(paths)
                if inode(folder) != number:  # gone, or made again: watch it anew
                    there = False  # (made again already: the next look reports it back)
                    gone()
                    break
        except (OSError, RuntimeError):  # the folder went away under the watch
            there = False
            gone()
            stop.wait(0.5)
