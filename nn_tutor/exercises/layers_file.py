"""The exercises of the workspace files output.py (lessons 11 and 12), activations.py (lessons
13, 14 and 19) and softmax.py (lesson 21): stubs, three hints each, checks."""

from __future__ import annotations

from . import activations_checks, output_checks, softmax_checks
from .record import Exercise

_INTRO = """
Fill in each function, save, and the tutor checks it at once
(`nn-tutor exercises check .` does the same from the command line).
Shapes are column-per-example: X is (n_x, m), one column per example.
Each returns a new value and leaves its arguments as they were.
"""

OUTPUT = "output.py"
OUTPUT_HEADER = f'''"""The network's output and whole batches: predictions, and features standardised.
{_INTRO}"""

import numpy as np

try:
    from network import forward   # your forward, from network.py: predict uses it
except Exception:                 # network.py does not load now: predict's check says so
    forward = None
'''

ACTIVATIONS = "activations.py"
ACTIVATIONS_HEADER = f'''"""Activations and their slopes, two linear layers made one, and He's starting weights.
{_INTRO}"""

import numpy as np
'''

SOFTMAX = "softmax.py"
SOFTMAX_HEADER = f'''"""More than two classes: softmax, one-hot labels and their cost.
{_INTRO}"""

import numpy as np
'''

HEADERS = {OUTPUT: OUTPUT_HEADER, ACTIVATIONS: ACTIVATIONS_HEADER, SOFTMAX: SOFTMAX_HEADER}

PREDICT = Exercise(
    "predict",
    "computing-output",
    OUTPUT,
    '''def predict(X, params):
    """The network's answer for every example: 1 where it gives more than even odds.

    Read <lesson:computing-output>.
    X: (n_x, m).  params: {"W1", "b1", "W2", "b2"}, as init_params returns them.
    Returns: (1, m) of 0 and 1: 1 where your forward's A2 > 0.5, else 0.
    """
    raise NotImplementedError("predict")''',
    (
        "The forward pass gives A2 = ŷ, the probability of class 1 for each column; a prediction "
        "is 1 where that probability is above one half.",
        "Call your own forward (imported at the top of this file): it returns the pair (A2, cache). "
        "A comparison A2 > 0.5 gives True/False for every column at once.",
        "A2, cache = forward(X, params); return (A2 > 0.5).astype(float)",
    ),
    output_checks.check_predict,
)

STANDARDISE = Exercise(
    "standardise",
    "vectorisation",
    OUTPUT,
    '''def standardise(X):
    """Shift and scale each feature (row) to mean 0 and standard deviation 1.

    Read <lesson:vectorisation>.
    X: (n_x, m), one column per example, one row per feature.
    Returns: an (n_x, m) array whose every row has mean 0 and standard deviation 1 over
    the m examples (the population std, np.std's default); a row whose std is 0 becomes zeros.
    """
    raise NotImplementedError("standardise")''',
    (
        "Each row is one feature across the m examples: take its mean and spread along the row, and "
        "broadcast them back over the columns.",
        "X.mean(axis=1, keepdims=True) and X.std(axis=1, keepdims=True) are (n_x, 1) columns; (n_x, m) "
        "minus (n_x, 1) broadcasts. Where a std is 0, divide by 1 instead (np.where(std > 0, std, 1)).",
        "mean = X.mean(axis=1, keepdims=True); std = X.std(axis=1, keepdims=True); "
        "return (X - mean) / np.where(std > 0, std, 1.0)",
    ),
    output_checks.check_standardise,
)

SIGMOID_SLOPE = Exercise(
    "sigmoid_slope",
    "activation-functions",
    ACTIVATIONS,
    '''def sigmoid_slope(z):
    """The sigmoid's slope g'(z) = a(1 − a), where a = σ(z).

    Read <lesson:activation-functions>.
    z: a number or an array of any shape.
    Returns: σ(z)(1 − σ(z)), of z's shape; 0.25 at z = 0.
    """
    raise NotImplementedError("sigmoid_slope")''',
    (
        "Written with the output a = σ(z), the sigmoid's slope is a(1 − a): largest at z = 0.",
        "Compute a = 1 / (1 + np.exp(−z)) first; then multiply entry by entry.",
        "a = 1 / (1 + np.exp(-z)); return a * (1 - a)",
    ),
    activations_checks.check_sigmoid_slope,
)

