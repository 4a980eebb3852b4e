"""Command line: `nn-tutor` opens the tutor; `train`, `quiz`, `check-lessons`, `serve` do one job each."""

import argparse
import json
import os
import sys
import time
from pathlib import Path

from . import __version__
from .names import ACTIVATIONS, COSTS, DATASETS, INITS, QUIZ_TOPICS


def _whole(minimum=None, maximum=None, what="a whole number"):
    """An argparse type: a whole number (from minimum) (to maximum)."""

    def parse(text):
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected {what}, got {text!r}") from None
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            bound = f"from {minimum} to {maximum}" if maximum is not None else f">= {minimum}"
            raise argparse.ArgumentTypeError(f"expected {what} {bound}, got {text!r}")
        return value

    return parse


_positive_int = _whole(1)
MAX_ITERATIONS = 100_000_000  # about an hour of the default network; 1e23 would never end
MAX_QUESTIONS = 500
_iterations = _whole(1, MAX_ITERATIONS)
_questions = _whole(1, MAX_QUESTIONS)
_seed = _whole(0, 2**32 - 1, what="a seed")
_integer = _whole()  # bounds checked by NetworkConfig
_port = _whole(1, 65535, what="a port")


def _batch(text):
    return text if text in ("full", "sgd") else _whole(what="full, sgd or a number of examples")(text)


def _number(text):
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None


def build_parser():
    parser = argparse.ArgumentParser(
        prog="nn-tutor",
        description="Learn how neural networks learn: lessons beside a live NumPy network, "
        "stepped one keypress at a time.",
        epilog="With no command, opens the tutor on the lesson where you left off.",
    )
    parser.add_argument("--version", action="version", version=f"nn-tutor {__version__}")
    parser.add_argument("--lessons", metavar="DIR", help="open a folder of your own lessons")
    parser.add_argument(
        "--reset-progress", action="store_true", help="forget saved progress and start over (asks first)"
    )
    parser.add_argument("--yes", action="store_true", help="with --reset-progress: do not ask (for scripts)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    train = sub.add_parser(
        "train",
        help="train a network from the command line and print its cost",
        description="Train a network on a toy data set and print the cost every "
        "1000 iterations and the final training accuracy.",
    )
    train.add_argument("--dataset", choices=DATASETS, default="flower", help="the data set (default: %(default)s)")
    train.add_argument(
        "--hidden",
        type=_integer,
        nargs="+",
        default=[4],
        metavar="N",
        help="hidden layer widths; 0 alone = logistic regression; several = a deep network (default: 4)",
    )
    train.add_argument(
        "--activation",
        choices=ACTIVATIONS,
        default="tanh",
        help="activation of the hidden layers (default: %(default)s)",
    )
    train.add_argument(
        "--init", choices=INITS, default="small_random", help="how the weights start (default: %(default)s)"
    )
    train.add_argument("--lr", type=_number, default=1.2, help="learning rate α (default: %(default)s)")
    train.add_argument(
        "--iterations", type=_iterations, default=10000, metavar="N", help="updates to run (default: %(default)s)"
    )
    train.add_argument(
        "--batch-size",
        type=_batch,
        default="full",
        metavar="N",
        help="examples per update: full (all m), sgd (one), or a number (default: %(default)s)",
    )
    train.add_argument("--m", type=_integer, default=400, help="number of examples (default: %(default)s)")
    train.add_argument(
        "--seed", type=_integer, default=1, help="seed of the data set and the initial weights (default: %(default)s)"
    )
    train.add_argument(
        "--cost",
        choices=COSTS,
        default="cross_entropy",
        help="cross_entropy, or mse: the mean of ½(a − y)², with one sigmoid output (default: %(default)s)",
    )
    train.add_argument(
        "--classes",
        type=_integer,
        default=2,
        metavar="K",
        help="classes; K > 2 gives K softmax outputs, on the spiral only (default: %(default)s)",
    )
    train.add_argument("--json", action="store_true", help="print one JSON object on the last line")

    quiz = sub.add_parser(
        "quiz",
        help="drill the derivatives backprop is made of",
        description="A quiz on derivatives, in the tutor's quiz screen.",
    )
    quiz.add_argument(
        "--topic",
        choices=QUIZ_TOPICS,
        action="append",
        metavar="T",
        help=f"a topic (repeatable): {', '.join(QUIZ_TOPICS)}; default: all",
    )
    quiz.add_argument(
        "--count", type=_questions, default=10, help=f"questions in the round, up to {MAX_QUESTIONS} (default: 10)"
    )
    quiz.add_argument("--seed", type=_seed, default=None, help="the same seed gives the same questions")
    quiz.add_argument("--review", action="store_true", help="ask only the missed questions that are due")

    check = sub.add_parser(
        "check-lessons",
        help="check lesson files and report problems",
        description="Check lesson files; exit 1 when any has a problem.",
    )
    check.add_argument("directory", nargs="?", default=None, help="default: the shipped lessons")

    _add_exercises(sub)
    from .progress_cli import add_commands

    add_commands(sub)  # progress, export, report

    serve = sub.add_parser(
        "serve",
        help="serve the tutor to a web browser",
        description="Serve the tutor over HTTP with textual-serve. It answers only to pages opened at its own address.",
    )
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: %(default)s, this machine only; 0.0.0.0: every interface)",
    )
    serve.add_argument("--port", type=_port, default=8000, help="(default: %(default)s)")
    serve.add_argument(
        "--max-sessions",
        type=_positive_int,
        default=8,
        metavar="N",
        help="browser tabs served at once; more are refused (default: %(default)s)",
    )
    serve.add_argument(
        "--allow-code",
        action="store_true",
        help="on an address other than this machine's loopback: turn the exercises on, "
        "which run each learner's code on this machine (off by default)",
    )
    serve.add_argument(
        "--public-url",
        metavar="URL",
        help="the address a proxy serves the tutor under, such as "
        "https://hub.example.org/user/ada/nn-tutor/ (or only its path, /user/ada/nn-tutor/)",
    )
    serve.add_argument(
        "--idle-minutes",
        type=_minutes,
        default=30,
        metavar="M",
        help="close a tab nothing was typed in for M minutes, freeing its place (default: %(default)s)",
    )
    return parser


