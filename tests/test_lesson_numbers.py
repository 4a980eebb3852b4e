"""The numbers a learner checks, each at the lesson's own settings, and the lessons' order:
nothing is used before the lesson that teaches it."""

import itertools
import math
import re

import numpy as np
import pytest

from nn_tutor.cli import main
from nn_tutor.lessons import load_lessons
from nn_tutor.model import Trainer, forward
from nn_tutor.model.demos import compare_runs

LESSONS = {lesson.id: lesson for lesson in load_lessons()[0]}
ORDER = list(LESSONS)  # the course order (one load: it parses every lesson)


def spec(lesson_id):
    return LESSONS[lesson_id].panel


def text(lesson_id) -> str:
    """The lesson's markdown with every run of white space made one space."""
    return " ".join(LESSONS[lesson_id].body.split())


def said(lesson_id, words) -> bool:
    return " ".join(words.split()) in text(lesson_id)


def trained(lesson_id, iterations, **changes):
    trainer = Trainer(spec(lesson_id).config, **changes)
    trainer.run(iterations)
    return trainer


# --- 09 -------------------------------------------------------------------------------


def test_09_cross_entropy_is_above_90_percent_at_12_and_all_right_from_261():
    trainer = Trainer(spec("why-cross-entropy").config)
    accuracy = []
    for _ in range(1000):
        trainer.run(1)
        accuracy.append(trainer.accuracy())
    accuracy = np.array(accuracy)
    assert np.argmax(accuracy > 0.9) + 1 == 12
    assert np.argmax(accuracy == 1.0) + 1 == 261 and accuracy[260:].min() == 1.0
    assert said("why-cross-entropy", "above 90% right after 12 iterations")
    assert said("why-cross-entropy", "every point right from iteration 261 on")


def test_09_the_shell_command_shows_squared_error_escaping_after_7000(capsys):
    command = re.search(r"nn-tutor (train [^\n]*)", LESSONS["why-cross-entropy"].body).group(1)
    assert main(command.split() + ["--iterations", "10000"]) == 0
    lines = capsys.readouterr().out.splitlines()
    cost = {int(line.split()[1]): float(line.split()[3]) for line in lines[:10]}
    assert f"{cost[0]:.4f}" == "0.4987" and f"{cost[5000]:.4f}" == "0.4986"
    assert f"{cost[7000]:.3f}" == "0.491" and f"{cost[8000]:.3f}" == "0.046"
    assert "training accuracy 99.25%" in lines[-1]
    # the same unit from the same start as the panel's squared-error run
    panel = trained("why-cross-entropy", 1, cost="mse")
    assert panel.costs[0] == pytest.approx(cost[0], abs=5e-7)
    assert said(
        "why-cross-entropy",
        "0.4987 at iteration 0, still 0.4986 at 5000 and 0.491 at 7000,"
        " then 0.046 at 8000; after 10 000 iterations 99.25% of the points are right",
    )


# --- 16 -------------------------------------------------------------------------------


def test_16_quotes_the_gradient_norms_view_as_it_prints_after_one_step():
    from nn_tutor.ui.views.frame import Frame
    from nn_tutor.ui.views.text import GradNormsView

    shown = GradNormsView().text(Frame(trained("vanishing-gradients", 1).snapshot()))
    for line in ("‖dW1‖ / ‖dW5‖ = 0.002217", "layer 1's gradient is 450× smaller than layer 5's"):
        assert line in shown
        assert said("vanishing-gradients", f'"{line}"')


# --- 19 -------------------------------------------------------------------------------


def exact_cross_entropy(trainer) -> tuple[float, int]:
    """The cross-entropy without the cap on each loss, from z (log(1 + e^−z) never
    overflows), and how many examples' losses are above the cap."""
    cache = forward(trainer.params, trainer.X, list(trainer.activations))
    Z, Y = cache[f"Z{len(trainer.params) // 2}"], trainer.Y
    losses = np.logaddexp(0, -Z) * Y + np.logaddexp(0, Z) * (1 - Y)
    return float(losses.mean()), int((losses > -math.log(1e-15)).sum())


