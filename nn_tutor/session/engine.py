"""The training session's state and rules, with no process and no UI: one network, its
pacing, run/pause, stepping, settings changes, the gradient check and the compare runs.

The worker process drives an Engine from the commands it receives; tests drive it directly.
"""

from __future__ import annotations

import importlib
import importlib.util
import threading
import time
from pathlib import Path

from nn_tutor.names import ACTIVATIONS, DATASETS, INITS, shown_name
from nn_tutor.session.messages import Alive, CompareResult, GradCheck, Notice, Update
from nn_tutor.session.pace import DEFAULT_SPEED, LR_MAX, LR_MIN, next_in

CHUNK_SECONDS = 0.004  # training between two looks at the command pipe
CYCLES = {"activation": ACTIVATIONS, "init": INITS, "dataset": DATASETS}
DIVERGED = "The network has diverged: lower the learning rate (-) and reset (0)."


def load_network(spec):
    """The five contract functions: a module name or a .py file's path, or an object that has
    them (None: the model's own)."""
    if not isinstance(spec, str):
        return spec
    if spec.endswith(".py"):
        module_spec = importlib.util.spec_from_file_location(Path(spec).stem, spec)
        module = importlib.util.module_from_spec(module_spec)
        module_spec.loader.exec_module(module)
        return module
    return importlib.import_module(spec)


def as_config(settings):
    """A NetworkConfig from a NetworkConfig or a mapping of its fields (raises ConfigError)."""
    from nn_tutor.model.config import NetworkConfig

    return NetworkConfig(**settings) if isinstance(settings, dict) else settings


def make_trainer(settings, X=None, Y=None, network=None):
    """A Trainer from a NetworkConfig or a mapping of its fields."""
    from nn_tutor.model import Trainer

    extra = {} if network is None else {"network": load_network(network)}
    if X is not None:
        extra.update(X=X, Y=Y)
    return Trainer(as_config(settings), **extra)


def describe(err: Exception) -> str:
    """An exception as the learner reads it: a LearnerError's message is already a sentence."""
    from nn_tutor.session.learner import LearnerError

    return str(err) if isinstance(err, LearnerError) else f"{type(err).__name__}: {err}"


class CompareJob:
    """The compare view's runs, trained in a thread of the training process."""

    def __init__(self, generation: int, settings, compare: dict):
        self.generation = generation
        self.stop = threading.Event()
        self.result: CompareResult | None = None
        self.thread = threading.Thread(target=self._work, args=(settings, compare), daemon=True)
        self.thread.start()

    def _work(self, settings, compare) -> None:
        from nn_tutor.model.demos import compare_runs

        try:
            runs = compare_runs(
                as_config(settings),
                compare["field"],
                list(compare["values"]),
                compare["iterations"],
                should_stop=self.stop.is_set,
            )
            keep = ("costs", "full_costs", "accuracy", "diverged")
            shown = {label: {k: run[k] for k in keep if k in run} for label, run in runs.items()}
            self.result = CompareResult(self.generation, shown)
        except Exception as err:  # any failure is reported in the view, never raised
            self.result = CompareResult(self.generation, None, f"{type(err).__name__}: {err}")


