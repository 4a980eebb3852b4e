"""Checks of the two-layer network's exercises: init_params, forward, backward, update, train.

Same rules as logistic.py: compare with the reference on several inputs, explain the first
difference as specifically as a known mistake allows, return a short note on success.
"""

from __future__ import annotations

import numpy as np

from . import reference as ref
from .compare import Wrong, as_array, close, compare, compare_gradient, numeric_slope, shape_problem

PARAM_NAMES = ("W1", "b1", "W2", "b2")
GRAD_NAMES = ("dW1", "db1", "dW2", "db2")
SHAPES = (((2, 4, 7), 1), ((3, 3, 5), 2), ((2, 5, 1), 3), ((3, 2, 12), 4))  # (n_x, n_h, m), seed
LARGE = 1.5  # a spread this many times He's √(2/n) is too large to count as small
TRAIN = dict(n_h=4, iterations=10_000, learning_rate=1.2)
OTHER_RUNS = ((3, 6, 0.5), (7, 11, 0.05))  # (n_h, iterations, learning_rate): nothing hard-coded
PASS_ACCURACY = 0.85


def _dict_with(what: str, value, keys) -> dict:
    if not isinstance(value, dict):
        raise Wrong(f"{what} is a {type(value).__name__}, expected a dict with {', '.join(keys)}")
    missing = [k for k in keys if k not in value]
    if missing:
        raise Wrong(
            f"{what} has no {', '.join(repr(k) for k in missing)}"
            f" (it has {', '.join(repr(k) for k in value) or 'nothing'})"
        )
    return value


def _shapes(what: str, params: dict, n_x: int, n_h: int, n_y: int) -> None:
    want = {"W1": (n_h, n_x), "b1": (n_h, 1), "W2": (n_y, n_h), "b2": (n_y, 1)}
    for key in PARAM_NAMES:
        problem = shape_problem(
            f"{what}: {key}", as_array(key, params[key]).shape, want[key], flat_hint="a bias is a column, (n, 1)"
        )
        if problem:
            raise Wrong(f"{problem}; seen with n_x, n_h, n_y = {n_x}, {n_h}, {n_y}")


def _spread(what: str, W: np.ndarray, fan_in: int) -> None:
    """Wrong when W's weights spread wider than the scalings the lessons teach (× 0.01, Xavier's
    √(1/n), He's √(2/n)) allow; only judged where W has enough entries to measure a spread."""
    if W.size < 50:
        return
    spread, largest = float(np.std(W)), LARGE * np.sqrt(2.0 / fan_in)
    if spread > largest:
        raise Wrong(
            f"init_params: {what}'s weights spread as widely as a sample of standard deviation "
            f"{spread:.2g} ({fan_in} inputs to that layer): start them small, × 0.01, or scaled "
            f"by √(1/{fan_in}) (Xavier) or √(2/{fan_in}) (He), where tanh is steep, not flat"
        )


def check_init_params(fn, module) -> str:
    for seed, (n_x, n_h, n_y) in enumerate(((2, 4, 1), (5, 50, 1), (3, 6, 2), (100, 80, 1)), start=1):
        np.random.seed(seed)
        params = _dict_with("init_params' result", fn(n_x, n_h, n_y), PARAM_NAMES)
        _shapes("init_params", params, n_x, n_h, n_y)
        W1 = np.asarray(params["W1"], dtype=float)
        for key in ("b1", "b2"):
            if np.any(np.asarray(params[key], dtype=float) != 0):
                raise Wrong(
                    f"init_params: {key} is not all zero: the biases start at zero "
                    "(the random weights already break the symmetry)"
                )
        if not np.any(W1):
            raise Wrong(
                "init_params: W1 is all zeros, so every hidden unit computes the same thing "
                "and gets the same update: they stay identical forever (symmetry)"
            )
        if n_h > 1 and np.allclose(W1, W1[0]):
            raise Wrong(
                "init_params: every row of W1 is the same, so all hidden units start identical "
                "and stay identical (symmetry): the weights must be random"
            )
        _spread("W1", W1, n_x)
        _spread("W2", np.asarray(params["W2"], dtype=float), n_h)
    return "init_params: right shapes, zero biases, small distinct weights"


