"""Sequence models (program probe 7b), run under ``python -m ember run`` and under PyTorch 2.13; stdout must
match exactly.

Small programs in the style of sequence-model tutorials: ``nn.RNN`` / ``nn.LSTM`` / ``nn.GRU`` shapes, reprs,
parameter names, hidden-state errors, unbatched inputs, ``proj_size`` and dropout between layers; cell loops and
a char-level training loop; ``nn.Embedding`` options and ``EmbeddingBag`` text classification; ``pad_sequence``
/ ``pack_padded_sequence`` / ``PackedSequence``; ``MultiheadAttention`` masks, ``scaled_dot_product_attention``,
transformer encoder / decoder layers, positional encodings, a tiny GPT and rotary embeddings; sequence utilities
(flip, roll, topk, one_hot, cross entropy over ``(N, C, T)``), gradient clipping, teacher forcing, beam search.
Printed digits are chosen so that BLAS summation order cannot show.
"""
from __future__ import annotations

import pytest
from program_runner import program_tests, raises_exactly

import ember


PROGRAMS = {
    'rnn_shapes_reprs': r'''
import torch
import torch.nn as nn
torch.manual_seed(0)
for cls in (nn.RNN, nn.LSTM, nn.GRU):
    for bf in (False, True):
        for bi in (False, True):
            m = cls(4, 3, num_layers=2, batch_first=bf, bidirectional=bi)
            x = torch.randn(2, 5, 4)
            out, h = m(x)
            if isinstance(h, tuple):
                print(cls.__name__, bf, bi, tuple(out.shape), [tuple(t.shape) for t in h])
            else:
                print(cls.__name__, bf, bi, tuple(out.shape), tuple(h.shape))
print(nn.RNN(4, 3, nonlinearity="relu", bias=False))
print(nn.LSTM(4, 3, 2, batch_first=True, dropout=0.1, bidirectional=True))
print(nn.GRU(4, 3, num_layers=3))
print(nn.LSTM(4, 6, proj_size=2))
print(nn.RNNCell(4, 3), nn.LSTMCell(4, 3, bias=False), nn.GRUCell(4, 3))
''',
    'rnn_named_parameters': r'''
import torch
import torch.nn as nn
torch.manual_seed(0)
m = nn.LSTM(3, 4, num_layers=2, bidirectional=True, proj_size=2)
for n, p in m.named_parameters():
    print(n, tuple(p.shape), p.requires_grad)
print(m._flat_weights_names)
print(len(m.all_weights), [len(w) for w in m.all_weights])
g = nn.GRU(3, 2, bias=False)
print([n for n, _ in g.named_parameters()])
print(g.weight_ih_l0.shape, g.weight_hh_l0)
print(nn.RNN(2, 2).state_dict().keys())
print(sum(p.numel() for p in nn.LSTM(10, 20, 2).parameters()))
''',
    'lstm_proj_hidden': r'''
import torch
import torch.nn as nn
torch.manual_seed(2)
lstm = nn.LSTM(5, 8, num_layers=2, proj_size=3, batch_first=True)
x = torch.randn(2, 4, 5)
h0 = torch.zeros(2, 2, 3)
c0 = torch.zeros(2, 2, 8)
out, (h, c) = lstm(x, (h0, c0))
print(out.shape, h.shape, c.shape)
print(out[0, -1].detach().round(decimals=4))
try:
    lstm(x, (torch.zeros(2, 2, 8), c0))
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    lstm(x, (h0, torch.zeros(2, 2, 3)))
except RuntimeError as e:
    print("RuntimeError:", e)
''',
    'rnn_bad_hidden': r'''
import torch
import torch.nn as nn
torch.manual_seed(0)
rnn = nn.GRU(4, 3, num_layers=2)
x = torch.randn(5, 2, 4)
for shape in [(1, 2, 3), (2, 3, 3), (2, 2, 4)]:
    try:
        rnn(x, torch.zeros(*shape))
    except RuntimeError as e:
        print("RuntimeError:", e)
try:
    rnn(torch.randn(5, 2, 6))
except RuntimeError as e:
    print("RuntimeError:", e)
lstm = nn.LSTM(4, 3)
try:
    lstm(x, torch.zeros(1, 2, 3))
except Exception as e:
    print(type(e).__name__, e)
try:
    lstm(torch.randn(2, 3, 4, 5))
except Exception as e:
    print(type(e).__name__, e)
''',
    'rnn_unbatched': r'''
import torch
import torch.nn as nn
torch.manual_seed(3)
for cls in (nn.RNN, nn.LSTM, nn.GRU):
    m = cls(3, 2, num_layers=2, bidirectional=True)
    x = torch.randn(6, 3)
    out, h = m(x)
    hs = [tuple(t.shape) for t in h] if isinstance(h, tuple) else tuple(h.shape)
    print(cls.__name__, tuple(out.shape), hs)
m = nn.GRU(3, 2)
out, h = m(torch.randn(4, 3), torch.zeros(1, 2))
print(out.shape, h.shape, h.detach().round(decimals=4))
try:
    m(torch.randn(4, 3), torch.zeros(1, 1, 2))
except RuntimeError as e:
    print("RuntimeError:", e)
c = nn.LSTMCell(3, 2)
h, cc = c(torch.randn(3))
print(h.shape, cc.shape)
''',
    'rnn_dropout_eval': r'''
import torch
import torch.nn as nn
torch.manual_seed(4)
m = nn.LSTM(3, 4, num_layers=2, dropout=0.5)
m.eval()
x = torch.randn(3, 2, 3)
a, _ = m(x)
b, _ = m(x)
print(torch.equal(a, b), m.training, m.dropout)
print(a[-1].detach().round(decimals=4))
import warnings
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter("always")
    nn.GRU(3, 4, num_layers=1, dropout=0.3)
    print(len(w), str(w[0].message) if w else None)
try:
    nn.RNN(3, 4, dropout=1.5)
except ValueError as e:
    print("ValueError:", e)
try:
    nn.RNN(3, 4, nonlinearity="sigmoid")
except ValueError as e:
    print("ValueError:", e)
''',
    'cell_loops': r'''
import torch
import torch.nn as nn
torch.manual_seed(5)
T, B = 4, 2
x = torch.randn(T, B, 3)
rc, lc, gc = nn.RNNCell(3, 2), nn.LSTMCell(3, 2), nn.GRUCell(3, 2)
h = torch.zeros(B, 2)
hl, cl = torch.zeros(B, 2), torch.zeros(B, 2)
hg = torch.zeros(B, 2)
outs = []
for t in range(T):
    h = rc(x[t], h)
    hl, cl = lc(x[t], (hl, cl))
    hg = gc(x[t], hg)
    outs.append(hg)
print(h.round(decimals=4))
print(hl.round(decimals=4), cl.round(decimals=4))
print(torch.stack(outs).shape, hg.grad_fn.name())
print(h.grad_fn.name(), hl.grad_fn.name(), cl.grad_fn.name())
loss = torch.stack(outs).pow(2).mean()
loss.backward()
print(gc.weight_hh.grad.shape, f"{gc.bias_ih.grad.abs().sum().item():.4f}")
try:
    rc(torch.randn(2, 5))
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    gc(x[0], torch.zeros(3, 2))
except RuntimeError as e:
    print("RuntimeError:", e)
''',
    'char_rnn_train': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(6)
text = "hello world hello ember "
chars = sorted(set(text))
stoi = {c: i for i, c in enumerate(chars)}
data = torch.tensor([stoi[c] for c in text])
class CharRNN(nn.Module):
    def __init__(self, V, E, H):
        super().__init__()
        self.emb = nn.Embedding(V, E)
        self.rnn = nn.GRU(E, H, batch_first=True)
        self.out = nn.Linear(H, V)
    def forward(self, x, h=None):
        o, h = self.rnn(self.emb(x), h)
        return self.out(o), h
model = CharRNN(len(chars), 8, 16)
opt = torch.optim.Adam(model.parameters(), lr=0.01)
x = data[:-1].unsqueeze(0)
y = data[1:].unsqueeze(0)
for step in range(30):
    logits, _ = model(x)
    loss = F.cross_entropy(logits.view(-1, len(chars)), y.view(-1))
    opt.zero_grad()
    loss.backward()
    norm = nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    opt.step()
    if step % 10 == 0:
        print(f"step {step} loss {loss.item():.4f} norm {norm.item():.4f}")
print(type(norm).__name__, norm.dtype)
with torch.no_grad():
    idx = torch.tensor([[stoi["h"]]])
    h = None
    s = "h"
    for _ in range(10):
        logits, h = model(idx, h)
        idx = logits[:, -1].argmax(-1, keepdim=True)
        s += chars[idx.item()]
print(repr(s))
''',
    'embedding_options': r'''
import torch
import torch.nn as nn
torch.manual_seed(7)
e = nn.Embedding(6, 3, padding_idx=0)
print(e)
print(e.weight[0])
x = torch.tensor([[0, 2, 0, 5]])
out = e(x)
out.sum().backward()
print(e.weight.grad[0], e.weight.grad[2])
e2 = nn.Embedding(5, 4, max_norm=1.0)
w_before = e2.weight.detach().norm(dim=1).round(decimals=4)
y = e2(torch.tensor([1, 3, 1]))
print(w_before)
print(e2.weight.detach().norm(dim=1).round(decimals=4))
print(y.norm(dim=1).round(decimals=4))
print(nn.Embedding(4, 2, max_norm=2.0, norm_type=1.0, scale_grad_by_freq=True, sparse=True))
pre = torch.tensor([[1., 2.], [3., 4.], [5., 6.]])
f = nn.Embedding.from_pretrained(pre)
print(f, f.weight.requires_grad, f(torch.tensor([2, 0])))
g = nn.Embedding.from_pretrained(pre, freeze=False, padding_idx=1)
print(g, g.weight.requires_grad)
try:
    e(torch.tensor([6]))
except IndexError as err:
    print("IndexError:", err)
try:
    e(torch.tensor([1.0]))
except RuntimeError as err:
    print("RuntimeError:", err)
try:
    nn.Embedding(3, 2, padding_idx=3)
except AssertionError as err:
    print("AssertionError:", err)
print(nn.Embedding(4, 2, padding_idx=-1).padding_idx)
''',
    'pad_pack_basics': r'''
import torch
from torch.nn.utils.rnn import pad_sequence, pack_padded_sequence, pad_packed_sequence, pack_sequence
seqs = [torch.tensor([1, 2, 3]), torch.tensor([4, 5]), torch.tensor([6])]
print(pad_sequence(seqs))
print(pad_sequence(seqs, batch_first=True, padding_value=-1))
print(pad_sequence(seqs, batch_first=True, padding_side="left"))
padded = pad_sequence(seqs, batch_first=True).float()
lengths = torch.tensor([3, 2, 1])
packed = pack_padded_sequence(padded, lengths, batch_first=True)
print(packed)
print(packed.data, packed.batch_sizes, packed.sorted_indices, packed.unsorted_indices)
unpacked, lens = pad_packed_sequence(packed, batch_first=True)
print(unpacked, lens)
u2, l2 = pad_packed_sequence(packed, padding_value=9.0, total_length=5)
print(u2.shape, u2[:, 2], l2)
ps = pack_sequence([torch.tensor([1., 2.]), torch.tensor([3., 4., 5.])], enforce_sorted=False)
print(ps)
print(type(ps).__name__, ps._fields if hasattr(ps, "_fields") else None)
''',
    'pack_unsorted': r'''
import torch
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence
x = torch.arange(12.).view(3, 4)
lengths = [2, 4, 3]
try:
    pack_padded_sequence(x, lengths, batch_first=True)
except RuntimeError as e:
    print("RuntimeError:", e)
p = pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
print(p.data)
print(p.batch_sizes, p.sorted_indices, p.unsorted_indices)
out, lens = pad_packed_sequence(p, batch_first=True)
print(out, lens)
try:
    pack_padded_sequence(x, [2, 0, 1], batch_first=True, enforce_sorted=False)
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    pad_packed_sequence(p, total_length=2)
except ValueError as e:
    print("ValueError:", e)
p2 = p.to(torch.float64)
print(p2.data.dtype, p2.is_cuda, p.is_pinned())
''',
    'lstm_packed_batch': r'''
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pad_sequence, pack_padded_sequence, pad_packed_sequence
torch.manual_seed(8)
emb = nn.Embedding(10, 4, padding_idx=0)
lstm = nn.LSTM(4, 3, batch_first=True, bidirectional=True)
seqs = [torch.tensor([3, 4, 5, 6]), torch.tensor([7, 8]), torch.tensor([1, 2, 9])]
lengths = torch.tensor([len(s) for s in seqs])
padded = pad_sequence(seqs, batch_first=True)
packed = pack_padded_sequence(emb(padded), lengths, batch_first=True, enforce_sorted=False)
out, (h, c) = lstm(packed)
print(type(out).__name__, out.data.shape, out.batch_sizes)
o, l = pad_packed_sequence(out, batch_first=True)
print(o.shape, l)
print(o[1].detach().round(decimals=4))
print(h.shape, h[0].detach().round(decimals=4))
full, _ = lstm(emb(padded[2:3, :3]))
print(torch.allclose(full[0], o[2, :3], atol=1e-6))
o.sum().backward()
print(emb.weight.grad[0])
''',
    'mha_basic': r'''
import torch
import torch.nn as nn
torch.manual_seed(10)
mha = nn.MultiheadAttention(8, 2)
print(mha)
for n, p in mha.named_parameters():
    print(n, tuple(p.shape))
q = torch.randn(3, 2, 8)
out, w = mha(q, q, q)
print(out.shape, w.shape)
print(w[0].detach().round(decimals=4))
out, w = mha(q, q, q, average_attn_weights=False)
print(w.shape)
out, w = mha(q, q, q, need_weights=False)
print(out.shape, w)
print(out.grad_fn.name())
''',
    'mha_masks': r'''
import torch
import torch.nn as nn
torch.manual_seed(11)
mha = nn.MultiheadAttention(4, 1, batch_first=True)
x = torch.randn(2, 3, 4)
kpm = torch.tensor([[False, False, True], [False, True, True]])
out, w = mha(x, x, x, key_padding_mask=kpm)
print(w.detach().round(decimals=4))
mask = nn.Transformer.generate_square_subsequent_mask(3)
print(mask)
out, w = mha(x, x, x, attn_mask=mask)
print(w.detach().round(decimals=4))
bool_mask = torch.triu(torch.ones(3, 3, dtype=torch.bool), diagonal=1)
out2, w2 = mha(x, x, x, attn_mask=bool_mask)
print(torch.allclose(w, w2))
try:
    mha(x, x, x, attn_mask=torch.zeros(2, 2))
except RuntimeError as e:
    print("RuntimeError:", e)
kv = torch.randn(2, 5, 4)
out, w = mha(x, kv, kv)
print(out.shape, w.shape)
m2 = nn.MultiheadAttention(4, 2, kdim=3, vdim=5, bias=False, add_bias_kv=True)
print([n for n, _ in m2.named_parameters()])
try:
    nn.MultiheadAttention(5, 2)
except AssertionError as e:
    print("AssertionError:", e)
''',
    'sdpa_causal': r'''
import torch
import torch.nn.functional as F
torch.manual_seed(12)
q = torch.randn(1, 2, 4, 3)
k = torch.randn(1, 2, 4, 3)
v = torch.randn(1, 2, 4, 3)
o1 = F.scaled_dot_product_attention(q, k, v, is_causal=True)
mask = torch.tril(torch.ones(4, 4, dtype=torch.bool))
o2 = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
print(torch.allclose(o1, o2, atol=1e-6))
scores = q @ k.transpose(-2, -1) / 3 ** 0.5
scores = scores.masked_fill(~mask, float("-inf"))
o3 = scores.softmax(-1) @ v
print(torch.allclose(o1, o3, atol=1e-6))
print(o1[0, 0].round(decimals=4))
o4 = F.scaled_dot_product_attention(q, k, v, scale=0.5)
print(o4[0, 1, 0].round(decimals=4))
try:
    F.scaled_dot_product_attention(q, k, v, attn_mask=mask, is_causal=True)
except RuntimeError as e:
    print("RuntimeError:", e)
print(F.scaled_dot_product_attention(q[0], k[0], v[0]).shape)
''',
    'transformer_encoder_eval': r'''
import torch
import torch.nn as nn
torch.manual_seed(13)
layer = nn.TransformerEncoderLayer(d_model=8, nhead=2, dim_feedforward=16, dropout=0.1, batch_first=True)
enc = nn.TransformerEncoder(layer, num_layers=2, enable_nested_tensor=False)
enc.eval()
print(layer)
x = torch.randn(2, 5, 8)
mask = nn.Transformer.generate_square_subsequent_mask(5)
kpm = torch.tensor([[False] * 5, [False, False, False, True, True]])
with torch.no_grad():
    y = enc(x, mask=mask, src_key_padding_mask=kpm)
print(y.shape)
print(y[1, 0].round(decimals=3))
print(len(enc.layers), sum(p.numel() for p in enc.parameters()))
print([n for n, _ in layer.named_parameters()][:6])
l2 = nn.TransformerEncoderLayer(8, 2, 16, 0.0, activation="gelu", norm_first=True)
l2.eval()
print(l2(torch.randn(5, 2, 8)).shape)
''',
    'transformer_decoder_eval': r'''
import torch
import torch.nn as nn
torch.manual_seed(14)
dl = nn.TransformerDecoderLayer(d_model=6, nhead=3, dim_feedforward=12, dropout=0.0)
dec = nn.TransformerDecoder(dl, num_layers=2, norm=nn.LayerNorm(6))
dec.eval()
tgt = torch.randn(4, 2, 6)
mem = torch.randn(5, 2, 6)
tmask = nn.Transformer.generate_square_subsequent_mask(4)
out = dec(tgt, mem, tgt_mask=tmask, tgt_is_causal=True)
print(out.shape, out.grad_fn.name())
print(out[0, 0].detach().round(decimals=3))
print(dl)
print(nn.Transformer.generate_square_subsequent_mask(3, dtype=torch.float64))
''',
    'positional_encoding': r'''
import math
import torch
import torch.nn as nn
class PositionalEncoding(nn.Module):
    def __init__(self, d_model, max_len=50, dropout=0.1):
        super().__init__()
        self.dropout = nn.Dropout(p=dropout)
        position = torch.arange(max_len).unsqueeze(1)
        div_term = torch.exp(torch.arange(0, d_model, 2) * (-math.log(10000.0) / d_model))
        pe = torch.zeros(max_len, 1, d_model)
        pe[:, 0, 0::2] = torch.sin(position * div_term)
        pe[:, 0, 1::2] = torch.cos(position * div_term)
        self.register_buffer("pe", pe)
    def forward(self, x):
        x = x + self.pe[: x.size(0)]
        return self.dropout(x)
pe = PositionalEncoding(6)
print(pe)
print(pe.pe[:3, 0])
print(pe.pe.dtype, [n for n, _ in pe.named_buffers()], list(pe.state_dict().keys()))
pe.eval()
print(pe(torch.zeros(4, 2, 6))[3, 1])
div = torch.exp(torch.arange(0, 6, 2).float() * (-math.log(10000.0) / 6))
print(div)
print(torch.arange(5).unsqueeze(1).dtype, (torch.arange(5).unsqueeze(1) * div).dtype)
''',
    'seq_utils': r'''
import torch
import torch.nn.functional as F
torch.manual_seed(15)
x = torch.arange(10).view(2, 5)
print(torch.flip(x, [1]), x.flip(0, 1))
print(torch.roll(x, 2, 1), torch.roll(x, -1), torch.roll(x, (1, 1), (0, 1)))
print(x.cumsum(1), torch.cumsum(x.float(), 0).dtype, x.cumsum(1).dtype)
logits = torch.randn(2, 3, 7)
print(logits.argmax(-1))
v, i = logits.topk(3, dim=-1)
print(v.round(decimals=4), i)
print(torch.topk(logits[0, 0], 2, largest=False))
print(F.one_hot(torch.tensor([0, 2, 1]), num_classes=4))
print(F.one_hot(torch.tensor([[1, 3]])).shape, F.one_hot(torch.tensor([1])).dtype)
try:
    F.one_hot(torch.tensor([5]), 3)
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    F.one_hot(torch.tensor([1.0]))
except RuntimeError as e:
    print("RuntimeError:", e)
print(torch.cumprod(torch.tensor([1., 2., 3.]), 0), torch.cummax(torch.tensor([1, 3, 2]), 0))
''',
    'cross_entropy_nct': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(16)
logits = torch.randn(2, 5, 4, requires_grad=True)
target = torch.tensor([[1, 0, 4, -100], [2, 3, -100, -100]])
loss = F.cross_entropy(logits, target)
print(f"{loss.item():.4f}", loss.grad_fn.name())
print(F.cross_entropy(logits, target, reduction="none").detach().round(decimals=4))
print(f"{F.cross_entropy(logits, target.clamp(min=0), ignore_index=0).item():.4f}")
print(f"{F.cross_entropy(logits, target, label_smoothing=0.1).item():.4f}")
loss.backward()
print(logits.grad[1, :, 2])
crit = nn.CrossEntropyLoss(ignore_index=-1, reduction="sum")
print(crit)
t2 = torch.tensor([[1, -1, 0, 2]])
print(f"{crit(logits[:1].detach(), t2).item():.4f}")
try:
    F.cross_entropy(logits, torch.tensor([[1, 0, 5, 0], [0, 0, 0, 0]]))
except IndexError as e:
    print("IndexError:", e)
try:
    F.cross_entropy(logits, torch.zeros(2, 3, dtype=torch.long))
except RuntimeError as e:
    print("RuntimeError:", e)
for w in (torch.ones(4), torch.ones(5)):
    try:
        F.cross_entropy(logits, target, weight=w)
    except RuntimeError as e:
        print("RuntimeError:", e)
    try:
        F.cross_entropy(logits[:, :, 0], target[:, 0], weight=w)
    except RuntimeError as e:
        print("RuntimeError:", e)
all_ignored = F.cross_entropy(logits, torch.full((2, 4), -100))
print(all_ignored)
''',
    'seq2seq_teacher_forcing': r'''
import random
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(17)
random.seed(0)
V, E, H = 8, 5, 6
class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(V, E)
        self.rnn = nn.LSTM(E, H)
    def forward(self, src):
        _, (h, c) = self.rnn(self.emb(src))
        return h, c
class Decoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(V, E)
        self.rnn = nn.LSTM(E, H)
        self.fc = nn.Linear(H, V)
    def forward(self, tok, h, c):
        o, (h, c) = self.rnn(self.emb(tok.unsqueeze(0)), (h, c))
        return self.fc(o.squeeze(0)), h, c
enc, dec = Encoder(), Decoder()
params = list(enc.parameters()) + list(dec.parameters())
opt = torch.optim.SGD(params, lr=0.5)
src = torch.randint(1, V, (4, 3))
tgt = src.flip(0)
for epoch in range(6):
    h, c = enc(src)
    tok = torch.zeros(3, dtype=torch.long)
    loss = 0
    for t in range(tgt.size(0)):
        logits, h, c = dec(tok, h, c)
        loss = loss + F.cross_entropy(logits, tgt[t])
        tok = tgt[t] if random.random() < 0.5 else logits.argmax(1)
    opt.zero_grad()
    loss.backward()
    tn = nn.utils.clip_grad_norm_(params, max_norm=2.0)
    opt.step()
    if epoch % 2 == 0:
        print(epoch, f"{loss.item() / tgt.size(0):.4f}", f"{tn:.4f}")
with torch.no_grad():
    h, c = enc(src)
    tok = torch.zeros(3, dtype=torch.long)
    preds = []
    for t in range(4):
        logits, h, c = dec(tok, h, c)
        tok = logits.argmax(1)
        preds.append(tok)
print(torch.stack(preds).shape)
''',
    'beam_topk': r'''
import torch
import torch.nn.functional as F
torch.manual_seed(18)
V, beam = 6, 3
trans = torch.randn(V, V).log_softmax(-1)
beams = [(0.0, [0])]
for step in range(3):
    cand = []
    for score, seq in beams:
        lp = trans[seq[-1]]
        v, i = lp.topk(beam)
        for s, t in zip(v.tolist(), i.tolist()):
            cand.append((score + s, seq + [t]))
    cand.sort(key=lambda z: -z[0])
    beams = cand[:beam]
for s, seq in beams:
    print(f"{s:.4f}", seq)
scores = torch.randn(2, 4)
flat = scores.view(-1)
v, idx = flat.topk(3)
print(v.round(decimals=4), idx // 4, idx % 4, torch.div(idx, 4, rounding_mode="floor"))
probs = F.softmax(torch.tensor([2.0, 1.0, 0.1]) / 0.7, dim=-1)
print(probs.round(decimals=4), torch.multinomial(probs, 5, replacement=True))
print(torch.sort(torch.tensor([3, 1, 2]), descending=True))
''',
    'clip_grad_variants': r'''
import torch
import torch.nn as nn
torch.manual_seed(19)
m = nn.GRU(3, 4)
out, _ = m(torch.randn(5, 2, 3))
(out ** 2).sum().backward()
grads = [p.grad.clone() for p in m.parameters()]
tn = nn.utils.clip_grad_norm_(m.parameters(), 0.5)
print(f"{tn.item():.4f}", tn.shape, tn.dtype)
print(f"{torch.norm(torch.stack([p.grad.norm() for p in m.parameters()])).item():.4f}")
for p, g in zip(m.parameters(), grads):
    p.grad = g.clone()
tinf = nn.utils.clip_grad_norm_(m.parameters(), 0.5, norm_type="inf")
print(f"{tinf.item():.4f}")
for p, g in zip(m.parameters(), grads):
    p.grad = g.clone()
nn.utils.clip_grad_value_(m.parameters(), clip_value=0.1)
print(max(p.grad.abs().max().item() for p in m.parameters()))
print(nn.utils.clip_grad_norm_([], 1.0))
p = nn.Parameter(torch.ones(3))
p.grad = torch.tensor([3.0, 4.0, 0.0])
print(nn.utils.clip_grad_norm_(p, 1.0), p.grad)
print(nn.utils.get_total_norm([torch.tensor([3.0, 4.0])]))
''',
    'gru_step_manual': r'''
import torch
import torch.nn as nn
torch.manual_seed(38)
cell = nn.GRUCell(3, 2)
x = torch.randn(1, 3)
h = torch.randn(1, 2)
gi = x @ cell.weight_ih.t() + cell.bias_ih
gh = h @ cell.weight_hh.t() + cell.bias_hh
i_r, i_z, i_n = gi.chunk(3, 1)
h_r, h_z, h_n = gh.chunk(3, 1)
r = torch.sigmoid(i_r + h_r)
z = torch.sigmoid(i_z + h_z)
n = torch.tanh(i_n + r * h_n)
manual = (1 - z) * n + z * h
print(torch.allclose(manual, cell(x, h), atol=1e-6))
lc = nn.LSTMCell(3, 2)
hx, cx = torch.randn(1, 2), torch.randn(1, 2)
g = x @ lc.weight_ih.t() + lc.bias_ih + hx @ lc.weight_hh.t() + lc.bias_hh
i, f, gg, o = g.chunk(4, 1)
c2 = torch.sigmoid(f) * cx + torch.sigmoid(i) * torch.tanh(gg)
h2 = torch.sigmoid(o) * torch.tanh(c2)
hh, cc = lc(x, (hx, cx))
print(torch.allclose(h2, hh, atol=1e-6), torch.allclose(c2, cc, atol=1e-6))
print(hh.detach().round(decimals=4), cc.detach().round(decimals=4))
try:
    lc(x, hx)
except Exception as e:
    print(type(e).__name__, e)
''',
    'rnn_dtype_double': r'''
import torch
import torch.nn as nn
torch.manual_seed(31)
m = nn.LSTM(3, 2).double()
x = torch.randn(4, 1, 3, dtype=torch.float64)
out, (h, c) = m(x)
print(out.dtype, h.dtype, out[-1])
m2 = nn.GRU(3, 2)
try:
    m2(x)
except ValueError as e:
    print("ValueError:", e)
try:
    m2(torch.randn(4, 1, 3), torch.zeros(1, 1, 2, dtype=torch.float64))
except RuntimeError as e:
    print("RuntimeError:", e)
cell = nn.RNNCell(3, 2)
try:
    cell(torch.randn(2, 3, dtype=torch.float64))
except RuntimeError as e:
    print("RuntimeError:", e)
print(m2.half().weight_ih_l0.dtype)
''',
    'packed_more': r'''
import torch
from torch.nn.utils import rnn as rnn_utils
seqs = [torch.tensor([[1.], [2.], [3.]]), torch.tensor([[4.]]), torch.tensor([[5.], [6.]])]
p = rnn_utils.pack_sequence(seqs, enforce_sorted=False)
data, batch_sizes, sorted_idx, unsorted_idx = p
print(data.squeeze(1), batch_sizes, sorted_idx, unsorted_idx)
print(p.data.shape, len(p), p[1])
back = rnn_utils.unpack_sequence(p)
print([b.squeeze(1).tolist() for b in back])
padded = rnn_utils.pad_sequence(seqs, batch_first=True)
lens = torch.tensor([3, 1, 2])
print([u.squeeze(1).tolist() for u in rnn_utils.unpad_sequence(padded, lens, batch_first=True)])
print(rnn_utils.invert_permutation(torch.tensor([2, 0, 1])))
try:
    rnn_utils.pad_sequence([torch.zeros(2, 3), torch.zeros(1, 4)])
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    rnn_utils.pack_padded_sequence(padded, torch.tensor([3, 1, 2]).float(), batch_first=True, enforce_sorted=False)
except Exception as e:
    print(type(e).__name__, e)
p2 = rnn_utils.pack_padded_sequence(padded, [3, 2, 1], batch_first=True)
print(p2.batch_sizes.dtype, p2.data.squeeze(1))
x = torch.randn(3, 2, requires_grad=True)
pk = rnn_utils.pack_padded_sequence(x, [3, 1], enforce_sorted=True)
print(pk)
print(rnn_utils.pad_sequence([torch.tensor(1.), torch.tensor(2.)]) if False else "skip")
''',
    'mha_3d_mask_unbatched': r'''
import torch
import torch.nn as nn
torch.manual_seed(33)
mha = nn.MultiheadAttention(4, 2)
q = torch.randn(3, 4)
out, w = mha(q, q, q)
print(out.shape, w.shape)
out, w = mha(q, q, q, average_attn_weights=False)
print(w.shape)
x = torch.randn(3, 2, 4)
m3 = torch.zeros(4, 3, 3)
m3[:, 0, 1:] = float("-inf")
out, w = mha(x, x, x, attn_mask=m3)
print(w[:, 0].detach().round(decimals=4))
try:
    mha(x, x, x, attn_mask=torch.zeros(2, 3, 3))
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    mha(x, x, x, is_causal=True)
except RuntimeError as e:
    print("RuntimeError:", e)
mha.eval()
with torch.no_grad():
    o1, w1 = mha(x, x, x)
print(o1[0].round(decimals=4), w1.shape)
kpm = torch.tensor([[0., float("-inf"), 0.], [0., 0., 0.]])
o2, w2 = mha(x, x, x, key_padding_mask=kpm)
print(w2[0].detach().round(decimals=4))
''',
    'collate_pad_loader': r'''
import torch
from torch.utils.data import Dataset, DataLoader
from torch.nn.utils.rnn import pad_sequence, pack_padded_sequence
torch.manual_seed(51)
class Toy(Dataset):
    def __init__(self):
        self.data = [torch.arange(1, n + 1) for n in (3, 1, 4, 2, 5)]
    def __len__(self):
        return len(self.data)
    def __getitem__(self, i):
        return self.data[i], len(self.data[i])
def collate(batch):
    seqs, lens = zip(*batch)
    return pad_sequence(seqs, batch_first=True), torch.tensor(lens)
dl = DataLoader(Toy(), batch_size=2, collate_fn=collate)
for x, l in dl:
    print(x, l)
    p = pack_padded_sequence(x, l, batch_first=True, enforce_sorted=False)
    print(p.batch_sizes, p.sorted_indices)
dl2 = DataLoader(Toy(), batch_size=2, shuffle=True, collate_fn=collate)
print([l.tolist() for _, l in dl2])
try:
    pack_padded_sequence(torch.zeros(3, 4), torch.tensor([4, 2]), batch_first=True)
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    pack_padded_sequence(torch.zeros(3, 4), torch.tensor([5, 2, 1]), batch_first=True)
except RuntimeError as e:
    print("RuntimeError:", e)
''',
    'rnnbase_misc': r'''
import copy
import torch
import torch.nn as nn
torch.manual_seed(54)
m = nn.LSTM(3, 4, num_layers=2, bias=False, batch_first=True, proj_size=2, bidirectional=True)
print(m)
m.flatten_parameters()
m2 = copy.deepcopy(m)
print(torch.equal(m2.weight_hh_l1, m.weight_hh_l1), m2.weight_hh_l1 is m.weight_hh_l1)
out, (h, c) = m(torch.randn(2, 5, 3))
print(out.shape, h.shape, c.shape)
print(m.get_expected_hidden_size(torch.randn(2, 5, 3), None))
d = nn.GRU(2, 3, dtype=torch.float64)
print(d.weight_ih_l0.dtype, d(torch.randn(1, 2, dtype=torch.float64))[0].dtype)
print(nn.LSTM(2, 3).extra_repr(), "|", nn.RNNCell(2, 3, nonlinearity="relu").extra_repr())
try:
    nn.LSTM(3, 4, proj_size=4)
except ValueError as e:
    print("ValueError:", e)
try:
    nn.GRU(3, 4, proj_size=2)
except ValueError as e:
    print("ValueError:", e)
try:
    nn.LSTM(3, 0)
except ValueError as e:
    print("ValueError:", e)
try:
    nn.LSTM(3, 4, num_layers=0)
except ValueError as e:
    print("ValueError:", e)
''',
    'encoder_fastpath_padding': r'''
import torch
import torch.nn as nn
torch.manual_seed(60)
layer = nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0, batch_first=True)
enc = nn.TransformerEncoder(layer, 2)
enc.eval()
x = torch.randn(2, 4, 8)
kpm = torch.tensor([[False, False, True, True], [False, False, False, False]])
with torch.no_grad():
    y = enc(x, src_key_padding_mask=kpm)
print(y.shape, y[0, 2:].abs().sum().item() == 0)
print(y[0, 0].round(decimals=3))
print(y[1, 3].round(decimals=3))
y2 = enc(x, src_key_padding_mask=kpm)
print(y2[0, 2:].abs().sum().item() == 0, y2.requires_grad)
with torch.no_grad():
    y3 = layer(x, src_key_padding_mask=kpm)
print(y3[0, 3].round(decimals=3))
''',
    'embedding_bag_opts': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(61)
w = torch.arange(12.).view(4, 3)
inp = torch.tensor([0, 2, 1, 3, 3])
off = torch.tensor([0, 2])
print(F.embedding_bag(inp, w, off, mode="sum"))
print(F.embedding_bag(inp, w, off, mode="max"))
print(F.embedding_bag(inp, w, torch.tensor([0, 2, 5]), mode="mean", include_last_offset=True))
print(F.embedding_bag(inp, w, off, mode="sum", per_sample_weights=torch.tensor([1., 2., 0.5, 1., 1.])))
print(F.embedding_bag(torch.tensor([[0, 1], [3, 3]]), w))
print(F.embedding_bag(inp, w, off, mode="mean", padding_idx=3))
bag = nn.EmbeddingBag.from_pretrained(w, mode="sum")
print(bag, bag(torch.tensor([[1, 2]])))
try:
    F.embedding_bag(inp, w, off, mode="max", per_sample_weights=torch.ones(5))
except NotImplementedError as e:
    print("NotImplementedError:", e)
try:
    F.embedding_bag(torch.tensor([[0, 1]]), w, off)
except ValueError as e:
    print("ValueError:", e)
''',
    'weight_norm_rnn': r'''
import torch
import torch.nn as nn
from torch.nn.utils import parametrizations, parametrize
torch.manual_seed(71)
gru = nn.GRU(3, 2)
parametrizations.weight_norm(gru, "weight_hh_l0")
print([n for n, _ in gru.named_parameters()])
print(parametrize.is_parametrized(gru), parametrize.is_parametrized(gru, "weight_ih_l0"))
x = torch.randn(4, 1, 3)
out, h = gru(x)
print(out.shape, h.detach().round(decimals=4))
out.sum().backward()
print(gru.parametrizations.weight_hh_l0.original0.grad.shape)
l = nn.Linear(3, 2)
l = nn.utils.weight_norm(l)
print(l.weight_g.shape, l.weight_v.shape, sorted(n for n, _ in l.named_parameters()))
''',
    'packed_construct': r'''
import torch
from torch.nn.utils.rnn import PackedSequence, pad_packed_sequence, pack_padded_sequence
data = torch.tensor([1., 2., 3., 4., 5.])
bs = torch.tensor([2, 2, 1])
p = PackedSequence(data, bs)
print(p)
print(pad_packed_sequence(p))
p2 = PackedSequence(data, bs, torch.tensor([1, 0]))
print(p2.unsorted_indices)
print(pad_packed_sequence(p2, batch_first=True))
print(p.double().data.dtype, p.long().data, p.cpu() is p, p.to("cpu") is p)
print(p._replace(data=data * 2).data)
x = torch.zeros(2, 3)
try:
    PackedSequence(data)
except Exception as e:
    print(type(e).__name__, e)
pk = pack_padded_sequence(torch.arange(6.).view(3, 2), torch.tensor([3, 2], dtype=torch.int32))
print(pk.batch_sizes.dtype, pk)
print(p == p, p.is_pinned())
''',
    'beginner_mistakes': r'''
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pad_packed_sequence, pack_sequence
torch.manual_seed(80)
seq = nn.Sequential(nn.LSTM(3, 4), nn.Linear(4, 2))
try:
    seq(torch.randn(5, 2, 3))
except TypeError as e:
    print("TypeError:", e)
try:
    pad_packed_sequence(torch.randn(3, 2))
except Exception as e:
    print(type(e).__name__, e)
p = pack_sequence([torch.randn(2, 3), torch.randn(1, 3)])
try:
    nn.Linear(3, 2)(p)
except TypeError as e:
    print("TypeError:", e)
emb = nn.Embedding(5, 2)
try:
    emb(torch.tensor([[1, 2], [3, 5]]))
except IndexError as e:
    print("IndexError:", e)
try:
    nn.LSTM(3, 4)(torch.randn(5, 2, 3), torch.zeros(1, 2, 4))
except Exception as e:
    print(type(e).__name__, e)
try:
    nn.GRU(3, 4)(torch.randn(5, 2, 3), (torch.zeros(1, 2, 4),))
except Exception as e:
    print(type(e).__name__, e)
try:
    nn.RNN(3, 4)(torch.randint(0, 3, (5, 2, 3)))
except Exception as e:
    print(type(e).__name__, e)
''',
    'functional_call_rnn': r'''
import torch
import torch.nn as nn
from torch.func import functional_call
torch.manual_seed(81)
gru = nn.GRU(2, 3)
params = {k: torch.zeros_like(v) for k, v in gru.named_parameters()}
x = torch.randn(4, 1, 2)
out, h = functional_call(gru, params, (x,))
print(out.abs().sum(), h)
out2, _ = gru(x)
print(out2.abs().sum().item() > 0)
p2 = {k: v.detach().clone().requires_grad_() for k, v in gru.named_parameters()}
o3, _ = functional_call(gru, p2, x)
o3.sum().backward()
print(p2["bias_hh_l0"].grad.round(decimals=4), gru.bias_hh_l0.grad)
''',
    'nanogpt_tiny': r'''
import inspect
import math
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(90)
class CausalSelfAttention(nn.Module):
    def __init__(self, n_embd, n_head, block_size):
        super().__init__()
        self.c_attn = nn.Linear(n_embd, 3 * n_embd)
        self.c_proj = nn.Linear(n_embd, n_embd)
        self.n_head = n_head
        self.register_buffer("bias", torch.tril(torch.ones(block_size, block_size)).view(1, 1, block_size, block_size))
    def forward(self, x):
        B, T, C = x.size()
        q, k, v = self.c_attn(x).split(C, dim=2)
        k = k.view(B, T, self.n_head, C // self.n_head).transpose(1, 2)
        q = q.view(B, T, self.n_head, C // self.n_head).transpose(1, 2)
        v = v.view(B, T, self.n_head, C // self.n_head).transpose(1, 2)
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(k.size(-1)))
        att = att.masked_fill(self.bias[:, :, :T, :T] == 0, float("-inf"))
        att = F.softmax(att, dim=-1)
        y = (att @ v).transpose(1, 2).contiguous().view(B, T, C)
        return self.c_proj(y)
class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln_1 = nn.LayerNorm(8, bias=False)
        self.attn = CausalSelfAttention(8, 2, 6)
        self.ln_2 = nn.LayerNorm(8)
        self.mlp = nn.Sequential(nn.Linear(8, 32), nn.GELU(approximate="tanh"), nn.Linear(32, 8))
    def forward(self, x):
        x = x + self.attn(self.ln_1(x))
        return x + self.mlp(self.ln_2(x))
class GPT(nn.Module):
    def __init__(self):
        super().__init__()
        self.transformer = nn.ModuleDict(dict(wte=nn.Embedding(11, 8), wpe=nn.Embedding(6, 8), h=nn.ModuleList([Block() for _ in range(2)]), ln_f=nn.LayerNorm(8)))
        self.lm_head = nn.Linear(8, 11, bias=False)
        self.transformer.wte.weight = self.lm_head.weight
        self.apply(self._init_weights)
        for pn, p in self.named_parameters():
            if pn.endswith("c_proj.weight"):
                torch.nn.init.normal_(p, mean=0.0, std=0.02 / math.sqrt(2 * 2))
    def _init_weights(self, module):
        if isinstance(module, nn.Linear):
            torch.nn.init.normal_(module.weight, mean=0.0, std=0.02)
            if module.bias is not None:
                torch.nn.init.zeros_(module.bias)
        elif isinstance(module, nn.Embedding):
            torch.nn.init.normal_(module.weight, mean=0.0, std=0.02)
    def forward(self, idx, targets=None):
        b, t = idx.size()
        pos = torch.arange(0, t, dtype=torch.long)
        x = self.transformer.wte(idx) + self.transformer.wpe(pos)
        for block in self.transformer.h:
            x = block(x)
        x = self.transformer.ln_f(x)
        if targets is not None:
            logits = self.lm_head(x)
            loss = F.cross_entropy(logits.view(-1, logits.size(-1)), targets.view(-1), ignore_index=-1)
        else:
            logits = self.lm_head(x[:, [-1], :])
            loss = None
        return logits, loss
model = GPT()
print(sum(p.numel() for p in model.parameters()))
param_dict = {pn: p for pn, p in model.named_parameters() if p.requires_grad}
decay = [p for n, p in param_dict.items() if p.dim() >= 2]
nodecay = [p for n, p in param_dict.items() if p.dim() < 2]
print(len(decay), len(nodecay), sum(p.numel() for p in decay), sum(p.numel() for p in nodecay))
fused_available = "fused" in inspect.signature(torch.optim.AdamW).parameters
print(fused_available)
opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1}, {"params": nodecay, "weight_decay": 0.0}], lr=3e-3, betas=(0.9, 0.95))
data = torch.randint(0, 11, (4, 7))
for it in range(12):
    logits, loss = model(data[:, :-1], data[:, 1:].contiguous())
    opt.zero_grad(set_to_none=True)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    opt.step()
    if it % 4 == 0:
        print(it, f"{loss.item():.4f}")
