"""What the learner has done: the lesson reached, the lessons completed, quiz results, the
last check of each exercise, the time spent, and where they left each lesson (its view, α,
scroll position) and the running speed.

Kept in ``progress.json`` in the platform's user-data folder (``NN_TUTOR_DATA_DIR``
overrides it), written atomically: a temporary file in the same folder, then
``os.replace``, so a crash mid-write never leaves half a file (and the temporary files a
killed save leaves are removed by the next load or save). A symlinked progress.json
stays a link: the file it points to is replaced.

Two tutors open on one folder do not erase each other's work: a save first reads the
file, under a lock, and keeps the union of completed lessons and the newest place.

Loading and saving never raise. A file that is not progress data (corrupt, nested too
deep, too big, a fifo or a device) is kept aside as ``progress.json.corrupt-<timestamp>``
and the learner starts afresh; a folder that cannot be written leaves the app running,
with a ``notice`` saying that progress will not be saved.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nn_tutor.readfile import NotReadable, read_regular

FILE_NAME = "progress.json"
ENV_DIR = "NN_TUTOR_DATA_DIR"
VERSION = 1
MAX_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 32  # lists and objects inside one another; the quiz data needs about 5
MAX_MESSAGE = 1000  # characters of an exercise's last message kept
MAX_GAP = 30 * 60  # seconds between two saves counted as time spent, at most
TMP_PREFIX, TMP_SUFFIX = ".progress-", ".tmp"
THEMES = ("textual-dark", "textual-light")


def data_dir() -> Path:
    """The folder progress lives in: $NN_TUTOR_DATA_DIR, else the platform's user-data folder."""
    override = os.environ.get(ENV_DIR)
    if override:
        return Path(override).expanduser()
    import platformdirs  # only needed when no override is given

    return platformdirs.user_data_path("nn-tutor")


def default_path() -> Path:
    return data_dir() / FILE_NAME


def _read(path: Path) -> tuple[bytes, tuple] | None:
    """The file's bytes and signature, None when there is none; NotReadable when it is not a
    regular file of at most MAX_BYTES."""
    try:
        data, info = read_regular(path, MAX_BYTES)
    except NotReadable as exc:
        if exc.reason == "missing":
            return None  # nothing yet (or a link to a file not made yet)
        raise
    return data, _signature(info)


def _signature(info: os.stat_result) -> tuple:
    """Changes whenever a file is written: tells whether another instance saved since."""
    return info.st_ino, info.st_size, info.st_mtime_ns


def _depth(data: Any) -> int:
    """How deeply lists and objects nest, counted without recursion."""
    deepest, todo = 0, [(data, 1)]
    while todo:
        value, depth = todo.pop()
        if isinstance(value, (dict, list)):
            deepest = max(deepest, depth)
            if depth <= MAX_DEPTH:
                todo.extend((v, depth + 1) for v in (value.values() if isinstance(value, dict) else value))
    return deepest


def _parse(raw: bytes) -> dict[str, Any]:
    """The progress fields of a file's bytes; ValueError when they are not progress data."""
    try:
        data = json.loads(raw.decode("utf-8"))  # bad UTF-8 is a ValueError
    except RecursionError:
        raise ValueError(f"it nests lists or objects more than {MAX_DEPTH} deep") from None
    if _depth(data) > MAX_DEPTH:
        raise ValueError(f"it nests lists or objects more than {MAX_DEPTH} deep")
    if not isinstance(data, dict):
        raise ValueError("expected a JSON object")
    lesson_id = data.get("lesson_id")
    if lesson_id is not None and not isinstance(lesson_id, str):
        raise ValueError("lesson_id is not text")
    completed = data.get("completed", [])
    if not isinstance(completed, list) or not all(isinstance(c, str) for c in completed):
        raise ValueError("completed is not a list of lesson ids")
    quiz = data.get("quiz", {})
    if not isinstance(quiz, dict):
        raise ValueError("quiz is not an object")
    exercises = data.get("exercises", [])
    if not isinstance(exercises, list) or not all(isinstance(e, str) for e in exercises):
        raise ValueError("exercises is not a list of names")
    workspace = data.get("workspace")
    workspace = workspace if isinstance(workspace, str) and workspace and "\0" not in workspace else None
    at = data.get("lesson_at", 0.0)
    at = at if _number(at) else 0.0
    speed = data.get("speed")
    speed = speed if speed == "max" or (_number(speed) and isinstance(speed, int) and speed > 0) else None
    seconds = data.get("seconds", 0.0)
    seconds = float(seconds) if _number(seconds) and seconds >= 0 else 0.0
    theme = data.get("theme") if data.get("theme") in THEMES else None
    return {
        "theme": theme,
        "lesson_id": lesson_id,
        "completed": set(completed),
        "quiz": quiz,
        "exercises": set(exercises),
        "workspace": workspace,
        "lesson_at": float(at),
        "places": _places(data.get("places")),
        "speed": speed,
        "checks": _checks(data.get("checks")),
        "seconds": seconds,
    }


