"""Each lesson's claim, checked with the model and the lesson's own panel settings.

Whatever a lesson says the model computes — a derivative, a shape, an update, a result
of training — is recomputed here by hand and compared with the model.
"""

import math

import numpy as np
import pytest

from nn_tutor.lessons import load_lessons
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
from nn_tutor.model.demos import hidden_unit_spread, loss_over_weight
from nn_tutor.model.graph import abc_graph, logistic_graph

LESSONS = {lesson.id: lesson for lesson in load_lessons()[0]}


def spec(lesson_id):
    return LESSONS[lesson_id].panel


def trained(kwargs, iterations):
    trainer = Trainer(**kwargs)
    trainer.run(iterations)
    return trainer


def compare(lesson_id):
    """{value: trainer after the lesson's compare iterations}."""
    s = spec(lesson_id)
    return {value: trained(kwargs, s.compare["iterations"]) for value, kwargs in s.compare_runs()}


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
    assert s.layers == (2, 1)
    trainer = trained(s.trainer_kwargs(), 300)
    assert trainer.accuracy() >= 0.9
    # Predicting 1 exactly where w·x + b > 0: the boundary is the line w·x + b = 0.
    W, b = trainer.params["W1"], trainer.params["b1"]
    by_line = (W @ trainer.X + b > 0).astype(float)
    A = forward(trainer.params, trainer.X, list(s.activations))["A1"]
    assert np.array_equal(by_line, (A > 0.5).astype(float))


def test_logistic_regression_cannot_fit_the_flower():
    s = spec("sigmoid-neuron")
    trainer = trained({**s.trainer_kwargs(), "dataset": "flower"}, 1000)
    assert trainer.accuracy() <= 0.7


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
    curves = loss_over_weight()
    w = curves["w"]
    assert np.all(np.diff(w) > 0)
    ce_bend = np.diff(curves["cross_entropy"], 2)
    se_bend = np.diff(curves["squared_error"], 2)
    assert ce_bend.min() >= -1e-12
    assert se_bend.min() < -1e-4          # bends the wrong way somewhere: not convex
    # and it flattens out where the sigmoid saturates
    se_slope = np.abs(np.diff(curves["squared_error"]))
    assert se_slope[0] < 0.05 * se_slope.max() or se_slope[-1] < 0.05 * se_slope.max()


def test_cross_entropy_slope_with_respect_to_z_is_a_minus_y():
    s = spec("loss-and-cost")
    X, Y = load_dataset(s.dataset, m=s.m, seed=s.seed)
    params = init_params(list(s.layers), init="xavier", seed=3)
    cache = forward(params, X, list(s.activations))
    grads = backward(params, cache, Y, list(s.activations))
    assert np.allclose(grads["dZ1"], cache["A1"] - Y)
    # the squared-error slope carries the extra factor a(1 − a)
    a, y, h = 0.999, 0.0, 1e-6
    z = math.log(a / (1 - a))
    se = lambda z: 0.5 * (float(sigmoid(np.array(z))) - y) ** 2
    slope = (se(z + h) - se(z - h)) / (2 * h)
    assert slope == pytest.approx((a - y) * a * (1 - a), rel=1e-4)
    assert slope < 0.01 * (a - y)


# --- 03 gradient descent and the learning rate ---------------------------------------


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


def test_update_is_parameter_minus_learning_rate_times_gradient():
    s = spec("gradient-descent")
    X, Y = load_dataset(s.dataset, m=s.m, seed=s.seed)
    params = init_params(list(s.layers), init=s.init, seed=2)
    grads = backward(params, forward(params, X, list(s.activations)), Y, list(s.activations))
    new = update(params, grads, learning_rate=s.learning_rate)
    for key in params:
        assert np.allclose(new[key], params[key] - s.learning_rate * grads["d" + key])


# --- 04 batch, SGD, mini-batch -------------------------------------------------------


def test_sgd_curve_is_noisy_batch_curve_is_smooth():
    s = spec("batch-and-sgd")
    assert s.compare["field"] == "batch"
    runs = compare("batch-and-sgd")
    full, sgd, mini = runs["full"].costs, runs["sgd"].costs, runs[32].costs
    assert fraction_rising(full) <= 0.05
    assert fraction_rising(sgd) >= 0.3
    wiggle = {name: np.abs(np.diff(c)).mean() for name, c in (("full", full), ("sgd", sgd), ("mini", mini))}
    assert wiggle["full"] < wiggle["mini"] < wiggle["sgd"]


