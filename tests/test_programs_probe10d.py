"""The shape, dtype and argument errors learners hit inside ``torch.nn`` (program probe 10d), run under
``python -m ember run`` and under PyTorch 2.13; stdout must match exactly.

Themes: ``nn.Linear``/``Bilinear`` with wrong widths and ranks; ``nn.Conv1d/2d/3d`` with wrong rank, channel count
and dtype, and bad ``groups``/``padding``/``stride``/``dilation``/``padding_mode`` at construction (``padding='same'``
with a stride, ``ConvTranspose2d(padding='same')``); pooling with kernels larger than the input or padding above half
the kernel; ``BatchNorm``/``LayerNorm``/``GroupNorm``/``InstanceNorm`` channel and shape mismatches (batch size 1 in
training, zero channels); ``nn.Embedding``/``EmbeddingBag`` index and ``padding_idx`` errors; ``nn.LSTM/GRU/RNN``
input sizes, ``h0``/``c0`` shapes, 2-D vs 3-D inputs, ``batch_first``, cells, packed sequences; classification and
regression losses with wrong target dtypes, classes and shapes; ``Flatten``/``Unflatten``/``Sequential``/
``ModuleList``/``ModuleDict`` misuse; ``nn.Parameter``, ``register_buffer``/``register_parameter``/``add_module`` name
clashes and bad names; ``load_state_dict`` (strict and not); ``F.softmax``/``interpolate``/``pad``/``one_hot``;
dropout probabilities; optimizer construction, ``add_param_group`` and ``state_dict`` errors; ``lr_scheduler``
misuse; ``DataLoader``/``random_split``/``default_collate``; ``MultiheadAttention``/``TransformerEncoderLayer``;
``nn.init``; ``rnn`` utils; pixel shuffle, fold/unfold, padding layers; ``nn.Module`` API misuse; the same errors
through ``torch.nn.functional``; ``EmbeddingBag`` offsets; container indexing and concatenation; scheduler
construction; ``scaled_dot_product_attention``/``affine_grid``/``grid_sample``; ``load_state_dict`` dtype casts,
``assign=True`` and non-persistent buffers; ``nn.utils`` clipping, ``weight_norm``/``spectral_norm``/``prune``;
reflect/circular padding modes and pooling edges (``ceil_mode``, ``divisor_override``, fractional pools); empty and
N-d losses; the text of ``nn`` warnings (implicit softmax dim, loss broadcasting, deprecated arguments, scheduler
order); Transformer masks; ``forward`` called with wrong arguments or dtypes.

The unit tests at the end cover the fixes the probe led to:

* ``F.conv_transpose{1,2,3}d`` rejects a non-int ``stride``/``padding``/``output_padding``/``dilation`` item with
  PyTorch's parser error (``nn.ConvTranspose2d(..., padding='same')`` stores ``('s', 'a', 'm', 'e')``):
  ``argument 'padding' (position 5) must be tuple of ints, but found element of type str at pos 0``;
* an empty batch-norm input with an empty ``weight`` fails as ATen's ``weight.select(0, 0)`` does;
* ``F.interpolate(mode='bicubic')`` on a 3-D or 5-D input raises the catch-all "Input Error" (PyTorch has no
  "needs 4D input" message for bicubic);
* ``nn.init.constant_``/``ones_``/``zeros_`` are ``tensor.fill_``/``zero_`` under ``no_grad`` (a non-tensor fails
  with ``'list' object has no attribute 'fill_'``);
* ``F.dropout2d`` (and the other feature dropouts) of a 1-D input in training fails as ATen's
  ``make_feature_noise``: ``Feature dropout requires at least 2 dimensions in the input``;
* ``F.embedding_bag`` checks the promoted dtype of its indices and offsets (ATen's ``promoteIndicesAndOffsets``):
  ``long`` indices with ``float`` offsets fail naming a ``torch.FloatTensor``, ``short`` ones fail, ``long`` with
  ``short`` offsets pass;
* ``F.scaled_dot_product_attention(dropout_p=2.0)`` fails in ATen's ``dropout``: a ``RuntimeError`` printing the
  double as C++ does (``but got 2``), not ``F.dropout``'s ``ValueError``;
* ``F.pad`` checks ``mode`` (a ``str``) and ``value`` (a real number or a 0-d tensor) as PyTorch's parser does:
  ``pad(): argument 'value' (position 4) must be float, not str``;
* ``nn.LSTM`` given a ``PackedSequence`` and no ``hx`` runs no ``check_forward_args`` (as PyTorch): a wrong width or
  dtype fails as the kernel's first matmul (``mat1 and mat2 shapes cannot be multiplied (6x2 and 3x16)``).
"""
from __future__ import annotations

import pytest
from program_runner import program_tests, raises_exactly

import ember
import ember.nn as nn
import ember.nn.functional as F


