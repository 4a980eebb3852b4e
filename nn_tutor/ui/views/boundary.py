"""The decision-boundary view: the network's answer over the plane, the data set on top."""

from __future__ import annotations

import numpy as np
from rich.segment import Segment
from textual.strip import Strip

from nn_tutor.model import decision_grid
from nn_tutor.ui.views.lines import LineView

LEVELS = 4  # shades of P(class 1) with one output unit
CLASS_COLOURS = 6  # colours of the classes with softmax (more classes reuse them); their
# strengths differ so that a 256-colour terminal still tells them apart


class BoundaryView(LineView):
    """The network's output over the plane with the data set on top.

    One output unit: shaded by P(class 1) in four steps, labels as x (1) and o (0).
    Softmax: coloured by the class it picks, labels as their class digit. Drawn line by
    line (the Line API): one segment per run of a shade, so a redraw stays cheap.
    """

    DEFAULT_CSS = """
    BoundaryView { height: 1fr; }
    BoundaryView > .boundary--p0 { background: $primary 45%; }
    BoundaryView > .boundary--p1 { background: $primary 20%; }
    BoundaryView > .boundary--p2 { background: $warning 20%; }
    BoundaryView > .boundary--p3 { background: $warning 45%; }
    BoundaryView > .boundary--k0 { background: $primary 55%; }
    BoundaryView > .boundary--k1 { background: $warning 50%; }
    BoundaryView > .boundary--k2 { background: $success 65%; }
    BoundaryView > .boundary--k3 { background: $error 60%; }
    BoundaryView > .boundary--k4 { background: $foreground 35%; }
    BoundaryView > .boundary--k5 { background: $secondary 80%; }
    /* the data set's labels over the shaded plane: the text colour, bold, reads on every shade */
    BoundaryView > .boundary--mark, BoundaryView > .boundary--class0, BoundaryView > .boundary--class1 {
        color: $foreground; text-style: bold; }
    BoundaryView > .boundary--legend { color: $text-muted; }
    """
    COMPONENT_CLASSES = {
        *(f"boundary--p{k}" for k in range(LEVELS)),
        *(f"boundary--k{k}" for k in range(CLASS_COLOURS)),
        "boundary--mark",
        "boundary--class0",
        "boundary--class1",
        "boundary--legend",
    }
    LEGEND = "x: label 1, o: label 0; colour: the network's answer, strong where it is sure"
    LEGEND_K = "digits: each point's class; colour: the class the network picks there"

    def _grid(self, nx: int, ny: int):
        """(cell codes (ny, nx), styles, glyphs, legend): what each cell shows."""
        s = self.frame.snapshot
        shown = np.isfinite(s.X[:2]).all(axis=0)  # points with a place on the plane
        X, Y = (s.X, s.Y) if shown.all() else (s.X[:, shown], s.Y[:, shown])
        if X.shape[1] == 0:
            X, Y = np.zeros((s.X.shape[0], 1)), np.zeros((s.Y.shape[0], 0))
        with np.errstate(all="ignore"):
            xs, ys, P = decision_grid(s.params, X, list(s.activations), nx=nx, ny=ny)
        style = self.get_component_rich_style
        if P.ndim == 2:
            shades = [style(f"boundary--p{k}") for k in range(LEVELS)]
            marks = [style(f"boundary--class{k}", partial=True) for k in range(2)]
            cell = np.clip(np.nan_to_num(P, nan=0.5) * LEVELS, 0, LEVELS - 0.001).astype(int)
            label = (Y[0] == 1).astype(int) if Y.shape[1] else np.zeros(0, int)
            glyphs = ["o", "x"]
        else:
            classes = P.shape[0]
            shades = [style(f"boundary--k{k % CLASS_COLOURS}") for k in range(classes)]
            marks = [style("boundary--mark", partial=True)] * classes
            cell = np.argmax(np.nan_to_num(P, nan=0.0), axis=0)
            label = np.argmax(Y, axis=0) if Y.shape[1] else np.zeros(0, int)
            glyphs = [str(k % 10) for k in range(classes)]
        n = len(shades)
        code = cell.copy()
        if len(label):
            span_x, span_y = xs[-1] - xs[0] or 1.0, ys[-1] - ys[0] or 1.0
            cols = np.clip(np.rint((X[0] - xs[0]) / span_x * (nx - 1)), 0, nx - 1).astype(int)
            rows = np.clip(np.rint((X[1] - ys[0]) / span_y * (ny - 1)), 0, ny - 1).astype(int)
            code[rows, cols] = n + label * n + cell[rows, cols]  # a mark on its cell's shade
        styles = shades + [shades[k] + marks[c] for c in range(len(glyphs)) for k in range(n)]
        chars = [" "] * n + [glyphs[c] for c in range(len(glyphs)) for _ in range(n)]
        return code, styles, chars, self.LEGEND if P.ndim == 2 else self.LEGEND_K

    def build(self) -> list[Strip]:
        nx, ny = max(self.size.width, 2), max(self.size.height - 1, 2)
        code, styles, chars, legend = self._grid(nx, ny)
        strips = []
        for r in range(ny - 1, -1, -1):  # highest y on top
            row = code[r]
            cuts = np.flatnonzero(np.diff(row)) + 1
            segments = [
                Segment(chars[int(row[a])] * int(b - a), styles[int(row[a])])
                for a, b in zip(np.concatenate(([0], cuts)), np.concatenate((cuts, [nx])))
            ]
            strips.append(Strip(segments, nx))
        legend = legend[:nx].ljust(nx)
        strips.append(Strip([Segment(legend, self.get_component_rich_style("boundary--legend"))], nx))
        return strips