def test_one_mini_batch_epoch_of_lesson_four():
    trainer = Trainer(**{**spec("batch-and-sgd").trainer_kwargs(), "batch": 32})
    assert trainer.run(13) == 13
    assert trainer.snapshot().cache["A0"].shape == (2, 400 - 12 * 32)  # the 13th batch is the rest


# --- 05 the computation graph --------------------------------------------------------


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


# --- 06 forward and backward propagation ---------------------------------------------


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
    X, Y = load_dataset(s.dataset, m=s.m, seed=s.seed)
    params = init_params(list(s.layers), init="xavier", seed=5)
    cache = forward(params, X, list(s.activations))
    grads = backward(params, cache, Y, list(s.activations))
    m = X.shape[1]
    dZ = cache["A1"] - Y
    assert np.allclose(grads["dW1"], dZ @ X.T / m)
    assert np.allclose(grads["db1"], dZ.sum() / m)
    assert grads["dW1"].shape == params["W1"].shape
    assert grads["db1"].shape == params["b1"].shape


def test_backprop_agrees_with_finite_differences_on_the_lesson_panels():
    for lesson_id in ("backpropagation", "two-layer-gradient-descent"):
        trainer = trained(spec(lesson_id).trainer_kwargs(), 50)
        assert trainer.gradient_check() < 1e-6


# --- 07 the network and its notation -------------------------------------------------


def test_parameter_shapes_follow_n_l_by_n_l_minus_1():
    for lesson in LESSONS.values():
        n = lesson.panel.layers
        params = init_params(list(n), init="small_random", seed=1)
        for l in range(1, len(n)):
            assert params[f"W{l}"].shape == (n[l], n[l - 1])
            assert params[f"b{l}"].shape == (n[l], 1)


def test_gradients_have_the_shape_of_their_parameters():
    s = spec("network-notation")
    trainer = trained(s.trainer_kwargs(), 1)
    snap = trainer.snapshot()
    for key, value in snap.params.items():
        assert snap.grads["d" + key].shape == value.shape
    assert trainer.cache["A1"].shape == (4, s.m) and trainer.cache["A2"].shape == (1, s.m)


def test_hidden_values_are_learnt_not_given():
    s = spec("network-notation")
    trainer = Trainer(**s.trainer_kwargs())
    trainer.run(1)
    before = np.array(trainer.snapshot().cache["A1"])
    trainer.run(300)
    after = np.array(trainer.snapshot().cache["A1"])
    assert np.abs(after - before).max() > 0.5


# --- 08 computing the output ---------------------------------------------------------


def test_four_equations_by_hand_equal_the_model_forward_pass():
    s = spec("computing-output")
    X, _ = load_dataset(s.dataset, m=s.m, seed=s.seed)
    params = init_params(list(s.layers), init="xavier", seed=4)
    W1, b1, W2, b2 = (params[k] for k in ("W1", "b1", "W2", "b2"))
    cache = forward(params, X, list(s.activations))
    Z1 = W1 @ X + b1
    A1 = np.tanh(Z1)
    Z2 = W2 @ A1 + b2
    A2 = 1 / (1 + np.exp(-Z2))
    for name, value in (("Z1", Z1), ("A1", A1), ("Z2", Z2), ("A2", A2)):
        assert np.allclose(cache[name], value), name
    # one column at a time gives the same numbers as all columns at once
    for i in (0, 17, s.m - 1):
        one = forward(params, X[:, [i]], list(s.activations))
        assert np.allclose(one["A2"][0, 0], cache["A2"][0, i])


def test_a_flat_column_broadcasts_into_the_wrong_shape():
    W1, b1, x = np.ones((4, 2)), np.ones((4, 1)), np.ones((2, 5))
    assert (W1 @ x[:, [0]] + b1).shape == (4, 1)
    assert (W1 @ x[:, 0] + b1).shape == (4, 4)