TANH_SLOPE = Exercise(
    "tanh_slope",
    "activation-functions",
    ACTIVATIONS,
    '''def tanh_slope(z):
    """tanh's slope g'(z) = 1 − a², where a = tanh(z).

    Read <lesson:activation-functions>.
    z: a number or an array of any shape.
    Returns: 1 − tanh(z)², of z's shape; 1 at z = 0.
    """
    raise NotImplementedError("tanh_slope")''',
    (
        "Written with the output a = tanh(z), tanh's slope is 1 − a².",
        "np.tanh works on a whole array; square with ** 2 (a * 2 doubles).",
        "a = np.tanh(z); return 1 - a ** 2",
    ),
    activations_checks.check_tanh_slope,
)

RELU = Exercise(
    "relu",
    "activation-functions",
    ACTIVATIONS,
    '''def relu(z):
    """The rectified linear unit: max(0, z), entry by entry.

    Read <lesson:activation-functions>.
    z: an array of any shape.
    Returns: an array of z's shape: z where z > 0, else 0.
    """
    raise NotImplementedError("relu")''',
    (
        "ReLU keeps a positive z as it is and turns a negative one into 0.",
        "np.maximum compares two arrays (or an array and a number) entry by entry; np.max instead finds "
        "the largest entry along an axis. Python's max takes one number at a time.",
        "return np.maximum(0, z)",
    ),
    activations_checks.check_relu,
)

RELU_SLOPE = Exercise(
    "relu_slope",
    "activation-functions",
    ACTIVATIONS,
    '''def relu_slope(z):
    """ReLU's slope: 1 where z > 0, else 0 (0 at the kink z = 0, as this tutor takes it).

    Read <lesson:activation-functions>.
    z: an array of any shape.
    Returns: an array of z's shape, of 0 and 1.
    """
    raise NotImplementedError("relu_slope")''',
    (
        "Left of the kink ReLU is flat (slope 0), right of it a line of slope 1; at exactly 0 this tutor takes 0.",
        "z > 0 gives an array of True and False; .astype(float) turns it into 1 and 0. Mind > against >=.",
        "return (z > 0).astype(float)",
    ),
    activations_checks.check_relu_slope,
)

LINEAR_COLLAPSE = Exercise(
    "linear_collapse",
    "why-non-linear",
    ACTIVATIONS,
    '''def linear_collapse(W1, b1, W2, b2):
    """The one linear layer that two linear layers (no activation between them) equal.

    Read <lesson:why-non-linear>.
    W1: (n_h, n_x).  b1: (n_h, 1).  W2: (n_y, n_h).  b2: (n_y, 1).
    Returns: (W, b) with W2(W1x + b1) + b2 = Wx + b for every x:
    W of shape (n_y, n_x) and b of shape (n_y, 1).
    """
    raise NotImplementedError("linear_collapse")''',
    (
        "Substitute the first layer into the second: z[2] = W2(W1x + b1) + b2, and multiply out.",
        "W2(W1x + b1) + b2 = (W2W1)x + (W2b1 + b2). Matrix products are @, and the order matters: W1 "
        "acts first, so it stands on the right.",
        "return W2 @ W1, W2 @ b1 + …",
    ),
    activations_checks.check_linear_collapse,
)

