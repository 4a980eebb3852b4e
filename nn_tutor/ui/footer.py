"""The key bar at the bottom of the tutor's screens: the screen's essential keys first,
then as many others as fit the width; every key is in help (?) and the palette (ctrl+p).

One widget drawing one line: a widget per key (as Textual's Footer has) took longer to draw
than the whole model panel beside the lesson. A click on a key presses it, as in Footer.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.text import Text
from textual import events
from textual.widget import Widget

RULE = "▏"  # before the palette's key, at the right end


def key_width(key_display: str, description: str) -> int:
    """Columns a key takes in the bar, the space after it included."""
    return len(key_display) + 1 + len(description) + 1


def fitting(keys: list, first: tuple[str, ...], width: int) -> list:
    """The keys (binding, enabled, tooltip, display) to show in `width` columns: those whose
    action is in `first`, in that order, then the others in their own order, while they fit."""
    rank = {action: i for i, action in enumerate(first)}
    ordered = sorted(keys, key=lambda k: rank.get(k[0].action, len(rank)))  # stable: the rest keep their order
    shown, used = [], 0
    for key in ordered:
        need = key_width(key[3], key[0].description)
        if used + need > width:
            if key[0].action in rank:
                continue  # a narrower essential key may still fit
            break
        shown.append(key)
        used += need
    return shown


class Spot(NamedTuple):
    """Where a key is drawn in the bar (columns start to end), and what it is."""

    start: int
    end: int
    key: str
    enabled: bool
    tooltip: str


class KeyFooter(Widget):
    """The screen's keys in one line: FOOTER_FIRST's actions first, only whole keys (none cut
    at the right edge), the command palette's key at the right end."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description", "key-bar--disabled", "key-bar--rule", "key-bar--hover"}
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .key-bar--key {
            color: $text-primary;
            text-style: bold;
        }
        & > .key-bar--description {
            color: $footer-description-foreground;
        }
        & > .key-bar--disabled {
            color: $text-muted;
            text-style: italic;
        }
        & > .key-bar--rule {
            color: $foreground 20%;
        }
        & > .key-bar--hover {
            background: $block-hover-background;
        }
    }
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._spots: list[Spot] = []
        self._hover: int | None = None  # the spot under the mouse

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen) -> None:
        self.refresh()

    def on_resize(self) -> None:
        self.refresh()

    def _keys(self) -> tuple[list, tuple | None]:
        """(the keys that fit, the command palette's key), each (binding, enabled, tooltip, display)."""
        screen, app = self.screen, self.app
        active = screen.active_bindings
        keys, seen = [], set()
        for _, binding, enabled, tooltip in active.values():
            if binding.show and binding.action not in seen:
                seen.add(binding.action)
                keys.append((binding, enabled, tooltip, app.get_key_display(binding)))
        palette = None
        if app.ENABLE_COMMAND_PALETTE and app.COMMAND_PALETTE_BINDING in active:
            _, binding, enabled, tooltip = active[app.COMMAND_PALETTE_BINDING]
            palette = (binding, enabled, tooltip or binding.description, app.get_key_display(binding))
        room = self.size.width or app.size.width
        if palette is not None:
            room -= key_width(palette[3], palette[0].description) + 1  # its rule
        return fitting(keys, getattr(screen, "FOOTER_FIRST", ()), room), palette

    def render(self) -> Text:
        if not self.is_attached:
            return Text()
        shown, palette = self._keys()
        style = self.get_component_rich_style
        key_style, text_style, off = style("key-bar--key"), style("key-bar--description"), style("key-bar--disabled")
        line, spots = Text(no_wrap=True, overflow="crop"), []

        def add(binding, enabled, tooltip, display) -> None:
            start = len(line)
            line.append(display, key_style if enabled else off)
            line.append(" " + binding.description, text_style if enabled else off)
            spots.append(Spot(start, len(line), binding.key, enabled, tooltip or ""))

        for key in shown:
            add(*key)
            line.append(" ")
        if palette is not None:
            width = self.size.width or self.app.size.width
            line.append(" " * max(0, width - len(line) - key_width(palette[3], palette[0].description)))
            line.append(RULE, style("key-bar--rule"))
            add(*palette)
        self._spots = spots
        if self._hover is not None and self._hover < len(spots):
            spot = spots[self._hover]
            line.stylize(style("key-bar--hover"), spot.start, spot.end)
        return line

    def _spot_at(self, x: int) -> int | None:
        return next((i for i, spot in enumerate(self._spots) if spot.start <= x < spot.end), None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        hover = self._spot_at(event.x)
        if hover != self._hover:
            self._hover = hover
            self.tooltip = self._spots[hover].tooltip or None if hover is not None else None
            self.refresh()

    def on_leave(self) -> None:
        if self._hover is not None:
            self._hover = None
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        at = self._spot_at(event.x)
        if at is None:
            return
        spot = self._spots[at]
        if spot.enabled:
            self.app.simulate_key(spot.key)
        else:
            self.app.bell()