def check_forward(fn, module) -> str:
    for (n_x, n_h, m), seed in SHAPES:
        rng = np.random.RandomState(seed)
        params, X = ref.two_layer_params(rng, n_x, n_h), rng.randn(n_x, m)
        want = ref.forward(params, X, ref.TWO_LAYER)
        result = fn(X.copy(), ref.copied(params))
        if not isinstance(result, (tuple, list)) or len(result) != 2:
            raise Wrong(f"forward returns a {type(result).__name__}, expected the pair (A2, cache)")
        A2, cache = result
        if isinstance(A2, dict) and not isinstance(cache, dict):
            raise Wrong("forward returns (cache, A2): the pair the wrong way round? Return (A2, cache)")
        cache = _dict_with("forward's cache", cache, ("Z1", "A1", "Z2", "A2"))
        W1, b1, W2, b2 = (params[k] for k in PARAM_NAMES)
        Z1, A1, Z2 = want["Z1"], want["A1"], want["Z2"]
        context = f"with X of shape {X.shape} and {n_h} hidden units"
        steps = [
            ("Z1", [(W1 @ X, "leaves out + b1")]),
            (
                "A1",
                [
                    (ref.sigmoid(Z1), "uses the sigmoid; the hidden layer uses tanh"),
                    (Z1, "is just Z1: the tanh is missing"),
                    (np.maximum(Z1, 0), "uses ReLU; the hidden layer uses tanh"),
                ],
            ),
            (
                "Z2",
                [(W2 @ A1, "leaves out + b2"), (W2 @ Z1 + b2, "uses Z1; layer 2 takes A1, the hidden layer's output")],
            ),
            (
                "A2",
                [
                    (np.tanh(Z2), "uses tanh; the output is a sigmoid, a probability from 0 to 1"),
                    (Z2, "is just Z2: the sigmoid is missing"),
                ],
            ),
        ]
        for key, variants in steps:
            compare(f"forward: {key}", cache[key], want[key], context=context, variants=variants)
        compare(
            "forward: the A2 it returns",
            A2,
            want["A2"],
            context=context,
            variants=[(Z2, "is Z2: return A2, the output after the sigmoid")],
        )
    return "forward: Z1, A1, Z2, A2 right for 4 shapes, m = 1 too"


def _slope_variants(params, cache, X, Y):
    """dW1 and db1 after the usual slips in dZ1 (the wrong activation's slope, or none)."""
    m, W2, A1, Z1 = X.shape[1], params["W2"], cache["A1"], cache["Z1"]
    back = W2.T @ (cache["A2"] - Y)
    slips = [
        (
            back * A1 * (1 - A1),
            (
                "uses the sigmoid's slope a(1 − a); the hidden layer is tanh, whose slope is 1 − a²",
                "activation-functions",
            ),
        ),
        (back * (1 - Z1**2), "uses 1 − Z1²: tanh's slope 1 − a² is written with a = A1, not Z1"),
        (back, "leaves out tanh's slope: dZ1 is W2ᵀdZ2 times g'(Z1)"),
        (back * (1 - np.tanh(A1) ** 2), "applies tanh twice: A1 is already tanh(Z1)"),
    ]
    dW1 = [(dZ1 @ X.T / m, why) for dZ1, why in slips]
    db1 = [(dZ1.sum(axis=1, keepdims=True) / m, why) for dZ1, why in slips]
    return dW1, db1


