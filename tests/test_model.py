"""The model, checked the way a teacher would: shapes, derivatives, finite differences,
and the course's published results."""

import itertools
import math
import types
import warnings

import numpy as np
import pytest

from nn_tutor.model import (
    ACTIVATIONS,
    DATASETS,
    INITS,
    SHOWN,
    ConfigError,
    NetworkConfig,
    Trainer,
    accuracy,
    backward,
    compute_cost,
    decision_grid,
    derivative,
    forward,
    gradient_check,
    init_params,
    load_dataset,
    predict,
    update,
)
from nn_tutor.model.activations import sigmoid, tanh
from nn_tutor.model.demos import hidden_unit_spread


def test_flower_is_the_course_data_set():
    X, Y = load_dataset("flower", m=400, seed=1)
    assert X.shape == (2, 400) and Y.shape == (1, 400)
    assert set(np.unique(Y)) == {0.0, 1.0} and Y.sum() == 200
    # the course's planar data set begins with these points
    np.testing.assert_allclose(X[:, 0], [1.20444229e00, 3.57611415e00], rtol=1e-6)


@pytest.mark.parametrize("name", DATASETS)
def test_every_dataset_has_column_per_example_shapes(name):
    X, Y = load_dataset(name, m=123, seed=3)
    assert X.shape == (2, 123) and Y.shape == (1, 123)
    assert set(np.unique(Y)) <= {0.0, 1.0} and 0 < Y.mean() < 1
    assert np.isfinite(X).all()
    X2, _ = load_dataset(name, m=123, seed=3)
    np.testing.assert_array_equal(X, X2)  # same seed, same data


def test_unknown_dataset_names_the_valid_ones():
    with pytest.raises(ValueError) as err:
        load_dataset("flowers")
    for name in DATASETS:
        assert name in str(err.value)


def test_parameter_shapes_follow_the_notes():
    p = init_params([2, 4, 1], init="small_random", seed=2)
    assert {k: v.shape for k, v in p.items()} == {"W1": (4, 2), "b1": (4, 1), "W2": (1, 4), "b2": (1, 1)}
    assert np.all(p["b1"] == 0) and np.all(p["b2"] == 0)
    assert np.abs(p["W1"]).max() < 0.05  # randn x 0.01


def test_forward_and_backward_shapes():
    X, Y = load_dataset("flower", m=50, seed=1)
    p = init_params([2, 5, 3, 1], init="xavier", seed=1)
    acts = ["tanh", "relu", "sigmoid"]
    cache = forward(p, X, acts)
    assert [cache[f"Z{l}"].shape for l in (1, 2, 3)] == [(5, 50), (3, 50), (1, 50)]
    grads = backward(p, cache, Y, acts)
    for l in (1, 2, 3):
        assert grads[f"dW{l}"].shape == p[f"W{l}"].shape
        assert grads[f"db{l}"].shape == p[f"b{l}"].shape
        assert grads[f"dZ{l}"].shape == cache[f"Z{l}"].shape
        if l > 1:
            assert grads[f"dA{l - 1}"].shape == cache[f"A{l - 1}"].shape
    assert "dA0" not in grads  # the inputs are data, not something to learn


def test_derivatives_at_zero():
    assert derivative("sigmoid", 0.0) == pytest.approx(0.25)
    assert derivative("tanh", 0.0) == pytest.approx(1.0)
    assert derivative("relu", 2.0) == 1.0 and derivative("relu", -2.0) == 0.0
    assert derivative("leaky_relu", -2.0) == pytest.approx(0.01)
    assert derivative("linear", 7.0) == 1.0


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_derivatives_match_finite_differences(name):
    z = np.array([-3.0, -0.7, 0.3, 1.1, 4.0])  # no kinks at 0
    h = 1e-6
    from nn_tutor.model.activations import activate

    numeric = (activate(name, z + h) - activate(name, z - h)) / (2 * h)
    np.testing.assert_allclose(derivative(name, z), numeric, rtol=1e-6, atol=1e-9)


def test_sigmoid_and_cost_are_safe_at_extremes():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = sigmoid(np.array([-1e4, 1e4]))
        assert np.all(np.isfinite(s)) and s[0] == pytest.approx(0.0) and s[1] == 1.0
        assert np.all(np.isfinite(tanh(np.array([-1e4, 1e4]))))
        # a confident wrong answer is costly but finite: never log(0)
        cost = compute_cost(np.array([[0.0, 1.0]]), np.array([[1.0, 0.0]]))
        assert np.isfinite(cost) and cost > 30


def _gradcheck_cases():
    for depth, act, init in itertools.product((1, 2, 3, 4), ACTIVATIONS, INITS):
        if depth == 1 and act != "sigmoid":
            continue  # logistic regression has only the output unit
        yield depth, act, init


