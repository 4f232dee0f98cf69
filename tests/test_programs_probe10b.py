"""Integer, bool and mixed-dtype tensor programs (program probe 10b), run under ``python -m ember run`` and under
PyTorch 2.13; stdout must match exactly.

Themes: type promotion with Python scalars and 0-d tensors (``result_type``, ``promote_types``, ``can_cast``,
``uint8 + int8``, ``bool + bool``, float16 with float32/float64 0-d tensors, a float64 default dtype), integer
division and rounding modes (``//``, ``div(rounding_mode=)``, ``%``/``fmod``/``remainder`` with negatives and zero),
uint8/int8/int32/int64 wrap-around and out-of-range constructors, bitwise ops and shifts on int/bool/uint8 (and
shift counts past the width), in-place ops refused on dtype (``result type Float can't be cast to the desired output
type Long``), ``.to()``/``.type()``/``.long()``/``.bool()`` of negative, fractional, nan and inf values,
``arange``/``linspace``/``logspace``/``full`` dtype inference, ``sum``/``prod``/``cumsum``/``mean``/``std`` on int
and bool tensors, argmax/bincount/histc/histogram/bucketize, accuracy counting and confusion matrices, one-hot and
label encoding, ``torch.tensor`` from mixed Python lists, ``tolist``/``item``/``int``/``float``/``__index__`` of
every dtype, ``where``/``clamp``/``maximum``/comparisons with mixed dtypes, boolean-mask indexing and assignment,
the ``out=`` dtype rules of reductions (``out_dtype_rules``) and Tensor methods refusing ``out=``, the
``promote_types``/``can_cast``/``result_type`` tables and argument errors, the barebones uint16/uint32/uint64
dtypes, Python builtins and ``format`` specs on 0-d tensors, ``isin``/``searchsorted``/``unique`` with mixed dtypes,
loss targets of the wrong dtype, and cat/stack/allclose/``assert_close`` across dtypes.

The unit tests at the end cover the fixes the probe led to:

* ``cumsum``/``cumprod`` with ``out=`` scan in ``out``'s dtype (the input cast to it first, as ATen's
  ``meta_func_cum_ops``/``impl_func_cum_ops``: ``cumprod(tensor([1.5, -2.5]), 0, out=<Long>)`` is ``[1, -2]``), refuse a
  ``dtype`` other than ``out``'s (``Expected out tensor to have dtype double, but got long int instead``), raise the
  Bool kernel error only for a non-empty input of at least one dim, and warn ATen's complex-to-real cast warning;
* ``argmax``/``argmin`` write only into an int64 ``out`` (``Expected out tensor to have dtype long int, but got int
  instead``);
* ``all``/``any`` take only a bool or uint8 ``out`` (``any only supports bool tensor for result, got: Int``) and
  compute in its dtype (a uint8 input may fill a bool ``out``);
* ``prod(..., out=)``: PyTorch's parser errors for the full reduction (which has no ``out`` overload), for ``dtype``
  or ``keepdim`` without ``dim`` and for ``Tensor.prod`` (which takes no ``out``); ``prod.int_out`` multiplies in
  ``out``'s dtype and refuses a ``dtype`` other than ``out``'s;
* ``out=(values, indices)`` of ``sort``/``topk``/``kthvalue``/``median``/``nanmedian``/``mode``: each op's own dtype
  checks, in its order and words;
* ``isin`` refuses Bool and complex elements or test elements, tensors or Python scalars (ATen's
  ``check_for_unsupported_isin_dtype``: ``Unsupported input type encountered for isin(): Bool``);
* ``tensordot`` refuses operands of different dtypes (``both inputs should have same dtype``: no promotion);
* the "barebones" uint16/uint32/uint64 dtypes: the reductions whose CPU kernels PyTorch 2.13 lacks for them (max/min,
  amax/amin/aminmax, argmax/argmin, median/nanmedian, topk, kthvalue, mode, cummax/cummin, a full count_nonzero)
  raise its ``"<kernel>" not implemented for 'UInt16'``, and ``mean``'s dtype error names them (it was a KeyError);
* ``torch.result_type``/``promote_types``/``can_cast`` check their arguments as PyTorch's parser does (the
  ``result_type() received an invalid combination of arguments`` overload error, ``argument 'type2' (position 2) must
  be torch.dtype, not int``, keyword forms, missing arguments; a Python type such as ``int`` stands for its dtype);
* ``Tensor`` reduction methods take no ``out=`` (PyTorch binds only the functions' ``out`` overloads): ``x.cumsum(0,
  out=o)`` is ``cumsum() got an unexpected keyword argument 'out'`` and ``x.all(out=o)``/``x.std(0, out=o)``/
  ``x.sort(out=...)`` the parser's "invalid combination" error, while ``torch.cumsum(x, 0, out=o)`` still works.
"""
from __future__ import annotations

import pytest
from program_runner import program_tests, raises_exactly

import ember