model.eval()
idx = torch.zeros((1, 1), dtype=torch.long)
with torch.no_grad():
    for _ in range(8):
        idx_cond = idx if idx.size(1) <= 6 else idx[:, -6:]
        logits, _ = model(idx_cond)
        logits = logits[:, -1, :] / 0.8
        v, _ = torch.topk(logits, min(3, logits.size(-1)))
        logits[logits < v[:, [-1]]] = -float("Inf")
        probs = F.softmax(logits, dim=-1)
        idx_next = torch.multinomial(probs, num_samples=1)
        idx = torch.cat((idx, idx_next), dim=1)
print(idx.tolist())
''',
    'rope_rmsnorm': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(91)
def precompute_freqs_cis(dim, end, theta=10000.0):
    freqs = 1.0 / (theta ** (torch.arange(0, dim, 2)[: (dim // 2)].float() / dim))
    t = torch.arange(end, device=freqs.device)
    freqs = torch.outer(t, freqs).float()
    return torch.polar(torch.ones_like(freqs), freqs)
def apply_rotary_emb(xq, xk, freqs_cis):
    xq_ = torch.view_as_complex(xq.float().reshape(*xq.shape[:-1], -1, 2))
    xk_ = torch.view_as_complex(xk.float().reshape(*xk.shape[:-1], -1, 2))
    fc = freqs_cis.view(1, xq_.shape[1], 1, xq_.shape[-1])
    xq_out = torch.view_as_real(xq_ * fc).flatten(3)
    xk_out = torch.view_as_real(xk_ * fc).flatten(3)
    return xq_out.type_as(xq), xk_out.type_as(xk)
fc = precompute_freqs_cis(4, 3)
print(fc.dtype, fc.shape)
print(fc)
xq = torch.randn(1, 3, 2, 4)
xk = torch.randn(1, 3, 2, 4)
a, b = apply_rotary_emb(xq, xk, fc)
print(a[0, 1].round(decimals=4), b.dtype)
norm = nn.RMSNorm(4, eps=1e-6)
print(norm, norm(xq)[0, 0].detach().round(decimals=4))
def repeat_kv(x, n_rep):
    bs, slen, n_kv_heads, head_dim = x.shape
    return x[:, :, :, None, :].expand(bs, slen, n_kv_heads, n_rep, head_dim).reshape(bs, slen, n_kv_heads * n_rep, head_dim)
print(repeat_kv(xk, 2).shape, torch.equal(repeat_kv(xk, 2), xk.repeat_interleave(2, dim=2)))
w1, w3 = nn.Linear(4, 6, bias=False), nn.Linear(4, 6, bias=False)
print((F.silu(w1(xq)) * w3(xq)).shape)
print(F.rms_norm(xq, (4,))[0, 0, 0].round(decimals=4))
''',
    'text_classification_bag': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(100)
