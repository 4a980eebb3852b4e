"""The computation-graph view: each node's value and gradient, the node just visited marked."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from nn_tutor.ui import format as fmt
from nn_tutor.ui.views.frame import Frame


class GraphView(Static):
    """Renders the scalar Graph it is given (the lesson screen owns and steps it)."""

    DEFAULT_CSS = """
    GraphView { height: 1fr; padding: 1 1; }
    GraphView > .graph--current { background: $accent 40%; text-style: bold; }
    GraphView > .graph--pending { color: $text-disabled; }
    """
    COMPONENT_CLASSES = {"graph--current", "graph--pending"}

    graph = reactive(None, always_update=True)     # a nn_tutor.model.graph.Graph
    kind = reactive("", always_update=True)        # its name, for the key hint

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
        text.append(f"{'node':<8}{'computes':<16}{'value':>11}{'gradient':>11}\n")
        for k, node in enumerate(g.nodes):
            value = "" if node.value is None else fmt.num(node.value, 11)
            visited = g.back_cursor is not None and k > g.back_cursor   # backward reached it
            grad = fmt.num(node.grad, 11) if visited and node.grad is not None else ""
            line = f"{node.name:<8}{node.text:<16}{value:>11}{grad:>11}"
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