PROGRAMS = {
'promo_scalars': r'''
import torch
i = torch.tensor([1, 2, 3])
print(i * 2.5, (i * 2.5).dtype)
print(i * 2, (i * 2).dtype, i + True, (i + True).dtype)
print(i / 2, i / i)
b = torch.tensor([True, False, True])
print(b + b, (b + b).dtype, b * 3, b + 1.5, b * b, (b * b).dtype)
print(torch.result_type(i, 2.5), torch.result_type(i, 2), torch.result_type(b, 1), torch.result_type(b, True))
print(torch.result_type(torch.tensor(1.0), i), torch.result_type(torch.tensor(1.0, dtype=torch.float64), torch.tensor([1.0])))
print(torch.result_type(2, 3.0), torch.result_type(torch.tensor([1], dtype=torch.uint8), torch.tensor([1], dtype=torch.int8)))
u = torch.tensor([200, 100], dtype=torch.uint8)
s = torch.tensor([-1, 5], dtype=torch.int8)
print(u + s, (u + s).dtype)
h = torch.tensor([1.5, 2.5], dtype=torch.float16)
print(h * torch.tensor(2.0), (h * torch.tensor(2.0)).dtype)
print(h + torch.tensor([1.0]), (h + torch.tensor([1.0])).dtype)
print(h + 1e5, (h * 100000).dtype)
print(u * 2, u + 100, (u + 100).dtype, u + 1000)
print(torch.tensor(3) + torch.tensor([1.5]), torch.tensor(3.5) + torch.tensor([1]))
print(torch.tensor(3, dtype=torch.int64) + torch.tensor([1], dtype=torch.int8))
print((torch.tensor(3, dtype=torch.int64) + torch.tensor([1], dtype=torch.int8)).dtype)
print(torch.tensor([1], dtype=torch.int32) * 2**40)
print(i + 1j, (i + 1j).dtype, s + 1j)
print(torch.promote_types(torch.uint8, torch.int8), torch.promote_types(torch.bool, torch.int16), torch.promote_types(torch.float16, torch.int64))
print(torch.can_cast(torch.float32, torch.int32), torch.can_cast(torch.int32, torch.float32), torch.can_cast(torch.int64, torch.bool))
''',
'promo_zero_dim_alpha': r'''
import torch
# edge-case promotions with 0-d tensors and scalars
u = torch.tensor([1, 2], dtype=torch.uint8)
print(u + torch.tensor(-1), (u + torch.tensor(-1)).dtype, u - 3, u * -1, u + torch.tensor(1.5, dtype=torch.float64), (u + torch.tensor(1.5, dtype=torch.float64)).dtype)
print(torch.tensor(1, dtype=torch.uint8) + torch.tensor(1, dtype=torch.int8), (torch.tensor(1, dtype=torch.uint8) + torch.tensor(1, dtype=torch.int8)).dtype)
print(torch.tensor(True) + torch.tensor([1], dtype=torch.uint8), (torch.tensor(2.0) * torch.tensor([1], dtype=torch.int8)).dtype)
print(torch.tensor([True]) + torch.tensor(2), (torch.tensor([True]) + torch.tensor(2)).dtype, (torch.tensor([True]) + torch.tensor(2.0)).dtype)
print(torch.add(torch.tensor([1, 2]), torch.tensor([1, 2]), alpha=3), torch.sub(torch.tensor([1.0]), torch.tensor([1]), alpha=2))
for fn in [lambda: torch.add(torch.tensor([1, 2]), torch.tensor([1, 2]), alpha=1.5), lambda: torch.add(torch.tensor([True]), torch.tensor([True]), alpha=2),
           lambda: torch.sub(torch.tensor([True]), torch.tensor([False])), lambda: torch.tensor([True]) - 1, lambda: 1 - torch.tensor([True]),
           lambda: torch.rsub(torch.tensor([1]), 2), lambda: torch.tensor([3]).sub_(torch.tensor([1.0]))]:
    try:
        print(fn())
    except Exception as e:
        print(type(e).__name__, e)
print(torch.tensor([3]) * True, True * torch.tensor([2.5]), False + torch.tensor([True]), 2 - torch.tensor([5], dtype=torch.uint8))
print(torch.tensor([1, 2]) / torch.tensor([True, True]), (torch.tensor([1, 2]) / torch.tensor([True, True])).dtype)
print(torch.tensor([1, 2], dtype=torch.int16) / 2, (torch.tensor([1, 2], dtype=torch.float16) / torch.tensor(2)).dtype)
print(torch.tensor([-1, 1]).to(torch.bool).long(), torch.tensor([1.0]).to(torch.int64).to(torch.bool).float())
''',
'mixed_fp16': r'''
import torch
h = torch.tensor([1.0, 2.0, 3.0], dtype=torch.float16)
s32 = torch.tensor(0.5)
s64 = torch.tensor(0.5, dtype=torch.float64)
print((h * s32).dtype, (h * s64).dtype, (h + torch.tensor([0.5])).dtype, (h + torch.tensor(1)).dtype, (h + 1).dtype)
print(h * s32, h / 3, (h / 3).dtype, h.sum(), h.sum().dtype, h.mean(), h.cumsum(0))
print(torch.result_type(h, s64), torch.result_type(h, 1.0), torch.result_type(torch.tensor(1, dtype=torch.int8), torch.tensor(1000)))
i8 = torch.tensor([100], dtype=torch.int8)
print(i8 + torch.tensor(100), (i8 + torch.tensor(100)).dtype, i8 * torch.tensor(2.0), (i8 * torch.tensor(2.0)).dtype)
print(torch.tensor([1], dtype=torch.int16) + torch.tensor([1], dtype=torch.int32), torch.tensor([1], dtype=torch.uint8) + torch.tensor([1], dtype=torch.int16))
print((torch.tensor([1], dtype=torch.uint8) + torch.tensor([True])).dtype, (torch.tensor([1], dtype=torch.int8) * 1.0).dtype)
x32 = torch.tensor([1.0, 2.0])
x64 = torch.tensor([1.0, 2.0], dtype=torch.float64)
print((x32 + x64).dtype, (x32 + torch.tensor(1.0, dtype=torch.float64)).dtype, (x32.half() + x64).dtype)
print((x32 @ x32).dtype)
try:
    print(x32 @ x64)
except Exception as e:
    print(type(e).__name__, e)
try:
    print(torch.tensor([1, 2]) @ torch.tensor([1.0, 2.0]))
except Exception as e:
    print(type(e).__name__, e)
print(torch.tensor([1, 2]) @ torch.tensor([3, 4]), torch.tensor([[1, 2]]).mm(torch.tensor([[3], [4]])))
try:
    print(torch.mm(torch.tensor([[True]]), torch.tensor([[True]])))
except Exception as e:
    print(type(e).__name__, e)
print(torch.dot(torch.tensor([1, 2], dtype=torch.uint8), torch.tensor([200, 3], dtype=torch.uint8)))
try:
    print(torch.dot(torch.tensor([1, 2]), torch.tensor([1, 2], dtype=torch.int32)))
except Exception as e:
    print(type(e).__name__, e)
print(torch.get_default_dtype(), torch.tensor(1.5).dtype)
torch.set_default_dtype(torch.float64)
print(torch.tensor([1.5]).dtype, (torch.tensor([1, 2]) * 0.5).dtype, torch.arange(0, 1, 0.5).dtype, torch.result_type(torch.tensor([1]), 1.0), (torch.tensor([1.0], dtype=torch.float32) * 2.0).dtype)
torch.set_default_dtype(torch.float32)
''',
'int_division': r'''
import torch
a = torch.tensor([7, -7, 7, -7, 0])
b = torch.tensor([2, 2, -2, -2, 3])
print(a // b, a % b, torch.fmod(a, b), torch.remainder(a, b))
print(torch.div(a, b), torch.div(a, b, rounding_mode='floor'), torch.div(a, b, rounding_mode='trunc'))
print(a // 2, a % 3, -7 // torch.tensor(2), 7 % torch.tensor(-3), a // 2.5, a % 2.5)
print(torch.fmod(a, 3), torch.fmod(a, -2.5), torch.remainder(a, -3))
f = torch.tensor([7.5, -7.5, 0.5, -0.5])
print(f // 2, f % 2, torch.fmod(f, 2), torch.div(f, 2, rounding_mode='trunc'), torch.div(f, 2, rounding_mode='floor'))
try:
    print(a // 0)
except Exception as e:
    print(type(e).__name__, e)
try:
    print(a % torch.zeros(5, dtype=torch.long))
except Exception as e:
    print(type(e).__name__, e)
try:
    print(torch.div(a, b, rounding_mode='round'))
except Exception as e:
    print(type(e).__name__, e)
print(a / 0, f / 0, f // 0, f % 0)
u = torch.tensor([250, 7], dtype=torch.uint8)
print(u // 3, u % 3, (u // 3).dtype, u / 3)
x = torch.arange(10)
x //= 3
print(x)
y = torch.arange(6)
y %= 4
print(y, y.dtype)
z = torch.arange(5)
try:
    z /= 2
except Exception as e:
    print(type(e).__name__, e)
print(torch.floor_divide(a, b), torch.true_divide(a, b))
print(torch.div(a, 2, rounding_mode='floor').dtype, torch.div(a, 2).dtype, torch.div(a, 2.0, rounding_mode='trunc').dtype)
''',
'overflow_wrap': r'''
import torch
u = torch.tensor([250, 5, 0], dtype=torch.uint8)
print(u + 10, u - 10, u * 2, -u)
i8 = torch.tensor([127, -128], dtype=torch.int8)
print(i8 + 1, i8 - 1, i8 * 2, -i8, i8.abs())
big = torch.tensor([2**62])
print(big * 4, big + big, big * 2)
print(torch.tensor([2**63 - 1]) + 1)
i32 = torch.tensor([2**31 - 1], dtype=torch.int32)
print(i32 + 1, (i32 + 1).dtype)
print(u.sum(), u.sum().dtype, u.cumsum(0), u.cumsum(0).dtype, u.prod())
print(torch.tensor([200, 100], dtype=torch.uint8).sum(dtype=torch.uint8))
print(torch.arange(0, 300, 50).to(torch.uint8))
print(torch.tensor([300, -1, 256]).to(torch.uint8), torch.tensor([300, -129]).to(torch.int8))
try:
    print(torch.tensor([300], dtype=torch.uint8))
except Exception as e:
    print(type(e).__name__, e)
try:
    print(torch.tensor([-1], dtype=torch.uint8))
except Exception as e:
    print(type(e).__name__, e)
try:
    print(torch.tensor(2**64))
except Exception as e:
    print(type(e).__name__, e)
try:
    print(torch.full((2,), 300, dtype=torch.uint8))
except Exception as e:
    print(type(e).__name__, e)
try:
    print(torch.zeros(2, dtype=torch.int8) + 200)
except Exception as e:
    print(type(e).__name__, e)
try:
    print(torch.zeros(2, dtype=torch.uint8).fill_(256))
except Exception as e:
    print(type(e).__name__, e)
print(torch.iinfo(torch.uint8), torch.iinfo(torch.int8).min, torch.iinfo(torch.int64).max, torch.iinfo(torch.int32).bits)
print(torch.finfo(torch.float16).max, torch.finfo(torch.float32).eps)
''',
'bitwise_ops': r'''
import torch
a = torch.tensor([12, 10, -1, 0])
b = torch.tensor([10, 6, 3, 5])
print(a & b, a | b, a ^ b, ~a)
print(a << 2, a >> 1, a << b, torch.tensor([1]) << 63, torch.tensor([-16]) >> 2)
print(torch.bitwise_and(a, 3), torch.bitwise_or(a, 1), torch.bitwise_xor(a, -1), torch.bitwise_not(a))
print(torch.bitwise_left_shift(a, 1), torch.bitwise_right_shift(a, 1))
t = torch.tensor([True, False, True])
f = torch.tensor([True, True, False])
print(t & f, t | f, t ^ f, ~t, (t & f).dtype)
print(t & 1, (t & 1).dtype, t | True, (t | True).dtype)
u = torch.tensor([0b11110000, 1], dtype=torch.uint8)
print(~u, u >> 4, u << 1, u & 0x0F)
print(torch.tensor([1, 2], dtype=torch.int8) << 7)
try:
    print(torch.tensor([1.5]) & torch.tensor([1.0]))
except Exception as e:
    print(type(e).__name__, e)
try:
    print(~torch.tensor([1.5]))
except Exception as e:
    print(type(e).__name__, e)
try:
    print(torch.tensor([1]) & 1.5)
except Exception as e:
    print(type(e).__name__, e)
try:
    print(torch.tensor([1.0]) << 1)
except Exception as e:
    print(type(e).__name__, e)
x = torch.tensor([5, 3])
x &= 1
print(x)
x |= torch.tensor([2, 4])
print(x)
x ^= 7
print(x)
x <<= 2
print(x)
x >>= 1
print(x)
m = torch.tensor([True, False])
m |= torch.tensor([False, False])
print(m)
m &= torch.tensor([1, 1], dtype=torch.bool)
print(m, m.dtype)
print(torch.logical_not(t), torch.logical_xor(a, b), torch.logical_and(a, torch.tensor(0)))
try:
    print(torch.logical_and(a, 0))
except Exception as e:
    print(type(e).__name__, e)
try:
    print(-t)
except Exception as e:
    print(type(e).__name__, e)
try:
    print(t - f)
except Exception as e:
    print(type(e).__name__, e)
''',
'shift_edge_cases': r'''
import torch
a = torch.tensor([-7, -1, 0, 5])
print(a >> 1, a >> 63, a >> 64, a << 64, torch.tensor([1], dtype=torch.int32) << 31, torch.tensor([1], dtype=torch.int32) << 32)
print(torch.tensor([1], dtype=torch.uint8) << 8, torch.tensor([200], dtype=torch.uint8) >> 9, a << -1, a >> -1)
print(5 << torch.tensor([1, 2]), 64 >> torch.tensor([1, 2]), 6 & torch.tensor([3]), 6 | torch.tensor([3]), 6 ^ torch.tensor([3]), True & torch.tensor([True, False]))
print(torch.tensor([5], dtype=torch.uint8) & torch.tensor([3], dtype=torch.int8), (torch.tensor([5], dtype=torch.uint8) & torch.tensor([3], dtype=torch.int8)).dtype)
print(torch.tensor([True]) ^ torch.tensor([3]), torch.tensor([True]) << 2, (torch.tensor([True]) << 2).dtype)
for fn in [lambda: torch.tensor([True]) >> torch.tensor([True]), lambda: torch.bitwise_not(torch.tensor([1.0])), lambda: torch.tensor([1]) | torch.tensor([1.0]),
           lambda: torch.bitwise_xor(torch.tensor([1.5]), 1), lambda: torch.tensor([1.0]) >> 1, lambda: torch.bitwise_left_shift(torch.tensor([1.0]), 1),
           lambda: 1.5 & torch.tensor([1]), lambda: torch.tensor([1]).bitwise_and_(torch.tensor([1.0]))]:
    try:
        print(fn())
    except Exception as e:
        print(type(e).__name__, e)
print(torch.tensor([1.0]) << torch.tensor([1]) if False else 0)
print(torch.bitwise_and(torch.tensor([12]), torch.tensor(10)), torch.bitwise_or(5, torch.tensor([2])) if False else 0)
print(torch.bitwise_and(torch.tensor(12), 10), torch.tensor([0xFF], dtype=torch.int16).bitwise_not(), torch.tensor([-1], dtype=torch.int8).bitwise_right_shift(1))
print(torch.tensor([1.5]).__lshift__(1) if False else 0)
''',
'inplace_cast_errors': r'''
import torch
x = torch.tensor([1, 2, 3])
for fn in [lambda: x.__iadd__(1.5), lambda: x.add_(torch.tensor([0.5, 0.5, 0.5])), lambda: x.mul_(2.0),
           lambda: x.div_(2), lambda: x.sub_(torch.tensor(1.0)), lambda: x.clamp_(0.5, 2.5),
           lambda: x.pow_(0.5), lambda: x.sqrt_(), lambda: x.exp_(), lambda: x.sigmoid_()]:
    try:
        print(fn())
    except Exception as e:
        print(type(e).__name__, e)
b = torch.tensor([True, False])
for fn in [lambda: b.add_(1), lambda: b.mul_(2), lambda: b.add_(True), lambda: b.__iand__(torch.tensor([1, 0]))]:
    try:
        print(fn())
    except Exception as e:
        print(type(e).__name__, e)
u = torch.tensor([1, 2], dtype=torch.uint8)
for fn in [lambda: u.add_(torch.tensor([1, 1], dtype=torch.int8)), lambda: u.add_(torch.tensor(300)), lambda: u.add_(5), lambda: u.mul_(torch.tensor(2.0))]:
    try:
        print(fn())
    except Exception as e:
        print(type(e).__name__, e)
f = torch.zeros(2)
f += torch.tensor([1, 2])
print(f, f.dtype)
f.add_(torch.tensor([1.0], dtype=torch.float64))
print(f, f.dtype)
y = torch.tensor([10, 20])
y += torch.tensor(3)
print(y)
y.copy_(torch.tensor([1.7, -2.7]))
print(y)
try:
    torch.add(torch.tensor([1, 2]), 1.5, out=torch.zeros(2, dtype=torch.long))
except Exception as e:
    print(type(e).__name__, e)
o = torch.zeros(2, dtype=torch.float64)
print(torch.add(torch.tensor([1, 2]), 1, out=o), o.dtype)
try:
    torch.tensor([1.0]).add_(1j)
except Exception as e:
    print(type(e).__name__, e)
''',
'inplace_fill_scatter': r'''
import torch
a = torch.tensor([1, 2, 3])
x = torch.zeros(3)
fns = [lambda: a.masked_fill_(a > 1, 2.5), lambda: a.masked_fill(a > 1, torch.tensor(2.5)), lambda: a.fill_(2.9), lambda: a.fill_(torch.tensor(1.9)), lambda: a.index_fill_(0, torch.tensor([0]), -1.5),
       lambda: a.scatter_(0, torch.tensor([0]), 7.5), lambda: a.scatter_(0, torch.tensor([0]), torch.tensor([7.5])), lambda: a.index_add_(0, torch.tensor([0]), torch.tensor([1.5])),
       lambda: a.index_copy_(0, torch.tensor([0]), torch.tensor([1.5])), lambda: a.put_(torch.tensor([0]), torch.tensor([1.5])), lambda: a.masked_scatter_(a > 0, torch.tensor([1.5, 2.5, 3.5])),
       lambda: torch.zeros(3, dtype=torch.long).clamp_(max=torch.tensor(1.5)), lambda: a.lerp_(a, 0.5), lambda: a.addcmul_(a, a), lambda: a.copy_(torch.tensor([True, False, True])),
       lambda: a.zero_(), lambda: x.index_add_(0, torch.tensor([0]), torch.tensor([1])), lambda: x.scatter_add_(0, torch.tensor([0]), torch.tensor([1])),
       lambda: x.masked_fill_(x == 0, True), lambda: x.masked_fill_(x == 0, torch.tensor(3)), lambda: torch.tensor([1, 2]).where(torch.tensor([True, False]), 0.5),
       lambda: torch.tensor([True, False]).masked_fill(torch.tensor([False, True]), 2), lambda: torch.tensor([1, 2], dtype=torch.uint8).masked_fill(torch.tensor([True, False]), -1),
       lambda: torch.tensor([1, 2], dtype=torch.uint8).fill_(-1), lambda: torch.tensor([1, 2], dtype=torch.int8).fill_(200), lambda: torch.full((2,), -1, dtype=torch.uint8)]
for fn in fns:
    try:
        print(fn())
    except Exception as e:
        print(type(e).__name__, e)
''',
'conversions': r'''
import torch
f = torch.tensor([-2.7, -0.5, 0.5, 1.9, 2.5, -0.0])
print(f.long(), f.int(), f.short(), f.bool(), f.to(torch.uint8), f.to(torch.int8), f.byte(), f.char())
print(f.round(), f.trunc(), f.floor(), f.ceil(), f.round(decimals=1))
print(f.type(torch.int32), f.type(), f.long().type(), f.type('torch.DoubleTensor'), f.type(torch.LongTensor))
print(torch.tensor([0.1, 0.0, -0.0]).bool(), torch.tensor([0, 3, -1]).bool())
s = torch.tensor([float('nan'), float('inf'), -float('inf')])
print(s.bool(), s.half(), s.double(), s.isnan(), s.isinf(), s.isfinite(), s.nan_to_num(), s.nan_to_num(0.0, 1.0, -1.0))
print(torch.tensor([70000.0]).half(), torch.tensor([1e-8]).half(), torch.tensor([65519.0]).half(), torch.tensor([65520.0]).half())
print(torch.tensor([True, False]).float(), torch.tensor([True, False]).long(), torch.tensor([True, False]).to(torch.float16))
print(torch.tensor([1, 2]).to(torch.float64), torch.tensor([1, 2]).double().dtype, torch.tensor(3).float().item())
print(torch.tensor([2**53 + 1]).double().long(), torch.tensor([2**24 + 1]).float().long())
print(torch.tensor([1.5 + 2j]).real, torch.tensor([3]).to(torch.complex64))
try:
    print(torch.tensor([1 + 2j]).long())
except Exception as e:
    print(type(e).__name__, e)
x = torch.tensor([3, 4])
print(x.to(x), x.to(torch.tensor([1.0])), x.to('cpu', torch.float16), x.to(dtype=torch.bool), x.type_as(torch.tensor([0.5])))
print(x.float().is_floating_point(), x.is_floating_point(), x.bool().is_floating_point(), torch.is_floating_point(x.half()))
print(x.dtype.is_floating_point, torch.bool.is_signed, torch.uint8.is_signed, torch.int8.is_signed, torch.float16.itemsize, torch.int64.itemsize)
print(x.element_size(), x.bool().element_size(), x.half().element_size())
''',
'arange_linspace': r'''
import torch
print(torch.arange(5), torch.arange(5).dtype, torch.arange(0, 1, 0.25), torch.arange(0.0, 3), torch.arange(0, 3.0).dtype)
print(torch.arange(1, 10, 3), torch.arange(10, 0, -3), torch.arange(torch.tensor(4)), torch.arange(5, dtype=torch.uint8))
print(torch.arange(torch.tensor(2.0), 5), torch.arange(0, 5, torch.tensor(2)))
print(torch.linspace(0, 1, 5), torch.linspace(0, 10, 5).dtype, torch.linspace(0, 10, 5, dtype=torch.int64), torch.linspace(0, 9, 4, dtype=torch.int32))
print(torch.linspace(-1, 1, 3, dtype=torch.int64), torch.linspace(0, 1, 1), torch.linspace(0, 1, 0))
print(torch.logspace(0, 3, 4), torch.logspace(0, 3, 4, dtype=torch.int64), torch.logspace(0, 3, 4, base=2))
print(torch.full((2,), 3), torch.full((2,), 3).dtype, torch.full((2,), True), torch.full((2,), 2.5).dtype, torch.full((1,), 1j).dtype)
print(torch.zeros(2, dtype=torch.bool), torch.ones(2, dtype=torch.uint8), torch.ones_like(torch.tensor([1, 2])), torch.zeros_like(torch.tensor([1.5]), dtype=torch.int8))
print(torch.empty(0, dtype=torch.long), torch.tensor([]).dtype, torch.tensor([], dtype=torch.long).sum())
try:
    print(torch.arange(0, 5, 0))
except Exception as e:
    print(type(e).__name__, e)
try:
    print(torch.arange(5, 0))
except Exception as e:
    print(type(e).__name__, e)
try:
    print(torch.linspace(0, 1, -1))
except Exception as e:
    print(type(e).__name__, e)
print(torch.arange(-3, 3).abs(), torch.arange(6).reshape(2, 3).T.contiguous().view(-1))
print(torch.arange(0, 1, 0.1).shape, torch.arange(1, 2.5, 0.5))
''',
'reductions_int_bool': r'''
import torch
i = torch.tensor([[1, 2, 3], [4, 5, 6]], dtype=torch.int32)
b = torch.tensor([True, False, True, True])
u = torch.tensor([200, 100], dtype=torch.uint8)
print(i.sum(), i.sum().dtype, i.sum(0), i.sum(1, keepdim=True), i.prod(), i.prod(1).dtype)
print(b.sum(), b.sum().dtype, b.prod(), b.prod().dtype, b.cumsum(0), b.cumsum(0).dtype, b.cumprod(0))
print(u.sum(), u.prod(), u.cumsum(0).dtype, u.cumprod(0))
print(i.cumsum(1), i.cumsum(1).dtype, i.cumsum(0, dtype=torch.float32), i.sum(dtype=torch.float64))
print(i.max(), i.min(1), i.amax(0), i.argmax(), i.argmin(1), b.any(), b.all(), i.any(), i.all(1))
for fn in [lambda: i.mean(), lambda: b.mean(), lambda: u.mean(0), lambda: i.std(), lambda: i.var(1), lambda: torch.median(i), lambda: i.norm()]:
    try:
        print(fn())
    except Exception as e:
        print(type(e).__name__, e)
print(i.float().mean(), i.mean(dtype=torch.float64), i.mean(1, dtype=torch.float32))
print(b.float().mean(), b.count_nonzero(), torch.count_nonzero(i > 2, dim=1), (i > 2).sum(1))
print(b.max(), b.min(), b.long().argmax(), torch.tensor([False, False]).int().argmax())
try:
    print(b.argmax())
except Exception as e:
    print(type(e).__name__, e)
print(i.sum().item(), type(i.sum().item()), b.sum().item(), type(b.any().item()))
print(torch.tensor([1, 2, 3]).sum() / 2, torch.tensor([1, 2, 3]).sum() // 2)
print(torch.tensor([], dtype=torch.int64).sum(), torch.tensor([], dtype=torch.int64).prod(), torch.tensor([], dtype=torch.bool).all())
try:
    print(torch.tensor([], dtype=torch.int64).max())
except Exception as e:
    print(type(e).__name__, e)
print(torch.tensor([3, 1, 2]).logsumexp(0) if False else torch.tensor([3, 1, 2]).float().logsumexp(0))
try:
    print(torch.tensor([3, 1, 2]).logsumexp(0))
except Exception as e:
    print(type(e).__name__, e)
print(i.nansum(), i.aminmax(), torch.tensor([5, 2]).diff(), torch.tensor([True, False]).diff() if False else 0)
''',
'int_reduction_errors': r'''
import torch
x = torch.tensor([1, 2, 3, 4])
print(x.float().std(), x.float().var(unbiased=False), x.float().median(), x.median(), x.float().quantile(0.5))
for fn in [lambda: x.quantile(0.5), lambda: x.std(0), lambda: torch.var_mean(x), lambda: x.mean(0, keepdim=True), lambda: torch.mean(x, dtype=torch.int64),
           lambda: x.softmax(0), lambda: x.log_softmax(0), lambda: torch.nn.functional.softmax(x, 0), lambda: x.nanmean(), lambda: torch.cumsum(x, 0, dtype=torch.float16),
           lambda: x.norm(p=1), lambda: torch.linalg.norm(x), lambda: x.sum(dtype=torch.int8), lambda: x.prod(dtype=torch.float32), lambda: torch.logcumsumexp(x, 0),
           lambda: x.cumprod(0, dtype=torch.uint8), lambda: x.amin(), lambda: x.softmax(0, dtype=torch.float64), lambda: torch.std_mean(x.float())]:
    try:
        print(fn())
    except Exception as e:
        print(type(e).__name__, e)
b = torch.tensor([[True, False], [True, True]])
print(b.sum(0), b.sum(1, dtype=torch.uint8), b.all(0), b.any(1), b.float().mean(0), b.long().max(), b.int().sum().dtype)
print(b.sum(dim=(0, 1)), torch.sum(b, 0, keepdim=True), b.cumsum(1), b.cumsum(1).dtype, b.logical_not().sum())
print(torch.tensor([1, 2, 3], dtype=torch.int8).cumsum(0).dtype, torch.tensor([100, 100], dtype=torch.int8).sum(), torch.tensor([100, 100], dtype=torch.int8).cumsum(0))
print(torch.tensor([100, 100], dtype=torch.int8).prod(), torch.tensor([100, 100], dtype=torch.int16).cumprod(0))
print(torch.tensor([3, 1, 2], dtype=torch.uint8).max(), torch.tensor([3, 1, 2], dtype=torch.int8).sort(), torch.tensor([3, 1, 2], dtype=torch.int16).topk(2))
''',
'accuracy_counting': r'''
import torch
torch.manual_seed(0)
logits = torch.tensor([[0.1, 2.0, 0.3], [1.5, 0.2, 0.1], [0.0, 0.1, 3.0], [2.0, 2.0, 0.0], [0.3, 0.2, 0.1]])
y = torch.tensor([1, 0, 2, 1, 2])
pred = logits.argmax(dim=1)
print(pred, pred.dtype)
correct = (pred == y).sum().item()
print(correct, type(correct))
print(correct / len(y), 100.0 * correct / y.size(0), f"{correct / len(y):.2%}")
acc = (pred == y).float().mean()
print(acc, acc.item())
print((pred == y).sum() / len(y), ((pred == y).sum() / len(y)).dtype, (pred == y).sum() * 100 // len(y))
print((pred == y).to(torch.int32).sum(), (pred != y).nonzero().squeeze(1).tolist())
total, right = 0, 0
for k in range(0, 5, 2):
    p, t = pred[k:k + 2], y[k:k + 2]
    right += (p == t).sum().item()
    total += t.numel()
print(right, total, right / total)
conf = torch.zeros(3, 3, dtype=torch.long)
for t, p in zip(y, pred):
    conf[t, p] += 1
print(conf)
print(conf.diag(), conf.diag().sum(), conf.sum(0), conf.sum(1), conf.diag() / conf.sum(1).clamp(min=1))
print(torch.bincount(y * 3 + pred, minlength=9).reshape(3, 3))
topk = logits.topk(2, dim=1).indices
print(topk, (topk == y.unsqueeze(1)).any(dim=1).sum().item())
print(y.eq(pred).sum(), y.eq(pred).sum().item() == correct, torch.eq(y, pred).long())
''',
'onehot_labels': r'''
import torch
import torch.nn.functional as F
labels = torch.tensor([2, 0, 1, 2])
oh = F.one_hot(labels)
print(oh, oh.dtype)
print(F.one_hot(labels, num_classes=5), F.one_hot(torch.tensor(1), 3), F.one_hot(torch.tensor([[0, 1], [1, 1]])))
print(oh.float(), oh.argmax(1), oh.sum(0), oh.T @ oh)
for fn in [lambda: F.one_hot(torch.tensor([1.0, 2.0])), lambda: F.one_hot(torch.tensor([-1, 0])), lambda: F.one_hot(torch.tensor([3]), 2),
           lambda: F.one_hot(torch.tensor([1], dtype=torch.int32))]:
    try:
        print(fn())
    except Exception as e:
        print(type(e).__name__, e)
manual = torch.zeros(4, 3)
manual[torch.arange(4), labels] = 1
print(manual)
scat = torch.zeros(4, 3, dtype=torch.long).scatter_(1, labels.unsqueeze(1), 1)
print(scat, torch.equal(scat, oh))
names = ['cat', 'dog', 'bird', 'dog', 'cat']
vocab = {n: i for i, n in enumerate(sorted(set(names)))}
enc = torch.tensor([vocab[n] for n in names])
print(vocab, enc, enc.dtype, torch.bincount(enc), enc.unique(return_counts=True))
uniq, inv = torch.unique(torch.tensor([10, 30, 10, 20, 30]), return_inverse=True)
print(uniq, inv)
print(torch.eye(3, dtype=torch.long)[labels], torch.eye(3)[labels].dtype)
smooth = oh.float() * 0.9 + 0.1 / 3
print(smooth)
''',
'tensor_from_lists': r'''
import torch
cases = [[True, False], [True, 2], [1, 2.0], [True, 2.5], [1, 2], [[1], [2.0]], [1.0, 1j], [True, 1j], [], [[], []], [2**40], [-1, 0]]
for c in cases:
    t = torch.tensor(c)
    print(t, t.dtype, t.shape, t.tolist())
print(torch.tensor(True), torch.tensor(True).dtype, torch.tensor(3).dtype, torch.tensor(3.0).dtype)
print(torch.tensor([torch.tensor(1), torch.tensor(2)]), torch.tensor([torch.tensor(1.5), 2]))
print(torch.as_tensor([1, 2], dtype=torch.float16), torch.tensor([1.7, -1.7], dtype=torch.int64), torch.tensor([0.5, 0], dtype=torch.bool))
for bad in [[1, [2]], [[1, 2], [3]], ['a'], [None], [1, 'x']]:
    try:
        print(torch.tensor(bad))
    except Exception as e:
        print(type(e).__name__, e)
print(torch.tensor([1, 2]).new_tensor([True, False]), torch.tensor([1.5]).new_tensor([1, 2]), torch.tensor([1.5]).new_tensor([1, 2]).dtype)
print(torch.tensor((1, 2, 3)), torch.tensor(range(3)), torch.LongTensor([1, 2]), torch.FloatTensor([1, 2]), torch.BoolTensor([1, 0]))
print(torch.tensor([2**63 - 1]), torch.tensor([float('nan'), 1]).dtype)
import numpy as np
print(torch.tensor(np.array([1, 2], dtype=np.int32)), torch.from_numpy(np.array([True, False])), torch.tensor(np.float64(2.5)), torch.tensor([np.int64(3)]))
''',
'tolist_item': r'''
import torch
dts = [torch.float16, torch.float32, torch.float64, torch.int8, torch.int16, torch.int32, torch.int64, torch.uint8, torch.bool, torch.complex64]
for dt in dts:
    t = torch.tensor([1, 0, 3]).to(dt)
    v = t[0].item()
    print(dt, t.tolist(), v, type(v).__name__, t[2].tolist(), type(t.tolist()[1]).__name__, int(t[2]) if not dt.is_complex else None)
print(torch.tensor(0.1).item(), torch.tensor(0.1, dtype=torch.float16).item(), torch.tensor(1/3, dtype=torch.float64).item())
print(torch.tensor([0.1, 0.2]).tolist(), torch.tensor([0.1], dtype=torch.float16).tolist())
print(float(torch.tensor([2])), int(torch.tensor(2.9)), int(torch.tensor(-2.9)), bool(torch.tensor([0])), bool(torch.tensor(0.1)))
for fn in [lambda: torch.tensor([1, 2]).item(), lambda: int(torch.tensor([1, 2])), lambda: bool(torch.tensor([1, 2])), lambda: torch.tensor([]).item(),
           lambda: float(torch.tensor(1j)), lambda: int(torch.tensor(float('nan'))), lambda: int(torch.tensor(float('inf')))]:
    try:
        print(fn())
    except Exception as e:
        print(type(e).__name__, e)
print(torch.tensor(5).__index__(), [10, 20, 30][torch.tensor(1)], range(10)[torch.tensor(3)])
try:
    print([1, 2][torch.tensor(1.0)])
except Exception as e:
    print(type(e).__name__, e)
print(torch.tensor([[1, 2], [3, 4]], dtype=torch.uint8).tolist(), torch.tensor(7, dtype=torch.int8).tolist(), torch.tensor([1.5, 2]).double().tolist())
print(f"{torch.tensor(3)}", f"{torch.tensor(2.5):.3f}", f"{torch.tensor(7):03d}" if False else "", "{:.1f}".format(torch.tensor(0.25).item()))
try:
    print(f"{torch.tensor([1.5, 2.5]):.2f}")
except Exception as e:
    print(type(e).__name__, e)
print(torch.tensor(3) == 3, 3 in torch.tensor([1, 3]), torch.tensor(2.0) == 2, hash(torch.tensor(1).item()))
''',
'where_clamp_mixed': r'''
import torch
i = torch.tensor([-3, -1, 0, 2, 5])
f = torch.tensor([0.5, 1.5, 2.5, 3.5, 4.5])
print(torch.where(i > 0, i, f), torch.where(i > 0, i, 0), torch.where(i > 0, i, 0.5), torch.where(i > 0, 1, 0), torch.where(i > 0, 1.0, 0))
print(torch.where(i > 0, i, 0).dtype, torch.where(i > 0, 1, 0).dtype, torch.where(i > 0, True, False).dtype, torch.where(i > 0, 2, 0.5).dtype)
print(torch.where(i > 0, torch.tensor(1.5, dtype=torch.float64), i), torch.where(i > 0, f.half(), f).dtype)
print(torch.where(i > 0), torch.where(torch.tensor([[0, 1], [1, 1]])))
print(i.clamp(-1, 3), i.clamp(min=0), i.clamp(-1.5, 2.5), i.clamp(-1.5, 2.5).dtype, i.clamp(max=torch.tensor(1)), torch.clamp(i, min=torch.tensor([0, 0, 0, 0, 9])))
print(i.clamp(torch.tensor(0.5)), torch.clip(i, 0, 1), f.clamp(1, 3), f.clamp(1, 3).dtype)
print(torch.maximum(i, f), torch.minimum(i, torch.tensor(1)), torch.maximum(i, torch.tensor(0.5)), torch.fmax(i.float(), f), torch.max(i, f))
print(torch.maximum(torch.tensor([True, False]), torch.tensor([False, False])), torch.maximum(torch.tensor([1], dtype=torch.uint8), torch.tensor([-1], dtype=torch.int8)))
print(i > 0.5, i == 2.0, i < f, i >= torch.tensor(0), f != 2.5, torch.tensor([True, False]) == 1, torch.tensor([True]) > 0.5)
print(torch.eq(i, f), torch.gt(i, 1).dtype, torch.isclose(i, i), i.ge(0).logical_and(i.le(2)), torch.logical_or(i, torch.tensor(0)))
print(i.sign(), f.sign(), i.abs(), torch.tensor([-1, 2]).neg(), i.sgn(), torch.sign(torch.tensor([True, False])))
try:
    print(torch.maximum(i, 2))
except Exception as e:
    print(type(e).__name__, e)
try:
    print(torch.clamp(torch.tensor([True, False]), 0, 1))
except Exception as e:
    print(type(e).__name__, e)
try:
    print(torch.where(i, 1, 0))
except Exception as e:
    print(type(e).__name__, e)
print(i.masked_fill(i < 0, 0), i.masked_fill(i < 0, 0.7) if False else 0, f.masked_fill(i < 0, 1))
try:
    print(i.masked_fill(i < 0, 0.7))
except Exception as e:
    print(type(e).__name__, e)
print(i.clamp_(0, 2), i)
''',
'bincount_histc_argmax': r'''
import torch
x = torch.tensor([0, 1, 1, 3, 3, 3])
print(torch.bincount(x), torch.bincount(x, minlength=6), torch.bincount(x, weights=torch.tensor([0.5, 1, 1, 2, 2, 2])), torch.bincount(torch.tensor([], dtype=torch.long)))
print(torch.bincount(x, weights=torch.tensor([1, 2, 3, 4, 5, 6])).dtype, torch.bincount(x, weights=torch.ones(6, dtype=torch.float64)).dtype)
print(torch.bincount(x.to(torch.uint8)), torch.bincount(x.int()).dtype)
for fn in [lambda: torch.bincount(torch.tensor([-1, 2])), lambda: torch.bincount(torch.tensor([1.0])), lambda: torch.bincount(torch.tensor([[1]])),
           lambda: torch.bincount(x, minlength=-1), lambda: torch.histc(x), lambda: torch.bincount(torch.tensor([True, False]))]:
    try:
        print(fn())
    except Exception as e:
        print(type(e).__name__, e)
f = torch.tensor([0.0, 0.5, 1.0, 2.0, 2.5, 4.0])
print(torch.histc(f, bins=4), torch.histc(f, bins=4, min=0, max=2), torch.histc(f, 2, -1, 10))
print(torch.histc(torch.tensor([1.0, 1.0]), bins=3), torch.histogram(f, bins=4))
print(torch.histogram(f, bins=torch.tensor([0.0, 1.0, 3.0, 5.0])))
m = torch.tensor([[1, 5, 5], [7, 7, 2], [0, 0, 0]])
print(m.argmax(), m.argmax(0), m.argmax(1), m.argmin(1, keepdim=True), m.argmax(dim=-1).dtype, torch.argmax(m.bool().long(), 1))
print(torch.tensor([3.0, float('nan'), 5.0]).argmax(), torch.tensor([2, 2, 2]).argmax(), torch.tensor(7).argmax())
try:
    print(torch.tensor([]).argmax())
except Exception as e:
    print(type(e).__name__, e)
print(torch.bucketize(torch.tensor([1, 5, 9]), torch.tensor([2, 4, 6, 8])), torch.searchsorted(torch.tensor([1, 3, 5]), torch.tensor([3, 4]), right=True))
print(torch.bucketize(torch.tensor([1, 5, 9]), torch.tensor([2, 4, 6, 8]), out_int32=True).dtype)
''',
'pow_math_int': r'''
import torch
i = torch.tensor([2, 3, -2, 0])
print(i ** 2, i ** 2.0, (i ** 2.0).dtype, 2 ** i if False else 2 ** torch.tensor([0, 1, 3]), i.pow(3), torch.pow(2, torch.tensor([1, 2])))
for fn in [lambda: i ** -1, lambda: torch.tensor([2]) ** torch.tensor([-1]), lambda: i.pow(0.5), lambda: torch.tensor([0]) ** -1]:
    try:
        print(fn())
    except Exception as e:
        print(type(e).__name__, e)
print(i.sqrt(), i.exp().dtype, i.float().sqrt(), torch.sin(i).dtype, i.sigmoid().dtype, torch.tensor([True]).exp())
print(i.abs(), i.neg(), i.square(), i.square().dtype, torch.tensor([True, False]).square() if False else 0, i.reciprocal())
print(torch.tensor([4, 9]).sqrt(), torch.tensor([1, 2], dtype=torch.uint8).log(), torch.tensor([1], dtype=torch.float16).exp().dtype)
print(torch.gcd(torch.tensor([12, -18, 0]), torch.tensor([8, 12, 5])), torch.lcm(torch.tensor([4, 6]), torch.tensor([6, 4])))
try:
    print(torch.gcd(torch.tensor([1.0]), torch.tensor([2.0])))
except Exception as e:
    print(type(e).__name__, e)
print(i.float().round().long(), torch.tensor([0.5, 1.5, 2.5, -0.5]).round(), torch.tensor([7, 12]).round(), torch.tensor([1, 2]).floor().dtype)
print(torch.tensor([17]) // torch.tensor([5]) * 5 + torch.tensor([17]) % torch.tensor([5]))
print(torch.tensor([5, 2]).float_power(2), torch.tensor([5, 2]).float_power(2).dtype, torch.tensor([3]).true_divide(2))
print(torch.tensor([1, 2, 3]).mul(torch.tensor([True, False, True])), torch.tensor([1, 2]).addcmul(torch.tensor([1, 1]), torch.tensor([2, 3]), value=2))
try:
    print(torch.tensor([1, 2]).addcmul(torch.tensor([1, 1]), torch.tensor([2, 3]), value=0.5))
except Exception as e:
    print(type(e).__name__, e)
try:
    print(torch.tensor([1, 2]).addcdiv(torch.tensor([1, 1]), torch.tensor([2, 3])))
except Exception as e:
    print(type(e).__name__, e)
print(torch.lerp(torch.tensor([1.0]), torch.tensor([3.0]), 0.5), torch.tensor([5, -5]).fmod(3.0), torch.tensor([5, 8]).remainder(torch.tensor(3.0)))
try:
    print(torch.lerp(torch.tensor([1]), torch.tensor([3]), 0.5))
except Exception as e:
    print(type(e).__name__, e)
''',
'int_unary_math': r'''
import torch
i = torch.tensor([-3, 0, 4])
fns = [lambda: i.frac(), lambda: i.trunc(), lambda: i.floor(), lambda: torch.tensor([True]).floor(), lambda: i.round(decimals=1), lambda: i.ceil().dtype,
       lambda: torch.copysign(i, -1), lambda: torch.copysign(i, torch.tensor([1, -1, -1])), lambda: i.signbit(), lambda: torch.tensor([-0.0]).signbit(),
       lambda: torch.heaviside(i, torch.tensor([7])), lambda: torch.heaviside(i.float(), torch.tensor([7])), lambda: torch.isin(i, torch.tensor([4.0])),
       lambda: torch.isin(i, 4), lambda: torch.tensor([True, False, True]).unique(), lambda: torch.tensor([True, False]).sort(descending=True),
       lambda: torch.nextafter(i, i), lambda: torch.nextafter(torch.tensor([1.0]), torch.tensor([2.0])) - 1, lambda: torch.hypot(i, i),
       lambda: torch.atan2(i, i), lambda: torch.atan2(i, i).dtype, lambda: torch.logaddexp(i, i), lambda: torch.xlogy(i, 2), lambda: torch.erf(i).dtype,
       lambda: i.exp2(), lambda: i.float().exp2(), lambda: torch.tensor([1, 4]).rsqrt(), lambda: torch.tensor([8], dtype=torch.uint8).log2(),
       lambda: i.angle(), lambda: i.float().angle(), lambda: i.conj(), lambda: i.real, lambda: i.imag, lambda: torch.tensor([5]).deg2rad(),
       lambda: torch.tensor([True]).neg(), lambda: torch.tensor([True]).abs(), lambda: torch.tensor([2], dtype=torch.uint8).neg(), lambda: torch.tensor([-128], dtype=torch.int8).abs(),
       lambda: torch.tensor([True]).sign(), lambda: i.clamp(min=torch.tensor([0.5, 0.5, 0.5])), lambda: i.float().fmod(torch.tensor([2])), lambda: torch.fmod(i, 0),
       lambda: torch.remainder(i, 0), lambda: torch.remainder(2, torch.tensor([3, -3])), lambda: torch.fmod(torch.tensor([5], dtype=torch.uint8), 3), lambda: torch.remainder(torch.tensor([5.5]), torch.tensor([-2]))]
for fn in fns:
    try:
        print(fn())
    except Exception as e:
        print(type(e).__name__, e)
''',
'mask_indexing_bool': r'''
import torch
x = torch.arange(10)
mask = x % 2 == 0
print(mask, x[mask], x[~mask], mask.sum(), mask.nonzero().flatten(), mask.long().cumsum(0))
x[mask] = -1
print(x)
y = torch.tensor([1.5, 2.5, 3.5])
y[torch.tensor([True, False, True])] = 0
print(y)
z = torch.zeros(3, dtype=torch.long)
z[torch.tensor([0, 2])] = torch.tensor([7.9, -7.9]).long()
print(z)
try:
    z[0] = 2.5
    print(z)
except Exception as e:
    print(type(e).__name__, e)
try:
    z[torch.tensor([True, False, False])] = torch.tensor([1.5])
    print(z)
except Exception as e:
    print(type(e).__name__, e)
b = torch.zeros(3, dtype=torch.bool)
b[1] = 5
b[2] = 0.0
print(b)
u = torch.zeros(2, dtype=torch.uint8)
u[0] = 300 if False else 255
u[1] = -1 if False else 1
print(u)
idx = torch.tensor([0, 1], dtype=torch.int32)
print(torch.arange(5)[idx], torch.arange(5)[torch.tensor([0, 1], dtype=torch.uint8)] if False else 0)
try:
    print(torch.arange(5)[torch.tensor([0.0, 1.0])])
except Exception as e:
    print(type(e).__name__, e)
cnt = torch.zeros(4, dtype=torch.long)
cnt.index_add_(0, torch.tensor([0, 1, 1, 3]), torch.ones(4, dtype=torch.long))
print(cnt)
cnt2 = torch.zeros(4, dtype=torch.long).scatter_add_(0, torch.tensor([2, 2, 0]), torch.tensor([1, 1, 1]))
print(cnt2, torch.zeros(3).index_put_((torch.tensor([0, 0]),), torch.tensor([1.0, 2.0]), accumulate=True))
print(x.masked_select(x > 0), torch.tensor([3, 1, 2])[torch.tensor([2, 0])].tolist(), x.numel(), x.eq(-1).sum().item())
''',
'unsigned_wide_dtypes': r'''
import torch
fns = [lambda: torch.tensor([1, 2], dtype=torch.uint16), lambda: torch.tensor([1], dtype=torch.uint64).dtype,
       lambda: torch.iinfo(torch.uint16), lambda: torch.tensor([70000]).to(torch.uint16), lambda: torch.tensor([3], dtype=torch.uint16).item(),
       lambda: torch.tensor([3], dtype=torch.uint16).sum(), lambda: torch.tensor([3], dtype=torch.uint32) * torch.tensor([2], dtype=torch.uint32),
       lambda: torch.promote_types(torch.uint16, torch.int16), lambda: torch.promote_types(torch.uint32, torch.uint8), lambda: torch.tensor([5], dtype=torch.uint16).tolist(),
       lambda: torch.zeros(2, dtype=torch.uint16), lambda: torch.arange(3, dtype=torch.uint32), lambda: torch.tensor([5], dtype=torch.uint16).float()]
for fn in fns:
    try:
        print(fn())
    except Exception as e:
        print(type(e).__name__, e)
''',
'out_dtype_rules': r'''
import torch
scores = torch.tensor([[0.5, 2.0, 1.5], [3.0, -1.0, 0.25]])
labels = torch.tensor([[3, 1, 2], [2, 2, 0]])
L, I32, F64 = torch.long, torch.int32, torch.float64
def show(name, fn):
    try:
        print(name, fn())
    except Exception as e:
        print(name, type(e).__name__, e)
show("sum", lambda: torch.sum(labels, 1, out=torch.empty(0)))
show("sum_full", lambda: torch.sum(labels, out=torch.empty(())))
show("prod_full", lambda: torch.prod(labels, out=torch.empty(())))
show("prod_dtype", lambda: torch.prod(labels, dtype=torch.float32, out=torch.empty(())))
show("prod_keepdim", lambda: torch.prod(labels, keepdim=True, out=torch.empty(())))
show("prod_method", lambda: labels.prod(out=torch.empty(())))
show("prod_method_dim", lambda: labels.prod(1, out=torch.empty(0)))
show("prod_out_int", lambda: torch.prod(labels, 1, out=torch.empty(0)))
show("prod_float_in_long", lambda: torch.prod(scores, 1, out=torch.empty(0, dtype=L)))
show("prod_dtype_mismatch", lambda: torch.prod(labels, 1, dtype=torch.float32, out=torch.empty(0, dtype=F64)))
show("cumsum_long", lambda: torch.cumsum(scores, 1, out=torch.empty(0, dtype=L)))
show("cumprod_long", lambda: torch.cumprod(scores, 1, out=torch.empty(0, dtype=L)))
show("cumsum_uint8", lambda: torch.cumsum(labels * 100, 1, out=torch.empty(0, dtype=torch.uint8)))
show("cumsum_dtype_mismatch", lambda: torch.cumsum(scores, 1, dtype=F64, out=torch.empty(0, dtype=L)))
show("cumsum_bool", lambda: torch.cumsum(scores, 1, out=torch.empty(0, dtype=torch.bool)))
show("cumsum_dtype_bool_0d", lambda: torch.cumsum(torch.tensor(2.5), 0, dtype=torch.bool))
show("argmax_int32", lambda: torch.argmax(scores, 1, out=torch.empty(0, dtype=I32)))
show("argmin_float", lambda: torch.argmin(scores, out=torch.empty((), dtype=torch.float32)))
show("argmax_long", lambda: torch.argmax(scores, 1, keepdim=True, out=torch.empty(0, dtype=L)))
show("all_uint8", lambda: torch.all(labels, 1, out=torch.empty(0, dtype=torch.uint8)))
show("all_bool_from_uint8", lambda: torch.all(labels.byte(), out=torch.empty((), dtype=torch.bool)))
show("any_int", lambda: torch.any(labels, 0, out=torch.empty(0, dtype=I32)))
show("any_half", lambda: torch.any(scores > 1, out=torch.empty((), dtype=torch.float16)))
for name in ["sort", "topk", "kthvalue", "median", "nanmedian", "mode", "max"]:
    fn = {"sort": lambda o: torch.sort(scores, 1, out=o), "topk": lambda o: torch.topk(scores, 2, out=o), "kthvalue": lambda o: torch.kthvalue(scores, 2, out=o),
          "median": lambda o: torch.median(labels, 1, out=o), "nanmedian": lambda o: torch.nanmedian(scores, 1, out=o), "mode": lambda o: torch.mode(labels, 1, out=o),
          "max": lambda o: torch.max(labels, 1, out=o)}[name]
    for dts in [(None, L), (None, I32), (F64, L), (F64, I32), (L, torch.float32)]:
        src = labels if name in ("median", "mode", "max") else scores
        o = (torch.empty(0, dtype=dts[0] or src.dtype), torch.empty(0, dtype=dts[1]))
        show(f"{name} {o[0].dtype} {o[1].dtype}", lambda: fn(o))
''',
'py_builtins': r'''
import torch, math
import numpy as np
t = torch.tensor([3, 1, 2])
print(sorted(t), max(t), min(t), sum(t), sum(t.tolist()), list(torch.tensor([True, False])), abs(torch.tensor(-3)))
print(math.floor(torch.tensor(2.5)), math.ceil(torch.tensor(2.1)), math.isnan(torch.tensor(float('nan'))), math.sqrt(torch.tensor(16)))
print('%d items' % torch.tensor(3), '%.2f' % torch.tensor(0.125), '{}'.format(torch.tensor(3.5)), '{:>6}'.format(torch.tensor(7).item()), str(torch.tensor(5)))
for fn in [lambda: divmod(torch.tensor(7), 2), lambda: divmod(torch.tensor([7, -7]), torch.tensor(2)), lambda: pow(torch.tensor(2), 3, 5), lambda: torch.tensor(7) ** -1,
           lambda: round(torch.tensor(2.5)), lambda: round(torch.tensor([1.25, 2.5])), lambda: complex(torch.tensor(2)), lambda: '%d' % torch.tensor(2.7),
           lambda: '%x' % torch.tensor(255), lambda: hex(torch.tensor(255)), lambda: bin(torch.tensor(5)), lambda: '{:d}'.format(torch.tensor(5)), lambda: '{:.1f}'.format(torch.tensor(5)),
           lambda: math.floor(torch.tensor([2.5])), lambda: int(torch.tensor([[3]])), lambda: float(torch.tensor([[2]], dtype=torch.uint8)), 
           lambda: torch.tensor(5, dtype=torch.uint8) - 6, lambda: 10 // torch.tensor(3), lambda: 10 % torch.tensor(-3), lambda: 7.5 // torch.tensor(2), lambda: -torch.tensor(2, dtype=torch.uint8),
           lambda: np.array(torch.tensor([1, 2], dtype=torch.int8)).dtype, lambda: torch.tensor([1, 2]).numpy().dtype, lambda: np.int64(3) * torch.tensor([1, 2]), lambda: (np.float32(0.5) * torch.tensor([1, 2])).dtype,
           lambda: (torch.tensor([1, 2]) * np.float64(0.5)).dtype, lambda: (torch.tensor([1], dtype=torch.int8) + np.int64(1)).dtype, lambda: torch.tensor([1, 2]) + np.array([1, 2]),
           lambda: (torch.tensor([1.0]) + np.float64(1.0)).dtype, lambda: torch.tensor([1, 2]) == np.int64(2), lambda: bool(torch.tensor(float('nan'))), lambda: 3 in torch.tensor([[1, 3]]),
           lambda: torch.tensor([1, 2]).__contains__(2.0), lambda: len(torch.tensor([[1, 2, 3]])), lambda: len(torch.tensor(3))]:
    try:
        print(fn())
    except Exception as e:
        print(type(e).__name__, e)
''',
'cat_stack_promo': r'''
import torch
i = torch.tensor([1, 2]); f = torch.tensor([0.5, 1.5]); b = torch.tensor([True, False]); u = torch.tensor([200, 3], dtype=torch.uint8); c = torch.tensor([-1, 5], dtype=torch.int8)
for fn in [lambda: torch.cat([i, f]), lambda: torch.cat([b, i]), lambda: torch.cat([u, c]), lambda: torch.stack([i, f]), lambda: torch.stack([b, u]), lambda: torch.hstack([i, f.double()]),
           lambda: torch.vstack([b, b]), lambda: torch.cat([torch.tensor([]), i]), lambda: torch.cat([torch.tensor([], dtype=torch.long), f]), lambda: torch.cat([i, f], out=torch.empty(0, dtype=torch.long)),
           lambda: torch.cat([i, i], out=torch.empty(0)), lambda: torch.stack([i.half(), i.float()]).dtype, lambda: torch.column_stack([i, b]), lambda: torch.dstack([u, u]).dtype,
           lambda: torch.allclose(i, f), lambda: torch.allclose(i, i.float()), lambda: torch.equal(i, i.float()), lambda: torch.equal(b, b.long()), lambda: torch.isclose(i, i.double()),
           lambda: torch.isclose(b, b), lambda: torch.allclose(torch.tensor([1, 2]), torch.tensor([1, 3]), atol=1), lambda: torch.testing.assert_close(i, i.float()),
           lambda: torch.testing.assert_close(i, i.float(), check_dtype=False), lambda: torch.testing.assert_close(torch.tensor([1, 2]), torch.tensor([1, 3])),
           lambda: torch.testing.assert_close(b, torch.tensor([True, True])), lambda: torch.testing.assert_close(torch.tensor([1, 2], dtype=torch.uint8), torch.tensor([1, 2], dtype=torch.int8))]:
    try:
        print(fn())
    except Exception as e:
        print(type(e).__name__, e)
''',
'image_uint8': r'''
import torch
torch.manual_seed(0)
img = torch.randint(0, 256, (2, 3, 4), dtype=torch.uint8)
print(img, img.dtype, img.max(), img.min(), img.float().max())
x = img.float() / 255
print(x.dtype, (x * 255).round().to(torch.uint8).equal(img))
print(img.to(torch.float32).div(255).mul(2).sub(1).min() >= -1)
flipped = 255 - img
print(flipped[0, 0], (flipped + img).unique(), (img // 64).flatten().bincount(minlength=4))
thr = (img > 127).to(torch.uint8) * 255
print(thr[1], thr.sum(dtype=torch.int64), thr.sum(), thr.float().mean() / 255)
hist = torch.histc(img.float(), bins=4, min=0, max=255)
print(hist, hist.sum(), hist.dtype)
gray = (img[0].long() * 3 + img[1].long() * 6) // 9
print(gray, gray.dtype, gray.clamp(0, 255).to(torch.uint8))
print((img.int() - 128).abs().max(), (img - 128)[0, 0], img.int().sub(128).clamp(-100, 100)[0])
m = torch.randint(0, 2, (3, 4), dtype=torch.bool)
print(m, m.sum(), torch.randint(0, 5, (4,)).dtype, torch.randint(3, (2,), dtype=torch.int8))
print(torch.randint_like(img, 10).dtype, torch.randint(-5, 5, (6,)), torch.randperm(6), torch.randperm(4, dtype=torch.int32))
print(img.view(torch.int8)[0, 0], img.bitwise_and(0xF0)[0, 0], (img >> 4)[0, 0], (img.long() << 8)[0, 0])
''',
'loss_targets_dtype': r'''
import torch
import torch.nn.functional as F
logits = torch.tensor([[2.0, 0.5, -1.0], [0.1, 0.2, 3.0]])
for tgt in [torch.tensor([0, 2]), torch.tensor([0, 2], dtype=torch.int32), torch.tensor([0, 2], dtype=torch.uint8), torch.tensor([0.0, 2.0]), torch.tensor([True, False]),
            torch.tensor([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]), torch.tensor([[1, 0, 0], [0, 0, 1]]), torch.tensor([0, 3]), torch.tensor([-1, 0])]:
    for name, fn in [("ce", lambda: F.cross_entropy(logits, tgt)), ("nll", lambda: F.nll_loss(F.log_softmax(logits, 1), tgt))]:
        try:
            print(name, tgt.dtype, fn())
        except Exception as e:
            print(name, tgt.dtype, type(e).__name__, e)
for fn in [lambda: F.binary_cross_entropy(torch.tensor([0.2, 0.9]), torch.tensor([0, 1])), lambda: F.binary_cross_entropy_with_logits(logits[0, :2], torch.tensor([0, 1])),
           lambda: F.mse_loss(torch.tensor([1.0, 2.0]), torch.tensor([1, 3])), lambda: F.l1_loss(torch.tensor([1, 2]), torch.tensor([1, 3])), lambda: F.mse_loss(torch.tensor([1, 2]), torch.tensor([1, 3])),
           lambda: F.embedding(torch.tensor([0.0, 1.0]), torch.eye(3)), lambda: F.embedding(torch.tensor([0, 1], dtype=torch.int32), torch.eye(3)), lambda: F.embedding(torch.tensor([0, 1], dtype=torch.uint8), torch.eye(3)),
           lambda: torch.nn.Embedding(3, 2)(torch.tensor([3])), lambda: F.softmax(torch.tensor([1, 2]), 0), lambda: F.relu(torch.tensor([-1, 2])), lambda: F.relu(torch.tensor([True])),
           lambda: torch.nn.Linear(2, 1)(torch.tensor([[1, 2]])), lambda: F.linear(torch.tensor([[1, 2]]), torch.tensor([[1, 1]])), lambda: F.pad(torch.tensor([1, 2]), (1, 1), value=1.5),
           lambda: F.pad(torch.tensor([True]), (1, 0)), lambda: F.dropout(torch.tensor([1, 2]), 0.0), lambda: F.normalize(torch.tensor([3, 4]), dim=0), lambda: torch.sigmoid(torch.tensor([0], dtype=torch.uint8))]:
    try:
        print(fn())
    except Exception as e:
        print(type(e).__name__, e)
''',
'rounding_more': r'''
import torch
u = torch.tensor([7, 250], dtype=torch.uint8); i8 = torch.tensor([-7, 7], dtype=torch.int8); b = torch.tensor([True, False])
for fn in [lambda: torch.div(u, -2, rounding_mode='floor'), lambda: torch.div(u, 2.5, rounding_mode='trunc'), lambda: torch.div(i8, torch.tensor(2), rounding_mode='floor'),
           lambda: torch.div(b, b, rounding_mode='floor'), lambda: torch.div(b, True), lambda: torch.div(b, 2, rounding_mode='trunc'), lambda: b // b, lambda: b % True,
           lambda: torch.fmod(b, True), lambda: i8 // torch.tensor([2, -2], dtype=torch.int8), lambda: i8 % torch.tensor([-3], dtype=torch.uint8), lambda: torch.remainder(i8, 2.5),
           lambda: torch.tensor([-128], dtype=torch.int8) // -1, lambda: torch.tensor([-2**63]) // -1, lambda: torch.tensor([-2**63]) % -1, lambda: torch.tensor([5]) // torch.tensor([0.0]),
           lambda: torch.tensor([-5]) // 0.0, lambda: torch.tensor([0]) // 0.0, lambda: torch.div(torch.tensor([5]), 0, rounding_mode='trunc'), lambda: torch.div(torch.tensor([5.0]), 0, rounding_mode='trunc'),
           lambda: torch.div(torch.tensor([-5.0, 0.0]), 0, rounding_mode='floor'), lambda: torch.tensor([5.5]).div_(2, rounding_mode='floor'), lambda: torch.tensor([5]).div_(2, rounding_mode='floor'),
           lambda: torch.tensor([5]).div_(2, rounding_mode='trunc').dtype, lambda: torch.tensor([5]).div_(2.5, rounding_mode='floor'), lambda: torch.tensor([5]).floor_divide_(2),
           lambda: torch.tensor([5]).remainder_(2.5), lambda: torch.tensor([5]).fmod_(torch.tensor(2)), lambda: torch.tensor([5, 6]).true_divide_(2), lambda: torch.tensor([5.0]).true_divide_(torch.tensor(2)),
           lambda: torch.tensor([1e10]).long(), lambda: torch.tensor([1e20]).long(), lambda: torch.tensor([-1e20]).int(), lambda: torch.tensor([float('nan')]).long(), lambda: torch.tensor([float('inf')]).int(),
           lambda: torch.tensor([300.7]).to(torch.uint8), lambda: torch.tensor([-1.5]).to(torch.uint8), lambda: torch.tensor([-200.0]).to(torch.int8), lambda: torch.tensor([2.0**31]).int(),
           lambda: torch.tensor([65536.0 + 5]).short(), lambda: torch.tensor([1e5]).half(), lambda: torch.tensor([3.999999]).half().long(), lambda: torch.tensor([2**63 - 1]).float().long()]:
    try:
        print(fn())
    except Exception as e:
        print(type(e).__name__, e)
''',
'type_strings': r'''
import torch
dts = [torch.float16, torch.float32, torch.float64, torch.int8, torch.int16, torch.int32, torch.int64, torch.uint8, torch.bool, torch.complex64, torch.complex128]
for dt in dts:
    t = torch.zeros(2, dtype=dt)
    print(dt, t.type(), type(t).__name__, t.dtype.is_floating_point, t.dtype.is_complex, t.dtype.is_signed, t.dtype.itemsize, t.is_signed() if dt != torch.bool else None, str(dt), repr(dt))
for fn in [lambda: torch.tensor([1.5]).type('torch.IntTensor'), lambda: torch.tensor([1.5]).type('torch.int32'), lambda: torch.tensor([1]).type(dtype=torch.float16),
           lambda: torch.tensor([1]).type(torch.ByteTensor), lambda: torch.tensor([1]).type('torch.FooTensor'), lambda: torch.tensor([1]).type('float'),
           lambda: torch.tensor([1, 2]).to('float32') , lambda: torch.tensor([1]).to(float), lambda: torch.tensor([1]).to(int), lambda: torch.tensor([1.5]).to(bool), lambda: torch.zeros(2, dtype=float),
           lambda: torch.zeros(2, dtype=int), lambda: torch.zeros(2, dtype=bool), lambda: torch.ones(2, dtype=complex), lambda: torch.tensor([1], dtype='int64'), lambda: torch.arange(3, dtype=float),
           lambda: torch.iinfo(torch.float32), lambda: torch.finfo(torch.int32), lambda: torch.iinfo(torch.bool), lambda: torch.finfo(), lambda: torch.finfo(torch.float16).tiny, lambda: torch.finfo(torch.float64).resolution,
           lambda: torch.iinfo(torch.int16), lambda: torch.finfo(torch.float32), lambda: torch.tensor([1]).is_signed(), lambda: torch.tensor([1], dtype=torch.uint8).is_signed(),
           lambda: isinstance(torch.tensor([1]), torch.LongTensor), lambda: isinstance(torch.tensor([1.0]), torch.LongTensor), lambda: torch.tensor([1]).dtype == torch.long, lambda: torch.int == torch.int32, lambda: torch.float is torch.float32,
           lambda: torch.double, lambda: torch.half, lambda: torch.short, lambda: torch.cfloat, lambda: torch.get_default_dtype().to_complex(), lambda: torch.float16.to_real(), lambda: torch.complex128.to_real()]:
    try:
        print(fn())
    except Exception as e:
        print(type(e).__name__, e)
''',
'search_mixed': r'''
import torch
s_i = torch.tensor([1, 3, 5, 7]); s_f = torch.tensor([1.0, 3.0, 5.0]); v_f = torch.tensor([2.5, 5.0]); v_i = torch.tensor([0, 5, 9])
for fn in [lambda: torch.searchsorted(s_i, v_f), lambda: torch.searchsorted(s_f, v_i), lambda: torch.searchsorted(s_i, 4), lambda: torch.searchsorted(s_i, 4.5),
           lambda: torch.searchsorted(s_f, torch.tensor(3)), lambda: torch.bucketize(v_f, s_i), lambda: torch.bucketize(3, s_i), lambda: torch.bucketize(2.5, s_f, right=True),
           lambda: torch.searchsorted(s_i.int(), v_i), lambda: torch.searchsorted(s_i, v_i, side='right'), lambda: torch.searchsorted(s_i, v_i, side='left', right=True),
           lambda: torch.searchsorted(s_i, v_i, sorter=torch.tensor([0, 1, 2, 3])), lambda: torch.searchsorted(s_i, v_i, out_int32=True), lambda: torch.searchsorted(torch.tensor([True, False]), torch.tensor([True])),
           lambda: torch.isin(v_i, s_i), lambda: torch.isin(v_f, s_i), lambda: torch.isin(v_i, torch.tensor([5.0])), lambda: torch.isin(torch.tensor([True]), torch.tensor([1])),
           lambda: torch.isin(v_i, 5), lambda: torch.isin(5, v_i), lambda: torch.isin(v_i, s_i, invert=True), lambda: torch.unique(torch.tensor([2, 1, 2], dtype=torch.uint8), return_counts=True),
           lambda: torch.unique(torch.tensor([[1, 2], [1, 2]]), dim=0), lambda: torch.unique(torch.tensor([True, True, False]), return_inverse=True, return_counts=True),
           lambda: torch.unique_consecutive(torch.tensor([1, 1, 2, 2, 1], dtype=torch.int8), return_counts=True), lambda: torch.tensor([3, 1, 2]).sort(stable=True, descending=True),
           lambda: torch.tensor([True, False, True]).argsort(stable=True), lambda: torch.tensor([2, 1], dtype=torch.uint8).argsort(descending=True), lambda: torch.tensor([5, 1, 4]).msort(),
           lambda: torch.tensor([1, 2, 3, 4]).median(), lambda: torch.tensor([1, 2, 3, 4]).float().median(), lambda: torch.tensor([1, 2, 3, 4]).nanmedian(), lambda: torch.tensor([1, 1, 2, 2]).mode(),
           lambda: torch.tensor([[1, 5], [3, 2]]).kthvalue(1, 0), lambda: torch.tensor([2, 2, 1]).topk(2, largest=False), lambda: torch.tensor([1, 2, 3]).cummax(0), lambda: torch.tensor([True, False, True]).cummax(0)]:
    try:
        print(fn())
    except Exception as e:
        print(type(e).__name__, e)
''',
'view_inplace_dtype': r'''
import torch
x = torch.arange(6).reshape(2, 3)
def show(fn):
    try:
        r = fn()
        print(r if r is not None else x)
    except Exception as e:
        print(type(e).__name__, e)
def f1():
    x[0] += 1
def f2():
    x[0] += 0.5
def f3():
    x[:, 0] *= 2.5
def f4():
    x[x > 2] -= 1
def f5():
    x[x > 2] += 0.5
def f6():
    y = x.view(-1); y[1] = 9.9
def f7():
    x.T.add_(torch.ones(3, 2, dtype=torch.int32))
def f8():
    x.index_put_((torch.tensor([0]),), torch.tensor(1.5))
def f9():
    x.index_put_((torch.tensor([0]), torch.tensor([1])), torch.tensor([7]), accumulate=True)
def f10():
    u = torch.tensor([250, 5], dtype=torch.uint8); u[u > 100] += 10; return u
def f11():
    u = torch.tensor([250, 5], dtype=torch.uint8); u[0] = u[0] + 10; return u
def f12():
    b = torch.tensor([True, False]); b += True; return b
def f13():
    b = torch.tensor([True, False]); b *= False; return b
def f14():
    b = torch.tensor([True, False]); b += 1; return b
def f15():
    i = torch.tensor([1, 2]); i *= torch.tensor([True, False]); return i
def f16():
    h = torch.tensor([1.0], dtype=torch.float16); h += torch.tensor([1.0], dtype=torch.float64); return h
def f17():
    i = torch.tensor([5]); i -= torch.tensor(2.0); return i
def f18():
    i = torch.tensor([5], dtype=torch.int8); i += 1000; return i
def f19():
    i = torch.tensor([5], dtype=torch.int8); i += torch.tensor(1000); return i
def f20():
    i = torch.tensor([5], dtype=torch.int32); i.add_(torch.tensor([1], dtype=torch.int64)); return i, i.dtype
def f21():
    i = torch.tensor([5]); i.mul_(torch.tensor([2], dtype=torch.uint8)); return i
def f22():
    i = torch.tensor([5], dtype=torch.uint8); i.mul_(torch.tensor([-2], dtype=torch.int8)); return i
for fn in [f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15, f16, f17, f18, f19, f20, f21, f22]:
    show(fn)
''',
'new_like_linalg': r'''
import torch
i = torch.tensor([[1, 2], [3, 4]]); f = torch.tensor([[0.5, 1.0], [1.5, 2.0]]); b = torch.tensor([[True, False], [True, True]])
for fn in [lambda: i.new_zeros(2), lambda: i.new_full((2,), 2.7), lambda: i.new_ones(1, dtype=torch.float16), lambda: b.new_full((2,), 3), lambda: torch.full_like(i, 2.5),
           lambda: torch.full_like(b, 7), lambda: torch.full_like(i, True), lambda: torch.zeros_like(i, dtype=torch.bool), lambda: torch.ones_like(b) + 1, lambda: torch.full_like(i.byte(), -1),
           lambda: torch.full_like(i, 2**40), lambda: torch.full_like(i.int(), 2**40), lambda: i.new_empty(0).dtype, lambda: torch.empty_like(b).dtype, lambda: torch.full((2,), 2**63),
           lambda: torch.outer(i[0], f[0]), lambda: torch.outer(b[0], i[0]), lambda: torch.kron(i, b), lambda: torch.trace(i), lambda: torch.trace(b), lambda: torch.diag(i).sum(),
           lambda: torch.einsum('ij,jk->ik', i, i), lambda: torch.einsum('ij,jk->ik', i, f), lambda: torch.einsum('ii->', i), lambda: torch.mv(i, f[0]), lambda: torch.mv(i, i[0]),
           lambda: torch.bmm(i[None], i[None]), lambda: torch.tensordot(i, f, dims=1), lambda: torch.cross(torch.tensor([1, 0, 0]), torch.tensor([0.0, 1.0, 0.0]), dim=0),
           lambda: torch.linalg.cross(torch.tensor([1, 0, 0]), torch.tensor([0, 1, 0])), lambda: torch.det(i), lambda: torch.linalg.matrix_rank(i), lambda: torch.inverse(i),
           lambda: torch.matmul(b, b), lambda: i @ b, lambda: torch.triu(i), lambda: torch.tril(b), lambda: torch.cumsum(torch.eye(2, dtype=torch.long), 0), lambda: torch.eye(2, dtype=torch.bool),
           lambda: torch.diag_embed(torch.tensor([1, 2], dtype=torch.uint8)), lambda: torch.addmm(i, i, i, beta=2, alpha=3), lambda: torch.addmm(i, i, i, alpha=0.5), lambda: torch.dot(b[0], b[1])]:
    try:
        print(fn())
    except Exception as e:
        print(type(e).__name__, e)
''',
'wide_unsigned_reductions': r'''
import torch
t = torch.tensor([[1, 2], [3, 0]], dtype=torch.uint16)
for name, fn in [("mean", lambda: t.mean()), ("mean_dim", lambda: t.mean(0)), ("min", lambda: t.min()), ("max_dim", lambda: t.max(0)), ("min_dim", lambda: t.min(1)), ("amax", lambda: t.amax()),
                 ("amin", lambda: t.amin(0)), ("argmin", lambda: t.argmin()), ("argmax_dim", lambda: t.argmax(1)), ("aminmax", lambda: t.aminmax()), ("median", lambda: t.median()), ("median_dim", lambda: t.median(0)),
                 ("nanmedian", lambda: t.nanmedian()), ("topk", lambda: t.topk(1)), ("kth", lambda: t.kthvalue(1)), ("mode", lambda: t.mode()), ("cummax", lambda: t.cummax(0)), ("cummin", lambda: t.cummin(1)),
                 ("std", lambda: t.std()), ("all", lambda: t.all()), ("any", lambda: t.any(0)), ("nansum", lambda: t.nansum()), ("count_nonzero", lambda: t.count_nonzero()), ("count_nonzero_dim", lambda: t.count_nonzero(0)),
                 ("unique", lambda: t.unique()), ("msort", lambda: t.msort()), ("argsort", lambda: t.argsort()), ("cumprod", lambda: t.cumprod(0)), ("sum_dim", lambda: t.sum(0)), ("prod_dim", lambda: t.prod(1)),
                 ("max_u32", lambda: t.to(torch.uint32).max()), ("max_empty", lambda: torch.tensor([], dtype=torch.uint64).max()), ("kth_0d", lambda: t[0, 0].kthvalue(1)),
                 ("mean_u64_dtype", lambda: t.to(torch.uint64).mean(dtype=torch.float32)), ("mul", lambda: t * t), ("eq", lambda: t == 2), ("float", lambda: t.float()), ("div", lambda: t / 2),
                 ("bitand", lambda: t & 1), ("promote", lambda: t + torch.tensor([1])), ("tolist", lambda: t.tolist()), ("iinfo", lambda: torch.iinfo(torch.uint32))]:
    try:
        print(name, fn())
    except Exception as e:
        print(name, type(e).__name__, e)
''',
'promo_api': r'''
import torch
dts = [torch.bool, torch.uint8, torch.int8, torch.int16, torch.int32, torch.int64, torch.float16, torch.float32, torch.float64, torch.complex64, torch.complex128]
for a in dts:
    print(a, [str(torch.promote_types(a, b)).replace('torch.', '') for b in dts])
    print(a, [int(torch.can_cast(a, b)) for b in dts])
for a in dts:
    t = torch.ones(2, dtype=a); z = torch.ones((), dtype=a)
    print(a, torch.result_type(t, 1), torch.result_type(t, 1.5), torch.result_type(t, True), torch.result_type(t, 1j) if a != torch.float16 else None, torch.result_type(z, torch.ones(2, dtype=torch.int8)), torch.result_type(2, t))
for fn in [lambda: torch.result_type(1, 2), lambda: torch.result_type(1.0, True), lambda: torch.result_type(torch.tensor([1]), 'a'), lambda: torch.result_type(torch.tensor([1]), None),
           lambda: torch.promote_types(torch.int8, 1), lambda: torch.can_cast(torch.int8, 'float'), lambda: torch.result_type(torch.tensor(1), torch.tensor(1.0)),
           lambda: torch.result_type(torch.tensor(1, dtype=torch.int8), torch.tensor([1], dtype=torch.uint8)), lambda: torch.result_type(torch.tensor([True]), torch.tensor(1.0, dtype=torch.float64))]:
    try:
        print(fn())
    except Exception as e:
        print(type(e).__name__, e)
''',
'tensor_methods_no_out': r'''
import torch
x = torch.tensor([[1.5, -2.5], [0.5, 3.0]])
o = torch.empty(0)
for name, fn in [("sum", lambda: x.sum(0, out=o)), ("cumsum", lambda: x.cumsum(0, out=o)), ("cumprod", lambda: x.cumprod(0, out=o)), ("argmax", lambda: x.argmax(out=o)),
                 ("all", lambda: x.all(out=o)), ("any", lambda: x.any(0, out=o)), ("sort", lambda: x.sort(out=(o, o))), ("topk", lambda: x.topk(1, out=(o, o))), ("max", lambda: x.max(0, out=(o, o))),
                 ("mean", lambda: x.mean(0, out=o)), ("amax", lambda: x.amax(0, out=o)), ("median", lambda: x.median(0, out=(o, o))),
                 ("kthvalue", lambda: x.kthvalue(1, out=(o, o))), ("mode", lambda: x.mode(out=(o, o))), ("std", lambda: x.std(0, out=o)), ("logsumexp", lambda: x.logsumexp(0, out=o)),
                 ("nansum", lambda: x.nansum(0, out=o)), ("cummax", lambda: x.cummax(0, out=(o, o))), ("aminmax", lambda: x.aminmax(out=(o, o))), ("prod", lambda: x.prod(0, out=o)),
                 ("argmin", lambda: x.argmin(0, out=o)), ("var", lambda: x.var(out=o)), ("std_fn", lambda: torch.std(x, 0, out=torch.empty(0))),
                 ("cumsum_fn", lambda: torch.cumsum(x, 0, out=torch.empty(0))), ("sort_fn", lambda: torch.sort(x, out=(torch.empty(0), torch.empty(0, dtype=torch.long))))]:
    try:
        print(name, fn())
    except Exception as e:
        print(name, type(e).__name__, e)
''',
'fmt_scalars': r'''
import torch
vals = [torch.tensor(7), torch.tensor(7, dtype=torch.uint8), torch.tensor(True), torch.tensor(2.5), torch.tensor(2.5, dtype=torch.float16), torch.tensor(-3, dtype=torch.int8), torch.tensor(1e-8, dtype=torch.float64)]
for v in vals:
    for spec in ["", "d", ".2f", "5", ">8", "e", "g", "%", "x", "b", ",", "+", ".3"]:
        try:
            print(repr(spec), format(v, spec))
        except Exception as e:
            print(repr(spec), type(e).__name__, e)
for v in [torch.tensor([1, 2]), torch.tensor([]), torch.tensor([[True]])]:
    for spec in ["", "d", ".2f"]:
        try:
            print(repr(spec), format(v, spec))
        except Exception as e:
            print(repr(spec), type(e).__name__, e)
print(f"acc={torch.tensor(3) / 4:.1%}", f"n={torch.tensor(5)}", f"{torch.tensor(3).item():03d}", "%s" % torch.tensor([1, 2]), "%r" % torch.tensor(1.5))
''',
}

