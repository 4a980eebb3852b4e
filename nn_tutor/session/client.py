"""The app's handle on the training process: every call returns at once.

The process is a plain `python -c` child (no fork of a threaded app, no re-import of the
app's main module). Commands go down its stdin; a reader thread takes what comes back on
its stdout, keeps only
the newest Update (older ones are never drawn) and queues notices and compare results.
`on_change`, called from that thread, tells the app something arrived.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections import deque
from typing import Callable

from nn_tutor.session.messages import Alive, CompareResult, Notice, Update, read, write

CLOSE_SECONDS = 0.5         # how long `close` waits for the process before ending it


def worker_command() -> list[str]:
    return [sys.executable, "-c", "from nn_tutor.session.worker import main; main()"]


BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def worker_env() -> dict[str, str]:
    """This environment, with the folder holding nn_tutor first on the path (so a checkout
    that is not installed works too), and one BLAS thread unless the user set otherwise: the
    panel's matrices are small, and more threads only fight the app for the cores."""
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    for name in BLAS_THREADS:
        env.setdefault(name, "1")
    return env


class Session:
    """A network trained in its own process. `load` a network, then step, run, change it."""

    GONE = "The training process stopped; restart the app to train again."

    def __init__(self, on_change: Callable[[], None] | None = None, gone: str = GONE):
        """`on_change` is called (from a thread) when something arrives; `gone` is the notice
        given if the process stops."""
        self.on_change = on_change
        self.gone = gone
        self._pings: dict[int, float] = {}      # number -> when sent, until answered
        self._pinged = 0
        self.generation = 0
        self._lock = threading.Lock()
        self._send_lock = threading.Lock()
        self._latest: Update | None = None
        self._events: deque = deque()
        self._closed = False
        self._told_gone = False
        self.process = subprocess.Popen(worker_command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL, env=worker_env())
        self._reader = threading.Thread(target=self._read, name="nn-tutor updates", daemon=True)
        self._reader.start()

    # -- commands ---------------------------------------------------------------------------
    def _send(self, name: str, *args, **kwargs) -> None:
        if self._closed:
            return
        try:
            with self._send_lock:
                write(self.process.stdin, (name, args, kwargs))
        except (OSError, ValueError):           # the process is gone: say so once
            self._gone()

    def load(self, settings, *, X=None, Y=None, network: str | None = None, compare: dict | None = None) -> int:
        """Train a new network (settings: Trainer keywords or a NetworkConfig). Returns the
        generation its Updates carry; anything older is stale from now on."""
        self.generation += 1
        with self._lock:
            self._latest = None
        self._send("load", self.generation, settings, X=X, Y=Y, network=network, compare=compare)
        return self.generation

    def step(self) -> None:
        self._send("step")

    def phase(self) -> None:
        self._send("phase")

    def toggle_run(self) -> None:
        self._send("toggle_run")

    def run(self) -> None:
        self._send("run")

    def pause(self) -> None:
        self._send("pause")

    def set_speed(self, speed: int | None) -> None:
        self._send("set_speed", speed)

    def reset(self) -> None:
        self._send("reset")

    def replace(self, what: str = "", **changes) -> None:
        self._send("replace", what, **changes)

    def cycle(self, field: str) -> None:
        """The next hidden activation, initialisation or data set ("activation", "init", "dataset")."""
        self._send("cycle", field)

    def scale_learning_rate(self, factor: float) -> None:
        self._send("scale_learning_rate", factor)

    def set_learning_rate(self, lr: float) -> None:
        self._send("set_learning_rate", lr)

    def want_gradcheck(self, wanted: bool) -> None:
        """Whether the gradient check's view is showing (it runs only then, and only paused)."""
        self._send("want_gradcheck", wanted)

    def ping(self) -> None:
        """Ask the process to answer as soon as it can (see `unanswered_for`)."""
        with self._lock:
            self._pinged += 1
            number = self._pinged
            self._pings[number] = time.monotonic()
        self._send("ping", number)

    # -- what came back ---------------------------------------------------------------------
    def unanswered_for(self) -> float:
        """Seconds since the oldest ping that has had no answer (0.0 when none is waiting)."""
        with self._lock:
            oldest = min(self._pings.values(), default=None)
        return 0.0 if oldest is None else time.monotonic() - oldest

    @property
    def latest(self) -> Update | None:
        """The newest Update of the current generation."""
        with self._lock:
            return self._latest

    def take_events(self) -> list[Notice | CompareResult]:
        """Notices and compare results of the current generation, oldest first, once each."""
        with self._lock:
            events = [e for e in self._events if e.generation == self.generation]
            self._events.clear()
        return events

    @property
    def alive(self) -> bool:
        return not self._closed and self.process.poll() is None

    def _read(self) -> None:
        while True:
            try:
                message = read(self.process.stdout)
            except (EOFError, OSError, ValueError):
                break
            except Exception as err:      # a message that cannot be read: say so, go on
                message = Notice(self.generation, f"An update could not be read: {err}", "error")
            with self._lock:
                if isinstance(message, Alive):
                    self._pings = {n: t for n, t in self._pings.items() if n > message.number}
                    continue
                if isinstance(message, Update):
                    if message.generation == self.generation:
                        self._latest = message
                else:
                    self._events.append(message)
            if self.on_change is not None:
                self.on_change()
        if not self._closed:
            self._gone()

    def _gone(self) -> None:
        with self._lock:
            if self._told_gone:
                return
            self._told_gone = True
            self._events.append(Notice(self.generation, self.gone, "error", 10))
        if self.on_change is not None:
            self.on_change()

    # -- ending -----------------------------------------------------------------------------
    def close(self) -> None:
        """End the process: asked first, then told. Returns within about 2 × CLOSE_SECONDS."""
        if self._closed:
            return
        self._closed = True
        try:
            with self._send_lock:
                write(self.process.stdin, ("quit", (), {}))
        except (OSError, ValueError):         # the process has gone already
            pass
        try:
            self.process.stdin.close()
        except (OSError, ValueError):         # a broken pipe's unwritten bytes
            pass
        try:
            self.process.wait(CLOSE_SECONDS)
        except subprocess.TimeoutExpired:
            self.process.terminate()
            try:
                self.process.wait(CLOSE_SECONDS)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._reader.join(CLOSE_SECONDS)
        self.process.stdout.close()

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