def test_a_tanh_hidden_layer_beats_a_single_unit_on_the_flower():
    s = spec("computing-output")
    net = trained(s.trainer_kwargs(), 1000)
    single = trained({**s.trainer_kwargs(), "layers": [2, 1], "activations": ["sigmoid"]}, 1000)
    assert net.accuracy() > single.accuracy() + 0.2


# --- 09 activation functions and their derivatives -----------------------------------


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
    snap = trained(s.trainer_kwargs(), 5).snapshot()
    negative = snap.cache["Z1"] < 0
    assert negative.any()
    assert np.all(snap.grads["dZ1"][negative] == 0)


# --- 10 why non-linear ---------------------------------------------------------------


def test_linear_hidden_layer_stays_near_chance_on_flower_while_tanh_bends():
    s = spec("why-non-linear")
    assert s.dataset == "flower" and s.compare["field"] == "activation"
    runs = compare("why-non-linear")
    assert runs["linear"].accuracy() <= 0.60
    assert runs["tanh"].accuracy() >= 0.85


def test_the_course_setup_reaches_about_ninety_percent():
    s = spec("two-layer-gradient-descent")
    assert (s.layers, s.activations, s.learning_rate) == ((2, 4, 1), ("tanh", "sigmoid"), 1.2)
    assert trained(s.trainer_kwargs(), 10000).accuracy() >= 0.85


def test_two_linear_layers_collapse_into_one():
    s = spec("why-non-linear")
    trainer = trained({**s.trainer_kwargs(), "activations": ["linear", "sigmoid"]}, 200)
    p = trainer.params
    W_, b_ = p["W2"] @ p["W1"], p["W2"] @ p["b1"] + p["b2"]
    Z2 = forward(dict(p), trainer.X, ["linear", "sigmoid"])["Z2"]
    assert np.allclose(Z2, W_ @ trainer.X + b_)
    assert W_.shape == (1, 2)


# --- 11 small slopes, centring, ReLU's range -----------------------------------------


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
    assert s.activations[0] == "sigmoid"
    sig = trained(s.trainer_kwargs(), 1).snapshot().cache["A1"]
    tan = trained({**s.trainer_kwargs(), "activations": ["tanh", "sigmoid"]}, 1).snapshot().cache["A1"]
    assert abs(sig.mean() - 0.5) < 0.05
    assert abs(tan.mean()) < 0.05
    assert sig.min() > 0  # every entry of a row of dW2 shares the sign of dz2


def test_sigmoid_hidden_layer_learns_slower_than_tanh():
    runs = compare("saturation-and-centring")
    assert runs["tanh"].costs[-1] < runs["sigmoid"].costs[-1] - 0.1


def test_relu_output_is_unbounded_but_the_sigmoid_output_is_a_probability():
    s = spec("saturation-and-centring")
    trainer = trained({**s.trainer_kwargs(), "activations": ["relu", "sigmoid"], "init": "large_random"}, 1)
    snap = trainer.snapshot()
    assert snap.cache["A1"].max() > 1
    assert 0 <= snap.cache["A2"].min() and snap.cache["A2"].max() <= 1


# --- 12 vanishing gradients ----------------------------------------------------------


def test_deep_sigmoid_gradients_shrink_towards_the_input_relu_he_do_not():
    s = spec("vanishing-gradients")
    assert len(s.layers) >= 5 and set(s.activations) == {"sigmoid"}
    norms = trained(s.trainer_kwargs(), 1).snapshot().grad_norms
    assert norms[0] < norms[-1] / 100
    assert all(a < b for a, b in zip(norms, norms[1:]))  # shorter at every step back
    hidden = len(s.layers) - 2
    relu = {**s.trainer_kwargs(), "activations": ["relu"] * hidden + ["sigmoid"], "init": "he"}
    relu_norms = trained(relu, 1).snapshot().grad_norms
    assert relu_norms[0] > relu_norms[-1] / 10


def test_deep_relu_learns_where_deep_sigmoid_stalls():
    runs = compare("vanishing-gradients")
    assert runs["sigmoid"].costs[-1] > 0.6
    assert runs["relu"].costs[-1] < runs["sigmoid"].costs[-1] - 0.2


def test_the_best_case_sigmoid_factor_through_four_layers():
    assert float(derivative("sigmoid", np.array(0.0))) ** 4 == pytest.approx(0.00390625)