PROGRAMS = {
'linear_shapes': r'''
import torch
import torch.nn as nn
torch.manual_seed(0)
lin = nn.Linear(4, 3)
x = torch.randn(2, 4)
print(lin(x).shape, lin(torch.randn(4)).shape, lin(torch.randn(2, 5, 4)).shape)
for inp in [torch.randn(2, 5), torch.randn(5), torch.randn(2, 3, 5), torch.randn(()), torch.randn(2, 4).double(), torch.randint(0, 3, (2, 4))]:
    try:
        print(lin(inp).shape)
    except Exception as e:
        print(type(e).__name__, e)
for args in [(0, 3), (-1, 3), (3, -2), (2.5, 3)]:
    try:
        m = nn.Linear(*args)
        print(m, m.weight.shape)
    except Exception as e:
        print(type(e).__name__, e)
b = nn.Bilinear(3, 4, 2)
try:
    b(torch.randn(2, 3), torch.randn(2, 3))
except Exception as e:
    print(type(e).__name__, e)
try:
    nn.Linear(4, 3, bias=None)(x)
    print('ok none bias')
except Exception as e:
    print(type(e).__name__, e)
''',
'conv_rank_channels': r'''
import torch
import torch.nn as nn
torch.manual_seed(0)
c1 = nn.Conv1d(3, 4, 3)
c2 = nn.Conv2d(3, 4, 3, padding=1)
c3 = nn.Conv3d(2, 4, 2)
print(c1(torch.randn(2, 3, 10)).shape, c2(torch.randn(1, 3, 5, 5)).shape, c3(torch.randn(1, 2, 3, 3, 3)).shape)
print(c1(torch.randn(3, 10)).shape, c2(torch.randn(3, 5, 5)).shape)
cases = [(c1, torch.randn(2, 4, 10)), (c1, torch.randn(2, 3, 4, 10)), (c1, torch.randn(10)),
         (c2, torch.randn(1, 4, 5, 5)), (c2, torch.randn(5, 5)), (c2, torch.randn(1, 1, 3, 5, 5)), (c2, torch.randn(3, 5)),
         (c3, torch.randn(1, 3, 3, 3, 3)), (c3, torch.randn(2, 3, 3, 3)), (c3, torch.randn(1, 2, 1, 3, 3)),
         (nn.Conv2d(3, 4, 7), torch.randn(1, 3, 5, 5)), (c2, torch.randn(1, 3, 5, 5).double()), (c2, torch.randint(0, 5, (1, 3, 5, 5)))]
for m, x in cases:
    try:
        print(m(x).shape)
    except Exception as e:
        print(type(e).__name__, e)
''',
'conv_construct_args': r'''
import torch
import torch.nn as nn
ok = nn.Conv2d(4, 8, 3, groups=2, padding='same')
print(ok, ok.weight.shape)
print(nn.Conv1d(2, 2, 4, padding='same'), nn.Conv2d(2, 2, 3, padding='valid'))
bad = [lambda: nn.Conv2d(4, 8, 3, groups=3), lambda: nn.Conv2d(6, 8, 3, groups=4), lambda: nn.Conv2d(4, 8, 3, groups=0),
       lambda: nn.Conv2d(4, 8, 3, groups=-1), lambda: nn.Conv2d(4, 8, 3, padding='same', stride=2), lambda: nn.Conv1d(4, 8, 3, padding='full'),
       lambda: nn.Conv2d(4, 8, 3, padding_mode='zero'), lambda: nn.Conv2d(-1, 8, 3), lambda: nn.Conv2d(4, -8, 3), lambda: nn.Conv2d(4, 8, 0),
       lambda: nn.Conv2d(4, 8, 3, stride=0), lambda: nn.Conv2d(4, 8, 3, padding=-1), lambda: nn.Conv2d(4, 8, (3, 3, 3)),
       lambda: nn.ConvTranspose2d(4, 8, 3, padding='same'), lambda: nn.Conv2d(4, 8, 3, dilation=0), lambda: nn.Conv3d(4, 8, 3, padding='same', stride=(1, 2, 1))]
for f in bad:
    try:
        m = f()
        print('built', m)
        print(m(torch.randn(1, m.in_channels, *([8] * (m.weight.dim() - 2)))).shape)
    except Exception as e:
        print(type(e).__name__, str(e).split('{')[0])   # (the valid choices print as a set: hash order)
''',
'pool_errors': r'''
import torch
import torch.nn as nn
x = torch.arange(32.).reshape(1, 2, 4, 4)
print(nn.MaxPool2d(2)(x), nn.AvgPool2d(2, padding=1)(x))
print(nn.MaxPool2d(3, stride=1, padding=1)(x).shape)
cases = [(nn.MaxPool2d(5), x), (nn.AvgPool2d(5), x), (nn.MaxPool2d(2, padding=2), x), (nn.AvgPool2d(3, padding=2), x),
         (nn.MaxPool2d(2), torch.randn(4, 4)), (nn.MaxPool2d(2), torch.randn(1, 1, 1, 4, 4)), (nn.MaxPool1d(4), torch.randn(1, 2, 3)),
         (nn.AvgPool1d(2, padding=2), torch.randn(1, 2, 8)), (nn.MaxPool2d(0), x), (nn.MaxPool2d(2, stride=0), x),
         (nn.MaxPool2d(2, dilation=0), x), (nn.AdaptiveAvgPool2d((2, 2)), torch.randn(4)), (nn.MaxPool3d(2), x), (nn.MaxPool2d(2), torch.arange(16).reshape(1, 4, 4))]
for m, t in cases:
    try:
        print(m(t).shape)
    except Exception as e:
        print(type(e).__name__, e)
''',
'batchnorm_errors': r'''
import torch
import torch.nn as nn
torch.manual_seed(0)
bn = nn.BatchNorm1d(3)
print(bn(torch.randn(4, 3)).shape, bn(torch.randn(2, 3, 5)).shape, bn.running_mean, bn.num_batches_tracked)
bn2 = nn.BatchNorm2d(3)
cases = [(bn, torch.randn(4, 4)), (bn, torch.randn(1, 3)), (bn, torch.randn(4)), (bn, torch.randn(2, 3, 4, 5)),
         (bn2, torch.randn(2, 4, 5, 5)), (bn2, torch.randn(3, 5, 5)), (bn2, torch.randn(1, 3, 1, 1)), (nn.BatchNorm3d(3), torch.randn(2, 3, 4, 4)),
         (bn, torch.randn(1, 3, 1))]
for m, t in cases:
    try:
        print(m(t).shape)
    except Exception as e:
        print(type(e).__name__, e)
bn.eval()
print(bn(torch.randn(1, 3)))
try:
    nn.BatchNorm1d(0)(torch.randn(2, 0))
    print('ok zero')
except Exception as e:
    print(type(e).__name__, e)
print(bn)
''',
'norm_layers': r'''
import torch
import torch.nn as nn
torch.manual_seed(0)
ln = nn.LayerNorm(4)
x = torch.randn(2, 3, 4)
print(ln(x).shape, nn.LayerNorm([3, 4])(x).shape, ln)
for m, t in [(ln, torch.randn(2, 5)), (nn.LayerNorm([3, 4]), torch.randn(2, 4, 3)), (nn.LayerNorm([2, 3, 4]), torch.randn(3, 4)),
             (nn.LayerNorm(4), torch.randn(4, 2))]:
    try:
        print(m(t).shape)
    except Exception as e:
        print(type(e).__name__, e)
gn = nn.GroupNorm(2, 4)
print(gn(torch.randn(2, 4, 3)).shape, gn)
for f in [lambda: nn.GroupNorm(3, 4), lambda: gn(torch.randn(2, 6, 3)), lambda: gn(torch.randn(4)), lambda: nn.GroupNorm(0, 4),
          lambda: nn.LayerNorm(0)(torch.randn(2, 0)), lambda: nn.InstanceNorm1d(3)(torch.randn(2, 4, 5)), lambda: nn.InstanceNorm2d(3)(torch.randn(3, 5))]:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
''',
'embedding_errors': r'''
import torch
import torch.nn as nn
torch.manual_seed(0)
emb = nn.Embedding(5, 3, padding_idx=0)
print(emb(torch.tensor([[0, 4], [2, 1]])).shape, emb.weight[0], emb)
for idx in [torch.tensor([5]), torch.tensor([-1]), torch.tensor([0.0, 1.0]), torch.tensor([1, 2], dtype=torch.int32), [1, 2], torch.tensor(True)]:
    try:
        print(emb(idx).shape)
    except Exception as e:
        print(type(e).__name__, e)
for f in [lambda: nn.Embedding(5, 3, padding_idx=5), lambda: nn.Embedding(5, 3, padding_idx=-6), lambda: nn.Embedding(5, 3, padding_idx=-1),
          lambda: nn.Embedding(-1, 3), lambda: nn.Embedding(5, 3, max_norm=1.0)(torch.tensor([7])),
          lambda: nn.Embedding.from_pretrained(torch.randn(5)), lambda: nn.Embedding.from_pretrained(torch.randn(3, 2), padding_idx=3),
          lambda: nn.EmbeddingBag(5, 2)(torch.tensor([[1, 2]]), offsets=torch.tensor([0])), lambda: nn.EmbeddingBag(5, 2, mode='avg')]:
    try:
        r = f()
        print(r if not isinstance(r, nn.Module) else (r, r.padding_idx))
    except Exception as e:
        print(type(e).__name__, e)
''',
'rnn_shapes': r'''
import torch
import torch.nn as nn
torch.manual_seed(0)
lstm = nn.LSTM(4, 6, num_layers=2)
x = torch.randn(5, 3, 4)
out, (h, c) = lstm(x)
print(out.shape, h.shape, c.shape)
print(lstm(torch.randn(5, 4))[0].shape)
h0 = torch.zeros(2, 3, 6)
cases = [lambda: lstm(torch.randn(5, 3, 5)), lambda: lstm(x, (torch.zeros(1, 3, 6), h0)), lambda: lstm(x, (h0, torch.zeros(2, 3, 5))),
         lambda: lstm(x, h0), lambda: lstm(x, (h0,)), lambda: lstm(torch.randn(5, 4), (h0, h0)), lambda: lstm(torch.randn(2, 5, 3, 4)),
         lambda: lstm(torch.randn(4)), lambda: nn.LSTM(4, 6, batch_first=True)(x, (torch.zeros(1, 3, 6), torch.zeros(1, 3, 6))),
         lambda: lstm(x.double()), lambda: lstm(x, (h0, h0.double()))]
for f in cases:
    try:
        r = f()
        print(r[0].shape)
    except Exception as e:
        print(type(e).__name__, e)
''',
'gru_rnn_shapes': r'''
import torch
import torch.nn as nn
torch.manual_seed(0)
gru = nn.GRU(3, 5, batch_first=True)
rnn = nn.RNN(3, 5, bidirectional=True)
x = torch.randn(2, 7, 3)
print(gru(x)[0].shape, rnn(x)[0].shape, rnn(x)[1].shape)
cases = [lambda: gru(x, torch.zeros(2, 5)), lambda: gru(x, torch.zeros(1, 7, 5)), lambda: gru(x, torch.zeros(1, 2, 4)),
         lambda: rnn(x, torch.zeros(1, 7, 5)), lambda: rnn(x, torch.zeros(2, 2, 5)), lambda: rnn(torch.randn(3, 4)),
         lambda: gru(torch.randn(7, 3), torch.zeros(1, 1, 5)), lambda: gru(torch.randn(7, 3), torch.zeros(1, 5)),
         lambda: nn.RNN(3, 5, nonlinearity='sigmoid'), lambda: nn.GRU(3, 5, num_layers=0), lambda: nn.LSTM(3, 5, dropout=2.0),
         lambda: nn.LSTM(3, 0), lambda: nn.LSTM(3, 5, proj_size=5), lambda: nn.RNN(3, 5, dropout=0.5), lambda: nn.GRUCell(3, 5)(torch.randn(2, 4)),
         lambda: nn.LSTMCell(3, 5)(torch.randn(2, 3), torch.zeros(2, 5)), lambda: nn.RNNCell(3, 5)(torch.randn(2, 3), torch.zeros(3, 5))]
for f in cases:
    try:
        r = f()
        print(r if isinstance(r, nn.Module) else r[0].shape)
    except Exception as e:
        print(type(e).__name__, e)
''',
'class_loss_errors': r'''
import torch
import torch.nn as nn
torch.manual_seed(0)
logits = torch.randn(4, 3)
y = torch.tensor([0, 2, 1, 2])
ce = nn.CrossEntropyLoss()
print(ce(logits, y), nn.NLLLoss()(logits.log_softmax(1), y))
print(ce(logits, torch.softmax(torch.randn(4, 3), 1)))
cases = [lambda: ce(logits, y.float()), lambda: ce(logits, torch.tensor([0, 3, 1, 2])), lambda: ce(logits, torch.tensor([0, -2, 1, 2])),
         lambda: ce(logits, y[:3]), lambda: ce(logits, y[:, None]), lambda: ce(logits, y.int()), lambda: ce(logits, torch.randn(4, 2)),
         lambda: nn.NLLLoss()(logits, y.float()), lambda: nn.NLLLoss()(logits, torch.tensor([0, 5, 1, 2])), lambda: nn.NLLLoss()(logits, y[:2]),
         lambda: nn.NLLLoss()(logits[0], y[0]), lambda: ce(logits[0], y[0]), lambda: ce(logits, y, ), lambda: nn.CrossEntropyLoss(weight=torch.ones(4))(logits, y),
         lambda: nn.CrossEntropyLoss(reduction='avg')(logits, y), lambda: nn.CrossEntropyLoss(label_smoothing=1.5)(logits, y),
         lambda: ce(torch.randn(2, 3, 4), torch.tensor([[0, 1, 2, 1], [1, 1, 1, 1]])), lambda: ce(torch.randn(2, 3, 4), torch.tensor([[0, 1, 2], [1, 1, 1]])),
         lambda: nn.CrossEntropyLoss(ignore_index=3)(logits, torch.tensor([0, 3, 1, 2]))]
for f in cases:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
''',
'regression_loss_errors': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(0)
p = torch.rand(4, 1)
t = torch.rand(4)
print(nn.MSELoss()(p, t.unsqueeze(1)), nn.L1Loss()(p.squeeze(), t))
cases = [lambda: nn.MSELoss()(p, t), lambda: nn.MSELoss()(torch.rand(4, 2), torch.rand(4, 3)), lambda: nn.L1Loss()(torch.rand(3), torch.rand(4)),
         lambda: nn.BCELoss()(torch.tensor([0.2, 1.5]), torch.tensor([0., 1.])), lambda: nn.BCELoss()(torch.tensor([0.2, -0.1]), torch.tensor([0., 1.])),
         lambda: nn.BCELoss()(torch.tensor([0.2, 0.7]), torch.tensor([0, 1])), lambda: nn.BCELoss()(torch.tensor([0.2, 0.7]), torch.tensor([0., 1., 1.])),
         lambda: nn.BCELoss()(torch.tensor([0.2, 0.7]), torch.tensor([[0., 1.]])), lambda: nn.BCEWithLogitsLoss()(torch.tensor([0.2, 0.7]), torch.tensor([0, 1])),
         lambda: nn.BCEWithLogitsLoss(pos_weight=torch.ones(3))(torch.randn(4, 2), torch.rand(4, 2)),
         lambda: nn.BCEWithLogitsLoss(pos_weight=torch.ones(2))(torch.randn(4, 2), torch.rand(4, 2)),
         lambda: nn.BCEWithLogitsLoss()(torch.randn(4, 2), torch.rand(4, 3)), lambda: nn.MSELoss(reduction='none')(p, t).shape,
         lambda: nn.SmoothL1Loss(beta=-1.0)(p, p), lambda: nn.HuberLoss(delta=0.0)(p, p), lambda: nn.MSELoss(reduction='avg')(p, p),
         lambda: nn.KLDivLoss()(p.log(), p), lambda: F.mse_loss(p, t.unsqueeze(1).long())]
for f in cases:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
''',
'flatten_containers': r'''
import torch
import torch.nn as nn
x = torch.randn(2, 3, 4, 5)
print(nn.Flatten()(x).shape, nn.Flatten(0, 2)(x).shape, nn.Unflatten(1, (3, 1))(x).shape, nn.Unflatten(-1, (5, 1))(x).shape)
seq = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
print(seq[0], seq[-1], seq[1:], len(seq))
cases = [lambda: nn.Flatten(4)(x), lambda: nn.Flatten(2, 1)(x), lambda: nn.Flatten(-5)(x), lambda: nn.Unflatten(1, (2, 2))(x),
         lambda: nn.Unflatten(4, (1, 1))(x), lambda: nn.Unflatten(1, 3), lambda: nn.Unflatten('a', (3,)),
         lambda: seq[3], lambda: seq[-4], lambda: seq['0'], lambda: seq.append(5), lambda: nn.Sequential(nn.ReLU(), 5),
         lambda: nn.ModuleList([nn.ReLU()]).append(torch.ones(2)), lambda: nn.ModuleList([nn.ReLU(), 'relu']), lambda: nn.ModuleList()[0],
         lambda: nn.ModuleDict({'a': 3}), lambda: nn.ModuleDict({'a': nn.ReLU()})['b'], lambda: seq(torch.randn(3, 4)),
         lambda: nn.Sequential(nn.ReLU())(torch.ones(1), torch.ones(1)), lambda: del_item(seq, 5), lambda: nn.Flatten()(torch.tensor(1.))]
def del_item(s, i):
    del s[i]
for f in cases:
    try:
        r = f()
        print(r.shape if isinstance(r, torch.Tensor) else r)
    except Exception as e:
        print(type(e).__name__, e)
''',
'parameter_buffer_errors': r'''
import torch
import torch.nn as nn
class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.w = nn.Parameter(torch.ones(2))
        self.register_buffer('running', torch.zeros(2))
        self.x = 3
m = M()
print(list(m.state_dict()), dict(m.named_buffers()))
cases = [lambda: nn.Parameter(torch.ones(2, dtype=torch.long)), lambda: nn.Parameter(torch.tensor([1, 2])), lambda: nn.Parameter([1.0, 2.0]),
         lambda: m.register_buffer('x', torch.ones(1)), lambda: m.register_buffer('w', torch.ones(1)), lambda: m.register_buffer('a.b', torch.ones(1)),
         lambda: m.register_buffer('', torch.ones(1)), lambda: m.register_buffer(3, torch.ones(1)), lambda: m.register_buffer('y', [1, 2]),
         lambda: m.register_parameter('running', nn.Parameter(torch.ones(1))), lambda: m.register_parameter('p.q', nn.Parameter(torch.ones(1))),
         lambda: m.register_parameter('z', torch.ones(1)), lambda: m.register_parameter('', None), lambda: m.add_module('a.b', nn.ReLU()),
         lambda: m.add_module('w', nn.ReLU()), lambda: m.add_module('r', 5), lambda: setattr(m, 'w', torch.ones(2)),
         lambda: setattr(m, 'running', nn.Parameter(torch.ones(2))), lambda: m.get_parameter('nope'), lambda: m.get_buffer('w'), lambda: m.get_submodule('a'),
         lambda: nn.Parameter(torch.ones(2, dtype=torch.complex64)), lambda: nn.Parameter(torch.ones(2), requires_grad=False)]
for f in cases:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
print(list(m.state_dict()), type(m.running).__name__)
try:
    m.register_buffer('running', None)
except Exception as e:
    print(type(e).__name__, e)
m.register_buffer('fresh', None)
print(list(m.state_dict()), list(dict(m.named_buffers())), m.fresh)
''',
'load_state_dict_errors': r'''
import torch
import torch.nn as nn
torch.manual_seed(0)
net = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.Linear(4, 2))
sd = net.state_dict()
print(list(sd))
print(net.load_state_dict(sd))
bad = dict(sd)
del bad['0.weight']
bad['extra.bias'] = torch.ones(1)
try:
    net.load_state_dict(bad)
