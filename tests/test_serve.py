"""`nn-tutor serve`: the page answers, a websocket session runs the tutor, and headless
Chromium shows the first lesson (skipped only when no Chromium is installed).

Set NN_TUTOR_SCREENSHOT_DIR to keep the browser screenshot (nn-tutor-browser.png) there.
"""

import asyncio
import base64
import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from nn_tutor import serve as serve_module
from nn_tutor.lessons import load_lessons

aiohttp = pytest.importorskip("aiohttp")  # comes with textual-serve

ANSI = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|[@-Z\\-_])")
SESSION_TIMEOUT = 30  # seconds for the tutor to show its first lesson
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def terminal_text(raw: bytes) -> str:
    """What the terminal shows, roughly: the output without escape sequences, spaces collapsed."""
    return " ".join(ANSI.sub("", raw.decode("utf-8", "replace")).split())


def first_lesson_word():
    """The longest word of the first shipped lesson's title, to look for on the screen."""
    lessons, errors = load_lessons()
    assert lessons and not errors
    return max(re.findall(r"\w+", lessons[0].title), key=len)


def stop(proc, timeout=10):
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


class Served:
    def __init__(self, tmp: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log_path = tmp / "serve.log"
        env = dict(os.environ, NN_TUTOR_DATA_DIR=str(tmp / "data"), PYTHONUNBUFFERED="1")
        self.log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "nn_tutor", "serve", "--port", str(self.port)],
            stdin=subprocess.DEVNULL, stdout=self.log, stderr=subprocess.STDOUT, env=env, cwd=tmp)

    def output(self):
        return self.log_path.read_text(errors="replace")

    def wait_ready(self, timeout=20):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.fail(f"nn-tutor serve exited with {self.proc.returncode}:\n{self.output()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.1)
        pytest.fail(f"nn-tutor serve did not listen within {timeout} s:\n{self.output()}")

    def close(self):
        try:
            stop(self.proc)
        finally:
            self.log.close()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    server = Served(tmp_path_factory.mktemp("serve"))
    try:
        server.wait_ready()
        yield server
    finally:
        server.close()


# ---------------------------------------------------------------- the command itself

def test_tutor_command_is_this_python_quoted(tmp_path):
    lessons = tmp_path / "my lessons; rm -rf ~"
    assert shlex.split(serve_module.tutor_command()) == [sys.executable, "-m", "nn_tutor"]
    assert shlex.split(serve_module.tutor_command(lessons)) == [
        sys.executable, "-m", "nn_tutor", "--lessons", str(lessons.resolve())]


def test_urls_to_open():
    assert serve_module.local_url("127.0.0.1", 8000) == "http://127.0.0.1:8000/"
    assert serve_module.local_url("0.0.0.0", 80) == "http://127.0.0.1:80/"
    assert serve_module.local_url("::", 8000) == "http://[::1]:8000/"
    assert serve_module.local_url("::1", 8000) == "http://[::1]:8000/"


def test_textual_serve_is_imported_only_by_serve():
    code = ("import sys, nn_tutor.cli, nn_tutor.serve; "
            "print(sorted(m for m in ('textual_serve', 'aiohttp') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_without_textual_serve_says_how_to_install(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)  # import -> ImportError
    assert serve_module.serve(port=free_port()) == 1
    err = capsys.readouterr().err
    assert "pip install 'nn-tutor[serve]'" in err


def test_missing_lessons_folder_is_an_error(tmp_path, capsys):
    assert serve_module.serve(port=free_port(), lessons_dir=tmp_path / "nowhere") == 1
    assert "not a folder" in capsys.readouterr().err


def test_port_in_use_is_a_clear_error(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "nn_tutor", "serve", "--port", str(port)],
            capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
            env=dict(os.environ, NN_TUTOR_DATA_DIR=str(tmp_path)))
    assert result.returncode == 1
    assert f"port {port}" in result.stderr and "already in use" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


# ---------------------------------------------------------------- the running server

def test_page_answers(served):
    with urllib.request.urlopen(served.url, timeout=10) as response:
        assert response.status == 200
        html = response.read().decode()
    assert f'data-session-websocket-url="ws://127.0.0.1:{served.port}/ws"' in html
    assert "js/textual.js" in html and "textual-terminal" in html
    assert "nn-tutor" in html  # the title on the page before the terminal starts
    with urllib.request.urlopen(f"{served.url}static/js/textual.js", timeout=10) as response:
        assert response.status == 200
    assert f"served at {served.url}" in served.output()


async def test_websocket_session_shows_first_lesson(served):
    """What the browser does, without a browser: open /ws and read the tutor's screen."""
    word = first_lesson_word()
    raw = b""
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(f"ws://127.0.0.1:{served.port}/ws?width=120&height=40") as ws:
            try:
                async with asyncio.timeout(SESSION_TIMEOUT):
                    async for message in ws:
                        if message.type == aiohttp.WSMsgType.BINARY:
                            raw += message.data
                            if word in terminal_text(raw):
                                break
            except TimeoutError:
                pass
    text = terminal_text(raw)
    assert word in text, f"{word!r} not on the screen after {SESSION_TIMEOUT} s:\n{text[-2000:]}\n{served.output()}"


# ---------------------------------------------------------------- headless Chromium

def find_chromium():
    for name in (os.environ.get("CHROMIUM"), *CHROMIUM_NAMES):
        if name and (path := shutil.which(name)):
            return path
    return None


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

    async def close(self):
        await self.ws.close()
        self.reader.cancel()
        try:
            await self.reader
        except asyncio.CancelledError:
            pass


def start_chromium(path, profile: Path, log):
    profile.mkdir()
    args = [path, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", "--hide-scrollbars", "--window-size=1280,800",
            "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
            # the page asks Google Fonts for a font: fail at once, never wait on the network
            "--host-resolver-rules=MAP fonts.googleapis.com ~NOTFOUND, MAP fonts.gstatic.com ~NOTFOUND",
            f"--user-data-dir={profile}", "about:blank"]
    return subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)


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


