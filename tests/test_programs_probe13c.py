"""An op table of indexing, scatter/gather and shape ops with their gradients (program probe 13c), run under
``python -m ember run`` and under PyTorch 2.13; stdout must match exactly.

Themes: basic and advanced ``__getitem__``/``__setitem__`` (ints, negative ints, stepped slices, ``None``/``...``,
int lists, LongTensors, numpy arrays, full and partial bool masks, mixed advanced+basic with the dim-placement rule,
several ``...``), result strides and ``is_contiguous()``, out-of-range and mask-shape errors, value broadcasting and
dtypes, augmented assignment with duplicate indices, ``index_put_`` (``accumulate=True``, duplicates); the
``index_*`` family (``index_select``/``add``/``copy``/``fill``/``reduce`` with ``alpha`` and every reduce mode),
``gather``/``scatter`` (src, value, ``reduce=``), ``scatter_add``, ``scatter_reduce`` (all modes, ``include_self``,
0-d src), ``take``/``take_along_dim``/``put_``, ``masked_select``/``masked_scatter``/``masked_fill``,
``nonzero``/``argwhere``/``where`` (1-arg, 3-arg, scalar operands and type promotion), their in-place and ``out=``
forms; shape ops (``narrow``, ``unfold``, ``split``/``chunk``/``tensor_split``/``unbind``, ``movedim``,
``swapaxes``, ``flatten``/``unflatten``, ``squeeze``/``unsqueeze`` with tuples, ``expand``/``broadcast_to``,
``repeat``/``repeat_interleave``/``tile``, ``flip``/``roll``/``rot90``, ``diag``/``diagonal``/``diag_embed``/
``diagflat``, ``tril``/``triu`` and their indices, ``block_diag``, ``cartesian_prod``, ``combinations``,
``meshgrid``, ``stack``/``hstack``/``vstack``/``dstack``/``column_stack``, ``cat`` with empty tensors,
``view``/``reshape``/``view(dtype)``); 0-d and empty inputs; each with its ``grad_fn``, ``next_functions`` and
input gradients; in-place ops on leaves and on views of leaves.

The unit tests at the end cover the fixes the probe led to:

* ``x[adv] = v`` (``index_put_``) needs ``v`` of ``x``'s dtype unless it dispatches to ``masked_fill`` (one bool
  mask and a one-element value): ``Index put requires the source and destination dtypes match, ...``;
* ``index_put_`` with more indices than dims: ``too many indices for tensor of dimension 2 (got 3)``;
* a ``None`` in a basic index gets the stride ATen's ``unsqueeze`` gives it (``x[None, 1, None]`` is
  ``(60, 20, 5, 1)``); an advanced-index result is laid out as TensorIterator orders its operands: the source's
  size-1 dims and the reshaped index (``reshape_indexer``) count, and only same-shape contiguous operands take
  the fast contiguous path (checked against PyTorch by a seeded fuzz);
* several ``...`` in one index are read as ``applySlicing`` does (each skips ``ndim - specified`` dims);
* a numpy float array index is a sequence of floats: a long index (``x[np.array([1.0])]``);
* ``IndexCopyBackward0``, ``IndexReduceBackward0``, ``ScatterReduceBackward0``, ``MaskedScatterBackward0`` and
  ``IndexFillBackward1`` have no edge for the index/mask (``next_functions`` of length 2);
* ``take_along_dim`` records ``ExpandBackward0`` (ATen's ``broadcast_to``) and, with no ``dim``, views its
  inputs (a non-contiguous one fails);
* an in-place op on a view that requires grad of a leaf base fails with "a view of a leaf Variable ..." even when the
  base itself does not require grad (``torch.arange(3.).view(3).requires_grad_().mul_(2)``);
* ``Tensor.view(dtype)`` is a view (``_base``, version counter, scaled ``storage_offset``) with ATen's checks
  (``self.stride(-1) must be 1 to view Float as Short (different element sizes), but got 4``, 0-d, size,
  storage offset and stride divisibility);
* ``stride()`` of an empty view of a non-empty tensor keeps its base's strides (``x[:, 5:]`` of a ``(4, 5)`` is
  ``(5, 1)``);
* ``tensor_split`` names a non-long index tensor's scalar type (``but got Int``) and checks it before ``dim``;
* ``repeat_interleave``: float/bool repeats are ``NotImplementedError`` (``"repeat_interleave_cpu" not implemented
  for 'Float'``), 2-D repeats with an input ``repeats must be 0-dim or 1-dim tensor``, a 1-D input with no ``dim``
  records no ``ViewBackward0`` (``flatten``);
* ``diagflat`` is ``contiguous().view(-1)`` (``ViewBackward0``, not ``UnsafeViewBackward0``);
* ``scatter_reduce(reduce='mean')`` of a bool tensor is ``NotImplementedError``; a 0-d ``src`` counts as 1-d in
  the shape checks (its size in the message is ``[]``) and its ``amax``/``amin`` gradient is summed back; an
  excluded ``self`` equal to the result still counts among the ties (PyTorch's ``scatter_reduce_backward``);
* ``index_add`` checks its index's rank and dtype with ATen's ``index_func_meta_impl`` messages;
* ``index_reduce`` warns (once) before its kernel checks the index bounds and dtype;
* ``repeat_interleave(..., out=)`` is PyTorch's parser error (no overload takes ``out``);
* result layouts: ``index_fill``/``index_put``/``put`` keep the input's layout (``clone(Preserve)``);
  ``masked_scatter``, ``repeat``, ``narrow_copy``, ``index_reduce`` and a flat ``roll`` are contiguous;
  ``flip``/``rot90`` lay out as ``empty_like`` (a broadcast dim keeps its place); a broadcast C dim never suggests
  channels-last (``cat``, ``roll``);
* ``gather(..., sparse_grad=True)`` gives a sparse COO gradient (ATen's ``_gather_sparse_backward``);
* ``split``: a negative size is reported before a wrong sum; a multi-element tensor of sizes is the
  ``split_with_sizes`` parser error; ``tensor_split`` takes ``sections=``/``indices=``/
  ``tensor_indices_or_sections=``; ``rot90``'s ``k`` and ``tril_indices``/``triu_indices``' ints are checked as
  PyTorch's parser does;
* ``x[i] = v`` on an expanded tensor writes its shared memory (NumPy's ``broadcast_to`` is read-only) unless the
  written view has elements that share memory (the ``copy_`` overlap error); ``index_put_`` there only warns; an
  in-place op on such a view (``e[0].add_(1)``) writes too;
* a Python number in ``x[i] = v`` is converted as PyTorch does: an int outside int64 is ``Overflow when unpacking
  long long``, a float is ``checked_convert``-ed for integer and float32 tensors (NaN, inf, out of range);
* ``as_strided`` of a dense non-contiguous tensor (channels-last, permuted) views its memory in address order
  (not a logical-order copy); ``detach()``/``.data`` of a view keep its ``storage_offset()``;
* ``Rot90Backward0`` and ``DiagEmbedBackward0`` have their ``_saved_*`` fields (dims as given).
"""
from __future__ import annotations

import warnings

import numpy as np
import pytest
from program_runner import program_tests, raises_exactly

import ember


