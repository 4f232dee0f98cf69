"""Op tables of type promotion and dtype behaviour in pointwise ops (program probe 13a), run under
``python -m ember run`` and under PyTorch 2.13; stdout must match exactly.

Themes: op tables over the pairs of bool/uint8/int8/int16/int32/int64/float16/float32/float64/complex64
tensors for the binary pointwise ops (add, sub, mul, div and its rounding modes, true_divide, floor_divide,
remainder, fmod, pow, atan2, hypot, maximum/minimum, fmax/fmin, comparisons, logical and bitwise ops, shifts,
copysign, nextafter, ldexp, xlogy, lerp), each printing the result dtype and values or the error; tensors against
Python bool/int/float/complex scalars and NumPy scalars in both orders and through the operators (``2 ** t``,
``t // 3``, ``-t``, ``~t``, ``abs(t)``); 0-d tensors against dimensioned tensors (no promotion within a category)
and against each other; unary ops on integer/bool inputs (which promote to float, keep the dtype or raise), their
in-place forms and ``out=``; in-place binary ops and augmented assignment whose result can't be cast back
(``result type Float can't be cast to the desired output type Long``); ``out=`` of every dtype;
``torch.result_type``/``promote_types``/``can_cast`` tables; ``set_default_dtype`` and what it changes
(``torch.tensor(1.5)``, ``arange(3.0)``, ``int / 2``, complex scalars); ``alpha`` checks and bool subtraction and
negation errors; integer overflow and wrap-around; float16 arithmetic with scalars and 0-d tensors; ``where``/
``masked_fill``/``fill_`` with scalars; ``addcmul``/``addcdiv``/``clamp`` promotion; odd operand types.

The unit tests at the end cover the fixes the probe led to:

* ``lerp`` with a 0-d ``weight`` of another dtype promotes all three operands (PyTorch 2.13's ``lerp_Tensor``
  meta function: ``lerp(int, int, tensor(0.5))`` is Float, a 0-d Double weight leaves Float inputs Float, an
  integral common dtype raises ``"lerp_kernel_tensor" not implemented for 'Long'``, ``lerp_`` refuses an
  uncastable result); ``torch.lerp(..., out=)`` with a dimensioned weight wants ``out`` of the input's dtype
  (``Found dtype Double but expected Float``), and ``torch.lerp`` with too few/many arguments, a non-tensor
  ``out`` or bad keywords raises the parser's "invalid combination of arguments" error;
* ``ldexp`` with a complex operand raises 2 to the exponent as ATen's ``_pow2`` does (``pow(2., other)`` for an
  integral or Float ``self``, else a 0-d tensor 2 of ``self``'s dtype, so the power's dtype follows 0-d promotion);
* complex ``sigmoid`` divides as ``c10::complex`` does, so a zero imaginary part comes out +0, not -0;
* ``set_default_dtype`` of a non-dtype (``'float'``, ``float``, None) says ``invalid dtype object: ...``;
* ``torch.result_type`` reads a NumPy scalar as PyTorch's parser does (a NumPy integer as an int, an
  ``np.bool_`` or ``np.complex64`` as a double);
* ``add``/``sub`` ``alpha``: a complex alpha for real inputs raises ``For non-complex input tensors, argument alpha
  must not be a complex number.``; an ``np.bool_`` alpha counts as a floating one;
* ``div(..., rounding_mode=, out=)`` checks ``out``'s dtype before an integer division by zero, and
  ``bool.div_(int, rounding_mode='floor')`` names the result type Long (rounded division keeps integers);
* a non-str ``rounding_mode`` is the parser's "invalid combination of arguments" error for ``torch.div``,
  ``torch.divide``, ``Tensor.div``/``divide`` and ``div_`` (bytes are taken as a str);
* a Python complex with a float32 tensor gives complex64 under a float64 default dtype (the tensor's own complex
  type, not the default one), and ``where(cond, 1j, 0)`` takes the default complex dtype;
* ``add``/``sub`` ``alpha`` and ``addcmul``/``addcdiv`` ``value`` are converted with c10's overflow check
  (``value cannot be converted to type int8_t without overflow``; uint8 takes -255..255, wrapped; float32 refuses
  1e40, Half's ``addcmul`` checks against float, a complex ``value`` for a real result overflows), and
  ``sub(..., alpha=-2**63)`` negates alpha with int64 wrap-around as ``-Scalar`` does (the in-place fast path
  ``add_(other, alpha=)`` leaves alphas past half's range to the general path);
* ``promote_types`` of bfloat16 with another floating dtype (Float with Half, else the wider one) no longer
  fails for want of a NumPy bfloat16;
* a NumPy array given to an op's function or method form (``torch.add(t, a)``, ``torch.add(a, t)``,
  ``t.pow(a)``, ``t.mul_(a)``, ``torch.where(c, t, a)``) is the parser's TypeError (``add(): argument 'other'
  (position 2) must be Tensor, not numpy.ndarray``), as in PyTorch; the operators still defer to NumPy.

Not covered (unfixed): ComplexHalf (``complex32``), which float16 tensors with complex scalars or 0-d complex
tensors promote to, is not supported by ember; float32 ``log`` and some float64 special functions (``lgamma``,
``digamma``, ``i0``, ``log1p``, ``erfcx``, ``mish``; float32 ``cos(1)``, float16 ``rsqrt``, complex ``log10`` and
``logaddexp``, float32 ``logaddexp2`` of 1 and 2) differ from PyTorch's kernels in the last bit for some inputs.
"""
from __future__ import annotations

import pytest
from program_runner import program_tests, raises_exactly

import ember

PRELUDE = r'''
import torch
DT = [torch.bool, torch.uint8, torch.int8, torch.int16, torch.int32, torch.int64,
      torch.float16, torch.float32, torch.float64, torch.complex64]
NAME = {d: str(d)[6:] for d in DT}
def mk(dt, which=0):
    """A small 1-D tensor of dtype ``dt`` (``which`` picks the left or right operand's values)."""
    if dt == torch.bool:
        return torch.tensor([True, False, True, True] if which == 0 else [True, True, False, True])
    if dt.is_complex:
        return torch.tensor([5 + 1j, -3.5 + 0j, 0j, 2 - 2j] if which == 0 else [2 + 0j, 1j, -4 + 1j, 3 + 0j], dtype=dt)
    if dt.is_floating_point:
        return torch.tensor([5.5, -3.25, 0.0, 2.0] if which == 0 else [2.0, 3.0, -1.5, 4.0], dtype=dt)
    vals = [7, -3, 0, 2] if which == 0 else [2, 3, -4, 5]
    if dt == torch.uint8:
        vals = [7, 3, 0, 2] if which == 0 else [2, 3, 4, 5]
    return torch.tensor(vals, dtype=dt)
def show(label, fn):
    try:
        r = fn()
    except Exception as e:
        print(label, '!', type(e).__name__, str(e).split('\n')[0])
        return
    if isinstance(r, torch.Tensor):
        print(label, NAME.get(r.dtype, r.dtype), r.tolist())
    else:
        print(label, r)
def table(opname, fn, dts=DT):
    for a in dts:
        for b in dts:
            show(f'{opname} {NAME[a]},{NAME[b]}:', lambda: fn(mk(a, 0), mk(b, 1)))
'''