@pytest.fixture
def chromium():
    path = find_chromium()
    if path is None:
        pytest.skip("no Chromium installed (apt-get install chromium); the browser check needs one")
    return path


async def test_browser_shows_first_lesson(chromium, served, tmp_path):
    word = first_lesson_word()
    profile, log_path = tmp_path / "chromium-profile", tmp_path / "chromium.log"
    started = time.perf_counter()
    with open(log_path, "wb") as log:
        proc = start_chromium(chromium, profile, log)
        try:
            port = await devtools_port(proc, profile, log_path)
            async with aiohttp.ClientSession() as session:
                page = await page_target(session, port)
                ws = await session.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0)
                devtools = DevTools(ws)
                try:
                    await check_page(devtools, served, word, tmp_path)
                finally:
                    await devtools.close()
        finally:
            stop(proc)
    print(f"browser check took {time.perf_counter() - started:.1f} s")


async def check_page(devtools, served, word, tmp_path):
    await devtools.send("Network.enable")
    await devtools.send("Page.enable")
    await devtools.send("Page.navigate", url=served.url)

    raw, sockets = b"", []
    try:
        async with asyncio.timeout(SESSION_TIMEOUT):
            while word not in terminal_text(raw):
                event = await devtools.events.get()
                method, params = event.get("method"), event.get("params", {})
                if method == "Network.webSocketCreated":
                    sockets.append(params["url"])
                elif method == "Network.webSocketFrameReceived":
                    frame = params["response"]
                    data = frame["payloadData"]
                    raw += base64.b64decode(data) if frame["opcode"] == 2 else data.encode()
    except TimeoutError:
        pass
    text = terminal_text(raw)
    assert sockets and sockets[0].startswith(f"ws://127.0.0.1:{served.port}/ws"), sockets
    assert word in text, f"{word!r} not in the browser's terminal after {SESSION_TIMEOUT} s:\n{text[-2000:]}"
    assert await devtools.evaluate("document.body.classList.contains('-first-byte')") is True

    # let xterm.js draw the rest of the screen before the picture
    await asyncio.sleep(2)
    shot = await devtools.send("Page.captureScreenshot", format="png")
    png = base64.b64decode(shot["data"])
    assert png.startswith(b"\x89PNG")
    (tmp_path / "nn-tutor-browser.png").write_bytes(png)
    if folder := os.environ.get("NN_TUTOR_SCREENSHOT_DIR"):
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / "nn-tutor-browser.png").write_bytes(png)
