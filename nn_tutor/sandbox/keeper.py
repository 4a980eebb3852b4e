"""The keeper: a small trusted process between the tutor and a child that runs learner code.

Run by path, `python -I keeper.py LIMITS PARENT_PID STATUS_FD -- ARGV...` (it imports nothing of
nn_tutor but limits.py, by path). It starts ARGV in a session of its own with the limits applied,
hands it its own stdin and stdout (the tutor talks to the child directly), and ends the child
and everything the child started when the child ends, when asked (SIGTERM), when the tree
starts more processes than allowed, and when the tutor dies in any way. On Linux it is a child
subreaper, so a descendant that forks twice or calls setsid is re-parented to it and still
found; elsewhere it ends the child's process group. Its exit code says how the child ended:
0..127 the child's exit code, 128 + n a signal, and EXIT_* below.
"""

from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
import sys
import time

EXIT_PROCESSES = 200  # the tree started more processes than allowed
EXIT_ENDED = 201  # ended on request
EXIT_ORPHANED = 202  # the tutor died
POLL = 0.05  # seconds between two looks at the tree

PR_SET_PDEATHSIG, PR_SET_DUMPABLE, PR_SET_CHILD_SUBREAPER = 1, 4, 36
LINUX = sys.platform.startswith("linux")


def prctl(option: int, value: int) -> bool:
    if not LINUX:
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(option, ctypes.c_ulong(value), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _load_limits():
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "limits.py")
    spec = importlib.util.spec_from_file_location("_sandbox_limits", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses looks its module up by name
    spec.loader.exec_module(module)
    return module


def children(pid: int) -> list[int]:
    """Direct children of `pid` (all its threads'), from /proc."""
    found = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/children", encoding="ascii") as f:
                found += [int(p) for p in f.read().split()]
        except (OSError, ValueError):
            continue
    return found


def descendants(root: int) -> list[int]:
    seen, stack = [], children(root)
    while stack:
        pid = stack.pop()
        if pid not in seen:
            seen.append(pid)
            stack += children(pid)
    return seen


def reap(child_pid: int, status: list) -> None:
    """Collect every ended child (re-parented orphans too); keep the main child's status."""
    while True:
        try:
            pid, code = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        if pid == child_pid and not status:
            status.append(code)


def kill_tree(child_pid: int, status: list) -> None:
    """SIGKILL the child's process group and every descendant, until none is left (≤ 2 s)."""
    try:
        os.killpg(child_pid, signal.SIGKILL)
    except OSError:
        pass
    end = time.monotonic() + 2.0
    while time.monotonic() < end:
        pids = descendants(os.getpid()) if LINUX else []
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        reap(child_pid, status)
        if not pids:
            break
        time.sleep(0.005)
    reap(child_pid, status)


def main(argv: list[str]) -> int:
    limits = _load_limits().Limits.from_argv(argv[0])
    parent, status_fd, command = int(argv[1]), int(argv[2]), argv[4:]
    stop: list[int] = []

    def on_term(_signum, _frame):
        stop.append(EXIT_ENDED)

    def on_parent_death(_signum, _frame):  # sent when the thread that started us ends
        if os.getppid() != parent:
            stop.append(EXIT_ORPHANED)

    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # ctrl+c is the tutor's to handle
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    signal.signal(signal.SIGUSR1, on_parent_death)
    prctl(PR_SET_CHILD_SUBREAPER, 1)
    prctl(PR_SET_PDEATHSIG, signal.SIGUSR1)
    prctl(PR_SET_DUMPABLE, 0)  # its /proc files (fds) are not open to the learner's processes
    if os.getppid() != parent:
        return EXIT_ORPHANED

    def start_child():
        os.setsid()
        prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        limits.apply()

    try:
        child = subprocess.Popen(command, preexec_fn=start_child, close_fds=True)
    except OSError as exc:
        os.write(2, f"cannot start {command[:1]}: {exc}\n".encode())
        return 127
    try:
        os.write(status_fd, f"{child.pid}\n".encode())
        os.close(status_fd)
    except OSError:
        pass
    null = os.open(os.devnull, os.O_RDWR)  # the pipes now belong to the child alone
    os.dup2(null, 0)
    os.dup2(null, 1)
    status: list[int] = []
    reason = None
    while reason is None:
        reap(child.pid, status)
        if stop:
            reason = stop[0]
        elif os.getppid() != parent:
            reason = EXIT_ORPHANED
        elif status:
            break
        elif LINUX and len(descendants(os.getpid())) - 1 > limits.processes:
            reason = EXIT_PROCESSES
        else:
            time.sleep(POLL)
    kill_tree(child.pid, status)
    if reason is not None:
        return reason
    code = status[0]
    if os.WIFSIGNALED(code):
        return 128 + os.WTERMSIG(code)
    return min(os.WEXITSTATUS(code), 127)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
