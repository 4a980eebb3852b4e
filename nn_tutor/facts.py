"""What a learner's progress comes to, as plain facts: lessons done, exercises passed per
lesson, predicted recall per quiz topic now and in a week, time spent, and what to do next.

One JSON-serialisable dict, built from a Progress; the progress screen, `nn-tutor progress
[--json]`, `nn-tutor export` and `nn-tutor report` all show these same facts. No Textual.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

WEEK = 7.0  # days ahead for the second recall figure
FORMAT = "nn-tutor-progress"  # `export` files say what they are
FORMAT_VERSION = 1


def exercise_lessons() -> list[tuple[str, str]]:
    """(exercise name, its lesson id) for every exercise, in course order."""
    from nn_tutor.exercises import catalogue

    table = catalogue.EXERCISES
    if isinstance(table, dict):  # name -> (lesson id, hint)
        return [(name, entry[0]) for name, entry in table.items()]
    return [(entry.name, entry.lesson) for entry in table]


def _finite(x: Any) -> float | None:
    return float(x) if isinstance(x, (int, float)) and math.isfinite(x) else None


def learner_facts(
    progress,
    lessons: list[tuple[str, str]],
    now: dt.datetime | None = None,
    exercises: list[tuple[str, str]] | None = None,
) -> dict[str, Any]:
    """The facts of `progress`; `lessons` are (id, title) in course order, `exercises` are
    (name, lesson id) (default: the shipped ones)."""
    from nn_tutor.quiz import review

    now = now or dt.datetime.now(dt.UTC)
    exercises = exercise_lessons() if exercises is None else exercises
    titles = dict(lessons)
    lesson_items = [{"id": lid, "title": title, "done": lid in progress.completed} for lid, title in lessons]

    checks = getattr(progress, "checks", {}) or {}
    exercise_items = []
    for name, lesson_id in exercises:
        check = checks.get(name, {})
        status = check.get("status") or ("passed" if name in progress.exercises else "todo")
        exercise_items.append(
            {"name": name, "lesson": lesson_id, "status": status, "message": check.get("message", "")}
        )
    by_lesson: dict[str, dict] = {}
    for item in exercise_items:
        entry = by_lesson.setdefault(
            item["lesson"],
            {"lesson": item["lesson"], "title": titles.get(item["lesson"], item["lesson"]), "passed": 0, "total": 0},
        )
        entry["total"] += 1
        entry["passed"] += item["status"] == "passed"

    quiz = progress.quiz if isinstance(progress.quiz, dict) else {}
    try:
        recall_now, recall_week, due = review.outlook(quiz, now, WEEK)
    except (KeyError, TypeError, ValueError, AttributeError, OverflowError):
        recall_now, recall_week, due = {}, {}, 0
    saved = quiz.get("mastery") if isinstance(quiz.get("mastery"), dict) else {}
    mastery = {topic: entry for topic, entry in saved.items() if isinstance(entry, dict)}
    topics = []
    for topic in sorted(set(mastery) | set(recall_now)):
        entry = mastery.get(topic, {})
        topics.append(
            {
                "topic": topic,
                "right": _count(entry.get("right")),
                "asked": _count(entry.get("asked")),
                "recall_now": _finite(recall_now.get(topic)),
                "recall_week": _finite(recall_week.get(topic)),
            }
        )

    first_lesson = next((item for item in lesson_items if not item["done"]), None)
    failing = next((i for i in exercise_items if i["status"] == "failed"), None) or next(
        (i for i in exercise_items if i["status"] != "passed"), None
    )
    return {
        "lessons": {
            "done": sum(i["done"] for i in lesson_items),
            "total": len(lesson_items),
            "reached": progress.lesson_id,
            "items": lesson_items,
        },
        "exercises": {
            "passed": sum(i["status"] == "passed" for i in exercise_items),
            "total": len(exercise_items),
            "by_lesson": list(by_lesson.values()),
            "items": exercise_items,
        },
        "quiz": {"due": due, "topics": topics},
        "seconds": _finite(getattr(progress, "seconds", 0.0)) or 0.0,
        "next": {
            "reviews_due": due,
            "lesson": None if first_lesson is None else {k: first_lesson[k] for k in ("id", "title")},
            "exercise": None if failing is None else {k: failing[k] for k in ("name", "status", "message")},
        },
    }


def _count(x: Any) -> int:
    return x if isinstance(x, int) and not isinstance(x, bool) and x >= 0 else 0


def what_next(facts: dict) -> list[str]:
    """The next steps as sentences: due reviews, the first lesson not done, the first
    exercise failing (or not yet passed)."""
    steps = []
    nxt = facts["next"]
    if nxt["reviews_due"]:
        steps.append(f"{nxt['reviews_due']} quiz question(s) due for review: nn-tutor quiz --review")
    weak = [t for t in facts["quiz"]["topics"] if t["recall_week"] is not None and t["recall_week"] < 0.7]
    if weak:
        weakest = min(weak, key=lambda t: t["recall_week"])
        steps.append(
            f"Quiz topic {weakest['topic']} will be the first to fade: nn-tutor quiz --topic {weakest['topic']}"
        )
    if nxt["lesson"]:
        steps.append(f"Next lesson: {nxt['lesson']['title']}")
    if nxt["exercise"]:
        exercise = nxt["exercise"]
        verb = "fix" if exercise["status"] == "failed" else "write"
        steps.append(f"Exercises: {verb} {exercise['name']}")
    return steps or ["Everything is done: every lesson, every exercise, no review due."]


def unestimated(topics: list[dict]) -> str:
    """A sentence on topics answered before recall was estimated (files of earlier versions)."""
    counts = ", ".join(f"{t['topic']} {t['right']}/{t['asked']}" for t in topics)
    return (
        f"Right answers in topics with no recall estimate yet: {counts} "
        "(one more answer in a topic starts its estimate)."
    )


def duration(seconds: float) -> str:
    """`3 h 05 min`, `12 min`, `less than a minute`."""
    if not math.isfinite(seconds) or seconds < 60:
        return "less than a minute"
    minutes = int(seconds // 60)
    return f"{minutes // 60} h {minutes % 60:02d} min" if minutes >= 60 else f"{minutes} min"


def percent(value: float | None) -> str:
    return "—" if value is None or not math.isfinite(value) else f"{round(100 * value)}%"


def shipped_lessons(lessons_dir=None) -> list[tuple[str, str]]:
    """(id, title) of the lessons, in order (those of lessons_dir if given)."""
    from nn_tutor.lessons import load_lessons

    lessons, _errors = load_lessons(lessons_dir)
    return [(lesson.id, lesson.title) for lesson in lessons]