def check_backward(fn, module) -> str:
    for (n_x, n_h, m), seed in SHAPES:
        rng = np.random.RandomState(seed)
        params, X = ref.two_layer_params(rng, n_x, n_h), rng.randn(n_x, m)
        Y = ref.labels(rng, m)
        full = ref.forward(params, X, ref.TWO_LAYER)
        want = ref.backward(params, full, Y, ref.TWO_LAYER)
        cache = {k: full[k] for k in ("Z1", "A1", "Z2", "A2")}
        grads = _dict_with(
            "backward's result", fn(ref.copied(params), ref.copied(cache), X.copy(), Y.copy()), GRAD_NAMES
        )
        dW1_slips, db1_slips = _slope_variants(params, cache, X, Y)
        dZ2 = full["A2"] - Y
        variants = {
            "dW2": [(dZ2 @ full["Z1"].T / m, "uses Z1; the input to layer 2 is A1")],
            "db2": [],
            "dW1": dW1_slips,
            "db1": db1_slips,
        }
        inputs = f"uses m = X.shape[0] = {n_x}, the number of inputs; m is the number of examples, X.shape[1] = {m}"
        for key in variants:
            variants[key].append((want[key] * m / n_x, inputs))
        context = f"with X of shape {X.shape} and {n_h} hidden units"
        for key in ("dW2", "db2", "dW1", "db1"):
            nudged = ref.copied(params)
            compare_gradient(
                f"backward: {key}",
                grads[key],
                want[key],
                parameter=key[1:],
                m=m,
                context=context,
                variants=variants[key],
                numeric=lambda: numeric_slope(lambda: ref.two_layer_cost(nudged, X, Y), nudged[key[1:]]),
            )
    return "backward: dW2, db2, dW1, db1 right for 4 shapes, m = 1 too"


def check_update(fn, module) -> str:
    for (n_x, n_h, _m), seed in SHAPES[:2]:
        rng = np.random.RandomState(seed)
        params = ref.two_layer_params(rng, n_x, n_h)
        grads = {"d" + k: rng.randn(*v.shape) for k, v in params.items()}
        rate = 0.5 if seed == 1 else 1.2
        want = ref.update(params, grads, rate)
        given = ref.copied(params)
        result = _dict_with("update's result", fn(given, ref.copied(grads), rate), PARAM_NAMES)
        context = f"with learning rate {rate}"
        for key in PARAM_NAMES:
            p, d = params[key], grads["d" + key]
            compare(
                f"update: {key}",
                result[key],
                want[key],
                context=context,
                variants=[
                    (p + rate * d, "moves up the gradient: gradient descent steps against it (downhill)"),
                    (p - d, "leaves out the learning rate"),
                    (p - rate * params[key], "subtracts the parameter itself; step by its gradient"),
                ],
            )
        if set(given) != set(params) or any(not np.array_equal(given[k], params[k]) for k in params):
            raise Wrong(
                "update changed the params it was given (`-=` or `params[...] =` change them "
                "in place): leave them as they were and return a new dict"
            )
    return "update: steps against the gradient; old params kept"


def counted(fn, module, names, *args):
    """fn(*args) with the calls of the module's functions `names` counted while it runs:
    (its value, {name: calls}, {name: first value returned})."""
    with module.counting(names) as counting:
        value = fn(*args)
    return value, counting.calls, counting.first


def _times(n: int) -> str:
    return f"{n} time{'s' if n != 1 else ''}"


def _replay(start: dict, X, Y, iterations: int, learning_rate: float) -> dict:
    """`iterations` steps of gradient descent from `start`, as the model takes them."""
    params = {k: np.asarray(start[k], dtype=float) for k in PARAM_NAMES}
    for _ in range(iterations):
        cache = ref.forward(params, X, ref.TWO_LAYER)
        params = ref.update(params, ref.backward(params, cache, Y, ref.TWO_LAYER), learning_rate)
    return params


def _same(got: dict, want: dict) -> bool:
    return all(close(np.asarray(got[k], dtype=float), want[k], rtol=1e-6, atol=1e-9) for k in PARAM_NAMES)


