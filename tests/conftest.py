"""The one harness for driving the tutor: lesson folders in tmp_path, apps, and waits for
conditions (never fixed sleeps). Training runs in its own process, so what the panel shows
arrives a moment after a key: tests wait for the snapshot they expect."""

from __future__ import annotations

import asyncio
import functools
import inspect
import os
import re
import subprocess
import time
import unicodedata
from pathlib import Path

import pytest
from lesson_files import THREE_LESSONS, lesson_text
from rewrite_cache import rewrite_once

from nn_tutor.progress import ENV_DIR

os.environ["TEXTUAL_ANIMATIONS"] = "none"  # for apps started in child processes
os.environ.setdefault("TEXTUAL_FPS", "30")  # not 60: tests wait on what shows, not how often (CPU)

# -- tiers: `pytest -m "not app and not slow"` is the fast one (no app, no child process) -------
APP_FIXTURES = {"tutor", "snap_compare", "app_on"}  # fixtures that start the tutor
# modules whose tests start child processes (training, checks, the command line, a server)
PROCESS_MODULES = {
    "test_cli_bounds",
    "test_cli_train",
    "test_exercise_fairness",
    "test_exercise_lessons",
    "test_exercise_records",
    "test_exercise_reset",
    "test_exercise_yours_size",
    "test_exercises",
    "test_exercises_screen",
    "test_learner_network",
    "test_reliability_quit",
    "test_sandbox",
    "test_sandbox_attacks",
    "test_serve",
    "test_serve_class",
    "test_serve_editor",
    "test_serve_jupyter",
    "test_serve_proxy",
    "test_session",
    "test_session_channel",
    "test_yournet",
    "test_yournet_live",
}

SLOW_MODULES = {"test_lesson_claims"}  # trains each lesson's networks for thousands of iterations
PROCESS_WORDS = re.compile(r"\b(subprocess|sys\.executable|run_cli|Popen|multiprocessing)\b")
# a module that names one of these (or a way to start a process) runs learner code, a training
# process or the CLI: all its tests are in the `app` tier
PROCESS_USERS = re.compile(
    r"\b(run_checks|check_path|LearnerCode|Sandboxed|Session|check_command|"
    r"sandbox|exercises\.supervise|session\.client|test_serve)\b"
)


@functools.cache
def module_starts_processes(module) -> bool:
    try:
        source = inspect.getsource(module)
    except (OSError, TypeError):
        return False
    return bool(PROCESS_USERS.search(source) or PROCESS_WORDS.search(source))


@functools.cache  # a parametrized test's items share their function
def starts_processes(function) -> bool:
    try:
        return bool(PROCESS_WORDS.search(inspect.getsource(function)))
    except (OSError, TypeError):
        return False


def pytest_configure(config):
    """nn_tutor byte-compiled once, as an installed wheel is: the hundreds of training processes
    and sandbox children the tests start then load it rather than each compiling it again (they
    would, with PYTHONDONTWRITEBYTECODE set or a read-only tree)."""
    if not hasattr(config, "workerinput"):  # the controller (or the one process with -n 0)
        import compileall

        compileall.compile_dir(Path(__file__).resolve().parent.parent / "nn_tutor", quiet=2)
        rewrite_once(config)


def pytest_collection_modifyitems(items):
    """Mark `app` every test that drives an app (a fixture above, or an async test: Textual's
    pilot) or starts a process, `slow` the long lesson claims; the rest form the fast tier. The
    slow run first and the fast last, so that the workers end together (no long test last)."""
    for item in items:
        module = item.module.__name__.rpartition(".")[2] if item.module else ""
        function = getattr(item, "function", None)
        if (
            APP_FIXTURES & set(getattr(item, "fixturenames", ()))
            or inspect.iscoroutinefunction(function)
            or module in PROCESS_MODULES
            or starts_processes(function)
            or (item.module is not None and module_starts_processes(item.module))
        ):
            item.add_marker(pytest.mark.app)
        if module in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
    items.sort(key=lambda i: (i.get_closest_marker("slow") is None, i.get_closest_marker("app") is None))


