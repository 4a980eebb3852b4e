"""The panel's plots (plotext): the cost curve, the activation and its slope, the loss
shapes, and the compare view's curves."""

from __future__ import annotations

import numpy as np
from rich.text import Text
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static
from textual_plotext import PlotextPlot

from nn_tutor.model.activations import curve
from nn_tutor.model.demos import loss_over_weight
from nn_tutor.names import FIELD_NAMES, shown_name
from nn_tutor.session.messages import CompareResult
from nn_tutor.ui import format as fmt
from nn_tutor.ui.plotting import downsample, finite_points, whole_ticks
from nn_tutor.ui.views.frame import Frame


def plot_points(plot: Widget) -> int:
    """About one point a column: plotext draws each segment in Python, so a redraw costs
    the same however long the history is."""
    return max(16, plot.size.width)


# curve colours with at least 4.5:1 contrast on the plot's background in each theme
CURVES = {
    True: [(78, 168, 255), (126, 217, 87), (255, 140, 107), (224, 192, 74), (192, 140, 255)],  # dark
    False: [(0, 95, 184), (26, 127, 55), (192, 50, 30), (138, 90, 0), (122, 61, 200)],  # light
}
TICK_WIDTH = 8  # columns a tick label needs on the x axis


class Plot(PlotextPlot):
    """A plotext plot whose legend sits on its own line below the axes (never over a curve),
    its curves in colours readable in the theme, and (with `whole_x`) whole-number x ticks,
    as iterations are."""

    DEFAULT_CSS = "Plot { height: 1fr; }"

    def __init__(self, *args, whole_x: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.whole_x = whole_x

    def render(self) -> Text:
        plt = self.plt
        monitor = plt._active.monitor
        colours = CURVES[self.app.current_theme.dark]
        labels = list(monitor.label)
        for k, colour in enumerate(monitor.color):
            monitor.color[k] = [colours[k % len(colours)]] * len(colour)
        legend = Text()
        for k, label in enumerate(labels):
            if label:
                legend.append("  ━━ " if legend else "━━ ", style="rgb({},{},{})".format(*colours[k % len(colours)]))
                legend.append(label)
        width, height = self.size.width, self.size.height - (1 if legend else 0)
        if self.whole_x:
            xs = [x for series in monitor.x for x in series]
            ticks = whole_ticks(min(xs), max(xs), max(2, width // TICK_WIDTH)) if xs else []
            # set on the monitor (plotext 5's xticks() cannot go back to its own ticks)
            monitor.xticks = [ticks or None, None]
            monitor.xlabels = [[str(t) for t in ticks] or None, None]
            monitor.xfrequency = [len(ticks) or 5, 5]
        monitor.label = [None] * len(labels)
        try:
            plt.plotsize(width, max(height, 1))
            plt._set_size(width, max(height, 1))
            plt.theme(self._get_plotext_theme_name(self.app.theme))
            plot = Text.from_ansi(plt.build().rstrip("\n"))
        finally:
            monitor.label = labels
        if legend:
            plot.append("\n")
            plot.append_text(legend)
        return plot


class CostView(Plot):
    """The cost after every iteration, downsampled so long runs draw as fast as short ones."""

    TITLE = "cost J after each iteration"
    EMPTY = "cost J: no iteration yet (space runs one, r runs on)"

    def __init__(self, **kwargs):
        super().__init__(whole_x=True, **kwargs)
        self._drawn: tuple | None = None

    def on_mount(self) -> None:
        self.plt.title(self.EMPTY)
        self.plt.xlabel("iteration")

    def show(self, frame: Frame) -> None:
        costs, reference = frame.snapshot.costs, frame.reference_costs
        key = tuple(
            (len(c), repr(float(c[-1])) if len(c) else None)  # repr: nan equals nan
            for c in (costs, () if reference is None else reference)
        )
        if key == self._drawn:
            return  # (while training runs, the panel asks only a few times a second)
        self._drawn = key
        plt = self.plt
        plt.clear_data()
        lines = [(costs, None)] if reference is None else [(reference, "reference"), (costs, "your network")]
        plt.title(self.TITLE if len(costs) else self.EMPTY)
        for values, label in lines:
            x, y = downsample(values, plot_points(self))
            if len(x):
                plt.plot(x.tolist(), y.tolist(), marker="braille", label=label)
        self.refresh()


class ActivationView(Plot):
    """The hidden activation g(z) and its slope g'(z), with the current z values marked."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._drawn: tuple | None = None

    def show(self, frame: Frame) -> None:
        s, i = frame.snapshot, frame.column
        name = s.activations[0]
        if i is not None:
            zs, as_ = s.cache["Z1"][:, i], s.cache["A1"][:, i]
        else:
            zs, as_ = np.zeros(0), np.zeros(0)
        key = (name, zs.tobytes(), as_.tobytes())
        if key == self._drawn:
            return
        self._drawn = key
        finite = np.abs(zs[np.isfinite(zs)])
        reach = min(max(5.0, float(finite.max(initial=0.0)) + 0.5), 50.0)
        zs, as_ = finite_points(zs, as_, reach)  # NaN left out, ±inf at the edge
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


class LossShapeView(Plot):
    """Cross-entropy against squared error for one sigmoid weight: one bowl, one plateau."""

    def on_mount(self) -> None:
        data = loss_over_weight()
        plt = self.plt
        plt.clear_data()
        plt.title("cost as one weight w varies, a = σ(w·x)")
        plt.xlabel("w")
        plt.plot(data["w"].tolist(), data["cross_entropy"].tolist(), label="cross-entropy", marker="braille")
        plt.plot(
            data["w"].tolist(),
            data["squared_error"].tolist(),
            label="½(a−y)² (right axis)",
            marker="braille",
            yside="right",
        )
        plt.ylabel("cross-entropy", yside="left")
        plt.ylabel("½(a−y)²", yside="right")
        self.refresh()

    def show(self, frame: Frame) -> None:
        pass


class CompareView(Vertical):
    """Several runs of the lesson's network, one setting changed, their cost curves overlaid.
    The runs are trained by the session; `result` is what it sent back. The title is a Static
    above the plot: plotext leaves out a title wider than its plot, this one wraps."""

    DEFAULT_CSS = """
    CompareView { height: 1fr; }
    CompareView > Plot { height: 1fr; }
    CompareView > Static { height: auto; max-height: 5; }
    CompareView > #compare-title { text-align: center; background: $surface; }
    """

    result: reactive[CompareResult | None] = reactive(None, init=False)

    def __init__(self, compare: dict, **kwargs):
        super().__init__(**kwargs)
        self.compare = compare

    def compose(self):
        field = self.compare["field"]
        yield Static(
            f"log₁₀ J, the whole-set cost, with different {FIELD_NAMES.get(field, field)}",
            id="compare-title",
            markup=False,
        )
        yield Plot(id="compare-plot", whole_x=True)
        yield Static(
            f"Training {len(self.compare['values'])} networks for {self.compare['iterations']} iterations…",
            id="compare-legend",
            markup=False,
        )

    def on_mount(self) -> None:
        self.watch_result(self.result)  # the runs may come before it is made or mounted

    def on_resize(self) -> None:
        self.watch_result(self.result)  # a point a column: the runs may arrive while the tab is hidden

    def watch_result(self, result: CompareResult | None) -> None:
        if result is None or not self.query("#compare-legend"):  # (not composed yet: drawn on mount)
            return
        if result.runs is None:
            self.query_one("#compare-legend", Static).update(f"The comparison failed: {result.error}")
        else:
            self.draw(result.runs)

    def labels(self, runs: dict) -> list[str]:
        """Each run's setting as the learner reads it ("large random (×10)"), in the order of
        the lesson's values (the runs come back in that order), with any α of its own."""
        field = self.compare["field"]
        own_alpha = field != "learning_rate"  # there the setting is the α
        return [
            shown_name(field, value) + (" " + label.partition(" ")[2] if own_alpha and " " in label else "")
            for value, label in zip(self.compare["values"], runs)
        ]

    def draw(self, runs: dict) -> None:
        plot = self.query_one("#compare-plot", Plot)
        plt = plot.plt
        plt.clear_data()
        plt.xlabel("iteration")
        plt.ylabel("log₁₀ J")
        legend = []
        for label, run in zip(self.labels(runs), runs.values()):
            costs = run.get("full_costs", run["costs"])
            x, y = downsample(costs, plot_points(plot))
            if len(x):
                # a log scale, so that a diverging run does not flatten the others; taken here
                # because plotext's own log scale rewrites its data on every redraw
                y = np.log10(np.maximum(y, 1e-12))
                plt.plot(x.tolist(), y.tolist(), label=label, marker="braille")
            end = "diverged" if run["diverged"] else f"final cost {fmt.fixed(costs[-1])}" if len(costs) else ""
            legend.append(f"{label}: {end}, accuracy {fmt.percent(run['accuracy'])}")
        plot.refresh()
        self.query_one("#compare-legend", Static).update("\n".join(legend))

    def show(self, frame: Frame) -> None:
        pass
