"""Differences found by sweeping PyTorch's OpInfo database over ember's pointwise, comparison,
bitwise, special and conversion ops and ``torch.masked`` (session 13, helper h1).

Each test has golden values that run without PyTorch; where PyTorch is installed the same case
is also compared with it.
"""
from __future__ import annotations

import math
import os

import numpy as np
import pytest

import ember


@pytest.fixture(autouse=True)
def _no_tty(monkeypatch):
    """PyTorch colours argument-mismatch marks on a terminal; the goldens are the plain ``!`` form."""
    monkeypatch.setattr(os, "isatty", lambda fd: False)


def _error(lib, fn):
    try:
        fn(lib)
    except Exception as e:  # noqa: BLE001
        return type(e).__name__, str(e)
    return None


def _torch_or_skip():
    return pytest.importorskip("torch")


# ------------------------------------------------------------------ clamp with tensor bounds
def _clamp_min_case(lib):
    x = lib.tensor([1.0, 0.0, float("nan"), 2.0], dtype=lib.float64, requires_grad=True)
    lo = lib.tensor([0.5, float("nan"), 1.0, 3.0], dtype=lib.float64, requires_grad=True)
    y = lib.clamp_min(x, lo)
    gx, glo = lib.autograd.grad(y.sum(), [x, lo])
    return type(y.grad_fn).__name__, gx.tolist(), glo.tolist()


def _clamp_max_case(lib):
    x = lib.tensor([1.0, 0.0, 4.0], dtype=lib.float64, requires_grad=True)
    hi = lib.tensor([0.5, 1.0, 3.0], dtype=lib.float64, requires_grad=True)
    y = x.clamp_max(hi)
    gx, ghi = lib.autograd.grad(y.sum(), [x, hi])
    return type(y.grad_fn).__name__, gx.tolist(), ghi.tolist()


def _clamp_both_case(lib):
    # the third element has crossed bounds (min > max): the max bound wins, and takes the gradient
    x = lib.tensor([1.0, 0.0, 0.5, 3.0, float("nan")], dtype=lib.float64, requires_grad=True)
    lo = lib.tensor([0.5, 0.5, 2.0, 0.0, 0.0], dtype=lib.float64, requires_grad=True)
    hi = lib.tensor([2.0, 1.0, 1.0, 2.0, 1.0], dtype=lib.float64, requires_grad=True)
    y = lib.clamp(x, lo, hi)
    grads = lib.autograd.grad(y.sum(), [x, lo, hi])
    return type(y.grad_fn).__name__, [g.tolist() for g in grads]


def test_clamp_min_tensor_bound_node_and_grads():
    name, gx, glo = _clamp_min_case(ember)
    assert name == "ClampMinBackward1"
    assert gx == [1.0, 0.0, 0.0, 0.0]  # NaN on either side: neither gets the gradient
    assert glo == [0.0, 0.0, 0.0, 1.0]


def test_clamp_max_tensor_bound_node_and_grads():
    assert _clamp_max_case(ember) == ("ClampMaxBackward1", [0.0, 1.0, 0.0], [1.0, 0.0, 1.0])


def test_clamp_crossed_tensor_bounds_grads():
    name, (gx, glo, ghi) = _clamp_both_case(ember)
    assert name == "ClampBackward0"
    assert gx == [1.0, 0.0, 0.0, 0.0, 0.0]
    assert glo == [0.0, 1.0, 0.0, 0.0, 0.0]
    assert ghi == [0.0, 0.0, 1.0, 1.0, 0.0]


@pytest.mark.parametrize("case", [_clamp_min_case, _clamp_max_case, _clamp_both_case])
def test_clamp_tensor_bounds_match_torch(case):
    torch = _torch_or_skip()
    assert case(ember) == case(torch)


def test_inplace_clamp_min_tensor_node():
    x = ember.tensor([1.0, 0.0], requires_grad=True).clone()
    assert type(x.clamp_min_(ember.tensor([0.5, 0.5])).grad_fn).__name__ == "ClampMinBackward1"


# ------------------------------------------------------------------------ number operands
def test_mul_of_two_numbers():
    assert ember.mul(2, 3).item() == 6  # (was 4: the first number twice)
    assert ember.mul(2.5, 3).item() == 7.5


