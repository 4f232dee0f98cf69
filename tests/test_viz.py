"""ember.viz: DOT output of known graphs, labels, styles, rendering and its errors, big graphs."""
from __future__ import annotations

import shutil
import sys

import pytest

import ember as torch
from ember import viz
from ember.autograd import graph as _graph

EXPECTED_XW = """digraph ember {
    graph [rankdir=TB, fontname="Helvetica", fontsize=11, nodesep=0.3, ranksep=0.35];
    node [fontname="Helvetica", fontsize=10, margin="0.12,0.05"];
    edge [color="#555555", arrowsize=0.7];
    t0 [label="y\\nscalar float32\\nvalue 7", shape=box, style="rounded,filled", fillcolor="#d4f4d2", color="#2e7d32", penwidth=1.5];
    op0 [label="AddBackward0\\nconst 1", shape=ellipse, style=filled, fillcolor="#e8e8e8", color="#555555"];
    t1 [label="= x*w\\nscalar float32", shape=box, style="rounded", color="#777777"];
    op1 [label="MulBackward0", shape=ellipse, style=filled, fillcolor="#e8e8e8", color="#555555"];
    t2 [label="x\\nscalar float32\\nvalue 2", shape=box, style="rounded,filled", fillcolor="#cce5ff", color="#1f5fa8", penwidth=1.5];
    t3 [label="w\\nscalar float32\\nvalue 3", shape=box, style="rounded,filled", fillcolor="#cce5ff", color="#1f5fa8", penwidth=1.5];
    op0 -> t0;
    t1 -> op0;
    op1 -> t1;
    t2 -> op1;
    t3 -> op1;
}
"""


def _have_dot():
    return shutil.which("dot") is not None


def test_dot_source_of_known_graph():
    x = torch.tensor(2.0, requires_grad=True)
    w = torch.tensor(3.0, requires_grad=True)
    y = x * w + 1
    g = viz.draw(y)
    assert g.source == EXPECTED_XW
    assert str(g) == g.source
    assert g.omitted == 0 and g.collapsed == 0
    assert sorted(g.edges) == sorted([("op0", "t0"), ("t1", "op0"), ("op1", "t1"), ("t2", "op1"), ("t3", "op1")])


def test_seed_001_graph_labels_and_styles():
    x = torch.tensor([[1., 2, 3], [3, 2, 1]], requires_grad=True)
    y = 3 * x + 2
    y.retain_grad()
    z = 2 * y ** 2
    out = z.mean()
    out.backward(retain_graph=True)
    g = viz.draw(out)
    kinds = {it["label"].splitlines()[0]: it["kind"] for it in g.items}
    assert kinds["x"] == "leaf"
    assert kinds["y"] == "retained"
    assert kinds["z"] == "tensor"
    assert kinds["out"] == "output"
    ops = [it["label"].splitlines()[0] for it in g.items if it["kind"] == "op"]
    assert ops == ["MeanBackward0", "MulBackward0", "PowBackward0", "AddBackward0", "MulBackward0"]
    labels = "\n".join(g.labels())
    assert "exponent=2" in labels and "const 3" in labels and "const 2" in labels
    xl = next(it["label"] for it in g.items if it["label"].startswith("x\n"))
    assert "(2, 3) float32" in xl
    assert "value [[1, 2, 3], [3, 2, 1]]" in xl
    assert "grad [[10, 16, 22], [22, 16, 10]]" in xl
    yl = next(it["label"] for it in g.items if it["label"].startswith("y\n"))
    assert "retains_grad" in yl and "grad [[3.333" in yl
    # every style is distinct
    styles = {viz.STYLE[k] for k in ("leaf", "tensor", "retained", "output", "op")}
    assert len(styles) == 5


def test_names_from_params_and_big_values_are_short():
    a = torch.ones(50, requires_grad=True)
    b = torch.full((50,), 2.0, requires_grad=True)
    g = viz.draw((a * b).sum(), params={"layer.weight": a, "layer.bias": b})
    labels = g.labels()
    assert any(l.startswith("layer.weight\n(50,) float32\nvalue [1, 1, 1, …]") for l in labels)
    assert any(l.startswith("layer.bias\n") for l in labels)


def test_unnamed_leaves_and_no_grad_root():
    g = viz.draw(torch.tensor([1.0, 2.0]) * 1)  # no graph at all: just the tensor
    assert len(g.items) == 1 and g.items[0]["kind"] == "output"
    assert "requires_grad=False" in g.items[0]["label"]


def test_record_shows_intermediate_values_and_is_off_afterwards():
    assert _graph._NODE_HOOK is None
    with viz.record():
        assert _graph._NODE_HOOK is not None
        x = torch.tensor(2.0, requires_grad=True)
        y = (x * 3 + 1).exp().log()
    assert _graph._NODE_HOOK is None
    labels = viz.draw(y).labels()
    assert any(l.startswith("= 3*x") and l.endswith("value 6") for l in labels)
    assert any(l.startswith("= 3*x + 1") and l.endswith("value 7") for l in labels)
    # without recording the same graph has no value for 3*x
    x2 = torch.tensor(2.0, requires_grad=True)
    y2 = (x2 * 3 + 1).exp().log()
    labels2 = viz.draw(y2).labels()
    assert any(l.startswith("= 3*x2") and "value" not in l for l in labels2)


def _deep(n=10, collapse=True, max_nodes=60):
    torch.manual_seed(0)
    ws = [torch.randn(3, requires_grad=True) for _ in range(n)]
    bs = [torch.randn(3, requires_grad=True) for _ in range(n)]
    h = torch.ones(3, requires_grad=True)
    for i in range(n):
        h = (h * ws[i] + bs[i]).tanh()
    params = {}
    for i in range(n):
        params[f"layers.{i}.weight"] = ws[i]
        params[f"layers.{i}.bias"] = bs[i]
    return viz.draw(h.sum(), params=params, collapse=collapse, max_nodes=max_nodes)


