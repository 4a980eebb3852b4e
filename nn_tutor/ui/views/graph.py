"""The computation-graph view: each node's value and gradient, the node just visited marked."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from nn_tutor.ui import format as fmt
from nn_tutor.ui.views.frame import Frame


def _scale(values) -> float | None:
    """The size of the numbers a sum was made of: a sum far below it is rounding
    (0.5 − 0.6 + 0.1 = 2.8e-17), shown as 0. None when nothing was summed."""
    sizes = [abs(v) for v in values if v is not None]
    return max(sizes) if sizes else None


class GraphView(Static):
    """Renders the scalar Graph it is given (the lesson screen owns and steps it)."""

    DEFAULT_CSS = """
    GraphView { height: 1fr; padding: 1 1; }
    GraphView > .graph--current { background: $accent 40%; text-style: bold; }
    GraphView > .graph--pending { color: $text-muted; }
    """
    COMPONENT_CLASSES = {"graph--current", "graph--pending"}

    graph = reactive(None, always_update=True)  # a nn_tutor.model.graph.Graph
    kind = reactive("", always_update=True)  # its name, for the key hint

    def show(self, frame: Frame) -> None:
        pass  # the graph is stepped by its own key; it does not follow the network

    def render(self) -> Text:
        g = self.graph
        if g is None:
            return Text("")
        current = self.get_component_rich_style("graph--current")
        pending = self.get_component_rich_style("graph--pending")
        text = Text()
        text.append(f"{g.formula}\n\n")
        names = max(8, *(len(n.name) + 2 for n in g.nodes))
        ops = max(16, *(len(n.text) + 2 for n in g.nodes))
        text.append(f"  {'node':<{names}}{'computes':<{ops}}{'value':>11}{'gradient':>11}\n")
        for k, node in enumerate(g.nodes):
            sums = node.parents if node.op == "add" else ()
            value = "" if node.value is None else fmt.num(node.value, 11, scale=_scale(p.value for p in sums))
            visited = g.back_cursor is not None and k > g.back_cursor  # backward reached it
            paths = node.paths if len(node.paths) > 1 else ()
            grad = (
                fmt.num(node.grad, 11, scale=_scale(a for _, a in paths)) if visited and node.grad is not None else ""
            )
            line = f"{node.name:<{names}}{node.text:<{ops}}{value:>11}{grad:>11}"
            marker = "▶ " if node.name == g.current else "  "
            style = current if node.name == g.current else (pending if node.value is None else "")
            text.append(marker + line + "\n", style=style)
        text.append("\n")
        if g.done:
            text.append("Done: every node has its gradient ∂out/∂node. Press . to start again.")
        elif g.cursor < len(g.nodes):
            text.append("Forward: press . to compute the next node's value.")
        else:
            text.append("Backward: press . to pass the gradient to the next node (chain rule).")
        text.append(f"\ng switches the example graph ({self.kind}).")
        return text
