"""``out=`` rules of pointwise ops, Tensor methods refusing ``out=``, the barebones uint16/uint32/uint64 dtypes and
``Tensor.type`` (program probe 10c), run under ``python -m ember run`` and under PyTorch 2.13; stdout must match.

The fixes mirrored from PyTorch:

* unary ops whose ``TensorIterator`` keeps all dtypes (``ceil``, ``floor``, ``trunc``/``fix``, ``frac``, ``round``,
  ``neg``/``negative``, ``sign``, ``sgn``, ``abs``/``absolute``, ``bitwise_not``) take only an ``out`` of the input's
  dtype (``Found dtype Byte but expected Long``), checked before their kernel's dtype error, while the other unary
  and binary ops take any ``out`` the result can be cast to; ``nan_to_num`` has its own wording (``nan_to_num: dtype
  of out: Double should be same as input: Float``);
* ``where(c, x, 0, out=o)``: the overloads with a Number have no ``out`` (``where(): argument 'other' (position 3) must
  be Tensor, not int``);
* ``Tensor`` methods take no ``out=``: ``x.neg(out=o)`` is ``TensorBase.neg() takes no keyword arguments``,
  ``x.add(1, out=o)`` ``add() got an unexpected keyword argument 'out'``, ``x.div(2, out=o)`` the parser's "invalid
  combination" error; ``torch.add(x, 1, out=o)`` still works;
* uint16/uint32/uint64: PyTorch 2.13 has no CPU kernel of sub, neg, abs, shifts, ordering comparisons, clamp,
  minimum/maximum, floor division, remainder/fmod, pow, sign, bitwise_not, addcmul for them (``"neg_cpu" not
  implemented for 'UInt16'``), while mul, true division, bitwise and/or/xor, eq/ne and float ops work;
* ``Tensor.type``: a Python type is looked up by its name (``invalid type: 'int'``), only full legacy names are
  known (``'torch.LongTensor'``, not ``'LongTensor'``), ``torch.cuda.`` names raise CUDA's error on a CPU build.
"""
from __future__ import annotations

import pytest
from program_runner import program_tests, raises_exactly

import ember

_SHOW = r'''
import torch
def show(label, f):
    try:
        r = f()
        if isinstance(r, torch.Tensor):
            print(label, r.dtype, r.tolist() if r.dtype.is_floating_point is False or r.numel() < 4 else "")
        else:
            print(label, r)
    except Exception as e:
        print(label, type(e).__name__, str(e).split("\n")[0])
'''

