"""Checks of the exercises in softmax.py: softmax, one-hot labels and the categorical
cross-entropy (lesson 21)."""

from __future__ import annotations

import numpy as np

from .calling import call
from .compare import Wrong, as_array, compare, shape_text


def _softmax(Z: np.ndarray, shift=0) -> np.ndarray:
    with np.errstate(all="ignore"):
        E = np.exp(Z - (Z.max(axis=0, keepdims=True) if shift == 0 else shift))
        return E / E.sum(axis=0, keepdims=True)


def check_softmax(fn, module) -> str:
    rng = np.random.RandomState(21)
    huge = np.array([[1000.0, -1000.0, 0.0], [999.0, -1001.0, 1.0], [998.0, -999.0, 2.0]])
    cases = (np.array([[2.0], [1.0], [0.1]]), rng.randn(4, 5) * 2, rng.randn(2, 7), huge)
    for Z in cases:
        want = _softmax(Z)
        got = call(fn, "softmax", Z=Z)
        context = f"with Z of shape {shape_text(Z.shape)}"
        array = as_array("softmax", got)
        if array.shape == Z.shape and not np.all(np.isfinite(array)):
            if np.all(np.isfinite(_softmax(Z, shift=Z.max()))) or not np.all(np.isfinite(array[:, 0])):
                raise Wrong(
                    "softmax gives nan for z of 1000: subtract each column's largest entry first "
                    "(Z − Z.max(axis=0, keepdims=True)); e^1000 overflows, and the shift changes "
                    "nothing else"
                )
            raise Wrong(
                "softmax gives nan for a column of −1000 when another holds 1000: subtract each "
                "column's own largest entry (axis=0, keepdims=True), not the largest of all Z"
            )
        with np.errstate(all="ignore"):
            E = np.exp(Z - Z.max(axis=0, keepdims=True))
            by_row = np.exp(Z - Z.max(axis=1, keepdims=True))
            variants = [
                (
                    E / E.sum(axis=1, keepdims=True),
                    "divides by each row's sum; each column (one example) sums to 1: E.sum(axis=0, keepdims=True)",
                ),
                (
                    E / E.sum(),
                    "divides by the sum of the whole matrix; each column is divided by its own "
                    "sum: axis=0, keepdims=True",
                ),
                (
                    by_row / by_row.sum(axis=0, keepdims=True),
                    "subtracts each row's largest entry; subtract each column's (axis=0): only a number "
                    "common to a whole column leaves its softmax unchanged",
                ),
                (
                    1 / (1 + np.exp(-Z)),
                    "applies the sigmoid to each entry; softmax divides e^z by its column's sum of e^z",
                ),
                (Z / Z.sum(axis=0, keepdims=True), "divides z by its column's sum: take e^z first"),
            ]
        compare("softmax", array, want, context=context, variants=variants)
    return "softmax: columns sum to 1 for K = 3, 4, 2, m = 1 too, and z of ±1000"


def check_one_hot(fn, module) -> str:
    cases = (
        (np.array([0, 2, 1, 1, 0, 2, 2]), 3),
        (np.array([[1, 0, 2, 1, 0]]), 4),
        (np.array([2]), 3),
        (np.array([3, 0, 1, 2, 3, 1]), 4),
    )
    for labels, K in cases:
        flat = labels.reshape(-1)
        m = flat.shape[0]
        want = np.zeros((K, m))
        want[flat, np.arange(m)] = 1
        got = call(fn, "one_hot", labels=labels.copy(), K=K)
        context = f"with labels of shape {shape_text(labels.shape)} and K = {K}"
        array = as_array("one_hot", got)
        if array.shape == (m, K) != (K, m):
            raise Wrong(
                f"one_hot made the rows the examples: expected (K, m) = {shape_text((K, m))}, "
                f"one column per example; seen {context}"
            )
        if array.shape == (flat.max() + 1, m) != (K, m):
            raise Wrong(
                f"one_hot has {array.shape[0]} rows, labels.max() + 1: there are K = {K} classes "
                f"even when the last is absent from the labels; seen {context}"
            )
        if array.ndim == 3 or (labels.ndim == 2 and array.shape != (K, m)):
            raise Wrong(
                f"one_hot gives shape {shape_text(array.shape)} for labels of shape "
                f"{shape_text(labels.shape)}: flatten them first, labels.reshape(-1)"
            )
        compare(
            "one_hot",
            array,
            want,
            context=context,
            variants=[
                (np.roll(want, -1, axis=0), "puts class k in row k − 1: class 0 is the first row"),
                (np.roll(want, 1, axis=0), "puts class k in row k + 1: class 0 is the first row"),
                (1 - want, "has 0 for the true class and 1 elsewhere: the other way round"),
            ],
        )
    return "one_hot: (K, m) from labels of shape (m,) and (1, m), an absent class and m = 1 too"


def check_softmax_cost(fn, module) -> str:
    rng = np.random.RandomState(22)
    for K, m in ((3, 5), (4, 1), (2, 9)):
        A = _softmax(rng.randn(K, m) * 2)
        classes = rng.randint(0, K, m)
        Y = np.zeros((K, m))
        Y[classes, np.arange(m)] = 1
        want = float(-np.sum(Y * np.log(A)) / m)
        got = call(fn, "softmax_cost", A=A, Y=Y)
        context = f"with K = {K} classes and m = {m}"
        variants = [
            (-want, "is negative: the minus sign in front makes the cost positive"),
            (
                want * m / (K * m),
                "divides by K·m (np.mean of the whole matrix?); the cost "
                "averages over the m examples only: divide the sum by m",
            ),
            (want * m / K, f"divides by K = Y.shape[0] = {K}; m is Y.shape[1] = {m}"),
            (
                float(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m),
                "adds the (1 − y)·log(1 − a) term of the binary cross-entropy; with K classes the "
                "loss is −Σ y·log a, the true class's term only",
            ),
            (want / np.log(10), "uses log base 10; the cross-entropy uses the natural log, np.log"),
        ]
        compare("softmax_cost", got, want, number=True, m=m, context=context, variants=variants)
    return "softmax_cost: right for K = 3, 4, 2 and m = 5, 1, 9"