@pytest.mark.parametrize("depth,act,init", list(_gradcheck_cases()))
def test_backprop_matches_finite_differences(depth, act, init):
    rng = np.random.RandomState(depth)
    X = rng.randn(2, 12) * 0.5
    Y = (rng.rand(1, 12) > 0.3).astype(float)
    layers = [2] + [3] * (depth - 1) + [1]
    acts = [act] * (depth - 1) + ["sigmoid"]
    p = init_params(layers, init=init, seed=depth)
    if act in ("relu", "leaky_relu") and init != "zeros":
        # move the biases off zero so that no pre-activation sits on ReLU's kink at z = 0
        for l in range(1, depth):
            p[f"b{l}"] = rng.uniform(0.01, 0.02, size=p[f"b{l}"].shape)
        cache = forward(p, X, acts)
        assert min(np.abs(cache[f"Z{l}"]).min() for l in range(1, depth)) > 1e-6
    assert gradient_check(p, X, Y, acts) < 1e-7


def test_course_result_flower_four_tanh_units():
    """The course: 4 tanh hidden units, lr 1.2, 10000 iterations -> about 90% on flower."""
    t = Trainer(
        layers=[2, 4, 1],
        activations=["tanh", "sigmoid"],
        init="small_random",
        dataset="flower",
        learning_rate=1.2,
        seed=1,
    )
    t.run(10000)
    assert t.costs[0] == pytest.approx(0.693, abs=1e-3)
    assert t.costs[1000] == pytest.approx(0.288083, abs=1e-5)  # the course's printed cost
    assert t.accuracy() >= 0.89


def test_logistic_regression_cannot_fit_the_flower():
    t = Trainer(layers=[2, 1], activations=["sigmoid"], dataset="flower", learning_rate=1.2)
    t.run(3000)
    assert t.accuracy() <= 0.55


def test_zero_init_keeps_hidden_units_identical():
    t = Trainer(layers=[2, 4, 1], activations=["tanh", "sigmoid"], init="zeros")
    t.run(1000)
    W1 = t.params["W1"]
    assert hidden_unit_spread(t.params) == 0.0
    assert np.all(W1 == W1[0]) and np.all(t.params["W2"] == t.params["W2"][0, 0])


def test_small_random_init_breaks_symmetry():
    t = Trainer(layers=[2, 4, 1], activations=["tanh", "sigmoid"], init="small_random")
    t.run(1000)
    assert hidden_unit_spread(t.params) > 0.1


@pytest.mark.parametrize(
    "lr,init,act",
    [
        (100.0, "small_random", "tanh"),
        (1.2, "large_random", "tanh"),
        (100.0, "large_random", "relu"),
        (1e3, "he", "relu"),
    ],
)
def test_huge_learning_rate_and_large_init_never_raise(lr, init, act):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        t = Trainer(layers=[2, 4, 4, 1], activations=[act, act, "sigmoid"], init=init, learning_rate=lr)
        t.run(500)
        s = t.snapshot()
    assert s.diverged or np.isfinite(s.cost)
    if s.diverged:
        assert "Diverged" in s.warning


def test_a_nan_cost_is_reported_as_diverged():
    t = Trainer(layers=[2, 4, 1], activations=["relu", "sigmoid"], init="large_random", learning_rate=1e3)
    done = t.run(5000)
    assert t.diverged and done < 5000
    assert t.step_phase() is None  # nothing runs until reset
    t.reset()
    assert not t.diverged and t.iteration == 0


def test_contract_functions_and_trainer_agree():
    X, Y = load_dataset("moons", m=200, seed=4)
    acts = ["relu", "tanh", "sigmoid"]
    p = init_params([2, 6, 3, 1], init="he", seed=5)
    t = Trainer(layers=[2, 6, 3, 1], activations=acts, init="he", seed=4, X=X, Y=Y, learning_rate=0.3)
    for _ in range(50):
        cache = forward(p, X, acts)
        cost = compute_cost(cache["A3"], Y)
        p = update(p, backward(p, cache, Y, acts), 0.3)
    t.run(50)
    np.testing.assert_allclose(t.costs[-1], cost, rtol=1e-9)
    for k in p:
        np.testing.assert_allclose(t.params[k], p[k], rtol=1e-9, atol=1e-12)


def test_update_returns_new_params_and_leaves_the_old():
    p = init_params([2, 3, 1], seed=1)
    g = {f"d{k}": np.ones_like(v) for k, v in p.items()}
    new = update(p, g, learning_rate=0.5)
    np.testing.assert_allclose(new["W1"], p["W1"] - 0.5)
    assert new is not p and not np.shares_memory(new["W1"], p["W1"])


def test_phase_stepping_walks_forward_cost_backward_update():
    t = Trainer()
    seen = [t.step_phase() for _ in range(8)]
    assert seen == ["forward", "cost", "backward", "update"] * 2
    assert t.iteration == 2
    s = t.snapshot()
    assert s.phase == "update" and s.next_phase == "forward"
    t.step_phase()
    t.step()  # finishes the iteration that was begun
    assert t.iteration == 3 and t.next_phase == "forward"


