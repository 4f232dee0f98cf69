"""Zero-copy exchange with NumPy / PyTorch / CuPy (``from_numpy``, ``__array__``, DLPack)
and NumPy operators/ufuncs applied to tensors (through ``__array__``/``__array_wrap__``, as PyTorch).

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
pytestmark = pytest.mark.filterwarnings("ignore:__array_wrap__ must accept:DeprecationWarning")
# PyTorch's tensors meet NumPy through __array__/__array_wrap__/__array_priority__ only (see
# ember/_numpy_interop.py).  Each case below is run in both libraries when PyTorch is installed,
# and pinned by golden outcomes otherwise.
_OPS = {
    "add": lambda x, y: x + y, "sub": lambda x, y: x - y, "mul": lambda x, y: x * y,
    "truediv": lambda x, y: x / y, "floordiv": lambda x, y: x // y, "mod": lambda x, y: x % y,
    "pow": lambda x, y: x ** y, "matmul": lambda x, y: x @ y, "and": lambda x, y: x & y,
    "lshift": lambda x, y: x << y, "eq": lambda x, y: x == y, "ne": lambda x, y: x != y,
    "lt": lambda x, y: x < y, "ge": lambda x, y: x >= y,
}


def _outcome(lib, op, order, tdt, adt):
    """What ``op`` gives for a (tdt) tensor and an (adt) ndarray in ``order`` ("TA" or "AT"):
    the result's type and dtype, or the exception's type and first words."""
    import warnings
    t = lib.ones(3, dtype=getattr(lib, tdt))
    a = np.ones(3, dtype=adt)
    x, y = (t, a) if order == "TA" else (a, t)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            r = _OPS[op](x, y)
    except Exception as e:  # noqa: BLE001 - the exception is the outcome
        return type(e).__name__, str(e)[:40]
    return type(r).__name__, str(getattr(r, "dtype", r))


_GOLDEN = {  # (op, order, tensor dtype, array dtype) -> outcome, recorded from PyTorch 2.13
    ("add", "TA", "float32", "float64"): ("Tensor", "torch.float64"),
    ("add", "TA", "float32", "int64"): ("Tensor", "torch.float64"),  # NumPy's promotion, not PyTorch's
    ("add", "TA", "int64", "int64"): ("Tensor", "torch.int64"),
    ("add", "AT", "float32", "float64"): ("TypeError", "Concatenation operation is not implement"),
    ("sub", "AT", "float32", "float64"): ("TypeError", "unsupported operand type(s) for -: 'nump"),
    ("truediv", "AT", "int64", "int64"): ("Tensor", "torch.float64"),
    ("truediv", "TA", "int64", "int64"): ("Tensor", "torch.float64"),
    ("eq", "AT", "float32", "float64"): ("Tensor", "torch.bool"),
    ("eq", "TA", "float32", "float64"): ("Tensor", "torch.bool"),
    ("ne", "TA", "float32", "float64"): ("bool", "True"),
    ("lt", "TA", "float32", "float64"): ("TypeError", "'<' not supported between instances of '"),
    ("and", "TA", "int64", "int64"): ("Tensor", "torch.int64"),
    ("and", "TA", "float32", "float64"): ("TypeError", "ufunc 'bitwise_and' not supported for th"),
    ("lt", "TA", "bool", "bool"): ("TypeError", "'<' not supported between instances of '"),
    ("add", "TA", "bool", "bool"): ("Tensor", "torch.uint8"),  # __array_wrap__: bool -> uint8
}


@pytest.mark.parametrize("case", sorted(_GOLDEN), ids=lambda c: "-".join(c))
def test_ndarray_operand_golden(case):
    assert _outcome(ember, *case) == _GOLDEN[case]


@needs_torch
@pytest.mark.parametrize("op", sorted(_OPS))
def test_ndarray_operand_matches_torch(op):
    for order in ("TA", "AT"):
        for tdt in ("bool", "int32", "int64", "float32", "float64"):
            for adt in (np.bool_, np.int64, np.float32, np.float64):
                got, want = _outcome(ember, op, order, tdt, adt), _outcome(torch, op, order, tdt, adt)
                assert got == want, (op, order, tdt, adt)


def test_ndarray_operand_results_are_numpys():
    t = ember.tensor([1.0, 2.0, 4.0])
    a = np.array([2, 3, 4])
    r = t * a  # NumPy computes it: float32 * int64 is float64 there
    assert type(r) is ember.Tensor and r.dtype is ember.float64 and r.tolist() == [2.0, 6.0, 16.0]
    q = a / t  # ``t.reciprocal() * a``
    assert q.dtype is ember.float64 and q.tolist() == [2.0, 1.5, 1.0]
    s = ember.tensor([1, 2, 3])
    s += a  # __iadd__ defers too: ``s = s + a``, a new tensor
    assert s.dtype is ember.int64 and s.tolist() == [3, 5, 7]
    with pytest.raises(RuntimeError, match="Can't call numpy\\(\\) on Tensor that requires grad"):
        ember.ones(3, requires_grad=True) * a


@pytest.mark.parametrize("scalar", [np.float64(2.0), np.float32(2.0), np.int64(2), np.int8(2)])
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


def test_numpy_bool_scalar_reads_as_float():
    """PyTorch's argument parser reads ``np.bool_`` through ``__float__``: ``int + np.bool_`` is float32."""
    for fn in (lambda t, s: t + s, lambda t, s: s * t, lambda t, s: ember.add(t, s)):
        r = fn(ember.tensor([1, 2], dtype=ember.int32), np.bool_(True))
        assert r.dtype is ember.float32


