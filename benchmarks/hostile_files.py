"""Hostile lesson and progress files: how long each takes to be refused, and the memory it costs.

    python benchmarks/hostile_files.py

Prints one line per input (seconds, outcome) and, per surface, the worst time and the peak
memory of the process that read them (check-lessons runs as its own process).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from fixtures.bad_lessons import BAD_KINDS, write_bad_lessons  # noqa: E402

from nn_tutor.lessons import LessonError, load_lesson  # noqa: E402
from nn_tutor.progress import Progress  # noqa: E402


def peak_mb(who=resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def timed(label, action):
    start = time.perf_counter()
    outcome = action()
    seconds = time.perf_counter() - start
    print(f"  {seconds:7.3f} s  {label}: {outcome}")
    return seconds


def lesson_outcome(path):
    try:
        return f"loaded ({load_lesson(path).id})"
    except LessonError as err:
        return f"refused, {err.field}"


def progress_files(folder: Path) -> dict:
    nested = b'{"quiz": {"x": ' + b"[" * 970 + b"]" * 970 + b"}}"
    return {
        "nested 970 deep": lambda p: p.write_bytes(nested),
        "nested 100000 deep": lambda p: p.write_bytes(b"[" * 100_000),
        "9 MiB": lambda p: p.write_bytes(b'{"quiz": {"x": "' + b"a" * 9 * 2**20 + b'"}}'),
        "link to /dev/zero": lambda p: p.symlink_to("/dev/zero"),
        "fifo": lambda p: os.mkfifo(p),
        "symlink loop": lambda p: p.symlink_to(p.name),
        "binary garbage": lambda p: p.write_bytes(bytes(range(256)) * 4),
        "a folder": lambda p: p.mkdir(),
    }


def main():
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        print("lesson files (each loaded alone)")
        folder = write_bad_lessons(tmp / "lessons")
        worst = max(timed(p.name, lambda p=p: lesson_outcome(p)) for p in sorted(folder.iterdir()))
        print(f"  worst {worst:.3f} s, peak {peak_mb():.0f} MB in this process")
        start = time.perf_counter()
        run = subprocess.run(
            [sys.executable, "-m", "nn_tutor", "check-lessons", str(folder)],
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            timeout=120,
        )
        print(
            f"  check-lessons on the folder: exit {run.returncode}, {len(run.stdout.splitlines()) - 1} "
            f"problems for {len(BAD_KINDS)} bad files, {time.perf_counter() - start:.2f} s, "
            f"peak {peak_mb(resource.RUSAGE_CHILDREN):.0f} MB"
        )

        print("progress files (load, then save)")
        times = []
        for name, make in progress_files(tmp).items():
            data = tmp / name.replace(" ", "-").replace("/", "")
            data.mkdir()
            make(data / "progress.json")

            def load_and_save(path=data / "progress.json"):
                progress = Progress.load(path)
                saved = progress.save()
                return f"{'saved' if saved else 'not saved'}; {progress.notice[:70]}"

            times.append(timed(name, load_and_save))
        print(f"  worst {max(times):.3f} s, peak {peak_mb():.0f} MB in this process")
        shared = tmp / "shared" / "progress.json"
        a, b = Progress.load(shared), Progress.load(shared)
        a.complete("x")
        a.save()
        b.complete("y")
        b.save()
        a.save()
        print(f"  two instances: {sorted(json.loads(shared.read_text())['completed'])} kept")


if __name__ == "__main__":
    main()
