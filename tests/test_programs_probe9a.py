"""What tensor printing and everyday tensor manipulation show (program probe 9a), run under ``python -m ember run``
and under PyTorch 2.13; stdout must match exactly.

Themes: ``print``/``repr``/``str``/f-strings/``tolist``/``item`` of tensors of every dtype (but bfloat16) and shape
(0-d, empty, summarised 1-D to 4-D, expanded and flipped views), nan/inf/-0. mixes and extreme magnitudes (with a
seeded fuzz over values and print options), ``set_printoptions`` (precision, sci_mode, linewidth, threshold,
edgeitems, profiles) and restoring it, a float64 default dtype, ``torch.Size``/dtype/device printing, nested
``Sequential``/``ModuleList``/``ModuleDict``/``ParameterList``/``ParameterDict`` reprs, ``named_parameters`` and
``state_dict`` keys; sort/argsort/topk/kthvalue/median/mode (ties, nan, bool), unique/unique_consecutive/bincount,
where/masked_select/masked_fill/nonzero, gather/scatter*/index_*/take/put_, cat/stack/split/chunk/tensor_split/unbind,
flip/roll/rot90, cumulative ops, clamp variants, einsum, shape and broadcast errors, integer division/remainder,
type promotion tables, and the grad_fn names of ~90 manipulation results.

The unit tests at the end cover the fixes the probe led to:

* ``masked_select`` broadcasts ``(mask, self)`` as ATen's ``expand_outplace`` does, so a shape error names the
  mask's size as tensor a;
* the deprecated ``scatter(..., reduce=)`` warning is ``TORCH_WARN_ONCE`` (once per process, not once per line);
* ``torch.cat``/``torch.stack`` check ``tensors`` (position 1) before ``dim`` (``torch.cat(x, x)``);
* a non-tensor ``index`` of gather/scatter_add/scatter_reduce/index_select/take names its position when passed
  positionally (``argument 'index' (position 3) must be Tensor, not list``).
"""
from __future__ import annotations

import warnings

import pytest
from program_runner import program_tests

import ember


