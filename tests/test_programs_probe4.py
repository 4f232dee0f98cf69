"""Attention / transformer / NLP and vision-without-torchvision programs (fourth program probe), run under
``python -m ember run`` and under PyTorch 2.13; stdout must match exactly.

The programs: a tiny char-level GPT (``nn.TransformerEncoder`` with ``norm_first``, weight tying, a causal
mask, greedy and top-k sampling), ``nn.MultiheadAttention`` with padding / float / bool masks, per-head
weights, ``kdim``/``vdim`` and ``add_bias_kv``/``add_zero_attn``, ``F.scaled_dot_product_attention``
(causal, masks, GQA, the errors) and the kernel selection of ``sdpa_kernel`` and
``torch.backends.cuda.enable_*_sdp``, an ``nn.Transformer`` copy task with sinusoidal positions and padding
masks, an ``nn.EmbeddingBag`` text classifier, a ViT-style classifier with hand-made augmentation, warmup
(``LambdaLR``), gradient accumulation and a checkpoint in ``io.BytesIO``, and the normalisation layers'
argument errors.  Printed digits are chosen so that BLAS summation order (OpenBLAS against MKL) cannot
show.

The golden tests below need no PyTorch: they pin the SDPA kernel switches (math-only runs the composed
path, no kernel left raises PyTorch's errors), ``SDPBackend``'s pybind11 metaclass, ``rms_norm``'s
checks, op-math (float16 computed in float32, float32 epsilon) and its dtype-mismatch warning (once per
process), and ``layer_norm``'s ``normalized_shape`` parsing.
"""
from __future__ import annotations

import warnings

import numpy as np
import pytest
from program_runner import program_tests, raises_exactly

import ember
import ember.nn as enn
import ember.nn.functional as EF


PROGRAMS = {
    'tiny_gpt': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(0)
text = "hello world, this is a tiny gpt. hello again world!"
chars = sorted(set(text))
stoi = {c: i for i, c in enumerate(chars)}
itos = {i: c for c, i in stoi.items()}
vocab = len(chars)
print("vocab", vocab, chars[:5])
data = torch.tensor([stoi[c] for c in text], dtype=torch.long)
print(data[:10], data.dtype, data.shape)
block = 8
class TinyGPT(nn.Module):
    def __init__(self, vocab, d=32, nhead=4, nlayers=2):
        super().__init__()
        self.tok = nn.Embedding(vocab, d)
        self.pos = nn.Embedding(block, d)
        layer = nn.TransformerEncoderLayer(d, nhead, dim_feedforward=64, dropout=0.1, batch_first=True,
                                           norm_first=True, activation="gelu")
        self.blocks = nn.TransformerEncoder(layer, nlayers, norm=nn.LayerNorm(d), enable_nested_tensor=False)
        self.head = nn.Linear(d, vocab, bias=False)
        self.head.weight = self.tok.weight
    def forward(self, idx):
        B, T = idx.shape
        x = self.tok(idx) + self.pos(torch.arange(T))
        mask = nn.Transformer.generate_square_subsequent_mask(T)
        return self.head(self.blocks(x, mask=mask, is_causal=True))
model = TinyGPT(vocab)
print(model)
print(sum(p.numel() for p in model.parameters()))
print(list(model.state_dict().keys())[:12])
print(nn.Transformer.generate_square_subsequent_mask(4))
print(torch.triu(torch.ones(4, 4, dtype=torch.bool), diagonal=1))
opt = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=0.01)
for step in range(20):
    ix = torch.randint(len(data) - block - 1, (4,))
    x = torch.stack([data[i:i+block] for i in ix])
    y = torch.stack([data[i+1:i+block+1] for i in ix])
    loss = F.cross_entropy(model(x).view(-1, vocab), y.view(-1))
    opt.zero_grad(set_to_none=True)
    loss.backward()
    gn = torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    opt.step()
    if step % 5 == 0:
        print(step, f"{loss.item():.3f}", f"{gn.item():.2f}", gn.dtype)
model.eval()
@torch.no_grad()
def generate(idx, n, temperature=1.0, top_k=None, greedy=False):
    for _ in range(n):
        logits = model(idx[:, -block:])[:, -1, :] / temperature
        if top_k is not None:
            v, _ = torch.topk(logits, top_k)
            logits[logits < v[:, [-1]]] = -float('Inf')
        probs = F.softmax(logits, dim=-1)
        nxt = torch.argmax(probs, dim=-1, keepdim=True) if greedy else torch.multinomial(probs, num_samples=1)
        idx = torch.cat((idx, nxt), dim=1)
    return idx
