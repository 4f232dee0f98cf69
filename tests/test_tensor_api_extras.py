"""Small Tensor/torch API functions: isin, type_as, fill_diagonal_, is_nonzero, in-place aliases ...

Each case has a golden result that runs without PyTorch and is compared with
PyTorch when it is installed.
"""
from __future__ import annotations

import math

import pytest

import ember

try:
    import torch
except Exception:  # pragma: no cover - torch is the optional oracle
    torch = None

CASES = [
    ("type_as", lambda L: L.tensor([1.7, 2.0]).type_as(L.tensor([1])), ([1, 2], "int64")),
    ("isin", lambda L: L.isin(L.tensor([1, 2, 3]), L.tensor([2, 5])), ([False, True, False], "bool")),
    ("isin_scalar_test", lambda L: L.isin(L.tensor([1.0, 2.0]), 2.0), ([False, True], "bool")),
    ("isin_invert", lambda L: L.isin(L.tensor([1, 2]), L.tensor([2]), invert=True), ([True, False], "bool")),
    ("fill_diagonal", lambda L: L.zeros(2, 3).fill_diagonal_(5), ([[5.0, 0.0, 0.0], [0.0, 5.0, 0.0]], "float32")),
    ("fill_diagonal_wrap", lambda L: L.zeros(5, 2).fill_diagonal_(1, wrap=True),
     ([[1.0, 0.0], [0.0, 1.0], [0.0, 0.0], [1.0, 0.0], [0.0, 1.0]], "float32")),
    ("fill_diagonal_cube", lambda L: L.zeros(2, 2, 2).fill_diagonal_(3),
     ([[[3.0, 0.0], [0.0, 0.0]], [[0.0, 0.0], [0.0, 3.0]]], "float32")),
    ("fill_diagonal_bad", lambda L: L.zeros(2, 3, 4).fill_diagonal_(1),
     ("RuntimeError", "all dimensions of input must be of equal length")),
    ("is_nonzero", lambda L: L.tensor([0.5]).is_nonzero(), (True, "")),
    ("is_nonzero_many", lambda L: L.tensor([1.0, 2.0]).is_nonzero(),
     ("RuntimeError", "Boolean value of Tensor with more than one value is ambiguous")),
    ("is_signed_uint8", lambda L: L.tensor([1], dtype=L.uint8).is_signed(), (False, "")),
    ("get_device_cpu", lambda L: L.tensor([1.0]).get_device(), (-1, "")),
    ("logit", lambda L: L.logit(L.tensor([0.5])), ([0.0], "float32")),
    ("sinc", lambda L: L.tensor([0.0, 1.0]).sinc().round(decimals=4), ([1.0, -0.0], "float32")),
    ("greater_", lambda L: L.tensor([1.0, -2.0]).greater_(0), ([1.0, 0.0], "float32")),
    ("logical_and_", lambda L: L.tensor([1, 0]).logical_and_(L.tensor([1, 1])), ([1, 0], "int64")),
    ("fix_", lambda L: L.tensor([-1.5, 2.5]).fix_(), ([-1.0, 2.0], "float32")),
    ("heaviside_", lambda L: L.tensor([-1.0, 0.0, 3.0]).heaviside_(L.tensor([0.5])), ([0.0, 0.5, 1.0], "float32")),
    ("positive_bool", lambda L: L.tensor([True]).positive(),
     ("RuntimeError", "The `+` operator, on a bool tensor is not supported.")),
]


def _run(lib, fn):
    try:
        r = fn(lib)
    except Exception as e:  # noqa: BLE001 - the error is the result
        return type(e).__name__, str(e)
    if hasattr(r, "tolist"):
        return r.tolist(), str(r.dtype).split(".")[-1]
    return r, ""


@pytest.mark.parametrize("name,fn,want", CASES, ids=[c[0] for c in CASES])
def test_api_extras_golden(name, fn, want):
    got = _run(ember, fn)
    assert got == want or (isinstance(want[0], list) and got[1] == want[1] and all(
        math.copysign(1, a) == math.copysign(1, b) and a == b for a, b in zip(got[0], want[0])))


