"""Each lesson's claim, checked with the model and the lesson's own panel settings.

Whatever a lesson says the model computes — a derivative, a shape, an update, a result
of training — is recomputed here by hand and compared with the model.
"""

import functools
import math
import re

import numpy as np
import pytest

from nn_tutor.lessons import default_lessons_dir, load_lessons
from nn_tutor.model import (
    Trainer,
    backward,
    compute_cost,
    derivative,
    forward,
    gradient_check,
    init_params,
    load_dataset,
    update,
)
from nn_tutor.model.activations import leaky_relu, linear, relu, sigmoid, tanh
from nn_tutor.model.demos import compare_runs, full_cost, hidden_unit_spread, loss_over_weight
from nn_tutor.model.graph import GRAPHS, abc_graph, logistic_graph
from nn_tutor.names import ACTIVATIONS, DATASETS, INITS

LESSONS = {lesson.id: lesson for lesson in load_lessons()[0]}
# lessons waiting for a model feature (squared error, softmax) sit in lessons/pending/
LESSONS.update({lesson.id: lesson for lesson in load_lessons(default_lessons_dir() / "pending")[0]})


LONG = 5000  # iterations: about as long as a learner runs a panel


def spec(lesson_id):
    return LESSONS[lesson_id].panel


def trained(config, iterations, **changes):
    trainer = Trainer(config, **changes)
    trainer.run(iterations)
    return trainer


@functools.cache
def long_run(lesson_id, iterations=LONG, **changes):
    """The lesson's own panel (with `changes`), trained for `iterations`; costs kept."""
    return trained(spec(lesson_id).config, iterations, **changes)


def compare(lesson_id):
    """{value: trainer after the lesson's compare iterations}."""
    s = spec(lesson_id)
    return {value: trained(config, s.compare["iterations"]) for value, config in s.compare_configs()}


@functools.cache
def compare_view(lesson_id):
    """What the compare view draws: demos.compare_runs with the lesson's block."""
    s = spec(lesson_id)
    c = s.compare
    return compare_runs(s.config, c["field"], list(c["values"]), c["iterations"])


def run_of(runs, value):
    return next(run for label, run in runs.items() if label.split("=", 1)[1].split(" ")[0] == str(value))


def fraction_rising(costs):
    return float(np.mean(np.diff(costs) > 0))


# --- 01 the neuron and the sigmoid ---------------------------------------------------


def test_sigmoid_is_one_half_at_zero_and_squashes_into_0_1():
    z = np.linspace(-30, 30, 601)
    a = sigmoid(z)
    assert sigmoid(np.array(0.0)) == pytest.approx(0.5)
    assert np.all((a >= 0) & (a <= 1))
    assert a[0] < 1e-12 and a[-1] > 1 - 1e-12
    assert np.allclose(a, 1 / (1 + np.exp(-z)))


def test_the_worked_example_of_lesson_one():
    w, b, x = np.array([[0.8], [-0.4]]), -0.5, np.array([[2.0], [1.0]])
    z = (w.T @ x).item() + b
    assert z == pytest.approx(0.7)
    assert float(sigmoid(np.array(z))) == pytest.approx(0.668, abs=5e-4)


def test_one_sigmoid_unit_draws_a_straight_boundary_and_fits_blobs():
    s = spec("sigmoid-neuron")
    assert s.config.layers == (2, 1)
    trainer = trained(s.config, 300)
    assert trainer.accuracy() >= 0.9
    # Predicting 1 exactly where w·x + b > 0: the boundary is the line w·x + b = 0.
    W, b = trainer.params["W1"], trainer.params["b1"]
    by_line = (W @ trainer.X + b > 0).astype(float)
    A = forward(trainer.params, trainer.X, list(s.config.activations))["A1"]
    assert np.array_equal(by_line, (A > 0.5).astype(float))


def test_the_d_key_from_blobs_gives_spiral_then_flower_and_a_line_fits_neither():
    s = spec("sigmoid-neuron")
    after = DATASETS[(DATASETS.index(s.config.dataset) + 1) % len(DATASETS)]
    then = DATASETS[(DATASETS.index(s.config.dataset) + 2) % len(DATASETS)]
    assert (after, then) == ("spiral", "flower")
    assert long_run("sigmoid-neuron").accuracy() == 1.0
    assert long_run("sigmoid-neuron", dataset="spiral").accuracy() == pytest.approx(0.59, abs=0.01)
    assert long_run("sigmoid-neuron", dataset="flower").accuracy() == pytest.approx(0.47, abs=0.01)


# --- 02 loss and cost ----------------------------------------------------------------


def test_cost_is_the_mean_of_the_per_example_cross_entropy_losses():
    rng = np.random.default_rng(0)
    A = rng.uniform(0.05, 0.95, size=(1, 7))
    Y = (rng.random((1, 7)) > 0.5).astype(float)
    losses = [-(y * math.log(a) + (1 - y) * math.log(1 - a)) for a, y in zip(A[0], Y[0])]
    assert compute_cost(A, Y) == pytest.approx(sum(losses) / 7)
    assert compute_cost(np.array([[0.9]]), np.array([[1.0]])) == pytest.approx(0.105, abs=1e-3)
    assert compute_cost(np.array([[0.1]]), np.array([[1.0]])) == pytest.approx(2.303, abs=1e-3)


def test_cross_entropy_over_one_weight_is_convex_squared_error_is_not():
    assert "loss_shape" in spec("loss-and-cost").views
    curves = loss_over_weight(np.linspace(-6, 6, 1201))
    w, ce, se = curves["w"], curves["cross_entropy"], curves["squared_error"]
    assert np.diff(ce, 2).min() >= -1e-12
    assert np.diff(se, 2).min() < -1e-6  # bends the wrong way somewhere: not convex
    assert w[np.argmin(ce)] == pytest.approx(1.75, abs=0.01)  # one bottom
    assert se.max() <= 0.5 and ce.max() > 6  # why one y-axis hides the squared error
    # the squared error is ½(a − y)², the loss the lesson writes
    a = sigmoid(np.outer(w[:1], [1.0, 2.0, -1.0, 0.5]))
    assert se[0] == pytest.approx(np.mean(0.5 * (a - [1, 1, 0, 0]) ** 2))

    def slope(name, at, h=1e-5):
        return float(np.diff(loss_over_weight(np.array([at - h, at + h]))[name])[0] / (2 * h))

    assert slope("squared_error", -6) == pytest.approx(-0.001, abs=2e-4)  # the plateau
    assert slope("cross_entropy", -6) == pytest.approx(-0.99, abs=0.01)
    # the view's flat part is its left end, w below −3; from −3 to 0 it falls
    left = se[w <= -3]
    assert left.max() - left.min() < 0.02
    assert se[np.argmin(abs(w + 3))] - se[np.argmin(abs(w))] > 0.2


def test_cross_entropy_slope_with_respect_to_z_is_a_minus_y():
    s = spec("loss-and-cost")
    X, Y = load_dataset(s.config.dataset, m=s.config.m, seed=s.config.seed)
    params = init_params(list(s.config.layers), init="xavier", seed=3)
    cache = forward(params, X, list(s.config.activations))
    grads = backward(params, cache, Y, list(s.config.activations))
    assert np.allclose(grads["dZ1"], cache["A1"] - Y)
    # the squared-error slope carries the extra factor a(1 − a)
    a, y, h = 0.999, 0.0, 1e-6
    z = math.log(a / (1 - a))
    se = lambda z: 0.5 * (float(sigmoid(np.array(z))) - y) ** 2  # noqa: E731
    slope = (se(z + h) - se(z - h)) / (2 * h)
    assert slope == pytest.approx((a - y) * a * (1 - a), rel=1e-4)
    assert slope < 0.01 * (a - y)


