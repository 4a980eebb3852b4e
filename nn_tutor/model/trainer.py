"""The Trainer: one network learning one data set, stepped an iteration or a phase at a time.

An iteration is four phases: forward -> cost -> backward -> update, each one call of the
model's five functions (network.py, the code the lessons quote). `network=` swaps in another
implementation of those functions. The UI reads immutable `Snapshot`s.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from . import advice
from . import network as model_network
from .activations import TABLE
from .config import ConfigError, NetworkConfig, ReadsConfig
from .datasets import load_dataset
from .gradcheck import gradient_check
from .network import Network, Params, labels
from .snapshot import SHOWN, Snapshot, freeze, frozen, read_only, row_means, row_stats

PHASES = ("forward", "cost", "backward", "update")
DATA_FIELDS = ("dataset", "m", "seed", "classes")


def _check_data(config: NetworkConfig, X, Y) -> tuple[NetworkConfig, np.ndarray, np.ndarray]:
    X, Y = read_only(X), read_only(Y)
    if X.ndim != 2 or Y.ndim != 2 or X.shape[1] != Y.shape[1]:
        raise ValueError(f"X and Y must be (features, m) and (outputs, m), got {X.shape} and {Y.shape}")
    config = config if X.shape[1] == config.m else config.replace(m=X.shape[1])
    if X.shape[0] != config.layers[0]:
        raise ConfigError("layers[0]", f"is {config.layers[0]} but the data has {X.shape[0]} features", f"{X.shape[0]}")
    K = config.layers[-1]
    if Y.shape[0] != K or not np.isin(Y, (0.0, 1.0)).all() or (K > 1 and not (Y.sum(axis=0) == 1).all()):
        raise ValueError(f"labels Y must be (1, m) of 0/1, or one-hot ({K}, m) for {K} classes")
    return config, X, Y


class Trainer(ReadsConfig):
    """Full-batch, mini-batch or one-example SGD of one NetworkConfig.

    `Trainer(config)`; keywords named as NetworkConfig's fields change it (`Trainer(config,
    batch=32)`), or make one from the defaults (`Trainer(layers=[2, 1], activations=["sigmoid"])`).
    X and Y replace the named data set; `network` replaces the five functions (network.Network).
    """

    def __init__(
        self,
        config: NetworkConfig | None = None,
        *,
        X: np.ndarray | None = None,
        Y: np.ndarray | None = None,
        network: Network | None = None,
        **changes: Any,
    ) -> None:
        if config is None:
            config = NetworkConfig(**changes)
        elif changes:
            config = config.replace(**changes)
        if X is None:
            X, Y = load_dataset(config.dataset, m=config.m, seed=config.seed, classes=config.classes)
            self._own_data = False
        else:
            self._own_data = True
        self.config, self._X, self._Y = _check_data(config, X, Y)
        self.network: Network = network or model_network
        self.reset()

    # -- settings: the config's read through (ReadsConfig), and the data ---------------------
    @property
    def X(self) -> np.ndarray:
        return self._X

    @property
    def Y(self) -> np.ndarray:
        return self._Y

    def replace(self, **changes: Any) -> Trainer:
        """A new Trainer, reset, with some settings changed (the same data if they allow)."""
        data = {} if not self._own_data or set(changes) & set(DATA_FIELDS) else dict(X=self._X, Y=self._Y)
        return Trainer(self.config.replace(**changes), network=self.network, **data)

    def set_learning_rate(self, learning_rate: float) -> None:
        self.config = self.config.replace(learning_rate=learning_rate)

    def reset(self) -> None:
        """Back to iteration 0 with the initial parameters."""
        c = self.config
        self.params: Params = self.network.init_params(list(c.layers), init=c.init, seed=c.seed + 1)
        self._cost_args = {} if c.cost == "cross_entropy" else {"cost": c.cost}
        self._size = c.batch_size
        self._output = f"A{len(c.layers) - 1}"
        self.cache: dict[str, np.ndarray] = {}
        self.grads: dict[str, np.ndarray] = {}
        self.iteration = self.phase_index = self.seen = 0
        self.last_phase: str | None = None
        self.cost: float | None = None
        self.cost_iteration: int | None = None
        self.diverged = False
        self._costs = np.empty(1024)
        self._rng: np.random.RandomState | None = None  # mini-batches' order, made when first needed
        self._cursor = c.m  # forces a shuffle before the first mini-batch
        self._accuracy: float | None = None
        self._whole: tuple[Params, dict[str, np.ndarray]] | None = None  # (params, forward pass on all of X)
        self._forward_params: Params | None = None  # the parameters the cache was made with
        self._labels = labels(self._Y)
        self._cache_is_current = False
        self._stats: dict[str, tuple] = {}
        self._data_stats: tuple | None = None  # of X: the same every full-batch iteration
        self._warned: tuple | None = None

    # -- stepping -------------------------------------------------------------------------
    @property
    def next_phase(self) -> str:
        return PHASES[self.phase_index]

    def step_phase(self) -> str | None:
        """Run the next phase; return its name (None once the network has diverged)."""
        if self.diverged:
            return None
        name = PHASES[self.phase_index]
        (self._forward, self._cost, self._backward, self._update)[self.phase_index]()
        self.phase_index = (self.phase_index + 1) % 4
        self.last_phase = name
        return name

    def step(self) -> None:
        """Finish the current iteration (all four phases from the start of one)."""
        self.step_phase()
        while self.phase_index and not self.diverged:
            self.step_phase()

    def run(self, n: int, should_stop: Callable[[], bool] | None = None) -> int:
        """Run n whole iterations, stopping early on divergence or when should_stop() is true.
        Returns how many iterations were completed."""
        if self.phase_index:
            self.step()
        if self._size == self.config.m and self.network is model_network and not self.diverged:
            return self._run_full(n, should_stop)
        done = 0
        while done < n and not self.diverged:
            self._forward()
            self._cost()
            self.last_phase = "cost"
            if self.diverged:
                break
            self._backward()
            self._update()
            self.last_phase = "update"
            done += 1
            if should_stop is not None and should_stop():
                break
        return done

    def _run_full(self, n: int, should_stop: Callable[[], bool] | None) -> int:
        """run() with full batches and the model's own functions: the same calls as the four
        phases, leaving the same state after each iteration, with less bookkeeping between."""
        net, acts, lr, X, Y = self.network, self.config.activations, self.config.learning_rate, self._X, self._Y
        output, extra, m = self._output, self._cost_args, self.config.m
        params, whole = self.params, self._whole
        cache = whole[1] if whole is not None and whole[0] is params else None
        done = 0
        while done < n:
            if cache is None:
                cache = net.forward(params, X, acts)
            self.cache, self._forward_params, self._Xb, self._Yb = cache, params, X, Y
            self.cost_iteration = self.iteration
            cost = self.cost = net.compute_cost(cache[output], Y, **extra)
            if not math.isfinite(cost):
                self.diverged, self._whole, self._cache_is_current, self.last_phase = True, None, True, "cost"
                if self._stats:  # the gradients' stats stay: they are still the latest backward's
                    self._stats = {k: v for k, v in self._stats.items() if k[0] == "d"}
                break
            grads = self.grads = net.backward(params, cache, Y, acts, **extra)
            params = self.params = net.update(params, grads, lr)
            cache = net.forward(params, X, acts)  # the next forward pass, run now: it gives the accuracy
            self._whole, self._cache_is_current, self._accuracy = (params, cache), False, None
            if self.iteration == len(self._costs):
                self._costs = np.concatenate([self._costs, np.empty(len(self._costs))])
            self._costs[self.iteration] = cost
            self.iteration += 1
            self.seen += m
            self.last_phase = "update"
            done += 1
            if self._stats:
                self._stats = {}
            if should_stop is not None and should_stop():
                break
        return done

    # -- the four phases: one contract function each --------------------------------------
    def _forward(self):
        m, size = self.config.m, self._size
        if size == m:
            self._Xb, self._Yb = self._X, self._Y
        else:
            if self._cursor >= m:
                if self._rng is None:
                    self._rng = np.random.RandomState(self.config.seed + 2)
                self._order = self._rng.permutation(m)
                self._cursor = 0
            idx = self._order[self._cursor : self._cursor + size]
            self._cursor += size
            self._Xb, self._Yb = self._X[:, idx], self._Y[:, idx]
        if self._whole is not None and self._whole[0] is self.params and size == m:
            self.cache = self._whole[1]  # the accuracy's forward pass, with these parameters
        else:
            self.cache = self.network.forward(self.params, self._Xb, self.config.activations)
        self._whole, self._forward_params = None, self.params
        if self._stats:  # the gradients' stats stay: they are still the latest backward's
            self._stats = {k: v for k, v in self._stats.items() if k[0] == "d"}
        self._cache_is_current = True  # made with the parameters the Trainer has now
        self.cost_iteration = self.iteration

    def _cost(self):
        self.cost = self.network.compute_cost(self.cache[self._output], self._Yb, **self._cost_args)
        if not math.isfinite(self.cost):
            self.diverged = True

    def _backward(self):
        self.grads = self.network.backward(
            self.params, self.cache, self._Yb, self.config.activations, **self._cost_args
        )
        if self._stats:
            self._stats = {k: v for k, v in self._stats.items() if k[0] != "d"}

    def _update(self):
        self.params = self.network.update(self.params, self.grads, self.config.learning_rate)
        self._cache_is_current = False
        self._accuracy = None
        if self._size == self.config.m:  # the next forward pass, run now: it gives the accuracy
            self._whole = (self.params, self.network.forward(self.params, self._X, self.config.activations))
        if self.iteration == len(self._costs):
            self._costs = np.concatenate([self._costs, np.empty(len(self._costs))])
        self._costs[self.iteration] = self.cost
        self.iteration += 1
        self.seen += self._Xb.shape[1]

    # -- reading --------------------------------------------------------------------------
    @property
    def costs(self) -> np.ndarray:
        return self._costs[: self.iteration]

    def accuracy(self) -> float:
        """Fraction of the whole set classified right by the current parameters, computed once
        per parameter change. With full batches it costs no forward pass of its own: the update
        phase runs the next iteration's forward pass at once, and the accuracy reads that one
        (or the latest one, while the parameters have not changed since)."""
        if self._accuracy is None:
            if self._whole is not None and self._whole[0] is self.params:
                cache = self._whole[1]
            elif self.cache and self._cache_is_current and self._Xb is self._X:
                cache = self.cache
            else:
                cache = self.network.forward(self.params, self._X, self.config.activations)
                self._whole = (self.params, cache)  # the next full-batch forward pass, if any
            self._accuracy = float(np.mean(labels(cache[self._output]) == self._labels))
        return self._accuracy

    def gradient_check(self, max_examples: int = 64) -> float:
        """Relative difference between backprop and finite differences on the current params."""
        m = min(self.config.m, max_examples)
        return gradient_check(
            self.params,
            self._X[:, :m],
            self._Y[:, :m],
            list(self.config.activations),
            cost=self.config.cost,
            network=self.network,
        )

    def _warning(self) -> str:
        """The warning for the state as it is, worked out once per phase run."""
        state = (self.iteration, self.phase_index, self.diverged)
        if self._warned is None or self._warned[0] != state:
            self._warned = (state, advice.warning(self))
        return self._warned[1]

    def unit_stats(self, key: str) -> tuple:
        """(mean, min, max) per unit of a cache or gradient array, computed once per phase."""
        if key not in self._stats:
            self._stats[key] = self._compute_stats(key)
        return self._stats[key]

    def _compute_stats(self, key: str) -> tuple:
        """(mean, min, max) per unit over the whole batch, reading the array as few times as the
        maths allows: a Z's mean is W mean(A_prev) + b, a dZ's mean is db, and a hidden A's
        smallest and largest are g at Z's when g rises with z (its record says)."""
        array = self.cache[key] if key in self.cache else self.grads[key]
        if self.network is not model_network:  # another implementation: trust only its arrays
            return row_stats(array)
        kind, l = key.rstrip("0123456789"), int(key.lstrip("dZA"))
        if key == "A0" and array is self._X:  # read-only: its stats are worked out once
            if self._data_stats is None:
                self._data_stats = row_stats(array)
            return self._data_stats
        with np.errstate(all="ignore"):
            if kind == "Z":  # with the parameters of the forward pass that made the cache
                made_with = self._forward_params
                assert made_with is not None  # a cache exists, so a forward pass ran
                W, b = made_with[f"W{l}"], made_with[f"b{l}"]
                return row_stats(array, lambda: W @ self.unit_stats(f"A{l - 1}")[0] + b[:, 0])
            if kind == "dZ":
                return row_stats(array, lambda: self.grads[f"db{l}"][:, 0].copy())
            act = TABLE.get(self.config.activations[l - 1]) if l else None
            if act is None or not act.rising:
                return row_stats(array)
            _, lo, hi = self.unit_stats(f"Z{l}")
            return row_means(array), act.g(lo), act.g(hi)

    def snapshot(self, costs_from: int = 0, data: bool = True) -> Snapshot:
        """An immutable copy of what the panel shows (see Snapshot). To send only what changed:
        `costs_from`, the first iteration whose cost it holds; `data=False`, no X and Y (None)."""
        L = len(self.config.activations)
        keys = [k for k in self.cache] + [f"dZ{l}" for l in range(1, L + 1) if f"dZ{l}" in self.grads]
        grads = {k: v if k[:2] in ("dW", "db") else v[:, :SHOWN] for k, v in self.grads.items()}
        with np.errstate(all="ignore"):
            norms = tuple(float(np.linalg.norm(self.grads[f"dW{l}"])) for l in range(1, L + 1)) if self.grads else ()
        costs = read_only(self.costs[costs_from:])
        return Snapshot(
            config=self.config,
            iteration=self.iteration,
            phase=self.last_phase,
            next_phase=self.next_phase,
            epoch=self.seen / self.config.m,
            cost=self.cost,
            cost_iteration=self.cost_iteration,
            costs=costs,
            accuracy=self.accuracy() if self.cache else None,
            diverged=self.diverged,
            warning=self._warning(),
            params=frozen(self.params),
            cache=frozen({k: v[:, :SHOWN] for k, v in self.cache.items()}),
            grads=frozen(grads),
            stats=freeze({k: np.array(self.unit_stats(k)) for k in keys}),  # one array a key: less to send
            batch_m=self._Xb.shape[1] if self.cache else 0,
            grad_norms=norms,
            X=self._X if data else None,
            Y=self._Y if data else None,
        )


__all__ = ["Trainer", "Snapshot", "PHASES", "SHOWN"]
