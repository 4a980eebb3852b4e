"""Views with keys of their own: they take the focus while their tab shows (so their keys
reach them and the footer lists them) and hand it back when they are hidden."""

from __future__ import annotations

from textual.widget import Widget


class KeyedView:
    """Mixed into a focusable view widget whose BINDINGS are its own keys."""

    _focus_before: Widget | None = None

    def on_show(self) -> None:
        before = self.screen.focused
        if before is not self and not self.has_focus:
            self._focus_before = before
            self.focus()

    def on_hide(self) -> None:
        before, self._focus_before = self._focus_before, None
        if self.has_focus and before is not None and before.is_mounted and before.display:
            before.focus()