except Exception as e:
    print(type(e).__name__, e)
r = net.load_state_dict(bad, strict=False)
print(r, r.missing_keys, r.unexpected_keys)
shp = dict(sd)
shp['2.weight'] = torch.ones(3, 4)
shp['0.bias'] = torch.ones(5)
for strict in [True, False]:
    try:
        print(net.load_state_dict(shp, strict=strict))
    except Exception as e:
        print(type(e).__name__, e)
both = dict(shp)
del both['1.running_var']
both['zzz'] = torch.ones(2)
try:
    net.load_state_dict(both)
except Exception as e:
    print(type(e).__name__, e)
try:
    net.load_state_dict([('a', 1)])
except Exception as e:
    print(type(e).__name__, e)
try:
    net.load_state_dict({'0.weight': [[1.0] * 3] * 4}, strict=False)
except Exception as e:
    print(type(e).__name__, e)
print(nn.Linear(2, 2).load_state_dict({}, strict=False))
''',
'functional_errors': r'''
import torch
import torch.nn.functional as F
torch.manual_seed(0)
x = torch.randn(2, 3)
print(F.softmax(x, dim=1).sum(1), F.softmax(x).shape, F.log_softmax(x).shape)
img = torch.arange(16.).reshape(1, 1, 4, 4)
print(F.interpolate(img, scale_factor=0.5), F.interpolate(img, size=(2, 2), mode='bilinear', align_corners=False))
print(F.pad(img, (1, 1)).shape, F.pad(img, (1, 0, 2, 0), value=-1.)[0, 0, :3])
print(F.one_hot(torch.tensor([0, 2, 1])), F.one_hot(torch.tensor([1, 0]), 4))
cases = [lambda: F.softmax(x, dim=2), lambda: F.softmax(x, dim=-3), lambda: F.log_softmax(x, 5), lambda: F.softmax(torch.tensor([1, 2]), 0),
         lambda: F.interpolate(img, size=2, scale_factor=2), lambda: F.interpolate(img), lambda: F.interpolate(img, size=(2, 2, 2)),
         lambda: F.interpolate(img, scale_factor=2, mode='linear'), lambda: F.interpolate(img, scale_factor=2, mode='cubic'),
         lambda: F.interpolate(img, scale_factor=2, align_corners=True), lambda: F.interpolate(torch.randn(4), size=2),
         lambda: F.pad(img, (1, 1, 1)), lambda: F.pad(img, (1,) * 10), lambda: F.pad(img, (1, 1), mode='reflect'),
         lambda: F.pad(img, (5, 5), mode='reflect'), lambda: F.pad(img, (1, 1), mode='wrap'), lambda: F.pad(img, (-5, 0)),
         lambda: F.one_hot(torch.tensor([0, -1])), lambda: F.one_hot(torch.tensor([0, 3]), 3), lambda: F.one_hot(torch.tensor([0., 1.])),
         lambda: F.one_hot(torch.tensor([0, 1]), 0), lambda: F.one_hot(torch.tensor([], dtype=torch.long)), lambda: F.relu(3),
         lambda: F.dropout(x, p=1.5), lambda: F.linear(x, torch.randn(4, 2)), lambda: F.conv2d(img, torch.randn(1, 2, 3, 3))]
for f in cases:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
''',
'dropout_optim_errors': r'''
import torch
import torch.nn as nn
import torch.optim as optim
torch.manual_seed(0)
model = nn.Linear(3, 1)
print(nn.Dropout(0.2), nn.Dropout2d(0.0))
cases = [lambda: nn.Dropout(p=1.5), lambda: nn.Dropout(-0.1), lambda: nn.Dropout2d(2), lambda: nn.AlphaDropout(1.1),
         lambda: optim.SGD(model.parameters(), lr=-0.1), lambda: optim.SGD([], lr=0.1), lambda: optim.Adam(model),
         lambda: optim.Adam(model.parameters(), betas=(1.0, 0.9)), lambda: optim.Adam(model.parameters(), eps=-1),
         lambda: optim.SGD(model.parameters(), momentum=-1), lambda: optim.SGD(model.parameters(), lr=0.1, nesterov=True),
         lambda: optim.Adam(model.parameters(), weight_decay=-1e-3), lambda: optim.SGD(model.parameters(), lr='fast'),
         lambda: optim.SGD([model.weight, model.weight], lr=0.1), lambda: optim.SGD(model.weight, lr=0.1),
         lambda: optim.AdamW(model.parameters(), lr=-1), lambda: optim.RMSprop(model.parameters(), alpha=-1),
         lambda: optim.SGD([{'params': model.weight}, {'params': model.weight}], lr=0.1), lambda: optim.SGD([torch.ones(2)], lr=0.1),
         lambda: optim.Adagrad(model.parameters(), lr_decay=-1), lambda: optim.SGD(iter([]), lr=0.1)]
for f in cases:
    try:
        r = f()
        print(type(r).__name__, r if isinstance(r, nn.Module) else '')
    except Exception as e:
        print(type(e).__name__, e)
opt = optim.SGD(model.parameters(), lr=0.1)
try:
    opt.add_param_group({'params': model.weight})
except Exception as e:
    print(type(e).__name__, e)
try:
    opt.add_param_group({'lr': 0.1})
except Exception as e:
    print(type(e).__name__, e)
''',
'scheduler_dataloader': r'''
import torch
import torch.nn as nn
import torch.optim as optim
import warnings
from torch.utils.data import DataLoader, TensorDataset
torch.manual_seed(0)
model = nn.Linear(2, 1)
opt = optim.SGD(model.parameters(), lr=1.0)
sched = optim.lr_scheduler.StepLR(opt, step_size=1, gamma=0.5)
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter('always')
    sched.step()
    opt.step()
    print([str(x.message)[:70] for x in w], [x.category.__name__ for x in w])