PROGRAMS = {
'idx_get': r'''
import torch
def show(tag, t):
    if isinstance(t, torch.Tensor):
        print(tag, t.dtype, tuple(t.shape), t.is_contiguous(), t.stride(), type(t.grad_fn).__name__ if t.grad_fn is not None else None)
        print(t)
    else:
        print(tag, type(t).__name__, t)
def tryit(tag, f):
    try:
        show(tag, f())
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
def grad_of(tag, f, x):
    x = x.detach().clone().requires_grad_(True)
    try:
        out = f(x)
        w = torch.arange(out.numel(), dtype=out.dtype).reshape(out.shape) / 7 + 1
        (out * w).sum().backward()
        print(tag, type(out.grad_fn).__name__, [type(n[0]).__name__ if n[0] is not None else None for n in out.grad_fn.next_functions])
        print(x.grad)
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
def show(tag, t):
    if isinstance(t, torch.Tensor):
        print(tag, t.dtype, tuple(t.shape), t.is_contiguous(), t.stride(), type(t.grad_fn).__name__ if t.grad_fn is not None else None, t.flatten()[:8].tolist())
    else:
        print(tag, type(t).__name__, t)
x = torch.arange(60.).reshape(3, 4, 5)
cases = {
 'int': lambda x: x[1], 'neg': lambda x: x[-1, -2], 'slice_step': lambda x: x[::2, 1::2],
 'neg_slice': lambda x: x[-2:, :-1, ::3], 'none': lambda x: x[None, 1, None],
 'ellipsis': lambda x: x[..., 2], 'ell_none': lambda x: x[..., None, 1:3],
 'list': lambda x: x[[0, 2]], 'list2': lambda x: x[[0, 2], [1, 3]],
 'long': lambda x: x[torch.tensor([2, 0, 2])], 'long2d': lambda x: x[torch.tensor([[0, 1], [2, 0]])],
 'mask_full': lambda x: x[x > 40], 'mask_partial': lambda x: x[torch.tensor([True, False, True])],
 'mask2': lambda x: x[torch.ones(3, 4, dtype=torch.bool)],
 'adv_sep': lambda x: x[[0, 1], :, [2, 3]], 'adv_adj': lambda x: x[:, [0, 1], [2, 3]],
 'adv_int': lambda x: x[1, :, [0, 4]], 'adv_int2': lambda x: x[[0, 2], 1, :],
 'adv_bcast': lambda x: x[torch.tensor([[0], [2]]), :, torch.tensor([1, 3])],
 'bool_scalar': lambda x: x[True], 'bool_false': lambda x: x[False],
 'int_tensor0d': lambda x: x[torch.tensor(1)],
 'neg_long': lambda x: x[torch.tensor([-1, -3])],
 'none_adv': lambda x: x[None, [0, 1], None, 2],
}
for k, f in cases.items():
    tryit(k, lambda: f(x))
for k in ['slice_step', 'list2', 'mask_full', 'adv_sep', 'adv_bcast', 'none_adv', 'long', 'ellipsis']:
    grad_of(k, cases[k], x)
''',
'idx_errors': r'''
import torch
def show(tag, t):
    if isinstance(t, torch.Tensor):
        print(tag, t.dtype, tuple(t.shape), t.is_contiguous(), t.stride(), type(t.grad_fn).__name__ if t.grad_fn is not None else None)
        print(t)
    else:
        print(tag, type(t).__name__, t)
def tryit(tag, f):
    try:
        show(tag, f())
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
def grad_of(tag, f, x):
    x = x.detach().clone().requires_grad_(True)
    try:
        out = f(x)
        w = torch.arange(out.numel(), dtype=out.dtype).reshape(out.shape) / 7 + 1
        (out * w).sum().backward()
        print(tag, type(out.grad_fn).__name__, [type(n[0]).__name__ if n[0] is not None else None for n in out.grad_fn.next_functions])
        print(x.grad)
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
x = torch.arange(12.).reshape(3, 4)
tryit('oob_int', lambda: x[3])
tryit('oob_neg', lambda: x[-4])
tryit('oob_int1', lambda: x[0, 4])
tryit('oob_list', lambda: x[[0, 5]])
tryit('oob_long', lambda: x[torch.tensor([0, -5])])
tryit('oob_long_dim1', lambda: x[:, torch.tensor([4])])
tryit('too_many', lambda: x[0, 0, 0])
tryit('mask_mismatch', lambda: x[torch.tensor([True, False])])
tryit('mask2_mismatch', lambda: x[torch.ones(3, 3, dtype=torch.bool)])
tryit('float_idx', lambda: x[torch.tensor([0.])])
tryit('float_py', lambda: x[1.5])
tryit('str_idx', lambda: x['a'])
tryit('two_ell', lambda: x[..., ...])
tryit('bcast_fail', lambda: x[[0, 1], [0, 1, 2]])
tryit('set_oob', lambda: x.__setitem__(5, 1.))
tryit('set_mask_mismatch', lambda: x.__setitem__(torch.tensor([True, False]), 1.))
tryit('set_shape_mismatch', lambda: x.__setitem__(0, torch.ones(3)))
tryit('set_shape_mismatch2', lambda: x.__setitem__(slice(0, 2), torch.ones(3, 4)))
tryit('set_adv_mismatch', lambda: x.__setitem__([0, 1], torch.ones(3, 4)))
tryit('int8_idx', lambda: x[torch.tensor([0, 1], dtype=torch.int8)])
tryit('int32_idx', lambda: x[torch.tensor([0, 2], dtype=torch.int32)])
tryit('uint8_idx', lambda: x[torch.tensor([1, 0, 1], dtype=torch.uint8)])
tryit('0d_scalar_idx', lambda: torch.tensor(5.)[0])
tryit('0d_ell', lambda: torch.tensor(5.)[...])
tryit('0d_none', lambda: torch.tensor(5.)[None])
tryit('0d_mask', lambda: torch.tensor(5.)[torch.tensor(True)])
tryit('empty_list', lambda: x[[]])
tryit('empty_long', lambda: x[torch.tensor([], dtype=torch.long)])
''',
'idx_set': r'''
import torch
def show(tag, t):
    if isinstance(t, torch.Tensor):
        print(tag, t.dtype, tuple(t.shape), t.is_contiguous(), t.stride(), type(t.grad_fn).__name__ if t.grad_fn is not None else None)
        print(t)
    else:
        print(tag, type(t).__name__, t)
def tryit(tag, f):
    try:
        show(tag, f())
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
def grad_of(tag, f, x):
    x = x.detach().clone().requires_grad_(True)
    try:
        out = f(x)
        w = torch.arange(out.numel(), dtype=out.dtype).reshape(out.shape) / 7 + 1
        (out * w).sum().backward()
        print(tag, type(out.grad_fn).__name__, [type(n[0]).__name__ if n[0] is not None else None for n in out.grad_fn.next_functions])
        print(x.grad)
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
def fresh():
    return torch.zeros(3, 4)
def st(tag, idx, val):
    x = fresh()
    try:
        x[idx] = val
        print(tag, x)
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
st('int', 1, 5.)
st('neg', -1, torch.arange(4.))
st('slice', (slice(None), slice(None, None, 2)), torch.tensor([1., 2.]))
st('list', [0, 2], torch.tensor([[1.], [2.]]))
st('list_dup', [0, 0], torch.tensor([[1.], [2.]]))
st('mask', torch.tensor([[True, False, True, False]] * 3), 7.)
st('mask_vals', torch.tensor([[True, False, True, False]] * 3), torch.arange(6.))
st('mask_row', torch.tensor([True, False, True]), torch.tensor([9., 8., 7., 6.]))
st('adv_pair', ([0, 1, 2], [3, 2, 1]), torch.tensor([1., 2., 3.]))
st('ellipsis', (Ellipsis, 0), 3.)
st('none', (None, 1), torch.ones(1, 4))
st('tensor0d', 1, torch.tensor(2.5))
st('int_val', 0, 3)
st('bool_val', 0, True)
st('long_tensor_val', 0, torch.tensor([1, 2, 3, 4]))
st('double_val', 0, torch.tensor([1., 2, 3, 4], dtype=torch.float64))
st('bcast_col', (slice(None), [1, 3]), torch.tensor([[1.], [2.], [3.]]))
st('vals_too_many', [0], torch.ones(2, 4))
st('mask_val_wrong', torch.tensor([[True, False, True, False]] * 3), torch.arange(5.))
x = torch.zeros(5, dtype=torch.long)
tryit("long_dst", lambda: x.__setitem__(torch.tensor([1, 3]), torch.tensor([2.7, -1.2])))
x[torch.tensor([1, 3])] = torch.tensor([2.7, -1.2]).long()
print(x)
# grads through setitem
a = torch.arange(12.).reshape(3, 4).requires_grad_()
v = torch.tensor([10., 20.], requires_grad=True)
b = a.clone()
b[[0, 2], 1] = v
show('b', b)
(b * torch.arange(12.).reshape(3, 4)).sum().backward()
print(a.grad, v.grad)
a.grad = None
b = a * 1
b[b > 5] = 0.
show('bm', b)
b.sum().backward()
print(a.grad)
try:
    a[0] = 1.
except Exception as e:
    print(type(e).__name__, e)
c = a.detach().clone()
v2 = torch.ones(4, requires_grad=True)
c[1:3] = v2 * 2
show('c', c)
c.sum().backward(); print(v2.grad)
''',
'index_put': r'''
import torch
def show(tag, t):
    if isinstance(t, torch.Tensor):
        print(tag, t.dtype, tuple(t.shape), t.is_contiguous(), t.stride(), type(t.grad_fn).__name__ if t.grad_fn is not None else None)
        print(t)
    else:
        print(tag, type(t).__name__, t)
def tryit(tag, f):
    try:
        show(tag, f())
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
def grad_of(tag, f, x):
    x = x.detach().clone().requires_grad_(True)
    try:
        out = f(x)
        w = torch.arange(out.numel(), dtype=out.dtype).reshape(out.shape) / 7 + 1
        (out * w).sum().backward()
        print(tag, type(out.grad_fn).__name__, [type(n[0]).__name__ if n[0] is not None else None for n in out.grad_fn.next_functions])
        print(x.grad)
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
x = torch.zeros(5)
idx = torch.tensor([0, 1, 1, 3, 1])
show('acc', x.clone().index_put_((idx,), torch.tensor([1., 2., 3., 4., 5.]), accumulate=True))
show('noacc_unique', x.clone().index_put_((torch.tensor([4, 2]),), torch.tensor([1., 2.])))
show('acc_scalar', x.clone().index_put_((idx,), torch.tensor(1.), accumulate=True))
y = torch.zeros(3, 4)
show('acc2d', y.clone().index_put_((torch.tensor([0, 0, 2]), torch.tensor([1, 1, 3])), torch.tensor([1., 2., 3.]), accumulate=True))
show('acc_rows', y.clone().index_put_((torch.tensor([0, 0]),), torch.tensor([1., 2., 3., 4.]), accumulate=True))
show('mask_put', y.clone().index_put_((torch.tensor([True, False, True]),), torch.tensor(5.)))
show('outofplace', torch.index_put(y, (torch.tensor([1]),), torch.tensor(3.)))
tryit('oob', lambda: y.clone().index_put_((torch.tensor([3]),), torch.tensor(1.)))
tryit('dtype_mismatch', lambda: y.clone().index_put_((torch.tensor([1]),), torch.tensor(1, dtype=torch.long)))
tryit('bad_shape', lambda: y.clone().index_put_((torch.tensor([1, 2]),), torch.ones(3)))
tryit('too_many', lambda: y.clone().index_put_((torch.tensor([1]),) * 3, torch.tensor(1.)))
tryit('float_index', lambda: y.clone().index_put_((torch.tensor([1.]),), torch.tensor(1.)))
tryit('list_not_tuple', lambda: y.clone().index_put_([torch.tensor([1])], torch.tensor(1.)))
tryit('None_idx', lambda: y.clone().index_put_((None, torch.tensor([1])), torch.tensor(1.)))
# grads
a = torch.arange(5.).requires_grad_()
v = torch.tensor([1., 2., 3.], requires_grad=True)
out = a.index_put((torch.tensor([0, 0, 2]),), v, accumulate=True)
show('gacc', out)
(out * torch.arange(5.)).sum().backward()
print(a.grad, v.grad)
a.grad = None; v.grad = None
out = a.index_put((torch.tensor([4, 2, 1]),), v)
show('gput', out)
(out * torch.arange(5.)).sum().backward()
print(a.grad, v.grad)
''',
'adv_placement': r'''
import torch
def show(tag, t):
    if isinstance(t, torch.Tensor):
        print(tag, t.dtype, tuple(t.shape), t.is_contiguous(), t.stride(), type(t.grad_fn).__name__ if t.grad_fn is not None else None)
        print(t)
    else:
        print(tag, type(t).__name__, t)
def tryit(tag, f):
    try:
        show(tag, f())
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
def grad_of(tag, f, x):
    x = x.detach().clone().requires_grad_(True)
    try:
        out = f(x)
        w = torch.arange(out.numel(), dtype=out.dtype).reshape(out.shape) / 7 + 1
        (out * w).sum().backward()
        print(tag, type(out.grad_fn).__name__, [type(n[0]).__name__ if n[0] is not None else None for n in out.grad_fn.next_functions])
        print(x.grad)
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
x = torch.arange(120.).reshape(2, 3, 4, 5)
i2 = torch.tensor([1, 0]); i3 = torch.tensor([[0, 2, 1]]); m3 = torch.tensor([True, False, True])
idxs = [
 (i2, slice(None), i2), (slice(None), i2, slice(None), i2), (i2, i2, slice(None), slice(1, 3)),
 (slice(None), i2, 1, slice(None)), (1, slice(None), i2, i2), (i2, 0, i2), (Ellipsis, i2, slice(None), i2),
 (None, i2, None, i2), (i2, None, i2), (slice(None), m3, slice(None), i2), (slice(None), m3, i2[:1]), (i3, i3 - 0, slice(None), i3 % 2),
 (slice(None, None, -1) if False else slice(None, None, 2), i2, slice(None), i2), (torch.tensor(1), i2, slice(None), i2), (i2, slice(None), torch.tensor(1), i2),
 (x[0, 0, 0] > -1, i2),
]
for k, ix in enumerate(idxs):
    try:
        r = x[ix]
        print(k, tuple(r.shape), r.stride(), r.flatten()[:6].tolist())
    except Exception as e:
        print(k, 'ERR', type(e).__name__, e)
        continue
    y = torch.zeros_like(x)
    try:
        y[ix] = torch.arange(float(r.numel())).reshape(r.shape)
        print('  set', y.nonzero()[:4].tolist(), y.sum().item())
        y[ix] = torch.tensor(7.)
        print('  set0d', (y == 7).sum().item())
        y[ix] = torch.arange(float(r.shape[-1]))
        print('  setb', y.sum().item())
    except Exception as e:
        print('  set ERR', type(e).__name__, e)
    a = x.clone().requires_grad_()
    out = a[ix]
    (out * torch.arange(float(out.numel())).reshape(out.shape)).sum().backward()
    print('  grad', type(out.grad_fn).__name__, a.grad.nonzero()[:3].tolist(), a.grad.sum().item())
''',
'adv_layouts': r'''
import torch
def show(tag, t):
    if isinstance(t, torch.Tensor):
        print(tag, t.dtype, tuple(t.shape), t.is_contiguous(), t.stride(), type(t.grad_fn).__name__ if t.grad_fn is not None else None)
        print(t)
    else:
        print(tag, type(t).__name__, t)
def tryit(tag, f):
    try:
        show(tag, f())
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
def grad_of(tag, f, x):
    x = x.detach().clone().requires_grad_(True)
    try:
        out = f(x)
        w = torch.arange(out.numel(), dtype=out.dtype).reshape(out.shape) / 7 + 1
        (out * w).sum().backward()
        print(tag, type(out.grad_fn).__name__, [type(n[0]).__name__ if n[0] is not None else None for n in out.grad_fn.next_functions])
        print(x.grad)
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
base = torch.arange(120.).reshape(2, 3, 4, 5)
views = {'contig': base, 'perm': base.permute(3, 1, 0, 2), 't': base.transpose(1, 3), 'sliced': base[:, ::2, 1:, ::2], 'cl': base.contiguous(memory_format=torch.channels_last)}
idxs = {
 'first': lambda x: x[[1, 0]],
 'second': lambda x: x[:, [0, 1, 1]],
 'two_adj': lambda x: x[:, [0, 1], [1, 0]],
 'two_sep': lambda x: x[[0, 1], :, [1, 0]],
 'last': lambda x: x[..., [0, 1]],
 'long2d': lambda x: x[:, torch.tensor([[0, 1], [1, 0]])],
 'mask01': lambda x: x[torch.tensor([[True, False, True], [False, True, True]])[:x.shape[0], :x.shape[1]]] if x.shape[1] == 3 and x.shape[0] == 2 else x[x.shape[0] - 1],
 'int_adv': lambda x: x[1, :, [0, 1]],
 'none_adv': lambda x: x[None, :, [1]],
 'adv_bcast': lambda x: x[torch.tensor([[0], [1]]), :, torch.tensor([0, 1, 1])],
 'neg': lambda x: x[:, :, [-1, -2]],
}
for vn, v in views.items():
    for k, f in idxs.items():
        try:
            r = f(v)
            print(vn, k, tuple(r.shape), r.stride(), r.is_contiguous(), r.sum().item())
        except Exception as e:
            print(vn, k, 'ERR', type(e).__name__, e)
''',
'adv_layout_fuzz': r'''
import torch, random
random.seed(0)
for trial in range(150):
    nd = random.randint(2, 4)
    shape = [random.choice([1, 1, 2, 3]) for _ in range(nd)]
    x = torch.arange(float(torch.Size(shape).numel())).reshape(shape)
    if random.random() < 0.5:
        perm = list(range(nd)); random.shuffle(perm); x = x.permute(perm)
    if random.random() < 0.3:
        x = x.transpose(0, -1)
    idx = []
    n_adv = 0
    for d in range(x.dim()):
        r = random.random()
        if r < 0.3:
            k = random.choice([[0], [0, 0], [[0], [0]], [[0, 0]]])
            k = [min(v, x.shape[d] - 1) for v in k] if isinstance(k[0], int) else [[min(v, x.shape[d] - 1) for v in kk] for kk in k]
            idx.append(torch.tensor(k)); n_adv += 1
        elif r < 0.45:
            idx.append(None); idx.append(slice(None))
        elif r < 0.55:
            idx.append(0)
        else:
            idx.append(slice(None))
    if n_adv == 0:
        idx.append(None)
        idx.insert(0, torch.tensor([0]))
    try:
        r = x[tuple(idx)]
        print(trial, tuple(r.shape), r.stride())
    except Exception as e:
        print(trial, type(e).__name__)

random.seed(7)
for trial in range(150):
    nd = random.randint(1, 4)
    shape = [random.choice([1, 2, 3, 4]) for _ in range(nd)]
    x = torch.arange(float(torch.Size(shape).numel())).reshape(shape)
    if random.random() < 0.5:
        perm = list(range(nd)); random.shuffle(perm); x = x.permute(perm)
    if random.random() < 0.3:
        x = x[..., ::2]
    idx = []
    n_adv = 0
    for d in range(x.dim()):
        r = random.random()
        n = x.shape[d]
        if r < 0.25:
            k = random.choice([[n - 1], [0, n - 1], [[0], [n - 1]], [[0, n - 1, 0]], [[n - 1, 0], [0, 0]]])
            idx.append(torch.tensor(k)); n_adv += 1
        elif r < 0.35:
            idx.append(torch.arange(n) % 2 == 0); n_adv += 1
        elif r < 0.45:
            idx.append(None); idx.append(slice(None))
        elif r < 0.55:
            idx.append(n - 1)
        elif r < 0.65:
            idx.append(slice(None, None, 2))
        else:
            idx.append(slice(None))
    if n_adv == 0:
        idx.insert(0, torch.tensor([0, 0]))
    try:
        r = x[tuple(idx)]
        print(trial, tuple(r.shape), r.stride(), r.sum().item())
    except Exception as e:
        print(trial, type(e).__name__, e)
''',
'seq_index': r'''
import torch
def show(tag, t):
    if isinstance(t, torch.Tensor):
        print(tag, t.dtype, tuple(t.shape), t.is_contiguous(), t.stride(), type(t.grad_fn).__name__ if t.grad_fn is not None else None)
        print(t)
    else:
        print(tag, type(t).__name__, t)
def tryit(tag, f):
    try:
        show(tag, f())
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
def grad_of(tag, f, x):
    x = x.detach().clone().requires_grad_(True)
    try:
        out = f(x)
        w = torch.arange(out.numel(), dtype=out.dtype).reshape(out.shape) / 7 + 1
        (out * w).sum().backward()
        print(tag, type(out.grad_fn).__name__, [type(n[0]).__name__ if n[0] is not None else None for n in out.grad_fn.next_functions])
        print(x.grad)
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
import numpy as np
import warnings
warnings.simplefilter('ignore')
x = torch.arange(24.).reshape(2, 3, 4)
cases = {
 'np_int': lambda: x[np.int64(1)], 'np_arr': lambda: x[np.array([1, 0])], 'np_bool': lambda: x[np.array([True, False])],
 'range': lambda: x[:, range(2)], 'tuple_lists': lambda: x[([0, 1], [1, 2])], 'list_of_lists': lambda: x[[[0, 1], [1, 2]]],
 'nested_tensor_list': lambda: x[[torch.tensor(0), torch.tensor(1)]], 'list_slice': lambda: x[[0, slice(1, 3)]],
 'list_none': lambda: x[[None, 1]], 'list_ell': lambda: x[[..., 1]],
 'bool_list': lambda: x[[True, False]], 'bool_list_2': lambda: x[:, [True, False, True]],
 'tensor_list_mix': lambda: x[torch.tensor([0, 1]), [2, 0]], 'int_tensor_slice_bounds': lambda: x[:, torch.tensor(1):],
 'big_slice': lambda: x[:, 1:100], 'neg_big_slice': lambda: x[:, -100:2], 'empty_slice': lambda: x[:, 2:1],
 'step_big': lambda: x[:, ::5], 'tensor_step': lambda: x[::torch.tensor(2)],
 'neg_step': lambda: x[::-1], 'zero_step': lambda: x[::0], 'float_slice': lambda: x[0.5:],
 'bool_tensor_0d_false': lambda: x[torch.tensor(False)], 'bool_tensor_0d_true': lambda: x[torch.tensor(True)],
 'np_float_arr': lambda: x[np.array([1.0])], 'list_float': lambda: x[[1.0]], 'none_only': lambda: x[None, None],
 'many_none': lambda: x[None, ..., None, 0, None],
}
for k, f in cases.items():
    tryit(k, f)
''',
'multi_ellipsis': r'''
import torch
def show(tag, t):
    if isinstance(t, torch.Tensor):
        print(tag, t.dtype, tuple(t.shape), t.is_contiguous(), t.stride(), type(t.grad_fn).__name__ if t.grad_fn is not None else None)
        print(t)
    else:
        print(tag, type(t).__name__, t)
def tryit(tag, f):
    try:
        show(tag, f())
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
def grad_of(tag, f, x):
    x = x.detach().clone().requires_grad_(True)
    try:
        out = f(x)
        w = torch.arange(out.numel(), dtype=out.dtype).reshape(out.shape) / 7 + 1
        (out * w).sum().backward()
        print(tag, type(out.grad_fn).__name__, [type(n[0]).__name__ if n[0] is not None else None for n in out.grad_fn.next_functions])
        print(x.grad)
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
x = torch.arange(24.).reshape(2, 3, 4)
for k, f in [('two', lambda: x[..., ...]), ('int_two', lambda: x[0, ..., ...]), ('mid', lambda: x[..., 0, ...]), ('none_mid', lambda: x[..., None, ...]),
             ('tensor', lambda: x[torch.tensor([1]), ..., ...]), ('list', lambda: x[..., [0, 2], ...]), ('ints', lambda: x[1, 2, 3, ..., ...]),
             ('mask', lambda: x[..., x[0] > 5, ...]), ('three', lambda: x[1, ..., ..., ...]), ('slice', lambda: x[1:, ..., ...])]:
    tryit(k, f)
y = x.clone(); y[..., 0, ...] = -1; print(y[:, :, 0])
y = x.clone(); y[..., [1], ...] = -2; print(y.sum())
a = x.clone().requires_grad_()
out = a[..., 1, ...]
print(type(out.grad_fn).__name__)
out.sum().backward(); print(a.grad.sum())
''',
'aug_assign': r'''
import torch
def show(tag, t):
    if isinstance(t, torch.Tensor):
        print(tag, t.dtype, tuple(t.shape), t.is_contiguous(), t.stride(), type(t.grad_fn).__name__ if t.grad_fn is not None else None)
        print(t)
    else:
        print(tag, type(t).__name__, t)
def tryit(tag, f):
    try:
        show(tag, f())
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
def grad_of(tag, f, x):
    x = x.detach().clone().requires_grad_(True)
    try:
        out = f(x)
        w = torch.arange(out.numel(), dtype=out.dtype).reshape(out.shape) / 7 + 1
        (out * w).sum().backward()
        print(tag, type(out.grad_fn).__name__, [type(n[0]).__name__ if n[0] is not None else None for n in out.grad_fn.next_functions])
        print(x.grad)
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
x = torch.zeros(5)
x[[0, 0, 1]] += 1
print(x)
x[torch.tensor([2, 2])] += torch.tensor([1., 5.])
print(x)
x.index_put_((torch.tensor([3, 3]),), torch.tensor([1., 5.]), accumulate=True); print(x)
m = torch.arange(12.).reshape(3, 4)
m[m > 5] *= -1; print(m)
m[:, 1:3] -= 100; print(m)
m[::2, ::3] /= 2; print(m)
m[..., -1] = torch.tensor([7., 8., 9.]); print(m)
m[1] = torch.tensor([[1., 2., 3., 4.]]); print(m)
m[[0, 2], :] = torch.tensor([-1., -2., -3., -4.]); print(m)
m[:, [True, False, True, False]] = 0.5; print(m)
mt = torch.zeros(4, 3).t()
mt[1:, ::2] = torch.arange(4.).reshape(2, 2); print(mt, mt.stride())
mt[[0, 1], [3, 3]] = torch.tensor([9., 9.]); print(mt)
# grads through augmented assignment
a = torch.ones(4, requires_grad=True)
b = a.clone()
b[[1, 1, 2]] += torch.tensor([1., 2., 3.])
print(b, type(b.grad_fn).__name__)
(b * torch.arange(4.)).sum().backward(); print(a.grad)
a.grad = None
b = a * 2
b[1:3] *= b[0:2].clone()
print(b, type(b.grad_fn).__name__)
b.sum().backward(); print(a.grad)
a.grad = None
b = a.clone()
v = torch.tensor([5., 6.], requires_grad=True)
b[torch.tensor([True, False, True, False])] = v * 2
print(b, type(b.grad_fn).__name__)
(b * torch.arange(4.)).sum().backward(); print(a.grad, v.grad)
c = torch.zeros(2, 3)
c[:, None, 1] = torch.tensor([[1.], [2.]]); print(c)
c[None] = 3.; print(c)
c[True] = 4.; print(c)
c[False] = 5.; print(c)
c[1, ..., None] = torch.tensor([7., 8., 9.])[:, None]; print(c)
''',
'index_ops': r'''
import torch
def show(tag, t):
    if isinstance(t, torch.Tensor):
        print(tag, t.dtype, tuple(t.shape), t.is_contiguous(), t.stride(), type(t.grad_fn).__name__ if t.grad_fn is not None else None)
        print(t)
    else:
        print(tag, type(t).__name__, t)
def tryit(tag, f):
    try:
        show(tag, f())
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
def grad_of(tag, f, x):
    x = x.detach().clone().requires_grad_(True)
    try:
        out = f(x)
        w = torch.arange(out.numel(), dtype=out.dtype).reshape(out.shape) / 7 + 1
        (out * w).sum().backward()
        print(tag, type(out.grad_fn).__name__, [type(n[0]).__name__ if n[0] is not None else None for n in out.grad_fn.next_functions])
        print(x.grad)
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
x = torch.arange(12.).reshape(3, 4)
i = torch.tensor([2, 0, 2])
tryit('isel0', lambda: x.index_select(0, i))
tryit('isel1', lambda: torch.index_select(x, 1, torch.tensor([3, 1])))
tryit('isel_neg', lambda: x.index_select(-1, torch.tensor([0])))
tryit('isel_0d', lambda: x.index_select(0, torch.tensor(1)))
tryit('isel_2didx', lambda: x.index_select(0, torch.tensor([[0, 1]])))
tryit('isel_float', lambda: x.index_select(0, torch.tensor([0.])))
tryit('isel_oob', lambda: x.index_select(0, torch.tensor([3])))
tryit('isel_int32', lambda: x.index_select(0, torch.tensor([1], dtype=torch.int32)))
src = torch.ones(3, 4)
tryit('iadd', lambda: x.index_add(0, i, src))
tryit('iadd_alpha', lambda: x.index_add(0, i, src, alpha=2))
tryit('iadd_dim1', lambda: x.index_add(1, torch.tensor([0, 0]), torch.ones(3, 2), alpha=-1.5))
tryit('iadd_badsrc', lambda: x.index_add(0, i, torch.ones(2, 4)))
tryit('iadd_dtype', lambda: x.index_add(0, i, torch.ones(3, 4, dtype=torch.float64)))
tryit('icopy', lambda: x.index_copy(0, torch.tensor([2, 0]), torch.zeros(2, 4)))
tryit('icopy1', lambda: x.index_copy(1, torch.tensor([3]), torch.full((3, 1), -1.)))
tryit('ifill', lambda: x.index_fill(1, torch.tensor([0, 2]), -1))
tryit('ifill_t', lambda: x.index_fill(0, torch.tensor([1]), torch.tensor(9.)))
tryit('ifill_t1d', lambda: x.index_fill(0, torch.tensor([1]), torch.tensor([9.])))
for r in ['prod', 'mean', 'amax', 'amin']:
    for inc in [True, False]:
        tryit('ired_' + r + str(inc), lambda: x.index_reduce(0, i, src * 5, r, include_self=inc))
tryit('ired_bad', lambda: x.index_reduce(0, i, src, 'sum'))
xi = torch.arange(12).reshape(3, 4)
tryit('ired_int_mean', lambda: xi.index_reduce(0, i, torch.ones(3, 4, dtype=torch.long) * 3, 'mean'))
tryit('iadd_int', lambda: xi.index_add(0, i, torch.ones(3, 4, dtype=torch.long), alpha=3))
for name, f in [('isel', lambda t: t.index_select(0, i)), ('iadd', lambda t: t.index_add(0, i, src * 2, alpha=3)),
                ('icopy', lambda t: t.index_copy(0, torch.tensor([2, 0]), torch.zeros(2, 4))),
                ('ifill', lambda t: t.index_fill(1, torch.tensor([0, 2]), -1.)),
                ('ired_prod', lambda t: t.index_reduce(0, i, src * 2, 'prod')),
                ('ired_amax', lambda t: t.index_reduce(0, i, src * 5, 'amax')),
                ('ired_mean', lambda t: t.index_reduce(0, i, src * 5, 'mean', include_self=False))]:
    grad_of(name, f, x + 1)
s = (src * 2).requires_grad_()
out = x.index_add(0, i, s, alpha=3); (out * x).sum().backward(); print('src grad', s.grad)
s = (src * 2).requires_grad_()
out = x.index_reduce(0, i, s, 'amax'); (out * x).sum().backward(); print('src grad amax', s.grad)
s = torch.zeros(2, 4).requires_grad_()
out = x.index_copy(0, torch.tensor([2, 0]), s); (out * x).sum().backward(); print('src grad copy', s.grad)
''',
'gather_scatter': r'''
import torch
def show(tag, t):
    if isinstance(t, torch.Tensor):
        print(tag, t.dtype, tuple(t.shape), t.is_contiguous(), t.stride(), type(t.grad_fn).__name__ if t.grad_fn is not None else None)
        print(t)
    else:
        print(tag, type(t).__name__, t)
def tryit(tag, f):
    try:
        show(tag, f())
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
def grad_of(tag, f, x):
    x = x.detach().clone().requires_grad_(True)
    try:
        out = f(x)
        w = torch.arange(out.numel(), dtype=out.dtype).reshape(out.shape) / 7 + 1
        (out * w).sum().backward()
        print(tag, type(out.grad_fn).__name__, [type(n[0]).__name__ if n[0] is not None else None for n in out.grad_fn.next_functions])
        print(x.grad)
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
x = torch.arange(12.).reshape(3, 4)
idx = torch.tensor([[0, 1, 2, 0], [2, 2, 1, 0]])
tryit('g0', lambda: x.gather(0, idx))
tryit('g1', lambda: torch.gather(x, 1, torch.tensor([[3, 0], [1, 1], [2, 2]])))
tryit('g_small', lambda: x.gather(1, torch.tensor([[0], [3]])))
tryit('g_oob', lambda: x.gather(1, torch.tensor([[4]])))
tryit('g_big', lambda: x.gather(1, torch.zeros(4, 1, dtype=torch.long)))
tryit('g_ndim', lambda: x.gather(1, torch.zeros(4, dtype=torch.long)))
tryit('g_int32', lambda: x.gather(1, torch.zeros(1, 1, dtype=torch.int32)))
tryit('g_sparse', lambda: x.gather(1, torch.zeros(1, 1, dtype=torch.long), sparse_grad=True))
z = torch.zeros(3, 4)
tryit('sc_src', lambda: z.scatter(0, idx, torch.arange(1., 9.).reshape(2, 4)))
tryit('sc_val', lambda: z.scatter(1, torch.tensor([[0], [2]]), 5.))
tryit('sc_add', lambda: z.scatter(0, idx, torch.ones(2, 4), reduce='add'))
tryit('sc_mul', lambda: (z + 2).scatter(0, idx, torch.full((2, 4), 3.), reduce='multiply'))
tryit('sc_val_add', lambda: z.scatter(0, idx, 1.5, reduce='add'))
tryit('sc_bad_reduce', lambda: z.scatter(0, idx, 1.5, reduce='mean'))
tryit('scatter_add', lambda: z.scatter_add(0, idx, torch.ones(2, 4)))
tryit('scatter_add_big_src', lambda: z.scatter_add(1, torch.tensor([[1, 1]]), torch.arange(6.).reshape(2, 3)))
tryit('sc_dtype', lambda: z.scatter(0, idx, torch.ones(2, 4, dtype=torch.float64)))
tryit('sc_idx_big', lambda: z.scatter(0, torch.zeros(4, 4, dtype=torch.long), torch.ones(4, 4)))
tryit('sc_oob', lambda: z.scatter(0, torch.tensor([[3]]), 1.))
for r in ['sum', 'prod', 'mean', 'amax', 'amin']:
    for inc in [True, False]:
        tryit('sr_%s_%s' % (r, inc), lambda: (x - 5).scatter_reduce(0, idx, torch.arange(8.).reshape(2, 4) - 3, r, include_self=inc))
tryit('sr_bad', lambda: x.scatter_reduce(0, idx, x, 'max'))
xi = torch.arange(12).reshape(3, 4)
tryit('sr_int_mean', lambda: xi.scatter_reduce(0, idx, torch.ones(2, 4, dtype=torch.long) * 4, 'mean'))
tryit('sr_int_mean_noself', lambda: xi.scatter_reduce(0, idx, torch.arange(8).reshape(2, 4), 'mean', include_self=False))
for name, f in [('gather', lambda t: t.gather(0, idx)), ('scatter_src', lambda t: t.scatter(0, idx, torch.ones(2, 4))),
                ('scatter_val', lambda t: t.scatter(1, torch.tensor([[0], [2]]), 5.)),
                ('scatter_add', lambda t: t.scatter_add(0, idx, torch.ones(2, 4))),
                ('sr_sum', lambda t: t.scatter_reduce(0, idx, torch.ones(2, 4), 'sum')),
                ('sr_prod', lambda t: t.scatter_reduce(0, idx, torch.full((2, 4), 2.), 'prod')),
                ('sr_mean', lambda t: t.scatter_reduce(0, idx, torch.full((2, 4), 2.), 'mean', include_self=False)),
                ('sr_amax', lambda t: t.scatter_reduce(0, idx, torch.full((2, 4), 6.), 'amax')),
                ('sr_amin', lambda t: t.scatter_reduce(0, idx, torch.full((2, 4), 6.), 'amin', include_self=False))]:
    grad_of(name, f, x)
s = torch.arange(8.).reshape(2, 4).requires_grad_()
out = x.scatter_reduce(0, idx, s, 'amax'); (out * (x + 1)).sum().backward(); print('s amax', s.grad)
s.grad = None
out = x.scatter_reduce(0, idx, s, 'prod', include_self=False); (out * (x + 1)).sum().backward(); print('s prod', s.grad)
s.grad = None
out = x.scatter(0, idx, s); (out * (x + 1)).sum().backward(); print('s scatter', s.grad)
''',
'gs_errors': r'''
import torch
def show(tag, t):
    if isinstance(t, torch.Tensor):
        print(tag, t.dtype, tuple(t.shape), t.is_contiguous(), t.stride(), type(t.grad_fn).__name__ if t.grad_fn is not None else None)
        print(t)
    else:
        print(tag, type(t).__name__, t)
def tryit(tag, f):
    try:
        show(tag, f())
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
def grad_of(tag, f, x):
    x = x.detach().clone().requires_grad_(True)
    try:
        out = f(x)
        w = torch.arange(out.numel(), dtype=out.dtype).reshape(out.shape) / 7 + 1
        (out * w).sum().backward()
        print(tag, type(out.grad_fn).__name__, [type(n[0]).__name__ if n[0] is not None else None for n in out.grad_fn.next_functions])
        print(x.grad)
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
x = torch.arange(12.).reshape(3, 4)
tryit('gather_dim_oob', lambda: x.gather(2, torch.zeros(1, 1, dtype=torch.long)))
tryit('gather_float_idx', lambda: x.gather(0, torch.zeros(1, 1)))
tryit('gather_neg_idx', lambda: x.gather(0, torch.tensor([[-1]])))
tryit('gather_0d', lambda: torch.tensor(5.).gather(0, torch.tensor(0)))
tryit('gather_0d_idx1', lambda: torch.tensor(5.).gather(0, torch.tensor([0, 0])))
tryit('gather_empty_idx', lambda: x.gather(1, torch.zeros(3, 0, dtype=torch.long)))
tryit('scatter_src_small', lambda: x.scatter(0, torch.tensor([[0, 1, 2]]), torch.ones(1, 2)))
tryit('scatter_ndim', lambda: x.scatter(0, torch.tensor([0, 1]), torch.ones(2)))
tryit('scatter_float_idx', lambda: x.scatter(0, torch.tensor([[0.]]), 1.))
tryit('scatter_add_dtype', lambda: x.scatter_add(0, torch.tensor([[0]]), torch.ones(1, 1, dtype=torch.long)))
tryit('scatter_reduce_dtype', lambda: x.scatter_reduce(0, torch.tensor([[0]]), torch.ones(1, 1, dtype=torch.float64), 'sum'))
tryit('scatter_neg_idx', lambda: x.scatter(0, torch.tensor([[-1]]), 1.))
tryit('scatter_value_tensor', lambda: x.scatter(0, torch.tensor([[0]]), torch.tensor(2.)))
tryit('scatter_int32_idx', lambda: x.scatter(0, torch.tensor([[1]], dtype=torch.int32), 7.))
tryit('isel_dim_oob', lambda: x.index_select(2, torch.tensor([0])))
tryit('isel_0d_self', lambda: torch.tensor(3.).index_select(0, torch.tensor([0])))
tryit('isel_0d_self_oob', lambda: torch.tensor(3.).index_select(0, torch.tensor([1])))
tryit('iadd_oob', lambda: x.index_add(0, torch.tensor([5]), torch.ones(1, 4)))
tryit('iadd_ndim', lambda: x.index_add(0, torch.tensor([[0]]), torch.ones(1, 4)))
tryit('iadd_float_idx', lambda: x.index_add(0, torch.tensor([0.]), torch.ones(1, 4)))
tryit('icopy_oob', lambda: x.index_copy(1, torch.tensor([4]), torch.ones(3, 1)))
tryit('ifill_oob', lambda: x.index_fill(0, torch.tensor([3]), 1.))
tryit('ifill_2d_val', lambda: x.index_fill(0, torch.tensor([0]), torch.ones(2)))
tryit('ifill_int_idx', lambda: x.index_fill(0, torch.tensor([0], dtype=torch.int32), 1.))
tryit('ired_oob', lambda: x.index_reduce(0, torch.tensor([3]), torch.ones(1, 4), 'amax'))
tryit('ired_dtype', lambda: x.index_reduce(0, torch.tensor([0]), torch.ones(1, 4, dtype=torch.float64), 'amax'))
tryit('take_float', lambda: x.take(torch.tensor([0.])))
tryit('take_int32', lambda: x.take(torch.tensor([1], dtype=torch.int32)))
tryit('put_dtype', lambda: x.clone().put_(torch.tensor([0]), torch.tensor([1], dtype=torch.long)))
tryit('put_int32', lambda: x.clone().put_(torch.tensor([0], dtype=torch.int32), torch.tensor([1.])))
tryit('msel_nonbool', lambda: x.masked_select(x))
tryit('mfill_nonbool', lambda: x.masked_fill(x, 0.))
tryit('mfill_2d_val', lambda: x.masked_fill(x > 3, torch.tensor([1., 2.])))
tryit('mscat_nonbool', lambda: x.masked_scatter(x, x))
tryit('where_dtype_cond', lambda: torch.where(x.long(), x, x))
tryit('where_mismatch', lambda: torch.where(x > 1, x, x.long()))
tryit('where_scalar_only', lambda: torch.where(x > 1, 1.0, 2))
tryit('nonzero_out_dtype', lambda: torch.nonzero(x, out=torch.empty(0)))
s = torch.tensor(2., requires_grad=True)
out = torch.zeros(4).scatter(0, torch.tensor([2]), s); out.sum().backward(); print(s.grad, type(out.grad_fn).__name__)
s.grad = None
out = torch.zeros(4).scatter_add(0, torch.tensor([2]), s); (out * 3).sum().backward(); print(s.grad, type(out.grad_fn).__name__)
s.grad = None
out = torch.zeros(4).scatter_reduce(0, torch.tensor([2]), s, 'amax'); (out * 3).sum().backward(); print(s.grad, type(out.grad_fn).__name__)
tryit('scatter_0d_src_big_idx', lambda: torch.zeros(4).scatter(0, torch.tensor([0, 1]), torch.tensor(2.)))
''',
'scatter_0d_src': r'''
import torch
def show(tag, t):
    if isinstance(t, torch.Tensor):
        print(tag, t.dtype, tuple(t.shape), t.is_contiguous(), t.stride(), type(t.grad_fn).__name__ if t.grad_fn is not None else None)
        print(t)
    else:
        print(tag, type(t).__name__, t)
def tryit(tag, f):
    try:
        show(tag, f())
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
def grad_of(tag, f, x):
    x = x.detach().clone().requires_grad_(True)
    try:
        out = f(x)
        w = torch.arange(out.numel(), dtype=out.dtype).reshape(out.shape) / 7 + 1
        (out * w).sum().backward()
        print(tag, type(out.grad_fn).__name__, [type(n[0]).__name__ if n[0] is not None else None for n in out.grad_fn.next_functions])
        print(x.grad)
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
x1 = torch.zeros(4); x2 = torch.zeros(2, 3); x0 = torch.tensor(0.)
for k, f in [('bigidx', lambda: x1.scatter(0, torch.tensor([0, 1]), torch.tensor(2.))), ('one', lambda: x1.scatter(0, torch.tensor([2]), torch.tensor(2.))),
             ('2d_idx', lambda: x2.scatter(0, torch.tensor([[1]]), torch.tensor(2.))), ('add_big', lambda: x1.scatter_add(0, torch.tensor([1, 1]), torch.tensor(2.))),
             ('add_one', lambda: x1.scatter_add(0, torch.tensor([3]), torch.tensor(2.))), ('reduce_one', lambda: x1.scatter_reduce(0, torch.tensor([3]), torch.tensor(2.), 'sum')),
             ('0d_all', lambda: x0.scatter(0, torch.tensor(0), torch.tensor(5.))), ('0d_self', lambda: x0.scatter(0, torch.tensor([0]), torch.tensor([5.]))),
             ('0d_add', lambda: x0.scatter_add(0, torch.tensor(0), torch.tensor(5.))), ('0d_idx', lambda: x1.scatter(0, torch.tensor(1), torch.tensor(5.))),
             ('0d_idx_val', lambda: x1.scatter(0, torch.tensor(1), 5.)), ('inplace_big', lambda: x1.clone().scatter_(0, torch.tensor([1, 2]), torch.tensor(3.))),
             ('gather_0d', lambda: x1.gather(0, torch.tensor(1))), ('gather_0d_self', lambda: x0.gather(0, torch.tensor([0])))]:
    tryit(k, f)
for r in ['sum', 'prod', 'mean', 'amax', 'amin']:
    for inc in [True, False]:
        for idx in [torch.tensor([2]), torch.tensor(1)]:
            s = torch.tensor(2., requires_grad=True)
            x = torch.arange(4.).requires_grad_()
            out = x.scatter_reduce(0, idx, s, r, include_self=inc); (out * torch.arange(4.)).sum().backward()
            print(r, inc, out.tolist(), s.grad, x.grad.tolist())
s = torch.tensor(2., requires_grad=True)
out = torch.zeros(4).scatter(0, torch.tensor([2]), s); (out * 5).sum().backward(); print(s.grad)
s = torch.tensor(2., requires_grad=True)
out = torch.zeros(4).scatter_add(0, torch.tensor(2), s); (out * 5).sum().backward(); print(s.grad)
''',
'take_put_mask': r'''
import torch
def show(tag, t):
    if isinstance(t, torch.Tensor):
        print(tag, t.dtype, tuple(t.shape), t.is_contiguous(), t.stride(), type(t.grad_fn).__name__ if t.grad_fn is not None else None)
        print(t)
    else:
        print(tag, type(t).__name__, t)
def tryit(tag, f):
    try:
        show(tag, f())
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
def grad_of(tag, f, x):
    x = x.detach().clone().requires_grad_(True)
    try:
        out = f(x)
        w = torch.arange(out.numel(), dtype=out.dtype).reshape(out.shape) / 7 + 1
        (out * w).sum().backward()
        print(tag, type(out.grad_fn).__name__, [type(n[0]).__name__ if n[0] is not None else None for n in out.grad_fn.next_functions])
        print(x.grad)
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
x = torch.arange(12.).reshape(3, 4)
tryit('take', lambda: torch.take(x, torch.tensor([[0, 11], [-1, 5]])))
tryit('take_t', lambda: x.t().take(torch.tensor([1, 2])))
tryit('take_oob', lambda: x.take(torch.tensor([12])))
tryit('take_negoob', lambda: x.take(torch.tensor([-13])))
tryit('tad0', lambda: torch.take_along_dim(x, torch.tensor([[0], [2], [1]]), dim=1))
tryit('tad_none', lambda: torch.take_along_dim(x, torch.tensor([3, 0])))
tryit('tad_bcast', lambda: torch.take_along_dim(x, torch.tensor([[2, 0, 1, 0]]), dim=0))
tryit('tad_argmax', lambda: torch.take_along_dim(x, x.argmax(dim=1, keepdim=True), dim=1))
tryit('tad_bad', lambda: torch.take_along_dim(x, torch.tensor([[[0]]]), dim=1))
tryit('put', lambda: x.clone().put_(torch.tensor([0, 5, -1]), torch.tensor([9., 8., 7.])))
tryit('put_acc', lambda: x.clone().put_(torch.tensor([0, 0, 1]), torch.tensor([1., 1., 1.]), accumulate=True))
tryit('put_fn', lambda: x.put(torch.tensor([[1, 2]]), torch.tensor([[-1., -2.]])))
tryit('put_oob', lambda: x.clone().put_(torch.tensor([12]), torch.tensor([1.])))
tryit('put_mismatch', lambda: x.clone().put_(torch.tensor([1, 2]), torch.tensor([1.])))
m = x % 3 == 0
tryit('msel', lambda: x.masked_select(m))
tryit('msel_bcast', lambda: x.masked_select(torch.tensor([True, False, False, True])))
tryit('mscat', lambda: x.masked_scatter(m, torch.arange(100., 112.).reshape(3, 4)))
tryit('mscat_bcast', lambda: x.masked_scatter(torch.tensor([True, False, True, False]), -torch.arange(20.)))
tryit('mscat_small', lambda: x.masked_scatter(m, torch.ones(2)))
tryit('mscat_dtype', lambda: x.masked_scatter(m, torch.ones(12, dtype=torch.long)))
tryit('mfill', lambda: x.masked_fill(m, -1))
tryit('mfill_t', lambda: x.masked_fill(m, torch.tensor(-2.)))
tryit('mfill_t1', lambda: x.masked_fill(m, torch.tensor([-2.])))
tryit('mfill_int_val_float', lambda: torch.arange(4).masked_fill(torch.tensor([True, False, True, False]), 2.5))
tryit('mfill_bcast', lambda: x.masked_fill(torch.tensor([[True], [False], [True]]), 0.))
tryit('mfill_uint8', lambda: x.masked_fill(m.to(torch.uint8), 0.))
tryit('mfill_badshape', lambda: x.masked_fill(torch.tensor([True, False]), 0.))
tryit('mfill_inplace_bcast', lambda: torch.zeros(4).masked_fill_(torch.ones(3, 4, dtype=torch.bool), 1.))
for name, f in [('take', lambda t: t.take(torch.tensor([0, 0, 5]))), ('tad', lambda t: torch.take_along_dim(t, torch.tensor([[0], [2], [1]]), dim=1)),
                ('put', lambda t: t.put(torch.tensor([0, 5]), torch.tensor([1., 2.]))),
                ('put_acc', lambda t: t.put(torch.tensor([0, 0]), torch.tensor([1., 2.]), accumulate=True)),
                ('msel', lambda t: t.masked_select(m)), ('mscat', lambda t: t.masked_scatter(m, torch.ones(12))),
                ('mfill', lambda t: t.masked_fill(m, 3.))]:
    grad_of(name, f, x)
v = torch.tensor(2., requires_grad=True)
out = x.masked_fill(m, v); (out * x).sum().backward(); print('v', v.grad, type(out.grad_fn).__name__)
s = torch.arange(12.).requires_grad_()
out = x.masked_scatter(m, s.reshape(3, 4)); (out * x).sum().backward(); print('s', s.grad)
''',
'nonzero_where': r'''
import torch
def show(tag, t):
    if isinstance(t, torch.Tensor):
        print(tag, t.dtype, tuple(t.shape), t.is_contiguous(), t.stride(), type(t.grad_fn).__name__ if t.grad_fn is not None else None)
        print(t)
    else:
        print(tag, type(t).__name__, t)
def tryit(tag, f):
    try:
        show(tag, f())
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
def grad_of(tag, f, x):
    x = x.detach().clone().requires_grad_(True)
    try:
        out = f(x)
        w = torch.arange(out.numel(), dtype=out.dtype).reshape(out.shape) / 7 + 1
        (out * w).sum().backward()
        print(tag, type(out.grad_fn).__name__, [type(n[0]).__name__ if n[0] is not None else None for n in out.grad_fn.next_functions])
        print(x.grad)
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
x = torch.tensor([[0., 1.5, 0.], [2., 0., -1.]])
tryit('nz', lambda: torch.nonzero(x))
print(torch.nonzero(x, as_tuple=True))
print(x.nonzero(as_tuple=True)[1].stride())
tryit('nz_0d', lambda: torch.nonzero(torch.tensor(3.)))
print(torch.nonzero(torch.tensor(0.), as_tuple=True))
print(torch.nonzero(torch.tensor(3.), as_tuple=True))
print('nz_empty', torch.nonzero(torch.zeros(0, 3)).shape)
tryit('nz_bool', lambda: torch.tensor([True, False, True]).nonzero())
tryit('aw', lambda: torch.argwhere(x))
tryit('aw_0d', lambda: torch.argwhere(torch.tensor(1)))
print(torch.where(x))
print(torch.where(torch.tensor(5)))
tryit('w3', lambda: torch.where(x > 0, x, torch.zeros(1)))
tryit('w_sc', lambda: torch.where(x > 0, x, 0))
tryit('w_sc2', lambda: torch.where(x > 0, 1., 0.))
tryit('w_sc_int', lambda: torch.where(x > 0, 1, 0))
tryit('w_sc_mix', lambda: torch.where(x > 0, 2, torch.tensor([1.5, 2., 3.], dtype=torch.float64)))
tryit('w_int_tensor_float_sc', lambda: torch.where(x > 0, torch.tensor([1, 2, 3]), 0.5))
tryit('w_bool', lambda: torch.where(x > 0, True, False))
tryit('w_half', lambda: torch.where(x > 0, x.half(), x.double()))
tryit('w_nonbool', lambda: torch.where(x, x, x))
tryit('w_method', lambda: x.where(x > 0, -x))
tryit('w_method_sc', lambda: x.where(x > 0, 7))
tryit('w_bcast_err', lambda: torch.where(x > 0, torch.ones(3, 1), x))
tryit('w_0d', lambda: torch.where(torch.tensor(True), torch.tensor(1.), torch.tensor([2., 3.])))
a = x.clone().requires_grad_(); b = torch.ones(2, 3, requires_grad=True)
out = torch.where(a > 0, a * 2, b)
show('wout', out)
(out * torch.arange(6.).reshape(2, 3)).sum().backward(); print(a.grad, b.grad)
out = torch.where(a > 0, a, 0.)
show('wout_sc', out)
print([(type(n).__name__, i) for n, i in out.grad_fn.next_functions])
c = torch.ones(3, requires_grad=True)
out = torch.where(x > 0, c, x)
out.sum().backward(); print(c.grad)
''',
'where_promo': r'''
import torch
def show(tag, t):
    if isinstance(t, torch.Tensor):
        print(tag, t.dtype, tuple(t.shape), t.is_contiguous(), t.stride(), type(t.grad_fn).__name__ if t.grad_fn is not None else None)
        print(t)
    else:
        print(tag, type(t).__name__, t)
def tryit(tag, f):
    try:
        show(tag, f())
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
def grad_of(tag, f, x):
    x = x.detach().clone().requires_grad_(True)
    try:
        out = f(x)
        w = torch.arange(out.numel(), dtype=out.dtype).reshape(out.shape) / 7 + 1
        (out * w).sum().backward()
        print(tag, type(out.grad_fn).__name__, [type(n[0]).__name__ if n[0] is not None else None for n in out.grad_fn.next_functions])
        print(x.grad)
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
c = torch.tensor([True, False, True])
vals = {'f32': torch.tensor([1., 2., 3.]), 'f64': torch.tensor([1., 2., 3.], dtype=torch.float64), 'i64': torch.tensor([1, 2, 3]),
        'i32': torch.tensor([1, 2, 3], dtype=torch.int32), 'u8': torch.tensor([1, 2, 3], dtype=torch.uint8), 'b': torch.tensor([True, False, False]),
        'f16': torch.tensor([1., 2., 3.], dtype=torch.float16), 'f32_0d': torch.tensor(7.), 'i64_0d': torch.tensor(7), 'int': 5, 'float': 2.5, 'bool': True}
names = list(vals)
for i, a in enumerate(names):
    for b in names[i:]:
        try:
            r = torch.where(c, vals[a], vals[b])
            print(a, b, r.dtype, r.tolist())
        except Exception as e:
            print(a, b, 'ERR', type(e).__name__, e)
''',
'value_grads': r'''
import torch
def show(tag, t):
    if isinstance(t, torch.Tensor):
        print(tag, t.dtype, tuple(t.shape), t.is_contiguous(), t.stride(), type(t.grad_fn).__name__ if t.grad_fn is not None else None)
        print(t)
    else:
        print(tag, type(t).__name__, t)
def tryit(tag, f):
    try:
        show(tag, f())
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
def grad_of(tag, f, x):
    x = x.detach().clone().requires_grad_(True)
    try:
        out = f(x)
        w = torch.arange(out.numel(), dtype=out.dtype).reshape(out.shape) / 7 + 1
        (out * w).sum().backward()
        print(tag, type(out.grad_fn).__name__, [type(n[0]).__name__ if n[0] is not None else None for n in out.grad_fn.next_functions])
        print(x.grad)
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
x = torch.arange(12.).reshape(3, 4).requires_grad_()
v = torch.tensor(2., requires_grad=True)
W = torch.arange(12.).reshape(3, 4) % 4
def report(tag, out):
    print(tag, type(out.grad_fn).__name__, [(type(n[0]).__name__ if n[0] is not None else None, n[1]) for n in out.grad_fn.next_functions])
    x.grad = None; v.grad = None
    (out * W).sum().backward()
    print('  ', x.grad.tolist() if x.grad is not None else None, v.grad)
report('index_fill_t', x.index_fill(1, torch.tensor([0, 2]), v))
report('masked_fill_t', x.masked_fill(x > 4, v))
report('where_t', torch.where(x > 4, v, x))
report('where_t2', torch.where(x > 4, x, v * 3))
report('scatter_t', x.scatter(0, torch.tensor([[1, 2]]), v.expand(1, 2)))
report('index_put_t', x.index_put((torch.tensor([0, 2]),), v.expand(4)))
report('index_put_t0', x.index_put((torch.tensor([0, 2]),), v))
report('put_t', x.put(torch.tensor([0, 0, 5]), v.expand(3), accumulate=True))
report('setitem_t', (lambda y: (y.__setitem__((slice(None), 1), v), y)[1])(x.clone()))
report('setitem_adv_t', (lambda y: (y.__setitem__(([0, 1], [1, 1]), v), y)[1])(x.clone()))
report('setitem_mask_t', (lambda y: (y.__setitem__(y > 7, v), y)[1])(x.clone()))
report('index_add_t', x.index_add(0, torch.tensor([1]), v.expand(1, 4), alpha=2))
report('index_copy_t', x.index_copy(0, torch.tensor([1]), v.expand(1, 4)))
report('masked_scatter_t', x.masked_scatter(x > 9, v.expand(3, 4)))
report('diag_embed_t', torch.diag_embed(v.expand(4))[:3] * 2)
report('block_diag_t', torch.block_diag(x[:1, :2], v.reshape(1, 1)).repeat(2, 2)[:3, :4])
report('cat_t', torch.cat([x[:, :3], v.expand(3, 1)], 1))
report('stack_t', torch.stack([x[0], v.expand(4), x[2]]))
report('where_sc', torch.where(x > 4, x, 0.))
''',
'inplace_variants': r'''
import torch
def show(tag, t):
    if isinstance(t, torch.Tensor):
        print(tag, t.dtype, tuple(t.shape), t.is_contiguous(), t.stride(), type(t.grad_fn).__name__ if t.grad_fn is not None else None)
        print(t)
    else:
        print(tag, type(t).__name__, t)
def tryit(tag, f):
    try:
        show(tag, f())
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
def grad_of(tag, f, x):
    x = x.detach().clone().requires_grad_(True)
    try:
        out = f(x)
        w = torch.arange(out.numel(), dtype=out.dtype).reshape(out.shape) / 7 + 1
        (out * w).sum().backward()
        print(tag, type(out.grad_fn).__name__, [type(n[0]).__name__ if n[0] is not None else None for n in out.grad_fn.next_functions])
        print(x.grad)
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
base = torch.arange(12.).reshape(3, 4)
idx = torch.tensor([[0, 1, 2, 0]])
ops = {
 'scatter_': lambda t: t.scatter_(0, idx, torch.full((1, 4), -1.)),
 'scatter_val_': lambda t: t.scatter_(1, torch.tensor([[3], [0], [1]]), 9.),
 'scatter_add_': lambda t: t.scatter_add_(0, idx, torch.ones(1, 4)),
 'scatter_reduce_': lambda t: t.scatter_reduce_(0, idx, torch.full((1, 4), 100.), 'amax'),
 'index_add_': lambda t: t.index_add_(1, torch.tensor([0, 0]), torch.ones(3, 2), alpha=2),
 'index_copy_': lambda t: t.index_copy_(0, torch.tensor([1]), torch.zeros(1, 4)),
 'index_fill_': lambda t: t.index_fill_(0, torch.tensor([0, 2]), 5.),
 'masked_fill_': lambda t: t.masked_fill_(t > 6, 0.),
 'masked_scatter_': lambda t: t.masked_scatter_(t < 3, torch.tensor([7., 8., 9.])),
 'put_': lambda t: t.put_(torch.tensor([1, 1]), torch.tensor([3., 4.]), accumulate=True),
 'index_put_': lambda t: t.index_put_((torch.tensor([0, 0]), torch.tensor([1, 1])), torch.tensor([1., 2.]), accumulate=True),
 'index_reduce_': lambda t: t.index_reduce_(0, torch.tensor([2]), torch.ones(1, 4) * -3, 'amin'),
}
for k, f in ops.items():
    t = base.clone()
    r = f(t)
    print(k, r is t, t.tolist())
    # on a non-contiguous view
    t2 = base.clone().t().contiguous().t()
    f(t2); print('  nc', t2.tolist(), t2.stride())
    # grads through the in-place op on a non-leaf
    a = base.clone().requires_grad_()
    b = a * 1
    f(b)
    print('  ', type(b.grad_fn).__name__, [type(n[0]).__name__ if n[0] is not None else None for n in b.grad_fn.next_functions])
    (b * torch.arange(12.).reshape(3, 4)).sum().backward()
    print('  ', a.grad.tolist())
    # on a view of a non-leaf
    a.grad = None
    c = a * 1
    try:
        f(c[1:])
    except Exception as e:
        print('  view ERR', type(e).__name__, e)
        continue
    print('  view', type(c.grad_fn).__name__)
    c.sum().backward(); print('  ', a.grad.tolist())
''',
'out_variants': r'''
import torch
def show(tag, t):
    if isinstance(t, torch.Tensor):
        print(tag, t.dtype, tuple(t.shape), t.is_contiguous(), t.stride(), type(t.grad_fn).__name__ if t.grad_fn is not None else None)
        print(t)
    else:
        print(tag, type(t).__name__, t)
def tryit(tag, f):
    try:
        show(tag, f())
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
def grad_of(tag, f, x):
    x = x.detach().clone().requires_grad_(True)
    try:
        out = f(x)
        w = torch.arange(out.numel(), dtype=out.dtype).reshape(out.shape) / 7 + 1
        (out * w).sum().backward()
        print(tag, type(out.grad_fn).__name__, [type(n[0]).__name__ if n[0] is not None else None for n in out.grad_fn.next_functions])
        print(x.grad)
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
x = torch.arange(12.).reshape(3, 4)
o = torch.empty(0)
def run(tag, f):
    global o
    o = torch.empty(0)
    try:
        r = f()
        print(tag, r is o, tuple(o.shape), o.tolist())
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
run('index_select', lambda: torch.index_select(x, 1, torch.tensor([0, 3]), out=o))
run('gather', lambda: torch.gather(x, 1, torch.tensor([[0], [1], [2]]), out=o))
run('take', lambda: torch.take(x, torch.tensor([1, 5]), out=o))
run('tad', lambda: torch.take_along_dim(x, torch.tensor([[0], [1], [2]]), 1, out=o))
run('masked_select', lambda: torch.masked_select(x, x > 8, out=o))
run('nonzero', lambda: torch.nonzero(x > 9, out=torch.empty(0, dtype=torch.long)))
run('cat', lambda: torch.cat([x, x], out=o))
run('stack', lambda: torch.stack([x, x], out=o))
run('hstack', lambda: torch.hstack([x, x], out=o))
run('vstack', lambda: torch.vstack([x, x], out=o))
run('dstack', lambda: torch.dstack([x, x], out=o))
run('column_stack', lambda: torch.column_stack([x, x], out=o))
run('tril', lambda: torch.tril(x, out=o))
run('triu', lambda: torch.triu(x, 1, out=o))
run('diag', lambda: torch.diag(x, out=o))
run('flip?', lambda: torch.flip(x, (0,), out=o))
run('roll?', lambda: torch.roll(x, 1, out=o))
run('where', lambda: torch.where(x > 5, x, 0., out=o))
run('index_add', lambda: torch.index_add(x, 0, torch.tensor([0]), torch.ones(1, 4), out=o))
run('index_copy', lambda: torch.index_copy(x, 0, torch.tensor([0]), torch.ones(1, 4), out=o))
run('scatter', lambda: torch.scatter(x, 0, torch.tensor([[0]]), 5., out=o))
run('scatter_add', lambda: torch.scatter_add(x, 0, torch.tensor([[0]]), torch.ones(1, 1), out=o))
run('scatter_reduce', lambda: torch.scatter_reduce(x, 0, torch.tensor([[0]]), torch.ones(1, 1), 'prod', out=o))
run('gather_wrong_dtype', lambda: torch.gather(x, 1, torch.tensor([[0]]), out=torch.empty(0, dtype=torch.long)))
run('cat_wrong_dtype', lambda: torch.cat([x, x], out=torch.empty(0, dtype=torch.long)))
run('index_select_wrong_dtype', lambda: torch.index_select(x, 1, torch.tensor([0]), out=torch.empty(0, dtype=torch.long)))
run('masked_select_wrong', lambda: torch.masked_select(x, x > 8, out=torch.empty(0, dtype=torch.float64)))
run('tril_indices', lambda: torch.tril_indices(3, 3, out=torch.empty(0, dtype=torch.long)))
run('block_diag', lambda: torch.block_diag(x, x, out=o))
run('cartesian', lambda: torch.cartesian_prod(x[0], x[1], out=o))
r = torch.tensor([1, 2])
for f in [lambda: torch.repeat_interleave(r, out=torch.empty(0, dtype=torch.long)), lambda: torch.repeat_interleave(r, 2, out=r),
          lambda: torch.repeat_interleave(r, r, 0, out=r), lambda: r.repeat_interleave(2, out=r)]:
    try: print(f())
    except Exception as e: print(type(e).__name__, e)
''',
'int_bool_inputs': r'''
import torch
def show(tag, t):
    if isinstance(t, torch.Tensor):
        print(tag, t.dtype, tuple(t.shape), t.is_contiguous(), t.stride(), type(t.grad_fn).__name__ if t.grad_fn is not None else None)
        print(t)
    else:
        print(tag, type(t).__name__, t)
def tryit(tag, f):
    try:
        show(tag, f())
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
def grad_of(tag, f, x):
    x = x.detach().clone().requires_grad_(True)
    try:
        out = f(x)
        w = torch.arange(out.numel(), dtype=out.dtype).reshape(out.shape) / 7 + 1
        (out * w).sum().backward()
        print(tag, type(out.grad_fn).__name__, [type(n[0]).__name__ if n[0] is not None else None for n in out.grad_fn.next_functions])
        print(x.grad)
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
def show(tag, t):
    if isinstance(t, torch.Tensor):
        print(tag, t.dtype, tuple(t.shape), t.is_contiguous(), t.stride(), type(t.grad_fn).__name__ if t.grad_fn is not None else None, t.flatten()[:8].tolist())
    else:
        print(tag, type(t).__name__, t)
xi = torch.arange(12).reshape(3, 4)
xb = xi % 3 == 0
xh = torch.arange(12, dtype=torch.float16).reshape(3, 4)
xd = torch.arange(12, dtype=torch.float64).reshape(3, 4)
xu = torch.arange(12, dtype=torch.uint8).reshape(3, 4)
for name, x in [('int', xi), ('bool', xb), ('half', xh), ('double', xd), ('uint8', xu)]:
    print('==', name)
    tryit('get', lambda: x[[0, 2], 1:3])
    tryit('mask', lambda: x[x != 0])
    tryit('isel', lambda: x.index_select(1, torch.tensor([3, 0])))
    tryit('gather', lambda: x.gather(1, torch.tensor([[1], [0], [3]])))
    tryit('take', lambda: x.take(torch.tensor([5, 7])))
    tryit('flip', lambda: x.flip(1))
    tryit('roll', lambda: x.roll(1, 0))
    tryit('tril', lambda: x.tril())
    tryit('diag', lambda: x.diag())
    tryit('repeat', lambda: x[:1].repeat(2, 1))
    tryit('ri', lambda: x[0].repeat_interleave(2))
    tryit('where', lambda: torch.where(xb, x, 0))
    tryit('mfill', lambda: x.masked_fill(xb, 1))
    tryit('scatter_add', lambda: x.scatter_add(0, torch.tensor([[1, 1, 1, 1]]), x[:1]))
    tryit('index_add', lambda: x.index_add(0, torch.tensor([0]), x[2:]))
    tryit('cat', lambda: torch.cat([x, xi]))
    tryit('stack', lambda: torch.stack([x, x.flip(0)]))
    tryit('nonzero', lambda: x.nonzero()[:3])
    tryit('block_diag', lambda: torch.block_diag(x[:1, :2], xb[:1, :1]))
    tryit('cp', lambda: torch.cartesian_prod(x[0, :2], x[1, :2]))
    tryit('comb', lambda: torch.combinations(x[0], 2))
    tryit('sr_mean', lambda: x.scatter_reduce(0, torch.tensor([[0, 0, 1, 1]]), x[2:], 'mean'))
''',
'shape_views': r'''
import torch
def show(tag, t):
    if isinstance(t, torch.Tensor):
        print(tag, t.dtype, tuple(t.shape), t.is_contiguous(), t.stride(), type(t.grad_fn).__name__ if t.grad_fn is not None else None)
        print(t)
    else:
        print(tag, type(t).__name__, t)
def tryit(tag, f):
    try:
        show(tag, f())
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
def grad_of(tag, f, x):
    x = x.detach().clone().requires_grad_(True)
    try:
        out = f(x)
        w = torch.arange(out.numel(), dtype=out.dtype).reshape(out.shape) / 7 + 1
        (out * w).sum().backward()
        print(tag, type(out.grad_fn).__name__, [type(n[0]).__name__ if n[0] is not None else None for n in out.grad_fn.next_functions])
        print(x.grad)
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
def show(tag, t):
    if isinstance(t, torch.Tensor):
        print(tag, t.dtype, tuple(t.shape), t.is_contiguous(), t.stride(), type(t.grad_fn).__name__ if t.grad_fn is not None else None, t.flatten()[:8].tolist())
    else:
        print(tag, type(t).__name__, t)
x = torch.arange(24.).reshape(2, 3, 4)
cases = {
 'narrow': lambda x: x.narrow(2, 1, 2), 'narrow_neg': lambda x: torch.narrow(x, -2, -2, 2),
 'narrow_t': lambda x: x.narrow(1, torch.tensor(1), 2),
 'unfold': lambda x: x.unfold(2, 2, 1), 'unfold_step': lambda x: x.unfold(1, 2, 2), 'unfold0': lambda x: x.unfold(0, 1, 1),
 'movedim': lambda x: x.movedim(0, -1), 'movedim_t': lambda x: torch.movedim(x, (0, 1), (2, 0)),
 'moveaxis': lambda x: torch.moveaxis(x, 2, 0), 'swapaxes': lambda x: x.swapaxes(0, 2), 'swapdims': lambda x: x.swapdims(1, -1),
 'flatten': lambda x: x.flatten(), 'flatten12': lambda x: x.flatten(1), 'flatten_t': lambda x: x.transpose(0, 1).flatten(1),
 'flatten_t0': lambda x: x.transpose(1, 2).flatten(0, 1),
 'unflatten': lambda x: x.unflatten(2, (2, 2)), 'unflatten_neg': lambda x: x.unflatten(-1, (-1, 2)),
 'squeeze_t': lambda x: x[:, :1, None].squeeze((1, 2)), 'squeeze_none': lambda x: x[:1].squeeze(),
 'squeeze_nonone': lambda x: x.squeeze(1), 'unsqueeze': lambda x: x.unsqueeze(-1), 'unsqueeze_t': lambda x: x.transpose(0, 2).unsqueeze(1),
 'expand': lambda x: x[:, :1].expand(2, 3, 4), 'expand_neg': lambda x: x[None].expand(3, -1, -1, -1),
 'expand_as': lambda x: x[:1, :1, :1].expand_as(x), 'bcast_to': lambda x: torch.broadcast_to(x[0, 0], (2, 4)),
 'view_t': lambda x: x.transpose(0, 1).contiguous().view(6, 4), 'reshape_t': lambda x: x.transpose(1, 2).reshape(2, 12),
 'reshape_view': lambda x: x.reshape(4, 6), 'view_as': lambda x: x.view_as(torch.empty(6, 4)),
 'T_like': lambda x: x.mT, 'permute': lambda x: x.permute(2, 0, 1), 'diagonal': lambda x: x.diagonal(0, 1, 2),
 'diagonal_off': lambda x: x.diagonal(offset=-1, dim1=2, dim2=1), 'select': lambda x: x.select(1, -1),
 'unbind0': lambda x: x.unbind(1)[2], 'split1': lambda x: x.split(2, dim=2)[1], 'chunk1': lambda x: x.chunk(2, 1)[1],
 'tsplit': lambda x: x.tensor_split(3, dim=2)[2], 'as_strided': lambda x: x.as_strided((2, 2), (1, 4), 3),
}
for k, f in cases.items():
    tryit(k, lambda: f(x))
for k, f in cases.items():
    grad_of(k, f, x)
''',
'shape_views2': r'''
import torch
def show(tag, t):
    if isinstance(t, torch.Tensor):
        print(tag, t.dtype, tuple(t.shape), t.is_contiguous(), t.stride(), type(t.grad_fn).__name__ if t.grad_fn is not None else None)
        print(t)
    else:
        print(tag, type(t).__name__, t)
def tryit(tag, f):
    try:
        show(tag, f())
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
def grad_of(tag, f, x):
    x = x.detach().clone().requires_grad_(True)
    try:
        out = f(x)
        w = torch.arange(out.numel(), dtype=out.dtype).reshape(out.shape) / 7 + 1
        (out * w).sum().backward()
        print(tag, type(out.grad_fn).__name__, [type(n[0]).__name__ if n[0] is not None else None for n in out.grad_fn.next_functions])
        print(x.grad)
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
def show(tag, t):
    if isinstance(t, torch.Tensor):
        print(tag, t.dtype, tuple(t.shape), t.is_contiguous(), t.stride(), type(t.grad_fn).__name__ if t.grad_fn is not None else None, t.flatten()[:8].tolist())
    else:
        print(tag, type(t).__name__, t)
x = torch.arange(24.).reshape(2, 3, 4)
s = torch.tensor(3.)
cases = [
 ('T2', lambda: x[0].T), ('mT', lambda: x.mT), ('mH', lambda: x.mH), ('H', lambda: x[0].H), ('T0d', lambda: s.T), ('T1d', lambda: x[0, 0].T),
 ('squeeze_0d', lambda: s.squeeze()), ('squeeze_0d_dim', lambda: s.squeeze(0)), ('squeeze_0d_neg', lambda: s.squeeze(-1)), ('unsqueeze_0d', lambda: s.unsqueeze(0)),
 ('unsqueeze_neg', lambda: x.unsqueeze(-4)), ('squeeze_empty_tuple', lambda: x[:1].squeeze(())), ('squeeze_list', lambda: x[:1, :, :1].squeeze([0, 2])),
 ('squeeze_tuple_neg', lambda: x[:1, :, :1].squeeze((-1, -3))),
 ('expand_0d', lambda: s.expand(2, 3)), ('expand_0d_empty', lambda: s.expand(())), ('expand_zero', lambda: x[:, :1].expand(2, 0, 4)),
 ('bcast_to_0d', lambda: torch.broadcast_to(s, (2,))), ('bcast_tensors', lambda: torch.broadcast_tensors(x[0, :, :1], x[0, :1])[1]),
 ('bcast_shapes', lambda: torch.broadcast_shapes((2, 1), (3,), (1, 1, 1))),
 ('movedim_neg', lambda: x.movedim(-1, -3)), ('movedim_same', lambda: x.movedim((0, 1, 2), (0, 1, 2))), ('movedim_list', lambda: x.movedim([2, 0], [0, 1])),
 ('swapaxes_same', lambda: x.swapaxes(1, 1)), ('transpose_0d', lambda: s.transpose(0, -1)), ('t_1d', lambda: x[0, 0].t()), ('t_3d', lambda: x.t()),
 ('chunk_uneven', lambda: [t.shape for t in torch.arange(10).chunk(4)]), ('chunk_uneven2', lambda: [t.shape for t in torch.arange(5).chunk(4)]),
 ('unflatten_1', lambda: x.unflatten(1, (1, 3, 1))),
 ('flatten_0d', lambda: s.flatten()), ('flatten_same', lambda: x.flatten(1, 1)), ('ravel_t', lambda: x.transpose(0, 2).ravel()),
 ('view_neg', lambda: x.view(-1, 6)), ('view_size', lambda: x.view(torch.Size([4, 6]))), ('reshape_0d', lambda: s.reshape(1, 1)), ('reshape_as', lambda: x.reshape_as(torch.empty(4, 6))),
 ('unfold_0d', lambda: s.unfold(0, 1, 1)), ('unfold_full', lambda: x.unfold(2, 4, 4)), ('unfold_step_big', lambda: x.unfold(1, 1, 5)),
 ('as_strided_off', lambda: x.as_strided((3, 3), (4, 1), 5)), ('narrow_copy', lambda: x.narrow_copy(1, 0, 2)),
 ('select_neg', lambda: x.select(-1, -1)), ('index_0d_tensor_dim', lambda: x[:, torch.tensor(2)]),
 ('atleast_1d', lambda: torch.atleast_1d(s)), ('atleast_2d', lambda: torch.atleast_2d(x[0, 0])), ('atleast_3d', lambda: torch.atleast_3d(x[0])), ('atleast_3d_1d', lambda: torch.atleast_3d(x[0, 0])),
]
for k, f in cases:
    tryit(k, f)
for k in ['mT', 'T2', 'movedim_list', 'unflatten_1', 'ravel_t', 'unfold_full', 'as_strided_off', 'narrow_copy', 'atleast_3d', 'expand_zero', 'squeeze_tuple_neg']:
    f = dict(cases)[k]
    xx = x.clone().requires_grad_()
    def g(t):
        global x
        old = x; x = t
        try: return f()
        finally: x = old
    grad_of(k, g, x)
''',
'shape_errors': r'''
import torch
def show(tag, t):
    if isinstance(t, torch.Tensor):
        print(tag, t.dtype, tuple(t.shape), t.is_contiguous(), t.stride(), type(t.grad_fn).__name__ if t.grad_fn is not None else None)
        print(t)
    else:
        print(tag, type(t).__name__, t)
def tryit(tag, f):
    try:
        show(tag, f())
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
def grad_of(tag, f, x):
    x = x.detach().clone().requires_grad_(True)
    try:
        out = f(x)
        w = torch.arange(out.numel(), dtype=out.dtype).reshape(out.shape) / 7 + 1
        (out * w).sum().backward()
        print(tag, type(out.grad_fn).__name__, [type(n[0]).__name__ if n[0] is not None else None for n in out.grad_fn.next_functions])
        print(x.grad)
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
x = torch.arange(24.).reshape(2, 3, 4)
t = x.transpose(1, 2)
tryit('view_nc', lambda: t.view(2, 12))
tryit('view_nc_ok', lambda: t.view(2, 4, 3))
tryit('view_split', lambda: t.view(2, 2, 2, 3))
tryit('view_merge_ok', lambda: x.permute(1, 2, 0)[:, :2].view(6, 2))
tryit('view_bad', lambda: x.view(5, -1))
tryit('view_two_neg', lambda: x.view(-1, -1))
tryit('view_dtype', lambda: x.view(torch.int32))
tryit('view_dtype_bad', lambda: x.view(torch.float64))
tryit('view_dtype_nc', lambda: t.view(torch.int16))
tryit('reshape_bad', lambda: x.reshape(7, -1))
tryit('reshape_zero', lambda: torch.zeros(0, 3).reshape(-1, 0))
tryit('narrow_oob', lambda: x.narrow(2, 3, 2))
tryit('narrow_neg_len', lambda: x.narrow(2, 0, -1))
tryit('narrow_dim', lambda: x.narrow(3, 0, 1))
tryit('unfold_big', lambda: x.unfold(2, 5, 1))
tryit('unfold_step0', lambda: x.unfold(2, 2, 0))
tryit('movedim_dup', lambda: x.movedim((0, 0), (1, 2)))
tryit('movedim_len', lambda: x.movedim((0, 1), (1,)))
tryit('unflatten_bad', lambda: x.unflatten(2, (3, 2)))
tryit('flatten_bad', lambda: x.flatten(2, 1))
tryit('squeeze_dup', lambda: x.squeeze((0, 0)))
tryit('squeeze_oob', lambda: x.squeeze((0, 3)))
tryit('unsqueeze_oob', lambda: x.unsqueeze(4))
tryit('expand_bad', lambda: x.expand(2, 2, 4))
tryit('expand_fewer', lambda: x.expand(3, 4))
tryit('expand_neg_new', lambda: x.expand(-1, 2, 3, 4))
tryit('bcast_to_bad', lambda: torch.broadcast_to(x, (3, 4)))
tryit('swap_oob', lambda: x.swapaxes(0, 3))
tryit('diagonal_same', lambda: x.diagonal(0, 1, 1))
tryit('select_oob', lambda: x.select(1, 3))
tryit('split_zero', lambda: x.split(0, 1))
tryit('split_sizes_bad', lambda: x.split([1, 1], 1))
tryit('chunk0', lambda: x.chunk(0))
tryit('tsplit_zero', lambda: x.tensor_split(0))
tryit('tsplit_float', lambda: x.tensor_split(torch.tensor([1.])))
tryit('tsplit_2d', lambda: x.tensor_split(torch.tensor([[1]])))
tryit('permute_bad', lambda: x.permute(0, 1))
tryit('permute_dup', lambda: x.permute(0, 1, 1))
tryit('view_0d', lambda: torch.tensor(1.).view(1, 1, -1))
''',
'view_dtype': r'''
import torch
def show(tag, t):
    if isinstance(t, torch.Tensor):
        print(tag, t.dtype, tuple(t.shape), t.is_contiguous(), t.stride(), type(t.grad_fn).__name__ if t.grad_fn is not None else None)
        print(t)
    else:
        print(tag, type(t).__name__, t)
def tryit(tag, f):
    try:
        show(tag, f())
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
def grad_of(tag, f, x):
    x = x.detach().clone().requires_grad_(True)
    try:
        out = f(x)
        w = torch.arange(out.numel(), dtype=out.dtype).reshape(out.shape) / 7 + 1
        (out * w).sum().backward()
        print(tag, type(out.grad_fn).__name__, [type(n[0]).__name__ if n[0] is not None else None for n in out.grad_fn.next_functions])
        print(x.grad)
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
x = torch.arange(24.).reshape(2, 3, 4)
t = x.transpose(1, 2)
views = {'contig': x, 't': t, 't_last1': t[..., :1], 'inner': x[:, :, 1:3], 'off1': torch.ones(3)[1:], 'off2': torch.ones(5)[2:],
         '0d': torch.tensor(1.), 'stride2': x[:, ::2], 'col': x[..., 1:2], 'odd_rows': torch.arange(12.).reshape(3, 4)[:, :3]}
for dt in [torch.int16, torch.float64, torch.int8, torch.int32, torch.float32, torch.bool, torch.complex64]:
    for k, v in views.items():
        try:
            r = v.view(dt)
            print(dt, k, tuple(r.shape), r.stride(), r.storage_offset(), r.flatten()[:3].tolist())
        except Exception as e:
            print(dt, k, 'ERR', type(e).__name__, e)
y = torch.zeros(4)
z = y.view(torch.int32)
z[0] = 1065353216
print(y)
a = torch.ones(2, requires_grad=True)
print(a.view(torch.int32), a.view(torch.float32).grad_fn)
''',
'split_stack': r'''
import torch
def show(tag, t):
    if isinstance(t, torch.Tensor):
        print(tag, t.dtype, tuple(t.shape), t.is_contiguous(), t.stride(), type(t.grad_fn).__name__ if t.grad_fn is not None else None)
        print(t)
    else:
        print(tag, type(t).__name__, t)
def tryit(tag, f):
    try:
        show(tag, f())
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
def grad_of(tag, f, x):
    x = x.detach().clone().requires_grad_(True)
    try:
        out = f(x)
        w = torch.arange(out.numel(), dtype=out.dtype).reshape(out.shape) / 7 + 1
        (out * w).sum().backward()
        print(tag, type(out.grad_fn).__name__, [type(n[0]).__name__ if n[0] is not None else None for n in out.grad_fn.next_functions])
        print(x.grad)
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
x = torch.arange(20.).reshape(4, 5)
def shl(tag, ts):
    print(tag, type(ts).__name__, len(ts))
    for t in ts: print('  ', tuple(t.shape), t.stride(), t.is_contiguous(), t.tolist())
shl('split2', x.split(2, dim=1))
shl('split_sizes', torch.split(x, [1, 3], dim=0))
shl('split_big', x.split(10))
shl('chunk3', x.chunk(3, 1))
shl('chunk_6', torch.arange(6).chunk(4))
shl('chunk_big', x.chunk(10))
shl('tsplit_n', x.tensor_split(3, dim=1))
shl('tsplit_idx', x.tensor_split([1, 4], dim=1))
shl('tsplit_idx_oob', x.tensor_split((2, 9), dim=1))
shl('tsplit_rev', x.tensor_split([3, 1], dim=1))
shl('tsplit_tensor_n', x.tensor_split(torch.tensor(2)))
shl('tsplit_tensor_idx', x.tensor_split(torch.tensor([1, 3]), dim=1))
shl('unbind', x.unbind(1))
shl('hsplit', x.hsplit([2]))
shl('vsplit', x.vsplit(2))
shl('dsplit', torch.arange(8.).reshape(1, 2, 4).dsplit(2))
shl('split_with_sizes', x.split_with_sizes([2, 2, 1], dim=1))
a, b = torch.ones(2, 3), torch.zeros(2, 3)
for name, f in [('stack', lambda: torch.stack([a, b])), ('stack1', lambda: torch.stack((a, b), dim=2)), ('stack_neg', lambda: torch.stack([a, b], -1)),
                ('hstack', lambda: torch.hstack([a, b])), ('vstack', lambda: torch.vstack([a, b[0]])), ('dstack', lambda: torch.dstack([a, b])),
                ('hstack1d', lambda: torch.hstack([torch.ones(2), torch.zeros(3)])), ('vstack1d', lambda: torch.vstack([torch.ones(2), torch.zeros(2)])),
                ('dstack1d', lambda: torch.dstack([torch.ones(2), torch.zeros(2)])), ('cstack', lambda: torch.column_stack([torch.ones(2), a[:, :2]])),
                ('rstack', lambda: torch.row_stack([a, b])),
                ('cat_empty', lambda: torch.cat([a, torch.tensor([]), b])), ('cat_empty2', lambda: torch.cat([torch.zeros(0, 3), a], 0)),
                ('cat_empty_dim1', lambda: torch.cat([torch.zeros(2, 0), a], 1)), ('cat_all_empty', lambda: torch.cat([torch.tensor([]), torch.tensor([])])),
                ('cat_dtype', lambda: torch.cat([a, b.long()])), ('cat_int_bool', lambda: torch.cat([torch.ones(2, dtype=torch.bool), torch.ones(2, dtype=torch.int8)])),
                ('cat_empty_long', lambda: torch.cat([torch.tensor([], dtype=torch.long), a])),
                ('cat_t', lambda: torch.cat([a.t(), b.t()], 1)), ('concat', lambda: torch.concat([a, b], dim=-1)), ('concatenate', lambda: torch.concatenate([a, b], axis=0)),
                ('stack_bad', lambda: torch.stack([a, b[:1]])), ('cat_bad', lambda: torch.cat([a, torch.ones(3, 2)])), ('cat_rank', lambda: torch.cat([a, torch.ones(3)])),
                ('cat_0d', lambda: torch.cat([torch.tensor(1.), torch.tensor(2.)])), ('stack_empty_list', lambda: torch.stack([])), ('cat_empty_list', lambda: torch.cat([])),
                ('stack_dim_oob', lambda: torch.stack([a, b], 3)), ('cat_dim_oob', lambda: torch.cat([a, b], 2)),
                ('hstack_0d', lambda: torch.hstack([torch.tensor(1.), torch.tensor(2.)])), ('vstack_0d', lambda: torch.vstack([torch.tensor(1.), torch.tensor(2.)]))]:
    tryit(name, f)
p = torch.ones(2, 3, requires_grad=True); q = torch.zeros(2, 3, requires_grad=True)
for name, f in [('stack', torch.stack), ('hstack', torch.hstack), ('vstack', torch.vstack), ('dstack', torch.dstack), ('cstack', torch.column_stack), ('cat', torch.cat)]:
    out = f([p, q])
    w = torch.arange(out.numel(), dtype=out.dtype).reshape(out.shape)
    (out * w).sum().backward()
    print(name, type(out.grad_fn).__name__, [type(n[0]).__name__ for n in out.grad_fn.next_functions], p.grad, q.grad)
    p.grad = q.grad = None
for name, f in [('split', lambda t: t.split(2, 1)), ('chunk', lambda t: t.chunk(2, 1)), ('unbind', lambda t: t.unbind(0)), ('tsplit', lambda t: t.tensor_split([1], 1)), ('split_sizes', lambda t: t.split([1, 2], 1))]:
    parts = f(p)
    print(name, [type(t.grad_fn).__name__ for t in parts])
    (parts[0] * 3).sum().backward(); print(p.grad); p.grad = None
''',
'repeat_tile': r'''
import torch
def show(tag, t):
    if isinstance(t, torch.Tensor):
        print(tag, t.dtype, tuple(t.shape), t.is_contiguous(), t.stride(), type(t.grad_fn).__name__ if t.grad_fn is not None else None)
        print(t)
    else:
        print(tag, type(t).__name__, t)
def tryit(tag, f):
    try:
        show(tag, f())
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
def grad_of(tag, f, x):
    x = x.detach().clone().requires_grad_(True)
    try:
        out = f(x)
        w = torch.arange(out.numel(), dtype=out.dtype).reshape(out.shape) / 7 + 1
        (out * w).sum().backward()
        print(tag, type(out.grad_fn).__name__, [type(n[0]).__name__ if n[0] is not None else None for n in out.grad_fn.next_functions])
        print(x.grad)
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
x = torch.arange(6.).reshape(2, 3)
cases = {
 'repeat': lambda x: x.repeat(2, 1), 'repeat_more': lambda x: x.repeat(2, 1, 2), 'repeat_t': lambda x: x.t().repeat(1, 2),
 'repeat_list': lambda x: x.repeat([1, 3]), 'repeat_zero': lambda x: x.repeat(0, 2),
 'ri_int': lambda x: x.repeat_interleave(2), 'ri_dim': lambda x: x.repeat_interleave(2, dim=0),
 'ri_tensor': lambda x: x.repeat_interleave(torch.tensor([1, 0, 2]), dim=1),
 'ri_tensor_os': lambda x: x.repeat_interleave(torch.tensor([3, 1]), dim=0, output_size=4),
 'ri_0d': lambda x: x.repeat_interleave(torch.tensor(2), dim=1),
 'ri_fn': lambda x: torch.repeat_interleave(x, 3, dim=-1),
 'tile': lambda x: x.tile((2,)), 'tile2': lambda x: torch.tile(x, (2, 1, 2)), 'tile_1': lambda x: x.tile(1, 1),
 'flip': lambda x: x.flip(0), 'flip_all': lambda x: x.flip((0, 1)), 'fliplr': lambda x: x.fliplr(), 'flipud': lambda x: torch.flipud(x),
 'roll': lambda x: x.roll(1), 'roll_dim': lambda x: x.roll(-1, 1), 'roll_multi': lambda x: x.roll((1, 2), (0, 1)), 'roll_big': lambda x: x.roll(7, 1),
 'roll_t': lambda x: x.t().roll(1, 0),
 'rot90': lambda x: x.rot90(), 'rot90_2': lambda x: x.rot90(2), 'rot90_neg': lambda x: x.rot90(-1, (0, 1)), 'rot90_3': lambda x: torch.rot90(x, 3, [1, 0]),
 'rot90_5': lambda x: x.rot90(5),
}
for k, f in cases.items():
    tryit(k, lambda: f(x))
for k, f in cases.items():
    grad_of(k, f, x)
tryit('repeat_few', lambda: x.repeat(2))
tryit('ri_neg', lambda: x.repeat_interleave(-1))
tryit('ri_bad_len', lambda: x.repeat_interleave(torch.tensor([1, 2]), dim=1))
tryit('ri_bad_os', lambda: x.repeat_interleave(torch.tensor([3, 1]), dim=0, output_size=3))
tryit('ri_float', lambda: x.repeat_interleave(torch.tensor([1., 2.]), dim=0))
tryit('ri_neg_t', lambda: x.repeat_interleave(torch.tensor([1, -1]), dim=0))
tryit('ri_only', lambda: torch.repeat_interleave(torch.tensor([2, 0, 1])))
tryit('ri_2d', lambda: x.repeat_interleave(torch.ones(2, 2, dtype=torch.long), dim=0))
tryit('flip_dup', lambda: x.flip(0, 0))
tryit('fliplr_1d', lambda: torch.ones(3).fliplr())
tryit('flipud_0d', lambda: torch.tensor(1.).flipud())
tryit('roll_mismatch', lambda: x.roll((1, 2), 0))
tryit('roll_empty', lambda: torch.ones(0, 2).roll(1))
tryit('rot90_dims', lambda: x.rot90(1, (0, 0)))
tryit('rot90_1d', lambda: torch.ones(3).rot90())
tryit('rot90_3dims', lambda: x.rot90(1, (0, 1, 2)))
tryit('tile_empty', lambda: x.tile(()))
tryit('repeat_neg', lambda: x.repeat(-1, 1))
''',
'diag_tri': r'''
import torch
def show(tag, t):
    if isinstance(t, torch.Tensor):
        print(tag, t.dtype, tuple(t.shape), t.is_contiguous(), t.stride(), type(t.grad_fn).__name__ if t.grad_fn is not None else None)
        print(t)
    else:
        print(tag, type(t).__name__, t)
def tryit(tag, f):
    try:
        show(tag, f())
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
def grad_of(tag, f, x):
    x = x.detach().clone().requires_grad_(True)
    try:
        out = f(x)
        w = torch.arange(out.numel(), dtype=out.dtype).reshape(out.shape) / 7 + 1
        (out * w).sum().backward()
        print(tag, type(out.grad_fn).__name__, [type(n[0]).__name__ if n[0] is not None else None for n in out.grad_fn.next_functions])
        print(x.grad)
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
x = torch.arange(12.).reshape(3, 4)
v = torch.tensor([1., 2., 3.])
cases = {
 'diag_v': lambda x: torch.diag(v), 'diag_v1': lambda x: torch.diag(v, 1), 'diag_vneg': lambda x: torch.diag(v, -2),
 'diag_m': lambda x: torch.diag(x), 'diag_m1': lambda x: x.diag(1), 'diag_mneg': lambda x: x.diag(-2), 'diag_m_far': lambda x: x.diag(5),
 'diagonal': lambda x: x.diagonal(), 'diagonal1': lambda x: x.diagonal(2), 'diagonal_t': lambda x: torch.diagonal(x, -1, 1, 0),
 'diag_embed': lambda x: torch.diag_embed(x), 'diag_embed_off': lambda x: torch.diag_embed(x, 1, 0, 2), 'diag_embed_neg': lambda x: x.diag_embed(-1, -2, -1),
 'diagflat': lambda x: x.diagflat(), 'diagflat_off': lambda x: torch.diagflat(x[:2, :2], -1),
 'tril': lambda x: x.tril(), 'tril1': lambda x: x.tril(1), 'tril_neg': lambda x: torch.tril(x, -1), 'tril_big': lambda x: x.tril(-5),
 'triu': lambda x: x.triu(), 'triu2': lambda x: x.triu(2), 'triu_neg': lambda x: torch.triu(x, -1),
 'tril_3d': lambda x: x.reshape(2, 2, 3).tril(), 'triu_t': lambda x: x.t().triu(1),
}
for k, f in cases.items():
    tryit(k, lambda: f(x))
for k, f in cases.items():
    if not k.startswith('diag_v'):
        grad_of(k, f, x)
vv = v.clone().requires_grad_()
out = torch.diag(vv, 1); (out * torch.arange(16.).reshape(4, 4)).sum().backward(); print(type(out.grad_fn).__name__, vv.grad)
tryit('tril_idx', lambda: torch.tril_indices(3, 3))
tryit('tril_idx_off', lambda: torch.tril_indices(4, 3, 1))
tryit('tril_idx_neg', lambda: torch.tril_indices(3, 4, -1))
tryit('triu_idx', lambda: torch.triu_indices(3, 3))
tryit('triu_idx_off', lambda: torch.triu_indices(3, 5, 2))
tryit('triu_idx_neg', lambda: torch.triu_indices(4, 3, -2))
tryit('tril_idx_dtype', lambda: torch.tril_indices(2, 2, dtype=torch.int32))
tryit('tril_idx_zero', lambda: torch.tril_indices(0, 3))
tryit('triu_idx_float', lambda: torch.triu_indices(2, 2, dtype=torch.float32))
tryit('tril_1d', lambda: v.tril())
tryit('diag_3d', lambda: torch.diag(torch.ones(2, 2, 2)))
tryit('diagonal_1d', lambda: v.diagonal())
tryit('diag_embed_same', lambda: x.diag_embed(0, 1, 1))
tryit('tril_idx_neg_rows', lambda: torch.tril_indices(-1, 3))
m = x[:3, :3].clone()
m.tril_(); print(m); m.triu_(1); print(m)
''',
'combos': r'''
import torch
def show(tag, t):
    if isinstance(t, torch.Tensor):
        print(tag, t.dtype, tuple(t.shape), t.is_contiguous(), t.stride(), type(t.grad_fn).__name__ if t.grad_fn is not None else None)
        print(t)
    else:
        print(tag, type(t).__name__, t)
def tryit(tag, f):
    try:
        show(tag, f())
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
def grad_of(tag, f, x):
    x = x.detach().clone().requires_grad_(True)
    try:
        out = f(x)
        w = torch.arange(out.numel(), dtype=out.dtype).reshape(out.shape) / 7 + 1
        (out * w).sum().backward()
        print(tag, type(out.grad_fn).__name__, [type(n[0]).__name__ if n[0] is not None else None for n in out.grad_fn.next_functions])
        print(x.grad)
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
a = torch.tensor([1., 2., 3.]); b = torch.tensor([10., 20.])
tryit('bd', lambda: torch.block_diag(torch.ones(2, 2), torch.tensor([[5.]]), torch.arange(3.)))
tryit('bd_0d', lambda: torch.block_diag(torch.tensor(3.), torch.ones(1, 2)))
tryit('bd_mixed', lambda: torch.block_diag(torch.ones(1, 1, dtype=torch.long), torch.ones(1, 1)))
tryit('bd_empty', lambda: torch.block_diag())
tryit('bd_zero_rows', lambda: torch.block_diag(torch.ones(0, 2), torch.ones(1, 1)))
tryit('bd_3d', lambda: torch.block_diag(torch.ones(1, 1, 1)))
tryit('cp', lambda: torch.cartesian_prod(a, b))
tryit('cp1', lambda: torch.cartesian_prod(a))
tryit('cp3', lambda: torch.cartesian_prod(a, b, torch.tensor([0.])))
tryit('cp_2d', lambda: torch.cartesian_prod(torch.ones(2, 2)))
tryit('comb', lambda: torch.combinations(a))
tryit('comb3', lambda: torch.combinations(torch.arange(4), 3))
tryit('comb_rep', lambda: torch.combinations(a, with_replacement=True))
tryit('comb_r0', lambda: torch.combinations(a, 0))
tryit('comb_big', lambda: torch.combinations(a, 4))
tryit('comb_2d', lambda: torch.combinations(torch.ones(2, 2)))
tryit('comb_neg', lambda: torch.combinations(a, -1))
for ix in ['ij', 'xy']:
    g = torch.meshgrid(a, b, indexing=ix)
    for t in g: show('mg_' + ix, t)
    g = torch.meshgrid([a, b, torch.tensor([7.])], indexing=ix)
    print([tuple(t.shape) for t in g], [t.stride() for t in g])
tryit('mg_bad', lambda: torch.meshgrid(a, b, indexing='ab'))
tryit('mg_0d', lambda: torch.meshgrid(torch.tensor(1.), b, indexing='ij'))
tryit('mg_single', lambda: torch.meshgrid(a, indexing='xy'))
aa = a.clone().requires_grad_(); bb = b.clone().requires_grad_()
X, Y = torch.meshgrid(aa, bb, indexing='xy')
print(type(X.grad_fn).__name__, [type(n[0]).__name__ for n in X.grad_fn.next_functions])
(X * Y * torch.arange(6.).reshape(2, 3)).sum().backward(); print(aa.grad, bb.grad)
aa.grad = bb.grad = None
out = torch.cartesian_prod(aa, bb)
print(type(out.grad_fn).__name__)
(out * torch.arange(12.).reshape(6, 2)).sum().backward(); print(aa.grad, bb.grad)
aa.grad = None
out = torch.combinations(aa, 2)
print(type(out.grad_fn).__name__)
(out * torch.arange(6.).reshape(3, 2)).sum().backward(); print(aa.grad)
aa.grad = bb.grad = None
out = torch.block_diag(aa, bb.reshape(2, 1))
print(type(out.grad_fn).__name__, [type(n[0]).__name__ for n in out.grad_fn.next_functions])
(out * torch.arange(out.numel(), dtype=torch.float).reshape(out.shape)).sum().backward(); print(aa.grad, bb.grad)
''',
'edge_0d_empty': r'''
import torch
def show(tag, t):
    if isinstance(t, torch.Tensor):
        print(tag, t.dtype, tuple(t.shape), t.is_contiguous(), t.stride(), type(t.grad_fn).__name__ if t.grad_fn is not None else None)
        print(t)
    else:
        print(tag, type(t).__name__, t)
def tryit(tag, f):
    try:
        show(tag, f())
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
def grad_of(tag, f, x):
    x = x.detach().clone().requires_grad_(True)
    try:
        out = f(x)
        w = torch.arange(out.numel(), dtype=out.dtype).reshape(out.shape) / 7 + 1
        (out * w).sum().backward()
        print(tag, type(out.grad_fn).__name__, [type(n[0]).__name__ if n[0] is not None else None for n in out.grad_fn.next_functions])
        print(x.grad)
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
s = torch.tensor(3.)
e = torch.zeros(0, 3)
cases = [
 ('repeat_0d', lambda: s.repeat(2, 2)), ('repeat_0d_none', lambda: s.repeat(())), ('tile_0d', lambda: s.tile(3)), ('flip_0d', lambda: s.flip(0)),
 ('flip_0d_empty', lambda: s.flip(())), ('roll_0d', lambda: s.roll(1)), ('roll_0d_dim', lambda: s.roll(1, 0)), ('rot90_0d', lambda: s.rot90()),
 ('diag_0d', lambda: torch.diag(s)), ('diag_embed_0d', lambda: torch.diag_embed(s)), ('tril_0d', lambda: s.tril()), ('unbind_0d', lambda: s.unbind()),
 ('stack_0d', lambda: torch.stack([s, s])), ('hstack_0d', lambda: torch.hstack([s, s])), ('cat_0d_1d', lambda: torch.cat([s, torch.ones(1)])),
 ('split_0d', lambda: s.split(1)), ('chunk_0d', lambda: s.chunk(1)), ('narrow_0d', lambda: s.narrow(0, 0, 1)), ('index_select_0d', lambda: s.index_select(0, torch.tensor([0, 0]))),
 ('gather_0d', lambda: s.gather(0, torch.tensor(0))), ('take_0d', lambda: s.take(torch.tensor([0, 0]))), ('masked_select_0d', lambda: s.masked_select(torch.tensor([True, False]))),
 ('nonzero_0d', lambda: s.nonzero()), ('movedim_0d', lambda: s.movedim(0, 0)), ('ri_0d', lambda: s.repeat_interleave(3)),
 ('expand_empty', lambda: e.expand(2, 0, 3)), ('repeat_empty', lambda: e.repeat(2, 2)), ('flip_empty', lambda: e.flip(0)), ('roll_empty', lambda: e.roll(1, 1)),
 ('tril_empty', lambda: e.tril()), ('diag_empty', lambda: torch.diag(torch.zeros(0))), ('diag_empty2', lambda: torch.diag(e)), ('stack_empty', lambda: torch.stack([e, e], 1)),
 ('split_empty', lambda: e.split(1)), ('chunk_empty', lambda: e.chunk(2)), ('chunk_empty_dim1', lambda: e.chunk(2, 1)), ('unbind_empty', lambda: e.unbind(0)),
 ('tsplit_empty', lambda: e.tensor_split(2)), ('gather_empty', lambda: e.gather(0, torch.zeros(0, 3, dtype=torch.long))),
 ('index_select_empty', lambda: e.index_select(1, torch.tensor([0, 2]))), ('index_select_empty_idx', lambda: e.index_select(0, torch.tensor([], dtype=torch.long))),
 ('masked_fill_empty', lambda: e.masked_fill(e > 0, 1.)), ('where_empty', lambda: torch.where(e > 0)), ('argwhere_empty', lambda: torch.argwhere(e)),
 ('block_diag_empty', lambda: torch.block_diag(e, torch.ones(1, 1))), ('cp_empty', lambda: torch.cartesian_prod(torch.zeros(0), torch.ones(2))),
 ('comb_empty', lambda: torch.combinations(torch.zeros(0))), ('meshgrid_empty', lambda: torch.meshgrid(torch.zeros(0), torch.ones(2), indexing='ij')[0]),
 ('ri_empty', lambda: e.repeat_interleave(2, dim=0)), ('tile_empty', lambda: e.tile(2, 1)), ('rot90_empty', lambda: e.rot90()),
 ('diagonal_empty', lambda: e.diagonal()), ('unfold_empty', lambda: e.unfold(1, 2, 1)), ('flatten_empty', lambda: e.flatten()),
 ('unflatten_empty', lambda: e.unflatten(1, (3, 1))), ('view_empty', lambda: e.view(-1)), ('view_empty_bad', lambda: e.view(0, -1)),
 ('reshape_empty_neg', lambda: e.reshape(3, -1)), ('squeeze_empty', lambda: torch.zeros(0, 1).squeeze()), ('take_along_empty', lambda: torch.take_along_dim(e, torch.zeros(0, 1, dtype=torch.long), 1)),
]
for k, f in cases:
    try:
        r = f()
        if isinstance(r, torch.Tensor):
            print(k, r.dtype, tuple(r.shape), r.tolist())
        else:
            print(k, type(r).__name__, [tuple(t.shape) for t in r])
    except Exception as ex:
        print(k, 'ERR', type(ex).__name__, ex)
''',
'grad_chains': r'''
import torch
def show(tag, t):
    if isinstance(t, torch.Tensor):
        print(tag, t.dtype, tuple(t.shape), t.is_contiguous(), t.stride(), type(t.grad_fn).__name__ if t.grad_fn is not None else None)
        print(t)
    else:
        print(tag, type(t).__name__, t)
def tryit(tag, f):
    try:
        show(tag, f())
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
def grad_of(tag, f, x):
    x = x.detach().clone().requires_grad_(True)
    try:
        out = f(x)
        w = torch.arange(out.numel(), dtype=out.dtype).reshape(out.shape) / 7 + 1
        (out * w).sum().backward()
        print(tag, type(out.grad_fn).__name__, [type(n[0]).__name__ if n[0] is not None else None for n in out.grad_fn.next_functions])
        print(x.grad)
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
def chain(t, depth=6):
    names = []
    fn = t.grad_fn
    while fn is not None and depth:
        names.append(type(fn).__name__)
        nxt = [n[0] for n in fn.next_functions if n[0] is not None]
        fn = nxt[0] if nxt else None
        depth -= 1
    return names
x = torch.arange(24.).reshape(2, 3, 4).requires_grad_()
exprs = {
 'getitem_multi': lambda x: x[1, ::2, None, 1:3],
 'getitem_adv_mixed': lambda x: x[0, [0, 2], 1:],
 'getitem_mask_int': lambda x: x[1][x[1] > 16],
 'narrow_unfold': lambda x: x.narrow(2, 1, 3).unfold(2, 2, 1),
 'split_cat': lambda x: torch.cat(x.split(2, dim=2)[::-1], 2),
 'chunk_stack': lambda x: torch.stack(x.chunk(3, 1), -1),
 'unbind_hstack': lambda x: torch.hstack(x.unbind(0)),
 'movedim_flatten': lambda x: x.movedim(2, 0).flatten(1),
 'expand_repeat': lambda x: x[:, :1].expand(2, 3, 4).repeat(1, 1, 2),
 'tile_roll': lambda x: x.tile(2).roll(3, 2),
 'rot_diag': lambda x: x.rot90(1, (1, 2)).diagonal(0, 1, 2),
 'tril_triu': lambda x: x.tril(1).triu(-1),
 'squeeze_chain': lambda x: x[:, :1].squeeze(1).unsqueeze(0).squeeze(),
 'view_reshape': lambda x: x.view(6, 4).t().reshape(24),
 'swap_contig': lambda x: x.swapaxes(0, 2).contiguous().view(-1),
 'index_ops': lambda x: x.index_select(2, torch.tensor([0, 3])).gather(1, torch.tensor([[[0, 1]], [[2, 2]]])),
 'where_chain': lambda x: torch.where(x > 10, x.flip(0), x.roll(1)),
 'masked': lambda x: x.masked_fill(x < 5, 0).masked_select(x > 2),
 'take_put': lambda x: x.take(torch.tensor([0, 5, 23])).repeat_interleave(2),
 'diag_embed': lambda x: torch.diag_embed(x[0]).sum(-1),
 'flip_slice': lambda x: x.flip(2)[..., ::2],
 'bcast_to': lambda x: torch.broadcast_to(x[0, 0], (3, 4)),
 'unflatten': lambda x: x.flatten().unflatten(0, (4, 6))[1:3],
 'select_scatter': lambda x: torch.select_scatter(x, torch.zeros(2, 4), 1, 0),
 'slice_scatter': lambda x: torch.slice_scatter(x, torch.zeros(2, 3, 2), 2, 0, 4, 2),
 'diagonal_scatter': lambda x: torch.diagonal_scatter(x[0], torch.ones(3), 1),
 'as_strided_scatter': lambda x: torch.as_strided_scatter(x.flatten(), torch.zeros(2, 2), (2, 2), (1, 2)),
}
for k, f in exprs.items():
    x.grad = None
    try:
        out = f(x)
        w = torch.arange(out.numel(), dtype=out.dtype).reshape(out.shape) % 5
        (out * w).sum().backward()
        print(k, tuple(out.shape), out.stride(), chain(out))
        print(x.grad.flatten().tolist())
    except Exception as e:
        print(k, 'ERR', type(e).__name__, e)
''',
'leaf_view_inplace': r'''
import torch
def show(tag, t):
    if isinstance(t, torch.Tensor):
        print(tag, t.dtype, tuple(t.shape), t.is_contiguous(), t.stride(), type(t.grad_fn).__name__ if t.grad_fn is not None else None)
        print(t)
    else:
        print(tag, type(t).__name__, t)
def tryit(tag, f):
    try:
        show(tag, f())
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
def grad_of(tag, f, x):
    x = x.detach().clone().requires_grad_(True)
    try:
        out = f(x)
        w = torch.arange(out.numel(), dtype=out.dtype).reshape(out.shape) / 7 + 1
        (out * w).sum().backward()
        print(tag, type(out.grad_fn).__name__, [type(n[0]).__name__ if n[0] is not None else None for n in out.grad_fn.next_functions])
        print(x.grad)
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
def t(tag, f):
    try: r = f(); print(tag, 'ok', r)
    except Exception as e: print(tag, type(e).__name__, e)
x = torch.ones(3, requires_grad=True)
t('detach', lambda: x.detach().requires_grad_().add_(1))
t('view_leaf', lambda: torch.arange(3.).view(3).requires_grad_().mul_(2))
t('view_leaf_sub', lambda: torch.arange(3.).view(3).requires_grad_()[1:].mul_(2))
t('view_nonrg', lambda: torch.arange(3.)[1:].mul_(2))
t('view_nonrg_rgarg', lambda: torch.arange(3.)[1:].mul_(torch.ones(2, requires_grad=True)))
y = x * 2
t('nonleaf_view', lambda: y[1:].mul_(2))
t('clone_view', lambda: torch.arange(4.).reshape(2, 2).clone().requires_grad_().add_(1))
t('contig', lambda: torch.arange(4.).reshape(2, 2).contiguous().requires_grad_().add_(1))
a = torch.arange(12.).reshape(3, 4).requires_grad_()
t('setitem_int', lambda: a.__setitem__(0, 1.))
t('setitem_adv', lambda: a.__setitem__([0], 1.))
t('setitem_t', lambda: a.__setitem__(slice(1, 2), torch.ones(4)))
t('add_', lambda: a.add_(1))
t('view_add_', lambda: a.view(12).add_(1))
t('index_fill_', lambda: a.index_fill_(0, torch.tensor([0]), 2.))
t('masked_fill_', lambda: a.masked_fill_(a > 3, 2.))
t('scatter_', lambda: a.scatter_(0, torch.tensor([[0]]), 2.))
print(a, a.grad_fn, a.is_leaf)
with torch.no_grad():
    a[0] = 5.
    a.add_(1)
print(a)
(a * 2).sum().backward(); print(a.grad)
''',
'result_layouts': r'''
import torch
def show(tag, t):
    if isinstance(t, torch.Tensor):
        print(tag, t.dtype, tuple(t.shape), t.is_contiguous(), t.stride(), type(t.grad_fn).__name__ if t.grad_fn is not None else None)
        print(t)
    else:
        print(tag, type(t).__name__, t)
def tryit(tag, f):
    try:
        show(tag, f())
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
def grad_of(tag, f, x):
    x = x.detach().clone().requires_grad_(True)
    try:
        out = f(x)
        w = torch.arange(out.numel(), dtype=out.dtype).reshape(out.shape) / 7 + 1
        (out * w).sum().backward()
        print(tag, type(out.grad_fn).__name__, [type(n[0]).__name__ if n[0] is not None else None for n in out.grad_fn.next_functions])
        print(x.grad)
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
base = torch.arange(60.).reshape(3, 4, 5)
views = {'perm': base.permute(2, 0, 1), 'tr': base[0].t(), 'step': base[:, ::2], 'cl': torch.arange(120.).reshape(2, 3, 4, 5).contiguous(memory_format=torch.channels_last)}
def ops(x):
    nd = x.dim()
    idx = torch.zeros_like(x, dtype=torch.long)
    return {
     'index_select0': lambda: x.index_select(0, torch.tensor([1, 0])), 'index_select_last': lambda: x.index_select(-1, torch.tensor([1, 0])),
     'gather': lambda: x.gather(0, idx), 'scatter': lambda: x.scatter(0, idx, 1.), 'scatter_add': lambda: x.scatter_add(0, idx, x),
     'scatter_reduce': lambda: x.scatter_reduce(0, idx, x, 'amax'), 'index_add': lambda: x.index_add(0, torch.tensor([0]), x[:1]),
     'index_copy': lambda: x.index_copy(0, torch.tensor([0]), x[:1]), 'index_fill': lambda: x.index_fill(0, torch.tensor([0]), 1.),
     'masked_fill': lambda: x.masked_fill(x > 3, 0.), 'masked_scatter': lambda: x.masked_scatter(x > 3, x), 'where': lambda: torch.where(x > 3, x, 0.),
     'flip': lambda: x.flip(0), 'roll': lambda: x.roll(1, 0), 'roll_flat': lambda: x.roll(1), 'rot90': lambda: x.rot90(1, (0, 1)),
     'tril': lambda: x.tril(), 'repeat': lambda: x.repeat(*([1] * nd)), 'tile': lambda: x.tile(2), 'ri': lambda: x.repeat_interleave(2, 0),
     'cat': lambda: torch.cat([x, x]), 'stack': lambda: torch.stack([x, x], 1), 'clone': lambda: x.clone(), 'take_along': lambda: torch.take_along_dim(x, idx, 0),
     'diag_embed': lambda: torch.diag_embed(x), 'index_put': lambda: x.index_put((torch.tensor([0]),), torch.tensor(1.)),
     'put': lambda: x.put(torch.tensor([0]), torch.tensor([1.])), 'adv_get': lambda: x[[0, 0]], 'mask_get_rows': lambda: x[torch.tensor([True] + [False] * (x.shape[0] - 1))],
     'index_reduce': lambda: x.index_reduce(0, torch.tensor([0]), x[:1], 'prod'),
    }
import warnings
warnings.simplefilter('ignore')
for vn, v in views.items():
    for k, f in ops(v).items():
        try:
            r = f()
            print(vn, k, tuple(r.shape), r.stride(), r.is_contiguous())
        except Exception as e:
            print(vn, k, 'ERR', type(e).__name__, e)
''',
'result_layouts2': r'''
import torch
def show(tag, t):
    if isinstance(t, torch.Tensor):
        print(tag, t.dtype, tuple(t.shape), t.is_contiguous(), t.stride(), type(t.grad_fn).__name__ if t.grad_fn is not None else None)
        print(t)
    else:
        print(tag, type(t).__name__, t)
def tryit(tag, f):
    try:
        show(tag, f())
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
def grad_of(tag, f, x):
    x = x.detach().clone().requires_grad_(True)
    try:
        out = f(x)
        w = torch.arange(out.numel(), dtype=out.dtype).reshape(out.shape) / 7 + 1
        (out * w).sum().backward()
        print(tag, type(out.grad_fn).__name__, [type(n[0]).__name__ if n[0] is not None else None for n in out.grad_fn.next_functions])
        print(x.grad)
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
import warnings
warnings.simplefilter('ignore')
base = torch.arange(120.).reshape(2, 3, 4, 5)
views = {'perm': base.permute(0, 3, 1, 2), 'cl': base.contiguous(memory_format=torch.channels_last), 'tr': base.transpose(0, 1), 'exp': base[:, :1].expand(2, 3, 4, 5)}
for vn, x in views.items():
    idx = torch.zeros(x.shape, dtype=torch.long)
    ops = {
     'scatter_src': lambda: x.scatter(1, idx, x), 'rot90_2': lambda: x.rot90(2, (2, 3)), 'rot90_1': lambda: x.rot90(1, (1, 2)), 'flip_multi': lambda: x.flip((1, 3)),
     'take': lambda: x.take(torch.tensor([[0, 1], [2, 3]])), 'where_sc': lambda: torch.where(x > 50, 1., x), 'index_add_alpha': lambda: x.index_add(1, torch.tensor([0, 0]), x[:, :2], alpha=2),
     'cat_mixed': lambda: torch.cat([x, base]), 'cat_dim1': lambda: torch.cat([x, x], 1), 'stack_last': lambda: torch.stack([x, x], -1), 'hstack': lambda: torch.hstack([x, x]),
     'masked_fill_t': lambda: x.masked_fill(x > 3, torch.tensor(1.)), 'tril': lambda: x.tril(1), 'triu': lambda: x.triu(-1), 'diagonal': lambda: x.diagonal(0, 2, 3),
     'diag_embed': lambda: torch.diag_embed(x[..., 0]), 'roll_dims': lambda: x.roll((1, 1), (1, 3)), 'tile': lambda: x.tile((1, 1, 1, 2)), 'ri_t': lambda: x.repeat_interleave(torch.tensor([1, 2, 1]), 1),
     'narrow_copy': lambda: x.narrow_copy(3, 1, 2), 'index_select_cl': lambda: x.index_select(1, torch.tensor([2, 0, 1])), 'gather_small': lambda: x.gather(3, idx[..., :2]),
     'adv_mid': lambda: x[:, [0, 2]], 'adv_two': lambda: x[:, [0, 2], :, [1, 1]], 'mask_last': lambda: x[..., torch.tensor([True, False, True, False, True])],
     'flatten': lambda: x.flatten(1), 'clone_preserve': lambda: x.clone(), 'contiguous': lambda: x.contiguous(), 'movedim_c': lambda: x.movedim(1, 3).contiguous(),
     'scatter_add': lambda: x.scatter_add(2, idx, x), 'index_copy': lambda: x.index_copy(2, torch.tensor([0, 1, 2, 3]), x), 'masked_scatter': lambda: x.masked_scatter(x > 50, x),
    }
    for k, f in ops.items():
        try:
            r = f()
            print(vn, k, tuple(r.shape), r.stride(), r.is_contiguous(), r.sum().item())
        except Exception as e:
            print(vn, k, 'ERR', type(e).__name__, e)
''',
'grad_edge': r'''
import torch
def show(tag, t):
    if isinstance(t, torch.Tensor):
        print(tag, t.dtype, tuple(t.shape), t.is_contiguous(), t.stride(), type(t.grad_fn).__name__ if t.grad_fn is not None else None)
        print(t)
    else:
        print(tag, type(t).__name__, t)
def tryit(tag, f):
    try:
        show(tag, f())
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
def grad_of(tag, f, x):
    x = x.detach().clone().requires_grad_(True)
    try:
        out = f(x)
        w = torch.arange(out.numel(), dtype=out.dtype).reshape(out.shape) / 7 + 1
        (out * w).sum().backward()
        print(tag, type(out.grad_fn).__name__, [type(n[0]).__name__ if n[0] is not None else None for n in out.grad_fn.next_functions])
        print(x.grad)
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
x = torch.arange(12.).reshape(3, 4).requires_grad_()
def tryb(tag, f):
    x.grad = None
    try:
        out = f()
        print(tag, type(out.grad_fn).__name__)
        out.sum().backward()
        g = x.grad
        print('  ', type(g).__name__, g.layout, g.is_sparse, g.to_dense().tolist() if g.is_sparse else g.tolist())
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
tryb('gather_sparse', lambda: x.gather(1, torch.tensor([[0, 0], [1, 2], [3, 3]]), sparse_grad=True))
tryb('scatter_reduce_add', lambda: x.scatter(0, torch.tensor([[0, 1]]), torch.ones(1, 2), reduce='add'))
tryb('scatter_val_reduce', lambda: x.scatter(0, torch.tensor([[0, 1]]), 2., reduce='multiply'))
tryb('index_put_mask_acc', lambda: x.index_put((x > 5,), torch.tensor(1.), accumulate=True))
tryb('index_put_mask_vals', lambda: x.index_put((x > 8,), torch.tensor([1., 2., 3.])))
tryb('take_neg', lambda: x.take(torch.tensor([-1, -12])))
tryb('tad_neg', lambda: torch.take_along_dim(x, torch.tensor([[-1], [-4], [0]]), 1))
tryb('gather_neg', lambda: x.gather(1, torch.tensor([[-1]])))
tryb('masked_select_bcast', lambda: x.masked_select(torch.tensor([True, False, False, True])))
tryb('where_self_bcast', lambda: torch.where(torch.tensor([[True], [False], [True]]), x, x.t()[:1, :3].t()))
tryb('unfold_overlap', lambda: x.unfold(1, 3, 1))
tryb('as_strided_overlap', lambda: x.as_strided((3, 3), (1, 1)))
tryb('expand_sum', lambda: x[:1].expand(5, 4))
tryb('diagonal_offset', lambda: x.diagonal(1))
tryb('select_scatter', lambda: torch.select_scatter(x, torch.zeros(4), 0, 1))
# double backward
x.grad = None
y = x[[0, 2]] * x[[0, 2]]
g, = torch.autograd.grad(y.sum(), x, create_graph=True)
print(type(g.grad_fn).__name__, [type(n[0]).__name__ for n in g.grad_fn.next_functions if n[0] is not None])
g.sum().backward(); print(x.grad.tolist())
x.grad = None
y = x.gather(1, torch.tensor([[0], [1], [2]])) ** 2
g, = torch.autograd.grad(y.sum(), x, create_graph=True)
print(type(g.grad_fn).__name__)
g.sum().backward(); print(x.grad.tolist())
x.grad = None
y = x.index_select(0, torch.tensor([1, 1])) ** 2
g, = torch.autograd.grad(y.sum(), x, create_graph=True)
print(type(g.grad_fn).__name__)
g.sum().backward(); print(x.grad.tolist())
x.grad = None
y = torch.flip(x, (0,)).roll(1, 1).repeat(2, 1) ** 2
g, = torch.autograd.grad(y.sum(), x, create_graph=True)
print(type(g.grad_fn).__name__)
g.sum().backward(); print(x.grad.tolist())
x = torch.arange(12.).reshape(3, 4).requires_grad_()
out = x.gather(1, torch.tensor([[0, 0], [1, 2], [3, 3]]), sparse_grad=True)
(out * torch.arange(6.).reshape(3, 2)).sum().backward()
print(x.grad)
print(x.grad.is_coalesced(), x.grad._indices(), x.grad._values())
out = x.gather(0, torch.tensor([[2, 1, 0, 0]]), sparse_grad=True)
out.sum().backward()
print(x.grad)
y = torch.arange(5.).requires_grad_()
y.gather(0, torch.tensor([4, 4]), sparse_grad=True).sum().backward(); print(y.grad, y.grad.coalesce())
print(out.grad_fn._saved_sparse_grad)
''',
'split_errors': r'''
import torch
def show(tag, t):
    if isinstance(t, torch.Tensor):
        print(tag, t.dtype, tuple(t.shape), t.is_contiguous(), t.stride(), type(t.grad_fn).__name__ if t.grad_fn is not None else None)
        print(t)
    else:
        print(tag, type(t).__name__, t)
def tryit(tag, f):
    try:
        show(tag, f())
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
def grad_of(tag, f, x):
    x = x.detach().clone().requires_grad_(True)
    try:
        out = f(x)
        w = torch.arange(out.numel(), dtype=out.dtype).reshape(out.shape) / 7 + 1
        (out * w).sum().backward()
        print(tag, type(out.grad_fn).__name__, [type(n[0]).__name__ if n[0] is not None else None for n in out.grad_fn.next_functions])
        print(x.grad)
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
x = torch.arange(12.).reshape(3, 4)
for k, f in [('split_neg', lambda: x.split(-1)), ('split_sum', lambda: x.split([1, 1])), ('split_sum_big', lambda: x.split([2, 2])),
             ('split_neg_list', lambda: x.split([4, -1])), ('split_dim', lambda: x.split(1, 2)), ('split_float', lambda: x.split(1.5)),
             ('split_tensor', lambda: x.split(torch.tensor(2))), ('split_tensor_list', lambda: x.split(torch.tensor([1, 2]))),
             ('swz_bad', lambda: x.split_with_sizes([1, 1])), ('chunk_neg', lambda: x.chunk(-1)), ('chunk_dim', lambda: x.chunk(2, 5)),
             ('tsplit_kw', lambda: x.tensor_split(indices=[1, 2], dim=1)), ('tsplit_sections_kw', lambda: x.tensor_split(sections=2)),
             ('tsplit_neg_idx', lambda: x.tensor_split([-1], dim=1)), ('hsplit_bad', lambda: x.hsplit(3)), ('vsplit_1d', lambda: torch.ones(4).vsplit(2)),
             ('hsplit_1d', lambda: torch.ones(4).hsplit(2)), ('dsplit_2d', lambda: x.dsplit(2)), ('hsplit_list', lambda: x.hsplit([1, 3])),
             ('unbind_dim', lambda: x.unbind(2)), ('unbind_neg', lambda: x.unbind(-1)), ('movedim_oob', lambda: x.movedim(2, 0)),
             ('movedim_dup_dst', lambda: x.movedim((0, 1), (0, 0))), ('flatten_oob', lambda: x.flatten(0, 2)), ('unflatten_neg_bad', lambda: x.unflatten(1, (-1, 3))),
             ('unflatten_empty', lambda: x.unflatten(1, ())), ('squeeze_oob_tuple', lambda: x.squeeze((0, 5))), ('unsqueeze_tuple', lambda: x.unsqueeze((0, 1))),
             ('narrow_start_neg', lambda: x.narrow(1, -5, 1)), ('narrow_start_t', lambda: x.narrow(1, torch.tensor([1]), 1)), ('narrow_start_float', lambda: x.narrow(1, 1.0, 1)),
             ('expand_neg_bad', lambda: x.expand(-2, 4)), ('expand_list', lambda: x.expand([3, 4])), ('expand_tuple_extra', lambda: x.expand((2, 3, 4))),
             ('broadcast_to_neg', lambda: torch.broadcast_to(x, (-1, 4))), ('repeat_float', lambda: x.repeat(1.5, 1)), ('tile_neg', lambda: x.tile(-1)),
             ('roll_float', lambda: x.roll(1.5)), ('flip_oob', lambda: x.flip(2)), ('flip_list', lambda: x.flip([0, -1])), ('rot90_k_float', lambda: x.rot90(1.0)),
             ('tril_float', lambda: x.tril(1.5)), ('diag_float', lambda: x.diag(0.5)), ('diagonal_oob', lambda: x.diagonal(0, 0, 2)), ('diag_embed_oob', lambda: x.diag_embed(0, 0, 5)),
             ('stack_tuple_gen', lambda: torch.stack(t for t in [x, x])), ('cat_tuple', lambda: torch.cat((x, x), dim=-1)), ('cat_none', lambda: torch.cat([x, None])),
             ('stack_dtype_mix', lambda: torch.stack([x, x.long()])), ('cat_scalar', lambda: torch.cat([x, 1])), ('block_diag_list', lambda: torch.block_diag([x])),
             ('cartesian_0d', lambda: torch.cartesian_prod(torch.tensor(1.))), ('combinations_0d', lambda: torch.combinations(torch.tensor(1.))),
             ('meshgrid_list_tuple', lambda: torch.meshgrid((torch.ones(2), torch.ones(3)), indexing='ij')[1]), ('tril_indices_float', lambda: torch.tril_indices(3.0, 3))]:
    tryit(k, f)
for f in [lambda: torch.tril_indices(3.0, 3), lambda: torch.triu_indices(3, 3, 1.5), lambda: torch.tril_indices(3, col=2.0), lambda: torch.tril_indices(3, 3, offset=None), lambda: torch.tril_indices(True, 3)]:
    try: print(f())
    except Exception as e: print(type(e).__name__, e)
for f in [lambda: torch.rot90(torch.ones(2,2), 1.0), lambda: torch.ones(2,2).rot90(k=1.0), lambda: torch.ones(2,2).rot90(True), lambda: torch.ones(2,2).rot90(torch.tensor(1)), lambda: torch.ones(2,2).rot90(__import__("numpy").int64(1))]:
  try: print(f().shape)
  except Exception as e: print(type(e).__name__, e)
''',
'setitem_errors': r'''
import torch
def show(tag, t):
    if isinstance(t, torch.Tensor):
        print(tag, t.dtype, tuple(t.shape), t.is_contiguous(), t.stride(), type(t.grad_fn).__name__ if t.grad_fn is not None else None)
        print(t)
    else:
        print(tag, type(t).__name__, t)
def tryit(tag, f):
    try:
        show(tag, f())
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
def grad_of(tag, f, x):
    x = x.detach().clone().requires_grad_(True)
    try:
        out = f(x)
        w = torch.arange(out.numel(), dtype=out.dtype).reshape(out.shape) / 7 + 1
        (out * w).sum().backward()
        print(tag, type(out.grad_fn).__name__, [type(n[0]).__name__ if n[0] is not None else None for n in out.grad_fn.next_functions])
        print(x.grad)
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
import numpy as np
def st(tag, x, idx, val):
    try:
        x[idx] = val
        print(tag, x.tolist())
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
x = lambda: torch.zeros(3, 4)
st('neg_step', x(), slice(None, None, -1), 1.)
st('zero_step', x(), slice(None, None, 0), 1.)
st('list_val', x(), 0, [1., 2., 3., 4.])
st('np_val', x(), 0, np.ones(4))
st('str_val', x(), 0, 'a')
st('none_val', x(), 0, None)
st('complex_val', x(), 0, 1j)
st('int_overflow', torch.zeros(3, dtype=torch.int8), 0, 300)
st('uint8_neg', torch.zeros(3, dtype=torch.uint8), 0, -1)
st('bool_from_float', torch.zeros(3, dtype=torch.bool), 0, 2.5)
st('long_from_float', torch.zeros(3, dtype=torch.long), 1, 2.7)
st('long_from_inf', torch.zeros(3, dtype=torch.long), 1, float('inf'))
st('float_from_big', torch.zeros(3), 1, 10**40)
st('half_from_big', torch.zeros(3, dtype=torch.float16), 1, 1e6)
st('tensor_mismatch_basic', x(), (0, slice(0, 2)), torch.ones(3))
st('tensor_bcast_bad', x(), slice(0, 2), torch.ones(2, 1, 4))
st('tensor_bcast_lead1', x(), slice(0, 2), torch.ones(1, 1, 2, 4))
st('adv_bcast_lead1', x(), [0, 1], torch.ones(1, 1, 2, 4))
st('adv_bad', x(), [0, 1], torch.ones(3, 4))
st('mask_bad_val', x(), torch.zeros(3, 4, dtype=torch.bool), torch.ones(2))
st('mask_empty_val', x(), torch.zeros(3, 4, dtype=torch.bool), torch.ones(0))
st('mask_none_true', x(), torch.zeros(3, 4, dtype=torch.bool), 5.)
st('oob_neg', x(), -4, 1.)
st('oob_tuple', x(), (0, 4), 1.)
st('oob_adv', x(), (torch.tensor([0, 3]),), 1.)
st('float_idx', x(), torch.tensor([0.5]), 1.)
st('0d_setitem', torch.tensor(1.), 0, 2.)
st('0d_ellipsis', torch.tensor(1.), Ellipsis, 2.)
st('0d_none', torch.tensor(1.), None, 2.)
st('0d_mask', torch.tensor(1.), torch.tensor(True), 3.)
st('0d_mask_false', torch.tensor(1.), torch.tensor(False), 3.)
st('self_overlap', x(), slice(1, 3), None)
y = torch.arange(6.)
st('self_alias', y, slice(1, 4), y[0:3])
z = torch.arange(6.)
st('self_alias_adv', z, [1, 2, 3], z[0:3])
b = torch.zeros(3)
st('expanded', b.expand(2, 3), 0, 1.)
print(b)
st('expanded_adv', torch.zeros(3).expand(2, 3), [0], torch.ones(1, 3))
st('expanded_col', torch.zeros(3).expand(2, 3), (slice(None), 0), 5.)
st('expanded_col_t', torch.zeros(3).expand(2, 3), (slice(None), 0), torch.tensor(5.))
st('expanded_row_t', torch.zeros(3).expand(2, 3), 1, torch.tensor([1., 2., 3.]))
st('expanded_mask', torch.zeros(3).expand(2, 3), torch.tensor([[True, False, False], [False, False, True]]), 7.)
st('expanded_all', torch.zeros(3).expand(2, 3), Ellipsis, 2.)
c = torch.zeros(3).expand(2, 3)
c[0].add_(1); print(c)
for dt, v in [(torch.long, float('nan')), (torch.int32, float('inf')), (torch.int8, -float('inf')), (torch.uint8, float('nan')), (torch.float32, 2**63),
              (torch.float32, -2**63 - 1), (torch.long, 2**63), (torch.float64, 10**40), (torch.bool, float('nan')), (torch.float16, 1e10), (torch.int32, 1e10),
              (torch.int8, 300.5), (torch.float32, 1e39), (torch.int8, 127.9), (torch.uint8, -0.5), (torch.uint8, -1), (torch.long, -2.5), (torch.float32, float('nan'))]:
    st('conv %s %r' % (dt, v), torch.zeros(3, dtype=dt), 1, v)
    st('  adv', torch.zeros(3, dtype=dt), [1], v)
''',
'view_layouts': r'''
import torch
def show(tag, t):
    if isinstance(t, torch.Tensor):
        print(tag, t.dtype, tuple(t.shape), t.is_contiguous(), t.stride(), type(t.grad_fn).__name__ if t.grad_fn is not None else None)
        print(t)
    else:
        print(tag, type(t).__name__, t)
def tryit(tag, f):
    try:
        show(tag, f())
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
def grad_of(tag, f, x):
    x = x.detach().clone().requires_grad_(True)
    try:
        out = f(x)
        w = torch.arange(out.numel(), dtype=out.dtype).reshape(out.shape) / 7 + 1
        (out * w).sum().backward()
        print(tag, type(out.grad_fn).__name__, [type(n[0]).__name__ if n[0] is not None else None for n in out.grad_fn.next_functions])
        print(x.grad)
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
base = torch.arange(120.).reshape(2, 3, 4, 5)
views = {'perm': base.permute(0, 3, 1, 2), 'cl': base.contiguous(memory_format=torch.channels_last), 'exp': base[:, :1].expand(2, 3, 4, 5), 'step': base[:, ::2, 1:, ::2]}
for vn, x in views.items():
    ops = {
     'narrow': lambda: x.narrow(2, 1, 2), 'unfold': lambda: x.unfold(3, 2, 1), 'diagonal': lambda: x.diagonal(0, 1, 3), 'select': lambda: x.select(1, 0),
     'unsqueeze': lambda: x.unsqueeze(2), 'squeeze': lambda: x[:, :1].squeeze(1), 'movedim': lambda: x.movedim(0, -1), 'T': lambda: x.mT,
     'flatten_ok': lambda: x.flatten(2), 'flatten_all': lambda: x.flatten(), 'reshape': lambda: x.reshape(6, -1), 'unflatten': lambda: x.unflatten(3, (1, -1)),
     'expand': lambda: x[:, :, :1].expand(-1, -1, 3, -1), 'split': lambda: x.split(2, 3)[1], 'chunk': lambda: x.chunk(2, 2)[0], 'unbind': lambda: x.unbind(1)[1],
     'as_strided': lambda: x.as_strided((2, 2), (1, 2)), 'view_ok': lambda: x.view(x.shape), 'getitem_none': lambda: x[:, None, ..., None, 1],
     'tsplit': lambda: x.tensor_split([1, 3], 3)[1], 'swap': lambda: x.swapaxes(1, 2), 'permute': lambda: x.permute(3, 2, 1, 0), 'alias_t': lambda: x[...],
     'real': lambda: x.real, 'detach': lambda: x.detach(), 'view_as_self': lambda: x.view_as(x),
    }
    for k, f in ops.items():
        try:
            r = f()
            print(vn, k, tuple(r.shape), r.stride(), r.is_contiguous(), r.storage_offset(), r._base is not None)
        except Exception as e:
            print(vn, k, 'ERR', type(e).__name__, e)
base = torch.arange(120.).reshape(2, 3, 4, 5)
cl = base.contiguous(memory_format=torch.channels_last)
r = cl.as_strided((2, 2), (1, 2)); print(r, r.storage_offset())
p = base.permute(3, 1, 0, 2).contiguous().permute(2, 1, 3, 0)
r = p.as_strided((3,), (7,), 2); print(r, r.storage_offset())
v = cl[1:, :, 1:]
r = v.as_strided((2, 3), (3, 1)); print(r, r.storage_offset(), v.storage_offset())
r = v.as_strided((2, 3), (3, 1), 0); print(r)
q = cl.t() if cl.dim() == 2 else cl.transpose(0, 3)
print(q.as_strided((4,), (1,)))
a = cl.clone().requires_grad_()
out = a.as_strided((3, 2), (2, 1), 1); (out * torch.arange(6.).reshape(3, 2)).sum().backward(); print(a.grad.flatten()[:10], a.grad.stride())
d = base[:, ::2, 1:].detach(); print(d.storage_offset(), base[:, ::2, 1:].storage_offset())
e = base[1].data; print(e.storage_offset())
''',
'duplicates': r'''
import torch
def show(tag, t):
    if isinstance(t, torch.Tensor):
        print(tag, t.dtype, tuple(t.shape), t.is_contiguous(), t.stride(), type(t.grad_fn).__name__ if t.grad_fn is not None else None)
        print(t)
    else:
        print(tag, type(t).__name__, t)
def tryit(tag, f):
    try:
        show(tag, f())
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
def grad_of(tag, f, x):
    x = x.detach().clone().requires_grad_(True)
    try:
        out = f(x)
        w = torch.arange(out.numel(), dtype=out.dtype).reshape(out.shape) / 7 + 1
        (out * w).sum().backward()
        print(tag, type(out.grad_fn).__name__, [type(n[0]).__name__ if n[0] is not None else None for n in out.grad_fn.next_functions])
        print(x.grad)
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
x = torch.zeros(5)
i = torch.tensor([1, 3, 1, 1, 3])
v = torch.tensor([1., 2., 3., 4., 5.])
print('index_put', x.clone().index_put_((i,), v).tolist())
print('setitem', (lambda y: (y.__setitem__(i, v), y)[1])(x.clone()).tolist())
print('put', x.clone().put_(i, v).tolist())
print('index_copy', x.clone().index_copy_(0, i, v).tolist())
print('scatter', x.clone().scatter_(0, i, v).tolist())
print('index_fill', x.clone().index_fill_(0, i, 7.).tolist())
print('scatter_reduce_prod', (x + 2).scatter_reduce(0, i, v, 'prod').tolist())
print('scatter_reduce_mean', (x + 2).scatter_reduce(0, i, v, 'mean', include_self=False).tolist())
print('index_reduce_mean', (x + 2).index_reduce(0, i, v, 'mean').tolist())
print('index_add', x.clone().index_add_(0, i, v, alpha=0.5).tolist())
m = torch.zeros(3, 3)
print('2d_dup', m.clone().index_put_((torch.tensor([0, 0, 2]), torch.tensor([1, 1, 2])), torch.tensor([1., 2., 3.])).tolist())
print('2d_dup_acc', m.clone().index_put_((torch.tensor([0, 0, 2]), torch.tensor([1, 1, 2])), torch.tensor([1., 2., 3.]), accumulate=True).tolist())
print('2d_rows_dup', m.clone().index_put_((torch.tensor([2, 2]),), torch.tensor([[1., 2., 3.], [4., 5., 6.]])).tolist())
a = torch.zeros(5, requires_grad=True)
vv = v.clone().requires_grad_()
out = a.index_put((i,), vv)
(out * torch.arange(5.)).sum().backward(); print('grad v', vv.grad.tolist(), a.grad.tolist())
vv.grad = None; a.grad = None
out = a.scatter(0, i, vv)
(out * torch.arange(5.)).sum().backward(); print('grad scatter v', vv.grad.tolist(), a.grad.tolist())
vv.grad = None; a.grad = None
out = a.index_copy(0, i, vv)
(out * torch.arange(5.)).sum().backward(); print('grad index_copy v', vv.grad.tolist(), a.grad.tolist())
vv.grad = None; a.grad = None
out = a.put(i, vv)
(out * torch.arange(5.)).sum().backward(); print('grad put v', vv.grad.tolist(), a.grad.tolist())
''',
'realistic': r'''
import torch
def show(tag, t):
    if isinstance(t, torch.Tensor):
        print(tag, t.dtype, tuple(t.shape), t.is_contiguous(), t.stride(), type(t.grad_fn).__name__ if t.grad_fn is not None else None)
        print(t)
    else:
        print(tag, type(t).__name__, t)
def tryit(tag, f):
    try:
        show(tag, f())
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
def grad_of(tag, f, x):
    x = x.detach().clone().requires_grad_(True)
    try:
        out = f(x)
        w = torch.arange(out.numel(), dtype=out.dtype).reshape(out.shape) / 7 + 1
        (out * w).sum().backward()
        print(tag, type(out.grad_fn).__name__, [type(n[0]).__name__ if n[0] is not None else None for n in out.grad_fn.next_functions])
        print(x.grad)
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
torch.manual_seed(0)
logits = torch.randn(4, 5, requires_grad=True)
y = torch.tensor([1, 0, 4, 1])
logp = logits.log_softmax(-1)
picked = logp.gather(1, y[:, None]).squeeze(1)
show('picked', picked)
loss = -picked.mean(); loss.backward(); print(logits.grad)
onehot = torch.zeros(4, 5).scatter_(1, y.unsqueeze(1), 1.)
print(onehot, torch.nn.functional.one_hot(y, 5))
# attention mask
scores = torch.randn(2, 3, 3, requires_grad=True)
mask = torch.triu(torch.ones(3, 3, dtype=torch.bool), 1)
att = scores.masked_fill(mask, float('-inf')).softmax(-1)
show('att', att)
(att * torch.arange(18.).reshape(2, 3, 3)).sum().backward(); print(scores.grad)
# beam reorder
h = torch.arange(12.).reshape(4, 3).requires_grad_()
order = torch.tensor([2, 2, 0, 1])
hr = h.index_select(0, order)
hr2 = h[order]
print(torch.equal(hr, hr2), type(hr.grad_fn).__name__, type(hr2.grad_fn).__name__)
(hr * 2 + hr2).sum().backward(); print(h.grad)
# embedding-like lookup
E = torch.randn(6, 2, requires_grad=True)
ids = torch.tensor([[0, 5, 5], [2, 0, 0]])
emb = E[ids]
show('emb', emb)
emb.sum().backward(); print(E.grad)
# build in a loop
out = torch.zeros(3, 4)
w = torch.ones(4, requires_grad=True)
for i in range(3):
    out[i] = w * i
    out[i, i] = -1.
show('loop', out)
out.sum().backward(); print(w.grad)
# stack of 0-d
vals = [w[0] * k for k in range(3)]
s = torch.stack(vals)
show('stack0d', s)
# top-k mask
t = torch.tensor([[0.1, 0.5, 0.2, 0.9], [0.3, 0.3, 0.8, 0.1]])
top = t.topk(2, dim=1)
m = torch.zeros_like(t, dtype=torch.bool).scatter_(1, top.indices, True)
print(m, t[m], t.masked_fill(~m, 0))
# masked mean
x = torch.arange(12.).reshape(3, 4).requires_grad_()
mk = torch.tensor([[1, 1, 0, 0], [1, 0, 0, 0], [1, 1, 1, 1]], dtype=torch.bool)
mm = (x * mk).sum(1) / mk.sum(1)
show('mm', mm)
mm.sum().backward(); print(x.grad)
# argmax gather
am = x.argmax(1, keepdim=True)
print(x.gather(1, am), torch.take_along_dim(x, am, 1))
# sort then unsort
sv, si = x.detach().flip(1).sort(1)
inv = torch.empty_like(si).scatter_(1, si, torch.arange(4).expand(3, 4))
print(sv.gather(1, inv))
# where with nan masking
z = torch.tensor([1., float('nan'), 3.], requires_grad=True)
safe = torch.where(torch.isnan(z), torch.zeros_like(z), z)
safe.sum().backward(); print(safe, z.grad)
''',
'saved_attrs': r'''
import torch
def show(tag, t):
    if isinstance(t, torch.Tensor):
        print(tag, t.dtype, tuple(t.shape), t.is_contiguous(), t.stride(), type(t.grad_fn).__name__ if t.grad_fn is not None else None)
        print(t)
    else:
        print(tag, type(t).__name__, t)
def tryit(tag, f):
    try:
        show(tag, f())
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
def grad_of(tag, f, x):
    x = x.detach().clone().requires_grad_(True)
    try:
        out = f(x)
        w = torch.arange(out.numel(), dtype=out.dtype).reshape(out.shape) / 7 + 1
        (out * w).sum().backward()
        print(tag, type(out.grad_fn).__name__, [type(n[0]).__name__ if n[0] is not None else None for n in out.grad_fn.next_functions])
        print(x.grad)
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
x = torch.arange(24.).reshape(2, 3, 4).requires_grad_()
def attrs(tag, t):
    fn = t.grad_fn
    names = sorted(a for a in dir(fn) if a.startswith('_saved_') and not a.endswith('_raw'))
    out = []
    for a in names:
        try:
            v = getattr(fn, a)
        except Exception as e:
            v = type(e).__name__
        if isinstance(v, torch.Tensor):
            v = ('T', tuple(v.shape), v.dtype)
        elif isinstance(v, tuple) and v and isinstance(v[0], (torch.Tensor, type(None))):
            v = tuple(('T', tuple(i.shape)) if isinstance(i, torch.Tensor) else i for i in v)
        out.append((a, v))
    print(tag, type(fn).__name__, out)
i = torch.tensor([1, 0])
attrs('select', x[1])
attrs('select_neg', x.select(-1, -2))
attrs('slice', x[:, 1:3])
attrs('slice_step', x[..., ::2])
attrs('index', x[i])
attrs('index_mixed', x[:, [0, 2], 1:])
attrs('index_mask', x[x > 5])
attrs('index_select', x.index_select(2, torch.tensor([3, 0])))
attrs('gather', x.gather(1, torch.zeros(2, 1, 4, dtype=torch.long)))
attrs('masked_fill', x.masked_fill(x > 3, 0.))
attrs('narrow', x.narrow(2, 1, 2))
attrs('unfold', x.unfold(2, 2, 1))
attrs('diagonal', x.diagonal(1, 1, 2))
attrs('repeat', x.repeat(1, 2, 1))
attrs('expand', x[:, :1].expand(2, 3, 4))
attrs('flip', x.flip(0, 2))
attrs('roll', x.roll(1, 2))
attrs('rot90', x.rot90(1, (1, 2)))
attrs('tril', x.tril(1))
attrs('split', x.split(2, 2)[0])
attrs('unbind', x.unbind(1)[0])
attrs('stack', torch.stack([x, x], 1))
attrs('cat', torch.cat([x, x], -1))
attrs('permute', x.permute(2, 0, 1))
attrs('squeeze', x[:, :1].squeeze(1))
attrs('unsqueeze', x.unsqueeze(-1))
attrs('where', torch.where(x > 3, x, 0.))
attrs('movedim', x.movedim(0, 2))
attrs('diag_embed', torch.diag_embed(x, 1))
attrs('take_along', torch.take_along_dim(x, torch.zeros(2, 1, 4, dtype=torch.long), 1))
y = torch.ones(2, 3, 4, requires_grad=True)
print(y.rot90(1, (-1, 0)).grad_fn._saved_dims, torch.diag_embed(y, -1, 0, -1).grad_fn._saved_dim1, torch.diag_embed(y, -1, 0, -1).grad_fn._saved_dim2)
''',
'cat_promo': r'''
import torch
def show(tag, t):
    if isinstance(t, torch.Tensor):
        print(tag, t.dtype, tuple(t.shape), t.is_contiguous(), t.stride(), type(t.grad_fn).__name__ if t.grad_fn is not None else None)
        print(t)
    else:
        print(tag, type(t).__name__, t)
def tryit(tag, f):
    try:
        show(tag, f())
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
def grad_of(tag, f, x):
    x = x.detach().clone().requires_grad_(True)
    try:
        out = f(x)
        w = torch.arange(out.numel(), dtype=out.dtype).reshape(out.shape) / 7 + 1
        (out * w).sum().backward()
        print(tag, type(out.grad_fn).__name__, [type(n[0]).__name__ if n[0] is not None else None for n in out.grad_fn.next_functions])
        print(x.grad)
    except Exception as e:
        print(tag, 'ERR', type(e).__name__, e)
e = torch.tensor([])
cases = [
 ('empty_long', lambda: torch.cat([e, torch.ones(2, dtype=torch.long)])), ('long_empty_2d', lambda: torch.cat([torch.ones(2, 2, dtype=torch.long), e])),
 ('int_bool', lambda: torch.cat([torch.ones(2, dtype=torch.int32), torch.ones(2, dtype=torch.bool)])), ('half_float', lambda: torch.cat([torch.ones(1, dtype=torch.half), torch.ones(1)])),
 ('uint8_int8', lambda: torch.cat([torch.ones(1, dtype=torch.uint8), torch.ones(1, dtype=torch.int8)])), ('complex', lambda: torch.cat([torch.ones(1), torch.ones(1, dtype=torch.complex64)])),
 ('stack_promo', lambda: torch.stack([torch.ones(2), torch.ones(2, dtype=torch.float64)])), ('hstack_promo', lambda: torch.hstack([torch.ones(2, dtype=torch.long), torch.ones(2)])),
 ('empty2d_dim1', lambda: torch.cat([torch.zeros(0, 3), torch.zeros(0, 2)], 1)), ('empty_mismatch', lambda: torch.cat([torch.zeros(0, 3), torch.zeros(2, 2)])),
 ('empty3', lambda: torch.cat([torch.zeros(2, 0, 3), torch.zeros(2, 1, 3)], 1)), ('empty_legacy_dim1', lambda: torch.cat([torch.ones(2, 2), e], 1)),
 ('only_empties', lambda: torch.cat([e, e, torch.zeros(0, 2)])), ('cat_out_promo', lambda: torch.cat([torch.ones(1), torch.ones(1)], out=torch.empty(0, dtype=torch.long))),
 ('grad_empty', lambda: torch.cat([e.requires_grad_(), torch.ones(2, requires_grad=True)])),
]
for k, f in cases:
    tryit(k, f)
a = torch.ones(2, requires_grad=True); b = torch.zeros(0, requires_grad=True)
out = torch.cat([a, b]); out.sum().backward(); print(a.grad, b.grad, type(out.grad_fn).__name__)
''',
}

