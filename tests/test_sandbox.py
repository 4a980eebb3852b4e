"""The sandbox itself: limits named in a sentence, the whole tree ended, nothing read unpickled,
learner text made safe."""

from __future__ import annotations

import os
import pickle
import sys
import textwrap
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from conftest import wait_until

from nn_tutor.sandbox import wire
from nn_tutor.sandbox.calls import (
    Broken,
    Expr,
    LearnerCode,
    LimitHit,
    LoadFailed,
    Raised,
    TimedOut,
)
from nn_tutor.sandbox.limits import Limits
from nn_tutor.sandbox.process import Sandboxed
from nn_tutor.sandbox.text import safe_text

HOST = str(Path(__file__).resolve().parents[1] / "nn_tutor" / "sandbox" / "host.py")


class Boom:
    """Unpickling this runs a command that leaves a file behind."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def python(code: str) -> list[str]:
    return [sys.executable, "-c", textwrap.dedent(code)]


def workspace(tmp_path: Path, code: str) -> Path:
    (tmp_path / "network.py").write_text(textwrap.dedent(code), encoding="utf-8")
    return tmp_path


# -- the process ------------------------------------------------------------------------------
def test_end_ends_setsid_grandchildren_within_a_second(tmp_path):
    pids = tmp_path / "pids"
    child = Sandboxed(
        python(f"""
        import os, time
        if os.fork() == 0:
            os.setsid()
            if os.fork() == 0:
                open({str(pids)!r}, "w").write(str(os.getpid()))
                time.sleep(100)
            os._exit(0)
        time.sleep(100)
        """)
    )
    wait_until(lambda: pids.exists() and pids.read_text(), 10, what="the grandchild's pid")
    grandchild = int(pids.read_text())
    start = time.monotonic()
    child.end()
    assert time.monotonic() - start < 1.5
    assert not alive(grandchild)
    assert child.why() == "was ended"


@pytest.mark.parametrize(
    "code, limits, sentence",
    [
        (
            "import os, time\nfor _ in range(40):\n    os.fork() == 0 and time.sleep(30)\ntime.sleep(30)",
            Limits(processes=4),
            "started more than 4 processes",
        ),
        ("while True:\n    pass", Limits(cpu_seconds=1), "used more than 1 s of CPU time"),
        ("import os\nos._exit(3)", Limits(), "ended (exit code 3)"),
        ("import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)", Limits(), "crashed (signal 11)"),
    ],
)
def test_why_names_the_limit_or_the_ending(code, limits, sentence):
    child = Sandboxed(python(code), limits=limits)
    assert child.wait(20) is not None
    assert child.why() == sentence
    child.end()


def test_a_child_outlives_the_thread_that_started_it():
    """The parent-death signal fires when the starting thread ends: the keeper must not take
    that for the tutor's death (checks and training start children from worker threads)."""
    started = []
    thread = threading.Thread(target=lambda: started.append(Sandboxed(python("import time; time.sleep(30)"))))
    thread.start()
    thread.join()
    time.sleep(0.5)
    assert started[0].alive
    started[0].end()


def test_a_pickle_or_garbage_from_the_child_is_refused_not_loaded(tmp_path):
    marker = tmp_path / "ran"
    for payload in (pickle.dumps(Boom(marker)), os.urandom(4096), wire.MAGIC + b"\xff" * 8):
        child = Sandboxed(
            python(f"import sys; sys.stdout.buffer.write({payload!r}); sys.stdout.flush(); import time; time.sleep(30)")
        )
        with pytest.raises(wire.WireError):
            child.receive(10)
        child.end()
    assert not marker.exists()


def test_garbage_sent_to_the_host_ends_it_quietly(tmp_path):
    marker = tmp_path / "ran"
    child = Sandboxed([sys.executable, "-I", HOST, str(tmp_path)], cwd=tmp_path)
    assert child.receive(15) == {"ready": True}
    child.stdin.write(pickle.dumps(Boom(marker)) + os.urandom(100))
    child.stdin.flush()
    assert child.wait(10) == 0
    child.end()
    assert not marker.exists()


# -- calls ------------------------------------------------------------------------------------
def test_values_go_in_and_come_back_with_output_counts_and_changes(tmp_path):
    folder = workspace(
        tmp_path,
        """
        import numpy as np
        def double(x):
            return 2 * x
        def twice(f, a):
            print("twice of", a)
            return double(f(a)) + double(0)
        def scale(v):
            v *= 3
            return None
        """,
    )
    with LearnerCode(folder) as code:
        out = code.call("network.py", "twice", Expr("lambda a: a ** 2"), 3.0, count=("double",))
        assert out.value == 18.0 and out.output == "twice of 3.0\n"
        assert out.counts == {"double": 2} and out.first == {"double": 18.0}
        out = code.call("network.py", "scale", np.ones(2))
        assert np.array_equal(out.args[0], [3.0, 3.0]) and out.params == ["v"]