print(sched.get_last_lr(), opt.param_groups[0]['lr'])
ds = TensorDataset(torch.arange(6.).reshape(3, 2), torch.arange(3))
print(len(ds), ds[1])
cases = [lambda: DataLoader(ds, batch_size=0), lambda: DataLoader(ds, batch_size=-1), lambda: DataLoader(ds, batch_size=2.5),
         lambda: DataLoader(ds, batch_size=None, drop_last=True), lambda: DataLoader(ds, shuffle=True, sampler=[0, 1]),
         lambda: DataLoader(ds, batch_size=2, batch_sampler=[[0]]), lambda: DataLoader(ds, num_workers=-1),
         lambda: TensorDataset(torch.ones(3), torch.ones(4)), lambda: ds[5], lambda: optim.lr_scheduler.StepLR(model, 1),
         lambda: optim.lr_scheduler.StepLR(opt, 1, last_epoch=3), lambda: optim.lr_scheduler.MultiStepLR(opt, [3, 1]),
         lambda: optim.lr_scheduler.LambdaLR(opt, [lambda e: 1, lambda e: 2]), lambda: optim.lr_scheduler.ExponentialLR(opt, gamma=-1).get_last_lr(),
         lambda: DataLoader(ds, batch_size=2, prefetch_factor=2), lambda: list(DataLoader([1, 2, 3], batch_size=2)), lambda: DataLoader(ds, timeout=-1)]
for f in cases:
    try:
        r = f()
        print(type(r).__name__, r if isinstance(r, (list, tuple)) else '')
    except Exception as e:
        print(type(e).__name__, e)
''',
'train_loop_mistakes': r'''
import torch
import torch.nn as nn
torch.manual_seed(0)
model = nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(4 * 3 * 3, 10))
x = torch.randn(8, 1, 8, 8)
y = torch.randint(0, 10, (8,))
opt = torch.optim.SGD(model.parameters(), lr=0.1)
loss = nn.CrossEntropyLoss()(model(x), y)
loss.backward()
opt.step()
print(round(loss.item(), 4))
cases = [lambda: model(torch.randn(8, 8, 8)), lambda: model(torch.randn(8, 1, 10, 10)), lambda: model(torch.randn(8, 3, 8, 8)),
         lambda: nn.Sequential(nn.Conv2d(1, 4, 3), nn.Linear(4, 10))(x).shape, lambda: nn.CrossEntropyLoss()(model(x), y.view(8, 1)),
         lambda: nn.CrossEntropyLoss()(model(x), torch.nn.functional.one_hot(y, 10)),
         lambda: nn.CrossEntropyLoss()(model(x).argmax(1), y), lambda: loss.backward(), lambda: model(x.numpy()),
         lambda: model(x).item(), lambda: model[4](torch.randn(8, 35))]
for f in cases:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
''',
'attention_transformer_errors': r'''
import torch
import torch.nn as nn
torch.manual_seed(0)
mha = nn.MultiheadAttention(8, 2)
q = torch.randn(5, 3, 8)
out, w = mha(q, q, q)
print(out.shape, w.shape)
cases = [lambda: nn.MultiheadAttention(8, 3), lambda: mha(torch.randn(5, 3, 6), q, q), lambda: mha(q, torch.randn(4, 3, 8), q),
         lambda: mha(q, q, q, key_padding_mask=torch.zeros(3, 4, dtype=torch.bool)), lambda: mha(q, q, q, attn_mask=torch.zeros(4, 4)),
         lambda: mha(q, q, q, attn_mask=torch.zeros(2, 5, 5)), lambda: mha(torch.randn(5, 8), torch.randn(5, 8), torch.randn(5, 8))[0].shape,
         lambda: mha(q[0], q, q), lambda: nn.TransformerEncoderLayer(8, 3), lambda: nn.TransformerEncoderLayer(8, 2, activation='tanh'),
         lambda: nn.TransformerEncoderLayer(8, 2)(torch.randn(2, 3, 6)), lambda: nn.MultiheadAttention(0, 1)]
for f in cases:
    try:
        r = f()
        print(r if not isinstance(r, tuple) else [t.shape for t in r if t is not None])
    except Exception as e:
        print(type(e).__name__, e)
''',
'init_errors': r'''
import torch
import torch.nn as nn
torch.manual_seed(0)
w = torch.empty(3, 4)
print(nn.init.xavier_uniform_(w).shape, nn.init.calculate_gain('relu'), nn.init.calculate_gain('leaky_relu', 0.2), nn.init.calculate_gain('tanh'))
cases = [lambda: nn.init.xavier_uniform_(torch.empty(4)), lambda: nn.init.kaiming_normal_(torch.empty(3)), lambda: nn.init.kaiming_uniform_(w, mode='fan'),
         lambda: nn.init.calculate_gain('gelu'), lambda: nn.init.calculate_gain('leaky_relu', 'a'), lambda: nn.init.orthogonal_(torch.empty(3)),
         lambda: nn.init.sparse_(torch.empty(2, 2, 2), 0.5), lambda: nn.init.eye_(torch.empty(2, 2, 2)), lambda: nn.init.dirac_(torch.empty(2, 2)),
         lambda: nn.init.trunc_normal_(w, a=2, b=-2).shape, lambda: nn.init.uniform_(w, 1, 0).shape, lambda: nn.init.normal_(w, std=-1),
         lambda: nn.init.kaiming_normal_(w, nonlinearity='swish'), lambda: nn.init.xavier_normal_(torch.empty(0, 3)),
         lambda: nn.init.kaiming_uniform_(torch.empty(0, 3)), lambda: nn.init.ones_([1.0])]
for f in cases:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
''',
'rnn_utils_errors': r'''
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence, pad_sequence, pack_sequence
torch.manual_seed(0)
seqs = [torch.ones(3, 2), torch.ones(2, 2) * 2, torch.ones(1, 2) * 3]
padded = pad_sequence(seqs, batch_first=True)
print(padded.shape, padded[:, :, 0])
packed = pack_padded_sequence(padded, torch.tensor([3, 2, 1]), batch_first=True)
print(packed.batch_sizes, pad_packed_sequence(packed, batch_first=True)[1])
lstm = nn.LSTM(2, 3, batch_first=True)
print(lstm(packed)[0].data.shape)
cases = [lambda: pack_padded_sequence(padded, torch.tensor([1, 3, 2]), batch_first=True), lambda: pack_padded_sequence(padded, torch.tensor([3, 2]), batch_first=True),
         lambda: pack_padded_sequence(padded, torch.tensor([4, 2, 1]), batch_first=True), lambda: pack_padded_sequence(padded, torch.tensor([3, 2, 0]), batch_first=True),
         lambda: pack_padded_sequence(padded, [3.0, 2.0, 1.0], batch_first=True).batch_sizes, lambda: pad_sequence([torch.ones(2, 3), torch.ones(2, 4)]),
         lambda: pad_sequence([]), lambda: pack_sequence([torch.ones(1), torch.ones(2)]), lambda: pack_sequence([torch.ones(1), torch.ones(2)], enforce_sorted=False).batch_sizes,
         lambda: nn.LSTM(3, 3)(packed), lambda: pad_sequence(seqs, padding_side='middle'),
         lambda: pad_packed_sequence(packed, batch_first=True, total_length=2)]
for f in cases:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
''',
'data_utils_errors': r'''
import torch
from torch.utils.data import DataLoader, TensorDataset, Dataset, random_split, Subset, default_collate
torch.manual_seed(0)
class Ragged(Dataset):
    def __len__(self): return 3
    def __getitem__(self, i): return torch.ones(i + 1)
print(list(DataLoader(Ragged(), batch_size=1)))
cases = [lambda: list(DataLoader(Ragged(), batch_size=2)), lambda: random_split(range(10), [3, 3]), lambda: random_split(range(10), [0.5, 0.6]), lambda: [list(s) for s in random_split(range(6), [4, 2])],
         lambda: [len(s) for s in random_split(range(10), [0.5, 0.5])], lambda: [len(s) for s in random_split(range(10), [0.3, 0.3, 0.4])],
         lambda: [len(s) for s in random_split(range(10), [-1, 11])], lambda: Subset(range(4), [5])[0], lambda: default_collate([1, 'a']),
         lambda: default_collate([{'a': 1}, {'b': 2}]), lambda: default_collate([(1, 2), (1,)]), lambda: default_collate([]),
         lambda: default_collate([torch.ones(2), torch.ones(2, 1)]), lambda: default_collate([1.5, 2]), lambda: default_collate([None]),
         lambda: len(DataLoader(Ragged(), batch_size=2, drop_last=True)), lambda: DataLoader(Ragged(), sampler=[0], shuffle=True),
         lambda: list(DataLoader(Ragged(), batch_size=None)), lambda: DataLoader(Ragged(), collate_fn=5), lambda: next(iter(DataLoader([]))),
         lambda: TensorDataset(), lambda: TensorDataset([1, 2])]
for f in cases:
    try:
        r = f()
        print(r if isinstance(r, (list, int, torch.Tensor)) else type(r).__name__)
    except Exception as e:
        print(type(e).__name__, e)
''',
'optimizer_state_errors': r'''
import torch
import torch.nn as nn
torch.manual_seed(0)
model = nn.Linear(2, 1)
opt = torch.optim.Adam(model.parameters(), lr=0.1)
model(torch.ones(1, 2)).sum().backward()
opt.step()
sd = opt.state_dict()
print(sorted(sd), sd['param_groups'][0]['params'], sorted(sd['state'][0]))
other = torch.optim.Adam([nn.Parameter(torch.ones(2))], lr=0.1)
cases = [lambda: other.load_state_dict(sd), lambda: torch.optim.Adam(nn.Linear(3, 1).parameters()).load_state_dict({'state': {}, 'param_groups': []}),
         lambda: opt.load_state_dict({'state': {}}), lambda: torch.optim.SGD(model.parameters(), lr=0.1).load_state_dict(sd),
         lambda: opt.add_param_group({'params': [model.weight]}), lambda: opt.add_param_group({'params': [nn.Parameter(torch.ones(1))], 'lr': -1}),
         lambda: opt.add_param_group({'params': torch.ones(1)}), lambda: opt.step(5), lambda: opt.zero_grad(True), lambda: model.weight.grad,
         lambda: torch.optim.SGD([{'params': [model.bias]}, {'params': [model.bias]}], lr=1), lambda: torch.optim.SGD([{'lr': 1}]),
         lambda: torch.optim.SGD(model.parameters()).param_groups[0]['lr'], lambda: torch.optim.LBFGS(model.parameters()).step(),
         lambda: torch.optim.Adam([{'params': model.weight, 'betas': (0.9, 1.2)}])]