PROGRAMS = {
'unary_out_dtypes': _SHOW + r'''
i = torch.tensor([1, -2, 3])
f = torch.tensor([1.5, -2.5, 3.25])
b = torch.tensor([True, False, True])
outs = (torch.uint8, torch.int32, torch.int64, torch.float32, torch.float64, torch.bool, torch.complex64)
strict = ["ceil", "floor", "trunc", "fix", "frac", "round", "neg", "negative", "sign", "sgn", "abs", "absolute",
          "bitwise_not", "nan_to_num"]
castable = ["exp", "sqrt", "sigmoid", "reciprocal", "square", "rsqrt", "expm1", "deg2rad", "logical_not", "isnan",
            "signbit", "exp2", "tanh"]
for name in strict + castable:
    for inp_name, inp in (("i", i), ("f", f), ("b", b)):
        for od in outs:
            show(f"{name} {inp_name} -> {od}", lambda: getattr(torch, name)(inp, out=torch.empty(3, dtype=od)).dtype)
''',
'binary_out_dtypes': _SHOW + r'''
i = torch.tensor([1, -2, 3])
f = torch.tensor([1.5, -2.5, 3.25])
outs = (torch.uint8, torch.int64, torch.float32, torch.float64, torch.bool)
for name in ["add", "sub", "mul", "div", "floor_divide", "remainder", "fmod", "pow", "maximum", "minimum", "atan2",
             "hypot", "bitwise_and", "bitwise_xor", "eq", "lt", "logical_and", "copysign", "xlogy"]:
    for inp_name, inp in (("i", i), ("f", f)):
        for od in outs:
            show(f"{name} {inp_name} -> {od}", lambda: getattr(torch, name)(inp, inp, out=torch.empty(3, dtype=od)))
    show(f"{name} i,2 -> float64", lambda: getattr(torch, name)(i, 2, out=torch.empty(3, dtype=torch.float64)))
''',
'nan_to_num_and_where_out': _SHOW + r'''
x = torch.tensor([1.0, float("nan"), 3.0])
c = torch.tensor([True, False, True])
o = torch.empty(3)
show("nan_to_num double out", lambda: torch.nan_to_num(x, out=torch.empty(3, dtype=torch.float64)))
show("nan_to_num float out", lambda: torch.nan_to_num(x, 2.0, out=o))
show("where c x 0 out", lambda: torch.where(c, x, 0, out=o))
show("where c 0 x out", lambda: torch.where(c, 0, x, out=o))
show("where c 0 1 out", lambda: torch.where(c, 0, 1, out=o))
show("where c x 0.5 out", lambda: torch.where(c, x, 0.5, out=o))
show("where c x other=0 out", lambda: torch.where(c, x, other=0, out=o))
show("where c x x out", lambda: torch.where(c, x, x, out=o))
show("where c x 0", lambda: torch.where(c, x, 0))
show("where c 0 x", lambda: torch.where(c, 0, x))
''',
'methods_refuse_out': _SHOW + r'''
x = torch.tensor([1.0, 2.0])
o = torch.empty(2)
show("neg", lambda: x.neg(out=o))
show("negative", lambda: x.negative(out=o))
show("abs", lambda: x.abs(out=o))
show("absolute", lambda: x.absolute(out=o))
show("exp", lambda: x.exp(out=o))
show("sqrt", lambda: x.sqrt(out=o))
show("arccos", lambda: x.arccos(out=o))
show("ceil", lambda: x.ceil(out=o))
show("fix", lambda: x.fix(out=o))
show("round", lambda: x.round(out=o))
show("sign", lambda: x.sign(out=o))
show("sgn", lambda: x.sgn(out=o))
show("square", lambda: x.square(out=o))
show("logical_not", lambda: x.logical_not(out=o))
show("signbit", lambda: x.signbit(out=o))
show("bitwise_not", lambda: torch.tensor([1, 2]).bitwise_not(out=o))
f = x.neg
show("bound neg", lambda: f(out=o))
show("add", lambda: x.add(1, out=o))
show("add alpha", lambda: x.add(x, alpha=2, out=o))
show("sub", lambda: x.sub(x, out=o))
show("mul", lambda: x.mul(2, out=o))
show("multiply", lambda: x.multiply(2, out=o))
show("div", lambda: x.div(2, out=o))
show("div mode", lambda: x.div(2, rounding_mode="floor", out=o))
show("true_divide", lambda: x.true_divide(2, out=o))
show("floor_divide", lambda: x.floor_divide(2, out=o))
show("pow", lambda: x.pow(2, out=o))
show("float_power", lambda: x.float_power(2, out=o))
show("remainder", lambda: x.remainder(2, out=o))
show("eq", lambda: x.eq(1, out=o))
show("greater", lambda: x.greater(1, out=o))
show("clamp", lambda: x.clamp(0, 1, out=o))
show("clamp min", lambda: x.clamp(min=0, out=o))
show("clamp_min", lambda: x.clamp_min(0.5, out=o))
show("maximum", lambda: x.maximum(x, out=o))
show("fmax", lambda: x.fmax(x, out=o))
show("atan2", lambda: x.atan2(x, out=o))
show("arctan2", lambda: x.arctan2(x, out=o))
show("xlogy", lambda: x.xlogy(2, out=o))
show("bitwise_left_shift", lambda: torch.tensor([1]).bitwise_left_shift(1, out=o))
show("function add", lambda: torch.add(x, 1, out=o))
show("function neg", lambda: torch.neg(x, out=o))
show("function ceil", lambda: torch.ceil(x, out=o))
show("function exp", lambda: torch.exp(x, out=o))
''',
'bare_uint_ops': _SHOW + r'''
for dt in (torch.uint16, torch.uint32, torch.uint64):
    a = torch.tensor([5, 2, 7], dtype=dt)
    b = torch.tensor([1, 2, 3], dtype=dt)
    m = torch.tensor([True, False, True])
    ops = {"sub": lambda: a - b, "sub_s": lambda: a - 1, "rsub": lambda: 10 - a, "sub_": lambda: a.clone().sub_(b),
           "sub_f": lambda: a - 1.5, "mul": lambda: a * b, "mul_s": lambda: a * 2, "div": lambda: a / b,
           "floordiv": lambda: a // b, "floordiv_s": lambda: a // 2, "mod": lambda: a % b, "fmod": lambda: torch.fmod(a, b),
           "div_trunc": lambda: torch.div(a, b, rounding_mode="trunc"), "pow": lambda: a ** 2, "pow_t": lambda: a ** b,
           "rpow": lambda: 2 ** a, "pow_f": lambda: a ** 2.0, "square": lambda: a.square(), "neg": lambda: -a,
           "neg_": lambda: a.clone().neg_(), "abs": lambda: a.abs(), "lshift": lambda: a << 1, "rshift": lambda: a >> b,
           "and": lambda: a & b, "or": lambda: a | 1, "xor": lambda: a ^ b, "invert": lambda: ~a,
           "bitwise_not": lambda: torch.bitwise_not(a), "eq": lambda: a == b, "ne": lambda: a != 2, "lt": lambda: a < b,
           "le_s": lambda: a <= 2, "gt": lambda: a > b, "ge": lambda: torch.ge(a, b), "clamp": lambda: a.clamp(1, 3),
           "clamp_min": lambda: a.clamp(min=2), "clamp_max": lambda: a.clamp(max=3), "clamp_f": lambda: a.clamp(min=1.5),
           "clamp_t": lambda: a.clamp(b, b), "clamp_min_t": lambda: torch.clamp_min(a, b), "relu": lambda: a.relu(),
           "minimum": lambda: torch.minimum(a, b), "maximum": lambda: torch.maximum(a, b), "fmax": lambda: torch.fmax(a, b),
           "fmin": lambda: torch.fmin(a, b), "sign": lambda: a.sign(), "sgn": lambda: a.sgn(),
           "addcmul": lambda: torch.addcmul(a, a, b), "where": lambda: torch.where(m, a, b), "where_s": lambda: torch.where(m, a, 0),
           "ceil": lambda: a.ceil(), "sqrt": lambda: a.sqrt().dtype, "add_i64": lambda: a + torch.tensor([1, 2, 3]),
           "sub_u8": lambda: a - torch.tensor([1, 2, 3], dtype=torch.uint8)}
    for k, fn in ops.items():
        show(f"{dt} {k}", fn)
''',
'tensor_type': _SHOW + r'''
import numpy as np
class Foo:
    pass
x = torch.tensor([1.5, 2.0])
print(x.type(), torch.tensor([1]).type(), torch.tensor([True]).type(), torch.tensor([1j]).type())
print(torch.tensor([1], dtype=torch.uint16).type(), torch.tensor([1.0], dtype=torch.float16).type())
for a in [int, float, bool, object, complex, Foo, np.float32, torch.Tensor, torch.LongTensor, torch.int32,
          torch.float64, "torch.LongTensor", "LongTensor", "torch.DoubleTensor", "torch.ComplexFloatTensor",
          "torch.ByteTensor", "torch.BoolTensor", "torch.UInt16Tensor", "torch.Tensor", "torch.sparse.LongTensor",
          "torch.sparse.Tensor", "torch.cuda.FloatTensor", "torch.cuda.foo", "torch.int32", "float", "foo", 3, None]:
    show(f"type({a!r})", lambda: x.type(a))
show("same dtype is self", lambda: x.type(torch.float32) is x)
show("dtype kw", lambda: x.type(dtype=torch.int32))
show("non_blocking", lambda: x.type(torch.int32, non_blocking=True))
show("unknown kw", lambda: x.type(torch.int32, foo=1))
''',
}

