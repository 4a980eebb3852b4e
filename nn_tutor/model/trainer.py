"""The Trainer: one network learning one data set, stepped an iteration or a phase at a time.

An iteration is four phases: forward -> cost -> backward -> update. The UI reads immutable
`Snapshot`s; the Trainer itself reuses its arrays between iterations, so running it is as
fast as the plain NumPy loop it teaches.
"""

from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

from .activations import TABLE, check_name, derivative_from_cache
from .datasets import load_dataset
from .gradcheck import gradient_check
from .network import EPSILON, accuracy, check_layers, init_params
from nn_tutor.names import MAX_SEED

PHASES = ("forward", "cost", "backward", "update")
VANISHING_RATIO = 1e-2   # ‖dW1‖ / ‖dWL‖ below this, in a network of 3 or more layers


def parse_batch(batch, m):
    """'full' -> m, 'sgd' -> 1, an integer -> that many examples (at most m)."""
    if batch == "full":
        return m
    if batch == "sgd":
        return 1
    try:
        size = int(batch)
    except (TypeError, ValueError):
        size = 0
    if isinstance(batch, bool) or size < 1 or size != batch:
        raise ValueError(f"batch must be 'full', 'sgd' or a whole number >= 1, got {batch!r}")
    return min(size, m)


def check_learning_rate(learning_rate):
    lr = float(learning_rate)
    if not np.isfinite(lr) or lr <= 0:
        raise ValueError(f"learning rate must be a finite number > 0, got {learning_rate!r}")
    return lr


def _frozen(arrays):
    out = {}
    for k, v in arrays.items():
        c = np.array(v, copy=True)
        c.flags.writeable = False
        out[k] = c
    return MappingProxyType(out)


@dataclass(frozen=True)
class Snapshot:
    """What the network looks like at one moment; arrays are read-only copies."""
    iteration: int                 # updates done so far
    phase: str | None              # the phase just run, None before the first
    next_phase: str
    layers: tuple
    activations: tuple
    init: str
    dataset: str
    learning_rate: float
    batch: object
    batch_size: int
    epoch: float
    cost: float | None             # cost of the latest forward pass (on the current batch)
    costs: np.ndarray              # cost after each iteration
    accuracy: float                # on the whole training set, with the current parameters
    diverged: bool
    warning: str
    params: MappingProxyType
    cache: MappingProxyType        # A0 (the batch), Z1, A1, ... of the latest forward pass
    grads: MappingProxyType        # dZl, dWl, dbl, dA(l-1) of the latest backward pass
    grad_norms: tuple              # ‖dW[l]‖ for l = 1..L (empty before the first backward)
    X: np.ndarray = field(repr=False)
    Y: np.ndarray = field(repr=False)