start = torch.tensor([[stoi['h']]])
print(''.join(itos[i] for i in generate(start, 12, greedy=True)[0].tolist()))
print(''.join(itos[i] for i in generate(start, 12, temperature=0.8, top_k=5)[0].tolist()))
with torch.inference_mode():
    lg = model(data[:block].unsqueeze(0))
    print(lg.shape, lg.requires_grad, torch.is_inference_mode_enabled())
print(model.head.weight is model.tok.weight)
print(model.blocks.layers[0].norm_first, model.blocks.layers[0].activation_relu_or_gelu)
''',
    'mha_masks': r'''
import torch
import torch.nn as nn
torch.manual_seed(1)
mha = nn.MultiheadAttention(embed_dim=8, num_heads=2, batch_first=True)
print(mha)
for n, p in mha.named_parameters():
    print(n, tuple(p.shape), p.requires_grad)
print(mha.batch_first, mha.head_dim, mha._qkv_same_embed_dim, mha.dropout)
q, k, v = torch.randn(2, 3, 8), torch.randn(2, 5, 8), torch.randn(2, 5, 8)
out, w = mha(q, k, v)
print(out.shape, w.shape, out.grad_fn.name(), w.grad_fn.name())
print(w)
kpm = torch.tensor([[False, False, False, True, True], [False, False, False, False, True]])
out, w = mha(q, k, v, key_padding_mask=kpm)
print(w)
out, w = mha(q, k, v, key_padding_mask=kpm, average_attn_weights=False)
print(w.shape, w[0, 1])
out, w = mha(q, k, v, need_weights=False)
print(w, out.grad_fn.name())
am = torch.zeros(3, 5)
am[:, -1] = float('-inf')
print(mha(q, k, v, attn_mask=am)[1][1])
amb = torch.zeros(3, 5, dtype=torch.bool)
amb[0, 0] = True
print(mha(q, k, v, attn_mask=amb)[1][0])
mha2 = nn.MultiheadAttention(8, 4, kdim=6, vdim=10, bias=False)
print([n for n, _ in mha2.named_parameters()])
o2, w2 = mha2(torch.randn(3, 2, 8), torch.randn(4, 2, 6), torch.randn(4, 2, 10))
print(o2.shape, w2.shape, o2[0])
mha3 = nn.MultiheadAttention(8, 2, add_bias_kv=True, add_zero_attn=True)
print([n for n, _ in mha3.named_parameters()])
x3 = torch.randn(3, 2, 8)
o3, w3 = mha3(x3, x3, x3)
print(o3.shape, w3.shape, w3[0])
o4, w4 = mha3(x3[:, 0], x3[:, 0], x3[:, 0])
print(o4.shape, w4.shape)
for f in (lambda: mha(q, k, v[:, :4]), lambda: nn.MultiheadAttention(10, 3),
          lambda: mha(q, k, v, attn_mask=torch.zeros(2, 5)),
          lambda: mha(q, k, v, key_padding_mask=torch.zeros(2, 5, dtype=torch.long)),
          lambda: mha(q, q, q, is_causal=True)):
    try:
        f()
    except Exception as e:
        print(type(e).__name__, e)
mha.eval()
with torch.no_grad():
    out, w = mha(q, q, q, key_padding_mask=torch.tensor([[False, False, True], [False, False, False]]))
    print(out[0], w[0])
    cm = nn.Transformer.generate_square_subsequent_mask(3)
    out, w = mha(q, q, q, attn_mask=cm, is_causal=True)
    print(out[0, :, 0], w[1])
m, t = mha.merge_masks(cm, kpm[:, :3], q)
print(m.shape, m.dtype, t, m[0, 0])
''',
    'sdpa': r'''
