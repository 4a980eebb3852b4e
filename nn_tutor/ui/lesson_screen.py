"""The lesson screen: a lesson's text beside the network it trains, stepped by keyboard.

The Trainer is touched only under ``self.lock``: training runs in a thread worker,
while the screen takes a Snapshot on a steady timer (never once per iteration) and the
widgets draw it on the main thread.
"""

from __future__ import annotations

import threading
import time

from textual import work
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.content import Content
from textual.widgets import Footer, Markdown, Static
from textual.widgets.markdown import MarkdownFence
from textual.worker import get_current_worker

from nn_tutor.model import ACTIVATIONS, DATASETS, INITS, Trainer
from nn_tutor.ui.panel import ModelPanel
from nn_tutor.ui.views import Frame

FPS = 20
LR_STEP = 1.5
SPEEDS = (10, 100, 300, 1000, None)     # iterations a second while running; None: as fast as it goes
DEFAULT_SPEED = 300
CHUNK_SECONDS = 0.004      # training time between chances to pause and to snapshot


class LessonFence(MarkdownFence):
    """A code block. Only blocks that name their language are highlighted: lessons write
    formulas as plain indented blocks, and guessing a lexer for those is slow and colours
    them at random."""

    @classmethod
    def highlight(cls, code: str, language: str, ansi: bool = False, dark: bool = False) -> Content:
        if not language:
            return Content(code)
        return super().highlight(code, language, ansi=ansi, dark=dark)


class LessonMarkdown(Markdown):
    BLOCKS = {**Markdown.BLOCKS, "fence": LessonFence, "code_block": LessonFence}

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        """Open web links only: a lesson file must not open local files or run other schemes."""
        from nn_tutor.lessons.text import is_web_link, shown

        event.prevent_default()
        if event.href.startswith("#"):
            self.goto_anchor(event.href[1:])
        elif is_web_link(event.href):
            self.app.open_url(event.href)
        else:
            self.notify(f"Not opened: {shown(event.href)[:80]} (lessons open http and https links only)",
                        severity="warning", markup=False)


def _next(names, current, step=1):
    names = list(names)
    i = names.index(current) if current in names else -1
    return names[(i + step) % len(names)]