class TextClassificationModel(nn.Module):
    def __init__(self, vocab_size, embed_dim, num_class):
        super().__init__()
        self.embedding = nn.EmbeddingBag(vocab_size, embed_dim, sparse=False)
        self.fc = nn.Linear(embed_dim, num_class)
        self.init_weights()
    def init_weights(self):
        initrange = 0.5
        self.embedding.weight.data.uniform_(-initrange, initrange)
        self.fc.weight.data.uniform_(-initrange, initrange)
        self.fc.bias.data.zero_()
    def forward(self, text, offsets):
        return self.fc(self.embedding(text, offsets))
texts = [[1, 4, 5], [2, 3], [6, 7, 8, 9], [1, 2]]
labels = torch.tensor([0, 1, 2, 1])
def collate(batch):
    offsets = [0] + [len(t) for t in batch[:-1]]
    return torch.tensor([i for t in batch for i in t]), torch.tensor(offsets).cumsum(dim=0)
text, offsets = collate(texts)
print(text, offsets)
model = TextClassificationModel(10, 6, 3)
print(model)
opt = torch.optim.SGD(model.parameters(), lr=5.0)
sched = torch.optim.lr_scheduler.StepLR(opt, 1.0, gamma=0.1)
crit = nn.CrossEntropyLoss()
for epoch in range(4):
    model.train()
    opt.zero_grad()
    pred = model(text, offsets)
    loss = crit(pred, labels)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 0.1)
    opt.step()
    sched.step()
    acc = (pred.argmax(1) == labels).sum().item() / labels.size(0)
    print(epoch, f"{loss.item():.4f}", acc, sched.get_last_lr())
