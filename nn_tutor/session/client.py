"""The app's handle on the training process: every call returns at once.

The process is a plain `python -c` child (no fork of a threaded app, no re-import of the
app's main module), or for your network the same through the sandbox. Commands go down its
stdin; a reader thread takes what comes back on its stdout, adds each Update's new costs to
the history it keeps, keeps only the newest Update (older ones are never drawn) and queues
notices and compare results. `on_change`, called from that thread, tells the app something
arrived. A process that ends, sends garbage or stops answering is ended and reaped; `failure`
then says what happened in a sentence and `restart` starts a new one.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections import deque
from collections.abc import Callable

import numpy as np

from nn_tutor.session import child as children
from nn_tutor.session.messages import (
    COMMANDS,
    QUIT,
    Alive,
    ChannelError,
    CompareResult,
    Notice,
    Update,
    read,
    update_bytes,
    write,
)

MIN_BYTES = 16 * 2**20  # the bound on one message, at the least (a compare view's runs fit)
MAX_EVENTS = 200  # notices kept until the app takes them (a flood loses the oldest)
PLAIN = frozenset(c.name for c in COMMANDS) - {"load", "ping"}


class Session:
    """A network trained in its own process. `load` a network, then step, run, change it
    (every command of messages.COMMANDS is a method: session.step(), session.set_speed(300))."""

    NAME = "The training process"

    def __init__(
        self,
        on_change: Callable[[], None] | None = None,
        name: str = NAME,
        sandboxed: bool = False,
        process=None,
        first: dict | None = None,
    ):
        """`on_change` is called (from a thread) when something arrives; `name` starts the
        sentences that say the process failed; `sandboxed`: it runs the learner's code;
        `process`: one child.start made already (the app starts it before NumPy loads), with
        `first`, the network it was given to load then."""
        self.on_change = on_change
        self.name = name
        self.sandboxed = sandboxed
        self.generation = 0
        self._lock = threading.Lock()
        self._send_lock = threading.Lock()
        self._closed = False
        self._max_bytes = MIN_BYTES
        if process is not None and first is not None:
            self.generation = children.FIRST_GENERATION
            self._max_bytes = message_bytes(first["settings"], compare=first.get("compare"))
        self._start(process)

    def _start(self, process=None) -> None:
        self._pings: dict[int, float] = {}  # number -> when sent, until answered
        self._pinged = 0
        self._latest: Update | None = None
        self._events: deque = deque(maxlen=MAX_EVENTS)
        self._costs = np.empty(0)  # the current network's cost history (see _costs_of)
        self._count = 0
        self._data = None  # (X, Y) of the current network
        self.failure: str | None = None  # why the process stopped, once it has
        self.process = process or children.start(self.sandboxed)
        self._reader = threading.Thread(target=self._read, args=(self.process,), name="nn-tutor updates", daemon=True)
        self._reader.start()

    # -- commands ---------------------------------------------------------------------------
    def _send(self, name: str, *args, **kwargs) -> None:
        if self._closed or self.failure is not None:
            return
        try:
            with self._send_lock:
                write(self.process.stdin, (name, args, kwargs))
        except (OSError, ValueError):  # the process is gone: the reader says how
            pass

    def __getattr__(self, name: str):
        if name not in PLAIN:
            raise AttributeError(name)

        def send(*args, **kwargs) -> None:
            self._send(name, *args, **kwargs)

        send.__name__ = name
        return send

    def load(self, settings, *, X=None, Y=None, network=None, compare: dict | None = None) -> int:
        """Train a new network (settings: Trainer keywords or a NetworkConfig). Returns the
        generation its Updates carry; anything older is stale from now on."""
        self._max_bytes = max(self._max_bytes, message_bytes(settings, X, Y, compare))
        with self._lock:
            self.generation += 1
            self._latest = None
        self._send("load", self.generation, settings, X=X, Y=Y, network=network, compare=compare)
        return self.generation

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
        """The newest Update of the current generation, whole (all its costs, X and Y)."""
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
        return not self._closed and self.failure is None and self.process.poll() is None

    def _read(self, process) -> None:
        """Thread: every message from `process` until it ends or sends garbage."""
        why = None
        while True:
            try:
                message = read(process.stdout, self._max_bytes)
                self._take(process, message)
            except EOFError:
                break
            except (ChannelError, OSError, ValueError) as err:
                why = f"sent something that is not a message ({str(err)[:120]})"
                break
            if self.on_change is not None:
                self.on_change()
        self._failed(process, why)
        try:
            process.stdout.close()
        except (OSError, ValueError):
            pass

    def _take(self, process, message) -> None:
        """One message into the state the app reads; ChannelError if it makes no sense here."""
        with self._lock:
            if process is not self.process:  # an ended process's last words
                return
            if isinstance(message, Alive):
                self._pings = {n: t for n, t in self._pings.items() if n > message.number}
            elif isinstance(message, Update):
                if message.generation == self.generation:
                    self._latest = self._whole(message)
            elif isinstance(message, (Notice, CompareResult)):
                self._events.append(message)
            else:
                raise ChannelError(f"a {type(message).__name__} is not a message of the training process")

    def _whole(self, update: Update) -> Update:
        """The Update with the whole cost history and the data (the pipe carries what changed)."""
        s = update.snapshot
        new = s.costs
        if update.costs_from == 0:
            self._costs, self._count = np.empty(max(1024, 2 * len(new))), 0
        elif update.costs_from != self._count:
            raise ChannelError(f"costs from iteration {update.costs_from} follow {self._count} costs")
        end = self._count + len(new)
        if end > len(self._costs):  # a new array: earlier snapshots keep the old one
            grown = np.empty(max(2 * len(self._costs), end))
            grown[: self._count] = self._costs[: self._count]
            self._costs = grown
        self._costs[self._count : end] = new
        self._count = end
        costs = self._costs[:end]
        costs.flags.writeable = False
        if s.X is not None and s.Y is not None:
            self._data = (s.X, s.Y)
        elif self._data is None:
            raise ChannelError("an update without the data came first")
        X, Y = self._data
        snapshot = dataclasses.replace(s, costs=costs, X=X, Y=Y)
        return dataclasses.replace(update, snapshot=snapshot, costs_from=0)

    # -- failing and starting again ---------------------------------------------------------
    def _failed(self, process, why: str | None) -> None:
        """The process ended or sent garbage: end it (reaped), say so once."""
        process.end()
        with self._lock:
            if process is not self.process or self.failure is not None or self._closed:
                return
            self.failure = f"{self.name} {why or process.why()}."
            self._events.append(Notice(self.generation, self.failure, "error", 10))
        if self.on_change is not None:
            self.on_change()

    def end_stuck(self, seconds: float) -> None:
        """End a process that has not answered a ping for `seconds` (the learner's code loops
        where the process cannot stop it). Blocks up to about a second: call it from a thread."""
        with self._lock:
            if self.failure is not None or self._closed:
                return
            self.failure = (
                f"{self.name} did not answer for {seconds:.0f} s (a loop that ignores the time limit?) and was ended."
            )
            self._events.append(Notice(self.generation, self.failure, "error", 10))
        self.process.end()
        if self.on_change is not None:
            self.on_change()

    def restart(self) -> None:
        """A new process, after a failure (the caller loads a network into it)."""
        if self._closed:
            return
        with self._lock:
            old, self.failure = self.process, "restarting"  # the old reader's end is no failure
        old.end()
        with self._lock:
            self._start()

    # -- ending -----------------------------------------------------------------------------
    def close(self) -> None:
        """End the process: asked first, then told. Returns within about a second."""
        if self._closed:
            return
        self._closed = True
        try:
            with self._send_lock:
                write(self.process.stdin, (QUIT, (), {}))
        except (OSError, ValueError):  # the process has gone already
            pass
        self.process.end()
        self._reader.join(children.END_SECONDS)  # it closes the process's stdout

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def message_bytes(settings, X=None, Y=None, compare: dict | None = None) -> int:
    """The bound on one message while this network trains (see messages.update_bytes)."""
    from nn_tutor.model.config import NetworkConfig

    try:
        config = NetworkConfig(**settings) if isinstance(settings, dict) else settings
        size = None if X is None else int(np.size(X)) + 2 * int(np.size(Y))
        bound = update_bytes(config, size)
        if compare:
            bound += 16 * len(compare.get("values", ())) * int(compare.get("iterations", 0))
        return max(MIN_BYTES, bound)
    except Exception:  # the process reports settings that cannot be built
        return MIN_BYTES
