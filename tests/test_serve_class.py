"""`nn-tutor serve` for a class (an address other than loopback): each tab types a name and
gets a folder of its own, the exercises workspace stays in it, the learner's code runs only
with --allow-code, and an idle tab is closed. Servers here listen on 0.0.0.0 (every
interface) and are reached through 127.0.0.1.
"""

import asyncio
import json
import time

import pytest
from test_serve import (
    SESSION_TIMEOUT,
    Served,
    children,
    eventually,
    first_lesson_word,
    gone,
    terminal_text,
)

from nn_tutor.serve import learner
from nn_tutor.serve.namescreen import _edit

aiohttp = pytest.importorskip("aiohttp")


async def read_screen(ws, done, timeout=SESSION_TIMEOUT):
    """The tab's screen text once done(text) holds (or timeout passes, or the socket closes)."""
    raw = b""
    try:
        async with asyncio.timeout(timeout):
            while not done(terminal_text(raw)):
                message = await ws.receive()
                if message.type == aiohttp.WSMsgType.BINARY:
                    raw += message.data
                elif message.type != aiohttp.WSMsgType.TEXT:
                    break
    except TimeoutError:
        pass
    return terminal_text(raw)


async def type_keys(ws, text):
    await ws.send_json(["stdin", text])


@pytest.fixture
def classroom(tmp_path, request):
    server = Served(tmp_path, "--host", "0.0.0.0", *getattr(request, "param", ()))
    try:
        server.wait_ready()
        yield server
    finally:
        server.close()


async def sign_in(session, server, name):
    """A tab that typed `name` on the first screen and shows the first lesson."""
    ws = await session.ws_connect(f"ws://127.0.0.1:{server.port}/ws?width=120&height=40", max_msg_size=0)
    text = await read_screen(ws, lambda t: "Your name:" in t)
    assert "no password" in text and "Your name:" in text, text
    await type_keys(ws, name + "\r")
    word = first_lesson_word()
    text = await read_screen(ws, lambda t: word in t)
    assert word in text, f"{name}: no first lesson:\n{text[-1500:]}\n{server.output()[-2000:]}"
    return ws


@pytest.mark.parametrize("classroom", [("--allow-code",)], indirect=True)
async def test_two_names_get_separate_progress_and_workspaces(classroom, tmp_path):
    learners = tmp_path / "data" / learner.LEARNERS
    assert "gets a folder of their own" in classroom.output() and "Exercises are ON" in classroom.output()
    async with aiohttp.ClientSession() as session:
        alice = await sign_in(session, classroom, "Alice Smith")
        bob = await sign_in(session, classroom, "bob")
        for ws in (alice, bob):
            await type_keys(ws, "e")  # the exercises: the offer to make a workspace, then enter
            await read_screen(ws, lambda t: "workspace" in t)
            await type_keys(ws, "\r")
        for name in ("alice-smith", "bob"):
            network = learners / name / learner.WORKSPACE / "network.py"
            assert await eventually(network.is_file, SESSION_TIMEOUT), (name, classroom.output()[-2000:])
            saved = learners / name / "progress.json"
            assert await eventually(
                lambda: saved.is_file() and json.loads(saved.read_text()).get("workspace"), SESSION_TIMEOUT
            )
            assert json.loads(saved.read_text())["workspace"] == str((learners / name / "exercises").resolve())
        await alice.close()
        await bob.close()
    assert sorted(p.name for p in learners.iterdir()) == ["alice-smith", "bob"]
    assert not (tmp_path / "data" / "progress.json").exists()  # the server's own progress is left alone


async def test_without_allow_code_the_exercises_say_why_they_are_off(classroom, tmp_path):
    assert "Exercises are off" in classroom.output()
    async with aiohttp.ClientSession() as session:
        ws = await sign_in(session, classroom, "carol")
        await type_keys(ws, "e")
        text = await read_screen(ws, lambda t: "off on this server" in t)
        assert "Exercises: off on this server" in text and "--allow-code" in text, text[-1500:]
        await ws.close()
    carol = tmp_path / "data" / learner.LEARNERS / "carol"
    # written a second after the lesson shows, or as her tutor quits once the tab is closed
    assert await eventually((carol / "progress.json").is_file, SESSION_TIMEOUT), classroom.output()[-2000:]
    assert not (carol / learner.WORKSPACE).exists()


async def test_a_name_without_letters_is_asked_again(classroom):
    async with aiohttp.ClientSession() as session:
        ws = await session.ws_connect(f"ws://127.0.0.1:{classroom.port}/ws", max_msg_size=0)
        await read_screen(ws, lambda t: "Your name:" in t)
        await type_keys(ws, "../..\r")
        text = await read_screen(ws, lambda t: "at least one letter" in t)
        assert "at least one letter or digit" in text
        assert children(classroom.proc.pid) == []  # no tutor started for it
        await ws.close()


