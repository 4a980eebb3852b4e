"""The in-app editor in a browser: under `nn-tutor serve` (loopback, exercises on), headless
Chromium opens the exercises with `e`, opens sigmoid in the editor with enter, types the body,
saves with ctrl+s and sees it pass. Keys go through the page's terminal (xterm.js) as a person's
would; ctrl+s must reach the tutor, not the browser's "save page". Skipped without Chromium.
"""

import subprocess
import sys
import time

import pytest
from browser import browser_page, open_terminal, screenshot
from test_serve import SESSION_TIMEOUT, Served, first_lesson_word

from nn_tutor.exercises import NAMES

CHECK_TIMEOUT = 40  # seconds for a check of the workspace on a busy machine
FIX = "return 1 / (1 + np.exp(-z))"
# every keydown the page sees, kept to ask later whether the page took it from the browser
RECORD_KEYS = "window.keysSeen = []; window.addEventListener('keydown', e => window.keysSeen.push(e), true);"


@pytest.fixture
def served_workspace(tmp_path):
    """A served tutor whose progress remembers a fresh exercises workspace."""
    workspace = tmp_path / "ws"
    subprocess.run(
        [sys.executable, "-m", "nn_tutor", "exercises", "init", str(workspace)],
        capture_output=True,
        check=True,
        timeout=60,
        env={**__import__("os").environ, "NN_TUTOR_DATA_DIR": str(tmp_path / "data")},
    )
    server = Served(tmp_path)
    try:
        server.wait_ready()
        yield server, workspace
    finally:
        server.close()


async def test_a_fix_typed_in_the_browser_passes(chromium, served_workspace, tmp_path):
    served, workspace = served_workspace
    assert NAMES[0] == "sigmoid"
    started = time.perf_counter()
    async with browser_page(chromium, tmp_path) as devtools:
        terminal = await open_terminal(devtools, served.url)
        word = first_lesson_word()
        assert await terminal.until(lambda t: word in t.text(), SESSION_TIMEOUT), terminal.text()[-2000:]
        await devtools.evaluate(RECORD_KEYS)
        await devtools.evaluate("document.querySelector('.xterm-helper-textarea').focus()")

        mark = len(terminal.raw)
        await devtools.press("e")
        listed = f"0 of {len(NAMES)} passed"
        assert await terminal.until(lambda t: listed in t.text(mark), CHECK_TIMEOUT), (
            f"{listed!r} not on the screen:\n{terminal.text(mark)[-2000:]}\n{served.output()[-2000:]}"
        )

        mark = len(terminal.raw)
        await devtools.press("enter")  # sigmoid is the first row, selected
        assert await terminal.until(lambda t: "network.py: sigmoid" in t.text(mark), SESSION_TIMEOUT), terminal.text(
            mark
        )[-2000:]
        # the cursor is on `def sigmoid(z):`; the stub's `raise` is the body's first line of code
        body = [
            i
            for i, line in enumerate((workspace / "network.py").read_text().splitlines())
            if line.strip() == 'raise NotImplementedError("sigmoid")'
        ][0]
        start = [
            i
            for i, line in enumerate((workspace / "network.py").read_text().splitlines())
            if line.startswith("def sigmoid")
        ][0]
        await devtools.press(*["down"] * (body - start), "end", "shift+home")
        await devtools.type(FIX)
        await devtools.press("ctrl+s")
        taken = await devtools.evaluate(
            "window.keysSeen.filter(e => e.ctrlKey && e.key === 's').map(e => e.defaultPrevented)"
        )
        assert taken == [True], "the browser kept ctrl+s for itself"
        mark = len(terminal.raw)
        assert await terminal.until(lambda t: "✓" in t.text(mark), CHECK_TIMEOUT), (
            f"no pass after ctrl+s:\n{terminal.text(mark)[-1000:]}\n{served.output()[-2000:]}"
        )
        assert f"    {FIX}\n" in (workspace / "network.py").read_text()

        mark = len(terminal.raw)
        await devtools.press("escape")
        passed = f"1 of {len(NAMES)} passed"
        assert await terminal.until(lambda t: passed in t.text(mark) and "✓ passed" in t.text(mark), SESSION_TIMEOUT), (
            terminal.text(mark)[-2000:]
        )
        await screenshot(devtools, tmp_path, "nn-tutor-browser-editor.png")
    print(f"browser editor check took {time.perf_counter() - started:.1f} s")