ember_outputs, torch_outputs, test_program_matches_pytorch = program_tests(PROGRAMS)


def test_cum_ops_scan_in_out_dtype():
    x = ember.tensor([1.5, -2.5, 0.7])
    assert ember.cumprod(x, 0, out=ember.empty(0, dtype=ember.long)).tolist() == [1, -2, 0]
    assert ember.cumsum(x, 0, out=ember.empty(0, dtype=ember.int8)).dtype == ember.int8
    raises_exactly(lambda: ember.cumsum(x, 0, dtype=ember.float64, out=ember.empty(0, dtype=ember.long)), RuntimeError,
                   "Expected out tensor to have dtype double, but got long int instead")
    raises_exactly(lambda: ember.cumsum(x, 0, out=ember.empty(0, dtype=ember.bool)), NotImplementedError,
                   "\"cumsum_out_cpu\" not implemented for 'Bool'")
    assert ember.cumsum(ember.tensor(2.5), 0, dtype=ember.bool).item() is True


def test_argmax_out_must_be_long():
    x = ember.tensor([[0.5, 2.0], [3.0, -1.0]])
    raises_exactly(lambda: ember.argmax(x, 1, out=ember.empty(0, dtype=ember.int32)), RuntimeError,
                   "Expected out tensor to have dtype long int, but got int instead")
    raises_exactly(lambda: ember.argmin(x, out=ember.empty(())), RuntimeError,
                   "Expected out tensor to have dtype long int, but got float instead")
    assert ember.argmax(x, 1, out=ember.empty(0, dtype=ember.long)).tolist() == [1, 0]


