"""What learners print while exploring tensors and autograd (program probe 11c), run under
``python -m ember run`` and under PyTorch 2.13; stdout must match exactly.

Themes: tensor reprs across dtypes (float16/32/64, the integer types, bool, complex) and values (sci-mode
switching, inf/nan, negative zero, integral floats, 0-d and empty shapes, wrapping at the line width,
summarisation of 1-D/2-D/3-D tensors); ``torch.set_printoptions`` (precision, threshold, edgeitems, linewidth,
sci_mode, the profiles); ``requires_grad``/``grad_fn=`` suffixes, ``str``/``repr``/f-strings and format specs,
``tolist``/``numpy``/``item``; ``torch.Size``, strides, dtype, device and layout; grad_fn names and
``next_functions`` chains of many ops (views, indexing, in-place ops, reductions, cat/stack/split, matmul,
losses); ``is_leaf``/``requires_grad`` flags; hooks (tensor, node pre/post, post-accumulate) that print;
``_version`` after in-place ops and through views; the ``grad_fn._saved_*`` attributes PyTorch exposes;
second derivatives with ``create_graph=True`` and ``torch.autograd.functional.jacobian``/``hessian``.

The unit tests at the end cover the fixes the probe led to:

* ``grad_fn._saved_*`` int fields read back as PyTorch's accessors return them, the argument as given with a
  negative one wrapped to ``uint64`` (``x.sum(-1).grad_fn._saved_dim == (18446744073709551615,)``), computed
  on access from what each node keeps (a node stores the argument only where it differs from the
  normalised value its backward uses): ``_saved_dim`` of sum/mean (a tuple; ``None`` for ``dim=None``, with
  its ``keepdim`` argument), softmax/log_softmax, cat/stack, select (by ``select`` or indexing), slice (also
  ``_saved_start``/``_end``/``_step``), squeeze/unsqueeze, cumsum/cumprod, unbind, split/chunk
  (``_saved_split_size(s)``), amax/amin, logsumexp, the value-selecting reductions (max/min/sort/topk/
  kthvalue/median/mode over a dim, with ``_saved_indices``), gather/index_select, norm/std/var;
  ``_saved_dim0``/``_dim1`` of transpose, ``_saved_dims`` of permute/flip/roll, ``_saved_diagonal`` of
  tril/triu, ``_saved_dim1``/``_dim2``/``_offset`` of diagonal, ``_saved_self_sym_numel`` of mean, the
  ``_saved_dimension``/``_size``/``_step`` of ``unfold``, cummax/cummin's ``_saved_dim``/``_indices``/``_self``
  and embedding's ``_saved_indices``/``_padding_idx``/``_scale_grad_by_freq``/``_sparse``/``_weight_sym_argsize_0``,
  prod's ``_saved_dim``/``_self``/``_result``, the ``_saved_self_sym_sizes`` of ``UnsafeViewBackward0``/
  ``ReshapeAliasBackward0``, and the convolution's ``_saved_stride``/``_padding``/``_dilation``/``_groups``/
  ``_output_padding``/``_bias_sym_sizes_opt``;
* the full reductions max/min/median and amax/amin save their input and result as PyTorch does
  (``_saved_self``/``_saved_result``, packed by ``saved_tensors_hooks``), so their backward raises PyTorch's
  in-place modification and "backward through the graph a second time" errors;
* ``PowBackward2`` (``2 ** x``) saves its exponent (``_saved_exponent``);
* ``NllLossBackward0``/``NllLoss2DBackward0`` expose ``_saved_self``/``_target``/``_weight``/``_total_weight``
  (computed for ``'sum'`` too, 0 for ``'none'``)/``_ignore_index``/``_reduction``, freed after backward;
* ``MmBackward0``/``AddmmBackward0`` expose the operands' ``_sym_sizes``/``_sym_strides`` (strides only for an
  operand that needs a gradient) and ``_saved_alpha``/``_saved_beta``; ``IndexBackward0`` its
  ``_saved_indices`` (``None`` for dims it leaves alone) and the sizes of the view it indexes;
* ``norm``'s ``_saved_ord`` is the ``ord``/``p`` as given (``torch.linalg.norm``'s default is ``2.0``);
  ``std``/``var``'s ``_saved_correction`` is that of the overload the call matches;
* ``elu``/``selu`` keep ATen's ``Scalar`` defaults (the int 1) for ``scale``/``input_scale``, ``softplus``
  for ``beta``/``threshold``; ``CeluBackward0``, ``SoftplusBackward0``, ``LerpBackward0``,
  ``HuberLossBackward0`` and the BCE nodes expose their fields;
* ``dir(grad_fn)`` lists only the node's own ``_saved_*`` accessors (``CeluBackward0`` inherits
  ``EluBackward0``'s class, not its fields);
* ``t[i]``/``t[i] = v`` on a 0-d tensor: index 0 gets PyTorch's "invalid index of a 0-dim tensor" hint,
  another int "index 5 is out of bounds for dimension 0 with size 0", on reads and writes alike;
* ``x.softmax(None)``, ``torch.log_softmax(x, None)``, ``x.cumsum(None)``, ``x.cumprod(dim=None)``: PyTorch's
  parser error (``softmax(): argument 'dim' (position 1) must be int, not NoneType``), not a comparison error;
* ``v[idx] = value`` on a view ``v`` writes through a view of ``v``; ``v``'s grad_fn is then regenerated
  (``AsStridedBackward0``) as for a view modified in place directly;
* an index of several ops records PyTorch's chain, one node per op in ``applySlicing``'s order
  (``x[1, 2]``: ``SelectBackward0`` over ``SelectBackward0``; ``x[1:, [0, 1]]``: ``IndexBackward0`` over
  ``SliceBackward0``), where ember recorded one node for the whole index;
* fields ember rebuilds on access that PyTorch saves as tensors (``_saved_indices``, the NLL tensors) have
  ``_raw_saved_<name>`` too (a ``SavedTensor`` whose ``register_hooks`` packs the value; reading the field
  unpacks it), and ``dir(grad_fn)`` no longer lists ember's ``saved`` method;
* under ``create_graph``: ``TanhBackwardBackward0``/``SigmoidBackwardBackward0`` expose ``_saved_grad_output``/
  ``_saved_output``, ``ThresholdBackwardBackward0``/``LeakyReluBackwardBackward0`` their ``_saved_self`` and
  scalar, the softmax ``...BackwardDataBackward0`` nodes also ``_saved_dim`` (the forward's, as
  given), and a full-reduction norm's backward multiplies by the 0-d gradient as PyTorch's ``norm_backward``
  does (it unsqueezes over a given ``dim`` only: ``_saved_self`` of its ``MulBackward0`` is 0-d).
"""
from __future__ import annotations

import pytest
from program_runner import program_tests, raises_exactly

import ember
import ember.nn.functional as F

WRAP = 1 << 64


