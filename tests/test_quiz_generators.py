"""Each generator's answer is the model's, and matches the textbook formula on the same numbers."""

import math
import re

import numpy as np
import pytest

from nn_tutor.model import compute_cost
from nn_tutor.model.activations import derivative
from nn_tutor.quiz import TOPICS, Question, check_answer, count_questions, generate, make_quiz
from nn_tutor.quiz.expr import evaluate, parse
from nn_tutor.quiz.topics import GENERATORS
from nn_tutor.quiz.topics.symbolic import SYMBOLIC

SEEDS = range(40)


def sigma(z):
    return 1 / (1 + math.exp(-z))


def draws(topic):
    """(params, question) pairs for many seeds."""
    generator = GENERATORS[topic]
    for seed in SEEDS:
        params = generator.draw(np.random.default_rng(seed))
        yield params, generator.question(params)


def agrees(question, value):
    """The generator's expected answer equals a value we computed ourselves."""
    if question.kind == "matrix":
        rows = np.atleast_2d(value)
        text = "[" + ", ".join("[" + ", ".join(repr(float(v)) for v in r) + "]" for r in rows) + "]"
    else:
        text = repr(float(value))
    return check_answer(question.expected, text, question.kind).correct


def test_the_topic_names_are_the_lesson_front_matter_names():
    assert TOPICS == (
        "sigmoid",
        "tanh",
        "relu",
        "leaky_relu",
        "symbolic",
        "chain",
        "shared_node",
        "logistic",
        "mse",
        "two_layer",
        "shapes",
        "update",
        "vanishing",
        "softmax",
        "shapes_k",
    )


def test_the_sigmoid_slope_at_0_is_a_quarter():
    question = GENERATORS["sigmoid"].question({"given": "z", "value": 0.0})
    assert check_answer(question.expected, "0.25", "numeric").correct


def test_sigmoid_answers_are_a_times_one_minus_a():
    for params, question in draws("sigmoid"):
        a = sigma(params["value"]) if params["given"] == "z" else params["value"]
        assert agrees(question, a * (1 - a)), params


def test_tanh_answers_are_one_minus_a_squared():
    for params, question in draws("tanh"):
        a = math.tanh(params["value"]) if params["given"] == "z" else params["value"]
        assert agrees(question, 1 - a * a), params


def test_relu_answers_are_the_step():
    for params, question in draws("relu"):
        assert agrees(question, 1.0 if params["value"] > 0 else 0.0), params


def test_leaky_relu_answers_are_one_or_the_small_slope():
    for params, question in draws("leaky_relu"):
        assert agrees(question, 1.0 if params["value"] > 0 else 0.01), params


@pytest.mark.parametrize("form", ["sigmoid_z", "sigmoid_a", "tanh_z", "tanh_a"])
def test_symbolic_activation_answers_match_the_model_derivative(form):
    expected = SYMBOLIC[form][1]
    body, _, relation = expected.partition(" where ")
    link = parse(relation.split("=", 1)[1])
    name = form.split("_")[0]
    for z in np.linspace(-3, 3, 13):
        a = evaluate(link, {"z": z})
        value = evaluate(parse(body), {"z": z, "a": a})
        assert value.real == pytest.approx(float(derivative(name, z)), rel=1e-9)


@pytest.mark.parametrize("form, y", [("loss_y1", 1.0), ("loss_y0", 0.0)])
def test_symbolic_loss_answers_match_the_cost_by_finite_differences(form, y):
    expected = parse(SYMBOLIC[form][1])
    for a in (0.1, 0.3, 0.5, 0.8):
        h = 1e-6
        slope = (
            compute_cost(np.array([[a + h]]), np.array([[y]])) - compute_cost(np.array([[a - h]]), np.array([[y]]))
        ) / (2 * h)
        assert evaluate(expected, {"a": a}).real == pytest.approx(slope, rel=1e-6)


def test_symbolic_questions_accept_their_own_answer_and_reject_the_others():
    for form, (_, expected, _, _) in SYMBOLIC.items():
        body = expected.partition(" where ")[0]
        assert check_answer(expected, body, "symbolic").correct
        for other, (_, other_expected, _, _) in SYMBOLIC.items():
            if other.split("_")[0] != form.split("_")[0]:  # sigmoid_z and sigmoid_a agree
                assert not check_answer(expected, other_expected.partition(" where ")[0], "symbolic").correct


