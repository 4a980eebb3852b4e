"""The training process: reads commands, trains, and sends Updates at a steady rate.

It ends on a "quit" command, when its stdin closes, or when its parent process is gone
(the app crashed or was killed), whichever comes first.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import sys
import threading
import time

from nn_tutor.session.child import FIRST_GENERATION
from nn_tutor.session.engine import Engine, describe
from nn_tutor.session.messages import (
    COMMAND_BYTES,
    NAMES,
    QUIT,
    ChannelError,
    clean_text,
    read,
    write,
)

FPS = 40  # updates a second while training runs, at most (the screen paints up to this)
UPDATE_SHARE = 0.04  # while running, building and sending Updates takes at most this share of the CPU
PARENT_CHECK = 0.25  # seconds between looks at whether the app is still there


def parent_alive(parent_pid: int) -> bool:
    """Whether the app that started this process still runs (the process is not re-parented)."""
    return os.getppid() == parent_pid


def handle(engine: Engine, command) -> bool:
    """Apply one command; False for "quit". A bad command is reported, never fatal."""
    if not (
        isinstance(command, tuple)
        and len(command) == 3
        and isinstance(command[1], tuple)
        and isinstance(command[2], dict)
        and all(isinstance(k, str) for k in command[2])
    ):
        engine.notify(f"A training command could not be read: {clean_text(repr(command), 60)}", "error")
        return True
    name, args, kwargs = command
    if name == QUIT:
        return False
    if name not in NAMES:
        engine.notify(f"Unknown training command {clean_text(repr(name), 60)}.", "error")
        return True
    try:
        getattr(engine, name)(*args, **kwargs)
    except Exception as err:
        engine.notify(f"{name} failed: {describe(err)}", "error", 8)
    return True


def read_commands(stream, commands: queue.SimpleQueue) -> None:
    """Thread: every command from the app into `commands`; "quit" when the app is gone or the
    stream is out of step (something else wrote into it: the process ends, the app says so)."""
    while True:
        try:
            commands.put(read(stream, COMMAND_BYTES))
        except (EOFError, ChannelError, OSError, ValueError):
            commands.put((QUIT, (), {}))
            return


def serve(commands: queue.SimpleQueue, out, engine: Engine, parent_pid: int) -> None:
    """The loop: commands first, then a chunk of training, then what to send."""
    next_frame = 0.0
    next_parent_check = time.monotonic() + PARENT_CHECK
    while True:
        now = time.monotonic()
        wait = engine.advance()
        if engine.dirty and engine.running:
            wait = min(wait, max(0.0, next_frame - now))
        elif engine.dirty or engine.notices:
            wait = 0.0
        if engine.compare_pending():
            wait = min(wait, 0.02)
        try:
            command = commands.get(timeout=min(wait, PARENT_CHECK)) if wait > 0 else commands.get_nowait()
            while True:
                if not handle(engine, command):
                    return
                command = commands.get_nowait()
        except queue.Empty:
            pass
        now = time.monotonic()
        if engine.dirty and (not engine.running or now >= next_frame):
            cpu = time.thread_time()
            update = engine.update()
            if update is not None:
                write(out, update)
            # a large network's Updates cost more: they are sent less often, so it trains at speed
            next_frame = now + max(1 / FPS, (time.thread_time() - cpu) / UPDATE_SHARE)
        for notice in engine.take_notices():
            write(out, notice)
        result = engine.compare_result()
        if result is not None:
            write(out, result)
        if not engine.dirty and engine.check_gradients():
            continue  # sent at the top of the next round
        if now >= next_parent_check:
            if not parent_alive(parent_pid):
                return
            next_parent_check = now + PARENT_CHECK


def main() -> None:
    """The process's entry point: commands on stdin, messages on stdout."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # ctrl+c belongs to the app
    out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # a stray print must not corrupt the messages
    sys.stdout = sys.stderr
    commands: queue.SimpleQueue = queue.SimpleQueue()
    threading.Thread(target=read_commands, args=(sys.stdin.buffer, commands), daemon=True).start()
    engine = Engine()
    if len(sys.argv) > 1:  # a network to load at once (child.start's `first`)
        handle(engine, ("load", (FIRST_GENERATION,), json.loads(sys.argv[1])))
    try:
        serve(commands, out, engine, os.getppid())
        out.flush()
    except (BrokenPipeError, ConnectionError, OSError):
        pass  # the app went away
    finally:
        engine.cancel_compare()
    # nothing is left to tidy: ended here, not after the interpreter's own ending, which
    # can take half a second (its stdin reader, a compare run's thread), all of it a wait
    # for the app as it closes
    os._exit(0)
