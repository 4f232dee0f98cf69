"""Zero-copy exchange with NumPy / PyTorch / CuPy (``from_numpy``, ``__array__``, DLPack)
and NumPy operators/ufuncs applied to tensors (``Tensor.__array_ufunc__``).

Sharing is proven by writing through one side and reading the other.
"""
from __future__ import annotations

import numpy as np
import pytest

import ember
import ember.utils.dlpack as edl

try:
    import torch
    import torch.utils.dlpack as tdl
except ImportError:  # pragma: no cover
    torch = None
needs_torch = pytest.mark.skipif(torch is None, reason="PyTorch not installed")

ALL_DTYPES = [ember.float16, ember.float32, ember.float64, ember.int8, ember.int16, ember.int32, ember.int64,
              ember.uint8, ember.bool, ember.complex64, ember.complex128]


def _sample(dt):
    if dt is ember.bool:
        return ember.tensor([[True, False, True], [False, True, True]])
    return ember.arange(6).reshape(2, 3).to(dt)


# ---------------------------------------------------------------------------------------- NumPy sharing
def test_from_numpy_numpy_and_array_share_memory():
    a = np.arange(6.0).reshape(2, 3)
    t = ember.from_numpy(a)
    a[0, 0] = 10.0
    assert t[0, 0].item() == 10.0
    t[1, 2] = -5.0
    assert a[1, 2] == -5.0
    n = t.numpy()
    n[0, 1] = 7.0
    assert a[0, 1] == 7.0 and t[0, 1].item() == 7.0
    arr = np.asarray(t)
    arr[1, 0] = 3.5
    assert t[1, 0].item() == 3.5
    s = ember.tensor(1.0)  # 0-d tensors too
    sn = s.numpy()
    sn[()] = 4.0
    assert s.item() == 4.0


# ------------------------------------------------------------------------------------------------ DLPack
def test_dlpack_device_and_numpy_consumer():
    t = ember.arange(6.0).reshape(2, 3)
    assert t.__dlpack_device__() == (1, 0)
    a = np.from_dlpack(t)
    a[0, 0] = 42.0
    assert t[0, 0].item() == 42.0
    t[1, 1] = -1.0
    assert a[1, 1] == -1.0
    tt = t.t()
    b = np.from_dlpack(tt)  # strided views keep their strides, no copy
    assert b.strides == tt.numpy().strides and np.shares_memory(b, t.numpy())


def test_from_dlpack_numpy_producer_and_capsules():
    a = np.arange(4, dtype=np.int32)
    t = ember.from_dlpack(a)
    assert t.dtype is ember.int32
    t[0] = 9
    assert a[0] == 9
    src = ember.arange(3.0)
    cap = edl.to_dlpack(src)
    u = edl.from_dlpack(cap)  # legacy capsule: writable and shared, as in PyTorch
    u[2] = 100.0
    assert src[2].item() == 100.0
    with pytest.raises(TypeError, match="consumed"):
        ember.from_dlpack(cap)
    s = ember.tensor(2.0)
    s0 = ember.from_dlpack(s)
    assert s0.dim() == 0
    s0.fill_(5.0)
    assert s.item() == 5.0


def test_dlpack_export_rules():
    with pytest.raises(BufferError, match="require gradient"):
        ember.ones(2, requires_grad=True).__dlpack__()
    from ember._tensor import _from_data  # (from_numpy refuses negative strides, as in PyTorch)
    f = _from_data(np.arange(6.0)[::-1])  # negative strides: exported as a contiguous copy
    np.testing.assert_array_equal(np.from_dlpack(f), np.arange(6.0)[::-1])
    with pytest.raises(BufferError, match="negative strides"):
        f.__dlpack__(copy=False)


@needs_torch
@pytest.mark.parametrize("dt", ALL_DTYPES, ids=lambda d: d.name)
def test_dlpack_torch_both_directions(dt):
    e = _sample(dt)
    t = torch.from_dlpack(e)
    assert str(t.dtype) == str(dt)
    np.testing.assert_array_equal(t.numpy(), e.numpy())
    assert t.data_ptr() == e.data_ptr()
    t2 = torch.from_dlpack(e.t())
    assert t2.stride() == e.t().stride() and t2.data_ptr() == e.data_ptr()
    src = torch.ones(2, 3, dtype=getattr(torch, dt.name))
    back = ember.from_dlpack(src)
    assert back.dtype is dt and back.data_ptr() == src.data_ptr()


@needs_torch
def test_dlpack_torch_mutation_is_shared():
    e = ember.arange(6.0).reshape(2, 3)
    t = torch.from_dlpack(e)
    t[0, 0] = 50.0
    assert e[0, 0].item() == 50.0
    e[1, 2] = -8.0
    assert t[1, 2].item() == -8.0
    src = torch.arange(4.0)
    back = ember.from_dlpack(src)
    back[1] = 11.0
    assert src[1].item() == 11.0
    src[2] = 12.0
    assert back[2].item() == 12.0
    cap = tdl.to_dlpack(src)  # torch's legacy capsule into ember
    viacap = ember.utils.dlpack.from_dlpack(cap)
    viacap[3] = 13.0
    assert src[3].item() == 13.0
    tback = tdl.from_dlpack(edl.to_dlpack(e))  # ember's capsule into torch
    tback[0, 1] = 14.0
    assert e[0, 1].item() == 14.0
    from ember._tensor import _from_data  # (from_numpy refuses negative strides, as in PyTorch)
    flipped = _from_data(np.arange(5.0)[::-1])  # torch rejects negative strides: a copy is exported
    assert torch.from_dlpack(flipped).tolist() == [4.0, 3.0, 2.0, 1.0, 0.0]


