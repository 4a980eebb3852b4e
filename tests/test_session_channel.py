"""The pipes between the app and the training process carry the wire format, never a pickle:
a malicious pickle, garbage, an oversized frame or a malformed record reaching either reader
is refused, reported as the channel's error, and the tutor goes on (bounded time and memory)."""

from __future__ import annotations

import os
import pickle
import signal
import struct
import subprocess
import sys
import textwrap
import time

import numpy as np
import pytest
from conftest import wait_until

from nn_tutor.model import Trainer
from nn_tutor.sandbox import wire
from nn_tutor.session import Notice, Session, Update
from nn_tutor.session import child as children
from nn_tutor.session.messages import COMMANDS, NAMES, ChannelError, read
from nn_tutor.session.pair import BOTH

SETTINGS = dict(layers=[2, 4, 1], activations=["tanh", "sigmoid"], dataset="flower", m=120, seed=3)


class Evil:
    """Unpickling this runs a shell command that makes a file."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return os.system, (f"touch {self.marker}",)


def payloads(marker) -> dict[str, bytes]:
    """What a process that ran the learner's code might write into the pipe the app reads."""
    update = Update(1, Trainer(**SETTINGS).snapshot(), False)
    frame = wire.encode(update)
    return {
        "pickle": pickle.dumps(Evil(marker)),
        "pickle after a message": wire.encode(Notice(1, "hello")) + pickle.dumps(Evil(marker)),
        "garbage": os.urandom(200_000),
        "a frame of 1 TB announced": wire.MAGIC + struct.pack(">Q", 2**40) + b"x" * 100,
        "a frame with bytes that belong to no array": frame[:4]
        + struct.pack(">Q", len(frame) - 2)
        + frame[12:]
        + b"x" * 10,
        "a record no one registered": wire.encode({"$r": "os.system"}),
        "a dict, not a message": wire.encode({"text": "hi"}),
        "an Opaque, not a message": wire.encode(wire.Opaque("function", "os.system")),
        "an update whose snapshot is text": frame.replace(b'"nn.Snapshot"', b'"nn.Notice"   '),
        "costs out of step": wire.encode(Update(1, Trainer(**SETTINGS).snapshot(), False, costs_from=7)),
    }


def fake_worker(monkeypatch, data_path) -> None:
    """The next Session's process writes the bytes in `data_path` to the app, then waits."""
    script = textwrap.dedent(f"""
        import sys, time
        sys.stdout.buffer.write(open({str(data_path)!r}, "rb").read())
        sys.stdout.buffer.flush()
        time.sleep(60)
    """)
    monkeypatch.setattr(children, "worker_command", lambda first=None: [sys.executable, "-c", script])


@pytest.mark.parametrize("kind", list(payloads("x")))
def test_the_app_refuses_what_is_not_a_message_and_ends_the_process(kind, tmp_path, monkeypatch):
    marker = tmp_path / "ran"
    (tmp_path / "data").write_bytes(payloads(marker)[kind])
    fake_worker(monkeypatch, tmp_path / "data")
    start = time.monotonic()
    with Session() as session:
        session.load(SETTINGS)
        failure = wait_until(lambda: session.failure, what="the failure")
        assert failure.startswith("The training process sent something that is not a message (")
        assert time.monotonic() - start < 10
        wait_until(lambda: not session._reader.is_alive(), what="the reader to stop")  # no spinning
        assert session.process.poll() is not None  # ended and reaped
        assert not os.path.exists(f"/proc/{session.process.pid}")
        assert not session.alive and session.latest is None
        assert failure in [e.text for e in session.take_events() if isinstance(e, Notice)]
        session.step()  # commands now go nowhere, quietly
    assert not marker.exists()


def test_a_reader_keeps_at_most_its_bound_in_memory():
    import io

    huge = wire.MAGIC + struct.pack(">Q", 10**9) + b"\0" * 1000
    with pytest.raises(ChannelError, match="larger than"):
        read(io.BytesIO(huge), 16 * 2**20)


def test_a_session_starts_again_after_a_failure(tmp_path, monkeypatch):
    (tmp_path / "data").write_bytes(b"garbage" * 10)
    fake_worker(monkeypatch, tmp_path / "data")
    with Session() as session:
        wait_until(lambda: session.failure, what="the failure")
        monkeypatch.undo()
        session.restart()
        assert session.failure is None and session.alive
        session.load(SETTINGS)
        session.step()
        wait_until(lambda: session.latest and session.latest.snapshot.iteration == 1, what="a step")


WORKER = [sys.executable, "-c", "from nn_tutor.session.worker import main; main()"]


