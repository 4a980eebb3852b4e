"""The pure functions behind the network, nudge, backprop-steps and vectorise views:
checked against finite differences, the model's own backward, and NumPy itself."""

from __future__ import annotations

import math

import numpy as np
import pytest

from nn_tutor.model import backward, forward, init_params, load_dataset
from nn_tutor.model.demos import (
    NUDGE_FUNCTIONS,
    TIMED_M,
    backward_steps,
    broadcast_shapes,
    nudge,
    nudge_ratios,
    time_forward,
)
from nn_tutor.names import shown_name
from nn_tutor.ui.views.canvas import braille, chars
from nn_tutor.ui.views.network import short, shown_units, strongest, wrap

NAN, INF = math.nan, math.inf


# -- the nudge -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "name, a, f, ratio, slope",
    [
        ("3a", 2.0, 6.0, 3.0, 3.0),
        ("a²", 2.0, 4.0, 4.001, 4.0),
        ("a²", 5.0, 25.0, 10.001, 10.0),
        ("log a", 2.0, math.log(2), 0.49988, 0.5),
        ("log a", 5.0, math.log(5), 0.19998, 0.2),
    ],
)
def test_a_nudge_of_a_thousandth_gives_the_lessons_numbers(name, a, f, ratio, slope):
    r = nudge(name, a, 0.001)
    assert r["f"] == pytest.approx(f)
    assert r["ratio"] == pytest.approx(ratio, abs=5e-6)
    assert r["slope"] == pytest.approx(slope)
    assert r["delta"] == pytest.approx(r["f_nudged"] - r["f"])


@pytest.mark.parametrize("name", list(NUDGE_FUNCTIONS))
@pytest.mark.parametrize("a", [0.5, 1.5, 3.0, 7.0])
def test_the_slope_is_the_centred_difference_and_smaller_nudges_come_closer(name, a):
    f = {"3a": lambda x: 3 * x, "a²": lambda x: x * x, "log a": math.log}[name]
    h = 1e-6
    assert nudge(name, a)["slope"] == pytest.approx((f(a + h) - f(a - h)) / (2 * h), rel=1e-6)
    errors = [abs(ratio - nudge(name, a)["slope"]) for _, ratio in nudge_ratios(name, a)]
    if name == "3a":  # a line: every nudge gives its slope
        assert max(errors) < 1e-9
    else:  # h = 1, 0.1, 0.01, 0.001: ever closer
        assert all(a > b for a, b in zip(errors, errors[1:]))


@pytest.mark.parametrize("a", [0.0, -1.0, NAN, INF, -INF])
def test_a_nudge_outside_the_domain_or_at_non_finite_a_is_nan_not_an_error(a):
    with np.errstate(all="raise"):  # no warning escapes either
        r = nudge("log a", a)
    if not a > 0 or math.isinf(a):
        assert math.isnan(r["ratio"])
    for name in NUDGE_FUNCTIONS:
        assert set(nudge(name, a)) == {"a", "h", "f", "f_nudged", "delta", "ratio", "slope"}


# -- the backward pass one equation at a time --------------------------------------------------
def two_layer(activations=("tanh", "sigmoid"), layers=(2, 4, 1), classes=2, cost="cross_entropy"):
    X, Y = load_dataset("spiral" if classes > 2 else "flower", m=60, seed=1, classes=classes)
    params = init_params(list(layers), init="xavier", seed=3)
    return params, X, Y, list(activations), cost


def test_the_steps_are_the_lessons_seven_equations_with_the_models_values():
    params, X, Y, acts, cost = two_layer()
    steps = backward_steps(params, X, Y, acts, cost)
    assert [s.name for s in steps] == ["dZ2", "dW2", "db2", "dA1", "dZ1", "dW1", "db1"]
    grads = backward(params, forward(params, X, acts), Y, acts)
    for s in steps:
        np.testing.assert_array_equal(s.value, grads[s.name])
    shapes = {s.name: s.value.shape for s in steps}
    assert shapes == {
        "dZ2": (1, 60),
        "dW2": (1, 4),
        "db2": (1, 1),
        "dA1": (4, 60),
        "dZ1": (4, 60),
        "dW1": (4, 2),
        "db1": (4, 1),
    }
    assert steps[1].shapes == "(1×60)(60×4) → (1×4), the shape of W2"
    assert steps[4].equation == "dZ1 = dA1 ∗ g′(Z1) = dA1 ∗ (1 − A1²)"


def test_the_steps_agree_with_finite_differences_of_the_cost():
    from nn_tutor.model import compute_cost

    params, X, Y, acts, cost = two_layer()
    dW1 = next(s.value for s in backward_steps(params, X, Y, acts) if s.name == "dW1")
    h = 1e-6
    for i, k in [(0, 0), (3, 1)]:
        up, down = {**params, "W1": params["W1"].copy()}, {**params, "W1": params["W1"].copy()}
        up["W1"][i, k] += h
        down["W1"][i, k] -= h
        numeric = (compute_cost(forward(up, X, acts)["A2"], Y) - compute_cost(forward(down, X, acts)["A2"], Y)) / (
            2 * h
        )
        assert dW1[i, k] == pytest.approx(numeric, rel=1e-5, abs=1e-9)


def test_steps_for_squared_error_softmax_and_a_deeper_net():
    mse = backward_steps(*two_layer(cost="mse"))
    assert mse[0].equation == "dZ2 = (A2 − Y) ∗ A2(1 − A2)"
    soft = backward_steps(*two_layer(("relu", "softmax"), (2, 5, 3), classes=3))
    assert soft[0].value.shape == (3, 60) and soft[1].value.shape == (3, 5)
    assert "(Z1 > 0)" in soft[4].equation
    deep = backward_steps(*two_layer(("tanh", "relu", "sigmoid"), (2, 3, 3, 1)))
    assert [s.name for s in deep][:5] == ["dZ3", "dW3", "db3", "dA2", "dZ2"] and len(deep) == 11