def test_phases_expose_what_they_produced():
    t = Trainer()
    t.step_phase()
    s = t.snapshot()
    assert s.cache["A2"].shape == (1, SHOWN) and s.batch_m == 400 and s.cost is None and not s.grads
    t.step_phase()
    assert t.snapshot().cost == pytest.approx(0.693048, abs=1e-6)
    t.step_phase()
    s = t.snapshot()
    assert set(s.grads) >= {"dZ2", "dW2", "db2", "dA1", "dZ1", "dW1", "db1"} and len(s.grad_norms) == 2
    t.step_phase()
    t.step_phase()  # the next forward pass: the gradients shown are still the latest backward's
    s2 = t.snapshot()
    assert s2.grad_norms == s.grad_norms and np.array_equal(s2.stats["dZ1"][0], s.stats["dZ1"][0])
    assert s2.cache["Z1"][0, 0] != s.cache["Z1"][0, 0]


def test_snapshots_are_immutable_copies():
    t = Trainer()
    t.run(3)
    s = t.snapshot()
    w = s.params["W1"].copy()
    t.run(3)
    np.testing.assert_array_equal(s.params["W1"], w)
    with pytest.raises(ValueError):
        s.params["W1"][0, 0] = 1.0
    with pytest.raises(TypeError):
        s.params["W1"] = w
    assert len(s.costs) == 3 and len(t.costs) == 6


def test_reset_gives_the_same_run_again():
    t = Trainer(batch=16)
    t.run(40)
    first = t.costs.copy()
    t.reset()
    t.run(40)
    np.testing.assert_array_equal(t.costs, first)


def same_state(a, b):
    """Two trainers show the same thing, array for array."""
    sa, sb = a.snapshot(), b.snapshot()
    for name in ("iteration", "phase", "next_phase", "epoch", "cost", "cost_iteration", "accuracy", "diverged"):
        assert getattr(sa, name) == getattr(sb, name), name
    assert sa.warning == sb.warning and sa.batch_m == sb.batch_m and sa.grad_norms == sb.grad_norms
    for name in ("costs", "params", "cache", "grads", "stats"):
        x, y = getattr(sa, name), getattr(sb, name)
        if isinstance(x, dict):
            assert x.keys() == y.keys(), name
            for k in x:
                np.testing.assert_array_equal(x[k], y[k], err_msg=f"{name}[{k}]")
        else:
            np.testing.assert_array_equal(x, y, err_msg=name)


@pytest.mark.parametrize(
    "settings",
    [
        {},
        {"layers": [2, 6, 3, 1], "activations": ["relu", "tanh", "sigmoid"], "init": "he", "cost": "mse"},
        {"layers": [2, 5, 3], "activations": ["tanh", "softmax"], "dataset": "spiral", "classes": 3},
        {"activations": ["relu", "sigmoid"], "init": "large_random", "learning_rate": 1000.0},  # diverges
    ],
)
def test_running_leaves_the_state_that_stepping_does(settings):
    stepped, ran = Trainer(**settings), Trainer(**settings)
    for _ in range(30):
        stepped.step()
    ran.run(12)
    ran.snapshot()  # a look in between changes nothing
    ran.run(18)
    same_state(stepped, ran)
    stepped.step_phase()  # from the middle of an iteration: run finishes it first
    ran.step_phase()
    stepped.step()
    for _ in range(5):
        stepped.step()
    ran.run(5)
    same_state(stepped, ran)


def test_run_stops_when_asked_after_a_whole_iteration():
    t = Trainer()
    assert t.run(100, should_stop=lambda: t.iteration >= 7) == 7
    assert t.iteration == 7 and t.last_phase == "update" and len(t.costs) == 7


def test_sgd_is_noisier_than_full_batch():
    full = Trainer(batch="full", learning_rate=0.5)
    sgd = Trainer(batch="sgd", learning_rate=0.5)
    full.run(400)
    sgd.run(400)
    assert sgd.batch_size == 1 and full.batch_size == 400
    assert np.std(np.diff(sgd.costs)) > 10 * np.std(np.diff(full.costs))


def test_mini_batches_cover_an_epoch():
    t = Trainer(batch=100)
    t.run(4)
    assert t.snapshot().epoch == 1.0 and t.snapshot().batch_m == 100


def test_a_partial_last_batch_counts_as_its_fraction_of_an_epoch():
    t = Trainer(batch=128)  # 400 = 128 + 128 + 128 + 16
    t.run(3)
    assert t.snapshot().epoch == pytest.approx(384 / 400)
    t.run(1)
    assert t.snapshot().batch_m == 16 and t.snapshot().epoch == 1.0
    t.run(1)
    assert t.snapshot().epoch == pytest.approx(528 / 400)


@pytest.mark.parametrize(
    "bad",
    [
        dict(batch=0),
        dict(batch="half"),
        dict(learning_rate=0),
        dict(learning_rate=float("nan")),
        dict(init="tiny"),
        dict(activations=["tanh", "relu"]),
        dict(layers=[3, 4, 1]),
        dict(activations=["tanh"]),
        dict(dataset="flowers"),
    ],
)
def test_bad_settings_are_clear_value_errors(bad):
    with pytest.raises(ValueError):
        Trainer(**bad)


