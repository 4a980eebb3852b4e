"""Reference solutions to the exercises of softmax.py (kept in tests/, never in the workspace)."""

import numpy as np


def softmax(Z):
    E = np.exp(Z - Z.max(axis=0, keepdims=True))
    return E / E.sum(axis=0, keepdims=True)


def one_hot(labels, K):
    labels = np.asarray(labels).reshape(-1)
    Y = np.zeros((K, labels.shape[0]))
    Y[labels, np.arange(labels.shape[0])] = 1
    return Y


def softmax_cost(A, Y):
    m = Y.shape[1]
    return float(-np.sum(Y * np.log(A)) / m)