_ARG_ERRORS = [
    ("bitwise_and_numbers", lambda t: t.bitwise_and(2, 3)),
    ("bitwise_left_shift_numbers", lambda t: t.bitwise_left_shift(2, 3)),
    ("remainder_numbers", lambda t: t.remainder(2, 3)),
    ("remainder_str", lambda t: t.remainder(t.tensor([1]), "x")),
    ("remainder_list", lambda t: t.remainder(t.tensor([1]), [1, 2.5])),
    ("remainder_1tuple", lambda t: t.remainder(t.tensor([1]), (1,))),
    ("max_numbers", lambda t: t.max(2, 3)),
    ("max_number_tensor", lambda t: t.max(2, t.tensor([1, 2]))),
    ("min_number_tensor", lambda t: t.min(2, t.tensor([1, 2]))),
    ("pow_numbers", lambda t: t.pow(2, 3)),
    ("float_power_numbers", lambda t: t.float_power(2, 3)),
    ("xlogy_numbers", lambda t: t.xlogy(2, 3)),
    ("special_xlogy_numbers", lambda t: t.special.xlogy(2, 3)),
    ("fmax_numbers", lambda t: t.fmax(2, 3)),
    ("maximum_numbers", lambda t: t.maximum(2, 3)),
    ("heaviside_numbers", lambda t: t.heaviside(2, 3)),
    ("isclose_numbers", lambda t: t.isclose(2, 3)),
    ("logical_and_numbers", lambda t: t.logical_and(2, 3)),
    ("multiply_method_tuple", lambda t: t.tensor([1.0, 2.0]).multiply((1, 2))),
    ("multiply_tuple", lambda t: t.multiply(t.tensor([1.0, 2.0]), (1, 2))),
    ("pow_method_tuple", lambda t: t.tensor([1.0, 2.0]).pow((1, 2))),
    ("eq_method_tuple", lambda t: t.tensor([1.0]).eq((1, 2))),
    ("greater_method_tuple", lambda t: t.tensor([1.0]).greater((1, 2))),
    ("divide_method_tuple", lambda t: t.tensor([1.0]).divide((1, 2))),
    ("subtract_method_tuple", lambda t: t.tensor([1.0]).subtract((1, 2))),
    ("bitwise_and_method_none", lambda t: t.tensor([1]).bitwise_and(None)),
    ("bitwise_and_operator_tuple", lambda t: t.tensor([1]) & (1, 2)),
    ("bitwise_or_operator_none", lambda t: t.tensor([1]) | None),
    ("exp_number", lambda t: t.exp(2)),
    ("sin_float", lambda t: t.sin(2.0)),
    ("ldexp_numbers", lambda t: t.ldexp(2, 3)),
    ("neg_number", lambda t: t.neg(2)),
    ("abs_number", lambda t: t.abs(2)),
    ("isnan_float", lambda t: t.isnan(2.0)),
    ("logical_not_number", lambda t: t.logical_not(2)),
    ("round_float", lambda t: t.round(2.5)),
    ("erf_number", lambda t: t.erf(2)),
    ("sinc_number", lambda t: t.sinc(2)),
    ("complex_out_dtype", lambda t: t.complex(t.ones(2, dtype=t.float64), t.ones(2, dtype=t.float64),
                                              out=t.zeros(2, dtype=t.complex64))),
    ("clamp_min_method_tuple", lambda t: t.tensor([1.0]).clamp_min((1, 2))),
    ("clamp_method_tuple", lambda t: t.tensor([1.0]).clamp((1, 2))),
    ("clamp_tuple", lambda t: t.clamp(t.tensor([1.0]), (1, 2))),
    ("clamp_numbers", lambda t: t.clamp(2, 0, 1)),
    ("eq_none", lambda t: t.eq(t.tensor([1.0]), None)),
    ("gt_method_none", lambda t: t.tensor([1.0]).gt(None)),
    ("lt_operator_none", lambda t: t.tensor([1.0]) < None),
    ("eq_operator_none", lambda t: (t.tensor([1.0]) == None) and None),  # noqa: E711 (False, no error)
    ("where_tuple", lambda t: t.where(t.tensor([True]), (1,), 2)),
    ("where_str", lambda t: t.where(t.tensor([True]), 1, "a")),
    ("isclose_negative_rtol", lambda t: t.isclose(t.tensor(1.0), t.tensor(2.0), rtol=-0.4)),
    ("isclose_negative_atol", lambda t: t.isclose(t.tensor(1.0), t.tensor(2.0), atol=-0.4)),
    ("allclose_negative_rtol", lambda t: t.allclose(t.tensor(1.0), t.tensor(2.0), rtol=-0.5)),
]

