"""Bad files on disk: the progress file and the teacher's lesson folder.

Whatever is found, the app starts, says what is wrong in a notice, keeps running and
loses nothing: a corrupt progress file is kept aside byte for byte.
"""

from __future__ import annotations

import json
import random

import pytest
from conftest import lesson_text

from nn_tutor.ui.screens import MessageScreen

GOOD = [
    dict(id="first", title="First lesson", layers="[2, 1]", activations="[sigmoid]", dataset="blobs"),
    dict(id="second", title="Second lesson"),
]
SAVED = {"version": 1, "lesson_id": "second", "completed": ["first"], "quiz": {}}


def backups(folder):
    return sorted(p for p in folder.iterdir() if p.name.startswith("progress.json.corrupt-"))


async def opens_with_a_notice(tutor, app, pilot, *words: str, keys=("space", "n", "space")):
    """The first lesson opens; a notice with `words` is listed and shown; `keys` still work."""
    # the notice comes as the app starts, for 10 s: looked for first, however slow the lesson is
    shown = await tutor.until(pilot, lambda: "progress" in (t := tutor.screen_text(app)) and t, what="the notice")
    assert "Traceback" not in shown
    screen = await tutor.lesson_screen(pilot)
    assert screen.lesson.id == "first"  # nothing usable was read: start afresh
    # (a save that fails says so: the first comes a moment after the lesson shows)
    await tutor.until(pilot, lambda: all(w in "\n".join(tutor.notices(app)) for w in words), what=f"notices {words}")
    await tutor.type_fast(pilot, keys)
    await pilot.pause()
    tutor.assert_alive(app)


# -- corrupt progress files ---------------------------------------------------------------
def binary_garbage() -> bytes:
    rng = random.Random(7)
    return bytes([0xFF, 0xFE]) + bytes(rng.randrange(256) for _ in range(300))


