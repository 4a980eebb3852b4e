"""The `y` key of the two-layer lessons: the panel switches between the reference network and
your network, whose forward, backward and update are the learner's own (network.py in the
exercises' workspace), trained in a sandboxed process of its own in step with the reference.

Before it switches, the three functions are checked in the exercises' separate process; `Y`
switches even when some fail (the banner says which). While your network shows, a save of
network.py reloads it and both networks start again from iteration 0; its process is pinged,
and one that stops answering (a loop that swallows the time limit) is ended. `y` always goes
back at once; R starts a process that stopped again.
"""

from __future__ import annotations

import threading
from pathlib import Path

from nn_tutor.exercises import run_checks
from nn_tutor.exercises.compare import headline
from nn_tutor.session import Session
from nn_tutor.session.learner import ACTIVATIONS, LearnerNetwork, two_layer
from nn_tutor.session.pair import Pair
from nn_tutor.ui import stopped
from nn_tutor.ui.exercise_words import YOURS as NEEDED
from nn_tutor.ui.exercise_words import tilde
from nn_tutor.ui.workspace_screen import remembered_workspace

WATCH_SECONDS = 0.5  # how often the process is pinged and network.py looked at
START_SECONDS = 20.0  # the first answer: a new process imports NumPy and loads network.py
STUCK_SECONDS = 5.0  # any later answer (the process itself stops a call of the learner's after 2 s)
NAME = "Your network's process"
CLAUSE_MAX = 200  # characters of one check's message in a notice
NO_WORKSPACE = (
    "Your network needs an exercises workspace: press e to make one, then write forward, "
    "backward and update in its network.py."
)


def stamp(path: Path) -> tuple | None:
    """What changes when a file is saved (None when it cannot be read)."""
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size, st.st_ino


def clause(result) -> str:
    """A check's message as a notice gives it: its first clause, whole (no function name, context
    or lesson); "still to do" for a stub."""
    text = result.message
    if text.startswith(result.name):
        text = text[len(result.name) :].lstrip(":").strip()
    text = headline(text)
    if len(text) > CLAUSE_MAX:  # at a word's end, never inside one
        text = text[:CLAUSE_MAX].rsplit(" ", 1)[0] + " …"
    return text or result.status


def names(results) -> str:
    """ "backward", "backward and update", "forward, backward and update"."""
    listed = [r.name for r in results]
    return listed[0] if len(listed) == 1 else ", ".join(listed[:-1]) + " and " + listed[-1]