def test_trainer_gradient_check_on_current_params():
    t = Trainer()
    t.run(100)
    assert t.gradient_check() < 1e-7


def test_large_init_warns_of_saturation_but_a_trained_network_does_not():
    large = Trainer(init="large_random")
    large.run(3)
    assert "saturated" in large.snapshot().warning
    trained = Trainer()
    trained.run(800)
    assert trained.snapshot().warning == ""


# -- the Trainer on a NetworkConfig, and its snapshot as the panel receives it -----------------


def test_a_trainer_is_built_from_a_config_or_from_its_fields():
    config = NetworkConfig(layers=(2, 5, 1), activations=("relu", "sigmoid"), init="he", seed=3)
    by_config, by_fields = (
        Trainer(config),
        Trainer(layers=[2, 5, 1], activations=["relu", "sigmoid"], init="he", seed=3),
    )
    assert by_config.config == by_fields.config == config
    by_config.run(20)
    by_fields.run(20)
    np.testing.assert_array_equal(by_config.costs, by_fields.costs)
    changed = Trainer(config, learning_rate=0.1)
    assert changed.learning_rate == 0.1 and changed.layers == (2, 5, 1)
    assert by_config.replace(batch=50).batch_size == 50 and by_config.replace(batch=50).iteration == 0


@pytest.mark.parametrize(
    "bad,field",
    [
        (dict(learning_rate=1e6), "learning_rate"),
        (dict(seed=-1), "seed"),
        (dict(batch=401), "batch"),
        (dict(activations=["tanh", "relu"]), "activations[1]"),
    ],
)
def test_bad_settings_name_their_field(bad, field):
    with pytest.raises(ConfigError) as err:
        Trainer(**bad)
    assert err.value.field == field and str(err.value).startswith(field + ":")


def test_data_given_must_fit_the_input_layer():
    X, Y = load_dataset("moons", m=50, seed=1)
    with pytest.raises(ConfigError, match="layers\\[0\\]: is 3 but the data has 2 features"):
        Trainer(layers=[3, 4, 1], X=X, Y=Y)
    t = Trainer(X=X, Y=Y)
    assert t.m == 50
    np.testing.assert_array_equal(t.replace(learning_rate=0.5).X, X)


def test_set_learning_rate_is_checked_and_shown_in_the_snapshot():
    t = Trainer()
    t.set_learning_rate(0.3)
    assert t.snapshot().learning_rate == 0.3 and t.config.learning_rate == 0.3
    with pytest.raises(ConfigError):
        t.set_learning_rate(float("inf"))
    assert t.learning_rate == 0.3


def test_snapshot_cuts_batch_arrays_to_their_first_columns_and_keeps_whole_batch_stats():
    t = Trainer(layers=[2, 6, 3, 1], activations=["relu", "tanh", "sigmoid"], init="he", batch=100)
    t.run(2)
    for _ in range(3):
        t.step_phase()  # forward, cost, backward of iteration 2
    s = t.snapshot()
    cache = forward(t.params, s.cache["A0"], list(s.activations))  # params are unchanged since then
    for key, value in t.cache.items():
        assert s.cache[key].shape == (value.shape[0], SHOWN)
        np.testing.assert_array_equal(s.cache[key], value[:, :SHOWN])
        np.testing.assert_allclose(s.cache[key], cache[key][:, :SHOWN], rtol=1e-12)
    for key in ["A0", "Z1", "A1", "Z2", "A2", "Z3", "A3", "dZ1", "dZ2", "dZ3"]:
        full = t.cache[key] if key in t.cache else t.grads[key]
        assert full.shape[1] == 100 == s.batch_m
        mean, lo, hi = s.stats[key]
        np.testing.assert_allclose(mean, full.mean(axis=1), rtol=1e-12, atol=1e-15)
        np.testing.assert_array_equal(lo, full.min(axis=1))
        np.testing.assert_array_equal(hi, full.max(axis=1))
    assert s.grads["dW2"].shape == (3, 6) and s.grads["dZ1"].shape == (6, SHOWN)
    assert s.grads["dA2"].shape == (3, SHOWN) and s.cost_iteration == 2 and s.iteration == 2


@pytest.mark.parametrize("hidden,batch", [("tanh", "full"), ("relu", "full"), ("leaky_relu", 64), ("linear", "full")])
def test_stats_read_after_the_update_belong_to_the_forward_pass_before_it(hidden, batch):
    # the update changes W and b, and the next full-batch forward pass runs at once; the stats
    # shown are still those of the arrays in the snapshot, over the whole batch
    t = Trainer(layers=[2, 7, 5, 1], activations=[hidden, "tanh", "sigmoid"], init="xavier", batch=batch)
    t.run(3)
    t.step()
    s = t.snapshot()
    assert s.phase == "update" and s.cost_iteration == 3
    for key in ["A0", "Z1", "A1", "Z2", "A2", "Z3", "A3", "dZ1", "dZ2", "dZ3"]:
        full = t.cache[key] if key in t.cache else t.grads[key]
        mean, lo, hi = s.stats[key]
        np.testing.assert_allclose(mean, full.mean(axis=1), rtol=1e-12, atol=1e-15)
        np.testing.assert_array_equal(lo, full.min(axis=1))
        np.testing.assert_array_equal(hi, full.max(axis=1))
    again = forward(dict(s.params), s.X, list(s.activations))  # the accuracy: current parameters
    assert s.accuracy == np.mean((again["A3"] > 0.5) == (s.Y > 0.5))


