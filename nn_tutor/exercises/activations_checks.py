"""Checks of the exercises in activations.py: the activations' slopes and ReLU (lesson 13), two
linear layers collapsed into one (lesson 14) and He initialisation (lesson 19)."""

from __future__ import annotations

import numpy as np

from .calling import call, pair
from .compare import Wrong, as_array, compare, shape_problem, shape_text
from .reference import sigmoid


def _inputs(number: bool = True) -> list:
    """Arrays of several shapes with exact zeros among their entries, z = 0 as a (1, 1) array,
    then z = 0 as a number (unless not `number`)."""
    rng = np.random.RandomState(13)
    grid = np.round(rng.randn(3, 5) * 3, 2)
    grid[0, 1] = grid[2, 3] = 0.0
    arrays = [grid, np.array([[-1.5]]), np.array([-2.0, 0.0, 0.5, 3.0]), np.round(rng.randn(1, 7), 2), np.zeros((1, 1))]
    return [*arrays, 0.0] if number else arrays


def _context(z) -> str:
    return f"with z of shape {shape_text(np.shape(z))}" if np.ndim(z) else f"with z = {z:g}"


def _each(name: str, fn, expected, variants, number: bool = True) -> None:
    for z in _inputs(number):
        got = call(fn, name, z=np.array(z, copy=True) if np.ndim(z) else z)
        zz = np.asarray(z, dtype=float)
        compare(name, got, expected(zz), context=_context(z), flat_hint="keep z's shape", variants=variants(zz))


def check_sigmoid_slope(fn, module) -> str:
    def variants(z):
        s = sigmoid(z)
        return [
            (z * (1 - z), "uses z(1 − z); in a(1 − a) the a is σ(z): compute σ(z) first"),
            (s, "gives σ(z), not its slope σ(z)(1 − σ(z))"),
            (1 - s**2, "uses 1 − σ(z)², tanh's slope formula; the sigmoid's is σ(z)(1 − σ(z))"),
            (s * (1 + s), "uses σ(z)(1 + σ(z)): the second factor is 1 − σ(z)"),
            (1 - s, "gives 1 − σ(z): multiply by σ(z) too"),
        ]

    _each("sigmoid_slope", fn, lambda z: sigmoid(z) * (1 - sigmoid(z)), variants)
    return "sigmoid_slope: right at z = 0 (0.25) and on arrays of 5 shapes"


def check_tanh_slope(fn, module) -> str:
    def variants(z):
        t = np.tanh(z)
        return [
            (1 - z**2, "uses 1 − z²; in 1 − a² the a is tanh(z): 1 − tanh(z)²"),
            (t, "gives tanh(z), not its slope 1 − tanh(z)²"),
            (1 - t, "gives 1 − tanh(z): square tanh(z), 1 − tanh(z)²"),
            ((1 - t) ** 2, "squares 1 − tanh(z); only tanh(z) is squared: 1 − tanh(z)²"),
            (t * (1 - t), "uses a(1 − a), the sigmoid's slope; tanh's is 1 − a²"),
            (1 - 2 * t, "gives 1 − 2·tanh(z): is ** written as *? tanh(z) ** 2"),
        ]

    _each("tanh_slope", fn, lambda z: 1 - np.tanh(z) ** 2, variants)
    return "tanh_slope: right at z = 0 (1) and on arrays of 5 shapes"


def check_relu(fn, module) -> str:
    for z in _inputs(number=False):
        given = np.array(z, copy=True) if np.ndim(z) else z
        got = call(fn, "relu", z=given)
        zz = np.asarray(z, dtype=float)
        array = as_array("relu", got)
        if zz.ndim and array.shape == np.max(zz, axis=0).shape != zz.shape and np.allclose(array, np.max(zz, axis=0)):
            raise Wrong(
                f"relu gives the largest entry of each column ({_context(z)}): np.max(z, 0) "
                "reduces along axis 0; the entry-by-entry maximum is np.maximum(0, z)"
            )
        compare(
            "relu",
            array,
            np.maximum(0, zz),
            context=_context(z),
            flat_hint="keep z's shape",
            variants=[
                (
                    np.minimum(0, zz),
                    "keeps the negative entries: max(0, z) keeps z where it is positive "
                    "and gives 0 elsewhere (np.maximum, not np.minimum)",
                ),
                (np.abs(zz), "gives |z|: a negative z becomes 0, not its size"),
                ((zz > 0).astype(float), "gives the slope (0 or 1); relu gives z itself where z > 0"),
                (np.maximum(0.01 * zz, zz), "is leaky ReLU (0.01·z for z < 0); ReLU gives 0 there"),
            ],
        )
    return "relu: right on arrays of 5 shapes, z = 0 among their entries"