def _number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def _places(data: Any) -> dict[str, dict]:
    """Where the learner left each lesson: its view, α and scroll position. Entries that
    are not such data are left out (the rest of the file still counts)."""
    places = {}
    for lesson_id, place in data.items() if isinstance(data, dict) else ():
        if not isinstance(place, dict):
            continue
        kept = {}
        if isinstance(place.get("view"), str):
            kept["view"] = place["view"]
        if _number(place.get("learning_rate")) and place["learning_rate"] > 0:
            kept["learning_rate"] = float(place["learning_rate"])
        if _number(place.get("scroll")) and place["scroll"] >= 0:
            kept["scroll"] = float(place["scroll"])
        if kept:
            places[lesson_id] = kept
    return places


CHECK_STATUSES = ("passed", "failed", "todo", "blocked")


def _checks(data: Any) -> dict[str, dict]:
    """The last check of each exercise: {name: {"status", "message"}}; other entries left out."""
    checks = {}
    for name, check in data.items() if isinstance(data, dict) else ():
        if isinstance(check, dict) and check.get("status") in CHECK_STATUSES:
            message = check.get("message")
            checks[name] = {
                "status": check["status"],
                "message": message[:MAX_MESSAGE] if isinstance(message, str) else "",
            }
    return checks


@contextlib.contextmanager
def _locked(folder: Path):
    """Hold a lock on the folder itself: one save or clean-up at a time across processes."""
    try:
        import fcntl
    except ImportError:  # Windows: os.replace is still atomic
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _remove_stale_files(folder: Path) -> None:
    """Temporary files of saves that were killed (run under the lock: no save is running)."""
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            if (
                entry.name.startswith(TMP_PREFIX)
                and entry.name.endswith(TMP_SUFFIX)
                and entry.is_file(follow_symlinks=False)
            ):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def _merge_quiz(ours: dict, theirs: dict) -> dict:
    """Ours, plus what only the other instance has (two levels: topics, question ids)."""
    merged = dict(ours)
    for key, value in theirs.items():
        if key not in merged:
            merged[key] = value
        elif isinstance(merged[key], dict) and isinstance(value, dict):
            merged[key] = {**value, **merged[key]}
    return merged


