"""The lesson text as the lesson screen lays it out: nothing lost, nothing past the edge."""

from __future__ import annotations

import pytest

from nn_tutor.lessons import load_lessons
from nn_tutor.ui.lesson_text import blocks, parse

TEXT = """\
# Title

A paragraph with **bold**, *italic*, `code` and a [link](https://example.com/a).

- a list item long enough that it has to wrap onto a second line in a narrow pane
- second

1. one
2. two

    g(z) = max(0.01z, z)                   range (−∞, ∞) and a formula far longer than the pane is wide

| units | accuracy |
|---|--:|
| 1 | 67% |
| 50 | 91% |

> a quote
"""


def laid_out(text: str, width: int) -> list[str]:
    return [line.plain for line in blocks(parse(text).children, width)]


@pytest.mark.parametrize("width", [20, 40, 80])
def test_no_line_is_wider_than_the_pane_and_no_word_is_lost(width):
    lines = laid_out(TEXT, width)
    assert all(len(line) <= width for line in lines)
    words = " ".join(lines).split()
    for word in ("Title", "bold", "italic", "code", "link", "second", "max(0.01z,", "range", "67%", "91%", "quote"):
        assert word in " ".join(words)


def test_a_list_item_wraps_under_its_own_text():
    lines = laid_out("- a list item long enough that it has to wrap onto a second line\n", 30)
    assert lines[0].startswith("• ") and len(lines) > 1
    assert all(line.startswith("  ") and not line.startswith("   ") for line in lines[1:])


def test_a_table_keeps_its_columns_and_right_alignment():
    lines = laid_out(TEXT.split("\n\n")[-2], 40)
    assert lines[0].split("│")[0].strip() == "units"
    assert lines[2].index("│") == lines[3].index("│")  # columns line up
    assert lines[2].endswith(" 67%") and lines[3].endswith(" 91%")  # --: is right-aligned


def test_a_link_is_clickable_with_its_address():
    line = next(c for c in blocks(parse(TEXT).children, 80) if "link" in c.plain)
    actions = [span.style.meta.get("@click") for span in line.spans if not isinstance(span.style, str)]
    assert "link('https://example.com/a')" in actions


@pytest.mark.parametrize("width", [24, 60, 120])
def test_every_shipped_lesson_fits_any_width(width):
    lessons, errors = load_lessons()
    assert lessons and not errors
    for lesson in lessons:
        lines = laid_out(lesson.body, width)
        assert all(len(line) <= width for line in lines), lesson.id
        assert " ".join(lines).split()[:3] == lesson.body.lstrip("# ").split()[:3]