PROGRAMS = {
'repr_dtypes': r'''
import torch
for dt in [torch.float16, torch.float32, torch.float64, torch.int8, torch.int16, torch.int32, torch.int64, torch.uint8, torch.bool]:
    x = torch.tensor([0, 1, 2, 3], dtype=dt)
    print(x)
    print(repr(x), str(x))
    print(f"{x}")
    print(x.dtype, x.shape, x.stride(), x.device, x.layout)
    print(x.tolist())
    print(torch.tensor(5, dtype=dt), torch.zeros(0, 3, dtype=dt), torch.zeros(2, 0, 4, dtype=dt))
for dt in [torch.complex64, torch.complex128]:
    z = torch.tensor([1+2j, -3.5j, 0, 1e10+1j], dtype=dt)
    print(z)
    print(torch.tensor([1+1j, 2-2j], dtype=dt))
    print(torch.tensor(3j, dtype=dt))
    print(z.real, z.imag, z.abs())
''',
'repr_magnitudes': r'''
import torch
vals = [
  [1e-10, 1.0, 2.0], [1e10, 1.0], [1e8, 1.0], [1e7, 1.0], [123456789.0], [0.0001, 0.1], [0.00001, 1],
  [1.5, 2.25, 3.125], [1., 2., 3.], [-0.0, 0.0], [float('inf'), 1.0], [float('-inf'), float('nan'), 2.0],
  [float('nan')], [float('inf'), 1e-5], [1e-5, 1e5], [100000., 1.], [1e15, 1e-15], [-1e-3, 2e-4],
  [3.0, float('nan'), 1e20], [0.1, 0.2, 0.3], [1/3, 2/3], [12345.678, 0.001],
]
for v in vals:
    for dt in [torch.float32, torch.float64, torch.float16]:
        t = torch.tensor(v, dtype=dt)
        print(t)
print(torch.tensor(-0.0), torch.tensor(1e-30), torch.tensor(1e30), torch.tensor(float('nan')))
print(torch.tensor([[1e-8, 1.0], [2.0, 1e8]]))
print(torch.tensor([2**31, 2**40], dtype=torch.float32))
print(torch.tensor([1e-300, 1e300], dtype=torch.float64))
print(torch.tensor([-5, 100, 2**40]))
print(torch.tensor([65504., 1e-4], dtype=torch.float16))
''',
'repr_more': r'''
import torch
print(torch.tensor([1e-4, 1e4]), torch.tensor([1e-5, 1e3]), torch.tensor([0.001, 1000.]), torch.tensor([1., 1e8]), torch.tensor([1., 1e9]))
print(torch.tensor([[1.5, -2.25e-3], [1e5, 7.]]))
print(torch.tensor([1+1e-5j, 1e6+2j]), torch.tensor([float('nan') + 1j, float('inf') - 2j]), torch.tensor([0.5-0.25j], dtype=torch.complex128))
print(torch.tensor([-0.0, 0.0, -1.5]), torch.tensor([-0.0]), torch.tensor(-0.0, dtype=torch.float64))
print(torch.arange(-50, 50).reshape(4, 25))
print(torch.arange(60.).reshape(3, 20) * -1.123)
print(torch.tensor([True, False] * 20))
print(torch.randint(-100000, 100000, (3, 12), generator=torch.Generator().manual_seed(0)))
print(torch.full((2, 3), 7, dtype=torch.int8), torch.full((2,), 255, dtype=torch.uint8), torch.full((2,), -2**31, dtype=torch.int32))
print(torch.tensor([2**62, -2**62]), torch.tensor([1, 2], dtype=torch.int16) * 1000)
print(torch.tensor([1., 2.], dtype=torch.float16) / 3, torch.tensor([60000., 0.0001], dtype=torch.float16))
print(torch.tensor([[[1., 2.], [3., 4.]], [[5., 6.], [7., 8.]]]))
print(torch.zeros(2, 1, 3), torch.ones(1, 1), torch.empty(0), torch.zeros(0, dtype=torch.int64), torch.zeros(3, 0, dtype=torch.bool))
print(torch.tensor(3), torch.tensor(3.5), torch.tensor(True), torch.tensor(2+3j), torch.tensor(7, dtype=torch.uint8), torch.tensor(1e-9), torch.tensor(123456789.))
x = torch.arange(6.).reshape(2, 3)
print(x.t(), x.t().is_contiguous(), x[:, ::2], x.unsqueeze(0).expand(2, 2, 3))
print(x.to(torch.int32), x.long().float(), x.bool(), x.to(torch.complex64))
print(torch.tensor([0.1, 0.2], dtype=torch.float64) + torch.tensor([0.2, 0.1], dtype=torch.float64))
print(torch.tensor([100.5, 2.25]), torch.tensor([1234567.0, 0.5]), torch.tensor([0.1234567891]))
print(torch.tensor([[float('inf'), 2.], [3., float('-inf')]]), torch.tensor([float('nan'), 1e-10]))
print(torch.linspace(-1, 1, 7), torch.logspace(0, 10, 5), torch.logspace(-10, 0, 4))
''',
'repr_summarize': r'''
import torch
print(torch.arange(1001))
print(torch.arange(1000))
print(torch.arange(2000.))
print(torch.arange(3000).reshape(30, 100))
print(torch.arange(3000.).reshape(10, 10, 30) / 7)
print(torch.linspace(0, 1, 50))
print(torch.arange(40.).reshape(2, 20) * 1.37)
print(torch.arange(1500, dtype=torch.int8))
print(torch.ones(1001, dtype=torch.bool))
print(torch.arange(2000).reshape(2, 1000))
print(torch.arange(2000).reshape(1000, 2))
x = torch.randn(1001)
torch.manual_seed(0)
print(torch.randn(3, 400))
print(torch.zeros(5, 0, 300))
''',
'printoptions': r'''
import torch
x = torch.tensor([1.123456789, 2.5, 1e-5, 300.0])
y = torch.arange(100.) / 3
torch.set_printoptions(precision=2)
print(x, y[:5])
torch.set_printoptions(precision=8)
print(x)
torch.set_printoptions(sci_mode=False)
print(x, torch.tensor([1e-10, 1e10]))
torch.set_printoptions(sci_mode=True)
print(x, torch.tensor([1., 2.]))
torch.set_printoptions(profile='default')
print(x, torch.tensor([1., 2.]))
torch.set_printoptions(threshold=10, edgeitems=2)
print(y, torch.arange(20).reshape(4, 5), torch.arange(11))
torch.set_printoptions(profile='short')
print(x, y)
torch.set_printoptions(profile='full')
print(torch.arange(1200))
torch.set_printoptions(profile='default')
torch.set_printoptions(linewidth=40)
print(y)
print(torch.arange(30).reshape(3, 10) * 1000)
torch.set_printoptions(linewidth=200)
print(y)
torch.set_printoptions(profile='default')
print(y)
torch.set_printoptions(edgeitems=1, threshold=5)
print(torch.arange(100.).reshape(10, 10))
print(torch.arange(27).reshape(3, 3, 3))
torch.set_printoptions(profile='default')
try:
    torch.set_printoptions(profile='bogus')
    print(x)
except Exception as e:
    print(type(e).__name__, e)
torch.set_printoptions(profile='default')
torch.set_printoptions(precision=0)
print(x, torch.tensor([0.5, 1.5, 2.5]))
torch.set_printoptions(profile='default')
print(torch.get_printoptions() if hasattr(torch, 'get_printoptions') else 'no')
torch.set_printoptions(profile='default', sci_mode=None)
''',
'repr_options2': r'''
import torch
torch.set_printoptions(precision=3, sci_mode=False)
print(torch.tensor([1e-8, 12345678.9, 0.5]))
print(torch.tensor([1.23456789e-3]), torch.tensor(3.14159265))
torch.set_printoptions(precision=4, sci_mode=True)
print(torch.tensor([1., 2.5, 100.]), torch.tensor(0.), torch.tensor([0., 0.]))
torch.set_printoptions(profile='default')
torch.set_printoptions(threshold=5)
print(torch.arange(6), torch.arange(5), torch.arange(12.).reshape(3, 4), torch.arange(24).reshape(2, 3, 4))
print(torch.tensor([True] * 10), torch.arange(10.).to(torch.complex64))
torch.set_printoptions(profile='default')
torch.set_printoptions(linewidth=30)
print(torch.arange(20.), torch.arange(12).reshape(2, 6) * 100000, torch.tensor([1+2j, 3-4j, 5+6j, 7-8j]))
torch.set_printoptions(profile='default')
torch.set_printoptions(edgeitems=5)
print(torch.arange(2000))
torch.set_printoptions(profile='default')
x = torch.tensor([1.5, 2.5], requires_grad=True)
torch.set_printoptions(precision=1)
print(x * 2, (x * 2).sum())
torch.set_printoptions(profile='default')
print(torch.get_printoptions() if hasattr(torch, 'get_printoptions') else None)
torch.set_printoptions(profile='short')
print(torch.tensor([1.123456, 2.]), torch.arange(1000.))
torch.set_printoptions(profile='default')
print(torch.tensor([1.123456, 2.]))
torch.set_printoptions(profile='default', sci_mode=None)
''',
'repr_grad': r'''
import torch
a = torch.tensor([1., 2., 3.], requires_grad=True)
print(a)
print(repr(a), str(a))
print(f"{a}")
b = a * 2
print(b)
print(a.sum(), a.mean(), a[0], a[1:], a.view(3, 1), a.t() if a.dim() < 2 else None)
print(a.double(), a.half(), a.to(torch.float64), a.detach().int())
print(torch.tensor(1., requires_grad=True), torch.zeros(0, requires_grad=True), torch.zeros(2, 0, requires_grad=True))
print(torch.tensor([1, 2], dtype=torch.float64, requires_grad=True))
print(torch.tensor([1, 2], dtype=torch.float16, requires_grad=True) * 2)
print(torch.tensor([1+1j], requires_grad=True))
print(a.detach(), a.data, a.detach().requires_grad_())
c = a.clone()
print(c, c.grad_fn.name(), c.is_leaf, c.requires_grad)
print(a.tolist(), a.detach().numpy())
try:
    print(a.numpy())
except Exception as e:
    print(type(e).__name__, e)
print(a.grad)
b.sum().backward()
print(a.grad, a.grad.grad_fn, a.grad.requires_grad)
big = torch.arange(2000., requires_grad=True)
print(big * 1)
print(torch.randn(2, 3, requires_grad=True).shape)
w = torch.nn.Parameter(torch.tensor([1., 2.]))
print(w, repr(w), str(w))
print(w * 3)
print(torch.nn.Parameter(torch.arange(3), requires_grad=False))
''',
'fstrings': r'''
import torch
t = torch.tensor(3.14159)
print(f"{t}", f"{t:.2f}", f"{t.item():.3f}", "{:.1f}".format(t), format(t, ".4e"))
v = torch.tensor([1.5, 2.5])
print(f"{v}", str(v), repr(v), "%s" % v, "%r" % (v,))
try:
    print(f"{v:.2f}")
except Exception as e:
    print(type(e).__name__, e)
i = torch.tensor(7)
print(f"{i}", f"{i:>5}", f"{int(i):03d}", f"{i.item()}")
try:
    print(f"{i:05d}")
except Exception as e:
    print(type(e).__name__, e)
g = torch.tensor(2., requires_grad=True) * 3
print(f"{g}", f"{g:.3f}", f"{g.item()}", f"{g.detach()}")
print([torch.tensor(1.), torch.tensor([2, 3])], (torch.tensor(1.),), {'a': torch.tensor([1.5])})
print(f"{torch.float32}", f"{torch.Size([2, 3])}", f"{torch.device('cpu')}", f"{v.shape}", f"{v.dtype}", f"{v.device}")
print(str(torch.Size([2])), repr(torch.Size([])), torch.Size([1, 2]) + torch.Size([3]))
print(torch.tensor([1.5]).__repr__(), torch.tensor(2).__str__())
b = torch.tensor(True)
print(f"{b}", f"{b.item()}", f"{torch.tensor(1+2j)}", f"{torch.tensor(1+2j).item()}")
h = torch.tensor(0.1, dtype=torch.float16)
print(f"{h}", f"{h.item()}", f"{h:.5f}", f"{torch.tensor(0.1, dtype=torch.float64):.20f}")
print("{}".format(torch.zeros(2, 2)))
''',
'size_stride': r'''
import torch
x = torch.zeros(2, 3, 4)
print(x.shape, x.size(), x.size(1), x.size(-1), x.stride(), x.stride(0), x.stride(-1))
print(repr(x.shape), str(x.shape), f"{x.shape}", x.shape == (2, 3, 4), list(x.shape), tuple(x.shape))
print(torch.Size([]), torch.Size([0]), torch.Size([5]), torch.Size((1, 2)), x.shape[1:], x.shape[0], type(x.shape[1:]))
print(x.shape + (5,), (5,) + x.shape, x.shape * 2, x.numel(), x.shape.numel(), x.dim(), x.ndim, x.ndimension())
y = x.transpose(0, 2)
print(y.shape, y.stride(), y.is_contiguous(), y.contiguous().stride())
print(x[:, 1].stride(), x[..., ::2].stride(), x.unsqueeze(1).stride(), x.unsqueeze(0).expand(5, 2, 3, 4).stride())
print(x.storage_offset(), x[1, 2].storage_offset(), x.element_size(), x.nbytes if hasattr(x, 'nbytes') else None, x.itemsize)
print(x.dtype, x.device, x.layout, x.is_cuda, x.is_sparse, x.is_floating_point(), x.is_complex())
print(torch.tensor(3.).shape, torch.tensor(3.).stride(), torch.tensor(3).dim())
for dt in [torch.float16, torch.int8, torch.bool, torch.complex64, torch.uint8]:
    print(dt, repr(dt), str(dt), dt.is_floating_point, dt.is_complex, dt.is_signed, dt.itemsize)
try:
    x.size(3)
except Exception as e:
    print(type(e).__name__, e)
try:
    x.stride(5)
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.Size([1.5])
except Exception as e:
    print(type(e).__name__, e)
try:
    x.shape[3]
except Exception as e:
    print(type(e).__name__, e)
print(torch.Size([2, 3]).count(2), torch.Size([2, 3]).index(3), hash(torch.Size([1])) == hash((1,)))
''',
'tolist_numpy': r'''
import torch
for t in [torch.tensor([1.5, 2.0]), torch.tensor([[1, 2], [3, 4]]), torch.tensor(3.25), torch.tensor(True), torch.tensor([1+2j]), torch.tensor([0.1], dtype=torch.float16), torch.tensor([1e-7], dtype=torch.float32), torch.zeros(2, 0)]:
    print(t.tolist(), type(t.tolist()))
    print(t.numpy(), repr(t.numpy()), t.numpy().dtype)
print(torch.tensor(2.5).item(), torch.tensor([7]).item(), torch.tensor(0.1).item(), torch.tensor(0.1, dtype=torch.float64).item())
try:
    torch.tensor([1, 2]).item()
except Exception as e:
    print(type(e).__name__, e)
print(float(torch.tensor(0.1)), int(torch.tensor(3.9)), bool(torch.tensor(0.)), complex(torch.tensor(1+2j)))
try:
    bool(torch.tensor([1, 2]))
except Exception as e:
    print(type(e).__name__, e)
print(torch.tensor([1.5, 2.5]).to(torch.int32), torch.tensor([-1.5, 2.7]).long())
print(torch.tensor([1, 0, 2]).bool(), torch.tensor([True, False]).float(), torch.tensor([1.7]).int().float())
import numpy as np
print(torch.from_numpy(np.array([1, 2], dtype=np.int16)), torch.from_numpy(np.array([1.5])), torch.as_tensor([1, 2.]))
print(torch.tensor(np.float32(2.5)), torch.tensor(np.array(3)))
''',
'dtype_info': r'''
import torch
for dt in [torch.float16, torch.float32, torch.float64, torch.bfloat16]:
    fi = torch.finfo(dt)
    print(fi)
    print(fi.eps, fi.max, fi.min, fi.tiny, fi.smallest_normal, fi.resolution, fi.bits, fi.dtype)
for dt in [torch.int8, torch.uint8, torch.int16, torch.int32, torch.int64]:
    ii = torch.iinfo(dt)
    print(ii, ii.max, ii.min, ii.bits, ii.dtype)
print(torch.finfo(), torch.get_default_dtype(), torch.promote_types(torch.int32, torch.float16), torch.result_type(torch.tensor([1]), 1.0))
print(torch.can_cast(torch.float32, torch.int32), torch.can_cast(torch.int32, torch.float32))
try:
    torch.iinfo(torch.float32)
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.finfo(torch.int32)
except Exception as e:
    print(type(e).__name__, e)
print(torch.tensor([1., 2.]).dtype.is_floating_point, torch.float32.to_complex(), torch.complex64.to_real(), torch.float16.itemsize)
print(torch.tensor(torch.finfo(torch.float32).max), torch.tensor(torch.finfo(torch.float16).tiny, dtype=torch.float16))
print(torch.tensor([torch.finfo(torch.float32).eps]), torch.tensor(torch.iinfo(torch.int64).max))
''',
'gradfn_names': r'''
import torch
x = torch.randn(3, 4, requires_grad=True)
y = torch.randn(4, 2, requires_grad=True)
ops = {
 'view': lambda: x.view(12), 'reshape': lambda: x.reshape(4, 3), 'flatten': lambda: x.flatten(), 't': lambda: x.t(),
 'T': lambda: x.T, 'mT': lambda: x.mT, 'transpose': lambda: x.transpose(0, 1), 'permute': lambda: x.permute(1, 0),
 'unsqueeze': lambda: x.unsqueeze(0), 'squeeze': lambda: x.unsqueeze(0).squeeze(0), 'squeeze_all': lambda: x.unsqueeze(0).squeeze(),
 'expand': lambda: x[:1].expand(3, 4), 'index_int': lambda: x[0], 'index_slice': lambda: x[1:], 'index_step': lambda: x[:, ::2],
 'index_list': lambda: x[[0, 2]], 'index_mask': lambda: x[x > 0], 'index_none': lambda: x[None], 'index_ell': lambda: x[..., 1],
 'index_tensor2': lambda: x[torch.tensor([0, 1]), torch.tensor([1, 2])], 'narrow': lambda: x.narrow(1, 0, 2), 'select': lambda: x.select(1, 2),
 'sum': lambda: x.sum(), 'sum_dim': lambda: x.sum(1), 'sum_dims': lambda: x.sum((0, 1)), 'mean': lambda: x.mean(), 'mean_dim': lambda: x.mean(0, keepdim=True),
 'std': lambda: x.std(), 'var': lambda: x.var(1), 'std_unb': lambda: x.std(0, unbiased=False), 'max': lambda: x.max(), 'max_dim': lambda: x.max(1)[0],
 'min': lambda: x.min(), 'min_dim': lambda: x.min(0).values, 'amax': lambda: x.amax(1), 'argmax': lambda: x.argmax(), 'prod': lambda: x.prod(), 'prod_dim': lambda: x.prod(1),
 'norm': lambda: x.norm(), 'norm_dim': lambda: x.norm(dim=1), 'norm_p1': lambda: x.norm(p=1), 'lnorm': lambda: torch.linalg.norm(x), 'vnorm': lambda: torch.linalg.vector_norm(x, ord=3),
 'cat': lambda: torch.cat([x, x]), 'stack': lambda: torch.stack([x, x]), 'split': lambda: x.split(2)[1], 'chunk': lambda: x.chunk(2, 1)[0], 'unbind': lambda: x.unbind()[0],
 'hstack': lambda: torch.hstack([x, x]), 'vstack': lambda: torch.vstack([x, x]),
 'matmul': lambda: x @ y, 'mm': lambda: x.mm(y), 'mv': lambda: x.mv(y[:, 0]), 'dot': lambda: y[:, 0].dot(y[:, 1]), 'bmm': lambda: x[None].bmm(y[None]),
 'einsum': lambda: torch.einsum('ij,jk->ik', x, y), 'matmul_1d': lambda: x @ y[:, 0], 'matmul_3d': lambda: x[None] @ y,
 'where': lambda: torch.where(x > 0, x, 0.), 'where2': lambda: torch.where(x > 0, x, x * 2), 'clamp': lambda: x.clamp(-0.5, 0.5), 'clamp_min': lambda: x.clamp(min=0),
 'clamp_t': lambda: x.clamp(min=torch.zeros(4)), 'clip': lambda: x.clip(0, 1),
 'pow_s': lambda: x ** 2, 'pow_t': lambda: x ** torch.full((3, 4), 2.), 'rpow': lambda: 2 ** x, 'pow_half': lambda: x.abs() ** 0.5, 'sqrt': lambda: x.abs().sqrt(),
 'double': lambda: x.double(), 'float': lambda: x.float(), 'half': lambda: x.half(), 'to': lambda: x.to(torch.float64), 'type': lambda: x.type(torch.float64),
 'softmax': lambda: x.softmax(1), 'log_softmax': lambda: x.log_softmax(-1), 'Fsoftmax': lambda: torch.nn.functional.softmax(x, dim=0),
 'mse': lambda: torch.nn.functional.mse_loss(x, torch.zeros(3, 4)), 'ce': lambda: torch.nn.functional.cross_entropy(x, torch.tensor([0, 1, 3])),
 'nll': lambda: torch.nn.functional.nll_loss(x, torch.tensor([0, 1, 3])), 'bce': lambda: torch.nn.functional.binary_cross_entropy(x.sigmoid(), torch.ones(3, 4)),
 'bcel': lambda: torch.nn.functional.binary_cross_entropy_with_logits(x, torch.ones(3, 4)), 'l1': lambda: torch.nn.functional.l1_loss(x, torch.zeros(3, 4)),
 'huber': lambda: torch.nn.functional.huber_loss(x, torch.zeros(3, 4)), 'sl1': lambda: torch.nn.functional.smooth_l1_loss(x, torch.zeros(3, 4)),
 'kl': lambda: torch.nn.functional.kl_div(x, torch.ones(3, 4), reduction='batchmean'),
 'relu': lambda: x.relu(), 'neg': lambda: -x, 'abs': lambda: x.abs(), 'sub': lambda: x - 1, 'rsub': lambda: 1 - x, 'div': lambda: x / 2, 'rdiv': lambda: 2 / x,
 'add_t': lambda: x + x, 'mul_t': lambda: x * x, 'exp': lambda: x.exp(), 'log': lambda: x.abs().log(), 'tanh': lambda: x.tanh(), 'sigmoid': lambda: x.sigmoid(),
 'sort': lambda: x.sort()[0], 'topk': lambda: x.topk(2)[0], 'cumsum': lambda: x.cumsum(0), 'flip': lambda: x.flip(0), 'roll': lambda: x.roll(1), 'repeat': lambda: x.repeat(2, 1),
 'gather': lambda: x.gather(1, torch.tensor([[0], [1], [2]])), 'masked_fill': lambda: x.masked_fill(x > 0, 0.), 'diag': lambda: x.diag(), 'tril': lambda: x.tril(),
 'outer': lambda: torch.outer(y[:, 0], y[:, 1]), 'unfold': lambda: x.unfold(1, 2, 1), 'addmm': lambda: torch.addmm(torch.zeros(2), x, y), 'linear': lambda: torch.nn.functional.linear(x, y.t()),
 'linear_b': lambda: torch.nn.functional.linear(x, y.t(), torch.zeros(2)), 'contig': lambda: x.t().contiguous(), 'clone': lambda: x.clone(),
 'real_view': lambda: x.view_as(x), 'movedim': lambda: x.movedim(0, 1), 'swapaxes': lambda: x.swapaxes(0, 1), 'logsumexp': lambda: x.logsumexp(1),
 'sign': lambda: x.sign(), 'round': lambda: x.round(), 'floor': lambda: x.floor(), 'frac': lambda: x.frac(), 'lerp': lambda: torch.lerp(x, x*2, 0.5),
}
for name, f in ops.items():
    try:
        r = f()
        g = r.grad_fn
        print(name, g.name() if g is not None else None, [(n.name() if n is not None else None, i) for n, i in (g.next_functions if g is not None else ())], r.requires_grad, r.is_leaf)
    except Exception as e:
        print(name, type(e).__name__, e)
''',
'gradfn_chain': r'''
import torch
x = torch.randn(3, 4, requires_grad=True)
y = torch.randn(4, 2, requires_grad=True)
def chain(fn, depth=0, out=None):
    out = [] if out is None else out
    if fn is None or depth > 6:
        return out
    out.append(fn.name().replace('torch::autograd::', ''))
    for n, _ in fn.next_functions:
        if n is not None:
            chain(n, depth + 1, out)
    return out
F = torch.nn.functional
ops = {
 'idx2': lambda: x[1, 2], 'idx_slice_int': lambda: x[1:, 2], 'idx_none': lambda: x[None, 1], 'idx_ell': lambda: x[..., 1:3], 'idx_adv_slice': lambda: x[1:, [0, 1]],
 'einsum': lambda: torch.einsum('ij,jk->ik', x, y), 'einsum_bt': lambda: torch.einsum('bij,bjk->bik', x[None], y[None]), 'einsum_sum': lambda: torch.einsum('ij->', x),
 'matmul3d': lambda: x[None].expand(2, 3, 4) @ y, 'matmul_1d': lambda: x[0] @ y, 'linear3d': lambda: F.linear(x[None], y.t()),
 'where_s': lambda: torch.where(x > 0, x, 0.), 'clamp_t': lambda: x.clamp(min=torch.zeros(4), max=torch.ones(4)), 'pow_t': lambda: x.abs() ** y[:, 0],
 'to_double': lambda: x.to(torch.float64), 'type_half': lambda: x.half().float(), 'std_dim': lambda: x.std(1, keepdim=True), 'var_mean': lambda: torch.var_mean(x, 1)[0],
 'norm_fro': lambda: x.norm(p='fro', dim=(0, 1)), 'norm_nuc': lambda: torch.linalg.matrix_norm(x, 'fro'), 'softmax_mod': lambda: torch.nn.Softmax(dim=1)(x), 'lsm_mod': lambda: torch.nn.LogSoftmax(1)(x),
 'kl': lambda: F.kl_div(x.log_softmax(1), x.softmax(1), reduction='batchmean'), 'ce_ls': lambda: F.cross_entropy(x, torch.tensor([0, 1, 2]), label_smoothing=0.1), 'ce_prob': lambda: F.cross_entropy(x, x.softmax(1).detach()),
 'nll_none': lambda: F.nll_loss(x, torch.tensor([0, 1, 2]), reduction='none'), 'mse_none': lambda: F.mse_loss(x, torch.zeros(3, 4), reduction='none'), 'cos': lambda: F.cosine_similarity(x, x + 1),
 'normalize': lambda: F.normalize(x), 'layer_norm': lambda: F.layer_norm(x, (4,)), 'dropout_eval': lambda: F.dropout(x, training=False), 'inplace_chain': lambda: x.clone().mul_(2).add_(1).relu_(),
 'stack_split': lambda: torch.stack(x.split(1)).sum(0), 'chunk_cat': lambda: torch.cat(x.chunk(2, 1), 0), 'flatten': lambda: x[None].flatten(1), 'unflatten': lambda: x.unflatten(1, (2, 2)),
 'reshape_nc': lambda: x.t().reshape(12), 'view_as': lambda: x.view_as(torch.empty(4, 3)), 'expand_as': lambda: x[:1].expand_as(x), 'repeat_interleave': lambda: x.repeat_interleave(2, 0),
 'mean_mixed': lambda: (x.mean() + x.mean(0).sum()), 'prod_dim': lambda: x.prod(1), 'cumsum_rev': lambda: x.flip(1).cumsum(1).flip(1), 'max_pair': lambda: torch.max(x, y.t()[:3].repeat(1, 2)),
 'sqrt_clamp': lambda: x.clamp(min=1e-6).sqrt(), 'sigmoid_bce': lambda: F.binary_cross_entropy(torch.sigmoid(x), torch.ones(3, 4)), 'outer': lambda: torch.outer(x[0], x[1]), 'addmv': lambda: torch.addmv(torch.zeros(3), x, y[:, 0]),
 'baddbmm': lambda: torch.baddbmm(torch.zeros(1, 3, 2), x[None], y[None]), 'tensordot': lambda: torch.tensordot(x, y, dims=1), 'trace': lambda: x[:, :3].trace(),
}
for name, f in ops.items():
    try:
        r = f()
        print(name, chain(r.grad_fn))
    except Exception as e:
        print(name, type(e).__name__, e)
''',
'graph_walk': r'''
import torch
import torch.nn as nn
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2))
x = torch.randn(5, 4)
y = torch.tensor([0, 1, 1, 0, 1])
loss = nn.functional.cross_entropy(model(x), y)
print(loss)
seen = set()
def walk(fn, depth=0):
    if fn is None:
        print("  " * depth + "None")
        return
    print("  " * depth + fn.name(), [a for a in dir(fn) if a.startswith('_saved_') and not a.endswith('strides')])
    if id(fn) in seen:
        return
    seen.add(id(fn))
    if hasattr(fn, 'variable'):
        print("  " * depth + "  leaf", tuple(fn.variable.shape))
    for nxt, idx in fn.next_functions:
        walk(nxt, depth + 1)
walk(loss.grad_fn)
g = loss.grad_fn
print(g._saved_reduction, g._saved_ignore_index, g._saved_total_weight, g._saved_target)
lsm = g.next_functions[0][0]
print(lsm.name(), lsm._saved_dim, lsm._saved_result.shape)
addmm = lsm.next_functions[0][0]
print(addmm.name(), addmm._saved_alpha, addmm._saved_beta, addmm._saved_mat1_sym_sizes, addmm._saved_mat2_sym_sizes, addmm._saved_mat2_sym_strides, addmm._saved_mat1_sym_strides)
relu = addmm.next_functions[1][0]
print(relu.name(), relu._saved_result.shape)
tnode = addmm.next_functions[2][0]
print(tnode.name(), tnode.next_functions[0][0].variable.shape)
''',
'requires_grad_flags': r'''
import torch
a = torch.tensor([1., 2.], requires_grad=True)
b = torch.tensor([3., 4.])
for label, r in [('add', a + b), ('b_only', b * 2), ('detach', a.detach()), ('data', a.data), ('clone', a.clone()), ('view', a.view(2, 1)), ('int', a.long()), ('bool', a > 1), ('argmax', a.argmax()),
                 ('new_tensor', a.new_tensor([1.])), ('zeros_like', torch.zeros_like(a)), ('detach_rg', a.detach().requires_grad_()), ('item_tensor', torch.tensor(a.sum().item()))]:
    print(label, r.requires_grad, r.is_leaf, r.grad_fn.name() if r.grad_fn is not None else None, r.dtype)
with torch.no_grad():
    c = a * 2
    print(c.requires_grad, c.is_leaf, c.grad_fn)
with torch.enable_grad():
    d = a * 2
print(d.requires_grad, d.grad_fn.name())
torch.set_grad_enabled(False)
e = a * 2
torch.set_grad_enabled(True)
print(e.requires_grad, torch.is_grad_enabled())
with torch.inference_mode():
    f = a * 2
print(f.requires_grad, f.is_inference())
p = torch.nn.Parameter(torch.ones(2))
print(p.is_leaf, p.requires_grad, type(p).__name__, (p * 1).grad_fn.name())
try:
    a.requires_grad_(False)
    print(a.requires_grad)
    (a * 2).requires_grad_(True)
except Exception as ex:
    print(type(ex).__name__, ex)
try:
    x = torch.tensor([1, 2], requires_grad=True)
except Exception as ex:
    print(type(ex).__name__, ex)
try:
    (torch.ones(2, requires_grad=True) * 2).requires_grad_(False)
except Exception as ex:
    print(type(ex).__name__, ex)
try:
    torch.ones(2, requires_grad=True).add_(1)
except Exception as ex:
    print(type(ex).__name__, ex)
q = torch.ones(2, requires_grad=True)
print(q.grad, q.grad_fn, q.is_leaf)
(q * q).sum().backward()
print(q.grad)
try:
    (q * 2)[0].backward()
    print(q.grad)
    r = q * 2
    r.backward()
except Exception as ex:
    print(type(ex).__name__, ex)
''',
'hooks_version': r'''
import torch
x = torch.tensor([1., 2., 3.], requires_grad=True)
print(x._version)
y = x * 2
print(y._version, y.is_leaf, y.requires_grad)
y.add_(1)
print(y._version, y.grad_fn.name())
y.mul_(2)
print(y._version, y.grad_fn.name(), y.grad_fn.next_functions[0][0].name())
y[0] = 5
print(y._version, y.grad_fn.name())
z = y.view(3, 1)
print(z._version, z.grad_fn.name())
z.zero_()
print(z._version, y._version, y.grad_fn.name(), z.grad_fn.name())
with torch.no_grad():
    x.add_(1)
print(x._version, x)
h = x.register_hook(lambda g: print("hook x", g))
y2 = (x * x).sum()
y2.backward()
print(x.grad)
h.remove()
x.grad = None
y3 = x * 3
y3.retain_grad()
y3.register_hook(lambda g: print("hook y3", g))
y3.register_hook(lambda g: g * 2)
(y3 ** 2).sum().backward()
print(y3.grad, x.grad, y3.retains_grad, x.retains_grad)
try:
    x.retain_grad()
    print('leaf retain ok', x.retains_grad)
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.tensor([1., 2.]).register_hook(lambda g: g)
except Exception as e:
    print(type(e).__name__, e)
n = y3.grad_fn
print(n.name(), [(type(a).__name__, i) for a, i in n.next_functions], type(n.next_functions[0][0]).__name__)
n.register_hook(lambda gi, go: print("node hook", gi, go))
n.register_prehook(lambda go: print("node prehook", go))
x.grad = None
(x * 3).sum().backward()
w = torch.ones(2, requires_grad=True)
a = w * 1
b = a.exp()
a.add_(1)
try:
    b.sum().backward()
except Exception as e:
    print(type(e).__name__, e)
c = w.sigmoid()
c.mul_(2)
try:
    c.sum().backward()
except Exception as e:
    print(type(e).__name__, e)
print(w.grad, w._version)
''',
'hooks_multi': r'''
import torch
x = torch.tensor([1., 2.], requires_grad=True)
a = x * 2
b = x ** 2
a.register_hook(lambda g: print("a grad", g))
b.register_hook(lambda g: print("b grad", g))
x.register_hook(lambda g: print("x grad", g))
c = a * b
c.retain_grad()
c.register_hook(lambda g: print("c grad", g, g.grad_fn))
d = c.sum() + a.mean()
d.backward()
print(x.grad, c.grad, a.grad if a.retains_grad else None)
x.grad.zero_()
hh = x.register_hook(lambda g: g * 10)
(x * 3).sum().backward()
print(x.grad)
hh.remove()
x.grad = None
(x * 3).sum().backward()
print(x.grad)
n = (x * x).grad_fn
print(n.name())
y = x.exp()
y.grad_fn.register_prehook(lambda go: print("prehook", go))
y.grad_fn.register_hook(lambda gi, go: print("post", gi, go))
y.sum().backward()
z = torch.tensor(2., requires_grad=True)
w = z * z
w.register_hook(lambda g: print("w hook", g))
torch.autograd.grad(w, z)
acc = []
q = torch.ones(2, requires_grad=True)
h = q.register_post_accumulate_grad_hook(lambda p: acc.append(p.grad.clone()))
(q * 5).sum().backward()
print(acc, q.grad)
''',
'version_views': r'''
import torch
base = torch.zeros(4, requires_grad=False)
v = base[1:3]
print(base._version, v._version)
v.fill_(2)
print(base._version, v._version, base)
base.add_(1)
print(base._version, v._version, v)
x = torch.tensor([1., 2., 3., 4.], requires_grad=True)
h = x.clone()
hv = h.view(2, 2)
print(h._version, hv._version, hv.grad_fn.name(), hv._base is h, hv.is_view() if hasattr(hv, 'is_view') else None)
hv[0, 0] = 10.
print(h._version, hv._version, h.grad_fn.name(), hv.grad_fn.name())
e = h.exp()
h.mul_(2)
try:
    e.sum().backward()
except Exception as ex:
    print(type(ex).__name__, ex)
s = x.sigmoid()
s2 = s * 1
s.add_(1)
try:
    s2.sum().backward()
    print(x.grad)
except Exception as ex:
    print(type(ex).__name__, ex)
t = x.tanh()
t[0] = 0
try:
    t.sum().backward()
except Exception as ex:
    print(type(ex).__name__, ex)
p = x * 1
q = p ** 2
p.sub_(1)
try:
    q.sum().backward()
except Exception as ex:
    print(type(ex).__name__, ex)
n = x.detach()
n.zero_()
print(x, x._version, n._version)
k = torch.ones(3, requires_grad=True)
kk = k * 2
print(kk.grad_fn._saved_other, kk.grad_fn._saved_self)
m = k * k
m.grad_fn._saved_self
k2 = k.detach()
print(m.grad_fn._saved_self is k, m.grad_fn._saved_self.equal(k))
''',
'setitem_views': r'''
import torch
x = torch.tensor([1., 2., 3., 4., 5., 6.], requires_grad=True)
w = torch.tensor(7., requires_grad=True)
for label in ['view_int', 'slice_slice', 'view_t', 'adv', 'tensor_val', 'nested']:
    h = x.clone() * 1
    if label == 'view_int':
        v = h.view(2, 3); v[1, 0] = w * 2
    elif label == 'slice_slice':
        v = h[1:]; v[1:3] = torch.tensor([0.5, 0.25])
    elif label == 'view_t':
        v = h.view(2, 3).t(); v[0] = w
    elif label == 'adv':
        v = h.view(3, 2); v[1:, [0]] = w
    elif label == 'tensor_val':
        v = h[::2]; v[0] = torch.tensor(9.)
    else:
        v = h.view(2, 3)[1]; v[:2] = w * w
    print(label, v, v.grad_fn.name(), h.grad_fn.name(), v._version, h._version)
    (v.sum() + (h * h).sum()).backward()
    print('  ', x.grad, w.grad)
    x.grad = None
    w.grad = None
''',
'zero_dim_index': r'''
import torch
for rg in [False, True]:
    t = torch.tensor(3., requires_grad=rg).clone()
    for idx in [0, -1, 5, slice(0, 1), slice(None)]:
        for op in ('get', 'set'):
            try:
                if op == 'get':
                    print(t[idx])
                else:
                    t[idx] = 1.
                    print('set ok', t)
            except Exception as e:
                print(op, type(e).__name__, e)
''',
'dim_none_errors': r'''
import torch
x = torch.arange(6.).reshape(2, 3)
for f in [lambda: torch.softmax(x, None), lambda: x.softmax(None), lambda: x.log_softmax(None), lambda: torch.log_softmax(x, None), lambda: x.softmax(dim=None),
          lambda: x.cumsum(None), lambda: torch.cumsum(x, None), lambda: x.cumprod(dim=None), lambda: x.cumsum(1.5), lambda: x.softmax('a')]:
    try:
        print(f().shape)
    except Exception as e:
        print(type(e).__name__, e)
print(torch.nn.functional.softmax(x, dim=1).shape, x.median(), x.sum(dim=None).shape)
''',
'second_deriv': r'''
import torch
x = torch.tensor([1., 2., 3.], requires_grad=True)
y = (x ** 3).sum()
g, = torch.autograd.grad(y, x, create_graph=True)
print(g, g.grad_fn.name(), g.requires_grad, g.is_leaf)
h, = torch.autograd.grad(g.sum(), x)
print(h, h.grad_fn, h.requires_grad)
z = torch.tensor(2., requires_grad=True)
f = z.sin() * z.exp()
d1, = torch.autograd.grad(f, z, create_graph=True)
d2, = torch.autograd.grad(d1, z, create_graph=True)
d3, = torch.autograd.grad(d2, z)
print(d1, d2, d3)
w = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)
loss = (w @ w).trace()
gw, = torch.autograd.grad(loss, w, create_graph=True)
print(gw)
print(gw.grad_fn.name(), [n[0].name() if n[0] else None for n in gw.grad_fn.next_functions])
hw, = torch.autograd.grad(gw.sum(), w)
print(hw)
a = torch.tensor(3., requires_grad=True)
b = a ** 2
import warnings; warnings.simplefilter("ignore"); b.backward(create_graph=True)
print(a.grad, a.grad.grad_fn.name(), a.grad.requires_grad)
ga = a.grad
a.grad = None
ga.backward()
print(a.grad)
try:
    torch.autograd.grad(x.sum(), x, create_graph=True)[0].sum().backward()
except Exception as e:
    print(type(e).__name__, e)
q = torch.tensor([0.5, -1.0], requires_grad=True)
out = torch.tanh(q).sum()
gq, = torch.autograd.grad(out, q, create_graph=True)
print(gq)
hq, = torch.autograd.grad(gq, q, grad_outputs=torch.ones(2))
print(hq)
s = torch.sigmoid(q)
gs, = torch.autograd.grad(s.sum(), q, create_graph=True)
print(gs, torch.autograd.grad(gs.sum(), q)[0])
r = torch.tensor([1.0, 2.0], requires_grad=True)
print(torch.autograd.grad((r.softmax(0) * torch.tensor([1., 3.])).sum(), r, create_graph=True))
print(torch.autograd.grad(r.norm(), r, create_graph=True))
''',
'double_saved': r'''
import torch
x = torch.tensor([0.5, 1.5, -2.0], requires_grad=True)
for label, f in [('pow3', lambda t: (t ** 3).sum()), ('exp', lambda t: t.exp().sum()), ('tanh', lambda t: t.tanh().sum()), ('sigmoid', lambda t: t.sigmoid().sum()), ('softmax', lambda t: (t.softmax(0) * torch.tensor([1., 2., 3.])).sum()),
                 ('lsm', lambda t: t.log_softmax(-1)[0]), ('norm', lambda t: t.norm()), ('mul', lambda t: (t * t).sum()), ('max', lambda t: t.max()), ('relu', lambda t: t.relu().pow(2).sum()), ('leaky', lambda t: torch.nn.functional.leaky_relu(t, 0.2).pow(2).sum())]:
    g, = torch.autograd.grad(f(x), x, create_graph=True)
    fn = g.grad_fn
    if fn is None:
        print(label, g, None)
        continue
    print(label, g, fn.name(), [n[0].name() if n[0] is not None else None for n in fn.next_functions])
    for a in sorted(dir(fn)):
        if a.startswith('_saved_'):
            try:
                v = getattr(fn, a)
            except Exception as e:
                v = type(e).__name__
            print('   ', a, v if not isinstance(v, torch.Tensor) else (tuple(v.shape), v.requires_grad))
''',
'autograd_grad_misc': r'''
import torch
x = torch.tensor([1., 2.], requires_grad=True)
y = torch.tensor([3., 4.], requires_grad=True)
z = (x * y).sum()
print(torch.autograd.grad(z, [x, y], retain_graph=True))
print(torch.autograd.grad(z, x, retain_graph=True))
u = torch.tensor(1., requires_grad=True)
try:
    torch.autograd.grad(z, [x, u], retain_graph=True)
except Exception as e:
    print(type(e).__name__, e)
print(torch.autograd.grad(z, [x, u], allow_unused=True, retain_graph=True))
print(torch.autograd.grad(z, [x, u], allow_unused=True, materialize_grads=True, retain_graph=True))
v = x * y
print(torch.autograd.grad(v, x, grad_outputs=torch.tensor([1., 0.5]), retain_graph=True))
try:
    torch.autograd.grad(v, x)
except Exception as e:
    print(type(e).__name__, e)
print(torch.autograd.grad(v.sum(), x))
try:
    torch.autograd.grad(v.sum(), x)
except Exception as e:
    print(type(e).__name__, str(e)[:80])
w = torch.tensor([1., 2.])
try:
    torch.autograd.grad(w.sum(), w)
except Exception as e:
    print(type(e).__name__, e)
a = torch.tensor([2.], requires_grad=True)
b = a ** 3
gb, = torch.autograd.grad(b, a, create_graph=True)
print(gb, gb.requires_grad, gb.grad_fn.name())
g2, = torch.autograd.grad(gb, a, create_graph=True)
print(g2, g2.grad_fn.name())
g3, = torch.autograd.grad(g2, a)
print(g3)
m = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)
out = (m @ m.t()).sum()
print(torch.autograd.grad(out, m, create_graph=True)[0])
k = torch.tensor([0.3, 0.7], requires_grad=True)
ent = -(k * k.log()).sum()
gk, = torch.autograd.grad(ent, k, create_graph=True)
hk = torch.stack([torch.autograd.grad(gk[i], k, retain_graph=True)[0] for i in range(2)])
print(gk, hk)
print(torch.autograd.functional.hessian(lambda t: -(t * t.log()).sum(), k.detach()))
''',
'jac_hess': r'''
import torch
from torch.autograd.functional import jacobian, hessian, vjp, jvp, hvp, vhp
def f(x):
    return x ** 2 + x.sin()
x = torch.tensor([1., 2., 3.])
print(jacobian(f, x))
print(hessian(lambda x: (x ** 3).sum(), x))
def g(a, b):
    return a * b + b.exp()
print(jacobian(g, (torch.tensor([1., 2.]), torch.tensor([0.5, -0.5]))))
print(hessian(lambda a, b: (a * b ** 2).sum(), (torch.tensor([1., 2.]), torch.tensor([3., 4.]))))
print(jacobian(lambda x: x.sum(), x))
print(jacobian(lambda x: x @ torch.tensor([[1., 2.], [3., 4.], [5., 6.]]), x))
print(jacobian(f, x, create_graph=True))
print(jacobian(f, x, vectorize=True))
print(jacobian(lambda x: (x.sum(), x.prod()), x))
print(vjp(f, x, torch.ones(3)))
print(jvp(f, x, torch.ones(3)))
print(hvp(lambda x: (x ** 3).sum(), x, torch.ones(3)))
print(vhp(lambda x: (x ** 3).sum(), x, torch.ones(3)))
try:
    hessian(lambda x: x ** 2, x)
except Exception as e:
    print(type(e).__name__, e)
try:
    jacobian(lambda x: 3, x)
except Exception as e:
    print(type(e).__name__, e)
print(jacobian(lambda x: torch.zeros(2), x))
print(jacobian(lambda x: torch.zeros(2), x, strict=False))
try:
    print(jacobian(lambda x: torch.zeros(2), x, strict=True))
except Exception as e:
    print(type(e).__name__, e)
m = torch.tensor([[2., 0.], [1., 3.]])
print(hessian(lambda v: v @ m @ v, torch.tensor([1., 1.])))
print(jacobian(lambda t: t.softmax(0), torch.tensor([1., 2., 3.])))
''',
'jac_more': r'''
import torch
from torch.autograd.functional import jacobian, hessian
x = torch.tensor([0.5, 1.0, 2.0])
f = lambda t: torch.stack([t.prod(), t.sum() ** 2, (t * t).mean()])
print(jacobian(f, x))
print(jacobian(f, x, vectorize=True, strategy='forward-mode'))
print(hessian(lambda t: t.exp().sum() * t[0], x))
print(hessian(lambda t: (t ** 2).prod(), x, vectorize=True))
print(hessian(lambda t: (t ** 2).prod(), x, vectorize=True, outer_jacobian_strategy='forward-mode'))
J = jacobian(lambda a, b: a @ b, (torch.eye(2), torch.tensor([1., 2.])))
print(type(J).__name__, len(J), J[0].shape, J[1])
H = hessian(lambda a, b: (a * b).sum(), (torch.tensor([1., 2.]), torch.tensor([3., 4.])))
print(type(H).__name__, [[h.shape for h in row] for row in H])
print(H)
y = torch.tensor([1., 2.], requires_grad=True)
out = y ** 3
g, = torch.autograd.grad(out, y, torch.eye(2), is_grads_batched=True)
print(g)
def model(p):
    return torch.tanh(p @ torch.tensor([[1., -1.], [0.5, 2.]]))
print(jacobian(model, torch.tensor([0.1, 0.2])))
print(jacobian(model, torch.tensor([[0.1, 0.2], [0.3, 0.4]])).shape)
try:
    jacobian(f, x, strategy='forward-mode')
except Exception as e:
    print(type(e).__name__, e)
try:
    jacobian(f, x, strategy='bogus')
except Exception as e:
    print(type(e).__name__, e)
''',
'saved_attrs': r'''
import torch
torch.manual_seed(0)
x = torch.randn(3, 4, requires_grad=True)
y = torch.randn(4, 2, requires_grad=True)
F = torch.nn.functional
cases = {
 'sum': x.sum(), 'sum_dim': x.sum(1), 'sum_neg': x.sum(-1), 'sum_dims': x.sum((0, -1)), 'sum_kd': x.sum(0, keepdim=True),
 'mean': x.mean(), 'mean_dim': x.mean(-1), 'softmax': x.softmax(1), 'softmax_neg': x.softmax(-1), 'log_softmax': x.log_softmax(-1),
 'cat': torch.cat([x, x], 0), 'cat_neg': torch.cat([x, x], -1), 'select': x[0], 'select_neg': x.select(-1, 2), 'transpose': x.transpose(0, 1),
 'transpose_neg': x.transpose(-1, -2), 't': x.t(), 'squeeze': x[None].squeeze(0), 'squeeze_neg': x[:, None].squeeze(-2), 'squeeze_all': x[None].squeeze(),
 'unsqueeze': x.unsqueeze(1), 'unsqueeze_neg': x.unsqueeze(-1), 'max': x.max(), 'min': x.min(), 'max_dim': x.max(1)[0], 'exp': x.exp(), 'tanh': x.tanh(),
 'sigmoid': x.sigmoid(), 'mul': x * x, 'mul_s': x * 2, 'div': x / (x + 5), 'div_s': x / 3,
 'pow': x ** 2, 'pow_f': x ** 2.5, 'pow_t': x ** x, 'rpow': 2 ** x, 'nll': F.nll_loss(x, torch.tensor([0, 1, 3])), 'nll_w': F.nll_loss(x, torch.tensor([0, 1, 3]), weight=torch.ones(4), ignore_index=1, reduction='sum'),
 'addmm': torch.addmm(torch.zeros(2), x, y), 'mm': x.mm(y), 'matmul': x @ y, 'linear': F.linear(x, y.t(), torch.zeros(2)), 'stack': torch.stack([x, x], 1), 'split': x.split(2)[0],
 'chunk': x.chunk(2, 1)[1], 'narrow': x.narrow(1, 1, 2), 'slice': x[1:3], 'slice2': x[:, 1::2], 'view': x.view(12), 'reshape': x.reshape(-1), 'expand': x[:1].expand(2, 4),
 'permute': x.permute(1, 0), 'index': x[[0, 2]], 'gather': x.gather(1, torch.tensor([[0], [1], [2]])), 'clamp': x.clamp(-1, 1), 'clamp_min': x.clamp(min=0.), 'where': torch.where(x > 0, x, 0.),
 'norm': x.norm(), 'std': x.std(), 'var': x.var(0), 'prod': x.prod(), 'cumsum': x.cumsum(1), 'log': x.abs().log(), 'sqrt': x.abs().sqrt(), 'relu': x.relu(), 'abs': x.abs(), 'neg': -x,
 'add': x + x, 'add_a': torch.add(x, x, alpha=2), 'sub': x - 1, 'mse': F.mse_loss(x, torch.zeros(3, 4)), 'ce': F.cross_entropy(x, torch.tensor([0, 1, 3])), 'amax': x.amax(1), 'logsumexp': x.logsumexp(-1),
 'to': x.double(), 'flip': x.flip(0), 'repeat': x.repeat(2, 1), 'sort': x.sort(1)[0], 'topk': x.topk(2)[0], 'unbind': x.unbind(1)[0], 'masked_fill': x.masked_fill(x > 0, 1.),
 'bmm': x[None].bmm(y[None]), 'dot': y[:, 0].dot(y[:, 1]), 'mv': x.mv(y[:, 0]), 'max_pair': torch.maximum(x, x * 2), 'rsub': 1 - x, 'leaky': F.leaky_relu(x, 0.2), 'gelu': F.gelu(x),
 'sin': x.sin(), 'cos': x.cos(), 'reciprocal': x.reciprocal(), 'rsqrt': x.abs().rsqrt(), 'diag': x.diag(), 'tril': x.tril(1), 'triu': x.triu(-1), 'roll': x.roll(1, 0), 'trace': x.trace(),
 'median': x.median(), 'kthvalue': x.kthvalue(2, 1)[0], 'mean_neg': x.mean((-1, 0)), 'amin': x.amin(-1), 'index_select': x.index_select(1, torch.tensor([0, 2])),
 'movedim': x.movedim(0, 1), 'diagonal': x.diagonal(), 'lerp': torch.lerp(x, x, 0.3), 'addcmul': torch.addcmul(x, x, x, value=0.5),
 'hardtanh': F.hardtanh(x), 'elu': F.elu(x), 'softplus': F.softplus(x, beta=2), 'log1p': x.abs().log1p(), 'sign': x.sign(), 'floor': x.floor(),
 'dropout': F.dropout(x, 0.5), 'bce': F.binary_cross_entropy(x.sigmoid(), torch.ones(3, 4)),
 'l1': F.l1_loss(x, torch.zeros(3, 4)), 'huber': F.huber_loss(x, torch.zeros(3, 4), delta=0.5), 'sl1': F.smooth_l1_loss(x, torch.zeros(3, 4), beta=0.5), 'kl': F.kl_div(x, torch.ones(3, 4), reduction='sum'),
}
for name, r in cases.items():
    g = r.grad_fn
    attrs = sorted(a for a in dir(g) if a.startswith('_saved_'))
    print(name, g.name(), attrs)
    for a in attrs:
        try:
            v = getattr(g, a)
            if isinstance(v, torch.Tensor):
                v = ('T', tuple(v.shape), v.dtype, v.requires_grad, v.grad_fn.name() if v.grad_fn is not None else None, v.is_leaf)
            elif type(v).__name__ == 'SavedTensor':
                v = 'SavedTensor'
            print('   ', a, v)
        except Exception as e:
            print('   ', a, type(e).__name__, e)
''',
'saved_dims_neg': r'''
import torch
x = torch.randn(2, 3, 4, requires_grad=True)
def show(label, r, *fields):
    g = r.grad_fn
    print(label, g.name(), [getattr(g, '_saved_' + f) for f in fields])
show('sum', x.sum(-1), 'dim', 'keepdim', 'self_sym_sizes')
show('sum2', x.sum((2, -3), keepdim=True), 'dim', 'keepdim')
show('sum_list', x.sum([1]), 'dim')
show('sum_none', x.sum(dim=None), 'dim', 'keepdim')
show('sum_empty', x.sum(()), 'dim')
show('mean', x.mean(-2), 'dim', 'self_sym_numel', 'self_sym_sizes')
show('mean0', x.mean(), 'self_sym_numel', 'self_sym_sizes')
show('mean_kd', x.mean((0, 1), True), 'dim', 'keepdim')
show('softmax', x.softmax(-1), 'dim')
show('softmax1', torch.softmax(x, 1), 'dim')
show('lsm', x.log_softmax(dim=-2), 'dim')
show('Fsm', torch.nn.functional.softmax(x, -3), 'dim')
show('cat', torch.cat([x, x], -2), 'dim')
show('cat0', torch.cat((x, x)), 'dim')
show('stack', torch.stack([x, x], -1), 'dim')
show('select', x.select(-1, -2), 'dim', 'index', 'self_sym_sizes')
show('select2', x.select(1, 2), 'dim', 'index')
show('getitem', x[1], 'dim', 'index')
show('getitem_neg', x[-1], 'dim', 'index')
show('getitem_ell', x[..., -1], 'dim', 'index')
show('getitem_mid', x[:, 2], 'dim', 'index')
show('getitem_2', x[1, 2], 'dim', 'index')
show('slice', x[:, 1:3], 'dim', 'start', 'end', 'step')
show('slice_neg', x[..., -3:-1], 'dim', 'start', 'end', 'step')
show('slice_open', x[1:], 'dim', 'start', 'end', 'step')
show('slice_step', x[:, ::2], 'dim', 'start', 'end', 'step')
show('narrow', x.narrow(-1, 1, 2), 'dim', 'start', 'end')
show('narrow2', x.narrow(0, 1, 1), 'dim', 'start', 'end')
show('transpose', x.transpose(-1, 0), 'dim0', 'dim1')
show('transpose2', x.transpose(1, 2), 'dim0', 'dim1')
show('swapaxes', x.swapaxes(0, -2), 'dim0', 'dim1')
show('mT', x.mT, 'dim0', 'dim1')
show('permute', x.permute(2, 0, 1), 'dims')
show('permute_neg', x.permute(-1, 0, -2), 'dims')
show('movedim', x.movedim(0, -1), 'dims')
show('squeeze', x[:, None].squeeze(1), 'dim', 'self_sym_sizes')
show('squeeze_neg', x[..., None].squeeze(-1), 'dim')
show('squeeze_all', x[None].squeeze(), 'self_sym_sizes')
show('squeeze_tuple', x[None, :, None].squeeze((0, -3)), 'dim', 'self_sym_sizes')
show('unsqueeze', x.unsqueeze(-1), 'dim')
show('unsqueeze2', x.unsqueeze(1), 'dim')
show('unsqueeze_idx', x[:, None], 'dim')
show('unbind', x.unbind(-1)[0], 'dim')
show('split', x.split(2, -1)[0], 'dim', 'split_size', 'self_sym_sizes')
show('split_sizes', x.split([1, 2], 1)[1], 'dim', 'split_sizes', 'self_sym_sizes')
show('chunk', x.chunk(2, -1)[1], 'dim', 'split_size')
show('cumsum', x.cumsum(-1), 'dim')
show('cumprod', x.cumprod(1), 'dim')
show('flip', x.flip(-1, 0), 'dims')
show('flip1', x.flip((1,)), 'dims')
show('roll', x.roll(-1), 'dims', 'shifts')
show('roll2', x.roll((1, -2), (0, -1)), 'dims', 'shifts')
show('tril', x.tril(-1), 'diagonal')
show('triu', x.triu(2), 'diagonal')
show('amax', x.amax(-1), 'dim', 'keepdim')
show('amin', x.amin((0, 1)), 'dim')
show('amax_all', x.amax(), 'dim')
show('lse', x.logsumexp(-1, keepdim=True), 'dim', 'keepdim')
show('max_dim', x.max(-1)[0], 'dim', 'keepdim', 'self_sym_sizes')
show('min_dim', x.min(0, keepdim=True).values, 'dim', 'keepdim')
show('sort', x.sort()[0], 'dim', 'self_sym_sizes')
show('sort_stable', x.sort(dim=1, stable=True)[0], 'dim')
show('topk', x.topk(2)[0], 'dim')
show('topk0', x.topk(1, 0)[0], 'dim')
show('kth', x.kthvalue(2, 1)[0], 'dim', 'keepdim')
show('median', x.median(-1)[0], 'dim', 'keepdim')
show('gather', x.gather(-1, torch.zeros(2, 3, 1, dtype=torch.long)), 'dim', 'sparse_grad')
show('index_select', x.index_select(-1, torch.tensor([0, 3])), 'dim', 'index', 'self_sym_sizes')
show('diagonal', x.diagonal(1, -1, 0), 'dim1', 'dim2', 'offset', 'self_sym_sizes')
show('diagonal2', x.diagonal(), 'dim1', 'dim2', 'offset')
show('diag', x[0].diag(-1), 'dim1', 'dim2', 'offset')
show('std', x.std(-1), 'dim', 'correction', 'keepdim')
show('var', x.var((0, -1), correction=0), 'dim', 'correction')
show('var_all', x.var(), 'dim', 'correction')
show('var_unb', x.var(unbiased=False), 'dim', 'correction')
show('std_corr', x.std(1, correction=2, keepdim=True), 'dim', 'correction', 'keepdim')
show('norm', x.norm(), 'dim', 'ord', 'keepdim')
show('norm_dim', x.norm(dim=-1), 'dim', 'ord')
show('norm_p1', x.norm(p=1, dim=(0, 1)), 'dim', 'ord')
show('vnorm', torch.linalg.vector_norm(x, 3.0, -1, True), 'dim', 'ord', 'keepdim')
show('lnorm', torch.linalg.norm(x), 'dim', 'ord')
show('lnorm_dim', torch.linalg.norm(x, dim=2), 'dim', 'ord')
show('vnorm_inf', torch.linalg.vector_norm(x, float('inf')), 'ord')
''',
'saved_index': r'''
import torch
torch.manual_seed(0)
x = torch.randn(3, 4, 5, requires_grad=True)
for f in ['x[[0,2]]', 'x[:, [0,1]]', 'x[[0,1],[1,2]]', 'x[x>0]', 'x[..., [1]]', 'x[torch.tensor([0,1])]', 'x[[0,1], :, [2,3]]', 'x[:, :, [4]]', 'x[torch.tensor([[0, 1], [2, 2]])]']:
    r = eval(f)
    g = r.grad_fn
    print(f, g.name(), g._saved_indices, g._saved_self_sym_sizes, r.shape)
''',
'saved_select_ops': r'''
import torch
x = torch.tensor([[3., 1., 2., 5.], [0., 4., 4., -1.], [2., 2., 7., 1.]], requires_grad=True)
for label, r in [('max', x.max(1)[0]), ('max_neg', x.max(-1, keepdim=True).values), ('min', x.min(0)[0]), ('sort', x.sort()[0]), ('sort_desc', x.sort(0, descending=True)[0]), ('sort_stable', x.sort(stable=True, dim=-1)[0]),
                 ('topk', x.topk(2)[0]), ('topk_dim', x.topk(1, dim=0, largest=False)[0]), ('kth', x.kthvalue(2, -1)[0]), ('median', x.median(1)[0]), ('mode', x.mode(0)[0]), ('nanmedian', x.nanmedian(-1)[0])]:
    g = r.grad_fn
    print(label, g.name(), g._saved_dim, g._saved_indices, g._saved_self_sym_sizes, getattr(g, '_saved_keepdim', '-'))
v = x.max(1)
g = v[0].grad_fn
v[0].sum().backward()
print(g._saved_dim, g._saved_keepdim, g._saved_self_sym_sizes)
try:
    g._saved_indices
except Exception as e:
    print(type(e).__name__, str(e)[:40])
print(x.grad)
''',
'saved_shape_ops': r'''
import torch
x = torch.arange(24.).reshape(2, 3, 4).requires_grad_()
for label, r in [('split', x.split(2, -1)[1]), ('split0', x.split(1)[0]), ('split_sizes', x.split([1, 2], 1)[0]), ('chunk', x.chunk(3, 1)[2]), ('chunk_neg', x.chunk(2, -1)[0]), ('unbind', x.unbind(1)[2]),
                 ('unbind_neg', x.unbind(-1)[0]), ('flip', x.flip(0, 2)), ('flip_neg', x.flip(-2)), ('roll', x.roll(2)), ('roll_dims', x.roll((1, 1), (0, -1))), ('tril', x.tril()), ('triu', x.triu(-1)),
                 ('cumsum', x.cumsum(-2)), ('index_select', x.index_select(1, torch.tensor([2, 0]))), ('gather', x.gather(2, torch.tensor([[[3], [2], [1]], [[0], [0], [0]]]))), ('diagonal', x.diagonal(0, 1, 2)),
                 ('diag_embed_off', x[0].diagonal(1)), ('permute', x.permute(0, -1, 1)), ('movedim', x.movedim(-1, 0)), ('T', x[0].T), ('mT', x.mT), ('t', x[0].t())]:
    g = r.grad_fn
    print(label, g.name(), r.shape)
    for a in sorted(dir(g)):
        if a.startswith('_saved_'):
            v = getattr(g, a)
            print('   ', a, v if not isinstance(v, torch.Tensor) else v.tolist())
r = x.split(2, -1)
print([t.grad_fn is r[0].grad_fn for t in r], [t.grad_fn.name() for t in r])
''',
'saved_pointwise': r'''
import torch
x = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)
y = torch.tensor([1.5, 2.0, -0.5], requires_grad=True)
c = torch.tensor([3.0, 4.0, 5.0])
for label, r in [('mul', x * y), ('mul_c', x * c), ('mul_s', x * 2), ('rmul', 3 * x), ('mul_int', x * 2), ('div', x / y), ('div_c', c / x), ('div_s', x / 4), ('rdiv', 1 / x),
                 ('pow2', x ** 2), ('pow_f', x ** 1.5), ('pow_neg', x ** -1), ('pow_t', x ** y), ('rpow', 2 ** x), ('rpow_f', 0.5 ** y), ('exp', x.exp()), ('tanh', x.tanh()), ('sigmoid', x.sigmoid()),
                 ('max', x.max()), ('min', y.min()), ('median', x.median()), ('amax', x.amax()), ('amin', y.amin(0)), ('cumprod', x.cumprod(0)), ('lse', x.logsumexp(0))]:
    g = r.grad_fn
    print(label, g.name())
    for a in sorted(dir(g)):
        if a.startswith('_saved_'):
            print('   ', a, getattr(g, a))
''',
'saved_activations': r'''
import torch
import torch.nn.functional as F
x = torch.tensor([[-1.0, 0.5], [2.0, -0.25]], requires_grad=True)
t = torch.tensor([[0., 1.], [1., 0.]])
for label, r in [('elu', F.elu(x)), ('elu_a', F.elu(x, 0.5)), ('selu', F.selu(x)), ('celu', F.celu(x, 2.0)), ('softplus', F.softplus(x)), ('softplus_b', F.softplus(x, beta=2, threshold=10)),
                 ('softplus_f', F.softplus(x, 0.5, 5.0)), ('huber', F.huber_loss(x, t)), ('huber_d', F.huber_loss(x, t, delta=0.5, reduction='sum')), ('lerp', torch.lerp(x, t, 0.25)),
                 ('bce', F.binary_cross_entropy(x.sigmoid(), t)), ('bce_w', F.binary_cross_entropy(x.sigmoid(), t, weight=torch.tensor([1., 2.]))), ('bcel', F.binary_cross_entropy_with_logits(x, t, pos_weight=torch.tensor([2., 1.]))),
                 ('mse', F.mse_loss(x, t)), ('sl1', F.smooth_l1_loss(x, t, beta=0.5)), ('leaky', F.leaky_relu(x, 0.1)), ('gelu', F.gelu(x, approximate='tanh')), ('hardtanh', F.hardtanh(x, -0.5, 0.5)),
                 ('relu', F.relu(x)), ('silu', F.silu(x)), ('logit', x.sigmoid().logit(1e-6))]:
    g = r.grad_fn
    print(label, g.name())
    for a in sorted(dir(g)):
        if a.startswith('_saved_'):
            v = getattr(g, a)
            print('   ', a, v if not isinstance(v, torch.Tensor) else (tuple(v.shape), v.requires_grad))
''',
'saved_misc': r'''
import torch
import torch.nn.functional as F
torch.manual_seed(0)
x = torch.randn(2, 3, requires_grad=True)
w = torch.randn(4, 2, 1, requires_grad=True)
for label, r in [('clamp', x.clamp(-0.5, 0.5)), ('clamp_min', x.clamp(min=0)), ('clamp_max', x.clamp(max=0.1)), ('where', torch.where(x > 0, x, x * 2)), ('masked_fill', x.masked_fill(x > 0, 0.5)),
                 ('prod', x.prod()), ('prod_dim', x.prod(1)), ('repeat', x.repeat(2, 1)), ('expand', x[:1].expand(3, 3)), ('view', x.view(3, 2)), ('reshape', x.t().reshape(6)), ('trace', x.trace()),
                 ('sum', x.sum()), ('mean', x.mean()), ('add_alpha', torch.add(x, x, alpha=3)), ('sub', x - 2), ('rsub', 2 - x), ('sub_alpha', torch.sub(x, x, alpha=0.5)), ('neg', -x), ('abs', x.abs()),
                 ('sqrt', x.abs().sqrt()), ('rsqrt', x.abs().rsqrt()), ('log', x.abs().log()), ('sin', x.sin()), ('reciprocal', x.reciprocal()), ('addcmul', torch.addcmul(x, x, x, value=2)),
                 ('conv1d', F.conv1d(x[None], w)), ('gelu', F.gelu(x)), ('leaky', F.leaky_relu(x, 0.3)), ('hardtanh', F.hardtanh(x, -1., 2.)), ('logit', x.sigmoid().logit()), ('silu', F.silu(x)),
                 ('dot', x[0].dot(x[1])), ('mv', x.mv(x[0])), ('bmm', x[None].bmm(x.t()[None])), ('maximum', torch.maximum(x, x * 0.5)), ('atan2', torch.atan2(x, x + 3)), ('mse', F.mse_loss(x, torch.zeros(2, 3), reduction='sum')),
                 ('smooth_l1', F.smooth_l1_loss(x, torch.zeros(2, 3), beta=2.0)), ('bcel', F.binary_cross_entropy_with_logits(x, torch.ones(2, 3))), ('layer_norm_w', F.layer_norm(x, (3,), torch.ones(3), torch.zeros(3)))]:
    g = r.grad_fn
    print(label, g.name())
    for a in sorted(dir(g)):
        if a.startswith('_saved_') and a not in ('_saved_result1', '_saved_result2', '_saved_weight', '_saved_bias', '_saved_normalized_shape'):
            try:
                v = getattr(g, a)
            except Exception as e:
                v = type(e).__name__
            print('   ', a, v if not isinstance(v, torch.Tensor) else (tuple(v.shape), v.dtype, v.requires_grad, v.grad_fn.name() if v.grad_fn else None))
''',
'saved_more2': r'''
import torch
import torch.nn.functional as F
x = torch.arange(12.).reshape(3, 4).requires_grad_()
for kw in [dict(), dict(padding_idx=1), dict(padding_idx=-1), dict(scale_grad_by_freq=True)]:
    e = F.embedding(torch.tensor([[0, 2]]), x, **kw)
    g = e.grad_fn
    print(kw, g.name(), g._saved_padding_idx, g._saved_scale_grad_by_freq, g._saved_sparse, g._saved_weight_sym_argsize_0, g._saved_indices)
emb = torch.nn.Embedding(5, 2, padding_idx=0)
out = emb(torch.tensor([0, 3, 3]))
print(out.grad_fn.name(), out.grad_fn._saved_padding_idx, out.grad_fn._saved_indices)
out.sum().backward()
try:
    out.grad_fn._saved_indices
except Exception as ex:
    print(type(ex).__name__, str(ex)[:40])
print(out.grad_fn._saved_padding_idx)
for label, r in [('unfold', x.unfold(1, 2, 1)), ('unfold_neg', x.unfold(-1, 3, 2)), ('unfold0', x.unfold(0, 2, 1)), ('cummax', x.cummax(1)[0]), ('cummin', x.cummin(-1)[0]), ('cummax0', x.cummax(0).values)]:
    g = r.grad_fn
    print(label, g.name(), [(a, getattr(g, a) if not isinstance(getattr(g, a), torch.Tensor) else getattr(g, a).tolist()) for a in sorted(dir(g)) if a.startswith('_saved')])
''',
'saved_conv': r'''
import torch
import torch.nn.functional as F
torch.manual_seed(0)
x = torch.randn(1, 2, 5, requires_grad=True)
w = torch.randn(4, 2, 3, requires_grad=True)
x2 = torch.randn(1, 2, 6, 6)
w2 = torch.randn(3, 2, 2, 2, requires_grad=True)
for label, r in [('plain', F.conv1d(x, w)), ('bias', F.conv1d(x, w, torch.zeros(4), stride=2, padding=1)), ('same', F.conv1d(x, w, padding='same')), ('dil', F.conv1d(x, w, dilation=2)),
                 ('tr', F.conv_transpose1d(x, w.transpose(0, 1), output_padding=1, stride=2)), ('tr2', F.conv_transpose2d(x2, w2.transpose(0, 1), stride=(2, 3), padding=(1, 0), output_padding=(1, 2))),
                 ('2d', F.conv2d(x2, w2, stride=(1, 2), padding=(1, 0))), ('groups', F.conv2d(x2, torch.randn(4, 1, 3, 3, requires_grad=True), groups=2)), ('module', torch.nn.Conv2d(2, 3, 3, padding=1)(x2))]:
    g = r.grad_fn
    print(label, g.name(), r.shape, {a[7:]: getattr(g, a) if not isinstance(getattr(g, a), torch.Tensor) else tuple(getattr(g, a).shape) for a in dir(g) if a.startswith('_saved')})
''',
'saved_mm': r'''
import torch
x = torch.randn(3, 4); y = torch.randn(4, 2, requires_grad=True); xr = torch.randn(3, 4, requires_grad=True)
lin = torch.nn.Linear(4, 2)
cases = [x @ y, y.t() @ x.t(), torch.addmm(torch.zeros(2), x, y, beta=2, alpha=0.5), torch.nn.functional.linear(x, y.t()),
         torch.nn.functional.linear(x, y.t(), torch.zeros(2, requires_grad=True)), lin(x), lin(xr), x.t().t() @ y, torch.mm(torch.randn(4, 3).t(), y),
         xr @ y, (xr * 2) @ (y * 3), torch.mm(xr, y), xr.mm(torch.randn(4, 2)), torch.addmm(torch.zeros(3, 2), xr, y), torch.addmm(torch.zeros(2, requires_grad=True), xr.exp(), y)]
for r in cases:
    g = r.grad_fn
    print(g.name())
    for a in sorted(dir(g)):
        if a.startswith('_saved'):
            v = getattr(g, a)
            print('  ', a, tuple(v.shape) if isinstance(v, torch.Tensor) else v)
out = lin(xr).sum()
g = out.grad_fn.next_functions[0][0]
out.backward()
print(g._saved_mat1_sym_sizes, g._saved_mat2_sym_strides, g._saved_alpha)
try:
    g._saved_mat1
except Exception as e:
    print(type(e).__name__, e)
''',
'saved_norm_var': r'''
import torch
x = torch.randn(3, 4, requires_grad=True)
for f in ['x.norm()', 'x.norm(p=1)', 'x.norm(2.0)', 'x.norm(p=3)', "x.norm(p='fro')", "x.norm(p='fro', dim=1)", 'torch.norm(x)', 'torch.norm(x, dim=(0,1))',
          'torch.linalg.norm(x)', 'torch.linalg.vector_norm(x)', 'torch.linalg.vector_norm(x, 2.0)', 'torch.linalg.vector_norm(x, 1, -1)', 'torch.linalg.norm(x, dim=1)',
          'torch.linalg.norm(x[0])', 'torch.linalg.norm(x[0], 3)', 'x.norm(dim=-1)', 'x.norm(dim=-1, keepdim=True)', "torch.linalg.vector_norm(x, float('inf'))",
          'x.var(0, True)', 'x.var(0, False)', 'x.var(0, correction=2)', 'x.var(0, unbiased=True, keepdim=True)', 'x.var(unbiased=True)', 'x.var(True)',
          'torch.var(x)', 'torch.var(x, 1)', 'x.var(dim=(), correction=1)', 'x.var(-1, correction=True)', 'x.std()', 'x.std(0)', 'x.std(unbiased=False)', 'x.std((0, -1), correction=0.5)', 'torch.std(x, -1, keepdim=True)']:
    g = eval(f).grad_fn
    print(f, g.name(), [(a, getattr(g, a)) for a in sorted(dir(g)) if a.startswith('_saved') and a not in ('_saved_self', '_saved_result')])
''',
'saved_nll': r'''
import torch
import torch.nn.functional as F
torch.manual_seed(0)
x = torch.randn(3, 4, requires_grad=True)
t = torch.tensor([0, 1, 3])
w = torch.tensor([1., 2., 3., 4.])
cases = [dict(), dict(reduction='sum'), dict(reduction='none'), dict(ignore_index=1), dict(weight=w), dict(weight=w, reduction='sum'), dict(weight=w, reduction='none'), dict(ignore_index=-1), dict(weight=w, ignore_index=0)]
for kw in cases:
    g = F.nll_loss(x, t, **kw).grad_fn
    print(kw, g.name(), g._saved_total_weight, g._saved_reduction, g._saved_ignore_index, g._saved_target, g._saved_weight, g._saved_self.shape, g._saved_self.grad_fn)
for kw in cases[:5]:
    g = F.cross_entropy(x, t, **kw).grad_fn
    print(kw, g.name(), g._saved_total_weight, g._saved_reduction, g._saved_ignore_index, g._saved_self.grad_fn.name(), g._saved_self.requires_grad)
x1 = torch.randn(4, requires_grad=True)
g = F.nll_loss(x1, torch.tensor(2)).grad_fn
print(g.name(), g._saved_total_weight, g._saved_target, g._saved_self.shape)
g = F.nll_loss(x1, torch.tensor(2), ignore_index=2).grad_fn
print(g._saved_total_weight)
x4 = torch.randn(2, 3, 2, 2, requires_grad=True)
t4 = torch.tensor([[[0, 1], [2, 0]], [[1, 1], [2, 2]]])
g = F.nll_loss(x4, t4).grad_fn
print(g.name(), g._saved_total_weight, g._saved_target.shape, g._saved_reduction)
g = F.cross_entropy(torch.randn(2, 3, 5, requires_grad=True), torch.zeros(2, 5, dtype=torch.long)).grad_fn
print(g.name(), g._saved_total_weight, g._saved_self.shape, g._saved_target.shape)
g = F.nll_loss(x, torch.tensor([1, 1, 1]), ignore_index=1).grad_fn
print(g._saved_total_weight)
loss = torch.nn.CrossEntropyLoss()(x, t)
g = loss.grad_fn
loss.backward()
print(g._saved_reduction, g._saved_ignore_index)
try:
    print(g._saved_total_weight)
except Exception as e:
    print(type(e).__name__, str(e)[:50])
try:
    g._saved_self
except Exception as e:
    print(type(e).__name__, str(e)[:50])
''',
'saved_after_backward': r'''
import torch
x = torch.tensor([[1., -2.], [3., 4.]], requires_grad=True)
ys = {'mul': x * x, 'exp': x.exp(), 'sum_dim': x.sum(1), 'softmax': x.softmax(-1), 'max': x.max(), 'pow': x ** 3, 'mm': x @ x, 'transpose': x.t().contiguous().transpose(0, 1), 'cat': torch.cat([x, x], -1),
      'amax': x.amax(0), 'var': x.var(1), 'norm': x.norm(dim=0), 'gather': x.gather(1, torch.tensor([[1], [0]])), 'rpow': 2 ** x, 'lse': x.logsumexp(0), 'cumprod': x.cumprod(-1)}
for name, y in ys.items():
    g = y.grad_fn
    fields = sorted(a for a in dir(g) if a.startswith('_saved_'))
    y.sum().backward(retain_graph=(name == 'mul'))
    out = []
    for f in fields:
        try:
            v = getattr(g, f)
            out.append((f, v if not isinstance(v, torch.Tensor) else tuple(v.shape)))
        except RuntimeError as e:
            out.append((f, 'RuntimeError', str(e)[:60]))
    print(name, g.name(), out)
    x.grad = None
y = x * 2
g = y.grad_fn
y.sum().backward()
for f in ('_saved_other',):
    try:
        print(f, getattr(g, f))
    except Exception as e:
        print(f, type(e).__name__, str(e)[:50])
''',
'saved_inplace': r'''
import torch
a = torch.tensor([1., 2., 3.], requires_grad=True)
b = a * 1
m = b.max()
print(m.grad_fn._saved_self, m.grad_fn._saved_result)
b.add_(1)
try:
    m.grad_fn._saved_self
except Exception as e:
    print(type(e).__name__, e)
try:
    m.backward()
except Exception as e:
    print(type(e).__name__, e)
c = a * 1
e = c.exp()
print(e.grad_fn._saved_result, e.grad_fn._saved_result.grad_fn.name(), e.grad_fn._saved_result.equal(e))
e.mul_(2)
try:
    print(e.grad_fn.name(), e.grad_fn.next_functions[0][0]._saved_result)
except Exception as ex:
    print(type(ex).__name__, ex)
d = a * 1
p = 3 ** d
print(p.grad_fn._saved_exponent, p.grad_fn._saved_self, p.grad_fn._saved_result)
d.sub_(1)
try:
    p.sum().backward()
except Exception as ex:
    print(type(ex).__name__, ex)
q = a * 1
mn = q.min()
q.zero_()
try:
    mn.backward()
except Exception as ex:
    print(type(ex).__name__, ex)
s = (a * 1)
r = s.amax()
s.mul_(3)
try:
    r.backward()
except Exception as ex:
    print(type(ex).__name__, ex)
g = (a * 1)
gg = g.gather(0, torch.tensor([1]))
print(gg.grad_fn._saved_self, gg.grad_fn._saved_index, gg.grad_fn._saved_dim)
''',
'saved_hooks_pack': r'''
import torch
def pack(t):
    print("pack", tuple(t.shape), t.dtype, t.requires_grad, t.grad_fn.name() if t.grad_fn is not None else None)
    return t
def unpack(t):
    print("unpack", tuple(t.shape))
    return t
x = torch.tensor([1., 5., 3.], requires_grad=True)
with torch.autograd.graph.saved_tensors_hooks(pack, unpack):
    print("-- max"); m = x.max()
    print("-- min"); mn = x.min()
    print("-- rpow"); p = 2 ** x
    print("-- amax"); a = x.amax()
    print("-- median"); md = x.median()
    print("-- cumprod"); c = x.cumprod(0)
    print("-- std"); sd = x.std()
for name, r in [("max", m), ("min", mn), ("rpow", p), ("amax", a), ("median", md), ("cumprod", c), ("std", sd)]:
    print("-- backward", name)
    r.sum().backward()
print(x.grad)
''',
'raw_saved': r'''
import torch
import torch.nn.functional as F
x = torch.tensor([[3., 1., 2.], [0., 4., 5.]], requires_grad=True)
cases = {'max_dim': x.max(1)[0], 'sort': x.sort()[0], 'nll': F.nll_loss(x, torch.tensor([0, 2])), 'exp': x.exp(), 'mul': x * x, 'topk': x.topk(2)[0]}
for name, r in cases.items():
    g = r.grad_fn
    print(name, sorted(a for a in dir(g) if 'saved' in a))
    print(type(getattr(g, sorted(a for a in dir(g) if a.startswith('_raw_saved'))[0])).__name__)
g = cases['max_dim'].grad_fn
g._raw_saved_indices.register_hooks(lambda t: (print("pack", t), t * 0)[1], lambda p: (print("unpack", p), p)[1])
print(g._saved_indices)
try:
    g._raw_saved_indices.register_hooks(lambda t: t, lambda t: t)
except Exception as e:
    print(type(e).__name__, e)
n = cases['nll'].grad_fn
n._raw_saved_target.register_hooks(lambda t: t.tolist(), lambda p: torch.tensor(p))
print(n._saved_target)
cases['nll'].backward()
try:
    n._saved_target
except Exception as e:
    print(type(e).__name__, str(e)[:40])
try:
    n._raw_saved_total_weight.register_hooks(lambda t: t, lambda t: t)
except Exception as e:
    print(type(e).__name__, e)
''',
}