# --- 03 what a derivative is --------------------------------------------------------


def test_nudging_by_a_thousandth_gives_the_lesson_slopes():
    h = 0.001
    cases = [
        (lambda a: 3 * a, 2.0, 3.0),
        (lambda a: 3 * a, 5.0, 3.0),
        (lambda a: a * a, 2.0, 4.001),
        (lambda a: a * a, 5.0, 10.001),
        (math.log, 2.0, 0.49988),
        (math.log, 5.0, 0.19998),
    ]
    for f, a, shown in cases:
        assert round((f(a + h) - f(a)) / h, 5) == pytest.approx(shown)
    assert (4.004001, 25.010001) == (round(2.001**2, 6), round(5.001**2, 6))
    assert ((2.001**2 - 1.999**2) / 0.002) == pytest.approx(4.0, abs=1e-9)  # centred: exact
    assert (math.log(2.001) - math.log(1.999)) / 0.002 == pytest.approx(0.50000004, abs=1e-8)


def test_the_activation_view_slope_is_the_nudged_slope_of_sigmoid():
    s = spec("derivatives")
    assert "activation" in s.views and s.config.activations[0] == "sigmoid"
    for z, shown in ((0.0, 0.25), (2.0, 0.105)):
        nudged = float((sigmoid(np.array(z + 0.001)) - sigmoid(np.array(z))) / 0.001)
        assert nudged == pytest.approx(shown, abs=5e-4)
        assert float(derivative("sigmoid", np.array(z))) == pytest.approx(shown, abs=5e-4)


# --- 04 gradient descent and the learning rate ---------------------------------------


def test_learning_rate_too_small_right_and_too_large():
    s = spec("gradient-descent")
    assert s.compare["field"] == "learning_rate"
    small, right, large = sorted(s.compare["values"])
    runs = compare("gradient-descent")
    start = runs[right].costs[0]
    # too small: barely moves
    assert start - runs[small].costs[-1] < 0.05 * start
    # about right: falls steadily and a long way
    assert runs[right].costs[-1] < 0.6 * start
    assert fraction_rising(runs[right].costs) <= 0.05
    # too large: diverges, or jumps up and down and ends no better than it began
    too_large = runs[large]
    assert too_large.diverged or (
        fraction_rising(too_large.costs) >= 0.3 and too_large.costs[-1] > runs[right].costs[-1]
    )


def test_gradient_descent_on_the_bowl_of_lesson_three():
    w = 0.0
    for _ in range(50):
        w -= 0.1 * 2 * (w - 3)
    assert w == pytest.approx(3.0, abs=1e-4)
    w = 0.0
    for _ in range(4):
        w -= 1.0 * 2 * (w - 3)
    assert w == 0.0  # α = 1 bounces 0 → 6 → 0 → 6 → 0


def test_the_main_panel_falls_smoothly_and_five_plus_presses_make_it_jump():
    costs = long_run("gradient-descent").costs
    assert fraction_rising(costs) == 0 and costs[-1] < 0.25
    alpha = spec("gradient-descent").config.learning_rate
    for _ in range(5):
        alpha = float(f"{alpha * 1.5:.4g}")  # what the + key does
    assert alpha == pytest.approx(9.1, abs=0.05)
    jumpy = long_run("gradient-descent", 2000, learning_rate=alpha).costs
    assert fraction_rising(jumpy) > 0.4 and np.diff(jumpy).max() > 0.5


def test_update_is_parameter_minus_learning_rate_times_gradient():
    s = spec("gradient-descent")
    X, Y = load_dataset(s.config.dataset, m=s.config.m, seed=s.config.seed)
    params = init_params(list(s.config.layers), init=s.config.init, seed=2)
    grads = backward(params, forward(params, X, list(s.config.activations)), Y, list(s.config.activations))
    new = update(params, grads, learning_rate=s.config.learning_rate)
    for key in params:
        assert np.allclose(new[key], params[key] - s.config.learning_rate * grads["d" + key])


# --- 05 batch, SGD, mini-batch -------------------------------------------------------


def test_compare_plots_the_full_set_cost_with_an_alpha_per_batch_size():
    s = spec("batch-and-sgd")
    assert s.compare["field"] == "batch" and s.compare["iterations"] == 3000
    runs = compare_view("batch-and-sgd")
    full, mini, sgd = (run_of(runs, v) for v in ("full", 32, "sgd"))
    assert [r["learning_rate"] for r in (full, mini, sgd)] == [1.2, 0.339, 0.06]
    # 13 updates make a pass of mini-batch 32 (the 13th has the 16 left over): 231 passes
    assert [r["epochs"] for r in (full, mini, sgd)] == pytest.approx([3000, 230.8, 7.5], abs=0.05)
    assert "mini-batch 32 about 231 (13 updates a pass)" in " ".join(LESSONS["batch-and-sgd"].body.split())
    for run in (full, mini, sgd):
        assert len(run["full_costs"]) == 3000
    # "full_costs" is the cost on all 400 examples after each update
    check = Trainer(s.config, batch="sgd", learning_rate=0.06)
    check.run(10)
    assert sgd["full_costs"][9] == pytest.approx(full_cost(check))
    assert full["full_costs"][0] == pytest.approx(full["costs"][1])
    ends = [r["full_costs"][-1] for r in (full, mini, sgd)]
    assert ends == pytest.approx([0.23, 0.30, 0.38], abs=0.015)
    assert fraction_rising(full["full_costs"]) == 0
    assert fraction_rising(sgd["full_costs"]) > 0.45 and fraction_rising(mini["full_costs"]) > 0.45
    wiggle = [np.abs(np.diff(r["full_costs"])).mean() for r in (full, mini, sgd)]
    assert wiggle[0] < wiggle[1] < wiggle[2]


def test_sgd_at_the_full_batch_alpha_never_settles_and_full_batch_per_epoch_is_slow():
    s = spec("batch-and-sgd")
    trainer = Trainer(s.config, batch="sgd")
    seen = []
    for k in range(LONG):
        trainer.run(1)
        if k % 100 == 99:
            seen.append(full_cost(trainer))
    # no settling: "jumping between about 0.5 and 1.4" (sampled every 100 updates)
    assert 0.45 < min(seen) < 0.55 and 1.35 < max(seen[10:]) < 1.45 and np.mean(seen) > 0.9
    assert "between about 0.5 and 1.4 and never settles" in " ".join(LESSONS["batch-and-sgd"].body.split())
    assert long_run("batch-and-sgd", 7).costs[-1] > 0.69  # 7 full-batch updates = 7 epochs


def test_one_mini_batch_epoch_of_lesson_four():
    trainer = Trainer(spec("batch-and-sgd").config, batch=32)
    assert trainer.run(13) == 13
    assert trainer.snapshot().cache["A0"].shape == (2, 400 - 12 * 32)  # the 13th batch is the rest


# --- 06 the computation graph --------------------------------------------------------


