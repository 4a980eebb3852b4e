"""The model panel's views: each one renders a `Frame` (a Snapshot plus what is selected).

Views do no training maths: numbers come from the Snapshot or from model functions
(decision_grid, activations.curve, demos); nn_tutor.ui.format lays them out as text.
Colours come from component classes styled in app.tcss.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from rich.segment import Segment
from rich.text import Text
from textual.containers import Vertical, VerticalScroll
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static
from textual.reactive import reactive
from textual_plotext import PlotextPlot

from nn_tutor.model import Snapshot, decision_grid
from nn_tutor.session.messages import CompareResult, GradCheck
from nn_tutor.model.activations import curve
from nn_tutor.model.demos import hidden_unit_spread, loss_over_weight
from nn_tutor.ui import format as fmt
from nn_tutor.ui.plotting import downsample, finite_points

NO_FORWARD = "No forward pass yet: press space for one iteration, or . for one phase."
NO_BACKWARD = "No gradients yet: they appear after the backward phase (space, or . three times)."


@dataclass(frozen=True, eq=False)
class Frame:
    """Everything a view may show at one moment (frames compare by identity)."""

    snapshot: Snapshot
    example: int = 0                     # selected column of the batch
    gradcheck: GradCheck | None = None   # when the gradient check's view asked for one
    running: bool = False
    speed: int | None = None             # iterations a second while running (None: max)


def example_label(s: Snapshot, i: int) -> float | None:
    """The label y of batch column i (found in the full set when the batch is a subset)."""
    A0 = s.cache.get("A0")
    if A0 is None or A0.shape[1] == 0:
        return None
    i %= A0.shape[1]
    if A0.shape[1] == s.X.shape[1]:
        return float(s.Y[0, i])
    match = np.flatnonzero(np.all(s.X == A0[:, i : i + 1], axis=0))
    return float(s.Y[0, match[0]]) if len(match) else None


class TextView(VerticalScroll):
    """A scrolling block of text; subclasses turn a Frame into lines."""

    DEFAULT_CLASSES = "view text-view"

    def compose(self):
        yield Static(id="text", classes="view-text", markup=False)

    def show(self, frame: Frame) -> None:
        fmt.set_text(self.query_one("#text", Static), self.text(frame))

    def text(self, frame: Frame) -> str | Text:
        raise NotImplementedError


class ForwardView(TextView):
    """Z and A of every layer for the selected example, and mean/min/max over the batch."""

    def text(self, frame: Frame) -> str:
        s = frame.snapshot
        if "A0" not in s.cache:
            return NO_FORWARD
        A0 = s.cache["A0"]
        m = A0.shape[1]
        i = frame.example % m
        L = len(s.layers) - 1
        lines = [f"Example {i + 1} of {m} in the batch   ([ and ] choose another)", ""]
        lines += fmt.column_table("A0 = X", A0, i)
        for l in range(1, L + 1):
            lines.append("")
            lines.append(f"Layer {l}: {s.layers[l]} unit{'s' if s.layers[l] != 1 else ''}, {s.activations[l - 1]}")
            lines += fmt.column_table(f"Z{l}", s.cache[f"Z{l}"], i)
            lines += fmt.column_table(f"A{l}", s.cache[f"A{l}"], i)
        y_hat = float(s.cache[f"A{L}"][0, i])
        y = example_label(s, i)
        lines.append("")
        if not np.isfinite(y_hat):
            lines.append(f"ŷ = A{L} = {fmt.fixed(y_hat)}: not a probability, so no prediction")
            return "\n".join(lines)
        verdict = f"ŷ = A{L} = {y_hat:.4f}, so the network predicts {int(y_hat > 0.5)}"
        if y is not None and np.isfinite(y):
            verdict += f"; the label is y = {int(y)} " + ("(right)" if int(y_hat > 0.5) == int(y) else "(wrong)")
        lines.append(verdict)
        return "\n".join(lines)


class GradientsView(TextView):
    """dW, db and dZ of every layer, output layer first, with their norms."""

    def text(self, frame: Frame) -> str:
        s = frame.snapshot
        if not s.grads:
            return NO_BACKWARD
        L = len(s.layers) - 1
        lines = []
        for l in range(L, 0, -1):
            dW, db, dZ = s.grads[f"dW{l}"], s.grads[f"db{l}"], s.grads[f"dZ{l}"]
            norms = (fmt.num(fmt.norm(g)).strip() for g in (dW, db, dZ))
            lines.append("Layer {0}   ‖dW{0}‖ = {1}   ‖db{0}‖ = {2}   ‖dZ{0}‖ = {3}".format(l, *norms))
            lines.append(f" dW{l} {fmt.shape(dW)} = dZ{l}·A{l - 1}ᵀ / m")
            lines += fmt.matrix(dW)
            lines.append(f" db{l} {fmt.shape(db)} = Σ dZ{l} / m")
            lines += fmt.matrix(db.T)
            lines += fmt.column_table(f" dZ{l}", dZ, frame.example)
            lines.append("")
        return "\n".join(lines).rstrip()


class GradNormsView(TextView):
    """‖dW[l]‖ per layer on a log scale: vanishing gradients show as shrinking bars."""

    LOW, HIGH = -8.0, 1.0       # log10 range the bars cover
    BAR = 30

    def text(self, frame: Frame) -> str:
        s = frame.snapshot
        if not s.grad_norms:
            return NO_BACKWARD
        lines = ["‖dW[l]‖ per layer (log scale, 1e-8 … 10)", ""]
        for l, n in enumerate(s.grad_norms, start=1):
            if np.isfinite(n) and n > 0:
                frac = (np.log10(n) - self.LOW) / (self.HIGH - self.LOW)
                bar = "█" * int(round(min(max(frac, 0.0), 1.0) * self.BAR))
            else:
                bar = ""
            lines.append(f"layer {l} ({s.activations[l - 1]:>10}) {fmt.num(n)}  {bar}")
        first, last = s.grad_norms[0], s.grad_norms[-1]
        if len(s.grad_norms) > 1 and np.isfinite(first) and np.isfinite(last) and last > 0:
            lines += ["", f"Layer 1 gets {first / last:.3g} × the gradient of layer {len(s.grad_norms)}."]
        return "\n".join(lines)


class SymmetryView(TextView):
    """The hidden units' incoming weights side by side: identical columns never separate."""

    def text(self, frame: Frame) -> str:
        s = frame.snapshot
        W, b = s.params["W1"], s.params["b1"]
        units = min(W.shape[0], fmt.MAX_COLS)
        header = " " * 9 + "".join(f"{'unit ' + str(u + 1):>{fmt.WIDTH}}" for u in range(units))
        lines = [f"Hidden units of layer 1 ({s.init} init), one column each", "", header]
        for k in range(W.shape[1]):
            lines.append(f"w from x{k + 1} " + "".join(fmt.num(W[u, k]) for u in range(units)))
        lines.append("b        " + "".join(fmt.num(b[u, 0]) for u in range(units)))
        if W.shape[0] > units:
            lines.append(f"… {W.shape[0] - units} more units")
        with np.errstate(all="ignore"):         # inf − inf in a diverged net
            spread = hidden_unit_spread(s.params)
        lines.append("")
        lines.append(f"Largest difference between two units' weights: {fmt.num(spread).strip()}")
        if spread == 0:
            lines.append("Every unit is the same: they get the same gradient, so they stay the same.")
        return "\n".join(lines)