def test_stats_of_a_diverged_network_are_the_same_infinities_and_nans_without_a_warning():
    X, Y = load_dataset("flower", m=400, seed=1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        t = Trainer(
            layers=[2, 4, 1],
            activations=["linear", "sigmoid"],
            init="large_random",
            learning_rate=1000,
            X=X * 1e150,
            Y=Y,
        )
        t.run(10)
        s = t.snapshot()
    assert s.diverged and "Diverged" in s.warning and not np.isfinite(s.stats["Z1"][0]).any()
    with np.errstate(all="ignore"):
        for key, (mean, lo, hi) in s.stats.items():
            full = t.cache[key] if key in t.cache else t.grads[key]
            np.testing.assert_allclose(mean, full.mean(axis=1), rtol=1e-12)  # NaN where NaN
            np.testing.assert_array_equal(lo, full.min(axis=1))
            np.testing.assert_array_equal(hi, full.max(axis=1))


def test_bad_activation_names_are_refused_on_every_call():
    p = init_params([2, 3, 1], seed=1)
    X, Y = np.ones((2, 4)), np.ones((1, 4))
    cache = forward(p, X, ["tanh", "sigmoid"])  # the good names, checked once
    for _ in range(2):  # a bad name, every time it is given
        with pytest.raises(ValueError, match="unknown hidden activation 'tahn'"):
            forward(p, X, ["tahn", "sigmoid"])
        with pytest.raises(ValueError, match="unknown activation 'sigmod'"):
            backward(p, cache, Y, ["tanh", "sigmod"])
    with pytest.raises(ValueError, match="need 2 activations"):
        forward(p, X, ["tanh"])
    with pytest.raises(ValueError, match="activations must be names"):
        forward(p, X, [["tanh"], "sigmoid"])


def test_forward_with_whole_number_weights_and_inputs_still_adds_a_fractional_bias():
    p = {"W1": np.array([[1, 2]]), "b1": np.array([[0.5]])}
    cache = forward(p, np.array([[1], [3]]), ["linear"])
    assert cache["Z1"][0, 0] == 7.5 and cache["A1"][0, 0] == 7.5


def test_stats_over_many_columns_match_numpy():
    from nn_tutor.model.snapshot import row_stats

    A = np.random.RandomState(0).randn(3, 10_001)
    A[1, 9000] = np.nan
    mean, lo, hi = row_stats(A)
    np.testing.assert_allclose(mean[[0, 2]], A[[0, 2]].mean(axis=1), rtol=1e-12)
    assert np.isnan(mean[1]) and np.isnan(lo[1]) and np.isnan(hi[1])
    assert lo[0] == A[0].min() and hi[2] == A[2].max()


@pytest.mark.parametrize("helper", ["a thread", "no thread"])
def test_stats_of_a_large_array_match_numpy_with_its_max_taken_beside_its_min(monkeypatch, helper):
    import nn_tutor.model.snapshot as snap

    if helper == "no thread":  # a process that can start none: the max is taken after the min

        def refuse(*args, **kwargs):
            raise RuntimeError("can't start new thread")

        monkeypatch.setattr(snap, "_helper", types.SimpleNamespace(submit=refuse))
    A = np.random.RandomState(1).randn(50, 12_000)  # over SIDE_BY_SIDE values
    assert A.size >= snap.SIDE_BY_SIDE
    A[3, 5] = np.nan
    A[7, 11_000], A[8, 0] = np.inf, -np.inf
    mean, lo, hi = snap.row_stats(A, mean=lambda: pytest.fail("the mean of a row with NaN is read"))
    with np.errstate(all="ignore"):
        np.testing.assert_array_equal(lo, A.min(axis=1))  # NaN where NaN, ±inf where they are
        np.testing.assert_array_equal(hi, A.max(axis=1))
        np.testing.assert_allclose(mean, A.mean(axis=1), rtol=1e-12)


def test_cost_belongs_to_the_forward_pass_before_the_update():
    t = Trainer()
    t.step()
    s = t.snapshot()
    assert s.iteration == 1 and s.cost_iteration == 0 and s.cost == pytest.approx(0.693048, abs=1e-6)
    assert s.costs[0] == s.cost


def test_accuracy_is_none_before_a_forward_pass_and_computed_once_per_parameter_change():
    calls = []

    def counting_forward(params, X, activations):
        calls.append(X.shape[1])
        return forward(params, X, activations)

    net = types.SimpleNamespace(
        init_params=init_params, forward=counting_forward, compute_cost=compute_cost, backward=backward, update=update
    )
    t = Trainer(network=net, batch=50)
    assert t.snapshot().accuracy is None and calls == []
    t.step()
    for _ in range(3):
        s = t.snapshot()
    assert calls == [50, 400]  # one batch forward, one for the accuracy
    assert s.accuracy == accuracy(t.params, t.X, t.Y, ["tanh", "sigmoid"])
    full = Trainer(network=net)
    calls.clear()
    full.step_phase()
    full.snapshot()
    assert calls == [400]  # the whole-set forward pass gives the accuracy with the same parameters
    full.step()  # the update phase runs the next iteration's forward pass at once...
    assert calls == [400, 400]
    full.snapshot()
    full.step()  # ...which the accuracy reads and that iteration reuses: one a step
    assert calls == [400, 400, 400] and full.snapshot().accuracy == accuracy(
        full.params, full.X, full.Y, ["tanh", "sigmoid"]
    )
    plain = Trainer()
    plain.run(2)
    np.testing.assert_array_equal(full.costs, plain.costs)
    np.testing.assert_array_equal(full.params["W1"], plain.params["W1"])


def test_a_swapped_network_is_the_one_that_runs():
    seen = []

    def my_update(params, grads, learning_rate):
        seen.append(learning_rate)
        return update(params, grads, learning_rate)

    net = types.SimpleNamespace(
        init_params=init_params, forward=forward, compute_cost=compute_cost, backward=backward, update=my_update
    )
    t = Trainer(network=net, learning_rate=0.7)
    t.run(3)
    assert seen == [0.7] * 3 and t.replace(seed=5).network is net


def test_snapshot_is_read_only_and_survives_the_wire():
    from nn_tutor.sandbox import wire
    from nn_tutor.session import messages  # noqa: F401 - registers the Snapshot

    t = Trainer(batch=64)
    t.run(2)
    t.step_phase()
    s = t.snapshot()
    copy = wire.decode(wire.encode(s))
    assert copy.config == s.config and copy.iteration == 2 and copy.batch_m == 64
    for snap in (s, copy):
        with pytest.raises(TypeError):
            snap.stats["Z1"] = None
        with pytest.raises(ValueError):
            snap.cache["Z1"][0, 0] = 1.0
        with pytest.raises(ValueError):
            snap.stats["Z1"][0][0] = 1.0
        with pytest.raises(ValueError):
            snap.costs[0] = 1.0
        with pytest.raises(ValueError):
            snap.X[0, 0] = 1.0
    np.testing.assert_array_equal(copy.cache["Z1"], s.cache["Z1"])
    assert len(wire.encode(s)) < 64_000  # mostly X and Y
    assert len(wire.encode(t.snapshot(costs_from=2, data=False))) < 8_000


# -- squared error and softmax (DESIGN.md, "Extensions") ----------------------------------------


def _loop_gradients(params, X, Y, out, cost):
    """The 2-layer tanh network's cost and gradients one example at a time with Python floats,
    through softmax's full Jacobian (no dZ = A − Y shortcut): an independent check."""
    W1, b1, W2, b2 = (params[k].tolist() for k in ("W1", "b1", "W2", "b2"))
    (n_h, n_x), K, m = params["W1"].shape, len(W2), X.shape[1]
    J = 0.0
    g = {k: [[0.0] * len(row) for row in params[k].tolist()] for k in params}
    for i in range(m):
        x, y = X[:, i].tolist(), Y[:, i].tolist()
        a1 = [math.tanh(sum(W1[j][k] * x[k] for k in range(n_x)) + b1[j][0]) for j in range(n_h)]
        z2 = [sum(W2[c][j] * a1[j] for j in range(n_h)) + b2[c][0] for c in range(K)]
        if out == "softmax":
            e = [math.exp(z - max(z2)) for z in z2]
            a2 = [v / sum(e) for v in e]
        else:
            a2 = [1 / (1 + math.exp(-z2[0]))]
        if cost == "mse":
            J += sum(0.5 * (a - t) ** 2 for a, t in zip(a2, y)) / m
            da2 = [a - t for a, t in zip(a2, y)]
        elif out == "softmax":
            J += -sum(t * math.log(a) for a, t in zip(a2, y)) / m
            da2 = [-t / a for a, t in zip(a2, y)]
        else:
            J += -(y[0] * math.log(a2[0]) + (1 - y[0]) * math.log(1 - a2[0])) / m
            da2 = [-y[0] / a2[0] + (1 - y[0]) / (1 - a2[0])]
        if out == "softmax":  # ∂a_k/∂z_c = a_k (δ_kc − a_c)
            dz2 = [sum(da2[k] * a2[k] * ((k == c) - a2[c]) for k in range(K)) for c in range(K)]
        else:
            dz2 = [da2[0] * a2[0] * (1 - a2[0])]
        for c in range(K):
            g["b2"][c][0] += dz2[c] / m
            for j in range(n_h):
                g["W2"][c][j] += dz2[c] * a1[j] / m
        for j in range(n_h):
            dz1 = sum(W2[c][j] * dz2[c] for c in range(K)) * (1 - a1[j] ** 2)
            g["b1"][j][0] += dz1 / m
            for k in range(n_x):
                g["W1"][j][k] += dz1 * x[k] / m
    return J, {"d" + k: np.array(v) for k, v in g.items()}


@pytest.mark.parametrize(
    "out,cost,K",
    [
        ("sigmoid", "mse", 1),
        ("softmax", "cross_entropy", 3),
        ("sigmoid", "cross_entropy", 1),
        ("softmax", "cross_entropy", 4),
    ],
)
def test_cost_and_gradients_match_an_example_by_example_loop(out, cost, K):
    rng = np.random.RandomState(K)
    X = rng.randn(2, 9)
    Y = (rng.rand(1, 9) > 0.5).astype(float) if K == 1 else np.eye(K)[:, rng.randint(0, K, 9)]
    p = init_params([2, 3, K], init="xavier", seed=K)
    acts = ["tanh", out]
    extra = {} if cost == "cross_entropy" else {"cost": cost}
    cache = forward(p, X, acts)
    grads = backward(p, cache, Y, acts, **extra)
    J, expected = _loop_gradients(p, X, Y, out, cost)
    assert compute_cost(cache["A2"], Y, **extra) == pytest.approx(J, rel=1e-12)
    for key, value in expected.items():
        np.testing.assert_allclose(grads[key], value, rtol=1e-9, atol=1e-14)


def test_mse_cost_is_half_the_mean_squared_error():
    A, Y = np.array([[0.9, 0.2, 0.5]]), np.array([[1.0, 0.0, 0.0]])
    assert compute_cost(A, Y, cost="mse") == pytest.approx((0.01 + 0.04 + 0.25) / 2 / 3)
    with pytest.raises(ValueError, match="unknown cost"):
        compute_cost(A, Y, cost="hinge")


def test_a_confidently_wrong_neuron_learns_under_cross_entropy_but_barely_under_mse():
    p = {"W1": np.array([[-4.0]]), "b1": np.array([[0.0]])}
    X, Y = np.array([[2.0]]), np.array([[1.0]])  # a = σ(−8) ≈ 0.0003, y = 1
    cache = forward(p, X, ["sigmoid"])
    ce = backward(p, cache, Y, ["sigmoid"])["dZ1"][0, 0]
    mse = backward(p, cache, Y, ["sigmoid"], cost="mse")["dZ1"][0, 0]
    a = cache["A1"][0, 0]
    assert ce == pytest.approx(a - 1) and mse == pytest.approx((a - 1) * a * (1 - a))
    assert abs(mse) < abs(ce) / 1000


def test_softmax_columns_sum_to_one_even_for_huge_inputs():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        p = {"W1": np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]), "b1": np.zeros((3, 1))}
        X = np.array([[1000.0, -1000.0, 0.0, 1e300], [999.0, 5.0, 0.0, -1e300]])
        A = forward(p, X, ["softmax"])["A1"]
    assert np.all(np.isfinite(A)) and np.allclose(A.sum(axis=0), 1.0)
    np.testing.assert_allclose(A[:, 2], [1 / 3] * 3)
    assert A[2, 0] == pytest.approx(1 / (1 + math.exp(-999)))  # z = (1000, 999, 1999)