def test_chain_rule_answers_are_the_partial_derivatives():
    for params, question in draws("chain"):
        a, b, c = params["abc"]
        k = params["k"]
        grads = {
            "k(a+bc)": {"a": k, "b": k * c, "c": k * b},
            "(a+b)c": {"a": c, "b": c, "c": a + b},
            "kab+c": {"a": k * b, "b": k * a, "c": 1.0},
        }[params["form"]]
        assert agrees(question, grads[params["wrt"]]), params


def test_j_equals_3_a_plus_bc_at_5_3_2():
    question = GENERATORS["chain"].question({"form": "k(a+bc)", "k": 3.0, "abc": (5.0, 3.0, 2.0), "wrt": "b"})
    assert check_answer(question.expected, "6", "numeric").correct
    assert "3 · 1 · 2" in question.solution and "= 6" in question.solution


def test_logistic_answers_are_a_minus_y_times_x():
    for params, question in draws("logistic"):
        (x1, x2), (w1, w2), b, y = params["x"], params["w"], params["b"], params["y"]
        dz = sigma(w1 * x1 + w2 * x2 + b) - y
        value = {"dz": dz, "dw1": x1 * dz, "dw2": x2 * dz, "db": dz}[params["ask"]]
        assert agrees(question, value), params


def test_two_layer_answers_follow_the_vectorised_equations():
    for params, question in draws("two_layer"):
        n_h, m = params["n_h"], 2
        A1 = np.array(params["A1"][: n_h * m]).reshape(n_h, m)
        Y, W2 = np.array([params["Y"]]), np.array([params["W2"][:n_h]])
        A2 = 1 / (1 + np.exp(-(W2 @ A1 + params["b2"])))
        dZ2 = A2 - Y
        value = {
            "dZ2": dZ2,
            "dW2": dZ2 @ A1.T / m,
            "db2": dZ2.sum() / m,
            "dZ1": (W2.T @ dZ2) * (1 - A1**2),
        }[params["ask"]]
        assert agrees(question, value), params


def test_shape_answers_follow_the_notation():
    for params, question in draws("shapes"):
        n_x, n_h, m = params["n_x"], params["n_h"], params["m"]
        shapes = {
            "X": (n_x, m),
            "W1": (n_h, n_x),
            "b1": (n_h, 1),
            "Z1": (n_h, m),
            "A1": (n_h, m),
            "W2": (1, n_h),
            "b2": (1, 1),
            "Z2": (1, m),
            "A2": (1, m),
        }
        name = params["name"]
        rows, cols = shapes[name[1:] if name.startswith("d") else name]
        assert check_answer(question.expected, f"({rows}, {cols})", "shape").correct, params


def test_update_answers_step_against_the_gradient():
    for params, question in draws("update"):
        assert agrees(question, params["w"] - params["alpha"] * params["dw"]), params


def test_vanishing_answers_are_products_of_sigmoid_slopes():
    for params, question in draws("vanishing"):
        value = math.prod(sigma(z) * (1 - sigma(z)) for z in params["zs"])
        assert agrees(question, value), params


def test_the_best_case_for_ten_sigmoid_layers_is_a_quarter_to_the_tenth():
    question = GENERATORS["vanishing"].question({"variant": "best", "zs": (0.0,) * 10})
    assert check_answer(question.expected, "0.25^10", "numeric").correct


@pytest.mark.parametrize("topic", TOPICS)
def test_the_worked_solution_ends_with_an_accepted_answer(topic):
    """The numbers shown are rounded; the solution's own last number must still pass."""
    for _, question in draws(topic):
        last = question.solution.rstrip(".").rsplit("= ", 1)[-1].strip()
        if question.kind == "symbolic":
            continue
        assert check_answer(question.expected, last, question.kind).correct, (
            question.solution,
            question.expected,
        )


@pytest.mark.parametrize("topic", TOPICS)
def test_questions_are_readable_in_a_terminal(topic):
    for _, question in draws(topic):
        for text in (question.prompt, question.solution, *question.hints):
            assert text and "$" not in text and "\\" not in text
        assert len(question.hints) == 2
        assert question.kind in ("numeric", "symbolic", "shape", "matrix")
        assert question.id.startswith(topic + "-")
        assert Question.from_dict(question.to_dict()) == question


