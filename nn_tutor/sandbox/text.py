"""Text that came from learner code, made safe to show: bounded, no control characters.

Everything a learner's process says (exception messages, printed output, type names) passes
through `safe_text` before it reaches a terminal, a screen or a notice: escape sequences could
otherwise retitle the window, set the clipboard or clear the screen.
"""

from __future__ import annotations

import re

# C0 and C1 controls except tab and newline; DEL; zero-width, bidi and line-separator marks;
# lone surrogates
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ud800-\udfff]")


def _visible(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe_text(text, limit: int = 2000, keep_end: bool = False) -> str:
    """`text` cut to about `limit` characters (its start, or its end with keep_end) and every
    control character but newline and tab shown as an escape (\\x1b)."""
    if not isinstance(text, str):
        try:
            text = str(text)
        except Exception:  # noqa: BLE001 - a learner's __str__ may raise anything
            text = "?"
    if len(text) > limit:
        cut = len(text) - limit
        text = (
            (f"[{cut} characters before]\n" + text[-limit:])
            if keep_end
            else (text[:limit] + f"… [{cut} more characters]")
        )
    return _UNSAFE.sub(_visible, text)