def test_all_any_out_bool_or_byte():
    i = ember.tensor([3, 0])
    raises_exactly(lambda: ember.any(i, out=ember.empty((), dtype=ember.int32)), RuntimeError,
                   "any only supports bool tensor for result, got: Int")
    raises_exactly(lambda: ember.all(i, out=ember.empty(())), RuntimeError, "all only supports bool tensor for result, got: Float")
    r = ember.all(ember.tensor([1, 2], dtype=ember.uint8), out=ember.empty((), dtype=ember.bool))
    assert r.dtype == ember.bool and r.item() is True
    assert ember.any(i, out=ember.empty((), dtype=ember.uint8)).dtype == ember.uint8


def test_prod_out_parser_and_dtype():
    i = ember.tensor([3, -4])
    with pytest.raises(TypeError, match=r"prod\(\) received an invalid combination of arguments - got \(Tensor, out=Tensor\)"):
        ember.prod(i, out=ember.empty(()))
    raises_exactly(lambda: ember.prod(i, dtype=ember.float32, out=ember.empty(())), TypeError,
                   'prod() missing 1 required positional arguments: "dim"')
    raises_exactly(lambda: i.prod(0, out=ember.empty(())), TypeError, "prod() got an unexpected keyword argument 'out'")
    assert ember.prod(ember.tensor([1.5, -2.5]), 0, out=ember.empty((), dtype=ember.long)).item() == -2
    raises_exactly(lambda: ember.prod(i, 0, dtype=ember.float32, out=ember.empty((), dtype=ember.float64)), RuntimeError,
                   "Expected out tensor to have dtype float, but got double instead")


