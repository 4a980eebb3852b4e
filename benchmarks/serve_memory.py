"""Memory of `nn-tutor serve` per browser tab: how many tabs fit in how much memory.

    python benchmarks/serve_memory.py [TABS]

Starts a server, opens TABS (default 4) websocket sessions at 120x40 one after another,
waits until each shows its first lesson and has stepped its network once, then reads
each tab's processes (the tutor and its training process) from /proc: RSS, and PSS
(shared pages split between the processes that share them: the fair share). Prints
figures; asserts nothing. Linux only.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import aiohttp
from test_serve import Served, children, descendants, first_lesson_word, terminal_text


def memory_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) in kB of one process, 0 when it is gone."""
    found = {"Rss": 0, "Pss": 0}
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            key = line.split(":")[0]
            if key in found:
                found[key] = int(line.split()[1])
    except OSError:
        pass
    return found["Rss"], found["Pss"]


async def open_tab(session, port, word):
    ws = await session.ws_connect(f"ws://127.0.0.1:{port}/ws?width=120&height=40", max_msg_size=0)
    raw = b""
    async with asyncio.timeout(90):
        while word not in terminal_text(raw):
            message = await ws.receive()
            if message.type == aiohttp.WSMsgType.BINARY:
                raw += message.data
    await ws.send_json(["stdin", " "])  # one step: the training process has a network
    await asyncio.sleep(2)
    return ws


async def main(tabs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        server = Served(Path(tmp), "--max-sessions", str(tabs))
        try:
            server.wait_ready()
            word = first_lesson_word()
            base_rss, base_pss = memory_kb(server.proc.pid)
            async with aiohttp.ClientSession() as session:
                sockets = []
                for _ in range(tabs):
                    sockets.append(await open_tab(session, server.port, word))
                await asyncio.sleep(3)
                per_tab = []
                for tutor in children(server.proc.pid):
                    pids = [tutor, *descendants(tutor)]
                    rss = sum(memory_kb(pid)[0] for pid in pids)
                    pss = sum(memory_kb(pid)[1] for pid in pids)
                    per_tab.append((len(pids), rss, pss))
                server_rss, server_pss = memory_kb(server.proc.pid)
                for ws in sockets:
                    await ws.close()
        finally:
            server.close()
    for k, (count, rss, pss) in enumerate(per_tab, 1):
        print(f"tab {k}: {count} processes, RSS {rss / 1024:.0f} MB, PSS {pss / 1024:.0f} MB")
    mean_pss = sum(p for _, _, p in per_tab) / len(per_tab) / 1024
    mean_rss = sum(r for _, r, _ in per_tab) / len(per_tab) / 1024
    print(
        f"server itself: RSS {server_rss / 1024:.0f} MB (PSS {server_pss / 1024:.0f} MB; "
        f"{base_rss / 1024:.0f} MB before any tab)"
    )
    print(f"per tab: PSS {mean_pss:.0f} MB, RSS {mean_rss:.0f} MB; 1 GB holds about {int(1024 // mean_pss)} tabs (PSS)")


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 4))
