"""Key fuzzing: thousands of seeded random keys on every screen, and the app keeps running.

Keys are drawn with a fixed `random.Random` from the app's own bindings plus letters,
digits, punctuation, arrows, tab, enter, escape, space, backspace, F-keys and ctrl+p.
They are sent as a fast typist would (`Tutor.type_fast`: no wait for idle between keys,
one after each batch of 50). The keys that quit (q, ctrl+q, ctrl+c) are left out; the command
palette can still choose "Quit", so `action_quit` only counts while fuzzing and the real
quit is pressed at the end.
"""

from __future__ import annotations

import json
import random
import string
import time

import pytest
from textual.command import CommandPalette

from nn_tutor.ui.app import TutorApp
from nn_tutor.ui.lesson_screen import LessonScreen
from nn_tutor.ui.quiz_screen import QuizScreen
from nn_tutor.ui.screens import HelpScreen, TocScreen

SEED = 20240611
BATCH = 50
QUIT_KEYS = {"q", "ctrl+q", "ctrl+c"}

# every kind of view, a mini-batch, and a comparison that includes a diverging rate
FUZZ_LESSONS = [
    dict(
        id="one-unit",
        title="Fuzz one unit",
        section="computation graph",
        layers="[2, 1]",
        activations="[sigmoid]",
        dataset="blobs",
        views="[boundary, activation, graph, cost]",
    ),
    dict(
        id="deep",
        title="Fuzz deep",
        layers="[2, 3, 3, 1]",
        activations="[tanh, relu, sigmoid]",
        dataset="moons",
        lr=0.5,
        views="[gradient_norms, symmetry, gradcheck, loss_shape, gradients]",
    ),
    dict(
        id="compare-rates",
        title="Fuzz compare",
        layers="[2, 3, 1]",
        views="[cost, compare, forward]",
        extra="  compare:\n    field: learning_rate\n    values: [0.1, 1.2, 30]\n    iterations: 60\n",
    ),
    dict(
        id="sgd",
        title="Fuzz minibatch",
        layers="[2, 4, 1]",
        dataset="circles",
        views="[forward, boundary, gradients, cost]",
        extra="  batch: 16\n",
    ),
]


def binding_keys(*owners) -> list[str]:
    keys = []
    for owner in owners:
        for binding in owner.BINDINGS:
            keys += [k.strip() for k in binding.key.split(",")]
    return sorted(set(keys) - QUIT_KEYS)


