"""The model panel: status, the four phases with their formulas, and the lesson's views in tabs."""

from __future__ import annotations

import time
from dataclasses import dataclass

from textual.containers import Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

from nn_tutor.model import PHASES
from nn_tutor.model.advice import RISING
from nn_tutor.ui import format as fmt
from nn_tutor.ui.plotting import spark_data
from nn_tutor.ui.spark import CostSpark
from nn_tutor.ui.status import config_line, spark_label, status_line
from nn_tutor.ui.view_tabs import TabStrip, ViewPane, ViewTabs
from nn_tutor.ui.views import CORE_VIEWS, VIEWS
from nn_tutor.ui.views.frame import RUNNING_PLOT_SECONDS, Frame

COSTS = {
    "cross_entropy": "J = −(1/m) Σ ( y·log A[L] + (1 − y)·log(1 − A[L]) )",
    "softmax": "J = −(1/m) Σ Σₖ yₖ·log A[L]ₖ",
    "mse": "J = (1/m) Σ ½ (A[L] − y)²",
}


def formulas(cost: str, output: str) -> dict[str, tuple[str, ...]]:
    """Each phase's equations, for the network's cost and output activation."""
    key = "softmax" if output == "softmax" else cost
    last = "dZ[L] = (A[L] − Y) ∗ g′(Z[L])" if cost == "mse" else "dZ[L] = A[L] − Y"
    return {
        "forward": ("Z[l] = W[l]·A[l−1] + b[l]", "A[l] = g[l](Z[l])"),
        "cost": (COSTS[key],),
        "backward": (last, "dW[l] = dZ[l]·A[l−1]ᵀ/m", "db[l] = Σ dZ[l]/m", "dZ[l−1] = W[l]ᵀdZ[l] ∗ g′(Z[l−1])"),
        "update": ("W[l] := W[l] − α·dW[l]", "b[l] := b[l] − α·db[l]"),
    }


def split_term(term: str, room: int) -> list[str]:
    """A term too long for `room` columns, cut before a + or − that is inside as few
    brackets as possible (the rightmost of those that fit)."""
    parts = []
    while len(term) > room:
        depth, cuts = 0, []
        for i, ch in enumerate(term):
            depth += ch in "(["
            depth -= ch in ")]"
            if 0 < i < room and ch in "+−" and term[i - 1] == " " and term[i + 1 : i + 2] == " ":
                cuts.append((depth, -i))
        if not cuts:
            break
        cut = -min(cuts)[1]
        parts.append(term[:cut].rstrip())
        term = "  " + term[cut:]
    return parts + [term]


def wrap_terms(head: str, terms, width: int) -> str:
    """`head`, then the equations separated by commas, broken into lines only between two
    equations (or, in one too long for a line, before a + or −); the lines after the first
    start under the first equation."""
    lines, line = [], head
    for k, term in enumerate(terms):
        piece = term + ("," if k < len(terms) - 1 else "")
        if len(line) > len(head) and len(line) + 2 + len(piece) > width:
            lines.append(line)
            line = " " * len(head)
        first, *rest = split_term(piece, width - len(line) - (2 if len(line) > len(head) else 0))
        line += ("  " if len(line) > len(head) else "") + first
        for part in rest:
            lines.append(line)
            line = " " * len(head) + part
    return "\n".join(lines + [line])


def panel_views(spec) -> list[str]:
    """The lesson's views in its order, then any of forward/gradients/cost it left out."""
    names = list(spec.views)
    return names + [n for n in CORE_VIEWS if n not in names]


def phase_values(frame: Frame, full_stop: str | None = None) -> str:
    """What the phase just run produced, in numbers. `full_stop`: what . does instead of a
    phase on the tab showing."""
    s = frame.snapshot
    L = len(s.layers) - 1
    if s.phase is None:
        dot = f". {full_stop} on this tab" if full_stop else "press . for one phase"
        return f"Nothing run yet. Next: {s.next_phase} ({dot}, space for an iteration)."
    if s.phase == "forward":
        made = ", ".join(f"Z{l} ({s.layers[l]}×{s.batch_m}), A{l}" for l in range(1, L + 1))
        i = frame.column
        out = (
            ""
            if i is None
            else f"; example {i + 1}: A{L} = {fmt.number(s.cache[f'A{L}'][0, i])}" + ("…" if s.layers[-1] > 1 else "")
        )
        return f"forward made {made}{out}"
    if s.phase == "cost":
        return f"cost: J = {fmt.number(s.cost)}, the mean loss over {s.batch_m} example{'s' * (s.batch_m != 1)}"
    if s.phase == "backward":
        norms = "  ".join(f"‖dW{l}‖ = {fmt.number(n)}" for l, n in enumerate(s.grad_norms, start=1))
        return f"backward made dZ, dW, db for every layer: {norms}"
    steps = "  ".join(f"‖α·dW{l}‖ = {fmt.number(s.learning_rate * n)}" for l, n in enumerate(s.grad_norms, start=1))
    return f"update moved every W and b (α = {s.learning_rate:g}): {steps}; iteration {s.iteration} done"