def _minutes(text):
    value = _number(text)
    if not 0 < value <= 7 * 24 * 60:
        raise argparse.ArgumentTypeError(f"expected minutes from 0 to a week ({7 * 24 * 60}), got {text!r}")
    return value


EXERCISE_ACTIONS = ("init", "check", "reset", "open")


def _add_exercises(sub):
    exercises = sub.add_parser(
        "exercises",
        help="write the network yourself: a workspace of stubs, checked as you go",
        description="Exercises: write the network's functions, one at a time, in a folder of your "
        "own; the tutor checks each one. `nn-tutor exercises DIR` opens the exercises "
        "on DIR: enter on one opens it in the editor there (ctrl+s saves and checks), "
        "h shows a hint, s the reference solution once it passes, x puts its stub back.",
    )
    actions = exercises.add_subparsers(dest="action", metavar="ACTION", required=True)
    init = actions.add_parser(
        "init",
        help="create DIR with network.py (the functions to write, as stubs) and a README",
        description="Create DIR with the exercises' files (network.py first), "
        "their functions to write as stubs, and a README. Files that exist are never overwritten.",
    )
    init.add_argument("directory", metavar="DIR")
    check = actions.add_parser(
        "check",
        help="check the functions in DIR; exit 0 only when all pass",
        description="Check each function of DIR's exercises in a separate, "
        "time-limited process: passed, failed (and why), todo, or "
        "blocked (waits on another that does not pass yet).",
    )
    check.add_argument("directory", metavar="DIR")
    check.add_argument(
        "--json",
        action="store_true",
        help='print one JSON line last: {"exercises": [{"name", "status", "message", "file", "lesson"}, ...]}',
    )
    reset = actions.add_parser(
        "reset",
        help="put a function's stub back (your text kept in a backup file)",
        description="Put the stub of NAME back in its file in DIR; the file's "
        "text before is kept beside it as FILE.NAME.bak. Without "
        "NAME, every file goes back to its stubs (asks first).",
    )
    reset.add_argument("directory", metavar="DIR")
    reset.add_argument("name", metavar="NAME", nargs="?", help="the function, e.g. backward")
    reset.add_argument("--yes", action="store_true", help="without NAME: do not ask")
    show = actions.add_parser(
        "open",
        help="open the exercises on DIR (the same as `nn-tutor exercises DIR`)",
        description="Open the exercises on DIR.",
    )
    show.add_argument("directory", metavar="DIR")


