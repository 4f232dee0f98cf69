"""Sequence models as a deep-learning course teaches them (program probe 11b), run under ``python -m ember run``
and under PyTorch 2.13; stdout must match exactly.

Themes: ``nn.RNN``/``nn.LSTM``/``nn.GRU`` with ``batch_first`` on and off, ``num_layers=2``, ``bidirectional``,
dropout between layers (train vs eval), ``nonlinearity='relu'``, ``bias=False``, ``proj_size``; output shapes and
values, ``h_n``/``c_n``, module reprs, ``named_parameters()``, parameter counts, ``all_weights`` and
``_flat_weights_names``; ``RNNCell``/``LSTMCell``/``GRUCell`` unrolled in Python loops against the full modules;
Embedding + LSTM + Linear classifiers (sequence-to-one and sequence-to-sequence), a char-level language model with
``CrossEntropyLoss`` over ``(N*T, V)`` logits and temperature sampling with ``torch.multinomial``, a GRU
encoder-decoder with teacher forcing; truncated BPTT with detached hidden states and ``clip_grad_norm_``/
``clip_grad_value_``; ``nn.utils.rnn`` (``pad_sequence``, ``pack_padded_sequence`` sorted and not,
``pack_sequence``, ``pad_packed_sequence`` with ``total_length``, ``unpack_sequence``/``unpad_sequence``,
``PackedSequence`` reprs and fields); sine-wave regression with ``MSELoss``; the errors learners hit (wrong input
size, wrong hidden shapes, 2-D unbatched input with a 3-D hidden, unsorted lengths with ``enforce_sorted=True``,
token ids fed straight to an LSTM, backward through a hidden state that was not detached); ``x.grad``/``h0.grad``
and ``grad_fn`` names; weight initialisation loops; ``state_dict`` round trips.  Training losses are printed
rounded: PyTorch's GEMMs (MKL) and oneDNN's LSTM activations round differently from ember's, so their last bits
can differ (see the report of this probe).

The unit tests at the end cover the fixes the probe led to:

* ``index_select`` fails as ATen's CPU kernel does for an index out of range: with more than one dim, an empty
  ``self`` or ``dim == 1`` (the ``index_select_out_cpu_dim1_`` fast path) raise ``RuntimeError: INDICES element is
  out of DATA bounds, id=2 axis_dim=2``; other paths keep ``IndexError: index out of range in self`` (this is what
  ``nn.LSTM/GRU/RNN`` print when a ``PackedSequence`` from ``enforce_sorted=False`` meets an ``hx`` of the wrong
  batch, since ``permute_hidden`` runs first);
* ``nn.LSTM`` given a ``PackedSequence`` and an ``hx`` runs no ``check_forward_args`` (as PyTorch): the packed
  kernel's own checks fail instead (``lstm expects two hidden states``, ``got an incorrect number of RNN
  parameters`` when ``h`` and ``c`` sizes differ, ``Odd number of params or hiddens given to a bidirectional RNN``,
  ``Expected more hidden states in stacked_rnn``), then the cell's ops (``linear_hh(h).add_(gates)`` is in place:
  an ``h`` of batch 1 fails with ``output with shape [1, 12] doesn't match the broadcast shape [3, 12]``, another
  batch with ``The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0``);
* the fused ``nn.GRU``/``nn.RNN`` kernels evaluate ``exp`` (in the sigmoid) and ``tanh`` in float64 rounded once,
  as ember's ``sigmoid``/``tanh`` ops do, instead of NumPy's float32 routines: PyTorch's cells are ATen ops whose
  vectorised float32 ``exp``/``tanh`` agree with the correctly rounded value (``nn.RNN`` on ``0.8216181397438049``
  prints ``0.6759496331214905``, not ``0.6759496927261353``);
* the fused ``nn.RNN`` (tanh) backward rounds ``1 - y*y`` once, as the FMA in ATen's ``tanh_backward`` does
  (``x.grad`` of ``tanh(2.040919065475464)`` is ``0.06528351455926895``, not ``0.06528353691101074``).
"""
from __future__ import annotations

import math

import numpy as np
from program_runner import program_tests, raises_exactly

import ember
import ember.nn as nn
from ember.nn.utils.rnn import pack_padded_sequence