BODIES = {
'tt_add_sub': r"""
table('add', torch.add)
table('sub', torch.sub)
""",
'tt_mul_div': r"""
table('mul', torch.mul)
table('div', torch.div)
""",
'tt_div_modes': r"""
table('trunc', lambda a, b: torch.div(a, b, rounding_mode='trunc'))
table('floor', lambda a, b: torch.div(a, b, rounding_mode='floor'))
""",
'tt_truediv_floordiv': r"""
table('true_divide', torch.true_divide)
table('floor_divide', torch.floor_divide)
""",
'tt_remainder_fmod': r"""
table('remainder', torch.remainder)
table('fmod', torch.fmod)
""",
'tt_pow': r"""
table('pow', torch.pow)
""",
'tt_atan2_hypot': r"""
table('atan2', torch.atan2)
table('hypot', torch.hypot)
""",
'tt_max_min': r"""
table('maximum', torch.maximum)
table('minimum', torch.minimum)
""",
'tt_fmax_fmin': r"""
table('fmax', torch.fmax)
table('fmin', torch.fmin)
""",
'tt_compare': r"""
table('eq', torch.eq)
table('lt', torch.lt)
table('ge', torch.ge)
""",
'tt_logical': r"""
table('logical_and', torch.logical_and)
table('logical_xor', torch.logical_xor)
""",
'tt_bitwise': r"""
table('bitwise_and', torch.bitwise_and)
table('bitwise_xor', torch.bitwise_xor)
""",
'tt_shifts': r"""
table('left_shift', torch.bitwise_left_shift)
table('right_shift', torch.bitwise_right_shift)
""",
'tt_copysign_nextafter': r"""
table('copysign', torch.copysign)
table('nextafter', torch.nextafter)
""",
'tt_ldexp_xlogy': r"""
table('ldexp', torch.ldexp, [d for d in DT if d != torch.float16])
for d in DT[:-1]:
    show(f'ldexp float16,{NAME[d]}:', lambda: torch.ldexp(mk(torch.float16), mk(d, 1)))
    show(f'ldexp {NAME[d]},float16:', lambda: torch.ldexp(mk(d), mk(torch.float16, 1)))
table('xlogy', torch.xlogy)
""",
'tt_lerp': r"""
table('lerp', lambda a, b: torch.lerp(a, b, 0.5))
table('lerpT', lambda a, b: torch.lerp(a, b, torch.tensor([0.5, 0.25, 1.0, 0.0], dtype=a.dtype) if a.is_floating_point() or a.is_complex() else torch.tensor(0.5)))
""",
'tt_ne_le_gt_or': r"""
table('ne', torch.ne)
table('le', torch.le)
table('gt', torch.gt)
table('logical_or', torch.logical_or)
table('bitwise_or', torch.bitwise_or)
""",
'ts_scalars_arith': r"""
SC = [True, 3, -2, 2.5, 1.5 - 1j]
for d in DT:
    for s in SC:
        if d == torch.float16 and isinstance(s, complex):
            continue
        t = mk(d)
        for name, fn in [('+', lambda: t + s), ('r+', lambda: s + t), ('-', lambda: t - s), ('r-', lambda: s - t),
                         ('*', lambda: t * s), ('/', lambda: t / s), ('r/', lambda: s / t)]:
            show(f'{NAME[d]} {name} {s!r}:', fn)
""",
'ts_scalars_intops': r"""
SC = [True, 3, -2, 2.5]
for d in DT:
    for s in SC:
        t = mk(d)
        for name, fn in [('//', lambda: t // s), ('r//', lambda: s // t), ('%', lambda: t % s), ('r%', lambda: s % t),
                         ('**', lambda: t ** s), ('r**', lambda: s ** t)]:
            show(f'{NAME[d]} {name} {s!r}:', fn)
""",
'ts_scalars_bitcmp': r"""
SC = [True, 3, -2, 2.5]
for d in DT:
    for s in SC:
        t = mk(d)
        for name, fn in [('&', lambda: t & s), ('r|', lambda: s | t), ('^', lambda: t ^ s), ('<<', lambda: t << s),
                         ('r>>', lambda: s >> t), ('<', lambda: t < s), ('r==', lambda: s == t), ('>=', lambda: t >= s)]:
            show(f'{NAME[d]} {name} {s!r}:', fn)
""",
'ts_scalars_funcs': r"""
SC = [True, 3, -2, 2.5]
for d in DT:
    for s in SC:
        t = mk(d)
        for name, fn in [('atan2', lambda: torch.atan2(t, torch.tensor(s))), ('fmod', lambda: torch.fmod(t, s)),
                         ('remainder', lambda: torch.remainder(t, s)), ('rem_r', lambda: torch.remainder(s, t)),
                         ('xlogy', lambda: torch.xlogy(t, s)), ('xlogy_r', lambda: torch.xlogy(s, t)),
                         ('pow_r', lambda: torch.pow(s, t)), ('copysign', lambda: torch.copysign(t, s)),
                         ('floor_div', lambda: torch.floor_divide(t, s)), ('div_trunc', lambda: torch.div(t, s, rounding_mode='trunc')),
                         ('true_div', lambda: torch.true_divide(t, s)), ('clamp', lambda: torch.clamp(t, min=s))]:
            show(f'{NAME[d]} {name} {s!r}:', fn)
""",
'zero_dim_vs_dim': r"""
for a in DT:
    for b in DT:
        if a == torch.complex64 and b == torch.float16:
            continue
        z = mk(a)[0]
        t = mk(b, 1)
        show(f'0d {NAME[a]} + {NAME[b]}:', lambda: z + t)
        show(f'{NAME[b]} * 0d {NAME[a]}:', lambda: t * z)
""",
'zero_dim_ops': r"""
for a in DT:
    for b in DT:
        if a == torch.complex64 and b == torch.float16:
            continue
        z = mk(a)[1]
        t = mk(b, 1)
        show(f'{NAME[b]} / 0d {NAME[a]}:', lambda: t / z)
        show(f'max {NAME[b]}, 0d {NAME[a]}:', lambda: torch.maximum(t, z))
        show(f'{NAME[b]} < 0d {NAME[a]}:', lambda: t < z)
""",
'zero_dim_both': r"""
for a in DT:
    for b in DT:
        za = mk(a)[0]
        zb = mk(b, 1)[1]
        show(f'0d {NAME[a]} - 0d {NAME[b]}:', lambda: za - zb)
        show(f'0d {NAME[a]} rt 0d {NAME[b]}:', lambda: torch.result_type(za, zb))
        show(f'0d {NAME[a]} ** 2.5:', lambda: za ** 2.5)
""",
'unary_operators': r"""
for d in DT:
    t = mk(d)
    for name, fn in [('-', lambda: -t), ('~', lambda: ~t), ('abs', lambda: abs(t)), ('+', lambda: +t),
                     ('2**', lambda: 2 ** t), ('2.0**', lambda: 2.0 ** t), ('//3', lambda: t // 3), ('%3', lambda: t % 3),
                     ('**2', lambda: t ** 2), ('**-1', lambda: t ** -1), ('**0.5', lambda: t ** 0.5), ('1/', lambda: 1 / t),
                     ('not', lambda: t.logical_not()), ('bool', lambda: bool(t[2])), ('int', lambda: int(t[0])),
                     ('float', lambda: float(t[0]))]:
        show(f'{name} {NAME[d]}:', fn)
""",
'unary_funcs_a': r"""
ops = ['sqrt', 'exp', 'sin', 'sigmoid', 'neg', 'abs', 'sign', 'ceil', 'floor', 'round', 'trunc', 'reciprocal', 'square']
for d in DT:
    t = mk(d)
    for op in ops:
        show(f'{op} {NAME[d]}:', lambda: getattr(torch, op)(t))
""",
'unary_funcs_b': r"""
ops = ['log2', 'erf', 'frac', 'logical_not', 'bitwise_not', 'exp2', 'expm1', 'tanh', 'sgn', 'signbit',
       'positive', 'isnan', 'isfinite', 'angle', 'deg2rad', 'nan_to_num', 'erfinv', 'sinc', 'logit']
for d in DT:
    t = mk(d)
    for op in ops:
        show(f'{op} {NAME[d]}:', lambda: getattr(torch, op)(t))
""",
'unary_inplace': r"""
ops = ['sqrt_', 'exp_', 'sin_', 'sigmoid_', 'neg_', 'abs_', 'sign_', 'ceil_', 'floor_', 'round_', 'trunc_', 'reciprocal_',
       'square_', 'log2_', 'erf_', 'frac_', 'logical_not_', 'bitwise_not_', 'tanh_', 'sgn_', 'exp2_', 'relu_']
for d in DT:
    for op in ops:
        show(f'{op} {NAME[d]}:', lambda: getattr(mk(d).clone(), op)())
""",
'binary_inplace': r"""
for a in DT:
    for b in DT:
        show(f'{NAME[a]}.add_({NAME[b]}):', lambda: mk(a).clone().add_(mk(b, 1)))
        show(f'{NAME[a]}.div_({NAME[b]}):', lambda: mk(a).clone().div_(mk(b, 1)))
""",
'binary_inplace_more': r"""
ops = ['mul_', 'sub_', 'pow_', 'remainder_', 'fmod_', 'floor_divide_', 'atan2_', 'hypot_', 'bitwise_and_', 'logical_or_',
       'maximum', 'copysign_', 'xlogy_', 'lt_', 'eq_']
for a in DT:
    for b in [torch.bool, torch.uint8, torch.int32, torch.float32, torch.float64]:
        for op in ops:
            show(f'{NAME[a]}.{op}({NAME[b]}):', lambda: getattr(mk(a).clone(), op)(mk(b, 1)))
""",
'inplace_scalars': r"""
ops = ['add_', 'sub_', 'mul_', 'div_', 'pow_', 'remainder_', 'fmod_', 'floor_divide_', 'bitwise_and_', 'bitwise_left_shift_',
       'clamp_', 'eq_', 'lt_', 'true_divide_']
for a in DT:
    for s in [True, 2, -3, 1.5]:
        for op in ops:
            show(f'{NAME[a]}.{op}({s!r}):', lambda: getattr(mk(a).clone(), op)(s))
""",
'inplace_operators': r"""
for a in DT:
    for s in [True, 2, 1.5, 1j] if a != torch.float16 else [True, 2, 1.5]:
        for name in ['+=', '-=', '*=', '/=', '//=', '%=', '**=', '&=', '|=', '<<=']:
            t = mk(a).clone()
            try:
                exec(f't {name} s')
                print(f'{NAME[a]} {name} {s!r}:', NAME.get(t.dtype, t.dtype), t.tolist())
            except Exception as e:
                print(f'{NAME[a]} {name} {s!r}: !', type(e).__name__, str(e).split(chr(10))[0])
""",
'out_dtype_mismatch': r"""
ops = [('add', torch.add), ('mul', torch.mul), ('div', torch.div), ('sub', torch.sub), ('pow', torch.pow),
       ('remainder', torch.remainder), ('atan2', torch.atan2), ('eq', torch.eq), ('maximum', torch.maximum),
       ('bitwise_and', torch.bitwise_and), ('floor_divide', torch.floor_divide), ('logical_and', torch.logical_and),
       ('hypot', torch.hypot), ('xlogy', torch.xlogy), ('fmod', torch.fmod)]
for a, b in [(torch.int64, torch.int64), (torch.int32, torch.float32), (torch.float32, torch.float32), (torch.bool, torch.bool)]:
    for od in [torch.bool, torch.uint8, torch.int64, torch.float16, torch.float64, torch.complex64]:
        for name, fn in ops:
            o = torch.empty(0, dtype=od)
            show(f'{name}({NAME[a]},{NAME[b]}) out={NAME[od]}:', lambda: fn(mk(a), mk(b, 1), out=o))
""",
'out_unary_mismatch': r"""
ops = ['sqrt', 'exp', 'sin', 'sigmoid', 'neg', 'abs', 'sign', 'ceil', 'round', 'reciprocal', 'log2', 'erf', 'logical_not',
       'bitwise_not', 'square', 'frac', 'isnan', 'trunc']
for a in [torch.bool, torch.int64, torch.float32]:
    for od in [torch.bool, torch.uint8, torch.int64, torch.float16, torch.float64, torch.complex64]:
        for op in ops:
            o = torch.empty(0, dtype=od)
            show(f'{op}({NAME[a]}) out={NAME[od]}:', lambda: getattr(torch, op)(mk(a), out=o))
""",
'promo_api_tables': r"""
for a in DT:
    print(NAME[a], [NAME.get(torch.promote_types(a, b), '?') for b in DT])
for a in DT:
    print(NAME[a], ''.join(str(int(torch.can_cast(a, b))) for b in DT))
for a in DT:
    t = mk(a)
    row = []
    for other in [True, 2, 2.5, 1j if a != torch.float16 else 1, torch.tensor(1), torch.tensor(1.0, dtype=torch.float64), torch.tensor([1], dtype=torch.int8),
                  torch.tensor(True), torch.tensor(1j if a != torch.float16 else 1)]:
        try:
            row.append(NAME.get(torch.result_type(t, other), str(torch.result_type(t, other))))
        except Exception as e:
            row.append(type(e).__name__)
    print(NAME[a], row)
    row = []
    for other in [True, 2, 2.5, 1j if a != torch.float16 else 1]:
        try:
            row.append(str(torch.result_type(other, t[0]))[6:])
        except Exception as e:
            row.append(type(e).__name__)
    print(NAME[a], '0d', row)
""",
'default_dtype_effects': r"""
for dd in [torch.float64, torch.float16, torch.float32]:
    torch.set_default_dtype(dd)
    print(torch.get_default_dtype(), torch.tensor(1.5).dtype, torch.arange(3.0).dtype, torch.arange(3).dtype,
          torch.tensor([1, 2.5]).dtype, torch.zeros(2).dtype, torch.linspace(0, 1, 3).dtype,
          torch.full((1,), 2.0).dtype, torch.full((1,), 2).dtype, torch.tensor(True).dtype)
    if dd != torch.float16:
        print(torch.tensor(1j).dtype, (torch.tensor([1, 2]) * 1j).dtype)
    for d in DT:
        t = mk(d)
        show(f'  {NAME[d]} * 1.5:', lambda: t * 1.5)
        show(f'  {NAME[d]} / 2:', lambda: t / 2)
        show(f'  sqrt {NAME[d]}:', lambda: torch.sqrt(t))
        show(f'  rt {NAME[d]},1.5:', lambda: torch.result_type(t, 1.5))
    print(torch.tensor(1.5) + 1, torch.arange(3.0) * 2, torch.tensor([1, 2]) / 3)
for bad in [torch.int64, torch.complex64, torch.bool, 'float', float, None, 3, torch.uint8]:
    try:
        torch.set_default_dtype(bad)
        print('set', bad, torch.get_default_dtype(), torch.tensor(1.5).dtype, torch.tensor(1j).dtype)
    except Exception as e:
        print(type(e).__name__, e)
torch.set_default_dtype(torch.float32)
print(torch.get_default_dtype())
""",
'scalar_reprs': r"""
for d in DT:
    t = mk(d)
    for fn in [lambda: t + 1, lambda: t * 1.5, lambda: t / 3, lambda: t ** 2, lambda: t // 2, lambda: t > 0, lambda: torch.abs(t),
               lambda: -t, lambda: ~t, lambda: t - True, lambda: t * True, lambda: t[1:2] * 2.5, lambda: t[0] / 7]:
        try:
            print(fn())
        except Exception as e:
            print(type(e).__name__, e)
""",
'python_scalar_edge': r"""
u = torch.tensor([1, 200], dtype=torch.uint8)
i8 = torch.tensor([100, -100], dtype=torch.int8)
for fn in [lambda: u + 100, lambda: u + 300, lambda: u - 2, lambda: u * -1, lambda: i8 + 100, lambda: i8 * 2, lambda: i8 + 200,
           lambda: u + 2**63, lambda: u + 2**64, lambda: i8 + 1e10, lambda: u + float('inf'), lambda: u + float('nan'),
           lambda: torch.tensor([1, 2]) + 2**62, lambda: torch.tensor([1, 2]) * 2**62, lambda: torch.tensor([1]) + 2**63,
           lambda: torch.tensor([True]) + True, lambda: torch.tensor([True]) - True, lambda: torch.tensor([True]) * False,
           lambda: torch.tensor([True]) / True, lambda: torch.tensor([True]) // True, lambda: True - torch.tensor([True]),
           lambda: torch.tensor([1.0], dtype=torch.float16) + 70000, lambda: torch.tensor([1.0], dtype=torch.float16) * 1e-8,
           lambda: torch.tensor([1, 2]) + 1.0, lambda: torch.tensor([1, 2], dtype=torch.int16) + 1.0,
           lambda: torch.tensor([1, 2], dtype=torch.int16) + torch.tensor(1.0, dtype=torch.float64),
           lambda: torch.tensor([1.5], dtype=torch.float16) + torch.tensor(1.0, dtype=torch.float64),
           lambda: torch.tensor([1.5], dtype=torch.float16) + torch.tensor([1.0], dtype=torch.float64),
           lambda: torch.tensor(3, dtype=torch.uint8) + torch.tensor([-1], dtype=torch.int8),
           lambda: torch.tensor(True) + torch.tensor([1], dtype=torch.uint8), lambda: torch.tensor(1.5) * torch.tensor([2]),
           lambda: torch.tensor(1j) * torch.tensor([2]), lambda: torch.tensor(1j, dtype=torch.complex128) * torch.tensor([2.0])]:
    show('', fn)
""",
'rounding_modes_zero': r"""
for d in DT[:-1]:
    a = mk(d)
    z = torch.zeros(4, dtype=d)
    show(f'{NAME[d]} /0:', lambda: a / z)
    show(f'{NAME[d]} trunc/0:', lambda: torch.div(a, z, rounding_mode='trunc'))
    show(f'{NAME[d]} floor/0:', lambda: torch.div(a, z, rounding_mode='floor'))
    show(f'{NAME[d]} //0:', lambda: a // 0)
    show(f'{NAME[d]} %0:', lambda: a % 0)
    show(f'{NAME[d]} fmod0:', lambda: torch.fmod(a, 0))
    show(f'{NAME[d]} rm bad:', lambda: torch.div(a, 2, rounding_mode='round'))
""",
'misc_pointwise_promo': r"""
for a in DT:
    for b in [torch.int64, torch.float32, torch.float64]:
        t, u = mk(a), mk(b, 1)
        show(f'where {NAME[a]},{NAME[b]}:', lambda: torch.where(t.real > 0 if t.is_complex() else t > 0, t, u))
        show(f'addcmul {NAME[a]},{NAME[b]}:', lambda: torch.addcmul(t, u, u))
        show(f'clamp {NAME[a]},{NAME[b]}:', lambda: torch.clamp(t, min=u))
        show(f'heaviside {NAME[a]},{NAME[b]}:', lambda: torch.heaviside(t, u))
        show(f'isclose {NAME[a]},{NAME[b]}:', lambda: torch.isclose(t, u))
        show(f'float_power {NAME[a]},{NAME[b]}:', lambda: torch.float_power(t, u))
        if not t.is_complex():
            show(f'logaddexp {NAME[a]},{NAME[b]}:', lambda: torch.logaddexp(t, u))
""",
'float_power_true_div': r"""
for d in DT:
    t = mk(d)
    for s in [2, 0.5, True, -1]:
        show(f'float_power {NAME[d]} {s!r}:', lambda: torch.float_power(t, s))
        show(f'float_power_r {NAME[d]} {s!r}:', lambda: torch.float_power(s, t))
    show(f'float_power_ {NAME[d]}:', lambda: t.clone().float_power_(2))
""",
'grad_dtype_promo': r"""
for a, b in [(torch.float32, torch.float64), (torch.float16, torch.float32), (torch.float32, torch.complex64), (torch.float64, torch.float16)]:
    x = mk(a).clone().requires_grad_()
    y = mk(b, 1).clone().requires_grad_()
    for name, fn in [('add', lambda: x + y), ('mul', lambda: x * y), ('div', lambda: x / y), ('sub', lambda: y - x)]:
        try:
            z = fn()
            print(name, NAME[z.dtype], z.grad_fn.name())
            z.real.sum().backward() if z.is_complex() else z.sum().backward()
            print('  ', NAME[x.grad.dtype], x.grad.tolist(), NAME[y.grad.dtype], y.grad.tolist())
            x.grad = None; y.grad = None
        except Exception as e:
            print(name, '!', type(e).__name__, e)
x = torch.tensor([1.0, 2.0], requires_grad=True)
z = x * torch.tensor(2, dtype=torch.float64)
z.sum().backward()
print(z.dtype, x.grad.dtype, x.grad)
""",
'numpy_scalars': r"""
import numpy as np
NS = [np.float64(2.5), np.float32(2.5), np.float16(2.5), np.int64(3), np.int32(3), np.int8(-2), np.uint8(3), np.bool_(True), np.complex64(1 + 1j)]
for d in [torch.bool, torch.uint8, torch.int32, torch.int64, torch.float32, torch.float64]:
    t = mk(d)
    for s in NS:
        show(f'{NAME[d]} * {type(s).__name__}:', lambda: t * s)
        show(f'{type(s).__name__} + {NAME[d]}:', lambda: s + t)
        show(f'rt {NAME[d]},{type(s).__name__}:', lambda: torch.result_type(t, s))
""",
'alpha_and_bool_errors': r"""
i = mk(torch.int64); f = mk(torch.float32); b = mk(torch.bool); u = mk(torch.uint8); c = mk(torch.complex64)
cases = [
    ('add int alpha float', lambda: torch.add(i, i, alpha=1.5)), ('add int alpha bool', lambda: torch.add(i, i, alpha=True)),
    ('add bool alpha int', lambda: torch.add(b, b, alpha=2)), ('add bool alpha bool', lambda: torch.add(b, b, alpha=True)),
    ('add float alpha complex', lambda: torch.add(f, f, alpha=1j)), ('add complex alpha complex', lambda: torch.add(c, c, alpha=1j)),
    ('sub int alpha 2', lambda: torch.sub(i, i, alpha=2)), ('sub float alpha 0.5', lambda: torch.sub(f, i, alpha=0.5)),
    ('add int float alpha 0.5', lambda: torch.add(i, f, alpha=0.5)), ('add int 1.5 alpha 2', lambda: torch.add(i, 1.5, alpha=2)),
    ('add_ int alpha float', lambda: i.clone().add_(i, alpha=0.5)), ('rsub', lambda: torch.rsub(i, 2)),
    ('rsub float', lambda: torch.rsub(i, 2.5)), ('rsub bool', lambda: torch.rsub(b, b)), ('rsub alpha', lambda: torch.rsub(f, i, alpha=2)),
    ('bool - bool', lambda: b - b), ('bool - 1', lambda: b - 1), ('1 - bool', lambda: 1 - b), ('bool - True', lambda: b - True),
    ('-bool', lambda: -b), ('neg bool', lambda: torch.neg(b)), ('bool.neg_', lambda: b.clone().neg_()), ('sub bool int', lambda: torch.sub(b, i)),
    ('~float', lambda: ~f), ('~complex', lambda: ~c), ('~bool', lambda: ~b), ('~uint8', lambda: ~u),
    ('float & int', lambda: f & i), ('float << 1', lambda: f << 1), ('int << 1.5', lambda: i << 1.5), ('bool << bool', lambda: b << b),
    ('int >> -1', lambda: i >> -1), ('uint8 << 9', lambda: u << 9), ('int ^ True', lambda: i ^ True), ('bool | 2', lambda: b | 2),
    ('complex < complex', lambda: c < c), ('complex max', lambda: torch.maximum(c, c)), ('complex clamp', lambda: torch.clamp(c, 0)),
    ('complex floor_divide', lambda: c // 2), ('complex %', lambda: c % 2), ('complex fmod', lambda: torch.fmod(c, c)),
    ('complex atan2', lambda: torch.atan2(c, c)), ('complex copysign', lambda: torch.copysign(c, f)), ('complex sign', lambda: torch.sign(c)),
    ('complex ceil', lambda: torch.ceil(c)), ('complex eq float', lambda: c == f), ('complex ne 1j', lambda: c != 5 + 1j),
    ('complex logical_and', lambda: torch.logical_and(c, i)), ('complex > 0', lambda: c > 0), ('complex div trunc', lambda: torch.div(c, 2, rounding_mode='trunc')),
    ('int 2**-1', lambda: i ** -1), ('int pow -2 tensor', lambda: torch.pow(i, torch.tensor([-2]))), ('int pow 0d -1', lambda: torch.pow(i, torch.tensor(-1))),
    ('2 ** neg int', lambda: 2 ** torch.tensor([-1, -2])), ('0 ** int', lambda: 0 ** torch.tensor([0, 1, 2])), ('bool ** bool', lambda: b ** b),
    ('uint8 ** -1', lambda: u ** -1), ('float ** int tensor', lambda: f ** i), ('int ** float 0d', lambda: i ** torch.tensor(0.5)),
    ('max int float', lambda: torch.max(i, f)), ('min bool int', lambda: torch.min(b, i)), ('int == 2.5', lambda: i == 2.5),
    ('uint8 < -1', lambda: u < -1), ('int < 2**70', lambda: i < 2 ** 70), ('int8 == 300', lambda: mk(torch.int8) == 300),
    ('uint8 + -1', lambda: u + -1), ('uint8 * 256', lambda: u * 256), ('int8 + 1000', lambda: mk(torch.int8) + 1000),
]
for name, fn in cases:
    show(name + ':', fn)
""",
'torch_funcs_scalar_first': r"""
t = mk(torch.int64); f = mk(torch.float32)
for name in ['add', 'sub', 'mul', 'div', 'true_divide', 'floor_divide', 'remainder', 'fmod', 'pow', 'atan2', 'maximum', 'eq', 'lt',
             'bitwise_and', 'bitwise_left_shift', 'logical_and', 'hypot', 'copysign', 'xlogy', 'float_power', 'nextafter', 'ldexp']:
    fn = getattr(torch, name)
    show(f'{name}(2, t):', lambda: fn(2, t))
    show(f'{name}(t, 2):', lambda: fn(t, 2))
    show(f'{name}(f, 1.5):', lambda: fn(f, 1.5))
    show(f'{name}(1.5, f):', lambda: fn(1.5, f))
    show(f'{name}(t, True):', lambda: fn(t, True))
    show(f'{name} method(f, 2):', lambda: getattr(f, name)(2))
""",
'div_rounding_table': r"""
vals = torch.tensor([7, -7, 5, -5, 0, 1])
dens = torch.tensor([2, 2, -3, -3, 3, -1])
for d in [torch.int8, torch.int16, torch.int32, torch.int64, torch.float16, torch.float32, torch.float64]:
    a, b = vals.to(d), dens.to(d)
    for mode in [None, 'trunc', 'floor']:
        show(f'{NAME[d]} {mode}:', lambda: torch.div(a, b, rounding_mode=mode))
        show(f'{NAME[d]} {mode} 0d:', lambda: torch.div(a, b[2], rounding_mode=mode))
        show(f'{NAME[d]} {mode} 2.5:', lambda: torch.div(a, 2.5, rounding_mode=mode))
        show(f'{NAME[d]} {mode} div_:', lambda: a.clone().div_(b, rounding_mode=mode))
        show(f'{NAME[d]} {mode} div_ 2:', lambda: a.clone().div_(2, rounding_mode=mode))
    show(f'{NAME[d]} //:', lambda: a // b)
    show(f'{NAME[d]} %:', lambda: a % b)
    show(f'{NAME[d]} fmod:', lambda: torch.fmod(a, b))
    show(f'{NAME[d]} r// 7:', lambda: 7 // b)
    show(f'{NAME[d]} r% -7:', lambda: -7 % b)
""",
'compare_mixed': r"""
for a in DT:
    for s in [True, 0, 2, -3.25, 5.5, 2 + 0j, float('nan'), float('inf')]:
        if a == torch.float16 and isinstance(s, complex):
            continue
        t = mk(a)
        show(f'{NAME[a]} == {s!r}:', lambda: t == s)
        show(f'{NAME[a]} > {s!r}:', lambda: t > s)
        show(f'{s!r} <= {NAME[a]}:', lambda: s <= t)
""",
'zero_dim_scalar': r"""
for a in DT:
    z = mk(a)[0]
    for s in [True, 2, -3, 2.5, 1j]:
        if a == torch.float16 and isinstance(s, complex):
            continue
        show(f'0d {NAME[a]} + {s!r}:', lambda: z + s)
        show(f'{s!r} / 0d {NAME[a]}:', lambda: s / z)
        show(f'0d {NAME[a]} ** {s!r}:', lambda: z ** s)
        show(f'0d {NAME[a]} // {s!r}:', lambda: z // s)
    print(repr(z * 2), repr(z / 2), repr(z != 1))
""",
'out_same_category': r"""
f = mk(torch.float32); i = mk(torch.int32); b = mk(torch.bool)
for od in DT:
    o = torch.empty(2, 2, dtype=od)
    show(f'add(f,f) out={NAME[od]}:', lambda: torch.add(f, f, out=o))
    o = torch.empty(4, dtype=od)
    show(f'add(i,1.5) out={NAME[od]}:', lambda: torch.add(i, 1.5, out=o))
    o = torch.empty(4, dtype=od)
    show(f'div(i,i) out={NAME[od]}:', lambda: torch.div(i, i, out=o))
    o = torch.empty(4, dtype=od)
    show(f'div(i,i,floor) out={NAME[od]}:', lambda: torch.div(i, i, rounding_mode='floor', out=o))
    o = torch.empty(4, dtype=od)
    show(f'gt(f,i) out={NAME[od]}:', lambda: torch.gt(f, i, out=o))
    o = torch.empty(4, dtype=od)
    show(f'sqrt(i) out={NAME[od]}:', lambda: torch.sqrt(i, out=o))
    o = torch.empty(4, dtype=od)
    show(f'neg(i) out={NAME[od]}:', lambda: torch.neg(i, out=o))
    o = torch.empty(4, dtype=od)
    show(f'pow(i,2) out={NAME[od]}:', lambda: torch.pow(i, 2, out=o))
    o = torch.empty(4, dtype=od)
    show(f'mul(b,b) out={NAME[od]}:', lambda: torch.mul(b, b, out=o))
    o = torch.empty(4, dtype=od)
    show(f'logical_xor(f,i) out={NAME[od]}:', lambda: torch.logical_xor(f, i, out=o))
""",
'ternary_promo': r"""
for a in [torch.int32, torch.float16, torch.float32, torch.float64]:
    for b in [torch.int64, torch.float32, torch.float64]:
        t, u = mk(a), mk(b, 1)
        show(f'addcmul {NAME[a]},{NAME[b]} v=2:', lambda: torch.addcmul(t, u, u, value=2))
        show(f'addcdiv {NAME[a]},{NAME[b]}:', lambda: torch.addcdiv(t, u, u))
        show(f'addcmul 0d {NAME[a]},{NAME[b]}:', lambda: torch.addcmul(t[0], u, u))
        show(f'where 0d {NAME[a]},{NAME[b]}:', lambda: torch.where(u > 0, t[0], u))
        show(f'where scalar {NAME[a]}:', lambda: torch.where(t > 0, t, 2.5))
        show(f'clamp {NAME[a]} 0.5,3:', lambda: torch.clamp(t, 0.5, 3))
        show(f'clamp {NAME[a]} tensors {NAME[b]}:', lambda: torch.clamp(t, u[0], u))
        show(f'addcmul_ {NAME[a]},{NAME[b]}:', lambda: t.clone().addcmul_(u, u))
""",
'more_inplace_cast_rules': r"""
for a in DT:
    for b in DT:
        t = mk(a).clone(); u = mk(b, 1)
        show(f'{NAME[a]}.copy_({NAME[b]}):', lambda: t.copy_(u))
        if a == torch.float16 and b == torch.complex64:
            continue
        show(f'{NAME[a]}.pow_(0d {NAME[b]}):', lambda: mk(a).clone().pow_(u[0]))
        show(f'{NAME[a]}.sub_(0d {NAME[b]}):', lambda: mk(a).clone().sub_(u[0]))
""",
'fp16_opmath': r"""
h = torch.tensor([0.1, 0.2, 1000.5, -3.3, 65000.0, 6e-5], dtype=torch.float16)
for name, fn in [('*1.1', lambda: h * 1.1), ('/3', lambda: h / 3), ('+1e-4', lambda: h + 1e-4), ('-0.1', lambda: h - 0.1),
                 ('*0d f32', lambda: h * torch.tensor(1.1)), ('*0d f64', lambda: h * torch.tensor(1.1, dtype=torch.float64)),
                 ('/0d f32', lambda: h / torch.tensor(3.0)), ('+0d f64', lambda: h + torch.tensor(1e-4, dtype=torch.float64)),
                 ('*f32', lambda: h * torch.full((6,), 1.1)), ('**0.5', lambda: h ** 0.5), ('**2', lambda: h ** 2),
                 ('2**', lambda: 2 ** h[:4]), ('//0.3', lambda: h // 0.3), ('%0.3', lambda: h % 0.3), ('atan2', lambda: torch.atan2(h, torch.tensor(0.7))),
                 ('lerp', lambda: torch.lerp(h, h * 2, 0.3)), ('addcmul', lambda: torch.addcmul(h, h, h, value=0.1)),
                 ('sigmoid', lambda: torch.sigmoid(h)), ('exp', lambda: torch.exp(h[:4])), ('sqrt', lambda: torch.sqrt(h)),
                 ('*int', lambda: h * torch.tensor([3, 3, 3, 3, 3, 3])), ('+0d int', lambda: h + torch.tensor(7)), ('*True', lambda: h * True),
                 ('clamp', lambda: torch.clamp(h, 0.15, 999.9)), ('hypot', lambda: torch.hypot(h, h)), ('maximum 0d', lambda: torch.maximum(h, torch.tensor(0.15)))]:
    show(name, fn)
    r = None
for fn in [lambda: h * 1.1, lambda: h / 3, lambda: h * torch.tensor(1.1, dtype=torch.float64)]:
    print(fn())
""",
'int_overflow_table': r"""
big = torch.tensor([2**62, -2**62, 2**31, 3])
for d in [torch.uint8, torch.int8, torch.int16, torch.int32, torch.int64]:
    t = torch.tensor([100, 200, 127, -128, 255, 3]).to(d)
    show(f'{NAME[d]} *3:', lambda: t * 3)
    show(f'{NAME[d]} +100:', lambda: t + 100)
    show(f'{NAME[d]} **3:', lambda: t ** 3)
    show(f'{NAME[d]} neg:', lambda: -t)
    show(f'{NAME[d]} abs:', lambda: torch.abs(t))
    show(f'{NAME[d]} // -1:', lambda: t // -1)
    show(f'{NAME[d]} % -7:', lambda: t % -7)
    show(f'{NAME[d]} << 4:', lambda: t << 4)
    show(f'{NAME[d]} >> 1:', lambda: t >> 1)
    show(f'{NAME[d]} / 7:', lambda: t / 7)
    show(f'{NAME[d]} sum-sq:', lambda: t * t)
    show(f'{NAME[d]} square:', lambda: torch.square(t))
show('big*4', lambda: big * 4)
show('big+big', lambda: big + big)
show('big/3', lambda: big / 3)
show('big float', lambda: big.float())
show('big//3', lambda: big // 3)
show('big ** 2', lambda: big ** 2)
show('big * 1.0', lambda: big * 1.0)
show('big == 2**62', lambda: big == 2 ** 62)
show('big + 2**63-1', lambda: big + (2 ** 63 - 1))
show('i32 + 2**40', lambda: torch.tensor([1], dtype=torch.int32) + 2 ** 40)
show('i32 * 2**40', lambda: torch.tensor([1], dtype=torch.int32) * 2 ** 40)
show('u8 == 256', lambda: torch.tensor([0], dtype=torch.uint8) == 256)
show('i8 < 200', lambda: torch.tensor([100], dtype=torch.int8) < 200)
""",
'where_and_scalars': r"""
c = torch.tensor([True, False, True, False])
for a in DT:
    t = mk(a)
    show(f'where({NAME[a]}, 2):', lambda: torch.where(c, t, 2))
    show(f'where(2.5, {NAME[a]}):', lambda: torch.where(c, 2.5, t))
    show(f'where({NAME[a]}, True):', lambda: torch.where(c, t, True))
    show(f'where({NAME[a]}, 0d f64):', lambda: torch.where(c, t, torch.tensor(1.5, dtype=torch.float64)))
    show(f'where({NAME[a]}, 0d i8):', lambda: torch.where(c, t, torch.tensor(1, dtype=torch.int8)))
    show(f'masked_fill({NAME[a]}, 2.5):', lambda: t.masked_fill(c, 2.5))
    show(f'masked_fill({NAME[a]}, 0d f64):', lambda: t.masked_fill(c, torch.tensor(-1.5, dtype=torch.float64)))
    show(f'fill_({NAME[a]}, 2.7):', lambda: t.clone().fill_(2.7))
    show(f'fill_({NAME[a]}, -1):', lambda: t.clone().fill_(-1))
show('where 1, 0:', lambda: torch.where(c, 1, 0))
show('where 1.0, 0:', lambda: torch.where(c, 1.0, 0))
show('where True, 0:', lambda: torch.where(c, True, 0))
show('where True, False:', lambda: torch.where(c, True, False))
show('where 1j, 0:', lambda: torch.where(c, 1j, 0))
show('where int cond:', lambda: torch.where(torch.tensor([1, 0, 1, 0]), 1, 0))
""",
'operator_odd_operands': r"""
t = mk(torch.int64); f = mk(torch.float32)
for name, fn in [('t + [1]', lambda: t + [1, 2, 3, 4]), ('t + (1,)', lambda: t + (1,)), ('t + None', lambda: t + None),
                 ('t * "a"', lambda: t * 'a'), ('[1] + t', lambda: [1, 2, 3, 4] + t), ('t == None', lambda: t == None),
                 ('t != "a"', lambda: t != 'a'), ('t < None', lambda: t < None), ('t & 1.5', lambda: t & 1.5),
                 ('f ** "2"', lambda: f ** '2'), ('divmod', lambda: divmod(t, 3)), ('t @ 2', lambda: t @ 2),
                 ('f.add("1")', lambda: f.add('1')), ('f.div(2, rounding_mode=1)', lambda: f.div(2, rounding_mode=1)),
                 ('torch.div(f, f, rounding_mode=1.5)', lambda: torch.div(f, f, rounding_mode=1.5)), ('f.div_(2, rounding_mode=1)', lambda: f.div_(2, rounding_mode=1)),
                 ('torch.divide(f, 2, rounding_mode=1)', lambda: torch.divide(f, 2, rounding_mode=1)), ('f.divide(2, rounding_mode=1)', lambda: f.divide(2, rounding_mode=1)),
                 ('f.div(2, rounding_mode=b"floor")', lambda: f.div(2, rounding_mode=b'floor')), ('torch.add(f, None)', lambda: torch.add(f, None)),
                 ('torch.mul(f, [2])', lambda: torch.mul(f, [2])), ('f.pow(None)', lambda: f.pow(None)),
                 ('torch.eq(f, "x")', lambda: torch.eq(f, 'x')), ('f.div(2, rounding_mode=1)', lambda: f.div(2, rounding_mode=1)),
                 ('torch.remainder(f, "a")', lambda: torch.remainder(f, 'a')), ('torch.bitwise_and(t, 1.5)', lambda: torch.bitwise_and(t, 1.5)),
                 ('torch.maximum(t, 2)', lambda: torch.maximum(t, 2)), ('torch.atan2(f, 2)', lambda: torch.atan2(f, 2)),
                 ('torch.hypot(f, 2.0)', lambda: torch.hypot(f, 2.0)), ('torch.lerp(f, 2.0, 0.5)', lambda: torch.lerp(f, 2.0, 0.5))]:
    show(name + ':', fn)
""",
'lerp_weight_promotion': r"""
for a in DT:
    for w in [torch.tensor(0.25), torch.tensor(0.25, dtype=torch.float64), torch.tensor(2), torch.tensor(True),
              torch.tensor(0.5, dtype=torch.float16), torch.tensor(0.5 + 0.5j), 0.25, 2]:
        if a == torch.float16 and w.__class__ is torch.Tensor and w.is_complex():
            continue
        x, y = mk(a), mk(a, 1)
        show(f'lerp {NAME[a]} w={w!r}:', lambda: torch.lerp(x, y, w))
for od in [torch.int64, torch.float16, torch.float64, torch.complex64]:
    for w in [torch.tensor(0.25), torch.tensor([0.25, 0.5, 0.75, 1.0]), 0.25]:
        o = torch.empty(0, dtype=od)
        show(f'lerp f32 out={NAME[od]} w={w!r}:', lambda: torch.lerp(mk(torch.float32), mk(torch.float32, 1), w, out=o))
        o = torch.empty(0, dtype=od)
        show(f'lerp i64 out={NAME[od]} w={w!r}:', lambda: torch.lerp(mk(torch.int64), mk(torch.int64, 1), w, out=o))
for a in [torch.int64, torch.float32, torch.float16]:
    for w in [torch.tensor(0.25), torch.tensor(0.5j) if a != torch.float16 else torch.tensor(0.5), torch.tensor(2, dtype=torch.float64)]:
        show(f'lerp_ {NAME[a]} w={w!r}:', lambda: mk(a).clone().lerp_(mk(a, 1), w))
x = torch.tensor([1.0, 2.0], requires_grad=True)
w = torch.tensor(0.5, dtype=torch.float64, requires_grad=True)
r = torch.lerp(x, torch.tensor([3.0, 5.0]), w)
print(r, r.dtype)
r.sum().backward()
print(x.grad, w.grad)
for fn in [lambda: torch.lerp(x), lambda: torch.lerp(x, x), lambda: torch.lerp(x, x, 0.5, 1), lambda: torch.lerp(x, x, 0.5, out=3),
           lambda: torch.lerp(x, end=x, weight=0.5), lambda: torch.lerp(x, x, weight='a'), lambda: torch.lerp(x, end=2.0, weight=0.5),
           lambda: torch.lerp(input=x, end=x, weight=None), lambda: torch.lerp(x, x, torch.tensor([0.5, 0.5]), out=torch.empty(0, dtype=torch.float64))]:
    show('lerp args:', fn)
""",
'default_dtype_float64_ops': r"""
torch.set_default_dtype(torch.float64)
for d in DT:
    t = mk(d)
    show(f'{NAME[d]} / 2:', lambda: t / 2)
    show(f'{NAME[d]} * 0.5:', lambda: t * 0.5)
    show(f'{NAME[d]} ** 0.5:', lambda: t ** 0.5)
    if d != torch.float16:
        show(f'{NAME[d]} * 1j:', lambda: t * 1j)
        show(f'1j - {NAME[d]}:', lambda: 1j - t)
    show(f'exp {NAME[d]}:', lambda: torch.exp(t))
    show(f'atan2 {NAME[d]}:', lambda: torch.atan2(t, t))
    show(f'rt {NAME[d]} 0d f32:', lambda: torch.result_type(t, torch.tensor(1.0, dtype=torch.float32)))
    show(f'{NAME[d]} + 0d f32:', lambda: t + torch.tensor(0.5, dtype=torch.float32))
print(torch.tensor([1, 2]) / 3, torch.arange(0, 1, 0.25), torch.tensor(0.1) * 3, torch.linspace(0, 1, 4))
print(torch.tensor(2) ** 0.5, torch.tensor(1.5).item(), torch.tensor([1.5]).dtype, torch.tensor([1]).float().dtype)
torch.set_default_dtype(torch.float32)
print(torch.tensor([1, 2]) / 3)
""",
'func_scalar_table_a1': r"""
OPS = ['add', 'sub', 'mul', 'div', 'true_divide']
for d in DT:
    t = mk(d)
    for s in [True, -3, 2.5, 2j]:
        if d == torch.float16 and isinstance(s, complex):
            continue
        for op in OPS:
            show(f'{op}({NAME[d]}, {s!r}):', lambda: getattr(torch, op)(t, s))
            show(f'{op}({s!r}, {NAME[d]}):', lambda: getattr(torch, op)(s, t))
""",

'func_scalar_table_a2': r"""
OPS = ['floor_divide', 'remainder', 'fmod', 'pow', 'float_power']
for d in DT:
    t = mk(d)
    for s in [True, -3, 2.5, 2j]:
        if d == torch.float16 and isinstance(s, complex):
            continue
        for op in OPS:
            show(f'{op}({NAME[d]}, {s!r}):', lambda: getattr(torch, op)(t, s))
            show(f'{op}({s!r}, {NAME[d]}):', lambda: getattr(torch, op)(s, t))
""",
'func_scalar_table_b1': r"""
OPS = ['eq', 'lt', 'maximum', 'fmin', 'atan2', 'hypot', 'copysign', 'nextafter']
for d in DT:
    t = mk(d)
    for s in [True, -3, 2.5]:
        for op in OPS:
            show(f'{op}({NAME[d]}, {s!r}):', lambda: getattr(torch, op)(t, s))
            show(f'{op}({s!r}, {NAME[d]}):', lambda: getattr(torch, op)(s, t))
""",

'func_scalar_table_b2': r"""
OPS = ['xlogy', 'logaddexp', 'bitwise_or', 'bitwise_right_shift', 'logical_xor', 'heaviside', 'gcd', 'igamma']
for d in DT:
    t = mk(d)
    for s in [True, -3, 2.5]:
        for op in OPS:
            show(f'{op}({NAME[d]}, {s!r}):', lambda: getattr(torch, op)(t, s))
            show(f'{op}({s!r}, {NAME[d]}):', lambda: getattr(torch, op)(s, t))
""",
'method_scalar_table': r"""
OPS = ['add', 'sub', 'mul', 'div', 'floor_divide', 'remainder', 'fmod', 'pow', 'eq', 'maximum', 'atan2', 'bitwise_xor',
       'logical_and', 'xlogy', 'copysign', 'float_power', 'true_divide', 'rsub']
for d in DT:
    t = mk(d)
    for s in [True, -3, 2.5]:
        for op in OPS:
            show(f'{NAME[d]}.{op}({s!r}):', lambda: getattr(t, op)(s))
""",
'zero_dim_funcs': r"""
OPS = ['add', 'mul', 'div', 'remainder', 'pow', 'maximum', 'atan2', 'bitwise_and', 'eq', 'hypot', 'copysign', 'xlogy', 'fmax']
for a in [torch.uint8, torch.int8, torch.int64, torch.float16, torch.float64, torch.bool]:
    for b in [torch.int16, torch.float32, torch.bool]:
        z = mk(a)[0]
        t = mk(b, 1)
        for op in OPS:
            show(f'{op}(0d {NAME[a]}, {NAME[b]}):', lambda: getattr(torch, op)(z, t))
            show(f'{op}({NAME[b]}, 0d {NAME[a]}):', lambda: getattr(torch, op)(t, z))
""",
'zero_dim_inplace': r"""
for a in DT:
    for s in [True, 3, 1.5, torch.tensor(2.5), torch.tensor(2, dtype=torch.int8), torch.tensor([1.5])]:
        z = mk(a)[0].clone()
        show(f'0d {NAME[a]} += {s!r}:', lambda: z.add_(s))
        z = mk(a)[0].clone()
        show(f'0d {NAME[a]} *= {s!r}:', lambda: z.mul_(s))
        z = mk(a)[0].clone()
        show(f'0d {NAME[a]} pow_ {s!r}:', lambda: z.pow_(s))
""",
'scalar_arg_overflow': r"""
i8 = torch.tensor([-100, 0, 100], dtype=torch.int8)
u8 = torch.tensor([0, 100, 250], dtype=torch.uint8)
b = torch.tensor([True, False, True])
f = torch.tensor([1.0, 2.0, 3.0]); h = f.half(); d = f.double(); i = torch.tensor([1, 2, 3])
cases = [lambda: torch.clamp(i8, min=-200), lambda: torch.clamp(i8, max=300), lambda: torch.clamp(u8, min=-1), lambda: torch.clamp(u8, 10, 300),
         lambda: i8.clamp(min=1.5), lambda: u8.clone().clamp_(max=2.5), lambda: torch.clamp(b, 0, 1), lambda: torch.clamp(b, min=True),
         lambda: torch.clamp(i8, min=torch.tensor(-200)), lambda: torch.maximum(u8, torch.tensor(-1)), lambda: torch.where(b, u8, -1),
         lambda: torch.where(b, i8, 300), lambda: torch.where(b, u8, 2.5), lambda: u8.masked_fill(b, -1), lambda: u8.masked_fill(b, 256),
         lambda: i8.masked_fill(b, 1.7), lambda: u8.clone().fill_(-3), lambda: i8.clone().fill_(1000), lambda: b.clone().fill_(0.5),
         lambda: torch.full((2,), 300, dtype=torch.uint8), lambda: torch.tensor(-1, dtype=torch.uint8),
         lambda: torch.addcmul(u8, u8, u8, value=-1), lambda: torch.addcmul(i8, i8, i8, value=300), lambda: torch.addcmul(i, i, i, value=2**40),
         lambda: torch.addcmul(i, i, i, value=2**63), lambda: torch.addcmul(i, i, i, value=-2.7), lambda: torch.addcmul(u8, u8, u8, value=True),
         lambda: u8.clone().addcmul_(u8, u8, value=-2), lambda: torch.addcmul(i8, i8, i8, value=1j), lambda: torch.addcmul(i, i, i, value=2 + 0j),
         lambda: torch.addcmul(i, i, i, value=1e10), lambda: torch.addcmul(i, i, i, value=float('nan')),
         lambda: torch.add(u8, u8, alpha=-1), lambda: torch.add(u8, u8, alpha=300), lambda: torch.sub(i8, i8, alpha=-200),
         lambda: torch.sub(i8, i8, alpha=128), lambda: torch.add(u8, 5, alpha=-1), lambda: torch.add(i, i, alpha=2**63),
         lambda: torch.add(i, i, alpha=-2**63), lambda: torch.sub(i, i, alpha=-2**63), lambda: u8.clone().sub_(u8, alpha=-255),
         lambda: torch.addcmul(f, f, f, value=1e40), lambda: torch.addcmul(h, h, h, value=1e5), lambda: torch.addcmul(h, h, h, value=1e40),
         lambda: torch.add(f, f, alpha=1e40), lambda: torch.add(h, h, alpha=1e5), lambda: torch.add(d, d, alpha=1e300),
         lambda: torch.addcdiv(f, f, f, value=1e40), lambda: torch.addcmul(f, f, f, value=2j), lambda: torch.add(h, h, alpha=float('inf')),
         lambda: f.clone().add_(f, alpha=-1e39), lambda: torch.sub(h, 1.0, alpha=70000.0)]
for n, fn in enumerate(cases):
    show(f'{n}:', fn)
""",
'unary_funcs_c': r"""
ops = ['tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'asinh', 'acosh', 'atanh', 'rad2deg', 'fix', 'relu',
       'conj', 'conj_physical', 'isinf', 'isposinf', 'isreal', 'negative', 'absolute', 'square', 'exp2', 'erfc']
for d in DT:
    t = mk(d)
    for op in ops:
        show(f'{op} {NAME[d]}:', lambda: getattr(torch, op)(t))
""",
'unary_special_nn': r"""
import torch.nn.functional as F
ops = [('expit', torch.special.expit), ('ndtr', torch.special.ndtr), ('sinc', torch.special.sinc),
       ('entr', torch.special.entr), ('relu', F.relu), ('relu6', F.relu6), ('hardtanh', F.hardtanh), ('softplus', F.softplus), ('gelu', F.gelu),
       ('silu', F.silu), ('elu', F.elu), ('leaky_relu', F.leaky_relu), ('hardsigmoid', F.hardsigmoid), ('softsign', F.softsign),
       ('logsigmoid', F.logsigmoid), ('tanhshrink', F.tanhshrink), ('threshold', lambda t: F.threshold(t, 1, 20)),
       ('celu', F.celu), ('selu', F.selu), ('hardswish', F.hardswish), ('hardshrink', F.hardshrink), ('softshrink', F.softshrink)]
for d in [torch.bool, torch.uint8, torch.int32, torch.int64, torch.float64]:
    t = mk(d)
    for name, fn in ops:
        show(f'{name} {NAME[d]}:', lambda: fn(t))
""",
'dtype_api_wide': r"""
DTW = [torch.bool, torch.uint8, torch.int8, torch.int16, torch.int32, torch.int64, torch.float16, torch.bfloat16, torch.float32,
       torch.float64, torch.complex64, torch.complex128, torch.uint16, torch.uint32, torch.uint64]
for a in DTW:
    row = []
    for b in DTW:
        try:
            row.append(str(torch.promote_types(a, b))[6:])
        except Exception as e:
            row.append(type(e).__name__)
    print(a, row)
    print(a, ''.join(str(int(torch.can_cast(a, b))) for b in DTW))
for a in DTW:
    print(a, a.is_floating_point, a.is_complex, a.is_signed, a.itemsize,
          a.to_complex() if a.is_floating_point and a != torch.float16 else None, a.to_real() if a.is_complex else None)
print(torch.finfo(torch.float16), torch.iinfo(torch.uint8), torch.finfo(torch.bfloat16).eps, torch.finfo().dtype, torch.finfo(torch.complex64))
for fn in [lambda: torch.iinfo(torch.float32), lambda: torch.finfo(torch.int32), lambda: torch.finfo(torch.bool), lambda: torch.iinfo(torch.bool)]:
    show('', fn)
""",
'default_dtype_factories': r"""
import numpy as np
for dd in [torch.float64, torch.float16, torch.float32]:
    torch.set_default_dtype(dd)
    for fn in [lambda: torch.tensor(np.float32(1.5)), lambda: torch.as_tensor(1.5), lambda: torch.scalar_tensor(1), lambda: torch.tensor([np.float64(1)]),
               lambda: torch.arange(0, 1, 0.25), lambda: torch.arange(5), lambda: torch.arange(0.0, 3), lambda: torch.linspace(0, 1, 3), lambda: torch.logspace(0, 1, 2),
               lambda: torch.full((2,), 1.5), lambda: torch.full((2,), True), lambda: torch.randn(2).dtype, lambda: torch.rand(2).dtype, lambda: torch.empty(2).dtype,
               lambda: torch.ones(2, dtype=None).dtype, lambda: torch.tensor([]), lambda: torch.tensor([[]]).dtype, lambda: torch.zeros_like(torch.tensor([1])).dtype,
               lambda: torch.tensor([1, 2]).mean(), lambda: torch.tensor([1, 2]).float().dtype, lambda: torch.tensor([1, 2]).double().dtype,
               lambda: torch.eye(2).dtype, lambda: torch.nn.Linear(2, 2).weight.dtype, lambda: torch.tensor(2) ** -1.5, lambda: torch.tensor([3]) / torch.tensor([2]),
               lambda: torch.sqrt(torch.tensor([4])), lambda: torch.tensor([4]).sigmoid(), lambda: torch.tensor(1.5) + torch.tensor(1.5, dtype=torch.float32),
               lambda: torch.arange(3) * 0.1, lambda: torch.tensor(True) / 2, lambda: torch.tensor([1, 2]).to(torch.get_default_dtype()),
               lambda: torch.tensor(1e-8) + 1, lambda: torch.tensor(70000.0), lambda: torch.tensor([1.0, float('nan')]).nan_to_num()]:
        try: print(fn())
        except Exception as e: print(type(e).__name__, e)
torch.set_default_dtype(torch.float32)
""",
'numpy_array_operands': r"""
import numpy as np
t = torch.tensor([1.0, 2.0]); i = torch.tensor([1, 2]); u = torch.tensor([1, 2], dtype=torch.uint8)
for fn in [lambda: t + np.array([1.0, 2.0]), lambda: np.array([1.0, 2.0]) + t, lambda: i * np.array([1, 2], dtype=np.int32), lambda: np.array([1, 2], dtype=np.int8) * u,
           lambda: t + np.array(2.0), lambda: np.array(2.0) * i, lambda: i / np.array([2]), lambda: np.float64(2.0) * i, lambda: i * np.float64(2.0),
           lambda: np.int64(3) * u, lambda: u * np.int64(300), lambda: u + np.array(300), lambda: np.array([True]) & torch.tensor([True, False]),
           lambda: t < np.array([1.5, 1.5]), lambda: np.array([1.5, 1.5]) > t, lambda: torch.add(t, np.array([1.0, 1.0])), lambda: t.add_(np.array([1.0, 1.0])),
           lambda: torch.maximum(t, np.array([1.5, 1.5])), lambda: i ** np.array([2, 3]), lambda: np.array([2, 3]) ** i, lambda: t // np.array(2),
           lambda: torch.where(t > 1, t, np.array([0.0, 0.0])), lambda: i + np.array([1.5, 2.5], dtype=np.float16), lambda: np.uint8(5) - u, lambda: np.bool_(True) + i]:
    try:
        r = fn(); print(type(r).__name__, r.dtype, r)
    except Exception as e: print(type(e).__name__, e)
""",

'numpy_array_function_args': r"""
import numpy as np
t = torch.tensor([1.0, 2.0]); a = np.array([1.0, 3.0])
for name in ['add', 'sub', 'mul', 'div', 'true_divide', 'floor_divide', 'remainder', 'fmod', 'pow', 'atan2', 'maximum', 'eq', 'lt', 'hypot', 'copysign', 'xlogy', 'bitwise_and', 'logical_and']:
    for fn in [lambda: getattr(torch, name)(t, a), lambda: getattr(t, name)(a), lambda: getattr(t.clone(), name + '_')(a) if name not in ('maximum',) else None]:
        try:
            r = fn(); print(name, type(r).__name__, None if r is None else r.dtype)
        except Exception as e: print(name, type(e).__name__, str(e).split('\n')[0])
for fn in [lambda: torch.where(t > 1, t, a), lambda: torch.clamp(t, a), lambda: torch.lerp(t, a, 0.5), lambda: torch.add(a, t), lambda: torch.mul(np.float64(2), t)]:
    try:
        r = fn(); print(type(r).__name__, r.dtype)
    except Exception as e: print(type(e).__name__, str(e).split('\n')[0])
""",
'tt_more_ops': r"""
D2 = [torch.bool, torch.uint8, torch.int16, torch.int64, torch.float16, torch.float32, torch.float64, torch.complex64]
table('gcd', torch.gcd, D2)
table('float_power', torch.float_power, D2)
table('heaviside', torch.heaviside, D2)
table('logaddexp2', torch.logaddexp2, D2[1:-1])
table('isclose', torch.isclose, D2)
table('complex', torch.complex, [d for d in D2 if d != torch.float16])
""",
}

