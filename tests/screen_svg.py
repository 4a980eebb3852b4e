"""Reading a screenshot (an SVG from app.export_screenshot()): the contrast of every text run
(its fill against the background rect of each cell under it, by WCAG 2's relative luminance)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

CELL_WIDTH, LINE_HEIGHT, TOP = 12.2, 24.4, 1.5  # Rich's SVG export: 20 px font, 1.22 line height
# box drawing, block elements and braille: borders, rules, bars and drawn lines (graphics, not text;
# a network view draws a small weight as a faint line on purpose)
DECORATION = re.compile(r"^[\s\u2500-\u259f\u2800-\u28ff]*$")


def luminance(hex_colour: str) -> float:
    """WCAG relative luminance of #rrggbb."""

    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def ratio(fg: str, bg: str) -> float:
    """WCAG contrast ratio, 1 to 21."""
    a, b = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


@dataclass(frozen=True)
class Run:
    text: str
    row: int
    col: int
    fg: str
    bg: str
    ratio: float


TEXT = re.compile(
    r'<text class="(terminal-[\w-]+)" x="([\d.]+)" y="[\d.]+" textLength="[\d.]+" '
    r'clip-path="url\(#terminal-[\w-]*line-(\d+)\)">([^<]*)</text>'
)


def runs(svg: str) -> list[Run]:
    """Every visible text run, split where the background under it changes."""
    fills = {name: fill for name, fill in re.findall(r"\.(terminal-[\w-]+) \{ fill: (#[0-9a-f]{6})", svg)}
    cells: dict[int, list[tuple[int, int, str]]] = {}
    for fill, x, y, w in re.findall(
        r'<rect fill="(#[0-9a-f]{6})" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="[\d.]+" '
        r'shape-rendering="crispEdges"',
        svg,
    ):
        row = round((float(y) - TOP) / LINE_HEIGHT)
        start = round(float(x) / CELL_WIDTH)
        cells.setdefault(row, []).append((start, start + round(float(w) / CELL_WIDTH), fill))
    found = []
    for cls, x, line, text in TEXT.findall(svg):
        text = html.unescape(text).replace("\xa0", " ")
        if DECORATION.match(text) or cls not in fills:
            continue
        row, col = int(line), round(float(x) / CELL_WIDTH)
        for start, end, bg in cells.get(row, []):
            a, b = max(start, col), min(end, col + len(text))
            piece = text[a - col : b - col]
            if b > a and not DECORATION.match(piece):
                found.append(Run(piece.strip(), row, a, fills[cls], bg, ratio(fills[cls], bg)))
    return found


def low(svg: str, minimum: float, region=None) -> list[Run]:
    """The runs below `minimum` (in `region`, a Textual Region, if given): lowest first, one
    per distinct (colours, text)."""
    seen, out = set(), []
    for run in sorted(runs(svg), key=lambda r: r.ratio):
        if region is not None and not region.contains(run.col, run.row):
            continue
        key = (run.fg, run.bg, run.text)
        if run.ratio < minimum and key not in seen:
            seen.add(key)
            out.append(run)
    return out
