"""Questions on activation functions: the slope of sigmoid, tanh, ReLU and leaky ReLU at a
given z or output a, and how sigmoid slopes multiply into a vanishing gradient."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import numpy as np

from nn_tutor.model.activations import LEAKY_SLOPE, activate, derivative
from nn_tutor.model.activations import sigmoid as model_sigmoid
from nn_tutor.quiz.format import ROUNDED, exact, num, par
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


@dataclass(frozen=True)
class _Smooth:
    """How one smooth activation is asked about: its slope is written with its output a."""

    name: str  # the model's name
    g: str  # σ or tanh, as written in a formula
    definition: str
    slope: str  # the slope in terms of a
    steps: Callable[[float], str]  # a -> the slope worked out from a, ending in its value
    z_of_a: Callable[[float], float]


_SIGMOID = _Smooth(
    "sigmoid",
    "σ",
    "σ(z) = 1/(1 + e^(−z))",
    "a(1 − a)",
    lambda a: f"{num(a)} × (1 − {num(a)}) = {num(a)} × {num(1 - a)}",
    lambda a: math.log(a / (1 - a)),
)
_TANH = _Smooth(
    "tanh",
    "tanh",
    "tanh(z) = (e^z − e^(−z))/(e^z + e^(−z))",
    "1 − a²",
    lambda a: f"1 − {par(a)}² = 1 − {num(a * a)}",
    math.atanh,
)


def _build_smooth(act: _Smooth, p: dict) -> Draft:
    g = act.g
    if p["given"] == "z":
        z = p["value"]
        a = float(activate(act.name, np.float64(z)))
        at = f"{g}′({num(z)})"
        prompt = (
            f"{act.definition}. At z = {num(z)}, {g}(z) = {num(a)}.\n"
            f"What is {g}′(z), the slope of {g}, at z = {num(z)}? {ROUNDED}"
        )
        hint2 = f"Here a = {g}({num(z)}) = {num(a)}: put it into {act.slope}."
        given = f", with a = {g}(z).\na = {g}({num(z)}) = {num(a)}"
    else:
        a = p["value"]
        z = act.z_of_a(a)
        at = f"{g}′(z)"
        prompt = (
            f"A {act.name} unit outputs a = {g}(z) = {num(a)}.\nWhat is {g}′(z), the slope of {g}, at that z? {ROUNDED}"
        )
        hint2 = f"You do not need z: put a = {num(a)} into {act.slope}."
        given = "."
    answer = _d(act.name, z)
    solution = f"{g}′(z) = {act.slope}{given}\n{at} = {act.steps(a)} = {num(answer)}"
    hints = (f"The slope of {g} can be written with its own output: {g}′(z) = {act.slope}.", hint2)
    return Draft(prompt, exact(answer), "numeric", hints, solution)


def _build_relu(p: dict, slope: float = 0.0) -> Draft:
    """ReLU (slope 0 below 0) and leaky ReLU (a small slope below 0)."""
    low = num(slope)
    name, unit, g = ("ReLU", "ReLU", "max(0, z)") if slope == 0 else ("Leaky ReLU", "leaky ReLU", f"max({low}·z, z)")
    if p["given"] == "z":
        z = p["value"]
        prompt = f"{name}: g(z) = {g}.\nWhat is g′(z) at z = {num(z)}?"
        why = f"z = {num(z)} is {'above' if z > 0 else 'below'} 0"
        hint2 = f"z = {num(z)} is given: is it above or below 0?"
    else:
        a = p["value"]
        z = a if a > 0 else a / slope
        prompt = f"A {unit} unit, g(z) = {g}, outputs a = {num(a)}.\nWhat is g′(z) at that z?"
        if a > 0:
            why = f"a = {num(a)} > 0 means z = a = {num(a)} > 0"
        else:
            why = f"a = {num(a)} < 0 means z = a/{low} = {num(z)} < 0"
        hint2 = (
            f"a = {g} = {num(a)} is above 0: what does that say about z?"
            if slope == 0
            else f"The output has the same sign as z, and a = {num(a)}: which side of 0 is z on?"
        )
    answer = _d("relu" if slope == 0 else "leaky_relu", z)
    shape = (
        "ReLU is flat (slope 0) for z < 0 and the line a = z (slope 1) for z > 0."
        if slope == 0
        else f"Leaky ReLU has slope 1 for z > 0 and a small slope, {low}, for z < 0."
    )
    solution = f"g′(z) = 1 if z > 0, {low} if z < 0.\n{why}, so g′(z) = {num(answer)}."
    return Draft(prompt, exact(answer), "numeric", (shape, hint2), solution)


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
            f"By what factor is the gradient multiplied on the way? (the product of {k} σ′(0))\n" + ROUNDED
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
            "By what factor is the gradient multiplied on the way? (the product of the σ′(z))\n" + ROUNDED
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
    Generator(
        "sigmoid",
        _activation_spaces(_SIGMA_Z, _SIGMA_A),
        partial(_build_smooth, _SIGMOID),
        lesson="sigmoid-neuron",
    ),
    Generator(
        "tanh",
        _activation_spaces(_TANH_Z, _TANH_A),
        partial(_build_smooth, _TANH),
        lesson="activation-functions",
    ),
    Generator(
        "relu",
        _activation_spaces(_RELU_Z, _RELU_A),
        _build_relu,
        lesson="activation-functions",
    ),
    Generator(
        "leaky_relu",
        _activation_spaces(_RELU_Z, _LEAKY_A),
        partial(_build_relu, slope=LEAKY_SLOPE),
        lesson="activation-functions",
    ),
    Generator(
        "vanishing",
        (
            Space({"variant": ("best",), "zs": tuple((0.0,) * k for k in range(2, 11))}),
            *(Space({"variant": ("mixed",), "zs": Repeat(_VZ, k)}) for k in (2, 3, 4)),
        ),
        _build_vanishing,
        lesson="vanishing-gradients",
    ),
)