ember_outputs, torch_outputs, test_program_matches_pytorch = program_tests(PROGRAMS)


def _names(t):
    return [None if n is None else type(n).__name__ for n, _ in t.grad_fn.next_functions]


def test_setitem_advanced_value_dtype_must_match():
    x = ember.zeros(5, dtype=ember.long)
    msg = ("Index put requires the source and destination dtypes match, got Long for the destination and Float for "
           "the source.")
    raises_exactly(lambda: x.__setitem__(ember.tensor([1]), ember.tensor([2.7])), RuntimeError, msg)
    raises_exactly(lambda: x.__setitem__([1], ember.tensor(2.7)), RuntimeError, msg)
    x[ember.tensor([True, False, True, False, False])] = ember.tensor(2.7)  # masked_fill: cast
    x[ember.tensor([1])] = 3  # a Python scalar takes x's dtype
    x[1:2] = ember.tensor([4.5])  # a basic index copies (casts)
    assert x.tolist() == [2, 4, 2, 0, 0]
    f = ember.zeros(3)
    raises_exactly(lambda: f.__setitem__(ember.tensor([1]), ember.tensor([1], dtype=ember.int32)), RuntimeError,
                   "Index put requires the source and destination dtypes match, got Float for the destination and "
                   "Int for the source.")


