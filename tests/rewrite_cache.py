"""pytest's rewritten test modules cached once by the controller, for every worker to read."""

from __future__ import annotations

from pathlib import Path


def rewrite_once(config) -> None:
    """pytest rewrites the asserts of every test module (and of its plugins) in each process that
    imports them, and keeps the result only where bytecode may be written: with
    PYTHONDONTWRITEBYTECODE set, each worker rewrote all of them again, 4-6 s of CPU a worker.
    Here the controller writes pytest's own cached copies once, before the workers start; they
    then read them (pytest reads its cache whatever PYTHONDONTWRITEBYTECODE says). Uses pytest's
    internals: if they change, nothing is cached and the workers rewrite as before."""
    try:
        from _pytest.assertion.rewrite import (
            PYC_TAIL,
            _read_pyc,
            _rewrite_test,
            _write_pyc,
            assertstate_key,
            get_cache_dir,
            try_makedirs,
        )

        state = config.stash[assertstate_key]
        hook = config.pluginmanager.rewrite_hook
        here = Path(__file__).resolve().parent
        files = [*here.glob("test_*.py"), here / "conftest.py", *getattr(hook, "_rewritten_names", {}).values()]
        for fn in files:
            cache = get_cache_dir(fn)
            pyc = cache / (fn.name[:-3] + PYC_TAIL)
            if _read_pyc(fn, pyc, state.trace) is None and try_makedirs(cache):
                source_stat, code = _rewrite_test(fn, config)
                _write_pyc(state, code, source_stat, pyc)
    except Exception:  # pytest's internals moved (or a read-only tree): the workers rewrite
        pass
