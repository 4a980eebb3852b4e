"""The pure helpers behind the panel: downsampling long cost histories and number layout."""

import numpy as np
import pytest

from nn_tutor.ui import format as fmt
from nn_tutor.ui.plotting import MAX_POINTS, downsample, spark_bars


def test_a_short_history_is_drawn_whole_with_iterations_from_one():
    x, y = downsample([0.7, 0.5, 0.4])
    assert x.tolist() == [1, 2, 3]
    assert y.tolist() == [0.7, 0.5, 0.4]


@pytest.mark.parametrize("n", [501, 1000, 12345, 100_000])
def test_a_long_history_keeps_at_most_500_points_and_its_extremes(n):
    rng = np.random.default_rng(0)
    costs = np.exp(-np.linspace(0, 5, n)) + 0.01 * rng.random(n)
    costs[n // 3] = 9.0  # a spike must survive
    x, y = downsample(costs)
    assert len(x) == len(y) <= MAX_POINTS
    assert y.max() == 9.0
    assert y.min() == costs.min()
    assert x[0] == 1 and x[-1] == n
    assert np.all(np.diff(x) >= 0)


def test_a_falling_curve_stays_falling():
    x, y = downsample(np.linspace(1.0, 0.0, 10_000))
    assert np.all(np.diff(y) <= 0)


def test_non_finite_costs_are_left_out():
    x, y = downsample([0.5, float("nan"), 0.3, float("inf")])
    assert x.tolist() == [1, 3]
    assert y.tolist() == [0.5, 0.3]


def test_sparkline_bars_run_from_the_smallest_value_to_the_largest():
    assert spark_bars([0.7, 0.35, 0.0], 3) == [7, 3, 0]  # 0.35 is half way: 3.5 of 0..7, down
    assert spark_bars(list(range(100)), 4) == [1, 3, 5, 7]  # each bar the largest of its 25
    assert spark_bars([5.0, 1.0], 6) == [7, 7, 7, 0, 0, 0]  # fewer values than bars: widened


def test_sparkline_bars_take_no_values_flat_values_and_non_finite_ones():
    nan, inf = float("nan"), float("inf")
    assert spark_bars([], 5) == [0] * 5
    assert spark_bars([0.3, 0.3], 4) == [0] * 4
    assert spark_bars([nan, 1.0, inf, -inf, 2.0], 2) == [0, 7]  # only 1 and 2 are drawn
    assert spark_bars([nan, inf], 3) == [0] * 3
    assert spark_bars([-1e308, 1e308], 2) == [0, 7]  # an extent beyond a float: still bars
    assert spark_bars([1.0, 2.0], 0) == []


def test_what_is_drawn_does_not_grow_with_the_history():
    # the plot's cost follows the number of points drawn, which stays bounded
    sizes = [len(downsample(np.random.default_rng(1).random(n))[0]) for n in (100, 10_000, 100_000)]
    assert sizes[0] == 100 and max(sizes[1:]) <= MAX_POINTS


def test_numbers_keep_their_width():
    for value in (0.0, 1.5, -0.00012, 123456.0, float("nan"), float("-inf"), -3.25):
        assert len(fmt.num(value)) == fmt.WIDTH
    assert fmt.num(0.5).strip() == "0.5000"
    assert fmt.num(1e-6).strip() == "1.000e-6"


def test_a_unit_table_shows_the_example_and_the_batch_summary():
    a = np.array([[1.0, 2.0, 3.0], [0.0, -1.0, 1.0]])
    lines = fmt.column_table("Z1", a, example=4)  # wraps around to column 2
    assert lines[0].startswith("Z1 (2×3)")
    assert "ex 2" in lines[0]
    assert lines[1].split()[2:] == ["2.000", "2.000", "1.000", "3.000"]


def test_big_matrices_are_cut_with_a_note():
    lines = fmt.matrix(np.zeros((10, 9)))
    assert len(lines) == fmt.MAX_ROWS + 2
    assert lines[0].split() == ["⎡"] + ["0"] * fmt.MAX_COLS + ["⎤"]
    assert lines[-2].strip() == "⎣ … 2 more rows"
    assert lines[-1].strip() == f"… {9 - fmt.MAX_COLS} more columns"