# --- 13 gradient descent for a 2-layer network ---------------------------------------


def test_the_backward_formulas_of_lesson_thirteen_are_what_the_model_computes():
    s = spec("two-layer-gradient-descent")
    X, Y = load_dataset(s.dataset, m=s.m, seed=s.seed)
    params = init_params(list(s.layers), init="xavier", seed=7)
    cache = forward(params, X, list(s.activations))
    grads = backward(params, cache, Y, list(s.activations))
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
    trainer = Trainer(**s.trainer_kwargs())
    p0 = {k: np.array(v) for k, v in trainer.snapshot().params.items()}
    phases = [trainer.step_phase() for _ in range(4)]
    assert phases == ["forward", "cost", "backward", "update"]
    cache = forward(p0, trainer.X, list(s.activations))
    expected = update(p0, backward(p0, cache, trainer.Y, list(s.activations)), s.learning_rate)
    snap = trainer.snapshot()
    assert snap.cost == pytest.approx(compute_cost(cache["A2"], trainer.Y))
    for key in p0:
        assert np.allclose(snap.params[key], expected[key])


def test_a_gradient_check_tells_a_right_backward_pass_from_a_wrong_one():
    s = spec("two-layer-gradient-descent")
    acts = list(s.activations)
    X, Y = load_dataset(s.dataset, m=40, seed=s.seed)
    params = init_params(list(s.layers), init="xavier", seed=7)
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


# --- 14 random initialisation --------------------------------------------------------


def test_zero_init_keeps_every_hidden_unit_identical():
    s = spec("random-initialisation")
    assert s.init == "zeros"
    trainer = trained(s.trainer_kwargs(), 100)
    snap = trainer.snapshot()
    W1, A1 = snap.params["W1"], snap.cache["A1"]
    assert np.all(W1 == W1[:1])
    assert np.all(A1 == A1[:1])
    assert snap.costs[-1] == pytest.approx(math.log(2), abs=1e-6)  # with tanh nothing moves


def test_equal_starting_units_move_but_stay_equal():
    # W1 all zero, W2 all equal (not zero): the weights change, the rows never part.
    s = spec("random-initialisation")
    X, Y = load_dataset(s.dataset, m=s.m, seed=s.seed)
    acts = ["sigmoid", "sigmoid"]
    params = {"W1": np.zeros((4, 2)), "b1": np.zeros((4, 1)), "W2": np.full((1, 4), 0.5), "b2": np.zeros((1, 1))}
    for _ in range(100):
        params = update(params, backward(params, forward(params, X, acts), Y, acts), 1.2)
    W1 = params["W1"]
    assert np.abs(W1).max() > 1e-3
    assert np.allclose(W1, W1[:1], atol=1e-12)


def test_small_random_init_breaks_symmetry_and_learns():
    runs = compare("random-initialisation")
    small = runs["small_random"]
    assert hidden_unit_spread(small.params) > 0.1
    assert small.costs[-1] < 0.5 * small.costs[0]
    assert runs["zeros"].costs[-1] == pytest.approx(runs["zeros"].costs[0])


def test_large_init_starts_saturated_and_confidently_wrong():
    s = spec("random-initialisation")
    large = trained({**s.trainer_kwargs(), "init": "large_random"}, 1).snapshot()
    small = trained({**s.trainer_kwargs(), "init": "small_random"}, 1).snapshot()
    slope_large = (1 - large.cache["A1"] ** 2).mean()
    slope_small = (1 - small.cache["A1"] ** 2).mean()
    assert slope_large < 0.2 and slope_small > 0.9
    assert (np.abs(large.cache["Z1"]) > 3).mean() > 0.5  # most units on the flat tails
    assert (np.abs(small.cache["Z1"]) > 3).mean() == 0
    assert large.costs[0] > 3 * math.log(2)
    assert small.costs[0] == pytest.approx(math.log(2), abs=0.01)


def test_biases_start_at_zero_and_weights_at_one_hundredth_scale():
    params = init_params([2, 4, 1], init="small_random", seed=2)
    assert not params["b1"].any() and not params["b2"].any()
    assert 0.001 < np.abs(params["W1"]).mean() < 0.03
