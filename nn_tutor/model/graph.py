"""Scalar computation graphs, stepped node by node: each node holds its value and its gradient.

Every operation sits beside its local derivative, so the chain rule reads off one screen:
a node's gradient is the sum, over the nodes that use it, of (their gradient) x (local slope).
"""

import math


class Node:
    def __init__(self, name, op="input", parents=(), value=None, const=None):
        self.name, self.op, self.parents, self.const = name, op, tuple(parents), const
        self.value = value
        self.grad = None

    def __repr__(self):
        return f"Node({self.name}={self.value}, grad={self.grad})"


def _sigmoid(z):
    return 0.5 * (1.0 + math.tanh(0.5 * z))


def _value(node):
    """The node's value from its parents' values."""
    v = [p.value for p in node.parents]
    if node.op == "add":
        return sum(v)
    if node.op == "mul":
        return v[0] * v[1]
    if node.op == "scale":
        return node.const * v[0]
    if node.op == "sigmoid":
        return _sigmoid(v[0])
    if node.op == "loss":  # L(a, y) = −(y log a + (1 − y) log(1 − a)); y is node.const
        a, y = min(max(v[0], 1e-15), 1 - 1e-15), node.const
        return -(y * math.log(a) + (1 - y) * math.log(1 - a))
    raise ValueError(f"unknown op {node.op!r}")


def _local_slopes(node):
    """∂node/∂parent for each parent."""
    v = [p.value for p in node.parents]
    if node.op == "input":
        return []
    if node.op == "add":
        return [1.0] * len(v)
    if node.op == "mul":
        return [v[1], v[0]]
    if node.op == "scale":
        return [node.const]
    if node.op == "sigmoid":
        a = node.value
        return [a * (1 - a)]                      # σ'(z) = a(1 − a)
    if node.op == "loss":
        a, y = min(max(v[0], 1e-15), 1 - 1e-15), node.const
        return [-y / a + (1 - y) / (1 - a)]       # ∂L/∂a
    raise ValueError(f"unknown op {node.op!r}")


class Graph:
    """Nodes in the order forward visits them; backward visits them in reverse."""

    def __init__(self, nodes, formula=""):
        self.nodes = list(nodes)
        self.formula = formula
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
        self.cursor = 0            # next node to compute going forward
        self.back_cursor = None    # next node to visit going backward
        self.current = None        # name of the node just visited

    def forward_step(self):
        """Compute the next node's value. Returns that node, or None when forward is done."""
        while self.cursor < len(self.nodes):
            node = self.nodes[self.cursor]
            self.cursor += 1
            if node.op != "input":
                node.value = _value(node)
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
        # chain rule: each parent collects (this node's gradient) x (local slope)
        for parent, slope in zip(node.parents, _local_slopes(node)):
            parent.grad += node.grad * slope

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
    return Graph([nx1, nw1, nx2, nw2, nb, p1, p2, z, a, L],
                 formula="z = w1·x1 + w2·x2 + b,  a = σ(z),  L = −(y log a + (1−y) log(1−a))")


GRAPHS = {"abc": abc_graph, "logistic": logistic_graph}
