"""The vectorisation view: the forward pass timed live as a Python loop over the examples
and as one matrix product, for m from 10 to 100 000, then broadcasting's shapes.

The timing runs in a thread worker (keys stay live); the loop at large m is stopped after
a fixed time and its full time estimated, and the view says which rows are estimates."""

from __future__ import annotations

from textual import work
from textual.binding import Binding
from textual.worker import get_current_worker

from nn_tutor.model.demos import LOOP_BUDGET, TIMED_M, broadcast_shapes, time_forward
from nn_tutor.ui.views.frame import Frame
from nn_tutor.ui.views.keys import KeyedView
from nn_tutor.ui.views.text import TextView


def duration(seconds: float) -> str:
    """A time in ms or s, about three figures ("—" if it is not a number)."""
    if seconds != seconds or seconds in (float("inf"), float("-inf")):
        return "—"
    if seconds >= 1:
        return f"{seconds:.2f} s"
    ms = seconds * 1000
    return f"{ms:.3g} ms" if ms >= 0.01 else f"{ms:.1e} ms"


def ratio(loop: float, matrix: float) -> str:
    with_numbers = loop == loop and matrix == matrix and matrix > 0 and loop != float("inf")
    return f"{loop / matrix:,.0f}×" if with_numbers else "—"


class VectoriseView(KeyedView, TextView):
    """Times the lesson network's forward pass both ways on this machine."""

    BINDINGS = [Binding("enter", "time_again", "Time again", tooltip="Run the timing again.")]

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.results: list[dict] = []
        self.timing = False
        self.timings = 0  # timings finished
        self.frame: Frame | None = None

    def show(self, frame: Frame) -> None:
        first = self.frame is None
        self.frame = frame
        if first:
            self.action_time_again()
        super().show(frame)

    def action_time_again(self) -> None:
        if self.frame is None or self.timing:
            return
        s = self.frame.snapshot
        self.results, self.timing = [], True
        self.measure(dict(s.params), list(s.activations))
        super().show(self.frame)

    @work(thread=True, exclusive=True, group="vectorise")
    def measure(self, params: dict, activations: list) -> None:
        worker = get_current_worker()
        for m in TIMED_M:
            if worker.is_cancelled:
                return
            result = time_forward(params, activations, m, should_stop=lambda: worker.is_cancelled)
            if worker.is_cancelled:
                return
            self.app.call_from_thread(self.add, result)
        self.app.call_from_thread(self.finish)

    def add(self, result: dict) -> None:
        self.results.append(result)
        if self.frame is not None:
            super().show(self.frame)

    def finish(self) -> None:
        self.timing = False
        self.timings += 1
        if self.frame is not None:
            super().show(self.frame)

    def text(self, frame: Frame) -> str:
        s = frame.snapshot
        net = "→".join(s.activations)
        lines = [
            f"The forward pass of {list(s.layers)} ({net}) on m random",
            "examples, timed now on this machine:",
            "",
            f"{'m':>8}  {'Python loop':>13}  {'one matrix product':>18}  {'loop ÷ matrix':>13}",
        ]
        for r in self.results:
            loop = duration(r["loop_seconds"]) + ("*" if r["estimated"] else " ")
            lines.append(
                f"{r['m']:>8,}  {loop:>13}  {duration(r['matrix_seconds']):>18}  "
                f"{ratio(r['loop_seconds'], r['matrix_seconds']):>13}"
            )
        estimated = [r for r in self.results if r["estimated"]]
        for r in estimated:
            lines.append(f"* estimated from the {r['loop_examples']:,} examples the loop did in {LOOP_BUDGET:g} s")
        if self.timing:
            lines.append(f"timing m = {TIMED_M[len(self.results)]:,} …" if len(self.results) < len(TIMED_M) else "…")
        elif self.results:
            same = all(r["agree"] for r in self.results)
            lines.append(
                "Both ways give the same numbers on every example the loop ran."
                if same
                else "The two ways disagree somewhere: the parameters are no longer numbers."
            )
            lines.append("enter times again")
        n, m = s.params["W1"].shape[0], s.X.shape[1]
        lines += ["", f"Broadcasting, run in NumPy (n = {n} units, m = {m}):"]
        for text, shapes_in, shape_out in broadcast_shapes(n, m):
            lines += [f"  {text}", f"      {shapes_in} → {shape_out}"]
        lines += ["A flat (n,) array is neither a row nor a column:", "keep columns (n, 1); sum with keepdims=True."]
        return "\n".join(lines)
