"""`nn-tutor train` as a user runs it."""

import json
import subprocess
import sys

import pytest

from nn_tutor.cli import main


def test_train_prints_cost_every_1000_iterations_and_accuracy(capsys):
    assert main(["train", "--iterations", "2001"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["iteration", "0", "cost", "0.693048"]
    assert [line.split()[1] for line in out[:3]] == ["0", "1000", "2000"]
    assert "training accuracy" in out[-1] and "2001 iterations" in out[-1]


def test_train_json_is_one_object_on_the_last_line(capsys):
    assert main(["train", "--hidden", "0", "--iterations", "500", "--json"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    result = json.loads(out[-1])
    assert result["iterations"] == 500 and result["layers"] == [2, 1]
    assert {"cost", "accuracy", "iterations", "seconds"} <= set(result)
    assert 0 <= result["accuracy"] <= 0.55


def test_train_deep_with_minibatches(capsys):
    assert main(["train", "--hidden", "5", "3", "--activation", "relu", "--init", "he",
                 "--batch-size", "64", "--lr", "0.5", "--iterations", "300", "--json"]) == 0
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert result["layers"] == [2, 5, 3, 1] and result["batch_size"] == 64


def test_a_diverging_run_is_reported_not_raised(capsys):
    assert main(["train", "--activation", "relu", "--init", "large_random", "--lr", "1000",
                 "--iterations", "3000", "--json"]) == 0
    captured = capsys.readouterr()
    result = json.loads(captured.out.strip().splitlines()[-1])
    assert result["diverged"] is True and result["iterations"] < 3000
    assert "diverged" in captured.err


@pytest.mark.parametrize("args", [["--lr", "-1"], ["--lr", "fast"], ["--dataset", "flowers"],
                                  ["--iterations", "0"], ["--hidden", "-3"], ["--batch-size", "x"],
                                  ["--activation", "softmax"]])
def test_bad_options_exit_2_with_a_message(args, capsys):
    with pytest.raises(SystemExit) as err:
        main(["train", *args])
    assert err.value.code == 2
    assert "error:" in capsys.readouterr().err


def test_version_from_a_subprocess():
    out = subprocess.run([sys.executable, "-m", "nn_tutor", "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.startswith("nn-tutor ")