def _exercises_argv(argv):
    """`exercises DIR` is short for `exercises open DIR`."""
    if len(argv) >= 2 and argv[0] == "exercises" and argv[1] not in (*EXERCISE_ACTIONS, "-h", "--help"):
        return ["exercises", "open", *argv[1:]]
    return argv


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


# where each NetworkConfig field comes from on the command line
TRAIN_OPTIONS = {
    "layers": "--hidden",
    "activations": "--activation",
    "init": "--init",
    "dataset": "--dataset",
    "m": "--m",
    "learning_rate": "--lr",
    "batch": "--batch-size",
    "seed": "--seed",
    "cost": "--cost",
    "classes": "--classes",
}


def train_config(args):
    """The NetworkConfig the options ask for; raises ConfigError, its field named as an option."""
    from .model.config import ConfigError, NetworkConfig

    if args.hidden != [0] and any(w < 1 for w in args.hidden):
        raise ConfigError(
            "--hidden", f"has width {min(args.hidden)}", "widths of at least 1 (0 alone means logistic regression)"
        )
    hidden = [] if args.hidden == [0] else args.hidden
    K = args.classes if args.classes > 2 else 1
    try:
        return NetworkConfig(
            layers=(2, *hidden, K),
            activations=(*[args.activation] * len(hidden), "softmax" if K > 1 else "sigmoid"),
            init=args.init,
            dataset=args.dataset,
            m=args.m,
            learning_rate=args.lr,
            batch=args.batch_size,
            seed=args.seed,
            cost=args.cost,
            classes=args.classes,
        )
    except ConfigError as err:
        option = TRAIN_OPTIONS.get(err.field.split("[")[0], err.field)
        raise ConfigError(f"{option}: {err.field}", err.problem, err.expected) from None


def train_command(args):
    from .model import ConfigError, Trainer

    try:
        trainer = Trainer(train_config(args))
    except ConfigError as err:
        print(f"nn-tutor train: error: {err}", file=sys.stderr)
        return 2
    start = time.perf_counter()
    printed = 0  # cost lines printed so far, one per 1000 iterations
    interrupted = False
    try:
        while trainer.iteration < args.iterations and not trainer.diverged:
            target = min((trainer.iteration // 1000 + 1) * 1000, args.iterations)
            trainer.run(target - trainer.iteration)
            while printed * 1000 < trainer.iteration:
                if not args.json:
                    print(f"iteration {printed * 1000:>7}  cost {trainer.costs[printed * 1000]:.6f}", flush=True)
                printed += 1
    except KeyboardInterrupt:
        interrupted = True
        print(f"interrupted after {trainer.iteration} iterations", file=sys.stderr, flush=True)
    seconds = time.perf_counter() - start
    accuracy = trainer.accuracy()
    cost = float(trainer.costs[-1]) if len(trainer.costs) else None
    if trainer.diverged:
        print(
            f"diverged after {trainer.iteration} iterations: the cost stopped being a number; try a smaller --lr",
            file=sys.stderr,
        )
    c = trainer.config
    if not args.json:
        print(
            f"after {trainer.iteration} iterations: cost {cost:.6f}  training accuracy {accuracy:.2%}"
            f"  ({seconds:.2f} s)"
            if cost is not None
            else "no iterations completed"
        )
    else:
        print(
            json.dumps(
                {
                    "cost": cost if cost is None or cost == cost else None,
                    "accuracy": accuracy,
                    "iterations": trainer.iteration,
                    "seconds": round(seconds, 4),
                    "diverged": trainer.diverged,
                    "interrupted": interrupted,
                    "dataset": c.dataset,
                    "layers": list(c.layers),
                    "activations": list(c.activations),
                    "init": c.init,
                    "learning_rate": c.learning_rate,
                    "batch_size": c.batch_size,
                    "seed": c.seed,
                    "cost_name": c.cost,
                    "classes": c.classes,
                }
            )
        )
    return 130 if interrupted else 0


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
    args = parser.parse_args(_exercises_argv(sys.argv[1:] if argv is None else list(argv)))
    if args.command == "exercises":
        return exercises_command(args)
    if args.command == "train":
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