with torch.no_grad():
    print(model(torch.tensor([1, 4]), torch.tensor([0])).argmax(1).item())
for bad in [(torch.tensor([1, 12]), torch.tensor([0])), (torch.tensor([1, 2]), torch.tensor([1])),
            (torch.tensor([1, 2]), torch.tensor([0, 5]))]:
    try:
        model(*bad)
    except RuntimeError as e:
        print("RuntimeError:", e)
bag = nn.EmbeddingBag(10, 6, mode="max")
try:
    bag(torch.tensor([[1, 10]]))
except RuntimeError as e:
    print("RuntimeError:", e)
print(F.embedding_bag(torch.tensor([3, 99]), torch.ones(4, 2), torch.tensor([], dtype=torch.long)))
''',
    'reverse_and_pad_utils': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.rnn import pad_sequence
torch.manual_seed(101)
x = torch.arange(12).view(3, 4)
lengths = torch.tensor([4, 2, 3])
rev = torch.stack([torch.cat([row[:l].flip(0), row[l:]]) for row, l in zip(x, lengths)])
print(rev)
print(torch.flip(x, dims=(1,)), x.flip(-1, 0))
for args in [(x, 0), (x, (0.5,))]:
    try:
        torch.flip(*args)
    except TypeError as e:
        print("TypeError:", e)
for make_mask in (lambda: torch.triu(torch.ones(3, 3), diagonal=1.0), lambda: torch.ones(3, 3).tril(0.5)):
    try:
        make_mask()
    except TypeError as e:
        print("TypeError:", e)
print(torch.ones(3, 3).triu(torch.tensor(1)).bool(), torch.tril(torch.ones(2, 2), -1))
try:
    pad_sequence([torch.tensor(1.0), torch.tensor(2.0)])
except RuntimeError as e:
    print("RuntimeError:", e)
for bad_call in (lambda: torch.randn(5).topk(6 / 2), lambda: F.one_hot(torch.arange(3), num_classes=10 / 2),
                 lambda: x.flip(1.0), lambda: pad_sequence([x[0], x[1, :2]], batch_first=1),
                 lambda: pad_sequence([x[0]], padding_value=None)):
    try:
        bad_call()
    except TypeError as e:
        print("TypeError:", e)
print(x[0].topk(torch.tensor(2)).indices, F.one_hot(torch.tensor([1]), torch.tensor(3)))
q = torch.randn(4)
try:
    F.scaled_dot_product_attention(q, q, q)
except RuntimeError as e:
    print("RuntimeError:", e)
p = nn.Parameter(torch.ones(2))
try:
    nn.utils.clip_grad_value_([p], 1.0)
except RuntimeError as e:
    print("RuntimeError:", e)
p.grad = torch.tensor([3.0, -0.5])
print(nn.utils.clip_grad_value_([p], 1.0), p.grad)
cell = nn.LSTMCell(3, 2)
try:
    cell(torch.randn(1, 3), torch.zeros(1, 2))
except TypeError as e:
    print("TypeError:", e)
try:
    cell(torch.randn(1, 3), (torch.zeros(1, 2),) * 3)
except RuntimeError as e:
    print("RuntimeError:", e)
print(cell(torch.randn(1, 3), [torch.zeros(1, 2), torch.zeros(1, 2)])[0].shape)
''',
    'train_mode_dropout_rng': r'''
import torch
import torch.nn as nn
torch.manual_seed(110)
lstm = nn.LSTM(3, 4, num_layers=3, dropout=0.5)
x = torch.randn(2, 2, 3)
out, _ = lstm(x)
print(out[-1].detach().round(decimals=4))
gru = nn.GRU(3, 4, num_layers=2, dropout=0.3, bidirectional=True, batch_first=True)
out, h = gru(torch.randn(2, 3, 3))
print(out[0, -1].detach().round(decimals=4))
print(torch.rand(2))
mha = nn.MultiheadAttention(4, 2, dropout=0.5)
q = torch.randn(3, 1, 4)
o, w = mha(q, q, q)
print(w.detach().round(decimals=4))
print(torch.rand(2))
enc = nn.TransformerEncoderLayer(4, 2, 8, dropout=0.2)
y = enc(torch.randn(3, 1, 4))
print(y[:, 0].detach().round(decimals=3))
print(torch.rand(2))
F = nn.functional
o = F.scaled_dot_product_attention(q, q, q, dropout_p=0.5)
print(o[0].round(decimals=4))
emb = nn.Embedding(5, 3)
d = nn.Dropout(0.5)
print(d(emb(torch.tensor([1, 2]))).detach().round(decimals=4))
''',
    'transformer_lm_train': r'''
import math
import torch
import torch.nn as nn
torch.manual_seed(111)
class TransformerModel(nn.Module):
    def __init__(self, ntoken, d_model, nhead, d_hid, nlayers, dropout=0.1):
        super().__init__()
        self.model_type = "Transformer"
        self.pos_encoder = nn.Dropout(dropout)
        encoder_layers = nn.TransformerEncoderLayer(d_model, nhead, d_hid, dropout)
        self.transformer_encoder = nn.TransformerEncoder(encoder_layers, nlayers)
        self.embedding = nn.Embedding(ntoken, d_model)
        self.d_model = d_model
        self.linear = nn.Linear(d_model, ntoken)
        self.init_weights()
    def init_weights(self):
        initrange = 0.1
        self.embedding.weight.data.uniform_(-initrange, initrange)
        self.linear.bias.data.zero_()
        self.linear.weight.data.uniform_(-initrange, initrange)
    def forward(self, src, src_mask=None):
        src = self.embedding(src) * math.sqrt(self.d_model)
        src = self.pos_encoder(src)
        output = self.transformer_encoder(src, src_mask)
        return self.linear(output)
ntokens = 12
model = TransformerModel(ntokens, 8, 2, 16, 2, 0.2)
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=5.0)
scheduler = torch.optim.lr_scheduler.StepLR(optimizer, 1.0, gamma=0.95)
data = torch.randint(0, ntokens, (9, 3))
bptt = 4
def get_batch(source, i):
    seq_len = min(bptt, len(source) - 1 - i)
    return source[i:i + seq_len], source[i + 1:i + 1 + seq_len].reshape(-1)
for epoch in range(2):
    model.train()
    total = 0.0
    for batch, i in enumerate(range(0, data.size(0) - 1, bptt)):
        x, y = get_batch(data, i)
        mask = nn.Transformer.generate_square_subsequent_mask(x.size(0))
        output = model(x, mask)
        loss = criterion(output.view(-1, ntokens), y)
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 0.5)
        optimizer.step()
        total += loss.item()
    scheduler.step()
    print(epoch, f"{total / 2:.4f}", f"{math.exp(total / 2):.3f}", f"{scheduler.get_last_lr()[0]:.4f}")
model.eval()
with torch.no_grad():
    x, y = get_batch(data, 0)
    out = model(x, nn.Transformer.generate_square_subsequent_mask(x.size(0)))
    print(f"{criterion(out.view(-1, ntokens), y).item():.4f}")
''',
    'rnn_config_sweep': r'''
import itertools
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence
torch.manual_seed(120)
lengths = torch.tensor([2, 5, 3])
for mode, layers, bi, bias, bf in itertools.product(["RNN", "LSTM", "GRU"], [1, 2], [False, True], [True, False], [False, True]):
    m = getattr(nn, mode)(3, 4, num_layers=layers, bidirectional=bi, bias=bias, batch_first=bf)
    x = torch.randn(3, 5, 3) if bf else torch.randn(5, 3, 3)
    nd = 2 if bi else 1
    h0 = torch.randn(layers * nd, 3, 4)
    hx = (h0, torch.randn(layers * nd, 3, 4)) if mode == "LSTM" else h0
    p = pack_padded_sequence(x, lengths, batch_first=bf, enforce_sorted=False)
    out, h = m(p, hx)
    o, l = pad_packed_sequence(out, batch_first=bf)
    hn = h[0] if mode == "LSTM" else h
    s = o.sum() + hn.sum()
    s.backward()
    g = sum(p_.grad.abs().sum() for p_ in m.parameters())
    print(mode, layers, bi, bias, bf, tuple(o.shape), f"{s.item():.3f}", f"{g.item():.3f}")
for bi in (False, True):
    m = nn.LSTM(3, 5, num_layers=2, proj_size=2, bidirectional=bi, bias=False)
    x = torch.randn(5, 3, 3)
    p = pack_padded_sequence(x, lengths, enforce_sorted=False)
    out, (h, c) = m(p)
    o, _ = pad_packed_sequence(out)
    print("proj", bi, tuple(o.shape), tuple(h.shape), tuple(c.shape), f"{(o.sum() + c.sum()).item():.3f}")
''',
    'sampling_decoders': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.distributions import Categorical
