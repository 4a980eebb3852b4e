"""Front matter in the plain form lessons are written in, read without the YAML library.

Importing PyYAML costs more than reading a lesson, and the tutor reads the first lesson
before its first frame. This reads only keys, nested mappings by indent, flow lists and
scalars whose meaning in YAML is plain (a word or phrase, quoted or not, a whole or decimal
number); for anything else (escapes, comments, block lists, booleans, dates, ...) it returns None and the
YAML library reads the text, so the result is always the one YAML gives.
"""

from __future__ import annotations

import re
from typing import Any

_LINE = re.compile(r"^( *)([a-z_][a-z0-9_]*):(?: +(\S.*))?$")
_INT = re.compile(r"^-?(?:0|[1-9][0-9]{0,50})$")
_FLOAT = re.compile(r"^-?(?:0|[1-9][0-9]{0,50})\.[0-9]{1,50}$")
_TEXT = re.compile(r"^[A-Za-z][^\t:#\[\]{}|>&*!%@,]*$")  # a phrase: no YAML syntax in it
_PHRASE = re.compile(r"^[A-Za-z][^\t:#\[\]{}|>&*!%@]*$")  # the same with commas (outside a list)
_NOT_TEXT = {"y", "n", "yes", "no", "true", "false", "on", "off", "null"}  # YAML 1.1 reads these otherwise
_QUOTED = re.compile(r"""^(?:"([^"\\]*)"|'([^']*)')$""")  # quoted, without escapes
MAX_NESTING = 4
# what PyYAML's reader refuses (besides the control characters lessons refuse anyway)
# (written as the characters refused, not those allowed: that class takes ~20 ms to compile)
_UNREADABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def _scalar(text: str, pattern: re.Pattern) -> tuple[bool, Any]:
    """(True, value) for a scalar read as YAML reads it; (False, None) when unsure."""
    if _INT.match(text):
        return True, int(text)
    if _FLOAT.match(text):
        return True, float(text)
    if pattern.match(text) and text.rstrip() == text and text.lower() not in _NOT_TEXT:
        return True, text
    return False, None


def _value(text: str) -> tuple[bool, Any]:
    if text.startswith("[") and text.endswith("]"):
        inner = text[1:-1].strip()
        if not inner:
            return True, []
        items = []
        for part in inner.split(","):
            ok, item = _scalar(part.strip(), _TEXT)
            if not ok:
                return False, None
            items.append(item)
        return True, items
    quoted = _QUOTED.match(text)
    if quoted:
        return True, quoted.group(1) if quoted.group(1) is not None else quoted.group(2)
    return _scalar(text, _PHRASE)


def plain_front_matter(source: str) -> dict[str, Any] | None:
    """The mapping `source` holds, if it is written plainly (see above); else None."""
    if _UNREADABLE.search(source):
        return None  # YAML refuses these characters: let it say so
    top: dict[str, Any] = {}
    stack: list[tuple[int, dict]] = [(0, top)]  # (indent, mapping), the outermost first
    pending: tuple[dict, str] | None = None  # a key with nothing after it: its mapping follows
    for line in source.split("\n"):
        if not line.strip():
            continue
        found = _LINE.match(line.rstrip(" "))
        if found is None or found.group(2) in _NOT_TEXT:
            return None
        indent, key, text = len(found.group(1)), found.group(2), found.group(3)
        if pending is not None:
            if indent <= stack[-1][0] or len(stack) >= MAX_NESTING:
                return None  # (YAML would read the key as null)
            inner: dict[str, Any] = {}
            pending[0][pending[1]] = inner
            stack.append((indent, inner))
            pending = None
        else:
            while len(stack) > 1 and indent < stack[-1][0]:
                stack.pop()
            if indent != stack[-1][0]:
                return None
        mapping = stack[-1][1]
        if key in mapping:
            return None  # YAML keeps the last one: leave that to it
        if text is None:
            pending = (mapping, key)
            continue
        ok, value = _value(text)
        if not ok:
            return None
        mapping[key] = value
    return top if top and pending is None else None