class GradcheckView(TextView):
    """Backprop's gradients against finite differences, as one relative difference."""

    def text(self, frame: Frame) -> str:
        check = frame.gradcheck
        if check is None:
            return "The gradient check runs when training is paused."
        d, at = check
        now = frame.snapshot.iteration
        where = "the current parameters" if at == now else \
            f"the parameters of iteration {at} (it runs again when training pauses)"
        lines = [f"Gradient check at iteration {at}, on {where}:",
                 "    ‖dθ_backprop − dθ_approx‖ / (‖dθ_backprop‖ + ‖dθ_approx‖)",
                 "with dθ_approx = (J(θ + ε) − J(θ − ε)) / 2ε for each parameter, ε = 1e-7.",
                 "", f"relative difference = {d:.3e}", ""]
        if not np.isfinite(d):
            lines.append("The check cannot be computed: the parameters are no longer numbers.")
        elif d < 1e-7:
            lines.append("Below 1e-7: backpropagation agrees with the slope of the cost.")
        elif d < 1e-4:
            lines.append("Between 1e-7 and 1e-4: probably fine, but worth a second look.")
        else:
            lines.append("Above 1e-4: backprop and the cost disagree; a formula is wrong somewhere.")
        return "\n".join(lines)


class GraphView(Static):
    """A scalar computation graph: every node's value and gradient, the visited node marked."""

    DEFAULT_CLASSES = "view"
    COMPONENT_CLASSES = {"graph--current", "graph--pending"}
    OP_TEXT = {"add": " + ", "mul": "·"}

    def __init__(self, kind: str = "abc", **kwargs):
        super().__init__(**kwargs)
        self.kind = kind
        self.graph = None
        self._make()

    def _make(self) -> None:
        from nn_tutor.model import graph as graphs

        self.graph = graphs.GRAPHS[self.kind]()

    def switch(self) -> str:
        """The other example graph; returns its kind."""
        from nn_tutor.model import graph as graphs

        kinds = list(graphs.GRAPHS)
        self.kind = kinds[(kinds.index(self.kind) + 1) % len(kinds)]
        self._make()
        self.refresh()
        return self.kind

    def step(self) -> None:
        if self.graph.done:
            self.graph.reset()
        else:
            self.graph.step()
        self.refresh()

    def reset(self) -> None:
        self.graph.reset()
        self.refresh()

    def show(self, frame: Frame) -> None:
        pass  # the graph is stepped by its own key; it does not follow the network

    def _expression(self, node) -> str:
        names = [p.name for p in node.parents]
        if node.op in self.OP_TEXT:
            return self.OP_TEXT[node.op].join(names)
        if node.op == "scale":
            return f"{node.const:g}·{names[0]}"
        if node.op == "sigmoid":
            return f"σ({names[0]})"
        if node.op == "loss":
            return f"L({names[0]}, y={node.const:g})"
        return "input"

    def render(self) -> Text:
        g = self.graph
        current = self.get_component_rich_style("graph--current")
        pending = self.get_component_rich_style("graph--pending")
        text = Text()
        text.append(f"{g.formula}\n\n")
        text.append(f"{'node':<8}{'computes':<16}{'value':>11}{'gradient':>11}\n")
        for k, node in enumerate(g.nodes):
            value = "" if node.value is None else fmt.num(node.value, 11)
            visited = g.back_cursor is not None and k > g.back_cursor   # backward reached it
            grad = fmt.num(node.grad, 11) if visited and node.grad is not None else ""
            line = f"{node.name:<8}{self._expression(node):<16}{value:>11}{grad:>11}"
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


