"""The panel's text views: numbers of the forward and backward pass laid out as tables.

Views compute no training maths: numbers come from the Frame's Snapshot (or a model
function), nn_tutor.ui.format lays them out.
"""

from __future__ import annotations

import numpy as np
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from nn_tutor.model.advice import times
from nn_tutor.model.demos import hidden_unit_spread
from nn_tutor.names import shown_name
from nn_tutor.ui import format as fmt
from nn_tutor.ui.views.frame import NO_BACKWARD, NO_FORWARD, Frame, example_label, predicted


class TextView(VerticalScroll):
    """A scrolling block of text; subclasses turn a Frame into lines."""

    DEFAULT_CSS = """
    TextView { height: 1fr; scrollbar-size-vertical: 1; }
    TextView > Static { width: auto; text-wrap: nowrap; }
    """

    def compose(self):
        yield Static(id="text", markup=False)

    def show(self, frame: Frame) -> None:
        fmt.set_text(self.query_one("#text", Static), self.text(frame))

    def text(self, frame: Frame) -> str | Text:
        raise NotImplementedError


def verdict(s, i: int) -> str:
    """What the output says about shown example i, and whether that is the label."""
    L = len(s.layers) - 1
    out = s.cache[f"A{L}"][:, i]
    guess, label = predicted(out), example_label(s, i)
    if guess is None:
        return f"A{L} is not a number here ({fmt.number(out[0])}), so there is no prediction"
    if len(out) == 1:
        text = f"ŷ = A{L} = {fmt.number(out[0])}, so the network predicts {guess}"
    else:
        text = f"the largest output is unit {guess + 1} ({fmt.number(out[guess])}): the network predicts class {guess}"
    if label is not None:
        text += f";\nthe label is {'y = ' if len(out) == 1 else 'class '}{label} " + (
            "(right)" if guess == label else "(wrong)"
        )
    return text


class ForwardView(TextView):
    """Z and A of every layer for the selected example, and mean/min/max over the batch."""

    def text(self, frame: Frame) -> str:
        s, i = frame.snapshot, frame.column
        if i is None:
            return NO_FORWARD
        shown = s.cache["A0"].shape[1]
        among = f"of the first {shown} of" if shown < s.batch_m else "of"
        lines = [f"Example {i + 1} {among} {s.batch_m} in the batch ([ ] change)", ""]
        features = [f"x{k + 1}" for k in range(s.layers[0])]  # the input's rows are its features
        lines += fmt.column_table("A0 = X", s.cache["A0"], i, s.stats.get("A0"), s.batch_m, names=features)
        for l in range(1, len(s.layers)):
            units = s.layers[l]
            lines += ["", f"Layer {l}: {units} unit{'s' if units != 1 else ''}, {s.activations[l - 1]}"]
            for key in (f"Z{l}", f"A{l}"):
                lines += fmt.column_table(key, s.cache[key], i, s.stats.get(key), s.batch_m)
        return "\n".join(lines + ["", verdict(s, i)])


class GradientsView(TextView):
    """dW, db and dZ of every layer, output layer first, with their norms."""

    def text(self, frame: Frame) -> str:
        s = frame.snapshot
        if not s.grads:
            return NO_BACKWARD
        lines = []
        for l in range(len(s.layers) - 1, 0, -1):
            dW, db, dZ = s.grads[f"dW{l}"], s.grads[f"db{l}"], s.grads.get(f"dZ{l}")
            norms = (fmt.number(fmt.norm(g)) for g in (dW, db))
            lines.append("Layer {0}   ‖dW{0}‖ = {1}   ‖db{0}‖ = {2}".format(l, *norms))
            lines.append(f" dW{l} {fmt.shape(dW)} = dZ{l}·A{l - 1}ᵀ / m")
            lines += fmt.matrix(dW)
            lines.append(f" db{l} {fmt.shape(db)} = Σ dZ{l} / m")
            lines += fmt.matrix(db)
            if dZ is None:  # your network's backward returns dW and db only
                lines.append(f" dZ{l}: not among the gradients this backward returns")
            else:
                lines += fmt.column_table(f" dZ{l}", dZ, frame.example, s.stats.get(f"dZ{l}"), s.batch_m)
            lines.append("")
        return "\n".join(lines).rstrip()