def test_index_put_too_many_indices_counts_them():
    y = ember.zeros(3, 4)
    raises_exactly(lambda: y.index_put_((ember.tensor([1]),) * 3, ember.tensor(1.)), IndexError,
                   "too many indices for tensor of dimension 2 (got 3)")
    raises_exactly(lambda: ember.index_put(y, (ember.tensor([1]),) * 3, ember.tensor(1.)), IndexError,
                   "too many indices for tensor of dimension 2 (got 3)")


def test_none_index_strides_follow_unsqueeze():
    x = ember.arange(60.).reshape(3, 4, 5)
    assert x[None, 1, None].stride() == (60, 20, 5, 1)
    assert x[..., None, 1:3].stride() == (20, 5, 5, 1)
    assert x[:, None].stride() == (20, 20, 5, 1)
    assert x[1, :, :, None].stride() == (5, 1, 1)
    r = x[None, [0, 1], None, 2]
    assert r.shape == (1, 2, 1, 5) and r.stride() == (10, 5, 5, 1)


def test_advanced_index_layout_follows_tensor_iterator():
    base = ember.arange(120.).reshape(2, 3, 4, 5)
    r = base.permute(3, 1, 0, 2)[None, :, [1]]
    assert r.shape == (1, 5, 1, 2, 4) and r.stride() == (5, 1, 5, 20, 5)
    x = ember.arange(3.).reshape(1, 1, 3).transpose(0, -1)  # strides (1, 3, 3): "contiguous", not row-major
    assert x[:, [0, 0], :].stride() == (1, 3, 6)
    y = ember.arange(3.).reshape(3, 1, 1).transpose(0, -1)
    assert y[None, :, [0, 0], :].stride() == (6, 6, 3, 1)
    z = ember.arange(2.).reshape(2, 1, 1).permute(1, 0, 2)
    assert z[:, :, [0]].stride() == (1, 1, 1)
    w = ember.randn(10, 4)
    assert w[ember.tensor([1, 3])].stride() == (4, 1) and w[:, [2, 0]].stride() == (2, 1)