ember_outputs, torch_outputs, test_program_matches_pytorch = program_tests(PROGRAMS)


FREED = ("Trying to backward through the graph a second time (or directly access saved tensors after they "
         "have already been freed). Saved intermediate values of the graph are freed when you call .backward() "
         "or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time "
         "or if you need to access saved tensors after calling backward.")


def _x(*shape):
    return ember.arange(float(ember.Size(shape).numel())).reshape(*shape).requires_grad_()


def test_reduction_dims_read_as_given_and_wrapped():
    x = _x(2, 3, 4)
    assert x.sum(-1).grad_fn._saved_dim == (WRAP - 1,)
    assert x.sum((2, -3), keepdim=True).grad_fn._saved_dim == (2, WRAP - 3)
    assert x.sum(1).grad_fn._saved_dim == (1,)
    g = x.sum(dim=None)
    assert (g.grad_fn._saved_dim, g.grad_fn._saved_keepdim) == (None, False)
    assert x.sum(()).grad_fn._saved_dim == ()
    m = x.mean(-2).grad_fn
    assert (m._saved_dim, m._saved_self_sym_numel, m._saved_self_sym_sizes) == ((WRAP - 2,), 24, (2, 3, 4))
    assert x.amax(-1).grad_fn._saved_dim == (WRAP - 1,)
    assert x.amax().grad_fn._saved_dim == ()
    assert x.logsumexp((0, -1)).grad_fn._saved_dim == (0, WRAP - 1)