def check_relu_slope(fn, module) -> str:
    def variants(z):
        return [
            ((z >= 0).astype(float), "gives 1 at z = 0; this tutor takes 0 at the kink: z > 0, not z >= 0"),
            (np.maximum(0, z), "gives relu(z), not its slope: 1 where z > 0, else 0"),
            ((z < 0).astype(float), "gives 1 where z < 0: the other way round, 1 where z > 0"),
            (np.sign(z), "gives −1 where z < 0 (np.sign?): the slope there is 0"),
            (np.where(z > 0, 1.0, 0.01), "gives 0.01 where z ≤ 0, leaky ReLU's slope; ReLU's is 0"),
        ]

    _each("relu_slope", fn, lambda z: (z > 0).astype(float), variants, number=False)
    return "relu_slope: 0 at the kink z = 0, right on arrays of 5 shapes"


def check_linear_collapse(fn, module) -> str:
    for seed, (n_x, n_h, n_y) in enumerate(((3, 3, 3), (2, 4, 1), (1, 5, 2)), start=14):
        rng = np.random.RandomState(seed)
        W1, b1, W2, b2 = rng.randn(n_h, n_x), rng.randn(n_h, 1), rng.randn(n_y, n_h), rng.randn(n_y, 1)
        W, b = pair("linear_collapse", call(fn, "linear_collapse", W1=W1, b1=b1, W2=W2, b2=b2), "W", "b")
        want_W, want_b = W2 @ W1, W2 @ b1 + b2
        context = f"with n_x, n_h, n_y = {n_x}, {n_h}, {n_y}"
        W_array, b_array = as_array("linear_collapse: W", W), as_array("linear_collapse: b", b)
        if W_array.shape == want_b.shape != want_W.shape and b_array.shape == want_W.shape:
            raise Wrong(f"linear_collapse returns the pair the wrong way round: (W, b); seen {context}")
        if W_array.shape == (n_h, n_h) != want_W.shape:
            raise Wrong(
                f"linear_collapse: W has shape {shape_text(W_array.shape)}, expected "
                f"{shape_text(want_W.shape)}: W1 acts first, so it stands on the right, "
                f"W = W2·W1; seen {context}"
            )
        compare(
            "linear_collapse: W",
            W_array,
            want_W,
            context=context,
            variants=[
                (
                    (W1 @ W2) if n_x == n_y == n_h else want_W,
                    "multiplies in the wrong order: W1 acts first, so it stands on the right, W = W2·W1",
                ),
                (W2.T @ W1.T if W2.T.shape[1] == W1.T.shape[0] else want_W, "is transposed: W = W2·W1"),
            ],
        )
        if b_array.shape == (n_h, 1) != want_b.shape:
            raise Wrong(
                f"linear_collapse: b has shape {shape_text(b_array.shape)}, expected "
                f"{shape_text(want_b.shape)}: b1 passes through the second layer too, "
                f"b = W2·b1 + b2; seen {context}"
            )
        compare(
            "linear_collapse: b",
            b_array,
            want_b,
            context=context,
            variants=[
                (W2 @ b1, "leaves out b2: b = W2·b1 + b2"),
                (
                    b1 + b2 if b1.shape == b2.shape else want_b,
                    "adds b1 as it is; b1 passes through the second layer too: b = W2·b1 + b2",
                ),
                (b2, "is b2 alone; b1 passes through the second layer too: b = W2·b1 + b2"),
            ],
        )
    return "linear_collapse: W = W2·W1 and b = W2·b1 + b2 for 3 sizes of network"


