"""The computation graphs of the lessons, stepped node by node."""

import math

import pytest

from nn_tutor.model.graph import GRAPHS, Node, abc_graph, logistic_graph, shared_graph


def test_j_equals_3_a_plus_bc():
    g = abc_graph(a=5, b=3, c=2)
    g.run()
    assert g["J"].value == 33
    assert (g["a"].grad, g["b"].grad, g["c"].grad) == (3, 6, 9)
    assert g["u"].grad == 3 and g["v"].grad == 3


def test_forward_visits_one_node_at_a_time_then_backward_from_the_output():
    g = abc_graph()
    order = []
    while not g.done:
        node = g.step()
        order.append((node.name, node.grad is not None))
    assert [n for n, _ in order[:3]] == ["u", "v", "J"]
    assert [n for n, has_grad in order[3:]] == ["J", "v", "u", "c", "b", "a"]
    assert g["u"].value == 6 and g["v"].value == 11


def test_values_appear_only_once_visited():
    g = abc_graph()
    g.forward_step()
    assert g["u"].value == 6 and g["v"].value is None and g.current == "u"
    g.reset()
    assert g["u"].value is None and g["a"].value == 5


@pytest.mark.parametrize("y", [0.0, 1.0])
def test_logistic_graph_dz_is_a_minus_y(y):
    g = logistic_graph(w1=0.4, w2=-0.2, b=0.3, x1=1.5, x2=-2.0, y=y)
    g.run()
    z = 0.4 * 1.5 - 0.2 * -2.0 + 0.3
    a = 1 / (1 + math.exp(-z))
    assert g["z"].value == pytest.approx(z) and g["a"].value == pytest.approx(a)
    assert g["z"].grad == pytest.approx(a - y)
    assert g["w1"].grad == pytest.approx(1.5 * (a - y))
    assert g["w2"].grad == pytest.approx(-2.0 * (a - y))
    assert g["b"].grad == pytest.approx(a - y)
    assert g["L"].value == pytest.approx(-(y * math.log(a) + (1 - y) * math.log(1 - a)))


def test_gradients_add_where_paths_meet():
    g = shared_graph(a=3, b=2)
    g.run()
    assert g["J"].value == 3 * 2 + 3**2
    assert g["a"].grad == 2 + 2 * 3 and g["b"].grad == 3  # ∂J/∂a = b + 2a, ∂J/∂b = a
    assert sorted(g["a"].paths) == [("u", 2.0), ("v", 6.0)]
    assert sum(amount for _, amount in g["a"].paths) == g["a"].grad


def test_forgetting_to_add_keeps_only_the_last_path():
    g = shared_graph(a=3, b=2, accumulate=False)
    g.run()
    assert g["a"].grad == 2.0 and g["a"].grad != 8.0  # the v path (2a = 6) is lost
    assert g["b"].grad == 3.0  # one path: nothing to lose


def _output(make, inputs):
    g = make(**inputs)
    g.run()
    return g.output.value


@pytest.mark.parametrize("kind", list(GRAPHS))
def test_every_graphs_gradients_match_finite_differences(kind):
    make = GRAPHS[kind]
    g = make()
    g.run()
    inputs = {n.name: n.value for n in g.nodes if n.op == "input"}  # the graph's own arguments
    h = 1e-6
    for name, value in inputs.items():
        slope = (_output(make, {**inputs, name: value + h}) - _output(make, {**inputs, name: value - h})) / (2 * h)
        assert g[name].grad == pytest.approx(slope, rel=1e-6, abs=1e-9)


def test_each_node_says_what_it_computes():
    texts = {n.name: n.text for n in shared_graph().nodes}
    assert texts == {"a": "input", "b": "input", "u": "a·b", "v": "a²", "J": "u + v"}
    assert [n.text for n in abc_graph().nodes][3:] == ["b·c", "a + u", "3·v"]
    assert [n.text for n in logistic_graph(y=1).nodes][-3:] == ["w1·x1 + w2·x2 + b", "σ(z)", "L(a, y=1)"]
    with pytest.raises(ValueError, match="unknown op"):
        Node("n", "pow")