def test_int_dims_of_shape_ops():
    x = _x(2, 3, 4)
    assert x.softmax(-1).grad_fn._saved_dim == WRAP - 1
    assert x.log_softmax(1).grad_fn._saved_dim == 1
    assert ember.cat([x, x], -2).grad_fn._saved_dim == WRAP - 2
    assert ember.stack([x, x], -1).grad_fn._saved_dim == WRAP - 1
    t = x.transpose(-1, 0).grad_fn
    assert (t._saved_dim0, t._saved_dim1) == (WRAP - 1, 0)
    assert (x.mT.grad_fn._saved_dim0, x.mT.grad_fn._saved_dim1) == (WRAP - 2, WRAP - 1)
    assert x.permute(-1, 0, 1).grad_fn._saved_dims == (WRAP - 1, 0, 1)
    assert x.movedim(0, -1).grad_fn._saved_dims == (1, 2, 0)
    assert x.unsqueeze(-1).grad_fn._saved_dim == WRAP - 1
    assert x[:, None].grad_fn._saved_dim == 1
    sq = x[None, :, None].squeeze((0, -3)).grad_fn
    assert (sq._saved_dim, sq._saved_self_sym_sizes) == ((0, WRAP - 3), (1, 2, 1, 3, 4))
    assert x.unbind(-1)[0].grad_fn._saved_dim == WRAP - 1
    sp = x.split([1, 2], 1)[0].grad_fn
    assert (sp._saved_dim, sp._saved_split_sizes, sp._saved_self_sym_sizes) == (1, (1, 2), (2, 3, 4))
    ch = x.chunk(2, -1)[1].grad_fn
    assert (ch._saved_dim, ch._saved_split_size) == (WRAP - 1, 2)
    assert x.flip(-1, 0).grad_fn._saved_dims == (WRAP - 1, 0)
    r = x.roll(-1).grad_fn
    assert (r._saved_dims, r._saved_shifts) == ((), (WRAP - 1,))
    assert x.triu(-1).grad_fn._saved_diagonal == WRAP - 1
    assert x.cumsum(-2).grad_fn._saved_dim == WRAP - 2
    d = x.diagonal(1, -1, 0).grad_fn
    assert (d._saved_dim1, d._saved_dim2, d._saved_offset) == (WRAP - 1, 0, 1)