for f in cases:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
''',
'misc_layers_errors': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(0)
x = torch.randn(1, 8, 3, 3)
print(nn.PixelShuffle(2)(x).shape, nn.Upsample(scale_factor=2)(x).shape, nn.Unfold(2)(x).shape, nn.Fold((3, 3), 2)(torch.randn(1, 8, 4)).shape)
cases = [lambda: nn.PixelShuffle(3)(x), lambda: nn.PixelShuffle(2)(torch.randn(8, 3)), lambda: nn.PixelUnshuffle(2)(x),
         lambda: nn.Unfold(4)(x), lambda: nn.Unfold(2)(torch.randn(8, 3)), lambda: nn.Fold((3, 3), 2)(torch.randn(1, 8, 5)),
         lambda: nn.Fold((3, 3), 2)(torch.randn(1, 7, 4)), lambda: nn.Upsample(size=2, scale_factor=2)(x), lambda: nn.Upsample(scale_factor=2, mode='bicubic')(torch.randn(1, 2, 4)),
         lambda: nn.ZeroPad2d(-2)(x).shape, lambda: nn.ReflectionPad2d(3)(x), lambda: nn.ReplicationPad1d(2)(x), lambda: nn.ConstantPad1d(2, 1.0)(x).shape,
         lambda: nn.CosineSimilarity()(torch.randn(2, 3), torch.randn(2, 4)), lambda: nn.PairwiseDistance()(torch.randn(2, 3), torch.randn(3, 3)),
         lambda: F.normalize(torch.randn(2, 3), dim=2), lambda: nn.Softmax(dim=3)(x).shape, lambda: nn.Softmax2d()(torch.randn(3)), lambda: nn.GLU()(torch.randn(3)),
         lambda: nn.PReLU(3)(x), lambda: nn.ChannelShuffle(3)(x), lambda: nn.Hardtanh(2, 1), lambda: nn.Threshold(0.1, 20)(torch.tensor([1, 0]))]
for f in cases:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
''',
'module_api_errors': r'''
import torch
import torch.nn as nn
torch.manual_seed(0)
net = nn.Sequential(nn.Linear(2, 2), nn.Dropout(0.5))
print(net.training, net.train(False).training, net.eval() is net)
cases = [lambda: net.train('yes'), lambda: net.to('cpu', torch.long), lambda: net.to(5), lambda: net.apply(5), lambda: net.requires_grad_(5),
         lambda: net.zero_grad(set_to_none=False), lambda: nn.Module()(torch.ones(1)), lambda: nn.Linear(2, 2).forward(), lambda: nn.Identity(1, 2, x=3)(torch.ones(1)),
         lambda: net.state_dict(prefix=1), lambda: net.half().double()[0].weight.dtype, lambda: net.float()[0].weight.dtype, lambda: getattr(net, 'foo'),
         lambda: net[0].weight.foo, lambda: nn.Module().register_forward_hook(5), lambda: delattr(net, 'zzz'), lambda: net.get_submodule('0.weight'),
         lambda: net.get_submodule('5'), lambda: net.get_parameter('0.nope'), lambda: net.get_parameter('1.p'), lambda: nn.utils.clip_grad_norm_(net.parameters(), -1),
         lambda: nn.utils.clip_grad_norm_(net.parameters(), 1.0, norm_type='fro'), lambda: nn.utils.parameters_to_vector(5), lambda: nn.utils.vector_to_parameters(torch.ones(3), net.parameters())]
for f in cases:
    try:
        r = f()
        print(type(r).__name__ if type(r).__name__ == 'RemovableHandle' else r)
    except Exception as e:
        print(type(e).__name__, e)
''',
'functional_loss_errors': r'''
import torch
import torch.nn.functional as F
torch.manual_seed(0)
a, b = torch.randn(3, 4), torch.randn(3, 4)
print(F.cosine_embedding_loss(a, b, torch.tensor([1, -1, 1])), F.margin_ranking_loss(a[:, 0], b[:, 0], torch.ones(3)))
cases = [lambda: F.cosine_embedding_loss(a, b, torch.tensor([1, -1])), lambda: F.margin_ranking_loss(a[:, 0], b[:, :2], torch.ones(3)),
         lambda: F.triplet_margin_loss(a, b, torch.randn(3, 5)), lambda: F.hinge_embedding_loss(a, torch.ones(2, 4)), lambda: F.kl_div(a, b, reduction='batchmean2'),
         lambda: F.poisson_nll_loss(a, b[:2]), lambda: F.gaussian_nll_loss(a, b, torch.ones(3, 2)), lambda: F.gaussian_nll_loss(a, b, -torch.ones(3, 4)),
         lambda: F.multi_margin_loss(a, torch.tensor([0, 5, 1])), lambda: F.multilabel_margin_loss(a, torch.ones(3, 4)), lambda: F.soft_margin_loss(a, b[:1, :1]),
         lambda: F.multilabel_soft_margin_loss(a, torch.ones(3, 5)), lambda: F.cross_entropy(a, torch.tensor([0, 1, 2]), reduction='batchmean'),
         lambda: F.nll_loss(a, torch.tensor([[0, 1, 2]])), lambda: F.binary_cross_entropy(torch.rand(3), torch.rand(3), weight=torch.ones(2)),
         lambda: F.binary_cross_entropy_with_logits(a, b, weight=torch.ones(2)), lambda: F.l1_loss(a, b, reduction=None),
         lambda: F.cross_entropy(a, torch.rand(3, 4), ignore_index=1), lambda: F.cross_entropy(a.half(), torch.tensor([0, 1, 2])), lambda: F.ctc_loss(a, b, [1], [1])]
for f in cases:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
''',
'packed_lstm_errors': r'''
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence
torch.manual_seed(0)
padded = torch.randn(3, 3, 2)
packed = pack_padded_sequence(padded, torch.tensor([3, 2, 1]), batch_first=True)
lstm = nn.LSTM(2, 4, batch_first=True)
out, (h, c) = lstm(packed)
print(pad_packed_sequence(out, batch_first=True)[0][:, :, 0], h.shape, c.shape)
for f in [lambda: nn.LSTM(3, 4)(packed), lambda: nn.LSTM(3, 4, num_layers=2)(packed), lambda: nn.LSTM(3, 4, bidirectional=True)(packed),
          lambda: nn.LSTM(2, 4).double()(packed), lambda: nn.LSTM(3, 4).double()(packed), lambda: nn.LSTM(3, 4, proj_size=2)(packed),
          lambda: nn.GRU(3, 4)(packed), lambda: nn.RNN(3, 4)(packed), lambda: nn.GRU(2, 4)(packed, torch.zeros(1, 2, 4)),
          lambda: nn.RNN(2, 4).double()(packed)]:
    try:
        r = f()
        print(r[0].data.shape, [h.shape for h in r[1]])
    except Exception as e:
        print(type(e).__name__, e)
''',
'functional_layer_errors': r'''
import torch
import torch.nn.functional as F
torch.manual_seed(0)
x = torch.randn(2, 3, 8)
w = torch.randn(4, 3, 3)
print(F.conv1d(x, w).shape, F.max_pool1d(x, 2).shape, F.avg_pool1d(x, 3, 2, 1).shape, F.batch_norm(x, torch.zeros(3), torch.ones(3)).shape)
cases = [lambda: F.conv1d(x, w, groups=2), lambda: F.conv1d(x, w, stride=0), lambda: F.conv1d(x, w, padding=-1), lambda: F.conv1d(x, w, dilation=0),
         lambda: F.conv1d(x, torch.randn(4, 2, 3)), lambda: F.conv1d(x, w, bias=torch.randn(3)), lambda: F.conv1d(x, w, padding='same', stride=2),
         lambda: F.conv1d(x, w, padding='full'), lambda: F.conv_transpose1d(x, torch.randn(4, 3, 3)), lambda: F.conv_transpose1d(x, torch.randn(3, 2, 3), output_padding=2),
         lambda: F.max_pool1d(x, 2, padding=2), lambda: F.max_pool1d(x, 10), lambda: F.avg_pool1d(x, 0), lambda: F.max_pool1d(x, 2, stride=-1),
         lambda: F.adaptive_avg_pool1d(x, 0).shape, lambda: F.adaptive_max_pool2d(x, (2, 2)).shape, lambda: F.batch_norm(x, torch.zeros(4), torch.ones(3)),
         lambda: F.batch_norm(x, None, None, training=False), lambda: F.layer_norm(x, (3,)), lambda: F.layer_norm(x, 8).shape, lambda: F.group_norm(x, 2),
         lambda: F.instance_norm(x, torch.zeros(4), torch.ones(4)), lambda: F.embedding(torch.tensor([3]), torch.randn(3, 2)), lambda: F.embedding(torch.tensor([1.0]), torch.randn(3, 2)),
         lambda: F.linear(x, torch.randn(5, 8), torch.randn(4)), lambda: F.bilinear(x, x, torch.randn(2, 8, 8)), lambda: F.dropout(x, 0.5, inplace=True, training=False).shape,
         lambda: F.dropout2d(torch.randn(3), 0.5), lambda: F.alpha_dropout(x, 2.0), lambda: F.unfold(x, 2), lambda: F.pixel_shuffle(x, 2), lambda: F.glu(x, 2)]
for f in cases:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
''',
'module_construction_errors': r'''
import torch
import torch.nn as nn
print(nn.LeakyReLU(0.2), nn.ELU(alpha=0.5, inplace=True), nn.Softmax(dim=-1), nn.Embedding(3, 2, max_norm=1.0), nn.LayerNorm((2, 3), elementwise_affine=False))
cases = [lambda: nn.BatchNorm2d(3, momentum=None), lambda: nn.BatchNorm1d(-1), lambda: nn.LayerNorm(-2), lambda: nn.LayerNorm([]), lambda: nn.GroupNorm(2, 5, affine=False),
         lambda: nn.MaxPool2d(2, return_indices=True)(torch.randn(1, 1, 4, 4))[1].shape, lambda: nn.MaxUnpool2d(2)(torch.randn(1, 1, 2, 2), torch.zeros(1, 1, 2, 2, dtype=torch.long)).shape,
         lambda: nn.MaxUnpool2d(2)(torch.randn(1, 1, 2, 2), torch.full((1, 1, 2, 2), 99)), lambda: nn.Linear(2, 3, dtype=torch.long), lambda: nn.Conv2d(2, 3, 3, dtype=torch.int32),
         lambda: nn.Embedding(3, 2, dtype=torch.long), lambda: nn.RNN(2, 3, nonlinearity='gelu'), lambda: nn.LSTM(2, 3, num_layers=1.5),
         lambda: nn.LSTM('2', 3), lambda: nn.Transformer(d_model=6, nhead=4), lambda: nn.Upsample(), lambda: nn.Upsample(scale_factor=2)(torch.randn(1, 1, 2)),
         lambda: nn.Softmax(1)(torch.randn(2, 3)).sum(1), lambda: nn.CrossEntropyLoss(reduction='sum', size_average=True), lambda: nn.MSELoss(size_average=False)(torch.ones(2), torch.zeros(2)),
         lambda: nn.Embedding(3, 2, sparse=True, max_norm=-1)(torch.tensor([1])).shape, lambda: nn.AdaptiveAvgPool2d((None, 2))(torch.randn(1, 3, 5)).shape]
for f in cases:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
''',
'training_step_mistakes': r'''
import torch
import torch.nn as nn
torch.manual_seed(0)
model = nn.Linear(3, 2)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
x, y = torch.randn(4, 3), torch.tensor([0, 1, 1, 0])
out = model(x)
loss = nn.CrossEntropyLoss()(out, y)
loss.backward()
cases = [lambda: loss.backward(), lambda: out.backward(), lambda: nn.CrossEntropyLoss()(out.detach(), y).backward(), lambda: model.weight.grad.shape,
         lambda: model.weight.data.add_(1).requires_grad, lambda: (model(x).sum() * 0).backward(torch.ones(2)), lambda: model(x).backward(torch.ones(3)),
         lambda: torch.autograd.grad(model(x).sum(), x), lambda: model(x).sum().item() and None, lambda: model.weight.numpy(),
         lambda: opt.step(closure=5), lambda: model(torch.randn(4, 3, dtype=torch.float64)),
         lambda: model.to(torch.float64)(x), lambda: nn.functional.cross_entropy(model.double()(x.double()), y.float())]
for f in cases:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
''',
'embedding_bag_sparse': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(0)
bag = nn.EmbeddingBag(6, 3, mode='sum')
idx = torch.tensor([1, 2, 4, 5, 4, 3])
off = torch.tensor([0, 2])
print(bag(idx, off).shape, bag(idx.view(2, 3)).shape)
cases = [lambda: bag(idx, torch.tensor([1, 2])), lambda: bag(idx, torch.tensor([0, 7])), lambda: bag(idx.view(2, 3), off), lambda: bag(torch.tensor([6]), torch.tensor([0])),
         lambda: bag(idx.float(), off), lambda: bag(idx, off.float()), lambda: bag(idx, off, per_sample_weights=torch.ones(6)).shape,
         lambda: nn.EmbeddingBag(6, 3, mode='max')(idx, off, per_sample_weights=torch.ones(6)), lambda: bag(idx, off, per_sample_weights=torch.ones(5)),
         lambda: nn.EmbeddingBag(6, 3, mode='median'), lambda: bag(idx, torch.tensor([[0, 2]])), lambda: F.embedding_bag(idx, torch.randn(6, 3), off, mode='mean').shape,
         lambda: nn.Embedding(4, 2)(torch.tensor([[1, 4]])), lambda: nn.Embedding(4, 2, padding_idx=1)(torch.tensor([1]))]
