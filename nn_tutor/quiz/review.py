"""What the quiz remembers between rounds, scheduled by FSRS (the `fsrs` package): mastery
per topic, a memory card per topic, and a card per missed question.

It all lives in the JSON-serialisable dict `Progress.quiz`:

    {"mastery": {topic: {"right": n, "asked": n}},
     "topics": {topic: CARD},                       # every answer reviews its topic's card
     "cards": {question_id: {"card": CARD, "question": {...}}}}   # the missed questions
    CARD = {"state": 1|2|3, "step": n|null, "stability": days|null, "difficulty": 1..10|null,
            "due": ISO time, "last_review": ISO time|null}

A right answer is rated Good, a wrong one Again. A missed question gets a card and comes
back when FSRS says it is due (at once, then after growing intervals while it is answered
right); once its next review is more than KEEP_DAYS away it leaves. The topic cards give the
predicted chance of recalling each topic, now or later (`recall`).

Files written before FSRS kept Leitner boxes ({"boxes": {id: {"box": k, "due": day,
"question": {...}}}}): `repair` turns each box into a card due the same day, whose
stability is the box's interval, and keeps the mastery counts. `repair` runs once when a
round starts; the other functions expect repaired data. `fsrs` is imported on first use.
"""

from __future__ import annotations

import datetime as dt
import math

from nn_tutor.quiz.question import Question

KEEP_DAYS = 60  # a question whose next review is further away than this leaves
MAX_CARDS = 500  # missed questions kept at most (the ones due soonest stay)
LEITNER_DAYS = {1: 0, 2: 1, 3: 3, 4: 7, 5: 14}  # the old boxes: box -> its interval in days
UTC = dt.UTC

_scheduler = None


def scheduler():
    """The one FSRS scheduler (default parameters, no random fuzz: the same answers give
    the same schedule)."""
    global _scheduler
    if _scheduler is None:
        from fsrs import Scheduler

        _scheduler = Scheduler(enable_fuzzing=False)
    return _scheduler


def moment(when: dt.date | dt.datetime) -> dt.datetime:
    """An aware UTC time: a datetime as it is (naive ones taken as UTC), a date at its start."""
    if isinstance(when, dt.datetime):
        return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
    return dt.datetime.combine(when, dt.time(), UTC)


def _until(when: dt.date | dt.datetime) -> dt.datetime:
    """The latest moment `when` stands for: a date counts to its end (due "on or before today")."""
    if isinstance(when, dt.datetime):
        return moment(when)
    return moment(when) + dt.timedelta(days=1) - dt.timedelta(microseconds=1)


