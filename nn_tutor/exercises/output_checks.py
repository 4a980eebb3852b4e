"""Checks of the exercises in output.py: predictions from your forward (lesson 11) and features
standardised by broadcasting (lesson 12)."""

from __future__ import annotations

import numpy as np

from .calling import call
from .compare import Wrong, as_array, compare, shape_problem, shape_text
from .reference import two_layer_params

FORWARD_LESSON = "two-layer-gradient-descent"


def _your_a2(module, X: np.ndarray, params: dict) -> tuple[np.ndarray, dict]:
    """A2 and the cache from the learner's own forward, or Wrong saying why they cannot be had."""
    if not hasattr(module, "forward"):
        raise Wrong(
            "predict is checked with your forward from network.py, and output.py no longer "
            "imports it: keep `from network import forward` at its top",
            FORWARD_LESSON,
        )
    forward = module.forward
    if forward is None:
        raise Wrong(
            "predict is checked with your forward from network.py, which does not load: "
            "make network.py load first (its message says why)",
            FORWARD_LESSON,
        )
    try:
        result = forward(X.copy(), {k: v.copy() for k, v in params.items()})
    except Exception as exc:  # noqa: BLE001 - whatever the learner's forward raises
        kind = getattr(exc, "type_name", None) or type(exc).__name__  # the child's Raised names it
        if type(exc).__name__ in ("Missing", "TypeError") and not getattr(exc, "type_name", None):
            raise Wrong(
                "predict is checked with your forward from network.py, which output.py does not "
                "have: either network.py does not load (its message says why) or the line "
                "`from network import forward` at the top of output.py is gone",
                FORWARD_LESSON,
            ) from None
        todo = kind == "NotImplementedError" or isinstance(exc, NotImplementedError)
        raise Wrong(
            "predict is checked with your forward from network.py, which "
            + ("is still to do: write forward first" if todo else f"raised {kind}: make forward pass its check first"),
            FORWARD_LESSON,
        ) from None
    m = X.shape[1]
    if isinstance(result, (tuple, list)) and len(result) == 2 and isinstance(result[1], dict):
        A2 = np.asarray(result[0], dtype=float) if not isinstance(result[0], dict) else None
        if A2 is not None and A2.shape == (1, m):
            return A2, result[1]
    raise Wrong(
        f"predict is checked with your forward from network.py, which does not return the "
        f"pair (A2, cache) with A2 of shape (1, {m}) yet: make forward pass its check first",
        FORWARD_LESSON,
    )


def _own_stub(exc: Exception) -> bool:
    """True for the NotImplementedError of predict's own stub (here or from the sandbox)."""
    text = str(getattr(exc, "message", "") or exc)
    return (
        "NotImplementedError" in (type(exc).__name__, getattr(exc, "type_name", ""))
        and "predict" in text
        and "forward" not in text
    )


