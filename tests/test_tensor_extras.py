"""Tests for ``ember/ops/tensor_extras.py`` (torch comparisons when installed, hand goldens, gradcheck)."""
import numpy as np
import pytest

import ember
from ember.autograd import gradcheck

try:
    import torch
except ImportError:
    torch = None

needs_torch = pytest.mark.skipif(torch is None, reason="torch not installed")


def _both(fn):
    """``repr`` of ``fn(module)`` (or of its exception) for torch and ember."""
    out = []
    for m in (torch, ember):
        try:
            out.append(repr(fn(m)))
        except Exception as e:  # noqa: BLE001 - the error itself is compared
            out.append(f"{type(e).__name__}: {e}")
    return out


def _same(fn):
    t, e = _both(fn)
    assert t == e


# ------------------------------------------------------------ in-place hyperbolics
@pytest.mark.parametrize("op,vals", [("asinh_", [0.5, 0.2]), ("acosh_", [1.5, 2.0]), ("atanh_", [0.5, 0.2]),
                                     ("arcsinh_", [0.5, 0.2]), ("arccosh_", [1.5, 2.0]),
                                     ("arctanh_", [0.5, 0.2])])
def test_inplace_hyperbolic_values_and_node(op, vals):
    z = ember.tensor(vals, requires_grad=True).clone()
    r = getattr(z, op)()
    assert r is z and z._version == 1
    stem = op.replace("arc", "a")[:-1].capitalize()
    assert z.grad_fn.name() == f"{stem}Backward1"
    ref = getattr(np, "arc" + op.replace("arc", "a")[1:-1])(np.array(vals, dtype=np.float32))
    np.testing.assert_allclose(z.detach().numpy(), ref, rtol=1e-6)
    with pytest.raises(NotImplementedError, match=f"inplace version of {stem.lower()}"):
        z.sum().backward()


def test_inplace_hyperbolic_int_error():
    with pytest.raises(RuntimeError, match="result type Float can't be cast to the desired output type Long"):
        ember.ones(2, dtype=ember.int64).asinh_()


def test_float_power_():
    x = ember.tensor([2.0, 3.0], dtype=ember.float64)
    assert x.float_power_(2) is x
    assert x.tolist() == [4.0, 9.0]
    with pytest.raises(RuntimeError, match="has dtype Float but the operation's result requires dtype Double"):
        ember.ones(2).float_power_(2)


# ------------------------------------------------------------ method forms
@needs_torch
def test_hardshrink_prelu_adjoint_match_torch():
    x = np.random.RandomState(0).randn(3, 4)
    _same(lambda m: m.tensor(x, requires_grad=True).hardshrink(0.3))
    _same(lambda m: m.hardshrink(m.tensor(x), 0.7))
    _same(lambda m: m.tensor(x, requires_grad=True).prelu(m.tensor([0.25], dtype=m.float64)))
    _same(lambda m: (m.tensor(x, requires_grad=True).adjoint(), m.adjoint(m.tensor(x))._base is not None))
    _same(lambda m: m.ones(3).adjoint())


def test_narrow_copy_golden_and_grad():
    x = ember.arange(12.0, dtype=ember.float64).reshape(3, 4).requires_grad_()
    y = x.narrow_copy(1, 1, 2)
    assert y.grad_fn.name() == "NarrowCopyBackward0"
    assert y._base is None
    assert y.tolist() == [[1.0, 2.0], [5.0, 6.0], [9.0, 10.0]]
    assert gradcheck(lambda t: ember.narrow_copy(t, 0, 1, 2), (x,))


@needs_torch
def test_narrow_copy_negative_start_matches_torch():
    def f(m):
        x = m.ones(3, 4, requires_grad=True)
        y = x.narrow_copy(1, -2, 2)
        y.sum().backward()
        return y, x.grad
    _same(f)
    _same(lambda m: m.narrow_copy(m.ones(3, 4), 1, 3, 2))


@pytest.mark.parametrize("name,args,node", [("unsafe_chunk", (2, 1), "UnsafeSplitBackward0"),
                                            ("unsafe_split", (2, 0), "UnsafeSplitBackward0"),
                                            ("unsafe_split_with_sizes", ([1, 3], 1),
                                             "UnsafeSplitWithSizesBackward0")])
def test_unsafe_splits(name, args, node):
    x = ember.randn(3, 4, dtype=ember.float64, requires_grad=True)
    pieces = getattr(x, name)(*args)
    assert all(p.grad_fn.name() == node and p._base is None for p in pieces)
    assert gradcheck(lambda t: getattr(ember, name)(t, *args)[0] * 2, (x,))


def test_unsafe_split_shares_memory_without_view_tracking():
    x = ember.zeros(4)
    a, _ = x.unsafe_chunk(2)
    a.add_(1)
    assert x.tolist() == [1.0, 1.0, 0.0, 0.0]
    assert (x._version, a._version) == (0, 1)