PROGRAMS = {
'rnn_basic': r'''
import torch
import torch.nn as nn
torch.manual_seed(0)
rnn = nn.RNN(input_size=4, hidden_size=3)
print(rnn)
x = torch.randn(5, 2, 4)
out, h = rnn(x)
print(out.shape, h.shape)
print(out)
print(h)
print(out.grad_fn.name(), h.grad_fn.name())
for name, p in rnn.named_parameters():
    print(name, tuple(p.shape), p.requires_grad)
print(sum(p.numel() for p in rnn.parameters()))
print(rnn._flat_weights_names)
print([[w.shape for w in layer] for layer in rnn.all_weights])
print(rnn.weight_ih_l0)
''',
'rnn_batch_first': r'''
import torch
import torch.nn as nn
torch.manual_seed(1)
rnn = nn.RNN(3, 5, batch_first=True, nonlinearity='relu')
print(rnn)
x = torch.randn(2, 4, 3)
h0 = torch.zeros(1, 2, 5)
out, hn = rnn(x, h0)
print(out.shape, hn.shape)
print(out[:, -1])
print(hn)
print(torch.allclose(out[:, -1], hn[0]))
print(torch.equal(out[:, -1], hn[0]))
rnn2 = nn.RNN(3, 5, batch_first=False, nonlinearity='tanh', bias=False)
print(rnn2)
print([n for n, _ in rnn2.named_parameters()])
print(rnn2(x.transpose(0, 1))[0].sum().item())
try:
    nn.RNN(3, 5, nonlinearity='sigmoid')
except Exception as e:
    print(type(e).__name__, e)
''',
'lstm_layers': r'''
import torch
import torch.nn as nn
torch.manual_seed(2)
lstm = nn.LSTM(input_size=6, hidden_size=4, num_layers=2, bidirectional=True)
print(lstm)
x = torch.randn(7, 3, 6)
out, (h, c) = lstm(x)
print(out.shape, h.shape, c.shape)
print(h)
print(c[-1])
print(out[-1, :, :4])
print(out[0, :, 4:])
print(torch.allclose(out[-1, :, :4], h[-2]), torch.allclose(out[0, :, 4:], h[-1]))
for name, p in lstm.named_parameters():
    print(name, p.shape)
print(sum(p.numel() for p in lstm.parameters()))
print(lstm._flat_weights_names)
print(len(lstm.all_weights), len(lstm.all_weights[0]))
print(out.grad_fn.name(), h.grad_fn.name(), c.grad_fn.next_functions[0][0].name() if c.grad_fn.next_functions else None)
''',
'gru_basic': r'''
import torch
import torch.nn as nn
torch.manual_seed(3)
gru = nn.GRU(5, 8, num_layers=2, batch_first=True, dropout=0.5)
print(gru)
x = torch.randn(4, 6, 5)
gru.eval()
o1, h1 = gru(x)
o2, h2 = gru(x)
print(torch.equal(o1, o2))
print(o1[0, :2])
print(h1.shape)
gru.train()
torch.manual_seed(10)
o3, h3 = gru(x)
print(torch.equal(o1, o3))
print(o3[0, :2])
print(h3[0, 0])
g1 = nn.GRU(5, 8, num_layers=1, dropout=0.3)
print(g1)
''',
'lstm_proj': r'''
import torch
import torch.nn as nn
torch.manual_seed(4)
lstm = nn.LSTM(3, 6, proj_size=2, num_layers=2, batch_first=True)
print(lstm)
for name, p in lstm.named_parameters():
    print(name, tuple(p.shape))
x = torch.randn(2, 5, 3)
out, (h, c) = lstm(x)
print(out.shape, h.shape, c.shape)
print(out)
print(h)
print(c)
h0 = torch.zeros(2, 2, 2)
c0 = torch.zeros(2, 2, 6)
out2, _ = lstm(x, (h0, c0))
print(torch.allclose(out, out2))
try:
    lstm(x, (torch.zeros(2, 2, 6), c0))
except Exception as e:
    print(type(e).__name__, e)
try:
    nn.LSTM(3, 6, proj_size=6)
except Exception as e:
    print(type(e).__name__, e)
try:
    nn.GRU(3, 6, proj_size=2)
except Exception as e:
    print(type(e).__name__, e)
print(lstm._flat_weights_names)
''',
'cells_unroll': r'''
import torch
import torch.nn as nn
torch.manual_seed(5)
cell = nn.LSTMCell(4, 3)
print(cell)
lstm = nn.LSTM(4, 3)
with torch.no_grad():
    lstm.weight_ih_l0.copy_(cell.weight_ih)
    lstm.weight_hh_l0.copy_(cell.weight_hh)
    lstm.bias_ih_l0.copy_(cell.bias_ih)
    lstm.bias_hh_l0.copy_(cell.bias_hh)
x = torch.randn(6, 2, 4)
h = torch.zeros(2, 3)
c = torch.zeros(2, 3)
outs = []
for t in range(x.size(0)):
    h, c = cell(x[t], (h, c))
    outs.append(h)
outs = torch.stack(outs)
ref, (hn, cn) = lstm(x)
print(torch.allclose(outs, ref, atol=1e-6))
print((outs - ref).abs().max() < 1e-5)
print(outs[-1])
print(hn[0])
print(c)
print(h.grad_fn.name() if h.grad_fn else None)
print(type(outs.grad_fn).__name__)
''',
'gru_cell_unroll': r'''
import torch
import torch.nn as nn
torch.manual_seed(6)
cell = nn.GRUCell(3, 4, bias=False)
print(cell)
gru = nn.GRU(3, 4, bias=False, batch_first=True)
gru.weight_ih_l0 = cell.weight_ih
gru.weight_hh_l0 = cell.weight_hh
print([n for n, _ in gru.named_parameters()])
x = torch.randn(2, 5, 3)
h = torch.zeros(2, 4)
for t in range(5):
    h = cell(x[:, t], h)
print(h)
out, hn = gru(x)
print(hn[0])
print(torch.allclose(h, hn[0], atol=1e-6))
rc = nn.RNNCell(3, 2, nonlinearity='relu')
print(rc)
hr = rc(x[:, 0])
print(hr, hr.grad_fn.name())
print(rc(x[0, 0]).shape)
print(cell(x[0, 0]).shape)
''',
'cell_errors': r'''
import torch
import torch.nn as nn
torch.manual_seed(7)
cell = nn.LSTMCell(4, 3)
for args in [(torch.randn(2, 5),), (torch.randn(2, 4), (torch.zeros(3, 3), torch.zeros(2, 3))),
             (torch.randn(2, 4), (torch.zeros(2, 4), torch.zeros(2, 3))), (torch.randn(2, 3, 4),),
             (torch.randn(4), (torch.zeros(1, 3), torch.zeros(1, 3)))]:
    try:
        h, c = cell(*args)
        print(h.shape, c.shape)
    except Exception as e:
        print(type(e).__name__, e)
g = nn.GRUCell(4, 3)
for args in [(torch.randn(2, 5),), (torch.randn(2, 4), torch.zeros(2, 2)), (torch.randn(2, 4), torch.zeros(3, 3)), (torch.randn(4), torch.zeros(3))]:
    try:
        print(g(*args).shape)
    except Exception as e:
        print(type(e).__name__, e)
r = nn.RNNCell(4, 3)
for args in [(torch.randn(2, 4).double(),), (torch.randn(2, 4), torch.zeros(2, 3).double())]:
    try:
        print(r(*args).shape)
    except Exception as e:
        print(type(e).__name__, e)
''',
'rnn_errors': r'''
import torch
import torch.nn as nn
torch.manual_seed(8)
lstm = nn.LSTM(4, 3, num_layers=2)
cases = [
    (torch.randn(5, 2, 6),),
    (torch.randn(5, 2, 4), (torch.zeros(1, 2, 3), torch.zeros(1, 2, 3))),
    (torch.randn(5, 2, 4), (torch.zeros(2, 3, 3), torch.zeros(2, 3, 3))),
    (torch.randn(5, 2, 4), (torch.zeros(2, 2, 3), torch.zeros(2, 2, 4))),
    (torch.randn(5, 2, 4), torch.zeros(2, 2, 3)),
    (torch.randn(5, 4), (torch.zeros(2, 1, 3), torch.zeros(2, 1, 3))),
    (torch.randn(5, 4), (torch.zeros(2, 3), torch.zeros(2, 3))),
    (torch.randn(2, 5, 2, 4),),
    (torch.randn(5, 2, 4).double(),),
]
for args in cases:
    try:
        out, (h, c) = lstm(*args)
        print(out.shape, h.shape, c.shape)
    except Exception as e:
        print(type(e).__name__, e)
gru = nn.GRU(4, 3, batch_first=True)
cases = [
    (torch.randn(2, 5, 4), torch.zeros(1, 5, 3)),
    (torch.randn(2, 5, 4), torch.zeros(2, 3)),
    (torch.randn(5, 4), torch.zeros(1, 3)),
    (torch.randn(5, 4), torch.zeros(1, 1, 3)),
    (torch.randn(5, 4), torch.zeros(3)),
    (torch.randn(2, 5, 4), (torch.zeros(1, 2, 3),)),
]
for args in cases:
    try:
        out, h = gru(*args)
        print(out.shape, h.shape)
    except Exception as e:
        print(type(e).__name__, e)
rnn = nn.RNN(4, 3)
try:
    rnn(torch.randn(5, 2, 4), (torch.zeros(1, 2, 3), torch.zeros(1, 2, 3)))
except Exception as e:
    print(type(e).__name__, e)
''',
'classifier_s2o': r'''
import torch
import torch.nn as nn
torch.manual_seed(0)
class Classifier(nn.Module):
    def __init__(self, vocab, emb, hid, ncls):
        super().__init__()
        self.emb = nn.Embedding(vocab, emb, padding_idx=0)
        self.lstm = nn.LSTM(emb, hid, batch_first=True)
        self.fc = nn.Linear(hid, ncls)
    def forward(self, x):
        e = self.emb(x)
        out, (h, c) = self.lstm(e)
        return self.fc(h[-1])
model = Classifier(20, 8, 16, 3)
print(model)
print(sum(p.numel() for p in model.parameters() if p.requires_grad))
x = torch.randint(1, 20, (4, 7))
x[0, 5:] = 0
y = torch.tensor([0, 2, 1, 2])
opt = torch.optim.Adam(model.parameters(), lr=0.01)
loss_fn = nn.CrossEntropyLoss()
for step in range(8):
    opt.zero_grad()
    logits = model(x)
    loss = loss_fn(logits, y)
    loss.backward()
    opt.step()
    print(step, round(loss.item(), 6), f"{loss.item():.6f}")
print(logits)
print(logits.argmax(1))
print(model.emb.weight.grad[0])
with torch.no_grad():
    p = torch.softmax(model(x), dim=1)
print(p)
''',
'classifier_s2s': r'''
import torch
import torch.nn as nn
torch.manual_seed(1)
class Tagger(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(10, 6)
        self.rnn = nn.GRU(6, 5, bidirectional=True, batch_first=True)
        self.out = nn.Linear(10, 4)
    def forward(self, x):
        h, _ = self.rnn(self.emb(x))
        return self.out(h)
m = Tagger()
x = torch.randint(0, 10, (3, 6))
y = torch.randint(0, 4, (3, 6))
opt = torch.optim.SGD(m.parameters(), lr=0.5, momentum=0.9)
crit = nn.CrossEntropyLoss()
for i in range(6):
    logits = m(x)
    loss = crit(logits.reshape(-1, 4), y.reshape(-1))
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(i, f"{loss.item():.5f}")
print(logits.shape)
print(logits.permute(0, 2, 1).shape, crit(logits.permute(0, 2, 1), y).item())
acc = (logits.argmax(-1) == y).float().mean()
print(acc, acc.item())
print(m.rnn.weight_hh_l0_reverse.grad.norm())
''',
'char_lm': r'''
import torch
import torch.nn as nn
torch.manual_seed(42)
text = "hello world, hello rnn"
chars = sorted(set(text))
stoi = {c: i for i, c in enumerate(chars)}
itos = {i: c for c, i in stoi.items()}
V = len(chars)
print(V, chars)
data = torch.tensor([stoi[c] for c in text])
print(data)
class CharLM(nn.Module):
    def __init__(self, V, H):
        super().__init__()
        self.emb = nn.Embedding(V, H)
        self.lstm = nn.LSTM(H, H, batch_first=True)
        self.head = nn.Linear(H, V)
    def forward(self, x, hidden=None):
        out, hidden = self.lstm(self.emb(x), hidden)
        return self.head(out), hidden
model = CharLM(V, 16)
opt = torch.optim.Adam(model.parameters(), lr=0.02)
crit = nn.CrossEntropyLoss()
inp = data[:-1].unsqueeze(0)
tgt = data[1:].unsqueeze(0)
for epoch in range(30):
    logits, _ = model(inp)
    N, T, Vv = logits.shape
    loss = crit(logits.view(N * T, Vv), tgt.view(N * T))
    opt.zero_grad()
    loss.backward()
    opt.step()
    if epoch % 5 == 0:
        print(epoch, f"{loss.item():.5f}")
print(loss)
torch.manual_seed(0)
model.eval()
with torch.no_grad():
    x = torch.tensor([[stoi['h']]])
    hidden = None
    out = 'h'
    for _ in range(20):
        logits, hidden = model(x, hidden)
        probs = torch.softmax(logits[:, -1] / 0.8, -1)
        nxt = torch.multinomial(probs, 1)
        out += itos[nxt.item()]
        x = nxt
    print(repr(out))
    print(probs.argmax(-1), probs.sum().round(decimals=3))
    print(nxt, nxt.shape, nxt.dtype)
''',
'tbptt': r'''
import torch
import torch.nn as nn
torch.manual_seed(3)
V, H = 7, 12
seq = torch.randint(0, V, (2, 40))
emb = nn.Embedding(V, 5)
lstm = nn.LSTM(5, H, batch_first=True, num_layers=2)
head = nn.Linear(H, V)
params = list(emb.parameters()) + list(lstm.parameters()) + list(head.parameters())
opt = torch.optim.SGD(params, lr=1.0)
crit = nn.CrossEntropyLoss()
hidden = None
bptt = 8
for i in range(0, seq.size(1) - 1, bptt):
    x = seq[:, i:i + bptt]
    y = seq[:, i + 1:i + 1 + bptt]
    if x.size(1) != y.size(1):
        x = x[:, :y.size(1)]
    if hidden is not None:
        hidden = tuple(h.detach() for h in hidden)
    out, hidden = lstm(emb(x), hidden)
    logits = head(out)
    loss = crit(logits.reshape(-1, V), y.reshape(-1))
    opt.zero_grad()
    loss.backward()
    total = nn.utils.clip_grad_norm_(params, max_norm=0.5)
    opt.step()
    print(i, x.shape, f"{loss.item():.6f}", total, hidden[0].requires_grad, hidden[0].grad_fn.name())
print(hidden[0].detach().requires_grad, hidden[1].is_leaf)
nn.utils.clip_grad_value_(params, clip_value=0.01)
print(lstm.weight_ih_l0.grad.abs().max())
print(nn.utils.clip_grad_norm_(lstm.parameters(), 1.0, norm_type=float('inf')))
print(nn.utils.clip_grad_norm_(lstm.parameters(), 1.0, norm_type=1))
''',
'pack_utils': r'''
import torch
from torch.nn.utils.rnn import pad_sequence, pack_padded_sequence, pack_sequence, pad_packed_sequence
torch.manual_seed(0)
seqs = [torch.tensor([1, 2, 3]), torch.tensor([4, 5]), torch.tensor([6, 7, 8, 9])]
p = pad_sequence(seqs)
print(p)
print(pad_sequence(seqs, batch_first=True, padding_value=-1))
print(pad_sequence(seqs, batch_first=True, padding_side='left'))
lengths = torch.tensor([3, 2, 4])
packed = pack_padded_sequence(pad_sequence(seqs, batch_first=True), lengths, batch_first=True, enforce_sorted=False)
print(packed)
print(packed.data, packed.batch_sizes, packed.sorted_indices, packed.unsorted_indices)
try:
    pack_padded_sequence(pad_sequence(seqs, batch_first=True), lengths, batch_first=True)
except Exception as e:
    print(type(e).__name__, e)
ps = pack_sequence(seqs, enforce_sorted=False)
print(ps)
try:
    pack_sequence(seqs)
except Exception as e:
    print(type(e).__name__, e)
srt = sorted(seqs, key=len, reverse=True)
ps2 = pack_sequence(srt)
print(ps2)
padded, lens = pad_packed_sequence(ps2, batch_first=True)
print(padded, lens)
padded, lens = pad_packed_sequence(ps, batch_first=True, total_length=6, padding_value=0)
print(padded, lens)
try:
    pad_packed_sequence(ps, total_length=2)
except Exception as e:
    print(type(e).__name__, e)
print(type(ps).__name__, ps._fields if hasattr(ps, '_fields') else None)
print(len(ps), ps[0])
''',
'packed_lstm': r'''
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence
torch.manual_seed(9)
lstm = nn.LSTM(3, 4, batch_first=True, bidirectional=True)
x = torch.randn(3, 5, 3)
lengths = torch.tensor([5, 2, 3])
packed = pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
out, (h, c) = lstm(packed)
print(type(out).__name__, out.data.shape, out.batch_sizes)
print(out.sorted_indices, out.unsorted_indices)
padded, lens = pad_packed_sequence(out, batch_first=True)
print(padded.shape, lens)
print(padded[1])
print(h)
print(torch.allclose(padded[1, 1, :4], h[0, 1]))
print(torch.allclose(padded[1, 0, 4:], h[1, 1]))
out2, (h2, c2) = lstm(x[1:2, :2])
print(torch.allclose(h2, h[:, 1:2]))
gru = nn.GRU(3, 4)
pk = pack_padded_sequence(x.transpose(0, 1), lengths.tolist(), enforce_sorted=False)
o, hn = gru(pk)
print(o.data.grad_fn.name(), hn.shape)
print(pad_packed_sequence(o, total_length=7)[0].shape)
''',
'sine_reg': r'''
import math
import torch
import torch.nn as nn
torch.manual_seed(0)
t = torch.linspace(0, 4 * math.pi, 101)
y = torch.sin(t)
seq_len = 10
X = torch.stack([y[i:i + seq_len] for i in range(len(y) - seq_len)]).unsqueeze(-1)
Y = y[seq_len:].unsqueeze(-1)
print(X.shape, Y.shape)
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.GRU(1, 16, batch_first=True)
        self.fc = nn.Linear(16, 1)
    def forward(self, x):
        o, _ = self.rnn(x)
        return self.fc(o[:, -1, :])
net = Net()
opt = torch.optim.Adam(net.parameters(), lr=0.01)
crit = nn.MSELoss()
for ep in range(40):
    opt.zero_grad()
    pred = net(X)
    loss = crit(pred, Y)
    loss.backward()
    opt.step()
    if ep % 8 == 0:
        print(ep, f"{loss.item():.5f}")
print(f"final {loss.item():.6f}")
net.eval()
with torch.no_grad():
    window = X[0:1].clone()
    preds = []
    for _ in range(5):
        p = net(window)
        preds.append(p.item())
        window = torch.cat([window[:, 1:], p.unsqueeze(1)], dim=1)
print([round(v, 4) for v in preds])
print(pred[:3])
''',
'grads_rnn': r'''
import torch
import torch.nn as nn
torch.manual_seed(11)
gru = nn.GRU(3, 4, batch_first=True)
x = torch.randn(2, 5, 3, requires_grad=True)
h0 = torch.zeros(1, 2, 4, requires_grad=True)
out, hn = gru(x, h0)
print(out.grad_fn.name(), hn.grad_fn.name(), out.requires_grad, out.is_leaf)
loss = out.sum() + hn.pow(2).sum()
loss.backward()
print(x.grad.shape, h0.grad.shape)
print(x.grad)
print(h0.grad)
print(gru.weight_hh_l0.grad.shape, gru.bias_ih_l0.grad)
lstm = nn.LSTM(3, 4)
x2 = torch.randn(5, 2, 3, requires_grad=True)
h = torch.randn(1, 2, 4, requires_grad=True)
c = torch.randn(1, 2, 4, requires_grad=True)
o, (hn, cn) = lstm(x2, (h, c))
print(o.grad_fn.name(), hn.grad_fn.name(), cn.grad_fn.name())
print(o.grad_fn.next_functions[0][0].name() if o.grad_fn.next_functions else ())
cn.sum().backward(retain_graph=True)
print(c.grad)
print(x2.grad is None, h.grad is None)
print(x2.grad)
lstm.zero_grad()
o[-1].mean().backward()
print(lstm.weight_ih_l0.grad.norm())
print(h.grad)
with torch.no_grad():
    o3, _ = lstm(x2)
print(o3.requires_grad, o3.grad_fn)
rnn = nn.RNN(3, 4).double()
xd = torch.randn(4, 1, 3, dtype=torch.float64, requires_grad=True)
od, hd = rnn(xd)
print(od.dtype, od.grad_fn.name(), hd.grad_fn.name())
print(torch.autograd.gradcheck(lambda inp: rnn(inp)[0], (xd,)))
''',
'packed_errors': r'''
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence, pad_sequence, pack_sequence
torch.manual_seed(12)
x = torch.randn(3, 4, 2)
for lengths, kw in [([2, 4, 3], {}), ([4, 3, 2], {}), (torch.tensor([4, 3, 2]), {}), (torch.tensor([4., 3., 2.]), {}),
                    (torch.tensor([4, 3, 2], dtype=torch.int32), {}), ([4, 3, 0], {}), ([5, 3, 2], {}),
                    ([4, 3], {}), ([4, 3, 2], {'batch_first': True}), (torch.tensor([[4, 3, 2]]), {}),
                    ([3, 4, 2], {'enforce_sorted': False, 'batch_first': True}), ([-1, 2, 3], {'enforce_sorted': False})]:
    try:
        p = pack_padded_sequence(x, lengths, **kw)
        print(p.batch_sizes, p.data.shape, p.sorted_indices)
    except Exception as e:
        print(type(e).__name__, e)
try:
    pad_sequence([torch.zeros(2, 3), torch.zeros(2, 4)])
except Exception as e:
    print(type(e).__name__, e)
try:
    pad_sequence([])
except Exception as e:
    print(type(e).__name__, e)
try:
    pad_sequence(torch.zeros(3, 2))
except Exception as e:
    print(type(e).__name__, e)
try:
    pack_sequence([torch.zeros(2), torch.zeros(3)])
except Exception as e:
    print(type(e).__name__, e)
try:
    pack_sequence([])
except Exception as e:
    print(type(e).__name__, e)
try:
    pad_sequence([torch.ones(2), torch.ones(3)], padding_side='middle')
except Exception as e:
    print(type(e).__name__, e)
lstm = nn.LSTM(2, 3)
p = pack_padded_sequence(x, [4, 3, 2], batch_first=True)
try:
    lstm(p, (torch.zeros(1, 2, 3), torch.zeros(1, 2, 3)))
except Exception as e:
    print(type(e).__name__, e)
out, (h, c) = lstm(p, (torch.zeros(1, 3, 3), torch.zeros(1, 3, 3)))
print(out.data.shape, h.shape)
try:
    pad_packed_sequence(out, batch_first=True, total_length=3)
except Exception as e:
    print(type(e).__name__, e)
''',
'module_api': r'''
import torch
import torch.nn as nn
torch.manual_seed(13)
for m in [nn.RNN(2, 3), nn.RNN(2, 3, 2, nonlinearity='relu', bias=False, batch_first=True, dropout=0.1, bidirectional=True),
          nn.LSTM(2, 3, proj_size=1), nn.LSTM(2, 3, 3, bidirectional=True), nn.GRU(2, 3, bias=False),
          nn.RNNCell(2, 3), nn.RNNCell(2, 3, bias=False, nonlinearity='relu'), nn.LSTMCell(2, 3, bias=False), nn.GRUCell(2, 3)]:
    print(repr(m))
    print(sum(p.numel() for p in m.parameters()), [tuple(p.shape) for p in m.parameters()])
    print(list(m.state_dict().keys()))
m = nn.LSTM(2, 3, 2, bidirectional=True, proj_size=2)
print(m.mode, m.input_size, m.hidden_size, m.num_layers, m.bias, m.batch_first, m.dropout, m.bidirectional, m.proj_size)
print(m._flat_weights_names)
print([type(w).__name__ for w in m._flat_weights][:3])
aw = m.all_weights
print(len(aw), [len(l) for l in aw], [tuple(w.shape) for w in aw[1]])
print(m.weight_hr_l0_reverse.shape)
g = nn.GRU(4, 4)
print(g.weight_ih_l0.data_ptr() == g._flat_weights[0].data_ptr())
g2 = nn.GRU(4, 4, num_layers=2)
g2.flatten_parameters()
print(str(g2))
print(nn.RNN(2, 3).nonlinearity)
c = nn.GRUCell(2, 3)
print(c.input_size, c.hidden_size, c.bias, c.weight_ih.shape, c.bias_hh.shape)
print(nn.RNNCell(2, 3).nonlinearity)
for bad in [lambda: nn.LSTM(2, 0), lambda: nn.LSTM(2, 3, num_layers=0), lambda: nn.GRU(2, 3, dropout=1.5),
            lambda: nn.GRU(2, 3, dropout=True), lambda: nn.RNN(2, 3.5), lambda: nn.LSTM(2, 3, proj_size=-1),
            lambda: nn.RNN(2, 3, num_layers=1.0), lambda: nn.RNNCell(2, 3, nonlinearity='gelu'), lambda: nn.LSTM(0, 3)]:
    try:
        print(bad())
    except Exception as e:
        print(type(e).__name__, e)
''',
'rnn_unbatched': r'''
import torch
import torch.nn as nn
torch.manual_seed(14)
for cls in [nn.RNN, nn.GRU, nn.LSTM]:
    m = cls(3, 2, num_layers=2, batch_first=True)
    x = torch.randn(4, 3)
    out, h = m(x)
    if isinstance(h, tuple):
        print(cls.__name__, out.shape, h[0].shape, h[1].shape)
    else:
        print(cls.__name__, out.shape, h.shape)
    print(out)
    ob, hb = m(x.unsqueeze(0))
    print(torch.allclose(ob[0], out))
    try:
        if cls is nn.LSTM:
            m(x, (torch.zeros(2, 1, 2), torch.zeros(2, 1, 2)))
        else:
            m(x, torch.zeros(2, 1, 2))
    except Exception as e:
        print(type(e).__name__, e)
    try:
        if cls is nn.LSTM:
            m(x.unsqueeze(0), (torch.zeros(2, 2), torch.zeros(2, 2)))
        else:
            m(x.unsqueeze(0), torch.zeros(2, 2))
    except Exception as e:
        print(type(e).__name__, e)
''',
'bidir_concat': r'''
import torch
import torch.nn as nn
torch.manual_seed(15)
H = 3
lstm = nn.LSTM(2, H, num_layers=2, bidirectional=True, batch_first=True)
x = torch.randn(2, 4, 2)
out, (h, c) = lstm(x)
print(out.shape, h.shape)
h_view = h.view(2, 2, 2, H)
print(h_view[-1].shape)
last = torch.cat([h[-2], h[-1]], dim=1)
print(last)
print(torch.equal(last[:, :H], out[:, -1, :H]), torch.equal(last[:, H:], out[:, 0, H:]))
fwd, bwd = out.chunk(2, dim=-1)
print(fwd.shape, bwd.shape)
print(out.view(2, 4, 2, H)[:, :, 1].sum())
mean_pool = out.mean(dim=1)
max_pool, idx = out.max(dim=1)
print(mean_pool)
print(max_pool)
print(idx)
fc = nn.Linear(2 * H, 1)
print(torch.sigmoid(fc(last)).squeeze(1))
''',
'init_weights': r'''
import torch
import torch.nn as nn
torch.manual_seed(16)
lstm = nn.LSTM(4, 3, num_layers=2)
for name, p in lstm.named_parameters():
    if 'weight_ih' in name:
        nn.init.xavier_uniform_(p)
    elif 'weight_hh' in name:
        nn.init.orthogonal_(p)
    elif 'bias' in name:
        nn.init.zeros_(p)
        n = p.size(0)
        p.data[n // 4:n // 2].fill_(1.0)
print(lstm.bias_ih_l0)
print(lstm.weight_ih_l0)
print(lstm.weight_hh_l1)
w = lstm.weight_hh_l0
print(torch.allclose(w.t() @ w, torch.eye(3), atol=1e-5))
gru = nn.GRU(3, 2)
for p in gru.parameters():
    nn.init.uniform_(p, -0.1, 0.1)
print(gru.weight_hh_l0)
nn.init.kaiming_normal_(gru.weight_ih_l0, nonlinearity='tanh')
print(gru.weight_ih_l0)
rnn = nn.RNN(2, 2)
rnn.reset_parameters()
print(rnn.weight_hh_l0)
stdv = 1.0 / (2 ** 0.5)
print(all(p.abs().max() <= stdv for p in rnn.parameters()))
''',
'seq2seq': r'''
import random
import torch
import torch.nn as nn
torch.manual_seed(17)
random.seed(0)
V, E, H = 8, 6, 10
class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(V, E)
        self.gru = nn.GRU(E, H, batch_first=True)
    def forward(self, src):
        _, h = self.gru(self.emb(src))
        return h
class Decoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(V, E)
        self.gru = nn.GRU(E, H, batch_first=True)
        self.out = nn.Linear(H, V)
    def forward(self, tok, h):
        o, h = self.gru(self.emb(tok).unsqueeze(1), h)
        return self.out(o.squeeze(1)), h
enc, dec = Encoder(), Decoder()
params = list(enc.parameters()) + list(dec.parameters())
opt = torch.optim.Adam(params, lr=0.01)
crit = nn.CrossEntropyLoss()
src = torch.randint(2, V, (4, 5))
tgt = torch.flip(src, dims=[1])
for epoch in range(5):
    h = enc(src)
    tok = torch.zeros(4, dtype=torch.long)
    loss = 0
    for t in range(tgt.size(1)):
        logits, h = dec(tok, h)
        loss = loss + crit(logits, tgt[:, t])
        teacher = random.random() < 0.5
        tok = tgt[:, t] if teacher else logits.argmax(1)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(epoch, round(loss.item() / tgt.size(1), 4), loss.grad_fn.name())
with torch.no_grad():
    h = enc(src)
    tok = torch.zeros(4, dtype=torch.long)
    preds = []
    for t in range(5):
        logits, h = dec(tok, h)
        tok = logits.argmax(1)
        preds.append(tok)
print(torch.stack(preds, 1).shape)
print(h.shape)
''',
'rnn_utils2': r'''
import torch
from torch.nn.utils.rnn import pad_sequence, pack_sequence, unpack_sequence, unpad_sequence, pack_padded_sequence, PackedSequence, pad_packed_sequence
torch.manual_seed(18)
a, b, c = torch.randn(3, 2), torch.randn(1, 2), torch.randn(4, 2)
ps = pack_sequence([a, b, c], enforce_sorted=False)
print(ps.batch_sizes, ps.sorted_indices, ps.unsorted_indices)
print(ps.data.shape)
seqs = unpack_sequence(ps)
print([s.shape for s in seqs], torch.equal(seqs[0], a))
padded = pad_sequence([a, b, c], batch_first=True)
print(padded.shape)
lens = torch.tensor([3, 1, 4])
un = unpad_sequence(padded, lens, batch_first=True)
print([u.shape for u in un])
ps2 = ps.to(torch.float64)
print(ps2.data.dtype, type(ps2).__name__, ps2.is_cuda)
print(ps.double().data.dtype, ps.is_pinned())
p3 = PackedSequence(torch.arange(6.), torch.tensor([3, 2, 1]))
print(p3)
print(pad_packed_sequence(p3))
print(pad_packed_sequence(p3, batch_first=True, padding_value=-1.0))
x = torch.randn(2, 3, requires_grad=True)
pk = pack_padded_sequence(x.unsqueeze(-1), [3, 2], batch_first=True)
print(pk.data.grad_fn.name(), pk.data.requires_grad)
out, l = pad_packed_sequence(pk, batch_first=True)
out.sum().backward()
print(x.grad)
print(l, l.dtype, l.device)
empty_pad = pad_sequence([torch.zeros(0, 2), torch.ones(2, 2)])
print(empty_pad.shape)
print(pad_sequence([torch.tensor([1, 2]), torch.tensor([3])], padding_value=9))
''',
'lstm_dropout_train': r'''
import torch
import torch.nn as nn
torch.manual_seed(19)
lstm = nn.LSTM(3, 4, num_layers=3, dropout=0.4, batch_first=True)
x = torch.randn(2, 3, 3)
lstm.train()
torch.manual_seed(1)
o1, (h1, c1) = lstm(x)
torch.manual_seed(1)
o2, _ = lstm(x)
print(torch.equal(o1, o2))
print(o1)
lstm.eval()
o3, _ = lstm(x)
print(o3)
print(lstm.training, lstm.dropout)
print(torch.equal(o1, o3))
gru = nn.GRU(3, 4, num_layers=2, dropout=0.5, bidirectional=True)
gru.train()
torch.manual_seed(2)
go, gh = gru(x.transpose(0, 1))
print(go[0])
print(gh[1])
''',
'double_lstm': r'''
import torch
import torch.nn as nn
torch.manual_seed(20)
lstm = nn.LSTM(3, 4, batch_first=True).double()
x = torch.randn(2, 5, 3, dtype=torch.float64)
out, (h, c) = lstm(x)
print(out.dtype, out.grad_fn.name(), h.grad_fn.name())
print(out[:, -1])
print(c)
loss = out.pow(2).mean()
loss.backward()
print(loss.item())
print(lstm.weight_hh_l0.grad)
try:
    lstm(x.float())
except Exception as e:
    print(type(e).__name__, e)
try:
    nn.LSTM(3, 4)(x)
except Exception as e:
    print(type(e).__name__, e)
try:
    nn.GRU(3, 4)(torch.randint(0, 3, (2, 5, 3)))
except Exception as e:
    print(type(e).__name__, e)
try:
    nn.LSTM(3, 4)(torch.randn(2, 5, 3), (torch.zeros(1, 5, 4, dtype=torch.float64), torch.zeros(1, 5, 4)))
except Exception as e:
    print(type(e).__name__, e)
''',
'state_dict_rnn': r'''
import torch
import torch.nn as nn
torch.manual_seed(21)
a = nn.LSTM(2, 3, bidirectional=True)
b = nn.LSTM(2, 3, bidirectional=True)
sd = a.state_dict()
print(list(sd.keys()))
print(b.load_state_dict(sd))
x = torch.randn(4, 1, 2)
print(torch.equal(a(x)[0], b(x)[0]))
c = nn.LSTM(2, 3)
try:
    c.load_state_dict(sd)
except Exception as e:
    print(type(e).__name__, e)
r = c.load_state_dict(sd, strict=False)
print(r.missing_keys, r.unexpected_keys)
d = nn.LSTM(2, 4, bidirectional=True)
try:
    d.load_state_dict(sd)
except Exception as e:
    print(type(e).__name__, str(e)[:300])
print(sd['weight_ih_l0'].requires_grad, sd['weight_ih_l0'].shape)
cell = nn.GRUCell(2, 3)
print(list(cell.state_dict().keys()))
''',
'learner_errors': r'''
import torch
import torch.nn as nn
torch.manual_seed(22)
lstm = nn.LSTM(4, 5, batch_first=True)
head = nn.Linear(5, 7)
emb = nn.Embedding(7, 4)
tokens = torch.randint(0, 7, (2, 6))
try:
    lstm(tokens)
except Exception as e:
    print(type(e).__name__, e)
try:
    lstm(tokens.float())
except Exception as e:
    print(type(e).__name__, e)
try:
    emb(tokens.float())
except Exception as e:
    print(type(e).__name__, e)
out, hidden = lstm(emb(tokens))
logits = head(out)
crit = nn.CrossEntropyLoss()
try:
    crit(logits, tokens)
except Exception as e:
    print(type(e).__name__, e)
print(crit(logits.transpose(1, 2), tokens).item() > 0)
try:
    crit(logits.view(-1, 7), tokens)
except Exception as e:
    print(type(e).__name__, e)
try:
    crit(logits.view(-1, 7), tokens.float().view(-1))
except Exception as e:
    print(type(e).__name__, e)
# forgetting to detach between batches
opt = torch.optim.SGD(list(lstm.parameters()) + list(head.parameters()) + list(emb.parameters()), lr=0.1)
hidden = None
for step in range(2):
    out, hidden = lstm(emb(tokens), hidden)
    loss = crit(head(out).reshape(-1, 7), tokens.reshape(-1))
    opt.zero_grad()
    try:
        loss.backward()
        print(step, 'ok')
    except Exception as e:
        print(step, type(e).__name__, e)
    opt.step()
# carried hidden with a smaller last batch
hidden = tuple(h.detach() for h in hidden)
try:
    lstm(emb(tokens[:1]), hidden)
except Exception as e:
    print(type(e).__name__, e)
try:
    out.view(-1, 5)
except Exception as e:
    print(type(e).__name__, e)
o2, _ = nn.LSTM(4, 5)(emb(tokens).transpose(0, 1))
try:
    o2.transpose(0, 1).view(-1, 5)
except Exception as e:
    print(type(e).__name__, e)
print(o2.transpose(0, 1).contiguous().view(-1, 5).shape, o2.transpose(0, 1).reshape(-1, 5).shape)
try:
    hidden[0].view(2, 5)
    print(hidden[0].squeeze(0).shape)
except Exception as e:
    print(type(e).__name__, e)
try:
    lstm(emb(tokens), hidden[0])
except Exception as e:
    print(type(e).__name__, e)
try:
    nn.GRU(4, 5)(emb(tokens), (hidden[0],))
except Exception as e:
    print(type(e).__name__, e)
try:
    lstm(emb(tokens), [hidden[0], hidden[1]])
    print('list ok')
except Exception as e:
    print(type(e).__name__, e)
''',
'last_step_gather': r'''
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence, pad_sequence
torch.manual_seed(23)
seqs = [torch.randint(1, 9, (n,)) for n in (5, 2, 4)]
lengths = torch.tensor([len(s) for s in seqs])
padded = pad_sequence(seqs, batch_first=True)
emb = nn.Embedding(9, 3, padding_idx=0)
gru = nn.GRU(3, 4, batch_first=True)
packed = pack_padded_sequence(emb(padded), lengths, batch_first=True, enforce_sorted=False)
out, h = gru(packed)
out, out_lens = pad_packed_sequence(out, batch_first=True)
print(out.shape, out_lens)
last = out[torch.arange(out.size(0)), out_lens - 1]
print(torch.allclose(last, h[0]))
print(last)
idx = (lengths - 1).view(-1, 1, 1).expand(-1, 1, out.size(2))
g = out.gather(1, idx).squeeze(1)
print(torch.equal(g, last))
mask = torch.arange(out.size(1))[None, :] < lengths[:, None]
print(mask)
mean = (out * mask.unsqueeze(-1)).sum(1) / lengths.unsqueeze(1)
print(mean)
print(emb.weight[0])
lengths_sorted, perm = lengths.sort(descending=True)
print(lengths_sorted, perm)
p2 = pack_padded_sequence(emb(padded)[perm], lengths_sorted.tolist(), batch_first=True)
o2, h2 = gru(p2)
_, unperm = perm.sort()
print(torch.allclose(h2[0][unperm], h[0]))
''',
'manual_rnn': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(24)
text = "abcabcabd"
vocab = sorted(set(text))
V = len(vocab)
ix = torch.tensor([vocab.index(ch) for ch in text])
X = F.one_hot(ix[:-1], V).float()
Y = ix[1:]
H = 6
Wxh = (torch.randn(V, H) * 0.1).requires_grad_()
Whh = (torch.randn(H, H) * 0.1).requires_grad_()
Why = (torch.randn(H, V) * 0.1).requires_grad_()
bh = torch.zeros(H, requires_grad=True)
by = torch.zeros(V, requires_grad=True)
params = [Wxh, Whh, Why, bh, by]
for it in range(15):
    h = torch.zeros(H)
    loss = 0.0
    for t in range(X.size(0)):
        h = torch.tanh(X[t] @ Wxh + h @ Whh + bh)
        logits = h @ Why + by
        loss = loss + F.cross_entropy(logits.unsqueeze(0), Y[t:t + 1])
    loss = loss / X.size(0)
    for p in params:
        p.grad = None
    loss.backward()
    with torch.no_grad():
        for p in params:
            p.clamp_(-5, 5)
            p -= 0.5 * p.grad
    if it % 3 == 0:
        print(it, f"{loss.item():.5f}", h.grad_fn.name())
print(Whh.grad.norm())
print(h)
''',
'clip_grads': r'''
import torch
import torch.nn as nn
torch.manual_seed(27)
lstm = nn.LSTM(3, 4)
x = torch.randn(6, 2, 3)
out, _ = lstm(x)
(out * 100).sum().backward()
norms = [p.grad.norm() for p in lstm.parameters()]
print([round(n.item(), 3) for n in norms])
total = nn.utils.clip_grad_norm_(lstm.parameters(), max_norm=1.0)
print(round(total.item(), 3), total.dtype, total.shape)
print(round(torch.norm(torch.stack([p.grad.norm() for p in lstm.parameters()])).item(), 4))
nn.utils.clip_grad_value_(lstm.parameters(), 0.05)
print(max(p.grad.abs().max().item() for p in lstm.parameters()))
lstm.weight_ih_l0.grad[0, 0] = float('nan')
try:
    nn.utils.clip_grad_norm_(lstm.parameters(), 1.0, error_if_nonfinite=True)
except Exception as e:
    print(type(e).__name__, e)
print(nn.utils.clip_grad_norm_(lstm.parameters(), 1.0))
print(nn.utils.clip_grad_norm_([], 1.0))
g = nn.GRU(2, 2)
print(nn.utils.clip_grad_norm_(g.parameters(), 1.0))
try:
    nn.utils.clip_grad_value_(g.parameters(), clip_value=None)
except Exception as e:
    print(type(e).__name__, e)
''',
'bidir_gru_grads': r'''
import torch
import torch.nn as nn
torch.manual_seed(28)
gru = nn.GRU(2, 3, num_layers=2, bidirectional=True)
x = torch.randn(4, 2, 2, requires_grad=True)
h0 = torch.randn(4, 2, 3, requires_grad=True)
out, hn = gru(x, h0)
print(out.shape, hn.shape, out.grad_fn.name(), hn.grad_fn.name())
out[-1].sum().backward()
print(h0.grad[:, 0])
print(x.grad[0])
print(gru.bias_hh_l1_reverse.grad)
rnn = nn.RNN(2, 3, nonlinearity='relu')
x2 = torch.randn(5, 1, 2, requires_grad=True)
o, h = rnn(x2)
h.sum().backward()
print(x2.grad.squeeze(1))
print((o > 0).sum().item(), o.min().item() >= 0)
''',
'packed_reprs': r'''
import torch
from torch.nn.utils.rnn import pack_padded_sequence, pack_sequence, PackedSequence
torch.manual_seed(29)
x = torch.randn(4, 3)
p = pack_padded_sequence(x, [4, 2, 1])
print(p)
print(p.sorted_indices is None, p.unsorted_indices is None)
q = pack_padded_sequence(x, torch.tensor([1, 4, 2]), enforce_sorted=False)
print(q.sorted_indices, q.unsorted_indices, q.batch_sizes)
print(q.data)
print(isinstance(q, tuple), len(q), q._fields)
d, bs, si, ui = q
print(bs.dtype, si.dtype, bs.device)
r = pack_sequence([torch.tensor([1., 2.]), torch.tensor([3.])])
print(r)
print(r._replace(data=r.data * 2))
print(r.to('cpu') is r, r.cpu() is r)
print(r.long().data)
''',
'packed_lstm_hx': r'''
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence
torch.manual_seed(25)
x = torch.randn(3, 4, 2)
packed = pack_padded_sequence(x, [4, 3, 2], batch_first=True)
unsorted = pack_padded_sequence(x, [3, 4, 2], batch_first=True, enforce_sorted=False)
def attempt(lstm, p, h, c):
    try:
        out, (hn, cn) = lstm(p, (h, c))
        print('ok', out.data.shape, hn.shape, cn.shape)
    except Exception as e:
        print(type(e).__name__, e)
lstm = nn.LSTM(2, 3)
attempt(lstm, packed, torch.zeros(1, 2, 3), torch.zeros(1, 3, 3))
attempt(lstm, packed, torch.zeros(1, 3, 3), torch.zeros(1, 2, 3))
attempt(lstm, packed, torch.zeros(1, 1, 3), torch.zeros(1, 3, 3))
attempt(lstm, packed, torch.zeros(1, 3, 3), torch.zeros(1, 1, 3))
attempt(lstm, packed, torch.zeros(1, 3, 4), torch.zeros(1, 3, 3))
attempt(lstm, packed, torch.zeros(1, 3, 4), torch.zeros(1, 3, 4))
attempt(lstm, packed, torch.zeros(2, 3, 3), torch.zeros(2, 3, 3))
attempt(lstm, packed, torch.zeros(3, 3), torch.zeros(3, 3))
attempt(lstm, packed, torch.zeros(1, 4, 3), torch.zeros(1, 4, 3))
attempt(lstm, unsorted, torch.zeros(1, 2, 3), torch.zeros(1, 3, 3))
attempt(lstm, unsorted, torch.zeros(1, 3, 3), torch.zeros(1, 3, 3))
try:
    lstm(packed, (torch.zeros(1, 3, 3),))
except Exception as e:
    print(type(e).__name__, e)
try:
    lstm(unsorted, (torch.zeros(1, 3, 3),))
except Exception as e:
    print(type(e).__name__, e)
deep = nn.LSTM(2, 3, num_layers=2)
attempt(deep, packed, torch.zeros(1, 3, 3), torch.zeros(1, 3, 3))
attempt(deep, packed, torch.zeros(2, 1, 3), torch.zeros(2, 3, 3))
attempt(deep, packed, torch.zeros(2, 3, 3), torch.zeros(2, 3, 3).double())
bi = nn.LSTM(2, 3, bidirectional=True)
attempt(bi, packed, torch.zeros(3, 3, 3), torch.zeros(3, 3, 3))
attempt(bi, packed, torch.zeros(2, 3, 3), torch.zeros(2, 1, 3))
attempt(bi, packed, torch.zeros(2, 2, 3), torch.zeros(2, 3, 3))
proj = nn.LSTM(2, 3, proj_size=2)
attempt(proj, packed, torch.zeros(1, 3, 3), torch.zeros(1, 3, 3))
attempt(proj, packed, torch.zeros(1, 3, 4), torch.zeros(1, 3, 3))
attempt(proj, packed, torch.zeros(1, 3, 2), torch.zeros(1, 3, 4))
attempt(proj, packed, torch.zeros(1, 1, 2), torch.zeros(1, 3, 3))
attempt(proj, packed, torch.zeros(1, 3, 2), torch.zeros(1, 3, 3))
gru = nn.GRU(2, 3)
for h in [torch.zeros(1, 2, 3), torch.zeros(2, 3, 3), torch.zeros(1, 3, 4)]:
    try:
        gru(packed, h)
    except Exception as e:
        print(type(e).__name__, e)
''',
'packed_lstm_input': r'''
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pack_sequence
torch.manual_seed(26)
lstm = nn.LSTM(2, 3)
hx = (torch.zeros(1, 3, 3), torch.zeros(1, 3, 3))
for data in [torch.randn(3, 4, 3), torch.randn(3, 4, 2).double(), torch.randint(0, 3, (3, 4, 2))]:
    p = pack_padded_sequence(data, [4, 3, 2], batch_first=True)
    for h in (None, hx):
        try:
            out, (hn, cn) = lstm(p, h)
            print(out.data.shape)
        except Exception as e:
            print(type(e).__name__, e)
gru = nn.GRU(2, 3)
p = pack_sequence([torch.randn(3, 3), torch.randn(2, 3)])
for h in (None, torch.zeros(1, 2, 3)):
    try:
        gru(p, h)
    except Exception as e:
        print(type(e).__name__, e)
''',
'index_select_bounds': r'''
import torch
cases = [((1, 2, 3), 1, [1, 0, 2]), ((1, 2, 3), 1, [5]), ((4,), 0, [4]), ((2, 3), 1, [-1]), ((2, 3), 0, [0, 2]),
         ((2, 3), 1, [3, 0]), ((2, 3), -1, [3]), ((0, 3), 1, [5]), ((2, 0), 1, [1]), ((2, 3, 0), 1, [7]),
         ((2, 3, 0), 0, [7]), ((0, 3), 0, [1]), ((2, 3, 4), 1, [1, -5]), ((2, 3, 4), 2, [9]), ((0, 3), 1, [])]
for shape, dim, idx in cases:
    for dt in (torch.long, torch.int32):
        try:
            print(torch.zeros(shape).index_select(dim, torch.tensor(idx, dtype=dt)).shape)
        except Exception as e:
            print(type(e).__name__, e)
h = torch.zeros(1, 2, 4)
perm = torch.tensor([2, 0, 1])
try:
    h.index_select(1, perm)
except Exception as e:
    print(type(e).__name__, e)
x = torch.arange(6.).view(2, 3).requires_grad_()
y = x.index_select(1, torch.tensor([2, 0]))
y.sum().backward()
print(y, x.grad)
''',
'rnn_precision': r'''
import torch
import torch.nn as nn
torch.manual_seed(30)
x1, x2 = 0.8216181397438049, 0.3455841839313507
rnn = nn.RNN(1, 1)
gz = nn.GRU(1, 1)
gn = nn.GRU(1, 1)
with torch.no_grad():
    for m in (rnn, gz, gn):
        for p in m.parameters():
            p.zero_()
    rnn.weight_ih_l0.fill_(1.0)
    gz.weight_ih_l0[1, 0] = 1.0
    gn.weight_ih_l0[2, 0] = 1.0
print(rnn(torch.tensor([[[x1]]]))[0].item())
print(gz(torch.tensor([[[x2]]]), torch.ones(1, 1, 1))[0].item())
print(gn(torch.tensor([[[x1]]]))[0].item())
xs = torch.randn(40, 1, 1)
o, _ = nn.RNN(1, 1, bias=False).requires_grad_(False)(xs)
print(o.flatten()[:6].tolist())
g = nn.GRU(4, 8)
y, h = g(torch.randn(1, 16, 4))
print([round(v, 8) for v in y.flatten()[:8].tolist()])
print(h.shape)
xg = torch.tensor([[[2.040919065475464]]], requires_grad=True)
out, _ = rnn.requires_grad_(True)(xg)
out.sum().backward()
print(out.item(), xg.grad.item(), rnn.weight_ih_l0.grad.item(), rnn.bias_hh_l0.grad.item())
''',
'lengths_types': r'''
import numpy as np
import torch
from torch.nn.utils.rnn import pack_padded_sequence, pad_sequence
torch.manual_seed(31)
x = torch.randn(3, 4, 2)
for lengths in [[4, 3, 2.0], [4.5, 3, 2], np.array([4, 3, 2]), (4, 3, 2), torch.tensor([4, 3, 2], dtype=torch.int16),
                torch.tensor([4, 3, 2], dtype=torch.uint8), torch.tensor([True, True, False]), torch.tensor(4),
                [torch.tensor(4), torch.tensor(3), torch.tensor(2)]]:
    try:
        p = pack_padded_sequence(x, lengths, batch_first=True)
        print(p.batch_sizes, p.data.shape)
    except Exception as e:
        print(type(e).__name__, e)
try:
    pack_padded_sequence(x, torch.tensor([4, 3, 2]).cuda(), batch_first=True)
except Exception as e:
    print(type(e).__name__, e)
try:
    print(pad_sequence([torch.zeros(2), torch.zeros(3, dtype=torch.float64)]).dtype)
except Exception as e:
    print(type(e).__name__, e)
print(pad_sequence([torch.zeros(2, dtype=torch.int32), torch.ones(3, dtype=torch.int32)]).dtype)
try:
    pad_sequence([torch.zeros(2), torch.zeros(3)], batch_first=True, padding_value='a')
except Exception as e:
    print(type(e).__name__, e)
''',
'packed_outputs_repr': r'''
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_sequence, pad_packed_sequence
torch.manual_seed(32)
seqs = [torch.randn(3, 2), torch.randn(2, 2)]
for m in [nn.LSTM(2, 2), nn.GRU(2, 2), nn.RNN(2, 2), nn.LSTM(2, 2, bidirectional=True), nn.GRU(2, 2, num_layers=2)]:
    out, h = m(pack_sequence(seqs))
    print(out)
    hh = h[0] if isinstance(h, tuple) else h
    print(hh.grad_fn.name(), out.data.grad_fn.name())
    padded, lens = pad_packed_sequence(out)
    print(padded.grad_fn.name(), lens)
    with torch.no_grad():
        o2, _ = m(pack_sequence(seqs))
    print(o2.data.requires_grad)
''',
'half_and_weightdrop': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(33)
lstm = nn.LSTM(3, 4).half()
x = torch.randn(5, 2, 3).half()
out, (h, c) = lstm(x)
print(out.dtype, out.grad_fn.name(), h.dtype)
print(out[-1])
g = nn.GRU(3, 4).double()
print(g(torch.randn(2, 1, 3, dtype=torch.float64))[1])
# weight drop (AWD-LSTM style)
rnn = nn.LSTM(3, 4)
raw = rnn.weight_hh_l0
del rnn._parameters['weight_hh_l0']
rnn.register_parameter('weight_hh_raw', nn.Parameter(raw.data))
print([n for n, _ in rnn.named_parameters()])
torch.manual_seed(3)
w = F.dropout(rnn.weight_hh_raw, p=0.5, training=True)
setattr(rnn, 'weight_hh_l0', w)
try:
    o, _ = rnn(torch.randn(5, 2, 3))
    print(o.shape, o.grad_fn.name())
    o.sum().backward()
    print(rnn.weight_hh_raw.grad.abs().sum() > 0)
except Exception as e:
    print(type(e).__name__, e)
print(rnn._flat_weights_names)
''',
'copy_and_device': r'''
import copy
import io
import torch
import torch.nn as nn
torch.manual_seed(34)
lstm = nn.LSTM(3, 4, num_layers=2)
c = copy.deepcopy(lstm)
x = torch.randn(2, 1, 3)
print(torch.equal(lstm(x)[0], c(x)[0]))
print(c._flat_weights_names == lstm._flat_weights_names, c._flat_weights[0] is c.weight_ih_l0)
buf = io.BytesIO()
torch.save(lstm.state_dict(), buf)
buf.seek(0)
sd = torch.load(buf)
m2 = nn.LSTM(3, 4, num_layers=2)
print(m2.load_state_dict(sd))
print(torch.equal(m2(x)[0], lstm(x)[0]))
try:
    lstm.cuda()
except Exception as e:
    print(type(e).__name__, e)
try:
    lstm(x.to('cuda'))
except Exception as e:
    print(type(e).__name__, e)
print(next(lstm.parameters()).device, lstm.weight_ih_l0.is_leaf)
lstm.flatten_parameters()
print(lstm.to(torch.float64).weight_hh_l1.dtype, lstm._flat_weights[5].dtype)
gru = nn.GRU(3, 4)
gru.weight_hh_l0.data.fill_(0.01)
print(gru._flat_weights[1][0, :2])
gru.requires_grad_(False)
o, h = gru(x)
print(o.requires_grad, h.grad_fn)
''',
}


