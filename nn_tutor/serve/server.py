"""The web server behind `nn-tutor serve`: textual-serve's Server and AppService, hardened.

TutorServer answers only requests whose Host (and Origin, when one is sent) name this
server, caps the number of sessions, and bounds the terminal size a browser may ask for.
TabTutor runs each tutor in a process group of its own and ends that group with its
websocket, however the connection ends. For a class (`learners` given), each tab first asks
for a name (namescreen.py) and its tutor runs in that learner's folder. A tab idle for
`idle_seconds` is ended. Imported only when `nn-tutor serve` runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import shlex
import signal
import time
from pathlib import Path

from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from . import learner
from .addresses import ServedAddress
from .envelopes import envelopes
from .namescreen import ask_name
from .public import PublicURL

log = logging.getLogger("nn-tutor.serve")

MIN_WIDTH, MIN_HEIGHT = 10, 5
MAX_WIDTH, MAX_HEIGHT = 500, 200  # a bigger screen costs the tutor hundreds of MB to draw
QUIT_SECONDS = 3.0  # a tutor asked to quit has this long before its group gets SIGTERM
TERM_SECONDS = 2.0  # ... and then this long before SIGKILL
CLOSE_SECONDS = 2.0  # the longest wait for a browser to acknowledge the end of its session
FORBIDDEN = "403: nn-tutor answers only to pages opened at its own address.\n"
NOT_UPGRADED = "400: /ws is the tutor's websocket; open the page at / instead.\n"
IDLE_CHECKS = 10  # the idle watch looks this many times per idle period (at least once a minute)


def terminal_size(width, height) -> tuple[int, int] | None:
    """The size a browser asked for, as whole cells within bounds; None when not numbers."""
    try:
        if isinstance(width, bool) or isinstance(height, bool):
            return None
        return (min(max(int(width), MIN_WIDTH), MAX_WIDTH), min(max(int(height), MIN_HEIGHT), MAX_HEIGHT))
    except (TypeError, ValueError, OverflowError):
        return None


def busy_message(max_sessions: int) -> str:
    return (
        f"All {max_sessions} sessions of nn-tutor are in use. Close a tab that shows the tutor, then reload this page."
    )


class TabTutor(AppService):
    """One browser tab's tutor, run in its own process group and ended with its websocket."""

    def __init__(self, argv: list[str], **kwargs):
        super().__init__(shlex.join(argv), **kwargs)
        self.argv = argv
        self.on_end = None  # called once the tutor has ended
        self.env: dict[str, str] = {}  # added to the tutor's environment (a learner's folder)
        self.last_active = time.monotonic()  # when the browser last sent a key or a size
        self.client_gone = False
        self._spawning: asyncio.Future | None = None
        self._ending: asyncio.Future | None = None

    @property
    def pid(self) -> int | None:
        return None if self._process is None else self._process.pid

    async def _open_app_process(self, width: int = 80, height: int = 24):
        # No shell between the server and the tutor, and a new session (so a process group)
        # for the tutor and anything it starts, so that one signal ends them all.
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env={**self._build_environment(width=width, height=height), **self.env},
            start_new_session=True,
        )
        self._stdin = process.stdin
        return process

    async def start(self, width: int, height: int) -> None:
        # The spawn runs on if this task is cancelled, so that stop() can end what it started.
        self._spawning = asyncio.ensure_future(self._open_app_process(width, height))
        await asyncio.shield(self._spawning)
        self._task = asyncio.create_task(self.run())

    async def set_terminal_size(self, width, height) -> None:
        size = terminal_size(width, height)
        if size is not None:
            await super().set_terminal_size(*size)

    async def on_data(self, payload: bytes) -> None:
        await self._to_client(super().on_data(payload))

    async def on_meta(self, data: bytes) -> None:
        await self._to_client(super().on_meta(data))

    async def _to_client(self, sending) -> None:
        # Once the browser is gone the tutor's output is read and dropped, so the tutor is
        # never stuck writing a frame nobody reads and can quit when asked.
        if self.client_gone:
            sending.close()
            return
        try:
            await sending
        except (ConnectionError, RuntimeError):
            self.client_gone = True

    async def stop(self) -> None:
        """End the tutor and its process group; safe to call more than once, or cancel."""
        if self._ending is None:
            self._ending = asyncio.ensure_future(self._end())
        await asyncio.shield(self._ending)

    async def _end(self) -> None:
        try:
            if self._spawning is not None:  # a tutor still starting is waited for, then ended
                with contextlib.suppress(Exception):
                    await self._spawning
            if self._process is not None:
                await self._end_process(self._process)
            await self._download_manager.cancel_app_downloads(app_service_id=self.app_service_id)
            if self._task is not None:
                self._task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await self._task
            if not self.client_gone:
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(self.remote_close(), CLOSE_SECONDS)
        finally:
            if self.on_end is not None:
                self.on_end()

    async def _end_process(self, process) -> None:
        """Ask the tutor to quit (it saves progress), then signal its group if it does not."""
        try:
            await asyncio.wait_for(self.send_meta({"type": "quit"}), QUIT_SECONDS)
            await asyncio.wait_for(process.wait(), QUIT_SECONDS)
        except TimeoutError:
            log.warning("tutor %s did not quit within %s s: ending its process group", process.pid, QUIT_SECONDS)
            self.signal_group(signal.SIGTERM)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(process.wait(), TERM_SECONDS)
        finally:
            self.signal_group(signal.SIGKILL)  # whatever is left: the tutor or its children
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(process.wait(), TERM_SECONDS)  # reaped: no zombie left

    def signal_group(self, signum: int) -> None:
        if self._process is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self._process.pid, signum)


