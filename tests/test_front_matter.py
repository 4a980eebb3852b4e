"""Plain front matter is read without the YAML library, always as YAML reads it."""

from __future__ import annotations

import pytest
import yaml

from nn_tutor.lessons import default_lessons_dir
from nn_tutor.lessons.files import read_text, split_front_matter
from nn_tutor.lessons.front_matter import plain_front_matter


def shipped_front_matter() -> list[str]:
    paths = sorted(default_lessons_dir().glob("*.md"))
    return [split_front_matter(path, read_text(path))[0] for path in paths]


def test_every_shipped_lesson_is_read_without_yaml_as_yaml_reads_it():
    sources = shipped_front_matter()
    assert sources
    for source in sources:
        assert plain_front_matter(source) == yaml.safe_load(source)


TRICKY = [
    "id: a\nflag: yes",
    "id: a\nflag: On",
    "id: a\nnothing: null",
    "id: a\nempty:",
    "id: a\nempty:\nnext: b",
    "id: a\nwhen: 2024-01-02",
    "id: a\nrate: 1e-3",
    "id: a\nrate: 1.",
    "id: a\nrate: .5",
    "id: a\nrate: 1_000",
    "id: a\nrate: 010",
    "id: a\nrate: 0x10",
    "id: a\nrate: +3",
    "id: a\nrate: -0.25",
    "id: a\nlist: [a, b, 3, 0.5, yes]",
    "id: a\nlist: [a, [b]]",
    "id: a\nlist: []",
    "id: a\nlist: [a, , b]",
    "id: a\nlist:\n  - a\n  - b",
    "id: a\ntitle: A, b, and c",
    "id: a\ntitle: Why? Because",
    'id: a\ntitle: a network\'s output, "quoted" `x`',
    "id: a\nlist: [a network's, b]",
    "id: a\ntitle: a: b",
    "id: a\ntitle: a # comment",
    "id: a\ntitle: 'quoted'",
    "id: a\ntitle: 'it''s'",
    'id: a\ntitle: "a: b"',
    'id: a\ntitle: "a" b',
    'id: a\ntitle: "x\\ty"',
    "id: a\nid: b",
    "on: 1",
    "id: a\npanel:\n  layers: [2, 1]\n  compare:\n    field: batch\n    values: [full, 32]\nquiz: [x]",
    "id: a\npanel:\n  layers: [2, 1]\n   seed: 1",
    "id: a\npanel:\n    layers: [2, 1]\n  seed: 1",
    "id: a\n\tseed: 1",
    "id: a\ntitle: Tab\there",
    "id: a\ntitle: Ünïcödé · text",
    "id: a\ntitle: bad \ufffe char",
    "- a\n- b",
    "just text",
    "",
]


@pytest.mark.parametrize("source", TRICKY)
def test_front_matter_it_cannot_be_sure_of_is_left_to_yaml(source):
    data = plain_front_matter(source)
    if data is not None:
        assert data == yaml.safe_load(source)
        assert type(data) is dict


def test_plain_front_matter_is_read_without_yaml():
    """Typical front matter gives a mapping (not None), so the YAML library is not imported for it."""
    assert plain_front_matter("id: a\ntitle: A, b\nsections: [x y]\npanel:\n  seed: 1\n  learning_rate: 0.5") == {
        "id": "a",
        "title": "A, b",
        "sections": ["x y"],
        "panel": {"seed": 1, "learning_rate": 0.5},
    }
