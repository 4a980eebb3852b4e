"""The exercises of the workspace file gradients.py: slopes, gradient descent, mini-batches, a
value used twice, the gradient check and the squared error (lessons 3 to 9)."""

from __future__ import annotations

from . import batches_checks
from . import gradients_checks as checks
from .record import Exercise

FILE = "gradients.py"
HEADER = '''"""Slopes and gradients, written one function at a time.

Fill in each function, save, and the tutor checks it at once
(`nn-tutor exercises check .` does the same from the command line).
Each returns a new value and leaves its arguments as they were.
"A number" means a plain float, not an array of shape (1, 1).
"""

import numpy as np
'''

SLOPE = Exercise(
    "slope",
    "derivatives",
    FILE,
    '''def slope(f, a, h):
    """How much f moves per unit of input near a: nudge a by h and divide.

    Read <lesson:derivatives>.
    f: a function of one number.  a: a number.  h: the nudge, a small number > 0.
    Returns: (f(a + h) − f(a)) / h, a number.
    """
    raise NotImplementedError("slope")''',
    (
        "Move the input by h and see how far the output moves: Δf / Δa.",
        "Δf is f(a + h) − f(a), the output after the nudge minus the output before it; Δa is the "
        "nudge itself, h. f is a function you call: f(a + h).",
        "return (f(a + h) - f(a)) / …",
    ),
    checks.check_slope,
)

DESCEND = Exercise(
    "descend",
    "gradient-descent",
    FILE,
    '''def descend(df, w, learning_rate, steps):
    """Gradient descent on one parameter: step against the slope `steps` times.

    Read <lesson:gradient-descent>.
    df: a function giving the slope of the cost at w.  w: the starting value, a number
    or an array.  learning_rate: α > 0.  steps: how many updates, 0 or more.
    Returns: w after `steps` updates w := w − α·df(w), of w's shape (a number for a number).
    """
    raise NotImplementedError("descend")''',
    (
        "Each iteration computes the slope where w is now and takes one step downhill, against it.",
        "Loop `steps` times; in each, replace w with w − learning_rate·df(w). Write w = w − …, "
        "not w -= …: -= would change the array you were given.",
        "for _ in range(steps): w = w - learning_rate * df(w); then return w.",
    ),
    checks.check_descend,
)

MINI_BATCHES = Exercise(
    "mini_batches",
    "batch-and-sgd",
    FILE,
    '''def mini_batches(X, Y, size, seed):
    """Shuffle the examples once and cut them into mini-batches.

    Read <lesson:batch-and-sgd>.
    X: (n_x, m), one column per example.  Y: (n_y, m), the labels of the same columns.
    size: the number of columns in each batch.  seed: seeds the random order.
    Returns: a list of pairs (X_batch, Y_batch), X_batch of shape (n_x, size) and Y_batch
    (n_y, size), the last batch smaller when size does not divide m; every column exactly
    once, and each column of X still beside its own label.
    """
    raise NotImplementedError("mini_batches")''',
    (
        "One epoch sees every example once in a random order: shuffle the m columns, then take them `size` at a time.",
        "Draw one order for both X and Y: rng = np.random.default_rng(seed), order = "
        "rng.permutation(m), m = X.shape[1]. X[:, order] and Y[:, order] keep the pairs together. "
        "Then slice columns k to k + size for k = 0, size, 2·size, …",
        "X, Y = X[:, order], Y[:, order]; return [(X[:, k:k + size], Y[:, k:k + size]) for k in range(0, m, size)]",
    ),
    batches_checks.check_mini_batches,
)

BACKWARD_SHARED = Exercise(
    "backward_shared",
    "gradients-add",
    FILE,
    '''def backward_shared(a, b):
    """The slopes of J = a·b + a², where a reaches J along two paths.

    Read <lesson:gradients-add>.
    a, b: numbers.  As a graph: u = a·b, v = a², J = u + v.
    Returns: (dJ_da, dJ_db), two numbers.
    """
    raise NotImplementedError("backward_shared")''',
    (
        "a feeds both u = a·b and v = a²: when a value reaches the output along several paths, its "
        "slope is the sum over the paths.",
        "∂J/∂u = ∂J/∂v = 1. Through u, a's share is 1·b; through v, it is 1·2a. b has one path: "
        "1·a. Start each gradient at 0 and add every path's share.",
        "dJ_da = 1 * b + 1 * 2 * a; dJ_db = 1 * …; return dJ_da, dJ_db",
    ),
    checks.check_backward_shared,
)

