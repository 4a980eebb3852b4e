"""Scalar computation graphs, stepped node by node: each node holds its value and its gradient.

Every operation sits beside its local derivative, so the chain rule reads off one screen:
a node's gradient is the sum, over the nodes that use it, of (their gradient) x (local slope).
"""

import math
from collections.abc import Callable
from dataclasses import dataclass


def _sigmoid(z):
    return 0.5 * (1.0 + math.tanh(0.5 * z))


def _clip(a):
    return min(max(a, 1e-15), 1 - 1e-15)


@dataclass(frozen=True)
class Op:
    """One operation: its value from its parents' values v (and a constant c), its local
    slopes ∂node/∂parent (given v, c and its own value), and how it is written."""

    value: Callable | None  # None for an input: its value is given
    slopes: Callable
    text: Callable  # (parent names, c) -> "b·c"


OPS = {
    "input": Op(None, lambda v, c, out: [], lambda n, c: "input"),
    "add": Op(lambda v, c: sum(v), lambda v, c, out: [1.0] * len(v), lambda n, c: " + ".join(n)),
    "mul": Op(lambda v, c: v[0] * v[1], lambda v, c, out: [v[1], v[0]], lambda n, c: "·".join(n)),
    "square": Op(lambda v, c: v[0] ** 2, lambda v, c, out: [2 * v[0]], lambda n, c: f"{n[0]}²"),
    "scale": Op(lambda v, c: c * v[0], lambda v, c, out: [c], lambda n, c: f"{c:g}·{n[0]}"),
    # σ'(z) = a(1 − a), from the node's own value a
    "sigmoid": Op(lambda v, c: _sigmoid(v[0]), lambda v, c, out: [out * (1 - out)], lambda n, c: f"σ({n[0]})"),
    # L(a, y) = −(y log a + (1 − y) log(1 − a)), y = c;  ∂L/∂a = −y/a + (1 − y)/(1 − a)
    "loss": Op(
        lambda v, c: -(c * math.log(_clip(v[0])) + (1 - c) * math.log(1 - _clip(v[0]))),
        lambda v, c, out: [-c / _clip(v[0]) + (1 - c) / (1 - _clip(v[0]))],
        lambda n, c: f"L({n[0]}, y={c:g})",
    ),
}


class Node:
    def __init__(self, name, op="input", parents=(), value=None, const=None):
        if op not in OPS:
            raise ValueError(f"unknown op {op!r}; expected one of {', '.join(OPS)}")
        self.name, self.op, self.parents, self.const = name, op, tuple(parents), const
        self.value = value
        self.grad = None
        self.paths = []  # (name of the node that passed it, amount): grad is their sum

    @property
    def text(self):
        """What the node computes, as the lesson writes it: `b·c`, `σ(z)`, `input`."""
        return OPS[self.op].text([p.name for p in self.parents], self.const)

    def __repr__(self):
        return f"Node({self.name}={self.value}, grad={self.grad})"


