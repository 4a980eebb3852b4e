"""Opening the exercises: on the folder the learner gave, or the one progress remembers; with
neither, a small screen offers to make one (in ~/nn-tutor-exercises unless they type another)."""

from __future__ import annotations

from pathlib import Path

from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from nn_tutor.exercises import init_workspace

DEFAULT_FOLDER = "nn-tutor-exercises"
ABOUT = (
    "You write the network yourself: NumPy functions in network.py, one at a time, here "
    "or in your own editor. "
    "The tutor checks each one every time you save, and once forward, backward and update pass, "
    "y in a two-layer lesson trains your network beside the reference.\n\n"
    "Make the folder here (enter), or type another one first. From a shell instead: "
    "`nn-tutor exercises init DIR`, then `nn-tutor exercises DIR`."
)


def default_workspace() -> Path:
    from nn_tutor.serve import learner

    return learner.default_workspace() or Path.home() / DEFAULT_FOLDER


def has_network(folder: Path | str) -> bool:
    return (Path(folder).expanduser() / "network.py").is_file()


def remembered_workspace(progress) -> Path | None:
    """The workspace progress remembers, if it still holds a network.py (and code may run there)."""
    from nn_tutor.serve import learner

    folder = getattr(progress, "workspace", None)
    if not folder or not learner.code_allowed() or not learner.inside(folder):
        return None
    return Path(folder) if has_network(folder) else None


def remember(app, folder: Path | str) -> None:
    progress = app.progress
    path = str(Path(folder).expanduser().resolve())
    if progress is not None and progress.workspace != path:
        progress.workspace = path
        if not progress.save():
            app.notify(progress.notice, severity="warning", timeout=10, markup=False)


def open_exercises(app, folder: Path | str | None = None) -> None:
    """The exercises screen on `folder` (None: the remembered workspace); the offer to make
    a workspace when that folder has no network.py yet."""
    from nn_tutor.serve import learner
    from nn_tutor.ui.exercises_screen import ExercisesScreen

    if not learner.code_allowed():
        from nn_tutor.ui.code_off import CodeOffScreen

        app.push_screen(CodeOffScreen())
        return

    def show(folder: Path | None) -> None:
        if folder is not None:
            remember(app, folder)
            app.push_screen(ExercisesScreen(folder, progress=app.progress))

    if folder is None:
        folder = remembered_workspace(app.progress)
    if folder is not None and has_network(folder):
        show(Path(folder).expanduser())
    else:
        app.push_screen(NewWorkspaceScreen(Path(folder) if folder is not None else None), callback=show)


class NewWorkspaceScreen(ModalScreen[Path | None]):
    """Where to make the exercises' workspace: a folder name to confirm or change."""

    DEFAULT_CSS = """
    NewWorkspaceScreen { align: center middle; }
    NewWorkspaceScreen > #workspace-box { width: 76; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; padding: 0 1; background: $surface; }
    NewWorkspaceScreen #workspace-about { margin: 1 0; }
    NewWorkspaceScreen #workspace-error { color: $text-error; height: auto; }
    """
    BINDINGS = [Binding("escape", "dismiss(None)", "Not now", key_display="esc")]

    def __init__(self, folder: Path | None = None):
        super().__init__()
        self.folder = folder or default_workspace()

    def compose(self):
        with Vertical(id="workspace-box"):
            yield Static("Exercises: a workspace for your network.py", classes="box-title")
            yield Static(ABOUT, id="workspace-about", markup=False)
            yield Input(str(self.folder), placeholder="a folder for network.py", id="workspace-path")
            yield Static("", id="workspace-error", markup=False)
            yield Static("enter: make it and open the exercises   esc: not now", classes="box-hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        error = self.query_one("#workspace-error", Static)
        if not text:
            error.update("Type a folder for the workspace, or esc.")
            return
        from nn_tutor.serve import learner

        try:
            folder = learner.workspace_for(text)
            init_workspace(folder)
        except (OSError, ValueError) as err:  # ValueError: a NUL in the name
            error.update(f"The workspace cannot be made there: {err}")
            return
        self.dismiss(folder)