def test_steps_of_non_finite_parameters_carry_nan_and_raise_nothing():
    params, X, Y, acts, cost = two_layer()
    params = {k: np.full_like(v, NAN if k == "W1" else INF) for k, v in params.items()}
    steps = backward_steps(params, X, Y, acts, cost)
    assert len(steps) == 7 and not np.isfinite(steps[-2].value).all()


# -- the vectorise timing ----------------------------------------------------------------------
class Clock:
    """A clock that moves `tick` seconds each time it is read."""

    def __init__(self, tick):
        self.now, self.tick = 0.0, tick

    def __call__(self):
        self.now += self.tick
        return self.now


def test_the_loop_and_the_matrix_give_the_same_numbers():
    params = init_params([2, 4, 1], init="xavier", seed=1)
    r = time_forward(params, ["tanh", "sigmoid"], 300, budget=5.0)
    assert r["agree"] and r["loop_examples"] >= 300 and not r["estimated"]
    assert r["loop_seconds"] > 0 and r["matrix_seconds"] > 0


def test_a_loop_over_budget_is_sampled_and_its_time_for_all_m_estimated():
    params = init_params([2, 4, 1], init="xavier", seed=1)
    clock = Clock(0.01)  # every reading 10 ms later: the loop's budget runs out fast
    r = time_forward(params, ["tanh", "sigmoid"], 100_000, budget=0.1, clock=clock)
    assert r["estimated"] and r["loop_examples"] < 100_000
    per_example = r["loop_seconds"] / 100_000
    assert per_example == pytest.approx(0.1 / r["loop_examples"], rel=0.5)
    assert r["agree"]


def test_the_loop_stops_when_asked():
    params = init_params([2, 4, 1], seed=1)
    r = time_forward(params, ["tanh", "sigmoid"], 100_000, budget=60.0, should_stop=lambda: True)
    assert r["loop_examples"] == 0 and r["estimated"]


def test_timing_non_finite_parameters_raises_nothing():
    params = {k: np.full_like(v, NAN) for k, v in init_params([2, 3, 1], seed=1).items()}
    with np.errstate(all="raise"):
        r = time_forward(params, ["relu", "sigmoid"], 50, budget=0.05)
    assert r["agree"]  # NaN in both, at the same places
    assert TIMED_M[0] == 10 and TIMED_M[-1] == 100_000


def test_broadcast_shapes_are_numpys_own():
    rows = {text.split(":")[0]: (shapes, out) for text, shapes, out in broadcast_shapes(4, 400)}
    assert rows["W1·X + b1"] == ("(4×400) + (4×1)", "(4×400)")
    assert rows["b1 − α·db1 with that flat db1"] == ("(4×1) − (4,)", "(4×4)")
    assert rows["b1 − α·db1 with keepdims"] == ("(4×1) − (4×1)", "(4×1)")
    assert rows["a @ a.T, a of shape (n,)"][1] == "()"


# -- drawing: braille lines, the network's layout helpers, display names ------------------------
def test_a_braille_line_lights_one_dot_row_and_the_strongest_line_owns_a_crossing():
    dots, owner = braille([[0, 1, 19, 1], [0, 0, 19, 7]], strength=[1.0, 2.0], width=10, height=2)
    text = chars(dots)
    assert "".join(text[0]) != " " * 10 and (owner[0] >= 0).all()
    assert owner[0, 0] == 1  # both cross cell (0, 0): the stronger one wins
    assert (dots[0] & 0x02).all()  # the flat line sits on dot row 1 of every cell


def test_braille_skips_non_finite_segments_and_empty_canvases():
    dots, owner = braille([[NAN, 0, 5, 5], [0, INF, 3, 3]], [NAN, INF], 4, 2)
    assert not dots.any() and (owner == -1).all()
    assert braille([], [], 0, 0)[0].shape == (0, 0)


def test_the_network_layout_helpers():
    assert [short(v) for v in (0.123, -2.5, NAN, INF, -INF, 1234.0, -0.001)] == [
        "0.123",
        "-2.50",
        "nan",
        "inf",
        "-inf",
        "1234",
        "-1e-3",
    ]
    assert shown_units(4, 10) == (4, 0) and shown_units(50, 10) == (9, 41)
    W = np.array([[0.1, -3.0, 0.2], [NAN, 0.05, 1.0]])
    assert strongest(W, 2, 3, 2).tolist() == [[0, 1], [1, 0]]  # NaN counts as the strongest
    assert len(strongest(W, 2, 3, 10)) == 6
    assert wrap(["aaaa", "bbbb", "cccc"], 10, 2) == ["aaaa; bbbb", "cccc"]
    assert wrap(["aaaa", "bbbb", "cccc"], 10, 1) == ["aaaa; bbbb; cccc"]


@pytest.mark.parametrize(
    "field, value, shown",
    [
        ("init", "large_random", "large random (×10)"),
        ("batch", 32, "mini-batch 32"),
        ("batch", "sgd", "SGD (1 example)"),
        ("hidden", 1, "1 hidden unit"),
        ("hidden", 50, "50 hidden units"),
        ("cost", "mse", "squared error ½(a−y)²"),
        ("learning_rate", 0.1, "α = 0.1"),
        ("activation", "tanh", "tanh"),
    ],
)
def test_settings_have_display_names(field, value, shown):
    assert shown_name(field, value) == shown