@pytest.mark.skipif(torch is None, reason="PyTorch (oracle) not installed")
@pytest.mark.parametrize("name,fn,want", CASES, ids=[c[0] for c in CASES])
def test_api_extras_match_torch(name, fn, want):
    assert _run(ember, fn) == _run(torch, fn)


def test_fill_diagonal_is_in_place_and_tracked():
    x = ember.zeros(3, 3, requires_grad=True)
    y = x * 1
    out = y.fill_diagonal_(2.0)
    assert out is y and y.grad_fn is not None
    y.sum().backward()
    assert x.grad.tolist() == [[0.0, 1.0, 1.0], [1.0, 0.0, 1.0], [1.0, 1.0, 0.0]]


# ------------------------------------------------------------ in-place view ops
INPLACE_VIEWS = [
    ("unsqueeze_", lambda b: b.unsqueeze_(0), "UnsqueezeBackward1", (1, 2, 1, 3)),
    ("squeeze_", lambda b: b.squeeze_(), "SqueezeBackward3", (2, 3)),
    ("squeeze_dim", lambda b: b.squeeze_(1), "SqueezeBackward4", (2, 3)),
    ("squeeze_dims", lambda b: b.squeeze_((1,)), "SqueezeBackward5", (2, 3)),
    ("transpose_", lambda b: b.transpose_(0, 2), "TransposeBackward1", (3, 1, 2)),
    ("swapaxes_", lambda b: b.swapaxes_(0, 2), "TransposeBackward1", (3, 1, 2)),
]


@pytest.mark.parametrize("name,op,node,shape", INPLACE_VIEWS, ids=[c[0] for c in INPLACE_VIEWS])
def test_inplace_view_ops(name, op, node, shape):
    a = ember.arange(6.0).reshape(2, 1, 3).requires_grad_()
    b = a * 2
    v = b._version
    r = op(b)
    assert r is b and tuple(b.shape) == shape and b._version == v + 1
    assert b.grad_fn.name() == node
    (b * ember.arange(6.0).reshape(shape)).sum().backward()
    if torch is not None:
        ta = torch.arange(6.0).reshape(2, 1, 3).requires_grad_()
        tb = ta * 2
        op(tb)
        (tb * torch.arange(6.0).reshape(shape)).sum().backward()
        assert a.grad.tolist() == ta.grad.tolist()


def test_inplace_view_rules():
    leaf = ember.ones(2, 3, requires_grad=True)
    with pytest.raises(RuntimeError, match="^a leaf Variable that requires grad is being used in an in-place"):
        leaf.unsqueeze_(0)
    x = ember.ones(2, 3)
    x.t_()
    assert tuple(x.shape) == (3, 2)
    y = (ember.ones(2, 3, requires_grad=True) * 1).t_()
    assert y.grad_fn.name() == "TBackward1"
    base = ember.ones(3, 4, requires_grad=True)
    c = base * 1
    w = c[0]
    w.unsqueeze_(0)
    assert tuple(w.shape) == (1, 4) and w._base is c
    w.mul_(2)  # an in-place write through the reshaped view rebases c's history
    assert c.grad_fn.name() == "torch::autograd::CopySlices"
    c.sum().backward()
    assert base.grad.tolist() == [[2.0] * 4, [1.0] * 4, [1.0] * 4]


# ------------------------------------------------------------ local_response_norm, pairwise_distance
def test_local_response_norm_golden_and_errors():
    import numpy as np
    x = ember.tensor([[[1.0], [2.0], [3.0]]], requires_grad=True)  # (N=1, C=3, L=1)
    y = ember.nn.functional.local_response_norm(x, 2, alpha=1.0, beta=1.0, k=1.0)
    # window of 2 channels (zero pad above): means of squares 0.5, 2.5, 6.5 -> x / (1 + mean)
    np.testing.assert_allclose(y.detach().numpy().ravel(), [1 / 1.5, 2 / 3.5, 3 / 7.5], rtol=1e-6)
    assert y.grad_fn.name() == "DivBackward0"
    assert repr(ember.nn.LocalResponseNorm(2)) == "LocalResponseNorm(2, alpha=0.0001, beta=0.75, k=1.0)"
    with pytest.raises(ValueError, match="^Expected 3D or higher dimensionality {26}input \\(got 2 dimensions\\)$"):
        ember.nn.functional.local_response_norm(ember.ones(2, 3), 2)