CENTRED_SLOPE = Exercise(
    "centred_slope",
    "backpropagation",
    FILE,
    '''def centred_slope(f, a, h):
    """The centred difference: nudge a both ways and divide by the whole width.

    Read <lesson:backpropagation>
    and <lesson:derivatives>.
    f: a function of one number.  a: a number.  h: the nudge, a small number > 0.
    Returns: (f(a + h) − f(a − h)) / 2h, a number.
    """
    raise NotImplementedError("centred_slope")''',
    (
        "The centred difference looks at f on both sides of a: its error shrinks like h², the one-sided one's like h.",
        "From a − h to a + h the input moves 2h; the output moves f(a + h) − f(a − h). Mind the "
        "brackets: x / 2 * h is (x / 2)·h.",
        "return (f(a + h) - f(a - h)) / (2 * …)",
    ),
    checks.check_centred_slope,
)

GRADIENT_CHECK = Exercise(
    "gradient_check",
    "backpropagation",
    FILE,
    '''def gradient_check(f, theta, grad, epsilon):
    """Compare a gradient with the one measured by nudging each parameter both ways.

    Read <lesson:backpropagation>.
    f: a function of a 1-D array like theta, giving the cost (a number).
    theta: the parameters, a 1-D array of length n.  grad: the gradient to test, length n.
    epsilon: the nudge ε > 0.
    Returns: the relative difference ‖grad − approx‖ / (‖grad‖ + ‖approx‖), a number, where
    approx[i] = (f(θ + ε·eᵢ) − f(θ − ε·eᵢ)) / 2ε nudges entry i alone.
    """
    raise NotImplementedError("gradient_check")''',
    (
        "Measure each partial derivative with the centred difference, one parameter at a time, then "
        "say how far grad is from those measurements, relative to their sizes.",
        "For each i: copy theta (theta.copy()), add ε to entry i of one copy and take it from "
        "another, approx[i] = (f(up) − f(down)) / (2ε). ‖v‖ is np.linalg.norm(v).",
        "diff = np.linalg.norm(grad - approx) / (np.linalg.norm(grad) + np.linalg.norm(approx)); return float(diff)",
    ),
    checks.check_gradient_check,
)

MSE_COST = Exercise(
    "mse_cost",
    "why-cross-entropy",
    FILE,
    '''def mse_cost(A, Y):
    """The squared-error cost of the predictions A against the labels Y.

    Read <lesson:why-cross-entropy>.
    A: (1, m) predictions.  Y: (1, m) labels.
    Returns: (1/m) Σ ½(a − y)², a number.
    """
    raise NotImplementedError("mse_cost")''',
    (
        "The loss of one example is ½(a − y)²; the cost is its average over the m examples.",
        "Subtract, square every entry (** 2), sum, then divide by m = Y.shape[1]; the ½ stays.",
        "m = Y.shape[1]; return float(np.sum((A - Y) ** 2) / (2 * m))",
    ),
    checks.check_mse_cost,
)

MSE_DZ = Exercise(
    "mse_dz",
    "why-cross-entropy",
    FILE,
    '''def mse_dz(A, Y):
    """dZ of a sigmoid output unit when the loss is the squared error ½(a − y)².

    Read <lesson:why-cross-entropy>.
    A: (1, m), A = σ(Z).  Y: (1, m) labels.
    Returns: dZ = (A − Y)·A(1 − A), shape (1, m): one slope per example.
    """
    raise NotImplementedError("mse_dz")''',
    (
        "The chain rule through the sigmoid: da = a − y, then dz = da·σ′(z).",
        "σ′(z) written with the output is a(1 − a). Multiply entry by entry (*), not as matrices "
        "(@). dZ is per example: no 1/m here.",
        "return (A - Y) * A * (1 - …)",
    ),
    checks.check_mse_dz,
)

RECORDS = (SLOPE, DESCEND, MINI_BATCHES, BACKWARD_SHARED, CENTRED_SLOPE, GRADIENT_CHECK, MSE_COST, MSE_DZ)
