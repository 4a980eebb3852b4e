"""The quiz topics of the lessons on shared nodes (07), squared error (09) and softmax (21):
every answer matches a finite difference of the cost or of J, and the numbers the lessons
quote come out of the questions."""

import math

import numpy as np
import pytest
from test_quiz_generators import agrees, draws

from nn_tutor.model import compute_cost
from nn_tutor.model.activations import activate
from nn_tutor.quiz import check_answer, count_questions
from nn_tutor.quiz.check import read_number
from nn_tutor.quiz.topics import GENERATORS


def slope(f, x, h=1e-6):
    """Central difference of f at x."""
    return (f(x + h) - f(x - h)) / (2 * h)


def expected_number(question):
    return read_number(question.expected)


def nudged(values, i, v):
    """values with entry i replaced by v."""
    out = list(values)
    out[i] = v
    return out


# ---------------------------------------------------------------- shared_node

# J written with a separate copy of a for each path: a_last feeds the path that backward
# visits last (through u), a_first the other one
SPLIT = {
    "ab+a²": lambda a_first, a_last, b, c: a_last * b + a_first**2,
    "ab+ac": lambda a_first, a_last, b, c: a_last * b + a_first * c,
    "(a+b)a": lambda a_first, a_last, b, c: (a_last + b) * a_first,
}


def test_shared_node_answers_are_finite_differences_of_j():
    for params, question in draws("shared_node"):
        J = SPLIT[params["form"]]
        a, b, c = params["a"], params["b"], params.get("c", 0.0)
        h = 1e-3  # J is quadratic: the central difference is exact up to rounding
        if params["ask"] == "b":
            want = slope(lambda v: J(a, a, v, c), b, h)
        elif params["ask"] == "a":
            want = slope(lambda v: J(v, v, b, c), a, h)
        else:  # the `=` bug keeps only the share of the path visited last
            want = slope(lambda v: J(a, v, b, c), a, h)
            whole = slope(lambda v: J(v, v, b, c), a, h)
            assert expected_number(question) != pytest.approx(whole), params
        assert expected_number(question) == pytest.approx(want, abs=1e-6), params


def test_lesson_7s_graph_gives_8_and_the_bug_gives_2():
    generator = GENERATORS["shared_node"]
    right = generator.question({"form": "ab+a²", "a": 3.0, "b": 2.0, "ask": "a"})
    bug = generator.question({"form": "ab+a²", "a": 3.0, "b": 2.0, "ask": "bug"})
    assert check_answer(right.expected, "8", "numeric").correct
    assert check_answer(bug.expected, "2", "numeric").correct
    assert not check_answer(bug.expected, "8", "numeric").correct
    assert "through v: ∂J/∂v · ∂v/∂a = 1 · 2a = 1 × 6 = 6" in right.solution
    assert "through u: ∂J/∂u · ∂u/∂a = 1 · b = 1 × 2 = 2" in right.solution
    assert right.solution.endswith("∂J/∂a = 6 + 2 = 8")
    assert "Computation graph: u = a·b,  v = a²,  J = u + v." in right.prompt
    assert "grad[a] += share" in bug.prompt and "buggy ∂J/∂a = 2" in bug.solution


def test_a_variable_used_once_has_one_path():
    question = GENERATORS["shared_node"].question({"form": "(a+b)a", "a": -2.0, "b": 3.0, "ask": "b"})
    assert "b reaches J along one path" in question.solution
    assert check_answer(question.expected, "-2", "numeric").correct  # ∂J/∂b = a


# ---------------------------------------------------------------- mse


def mse_cost(z, y):
    """The model's squared-error cost of one sigmoid unit at z."""
    return compute_cost(activate("sigmoid", np.array([[z]])), np.array([[y]]), cost="mse")


def test_mse_answers_are_finite_differences_of_the_squared_error_cost():
    for params, question in draws("mse"):
        y = params["y"]
        if "z" in params:
            want = slope(lambda z: mse_cost(z, y), params["z"])
        else:
            x = (*params["x"], 1.0)  # b is the weight of a constant input 1
            theta = (*params["w"], params["b"])

            def cost(i, v):
                return mse_cost(sum(t * xi for t, xi in zip(nudged(theta, i, v), x)), y)

            if params["ask"] == "dz":
                want = slope(lambda z: mse_cost(z, y), sum(t * xi for t, xi in zip(theta, x)))
            else:
                i = {"dw1": 0, "dw2": 1, "db": 2}[params["ask"]]
                want = slope(lambda v: cost(i, v), theta[i])
        assert expected_number(question) == pytest.approx(want, rel=1e-5, abs=1e-12), params


def test_a_confidently_wrong_unit_gets_a_tiny_squared_error_gradient():
    """Lesson 9: y = 1 at z = −10: cross-entropy's dz is about −1, squared error's −4.54e-05."""
    question = GENERATORS["mse"].question({"z": -10.0, "y": 1.0, "ask": "dz"})
    assert check_answer(question.expected, "-4.54e-5", "numeric").correct
    assert not check_answer(question.expected, "-1", "numeric").correct
    assert "Cross-entropy would give dz = a − y" in question.solution
    assert "(a − y)·a(1 − a)" in question.solution


