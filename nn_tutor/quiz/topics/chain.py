"""Chain-rule questions on small computation graphs built from the model's graph nodes:
∂J/∂(an input), found by walking back from J and multiplying the local slopes."""

from __future__ import annotations

from nn_tutor.model.graph import Graph, Node, abc_graph
from nn_tutor.quiz.format import exact, num, par
from nn_tutor.quiz.space import Draft, Generator, Repeat, Space

_ABC = (-4.0, -3.0, -2.0, -1.0, 1.0, 2.0, 3.0, 4.0, 5.0)


def node_text(node: Node) -> str:
    """The right-hand side of a computed node, from its operation: b·c, a + u, 3v, a²."""
    names = [parent.name for parent in node.parents]
    if node.op == "square":
        return f"{names[0]}²"
    if node.op == "add":
        return " + ".join(names)
    if node.op == "mul":
        return "·".join(names)
    if node.op == "scale":
        return f"{num(node.const)}{names[0]}"
    raise ValueError(f"no text for the operation {node.op!r}")


def graph_text(graph: Graph) -> str:
    """u = b·c,  v = a + u,  J = 3v: the graph's computed nodes in forward order."""
    return ",  ".join(f"{n.name} = {node_text(n)}" for n in graph.nodes if n.op != "input")


def chain_graph(form: str, k: float, a: float, b: float, c: float) -> Graph:
    """The graph for one chain-rule question, built from the model's graph nodes."""
    if form == "k(a+bc)" and k == 3.0:
        return abc_graph(a, b, c)
    na, nb, nc = Node("a", value=a), Node("b", value=b), Node("c", value=c)
    if form == "k(a+bc)":
        u = Node("u", "mul", (nb, nc))
        v = Node("v", "add", (na, u))
        nodes = [na, nb, nc, u, v, Node("J", "scale", (v,), const=k)]
    elif form == "(a+b)c":
        u = Node("u", "add", (na, nb))
        nodes = [na, nb, nc, u, Node("J", "mul", (u, nc))]
    else:  # k·a·b + c
        u = Node("u", "mul", (na, nb))
        v = Node("v", "scale", (u,), const=k)
        nodes = [na, nb, nc, u, v, Node("J", "add", (v, nc))]
    return Graph(nodes)


def _chain_formula(form: str, k: float) -> str:
    return {
        "k(a+bc)": f"J = {num(k)}(a + b·c)",
        "(a+b)c": "J = (a + b)·c",
        "kab+c": f"J = {num(k)}·a·b + c",
    }[form]


def slope_text(node: Node, parent: Node) -> tuple[str, str]:
    """The local slope ∂node/∂parent as a formula and as a number."""
    if node.op == "add":
        return "1", "1"
    if node.op == "square":
        return f"2{parent.name}", par(2 * parent.value)
    if node.op == "scale":
        return num(node.const), par(node.const)
    other = node.parents[1] if node.parents[0] is parent else node.parents[0]
    return other.name, par(other.value)


def _build_chain(p: dict) -> Draft:
    form, k, wrt = p["form"], p["k"], p["wrt"]
    a, b, c = p["abc"]
    graph = chain_graph(form, k, a, b, c)
    graph.run()
    answer = graph[wrt].grad
    values = f"a = {num(a)}, b = {num(b)}, c = {num(c)}"
    prompt = f"{_chain_formula(form, k)}  with  {values}.\nComputation graph: {graph_text(graph)}.\nWhat is ∂J/∂{wrt}?"
    # the path from J back to the asked input: a tree, so each node has one child
    path = [graph[wrt]]
    while path[-1] is not graph.output:
        path.append(next(n for n in graph.nodes if path[-1] in n.parents))
    path.reverse()  # J, ..., wrt
    names = " · ".join(f"∂{n.name}/∂{m.name}" for n, m in zip(path, path[1:]))
    slopes = [slope_text(n, m) for n, m in zip(path, path[1:])]
    forward_lines = [f"{n.name} = {node_text(n)} = {num(n.value)}" for n in graph.nodes if n.op != "input"]
    # each form once: a direct input's single slope is not written three times over
    steps = [names, " · ".join(s[0] for s in slopes), " · ".join(s[1] for s in slopes)]
    steps = [s for s in dict.fromkeys([*steps, num(answer)]) if s != f"∂J/∂{wrt}"]
    backward = f"Backward: ∂J/∂{wrt} = " + " = ".join(steps)
    if len(path) == 2:
        direct = f"{wrt} goes straight into J = {node_text(graph.output)}"
        backward = f"Backward: {direct}, so ∂J/∂{wrt} = " + " = ".join(steps)
    elif len(steps) == 4:
        backward = f"Backward: ∂J/∂{wrt} = {steps[0]}\n        = {steps[1]} = {steps[2]} = {steps[3]}"
    solution = "Forward:  " + ",  ".join(forward_lines) + "\n" + backward
    hints = (
        f"Go backwards from J to {wrt}, multiplying the local slope of each step.",
        f"The path is {' → '.join(n.name for n in path)}; "
        "an add passes the gradient unchanged, a product multiplies by the other factor.",
    )
    return Draft(prompt, exact(answer), "numeric", hints, solution)


def _space(form: str, ks: tuple) -> Space:
    return Space({"form": (form,), "k": ks, "abc": Repeat(_ABC, 3), "wrt": ("a", "b", "c")})


GENERATORS = (
    Generator(
        "chain",
        (
            _space("k(a+bc)", (2.0, 3.0, 4.0, 5.0)),
            _space("(a+b)c", (1.0,)),
            _space("kab+c", (2.0, 3.0, 4.0)),
        ),
        _build_chain,
        lesson="computation-graph",
    ),
)