def test_19_the_large_start_cost_is_clipped_and_the_exact_one_is_said():
    large = Trainer(spec("random-initialisation").config, init="large_random")
    exact, capped = exact_cross_entropy(large)
    assert f"{exact:.2f}" == "13.57" and capped == 103
    large.run(1)
    assert large.costs[0] == pytest.approx(12.9, abs=0.05)  # what the panel shows
    after_one, _ = exact_cross_entropy(large)
    assert f"{after_one:.2f}" == "12.44"
    assert -math.log(1e-15) == pytest.approx(34.5, abs=0.05)
    for words in (
        "caps each example's loss at −log(10⁻¹⁵) ≈ 34.5",
        "103 of the 400 examples hit the cap; the exact cross-entropy is 13.57",
        "at 12.3 (1.09 on its log₁₀ axis; exactly, 12.44)",
    ):
        assert said("random-initialisation", words)


def test_19_the_weights_grow_more_than_threefold_twice_then_by_about_1_75():
    trainer = Trainer(spec("random-initialisation").config, init="small_random")
    norms = []
    for k in (0, 50, 100, 150, 200):
        trainer.run(k - trainer.iteration)
        norms.append(float(np.linalg.norm(trainer.params["W2"])))
    growth = [b / a for a, b in itertools.pairwise(norms)]
    assert growth[0] > 3 and growth[1] > 3
    assert growth[2:] == pytest.approx([1.75, 1.75], abs=0.02)
    assert said(
        "random-initialisation",
        "more than three times larger in each of the first two"
        " spans of 50 iterations and about 1.75 times in each of the next two",
    )
    assert not said("random-initialisation", "three times larger every 50 iterations")


# --- 20 -------------------------------------------------------------------------------


@pytest.mark.slow
def test_20_more_units_hardly_move_the_accuracy_within_5000_iterations():
    s = spec("hidden-units")
    assert s.compare["iterations"] == 5000
    runs = compare_runs(s.config, "hidden", [4, 5, 20], 5000)
    accuracy = [run["accuracy"] for run in runs.values()]
    assert accuracy == pytest.approx([0.905, 0.9125, 0.905])
    assert all(0.9 <= a <= 0.915 for a in accuracy)
    assert said("hidden-units", "4, 5 and 20 units also end between 90% and 91.5%")
    assert not said("hidden-units", "no boundary can put every point right")


@pytest.mark.slow
def test_20_fifty_units_reach_93_percent_after_30000_iterations():
    runs = compare_runs(spec("hidden-units").config, "hidden", [50], 30_000)
    assert next(iter(runs.values()))["accuracy"] == pytest.approx(0.93)
    assert said("hidden-units", "50 units reach 93% only after 30 000 iterations")


# --- 12 -------------------------------------------------------------------------------


def test_12_the_matrix_time_is_the_best_warm_run(monkeypatch):
    """A cold first call (memory to allocate) and a busy moment must not show as the
    matrix version's time, or the ratio seems to fall as m grows."""
    from nn_tutor.model import demos, init_params

    now = [0.0]
    calls = []
    real_forward = demos.forward

    def forward_taking(params, X, activations):
        calls.append(X.shape[1])
        now[0] += {1: 1.0, 3: 0.5}.get(len(calls), 0.001)  # cold, then one slow moment
        return real_forward(params, X, activations)

    def clock():  # every reading a little later, and a call of forward as it says
        now[0] += 1e-4
        return now[0]

    monkeypatch.setattr(demos, "forward", forward_taking)
    monkeypatch.setattr(demos, "MIN_SECONDS", 0.002)
    params = init_params([2, 4, 1], init="small_random", seed=1)
    result = demos.time_forward(params, ["tanh", "sigmoid"], 1000, budget=0.1, clock=clock)
    assert len(calls) >= demos.MIN_RUNS + 1
    assert result["matrix_seconds"] == pytest.approx(0.0011, abs=2e-4)  # not 1 s, not 0.5 s
    assert said("vectorisation", "Each matrix time is the best of several runs, after one run to warm up")
    assert not said("vectorisation", "200× to 400×")


# --- 03: the nudge view's "Try it", step by step in the order written --------------------


