"""Model speed: µs per training iteration of the Trainer, of the contract functions, and of
a minimal plain-NumPy loop of the same maths (the course's 2-layer network on flower).

The three are interleaved round by round so that machine noise hits them alike; the figure
is the median over rounds. Goals: Trainer / plain <= 1.0, contract / plain <= 1.3.
"""

import argparse
import platform
import statistics
import time

import numpy as np

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
        dZ1 = (W2.T @ dZ2) * (1 - A1 ** 2)
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


def measure(rounds=15, iterations=400, m=400):
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
    return {name: statistics.median(v) for name, v in times.items()}


def report(us):
    plain = us["plain NumPy"]
    lines = [f"model speed (µs per iteration, 2-4-1 tanh network, flower m=400; "
             f"{platform.machine()}, Python {platform.python_version()}, NumPy {np.__version__})"]
    for name, value in us.items():
        lines.append(f"  {name:<20} {value:8.1f} µs   ratio to plain NumPy {value / plain:5.2f}")
    lines.append(f"  goals: Trainer <= 1.00 ({'met' if us['Trainer'] <= plain else 'MISSED'}), "
                 f"contract <= 1.30 ({'met' if us['contract functions'] <= 1.3 * plain else 'MISSED'})")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--iterations", type=int, default=400)
    args = parser.parse_args()
    print(report(measure(args.rounds, args.iterations)))


if __name__ == "__main__":
    main()
