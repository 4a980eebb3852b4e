"""The lesson screen: a lesson's text beside the network it trains, stepped by keyboard.

Keys become calls on the app's training Session (the network trains in another process);
the Updates it sends back become the panel's Frame. The lesson's text and the key bar show
with the screen's first frame; just after it the network is asked for (the app's side of the
session, with NumPy, loads then; the first lesson's network the training process was given as
it started) and the model panel (its views and plots) is built while the training process
makes its first snapshot.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Static

from nn_tutor.session.pace import DEFAULT_SPEED, SPEEDS, next_in
from nn_tutor.ui import stopped
from nn_tutor.ui.bindings import LESSON_FOOTER_FIRST, LESSON_KEYS
from nn_tutor.ui.footer import KeyFooter
from nn_tutor.ui.lesson_text import LessonText
from nn_tutor.ui.screens import graph_kind, size_classes

LR_STEP = 1.5


class LessonScreen(Screen):
    """One lesson. The App swaps these screens to move between lessons."""

    BINDINGS = LESSON_KEYS

    FOOTER_FIRST = LESSON_FOOTER_FIRST

    @dataclass
    class OpenQuiz(Message):
        """A quiz on these topics (None: every topic)."""

        topics: list[str] | None

    running: reactive[bool] = reactive(False, init=False)
    speed: reactive[int | None] = reactive(DEFAULT_SPEED, init=False)
    example: reactive[int] = reactive(0, init=False)

    def __init__(
        self,
        lesson,
        index: int,
        count: int,
        session=None,
        X=None,
        Y=None,
        place: dict | None = None,
        speed: int | None = DEFAULT_SPEED,
        *,
        generation: int | None = None,
        built_ahead: bool = False,
    ):
        """`session`: the training session (None: the app's); `place`: where the learner left
        this lesson (Progress.places); `speed`: the running speed; `generation`: the session
        already loads this lesson's network (the app asked early); `built_ahead`: built before
        it is shown, so the network loads when it is."""
        super().__init__(name=lesson.id)
        self.lesson, self.index, self.count = lesson, index, count
        self.place = place or {}
        self.set_reactive(LessonScreen.speed, speed)
        self.tried = False  # the learner ran the network (or stepped the graph): "done" on n
        self._session = session  # see `session`
        self.data = (X, Y)
        self.generation: int | None = generation
        self.built_ahead = built_ahead
        self._styled_for = None  # the app's look when this screen was styled
        self.graph = None  # the computation graph the graph view shows
        self.graph_kind = graph_kind(lesson)
        self.built_panel = None  # the model panel, built a moment after the text shows
        self._panel_asked = False
        self._laid_for = None  # the size of the last Resize (see on_resize)
        self.latest = None  # the latest session Update shown
        self.yournet = None  # the y key's switch to your network (nn_tutor.ui.yournet)
        self.title_text = self._title()

    @property
    def session(self):
        """The session this screen drives: its own (your network's pair, while that shows) or the app's."""
        return self._session if self._session is not None else self.app.session

    @session.setter
    def session(self, session) -> None:
        self._session = session

    def _title(self) -> str:
        return f"nn-tutor · lesson {self.index + 1} of {self.count}: {self.lesson.title}"

    def renumber(self, index: int, count: int) -> None:
        """The lesson's place in the course, once the whole folder has loaded."""
        if (index, count) != (self.index, self.count):
            self.index, self.count = index, count
            self.title_text = self._title()
            for bar in self.query(".title-bar"):
                bar.update(self.title_text)
            self.refresh_bindings()

    # -- layout -----------------------------------------------------------------------------
    def compose(self):
        # the size classes a resize would add, set before the children are styled (adding
        # them later restyles every widget of the screen)
        self.update_classes(size_classes(self))
        self._styled_for = self._look()
        yield Static(self.title_text, classes="title-bar", markup=False)
        with Horizontal(id="body"):
            with VerticalScroll(id="lesson-pane"):
                yield LessonText(self.lesson.body, id="lesson-text")
            yield Static("Starting the network…", id="panel-wait", markup=False)
        yield KeyFooter()  # one widget, with the text: the panel's coming moves nothing else

    async def _build_panel(self) -> None:
        """The network asked for, then the model panel, a frame after the text."""
        from nn_tutor.ui.panel_build import build_panel

        await build_panel(self)

    class PanelBuilt(Message):
        """The panel is up: what the session sent meanwhile can be shown (the app calls take_session)."""

    def config(self):
        """The lesson's network, with the α the learner left it at."""
        return self.lesson.panel.config_at(self.place.get("learning_rate"))

    def load_network(self) -> None:
        """Ask the session for this lesson's network (once)."""
        if self.generation is None:
            X, Y = self.data
            self.generation = self.session.load(self.config(), X=X, Y=Y, compare=self.lesson.panel.compare)
        self.session.set_speed(self.speed)

    def _look(self) -> tuple:
        return self.app.theme, self.app.app_focus

    def on_mount(self) -> None:
        panes = self.query("#lesson-pane")
        if not panes:  # built ahead, and closed before it mounted (the app quit)
            return
        panes.first().focus()
        if self.built_ahead:
            self.call_after_refresh(self._build_panel)
        else:  # after the text's first frame, and after what waits on that frame
            self.call_after_refresh(self.call_later, self._build_panel)
        if self.place.get("scroll") and not self.built_ahead:  # built ahead: once shown
            self._scroll_back(self.place["scroll"], tries=60)

    def on_resize(self, event: events.Resize) -> None:
        laid_for = self.size if self._laid_for is None else self._laid_for
        self._laid_for = event.size
        same = all(self.has_class(name) == on for name, on in size_classes(self).items())
        if event.size == laid_for and same:
            # a Resize that changes nothing: the one a screen's first layout sends it, or the
            # terminal's size passed on again (Textual 8.2.8 passes on every size the terminal
            # reports, a same one too). Textual would lay the whole screen out again. A real
            # resize arrives with the screen's size already set to it: only the size of the
            # Resize before tells it apart.
            event.prevent_default()

    def _scroll_back(self, y: float, tries: int) -> None:
        """Scroll the text to where it was, once the markdown is laid out that far."""
        pane = self.query_one("#lesson-pane")
        if pane.max_scroll_y >= y or tries <= 0:
            pane.scroll_to(y=y, animate=False)
        else:
            self.set_timer(0.05, lambda: self._scroll_back(y, tries - 1))

    def where(self) -> dict:
        """Where the learner is in this lesson, to come back to: view, α and scroll position."""
        view = self.panel.active_view if self.panel_ready else self.place.get("view")
        place = {"view": view, "scroll": float(self.query_one("#lesson-pane").scroll_y)}
        if self.snapshot is not None:
            place["learning_rate"] = float(self.snapshot.learning_rate)
        return place

    def set_graph(self, kind: str) -> None:
        from nn_tutor.model.graph import GRAPHS

        self.graph, self.graph_kind = GRAPHS[kind](), kind
        self._give_graph()

    def _view_made(self, name: str, view) -> None:
        """A view of the panel is made (its tab first shown): it gets what this screen keeps for it."""
        if name == "graph" and self.graph is not None:
            view.kind, view.graph = self.graph_kind, self.graph

    def _give_graph(self) -> None:
        # a screen built ahead can mount before its panel's tabs do: then it is given on show
        for view in self.query("#view-graph"):
            self._view_made("graph", view)

    @property
    def panel_ready(self) -> bool:
        """The model panel is built and still on screen (while the app closes it goes first)."""
        return self.built_panel is not None and self.built_panel.is_attached

    @property
    def panel(self):
        """The ModelPanel (once built: see panel_ready)."""
        return self.built_panel if self.built_panel is not None else self.query_one("#panel")

    @property
    def snapshot(self):
        """The network as the panel shows it now (None before the first Update)."""
        return None if self.latest is None else self.latest.snapshot

    # -- from the session -------------------------------------------------------------------
    def take_session(self) -> None:
        """Show what the session sent since last time (the app calls this when something came)."""
        if not self.panel_ready or self.generation != self.session.generation:
            return  # (once the panel is built, it takes what came meanwhile)
        from nn_tutor.session.messages import CompareResult, Notice

        for event in self.session.take_events():
            if isinstance(event, Notice):
                self.notify(event.text, severity=event.severity, timeout=event.timeout, markup=False)
            elif isinstance(event, CompareResult) and "compare" in self.panel.names:
                self.panel.view("compare").result = event  # (made now if its tab has not shown)
        update = self.session.latest
        if update is not None and update is not self.latest:
            self.latest = update
            self.running = update.running
            self._show()
        stopped.show_state(self)

    def _show(self) -> None:
        u = self.latest
        if u is not None and self.panel_ready:
            self.panel.frame = self.frame_now()

    def frame_now(self):
        """The latest Update as the panel draws it, with what the learner has selected."""
        from nn_tutor.ui.views.frame import Frame

        u, yours = self.latest, self.yournet
        failing = tuple(r.name for r in yours.failing) if yours is not None and yours.showing else ()
        return Frame(u.snapshot, self.example, u.gradcheck, self.running, self.speed, u.reference_costs, failing)

    def watch_running(self) -> None:
        self._show()

    def watch_example(self) -> None:
        self._show()

    def watch_speed(self, speed: int | None) -> None:
        self.session.set_speed(speed)
        self._show()

    def on_model_panel_view_shown(self, event) -> None:
        if self.generation is not None:  # not while built ahead of being shown
            self.session.want_gradcheck(event.name == "gradcheck")

    # -- keys -------------------------------------------------------------------------------
    def action_step(self) -> None:
        self.tried = True
        self.session.step()

    def action_phase(self) -> None:
        self.tried = True
        if not self.panel_ready:
            self.session.phase()
        elif self.panel.active_view == "graph":
            if self.graph.done:
                self.graph.reset()
            else:
                self.graph.step()
            self.panel.view("graph").graph = self.graph
        else:
            self.session.phase()

    def action_run(self) -> None:
        self.tried = True
        self.session.toggle_run()

    def action_speed(self) -> None:
        self.speed = next_in(SPEEDS, self.speed)
        self.notify(
            f"Running speed: {'as fast as possible' if self.speed is None else f'{self.speed} iterations/s'}", timeout=2
        )

    def action_reset(self) -> None:
        self.session.reset()
        if self.graph is not None:
            self.graph.reset()
            self._give_graph()

    def action_learning_rate(self, direction: int) -> None:
        self.session.scale_learning_rate(LR_STEP if direction > 0 else 1 / LR_STEP)

    def action_example(self, step: int) -> None:
        self.example += step

    def action_activation(self) -> None:
        self.example = 0
        self.session.cycle("activation")

    def action_init(self) -> None:
        self.example = 0
        self.session.cycle("init")

    def action_dataset(self) -> None:
        self.example = 0
        self.session.cycle("dataset")

    def action_next_view(self) -> None:
        if self.panel_ready:
            self.panel.next_view()

    def action_zoom(self, part: str) -> None:
        """Give the whole screen to the panel or the text; the same key again shares it."""
        zoomed = self.has_class(f"-zoom-{part}")
        self.remove_class("-zoom-panel", "-zoom-text")
        if not zoomed:
            self.add_class(f"-zoom-{part}")
            if part == "panel" and self.panel_ready and self.focused is not None and self.focused.id == "lesson-pane":
                self.panel.focus_view()
            elif part == "text":
                self.query_one("#lesson-pane").focus()

    def action_graph(self) -> None:
        from nn_tutor.model.graph import GRAPHS

        if not self.panel_ready:
            return
        kind = next_in(GRAPHS, self.graph_kind)
        self.set_graph(kind)
        self.notify(f"Computation graph: {kind}", timeout=2)

    def action_exercises(self) -> None:
        from nn_tutor.ui.workspace_screen import open_exercises

        open_exercises(self.app)

    def action_your_network(self, anyway: bool = False) -> None:
        from nn_tutor.ui.yournet import YourNetwork

        if not self.panel_ready:
            return
        self.yournet = self.yournet or YourNetwork(self)
        self.yournet.toggle(anyway)

    def action_restart_training(self) -> None:
        stopped.restart(self)

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "restart_training":  # shown once the training process has stopped
            started = self._session is not None or self.app.session_started
            return started and stopped.failure(self.session) is not None
        if action == "graph":
            return "graph" in self.lesson.panel.views
        if action == "lesson":
            target = self.index + parameters[0]
            return True if 0 <= target < self.count else None
        return True

    # -- leaving ----------------------------------------------------------------------------
    def action_lesson(self, step: int) -> None:
        self.app.read_lessons()  # the whole folder read, this lesson knows its place in it
        self.session.pause()
        done = step > 0 and self.tried  # a lesson only read is not done: its network was never run
        # called, not posted: keys typed after n (t, ?) then act on the new lesson, in order
        self.app.goto_lesson(self.index + step, completed=self.lesson.id if done else None)

    def action_quiz(self) -> None:
        self.session.pause()
        self.post_message(self.OpenQuiz(list(self.lesson.quiz) or None))

    def on_screen_suspend(self) -> None:
        if self.generation is not None:  # (a network that was never asked for has nothing to pause)
            self.session.pause()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        if self._styled_for is not None:
            # first shown: styled when mounted, with the same theme, so Textual's restyle
            # of every widget on resume would change nothing
            if self._styled_for == self._look():
                event.refresh_styles = False
            self._styled_for = None
        if self.generation is None and self.built_ahead:  # its network loads now
            self.load_network()
            if self.panel_ready:
                self.session.want_gradcheck(self.panel.active_view == "gradcheck")
            if self.graph is not None:
                self._give_graph()
            if self.place.get("scroll"):
                self._scroll_back(self.place["scroll"], tries=60)
        self.take_session()