PROGRAMS = {name: PRELUDE + body for name, body in BODIES.items()}

ember_outputs, torch_outputs, test_program_matches_pytorch = program_tests(PROGRAMS)


# ------------------------------------------------------------------ unit tests of the fixes (no torch)
def _dtypes_and_values(t):
    return str(t.dtype), t.tolist()


def test_lerp_zero_dim_weight_promotes_all_operands():
    a, b = ember.tensor([1, 2]), ember.tensor([3, 5])
    assert _dtypes_and_values(ember.lerp(a, b, ember.tensor(0.5))) == ("torch.float32", [2.0, 3.5])
    assert ember.lerp(a, b, ember.tensor(0.5, dtype=ember.float64)).dtype == ember.float64
    f, g = ember.tensor([1.0, 2.0]), ember.tensor([3.0, 5.0])
    assert ember.lerp(f, g, ember.tensor(0.5, dtype=ember.float64)).dtype == ember.float32  # (0-d: same category)
    assert _dtypes_and_values(ember.lerp(f, g, ember.tensor(2))) == ("torch.float32", [5.0, 8.0])
    assert ember.lerp(f, g, ember.tensor(0.5j)).dtype == ember.complex64
    raises_exactly(lambda: ember.lerp(a, b, ember.tensor(2)), NotImplementedError,
                   "\"lerp_kernel_tensor\" not implemented for 'Long'")
    raises_exactly(lambda: ember.lerp(a.bool(), b.bool(), ember.tensor(True)), NotImplementedError,
                   "\"lerp_kernel_tensor\" not implemented for 'Bool'")
    raises_exactly(lambda: ember.lerp(a, b, ember.tensor([0.5, 0.5])), RuntimeError,
                   "expected dtype long int for `weight` but got dtype float")
    raises_exactly(lambda: a.clone().lerp_(b, ember.tensor(0.5)), RuntimeError,
                   "result type Float can't be cast to the desired output type Long")
    raises_exactly(lambda: f.clone().lerp_(g, ember.tensor(0.5j)), RuntimeError,
                   "result type ComplexFloat can't be cast to the desired output type Float")
    x = ember.tensor([1.0, 2.0], requires_grad=True)
    w = ember.tensor(0.5, dtype=ember.float64, requires_grad=True)
    r = ember.lerp(x, ember.tensor([3.0, 4.0]), w)
    assert r.dtype == ember.float32 and r.grad_fn.name() == "LerpBackward1"
    r.sum().backward()
    assert w.grad.dtype == ember.float64 and w.grad.item() == 4.0 and x.grad.tolist() == [0.5, 0.5]


