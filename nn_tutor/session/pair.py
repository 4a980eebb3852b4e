"""Your network beside the reference: two sessions driven as one.

A `Pair` takes the calls a lesson screen makes of a Session and gives each to both: `yours`
(trained by the learner's functions, in its own process) and the `reference` (the app's
session). So both stay at the same iteration, and a crash or an endless loop in the learner's
code stops only theirs. What the screen reads comes from yours, each Update carrying the
reference's costs so the cost view can draw both.
"""

from __future__ import annotations

import dataclasses

from nn_tutor.session.messages import COMMANDS, CompareResult, Notice, Update

BOTH = frozenset(c.name for c in COMMANDS if c.to_both)
HIDDEN_FIXED = (
    "Your network's hidden layer is tanh, as your forward computes it: press y for the "
    "reference to try other activations."
)


class Pair:
    """Session-like: commands go to both sessions, reads come from `yours`."""

    def __init__(self, yours, reference):
        self.yours, self.reference = yours, reference
        self._notices: list[Notice] = []
        self._merged: tuple | None = None  # (yours' Update, reference's Update, merged Update)
        self.stopped: str | None = None  # why your network stopped training (its error)

    def load(self, settings, *, X=None, Y=None, network=None, compare=None) -> int:
        """Both from iteration 0 with the same settings: yours with `network`, the reference with
        the compare runs. Returns the generation that the Pair's Updates carry."""
        self.reference.load(settings, X=X, Y=Y, compare=compare)
        self._merged, self.stopped = None, None
        return self.yours.load(settings, X=X, Y=Y, network=network)

    def __getattr__(self, name: str):
        if name not in BOTH:
            raise AttributeError(name)

        def both(*args, **kwargs):
            getattr(self.reference, name)(*args, **kwargs)
            getattr(self.yours, name)(*args, **kwargs)

        return both

    def cycle(self, field: str) -> None:
        if field == "activation":
            self._notices.append(Notice(self.yours.generation, HIDDEN_FIXED, "warning", 5))
            if self.yours.on_change is not None:
                self.yours.on_change()
            return
        self.reference.cycle(field)
        self.yours.cycle(field)

    def toggle_run(self) -> None:
        """Run both or pause both (toggling each could leave one running and one not)."""
        latest = self.yours.latest
        if latest is not None and latest.running:
            self.pause()
        else:
            self.run()

    def want_gradcheck(self, wanted: bool) -> None:
        self.yours.want_gradcheck(wanted)  # it checks the learner's backward

    @property
    def generation(self) -> int:
        return self.yours.generation

    @property
    def alive(self) -> bool:
        return self.yours.alive

    @property
    def failure(self) -> str | None:
        """Why either process stopped (yours first), or None."""
        return self.yours.failure or self.reference.failure

    @property
    def latest(self) -> Update | None:
        """Your network's newest Update with the reference's costs (the same object until
        either side sends something new)."""
        yours, reference = self.yours.latest, self.reference.latest
        if yours is None:
            return None
        if self._merged is None or self._merged[0] is not yours or self._merged[1] is not reference:
            if yours.snapshot.diverged and reference is not None and reference.running:
                self.reference.pause()  # yours has stopped: the reference waits for it
            costs = None if reference is None else reference.snapshot.costs
            self._merged = (yours, reference, dataclasses.replace(yours, reference_costs=costs))
        return self._merged[2]

    def take_events(self) -> list:
        """Yours' notices, the Pair's own, and the reference's compare runs. The reference's
        notices are dropped: it runs the same settings, and it is not the network on show."""
        compared = [e for e in self.reference.take_events() if isinstance(e, CompareResult)]
        own, self._notices = self._notices, []
        events = self.yours.take_events()
        errors = [e for e in events if isinstance(e, Notice) and e.severity == "error"]
        if errors:
            self.reference.pause()  # yours has stopped: the reference waits for it
            self.stopped = errors[-1].text
        return events + [n for n in own if n.generation == self.yours.generation] + compared
