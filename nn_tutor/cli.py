"""Command line: `nn-tutor` opens the tutor; `train`, `quiz`, `check-lessons`, `serve` do one job each."""

import argparse
import json
import sys
import time

from . import __version__
from .names import ACTIVATIONS, DATASETS, INITS, QUIZ_TOPICS


def _whole(minimum, maximum=None, what="a whole number"):
    """An argparse type: a whole number from minimum (to maximum)."""
    def parse(text):
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected {what}, got {text!r}") from None
        if value < minimum or (maximum is not None and value > maximum):
            bound = f"from {minimum} to {maximum}" if maximum is not None else f">= {minimum}"
            raise argparse.ArgumentTypeError(f"expected {what} {bound}, got {text!r}")
        return value
    return parse


_positive_int = _whole(1)
_width = _whole(0, what="a hidden width")
_port = _whole(1, 65535, what="a port")


def _learning_rate(text):
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"the learning rate must be a finite number > 0, got {text!r}")
    return value


def build_parser():
    parser = argparse.ArgumentParser(
        prog="nn-tutor",
        description="Learn how neural networks learn: lessons beside a live NumPy network, "
                    "stepped one keypress at a time.",
        epilog="With no command, opens the tutor on the lesson where you left off.")
    parser.add_argument("--version", action="version", version=f"nn-tutor {__version__}")
    parser.add_argument("--lessons", metavar="DIR", help="open a folder of your own lessons")
    parser.add_argument("--reset-progress", action="store_true", help="forget saved progress and start over")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    train = sub.add_parser("train", help="train a network from the command line and print its cost",
                           description="Train a network on a toy data set and print the cost every "
                                       "1000 iterations and the final training accuracy.")
    train.add_argument("--dataset", choices=DATASETS, default="flower")
    train.add_argument("--hidden", type=_width, nargs="+", default=[4], metavar="N",
                       help="hidden layer widths (default: 4); 0 = logistic regression; "
                            "several widths = a deep network")
    train.add_argument("--activation", choices=ACTIVATIONS, default="tanh", help="hidden activation (default: tanh)")
    train.add_argument("--init", choices=INITS, default="small_random")
    train.add_argument("--lr", type=_learning_rate, default=1.2, help="learning rate (default: 1.2)")
    train.add_argument("--iterations", type=_positive_int, default=10000)
    train.add_argument("--batch-size", type=_positive_int, default=None, metavar="N",
                       help="examples per update (default: all = full batch; 1 = SGD)")
    train.add_argument("--m", type=_positive_int, default=400, help="number of examples (default: 400)")
    train.add_argument("--seed", type=int, default=1)
    train.add_argument("--json", action="store_true", help="print one JSON object on the last line")

    quiz = sub.add_parser("quiz", help="drill the derivatives backprop is made of",
                          description="A quiz on derivatives, in the tutor's quiz screen.")
    quiz.add_argument("--topic", choices=QUIZ_TOPICS, action="append", metavar="T",
                      help=f"a topic (repeatable): {', '.join(QUIZ_TOPICS)}; default: all")
    quiz.add_argument("--count", type=_positive_int, default=10, help="questions in the round (default: 10)")
    quiz.add_argument("--seed", type=int, default=None, help="the same seed gives the same questions")
    quiz.add_argument("--review", action="store_true", help="ask only the missed questions that are due")

    check = sub.add_parser("check-lessons", help="check lesson files and report problems",
                           description="Check lesson files; exit 1 when any has a problem.")
    check.add_argument("directory", nargs="?", default=None, help="default: the shipped lessons")

    serve = sub.add_parser("serve", help="serve the tutor to a web browser",
                           description="Serve the tutor over HTTP with textual-serve. It answers only "
                                       "to pages opened at its own address.")
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default: %(default)s, this machine only; 0.0.0.0: every interface)")
    serve.add_argument("--port", type=_port, default=8000, help="(default: %(default)s)")
    serve.add_argument("--max-sessions", type=_positive_int, default=8, metavar="N",
                       help="browser tabs served at once; more are refused (default: %(default)s)")
    return parser


def train_command(args):
    from .model import Trainer

    hidden = [w for w in args.hidden if w > 0]
    layers = [2, *hidden, 1]
    activations = [args.activation] * len(hidden) + ["sigmoid"]
    batch = "full" if args.batch_size is None else args.batch_size
    try:
        trainer = Trainer(layers=layers, activations=activations, init=args.init, dataset=args.dataset,
                          learning_rate=args.lr, batch=batch, seed=args.seed, m=args.m)
    except ValueError as err:
        print(f"nn-tutor train: error: {err}", file=sys.stderr)
        return 2
    quiet = args.json
    start = time.perf_counter()
    printed = 0  # cost lines printed so far, one per 1000 iterations
    while trainer.iteration < args.iterations and not trainer.diverged:
        target = min((trainer.iteration // 1000 + 1) * 1000, args.iterations)
        trainer.run(target - trainer.iteration)
        while printed * 1000 < trainer.iteration:
            if not quiet:
                print(f"iteration {printed * 1000:>7}  cost {trainer.costs[printed * 1000]:.6f}")
            printed += 1
    seconds = time.perf_counter() - start
    accuracy = trainer.accuracy()
    cost = float(trainer.costs[-1]) if len(trainer.costs) else None
    if trainer.diverged:
        print(f"diverged after {trainer.iteration} iterations: the cost stopped being a number; "
              "try a smaller --lr", file=sys.stderr)
    if not quiet:
        print(f"after {trainer.iteration} iterations: cost {cost:.6f}  training accuracy {accuracy:.2%}"
              f"  ({seconds:.2f} s)" if cost is not None else "no iterations completed")
    else:
        print(json.dumps({
            "cost": cost if cost is None or cost == cost else None, "accuracy": accuracy,
            "iterations": trainer.iteration, "seconds": round(seconds, 4), "diverged": trainer.diverged,
            "dataset": args.dataset, "layers": layers, "activations": activations, "init": args.init,
            "learning_rate": args.lr, "batch_size": trainer.batch_size, "seed": args.seed}))
    return 0


def main(argv=None):
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "train":
        return train_command(args)
    if args.command == "check-lessons":
        from .lessons import check_command
        return check_command(args.directory or args.lessons)
    if args.command == "serve":
        from .serve import serve
        return serve(host=args.host, port=args.port, lessons_dir=args.lessons, max_sessions=args.max_sessions)
    from .ui.app import run_tutor
    quiz = None
    if args.command == "quiz":
        quiz = dict(topics=args.topic, count=args.count, seed=args.seed, review=args.review)
    return run_tutor(lessons_dir=args.lessons, reset_progress=args.reset_progress, quiz=quiz)


if __name__ == "__main__":
    sys.exit(main())
