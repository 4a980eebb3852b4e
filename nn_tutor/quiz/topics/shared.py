"""Questions on a value used twice: its gradient is the sum over every path to J, and code
that sets (=) instead of adding (+=) keeps only the last path's share."""

from __future__ import annotations

from nn_tutor.model.graph import GRAPHS, Graph, Node
from nn_tutor.quiz.format import exact, num, par, signed_sum
from nn_tutor.quiz.space import Draft, Generator, Space
from nn_tutor.quiz.topics.chain import graph_text, node_text, slope_text

_V = (-3.0, -2.0, -1.0, 1.0, 2.0, 3.0, 4.0)


def shared_node_graph(form: str, values: tuple, accumulate: bool = True) -> Graph:
    """The model's graph for one question; `accumulate=False` is the classic `=` bug."""
    if form == "ab+a²":
        return GRAPHS["shared"](*values, accumulate=accumulate)
    na, nb = Node("a", value=values[0]), Node("b", value=values[1])
    if form == "ab+ac":
        nc = Node("c", value=values[2])
        u, v = Node("u", "mul", (na, nb)), Node("v", "mul", (na, nc))
        nodes = [na, nb, nc, u, v, Node("J", "add", (u, v))]
    else:  # (a+b)·a
        u = Node("u", "add", (na, nb))
        nodes = [na, nb, u, Node("J", "mul", (u, na))]
    return Graph(nodes, accumulate=accumulate)


_FORMULAS = {"ab+a²": "J = a·b + a²", "ab+ac": "J = a·b + a·c", "(a+b)a": "J = (a + b)·a"}


def _share_line(graph: Graph, child_name: str, parent: Node, amount: float) -> str:
    """One path's share of the parent's gradient, worked out."""
    child = graph[child_name]
    formula, value = slope_text(child, parent)
    if child is graph.output:
        steps = [formula, value] if formula != value else [value]
        return f"straight into J = {node_text(child)}: ∂J/∂{parent.name} = " + " = ".join(
            dict.fromkeys([*steps, num(amount)])
        )
    grad = par(child.grad)
    steps = [f"{grad} · {formula}"] if formula != value else []
    steps += [f"{grad} × {value}", num(amount)]
    return f"through {child.name}: ∂J/∂{child.name} · ∂{child.name}/∂{parent.name} = " + " = ".join(steps)


def _build_shared(p: dict) -> Draft:
    form, ask = p["form"], p["ask"]
    values = (p["a"], p["b"], p["c"]) if form == "ab+ac" else (p["a"], p["b"])
    graph = shared_node_graph(form, values)
    graph.run()
    wrt = "b" if ask == "b" else "a"
    node = graph[wrt]
    answer = node.grad
    visits = [n.name for n in reversed(graph.nodes) if n.op != "input"]
    given = ", ".join(f"{name} = {num(v)}" for name, v in zip("abc", values))
    prompt = f"{_FORMULAS[form]}  with  {given}.\nComputation graph: {graph_text(graph)}.\n"
    if ask == "bug":
        buggy = shared_node_graph(form, values, accumulate=False)
        buggy.run()
        answer = buggy["a"].grad
        prompt += (
            f"Backward visits {', then '.join(visits)}; at each visit a node hands each parent its\n"
            "share (its own gradient times the local slope). Buggy code sets a's gradient to\n"
            "each share it is handed (grad[a] = share) instead of adding it (grad[a] += share).\n"
            "What value does the buggy code leave as ∂J/∂a?"
        )
    else:
        prompt += f"What is ∂J/∂{wrt}?"
    forward = ",  ".join(f"{n.name} = {node_text(n)} = {num(n.value)}" for n in graph.nodes if n.op != "input")
    shares = [amount for _, amount in node.paths]
    count = "one path" if len(shares) == 1 else f"{len(shares)} paths; its gradient is their sum"
    lines = [f"Forward:  {forward}", f"{wrt} reaches J along {count}:"]
    lines += [f"  {_share_line(graph, child, node, amount)}" for child, amount in node.paths]
    if ask == "bug":
        last = node.paths[-1][0]
        lines.append(
            f"Adding gives ∂J/∂a = {signed_sum(shares)} = {num(graph['a'].grad)}; setting keeps only"
            f" the share handed over last, from {last}:\nbuggy ∂J/∂a = {num(answer)}"
        )
        hints = (
            "With =, each share handed to a replaces the one before it.",
            f"Backward visits {', then '.join(visits)}: which node hands a its share last?",
        )
    else:
        total = signed_sum(shares) + " = " if len(shares) > 1 else ""
        lines.append(f"∂J/∂{wrt} = {total}{num(answer)}")
        users = " and ".join(dict.fromkeys(child for child, _ in node.paths))
        hints = (
            f"{wrt} is used twice: its gradient is the sum, over every path from {wrt} to J,"
            " of the product of the local slopes."
            if len(shares) > 1
            else f"{wrt} is used once: multiply the local slopes along its one path to J.",
            f"{wrt} feeds {users}; an add passes the gradient unchanged, a product multiplies"
            " by the other factor, a square by 2× its input.",
        )
    return Draft(prompt, exact(answer), "numeric", hints, "\n".join(lines))


GENERATORS = (
    Generator(
        "shared_node",
        (
            Space({"form": ("ab+a²",), "a": _V, "b": _V, "ask": ("a", "b", "bug")}),
            Space({"form": ("ab+ac",), "a": _V, "b": _V, "c": _V, "ask": ("a", "bug")}),
            # with a + b = 0 the share the bug loses is 0: no bug to see
            Space(
                {"form": ("(a+b)a",), "a": _V, "b": _V, "ask": ("a", "b", "bug")},
                valid=lambda p: p["ask"] != "bug" or p["a"] + p["b"] != 0,
            ),
        ),
        _build_shared,
        lesson="gradients-add",
    ),
)
