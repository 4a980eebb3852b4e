"""Question generators, one per topic, random but reproducible from a seed.

Every answer is computed by the model itself (`nn_tutor.model`): the activations'
derivatives, the computation graph, forward/backward/update. A generator draws its numbers
from a finite space of choices, so the number of distinct questions a topic can ask is
known (`count_questions`), and a question's id is derived from its numbers, so the same
question always has the same id.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import product

import numpy as np

from nn_tutor.model import backward, forward, init_params, update
from nn_tutor.model.activations import LEAKY_SLOPE, derivative
from nn_tutor.model.activations import sigmoid as model_sigmoid
from nn_tutor.model.activations import tanh as model_tanh
from nn_tutor.model.graph import Graph, Node, abc_graph
from nn_tutor.names import QUIZ_TOPICS
from nn_tutor.quiz.question import Question

TOPICS = QUIZ_TOPICS


# ---------------------------------------------------------------- formatting


def num(x: float, digits: int = 6) -> str:
    """A number as a learner would write it: 0.25, -1.5, 0.880797 (never -0)."""
    x = float(x)
    if abs(x) < 1e-12:
        return "0"
    return f"{x:.{digits}g}"


def exact(x: float) -> str:
    """An expected answer, with enough digits that rounding never matters."""
    x = float(x)
    return "0" if abs(x) < 1e-15 else repr(x)


def signed_sum(values) -> str:
    """0.4 + 0.6, −0.6 − 0.6: a sum written with its signs."""
    text = num(values[0])
    for v in values[1:]:
        text += f" − {num(-v)}" if v < 0 else f" + {num(v)}"
    return text


def matrix(values, digits: int = 6) -> str:
    """[[0.1, -0.2], [0.3, 0.4]] on one line."""
    rows = np.atleast_2d(np.asarray(values, dtype=float))
    return "[" + ", ".join("[" + ", ".join(num(v, digits) for v in r) + "]" for r in rows) + "]"


def matrix_exact(values) -> str:
    rows = np.atleast_2d(np.asarray(values, dtype=float))
    return "[" + ", ".join("[" + ", ".join(exact(v) for v in r) + "]" for r in rows) + "]"


def matrix_block(name: str, values, indent: str = "  ") -> str:
    """A matrix over several lines, entries lined up, for prompts."""
    rows = np.atleast_2d(np.asarray(values, dtype=float))
    cells = [[num(v) for v in r] for r in rows]
    width = max(len(c) for r in cells for c in r)
    lines = ["[" + ", ".join(c.rjust(width) for c in r) + "]" for r in cells]
    pad = indent + " " * (len(name) + 4)
    body = f",\n{pad}".join(lines)
    return f"{indent}{name} = [{body}]"


# ---------------------------------------------------------------- choice spaces


@dataclass(frozen=True)
class Repeat:
    """k values drawn (with repetition) from `values`, e.g. the entries of a matrix."""

    values: tuple
    k: int

    def __len__(self) -> int:
        return len(self.values) ** self.k


@dataclass(frozen=True)
class Space:
    """A product of choices; `valid` filters out combinations that would make a poor question."""

    choices: dict
    valid: Callable[[dict], bool] | None = None

    def size(self) -> int:
        if self.valid is None:
            return math.prod(len(v) for v in self.choices.values())
        return sum(1 for params in self.each() if self.valid(params))

    def each(self) -> Iterable[dict]:
        names = list(self.choices)
        options = [
            list(product(v.values, repeat=v.k)) if isinstance(v, Repeat) else v
            for v in self.choices.values()
        ]
        for combo in product(*options):
            yield dict(zip(names, combo))

    def draw(self, rng: np.random.Generator) -> dict:
        for _ in range(1000):
            params = {}
            for name, options in self.choices.items():
                if isinstance(options, Repeat):
                    params[name] = tuple(
                        options.values[int(i)]
                        for i in rng.integers(len(options.values), size=options.k)
                    )
                else:
                    params[name] = options[int(rng.integers(len(options)))]
            if self.valid is None or self.valid(params):
                return params
        raise RuntimeError("no valid question found")  # pragma: no cover


@dataclass(frozen=True)
class Generator:
    """A topic's questions: one or more spaces of numbers and a function building the text.

    `build(params)` returns (prompt, expected, kind, hints, solution)."""

    topic: str
    spaces: tuple[Space, ...]
    build: Callable[[dict], tuple]
    _count: list = field(default_factory=list, compare=False)

    def count(self) -> int:
        if not self._count:
            self._count.append(sum(s.size() for s in self.spaces))
        return self._count[0]

    def draw(self, rng: np.random.Generator) -> dict:
        space = self.spaces[int(rng.integers(len(self.spaces)))]
        return space.draw(rng)

    def question(self, params: dict) -> Question:
        prompt, expected, kind, hints, solution = self.build(params)
        key = json.dumps(params, sort_keys=True, default=list)
        digest = hashlib.sha1(f"{self.topic}:{key}".encode()).hexdigest()[:12]
        return Question(
            topic=self.topic,
            prompt=prompt,
            expected=expected,
            kind=kind,
            hints=tuple(hints),
            solution=solution,
            id=f"{self.topic}-{digest}",
        )


def _d(name: str, z: float) -> float:
    """g'(z) from the model, as a Python float."""
    return float(derivative(name, z))


