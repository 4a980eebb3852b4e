"""`nn-tutor serve`: the page answers, a websocket session runs the tutor, and headless
Chromium shows the first lesson (skipped only when no Chromium is installed). The server
refuses foreign Origin and Host headers, bounds terminal sizes, caps sessions, and a client
that drops leaves no tutor process behind. Servers here listen on 127.0.0.1 only.

Set NN_TUTOR_SCREENSHOT_DIR to keep the browser screenshot (nn-tutor-browser.png) there.
"""

import asyncio
import base64
import contextlib
import json
import os
import re
import socket
import struct
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from browser import browser_page, open_terminal, screenshot, stop, terminal_text
from conftest import wait_until

from nn_tutor import serve as serve_module
from nn_tutor.lessons import load_lessons
from nn_tutor.serve.addresses import ServedAddress

aiohttp = pytest.importorskip("aiohttp")  # comes with textual-serve

SESSION_TIMEOUT = 30  # seconds for the tutor to show its first lesson
END_TIMEOUT = 30  # seconds for a dropped session's processes to be gone
CURSOR_MOVE = re.compile(rb"\x1b\[(\d+);(\d+)H")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def first_lesson_word():
    """The longest word of the first shipped lesson's title, to look for on the screen."""
    lessons, errors = load_lessons()
    assert lessons and not errors
    return max(re.findall(r"\w+", lessons[0].title), key=len)


def processes():
    """{pid: (parent pid, process group)} of every running process (zombies left out), from /proc."""
    table = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            state, parent, group = stat.rsplit(")", 1)[1].split()[:3]
            if state != "Z":
                table[int(entry)] = (int(parent), int(group))
    return table


def descendants(pid):
    table = processes()
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        children = [child for child, (ppid, _) in table.items() if ppid == parent]
        found += children
        todo += children
    return found


def group_members(pgid):
    return [pid for pid, (_, group) in processes().items() if group == pgid]


class Served:
    def __init__(self, tmp: Path, *options: str):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log_path = tmp / "serve.log"
        env = dict(os.environ, NN_TUTOR_DATA_DIR=str(tmp / "data"), PYTHONUNBUFFERED="1")
        self.log = open(self.log_path, "wb")  # noqa: SIM115 - closed when the server stops
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "nn_tutor", "serve", "--port", str(self.port), *options],
            stdin=subprocess.DEVNULL,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=tmp,
        )

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


def test_tutor_runs_as_this_python_with_the_lessons_as_one_argument(tmp_path):
    lessons = tmp_path / "my lessons; rm -rf ~"
    assert serve_module.tutor_argv() == [sys.executable, "-m", "nn_tutor"]
    assert serve_module.tutor_argv(lessons) == [sys.executable, "-m", "nn_tutor", "--lessons", str(lessons.resolve())]


def test_urls_to_open():
    assert serve_module.local_url("127.0.0.1", 8000) == "http://127.0.0.1:8000/"
    assert serve_module.local_url("0.0.0.0", 80) == "http://127.0.0.1:80/"
    assert serve_module.local_url("0", 8000) == "http://127.0.0.1:8000/"
    assert serve_module.local_url("::", 8000) == "http://[::1]:8000/"
    assert serve_module.local_url("::1", 8000) == "http://[::1]:8000/"


ALL_INTERFACES = ("0", "0.0.0.0", "", "::", "::0", "0:0:0:0:0:0:0:0", "0.0")


@pytest.mark.parametrize("host", ALL_INTERFACES)
def test_every_spelling_of_all_interfaces_gets_the_warning(host):
    assert "Warning: listening on all interfaces" in serve_module.banner(host, 8000, 8)


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1"])
def test_loopback_gets_no_warning(host):
    text = serve_module.banner(host, 8000, 8)
    assert "Warning" not in text and "at most 8 tabs" in text


def test_help_shows_the_session_cap():
    result = subprocess.run(
        [sys.executable, "-m", "nn_tutor", "serve", "--help"], capture_output=True, text=True, timeout=60, check=True
    )
    assert "--max-sessions" in result.stdout and "(default: 8)" in result.stdout


