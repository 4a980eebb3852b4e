"""Your two-layer network, written one function at a time.

Fill in each function, save, and the tutor checks it at once
(`nn-tutor exercises check .` does the same from the command line).
Shapes are column-per-example: X is (n_x, m), one column per example.
Later functions may call earlier ones: your `train` calls your `forward`.
"""

import numpy as np


def sigmoid(z):
    """The sigmoid of every entry of z.

    Read <lesson:sigmoid-neuron>.
    z: a number or an array of any shape.
    Returns: an array of z's shape, every entry between 0 and 1.
    """
    raise NotImplementedError("sigmoid")


def compute_cost(A, Y):
    """The binary cross-entropy cost of the predictions A against the labels Y.

    Read <lesson:loss-and-cost>.
    A: (1, m) predictions, each between 0 and 1.  Y: (1, m) labels, each 0 or 1.
    Returns: one number (a float), the cost averaged over the m examples.
    """
    raise NotImplementedError("compute_cost")


def propagate(w, b, X, Y):
    """One forward and backward pass of logistic regression: the cost and its gradients.

    Read <lesson:sigmoid-neuron>
    and <lesson:backpropagation>.
    w: (n_x, 1) weights.  b: a number.  X: (n_x, m).  Y: (1, m).
    Returns: (grads, cost) with grads = {"dw": (n_x, 1) array, "db": a number}
    and cost a number.
    """
    raise NotImplementedError("propagate")


def backward_abc(a, b, c):
    """The slopes of J = 3(a + b·c) with respect to a, b and c.

    Read <lesson:computation-graph>.
    a, b, c: numbers.
    Returns: (dJ_da, dJ_db, dJ_dc), three numbers.
    """
    raise NotImplementedError("backward_abc")


def init_params(n_x, n_h, n_y):
    """Starting parameters for the two-layer network.

    Read <lesson:random-initialisation>.
    n_x inputs, n_h hidden units, n_y outputs.
    Returns: {"W1": (n_h, n_x), "b1": (n_h, 1), "W2": (n_y, n_h), "b2": (n_y, 1)},
    small random weights and zero biases.
    """
    raise NotImplementedError("init_params")


def forward(X, params):
    """The forward pass: a tanh hidden layer, then a sigmoid output.

    Read <lesson:computing-output>
    and <lesson:two-layer-gradient-descent>.
    X: (n_x, m).  params: as init_params returns them.
    Returns: (A2, cache) with A2 of shape (1, m) and cache a dict holding
    "Z1" and "A1" (n_h, m), "Z2" and "A2" (1, m).
    """
    raise NotImplementedError("forward")


def backward(params, cache, X, Y):
    """The backward pass: the gradients of the cost with respect to every parameter.

    Read <lesson:two-layer-gradient-descent>.
    params: as init_params returns them.  cache: as forward returns it.
    X: (n_x, m).  Y: (1, m).
    Returns: {"dW1", "db1", "dW2", "db2"}, each of its parameter's shape.
    """
    raise NotImplementedError("backward")


def update(params, grads, learning_rate):
    """One step of gradient descent.

    Read <lesson:gradient-descent>
    and <lesson:two-layer-gradient-descent>.
    params: {"W1", "b1", "W2", "b2"}.  grads: {"dW1", "db1", "dW2", "db2"}.
    learning_rate: a number > 0.
    Returns: a new params dict of the same shapes; leave the given one as it was.
    """
    raise NotImplementedError("update")


def train(X, Y, n_h, iterations, learning_rate):
    """Train the network from fresh parameters with the functions above.

    Read <lesson:two-layer-gradient-descent>.
    X: (n_x, m).  Y: (1, m).  n_h hidden units.
    iterations: how many steps of gradient descent.  learning_rate: a number > 0.
    Returns: the trained params {"W1", "b1", "W2", "b2"}.
    """
    raise NotImplementedError("train")