def test_softmax_cost_is_minus_the_log_of_the_right_class():
    A = np.array([[0.7, 0.1], [0.2, 0.1], [0.1, 0.8]])
    Y = np.array([[1.0, 0.0], [0.0, 0.0], [0.0, 1.0]])
    assert compute_cost(A, Y) == pytest.approx(-(math.log(0.7) + math.log(0.8)) / 2)


@pytest.mark.parametrize(
    "depth,act,out,cost",
    [
        (depth, act, out, cost)
        for depth in (1, 2, 3)
        for act in (ACTIVATIONS if depth > 1 else ["tanh"])
        for out, cost in (("sigmoid", "mse"), ("softmax", "cross_entropy"))
    ],
)
def test_mse_and_softmax_gradients_match_finite_differences(depth, act, out, cost):
    rng = np.random.RandomState(depth)
    K = 1 if out == "sigmoid" else 3
    X = rng.randn(2, 10) * 0.5
    Y = (rng.rand(1, 10) > 0.4).astype(float) if K == 1 else np.eye(K)[:, rng.randint(0, K, 10)]
    layers = [2] + [4] * (depth - 1) + [K]
    p = init_params(layers, init="xavier", seed=depth)
    for l in range(1, depth):  # keep pre-activations off ReLU's kink at 0
        p[f"b{l}"] = rng.uniform(0.05, 0.1, size=p[f"b{l}"].shape)
    acts = [act] * (depth - 1) + [out]
    assert gradient_check(p, X, Y, acts, cost=cost) < 1e-7