def test_select_and_slice_fields_by_indexing_and_functions():
    x = _x(2, 3, 4)
    s = x.select(-1, -2).grad_fn
    assert (s._saved_dim, s._saved_index, s._saved_self_sym_sizes) == (WRAP - 1, WRAP - 2, (2, 3, 4))
    assert (x[..., -1].grad_fn._saved_dim, x[..., -1].grad_fn._saved_index) == (2, WRAP - 1)
    assert (x[1, 2].grad_fn._saved_dim, x[1, 2].grad_fn._saved_index) == (0, 2)
    assert (x[:, 2].grad_fn._saved_dim, x[:, 2].grad_fn._saved_index) == (1, 2)
    sl = x[..., -3:-1].grad_fn
    assert (sl._saved_dim, sl._saved_start, sl._saved_end, sl._saved_step) == (2, WRAP - 3, WRAP - 1, 1)
    op = x[:, ::2].grad_fn
    assert (op._saved_dim, op._saved_start, op._saved_end, op._saved_step) == (1, 0, (1 << 63) - 1, 2)
    n = x.narrow(-1, 1, 2).grad_fn
    assert (n._saved_dim, n._saved_start, n._saved_end) == (WRAP - 1, 1, 3)


def test_value_selecting_reductions_and_indices():
    x = ember.tensor([[3., 1., 2.], [0., 4., 4.]], requires_grad=True)
    v = x.max(-1)
    g = v[0].grad_fn
    assert (g._saved_dim, g._saved_keepdim, g._saved_self_sym_sizes) == (WRAP - 1, False, (2, 3))
    assert g._saved_indices.tolist() == [0, 1]
    assert x.sort(0)[0].grad_fn._saved_indices.tolist() == [[1, 0, 0], [0, 1, 1]]
    assert x.topk(1)[0].grad_fn._saved_dim == WRAP - 1
    v[0].sum().backward()
    raises_exactly(lambda: g._saved_indices, RuntimeError, FREED)
    assert g._saved_dim == WRAP - 1