# -- cards as JSON -----------------------------------------------------------------------------
def _number(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def _time(text) -> dt.datetime:
    value = dt.datetime.fromisoformat(text)  # TypeError / ValueError when not a time
    return moment(value)


def _card(data):
    """A fsrs Card from its saved dict; ValueError/TypeError/KeyError when it is not one."""
    from fsrs import Card, State

    state = State(int(data["state"])) if type(data["state"]) is int else None
    if state is None:
        raise ValueError("state")
    step, stability, difficulty = data.get("step"), data.get("stability"), data.get("difficulty")
    if step is not None and not (type(step) is int and 0 <= step < 100):
        raise ValueError("step")
    if stability is not None and not (_number(stability) and stability > 0):
        raise ValueError("stability")
    if difficulty is not None and not (_number(difficulty) and 1 <= difficulty <= 10):
        raise ValueError("difficulty")
    if (stability is None) != (difficulty is None) or (state != State.Learning and stability is None):
        raise ValueError("stability and difficulty")
    last = data.get("last_review")
    if state == State.Review:
        step = None
    elif step is None:
        step = 0
    return Card(
        card_id=0,
        state=state,
        step=step,
        stability=None if stability is None else float(stability),
        difficulty=None if difficulty is None else float(difficulty),
        due=_time(data["due"]),
        last_review=None if last is None else _time(last),
    )


def _saved(card) -> dict:
    data = card.to_dict()
    del data["card_id"]
    return data


def _migrated_box(box: int, due: str) -> dict:
    """A Leitner box as an FSRS card due the same day: box 1 (missed, due at once) is a card
    being learnt; box k a card in review whose stability is the box's interval."""
    from fsrs import Card, State

    day = moment(dt.date.fromisoformat(due))
    if box == 1:
        return _saved(Card(card_id=0, state=State.Learning, step=0, due=day))
    days = LEITNER_DAYS[box]
    return _saved(
        Card(
            card_id=0,
            state=State.Review,
            stability=float(days),
            difficulty=5.0,
            due=day,
            last_review=day - dt.timedelta(days=days),
        )
    )


# -- repairing and migrating -------------------------------------------------------------------
def _count(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


def repair(quiz: dict) -> int:
    """Repair the quiz state in place, once, when a round starts: a hand-edited, damaged or
    old file loses only its bad entries, and Leitner boxes become cards. Returns how many
    saved questions were dropped."""
    mastery = quiz.get("mastery") if isinstance(quiz.get("mastery"), dict) else {}
    good_mastery = {}
    for topic, entry in mastery.items():
        if isinstance(topic, str) and isinstance(entry, dict):
            asked = _count(entry.get("asked"))
            good_mastery[topic] = {"right": min(_count(entry.get("right")), asked), "asked": asked}

    topics = quiz.get("topics") if isinstance(quiz.get("topics"), dict) else {}
    good_topics = {}
    for topic, data in topics.items():
        try:
            good_topics[topic] = _saved(_card(data))
        except (KeyError, TypeError, ValueError, AttributeError):
            continue

    cards = quiz.get("cards") if isinstance(quiz.get("cards"), dict) else {}
    boxes = quiz.get("boxes") if isinstance(quiz.get("boxes"), dict) else {}
    good_cards, seen = {}, 0
    for qid, entry in cards.items():
        seen += 1
        try:
            if Question.from_dict(entry["question"]).id == qid:
                good_cards[qid] = {"card": _saved(_card(entry["card"])), "question": entry["question"]}
        except (KeyError, TypeError, ValueError, AttributeError):
            continue
    for qid, entry in boxes.items():  # a file from the Leitner version (or written by one since)
        if qid in good_cards:
            continue
        seen += 1
        try:
            box = entry["box"]
            if Question.from_dict(entry["question"]).id == qid and type(box) is int and box in LEITNER_DAYS:
                good_cards[qid] = {"card": _migrated_box(box, entry["due"]), "question": entry["question"]}
        except (KeyError, TypeError, ValueError, AttributeError):
            continue
    quiz.pop("boxes", None)
    quiz["mastery"], quiz["topics"], quiz["cards"] = good_mastery, good_topics, _trimmed(good_cards)
    return seen - len(good_cards)


def _trimmed(cards: dict) -> dict:
    if len(cards) <= MAX_CARDS:
        return cards
    soonest = sorted(cards, key=lambda qid: cards[qid]["card"]["due"])[:MAX_CARDS]
    return {qid: cards[qid] for qid in soonest}


# -- answering ---------------------------------------------------------------------------------
def _review(data: dict | None, correct: bool, at: dt.datetime) -> dict:
    from fsrs import Card, Rating

    card = _card(data) if data is not None else Card(card_id=0, due=at)
    card, _ = scheduler().review_card(card, Rating.Good if correct else Rating.Again, at)
    return _saved(card)


def record(quiz: dict, question: Question, correct: bool, when: dt.date | dt.datetime) -> None:
    """Count the answer towards its topic's mastery, review the topic's card, and give a
    missed question a card (or review the one it has)."""
    at = moment(when)
    entry = quiz.setdefault("mastery", {}).setdefault(question.topic, {"right": 0, "asked": 0})
    entry["asked"] += 1
    entry["right"] += int(correct)
    topics = quiz.setdefault("topics", {})
    topics[question.topic] = _review(topics.get(question.topic), correct, at)
    cards = quiz.setdefault("cards", {})
    if question.id not in cards and correct:
        return
    saved = cards.get(question.id, {}).get("card")
    if saved is None:  # missed for the first time: a new card, answered Again
        card = _review(None, False, at)
    else:
        card = _review(saved, correct, at)
    if correct and _time(card["due"]) - at > dt.timedelta(days=KEEP_DAYS):
        del cards[question.id]
    else:
        cards[question.id] = {"card": card, "question": question.to_dict()}
        quiz["cards"] = _trimmed(cards)


# -- reading -----------------------------------------------------------------------------------
def due_questions(quiz: dict, when: dt.date | dt.datetime, topics: list[str] | None = None) -> list[Question]:
    """The missed questions due by `when` (a date: by its end), the longest due first."""
    until = _until(when)
    due = []
    for qid, entry in quiz.get("cards", {}).items():
        at = _time(entry["card"]["due"])
        if at <= until and (topics is None or entry["question"]["topic"] in topics):
            due.append((at, qid))
    due.sort()
    return [Question.from_dict(quiz["cards"][qid]["question"]) for _, qid in due]


def mastery(quiz: dict) -> dict[str, tuple[int, int]]:
    """topic -> (right, asked) over every round saved so far."""
    return {topic: (e["right"], e["asked"]) for topic, e in quiz.get("mastery", {}).items()}


def outlook(quiz: dict, when: dt.date | dt.datetime, days: float = 7.0) -> tuple[dict, dict, int]:
    """(recall now, recall `days` later, how many missed questions are due by `when`), read
    from a repaired copy: `quiz` is neither changed nor trusted."""
    quiz = dict(quiz)  # repair replaces the top-level entries, never changes the ones inside
    repair(quiz)
    return recall(quiz, when), recall(quiz, when, days), len(due_questions(quiz, when))


def recall(quiz: dict, when: dt.date | dt.datetime, days: float = 0.0) -> dict[str, float]:
    """topic -> FSRS's predicted chance of recalling it `days` after `when`, for each topic
    answered at least once (on repaired data)."""
    at = moment(when) + dt.timedelta(days=days)
    found = {}
    for topic, data in quiz.get("topics", {}).items():
        card = _card(data)
        if card.last_review is not None and card.stability is not None:
            found[topic] = float(scheduler().get_card_retrievability(card, at))
    return found
