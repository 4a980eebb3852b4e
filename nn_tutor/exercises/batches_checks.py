"""The check of mini_batches (lesson 5): the batches' sizes, that together they hold every example
once, and that they are shuffled with the seed, X and Y alike.

Like the other checks it calls the learner's function on several inputs and raises `Wrong` with
the most specific explanation it finds; it returns a short note on success.
"""

from __future__ import annotations

import numpy as np

from .calling import call
from .compare import Wrong, shape_text


def _columns(rng: np.random.RandomState, n: int, m: int) -> np.ndarray:
    """(n, m) with every column different, so each can be told apart."""
    X = np.round(rng.randn(n, m), 3)
    X[0] = np.arange(m) + 0.5
    return X


def _batches(result, m: int, size: int):
    if not isinstance(result, (list, tuple)):
        raise Wrong(f"mini_batches returns a {type(result).__name__}, expected a list of pairs (X_batch, Y_batch)")
    want = -(-m // size)
    for number, item in enumerate(result, start=1):
        if not isinstance(item, (tuple, list)) or len(item) != 2:
            raise Wrong(f"mini_batches: batch {number} is a {type(item).__name__}, expected a pair (X_batch, Y_batch)")
    if len(result) != want:
        if len(result) == size and size != want:
            raise Wrong(
                f"mini_batches made {len(result)} batches: size is the number of columns in "
                f"each batch, so m = {m} columns in batches of {size} make {want}"
            )
        if len(result) == m // size and m % size:
            raise Wrong(
                f"mini_batches left out the last {m % size} columns: the last batch may be "
                f"smaller (m = {m} in batches of {size} makes {want} batches, the last of "
                f"{m % size})"
            )
        raise Wrong(f"mini_batches made {len(result)} batches, expected {want} for m = {m} in batches of {size}")
    return [(np.asarray(x, dtype=float), np.asarray(y, dtype=float)) for x, y in result]


def _order(context: str, batches, X: np.ndarray, Y: np.ndarray, size: int) -> list[int]:
    """The original column of each column of the batches, in order; Wrong on any broken property."""
    (n_x, m), n_y = X.shape, Y.shape[0]
    where = {tuple(column): j for j, column in enumerate(X.T)}
    order = []
    for number, (x, y) in enumerate(batches, start=1):
        cols = size if number < len(batches) else m - size * (len(batches) - 1)
        for what, got, rows in (("X", x, n_x), ("Y", y, n_y)):
            if got.shape != (rows, cols):
                if got.ndim == 2 and got.shape[1] == m != cols:
                    raise Wrong(
                        f"mini_batches: batch {number} of {what} has shape {shape_text(got.shape)}, "
                        f"expected {shape_text((rows, cols))}: cut along the columns, the "
                        f"examples ({what}[:, k:k + size]); seen {context}"
                    )
                raise Wrong(
                    f"mini_batches: batch {number} of {what} has shape {shape_text(got.shape)}, "
                    f"expected {shape_text((rows, cols))}; seen {context}"
                )
        for i in range(cols):
            j = where.get(tuple(x[:, i]))
            if j is None:
                raise Wrong(
                    f"mini_batches: column {i} of batch {number} of X is none of X's columns: keep "
                    f"each column whole (shuffle the columns, not the numbers in them); seen {context}"
                )
            if not np.array_equal(y[:, i], Y[:, j]):
                k = next((k for k in range(m) if np.array_equal(y[:, i], Y[:, k])), None)
                went = f"the label of column {k}" if k is not None else "a label that is none of Y's"
                raise Wrong(
                    f"mini_batches lost the pairing of X and Y: column {j} of X went with {went}: "
                    f"shuffle X and Y with the same order of columns; seen {context}"
                )
            order.append(j)
    seen = np.bincount(order, minlength=m)
    if np.any(seen != 1):
        twice, never = int(np.argmax(seen)), int(np.argmin(seen))
        raise Wrong(
            f"mini_batches: column {twice} of X is in the batches {seen[twice]} times and column "
            f"{never} {'not at all' if seen[never] == 0 else f'{seen[never]} times'}: draw one order of all m columns "
            f"(rng.permutation(m)), then cut it into batches; seen {context}"
        )
    return order


def check_mini_batches(fn, module) -> str:
    rng = np.random.RandomState(5)
    X, Y = _columns(rng, 3, 37), np.round(rng.rand(1, 37), 4)
    orders = {}
    for m, size, seed in ((37, 5, 1), (37, 1, 2), (37, 37, 3), (1, 1, 4), (12, 4, 5)):
        x, y = X[:, :m], Y[:, :m]
        context = f"with m = {m} and size = {size}"
        result = call(fn, "mini_batches", X=x, Y=y, size=size, seed=seed)
        orders[(m, size, seed)] = _order(context, _batches(result, m, size), x, y, size)
    if orders[(37, 5, 1)] == list(range(37)):
        raise Wrong(
            "mini_batches did not shuffle: the columns come in their first order. Shuffle "
            "once with a generator seeded with seed: rng = np.random.default_rng(seed)"
        )
    again = [
        _order("with m = 37 and size = 5", _batches(call(fn, "mini_batches", X=X, Y=Y, size=5, seed=s), 37, 5), X, Y, 5)
        for s in (1, 6, 7)
    ]
    if again[0] != orders[(37, 5, 1)]:
        raise Wrong(
            "mini_batches gave two different orders for the same seed: make the generator "
            "from seed (np.random.default_rng(seed)) instead of using an unseeded one"
        )
    if again[0] == again[1] == again[2]:
        raise Wrong(
            "mini_batches gives the same order for seeds 1, 6 and 7: seed the generator with the seed you were given"
        )
    return "mini_batches: every column once, X and Y paired, batches of 5, 1 and m, m = 1 too"
