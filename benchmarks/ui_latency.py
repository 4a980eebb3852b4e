"""The tutor's speed as a learner feels it, against a bare Textual app and the model alone.

Prints figures, asserts nothing. Run: python benchmarks/ui_latency.py [--json]

- startup: launch of a fresh process -> first lesson's text drawn (text_startup), and its text
  and panel drawn (startup), each over a bare Textual app's launch -> first frame;
- keypress: `space` sent as the terminal sends it -> the panel showing the new iteration
  painted (median);
- lesson switch: `n`, pressed after READ_SECONDS on a lesson, -> the next lesson's text and
  panel painted (median);
- run: `r` at full speed with the cost plot showing, 10 000 iterations: time over the Trainer
  alone's, and frames painted a second meanwhile;
- deep: a 10-layer network running in the app, iterations a second over a bare Trainer's.
  For both, the app and the Trainer alone (in a fresh process, as the training process runs it)
  take turns, four windows each, so that the machine's slow spells weigh on both alike;
- peak memory of the app's two processes (the UI and the training process).
nn_tutor is byte-compiled first, as an installed wheel is.
The app figures come from a child process, so this script's own memory is not counted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SIZE = (120, 40)
CHILD = "--child"
RUN_LESSON = "two-layer-gradient-descent"  # the course's 2-4-1 tanh network on the flower
RUN_ITERATIONS = 10_000
DEEP = dict(id="deep", title="Deep", layers=[2] + [8] * 9 + [1], activations=["tanh"] * 9 + ["sigmoid"])
DEEP_ITERATIONS = 3_000  # about three seconds of it
WINDOWS = 4  # the app's run and the Trainer alone take turns this many times
PRESSES = 20
SWITCHES = 8
STARTUPS = 9  # launches of each app whose median is taken (a launch moves with the machine by ±15%)
READ_SECONDS = 1.5  # a learner reads a lesson before pressing n (the app builds the next one meanwhile)


# -- start-up, in fresh processes --------------------------------------------------------------
def bare_app():
    from textual.app import App
    from textual.widgets import Static

    class Bare(App):
        def compose(self):
            yield Static("0", id="n")

        def on_mount(self):
            self.call_after_refresh(mark, self, "first")

    return Bare()


def tutor_app(progress_path):
    """The tutor, marking when the lesson's text is drawn ("text") and when its panel has drawn
    the first snapshot too ("lesson")."""
    from nn_tutor.ui.app import TutorApp

    class Timed(TutorApp):
        def on_mount(self):
            from nn_tutor.ui.lesson_screen import LessonScreen  # what the first frame needs anyway

            mounted = LessonScreen.on_mount

            def on_mount(screen):
                mounted(screen)
                screen.call_after_refresh(text_drawn, screen)

            def text_drawn(screen):
                texts = screen.query("#lesson-text")
                if texts and texts.first().region.height:
                    mark(self, "text", done=False)
                else:
                    screen.call_after_refresh(text_drawn, screen)

            LessonScreen.on_mount = on_mount
            # (Textual calls TutorApp.on_mount itself, after this one)
            self._waiting = self.set_interval(0.002, self._lesson_ready)

        def _lesson_ready(self):
            if getattr(self.screen, "panel_ready", False) and self.screen.snapshot is not None:
                self._waiting.stop()
                self.call_after_refresh(mark, self, "lesson")

    return Timed(progress_path=progress_path)


def mark(app, what, done=True):
    os.write(1, f"{what} {time.time():.6f}\n".encode())
    if done:
        app.exit()


def startup(kind: str, runs: int) -> dict[str, float]:
    """Median seconds from process launch to each mark: the first frame (bare), the lesson's
    text drawn and the lesson with its panel drawn (tutor)."""
    times: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "NN_TUTOR_DATA_DIR": tmp}
        for _ in range(runs):
            start = time.time()
            out = subprocess.run(
                [sys.executable, __file__, CHILD, kind, str(Path(tmp) / "p.json")],
                capture_output=True,
                text=True,
                env=env,
                timeout=120,
            ).stdout
            marks: dict[str, float] = {}
            for line in out.splitlines():
                what, _, when = line.partition(" ")
                if what in ("first", "text", "lesson"):
                    marks.setdefault(what, float(when) - start)  # the first of each
            for what, seconds in marks.items():
                times.setdefault(what, []).append(seconds)
    return {what: statistics.median(values) for what, values in times.items()}


# -- the app's figures, in one child process -----------------------------------------------------
class Painted:
    """Counts the frames painted with new panel data; times a change until it is on screen."""

    def __init__(self):
        from nn_tutor.ui.panel import ModelPanel

        self.times: list[float] = []
        original = ModelPanel.watch_frame
        painted = self

        def watch_frame(panel, frame):
            original(panel, frame)
            panel.app.call_after_refresh(lambda: painted.times.append(time.perf_counter()))

        ModelPanel.watch_frame = watch_frame

    @staticmethod
    async def after(app, start: float, condition) -> float:
        """Seconds from `start` until the screen has been painted with `condition()` holding."""
        while not condition():
            await asyncio.sleep(0.0005)
        done = asyncio.get_running_loop().create_future()
        app.call_after_refresh(lambda: done.done() or done.set_result(time.perf_counter()))
        return await done - start


def hwm_mb(pid: int) -> float:
    """Peak resident memory of a process (Linux: VmHWM), in MB; 0 if unknown."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