def test_lerp_out_dtype_and_parser_errors():
    f, g = ember.tensor([1.0, 2.0]), ember.tensor([3.0, 5.0])
    raises_exactly(lambda: ember.lerp(f, g, ember.tensor([0.5, 0.5]), out=ember.empty(0, dtype=ember.float64)),
                   RuntimeError, "Found dtype Double but expected Float")
    assert ember.lerp(f, g, 0.5, out=ember.empty(0, dtype=ember.float64)).tolist() == [2.0, 3.5]
    assert ember.lerp(f, g, ember.tensor(0.5), out=ember.empty(0, dtype=ember.float16)).dtype == ember.float16
    sigs = (" * (Tensor input, Tensor end, Tensor weight, *, Tensor out = None)\n"
            " * (Tensor input, Tensor end, Number weight, *, Tensor out = None)\n")
    head = "lerp() received an invalid combination of arguments - got ({}), but expected one of:\n"
    raises_exactly(lambda: ember.lerp(f, g), TypeError, head.format("Tensor, Tensor") + sigs)
    raises_exactly(lambda: ember.lerp(f, g, 0.5, 1), TypeError, head.format("Tensor, Tensor, float, int") + sigs)
    raises_exactly(lambda: ember.lerp(f, g, 0.5, out=3), TypeError, head.format("Tensor, Tensor, float, out=int") + sigs)
    raises_exactly(lambda: ember.lerp(f, g, weight="a"), TypeError, head.format("Tensor, Tensor, weight=str") + sigs)
    raises_exactly(lambda: ember.lerp(f, end=2.0, weight=0.5), TypeError,
                   head.format("Tensor, weight=float, end=float") + sigs)


