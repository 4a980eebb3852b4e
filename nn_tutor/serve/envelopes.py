"""What a tab's page sends on its websocket: JSON lists `[kind, data]` ("stdin", "resize", …)."""

from __future__ import annotations

import json

from aiohttp import WSMsgType, web


async def envelopes(websocket: web.WebSocketResponse):
    """(kind, data) of each message from the page, until it closes; malformed ones are skipped."""
    async for message in websocket:
        if message.type != WSMsgType.TEXT:
            continue
        try:
            envelope = json.loads(message.data)
        except (ValueError, RecursionError):
            continue
        if not isinstance(envelope, list) or not envelope:
            continue
        yield envelope[0], envelope[1] if len(envelope) > 1 else None