async def measure_app(tmp: Path) -> dict:
    from textual import events

    from nn_tutor.ui.app import TutorApp
    from nn_tutor.ui.lesson_screen import LessonScreen

    painted = Painted()
    out: dict = {}
    app = TutorApp(progress_path=tmp / "p.json")
    app.animation_level = "none"

    def lesson_shown(lesson_id=None):
        s = app.screen
        return (
            isinstance(s, LessonScreen)
            and s.panel_ready
            and s.snapshot is not None
            and s.query_one("#lesson-text").region.height
            and (lesson_id is None or s.lesson.id == lesson_id)
        )

    async with app.run_test(size=SIZE) as pilot:
        while not lesson_shown() or len(app.lessons) < app.screen.count:  # and every lesson read
            await pilot.pause(0.01)
        ids = [lesson.id for lesson in app.lessons]
        # keypress: space -> the panel's next iteration painted
        latencies = []
        for i in range(PRESSES + 3):
            await pilot.pause(0.05)
            screen, before = app.screen, app.screen.snapshot.iteration
            start = time.perf_counter()
            app.post_message(events.Key("space", " "))
            took = await painted.after(app, start, lambda: screen.snapshot.iteration > before)
            if i >= 3:
                latencies.append(took)
        out["keypress_ms"] = 1000 * statistics.median(latencies)
        # lesson switch: n -> the next lesson's text and panel painted
        switches = []
        app.goto_lesson(0)
        while not lesson_shown(ids[0]):
            await pilot.pause(0.01)
        for k in range(1, SWITCHES + 1):
            await pilot.pause(READ_SECONDS)
            start = time.perf_counter()
            app.post_message(events.Key("n", "n"))
            switches.append(await painted.after(app, start, lambda: lesson_shown(ids[k])))
        out["lesson_switch_ms"] = 1000 * statistics.median(switches)
        # r: 10 000 iterations with the cost plot showing
        app.goto_lesson(ids.index(RUN_LESSON))
        while not lesson_shown(RUN_LESSON):
            await pilot.pause(0.01)
        screen = app.screen
        screen.panel.query_one("#views").active = "tab-cost"
        screen.speed = None
        await pilot.pause(0.3)
        config = app.lessons[ids.index(RUN_LESSON)].panel.config
        in_app, alone = await interleaved(pilot, screen, config, RUN_ITERATIONS // WINDOWS, painted)
        out["run_ratio"] = (in_app["seconds"] / in_app["iterations"]) / (alone["seconds"] / alone["iterations"])
        out["run_fps"] = in_app["frames"] / in_app["seconds"]
        out["peak_mb"] = hwm_mb(os.getpid()) + hwm_mb(app.session.process.pid)
    out["deep_ratio"] = await deep_ratio(tmp)
    return out


async def deep_ratio(tmp: Path) -> float:
    """A 10-layer net: iterations a second in the app (running, its panel live) over a bare Trainer's."""
    from nn_tutor.model import NetworkConfig
    from nn_tutor.ui.app import TutorApp

    folder = tmp / "deep"
    folder.mkdir()
    (folder / "01-deep.md").write_text(
        "---\nid: deep\ntitle: Deep\nsections: [depth]\npanel:\n"
        f"  layers: {DEEP['layers']}\n  activations: [{', '.join(DEEP['activations'])}]\n"
        "  dataset: flower\n  m: 400\n  views: [gradient_norms, cost, forward]\n---\n# Deep\n\ntext\n",
        encoding="utf-8",
    )
    app = TutorApp(lessons_dir=folder, progress_path=tmp / "p2.json")
    async with app.run_test(size=SIZE) as pilot:
        while getattr(app.screen, "snapshot", None) is None:
            await pilot.pause(0.01)
        screen = app.screen
        screen.speed = None
        await pilot.pause(0.3)
        config = NetworkConfig(
            layers=tuple(DEEP["layers"]), activations=tuple(DEEP["activations"]), dataset="flower", m=400
        )
        in_app, alone = await interleaved(pilot, screen, config, DEEP_ITERATIONS // WINDOWS)
    return (in_app["iterations"] / in_app["seconds"]) / (alone["iterations"] / alone["seconds"])


async def interleaved(pilot, screen, config, iterations: int, painted=None) -> tuple[dict, dict]:
    """WINDOWS times: `r` until `iterations` more are done in the app, then as many by the
    Trainer alone (Bare), so that the machine's slow spells weigh on both alike. In the
    app a window runs from the first snapshot after `r` to the first showing `iterations` more
    (what the training process did, not the key's way to it). Totals of each: iterations,
    seconds, and frames painted meanwhile (with `painted`)."""
    in_app = dict(iterations=0, seconds=0.0, frames=0)
    alone = dict(iterations=0, seconds=0.0)
    bare = Bare(config)
    bare.seconds(iterations)  # warm, as the training process is after its first windows
    for _ in range(WINDOWS):
        before = screen.snapshot.iteration
        await pilot.press("r")
        while screen.snapshot.iteration == before:
            await asyncio.sleep(0.002)
        first, start = screen.snapshot.iteration, time.perf_counter()
        seen = len(painted.times) if painted else 0
        while screen.snapshot.iteration < first + iterations:
            await asyncio.sleep(0.002)
        in_app["seconds"] += time.perf_counter() - start
        in_app["iterations"] += screen.snapshot.iteration - first
        in_app["frames"] += len(painted.times) - seen if painted else 0
        await pilot.press("r")
        while screen.running:
            await asyncio.sleep(0.005)
        alone["seconds"] += bare.seconds(iterations)
        alone["iterations"] += iterations
    bare.close()
    return in_app, alone


BARE = """
import json, sys, time
from nn_tutor.model import NetworkConfig, Trainer
trainer = Trainer(NetworkConfig(**json.loads(sys.argv[1])))
trainer.run(50)
for line in sys.stdin:
    start = time.perf_counter()
    trainer.run(int(line))
    print(time.perf_counter() - start, flush=True)
"""


class Bare:
    """The Trainer alone in a process of its own, set up as the training process is (one BLAS
    thread, no app in its heap: run in this process after an app, the same 10 000 iterations
    took 1.0 to 1.8 s as the collector walked the app's objects), and kept warm as that process
    is: `seconds(n)` runs n more iterations there and says how long they took."""

    def __init__(self, config) -> None:
        from dataclasses import asdict

        from nn_tutor.session.child import worker_env

        self.process = subprocess.Popen(
            [sys.executable, "-c", BARE, json.dumps(asdict(config))],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=worker_env(),
        )

    def seconds(self, iterations: int) -> float:
        self.process.stdin.write(f"{iterations}\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError("the bare Trainer ended")
        return float(line)

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(10)


def app_figures() -> dict:
    """measure_app in a child process (its memory, not this script's): a dict of figures."""
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "NN_TUTOR_DATA_DIR": tmp}
        out = subprocess.run(
            [sys.executable, __file__, CHILD, "app", tmp], capture_output=True, text=True, env=env, timeout=600
        )
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(f"the app measurement failed:\n{out.stderr[-3000:]}")
    return json.loads(lines[-1])


def child(kind: str, path: str) -> None:
    if kind == "app":
        print(json.dumps(asyncio.run(measure_app(Path(path)))))
        return
    app = bare_app() if kind == "bare" else tutor_app(path)
    app.run(headless=True, size=SIZE)


def compile_tutor() -> None:
    """Byte-compile nn_tutor, as installing a wheel does: with PYTHONDONTWRITEBYTECODE set (or
    a read-only checkout) every launch would otherwise compile its modules again."""
    import compileall

    import nn_tutor

    compileall.compile_dir(Path(nn_tutor.__file__).parent, quiet=1)


def startup_figures(runs: int = STARTUPS) -> dict:
    """Start-up over a bare app's, each figure the median of `runs` launches (bare and tutor
    alternate, so that a busy machine weighs on both alike)."""
    compile_tutor()
    bare, tutor = [], []
    for _ in range(runs):
        bare.append(startup("bare", 1)["first"])
        tutor.append(startup("tutor", 1))
    first = statistics.median(bare)
    text = statistics.median(t["text"] for t in tutor)
    lesson = statistics.median(t["lesson"] for t in tutor)
    return {
        "startup_ratio": lesson / first,
        "text_startup_ratio": text / first,
        "startup_ms": 1000 * lesson,
        "text_startup_ms": 1000 * text,
        "bare_startup_ms": 1000 * first,
    }


def figures(startups: int = STARTUPS) -> dict:
    return {**startup_figures(startups), **app_figures()}


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == CHILD:
        child(sys.argv[2], sys.argv[3])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    parser.add_argument("--startup", action="store_true", help="only the start-up figures")
    args = parser.parse_args()
    result = startup_figures() if args.startup else figures()
    print(json.dumps(result) if args.json else "\n".join(f"{k:<18} {v:9.2f}" for k, v in result.items()))


if __name__ == "__main__":
    main()