def test_j_equals_three_times_a_plus_bc_forward_and_backward():
    graph = abc_graph(a=5, b=3, c=2)
    graph.run()
    assert graph["u"].value == 6 and graph["v"].value == 11
    assert graph["J"].value == 33
    assert (graph["a"].grad, graph["b"].grad, graph["c"].grad) == (3, 6, 9)
    assert graph["v"].grad == 3 and graph["u"].grad == 3


def test_graph_steps_node_by_node_forward_then_backward():
    graph = abc_graph(a=5, b=3, c=2)
    order = []
    while not graph.done:
        node = graph.step()
        order.append(node.name)
    assert order[:3] == ["u", "v", "J"]
    assert order[3] == "J" and set(order[4:]) == {"v", "u", "a", "b", "c"}


def test_graph_gradients_match_nudging_the_inputs():
    def J(a, b, c):
        return 3 * (a + b * c)

    graph = abc_graph(a=5, b=3, c=2)
    graph.run()
    h = 1e-6
    point = {"a": 5.0, "b": 3.0, "c": 2.0}
    for name in point:
        up = {**point, name: point[name] + h}
        down = {**point, name: point[name] - h}
        assert graph[name].grad == pytest.approx((J(**up) - J(**down)) / (2 * h), rel=1e-6)


# --- 07 gradients add up where paths meet --------------------------------------------


def test_a_value_used_twice_gets_the_sum_of_both_paths():
    def J(a, b):
        return a * b + a * a

    h = 1e-6
    assert (J(3 + h, 2) - J(3 - h, 2)) / (2 * h) == pytest.approx(8.0)
    assert (J(3, 2 + h) - J(3, 2 - h)) / (2 * h) == pytest.approx(3.0)
    assert J(3, 2) == 15
    graph = GRAPHS["shared"]()  # the graph view's third example (g twice)
    assert list(GRAPHS).index("shared") == 2
    graph.run()
    assert (graph["u"].value, graph["v"].value, graph["J"].value) == (6, 9, 15)
    assert (graph["a"].grad, graph["b"].grad) == (8, 3)
    overwritten = GRAPHS["shared"](accumulate=False)
    overwritten.run()
    assert overwritten["a"].grad == 2  # the `=` bug keeps only u's share


def test_07_each_weight_adds_one_share_per_example_and_they_disagree():
    s = spec("gradients-add")
    assert list(s.config.layers) == [2, 1]  # lesson 6's unit: no layers taught yet
    trainer = Trainer(s.config)
    for _ in range(3):
        trainer.step_phase()  # forward, cost, backward
    X, dZ1 = trainer.cache["A0"], trainer.grads["dZ1"]
    m = X.shape[1]
    per_example = sum(dZ1[:, [i]] @ X[:, [i]].T for i in range(m)) / m
    assert np.allclose(trainer.grads["dW1"], per_example)
    assert trainer.grads["dW1"].size == 2 and m == 400
    signs = np.sign(dZ1[0] * X[0])
    assert (signs > 0).any() and (signs < 0).any()
    assert (dZ1.min(axis=1) < 0).all() and (dZ1.max(axis=1) > 0).all()
    assert "W[1]" not in LESSONS["gradients-add"].body and "dZ[1]" not in LESSONS["gradients-add"].body


def test_dw_is_the_sum_of_every_examples_path_and_da0_of_every_units_path():
    s = spec("deriving-backprop")  # where lesson 7's sums meet the notation
    trainer = Trainer(s.config)
    for _ in range(3):
        trainer.step_phase()  # forward, cost, backward
    X, dZ1, W1 = trainer.cache["A0"], trainer.grads["dZ1"], trainer.params["W1"]
    snap = trainer
    m = X.shape[1]
    per_example = sum(dZ1[:, [i]] @ X[:, [i]].T for i in range(m)) / m
    assert np.allclose(snap.grads["dW1"], per_example)
    assert snap.grads["dW1"].size == 8 and m == 400
    dA0 = W1.T @ dZ1
    assert np.allclose(dA0[0], sum(W1[j, 0] * dZ1[j] for j in range(4)))
    # the examples disagree: some pull a weight up, others down
    signs = np.sign(dZ1[0] * X[0])
    assert (signs > 0).any() and (signs < 0).any()
    # what the gradients view's min and max columns show: every row of dZ changes sign
    for dZ in (dZ1, trainer.grads["dZ2"]):
        assert (dZ.min(axis=1) < 0).all() and (dZ.max(axis=1) > 0).all()


# --- 08 forward and backward propagation ---------------------------------------------


def test_logistic_graph_gives_dz_equals_a_minus_y_and_dw_equals_x_dz():
    for y in (0.0, 1.0):
        graph = logistic_graph(w1=0.5, w2=-0.3, b=0.1, x1=1.0, x2=2.0, y=y)
        graph.run()
        a = graph["a"].value
        assert a == pytest.approx(float(sigmoid(np.array(0.5 * 1.0 - 0.3 * 2.0 + 0.1))))
        assert graph["z"].grad == pytest.approx(a - y)
        assert graph["a"].grad == pytest.approx(-y / a + (1 - y) / (1 - a))
        assert graph["w1"].grad == pytest.approx(1.0 * (a - y))
        assert graph["w2"].grad == pytest.approx(2.0 * (a - y))
        assert graph["b"].grad == pytest.approx(a - y)


def test_vectorised_logistic_gradients_of_lesson_six():
    s = spec("backpropagation")
    X, Y = load_dataset(s.config.dataset, m=s.config.m, seed=s.config.seed)
    params = init_params(list(s.config.layers), init="xavier", seed=5)
    cache = forward(params, X, list(s.config.activations))
    grads = backward(params, cache, Y, list(s.config.activations))
    m = X.shape[1]
    dZ = cache["A1"] - Y
    assert np.allclose(grads["dW1"], dZ @ X.T / m)
    assert np.allclose(grads["db1"], dZ.sum() / m)
    assert grads["dW1"].shape == params["W1"].shape
    assert grads["db1"].shape == params["b1"].shape


def test_backprop_agrees_with_finite_differences_on_the_lesson_panels():
    for lesson_id in ("backpropagation", "two-layer-gradient-descent", "deriving-backprop"):
        trainer = trained(spec(lesson_id).config, 50)
        assert trainer.gradient_check() < 1e-6


def test_the_gradient_check_rises_as_the_blobs_gradient_shrinks():
    start = Trainer(spec("backpropagation").config)
    assert start.gradient_check() < 1e-9
    trainer = long_run("backpropagation")
    snap = trainer.snapshot()
    assert np.linalg.norm(snap.grads["dW1"]) < 1e-3
    assert 1e-7 < trainer.gradient_check() < 1e-6  # "worth a second look", yet far from a bug's 1e-2


def test_centred_difference_is_far_more_accurate_than_one_sided():
    f, a, h = math.log, 2.0, 1e-3
    one_sided = abs((f(a + h) - f(a)) / h - 0.5)
    centred = abs((f(a + h) - f(a - h)) / (2 * h) - 0.5)
    assert centred < one_sided / 1000


# --- 09 why cross-entropy ------------------------------------------------------------


def test_a_confidently_wrong_unit_squared_error_gradient_vanishes():
    a, y = float(sigmoid(np.array(-10.0))), 1.0
    assert a - y == pytest.approx(-1.0, abs=1e-4)
    assert (a - y) * a * (1 - a) == pytest.approx(-4.54e-5, rel=1e-2)


