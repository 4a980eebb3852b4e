"""`nn-tutor train`: one network trained from the command line, its cost printed every 1000
iterations, or one JSON object."""

import json
import sys
import time

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
