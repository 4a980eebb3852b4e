"""Quitting is prompt, whatever is still computing.

The app runs in a child process through `App.run(headless=True, auto_pilot=...)`, the
path `nn-tutor` itself takes (asyncio.run included, whose shutdown waits for every
worker thread), so a worker that ignores cancellation shows up as a process that does
not end; the child is killed after TIMEOUT seconds.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

TIMEOUT = 12.0  # the child needs ~3 s: Python, imports, the app, one lesson, q

DRIVER = textwrap.dedent("""\
    import sys
    from nn_tutor.ui.app import TutorApp

    async def auto_pilot(pilot):
        for _ in range(500):
            if type(pilot.app.screen).__name__ == "LessonScreen":
                break
            await pilot.pause(0.02)
        screen = pilot.app.screen
        await pilot.press(*sys.argv[3:])
        for _ in range(500):                  # until the network shows (and runs, if asked)
            if screen.snapshot is not None and (screen.running or "r" not in sys.argv[3:]):
                break
            await pilot.pause(0.02)
        print("quitting", flush=True)
        await pilot.press("q")

    app = TutorApp(lessons_dir=sys.argv[1], progress_path=sys.argv[2])
    app.run(headless=True, size=(80, 24), auto_pilot=auto_pilot)
    print("exited", app.return_code, flush=True)
    print("training-process-ended" if app.session.process.poll() is not None else "training-process-alive")
""")

HEAVY_NET = dict(layers="[2, 100, 1]", m=20000)
HEAVY_COMPARE = "  compare:\n    field: learning_rate\n    values: [0.1, 0.5, 1.2, 3]\n    iterations: 20000\n"
CASES = {
    # training at full speed in the training process
    "while training runs": (dict(layers="[2, 100, 1]", m=2000, views="[cost, forward]"), ["s", "s", "r"]),
    # four big networks compared as soon as the lesson opens, the largest comparison
    # `nn-tutor check-lessons` accepts (~10 minutes of work); a worker thread once ignored
    # cancellation and kept the app alive until it was done
    "while a comparison is computed": (dict(HEAVY_NET, views="[cost, compare]", extra=HEAVY_COMPARE), []),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", list(CASES.values()), ids=list(CASES))
def test_quitting_ends_the_process_promptly(tutor, tmp_path, case):
    fields, keys = case
    folder = tutor.lessons(dict(id="heavy", title="Heavy", **fields))
    driver = tmp_path / "drive.py"
    driver.write_text(DRIVER, encoding="utf-8")
    try:  # the `tutor` fixture has put the data folders in tmp_path
        done = subprocess.run(
            [sys.executable, str(driver), str(folder), str(tutor.progress_path), *keys],
            cwd=tmp_path,
            env=dict(os.environ),
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )
    except subprocess.TimeoutExpired as timeout:
        out = timeout.stdout or b""
        out = out.decode() if isinstance(out, bytes) else out
        pytest.fail(f"the process was still running {TIMEOUT} s after it started; it printed {out!r}")
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["quitting", "exited", "0", "training-process-ended"], (
        done.stdout,
        done.stderr[-2000:],
    )
    assert json.loads(tutor.progress_path.read_text(encoding="utf-8"))["lesson_id"] == "heavy"
