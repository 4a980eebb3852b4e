"""`nn-tutor serve --public-url`: behind a proxy (jupyter-server-proxy) the page, its static
files and its websocket live under the proxy's path; a whole URL is checked exactly, a path
alone trusts the proxy's Host but not another site's Origin. And the entry point that lists
nn-tutor in JupyterLab's launcher."""

import pytest
from test_serve import (
    Served,
    first_lesson_word,
    raw_request,
    screen_until,
    upgrade_headers,
)

from nn_tutor.serve.jupyter import setup_nn_tutor
from nn_tutor.serve.public import PublicURL

aiohttp = pytest.importorskip("aiohttp")
HUB = "https://hub.example.org/user/ada/nn-tutor/"


@pytest.mark.parametrize(
    "text, whole, prefix",
    [
        (HUB, True, "/user/ada/nn-tutor/"),
        ("http://HUB.example:8080/x", True, "/x/"),
        ("/user/ada/nn-tutor/", False, "/user/ada/nn-tutor/"),
        ("/", False, "/"),
        ("http://[::1]:9/", True, "/"),
    ],
)
def test_public_urls_that_are_taken(text, whole, prefix):
    public = PublicURL.parse(text)
    assert public.whole == whole and public.prefix == prefix


@pytest.mark.parametrize(
    "text",
    [
        "hub.example.org/x/",
        "ftp://hub/x/",
        "https://hub/x/?a=1",
        "https://hub/x#y",
        "https://user@hub/x/",
        "/a/../b/",
        "//evil/x/",
        "/a b/",
        'https://hub/"><script>/',
        "",
        "https://",
    ],
)
def test_public_urls_that_are_refused(text):
    with pytest.raises(ValueError):
        PublicURL.parse(text)


def test_a_whole_url_is_checked_exactly():
    public = PublicURL.parse(HUB)
    assert public.allows("hub.example.org", None) and public.allows("HUB.example.org:443", "https://hub.example.org")
    for host, origin in (
        ("hub.example.org:80", None),
        ("evil.example", None),
        ("hub.example.org.evil", None),
        ("hub.example.org", "https://evil.example"),
        ("hub.example.org", "http://hub.example.org"),
        (None, None),
        ("hub.example.org/x", None),
    ):
        assert not public.allows(host, origin), (host, origin)
    assert public.websocket_url("ignored") == "wss://hub.example.org/user/ada/nn-tutor/ws"


def test_a_path_alone_wants_the_origin_to_be_the_hosts():
    public = PublicURL.parse("/user/ada/nn-tutor/")
    assert public.allows("localhost:8888", None) and public.allows("localhost:8888", "http://localhost:8888")
    assert public.allows("jupyter.example:443", "https://jupyter.example:443")
    assert not public.allows("localhost:8888", "http://evil.example")
    assert not public.allows("localhost:8888 evil", None) and not public.allows(None, None)


def test_the_entry_point_runs_serve_on_the_port_jupyter_gives(monkeypatch):
    monkeypatch.delenv("NN_TUTOR_PUBLIC_URL", raising=False)
    entry = setup_nn_tutor()
    command = entry["command"]
    assert command[1:4] == ["-m", "nn_tutor", "serve"] and "{port}" in command
    assert command[command.index("--public-url") + 1] == "{base_url}nn-tutor/"
    assert entry["launcher_entry"]["title"] == "nn-tutor"
    monkeypatch.setenv("NN_TUTOR_PUBLIC_URL", HUB)
    assert HUB in setup_nn_tutor()["command"]


def test_a_bad_public_url_is_a_clear_error(tmp_path):
    server = Served(tmp_path, "--public-url", "ftp://x/")
    assert server.proc.wait(60) == 1
    server.close()
    assert "--public-url 'ftp://x/'" in server.output() and "Traceback" not in server.output()


@pytest.fixture
def proxied(tmp_path, request):
    server = Served(tmp_path, "--public-url", request.param)
    try:
        server.wait_ready()
        yield server
    finally:
        server.close()


@pytest.mark.parametrize("proxied", ["http://hub.example:9999/user/ada/nn-tutor/"], indirect=True)
def test_through_a_whole_public_url(proxied):
    status, body = raw_request(proxied.port, "/", ["Host: hub.example:9999"])
    assert status == 200
    assert b'data-session-websocket-url="ws://hub.example:9999/user/ada/nn-tutor/ws"' in body
    assert b'src="/user/ada/nn-tutor/static/js/textual.js"' in body
    assert raw_request(proxied.port, "/", ["Host: hub.example:9998"])[0] == 403
    assert raw_request(proxied.port, "/", ["Host: hub.example:9999", "Origin: http://evil.example"])[0] == 403
    status, body = raw_request(proxied.port, "/", [f"Host: 127.0.0.1:{proxied.port}"])  # its own address too
    assert status == 200 and f"ws://127.0.0.1:{proxied.port}/ws".encode() in body
    assert "Behind a proxy at http://hub.example:9999/user/ada/nn-tutor/" in proxied.output()


@pytest.mark.parametrize("proxied", ["/user/ada/nn-tutor/"], indirect=True)
async def test_through_a_proxy_path_the_websocket_shows_the_tutor(proxied):
    status, body = raw_request(proxied.port, "/", ["Host: localhost:8888"])
    assert status == 200 and b'"ws://localhost:8888/user/ada/nn-tutor/ws"' in body
    assert PublicURL.SCHEME_FIX.encode() in body  # wss: when the page came over https
    assert (
        raw_request(
            proxied.port,
            "/ws",
            [*upgrade_headers("localhost:8888")[1:], "Host: localhost:8888", "Origin: http://evil.example"],
        )[0]
        == 403
    )
    word = first_lesson_word()
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(
            f"ws://127.0.0.1:{proxied.port}/ws", headers={"Host": "localhost:8888"}, origin="http://localhost:8888"
        ) as ws:
            text = await screen_until(ws, word)
    assert word in text, proxied.output()[-2000:]
