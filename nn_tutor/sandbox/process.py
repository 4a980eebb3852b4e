"""A child process that runs learner code, limited, talked to over the wire, ended with the tutor.

    child = Sandboxed([sys.executable, "-I", script], limits=Limits())
    child.send({"op": ...}, timeout=5)          # wire messages, never a pickle
    message = child.receive(timeout=5)          # TimeoutError, EOFError (it ended), wire.WireError
    child.end()                                  # it and everything it started; ≤ ~1 s
    child.why()                                  # "used more than 2 GiB of memory", …

The tutor starts the keeper (keeper.py), which starts the child: see there for how the whole
tree is ended when the tutor dies. `stdin`/`stdout` are the child's own pipes; reads never
block past their deadline, so a grandchild that keeps a pipe open never holds up the tutor.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

from . import wire
from .limits import Limits

KEEPER = str(Path(__file__).with_name("keeper.py"))
EXIT_PROCESSES, EXIT_ENDED, EXIT_ORPHANED = 200, 201, 202  # as in keeper.py
POSIX = os.name == "posix"


class Sandboxed:
    """One child process (and its keeper) running `argv` under `limits`."""

    def __init__(
        self,
        argv: list[str],
        limits: Limits | None = None,
        env: dict | None = None,
        cwd: str | os.PathLike | None = None,
        max_message: int = wire.MAX_MESSAGE,
    ):
        self.limits = limits or Limits()
        self.max_message = max_message
        self._reader = wire.Reader(max_message)
        self._pending: list = []
        self._ended_by_us = False
        self._learner_pid: int | None = None
        if POSIX:
            status_read, status_write = os.pipe()
            command = [
                sys.executable,
                "-I",
                KEEPER,
                self.limits.to_argv(),
                str(os.getpid()),
                str(status_write),
                "--",
                *argv,
            ]
            try:
                self._popen = subprocess.Popen(
                    command,
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                    env=env,
                    cwd=cwd,
                    pass_fds=(status_write,),
                )
            finally:
                os.close(status_write)
            self._status = status_read
        else:  # no keeper: a process group of its own, ended as a group
            self._popen = subprocess.Popen(
                argv,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=env,
                cwd=cwd,
                creationflags=getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0),
            )
            self._status = None
        self.stdin = self._popen.stdin
        self.stdout = self._popen.stdout
        self.pid = self._popen.pid  # the keeper's: ending it ends the whole tree
        if POSIX:
            os.set_blocking(self.stdout.fileno(), False)

    @property
    def alive(self) -> bool:
        return self._popen.poll() is None

    # -- messages -------------------------------------------------------------------------
    def send(self, obj, timeout: float = 5.0) -> None:
        """Write one wire message; TimeoutError when the child does not take it in time,
        EOFError when it has gone."""
        data = memoryview(wire.encode(obj))
        fd = self.stdin.fileno()
        os.set_blocking(fd, False)
        end = time.monotonic() + timeout
        while data:
            left = end - time.monotonic()
            if left <= 0:
                raise TimeoutError("the child did not read its input in time")
            _, ready, _ = select.select([], [fd], [], left)
            if not ready:
                continue
            try:
                written = os.write(fd, data)
            except BlockingIOError:
                continue
            except (BrokenPipeError, OSError):
                raise EOFError("the child has ended") from None
            data = data[written:]

    def receive(self, timeout: float):
        """The next message within `timeout` seconds. TimeoutError if none came, EOFError when
        the child closed its output, wire.WireError for bytes that are not a message."""
        end = time.monotonic() + max(0.0, timeout)
        fd = self.stdout.fileno()
        while not self._pending:
            left = end - time.monotonic()
            if left <= 0:
                raise TimeoutError("no answer in time")
            ready, _, _ = select.select([fd], [], [], min(left, 0.25))
            if not ready:
                continue
            try:
                data = os.read(fd, 1 << 20)
            except BlockingIOError:
                continue
            except OSError:
                data = b""
            if not data:
                raise EOFError("the child has ended")
            self._pending += self._reader.feed(data)
        return self._pending.pop(0)

    def unread(self, message) -> None:
        """Put a message back: the next `receive` returns it first."""
        self._pending.insert(0, message)

    # -- ending ---------------------------------------------------------------------------
    def _learner(self) -> int | None:
        """The pid of the child the keeper started (read once from the keeper's status pipe)."""
        if self._learner_pid is None and self._status is not None:
            try:
                ready, _, _ = select.select([self._status], [], [], 0.2)
                text = os.read(self._status, 32).decode("ascii", "replace") if ready else ""
                self._learner_pid = int(text.split()[0]) if text.split() else None
            except (OSError, ValueError):
                pass
        return self._learner_pid

    def end(self, wait: float = 1.0) -> None:
        """End the child and everything it started. Returns within about `wait` seconds."""
        if self.alive:
            self._ended_by_us = True
            learner = self._learner()
            try:
                if POSIX:
                    self._popen.send_signal(signal.SIGTERM)
                else:
                    self._popen.kill()
            except OSError:
                pass
            try:
                self._popen.wait(wait)
            except subprocess.TimeoutExpired:
                self._popen.kill()
                self._popen.wait()
            if learner is not None and POSIX:  # if the keeper itself was killed
                try:
                    os.killpg(learner, signal.SIGKILL)
                except OSError:
                    pass
        self._close()

    def wait(self, timeout: float | None = None) -> int | None:
        """The keeper's exit code once it has ended (None if still running after `timeout`)."""
        try:
            return self._popen.wait(timeout)
        except subprocess.TimeoutExpired:
            return None

    def _close(self) -> None:
        for stream in (self.stdin, self.stdout):
            try:
                stream.close()
            except OSError:
                pass
        if self._status is not None:
            try:
                os.close(self._status)
            except OSError:
                pass
            self._status = None

    def why(self) -> str:
        """How it ended, as the end of a sentence: "used more than 2 GiB of memory", …"""
        code = self._popen.poll()
        if code is None:
            return "is still running"
        return ending_sentence(code, self.limits, self._ended_by_us)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.end()


def ending_sentence(code: int, limits: Limits, ended_by_us: bool = False) -> str:
    """The keeper's exit code as words."""
    if code == EXIT_PROCESSES:
        return limits.processes_sentence()
    if code == EXIT_ENDED or ended_by_us:
        return "was ended"
    if code == EXIT_ORPHANED:
        return "was ended when the tutor ended"
    if code < 0:
        return f"was ended (signal {-code})"
    if code >= 128:
        number = code - 128
        if number == getattr(signal, "SIGXCPU", -1):
            return limits.cpu_sentence()
        if number == getattr(signal, "SIGXFSZ", -1):
            return limits.file_sentence()
        if number == signal.SIGKILL:
            return "was killed (signal 9): out of memory?"
        return f"crashed (signal {number})"
    return f"ended (exit code {code})"
