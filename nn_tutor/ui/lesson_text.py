"""A lesson's markdown drawn as one widget: headings, paragraphs, lists, quotes, code and tables.

Textual's Markdown widget mounts a widget per block (a few ms each); this lays the same
text out as lines of Content for the width it is given, so a lesson's text is one widget
and shows with the first frame. Links are clickable: web links only.
"""

from __future__ import annotations

import sys

from textual.content import Content, Span
from textual.strip import Strip
from textual.style import Style
from textual.visual import Visual
from textual.widget import Widget

BULLETS = ("• ", "◦ ", "▪ ")
QUOTE = "▌ "


def parse(markdown: str):
    """The block tree of `markdown` (markdown-it's SyntaxTreeNode), parsed as lessons are checked."""
    from markdown_it.tree import SyntaxTreeNode

    from nn_tutor.lessons.text import parse_markdown

    return SyntaxTreeNode(parse_markdown(markdown))


# -- inline text -----------------------------------------------------------------------------
INLINE_STYLES = {"em": ".lesson-text--em", "strong": ".lesson-text--strong", "s": ".lesson-text--strike"}


def inline(node) -> Content:
    """An inline node's text with its emphasis, code and links as spans."""
    parts: list[str] = []
    spans: list[Span] = []
    at = 0

    def add(text: str) -> None:
        nonlocal at
        parts.append(text)
        at += len(text)

    def walk(n) -> None:
        for child in n.children:
            kind = child.type
            if kind == "text":
                add(child.content)
            elif kind == "softbreak":
                add(" ")
            elif kind == "hardbreak":
                add("\n")
            elif kind == "code_inline":
                start = at
                add(child.content)
                spans.append(Span(start, at, ".lesson-text--code-inline"))
            elif kind in ("html_inline",):
                add(child.content)
            elif kind == "image":
                start = at
                add(f"[image: {child.attrs.get('alt') or child.content or ''}]")
                spans.append(Span(start, at, Style.from_meta({"@click": f"link({str(child.attrs.get('src', ''))!r})"})))
            elif kind == "link":
                start = at
                walk(child)
                href = str(child.attrs.get("href", ""))
                spans.append(Span(start, at, ".lesson-text--link"))
                spans.append(Span(start, at, Style.from_meta({"@click": f"link({href!r})"})))
            else:
                start = at
                walk(child)
                if kind in INLINE_STYLES:
                    spans.append(Span(start, at, INLINE_STYLES[kind]))

    walk(node)
    return Content("".join(parts), spans=spans)


def _text_of(node) -> Content:
    """The inline content of a heading, paragraph or table cell."""
    return inline(node.children[0]) if node.children else Content("")


# -- blocks, laid out for a width ------------------------------------------------------------
def wrap(content: Content, width: int) -> list[Content]:
    lines: list[Content] = []
    for part in content.split("\n", allow_blank=True) if "\n" in content.plain else [content]:
        lines.extend(part.wrap(max(width, 1)) or [Content("")])
    return lines


def indented(lines: list[Content], first: str, rest: str, style: str = "") -> list[Content]:
    out = []
    for i, line in enumerate(lines):
        prefix = Content.styled(first if i == 0 else rest, style) if style else Content(first if i == 0 else rest)
        out.append(prefix + line)
    return out