@pytest.mark.parametrize("kind", ["pickle", "garbage", "frame of 1 TB"])
def test_the_training_process_refuses_what_is_not_a_command_and_ends(kind, tmp_path):
    marker = tmp_path / "ran"
    data = {
        "pickle": pickle.dumps(("load", (Evil(marker),), {})),
        "garbage": os.urandom(100_000),
        "frame of 1 TB": wire.MAGIC + struct.pack(">Q", 2**40),
    }[kind]
    with subprocess.Popen(
        WORKER, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=children.worker_env()
    ) as worker:
        try:
            worker.stdin.write(data)
            worker.stdin.flush()
        except BrokenPipeError:
            pass
        assert worker.wait(10) == 0  # it quits, as when the app has gone
        assert worker.stdout.read() == b""  # and says nothing it should not
    assert not marker.exists()


def test_a_malformed_command_is_reported_and_the_process_goes_on():
    with subprocess.Popen(
        WORKER, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=children.worker_env()
    ) as worker:
        for command in (
            ["step"],
            ("nope", (), {}),
            ("step", "not a tuple", {}),
            ("ping", ("x",), {}),
            ("load", (1, {"layers": "many"}), {}),
            ("ping", (7,), {}),
        ):
            wire.write(worker.stdin, command)
        said = [read(worker.stdout, 2**20) for _ in range(4)]
        worker.stdin.close()
        worker.wait(10)
    texts = [m.text for m in said if isinstance(m, Notice)]
    assert texts[0].startswith("A training command could not be read")
    assert texts[1] == "Unknown training command 'nope'."
    assert texts[2].startswith("A training command could not be read")
    assert texts[3].startswith("The network could not be built")
    # the bad ping got no answer; the good one did, after everything else
    with subprocess.Popen(
        WORKER, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=children.worker_env()
    ) as worker:
        wire.write(worker.stdin, ("ping", ("x",), {}))
        wire.write(worker.stdin, ("ping", (7,), {}))
        assert read(worker.stdout, 2**20).number == 7
        worker.stdin.close()
        worker.wait(10)


def test_updates_carry_only_the_new_costs_and_the_app_keeps_the_history():
    with Session() as session:
        session.load(SETTINGS)
        session.set_speed(None)
        session.run()
        latest = wait_until(lambda: (u := session.latest) and u.snapshot.iteration > 3000 and u, what="training")
        session.pause()
        final = wait_until(lambda: (u := session.latest) and not u.running and u, what="the pause")
        s = final.snapshot
        reference = Trainer(**SETTINGS)
        reference.run(s.iteration)
        np.testing.assert_array_equal(s.costs, reference.costs)  # every cost, none twice
        np.testing.assert_array_equal(s.X, reference.X)
        assert not s.costs.flags.writeable and not s.X.flags.writeable
        assert latest.snapshot.costs.base is not None or len(latest.snapshot.costs) == latest.snapshot.iteration
        session.reset()
        wait_until(lambda: session.latest.snapshot.iteration == 0, what="the reset")
        assert len(session.latest.snapshot.costs) == 0
        np.testing.assert_array_equal(final.snapshot.costs, reference.costs)  # an older snapshot is unchanged


def test_the_commands_are_declared_once():
    from nn_tutor.session.engine import Engine

    assert NAMES == {c.name for c in COMMANDS}
    for command in COMMANDS:
        assert callable(getattr(Engine, command.name)), command.name
    assert BOTH == {c.name for c in COMMANDS if c.to_both}
    with Session() as session:
        for command in COMMANDS:
            assert callable(getattr(session, command.name)), command.name
        with pytest.raises(AttributeError):
            _ = session.quit


SANDBOXED_PARENT = textwrap.dedent("""
    import time
    from nn_tutor.session import Session
    session = Session(sandboxed=True)
    session.load(dict(layers=[2, 4, 1], activations=["tanh", "sigmoid"], m=100))
    session.set_speed(None)
    session.run()
    while session.latest is None:
        time.sleep(0.01)
    print(session.process.pid, flush=True)
    time.sleep(60)
""")


def descendants(pid: int) -> set[int]:
    """The processes started by `pid`, and theirs (from /proc)."""
    children: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), ()):
            found.add(child)
            todo.append(child)
    return found


def running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not children.sandbox_ready() or not os.path.isdir("/proc"), reason="the sandbox, on Linux")
def test_your_networks_process_ends_when_the_app_is_killed():
    with subprocess.Popen(
        [sys.executable, "-c", SANDBOXED_PARENT], stdout=subprocess.PIPE, text=True, env=children.worker_env()
    ) as parent:
        try:
            keeper = int(parent.stdout.readline())
            tree = {keeper} | descendants(keeper)
            assert len(tree) >= 2  # the keeper and the training process
            os.kill(parent.pid, signal.SIGKILL)
            parent.wait()
            wait_until(lambda: not any(running(pid) for pid in tree), timeout=3, what="the whole tree to end")
        finally:
            parent.kill()
