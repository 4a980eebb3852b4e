"""Shared fixtures. `tutor` drives a TutorApp headless with every file it touches in tmp_path."""

from __future__ import annotations

import asyncio
import html
import re
import unicodedata
from pathlib import Path

import pytest
from textual import events
from textual.app import REPLACED_KEYS, _character_to_key
from textual.geometry import Size
from textual.keys import _get_unicode_name_from_key
from textual.widgets import Static

from nn_tutor.progress import ENV_DIR

LESSON = """\
---
id: {id}
title: {title}
sections: [{section}]
panel:
  layers: {layers}
  activations: {activations}
  dataset: {dataset}
  init: {init}
  learning_rate: {lr}
  seed: {seed}
  m: {m}
  views: {views}
{extra}quiz: [sigmoid]
---
# {title}

A short lesson for the reliability tests. Press space to step the network.

    z = wᵀx + b,   a = σ(z)

- first point
- second point
"""

DEFAULTS = dict(section="networks", layers="[2, 4, 1]", activations="[tanh, sigmoid]", dataset="flower",
                init="small_random", lr=1.2, seed=3, m=120, views="[forward, gradients, cost]", extra="")


def lesson_text(**fields) -> str:
    """A lesson file; `fields` override DEFAULTS (id and title are required)."""
    return LESSON.format(**{**DEFAULTS, **fields})


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
        from nn_tutor.ui.app import TutorApp

        return TutorApp(lessons_dir=lessons_dir,
                        progress_path=self.progress_path if progress_path is None else progress_path, **kwargs)

    # -- driving ----------------------------------------------------------------------------
    @staticmethod
    async def wait_for(pilot, screen_type, timeout: float = 10.0):
        """Wait until the top screen is a `screen_type` (a class or a class name); return it."""
        loop = asyncio.get_running_loop()
        end = loop.time() + timeout
        while True:
            screen = pilot.app.screen
            if (type(screen).__name__ == screen_type if isinstance(screen_type, str)
                    else isinstance(screen, screen_type)):
                await Tutor.settle(pilot)
                return pilot.app.screen
            Tutor.assert_alive(pilot.app)
            if loop.time() > end:
                raise AssertionError(f"no {screen_type} after {timeout} s; the screen is {screen!r}")
            await pilot.pause(0.02)

    @staticmethod
    async def lesson_screen(pilot, timeout: float = 10.0):
        from nn_tutor.ui.lesson_screen import LessonScreen

        return await Tutor.wait_for(pilot, LessonScreen, timeout)

    @staticmethod
    async def settle(pilot) -> None:
        """Let the screen handle what is queued, then 20 ms more. (`pilot.pause()` waits
        for the process to go idle, which it never does while a network trains: that
        costs a whole second.)"""
        await pilot.pause(0.02)

    @staticmethod
    async def resize(pilot, width: int, height: int) -> None:
        """`pilot.resize_terminal` without its wait for idle."""
        size = Size(width, height)
        pilot.app._driver._size = size
        pilot.app.post_message(events.Resize(size, size))
        await Tutor.settle(pilot)

    @staticmethod
    def key_event(key: str) -> events.Key:
        """The Key event `pilot.press(key)` would send."""
        if len(key) == 1 and not key.isalnum():
            key = _character_to_key(key)
        original = REPLACED_KEYS.get(key, key)
        try:
            char = unicodedata.lookup(_get_unicode_name_from_key(original))
        except KeyError:
            char = key if len(key) == 1 else None
        return events.Key(key, char)

    @staticmethod
    async def type_fast(pilot, keys) -> None:
        """Send keys as a fast typist would, without `pilot.press`'s two 20 ms idle waits
        per key: after each key, wait until the app, then the widget with focus and the
        screen, have handled their queued messages. Stops at the first key after which the app is
        no longer running, naming the keys sent so far."""
        app = pilot.app
        sent = []
        for key in keys:
            event = Tutor.key_event(key)
            event.set_sender(app)
            app._driver.send_message(event)
            sent.append(key)
            for node in (app, app.focused or app.screen, app.screen):
                await Tutor._handled(app, node)
            if app._exception is not None or app.return_code is not None or not app.is_running:
                raise AssertionError(f"the app stopped after the keys {sent!r}: {app._exception!r}")

    @staticmethod
    async def _handled(app, node, timeout: float = 30.0) -> None:
        """Wait until `node` has handled the messages queued so far, or the app has failed."""
        handled = asyncio.Event()
        if not node.call_later(handled.set):
            return
        waits = [asyncio.ensure_future(handled.wait()), asyncio.ensure_future(app._exception_event.wait())]
        _, pending = await asyncio.wait(waits, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        for task in pending:
            task.cancel()
        if len(pending) == len(waits):
            raise AssertionError(f"{node!r} did not handle a key within {timeout} s")

    @staticmethod
    def assert_alive(app) -> None:
        assert app._exception is None, f"unhandled exception in the app: {app._exception!r}"
        assert app.return_code is None, f"the app exited with return code {app.return_code}"
        assert app.is_running

    @staticmethod
    def static_text(screen) -> str:
        """The text of every Static on a screen, one per line."""
        return "\n".join(str(w.render()) for w in screen.query(Static))

    @staticmethod
    def svg_text(svg: str) -> str:
        """The visible characters of an exported screenshot, rows run together."""
        text = html.unescape(re.sub(r"<[^>]+>", "", svg.split("</style>")[-1]))
        return text.replace("\xa0", " ")

    @staticmethod
    def notices(app) -> list[str]:
        return [n.message for n in app._notifications]


@pytest.fixture
def tutor(tmp_path, monkeypatch) -> Tutor:
    monkeypatch.setenv(ENV_DIR, str(tmp_path / "data"))
    monkeypatch.setenv("NN_TUTOR_SCREENSHOT_DIR", str(tmp_path / "screenshots"))   # F12
    (tmp_path / "screenshots").mkdir()
    return Tutor(tmp_path)
