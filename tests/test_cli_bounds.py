"""Command-line inputs that used to hang, write in the wrong place or print a traceback."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import wait_until

from nn_tutor.cli import main
from nn_tutor.exercises import init_workspace

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    "argv, words",
    [
        (["quiz", "--seed", "-5"], "expected a seed from 0"),
        (["quiz", "--count", "1000000000"], "expected a whole number from 1 to 500"),
        (["train", "--iterations", "100000000000000000000000"], "from 1 to 100000000"),
        (["train", "--iterations", "1e23"], "expected a whole number"),
    ],
)
def test_out_of_range_options_get_a_sentence(capsys, argv, words):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    assert words in capsys.readouterr().err


def test_exercises_init_of_an_empty_name_writes_nothing(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["exercises", "init", ""]) == 2
    assert "give the folder to make" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_exercises_check_prints_what_a_function_printed_made_safe(capsys, tmp_path):
    init_workspace(tmp_path)
    network = tmp_path / "network.py"
    network.write_text(
        network.read_text().replace(
            '    raise NotImplementedError("sigmoid")', '    print("z is", z, "\\x1b[2J")\n    return z'
        )
    )
    assert main(["exercises", "check", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "        it printed:\n        | z is" in out
    assert "\x1b" not in out and "\\x1b[2J" in out


@pytest.mark.slow
def test_ctrl_c_during_exercises_check_stops_without_a_traceback(tmp_path):
    init_workspace(tmp_path)
    network = tmp_path / "network.py"
    network.write_text(
        network.read_text()
        + textwrap.dedent("""
        def sigmoid(z):
            while True:
                pass
        """)
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    check = subprocess.Popen(
        [sys.executable, "-m", "nn_tutor", "exercises", "check", str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    wait_until(lambda: _running_in(tmp_path), 20, what="the check running", every=0.05)
    check.send_signal(signal.SIGINT)
    _out, err = check.communicate(timeout=10)
    assert check.returncode == 130
    assert "stopped" in err and "Traceback" not in err
    wait_until(lambda: not _running_in(tmp_path), 3, what="no process left in the folder", every=0.05)


def _running_in(folder: Path) -> bool:
    target = str(folder.resolve())
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                if os.readlink(f"/proc/{name}/cwd") == target:
                    return True
            except OSError:
                continue
    return False