def _first_iteration_above(cost, threshold, limit):
    """Independent NumPy training of the lesson's unit (cross-entropy or ½(a − y)²)."""
    s = spec("why-cross-entropy")
    X, Y = load_dataset(s.config.dataset, m=s.config.m, seed=s.config.seed)
    p = init_params(list(s.config.layers), init=s.config.init, seed=s.config.seed + 1)  # the Trainer's init seed
    W, b, m = p["W1"], p["b1"], X.shape[1]
    for k in range(limit):
        A = 1 / (1 + np.exp(-(W @ X + b)))
        if np.mean((A > 0.5) == Y) > threshold:
            return k
        dZ = A - Y if cost == "cross_entropy" else (A - Y) * A * (1 - A)
        W, b = W - s.config.learning_rate * dZ @ X.T / m, b - s.config.learning_rate * dZ.sum(axis=1, keepdims=True) / m
    return limit


def test_why_cross_entropy_demo_starts_confidently_wrong():
    s = spec("why-cross-entropy")
    trainer = Trainer(s.config)
    assert trainer.accuracy() == pytest.approx(0.0025)
    Z = trainer.params["W1"] @ trainer.X + trainer.params["b1"]
    assert np.mean(np.abs(Z) > 5) > 0.9
    # the forward view after one press of space: example 1 is far on the wrong side
    assert Z[0, 0] == pytest.approx(35, abs=0.5) and trainer.Y[0, 0] == 0
    assert _first_iteration_above("cross_entropy", 0.9, 100) == pytest.approx(12, abs=1)
    assert long_run("why-cross-entropy", 12).accuracy() > 0.9
    assert long_run("why-cross-entropy", 1000).accuracy() == 1.0
    assert 7500 < _first_iteration_above("mse", 0.9, 9000) < 8500


def test_why_cross_entropy_compare_squared_error_stays_wrong():
    s = spec("why-cross-entropy")
    assert s.compare["field"] == "cost"
    runs = compare_view("why-cross-entropy")
    assert run_of(runs, "cross_entropy")["accuracy"] == 1.0
    assert run_of(runs, "mse")["accuracy"] < 0.05
    assert run_of(runs, "mse")["costs"][-1] > 0.45  # flat near ½, wrong about everything
    drawn = np.log10(run_of(runs, "mse")["full_costs"])  # the view's log₁₀ axis
    assert drawn.min() > -0.31 and drawn.max() < -0.29
    assert long_run("why-cross-entropy", LONG, cost="mse").accuracy() < 0.1


# --- 10 the network and its notation -------------------------------------------------


# --- 07 the network and its notation -------------------------------------------------


def test_parameter_shapes_follow_n_l_by_n_l_minus_1():
    for lesson in LESSONS.values():
        n = lesson.panel.config.layers
        params = init_params(list(n), init="small_random", seed=1)
        for l in range(1, len(n)):
            assert params[f"W{l}"].shape == (n[l], n[l - 1])
            assert params[f"b{l}"].shape == (n[l], 1)


def test_gradients_have_the_shape_of_their_parameters():
    s = spec("network-notation")
    trainer = trained(s.config, 1)
    snap = trainer.snapshot()
    for key, value in snap.params.items():
        assert snap.grads["d" + key].shape == value.shape
    assert trainer.cache["A1"].shape == (4, s.config.m) and trainer.cache["A2"].shape == (1, s.config.m)


def test_hidden_values_are_learnt_not_given():
    s = spec("network-notation")
    trainer = Trainer(s.config)
    trainer.run(1)
    before = np.array(trainer.snapshot().cache["A1"])
    trainer.run(300)
    after = np.array(trainer.snapshot().cache["A1"])
    assert np.abs(after - before).max() > 0.5


# --- 11 computing the output ---------------------------------------------------------


def test_four_equations_by_hand_equal_the_model_forward_pass():
    s = spec("computing-output")
    X, _ = load_dataset(s.config.dataset, m=s.config.m, seed=s.config.seed)
    params = init_params(list(s.config.layers), init="xavier", seed=4)
    W1, b1, W2, b2 = (params[k] for k in ("W1", "b1", "W2", "b2"))
    cache = forward(params, X, list(s.config.activations))
    Z1 = W1 @ X + b1
    A1 = np.tanh(Z1)
    Z2 = W2 @ A1 + b2
    A2 = 1 / (1 + np.exp(-Z2))
    for name, value in (("Z1", Z1), ("A1", A1), ("Z2", Z2), ("A2", A2)):
        assert np.allclose(cache[name], value), name
    # one column at a time gives the same numbers as all columns at once
    for i in (0, 17, s.config.m - 1):
        one = forward(params, X[:, [i]], list(s.config.activations))
        assert np.allclose(one["A2"][0, 0], cache["A2"][0, i])


def test_a_flat_column_broadcasts_into_the_wrong_shape():
    W1, b1, x = np.ones((4, 2)), np.ones((4, 1)), np.ones((2, 5))
    assert (W1 @ x[:, [0]] + b1).shape == (4, 1)
    assert (W1 @ x[:, 0] + b1).shape == (4, 4)


def test_a_tanh_hidden_layer_beats_a_single_unit_on_the_flower():
    s = spec("computing-output")
    net = trained(s.config, 1000)
    single = trained(s.config, 1000, layers=[2, 1], activations=["sigmoid"])
    assert net.accuracy() > single.accuracy() + 0.2


# --- 12 vectorisation and broadcasting ----------------------------------------------


def test_the_loop_and_the_matrix_give_the_same_numbers():
    rng = np.random.default_rng(0)
    m = 1000
    X = rng.normal(size=(2, m))
    W1, b1, W2, b2 = rng.normal(size=(4, 2)), np.zeros((4, 1)), rng.normal(size=(1, 4)), np.zeros((1, 1))
    A2 = forward({"W1": W1, "b1": b1, "W2": W2, "b2": b2}, X, ["tanh", "sigmoid"])["A2"]
    loop = [float(sigmoid(W2 @ np.tanh(W1 @ X[:, [i]] + b1) + b2)[0, 0]) for i in range(m)]
    assert np.allclose(A2[0], loop)


def test_rank_one_arrays_and_keepdims_traps():
    a = np.ones(5)
    assert a.T.shape == (5,) and (a @ a.T).shape == ()
    assert (np.ones((5, 1)) @ np.ones((5, 1)).T).shape == (5, 5)
    dZ = np.ones((4, 6))
    assert np.sum(dZ, axis=1).shape == (4,)
    assert np.sum(dZ, axis=1, keepdims=True).shape == (4, 1)
    assert (np.zeros((4, 1)) - 0.1 * np.sum(dZ, axis=1)).shape == (4, 4)  # the silent bug
    snap = trained(spec("vectorisation").config, 1).snapshot()
    assert snap.grads["db1"].shape == (4, 1) and snap.grads["db2"].shape == (1, 1)


# --- 13 activation functions and their derivatives -----------------------------------


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu", "leaky_relu", "linear"])
def test_each_derivative_matches_the_slope_of_its_function(name):
    g = {"sigmoid": sigmoid, "tanh": tanh, "relu": relu, "leaky_relu": leaky_relu, "linear": linear}[name]
    z = np.array([-4.0, -1.3, -0.2, 0.3, 1.1, 3.7])
    h = 1e-6
    slope = (g(z + h) - g(z - h)) / (2 * h)
    assert np.allclose(derivative(name, z), slope, atol=1e-6)