import torch
import torch.nn.functional as F
from torch.nn.attention import sdpa_kernel, SDPBackend
torch.manual_seed(2)
B, H, L, S, D = 2, 3, 4, 6, 8
q = torch.randn(B, H, L, D, requires_grad=True)
k = torch.randn(B, H, S, D, requires_grad=True)
v = torch.randn(B, H, S, D, requires_grad=True)
o = F.scaled_dot_product_attention(q, k, v)
print(o.shape, o.grad_fn.name())
print(o[0, 0].detach())
o.sum().backward()
print(q.grad[0, 0, 0], k.grad.shape, v.grad[1, 2, 5])
qq = torch.randn(B, H, L, D)
o = F.scaled_dot_product_attention(qq, qq, qq, is_causal=True)
print(o[1, 1])
fm = torch.zeros(L, S)
fm[:, 3:] = float('-inf')
print(F.scaled_dot_product_attention(q, k, v, attn_mask=fm)[0, 0].detach())
o4 = F.scaled_dot_product_attention(q, k, v, dropout_p=0.5)
print(o4.grad_fn.name(), o4[0, 0, 0].detach())
print(F.scaled_dot_product_attention(q, k, v, scale=0.1)[0, 0, 0].detach())
q3 = torch.randn(5, 4, 8)
print(F.scaled_dot_product_attention(q3, q3, q3, is_causal=True)[0, 0])
mm = torch.ones(L, S, dtype=torch.bool)
mm[0] = False
o7 = F.scaled_dot_product_attention(q, k, v, attn_mask=mm)
print(o7[0, 0, 0].detach(), o7[0, 0, 1].detach())
qg, kg = torch.randn(1, 4, 3, 8), torch.randn(1, 2, 3, 8)
print(F.scaled_dot_product_attention(qg, kg, kg, enable_gqa=True)[0, 3, 0])
for f in (lambda: F.scaled_dot_product_attention(qg, kg, kg),
          lambda: F.scaled_dot_product_attention(q, k, v, attn_mask=fm, is_causal=True),
          lambda: F.scaled_dot_product_attention(q, k.double(), v),
          lambda: F.scaled_dot_product_attention(q, k, v, attn_mask=torch.zeros(L, S, dtype=torch.long))):
    try:
        f()
    except Exception as e:
        print(type(e).__name__, e)
print(torch.backends.cuda.flash_sdp_enabled(), torch.backends.cuda.math_sdp_enabled(),
      torch.backends.cuda.mem_efficient_sdp_enabled(), torch.backends.cuda.cudnn_sdp_enabled())
with sdpa_kernel(SDPBackend.MATH):
    print(torch.backends.cuda.flash_sdp_enabled(), F.scaled_dot_product_attention(q, k, v).grad_fn.name())
with sdpa_kernel([SDPBackend.FLASH_ATTENTION, SDPBackend.MATH]):
    print(F.scaled_dot_product_attention(q, k, v).grad_fn.name())
with sdpa_kernel(SDPBackend.EFFICIENT_ATTENTION):
    try:
        F.scaled_dot_product_attention(q, k, v)
    except RuntimeError as e:
        print(e)
import warnings
with sdpa_kernel(SDPBackend.FLASH_ATTENTION), warnings.catch_warnings(record=True) as ws:
    warnings.simplefilter("always")
    print(F.scaled_dot_product_attention(q, k, v).grad_fn.name())
    for f in (lambda: F.scaled_dot_product_attention(q, k, v, dropout_p=0.3),
              lambda: F.scaled_dot_product_attention(q[0], k[0], v[0]),
              lambda: F.scaled_dot_product_attention(q, k, v[..., :4])):
        try:
            f()
        except RuntimeError as e:
            print(e)
    print([str(w.message) for w in ws])
torch.backends.cuda.enable_flash_sdp(False)
print(F.scaled_dot_product_attention(q, k, v).grad_fn.name(), torch.backends.cuda.enable_flash_sdp(True))
print(F.scaled_dot_product_attention(q, k, v).grad_fn.name())
try:
    list(SDPBackend)
except TypeError as e:
    print(e)
''',
    'copy_transformer': r'''
import torch
import torch.nn as nn
import math
torch.manual_seed(4)
class PositionalEncoding(nn.Module):
    def __init__(self, d_model, dropout=0.1, max_len=50):
        super().__init__()
        self.dropout = nn.Dropout(p=dropout)
        position = torch.arange(max_len).unsqueeze(1)
        div_term = torch.exp(torch.arange(0, d_model, 2) * (-math.log(10000.0) / d_model))
        pe = torch.zeros(max_len, 1, d_model)
        pe[:, 0, 0::2] = torch.sin(position * div_term)
        pe[:, 0, 1::2] = torch.cos(position * div_term)
        self.register_buffer('pe', pe)
    def forward(self, x):
        return self.dropout(x + self.pe[:x.size(0)])