class BoundaryView(Widget):
    """The network's output over the plane, shaded by A > 0.5, with the data set on top.

    Drawn line by line (the Line API): one segment per run of a shade, so a redraw stays
    cheap at any size.
    """

    DEFAULT_CLASSES = "view"
    COMPONENT_CLASSES = {"boundary--p0", "boundary--p1", "boundary--p2", "boundary--p3",
                         "boundary--class0", "boundary--class1", "boundary--legend"}
    LEGEND = "x: label 1, o: label 0; colour: the network's answer, strong where it is sure"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.frame: Frame | None = None
        self._rows: list[Strip] = []
        self._key: tuple | None = None

    def show(self, frame: Frame) -> None:
        self.frame = frame
        self.refresh()

    def _build(self) -> None:
        s = self.frame.snapshot
        nx, ny = max(self.size.width, 2), max(self.size.height - 1, 2)
        shown = np.isfinite(s.X[:2]).all(axis=0)           # points with a place on the plane
        X, Y = (s.X, s.Y) if shown.all() else (s.X[:, shown], s.Y[:, shown])
        if X.shape[1] == 0:
            X, Y = np.zeros((s.X.shape[0], 1)), np.zeros((s.Y.shape[0], 0))
        with np.errstate(all="ignore"):
            xs, ys, P = decision_grid(s.params, X, list(s.activations), nx=nx, ny=ny)
        shades = [self.get_component_rich_style(f"boundary--p{k}") for k in range(4)]
        marks = [self.get_component_rich_style(f"boundary--class{k}", partial=True) for k in range(2)]
        level = np.clip(np.nan_to_num(P, nan=0.5) * 4, 0, 3.999).astype(int)
        who = np.full((ny, nx), -1)
        span_x, span_y = xs[-1] - xs[0] or 1.0, ys[-1] - ys[0] or 1.0
        if Y.shape[1]:
            cols = np.clip(np.rint((X[0] - xs[0]) / span_x * (nx - 1)), 0, nx - 1).astype(int)
            rows = np.clip(np.rint((X[1] - ys[0]) / span_y * (ny - 1)), 0, ny - 1).astype(int)
            who[rows, cols] = (Y[0] == 1).astype(int)
        code = np.where(who >= 0, 4 + 4 * who + level, level)     # 0-3 shade, 4-11 mark on shade
        styles = shades + [shades[k] + marks[0] for k in range(4)] + [shades[k] + marks[1] for k in range(4)]
        glyphs = [" "] * 4 + ["o"] * 4 + ["x"] * 4
        strips = []
        for r in range(ny - 1, -1, -1):          # highest y on top
            row = code[r]
            cuts = np.flatnonzero(np.diff(row)) + 1
            segments = []
            for a, b in zip(np.concatenate(([0], cuts)), np.concatenate((cuts, [nx]))):
                k = int(row[a])
                segments.append(Segment(glyphs[k] * int(b - a), styles[k]))
            strips.append(Strip(segments, nx))
        legend = self.LEGEND[:nx].ljust(nx)
        strips.append(Strip([Segment(legend, self.get_component_rich_style("boundary--legend"))], nx))
        self._rows = strips

    def render_line(self, y: int) -> Strip:
        if self.frame is None:
            return Strip.blank(self.size.width)
        key = (id(self.frame), self.size, self.app.theme)
        if key != self._key:
            self._key = key
            self._build()
        return self._rows[y] if y < len(self._rows) else Strip.blank(self.size.width)