class Engine:
    """One training session. Commands change the state; `update()` says what to show."""

    def __init__(self):
        self.trainer = None
        self.generation = 0
        self.running = False
        self.speed: int | None = DEFAULT_SPEED
        self.dirty = False  # changed since the last update
        self.notices: list[Notice | Alive] = []
        self.gradcheck_wanted = False
        self.gradcheck: GradCheck | None = None
        self._version = 0  # counts new parameters (load, reset, replace)
        self._checked_at: tuple | None = None
        self._compare: CompareJob | None = None
        self._chunk = 1
        self._began, self._done = 0.0, 0
        self._sent: tuple | None = None  # (parameters version, costs) the last Update carried

    # -- commands ---------------------------------------------------------------------------
    def load(self, generation: int, settings, X=None, Y=None, network=None, compare=None) -> None:
        """A new network (a lesson opened); the compare runs start beside it."""
        self.pause()
        self.cancel_compare()
        self.generation = generation
        self.trainer = None
        try:
            self._new_trainer(make_trainer(settings, X, Y, network))
        except Exception as err:
            self.notify(f"The network could not be built: {describe(err)}", "error", 10)
        if compare is not None:
            self._compare = CompareJob(generation, settings, compare)

    def step(self) -> None:
        self.pause()
        if self._usable():
            self.trainer.step()
            self.dirty = True

    def phase(self) -> None:
        self.pause()
        if self._usable():
            self.trainer.step_phase()
            self.dirty = True

    def toggle_run(self) -> None:
        if self.running:
            self.pause()
        else:
            self.run()

    def run(self) -> None:
        if self.running or self.trainer is None:
            return
        if self.trainer.diverged:
            self.notify(DIVERGED, "warning", 5)
            return
        self.running = True
        self._restart_pace()
        self.dirty = True

    def pause(self) -> None:
        if self.running:
            self.running = False
            self.dirty = True

    def set_speed(self, speed: int | None) -> None:
        self.speed = speed
        self._restart_pace()
        self.dirty = True

    def reset(self) -> None:
        self.pause()
        if self.trainer is not None:
            self.trainer.reset()
            self._new_parameters()

    def replace(self, what: str = "", **changes) -> None:
        """A new network with some settings changed, from iteration 0."""
        self.pause()
        if self.trainer is None:
            return
        try:
            trainer = self.trainer.replace(**changes)
        except Exception as err:  # the old network stays
            self.notify(f"{what or 'That change'} is not possible here: {err}", "warning", 6)
            return
        self._new_trainer(trainer)
        if what:
            self.notify(f"{what}; training starts again from iteration 0.")

    def cycle(self, field: str) -> None:
        """The next activation (of the hidden layers), initialisation or data set."""
        if self.trainer is None:
            return
        if field == "activation":
            acts = tuple(self.trainer.activations)
            if len(acts) < 2:
                self.notify(f"This network has no hidden layer; its output stays {acts[-1]}.", timeout=4)
                return
            name = next_in(CYCLES[field], acts[0])
            self.replace(
                f"Hidden activation: {shown_name(field, name)}", activations=(name,) * (len(acts) - 1) + acts[-1:]
            )
        else:
            name = next_in(CYCLES[field], getattr(self.trainer, field))
            self.replace(
                f"{'Initialisation' if field == 'init' else 'Data set'}: {shown_name(field, name)}", **{field: name}
            )

    def scale_learning_rate(self, factor: float) -> None:
        if self.trainer is not None:
            self.set_learning_rate(self.trainer.learning_rate * factor)

    def set_learning_rate(self, lr: float) -> None:
        """α, kept within [LR_MIN, LR_MAX] and to 4 significant figures."""
        if self.trainer is not None:
            self.trainer.set_learning_rate(float(f"{min(max(lr, LR_MIN), LR_MAX):.4g}"))
            self.dirty = True

    def want_gradcheck(self, wanted: bool) -> None:
        self.gradcheck_wanted = bool(wanted)

    def ping(self, number: int) -> None:
        """Answered as soon as the loop reads it, so the app can tell a stuck process."""
        if type(number) is int:
            self.notices.append(Alive(number))

    def notify(self, text: str, severity: str = "information", timeout: float = 3.0) -> None:
        self.notices.append(Notice(self.generation, text, severity, timeout))

    def cancel_compare(self) -> None:
        if self._compare is not None:
            self._compare.stop.set()
            self._compare = None

    # -- running ----------------------------------------------------------------------------
    def advance(self) -> float:
        """Train one chunk if running and due. Returns how long to wait before the next
        chunk is due (0: at once; a large number when paused)."""
        if not self.running:
            return 3600.0
        now = time.perf_counter()
        n = self._chunk
        if self.speed is not None:
            due = int((now - self._began) * self.speed) + 1 - self._done
            if due <= 0:
                return self._began + self._done / self.speed - now
            n = min(n, due)
        try:
            done = self.trainer.run(n)
        except Exception as err:  # another implementation of the five functions failed
            self.pause()
            self.notify(f"Training stopped: {describe(err)}", "error", 10)
            return 3600.0
        took = time.perf_counter() - now
        self._done += done
        self.dirty = True
        if self.trainer.diverged:
            self.running = False
        # grow or shrink the chunk so that one chunk takes about CHUNK_SECONDS
        self._chunk = max(1, min(n * 2, int(n * CHUNK_SECONDS / took))) if took > 0 else n * 2
        return 0.0

    def check_gradients(self) -> bool:
        """Run the gradient check if its view is showing, training is paused and the
        parameters are new since the last check. True if it ran."""
        if not self.gradcheck_wanted or self.running or self.trainer is None:
            return False
        key = (self._version, self.trainer.iteration)
        if key == self._checked_at:
            return False
        self._checked_at = key
        try:
            self.gradcheck = GradCheck(float(self.trainer.gradient_check()), self.trainer.iteration)
        except Exception as err:
            self.notify(f"The gradient check failed: {describe(err)}", "error", 8)
            return False
        self.dirty = True
        return True

    def compare_pending(self) -> bool:
        return self._compare is not None

    def compare_result(self) -> CompareResult | None:
        """The compare runs' result once, when they have finished."""
        job = self._compare
        if job is None or job.result is None:
            return None
        self._compare = None
        return job.result

    def update(self) -> Update | None:
        """What the panel shows now (None before a network is loaded); clears `dirty`. Only
        what changed since the last Update: the costs since then, X and Y after a new network."""
        self.dirty = False
        if self.trainer is None:
            return None
        same = self._sent is not None and self._sent[0] == self._version
        costs_from = min(self._sent[1], self.trainer.iteration) if same else 0
        try:
            snapshot = self.trainer.snapshot(costs_from=costs_from, data=not same)
        except Exception as err:
            self.pause()
            if getattr(self.trainer.network, "failed", None) is None:  # else told when it failed
                self.notify(f"The network cannot be shown: {describe(err)}", "error", 10)
            return None
        self._sent = (self._version, self.trainer.iteration)
        return Update(self.generation, snapshot, self.running, self.gradcheck, costs_from=costs_from)

    def take_notices(self) -> list[Notice]:
        notices, self.notices = self.notices, []
        return notices

    # -- inside -----------------------------------------------------------------------------
    def _usable(self) -> bool:
        if self.trainer is None:
            return False
        if self.trainer.diverged:
            self.notify(DIVERGED, "warning", 5)
            return False
        return True

    def _new_trainer(self, trainer) -> None:
        self.trainer = trainer
        self._new_parameters()

    def _new_parameters(self) -> None:
        self._version += 1
        self.gradcheck = None
        self.dirty = True

    def _restart_pace(self) -> None:
        self._began, self._done = time.perf_counter(), 0
