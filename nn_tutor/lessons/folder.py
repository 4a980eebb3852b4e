"""A folder of lessons: every file loaded in teaching order, each problem named by file."""

from __future__ import annotations

import re
from pathlib import Path

from nn_tutor.lessons.files import FIRST_YAML_LINE, no_control_characters, parse_yaml, read_text, split_front_matter
from nn_tutor.lessons.lesson import Lesson, LessonError, display_path
from nn_tutor.lessons.schema import check_lesson
from nn_tutor.lessons.text import shown

FILE_NAME_RE = re.compile(r"^\d{2,3}-[a-z0-9][a-z0-9-]*\.md$")  # 01-... to 999-...
_NUMBER_RE = re.compile(r"^(\d+)-")


def teaching_order(path: Path) -> tuple[int, str]:
    """Sort key: the number the name starts with (so 99- comes before 100-), then the name."""
    number = _NUMBER_RE.match(path.name)
    return (int(number.group(1)) if number else 10**9), path.name


def default_lessons_dir() -> Path:
    """The shipped lessons: inside an installed wheel, else the repository's lessons/."""
    import nn_tutor

    installed = Path(nn_tutor.__file__).parent / "_lessons"
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parents[2] / "lessons"


def load_lesson(path: Path | str, markdown: bool = True) -> Lesson:
    """Read and check one lesson file; raise LessonError naming the field at fault.
    (`markdown=False`: its markdown is left unchecked, see check_lesson.)"""
    path = Path(path)
    source, body, body_line = split_front_matter(path, read_text(path))
    no_control_characters(path, source, "front matter", FIRST_YAML_LINE)
    no_control_characters(path, body, "body", body_line)
    return check_lesson(path, parse_yaml(path, source), body, body_line, markdown)


_ID_LINE = re.compile(r"^id:[ \t]*['\"]?([a-z0-9][a-z0-9-]*)['\"]?[ \t]*$", re.MULTILINE)


def lesson_files(folder: Path) -> list[Path]:
    """The folder's lesson files in teaching order (OSError if it cannot be listed)."""
    return sorted(folder.glob("*.md"), key=teaching_order)


def find_lesson(directory: Path | str | None, lesson_id: str | None) -> tuple[Lesson, int, int] | None:
    """The lesson `lesson_id` (else the folder's first), read alone so that the tutor shows it
    before the others load: (lesson, its place among the files, how many files). None when
    it cannot be had that way (load_lessons then says why). Its markdown is checked when the
    folder loads (markdown-it loads then, not before the first frame)."""
    folder = Path(directory) if directory is not None else default_lessons_dir()
    try:
        paths = lesson_files(folder)
        chosen = 0
        for i, path in enumerate(paths if lesson_id else ()):
            try:
                found = _ID_LINE.search(read_text(path).split("\n---", 1)[0])
            except LessonError:
                continue
            if found and found.group(1) == lesson_id:
                chosen = i
                break
        return (load_lesson(paths[chosen], markdown=False), chosen, len(paths)) if paths else None
    except Exception:  # any problem: the whole folder is loaded and reported
        return None


def load_lessons(directory: Path | str | None = None) -> tuple[list[Lesson], list[LessonError]]:
    """Every ``*.md`` lesson in a folder in teaching order, and the errors of those that failed.

    A bad file does not stop the others from loading. A second file with an id already
    used is an error too.
    """
    folder = Path(directory) if directory is not None else default_lessons_dir()
    if not folder.is_dir():
        what = "does not exist" if not folder.exists() else "is not a folder"
        return [], [LessonError(folder, "folder", what, "a folder of lesson files")]
    lessons: list[Lesson] = []
    errors: list[LessonError] = []
    seen: dict[str, Path] = {}
    try:
        paths = lesson_files(folder)
    except OSError as exc:
        return [], [LessonError(folder, "folder", f"cannot be read ({exc.strerror or exc})", "a readable folder")]
    for path in paths:
        try:
            lesson = load_lesson(path)
        except LessonError as exc:
            errors.append(exc)
            continue
        except Exception as exc:  # one file never stops the others
            errors.append(
                LessonError(
                    path,
                    "file",
                    f"could not be loaded ({type(exc).__name__}: {str(exc)[:200]})",
                    "a lesson file as README.md describes",
                )
            )
            continue
        if lesson.id in seen:
            errors.append(
                LessonError(
                    path, "id", f"duplicate id {lesson.id!r}, already used by {seen[lesson.id].name}", "a unique id"
                )
            )
            continue
        seen[lesson.id] = path
        lessons.append(lesson)
    return lessons, errors


def check_folder(directory: Path | str | None = None) -> tuple[list[Lesson], list[str]]:
    """The lessons that load and one line per problem (load errors, then file names)."""
    folder = Path(directory) if directory is not None else default_lessons_dir()
    lessons, errors = load_lessons(folder)
    problems = [str(e) for e in errors]
    try:
        names = [p.name for p in sorted(folder.glob("*.md"), key=teaching_order)] if folder.is_dir() else None
    except OSError:
        names = None  # already a load error
    if names == []:
        problems.append(shown(f"{display_path(folder)}: folder: has no lessons; expected files named NN-slug.md"))
    for name in names or ():
        if not FILE_NAME_RE.match(name):
            problems.append(
                shown(
                    f"{display_path(folder / name)}: file name: {name!r} does not sort in teaching "
                    "order; expected NN-slug.md or NNN-slug.md, like 01-sigmoid-neuron.md"
                )
            )
    return lessons, problems


def check_lessons(directory: Path | str | None = None) -> list[str]:
    """Human-readable problems with a folder of lessons; an empty list when all is well."""
    return check_folder(directory)[1]