_OUT = ", *, Tensor out = None)\n"
_GOLDEN = {
    "bitwise_and_numbers": (
        "TypeError",
        "bitwise_and() received an invalid combination of arguments - got (int, int), but expected one of:\n"
        " * (Tensor input, Tensor other" + _OUT +
        " * (Number self, Tensor other)\n"
        "      didn't match because some of the arguments have invalid types: (!int!, !int!)\n"
        " * (Tensor input, Number other" + _OUT),
    "max_number_tensor": (
        "TypeError",
        "max() received an invalid combination of arguments - got (int, Tensor), but expected one of:\n"
        " * (Tensor input, *, Tensor out = None)\n"
        " * (Tensor input, Tensor other" + _OUT +
        " * (Tensor input, int dim, bool keepdim = False, *, tuple of Tensors out = None)\n"),
    "fmax_numbers": ("TypeError", "fmax(): argument 'input' (position 1) must be Tensor, not int"),
    "multiply_method_tuple": (
        "TypeError",
        "multiply() received an invalid combination of arguments - got (tuple), but expected one of:\n"
        " * (Tensor other)\n"
        "      didn't match because some of the arguments have invalid types: (!tuple of (int, int)!)\n"
        " * (Number other)\n"
        "      didn't match because some of the arguments have invalid types: (!tuple of (int, int)!)\n"),
    "bitwise_and_operator_tuple": ("TypeError", "unsupported operand type(s) for &: 'Tensor' and 'tuple'"),
    "exp_number": ("TypeError", "exp(): argument 'input' (position 1) must be Tensor, not int"),
    "isclose_negative_rtol": ("RuntimeError", "rtol must be greater than or equal to zero, but got -0.4"),
    "ldexp_numbers": ("TypeError", "ldexp(): argument 'input' (position 1) must be Tensor, not int"),
    "clamp_method_tuple": (
        "TypeError",
        "clamp() received an invalid combination of arguments - got (tuple), but expected one of:\n"
        " * (Tensor min = None, Tensor max = None)\n * (Number min = None, Number max = None)\n"),
    "eq_none": (
        "TypeError",
        "eq() received an invalid combination of arguments - got (Tensor, NoneType), but expected one of:\n"
        " * (Tensor input, Tensor other" + _OUT + " * (Tensor input, Number other" + _OUT),
    "where_tuple": (
        "TypeError",
        "where() received an invalid combination of arguments - got (Tensor, tuple, int), but expected one of:\n"
        " * (Tensor condition)\n * (Tensor condition, Tensor input, Tensor other" + _OUT +
        " * (Tensor condition, Number self, Tensor other)\n"
        "      didn't match because some of the arguments have invalid types: (Tensor, !tuple of (int,)!, !int!)\n"
        " * (Tensor condition, Tensor input, Number other)\n"
        "      didn't match because some of the arguments have invalid types: (Tensor, !tuple of (int,)!, !int!)\n"
        " * (Tensor condition, Number self, Number other)\n"
        "      didn't match because some of the arguments have invalid types: (Tensor, !tuple of (int,)!, !int!)\n"),
    "round_float": ("TypeError", "round(): argument 'input' (position 1) must be Tensor, not float"),
    "complex_out_dtype": ("RuntimeError", "Expected object of scalar type ComplexDouble but got scalar type "
                                          "ComplexFloat for argument 'out'"),
    "xlogy_numbers": (
        "TypeError",
        "xlogy() received an invalid combination of arguments - got (int, int), but expected one of:\n"
        " * (Tensor input, Tensor other" + _OUT + " * (Number self, Tensor other" + _OUT +
        " * (Tensor input, Number other" + _OUT),
}