def pytest_xdist_auto_num_workers(config):
    """`-n auto` (pyproject's addopts): a worker per core and half as many again, which uses the
    moments an app test waits on its training process."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(2, cores + (cores + 1) // 2)


@pytest.fixture(autouse=True)
def _fast_tier_starts_no_process(request, monkeypatch):
    """A test of the fast tier that starts a child process fails, saying where it belongs."""
    if request.node.get_closest_marker("app") is None and "not app" in (request.config.getoption("-m") or ""):

        def refused(*args, **kwargs):
            raise AssertionError(
                "this test starts a child process: add its module to PROCESS_MODULES "
                "in tests/conftest.py (the `app` tier)"
            )

        monkeypatch.setattr(subprocess.Popen, "__init__", refused)


WAIT = 30.0  # seconds a test waits for a condition before it fails (the machine may be busy)


def wait_until(condition, timeout: float = WAIT, what: str = "the condition", every: float = 0.01):
    """Poll `condition` (no app running: a process, a server, a file) until it returns something
    true; return that, or fail saying what did not come."""
    end = time.monotonic() + timeout
    while not (value := condition()):
        if time.monotonic() > end:
            raise AssertionError(f"no {what} after {timeout} s")
        time.sleep(every)
    return value


def host_app(make=None, styled: bool = True, screen=None):
    """An app showing only what `make()` yields (a view, the model panel), with the tutor's
    styles unless `styled` is False: for a widget tested on its own. With `screen` (a function
    returning a Screen), that screen is pushed when the app starts. The text of every notice
    is kept in `app.notices`."""
    from textual.app import App

    import nn_tutor.ui

    class Host(App):
        CSS_PATH = Path(nn_tutor.ui.__file__).parent / "app.tcss" if styled else None

        def __init__(self):
            super().__init__()
            self.notices = []

        def notify(self, message, *args, **kwargs):
            self.notices.append(str(message))
            super().notify(message, *args, **kwargs)

        def compose(self):
            yield from make() if make is not None else ()

        def on_mount(self) -> None:
            if screen is not None:
                self.push_screen(screen())

    return Host()


class Tutor:
    """Builds apps and lesson folders under tmp_path, and drives them."""

    def __init__(self, tmp_path: Path):
        self.tmp_path = tmp_path
        self.progress_path = tmp_path / "data" / "progress.json"

    # -- files ------------------------------------------------------------------------------
    def lessons(self, *lessons: dict, folder: str = "lessons") -> Path:
        """A teacher's folder: one file per dict of lesson fields, in the order given."""
        path = self.tmp_path / folder
        path.mkdir(parents=True, exist_ok=True)
        for i, fields in enumerate(lessons, start=1):
            (path / f"{i:02d}-{fields['id']}.md").write_text(lesson_text(**fields), encoding="utf-8")
        return path

    def app(self, lessons_dir=None, progress_path=None, **kwargs):
        """A TutorApp (no animations) that records the text of every notice in `app.notices`."""
        from nn_tutor.ui.app import TutorApp

        app = TutorApp(
            lessons_dir=lessons_dir,
            progress_path=self.progress_path if progress_path is None else progress_path,
            **kwargs,
        )
        app.animation_level = "none"
        app.notices = []
        notify = app.notify

        def recording_notify(message, *args, **kw):
            app.notices.append(str(message))
            return notify(message, *args, **kw)

        app.notify = recording_notify
        return app

    def three_lessons(self, **kwargs):
        return self.app(lessons_dir=self.lessons(*THREE_LESSONS), **kwargs)

    # -- waiting ----------------------------------------------------------------------------
    @staticmethod
    async def until(pilot, condition, timeout: float = WAIT, what: str = "the condition"):
        """Let the app run until `condition()` is true; return its value."""
        loop = asyncio.get_running_loop()
        end = loop.time() + timeout
        while True:
            value = condition()
            if value:
                return value
            Tutor.assert_alive(pilot.app)
            if loop.time() > end:
                raise AssertionError(f"no {what} after {timeout} s; the screen is {pilot.app.screen!r}")
            await asyncio.sleep(0.01)  # the app paints on its own timer meanwhile

    @staticmethod
    async def until_exit(pilot, timeout: float = WAIT) -> None:
        """Let the app run until it has exited (a key that ends it was pressed)."""
        loop = asyncio.get_running_loop()
        end = loop.time() + timeout
        while pilot.app.is_running:
            if loop.time() > end:
                raise AssertionError(f"the app still runs after {timeout} s; the screen is {pilot.app.screen!r}")
            await asyncio.sleep(0.01)

    @staticmethod
    async def wait_for(pilot, screen_type, timeout: float = WAIT):
        """Wait until the top screen is a `screen_type` (a class or a class name); return it."""

        def top():
            screen = pilot.app.screen
            if isinstance(screen_type, str):
                return type(screen).__name__ == screen_type and screen
            return isinstance(screen, screen_type) and screen

        screen = await Tutor.until(pilot, top, timeout, f"{screen_type} on top")
        await pilot.pause()
        return screen

    @staticmethod
    async def lesson_screen(pilot, lesson_id: str | None = None, timeout: float = WAIT):
        """Wait until a lesson (that one, if named) shows its network; return its screen."""
        from nn_tutor.ui.lesson_screen import LessonScreen

        def shown():
            screen = pilot.app.screen
            return (
                isinstance(screen, LessonScreen)
                and screen.is_mounted
                and screen.snapshot is not None
                and (lesson_id is None or screen.lesson.id == lesson_id)
                and screen
            )

        screen = await Tutor.until(pilot, shown, timeout, f"lesson {lesson_id or ''} with its network")
        await pilot.pause()
        return screen

    @staticmethod
    async def snapshot(pilot, screen, test=lambda s: True, what: str = "such a snapshot"):
        """Wait until the screen shows a snapshot passing `test`; return it."""

        def found():
            s = screen.snapshot
            return s is not None and test(s) and s

        s = await Tutor.until(pilot, found, what=what)
        await pilot.pause()  # and the panel has drawn it
        return s

    @staticmethod
    async def paused(pilot, screen):
        """Pause training if it runs; return the snapshot once the pause has arrived."""
        if screen.running:
            await pilot.press("r")
        await Tutor.until(pilot, lambda: not screen.running, what="a pause")
        return await Tutor.snapshot(pilot, screen)

    @staticmethod
    def key_event(key: str):
        """The Key event a terminal sends for `key` (a key name, or one character)."""
        from textual import events
        from textual.keys import KEY_NAME_REPLACEMENTS, KEY_TO_UNICODE_NAME, REPLACED_KEYS

        if len(key) == 1 and not key.isalnum():
            name = unicodedata.name(key).lower().replace("-", "_").replace(" ", "_")
            key = KEY_NAME_REPLACEMENTS.get(name, name)
        original = REPLACED_KEYS.get(key, key)
        try:
            char = unicodedata.lookup(KEY_TO_UNICODE_NAME.get(original, original.upper().replace("_", " ")))
        except KeyError:
            char = key if len(key) == 1 else None
        return events.Key(key, char)

    @staticmethod
    async def type_fast(pilot, keys, settle_after=("ctrl+p",)) -> None:
        """Keys as a fast typist sends them: each handed to the app as the terminal would,
        without `pilot.press`'s wait for idle after every key; then one wait for idle.
        After a key of `settle_after` it waits for idle too: Textual 8.2.8's command
        palette raises KeyError on pagedown/pageup sent before its list is first drawn."""
        app = pilot.app
        for key in keys:
            app.post_message(Tutor.key_event(key))
            await asyncio.sleep(0)
            if key in settle_after:
                await pilot.pause()
            Tutor.assert_alive(app)
        await pilot.pause()
        Tutor.assert_alive(app)

    # -- reading ----------------------------------------------------------------------------
    @staticmethod
    def notices(app) -> list[str]:
        """The text of every notice the app has shown."""
        return app.notices

    @staticmethod
    def assert_alive(app) -> None:
        assert app.return_code is None, f"the app exited with return code {app.return_code}"
        assert app.is_running, "the app stopped"

    @staticmethod
    def text(widget) -> str:
        """What a Static shows."""
        return str(widget.render())

    @staticmethod
    def static_text(screen) -> str:
        """The text of every Static on a screen, one per line."""
        from textual.widgets import Static

        return "\n".join(str(w.render()) for w in screen.query(Static))

    @staticmethod
    def screen_rows(app) -> list[str]:
        """The screen's rows of text now, as the terminal shows them (trailing spaces cut): the
        same characters as `app.export_screenshot()`, without building an SVG and parsing it
        back (five times the cost, and tests read the screen while they wait). Textual has no
        public call for the rendered lines, so this makes export_screenshot's own call: the
        screen's compositor, a full update with the screens under a dialog."""
        update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
        return ["".join(segment.text for strip in line for segment in strip).rstrip() for line in update.strips]

    @staticmethod
    def screen_text(app) -> str:
        """The visible text of the whole screen now, one row a line."""
        return "\n".join(Tutor.screen_rows(app))


until = Tutor.until  # for an app that is not the tutor (a screen on its own: host_app)


@pytest.fixture(autouse=True)
def own_data_folder(tmp_path_factory, monkeypatch):
    """Progress written by any test (`exercises init` remembers its folder) goes to a folder of
    the test's own, never to the user's."""
    monkeypatch.setenv(ENV_DIR, str(tmp_path_factory.mktemp("data")))


@pytest.fixture
def tutor(tmp_path, monkeypatch) -> Tutor:
    monkeypatch.setenv(ENV_DIR, str(tmp_path / "data"))
    monkeypatch.setenv("NN_TUTOR_SCREENSHOT_DIR", str(tmp_path / "screenshots"))  # F12
    (tmp_path / "screenshots").mkdir()
    # random keys may type a folder name into the exercises offer and press enter: a
    # relative path must land here, not in the folder the tests were started from
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return Tutor(tmp_path)


@pytest.fixture
def chromium():
    """The path of a Chromium to drive (tests/browser.py); skips the test when none is installed."""
    from browser import find_chromium

    path = find_chromium()
    if path is None:
        pytest.skip("no Chromium installed (apt-get install chromium); the browser check needs one")
    return path