def test_several_ellipses():
    x = ember.arange(24.).reshape(2, 3, 4)
    assert x[..., 0, ...].tolist() == x[:, :, 0].tolist()
    assert x[0, ..., ...].tolist() == x[0].tolist()
    assert x[..., None, ...].shape == (2, 3, 4, 1)
    assert x[..., [0, 2], ...].shape == (2, 3, 2)
    y = x.clone()
    y[..., 0, ...] = -1.
    assert y[:, :, 0].tolist() == [[-1.] * 3] * 2


def test_numpy_float_array_index_is_long():
    x = ember.arange(6.).reshape(3, 2)
    assert x[np.array([1.7])].tolist() == [[2., 3.]]
    assert x[np.array([-1.5])].tolist() == [[4., 5.]]
    assert x[np.array(1.0)].tolist() == [2., 3.]


@pytest.mark.filterwarnings("ignore:index_reduce")
def test_index_and_mask_get_no_edge():
    x = ember.arange(12.).reshape(3, 4).requires_grad_()
    i = ember.tensor([2, 0, 2])
    src = ember.ones(3, 4)
    assert _names(x.index_copy(0, ember.tensor([2, 0]), ember.zeros(2, 4))) == ["AccumulateGrad", None]
    assert _names(x.index_reduce(0, i, src, "amax")) == ["AccumulateGrad", None]
    assert _names(x.scatter_reduce(0, ember.tensor([[0, 1, 2, 0]]), src, "sum")) == ["AccumulateGrad", None]
    assert _names(x.masked_scatter(x > 3, src)) == ["AccumulateGrad", None]
    v = ember.tensor(2., requires_grad=True)
    out = x.index_fill(1, ember.tensor([0, 2]), v)
    assert out.grad_fn.name() == "IndexFillBackward1" and _names(out) == ["AccumulateGrad", "AccumulateGrad"]
    out.sum().backward()
    assert v.grad.item() == 6.0


