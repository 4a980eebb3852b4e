"""The exercises of the workspace file network.py: the network, one function at a time.

Each record: its stub as network.py holds it (`<lesson:ID>` marks become lesson names), its
three hints (a nudge, a stronger hint, nearly the line), its check and what it may call.
"""

from __future__ import annotations

from . import logistic, two_layer
from .record import Exercise

FILE = "network.py"
HEADER = '''"""Your two-layer network, written one function at a time.

Fill in each function, save, and the tutor checks it at once
(`nn-tutor exercises check .` does the same from the command line).
Shapes are column-per-example: X is (n_x, m), one column per example.
Later functions may call earlier ones: your `train` calls your `forward`.
"""

import numpy as np
'''

SIGMOID = Exercise(
    "sigmoid",
    "sigmoid-neuron",
    FILE,
    '''def sigmoid(z):
    """The sigmoid of every entry of z.

    Read <lesson:sigmoid-neuron>.
    z: a number or an array of any shape.
    Returns: an array of z's shape, every entry between 0 and 1.
    """
    raise NotImplementedError("sigmoid")''',
    (
        "σ(z) = 1 / (1 + e^(−z)) squashes every entry of z into (0, 1).",
        "np.exp works on a whole array at once (math.exp takes one number only), and the "
        "arithmetic around it does too: no loop is needed.",
        "One line: return 1 / (1 + np.exp(…)), with −z inside the exp.",
    ),
    logistic.check_sigmoid,
)

COMPUTE_COST = Exercise(
    "compute_cost",
    "loss-and-cost",
    FILE,
    '''def compute_cost(A, Y):
    """The binary cross-entropy cost of the predictions A against the labels Y.

    Read <lesson:loss-and-cost>.
    A: (1, m) predictions, each between 0 and 1.  Y: (1, m) labels, each 0 or 1.
    Returns: one number (a float), the cost averaged over the m examples.
    """
    raise NotImplementedError("compute_cost")''',
    (
        "The cost is the loss of each example, averaged over the m examples; the loss of one "
        "example is −(y·log a + (1 − y)·log(1 − a)).",
        "Both terms count: y·log(A) for the examples with y = 1, (1 − y)·log(1 − A) for those with "
        "y = 0. np.log is the natural log; the examples are the columns, so m = Y.shape[1].",
        "m = Y.shape[1], then return float(-np.sum(Y * np.log(A) + … ) / m): the … is the y = 0 term.",
    ),
    logistic.check_compute_cost,
)

PROPAGATE = Exercise(
    "propagate",
    "backpropagation",
    FILE,
    '''def propagate(w, b, X, Y):
    """One forward and backward pass of logistic regression: the cost and its gradients.

    Read <lesson:sigmoid-neuron>
    and <lesson:backpropagation>.
    w: (n_x, 1) weights.  b: a number.  X: (n_x, m).  Y: (1, m).
    Returns: (grads, cost) with grads = {"dw": (n_x, 1) array, "db": a number}
    and cost a number.
    """
    raise NotImplementedError("propagate")''',
    (
        "Forward first: A = σ(wᵀX + b) with your sigmoid, and the cost with your compute_cost. "
        "Then backward, from dZ = A − Y.",
        "dw = (1/m)·X·dZᵀ has w's shape (n_x, 1); db = (1/m)·Σ dZ is a number. m is the number "
        "of examples, X.shape[1].",
        'A = sigmoid(w.T @ X + b); dZ = A - Y; grads = {"dw": X @ dZ.T / m, "db": float(np.sum(dZ) / m)}; '
        "return grads, compute_cost(A, Y).",
    ),
    logistic.check_propagate,
    uses=("sigmoid", "compute_cost"),
)

BACKWARD_ABC = Exercise(
    "backward_abc",
    "computation-graph",
    FILE,
    '''def backward_abc(a, b, c):
    """The slopes of J = 3(a + b·c) with respect to a, b and c.

    Read <lesson:computation-graph>.
    a, b, c: numbers.
    Returns: (dJ_da, dJ_db, dJ_dc), three numbers.
    """
    raise NotImplementedError("backward_abc")''',
    (
        "Split J into steps, u = b·c, v = a + u, J = 3v, and walk back from J one step at a time.",
        "The local slopes: ∂J/∂v = 3, ∂v/∂a = ∂v/∂u = 1, ∂u/∂b = c, ∂u/∂c = b. Multiply them along "
        "the path from J to each input.",
        "dJ_dv = 3; dJ_du = dJ_dv * 1; then dJ_da = dJ_dv * 1, dJ_db = dJ_du * c, dJ_dc = dJ_du * …",
    ),
    logistic.check_backward_abc,
)