def test_derivative_formulas_of_lesson_nine():
    z = np.linspace(-6, 6, 49)
    a = 1 / (1 + np.exp(-z))
    t = np.tanh(z)
    assert np.allclose(derivative("sigmoid", z), a * (1 - a))
    assert np.allclose(derivative("tanh", z), 1 - t**2)
    assert np.array_equal(derivative("relu", z), np.where(z > 0, 1.0, 0.0))
    assert np.allclose(derivative("leaky_relu", z), np.where(z > 0, 1.0, 0.01))
    assert np.allclose(derivative("linear", z), 1.0)
    assert np.allclose(tanh(z), 2 * sigmoid(2 * z) - 1)
    assert float(derivative("sigmoid", np.array(0.0))) == pytest.approx(0.25)
    assert float(derivative("tanh", np.array(0.0))) == pytest.approx(1.0)
    assert float(derivative("relu", np.array(0.0))) == 0.0  # the lesson's choice at the kink


def test_relu_passes_no_gradient_where_z_is_negative():
    s = spec("activation-functions")
    snap = trained(s.config, 5).snapshot()
    negative = snap.cache["Z1"] < 0
    assert negative.any()
    assert np.all(snap.grads["dZ1"][negative] == 0)


# --- 14 why non-linear ---------------------------------------------------------------


def test_linear_hidden_layer_stays_at_47_percent_on_flower_while_tanh_bends():
    s = spec("why-non-linear")
    assert s.config.dataset == "flower" and s.compare["field"] == "activation"
    runs = compare_view("why-non-linear")
    linear, tanh_run = run_of(runs, "linear"), run_of(runs, "tanh")
    assert linear["accuracy"] == pytest.approx(0.47, abs=0.005)
    assert linear["costs"][-1] == pytest.approx(0.67, abs=0.01)
    assert tanh_run["costs"][-1] == pytest.approx(0.29, abs=0.01) and tanh_run["accuracy"] > 0.88
    long_linear = long_run("why-non-linear", LONG, activations=("linear", "sigmoid"))
    assert long_linear.accuracy() == pytest.approx(0.47, abs=0.005)
    assert long_run("why-non-linear").costs[-1] == pytest.approx(0.22, abs=0.01)


def test_the_best_straight_line_on_the_flower_gets_69_percent():
    s = spec("why-non-linear")
    X, Y = load_dataset(s.config.dataset, m=s.config.m, seed=s.config.seed)
    best = 0.0
    for angle in np.linspace(0, np.pi, 180, endpoint=False):
        side = np.array([np.cos(angle), np.sin(angle)]) @ X
        order = np.argsort(side)
        y = Y[0, order]
        # threshold after each sorted point: ones above it right, zeros below it right
        right = np.cumsum(1 - y) + (y.sum() - np.cumsum(y))
        best = max(best, right.max() / len(y), 1 - right.min() / len(y))
    assert best == pytest.approx(0.69, abs=0.01)


def test_the_course_setup_reaches_about_ninety_percent():
    s = spec("two-layer-gradient-descent")
    assert (s.config.layers, s.config.activations, s.config.learning_rate) == ((2, 4, 1), ("tanh", "sigmoid"), 1.2)
    assert trained(s.config, 10000).accuracy() >= 0.85


def test_two_linear_layers_collapse_into_one():
    s = spec("why-non-linear")
    trainer = trained(s.config, 200, activations=["linear", "sigmoid"])
    p = trainer.params
    W_, b_ = p["W2"] @ p["W1"], p["W2"] @ p["b1"] + p["b2"]
    Z2 = forward(dict(p), trainer.X, ["linear", "sigmoid"])["Z2"]
    assert np.allclose(Z2, W_ @ trainer.X + b_)
    assert W_.shape == (1, 2)


# --- 15 small slopes, centring, ReLU's range -----------------------------------------


def test_sigmoid_slope_is_at_most_a_quarter_and_tiny_when_saturated():
    z = np.linspace(-20, 20, 4001)
    slope = derivative("sigmoid", z)
    assert slope.max() == pytest.approx(0.25)
    assert float(derivative("sigmoid", np.array(10.0))) < 1e-4
    assert float(derivative("sigmoid", np.array(2.0))) == pytest.approx(0.105, abs=1e-3)
    assert float(derivative("sigmoid", np.array(5.0))) == pytest.approx(0.0066, abs=1e-4)
    assert float(derivative("tanh", np.array(5.0))) == pytest.approx(0.00018, abs=1e-5)


def test_tanh_hidden_outputs_are_centred_sigmoid_outputs_are_not():
    s = spec("saturation-and-centring")
    assert s.config.activations[0] == "sigmoid"
    sig = trained(s.config, 1).snapshot().cache["A1"]
    tan = trained(s.config, 1, activations=["tanh", "sigmoid"]).snapshot().cache["A1"]
    assert abs(sig.mean() - 0.5) < 0.05
    assert abs(tan.mean()) < 0.05
    assert sig.min() > 0  # every entry of a row of dW2 shares the sign of dz2


def test_sigmoid_hidden_layer_learns_slower_than_tanh_and_why():
    s = spec("saturation-and-centring")
    tanh_config = s.config.replace(activations=("tanh", "sigmoid"))
    sig1, tanh1 = trained(s.config, 1).snapshot(), trained(tanh_config, 1).snapshot()
    assert sig1.grad_norms[0] == pytest.approx(0.0014, abs=1e-4)
    assert tanh1.grad_norms[0] == pytest.approx(0.0054, abs=1e-4)
    assert sig1.grad_norms[1] < tanh1.grad_norms[1] / 2  # A1 ≈ 0.5 tells the output nothing
    sig = long_run("saturation-and-centring").costs
    tan = long_run("saturation-and-centring", LONG, activations=("tanh", "sigmoid")).costs
    assert np.argmax(sig < 0.5) == pytest.approx(1840, abs=20)
    assert np.argmax(tan < 0.5) == pytest.approx(123, abs=3)
    assert sig[-1] == pytest.approx(0.29, abs=0.01) and tan[-1] == pytest.approx(0.22, abs=0.01)
    assert long_run("saturation-and-centring").accuracy() == pytest.approx(0.90, abs=0.01)
    relu = long_run("saturation-and-centring", LONG, activations=("relu", "sigmoid"))
    assert relu.costs[-1] == pytest.approx(0.57, abs=0.01)
    runs = compare_view("saturation-and-centring")
    assert run_of(runs, "sigmoid")["costs"][-1] == pytest.approx(0.60, abs=0.01)
    assert run_of(runs, "tanh")["costs"][-1] == pytest.approx(0.29, abs=0.01)


def test_tanh_slope_is_smaller_than_sigmoid_slope_beyond_about_1_66():
    z = np.linspace(0, 4, 400_001)
    smaller = derivative("tanh", z) < derivative("sigmoid", z)
    crossing = z[np.argmax(smaller)]  # 1.66289 to 5 figures
    assert f"{crossing:.2f}" == "1.66" and smaller[z > crossing].all() and not smaller[z < crossing].any()
    assert "From |z| ≈ 1.66 on" in " ".join(LESSONS["saturation-and-centring"].body.split())
    assert float(derivative("tanh", np.array(2.0))) == pytest.approx(0.0707, abs=1e-4)


