"""torch.tensor / factories / operator fidelity: iterables, uint16-64, wrapped ints, argument errors,
0-d tensor dims, range factories bit for bit, comparisons with sequences, complex refusals.

Each case is ``fn(lib)``; its expected result is ``repr`` of the value, or the exception's type and
message, exactly as PyTorch 2.13 gives them (``GOLDEN``).  The same table runs against PyTorch when it
is installed, and a seeded sweep compares ``linspace``/``logspace``/``arange`` with PyTorch bit for bit.
"""
from __future__ import annotations

import random
import warnings

import numpy as np
import pytest

import ember

U8 = lambda L: L.tensor([0, 1, 2, 3, 200], dtype=L.uint8)  # noqa: E731
X = lambda L: L.tensor([[1.0, 5.0, 3.0], [4.0, 2.0, 6.0]])  # noqa: E731
Z = lambda L: L.tensor([1 + 2j, 3 - 1j])  # noqa: E731


def _default_f64(L, fn):
    old = L.get_default_dtype()
    L.set_default_dtype(L.float64)
    try:
        return fn()
    finally:
        L.set_default_dtype(old)


CASES = [
    # 1. iterables torch.tensor accepts and rejects
    ("range", lambda L: L.tensor(range(3))),
    ("range_float", lambda L: L.tensor(range(3), dtype=L.float32)),
    ("range_empty", lambda L: L.tensor(range(0))),
    ("list_of_ranges", lambda L: L.tensor([range(2), range(1, 3)])),
    ("tuple", lambda L: L.tensor((1, 2))),
    ("generator", lambda L: L.tensor(x for x in range(3))),
    ("generator_dtype", lambda L: L.tensor((x for x in range(3)), dtype=L.float32)),
    ("set", lambda L: L.tensor({1, 2})),
    ("none", lambda L: L.tensor([None])),
    ("str_in_list", lambda L: L.tensor(["a"])),
    ("str", lambda L: L.tensor("ab")),
    ("ragged_inner", lambda L: L.tensor([[1, 2], [3]])),
    ("ragged_scalar_then_list", lambda L: L.tensor([1, [2, 3]])),
    ("ragged_list_then_scalar", lambda L: L.tensor([[1, 2], 3])),
    ("empty_rows", lambda L: L.tensor([[], [1]])),
    ("numpy_scalar", lambda L: L.tensor(np.float64(1.5))),
    ("numpy_int32_scalar", lambda L: L.tensor(np.int32(3))),
    ("numpy_scalars_list", lambda L: L.tensor([np.float32(1), 2.5])),
    ("numpy_bool_as_long", lambda L: L.tensor([np.bool_(True), 2])),
    ("numpy_float32_as_int", lambda L: L.tensor([np.float32(1.5)], dtype=L.int64)),
    ("numpy_arrays_list", lambda L: L.tensor([np.array([1, 2], dtype=np.int32), np.array([3, 4], dtype=np.int32)])),
    ("self_referential", lambda L: (lambda l: (l.append(l), L.tensor(l)))([1])),
    ("dtype_str", lambda L: L.tensor([1], dtype="float32")),
    ("dtype_python_float", lambda L: L.tensor([1], dtype=float)),
    ("dtype_python_complex", lambda L: L.zeros(1, dtype=complex)),
    ("int64_overflow", lambda L: L.tensor([2 ** 63])),
    ("float_to_int8_overflow", lambda L: L.tensor([-128.5], dtype=L.int8)),
    ("float_to_int_trunc", lambda L: L.tensor([2.7, -2.7], dtype=L.int32)),
    ("half_overflow_to_inf", lambda L: L.tensor([1e10, 65519.0, 65520.0], dtype=L.float16)),
    # 7. tensors inside lists are scalars
    ("one_element_tensors", lambda L: L.tensor([L.tensor([1.0]), L.tensor([2.0])])),
    ("two_element_tensors", lambda L: L.tensor([L.tensor([1.0, 2.0]), L.tensor([2.0, 3.0])])),
    ("tensor_and_number", lambda L: L.tensor([L.tensor([1]), 2.5])),
    ("tensors_promote", lambda L: L.tensor([L.tensor(1, dtype=L.uint8), L.tensor(2, dtype=L.int8)])),
    ("float_tensor_as_int", lambda L: L.tensor([L.tensor(1.5)], dtype=L.int64)),
    # 2. uint16/32/64
    ("from_numpy_uint16", lambda L: L.from_numpy(np.array([1, 2, 65535], dtype=np.uint16))),
    ("tensor_uint32", lambda L: L.tensor(np.array([1, 4294967295], dtype=np.uint32))),
    ("uint64_print", lambda L: L.tensor(np.array([2 ** 64 - 1, 5], dtype=np.uint64))),
    ("uint64_numpy_scalar", lambda L: L.tensor(np.uint64(3))),
    ("uint16_to_int64", lambda L: L.from_numpy(np.array([7, 65535], dtype=np.uint16)).to(L.int64)),
    ("uint32_numpy", lambda L: L.from_numpy(np.array([7], dtype=np.uint32)).numpy().dtype.name),
    ("uint16_promotion", lambda L: L.from_numpy(np.array([1], dtype=np.uint16)) + L.tensor([1])),
    ("uint16_promote_float", lambda L: L.promote_types(L.uint16, L.float32)),
    ("uint64_negative", lambda L: L.tensor([-1], dtype=L.uint64)),
    ("uint32_negative", lambda L: L.tensor([-1, -4294967295], dtype=L.uint32)),
    ("uint16_arange", lambda L: L.arange(3, dtype=L.uint16)),
    ("from_numpy_str", lambda L: L.from_numpy(np.array(["a"]))),
    ("from_numpy_negative_stride", lambda L: L.from_numpy(np.arange(3.0)[::-1])),
    ("from_numpy_big_endian", lambda L: L.from_numpy(np.arange(3.0).astype(">f8"))),
    # 3. uint8 with negative Python ints
    ("uint8_minus_one", lambda L: L.tensor([-1], dtype=L.uint8)),
    ("uint8_minus_256", lambda L: L.tensor([-256], dtype=L.uint8)),
    ("uint8_bool_and_negative", lambda L: L.tensor([True, -1], dtype=L.uint8)),
    ("rpow_uint8", lambda L: (-1) ** U8(L)),
    ("rpow_uint8_2", lambda L: (-2) ** U8(L)),
    ("rlshift_uint8", lambda L: -1 << U8(L)),
    ("rrshift_uint8", lambda L: -1 >> U8(L)),
    ("rfloordiv_uint8", lambda L: -1 // (U8(L) + 1)),
    ("rmod_uint8", lambda L: -1 % (U8(L) + 1)),
    ("rfloordiv_uint8_zero", lambda L: -1 // U8(L)),
    ("rpow_300_uint8", lambda L: 300 ** U8(L)),
    ("rpow_int8", lambda L: 200 ** L.tensor([1, 2], dtype=L.int8)),
    ("torch_pow_uint8", lambda L: L.pow(-1, U8(L))),
    ("torch_remainder_uint8", lambda L: L.remainder(-1, U8(L) + 1)),
    # 4. argument-parser errors
    ("fmod_scalar_first", lambda L: L.fmod(2, L.tensor([1.0, 2.0]))),
    ("maximum_scalar_first", lambda L: L.maximum(2, L.tensor([1.0, 2.0]))),
    ("copysign_scalar_first", lambda L: L.copysign(2, L.tensor([1.0, 2.0]))),
    ("hypot_scalar_first", lambda L: L.hypot(2.5, L.tensor([1.0, 2.0]))),
    ("eq_scalar_first", lambda L: L.eq(2, L.tensor([1.0, 2.0]))),
    ("greater_scalar_first", lambda L: L.greater(2, L.tensor([1.0, 2.0]))),
    ("logical_and_scalar_first", lambda L: L.logical_and(2, L.tensor([1.0, 2.0]))),
    ("matmul_scalar_first", lambda L: L.matmul(2, L.tensor([1.0, 2.0]))),
    ("dot_scalar_second", lambda L: L.dot(L.tensor([1.0, 2.0]), 2)),
    ("mm_scalar_second", lambda L: L.mm(L.ones(2, 2), 2)),
    ("allclose_scalar_second", lambda L: L.allclose(L.tensor([1.0, 2.0]), 2)),
    ("equal_scalar_first", lambda L: L.equal(2, L.tensor([1.0, 2.0]))),
    ("dist_scalar_second", lambda L: L.dist(L.tensor([1.0, 2.0]), 2)),
    ("clamp_min_scalar_first", lambda L: L.clamp_min(2, L.tensor([1.0, 2.0]))),
    ("rsub_scalar_first", lambda L: L.rsub(2, L.tensor([1.0, 2.0]))),
    ("bitwise_and_scalar_first", lambda L: L.bitwise_and(6, L.tensor([3, 2]))),
    ("bitwise_and_float_scalar_first", lambda L: L.bitwise_and(2.5, L.tensor([3, 2]))),
    ("remainder_scalar_first", lambda L: L.remainder(7, L.tensor([3, 2]))),
    ("fmod_str_second", lambda L: L.fmod(L.tensor([1.0]), "a")),
    ("arctan2_scalar_second", lambda L: L.arctan2(L.tensor([1.0]), 2)),
    ("method_atan2_scalar", lambda L: L.tensor([1.0]).atan2(2)),
    ("method_fmod_scalar", lambda L: L.tensor([7.0]).fmod(2)),
    ("complex_tensor_as_float", lambda L: L.tensor([L.tensor([2 + 1j])], dtype=L.float32)),
    ("lt_none", lambda L: L.tensor([1]) < None),
    # 5. a 0-d integer tensor as max/min's dim
    ("max_dim_tensor_kw", lambda L: L.max(X(L), dim=L.tensor(1))),
    ("min_dim_tensor_kw", lambda L: L.min(X(L), dim=L.tensor(0))),
    ("max_tensor_positional", lambda L: L.max(X(L), L.tensor(4.0))),
    ("max_tensor_keepdim", lambda L: L.max(X(L), L.tensor(1), True)),
    ("method_max_dim_tensor_kw", lambda L: X(L).max(dim=L.tensor(1))),
    ("method_min_tensor_positional", lambda L: X(L).min(L.tensor(2))),
    ("max_other_kw", lambda L: L.max(X(L), other=L.tensor(4.0))),
    ("max_dim_float_tensor", lambda L: L.max(X(L), dim=L.tensor(1.0))),
    ("max_dim_bool", lambda L: L.max(X(L), dim=True)),
    ("min_dim_float", lambda L: L.min(X(L), 1.0)),
    # 6. linspace / logspace / arange values
    ("linspace_int32", lambda L: L.linspace(0, 6.28318, 100, dtype=L.int32)[-8:]),
    ("linspace_uint8_negative", lambda L: L.linspace(-5, 5, 11, dtype=L.uint8)),
    ("linspace_uint8_overflow", lambda L: L.linspace(-3.7, 9.2, 17, dtype=L.uint8)),
    ("linspace_half_overflow", lambda L: L.linspace(-1e5, 3e6, 5, dtype=L.float16)),
    ("linspace_int64_end", lambda L: L.linspace(2 ** 62, 2 ** 63 - 1, 3, dtype=L.int64)),
    ("linspace_one_step", lambda L: L.linspace(3.7, 10, 1, dtype=L.int32)),
    ("linspace_steps_float", lambda L: L.linspace(0, 1, 5.0)),
    ("logspace_int16", lambda L: L.logspace(0, 10, 3, dtype=L.int16)),
    ("logspace_int8", lambda L: L.logspace(0.1, 10.0, 33, dtype=L.int8)[:10]),
    ("logspace_float64", lambda L: L.logspace(-0.7, 1.0, 257, dtype=L.float64)[28:40]),
    ("logspace_float16", lambda L: L.logspace(0.0, 2.55, 300, base=2, dtype=L.float16)[::37]),
    ("arange_half", lambda L: L.arange(-2, 3, 0.07, dtype=L.float16)[30:40]),
    ("arange_int32_fractional_step", lambda L: L.arange(0, 1, 0.1, dtype=L.int32)),
    ("arange_int64_fractional_step", lambda L: L.arange(0, 1, 0.1, dtype=L.int64)),
    # 8. comparisons with Python sequences
    ("eq_list", lambda L: L.tensor([1, 2]) == [1, 2]),
    ("ne_tuple", lambda L: L.tensor([1, 2]) != (1, 2)),
    ("lt_tuple", lambda L: L.tensor([1, 2]) < (1, 2)),
    ("ge_list", lambda L: L.tensor([1, 2]) >= [3]),
    ("rlt_list", lambda L: [1, 2] < L.tensor([1, 2])),
    ("torch_eq_list", lambda L: L.eq(L.tensor([1, 2]), [1, 2])),
    ("eq_str", lambda L: L.tensor([1, 2]) == "a"),
    # 9. Python complex numbers under a float64 default
    ("complex_default_f64", lambda L: _default_f64(L, lambda: L.tensor([1, 1j]))),
    ("complex_scalar_default_f64", lambda L: _default_f64(L, lambda: L.tensor(2j).dtype)),
    ("full_complex", lambda L: L.full((2,), 1j)),
    ("full_complex_default_f64", lambda L: _default_f64(L, lambda: L.full((1,), 1j))),
    # 10. dtype mismatches and argument types
    ("allclose_dtypes", lambda L: L.allclose(L.tensor([1.0]), L.tensor([1.0], dtype=L.float64))),
    ("allclose_ok", lambda L: L.allclose(L.tensor([1.0]), L.tensor([1.0 + 1e-9]))),
    # 11. complex tensors
    ("complex_lt", lambda L: Z(L) < 1),
    ("complex_ge_tensor", lambda L: Z(L) >= Z(L)),
    ("real_lt_complex_scalar", lambda L: L.tensor([2.0]) < 1j),
    ("complex_eq", lambda L: Z(L) == Z(L)),
    ("complex_sort", lambda L: Z(L).sort()),
    ("complex_argsort", lambda L: Z(L).argsort()),
    ("complex_topk", lambda L: Z(L).topk(1)),
    ("complex_max", lambda L: Z(L).max()),
    ("complex_min_dim", lambda L: Z(L).min(dim=0)),
    ("complex_amax", lambda L: Z(L).amax()),
    ("complex_argmax", lambda L: Z(L).argmax()),
    ("complex_clamp", lambda L: Z(L).clamp(0, 1)),
    ("complex_clamp_tensor", lambda L: Z(L).clamp(Z(L))),
    ("complex_relu", lambda L: L.relu(Z(L))),
    ("complex_sign", lambda L: Z(L).sign()),
    ("complex_sgn", lambda L: Z(L).sgn()),
    ("complex_mod", lambda L: Z(L) % 2),
    ("complex_fmod", lambda L: L.fmod(Z(L), 2)),
    ("complex_floordiv", lambda L: Z(L) // 2),
    ("complex_maximum", lambda L: L.maximum(Z(L), Z(L))),
    ("complex_fmin", lambda L: L.fmin(Z(L), Z(L))),
    ("complex_floor", lambda L: Z(L).floor()),
    ("complex_round", lambda L: Z(L).round()),
    ("complex_cummax", lambda L: Z(L).cummax(0)),
    ("complex_median", lambda L: Z(L).median()),
    ("complex_signbit", lambda L: L.signbit(Z(L))),
    ("complex_atan2", lambda L: L.atan2(Z(L), Z(L))),
    ("complex_hypot", lambda L: L.hypot(Z(L), Z(L))),
    ("complex_frac", lambda L: Z(L).frac()),
]


# fmt: off
GOLDEN = {
    'range': ('ok', 'tensor([0, 1, 2])'),
    'range_float': ('ok', 'tensor([0., 1., 2.])'),
    'range_empty': ('ok', 'tensor([])'),
    'list_of_ranges': ('ok', 'tensor([[0, 1],\n        [1, 2]])'),
    'tuple': ('ok', 'tensor([1, 2])'),
    'generator': ('RuntimeError', 'Could not infer dtype of generator'),
    'generator_dtype': ('TypeError', 'must be real number, not generator'),
    'set': ('RuntimeError', 'Could not infer dtype of set'),
    'none': ('RuntimeError', 'Could not infer dtype of NoneType'),
    'str_in_list': ('ValueError', "too many dimensions 'str'"),
    'str': ('TypeError', "new(): invalid data type 'str'"),
    'ragged_inner': ('ValueError', 'expected sequence of length 2 at dim 1 (got 1)'),
    'ragged_scalar_then_list': ('TypeError', "'list' object cannot be interpreted as an integer"),
    'ragged_list_then_scalar': ('TypeError', 'not a sequence'),
    'empty_rows': ('ok', 'tensor([], size=(2, 0))'),
    'numpy_scalar': ('ok', 'tensor(1.5000, dtype=torch.float64)'),
    'numpy_int32_scalar': ('ok', 'tensor(3, dtype=torch.int32)'),
    'numpy_scalars_list': ('ok', 'tensor([1.0000, 2.5000])'),
    'numpy_bool_as_long': ('TypeError', "'numpy.bool' object cannot be interpreted as an integer"),
    'numpy_float32_as_int': ('TypeError', "'numpy.float32' object cannot be interpreted as an integer"),
    'numpy_arrays_list': ('ok', 'tensor([[1, 2],\n        [3, 4]], dtype=torch.int32)'),
    'self_referential': ('TypeError', 'new(): self-referential lists are incompatible'),
    'dtype_str': ('TypeError', "tensor(): argument 'dtype' must be torch.dtype, not str"),
    'dtype_python_float': ('ok', 'tensor([1.], dtype=torch.float64)'),
    'dtype_python_complex': ('ok', 'tensor([0.+0.j], dtype=torch.complex128)'),
    'int64_overflow': ('ValueError', 'Overflow when unpacking long long'),
    'float_to_int8_overflow': ('RuntimeError', 'value cannot be converted to type int8 without overflow'),
    'float_to_int_trunc': ('ok', 'tensor([ 2, -2], dtype=torch.int32)'),
    'half_overflow_to_inf': ('ok', 'tensor([   inf, 65504.,    inf], dtype=torch.float16)'),
    'one_element_tensors': ('ok', 'tensor([1., 2.])'),
    'two_element_tensors': ('ValueError', 'only one element tensors can be converted to Python scalars'),
    'tensor_and_number': ('ok', 'tensor([1.0000, 2.5000])'),
    'tensors_promote': ('ok', 'tensor([1, 2], dtype=torch.int16)'),
    'float_tensor_as_int': ('TypeError', 'only integer tensors of a single element can be converted to an index'),
    'from_numpy_uint16': ('ok', 'tensor([    1,     2, 65535], dtype=torch.uint16)'),
    'tensor_uint32': ('ok', 'tensor([         1, 4294967295], dtype=torch.uint32)'),
    'uint64_print': ('ok', 'tensor([18446744073709551615,                    5], dtype=torch.uint64)'),
    'uint64_numpy_scalar': ('TypeError', 'an integer is required'),
    'uint16_to_int64': ('ok', 'tensor([    7, 65535])'),
    'uint32_numpy': ('ok', "'uint32'"),
    'uint16_promotion': ('RuntimeError', 'Promotion for uint16, uint32, uint64 types is not supported, attempted to promote UInt16 and Long'),
    'uint16_promote_float': ('ok', 'torch.float32'),
    'uint64_negative': ('OverflowError', "can't convert negative int to unsigned"),
    'uint32_negative': ('ok', 'tensor([4294967295,          1], dtype=torch.uint32)'),
    'uint16_arange': ('NotImplementedError', '"arange_cpu" not implemented for \'UInt16\''),
    'from_numpy_str': ('TypeError', "can't convert np.ndarray of type numpy.str_. The only supported types are: float64, float32, float16, complex64, complex128, int64, int32, int16, int8, uint64, uint32, uint16, uint8, and bool."),
    'from_numpy_negative_stride': ('ValueError', 'At least one stride in the given numpy array is negative, and tensors with negative strides are not currently supported. (You can probably work around this by making a copy of your array  with array.copy().) '),
    'from_numpy_big_endian': ('ValueError', 'given numpy array has byte order different from the native byte order. Conversion between byte orders is currently not supported.'),
    'uint8_minus_one': ('ok', 'tensor([255], dtype=torch.uint8)'),
    'uint8_minus_256': ('RuntimeError', 'value cannot be converted to type uint8 without overflow'),
    'uint8_bool_and_negative': ('ok', 'tensor([  1, 255], dtype=torch.uint8)'),
    'rpow_uint8': ('ok', 'tensor([  1, 255,   1, 255,   1], dtype=torch.uint8)'),
    'rpow_uint8_2': ('ok', 'tensor([  1, 254,   4, 248,   0], dtype=torch.uint8)'),
    'rlshift_uint8': ('ok', 'tensor([255, 254, 252, 248,   0], dtype=torch.uint8)'),
    'rrshift_uint8': ('ok', 'tensor([255, 127,  63,  31,   0], dtype=torch.uint8)'),
    'rfloordiv_uint8': ('ok', 'tensor([255, 127,  85,  63,   1], dtype=torch.uint8)'),
    'rmod_uint8': ('ok', 'tensor([ 0,  1,  0,  3, 54], dtype=torch.uint8)'),
    'rfloordiv_uint8_zero': ('RuntimeError', 'ZeroDivisionError'),
    'rpow_300_uint8': ('ok', 'tensor([  1,  44, 144, 192,   0], dtype=torch.uint8)'),
    'rpow_int8': ('ok', 'tensor([-56,  64], dtype=torch.int8)'),
    'torch_pow_uint8': ('ok', 'tensor([  1, 255,   1, 255,   1], dtype=torch.uint8)'),
    'torch_remainder_uint8': ('ok', 'tensor([ 0,  1,  0,  3, 54], dtype=torch.uint8)'),
    'fmod_scalar_first': ('TypeError', 'fmod() received an invalid combination of arguments - got (int, Tensor), but expected one of:\n * (Tensor input, Tensor other, *, Tensor out = None)\n * (Tensor input, Number other, *, Tensor out = None)\n'),
    'maximum_scalar_first': ('TypeError', "maximum(): argument 'input' (position 1) must be Tensor, not int"),
    'copysign_scalar_first': ('TypeError', 'copysign() received an invalid combination of arguments - got (int, Tensor), but expected one of:\n * (Tensor input, Tensor other, *, Tensor out = None)\n * (Tensor input, Number other, *, Tensor out = None)\n'),
    'hypot_scalar_first': ('TypeError', "hypot(): argument 'input' (position 1) must be Tensor, not float"),
    'eq_scalar_first': ('TypeError', 'eq() received an invalid combination of arguments - got (int, Tensor), but expected one of:\n * (Tensor input, Tensor other, *, Tensor out = None)\n * (Tensor input, Number other, *, Tensor out = None)\n'),
    'greater_scalar_first': ('TypeError', 'greater() received an invalid combination of arguments - got (int, Tensor), but expected one of:\n * (Tensor input, Tensor other, *, Tensor out = None)\n * (Tensor input, Number other, *, Tensor out = None)\n'),
    'logical_and_scalar_first': ('TypeError', "logical_and(): argument 'input' (position 1) must be Tensor, not int"),
    'matmul_scalar_first': ('TypeError', "matmul(): argument 'input' (position 1) must be Tensor, not int"),
    'dot_scalar_second': ('TypeError', "dot(): argument 'tensor' (position 2) must be Tensor, not int"),
    'mm_scalar_second': ('TypeError', "mm(): argument 'mat2' (position 2) must be Tensor, not int"),
    'allclose_scalar_second': ('TypeError', "allclose(): argument 'other' (position 2) must be Tensor, not int"),
    'equal_scalar_first': ('TypeError', "equal(): argument 'input' (position 1) must be Tensor, not int"),
    'dist_scalar_second': ('TypeError', "dist(): argument 'other' (position 2) must be Tensor, not int"),
    'clamp_min_scalar_first': ('TypeError', 'clamp_min() received an invalid combination of arguments - got (int, Tensor), but expected one of:\n * (Tensor input, Tensor min, *, Tensor out = None)\n * (Tensor input, Number min, *, Tensor out = None)\n'),
    'rsub_scalar_first': ('TypeError', 'rsub() received an invalid combination of arguments - got (int, Tensor), but expected one of:\n * (Tensor input, Tensor other, *, Number alpha = 1)\n * (Tensor input, Number other, Number alpha = 1)\n'),
    'bitwise_and_scalar_first': ('ok', 'tensor([2, 2])'),
    'bitwise_and_float_scalar_first': ('NotImplementedError', '"bitwise_and_cpu" not implemented for \'Float\''),
    'remainder_scalar_first': ('ok', 'tensor([1, 1])'),
    'fmod_str_second': ('TypeError', 'fmod() received an invalid combination of arguments - got (Tensor, str), but expected one of:\n * (Tensor input, Tensor other, *, Tensor out = None)\n * (Tensor input, Number other, *, Tensor out = None)\n'),
    'arctan2_scalar_second': ('TypeError', "arctan2(): argument 'other' (position 2) must be Tensor, not int"),
    'method_atan2_scalar': ('TypeError', "atan2(): argument 'other' (position 1) must be Tensor, not int"),
    'method_fmod_scalar': ('ok', 'tensor([1.])'),
    'complex_tensor_as_float': ('RuntimeError', 'value cannot be converted to type double without overflow'),
    'lt_none': ('TypeError', "'<' not supported between instances of 'Tensor' and 'NoneType'"),
    'max_dim_tensor_kw': ('ok', 'torch.return_types.max(\nvalues=tensor([5., 6.]),\nindices=tensor([1, 2]))'),
    'min_dim_tensor_kw': ('ok', 'torch.return_types.min(\nvalues=tensor([1., 2., 3.]),\nindices=tensor([0, 1, 0]))'),
    'max_tensor_positional': ('ok', 'tensor([[4., 5., 4.],\n        [4., 4., 6.]])'),
    'max_tensor_keepdim': ('ok', 'torch.return_types.max(\nvalues=tensor([[5.],\n        [6.]]),\nindices=tensor([[1],\n        [2]]))'),
    'method_max_dim_tensor_kw': ('ok', 'torch.return_types.max(\nvalues=tensor([5., 6.]),\nindices=tensor([1, 2]))'),
    'method_min_tensor_positional': ('ok', 'tensor([[1., 2., 2.],\n        [2., 2., 2.]])'),
    'max_other_kw': ('ok', 'tensor([[4., 5., 4.],\n        [4., 4., 6.]])'),
    'max_dim_float_tensor': ('TypeError', 'max() received an invalid combination of arguments - got (Tensor, dim=Tensor), but expected one of:\n * (Tensor input, *, Tensor out = None)\n * (Tensor input, Tensor other, *, Tensor out = None)\n * (Tensor input, int dim, bool keepdim = False, *, tuple of Tensors out = None)\n'),
    'max_dim_bool': ('TypeError', 'max() received an invalid combination of arguments - got (Tensor, dim=bool), but expected one of:\n * (Tensor input, *, Tensor out = None)\n * (Tensor input, Tensor other, *, Tensor out = None)\n * (Tensor input, int dim, bool keepdim = False, *, tuple of Tensors out = None)\n'),
    'min_dim_float': ('TypeError', 'min() received an invalid combination of arguments - got (Tensor, float), but expected one of:\n * (Tensor input, *, Tensor out = None)\n * (Tensor input, Tensor other, *, Tensor out = None)\n * (Tensor input, int dim, bool keepdim = False, *, tuple of Tensors out = None)\n'),
    'linspace_int32': ('ok', 'tensor([5, 5, 5, 5, 5, 5, 5, 6], dtype=torch.int32)'),
    'linspace_uint8_negative': ('ok', 'tensor([251, 226, 201, 177, 152, 128, 103,  78,  54,  29,   5],\n       dtype=torch.uint8)'),
    'linspace_uint8_overflow': ('RuntimeError', 'value cannot be converted to type uint8_t without overflow'),
    'linspace_half_overflow': ('RuntimeError', 'value cannot be converted to type c10::Half without overflow'),
    'linspace_int64_end': ('ok', 'tensor([ 4611686018427387904,  6917529027641081856, -9223372036854775808])'),
    'linspace_one_step': ('ok', 'tensor([3], dtype=torch.int32)'),
    'linspace_steps_float': ('TypeError', 'linspace() received an invalid combination of arguments - got (int, int, float), but expected one of:\n * (Tensor start, Tensor end, int steps, *, Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)\n * (Number start, Tensor end, int steps, *, Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)\n * (Tensor start, Number end, int steps, *, Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)\n * (Number start, Number end, int steps, *, Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)\n'),
    'logspace_int16': ('ok', 'tensor([     1, -31072,      0], dtype=torch.int16)'),
    'logspace_int8': ('ok', 'tensor([   1,    2,    4,    8,   17,   36,   74, -103,   60, -119],\n       dtype=torch.int8)'),
    'logspace_float64': ('ok', 'tensor([0.3062, 0.3109, 0.3157, 0.3205, 0.3255, 0.3305, 0.3356, 0.3407, 0.3460,\n        0.3513, 0.3567, 0.3622], dtype=torch.float64)'),
    'logspace_float16': ('ok', 'tensor([1.0000, 1.2441, 1.5488, 1.9277, 2.3984, 2.9863, 3.7168, 4.6250, 5.7578],\n       dtype=torch.float16)'),
    'arange_half': ('ok', 'tensor([0.1001, 0.1702, 0.2400, 0.3101, 0.3799, 0.4500, 0.5200, 0.5898, 0.6602,\n        0.7300], dtype=torch.float16)'),
    'arange_int32_fractional_step': ('ok', 'tensor([0, 0, 0, 0, 0, 0, 0, 0, 0, 0], dtype=torch.int32)'),
    'arange_int64_fractional_step': ('ValueError', 'step must be nonzero'),
    'eq_list': ('ok', 'False'),
    'ne_tuple': ('ok', 'True'),
    'lt_tuple': ('TypeError', "'<' not supported between instances of 'Tensor' and 'tuple'"),
    'ge_list': ('TypeError', "'>=' not supported between instances of 'Tensor' and 'list'"),
    'rlt_list': ('TypeError', "'<' not supported between instances of 'list' and 'Tensor'"),
    'torch_eq_list': ('TypeError', 'eq() received an invalid combination of arguments - got (Tensor, list), but expected one of:\n * (Tensor input, Tensor other, *, Tensor out = None)\n * (Tensor input, Number other, *, Tensor out = None)\n'),
    'eq_str': ('ok', 'False'),
    'complex_default_f64': ('ok', 'tensor([1.+0.j, 0.+1.j], dtype=torch.complex128)'),
    'complex_scalar_default_f64': ('ok', 'torch.complex128'),
    'full_complex': ('ok', 'tensor([0.+1.j, 0.+1.j])'),
    'full_complex_default_f64': ('ok', 'tensor([0.+1.j], dtype=torch.complex128)'),
    'allclose_dtypes': ('RuntimeError', 'Float did not match Double'),
    'allclose_ok': ('ok', 'True'),
    'complex_lt': ('NotImplementedError', '"lt_cpu" not implemented for \'ComplexFloat\''),
    'complex_ge_tensor': ('NotImplementedError', '"ge_cpu" not implemented for \'ComplexFloat\''),
    'real_lt_complex_scalar': ('NotImplementedError', '"lt_cpu" not implemented for \'ComplexFloat\''),
    'complex_eq': ('ok', 'tensor([True, True])'),
    'complex_sort': ('RuntimeError', ' Sort does not support complex dtypes on CPU'),
    'complex_argsort': ('RuntimeError', ' Sort does not support complex dtypes on CPU'),
    'complex_topk': ('RuntimeError', ' topk does not support complex dtypes on CPU'),
    'complex_max': ('NotImplementedError', '"max_all" not implemented for \'ComplexFloat\''),
    'complex_min_dim': ('RuntimeError', 'min(): does not support complex input'),
    'complex_amax': ('NotImplementedError', '"max_values_cpu" not implemented for \'ComplexFloat\''),
    'complex_argmax': ('RuntimeError', 'argmax(): does not support complex input'),
    'complex_clamp': ('NotImplementedError', 'clamp is not supported for complex types'),
    'complex_clamp_tensor': ('NotImplementedError', 'clamp is not supported for complex types'),
    'complex_relu': ('NotImplementedError', 'clamp is not supported for complex types'),
    'complex_sign': ('NotImplementedError', 'Unlike NumPy, torch.sign is not intended to support complex numbers. Please use torch.sgn instead.'),
    'complex_sgn': ('ok', 'tensor([0.4472+0.8944j, 0.9487-0.3162j])'),
    'complex_mod': ('NotImplementedError', '"remainder_cpu" not implemented for \'ComplexFloat\''),
    'complex_fmod': ('NotImplementedError', '"fmod_cpu" not implemented for \'ComplexFloat\''),
    'complex_floordiv': ('NotImplementedError', '"div_floor_cpu" not implemented for \'ComplexFloat\''),
    'complex_maximum': ('RuntimeError', 'maximum not implemented for complex tensors.'),
    'complex_fmin': ('RuntimeError', 'fmin not implemented for complex tensors.'),
    'complex_floor': ('NotImplementedError', 'floor is not supported for complex inputs'),
    'complex_round': ('NotImplementedError', '"round_vml_cpu" not implemented for \'ComplexFloat\''),
    'complex_cummax': ('NotImplementedError', '"cummax_cpu" not implemented for \'ComplexFloat\''),
    'complex_median': ('NotImplementedError', '"median_cpu" not implemented for \'ComplexFloat\''),
    'complex_signbit': ('NotImplementedError', 'signbit is not implemented for complex tensors.'),
    'complex_atan2': ('NotImplementedError', '"atan2_cpu" not implemented for \'ComplexFloat\''),
    'complex_hypot': ('NotImplementedError', '"hypot_cpu" not implemented for \'ComplexFloat\''),
    'complex_frac': ('NotImplementedError', '"frac_cpu" not implemented for \'ComplexFloat\''),
}
# fmt: on


def _run(lib, fn):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            r = fn(lib)
        except Exception as e:  # noqa: BLE001 - the exception is the result
            return type(e).__name__, str(e)
    return "ok", repr(r)


@pytest.mark.parametrize("name,fn", CASES, ids=[c[0] for c in CASES])
def test_golden(name, fn):
    assert _run(ember, fn) == GOLDEN[name]


@pytest.mark.parametrize("name,fn", CASES, ids=[c[0] for c in CASES])
def test_matches_torch(name, fn):
    torch = pytest.importorskip("torch")
    want = _run(torch, fn)
    assert want == GOLDEN[name]
    assert _run(ember, fn) == want


def test_list_of_ndarrays_warns_once():
    from ember.ops import creation
    creation._WARNED_NDARRAY_LIST[0] = False
    with pytest.warns(UserWarning, match="Creating a tensor from a list of numpy.ndarrays is extremely slow"):
        t = ember.tensor([np.array([1.0, 2.0]), np.array([3.0, 4.0])])
    assert t.dtype is ember.float64 and t.shape == (2, 2)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ember.tensor([np.array([1.0]), np.array([2.0])])  # TORCH_WARN_ONCE


def test_uint_dtypes_basics():
    for dt, npdt in ((ember.uint16, np.uint16), (ember.uint32, np.uint32), (ember.uint64, np.uint64)):
        a = np.array([1, 2, 65535], dtype=npdt)
        t = ember.from_numpy(a)
        assert t.dtype is dt and not dt.is_signed and dt.itemsize == a.itemsize
        assert np.shares_memory(t.numpy(), a)
        assert t.tolist() == [1, 2, 65535] and t[2].item() == 65535
        assert ember.cat([t, t]).dtype is dt and t.float().dtype is ember.float32
        assert t.sum().dtype is ember.int64
        with pytest.raises(RuntimeError, match="Promotion for uint16, uint32, uint64 types is not supported"):
            ember.promote_types(dt, ember.int8)


def _sweep(lib, seed):
    rnd = random.Random(seed)
    dts = ["int32", "int64", "int16", "int8", "uint8", "float16", "float32", "float64"]
    out = []
    for _ in range(60):
        s = rnd.choice([rnd.uniform(-50, 50), rnd.randint(-20, 20), rnd.uniform(-1e4, 1e4)])
        e = rnd.choice([rnd.uniform(-50, 50), rnd.randint(-20, 200), rnd.uniform(-1e4, 1e4)])
        n = rnd.choice([2, 3, 5, 7, 10, 31, 32, 33, 64, 100, 257, 1000])
        dt = getattr(lib, rnd.choice(dts))
        base = rnd.choice([10.0, 2.0, 1.5, 0.5])
        st = rnd.choice([0.1, 0.3, 0.07, 1.5, 0.01, -0.3, 0.013])
        lo, hi = (min(s, e), max(s, e)) if st > 0 else (max(s, e), min(s, e))
        for f in (lambda: lib.linspace(s, e, n, dtype=dt), lambda: lib.logspace(s / 20, e / 40, n, base=base, dtype=dt),
                  lambda: lib.arange(lo, hi, st, dtype=dt)):
            try:
                out.append(f().tolist())
            except Exception as ex:  # noqa: BLE001
                out.append((type(ex).__name__, str(ex)))
    return out


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_range_factories_match_torch(seed):
    torch = pytest.importorskip("torch")
    threads = (torch.get_num_threads(), ember.get_num_threads())
    torch.set_num_threads(2)  # (arange above 32768 elements restarts its vector blocks per thread chunk)
    ember.set_num_threads(2)
    try:
        assert _sweep(ember, seed) == _sweep(torch, seed)
    finally:
        torch.set_num_threads(threads[0])
        ember.set_num_threads(threads[1])


def test_tensor_from_python_data_matches_torch():
    torch = pytest.importorskip("torch")
    rnd = random.Random(5)
    pool = [0, 1, -1, 7, 255, 256, -255, 2 ** 31, 0.5, -2.5, 1e10, float("nan"), True, False, 1j, 2.5 - 1j]
    for _ in range(300):
        data = [rnd.choice(pool) for _ in range(rnd.randint(1, 4))]
        if rnd.random() < 0.3:
            data = [data, [rnd.choice(pool) for _ in data]]
        for dt in (None, "uint8", "int8", "int32", "int64", "float16", "float32", "bool", "complex64"):
            a = _run(torch, lambda L: L.tensor(data, dtype=None if dt is None else getattr(L, dt)))
            b = _run(ember, lambda L: L.tensor(data, dtype=None if dt is None else getattr(L, dt)))
            assert a == b, (data, dt)