def test_take_along_dim_graph():
    x = ember.arange(12.).reshape(3, 4).requires_grad_()
    out = ember.take_along_dim(x, ember.tensor([[0], [2], [1]]), dim=1)
    assert out.grad_fn.name() == "GatherBackward0" and _names(out) == ["ExpandBackward0"]
    assert _names(ember.take_along_dim(x, ember.tensor([1]))) == ["ViewBackward0"]
    raises_exactly(lambda: ember.take_along_dim(x.detach().t(), ember.tensor([1, 2])), RuntimeError,
                   "view size is not compatible with input tensor's size and stride (at least one dimension spans "
                   "across two contiguous subspaces). Use .reshape(...) instead.")


def test_inplace_on_leaf_view_of_plain_base():
    msg = "a view of a leaf Variable that requires grad is being used in an in-place operation."
    a = ember.arange(12.).reshape(3, 4).requires_grad_()
    raises_exactly(lambda: a.add_(1), RuntimeError, msg)
    raises_exactly(lambda: a.__setitem__(0, 1.), RuntimeError, msg)
    raises_exactly(lambda: a[1:].mul_(2), RuntimeError, msg)
    assert a.grad_fn is None and a.is_leaf and a[0].tolist() == [0., 1., 2., 3.]
    raises_exactly(lambda: ember.ones(3).clone().requires_grad_().add_(1), RuntimeError,
                   "a leaf Variable that requires grad is being used in an in-place operation.")
    ember.arange(3.)[1:].mul_(2)  # nothing requires grad: fine
    with ember.no_grad():
        a.add_(1)
    assert a[0, 0].item() == 1.0


