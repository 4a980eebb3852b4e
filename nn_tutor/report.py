"""`nn-tutor report PATH...`: one row per learner from exported files (`nn-tutor export`),
folders of them, or a served class's learners' folders (`learners/<name>/progress.json`):
lessons done, exercises passed, weakest quiz topics, time spent; as a table, `--csv` or `--json`.

Every file is someone else's: read only if it is a regular file of at most MAX_BYTES,
parsed as JSON with a bounded depth, each field checked; anything else is named on stderr
and skipped. Text from a file is shown with its control characters escaped, and a CSV cell
that a spreadsheet would run as a formula is quoted.
"""

from __future__ import annotations

import csv
import json
import math
import os
import sys
import unicodedata
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from nn_tutor import facts as F
from nn_tutor.lessons import text as lesson_text
from nn_tutor.readfile import NotReadable, read_regular

MAX_BYTES = 2 * 1024 * 1024
MAX_NAME = 60
MAX_FILES = 100_000
WEAKEST = 3  # topics named per learner
COLUMNS = (
    "learner",
    "lessons_done",
    "lessons_total",
    "exercises_passed",
    "exercises_total",
    "weakest_topics",
    "minutes",
    "source",
)


def shown(value: Any) -> str:
    """Text from a file, safe on a terminal: control characters escaped, and format characters
    (right-to-left overrides, zero-width joiners) and line separators too."""
    return "".join(
        f"\\u{ord(c):04x}" if unicodedata.category(c) in ("Cf", "Zl", "Zp") else c for c in lesson_text.shown(value)
    )


class Skip(Exception):
    """Why a file is not a learner's progress."""


def find_files(paths: list[str], skipped: list[dict]) -> list[Path]:
    """The files to read: each file named, and in each folder its *.json files and the
    progress.json of its subfolders (and of learners/*: a served class's data folder).
    Links to folders are not followed."""
    found: list[Path] = []
    for text in paths:
        path = Path(text)
        if path.is_dir():
            found += _in_folder(path)
        elif path.exists() or path.is_symlink():
            found.append(path)
        else:
            skipped.append({"path": str(path), "why": "does not exist"})
    seen, unique = set(), []
    for path in found[:MAX_FILES]:
        key = os.path.abspath(path)
        if key not in seen:
            seen.add(key)
            unique.append(path)
    if len(found) > MAX_FILES:
        skipped.append({"path": "…", "why": f"more than {MAX_FILES} files: the rest were not read"})
    return unique


def _in_folder(folder: Path) -> list[Path]:
    found = []
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return [folder]  # named as unreadable when read
    for entry in entries:
        if entry.name.endswith(".json") and not entry.is_dir(follow_symlinks=False):
            found.append(Path(entry.path))
        elif entry.is_dir(follow_symlinks=False):
            inner = Path(entry.path) / "progress.json"
            if inner.exists() or inner.is_symlink():
                found.append(inner)
            elif entry.name == "learners":
                found += [p for p in _in_folder(Path(entry.path)) if p.name == "progress.json"]
    return found


def _text(value: Any, what: str, limit: int = MAX_NAME) -> str:
    if not isinstance(value, str):
        raise Skip(f"{what} is not text")
    return shown(value)[:limit]