# ---------------------------------------------------------------- activation values

_SIGMA_Z = (-3.0, -2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 3.0)
_SIGMA_A = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
_TANH_Z = (-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0)
_TANH_A = (-0.9, -0.6, -0.3, 0.0, 0.2, 0.5, 0.8)
_RELU_Z = (-3.0, -2.0, -1.5, -1.0, -0.5, 0.5, 1.0, 1.5, 2.0, 3.0)
_RELU_A = (0.5, 1.0, 2.0, 3.0)
_LEAKY_A = (-0.03, -0.02, -0.01, -0.005, 0.5, 1.0, 2.0)


def _build_sigmoid(p: dict) -> tuple:
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
    return prompt, exact(answer), "numeric", hints, solution


def _build_tanh(p: dict) -> tuple:
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
    return prompt, exact(answer), "numeric", hints, solution


def _build_relu(p: dict) -> tuple:
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
    return prompt, exact(answer), "numeric", hints, solution


def _build_leaky_relu(p: dict) -> tuple:
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
    return prompt, exact(answer), "numeric", hints, solution


# ---------------------------------------------------------------- symbolic derivatives

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


def _build_symbolic(p: dict) -> tuple:
    prompt, expected, hints, solution = SYMBOLIC[p["form"]]
    prompt += "\nType a formula: use a, z, e^…, exp(), tanh(), σ() or sigmoid(), log()."
    return prompt, expected, "symbolic", hints, solution


# ---------------------------------------------------------------- chain rule on a graph

_ABC = (-4.0, -3.0, -2.0, -1.0, 1.0, 2.0, 3.0, 4.0, 5.0)


def chain_graph(form: str, k: float, a: float, b: float, c: float) -> Graph:
    """The graph for one chain-rule question, built from the model's graph nodes."""
    if form == "k(a+bc)" and k == 3.0:
        return abc_graph(a, b, c)
    na, nb, nc = Node("a", value=a), Node("b", value=b), Node("c", value=c)
    if form == "k(a+bc)":
        u = Node("u", "mul", (nb, nc))
        v = Node("v", "add", (na, u))
        J = Node("J", "scale", (v,), const=k)
        return Graph([na, nb, nc, u, v, J], formula=f"u = b·c,  v = a + u,  J = {num(k)}v")
    if form == "(a+b)c":
        u = Node("u", "add", (na, nb))
        J = Node("J", "mul", (u, nc))
        return Graph([na, nb, nc, u, J], formula="u = a + b,  J = u·c")
    u = Node("u", "mul", (na, nb))  # k·a·b + c
    v = Node("v", "scale", (u,), const=k)
    J = Node("J", "add", (v, nc))
    return Graph([na, nb, nc, u, v, J], formula=f"u = a·b,  v = {num(k)}u,  J = v + c")