def test_numpy_scalar_operators_keep_autograd():
    w = ember.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = (np.float64(2.0) * w + w * np.float32(3.0) - np.int64(1)).sum()
    y.backward()
    assert w.grad.tolist() == [5.0, 5.0, 5.0]


def test_numpy_ufuncs_compute_with_numpy():
    f = ember.tensor([0.5, 1.0])
    i = ember.tensor([1, 2])
    for fn in (np.exp, np.sqrt, np.sin, np.negative, np.absolute, np.floor):
        for t in (f, i):
            r = fn(t)
            want = fn(t.numpy())
            assert type(r) is ember.Tensor and r.dtype.np == want.dtype, (fn, t.dtype)
            np.testing.assert_array_equal(r.numpy(), want)
    isnan = np.isnan(ember.tensor([1.0, float("nan")]))
    assert isnan.dtype is ember.uint8 and isnan.tolist() == [0, 1]  # PyTorch's __array_wrap__
    with pytest.raises(RuntimeError, match="requires grad"):
        np.exp(ember.ones(2, requires_grad=True))


def test_numpy_ufunc_warns_like_torch():
    with pytest.warns(DeprecationWarning, match="__array_wrap__ must accept context and return_scalar"):
        np.exp(ember.ones(2))


@needs_torch
@pytest.mark.filterwarnings("ignore:__array_wrap__ must accept:DeprecationWarning")  # torch's own wrap
def test_np_ufuncs_match_torch():
    for dt in ("float32", "int64", "float64", "bool"):
        t = torch.arange(3).to(getattr(torch, dt))
        e = ember.arange(3).to(getattr(ember, dt))
        for fn in (np.exp, np.isnan, lambda x: np.add(x, 1), lambda x: np.maximum(x, np.ones(3))):
            rt, re = fn(t), fn(e)
            assert type(re) is ember.Tensor and str(re.dtype) == str(rt.dtype)
            assert re.tolist() == rt.tolist()


def test_numpy_reductions_and_inplace():
    b = np.zeros(3)
    with pytest.raises(TypeError, match="Concatenation operation is not implemented"):
        b += ember.tensor([1.0, 2.0, 3.0])  # NumPy defers, the tensor refuses: as in PyTorch
    s = np.add.reduce(ember.tensor([1.0, 2.0, 3.0]))
    assert type(s) is ember.Tensor and s.dim() == 0 and s.item() == 6.0
    with pytest.raises(RuntimeError, match="requires grad"):
        np.add.reduce(ember.ones(2, requires_grad=True))