def test_dlpack_cupy():
    cp = pytest.importorskip("cupy")
    if not ember.cuda.is_available():
        pytest.skip("no GPU")
    g = cp.arange(4, dtype=cp.float32)
    t = ember.from_dlpack(g)
    assert t.is_cuda
    t[0] = 7.0
    assert float(g[0]) == 7.0
    back = cp.from_dlpack(t)
    back[1] = 8.0
    assert t[1].item() == 8.0


# ------------------------------------------------------------------------------------- NumPy operators
def _torch_result_dtype(fn, a, t):
    """The dtype PyTorch gives ``fn`` with the ndarray as a tensor (``torch.from_numpy(a)``)."""
    try:
        return str(fn(torch.from_numpy(np.asarray(a)) if isinstance(a, np.ndarray) else a,
                      torch.from_dlpack(t)).dtype)
    except RuntimeError:  # e.g. torch refuses ``bool - float``: nothing to compare
        return None


@pytest.mark.parametrize("op", ["add", "sub", "mul", "truediv", "pow", "floordiv", "mod", "lt", "eq", "ge"])
@pytest.mark.parametrize("adt", [np.float64, np.float32, np.int64, np.int32, np.bool_])
def test_ndarray_operator_tensor(op, adt):
    import operator
    fn = getattr(operator, op)
    a = (np.arange(1, 4) % 2 == 0) if adt is np.bool_ else np.arange(1, 4).astype(adt)
    t = ember.tensor([1.0, 2.0, 4.0])
    if adt is np.bool_ and op == "sub":  # PyTorch refuses ``-`` on bool tensors
        with pytest.raises((RuntimeError, TypeError)):
            fn(a, t)
        return
    r = fn(a, t)
    assert type(r) is ember.Tensor
    want = fn(ember.from_numpy(a), t)  # ndarray behaves as torch.from_numpy(a)
    assert r.dtype is want.dtype
    np.testing.assert_array_equal(r.numpy(), want.numpy())
    if torch is not None:
        want_torch = _torch_result_dtype(fn, a, t)
        assert want_torch is None or str(r.dtype) == want_torch


@pytest.mark.parametrize("scalar", [np.float64(2.0), np.float32(2.0), np.int64(2), np.int8(2), np.bool_(True)])
@pytest.mark.parametrize("tdt", [ember.float16, ember.float32, ember.int32, ember.uint8])
def test_numpy_scalar_operator_tensor(scalar, tdt):
    t = ember.tensor([1, 2, 3]).to(tdt)
    r = scalar * t
    assert type(r) is ember.Tensor
    want = t * scalar.item()  # a NumPy scalar acts as the Python number it holds
    assert r.dtype is want.dtype
    np.testing.assert_array_equal(r.numpy(), want.numpy())
    r2 = scalar + t
    assert type(r2) is ember.Tensor and r2.dtype is (t + scalar.item()).dtype


def test_numpy_operators_keep_autograd():
    w = ember.tensor([1.0, 2.0, 3.0], requires_grad=True)
    a = np.array([2.0, 3.0, 4.0], dtype=np.float32)
    y = (a * w + np.float64(1.0) * w - a / w).sum()
    y.backward()
    np.testing.assert_allclose(w.grad.numpy(), a + 1.0 + a / w.detach().numpy() ** 2, rtol=1e-6)
    e = np.exp(w)  # unary ufunc on a float tensor runs the ember op: differentiable
    assert type(e) is ember.Tensor and e.grad_fn is not None


def test_numpy_unary_ufuncs_match_numpy_dtypes():
    f = ember.tensor([0.5, 1.0])
    i = ember.tensor([1, 2])
    for fn in (np.exp, np.sqrt, np.sin, np.negative, np.absolute, np.floor):
        for t in (f, i):
            r = fn(t)
            want = fn(t.numpy())
            assert type(r) is ember.Tensor and r.dtype.np == want.dtype, (fn, t.dtype)
            np.testing.assert_allclose(r.numpy(), want, rtol=1e-6)
    assert np.isnan(ember.tensor([1.0, float("nan")])).tolist() == [False, True]
    with pytest.raises(RuntimeError, match="requires grad"):  # the NumPy fallback needs numpy(), like torch
        np.exp(ember.ones(2, requires_grad=True), dtype=np.float64)


@needs_torch
@pytest.mark.filterwarnings("ignore:__array_wrap__ must accept:DeprecationWarning")  # torch's own wrap
def test_np_exp_matches_torch():
    for dt in ("float32", "int64", "float64"):
        t = torch.arange(3).to(getattr(torch, dt))
        e = ember.arange(3).to(getattr(ember, dt))
        assert str(np.exp(t).dtype) == str(np.exp(e).dtype)
        assert type(np.exp(e)) is ember.Tensor


def test_inplace_and_out_and_other_methods():
    b = np.zeros(3)
    b += ember.tensor([1.0, 2.0, 3.0])
    assert type(b) is np.ndarray and b.tolist() == [1.0, 2.0, 3.0]
    out = ember.zeros(3)
    r = np.add(np.ones(3, np.float32), ember.ones(3), out=out)
    assert r is out and out.tolist() == [2.0, 2.0, 2.0] and out._version > 0
    s = np.add.reduce(ember.tensor([1.0, 2.0, 3.0]))
    assert type(s) is ember.Tensor and s.item() == 6.0
    acc = np.add.accumulate(ember.tensor([1, 2, 3]))
    assert type(acc) is ember.Tensor and acc.tolist() == [1, 3, 6]
    m = np.maximum(np.array([1.0, 5.0]), ember.tensor([3.0, 2.0]))
    assert type(m) is ember.Tensor and m.tolist() == [3.0, 5.0] and m.dtype is ember.float64
    with pytest.raises(RuntimeError, match="requires grad"):
        np.add.reduce(ember.ones(2, requires_grad=True))