def test_a_pickle_written_on_the_answer_channel_breaks_the_call_and_runs_nothing(tmp_path):
    marker = tmp_path / "ran"
    folder = workspace(
        tmp_path,
        f"""
        import os, pickle
        class Boom:
            def __reduce__(self):
                return (os.system, ("touch {marker}",))
        def sigmoid(z):
            data = pickle.dumps(Boom())
            for fd in range(3, 30):
                try:
                    os.write(fd, data)
                except OSError:
                    pass
            return z
        """,
    )
    with LearnerCode(folder) as code, pytest.raises(Broken, match="not a message"):
        code.call("network.py", "sigmoid", 1.0)
    assert not marker.exists()


@pytest.mark.parametrize(
    "code, error, words",
    [
        ("def f():\n    raise SystemExit(3)", Raised, "SystemExit"),
        ("def f():\n    open('big', 'wb').write(b'0' * 20 * 2**20)", LimitHit, "wrote a file larger than 16 MiB"),
        (
            "import numpy as np\ndef f():\n    return np.ones(3 * 2**30 // 8)",
            LimitHit,
            "used more than 2 GiB of memory",
        ),
        ("import os\ndef f():\n    os._exit(4)", Broken, "ended (exit code 4)"),
        ("def f():\n    while True:\n        pass", TimedOut, "did not finish within 1 s"),
    ],
)
def test_each_way_a_call_fails_is_said(tmp_path, code, error, words):
    folder = workspace(tmp_path, code)
    with LearnerCode(folder) as learner:
        with pytest.raises(error) as caught:
            learner.call("network.py", "f", timeout=1.0)
        assert words in str(caught.value)


def test_after_a_timeout_the_next_call_gets_a_fresh_child(tmp_path):
    folder = workspace(tmp_path, "def slow():\n    while True:\n        pass\ndef ok():\n    return 1\n")
    with LearnerCode(folder) as code:
        with pytest.raises(TimedOut) as caught:
            code.call("network.py", "slow", timeout=1.0)
        assert caught.value.line == 2  # the loop's line
        assert code.call("network.py", "ok").value == 1


@pytest.mark.parametrize(
    "text, words",
    [
        ("def f(:\n", "syntax error on line 1"),
        ("raise ValueError('no')\n", "raised ValueError on line 1 while it loads: no"),
        ("import nn_tutor\n", "cannot import the tutor's own package"),
        ("import sys\nsys.exit(2)\n", "calls sys.exit() on line 2 while it loads"),
    ],
)
def test_a_file_that_cannot_load_says_why(tmp_path, text, words):
    folder = workspace(tmp_path, text)
    with LearnerCode(folder) as code:
        with pytest.raises(LoadFailed) as caught:
            code.load("network.py")
        assert words in caught.value.message


def test_a_file_of_a_gigabyte_is_refused_without_reading_it(tmp_path):
    with open(tmp_path / "network.py", "wb") as f:
        f.truncate(2**30)
    with LearnerCode(tmp_path) as code:
        with pytest.raises(LoadFailed, match="far too large"):
            code.load("network.py")


# -- text -------------------------------------------------------------------------------------
def test_safe_text_shows_control_characters_and_keeps_newlines_and_tabs():
    text = safe_text("a\x1b]0;title\x07\tb\nc\r\u202e\x9b", 100)
    assert text == "a\\x1b]0;title\\x07\tb\nc\\x0d\\u202e\\x9b"
    assert safe_text("x" * 5000, 100).startswith("x" * 100) and len(safe_text("x" * 5000, 100)) < 140
    assert safe_text("ab" * 5000, 10, keep_end=True).endswith("abababab")


def test_long_output_keeps_its_last_whole_lines_and_says_the_rest_was_cut(tmp_path):
    folder = workspace(
        tmp_path,
        """
        def chatty():
            for i in range(1000):
                print("line", i)
            return 1
        def quiet():
            print("short")
            return 2
        """,
    )
    with LearnerCode(folder) as code:
        out = code.call("network.py", "chatty")
        lines = out.output.splitlines()
        assert lines[0] == "[earlier output cut]" and lines[-1] == "line 999"
        assert all(line.startswith("line ") and line.split()[1].isdigit() for line in lines[1:])
        assert len(out.output) <= 2000
        assert code.call("network.py", "quiet").output == "short\n"  # the next call starts afresh


def test_no_module_of_the_tutor_can_unpickle():
    """Every channel between processes is the wire format: no reader anywhere loads a pickle."""
    import re

    package = Path(__file__).resolve().parents[1] / "nn_tutor"
    users = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if re.search(
            r"^\s*(import|from)\s+(c?pickle|marshal|shelve|dill|joblib)\b|\bpickle\.loads?\(",
            path.read_text(encoding="utf-8"),
            flags=re.MULTILINE,
        )
    ]
    assert users == []
