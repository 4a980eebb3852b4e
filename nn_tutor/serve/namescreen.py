"""The first screen a class's browser tab shows: "Your name:". The server draws it itself in
the page's terminal, before any tutor starts, and the name picks the learner's folder.

No password: anyone who types the same name shares that folder (the README says so).
"""

from __future__ import annotations

import re
import time
from pathlib import Path

from aiohttp import web

from . import learner
from .envelopes import envelopes

CLEAR = "\x1b[0m\x1b[2J\x1b[H"
ESCAPE = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|O.|.)?", re.DOTALL)  # arrows, function keys, alt+key
INTRO = (
    "nn-tutor\r\n\r\n"
    "Type your name and press enter. Your progress and exercises are kept under it on\r\n"
    "this server: type the same name next time to go on where you left off.\r\n"
    "There is no password, so anyone who types the same name shares the same folder.\r\n\r\n"
)


def _screen(typed: str, problem: str = "") -> bytes:
    note = f"\r\n\r\n\x1b[33m{problem}\x1b[0m" if problem else ""
    # the cursor goes back up after the problem line, to the end of what is typed
    back = "\x1b[2A\x1b[" + str(len("Your name: ") + len(typed) + 1) + "G" if problem else ""
    return (CLEAR + INTRO + "Your name: " + typed + note + back).encode()


async def ask_name(
    websocket: web.WebSocketResponse, learners: Path, size: tuple[int, int], session
) -> tuple[Path, tuple[int, int]] | None:
    """Ask the tab for a name until one is usable; its folder (made) and the terminal size
    last asked for, or None when the tab closes first."""
    typed = ""
    await websocket.send_bytes(_screen(typed))
    async for kind, data in envelopes(websocket):
        if kind == "resize" and isinstance(data, dict):
            from .server import terminal_size

            size = terminal_size(data.get("width"), data.get("height")) or size
            session.last_active = time.monotonic()
        elif kind == "ping":
            await websocket.send_json(["pong", data])
        elif kind == "stdin" and isinstance(data, str):
            session.last_active = time.monotonic()
            typed, entered = _edit(typed, data)
            if entered is None:
                await websocket.send_bytes(_screen(typed))
                continue
            try:
                name = learner.folder_name(entered)
                folder = learners / name
                folder.mkdir(parents=True, exist_ok=True)
            except ValueError as err:
                typed = ""
                await websocket.send_bytes(_screen(typed, str(err)))
                continue
            except OSError as err:
                typed = ""
                await websocket.send_bytes(_screen(typed, f"Your folder cannot be made ({err.strerror})."))
                continue
            await websocket.send_bytes((CLEAR + f"Hello, {name}. Starting the tutor…").encode())
            return folder, size
    return None


def _edit(typed: str, keys: str) -> tuple[str, str | None]:
    """What is typed after keys (backspace deletes, escape sequences are ignored), and the
    line entered when keys held enter (else None)."""
    keys = ESCAPE.sub("", keys)
    for char in keys:
        if char in "\r\n":
            return "", typed
        if char in "\x7f\b":
            typed = typed[:-1]
        elif char.isprintable() and len(typed) < learner.MAX_NAME:
            typed += char
    return typed, None