def test_03_every_try_it_step_reads_true_in_order_from_the_start():
    from nn_tutor.ui.views.nudge import NudgeView

    view = NudgeView()
    view.draw = lambda: None  # read its text directly, no screen needed
    keys = {
        "→": lambda: view.action_move(1),
        "←": lambda: view.action_move(-1),
        "f": view.action_function,
        "h": view.action_size,
    }

    def press(*pressed):
        for key in pressed:
            keys[key]()
        return " ".join(view.text(None).split())

    start = press()
    for words in ("f(a) 4.000000", "f(a + h) 4.004001", "Δf 0.004001", "Δf / Δa 4.001000", "f′(a) 4.000000"):
        assert words in start
    shown = press("→", "→")
    assert "a = 3 " in shown and "Δf / Δa 6.001000" in shown and "f′(a) 6.000000" in shown
    shown = press("→", "→", "→", "→")
    assert "a = 5 " in shown and "Δf / Δa 10.001000" in shown and "f′(a) 10.000000" in shown
    shown = press("f")
    assert "f(a) = log a" in shown and "Δf / Δa 0.199980" in shown and "f′(a) 0.200000" in shown
    shown = press("f")
    assert "f(a) = 3a" in shown and "Δf / Δa 3.000000" in shown
    shown = press("f", *"←" * 6)
    assert "f(a) = a²" in shown and "a = 2 " in shown
    for h, ratio in (("1", "5.000000"), ("0.1", "4.100000"), ("0.01", "4.010000")):
        shown = press("h")
        assert f"nudge h = Δa = {h} " in shown and f"Δf / Δa {ratio}" in shown
    assert all(f"h = {h}" in shown for h in ("1", "0.1", "0.01", "0.001"))
    shown = press("f", *"←" * 4)
    assert "f(a) = log a" in shown and "a = 0 " in shown and "log a is defined only for a > 0" in shown
    for words in (
        "Press `→` twice (a = 3): Δf/Δa = 6.001000",
        "Four presses more (a = 5)",
        "at a = 5, Δf/Δa = 0.199980 against 1/a = 0.200000",
        "`←` six times to go back to a = 2",
        "`←` four times (a = 0)",
    ):
        assert said("derivatives", words), words


# --- 08: backpropagation ranks parameters, not inputs ---------------------------------


def test_08_tiny_gradients_after_1000_iterations_yet_each_input_moves_z_by_about_4():
    trainer = trained("backpropagation", 1000)
    assert np.abs(trainer.grads["dW1"]).max() < 0.001
    assert trainer.params["W1"][0] == pytest.approx([3.9, 4.2], abs=0.06)
    assert said(
        "backpropagation",
        "after 1000 iterations both entries of dW1 are below 0.001, yet the weights are about 3.9 and 4.2",
    )


# --- what a lesson uses before it is taught ---------------------------------------------


def test_02_uses_no_derivative_and_points_forward_to_lessons_3_4_and_9():
    body = text("loss-and-cost")
    assert "∂" not in body and "slope" not in body
    assert body.count("gradient") == 1 and "(gradient descent, lesson 4)" in body
    assert "lesson 3 says what a derivative is, and lesson 9 works this one out" in body
    assert ORDER.index("derivatives") == 2 and ORDER.index("gradient-descent") == 3
    assert ORDER.index("why-cross-entropy") == 8
    from nn_tutor.model.demos import loss_over_weight

    curves = loss_over_weight(np.array([-6.0, -5.0]))
    se, ce = curves["squared_error"], curves["cross_entropy"]
    assert [f"{v:.3f}" for v in se] == ["0.374", "0.372"] and f"{se[0] - se[1]:.3f}" == "0.002"
    assert [f"{v:.2f}" for v in ce] == ["6.01", "5.02"]
    assert "lowers it by only 0.002 (from 0.374 to 0.372)" in body
    assert "drops by about 1 (from 6.01 to 5.02)" in body


def test_07_uses_no_layer_notation_and_17_holds_what_moved():
    body = text("gradients-add")
    for notation in ("W[1]", "dZ[1]", "dA[0]", "A0", "1/m", "dZ2"):
        assert notation not in body, notation
    assert list(spec("gradients-add").config.layers) == [2, 1]
    moved = text("deriving-backprop")
    for words in (
        "dA[0] = W[1]ᵀ dZ[1]",
        "A weight is used once per example",
        "An input feeds every hidden unit",
        "each of its 8 numbers adds up 400 paths",
    ):
        assert words in moved