def _chain_formula(form: str, k: float) -> str:
    return {
        "k(a+bc)": f"J = {num(k)}(a + b·c)",
        "(a+b)c": "J = (a + b)·c",
        "kab+c": f"J = {num(k)}·a·b + c",
    }[form]


def _slope_text(node: Node, parent: Node) -> tuple[str, str]:
    """The local slope ∂node/∂parent as a formula and as a number."""
    if node.op == "add":
        return "1", "1"
    if node.op == "scale":
        return num(node.const), num(node.const)
    other = node.parents[1] if node.parents[0] is parent else node.parents[0]
    return other.name, num(other.value)


def _build_chain(p: dict) -> tuple:
    form, k, wrt = p["form"], p["k"], p["wrt"]
    a, b, c = p["abc"]
    graph = chain_graph(form, k, a, b, c)
    graph.run()
    answer = graph[wrt].grad
    values = f"a = {num(a)}, b = {num(b)}, c = {num(c)}"
    prompt = (
        f"{_chain_formula(form, k)}  with  {values}.\n"
        f"Computation graph: {graph.formula}.\n"
        f"What is ∂J/∂{wrt}?"
    )
    # the path from J back to the asked input: a tree, so each node has one child
    path = [graph[wrt]]
    while path[-1] is not graph.output:
        path.append(next(n for n in graph.nodes if path[-1] in n.parents))
    path.reverse()  # J, ..., wrt
    names = " · ".join(f"∂{n.name}/∂{m.name}" for n, m in zip(path, path[1:]))
    slopes = [_slope_text(n, m) for n, m in zip(path, path[1:])]
    forward_lines = []
    for node in graph.nodes:
        if node.op != "input":
            expr = graph.formula.split(",  ")[len(forward_lines)].split(" = ", 1)[1]
            forward_lines.append(f"{node.name} = {expr} = {num(node.value)}")
    solution = (
        "Forward:  " + ",  ".join(forward_lines) + "\n"
        f"Backward: ∂J/∂{wrt} = {names}\n"
        f"        = {' · '.join(s[0] for s in slopes)}"
        f" = {' · '.join(s[1] for s in slopes)} = {num(answer)}"
    )
    hints = (
        f"Go backwards from J to {wrt}, multiplying the local slope of each step.",
        f"The path is {' → '.join(n.name for n in path)}; "
        "an add passes the gradient unchanged, a product multiplies by the other factor.",
    )
    return prompt, exact(answer), "numeric", hints, solution


# ---------------------------------------------------------------- logistic regression

_X = (-2.0, -1.0, 1.0, 2.0, 3.0)
_W = (-0.5, -0.3, 0.2, 0.4, 0.6)
_B = (-0.5, 0.0, 0.5)


def logistic_step(x, w, b, y) -> tuple[dict, dict]:
    """Forward and backward for one example, by the model with layers [2, 1]."""
    params = {"W1": np.array([w], dtype=float), "b1": np.array([[b]], dtype=float)}
    X = np.array(x, dtype=float).reshape(2, 1)
    Y = np.array([[y]], dtype=float)
    cache = forward(params, X, ["sigmoid"])
    return cache, backward(params, cache, Y, ["sigmoid"])