def _check_other_run(fn, module, X, Y, n_h: int, iterations: int, learning_rate: float) -> None:
    """train at arguments other than the lesson's: it must use all three it is given."""
    given = f"n_h = {n_h}, iterations = {iterations}, learning_rate = {learning_rate}"
    value, calls, first = counted(
        fn, module, ("init_params", "update"), X.copy(), Y.copy(), n_h, iterations, learning_rate
    )
    params = _dict_with("train's result", value, PARAM_NAMES)
    rows = as_array("train: W1", params["W1"]).shape[0]
    if rows != n_h:
        raise Wrong(
            f"train ignores n_h: with n_h = {n_h} its W1 has {rows} rows (hidden units); pass n_h on to init_params"
        )
    _shapes("train", params, X.shape[0], n_h, 1)
    start, steps = first.get("init_params"), calls.get("update", 0)
    if start is None or steps == 0:
        raise Wrong(
            "train does not call your "
            + ("init_params" if start is None else "update")
            + ": start from init_params(X.shape[0], n_h, Y.shape[0]) and step with update, "
            "so the check can follow your training"
        )
    if steps != iterations:
        inside = ": is the return inside the loop?" if steps == 1 else " (a number written in?)"
        raise Wrong(
            f"train called update {_times(steps)} with iterations = {iterations}: one step per iteration{inside}"
        )
    start = _dict_with("init_params' result", start, PARAM_NAMES)
    if _same(params, _replay(start, X, Y, 0, learning_rate)):
        raise Wrong(
            "train returns the parameters it started with: keep the new parameters that "
            "update returns at each iteration"
        )
    if _same(params, _replay(start, X, Y, iterations, learning_rate)):
        return
    for rate in {TRAIN["learning_rate"], 1.0, 0.01}:
        if rate != learning_rate and _same(params, _replay(start, X, Y, iterations, rate)):
            raise Wrong(
                f"train ignores learning_rate: with learning_rate = {learning_rate} it steps as "
                f"with {rate:g}; pass learning_rate on to update"
            )
    raise Wrong(
        f"train with {given} does not end where {iterations} steps of gradient descent from "
        "your init_params' parameters end: does each iteration run forward, backward and "
        "update, in that order, on the parameters of the step before?"
    )


def check_train(fn, module) -> str:
    X, Y = ref.load_dataset("flower", m=400, seed=1)
    for n_h, iterations, learning_rate in OTHER_RUNS:
        _check_other_run(fn, module, X[:, :40], Y[:, :40], n_h, iterations, learning_rate)
    np.random.seed(1)
    params, calls, first = counted(
        fn,
        module,
        ("init_params", "forward", "backward", "update"),
        X.copy(),
        Y.copy(),
        TRAIN["n_h"],
        TRAIN["iterations"],
        TRAIN["learning_rate"],
    )
    params = _dict_with("train's result", params, PARAM_NAMES)
    _shapes("train", params, 2, TRAIN["n_h"], 1)
    try:
        result = module.forward(X.copy(), ref.copied(params))
    except NotImplementedError:
        raise Wrong("train is judged with your forward, which is still a todo: do forward first") from None
    except Exception as exc:
        raise Wrong(f"train: your forward fails on the trained parameters ({type(exc).__name__}: {exc})") from None
    A2 = as_array("train: your forward's A2", result[0] if isinstance(result, (tuple, list)) else result)
    if A2.shape != Y.shape:
        raise Wrong(f"train: your forward gives A2 of shape {A2.shape}, expected {Y.shape}")
    accuracy = float(np.mean((A2 > 0.5) == Y))
    if accuracy >= PASS_ACCURACY:
        return (
            f"train: {accuracy:.1%} training accuracy on the flower set "
            f"({TRAIN['iterations']} iterations, {TRAIN['n_h']} hidden units)"
        )
    iterations, ran = TRAIN["iterations"], calls.get("forward", 0)
    if 0 < ran < iterations // 2:
        raise Wrong(
            f"train called forward {ran} time{'s' if ran != 1 else ''} for {iterations} "
            "iterations: is the return inside the loop, or the loop too short?"
        )
    start = first.get("init_params")
    if (
        isinstance(start, dict)
        and calls.get("update", 0)
        and all(k in start and np.array_equal(np.asarray(params[k], dtype=float), start[k]) for k in PARAM_NAMES)
    ):
        raise Wrong(
            "train returns the parameters it started with: keep the new parameters that "
            "update returns at each iteration"
        )
    raise Wrong(
        f"train reaches {accuracy:.1%} training accuracy on the flower set, expected at least "
        f"{PASS_ACCURACY:.0%}: does each iteration run forward, backward and update, in that "
        "order, with the learning rate given?"
    )