@pytest.mark.parametrize("key", sorted(_GOLDEN))
def test_argument_errors_golden(key):
    fn = dict(_ARG_ERRORS)[key]
    assert _error(ember, fn) == _GOLDEN[key]


@pytest.mark.parametrize("key,fn", _ARG_ERRORS, ids=[k for k, _ in _ARG_ERRORS])
def test_argument_errors_match_torch(key, fn):
    torch = _torch_or_skip()
    assert _error(ember, fn) == _error(torch, fn)


def test_unsupported_half_dtypes_say_so():
    assert _error(ember, lambda t: t.ones(2).chalf()) == (
        "RuntimeError", "ember has no complex32 (ComplexHalf) dtype: PyTorch would return a complex32 tensor here")
    assert "bfloat16" in _error(ember, lambda t: t.ones(2).bfloat16())[1]


def test_bitwise_operator_still_works_with_numbers():
    t = ember.tensor([6])
    assert (t & 3).tolist() == [2] and (3 | t).tolist() == [7] and (t ^ t).tolist() == [0]
    assert t.__and__((1, 2)) is NotImplemented


# ------------------------------------------------------------------------------- round
def test_round_decimals_zero_is_the_decimals_overload():
    x = ember.tensor([1.5, 2.5], requires_grad=True)
    assert type(ember.round(x, decimals=0).grad_fn).__name__ == "RoundBackward1"
    assert type(ember.round(x).grad_fn).__name__ == "RoundBackward0"
    assert _error(ember, lambda t: t.round(t.tensor([1, 2]), decimals=0)) == (
        "NotImplementedError", "\"round_vml_cpu\" not implemented for 'Long'")
    assert ember.round(ember.tensor([1, 2])).tolist() == [1, 2]


# -------------------------------------------------------------------------------- to()
def _to_cases(lib):
    x4 = lib.ones(2, 3, 2, 3, dtype=lib.float64, requires_grad=True)
    x2 = lib.ones(2, 3, dtype=lib.float64, requires_grad=True)
    out = {
        "channels_last_strides": x4.to(memory_format=lib.channels_last).stride(),
        "channels_last_node": type(x4.to(memory_format=lib.channels_last).grad_fn).__name__,
        "double_channels_last": x4.double(memory_format=lib.channels_last).stride(),
        "positional_copy": type(x4.to(lib.float64, False, True).grad_fn).__name__,
        "non_blocking_only": x4.to(lib.float64, True) is x4,
        "copy_kw": type(x2.to(lib.float64, copy=True).grad_fn).__name__,
        "preserve": x4.to(memory_format=lib.preserve_format) is x4,
        "cdouble_mf": str(x2.detach().cdouble(memory_format=lib.contiguous_format).dtype),
        "float_as_dtype": str(lib.ones(2).to(3.5).dtype),
    }
    cl = lib.ones(2, 3, 2, 3, requires_grad=True).contiguous(memory_format=lib.channels_last)
    out["contiguous_cl"] = (cl.stride(), type(cl.grad_fn).__name__, cl.contiguous().stride(), cl.is_contiguous())
    out["contiguous_rank"] = _error(lib, lambda t: t.ones(2, 3).contiguous(memory_format=t.channels_last))
    out["rank_error"] = _error(lib, lambda t: t.ones(2, 3).to(t.float64, memory_format=t.channels_last))
    out["too_many_flags"] = _error(lib, lambda t: t.ones(2).to(t.float64, False, True, True))[0]
    return out


def test_to_memory_format_and_copy_golden():
    got = _to_cases(ember)
    assert got["channels_last_strides"] == (18, 1, 9, 3)
    assert got["channels_last_node"] == "ToCopyBackward0"
    assert got["double_channels_last"] == (18, 1, 9, 3)
    assert got["positional_copy"] == "ToCopyBackward0"
    assert got["non_blocking_only"] is True
    assert got["copy_kw"] == "ToCopyBackward0"
    assert got["preserve"] is True
    assert got["cdouble_mf"] == "torch.complex128"
    assert got["float_as_dtype"] == "torch.float64"
    assert got["contiguous_cl"] == ((18, 1, 9, 3), "CloneBackward0", (18, 6, 3, 1), False)
    assert got["contiguous_rank"] == ("RuntimeError", "required rank 4 tensor to use channels_last format")
    assert got["rank_error"] == ("RuntimeError", "required rank 4 tensor to use channels_last format")
    assert got["too_many_flags"] == "TypeError"


