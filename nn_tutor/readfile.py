"""Reading a file a user controls without being stopped by it: only a regular file (a fifo
would block the read, /dev/zero never ends), and at most a given number of bytes."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

_KINDS = (
    (stat.S_ISFIFO, "a named pipe (fifo)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


class NotReadable(Exception):
    """Why a file was not read. `reason`: missing, loop, folder, special, too_big or error."""

    def __init__(self, reason: str, why: str):
        super().__init__(why)
        self.reason, self.why = reason, why


def _check_kind(mode: int) -> None:
    if stat.S_ISDIR(mode):
        raise NotReadable("folder", "is a folder")
    if not stat.S_ISREG(mode):
        kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
        raise NotReadable("special", f"is {kind}")


def read_regular(path: Path, limit: int) -> tuple[bytes, os.stat_result]:
    """The bytes of the regular file at `path` (links followed) and its stat; NotReadable otherwise,
    or when it holds more than `limit` bytes."""
    try:
        _check_kind(os.stat(path).st_mode)  # before opening: opening a fifo may block
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise NotReadable("missing", "does not exist") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise NotReadable("loop", "is a link that loops back on itself") from None
        raise NotReadable("error", f"cannot be read ({exc.strerror or exc})") from None
    try:
        info = os.fstat(fd)  # the file opened may not be the one looked at
        _check_kind(info.st_mode)
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, limit + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise NotReadable("error", f"cannot be read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)
    if size > limit:
        raise NotReadable("too_big", f"is larger than {_size(limit)}")
    return b"".join(chunks), info


def _size(n: int) -> str:
    return f"{n // 2**20} MiB" if n >= 2**20 else f"{n // 2**10} KiB"
