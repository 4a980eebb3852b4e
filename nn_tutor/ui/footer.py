"""The key bar at the bottom of the tutor's screens."""

from __future__ import annotations

from textual.widgets import Footer


class KeyFooter(Footer):
    """Textual's Footer, rebuilt only when the keys it shows change.

    Footer rebuilds every key whenever the screen's bindings are signalled (each focus
    change, each screen switch), which made up a quarter of the time to open a lesson.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._shown: tuple | None = None

    def bindings_changed(self, screen) -> None:
        shown = tuple((binding.key, binding.description, enabled)
                      for _, binding, enabled, _ in screen.active_bindings.values() if binding.show)
        if shown == self._shown and screen is self.screen:
            return
        self._shown = shown
        super().bindings_changed(screen)