RUNNING_PLOT_SECONDS = 0.2


def plot_points(plot: Widget) -> int:
    """About one point a column: plotext draws each segment in Python, so a redraw costs
    the same however long the history is."""
    return max(16, plot.size.width)


class CostView(PlotextPlot):
    """The cost after every iteration, downsampled so long runs draw as fast as short ones."""

    DEFAULT_CLASSES = "view plot"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._drawn: tuple | None = None
        self._drawn_at = 0.0

    def on_mount(self) -> None:
        super().on_mount()
        self.plt.title("cost J after each iteration")
        self.plt.xlabel("iteration")

    def show(self, frame: Frame) -> None:
        costs = frame.snapshot.costs
        key = (len(costs), repr(float(costs[-1])) if len(costs) else None)   # repr: nan equals nan
        if key == self._drawn:
            return
        now = time.monotonic()
        if frame.running and now - self._drawn_at < RUNNING_PLOT_SECONDS:
            return      # plotext is slow: while training runs, redraw a few times a second
        self._drawn, self._drawn_at = key, now
        plt = self.plt
        plt.clear_data()
        x, y = downsample(costs, plot_points(self))
        if len(x):
            plt.plot(x.tolist(), y.tolist(), marker="braille")
        self.refresh()


class ActivationView(PlotextPlot):
    """The hidden activation g(z) and its slope g'(z), with the current z values marked."""

    DEFAULT_CLASSES = "view plot"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._drawn: tuple | None = None

    def show(self, frame: Frame) -> None:
        s = frame.snapshot
        name = s.activations[0]
        Z1, A1 = s.cache.get("Z1"), s.cache.get("A1")
        if Z1 is not None and Z1.shape[1]:
            i = frame.example % Z1.shape[1]
            zs, as_ = Z1[:, i], A1[:, i]
        else:
            zs, as_ = np.zeros(0), np.zeros(0)
        key = (name, zs.tobytes(), as_.tobytes())
        if key == self._drawn:
            return
        self._drawn = key
        finite = np.abs(zs[np.isfinite(zs)])
        reach = min(max(5.0, float(finite.max(initial=0.0)) + 0.5), 50.0)
        zs, as_ = finite_points(zs, as_, reach)        # NaN left out, ±inf at the edge
        z = np.linspace(-reach, reach, 201)
        g, dg = curve(name, z)
        plt = self.plt
        plt.clear_data()
        plt.title(f"{name} g(z), its slope g′(z), and z1 of the example")
        plt.plot(z.tolist(), g.tolist(), label="g(z)", marker="braille")
        plt.plot(z.tolist(), dg.tolist(), label="g′(z)", marker="braille")
        if zs:
            plt.scatter(zs, as_, label="current z", marker="dot")
        self.refresh()