torch.manual_seed(130)
V = 7
rnn = nn.GRUCell(V, 6)
head = nn.Linear(6, V)
h = torch.zeros(2, 6)
tok = torch.zeros(2, dtype=torch.long)
logps, seqs = [], []
for t in range(5):
    h = rnn(F.one_hot(tok, V).float(), h)
    dist = Categorical(logits=head(h))
    tok = dist.sample()
    logps.append(dist.log_prob(tok))
    seqs.append(tok)
print(torch.stack(seqs, 1))
lp = torch.stack(logps, 1)
print(lp.detach().round(decimals=4), lp.grad_fn.name())
print(dist, f"{dist.entropy().mean().item():.4f}")
reward = torch.tensor([1.0, -1.0])
loss = -(lp.sum(1) * reward).mean()
loss.backward()
print(f"{loss.item():.4f}", f"{head.bias.grad.abs().sum().item():.4f}")
g = F.gumbel_softmax(torch.randn(2, V), tau=0.5, hard=True)
print(g, g.argmax(-1))
print(torch.multinomial(torch.tensor([0.1, 0.5, 0.4]), 3), torch.multinomial(torch.ones(2, 4), 2))
torch.set_printoptions(precision=2)
print(F.softmax(torch.randn(2, 5), -1))
torch.set_printoptions(profile="default")
''',
    'word2vec_sgns': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(140)
V, D = 12, 5
counts = torch.tensor([9., 7, 6, 5, 4, 4, 3, 3, 2, 2, 1, 1])
unigram = counts ** 0.75
unigram = unigram / unigram.sum()
print(unigram.round(decimals=4))
class SGNS(nn.Module):
    def __init__(self):
        super().__init__()
        self.in_embed = nn.Embedding(V, D, sparse=True)
        self.out_embed = nn.Embedding(V, D, sparse=True)
        self.in_embed.weight.data.uniform_(-0.5 / D, 0.5 / D)
        self.out_embed.weight.data.zero_()
    def forward(self, center, context, neg):
        c = self.in_embed(center)
        o = self.out_embed(context)
        n = self.out_embed(neg)
        pos = F.logsigmoid((c * o).sum(-1))
        negs = F.logsigmoid(-torch.bmm(n, c.unsqueeze(2)).squeeze(2)).sum(1)
        return -(pos + negs).mean()
m = SGNS()
opt = torch.optim.SparseAdam(m.parameters(), lr=0.05)
center = torch.randint(0, V, (8,))
context = torch.randint(0, V, (8,))
for step in range(15):
    neg = torch.multinomial(unigram, 8 * 3, replacement=True).view(8, 3)
    loss = m(center, context, neg)
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 5 == 0:
        print(step, f"{loss.item():.4f}", m.in_embed.weight.grad.is_sparse)
emb = F.normalize(m.in_embed.weight.detach(), dim=1)
sims = emb @ emb[0]
print(sims.topk(3).indices, F.cosine_similarity(emb[:3].unsqueeze(1), emb[:3].unsqueeze(0), dim=-1).round(decimals=3))
print(torch.cdist(emb[:2], emb[:3]).round(decimals=3))
''',
    'adaptive_softmax_lm': r'''
import torch
import torch.nn as nn
torch.manual_seed(141)
asm = nn.AdaptiveLogSoftmaxWithLoss(8, 20, cutoffs=[5, 12], div_value=2.0)
print(asm)
h = torch.randn(6, 8)
t = torch.tensor([0, 4, 5, 11, 12, 19])
out = asm(h, t)
print(out.output.detach().round(decimals=4), f"{out.loss.item():.4f}")
print(asm.log_prob(h).shape, f"{asm.log_prob(h).exp().sum(1).mean().item():.4f}")
print(asm.predict(h))
try:
    asm(h, torch.tensor([0, 1, 2, 3, 4, 20]))
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    nn.AdaptiveLogSoftmaxWithLoss(8, 20, cutoffs=[12, 5])
except ValueError as e:
    print("ValueError:", e)
''',
    'attention_pooling_scatter': r'''
import torch
import torch.nn.functional as F
torch.manual_seed(142)
tokens = torch.randn(7, 4)
seg = torch.tensor([0, 0, 1, 1, 1, 2, 2])
score = tokens @ torch.randn(4)
mx = torch.full((3,), float("-inf")).scatter_reduce(0, seg, score, reduce="amax")
e = (score - mx[seg]).exp()
den = torch.zeros(3).index_add_(0, seg, e)
alpha = e / den[seg]
pooled = torch.zeros(3, 4).index_add_(0, seg, alpha.unsqueeze(1) * tokens)
print(alpha.round(decimals=4))
print(pooled.round(decimals=4))
print(torch.zeros(3).scatter_add_(0, seg, torch.ones(7)), torch.bincount(seg))
print(torch.zeros(3, 4).scatter_reduce(0, seg.unsqueeze(1).expand(-1, 4), tokens, reduce="mean", include_self=False).round(decimals=4))
''',
}