# Host headers a page on another site could make the browser send (DNS rebinding, tricks)
FOREIGN_HOSTS = (
    "evil.example:{port}",
    "evil.example",
    "127.0.0.1.evil.example:{port}",
    "127.0.0.1:{other}",
    "127.0.0.1",
    "evil.example@127.0.0.1:{port}",
    "127.0.0.1:{port}/x",
    "127.0.0.1:{port} evil",
    "0.0.0.0:{port}",
    "[::2]:{port}",
    "192.0.2.1:{port}",
    "127.000.000.001:{port}",
    "",
)
FOREIGN_ORIGINS = (
    "http://evil.example",
    "http://evil.example:{port}",
    "null",
    "https://127.0.0.1:{port}",
    "http://127.0.0.1:{other}",
    "http://127.0.0.1",
    "http://127.0.0.1:{port}.evil.example",
    "http://evil.example@127.0.0.1:{port}",
    "file://",
    "http://127.0.0.1:{port}/",
)


def test_loopback_server_answers_to_its_loopback_names_only():
    served = ServedAddress("127.0.0.1", 8000)
    for host in ("127.0.0.1:8000", "localhost:8000", "LOCALHOST:8000", "[::1]:8000"):
        assert served.allows_host(host), host
    for host in FOREIGN_HOSTS + ("127.0.0.2:8000",):
        assert not served.allows_host(host.format(port=8000, other=8001)), host
    assert served.allows_origin("http://localhost:8000")
    for origin in FOREIGN_ORIGINS:
        assert not served.allows_origin(origin.format(port=8000, other=8001)), origin


def test_all_interfaces_server_answers_to_this_machine_only():
    served = ServedAddress("0.0.0.0", 8000)
    name = socket.gethostname()
    for host in ("127.0.0.1:8000", "localhost:8000", f"{name}:8000", "127.0.0.2:8000"):
        assert served.allows_host(host), host
    for host in FOREIGN_HOSTS:
        assert not served.allows_host(host.format(port=8000, other=8001)), host
    assert served.allows_origin(f"http://{name}:8000")


def test_textual_serve_is_imported_only_by_serve():
    code = (
        "import sys, nn_tutor.cli, nn_tutor.serve; "
        "print(sorted(m for m in ('textual_serve', 'aiohttp') if m in sys.modules))"
    )
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
            capture_output=True,
            text=True,
            timeout=60,
            stdin=subprocess.DEVNULL,
            env=dict(os.environ, NN_TUTOR_DATA_DIR=str(tmp_path)),
        )
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