def test_view_dtype_checks_and_layout():
    x = ember.arange(24.).reshape(2, 3, 4)
    t = x.transpose(1, 2)
    raises_exactly(lambda: t.view(ember.int16), RuntimeError,
                   "self.stride(-1) must be 1 to view Float as Short (different element sizes), but got 4")
    raises_exactly(lambda: ember.tensor(1.).view(ember.int8), RuntimeError,
                   "self.dim() cannot be 0 to view Float as Char (different element sizes)")
    raises_exactly(lambda: x[..., :3].view(ember.float64), RuntimeError,
                   "self.size(-1) must be divisible by 2 to view Float as Double (different element sizes), but got 3")
    raises_exactly(lambda: ember.ones(3)[1:].view(ember.float64), RuntimeError,
                   "self.storage_offset() must be divisible by 2 to view Float as Double (different element sizes), "
                   "but got 1")
    raises_exactly(lambda: ember.ones(3, 3)[:, :2].view(ember.float64), RuntimeError,
                   "self.stride(0) must be divisible by 2 to view Float as Double (different element sizes), but got 3")
    r = x[:, :, 1:3].view(ember.int16)
    assert r.shape == (2, 3, 4) and r.stride() == (24, 8, 1) and r.storage_offset() == 2
    assert t[..., :1].shape == (2, 4, 1)
    y = ember.zeros(4)
    z = y.view(ember.int32)
    z[0] = 1065353216  # the bits of 1.0f
    assert y[0].item() == 1.0 and z._base is y
    a = ember.ones(2, requires_grad=True)
    assert a.view(ember.float32) is a and not a.view(ember.int32).requires_grad


