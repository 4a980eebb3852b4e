"""What the quiz remembers between sessions: mastery per topic and Leitner boxes.

It all lives in the JSON-serialisable dict `Progress.quiz`:

    {"mastery": {topic: {"right": n, "asked": n}},
     "boxes": {question_id: {"box": k, "due": "YYYY-MM-DD", "question": {...}}}}

A missed question goes into box 1, due at once, so it comes back in the next round (or
with --review). Each right answer moves it up a box and further away: a question put in
box k is due INTERVAL_DAYS[k] days later. Answered right in the last box, it leaves.
`repair` runs once when a round starts; the other functions expect repaired data.
"""

from __future__ import annotations

import datetime as dt

from nn_tutor.quiz.question import Question

BOXES = 5
INTERVAL_DAYS = {1: 0, 2: 1, 3: 3, 4: 7, 5: 14}  # box -> days until it is due again


def _count(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


def repair(quiz: dict) -> int:
    """Repair the quiz state in place, once, when a round starts: a hand-edited, damaged or
    old file loses only its bad entries. Returns how many saved questions were dropped."""
    mastery = quiz.get("mastery")
    if not isinstance(mastery, dict):
        mastery = {}
    good_mastery = {}
    for topic, entry in mastery.items():
        if isinstance(topic, str) and isinstance(entry, dict):
            asked = _count(entry.get("asked"))
            good_mastery[topic] = {"right": min(_count(entry.get("right")), asked), "asked": asked}
    boxes = quiz.get("boxes")
    if not isinstance(boxes, dict):
        boxes = {}
    good_boxes = {}
    for qid, entry in boxes.items():
        try:
            question = Question.from_dict(entry["question"])
            dt.date.fromisoformat(entry["due"])
            box = entry["box"]
        except (KeyError, TypeError, ValueError):
            continue
        if question.id == qid and isinstance(box, int) and 1 <= box <= BOXES:
            good_boxes[qid] = {"box": box, "due": entry["due"], "question": entry["question"]}
    quiz["mastery"], quiz["boxes"] = good_mastery, good_boxes
    return len(boxes) - len(good_boxes)


def record(quiz: dict, question: Question, correct: bool, today: dt.date) -> None:
    """Count the answer towards the topic's mastery and move the question between boxes."""
    entry = quiz.setdefault("mastery", {}).setdefault(question.topic, {"right": 0, "asked": 0})
    entry["asked"] += 1
    entry["right"] += int(correct)
    boxes = quiz.setdefault("boxes", {})
    if not correct:
        boxes[question.id] = {"box": 1, "due": today.isoformat(), "question": question.to_dict()}
    elif question.id in boxes:
        box = boxes[question.id]["box"] + 1
        if box > BOXES:
            del boxes[question.id]
        else:
            due = today + dt.timedelta(days=INTERVAL_DAYS[box])
            boxes[question.id] = {
                "box": box,
                "due": due.isoformat(),
                "question": question.to_dict(),
            }


def due_questions(quiz: dict, today: dt.date, topics: list[str] | None = None) -> list[Question]:
    """The boxed questions due on or before `today`: lowest box, then oldest, first."""
    boxes = quiz.get("boxes", {})
    due = [
        (entry["box"], entry["due"], qid)
        for qid, entry in boxes.items()
        if entry["due"] <= today.isoformat()
        and (topics is None or entry["question"]["topic"] in topics)
    ]
    due.sort(key=lambda item: item[:2])  # stable: missed earlier, asked earlier
    return [Question.from_dict(boxes[qid]["question"]) for _, _, qid in due]


def mastery(quiz: dict) -> dict[str, tuple[int, int]]:
    """topic -> (right, asked) over every round saved so far."""
    return {topic: (e["right"], e["asked"]) for topic, e in quiz.get("mastery", {}).items()}