@pytest.mark.parametrize("name, call, msg", [
    ("sort", lambda o: ember.sort(ember.tensor([2.0, 1.0]), out=o), "Expected out tensor to have dtype long int, but got int instead"),
    ("topk", lambda o: ember.topk(ember.tensor([2.0, 1.0]), 1, out=o), "Expected out tensor to have dtype long int, but got int instead"),
    ("kthvalue", lambda o: ember.kthvalue(ember.tensor([2.0, 1.0]), 1, out=o), "output indices must be of scalar type Long"),
    ("median", lambda o: ember.median(ember.tensor([2.0, 1.0]), 0, out=o), "Expected tensor for argument #1 'indices' to have "
     "scalar type Long; but got torch.IntTensor instead (while checking arguments for median)"),
    ("mode", lambda o: ember.mode(ember.tensor([2.0, 1.0]), out=o), "expected scalar type 'Long' but got 'Int' for indices output"),
])
def test_values_indices_out_dtype_checks(name, call, msg):
    raises_exactly(lambda: call((ember.empty(0), ember.empty(0, dtype=ember.int32))), RuntimeError, msg)


def test_values_out_dtype_checks():
    x = ember.tensor([2.0, 1.0])
    o = (ember.empty(0, dtype=ember.float64), ember.empty(0, dtype=ember.long))
    raises_exactly(lambda: ember.sort(x, out=o), RuntimeError, "Expected out tensor to have dtype float, but got double instead")
    raises_exactly(lambda: ember.kthvalue(x, 1, out=o), RuntimeError, "output values must be of same type as input")
    raises_exactly(lambda: ember.nanmedian(x, 0, out=o), RuntimeError,
                   "Expected tensor for 'values' to have the same type as tensor for argument #2 'self'; but type "
                   "torch.DoubleTensor does not equal torch.FloatTensor (while checking arguments for median)")
    raises_exactly(lambda: ember.mode(x, out=o), RuntimeError, "expected scalar type 'Float' but got 'Double' for values output")