INIT_HE = Exercise(
    "init_he",
    "random-initialisation",
    ACTIVATIONS,
    '''def init_he(n_x, n_h, n_y):
    """Starting parameters as init_params, scaled for the layer's width (He initialisation).

    Read <lesson:random-initialisation>.
    n_x inputs, n_h hidden units, n_y outputs.
    Returns: {"W1": (n_h, n_x), "b1": (n_h, 1), "W2": (n_y, n_h), "b2": (n_y, 1)} with
    W1 ~ N(0, 1)·√(2/n_x), W2 ~ N(0, 1)·√(2/n_h), and zero biases.
    """
    raise NotImplementedError("init_he")''',
    (
        "He initialisation scales each layer's random weights by √(2/n), n the number of inputs to "
        "that layer, so the signal keeps its size from layer to layer.",
        "W1 has n_x inputs per unit, W2 has n_h. np.random.randn(rows, columns) draws N(0, 1); "
        "np.sqrt(2 / n_x) is the scale. Biases: np.zeros((n, 1)).",
        '{"W1": np.random.randn(n_h, n_x) * np.sqrt(2 / n_x), "b1": np.zeros((n_h, 1)), "W2": …, "b2": …}',
    ),
    activations_checks.check_init_he,
)

SOFTMAX_FN = Exercise(
    "softmax",
    "softmax",
    SOFTMAX,
    '''def softmax(Z):
    """Turn each column of K numbers into K probabilities that add up to 1.

    Read <lesson:softmax>.
    Z: (K, m), one column per example.
    Returns: (K, m) with aₖ = e^(zₖ) / Σⱼ e^(zⱼ) down each column: every entry positive,
    every column summing to 1, and finite for entries of ±1000.
    """
    raise NotImplementedError("softmax")''',
    (
        "Exponentiate, then divide each column by its own total. Adding the same number to every z of "
        "a column changes nothing, so take away the column's largest z first: e^z never overflows.",
        "Z.max(axis=0, keepdims=True) is a (1, m) row of each column's largest entry; E.sum(axis=0, "
        "keepdims=True) the (1, m) row of each column's total.",
        "E = np.exp(Z - Z.max(axis=0, keepdims=True)); return E / E.sum(axis=0, keepdims=True)",
    ),
    softmax_checks.check_softmax,
)

ONE_HOT = Exercise(
    "one_hot",
    "softmax",
    SOFTMAX,
    '''def one_hot(labels, K):
    """Labels as one-hot columns: class k of K becomes a column of 0s with a 1 in row k.

    Read <lesson:softmax>.
    labels: integers 0 … K − 1, of shape (m,) or (1, m).  K: the number of classes.
    Returns: Y of shape (K, m), like A[L]; class 0 is the first row.
    """
    raise NotImplementedError("one_hot")''',
    (
        "Y has one column per example and one row per class; each column holds a single 1, in the row "
        "of that example's class.",
        "labels.reshape(-1) makes both shapes (m,). Start from np.zeros((K, m)) and set one entry per "
        "column: row labels[i] of column i.",
        "labels = np.asarray(labels).reshape(-1); Y = np.zeros((K, labels.size)); "
        "Y[labels, np.arange(labels.size)] = 1; return Y",
    ),
    softmax_checks.check_one_hot,
)

SOFTMAX_COST = Exercise(
    "softmax_cost",
    "softmax",
    SOFTMAX,
    '''def softmax_cost(A, Y):
    """The categorical cross-entropy of the softmax outputs A against the one-hot labels Y.

    Read <lesson:softmax>.
    A: (K, m), columns summing to 1.  Y: (K, m), one-hot columns.
    Returns: −(1/m) Σₖ Σᵢ y·log a, a number.
    """
    raise NotImplementedError("softmax_cost")''',
    (
        "Each example's loss is −Σₖ yₖ log aₖ: with one-hot y only the true class's term counts. The "
        "cost is the mean over the m examples.",
        "Y * np.log(A) is (K, m); sum all of it, then divide by m = Y.shape[1] (not by K·m).",
        "m = Y.shape[1]; return float(-np.sum(Y * np.log(A)) / m)",
    ),
    softmax_checks.check_softmax_cost,
)

OUTPUT_RECORDS = (PREDICT, STANDARDISE)
ACTIVATIONS_RECORDS = (SIGMOID_SLOPE, TANH_SLOPE, RELU, RELU_SLOPE, LINEAR_COLLAPSE, INIT_HE)
SOFTMAX_RECORDS = (SOFTMAX_FN, ONE_HOT, SOFTMAX_COST)