PROGRAMS = {
'print_dtypes_shapes': r'''
import torch
dts = [torch.float16, torch.float32, torch.float64, torch.int8, torch.int16, torch.int32, torch.int64, torch.uint8, torch.bool, torch.complex64, torch.complex128]
for dt in dts:
    for shape in [(), (0,), (3,), (2, 0), (0, 3, 2), (2, 3), (2, 2, 2)]:
        t = torch.arange(int(torch.tensor(shape).prod().item()) if shape else 1).reshape(shape).to(dt)
        print(dt, shape)
        print(t)
        print(repr(t), str(t) == repr(t))
        print(t.tolist())
for dt in dts:
    t = torch.arange(1500).to(dt)
    print(t)
    print(torch.arange(2000).reshape(40, 50).to(dt))
    print(torch.arange(3000).reshape(10, 15, 20).to(dt))
''',
'print_specials_magnitudes': r'''
import torch
x = torch.tensor([float('nan'), float('inf'), -float('inf'), -0.0, 0.0, 1.5, -2.25])
print(x)
print(x.half(), x.double())
print(torch.tensor([1e-10, 1.0, 1e10]))
print(torch.tensor([1e-5, 1e3]))
print(torch.tensor([1e-4, 1e4]))
print(torch.tensor([123456789.0, 1.0]))
print(torch.tensor([0.1, 0.25, 100.0]))
print(torch.tensor([1e20, float('nan')]))
print(torch.tensor([-0.0]))
print(torch.tensor(-0.0))
print(torch.tensor([-0.0, 1.0]))
print(torch.tensor([float('nan')]))
print(torch.tensor([float('inf'), 1.0, 2.0]))
print(torch.tensor([1e-8, 0.0]))
print(torch.tensor(1e-8), torch.tensor(1e8), torch.tensor(123456.7))
print(torch.tensor([65504.0], dtype=torch.float16), torch.tensor([6e-8], dtype=torch.float16))
print(torch.tensor([1+2j, float('nan') + 1j, complex(float('inf'), -0.0)]))
print(torch.tensor([1e-10+1e10j, 1.0 + 0j]))
print(torch.tensor([0.5 - 0.25j], dtype=torch.complex128))
print(torch.tensor(3 + 4j))
print(torch.tensor([[1.5, -2.0], [3.0, 1e6]]))
print(torch.tensor([[1.5, -2.0], [3.0, 1e9]]))
print(torch.tensor([1, -1, 127], dtype=torch.int8), torch.tensor([255, 0], dtype=torch.uint8))
print(torch.tensor([2**62, -2**63]))
print(torch.tensor([True, False]))
print(torch.full((3,), float('nan')))
print(torch.full((2, 2), float('inf')))
print(torch.zeros(3) / 0)
print(torch.tensor([1.0, 2.0]) * 1e-30)
print(torch.tensor([3.0, 4.0], dtype=torch.float64) * 1e300)
''',
'printoptions': r'''
import torch
x = torch.tensor([1.123456789, -2.5, 1000.0, 1e-3])
torch.set_printoptions(precision=2)
print(x, torch.tensor(3.14159), x.double())
torch.set_printoptions(precision=8)
print(x, x.half())
torch.set_printoptions(sci_mode=True)
print(x, torch.tensor([1, 2]), torch.tensor([1.0, 2.0]))
torch.set_printoptions(sci_mode=False)
print(torch.tensor([1e-10, 1e10]))
torch.set_printoptions(profile="default")
print(x)
torch.set_printoptions(linewidth=30)
print(torch.arange(20.))
print(torch.arange(20))
torch.set_printoptions(profile="default")
torch.set_printoptions(threshold=5, edgeitems=1)
print(torch.arange(10), torch.arange(10.).reshape(2, 5), torch.arange(4))
torch.set_printoptions(threshold=5, edgeitems=2)
print(torch.arange(60).reshape(3, 4, 5))
torch.set_printoptions(profile="short")
print(torch.arange(100.) / 3)
print(torch.arange(200).reshape(20, 10))
torch.set_printoptions(profile="full")
print(torch.arange(1200).reshape(2, 600)[:, :30])
print(torch.arange(1100) [1000:1010])
torch.set_printoptions(profile="default")
print(torch.arange(1001))
print(torch.arange(1000))
print(torch.randn(0, 2000))
torch.set_printoptions(precision=0)
print(torch.tensor([1.5, 2.5, 3.7]))
torch.set_printoptions(precision=1, sci_mode=True)
print(torch.tensor([[1.5, 2.5], [3.7, 100.0]]))
print(torch.tensor(complex(1.5, 2.5)))
torch.set_printoptions(profile="default")
print(torch.get_printoptions() if hasattr(torch, 'get_printoptions') else None)
print(torch.tensor([1.5, 2.5, 3.7]))
torch.set_printoptions(linewidth=200)
print(torch.arange(60.).reshape(2, 30) * 1.5)
torch.set_printoptions(profile="default")
try:
    torch.set_printoptions(profile="bogus")
except Exception as e:
    print(type(e).__name__, e)
print(torch.tensor([1.5]))
''',
'modules_params': r'''
import torch
import torch.nn as nn
class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, padding=1, bias=False)
        self.bn = nn.BatchNorm2d(8)
        self.act = nn.ReLU(inplace=True)
    def forward(self, x):
        return self.act(self.bn(self.conv(x)))
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.blocks = nn.ModuleList([Block(), nn.Identity()])
        self.heads = nn.ModuleDict({'cls': nn.Linear(8, 10), 'reg': nn.Sequential(nn.Linear(8, 4), nn.Tanh(), nn.Dropout(0.1))})
        self.emb = nn.Embedding(10, 3, padding_idx=0)
        self.scale = nn.Parameter(torch.ones(1))
        self.register_buffer('steps', torch.tensor(0))
net = Net()
print(net)
for n, p in net.named_parameters():
    print(n, tuple(p.shape), p.dtype, p.requires_grad)
for k, v in net.state_dict().items():
    print(k, v.shape, v.dtype)
print(list(net.state_dict().keys()))
print(net.scale)
print(net.steps)
print(net.heads['cls'].bias.shape, net.blocks[0].bn.running_mean)
print(sum(p.numel() for p in net.parameters()))
print([n for n, _ in net.named_modules()])
print([n for n, _ in net.named_buffers()])
print([type(m).__name__ for m in net.children()])
p = nn.Parameter(torch.arange(6.).reshape(2, 3))
print(p)
print(repr(p))
print(str(p))
print(nn.Parameter(torch.tensor([1, 2]), requires_grad=False))
print(nn.Parameter(torch.zeros(0)))
print(nn.Parameter(torch.tensor(2.5)))
print(nn.Parameter(torch.arange(2000.)))
print(nn.Parameter(torch.ones(2, dtype=torch.float64)))
print(nn.Parameter(torch.ones(2, dtype=torch.complex64)))
print(p * 2)
print(p.sum(), p.mean(dim=0))
print(p.data, p.detach(), p[0])
print(p.T)
s = nn.Sequential(nn.Linear(2, 3), nn.Sequential(nn.ReLU(), nn.Linear(3, 1)))
print(s, s[1][1], s[-1], len(s))
print(s[0:1])
from collections import OrderedDict
s2 = nn.Sequential(OrderedDict([('fc1', nn.Linear(4, 2)), ('act', nn.GELU(approximate='tanh')), ('fc2', nn.Linear(2, 1))]))
print(s2, s2.fc1)
print(nn.ModuleList())
print(nn.ModuleDict())
print(nn.Sequential())
print(nn.ParameterList([nn.Parameter(torch.ones(2)), nn.Parameter(torch.zeros(3, 3))]))
print(nn.ParameterDict({'a': nn.Parameter(torch.ones(2)), 'b': nn.Parameter(torch.zeros(1, dtype=torch.float64))}))
''',
'sort_topk_kthvalue': r'''
import torch
x = torch.tensor([[3, 1, 2, 3], [0, -5, 5, 1]])
print(torch.sort(x))
print(torch.sort(x, dim=0, descending=True))
print(x.sort(stable=True))
print(torch.argsort(x, dim=1, descending=True))
print(torch.argsort(x, stable=True, dim=0))
print(torch.topk(x, 2))
print(torch.topk(x, 1, dim=0, largest=False))
print(x.topk(3, sorted=True))
print(torch.kthvalue(x, 2))
print(torch.kthvalue(x, 1, dim=0, keepdim=True))
v, i = torch.sort(torch.tensor([2.0, float('nan'), -1.0, float('inf'), -0.0, 0.0]))
print(v, i)
print(torch.sort(torch.tensor([2.0, float('nan'), -1.0]), descending=True))
print(torch.topk(torch.tensor([2.0, float('nan'), -1.0]), 2))
print(torch.msort(x))
print(torch.sort(torch.tensor([True, False, True])))
print(torch.sort(torch.tensor(5)))
print(torch.topk(torch.tensor([]), 0))
r = torch.sort(x)
print(r.values, r.indices, r[0], type(r).__name__)
print(torch.max(x, 1), torch.min(x, dim=0), torch.median(x, 1), torch.mode(torch.tensor([1, 2, 2, 3, 3])))
print(torch.max(x), x.argmax(), x.argmin(dim=1, keepdim=True))
try:
    torch.topk(x, 5)
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.kthvalue(x, 0)
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.kthvalue(x, 5)
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.sort(x, dim=2)
except Exception as e:
    print(type(e).__name__, e)
print(torch.aminmax(x), torch.aminmax(x, dim=1))
''',
'unique_bincount': r'''
import torch
x = torch.tensor([3, 1, 2, 3, 1, 1, 5])
print(torch.unique(x))
print(torch.unique(x, sorted=False))
print(torch.unique(x, return_inverse=True))
print(torch.unique(x, return_counts=True))
print(torch.unique(x, return_inverse=True, return_counts=True))
m = torch.tensor([[1, 2], [3, 4], [1, 2], [0, 9]])
print(torch.unique(m, dim=0))
print(torch.unique(m, dim=0, return_inverse=True, return_counts=True))
print(torch.unique(m, dim=1, return_counts=True))
print(m.unique())
print(torch.unique(torch.tensor([1.5, float('nan'), 1.5, float('nan')])))
print(torch.unique_consecutive(x))
print(torch.unique_consecutive(x, return_inverse=True, return_counts=True))
print(torch.unique_consecutive(torch.tensor([1, 1, 2, 2, 3, 1, 1, 2])))
print(torch.unique_consecutive(m, dim=0, return_counts=True))
print(torch.unique(torch.tensor([])))
print(torch.unique(torch.tensor([], dtype=torch.long), return_counts=True))
print(torch.unique(torch.tensor([True, False, True])))
print(torch.unique(torch.tensor([[2, 1], [1, 2]]), return_inverse=True))
print(x.unique(return_counts=True))
print(torch.bincount(x), torch.bincount(x, minlength=8))
print(torch.bincount(torch.tensor([0, 1, 1]), weights=torch.tensor([0.5, 1.0, 2.0])))
print(torch.histc(torch.tensor([1., 2, 1, 4]), bins=4, min=0, max=4))
''',
'where_mask_nonzero': r'''
import torch
x = torch.arange(12).reshape(3, 4)
mask = x % 3 == 0
print(mask)
print(torch.where(mask, x, -x))
print(torch.where(mask, x, 0.5))
print(torch.where(mask, 1, 0))
print(torch.where(mask, 1.0, 0))
print(torch.where(mask))
print(torch.where(x > 100))
print(torch.masked_select(x, mask))
print(x.masked_select(mask[0]))
print(x.masked_fill(mask, -1))
print(x.float().masked_fill(~mask, float('-inf')))
print(x.masked_fill(mask, 2.7))
y = x.clone(); y.masked_fill_(mask, 100); print(y)
print(torch.nonzero(mask))
print(torch.nonzero(mask, as_tuple=True))
print(mask.nonzero().shape, torch.tensor(0).nonzero(), torch.tensor(3).nonzero(as_tuple=True))
print(torch.argwhere(mask))
print(torch.count_nonzero(mask), torch.count_nonzero(x, dim=0))
print(torch.tensor([]).nonzero())
print(x[mask], x[x > 5], x[:, mask[0]])
try:
    x.masked_fill(mask, torch.tensor([1, 2]))
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.masked_select(x, torch.ones(2, 2, dtype=torch.bool))
except Exception as e:
    print(type(e).__name__, e)
try:
    x.masked_fill(x, 1)
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.where(x, 1, 0)
except Exception as e:
    print(type(e).__name__, e)
print(torch.where(torch.tensor([True, False]), torch.tensor([1, 2], dtype=torch.int8), torch.tensor(3.5)))
''',
'gather_scatter_index': r'''
import torch
src = torch.arange(1, 13).reshape(3, 4)
idx = torch.tensor([[0, 1], [2, 3], [1, 1]])
print(torch.gather(src, 1, idx))
print(torch.gather(src, 0, torch.tensor([[2, 1, 0, 0]])))
z = torch.zeros(3, 5, dtype=torch.long)
print(z.scatter(1, torch.tensor([[0, 1], [2, 3], [4, 4]]), torch.tensor([[10, 20], [30, 40], [50, 60]])))
print(z.scatter(1, torch.tensor([[0], [2], [4]]), 7))
print(torch.zeros(5).scatter_add(0, torch.tensor([0, 1, 1, 4, 4, 4]), torch.ones(6)))
print(torch.zeros(3, dtype=torch.long).scatter_add_(0, torch.tensor([0, 0, 2]), torch.tensor([5, 6, 7])))
print(torch.zeros(4).scatter(0, torch.tensor([1, 1, 2]), torch.tensor([1., 2., 3.]), reduce='add'))
print(torch.ones(4).scatter(0, torch.tensor([1, 1, 2]), torch.tensor([2., 3., 4.]), reduce='multiply'))
print(torch.zeros(4).scatter_reduce(0, torch.tensor([1, 1, 2]), torch.tensor([1., 5., 3.]), reduce='amax'))
print(torch.zeros(4).scatter_reduce(0, torch.tensor([1, 1, 2]), torch.tensor([1., 5., 3.]), reduce='mean', include_self=False))
print(torch.zeros(3, 4).index_add(0, torch.tensor([0, 2, 0]), torch.ones(3, 4)))
print(torch.ones(3, 2).index_add(1, torch.tensor([1, 1]), torch.full((3, 2), 2.0), alpha=3))
print(torch.index_select(src, 0, torch.tensor([2, 0])), src.index_select(1, torch.tensor([3, 3, 0])))
print(torch.take(src, torch.tensor([0, 5, 11])), src.take(torch.tensor([[1, -1]])))
p = torch.zeros(2, 3); p.put_(torch.tensor([0, 4]), torch.tensor([9., 8.])); print(p)
p.put_(torch.tensor([0, 0]), torch.tensor([1., 2.]), accumulate=True); print(p)
print(src.index_fill(1, torch.tensor([0, 2]), -1), src.index_copy(0, torch.tensor([2, 0, 1]), src * 10))
for f in [lambda: torch.gather(src, 1, torch.tensor([[5]])), lambda: torch.take(src, torch.tensor([12])),
          lambda: torch.index_select(src, 0, torch.tensor([3])), lambda: src.scatter(1, torch.tensor([[0]]), torch.tensor([1.0])),
          lambda: torch.gather(src, 1, torch.tensor([0, 1])), lambda: torch.index_select(src, 0, torch.tensor([0.0])),
          lambda: torch.gather(src, 1, torch.tensor([[0]], dtype=torch.int32)), lambda: z.scatter_add(0, torch.tensor([[0]]), torch.tensor([[1.5]])),
          lambda: src.put_(torch.tensor([20]), torch.tensor([1]))]:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
''',
'cat_stack_split': r'''
import torch
a = torch.arange(6).reshape(2, 3)
b = torch.arange(6, 12).reshape(2, 3)
print(torch.cat([a, b]), torch.cat((a, b), dim=1), torch.cat([a, b], -1).shape)
print(torch.cat([a, torch.empty(0)]))
print(torch.cat([a.float(), b]), torch.cat([a, b.to(torch.int8)]).dtype, torch.cat([a.bool(), b.to(torch.uint8)]).dtype)
print(torch.stack([a, b]), torch.stack([a, b], dim=2).shape, torch.stack([a, b], -1).shape)
print(torch.hstack([a, b]), torch.vstack([a, b]).shape, torch.dstack([a, b]).shape, torch.column_stack([torch.arange(3), torch.arange(3)]))
print(torch.row_stack([torch.arange(3), torch.arange(3)]))
x = torch.arange(10)
print(torch.split(x, 3), torch.split(x, [2, 3, 5]), x.split(4))
print(torch.chunk(x, 3), torch.chunk(x, 4), torch.chunk(torch.arange(5), 4), x.chunk(20))
print(torch.tensor_split(x, 3), torch.tensor_split(x, [2, 5]), torch.tensor_split(x, torch.tensor([1, 8])), torch.tensor_split(torch.arange(7), 3))
print(torch.unbind(a), torch.unbind(a, dim=1), a.unbind(-1))
print(torch.hsplit(torch.arange(12).reshape(2, 6), 3), torch.vsplit(torch.arange(12).reshape(4, 3), [1]))
print(torch.dsplit(torch.arange(8).reshape(1, 2, 4), 2))
print(type(torch.split(x, 3)).__name__)
for f in [lambda: torch.cat([a, torch.arange(4).reshape(2, 2)]), lambda: torch.stack([a, torch.arange(3)]),
          lambda: torch.cat([]), lambda: torch.stack([]), lambda: torch.split(x, [2, 3]), lambda: torch.chunk(x, 0),
          lambda: torch.cat([a, b], dim=2), lambda: torch.stack([a, b], dim=3), lambda: torch.tensor_split(x, 0),
          lambda: torch.cat([a, torch.tensor(1)]), lambda: torch.split(x, 0), lambda: torch.cat(a),
          lambda: torch.unbind(torch.tensor(1)), lambda: torch.hsplit(torch.arange(5), 2), lambda: torch.split(x, -1)]:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
''',
'flip_roll_cum': r'''
import torch
x = torch.arange(24).reshape(2, 3, 4)
print(torch.flip(x, [0, 2]), x.flip(-1)[0], torch.fliplr(x[0]), torch.flipud(x[0]))
print(torch.roll(torch.arange(10), 3), torch.roll(torch.arange(10), -2), torch.roll(x[0], 1, 0), torch.roll(x[0], (1, -1), (0, 1)))
print(torch.roll(x[0], 5))
print(torch.rot90(x[0]), torch.rot90(x[0], 2), torch.rot90(x[0], -1), torch.rot90(x, 1, [1, 2]).shape, torch.rot90(x[0], 5))
c = torch.tensor([1, 2, 3, 4, 5])
print(torch.cumsum(c, 0), c.cumsum(0).dtype, torch.cumsum(c.to(torch.int8), 0).dtype, torch.cumsum(c.bool(), 0), torch.cumsum(c, 0, dtype=torch.float32))
print(torch.cumprod(c, 0), torch.cumprod(c.float(), 0), torch.cumprod(torch.tensor([2, 3], dtype=torch.uint8), 0))
print(torch.cummax(torch.tensor([1, 3, 2, 5, 4, 5]), 0), torch.cummin(torch.tensor([3., 1., 2., float('nan'), 0.]), 0))
print(torch.cummax(x[0], 1))
print(torch.logcumsumexp(torch.tensor([0., 0., 0., 0.]), 0))
print(torch.cumsum(torch.tensor(5), 0), torch.cumsum(torch.tensor([]), 0), torch.diff(c), torch.diff(c, n=2), torch.diff(c, prepend=torch.tensor([0])))
for f in [lambda: torch.cumsum(c, 1), lambda: torch.roll(x, 1, 5), lambda: torch.flip(x, [0, 0]), lambda: torch.rot90(x, 1, [0, 0]),
          lambda: torch.rot90(torch.arange(3)), lambda: torch.roll(x, (1, 2), (0,)), lambda: torch.cumsum(c), lambda: torch.flip(x, [3])]:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
''',
'clamp_variants': r'''
import torch
x = torch.tensor([-3.5, -1.0, 0.0, 0.5, 2.0, 7.0])
print(torch.clamp(x, -1, 1), x.clamp(min=0), x.clamp(max=0.5), torch.clip(x, -2, 2), x.clamp_min(1), x.clamp_max(-1))
print(torch.clamp(x, torch.tensor(-1.), torch.tensor([0., 0., 0., 1., 1., 1.])))
i = torch.tensor([-5, 0, 5, 10])
print(i.clamp(0, 7), i.clamp(0.5, 7.5), i.clamp(min=torch.tensor(2)), i.clamp(-1.5))
print(torch.clamp(x, 1, -1), torch.clamp(torch.tensor([float('nan'), 1.0]), 0, 0.5))
y = x.clone(); y.clamp_(0, 1); print(y)
try:
    torch.clamp(x)
except Exception as e:
    print(type(e).__name__, e)
try:
    j.clamp_(min=torch.tensor(0.5))
except Exception as e:
    print(type(e).__name__, e)
print(torch.clamp(torch.tensor([True, False]), 0, 0))
print(torch.clamp(torch.tensor([1, 2], dtype=torch.int8), max=torch.tensor(1.5)))
print(x.relu(), torch.nn.functional.hardtanh(x), torch.nn.functional.relu6(x))
''',
'einsum_shape_errors': r'''
import torch
a = torch.arange(6.).reshape(2, 3)
b = torch.arange(12.).reshape(3, 4)
print(torch.einsum('ij,jk->ik', a, b), torch.einsum('ij->ji', a), torch.einsum('ii', torch.arange(9.).reshape(3, 3)), torch.einsum('ij->', a))
print(torch.einsum('i,j->ij', torch.arange(3), torch.arange(2)), torch.einsum('bij,bjk->bik', a[None], b[None]).shape)
print(torch.einsum('...ij,...jk', a, b), torch.einsum(a, [0, 1], b, [1, 2], [0, 2]))
print(torch.einsum('ii->i', torch.arange(9).reshape(3, 3)), torch.einsum('i,i', torch.arange(3.), torch.arange(3.)))
for f in [lambda: torch.einsum('ij,jk->ik', a, a), lambda: torch.einsum('ij', a, b), lambda: torch.einsum('ijk', a),
          lambda: torch.einsum('ij->k', a), lambda: torch.einsum('i j', a), lambda: torch.einsum('ij,jk->ik', a, b.long()),
          lambda: a @ a, lambda: torch.mm(a, torch.arange(3.)), lambda: a + b, lambda: a.view(4), lambda: a.reshape(5, -1),
          lambda: a.expand(3, 3), lambda: a.view(-1, -1), lambda: torch.zeros(2, 3) + torch.zeros(3, 2), lambda: a.permute(0),
          lambda: a.transpose(0, 2), lambda: torch.matmul(torch.ones(2, 3, 4), torch.ones(5, 4, 2)), lambda: a.squeeze(3),
          lambda: a.unsqueeze(4), lambda: torch.ones(3).dot(torch.ones(4)), lambda: torch.bmm(a, a), lambda: a.T.view(6),
          lambda: torch.ones(2, 3).mv(torch.ones(2)), lambda: a[2], lambda: a[:, 3], lambda: a[0, 0, 0], lambda: a.size(2),
          lambda: torch.broadcast_tensors(a, torch.ones(4)), lambda: torch.broadcast_shapes((2, 3), (4,)),
          lambda: a.expand(2, 3, -1), lambda: a.expand(-1, 3, 3), lambda: a.repeat(2), lambda: a.flatten(0, 3), lambda: a.unflatten(1, (2, 2))]:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
print(torch.broadcast_shapes((2, 1), (1, 3), (3,)), (torch.ones(2, 1) + torch.ones(3)).shape, a.expand(2, 2, 3).shape)
''',
'int_div_remainder': r'''
import torch
a = torch.tensor([7, -7, 7, -7, 0])
b = torch.tensor([2, 2, -2, -2, 3])
print(a // b, a % b, torch.fmod(a, b), torch.remainder(a, b), a / b, torch.div(a, b, rounding_mode='trunc'), torch.div(a, b, rounding_mode='floor'))
print(a // 2, a % 2, a // 2.5, a % 2.5, a / 2, 7 // b, 7 % b, -7.5 // b, -7.5 % b)
f = torch.tensor([7.5, -7.5, 0.0, -0.0])
print(f // 2, f % 2, f % -2, torch.fmod(f, -2), f // -2, torch.remainder(-0.0, torch.tensor(2.0)), f // 0, f % 0)
print(torch.tensor([5], dtype=torch.uint8) // 2, torch.tensor([250], dtype=torch.uint8) + 10, torch.tensor([127], dtype=torch.int8) + 1)
print(torch.tensor([-128], dtype=torch.int8) // -1 if False else 0, torch.tensor([-7], dtype=torch.int8) % 3)
for f_ in [lambda: a // 0, lambda: a % 0, lambda: torch.fmod(a, 0), lambda: a / 0, lambda: torch.div(a, 0, rounding_mode='floor'),
           lambda: torch.tensor([True]) // torch.tensor([True]), lambda: torch.tensor([True]) - torch.tensor([True]), lambda: -torch.tensor([True]),
           lambda: torch.tensor([1, 2]) / torch.tensor([True, True]), lambda: torch.div(a, b, rounding_mode='round'),
           lambda: torch.tensor(5) // torch.tensor(0.0), lambda: a.float() // torch.tensor(0), lambda: ~torch.tensor([1.0]),
           lambda: torch.tensor([1, 2]) << 1, lambda: torch.tensor([1, 2]) >> torch.tensor([1, 0]), lambda: torch.tensor([1.5]) & 1,
           lambda: torch.tensor([6]) & 3, lambda: torch.tensor([True, False]) ^ True, lambda: torch.tensor([1, 2]) | torch.tensor([True, False]),
           lambda: 2 ** torch.tensor([1, 2, 3]), lambda: torch.tensor([2]) ** -1, lambda: torch.tensor([2]) ** -1.0, lambda: torch.tensor([2, 3]) ** 2,
           lambda: torch.tensor([0]) ** 0, lambda: torch.tensor([4], dtype=torch.uint8) - 5, lambda: torch.tensor([1, 2]).pow(torch.tensor([-1, 2]))]:
    try:
        print(f_())
    except Exception as e:
        print(type(e).__name__, e)
''',
'type_promotion': r'''
import torch
dts = [torch.bool, torch.uint8, torch.int8, torch.int16, torch.int32, torch.int64, torch.float16, torch.float32, torch.float64, torch.complex64, torch.complex128]
for d1 in dts:
    row = []
    for d2 in dts:
        row.append(str((torch.ones(1, dtype=d1) + torch.ones(1, dtype=d2)).dtype).replace('torch.', ''))
    print(d1, row)
for d in dts:
    t = torch.ones(2, dtype=d)
    res = []
    for s in ([1, 2.5, True] if d == torch.float16 else [1, 2.5, True, 1j]):
        try:
            res.append(str((t * s).dtype))
        except Exception as e:
            res.append(type(e).__name__)
    for s in [torch.tensor(1), torch.tensor(2.5), torch.tensor(2.5, dtype=torch.float64), torch.tensor(1, dtype=torch.int8)]:
        res.append(str((t * s).dtype))
    print(d, res, (t / 2).dtype, (t // 1).dtype if d != torch.bool and not d.is_complex else '-', t.sum().dtype, t.mean().dtype if d.is_floating_point or d.is_complex else '-', t.prod().dtype)
print(torch.result_type(torch.tensor([1]), 1.0), torch.result_type(torch.tensor([1], dtype=torch.int8), torch.tensor(1000)), torch.promote_types(torch.uint8, torch.int8))
print(torch.can_cast(torch.float32, torch.int32), torch.can_cast(torch.int32, torch.float32), torch.can_cast(torch.bool, torch.uint8))
print(torch.tensor([1, 2]).float().dtype, torch.tensor([1.5]).long(), torch.tensor([-1.7, 1.7]).int(), torch.tensor([-1, 256, 300]).to(torch.uint8), torch.tensor([2.0, 0.0]).bool())
print(torch.tensor([1.5, 2.5, -0.5, 3.5]).round(), torch.tensor([1.2345]).round(decimals=2), torch.tensor([300.0]).to(torch.int8) if False else 0)
print(torch.tensor([1, 2]).to(torch.complex64), torch.tensor([1 + 2j]).real, torch.tensor([1 + 2j]).abs(), torch.tensor([3 + 4j]).angle().dtype)
x = torch.ones(2, dtype=torch.int32)
try:
    x += torch.tensor([1.5, 1.5])
except Exception as e:
    print(type(e).__name__, e)
y = torch.ones(2, dtype=torch.int64)
try:
    y /= 2
except Exception as e:
    print(type(e).__name__, e)
''',
'repr_str_tolist_size': r'''
import torch
for t in [torch.tensor(1.5), torch.tensor([1.5, 2.0]), torch.tensor(3), torch.tensor(True), torch.tensor(1+1j), torch.tensor(0.1, dtype=torch.float64), torch.tensor(0.1, dtype=torch.float16)]:
    print(repr(t), str(t), f"{t}", f"{t!r}", "%s" % (t,), t.tolist(), t.item() if t.numel() == 1 else None, type(t.tolist()).__name__)
print([torch.tensor(1.), torch.tensor(2)])
print((torch.tensor(1.), torch.ones(2)))
print({'loss': torch.tensor(0.25), 'acc': torch.tensor([0.5, 1.0])})
print(torch.tensor([[1.5, 2.5]]).tolist(), torch.tensor([1, 2], dtype=torch.uint8).tolist(), torch.tensor([1e-8]).tolist(), torch.tensor([0.1]).tolist(), torch.tensor([0.1], dtype=torch.float16).tolist())
print(torch.tensor([True]).tolist(), torch.tensor([1 + 2j], dtype=torch.complex64).tolist(), torch.tensor([[]]).tolist(), torch.zeros(2, 0, 3).tolist())
print(torch.tensor(0.1).item(), torch.tensor(1/3).item(), torch.tensor(1/3, dtype=torch.float64).item(), torch.tensor(2**40).item(), torch.tensor(1e38).item(), torch.tensor(float('nan')).item())
try:
    torch.tensor([1, 2]).item()
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.tensor([]).item()
except Exception as e:
    print(type(e).__name__, e)
s = torch.ones(2, 3, 4).shape
print(s, repr(s), str(s), s[1], s[-2:], s[::-1], len(s), s.numel(), list(s), tuple(s), s == (2, 3, 4), s == [2, 3, 4], type(s[1:]).__name__)
print(torch.Size([]), torch.Size([0]), torch.Size([5]), torch.Size((1, 2)) + (3,), torch.Size([2]) * 2, torch.ones(()).shape, torch.ones(()).size(), torch.ones(3).size(0))
print(f"{s}", "%s" % (s,), s.count(3), s.index(4), torch.Size([2, 3]) == torch.Size([2, 3]), hash(torch.Size([1])) == hash((1,)))
print(torch.float32, torch.float, torch.double, torch.half, torch.long, torch.int, torch.short, torch.uint8, torch.bool, torch.cfloat, torch.cdouble, torch.int8)
print(repr(torch.float32), str(torch.int64), [torch.float32, torch.int64], {torch.float16})
print(torch.device('cpu'), repr(torch.device('cpu')), torch.device('cuda', 1), repr(torch.device('cuda:0')), torch.device('cpu', 0), torch.ones(1).device, repr(torch.ones(1).device))
print(torch.device('cpu').type, torch.device('cpu').index, torch.device('cuda:2').index, torch.device('cpu') == 'cpu', torch.device('meta'))
print(torch.ones(2).dtype, torch.ones(2).is_floating_point(), torch.ones(2).element_size(), torch.ones(2).type(), torch.ones(2).long().type(), torch.ones(2, dtype=torch.float64).type(), torch.tensor([True]).type())
print(type(torch.ones(2)), torch.ones(2).layout, torch.ones(2).ndim, torch.ones(2,3).dim(), torch.ones(2,3).nelement(), torch.ones(2,3).stride(), torch.ones(2,3).t().stride(), torch.ones(2,3).is_contiguous(), torch.ones(2,3).t().is_contiguous())
print(torch.get_default_dtype(), torch.tensor(1).dtype, torch.tensor(1.).dtype, torch.tensor(True).dtype, torch.tensor(1j).dtype, torch.tensor([1, 2.]).dtype)
torch.set_default_dtype(torch.float64)
print(torch.tensor([1.5]), torch.ones(2), torch.tensor(1j), torch.arange(3.), torch.tensor([1.5], dtype=torch.float32))
torch.set_default_dtype(torch.float32)
print(torch.tensor([1.5]), torch.tensor(1j))
''',
'print_summarised_nd': r'''
import torch
print(torch.arange(10000).reshape(10, 10, 10, 10))
print(torch.arange(10000.).reshape(10, 10, 10, 10) / 7)
print(torch.arange(2000, dtype=torch.int8))
print(torch.arange(1100).reshape(1100, 1) - 550)
print(torch.arange(1100).reshape(1, 1100).bool())
print(torch.arange(1200, dtype=torch.float16).reshape(2, 600) * 0.5)
print((torch.arange(1500) * (1 + 1j)).to(torch.complex64))
print(torch.arange(1500).float().reshape(3, 500).t())
print(torch.arange(6.).reshape(2, 3).expand(1001, 2, 3))
print(torch.arange(3000.).reshape(1000, 3)[::-1] if False else torch.arange(3000.).reshape(1000, 3).flip(0))
w = torch.arange(2000.).requires_grad_()
print(w)
print(w * 2)
print((w * 2).sum())
print(torch.tensor([[1e-3, 1e3]] * 600))
torch.set_printoptions(edgeitems=1, threshold=1)
print(torch.arange(27).reshape(3, 3, 3), torch.tensor([5]), torch.tensor([5, 6]), torch.tensor([5, 6, 7]))
torch.set_printoptions(edgeitems=0)
print(torch.arange(27).reshape(3, 3, 3))
print(torch.arange(5.))
torch.set_printoptions(profile='default')
torch.set_printoptions(threshold=0)
print(torch.tensor([1.0]), torch.tensor(2.0), torch.tensor([]), torch.arange(3))
torch.set_printoptions(profile='default')
''',
'manip_grad_fns': r'''
import torch
w = torch.tensor([[3., 1., 2.], [0., 5., 4.]], requires_grad=True)
ops = {
 'sort': lambda: torch.sort(w), 'argsort': lambda: torch.argsort(w), 'topk': lambda: torch.topk(w, 2), 'kth': lambda: torch.kthvalue(w, 1),
 'max': lambda: w.max(1), 'maxall': lambda: w.max(), 'median': lambda: w.median(), 'mediand': lambda: w.median(0), 'mode': lambda: w.mode(),
 'gather': lambda: w.gather(1, torch.tensor([[0], [2]])), 'scatter': lambda: w.scatter(1, torch.tensor([[0], [2]]), 9.),
 'scatter_t': lambda: w.scatter(1, torch.tensor([[0], [2]]), w), 'scatter_add': lambda: w.scatter_add(1, torch.tensor([[0], [2]]), w),
 'index_add': lambda: w.index_add(0, torch.tensor([1]), w[:1]), 'index_select': lambda: w.index_select(1, torch.tensor([2])),
 'take': lambda: w.take(torch.tensor([1, 4])), 'cat': lambda: torch.cat([w, w]), 'stack': lambda: torch.stack([w, w]),
 'split': lambda: w.split(1), 'chunk': lambda: w.chunk(3, 1), 'tsplit': lambda: w.tensor_split(2, 1), 'unbind': lambda: w.unbind(1),
 'flip': lambda: w.flip(0), 'roll': lambda: w.roll(1), 'roll2': lambda: w.roll(1, 1), 'rot90': lambda: w.rot90(), 'cumsum': lambda: w.cumsum(1), 'cumprod': lambda: w.cumprod(0),
 'cummax': lambda: w.cummax(1), 'cummin': lambda: w.cummin(0), 'clamp': lambda: w.clamp(1, 3), 'clampmin': lambda: w.clamp(min=1), 'clampt': lambda: w.clamp(torch.ones(3)),
 'clip': lambda: w.clip(max=2), 'where': lambda: torch.where(w > 2, w, 0.), 'where2': lambda: torch.where(w > 2, w, w * 2), 'mfill': lambda: w.masked_fill(w > 2, 0),
 'mselect': lambda: w.masked_select(w > 2), 'nonzero': lambda: w.nonzero(), 'unique': lambda: w.unique(), 'einsum': lambda: torch.einsum('ij->j', w),
 'einsum2': lambda: torch.einsum('ij,kj->ik', w, w), 'hstack': lambda: torch.hstack([w, w]), 'vstack': lambda: torch.vstack([w, w]), 'narrow': lambda: w.narrow(1, 0, 2),
 'select': lambda: w[1], 'slice': lambda: w[:, 1:], 'adv': lambda: w[[0, 1], [1, 2]], 'mask': lambda: w[w > 1], 'diag': lambda: w.diagonal(), 'tril': lambda: w.tril(),
 'repeat': lambda: w.repeat(2, 1), 'tile': lambda: w.tile(2), 'rint': lambda: w.repeat_interleave(2), 'expand': lambda: w[:1].expand(3, 3), 'flatten': lambda: w.flatten(),
 'view': lambda: w.view(3, 2), 'reshape': lambda: w.reshape(-1), 'T': lambda: w.T, 'mT': lambda: w.mT, 'permute': lambda: w.permute(1, 0), 'movedim': lambda: w.movedim(0, 1),
 'squeeze': lambda: w[None].squeeze(0), 'unsq': lambda: w.unsqueeze(-1), 'abs': lambda: w.abs(), 'fliplr': lambda: w.fliplr(), 'diff': lambda: w.diff(), 'logcumsumexp': lambda: w.logcumsumexp(0),
 'amax': lambda: w.amax(1), 'aminmax': lambda: w.aminmax(), 'msort': lambda: w.msort(), 'sortd': lambda: w.sort(0, descending=True), 'trace': lambda: w.trace() if False else w[:, :2].trace(),
 'index_fill': lambda: w.index_fill(1, torch.tensor([0]), 1.), 'index_copy': lambda: w.index_copy(0, torch.tensor([1, 0]), w), 'put': lambda: w.put(torch.tensor([0]), torch.tensor([7.])),
 'take_along': lambda: torch.take_along_dim(w, torch.tensor([[0], [1]]), 1), 'sreduce': lambda: w.scatter_reduce(1, torch.tensor([[0, 0]]), w[:1, :2], 'amax'),
 'clone': lambda: w.clone(), 'contig': lambda: w.t().contiguous(), 'to64': lambda: w.double(), 'detach': lambda: w.detach(), 'float': lambda: w.float(), 'swap': lambda: w.swapaxes(0, 1),
 'unflatten': lambda: w.unflatten(1, (3, 1)), 'atleast': lambda: torch.atleast_3d(w), 'bcast': lambda: torch.broadcast_to(w, (2, 2, 3)),
}
for k, f in ops.items():
    try:
        print(k, f())
    except Exception as e:
        print(k, type(e).__name__, e)
''',
'print_fuzz': r'''
import torch, random
random.seed(0)
def val(kind):
    r = random.random()
    if r < 0.05: return float('nan')
    if r < 0.08: return float('inf') * random.choice([1, -1])
    if r < 0.12: return -0.0
    if r < 0.3: return float(random.randint(-1000, 1000))
    e = random.choice([-12, -8, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 7, 8, 9, 12, 20])
    return random.uniform(-1, 1) * 10 ** e
dts = [torch.float16, torch.float32, torch.float64, torch.complex64, torch.complex128]
for it in range(400):
    n = random.choice([1, 2, 3, 5, 8])
    dt = random.choice(dts)
    vals = [val(0) for _ in range(n)]
    if dt.is_complex:
        vals = [complex(v, val(0)) for v in vals]
    t = torch.tensor(vals, dtype=dt)
    if random.random() < 0.3:
        torch.set_printoptions(precision=random.choice([0, 1, 2, 3, 6, 10]), sci_mode=random.choice([None, True, False]), linewidth=random.choice([20, 40, 80, 120]))
    print(t)
    print(t.reshape(1, -1) if n > 1 else t[0])
    torch.set_printoptions(profile='default')
    torch.set_printoptions(sci_mode=None)
''',
'ties_and_nan_order': r'''
import torch
x = torch.tensor([1, 3, 3, 2, 3, 1, 1, 2, 0, 3])
print(torch.topk(x, 4), torch.topk(x, 4, largest=False), torch.topk(x, 10))
print(torch.sort(x), torch.sort(x, descending=True), torch.sort(x, stable=True, descending=True))
print(torch.argsort(x), torch.kthvalue(x, 3), torch.median(x), x.median(0), x.mode(), x.argmax(), x.argmin(), x.max(0), x.min(0))
f = x.float()
print(torch.topk(f, 4), torch.topk(f, 4, largest=False), torch.sort(f), torch.kthvalue(f, 5), f.median(0), f.mode(0))
m = torch.tensor([[2, 2, 1], [1, 1, 1], [0, 5, 5]])
print(m.topk(2), m.topk(2, dim=0), m.sort(1), m.argsort(0), m.kthvalue(2, 1), m.median(1), m.mode(1), m.max(1), m.min(0), m.argmax(1), m.argmax())
print(torch.topk(torch.arange(20) % 4, 6), torch.sort(torch.arange(40) % 3))
big = (torch.arange(100) * 37) % 10
print(big.topk(5), big.sort(descending=True).indices[:20], big.argsort()[:20], big.kthvalue(50), big.median(0), big.mode())
fl = torch.tensor([0.5, float('nan'), 0.5, float('nan'), -1.0])
print(fl.topk(3), fl.sort(), fl.argmax(), fl.max(0), fl.min(0), fl.median(0), fl.kthvalue(4), fl.mode(), fl.nanmedian(), fl.nanmedian(0), fl.unique(return_counts=True))
b = torch.tensor([True, False, True, False])
print(b.sort(), b.max(0), b.unique(return_inverse=True))
''',
'index_arg_errors': r'''
import torch
x = torch.arange(6).reshape(2, 3)
fs = [lambda: torch.gather(x, 1, [[0]]), lambda: x.gather(1, [[0]]), lambda: x.gather(1, index=[[0]]),
      lambda: x.scatter_add(0, [[0]], x), lambda: x.scatter_reduce(0, [[0]], x, 'sum'), lambda: torch.index_select(x, 0, [0]),
      lambda: x.index_select(0, [0]), lambda: x.index_select(0, index=[0]), lambda: torch.take(x, [0]), lambda: x.take([0]),
      lambda: torch.take(x, index=[0]), lambda: torch.cat(x, x), lambda: torch.stack(x, x), lambda: torch.cat(x, dim='a'),
      lambda: torch.masked_select(x, torch.ones(2, 2, dtype=torch.bool)), lambda: torch.masked_select(torch.ones(2, 2), x > 0)]
for f in fs:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
''',
'scatter_reduce_warn_once': r'''
import torch, warnings, sys
warnings.simplefilter("default")
warnings.showwarning = lambda m, c, f, l, file=None, line=None: print("WARN", c.__name__, str(m)[:60])
print(torch.zeros(4).scatter(0, torch.tensor([1, 1, 2]), torch.tensor([1., 2., 3.]), reduce='add'))
print(torch.ones(4).scatter(0, torch.tensor([1, 1, 2]), torch.tensor([2., 3., 4.]), reduce='multiply'))
for _ in range(2):
    print(torch.ones(2).scatter(0, torch.tensor([0]), torch.tensor([5.]), reduce='add'))
''',
}

