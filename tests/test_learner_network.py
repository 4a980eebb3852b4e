"""Your network without the UI: the learner's functions as the Trainer's five, their failures
turned into sentences, and the training process that hosts them kept alive or told stuck."""

from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np
import pytest
from conftest import wait_until

from nn_tutor.model import Trainer
from nn_tutor.session import Notice, Session
from nn_tutor.session.engine import Engine
from nn_tutor.session.learner import CALL_SECONDS, LearnerError, LearnerNetwork, two_layer
from nn_tutor.session.worker import handle

SOLUTIONS = (Path(__file__).parent / "exercise_solutions" / "network.py").read_text(encoding="utf-8")
SETTINGS = dict(
    layers=[2, 4, 1],
    activations=["tanh", "sigmoid"],
    dataset="flower",
    init="small_random",
    learning_rate=1.2,
    seed=3,
    m=120,
)


def network(tmp_path, old: str = "", new: str = "") -> LearnerNetwork:
    assert old in SOLUTIONS
    (tmp_path / "network.py").write_text(SOLUTIONS.replace(old, new) if old else SOLUTIONS, encoding="utf-8")
    return LearnerNetwork(tmp_path)


def notices(engine: Engine) -> str:
    return " | ".join(n.text for n in engine.take_notices() if isinstance(n, Notice))


def test_the_reference_solutions_train_exactly_as_the_model_does(tmp_path):
    ours, theirs = Trainer(**SETTINGS), Trainer(**SETTINGS, network=network(tmp_path))
    ours.run(300)
    theirs.run(300)
    np.testing.assert_allclose(theirs.costs, ours.costs, rtol=0, atol=1e-12)
    assert theirs.accuracy() == ours.accuracy()
    assert theirs.gradient_check() < 1e-7  # their backward against finite differences


def test_it_is_the_learners_code_that_runs(tmp_path):
    """Their update with the step reversed: gradient ascent, the cost rises."""
    trainer = Trainer(**SETTINGS, network=network(tmp_path, "value - learning_rate", "value + learning_rate"))
    trainer.run(30)
    assert trainer.costs[-1] > trainer.costs[0]


@pytest.mark.parametrize(
    "old, new, said",
    [
        (
            "    m = X.shape[1]\n    dZ2",
            "    m = X.shape[1]\n    1 / 0\n    dZ2",
            "your backward raised ZeroDivisionError",
        ),
        ("    return A2, {", "    import sys\n    sys.exit(1)\n    return A2, {", "your forward calls sys.exit()"),
        ('"db1": db1', '"db1": db1.ravel()', "your backward's ddb1 has shape (4,), expected (4, 1)"),
        ("    return A2, {", "    return A2\n    return A2, {", "your forward returned a ndarray, expected the pair"),
        ("def update(", "def updated(", "network.py has no function update"),
    ],
)
def test_a_failing_function_stops_training_with_a_sentence_and_the_engine_goes_on(tmp_path, old, new, said):
    said = said.replace("ddb1", "db1")
    engine = Engine()
    engine.load(1, SETTINGS, network=network(tmp_path, old, new))
    handle(engine, ("step", (), {}))  # as the training process runs a command
    assert f"step failed: {said}" in notices(engine)
    engine.run()
    assert engine.advance() > 60 and not engine.running  # running: stopped, said, not raised
    assert said in notices(engine)
    engine.update()
    assert notices(engine) == ""  # said once, not again by the next update


def test_an_endless_loop_is_stopped_after_the_time_limit_with_its_line(tmp_path):
    net = network(tmp_path, "    A1 = np.tanh(Z1)\n", "    A1 = np.tanh(Z1)\n    while True:\n        pass\n")
    trainer = Trainer(**SETTINGS, network=net)
    start = time.monotonic()
    with pytest.raises(LearnerError, match=r"your forward did not return within 2 s \(it was on line 3[89]"):
        trainer.step()
    assert time.monotonic() - start < CALL_SECONDS + 3
    start = time.monotonic()
    with pytest.raises(LearnerError, match="did not return"):
        trainer.step()  # told again at once: the loop costs its time once
    assert time.monotonic() - start < 1


def test_a_file_that_cannot_load_is_reported_when_the_network_is_built(tmp_path):
    (tmp_path / "network.py").write_text("def forward(X, params)\n    return X\n")
    engine = Engine()
    engine.load(1, SETTINGS, network=LearnerNetwork(tmp_path))
    assert "could not be built: network.py has a syntax error on line 1" in notices(engine)
    assert engine.trainer is None


def test_only_the_two_layer_tanh_sigmoid_network_is_the_learners():
    from nn_tutor.model import NetworkConfig

    assert two_layer(NetworkConfig(**SETTINGS))
    assert not two_layer(NetworkConfig(**{**SETTINGS, "activations": ["relu", "sigmoid"]}))
    assert not two_layer(NetworkConfig(**{**SETTINGS, "layers": [2, 1], "activations": ["sigmoid"]}))


def test_the_process_answers_pings_and_one_ended_by_their_code_is_told(tmp_path):
    net = network(tmp_path, "    return {key", "    import os\n    os._exit(3)\n    return {key")
    with Session(name="Your network's process") as session:
        session.load(SETTINGS, network=net)
        session.ping()
        wait_until(lambda: session.unanswered_for() == 0, what="an answer to the ping")
        session.step()  # their update ends the process
        # the process is seen gone (alive) a moment before its reader thread says why (failure)
        wait_until(lambda: session.failure, what="the end of the process said")
        assert not session.alive
        assert session.failure == "Your network's process ended (exit code 3)."
        texts = [e.text for e in session.take_events() if isinstance(e, Notice)]
        assert session.failure in texts
        assert not os.path.exists(f"/proc/{session.process.pid}")  # reaped, not a zombie
        session.ping()
        wait_until(lambda: session.unanswered_for() > 0.1, what="a ping unanswered")  # nobody answers now


def test_a_loop_at_the_top_level_is_told_as_one_not_by_an_internal_name(tmp_path):
    (tmp_path / "network.py").write_text(SOLUTIONS + "\n\nwhile True:\n    pass\n", encoding="utf-8")
    with pytest.raises(LearnerError) as told:
        _ = LearnerNetwork(tmp_path).module
    assert "did not finish loading within" in str(told.value) and "a loop at the top level" in str(told.value)
    assert "_TimeUp" not in str(told.value)
