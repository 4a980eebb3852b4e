"""Finding one function in a workspace file's text, without running it: where it starts and
ends, whether it is still the stub, and putting the stub back."""

from __future__ import annotations

import ast
import re


def _top_level_start(line: str) -> bool:
    return bool(line) and not line[0].isspace() and not line.startswith("#")


def function_span(text: str, name: str) -> tuple[int, int] | None:
    """(first line, last line), 1-based and inclusive, of the top-level `def name`, or None.

    Works on text that does not parse: the function then ends before the next top-level line.
    """
    try:
        for node in ast.parse(text).body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == name:
                first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                return first, node.end_lineno or node.lineno
    except (SyntaxError, ValueError):
        pass
    lines = text.splitlines()
    pattern = re.compile(rf"(async\s+)?def\s+{re.escape(name)}\s*\(")
    for index, line in enumerate(lines):
        if pattern.match(line):
            end = index
            for later in range(index + 1, len(lines)):
                if _top_level_start(lines[later]):
                    break
                if lines[later].strip():
                    end = later
            return index + 1, end + 1
    return None


def is_stub(text: str, name: str) -> bool:
    """True when `name`'s body is only a docstring and `raise NotImplementedError`."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return False
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == name:
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant):
                body = body[1:]
            return len(body) == 1 and isinstance(body[0], ast.Raise) and "NotImplementedError" in ast.unparse(body[0])
    return False


def replace_function(text: str, name: str, new: str) -> str | None:
    """The text with the function `name` replaced by `new` (its whole text), or None if absent."""
    span = function_span(text, name)
    if span is None:
        return None
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    body = newline.join(new.strip("\n").split("\n")) + newline
    return "".join(lines[: span[0] - 1]) + body + "".join(lines[span[1] :])