class TutorServer(Server):
    """textual-serve's Server with address checks, a cap on tabs and TabTutors."""

    def __init__(
        self,
        argv: list[str],
        address: ServedAddress,
        host: str,
        port: int,
        max_sessions: int,
        banner: str,
        learners: Path | None = None,
        allow_code: bool = False,
        idle_seconds: float = 30 * 60,
        public: PublicURL | None = None,
    ):
        super().__init__(shlex.join(argv), host=host or None, port=port, title="nn-tutor")
        self.argv = argv
        self.address = address
        self.max_sessions = max_sessions
        self.banner = banner
        self.learners = learners  # a class: each learner's folder is made in this one
        self.allow_code = allow_code
        self.idle_seconds = idle_seconds
        self.public = public  # the address a proxy serves the tutor under (--public-url)
        self.tabs: dict[str, TabTutor] = {}

    def full(self) -> bool:
        return len(self.tabs) >= self.max_sessions

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(self._address_check())
        return app

    def _address_check(self):
        address, public = self.address, self.public

        def allowed(host, origin) -> bool:
            if address.allows_host(host) and (origin is None or address.allows_origin(origin)):
                return True
            return public is not None and public.allows(host, origin)

        @web.middleware
        async def check(request: web.Request, handler):
            host, origin = request.headers.get("Host"), request.headers.get("Origin")
            if not allowed(host, origin):
                log.warning("refused a request for %r: Host %r, Origin %r", request.path, host, origin)
                raise web.HTTPForbidden(text=FORBIDDEN)
            return await handler(request)

        return check

    async def on_startup(self, app: web.Application) -> None:
        print(self.banner, flush=True)

    async def on_shutdown(self, app: web.Application) -> None:
        tabs = list(self.tabs.values())
        await asyncio.gather(*(tab.stop() for tab in tabs), return_exceptions=True)

    def kill_tabs(self) -> None:
        """The last resort when the server stops: SIGKILL every tutor still running."""
        for tab in list(self.tabs.values()):
            tab.signal_group(signal.SIGKILL)

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        if self.full():
            return web.Response(status=503, text=busy_message(self.max_sessions))
        # The page tells the browser where the websocket is: the address the browser used,
        # which the middleware has checked names this server. Nothing awaits between here
        # and the page being drawn, so concurrent requests do not mix their addresses.
        host = request.headers["Host"]
        if self.public is not None and not self.address.allows_host(host):
            return self._proxied_page(request, host)
        self.public_url = f"http://{host}"
        return await super().handle_index(request)

    def _proxied_page(self, request: web.Request, host: str) -> web.Response:
        """The page as seen through the proxy: static files and websocket under its path."""
        import aiohttp_jinja2

        prefix = self.public.prefix
        context = {
            "font_size": 16,
            "app_websocket_url": self.public.websocket_url(host),
            "config": {"static": {"url": prefix + "static/"}},
            "application": {"name": self.title},
        }
        response = aiohttp_jinja2.render_template("app_index.html", request, context)
        if not self.public.whole:
            response.text = response.text.replace("</body>", PublicURL.SCHEME_FIX + "</body>", 1)
        return response

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
        websocket = web.WebSocketResponse(heartbeat=15)
        if not websocket.can_prepare(request).ok:
            return web.Response(status=400, text=NOT_UPGRADED)
        if self.full():
            return web.Response(status=503, text=busy_message(self.max_sessions))
        size = terminal_size(request.query.get("width", 80), request.query.get("height", 24)) or (80, 24)
        tab = TabTutor(
            self.argv,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=websocket.close,
            download_manager=self.download_manager,
            debug=self.debug,
        )
        tab.on_end = lambda: self.tabs.pop(tab.app_service_id, None)
        self.tabs[tab.app_service_id] = tab
        watch = None
        try:
            await websocket.prepare(request)
            watch = asyncio.create_task(self._watch_idle(websocket, tab))
            if self.learners is not None:
                answer = await ask_name(websocket, self.learners, size, tab)
                if answer is None:  # the tab closed before a name was typed
                    return websocket
                folder, size = answer
                tab.env = {
                    "NN_TUTOR_DATA_DIR": str(folder),
                    learner.LEARNER_ENV: str(folder),
                    learner.ALLOW_CODE_ENV: "1" if self.allow_code else "0",
                }
            await tab.start(*size)
            await self._process_messages(websocket, tab)
        except Exception:
            log.exception("tab %s failed", tab.app_service_id)
        finally:
            if watch is not None:
                watch.cancel()
            await tab.stop()
        return websocket

    async def _watch_idle(self, websocket: web.WebSocketResponse, tab: TabTutor) -> None:
        """End the tab once nothing came from its browser for idle_seconds: its seat is freed."""
        every = min(self.idle_seconds / IDLE_CHECKS, 60.0)
        while True:
            await asyncio.sleep(every)
            if time.monotonic() - tab.last_active >= self.idle_seconds:
                minutes = self.idle_seconds / 60
                log.info("tab %s idle for %.3g minutes: ended", tab.app_service_id, minutes)
                with contextlib.suppress(Exception):
                    await websocket.send_bytes(
                        f"\x1b[0m\r\n nn-tutor: this tab was idle for {minutes:.3g} minutes and has "
                        "been closed (your progress is saved). Reload the page to go on. \r\n".encode()
                    )
                with contextlib.suppress(Exception):
                    await websocket.close(message=b"idle")
                return

    async def _process_messages(self, websocket: web.WebSocketResponse, tab: TabTutor) -> None:
        """Pass the browser's keys and sizes to the tutor; malformed messages are ignored."""
        async for kind, data in envelopes(websocket):
            if kind in ("stdin", "resize"):
                tab.last_active = time.monotonic()
            if kind == "stdin" and isinstance(data, str):
                await tab.send_bytes(data.encode("utf-8", "replace"))
            elif kind == "resize" and isinstance(data, dict):
                await tab.set_terminal_size(data.get("width"), data.get("height"))
            elif kind == "ping":
                await websocket.send_json(["pong", data])
            elif kind == "blur":
                await tab.blur()
            elif kind == "focus":
                await tab.focus()
