"""The key bar at the bottom of the tutor's screens: the screen's essential keys first,
then as many others as fit the width; every key is in help (?) and the palette (ctrl+p)."""

from __future__ import annotations

from textual.widgets import Footer
from textual.widgets._footer import FooterKey  # not exported: pyproject.toml pins textual below 8.3


def key_width(key_display: str, description: str) -> int:
    """Columns a compact footer key takes, its right margin included."""
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


class KeyFooter(Footer):
    """Textual's Footer (compact), showing the screen's FOOTER_FIRST actions before the rest
    and only whole keys: none is cut at the right edge.

    It rebuilds only when the keys it shows change: Footer rebuilds every key whenever the
    screen's bindings are signalled (each focus change, each screen switch), which made up a
    quarter of the time to open a lesson.
    """

    def __init__(self, *args, now: bool = False, **kwargs):
        """`now`: mounted on a screen already up, whose keys are known: they are composed
        with the footer, not a frame after it."""
        super().__init__(*args, compact=True, **kwargs)
        self._shown: tuple | None = None
        self._ready = now  # the keys can be read (the screen has signalled its bindings)

    def _keys(self) -> tuple[list, tuple | None]:
        """(the keys that fit, the command palette's key and its width)."""
        screen, app = self.screen, self.app
        active = screen.active_bindings
        keys, seen = [], set()
        for _, binding, enabled, tooltip in active.values():
            if binding.show and binding.action not in seen:
                seen.add(binding.action)
                keys.append((binding, enabled, tooltip, app.get_key_display(binding)))
        palette = None
        if self.show_command_palette and app.ENABLE_COMMAND_PALETTE and app.COMMAND_PALETTE_BINDING in active:
            _, binding, enabled, tooltip = active[app.COMMAND_PALETTE_BINDING]
            palette = (binding, enabled, tooltip, app.get_key_display(binding))
        room = self.size.width or app.size.width
        if palette is not None:
            room -= key_width(palette[3], palette[0].description) + 1  # its border
        return fitting(keys, getattr(screen, "FOOTER_FIRST", ()), room), palette

    def compose(self):
        if not self._ready:
            return
        if self._shown is None:  # composed at once (`now`): the screen's signal will find them shown
            self._shown = self._signature(self.screen)
        shown, palette = self._keys()
        for binding, enabled, tooltip, display in shown:
            # born compact (the class its compact binding sets), so binding it restyles nothing
            yield FooterKey(
                binding.key,
                display,
                binding.description,
                binding.action,
                classes="-compact",
                disabled=not enabled,
                tooltip=tooltip,
            ).data_bind(compact=Footer.compact)
        if palette is not None:
            binding, enabled, tooltip, display = palette
            yield FooterKey(
                binding.key,
                display,
                binding.description,
                binding.action,
                classes="-command-palette",
                disabled=not enabled,
                tooltip=binding.tooltip or binding.description,
            )

    def _signature(self, screen) -> tuple:
        keys = tuple(
            (binding.key, binding.description, enabled)
            for _, binding, enabled, _ in screen.active_bindings.values()
            if binding.show
        )
        return keys, self.size.width or self.app.size.width  # the width _keys fits them in

    def bindings_changed(self, screen) -> None:
        self._ready = True
        shown = self._signature(screen)
        if shown == self._shown and screen is self.screen:
            return
        self._shown = shown
        super().bindings_changed(screen)

    def on_resize(self) -> None:
        if self.is_attached and self._ready:
            self.bindings_changed(self.screen)