for f in cases:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
''',
'container_misc': r'''
import torch
import torch.nn as nn
torch.manual_seed(0)
pl = nn.ParameterList([nn.Parameter(torch.ones(2)), nn.Parameter(torch.zeros(3))])
pd = nn.ParameterDict({'a': nn.Parameter(torch.ones(1))})
md = nn.ModuleDict({'lin': nn.Linear(2, 2)})
ml = nn.ModuleList([nn.ReLU(), nn.Tanh()])
print(len(pl), list(pd.keys()), md['lin'], ml[-1], ml[::-1])
cases = [lambda: pl[2], lambda: pl['a'], lambda: pd['b'], lambda: pd[0], lambda: md['x'], lambda: ml[2], lambda: ml.insert(5, nn.ReLU()) or len(ml),
         lambda: ml.extend(nn.ReLU()), lambda: ml.extend([1]), lambda: md.update([('a', 1, 2)]), lambda: md.update(5), lambda: pl.append(torch.ones(1)) or type(pl[-1]).__name__,
         lambda: pd.update({'c': 3}) or pd['c'], lambda: nn.Sequential(nn.ReLU(), nn.ReLU()).insert(3, nn.ReLU()), lambda: nn.Sequential().pop(0),
         lambda: nn.Sequential(nn.ReLU())[1:5], lambda: ml(torch.ones(1)), lambda: md(torch.ones(1)), lambda: nn.ModuleDict([('a', nn.ReLU(), 3)]),
         lambda: nn.Sequential({'a': nn.ReLU()}), lambda: nn.Sequential(nn.ReLU()) + nn.ReLU(), lambda: len(nn.Sequential(nn.ReLU()) + nn.Sequential(nn.Tanh())),
         lambda: nn.Sequential(nn.ReLU()) * 0, lambda: nn.Sequential(nn.ReLU()) * -1, lambda: ml + [nn.ReLU()], lambda: pl + pl]
for f in cases:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
''',
'scheduler_errors': r'''
import torch
import torch.nn as nn
from torch.optim import lr_scheduler as S
torch.manual_seed(0)
p = [nn.Parameter(torch.ones(1))]
def opt(): return torch.optim.SGD(p, lr=0.1)
cases = [lambda: S.StepLR(opt(), step_size=0), lambda: S.MultiStepLR(opt(), milestones=5), lambda: S.CosineAnnealingLR(opt(), T_max=0).get_last_lr(),
         lambda: S.CosineAnnealingWarmRestarts(opt(), T_0=0), lambda: S.CosineAnnealingWarmRestarts(opt(), T_0=2, T_mult=0), lambda: S.OneCycleLR(opt(), max_lr=0.1),
         lambda: S.OneCycleLR(opt(), max_lr=0.1, total_steps=-1), lambda: S.OneCycleLR(opt(), max_lr=0.1, epochs=2), lambda: S.OneCycleLR(opt(), max_lr=[0.1, 0.2], total_steps=5),
         lambda: S.OneCycleLR(opt(), max_lr=0.1, total_steps=5, anneal_strategy='exp'), lambda: S.ReduceLROnPlateau(opt(), mode='maximum'), lambda: S.ReduceLROnPlateau(opt(), factor=1.0),
         lambda: S.ReduceLROnPlateau(opt(), threshold_mode='x'), lambda: S.ReduceLROnPlateau(opt(), min_lr=[0.1, 0.2]), lambda: S.CyclicLR(opt(), 0.01, 0.1, mode='x'),
         lambda: S.LinearLR(opt(), start_factor=0), lambda: S.LinearLR(opt(), end_factor=2), lambda: S.ConstantLR(opt(), factor=2), lambda: S.PolynomialLR(opt(), total_iters=2).get_last_lr(),
         lambda: S.SequentialLR(opt(), [S.StepLR(opt(), 1)], milestones=[]), lambda: S.SequentialLR(opt(), [], milestones=[]), lambda: S.ChainedScheduler([]),
         lambda: S.LambdaLR(opt(), 5).step(), lambda: S.StepLR(opt(), 1).step(1) or 'stepped', lambda: S.ExponentialLR(opt(), 0.5).state_dict()['_last_lr']]
for f in cases:
    try:
        r = f()
        print(r if isinstance(r, (list, str, type(None))) else type(r).__name__)
    except Exception as e:
        print(type(e).__name__, e)
''',
'attention_grid_errors': r'''
import torch
import torch.nn.functional as F
torch.manual_seed(0)
q = torch.randn(2, 4, 5, 8)
print(F.scaled_dot_product_attention(q, q, q).shape, F.affine_grid(torch.eye(2, 3)[None], (1, 1, 4, 4), align_corners=False).shape)
cases = [lambda: F.scaled_dot_product_attention(q, q[..., :6], q), lambda: F.scaled_dot_product_attention(q, q, q, attn_mask=torch.ones(5, 4)),
         lambda: F.scaled_dot_product_attention(q, q, q, is_causal=True, attn_mask=torch.ones(5, 5, dtype=torch.bool)),
         lambda: F.scaled_dot_product_attention(q, q.double(), q), lambda: F.scaled_dot_product_attention(q, q, q, dropout_p=2.0).shape,
         lambda: F.affine_grid(torch.eye(2, 3), (1, 1, 4, 4)), lambda: F.affine_grid(torch.eye(2, 3)[None], (2, 1, 4, 4)), lambda: F.affine_grid(torch.eye(2, 3)[None], (1, 1, 4)),
         lambda: F.grid_sample(torch.randn(1, 1, 4, 4), torch.randn(1, 3, 3, 3)), lambda: F.grid_sample(torch.randn(1, 1, 4, 4), torch.randn(1, 3, 3, 2), mode='cubic'),
         lambda: F.grid_sample(torch.randn(1, 1, 4, 4), torch.randn(2, 3, 3, 2)), lambda: F.grid_sample(torch.randn(1, 1, 4, 4), torch.randn(1, 3, 3, 2), padding_mode='wrap'),
         lambda: F.grid_sample(torch.randn(1, 4, 4), torch.randn(1, 3, 2))]
for f in cases:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
''',
'state_dict_dtype_assign': r'''
import torch
import torch.nn as nn
torch.manual_seed(0)
m = nn.Linear(2, 2)
sd = {'weight': torch.ones(2, 2, dtype=torch.float64), 'bias': torch.zeros(2, dtype=torch.int64)}
print(m.load_state_dict(sd), m.weight.dtype, m.bias)
print(m.load_state_dict({'weight': torch.ones(2, 2).double(), 'bias': torch.ones(2)}, assign=True), m.weight.dtype, type(m.weight).__name__)
class B(nn.Module):
    def __init__(self):
        super().__init__()
        self.register_buffer('a', torch.ones(1))
        self.register_buffer('b', torch.ones(1), persistent=False)
