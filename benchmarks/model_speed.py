"""Model speed: µs per training iteration of the Trainer, of the contract functions, and of
a minimal plain-NumPy loop of the same maths (the course's 2-layer network on flower), and
the time of one Trainer snapshot of a large network.

The three loops are interleaved round by round so that machine noise hits them alike; each
figure is the fastest round (noise only ever adds time; on a shared machine the median
mostly measures the neighbours). Goals: trainer_ratio (Trainer / plain) <= 1.3;
snapshot_ms (one snapshot of a [2, 100, 1] tanh net on m = 20 000, taken after a full
iteration, so its stats and accuracy are computed afresh) <= 5. With full batches the update
phase runs the next iteration's forward pass, which gives the accuracy, so the iteration
times of that net are printed beside it.

Everything runs as the training process runs the Trainer: with one BLAS thread (unless the
environment sets a number), so a BLAS thread left spinning after a matrix product does not take
the core the snapshot could use. run_all.py starts it in a process of its own for that.

    python benchmarks/model_speed.py [--rounds N] [--json]
"""

import argparse
import json
import os
import platform
import statistics
import time

from nn_tutor.session.child import one_blas_thread, worker_env

one_blas_thread(os.environ)  # before NumPy loads (it reads them then)

import numpy as np  # noqa: E402

from nn_tutor.model import Trainer, backward, compute_cost, forward, init_params, load_dataset, update


def plain_numpy(X, Y, iterations, lr=1.2, n_h=4):
    """The 2-layer network as a few lines of plain NumPy."""
    rng = np.random.RandomState(2)
    W1, b1 = rng.randn(n_h, 2) * 0.01, np.zeros((n_h, 1))
    W2, b2 = rng.randn(1, n_h) * 0.01, np.zeros((1, 1))
    m = X.shape[1]
    for _ in range(iterations):
        Z1 = W1 @ X + b1
        A1 = np.tanh(Z1)
        Z2 = W2 @ A1 + b2
        A2 = 1 / (1 + np.exp(-Z2))
        cost = -np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)) / m
        dZ2 = A2 - Y
        dW2 = dZ2 @ A1.T / m
        db2 = np.sum(dZ2, axis=1, keepdims=True) / m
        dZ1 = (W2.T @ dZ2) * (1 - A1**2)
        dW1 = dZ1 @ X.T / m
        db1 = np.sum(dZ1, axis=1, keepdims=True) / m
        W1, b1, W2, b2 = W1 - lr * dW1, b1 - lr * db1, W2 - lr * dW2, b2 - lr * db2
    return cost


def contract(X, Y, iterations, lr=1.2):
    params = init_params([2, 4, 1], init="small_random", seed=2)
    acts = ["tanh", "sigmoid"]
    for _ in range(iterations):
        cache = forward(params, X, acts)
        cost = compute_cost(cache["A2"], Y)
        params = update(params, backward(params, cache, Y, acts), lr)
    return cost


def trainer(X, Y, iterations, lr=1.2):
    t = Trainer(layers=[2, 4, 1], activations=["tanh", "sigmoid"], learning_rate=lr, X=X, Y=Y, seed=1)
    t.run(iterations)
    return t.costs[-1]


def snapshot_times(rounds=7, m=20_000):
    """ms for one snapshot after a full iteration (fastest and median round), after each phase,
    repeated unchanged, and after a mini-batch iteration (whose accuracy needs a forward pass of
    its own); and ms per iteration of the same net, stepped and run."""
    t = Trainer(layers=[2, 100, 1], activations=["tanh", "sigmoid"], m=m)
    t.step()
    after_step, per_phase, again = [], {}, []
    for _ in range(rounds):
        t.step()
        after_step.append(timed(t.snapshot))
        again.append(timed(t.snapshot))
        for _ in range(4):
            phase = t.step_phase()
            per_phase.setdefault(phase, []).append(timed(t.snapshot))
    stepped = min(timed(t.step) for _ in range(rounds))
    run = min(timed(t.run, 5) / 5 for _ in range(rounds))
    mini = t.replace(batch=1000)
    mini.step()
    after_mini = []
    for _ in range(rounds):
        mini.step()
        after_mini.append(timed(mini.snapshot))
    return {
        "snapshot_ms": min(after_step),
        "snapshot_median_ms": statistics.median(after_step),
        "snapshot_unchanged_ms": min(again),
        "snapshot_after_phase_ms": {k: min(v) for k, v in per_phase.items()},
        "snapshot_minibatch_ms": min(after_mini),
        "large_iteration_ms": stepped,
        "large_run_ms": run,
    }


def timed(call, *args):
    """ms for one call."""
    start = time.perf_counter()
    call(*args)
    return (time.perf_counter() - start) * 1e3


def measure(rounds=15, iterations=400, m=400):
    """The figures as a dict: µs per iteration of each loop, trainer_ratio, snapshot_ms, ..."""
    X, Y = load_dataset("flower", m=m, seed=1)
    runners = {"plain NumPy": plain_numpy, "contract functions": contract, "Trainer": trainer}
    costs = {name: run(X, Y, iterations) for name, run in runners.items()}  # warm-up, and a check
    assert max(costs.values()) - min(costs.values()) < 1e-9, costs
    times = {name: [] for name in runners}
    for _ in range(rounds):
        for name, run in runners.items():
            start = time.perf_counter()
            run(X, Y, iterations)
            times[name].append((time.perf_counter() - start) / iterations * 1e6)
    us = {name: min(v) for name, v in times.items()}
    plain = us["plain NumPy"]
    return {
        **us,
        "trainer_ratio": us["Trainer"] / plain,
        "contract_ratio": us["contract functions"] / plain,
        **snapshot_times(),
    }


def figures_in_child() -> dict:
    """`measure()` in a fresh process with the training process's environment."""
    from in_child import json_figures

    return json_figures(__file__, env=worker_env())


def report(figures):
    plain = figures["plain NumPy"]
    lines = [
        f"model speed (µs per iteration, 2-4-1 tanh network, flower m=400; "
        f"{platform.machine()}, Python {platform.python_version()}, NumPy {np.__version__})"
    ]
    for name in ("plain NumPy", "contract functions", "Trainer"):
        lines.append(f"  {name:<20} {figures[name]:8.1f} µs   ratio to plain NumPy {figures[name] / plain:5.2f}")
    ok = figures["trainer_ratio"] <= 1.3
    lines.append(f"  trainer_ratio {figures['trainer_ratio']:.2f} (goal <= 1.30, {'met' if ok else 'MISSED'})")
    ok = figures["snapshot_ms"] <= 5
    phases = ", ".join(f"{k} {v:.1f}" for k, v in figures["snapshot_after_phase_ms"].items())
    lines.append(
        f"  snapshot_ms {figures['snapshot_ms']:.1f} ms after an iteration of a [2, 100, 1] net, m 20 000 "
        f"(goal <= 5, {'met' if ok else 'MISSED'}; median {figures['snapshot_median_ms']:.1f})"
    )
    lines.append(
        f"    after each phase: {phases}; unchanged: {figures['snapshot_unchanged_ms']:.2f}; "
        f"after a mini-batch (1000) iteration: {figures['snapshot_minibatch_ms']:.1f}"
    )
    lines.append(
        f"    one iteration of that net: {figures['large_iteration_ms']:.1f} ms stepped, "
        f"{figures['large_run_ms']:.1f} ms in run()"
    )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--iterations", type=int, default=400)
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args()
    figures = measure(args.rounds, args.iterations)
    print(json.dumps(figures) if args.json else report(figures))


if __name__ == "__main__":
    main()