async def test_an_idle_tab_is_closed_and_its_tutor_ended(tmp_path):
    server = Served(tmp_path, "--idle-minutes", "0.1")  # 6 s
    try:
        server.wait_ready()
        async with aiohttp.ClientSession() as session:
            ws = await session.ws_connect(f"ws://127.0.0.1:{server.port}/ws", max_msg_size=0)

            async def busy():  # a learner resizing the window: not idle while the tutor loads
                while True:
                    await ws.send_json(["resize", {"width": 80, "height": 24}])
                    await asyncio.sleep(1)

            typing = asyncio.create_task(busy())
            word = first_lesson_word()
            try:
                assert word in await read_screen(ws, lambda t: word in t)
            finally:
                typing.cancel()
            tutors = children(server.proc.pid)
            assert len(tutors) == 1
            started = time.monotonic()
            text = await read_screen(ws, lambda t: "was idle" in t)
            assert "was idle for 0.1 minutes" in text
            assert (await ws.receive(timeout=SESSION_TIMEOUT)).type in (
                aiohttp.WSMsgType.CLOSE,
                aiohttp.WSMsgType.CLOSED,
                aiohttp.WSMsgType.CLOSING,
            )
            assert time.monotonic() - started < 25
            assert await eventually(lambda: gone(tutors[0]), SESSION_TIMEOUT)
    finally:
        server.close()


# ---------------------------------------------------------------- names and folders


@pytest.mark.parametrize(
    "typed, folder",
    [
        ("Alice", "alice"),
        ("  Alice  Smith ", "alice-smith"),
        ("../../etc", "etc"),
        ("a/b\\c", "a-b-c"),
        ("Zoë", "zoë"),
        ("ＡＬＩＣＥ", "alice"),
        ("x" * 80, "x" * 40),
        ("\x1b[2Jeve", "2jeve"),
    ],
)
def test_a_typed_name_gives_a_plain_folder_name(typed, folder):
    assert learner.folder_name(typed) == folder


@pytest.mark.parametrize("typed", ["", "   ", "../..", ".", "\x00", "!!!", "—"])
def test_a_name_without_letters_or_digits_is_refused(typed):
    with pytest.raises(ValueError, match="at least one letter or digit"):
        learner.folder_name(typed)


def test_the_name_line_takes_backspace_and_ignores_escape_sequences():
    assert _edit("", "ab\x7fc") == ("ac", None)
    assert _edit("al", "\x1b[Dice\r") == ("", "alice")
    assert _edit("", "x" * 100)[0] == "x" * learner.MAX_NAME


def test_typed_workspace_paths_stay_in_the_learners_folder(tmp_path, monkeypatch):
    own = tmp_path / "learners" / "alice"
    own.mkdir(parents=True)
    (tmp_path / "learners" / "bob").mkdir()
    (own / "link").symlink_to(tmp_path / "learners" / "bob")
    assert learner.workspace_for("/etc") == __import__("pathlib").Path("/etc")  # not served: as typed
    monkeypatch.setenv(learner.LEARNER_ENV, str(own))
    assert learner.workspace_for("exercises") == own / "exercises"
    assert learner.workspace_for(str(own / "mine")) == own / "mine"
    for outside in ("/tmp/x", "../bob", "link/exercises", str(tmp_path), "~/x/../../.."):
        with pytest.raises(ValueError, match="stay in your own folder"):
            learner.workspace_for(outside)
    assert not learner.code_allowed()
    monkeypatch.setenv(learner.ALLOW_CODE_ENV, "1")
    assert learner.code_allowed()


async def test_the_workspace_offer_refuses_a_folder_outside_the_learners_own(tutor, tmp_path, monkeypatch):
    own = tmp_path / "data"
    monkeypatch.setenv(learner.LEARNER_ENV, str(own))
    monkeypatch.setenv(learner.ALLOW_CODE_ENV, "1")
    elsewhere = tmp_path / "elsewhere"
    app = tutor.three_lessons()
    async with app.run_test(size=(120, 40)) as pilot:
        await tutor.lesson_screen(pilot)
        await pilot.press("e")
        screen = await tutor.wait_for(pilot, "NewWorkspaceScreen")
        box = screen.query_one("Input")
        assert box.value == str(own / learner.WORKSPACE)
        box.value = str(elsewhere)
        await pilot.press("enter")
        await tutor.until(pilot, lambda: "stay in your own folder" in tutor.static_text(screen), what="the refusal")
        assert not elsewhere.exists() and app.screen is screen
        box.value = "mine"
        await pilot.press("enter")
        await tutor.wait_for(pilot, "ExercisesScreen")
        assert (own / "mine" / "network.py").is_file()
        assert app.progress.workspace == str((own / "mine").resolve())


async def test_a_remembered_workspace_outside_the_folder_or_with_code_off_is_not_run(tutor, tmp_path, monkeypatch):
    from nn_tutor.ui.workspace_screen import remembered_workspace

    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "network.py").write_text("")
    progress = type("P", (), {"workspace": str(outside)})()
    assert remembered_workspace(progress) == outside
    monkeypatch.setenv(learner.LEARNER_ENV, str(tmp_path / "data"))
    monkeypatch.setenv(learner.ALLOW_CODE_ENV, "1")
    assert remembered_workspace(progress) is None
    inside = tmp_path / "data" / "exercises"
    inside.mkdir(parents=True)
    (inside / "network.py").write_text("")
    progress.workspace = str(inside)
    assert remembered_workspace(progress) == inside
    monkeypatch.setenv(learner.ALLOW_CODE_ENV, "0")
    assert remembered_workspace(progress) is None
