"""Building a lesson screen's model panel: a frame after its text (or while the lesson before
it is read, for a screen built ahead), with what the session has sent already."""

from __future__ import annotations


async def build_panel(screen) -> None:
    """The network asked for, then the model panel (in place of its placeholder)."""
    waiting = screen.query("#panel-wait")
    if screen._panel_asked or not waiting or not screen.is_attached or not screen.app.is_running:
        return  # (the app closing: nothing to build)
    screen._panel_asked = True  # (Textual may run this callback twice)
    if not screen.built_ahead:  # built ahead: it loads when shown
        screen.load_network()  # first, so that it trains in the other process meanwhile
    from nn_tutor.ui.panel import ModelPanel

    panel = ModelPanel(screen.lesson, id="panel", view=screen.place.get("view"), made=screen._view_made)
    early_frame(screen, panel)
    await screen.query_one("#body").mount(panel, after=waiting.first())
    await waiting.first().remove()
    screen.built_panel = panel
    if "graph" in screen.lesson.panel.views and screen.graph is None:
        screen.set_graph(screen.graph_kind)
    if screen.built_ahead:
        lay_out_ahead(screen)
    screen.post_message(screen.PanelBuilt())


def lay_out_ahead(screen) -> None:
    """A screen built ahead is laid out now, while the lesson before it is read, so that `n`
    only paints it: Textual 8.2.8 lays a screen out when it first shows, then again on the
    Resize that first layout sends it; there is no public call for a screen not shown."""
    if screen.is_current or not screen.is_attached or not screen.app.is_running or not screen.app.size:
        return
    screen._refresh_layout(screen.app.size)


def early_frame(screen, panel) -> None:
    """What the session has sent already, given to the panel before it mounts: drawn with
    the panel's first paint rather than a paint later."""
    session = screen.session
    update = session.latest if screen.generation == session.generation else None
    if update is not None:
        screen.latest = update
        screen.set_reactive(type(screen).running, update.running)
        panel.set_reactive(type(panel).frame, screen.frame_now())
