"""Quiz review by FSRS: a failed card comes back sooner than a passed one, intervals grow
with passes, recall is predicted per topic, and a progress file written by the Leitner
version (tests/fixtures/progress-leitner.json) opens with its history kept."""

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from nn_tutor.progress import Progress
from nn_tutor.quiz import review
from nn_tutor.quiz.round import start_round
from nn_tutor.quiz.topics import GENERATORS

UTC = dt.UTC
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
LEITNER_FILE = Path(__file__).parent / "fixtures" / "progress-leitner.json"


def sigmoid_at(z):
    return GENERATORS["sigmoid"].question({"given": "z", "value": z})


def due_of(quiz, question):
    return dt.datetime.fromisoformat(quiz["cards"][question.id]["card"]["due"])


def test_a_failed_card_comes_back_sooner_than_a_passed_one():
    passed, failed = {}, {}
    question = sigmoid_at(1.0)
    for quiz in (passed, failed):
        review.record(quiz, question, False, START)  # missed once: both have a card
        review.record(quiz, question, True, START + dt.timedelta(minutes=1))
        review.record(quiz, question, True, START + dt.timedelta(minutes=15))
    later = START + dt.timedelta(days=3)
    review.record(passed, question, True, later)
    review.record(failed, question, False, later)
    assert due_of(failed, question) - later < dt.timedelta(hours=1)
    assert due_of(passed, question) - later >= dt.timedelta(days=2)
    soon = later + dt.timedelta(hours=1)
    assert review.due_questions(failed, soon) == [question] and review.due_questions(passed, soon) == []
    # and the topic's predicted recall says so too
    assert review.outlook(failed, later)[1]["sigmoid"] < review.outlook(passed, later)[1]["sigmoid"]


def test_intervals_grow_with_passes():
    quiz, question = {}, sigmoid_at(2.0)
    review.record(quiz, question, False, START)
    at, intervals = START, []
    while question.id in quiz["cards"]:
        at = max(at, due_of(quiz, question))  # answered right each time it is due
        review.record(quiz, question, True, at)
        if question.id in quiz["cards"]:
            intervals.append(due_of(quiz, question) - at)
    assert len(intervals) >= 3
    assert all(later > earlier for earlier, later in zip(intervals, intervals[1:])), intervals
    assert intervals[-1] > dt.timedelta(days=7)


def test_recall_falls_with_time_and_rises_with_passes():
    quiz = {}
    review.record(quiz, sigmoid_at(0.0), True, START)
    review.record(quiz, sigmoid_at(1.0), True, START + dt.timedelta(days=1))
    now, week, due = review.outlook(quiz, START + dt.timedelta(days=1))
    assert set(now) == {"sigmoid"} and 0 < week["sigmoid"] < now["sigmoid"] <= 1 and due == 0
    review.record(quiz, sigmoid_at(2.0), True, START + dt.timedelta(days=4))
    assert review.outlook(quiz, START + dt.timedelta(days=4))[1]["sigmoid"] > week["sigmoid"]
    assert review.outlook({}, START) == ({}, {}, 0)


def test_the_schedule_is_the_same_for_the_same_answers():
    runs = []
    for _ in range(2):
        quiz = {}
        for minutes, correct in ((0, False), (1, True), (20, True), (3000, True)):
            review.record(quiz, sigmoid_at(1.0), correct, START + dt.timedelta(minutes=minutes))
        runs.append(json.dumps(quiz, sort_keys=True))
    assert runs[0] == runs[1]