def test_ldexp_complex_power_follows_aten_pow2():
    a = ember.tensor([5.5, -3.25], dtype=ember.float64)
    e = ember.tensor([2 + 0j, 1j])
    r = ember.ldexp(a, e)
    assert r.dtype == ember.complex128
    # 2 ** (1j) raised in complex64 (the 0-d Double 2 does not promote a ComplexFloat exponent), then widened
    assert r.tolist()[1] == (-2.5000263899564743 - 2.0766240805387497j)
    c = ember.tensor([-3.5 + 0j, 2 - 2j])
    assert ember.ldexp(c, ember.tensor([3.0, 4.0], dtype=ember.float64)).tolist() == [
        (-27.999999999999993 + 0j), (31.999999999999996 - 31.999999999999996j)]


def test_complex_sigmoid_zero_imaginary_is_positive():
    r = ember.sigmoid(ember.tensor([-3.5 + 0j, 0j, 1 - 0j]))
    assert [str(v.imag) for v in r.tolist()] == ["0.0", "0.0", "0.0"]


def test_set_default_dtype_non_dtype_message():
    for bad in ("float", float, None, 3):
        raises_exactly(lambda: ember.set_default_dtype(bad), TypeError,
                       "invalid dtype object: only floating-point types are supported as the default type")
    raises_exactly(lambda: ember.set_default_dtype(ember.int64), TypeError,
                   "only floating-point types are supported as the default type")
    assert ember.get_default_dtype() == ember.float32