ember_outputs, torch_outputs, test_program_matches_pytorch = program_tests(PROGRAMS)


# ------------------------------------------------------------------ index_select range errors
def test_index_select_dim1_fast_path_names_the_bad_index():
    raises_exactly(lambda: ember.zeros(1, 2, 3).index_select(1, ember.tensor([1, 0, 2])), RuntimeError,
                   "INDICES element is out of DATA bounds, id=2 axis_dim=2")
    raises_exactly(lambda: ember.zeros(2, 3).index_select(-1, ember.tensor([-1], dtype=ember.int32)), RuntimeError,
                   "INDICES element is out of DATA bounds, id=-1 axis_dim=3")


def test_index_select_empty_self_checks_the_range():
    raises_exactly(lambda: ember.zeros(2, 3, 0).index_select(0, ember.tensor([7])), RuntimeError,
                   "INDICES element is out of DATA bounds, id=7 axis_dim=2")
    raises_exactly(lambda: ember.zeros(2, 0).index_select(1, ember.tensor([1])), RuntimeError,
                   "index_select(): self indexing axis dim should be positive")


def test_index_select_other_paths_keep_index_error():
    raises_exactly(lambda: ember.zeros(2, 3).index_select(0, ember.tensor([2])), IndexError,
                   "index out of range in self")
    raises_exactly(lambda: ember.zeros(2, 3, 4).index_select(2, ember.tensor([9])), IndexError,
                   "index out of range in self")
    raises_exactly(lambda: ember.zeros(4).index_select(0, ember.tensor([4])), IndexError,
                   "index out of range in self")
    assert ember.zeros(0, 3).index_select(1, ember.tensor([], dtype=ember.int64)).shape == (0, 0)