b = B()
print(list(b.state_dict()), list(dict(b.named_buffers())))
cases = [lambda: b.load_state_dict({'a': torch.ones(1), 'b': torch.ones(1)}), lambda: b.load_state_dict({'a': torch.ones(2)}),
         lambda: b.load_state_dict({'a': 5}), lambda: b.load_state_dict({'a': torch.ones(1, requires_grad=True)}), lambda: b.load_state_dict({'a': torch.ones(())}),
         lambda: m.load_state_dict({'weight': torch.ones(2, 2)}, strict=True), lambda: nn.Sequential(nn.Linear(2, 2)).load_state_dict(m.state_dict()),
         lambda: nn.Sequential(nn.Linear(2, 2)).load_state_dict({'0.weight': torch.ones(2, 3), '0.bias': torch.ones(2), '1.x': torch.ones(1)}),
         lambda: nn.BatchNorm1d(2).load_state_dict({'weight': torch.ones(2), 'bias': torch.ones(2), 'running_mean': torch.ones(2), 'running_var': torch.ones(2)}),
         lambda: b.register_buffer('c', torch.ones(1), persistent='yes') or list(b.state_dict()), lambda: b.load_state_dict(None)]
for f in cases:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
''',
'nn_utils_errors': r'''
import torch
import torch.nn as nn
import torch.nn.utils as U
import torch.nn.utils.prune
torch.manual_seed(0)
lin = nn.Linear(3, 2)
lin(torch.randn(4, 3)).sum().backward()
print(round(float(U.clip_grad_norm_(lin.parameters(), 1.0)), 4), U.clip_grad_value_(lin.parameters(), 0.1), U.parameters_to_vector(lin.parameters()).shape)
cases = [lambda: U.clip_grad_norm_(lin.parameters(), 1.0, error_if_nonfinite=True), lambda: U.clip_grad_norm_([], 1.0), lambda: U.clip_grad_value_(lin.parameters(), -1),
         lambda: U.vector_to_parameters(torch.ones(9), lin.parameters()), lambda: U.vector_to_parameters(torch.ones(8), lin.parameters()),
         lambda: U.vector_to_parameters([1.0], lin.parameters()), lambda: U.parameters_to_vector([torch.ones(2), torch.ones(2, dtype=torch.long)]),
         lambda: U.clip_grad_norm_(lin.parameters(), 1.0, norm_type=0).shape, lambda: U.clip_grad_norm_(lin.parameters(), 'a'),
         lambda: U.weight_norm(nn.Linear(2, 2), name='w'), lambda: U.spectral_norm(nn.Linear(2, 2), n_power_iterations=0),
         lambda: U.remove_weight_norm(nn.Linear(2, 2)), lambda: U.remove_spectral_norm(nn.Linear(2, 2)),
         lambda: nn.utils.parametrizations.orthogonal(nn.Linear(2, 2), name='x'), lambda: U.prune.l1_unstructured(nn.Linear(2, 2), 'weight', amount=1.5),
         lambda: U.prune.random_unstructured(nn.Linear(2, 2), 'weight', amount=5), lambda: U.prune.l1_unstructured(nn.Linear(2, 2), 'nope', amount=0.5),
         lambda: U.prune.remove(nn.Linear(2, 2), 'weight')]
for f in cases:
    try:
        r = f()
        print(r if not isinstance(r, nn.Module) else type(r).__name__)
    except Exception as e:
        print(type(e).__name__, e)
''',
'pad_mode_pool_edges': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(0)
x = torch.arange(9.).reshape(1, 1, 3, 3)
print(nn.Conv2d(1, 1, 3, padding=1, padding_mode='reflect', bias=False)(x).shape, nn.Conv2d(1, 1, 3, padding=2, padding_mode='circular')(x).shape)
cases = [lambda: nn.Conv2d(1, 1, 3, padding=3, padding_mode='reflect')(x), lambda: nn.Conv2d(1, 1, 3, padding=4, padding_mode='circular')(x),
         lambda: nn.Conv2d(1, 1, 3, padding=5, padding_mode='replicate')(x).shape, lambda: nn.Conv1d(1, 1, 3, padding=3, padding_mode='reflect')(torch.ones(1, 1, 3)),
         lambda: nn.Conv2d(1, 1, 3, padding='same', padding_mode='reflect')(x).shape, lambda: nn.AvgPool2d(2, divisor_override=0)(x),
         lambda: nn.AvgPool2d(2, ceil_mode=True, count_include_pad=False)(x), lambda: nn.MaxPool2d(2, ceil_mode=True)(x), lambda: nn.MaxPool2d(3, stride=3, padding=1, ceil_mode=True)(x).shape,
         lambda: nn.LPPool2d(2, 2)(x), lambda: nn.LPPool1d(0, 2)(x[0]), lambda: nn.AdaptiveMaxPool2d(2, return_indices=True)(x)[1],
         lambda: nn.AdaptiveAvgPool2d(0)(x).shape, lambda: nn.AdaptiveAvgPool1d(-1)(x[0]), lambda: nn.FractionalMaxPool2d(2, output_size=(2, 2), output_ratio=0.5),
         lambda: nn.FractionalMaxPool2d(2)(x), lambda: nn.FractionalMaxPool2d(2, output_ratio=1.5), lambda: nn.MaxPool2d(2, padding=1, dilation=2)(x),
         lambda: F.max_pool2d(x, 2, return_indices=True, ceil_mode=True)[1], lambda: F.avg_pool2d(x.long(), 2), lambda: F.max_pool2d(x.long(), 2),
         lambda: nn.ReflectionPad1d((2, 3))(torch.ones(1, 3)), lambda: nn.CircularPad2d(4)(x), lambda: F.pad(x, (1, 1), mode='constant', value='a'),
         lambda: F.pad(x, (1, 1), 'constant', [0.5]), lambda: F.pad(x, (1, 1), 0), lambda: F.pad(x, (1, 1), value=torch.tensor(2.))[0, 0, 0]]
for f in cases:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
''',
'loss_edge_cases': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(0)
logits = torch.randn(2, 3, 2, 2)
tgt = torch.randint(0, 3, (2, 2, 2))
print(F.cross_entropy(logits, tgt), F.nll_loss(logits.log_softmax(1), tgt, reduction='sum'))
e = torch.empty(0, 3)
cases = [lambda: F.cross_entropy(e, torch.empty(0, dtype=torch.long)), lambda: F.mse_loss(torch.empty(0), torch.empty(0)), lambda: F.l1_loss(torch.empty(0), torch.empty(0), reduction='sum'),
         lambda: F.cross_entropy(logits, tgt[:, :1]), lambda: F.cross_entropy(logits, torch.rand(2, 3, 2, 2), label_smoothing=0.1),
         lambda: F.cross_entropy(logits, torch.rand(2, 3, 2, 2), weight=torch.ones(3), reduction='mean'), lambda: F.cross_entropy(logits, torch.rand(2, 4, 2, 2)),
         lambda: F.nll_loss(logits, tgt, weight=torch.ones(2)), lambda: F.nll_loss(logits, tgt, ignore_index=-100, reduction='none').shape,
         lambda: F.cross_entropy(logits, tgt.float()), lambda: F.cross_entropy(logits[0], tgt[0]), lambda: F.binary_cross_entropy(torch.rand(2), torch.rand(2), reduction='x'),
         lambda: F.binary_cross_entropy(torch.tensor([0.5]), torch.tensor([2.0])), lambda: F.binary_cross_entropy_with_logits(torch.randn(2), torch.ones(3)),
         lambda: F.binary_cross_entropy_with_logits(torch.randn(2, 3), torch.rand(2, 3), pos_weight=torch.ones(2, 1)).shape,
         lambda: F.kl_div(torch.randn(2, 3), torch.rand(2, 3), reduction='batchmean', log_target=True).shape, lambda: F.huber_loss(torch.ones(2), torch.ones(2), delta=-1),
         lambda: F.ctc_loss(torch.randn(5, 2, 4).log_softmax(2), torch.tensor([[1, 2], [1, 1]]), torch.tensor([5, 5]), torch.tensor([2, 3])),
         lambda: F.ctc_loss(torch.randn(5, 2, 4).log_softmax(2), torch.tensor([[1, 2], [1, 1]]), torch.tensor([6, 5]), torch.tensor([2, 2]))]