def test_to_matches_torch():
    torch = _torch_or_skip()
    assert _to_cases(ember) == _to_cases(torch)


# ---------------------------------------------------------------- log_softmax, empty rows
def test_log_softmax_backward_of_empty_rows():
    x = ember.zeros(5, 0, dtype=ember.float64, requires_grad=True)
    (g,) = ember.autograd.grad(ember.log_softmax(x, -1), [x], ember.zeros(5, 0, dtype=ember.float64))
    assert tuple(g.shape) == (5, 0)


# ----------------------------------------------------------------------- torch.masked
_X = [[1.0, -2.0, 3.0, 0.5], [4.0, 0.25, -1.0, 2.0], [-3.0, 1.5, 2.5, -0.5]]
_M = [[True, False, True, True], [False, False, False, False], [True, True, False, True]]


def _masked_cases(lib):
    x = lib.tensor(_X, dtype=lib.float64, requires_grad=True)
    m = lib.tensor(_M)
    mk = lib.masked
    res = {
        "sum": mk.sum(x, 1, mask=m),
        "sum_all": mk.sum(x, mask=m),
        "prod": mk.prod(x, 1, mask=m),
        "amax": mk.amax(x, 1, mask=m),
        "amin_keep": mk.amin(x, 0, keepdim=True, mask=m),
        "argmax": mk.argmax(x, 1, mask=m),
        "mean": mk.mean(x, 1, mask=m),
        "var": mk.var(x, 1, mask=m),
        "std0": mk.std(x, 1, unbiased=False, mask=m),
        "norm": mk.norm(x, 2.0, 1, mask=m),
        "median": mk.median(x, 1, mask=m),
        "logsumexp": mk.logsumexp(x, 1, mask=m),
        "softmax": mk.softmax(x, 1, mask=m),
        "log_softmax": mk.log_softmax(x, 1, mask=m),
        "softmin": mk.softmin(x, 1, mask=m),
        "cumsum": mk.cumsum(x, 1, mask=m),
        "cumprod": mk.cumprod(x, 1, mask=m),
        "logaddexp": mk.logaddexp(x, x * 2, input_mask=m, other_mask=m),
        "normalize": mk.normalize(x, 2.0, 1, mask=m),
        "row_mask": mk.sum(x, 1, mask=lib.tensor([True, False, True, True])),
        "int_sum": mk.sum(lib.tensor([[1, 2], [3, 4]], dtype=lib.int32), 0,
                          mask=lib.tensor([[True, False], [True, True]])),
    }
    out = {}
    for k, v in res.items():
        fn = v.grad_fn
        out[k] = (str(v.dtype), np.asarray(v.detach().numpy()).tolist(),
                  type(fn).__name__ if fn is not None else None)
    (g,) = lib.autograd.grad(mk.sum(x, 1, mask=m).sum() + mk.softmax(x, 1, mask=m)[:, 0].sum(), [x])
    out["grad"] = g.tolist()
    return out


def test_masked_golden():
    got = _masked_cases(ember)
    assert got["sum"] == ("torch.float64", [4.5, 0.0, -2.0], "SumBackward1")
    assert got["prod"][1] == [1.5, 1.0, 2.25]
    assert got["amax"][1] == [3.0, -math.inf, 1.5]
    assert got["amin_keep"][1] == [[-3.0, 1.5, 3.0, -0.5]]
    assert got["argmax"][:2] == ("torch.float64", [2.0, 0.0, 1.0])
    assert got["mean"][1][0] == 1.5 and math.isnan(got["mean"][1][1]) and got["mean"][1][2] == -2.0 / 3
    assert got["median"][1][0] == 1.0 and math.isnan(got["median"][1][1])
    assert got["softmax"][2] == "SoftmaxBackward0"
    assert got["softmax"][1][0][1] == 0.0 and all(math.isnan(v) for v in got["softmax"][1][1])  # fully masked row
    assert got["var"][1][0] == 1.75 and math.isnan(got["var"][1][1])
    assert got["norm"] == ("torch.float64", [math.sqrt(10.25), 0.0, math.sqrt(11.5)], "LinalgVectorNormBackward0")
    assert got["logsumexp"][1][1] == -math.inf
    assert got["cumsum"][1][0] == [1.0, 1.0, 4.0, 4.5]
    assert got["int_sum"][:2] == ("torch.int64", [4, 4])
    assert got["grad"][1] == [0.0, 0.0, 0.0, 0.0]  # (the fully masked row: no gradient, not NaN)
    assert got["grad"][0][1] == 0.0 and got["grad"][2][2] == 0.0