ember_outputs, torch_outputs, test_program_matches_pytorch = program_tests(PROGRAMS)


def test_masked_select_broadcast_error_names_mask_first():
    x = ember.arange(12).reshape(3, 4)
    with pytest.raises(RuntimeError, match=r"tensor a \(2\) must match the size of tensor b \(4\)"):
        ember.masked_select(x, ember.ones(2, 2, dtype=ember.bool))


def test_scatter_reduce_warning_once_per_process():
    from ember.ops import shape_ext
    shape_ext._SCATTER_REDUCE_WARNED.clear()
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        for red in ("add", "multiply"):
            ember.zeros(3).scatter(0, ember.tensor([0]), ember.tensor([1.0]), reduce=red)
    assert len(w) == 1 and "reduce argument of torch.scatter" in str(w[0].message)


@pytest.mark.parametrize("fn", [ember.cat, ember.stack])
def test_cat_stack_check_tensors_before_dim(fn):
    x = ember.ones(2)
    with pytest.raises(TypeError, match=r"argument 'tensors' \(position 1\) must be tuple of Tensors, not Tensor"):
        fn(x, x)


def test_index_argument_error_names_position():
    x = ember.arange(6).reshape(2, 3)
    with pytest.raises(TypeError, match=r"index_select\(\): argument 'index' \(position 3\) must be Tensor, not list"):
        ember.index_select(x, 0, [0])
    with pytest.raises(TypeError, match=r"take\(\): argument 'index' \(position 1\) must be Tensor, not list"):
        x.take([0])
    with pytest.raises(TypeError, match=r"gather\(\): argument 'index' must be Tensor, not list"):
        x.gather(1, index=[[0]])
