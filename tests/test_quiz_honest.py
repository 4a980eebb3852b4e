"""Every honest answer is right, and no wrong one is.

An honest answer is worked from the numbers the question prints, to the precision they are
printed with, and rounded by hand to 3 significant figures, half up or half to even. The
values here are read back from the prompt text and computed with exact decimals, not taken
from the generator.
"""

import decimal
import re
from decimal import Decimal

import numpy as np
import pytest

from nn_tutor.quiz import check_answer
from nn_tutor.quiz.topics import GENERATORS

ROUNDINGS = (decimal.ROUND_HALF_UP, decimal.ROUND_HALF_EVEN)
SAMPLES = 1500


def by_hand(value: Decimal) -> set[str]:
    """The 3-figure roundings a learner may write, and the value itself to 6 figures."""
    if value == 0:
        return {"0"}
    place = Decimal(1).scaleb(value.adjusted() - 2)
    texts = {str(value.quantize(place, rounding=r)) for r in ROUNDINGS}
    return texts | {f"{value:.6g}" if abs(value) >= Decimal("1e-4") else f"{float(value):.6g}"}


def is_tie(value: Decimal) -> bool:
    place = Decimal(1).scaleb(value.adjusted() - 2)
    return len({value.quantize(place, rounding=r) for r in ROUNDINGS}) == 2 or (
        value.quantize(place, rounding=decimal.ROUND_HALF_UP) != value.quantize(place, rounding=decimal.ROUND_DOWN)
        and (value.scaleb(-value.adjusted() + 3) % 10 == 5)
    )


def judge_all(question, values) -> list[str]:
    """The honest texts (per entry, as a matrix when needed) that are not right."""
    values = np.atleast_2d(np.array(values, dtype=object))
    refused = []
    if question.kind == "numeric":
        for text in by_hand(values[0, 0]):
            if not check_answer(question.expected, text, "numeric").correct:
                refused.append(text)
        return refused
    for rounding in ROUNDINGS:
        rows = [
            [str(v.quantize(Decimal(1).scaleb(v.adjusted() - 2), rounding=rounding)) if v != 0 else "0" for v in row]
            for row in values
        ]
        text = "[" + ", ".join("[" + ", ".join(r) + "]" for r in rows) + "]"
        if not check_answer(question.expected, text, "matrix").correct:
            refused.append(text)
    return refused


def sample(topic, n=SAMPLES, seed=0):
    generator = GENERATORS[topic]
    rng = np.random.default_rng(seed)
    for _ in range(n):
        params = generator.draw(rng)
        yield params, generator.question(params)


def shown_matrix(prompt: str, name: str) -> np.ndarray:
    """A matrix as the prompt prints it, `name = [[...], [...]]`, in exact decimals."""
    body = re.search(rf"\b{name} = \[(\[.*?\])\]", prompt, re.DOTALL).group(1)
    rows = re.findall(r"\[([^\[\]]*)\]", body)
    return np.array([[Decimal(c) for c in row.split(",")] for row in rows], dtype=object)


def shown_number(prompt: str, pattern: str) -> Decimal:
    return Decimal(re.search(pattern, prompt).group(1))


def ln(x: Decimal) -> Decimal:
    return x.ln(decimal.Context(prec=40))


# ---------------------------------------------------------------- ties


def test_both_roundings_of_a_tie_are_right():
    question = GENERATORS["update"].question({"w": -1.5, "alpha": 0.1, "dw": 0.75, "which": "w"})
    for text in ("-1.58", "-1.57", "−1.58", "-1.575"):
        assert check_answer(question.expected, text, "numeric").correct, text
    for text in ("-1.56", "-1.59", "1.58"):
        assert not check_answer(question.expected, text, "numeric").correct, text


def test_every_update_question_accepts_both_hand_roundings():
    generator = GENERATORS["update"]
    ties = 0
    for space in generator.spaces:
        for params in space.each():
            question = generator.question(params)
            value = Decimal(str(params["w"])) - Decimal(str(params["alpha"])) * Decimal(str(params["dw"]))
            ties += is_tie(value)
            assert not judge_all(question, [[value]]), (params, judge_all(question, [[value]]))
    assert ties >= 40  # about 42 of the 588 end in a 5 at the 4th figure


def test_a_tie_float_just_below_or_above_rounds_either_way():
    for expected in ("0.12349999999999999", "0.12350000000000001"):
        for text in ("0.124", "0.123"):
            assert check_answer(expected, text, "numeric").correct, (expected, text)
        assert not check_answer(expected, "0.122", "numeric").correct


# ---------------------------------------------------------------- worked from the prompt


def mse_from_prompt(params, prompt) -> Decimal:
    a = shown_number(prompt, r"a = σ\(z\) = ([-0-9.e]+)[;.]\s")
    y = Decimal(str(params["y"]))
    dz = (a - y) * a * (1 - a)
    if params["ask"] in ("dw1", "dw2"):
        dz *= Decimal(str(params["x"][0 if params["ask"] == "dw1" else 1]))
    return dz


def test_the_confidently_wrong_mse_question_shows_enough_figures():
    question = GENERATORS["mse"].question({"z": 10.0, "y": 0.0, "ask": "dz"})
    worked = mse_from_prompt({"y": 0.0, "ask": "dz"}, question.prompt)
    assert f"{worked:.3g}" == "0.0000454"
    assert check_answer(question.expected, "4.54e-5", "numeric").correct
    assert not check_answer(question.expected, "4.50e-5", "numeric").correct


def test_every_mse_answer_worked_from_the_prompt_is_right():
    generator = GENERATORS["mse"]
    cases = [(p, generator.question(p)) for p in generator.spaces[0].each()]
    cases += list(sample("mse"))
    for params, question in cases:
        refused = judge_all(question, [[mse_from_prompt(params, question.prompt)]])
        assert not refused, (question.prompt, refused)


