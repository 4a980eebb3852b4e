"""`nn-tutor serve`: the tutor in a web browser, with textual-serve.

Each browser tab that opens the page gets its own tutor process (`python -m nn_tutor`, run
by the same Python as the server) whose screen is drawn in the page by xterm.js. The server
answers only to its own address, serves at most --max-sessions tabs at once and bounds their
terminal size (see server.py). On loopback the tutor uses the learner's usual data; on any
other address (a class) each tab asks for a name and gets a folder of its own under the
server's data folder, with the exercises off unless --allow-code. textual-serve (and aiohttp) are imported only when the
command runs, so they cost nothing to the other commands.
"""

from __future__ import annotations

import asyncio
import errno
import socket
import sys
from pathlib import Path

from .addresses import ServedAddress, listen_addresses

INSTALL_HINT = "pip install 'nn-tutor[serve]'"
DEFAULT_MAX_SESSIONS = 8
DEFAULT_IDLE_MINUTES = 30.0


def tutor_argv(lessons_dir: str | Path | None = None) -> list[str]:
    """What each browser session runs: this Python, the tutor, its lessons."""
    argv = [sys.executable, "-m", "nn_tutor"]
    if lessons_dir is not None:
        argv += ["--lessons", str(Path(lessons_dir).resolve())]
    return argv


def local_url(host: str, port: int) -> str:
    """Where a browser on this machine opens the tutor."""
    if ServedAddress(host, port).everywhere:
        host = "::1" if ":" in host else "127.0.0.1"
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def banner(
    host: str,
    port: int,
    max_sessions: int,
    learners: Path | None = None,
    allow_code: bool = False,
    idle_minutes: float = DEFAULT_IDLE_MINUTES,
) -> str:
    """What the server prints once it listens; a warning when it listens on every interface,
    and for a class where learners' data goes and whether their code runs."""
    lines = [
        f"nn-tutor is served at {local_url(host, port)} - open it in a web browser "
        f"(at most {max_sessions} tabs at once; a tab idle for {idle_minutes:g} minutes is closed)."
    ]
    if ServedAddress(host, port).everywhere:
        lines.append(
            f"Warning: listening on all interfaces. Other machines can open "
            f"http://<this machine's address>:{port}/ (anyone who reaches it gets a tutor)."
        )
    if learners is not None:
        lines.append(
            f"Each learner types a name on the first screen and gets a folder of their own in "
            f"{learners} (no password: anyone who types the same name shares it)."
        )
        if allow_code:
            lines.append(
                "Exercises are ON (--allow-code): the code each learner writes runs on this machine "
                "as this user, within the sandbox's limits of memory, time and processes, and can "
                "read what this user can read. Serve only people you trust with that."
            )
        else:
            lines.append(
                "Exercises are off: they would run each learner's code on this machine. --allow-code turns them on."
            )
    lines.append("Press Ctrl+C to stop.")
    return "\n".join(lines)


def _learners_folder() -> Path:
    """Where a class's learners get their folders: in the server's own data folder."""
    from nn_tutor.progress import data_dir

    from .learner import LEARNERS

    return Path(data_dir()).resolve() / LEARNERS


def port_problem(host: str, port: int) -> str | None:
    """Why the server could not listen on host:port, or None when it can.

    Binds the way aiohttp will (SO_REUSEADDR, every address the host resolves to), then
    lets go at once, so a busy port is reported before anything is printed.
    """
    try:
        infos = listen_addresses(host, port)
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


def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    lessons_dir: str | Path | None = None,
    max_sessions: int = DEFAULT_MAX_SESSIONS,
    allow_code: bool = False,
    idle_minutes: float = DEFAULT_IDLE_MINUTES,
    public_url: str | None = None,
) -> int:
    """Serve the tutor over HTTP until Ctrl+C; returns the exit code."""
    try:
        from .server import TutorServer
    except ImportError as exc:
        print(
            f"nn-tutor serve: needs textual-serve, which is not installed ({exc}).\nInstall it with:  {INSTALL_HINT}",
            file=sys.stderr,
        )
        return 1

    if lessons_dir is not None and not Path(lessons_dir).is_dir():
        print(f"nn-tutor serve: --lessons {lessons_dir}: not a folder", file=sys.stderr)
        return 1
    public = None
    if public_url is not None:
        from .public import PublicURL

        try:
            public = PublicURL.parse(public_url)
        except ValueError as exc:
            print(f"nn-tutor serve: --public-url {public_url!r}: {exc}", file=sys.stderr)
            return 1
    problem = port_problem(host, port)
    if problem:
        print(f"nn-tutor serve: {problem}", file=sys.stderr)
        return 1

    address = ServedAddress(host, port)
    learners = None if address.loopback else _learners_folder()
    text = banner(host, port, max_sessions, learners, allow_code, idle_minutes)
    if public is not None:
        text = f"Behind a proxy at {public_url} (requests for it are answered too).\n" + text
    server = TutorServer(
        tutor_argv(lessons_dir),
        address,
        host=host,
        port=port,
        max_sessions=max_sessions,
        banner=text,
        learners=learners,
        allow_code=allow_code,
        idle_seconds=idle_minutes * 60,
        public=public,
    )
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        server.serve()
    except OSError as exc:  # lost a race for the port, or the address went away
        print(f"nn-tutor serve: {_bind_problem(exc, host, port)}", file=sys.stderr)
        return 1
    finally:
        server.kill_tabs()
        asyncio.set_event_loop(None)
        if not loop.is_closed():
            loop.close()
    print("nn-tutor serve: stopped.")
    return 0