# ---------------------------------------------------------------- softmax


def softmax_cost(Z, classes):
    """The model's categorical cross-entropy of softmax(Z), labels 1..K per column."""
    Z = np.array(Z, dtype=float).reshape(3, -1)
    Y = np.zeros_like(Z)
    Y[np.array(classes), np.arange(Z.shape[1])] = 1.0
    return compute_cost(activate("softmax", Z), Y)


def test_softmax_answers_are_finite_differences_of_the_cost():
    for params, question in draws("softmax"):
        ask = params["ask"]
        if ask in ("a", "loss"):
            z = params["z"]
            e = [math.exp(v) for v in z]
            if ask == "a":
                want = e[params["which"]] / sum(e)
            else:
                want = -math.log(e[params["label"]] / sum(e))
            assert expected_number(question) == pytest.approx(want, rel=1e-9), params
        elif ask == "dz":
            z, c, k = params["z"], params["label"], params["which"]
            want = slope(lambda v: softmax_cost(nudged(z, k, v), [c]), z[k])
            assert expected_number(question) == pytest.approx(want, rel=1e-5, abs=1e-9), params
        else:
            Z, classes, m = params["Z"], params["labels"], 2
            if ask == "dZ":  # per example: m times the slope of the mean cost
                want = np.array(
                    [m * slope(lambda v: softmax_cost(nudged(Z, i, v), classes), Z[i]) for i in range(6)]
                ).reshape(3, 2)
                assert not agrees(question, want / m), params
            else:  # a bias b_k adds to row k of Z
                want = np.array(
                    [
                        [slope(lambda v: softmax_cost(np.array(Z).reshape(3, 2) + v * np.eye(3)[:, [k]], classes), 0.0)]
                        for k in range(3)
                    ]
                )
            assert agrees(question, want), params


def test_lesson_21s_example_z_2_1_point_1():
    generator = GENERATORS["softmax"]
    z = (2.0, 1.0, 0.1)
    for k, a in ((0, "0.659"), (1, "0.242"), (2, "0.0986")):
        question = generator.question({"z": z, "ask": "a", "which": k})
        assert check_answer(question.expected, a, "numeric").correct
        assert f"class {k}?" in question.prompt
    for k, dz in ((0, "-0.341"), (1, "0.242"), (2, "0.0986")):
        question = generator.question({"z": z, "ask": "dz", "which": k, "label": 0})
        assert "The label is class 0, one-hot y = (1, 0, 0)" in question.prompt
        assert check_answer(question.expected, dz, "numeric").correct
        assert "dz = a − y" in question.solution


def test_a_network_that_knows_nothing_has_a_loss_of_log_3():
    question = GENERATORS["softmax"].question({"z": (1.0, 1.0, 1.0), "ask": "loss", "label": 1})
    assert check_answer(question.expected, "ln(3)", "numeric").correct
    assert check_answer(question.expected, "1.10", "numeric").correct


def test_softmax_batch_solutions_say_where_1_over_m_goes():
    params = {"Z": (0.0, -1.0, 0.0, 0.0, 2.0, 0.0), "labels": (0, 1), "ask": "db"}
    question = GENERATORS["softmax"].question(params)
    assert "The cost's 1/m enters here" in question.solution
    assert "no 1/m here" in question.solution
    shown = question.prompt.split("A = [[", 1)[1].split("]]", 1)[0]
    columns = np.array([float(v) for v in shown.replace("[", "").replace("]", "").split(",")])
    assert columns.reshape(3, 2).sum(axis=0) == pytest.approx([1, 1], abs=1e-5)


def test_every_single_example_softmax_question_is_a_different_question():
    generator = GENERATORS["softmax"]
    spaces = [s for s in generator.spaces if "z" in s.choices]
    prompts = {generator.question(p).prompt for s in spaces for p in s.each()}
    assert len(prompts) == sum(s.size() for s in spaces) == 343 * (3 + 9 + 3)


# ---------------------------------------------------------------- shapes_k


def test_k_class_shapes_follow_the_notation():
    for params, question in draws("shapes_k"):
        _n_x, n_h, m, K = params["n_x"], params["n_h"], params["m"], params["K"]
        shapes = {
            "Y": (K, m),
            "W2": (K, n_h),
            "b2": (K, 1),
            "Z2": (K, m),
            "A2": (K, m),
            "dZ2": (K, m),
            "dW2": (K, n_h),
            "db2": (K, 1),
            "dA1": (n_h, m),
            "dZ1": (n_h, m),
        }
        rows, cols = shapes[params["name"]]
        assert check_answer(question.expected, f"({rows}, {cols})", "shape").correct, params
        assert f"K = {K} softmax output" in question.prompt


@pytest.mark.parametrize("topic, at_least", [("shared_node", 900), ("mse", 20_000), ("shapes_k", 1_500)])
def test_the_count_of_distinct_questions_is_exact_and_each_prompt_differs(topic, at_least):
    generator = GENERATORS[topic]
    questions = [generator.question(p) for s in generator.spaces for p in s.each() if s.valid is None or s.valid(p)]
    assert len({q.id for q in questions}) == len({q.prompt for q in questions})
    assert len({q.prompt for q in questions}) == count_questions(topic) >= at_least
