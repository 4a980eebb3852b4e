"""Lesson files for the tests: a template with every panel field, and three lessons with
every kind of view between them (written to a folder by conftest.Tutor.lessons)."""

LESSON = """\
---
id: {id}
title: {title}
sections: [{section}]
panel:
  layers: {layers}
  activations: {activations}
  dataset: {dataset}
  init: {init}
  learning_rate: {lr}
  seed: {seed}
  m: {m}
  views: {views}
{extra}quiz: [sigmoid]
---
# {title}

A short lesson for the tests. Press space to step the network.

    z = wᵀx + b,   a = σ(z)

- first point
- second point

## After the list

A second heading and its paragraph, so that the text scrolls in a small window.
"""

DEFAULTS = dict(
    section="networks",
    layers="[2, 4, 1]",
    activations="[tanh, sigmoid]",
    dataset="flower",
    init="small_random",
    lr=1.2,
    seed=3,
    m=120,
    views="[forward, gradients, cost]",
    extra="",
)

# three lessons with every kind of view between them
THREE_LESSONS = [
    dict(
        id="one-unit",
        title="One unit",
        section="computation graph",
        layers="[2, 1]",
        activations="[sigmoid]",
        dataset="blobs",
        m=200,
        views="[boundary, activation, graph, cost]",
    ),
    dict(id="two-layers", title="Two layers", m=200),
    dict(
        id="deep",
        title="Deep",
        section="depth",
        layers="[2, 3, 3, 1]",
        activations="[tanh, tanh, sigmoid]",
        dataset="moons",
        lr=0.5,
        m=200,
        views="[gradient_norms, symmetry, gradcheck, loss_shape]",
    ),
]


def lesson_text(**fields) -> str:
    """A lesson file; `fields` override DEFAULTS (id and title are required)."""
    return LESSON.format(**{**DEFAULTS, **fields})