pe = PositionalEncoding(16)
print(pe, pe.pe.shape, pe.pe[3, 0, :6])
print([n for n, _ in pe.named_buffers()], len(list(pe.parameters())), list(pe.state_dict().keys()))
V, D, BOS, EOS, PAD = 12, 16, 0, 1, 2
class Seq2Seq(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(V, D, padding_idx=PAD)
        self.pos = PositionalEncoding(D, 0.0)
        self.tr = nn.Transformer(d_model=D, nhead=2, num_encoder_layers=1, num_decoder_layers=1,
                                 dim_feedforward=32, dropout=0.0)
        self.out = nn.Linear(D, V)
    def forward(self, src, tgt, src_kpm=None, tgt_kpm=None):
        tgt_mask = self.tr.generate_square_subsequent_mask(tgt.size(0))
        s = self.pos(self.emb(src) * math.sqrt(D))
        t = self.pos(self.emb(tgt) * math.sqrt(D))
        h = self.tr(s, t, tgt_mask=tgt_mask, src_key_padding_mask=src_kpm, tgt_key_padding_mask=tgt_kpm,
                    memory_key_padding_mask=src_kpm)
        return self.out(h)
model = Seq2Seq()
print(model)
print(sum(p.numel() for p in model.parameters()), model.emb.weight[PAD])
opt = torch.optim.Adam(model.parameters(), lr=0.01, betas=(0.9, 0.98), eps=1e-9)
crit = nn.CrossEntropyLoss(ignore_index=PAD)
for step in range(15):
    src = torch.randint(3, V, (5, 8))
    lens = torch.randint(3, 6, (8,))
    for j in range(8):
        src[lens[j]:, j] = PAD
    tgt_in = torch.cat([torch.full((1, 8), BOS), src], 0)
    tgt_out = torch.cat([src, torch.full((1, 8), EOS)], 0)
    logits = model(src, tgt_in, (src == PAD).t(), (tgt_in == PAD).t())
    loss = crit(logits.reshape(-1, V), tgt_out.reshape(-1))
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 5 == 0:
        print(step, round(loss.item(), 3))
model.eval()
src = torch.tensor([[3], [4], [5], [6]])
ys = torch.full((1, 1), BOS)
with torch.no_grad():
    mem = model.tr.encoder(model.pos(model.emb(src) * math.sqrt(D)))
    for i in range(5):
        t = model.pos(model.emb(ys) * math.sqrt(D))
        out = model.tr.decoder(t, mem, tgt_mask=model.tr.generate_square_subsequent_mask(ys.size(0)))
        ys = torch.cat([ys, model.out(out[-1]).argmax(-1, keepdim=True)], 0)
print(mem.shape, ys.squeeze(1).tolist())
print(nn.Transformer.generate_square_subsequent_mask(3, dtype=torch.float64))
for f in (lambda: model.tr(torch.randn(4, 2, 16), torch.randn(3, 3, 16)),
          lambda: model.tr(torch.randn(4, 2, 10), torch.randn(3, 2, 10))):
    try:
        f()
    except Exception as e:
        print(type(e).__name__, e)
enc = nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16, batch_first=True), 2)
x = torch.randn(3, 5, 8)
kpm = torch.tensor([[False] * 5, [False] * 3 + [True] * 2, [False] + [True] * 4])
enc.eval()
with torch.no_grad():
    y = enc(x, src_key_padding_mask=kpm)
    print(y[1, :, :3], y[2, :, :2])
