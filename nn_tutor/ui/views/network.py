"""The network view: the layers as columns of units, every weight a line between them,
coloured by its sign and shaded (and thickened) by its size, as TensorFlow Playground
draws a network. Each unit shows its activation for the selected example."""

from __future__ import annotations

import math

import numpy as np
from rich.segment import Segment
from textual.strip import Strip

from nn_tutor.ui import format as fmt
from nn_tutor.ui.views.canvas import braille, chars
from nn_tutor.ui.views.frame import Frame
from nn_tutor.ui.views.lines import LineView

SHADES = 4  # shades of a weight's colour, by |w| against the largest drawn
UNIT = "●"
MIN_GAP = 4  # columns between two layers' boxes for their lines to read


def short(x: float) -> str:
    """A unit's value in at most 5 characters ("nan", "inf" as they are)."""
    return fmt.number(x, fit=5)


def shown_units(n: int, rows: int) -> tuple[int, int]:
    """(units drawn, units left out) when a layer of n units gets `rows` rows."""
    return (n, 0) if n <= rows else (max(rows - 1, 1), n - max(rows - 1, 1))


def strongest(W, units_out: int, units_in: int, limit: int):
    """The (row, column) pairs of W's drawn block, the strongest `limit` of them (by |w|)."""
    block = np.asarray(W, dtype=float)[:units_out, :units_in]
    pairs = np.argwhere(np.ones_like(block, dtype=bool))
    if len(pairs) > limit:
        size = np.nan_to_num(np.abs(block), nan=np.inf).ravel()
        pairs = pairs[np.sort(np.argsort(-size, kind="stable")[:limit])]
    return pairs


def wrap(pieces: list[str], width: int, lines: int) -> list[str]:
    """`pieces` joined by "; " into at most `lines` lines of `width` (the last one may run over)."""
    out = [""]
    for piece in pieces:
        joined = f"{out[-1]}; {piece}" if out[-1] else piece
        if len(joined) <= width or len(out) == lines or not out[-1]:
            out[-1] = joined
        else:
            out.append(piece)
    return out