def test_17_asks_the_questions_its_try_it_offers():
    assert set(LESSONS["deriving-backprop"].quiz) == {"shapes", "two_layer"}
    assert said("deriving-backprop", "Press `k` for questions on the 2-layer network and its shapes")


def test_21_counts_classes_from_0_in_its_text_its_quiz_and_its_panel():
    from nn_tutor.model import load_dataset
    from nn_tutor.quiz.topics import GENERATORS

    body = text("softmax")
    assert "k = 0 … K − 1" in body and "class 1 is y = (0, 1, 0)" in body
    assert "true class 0, dz ≈ (−0.341, 0.242, 0.099)" in body
    assert "class 2 of 3" not in body and "k = 1 … K" not in body
    s = spec("softmax")
    _, Y = load_dataset(s.config.dataset, m=s.config.m, seed=s.config.seed, classes=s.config.classes)
    assert sorted(set(Y.argmax(axis=0).tolist())) == [0, 1, 2]  # the panel's digits
    question = GENERATORS["softmax"].question({"z": (2.0, 1.0, 0.1), "ask": "dz", "which": 0, "label": 0})
    assert "The label is class 0, one-hot y = (1, 0, 0)" in question.prompt
    assert "dz₀" in question.prompt
    A = np.exp([2.0, 1.0, 0.1]) / np.exp([2.0, 1.0, 0.1]).sum()
    assert np.round(A - [1, 0, 0], 3).tolist() == [-0.341, 0.242, 0.099]


# --- sections of the notes, where they belong -------------------------------------------


def test_13_says_how_to_choose_the_output_and_the_hidden_activation():
    body = text("activation-functions")
    for words in (
        "**two classes** (yes or no): one **sigmoid** unit",
        "**K classes**, one per example: K **softmax** units",
        ("**a real number** that may take any value, such as a change in price: one **linear** unit"),
        (
            "**a quantity that cannot be negative**, such as a count or a duration: a"
            " **ReLU** unit, which never outputs less than 0"
        ),
        "compare the results on a **validation set**, examples kept out of training",
    ):
        assert words in body, words
    from nn_tutor.model import forward as run
    from nn_tutor.model.activations import relu, sigmoid

    z = np.linspace(-50, 50, 1001)
    assert relu(z).min() == 0 and 0 <= sigmoid(z).min() and sigmoid(z).max() <= 1
    A = run({"W1": np.eye(3), "b1": np.zeros((3, 1))}, np.random.default_rng(0).normal(size=(3, 5)), ["softmax"])["A1"]
    assert np.allclose(A.sum(axis=0), 1)


def test_08_says_backprop_ranks_parameters_not_inputs():
    assert said(
        "backpropagation", "Backpropagation answers one question: how the cost changes when each **parameter** moves"
    )
    assert said("backpropagation", "It does not say which **inputs** matter to a prediction")


def test_09_the_compare_legend_reads_as_the_try_it_quotes():
    s = spec("why-cross-entropy")
    runs = compare_runs(s.config, "cost", ["cross_entropy", "mse"], 1000)
    ce, mse = runs["cost=cross_entropy"], runs["cost=mse"]
    assert f"{ce['full_costs'][-1]:.4f}" == "0.0008" and ce["accuracy"] == 1.0
    assert f"{mse['full_costs'][-1]:.3f}" == "0.499" and mse["accuracy"] == 1 / 400
    assert said("why-cross-entropy", "cross-entropy ends at a cost of 0.0008 with 100% right")
    assert said("why-cross-entropy", "still at about 0.499 with one point of the 400 right")


def test_16_the_compare_legend_reads_as_the_try_it_quotes():
    s = spec("vanishing-gradients")
    runs = compare_runs(s.config, "activation", ["sigmoid", "relu"], 2000)
    sigmoid, relu = runs["activation=sigmoid"], runs["activation=relu"]
    assert f"{sigmoid['full_costs'][-1]:.2f}" == "0.68" and f"{relu['full_costs'][-1]:.2f}" == "0.19"
    assert said("vanishing-gradients", "sigmoid still on its plateau at about 0.68, relu at about 0.19")