LESSON_KEYS = binding_keys(LessonScreen)
APP_KEYS = binding_keys(TutorApp)  # t ? l (q and ctrl+q left out)
LETTERS = [c for c in string.ascii_letters if c != "q"]
DIGITS = list(string.digits)
PUNCTUATION = list("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
ARROWS = ["up", "down", "left", "right"]
PAGING = ["home", "end", "pageup", "pagedown"]
EDITING = ["enter", "escape", "space", "backspace", "delete", "tab", "shift+tab"]
F_KEYS = [f"f{i}" for i in range(1, 13)]
EVERY_KEY = sorted(
    set(LESSON_KEYS + APP_KEYS + LETTERS + DIGITS + PUNCTUATION + ARROWS + PAGING + EDITING + F_KEYS + ["ctrl+p"])
    - QUIT_KEYS
)
# Keys that rebuild a screen, restyle the app or move focus (which restyles every
# ancestor) cost 0.1-1 s each; they are drawn rarely so that the fuzz stays quick.
SLOW_KEYS = {"tab", "shift+tab", "l", "n", "p", "t", "k", "question_mark", "?", "ctrl+p", "a", "i", "d", "v", "escape"}


def pool(*groups, boost=(), rare=(), rare_weight=0.1):
    """(keys, weights): every key of the groups; `boost` keys drawn 3 times as often,
    slow and `rare` ones `rare_weight` times as often."""
    keys = sorted(set().union(*groups) - QUIT_KEYS)
    weights = [rare_weight if (k in SLOW_KEYS or k in rare) else 3.0 if k in boost else 1.0 for k in keys]
    return keys, weights


POOLS = {
    # the lesson screen's own keys most of the time, everything else now and then
    "lesson": pool(
        LESSON_KEYS,
        LETTERS,
        DIGITS,
        PUNCTUATION,
        ARROWS,
        PAGING,
        EDITING,
        F_KEYS,
        APP_KEYS,
        ["ctrl+p"],
        boost=LESSON_KEYS,
        rare=("r", "s"),
        rare_weight=0.15,
    ),
    # typing answers: characters of formulas, enter to check, F2/F3, some navigation
    "quiz": pool(
        LETTERS, DIGITS, PUNCTUATION, ARROWS, PAGING, EDITING, F_KEYS, rare=("enter", "f2", "f3"), rare_weight=0.3
    ),
    "help": pool(ARROWS, PAGING, LETTERS, DIGITS, PUNCTUATION, EDITING, F_KEYS, ["ctrl+p"], APP_KEYS),
    "contents": pool(
        ARROWS, PAGING, LETTERS, DIGITS, PUNCTUATION, EDITING, F_KEYS, APP_KEYS, ["ctrl+p"], rare=("enter",)
    ),
    "palette": pool(
        LETTERS, DIGITS, PUNCTUATION, ARROWS, PAGING, EDITING, F_KEYS, ["ctrl+p"], rare=("enter",), rare_weight=0.2
    ),
    "anywhere": pool(EVERY_KEY),
}
# screen name -> (how to open it from a lesson, the screen class)
OPEN = {
    "lesson": (None, LessonScreen),
    "quiz": ("k", QuizScreen),
    "help": ("question_mark", HelpScreen),
    "contents": ("t", TocScreen),
    "palette": ("ctrl+p", CommandPalette),
}
# (screen, keys sent there), in two parts with an app each, so that they can run side by side
PLANS = {
    "lesson": [("lesson", 900), ("anywhere", 300)],
    "dialogs": [("quiz", 450), ("help", 250), ("contents", 250), ("palette", 350)],
}


async def back_to_a_lesson(t, pilot) -> LessonScreen:
    """Close whatever is on top (escape, as a learner would) until a lesson shows."""
    app = pilot.app
    for _ in range(8):
        if isinstance(app.screen, LessonScreen):
            break
        await pilot.press("escape")
    if not isinstance(app.screen, LessonScreen):
        app.goto_lesson(app.index)
    return await t.lesson_screen(pilot)


async def open_screen(t, pilot, name: str) -> None:
    key, screen_type = OPEN[name]
    if isinstance(pilot.app.screen, screen_type):
        return
    await back_to_a_lesson(t, pilot)
    if key is not None:
        await pilot.press(key)
        await t.wait_for(pilot, screen_type)


async def stop_training(t, pilot) -> None:
    pilot.app.session.pause()
    await t.until(
        pilot, lambda: not (pilot.app.session.latest and pilot.app.session.latest.running), what="training to pause"
    )


@pytest.mark.slow
@pytest.mark.parametrize("part", PLANS)
async def test_thousands_of_random_keys_on_every_screen(tutor, part):
    folder = tutor.lessons(*FUZZ_LESSONS)
    app = tutor.app(lessons_dir=folder)
    quits = []
    plan = PLANS[part]
    rng = random.Random(f"{SEED}-{part}")
    counts = {name: 0 for name, *_ in plan}
    async with app.run_test(size=(100, 32), notifications=True) as pilot:
        await tutor.lesson_screen(pilot)
        app.action_quit = lambda: quits.append(app.screen)  # the palette's "Quit"
        app.deliver_screenshot = lambda *a, **k: None  # the palette's "Screenshot"
        for name, total in plan:
            began = time.perf_counter()
            keys, weights = POOLS[name]
            for start in range(0, total, BATCH):
                if name != "anywhere":
                    await open_screen(tutor, pilot, name)
                batch = rng.choices(keys, weights, k=min(BATCH, total - start))
                await tutor.type_fast(pilot, batch)
                counts[name] += len(batch)
            await stop_training(tutor, pilot)
            tutor.assert_alive(app)
            print(f"{name}: {counts[name]} keys in {time.perf_counter() - began:.1f} s")  # shown on failure

        # the deliberate end: q on a lesson saves and quits
        del app.action_quit
        await back_to_a_lesson(tutor, pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
    assert counts == dict(plan), counts
    saved = json.loads(tutor.progress_path.read_text(encoding="utf-8"))
    assert saved["lesson_id"] in {f["id"] for f in FUZZ_LESSONS}
