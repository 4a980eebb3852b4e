"""Iterations a second of `r` at full speed, early and late in a long run: does training slow
down as its history grows? Prints figures, asserts nothing.

    python benchmarks/session_speed.py                 # 160 s, the training session alone
    python benchmarks/session_speed.py --app           # the same inside the app, cost view showing
    python benchmarks/session_speed.py --seconds 40    # shorter

The network is the course's 2-4-1 tanh network on the flower (m 400, full batch). The figure
to read is `late/early`: iterations a second after 150 s (the last 10 s) over those of the
first 10 s (goal: at least 0.8). On a machine shared with other work the wall-clock rate
swings with the load, so each window also gives iterations per CPU second of the training
process (what a growing history would slow down there, whatever else runs) and the share of
a CPU this process used (it reads the Updates and, with --app, draws them): it must not grow.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SETTINGS = dict(
    layers=[2, 4, 1],
    activations=["tanh", "sigmoid"],
    dataset="flower",
    init="small_random",
    learning_rate=1.2,
    seed=1,
    m=400,
)
WINDOW = 10.0


def cpu_seconds(pid: int) -> float:
    """CPU time used so far by process `pid` (Linux; 0.0 elsewhere)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def sample(start: float, iteration: int, pid: int) -> tuple:
    """(seconds, iteration, CPU seconds of the training process, CPU seconds of this one)."""
    return time.monotonic() - start, iteration, cpu_seconds(pid), time.process_time()


