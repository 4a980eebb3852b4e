"""Reference solutions to the exercises of gradients.py (kept in tests/, never in the workspace)."""

import numpy as np


def slope(f, a, h):
    return (f(a + h) - f(a)) / h


def descend(df, w, learning_rate, steps):
    for _ in range(steps):
        w = w - learning_rate * df(w)
    return w


def mini_batches(X, Y, size, seed):
    m = X.shape[1]
    order = np.random.default_rng(seed).permutation(m)
    X, Y = X[:, order], Y[:, order]
    return [(X[:, k:k + size], Y[:, k:k + size]) for k in range(0, m, size)]


def backward_shared(a, b):
    dJ_du = 1.0
    dJ_dv = 1.0
    dJ_da = dJ_du * b + dJ_dv * 2 * a
    dJ_db = dJ_du * a
    return dJ_da, dJ_db


def centred_slope(f, a, h):
    return (f(a + h) - f(a - h)) / (2 * h)


def gradient_check(f, theta, grad, epsilon):
    approx = np.zeros_like(theta, dtype=float)
    for i in range(theta.shape[0]):
        up, down = theta.astype(float), theta.astype(float)
        up[i] += epsilon
        down[i] -= epsilon
        approx[i] = (f(up) - f(down)) / (2 * epsilon)
    return float(np.linalg.norm(grad - approx) / (np.linalg.norm(grad) + np.linalg.norm(approx)))


def mse_cost(A, Y):
    m = Y.shape[1]
    return float(np.sum((A - Y) ** 2) / (2 * m))


def mse_dz(A, Y):
    return (A - Y) * A * (1 - A)