ember_outputs, torch_outputs, test_program_matches_pytorch = program_tests(PROGRAMS)


def _out(dtype, n=3):
    return ember.empty(n, dtype=dtype)


def test_strict_unary_out_dtype():
    i = ember.tensor([1, -2, 3])
    for op in (ember.ceil, ember.floor, ember.trunc, ember.fix, ember.frac, ember.round, ember.neg, ember.negative,
               ember.sign, ember.sgn, ember.abs, ember.absolute, ember.bitwise_not):
        raises_exactly(lambda: op(i, out=_out(ember.uint8)), RuntimeError, "Found dtype Byte but expected Long")
    raises_exactly(lambda: ember.ceil(ember.tensor([1.5]), out=_out(ember.float64, 1)), RuntimeError,
                   "Found dtype Double but expected Float")
    # before the kernel's own dtype error, as in PyTorch
    raises_exactly(lambda: ember.abs(ember.tensor([True]), out=_out(ember.int64, 1)), RuntimeError,
                   "Found dtype Long but expected Bool")
    assert ember.neg(i, out=_out(ember.int64)).tolist() == [-1, 2, -3]


def test_castable_out_still_allowed():
    i = ember.tensor([1, 2, 3])
    assert ember.add(i, i, out=_out(ember.float32)).tolist() == [2.0, 4.0, 6.0]
    assert ember.exp(i, out=_out(ember.float64)).dtype == ember.float64
    raises_exactly(lambda: ember.exp(i, out=_out(ember.int64)), RuntimeError,
                   "result type Float can't be cast to the desired output type Long")