@pytest.mark.skipif(torch is None, reason="PyTorch (oracle) not installed")
@pytest.mark.parametrize("shape,size", [((2, 5, 4, 3), 3), ((2, 5, 7), 2), ((1, 4, 2, 2, 2), 4)])
def test_local_response_norm_matches_torch(shape, size):
    import numpy as np
    a = np.random.default_rng(0).standard_normal(shape).astype(np.float32)
    out = []
    for lib in (torch, ember):
        x = lib.tensor(a, requires_grad=True)
        y = lib.nn.functional.local_response_norm(x, size, alpha=0.5, beta=0.8, k=1.5)
        y.backward(lib.ones_like(y))
        out.append((y.detach().numpy(), x.grad.numpy()))
    np.testing.assert_allclose(out[0][0], out[1][0], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(out[0][1], out[1][1], rtol=1e-4, atol=1e-5)


def test_pairwise_distance_records_norm_backward1():
    x = ember.randn(4, 6, requires_grad=True)
    y = ember.nn.functional.pairwise_distance(x, x * 0.5)
    assert y.grad_fn.name() == "NormBackward1"
    y.sum().backward()
    assert x.grad is not None


def test_set_num_threads_sets_the_blas_threads_and_checks_like_pytorch():
    n0 = ember.get_num_threads()
    assert n0 >= 1
    try:
        ember.set_num_threads(1)
        assert ember.get_num_threads() == 1
        a = ember.randn(300, 300)
        assert ember.allclose(a @ a, ember.from_numpy(a.numpy() @ a.numpy()))
    finally:
        ember.set_num_threads(n0)
    assert ember.get_num_threads() == n0
    with pytest.raises(RuntimeError, match="^set_num_threads expects a positive integer$"):
        ember.set_num_threads(0)
    with pytest.raises(RuntimeError, match="^set_num_threads expects an int, but got float$"):
        ember.set_num_threads(2.5)


def test_is_inference_is_a_method_and_custom_function_nodes_print_like_pytorch():
    assert ember.ones(2).is_inference() is False

    class Twice(ember.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, g):
            return g * 2

    y = Twice.apply(ember.ones(1, requires_grad=True))
    assert repr(y) == "tensor([2.], grad_fn=<TwiceBackward>)"
    assert repr(y.grad_fn).startswith("<torch.autograd.function.TwiceBackward object at 0x")


@pytest.mark.parametrize("call,msg", [
    (lambda: ember.zeros(2, dtype=ember.long).requires_grad_(), "only Tensors of floating point dtype can require gradients"),
    (lambda: setattr(ember.zeros(2, dtype=ember.long), "requires_grad", True),
     "only Tensors of floating point and complex dtype can require gradients"),
    (lambda: ember.arange(0, 10, -1), "upper bound and lower bound inconsistent with step sign"),
    (lambda: ember.empty(2).uniform_(1, 0), "uniform_ expects to return a [from, to) range, but found from=1 > to=0"),
    (lambda: ember.empty(2).uniform_(1e-7, 0.0),
     "uniform_ expects to return a [from, to) range, but found from=1e-07 > to=0"),
])
def test_pytorch_error_wording(call, msg):
    with pytest.raises(RuntimeError) as e:
        call()
    assert str(e.value) == msg


def test_numpy_scalars_keep_their_dtype_like_pytorch():
    import numpy as np
    assert ember.tensor(np.float64(3.5)).dtype == ember.float64
    assert ember.as_tensor(np.float64(3.5)).dtype == ember.float64
    assert ember.tensor(np.int32(3)).dtype == ember.int32
    assert ember.full((2,), np.int32(3)).dtype == ember.int64
    assert ember.full((2,), np.bool_(True)).dtype == ember.float32
    assert ember.full((2,), True).dtype == ember.bool