# ------------------------------------------------------------------ packed LSTM with hx
def _packed():
    ember.manual_seed(0)
    return pack_padded_sequence(ember.randn(3, 4, 2), [4, 3, 2], batch_first=True)


def _states(h_shape, c_shape):
    return ember.zeros(*h_shape), ember.zeros(*c_shape)


def test_packed_lstm_hx_batch_errors_come_from_the_cell():
    lstm = nn.LSTM(2, 3)
    raises_exactly(lambda: lstm(_packed(), _states((1, 2, 3), (1, 3, 3))), RuntimeError,
                   "The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0")
    raises_exactly(lambda: lstm(_packed(), _states((1, 3, 3), (1, 2, 3))), RuntimeError,
                   "The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 0")
    raises_exactly(lambda: lstm(_packed(), _states((1, 1, 3), (1, 3, 3))), RuntimeError,
                   "output with shape [1, 12] doesn't match the broadcast shape [3, 12]")
    out, (h, c) = lstm(_packed(), _states((1, 3, 3), (1, 1, 3)))   # a batch-1 cell state broadcasts
    assert out.data.shape == (9, 3) and h.shape == (1, 3, 3) and c.shape == (1, 3, 3)


def test_packed_lstm_hx_kernel_checks():
    lstm = nn.LSTM(2, 3)
    raises_exactly(lambda: lstm(_packed(), (ember.zeros(1, 3, 3),)), RuntimeError, "lstm expects two hidden states")
    raises_exactly(lambda: lstm(_packed(), _states((1, 3, 4), (1, 3, 3))), RuntimeError,
                   "got an incorrect number of RNN parameters")
    raises_exactly(lambda: lstm(_packed(), _states((1, 3, 4), (1, 3, 4))), RuntimeError,
                   "mat1 and mat2 shapes cannot be multiplied (3x4 and 3x12)")
    raises_exactly(lambda: lstm(_packed(), _states((2, 3, 3), (2, 3, 3))), RuntimeError,
                   "Expected more hidden states in stacked_rnn")
    raises_exactly(lambda: nn.LSTM(2, 3, bidirectional=True)(_packed(), _states((3, 3, 3), (3, 3, 3))),
                   RuntimeError, "Odd number of params or hiddens given to a bidirectional RNN")
    raises_exactly(lambda: nn.LSTM(2, 3, proj_size=2)(_packed(), _states((1, 3, 3), (1, 3, 3))), RuntimeError,
                   "got an incorrect number of RNN parameters")


