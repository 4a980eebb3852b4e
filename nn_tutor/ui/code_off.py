"""What the exercises key shows when a served tutor may not run the learner's code: why, and
how to do the exercises anyway."""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from nn_tutor.serve.learner import CODE_OFF


class CodeOffScreen(ModalScreen):
    """The exercises are off on this server; esc goes back."""

    DEFAULT_CSS = """
    CodeOffScreen { align: center middle; }
    CodeOffScreen > #code-off-box { width: 76; max-width: 100%; height: auto; max-height: 100%;
        border: round $warning; padding: 0 1; background: $surface; }
    CodeOffScreen #code-off { margin: 1 0; }
    """
    BINDINGS = [Binding("escape,e,q", "dismiss", "Back", key_display="esc")]

    def compose(self):
        with Vertical(id="code-off-box"):
            yield Static("Exercises: off on this server", classes="box-title")
            yield Static(CODE_OFF, id="code-off", markup=False)
            yield Static("esc: back", classes="box-hint")
