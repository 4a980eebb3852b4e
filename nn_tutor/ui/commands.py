"""Command palette (ctrl+p): jump to any lesson, or run any key's action by name."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content


class TutorCommands(Provider):
    """Lessons by number and title, then every action of the lesson screen and the app."""

    def commands(self):
        app = self.app
        for i, lesson in enumerate(app.read_lessons()):
            yield (f"Lesson {i + 1}: {lesson.title}", partial(app.goto_lesson, i), "Open this lesson")
        screen = self.screen
        seen = set()
        for owner in (screen, app):
            for binding in getattr(owner, "BINDINGS", []):
                if binding.action in seen or binding.action == "command_palette":
                    continue
                seen.add(binding.action)
                key = binding.key_display or binding.key.split(",")[0]
                help_text = f"{binding.tooltip or binding.description}  (key: {key})"
                yield (binding.description, partial(owner.run_action, binding.action), help_text)
        yield ("Toggle light/dark theme", app.action_toggle_theme, "Switch between the light and dark theme")

    async def discover(self) -> Hits:
        for title, callback, help_text in self.commands():
            yield DiscoveryHit(Content(title), callback, text=title, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, callback, help_text in self.commands():
            score = matcher.match(title)
            if score > 0:
                # a teacher's title is text, never markup: highlight only what cannot be read as markup
                shown = matcher.highlight(title) if "[" not in title else Content(title)
                yield Hit(score, shown, callback, text=title, help=help_text)
