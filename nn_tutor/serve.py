"""`nn-tutor serve`: the tutor in a web browser, with textual-serve.

Each browser tab that opens the page gets its own tutor process (`python -m nn_tutor`, run
by the same Python as the server) whose screen is drawn in the page by xterm.js.
textual-serve (and aiohttp) are imported only here, when the command runs, so they cost
nothing to the other commands.
"""

from __future__ import annotations

import asyncio
import errno
import shlex
import socket
import sys
from pathlib import Path

INSTALL_HINT = "pip install 'nn-tutor[serve]'"
WILDCARD_HOSTS = {"", "0.0.0.0", "::"}


def tutor_command(lessons_dir: str | Path | None = None) -> str:
    """The shell command each browser session runs: this Python, the tutor, its lessons."""
    argv = [sys.executable, "-m", "nn_tutor"]
    if lessons_dir is not None:
        argv += ["--lessons", str(Path(lessons_dir).resolve())]
    return shlex.join(argv)


def _url_host(host: str) -> str:
    if host in WILDCARD_HOSTS:
        host = "::1" if ":" in host else "127.0.0.1"
    return f"[{host}]" if ":" in host else host


def local_url(host: str, port: int) -> str:
    """Where a browser on this machine opens the tutor."""
    return f"http://{_url_host(host)}:{port}/"


def port_problem(host: str, port: int) -> str | None:
    """Why the server could not listen on host:port, or None when it can.

    Binds the way aiohttp will (SO_REUSEADDR, every address the host resolves to), then
    lets go at once, so a busy port is reported before anything is printed.
    """
    try:
        infos = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        return f"cannot use host {host!r}: {exc.strerror}"
    for family, kind, proto, _, address in infos:
        with socket.socket(family, kind, proto) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            try:
                sock.bind(address)
            except OSError as exc:
                return _bind_problem(exc, host, port)
    return None


def _bind_problem(exc: OSError, host: str, port: int) -> str:
    if exc.errno == errno.EADDRINUSE:
        return f"port {port} on {host or 'all addresses'} is already in use; choose another with --port"
    if exc.errno == errno.EACCES:
        return f"not allowed to listen on port {port}; ports below 1024 need extra rights, try --port 8000"
    if exc.errno == errno.EADDRNOTAVAIL:
        return f"{host!r} is not an address of this machine; try --host 127.0.0.1"
    return f"cannot listen on {host}:{port}: {exc.strerror or exc}"


def serve(host: str = "127.0.0.1", port: int = 8000, lessons_dir: str | Path | None = None) -> int:
    """Serve the tutor over HTTP until Ctrl+C; returns the exit code."""
    try:
        from textual_serve.server import Server
    except ImportError as exc:
        print(f"nn-tutor serve: needs textual-serve, which is not installed ({exc}).\n"
              f"Install it with:  {INSTALL_HINT}", file=sys.stderr)
        return 1

    if lessons_dir is not None and not Path(lessons_dir).is_dir():
        print(f"nn-tutor serve: --lessons {lessons_dir}: not a folder", file=sys.stderr)
        return 1
    problem = port_problem(host, port)
    if problem:
        print(f"nn-tutor serve: {problem}", file=sys.stderr)
        return 1

    url = local_url(host, port)
    everywhere = host in WILDCARD_HOSTS

    class TutorServer(Server):
        async def handle_index(self, request):
            # The page tells the browser where the websocket is: build that address from the
            # one the browser used, so --host 0.0.0.0 works from other machines too.
            self.public_url = f"{request.scheme}://{request.host}"
            return await super().handle_index(request)

        async def on_startup(self, app):
            print(f"nn-tutor is served at {url} - open it in a web browser.", flush=True)
            if everywhere:
                print(f"Other machines can open http://<this machine's address>:{port}/ "
                      "(anyone who reaches it gets a tutor).", flush=True)
            print("Press Ctrl+C to stop.", flush=True)

    server = TutorServer(tutor_command(lessons_dir), host=host or None, port=port, title="nn-tutor")
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        server.serve()
    except OSError as exc:  # lost a race for the port, or the address went away
        print(f"nn-tutor serve: {_bind_problem(exc, host, port)}", file=sys.stderr)
        return 1
    finally:
        asyncio.set_event_loop(None)
        if not loop.is_closed():
            loop.close()
    print("nn-tutor serve: stopped.")
    return 0