@dataclass
class Progress:
    """The learner's progress. ``quiz`` belongs to the quiz module (any JSON-serialisable dict)."""

    path: Path
    lesson_id: str | None = None
    completed: set[str] = field(default_factory=set)
    quiz: dict[str, Any] = field(default_factory=dict)
    exercises: set[str] = field(default_factory=set)  # the exercises that passed at the last check
    workspace: str | None = None  # the exercises' folder (holding network.py)
    places: dict[str, dict] = field(default_factory=dict)  # lesson id -> {view, learning_rate, scroll}
    speed: int | str | None = None  # running speed, iterations a second or "max" (None: the default)
    checks: dict[str, dict] = field(default_factory=dict)  # exercise -> {status, message} of its last check
    seconds: float = 0.0  # time spent in the tutor, counted between saves (MAX_GAP at most each)
    theme: str | None = None  # "textual-dark" or "textual-light" as last chosen (None: the default)
    notice: str = ""
    lesson_at: float = 0.0  # when lesson_id was reached: the newest place wins a merge
    replace: bool = False  # after reset(): the next save overwrites instead of merging
    seen: tuple | None = field(default=None, repr=False)  # the file as last read or written
    _seconds_base: float = field(default=0.0, repr=False)  # `seconds` as last read or written
    _since: float = field(default_factory=lambda: time.monotonic(), repr=False)  # when time was last counted
    _checks_base: dict = field(default_factory=dict, repr=False)  # `checks` as last read or written

    # -- loading ---------------------------------------------------------------------------
    @classmethod
    def load(cls, path: Path | str | None = None) -> Progress:
        """Read progress from ``path`` (default: the user-data folder). Never raises."""
        path = Path(path) if path is not None else default_path()
        progress = cls(path=path)
        with contextlib.suppress(OSError):
            if path.parent.is_dir():
                with _locked(path.parent):
                    _remove_stale_files(path.parent)
        fields = progress._read_saved()
        if fields is not None:
            for name, value in fields.items():
                setattr(progress, name, value)
        progress._seconds_base, progress._checks_base = progress.seconds, dict(progress.checks)
        return progress

    def _read_saved(self) -> dict[str, Any] | None:
        """The fields saved at ``path``; None (with a notice, the file kept aside) when unusable."""
        try:
            found = _read(self.path)
            if found is None or found[1] == self.seen:
                return None  # no file, or the one this instance read or wrote last
            fields = _parse(found[0])
            self.seen = found[1]
            return fields
        except NotReadable as exc:
            if exc.reason in ("loop", "special", "too_big"):  # moved away, a save can write afresh
                self._set_aside(f"it {exc.why}")
            else:
                self.notice = f"Could not read your progress ({self.path} {exc.why}); starting afresh."
        except ValueError as exc:
            self._set_aside(f"it is not valid progress data ({exc})")
        return None

    def _set_aside(self, why: str) -> None:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        backup = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        try:
            os.replace(self.path, backup)  # a link is moved, not what it points to
            kept = f"it was kept as {backup.name}"
        except OSError:
            kept = "it could not be moved aside"
        self.notice = f"Your progress file could not be read: {why}; {kept}. Starting afresh."

    # -- saving ----------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {
            "version": VERSION,
            "lesson_id": self.lesson_id,
            "lesson_at": self.lesson_at,
            "completed": sorted(self.completed),
            "quiz": self.quiz,
            "exercises": sorted(self.exercises),
            "workspace": self.workspace,
            "places": self.places,
            "speed": self.speed,
            "checks": self.checks,
            "seconds": round(self.seconds, 1),
            "theme": self.theme,
        }

    def _merge_saved(self) -> None:
        """Take in what another instance saved since this one read or wrote the file: its
        completed lessons, a newer place, quiz entries this one lacks."""
        saved = self._read_saved()
        if saved is None or self.replace:
            return
        self.seconds = saved["seconds"] + self.seconds - self._seconds_base  # ours added to theirs
        ours = {name: check for name, check in self.checks.items() if self._checks_base.get(name) != check}
        self.checks = {**self.checks, **saved["checks"], **ours}  # a check made here since wins
        self.completed |= saved["completed"]
        self.exercises |= saved["exercises"]  # the next check of the exercises refreshes them
        self.workspace = self.workspace or saved["workspace"]
        self.places = {**saved["places"], **self.places}
        self.speed = self.speed if self.speed is not None else saved["speed"]
        self.theme = self.theme or saved["theme"]
        if saved["lesson_at"] > self.lesson_at:
            self.lesson_id, self.lesson_at = saved["lesson_id"], saved["lesson_at"]
        self.quiz = _merge_quiz(self.quiz, saved["quiz"])

    def save(self) -> bool:
        """Merge with the file and write atomically. Returns False (and sets ``notice``) when it
        cannot; never raises."""
        tmp = None
        try:
            target = Path(os.path.realpath(self.path)) if self.path.is_symlink() else self.path
            target.parent.mkdir(parents=True, exist_ok=True)
            with _locked(target.parent):
                _remove_stale_files(target.parent)
                self._count_time()
                self._merge_saved()
                text = json.dumps(self.to_dict(), indent=2, ensure_ascii=False)
                fd, tmp = tempfile.mkstemp(prefix=TMP_PREFIX, suffix=TMP_SUFFIX, dir=target.parent)
                with os.fdopen(fd, "w", encoding="utf-8") as f:
                    f.write(text)
                    f.flush()
                    os.fsync(f.fileno())
                os.replace(tmp, target)
                self.seen = _signature(os.stat(target))
                self._seconds_base, self._checks_base = self.seconds, dict(self.checks)
            self.replace = False
            return True
        except (OSError, TypeError, ValueError, RecursionError) as exc:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
            why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self.notice = f"Progress will not be saved: cannot write {self.path} ({why})."
            return False

    def _count_time(self) -> None:
        now = time.monotonic()
        self.seconds += min(max(now - self._since, 0.0), MAX_GAP)
        self._since = now

    # -- changes ---------------------------------------------------------------------------
    def record_checks(self, results) -> bool:
        """Keep the last check of each exercise (objects with name, status, message) and the set
        of those passed. Returns whether anything changed (then a save is worth it)."""
        checks, names = {**self.checks}, set()
        for result in results:
            message = result.message if isinstance(result.message, str) else ""
            checks[result.name] = {"status": result.status, "message": message[:MAX_MESSAGE]}
            names.add(result.name)
        passed = (self.exercises - names) | {name for name in names if checks[name]["status"] == "passed"}
        changed = checks != self.checks or passed != self.exercises
        self.checks, self.exercises = checks, passed
        return changed

    def reach(self, lesson_id: str) -> None:
        self.lesson_id, self.lesson_at = lesson_id, time.time()

    def complete(self, lesson_id: str) -> None:
        self.completed.add(lesson_id)

    def reset(self) -> None:
        """Forget everything (``--reset-progress``): the next save overwrites the file."""
        self.lesson_id, self.completed, self.quiz, self.exercises = None, set(), {}, set()
        self.workspace, self.places, self.speed, self.theme, self.checks = None, {}, None, None, {}
        self.seconds, self._seconds_base, self._checks_base = 0.0, 0.0, {}
        self.lesson_at, self.replace = 0.0, True
