"""What the learner reads in the panel: every number and label exact, in the lesson's notation.

Views are given real Trainer snapshots; the status line's labels are checked against costs
and accuracies computed here from the parameters they claim to come from.
"""

from __future__ import annotations

import dataclasses
import re

import numpy as np
import pytest
from conftest import host_app
from textual.widgets import Static

from nn_tutor.model import Trainer, network
from nn_tutor.model.graph import GRAPHS
from nn_tutor.names import shown_name
from nn_tutor.session import GradCheck
from nn_tutor.ui import format as fmt
from nn_tutor.ui.panel import ModelPanel, phase_values
from nn_tutor.ui.spark import BARS
from nn_tutor.ui.status import config_line, spark_label, status_line
from nn_tutor.ui.views import Frame
from nn_tutor.ui.views.graph import GraphView
from nn_tutor.ui.views.text import ForwardView, GradcheckView, GradientsView, GradNormsView, SymmetryView

# a computed number (settings such as α = 1.2 or ×0.01 are written as given)
NUMBER = re.compile(r"(?<![\w.·‖−×])(?<!α = )-?\d+\.\d+(?:e-?\d+)?(?![\w.%])|(?<![\w.])-?\d+e-?\d+")


def trainer(**settings) -> Trainer:
    return Trainer(**{"layers": [2, 4, 1], "activations": ["tanh", "sigmoid"], "m": 60, "seed": 3, **settings})


def stepped(steps: int = 2, **settings):
    t = trainer(**settings)
    for _ in range(steps):
        t.step()
    return t


# -- one number format --------------------------------------------------------------------------
def test_zero_has_no_sign_and_small_numbers_keep_their_digits():
    assert fmt.number(-0.0) == fmt.number(0.0) == "0"
    assert fmt.num(-0.0).strip() == "0"
    assert fmt.number(-1.0e-5) == "-1.000e-5"  # not "-0.0000": a small number stays one
    assert fmt.number(0.0029123) == "0.002912"
    assert fmt.number(3.21456) == "3.215"
    assert fmt.number(12345.6) == "1.235e4"
    assert fmt.number(9.99996) == "10.00"  # rounding moves the point, not the digits


def test_numbers_give_up_digits_not_characters_to_fit_their_column():
    for value in (-1.23456e-10, -9.87e-300, 1e300, -0.00123456, -1234.5):
        text = fmt.num(value)
        assert len(text) == fmt.WIDTH and text[0] == " "  # a space before every cell
        assert float(text) == pytest.approx(value, rel=0.06)


def test_a_tight_space_keeps_the_sign_and_the_size():
    # the network view's 5 characters a unit: "-0.00" would say zero for −0.001
    assert [fmt.number(v, fit=5) for v in (-0.001, -0.0004, 0.4975, -0.06187, -123.4, -1e-10)] == [
        "-1e-3",
        "-4e-4",
        "0.497",
        "-0.06",
        "-123",
        "-1e-10",
    ]


def test_every_view_writes_numbers_in_the_one_format():
    """Each number a view shows reads back to itself: 4 significant figures, the same
    in the tables, the status line, the phase line and the sentences."""
    s = stepped(3).snapshot()
    frame = Frame(s)
    texts = [
        ForwardView().text(frame),
        GradientsView().text(frame),
        SymmetryView().text(frame),
        GradNormsView().text(frame),
        phase_values(frame),
        status_line(s),
    ]
    seen = 0
    for text in texts:
        for token in NUMBER.findall(str(text)):
            if token in ("1e-8", "1e-7", "1e-5", "1e-4", "0.01"):  # thresholds and scale ticks
                continue
            assert fmt.number(float(token)) == token, (token, text)
            seen += 1
    assert seen > 60


# -- shapes and names ---------------------------------------------------------------------------
def test_a_column_vector_is_drawn_as_a_column_with_its_shape():
    lines = fmt.matrix(np.array([[1.07e-7], [-9.71e-7], [0.5], [-0.0]]))
    assert len(lines) == 4
    assert [len(NUMBER.findall(line.split("(")[0]) + re.findall(r"\s0\s", line)) for line in lines] == [1] * 4
    assert "(4×1)" in lines[0] and "column" in lines[0]
    assert lines[0].lstrip().startswith("⎡") and lines[-1].lstrip().startswith("⎣")


def test_the_gradients_view_shows_db1_as_a_4_by_1_column():
    s = stepped(1).snapshot()
    text = GradientsView().text(Frame(s)).split("\n")
    at = next(i for i, line in enumerate(text) if line.strip().startswith("db1"))
    rows = text[at + 1 : at + 5]
    db1 = s.grads["db1"][:, 0]
    assert "(4×1)" in rows[0]
    for row, value in zip(rows, db1):
        assert row.split()[1] == fmt.number(value)  # one number per line, in order
    assert not text[at + 5].lstrip().startswith(("⎢", "⎣"))