def test_result_type_reads_numpy_scalars_as_the_parser_does():
    import numpy as np
    i, u = ember.tensor([1, 2]), ember.tensor([1], dtype=ember.uint8)
    assert ember.result_type(i, np.int8(-2)) == ember.int64
    assert ember.result_type(u, np.int64(3)) == ember.uint8
    assert ember.result_type(i, np.bool_(True)) == ember.float32  # (an np.bool_ is read as a double)
    assert ember.result_type(i, np.float16(2.5)) == ember.float32
    assert ember.result_type(np.complex128(1j), i) == ember.complex64
    with pytest.warns(np.exceptions.ComplexWarning if hasattr(np, "exceptions") else Warning):
        assert ember.result_type(i, np.complex64(1j)) == ember.float32


def test_alpha_checks():
    import numpy as np
    f, i, b = ember.tensor([1.0, 2.0]), ember.tensor([1, 2]), ember.tensor([True, False])
    raises_exactly(lambda: ember.add(f, f, alpha=1j), RuntimeError,
                   "For non-complex input tensors, argument alpha must not be a complex number.")
    raises_exactly(lambda: ember.add(i, i, alpha=1j), RuntimeError,
                   "For integral input tensors, argument alpha must not be a floating point number.")
    raises_exactly(lambda: ember.add(i, i, alpha=np.bool_(True)), RuntimeError,
                   "For integral input tensors, argument alpha must not be a floating point number.")
    raises_exactly(lambda: ember.add(b, b, alpha=np.bool_(True)), RuntimeError,
                   "For integral input tensors, argument alpha must not be a floating point number.")
    assert ember.add(f, 2j, alpha=1j).tolist() == [(-1 + 0j), 0j]
    assert ember.add(ember.tensor([1j]), f[:1], alpha=1j).tolist() == [2j]