# ------------------------------------------------------------ flags / helpers
@pytest.mark.parametrize("flag", ["is_meta", "is_sparse", "is_sparse_csr", "is_quantized", "is_nested",
                                  "is_mkldnn", "is_xpu", "is_mps"])
def test_false_flags_are_properties(flag):
    assert getattr(ember.ones(2), flag) is False


def test_identity_helpers():
    x = ember.randn(3, requires_grad=True)
    for f in (lambda t: t.conj(), lambda t: t.resolve_conj(), lambda t: t.resolve_neg(),
              lambda t: t.conj_physical(), lambda t: t.real, ember.conj, ember.real):
        assert f(x) is x
    assert (x.is_conj(), x.is_neg(), x.is_pinned(), x.is_shared()) == (False, False, False, False)
    y = ember.ones(2)
    assert y.share_memory_() is y and y.is_shared()
    assert y.conj_physical_() is y and y._version == 1


def test_complex_conj_real_isreal():
    z = ember.tensor([1 + 2j, 3 - 1j])
    assert z.conj().tolist() == [1 - 2j, 3 + 1j]
    assert ember.conj_physical(z).tolist() == [1 - 2j, 3 + 1j]
    assert z.real.tolist() == [1.0, 3.0]
    assert ember.tensor([1 + 0j, 1 + 1j]).isreal().tolist() == [True, False]
    assert ember.isreal(ember.tensor([1, 2])).tolist() == [True, True]


@needs_torch
def test_dim_order_and_pin_memory_match_torch():
    _same(lambda m: (m.ones(2, 3).dim_order(), m.ones(2, 3, 4).permute(2, 0, 1).dim_order(),
                     m.empty(2, 1, 3).dim_order(), m.ones(2, 3, 4, 5).permute(0, 2, 3, 1).dim_order(),
                     m.ones(3).dim_order(), m.tensor(1.0).dim_order(), m.ones(2, 3).t().dim_order(),
                     m.ones(1, 1).t().dim_order(), m.ones(4, 3)[:, ::2].dim_order()))
    if not ember.cuda.is_available():
        _same(lambda m: m.ones(2).pin_memory())


def test_dim_order_golden():
    assert ember.ones(2, 3, 4).permute(2, 0, 1).dim_order() == (1, 2, 0)


# ------------------------------------------------------------ apply_ / map_ / map2_
def test_apply_map_map2():
    x = ember.tensor([1.0, 2.0])
    assert x.apply_(lambda v: v * 2).tolist() == [2.0, 4.0]
    assert x.map_(ember.tensor([10.0, 20.0]), lambda a, b: a + b).tolist() == [12.0, 24.0]
    assert x.map2_(ember.tensor([1.0]), ember.tensor([2.0, 2.0]), lambda a, b, c: a + b * c).tolist() == [14.0, 26.0]
    assert x._version == 0
    assert ember.tensor([1, 2]).apply_(lambda v: v / 2).tolist() == [0, 1]
    s = ember.tensor(3.0)
    assert s.apply_(lambda v: v + 1).item() == 4.0
    t = ember.ones(2, 2).t()
    assert t.apply_(lambda v: v + 1).tolist() == [[2.0, 2.0], [2.0, 2.0]]


@needs_torch
def test_apply_errors_match_torch():
    def rg(m):
        return m.ones(2, requires_grad=True)
    _same(lambda m: rg(m).apply_(lambda v: v))
    _same(lambda m: m.ones(2).map_(rg(m), lambda a, b: a))
    _same(lambda m: rg(m).map2_(m.ones(2), m.ones(2), lambda a, b, c: a))
    _same(lambda m: m.ones(2).map_(m.ones(3), lambda a, b: a))
    _same(lambda m: m.ones(2).apply_(lambda v: "a"))


# ------------------------------------------------------------ put / put_
def test_put_golden_and_version():
    p = ember.zeros(2, 3)
    p.put_(ember.tensor([0, 5, -1]), ember.tensor([1.0, 2.0, 3.0]), accumulate=True)
    assert p.tolist() == [[1.0, 0.0, 0.0], [0.0, 0.0, 5.0]]
    assert p._version == 1


def test_put_grad():
    s = ember.randn(2, 3, dtype=ember.float64, requires_grad=True)
    src = ember.randn(2, dtype=ember.float64, requires_grad=True)
    idx = ember.tensor([1, 4])
    assert s.put(idx, src).grad_fn.name() == "PutBackward0"
    assert gradcheck(lambda a, b: ember.put(a, idx, b), (s, src))
    assert gradcheck(lambda a, b: ember.put(a, idx, b, accumulate=True), (s, src))


