"""Learner code that tries to forge its verdict, run code in the tutor, hang it or outlive it.

Each attack is a workspace file a curious learner (or a downloaded network.py) could write; the
checks must give "failed" (or "todo"), never "passed", a clear verdict within the deadline
plus 2 s, and leave no process behind.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from nn_tutor.exercises import NAMES, init_workspace, run_checks
from nn_tutor.exercises.catalogue import by_name

SOLUTION = (Path(__file__).parent / "exercise_solutions" / "network.py").read_text(encoding="utf-8")
STUBS_THEN = "stubs"


def workspace(tmp_path: Path, attack: str, base: str = STUBS_THEN) -> Path:
    """A workspace whose network.py is the stubs (or the solution) with `attack` appended."""
    folder = tmp_path / "ws"
    init_workspace(folder)
    path = folder / "network.py"
    text = path.read_text(encoding="utf-8") if base == STUBS_THEN else SOLUTION
    path.write_text(text + "\n\n" + textwrap.dedent(attack), encoding="utf-8")
    return folder


def processes_in(folder: Path) -> list[int]:
    """Processes whose working folder is `folder` (every process that ran its code is one)."""
    found, target = [], str(folder.resolve())
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                if os.readlink(f"/proc/{name}/cwd") == target:
                    found.append(int(name))
            except OSError:
                continue
    return found


def none_left(folder: Path, within: float = 3.0) -> bool:
    end = time.monotonic() + within
    while processes_in(folder):
        if time.monotonic() > end:
            return False
        time.sleep(0.05)
    return True


def statuses(folder: Path, names=NAMES) -> dict[str, str]:
    return {r.name: r.status for r in run_checks(folder, names)}


# -- forgery ----------------------------------------------------------------------------------
FORGERIES = {
    "patch the checker": """
        import sys
        main = sys.modules.get("__main__")
        for table in ("CHECKS",):
            if hasattr(main, table):
                setattr(main, table, {k: (lambda fn, module: "ok") for k in getattr(main, table)})
        main.check_one = lambda *a, **k: ("passed", "ok", None)
        """,
    "write result lines to the channel": """
        import json, os
        def _forge():
            lines = "".join(json.dumps({"event": "result", "name": n, "status": "passed", "message": "ok",
                                        "lesson": None, "output": ""}) + "\\n" for n in %r)
            targets = [f"/proc/{os.getppid()}/fd/{fd}" for fd in range(64)] + \\
                      [f"/proc/self/fd/{fd}" for fd in range(64)]
            for target in targets:
                try:
                    fd = os.open(target, os.O_WRONLY | os.O_NONBLOCK)
                    os.write(fd, lines.encode())
                    os.close(fd)
                except OSError:
                    pass
        _forge()
        """
    % (NAMES,),
    "patch numpy": """
        import numpy as np
        np.allclose = lambda *a, **k: True
        np.array_equal = lambda *a, **k: True
        np.isclose = lambda *a, **k: np.True_
        def sigmoid(z):
            return z
        """,
    "read the caller's frame": """
        import sys
        def sigmoid(z):
            frame = sys._getframe(1)
            while frame is not None:
                if "want" in frame.f_locals:
                    return frame.f_locals["want"]
                frame = frame.f_back
            return z
        """,
    "import the package's reference": """
        from nn_tutor.exercises.reference import sigmoid as _reference
        def sigmoid(z):
            return _reference(z)
        """,
    "import the model": """
        from nn_tutor.model import activations as _a
        def sigmoid(z):
            import numpy as np
            return 1 / (1 + np.exp(-np.asarray(z, dtype=float)))
        """,
}


@pytest.mark.parametrize("attack", FORGERIES, ids=list(FORGERIES))
def test_a_forgery_never_passes(tmp_path, attack):
    folder = workspace(tmp_path, FORGERIES[attack])
    got = statuses(folder)
    assert "passed" not in got.values(), got
    assert none_left(folder)


def test_importing_the_tutor_is_refused_with_a_sentence(tmp_path):
    folder = workspace(tmp_path, FORGERIES["import the package's reference"])
    result = run_checks(folder, ["sigmoid"])[0]
    assert result.status == "failed"
    assert "cannot import the tutor's own package" in result.message


def test_forged_wire_answers_on_the_channel_are_judged_as_values(tmp_path):
    """Frames written straight onto the answer channel are only values: judged here, wrong."""
    folder = workspace(
        tmp_path,
        """
        import os
        def sigmoid(z):
            import numpy as np
            import _sandbox_wire as wire
            for fd in range(3, 64):
                try:
                    os.write(fd, wire.encode({"value": "passed", "output": ""}))
                except OSError:
                    pass
            return "passed"
        """,
    )
    assert statuses(folder, ["sigmoid"]) == {"sigmoid": "failed"}
    assert none_left(folder)


# -- hanging, flooding and outliving ----------------------------------------------------------
def timed(folder: Path, names=("sigmoid",)):
    start = time.monotonic()
    results = run_checks(folder, list(names))
    return results, time.monotonic() - start


@pytest.mark.slow
def test_fork_at_import_gives_a_verdict_and_leaves_nothing(tmp_path):
    folder = workspace(
        tmp_path,
        """
        import os, time
        if os.fork() == 0:
            while True:
                time.sleep(0.1)
        """,
        base="solution",
    )
    results, seconds = timed(folder, ("sigmoid", "compute_cost", "propagate", "backward_abc"))
    assert [r.status for r in results] == ["passed"] * 4
    assert seconds < 15 + 2
    assert none_left(folder)


@pytest.mark.slow
def test_a_setsid_child_holding_the_pipe_blocks_nothing(tmp_path):
    folder = workspace(
        tmp_path,
        """
        import os, time
        def sigmoid(z):
            if os.fork() == 0:
                os.setsid()
                if os.fork() == 0:
                    time.sleep(1000)
                os._exit(0)
            import numpy as np
            return 1 / (1 + np.exp(-np.asarray(z, dtype=float)))
        """,
    )
    results, seconds = timed(folder)
    assert results[0].status == "passed"
    assert seconds < by_name("sigmoid").limit + 2
    assert none_left(folder)


@pytest.mark.slow
def test_four_gigabytes_is_refused_with_the_limit_named(tmp_path):
    folder = workspace(
        tmp_path,
        """
        import numpy as np
        def sigmoid(z):
            big = np.ones(4 * 2**30 // 8)
            return big
        """,
    )
    results, seconds = timed(folder)
    assert results[0].status == "failed"
    assert "sigmoid used more than 2 GiB of memory" in results[0].message
    assert seconds < by_name("sigmoid").limit + 2
    assert none_left(folder)


@pytest.mark.slow
def test_a_hundred_megabytes_of_output_is_kept_short(tmp_path):
    folder = workspace(
        tmp_path,
        """
        import sys
        def sigmoid(z):
            line = "x" * 999 + "\\n"
            for _ in range(100_000):
                sys.stdout.write(line)
            print("\\x1b]0;owned\\x07the end")
            return z
        """,
    )
    results, seconds = timed(folder)
    assert results[0].status == "failed"
    assert len(results[0].output) <= 2100
    assert results[0].output.rstrip().endswith("\\x1b]0;owned\\x07the end")
    assert "\x1b" not in results[0].output
    assert seconds < by_name("sigmoid").limit + 2
    assert none_left(folder)


@pytest.mark.slow
def test_a_ten_megabyte_exception_message_is_cut_and_made_safe(tmp_path):
    folder = workspace(
        tmp_path,
        """
        def sigmoid(z):
            raise ValueError("\\x1b[2J\\x1b]52;c;aGk=\\x07" + "x" * 10_000_000)
        """,
    )
    results, seconds = timed(folder)
    assert results[0].status == "failed"
    assert len(results[0].message) < 3000
    assert "\x1b" not in results[0].message and "\\x1b[2J" in results[0].message
    assert seconds < by_name("sigmoid").limit + 2
    assert none_left(folder)


@pytest.mark.slow
def test_too_many_processes_is_refused_with_the_limit_named(tmp_path):
    folder = workspace(
        tmp_path,
        """
        import os, time
        def sigmoid(z):
            for _ in range(64):
                if os.fork() == 0:
                    time.sleep(100)
                    os._exit(0)
            time.sleep(100)
        """,
    )
    results, seconds = timed(folder)
    assert results[0].status == "failed"
    assert "sigmoid started more than 16 processes" in results[0].message
    assert seconds < by_name("sigmoid").limit + 2
    assert none_left(folder)


@pytest.mark.slow
def test_a_loop_that_ignores_signals_is_still_ended(tmp_path):
    folder = workspace(
        tmp_path,
        """
        import signal
        for s in (signal.SIGTERM, signal.SIGINT, signal.SIGUSR1, signal.SIGALRM, signal.SIGHUP):
            signal.signal(s, signal.SIG_IGN)
        def sigmoid(z):
            while True:
                pass
        """,
    )
    results, seconds = timed(folder)
    assert "sigmoid did not finish within 5 s" in results[0].message
    assert seconds < by_name("sigmoid").limit + 2
    assert none_left(folder)


CHECKER = """
import sys
from nn_tutor.exercises import run_checks
print("started", flush=True)
run_checks(sys.argv[1], ["sigmoid"])
"""


@pytest.mark.slow
def test_after_kill_9_of_the_app_nothing_that_ran_learner_code_lives(tmp_path):
    folder = workspace(
        tmp_path,
        """
        import os, time
        def sigmoid(z):
            if os.fork() == 0:
                os.setsid()
                while True:
                    pass
            while True:
                pass
        """,
    )
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    app = subprocess.Popen([sys.executable, "-c", CHECKER, str(folder)], stdout=subprocess.PIPE, env=env)
    assert app.stdout.readline().strip() == b"started"
    end = time.monotonic() + 15
    while len(processes_in(folder)) < 3 and time.monotonic() < end:  # keeper, host, its child
        time.sleep(0.05)
    assert len(processes_in(folder)) >= 3
    app.send_signal(signal.SIGKILL)
    app.wait()
    app.stdout.close()
    assert none_left(folder, within=3.0), processes_in(folder)


@pytest.mark.slow
@pytest.mark.skipif(subprocess.run(["which", "tmux"], capture_output=True).returncode != 0, reason="needs tmux")
def test_closing_the_terminal_under_tmux_leaves_nothing(tmp_path):
    folder = workspace(
        tmp_path,
        """
        def sigmoid(z):
            while True:
                pass
        """,
    )
    socket = str(tmp_path / "tmux.sock")
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]), TERM="xterm-256color")
    command = f"{sys.executable} -m nn_tutor exercises {folder}"  # the exercises screen
    subprocess.run(["tmux", "-S", socket, "new-session", "-d", "-x", "100", "-y", "30", command], env=env, check=True)
    end = time.monotonic() + 20
    while len(processes_in(folder)) < 2 and time.monotonic() < end:
        time.sleep(0.05)
    assert len(processes_in(folder)) >= 2, "the exercises screen did not start a check"
    subprocess.run(["tmux", "-S", socket, "kill-server"], check=False)
    assert none_left(folder, within=3.0), processes_in(folder)
