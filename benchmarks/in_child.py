"""One benchmark script run again in a fresh process, its figures read back."""

from __future__ import annotations

import json
import subprocess
import sys


def json_figures(script: str, *args: str, env: dict | None = None) -> dict:
    """The last JSON object that `python script --json *args` prints (`env`: its environment)."""
    out = subprocess.run(
        [sys.executable, script, "--json", *args], capture_output=True, text=True, env=env, timeout=900
    )
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(f"{script} failed:\n{out.stderr[-3000:]}")
    return json.loads(lines[-1])
