"""The training session without any UI: commands go to the training process, Updates come back."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import numpy as np
import pytest
from conftest import wait_until

from nn_tutor.model import Trainer, load_dataset
from nn_tutor.session import CompareResult, Notice, Session
from nn_tutor.session.engine import Engine

SETTINGS = dict(
    layers=[2, 4, 1],
    activations=["tanh", "sigmoid"],
    dataset="flower",
    init="small_random",
    learning_rate=1.2,
    batch="full",
    seed=3,
    m=120,
)


def snapshot_where(session, test, what="such snapshot"):
    def found():
        update = session.latest
        return update if update is not None and test(update.snapshot) else None

    return wait_until(found, what=what).snapshot


def notices(session, timeout: float = 10.0) -> list[str]:
    return [e.text for e in wait_until(session.take_events, timeout, "notice") if isinstance(e, Notice)]


@pytest.fixture(scope="module")
def shared():
    with Session() as session:
        yield session


@pytest.fixture
def session(shared):
    shared.take_events()
    shared.load(SETTINGS)
    snapshot_where(shared, lambda s: s.iteration == 0, "first snapshot")
    return shared


def test_steps_match_a_trainer_run_here(session):
    for _ in range(3):
        session.step()
    s = snapshot_where(session, lambda s: s.iteration == 3)
    here = Trainer(**SETTINGS)
    here.run(3)
    assert s.cost == pytest.approx(here.cost, rel=1e-12)
    np.testing.assert_allclose(s.params["W1"], here.params["W1"], rtol=1e-12)
    assert not s.params["W1"].flags.writeable


def test_phases_run_one_at_a_time(session):
    session.phase()
    session.phase()
    s = snapshot_where(session, lambda s: s.phase == "cost")
    assert (s.next_phase, s.iteration) == ("backward", 0)
    session.phase()
    session.phase()
    s = snapshot_where(session, lambda s: s.iteration == 1)
    assert s.phase == "update"


def test_run_trains_until_paused_then_stays_put(session):
    session.set_speed(None)
    session.run()
    wait_until(lambda: session.latest.running and session.latest.snapshot.iteration > 50, what="training")
    session.pause()
    update = wait_until(lambda: (u := session.latest) and not u.running and u, what="pause")
    at = update.snapshot.iteration
    session.step()  # a command after the pause is answered...
    s = snapshot_where(session, lambda s: s.iteration == at + 1)
    assert s.iteration == at + 1  # ...and nothing ran in between


def test_reset_goes_back_to_the_first_parameters(session):
    first = snapshot_where(session, lambda s: True).params["W1"].copy()
    session.step()
    snapshot_where(session, lambda s: s.iteration == 1)
    session.reset()
    s = snapshot_where(session, lambda s: s.iteration == 0)
    np.testing.assert_array_equal(s.params["W1"], first)
    assert len(s.costs) == 0


def test_replace_starts_a_new_network_and_a_bad_change_keeps_the_old(session):
    session.step()
    snapshot_where(session, lambda s: s.iteration == 1)
    session.replace("Initialisation: zeros", init="zeros")
    s = snapshot_where(session, lambda s: s.init == "zeros")
    assert s.iteration == 0 and not np.any(s.params["W1"])
    assert any("starts again" in n for n in notices(session))
    session.replace("Layers", layers=[3, 1])  # the data has two features
    assert any("not possible" in n for n in notices(session))
    session.step()
    s = snapshot_where(session, lambda s: s.iteration == 1)
    assert s.init == "zeros" and s.layers == (2, 4, 1)


def test_cycling_the_hidden_activation_and_a_net_without_one(session):
    session.cycle("activation")
    s = snapshot_where(session, lambda s: s.activations[0] != "tanh")
    assert s.activations[-1] == "sigmoid"
    session.load({**SETTINGS, "layers": [2, 1], "activations": ["sigmoid"]})
    snapshot_where(session, lambda s: s.layers == (2, 1))
    session.cycle("activation")
    assert any("no hidden layer" in n for n in notices(session))


def test_learning_rate_scales_and_stays_in_bounds(session):
    session.scale_learning_rate(1.5)
    assert snapshot_where(session, lambda s: s.learning_rate != 1.2).learning_rate == pytest.approx(1.8)
    for _ in range(40):
        session.scale_learning_rate(1.5)
    assert snapshot_where(session, lambda s: s.learning_rate == 1000).learning_rate == 1000
    session.set_learning_rate(1e-9)
    assert snapshot_where(session, lambda s: s.learning_rate < 1).learning_rate == pytest.approx(1e-4)


def test_a_diverging_network_stops_and_refuses_to_run(session):
    X, Y = load_dataset("flower", m=120, seed=3)
    session.load({**SETTINGS, "activations": ["relu", "sigmoid"], "learning_rate": 1000}, X=X * 1e150, Y=Y)
    session.set_speed(None)
    session.run()
    s = snapshot_where(session, lambda s: s.diverged, "divergence")
    assert "Diverged" in s.warning
    wait_until(lambda: not session.latest.running, what="the run to stop")
    session.take_events()
    session.toggle_run()
    assert any("diverged" in n for n in notices(session))
    assert not session.latest.running


def test_the_gradient_check_runs_only_when_asked_and_names_its_iteration(session):
    session.step()
    snapshot_where(session, lambda s: s.iteration == 1)
    assert session.latest.gradcheck is None
    session.want_gradcheck(True)
    check = wait_until(lambda: session.latest.gradcheck, what="gradient check")
    assert check.iteration == 1 and check.value < 1e-6
    session.step()
    check = wait_until(lambda: (g := session.latest.gradcheck) and g.iteration == 2 and g, what="new check")
    assert check.value < 1e-6


def test_the_compare_runs_come_back_labelled(session):
    session.load(SETTINGS, compare={"field": "learning_rate", "values": [0.1, 1.2], "iterations": 20})
    events = wait_until(session.take_events, what="compare result")
    result = next(e for e in events if isinstance(e, CompareResult))
    slow, fast = result.runs.values()
    assert [label.split()[0] for label in result.runs] == ["learning_rate=0.1", "learning_rate=1.2"]
    assert len(fast["costs"]) == 20 and "params" not in fast  # only what the view shows
    assert fast["costs"][-1] < slow["costs"][-1]


def test_settings_that_cannot_be_built_are_reported(session):
    session.load({**SETTINGS, "init": "no-such-init"})
    assert any("could not be built" in n for n in notices(session))
    session.load(SETTINGS)  # and the process goes on
    snapshot_where(session, lambda s: s.iteration == 0)


def test_an_older_generation_is_never_shown(session):
    session.load({**SETTINGS, "seed": 5})
    generation = session.load({**SETTINGS, "seed": 6})
    update = wait_until(lambda: session.latest, what="update")
    assert update.generation == generation


def test_a_process_given_its_first_network_trains_it_before_any_command():
    """The app starts the training process with the first lesson's network (before it loads
    NumPy to send commands): the same network as a load would give, its compare runs too."""
    from nn_tutor.session import child

    first = {
        "settings": {**SETTINGS, "learning_rate": 0.7},
        "compare": {"field": "learning_rate", "values": [0.1, 1.2], "iterations": 20},
    }
    with Session(process=child.start(first=first), first=first) as session:
        assert session.generation == child.FIRST_GENERATION
        s = snapshot_where(session, lambda s: s.iteration == 0, "first snapshot")
        here = Trainer(**{**SETTINGS, "learning_rate": 0.7})
        assert s.learning_rate == 0.7 and np.array_equal(s.params["W1"], here.snapshot().params["W1"])
        events = wait_until(session.take_events, what="compare result")
        result = next(e for e in events if isinstance(e, CompareResult))
        assert [label.split()[0] for label in result.runs] == ["learning_rate=0.1", "learning_rate=1.2"]
        session.step()
        assert snapshot_where(session, lambda s: s.iteration == 1).iteration == 1
    bad = {"settings": {**SETTINGS, "init": "nope"}}
    with Session(process=child.start(first=bad), first=bad) as session:
        assert any("could not be built" in n for n in notices(session))


def test_the_process_ends_promptly_on_close():
    session = Session()
    session.load(SETTINGS)
    session.set_speed(None)
    session.run()
    wait_until(lambda: session.latest and session.latest.running, what="training")
    session.close()
    assert session.process.poll() is not None
    assert not session.alive


PARENT = textwrap.dedent("""
    import sys, time
    from nn_tutor.session import Session
    session = Session()
    session.load(dict(layers=[2, 4, 1], activations=["tanh", "sigmoid"], m=100))
    session.set_speed(None)
    session.run()
    while session.latest is None:
        time.sleep(0.01)
    print(session.process.pid, flush=True)
    time.sleep(60)
""")


def test_the_process_ends_when_the_app_is_killed():
    with subprocess.Popen([sys.executable, "-c", PARENT], stdout=subprocess.PIPE, text=True) as parent:
        try:
            pid = int(parent.stdout.readline())
            os.kill(parent.pid, signal.SIGKILL)
            parent.wait()
            wait_until(lambda: not alive(pid), what=f"the end of process {pid}")
        finally:
            parent.kill()


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie (ended, not yet reaped) counts as ended
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return True


def test_pacing_keeps_to_the_speed_in_the_engine():
    engine = Engine()
    engine.load(1, SETTINGS)
    engine.set_speed(10)
    engine.run()
    assert engine.advance() == 0.0  # the first iteration is due at once
    wait = engine.advance()  # the next one 0.1 s after the start
    assert 0 < wait <= 0.1
    assert engine.trainer.iteration == 1
