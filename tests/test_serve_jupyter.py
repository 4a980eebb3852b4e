"""nn-tutor behind JupyterLab's server (slow tier): `jupyter server` from the test environment
(the `test` extra installs jupyter-server and jupyter-server-proxy beside nn-tutor, as
`nn-tutor[jupyter]` does in a users' image) starts, and the path the entry point names
(/nn-tutor/) answers with the tutor's page, its static files and a websocket that shows the
first lesson, in Chromium too where it is installed. Skipped where jupyter-server is not
installed.
"""

import asyncio
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from browser import browser_page, find_chromium, open_terminal
from test_serve import SESSION_TIMEOUT, first_lesson_word, screen_until, stop

aiohttp = pytest.importorskip("aiohttp")
pytest.importorskip("jupyter_server", reason="jupyter-server is not installed (pip install '.[test]')")
pytest.importorskip("jupyter_server_proxy", reason="jupyter-server-proxy is not installed (pip install '.[test]')")
JUPYTER = Path(sys.executable).with_name("jupyter")  # the environment's own, which finds nn-tutor's entry point
TOKEN = "nn-tutor-test-token"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url, timeout=10):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.status, response.read().decode("utf-8", "replace")


@pytest.mark.slow
async def test_jupyter_server_proxies_the_tutor(tmp_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log_path = tmp_path / "jupyter.log"
    env = dict(
        os.environ,
        HOME=str(tmp_path),
        NN_TUTOR_DATA_DIR=str(tmp_path / "data"),
        JUPYTER_CONFIG_DIR=str(tmp_path / "config"),
        JUPYTER_DATA_DIR=str(tmp_path / "jupyter-data"),
    )
    env.pop("NN_TUTOR_PUBLIC_URL", None)
    with open(log_path, "wb") as log:
        server = subprocess.Popen(
            [
                str(JUPYTER),
                "server",
                "--no-browser",
                "--allow-root",
                f"--port={port}",
                f"--IdentityProvider.token={TOKEN}",
                f"--ServerApp.root_dir={tmp_path}",
            ],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=tmp_path,
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    get(f"{base}/api?token={TOKEN}")
                    break
                except OSError:
                    assert server.poll() is None and time.monotonic() < deadline, log_path.read_text()
                    await asyncio.sleep(0.5)
            status, page = await asyncio.to_thread(get, f"{base}/nn-tutor/?token={TOKEN}", 90)
            assert status == 200
            assert f'data-session-websocket-url="ws://127.0.0.1:{port}/nn-tutor/ws"' in page
            assert 'src="/nn-tutor/static/js/textual.js"' in page
            status, _ = await asyncio.to_thread(get, f"{base}/nn-tutor/static/js/textual.js?token={TOKEN}")
            assert status == 200

            word = first_lesson_word()
            async with aiohttp.ClientSession() as session:
                async with session.ws_connect(
                    f"ws://127.0.0.1:{port}/nn-tutor/ws?token={TOKEN}", origin=base, max_msg_size=0
                ) as ws:
                    text = await screen_until(ws, word)
            assert word in text, log_path.read_text()[-3000:]

            chromium = find_chromium()  # a person's browser on the proxied path, where there is one
            if chromium is not None:
                async with browser_page(chromium, tmp_path) as devtools:
                    terminal = await open_terminal(devtools, f"{base}/nn-tutor/?token={TOKEN}")
                    assert await terminal.until(lambda t: word in t.text(), SESSION_TIMEOUT), (
                        terminal.text()[-2000:] + log_path.read_text()[-2000:]
                    )
        finally:
            stop(server, timeout=20)
    assert "Behind a proxy at /nn-tutor/" in log_path.read_text()