class PhaseBar(Vertical):
    """forward -> cost -> backward -> update, the phase just run highlighted with its formula."""

    DEFAULT_CSS = """
    PhaseBar { height: auto; }
    PhaseBar > .phase { color: $text-muted; padding: 0 1; }
    PhaseBar > .phase.-next { color: $text; }
    PhaseBar > .phase.-active { background: $accent 35%; color: $text; text-style: bold; }
    PhaseBar > #phase-values { height: auto; min-height: 2; padding: 0 1; color: $text-accent; }
    PhaseBar > #phase-values:light { color: $text-primary; }
    """

    def __init__(self, config, **kwargs):
        super().__init__(**kwargs)
        self.formulas = formulas(config.cost, config.activations[-1])

    def compose(self):
        for name in PHASES:
            yield Static(self.phase_text(name, 200), id=f"phase-{name}", classes="phase", markup=False)
        yield Static("", id="phase-values", markup=False)

    def phase_text(self, name: str, width: int) -> str:
        return wrap_terms(f"{name:<10}", self.formulas[name], width)

    def on_resize(self) -> None:
        width = self.content_size.width - 2  # each row's padding
        for name in PHASES:
            fmt.set_text(self.query_one(f"#phase-{name}", Static), self.phase_text(name, max(width, 20)))

    def show(self, frame: Frame, full_stop: str | None = None) -> None:
        s = frame.snapshot
        for name in PHASES:
            row = self.query_one(f"#phase-{name}", Static)
            row.set_class(name == s.phase, "-active")
            row.set_class(name == s.next_phase and not frame.running, "-next")
        fmt.set_wrapped(self.query_one("#phase-values", Static), phase_values(frame, full_stop))


def blame(warning: str, failing: tuple[str, ...]) -> str:
    """The model's warning, told of your network's failing checks: a rising cost is then more
    likely theirs than the learning rate's."""
    if failing and warning.startswith(RISING):
        verb = "fails its check" if len(failing) == 1 else "fail their checks"
        return f"{RISING}: your {', '.join(failing)} {verb}; fix that before blaming the learning rate."
    return warning


class PanelTabs(ViewTabs):
    """The panel's view tabs: a view is made as its tab is chosen, before the tab shows."""

    def chosen(self, pane_id: str) -> None:
        panel = self.parent
        if isinstance(panel, ModelPanel):
            panel.view(pane_id.removeprefix("tab-"))


