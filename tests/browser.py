"""Headless Chromium for the served tutor's tests: start it, drive one page over the Chrome
DevTools Protocol (aiohttp's websocket), read what the page's terminal receives, and press
keys as a person at the keyboard would. The `chromium` fixture (conftest.py) skips a test when
no Chromium is installed.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import aiohttp
import pytest

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
ANSI = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|[@-Z\\-_])")


def terminal_text(raw: bytes) -> str:
    """What the terminal shows, roughly: the output without escape sequences, spaces collapsed."""
    return " ".join(ANSI.sub("", raw.decode("utf-8", "replace")).split())


def stop(proc, timeout=10):
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def find_chromium():
    for name in (os.environ.get("CHROMIUM"), *CHROMIUM_NAMES):
        if name and (path := shutil.which(name)):
            return path
    return None


# DevTools key descriptions: (key, code, Windows virtual key code) of the keys the tests press
SPECIAL_KEYS = {
    "enter": ("Enter", "Enter", 13),
    "escape": ("Escape", "Escape", 27),
    "down": ("ArrowDown", "ArrowDown", 40),
    "up": ("ArrowUp", "ArrowUp", 38),
    "home": ("Home", "Home", 36),
    "end": ("End", "End", 35),
    "f2": ("F2", "F2", 113),
    "f3": ("F3", "F3", 114),
}
MODIFIERS = {"alt": 1, "ctrl": 2, "meta": 4, "shift": 8}


class DevTools:
    """A minimal Chrome DevTools Protocol client for one page, over aiohttp's websocket."""

    def __init__(self, ws):
        self.ws = ws
        self.next_id = 0
        self.pending = {}
        self.events = asyncio.Queue()
        self.reader = asyncio.create_task(self._read())

    async def _read(self):
        async for message in self.ws:
            if message.type != aiohttp.WSMsgType.TEXT:
                continue
            data = json.loads(message.data)
            if "id" in data:
                future = self.pending.pop(data["id"], None)
                if future and not future.done():
                    if "error" in data:
                        future.set_exception(RuntimeError(f"DevTools: {data['error']}"))
                    else:
                        future.set_result(data.get("result", {}))
            else:
                self.events.put_nowait(data)
        for future in self.pending.values():
            if not future.done():
                future.set_exception(ConnectionError("DevTools connection closed"))

    async def send(self, method, **params):
        self.next_id += 1
        future = asyncio.get_running_loop().create_future()
        self.pending[self.next_id] = future
        await self.ws.send_json({"id": self.next_id, "method": method, "params": params})
        return await asyncio.wait_for(future, 20)

    async def evaluate(self, expression):
        result = await self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")

    async def press(self, *keys):
        """Press keys as the keyboard does (keydown, then keyup): "e", "enter", "ctrl+s", "shift+home"."""
        for key in keys:
            *mods, name = key.split("+") if len(key) > 1 else [key]
            modifiers = sum(MODIFIERS[m] for m in mods)
            if name in SPECIAL_KEYS:
                dom_key, code, vk = SPECIAL_KEYS[name]
                text = "\r" if name == "enter" else ""
            else:
                dom_key, text = name, name
                code = f"Key{name.upper()}" if name.isalpha() else f"Digit{name}" if name.isdigit() else ""
                vk = ord(name.upper()) if name.isalnum() else 0
            if modifiers & ~MODIFIERS["shift"]:
                text = ""  # ctrl/alt/meta combinations type no text
            down = dict(
                type="keyDown" if text else "rawKeyDown",
                key=dom_key,
                code=code,
                windowsVirtualKeyCode=vk,
                nativeVirtualKeyCode=vk,
                modifiers=modifiers,
            )
            if text:
                down.update(text=text, unmodifiedText=text)
            await self.send("Input.dispatchKeyEvent", **down)
            await self.send(
                "Input.dispatchKeyEvent",
                type="keyUp",
                key=dom_key,
                code=code,
                windowsVirtualKeyCode=vk,
                nativeVirtualKeyCode=vk,
                modifiers=modifiers,
            )

    async def type(self, text):
        """Type text one key at a time."""
        await self.press(*text)

    async def close(self):
        await self.ws.close()
        self.reader.cancel()
        try:
            await self.reader
        except asyncio.CancelledError:
            pass