def test_the_forward_view_names_the_inputs_x1_x2():
    s = stepped(1).snapshot()
    text = ForwardView().text(Frame(s))
    a0 = text.split("A0 = X")[1].split("Layer 1")[0]
    rows = [line.split()[0] for line in a0.strip().split("\n")[1:]]
    assert rows == ["x1", "x2"]
    assert "unit" not in a0
    assert "  unit 1" in text.split("Layer 1")[1]  # hidden units keep their names


def test_settings_show_as_the_lessons_name_them():
    assert shown_name("init", "large_random") == "large random (×10)"
    s = trainer(init="large_random", activations=["relu", "sigmoid"], dataset="xor").snapshot()
    line = config_line(s)
    assert "init large random (×10)" in line and "ReLU→sigmoid" in line and "· xor ·" in line
    assert "large_random" not in line
    norms = GradNormsView().text(Frame(stepped(1, activations=["leaky_relu", "sigmoid"]).snapshot()))
    assert "layer 1 (leaky ReLU)" in norms


@pytest.mark.parametrize("width", [120, 80, 62, 52, 45])
def test_the_settings_line_leaves_out_words_not_parts_of_numbers(width):
    s = trainer(
        layers=[2, 5, 5, 5, 5, 1], activations=["sigmoid"] * 5, batch=64, m=400, learning_rate=0.0375
    ).snapshot()
    line = config_line(s, width)
    assert len(line) <= width or width < 50
    assert line.startswith("α 0.0375 · ")
    assert "mini-batch 64 of 400" in line


def test_the_sparkline_says_what_it_draws():
    assert spark_label(0) == "cost J: none yet "
    assert spark_label(1) == "cost J, iteration 1 "
    assert spark_label(250) == "cost J, iterations 1–250 "


# -- the gradient check says when it was computed ----------------------------------------------
def test_an_old_gradient_check_is_labelled_with_its_iteration():
    s = stepped(7).snapshot()
    old = GradcheckView().text(Frame(s, gradcheck=GradCheck(2.5e-9, 5), running=True))
    assert old.startswith("Gradient check at iteration 5; training is now at 7\n")
    assert "current parameters" not in old and "when training pauses" in old
    paused = GradcheckView().text(Frame(s, gradcheck=GradCheck(2.5e-9, 5), running=False))
    assert "iteration 5" in paused and "on the current parameters" not in paused
    now = GradcheckView().text(Frame(s, gradcheck=GradCheck(2.5e-9, 7)))
    assert now.startswith("Gradient check at iteration 7, on the current parameters")
    assert "relative difference = 2.500e-9" in now


# -- the status line: which parameters each number comes from ----------------------------------
def test_no_cost_or_accuracy_before_the_first_forward_pass():
    s = trainer().snapshot()
    assert s.accuracy is None
    line = status_line(s)
    assert "no forward pass yet" in line and "%" not in line and "J =" not in line


def test_after_an_update_the_cost_is_from_before_it_and_the_accuracy_from_after():
    t = trainer()
    t.step()
    before = {k: v.copy() for k, v in t.params.items()}
    t.step()  # iteration 2: its cost uses `before`, then the update
    X, Y = t.X, t.Y
    J = network.compute_cost(network.forward(before, X, t.activations)["A2"], Y)
    after = np.mean(network.labels(network.forward(t.params, X, t.activations)["A2"]) == network.labels(Y))
    s = t.snapshot()
    line = status_line(s)
    assert line.startswith(
        f"Iteration 2: cost J = {fmt.number(J)} before its update, accuracy {fmt.percent(after)} after it"
    )
    t.step_phase()  # the forward pass of iteration 3: the cost is still iteration 2's
    assert status_line(t.snapshot()).startswith(f"Iteration 2: cost J = {fmt.number(J)} before its update")


def test_after_the_cost_phase_both_come_from_the_same_parameters():
    t = stepped(2)
    t.step_phase()
    t.step_phase()  # forward and cost of iteration 3, no update yet
    s = t.snapshot()
    J = network.compute_cost(network.forward(t.params, t.X, t.activations)["A2"], t.Y)
    assert s.cost == pytest.approx(J)
    line = status_line(s)
    assert line.startswith(
        f"Iteration 3: cost J = {fmt.number(J)}, accuracy {fmt.percent(s.accuracy)}, both with the same W, b"
    )


def test_the_first_forward_pass_gives_an_accuracy_and_no_cost_yet():
    t = trainer()
    t.step_phase()
    line = status_line(t.snapshot())
    assert "cost J next" in line and "%" in line and "J =" not in line