def report(samples: list[tuple], seconds: float) -> dict:
    """Iterations a second (and per CPU second) in each WINDOW-second window, the first and the last."""

    def rates(t0: float, t1: float) -> tuple[float, float, float]:
        inside = [s for s in samples if t0 <= s[0] <= t1]
        (ta, na, ca, aa), (tb, nb, cb, ab) = inside[0], inside[-1]
        return (
            ((nb - na) / (tb - ta) if tb > ta else 0.0),
            ((nb - na) / (cb - ca) if cb > ca else 0.0),
            ((ab - aa) / (tb - ta) if tb > ta else 0.0),
        )

    windows = []
    t = 0.0
    while t + WINDOW <= seconds + 1e-9:
        windows.append((t, *rates(t, t + WINDOW)))
        t += WINDOW
    print("  window     iterations/s  per CPU second of the training process  CPU share of this process")
    for start, wall, cpu, own in windows:
        print(f"  {start:5.0f}-{start + WINDOW:<5.0f} s  {wall:8.0f}  {cpu:8.0f}  {own:6.0%}")
    (_, early, early_cpu, _), (_, late, late_cpu, _) = windows[0], windows[-1]
    half = max(1, len(windows) // 3)  # a steadier view when the load swings: thirds, per CPU second
    first_part = sum(w[2] for w in windows[:half]) / half
    last_part = sum(w[2] for w in windows[-half:]) / half
    print(
        f"per CPU second, the first {half * WINDOW:g} s against the last {half * WINDOW:g} s: "
        f"{first_part:.0f} and {last_part:.0f} ({last_part / first_part:.2f})"
    )
    total = samples[-1][1]
    print(
        f"first {WINDOW:g} s: {early:.0f}/s ({early_cpu:.0f} per CPU s); last {WINDOW:g} s (from "
        f"{seconds - WINDOW:.0f} s): {late:.0f}/s ({late_cpu:.0f} per CPU s); late/early {late / early:.2f} "
        f"wall-clock, {late_cpu / early_cpu:.2f} per CPU second; {total:,} iterations in all"
    )
    return {
        "early": round(early),
        "late": round(late),
        "ratio": round(late / early, 3),
        "early_cpu": round(early_cpu),
        "late_cpu": round(late_cpu),
        "ratio_cpu": round(late_cpu / early_cpu, 3),
        "thirds_cpu": round(last_part / first_part, 3),
        "iterations": total,
        "seconds": seconds,
    }


def sample_session(seconds: float) -> list[tuple[float, int]]:
    from nn_tutor.session import Session

    with Session() as session:
        session.load(SETTINGS)
        session.set_speed(None)
        while session.latest is None:
            time.sleep(0.01)
        session.run()
        start, pid = time.monotonic(), session.process.pid
        samples = []
        while time.monotonic() - start < seconds:
            samples.append(sample(start, session.latest.snapshot.iteration, pid))
            time.sleep(0.25)
        samples.append(sample(start, session.latest.snapshot.iteration, pid))
        return samples


async def sample_app(seconds: float) -> list[tuple[float, int]]:
    import tempfile

    from nn_tutor.ui.app import TutorApp

    folder = Path(tempfile.mkdtemp())
    (folder / "lessons").mkdir()
    (folder / "lessons" / "01-run.md").write_text(
        "---\nid: run\ntitle: Run\nsections: [networks]\npanel:\n  layers: [2, 4, 1]\n  activations: [tanh, sigmoid]\n"
        "  dataset: flower\n  m: 400\n  learning_rate: 1.2\n  views: [cost, forward]\n---\n\nText.\n",
        encoding="utf-8",
    )
    app = TutorApp(lessons_dir=folder / "lessons", progress_path=folder / "progress.json")
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(1200):  # a minute at most for the lesson to show its network
            if type(app.screen).__name__ == "LessonScreen" and app.screen.latest is not None:
                break
            await pilot.pause(0.05)
        else:
            raise SystemExit(f"the lesson did not show its network; the screen is {app.screen!r}")
        screen = app.screen
        screen.speed = None
        await pilot.press("r")
        start, pid = time.monotonic(), app.session.process.pid
        samples = []
        while time.monotonic() - start < seconds:
            samples.append(sample(start, screen.snapshot.iteration, pid))
            await pilot.pause(0.25)
        samples.append(sample(start, screen.snapshot.iteration, pid))
        await pilot.press("r")
    return samples


def per_update(history: int, repeat: int = 15) -> dict:
    """Milliseconds to make, send and take in one Update when the history holds `history` costs:
    as the pipe carried it before (every cost, pickled) and as it does now (the new costs only,
    on the wire, appended by the app). With 40 Updates a second, 40 × this is the share of each
    second taken from training."""
    import pickle

    import numpy as np

    from nn_tutor.model import Trainer
    from nn_tutor.sandbox import wire
    from nn_tutor.session.client import Session
    from nn_tutor.session.messages import Update

    trainer = Trainer(**SETTINGS)
    trainer.run(100)
    trainer._costs = np.concatenate([np.random.default_rng(1).random(history - 100), trainer.costs])
    trainer.iteration = history  # a long run's history, without the long run
    app = Session.__new__(Session)  # the app's side only: how it takes an Update in
    app._costs, app._count, app._data = np.empty(0), 0, None
    app._whole(Update(1, trainer.snapshot(), False))  # it has the history so far

    def before():
        pickle.loads(pickle.dumps(Update(1, trainer.snapshot(), False), protocol=pickle.HIGHEST_PROTOCOL))

    def now():
        frame = wire.encode(
            Update(1, trainer.snapshot(costs_from=app._count, data=False), False, costs_from=app._count)
        )
        app._whole(wire.decode(frame))  # no new costs: measures what does not depend on them

    times = {}
    for name, fn in (("before", before), ("now", now)):
        best = float("inf")
        for _ in range(repeat):  # the fastest of several: the least disturbed by other work
            start = time.perf_counter()
            fn()
            best = min(best, time.perf_counter() - start)
        times[name] = round(best * 1000, 3)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=160.0)
    parser.add_argument("--app", action="store_true", help="inside the app, the cost view showing")
    parser.add_argument("--json", action="store_true", help="last, a line with the figures as JSON")
    parser.add_argument(
        "--per-update",
        action="store_true",
        help="only the cost of one Update with a short and a long history, before and now",
    )
    args = parser.parse_args()
    if args.per_update:
        figures = {}
        for history in (1_000, 5_000_000):
            t = per_update(history)
            figures[history] = t
            print(
                f"history of {history:>9,} costs: one Update {t['before']:8.2f} ms before (all costs, pickled), "
                f"{t['now']:6.2f} ms now (new costs only, wire); at 40 a second: "
                f"{40 * t['before'] / 10:5.1f} % vs {40 * t['now'] / 10:4.1f} % of each second"
            )
        if args.json:
            print(json.dumps(figures))
        return
    seconds = max(args.seconds, 2 * WINDOW)
    print(f"`r` at full speed for {seconds:g} s, {'in the app' if args.app else 'the session alone'}:")
    samples = asyncio.run(sample_app(seconds)) if args.app else sample_session(seconds)
    figures = report(samples, seconds)
    if args.json:
        print(json.dumps(figures))


if __name__ == "__main__":
    main()