class NetworkView(LineView):
    """The network as a picture: inputs x1, x2 … on the left, the output on the right."""

    DEFAULT_CSS = """
    NetworkView { height: 1fr; }
    NetworkView > .network--pos0 { color: $primary 30%; }
    NetworkView > .network--pos1 { color: $primary 55%; }
    NetworkView > .network--pos2 { color: $primary 80%; }
    NetworkView > .network--pos3 { color: $primary; text-style: bold; }
    NetworkView > .network--neg0 { color: $warning 30%; }
    NetworkView > .network--neg1 { color: $warning 55%; }
    NetworkView > .network--neg2 { color: $warning 80%; }
    NetworkView > .network--neg3 { color: $warning; text-style: bold; }
    NetworkView > .network--unit { color: $text; text-style: bold; }
    NetworkView > .network--title { color: $text-accent; text-style: bold; }
    NetworkView > .network--legend { color: $text-muted; }
    """
    COMPONENT_CLASSES = {
        *(f"network--{s}{k}" for s in ("pos", "neg") for k in range(SHADES)),
        "network--unit",
        "network--title",
        "network--legend",
    }

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._frame_key: tuple | None = None
        self.left_out = ""  # what the legend says was left out, for tests and readers

    def show(self, frame: Frame) -> None:
        s = frame.snapshot
        key = (tuple(v.tobytes() for v in s.params.values()), frame.column, s.cache.get("A0") is None)
        if self.frame is not None and key == self._frame_key:
            return
        self._frame_key = key
        self.frame = frame
        self.refresh()

    # -- layout -----------------------------------------------------------------------------
    def _values(self, l: int, units: int) -> list[str] | None:
        s, i = self.frame.snapshot, self.frame.column
        A = s.cache.get(f"A{l}")
        if i is None or A is None:
            return None
        return [short(v) for v in A[:units, i]]

    def _boxes(self, drawn, with_values: bool):
        """Each layer's unit labels; the input's glyph sits on the right, the others' on the left."""
        boxes = []
        for l, units in enumerate(drawn):
            values = self._values(l, units) if with_values else None
            if l == 0:
                texts = [f"x{u + 1}" + (f" {values[u]}" if values else "") + f" {UNIT}" for u in range(units)]
            else:
                texts = [f"{UNIT}" + (f" {values[u]}" if values else "") for u in range(units)]
            width = max(len(t) for t in texts)
            boxes.append([t.rjust(width) if l == 0 else t.ljust(width) for t in texts])
        return boxes

    def build(self) -> list[Strip]:
        s = self.frame.snapshot
        width, height = max(self.size.width, 1), max(self.size.height, 1)
        legend_rows = 1 if height < 9 else 2 if height < 16 else 3
        rows = max(height - 1 - legend_rows, 1)
        sizes = list(s.layers)
        drawn = [shown_units(n, rows)[0] for n in sizes]
        boxes = self._boxes(drawn, with_values=True)
        gaps = len(sizes) - 1
        box_w = [len(b[0]) for b in boxes]
        if (width - sum(box_w)) // gaps < MIN_GAP:
            boxes = self._boxes(drawn, with_values=False)
            box_w = [len(b[0]) for b in boxes]
        gap = max((width - sum(box_w)) // gaps, 1)
        left = [sum(box_w[:l]) + l * gap for l in range(len(sizes))]
        # a layer with units left out keeps its last row for the "⋮ n more" line
        unit_row = [
            [int(round((u + 0.5) * span / n - 0.5)) for u in range(n)]
            for n, span in ((d, rows - (d < n_all)) for d, n_all in zip(drawn, sizes))
        ]

        # the weights as segments between the boxes, in dots
        segments, strength, sign, limit = [], [], [], max(2 * rows, 8)
        cut = 0
        for l in range(1, len(sizes)):
            W = s.params[f"W{l}"]
            pairs = strongest(W, drawn[l], drawn[l - 1], limit)
            cut += drawn[l] * drawn[l - 1] - len(pairs)
            x0, x1 = 2 * (left[l - 1] + box_w[l - 1]), 2 * left[l] - 1
            for j, k in pairs:
                w = float(W[j, k])
                segments.append((x0, 4 * unit_row[l - 1][k] + 1.5, x1, 4 * unit_row[l][j] + 1.5))
                strength.append(abs(w) if math.isfinite(w) else (math.inf if not math.isnan(w) else 0.0))
                sign.append(w >= 0 or math.isnan(w))
        strength = np.array(strength)
        finite = strength[np.isfinite(strength)]
        largest = float(finite.max()) if finite.size else 0.0
        with np.errstate(all="ignore"):
            frac = np.where(np.isfinite(strength), strength / (largest or 1.0), 1.0)
        shade = np.clip((frac * SHADES).astype(int), 0, SHADES - 1)
        dots, owner = braille(segments, strength, width, rows, thick=shade == SHADES - 1)
        glyph = chars(dots)

        style = self.get_component_rich_style
        styles = [style(f"network--{'pos' if sg else 'neg'}{k}") for sg, k in zip(sign, shade)]
        unit_style, title_style, legend_style = (style(f"network--{n}") for n in ("unit", "title", "legend"))
        plain = self.rich_style

        grid = [[(c, None) for c in row] for row in glyph.tolist()]
        for r in range(rows):
            for c in range(width):
                k = owner[r, c]
                if k >= 0:
                    grid[r][c] = (grid[r][c][0], styles[k])
        for l, texts in enumerate(boxes):
            for u, text in enumerate(texts):
                self._put(grid, unit_row[l][u], left[l], text, unit_style)
            hidden = sizes[l] - drawn[l]
            if hidden:
                self._put(grid, rows - 1, left[l], f"⋮ {hidden} more", legend_style)

        strips = [self._title(sizes, left, box_w, gap, width, title_style)]
        for row in grid:
            strips.append(self._strip(row, width, plain))
        key_text = f"brighter, thicker: larger |w| (max {largest:.2g})"
        notes = [f"layer {l}: {d} of {n} units" for l, (n, d) in enumerate(zip(sizes, drawn)) if d < n]
        if cut:
            notes.append(f"the {len(segments)} strongest of {len(segments) + cut} weights")
        i = self.frame.column
        with_values = i is not None and box_w[0] > len(f"x{sizes[0]} {UNIT}")
        notes.append(
            f"a of example {i + 1} by each unit"
            if with_values
            else "a beside each unit after a forward pass (space)"
            if i is None
            else "too narrow for each unit's value"
        )
        self.left_out = f"w > 0, w < 0, {key_text}; " + "; ".join(notes)
        colours = (style("network--pos3"), style("network--neg3"))
        if legend_rows == 1:
            strips.append(self._legend(colours, f"{key_text}; " + "; ".join(notes), width, legend_style))
        else:
            strips.append(self._legend(colours, key_text, width, legend_style))
            for text in wrap(notes, width, legend_rows - 1):
                strips.append(Strip([Segment(text[:width].ljust(width), legend_style)], width))
        return strips

    @staticmethod
    def _put(grid, row: int, col: int, text: str, style) -> None:
        if not 0 <= row < len(grid):
            return
        for k, ch in enumerate(text):
            if 0 <= col + k < len(grid[row]) and ch != " ":
                grid[row][col + k] = (ch, style)

    @staticmethod
    def _strip(row, width: int, plain) -> Strip:
        segments, run, run_style = [], "", None
        for ch, st in row:
            if st is not run_style and run:
                segments.append(Segment(run, run_style or plain))
                run = ""
            run += ch
            run_style = st
        if run:
            segments.append(Segment(run, run_style or plain))
        return Strip(segments, width).crop(0, width)

    def _title(self, sizes, left, box_w, gap, width, style) -> Strip:
        """Each layer's name over its column, shortened where it would run into the next."""
        line = [" "] * width
        L = len(sizes) - 1
        for l, n in enumerate(sizes):
            name = "input" if l == 0 else ("output" if l == L else f"layer {l}")
            act = "" if l == 0 else f" {self.frame.snapshot.activations[l - 1]}"
            room = box_w[l] + gap - 1 if l < L else box_w[l] + gap // 2
            for text in (f"{name}{act} ({n})", f"{name} ({n})", f"[{l}] ({n})" if l else f"x ({n})"):
                if len(text) <= room:
                    break
            start = left[l] if l < L else max(left[l] + box_w[l] - len(text), 0)
            for k, ch in enumerate(text):
                if 0 <= start + k < width:
                    line[start + k] = ch
        return Strip([Segment("".join(line), style)], width)

    @staticmethod
    def _legend(colours, text: str, width: int, style) -> Strip:
        """The colour key, "━━ w > 0  ━━ w < 0", then `text`."""
        parts = [
            Segment("━━", colours[0]),
            Segment(" w > 0  ", style),
            Segment("━━", colours[1]),
            Segment(f" w < 0  {text}", style),
        ]
        return Strip(parts).crop(0, width).extend_cell_length(width, style)