def test_empty_view_keeps_base_strides():
    x = ember.arange(20.).reshape(4, 5)
    assert x[:, 5:].stride() == (5, 1)
    assert x.narrow(1, 5, 0).stride() == (5, 1)
    assert x.t()[:, 4:].stride() == (1, 5)
    assert x[:, ::2][:, 3:].stride() == (5, 2)
    assert ember.zeros(3, 0).stride() == (1, 1)
    assert (x[:, 5:] + 1).stride() == (1, 1)


def test_tensor_split_index_dtype_message():
    x = ember.arange(6.)
    for t, word in [(ember.tensor([1], dtype=ember.int32), "Int"), (ember.tensor([1.]), "Float"),
                    (ember.tensor([[1.]]), "Float"), (ember.tensor([True]), "Bool")]:
        raises_exactly(lambda: x.tensor_split(t), RuntimeError,
                       f"tensor_split expected tensor_indices_or_sections to have dtype of long, but got {word}")
    raises_exactly(lambda: x.tensor_split(ember.tensor([1.]), dim=3), RuntimeError,
                   "tensor_split expected tensor_indices_or_sections to have dtype of long, but got Float")


def test_repeat_interleave_repeats_checks():
    x = ember.arange(6.).reshape(2, 3)
    raises_exactly(lambda: x.repeat_interleave(ember.tensor([1., 2.]), dim=0), NotImplementedError,
                   "\"repeat_interleave_cpu\" not implemented for 'Float'")
    raises_exactly(lambda: ember.repeat_interleave(ember.tensor([True])), NotImplementedError,
                   "\"repeat_interleave_cpu\" not implemented for 'Bool'")
    raises_exactly(lambda: x.repeat_interleave(ember.ones(2, 2, dtype=ember.long), dim=0), RuntimeError,
                   "repeats must be 0-dim or 1-dim tensor")
    raises_exactly(lambda: ember.repeat_interleave(ember.ones(2, 2, dtype=ember.long)), RuntimeError,
                   "repeat_interleave only accept 1D vector as repeat")
    raises_exactly(lambda: ember.ones(3).repeat_interleave(ember.tensor([1., 2.])), RuntimeError,
                   "repeats must have the same size as input along dim, but got repeats.size(0) = 2 and "
                   "input.size(0) = 3")
    v = ember.arange(3.).requires_grad_()
    out = v.repeat_interleave(2)
    assert out.grad_fn.name() == "ViewBackward0"
    assert out.grad_fn.next_functions[0][0].name() == "CloneBackward0"
    chain, fn = [], out.grad_fn
    while fn is not None:
        chain.append(fn.name())
        fn = fn.next_functions[0][0] if fn.next_functions else None
    assert chain == ["ViewBackward0", "CloneBackward0", "ExpandBackward0", "UnsqueezeBackward0",
                     "torch::autograd::AccumulateGrad"]


def test_diagflat_views_contiguous_input():
    x = ember.arange(12.).reshape(3, 4).requires_grad_()
    out = ember.diagflat(x[:2, :2], -1)
    assert out.grad_fn.name() == "DiagEmbedBackward0" and _names(out) == ["ViewBackward0"]
    assert out.grad_fn.next_functions[0][0].next_functions[0][0].name() == "CloneBackward0"
    assert _names(ember.diagflat(x)) == ["ViewBackward0"]


def test_scatter_reduce_fixes():
    b = ember.zeros(3, dtype=ember.bool)
    raises_exactly(lambda: b.scatter_reduce(0, ember.tensor([0, 0]), ember.tensor([True, False]), "mean"),
                   NotImplementedError, "\"scatter_gather_tensor_cpu_reduce_mean\" not implemented for 'Bool'")
    assert b.scatter_reduce(0, ember.tensor([0]), ember.tensor([True]), "amax").tolist() == [True, False, False]
    x1 = ember.zeros(4)
    raises_exactly(lambda: x1.scatter(0, ember.tensor([0, 1]), ember.tensor(2.)), RuntimeError,
                   "Expected index [2] to be no larger than self [4] apart from dimension 0 and to be no larger size "
                   "than src []")
    raises_exactly(lambda: ember.zeros(2, 3).scatter(0, ember.tensor([[1]]), ember.tensor(2.)), RuntimeError,
                   "Index tensor must have the same number of dimensions as src tensor")
    assert x1.scatter(0, ember.tensor([2]), ember.tensor(2.)).tolist() == [0., 0., 2., 0.]
    # amax with an excluded self equal to the result: PyTorch still counts it among the ties
    s = ember.tensor(2., requires_grad=True)
    x = ember.arange(4.).requires_grad_()
    out = x.scatter_reduce(0, ember.tensor([2]), s, "amax", include_self=False)
    (out * ember.arange(4.)).sum().backward()
    assert s.grad.item() == 1.0 and x.grad.tolist() == [0., 1., 0., 3.]


def test_index_add_index_checks():
    x = ember.arange(12.).reshape(3, 4)
    raises_exactly(lambda: x.index_add(0, ember.tensor([[0]]), ember.ones(1, 4)), IndexError,
                   "index_add_(): Index is supposed to be a vector, but got dim: 2 with type: Long and size: [1, 1]")
    raises_exactly(lambda: x.index_add(0, ember.tensor([0.]), ember.ones(1, 4)), RuntimeError,
                   "index_add_(): Expected dtype int32/int64 for index but got: Float")
    assert x.index_add(0, ember.tensor([0], dtype=ember.int32), ember.ones(1, 4))[0].tolist() == [1., 2., 3., 4.]


def test_repeat_interleave_out_is_parser_error():
    r = ember.tensor([1, 2])
    raises_exactly(lambda: ember.repeat_interleave(r, out=r), TypeError,
                   "repeat_interleave() received an invalid combination of arguments - got (Tensor, out=Tensor), but "
                   "expected one of:\n * (Tensor input, Tensor repeats, int dim = None, *, int output_size = None)\n"
                   " * (Tensor repeats, *, int output_size = None)\n"
                   " * (Tensor input, int repeats, int dim = None, *, int output_size = None)\n")
    raises_exactly(lambda: r.repeat_interleave(2, out=r), TypeError,
                   "repeat_interleave() received an invalid combination of arguments - got (int, out=Tensor), but "
                   "expected one of:\n * (Tensor repeats, int dim = None, *, int output_size = None)\n"
                   " * (int repeats, int dim = None, *, int output_size = None)\n")


def test_result_layouts_of_copies():
    base = ember.arange(60.).reshape(3, 4, 5)
    perm = base.permute(2, 0, 1)  # strides (1, 20, 5)
    preserve = (1, 20, 5)
    assert perm.index_fill(0, ember.tensor([0]), 1.).stride() == preserve  # clone(Preserve)
    assert perm.index_put((ember.tensor([0]),), ember.tensor(1.)).stride() == preserve
    assert perm.put(ember.tensor([0]), ember.tensor([1.])).stride() == preserve
    assert perm.masked_scatter(perm > 3, perm).stride() == (12, 4, 1)  # contiguous
    assert perm.repeat(1, 1, 1).stride() == (12, 4, 1)
    assert perm.narrow_copy(2, 1, 2).stride() == (6, 2, 1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert perm.index_reduce(0, ember.tensor([0]), perm[:1], "prod").stride() == (12, 4, 1)
    cl = ember.arange(120.).reshape(2, 3, 4, 5).contiguous(memory_format=ember.channels_last)
    assert cl.roll(1).stride() == (60, 20, 5, 1) and cl.roll(1, 1).stride() == (60, 1, 15, 3)
    exp = ember.arange(120.).reshape(2, 3, 4, 5)[:, :1].expand(2, 3, 4, 5)  # a broadcast C dim: NCHW
    assert exp.flip((1, 3)).stride() == (60, 20, 5, 1)
    assert exp.rot90(1, (1, 2)).stride() == (60, 5, 20, 1)
    assert ember.cat([exp, exp], 1).stride() == (120, 20, 5, 1)
    assert ember.tensor(3.).repeat(()).shape == () and ember.tensor(3.).roll(1).shape == ()


def test_gather_sparse_grad_is_sparse_coo():
    x = ember.arange(12.).reshape(3, 4).requires_grad_()
    out = x.gather(1, ember.tensor([[0, 0], [1, 2], [3, 3]]), sparse_grad=True)
    (out * ember.arange(6.).reshape(3, 2)).sum().backward()
    g = x.grad
    assert g.is_sparse and not g.is_coalesced()
    assert g._indices().tolist() == [[0, 0, 1, 1, 2, 2], [0, 0, 1, 2, 3, 3]]
    assert g._values().tolist() == [0., 1., 2., 3., 4., 5.]
    assert g.to_dense().tolist() == [[1., 0., 0., 0.], [0., 2., 3., 0.], [0., 0., 0., 9.]]
    x.gather(0, ember.tensor([[2, 1, 0, 0]]), sparse_grad=True).sum().backward()  # (strided values: appended)
    assert x.grad._indices().tolist() == [[0, 0, 1, 1, 2, 2, 2, 1, 0, 0], [0, 0, 1, 2, 3, 3, 0, 1, 2, 3]]


def test_split_and_tensor_split_arguments():
    x = ember.arange(12.).reshape(3, 4)
    raises_exactly(lambda: x.split([4, -1]), RuntimeError,
                   "split_with_sizes expects split_sizes have only non-negative entries, but got split_sizes=[4, -1]")
    raises_exactly(lambda: x.split(ember.tensor([1, 2])), TypeError,
                   "split_with_sizes(): argument 'split_sizes' (position 2) must be tuple of ints, not Tensor")
    assert [t.shape[0] for t in x.split(ember.tensor([2]))] == [2, 1]
    assert [t.shape[1] for t in x.tensor_split(indices=[1, 2], dim=1)] == [1, 1, 2]
    assert [t.shape[0] for t in x.tensor_split(sections=2)] == [2, 1]
    assert [t.shape[0] for t in ember.tensor_split(x, tensor_indices_or_sections=ember.tensor([1]))] == [1, 2]


def test_int_argument_parser_errors():
    x = ember.ones(2, 2)
    raises_exactly(lambda: ember.rot90(x, 1.0), TypeError, "rot90(): argument 'k' (position 2) must be int, not float")
    raises_exactly(lambda: x.rot90(True), TypeError, "rot90(): argument 'k' (position 1) must be int, not bool")
    assert x.rot90(ember.tensor(1)).shape == (2, 2) and x.rot90(np.int64(3)).shape == (2, 2)
    raises_exactly(lambda: ember.tril_indices(3.0, 3), TypeError,
                   "tril_indices(): argument 'row' (position 1) must be int, not float")
    raises_exactly(lambda: ember.triu_indices(3, 3, offset=None), TypeError,
                   "triu_indices(): argument 'offset' must be int, not NoneType")


def test_setitem_on_expanded_tensor_writes_shared_memory():
    b = ember.zeros(3)
    e = b.expand(2, 3)
    e[0] = 1.
    assert b.tolist() == [1., 1., 1.] and e.tolist() == [[1.] * 3] * 2
    e[1] = ember.tensor([1., 2., 3.])
    assert b.tolist() == [1., 2., 3.]
    e[0].add_(1)
    assert b.tolist() == [2., 3., 4.]
    msg = ("unsupported operation: more than one element of the written-to tensor refers to a single memory location. "
           "Please clone() the tensor before performing the operation.")
    raises_exactly(lambda: e.__setitem__((slice(None), 0), 5.), RuntimeError, msg)
    raises_exactly(lambda: e.__setitem__(Ellipsis, 2.), RuntimeError, msg)
    with pytest.warns(UserWarning, match="Use of index_put_ on expanded tensors is deprecated"):
        e[[0]] = ember.ones(1, 3)
    assert b.tolist() == [1., 1., 1.]


def test_setitem_python_scalar_conversion():
    def put(dtype, value):
        x = ember.zeros(3, dtype=dtype)
        x[1] = value
        return x[1].item()
    raises_exactly(lambda: put(ember.long, float("nan")), RuntimeError,
                   "value cannot be converted to type int64_t without overflow")
    raises_exactly(lambda: put(ember.int8, 300.5), RuntimeError,
                   "value cannot be converted to type int8_t without overflow")
    raises_exactly(lambda: put(ember.float32, 1e39), RuntimeError,
                   "value cannot be converted to type float without overflow")
    raises_exactly(lambda: put(ember.float64, 10 ** 40), ValueError, "Overflow when unpacking long long")
    raises_exactly(lambda: put(ember.long, 2 ** 63), ValueError, "Overflow when unpacking long long")
    x = ember.zeros(3, dtype=ember.int32)
    raises_exactly(lambda: x.__setitem__([1], 1e10), RuntimeError,
                   "value cannot be converted to type int without overflow")
    assert put(ember.long, -2.5) == -2 and put(ember.uint8, -1) == 255 and put(ember.float16, 1e10) == float("inf")
    assert put(ember.bool, float("nan")) is True


def test_as_strided_views_memory_and_detach_keeps_offset():
    base = ember.arange(120.).reshape(2, 3, 4, 5)
    cl = base.contiguous(memory_format=ember.channels_last)  # storage in NHWC order
    r = cl.as_strided((2, 2), (1, 2))
    assert r.storage_offset() == 0 and r.tolist() == [[0., 40.], [20., 1.]]
    v = cl[1:, :, 1:]
    assert v.storage_offset() == 75 and v.as_strided((2,), (3,)).tolist() == [65., 66.]
    assert base[:, ::2, 1:].detach().storage_offset() == 5
    assert base[1].data.storage_offset() == 60
    d = base[1].detach()
    assert d[1:].storage_offset() == 80


def test_rot90_and_diag_embed_saved_fields():
    y = ember.ones(2, 3, 4, requires_grad=True)
    fn = y.rot90(1, (-1, 0)).grad_fn
    assert fn._saved_dims == (18446744073709551615, 0) and fn._saved_k == 1
    fn = ember.diag_embed(y, -1, 0, -1).grad_fn
    assert (fn._saved_dim1, fn._saved_dim2, fn._saved_offset) == (0, 18446744073709551615, 18446744073709551615)
