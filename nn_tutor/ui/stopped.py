"""The line at the top of the model panel that says what trains there and when it stopped, and
the R key that starts a failed training process again.

A training process may end (a crash, a limit hit, os._exit in the learner's code), send
garbage, or stop answering (then it is ended). The Session then has a `failure` sentence; the
panel shows it with the key that restarts, the status line stops showing it running, and R
starts a new process with the lesson's network from iteration 0.
"""

from __future__ import annotations

import weakref

from textual.widgets import Static

_shown: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # screen -> its banner's text
RESTART = "Training stopped: press R to restart it."
RESTART_YOURS = "Training stopped: press R to restart it, or y for the reference."


class Banner(Static):
    DEFAULT_CSS = """
    Banner { height: auto; padding: 0 1; background: $accent 30%; text-style: bold; }
    Banner.-stopped { background: $error 35%; }
    """

    said = ""


def set_banner(screen, text: str | None, stopped: bool = False) -> None:
    """The panel's banner shows `text` (wrapped, whole), or goes (None)."""
    found = screen.query(Banner)
    screen.set_class(text is not None, "-banner")
    if text is None:
        for banner in found:
            banner.remove()
        return
    if found:
        banner = found.first()
        if banner.said != text:
            banner.update(text)
    else:
        banner = Banner(text, markup=False)
        panel = screen.panel
        panel.mount(banner, before=panel.children[0] if panel.children else None)
    banner.said = text
    banner.set_class(stopped, "-stopped")


def failure(session) -> str | None:
    """Why the session's process stopped (a sentence), or None while it works."""
    return getattr(session, "failure", None)


def show_state(screen) -> None:
    """The banner for what the screen's session is doing: a failed process's sentence (and the
    screen shows it not running), your network's line, or nothing."""
    why = failure(screen.session)
    yours = screen.yournet if screen.yournet is not None and screen.yournet.showing else None
    if why is not None:
        if screen.running:
            screen.running = False
        text, stopped = f"{why} {RESTART_YOURS if yours else RESTART}", True
    elif yours is not None:
        text, stopped = yours.banner()
    else:
        text, stopped = None, False
    if _shown.get(screen, None) != text:  # asked at every update: no DOM query unless it changed
        _shown[screen] = text
        set_banner(screen, text, stopped)
        screen.refresh_bindings()


def restart(screen) -> None:
    """R: a new training process for whichever session failed, the network from iteration 0."""
    if screen.yournet is not None and screen.yournet.showing:
        screen.yournet.restart()
    else:
        session = screen.session
        if failure(session) is None:
            return
        session.restart()
        screen.generation, screen.latest = None, None
        screen.load_network()
        screen.session.want_gradcheck(screen.panel.active_view == "gradcheck")
        screen.notify("The training process started again: the network trains from iteration 0.", timeout=4)
    show_state(screen)