class Trainer:
    """Full-batch, mini-batch or one-example SGD on a named data set."""

    def __init__(self, layers=(2, 4, 1), activations=("tanh", "sigmoid"), init="small_random",
                 dataset="flower", learning_rate=1.2, batch="full", seed=1, m=400, X=None, Y=None):
        self.layers = tuple(check_layers(layers))
        self.activations = tuple(activations)
        for name in self.activations:
            check_name(name)
        if len(self.activations) != len(self.layers) - 1:
            raise ValueError(f"need {len(self.layers) - 1} activations for layers {list(self.layers)},"
                             f" got {len(self.activations)}")
        if self.activations[-1] != "sigmoid":
            raise ValueError("the output layer must be sigmoid (the cost is binary cross-entropy)")
        if self.layers[-1] != 1:
            raise ValueError(f"the output layer must have 1 unit, got {self.layers[-1]}")
        self.init, self.dataset, self.seed, self.m = init, dataset, int(seed), int(m)
        if not 0 <= self.seed <= MAX_SEED:
            raise ValueError(f"seed must be a whole number from 0 to {MAX_SEED}, got {seed!r}")
        self.learning_rate = check_learning_rate(learning_rate)
        if X is None:
            X, Y = load_dataset(dataset, m=self.m, seed=self.seed)
        self.X, self.Y = np.array(X, dtype=float), np.array(Y, dtype=float)
        self.X.flags.writeable = self.Y.flags.writeable = False
        if not np.isin(self.Y, (0.0, 1.0)).all():
            raise ValueError("labels Y must be 0 or 1")
        self._Y_flip = 1.0 - self.Y
        if self.X.shape[0] != self.layers[0]:
            raise ValueError(f"the input layer has {self.layers[0]} units but the data has "
                             f"{self.X.shape[0]} features")
        self.m = self.X.shape[1]
        self.batch = batch
        self.batch_size = parse_batch(batch, self.m)
        self.reset()  # builds the parameters; an unknown init name raises here

    # -- settings -------------------------------------------------------------------------
    def settings(self):
        return dict(layers=self.layers, activations=self.activations, init=self.init,
                    dataset=self.dataset, learning_rate=self.learning_rate, batch=self.batch,
                    seed=self.seed, m=self.m)

    def replace(self, **changes):
        """A new Trainer, reset, with some settings changed."""
        return Trainer(**{**self.settings(), **changes})

    def set_learning_rate(self, learning_rate):
        self.learning_rate = check_learning_rate(learning_rate)

    def reset(self):
        """Back to iteration 0 with the initial parameters."""
        self.params = init_params(self.layers, init=self.init, seed=self.seed + 1)
        self.L = len(self.layers) - 1
        # per-layer views of the same arrays, index l = 1..L (index 0 unused), for the hot loop
        self._W = [None] + [self.params[f"W{l}"] for l in range(1, self.L + 1)]
        self._b = [None] + [self.params[f"b{l}"] for l in range(1, self.L + 1)]
        self._g = [None] + [TABLE[name][0] for name in self.activations]
        self.grads = {}
        self.iteration = 0
        self.phase_index = 0
        self.last_phase = None
        self.cost = None
        self.diverged = False
        self._costs = np.empty(1024)
        self._rng = np.random.RandomState(self.seed + 2)
        self._order = np.arange(self.m)
        self._cursor = self.m  # forces a shuffle before the first mini-batch
        self._bufs = {}
        self._buf = None
        self._have_grads = False

    # -- stepping -------------------------------------------------------------------------
    @property
    def next_phase(self):
        return PHASES[self.phase_index]

    def step_phase(self):
        """Run the next phase; return its name (None once the network has diverged)."""
        if self.diverged:
            return None
        name = PHASES[self.phase_index]
        with np.errstate(all="ignore"):
            getattr(self, "_" + name)()
        self.phase_index = (self.phase_index + 1) % 4
        self.last_phase = name
        if name == "update":
            self._record()
        return name

    def step(self):
        """Finish the current iteration (all four phases from the start of one)."""
        self.step_phase()
        while self.phase_index and not self.diverged:
            self.step_phase()

    def run(self, n, should_stop=None):
        """Run n whole iterations, stopping early on divergence or when should_stop() is true.
        Returns how many iterations were completed."""
        if self.phase_index:
            self.step()
        done = 0
        with np.errstate(all="ignore"):
            while done < n and not self.diverged:
                self._forward()
                self._cost()
                if self.diverged:
                    break
                self._backward()
                self._update()
                self._record()
                self.last_phase = "update"
                done += 1
                if should_stop is not None and should_stop():
                    break
        return done

    # -- the four phases ------------------------------------------------------------------
    def _buffers(self, mb):
        buf = self._bufs.get(mb)
        if buf is None:
            buf = {"Z": {}, "A": {}, "dZ": {}, "dA": {}}
            for l in range(1, self.L + 1):
                n = self.layers[l]
                for key in ("Z", "A", "dZ", "dA"):
                    buf[key][l] = np.empty((n, mb))
            buf["t"] = np.empty((1, mb))
            self._bufs[mb] = buf
        return buf

    def _forward(self):
        if self.batch_size == self.m:
            self.Xb, self.Yb, self.Yb_flip = self.X, self.Y, self._Y_flip
        else:
            if self._cursor >= self.m:
                self._order = self._rng.permutation(self.m)
                self._cursor = 0
            idx = self._order[self._cursor:self._cursor + self.batch_size]
            self._cursor += self.batch_size
            self.Xb, self.Yb = self.X[:, idx], self.Y[:, idx]
            self.Yb_flip = self._Y_flip[:, idx]
        buf = self._buf = self._buffers(self.Xb.shape[1])
        A, Zs, As, W, b, g = self.Xb, buf["Z"], buf["A"], self._W, self._b, self._g
        for l in range(1, self.L + 1):
            Z = np.matmul(W[l], A, out=Zs[l])                # Z[l] = W[l] A[l−1] + b[l]
            Z += b[l]
            A = g[l](Z, out=As[l])                            # A[l] = g(Z[l])

    def _cost(self):
        # −(1/m) Σ log(a if y = 1 else 1 − a); with y in {0, 1} that is log|a − (1 − y)|,
        # floored at EPSILON so that log(0) never happens
        t = np.subtract(self._buf["A"][self.L], self.Yb_flip, out=self._buf["t"])
        np.absolute(t, out=t)
        np.maximum(t, EPSILON, out=t)
        np.log(t, out=t)
        self.cost = -t.sum() / t.shape[1]
        if not np.isfinite(self.cost):
            self.diverged = True

    def _backward(self):
        buf, W, mb, grads = self._buf, self._W, self.Xb.shape[1], self.grads
        if not self._have_grads:
            for l in range(1, self.L + 1):
                grads[f"dW{l}"] = np.empty(W[l].shape)
                grads[f"db{l}"] = np.empty(self._b[l].shape)
            self._dW = [None] + [grads[f"dW{l}"] for l in range(1, self.L + 1)]
            self._db = [None] + [grads[f"db{l}"] for l in range(1, self.L + 1)]
        dZ = np.subtract(buf["A"][self.L], self.Yb, out=buf["dZ"][self.L])   # dZ[L] = A[L] − Y
        for l in range(self.L, 0, -1):
            A_prev = self.Xb if l == 1 else buf["A"][l - 1]
            dW = np.matmul(dZ, A_prev.T, out=self._dW[l])    # dW = dZ A_prevᵀ / m
            dW *= 1.0 / mb
            db = dZ.sum(axis=1, keepdims=True, out=self._db[l])   # db = Σ dZ / m
            db *= 1.0 / mb
            grads[f"dZ{l}"] = dZ
            if l > 1:
                dA = np.matmul(W[l].T, dZ, out=buf["dA"][l - 1])  # dA_prev = Wᵀ dZ
                grads[f"dA{l - 1}"] = dA
                dZ = self._through_activation(l - 1, dA, buf["dZ"][l - 1])
        self._have_grads = True

    def _through_activation(self, l, dA, out):
        """dZ[l] = dA[l] * g'(Z[l]), written into out."""
        name, A = self.activations[l - 1], self._buf["A"][l]
        if name == "tanh":                                    # g' = 1 − a²
            np.multiply(A, A, out=out)
            np.subtract(1.0, out, out=out)
        elif name == "sigmoid":                               # g' = a(1 − a)
            np.subtract(1.0, A, out=out)
            out *= A
        else:
            np.copyto(out, derivative_from_cache(name, self._buf["Z"][l], A))
        out *= dA
        return out

    def _update(self):
        lr, W, b, dW, db = self.learning_rate, self._W, self._b, self._dW, self._db
        for l in range(1, self.L + 1):
            W[l] -= lr * dW[l]                                # W := W − α dW
            b[l] -= lr * db[l]                                # b := b − α db

    def _record(self):
        if self.iteration == len(self._costs):
            self._costs = np.concatenate([self._costs, np.empty(len(self._costs))])
        self._costs[self.iteration] = self.cost
        self.iteration += 1

    # -- reading --------------------------------------------------------------------------
    @property
    def costs(self):
        return self._costs[:self.iteration]

    def accuracy(self):
        return accuracy(self.params, self.X, self.Y, self.activations)

    def gradient_check(self, max_examples=64):
        """Relative difference between backprop and finite differences on the current params."""
        m = min(self.m, max_examples)
        return gradient_check(self.params, self.X[:, :m], self.Y[:, :m], self.activations)

    def _warning(self):
        if self.diverged:
            return (f"Diverged at iteration {self.iteration}: the cost is no longer a number. "
                    "Lower the learning rate and reset.")
        costs = self.costs
        if len(costs) >= 20 and costs[-1] > costs[0] * 1.05:
            return "The cost is higher than where it started: the learning rate may be too large."
        # saturated or dead units matter while the cost is still high; a trained network
        # may well sit in the flat parts of tanh with every example right
        if self._buf is not None and self.L > 1 and (self.cost is None or self.cost > 0.5):
            for l in range(1, self.L):
                name, Z = self.activations[l - 1], self._buf["Z"][l]
                if name in ("sigmoid", "tanh") and np.mean(np.abs(Z) > 5) > 0.5:
                    return f"Layer {l}: most {name} units are saturated (|z| > 5), so their gradients are near 0."
                if name == "relu" and np.mean(np.all(Z <= 0, axis=1)) > 0.5:
                    return f"Layer {l}: most ReLU units are dead (z ≤ 0 for every example)."
        return self._vanishing_warning()

    def _vanishing_warning(self):
        """In a deep network, the first layer's gradient far below the last layer's."""
        if self.L < 3 or not self._have_grads:
            return ""
        with np.errstate(all="ignore"):
            first, last = np.linalg.norm(self._dW[1]), np.linalg.norm(self._dW[self.L])
        if last > 0 and first < VANISHING_RATIO * last:
            return (f"Vanishing gradients: ‖dW1‖ = {first:.2g} is {last / max(first, 1e-300):.2g}× "
                    f"smaller than ‖dW{self.L}‖ = {last:.2g}; the first layers barely learn.")
        return ""

    def snapshot(self):
        """An immutable copy of everything the panel shows."""
        cache, grads = {}, {}
        if self._buf is not None:
            cache["A0"] = self.Xb
            for l in range(1, self.L + 1):
                cache[f"Z{l}"], cache[f"A{l}"] = self._buf["Z"][l], self._buf["A"][l]
        if self._have_grads:
            grads = self.grads
        with np.errstate(all="ignore"):
            norms = tuple(float(np.linalg.norm(grads[f"dW{l}"])) for l in range(1, self.L + 1)) \
                if grads else ()
            acc = self.accuracy()
        costs = self.costs.copy()
        costs.flags.writeable = False
        return Snapshot(
            iteration=self.iteration, phase=self.last_phase,
            next_phase=self.next_phase, layers=self.layers, activations=self.activations,
            init=self.init, dataset=self.dataset, learning_rate=self.learning_rate,
            batch=self.batch, batch_size=self.batch_size, epoch=self.iteration * self.batch_size / self.m,
            cost=self.cost, costs=costs, accuracy=acc, diverged=self.diverged, warning=self._warning(),
            params=_frozen(self.params), cache=_frozen(cache), grads=_frozen(grads), grad_norms=norms,
            X=self.X, Y=self.Y)


__all__ = ["Trainer", "Snapshot", "PHASES", "parse_batch"]