@pytest.mark.parametrize("elements, test, word", [
    (ember.tensor([True]), ember.tensor([1]), "Bool"), (ember.tensor([1, 2]), True, "Bool"),
    (ember.tensor([1 + 1j]), ember.tensor([1]), "ComplexFloat"), (1j, ember.tensor([1]), "ComplexDouble"),
    (ember.tensor([True]), ember.tensor([1j]), "Bool"),
])
def test_isin_refuses_bool_and_complex(elements, test, word):
    raises_exactly(lambda: ember.isin(elements, test), RuntimeError, f"Unsupported input type encountered for isin(): {word}")


def test_isin_mixed_int_float_still_compares_values():
    assert ember.isin(ember.tensor([1.5, 2.0]), ember.tensor([1, 2])).tolist() == [False, True]
    assert ember.isin(ember.tensor([1, 2]), 1.0).tolist() == [True, False]


def test_tensordot_needs_same_dtype():
    a, b = ember.ones(2, 3), ember.ones(3, 2, dtype=ember.long)
    raises_exactly(lambda: ember.tensordot(a, b, dims=1), RuntimeError, "both inputs should have same dtype")
    raises_exactly(lambda: ember.tensordot(a, b, dims=([1, 0], [0])), RuntimeError, "both dimension lists should have same length")
    assert ember.tensordot(a, b.float(), dims=1).tolist() == [[3.0, 3.0], [3.0, 3.0]]