def check_predict(fn, module) -> str:
    for seed, (n_x, n_h, m, scale) in enumerate(((2, 4, 7, 3.0), (3, 5, 1, 3.0), (2, 3, 20, 0.4)), start=11):
        rng = np.random.RandomState(seed)
        params = two_layer_params(rng, n_x, n_h)
        params["W2"] *= scale  # 0.4: many Z2 between 0 and 0.5, where Z2 > 0.5 and A2 > 0.5 differ
        X = rng.randn(n_x, m)
        try:
            A2, cache = _your_a2(module, X, params)
            problem = None
        except Wrong as wrong:
            problem = wrong
        try:
            got = call(fn, "predict", X=X, params=params)
        except Exception as exc:  # noqa: BLE001 - a stub of predict stays a todo; else forward's fault
            if problem is None or _own_stub(exc):
                raise
            raise problem from None
        if problem is not None:
            raise problem
        want = (A2 > 0.5).astype(float)
        context = f"with X of shape {shape_text(X.shape)}"
        if isinstance(got, (tuple, list)):
            raise Wrong(
                f"predict returns a {type(got).__name__}: return only the (1, m) array of 0 and 1 "
                "(your forward gives the pair (A2, cache): take A2 from it)"
            )
        array = as_array("predict", got)
        problem = shape_problem("predict", array.shape, want.shape, flat_hint="keep it (1, m)", m=m)
        if problem:
            raise Wrong(f"{problem}; seen {context}")
        variants = [
            (A2, "gives the probabilities A2; predict turns them into 0 and 1: 1 where A2 > 0.5"),
            ((A2 < 0.5).astype(float), "gives 1 where A2 < 0.5: the other way round, 1 where A2 > 0.5"),
            (np.round(A2, 1), "rounds A2 to one decimal; predict gives 0 or 1: (A2 > 0.5)"),
        ]
        Z2 = np.asarray(cache.get("Z2", np.zeros_like(A2)), dtype=float)
        if Z2.shape == A2.shape:
            variants.append(
                ((Z2 > 0.5).astype(float), "compares Z2 with 0.5; the probability is A2 = σ(Z2): 1 where A2 > 0.5")
            )
        compare("predict", array, want, context=context, variants=variants)
    return "predict: 1 exactly where your forward's A2 > 0.5, for m = 7, 1 and 20"


def _standardised(X: np.ndarray, axis=1, ddof=0, scale="std") -> np.ndarray:
    mean = X.mean(axis=axis, keepdims=True)
    spread = X.std(axis=axis, keepdims=True, ddof=ddof) if X.shape[1] > ddof else np.ones_like(mean)
    spread = spread**2 if scale == "variance" else spread
    return (X - mean) / np.where(spread > 0, spread, 1.0)


def check_standardise(fn, module) -> str:
    rng = np.random.RandomState(8)
    flat = rng.randn(3, 9) * np.array([[1.0], [5.0], [0.2]]) + np.array([[2.0], [-4.0], [10.0]])
    flat[1] = 3.0  # a feature that never changes: its std is 0
    cases = (
        rng.randn(4, 6) * np.array([[1.0], [10.0], [0.1], [3.0]]) + 5,
        flat,
        rng.randn(2, 1) * 3,
        rng.randn(1, 5) * 2 - 1,
    )
    for X in cases:
        want = _standardised(X)
        got = call(fn, "standardise", X=X)
        context = f"with X of shape {shape_text(X.shape)}"
        array = as_array("standardise", got)
        constant = np.flatnonzero(X.std(axis=1) == 0)
        if array.shape == X.shape and constant.size and not np.all(np.isfinite(array[constant])):
            row = int(constant[0])
            raise Wrong(
                f"standardise gives nan for row {row}, whose entries are all equal (its standard "
                f"deviation is 0); seen {context}: make such a row zeros "
                "(divide by 1 where the std is 0, np.where)"
            )
        with np.errstate(all="ignore"):
            variants = [
                (
                    _standardised(X, axis=0),
                    "standardises each column (axis=0); the features are the "
                    "rows: mean and std over the examples, axis=1, keepdims=True",
                ),
                (
                    _standardised(X, axis=None),
                    "uses one mean and one std for the whole of X; each row "
                    "(feature) gets its own: axis=1, keepdims=True",
                ),
                (
                    _standardised(X, ddof=1),
                    "uses the sample standard deviation (ddof=1); use the population one, np.std's default (ddof=0)",
                ),
                (X - X.mean(axis=1, keepdims=True), "subtracts the mean but does not divide by the standard deviation"),
                (
                    _standardised(X, scale="variance"),
                    "divides by the variance; divide by the standard deviation, its square root",
                ),
                (
                    X / np.where(X.std(axis=1, keepdims=True) > 0, X.std(axis=1, keepdims=True), 1.0),
                    "divides by the standard deviation but does not subtract the mean first",
                ),
            ]
        compare("standardise", array, want, context=context, variants=variants)
    return "standardise: every row mean 0 and std 1, a constant row zeros, m = 1 too"
