"""Lesson files: loading and checking them into Lesson objects.

A lesson is one markdown file, ``lessons/NN-slug.md``, with YAML front matter saying what
the lesson is and what the model panel beside it trains and shows. The schema is
documented once, in README.md ("Writing your own lessons"). ``nn-tutor check-lessons [DIR]``
checks a folder and names, for every problem, the file, the field and what was expected.
"""

from nn_tutor.lessons.folder import (
    check_folder,
    check_lessons,
    default_lessons_dir,
    find_lesson,
    load_lesson,
    load_lessons,
)
from nn_tutor.lessons.lesson import Lesson, LessonError, PanelSpec
from nn_tutor.lessons.schema import COMPARE_KEYS, CONFIG_KEYS, PANEL_KEYS, TOP_KEYS, VIEWS
from nn_tutor.names import QUIZ_TOPICS

__all__ = [
    "COMPARE_KEYS",
    "CONFIG_KEYS",
    "PANEL_KEYS",
    "QUIZ_TOPICS",
    "TOP_KEYS",
    "VIEWS",
    "Lesson",
    "LessonError",
    "PanelSpec",
    "check_folder",
    "check_lessons",
    "default_lessons_dir",
    "find_lesson",
    "load_lesson",
    "load_lessons",
]
