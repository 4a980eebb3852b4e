"""Questions on activation functions: the slope of sigmoid, tanh, ReLU and leaky ReLU at a
given z or output a, and how sigmoid slopes multiply into a vanishing gradient."""

from __future__ import annotations

import math

import numpy as np

from nn_tutor.model.activations import LEAKY_SLOPE, derivative
from nn_tutor.model.activations import sigmoid as model_sigmoid
from nn_tutor.model.activations import tanh as model_tanh
from nn_tutor.quiz.format import exact, num
from nn_tutor.quiz.space import Draft, Generator, Repeat, Space


def _d(name: str, z: float) -> float:
    """g'(z) from the model, as a Python float."""
    return float(derivative(name, z))


_SIGMA_Z = (-3.0, -2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 3.0)
_SIGMA_A = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
_TANH_Z = (-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0)
_TANH_A = (-0.9, -0.6, -0.3, 0.0, 0.2, 0.5, 0.8)
_RELU_Z = (-3.0, -2.0, -1.5, -1.0, -0.5, 0.5, 1.0, 1.5, 2.0, 3.0)
_RELU_A = (0.5, 1.0, 2.0, 3.0)
_LEAKY_A = (-0.03, -0.02, -0.01, -0.005, 0.5, 1.0, 2.0)


def _build_sigmoid(p: dict) -> Draft:
    if p["given"] == "z":
        z = p["value"]
        a = float(model_sigmoid(np.float64(z)))
        answer = _d("sigmoid", z)
        prompt = (
            f"σ(z) = 1/(1 + e^(−z)). At z = {num(z)}, σ(z) = {num(a)}.\n"
            f"What is σ′(z), the slope of the sigmoid, at z = {num(z)}?"
        )
        hint2 = f"Here a = σ({num(z)}) = {num(a)}: put it into a(1 − a)."
        solution = (
            "σ′(z) = σ(z)·(1 − σ(z)) = a(1 − a), with a = σ(z).\n"
            f"a = σ({num(z)}) = {num(a)}\n"
            f"σ′({num(z)}) = {num(a)} × (1 − {num(a)}) = {num(a)} × {num(1 - a)} = {num(answer)}"
        )
    else:
        a = p["value"]
        answer = _d("sigmoid", math.log(a / (1 - a)))
        prompt = (
            f"A sigmoid unit outputs a = σ(z) = {num(a)}.\n"
            "What is σ′(z), the slope of the sigmoid, at that z?"
        )
        hint2 = f"You do not need z: put a = {num(a)} into a(1 − a)."
        solution = (
            "σ′(z) = σ(z)·(1 − σ(z)) = a(1 − a).\n"
            f"σ′(z) = {num(a)} × (1 − {num(a)}) = {num(a)} × {num(1 - a)} = {num(answer)}"
        )
    hints = ("The sigmoid's slope can be written with its own output: σ′(z) = a(1 − a).", hint2)
    return Draft(prompt, exact(answer), "numeric", hints, solution)


def _build_tanh(p: dict) -> Draft:
    if p["given"] == "z":
        z = p["value"]
        a = float(model_tanh(np.float64(z)))
        answer = _d("tanh", z)
        prompt = (
            f"tanh(z) = (e^z − e^(−z))/(e^z + e^(−z)). At z = {num(z)}, tanh(z) = {num(a)}.\n"
            f"What is tanh′(z) at z = {num(z)}?"
        )
        hint2 = f"Here a = tanh({num(z)}) = {num(a)}: put it into 1 − a²."
        solution = (
            "tanh′(z) = 1 − tanh²(z) = 1 − a², with a = tanh(z).\n"
            f"a = tanh({num(z)}) = {num(a)}\n"
            f"tanh′({num(z)}) = 1 − {num(a)}² = 1 − {num(a * a)} = {num(answer)}"
        )
    else:
        a = p["value"]
        answer = _d("tanh", math.atanh(a))
        prompt = f"A tanh unit outputs a = tanh(z) = {num(a)}.\nWhat is tanh′(z) at that z?"
        hint2 = f"You do not need z: put a = {num(a)} into 1 − a²."
        solution = (
            "tanh′(z) = 1 − tanh²(z) = 1 − a².\n"
            f"tanh′(z) = 1 − ({num(a)})² = 1 − {num(a * a)} = {num(answer)}"
        )
    hints = ("The slope of tanh can be written with its own output: tanh′(z) = 1 − a².", hint2)
    return Draft(prompt, exact(answer), "numeric", hints, solution)


def _build_relu(p: dict) -> Draft:
    if p["given"] == "z":
        z = p["value"]
        prompt = f"ReLU: g(z) = max(0, z).\nWhat is g′(z) at z = {num(z)}?"
        side = "above" if z > 0 else "below"
        why = f"z = {num(z)} is {side} 0"
    else:
        a = p["value"]
        z = a
        prompt = f"A ReLU unit, g(z) = max(0, z), outputs a = {num(a)}.\nWhat is g′(z) at that z?"
        why = f"a = max(0, z) = {num(a)} > 0 means z = {num(a)} > 0"
    answer = _d("relu", z)
    hints = (
        "ReLU is flat (slope 0) for z < 0 and the line a = z (slope 1) for z > 0.",
        f"Is z = {num(z)} above or below 0?"
        if p["given"] == "z"
        else "a = max(0, z) is above 0: what does that say about z?",
    )
    solution = f"g′(z) = 1 if z > 0, 0 if z < 0.\n{why}, so g′(z) = {num(answer)}."
    return Draft(prompt, exact(answer), "numeric", hints, solution)