def test_nan_to_num_out_dtype():
    x = ember.tensor([1.0, float("nan")])
    raises_exactly(lambda: ember.nan_to_num(x, out=_out(ember.float64, 2)), RuntimeError,
                   "nan_to_num: dtype of out: Double should be same as input: Float")
    assert ember.nan_to_num(x, out=_out(ember.float32, 2)).tolist() == [1.0, 0.0]


def test_where_scalar_with_out():
    c, x, o = ember.tensor([True, False]), ember.tensor([1.0, 2.0]), _out(ember.float32, 2)
    raises_exactly(lambda: ember.where(c, x, 0, out=o), TypeError,
                   "where(): argument 'other' (position 3) must be Tensor, not int")
    raises_exactly(lambda: ember.where(c, 0, x, out=o), TypeError,
                   "where(): argument 'input' (position 2) must be Tensor, not int")
    raises_exactly(lambda: ember.where(c, x, other=0.5, out=o), TypeError,
                   "where(): argument 'other' must be Tensor, not float")
    assert ember.where(c, x, 0).tolist() == [1.0, 0.0]


def test_methods_refuse_out():
    x, o = ember.tensor([1.0, 2.0]), _out(ember.float32, 2)
    raises_exactly(lambda: x.neg(out=o), TypeError, "TensorBase.neg() takes no keyword arguments")
    raises_exactly(lambda: x.exp(out=o), TypeError, "TensorBase.exp() takes no keyword arguments")
    raises_exactly(lambda: x.ceil(out=o), TypeError, "TensorBase.ceil() takes no keyword arguments")
    raises_exactly(lambda: x.absolute(out=o), TypeError, "TensorBase.absolute() takes no keyword arguments")
    raises_exactly(lambda: x.add(1, out=o), TypeError, "add() got an unexpected keyword argument 'out'")
    raises_exactly(lambda: x.maximum(x, out=o), TypeError, "maximum() got an unexpected keyword argument 'out'")
    with pytest.raises(TypeError, match=r"^div\(\) received an invalid combination of arguments - got \(int, out=Tensor\)"):
        x.div(2, out=o)
    # the functions keep their ``out``
    assert ember.add(x, 1, out=o) is o and o.tolist() == [2.0, 3.0]
    assert ember.neg(x, out=o) is o and o.tolist() == [-1.0, -2.0]


@pytest.mark.parametrize("dtype", ["uint16", "uint32", "uint64"])
def test_bare_uint_kernels(dtype):
    dt = getattr(ember, dtype)
    word = {"uint16": "UInt16", "uint32": "UInt32", "uint64": "UInt64"}[dtype]
    a = ember.tensor([5, 2, 7], dtype=dt)
    for fn, kernel in ((lambda: a - a, "add_stub"), (lambda: -a, "neg_cpu"), (lambda: a.abs(), "abs_cpu"),
                       (lambda: a < a, "lt_cpu"), (lambda: a.clamp(1, 3), "clamp_scalar_cpu"),
                       (lambda: ember.maximum(a, a), "maximum_cpu"), (lambda: a // a, "div_floor_cpu"),
                       (lambda: a % a, "remainder_cpu"), (lambda: a ** 2, "pow"), (lambda: a << 1, "lshift_cpu"),
                       (lambda: ~a, "bitwise_not_cpu"), (lambda: a.sign(), "sign_cpu")):
        raises_exactly(fn, NotImplementedError, f"\"{kernel}\" not implemented for '{word}'")
    assert (a * a).tolist() == [25, 4, 49] and (a & a).dtype == dt and (a == a).all().item()
    assert (a - 1.5).dtype == ember.float32 and ember.where(a == 2, a, a).dtype == dt


def test_tensor_type_names():
    x = ember.tensor([1.5, 2.0])
    for t, name in ((int, "int"), (object, "object"), ("LongTensor", "LongTensor")):
        raises_exactly(lambda: x.type(t), ValueError, f"invalid type: '{name}'")
    with pytest.raises(RuntimeError, match="^Cannot initialize CUDA without ATen_cuda library"):
        x.type("torch.cuda.FloatTensor")
    assert x.type("torch.LongTensor").tolist() == [1, 2]
    assert x.type("torch.ComplexFloatTensor").dtype == ember.complex64
    assert x.type(ember.int32).dtype == ember.int32 and x.type() == "torch.FloatTensor"
    assert ember.tensor([1], dtype=ember.uint16).type() == "torch.UInt16Tensor"
