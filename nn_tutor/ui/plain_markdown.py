"""Lesson markdown in its plainest form read without markdown-it, so that the first lesson
draws before that library loads (importing it costs more than drawing the text).

`read` knows ATX headings, paragraphs, fenced and indented code, tight lists without
nesting, `code`, **strong**, *emphasis* and [links](address); it returns the block tree
markdown-it would make (the parts nn_tutor.ui.lesson_text uses), or None for anything
else (escapes, HTML, tables, quotes, loose or nested lists, underscores that may emphasise,
...), and markdown-it then reads the text. Tests compare the two on every shipped lesson.
"""

from __future__ import annotations

import re

_HEADING = re.compile(r"(#{1,6}) +(\S.*)")
_BULLET = re.compile(r"- (?=\S)")
_ORDERED = re.compile(r"(\d{1,9})\. (?=\S)")
_FENCE = re.compile(r"```[^`]*")
# what starts another block (a quote, HTML, a break, another list, a setext line, a link definition, ...)
_REFUSED_LINE = re.compile(r" *(?:[>+=<~_\[-]|\*(?: |$|\*\*)|\d+[.)](?: |$)|#(?!#{0,5} +\S))")
_TABLE_RULE = re.compile(r"[ |:-]*-[ |:-]*")
_REFUSED_TEXT = re.compile(r"[\\&~\r\t\x0b\x0c]|!\[|<(?![ =])")


class Refused(Exception):
    """The text is not in the plain form: markdown-it reads it."""


class Node:
    """A node as markdown_it.tree.SyntaxTreeNode has it (the attributes lesson_text reads)."""

    __slots__ = ("type", "children", "content", "tag", "attrs", "hidden")

    def __init__(self, type, children=None, content="", tag="", attrs=None, hidden=False):  # noqa: A002
        self.type, self.children, self.content, self.tag = type, children or [], content, tag
        self.attrs, self.hidden = attrs or {}, hidden


def read(markdown: str) -> Node | None:
    """The document's block tree, or None when it is not in the plain form."""
    try:
        return Node("root", _blocks(markdown.split("\n")))
    except Refused:
        return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _check_line(line: str) -> None:
    if line != line.rstrip() or _REFUSED_TEXT.search(line) and not line.startswith("    "):
        raise Refused
    if line.strip() and _TABLE_RULE.fullmatch(line.strip()) and "|" in line:
        raise Refused


def _blocks(lines: list[str]) -> list[Node]:
    out: list[Node] = []
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        if line != line.rstrip():
            raise Refused
        if not line:
            i += 1
            continue
        if _FENCE.fullmatch(line):
            end = next((k for k in range(i + 1, n) if lines[k] == "```"), None)
            if end is None or any("\t" in x or "\r" in x or x.lstrip().startswith("```") for x in lines[i + 1 : end]):
                raise Refused
            out.append(Node("fence", content="".join(x + "\n" for x in lines[i + 1 : end])))
            i = end + 1
            continue
        if line.startswith("    "):
            end = i
            while end < n and (lines[end].startswith("    ") or not lines[end]):
                end += 1
            while not lines[end - 1]:
                end -= 1
            body = lines[i:end]
            if any("\t" in x or "\r" in x for x in body):
                raise Refused
            out.append(Node("code_block", content="".join(x[4:] + "\n" for x in body)))
            i = end
            continue
        _check_line(line)
        if _indent(line):
            raise Refused
        heading = _HEADING.fullmatch(line)
        if heading:
            if heading.group(2).endswith("#"):
                raise Refused
            level = len(heading.group(1))
            out.append(Node("heading", [_inline(heading.group(2))], tag=f"h{level}"))
            i += 1
            continue
        if _starts_list(line):
            if i and lines[i - 1]:
                raise Refused  # (a list right under a paragraph)
            i = _list(lines, i, out)
            continue
        if _REFUSED_LINE.match(line):
            raise Refused
        start = i
        while i < n and lines[i] and not _interrupts(lines[i]):
            _check_line(lines[i])
            rest = lines[i].lstrip(" ")
            if i > start and (_REFUSED_LINE.match(rest) or _starts_list(rest) or rest.startswith(("#", "```"))):
                raise Refused
            i += 1
        out.append(Node("paragraph", [_inline("\n".join(x.strip() for x in lines[start:i]))]))
    return out


def _interrupts(line: str) -> bool:
    return bool(_HEADING.fullmatch(line) or _FENCE.fullmatch(line))


def _starts_list(text: str) -> bool:
    return bool(_BULLET.match(text) or _ORDERED.match(text))


