"""Every performance figure of nn-tutor in one run, each beside what it is compared with.

    python benchmarks/run_all.py            # about a minute and a half on 2 cores

1. a model iteration: Trainer and contract functions vs a plain-NumPy loop (goals <= 1.0, <= 1.3)
2. start-up to first frame vs a bare Textual app (goal <= 1.3)
3. keypress to panel updated vs a bare Textual app (goal <= 1.25)
4. `r` run of 10 000 iterations with the live cost plot vs the model alone (goal <= 2x),
   and the frame rate kept meanwhile (goal >= 20 fps)
5. cost-plot redraw at 100 vs 100 000 points (goal: flat)
6. peak memory of the process after all of the above (goal <= 150 MB)
Prints figures; asserts nothing.
"""

from __future__ import annotations

import asyncio
import dataclasses
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import model_speed  # noqa: E402
import ui_latency  # noqa: E402

RUN_LESSON = "two-layer-gradient-descent"   # the course's 2-4-1 tanh network on the flower
RUN_ITERATIONS = 10_000


def line(name, value, unit, compare=None, goal=""):
    text = f"  {name:<44} {value:9.1f} {unit}"
    if compare is not None:
        text += f"   ratio {compare:5.2f}"
    if goal:
        text += f"   ({goal})"
    print(text)


def met(ok):
    return "met" if ok else "MISSED"


async def open_lesson(app, pilot, lesson_id):
    from nn_tutor.ui.lesson_screen import LessonScreen

    while not isinstance(app.screen, LessonScreen):
        await pilot.pause(0.01)
    ids = [lesson.id for lesson in app.lessons]
    if lesson_id in ids and app.screen.lesson.id != lesson_id:
        app.goto_lesson(ids.index(lesson_id))
        while not (isinstance(app.screen, LessonScreen) and app.screen.lesson.id == lesson_id):
            await pilot.pause(0.01)
    while not app.screen.query("#panel") or app.screen.panel.frame is None:
        await pilot.pause(0.01)
    await pilot.pause(0.3)
    return app.screen


async def run_with_live_plot(progress_path):
    """Seconds for `r` to train RUN_ITERATIONS with the cost tab showing, and frames painted."""
    from textual.screen import Screen
    from textual.widgets import TabbedContent

    from nn_tutor.ui.app import TutorApp

    app = TutorApp(progress_path=progress_path)
    frames = []
    original = Screen._compositor_refresh

    def counted(self, *args, **kwargs):
        frames.append(time.perf_counter())
        return original(self, *args, **kwargs)

    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_lesson(app, pilot, RUN_LESSON)
        screen.speed = None                                   # as fast as it goes
        screen.panel.query_one("#views", TabbedContent).active = "tab-cost"
        await pilot.pause(0.3)
        settings = screen.trainer.settings()
        Screen._compositor_refresh = counted
        try:
            start = time.perf_counter()
            await pilot.press("r")
            while screen.trainer.iteration < RUN_ITERATIONS and not screen.trainer.diverged:
                await asyncio.sleep(0.002)
            seconds = time.perf_counter() - start
            await pilot.press("r")
        finally:
            Screen._compositor_refresh = original
        iterations = screen.trainer.iteration
    shown = [t for t in frames if start <= t <= start + seconds]
    return seconds, iterations, len(shown) / seconds, settings


def model_alone(settings):
    from nn_tutor.model import Trainer

    times = []
    for _ in range(3):
        trainer = Trainer(**settings)
        start = time.perf_counter()
        trainer.run(RUN_ITERATIONS)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


async def plot_redraw(progress_path):
    """Median ms for the cost view to take a new frame and render it, at 100 and 100 000 points."""
    import numpy as np
    from textual.widgets import TabbedContent

    from nn_tutor.ui.app import TutorApp

    app = TutorApp(progress_path=progress_path)
    out = {}
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_lesson(app, pilot, RUN_LESSON)
        screen.panel.query_one("#views", TabbedContent).active = "tab-cost"
        await pilot.pause(0.3)
        view = screen.panel.view("cost")
        frame = screen.panel.frame
        rng = np.random.default_rng(0)
        for n in (100, 100_000):
            costs = 0.7 * np.exp(-np.arange(n) / (n / 5)) + 0.2 + 0.01 * rng.standard_normal(n)
            times = []
            for k in range(20):
                costs[-1] = 0.3 + k * 1e-3                  # a new last value: a real redraw
                snapshot = dataclasses.replace(frame.snapshot, costs=costs.copy())
                start = time.perf_counter()
                view.show(dataclasses.replace(frame, snapshot=snapshot))
                view.render()
                times.append(time.perf_counter() - start)
            out[n] = statistics.median(times)
    return out


