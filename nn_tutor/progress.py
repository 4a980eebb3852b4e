"""What the learner has done: the lesson reached, the lessons completed, quiz results.

Kept in ``progress.json`` in the platform's user-data folder (``NN_TUTOR_DATA_DIR``
overrides it), written atomically: a temporary file in the same folder, then
``os.replace``, so a crash mid-write never leaves half a file. Loading and saving never
raise: a corrupt file is kept aside as ``progress.json.corrupt-<timestamp>`` and the
learner starts afresh; a folder that cannot be written leaves the app running, with a
``notice`` saying that progress will not be saved.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FILE_NAME = "progress.json"
ENV_DIR = "NN_TUTOR_DATA_DIR"
VERSION = 1


def data_dir() -> Path:
    """The folder progress lives in: $NN_TUTOR_DATA_DIR, else the platform's user-data folder."""
    override = os.environ.get(ENV_DIR)
    if override:
        return Path(override).expanduser()
    import platformdirs  # only needed when no override is given

    return platformdirs.user_data_path("nn-tutor")


def default_path() -> Path:
    return data_dir() / FILE_NAME


@dataclass
class Progress:
    """The learner's progress. ``quiz`` belongs to the quiz module (any JSON-serialisable dict)."""

    path: Path
    lesson_id: str | None = None
    completed: set[str] = field(default_factory=set)
    quiz: dict[str, Any] = field(default_factory=dict)
    exercises: set[str] = field(default_factory=set)  # the exercises that passed at the last check
    notice: str = ""

    # -- loading ---------------------------------------------------------------------------
    @classmethod
    def load(cls, path: Path | str | None = None) -> Progress:
        """Read progress from ``path`` (default: the user-data folder). Never raises."""
        path = Path(path) if path is not None else default_path()
        progress = cls(path=path)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return progress
        except OSError as exc:
            progress.notice = f"Could not read your progress ({path}: {exc.strerror}); starting afresh."
            return progress
        try:
            progress._take(json.loads(raw.decode("utf-8")))
        except (ValueError, TypeError, RecursionError) as exc:   # bad UTF-8 is a ValueError
            progress._set_aside(f"it is not valid progress data ({exc})")
        return progress

    def _take(self, data: Any) -> None:
        """Fill in from parsed JSON; raise ValueError/TypeError if the shape is wrong."""
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
        self.lesson_id, self.completed, self.quiz = lesson_id, set(completed), quiz
        self.exercises = set(exercises)

    def _set_aside(self, why: str) -> None:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        backup = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        try:
            os.replace(self.path, backup)
            kept = f"it was kept as {backup.name}"
        except OSError:
            kept = "it could not be moved aside"
        self.notice = f"Your progress file could not be read: {why}; {kept}. Starting afresh."

    # -- saving ----------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {
            "version": VERSION,
            "lesson_id": self.lesson_id,
            "completed": sorted(self.completed),
            "quiz": self.quiz,
            "exercises": sorted(self.exercises),
        }

    def save(self) -> bool:
        """Write atomically. Returns False (and sets ``notice``) when it cannot; never raises."""
        tmp = None
        try:
            text = json.dumps(self.to_dict(), indent=2, ensure_ascii=False)
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".progress-", suffix=".tmp", dir=self.path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path)
            return True
        except (OSError, TypeError, ValueError) as exc:
            if tmp is not None:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
            why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self.notice = f"Progress will not be saved: cannot write {self.path} ({why})."
            return False

    # -- changes ---------------------------------------------------------------------------
    def reach(self, lesson_id: str) -> None:
        self.lesson_id = lesson_id

    def complete(self, lesson_id: str) -> None:
        self.completed.add(lesson_id)

    def reset(self) -> None:
        """Forget everything (``--reset-progress``)."""
        self.lesson_id, self.completed, self.quiz, self.exercises = None, set(), {}, set()
