"""Shape / view / indexing probe fixes (helper probe of shape ops against PyTorch).

Golden values run without torch; the comparisons import torch through ``pytest.importorskip``.
"""
import warnings

import numpy as np
import pytest

import ember


def _t(a, **kw):
    return ember.tensor(np.asarray(a), **kw)


# ---------------------------------------------------------------- golden (no torch)
def test_repeat_interleave_dim_on_3d_and_transposed():
    x = ember.arange(24.).reshape(2, 3, 4)
    r = x.repeat_interleave(2, dim=1)
    assert tuple(r.shape) == (2, 6, 4) and r.stride() == (24, 4, 1)
    assert r[0, :, 0].tolist() == [0., 0., 4., 4., 8., 8.]
    y = ember.zeros(4, 3).t().repeat_interleave(2, dim=1)
    assert y.stride() == (8, 1)
    g = ember.zeros(2, 3, 4, requires_grad=True)
    out = g.repeat_interleave(2, dim=1)
    assert out.grad_fn.name() == "ViewBackward0"
    out.sum().backward()
    assert np.all(g.grad.numpy() == 2)
    z = ember.ones(3)
    z.repeat_interleave(1, dim=0).add_(1)  # a copy, never an alias
    assert z.tolist() == [1., 1., 1.]


def test_expand_without_repeat_is_writable_view():
    x = ember.zeros(3, 4)
    x.expand(-1, -1).add_(1)
    assert x.sum().item() == 12
    x.expand(1, 3, 4).add_(1)
    assert x.sum().item() == 24
    with pytest.raises(RuntimeError, match="more than one element of the written-to tensor"):
        ember.zeros(3, 1).expand(3, 4).add_(1)


def test_rot90_layout():
    x = ember.zeros(2, 3, 4)
    assert ember.rot90(x, 1, (1, 2)).stride() == (12, 1, 4)
    assert ember.rot90(x, 2, (1, 2)).stride() == (12, 4, 1)
    assert ember.rot90(x, -1, (2, 0)).stride() == (1, 4, 12)
    v = ember.arange(6.).reshape(2, 3)
    assert ember.rot90(v).tolist() == [[2., 5.], [1., 4.], [0., 3.]]


def test_nonzero_layout_and_out():
    m = ember.ones(2, 3)
    assert m.nonzero().stride() == (1, 6)
    assert ember.argwhere(m).stride() == (1, 6)
    out = ember.empty(0, dtype=ember.long)
    r = ember.nonzero(m, out=out)
    assert r is out and out.tolist()[:2] == [[0, 0], [0, 1]]
    with pytest.raises(RuntimeError, match="scalar type Long but got scalar typeInt"):
        ember.nonzero(m, out=ember.empty(0, dtype=ember.int32))
    with pytest.raises(RuntimeError, match="when as_tuple is True"):
        ember.nonzero(m, out=out, as_tuple=True)


def test_take_and_masked_select_out():
    x = ember.arange(6.)
    o = ember.empty(0)
    assert ember.take(x, ember.tensor([1, 4]), out=o) is o and o.tolist() == [1., 4.]
    with pytest.raises(RuntimeError, match="take\\(\\): self and out expected to have the same dtype"):
        ember.take(x, ember.tensor([1]), out=ember.empty(0, dtype=ember.long))
    o2 = ember.empty(0)
    assert ember.masked_select(x, x > 3, out=o2) is o2 and o2.tolist() == [4., 5.]
    with pytest.raises(RuntimeError, match="self and result must have the same scalar type"):
        ember.masked_select(x, x > 3, out=ember.empty(0, dtype=ember.long))
    with pytest.raises(RuntimeError, match="don't support automatic differentiation"):
        ember.take(ember.ones(3, requires_grad=True), ember.tensor([0]), out=ember.empty(0))