ember_outputs, torch_outputs, test_program_matches_pytorch = program_tests(PROGRAMS, quiet_warnings=True)


# ---------------------------------------------------------------- LSTMCell: hx must be a pair of tensors
def test_lstm_cell_hx_must_be_tuple_of_two():
    cell = ember.nn.LSTMCell(3, 2)
    x = ember.randn(1, 3)
    raises_exactly(lambda: cell(x, ember.zeros(1, 2)), TypeError,
                   "lstm_cell(): argument 'hx' (position 2) must be tuple of Tensors, not Tensor")
    raises_exactly(lambda: cell(x, (ember.zeros(1, 2),) * 3), RuntimeError, "lstm_cell expects two hidden states")
    h, c = cell(x, [ember.zeros(1, 2), ember.zeros(1, 2)])   # a list is accepted, as by PyTorch
    assert h.shape == (1, 2) and c.shape == (1, 2)


# ---------------------------------------------------------------- RNN modules re-read changed weights
def test_rnn_forward_uses_parametrized_weight():
    ember.manual_seed(0)
    gru = ember.nn.GRU(3, 2)
    ember.nn.utils.parametrizations.weight_norm(gru, "weight_hh_l0")
    out, _ = gru(ember.randn(4, 1, 3))
    out.sum().backward()
    g = gru.parametrizations.weight_hh_l0.original0.grad
    assert g is not None and g.shape == (6, 1)