def test_relu_output_is_unbounded_but_the_sigmoid_output_is_a_probability():
    s = spec("saturation-and-centring")
    trainer = trained(s.config, 1, activations=["relu", "sigmoid"], init="large_random")
    snap = trainer.snapshot()
    assert snap.cache["A1"].max() > 1
    assert 0 <= snap.cache["A2"].min() and snap.cache["A2"].max() <= 1


# --- 16 vanishing gradients ----------------------------------------------------------


def test_deep_sigmoid_gradients_shrink_towards_the_input_relu_he_do_not():
    s = spec("vanishing-gradients")
    assert len(s.config.layers) == 6 and set(s.config.activations) == {"sigmoid"} and s.config.init == "he"
    norms = trained(s.config, 1).snapshot().grad_norms
    assert norms[0] / norms[-1] == pytest.approx(0.0022, abs=1e-4)
    assert norms[0] == pytest.approx(0.0012, abs=1e-4) and norms[-1] == pytest.approx(0.55, abs=0.01)
    assert all(a < b for a, b in zip(norms, norms[1:]))  # shorter at every step back
    # the view's bars: 30 characters over log10 from -8 to 1, so 10x is 3 1/3 characters
    assert 30 / 9 == pytest.approx(3.33, abs=0.01)
    hidden = len(s.config.layers) - 2
    relu = s.config.replace(activations=("relu",) * hidden + ("sigmoid",))
    relu_norms = trained(relu, 1).snapshot().grad_norms
    assert 0.6 < min(relu_norms) and max(relu_norms) < 2.2 and max(relu_norms) / min(relu_norms) < 3.5


def test_deep_sigmoid_sits_on_a_plateau_for_thousands_of_iterations_then_escapes():
    s = spec("vanishing-gradients")
    sig = long_run("vanishing-gradients")
    c = sig.costs
    assert c[999] == pytest.approx(0.69, abs=0.005) and c[2999] == pytest.approx(0.64, abs=0.01)
    assert np.argmax(c < 0.6) == pytest.approx(3300, abs=100)
    assert c[-1] == pytest.approx(0.34, abs=0.01) and sig.accuracy() == pytest.approx(0.87, abs=0.01)
    trainer = trained(s.config, 100)
    assert max(trainer.snapshot().grad_norms) < 0.003  # every gradient small, not only layer 1's
    hidden = len(s.config.layers) - 2
    relu = long_run("vanishing-gradients", LONG, activations=("relu",) * hidden + ("sigmoid",))
    assert np.argmax(relu.costs < 0.6) <= 15 and not relu.diverged
    assert relu.costs[-1] == pytest.approx(0.17, abs=0.01) and relu.accuracy() == pytest.approx(0.91, abs=0.01)
    assert np.diff(relu.costs).max() < 0.1
    runs = compare_view("vanishing-gradients")
    assert run_of(runs, "sigmoid")["costs"][-1] > 0.65 and run_of(runs, "relu")["costs"][-1] < 0.25


def test_the_best_case_sigmoid_factor_through_four_layers():
    assert float(derivative("sigmoid", np.array(0.0))) ** 4 == pytest.approx(0.00390625)


# --- 17 deriving backprop ------------------------------------------------------------


def test_one_example_derivation_stacked_gives_the_vectorised_gradients():
    s = spec("deriving-backprop")
    trainer = Trainer(s.config)
    assert [trainer.step_phase() for _ in range(3)] == ["forward", "cost", "backward"]  # `.` three times
    p, X, g, Y = trainer.params, trainer.cache["A0"], trainer.grads, trainer.Y
    W1, b1, W2, b2 = p["W1"], p["b1"], p["W2"], p["b2"]
    dW1, db1, dW2 = np.zeros_like(W1), np.zeros_like(b1), np.zeros_like(W2)
    m = X.shape[1]
    for i in range(m):
        x, y = X[:, [i]], Y[0, i]
        a1 = np.tanh(W1 @ x + b1)
        a2 = 1 / (1 + np.exp(-(W2 @ a1 + b2)))
        dz2 = a2 - y  # (1, 1)
        da1 = W2.T @ dz2  # (4, 1): the transpose
        dz1 = da1 * (1 - a1**2)  # element by element
        dW2 += dz2 @ a1.T
        dW1 += dz1 @ x.T
        db1 += dz1
    assert np.allclose(g["dW1"], dW1 / m) and np.allclose(g["db1"], db1 / m) and np.allclose(g["dW2"], dW2 / m)
    shapes = {k: g[k].shape for k in ("dZ2", "dW2", "db2", "dZ1", "dW1", "db1")}
    assert shapes == {"dZ2": (1, 400), "dW2": (1, 4), "db2": (1, 1), "dZ1": (4, 400), "dW1": (4, 2), "db1": (4, 1)}
    assert trained(s.config, 1).gradient_check() < 1e-8


# --- 18 gradient descent for a 2-layer network ---------------------------------------


def test_the_backward_formulas_of_lesson_thirteen_are_what_the_model_computes():
    s = spec("two-layer-gradient-descent")
    X, Y = load_dataset(s.config.dataset, m=s.config.m, seed=s.config.seed)
    params = init_params(list(s.config.layers), init="xavier", seed=7)
    cache = forward(params, X, list(s.config.activations))
    grads = backward(params, cache, Y, list(s.config.activations))
    m = X.shape[1]
    A1, A2, W2 = cache["A1"], cache["A2"], params["W2"]
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (W2.T @ dZ2) * (1 - A1**2)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    expected = {"dZ2": dZ2, "dW2": dW2, "db2": db2, "dZ1": dZ1, "dW1": dW1, "db1": db1}
    for name, value in expected.items():
        assert grads[name].shape == value.shape, name
        assert np.allclose(grads[name], value), name
    assert (dW1.shape, db1.shape, dW2.shape, db2.shape) == ((4, 2), (4, 1), (1, 4), (1, 1))


def test_one_trainer_iteration_is_forward_cost_backward_update():
    s = spec("two-layer-gradient-descent")
    trainer = Trainer(s.config)
    p0 = {k: np.array(v) for k, v in trainer.snapshot().params.items()}
    phases = [trainer.step_phase() for _ in range(4)]
    assert phases == ["forward", "cost", "backward", "update"]
    cache = forward(p0, trainer.X, list(s.config.activations))
    expected = update(p0, backward(p0, cache, trainer.Y, list(s.config.activations)), s.config.learning_rate)
    snap = trainer.snapshot()
    assert snap.cost == pytest.approx(compute_cost(cache["A2"], trainer.Y))
    for key in p0:
        assert np.allclose(snap.params[key], expected[key])


def test_a_gradient_check_tells_a_right_backward_pass_from_a_wrong_one():
    s = spec("two-layer-gradient-descent")
    acts = list(s.config.activations)
    X, Y = load_dataset(s.config.dataset, m=40, seed=s.config.seed)
    params = init_params(list(s.config.layers), init="xavier", seed=7)
    assert gradient_check(params, X, Y, acts) < 1e-6

    def cost(W1):
        return compute_cost(forward({**params, "W1": W1}, X, acts)["A2"], Y)

    h = 1e-6
    numeric = np.zeros_like(params["W1"])
    for idx in np.ndindex(*numeric.shape):
        up, down = params["W1"].copy(), params["W1"].copy()
        up[idx] += h
        down[idx] -= h
        numeric[idx] = (cost(up) - cost(down)) / (2 * h)
    cache = forward(params, X, acts)
    A1, dZ2 = cache["A1"], cache["A2"] - Y
    right = ((params["W2"].T @ dZ2) * (1 - A1**2)) @ X.T / 40
    wrong = ((params["W2"].T @ dZ2) * (1 - A1)) @ X.T / 40  # a slip in tanh's slope

    def rel(a, b):
        return np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b))

    assert rel(right, numeric) < 1e-6
    assert rel(wrong, numeric) > 1e-2