class YourNetwork:
    """One lesson screen's switch between the reference and your network."""

    def __init__(self, screen):
        self.screen = screen
        self.pair: Pair | None = None
        self.workspace: Path | None = None
        self.checking = False
        self.failing: list = []  # the checks that fail, when run anyway
        self._stamp: tuple | None = None  # network.py as last loaded
        self._timer = None

    @property
    def app(self):
        return self.screen.app

    @property
    def showing(self) -> bool:
        return self.pair is not None

    def toggle(self, anyway: bool = False) -> None:
        if self.pair is not None:
            self.back()
        elif self.checking:
            self.app.notify("Still checking your forward, backward and update…", timeout=3)
        elif not two_layer(self.screen.lesson.panel.config):
            self.app.notify(
                "Your network is the two-layer one (tanh hidden units, a sigmoid output): "
                "press y in such a lesson, lesson 18 for one.",
                severity="warning",
                timeout=5,
            )
        else:
            workspace = remembered_workspace(self.app.progress)
            if workspace is None:
                self.app.notify(NO_WORKSPACE, severity="warning", timeout=8, markup=False)
                return
            self.checking = True
            self.app.notify("Checking your forward, backward and update…", timeout=3)
            threading.Thread(
                target=self._check, args=(workspace, anyway), name="nn-tutor your network check", daemon=True
            ).start()

    # -- checking -----------------------------------------------------------------------------
    def _check(self, workspace: Path, anyway: bool) -> None:
        """Thread: the three checks (a few seconds at most), then back to the app."""
        try:
            results = run_checks(workspace, names=NEEDED)
        except Exception as err:  # never leave the key stuck at "still checking"
            results = err
        try:
            self.app.call_from_thread(self._checked, workspace, results, anyway)
        except RuntimeError:  # the app has closed
            pass

    def _checked(self, workspace: Path, results, anyway: bool) -> None:
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
        fixes = "; ".join(f"{r.name}: {clause(r)}" for r in failing)
        if failing and not anyway:
            self.app.notify(
                f"Your network trains once forward, backward and update pass. To fix: {fixes}. "
                "Press e for the exercises, or Y to train yours anyway.",
                severity="warning",
                timeout=15,
                markup=False,
            )
        elif self.screen.is_attached and self.pair is None:
            self.show(workspace, failing)
            if failing:
                self.app.notify(
                    f"Your network runs anyway; {names(failing)} "
                    f"{'fails its check' if len(failing) == 1 else 'fail their checks'}: {fixes}.",
                    severity="warning",
                    timeout=12,
                    markup=False,
                )

    # -- switching ----------------------------------------------------------------------------
    def show(self, workspace: Path, failing: list = ()) -> None:
        """Your network in the panel, from iteration 0, the reference restarted beside it."""
        screen, app = self.screen, self.app
        session = app.learner_session
        if session is None or session.failure is not None:
            if session is not None:
                threading.Thread(target=session.close, name="nn-tutor end your network", daemon=True).start()
            session = app.learner_session = Session(on_change=app.session.on_change, name=NAME, sandboxed=True)
        self.pair = Pair(session, app.session)
        self.workspace, self.failing = workspace, list(failing)
        self._load()
        self._timer = screen.set_interval(WATCH_SECONDS, self.watch)
        if not failing:
            app.notify(
                f"Your network: forward, backward and update of {tilde(workspace / 'network.py')}, from "
                "iteration 0; the reference trains beside it (its cost curve is in the cost view).",
                timeout=6,
                markup=False,
            )

    def _load(self) -> None:
        """Both networks from iteration 0, yours with network.py as it is now."""
        screen = self.screen
        config = screen.lesson.panel.config if screen.snapshot is None else screen.snapshot.config
        if tuple(config.activations) != ACTIVATIONS:
            config = config.replace(activations=ACTIVATIONS)
        X, Y = screen.data
        self._stamp = stamp(self.workspace / "network.py")
        screen.generation = self.pair.load(
            config, X=X, Y=Y, network=LearnerNetwork(self.workspace), compare=screen.lesson.panel.compare
        )
        self.pair.set_speed(screen.speed)
        self.pair.want_gradcheck(screen.panel.active_view == "gradcheck")
        screen.session, screen.latest = self.pair, None
        stopped.show_state(screen)

    def banner(self) -> tuple[str, bool]:
        """The panel's line while your network shows: (text, whether training stopped)."""
        why = self.pair.stopped if self.pair is not None else None
        if why:
            why = why.removeprefix("Training stopped: ")
            if not why.rstrip().endswith((".", "?", "!")):
                why = why.rstrip() + "."  # "…was never closed. Fix network.py", not "…closed Fix"
            return (
                f"Your network stopped training: {why[:1].lower()}{why[1:]} Fix network.py and save "
                "(your network starts again with it), or press y for the reference."
            ), True
        if self.failing:
            verb = "fails its check" if len(self.failing) == 1 else "fail their checks"
            return f"Your network, run anyway: {names(self.failing)} {verb} · y: the reference", False
        return "Your network (your network.py) · y: the reference", False

    def restart(self) -> None:
        """R: a new process for yours (or the reference) if it stopped; both from iteration 0."""
        if self.pair is None:
            return
        for session in (self.pair.yours, self.pair.reference):
            if session.failure is not None:
                session.restart()
        self._load()
        self.app.notify("Your network's process started again: both networks train from iteration 0.", timeout=4)

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
        stopped.show_state(screen)
        screen.take_session()
        self.app.notify("The reference network again; it trained alongside yours.", timeout=4)

    # -- watching -----------------------------------------------------------------------------
    def watch(self) -> None:
        """Reload network.py when it was saved; ping your network's process, and end it if it
        does not answer in time."""
        if self.pair is None:
            return
        now = stamp(self.workspace / "network.py")
        if now is not None and now != self._stamp:
            self.saved()
            return
        session = self.pair.yours
        if session.failure is not None:
            return
        waited = session.unanswered_for()
        limit = STUCK_SECONDS if session.latest is not None else START_SECONDS
        if waited > limit:
            self.pair.reference.pause()
            threading.Thread(
                target=session.end_stuck, args=(waited,), name="nn-tutor end your network", daemon=True
            ).start()
        elif waited == 0.0:
            session.ping()

    def saved(self) -> None:
        """network.py changed: your network takes it at once, both from iteration 0."""
        if self.pair.yours.failure is not None:
            self.pair.yours.restart()
        self._load()
        self.app.notify(
            "network.py saved: your network reloaded it and starts again from iteration 0.", timeout=4, markup=False
        )
        threading.Thread(
            target=self._recheck, args=(self.pair,), name="nn-tutor your network check", daemon=True
        ).start()

    def _recheck(self, pair: Pair) -> None:
        """Thread: the three checks again after a save, for the banner's list of those that fail."""
        try:
            failing = [r for r in run_checks(self.workspace, names=NEEDED) if r.status != "passed"]
        except Exception:  # the banner keeps its list
            return

        def checked() -> None:
            if self.pair is pair and self.screen.is_attached:
                self.failing = failing
                stopped.show_state(self.screen)

        try:
            self.app.call_from_thread(checked)
        except RuntimeError:  # the app has closed
            pass
