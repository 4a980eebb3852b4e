"""What the exercises screen says: the status marks, the lines under the table, the help.

No widget here: plain text from results and the exercise records.
"""

from __future__ import annotations

from pathlib import Path

from nn_tutor.exercises import NAMES, Result, by_name, hints, lesson_label
from nn_tutor.exercises.compare import headline

STATUS_TEXT = {"passed": "✓ passed", "failed": "✗ failed", "todo": "· todo", "blocked": "◌ waits", None: "… checking"}
STATUS_COLOUR = {"passed": "text-success", "failed": "text-error", "blocked": "text-warning"}
YOURS = ("forward", "backward", "update")
YOURS_READY = (
    "forward, backward and update pass: press y in a two-layer lesson (such as {}) to train "
    "your network in the panel, beside the reference."
)
FINISHED = (
    "All {} pass: every function is yours. Press s on any of them to compare it with the "
    "reference, and y in {} to train your network beside the reference."
)
HELP_NOTES = (
    "Each exercise is a function to write in your workspace; its docstring names the lesson "
    "to read. Each time a file is saved (here with ctrl+s, or in your own editor) the screen "
    "checks again the functions the save changed, and those that use them; r checks them all. "
    "✓ passed, ✗ failed, · todo (still the stub), ◌ waits (checked after a function it uses "
    "passes), … checking."
)


def verdict_line(result: Result | None, width: int | None = None) -> str:
    """The message's first clause, its function's name kept, without context or lesson; cut to
    `width` characters only when a width is given (the detail pane shows it whole)."""
    if result is None:
        return ""
    text = headline(result.message)
    return text if width is None or len(text) <= width else text[: max(width - 1, 1)] + "…"


def tilde(path: Path) -> str:
    """The path as a shell prints it: ~ for the home folder."""
    try:
        return str(Path("~") / path.resolve().relative_to(Path.home().resolve()))
    except (ValueError, RuntimeError, OSError):  # elsewhere, or no home folder
        return str(path)


def hint_text(name: str, shown: int) -> str:
    """The first `shown` hints for `name` (the first always), and how to see the next."""
    shown = max(shown, 1)
    texts = hints(name)
    lines = [f"Hint {i + 1} of {len(texts)}: {texts[i]}" for i in range(min(shown, len(texts)))]
    more = "  (h: the next hint)" if shown < len(texts) else ""
    return "\n".join(lines) + more + f"\nRead {lesson_label(by_name(name).lesson)}."


def yours_note(passed: set[str]) -> str:
    """What passing makes possible: training your network, or comparing with the reference."""
    two_layer = lesson_label("two-layer-gradient-descent")
    if len(passed) == len(NAMES):
        return FINISHED.format(len(NAMES), two_layer)
    return YOURS_READY.format(two_layer) if set(YOURS) <= passed else ""