def raw_request(port, path="/", headers=(), version="1.1"):
    """Send a GET with exactly these header lines; returns (status, body) of the answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=20) as sock:
        sock.sendall(("\r\n".join([f"GET {path} HTTP/{version}", *headers]) + "\r\n\r\n").encode())
        data = b""
        while b"\r\n\r\n" not in data and (chunk := sock.recv(65536)):
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        length = re.search(rb"(?im)^content-length: *(\d+)", head)
        while length and len(body) < int(length[1]) and (chunk := sock.recv(65536)):
            body += chunk
    return int(head.split()[1]), body


def upgrade_headers(host):
    key = base64.b64encode(os.urandom(16)).decode()
    return (
        f"Host: {host}",
        "Upgrade: websocket",
        "Connection: Upgrade",
        f"Sec-WebSocket-Key: {key}",
        "Sec-WebSocket-Version: 13",
    )


@pytest.mark.parametrize("template", FOREIGN_ORIGINS)
async def test_foreign_origin_is_refused(served, template):
    origin = template.format(port=served.port, other=served.port + 1)
    async with aiohttp.ClientSession() as session:
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await session.ws_connect(f"ws://127.0.0.1:{served.port}/ws", origin=origin)
        assert refused.value.status == 403
        async with session.get(served.url, headers={"Origin": origin}) as response:
            assert response.status == 403


@pytest.mark.parametrize("template", FOREIGN_HOSTS)
def test_foreign_host_is_refused_and_never_reflected(served, template):
    host = template.format(port=served.port, other=served.port + 1)
    status, body = raw_request(served.port, "/", [f"Host: {host}"])
    assert status == 403
    assert b"evil" not in body and b"ws://" not in body
    assert raw_request(served.port, "/ws", upgrade_headers(host))[0] == 403
    assert raw_request(served.port, "/static/js/textual.js", [f"Host: {host}"])[0] == 403


def test_plain_get_of_the_websocket_is_a_bad_request_not_a_traceback(served):
    status, body = raw_request(served.port, "/ws", [f"Host: 127.0.0.1:{served.port}"])
    assert status == 400 and b"open the page at /" in body
    assert "Traceback" not in served.output()


def test_request_without_host_is_refused(served):
    assert raw_request(served.port, "/", version="1.1")[0] == 400  # aiohttp's parser
    assert raw_request(served.port, "/", version="1.0")[0] == 403


@pytest.mark.parametrize("name", ["localhost", "127.0.0.1", "[::1]"])
def test_page_points_its_websocket_at_the_name_it_was_opened_by(served, name):
    status, body = raw_request(served.port, "/", [f"Host: {name}:{served.port}"])
    assert status == 200
    assert f'data-session-websocket-url="ws://{name}:{served.port}/ws"'.encode() in body


async def test_websocket_session_shows_first_lesson(served):
    """What the browser does, without a browser: open /ws and read the tutor's screen."""
    word = first_lesson_word()
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(
            f"ws://127.0.0.1:{served.port}/ws?width=120&height=40", origin=f"http://localhost:{served.port}"
        ) as ws:
            text = await screen_until(ws, word)
    assert word in text, f"{word!r} not on the screen after {SESSION_TIMEOUT} s:\n{text[-2000:]}\n{served.output()}"


# ---------------------------------------------------------------- sessions: sizes, drops, the cap


def children(pid):
    return [child for child, (parent, _) in processes().items() if parent == pid]


def gone(pid):
    """Neither the process nor anything left in its process group is running."""
    table = processes()
    return pid not in table and not any(group == pid for _, group in table.values())


async def eventually(predicate, timeout):
    """Like conftest.wait_until, for async tests: the event loop keeps running while it waits."""
    deadline = time.monotonic() + timeout
    while not (value := predicate()) and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    return value


async def screen_until(ws, word, timeout=SESSION_TIMEOUT) -> str:
    """The tutor's screen text as it arrives on `ws`, until `word` is on it or `timeout` passes."""
    raw = b""
    try:
        async with asyncio.timeout(timeout):
            async for message in ws:
                if message.type == aiohttp.WSMsgType.BINARY:
                    raw += message.data
                    if word in terminal_text(raw):
                        break
    except TimeoutError:
        pass
    return terminal_text(raw)


async def read_until(ws, done, timeout, settle=1.0):
    """The tutor's output until done(output), then until it is quiet for settle seconds."""
    raw = b""
    try:
        async with asyncio.timeout(timeout):
            while not done(raw):
                message = await ws.receive()
                if message.type == aiohttp.WSMsgType.BINARY:
                    raw += message.data
                elif message.type != aiohttp.WSMsgType.TEXT:
                    break
            while (message := await ws.receive(timeout=settle)).type == aiohttp.WSMsgType.BINARY:
                raw += message.data
    except TimeoutError:
        pass
    return raw


def screen_extent(raw):
    """The last row and column the tutor moved its cursor to (its screen size, as drawn)."""
    moves = [(int(row), int(column)) for row, column in CURSOR_MOVE.findall(raw)]
    assert moves, raw[-500:]
    return max(row for row, _ in moves), max(column for _, column in moves)


def drawn_wide(raw):
    """The bottom row is drawn and something stands far to the right (the footer's last key):
    a slow machine may first draw only the starts of the rows."""
    return b"\x1b[200;" in raw and any(int(column) > 100 for _, column in CURSOR_MOVE.findall(raw))


