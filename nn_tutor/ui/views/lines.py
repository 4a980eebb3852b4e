"""Views drawn line by line (Textual's Line API): every row is built once per frame, size
and theme, then handed out as Strips."""

from __future__ import annotations

from textual.strip import Strip
from textual.widget import Widget

from nn_tutor.ui.views.frame import Frame


class LineView(Widget):
    """Subclasses turn `self.frame` into rows in `build()`."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.frame: Frame | None = None
        self._key: tuple | None = None
        self._rows: list[Strip] = []

    def show(self, frame: Frame) -> None:
        self.frame = frame
        self.refresh()

    def build(self) -> list[Strip]:
        raise NotImplementedError

    def render_line(self, y: int) -> Strip:
        if self.frame is None:
            return Strip.blank(self.size.width)
        key = (id(self.frame), self.size, self.app.theme)
        if key != self._key:
            self._key = key
            self._rows = self.build()
        return self._rows[y] if y < len(self._rows) else Strip.blank(self.size.width)
