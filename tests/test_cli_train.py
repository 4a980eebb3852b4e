"""`nn-tutor train` as a user runs it."""

import json
import re
import signal
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
    assert (
        main(
            [
                "train",
                "--hidden",
                "5",
                "3",
                "--activation",
                "relu",
                "--init",
                "he",
                "--batch-size",
                "64",
                "--lr",
                "0.5",
                "--iterations",
                "300",
                "--json",
            ]
        )
        == 0
    )
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert result["layers"] == [2, 5, 3, 1] and result["batch_size"] == 64


def test_a_diverging_run_is_reported_not_raised(capsys):
    assert (
        main(
            [
                "train",
                "--activation",
                "relu",
                "--init",
                "large_random",
                "--lr",
                "1000",
                "--iterations",
                "3000",
                "--json",
            ]
        )
        == 0
    )
    captured = capsys.readouterr()
    result = json.loads(captured.out.strip().splitlines()[-1])
    assert result["diverged"] is True and result["iterations"] < 3000
    assert "diverged" in captured.err


@pytest.mark.parametrize(
    "args",
    [
        ["--lr", "fast"],
        ["--dataset", "flowers"],
        ["--iterations", "0"],
        ["--batch-size", "x"],
        ["--activation", "softmax"],
        ["--cost", "hinge"],
        ["--classes", "three"],
    ],
)
def test_bad_options_exit_2_with_a_message(args, capsys):
    with pytest.raises(SystemExit) as err:
        main(["train", *args])
    assert err.value.code == 2
    assert "error:" in capsys.readouterr().err


def test_version_from_a_subprocess():
    out = subprocess.run([sys.executable, "-m", "nn_tutor", "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.startswith("nn-tutor ")


def test_the_three_class_spiral_trains_from_the_command_line(capsys):
    assert (
        main(
            [
                "train",
                "--dataset",
                "spiral",
                "--classes",
                "3",
                "--hidden",
                "50",
                "--activation",
                "relu",
                "--init",
                "he",
                "--lr",
                "1",
                "--iterations",
                "1500",
                "--json",
            ]
        )
        == 0
    )
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert result["layers"] == [2, 50, 3] and result["activations"] == ["relu", "softmax"]
    assert result["classes"] == 3 and result["accuracy"] > 0.9


def test_squared_error_from_the_command_line(capsys):
    assert main(["train", "--cost", "mse", "--iterations", "1001"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["iteration", "0", "cost", "0.124975"]  # ½(0.5 − y)², y 0 or 1
    assert float(out[1].split()[-1]) < 0.06


@pytest.mark.parametrize(
    "args,message",
    [
        (["--hidden", "100000", "100000"], "--hidden: layers[1]: is number 100000; expected a number of units"),
        (["--hidden", "4", "0"], "--hidden: has width 0; expected widths of at least 1 (0 alone means"),
        (["--hidden", "-3"], "--hidden: has width -3"),
        (["--lr", "0"], "--lr: learning_rate: is number 0.0; expected a number greater than 0"),
        (["--lr", "-1"], "--lr: learning_rate: is number -1.0"),
        (["--lr", "nan"], "--lr: learning_rate: is number nan"),
        (["--m", "1"], "--m: m: is number 1; expected a number of examples from 2 to 20000"),
        (["--batch-size", "500"], "--batch-size: batch: is number 500; expected full, sgd, or a mini-batch size"),
        (["--seed", "-1"], "--seed: seed: is number -1"),
        (["--classes", "3"], "--classes: classes: is 3 but flower has two classes"),
        (["--dataset", "spiral", "--classes", "3", "--cost", "mse"], "--cost: cost: is mse with a softmax output"),
        (["--hidden", "1000", "1000", "--m", "20000"], "--hidden: layers: hold 40,020,000 values per forward pass"),
    ],
)
def test_settings_the_network_cannot_take_are_named_by_their_option(args, message, capsys):
    assert main(["train", *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("nn-tutor train: error: " + message) and "Traceback" not in err


def test_cli_defaults_are_the_configs():
    from nn_tutor.cli import build_parser
    from nn_tutor.model import NetworkConfig
    from nn_tutor.train_cli import train_config

    assert train_config(build_parser().parse_args(["train"])) == NetworkConfig()


def test_every_train_option_says_what_it_does_and_its_default():
    out = subprocess.run([sys.executable, "-m", "nn_tutor", "train", "--help"], capture_output=True, text=True).stdout
    text = " ".join(out.split())
    helps = re.findall(r"(--[a-z-]+)[^-]*?\(default: ([^)]*)\)", text)
    assert dict(helps) == {
        "--dataset": "flower",
        "--hidden": "4",
        "--activation": "tanh",
        "--init": "small_random",
        "--lr": "1.2",
        "--iterations": "10000",
        "--batch-size": "full",
        "--m": "400",
        "--seed": "1",
        "--cost": "cross_entropy",
        "--classes": "2",
    }
    assert "--json print one JSON object on the last line" in text


def test_ctrl_c_reports_the_iterations_done_and_still_prints_json(monkeypatch, capsys):
    from nn_tutor.model import Trainer

    real_run = Trainer.run

    def run_then_interrupt(self, n, should_stop=None):
        if self.iteration >= 2000:
            real_run(self, 123)
            raise KeyboardInterrupt
        return real_run(self, n, should_stop)

    monkeypatch.setattr(Trainer, "run", run_then_interrupt)
    assert main(["train", "--json"]) == 130
    captured = capsys.readouterr()
    result = json.loads(captured.out.strip().splitlines()[-1])
    assert result["interrupted"] is True and result["iterations"] == 2123
    assert captured.err.strip() == "interrupted after 2123 iterations"


def test_ctrl_c_in_a_terminal_ends_without_a_traceback():
    proc = subprocess.Popen(
        [sys.executable, "-m", "nn_tutor", "train", "--iterations", "100000000"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    first = proc.stdout.readline()  # training has started
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert first.startswith("iteration       0")
    assert proc.returncode == 130 and "Traceback" not in err
    assert re.fullmatch(r"interrupted after \d+ iterations\n", err)
    assert "training accuracy" in out.splitlines()[-1]