def test_a_progress_file_of_the_leitner_version_keeps_its_history(tmp_path):
    path = tmp_path / "progress.json"
    shutil.copy(LEITNER_FILE, path)
    old = json.loads(LEITNER_FILE.read_text(encoding="utf-8"))
    boxes = old["quiz"]["boxes"]
    progress = Progress.load(path)
    assert progress.notice == "" and progress.completed == set(old["completed"])
    day = dt.date(2026, 3, 2)
    session = start_round(None, count=10, review=True, progress=progress, today=day)
    assert session.notice == ""
    # the missed questions (box 1, due that day) are asked; the one in box 3 waits until its day
    box_one = {qid for qid, entry in boxes.items() if entry["box"] == 1}
    assert {q.id for q in session.questions} == box_one
    later = [qid for qid, entry in boxes.items() if entry["box"] > 1]
    assert later and all(q.id not in later for q in session.questions)
    waiting = dt.date.fromisoformat(boxes[later[0]]["due"])
    assert {q.id for q in review.due_questions(progress.quiz, waiting)} == box_one | set(later)
    assert {q.id for q in review.due_questions(progress.quiz, waiting - dt.timedelta(days=1))} == box_one
    # mastery counts are kept, and the file saved afterwards has cards, not boxes
    assert progress.quiz["mastery"] == old["quiz"]["mastery"]
    session.answer(session.current.answer_text)
    saved = json.loads(path.read_text(encoding="utf-8"))["quiz"]
    assert "boxes" not in saved and set(saved["cards"]) == set(boxes)
    assert (
        saved["mastery"][session.questions[0].topic]["asked"]
        == old["quiz"]["mastery"][session.questions[0].topic]["asked"] + 1
    )


def test_a_box_written_again_by_the_old_version_is_taken_in_once():
    question, other = sigmoid_at(1.0), sigmoid_at(3.0)
    quiz = {}
    review.record(quiz, question, False, START)
    quiz["boxes"] = {
        other.id: {"box": 2, "due": "2026-03-03", "question": other.to_dict()},
        question.id: {"box": 4, "due": "2026-04-01", "question": question.to_dict()},
    }
    kept = json.dumps(quiz["cards"][question.id])
    assert review.repair(quiz) == 0
    assert set(quiz["cards"]) == {question.id, other.id} and json.dumps(quiz["cards"][question.id]) == kept
    assert review.repair(quiz) == 0 and "boxes" not in quiz


@pytest.mark.parametrize(
    "card",
    [
        {
            "state": 9,
            "step": 0,
            "stability": 1,
            "difficulty": 5,
            "due": "2026-03-02T00:00:00+00:00",
            "last_review": None,
        },
        {
            "state": 2,
            "step": None,
            "stability": -1,
            "difficulty": 5,
            "due": "2026-03-02T00:00:00+00:00",
            "last_review": None,
        },
        {"state": 2, "step": None, "stability": 1e400, "difficulty": 5, "due": "2026-03-02", "last_review": None},
        {"state": 2, "step": None, "stability": 2, "difficulty": 50, "due": "2026-03-02", "last_review": None},
        {"state": True, "step": 0, "stability": None, "difficulty": None, "due": "x", "last_review": None},
        {"state": 1, "step": "0", "stability": None, "difficulty": None, "due": "2026-03-02", "last_review": None},
        {"state": 1, "step": 0, "stability": None, "difficulty": None, "due": 5, "last_review": None},
        "card",
        [],
        None,
    ],
)
def test_a_damaged_card_is_dropped_and_the_rest_kept(card):
    good, bad = sigmoid_at(1.0), sigmoid_at(2.0)
    quiz = {}
    review.record(quiz, good, False, START)
    quiz["cards"][bad.id] = {"card": card, "question": bad.to_dict()}
    quiz["topics"]["tanh"] = card
    assert review.repair(quiz) == 1
    assert list(quiz["cards"]) == [good.id] and list(quiz["topics"]) == ["sigmoid"]
    assert review.recall(quiz, START) and review.due_questions(quiz, START + dt.timedelta(hours=1)) == [good]


def test_recall_reads_a_damaged_record_without_changing_it():
    quiz = {"topics": {"sigmoid": {"state": 2}}, "boxes": "x", "cards": {"a": 1}}
    before = json.dumps(quiz)
    assert review.outlook(quiz, START) == ({}, {}, 0)
    assert json.dumps(quiz) == before


def test_the_cards_kept_are_bounded():
    quiz = {}
    for i in range(review.MAX_CARDS + 20):
        review.record(quiz, sigmoid_at(0.01 * i), False, START + dt.timedelta(seconds=i))
    assert len(quiz["cards"]) == review.MAX_CARDS