CORRUPT = {
    "text garbage": b"this is not JSON \x00\x01 {]",
    "an empty file": b"",
    "half a JSON document": json.dumps(SAVED).encode()[: len(json.dumps(SAVED)) // 2],
    "a JSON list": b"[1, 2, 3]",
    "completed of the wrong type": b'{"lesson_id": "second", "completed": {"first": true}}',
    "binary garbage": binary_garbage(),  # not UTF-8
    "deeply nested JSON": b"[" * 100_000,  # json.loads raises RecursionError
    # loads, but saving it again once recursed until the app froze
    "JSON nested 970 deep": b'{"quiz": {"x": ' + b"[" * 970 + b"]" * 970 + b"}}",
}


@pytest.mark.parametrize("data", list(CORRUPT.values()), ids=list(CORRUPT))
async def test_a_corrupt_progress_file_is_kept_aside_and_the_app_runs(tutor, data):
    tutor.progress_path.parent.mkdir(parents=True)
    tutor.progress_path.write_bytes(data)
    app = tutor.app(lessons_dir=tutor.lessons(*GOOD))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await opens_with_a_notice(
            tutor, app, pilot, "could not be read", "kept as progress.json.corrupt-", keys=["space", "full_stop"]
        )
        await pilot.press("q")
    assert app.return_code == 0
    kept = backups(tutor.progress_path.parent)
    assert len(kept) == 1 and kept[0].read_bytes() == data
    saved = json.loads(tutor.progress_path.read_text(encoding="utf-8"))
    assert saved["lesson_id"] == "first" and saved["completed"] == ["first"]  # its network ran: done


@pytest.mark.parametrize("kind", ["a link to /dev/zero", "a fifo", "a symlink loop"])
async def test_a_progress_file_that_is_not_a_file_is_moved_aside_and_the_app_runs(tutor, kind):
    import os

    path = tutor.progress_path
    path.parent.mkdir(parents=True)
    {
        "a link to /dev/zero": lambda: path.symlink_to("/dev/zero"),
        "a fifo": lambda: os.mkfifo(path),
        "a symlink loop": lambda: path.symlink_to(path.name),
    }[kind]()
    app = tutor.app(lessons_dir=tutor.lessons(*GOOD))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await opens_with_a_notice(tutor, app, pilot, "could not be read", "kept as progress.json.corrupt-")
        await pilot.press("q")
    assert app.return_code == 0
    assert len(backups(path.parent)) == 1
    assert path.is_file() and not path.is_symlink()
    assert json.loads(path.read_text(encoding="utf-8"))["lesson_id"] == "second"


async def test_a_symlinked_progress_file_is_written_through(tutor, tmp_path):
    target = tmp_path / "synced" / "progress.json"
    target.parent.mkdir()
    target.write_text(json.dumps(SAVED), encoding="utf-8")
    tutor.progress_path.parent.mkdir(parents=True)
    tutor.progress_path.symlink_to(target)
    app = tutor.app(lessons_dir=tutor.lessons(*GOOD))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        assert (await tutor.lesson_screen(pilot)).lesson.id == "second"
        await tutor.type_fast(pilot, ["p"])
        await tutor.lesson_screen(pilot)
        await pilot.press("q")
    assert tutor.progress_path.is_symlink()
    assert json.loads(target.read_text(encoding="utf-8"))["lesson_id"] == "first"


async def test_a_garbled_quiz_section_still_lets_the_quiz_open(tutor):
    tutor.progress_path.parent.mkdir(parents=True)
    tutor.progress_path.write_text(json.dumps({**SAVED, "quiz": {"boxes": [1, 2], "mastery": {"x": "y"}}}))
    app = tutor.app(lessons_dir=tutor.lessons(*GOOD))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        assert (await tutor.lesson_screen(pilot)).lesson.id == "second"
        await pilot.press("k")
        await tutor.wait_for(pilot, "QuizScreen")
        await tutor.type_fast(pilot, ["f3", "enter", "escape"])
        await tutor.lesson_screen(pilot)
        tutor.assert_alive(app)
        await pilot.press("q")
    assert app.return_code == 0
    saved = json.loads(tutor.progress_path.read_text(encoding="utf-8"))
    assert sum(m["asked"] for m in saved["quiz"]["mastery"].values()) == 1


# -- progress that cannot be read or written ----------------------------------------------
def permissions_are_enforced(tmp_path) -> bool:
    """False as root (or with CAP_DAC_OVERRIDE): chmod 0o500 does not stop writes then."""
    probe = tmp_path / "probe"
    probe.mkdir()
    probe.chmod(0o500)
    try:
        (probe / "x").write_text("x")
    except PermissionError:
        return True
    finally:
        probe.chmod(0o700)
    return False


async def test_a_folder_where_the_progress_file_should_be(tutor):
    tutor.progress_path.mkdir(parents=True)
    (tutor.progress_path / "keep.txt").write_text("mine")
    app = tutor.app(lessons_dir=tutor.lessons(*GOOD))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await opens_with_a_notice(tutor, app, pilot, "Could not read your progress", "will not be saved")
        await pilot.press("q")
    assert app.return_code == 0
    assert (tutor.progress_path / "keep.txt").read_text() == "mine"


async def test_a_progress_folder_that_cannot_be_written(tutor, tmp_path):
    if permissions_are_enforced(tmp_path):
        folder = tmp_path / "locked"
        folder.mkdir()
        folder.chmod(0o500)
        path = folder / "progress.json"
        words = ("will not be saved",)
    else:  # root: a folder that cannot exist, under a file
        blocker = tmp_path / "a-file"
        blocker.write_text("not a folder")
        path = blocker / "progress.json"
        words = ("Could not read your progress", "will not be saved")
    try:
        app = tutor.app(lessons_dir=tutor.lessons(*GOOD), progress_path=path)
        async with app.run_test(size=(100, 30), notifications=True) as pilot:
            await opens_with_a_notice(tutor, app, pilot, *words)
            await pilot.press("q")
        assert app.return_code == 0
        assert not path.exists()
    finally:
        if path.parent.is_dir():
            path.parent.chmod(0o700)


# -- lesson folders -----------------------------------------------------------------------
BAD_FILES = {
    "03-bad-yaml.md": "---\nid: bad-yaml\ntitle: [unclosed\n---\ntext\n",
    "04-no-front-matter.md": "# Just markdown\n",
    "05-unknown-field.md": "---\nid: unknown\ntitle: T\nsections: [a]\npanel: {layers: [2, 1], "
    "activations: [sigmoid], dataset: blobs, colour: red}\n---\ntext\n",
    "06-not-utf8.md": b"---\nid: latin\ntitle: caf\xe9\n---\n",
    "07-empty.md": "",
}


async def messages_screen(tutor, pilot) -> str:
    screen = await tutor.wait_for(pilot, MessageScreen)
    return str(screen.query_one("#message").render())


async def test_bad_lesson_files_among_good_ones_are_named_and_skipped(tutor):
    folder = tutor.lessons(*GOOD)
    for name, text in BAD_FILES.items():
        (folder / name).write_bytes(text if isinstance(text, bytes) else text.encode())
    (folder / "08-a-folder.md").mkdir()
    app = tutor.app(lessons_dir=folder)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await tutor.lesson_screen(pilot)
        # the rest of the folder is read once the first lesson shows its network
        await tutor.until(pilot, lambda: [lesson.id for lesson in app.lessons] == ["first", "second"], what="both")
        notice = "\n".join(tutor.notices(app))
        assert "6 lesson file(s) skipped" in notice and "03-bad-yaml.md" in notice and "… and 3 more" in notice
        assert f"Run `nn-tutor check-lessons {folder}` for the details." in notice
        await tutor.type_fast(pilot, ["n", "space", "t", "down", "enter"])
        await pilot.pause()
        tutor.assert_alive(app)


@pytest.mark.parametrize("kind", ["empty folder", "missing folder", "a file, not a folder", "only bad files"])
async def test_a_lesson_folder_with_nothing_to_show_says_so(tutor, tmp_path, kind):
    folder = tmp_path / "lessons"
    if kind == "empty folder":
        folder.mkdir()
    elif kind == "a file, not a folder":
        folder.write_text("lessons")
    elif kind == "only bad files":
        folder.mkdir()
        (folder / "01-bad.md").write_text("---\nid: Bad\n---\n")
    app = tutor.app(lessons_dir=folder)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        message = await messages_screen(tutor, pilot)
        assert "No lessons to show" in message and str(folder) in message
        if kind != "empty folder":
            notice = "\n".join(tutor.notices(app))
            assert "skipped" in notice
            assert {
                "missing folder": "does not exist",
                "a file, not a folder": "is not a folder",
                "only bad files": "01-bad.md",
            }[kind] in notice
        # every key with a meaning elsewhere is harmless here
        await tutor.type_fast(
            pilot,
            [
                "space",
                "full_stop",
                "r",
                "n",
                "p",
                "k",
                "t",
                "v",
                "0",
                "enter",
                "tab",
                "question_mark",
                "escape",
                "ctrl+p",
                "escape",
                "l",
                "f1",
                "up",
            ],
        )
        await pilot.pause()
        tutor.assert_alive(app)
        await pilot.press("q")
    assert app.return_code == 0


async def test_a_lesson_with_an_out_of_range_seed_is_reported_not_a_crash(tutor):
    # a seed NumPy refuses (>= 2**32) once passed the checks and stopped the app when the
    # next lesson's network was built ahead of time
    folder = tutor.lessons(GOOD[0], dict(id="big-seed", title="Big seed", seed=2**32), GOOD[1])
    app = tutor.app(lessons_dir=folder)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await tutor.lesson_screen(pilot)
        notice = await tutor.until(pilot, lambda: "\n".join(tutor.notices(app)), what="a notice")
        assert "02-big-seed.md" in notice and "panel.seed" in notice
        assert [lesson.id for lesson in app.lessons] == ["first", "second"]
        await tutor.type_fast(pilot, ["n"])
        assert (await tutor.lesson_screen(pilot)).lesson.id == "second"
        tutor.assert_alive(app)


# -- a folder holding one file of every hostile kind -----------------------------------------
@pytest.fixture
def hostile_folder(tmp_path):
    from fixtures.bad_lessons import write_bad_lessons

    return write_bad_lessons(tmp_path / "hostile")


def test_check_lessons_names_every_hostile_file_and_exits_1(hostile_folder):
    from fixtures.bad_lessons import BAD_KINDS

    run = run_cli("check-lessons", str(hostile_folder))  # a fifo once blocked here for good
    assert run.returncode == 1 and "Traceback" not in run.stderr
    lines = run.stdout.splitlines()
    assert lines[-1] == f"{len(BAD_KINDS)} problems found"
    for name, (field, _) in BAD_KINDS.items():
        assert any(name in line and f": {field}: " in line for line in lines), name
    assert not any(c in run.stdout for c in "\x1b\x07\x9b")


async def test_the_app_opens_a_good_lesson_beside_every_hostile_file(tutor, hostile_folder):
    from fixtures.bad_lessons import BAD_KINDS, GOOD_IDS

    app = tutor.app(lessons_dir=hostile_folder)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        screen = await tutor.lesson_screen(pilot)
        assert screen.lesson.id == GOOD_IDS[0]
        # the rest of the folder is read once the first lesson shows its network
        await tutor.until(pilot, lambda: [lesson.id for lesson in app.lessons] == GOOD_IDS, what="every good lesson")
        notice = "\n".join(tutor.notices(app))
        assert f"{len(BAD_KINDS)} lesson file(s) skipped" in notice and "02-nested-title.md" in notice
        assert f"check-lessons {hostile_folder}" in notice
        assert not any(c in notice for c in "\x1b\x07\x9b")
        await tutor.type_fast(pilot, ["space", "n", "space", "t"])
        await tutor.wait_for(pilot, "TocScreen")
        await tutor.type_fast(pilot, ["up", "enter"])
        await tutor.lesson_screen(pilot, GOOD_IDS[0])
        tutor.assert_alive(app)
        # keys typed this fast may reach the lesson before the lessons list opens, leaving
        # it open; q does not quit from the list, so it is closed first
        await pilot.press("escape", "q")
    assert app.return_code == 0


# -- a teacher's text with characters that look like Textual markup ------------------------
# shown as plain text everywhere (it once raised MarkupError in the contents, the
# palette's search worker and the start-up notice)
MARKUP_TITLE = '"Shapes [m, n] and [/] closing tags [/bold]"'  # quoted for YAML


async def test_a_title_with_markup_characters_in_the_table_of_contents(tutor):
    app = tutor.app(lessons_dir=tutor.lessons(dict(GOOD[0], title=MARKUP_TITLE), GOOD[1]))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await tutor.lesson_screen(pilot)
        assert "[/]" in screen.lesson.title and "[/]" in tutor.static_text(screen)  # the title bar is fine
        await tutor.type_fast(pilot, ["t"])
        await tutor.wait_for(pilot, "TocScreen")
        assert "closing tags [/bold]" in tutor.screen_text(app)


async def test_a_title_with_markup_characters_in_the_command_palette(tutor):
    app = tutor.app(lessons_dir=tutor.lessons(dict(GOOD[0], title=MARKUP_TITLE), GOOD[1]))
    async with app.run_test(size=(100, 30)) as pilot:
        await tutor.lesson_screen(pilot)
        await tutor.type_fast(pilot, ["ctrl+p"])
        await tutor.wait_for(pilot, "CommandPalette")
        await tutor.type_fast(pilot, "shapes")
        await tutor.until(pilot, lambda: "Shapes" in tutor.screen_text(app), what="the palette's hit")


async def test_a_notice_quoting_markup_characters(tutor):
    folder = tutor.lessons(*GOOD)
    (folder / "03-bad-id.md").write_text(lesson_text(id='"x[/]"', title="Bad id"), encoding="utf-8")
    app = tutor.app(lessons_dir=folder)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await tutor.lesson_screen(pilot)
        await tutor.until(pilot, lambda: "x[/]" in "\n".join(tutor.notices(app)), what="the notice")
        await pilot.pause()
        tutor.assert_alive(app)


# -- links in a lesson ----------------------------------------------------------------------
async def test_a_click_on_a_link_opens_only_web_addresses(tutor, monkeypatch):
    opened = []
    app = tutor.app(lessons_dir=tutor.lessons(*GOOD))
    monkeypatch.setattr(app, "open_url", lambda url, **kwargs: opened.append(url))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        screen = await tutor.lesson_screen(pilot)
        text = screen.query_one("#lesson-text")
        for href in (
            "javascript:alert(1)",
            "file:///etc/passwd",
            "data:text/html,hi",
            "../../secret.md",
            "mailto:a@b.c",
            "https://example.com/a",
            "#a-short-lesson",
        ):
            await text.run_action(f"link({href!r})")  # what a click on a link in the text does
        notices = await tutor.until(
            pilot, lambda: "mailto:" in (n := "\n".join(tutor.notices(app))) and n, what="the notices"
        )
        assert opened == ["https://example.com/a"]
        for href in ("javascript:alert(1)", "file:///etc/passwd", "data:text/html,hi", "../../secret.md", "mailto:"):
            assert f"Not opened: {href}" in notices
        tutor.assert_alive(app)


# -- the command line without a terminal ----------------------------------------------------
def run_cli(*args, env_extra=None, timeout=60):
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "TEXTUAL_DRIVER"}
    return subprocess.run(
        [sys.executable, "-m", "nn_tutor", *args],
        env={**env, **(env_extra or {})},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.mark.parametrize("args", [[], ["quiz"], ["--lessons", "nowhere"]], ids=["tutor", "quiz", "lessons"])
def test_the_tutor_without_a_terminal_says_so_and_exits(tutor, args):
    run = run_cli(*args, env_extra={"NN_TUTOR_DATA_DIR": str(tutor.tmp_path / "data")})
    assert run.returncode == 1
    assert "needs a terminal" in run.stderr and "nn-tutor train" in run.stderr
    assert run.stdout == ""  # no escape codes written to a pipe


def test_commands_that_need_no_terminal_still_run_without_one(tutor):
    assert run_cli("check-lessons").returncode == 0
    run = run_cli("train", "--iterations", "10", "--json")
    assert run.returncode == 0 and '"iterations": 10' in run.stdout


def saved_progress(tutor):
    tutor.progress_path.parent.mkdir(parents=True, exist_ok=True)
    tutor.progress_path.write_text(json.dumps(SAVED), encoding="utf-8")


def test_reset_progress_without_a_terminal_needs_yes(tutor):
    saved_progress(tutor)
    run = run_cli("--reset-progress")
    assert run.returncode == 1 and "--yes" in run.stderr
    assert json.loads(tutor.progress_path.read_text(encoding="utf-8")) == SAVED  # kept
    run = run_cli("--reset-progress", "--yes")
    assert run.returncode == 0 and "Progress forgotten" in run.stdout
    assert json.loads(tutor.progress_path.read_text(encoding="utf-8"))["completed"] == []


@pytest.mark.parametrize(("answer", "forgotten"), [("y", True), ("yes", True), ("n", False), ("", False)])
def test_reset_progress_in_a_terminal_asks_first(tutor, monkeypatch, capsys, answer, forgotten):
    from nn_tutor.cli import main

    saved_progress(tutor)
    monkeypatch.delenv("TEXTUAL_DRIVER", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    questions = []
    monkeypatch.setattr("builtins.input", lambda prompt: questions.append(prompt) or answer)
    assert main(["--reset-progress"]) == 0  # stdout is not a terminal here: the tutor does not open
    assert "1 lesson completed, at lesson second" in questions[0] and questions[0].endswith("[y/N] ")
    completed = json.loads(tutor.progress_path.read_text(encoding="utf-8"))["completed"]
    assert completed == ([] if forgotten else ["first"])
    assert ("Progress forgotten" if forgotten else "Nothing forgotten") in capsys.readouterr().out