INIT_PARAMS = Exercise(
    "init_params",
    "random-initialisation",
    FILE,
    '''def init_params(n_x, n_h, n_y):
    """Starting parameters for the two-layer network.

    Read <lesson:random-initialisation>.
    n_x inputs, n_h hidden units, n_y outputs.
    Returns: {"W1": (n_h, n_x), "b1": (n_h, 1), "W2": (n_y, n_h), "b2": (n_y, 1)},
    small random weights and zero biases.
    """
    raise NotImplementedError("init_params")''',
    (
        "Random weights break the symmetry between hidden units; small ones keep tanh steep. "
        "The biases can start at zero.",
        "np.random.randn(rows, columns) draws a normal sample of that shape: W1 is (n_h, n_x), W2 is "
        "(n_y, n_h); b1 and b2 are columns of zeros, (n_h, 1) and (n_y, 1).",
        '{"W1": np.random.randn(n_h, n_x) * 0.01, "b1": np.zeros((n_h, 1)), "W2": …, "b2": …}',
    ),
    two_layer.check_init_params,
)

FORWARD = Exercise(
    "forward",
    "two-layer-gradient-descent",
    FILE,
    '''def forward(X, params):
    """The forward pass: a tanh hidden layer, then a sigmoid output.

    Read <lesson:computing-output>
    and <lesson:two-layer-gradient-descent>.
    X: (n_x, m).  params: as init_params returns them.
    Returns: (A2, cache) with A2 of shape (1, m) and cache a dict holding
    "Z1" and "A1" (n_h, m), "Z2" and "A2" (1, m).
    """
    raise NotImplementedError("forward")''',
    (
        "Four lines, one per equation: Z1, A1, Z2, A2. The hidden layer uses tanh, the output your sigmoid.",
        "Z1 = W1·X + b1 and Z2 = W2·A1 + b2 are matrix products (@). Keep all four in the cache and "
        "return the pair (A2, cache), in that order.",
        'Z1 = params["W1"] @ X + params["b1"]; A1 = np.tanh(Z1); Z2 = … @ A1 + …; A2 = sigmoid(Z2); '
        'return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}',
    ),
    two_layer.check_forward,
    uses=("sigmoid",),
)

BACKWARD = Exercise(
    "backward",
    "two-layer-gradient-descent",
    FILE,
    '''def backward(params, cache, X, Y):
    """The backward pass: the gradients of the cost with respect to every parameter.

    Read <lesson:two-layer-gradient-descent>.
    params: as init_params returns them.  cache: as forward returns it.
    X: (n_x, m).  Y: (1, m).
    Returns: {"dW1", "db1", "dW2", "db2"}, each of its parameter's shape.
    """
    raise NotImplementedError("backward")''',
    (
        "Start at the output and go back: dZ2, dW2, db2, then dZ1, dW1, db1. Each gradient has its parameter's shape.",
        "dZ2 = A2 − Y; dW2 = (1/m)·dZ2·A1ᵀ; db2 sums dZ2 over the examples (axis=1, keepdims=True) "
        "over m. dZ1 = W2ᵀ·dZ2 times tanh's slope, 1 − A1². m = X.shape[1].",
        'dZ2 = cache["A2"] - Y; dW2 = dZ2 @ cache["A1"].T / m; '
        'dZ1 = (params["W2"].T @ dZ2) * (1 - cache["A1"] ** 2); dW1 = dZ1 @ X.T / m; the biases alike.',
    ),
    two_layer.check_backward,
)

UPDATE = Exercise(
    "update",
    "gradient-descent",
    FILE,
    '''def update(params, grads, learning_rate):
    """One step of gradient descent.

    Read <lesson:gradient-descent>
    and <lesson:two-layer-gradient-descent>.
    params: {"W1", "b1", "W2", "b2"}.  grads: {"dW1", "db1", "dW2", "db2"}.
    learning_rate: a number > 0.
    Returns: a new params dict of the same shapes; leave the given one as it was.
    """
    raise NotImplementedError("update")''',
    (
        "Gradient descent steps every parameter against its gradient (downhill), scaled by the learning rate.",
        "W1 becomes W1 − learning_rate·dW1, and b1, W2, b2 alike. Build a new dict: `-=` would change "
        "the one you were given.",
        'return {key: params[key] - learning_rate * grads["d" + key] for key in …}',
    ),
    two_layer.check_update,
)

TRAIN = Exercise(
    "train",
    "two-layer-gradient-descent",
    FILE,
    '''def train(X, Y, n_h, iterations, learning_rate):
    """Train the network from fresh parameters with the functions above.

    Read <lesson:two-layer-gradient-descent>.
    X: (n_x, m).  Y: (1, m).  n_h hidden units.
    iterations: how many steps of gradient descent.  learning_rate: a number > 0.
    Returns: the trained params {"W1", "b1", "W2", "b2"}.
    """
    raise NotImplementedError("train")''',
    (
        "Initialise once, then repeat forward, backward and update `iterations` times.",
        "Call your own functions: init_params(X.shape[0], n_h, Y.shape[0]) before the loop; inside it "
        "keep the new params that update returns. Return after the loop, with the n_h, iterations and "
        "learning_rate you were given.",
        "params = init_params(…); for _ in range(iterations): A2, cache = forward(X, params); "
        "grads = backward(params, cache, X, Y); params = update(…); then return params.",
    ),
    two_layer.check_train,
    uses=("init_params", "forward", "backward", "update"),
    limit=25.0,
)

RECORDS = (SIGMOID, COMPUTE_COST, PROPAGATE, BACKWARD_ABC, INIT_PARAMS, FORWARD, BACKWARD, UPDATE, TRAIN)
