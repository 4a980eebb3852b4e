"""Reading one lesson file: its bytes, its text, the YAML front matter and the markdown body.

Only regular files are read (a fifo would block, /dev/zero never ends), at most
MAX_FILE_BYTES of them; YAML nested deeper than MAX_DEPTH or numbers longer than
MAX_DIGITS are refused before Python would recurse or choke on them (nn_tutor.lessons.yaml_load).
Front matter in the usual plain form is read without importing YAML (front_matter.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nn_tutor.lessons.front_matter import plain_front_matter
from nn_tutor.lessons.lesson import LessonError
from nn_tutor.lessons.text import control_in_text
from nn_tutor.model.config import describe
from nn_tutor.readfile import NotReadable, read_regular

MAX_FILE_BYTES = 256 * 1024
MAX_FRONT_MATTER_BYTES = 16 * 1024  # a lesson's is under 1 KiB; the YAML parser is pure Python
MAX_DEPTH = 20  # lists and mappings inside one another in the front matter
MAX_DIGITS = 100  # characters of one number in the front matter


def read_bytes(path: Path) -> bytes:
    """The bytes of a regular file of at most MAX_FILE_BYTES; never blocks on a fifo or a device."""
    try:
        return read_regular(path, MAX_FILE_BYTES)[0]
    except NotReadable as exc:
        expected = {
            "too_big": f"a lesson file of at most {MAX_FILE_BYTES // 1024} KiB: split it into shorter lessons",
            "folder": "a markdown file",
            "special": "a regular markdown file",
        }
        raise LessonError(path, "file", exc.why, expected.get(exc.reason, "a readable file")) from None


def read_text(path: Path) -> str:
    """The file's text, newlines made '\\n'; LessonError when it is not a readable UTF-8 file."""
    data = read_bytes(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1].hex()
        raise LessonError(
            path, "file", f"is not UTF-8 text (byte 0x{bad} at offset {exc.start})", "UTF-8 text"
        ) from None
    if not text.strip():
        raise LessonError(path, "file", "is empty", "front matter between '---' lines, then markdown")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_front_matter(path: Path, text: str) -> tuple[str, str, int]:
    """(yaml text, markdown body, the file's line number where the body starts)."""
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        raise LessonError(path, "front matter", "missing", "the first line to be '---', then YAML, then '---'")
    for i in range(1, len(lines)):
        if lines[i].rstrip() == "---":
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1 :]), i + 2
    raise LessonError(path, "front matter", "has no closing '---' line", "YAML between two '---' lines")


FIRST_YAML_LINE = 2  # the front matter starts on the file's second line


def no_control_characters(path: Path, text: str, field: str, first_line: int) -> None:
    """LessonError naming the line of the first control character other than newline and tab."""
    found = control_in_text(text)
    if found is not None:
        line, char = found
        raise LessonError(
            path,
            field,
            f"line {line + first_line - 1} holds the control character {char}",
            "text without control characters (only newline and tab)",
        )


def parse_yaml(path: Path, source: str) -> dict[str, Any]:
    size = len(source.encode("utf-8"))
    if size > MAX_FRONT_MATTER_BYTES:
        raise LessonError(
            path, "front matter", f"is {size / 1024:,.0f} KiB", f"at most {MAX_FRONT_MATTER_BYTES // 1024} KiB of YAML"
        )
    data = plain_front_matter(source)  # the usual plain form, without importing YAML
    if data is None:
        from nn_tutor.lessons.yaml_load import load_yaml

        data = load_yaml(path, source)
    if data is None:
        raise LessonError(path, "front matter", "is empty", "the fields id, title, sections and panel")
    if not isinstance(data, dict):
        raise LessonError(
            path, "front matter", f"is a {describe(data)}", "a mapping of fields (id, title, sections, panel)"
        )
    return data