def test_rounded_div_checks_out_and_self_dtype_before_dividing():
    i = ember.tensor([1, 0])
    raises_exactly(lambda: ember.div(i, i, rounding_mode="floor", out=ember.empty(0, dtype=ember.bool)), RuntimeError,
                   "result type Long can't be cast to the desired output type Bool")
    raises_exactly(lambda: ember.div(i, i, rounding_mode="trunc", out=ember.empty(0, dtype=ember.int64)), RuntimeError,
                   "ZeroDivisionError")
    raises_exactly(lambda: i.bool().div_(i, rounding_mode="floor"), RuntimeError,
                   "result type Long can't be cast to the desired output type Bool")


def test_div_rounding_mode_must_be_str():
    f = ember.tensor([1.0, 2.0])
    method = (" * (Tensor other)\n * (Tensor other, *, str rounding_mode)\n"
              " * (Number other, *, str rounding_mode)\n")
    raises_exactly(lambda: f.div(2, rounding_mode=1), TypeError,
                   "div() received an invalid combination of arguments - got (int, rounding_mode=int), but expected "
                   "one of:\n" + method)
    raises_exactly(lambda: f.div_(2, rounding_mode=1), TypeError,
                   "div_() received an invalid combination of arguments - got (int, rounding_mode=int), but expected "
                   "one of:\n" + method)
    raises_exactly(lambda: ember.div(f, 2, rounding_mode=1), TypeError,
                   "div() received an invalid combination of arguments - got (Tensor, int, rounding_mode=int), but "
                   "expected one of:\n * (Tensor input, Tensor other, *, Tensor out = None)\n"
                   " * (Tensor input, Tensor other, *, str rounding_mode, Tensor out = None)\n"
                   " * (Tensor input, Number other, *, str rounding_mode)\n")
    assert f.div(2, rounding_mode=b"floor").tolist() == [0.0, 1.0]


