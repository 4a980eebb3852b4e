"""Command line: `nn-tutor` opens the tutor; `train`, `quiz`, `check-lessons`, `serve` do one job each.

The options are declared in cli_parser.py; `train` runs in train_cli.py, `progress`, `export` and
`report` in progress_cli.py; this module picks the command and runs the small ones."""

import os
import sys
from pathlib import Path

from .cli_parser import build_parser, exercises_argv


def exercises_command(args):
    from .exercises import command

    if args.action == "init":
        return command.init_command(args.directory)
    if args.action == "check":
        return command.check_command(args.directory, as_json=args.json)
    if args.action == "reset":
        return command.reset_command(args.directory, args.name, assume_yes=args.yes)
    if Path(args.directory).expanduser().is_file():
        print(f"nn-tutor exercises: error: {command.workspace_problem(args.directory, 'open')}", file=sys.stderr)
        return 2
    if not _in_a_terminal():
        return command.open_command(args.directory)
    from .ui.app import run_tutor

    return run_tutor(lessons_dir=args.lessons, exercises=args.directory)


def _plural(n, word):
    return f"{n} {word}{'s' if n != 1 else ''}"


def check_lessons_command(directory):
    """`nn-tutor check-lessons [DIR]`: one line per problem and exit 1, or how many lessons are fine."""
    from .lessons import check_folder

    lessons, problems = check_folder(directory)  # every line comes with control characters escaped
    for line in problems:
        print(line)
    print(f"{_plural(len(problems), 'problem')} found" if problems else f"{_plural(len(lessons), 'lesson')} OK")
    return 1 if problems else 0


def _in_a_terminal():
    """True when the tutor can draw: stdin and stdout are a terminal, or a driver that needs
    none is set (`nn-tutor serve` runs each tutor with Textual's web driver)."""
    return bool(os.environ.get("TEXTUAL_DRIVER")) or (sys.stdin.isatty() and sys.stdout.isatty())


def reset_progress(yes):
    """`--reset-progress`: ask (or take --yes), then forget. An exit code when the tutor should
    not open after it, else None."""
    from .progress import Progress

    progress = Progress.load()
    if not yes:
        if not sys.stdin.isatty():
            print(
                f"nn-tutor: --reset-progress would forget the progress saved in {progress.path}; "
                "without a terminal to ask in, add --yes to do it",
                file=sys.stderr,
            )
            return 1
        where = f", at lesson {progress.lesson_id}" if progress.lesson_id else ""
        try:
            answer = input(
                f"Forget your progress ({_plural(len(progress.completed), 'lesson')} completed"
                f"{where}; quiz results) in {progress.path}? [y/N] "
            )
        except (EOFError, KeyboardInterrupt):
            answer = ""
        if answer.strip().lower() not in ("y", "yes"):
            print("Nothing forgotten.")
            return 0
    progress.reset()
    if not progress.save():
        print(f"nn-tutor: {progress.notice}", file=sys.stderr)
        return 1
    print(f"Progress forgotten ({progress.path}).")
    return None if _in_a_terminal() else 0


def main(argv=None):
    for stream in (sys.stdout, sys.stderr):  # a lesson's text on an ASCII-only console
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    parser = build_parser()
    args = parser.parse_args(exercises_argv(sys.argv[1:] if argv is None else list(argv)))
    if args.command == "exercises":
        return exercises_command(args)
    if args.command == "train":
        from .train_cli import train_command

        return train_command(args)
    if args.command == "check-lessons":
        return check_lessons_command(args.directory or args.lessons)
    if args.command in ("progress", "export", "report"):
        from .progress_cli import run

        return run(args)
    if args.command == "serve":
        from .serve import serve

        return serve(
            host=args.host,
            port=args.port,
            lessons_dir=args.lessons,
            max_sessions=args.max_sessions,
            allow_code=args.allow_code,
            idle_minutes=args.idle_minutes,
            public_url=args.public_url,
        )
    if args.reset_progress:
        code = reset_progress(args.yes)
        if code is not None:
            return code
    if not _in_a_terminal():
        print(
            "nn-tutor: the tutor needs a terminal (stdin and stdout are not one here). Without one, use "
            "`nn-tutor train`, `nn-tutor check-lessons` or `nn-tutor serve`.",
            file=sys.stderr,
        )
        return 1
    from .ui.app import run_tutor

    quiz = None
    if args.command == "quiz":
        quiz = dict(topics=args.topic, count=args.count, seed=args.seed, review=args.review)
    return run_tutor(lessons_dir=args.lessons, quiz=quiz)


if __name__ == "__main__":
    sys.exit(main())
