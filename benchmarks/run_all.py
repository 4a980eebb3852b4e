"""Every performance figure of nn-tutor in one run, each beside its goal.

    python benchmarks/run_all.py            # a table; a few minutes on 2 busy cores
    python benchmarks/run_all.py --json     # the same, and last a line with one JSON object

| key | meaning | goal |
|---|---|---|
| trainer_ratio | one Trainer iteration (2-4-1 tanh, flower, m 400) / plain NumPy loop | <= 1.3 |
| run_ratio | `r`, 10 000 iterations with the live panel / the model alone | <= 1.2 |
| run_fps | frames painted per second while `r` runs at full speed | >= 30 |
| deep_ratio | 10-layer net: iterations/s while the app runs it / bare Trainer | >= 0.8 |
| keypress_ms | `space` -> panel painted, median | <= 16 |
| lesson_switch_ms | `n` -> next lesson's text and panel fully drawn, median | <= 250 |
| startup_ratio | launch -> first lesson's text and panel drawn / bare Textual app to first frame | <= 2.0 |
| text_startup_ratio | launch -> first lesson's text drawn / bare Textual app to first frame | <= 1.3 |
| snapshot_ms | one snapshot of a [2, 100, 1] net with m = 20 000 | <= 5 |
| check_ms | a workspace file saved with one function changed -> its verdict drawn, median | <= 300 |
| peak_mb | peak memory of the app over the run (both processes) | <= 150 |

Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import check_speed  # noqa: E402
import model_speed  # noqa: E402
import ui_latency  # noqa: E402

# key -> (goal, True when the figure must be at most the goal, unit)
GOALS = {
    "trainer_ratio": (1.3, True, "×"),
    "run_ratio": (1.2, True, "×"),
    "run_fps": (30, False, "fps"),
    "deep_ratio": (0.8, False, "×"),
    "keypress_ms": (16, True, "ms"),
    "lesson_switch_ms": (250, True, "ms"),
    "startup_ratio": (2.0, True, "×"),
    "text_startup_ratio": (1.3, True, "×"),
    "snapshot_ms": (5, True, "ms"),
    "check_ms": (300, True, "ms"),
    "peak_mb": (150, True, "MB"),
}


def measure() -> dict:
    model = model_speed.figures_in_child()  # with one BLAS thread, as in the training process
    figures = {"trainer_ratio": model["trainer_ratio"], "snapshot_ms": model["snapshot_ms"]}
    figures.update(ui_latency.figures())
    figures["check_ms"] = check_speed.figures_in_child()["check_ms"]
    return figures


def table(figures: dict) -> str:
    lines = []
    for key, (goal, at_most, unit) in GOALS.items():
        value = figures[key]
        ok = value <= goal if at_most else value >= goal
        lines.append(
            f"  {key:<18} {value:9.2f} {unit:<4} goal {'<=' if at_most else '>='} {goal:<6} {'met' if ok else 'MISSED'}"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="end with one line holding a JSON object")
    args = parser.parse_args()
    began = time.perf_counter()
    print(
        f"nn-tutor benchmarks on {platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}",
        flush=True,
    )
    figures = measure()
    print(table(figures))
    print(f"done in {time.perf_counter() - began:.0f} s")
    if args.json:
        print(json.dumps({key: round(figures[key], 3) for key in GOALS}))


if __name__ == "__main__":
    main()