def _build_logistic(p: dict) -> tuple:
    x, w, b, y, ask = p["x"], p["w"], p["b"], p["y"], p["ask"]
    cache, grads = logistic_step(x, w, b, y)
    z, a = float(cache["Z1"][0, 0]), float(cache["A1"][0, 0])
    dz = float(grads["dZ1"][0, 0])
    answer = {
        "dz": dz,
        "dw1": float(grads["dW1"][0, 0]),
        "dw2": float(grads["dW1"][0, 1]),
        "db": float(grads["db1"][0, 0]),
    }[ask]
    label = {"dz": "dz = ∂L/∂z", "dw1": "dw₁ = ∂L/∂w₁", "dw2": "dw₂ = ∂L/∂w₂", "db": "db = ∂L/∂b"}
    prompt = (
        "Logistic regression on one example, with the cross-entropy loss:\n"
        f"x = ({num(x[0])}, {num(x[1])}),  w = ({num(w[0])}, {num(w[1])}),  b = {num(b)},  y = {num(y)}.\n"
        f"Forward: z = w₁x₁ + w₂x₂ + b = {num(z)},  a = σ(z) = {num(a)}.\n"
        f"What is {label[ask]}?"
    )
    lines = [
        "∂L/∂a = −y/a + (1 − y)/(1 − a) and ∂a/∂z = a(1 − a), so",
        f"dz = ∂L/∂a · ∂a/∂z = a − y = {num(a)} − {num(y)} = {num(dz)}",
    ]
    if ask in ("dw1", "dw2"):
        i = 0 if ask == "dw1" else 1
        sub = "₁" if i == 0 else "₂"
        lines.append(
            f"dw{sub} = ∂L/∂z · ∂z/∂w{sub} = x{sub}·dz = {num(x[i])} × {num(dz)} = {num(answer)}"
        )
    elif ask == "db":
        lines.append(f"db = ∂L/∂z · ∂z/∂b = dz · 1 = {num(answer)}")
    hints = (
        "For a sigmoid output with the cross-entropy loss, dz = a − y.",
        "Then dwᵢ = xᵢ·dz and db = dz." if ask != "dz" else f"Here a = {num(a)} and y = {num(y)}.",
    )
    return prompt, exact(answer), "numeric", hints, "\n".join(lines)


# ---------------------------------------------------------------- one step of a 2-layer net

_A1 = (-0.8, -0.5, -0.2, 0.1, 0.3, 0.6, 0.9)
_A2 = (0.1, 0.2, 0.4, 0.6, 0.7, 0.9)
_W2 = (-1.0, -0.5, 0.5, 1.0, 2.0)
_M = 2


def two_layer_step(n_h: int, A1, A2, Y, W2) -> dict:
    """The model's backward pass (tanh hidden layer, sigmoid output) from given activations."""
    A1 = np.array(A1, dtype=float).reshape(n_h, _M)
    A2 = np.array(A2, dtype=float).reshape(1, _M)
    params = {
        "W1": np.zeros((n_h, 2)),
        "b1": np.zeros((n_h, 1)),
        "W2": np.array(W2, dtype=float).reshape(1, n_h),
        "b2": np.zeros((1, 1)),
    }
    cache = {
        "A0": np.zeros((2, _M)),
        "Z1": np.arctanh(A1),
        "A1": A1,
        "Z2": np.log(A2 / (1 - A2)),
        "A2": A2,
    }
    return backward(params, cache, np.array(Y, dtype=float).reshape(1, _M), ["tanh", "sigmoid"])