@pytest.mark.parametrize(
    "topic",
    ["sigmoid", "tanh", "relu", "leaky_relu", "symbolic", "update", "vanishing", "shapes", "shared_node", "shapes_k"],
)
def test_the_count_of_distinct_questions_is_exact(topic):
    generator = GENERATORS[topic]
    ids = {
        generator.question(params).id
        for space in generator.spaces
        for params in space.each()
        if space.valid is None or space.valid(params)
    }
    assert len(ids) == count_questions(topic)


def test_large_topics_have_many_questions():
    assert count_questions("chain") > 10_000
    assert count_questions("two_layer") > 1_000_000
    assert count_questions("mse") > 20_000
    assert count_questions("softmax") > 70_000


def test_the_same_seed_gives_the_same_quiz():
    first, again = make_quiz(None, 12, seed=7), make_quiz(None, 12, seed=7)
    assert [q.id for q in first] == [q.id for q in again]
    assert first == again
    assert [q.id for q in make_quiz(None, 12, seed=8)] != [q.id for q in first]


def test_generate_is_reproducible_from_the_rng():
    for topic in TOPICS:
        assert generate(topic, np.random.default_rng(3)) == generate(topic, np.random.default_rng(3))


def test_a_quiz_cycles_through_its_topics_without_repeats():
    quiz = make_quiz(["chain", "logistic", "shapes"], 9, seed=1)
    assert [q.topic for q in quiz].count("chain") == 3
    assert len({q.id for q in quiz}) == 9


def test_a_small_topic_can_still_fill_a_long_quiz():
    assert len(make_quiz(["symbolic"], 10, seed=1)) == 10


def test_unknown_topics_are_named():
    with pytest.raises(ValueError, match="'derivatives'.*choose from: sigmoid"):
        make_quiz(["sigmoid", "derivatives"], 3, seed=1)


@pytest.mark.parametrize("topic", TOPICS)
def test_builders_return_a_named_record(topic):
    from nn_tutor.quiz.space import Draft

    generator = GENERATORS[topic]
    draft = generator.build(generator.draw(np.random.default_rng(0)))
    assert isinstance(draft, Draft)
    assert draft.kind in ("numeric", "symbolic", "shape", "matrix") and len(draft.hints) == 2


def test_chain_solutions_show_each_forward_step_with_its_value():
    question = GENERATORS["chain"].question({"form": "k(a+bc)", "k": 3.0, "abc": (5.0, 3.0, 2.0), "wrt": "a"})
    assert "Forward:  u = b·c = 6,  v = a + u = 11,  J = 3v = 33" in question.solution
    assert "Computation graph: u = b·c,  v = a + u,  J = 3v." in question.prompt


# -- issue 12: what the learner reads is true and fair ------------------------------------


def test_two_layer_prompts_name_the_loss_define_dz_and_show_a_producible_a2():
    for params, question in draws("two_layer"):
        prompt = question.prompt
        assert "L(a, y) = −(y·log a + (1 − y)·log(1 − a))" in prompt
        assert "dZ means ∂L/∂Z column by column" in prompt and "1/m" in prompt
        n_h = params["n_h"]
        A1 = np.array(params["A1"][: n_h * 2]).reshape(n_h, 2)
        W2 = np.array([params["W2"][:n_h]])
        A2 = 1 / (1 + np.exp(-(W2 @ A1 + params["b2"])))
        shown = prompt.split("A2 = [[", 1)[1].split("]]", 1)[0]
        assert [float(v) for v in shown.split(",")] == pytest.approx(A2[0], rel=1e-5)
        assert f"b2 = {params['b2']:g}" in prompt


def test_dz2_is_the_per_example_gradient_and_the_solution_says_where_1_over_m_goes():
    params = {"n_h": 2, "A1": (-0.8, 0.3, 0.6, 0.9), "b2": 0.5, "Y": (0.0, 1.0), "W2": (-1.0, 2.0), "ask": "dZ2"}
    question = GENERATORS["two_layer"].question(params)
    A2 = 1 / (1 + np.exp(-(np.array([[-1.0, 2.0]]) @ np.array([[-0.8, 0.3], [0.6, 0.9]]) + 0.5)))
    dZ2 = A2 - np.array([[0.0, 1.0]])
    assert agrees(question, dZ2)
    assert not agrees(question, dZ2 / 2)  # (A2 − Y)/m is the other convention: not this one
    assert "not in dZ2 but in dW2 and db2" in question.solution
    dW2 = GENERATORS["two_layer"].question({**params, "ask": "dW2"})
    assert "The cost's 1/m enters here" in dW2.solution