class GradNormsView(TextView):
    """‖dW[l]‖ per layer on a log scale: vanishing gradients show as shrinking bars."""

    LOW, HIGH = -8.0, 1.0  # log10 range the bars cover
    BAR = 30  # characters from 1e-8 to 10: 10× more is 3⅓ characters longer

    def text(self, frame: Frame) -> str:
        s = frame.snapshot
        if not s.grad_norms:
            return NO_BACKWARD
        lines = [
            "‖dW[l]‖ per layer, bars on a log scale: each 10× larger",
            "adds 3⅓ characters, so a bar half as long is far smaller.",
            "",
        ]
        names = [
            f"layer {l} ({shown_name('activation', a)})"
            for l, a in enumerate(s.activations[: len(s.grad_norms)], start=1)
        ]
        label = max(len(name) for name in names) + 1
        for name, n in zip(names, s.grad_norms):
            if np.isfinite(n) and n > 0:
                frac = (np.log10(n) - self.LOW) / (self.HIGH - self.LOW)
                bar = "█" * int(round(min(max(frac, 0.0), 1.0) * self.BAR))
            else:
                bar = ""
            lines.append(f"{name:<{label}}{fmt.num(n)}  {bar}")
        ticks = "".join(f"{t:<10}" for t in ("1e-8", "1e-5", "0.01")) + "10"
        lines.append(" " * (label + fmt.WIDTH + 2) + ticks)
        first, last = s.grad_norms[0], s.grad_norms[-1]
        L = len(s.grad_norms)
        if L > 1 and np.isfinite(first) and np.isfinite(last) and first > 0 and last > 0:
            lines += ["", f"‖dW1‖ / ‖dW{L}‖ = {fmt.number(first / last)}"]
            if last >= 10 * first:
                lines.append(f"layer 1's gradient is {times(last / first)} smaller than layer {L}'s")
        return "\n".join(lines)


class SymmetryView(TextView):
    """The hidden units' incoming weights side by side: identical columns never separate."""

    def text(self, frame: Frame) -> str:
        s = frame.snapshot
        W, b = s.params["W1"], s.params["b1"]
        units = min(W.shape[0], fmt.MAX_COLS)
        label = 10
        header = " " * label + "".join(f"{'unit ' + str(u + 1):>{fmt.WIDTH}}" for u in range(units))
        lines = [
            "Layer 1's hidden units, one column each: unit j shows",
            f"row j of W1 and b1[j] (init {shown_name('init', s.init)})",
            "",
            header,
        ]
        for k in range(W.shape[1]):
            lines.append(f"w from x{k + 1}".ljust(label) + "".join(fmt.num(W[u, k]) for u in range(units)))
        lines.append("b".ljust(label) + "".join(fmt.num(b[u, 0]) for u in range(units)))
        if W.shape[0] > units:
            lines.append(f"… {W.shape[0] - units} more units")
        with np.errstate(all="ignore"):  # inf − inf in a diverged net
            spread = hidden_unit_spread(s.params)
        lines.append("")
        lines.append(f"Largest difference between two units' weights: {fmt.number(spread)}")
        if spread == 0:
            lines += ["Every unit is the same: they get the same gradient,", "so they stay the same."]
        return "\n".join(lines)


class GradcheckView(TextView):
    """Backprop's gradients against finite differences, as one relative difference."""

    def text(self, frame: Frame) -> str:
        check = frame.gradcheck
        if check is None:
            return "The gradient check runs while this view shows and training is paused."
        d, at = check
        now = frame.snapshot.iteration
        if at == now:
            where = [f"Gradient check at iteration {at}, on the current parameters:"]
        else:
            where = [
                f"Gradient check at iteration {at}; training is now at {now}",
                "(it runs again when training pauses):" if frame.running else "(checking the current parameters…):",
            ]
        lines = where + [
            "  ‖dθ_backprop − dθ_approx‖ / (‖dθ_backprop‖ + ‖dθ_approx‖)",
            "with dθ_approx = (J(θ + ε) − J(θ − ε)) / 2ε, ε = 1e-7,",
            "for each parameter in turn.",
            "",
            f"relative difference = {fmt.number(d)}",
            "",
        ]
        if not np.isfinite(d):
            lines += ["The check cannot be computed:", "the parameters are no longer numbers."]
        elif d < 1e-7:
            lines.append("Below 1e-7: backprop agrees with the slope of the cost.")
        elif d < 1e-4:
            lines.append("Between 1e-7 and 1e-4: probably fine; worth a second look.")
        else:
            lines += ["Above 1e-4: backprop and the cost disagree;", "a formula is wrong somewhere."]
        return "\n".join(lines)