def test_full_reductions_save_input_and_result():
    a = ember.tensor([1., 5., 3.], requires_grad=True)
    for r in (a.max(), a.min(), a.median(), a.amax()):
        assert r.grad_fn._saved_self is a
        assert r.grad_fn._saved_result.grad_fn is r.grad_fn
    b = a * 1
    m = b.max()
    b.add_(1)
    raises_exactly(m.backward, RuntimeError,
                   "one of the variables needed for gradient computation has been modified by an inplace operation: "
                   "[torch.FloatTensor [3]], which is output 0 of Add, is at version 1; expected version 0 instead. "
                   "Hint: enable anomaly detection to find the operation that failed to compute its gradient, with "
                   "torch.autograd.set_detect_anomaly(True, check_nan=False).")
    m2 = a.max()
    m2.backward()
    raises_exactly(m2.backward, RuntimeError, FREED)


def test_pow_scalar_base_saves_exponent():
    e = ember.tensor([1., 2.], requires_grad=True)
    g = (2 ** e).grad_fn
    assert g._saved_exponent is e
    assert g._saved_self == 2
    assert g._saved_result.tolist() == [2., 4.]
    out = 2 ** e
    out.sum().backward()
    assert e.grad.tolist() == pytest.approx([2 * 0.6931472, 4 * 0.6931472])