# --- 19 random initialisation --------------------------------------------------------


def test_zero_init_with_tanh_never_moves():
    s = spec("random-initialisation")
    assert (s.config.init, s.config.activations, s.config.dataset) == ("zeros", ("tanh", "sigmoid"), "xor")
    trainer = long_run("random-initialisation")
    snap = trainer.snapshot()
    assert not snap.params["W1"].any() and not snap.params["W2"].any()
    # only b2 moves, to the share of 1s (51%): the cost stays at 0.69
    assert np.abs(snap.costs - math.log(2)).max() < 1e-3


def test_zero_init_with_sigmoid_moves_but_every_unit_stays_equal():
    s = spec("random-initialisation")
    # the a key from tanh: relu, leaky_relu, linear, sigmoid
    order = ACTIVATIONS[ACTIVATIONS.index("tanh") + 1 :] + ACTIVATIONS[: ACTIVATIONS.index("tanh")]
    assert order[:4] == ("relu", "leaky_relu", "linear", "sigmoid")
    assert s.config.init == "zeros" and INITS[INITS.index("zeros") + 1] == "small_random"
    trainer = long_run("random-initialisation", 3000, activations=("sigmoid", "sigmoid"))
    W1, W2 = trainer.params["W1"], trainer.params["W2"]
    assert hidden_unit_spread(trainer.params) == 0.0 and np.all(W2 == W2[0, 0])
    assert W1[0, 0] == pytest.approx(-4.07, abs=0.01) and W2[0, 0] == pytest.approx(1.46, abs=0.01)
    assert trainer.costs[-1] == pytest.approx(0.58, abs=0.01)
    assert trainer.Y.mean() == pytest.approx(0.51)


def test_small_random_starts_slowly_then_learns_and_large_starts_high():
    s = spec("random-initialisation")
    trainer = Trainer(s.config, init="small_random")
    norms = []
    for k in (0, 50, 100, 150, 200):
        trainer.run(k - trainer.iteration)
        norms.append(float(np.linalg.norm(trainer.params["W2"])))
    assert norms == pytest.approx([0.03, 0.09, 0.31, 0.55, 0.95], abs=0.01)
    small = long_run("random-initialisation", LONG, init="small_random").costs
    assert small[199] > 0.65 and small[299] == pytest.approx(0.44, abs=0.01)
    assert small[999] == pytest.approx(0.16, abs=0.01) and small[-1] == pytest.approx(0.16, abs=0.01)
    runs = compare_view("random-initialisation")
    large, zeros = run_of(runs, "large_random"), run_of(runs, "zeros")
    assert large["costs"][0] == pytest.approx(12.9, abs=0.05)
    assert math.log10(large["full_costs"][0]) == pytest.approx(1.09, abs=0.005)  # where the curve starts
    assert np.argmax(large["costs"] < math.log(2)) <= 20
    assert large["costs"][-1] == pytest.approx(0.24, abs=0.01)
    assert run_of(runs, "small_random")["costs"][-1] == pytest.approx(0.16, abs=0.01)
    assert np.abs(zeros["costs"] - math.log(2)).max() < 1e-3 and not zeros["params"]["W1"].any()
    assert hidden_unit_spread(run_of(runs, "small_random")["params"]) > 0.1


def test_large_init_starts_saturated_and_confidently_wrong():
    s = spec("random-initialisation")
    large = trained(s.config, 1, init="large_random").snapshot()
    small = trained(s.config, 1, init="small_random").snapshot()
    slope_large = (1 - large.cache["A1"] ** 2).mean()
    slope_small = (1 - small.cache["A1"] ** 2).mean()
    assert slope_large < 0.3 and slope_small > 0.9
    assert (np.abs(small.cache["Z1"]) > 3).mean() == 0
    assert large.costs[0] > 3 * math.log(2)


def test_biases_start_at_zero_and_weights_at_one_hundredth_scale():
    params = init_params([2, 4, 1], init="small_random", seed=2)
    assert not params["b1"].any() and not params["b2"].any()
    assert 0.001 < np.abs(params["W1"]).mean() < 0.03


# --- 20 how many hidden units --------------------------------------------------------


def test_three_hidden_units_are_enough_for_the_flower_and_fifty_buy_no_accuracy():
    s = spec("hidden-units")
    assert s.compare["field"] == "hidden" and s.compare["iterations"] == LONG
    runs = compare_view("hidden-units")
    table = {1: (0.63, 0.67), 2: (0.58, 0.67), 3: (0.26, 0.91), 50: (0.17, 0.90)}
    for width, (cost, accuracy) in table.items():
        run = run_of(runs, width)
        assert run["params"]["W1"].shape == (width, 2)
        assert run["costs"][-1] == pytest.approx(cost, abs=0.01), width
        assert run["accuracy"] == pytest.approx(accuracy, abs=0.01), width
    # the legend: 3 units 90.8%, 50 units 90.2%: more units, no more accuracy at 5000
    assert run_of(runs, 3)["accuracy"] == pytest.approx(0.9075)
    assert run_of(runs, 50)["accuracy"] == pytest.approx(0.9025)
    assert "| 50 | about 0.17 | about 90% |" in LESSONS["hidden-units"].body
    assert 4 * 50 + 1 == sum(v.size for v in run_of(runs, 50)["params"].values())


# --- 21 softmax ----------------------------------------------------------------------


def test_softmax_of_the_lesson_example():
    z = np.array([2.0, 1.0, 0.1])
    a = np.exp(z - z.max()) / np.exp(z - z.max()).sum()
    assert a == pytest.approx([0.659, 0.242, 0.099], abs=5e-4)
    assert a - [1, 0, 0] == pytest.approx([-0.341, 0.242, 0.099], abs=5e-4)
    z1, z2 = 0.7, -0.4
    assert math.exp(z1) / (math.exp(z1) + math.exp(z2)) == pytest.approx(float(sigmoid(np.array(z1 - z2))))


def test_softmax_network_learns_the_three_arm_spiral():
    s = spec("softmax")
    trainer = Trainer(s.config)
    costs = {}
    for n in (1, 1000, 3000, LONG):
        trainer.run(n - trainer.iteration)
        costs[n] = (float(trainer.costs[-1]), trainer.accuracy())
    assert costs[1][0] == pytest.approx(1.15, abs=0.01)
    assert costs[1000] == pytest.approx((0.59, 0.73), abs=0.01)
    assert costs[3000] == pytest.approx((0.12, 0.98), abs=0.01)
    assert costs[LONG] == pytest.approx((0.07, 0.99), abs=0.01)
    assert np.diff(trainer.costs).max() < 0.15  # small bumps only
    A = trainer.snapshot().cache["A2"]
    assert A.shape[0] == 3 and np.allclose(A.sum(axis=0), 1)
    flat = trained(s.config, LONG, layers=[2, 3], activations=["softmax"])
    assert flat.accuracy() == pytest.approx(0.40, abs=0.01)


# --- every lesson --------------------------------------------------------------------