def _build_two_layer(p: dict) -> tuple:
    n_h, ask = p["n_h"], p["ask"]
    A1 = np.array(p["A1"][: n_h * _M]).reshape(n_h, _M)
    A2 = np.array(p["A2"]).reshape(1, _M)
    Y = np.array(p["Y"], dtype=float).reshape(1, _M)
    W2 = np.array(p["W2"][:n_h]).reshape(1, n_h)
    grads = two_layer_step(n_h, A1, A2, Y, W2)
    answer = grads[ask]
    dZ2 = grads["dZ2"]
    shape = f"{answer.shape[0]}×{answer.shape[1]}"
    prompt = (
        f"A 2-layer network (tanh hidden layer of {n_h} units, sigmoid output), "
        f"m = {_M} examples.\nAfter the forward pass:\n"
        f"{matrix_block('A1', A1)}\n"
        f"{matrix_block('A2', A2)}   {matrix_block('Y', Y, indent='')}\n"
        f"{matrix_block('W2', W2)}\n"
    )
    steps = [f"dZ2 = A2 − Y = {matrix(dZ2)}"]
    if ask == "dW2":
        steps.append(f"dW2 = (1/m)·dZ2·A1ᵀ = (1/{_M}) · {matrix(dZ2)} · A1ᵀ = {matrix(answer)}")
    elif ask == "db2":
        steps.append(f"db2 = (1/m)·Σ dZ2 = ({signed_sum(dZ2[0])})/{_M} = {num(answer[0, 0])}")
    elif ask == "dZ1":
        steps.append(f"W2ᵀ·dZ2 = {matrix(W2.T @ dZ2)}")
        steps.append(f"1 − A1² = {matrix(1 - A1**2)}   (tanh′ written with A1)")
        steps.append(f"dZ1 = W2ᵀ·dZ2 ∗ (1 − A1²), entry by entry\n    = {matrix(answer)}")
    hints = {
        "dZ2": (
            "For a sigmoid output with cross-entropy, dZ2 = A2 − Y.",
            "Subtract entry by entry.",
        ),
        "dW2": (
            "dW2 = (1/m)·dZ2·A1ᵀ, and dZ2 = A2 − Y.",
            f"dZ2 = {matrix(dZ2)}; the result has the shape of W2, {shape}.",
        ),
        "db2": ("db2 = (1/m)·(sum of the entries of dZ2).", f"dZ2 = A2 − Y = {matrix(dZ2)}."),
        "dZ1": (
            "dZ1 = W2ᵀ·dZ2 ∗ g′(Z1), with g′(Z1) = 1 − A1² for tanh (∗: entry by entry).",
            f"dZ2 = {matrix(dZ2)}; W2ᵀ·dZ2 is {n_h}×{_M}.",
        ),
    }[ask]
    if ask == "db2":
        prompt += "What is db2? (a single number)"
        return prompt, exact(answer[0, 0]), "numeric", hints, "\n".join(steps)
    prompt += f"What is {ask}? Type a {shape} matrix as [[row 1], [row 2], ...]."
    return prompt, matrix_exact(answer), "matrix", hints, "\n".join(steps)


# ---------------------------------------------------------------- shapes

SHAPE_NAMES = (
    "X",
    "W1",
    "b1",
    "Z1",
    "A1",
    "W2",
    "b2",
    "Z2",
    "A2",
    "dZ2",
    "dW2",
    "db2",
    "dZ1",
    "dW1",
    "db1",
)


def network_shapes(n_x: int, n_h: int, m: int) -> dict[str, tuple[int, ...]]:
    """The shape of every array of a [n_x, n_h, 1] network on m examples, from the model."""
    params = init_params([n_x, n_h, 1], init="small_random", seed=0)
    X, Y = np.zeros((n_x, m)), np.zeros((1, m))
    cache = forward(params, X, ["tanh", "sigmoid"])
    grads = backward(params, cache, Y, ["tanh", "sigmoid"])
    arrays = {**params, **cache, **grads, "X": X}
    return {name: tuple(arrays[name].shape) for name in SHAPE_NAMES}


def _build_shapes(p: dict) -> tuple:
    n_x, n_h, m, name = p["n_x"], p["n_h"], p["m"], p["name"]
    shape = network_shapes(n_x, n_h, m)[name]
    expected = f"({shape[0]}, {shape[1]})"
    prompt = (
        f"A 2-layer network: n_x = {n_x} inputs, n_h = {n_h} hidden units, 1 output unit,\n"
        f"trained on m = {m} examples stacked as columns (X is n_x × m).\n"
        f"What is the shape of {name}? Type it as (rows, columns)."
    )
    base = name[1:] if name.startswith("d") else name
    rules = {
        "X": "X holds one example per column: (n_x, m).",
        "W1": "W1 maps n_x inputs to n_h units: (n_h, n_x).",
        "b1": "One bias per hidden unit: (n_h, 1).",
        "Z1": "Z1 = W1·X + b1: (n_h, n_x)·(n_x, m) gives (n_h, m).",
        "A1": "A1 = g(Z1) has the shape of Z1: (n_h, m).",
        "W2": "W2 maps n_h units to 1 output: (1, n_h).",
        "b2": "One bias for the one output unit: (1, 1).",
        "Z2": "Z2 = W2·A1 + b2: (1, n_h)·(n_h, m) gives (1, m).",
        "A2": "A2 = σ(Z2) has the shape of Z2: (1, m).",
    }
    rule = rules[base]
    if name != base:
        rule = (
            f"A gradient has the shape of what it is the gradient of: {name} is like {base}. "
            + rule
        )
    solution = f"{rule}\nWith n_x = {n_x}, n_h = {n_h}, m = {m}: shape of {name} = {expected}."
    hints = (
        "A gradient dV always has the same shape as V."
        if name != base
        else "Weights are (units in this layer, units in the layer before).",
        "Columns are examples; rows are units (or input features).",
    )
    return prompt, expected, "shape", hints, solution