''',
    'embedding_bag_text': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(5)
corpus = [("the movie was great fun", 1), ("terrible plot and bad acting", 0), ("great acting", 1),
          ("bad bad bad", 0), ("fun and great", 1), ("the plot was terrible", 0)]
words = sorted({w for s, _ in corpus for w in s.split()})
vocab = {w: i + 1 for i, w in enumerate(words)}
vocab["<unk>"] = 0
def encode(s):
    return torch.tensor([vocab.get(w, 0) for w in s.split()], dtype=torch.int64)
labels = torch.tensor([l for _, l in corpus])
toks = [encode(s) for s, _ in corpus]
offsets = torch.tensor([0] + [len(t) for t in toks[:-1]]).cumsum(dim=0)
text = torch.cat(toks)
print(len(vocab), text, offsets, labels)
for mode in ["mean", "sum", "max"]:
    torch.manual_seed(0)
    emb = nn.EmbeddingBag(len(vocab), 8, mode=mode)
    fc = nn.Linear(8, 2)
    emb.weight.data.uniform_(-0.5, 0.5)
    print(emb, fc)
    opt = torch.optim.SGD(list(emb.parameters()) + list(fc.parameters()), lr=0.5)
    for ep in range(8):
        out = fc(emb(text, offsets))
        loss = F.cross_entropy(out, labels)
        opt.zero_grad(); loss.backward(); opt.step()
    print(mode, f"{loss.item():.4f}", out.argmax(1).tolist(), emb.weight.grad[vocab['bad']][:3])
eb = nn.EmbeddingBag(10, 3, mode='sum', padding_idx=0)
inp = torch.tensor([[1, 2, 0], [4, 0, 0]])
print(eb, eb(inp), eb(inp, per_sample_weights=torch.tensor([[0.5, 1.0, 2.0], [1.0, 1.0, 1.0]])))
print(F.embedding_bag(torch.tensor([1, 2, 4, 5]), eb.weight, torch.tensor([0, 2, 4]), mode='sum',
                      include_last_offset=True))
print(F.embedding_bag(torch.tensor([1, 2, 4, 5]), eb.weight, torch.tensor([0, 2, 2]), mode='max'))
e3 = nn.Embedding(5, 4, max_norm=1.0, scale_grad_by_freq=True)
y = e3(torch.tensor([1, 1, 2, 3]))
print(e3, y.norm(dim=1), e3.weight.norm(dim=1))
y.sum().backward()
print(e3.weight.grad)
print(F.one_hot(torch.tensor([0, 2, 1]), 4), F.one_hot(torch.tensor([[1], [3]])).shape)
for f in (lambda: nn.EmbeddingBag(10, 3)(inp, per_sample_weights=torch.ones(2, 3)),
          lambda: eb(torch.tensor([1, 2]), torch.tensor([[0]])), lambda: F.one_hot(torch.tensor([0, 5]), 4),
          lambda: nn.Embedding(6, 3)(torch.tensor([6])), lambda: nn.Embedding(5, 2, padding_idx=7)):
    try:
        f()
    except Exception as e:
        print(type(e).__name__, e)
''',
    'vit_checkpoint': r'''
import io
import math
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(6)
imgs = torch.rand(4, 3, 16, 16)
mean, std = imgs.mean(dim=(0, 2, 3)), imgs.std(dim=(0, 2, 3))
norm = (imgs - mean[None, :, None, None]) / std.view(1, 3, 1, 1)
P = 4
patches = norm.unfold(2, P, P).unfold(3, P, P)
print(patches.shape, patches.permute(0, 2, 3, 1, 4, 5).reshape(4, -1, 3 * P * P).shape)
class ViT(nn.Module):
    def __init__(self, D=32, depth=2, heads=4, n_cls=5):
        super().__init__()
        self.patch = nn.Conv2d(3, D, kernel_size=P, stride=P)
        self.cls_token = nn.Parameter(torch.zeros(1, 1, D))
        self.pos_embed = nn.Parameter(torch.randn(1, 17, D) * .02)
        self.blocks = nn.ModuleList([nn.TransformerEncoderLayer(D, heads, 2 * D, 0.0, activation=F.gelu,
                                     batch_first=True, norm_first=True) for _ in range(depth)])
        self.norm = nn.LayerNorm(D, eps=1e-6)
        self.head = nn.Sequential(nn.Linear(D, D), nn.GELU(approximate='tanh'), nn.Linear(D, n_cls))
    def forward(self, x):
        x = self.patch(x).flatten(2).transpose(1, 2)
        x = torch.cat((self.cls_token.expand(x.shape[0], -1, -1), x), dim=1) + self.pos_embed
        for b in self.blocks:
            x = b(x)
        return self.head(self.norm(x)[:, 0])
m = ViT()
print(m)
print(sum(p.numel() for p in m.parameters()), [k for k in m.state_dict() if 'blocks.0' in k])
y = torch.randint(0, 5, (4,))
opt = torch.optim.AdamW(m.parameters(), lr=1e-3)
warm, total, accum = 2, 6, 2
sched = torch.optim.lr_scheduler.LambdaLR(
    opt, lambda s: (s + 1) / warm if s < warm else 0.5 * (1 + math.cos(math.pi * (s - warm) / (total - warm))))
for step in range(12):
    x = norm.clone()
    if torch.rand(1).item() < 0.5:
        x = torch.flip(x, dims=[3])
    shift = torch.randint(-2, 3, (2,))
    x = torch.roll(x, shifts=(shift[0].item(), shift[1].item()), dims=(2, 3))
    i, j = torch.randint(0, 5, (2,)).tolist()
    x = F.pad(x, (2, 2, 2, 2), mode='reflect')[:, :, i:i + 16, j:j + 16]
    loss = F.cross_entropy(m(x), y, label_smoothing=0.1) / accum
    loss.backward()
    if (step + 1) % accum == 0:
        total_norm = nn.utils.clip_grad_norm_(m.parameters(), max_norm=0.5)
        opt.step(); opt.zero_grad(); sched.step()
        print(step, shift.tolist(), i, j, f"{loss.item() * accum:.4f}", f"{total_norm.item():.3f}",
              f"{sched.get_last_lr()[0]:.6f}")
buf = io.BytesIO()
torch.save({"model": m.state_dict(), "opt": opt.state_dict(), "sched": sched.state_dict()}, buf)
buf.seek(0)
ck = torch.load(buf, weights_only=True)
print(sorted(ck), ck["opt"]["param_groups"][0]["lr"], sorted(ck["opt"]["state"][0]), ck["opt"]["state"][0]["step"])
print({k: v for k, v in ck["sched"].items() if k != 'lr_lambdas'})
m2 = ViT()
print(m2.load_state_dict(ck["model"]))
m.eval(); m2.eval()
with torch.inference_mode():
    p = F.softmax(m(norm), dim=-1)
    print(torch.equal(p, F.softmax(m2(norm), dim=-1)), p.argmax(1), p.is_inference())
try:
    p.requires_grad_()
except Exception as e:
    print(type(e).__name__, e)
p = nn.Parameter(torch.ones(3)); p.grad = torch.tensor([3., 4., 0.])
print(nn.utils.clip_grad_norm_(p, 1.0), p.grad)
p.grad = torch.tensor([3., 4., 0.])
print(nn.utils.clip_grad_norm_([p], 1.0, norm_type='inf'), p.grad)
''',
    'norm_errors': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(14)