def test_masked_matches_torch():
    torch = _torch_or_skip()
    mine, theirs = _masked_cases(ember), _masked_cases(torch)
    assert mine.keys() == theirs.keys()
    for k in theirs:
        if k == "grad":
            np.testing.assert_allclose(mine[k], theirs[k], rtol=1e-12, atol=1e-12, err_msg=k)
            continue
        assert mine[k][0] == theirs[k][0], k
        assert mine[k][2] == theirs[k][2], k
        np.testing.assert_allclose(np.array(mine[k][1], dtype=float), np.array(theirs[k][1], dtype=float),
                                   rtol=1e-12, atol=1e-12, equal_nan=True, err_msg=k)


def test_masked_errors():
    x = ember.ones(2, 3)
    assert _error(ember, lambda t: t.masked.mean(t.ones(2, dtype=t.int64), mask=t.tensor([True, False]))) == (
        "ValueError", "mean(): Could not infer output dtype. Input dtype must be either a floating point or "
                      "complex dtype. Got: torch.int64")
    assert _error(ember, lambda t: t.masked.sum(x, (0, 0), mask=t.ones(2, 3, dtype=t.bool))) == (
        "RuntimeError", "dim=0 appears multiple times in the list of dims")
    assert _error(ember, lambda t: t.masked.sum(x, 0, mask=t.ones(1, 2, 3, dtype=t.bool)))[0] == "IndexError"


# ------------------------------------------------- second-derivative graphs (derivatives.yaml)
def _describe(fn, depth=0):
    if fn is None:
        return "None"
    kids = [_describe(f, depth + 1) for f, _ in fn.next_functions] if depth < 3 else []
    return type(fn).__name__ + ("(" + ",".join(kids) + ")" if kids else "")


_DOUBLE_BACKWARD = {
    "erf": "MulBackward0(MulBackward1(ExpBackward0(NegBackward0)),None)",
    "atanh": "DivBackward0(None,SubBackward0(None,PowBackward0(AccumulateGrad)))",
    "exp2": "MulBackward1(MulBackward0(None,Exp2Backward0(AccumulateGrad)))",
    "log2": "DivBackward0(None,MulBackward1(AccumulateGrad))",
    "log10": "DivBackward0(None,MulBackward1(AccumulateGrad))",
    "sqrt": "DivBackward0(None,MulBackward1(SqrtBackward0(AccumulateGrad)))",
    "asinh": "MulBackward0(None,RsqrtBackward0(AddBackward1(PowBackward0)))",
    "tan": "MulBackward0(None,AddBackward1(PowBackward0(TanBackward0)))",
    "log1p": "DivBackward0(None,AddBackward1(AccumulateGrad))",
}


def _first_grad_graph(lib, name):
    a = lib.tensor([0.3, 0.7, 0.5], dtype=lib.float64, requires_grad=True)
    g = lib.autograd.grad(getattr(lib, name)(a).sum(), a, create_graph=True)[0]
    return _describe(g.grad_fn)


@pytest.mark.parametrize("name", sorted(_DOUBLE_BACKWARD))
def test_double_backward_graph_golden(name):
    assert _first_grad_graph(ember, name) == _DOUBLE_BACKWARD[name]


@pytest.mark.parametrize("name", sorted(_DOUBLE_BACKWARD) + ["erfc", "erfinv", "acosh", "atan", "asin", "acos",
                                                              "expm1", "sinc", "logit"])
def test_double_backward_graph_matches_torch(name):
    torch = _torch_or_skip()
    assert _first_grad_graph(ember, name) == _first_grad_graph(torch, name)