def test_advanced_index_layout():
    x = ember.zeros(2, 3, 4)
    assert x[:, [0, 1]].stride() == (8, 4, 1)
    assert x[:, :, [0, 1]].stride() == (6, 2, 1)
    assert x[:, [0, 2], [1, 3]].stride() == (2, 1)
    assert x[:, ember.tensor([True, False, True])].stride() == (8, 4, 1)
    assert x[0, :, [0, 1]].stride() == (2, 1)
    p = ember.zeros(4, 3, 2).permute(2, 1, 0)
    assert p[:, [0, 1]].stride() == (1, 2, 4)
    assert p[[1, 0]].stride() == (12, 1, 3)
    v = ember.arange(24.).reshape(2, 3, 4)
    assert v[:, [0, 2], [1, 3]].tolist() == [[1., 11.], [13., 23.]]


def test_zero_dim_views_alias():
    for f in (lambda t: t.flatten(), lambda t: t.reshape(1, 1), lambda t: t.view(-1), ember.atleast_2d):
        x = ember.tensor(1.5)
        f(x).add_(1)
        assert x.item() == 2.5
    x = ember.tensor(1.5)
    assert x.flatten()._base is x


def test_zero_dim_T_mT_permute():
    x = ember.tensor(1., requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert x.T.grad_fn.name() == "PermuteBackward0"
        assert x.mT is x
    with pytest.raises(TypeError, match='missing 1 required positional arguments: "dims"'):
        ember.ones(2).permute()


def test_small_error_paths():
    with pytest.raises(RuntimeError, match="Index to scalar can have only 1 value, got 2 value"):
        ember.tensor(1.).index_select(0, ember.tensor([0, 0]))
    with pytest.raises(NotImplementedError, match="searchsorted_out_cpu"):
        ember.searchsorted(ember.tensor([False, True]), ember.tensor([True]))
    x = ember.tensor(2., requires_grad=True)
    x.unfold(0, 1, 1).sum().backward()
    assert x.grad.item() == 1.0


def test_unique_dim_layout():
    x = _t(np.arange(12).reshape(3, 4) % 2)
    u = ember.unique(x, dim=1)
    assert u.tolist() == [[0, 1], [0, 1], [0, 1]] and u.stride() == (1, 3)
    c = ember.unique_consecutive(_t(np.array([[1, 1, 2], [3, 3, 4]])), dim=1)
    assert c.tolist() == [[1, 2], [3, 4]] and c.stride() == (1, 2)


# ---------------------------------------------------------------- vs PyTorch
CASES = [
    ("ri_dim", lambda T, x: x.repeat_interleave(2, dim=1)),
    ("ri_dim_t", lambda T, x: x.transpose(0, 2).repeat_interleave(3, dim=0)),
    ("rot90", lambda T, x: T.rot90(x, 1, (1, 2))),
    ("rot90_m1", lambda T, x: T.rot90(x, -1, (0, 2))),
    ("adv_mid", lambda T, x: x[:, [0, 2]]),
    ("adv_two", lambda T, x: x[:, [0, 2], [1, 3]]),
    ("adv_sep", lambda T, x: x[[0, 1], :, [1, 2]]),
    ("adv_bool", lambda T, x: x[:, T.tensor([True, False, True])]),
    ("adv_perm", lambda T, x: x.permute(2, 0, 1)[:, [1, 0]]),
    ("nonzero", lambda T, x: (x > 0).nonzero()),
    ("unique_dim", lambda T, x: T.unique((x > 0).long(), dim=2)),
    ("expand_same", lambda T, x: x.expand(-1, -1, -1)),
]


@pytest.mark.parametrize("name,fn", CASES, ids=[c[0] for c in CASES])
def test_vs_torch(name, fn):
    torch = pytest.importorskip("torch")
    a = np.random.default_rng(0).standard_normal((2, 3, 4)).astype(np.float32)
    outs = []
    for T in (ember, torch):
        x = T.tensor(a, requires_grad=True)
        y = fn(T, x)
        g = None
        if y.dtype.is_floating_point:
            y.backward(T.tensor(np.arange(y.numel(), dtype=np.float32).reshape(tuple(y.shape))))
            g = x.grad.numpy()
        outs.append((y.detach().numpy(), str(y.dtype), tuple(y.shape), tuple(y.stride()),
                     y.grad_fn.name() if y.grad_fn is not None else None, g))
    e, t = outs
    np.testing.assert_allclose(e[0], t[0])
    assert e[1:5] == t[1:5]
    if t[5] is not None:
        np.testing.assert_allclose(e[5], t[5], rtol=1e-6)