def _count(value: Any, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 10**9:
        raise Skip(f"{what} is not a count")
    return value


def _fraction(value: Any) -> float | None:
    if value is None:
        return None
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 <= value <= 1:
        raise Skip("a quiz recall is not a number from 0 to 1")
    return float(value)


def _row(name: str, facts: dict, source: Path) -> dict:
    """A learner's row from facts (an export's or computed), every field checked."""
    if not isinstance(facts, dict):
        raise Skip("not an object")
    lessons, exercises, quiz = (facts.get(k) for k in ("lessons", "exercises", "quiz"))
    if not all(isinstance(part, dict) for part in (lessons, exercises, quiz)):
        raise Skip("lessons, exercises or quiz missing")
    topics = quiz.get("topics")
    if not isinstance(topics, list) or len(topics) > 1000:
        raise Skip("quiz topics is not a list")
    scored = []
    for topic in topics:
        if not isinstance(topic, dict):
            raise Skip("a quiz topic is not an object")
        label = _text(topic.get("topic"), "a quiz topic", 40)
        week = _fraction(topic.get("recall_week"))
        asked, right = _count(topic.get("asked", 0), "asked"), _count(topic.get("right", 0), "right")
        score = week if week is not None else (right / asked if asked else None)
        if score is not None:
            scored.append((score, label))
    seconds = facts.get("seconds", 0)
    if not isinstance(seconds, (int, float)) or isinstance(seconds, bool) or not math.isfinite(seconds) or seconds < 0:
        raise Skip("seconds is not a time")
    return {
        "learner": name,
        "lessons_done": _count(lessons.get("done"), "lessons done"),
        "lessons_total": _count(lessons.get("total"), "lessons total"),
        "exercises_passed": _count(exercises.get("passed"), "exercises passed"),
        "exercises_total": _count(exercises.get("total"), "exercises total"),
        "weakest_topics": [label for _, label in sorted(scored)[:WEAKEST]],
        "minutes": round(min(seconds, 10**9) / 60),
        "source": shown(str(source)),
    }


class Reader:
    """Reads each file into a row; the shipped lessons load once, on the first progress file."""

    def __init__(self):
        self._lessons = None

    def lessons(self):
        if self._lessons is None:
            self._lessons = F.shipped_lessons()
        return self._lessons

    def read(self, path: Path) -> dict:
        try:
            raw, _ = read_regular(path, MAX_BYTES)
        except NotReadable as exc:
            raise Skip(exc.why) from None
        try:
            data = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
        except RecursionError:
            raise Skip("nests too deep") from None
        except (ValueError, UnicodeDecodeError):
            raise Skip("is not JSON") from None
        if not isinstance(data, dict):
            raise Skip("is not an nn-tutor export or progress file")
        if data.get("format") == F.FORMAT:
            version = data.get("version")
            if not isinstance(version, int) or isinstance(version, bool) or version > F.FORMAT_VERSION:
                raise Skip(
                    f"was written by a newer nn-tutor (format version {shown(version)}); update nn-tutor to read it"
                )
            name = _text(data.get("name", ""), "name") or path.stem
            return _row(name, data, path)
        if path.name == "progress.json" and ("completed" in data or "quiz" in data or "lesson_id" in data):
            return self._from_progress(path, raw)
        raise Skip("is not an nn-tutor export or progress file")

    def _from_progress(self, path: Path, raw: bytes) -> dict:
        from nn_tutor.progress import _parse

        try:
            fields = _parse(raw)
        except ValueError as exc:
            raise Skip(f"is not valid progress data ({exc})") from None
        progress = SimpleNamespace(**fields)
        facts = F.learner_facts(progress, self.lessons())
        return _row(shown(path.parent.name)[:MAX_NAME], facts, path)


def _no_constant(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


def read_all(paths: list[str]) -> tuple[list[dict], list[dict]]:
    skipped: list[dict] = []
    rows, reader = [], Reader()
    for path in find_files(paths, skipped):
        try:
            rows.append(reader.read(path))
        except Skip as why:
            skipped.append({"path": shown(str(path)), "why": str(why)})
    rows.sort(key=lambda row: (row["learner"].casefold(), row["source"]))
    return rows, skipped


def table(rows: list[dict]) -> str:
    heads = ["learner", "lessons", "exercises", "weakest topics", "time"]
    cells = [
        [
            r["learner"],
            f"{r['lessons_done']}/{r['lessons_total']}",
            f"{r['exercises_passed']}/{r['exercises_total']}",
            ", ".join(r["weakest_topics"]) or "—",
            F.duration(r["minutes"] * 60),
        ]
        for r in rows
    ]
    widths = [max(len(str(c)) for c in column) for column in zip(heads, *cells)]
    lines = ["  ".join(str(c).ljust(w) for c, w in zip(line, widths)).rstrip() for line in [heads, *cells]]
    lines.insert(1, "  ".join("─" * w for w in widths))
    return "\n".join(lines)


def _cell(value: Any) -> str:
    text = "; ".join(value) if isinstance(value, list) else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def report_command(args) -> int:
    rows, skipped = read_all(args.paths)
    for skip in skipped:
        print(f"nn-tutor report: skipped {skip['path']}: {skip['why']}", file=sys.stderr)
    if args.json:
        print(json.dumps({"learners": rows, "skipped": skipped}, ensure_ascii=False))
    elif args.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow([_cell(row[column]) for column in COLUMNS])
    elif rows:
        print(table(rows))
        print(f"\n{len(rows)} learner(s)" + (f"; {len(skipped)} file(s) skipped" if skipped else ""))
    if not rows:
        print(
            "nn-tutor report: no learner's progress found in " + ", ".join(shown(p) for p in args.paths),
            file=sys.stderr,
        )
        return 1
    return 0
