"""The command line's parser: every command and option of `nn-tutor`, and their value types
(each bad value gets a message naming what was expected)."""

import argparse

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

    add_exercises(sub)
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


def add_exercises(sub):
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


def exercises_argv(argv):
    """`exercises DIR` is short for `exercises open DIR`."""
    if len(argv) >= 2 and argv[0] == "exercises" and argv[1] not in (*EXERCISE_ACTIONS, "-h", "--help"):
        return ["exercises", "open", *argv[1:]]
    return argv