x = torch.randn(2, 3, 4)
def t(f):
    try:
        r = f()
        print(r.flatten()[:3], r.dtype)
    except Exception as e:
        print(type(e).__name__, e)
t(lambda: nn.LayerNorm([3, 5])(x))
t(lambda: F.layer_norm(x, (4,), torch.ones(3)))
t(lambda: F.layer_norm(x, 4))
t(lambda: F.layer_norm(x, [4.0]))
t(lambda: F.layer_norm(x, []))
t(lambda: F.layer_norm(x, [2, 3, 4, 5]))
t(lambda: F.layer_norm(x, torch.Size([4])))
t(lambda: nn.GroupNorm(2, 4)(x))
t(lambda: nn.RMSNorm(4)(x))
t(lambda: nn.RMSNorm(5)(x))
t(lambda: F.rms_norm(x, 4))
t(lambda: F.rms_norm(x, [3, 5]))
t(lambda: F.rms_norm(x, []))
t(lambda: F.rms_norm(x, [4], torch.ones(3)))
t(lambda: F.rms_norm(x, [1, 2, 3, 4]))
t(lambda: F.rms_norm(x, (-1,)))
t(lambda: F.rms_norm(x.long(), [4]))
t(lambda: F.rms_norm(x.half(), [4]))
t(lambda: F.rms_norm(x.half() * 1e-3, [4]))
t(lambda: F.rms_norm(x.half(), [4], torch.full((4,), 1.5).half()))
t(lambda: F.rms_norm(x.half(), [4], torch.full((4,), 1.5)))
t(lambda: F.rms_norm(x, [4], torch.full((4,), 1.5).half()))
t(lambda: F.rms_norm(x.double(), [4], torch.full((4,), 1.5)))
t(lambda: F.rms_norm(x, [3, 4], torch.ones(3, 4), eps=0.1))
t(lambda: nn.RMSNorm([3, 4], eps=1e-2)(x))
print(nn.RMSNorm(4), nn.RMSNorm([2, 4], eps=1e-5, elementwise_affine=False))
''',
}

ember_outputs, torch_outputs, test_program_matches_pytorch = program_tests(PROGRAMS, quiet_warnings=True)


# ---------------------------------------------------------------- golden values (no PyTorch needed)
_raises = raises_exactly


@pytest.fixture
def sdpa_defaults():
    yield
    for name in ("flash", "math", "mem_efficient", "cudnn"):
        getattr(ember.backends.cuda, f"enable_{name}_sdp")(True)


def test_sdpa_kernel_selection_follows_the_backend_switches(sdpa_defaults):
    from ember.nn.attention import SDPBackend, _cur_sdpa_kernel_backends, sdpa_kernel
    ember.manual_seed(0)
    q = ember.randn(1, 2, 3, 4, requires_grad=True)
    cuda = ember.backends.cuda
    assert (cuda.flash_sdp_enabled(), cuda.math_sdp_enabled(), cuda.mem_efficient_sdp_enabled(),
            cuda.cudnn_sdp_enabled()) == (True, True, True, True)
    fused = EF.scaled_dot_product_attention(q, q, q)
    assert fused.grad_fn.name() == "ScaledDotProductFlashAttentionForCpuBackward0"
    with sdpa_kernel(SDPBackend.MATH):
        assert not cuda.flash_sdp_enabled() and cuda.math_sdp_enabled()
        math_out = EF.scaled_dot_product_attention(q, q, q)
        assert math_out.grad_fn.name() == "UnsafeViewBackward0"
    np.testing.assert_allclose(math_out.detach().numpy(), fused.detach().numpy(), rtol=1e-5, atol=1e-6)
    assert cuda.flash_sdp_enabled()
    assert cuda.enable_flash_sdp(False) is None
    assert EF.scaled_dot_product_attention(q, q, q).grad_fn.name() == "UnsafeViewBackward0"
    cuda.enable_flash_sdp(True)
    cuda.enable_math_sdp(False)
    assert SDPBackend.MATH not in _cur_sdpa_kernel_backends()
    cuda.enable_math_sdp(True)
    with sdpa_kernel(SDPBackend.EFFICIENT_ATTENTION):
        _raises(lambda: EF.scaled_dot_product_attention(q, q, q), RuntimeError,
                "No viable backend for scaled_dot_product_attention was found. This is likely due to turning off "
                "both the math kernel and the fused kernels.")
    with sdpa_kernel(SDPBackend.FLASH_ATTENTION):
        assert EF.scaled_dot_product_attention(q, q, q).grad_fn.name() == \
            "ScaledDotProductFlashAttentionForCpuBackward0"
        with warnings.catch_warnings(record=True) as ws:
            warnings.simplefilter("always")
            _raises(lambda: EF.scaled_dot_product_attention(q, q, q, dropout_p=0.5), RuntimeError,
                    "No available kernel.  Aborting execution.")
            _raises(lambda: EF.scaled_dot_product_attention(q[0], q[0], q[0]), RuntimeError,
                    "No available kernel.  Aborting execution.")
        msgs = [str(w.message) for w in ws]
        assert msgs[0].startswith("Flash attention kernel not used because: (Triggered internally at ")
        assert msgs[1].startswith("Both fused kernels do not support non-zero dropout.")
        assert msgs[3].startswith("All fused kernels requires query, key and value to be 4 dimensional, but got "
                                  "Query dim: 3, Key dim: 3, Value dim: 3 instead.")
    assert cuda.math_sdp_enabled() and cuda.flash_sdp_enabled()


def test_sdp_backend_is_a_pybind11_enum():
    from ember.nn.attention import SDPBackend
    assert type(SDPBackend).__name__ == "pybind11_type"
    assert repr(type(SDPBackend)) == "<class 'pybind11_builtins.pybind11_type'>"
    _raises(lambda: list(SDPBackend), TypeError, "'pybind11_type' object is not iterable")
    assert repr(SDPBackend.MATH) == "<SDPBackend.MATH: 0>" and SDPBackend(1) is SDPBackend.FLASH_ATTENTION


def test_rms_norm_checks_its_arguments_as_aten_does():
    x = ember.randn(2, 3, 4)
    _raises(lambda: EF.rms_norm(x, 4), TypeError,
            "rms_norm(): argument 'normalized_shape' (position 2) must be tuple of ints, not int")
    _raises(lambda: EF.layer_norm(x, 4), TypeError,
            "layer_norm(): argument 'normalized_shape' (position 2) must be tuple of ints, not int")
    _raises(lambda: EF.layer_norm(x, [4.0]), TypeError,
            "layer_norm(): argument 'normalized_shape' (position 2) must be tuple of ints, but found element of "
            "type float at pos 0")
    empty = ("Expected normalized_shape to be at least 1-dimensional, i.e., containing at least one element, but "
             "got normalized_shape = []")
    _raises(lambda: EF.rms_norm(x, []), RuntimeError, empty)
    _raises(lambda: EF.layer_norm(x, []), RuntimeError, empty)
    _raises(lambda: EF.rms_norm(x, [4], ember.ones(3)), RuntimeError,
            "Expected weight to be of same shape as normalized_shape, but got weight of shape [3] and "
            "normalized_shape = [4]")
    _raises(lambda: EF.rms_norm(x, [1, 2, 3, 4]), ValueError, "Input tensor must have at least 4 dimensions, but got 3")
    _raises(lambda: EF.rms_norm(x, [3, 5]), RuntimeError,
            "Given normalized_shape=[3, 5], expected input with shape [*3, 5], but got input of size[2, 3, 4]")
    _raises(lambda: enn.RMSNorm(5)(x), RuntimeError,
            "Given normalized_shape=[5], expected input with shape [*5], but got input of size[2, 3, 4]")
    _raises(lambda: EF.layer_norm(x, [5]), RuntimeError,
            "Given normalized_shape=[5], expected input with shape [*, 5], but got input of size[2, 3, 4]")
    assert EF.layer_norm(x, ember.Size([4])).shape == (2, 3, 4)


def test_rms_norm_float16_runs_in_float32():
    # golden values from PyTorch 2.13 (float32 op-math, one rounding; float32 epsilon by default)
    x = ember.tensor([[0.5, -1.25, 2.0, 0.125], [1e-3, -2e-3, 5e-4, 0.0]]).half()
    out = EF.rms_norm(x, [4])
    assert out.dtype == ember.float16
    xf = x.float().numpy()
    ref = (xf / np.sqrt((xf * xf).mean(-1, keepdims=True) + np.finfo(np.float32).eps)).astype(np.float16)
    assert np.array_equal(out.numpy(), ref)
    assert out[1].tolist() == [0.8359375, -1.671875, 0.41796875, 0.0]
    assert out[0].tolist() == [0.414306640625, -1.03515625, 1.6572265625, 0.10357666015625]
    w = ember.tensor([1.5, 0.5, -1.0, 2.0])
    y16 = EF.rms_norm(x, [4], w.half())
    yref = (xf / np.sqrt((xf * xf).mean(-1, keepdims=True) + np.finfo(np.float32).eps) * w.numpy()).astype(np.float16)
    assert np.array_equal(y16.numpy(), yref)
    assert y16[1].tolist() == [1.25390625, -0.8359375, -0.41796875, 0.0]


def test_rms_norm_dtype_mismatch_warns_once_and_keeps_the_input_dtype():
    import ember.nn._functional.basic as B
    B._RMS_WARNED = False
    x = ember.randn(2, 4)
    with warnings.catch_warnings(record=True) as ws:
        warnings.simplefilter("always")
        y = EF.rms_norm(x.half(), [4], ember.ones(4))
        z = EF.rms_norm(x, [4], ember.ones(4).double())
    assert y.dtype == ember.float16 and z.dtype == ember.float32
    assert [str(w.message) for w in ws] == [
        "Mismatch dtype between input and weight: input dtype = c10::Half, weight dtype = float, Cannot dispatch "
        "to fused implementation. (Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/"
        "layer_norm.cpp:346.)"]
    assert EF.rms_norm(x.double(), [4], ember.ones(4)).dtype == ember.float64


def test_cpp_bound_functionals_print_as_builtins():
    import pickle
    assert repr(EF.gelu) == "<built-in function gelu>"
    assert repr(EF.logsigmoid) == "<built-in function log_sigmoid>"
    assert repr(EF.softplus) == "<built-in function softplus>" and repr(EF.softshrink) == "<built-in function softshrink>"
    assert type(EF.gelu).__name__ == "builtin_function_or_method"
    layer = enn.TransformerEncoderLayer(8, 2, 16, activation="gelu")
    assert layer.activation is EF.gelu and layer.activation_relu_or_gelu == 2
    assert repr(layer.activation) == "<built-in function gelu>"
    assert pickle.loads(pickle.dumps(EF.gelu)) is EF.gelu
    x = ember.tensor([-1.0, 0.0, 2.0])
    assert EF.gelu(x, approximate="tanh").tolist() == [-0.15880799293518066, 0.0, 1.9545977115631104]
    assert EF.softplus(x, beta=2).tolist() == pytest.approx([0.06346400082111359, 0.3465735912322998,
                                                            2.0090749263763428], rel=1e-6)


def test_softshrink_lambda_range_message():
    x = ember.tensor([-1.0, 0.2])
    _raises(lambda: EF.softshrink(x, -1.0), RuntimeError,
            "lambda must be in range [0, 3.40282e+38] for input dtype Float, but found -1")
    _raises(lambda: EF.softshrink(x.double(), -0.25), RuntimeError,
            "lambda must be in range [0, 1.79769e+308] for input dtype Double, but found -0.25")
    _raises(lambda: EF.softshrink(x.half(), 1e40), RuntimeError,
            "lambda must be in range [0, 65504] for input dtype Half, but found 1e+40")
    assert EF.softshrink(x.double(), 1e40).tolist() == [0.0, 0.0]
    _raises(lambda: EF.softshrink(ember.tensor([1, 2]), -1.0), NotImplementedError,
            "\"softshrink_check\" not implemented for 'Long'")