def test_repeated_structure_is_collapsed():
    g = _deep(12)
    assert g.collapsed > 20
    coll = [it for it in g.items if it["kind"] == "collapsed"]
    assert len(coll) == 1
    assert "more × [MulBackward0 → AddBackward0 → TanhBackward0]" in coll[0]["label"]
    assert "… 9 more ×" in coll[0]["label"] and "layers.2 … layers.10" in coll[0]["label"]
    assert len(g.items) < 40
    assert "nodes of repeated structure collapsed" in g.source
    # the graph stays connected through the collapsed node
    cid = coll[0]["id"]
    assert any(s == cid for s, _ in g.edges) and any(d == cid for _, d in g.edges)


def test_node_cap_with_note():
    g = _deep(12, collapse=False, max_nodes=20)
    assert g.omitted > 50
    kinds = [it["kind"] for it in g.items]
    assert kinds.count("omitted") == 1
    assert len(g.items) == 21
    assert f"{g.omitted} nodes left out (max_nodes=20)" in g.source
    small = _deep(2, collapse=False, max_nodes=60)
    assert small.omitted == 0 and "left out" not in small.source


def test_save_dot_needs_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", "")
    x = torch.tensor(2.0, requires_grad=True)
    g = viz.draw(x ** 2)
    p = g.save(str(tmp_path / "g.dot"))
    assert open(p).read() == g.source


@pytest.mark.parametrize("ext,magic", [("svg", b"<svg"), ("png", b"\x89PNG"), ("pdf", b"%PDF")])
def test_render_formats(tmp_path, ext, magic):
    pytest.importorskip("graphviz")
    if not _have_dot():
        pytest.skip("the dot program is not installed")
    x = torch.tensor(2.0, requires_grad=True)
    g = viz.draw(x ** 2)
    path = tmp_path / f"graph.{ext}"
    g.save(str(path))
    data = path.read_bytes()
    assert magic in data[:400]
    svg = g._repr_svg_()
    assert svg is not None and "<svg" in svg and "PowBackward0" in svg


def test_missing_dot_says_how_to_install(monkeypatch, tmp_path):
    x = torch.tensor(2.0, requires_grad=True)
    g = viz.draw(x ** 2)
    monkeypatch.setenv("PATH", str(tmp_path))  # no dot anywhere
    with pytest.raises(viz.GraphvizNotFound) as info:
        g.save(str(tmp_path / "g.svg"))
    msg = str(info.value)
    for needle in ("apt-get install graphviz", "brew install graphviz", "conda install graphviz", "source"):
        assert needle in msg
    assert g._repr_svg_() is None
    assert "PowBackward0" in g.source


def test_missing_graphviz_package(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "graphviz", None)  # import graphviz -> ImportError
    monkeypatch.setenv("PATH", str(tmp_path))
    x = torch.tensor(2.0, requires_grad=True)
    g = viz.draw(x ** 2)
    with pytest.raises(viz.GraphvizNotFound, match="pip install graphviz"):
        g.pipe("svg")


def test_dot_without_python_package_uses_program(monkeypatch):
    if not _have_dot():
        pytest.skip("the dot program is not installed")
    monkeypatch.setitem(sys.modules, "graphviz", None)
    x = torch.tensor(2.0, requires_grad=True)
    assert b"<svg" in viz.draw(x ** 2).pipe("svg")[:400]


def test_multiple_outputs_and_shared_subgraph():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    h = x.exp()
    a, b = h.sum(), (h * 2).sum()
    g = viz.draw([a, b])
    assert sum(1 for it in g.items if it["kind"] == "output") == 2
    assert sum(1 for it in g.items if it["label"].startswith("ExpBackward0")) == 1


# ------------------------------------------------------------------ ember.plot
def test_plot_function_and_derivative(tmp_path):
    pytest.importorskip("matplotlib")
    import numpy as np
    from ember import plot

    fig = plot.function_and_derivative(lambda x: x ** 2, -20, 20, steps=20)
    (ax,) = fig.axes
    f_line, d_line = ax.get_lines()[:2]
    xs = f_line.get_xdata()
    np.testing.assert_allclose(xs, np.linspace(-20, 20, 20), rtol=1e-6)
    np.testing.assert_allclose(f_line.get_ydata(), xs ** 2, rtol=1e-5)
    np.testing.assert_allclose(d_line.get_ydata(), 2 * xs, rtol=1e-5)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["f(x)", "df/dx"]
    out = tmp_path / "plot.png"
    fig.savefig(out)
    assert out.read_bytes()[:4] == b"\x89PNG"
    x, y, dy = plot.values(lambda t: t.sin(), 0.0, 3.0, steps=7)
    np.testing.assert_allclose(dy, np.cos(x), rtol=1e-5)
    import matplotlib.pyplot as plt
    plt.close("all")


def test_plot_bad_input():
    pytest.importorskip("matplotlib")
    from ember import plot
    with pytest.raises(ValueError, match="elementwise"):
        plot.function_and_derivative(lambda x: x.sum(), 0, 1)
    with pytest.raises(ValueError, match="at least 2"):
        plot.values(lambda x: x, 0, 1, steps=1)
    with pytest.raises(TypeError, match="ember tensor"):
        plot.values(lambda x: 3.0, 0, 1)


def test_plot_without_matplotlib(monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    from ember import plot
    with pytest.raises(ImportError, match="pip install matplotlib"):
        plot.function_and_derivative(lambda x: x, 0, 1)