@needs_torch
def test_put_errors_match_torch():
    _same(lambda m: m.zeros(2, 3).put_(m.tensor([6]), m.tensor([1.0])))
    _same(lambda m: m.zeros(2, 3).put_(m.tensor([1, 2]), m.tensor([1.0])))
    _same(lambda m: m.zeros(2, 3).put_(m.tensor([1]), m.tensor([1.0], dtype=m.float64)))
    _same(lambda m: m.zeros(2, 3).put_(m.tensor([1], dtype=m.int32), m.tensor([1.0])))


# ------------------------------------------------------------ histogram / nonzero_static
@needs_torch
def test_histogram_matches_torch():
    xs = np.random.RandomState(1).randn(1000).astype(np.float32)
    _same(lambda m: m.histogram(m.tensor([1.0, 2, 1, 4]), bins=4, range=(0.0, 3.0)))
    _same(lambda m: m.histogram(m.tensor([1.0, 2, 1]), m.tensor([0.0, 1, 2, 3]), weight=m.tensor([1.0, 2, 4]),
                                density=True))
    _same(lambda m: m.tensor([2.0, 2.0]).histogram(bins=2))
    _same(lambda m: m.histogram(m.tensor([2, 2]), bins=2))
    _same(lambda m: m.histogram(m.tensor(xs), bins=7))
    _same(lambda m: m.histogram(m.tensor(xs).double(), bins=13, density=True))


def test_histogram_golden():
    h, e = ember.histogram(ember.tensor([1.0, 2.0, 1.0, 4.0]), bins=4, range=(0.0, 3.0))
    assert h.tolist() == [0.0, 2.0, 1.0, 0.0]
    assert e.tolist() == [0.0, 0.75, 1.5, 2.25, 3.0]


def test_nonzero_static():
    r = ember.tensor([[1, 0], [0, 1]]).nonzero_static(size=4, fill_value=-5)
    assert r.tolist() == [[0, 0], [1, 1], [-5, -5], [-5, -5]]
    assert ember.tensor([1, 2, 0, 3]).nonzero_static(size=2).tolist() == [[0], [1]]
    assert tuple(ember.nonzero_static(ember.tensor(3), size=2).shape) == (2, 0)
    with pytest.raises(RuntimeError, match="'size' must be an non-negative integer"):
        ember.nonzero_static(ember.tensor([1]), size=-1)


# ------------------------------------------------------------ new_empty_strided / resize_
def test_new_empty_strided():
    t = ember.ones(2).new_empty_strided((2, 3), (1, 2))
    assert t.stride() == (1, 2) and tuple(t.shape) == (2, 3) and t.dtype == ember.float32
    assert ember.ones(2).new_empty_strided((2,), (1,), dtype=ember.int64).dtype == ember.int64


def test_resize():
    y = ember.arange(6.0).reshape(2, 3)
    assert y.resize_(4).tolist() == [0.0, 1.0, 2.0, 3.0]
    assert y._version == 1
    assert y.resize_(2, 2).tolist() == [[0.0, 1.0], [2.0, 3.0]]
    assert tuple(ember.ones(4).resize_as_(ember.ones(2, 2)).shape) == (2, 2)
    with pytest.raises(RuntimeError, match="cannot resize variables that require grad"):
        ember.arange(6.0).requires_grad_().resize_(2)
    with pytest.raises(RuntimeError, match="integer multiplication overflow"):
        ember.arange(6.0).resize_(-1)


def test_small_tensor_methods_mirror_pytorch():
    x = ember.ones(2, 3)
    assert x.cdouble().dtype == ember.complex128 and x.cfloat().dtype == ember.complex64
    assert x.const_data_ptr() == x.data_ptr() and x.to_dense() is x and x.to_dense(ember.float64).dtype == ember.float64
    assert x.is_set_to(x) and not x.is_set_to(x.clone()) and not x.is_set_to(x.view(3, 2))
    assert not x.is_distributed() and not any((x.is_xla, x.is_ipu, x.is_maia, x.is_mtia, x.is_vulkan))


def test_storage_views_share_and_print_like_pytorch():
    import warnings
    x = ember.tensor([0.1, 2.0])
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        s = x.storage()
    assert str(s) == (" 0.10000000149011612\n 2.0\n"
                      "[torch.storage.TypedStorage(dtype=torch.float32, device=cpu) of size 2]")
    s[0] = 5
    assert x.tolist() == [5.0, 2.0] and s.tolist() == [5.0, 2.0] and s.size() == 2 and s.element_size() == 4
    u = x.untyped_storage()
    assert u.nbytes() == 8 and len(u) == 8 and u.data_ptr() == x.data_ptr()
    assert str(u).endswith("[torch.storage.UntypedStorage(device=cpu) of size 8]")
    y = ember.arange(6.).view(2, 3)
    assert y[1].untyped_storage().data_ptr() == y.untyped_storage().data_ptr() and y[1].storage_offset() == 3
    assert y.t().untyped_storage().nbytes() == 24
    assert ember.TypedStorage is type(s) and ember.UntypedStorage is type(u)
