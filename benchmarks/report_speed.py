"""`nn-tutor report` on a class of 1 000 learners: the time to read and tabulate them.

    python benchmarks/report_speed.py [N]

Makes N (default 1 000) exported files in one folder, and a served class's data folder of N
learners' progress.json files (each with quiz cards to schedule), then times `nn-tutor report`
on each as a new process would run it (the command's whole run, start-up included).
Prints figures; asserts nothing. Goal: under 5 s each.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nn_tutor.progress import Progress
from nn_tutor.quiz import review
from nn_tutor.quiz.generators import generate

TOPICS = ("sigmoid", "tanh", "relu", "chain")


def make_class(folder: Path, count: int) -> tuple[Path, Path]:
    exports, data = folder / "exports", folder / "data"
    exports.mkdir()
    start = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    template = Progress.load(folder / "template.json")
    template.completed = {"sigmoid-neuron", "loss-and-cost"}
    for day in range(6):
        for topic in TOPICS:
            question = generate(topic, np.random.default_rng(day))
            review.record(template.quiz, question, (day + len(topic)) % 3 != 0, start + dt.timedelta(days=day))
    text = json.dumps(template.to_dict())
    for i in range(count):
        learner = data / "learners" / f"learner-{i:04d}"
        learner.mkdir(parents=True)
        (learner / "progress.json").write_text(text)
    env = dict(os.environ, NN_TUTOR_DATA_DIR=str(data / "learners" / "learner-0000"), PYTHONPATH=str(ROOT))
    one = subprocess.run(
        [sys.executable, "-m", "nn_tutor", "export", "-"], capture_output=True, text=True, env=env, check=True
    ).stdout
    for i in range(count):
        (exports / f"learner-{i:04d}.json").write_text(one.replace('"learner-0000"', f'"learner-{i:04d}"'))
    return exports, data


def timed(*args: str) -> tuple[float, int]:
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "nn_tutor", "report", *args, "--json"],
        capture_output=True,
        text=True,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        check=True,
    )
    seconds = time.perf_counter() - start
    return seconds, len(json.loads(result.stdout.splitlines()[-1])["learners"])


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    with tempfile.TemporaryDirectory() as tmp:
        exports, data = make_class(Path(tmp), count)
        for what, path in (("exported files", exports), ("served class's progress files", data)):
            seconds, rows = timed(str(path))
            print(f"report on {count} {what}: {seconds:.2f} s ({rows} rows)")


if __name__ == "__main__":
    main()