def _list(lines: list[str], i: int, out: list[Node]) -> int:
    """A tight list from line i, without nesting: each item one paragraph."""
    ordered = bool(_ORDERED.match(lines[i]))
    items: list[Node] = []
    first = None
    n = len(lines)
    while i < n and lines[i]:
        marker = (_ORDERED if ordered else _BULLET).match(lines[i])
        if marker is None or (not ordered and _ORDERED.match(lines[i])):
            raise Refused
        if ordered:
            number = int(marker.group(1))
            first = number if first is None else first
        width = marker.end()
        text = [lines[i][width:]]
        i += 1
        while i < n and lines[i] and not (_BULLET.match(lines[i]) or _ORDERED.match(lines[i])):
            line = lines[i]
            _check_line(line)
            rest = line.lstrip(" ")
            if _indent(line) < width or _REFUSED_LINE.match(rest) or _starts_list(rest) or _interrupts(rest):
                raise Refused  # (lazy lines, nested blocks)
            if rest.startswith("```") or rest.startswith("#"):
                raise Refused
            text.append(rest)
            i += 1
        _check_line(text[0])
        if _REFUSED_LINE.match(text[0]) or _starts_list(text[0]) or _interrupts(text[0]):
            raise Refused
        items.append(Node("list_item", [Node("paragraph", [_inline("\n".join(text))], hidden=True)]))
    after = next((x for x in lines[i:] if x), "")
    if after.startswith(" ") or _starts_list(after) or _REFUSED_LINE.match(after):
        raise Refused  # (a loose list, an item going on after a blank line, another list)
    attrs = {"start": first} if ordered and first != 1 else {}
    out.append(Node("ordered_list" if ordered else "bullet_list", items, attrs=attrs))
    return i


# -- inline -----------------------------------------------------------------------------------
_LINK = re.compile(r"\[([^\[\]`*_\n]+)\]\((https?://[A-Za-z0-9./:?#=+,;@-]+)\)")
_PUNCT = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def _kind(ch: str) -> str:
    """' ' (space or the edge of the text), 'p' (ASCII punctuation), 'a' (other ASCII);
    anything else is refused: markdown-it's idea of Unicode punctuation decides there."""
    if ch in " \n":
        return " "
    if ch in _PUNCT:
        return "p"
    if ch.isascii():
        return "a"
    raise Refused


def _inline(text: str) -> Node:
    """The inline node of a heading or paragraph."""
    if _REFUSED_TEXT.search(text):
        raise Refused
    tokens: list = []  # str (text), ("code", text), ("*" or "**", can_open, can_close), ("link", [tokens], href)
    i, n = 0, len(text)
    plain = []
    while i < n:
        ch = text[i]
        if ch == "`":
            end = text.find("`", i + 1)
            if end < 0 or text[i + 1 : i + 2] == "`" or text[end + 1 : end + 2] == "`":
                raise Refused
            code = text[i + 1 : end]
            if not code or "\n" in code or code.startswith(" ") or code.endswith(" ") or code.strip() == "":
                raise Refused
            tokens += ["".join(plain), ("code", code)]
            plain, i = [], end + 1
        elif ch == "*":
            run = 1
            while i + run < n and text[i + run] == "*":
                run += 1
            if run > 2:
                raise Refused
            before = _kind(text[i - 1]) if i else " "
            after = _kind(text[i + run]) if i + run < n else " "
            can_open = after != " " and (after != "p" or before != "a")
            can_close = before != " " and (before != "p" or after != "a")
            if can_open and can_close:
                raise Refused
            if can_open or can_close:
                tokens += ["".join(plain), ("*" * run, can_open, can_close)]
                plain = []
            else:
                plain.append("*" * run)
            i += run
        elif ch == "_":
            if not (i and i + 1 < n and text[i - 1].isascii() and text[i - 1].isalnum()):
                raise Refused
            if not (text[i + 1].isascii() and text[i + 1].isalnum()):
                raise Refused
            plain.append(ch)
            i += 1
        elif ch in "[]":
            link = _LINK.match(text, i)
            if ch == "]" or link is None:
                if "](" in text or "][" in text or "[]" in text:
                    raise Refused
                plain.append(ch)
                i += 1
                continue
            tokens += ["".join(plain), ("link", link.group(1), link.group(2))]
            plain, i = [], link.end()
        else:
            plain.append(ch)
            i += 1
    tokens.append("".join(plain))
    return Node("inline", _emphasis([t for t in tokens if t != ""]))


def _text_nodes(text: str) -> list[Node]:
    out = []
    for k, part in enumerate(text.split("\n")):
        if k:
            out.append(Node("softbreak"))
        if part:
            out.append(Node("text", content=part))
    return out


def _emphasis(tokens: list) -> list[Node]:
    """Pair each opening * or ** with the next closing one of the same length (no nesting)."""
    out: list[Node] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if isinstance(token, str):
            out += _text_nodes(token)
        elif token[0] == "code":
            out.append(Node("code_inline", content=token[1]))
        elif token[0] == "link":
            out.append(Node("link", _text_nodes(token[1]), attrs={"href": token[2]}))
        else:
            if not token[1]:
                raise Refused  # a closing delimiter with nothing open
            end = next(
                (k for k in range(i + 1, len(tokens)) if isinstance(tokens[k], tuple) and tokens[k][0] in ("*", "**")),
                None,
            )
            if end is None or tokens[end][0] != token[0] or not tokens[end][2]:
                raise Refused
            inner = _emphasis(tokens[i + 1 : end])
            out.append(Node("strong" if token[0] == "**" else "em", inner))
            i = end
        i += 1
    return out
