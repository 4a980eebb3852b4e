"""NaN, inf and −inf fed straight into every formatter, plot and view of the panel.

Independent of what a CPU's overflow produces: the numbers are put into a Snapshot by hand.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from conftest import host_app
from textual.widgets import Static

from nn_tutor.model import Trainer
from nn_tutor.model.graph import GRAPHS
from nn_tutor.session import CompareResult, GradCheck
from nn_tutor.ui import format as fmt
from nn_tutor.ui.panel import ModelPanel, phase_values
from nn_tutor.ui.plotting import downsample, finite_points, spark_data
from nn_tutor.ui.views import Frame

NAN, INF = math.nan, math.inf
BAD = {"nan": NAN, "inf": INF, "-inf": -INF, "mixed": None}  # None: nan, inf, −inf and 1 in turn
ALL_VIEWS = (
    "[forward, gradients, cost, activation, boundary, graph, symmetry, gradient_norms, gradcheck, loss_shape, compare]"
)


def poison(a, value):
    """A read-only copy of `a` holding `value` everywhere, or (value None) nan, inf, −inf, 1 in turn."""
    a = np.asarray(a, dtype=float)
    if value is None:
        out = np.resize(np.array([NAN, INF, -INF, 1.0]), a.shape)
    else:
        out = np.full(a.shape, value)
    out.flags.writeable = False
    return out


def poisoned(snapshot, value):
    """The snapshot with every number it holds made non-finite (the labels Y stay 0/1)."""
    changes = {}
    for f in dataclasses.fields(snapshot):
        old = getattr(snapshot, f.name)
        if f.name in ("Y", "iteration", "batch_size", "batch_m", "cost_iteration"):
            continue
        if isinstance(old, np.ndarray):
            changes[f.name] = poison(old, value)
        elif hasattr(old, "items") and f.name != "config":
            changes[f.name] = {
                k: (tuple(poison(x, value) for x in v) if isinstance(v, tuple) else poison(v, value))
                for k, v in old.items()
            }
        elif isinstance(old, float) or f.name in ("cost", "accuracy"):
            changes[f.name] = NAN if value is None else value
        elif f.name == "grad_norms":
            changes[f.name] = tuple(poison(np.array(old), value).tolist())
    return dataclasses.replace(snapshot, **changes)


def stepped_snapshot(**settings):
    trainer = Trainer(**{"layers": [2, 3, 1], "m": 40, **settings})
    trainer.step()
    trainer.step_phase()  # forward of the next iteration: cache, grads and costs all set
    return trainer.snapshot()


# -- the formatting functions -------------------------------------------------------------------
@pytest.mark.parametrize("name", list(BAD))
def test_number_formats_write_non_finite_values_as_words(name):
    value = BAD[name] if BAD[name] is not None else NAN
    word = {"nan": "nan", "inf": "inf", "-inf": "-inf", "mixed": "nan"}[name]
    assert fmt.num(value).strip() == word and len(fmt.num(value)) == fmt.WIDTH
    assert fmt.fixed(value) == word
    assert fmt.number(value) == word
    assert fmt.general(value) == word
    assert fmt.percent(value) == word
    assert fmt.percent(None) == fmt.fixed(None) == "—"


@pytest.mark.parametrize("name", list(BAD))
def test_tables_of_non_finite_arrays_show_every_cell(name):
    a = poison(np.zeros((3, 5)), BAD[name])
    table = fmt.column_table("Z1", a, example=7)
    assert len(table) == 4  # header and one line per unit
    for line in table[1:]:
        assert any(w in line for w in ("nan", "inf"))
    rows = fmt.matrix(a)
    assert len(rows) == 3 and all(r.count("nan") + r.count("inf") >= 1 for r in rows)
    mean, lo, hi = fmt.mean_min_max(a)
    assert not math.isfinite(mean)
    assert not math.isfinite(fmt.norm(a))


def test_a_sparkline_and_a_curve_get_only_numbers_they_can_draw():
    values = [0.5, NAN, INF, -INF, 1e308, 0.25]
    data = spark_data(values)
    assert all(math.isfinite(v) for v in data) and len(data) == 3
    assert max(data) - min(data) < INF  # the sparkline's extent is a number
    assert spark_data([NAN, INF]) == []
    x, y = downsample([INF, -INF, NAN])
    assert len(x) == len(y) == 0


def test_markers_of_non_finite_z_are_left_out_or_put_at_the_plot_edge():
    zs, as_ = finite_points([NAN, INF, -INF, 0.5, 2.0], [0.1, 1.0, 0.0, NAN, 0.9], reach=5.0)
    assert zs == [5.0, -5.0, 2.0]
    assert as_ == [1.0, 0.0, 0.9]


@pytest.mark.parametrize("name", list(BAD))
@pytest.mark.parametrize("phase", ["forward", "cost", "backward", "update"])
def test_the_phase_line_reads_non_finite_values(name, phase):
    s = poisoned(stepped_snapshot(), BAD[name])
    s = dataclasses.replace(s, phase=phase)
    line = phase_values(Frame(s, example=3))
    assert phase.split()[0] in line
    if phase != "forward":
        assert "nan" in line or "inf" in line


# -- every view, drawn by Textual ---------------------------------------------------------------
def PanelApp(lesson):
    """Only the model panel of a lesson, showing the frames a test gives it."""
    return host_app(lambda: [ModelPanel(lesson, id="panel")])


@pytest.fixture
def every_view_lesson(tutor):
    from nn_tutor.lessons import load_lesson

    folder = tutor.lessons(
        dict(
            id="all",
            title="All views",
            views=ALL_VIEWS,
            m=40,
            extra="  compare:\n    field: learning_rate\n    values: [0.1, 1]\n    iterations: 5\n",
        )
    )
    return load_lesson(next(folder.glob("*.md")))


@pytest.mark.parametrize("name", list(BAD))
async def test_every_view_draws_a_frame_full_of_non_finite_numbers(tutor, every_view_lesson, name):
    value = BAD[name]
    s = poisoned(stepped_snapshot(), value)
    app = PanelApp(every_view_lesson)
    async with app.run_test(size=(120, 40)) as pilot:
        panel = app.query_one(ModelPanel)
        await pilot.pause()
        compare = panel.view("compare")
        costs = poison(np.ones(6), value)
        compare.result = CompareResult(
            0,
            {
                "learning_rate=0.1": {
                    "costs": costs,
                    "accuracy": value if value is not None else NAN,
                    "diverged": True,
                    "params": {},
                },
                "learning_rate=1": {
                    "costs": np.array([0.7, 0.6, INF]),
                    "accuracy": 0.5,
                    "diverged": False,
                    "params": {},
                },
            },
        )
        await pilot.pause()
        assert "diverged" in tutor.text(compare.query_one("#compare-legend"))
        graph = GRAPHS["logistic"]()
        graph.run()
        for node in graph.nodes:
            node.value, node.grad = NAN, INF
        panel.view("graph").graph = graph
        check = GradCheck(NAN if value is None else value, s.iteration)
        panel.frame = Frame(
            s, example=5, gradcheck=check, running=False, reference_costs=poison(np.ones(6), value)
        )  # your network's cost view
        await pilot.pause()
        stats = str(app.query_one("#stats", Static).render())
        assert "J = " in stats and ("nan" in stats or "inf" in stats)
        for _ in panel.names:
            panel.next_view()
            await pilot.pause()
            text = tutor.screen_text(app)
            assert "Traceback" not in text
            tutor.assert_alive(app)
        # and again while running, where plots redraw on a timer
        panel.frame = Frame(s, example=-1, gradcheck=None, running=True, speed=None)
        await pilot.pause()
        tutor.assert_alive(app)


async def test_the_boundary_view_places_only_points_with_finite_coordinates(tutor, every_view_lesson):
    s = stepped_snapshot()
    for X in (poison(s.X, None), poison(s.X, NAN)):
        app = PanelApp(every_view_lesson)
        async with app.run_test(size=(100, 30)) as pilot:
            panel = app.query_one(ModelPanel)
            panel.query_one("#views").active = "tab-boundary"
            panel.frame = Frame(dataclasses.replace(s, X=X))
            await pilot.pause()
            text = tutor.screen_text(app)
            assert "label 1" in text
            tutor.assert_alive(app)