def test_rnn_functional_call_uses_given_weights():
    lstm = ember.nn.LSTM(2, 3)
    params = {k: ember.zeros_like(v) for k, v in lstm.named_parameters()}
    out, (h, c) = ember.func.functional_call(lstm, params, (ember.randn(4, 1, 2),))
    assert out.abs().sum().item() == 0 and c.abs().sum().item() == 0
    out2, _ = lstm(ember.randn(4, 1, 2))   # the module's own weights are used again afterwards
    assert out2.abs().sum().item() > 0


def test_rnn_parametrized_grads_match_pytorch():
    torch = pytest.importorskip("torch")
    import numpy as np
    grads = []
    for lib in (ember, torch):
        lib.manual_seed(3)
        m = lib.nn.LSTM(3, 2, num_layers=2)
        lib.nn.utils.parametrizations.weight_norm(m, "weight_ih_l1")
        out, _ = m(lib.randn(5, 2, 3))
        out.pow(2).sum().backward()
        grads.append(m.parametrizations.weight_ih_l1.original1.grad.numpy())
    np.testing.assert_allclose(grads[0], grads[1], rtol=1e-5, atol=1e-6)


# ---------------------------------------------------------------- torch.flip: dims is a tuple of ints
@pytest.mark.parametrize("call,msg", [
    (lambda t, x: t.flip(x, 0), "flip(): argument 'dims' (position 2) must be tuple of ints, not int"),
    (lambda t, x: t.flip(x, dims=0), "flip(): argument 'dims' must be tuple of ints, not int"),
    (lambda t, x: t.flip(x, True), "flip(): argument 'dims' (position 2) must be tuple of ints, not bool"),
    (lambda t, x: t.flip(x, (0.5,)),
     "flip(): argument 'dims' (position 2) must be tuple of ints, but found element of type float at pos 0"),
    (lambda t, x: t.flip(x, (0, 1.5)), "flip(): argument 'dims' failed to unpack the object at pos 2 with error "
                                       "\"type must be tuple of ints,but got float\""),
    (lambda t, x: x.flip(dims=0), "flip(): argument 'dims' must be tuple of ints, not int"),
    (lambda t, x: t.flip(x, dims=(0.5,)), "flip(): argument 'dims' must be tuple of ints, not tuple"),
    (lambda t, x: t.flip(x, dims=None), "flip(): argument 'dims' must be tuple of ints, not NoneType"),
    (lambda t, x: t.roll(x, 1.5), "roll(): argument 'shifts' (position 2) must be tuple of ints, not float"),
    (lambda t, x: x.roll(1.0, 0), "roll(): argument 'shifts' (position 1) must be tuple of ints, not float"),
    (lambda t, x: t.roll(x, 1, dims=0.0), "roll(): argument 'dims' must be tuple of ints, not float"),
    (lambda t, x: t.roll(x, (1.0,)),
     "roll(): argument 'shifts' (position 2) must be tuple of ints, but found element of type float at pos 0"),
    (lambda t, x: t.roll(x, shifts=(1.0,)), "roll(): argument 'shifts' must be tuple of ints, not tuple"),
    (lambda t, x: t.roll(x, [1, 2.0], [0, 0]), "roll(): argument 'shifts' failed to unpack the object at pos 2 "
                                               "with error \"type must be tuple of ints,but got float\""),
    (lambda t, x: t.roll(x, None), "roll(): argument 'shifts' (position 2) must be tuple of ints, not NoneType"),
])
def test_flip_dims_argument_errors(call, msg):
    raises_exactly(lambda: call(ember, ember.arange(4)), TypeError, msg)
    torch = pytest.importorskip("torch")
    raises_exactly(lambda: call(torch, torch.arange(4)), TypeError, msg)


def test_flip_accepted_dims():
    x = ember.arange(4).view(2, 2)
    assert ember.flip(x, [0]).tolist() == [[2, 3], [0, 1]]
    assert ember.flip(x, dims=(1,)).tolist() == [[1, 0], [3, 2]]
    assert ember.flip(x, (ember.tensor(0),)).tolist() == [[2, 3], [0, 1]]
    assert x.flip(0, 1).tolist() == x.flip([0, 1]).tolist() == x.flip(dims=[0, 1]).tolist() == [[3, 2], [1, 0]]


# ---------------------------------------------------------------- small error messages
def test_sdpa_one_dimensional_inputs_message():
    q = ember.ones(3)
    raises_exactly(lambda: ember.nn.functional.scaled_dot_product_attention(q, ember.ones(2, 3), ember.ones(2, 3)),
                   RuntimeError, "Expected query, key, and value to all be  at least 2 dimensional, but got "
                                 "query.dim: 1 key.dim: 2 and value.dim: 2 instead.")