def code(text: str, width: int) -> list[Content]:
    """A code or formula block: its lines on a shaded box one column wider than the longest.
    A line longer than the width wraps between words, under its own indent (nothing hidden)."""
    inner = max(4, width - 2)
    pieces: list[str] = []
    for line in text.rstrip("\n").expandtabs(4).split("\n"):
        if len(line) <= inner:
            pieces.append(line)
            continue
        lead = line[: len(line) - len(line.lstrip())][: inner // 2]
        parts = Content(line.strip()).wrap(inner - len(lead) - 2)
        pieces += [lead + ("" if i == 0 else "  ") + part.plain.rstrip() for i, part in enumerate(parts)]
    box = min(width, max(len(p) for p in pieces) + 2)
    return [Content.styled(" " + p.ljust(box - 1), ".lesson-text--code") for p in pieces]


def table(node, width: int) -> list[Content]:
    """A table as aligned columns, the header bold and ruled off; wide columns wrap."""
    rows: list[list[Content]] = []
    aligns: list[str] = []
    for section in node.children:
        for row in section.children:
            rows.append([_text_of(cell) for cell in row.children])
            if not aligns:
                aligns = [
                    (cell.attrs.get("style") or "").removeprefix("text-align:") or "left" for cell in row.children
                ]
    if not rows:
        return []
    columns = max(len(r) for r in rows)
    rows = [r + [Content("")] * (columns - len(r)) for r in rows]
    aligns += ["left"] * (columns - len(aligns))
    widths = [max(max(len(r[c].plain) for r in rows), 1) for c in range(columns)]
    room = max(width - 3 * (columns - 1), columns)
    while sum(widths) > room and max(widths) > 4:  # narrow the widest column until it fits
        widths[widths.index(max(widths))] -= 1
    out: list[Content] = []
    for i, row in enumerate(rows):
        cells = [wrap(cell, w) for cell, w in zip(row, widths)]
        for k in range(max(len(c) for c in cells)):
            parts = []
            for c, (cell, w) in enumerate(zip(cells, widths)):
                piece = cell[k] if k < len(cell) else Content("")
                pad = w - piece.cell_length
                piece = (
                    piece.pad_left(pad)
                    if aligns[c] == "right"
                    else piece.pad(pad // 2, pad - pad // 2)
                    if aligns[c] == "center"
                    else piece.pad_right(pad)
                )
                parts.append(piece.stylize(".lesson-text--strong") if i == 0 else piece)
            out.append(Content(" │ ").join(parts).rstrip())
        if i == 0:
            out.append(Content.styled("─┼─".join("─" * w for w in widths), ".lesson-text--rule"))
    return out


def blocks(nodes, width: int, tight: bool = False) -> list[Content]:
    """The lines of a sequence of block nodes, a blank line between blocks (none in a tight list)."""
    out: list[Content] = []
    for node in nodes:
        lines = block(node, width)
        if not lines:
            continue
        if out and not tight:
            out.append(Content(""))
        out.extend(lines)
    return out


def block(node, width: int) -> list[Content]:
    kind = node.type
    if kind == "heading":
        level = min(int(node.tag[1:]), 4)
        return [line.stylize(f".lesson-text--h{level}") for line in wrap(_text_of(node), width)]
    if kind == "paragraph":
        return wrap(_text_of(node), width)
    if kind in ("bullet_list", "ordered_list"):
        return list_lines(node, width, depth=0)
    if kind in ("code_block", "fence"):
        return code(node.content, width)
    if kind == "blockquote":
        return indented(blocks(node.children, width - len(QUOTE)), QUOTE, QUOTE, ".lesson-text--quote")
    if kind == "table":
        return table(node, width)
    if kind == "hr":
        return [Content.styled("─" * width, ".lesson-text--rule")]
    if kind in ("html_block",):
        return wrap(Content(node.content.rstrip("\n")), width)
    return blocks(node.children, width) if node.children else []


def list_lines(node, width: int, depth: int) -> list[Content]:
    out: list[Content] = []
    ordered = node.type == "ordered_list"
    start = int(node.attrs.get("start", 1) or 1) if ordered else 1
    last = start + len(node.children) - 1
    tight = _tight(node)
    for number, item in enumerate(node.children, start=start):
        marker = f"{number}. ".rjust(len(f"{last}. ")) if ordered else BULLETS[depth % len(BULLETS)]
        inner: list[Content] = []
        for child in item.children:
            lines = (
                list_lines(child, width - len(marker), depth + 1)
                if child.type in ("bullet_list", "ordered_list")
                else block(child, width - len(marker))
            )
            if inner and not tight:
                inner.append(Content(""))
            inner.extend(lines)
        if out and not tight:
            out.append(Content(""))
        out.extend(indented(inner or [Content("")], marker, " " * len(marker), ".lesson-text--bullet"))
    return out


def _tight(node) -> bool:
    """A tight list (no blank lines between its items): markdown-it hides their paragraphs."""
    return all(child.hidden for item in node.children for child in item.children if child.type == "paragraph")


def anchor(text: str) -> str:
    """A heading's anchor as GitHub makes it: lower case, spaces as dashes, punctuation dropped."""
    return "-".join("".join(ch for ch in text.lower() if ch.isalnum() or ch in " -_").split())


class LessonText(Widget):
    """A lesson's markdown, laid out again when its width changes."""

    COMPONENT_CLASSES = {
        "lesson-text--h1",
        "lesson-text--h2",
        "lesson-text--h3",
        "lesson-text--h4",
        "lesson-text--em",
        "lesson-text--strong",
        "lesson-text--strike",
        "lesson-text--code-inline",
        "lesson-text--code",
        "lesson-text--link",
        "lesson-text--quote",
        "lesson-text--bullet",
        "lesson-text--rule",
    }
    DEFAULT_CSS = """
    LessonText > .lesson-text--h1 { color: $text-primary; text-style: bold underline; }
    LessonText > .lesson-text--h2 { color: $text-primary; text-style: bold; }
    LessonText > .lesson-text--h3, LessonText > .lesson-text--h4 { color: $text-primary; text-style: bold italic; }
    LessonText > .lesson-text--em { text-style: italic; }
    LessonText > .lesson-text--strong { text-style: bold; }
    LessonText > .lesson-text--strike { text-style: strike; }
    LessonText > .lesson-text--code-inline { color: $text-accent; }
    LessonText > .lesson-text--code { background: $foreground 8%; color: $foreground; }
    LessonText > .lesson-text--link { color: $text-primary; text-style: underline; }
    LessonText > .lesson-text--quote, LessonText > .lesson-text--rule, LessonText > .lesson-text--bullet {
        color: $text-muted; }
    """

    def __init__(self, markdown: str, **kwargs):
        super().__init__(**kwargs)
        self.markdown = markdown
        self.document = None
        if "markdown_it" not in sys.modules:  # the first lesson: read without it if plain enough
            from nn_tutor.ui.plain_markdown import read

            self.document = read(markdown)
        self.exact = self.document is None  # read by markdown-it
        self.document = self.document or parse(markdown)
        self._lines: dict[int, list[Content]] = {}

    def make_exact(self) -> None:
        """Read the text with markdown-it, if it was not, and draw it again if that changes it
        (it does not for the lessons shipped: a test compares the two)."""
        if self.exact:
            return
        self.exact = True
        width = max(self.content_size.width or 80, 8)
        before = self.lines(width)
        self.document, self._lines = parse(self.markdown), {}
        if [(line.plain, line.spans) for line in self.lines(width)] != [(line.plain, line.spans) for line in before]:
            self.refresh(layout=True)

    def lines(self, width: int) -> list[Content]:
        """The text laid out `width` cells wide, one Content per line."""
        width = max(width, 8)
        if width not in self._lines:
            self._lines = {width: blocks(self.document.children, width)}
        return self._lines[width]

    def get_content_height(self, container, viewport, width: int) -> int:
        return len(self.lines(width))

    def render(self) -> Content:
        return Content("\n").join(self.lines(self.content_size.width or self.size.width))

    def render_line(self, y: int) -> Strip:
        """Line `y`, drawn alone: only the lines on screen are drawn (Textual draws every line
        of a widget's content, here a hundred or so, when it first shows)."""
        if self.text_selection is not None:  # a selection spans lines: the whole text, as Textual draws it
            return super().render_line(y)
        width = self.content_size.width or self.size.width
        lines = self.lines(width)
        if y < len(lines):
            strips = Visual.to_strips(self, lines[y], width, 1, self.visual_style)
            if strips:
                return strips[0]
        return Strip.blank(width, self.visual_style.rich_style)

    @property
    def plain(self) -> str:
        """The text as shown, without styles (at the current width)."""
        return "\n".join(line.plain for line in self.lines(self.content_size.width or 80))

    def headings(self) -> dict[str, int]:
        """Each heading's anchor and the line it is drawn on, at the current width."""
        found, y = {}, 0
        width = max(self.content_size.width or 80, 8)
        for node in self.document.children:
            if y:
                y += 1
            if node.type == "heading":
                found.setdefault(anchor(_text_of(node).plain), y)
            y += len(block(node, width))
        return found

    def goto_anchor(self, name: str) -> bool:
        """Scroll the pane holding the text to the heading `name`; False if there is none."""
        y = self.headings().get(name)
        if y is None:
            return False
        self.parent.scroll_to(y=self.region.y - self.parent.region.y + self.parent.scroll_y + y, animate=False)
        return True

    def action_link(self, href: str) -> None:
        """A click on a link: web links open, "#heading" scrolls there; a lesson file must not
        open local files or run other schemes, so anything else is refused with a notice."""
        from nn_tutor.lessons.text import is_web_link, shown

        if href.startswith("#"):
            self.goto_anchor(href[1:])
        elif is_web_link(href):
            self.app.open_url(href)
        else:
            self.notify(
                f"Not opened: {shown(href)[:80]} (lessons open http and https links only)",
                severity="warning",
                markup=False,
            )