def test_packed_gru_hx_still_checks_forward_args():
    raises_exactly(lambda: nn.GRU(2, 3)(_packed(), ember.zeros(1, 2, 3)), RuntimeError,
                   "Expected hidden size (1, 3, 3), got [1, 2, 3]")


# ------------------------------------------------------------------ GRU / RNN activations
def _f32(v: float) -> np.float32:
    return np.float32(v)


def _zeroed(module):
    with ember.no_grad():
        for p in module.parameters():
            p.zero_()
    return module


def test_rnn_tanh_is_correctly_rounded():
    x = 0.8216181397438049
    rnn = _zeroed(nn.RNN(1, 1))
    with ember.no_grad():
        rnn.weight_ih_l0.fill_(1.0)
    out = rnn(ember.tensor([[[x]]]))[0].item()
    assert out == float(_f32(math.tanh(float(_f32(x)))))
    assert out == 0.6759496331214905


def test_gru_sigmoid_and_tanh_are_rounded_from_float64():
    x = 0.3455841839313507
    gz = _zeroed(nn.GRU(1, 1))
    with ember.no_grad():
        gz.weight_ih_l0[1, 0] = 1.0            # z = sigmoid(x); n = 0; h' = (1 - 0) * z + 0
    out = gz(ember.tensor([[[x]]]), ember.ones(1, 1, 1))[0].item()
    e = _f32(math.exp(-float(_f32(x))))
    assert out == float(_f32(1) / (_f32(1) + e)) == 0.5855463147163391
    gn = _zeroed(nn.GRU(1, 1))
    with ember.no_grad():
        gn.weight_ih_l0[2, 0] = 1.0            # n = tanh(x); z = 0.5; h' = (0 - n) * 0.5 + n
    out = gn(ember.tensor([[[0.8216181397438049]]]))[0].item()
    assert out == 0.6759496331214905 / 2