class LessonScreen(Screen):
    """One lesson. The App swaps these screens to move between lessons."""

    BINDINGS = [
        Binding("space", "step", "Step", tooltip="Run one whole iteration: forward, cost, backward, update."),
        Binding("full_stop", "phase", "Phase", key_display=".",
                tooltip="Run the next phase only, with its formula highlighted "
                        "(on the graph view: visit the next node)."),
        Binding("r", "run", "Run/Pause", tooltip="Train continuously; press again to pause."),
        Binding("s", "speed", "Speed", tooltip="Cycle the running speed: 10, 100, 300, 1000 iterations/s, max."),
        Binding("0", "reset", "Reset", tooltip="Back to iteration 0 with the initial weights."),
        Binding("plus,equals_sign", "learning_rate(1)", "α×1.5", key_display="+",
                tooltip="Multiply the learning rate α by 1.5."),
        Binding("minus", "learning_rate(-1)", "α÷1.5", key_display="-",
                tooltip="Divide the learning rate α by 1.5."),
        Binding("left_square_bracket", "example(-1)", "Prev ex", key_display="[",
                tooltip="Show the previous example of the batch in the forward view."),
        Binding("right_square_bracket", "example(1)", "Next ex", key_display="]",
                tooltip="Show the next example of the batch in the forward view."),
        Binding("a", "activation", "Activation", tooltip="Cycle the hidden layers' activation (restarts training)."),
        Binding("i", "init", "Init", tooltip="Cycle the weight initialisation (restarts training)."),
        Binding("d", "dataset", "Data", tooltip="Cycle the data set (restarts training)."),
        Binding("v", "next_view", "View", tooltip="Show the panel's next view tab."),
        Binding("g", "graph", "Graph", tooltip="Switch the computation graph's example."),
        Binding("n", "lesson(1)", "Next", tooltip="Go to the next lesson (marks this one done)."),
        Binding("p", "lesson(-1)", "Prev", tooltip="Go to the previous lesson."),
        Binding("k", "quiz", "Quiz", tooltip="A quiz on this lesson's topics."),
    ]

    def __init__(self, lesson, index: int, count: int, trainer: Trainer | None = None):
        super().__init__(name=lesson.id)
        self.lesson, self.index, self.count = lesson, index, count
        self.trainer = trainer if trainer is not None else Trainer(**lesson.panel.trainer_kwargs())
        self.lock = threading.Lock()
        self.example = 0
        self.running = False
        self.speed: int | None = DEFAULT_SPEED
        self._dirty = True
        self._gradcheck_at: tuple | None = None
        self._gradcheck: float | None = None
        self.title_text = f"nn-tutor · lesson {index + 1} of {count}: {lesson.title}"

    # -- layout -----------------------------------------------------------------------------
    def compose(self):
        yield Static(self.title_text, classes="title-bar", markup=False)
        with Horizontal(id="body"):
            with VerticalScroll(id="lesson-pane"):
                yield LessonMarkdown(self.lesson.body, id="lesson-text")
            yield ModelPanel(self.lesson, id="panel")
        yield Footer()

    def on_mount(self) -> None:
        if not self.query("#lesson-pane"):     # the app quit while this screen was being built
            return
        self.set_interval(1 / FPS, self._tick)
        self.query_one("#lesson-pane").focus()
        self.refresh_panel()

    @property
    def panel(self) -> ModelPanel:
        return self.query_one("#panel", ModelPanel)

    # -- drawing ----------------------------------------------------------------------------
    def _tick(self) -> None:
        if self.running or self._dirty:
            self.refresh_panel()

    def refresh_panel(self) -> None:
        """Snapshot the Trainer and let the panel draw it."""
        with self.lock:
            snapshot = self.trainer.snapshot()
            gradcheck = self._gradcheck_value(snapshot)
        self._dirty = False
        self.panel.show(Frame(snapshot, self.example, gradcheck, self.running, self.speed))

    def _gradcheck_value(self, snapshot) -> float | None:
        """Re-run the gradient check when the parameters moved (never while running)."""
        if "gradcheck" not in self.panel.names:
            return None
        if self.running:
            return self._gradcheck
        key = (id(self.trainer), snapshot.iteration)
        if key != self._gradcheck_at:
            self._gradcheck_at = key
            self._gradcheck = self.trainer.gradient_check()
        return self._gradcheck

    # -- stepping ---------------------------------------------------------------------------
    def action_step(self) -> None:
        self.pause()
        with self.lock:
            self.trainer.step()
        self.refresh_panel()

    def action_phase(self) -> None:
        if self.panel.active_view == "graph":
            self.panel.view("graph").step()
            return
        self.pause()
        with self.lock:
            self.trainer.step_phase()
        self.refresh_panel()

    def action_run(self) -> None:
        if self.running:
            self.pause()
        elif self.trainer.diverged:
            self.notify("The network has diverged: lower the learning rate (-) and reset (0).", severity="warning")
        else:
            self.running = True
            self.train()
        self.refresh_panel()

    def pause(self) -> None:
        if self.running:
            self.running = False
            self.workers.cancel_group(self, "train")

    @work(thread=True, exclusive=True, group="train")
    def train(self) -> None:
        """Train until paused or diverged, in short chunks so the lock is often free."""
        worker = get_current_worker()
        n, done, began = 1, 0, time.perf_counter()
        while not worker.is_cancelled:
            speed = self.speed
            if speed is not None:
                due = int((time.perf_counter() - began) * speed) + 1 - done
                if due <= 0:
                    time.sleep(min(0.01, 1 / speed))
                    continue
                n = min(n, due)
            start = time.perf_counter()
            with self.lock:
                done += self.trainer.run(n)
                diverged = self.trainer.diverged
            took = time.perf_counter() - start
            if diverged:
                self.app.call_from_thread(self._diverged)
                return
            # grow or shrink the chunk so that one chunk takes about CHUNK_SECONDS
            n = max(1, min(n * 2, int(n * CHUNK_SECONDS / took))) if took > 0 else n * 2
            time.sleep(0.0005)   # let the UI thread take the lock and the GIL

    def action_speed(self) -> None:
        self.speed = _next(SPEEDS, self.speed)
        self.notify(f"Running speed: {'as fast as possible' if self.speed is None else f'{self.speed} iterations/s'}",
                    timeout=2)
        if self.running:               # restart the pacing from now
            self.train()
        self.refresh_panel()

    def _diverged(self) -> None:
        self.running = False
        self.refresh_panel()

    # -- settings ---------------------------------------------------------------------------
    def action_reset(self) -> None:
        self.pause()
        with self.lock:
            self.trainer.reset()
        if "graph" in self.panel.names:
            self.panel.view("graph").reset()
        self.refresh_panel()

    def action_learning_rate(self, direction: int) -> None:
        with self.lock:
            lr = self.trainer.learning_rate * (LR_STEP if direction > 0 else 1 / LR_STEP)
            lr = min(max(lr, 1e-4), 1e3)
            self.trainer.set_learning_rate(float(f"{lr:.4g}"))
        self.refresh_panel()

    def action_example(self, step: int) -> None:
        self.example += step
        self.refresh_panel()

    def _replace(self, what: str, **changes) -> None:
        self.pause()
        with self.lock:
            self.trainer = self.trainer.replace(**changes)
        self.example = 0
        self.notify(f"{what}; training starts again from iteration 0.", timeout=3)
        self.refresh_panel()

    def action_activation(self) -> None:
        acts = self.trainer.activations
        if len(acts) < 2:
            self.notify("This network has no hidden layer; its one unit stays sigmoid.", timeout=4)
            return
        name = _next(ACTIVATIONS, acts[0])
        self._replace(f"Hidden activation: {name}", activations=(name,) * (len(acts) - 1) + (acts[-1],))

    def action_init(self) -> None:
        name = _next(INITS, self.trainer.init)
        self._replace(f"Initialisation: {name}", init=name)

    def action_dataset(self) -> None:
        name = _next(DATASETS, self.trainer.dataset)
        self._replace(f"Data set: {name}", dataset=name)

    def action_next_view(self) -> None:
        self.panel.next_view()

    def action_graph(self) -> None:
        kind = self.panel.view("graph").switch()
        self.notify(f"Computation graph: {kind}", timeout=2)

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "graph":
            return "graph" in self.lesson.panel.views
        if action == "lesson":
            target = self.index + parameters[0]
            return True if 0 <= target < self.count else None
        return True

    # -- leaving ----------------------------------------------------------------------------
    def action_lesson(self, step: int) -> None:
        self.pause()
        self.app.goto_lesson(self.index + step, completed=self.lesson.id if step > 0 else None)

    def action_quiz(self) -> None:
        self.pause()
        self.app.open_quiz(topics=list(self.lesson.quiz) or None)

    def on_screen_suspend(self) -> None:
        self.pause()
