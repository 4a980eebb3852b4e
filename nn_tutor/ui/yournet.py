"""The `y` key of the two-layer lessons: the panel switches between the reference network and
your network, whose forward, backward and update are the learner's own (network.py in the
exercises' workspace), trained in a process of its own in step with the reference.

Before it switches, the three functions are checked in the exercises' separate process. While
your network shows, its process is pinged: one that stops answering (an endless loop the
process could not stop itself) is ended and the learner told; `y` always goes back at once.
"""

from __future__ import annotations

import threading
from pathlib import Path

from textual.widgets import Static

from nn_tutor.exercises import run_checks
from nn_tutor.session import Session
from nn_tutor.session.learner import ACTIVATIONS, LearnerNetwork, two_layer
from nn_tutor.session.pair import Pair
from nn_tutor.ui.exercises_screen import YOURS as NEEDED, summary, tilde
from nn_tutor.ui.workspace_screen import remembered_workspace

WATCH_SECONDS = 0.5      # how often the process is pinged while your network shows
START_SECONDS = 20.0     # the first answer: a new process imports NumPy and loads network.py
STUCK_SECONDS = 5.0      # any later answer (the process itself stops a call of the learner's after 2 s)
NO_WORKSPACE = ("Your network needs an exercises workspace: press e to make one, then write forward, "
                "backward and update in its network.py.")
GONE = ("Your network's process ended (os._exit() or a crash in network.py?). "
        "Press y to go back to the reference.")


class Banner(Static):
    DEFAULT_CSS = """
    Banner { height: auto; padding: 0 1; background: $accent 30%; text-style: bold; }
    Banner.-stopped { background: $error 35%; }
    """


class YourNetwork:
    """One lesson screen's switch between the reference and your network."""

    def __init__(self, screen):
        self.screen = screen
        self.pair: Pair | None = None
        self.workspace: Path | None = None
        self.checking = False
        self.stopped = False
        self._timer = None

    @property
    def app(self):
        return self.screen.app

    @property
    def showing(self) -> bool:
        return self.pair is not None

    def toggle(self) -> None:
        if self.pair is not None:
            self.back()
        elif self.checking:
            self.app.notify("Still checking your forward, backward and update…", timeout=3)
        elif not two_layer(self.screen.lesson.panel.config):
            self.app.notify("Your network is the two-layer one (tanh hidden units, a sigmoid output): "
                            "press y in such a lesson, lesson 18 for one.", severity="warning", timeout=5)
        else:
            workspace = remembered_workspace(self.app.progress)
            if workspace is None:
                self.app.notify(NO_WORKSPACE, severity="warning", timeout=8, markup=False)
                return
            self.checking = True
            self.app.notify("Checking your forward, backward and update…", timeout=3)
            threading.Thread(target=self._check, args=(workspace,), name="nn-tutor your network check",
                             daemon=True).start()

    # -- checking -----------------------------------------------------------------------------
    def _check(self, workspace: Path) -> None:
        """Thread: the three checks (a few seconds at most), then back to the app."""
        try:
            results = run_checks(workspace, names=NEEDED)
        except Exception as err:    # never leave the key stuck at "still checking"
            results = err
        try:
            self.app.call_from_thread(self._checked, workspace, results)
        except RuntimeError:        # the app has closed
            pass

    def _checked(self, workspace: Path, results) -> None:
        self.checking = False
        if isinstance(results, Exception):
            self.app.notify(f"Your functions could not be checked: {results}", severity="error", markup=False)
            return
        progress = self.app.progress
        passed = {r.name for r in results if r.status == "passed"}
        if progress is not None and passed != progress.exercises & set(NEEDED):
            progress.exercises = (progress.exercises - set(NEEDED)) | passed
            progress.save()
        failing = [r for r in results if r.status != "passed"]
        if failing:
            fixes = "; ".join(f"{r.name}: {summary(r) or r.status}" for r in failing)
            self.app.notify(f"Your network trains once forward, backward and update pass. To fix: {fixes}. "
                            "Press e for the exercises.", severity="warning", timeout=12, markup=False)
        elif self.screen.is_attached and self.pair is None:
            self.show(workspace)

    # -- switching ----------------------------------------------------------------------------
    def show(self, workspace: Path) -> None:
        """Your network in the panel, from iteration 0, the reference restarted beside it."""
        screen, app = self.screen, self.app
        session = app.learner_session
        if session is None or not session.alive:
            session = app.learner_session = Session(on_change=app.session.on_change, gone=GONE)
        config = screen.lesson.panel.config if screen.snapshot is None else screen.snapshot.config
        if tuple(config.activations) != ACTIVATIONS:
            config = config.replace(activations=ACTIVATIONS)
        X, Y = screen.data
        self.pair = Pair(session, app.session)
        self.workspace, self.stopped = workspace, False
        screen.generation = self.pair.load(config, X=X, Y=Y, network=LearnerNetwork(workspace),
                                           compare=screen.lesson.panel.compare)
        self.pair.set_speed(screen.speed)
        self.pair.want_gradcheck(screen.panel.active_view == "gradcheck")
        screen.session, screen.latest = self.pair, None
        self._banner("Your network (your network.py) · y: the reference")
        self._timer = screen.set_interval(WATCH_SECONDS, self.watch)
        app.notify(f"Your network: forward, backward and update of {tilde(workspace / 'network.py')}, from "
                   "iteration 0; the reference trains beside it (its cost curve is in the cost view).",
                   timeout=6, markup=False)

    def back(self) -> None:
        """The reference again, at the iteration both had reached."""
        screen, pair = self.screen, self.pair
        self.pair = None
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        pair.yours.pause()
        screen.session, screen.latest = pair.reference, None
        screen.generation = pair.reference.generation
        pair.reference.want_gradcheck(screen.panel.active_view == "gradcheck")
        for banner in screen.query(Banner):
            banner.remove()
        screen.take_session()
        self.app.notify("The reference network again; it trained alongside yours.", timeout=4)

    # -- watching -----------------------------------------------------------------------------
    def watch(self) -> None:
        """Ping your network's process; end it if it does not answer in time."""
        if self.pair is None or self.stopped:
            return
        session = self.pair.yours
        if not session.alive:
            self.pair.reference.pause()
            self._stop("Your network's process ended · y: back to the reference")
            return
        waited = session.unanswered_for()
        limit = STUCK_SECONDS if session.latest is not None else START_SECONDS
        if waited > limit:
            self.app.learner_session = None
            self.pair.reference.pause()
            threading.Thread(target=session.close, name="nn-tutor end your network", daemon=True).start()
            self._stop("Your network stopped answering · y: back to the reference")
            self.app.notify(f"Your network did not answer for {waited:.0f} s: forward, backward or update "
                            "may loop forever. Its process was ended; press y to go back to the reference.",
                            severity="error", timeout=15)
        elif waited == 0.0:
            session.ping()

    def _stop(self, text: str) -> None:
        self.stopped = True
        self._banner(text, stopped=True)

    def _banner(self, text: str, stopped: bool = False) -> None:
        found = self.screen.query(Banner)
        if found:
            banner = found.first()
            banner.update(text)
        else:
            banner = Banner(text, markup=False)
            panel = self.screen.panel
            panel.mount(banner, before=panel.children[0] if panel.children else None)
        banner.set_class(stopped, "-stopped")