def test_the_shapes_prompt_does_not_state_its_own_answer():
    for params, question in draws("shapes"):
        rows, cols = question.expected.strip("()").split(", ")
        for text in (f"({rows}, {cols})", f"{rows} × {cols}", f"{rows}×{cols}", "n_x × m"):
            assert text not in question.prompt, (params, question.prompt)


def test_a_leaky_relu_hint_speaks_of_the_z_it_was_given():
    for value in (-3.0, -0.5, 0.5, 2.0):
        question = GENERATORS["leaky_relu"].question({"given": "z", "value": value})
        assert f"z = {value:g} is given" in question.hints[1]
        assert "output" not in question.hints[1]
        side = "above" if value > 0 else "below"
        assert f"is {side} 0" in question.solution
    question = GENERATORS["leaky_relu"].question({"given": "a", "value": -0.03})
    assert "a = -0.03" in question.hints[1] and "z = a/0.01 = -3 < 0" in question.solution


def test_worked_solutions_bracket_negative_numbers():
    question = GENERATORS["tanh"].question({"given": "z", "value": -2.0})
    assert "1 − (-0.964028)² = 1 − 0.929349" in question.solution
    update = GENERATORS["update"].question({"w": 0.5, "alpha": 0.1, "dw": -0.6, "which": "w"})
    assert "0.5 − 0.1 × (-0.6) = 0.5 − (-0.06) = 0.56" in update.solution
    loose = re.compile(r"[−+×·/*] -\d|-[0-9.]+²")  # an operator then a bare negative number
    for topic in TOPICS:
        for _, question in draws(topic):
            assert not loose.search(question.solution), question.solution


def test_chain_questions_on_a_direct_input_print_one_sensible_line():
    question = GENERATORS["chain"].question({"form": "kab+c", "k": 4.0, "abc": (2.0, -1.0, 3.0), "wrt": "c"})
    assert "Backward: c goes straight into J = v + c, so ∂J/∂c = 1" in question.solution
    repeated = re.compile(r"= (\S+) = \1(\s|$)")
    for _, question in draws("chain"):
        assert "∂J/∂c = ∂J/∂c" not in question.solution
        assert not repeated.search(question.solution), question.solution
        assert "/ =" not in question.solution


@pytest.mark.parametrize("topic", ["sigmoid", "tanh", "logistic", "two_layer", "update", "vanishing", "mse", "softmax"])
def test_prompts_whose_answers_need_rounding_state_the_precision(topic):
    for _, question in draws(topic):
        assert "3 significant figures" in question.prompt


def test_every_worked_solution_rounds_to_an_answer_that_is_right_not_close():
    for topic in TOPICS:
        for _, question in draws(topic):
            if question.kind in ("numeric", "matrix"):
                verdict = check_answer(question.expected, question.answer_text, question.kind)
                assert verdict.correct, (question.expected, question.answer_text)


def test_every_topic_has_a_generator_and_a_lesson_that_teaches_it():
    from nn_tutor.lessons import load_lessons
    from nn_tutor.quiz.topics import TAUGHT_IN

    lessons, errors = load_lessons()
    assert not errors
    assert set(TAUGHT_IN) == set(TOPICS) == set(GENERATORS)
    ids = {lesson.id for lesson in lessons}
    assert {generator.lesson for generator in GENERATORS.values()} <= ids
    assert TAUGHT_IN == {topic: generator.lesson for topic, generator in GENERATORS.items()}


def test_a_lessons_quiz_asks_only_what_that_lesson_or_an_earlier_one_taught():
    from nn_tutor.lessons import load_lessons

    lessons, _ = load_lessons()
    seen: set[str] = set()
    for lesson in lessons:  # in the order the learner meets them
        lesson_id, quiz = lesson.id, lesson.quiz
        seen.add(lesson_id)
        early = [t for t in quiz if GENERATORS[t].lesson not in seen]
        taught = [GENERATORS[t].lesson for t in early]
        assert not early, f"{lesson_id} asks {early}, taught later in {taught}"