def test_nll_loss_fields():
    x = ember.tensor([[0., 1., 2., 3.], [1., 1., 1., 1.], [3., 2., 1., 0.]], requires_grad=True)
    t = ember.tensor([0, 1, 3])
    w = ember.tensor([1., 2., 3., 4.])
    g = F.nll_loss(x, t).grad_fn
    assert (g._saved_reduction, g._saved_ignore_index) == (1, WRAP - 100)
    assert g._saved_self is x and g._saved_weight is None
    assert g._saved_target.tolist() == [0, 1, 3]
    assert g._saved_total_weight.item() == 3.0
    assert F.nll_loss(x, t, reduction='sum').grad_fn._saved_total_weight.item() == 3.0
    assert F.nll_loss(x, t, reduction='none').grad_fn._saved_total_weight.item() == 0.0
    assert F.nll_loss(x, t, weight=w, reduction='sum').grad_fn._saved_total_weight.item() == 7.0
    assert F.nll_loss(x, t, ignore_index=1).grad_fn._saved_total_weight.item() == 2.0
    ce = F.cross_entropy(x, t)
    g = ce.grad_fn
    assert g._saved_self.grad_fn.name() == "LogSoftmaxBackward0"
    ce.backward()
    raises_exactly(lambda: g._saved_self, RuntimeError, FREED)
    raises_exactly(lambda: g._saved_total_weight, RuntimeError, FREED)
    assert (g._saved_reduction, g._saved_ignore_index) == (1, WRAP - 100)