def test_log10_gradient_uses_derivatives_yaml_constant():
    # grad / (x * 2.3025850929940456): that literal is one ulp below math.log(10)
    a = ember.tensor([0.7], dtype=ember.float64, requires_grad=True)
    (g,) = ember.autograd.grad(ember.log10(a), [a], ember.tensor([-1.3], dtype=ember.float64))
    assert g.item() == -1.3 / (0.7 * 2.3025850929940456)


# ------------------------------------------------------------------ more dtypes (sweep 2)
def test_integer_alpha_wraps_into_the_dtype():
    a = ember.tensor([1, 2, 200], dtype=ember.uint8)
    b = ember.tensor([3, 4, 5], dtype=ember.uint8)
    assert ember.add(a, b, alpha=-3).tolist() == [248, 246, 185]
    assert ember.sub(a, b, alpha=2).tolist() == [251, 250, 190]
    assert ember.rsub(a, b, alpha=2).tolist() == [1, 0, 117]  # (5 - 400) mod 256


def test_half_add_with_alpha_rounds_the_product_in_the_scalar_tail():
    # 25 elements: no whole block of 32, so ATen's Half loop computes c10::Half(alpha * b) first
    a = ember.tensor([-9.0078125] * 25, dtype=ember.float16)
    b = ember.tensor([-5.94140625] * 25, dtype=ember.float16)
    assert ember.add(a, b, alpha=-3.125)[0].item() == 9.5546875  # (fused in float32: 9.5625)
    a40 = ember.tensor([-9.0078125] * 40, dtype=ember.float16)
    b40 = ember.tensor([-5.94140625] * 40, dtype=ember.float16)
    r = ember.add(a40, b40, alpha=-3.125)
    assert r[0].item() == 9.5625 and r[39].item() == 9.5546875  # block of 32 fused, tail of 8 not


def _half_add_cases(lib):
    g = np.random.default_rng(3)
    out = []
    for sa, sb in [((25,), (25,)), ((40,), (40,)), ((3, 40), (40,)), ((70,), (1,)), ((3, 5), (3, 1))]:
        a = (g.standard_normal(sa) * 8).astype(np.float16)
        b = (g.standard_normal(sb) * 8).astype(np.float16)
        for alpha in (-3.125, 0.3):
            out.append(lib.sub(lib.tensor(a), lib.tensor(b), alpha=alpha).numpy().tobytes())
    return out


def test_half_add_of_a_number_with_alpha():
    # 40 elements: the first 32 add the float32 product half(2.7) * half(0.3) once, unfused; the last 8
    # add that product rounded to half
    a = ember.full((40,), -2.809, dtype=ember.float16)  # (a value where the two roundings differ)
    r = ember.add(a, 2.7, alpha=0.3).numpy()
    x = np.float32(np.float16(-2.809))
    body = np.float16(x + np.float32(np.float16(2.7)) * np.float32(np.float16(0.3)))
    tail = np.float16(x + np.float32(np.float16(np.float16(2.7) * np.float16(0.3))))
    assert body != tail and r[0] == body and r[39] == tail


def _half_add_number_cases(lib):
    g = np.random.default_rng(4)
    out = []
    for n in (5, 40, 100):
        a = (g.standard_normal(n) * 8).astype(np.float16)
        for s, alpha in ((2.7, 0.3), (-3.3, -3.125), (3, 2)):
            out.append(lib.add(lib.tensor(a), s, alpha=alpha).numpy().tobytes())
            out.append(lib.sub(lib.tensor(a), s, alpha=alpha).numpy().tobytes())
    return out


def test_half_add_of_a_number_with_alpha_matches_torch():
    torch = _torch_or_skip()
    assert _half_add_number_cases(ember) == _half_add_number_cases(torch)


def test_half_add_with_alpha_matches_torch():
    torch = _torch_or_skip()
    assert _half_add_cases(ember) == _half_add_cases(torch)


def test_complex_sinc():
    r = ember.sinc(ember.tensor([0.5 + 0j, 0j], dtype=ember.complex128))
    assert r.dtype == ember.complex128
    assert abs(r[0].item() - 2 / math.pi) < 1e-15 and r[1].item() == 1


