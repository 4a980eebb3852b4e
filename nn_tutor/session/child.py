"""Starting the training process: the reference's as a plain child, your network's (it runs the
learner's code) through the sandbox, with its limits. Both look alike to the Session: binary
stdin and stdout, `pid`, `poll()`, `end()` (ends it and reaps it) and `why()` (how it ended).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

END_SECONDS = 0.5  # how long `end` waits after asking, and again after telling
CPU_SECONDS = 24 * 3600  # CPU time your network's process may use


FIRST_GENERATION = 1  # the generation of a network given at start (see start)


def worker_command(first: dict | None = None) -> list[str]:
    command = [sys.executable, "-c", "from nn_tutor.session.worker import main; main()"]
    return command if first is None else [*command, json.dumps(first)]


BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def one_blas_thread(env) -> None:
    """One BLAS thread in `env` (read when NumPy loads), unless the user set otherwise."""
    for name in BLAS_THREADS:
        env.setdefault(name, "1")


def worker_env() -> dict[str, str]:
    """This environment, with the folder holding nn_tutor first on the path (so a checkout
    that is not installed works too), and one BLAS thread unless the user set otherwise: the
    panel's matrices are small, and more threads only fight the app for the cores."""
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    one_blas_thread(env)
    return env


def ended(returncode: int | None) -> str:
    """How a process ended, as a sentence's end: "crashed (signal 11)", "ended (exit code 3)"."""
    if returncode is None:
        return "was ended"
    if returncode < 0:
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = f"signal {-returncode}"
        return "was killed" if -returncode == signal.SIGKILL else f"crashed ({name})"
    return f"ended (exit code {returncode})"


class Plain:
    """A child process of this one, nothing more (the reference's training process)."""

    def __init__(self, argv: list[str], env: dict | None = None):
        self._popen = subprocess.Popen(
            argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env
        )
        self.stdin, self.stdout, self.pid = self._popen.stdin, self._popen.stdout, self._popen.pid

    def poll(self) -> int | None:
        """None while it runs; its exit status once it has ended (it is reaped then)."""
        return self._popen.poll()

    def end(self) -> None:
        """Asked (its stdin closed), then told; reaped. Returns within about 2 × END_SECONDS."""
        for stream in (self.stdin,):
            try:
                stream.close()
            except (OSError, ValueError):  # a broken pipe's unwritten bytes
                pass
        try:
            self._popen.wait(END_SECONDS)
        except subprocess.TimeoutExpired:
            self._popen.kill()
            try:
                self._popen.wait(END_SECONDS)
            except subprocess.TimeoutExpired:  # not even SIGKILL ended it: left to the OS
                pass

    def why(self) -> str:
        return ended(self._popen.poll())


class Boxed:
    """The sandbox's Sandboxed process (limits on memory, CPU time, processes and file size;
    everything it starts is ended with it and with the tutor) with the same face as Plain."""

    def __init__(self, argv: list[str], env: dict | None = None):
        from nn_tutor.sandbox.limits import Limits
        from nn_tutor.sandbox.process import Sandboxed

        # CPU time for a long run: a call of the learner's that never returns is ended sooner,
        # by the app when the process stops answering its pings
        self._child = Sandboxed(argv, limits=Limits(cpu_seconds=CPU_SECONDS), env=env)
        self.stdin, self.stdout, self.pid = self._child.stdin, self._child.stdout, self._child.pid
        os.set_blocking(self.stdout.fileno(), True)  # one reader thread waits on it

    def poll(self) -> int | None:
        return self._child.wait(0)

    def end(self) -> None:
        self._child.end()

    def why(self) -> str:
        return self._child.why()


def sandbox_ready() -> bool:
    try:
        import nn_tutor.sandbox.process  # noqa: F401
    except ImportError:
        return False
    return True


def start(sandboxed: bool = False, first: dict | None = None):
    """The training process: through the sandbox when it runs the learner's code (and the
    sandbox is there), else a plain child. `first`: a network it loads at once, before any
    command, as generation FIRST_GENERATION: the keywords of Session.load, in JSON's plain
    values (settings as a dict of NetworkConfig's fields), so that the app need not load
    NumPy to ask for it."""
    command = worker_command(first)
    if sandboxed and sandbox_ready():
        return Boxed(command, env=worker_env())
    return Plain(command, env=worker_env())