def test_python_complex_keeps_a_float32_tensor_complex64():
    f, i, c = ember.tensor([1.0]), ember.tensor([1]), ember.tensor([True, False])
    assert ember.where(c, 1j, 0).dtype == ember.complex64
    ember.set_default_dtype(ember.float64)
    try:
        assert (f * 1j).dtype == ember.complex64
        assert (1j - f).dtype == ember.complex64
        assert (i * 1j).dtype == ember.complex128
        assert (f.double() / 1j).dtype == ember.complex128
        assert ember.where(c, 1j, 0).dtype == ember.complex128
    finally:
        ember.set_default_dtype(ember.float32)


def test_alpha_and_value_scalars_are_checked_converted():
    u8 = ember.tensor([0, 100, 250], dtype=ember.uint8)
    i8 = ember.tensor([-100, 0, 100], dtype=ember.int8)
    i, f, h = ember.tensor([1, 2]), ember.tensor([1.0, 2.0]), ember.tensor([1.0, 2.0], dtype=ember.float16)
    assert ember.addcmul(u8, u8, u8, value=-1).tolist() == [0, 84, 214]  # (-1 wraps to 255: 100 + 255 * 10000 mod 256)
    raises_exactly(lambda: ember.addcmul(i8, i8, i8, value=300), RuntimeError,
                   "value cannot be converted to type int8_t without overflow")
    raises_exactly(lambda: ember.addcmul(i8, i8, i8, value=1j), RuntimeError,
                   "value cannot be converted to type int8_t without overflow")
    assert ember.addcmul(i, i, i, value=2 + 0j).tolist() == [3, 10]
    raises_exactly(lambda: ember.addcmul(f, f, f, value=1e40), RuntimeError,
                   "value cannot be converted to type float without overflow")
    raises_exactly(lambda: ember.addcmul(f, f, f, value=2j), RuntimeError,
                   "value cannot be converted to type float without overflow")
    assert ember.addcmul(h, h, h, value=1e5).tolist() == [float("inf")] * 2  # (Half's value is a float)
    raises_exactly(lambda: ember.add(u8, u8, alpha=300), RuntimeError,
                   "value cannot be converted to type uint8_t without overflow")
    assert ember.add(u8, u8, alpha=-1).tolist() == [0, 0, 0]
    raises_exactly(lambda: ember.sub(i8, i8, alpha=-200), RuntimeError,
                   "value cannot be converted to type int8_t without overflow")
    assert ember.sub(i, i, alpha=-2 ** 63).tolist() == [-9223372036854775807, 2]  # (-(-2**63) wraps back)
    raises_exactly(lambda: ember.add(i, i, alpha=2 ** 63), RuntimeError,
                   "value cannot be converted to type int64_t without overflow")
    raises_exactly(lambda: ember.add(h, h, alpha=1e5), RuntimeError,
                   "value cannot be converted to type c10::Half without overflow")
    raises_exactly(lambda: f.clone().add_(f, alpha=-1e39), RuntimeError,
                   "value cannot be converted to type float without overflow")
    assert ember.add(f.double(), f.double(), alpha=1e300).tolist() == [1e300, 2e300]


def test_bfloat16_promotes_with_other_floats():
    assert ember.promote_types(ember.bfloat16, ember.float16) == ember.float32
    assert ember.promote_types(ember.float16, ember.bfloat16) == ember.float32
    assert ember.promote_types(ember.bfloat16, ember.float64) == ember.float64
    assert ember.promote_types(ember.float32, ember.bfloat16) == ember.float32
    assert ember.promote_types(ember.bfloat16, ember.int64) == ember.bfloat16
    assert ember.promote_types(ember.bfloat16, ember.complex64) == ember.complex64


def test_numpy_array_is_not_a_function_argument():
    import numpy as np
    t, a = ember.tensor([1.0, 2.0]), np.array([1.0, 3.0])
    raises_exactly(lambda: ember.add(t, a), TypeError, "add(): argument 'other' (position 2) must be Tensor, not numpy.ndarray")
    raises_exactly(lambda: t.mul(a), TypeError, "mul(): argument 'other' (position 1) must be Tensor, not numpy.ndarray")
    raises_exactly(lambda: t.clone().sub_(a), TypeError,
                   "sub_(): argument 'other' (position 1) must be Tensor, not numpy.ndarray")
    raises_exactly(lambda: ember.add(a, t), TypeError, "add(): argument 'input' (position 1) must be Tensor, not numpy.ndarray")
    with pytest.raises(TypeError, match=r"^pow\(\) received an invalid combination of arguments - got \(Tensor, numpy.ndarray\)"):
        ember.pow(t, a)
    assert ember.mul(np.float64(2.0), t).tolist() == [2.0, 4.0]  # (NumPy scalars are numbers)
