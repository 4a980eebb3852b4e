"""Questions answered with a formula: the derivatives of sigmoid, tanh and the loss."""

from __future__ import annotations

from nn_tutor.quiz.space import Draft, Generator, Space

_LOSS = "L(a, y) = −(y·log a + (1 − y)·log(1 − a))"
SYMBOLIC = {
    "sigmoid_z": (
        "σ(z) = 1/(1 + e^(−z)). Write σ′(z) in terms of z (σ(z) may appear).",
        "sigma(z)*(1 - sigma(z)) where a = sigma(z)",
        (
            "Write σ(z) = (1 + e^(−z))^(−1) and use the chain rule.",
            "You get e^(−z)/(1 + e^(−z))²; split it as 1/(1 + e^(−z)) · e^(−z)/(1 + e^(−z)).",
        ),
        "σ′(z) = −(1 + e^(−z))^(−2) · (−e^(−z)) = e^(−z)/(1 + e^(−z))²\n"
        "      = 1/(1 + e^(−z)) · e^(−z)/(1 + e^(−z)) = σ(z)·(1 − σ(z)),\n"
        "because e^(−z)/(1 + e^(−z)) = 1 − 1/(1 + e^(−z)) = 1 − σ(z).",
    ),
    "sigmoid_a": (
        "A sigmoid unit outputs a = σ(z). Write σ′(z) in terms of a.",
        "a*(1 - a) where a = sigma(z)",
        (
            "First find σ′(z) = e^(−z)/(1 + e^(−z))².",
            "Notice 1 − σ(z) = e^(−z)/(1 + e^(−z)).",
        ),
        "σ′(z) = e^(−z)/(1 + e^(−z))² = σ(z)·(1 − σ(z)) = a(1 − a).",
    ),
    "tanh_z": (
        "Write tanh′(z) in terms of z (tanh(z) may appear).",
        "1 - tanh(z)^2 where a = tanh(z)",
        (
            "tanh(z) = sinh(z)/cosh(z); use the quotient rule.",
            "cosh² − sinh² = 1.",
        ),
        "tanh′(z) = (cosh²(z) − sinh²(z))/cosh²(z) = 1 − sinh²(z)/cosh²(z) = 1 − tanh²(z).",
    ),
    "tanh_a": (
        "A tanh unit outputs a = tanh(z). Write tanh′(z) in terms of a.",
        "1 - a^2 where a = tanh(z)",
        (
            "First find tanh′(z) with the quotient rule on sinh(z)/cosh(z).",
            "You get 1 − tanh²(z); now replace tanh(z) by a.",
        ),
        "tanh′(z) = 1 − tanh²(z) = 1 − a².",
    ),
    "loss_y1": (
        f"{_LOSS}.\nFor an example with y = 1, write ∂L/∂a in terms of a.",
        "-1/a",
        ("With y = 1 the loss is L = −log a.", "d(log a)/da = 1/a."),
        "With y = 1: L = −(1·log a + 0·log(1 − a)) = −log a, so ∂L/∂a = −1/a.",
    ),
    "loss_y0": (
        f"{_LOSS}.\nFor an example with y = 0, write ∂L/∂a in terms of a.",
        "1/(1 - a)",
        (
            "With y = 0 the loss is L = −log(1 − a).",
            "d(log(1 − a))/da = −1/(1 − a), by the chain rule.",
        ),
        "With y = 0: L = −log(1 − a), so ∂L/∂a = −(−1/(1 − a)) = 1/(1 − a).",
    ),
}


def _build_symbolic(p: dict) -> Draft:
    prompt, expected, hints, solution = SYMBOLIC[p["form"]]
    prompt += "\nType a formula: use a, z, e^…, exp(), tanh(), σ() or sigmoid(), log()."
    return Draft(prompt, expected, "symbolic", hints, solution)


# tanh′ and ∂L/∂a as formulas
GENERATORS = (
    Generator(
        "symbolic",
        (Space({"form": tuple(SYMBOLIC)}),),
        _build_symbolic,
        lesson="activation-functions",
    ),
)