HE_SIZES = ((500, 200, 300), (2, 4, 1), (1, 1, 1))


def _he_part(params, key: str, shape: tuple) -> np.ndarray:
    if key not in params:
        raise Wrong(f'init_he returns no "{key}": expected the keys W1, b1, W2, b2, as init_params')
    value = as_array(f"init_he: {key}", params[key])
    problem = shape_problem(f"init_he: {key}", value.shape, shape)
    if problem:
        raise Wrong(problem + ("; biases are columns of zeros, np.zeros((n, 1))" if key[0] == "b" else ""))
    return value


def _scale_message(key: str, std: float, fan: int, fan_name: str, other: int, other_name: str) -> str:
    want = np.sqrt(2 / fan)
    guesses = (
        (0.01, f"× 0.01, the small start of init_params; He multiplies by np.sqrt(2 / {fan_name})"),
        (np.sqrt(1 / fan), f"√(1/{fan_name}), Xavier's scale; He's is √(2/{fan_name})"),
        (2 / fan, f"2/{fan_name} without the square root: multiply by np.sqrt(2 / {fan_name})"),
        (np.sqrt(2 / other), f"√(2/{other_name}); each layer uses its own number of inputs: √(2/{fan_name}) for {key}"),
        (1.0, f"1: np.random.randn alone; multiply by np.sqrt(2 / {fan_name})"),
    )
    for value, text in guesses:
        if abs(std - value) < 0.03 * value and abs(value - want) > 0.05 * want:
            return (
                f"init_he: {key}'s entries have standard deviation {std:.4f}, expected "
                f"√(2/{fan_name}) = {want:.4f} for {fan_name} = {fan}: it looks like {text}"
            )
    return (
        f"init_he: {key}'s entries have standard deviation {std:.4f}, expected √(2/{fan_name}) = "
        f"{want:.4f} for {fan_name} = {fan}"
    )


def check_init_he(fn, module) -> str:
    for n_x, n_h, n_y in HE_SIZES:
        params = call(fn, "init_he", n_x=n_x, n_h=n_h, n_y=n_y)
        if not isinstance(params, dict):
            raise Wrong(f"init_he returns a {type(params).__name__}, expected a dict with W1, b1, W2, b2")
        W1, W2 = _he_part(params, "W1", (n_h, n_x)), _he_part(params, "W2", (n_y, n_h))
        for key, n in (("b1", n_h), ("b2", n_y)):
            if np.any(_he_part(params, key, (n, 1)) != 0):
                raise Wrong(
                    f"init_he: {key} is not zero: the biases start at 0 (the random weights already break the symmetry)"
                )
        if n_x * n_h < 1000:
            continue
        for key, W, fan, fan_name, other, other_name in (
            ("W1", W1, n_x, "n_x", n_h, "n_h"),
            ("W2", W2, n_h, "n_h", n_x, "n_x"),
        ):
            want = np.sqrt(2 / fan)
            mean, std = float(W.mean()), float(W.std())
            if std < 1e-12:
                raise Wrong(
                    f"init_he: every entry of {key} is the same: draw each one at random, "
                    "np.random.randn(rows, columns), or the hidden units stay alike"
                )
            if abs(mean) > 0.25 * std:
                raise Wrong(
                    f"init_he: {key}'s entries average {mean:.4f}, expected about 0: "
                    "np.random.rand draws from [0, 1); np.random.randn draws from a normal "
                    "centred on 0"
                )
            if abs(std - want) > 0.03 * want:
                raise Wrong(_scale_message(key, std, fan, fan_name, other, other_name))
            if len(np.unique(np.round(W[:, 0] if W.shape[0] > 1 else W[0], 12))) == 1:
                raise Wrong(
                    f"init_he: every row of {key} is the same: draw the whole matrix at once, "
                    "np.random.randn(rows, columns)"
                )
            if abs(np.mean(np.abs(W)) / std - np.sqrt(2 / np.pi)) > 0.03:
                raise Wrong(f"init_he: {key}'s entries are not normally distributed: draw them with np.random.randn")
    return "init_he: shapes, zero biases, and W1, W2 spread √(2/n_x), √(2/n_h) on 500 → 200 → 300"