class LossShapeView(PlotextPlot):
    """Cross-entropy against squared error for one sigmoid weight: one bowl, one plateau."""

    DEFAULT_CLASSES = "view plot"

    def on_mount(self) -> None:
        super().on_mount()
        data = loss_over_weight()
        plt = self.plt
        plt.title("cost as one weight w varies, a = σ(w·x)")
        plt.xlabel("w")
        plt.plot(data["w"].tolist(), data["cross_entropy"].tolist(), label="cross-entropy", marker="braille")
        plt.plot(data["w"].tolist(), data["squared_error"].tolist(), label="squared error", marker="braille")

    def show(self, frame: Frame) -> None:
        pass


class CompareView(Vertical):
    """Several runs of the lesson's network, one setting changed, their cost curves overlaid."""

    DEFAULT_CLASSES = "view"

    result: reactive[CompareResult | None] = reactive(None, init=False)

    def __init__(self, compare: dict, **kwargs):
        super().__init__(**kwargs)
        self.compare = compare

    def compose(self):
        yield PlotextPlot(id="compare-plot", classes="plot")
        yield Static(
            f"Training {len(self.compare['values'])} networks for {self.compare['iterations']} iterations…",
            id="compare-legend", markup=False,
        )

    def watch_result(self, result: CompareResult | None) -> None:
        if result is None:
            return
        if result.runs is None:
            self.query_one("#compare-legend", Static).update(f"The comparison failed: {result.error}")
        else:
            self.draw(result.runs)

    def draw(self, runs: dict) -> None:
        plot = self.query_one("#compare-plot", PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        plt.title(f"log₁₀ of the cost J with different {self.compare['field'].replace('_', ' ')}s")
        plt.xlabel("iteration")
        legend = []
        for label, run in runs.items():
            x, y = downsample(run["costs"], plot_points(plot))
            if len(x):
                # a log scale, so that a diverging run does not flatten the others; taken here
                # because plotext's own log scale rewrites its data on every redraw
                y = np.log10(np.maximum(y, 1e-12))
                plt.plot(x.tolist(), y.tolist(), label=label, marker="braille")
            end = "diverged" if run["diverged"] else f"final cost {fmt.fixed(run['costs'][-1])}" if len(run["costs"]) else ""
            legend.append(f"{label}: {end}, accuracy {fmt.percent(run['accuracy'])}")
        plot.refresh()
        self.query_one("#compare-legend", Static).update("\n".join(legend))

    def show(self, frame: Frame) -> None:
        pass


VIEW_TITLES = {
    "forward": "Forward",
    "gradients": "Gradients",
    "cost": "Cost",
    "activation": "Activation",
    "boundary": "Boundary",
    "graph": "Graph",
    "symmetry": "Symmetry",
    "gradient_norms": "Grad norms",
    "gradcheck": "Grad check",
    "loss_shape": "Loss shape",
    "compare": "Compare",
}