def start_chromium(path, profile: Path, log):
    profile.mkdir()
    args = [
        path,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
        "--window-size=1280,800",
        "--remote-debugging-address=127.0.0.1",
        "--remote-debugging-port=0",
        # the page asks Google Fonts for a font: fail at once, never wait on the network
        "--host-resolver-rules=MAP fonts.googleapis.com ~NOTFOUND, MAP fonts.gstatic.com ~NOTFOUND",
        f"--user-data-dir={profile}",
        "about:blank",
    ]
    return subprocess.Popen(
        args, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )


async def devtools_port(proc, profile: Path, log_path: Path, timeout=30):
    """Chromium writes the port it chose to DevToolsActivePort in its profile folder."""
    marker = profile / "DevToolsActivePort"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"chromium exited with {proc.returncode}:\n{log_path.read_text(errors='replace')}")
        if marker.exists() and (lines := marker.read_text().split()):
            return int(lines[0])
        await asyncio.sleep(0.1)
    pytest.fail(f"chromium did not open DevTools within {timeout} s:\n{log_path.read_text(errors='replace')}")


async def page_target(session, port, timeout=10):
    """The tab Chromium opened (it may be listed a moment after DevTools starts)."""
    deadline = time.monotonic() + timeout
    while True:
        async with session.get(f"http://127.0.0.1:{port}/json/list") as response:
            pages = [t for t in await response.json() if t.get("type") == "page"]
        if pages or time.monotonic() > deadline:
            break
        await asyncio.sleep(0.1)
    assert pages, "chromium lists no page to drive"
    return pages[0]


def stop_chromium(proc):
    """Chromium and every process it started (they share its session's process group)."""
    stop(proc)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, 9)


@contextlib.asynccontextmanager
async def browser_page(chromium: str, tmp_path: Path):
    """A DevTools client on one page of a new headless Chromium; all of it ends on leaving."""
    profile, log_path = tmp_path / "chromium-profile", tmp_path / "chromium.log"
    with open(log_path, "wb") as log:
        proc = start_chromium(chromium, profile, log)
        try:
            port = await devtools_port(proc, profile, log_path)
            async with aiohttp.ClientSession() as session:
                page = await page_target(session, port)
                ws = await session.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0)
                devtools = DevTools(ws)
                try:
                    yield devtools
                finally:
                    await devtools.close()
        finally:
            stop_chromium(proc)


class Terminal:
    """What the page's terminal receives from the tutor, read from DevTools' network events
    (enable the Network domain before the page opens)."""

    def __init__(self, devtools: DevTools):
        self.devtools = devtools
        self.raw = b""
        self.sockets: list[str] = []

    def text(self, since: int = 0) -> str:
        return terminal_text(self.raw[since:])

    async def until(self, done, timeout) -> bool:
        """Read events until done(self) is true or timeout seconds pass; returns done(self)."""
        try:
            async with asyncio.timeout(timeout):
                while not done(self):
                    event = await self.devtools.events.get()
                    method, params = event.get("method"), event.get("params", {})
                    if method == "Network.webSocketCreated":
                        self.sockets.append(params["url"])
                    elif method == "Network.webSocketFrameReceived":
                        frame = params["response"]
                        data = frame["payloadData"]
                        self.raw += base64.b64decode(data) if frame["opcode"] == 2 else data.encode()
        except TimeoutError:
            pass
        return bool(done(self))


async def open_terminal(devtools: DevTools, url: str) -> Terminal:
    """Open the served page at url; the Terminal that reads what it receives."""
    await devtools.send("Network.enable")
    await devtools.send("Page.enable")
    await devtools.send("Page.navigate", url=url)
    return Terminal(devtools)


async def screenshot(devtools: DevTools, path: Path, name: str) -> None:
    """A PNG of the page at path/name (and in NN_TUTOR_SCREENSHOT_DIR when set)."""
    shot = await devtools.send("Page.captureScreenshot", format="png")
    png = base64.b64decode(shot["data"])
    assert png.startswith(b"\x89PNG")
    (path / name).write_bytes(png)
    if folder := os.environ.get("NN_TUTOR_SCREENSHOT_DIR"):
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / name).write_bytes(png)
