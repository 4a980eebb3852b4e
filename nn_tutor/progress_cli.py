"""`nn-tutor progress [--json]`, `nn-tutor export FILE` and `nn-tutor report PATH...`: the
learner's progress on the command line (with plotext bar charts) or as one JSON object, as a
file to hand in, and a teacher's table of many such files (report.py)."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sys
import tempfile
from pathlib import Path

from nn_tutor import facts as F
from nn_tutor.bars import bar_chart


def _facts(lessons_dir=None, path=None) -> tuple[dict, str]:
    from nn_tutor.progress import Progress

    progress = Progress.load(path)
    return F.learner_facts(progress, F.shipped_lessons(lessons_dir)), progress.notice


def progress_text(facts: dict, width: int = 80) -> str:
    lessons, exercises, quiz = facts["lessons"], facts["exercises"], facts["quiz"]
    lines = [
        f"Lessons: {lessons['done']} of {lessons['total']} done.",
        f"Exercises: {exercises['passed']} of {exercises['total']} passed.",
        f"Time in the tutor: {F.duration(facts['seconds'])}.",
        "",
    ]
    width = max(40, min(width, 100))
    by_lesson = [e for e in exercises["by_lesson"] if e["total"]]
    if by_lesson:
        lines.append(
            bar_chart(
                "Exercises passed per lesson, %",
                [e["title"][:24] for e in by_lesson],
                [[100 * e["passed"] / e["total"] for e in by_lesson]],
                width=width,
            )
        )
        lines.append("")
    recalled = [t for t in quiz["topics"] if t["recall_now"] is not None]
    if recalled:
        lines.append(
            bar_chart(
                "Quiz: chance of recalling each topic, %",
                [t["topic"] for t in recalled],
                [[100 * t["recall_now"] for t in recalled], [100 * (t["recall_week"] or 0) for t in recalled]],
                ["now", "in a week"],
                width=width,
            )
        )
    elif not quiz["topics"]:
        lines.append("Quiz: no question answered yet (nn-tutor quiz).")
    unknown = [t for t in quiz["topics"] if t["recall_now"] is None]
    if unknown:
        lines.append(F.unestimated(unknown))
    lines += ["", "What next:"] + [f"  - {step}" for step in F.what_next(facts)]
    return "\n".join(lines)


def progress_command(args) -> int:
    facts, notice = _facts(args.lessons)
    if notice:
        print(f"nn-tutor progress: {notice}", file=sys.stderr)
    if args.json:
        print(json.dumps(facts, ensure_ascii=False))
    else:
        width = os.get_terminal_size().columns if sys.stdout.isatty() else 80
        print(progress_text(facts, width))
    return 0


def export_data(facts: dict, name: str, now: dt.datetime | None = None) -> dict:
    """What an exported file holds: the facts, marked as nn-tutor's, with a name and the time."""
    now = now or dt.datetime.now(dt.UTC)
    return {
        "format": F.FORMAT,
        "version": F.FORMAT_VERSION,
        "exported": now.isoformat(timespec="seconds"),
        "name": name,
        **facts,
    }


def learner_name() -> str:
    """The name an export carries by default: the served learner's, else the account's."""
    from nn_tutor.serve.learner import learner_folder

    folder = learner_folder()
    if folder is not None:
        return folder.name
    with contextlib.suppress(Exception):
        import getpass

        return getpass.getuser()
    return ""


def export_command(args) -> int:
    """Write the learner's progress to FILE (atomically; `-` for standard output)."""
    facts, notice = _facts(args.lessons)
    if notice:
        print(f"nn-tutor export: {notice}", file=sys.stderr)
    data = export_data(facts, args.name or learner_name())
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    if args.file == "-":
        sys.stdout.write(text)
        return 0
    target = Path(args.file).expanduser()
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(
            prefix=".nn-tutor-export-", suffix=".tmp", dir=target.parent if str(target.parent) else "."
        )
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, target)
    except (OSError, ValueError) as exc:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        print(f"nn-tutor export: cannot write {args.file}: {why}", file=sys.stderr)
        return 1
    print(
        f"Progress exported to {target} ({facts['lessons']['done']} lessons done, "
        f"{facts['exercises']['passed']} exercises passed)."
    )
    return 0


def add_commands(sub) -> None:
    """The parsers of `progress`, `export` and `report`."""
    progress = sub.add_parser(
        "progress",
        help="what you have done and what comes next",
        description="Lessons done, exercises passed per lesson, the predicted "
        "chance of recalling each quiz topic now and in a week, and "
        "what to do next (o shows the same in the tutor).",
    )
    progress.add_argument("--json", action="store_true", help="print the same facts as one JSON object")
    export = sub.add_parser(
        "export",
        help="write your progress to a JSON file to hand in",
        description="Write lessons, exercises (status and last message), quiz "
        "recall per topic and time spent to FILE, as JSON.",
    )
    export.add_argument("file", metavar="FILE", help="the file to write (- for standard output)")
    export.add_argument("--name", help="the name the file carries (default: your account's)")
    report = sub.add_parser(
        "report",
        help="a table of many learners' exported progress",
        description="Read exported files, folders of them, or the learners' "
        "folders of a served class, and print one row per learner. "
        "Files that are not nn-tutor progress are named and skipped.",
    )
    report.add_argument("paths", nargs="+", metavar="PATH")
    form = report.add_mutually_exclusive_group()
    form.add_argument("--csv", action="store_true", help="comma-separated values")
    form.add_argument("--json", action="store_true", help="one JSON object on the last line")


def run(args) -> int:
    if args.command == "progress":
        return progress_command(args)
    if args.command == "export":
        return export_command(args)
    from nn_tutor.report import report_command

    return report_command(args)
