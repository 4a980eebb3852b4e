"""UI latency of the tutor against a bare Textual app (one binding that updates one Static).

Prints figures, asserts nothing. Run: python benchmarks/ui_latency.py [--runs 5] [--presses 30]

- start-up: wall time from launching a fresh Python process to the app's first frame
  (goal: tutor / bare <= 1.3), and for the tutor also to the lesson and its panel drawn;
- keypress: median time from the key event reaching the app (as from the terminal) to
  the first frame painted after the action ran (goal: tutor / bare <= 1.25);
- inside the tutor: median time of the step action (train one iteration, snapshot, update
  the widgets) and of the compositor's render of the result (goal: each <= 16 ms).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SIZE = (120, 40)
CHILD = "--child"


# -- the two apps, run in a child process for the start-up figure ----------------------------
def bare_app(timed: bool = True):
    from textual.app import App
    from textual.widgets import Static

    class Bare(App):
        BINDINGS = [("space", "bump", "Bump")]

        def compose(self):
            yield Static("0", id="n")

        def on_mount(self):
            self.count = 0
            if timed:
                self.call_after_refresh(mark, self, "first")

        def action_bump(self):
            self.count += 1
            self.query_one("#n", Static).update(str(self.count))

    return Bare()


def tutor_app(progress_path):
    from nn_tutor.ui.app import TutorApp

    class Timed(TutorApp):
        def on_mount(self):
            self.call_after_refresh(mark, self, "first")     # queued before the lesson loads
            super().on_mount()
            self._waiting = self.set_interval(0.002, self._lesson_ready)

        def _lesson_ready(self):
            screen = self.screen        # no import here: it would load the lesson screen early
            if (type(screen).__name__ == "LessonScreen" and screen.query("#panel")
                    and screen.panel.frame is not None):
                self._waiting.stop()
                self.call_after_refresh(mark, self, "lesson")

    return Timed(progress_path=progress_path)


def mark(app, what):
    os.write(1, f"{what} {time.time():.6f}\n".encode())
    if what == "lesson" or not hasattr(app, "lessons"):
        app.exit()


def child(kind: str, progress_path: str) -> None:
    app = bare_app() if kind == "bare" else tutor_app(progress_path)
    app.run(headless=True, size=SIZE)


def startup(kind: str, runs: int) -> dict[str, float]:
    """Median seconds from process launch to each mark."""
    times: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "NN_TUTOR_DATA_DIR": tmp}
        for _ in range(runs):
            start = time.time()
            out = subprocess.run([sys.executable, __file__, CHILD, kind, str(Path(tmp) / "p.json")],
                                 capture_output=True, text=True, env=env, timeout=120).stdout
            for line in out.splitlines():
                what, _, stamp = line.partition(" ")
                if what in ("first", "lesson"):
                    times.setdefault(what, []).append(float(stamp) - start)
    return {k: statistics.median(v) for k, v in times.items()}


# -- keypress latency, in process -------------------------------------------------------------
async def press_times(app, presses: int, ready, action_name: str) -> dict[str, list[float]]:
    """Send `space` as the terminal would (no pilot waits) and time, for each press:
    key sent -> the frame showing the result painted ('latency'); the action itself
    ('action'); the compositor's render of that frame ('render')."""
    from textual import events
    from textual.screen import Screen

    out: dict[str, list[float]] = {"latency": [], "action": [], "render": []}
    state = {"acted": False, "painted": None}
    cls = type(app) if action_name == "bump" else __import__("nn_tutor.ui.lesson_screen", fromlist=["x"]).LessonScreen
    original_action = getattr(cls, f"action_{action_name}")
    original_paint = Screen._compositor_refresh

    def action(self, *args):
        start = time.perf_counter()
        original_action(self, *args)
        out["action"].append(time.perf_counter() - start)
        state["acted"] = True

    def paint(self, *args, **kwargs):
        start = time.perf_counter()
        result = original_paint(self, *args, **kwargs)
        end = time.perf_counter()
        if state["acted"] and state["painted"] is None:
            out["render"].append(end - start)
            state["painted"] = end
        return result

    setattr(cls, f"action_{action_name}", action)
    Screen._compositor_refresh = paint
    try:
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            for i in range(presses + 3):                 # the first 3 warm up
                await pilot.pause(0.05)
                state["acted"], state["painted"] = False, None
                key = events.Key("space", " ")
                key.set_sender(app)
                start = time.perf_counter()
                app._driver.send_message(key)
                while state["painted"] is None:
                    await asyncio.sleep(0.0005)
                if i >= 3:
                    out["latency"].append(state["painted"] - start)
            for name in ("action", "render"):
                out[name] = out[name][3:]
    finally:
        setattr(cls, f"action_{action_name}", original_action)
        Screen._compositor_refresh = original_paint
    return out


async def bare_ready(pilot):
    await pilot.pause()


async def tutor_ready(pilot):
    from nn_tutor.ui.lesson_screen import LessonScreen

    while not isinstance(pilot.app.screen, LessonScreen):
        await pilot.pause(0.01)
    app = pilot.app
    ids = [lesson.id for lesson in app.lessons]
    if "network-notation" in ids:                # a 2-layer net with the forward view in front
        app.goto_lesson(ids.index("network-notation"))
        await pilot.pause(0.2)
        while not isinstance(app.screen, LessonScreen):
            await pilot.pause(0.01)
    await pilot.pause(0.3)


def ms(seconds: float) -> str:
    return f"{1000 * seconds:7.1f} ms"


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == CHILD:
        child(sys.argv[2], sys.argv[3])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="start-ups of each app (default 5)")
    parser.add_argument("--presses", type=int, default=30, help="key presses timed (default 30)")
    args = parser.parse_args()

    print(f"terminal {SIZE[0]}x{SIZE[1]}, medians; {os.cpu_count()} CPUs")
    bare = startup("bare", args.runs)
    tutor = startup("tutor", args.runs)
    print("start-up to first frame")
    print(f"  bare app           {ms(bare['first'])}")
    print(f"  nn-tutor           {ms(tutor['first'])}   ratio {tutor['first'] / bare['first']:.2f}  (goal <= 1.3)")
    print(f"  nn-tutor, lesson and panel drawn {ms(tutor['lesson'])}   "
          f"ratio {tutor['lesson'] / bare['first']:.2f}")

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["NN_TUTOR_DATA_DIR"] = tmp
        from nn_tutor.ui.app import TutorApp

        bare_t = asyncio.run(press_times(bare_app(timed=False), args.presses, bare_ready, "bump"))
        tutor_t = asyncio.run(press_times(TutorApp(progress_path=Path(tmp) / "p.json"), args.presses,
                                          tutor_ready, "step"))
    med = {k: statistics.median(v) for k, v in tutor_t.items()}
    bare_latency = statistics.median(bare_t["latency"])
    print("keypress (space) to panel updated and painted")
    print(f"  bare app           {ms(bare_latency)}")
    print(f"  nn-tutor           {ms(med['latency'])}   ratio {med['latency'] / bare_latency:.2f}  (goal <= 1.25)")
    print("inside nn-tutor, per press of space")
    print(f"  step action        {ms(med['action'])}   (train, snapshot, update widgets; goal <= 16 ms)")
    print(f"  render             {ms(med['render'])}   (compositor paint of the new frame; goal <= 16 ms)")
    print(f"  bare app: action {ms(statistics.median(bare_t['action']))}, render {ms(statistics.median(bare_t['render']))}")


if __name__ == "__main__":
    main()