async def test_huge_terminal_sizes_are_clamped(served):
    url = f"ws://127.0.0.1:{served.port}/ws?width=2000&height=2000"
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(url, max_msg_size=0) as ws:
            raw = await read_until(ws, drawn_wide, SESSION_TIMEOUT)
            assert screen_extent(raw) == (200, 500)
            await ws.send_json(["resize", {"width": 100, "height": 30}])
            await read_until(ws, lambda raw: b"\x1b[30;" in raw, SESSION_TIMEOUT)
            await ws.send_json(["resize", {"width": 6000, "height": 6000}])
            raw = await read_until(ws, drawn_wide, SESSION_TIMEOUT)
            assert screen_extent(raw) == (200, 500)


JUNK_MESSAGES = (
    "not json",
    "[]",
    "{}",
    "[" * 5000,
    '["resize"]',
    '["resize", [1, 2]]',
    '["resize", {"width": "wide", "height": 10}]',
    '["resize", {"width": NaN, "height": 9}]',
    '["resize", {"width": true, "height": 1e999}]',
    '["stdin", 5]',
    '["stdin", "\\ud800"]',
    "[7, 8]",
    '["download", "x"]',
)


async def test_malformed_messages_are_ignored_and_the_session_goes_on(served):
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(f"ws://127.0.0.1:{served.port}/ws", max_msg_size=0) as ws:
            for text in JUNK_MESSAGES:
                await ws.send_str(text)
            await ws.send_json(["ping", "still here"])
            answers = []
            try:
                async with asyncio.timeout(SESSION_TIMEOUT):
                    while ["pong", "still here"] not in answers:
                        message = await ws.receive()
                        if message.type == aiohttp.WSMsgType.TEXT:
                            answers.append(json.loads(message.data))
                        elif message.type != aiohttp.WSMsgType.BINARY:
                            break
            except TimeoutError:
                pass
            assert ["pong", "still here"] in answers, served.output()[-2000:]


def open_raw_session(port):
    """A websocket that asks for a huge screen and reads almost nothing of it."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # so the server is left mid-frame
    sock.settimeout(20)
    sock.connect(("127.0.0.1", port))
    request = ["GET /ws?width=2000&height=2000 HTTP/1.1", *upgrade_headers(f"127.0.0.1:{port}")]
    sock.sendall(("\r\n".join(request) + "\r\n\r\n").encode())
    answer = b""
    while b"\r\n\r\n" not in answer and (chunk := sock.recv(1)):
        answer += chunk
    assert answer.startswith(b"HTTP/1.1 101"), answer
    return sock


def masked_text_frame(text):
    """A websocket text frame as a browser sends it (masked; up to 125 bytes)."""
    data, mask = text.encode(), os.urandom(4)
    assert len(data) <= 125
    return bytes([0x81, 0x80 | len(data)]) + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data))


def blocked_writing(pid):
    """Whether a thread of pid waits to write to a full pipe: the tutor is stuck mid-frame."""
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            if "pipe_write" in (task / "wchan").read_text():
                return True
        except OSError:
            pass
    return False


def wait_channels(pid):
    """What each thread of pid waits in, as the kernel names it: for a failure's message."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            found.append((task / "wchan").read_text() or "running")
    return found or "no threads: the tutor has ended"


def redraw_until_blocked(sock, tutor, timeout=120):
    """Ask for new sizes (each a whole new screen to send) until the tutor waits on the client.
    Here that takes about 3 s and 55 screens (the kernel's socket buffers, some MB, fill first);
    a machine busy with the rest of the suite can take ten times as long."""
    deadline, width = time.monotonic() + timeout, 500
    while not blocked_writing(tutor) and time.monotonic() < deadline:
        width = 500 if width < 400 else width - 1
        sock.sendall(masked_text_frame(json.dumps(["resize", {"width": width, "height": 200}])))
        time.sleep(0.05)
    return blocked_writing(tutor)


