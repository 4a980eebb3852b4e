"""The derivative-nudge view: pick f, move a, and watch Δf/Δa settle on f′(a)."""

from __future__ import annotations

from textual.binding import Binding

from nn_tutor.model.demos import NUDGE_FUNCTIONS, NUDGE_SIZES, nudge, nudge_ratios
from nn_tutor.ui import format as fmt
from nn_tutor.ui.views.frame import Frame
from nn_tutor.ui.views.keys import KeyedView
from nn_tutor.ui.views.text import TextView

A_STEP = 0.5
A_LIMIT = 20.0
SLOPES = {"3a": "3", "a²": "2a", "log a": "1/a"}


class NudgeView(KeyedView, TextView):
    """f(a), f(a + h), Δf and Δf/Δa next to f′(a), for f = 3a, a², log a."""

    BINDINGS = [
        Binding("left", "move(-1)", "a − 0.5", tooltip="Move a to the left by 0.5."),
        Binding("right", "move(1)", "a + 0.5", tooltip="Move a to the right by 0.5."),
        Binding("f", "function", "Next f", tooltip="The next function: 3a, a², log a."),
        Binding("h", "size", "Nudge h", tooltip="The next nudge size h: 1, 0.1, 0.01, 0.001."),
    ]

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.function, self.a, self.h = "a²", 2.0, 0.001

    def on_mount(self) -> None:
        self.draw()

    def show(self, frame: Frame) -> None:
        pass  # the nudge does not follow the network

    def draw(self) -> None:
        fmt.set_text(self.query_one("#text"), self.text(None))

    def text(self, frame) -> str:
        name, a, h = self.function, self.a, self.h
        r = nudge(name, a, h)
        num = lambda x: fmt.fixed(x, 6).rjust(12)  # noqa: E731
        lines = [
            f"f(a) = {name}      f′(a) = {SLOPES[name]}",
            "",
            f"a = {fmt.general(a, 6)}    nudge h = Δa = {fmt.general(h)}",
            "",
            f"f(a)       {num(r['f'])}",
            f"f(a + h)   {num(r['f_nudged'])}",
            f"Δf         {num(r['delta'])}   how far the output moved",
            f"Δf / Δa    {num(r['ratio'])}   output moved per unit of input",
            f"f′(a)      {num(r['slope'])}   the slope the ratio settles to",
            "",
        ]
        if name == "log a" and not a > 0:
            lines += ["log a is defined only for a > 0: press → to move a right.", ""]
        lines.append("Smaller nudges at the same a:")
        for size, ratio in nudge_ratios(name, a):
            mark = "  ◀ now" if size == h else ""
            lines.append(f"  h = {fmt.general(size):<6} Δf/Δa = {fmt.fixed(ratio, 6)}{mark}")
        lines += ["", "← → move a   f next function (3a, a², log a)   h nudge size"]
        return "\n".join(lines)

    def action_move(self, direction: int) -> None:
        self.a = min(max(self.a + direction * A_STEP, -A_LIMIT), A_LIMIT)
        self.draw()

    def action_function(self) -> None:
        names = list(NUDGE_FUNCTIONS)
        self.function = names[(names.index(self.function) + 1) % len(names)]
        self.draw()

    def action_size(self) -> None:
        sizes = list(NUDGE_SIZES)
        self.h = sizes[(sizes.index(self.h) + 1) % len(sizes)] if self.h in sizes else sizes[-1]
        self.draw()