@pytest.mark.parametrize("call, msg", [
    (lambda t: t.max(), "\"max_all\" not implemented for 'UInt16'"),
    (lambda t: t.min(1), "\"min_cpu\" not implemented for 'UInt16'"),
    (lambda t: t.amax(0), "\"max_values_cpu\" not implemented for 'UInt16'"),
    (lambda t: t.argmax(), "\"argmax_cpu\" not implemented for 'UInt16'"),
    (lambda t: t.median(0), "\"median_out\" not implemented for 'UInt16'"),
    (lambda t: t.topk(1), "\"topk_cpu\" not implemented for 'UInt16'"),
    (lambda t: t.cummin(0), "\"cummin_cpu\" not implemented for 'UInt16'"),
    (lambda t: t.count_nonzero(), "\"nonzero_count_cpu\" not implemented for 'UInt16'"),
])
def test_wide_unsigned_reductions_unsupported(call, msg):
    raises_exactly(lambda: call(ember.tensor([[1, 2], [3, 0]], dtype=ember.uint16)), NotImplementedError, msg)


def test_wide_unsigned_supported_reductions_and_mean_error():
    t = ember.tensor([[1, 2], [3, 0]], dtype=ember.uint32)
    assert t.sum().item() == 6 and t.count_nonzero(0).tolist() == [2, 1] and t[0, 0].kthvalue(1).values.item() == 1
    raises_exactly(lambda: t.mean(), RuntimeError, "mean(): could not infer output dtype. Input dtype must be either a "
                   "floating point or complex dtype. Got: UInt32")