@pytest.mark.parametrize("how", ["reset", "half-a-frame-then-close"])
def test_dropped_client_leaves_no_tutor_process(served, how):
    before = set(children(served.proc.pid))
    sock = open_raw_session(served.port)
    try:
        started = wait_until(lambda: set(children(served.proc.pid)) - before, 20, what="a tutor process")
        assert len(started) == 1, started
        tutor = started.pop()
        # the tutor leads a process group of its own (from its setsid() on, just after the fork)
        wait_until(lambda: tutor in group_members(tutor), 20, what="the tutor leading its own process group")
        received = b""
        while b"\x1b[1;1H" not in received and (chunk := sock.recv(4096)):
            received += chunk  # up to the start of the first frame, then no more
        assert redraw_until_blocked(sock, tutor), f"the tutor never waited on its client: {wait_channels(tutor)}"
        if how == "reset":  # what the system does for a browser tab that is killed
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        else:  # a masked text frame that announces 4096 bytes and brings 3
            sock.sendall(b"\x81\xfe\x10\x00" + os.urandom(4) + b"abc")
    finally:
        sock.close()
    wait_until(lambda: gone(tutor), END_TIMEOUT, what=f"end of tutor {tutor} after its client dropped", every=0.1)


async def test_sessions_beyond_the_cap_are_refused_and_stopping_the_server_ends_them(tmp_path):
    server = Served(tmp_path, "--max-sessions", "2")
    url = f"ws://127.0.0.1:{server.port}/ws"
    tutors = []
    try:
        server.wait_ready()
        async with aiohttp.ClientSession() as session:
            first = await session.ws_connect(url)
            await session.ws_connect(url)
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await session.ws_connect(url)
            assert refused.value.status == 503
            async with session.get(server.url) as response:
                assert response.status == 503
                assert "All 2 sessions of nn-tutor are in use" in await response.text()
            tutors = await eventually(lambda: len(found := children(server.proc.pid)) == 2 and found, 20)
            assert tutors

            await first.close()  # its place goes to the next tab, once its tutor has ended
            assert await eventually(lambda: gone(tutors[0]) or gone(tutors[1]), END_TIMEOUT)
            deadline = time.monotonic() + END_TIMEOUT
            while True:
                try:
                    await session.ws_connect(url)
                    break
                except aiohttp.WSServerHandshakeError as busy:
                    assert busy.status == 503 and time.monotonic() < deadline
                    await asyncio.sleep(0.2)
            tutors += await eventually(lambda: sorted(set(children(server.proc.pid)) - set(tutors)), 20)
            assert len(tutors) == 3
            server.close()  # SIGTERM with two sessions open
    finally:
        server.close()
    assert server.proc.returncode == 0 and "stopped." in server.output()
    for pid in tutors:
        wait_until(lambda: gone(pid), END_TIMEOUT, what=f"end of tutor {pid} with the server", every=0.1)  # noqa: B023


# ---------------------------------------------------------------- headless Chromium


async def test_browser_shows_first_lesson(chromium, served, tmp_path):
    word = first_lesson_word()
    started = time.perf_counter()
    async with browser_page(chromium, tmp_path) as devtools:
        terminal = await open_terminal(devtools, served.url)
        await terminal.until(lambda t: word in t.text(), SESSION_TIMEOUT)
        assert terminal.sockets and terminal.sockets[0].startswith(f"ws://127.0.0.1:{served.port}/ws"), terminal.sockets
        assert word in terminal.text(), (
            f"{word!r} not in the browser's terminal after {SESSION_TIMEOUT} s:\n{terminal.text()[-2000:]}"
        )
        assert await devtools.evaluate("document.body.classList.contains('-first-byte')") is True
        await asyncio.sleep(2)  # let xterm.js draw the rest of the screen before the picture
        await screenshot(devtools, tmp_path, "nn-tutor-browser.png")
    print(f"browser check took {time.perf_counter() - started:.1f} s")
