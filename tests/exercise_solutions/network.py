"""Reference solutions to the nine exercises (kept in tests/, never shipped in the workspace)."""

import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def compute_cost(A, Y):
    m = Y.shape[1]
    return float(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m)


def propagate(w, b, X, Y):
    m = X.shape[1]
    A = sigmoid(w.T @ X + b)
    cost = compute_cost(A, Y)
    dZ = A - Y
    grads = {"dw": X @ dZ.T / m, "db": float(np.sum(dZ) / m)}
    return grads, cost


def backward_abc(a, b, c):
    dJ_dv = 3
    dJ_du = dJ_dv * 1
    return dJ_dv * 1, dJ_du * c, dJ_du * b


def init_params(n_x, n_h, n_y):
    return {"W1": np.random.randn(n_h, n_x) * 0.01, "b1": np.zeros((n_h, 1)),
            "W2": np.random.randn(n_y, n_h) * 0.01, "b2": np.zeros((n_y, 1))}


def forward(X, params):
    Z1 = params["W1"] @ X + params["b1"]
    A1 = np.tanh(Z1)
    Z2 = params["W2"] @ A1 + params["b2"]
    A2 = sigmoid(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


def backward(params, cache, X, Y):
    m = X.shape[1]
    dZ2 = cache["A2"] - Y
    dW2 = dZ2 @ cache["A1"].T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (params["W2"].T @ dZ2) * (1 - cache["A1"] ** 2)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def update(params, grads, learning_rate):
    return {key: value - learning_rate * grads["d" + key] for key, value in params.items()}


def train(X, Y, n_h, iterations, learning_rate):
    params = init_params(X.shape[0], n_h, Y.shape[0])
    for _ in range(iterations):
        A2, cache = forward(X, params)
        grads = backward(params, cache, X, Y)
        params = update(params, grads, learning_rate)
    return params
