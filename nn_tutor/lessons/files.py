"""Reading one lesson file: its bytes, its text, the YAML front matter and the markdown body."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from nn_tutor.model.config import describe
from nn_tutor.lessons.lesson import LessonError
from nn_tutor.lessons.text import control_in_text


def read_text(path: Path) -> str:
    """The file's text, newlines made '\\n'; LessonError when it is not a readable UTF-8 file."""
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise LessonError(path, "file", "is a folder", "a markdown file") from None
    except OSError as exc:
        raise LessonError(path, "file", f"cannot be read ({exc.strerror})", "a readable file") from None
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


FIRST_YAML_LINE = 2     # the front matter starts on the file's second line


def no_control_characters(path: Path, text: str, field: str, first_line: int) -> None:
    """LessonError naming the line of the first control character other than newline and tab."""
    found = control_in_text(text)
    if found is not None:
        line, char = found
        raise LessonError(path, field, f"line {line + first_line - 1} holds the control character {char}",
                          "text without control characters (only newline and tab)")


def parse_yaml(path: Path, source: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(source)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + FIRST_YAML_LINE}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise LessonError(path, "front matter", f"is not valid YAML{where} ({problem})", "valid YAML") from None
    if data is None:
        raise LessonError(path, "front matter", "is empty", "the fields id, title, sections and panel")
    if not isinstance(data, dict):
        raise LessonError(
            path, "front matter", f"is a {describe(data)}", "a mapping of fields (id, title, sections, panel)"
        )
    return data
