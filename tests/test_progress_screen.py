"""The progress screen (o from any lesson) and `nn-tutor progress [--json]`: lessons done,
exercises passed per lesson, quiz recall now and in a week, what next; snapshots at 80x24
and 120x40 in both themes."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from types import SimpleNamespace

import pytest
from conftest import THREE_LESSONS

from nn_tutor.facts import learner_facts, what_next
from nn_tutor.progress import Progress
from nn_tutor.quiz import review
from nn_tutor.quiz.topics import GENERATORS

UTC = dt.UTC
NOW = dt.datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
LESSONS = [(lesson["id"], lesson["title"]) for lesson in THREE_LESSONS]
EXERCISES = [("sigmoid", "one-unit"), ("forward", "two-layers"), ("backward", "two-layers"), ("update", "deep")]


def question(topic, **params):
    return GENERATORS[topic].question(params)


def sample_progress(path) -> Progress:
    """A learner three days into the course: one lesson done, two exercises passed (one failing),
    sigmoid answered right often, tanh missed lately, and one missed question due."""
    progress = Progress.load(path)
    progress.completed = {"one-unit"}
    progress.lesson_id = "two-layers"
    progress.seconds = 3 * 3600 + 5 * 60
    progress.record_checks(
        [
            SimpleNamespace(name="sigmoid", status="passed", message="passed"),
            SimpleNamespace(name="forward", status="passed", message="passed"),
            SimpleNamespace(name="backward", status="failed", message="dW1 has the wrong shape"),
        ]
    )
    quiz = progress.quiz
    for day, z in ((0, 0.0), (1, 1.0), (3, 2.0)):
        review.record(quiz, question("sigmoid", given="z", value=z), True, NOW - dt.timedelta(days=8 - day))
    review.record(quiz, question("tanh", given="z", value=0.5), True, NOW - dt.timedelta(days=6))
    review.record(quiz, question("tanh", given="z", value=1.5), False, NOW - dt.timedelta(days=1))
    return progress


def test_the_facts_count_lessons_exercises_and_recall(tmp_path):
    facts = learner_facts(sample_progress(tmp_path / "progress.json"), LESSONS, NOW, EXERCISES)
    assert (facts["lessons"]["done"], facts["lessons"]["total"]) == (1, 3)
    assert (facts["exercises"]["passed"], facts["exercises"]["total"]) == (2, 4)
    assert [(e["lesson"], e["passed"], e["total"]) for e in facts["exercises"]["by_lesson"]] == [
        ("one-unit", 1, 1),
        ("two-layers", 1, 2),
        ("deep", 0, 1),
    ]
    topics = {t["topic"]: t for t in facts["quiz"]["topics"]}
    assert set(topics) == {"sigmoid", "tanh"}
    assert topics["sigmoid"]["recall_now"] > topics["tanh"]["recall_now"]
    for t in topics.values():
        assert 0 < t["recall_week"] < t["recall_now"] <= 1
    assert facts["quiz"]["due"] == 1
    assert facts["next"]["lesson"]["id"] == "two-layers"
    assert facts["next"]["exercise"] == {"name": "backward", "status": "failed", "message": "dW1 has the wrong shape"}
    steps = what_next(facts)
    assert steps[0].startswith("1 quiz question(s) due") and "Two layers" in "\n".join(steps)
    assert json.loads(json.dumps(facts)) == facts


def test_nothing_done_yet_says_where_to_start(tmp_path):
    facts = learner_facts(Progress.load(tmp_path / "progress.json"), LESSONS, NOW, EXERCISES)
    assert facts["quiz"] == {"due": 0, "topics": []} and facts["lessons"]["done"] == 0
    assert what_next(facts) == ["Next lesson: One unit", "Exercises: write sigmoid"]


def run_cli(tmp_path, *args):
    env = dict(os.environ, NN_TUTOR_DATA_DIR=str(tmp_path), NO_COLOR="1")
    return subprocess.run(
        [sys.executable, "-m", "nn_tutor", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        stdin=subprocess.DEVNULL,
    )


def test_progress_json_prints_the_facts_on_its_last_line(tmp_path):
    progress = sample_progress(tmp_path / "progress.json")
    assert progress.save()
    result = run_cli(tmp_path, "progress", "--json")
    assert result.returncode == 0, result.stderr
    facts = json.loads(result.stdout.strip().splitlines()[-1])
    assert facts["lessons"]["done"] == 0 and facts["lessons"]["total"] >= 20  # the shipped lessons
    assert {t["topic"] for t in facts["quiz"]["topics"]} == {"sigmoid", "tanh"}
    assert facts["exercises"]["passed"] == 2 and facts["seconds"] >= 3 * 3600 + 5 * 60
    assert {"reviews_due", "lesson", "exercise"} <= set(facts["next"])

    text = run_cli(tmp_path, "progress")
    assert text.returncode == 0 and "\x1b[" not in text.stdout
    for words in (
        "Exercises passed per lesson",
        "chance of recalling",
        "sigmoid",
        "in a week",
        "What next:",
        "Time in the tutor: 3 h 05 min",
    ):
        assert words in text.stdout, text.stdout


def test_progress_of_a_damaged_file_says_so_and_still_answers(tmp_path):
    (tmp_path / "progress.json").write_text('{"quiz": {"topics": {"x": {"state": "?"}}, "mastery": 5}}')
    result = run_cli(tmp_path, "progress", "--json")
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert json.loads(result.stdout.splitlines()[-1])["quiz"]["topics"] == []
    (tmp_path / "progress.json").write_text("not json")
    result = run_cli(tmp_path, "progress")
    assert result.returncode == 0 and "could not be read" in result.stderr


async def test_o_opens_the_progress_screen_from_a_lesson_and_esc_goes_back(tutor):
    sample_progress(tutor.progress_path).save()
    app = tutor.three_lessons()
    async with app.run_test(size=(120, 40)) as pilot:
        lesson = await tutor.lesson_screen(pilot)
        await pilot.press("o")
        screen = await tutor.wait_for(pilot, "ProgressScreen")
        text = tutor.screen_text(app)
        for words in (
            "Your progress",
            "Lessons: 1 of 3 done",
            "What next",
            "Next lesson: Two layers",
            "chance of recalling",
            "sigmoid",
            "in a week",
        ):
            assert words in text, text
        assert screen.query_one("#recall-chart") and not screen.query_one("#progress-charts").has_class("-stacked")
        await pilot.press("escape")
        assert app.screen is lesson
        await pilot.press("question_mark")
        help_screen = await tutor.wait_for(pilot, "HelpScreen")
        listed = [(b.key, b.tooltip) for _, keys in help_screen.sections for b in keys]
        assert ("o", "Your progress: lessons done, exercises passed, quiz recall, what next.") in listed


@pytest.fixture
def on_progress(tutor):
    def make(theme):
        sample_progress(tutor.progress_path).save()
        app = tutor.three_lessons()

        async def run_before(pilot):
            from nn_tutor.ui.progress_screen import ProgressScreen

            await tutor.lesson_screen(pilot)
            app.theme = theme
            app.push_screen(ProgressScreen(app.progress, LESSONS, now=NOW, exercises=EXERCISES))
            await tutor.wait_for(pilot, ProgressScreen)
            await pilot.pause(0.2)

        return app, run_before

    return make


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_progress_screen_snapshot(snap_compare, on_progress, size, theme):
    app, run_before = on_progress(theme)
    assert snap_compare(app, terminal_size=size, run_before=run_before)