# ---------------------------------------------------------------- one update

_UW = (-1.5, -0.8, -0.3, 0.2, 0.5, 1.0, 2.0)
_ALPHA = (0.01, 0.05, 0.1, 0.5, 1.0, 1.2)
_DW = (-0.6, -0.25, -0.1, 0.05, 0.2, 0.4, 0.75)


def _build_update(p: dict) -> tuple:
    w, alpha, dw, which = p["w"], p["alpha"], p["dw"], p["which"]
    params = {"W1": np.array([[w]]), "b1": np.array([[w]])}
    grads = {"dW1": np.array([[dw]]), "db1": np.array([[dw]])}
    new = update(params, grads, alpha)
    answer = float(new["W1" if which == "w" else "b1"][0, 0])
    prompt = (
        f"Gradient descent, one step, learning rate α = {num(alpha)}.\n"
        f"Now {which} = {num(w)} and d{which} = ∂J/∂{which} = {num(dw)}.\n"
        f"What is the new value of {which}?"
    )
    solution = (
        f"{which} := {which} − α·d{which} = {num(w)} − {num(alpha)} × {num(dw)}"
        f" = {num(w)} − {num(alpha * dw)} = {num(answer)}"
    )
    hints = (
        f"Gradient descent moves against the gradient: {which} := {which} − α·d{which}.",
        f"α·d{which} = {num(alpha)} × {num(dw)}."
        if dw >= 0
        else "Mind the sign: d" + which + " is negative, so the step goes up.",
    )
    return prompt, exact(answer), "numeric", hints, solution


# ---------------------------------------------------------------- vanishing gradients

_VZ = (-2.0, -1.0, 0.0, 1.0, 2.0)


def _build_vanishing(p: dict) -> tuple:
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
    return prompt, exact(answer), "numeric", hints, solution


# ---------------------------------------------------------------- the registry


def _activation_spaces(z_values: tuple, a_values: tuple) -> tuple[Space, ...]:
    return (
        Space({"given": ("z",), "value": z_values}),
        Space({"given": ("a",), "value": a_values}),
    )


def _distinct_sizes(p: dict) -> bool:
    return len({p["n_x"], p["n_h"], p["m"]}) == 3