for f in cases:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
''',
'nn_warnings_text': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
import warnings
warnings.simplefilter('always')
warnings.showwarning = lambda m, c, f, l, file=None, line=None: print('WARN', c.__name__, m)
torch.manual_seed(0)
x = torch.randn(2, 3)
print(F.softmax(x).shape, F.log_softmax(x).shape, F.softmin(x).shape, nn.Softmax()(x).shape)
print(nn.MSELoss()(torch.ones(3, 1), torch.ones(3)))
print(nn.L1Loss()(torch.ones(3, 1), torch.ones(3)), F.smooth_l1_loss(torch.ones(2, 1), torch.ones(2)))
print(nn.MSELoss(size_average=False), nn.CrossEntropyLoss(reduce=False).reduction)
print(F.sigmoid(torch.zeros(1)), F.tanh(torch.zeros(1)))
print(F.upsample(torch.ones(1, 1, 2), scale_factor=2).shape)
print(nn.RNN(2, 3, dropout=0.5).dropout, nn.LSTM(2, 3, num_layers=1, dropout=0.2).num_layers)
opt = torch.optim.SGD(nn.Linear(1, 1).parameters(), lr=1.0)
sched = torch.optim.lr_scheduler.StepLR(opt, 1)
sched.step()
print(sched.get_last_lr())
print(F.dropout2d(torch.ones(1, 2, 3), 0.0).shape, F.dropout3d(torch.ones(2, 3), 0.0).shape)
print(nn.init.normal(torch.empty(2)).shape if hasattr(nn.init, 'normal') else 'no normal')
print(nn.TransformerEncoder(nn.TransformerEncoderLayer(4, 2, batch_first=False), 1).enable_nested_tensor)
print(F.gumbel_softmax(x, tau=1.0).shape)
print(nn.NLLLoss2d if hasattr(nn, 'NLLLoss2d') else 'none')
print(nn.Linear(2, 2).state_dict(None, 'p.').keys())
''',
'transformer_masks': r'''
import torch
import torch.nn as nn
torch.manual_seed(0)
layer = nn.TransformerEncoderLayer(d_model=8, nhead=2, dim_feedforward=16, dropout=0.0, batch_first=True)
enc = nn.TransformerEncoder(layer, num_layers=2, enable_nested_tensor=False)
x = torch.randn(2, 5, 8)
print(enc(x).shape, enc(x, mask=nn.Transformer.generate_square_subsequent_mask(5)).shape)
print(nn.Transformer.generate_square_subsequent_mask(3))
cases = [lambda: enc(x, mask=torch.zeros(4, 4)), lambda: enc(x, src_key_padding_mask=torch.zeros(2, 4, dtype=torch.bool)),
         lambda: enc(x, src_key_padding_mask=torch.zeros(5, 2, dtype=torch.bool)), lambda: enc(x, mask=torch.zeros(5, 5, dtype=torch.int64)),
         lambda: enc(x, is_causal=True).shape, lambda: enc(torch.randn(2, 5, 6)), lambda: enc(x.double()),
         lambda: nn.TransformerDecoderLayer(8, 2, batch_first=True)(x, torch.randn(2, 3, 6)), lambda: nn.Transformer(8, 2, 1, 1, 16, batch_first=True)(x, torch.randn(3, 4, 8)),
         lambda: nn.Transformer(8, 2, 1, 1, 16)(torch.randn(5, 2, 8), torch.randn(4, 2, 8), tgt_mask=torch.zeros(3, 3)),
         lambda: nn.MultiheadAttention(8, 2, kdim=4, vdim=4)(torch.randn(5, 2, 8), torch.randn(3, 2, 4), torch.randn(3, 2, 4))[0].shape,
         lambda: nn.MultiheadAttention(8, 2, kdim=4)(torch.randn(5, 2, 8), torch.randn(3, 2, 8), torch.randn(3, 2, 8)),
         lambda: nn.MultiheadAttention(8, 2, batch_first=True)(x, x, x, need_weights=False)[1]]
for f in cases:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
''',
'module_forward_misuse': r'''
import torch
import torch.nn as nn
torch.manual_seed(0)
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 2)
    def forward(self, x, scale=1.0):
        return self.fc(x) * scale
net = Net()
print(net(torch.ones(1, 4), scale=2.0).shape)
class NoSuper(nn.Module):
    def __init__(self):
        self.fc = nn.Linear(2, 2)
class NoForward(nn.Module):
    pass
cases = [lambda: net(torch.ones(1, 4), 2.0, 3), lambda: net(torch.ones(1, 4), scal=2.0), lambda: net(), lambda: NoSuper(), lambda: NoForward()(torch.ones(1)),
         lambda: net.fc.weight.T @ torch.ones(3), lambda: net([1, 2, 3, 4]), lambda: net(torch.ones(1, 4)).backward(), lambda: net.register_forward_pre_hook(lambda m, a: 5)(torch.ones(1)),
         lambda: net.fc(torch.ones(4, dtype=torch.int64)), lambda: nn.Linear(4, 2).half()(torch.ones(1, 4)), lambda: nn.Linear(4, 2)(torch.ones(1, 4, dtype=torch.float16)),
         lambda: nn.Conv2d(1, 1, 1)(torch.ones(1, 1, 2, 2, dtype=torch.float64)), lambda: nn.Embedding(3, 2).double()(torch.tensor([1])).dtype]
for f in cases:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
''',
}

ember_outputs, torch_outputs, test_program_matches_pytorch = program_tests(PROGRAMS)


def test_conv_transpose_non_int_padding_parser_error():
    x, w = ember.randn(1, 4, 8, 8), ember.randn(4, 8, 3, 3)
    raises_exactly(lambda: nn.ConvTranspose2d(4, 8, 3, padding="same")(x), TypeError,
                   "conv_transpose2d(): argument 'padding' (position 5) must be tuple of ints, but found element of "
                   "type str at pos 0")
    raises_exactly(lambda: F.conv_transpose2d(x, w, None, 1, (1, "a")), TypeError,
                   "conv_transpose2d(): argument 'padding' failed to unpack the object at pos 2 with error "
                   "\"type must be tuple of ints,but got str\"")
    raises_exactly(lambda: F.conv_transpose2d(x, w, padding=("s", "a")), TypeError,
                   "conv_transpose2d(): argument 'padding' must be tuple of ints, not tuple")
    raises_exactly(lambda: F.conv_transpose2d(x, w, None, 1, 1, 1, 1, "x"), TypeError,
                   "conv_transpose2d(): argument 'dilation' (position 8) must be tuple of ints, not str")
    raises_exactly(lambda: F.conv_transpose2d(x, w, padding="same"), TypeError,
                   "conv_transpose2d(): argument 'padding' must be tuple of ints, not str")


def test_batch_norm_empty_weight_select_error():
    raises_exactly(lambda: nn.BatchNorm1d(0)(ember.randn(2, 0)), IndexError,
                   "select(): index 0 out of range for tensor of size [0] at dimension 0")
    out = F.batch_norm(ember.randn(0, 3), None, None, ember.full((3,), 2.0), ember.ones(3), training=True)
    assert out.shape == (0, 3)


def test_interpolate_bicubic_wrong_rank_catch_all():
    raises_exactly(lambda: F.interpolate(ember.randn(1, 2, 4), scale_factor=2, mode="bicubic"), NotImplementedError,
                   "Input Error: Only 3D, 4D and 5D input Tensors supported (got 3D) for the modes: nearest | linear | "
                   "bilinear | bicubic | trilinear | lanczos | area | nearest-exact (got bicubic)")
    raises_exactly(lambda: F.interpolate(ember.randn(1, 2, 4), scale_factor=2, mode="bilinear"), NotImplementedError,
                   "Got 3D input, but bilinear mode needs 4D input")


def test_init_fill_is_tensor_fill():
    raises_exactly(lambda: nn.init.ones_([1.0]), AttributeError, "'list' object has no attribute 'fill_'")
    raises_exactly(lambda: nn.init.zeros_([1.0]), AttributeError, "'list' object has no attribute 'zero_'")
    w = nn.Parameter(ember.randn(2, 3))
    assert nn.init.constant_(w, 0.5) is w and w.grad_fn is None and w.tolist() == [[0.5] * 3] * 2
    assert nn.init.constant_(ember.zeros(2, dtype=ember.long), 3).tolist() == [3, 3]


def test_packed_lstm_without_hx_fails_in_kernel():
    from ember.nn.utils.rnn import pack_padded_sequence
    packed = pack_padded_sequence(ember.randn(3, 3, 2), ember.tensor([3, 2, 1]), batch_first=True)
    raises_exactly(lambda: nn.LSTM(3, 4)(packed), RuntimeError,
                   "mat1 and mat2 shapes cannot be multiplied (6x2 and 3x16)")
    raises_exactly(lambda: nn.LSTM(2, 4).double()(packed), RuntimeError,
                   "mat1 and mat2 must have the same dtype, but got Float and Double")
    raises_exactly(lambda: nn.GRU(3, 4)(packed), RuntimeError,
                   "input.size(-1) must be equal to input_size. Expected 3, got 2")
    out, (h, c) = nn.LSTM(2, 4)(packed)
    assert out.data.shape == (6, 4) and h.shape == (1, 3, 4) and c.shape == (1, 3, 4)


@pytest.mark.filterwarnings("ignore:dropout2d")
def test_feature_dropout_needs_two_dims():
    raises_exactly(lambda: F.dropout2d(ember.randn(3), 0.5), RuntimeError,
                   "Feature dropout requires at least 2 dimensions in the input")
    raises_exactly(lambda: F.feature_alpha_dropout(ember.randn(3), 0.5, True), RuntimeError,
                   "Feature dropout requires at least 2 dimensions in the input")
    assert F.dropout2d(ember.randn(3), 0.5, training=False).shape == (3,)
    assert F.dropout2d(ember.randn(3), 0.0).shape == (3,)


def test_embedding_bag_promoted_index_types():
    w = ember.randn(6, 3)
    msg = ("Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got "
           "torch.{} instead (while checking arguments for embedding_bag)")
    raises_exactly(lambda: F.embedding_bag(ember.tensor([1, 2]), w, ember.tensor([0.0, 1.0])), RuntimeError,
                   msg.format("FloatTensor"))
    raises_exactly(lambda: F.embedding_bag(ember.tensor([1, 2]).short(), w, ember.tensor([0, 1]).short()),
                   RuntimeError, msg.format("ShortTensor"))
    raises_exactly(lambda: F.embedding_bag(ember.tensor([[1, 2]]).byte(), w), RuntimeError, msg.format("ByteTensor"))
    assert F.embedding_bag(ember.tensor([1, 2]), w, ember.tensor([0, 1]).short()).shape == (2, 3)
    assert F.embedding_bag(ember.tensor([1, 2]).int(), w, ember.tensor([0, 1])).shape == (2, 3)


def test_sdpa_dropout_above_one_is_aten_error():
    q = ember.randn(2, 4, 5, 8)
    raises_exactly(lambda: F.scaled_dot_product_attention(q, q, q, dropout_p=2.0), RuntimeError,
                   "dropout probability has to be between 0 and 1, but got 2")
    assert F.scaled_dot_product_attention(q, q, q, dropout_p=1.0).shape == (2, 4, 5, 8)


def test_pad_mode_and_value_parser_errors():
    x = ember.ones(1, 2)
    raises_exactly(lambda: F.pad(x, (1, 1), value="a"), TypeError,
                   "pad(): argument 'value' (position 4) must be float, not str")
    raises_exactly(lambda: F.pad(x, (1, 1), value=ember.tensor([2.0])), TypeError,
                   "pad(): argument 'value' (position 4) must be float, not Tensor")
    raises_exactly(lambda: F.pad(x, (1, 1), 3), TypeError, "pad(): argument 'mode' (position 3) must be str, not int")
    assert F.pad(x, (1, 1), value=ember.tensor(2.0)).tolist() == [[2.0, 1.0, 1.0, 2.0]]
    assert F.pad(x, (1, 1), value=True).tolist() == [[1.0, 1.0, 1.0, 1.0]]