def test_backward_refuses_an_output_it_has_no_gradient_for():
    p = init_params([2, 3, 3], seed=1)
    X, Y = np.ones((2, 4)), np.eye(3)[:, [0, 1, 2, 0]]
    cache = forward(p, X, ["tanh", "softmax"])
    with pytest.raises(ValueError, match="softmax"):
        backward(p, cache, Y, ["tanh", "softmax"], cost="mse")
    with pytest.raises(ValueError, match="sigmoid"):
        backward(init_params([2, 1]), forward(init_params([2, 1]), X, ["relu"]), Y[:1], ["relu"])


def test_the_spiral_has_one_arm_per_class():
    X, Y = load_dataset("spiral", m=300, seed=1, classes=3)
    assert X.shape == (2, 300) and Y.shape == (3, 300)
    assert set(np.unique(Y)) == {0.0, 1.0} and np.all(Y.sum(axis=0) == 1)
    np.testing.assert_array_equal(Y.sum(axis=1), [100, 100, 100])
    X2, Y2 = load_dataset("spiral", m=300, seed=1)
    assert Y2.shape == (1, 300)
    np.testing.assert_array_equal(X2, load_dataset("spiral", m=300, seed=1, classes=2)[0])
    with pytest.raises(ValueError, match="only spiral"):
        load_dataset("moons", classes=3)


