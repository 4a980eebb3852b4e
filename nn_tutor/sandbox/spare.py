"""A child for learner code started ahead of need, so that a check does not wait for Python and
NumPy to start.

    spare = Spare(folder)      # nothing runs yet
    spare.start()              # a child starts and waits, having run no learner code
    child = spare.take()       # that child (a Sandboxed) for one check, or None: start one then
    spare.close()              # ends the one waiting

Each child serves one check and is ended with it (LearnerCode.close): nothing a check's code did
is there for the next. Start a spare only while no learner code runs (between two checks); a
spare that has said anything but that it is ready, or whose folder has been made anew, is
ended instead of being handed out.
"""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

from . import wire
from .limits import Limits
from .process import Sandboxed

HOST = str(Path(__file__).with_name("host.py"))


def host_env() -> dict:
    """The child's environment: no PYTHON* variables of the tutor's, one BLAS thread."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env.update(OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1", PYTHONIOENCODING="utf-8")
    return env


def start_host(folder: Path, limits: Limits) -> Sandboxed:
    """A child running host.py on `folder`; it answers {"ready": True} once it can take requests."""
    return Sandboxed([sys.executable, "-I", HOST, str(folder)], limits=limits, env=host_env(), cwd=folder)


def _inode(folder: Path) -> int | None:
    try:
        return folder.stat().st_ino
    except OSError:
        return None


class Spare:
    """At most one child waiting for `folder`, started by `start`, handed out once by `take`."""

    def __init__(self, folder, limits: Limits | None = None):
        self.folder = Path(folder).expanduser().resolve()
        self.limits = limits or Limits()
        self._lock = threading.Lock()
        self._child: Sandboxed | None = None
        self._inode: int | None = None
        self._closed = False

    def start(self) -> None:
        """Start a child unless one is waiting (or the spare is closed, or the folder is gone)."""
        with self._lock:
            if self._closed or (self._child is not None and self._child.alive):
                return
            old, self._child = self._child, None
            inode = _inode(self.folder)
            if inode is not None:
                try:
                    self._child, self._inode = start_host(self.folder, self.limits), inode
                except OSError:
                    pass
        if old is not None:
            old.end()

    def take(self) -> Sandboxed | None:
        """The waiting child, ready or still starting, or None (none waits, or it cannot be used)."""
        with self._lock:
            child, self._child = self._child, None
        if child is None:
            return None
        if not child.alive or _inode(self.folder) != self._inode or not self._quiet(child):
            child.end()
            return None
        return child

    @staticmethod
    def _quiet(child: Sandboxed) -> bool:
        """False when the child has sent anything but its one "ready" (it answered requests it
        should never have had): such a child is not handed out."""
        try:
            first = child.receive(0.005)
        except TimeoutError:
            return True  # still starting: its "ready" comes later
        except (EOFError, wire.WireError):
            return False
        if first != {"ready": True}:
            return False
        try:
            child.receive(0.005)
        except TimeoutError:
            child.unread(first)  # its "ready", read again by the one taking it
            return True
        except (EOFError, wire.WireError):
            return False
        return False

    def close(self) -> None:
        """End the waiting child; no other starts after this."""
        with self._lock:
            self._closed = True
            child, self._child = self._child, None
        if child is not None:
            child.end()