def _build_leaky_relu(p: dict) -> Draft:
    slope = num(LEAKY_SLOPE)
    if p["given"] == "z":
        z = p["value"]
        prompt = f"Leaky ReLU: g(z) = max({slope}·z, z).\nWhat is g′(z) at z = {num(z)}?"
        why = f"z = {num(z)} is {'above' if z > 0 else 'below'} 0"
    else:
        a = p["value"]
        z = a if a > 0 else a / LEAKY_SLOPE
        prompt = (
            f"A leaky ReLU unit, g(z) = max({slope}·z, z), outputs a = {num(a)}.\n"
            "What is g′(z) at that z?"
        )
        why = f"a = {num(a)} {'> 0 means z > 0' if a > 0 else f'< 0 means z = a/{slope} = {num(z)} < 0'}"
    answer = _d("leaky_relu", z)
    hints = (
        f"Leaky ReLU has slope 1 for z > 0 and a small slope, {slope}, for z < 0.",
        "The output has the same sign as z: which side of 0 is z on?",
    )
    solution = f"g′(z) = 1 if z > 0, {slope} if z < 0.\n{why}, so g′(z) = {num(answer)}."
    return Draft(prompt, exact(answer), "numeric", hints, solution)


_VZ = (-2.0, -1.0, 0.0, 1.0, 2.0)


def _build_vanishing(p: dict) -> Draft:
    zs = p["zs"]
    k = len(zs)
    slopes = [_d("sigmoid", z) for z in zs]
    answer = float(np.prod(slopes))
    if all(z == 0 for z in zs) and p["variant"] == "best":
        prompt = (
            f"A gradient flows back through {k} sigmoid layers. Ignore the weights, and say\n"
            "every unit sits at z = 0, where the sigmoid is steepest.\n"
            f"By what factor is the gradient multiplied on the way? (the product of {k} σ′(0))"
        )
        solution = (
            "σ′(0) = σ(0)(1 − σ(0)) = 0.5 × 0.5 = 0.25, the largest slope the sigmoid has:\n"
            "even at best, each sigmoid layer shrinks the gradient 4×, so it vanishes with depth.\n"
            f"Product over {k} layers: 0.25^{k} = {num(answer)}"
        )
        hints = (
            "σ′(z) = a(1 − a) and σ(0) = 0.5.",
            f"Multiply σ′(0) by itself {k} times: σ′(0)^{k}.",
        )
    else:
        sig = [float(model_sigmoid(np.float64(z))) for z in zs]
        listing = ", ".join(f"σ({num(z)}) = {num(s)}" for z, s in zip(zs, sig))
        prompt = (
            f"A gradient flows back through {k} sigmoid units in a chain; ignore the weights.\n"
            f"Their inputs are z = {', '.join(num(z) for z in zs)}  ({listing}).\n"
            "By what factor is the gradient multiplied on the way? (the product of the σ′(z))"
        )
        terms = [f"{num(s)}×{num(1 - s)}" for s in sig]
        solution = (
            "Each unit multiplies the gradient by its σ′(z) = a(1 − a):\n"
            + "\n".join(f"σ′({num(z)}) = {t} = {num(d)}" for z, t, d in zip(zs, terms, slopes))
            + f"\nProduct: {' × '.join(num(d) for d in slopes)} = {num(answer)}"
        )
        hints = (
            "Each sigmoid unit multiplies the gradient by σ′(z) = a(1 − a).",
            "Compute a(1 − a) for each unit, then multiply them all.",
        )
    return Draft(prompt, exact(answer), "numeric", hints, solution)


def _activation_spaces(z_values: tuple, a_values: tuple) -> tuple[Space, ...]:
    return (
        Space({"given": ("z",), "value": z_values}),
        Space({"given": ("a",), "value": a_values}),
    )


GENERATORS = (
    Generator("sigmoid", _activation_spaces(_SIGMA_Z, _SIGMA_A), _build_sigmoid),
    Generator("tanh", _activation_spaces(_TANH_Z, _TANH_A), _build_tanh),
    Generator("relu", _activation_spaces(_RELU_Z, _RELU_A), _build_relu),
    Generator("leaky_relu", _activation_spaces(_RELU_Z, _LEAKY_A), _build_leaky_relu),
    Generator(
        "vanishing",
        (
            Space({"variant": ("best",), "zs": tuple((0.0,) * k for k in range(2, 11))}),
            *(Space({"variant": ("mixed",), "zs": Repeat(_VZ, k)}) for k in (2, 3, 4)),
        ),
        _build_vanishing,
    ),
)