def test_fused_tanh_matches_float64_rounding_on_large_arrays():
    from ember.nn._functional.rnn import _tanh_
    rng = np.random.default_rng(0)
    a = np.concatenate([rng.standard_normal(6000), rng.standard_normal(2000) * 1e-6, [0.0, -0.0, 30.0, -30.0],
                        [np.inf, -np.inf]]).astype(np.float32)
    expected = np.tanh(a.astype(np.float64)).astype(np.float32)
    got = a.copy()
    _tanh_(got)
    assert np.array_equal(got, expected)
    assert np.signbit(got[8001]) and not np.signbit(got[8000])


def test_rnn_tanh_backward_rounds_the_slope_once():
    x = ember.tensor([[[2.040919065475464]]], requires_grad=True)
    rnn = _zeroed(nn.RNN(1, 1))
    with ember.no_grad():
        rnn.weight_ih_l0.fill_(1.0)
    out, _ = rnn(x)
    out.sum().backward()
    y = out.item()
    assert y == float(_f32(math.tanh(float(_f32(2.040919065475464)))))
    slope = float(_f32(1.0 - y * y))             # y*y is exact in float64: one rounding, as the FMA
    assert x.grad.item() == slope == 0.06528351455926895
    assert rnn.bias_hh_l0.grad.item() == slope
