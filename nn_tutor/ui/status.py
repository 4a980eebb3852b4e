"""The panel's top lines as the learner reads them: progress with the cost and accuracy each
labelled with the parameters it comes from, the settings by their lesson names, and what the
sparkline shows. Each line comes in forms from long to short; the caller gives its width and
gets the longest form that fits, so a number is left out on purpose, never cut.
"""

from __future__ import annotations

from nn_tutor.names import shown_name
from nn_tutor.ui.format import number, percent


def fitting(forms: list[str], width: int | None) -> str:
    """The first (longest) form no wider than `width` (None: any width), else the shortest."""
    for text in forms:
        if width is None or len(text) <= width:
            return text
    return forms[-1]


def state_forms(diverged: bool, running: bool, speed: int | None) -> tuple[str, str]:
    """(long, short) words for what training is doing."""
    if diverged:
        return "diverged", "diverged"
    if not running:
        return "paused", "paused"
    return (
        f"▶ running {'max speed' if speed is None else f'{speed}/s'}",
        f"▶ {'max' if speed is None else f'{speed}/s'}",
    )


def status_line(s, running: bool = False, speed: int | None = None, width: int | None = None) -> str:
    """Iteration, cost J and accuracy, saying which parameters each comes from.

    The cost is of the latest cost phase, computed with the parameters before that
    iteration's update; the accuracy is always of the parameters as they are now. So after a
    whole iteration (phase update, or the next forward) the two come from either side of an
    update, and after the cost or backward phase from the same parameters.

    The form is chosen for numbers of the usual longest size (J = 0.001234, 100.0%), so
    that it stays put while training runs and the numbers change length.
    """
    state, short = state_forms(s.diverged, running, speed)
    forms = _status_forms(s, state, short, number(s.cost), percent(s.accuracy))
    usual = _status_forms(s, state, short, "0.001234", "100.0%")
    i = usual.index(fitting(usual, width))
    return forms[i] if width is None or len(forms[i]) <= width else fitting(forms, width)


def _status_forms(s, state: str, short: str, cost: str, acc: str) -> list[str]:
    if s.accuracy is None:
        return [
            f"Iteration {s.iteration}: no forward pass yet, so no cost J or accuracy · {state}",
            f"Iteration {s.iteration}: no forward pass yet · {state}",
            f"It. {s.iteration}: no forward pass yet · {short}",
        ]
    if s.cost is None:  # iteration 1's forward pass ran, its cost phase not yet
        return [
            f"Iteration 1: forward pass done, cost J next · accuracy {acc} · {state}",
            f"Iteration 1: cost J next · accuracy {acc} · {state}",
            f"It. 1: J next · acc. {acc} · {short}",
        ]
    if s.phase in ("cost", "backward"):  # no update since this cost's forward pass
        k = s.iteration + 1
        return [
            f"Iteration {k}: cost J = {cost}, accuracy {acc}, both with the same W, b · {state}",
            f"Iteration {k}: J = {cost}, accuracy {acc}, same W, b · {state}",
            f"It. {k}: J = {cost}, acc. {acc}, same W, b · {short}",
            f"It. {k}: J = {cost}, {acc}, same W, b · {short}",
        ]
    k = s.iteration  # after the update: the cost is from before it, the accuracy after
    return [
        f"Iteration {k}: cost J = {cost} before its update, accuracy {acc} after it · {state}",
        f"Iteration {k}: J = {cost} before its update, accuracy {acc} after · {state}",
        f"It. {k}: J = {cost} before update, acc. {acc} after · {short}",
        f"J = {cost} before update {k}, acc. {acc} after · {short}",
        f"J = {cost} before update {k}, {acc} after · {short}",
        f"J {cost} before update {k}, {acc} after · {short}",
    ]


def activations_text(activations, short: bool = False) -> str:
    """tanh→sigmoid; short: repeated hidden layers counted (4 sigmoid layers→sigmoid)."""
    names = [shown_name("activation", a) for a in activations]
    hidden, out = names[:-1], names[-1]
    if short and len(hidden) > 1 and len(set(hidden)) == 1:
        return f"{len(hidden)} {hidden[0]} layers→{out}"
    return "→".join(names)


def batch_text(batch, batch_size: int, m: int, of_m: bool = True) -> str:
    """full batch of 400, SGD, 1 example of 400, mini-batch 64 of 400 (without "of m" in a
    short line, where the data set reads "flower (400)")."""
    of = f" of {m}" if of_m else ""
    if batch == "full" or batch_size == m:
        return f"full batch{of}"
    if batch == "sgd" or batch_size == 1:
        return f"SGD, 1 example{of}"
    return f"mini-batch {batch_size}{of}"


def config_line(s, width: int | None = None) -> str:
    """The settings, named as the lessons name them: large random (×10), ReLU, cross-entropy."""
    m = s.X.shape[1]
    init, lr = shown_name("init", s.init), f"α {s.learning_rate:.4g}"
    batch, short_batch = batch_text(s.batch, s.batch_size, m), batch_text(s.batch, s.batch_size, m, of_m=False)
    plain_init, data = init.split(" (")[0], shown_name("dataset", s.dataset)
    acts, short_acts = activations_text(s.activations), activations_text(s.activations, True)
    parts = [
        (lr, acts, f"init {init}", data, batch),
        (lr, short_acts, f"init {init}", data, batch),
        (lr, short_acts, init, data, batch),
        (lr, short_acts, plain_init, data, batch),
        (lr, short_acts, plain_init, f"{data} ({m})", short_batch),
        (lr, short_acts, plain_init, batch),
        (lr, plain_init, batch),
    ]
    return fitting([" · ".join(p) for p in parts], width)


def spark_label(iterations: int) -> str:
    """What the sparkline beside it draws: the cost of every iteration so far."""
    if iterations == 0:
        return "cost J: none yet "
    if iterations == 1:
        return "cost J, iteration 1 "
    return f"cost J, iterations 1–{iterations} "