def main():
    began = time.perf_counter()
    print(f"nn-tutor benchmarks on {platform.machine()}, {os.cpu_count()} CPUs, "
          f"Python {platform.python_version()}, {platform.system()} {platform.release()}")

    print("1. model iteration (µs; 2-4-1 tanh network, flower m=400)")
    us = model_speed.measure(rounds=11, iterations=300)
    plain = us["plain NumPy"]
    line("plain NumPy loop", plain, "µs")
    line("contract functions", us["contract functions"], "µs", us["contract functions"] / plain,
         f"goal <= 1.3, {met(us['contract functions'] <= 1.3 * plain)}")
    line("Trainer", us["Trainer"], "µs", us["Trainer"] / plain, f"goal <= 1.0, {met(us['Trainer'] <= plain)}")

    print("2. start-up to first frame (ms, 120x40, median of 3 fresh processes)")
    bare = ui_latency.startup("bare", 3)
    tutor = ui_latency.startup("tutor", 3)
    line("bare Textual app", 1000 * bare["first"], "ms")
    ratio = tutor["first"] / bare["first"]
    line("nn-tutor", 1000 * tutor["first"], "ms", ratio, f"goal <= 1.3, {met(ratio <= 1.3)}")
    line("nn-tutor, lesson and panel drawn", 1000 * tutor["lesson"], "ms", tutor["lesson"] / bare["first"])

    print("3. keypress (space) to panel updated and painted (ms, median of 20)")
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["NN_TUTOR_DATA_DIR"] = tmp
        from nn_tutor.ui.app import TutorApp

        bare_t = asyncio.run(ui_latency.press_times(ui_latency.bare_app(timed=False), 20,
                                                    ui_latency.bare_ready, "bump"))
        tutor_t = asyncio.run(ui_latency.press_times(TutorApp(progress_path=Path(tmp) / "p.json"), 20,
                                                     ui_latency.tutor_ready, "step"))
        bare_ms = 1000 * statistics.median(bare_t["latency"])
        tutor_ms = 1000 * statistics.median(tutor_t["latency"])
        line("bare Textual app", bare_ms, "ms")
        line("nn-tutor", tutor_ms, "ms", tutor_ms / bare_ms, f"goal <= 1.25, {met(tutor_ms <= 1.25 * bare_ms)}")
        action = 1000 * statistics.median(tutor_t["action"])
        render = 1000 * statistics.median(tutor_t["render"])
        line("  of which the step action", action, "ms", None, f"goal <= 16 ms, {met(action <= 16)}")
        line("  and the render of the new frame", render, "ms", None, f"goal <= 16 ms, {met(render <= 16)}")

        print(f"4. `r` run of {RUN_ITERATIONS} iterations with the live cost plot")
        seconds, iterations, fps, settings = asyncio.run(run_with_live_plot(Path(tmp) / "p.json"))
        alone = model_alone(settings)
        line("model alone (Trainer.run)", alone, "s")
        line(f"in the app, plot live ({iterations} iterations)", seconds, "s", seconds / alone,
             f"goal <= 2, {met(seconds <= 2 * alone)}")
        line("frames painted while running", fps, "fps", None, f"goal >= 20, {met(fps >= 20)}")

        print("5. cost-plot redraw, new frame + render (ms, median of 20)")
        redraw = asyncio.run(plot_redraw(Path(tmp) / "p.json"))
        line("100 points", 1000 * redraw[100], "ms")
        flat = redraw[100_000] / redraw[100]
        line("100 000 points", 1000 * redraw[100_000], "ms", flat, f"goal: flat, {met(flat <= 1.5)}")

    print("6. peak memory")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024   # KiB on Linux
    line("peak resident set size of this process", peak, "MB", None, f"goal <= 150 MB, {met(peak <= 150)}")
    print(f"done in {time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    main()