def test_clip_grad_value_without_grads_raises_as_pytorch():
    msg = ("Expected !nested_tensorlist[0].empty() to be true, but got false.  (Could this error message be "
           "improved?  If so, please report an enhancement request to PyTorch.)")
    raises_exactly(lambda: ember.nn.utils.clip_grad_value_([], 1.0), RuntimeError, msg)
    p = ember.nn.Parameter(ember.ones(2))
    raises_exactly(lambda: ember.nn.utils.clip_grad_value_(p, 1.0), RuntimeError, msg)
    p.grad = ember.tensor([2.0, -3.0])
    assert ember.nn.utils.clip_grad_value_(p, 1.0) is None and p.grad.tolist() == [1.0, -1.0]


def test_pad_sequence_zero_dim_first_sequence():
    pad = ember.nn.utils.rnn.pad_sequence
    raises_exactly(lambda: pad([ember.tensor(1.0), ember.tensor(2.0)]), RuntimeError,
                   "ArrayRef: invalid slice, N = 1; size = 0")
    raises_exactly(lambda: pad([ember.ones(2), ember.tensor(2.0)]), IndexError,
                   "Dimension specified as 0 but tensor has no dimensions")


# ---------------------------------------------------------------- embedding_bag / embedding index errors
def _bag_error_cases(lib):
    F = lib.nn.functional
    w = lib.ones(3, 2)
    return [
        lambda: F.embedding_bag(lib.tensor([0, 1]), w, lib.tensor([1])),
        lambda: F.embedding_bag(lib.tensor([0, 1], dtype=lib.int32), w, lib.tensor([2], dtype=lib.int32)),
        lambda: F.embedding_bag(lib.tensor([0, 1]), w, lib.tensor([0, 3])),
        lambda: F.embedding_bag(lib.tensor([0, 1]), w, lib.tensor([], dtype=lib.long), include_last_offset=True),
        lambda: F.embedding_bag(lib.tensor([0, 9]), w, lib.tensor([0])),
        lambda: F.embedding_bag(lib.tensor([0, -1]), w, lib.tensor([0]), mode="sum"),
        lambda: F.embedding_bag(lib.tensor([0, 9]), w, lib.tensor([0]), mode="max"),
        lambda: F.embedding_bag(lib.tensor([0, 9]), w, lib.tensor([0]), padding_idx=2),
        lambda: F.embedding_bag(lib.tensor([[0, 3]]), w.double()),
        lambda: F.embedding_bag(lib.tensor([0, 9]), w.clone(), lib.tensor([0]), max_norm=1.0),
        lambda: F.embedding(lib.tensor([0, 9, -5]), w.clone(), max_norm=1.0),
        lambda: F.embedding(lib.tensor([0, 9]), w),
    ]


def _outcome(fn):
    try:
        return repr(fn().tolist())
    except Exception as e:   # noqa: BLE001 - the error type and message are what is compared
        return f"{type(e).__name__}: {e}"


def test_embedding_bag_errors_golden():
    got = [_outcome(fn) for fn in _bag_error_cases(ember)]
    assert got[0] == ("RuntimeError: offsets[0] has to be 0, i.e., the first sequence in the mini-batch has to "
                      "start from position 0. However, got 1\n[ torch.LongTensor{} ]")
    assert got[1].endswith("However, got 2\n[ torch.IntTensor{} ]")
    assert got[2] == "RuntimeError: offsets[-1] can not be greater than input's length 2 but got offsets[-1] of 3"
    assert got[3] == "RuntimeError: include_last_offset: number of offset should be at least 1"
    assert got[4] == "RuntimeError: Index 1 of input takes value 9 which is not in the valid range [0, 3)"
    assert got[6] == "RuntimeError: embedding_bag: Expected idx >= 0 && idx < num_embeddings but found idx to be 9"
    assert got[9] == "IndexError: select(): index 9 out of range for tensor of size [3, 2] at dimension 0"
    assert got[10] == "IndexError: select(): index -5 out of range for tensor of size [3, 2] at dimension 0"
    assert got[11] == "IndexError: index out of range in self"
    assert ember.nn.functional.embedding_bag(ember.tensor([3, 99]), ember.ones(4, 2),
                                             ember.tensor([], dtype=ember.long)).shape == (0, 2)


def test_embedding_bag_errors_match_pytorch():
    torch = pytest.importorskip("torch")
    assert [_outcome(fn) for fn in _bag_error_cases(ember)] == [_outcome(fn) for fn in _bag_error_cases(torch)]


# ---------------------------------------------------------------- nll_loss2d's wording of a bad class weight
def test_spatial_nll_weight_size_message():
    F = ember.nn.functional
    x = ember.randn(2, 3, 4)
    t = ember.zeros(2, 4, dtype=ember.long)
    for fn in (F.cross_entropy, F.nll_loss):
        raises_exactly(lambda: fn(x, t, weight=ember.ones(4)), RuntimeError,
                       "weight tensor should be defined either for all or no classes")
        raises_exactly(lambda: fn(x[:, :, 0], t[:, 0], weight=ember.ones(4)), RuntimeError,
                       "weight tensor should be defined either for all 3 classes or no classes but got weight "
                       "tensor of shape: [4]")


# ---------------------------------------------------------------- tril / triu: diagonal is an int
@pytest.mark.parametrize("call,msg", [
    (lambda t, x: t.triu(x, 1.5), "triu(): argument 'diagonal' (position 2) must be int, not float"),
    (lambda t, x: t.tril(x, diagonal=1.0), "tril(): argument 'diagonal' must be int, not float"),
    (lambda t, x: x.triu(1.5), "triu(): argument 'diagonal' (position 1) must be int, not float"),
    (lambda t, x: x.tril(True), "tril(): argument 'diagonal' (position 1) must be int, not bool"),
    (lambda t, x: x.clone().triu_(0.5), "triu_(): argument 'diagonal' (position 1) must be int, not float"),
    (lambda t, x: t.tril(x, None), "tril(): argument 'diagonal' (position 2) must be int, not NoneType"),
    (lambda t, x: t.tril(x, diagonal=t.tensor(1.5)), "tril(): argument 'diagonal' must be int, not Tensor"),
    (lambda t, x: t.tril(x, 1, 2), "tril() takes from 1 to 2 positional arguments but 3 were given"),
    (lambda t, x: x.tril(1, 2), "tril() takes from 0 to 1 positional arguments but 2 were given"),
    (lambda t, x: t.triu(x, 1, 2, 3), "triu() takes from 1 to 2 positional arguments but 4 were given"),
    (lambda t, x: t.tril(x, 1, diagonal=2), "tril() got multiple values for argument 'diagonal'"),
    (lambda t, x: x.clone().triu_(1, diagonal=2), "triu_() got multiple values for argument 'diagonal'"),
])
def test_tril_triu_diagonal_type_errors(call, msg):
    raises_exactly(lambda: call(ember, ember.ones(2, 2)), TypeError, msg)
    torch = pytest.importorskip("torch")
    raises_exactly(lambda: call(torch, torch.ones(2, 2)), TypeError, msg)


def test_tril_triu_accepted_diagonals():
    x = ember.ones(2, 2)
    assert ember.triu(x, ember.tensor(1)).tolist() == [[0.0, 1.0], [0.0, 0.0]]
    assert x.tril(-1).tolist() == x.tril(diagonal=-1).tolist() == [[0.0, 0.0], [1.0, 0.0]]
    y = x.clone()
    assert y.triu_(diagonal=1) is y and y.tolist() == [[0.0, 1.0], [0.0, 0.0]]
    assert ember.tril(x).tolist() == [[1.0, 0.0], [1.0, 1.0]]


# ---------------------------------------------------------------- parser errors of topk / one_hot / pad_sequence
@pytest.mark.parametrize("call,msg", [
    (lambda t: t.arange(4.0).topk(2.0), "topk(): argument 'k' (position 1) must be int, not float"),
    (lambda t: t.topk(t.arange(4.0), 2.0), "topk(): argument 'k' (position 2) must be int, not float"),
    (lambda t: t.topk(t.arange(4.0), k=True), "topk(): argument 'k' must be int, not bool"),
    (lambda t: t.nn.functional.one_hot(t.arange(3), 3.0),
     "one_hot(): argument 'num_classes' (position 2) must be int, not float"),
    (lambda t: t.nn.functional.one_hot(t.arange(3), num_classes=3.0),
     "one_hot(): argument 'num_classes' must be int, not float"),
    (lambda t: t.arange(3).flip(0.0), "flip(): argument 'dims' (position 1) must be tuple of ints, not float"),
    (lambda t: t.nn.utils.rnn.pad_sequence([t.ones(2)], batch_first=1),
     "pad_sequence(): argument 'batch_first' (position 2) must be bool, not int"),
    (lambda t: t.nn.utils.rnn.pad_sequence([t.ones(2)], padding_value=None),
     "pad_sequence(): argument 'padding_value' (position 3) must be float, not NoneType"),
    (lambda t: t.nn.utils.rnn.pad_sequence([t.ones(2)], padding_side=1),
     "pad_sequence(): argument 'padding_side' (position 4) must be str, not int"),
])
def test_sequence_util_argument_type_errors(call, msg):
    raises_exactly(lambda: call(ember), TypeError, msg)
    torch = pytest.importorskip("torch")
    raises_exactly(lambda: call(torch), TypeError, msg)


def test_sequence_util_integer_like_arguments_accepted():
    import numpy as np
    x = ember.arange(4.0)
    assert x.topk(ember.tensor(2)).indices.tolist() == [3, 2] and x.topk(np.int64(1)).values.tolist() == [3.0]
    assert ember.nn.functional.one_hot(ember.arange(2), ember.tensor(3)).tolist() == [[1, 0, 0], [0, 1, 0]]
    padded = ember.nn.utils.rnn.pad_sequence([ember.ones(2), ember.ones(1)], padding_value=ember.tensor(2.0))
    assert padded.tolist() == [[1.0, 1.0], [1.0, 2.0]]
