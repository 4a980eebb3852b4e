"""The first lesson's text read without markdown-it: drawn exactly as markdown-it's reading
draws it, or left to markdown-it."""

from __future__ import annotations

import pytest

from nn_tutor.lessons import load_lessons
from nn_tutor.ui.lesson_text import blocks, parse
from nn_tutor.ui.plain_markdown import read

WIDTHS = (12, 30, 57, 80, 120)


def drawn(document, width: int) -> list:
    return [
        (line.plain, [(s.start, s.end, str(s.style)) for s in line.spans]) for line in blocks(document.children, width)
    ]


def test_every_shipped_lesson_read_plainly_draws_as_markdown_it_draws_it():
    lessons, errors = load_lessons()
    assert lessons and not errors
    plain = [lesson for lesson in lessons if read(lesson.body) is not None]
    assert plain  # (the first lesson among them: it draws before markdown-it loads)
    for lesson in plain:
        for width in WIDTHS:
            assert drawn(read(lesson.body), width) == drawn(parse(lesson.body), width), (lesson.id, width)


SAME = [
    "# Title\n\nA paragraph with **bold**, *italic*, `code` and a [link](https://example.com/a).\n",
    "Text\nover two lines, n_x and a_1 and 2 * 3.\n\n- one\n- two\n  goes on\n\nbetween\n\n1. first\n2. second\n",
    "Code:\n\n    z = wᵀx + b\n\n    a = σ(z)\n\n```python\nx = 1\n\n# not a heading\n```\n\n## Next\ntext\n",
    "3. starts at three\n4. four\n\nafter *the list*, **strong `code` inside**\n",
]

REFUSED = [
    "an \\*escaped\\* star\n",
    "<b>html</b>\n",
    "&amp; an entity\n",
    "- a loose list\n\n- item\n",
    "- nested\n  - item\n",
    "| a | b |\n|---|---|\n| 1 | 2 |\n",
    "> a quote\n",
    "a _word_ with underscores\n",
    "setext\n===\n",
    "a line\n---\n",
    "***\n",
    "trailing spaces  \nhard break\n",
    "[ref]: https://example.com\n",
    "~~strike~~\n",
    "![image](https://example.com/a.png)\n",
    "mixed **strong *and em***\n",
]


@pytest.mark.parametrize("text", SAME)
def test_plain_markdown_draws_as_markdown_it_draws_it(text):
    document = read(text)
    assert document is not None
    for width in WIDTHS:
        assert drawn(document, width) == drawn(parse(text), width)


@pytest.mark.parametrize("text", REFUSED)
def test_anything_else_is_left_to_markdown_it(text):
    assert read(text) is None