class ModelPanel(Vertical):
    """Renders its `frame`: the status, the phases and whichever view tab is showing."""

    DEFAULT_CSS = """
    ModelPanel > #stats { text-style: bold; }
    ModelPanel > #config { color: $text-muted; }
    ModelPanel > #stats, ModelPanel > #config { height: 1; text-wrap: nowrap; text-overflow: ellipsis; }
    ModelPanel > #warning { height: 2; padding: 0 1; }
    ModelPanel > #warning.-shown { background: $warning 25%; }
    ModelPanel > #warning.-diverged { background: $error 35%; text-style: bold; }
    ModelPanel > PanelTabs { height: 1fr; min-height: 6; }
    ModelPanel ViewPane { padding: 0; height: 1fr; }
    """

    @dataclass
    class ViewShown(Message):
        """The view tab `name` is now the one showing."""

        name: str

    frame: reactive[Frame | None] = reactive(None, init=False, repaint=False)  # its parts repaint themselves

    def __init__(self, lesson, view: str | None = None, made=None, **kwargs):
        """`view`: the tab to show first (the lesson's first view if None or not one of its views);
        `made(name, widget)`: called as each view is made (its tab first shown)."""
        super().__init__(**kwargs)
        self.lesson = lesson
        self.names = panel_views(lesson.panel)
        self.first_view = view if view in self.names else self.names[0]
        self.made = made
        self._stale: set[str] = set()
        self._drawn_at = 0.0  # when the sparkline, phases and view were last drawn
        self._mounts: dict = {}  # view name -> its mount (awaitable), for the views made after compose

    def compose(self):
        yield Static("", id="stats", markup=False)
        yield Static("", id="config", markup=False)
        yield CostSpark(spark_label(0), id="spark")
        yield Static("", id="warning", markup=False)  # its lines kept, shown or not: no jump
        yield PhaseBar(self.lesson.panel.config, id="phases")
        # only the first view is made now: each other one when its tab first shows (see view)
        with PanelTabs(f"tab-{self.first_view}", id="views"):
            for name in self.names:
                with ViewPane(VIEWS[name].title, id=f"tab-{name}"):
                    if name == self.first_view:
                        yield self._make(name)[1]

    def _make(self, name: str) -> tuple:
        """(view `name`'s widget, what its tab holds): a view drawn as one block of text
        scrolls when it is taller than its space."""
        view = VIEWS[name].make(self.lesson, id=f"view-{name}")
        if self.made is not None:
            self.made(name, view)
        return view, VerticalScroll(view, classes="view-scroll") if isinstance(view, Static) else view

    @property
    def active_view(self) -> str:
        tabs = self._part("#views")
        if tabs is None:
            return self.first_view
        return tabs.active.removeprefix("tab-") or self.first_view

    def _part(self, selector: str):
        """The descendant with this id, or None (not mounted yet, or gone). A query by id is
        cached by Textual; a `query(...)` walks every widget of the panel, each frame."""
        try:
            return self.query_one(selector)
        except NoMatches:
            return None

    def view(self, name: str):
        """View `name`'s widget; made now if its tab has not shown yet (it then mounts on the
        loop's next turns: `made_view` waits for that)."""
        view = self._part(f"#view-{name}")
        if view is not None:
            return view
        pane = self.query_one(f"#tab-{name}", ViewPane)  # NoMatches for a view the panel has not
        view, held = self._make(name)
        self._mounts[name] = pane.mount(held)
        return view

    async def made_view(self, name: str):
        """View `name`'s widget, made if need be, once it has mounted."""
        view = self.view(name)
        mounting = self._mounts.pop(name, None)
        if mounting is not None:
            await mounting
        return view

    def on_mount(self) -> None:
        self.post_message(self.ViewShown(self.active_view))
        if self.frame is not None:  # given before it mounted: drawn with its first paint
            self.mutate_reactive(ModelPanel.frame)

    def watch_frame(self, frame: Frame | None) -> None:
        if frame is None:
            return
        if self._part("#stats") is None:  # its parts not up yet, or gone (the app closing): none to draw
            if self.is_attached and self.app.is_running:
                self.call_after_refresh(self.mutate_reactive, ModelPanel.frame)
            return
        s = frame.snapshot
        self._show_status(frame)
        warning = self.query_one("#warning", Static)
        fmt.set_text(warning, blame(s.warning, frame.failing), fixed=True)
        warning.set_class(bool(s.warning), "-shown")
        warning.set_class(s.diverged, "-diverged")
        active = self.active_view
        now = time.monotonic()
        fast = frame.running and (frame.speed is None or frame.speed * RUNNING_PLOT_SECONDS > 1)
        if fast and now - self._drawn_at < RUNNING_PLOT_SECONDS:
            # training faster than anyone reads: the status line follows every frame; the
            # sparkline, the phases and the view are drawn a few times a second
            self._stale.add(active)
            return
        view = self._part(f"#view-{active}")
        if view is None or not view.is_mounted:  # the tabs or the view still mounting: draw on the next frame
            self.call_after_refresh(self.mutate_reactive, ModelPanel.frame)
            return
        self._drawn_at = now
        # one value would fill the whole line: the line starts with the second
        spark = self.query_one("#spark", CostSpark)
        spark.data = spark_data(s.costs) if len(s.costs) > 1 else []
        spark.label = spark_label(len(s.costs))
        self.query_one("#phases", PhaseBar).show(frame, VIEWS[active].full_stop)
        self._stale = set(self.names) - {active}
        view.show(frame)

    def _show_status(self, frame: Frame) -> None:
        """The status and settings lines, in the longest form their width holds."""
        stats, config = self._part("#stats"), self._part("#config")
        if stats is None or config is None:  # gone (the app closing)
            return
        s = frame.snapshot
        fmt.set_text(stats, status_line(s, frame.running, frame.speed, stats.content_size.width or None), fixed=True)
        fmt.set_text(config, config_line(s, config.content_size.width or None), fixed=True)

    def on_resize(self) -> None:
        if self.frame is not None:
            self.call_after_refresh(self._show_status, self.frame)

    async def on_view_tabs_tab_activated(self, event: ViewTabs.TabActivated) -> None:
        name = event.pane.id.removeprefix("tab-")
        new = self._part(f"#view-{name}") is None or name in self._mounts
        view = await self.made_view(name)
        if not self.is_attached or not view.is_attached:  # (the panel went meanwhile)
            return
        self.post_message(self.ViewShown(name))
        if self.frame is not None:
            self.query_one("#phases", PhaseBar).show(self.frame, VIEWS[name].full_stop)
        if self.frame is not None and (name in self._stale or new):
            self._stale.discard(name)
            view.show(self.frame)

    def focus_view(self) -> None:
        """Give the keyboard to the view showing (so arrows scroll it), else to the tabs."""
        pane = self.query_one(f"#tab-{self.active_view}")
        target = next((w for w in pane.query("*") if w.focusable), None)
        (target or self.query_one("#views TabStrip", TabStrip)).focus()

    def next_view(self, step: int = 1) -> None:
        i = self.names.index(self.active_view)
        self.show_view(self.names[(i + step) % len(self.names)])

    def show_view(self, name: str) -> bool:
        """Show view `name`'s tab; False if its tab is not there (the panel mounting or going)."""
        tabs = self._part("#views")
        if name not in self.names or tabs is None or f"tab-{name}" not in tabs.pane_ids:
            return False
        tabs.active = f"tab-{name}"
        return True
