"""The text a teacher writes, made safe for a terminal: no control characters, web links only.

A title holding ESC ]0;…BEL would retitle the window, ESC ]52;… write the clipboard,
ESC [2J blank the screen: control characters other than newline and tab are refused,
naming the field, and every message that quotes a file shows them escaped.
"""

from __future__ import annotations

import functools
import re
from typing import Any
from urllib.parse import urlsplit

# C0 controls, DEL and C1 controls (ESC, BEL, CSI...): what a terminal may act on.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # newline and tab allowed
_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}
WEB_SCHEMES = ("http", "https")


def shown(text: Any) -> str:
    """`text` safe to print on one line: every control character written as an escape."""
    return CONTROL.sub(lambda m: _NAMED.get(m.group(), f"\\x{ord(m.group()):02x}"), str(text))


def control_in_text(text: str) -> tuple[int, str] | None:
    """(line number from 1, the character escaped) of the first control character, or None."""
    found = CONTROL_IN_TEXT.search(text)
    if found is None:
        return None
    return text.count("\n", 0, found.start()) + 1, shown(found.group())


def control_in_values(data: Any) -> tuple[str, str] | None:
    """(field, character escaped) of the first key or text value holding a control character.

    Walks without recursion, each list or mapping once (YAML aliases can share them).
    """
    todo: list[tuple[str, Any]] = [("", data)]
    seen: set[int] = set()
    while todo:
        name, value = todo.pop()
        if isinstance(value, str):
            found = CONTROL.search(value)
            if found is not None:
                return name or "front matter", shown(found.group())
        elif isinstance(value, (dict, list)) and id(value) not in seen:
            seen.add(id(value))
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in reversed(list(items)):
                field = f"{name}[{key}]" if isinstance(value, list) else f"{name}.{key}" if name else str(key)
                todo.append((field, item))
                if isinstance(value, dict):
                    todo.append((field, key))  # the key itself, as written
    return None


def is_web_link(href: str) -> bool:
    """True for an http(s) address: the only links a lesson opens."""
    try:
        return urlsplit(href).scheme.lower() in WEB_SCHEMES
    except ValueError:
        return False


def _refused(href: str) -> bool:
    """A link to something other than the web: another scheme (file:, javascript:, data:, ...)
    or an absolute path. (Relative links are left for the click to refuse: `g[1](z)` in a
    formula parses as one.)"""
    if href.startswith(("/", "\\", "~")):
        return True
    try:
        scheme = urlsplit(href).scheme
    except ValueError:
        return True
    return bool(scheme) and scheme.lower() not in WEB_SCHEMES


@functools.cache
def markdown_parser():
    """CommonMark with tables and strikethrough: what lessons are written in, and what the
    lesson screen draws (nn_tutor.ui.lesson_text). Every link is kept, to be judged."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    parser.validateLink = lambda url: True
    return parser


def parse_markdown(body: str) -> list:
    """The block tokens of `body`, every link kept."""
    return markdown_parser().parse(body)


def count_blocks(tokens: list) -> int:
    """Paragraphs, headings, list items, table cells, ...: each costs the widget a few ms to draw."""
    return sum(1 for t in tokens if t.nesting != -1 and t.type != "inline")


def refused_link(tokens: list) -> tuple[int, str] | None:
    """(line number from 1, address) of the first link or image that is not on the web, or None."""
    for block in tokens:
        for token in block.children or ():
            href = token.attrGet("href") if token.type == "link_open" else token.attrGet("src")
            if token.type in ("link_open", "image") and isinstance(href, str) and _refused(href):
                return (block.map[0] + 1 if block.map else 1), href
    return None