def test_mm_addmm_sizes_strides_alpha_beta():
    x = ember.ones(3, 4)
    y = ember.ones(4, 2, requires_grad=True)
    g = (x @ y).grad_fn
    assert (g._saved_self_sym_sizes, g._saved_self_sym_strides) == ((3, 4), ())
    assert (g._saved_mat2_sym_sizes, g._saved_mat2_sym_strides) == ((4, 2), (2, 1))
    a = ember.addmm(ember.zeros(2), x, y, beta=2, alpha=0.5).grad_fn
    assert (a._saved_alpha, a._saved_beta, a._saved_mat1_sym_strides, a._saved_mat2_sym_strides) == (0.5, 2, (), (2, 1))
    lin = ember.nn.Linear(4, 2)
    g = lin(x).grad_fn
    assert (g._saved_alpha, g._saved_beta, g._saved_mat2_sym_sizes, g._saved_mat2_sym_strides) == (1, 1, (4, 2), (1, 4))


def test_index_gather_index_select_fields():
    x = _x(3, 4, 5)
    g = x[:, [0, 1]].grad_fn
    assert g._saved_indices[0] is None and g._saved_indices[1].tolist() == [0, 1]
    assert g._saved_self_sym_sizes == (3, 4, 5)
    assert [i is None for i in x[..., [1]].grad_fn._saved_indices] == [True, True, False]
    assert x[1:, [0]].grad_fn._saved_self_sym_sizes == (2, 4, 5)
    idx = ember.zeros(3, 4, 1, dtype=ember.long)
    ga = x.gather(-1, idx).grad_fn
    assert (ga._saved_dim, ga._saved_sparse_grad) == (WRAP - 1, False)
    assert ga._saved_self is x and ga._saved_index is idx
    isel = x.index_select(-1, ember.tensor([0, 3])).grad_fn
    assert (isel._saved_dim, isel._saved_self_sym_sizes) == (WRAP - 1, (3, 4, 5))


def test_norm_std_var_fields():
    x = _x(3, 4)
    assert (x.norm().grad_fn._saved_ord, x.norm().grad_fn._saved_dim) == (2, None)
    assert repr(ember.linalg.norm(x).grad_fn._saved_ord) == "2.0"
    assert x.norm(dim=-1).grad_fn._saved_dim == (WRAP - 1,)
    assert ember.linalg.vector_norm(x, 3.0, -1).grad_fn._saved_ord == 3.0
    assert (x.var().grad_fn._saved_correction, x.var().grad_fn._saved_dim) == (None, None)
    assert x.var(0).grad_fn._saved_correction == 1
    assert x.var(unbiased=False).grad_fn._saved_correction == 0
    assert x.std((0, -1), correction=0.5).grad_fn._saved_dim == (0, WRAP - 1)
    assert x.var(-1, correction=True).grad_fn._saved_correction is True


def test_activation_and_loss_scalars():
    x = ember.tensor([[-1.0, 0.5]], requires_grad=True)
    e = F.elu(x).grad_fn
    assert (repr(e._saved_scale), repr(e._saved_input_scale), e._saved_alpha) == ("1", "1", 1.0)
    s = F.softplus(x).grad_fn
    assert (repr(s._saved_beta), repr(s._saved_threshold)) == ("1", "20")
    assert F.softplus(x, 0.5, 5.0).grad_fn._saved_beta == 0.5
    assert torch_free_dir(F.celu(x, 2.0).grad_fn) == ["_saved_alpha", "_saved_self"]
    assert torch_free_dir(F.elu(x).grad_fn) == ["_saved_alpha", "_saved_input_scale", "_saved_scale", "_saved_self"]
    h = F.huber_loss(x, ember.zeros(1, 2), delta=0.5).grad_fn
    assert (h._saved_delta, h._saved_reduction) == (0.5, 1)
    assert ember.lerp(x, x, 0.25).grad_fn._saved_weight == 0.25
    assert F.binary_cross_entropy(x.sigmoid(), ember.ones(1, 2)).grad_fn._saved_weight is None


def torch_free_dir(node) -> list:
    return sorted(a for a in dir(node) if a.startswith("_saved_"))


def test_dir_hides_inherited_fields():
    x = _x(2, 3)
    assert "_saved_split_size" not in dir(x.split([1, 1])[0].grad_fn)
    assert torch_free_dir(x.split([1, 1])[0].grad_fn) == ["_saved_dim", "_saved_self_sym_sizes", "_saved_split_sizes"]


def test_zero_dim_index_errors():
    t = ember.tensor(3.)
    hint = ("invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to "
            "convert a 0-dim tensor to a number")
    raises_exactly(lambda: t[0], IndexError, hint)
    raises_exactly(lambda: t.__setitem__(0, 1.), IndexError, hint)
    raises_exactly(lambda: t[5], IndexError, "index 5 is out of bounds for dimension 0 with size 0")
    raises_exactly(lambda: t.__setitem__(-1, 1.), IndexError, "index -1 is out of bounds for dimension 0 with size 0")
    raises_exactly(lambda: t.__setitem__(slice(0, 1), 1.), IndexError, "slice() cannot be applied to a 0-dim tensor.")


def test_setitem_through_a_view_regenerates_its_grad_fn():
    x = ember.tensor([1., 2., 3., 4.], requires_grad=True)
    h = x.clone()
    v = h.view(2, 2)
    v[0, 0] = 10.
    assert v.grad_fn.name() == "AsStridedBackward0"
    assert h.grad_fn.name() == "torch::autograd::CopySlices"
    (v.sum() * 2).backward()
    assert x.grad.tolist() == [0., 2., 2., 2.]


def _chain(fn) -> list:
    names = []
    while fn is not None and fn.name() != "torch::autograd::AccumulateGrad":
        names.append(fn.name())
        fn = fn.next_functions[0][0]
    return names


def test_multi_op_index_records_a_chain():
    x = _x(3, 4)
    assert _chain(x[1, 2].grad_fn) == ["SelectBackward0", "SelectBackward0"]
    assert _chain(x[None, 1].grad_fn) == ["SelectBackward0", "UnsqueezeBackward0"]
    assert _chain(x[1:, [0, 1]].grad_fn) == ["IndexBackward0", "SliceBackward0"]
    assert _chain(x[:, 1].grad_fn) == ["SelectBackward0"]
    r = x[1:, 2]
    assert (r.grad_fn._saved_dim, r.grad_fn._saved_index) == (1, 2)
    (r * ember.tensor([1., 2.])).sum().backward()
    assert x.grad.tolist() == [[0., 0., 0., 0.], [0., 0., 1., 0.], [0., 0., 2., 0.]]


def test_raw_saved_of_computed_fields():
    x = ember.tensor([[3., 1., 2.], [0., 4., 5.]], requires_grad=True)
    g = x.max(1)[0].grad_fn
    raw = g._raw_saved_indices
    assert type(raw).__name__ == "SavedTensor" and type(raw).__module__ == "torch._C._autograd"
    raw.register_hooks(lambda t: t * 0, lambda p: p + 7)
    assert g._saved_indices.tolist() == [7, 7]
    raises_exactly(lambda: g._raw_saved_indices.register_hooks(lambda t: t, lambda t: t), RuntimeError,
                   "Calling register_hooks on a saved tensor whose hooks have already been set. Hint: only one pair "
                   "of hooks is allowed at a time.")
    n = F.nll_loss(x, ember.tensor([0, 2]))
    assert "_raw_saved_total_weight" in dir(n.grad_fn) and "saved" not in dir(n.grad_fn)


def test_unfold_cummax_embedding_fields():
    x = _x(3, 4)
    u = x.unfold(-1, 3, 2).grad_fn
    assert (u._saved_dimension, u._saved_size, u._saved_step, u._saved_self_sym_sizes) == (WRAP - 1, 3, 2, (3, 4))
    c = x.cummax(-1)[0].grad_fn
    assert (c._saved_dim, c._saved_self is x) == (WRAP - 1, True)
    assert c._saved_indices.tolist() == [[0, 1, 2, 3]] * 3
    e = F.embedding(ember.tensor([[0, 2]]), x).grad_fn
    assert (e._saved_padding_idx, e._saved_scale_grad_by_freq, e._saved_sparse, e._saved_weight_sym_argsize_0) == \
        (WRAP - 1, False, False, 3)
    assert e._saved_indices.tolist() == [[0, 2]]


def test_conv_and_prod_fields():
    x = ember.ones(1, 2, 5, requires_grad=True)
    w = ember.ones(2, 4, 3, requires_grad=True)
    g = F.conv_transpose1d(x, w, stride=2, output_padding=1).grad_fn
    assert (g._saved_stride, g._saved_padding, g._saved_dilation, g._saved_groups) == ((2,), (0,), (1,), 1)
    assert (g._saved_output_padding, g._saved_bias_sym_sizes_opt, g._saved_transposed) == ((1,), (0,), True)
    c = F.conv1d(x, w.transpose(0, 1), ember.zeros(4), padding=1).grad_fn
    assert (c._saved_output_padding, c._saved_padding, c._saved_bias_sym_sizes_opt) == ((0,), (1,), (4,))
    p = _x(2, 3).prod(-1).grad_fn
    assert (p._saved_dim, p._saved_keepdim, p._saved_result.shape) == (WRAP - 1, False, (2,))


def test_double_backward_nodes_fields():
    x = ember.tensor([0.5, 1.5, -2.0], requires_grad=True)
    (g,) = ember.autograd.grad(x.tanh().sum(), x, create_graph=True)
    assert g.grad_fn.name() == "TanhBackwardBackward0"
    assert g.grad_fn._saved_output.grad_fn.name() == "TanhBackward0"
    assert g.grad_fn._saved_grad_output.tolist() == [1., 1., 1.]
    (g,) = ember.autograd.grad(x.log_softmax(-1)[0], x, create_graph=True)
    assert g.grad_fn._saved_dim == WRAP - 1
    (g,) = ember.autograd.grad(x.norm(), x, create_graph=True)
    assert (g.grad_fn.name(), g.grad_fn._saved_self.shape, g.grad_fn._saved_other) == ("MulBackward0", (), None)


def test_none_dim_of_single_dim_ops():
    x = ember.ones(2, 3)
    raises_exactly(lambda: x.softmax(None), TypeError,
                   "softmax(): argument 'dim' (position 1) must be int, not NoneType")
    raises_exactly(lambda: ember.log_softmax(x, None), TypeError,
                   "log_softmax(): argument 'dim' (position 2) must be int, not NoneType")
    raises_exactly(lambda: x.cumsum(None), TypeError, "cumsum(): argument 'dim' (position 1) must be int, not NoneType")
    raises_exactly(lambda: x.cumprod(dim=None), TypeError, "cumprod(): argument 'dim' must be int, not NoneType")
    assert x.median().shape == ()