def test_complex_sinc_matches_torch():
    torch = _torch_or_skip()
    vals = [0.3 + 0.2j, 1.5 - 0.7j, 0j, -2.25 + 0.5j]
    for dt in ("complex64", "complex128"):
        mine = ember.sinc(ember.tensor(vals, dtype=getattr(ember, dt))).numpy()
        theirs = torch.sinc(torch.tensor(vals, dtype=getattr(torch, dt))).numpy()
        np.testing.assert_allclose(mine, theirs, rtol=2e-6 if dt == "complex64" else 1e-14)


def test_half_logit_rounds_the_quotient_to_half():
    # x / (1 - x) in c10::Half arithmetic before the log (float32 throughout gives 0.793)
    x = ember.tensor([0.6884765625], dtype=ember.float16)
    z = np.float16(0.6884765625) / (np.float16(1) - np.float16(0.6884765625))
    assert ember.logit(x).item() == float(np.float16(np.log(np.float64(z))))


def test_half_logit_matches_torch():
    torch = _torch_or_skip()
    vals = np.linspace(0, 1, 257).astype(np.float16)
    for eps in (None, 0.2):
        mine = ember.logit(ember.tensor(vals), eps).numpy()
        theirs = torch.logit(torch.tensor(vals), eps).numpy()
        assert mine.tobytes() == theirs.tobytes()


_BINARY_DOUBLE_BACKWARD = {
    "pow": lambda t, a, b: t.pow(a, b),
    "rpow": lambda t, a, b: 2.0 ** a,
    "atan2": lambda t, a, b: t.atan2(a, b),
    "logaddexp": lambda t, a, b: t.logaddexp(a, b),
    "logaddexp2": lambda t, a, b: t.logaddexp2(a, b),
    "fmod": lambda t, a, b: t.fmod(a, b),
    "lerp_tensor": lambda t, a, b: t.lerp(a, b, a),
    "addcmul": lambda t, a, b: t.addcmul(a, a, b, value=0.5),
    "addcdiv": lambda t, a, b: t.addcdiv(a, a, b, value=0.5),
    "ldexp": lambda t, a, b: t.ldexp(a, b),
    "xlog1py": lambda t, a, b: t.special.xlog1py(a, b),
    "entr": lambda t, a, b: t.special.entr(a),
}


def _binary_graphs(lib, name):
    a = lib.tensor([0.3, 0.7, 0.5], dtype=lib.float64, requires_grad=True)
    b = lib.tensor([1.2, 0.4, 2.5], dtype=lib.float64, requires_grad=True)
    grads = lib.autograd.grad(_BINARY_DOUBLE_BACKWARD[name](lib, a, b).sum(), [a, b], create_graph=True,
                              allow_unused=True)
    first = lib.autograd.grad(_BINARY_DOUBLE_BACKWARD[name](lib, a, b), [a],
                              lib.tensor([0.7, -1.3, 2.1], dtype=lib.float64))[0]
    return [None if g is None else _describe(g.grad_fn) for g in grads], first.numpy().tobytes()


def test_binary_double_backward_graphs_golden():
    assert _binary_graphs(ember, "fmod")[0][1] == "MulBackward0(None,DivBackward2(AccumulateGrad,AccumulateGrad))"
    assert _binary_graphs(ember, "rpow")[0][0] == "MulBackward0(None,MulBackward1(PowBackward2(AccumulateGrad)))"
    assert _binary_graphs(ember, "atan2")[0][0] == (
        "MulBackward0(MulBackward0(None,AccumulateGrad),MaskedFillBackward0(ReciprocalBackward0(AddBackward0)))")
    assert _binary_graphs(ember, "ldexp")[0][0] == "MulBackward0(None,PowBackward2(AccumulateGrad))"
    pow_exponent_graph = "MulBackward0(None,WhereBackward0(None,MulBackward0(PowBackward1,LogBackward0)))"
    assert _binary_graphs(ember, "pow")[0][1] == pow_exponent_graph


@pytest.mark.parametrize("name", sorted(_BINARY_DOUBLE_BACKWARD))
def test_binary_double_backward_graphs_match_torch(name):
    torch = _torch_or_skip()
    assert _binary_graphs(ember, name) == _binary_graphs(torch, name)