def test_accuracy_and_predict_take_the_largest_output_for_k_classes():
    p = {"W1": np.eye(3) * 5, "b1": np.zeros((3, 1))}
    X = np.eye(3)[:, [2, 0, 1, 1]]
    Y = np.eye(3)[:, [2, 0, 1, 0]]
    np.testing.assert_array_equal(predict(p, X, ["softmax"]), [[2, 0, 1, 1]])
    assert accuracy(p, X, Y, ["softmax"]) == 0.75
    p2 = {"W1": np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0]]), "b1": np.zeros((3, 1))}
    xs, ys, P = decision_grid(p2, X[:2], ["softmax"], nx=5, ny=4)
    assert P.shape == (3, 4, 5) and np.allclose(P.sum(axis=0), 1.0)


def test_a_three_class_network_learns_the_spiral():
    t = Trainer(
        layers=[2, 50, 3], activations=["relu", "softmax"], init="he", learning_rate=1.0, dataset="spiral", classes=3
    )
    assert t.Y.shape == (3, 400)
    t.run(1500)
    assert t.costs[0] == pytest.approx(math.log(3), abs=0.1) and t.costs[-1] < 0.3
    assert t.accuracy() > 0.9 and t.gradient_check() < 1e-6
    assert t.snapshot().cache["A2"].shape == (3, SHOWN)


def test_a_network_trains_with_squared_error():
    t = Trainer(cost="mse")
    t.step_phase()
    t.step_phase()
    assert t.cost == pytest.approx(0.125, abs=1e-3)  # ½(0.5 − y)² at the start
    t.run(3000)
    assert t.costs[-1] < 0.07 and t.accuracy() > 0.85 and t.gradient_check() < 1e-7
    assert t.snapshot().cost_name == "mse"


def test_compare_can_vary_hidden_units_and_cost():
    from nn_tutor.model.compare import compare_configs
    from nn_tutor.model.demos import compare_runs

    config = NetworkConfig()
    runs = dict(compare_configs(config, "hidden", [1, 5]))
    assert runs[1].layers == (2, 1, 1) and runs[5].layers == (2, 5, 1)
    results = compare_runs(config, "cost", ["cross_entropy", "mse"], iterations=5)
    assert results["cost=mse"]["costs"][0] == pytest.approx(0.125, abs=1e-3)
    assert results["cost=cross_entropy"]["costs"][0] == pytest.approx(0.693, abs=1e-3)
    softmax = NetworkConfig(layers=(2, 4, 3), activations=("tanh", "softmax"), dataset="spiral", classes=3)
    runs = dict(compare_configs(softmax, "activation", ["relu"]))
    assert runs["relu"].activations == ("relu", "softmax")


@pytest.mark.parametrize(
    "ratio, text",
    [
        (3.2, "3.2×"),
        (99.9, "100×"),
        (450.3, "450×"),
        (4512, "4 500×"),
        (45123, "45 000×"),
        (3.1e6, "3.1 million×"),
        (2e15, "10¹⁵×"),
        (float("inf"), "infinitely"),
    ],
)
def test_a_ratio_in_a_warning_reads_as_plain_words(ratio, text):
    from nn_tutor.model.advice import times

    assert times(ratio) == text


def test_the_vanishing_warning_writes_its_ratio_without_exponent_notation():
    from nn_tutor.model import Trainer

    trainer = Trainer(layers=[2] + [8] * 9 + [1], activations=["sigmoid"] * 10, m=100)
    trainer.run(3)
    warning = trainer.snapshot().warning
    assert "Vanishing gradients" in warning and "e+" not in warning


def test_each_activation_record_says_its_slope_and_whether_it_rises():
    from nn_tutor.model.activations import TABLE

    z = np.linspace(-6, 6, 241)
    for name in ACTIVATIONS:
        act = TABLE[name]
        assert "{l}" in act.slope_text or act.slope_text == "1", name  # the backward pass writes it for layer l
        a = act.g(z)
        assert act.rising == bool(np.all(np.diff(a) >= 0)), name
