"""The panel's view tabs: a strip of names over a bar that marks the one showing, and below
it the views, one at a time. The strip is one widget drawn line by line: the panel repaints
whatever lies between its status line and its view on every step, and Textual's own tabs
are ten widgets there."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.segment import Segment
from textual.binding import Binding
from textual.containers import Container, Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

BAR = "━"


class ViewPane(Container):
    """What one tab shows (its view, made when the tab is first chosen)."""

    def __init__(self, title: str, *, id: str) -> None:
        super().__init__(id=id)
        self.title = title


def label_spans(titles: list[str]) -> list[tuple[int, int]]:
    """(start, end) cell of each tab's label, " title " side by side."""
    spans, at = [], 0
    for title in titles:
        spans.append((at, at + cell_len(title) + 2))
        at = spans[-1][1]
    return spans


class TabStrip(Widget, can_focus=True):
    """The tabs' names on one row, and under them (when the strip is two rows high) a bar with
    the chosen tab's part marked. When the names are wider than the strip, it shows the part
    around the chosen one. Left and right choose, as does a click."""

    BINDINGS = [
        Binding("left", "move(-1)", "Previous view", show=False),
        Binding("right", "move(1)", "Next view", show=False),
    ]
    COMPONENT_CLASSES = {"tab-strip--chosen", "tab-strip--bar", "tab-strip--mark"}
    DEFAULT_CSS = """
    TabStrip { height: 2; width: 1fr; color: $foreground 70%; pointer: pointer; }
    TabStrip > .tab-strip--chosen { color: $foreground; }
    TabStrip:focus > .tab-strip--chosen {
        color: $block-cursor-foreground; background: $block-cursor-background; text-style: $block-cursor-text-style;
    }
    TabStrip > .tab-strip--bar { color: $foreground 10%; }
    TabStrip:focus > .tab-strip--bar { color: $foreground 30%; }
    TabStrip > .tab-strip--mark { color: $block-cursor-background; }
    TabStrip:ansi { text-style: dim; }
    TabStrip:ansi > .tab-strip--chosen { text-style: not dim bold; }
    TabStrip:ansi > .tab-strip--bar { color: $border-blurred; }
    """
    ALLOW_SELECT = False

    chosen: reactive[int] = reactive(0)

    @dataclass
    class Chosen(Message):
        """The learner chose tab `index` (a click or a key)."""

        index: int

    def __init__(self, titles: list[str], chosen: int = 0, **kwargs) -> None:
        super().__init__(**kwargs)
        self.titles = titles
        self.spans = label_spans(titles)
        self.set_reactive(TabStrip.chosen, chosen)
        self._styles: tuple = ()

    @property
    def offset_x(self) -> int:
        """The first cell of the names shown: 0 when they all fit, else the chosen name centred."""
        total, width = self.spans[-1][1] if self.spans else 0, self.size.width
        if total <= width:
            return 0
        start, end = self.spans[self.chosen]
        return max(0, min((start + end - width) // 2, total - width))

    def render_line(self, y: int) -> Strip:
        plain, chosen, bar, mark = self._styles or self._make_styles()
        width, left = self.size.width, self.offset_x
        if not self.titles or y > 1:
            return Strip.blank(width, plain)
        start, end = self.spans[self.chosen]
        if y == 0:
            k = self.chosen
            before, after = "".join(f" {t} " for t in self.titles[:k]), "".join(f" {t} " for t in self.titles[k + 1 :])
            segments = [Segment(before, plain), Segment(f" {self.titles[k]} ", chosen), Segment(after, plain)]
        else:
            total = max(self.spans[-1][1], left + width)
            before = BAR * (start - 1) + "╸" if start else ""  # half bars: a gap either side of the mark
            after = "╺" + BAR * (total - end - 1) if total > end else ""
            segments = [Segment(before, bar), Segment(BAR * (end - start), mark), Segment(after, bar)]
        return Strip(segments).crop_extend(left, left + width, plain)

    def _make_styles(self) -> tuple:
        parts = ("tab-strip--chosen", "tab-strip--bar", "tab-strip--mark")
        self._styles = (self.rich_style, *(self.get_component_rich_style(name) for name in parts))
        return self._styles

    def notify_style_update(self) -> None:
        self._styles = ()  # the theme, the focus or the CSS changed: the colours with them
        super().notify_style_update()

    def on_click(self, event) -> None:
        x = event.x + self.offset_x
        for index, (start, end) in enumerate(self.spans):
            if start <= x < end:
                self.post_message(self.Chosen(index))

    def action_move(self, step: int) -> None:
        if self.titles:
            self.post_message(self.Chosen((self.chosen + step) % len(self.titles)))


class ViewTabs(Vertical):
    """A TabStrip over the panes given as its children (ViewPane), the `active` one showing and
    the others not displayed."""

    DEFAULT_CSS = """
    ViewTabs { height: 1fr; }
    """

    @dataclass
    class TabActivated(Message):
        """`pane` now shows (chosen by the learner or by setting `active`)."""

        tabs: ViewTabs
        pane: ViewPane

        @property
        def control(self) -> ViewTabs:
            return self.tabs

    def __init__(self, initial: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self._panes: list[ViewPane] = []
        self._active = initial

    def compose_add_child(self, widget: Widget) -> None:
        self._panes.append(widget)  # they come after the strip (compose)

    def compose(self):
        ids = [pane.id for pane in self._panes]
        chosen = ids.index(self._active) if self._active in ids else 0
        self._active = ids[chosen] if ids else ""
        yield TabStrip([pane.title for pane in self._panes], chosen)
        for pane in self._panes:
            pane.display = pane.id == self._active
            yield pane

    @property
    def pane_ids(self) -> list[str]:
        return [pane.id for pane in self._panes]

    @property
    def active(self) -> str:
        """The id of the pane showing."""
        return self._active

    @active.setter
    def active(self, pane_id: str) -> None:
        ids = self.pane_ids
        if pane_id not in ids:
            raise ValueError(f"no tab {pane_id!r}")
        if pane_id == self._active:
            return
        self._active = pane_id
        self.chosen(pane_id)
        for strip in self.query(TabStrip):  # (none yet while the tabs compose: they read _active)
            strip.chosen = ids.index(pane_id)
        for pane in self._panes:
            pane.display = pane.id == pane_id
        self.post_message(self.TabActivated(self, self._panes[ids.index(pane_id)]))

    def chosen(self, pane_id: str) -> None:
        """Called as a pane is chosen, before it shows (a subclass makes its view then)."""

    def on_tab_strip_chosen(self, event: TabStrip.Chosen) -> None:
        event.stop()
        self.active = self.pane_ids[event.index]