@pytest.mark.parametrize("width", [80, 62, 52])
@pytest.mark.parametrize("phases", [0, 1, 2, 4, 9])
def test_the_status_line_fits_its_width_without_cutting_a_number(width, phases):
    t = trainer()
    for _ in range(phases):
        t.step_phase()
    s = dataclasses.replace(t.snapshot(), iteration=t.iteration + 12344)  # a long run's numbers
    for running, speed in ((False, None), (True, 1000), (True, None)):
        line = status_line(s, running, speed, width)
        assert len(line) <= width, line
        if s.cost is not None:
            assert re.search(rf"J (= )?{re.escape(fmt.number(s.cost))}[ ,]", line), line
        if s.accuracy is not None:
            assert fmt.percent(s.accuracy) in line
        assert "▶" in line if running else "paused" in line


# -- drawn by Textual ---------------------------------------------------------------------------
async def test_the_logistic_graph_shows_z_as_0_not_rounding_error():
    graph = GRAPHS["logistic"]()
    graph.run()
    assert 0 < abs(graph["z"].value) < 1e-15  # 0.5 − 0.6 + 0.1 in floating point
    app = host_app(lambda: [GraphView(id="graph")], styled=False)
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.query_one(GraphView)
        view.graph = graph
        await pilot.pause()
        text = str(view.render())
    z = next(line for line in text.split("\n") if line[2:].startswith("z "))
    assert z.split()[-2:] == ["0", fmt.number(graph["z"].grad)]
    assert "e-17" not in text


def frame_with_warning(warning: str):
    return Frame(dataclasses.replace(stepped(1).snapshot(), warning=warning))


async def test_a_warning_does_not_move_the_views(tutor):
    from nn_tutor.lessons import load_lesson

    lesson = load_lesson(next(tutor.lessons(dict(id="w", title="Warnings")).glob("*.md")))

    app = host_app(lambda: [ModelPanel(lesson, id="panel")])
    async with app.run_test(size=(100, 40)) as pilot:
        panel = app.query_one(ModelPanel)
        places = []
        for warning in (
            "",
            "Vanishing gradients: ‖dW1‖ = 0.0012 is 450× smaller than ‖dW3‖ = 0.53; the first layers barely learn.",
            "",
        ):
            panel.frame = frame_with_warning(warning)
            await pilot.pause()
            places.append((panel.query_one("#phases").region, panel.query_one("#views").region))
            assert str(panel.query_one("#warning", Static).render()) == warning
        assert places[0] == places[1] == places[2]


async def test_notices_cover_only_the_title_bar(tutor):
    app = tutor.three_lessons()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        screen = await tutor.lesson_screen(pilot)
        await pilot.press("space", "s", "i")  # "Running speed: …", then "Initialisation: …"
        await tutor.until(pilot, lambda: any("Initialisation" in n for n in app.notices), what="a notice")
        await pilot.pause()
        toasts = list(app.screen.query("Toast"))
        assert len(toasts) == 1  # the newest replaced the other: none stack
        assert "Initialisation: large random (×10)" in str(toasts[0].render())  # small_random's next
        assert toasts[0].region.y == 0 and toasts[0].region.height == 1
        assert screen.query_one(".title-bar").region.y == 0
        assert screen.query_one("#panel").region.y >= 1 and screen.query_one("#lesson-pane").region.y >= 1


async def test_the_status_line_fits_80_columns_in_full(tutor):
    app = tutor.three_lessons()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await tutor.lesson_screen(pilot)
        stats = screen.query_one("#stats", Static)
        assert "%" not in str(stats.render())  # no accuracy before a forward pass
        await pilot.press(*["space"] * 3)
        s = await tutor.snapshot(pilot, screen, lambda s: s.iteration == 3)
        text = str(stats.render())
        assert len(text) <= stats.content_size.width <= 80
        assert f"J = {fmt.number(s.cost)} before" in text and f"{fmt.percent(s.accuracy)} after" in text


async def test_the_sparkline_is_labelled_with_what_it_draws(tutor):
    app = tutor.three_lessons()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await tutor.lesson_screen(pilot)
        spark = screen.query_one("#spark")

        def row() -> str:
            r = spark.region
            return tutor.screen_rows(app)[r.y].ljust(r.right)[r.x : r.right]

        assert row() == "cost J: none yet ".ljust(spark.region.width, "▁")  # no costs: a flat line
        await pilot.press(*["space"] * 5)
        s = await tutor.snapshot(pilot, screen, lambda s: s.iteration == 5)
        label = "cost J, iterations 1–5 "
        assert row().startswith(label) and set(row()[len(label) :]) <= set(BARS)
        assert row()[len(label)] == "█" and row()[-1] == "▁"  # the first cost the highest, the last lowest
        assert spark.data == pytest.approx(list(s.costs))  # the five costs it names


def test_the_status_line_keeps_its_form_while_the_numbers_change_length():
    s = stepped(2).snapshot()
    lines = [
        status_line(dataclasses.replace(s, cost=c, accuracy=a), True, 300, 62)
        for c, a in ((0.6931, 0.5), (0.01234, 0.95), (0.003967, 1.0))
    ]
    assert len({line.split(":")[0] for line in lines}) == 1, lines  # the same words around them
    assert all(len(line) <= 62 for line in lines)