class Graph:
    """Nodes in the order forward visits them; backward visits them in reverse."""

    def __init__(self, nodes, formula="", accumulate=True):
        self.nodes = list(nodes)
        self.formula = formula
        self.accumulate = accumulate  # False shows the classic bug: a second path overwrites the first
        self.by_name = {n.name: n for n in self.nodes}
        self.reset()

    def __getitem__(self, name):
        return self.by_name[name]

    @property
    def output(self):
        return self.nodes[-1]

    def reset(self):
        """Inputs keep their values; every computed value and every gradient is cleared."""
        for n in self.nodes:
            if n.op != "input":
                n.value = None
            n.grad = None
            n.paths = []
        self.cursor = 0  # next node to compute going forward
        self.back_cursor = None  # next node to visit going backward
        self.current = None  # name of the node just visited

    def forward_step(self):
        """Compute the next node's value. Returns that node, or None when forward is done."""
        while self.cursor < len(self.nodes):
            node = self.nodes[self.cursor]
            self.cursor += 1
            if node.op != "input":
                node.value = OPS[node.op].value([p.value for p in node.parents], node.const)
                self.current = node.name
                return node
        return None

    def backward_step(self):
        """Give the next node (output first) its gradient. Returns it, or None when done."""
        if self.cursor < len(self.nodes):
            return self.forward_step()
        if self.back_cursor is None:
            for n in self.nodes:
                n.grad = 0.0
            self.output.grad = 1.0
            self.back_cursor = len(self.nodes) - 1
            self.current = self.output.name
            self._push(self.output)
            self.back_cursor -= 1
            return self.output
        if self.back_cursor < 0:
            return None
        node = self.nodes[self.back_cursor]
        self.back_cursor -= 1
        self._push(node)
        self.current = node.name
        return node

    def _push(self, node):
        # chain rule: each parent collects (this node's gradient) x (local slope), summed over
        # every node that uses it
        values = [p.value for p in node.parents]
        for parent, slope in zip(node.parents, OPS[node.op].slopes(values, node.const, node.value)):
            amount = node.grad * slope
            parent.paths.append((node.name, amount))
            parent.grad = parent.grad + amount if self.accumulate else amount

    def step(self):
        """One node forward, then (once forward is done) one node backward."""
        return self.forward_step() if self.cursor < len(self.nodes) else self.backward_step()

    @property
    def done(self):
        return self.cursor >= len(self.nodes) and self.back_cursor is not None and self.back_cursor < 0

    def run(self):
        """Forward and backward to the end. Returns the output node."""
        while not self.done:
            self.step()
        return self.output


def abc_graph(a=5.0, b=3.0, c=2.0):
    """J = 3(a + b·c), as u = b·c, v = a + u, J = 3v."""
    na, nb, nc = Node("a", value=float(a)), Node("b", value=float(b)), Node("c", value=float(c))
    u = Node("u", "mul", (nb, nc))
    v = Node("v", "add", (na, u))
    J = Node("J", "scale", (v,), const=3.0)
    return Graph([na, nb, nc, u, v, J], formula="u = b·c,  v = a + u,  J = 3v")


def logistic_graph(w1=0.5, w2=-0.3, b=0.1, x1=1.0, x2=2.0, y=1.0):
    """z = w1·x1 + w2·x2 + b, a = σ(z), L(a, y) = −(y log a + (1 − y) log(1 − a))."""
    nx1, nw1 = Node("x1", value=float(x1)), Node("w1", value=float(w1))
    nx2, nw2 = Node("x2", value=float(x2)), Node("w2", value=float(w2))
    nb = Node("b", value=float(b))
    p1 = Node("w1·x1", "mul", (nw1, nx1))
    p2 = Node("w2·x2", "mul", (nw2, nx2))
    z = Node("z", "add", (p1, p2, nb))
    a = Node("a", "sigmoid", (z,))
    L = Node("L", "loss", (a,), const=float(y))
    return Graph(
        [nx1, nw1, nx2, nw2, nb, p1, p2, z, a, L],
        formula="z = w1·x1 + w2·x2 + b,  a = σ(z),  L = −(y log a + (1−y) log(1−a))",
    )


def shared_graph(a=3.0, b=2.0, accumulate=True):
    """J = a·b + a², as u = a·b, v = a², J = u + v: a reaches J along two paths, and
    ∂J/∂a = b + 2a is their sum."""
    na, nb = Node("a", value=float(a)), Node("b", value=float(b))
    u = Node("u", "mul", (na, nb))
    v = Node("v", "square", (na,))
    J = Node("J", "add", (u, v))
    return Graph([na, nb, u, v, J], formula="u = a·b,  v = a²,  J = u + v", accumulate=accumulate)


GRAPHS = {"abc": abc_graph, "logistic": logistic_graph, "shared": shared_graph}