def _outside_code(body):
    body = re.sub(r"```.*?```", "", body, flags=re.S)
    body = re.sub(r"`[^`]*`", "", body)
    return "\n".join(line for line in body.splitlines() if not line.startswith("    "))


@pytest.mark.parametrize("lesson_id", sorted(LESSONS))
def test_no_maths_renders_as_a_markdown_link(lesson_id):
    text = _outside_code(LESSONS[lesson_id].body)
    assert not re.search(r"\]\(", text), "a[1](…) reads as a link: put it in a code block"
    assert not re.search(r"\]\[", text)


def test_no_view_is_described_that_the_lesson_does_not_show():
    for lesson in LESSONS.values():
        for view, words in (
            ("compare", "compare view"),
            ("boundary", "boundary view"),
            ("gradcheck", "gradcheck view"),
            ("symmetry", "symmetry view"),
            ("gradient_norms", "gradient-norms view"),
            ("activation", "activation view"),
            ("loss_shape", "loss-shape view"),
            ("graph", "graph view"),
            ("network", "network view"),
            ("nudge", "nudge view"),
            ("backprop_steps", "backprop-steps view"),
            ("vectorise", "vectorise view"),
        ):
            if words in lesson.body.lower():
                assert view in lesson.panel.views, (lesson.id, view)


# --- what the new views show, at each lesson's own settings ----------------------------------


def test_03_the_nudge_view_reads_what_the_try_it_says():
    from nn_tutor.model.demos import nudge, nudge_ratios
    from nn_tutor.ui.views.nudge import A_STEP, NudgeView

    assert "nudge" in spec("derivatives").views
    view = NudgeView()
    assert (view.function, view.a, view.h, A_STEP) == ("a²", 2.0, 0.001, 0.5)
    r = nudge("a²", 2.0, 0.001)
    assert [f"{r[k]:.6f}" for k in ("f", "f_nudged", "delta", "ratio", "slope")] == [
        "4.000000",
        "4.004001",
        "0.004001",
        "4.001000",
        "4.000000",
    ]
    assert f"{nudge('a²', 3.0)['ratio']:.6f}" == "6.001000" and f"{nudge('a²', 5.0)['ratio']:.6f}" == "10.001000"
    log3 = nudge("log a", 3.0)
    assert (f"{log3['ratio']:.6f}", f"{log3['slope']:.6f}") == ("0.333278", "0.333333")
    assert nudge("3a", -7.5)["ratio"] == pytest.approx(3.0)
    assert [round(ratio, 6) for _, ratio in nudge_ratios("a²", 2.0)[:3]] == [5.0, 4.1, 4.01]
    assert math.isnan(nudge("log a", 0.0)["ratio"])


def test_10_the_weights_start_near_0_02_and_grow_to_several_units():
    s = spec("network-notation")
    assert "network" in s.views
    largest = lambda t: max(float(np.abs(v).max()) for k, v in t.params.items() if k.startswith("W"))  # noqa: E731
    t = Trainer(s.config)
    assert largest(t) == pytest.approx(0.02, abs=0.005)
    t.run(1000)  # a few seconds at the panel's 300 a second
    assert 3 < largest(t) < 10


def test_12_the_broadcast_shapes_and_the_loop_agree_at_the_lessons_shapes():
    from nn_tutor.model.demos import LOOP_BUDGET, TIMED_M, broadcast_shapes, time_forward

    s = spec("vectorisation")
    assert "vectorise" in s.views and TIMED_M == (10, 100, 1_000, 10_000, 100_000) and LOOP_BUDGET == 0.25
    rows = [(shapes, out) for _, shapes, out in broadcast_shapes(s.config.layers[1], s.config.m)]
    assert ("(4×400) + (4×1)", "(4×400)") in rows
    assert ("(4×1) − (4,)", "(4×4)") in rows and ("(4×1) − (4×1)", "(4×1)") in rows
    t = Trainer(s.config)
    assert time_forward(dict(t.params), list(t.activations), 1000, budget=5.0)["agree"]


def test_17_the_steps_have_the_shapes_the_lesson_lists():
    from nn_tutor.model.demos import backward_steps

    s = spec("deriving-backprop")
    assert "backprop_steps" in s.views
    t = Trainer(s.config)
    steps = backward_steps(dict(t.params), t.X, t.Y, list(t.activations))
    assert [(st.name, st.value.shape) for st in steps] == [
        ("dZ2", (1, 400)),
        ("dW2", (1, 4)),
        ("db2", (1, 1)),
        ("dA1", (4, 400)),
        ("dZ1", (4, 400)),
        ("dW1", (4, 2)),
        ("db1", (4, 1)),
    ]
    assert np.abs(np.abs(steps[0].value) - 0.5).max() < 0.01  # every ŷ starts near 0.5
    assert [st.shapes.split(",")[0] for st in steps[1:7:2]] == [
        "(1×400)(400×4) → (1×4)",
        "(4×1)(1×400) → (4×400)",
        "(4×400)(400×2) → (4×2)",
    ]


def test_02_the_squared_error_plateau_on_its_own_axis():
    d = loss_over_weight(np.array([-6.0, -3.0]))
    assert [round(float(v), 3) for v in d["squared_error"]] == [0.374, 0.355]
    assert loss_over_weight()["squared_error"].max() < 0.5
    assert loss_over_weight()["cross_entropy"].max() == pytest.approx(6.0, abs=0.05)


@pytest.mark.parametrize(
    "lesson_id, names",
    [
        ("batch-and-sgd", ["full batch", "mini-batch 32 (α 0.339)", "SGD (1 example) (α 0.06)"]),
        ("why-cross-entropy", ["cross-entropy", "squared error ½(a−y)²"]),
        ("hidden-units", ["1 hidden unit", "2 hidden units", "3 hidden units", "50 hidden units"]),
    ],
)
def test_the_compare_legends_name_the_runs_as_the_lessons_do(lesson_id, names):
    from nn_tutor.ui.views.plots import CompareView

    s = spec(lesson_id)
    labels = [label for label in (f"{s.compare['field']}={v}" for v in s.compare["values"])]
    if lesson_id == "batch-and-sgd":
        labels = [
            f"{label} (α {config.learning_rate:g})" if config.learning_rate != 1.2 else label
            for label, (_, config) in zip(labels, s.compare_configs())
        ]
    view = CompareView(s.compare)
    assert view.labels(dict.fromkeys(labels)) == names
    body = " ".join(LESSONS[lesson_id].body.split())
    for name in names:
        assert name in body


def test_09_the_compare_legend_ends_where_the_try_it_says():
    runs = compare_view("why-cross-entropy")
    ce, se = run_of(runs, "cross_entropy"), run_of(runs, "mse")
    assert ce["full_costs"][-1] < 0.002 and math.log10(ce["full_costs"][-1]) < -3 and ce["accuracy"] == 1.0
    assert se["full_costs"][-1] == pytest.approx(0.499, abs=0.002) and se["accuracy"] == pytest.approx(1 / 400)


def test_21_the_boundary_starts_with_two_colours_and_ends_with_three():
    from nn_tutor.model import decision_grid

    t = Trainer(spec("softmax").config)

    def share():
        classes = np.argmax(decision_grid(dict(t.params), t.X, list(t.activations))[2], axis=0)
        return np.bincount(classes.ravel(), minlength=3) / (60 * 30)

    assert sorted(share())[0] < 0.05  # one class has almost no ground
    t.run(3000)
    assert share().min() > 0.25  # each arm has its own colour
