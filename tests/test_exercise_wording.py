"""How check messages read where they are shown: whole sentences, the short form in rows and notices."""

from types import SimpleNamespace

import numpy as np
import pytest

from nn_tutor.exercises.compare import Wrong, compare, headline
from nn_tutor.ui.exercise_words import verdict_line
from nn_tutor.ui.yournet import YourNetwork, clause


def test_a_question_ends_its_sentence_before_the_inputs_it_was_seen_with():
    with pytest.raises(Wrong) as wrong:
        compare("db2", np.array([0.5]), [[0.5]], context="with X of shape (2, 7)")
    message = str(wrong.value)
    assert "?;" not in message
    assert message == "db2 has shape (1,), expected (1, 1): keepdims? Seen with X of shape (2, 7)"


def test_the_short_form_drops_the_inputs_and_the_lesson_after_a_question_too():
    message = "backward: db2 has shape (1,), expected (1, 1): keepdims? Seen with X of shape (2, 7). Reread lesson 18."
    assert headline(message) == "backward: db2 has shape (1,), expected (1, 1): keepdims?"
    result = SimpleNamespace(name="backward", message=message, status="failed")
    assert verdict_line(result) == headline(message)
    assert clause(result) == "db2 has shape (1,), expected (1, 1): keepdims?"
    plain = "sigmoid(z) gives σ(−z) instead of σ(z): look at the sign; seen with z of shape (3, 4). Reread lesson 1."
    assert headline(plain) == "sigmoid(z) gives σ(−z) instead of σ(z): look at the sign"


def test_what_stopped_your_network_is_one_sentence_before_what_to_do():
    yours = YourNetwork(screen=None)
    yours.pair = SimpleNamespace(
        stopped="Training stopped: the network could not be built: network.py has "
        "a syntax error on line 115: '{' was never closed"
    )
    text, stopped = yours.banner()
    assert stopped and "'{' was never closed. Fix network.py and save" in text
    yours.pair = SimpleNamespace(stopped="Training stopped: your forward did not return within 2 s: an endless loop?")
    assert "an endless loop? Fix network.py" in yours.banner()[0]


def test_a_rising_cost_blames_the_failing_check_of_your_network_before_the_learning_rate():
    from nn_tutor.model import Trainer
    from nn_tutor.ui.panel import blame

    trainer = Trainer(
        layers=[2, 4, 1], activations=["tanh", "sigmoid"], dataset="flower", learning_rate=40.0, seed=3, m=120
    )
    trainer.run(60)
    warning = trainer.snapshot().warning
    assert "learning rate may be too large" in warning  # the reference: α is the suspect
    assert blame(warning, ()) == warning
    told = blame(warning, ("backward",))
    assert "your backward fails its check" in told and "may be too large" not in told
    assert blame("", ("backward",)) == ""
