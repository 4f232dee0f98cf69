"""Integer and bool tensors through arithmetic: PyTorch's results, dtypes and errors.

Golden values follow PyTorch's integer kernels (integer division by zero raises
``RuntimeError: ZeroDivisionError``; ``x ** negative`` with an integer tensor
exponent is 1 for a base of 1, +-1 for -1 and 0 otherwise; shifts by a negative
amount or by the bit width give 0 or the sign).  The same table is compared with
PyTorch when it is installed.
"""
from __future__ import annotations

import pytest

import ember

try:
    import torch
except Exception:  # pragma: no cover - torch is the optional oracle
    torch = None

I = lambda L: L.tensor([3, -2, 0])  # noqa: E731
J = lambda L: L.tensor([2, 3, 1])  # noqa: E731
B = lambda L: L.tensor([True, False, True])  # noqa: E731

# name, fn(lib) -> tensor, expected: ("ok", values, dtype name) or (exception type, message)
CASES = [
    ("floordiv_by_zero", lambda L: I(L) // I(L), ("RuntimeError", "ZeroDivisionError")),
    ("floordiv_scalar_zero", lambda L: I(L) // 0, ("RuntimeError", "ZeroDivisionError")),
    ("mod_by_zero", lambda L: I(L) % L.tensor([1, 0, 1]), ("RuntimeError", "ZeroDivisionError")),
    ("fmod_by_zero", lambda L: L.fmod(I(L), 0), ("RuntimeError", "ZeroDivisionError")),
    ("div_trunc_by_zero", lambda L: L.div(I(L), 0, rounding_mode="trunc"), ("RuntimeError", "ZeroDivisionError")),
    ("floordiv_ok", lambda L: I(L) // J(L), ("ok", [1, -1, 0], "int64")),
    ("float_floordiv_by_zero", lambda L: L.tensor([3.0, -1.0]) // 0, ("ok", [float("inf"), float("-inf")], "float32")),
    ("bool_floordiv", lambda L: B(L) // B(L), ("NotImplementedError", "\"div_floor_cpu\" not implemented for 'Bool'")),
    ("bool_mod", lambda L: B(L) % B(L), ("NotImplementedError", "\"remainder_cpu\" not implemented for 'Bool'")),
    ("bool_pow", lambda L: B(L) ** B(L), ("NotImplementedError", "\"pow\" not implemented for 'Bool'")),
    ("int_pow_negative_tensor", lambda L: L.tensor([0, 1, -1, 2, 3, -1]) ** L.tensor([-1, -1, -1, -1, -2, -2]),
     ("ok", [0, 1, -1, 0, 0, 1], "int64")),
    ("int_pow_negative_scalar", lambda L: I(L) ** -1,
     ("RuntimeError", "Integers to negative integer powers are not allowed.")),
    ("scalar_pow_int_tensor", lambda L: 2 ** L.tensor([-1, 0, 3]), ("ok", [0, 1, 8], "int64")),
    ("bool_pow_int", lambda L: B(L) ** 2, ("ok", [1, 0, 1], "int64")),
    ("lshift", lambda L: L.tensor([3, -8]) << L.tensor([1, 2]), ("ok", [6, -32], "int64")),
    ("rshift_arith", lambda L: L.tensor([3, -8]) >> 1, ("ok", [1, -4], "int64")),
    ("shift_out_of_range", lambda L: L.tensor([3, -9]) >> 70, ("ok", [0, -1], "int64")),
    ("lshift_negative", lambda L: L.tensor([3]) << -1, ("ok", [0], "int64")),
    ("rlshift", lambda L: 1 << L.tensor([2, 3]), ("ok", [4, 8], "int64")),
    ("lshift_uint8_wraps", lambda L: L.bitwise_left_shift(L.tensor([3], dtype=L.uint8), 7), ("ok", [128], "uint8")),
    ("lshift_float", lambda L: L.tensor([1.5]) << 1, ("NotImplementedError", "\"lshift_cpu\" not implemented for 'Float'")),
    ("and_double", lambda L: L.tensor([1], dtype=L.float64) & L.tensor([1]),
     ("NotImplementedError", "\"bitwise_and_cpu\" not implemented for 'Double'")),
    ("frac_int", lambda L: I(L).frac(), ("NotImplementedError", "\"frac_cpu\" not implemented for 'Long'")),
    ("abs_bool", lambda L: B(L).abs(), ("NotImplementedError", "\"abs_cpu\" not implemented for 'Bool'")),
    ("round_bool", lambda L: B(L).round(), ("NotImplementedError", "\"round_vml_cpu\" not implemented for 'Bool'")),
    ("round_int_decimals", lambda L: I(L).round(decimals=1), ("NotImplementedError", "\"round_cpu\" not implemented for 'Long'")),
    ("argmax_bool", lambda L: B(L).argmax(), ("RuntimeError", "argmax(): does not support bool input")),
    ("topk_bool", lambda L: B(L).topk(1), ("RuntimeError", "topk does not support bool dtypes on CPU")),
    ("sign_bool", lambda L: B(L).sign(), ("ok", [True, False, True], "bool")),
]


def _run(lib, fn):
    try:
        r = fn(lib)
    except Exception as e:  # noqa: BLE001 - the exception is the result
        return type(e).__name__, str(e)
    return "ok", r.tolist(), str(r.dtype).split(".")[-1]


@pytest.mark.parametrize("name,fn,want", CASES, ids=[c[0] for c in CASES])
def test_integer_ops_golden(name, fn, want):
    assert _run(ember, fn) == want


@pytest.mark.skipif(torch is None, reason="PyTorch (oracle) not installed")
@pytest.mark.parametrize("name,fn,want", CASES, ids=[c[0] for c in CASES])
def test_integer_ops_match_torch(name, fn, want):
    assert _run(ember, fn) == _run(torch, fn)


def test_in_place_shifts():
    x = ember.tensor([1, 2])
    x <<= 2
    assert x.tolist() == [4, 8]
    x.bitwise_right_shift_(1)
    assert x.tolist() == [2, 4]


# ------------------------------------------------------------------ diff / heaviside
def test_diff_golden_and_gradient():
    x = ember.tensor([[1.0, 4.0, 9.0], [2.0, 3.0, 5.0]], requires_grad=True)
    y = ember.diff(x, n=2, dim=1)
    assert y.tolist() == [[2.0], [1.0]] and y.grad_fn.name() == "SubBackward0"
    y.sum().backward()
    assert x.grad.tolist() == [[1.0, -2.0, 1.0], [1.0, -2.0, 1.0]]
    assert ember.diff(x.detach(), dim=0, prepend=ember.zeros(1, 3)).tolist() == [[1.0, 4.0, 9.0], [1.0, -1.0, -4.0]]
    assert x.detach().diff(append=ember.ones(2, 1)).tolist() == [[3.0, 5.0, -8.0], [1.0, 2.0, -4.0]]
    assert ember.diff(ember.tensor([True, False, False])).tolist() == [True, False]
    with pytest.raises(RuntimeError, match="^diff expects input to be at least one-dimensional$"):
        ember.diff(ember.tensor(1.0))
    with pytest.raises(RuntimeError, match="^order must be non-negative but got -1$"):
        ember.diff(x, n=-1)


def test_heaviside_and_not_implemented_derivatives():
    assert ember.heaviside(ember.tensor([-1.0, 0.0, 2.0]), ember.tensor([0.5])).tolist() == [0.0, 0.5, 1.0]
    with pytest.raises(RuntimeError, match="^heaviside is not yet implemented for tensors with different dtypes.$"):
        ember.heaviside(ember.tensor([1.0]), ember.tensor([1]))
    x = ember.tensor([-1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="^derivative for aten::heaviside is not implemented$"):
        ember.heaviside(x, ember.tensor([1.0])).sum().backward()
    with pytest.raises(RuntimeError, match="^derivative for aten::floor_divide is not implemented$"):
        (x // 2).sum().backward()


@pytest.mark.skipif(torch is None, reason="PyTorch (oracle) not installed")
def test_diff_matches_torch():
    import numpy as np
    a = np.random.default_rng(3).standard_normal((3, 5)).astype(np.float32)
    for kw in ({}, {"n": 3}, {"dim": 0}, {"n": 2, "prepend": "p", "append": "a"}):
        out = []
        for lib in (torch, ember):
            k = dict(kw)
            if "prepend" in k:
                k["prepend"], k["append"] = lib.ones(3, 1), lib.zeros(3, 2)
            x = lib.tensor(a, requires_grad=True)
            y = lib.diff(x, **k)
            y.backward(lib.ones_like(y))
            out.append((y.detach().numpy(), x.grad.numpy()))
        np.testing.assert_array_equal(out[0][0], out[1][0])
        np.testing.assert_array_equal(out[0][1], out[1][1])