def test_dtype_api_argument_errors():
    raises_exactly(lambda: ember.promote_types(ember.int8, 1), TypeError,
                   "promote_types(): argument 'type2' (position 2) must be torch.dtype, not int")
    raises_exactly(lambda: ember.promote_types(ember.int8), TypeError, 'promote_types() missing 1 required positional arguments: "type2"')
    raises_exactly(lambda: ember.can_cast(ember.int8, to=None), TypeError, "can_cast(): argument 'to' must be torch.dtype, not NoneType")
    assert ember.can_cast(int, ember.int8) is True and ember.can_cast(float, ember.int8) is False and ember.promote_types(float, ember.int8) == ember.float64
    with pytest.raises(TypeError, match=r"^result_type\(\) received an invalid combination of arguments - got \(Tensor, str\)"):
        ember.result_type(ember.tensor([1]), "a")
    assert ember.result_type(tensor=ember.tensor([1]), other=1.5) == ember.float32
    assert ember.result_type(2, 1.5) == ember.float32 and ember.result_type(ember.tensor([1], dtype=ember.int8), 1000) == ember.int8


def test_reduction_methods_take_no_out():
    x = ember.tensor([[1.5, -2.5], [0.5, 3.0]])
    o = ember.empty(0)
    for call, name in [(lambda: x.cumsum(0, out=o), "cumsum"), (lambda: x.argmax(out=o), "argmax"), (lambda: x.mean(0, out=o), "mean"),
                       (lambda: x.max(0, out=(o, o)), "max"), (lambda: x.topk(1, out=(o, o)), "topk"), (lambda: x.logsumexp(0, out=o), "logsumexp")]:
        raises_exactly(call, TypeError, f"{name}() got an unexpected keyword argument 'out'")
    with pytest.raises(TypeError, match=r"^all\(\) received an invalid combination of arguments - got \(out=Tensor, \)"):
        x.all(out=o)
    with pytest.raises(TypeError, match=r"^sort\(\) received an invalid combination of arguments - got \(out=tuple, \)"):
        x.sort(out=(o, o))
    assert ember.cumsum(x, 0, out=ember.empty(0)).tolist() == [[1.5, -2.5], [2.0, 0.5]]
    assert ember.std(x, 0, out=ember.empty(0)).shape == (2,)