GENERATORS: dict[str, Generator] = {
    g.topic: g
    for g in (
        Generator("sigmoid", _activation_spaces(_SIGMA_Z, _SIGMA_A), _build_sigmoid),
        Generator("tanh", _activation_spaces(_TANH_Z, _TANH_A), _build_tanh),
        Generator("relu", _activation_spaces(_RELU_Z, _RELU_A), _build_relu),
        Generator("leaky_relu", _activation_spaces(_RELU_Z, _LEAKY_A), _build_leaky_relu),
        Generator("symbolic", (Space({"form": tuple(SYMBOLIC)}),), _build_symbolic),
        Generator(
            "chain",
            (
                Space(
                    {
                        "form": ("k(a+bc)",),
                        "k": (2.0, 3.0, 4.0, 5.0),
                        "abc": Repeat(_ABC, 3),
                        "wrt": ("a", "b", "c"),
                    }
                ),
                Space(
                    {
                        "form": ("(a+b)c",),
                        "k": (1.0,),
                        "abc": Repeat(_ABC, 3),
                        "wrt": ("a", "b", "c"),
                    }
                ),
                Space(
                    {
                        "form": ("kab+c",),
                        "k": (2.0, 3.0, 4.0),
                        "abc": Repeat(_ABC, 3),
                        "wrt": ("a", "b", "c"),
                    }
                ),
            ),
            _build_chain,
        ),
        Generator(
            "logistic",
            (
                Space(
                    {
                        "x": Repeat(_X, 2),
                        "w": Repeat(_W, 2),
                        "b": _B,
                        "y": (0.0, 1.0),
                        "ask": ("dz", "dw1", "dw2", "db"),
                    }
                ),
            ),
            _build_logistic,
        ),
        Generator(
            "two_layer",
            tuple(
                Space(
                    {
                        "n_h": (n_h,),
                        "A1": Repeat(_A1, n_h * _M),
                        "A2": Repeat(_A2, _M),
                        "Y": Repeat((0.0, 1.0), _M),
                        "W2": Repeat(_W2, n_h),
                        "ask": ("dZ2", "dW2", "db2", "dZ1"),
                    }
                )
                for n_h in (2, 3)
            ),
            _build_two_layer,
        ),
        Generator(
            "shapes",
            (
                Space(
                    {
                        "n_x": (2, 3, 4, 5, 6),
                        "n_h": (2, 3, 4, 5, 6, 7, 8),
                        "m": (3, 4, 5, 8, 10, 12, 20, 50),
                        "name": SHAPE_NAMES,
                    },
                    valid=_distinct_sizes,
                ),
            ),
            _build_shapes,
        ),
        Generator(
            "update",
            (Space({"w": _UW, "alpha": _ALPHA, "dw": _DW, "which": ("w", "b")}),),
            _build_update,
        ),
        Generator(
            "vanishing",
            (
                Space({"variant": ("best",), "zs": tuple((0.0,) * k for k in range(2, 11))}),
                *(Space({"variant": ("mixed",), "zs": Repeat(_VZ, k)}) for k in (2, 3, 4)),
            ),
            _build_vanishing,
        ),
    )
}


# ---------------------------------------------------------------- public functions


def check_topics(topics: Iterable[str] | None) -> list[str]:
    """The topics asked for, all of them when None; ValueError names any unknown one."""
    if topics is None:
        return list(TOPICS)
    chosen = list(dict.fromkeys(topics))
    unknown = [t for t in chosen if t not in GENERATORS]
    if unknown:
        raise ValueError(
            f"unknown quiz topic {', '.join(map(repr, unknown))}; choose from: {', '.join(TOPICS)}"
        )
    if not chosen:
        raise ValueError(f"no quiz topic given; choose from: {', '.join(TOPICS)}")
    return chosen


def generate(topic: str, rng: np.random.Generator) -> Question:
    """One random question on `topic`, drawn with `rng` (same rng state, same question)."""
    generator = GENERATORS[check_topics([topic])[0]]
    return generator.question(generator.draw(rng))


def count_questions(topic: str) -> int:
    """How many distinct questions `topic` can generate."""
    return GENERATORS[check_topics([topic])[0]].count()


def make_quiz(
    topics: Iterable[str] | None = None, count: int = 10, seed: int | None = None
) -> list[Question]:
    """`count` questions cycling through `topics` in a shuffled order, none repeated."""
    chosen = check_topics(topics)
    if count < 0:
        raise ValueError(f"the number of questions must be at least 0, got {count}")
    rng = np.random.default_rng(seed)
    order = [chosen[int(i)] for i in rng.permutation(len(chosen))]
    questions: list[Question] = []
    seen: set[str] = set()
    for i in range(count):
        topic = order[i % len(order)]
        for _ in range(20):  # small topics may repeat once their questions run out
            question = generate(topic, rng)
            if question.id not in seen:
                break
        seen.add(question.id)
        questions.append(question)
    return questions
