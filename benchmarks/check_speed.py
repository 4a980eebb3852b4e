"""A save to a verdict: one function changed in a workspace file -> its verdict drawn on the
exercises screen (`check_ms`).

Prints figures, asserts nothing. Run: python benchmarks/check_speed.py [--json] [--rounds N]

The real exercises screen runs in this process under Textual's pilot, on a workspace holding
the reference solutions, all passing. Each save rewrites one file with one function changed:
first broken (it returns a string: the verdict is "failed"), then back to the solution (the
whole check runs: "passed"). The time runs from the write to the frame painted after that
function's row shows the new verdict (the folder watcher, the check in the sandbox, the table).
Each save comes PAUSE seconds after the screen has finished the check before (a learner edits
for longer). `train` is left out: its check runs 10 000 iterations of the learner's network.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

TARGETS = ("sigmoid", "compute_cost", "backward", "mse_cost", "relu", "softmax")
ROUNDS = 3
PAUSE = 1.0  # seconds from the end of a check to the next save
BROKEN = '    return "not yet"\n'


def workspace(folder: Path) -> None:
    from nn_tutor.exercises.catalogue import FILES
    from nn_tutor.exercises.solutions import solutions_dir

    solutions = solutions_dir()
    if solutions is None:
        raise SystemExit("the reference solutions are not found (tests/exercise_solutions)")
    for file in FILES:
        (folder / file).write_text((solutions / file).read_text(encoding="utf-8"), encoding="utf-8")


def broken(text: str, name: str) -> str:
    """The file's text with `name` returning a string at once."""
    from nn_tutor.exercises.source import function_span

    first, _last = function_span(text, name)
    lines = text.splitlines(keepends=True)
    while not lines[first - 1].rstrip().endswith(":"):  # a def over several lines
        first += 1
    return "".join(lines[:first]) + BROKEN + "".join(lines[first:])


async def measure(rounds: int) -> dict:
    from textual.app import App
    from textual.widgets import DataTable

    from nn_tutor.exercises import NAMES, by_name
    from nn_tutor.ui.exercises_screen import ExercisesScreen

    class Host(App):
        def __init__(self, folder):
            super().__init__()
            self.folder = folder

        def on_mount(self):
            self.push_screen(ExercisesScreen(self.folder))

    def status(app, name) -> str:
        return str(app.screen.query_one(DataTable).get_cell(name, "status"))

    async def painted(app, start, condition, timeout=60.0) -> float:
        """Seconds from `start` until a frame is painted with `condition()` holding."""
        while not condition():
            if time.perf_counter() - start > timeout:
                raise TimeoutError("no verdict within a minute")
            await asyncio.sleep(0.0005)
        done = asyncio.get_running_loop().create_future()
        app.call_after_refresh(lambda: done.done() or done.set_result(time.perf_counter()))
        return await asyncio.wait_for(done, timeout) - start

    times: dict[str, list[float]] = {"failed": [], "passed": []}
    cpu_start = os.times()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        workspace(folder)
        app = Host(folder)
        async with app.run_test(size=(120, 40)) as pilot:
            start = time.perf_counter()
            await painted(app, start, lambda: all(status(app, n) == "✓ passed" for n in NAMES), timeout=300)
            first_check = time.perf_counter() - start
            for _ in range(rounds):
                for name in TARGETS:
                    path = folder / by_name(name).file
                    good = path.read_text(encoding="utf-8")
                    for text, verdict, shown in (
                        (broken(good, name), "failed", "✗ failed"),
                        (good, "passed", "✓ passed"),
                    ):
                        await painted(app, time.perf_counter(), lambda: not app.screen.checking)
                        await pilot.pause(PAUSE)
                        start = time.perf_counter()
                        path.write_text(text, encoding="utf-8")
                        times[verdict].append(await painted(app, start, lambda: status(app, name) == shown))
            await pilot.pause(PAUSE)
    cpu = os.times()
    every = sorted(times["failed"] + times["passed"])
    quartiles = statistics.quantiles(every, n=4)
    return {
        "check_ms": 1000 * statistics.median(every),
        "check_p25_ms": 1000 * quartiles[0],
        "check_p75_ms": 1000 * quartiles[2],
        "check_max_ms": 1000 * every[-1],
        "check_failed_ms": 1000 * statistics.median(times["failed"]),
        "check_passed_ms": 1000 * statistics.median(times["passed"]),
        "check_saves": len(every),
        "first_check_s": first_check,
        "check_cpu_s": (cpu.user + cpu.system + cpu.children_user + cpu.children_system)
        - (cpu_start.user + cpu_start.system + cpu_start.children_user + cpu_start.children_system),
    }


def figures(rounds: int = ROUNDS) -> dict:
    return asyncio.run(measure(rounds))


def figures_in_child(rounds: int = ROUNDS) -> dict:
    """`figures` in a fresh process (run_all.py's own state stays out of it)."""
    from in_child import json_figures

    return json_figures(__file__, "--rounds", str(rounds))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    parser.add_argument("--rounds", type=int, default=ROUNDS, help=f"saves of each function, twice (default {ROUNDS})")
    args = parser.parse_args()
    result = figures(args.rounds)
    print(json.dumps(result) if args.json else "\n".join(f"{k:<18} {v:9.2f}" for k, v in result.items()))


if __name__ == "__main__":
    sys.exit(main())