def softmax_from_prompt(params, prompt):
    if "Z" in params:
        A, Y = shown_matrix(prompt, "A"), shown_matrix(prompt, "Y")
        dZ = A - Y
        return dZ if params["ask"] == "dZ" else (dZ.sum(axis=1, keepdims=True) / 2)
    a = [Decimal(v) for v in re.search(r"a = \(([^)]*)\)", prompt).group(1).split(", ")]
    label, which = params.get("label", 0), params.get("which", 0)
    if params["ask"] == "loss":
        return [[-ln(a[label])]]
    return [[a[which] - (1 if which == label else 0)]]


def test_every_softmax_answer_worked_from_the_prompt_is_right():
    for params, question in sample("softmax", 3000):
        if params["ask"] == "a":
            continue  # worked from z, which is exact
        refused = judge_all(question, softmax_from_prompt(params, question.prompt))
        assert not refused, (question.prompt, refused)


def two_layer_from_prompt(params, prompt):
    A1, W2 = shown_matrix(prompt, "A1"), shown_matrix(prompt, "W2")
    A2, Y = shown_matrix(prompt, "A2"), shown_matrix(prompt, "Y")
    dZ2 = A2 - Y
    return {
        "dZ2": dZ2,
        "dW2": dZ2.dot(A1.T) / 2,
        "db2": dZ2.sum(axis=1, keepdims=True) / 2,
        "dZ1": W2.T.dot(dZ2) * (1 - A1 * A1),
    }[params["ask"]]


def test_every_two_layer_answer_worked_from_the_prompt_is_right():
    for params, question in sample("two_layer", 3000):
        refused = judge_all(question, two_layer_from_prompt(params, question.prompt))
        assert not refused, (question.prompt, refused)


def test_prompts_show_six_figures_unless_more_are_needed():
    question = GENERATORS["softmax"].question({"z": (2.0, 1.0, 0.1), "ask": "dz", "which": 0, "label": 0})
    assert "a = (0.659001, 0.242433, 0.0985659)" in question.prompt


# ---------------------------------------------------------------- wrong stays wrong


def refused_everywhere(question, wrong) -> bool:
    """No honest rounding of the wrong values is right (a wrong value equal to the answer
    to within the check's tolerance is not a wrong answer, and is skipped)."""
    wrong = np.atleast_2d(np.array(wrong, dtype=float))
    texts = [
        "[" + ", ".join("[" + ", ".join(f"{v:.{figs}g}" for v in row) + "]" for row in wrong) + "]" for figs in (3, 6)
    ]
    kind = question.kind
    if kind == "numeric":
        texts = [f"{wrong[0, 0]:.3g}", f"{wrong[0, 0]:.6g}"]
    return not any(check_answer(question.expected, t, kind).correct for t in texts)


def expected(question) -> np.ndarray:
    from nn_tutor.quiz.check import read_matrix, read_number

    if question.kind == "numeric":
        return np.array([[read_number(question.expected)]])
    return np.array(read_matrix(question.expected))


def differs(a, b) -> bool:
    return bool(np.any(np.abs(np.asarray(a) - np.asarray(b)) > 0.01 * np.abs(np.asarray(b))))


@pytest.mark.parametrize("topic", ["update", "logistic", "mse", "two_layer", "softmax", "sigmoid"])
def test_a_sign_flip_is_wrong(topic):
    for _, question in sample(topic, 800):
        want = expected(question)
        if question.kind == "numeric" and differs(-want, want):
            assert refused_everywhere(question, -want), question.prompt


def test_forgetting_the_1_over_m_or_missing_g_prime_or_a_transpose_is_wrong():
    for params, question in sample("two_layer", 2000):
        want = expected(question)
        ask = params["ask"]
        if ask in ("dW2", "db2") and differs(2 * want, want):
            assert refused_everywhere(question, 2 * want), question.prompt  # ×m
        if ask == "dZ1":
            no_slope = np.array(two_layer_from_prompt({"ask": "dZ1"}, question.prompt), float)
            A1 = np.array(shown_matrix(question.prompt, "A1"), dtype=float)
            no_slope = no_slope / (1 - A1**2)
            assert refused_everywhere(question, no_slope), question.prompt
            if want.shape[0] == want.shape[1] and differs(want.T, want):
                assert refused_everywhere(question, want.T), question.prompt
        if ask == "dW2":
            verdict = check_answer(question.expected, str(want.T.tolist()), "matrix")
            assert not verdict.correct and "Wrong shape" in verdict.message
    for params, question in sample("softmax", 2000):
        if params.get("ask") == "db":
            want = expected(question)
            if differs(2 * want, want):
                assert refused_everywhere(question, 2 * want), question.prompt


def test_the_cross_entropy_gradient_on_a_squared_error_question_is_wrong():
    for params, question in sample("mse", 1500):
        a = float(shown_number(question.prompt, r"a = σ\(z\) = ([-0-9.e]+)[;.]\s"))
        wrong = a - params["y"]
        if params["ask"] in ("dw1", "dw2"):
            wrong *= params["x"][0 if params["ask"] == "dw1" else 1]
        assert refused_everywhere(question, wrong), question.prompt


def test_sigma_for_its_slope_is_wrong():
    for params, question in sample("sigmoid", 400):
        if params["given"] == "z":
            a = 1 / (1 + np.exp(-params["value"]))
            assert refused_everywhere(question, a), question.prompt
    for answer in ("sigma(z)", "a", "1 - a"):
        assert not check_answer("a*(1 - a) where a = sigma(z)", answer, "symbolic").correct
