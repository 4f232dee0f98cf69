"""Whole training programs of a deep-learning course (fifth program probe), run under ``python -m ember run``
and under PyTorch 2.13; stdout must match exactly.

The programs: PPO with a ``Normal`` policy on a toy environment, a GRU seq2seq with Bahdanau attention, skip-gram
word2vec with negative sampling, k-fold cross-validation with ``random_split``/``Subset``, early stopping and
checkpoints in a temp dir, a custom ``collate_fn`` with ``WeightedRandomSampler``/``BatchSampler``, forward /
pre / full-backward / post-accumulate hooks, activation checkpointing, a tour of the LR schedulers,
``parametrizations.weight_norm``/``spectral_norm`` and custom parametrizations, ``torch.func`` per-sample
gradients, a mixture density network (``MixtureSameFamily``), a small U-Net, a siamese net with triplet and cosine
losses, knowledge distillation with ``KLDivLoss(log_target=True)`` and label smoothing, BatchNorm/Dropout modes,
an optimizer zoo (LBFGS included), SWA/EMA (``AveragedModel``, ``SWALR``, ``update_bn``), WGAN-GP (double
backward), a PINN (second derivatives), ``torch.compile`` passthrough with checkpoints, pruning, sampling from
every distribution, a masked language model, a RealNVP flow with transforms, MAML, ``IterableDataset``/
``StackDataset``, a GCN with ``index_add``/``scatter_reduce``, a TCN with the old ``weight_norm``, a learner's
mistakes with data / optim / schedulers / modules / distributions, double DQN with soft target updates
(``lerp_`` and ``torch._foreach_*``), a VQ-VAE with a straight-through estimator, SimCLR with einsum attention
(the sublist form included), rarely used modules and losses, the ``nn.Module`` API, a custom optimizer and
scheduler, optimizer flags (fused / foreach / tensor ``lr``), init schemes, tabular data from NumPy with float64
targets, scheduler state dicts, A2C on a NumPy CartPole, SAC with action masking, data utilities, seeding
boilerplate, custom autograd Functions, ``nn.utils`` (orthogonal, clip helpers, ``functional_call``), a
``GradScaler``, an LSTM language model with truncated BPTT and a convolution zoo.  Printed digits are chosen so
that BLAS summation order (OpenBLAS against MKL) cannot show.

The golden tests below need no PyTorch: they pin ``torch._foreach_*``, ``einsum``'s sublist form, the
multinomial kernel's per-entry error messages, the location of ``scatter(reduce=...)``'s deprecation warning,
``torch.compile`` turning off distribution argument validation (as PyTorch's dynamo patcher does), tensor
``lr``/``betas`` rounding as float32 tensor ops in Adam/AdamW/Adamax/ASGD, ``binary_cross_entropy_with_logits``
with mixed dtypes (in-place steps, the loss in the target's dtype), float16 loss means rounded once, the margin
losses' float16 refusals and check order, ``huber_loss``'s mixed-dtype backward error, and the
``ConvTranspose`` ``output_size`` message.
"""
from __future__ import annotations

import warnings

import pytest
from program_runner import program_tests, raises_exactly

import ember


PROGRAMS = {
    'ppo_normal': r'''
import torch
import torch.nn as nn
from torch.distributions import Normal, Categorical
torch.manual_seed(0)

class Env:
    """Toy 1-D target-reaching environment."""
    def __init__(self):
        self.t = 0
    def reset(self):
        self.t = 0
        self.pos = torch.rand(2) * 2 - 1
        return self.pos.clone()
    def step(self, action):
        self.pos = (self.pos + 0.1 * action.clamp(-1, 1)).clamp(-2, 2)
        self.t += 1
        reward = -self.pos.pow(2).sum()
        return self.pos.clone(), reward.item(), self.t >= 8

class ActorCritic(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(2, 32), nn.Tanh())
        self.mu = nn.Linear(32, 2)
        self.log_std = nn.Parameter(torch.full((2,), -0.5))
        self.v = nn.Linear(32, 1)
    def forward(self, s):
        h = self.body(s)
        return Normal(self.mu(h), self.log_std.exp()), self.v(h).squeeze(-1)

net = ActorCritic()
print(net)
print("params", sum(p.numel() for p in net.parameters() if p.requires_grad))
for k, v in net.state_dict().items():
    print(k, tuple(v.shape))
opt = torch.optim.Adam(net.parameters(), lr=3e-3)
env = Env()
gamma, clip = 0.95, 0.2
for it in range(6):
    states, actions, logps, rewards = [], [], [], []
    for ep in range(3):
        s = env.reset()
        done = False
        while not done:
            with torch.no_grad():
                dist, _ = net(s)
                a = dist.sample()
                lp = dist.log_prob(a).sum()
            s2, r, done = env.step(a)
            states.append(s); actions.append(a); logps.append(lp); rewards.append(r)
            s = s2
    returns, g = [], 0.0
    for i, r in enumerate(reversed(rewards)):
        if i % 8 == 0:
            g = 0.0
        g = r + gamma * g
        returns.insert(0, g)
    S = torch.stack(states); A = torch.stack(actions)
    old_lp = torch.stack(logps); R = torch.tensor(returns)
    for epoch in range(4):
        dist, v = net(S)
        lp = dist.log_prob(A).sum(-1)
        ratio = (lp - old_lp).exp()
        adv = (R - v).detach()
        adv = (adv - adv.mean()) / (adv.std() + 1e-8)
        s1 = ratio * adv
        s2 = ratio.clamp(1 - clip, 1 + clip) * adv
        pl = -torch.min(s1, s2).mean()
        vl = nn.functional.mse_loss(v, R)
        ent = dist.entropy().sum(-1).mean()
        loss = pl + 0.5 * vl - 0.01 * ent
        opt.zero_grad()
        loss.backward()
        gn = nn.utils.clip_grad_norm_(net.parameters(), 0.5)
        opt.step()
    frac = ((ratio - 1).abs() > clip).float().mean()
    print(f"it {it} ret {R.mean().item():.4f} pl {pl.item():.4f} vl {vl.item():.4f} ent {ent.item():.4f} gn {gn.item():.4f} clipfrac {frac.item():.3f}")
print(S.shape, A.shape, old_lp.shape, R.dtype)
print(net.log_std)
print(net.log_std.grad)
d = Normal(torch.zeros(2), torch.ones(2))
print(d, d.mean, d.stddev, d.variance)
print(d.rsample((3,)).shape, d.batch_shape, d.event_shape)
c = Categorical(logits=torch.tensor([0.5, -1.0, 2.0]))
print(c, c.probs, c.entropy())
print(c.sample((5,)), c.log_prob(torch.tensor([0, 1, 2])))
''',
    'bahdanau_seq2seq': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
import random
torch.manual_seed(1)
random.seed(1)
SOS, EOS, V = 0, 1, 12

def make_pair():
    n = random.randint(3, 6)
    src = [random.randint(2, V - 1) for _ in range(n)]
    return src, list(reversed(src)) + [EOS]

class Encoder(nn.Module):
    def __init__(self, v, h):
        super().__init__()
        self.emb = nn.Embedding(v, h)
        self.gru = nn.GRU(h, h, batch_first=True, bidirectional=True)
        self.fc = nn.Linear(2 * h, h)
    def forward(self, x):
        out, hn = self.gru(self.emb(x))
        hid = torch.tanh(self.fc(torch.cat([hn[0], hn[1]], dim=1)))
        return out, hid

class Attn(nn.Module):
    def __init__(self, h):
        super().__init__()
        self.Wa = nn.Linear(h, h)
        self.Ua = nn.Linear(2 * h, h)
        self.Va = nn.Linear(h, 1, bias=False)
    def forward(self, q, keys):
        scores = self.Va(torch.tanh(self.Wa(q).unsqueeze(1) + self.Ua(keys))).squeeze(2)
        w = F.softmax(scores, dim=-1)
        ctx = torch.bmm(w.unsqueeze(1), keys).squeeze(1)
        return ctx, w

class Decoder(nn.Module):
    def __init__(self, v, h):
        super().__init__()
        self.emb = nn.Embedding(v, h)
        self.attn = Attn(h)
        self.gru = nn.GRUCell(3 * h, h)
        self.out = nn.Linear(h, v)
    def forward(self, tok, hid, enc):
        ctx, w = self.attn(hid, enc)
        hid = self.gru(torch.cat([self.emb(tok), ctx], dim=1), hid)
        return self.out(hid), hid, w

H = 16
enc, dec = Encoder(V, H), Decoder(V, H)
print(enc); print(dec)
print("enc params", sum(p.numel() for p in enc.parameters()), "dec params", sum(p.numel() for p in dec.parameters()))
opt = torch.optim.Adam(list(enc.parameters()) + list(dec.parameters()), lr=5e-3)
crit = nn.CrossEntropyLoss()
for epoch in range(5):
    total = 0.0
    for b in range(8):
        src, tgt = make_pair()
        x = torch.tensor([src]); y = torch.tensor(tgt)
        enc_out, hid = enc(x)
        tok = torch.tensor([SOS])
        loss = 0
        teacher = random.random() < 0.5
        for t in range(len(tgt)):
            logits, hid, w = dec(tok, hid, enc_out)
            loss = loss + crit(logits, y[t:t+1])
            tok = y[t:t+1] if teacher else logits.argmax(1).detach()
        loss = loss / len(tgt)
        opt.zero_grad(); loss.backward()
        gn = nn.utils.clip_grad_norm_(list(enc.parameters()) + list(dec.parameters()), 1.0)
        opt.step()
        total += loss.item()
    print(f"epoch {epoch} loss {total / 8:.4f} last gn {gn.item():.4f}")
with torch.no_grad():
    src = [3, 7, 5, 9]
    enc_out, hid = enc(torch.tensor([src]))
    tok = torch.tensor([SOS]); outs = []; ws = []
    for t in range(6):
        logits, hid, w = dec(tok, hid, enc_out)
        tok = logits.argmax(1)
        outs.append(tok.item()); ws.append(w)
        if tok.item() == EOS:
            break
    print("src", src, "pred", outs)
    print(torch.cat(ws).round(decimals=3))
    print(enc_out.shape, hid.shape)
''',
    'word2vec_sgns': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(2)
corpus = ("the quick brown fox jumps over the lazy dog the dog barks at the fox "
          "the fox runs away from the dog and the quick cat watches the brown dog").split()
vocab = sorted(set(corpus))
w2i = {w: i for i, w in enumerate(vocab)}
print(len(corpus), len(vocab), vocab[:6])
ids = torch.tensor([w2i[w] for w in corpus])
counts = torch.bincount(ids, minlength=len(vocab)).float()
print(counts)
noise = counts.pow(0.75); noise = noise / noise.sum()
print(noise.round(decimals=4))
win = 2
pairs = []
for i in range(len(corpus)):
    for j in range(max(0, i - win), min(len(corpus), i + win + 1)):
        if j != i:
            pairs.append((ids[i].item(), ids[j].item()))
pairs = torch.tensor(pairs)
print(pairs.shape, pairs[:5].tolist())

class SGNS(nn.Module):
    def __init__(self, v, d):
        super().__init__()
        self.inp = nn.Embedding(v, d)
        self.out = nn.Embedding(v, d)
        nn.init.uniform_(self.inp.weight, -0.5 / d, 0.5 / d)
        nn.init.zeros_(self.out.weight)
    def forward(self, c, o, neg):
        vc = self.inp(c)
        uo = self.out(o)
        un = self.out(neg)
        pos = F.logsigmoid((vc * uo).sum(-1))
        negs = F.logsigmoid(-torch.einsum("bkd,bd->bk", un, vc)).sum(-1)
        return -(pos + negs).mean()

model = SGNS(len(vocab), 10)
print(model)
opt = torch.optim.SparseAdam(list(model.parameters()), lr=0.05) if False else torch.optim.Adam(model.parameters(), lr=0.05)
K = 4
for epoch in range(10):
    perm = torch.randperm(len(pairs))
    tot = 0.0
    for b in range(0, len(pairs), 32):
        batch = pairs[perm[b:b + 32]]
        neg = torch.multinomial(noise, batch.shape[0] * K, replacement=True).view(-1, K)
        loss = model(batch[:, 0], batch[:, 1], neg)
        opt.zero_grad(); loss.backward(); opt.step()
        tot += loss.item() * batch.shape[0]
    print(f"epoch {epoch} loss {tot / len(pairs):.4f}")
E = F.normalize(model.inp.weight.detach(), dim=1)
sim = E @ E.T
for w in ["fox", "dog", "quick"]:
    vals, idx = sim[w2i[w]].topk(4)
    print(w, [vocab[i] for i in idx.tolist()[1:]], vals[1:].round(decimals=2))
print(model.inp.weight.grad.shape, model.inp.weight.grad.abs().sum() > 0)
print(F.cosine_similarity(E[w2i["fox"]], E[w2i["dog"]], dim=0).round(decimals=2))
''',
    'kfold_early_stop': r'''
import os, tempfile
import torch
import torch.nn as nn
from torch.utils.data import TensorDataset, Subset, random_split, DataLoader, ConcatDataset
torch.manual_seed(3)
X = torch.randn(60, 4)
w = torch.tensor([1.5, -2.0, 0.5, 0.0])
y = (X @ w + 0.3 * torch.randn(60) > 0).long()
ds = TensorDataset(X, y)
print(len(ds), ds[0], y.bincount())
g = torch.Generator().manual_seed(42)
train_ds, test_ds = random_split(ds, [0.8, 0.2], generator=g)
print(type(train_ds).__name__, len(train_ds), len(test_ds), train_ds.indices[:8])
k = 4
idx = torch.randperm(len(train_ds), generator=g).tolist()
folds = [idx[i::k] for i in range(k)]
print([len(f) for f in folds], folds[0][:5])

def make_model():
    torch.manual_seed(0)
    return nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Dropout(0.1), nn.Linear(16, 2))

tmp = tempfile.mkdtemp()
scores = []
for fi in range(k):
    val_idx = folds[fi]
    tr_idx = [i for j, f in enumerate(folds) if j != fi for i in f]
    tr = Subset(train_ds, tr_idx); va = Subset(train_ds, val_idx)
    dl = DataLoader(tr, batch_size=8, shuffle=True, generator=torch.Generator().manual_seed(fi))
    vl = DataLoader(va, batch_size=16)
    model = make_model()
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    best, bad, patience = float("inf"), 0, 3
    path = os.path.join(tmp, f"fold{fi}.pt")
    for epoch in range(30):
        model.train()
        for xb, yb in dl:
            loss = nn.functional.cross_entropy(model(xb), yb)
            opt.zero_grad(); loss.backward(); opt.step()
        model.eval()
        with torch.no_grad():
            vloss = sum(nn.functional.cross_entropy(model(xb), yb, reduction="sum").item() for xb, yb in vl) / len(va)
        if vloss < best - 1e-4:
            best, bad = vloss, 0
            torch.save({"epoch": epoch, "model": model.state_dict(), "opt": opt.state_dict(), "val": vloss}, path)
        else:
            bad += 1
            if bad >= patience:
                print(f"fold {fi} early stop at epoch {epoch}")
                break
    ck = torch.load(path)
    print(sorted(ck.keys()), ck["epoch"], f"{ck['val']:.4f}", list(ck["opt"]["state"].keys()), ck["opt"]["param_groups"][0]["momentum"])
    model.load_state_dict(ck["model"])
    model.eval()
    with torch.no_grad():
        xs = torch.stack([train_ds[i][0] for i in val_idx]); ys = torch.stack([train_ds[i][1] for i in val_idx])
        acc = (model(xs).argmax(1) == ys).float().mean().item()
    scores.append(acc)
    print(f"fold {fi} best {best:.4f} acc {acc:.4f}")
s = torch.tensor(scores)
print("cv", s, s.mean(), s.std())
full = ConcatDataset([train_ds, test_ds])
print(len(full), full.cumulative_sizes)
print(ck["opt"]["state"][0]["momentum_buffer"].shape)
print(os.path.basename(path), sorted(os.listdir(tmp)))
''',
    'sampler_collate': r'''
import torch
from torch.utils.data import Dataset, DataLoader, WeightedRandomSampler, BatchSampler, SequentialSampler, RandomSampler
from torch.nn.utils.rnn import pad_sequence
torch.manual_seed(4)

class ToyText(Dataset):
    def __init__(self, n):
        g = torch.Generator().manual_seed(7)
        self.lens = torch.randint(2, 7, (n,), generator=g)
        self.labels = (torch.rand(n, generator=g) < 0.25).long()
        self.seqs = [torch.randint(1, 20, (int(l),), generator=g) for l in self.lens]
    def __len__(self):
        return len(self.seqs)
    def __getitem__(self, i):
        return {"ids": self.seqs[i], "label": self.labels[i], "idx": i}

def collate(batch):
    ids = [b["ids"] for b in batch]
    lengths = torch.tensor([len(s) for s in ids])
    padded = pad_sequence(ids, batch_first=True, padding_value=0)
    labels = torch.stack([b["label"] for b in batch])
    return padded, lengths, labels, [b["idx"] for b in batch]

ds = ToyText(40)
print(len(ds), ds[0], ds.labels.bincount())
class_count = ds.labels.bincount().float()
weights = (1.0 / class_count)[ds.labels]
print(weights[:6])
sampler = WeightedRandomSampler(weights, num_samples=40, replacement=True, generator=torch.Generator().manual_seed(0))
print(type(sampler).__name__, len(sampler), sampler.replacement, sampler.num_samples)
dl = DataLoader(ds, batch_size=8, sampler=sampler, collate_fn=collate)
print(len(dl))
seen = torch.zeros(2)
for i, (x, l, y, idx) in enumerate(dl):
    seen += torch.bincount(y, minlength=2)
    if i < 2:
        print(x); print(l, y, idx)
print("class counts sampled", seen)
default = DataLoader(ds, batch_size=3, collate_fn=None, shuffle=False)
try:
    next(iter(default))
except RuntimeError as e:
    print("RuntimeError", str(e)[:80])
bs = BatchSampler(SequentialSampler(range(10)), batch_size=4, drop_last=False)
print(list(bs), len(bs))
bs2 = BatchSampler(RandomSampler(range(10), generator=torch.Generator().manual_seed(1)), batch_size=4, drop_last=True)
print(list(bs2), len(bs2))
dl2 = DataLoader(ds, batch_sampler=bs, collate_fn=collate)
for x, l, y, idx in dl2:
    print(x.shape, l.tolist(), y.tolist(), idx)
simple = DataLoader([(torch.tensor([i, i + 1.0]), i % 2) for i in range(5)], batch_size=2)
for b in simple:
    print(b)
dl3 = DataLoader([{"a": torch.tensor(i), "b": [i, float(i)]} for i in range(4)], batch_size=2)
for b in dl3:
    print(b)
emb = torch.nn.Embedding(20, 4, padding_idx=0)
lstm = torch.nn.LSTM(4, 6, batch_first=True)
head = torch.nn.Linear(6, 2)
opt = torch.optim.Adam([*emb.parameters(), *lstm.parameters(), *head.parameters()], lr=0.01)
for epoch in range(4):
    tot = 0.0
    for x, l, y, _ in dl:
        packed = torch.nn.utils.rnn.pack_padded_sequence(emb(x), l, batch_first=True, enforce_sorted=False)
        _, (h, c) = lstm(packed)
        loss = torch.nn.functional.cross_entropy(head(h[-1]), y)
        opt.zero_grad(); loss.backward(); opt.step()
        tot += loss.item()
    print(f"epoch {epoch} loss {tot / len(dl):.4f}")
print(emb.weight.grad[0])
''',
    'hooks_features': r'''
import torch
import torch.nn as nn
torch.manual_seed(5)

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 4, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(4)
        self.conv2 = nn.Conv2d(4, 8, 3, stride=2)
        self.pool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(8, 3)
    def forward(self, x):
        x = torch.relu(self.bn1(self.conv1(x)))
        x = torch.relu(self.conv2(x))
        return self.fc(self.pool(x).flatten(1))

net = Net()
feats = {}
def save_output(name):
    def hook(mod, inp, out):
        feats[name] = out.detach()
        print(f"fwd {name}: {type(mod).__name__} in {tuple(inp[0].shape)} out {tuple(out.shape)}")
    return hook
handles = [getattr(net, n).register_forward_hook(save_output(n)) for n in ["conv1", "conv2", "pool"]]
grads = {}
def bwd_hook(mod, gin, gout):
    grads[type(mod).__name__] = (gin[0].norm().item() if gin[0] is not None else None, gout[0].norm().item())
    print("bwd", type(mod).__name__, [None if g is None else tuple(g.shape) for g in gin], [tuple(g.shape) for g in gout])
hb = net.fc.register_full_backward_hook(bwd_hook)
hb2 = net.conv2.register_full_backward_hook(bwd_hook)
def pre_hook(mod, args):
    print("pre", type(mod).__name__, len(args), args[0].dtype)
    return (args[0] * 1.0,)
hp = net.conv1.register_forward_pre_hook(pre_hook)
x = torch.randn(2, 1, 8, 8, requires_grad=True)
out = net(x)
print(out)
print({k: tuple(v.shape) for k, v in feats.items()})
print(feats["pool"].flatten(1))
loss = out.logsumexp(1).sum()
loss.backward()
print({k: (round(a, 4) if a is not None else a, round(b, 4)) for k, (a, b) in grads.items()})
print(x.grad.shape, x.grad.abs().sum().item() > 0)
for h in handles:
    h.remove()
hb.remove(); hb2.remove(); hp.remove()
feats.clear()
out2 = net(x)
print("after remove", feats, torch.equal(out, out2))
t = torch.randn(3, requires_grad=True)
th = t.register_hook(lambda g: g * 2)
(t * t).sum().backward()
print(t.grad, torch.allclose(t.grad, 4 * t.detach()))
th.remove()
calls = []
def param_hook(p):
    calls.append(tuple(p.shape))
hh = net.fc.weight.register_post_accumulate_grad_hook(param_hook)
net.zero_grad()
net(x).sum().backward()
print(calls)
hh.remove()
print(net.bn1.running_mean, net.bn1.running_var, net.bn1.num_batches_tracked)
net.eval()
with torch.no_grad():
    print(net(x[:1]))
print(net.training, net.bn1.training)
def fwd_kw(mod, args, kwargs, out):
    print("kw hook", list(kwargs), type(out).__name__)
hk = net.fc.register_forward_hook(fwd_kw, with_kwargs=True)
net.fc(torch.ones(1, 8))
hk.remove()
print(len(net._forward_hooks), len(net.fc._forward_hooks), len(net.fc._backward_hooks))
''',
    'grad_checkpoint': r'''
import torch
import torch.nn as nn
from torch.utils.checkpoint import checkpoint, checkpoint_sequential
torch.manual_seed(6)

class Block(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.ln = nn.LayerNorm(d)
        self.ff = nn.Sequential(nn.Linear(d, 2 * d), nn.GELU(), nn.Dropout(0.2), nn.Linear(2 * d, d))
    def forward(self, x):
        return x + self.ff(self.ln(x))

class Deep(nn.Module):
    def __init__(self, d, n, use_ckpt):
        super().__init__()
        self.blocks = nn.ModuleList([Block(d) for _ in range(n)])
        self.head = nn.Linear(d, 1)
        self.use_ckpt = use_ckpt
    def forward(self, x):
        for b in self.blocks:
            x = checkpoint(b, x, use_reentrant=False) if self.use_ckpt and self.training else b(x)
        return self.head(x).squeeze(-1)

torch.manual_seed(0)
m1 = Deep(8, 3, use_ckpt=True)
m2 = Deep(8, 3, use_ckpt=False)
m2.load_state_dict(m1.state_dict())
print(m1)
x = torch.randn(16, 8)
y = x.sum(1).sin()
torch.manual_seed(10)
l1 = nn.functional.mse_loss(m1(x), y)
l1.backward()
torch.manual_seed(10)
l2 = nn.functional.mse_loss(m2(x), y)
l2.backward()
print(f"{l1.item():.6f} {l2.item():.6f}", l1.grad_fn.name())
for (n, p1), p2 in zip(m1.named_parameters(), m2.parameters()):
    if n.startswith("blocks.0") or n.startswith("head"):
        print(n, torch.allclose(p1.grad, p2.grad, atol=1e-6), f"{p1.grad.norm().item():.4f}")
opt = torch.optim.AdamW(m1.parameters(), lr=1e-2)
for step in range(6):
    loss = nn.functional.mse_loss(m1(x), y)
    opt.zero_grad(); loss.backward(); opt.step()
    print(step, f"{loss.item():.4f}")
seq = nn.Sequential(*[nn.Sequential(nn.Linear(6, 6), nn.Tanh()) for _ in range(4)])
inp = torch.randn(3, 6, requires_grad=True)
out = checkpoint_sequential(seq, 2, inp, use_reentrant=False)
out.sum().backward()
print(out.shape, out.grad_fn.name(), inp.grad.round(decimals=4))
g_ref = torch.autograd.grad(seq(inp).sum(), inp)[0]
print(torch.allclose(g_ref, inp.grad, atol=1e-6))
def f(a, b):
    return (a * b).sin().sum(dim=0)
a = torch.randn(4, 3, requires_grad=True); b = torch.randn(4, 3)
r = checkpoint(f, a, b, use_reentrant=True)
print(r.grad_fn.__class__.__name__, r.requires_grad)
r.sum().backward()
print(a.grad.round(decimals=4))
''',
    'schedulers_tour': r'''
import torch
import torch.nn as nn
from torch.optim.lr_scheduler import (OneCycleLR, CosineAnnealingWarmRestarts, ReduceLROnPlateau, SequentialLR,
                                      LinearLR, ExponentialLR, CosineAnnealingLR, MultiStepLR, CyclicLR, PolynomialLR, ChainedScheduler, ConstantLR)
torch.manual_seed(7)
model = nn.Linear(3, 1)
X = torch.randn(32, 3); Y = X @ torch.tensor([[1.0], [-1.0], [2.0]]) + 0.5

def run(name, make, steps=12, per_batch=False, metric=False):
    torch.manual_seed(0)
    m = nn.Linear(3, 1)
    opt = torch.optim.SGD(m.parameters(), lr=0.1, momentum=0.9)
    sch = make(opt)
    lrs = []
    for s in range(steps):
        loss = nn.functional.mse_loss(m(X), Y)
        opt.zero_grad(); loss.backward(); opt.step()
        if metric:
            sch.step(loss.item() if s < 4 else 5.0)
        else:
            sch.step()
        lrs.append(opt.param_groups[0]["lr"])
    print(name, " ".join(f"{v:.5f}" for v in lrs))
    print("  last", sch.get_last_lr() if not metric else sch.get_last_lr(), f"loss {loss.item():.4f}")
    return sch, opt

run("onecycle", lambda o: OneCycleLR(o, max_lr=0.2, total_steps=12))
sch, opt = run("onecycle_lin", lambda o: OneCycleLR(o, max_lr=0.2, total_steps=12, anneal_strategy="linear", three_phase=True))
print(" momentum", round(opt.param_groups[0]["momentum"], 5), sorted(opt.param_groups[0].keys()))
run("warm_restarts", lambda o: CosineAnnealingWarmRestarts(o, T_0=3, T_mult=2, eta_min=0.001))
sch, opt = run("plateau", lambda o: ReduceLROnPlateau(o, mode="min", factor=0.5, patience=2, threshold=1e-3), metric=True)
print(" plateau state", sch.num_bad_epochs, round(sch.best, 4), sch.cooldown_counter)
run("sequential", lambda o: SequentialLR(o, [LinearLR(o, start_factor=0.1, total_iters=4), CosineAnnealingLR(o, T_max=8)], milestones=[4]))
run("multistep", lambda o: MultiStepLR(o, milestones=[3, 7], gamma=0.3))
run("cyclic", lambda o: CyclicLR(o, base_lr=0.01, max_lr=0.1, step_size_up=3, mode="triangular2"))
run("poly", lambda o: PolynomialLR(o, total_iters=10, power=2.0))
run("chained", lambda o: ChainedScheduler([ConstantLR(o, factor=0.5, total_iters=3), ExponentialLR(o, gamma=0.9)]))
sch, opt = run("exp", lambda o: ExponentialLR(o, gamma=0.8), steps=5)
sd = sch.state_dict()
print(sorted(sd.keys()), sd["last_epoch"], [round(v, 5) for v in sd["_last_lr"]])
opt2 = torch.optim.SGD(nn.Linear(3, 1).parameters(), lr=0.1)
s2 = ExponentialLR(opt2, gamma=0.8)
s2.load_state_dict(sd)
print(s2.last_epoch, s2.get_last_lr()[0] == sch.get_last_lr()[0])
o3 = torch.optim.Adam([{"params": model.weight, "lr": 0.01}, {"params": model.bias}], lr=0.1)
s3 = OneCycleLR(o3, max_lr=[0.05, 0.5], total_steps=6)
for i in range(6):
    o3.step(); s3.step()
    print(i, [f"{g['lr']:.5f}" for g in o3.param_groups], [f"{g['betas'][0]:.4f}" for g in o3.param_groups])
try:
    s3.step()
except ValueError as e:
    print("ValueError", e)
''',
    'param_weight_spectral': r'''
import torch
import torch.nn as nn
from torch.nn.utils import parametrizations as P
from torch.nn.utils import parametrize
torch.manual_seed(8)
lin = P.weight_norm(nn.Linear(4, 3), name="weight", dim=0)
print(lin)
print([n for n, _ in lin.named_parameters()])
print(lin.parametrizations.weight.original0.shape, lin.parametrizations.weight.original1.shape)
print(lin.weight.round(decimals=4))
print(torch.allclose(lin.weight.norm(dim=1, keepdim=True), lin.parametrizations.weight.original0))
print(parametrize.is_parametrized(lin), parametrize.is_parametrized(lin, "bias"))
print(list(lin.state_dict().keys()))
sn = P.spectral_norm(nn.Linear(5, 5), n_power_iterations=3)
print(sn)
print(list(sn.state_dict().keys()))
x = torch.randn(8, 5)
for i in range(3):
    sn(x)
print(torch.linalg.matrix_norm(sn.weight, ord=2).round(decimals=3))
sn.eval()
w1 = sn.weight.detach().clone(); w2 = sn.weight.detach().clone()
print(torch.equal(w1, w2))

class Symmetric(nn.Module):
    def forward(self, X):
        return X.triu() + X.triu(1).transpose(-1, -2)
class PositiveDiag(nn.Module):
    def forward(self, X):
        return X - torch.diag(X.diagonal()) + torch.diag(X.diagonal().exp())
layer = nn.Linear(3, 3)
parametrize.register_parametrization(layer, "weight", Symmetric())
parametrize.register_parametrization(layer, "weight", PositiveDiag())
print(layer)
W = layer.weight
print(torch.allclose(W, W.T), (W.diagonal() > 0).all())
print(type(layer).__name__, type(layer).__mro__[1].__name__)
opt = torch.optim.SGD(layer.parameters(), lr=0.1)
for step in range(4):
    loss = (layer(torch.eye(3)) - torch.eye(3)).pow(2).sum()
    opt.zero_grad(); loss.backward(); opt.step()
    print(step, f"{loss.item():.4f}")
with parametrize.cached():
    a = layer.weight; b = layer.weight
    print(a is b)
parametrize.remove_parametrizations(layer, "weight", leave_parametrized=True)
print(layer, type(layer.weight).__name__, layer.weight.requires_grad)
gen = nn.Sequential(P.spectral_norm(nn.Linear(4, 8)), nn.LeakyReLU(0.2), P.weight_norm(nn.Linear(8, 1)))
opt = torch.optim.Adam(gen.parameters(), lr=1e-2, betas=(0.5, 0.999))
data = torch.randn(32, 4)
target = data[:, :1] * 2 - data[:, 1:2]
for step in range(8):
    loss = nn.functional.smooth_l1_loss(gen(data), target)
    opt.zero_grad(); loss.backward(); opt.step()
    if step % 2 == 0:
        print(step, f"{loss.item():.4f}")
print(sorted(gen.state_dict().keys()))
print(gen[0].parametrizations.weight[0]._u.shape, gen[0].parametrizations.weight[0]._v.shape)
try:
    P.weight_norm(nn.Linear(2, 2), name="nope")
except Exception as e:
    print(type(e).__name__, e)
''',
    'func_per_sample': r'''
import torch
import torch.nn as nn
from torch.func import functional_call, vmap, grad, jacrev, hessian, jvp, vjp
torch.manual_seed(9)
model = nn.Sequential(nn.Linear(3, 5), nn.Tanh(), nn.Linear(5, 2))
params = {k: v.detach() for k, v in model.named_parameters()}
buffers = {k: v.detach() for k, v in model.named_buffers()}
print(list(params), buffers)
X = torch.randn(6, 3); Y = torch.tensor([0, 1, 1, 0, 1, 0])

def loss_fn(p, b, x, y):
    out = functional_call(model, (p, b), (x.unsqueeze(0),))
    return nn.functional.cross_entropy(out, y.unsqueeze(0))

ps_grad = vmap(grad(loss_fn), in_dims=(None, None, 0, 0))(params, buffers, X, Y)
for k, g in ps_grad.items():
    print(k, tuple(g.shape), f"{g.norm().item():.4f}")
loss = nn.functional.cross_entropy(model(X), Y)
loss.backward()
for k, p in model.named_parameters():
    print(k, torch.allclose(ps_grad[k].mean(0), p.grad, atol=1e-6))
norms = torch.stack([g.flatten(1).norm(dim=1) for g in ps_grad.values()], 1).norm(dim=1)
print("per-sample norms", norms.round(decimals=4))
clip = (1.0 / (norms + 1e-6)).clamp(max=1.0)
dp = {k: (g * clip.view(-1, *[1] * (g.dim() - 1))).sum(0) for k, g in ps_grad.items()}
print({k: tuple(v.shape) for k, v in dp.items()})
f = lambda x: (x.sin() * x).sum()
x = torch.tensor([0.5, 1.0, -2.0])
print(grad(f)(x), grad(grad(lambda t: t.sin().sum() if t.dim() == 0 else t))(torch.tensor(0.3)))
print(jacrev(lambda v: v.exp() * v.sum())(x))
print(hessian(f)(x))
out, tangent = jvp(lambda v: v ** 2, (x,), (torch.ones(3),))
print(out, tangent)
o, fn = vjp(lambda v: v.cumsum(0), x)
print(o, fn(torch.ones(3)))
batched = vmap(lambda a, b: a @ b)(torch.randn(4, 2, 3), torch.randn(4, 3))
print(batched.shape)
print(vmap(torch.dot)(torch.arange(6.).view(2, 3), torch.ones(2, 3)))
print(vmap(lambda r: r.max(), in_dims=1)(torch.tensor([[1., 5.], [3., 2.]])))
print(vmap(lambda a: a * 2, out_dims=1)(torch.arange(4.).view(2, 2)))
w = torch.randn(3, requires_grad=True)
def model_fn(w, x):
    return torch.tanh(x @ w)
jac = vmap(jacrev(model_fn), in_dims=(None, 0))(w, torch.randn(5, 3))
print(jac.shape, jac.requires_grad)
def ensemble_fn(p, x):
    return functional_call(model, p, (x,))
stacked = {k: torch.stack([v, v * 0.5]) for k, v in params.items()}
print(vmap(ensemble_fn, in_dims=(0, None))(stacked, X[:2]).round(decimals=4))
''',
    'mdn': r'''
import math
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.distributions import Normal, Categorical, MixtureSameFamily, Independent, kl_divergence
torch.manual_seed(11)
N = 200
y = torch.rand(N, 1) * 2 - 1
x = y + 0.3 * torch.sin(2 * math.pi * y) + 0.05 * torch.randn(N, 1)
print(x[:3].T, y[:3].T)

class MDN(nn.Module):
    def __init__(self, k=3, h=24):
        super().__init__()
        self.k = k
        self.body = nn.Sequential(nn.Linear(1, h), nn.Tanh(), nn.Linear(h, h), nn.Tanh())
        self.pi = nn.Linear(h, k)
        self.mu = nn.Linear(h, k)
        self.log_sigma = nn.Linear(h, k)
    def forward(self, x):
        h = self.body(x)
        mix = Categorical(logits=self.pi(h))
        comp = Normal(self.mu(h), self.log_sigma(h).clamp(-5, 3).exp())
        return MixtureSameFamily(mix, comp)

model = MDN()
print(model)
opt = torch.optim.RMSprop(model.parameters(), lr=5e-3, alpha=0.9)
for epoch in range(12):
    perm = torch.randperm(N)
    tot = 0.0
    for i in range(0, N, 40):
        b = perm[i:i + 40]
        dist = model(x[b])
        nll = -dist.log_prob(y[b].squeeze(1)).mean()
        opt.zero_grad(); nll.backward(); opt.step()
        tot += nll.item() * len(b)
    print(f"epoch {epoch:2d} nll {tot / N:.4f}")
dist = model(torch.tensor([[0.0], [0.5]]))
print(dist)
print(dist.batch_shape, dist.event_shape)
print(dist.mixture_distribution.probs.round(decimals=3))
print(dist.component_distribution.loc.round(decimals=3))
print(dist.mean.round(decimals=3), dist.variance.round(decimals=3))
print(dist.sample((4,)).shape)
s = dist.sample((3,))
print(dist.log_prob(s).shape, dist.cdf(torch.zeros(2)).round(decimals=3))
def mdn_loss(pi_logits, mu, log_sigma, t):
    log_comp = -0.5 * ((t - mu) / log_sigma.exp()) ** 2 - log_sigma - 0.5 * math.log(2 * math.pi)
    return -torch.logsumexp(F.log_softmax(pi_logits, -1) + log_comp, dim=-1).mean()
h = model.body(x[:10])
manual = mdn_loss(model.pi(h), model.mu(h), model.log_sigma(h).clamp(-5, 3), y[:10])
lib = -model(x[:10]).log_prob(y[:10].squeeze(1)).mean()
print(f"{manual.item():.5f} {lib.item():.5f}", torch.allclose(manual, lib, atol=1e-5))
p = Independent(Normal(torch.zeros(3), torch.ones(3)), 1)
q = Independent(Normal(torch.ones(3), 2 * torch.ones(3)), 1)
print(p, kl_divergence(p, q), p.log_prob(torch.zeros(3)), p.entropy())
print(kl_divergence(Categorical(probs=torch.tensor([0.2, 0.8])), Categorical(probs=torch.tensor([0.5, 0.5]))))
''',
    'unet_seg': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(12)

def conv_block(cin, cout):
    return nn.Sequential(nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True),
                         nn.Conv2d(cout, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True))

class UNet(nn.Module):
    def __init__(self, c=4, n_cls=2):
        super().__init__()
        self.d1 = conv_block(1, c)
        self.d2 = conv_block(c, 2 * c)
        self.pool = nn.MaxPool2d(2)
        self.mid = conv_block(2 * c, 4 * c)
        self.up2 = nn.ConvTranspose2d(4 * c, 2 * c, kernel_size=2, stride=2)
        self.u2 = conv_block(4 * c, 2 * c)
        self.up1 = nn.ConvTranspose2d(2 * c, c, kernel_size=2, stride=2)
        self.u1 = conv_block(2 * c, c)
        self.out = nn.Conv2d(c, n_cls, 1)
    def forward(self, x):
        s1 = self.d1(x)
        s2 = self.d2(self.pool(s1))
        m = self.mid(self.pool(s2))
        x = self.u2(torch.cat([self.up2(m), s2], dim=1))
        x = self.u1(torch.cat([self.up1(x), s1], dim=1))
        return self.out(x)

def init_weights(m):
    if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d)):
        nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
        if m.bias is not None:
            nn.init.zeros_(m.bias)
    elif isinstance(m, nn.BatchNorm2d):
        nn.init.ones_(m.weight); nn.init.zeros_(m.bias)

net = UNet()
net.apply(init_weights)
print(net.u1)
print("params", sum(p.numel() for p in net.parameters()), "trainable", sum(p.numel() for p in net.parameters() if p.requires_grad))
print([n for n, _ in net.named_buffers()][:6])
imgs = torch.zeros(8, 1, 16, 16); masks = torch.zeros(8, 16, 16, dtype=torch.long)
for i in range(8):
    r, c = torch.randint(2, 10, (2,)).tolist()
    imgs[i, 0, r:r + 5, c:c + 5] = 1.0
    masks[i, r:r + 5, c:c + 5] = 1
imgs = imgs + 0.3 * torch.randn_like(imgs)
print(imgs.shape, masks.sum().item(), masks.dtype)
def dice(logits, target, eps=1.0):
    prob = logits.softmax(1)[:, 1]
    inter = (prob * target).sum((1, 2))
    return 1 - ((2 * inter + eps) / (prob.sum((1, 2)) + target.sum((1, 2)) + eps)).mean()
opt = torch.optim.Adam(net.parameters(), lr=1e-2)
for epoch in range(8):
    net.train()
    logits = net(imgs)
    ce = F.cross_entropy(logits, masks, weight=torch.tensor([0.3, 0.7]))
    dl = dice(logits, masks.float())
    loss = ce + dl
    opt.zero_grad(); loss.backward(); opt.step()
    with torch.no_grad():
        pred = logits.argmax(1)
        iou = ((pred == 1) & (masks == 1)).sum() / ((pred == 1) | (masks == 1)).sum()
    print(f"epoch {epoch} ce {ce.item():.4f} dice {dl.item():.4f} iou {iou.item():.3f}")
print(net.d1[1].running_mean.round(decimals=3), net.d1[1].num_batches_tracked)
net.eval()
with torch.no_grad():
    p = net(imgs[:1]).softmax(1)
print(p.shape, p[0, 1, 4:8, 4:8].round(decimals=2))
print(net.up1.weight.shape, net.up1(torch.randn(1, 8, 3, 3)).shape)
print(F.interpolate(torch.arange(4.).view(1, 1, 2, 2), scale_factor=2, mode="nearest"))
print(F.interpolate(torch.arange(4.).view(1, 1, 2, 2), size=(3, 3), mode="bilinear", align_corners=True))
up = nn.ConvTranspose2d(1, 1, 3, stride=2, padding=1, output_padding=1)
print(up(torch.ones(1, 1, 3, 3)).shape, up)
''',
    'siamese_metric': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(13)
centers = torch.randn(4, 6) * 2
def sample(n):
    lab = torch.randint(0, 4, (n,))
    return centers[lab] + 0.5 * torch.randn(n, 6), lab
class Embed(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(6, 16), nn.PReLU(), nn.Linear(16, 4))
    def forward(self, x):
        return F.normalize(self.net(x), dim=-1)
emb = Embed()
print(emb)
triplet = nn.TripletMarginLoss(margin=0.5, p=2)
cosine = nn.CosineEmbeddingLoss(margin=0.2)
print(triplet, cosine)
opt = torch.optim.Adam(emb.parameters(), lr=1e-2)
for step in range(10):
    x, lab = sample(64)
    e = emb(x)
    d = torch.cdist(e, e)
    same = lab[:, None] == lab[None, :]
    pos_d = d.masked_fill(~same | torch.eye(64, dtype=torch.bool), -1.0)
    pos = pos_d.argmax(1)
    neg_d = d.masked_fill(same, 1e9)
    neg = neg_d.argmin(1)
    lt = triplet(e, e[pos], e[neg])
    pair_idx = torch.randperm(64)
    tgt = torch.where(lab == lab[pair_idx], 1.0, -1.0)
    lc = cosine(e, e[pair_idx], tgt)
    loss = lt + lc
    opt.zero_grad(); loss.backward(); opt.step()
    print(f"step {step} triplet {lt.item():.4f} cosine {lc.item():.4f}")
x, lab = sample(12)
with torch.no_grad():
    e = emb(x)
print(torch.cdist(e, e).shape, torch.cdist(e[:3], e[3:6]).round(decimals=3))
print(F.pairwise_distance(e[:3], e[3:6]).round(decimals=3))
print(F.cosine_similarity(e[:3], e[3:6]).round(decimals=3))
print(nn.PairwiseDistance(p=1)(e[:2], e[2:4]).round(decimals=3))
a, p_, n_ = torch.randn(5, 4), torch.randn(5, 4), torch.randn(5, 4)
print(F.triplet_margin_loss(a, p_, n_, margin=1.0, swap=True, reduction="none").round(decimals=4))
print(F.triplet_margin_with_distance_loss(a, p_, n_, distance_function=lambda u, v: 1 - F.cosine_similarity(u, v), margin=0.3))
print(F.cosine_embedding_loss(a, p_, torch.tensor([1, -1, 1, -1, 1]), reduction="none").round(decimals=4))
print(F.margin_ranking_loss(a[:, 0], p_[:, 0], torch.tensor([1., -1., 1., 1., -1.])))
print(nn.HingeEmbeddingLoss(margin=1.0)(torch.tensor([0.2, 1.5, 0.7]), torch.tensor([1, -1, -1])))
protos = torch.stack([emb(centers[i:i+1]).squeeze(0) for i in range(4)]).detach()
pred = (e @ protos.T).argmax(1)
print(pred, lab, (pred == lab).float().mean())
print(emb.net[1].weight)
''',
    'distill_label_smooth': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(14)
X = torch.randn(128, 10)
W = torch.randn(10, 5)
Y = (X @ W).argmax(1)
print(Y.bincount(minlength=5))
teacher = nn.Sequential(nn.Linear(10, 64), nn.ReLU(), nn.Linear(64, 5))
student = nn.Sequential(nn.Linear(10, 8), nn.ReLU(), nn.Linear(8, 5))
print("teacher", sum(p.numel() for p in teacher.parameters()), "student", sum(p.numel() for p in student.parameters()))
opt_t = torch.optim.Adam(teacher.parameters(), lr=1e-2)
ls = nn.CrossEntropyLoss(label_smoothing=0.1)
print(ls)
for epoch in range(15):
    loss = ls(teacher(X), Y)
    opt_t.zero_grad(); loss.backward(); opt_t.step()
    if epoch % 5 == 4:
        print(f"teacher {epoch} {loss.item():.4f} acc {(teacher(X).argmax(1) == Y).float().mean().item():.4f}")
teacher.eval()
for p in teacher.parameters():
    p.requires_grad_(False)
T = 3.0
kl = nn.KLDivLoss(reduction="batchmean", log_target=True)
kl2 = nn.KLDivLoss(reduction="batchmean")
print(kl, kl.log_target, kl2.log_target)
opt_s = torch.optim.SGD(student.parameters(), lr=0.2, momentum=0.9, nesterov=True, weight_decay=1e-4)
for epoch in range(12):
    with torch.no_grad():
        t_logits = teacher(X)
    s_logits = student(X)
    soft = kl(F.log_softmax(s_logits / T, -1), F.log_softmax(t_logits / T, -1)) * T * T
    soft2 = kl2(F.log_softmax(s_logits / T, -1), F.softmax(t_logits / T, -1)) * T * T
    hard = F.cross_entropy(s_logits, Y, label_smoothing=0.05)
    loss = 0.7 * soft + 0.3 * hard
    opt_s.zero_grad(); loss.backward(); opt_s.step()
    print(f"student {epoch:2d} soft {soft.item():.4f} soft2 {soft2.item():.4f} hard {hard.item():.4f}")
with torch.no_grad():
    agree = (student(X).argmax(1) == teacher(X).argmax(1)).float().mean()
print("agreement", agree)
p = torch.tensor([[0.1, 0.2, 0.7]]).log(); q = torch.tensor([[0.3, 0.3, 0.4]])
print(F.kl_div(p, q, reduction="none"), F.kl_div(p, q, reduction="sum"), F.kl_div(p, q.log(), reduction="mean", log_target=True))
try:
    F.kl_div(p, q)
except Exception as e:
    print(type(e).__name__)
logits = torch.tensor([[2.0, 0.5, -1.0], [0.1, 0.2, 0.3]])
for eps in [0.0, 0.1, 0.5]:
    print(eps, F.cross_entropy(logits, torch.tensor([0, 2]), label_smoothing=eps).item())
print(F.cross_entropy(logits, torch.tensor([[0.9, 0.05, 0.05], [0.0, 0.0, 1.0]]), label_smoothing=0.2))
print(F.cross_entropy(logits, torch.tensor([0, -100]), label_smoothing=0.1, ignore_index=-100))
print(F.cross_entropy(logits, torch.tensor([0, 2]), weight=torch.tensor([1.0, 2.0, 3.0]), label_smoothing=0.1, reduction="none"))
try:
    nn.CrossEntropyLoss(label_smoothing=1.5)(logits, torch.tensor([0, 1]))
except Exception as e:
    print(type(e).__name__, e)
print(student[0].weight.grad.norm().item() > 0, teacher[0].weight.grad.shape, teacher[0].weight.requires_grad)
''',
    'bn_dropout_modes': r'''
import torch
import torch.nn as nn
torch.manual_seed(15)
class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(4, 6)
        self.bn = nn.BatchNorm1d(6, momentum=0.2)
        self.drop = nn.Dropout(p=0.5)
        self.fc2 = nn.Linear(6, 2)
    def forward(self, x):
        return self.fc2(self.drop(torch.relu(self.bn(self.fc1(x)))))
m = MLP()
print(m)
print(m.bn.running_mean, m.bn.running_var, m.bn.num_batches_tracked)
print(m.bn.momentum, m.bn.eps, m.bn.affine, m.bn.track_running_stats)
x = torch.randn(10, 4)
out1 = m(x); out2 = m(x)
print("train differs", not torch.equal(out1, out2))
print(m.bn.running_mean.round(decimals=4), m.bn.running_var.round(decimals=4), m.bn.num_batches_tracked)
m.eval()
e1 = m(x); e2 = m(x)
print("eval same", torch.equal(e1, e2), m.training, m.drop.training)
print(e1.round(decimals=4))
m.train()
m.drop.eval()
print([(n, mod.training) for n, mod in m.named_modules()])
d = nn.Dropout(0.3)
t = torch.ones(2, 8)
print(d(t))
print(nn.functional.dropout(t, 0.5, training=False).sum())
print(nn.Dropout2d(0.5)(torch.ones(1, 4, 2, 2)))
print(nn.AlphaDropout(0.2)(torch.ones(6)))
bn = nn.BatchNorm1d(3, momentum=None)
for i in range(3):
    bn(torch.randn(5, 3) * (i + 1))
print(bn.running_mean.round(decimals=4), bn.running_var.round(decimals=4), bn.num_batches_tracked)
bn2 = nn.BatchNorm1d(3, track_running_stats=False)
print(bn2, bn2.running_mean, bn2(torch.arange(6.).view(2, 3)))
bn2.eval()
print(bn2(torch.arange(6.).view(2, 3)))
bn3 = nn.BatchNorm2d(2, affine=False)
print(list(bn3.state_dict().keys()), bn3.weight)
bn3(torch.randn(2, 2, 3, 3))
bn3.reset_running_stats()
print(bn3.running_mean, bn3.running_var, bn3.num_batches_tracked)
try:
    nn.BatchNorm1d(3)(torch.randn(1, 3))
except ValueError as e:
    print("ValueError", e)
ln = nn.LayerNorm([2, 3], elementwise_affine=False)
print(ln, ln(torch.arange(6.).view(1, 2, 3)))
gn = nn.GroupNorm(2, 4)
print(gn, gn(torch.arange(8.).view(1, 4, 2)).round(decimals=4))
inorm = nn.InstanceNorm1d(2, track_running_stats=True)
inorm(torch.randn(3, 2, 5))
print(inorm, inorm.running_mean.round(decimals=4))
sd = m.state_dict()
print({k: tuple(v.shape) for k, v in sd.items()})
print(sd["bn.num_batches_tracked"], sd["bn.num_batches_tracked"].dtype)
m2 = MLP(); m2.load_state_dict(sd); m2.eval(); m.eval()
print(torch.equal(m2(x), m(x)))
del sd["bn.num_batches_tracked"]
print(m2.load_state_dict(sd, strict=False))
r = m2.load_state_dict({"fc1.weight": torch.zeros(6, 4)}, strict=False)
print(r.missing_keys[:3], r.unexpected_keys)
try:
    m2.load_state_dict({"fc1.weight": torch.zeros(5, 4)}, strict=False)
except RuntimeError as e:
    print("RuntimeError", e)
''',
    'optim_zoo': r'''
import torch
import torch.nn as nn
torch.manual_seed(16)
X = torch.randn(40, 5); true_w = torch.randn(5, 1); Y = X @ true_w + 0.1 * torch.randn(40, 1)
def fresh():
    torch.manual_seed(0)
    return nn.Linear(5, 1)
makers = {
    "SGD": lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9, dampening=0.1, weight_decay=1e-3),
    "Adam": lambda p: torch.optim.Adam(p, lr=0.05, amsgrad=True),
    "AdamW": lambda p: torch.optim.AdamW(p, lr=0.05, weight_decay=0.1),
    "NAdam": lambda p: torch.optim.NAdam(p, lr=0.05, momentum_decay=4e-3),
    "RAdam": lambda p: torch.optim.RAdam(p, lr=0.05, decoupled_weight_decay=True, weight_decay=0.01),
    "Adamax": lambda p: torch.optim.Adamax(p, lr=0.05),
    "Adagrad": lambda p: torch.optim.Adagrad(p, lr=0.2, lr_decay=0.01, initial_accumulator_value=0.1),
    "Adadelta": lambda p: torch.optim.Adadelta(p, lr=1.0, rho=0.9),
    "RMSprop": lambda p: torch.optim.RMSprop(p, lr=0.01, momentum=0.5, centered=True),
    "Rprop": lambda p: torch.optim.Rprop(p, lr=0.01, etas=(0.4, 1.3), step_sizes=(1e-5, 1.0)),
    "ASGD": lambda p: torch.optim.ASGD(p, lr=0.05, t0=3),
}
for name, mk in makers.items():
    m = fresh()
    opt = mk(m.parameters())
    losses = []
    for step in range(15):
        loss = nn.functional.mse_loss(m(X), Y)
        opt.zero_grad(); loss.backward(); opt.step()
        losses.append(loss.item())
    st = opt.state_dict()["state"][0]
    print(f"{name:8s} {losses[0]:.4f} {losses[7]:.4f} {losses[-1]:.4f}", sorted(st.keys()))
    if "step" in st:
        print("   step", st["step"], st["step"].dtype if torch.is_tensor(st["step"]) else type(st["step"]).__name__)
print(torch.optim.Adam(fresh().parameters(), lr=1e-3))
print(makers["SGD"](fresh().parameters()))
m = fresh()
opt = torch.optim.LBFGS(m.parameters(), lr=0.5, max_iter=10, history_size=5, line_search_fn="strong_wolfe")
def closure():
    opt.zero_grad()
    l = nn.functional.mse_loss(m(X), Y)
    l.backward()
    return l
for i in range(2):
    l = opt.step(closure)
    # (the second step's evaluation count hangs on the last bits of converged line searches, where
    # MKL's and OpenBLAS's matrix products differ: only the first step's counts are compared)
    counts = (opt.state[opt._params[0]]["func_evals"], opt.state[opt._params[0]]["n_iter"]) if i == 0 else ()
    print("lbfgs", i, f"{l.item():.5f}", *counts)
print(opt)
m = fresh()
opt = torch.optim.SGD([{"params": [m.weight]}, {"params": [m.bias], "lr": 0.5, "momentum": 0.0}], lr=0.01, momentum=0.9)
print(opt)
print([sorted(g.keys()) for g in opt.param_groups][0])
sd = opt.state_dict()
print(sd["param_groups"])
m2 = nn.Linear(3, 3)
opt.add_param_group({"params": m2.parameters(), "lr": 0.3})
print(len(opt.param_groups), opt.param_groups[2]["momentum"], opt.param_groups[2]["lr"])
try:
    opt.add_param_group({"params": [m.weight]})
except ValueError as e:
    print("ValueError", e)
try:
    torch.optim.Adam([torch.zeros(2)], lr=-1)
except ValueError as e:
    print("ValueError", e)
try:
    torch.optim.SGD(m.parameters(), lr=0.1, nesterov=True)
except ValueError as e:
    print("ValueError", e)
post = []
h = opt.register_step_post_hook(lambda o, a, k: post.append(len(o.param_groups)))
pre = opt.register_step_pre_hook(lambda o, a, k: post.append("pre"))
m(X).sum().backward(); opt.step()
print(post); h.remove(); pre.remove()
opt.zero_grad(set_to_none=False)
print(m.weight.grad, m2.weight.grad)
opt.zero_grad()
print(m.weight.grad)
''',
    'swa_ema': r'''
import torch
import torch.nn as nn
from torch.optim.swa_utils import AveragedModel, SWALR, update_bn, get_ema_multi_avg_fn, get_ema_avg_fn
from torch.utils.data import DataLoader, TensorDataset
torch.manual_seed(17)
X = torch.randn(64, 3); Y = (X[:, 0] * X[:, 1] > 0).long()
loader = DataLoader(TensorDataset(X, Y), batch_size=16, shuffle=True)
model = nn.Sequential(nn.Linear(3, 16), nn.BatchNorm1d(16), nn.ReLU(), nn.Linear(16, 2))
swa = AveragedModel(model)
ema = AveragedModel(model, multi_avg_fn=get_ema_multi_avg_fn(0.9))
ema2 = AveragedModel(model, avg_fn=get_ema_avg_fn(0.8), use_buffers=True)
print(swa)
print(swa.n_averaged, list(swa.state_dict().keys())[:4], len(ema2.state_dict()))
opt = torch.optim.SGD(model.parameters(), lr=0.1)
sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=10)
swa_sched = SWALR(opt, swa_lr=0.05, anneal_epochs=3, anneal_strategy="cos")
for epoch in range(10):
    for xb, yb in loader:
        loss = nn.functional.cross_entropy(model(xb), yb)
        opt.zero_grad(); loss.backward(); opt.step()
        ema.update_parameters(model); ema2.update_parameters(model)
    if epoch >= 5:
        swa.update_parameters(model)
        swa_sched.step()
    else:
        sched.step()
    print(f"epoch {epoch} loss {loss.item():.4f} lr {opt.param_groups[0]['lr']:.5f} n_avg {swa.n_averaged.item()}")
print(swa.module[1].running_mean.round(decimals=3))
update_bn(loader, swa)
print(swa.module[1].running_mean.round(decimals=3), swa.module[1].momentum)
swa.eval(); ema.eval(); model.eval()
with torch.no_grad():
    for name, m in [("model", model), ("swa", swa), ("ema", ema), ("ema2", ema2)]:
        acc = (m(X).argmax(1) == Y).float().mean().item()
        print(name, f"{acc:.4f}")
print(ema.n_averaged, ema2.n_averaged, ema2.use_buffers)
print(torch.allclose(swa.module[0].weight, model[0].weight))
p_avg = nn.Parameter(torch.zeros(3)); w = torch.ones(3)
print(get_ema_avg_fn(0.5)(p_avg, w, torch.tensor(1)))
''',
    'wgan_gp': r'''
import torch
import torch.nn as nn
import torch.autograd as autograd
torch.manual_seed(18)
def real_batch(n):
    theta = torch.rand(n) * 2 * torch.pi
    return torch.stack([theta.cos(), theta.sin()], 1) * 2 + 0.05 * torch.randn(n, 2)
G = nn.Sequential(nn.Linear(4, 32), nn.LeakyReLU(0.2), nn.Linear(32, 32), nn.ELU(), nn.Linear(32, 2))
D = nn.Sequential(nn.Linear(2, 32), nn.LeakyReLU(0.2), nn.Linear(32, 32), nn.SiLU(), nn.Linear(32, 1))
print(G); print(D)
optG = torch.optim.Adam(G.parameters(), lr=1e-3, betas=(0.5, 0.9))
optD = torch.optim.Adam(D.parameters(), lr=1e-3, betas=(0.5, 0.9))
def gradient_penalty(D, real, fake):
    a = torch.rand(real.size(0), 1)
    inter = (a * real + (1 - a) * fake).requires_grad_(True)
    out = D(inter)
    g, = autograd.grad(out, inter, grad_outputs=torch.ones_like(out), create_graph=True, retain_graph=True)
    return ((g.norm(2, dim=1) - 1) ** 2).mean(), g
for it in range(8):
    for _ in range(3):
        real = real_batch(32)
        fake = G(torch.randn(32, 4)).detach()
        gp, g = gradient_penalty(D, real, fake)
        d_loss = D(fake).mean() - D(real).mean() + 10 * gp
        optD.zero_grad(); d_loss.backward(); optD.step()
    fake = G(torch.randn(32, 4))
    g_loss = -D(fake).mean()
    optG.zero_grad(); g_loss.backward(); optG.step()
    print(f"it {it} d {d_loss.item():.4f} gp {gp.item():.4f} g {g_loss.item():.4f} |grad| {g.norm(dim=1).mean().item():.4f}")
print(g.requires_grad, g.grad_fn.name())
with torch.no_grad():
    s = G(torch.randn(5, 4))
print(s.round(decimals=3), s.norm(dim=1).round(decimals=3))
x = torch.tensor([[0.5, -1.0]], requires_grad=True)
y = D(x)
g1, = autograd.grad(y.sum(), x, create_graph=True)
g2 = autograd.grad(g1.sum(), x)[0]
print(g1.round(decimals=4), g2.round(decimals=4))
h = torch.autograd.functional.hessian(lambda t: D(t).sum(), torch.tensor([[0.5, -1.0]]))
print(h.shape, h.squeeze().round(decimals=4))
xs = torch.linspace(-1, 1, 5, requires_grad=True)
ys = torch.nn.functional.softplus(xs) * torch.sigmoid(xs)
d1, = autograd.grad(ys.sum(), xs, create_graph=True)
d2, = autograd.grad(d1.sum(), xs, create_graph=True)
d3, = autograd.grad(d2.sum(), xs)
print(d1.round(decimals=4)); print(d2.round(decimals=4)); print(d3.round(decimals=4))
for act in [nn.LeakyReLU(0.2), nn.ELU(), nn.SiLU(), nn.GELU(), nn.Mish(), nn.Softplus(beta=2), nn.Tanh(), nn.Hardswish(), nn.CELU(0.5), nn.SELU()]:
    t = torch.tensor([-1.5, -0.2, 0.3, 2.0], requires_grad=True)
    a1, = autograd.grad(act(t).sum(), t, create_graph=True)
    a2, = autograd.grad(a1.sum(), t, allow_unused=True)
    print(type(act).__name__, a1.round(decimals=4).tolist(), None if a2 is None else a2.round(decimals=4).tolist())
''',
    'pinn_ode': r'''
import math
import torch
import torch.nn as nn
torch.manual_seed(19)
class PINN(nn.Module):
    def __init__(self, h=20):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(1, h), nn.Tanh(), nn.Linear(h, h), nn.Tanh(), nn.Linear(h, 1))
        for m in self.net:
            if isinstance(m, nn.Linear):
                nn.init.xavier_normal_(m.weight)
                nn.init.constant_(m.bias, 0.01)
    def forward(self, t):
        return self.net(t)
model = PINN()
print(model)
print([p.shape for p in model.parameters()])
t_col = torch.linspace(0, 2, 30).unsqueeze(1).requires_grad_(True)
t0 = torch.zeros(1, 1, requires_grad=True)
opt = torch.optim.Adam(model.parameters(), lr=5e-3)
sched = torch.optim.lr_scheduler.StepLR(opt, step_size=10, gamma=0.7)
# solve u'' + u = 0, u(0)=1, u'(0)=0  -> cos t
for epoch in range(15):
    u = model(t_col)
    du, = torch.autograd.grad(u, t_col, torch.ones_like(u), create_graph=True)
    d2u, = torch.autograd.grad(du, t_col, torch.ones_like(du), create_graph=True)
    res = d2u + u
    u0 = model(t0)
    du0, = torch.autograd.grad(u0, t0, torch.ones_like(u0), create_graph=True)
    loss = res.pow(2).mean() + (u0 - 1).pow(2).sum() + du0.pow(2).sum()
    opt.zero_grad(); loss.backward()
    gn = torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=10.0, norm_type=2.0)
    opt.step(); sched.step()
    if epoch % 3 == 0:
        print(f"epoch {epoch:2d} loss {loss.item():.5f} res {res.abs().max().item():.4f} gn {gn.item():.4f} lr {sched.get_last_lr()[0]:.6f}")
with torch.no_grad():
    tt = torch.tensor([[0.0], [0.5], [1.0], [1.5]])
    print(torch.cat([tt, model(tt), tt.cos()], 1).round(decimals=3))
print(t_col.grad, du.requires_grad, d2u.grad_fn.name())
gi = torch.nn.utils.clip_grad_value_(model.parameters(), clip_value=0.01)
print(gi, max(p.grad.abs().max().item() for p in model.parameters()) <= 0.01)
vec = torch.nn.utils.parameters_to_vector(model.parameters())
print(vec.shape, vec.grad_fn.name())
torch.nn.utils.vector_to_parameters(torch.zeros_like(vec), model.parameters())
print(model.net[0].bias[:3], model(torch.ones(1, 1)))
gnorm = torch.nn.utils.clip_grad_norm_([p for p in model.parameters()], max_norm=1.0, norm_type="inf")
print(gnorm)
e = torch.nn.Parameter(torch.tensor([1.0, 2.0])); e.grad = torch.tensor([float("nan"), 1.0])
try:
    torch.nn.utils.clip_grad_norm_([e], 1.0, error_if_nonfinite=True)
except RuntimeError as ex:
    print("RuntimeError", ex)
print(torch.nn.utils.clip_grad_norm_([e], 1.0), e.grad)
print(torch.nn.utils.clip_grad_norm_([], 1.0))
''',
    'compile_ckpt_io': r'''
import io, os, tempfile, collections
import torch
import torch.nn as nn
torch.manual_seed(20)
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.enc = nn.Sequential(nn.Linear(4, 8), nn.ReLU())
        self.heads = nn.ModuleDict({"a": nn.Linear(8, 2), "b": nn.Linear(8, 1)})
        self.scales = nn.ParameterList([nn.Parameter(torch.ones(2)), nn.Parameter(torch.zeros(1))])
        self.extra = nn.ParameterDict({"temp": nn.Parameter(torch.tensor(1.5))})
        self.register_buffer("steps", torch.zeros((), dtype=torch.long))
        self.register_buffer("cache", torch.zeros(3), persistent=False)
    def forward(self, x):
        self.steps += 1
        h = self.enc(x)
        return self.heads["a"](h) * self.scales[0] / self.extra["temp"], self.heads["b"](h) + self.scales[1]
net = Net()
print(net)
print([n for n, _ in net.named_parameters()])
print(list(net.state_dict().keys()))
cnet = torch.compile(net, backend="eager")
print(type(cnet).__name__, isinstance(cnet, nn.Module))
X = torch.randn(16, 4); Ya = torch.randint(0, 2, (16,)); Yb = torch.randn(16, 1)
opt = torch.optim.Adam(cnet.parameters(), lr=1e-2)
for epoch in range(5):
    a, b = cnet(X)
    loss = nn.functional.cross_entropy(a, Ya) + nn.functional.mse_loss(b, Yb)
    opt.zero_grad(); loss.backward(); opt.step()
    print(epoch, f"{loss.item():.4f}", net.steps.item())
print(list(cnet.state_dict().keys())[:3])
tmp = tempfile.mkdtemp()
path = os.path.join(tmp, "ckpt.pth")
torch.save({"epoch": 5, "model_state_dict": net.state_dict(), "optimizer_state_dict": opt.state_dict(),
            "loss": loss.item(), "history": [1.0, 2.0], "meta": {"name": "net", "tuple": (1, 2)}}, path)
print(os.path.exists(path), os.path.getsize(path) > 0)
ck = torch.load(path, weights_only=True)
print(sorted(ck), ck["epoch"], round(ck["loss"], 4), ck["meta"])
net2 = Net(); opt2 = torch.optim.Adam(net2.parameters(), lr=1e-2)
print(net2.load_state_dict(ck["model_state_dict"]))
opt2.load_state_dict(ck["optimizer_state_dict"])
print(opt2.state_dict()["param_groups"][0]["params"], len(opt2.state), net2.steps)
print(torch.equal(net2.heads["a"].weight, net.heads["a"].weight), net2.cache)
for k, v in opt2.state_dict()["state"].items():
    print(k, v["step"], tuple(v["exp_avg"].shape))
    if k > 2: break
buf = io.BytesIO()
torch.save(net, buf)
buf.seek(0)
try:
    torch.load(buf)
except Exception as e:
    print(type(e).__name__, str(e).splitlines()[0][:60])
buf.seek(0)
whole = torch.load(buf, weights_only=False)
print(type(whole).__name__, whole.steps)
buf2 = io.BytesIO()
torch.save([torch.arange(3), torch.ones(2, dtype=torch.float16), {"x": torch.tensor(True)}], buf2)
buf2.seek(0)
print(torch.load(buf2))
t = torch.arange(10.)
view = t[2:5]
buf3 = io.BytesIO(); torch.save({"t": t, "v": view}, buf3); buf3.seek(0)
ld = torch.load(buf3)
ld["v"][0] = 100.
print(ld["t"], ld["v"])
Point = collections.namedtuple("Point", ["x", "y"])
from torch.utils.data import default_collate
print(default_collate([Point(torch.tensor(1.), 2), Point(torch.tensor(3.), 4)]))
print(default_collate([(1, "a"), (2, "b")]))
net.requires_grad_(False)
print(sum(p.requires_grad for p in net.parameters()))
print(net.get_submodule("heads.a"), net.get_parameter("extra.temp"))
n16 = Net().to(torch.float64)
print(n16.enc[0].weight.dtype, n16.steps.dtype, n16.cache.dtype)
print(net.heads["b"].weight.grad.shape, cnet._orig_mod is net)
''',
    'prune_amp': r'''
import torch
import torch.nn as nn
import torch.nn.utils.prune as prune
torch.manual_seed(21)
net = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 4))
prune.l1_unstructured(net[0], name="weight", amount=0.3)
prune.random_unstructured(net[2], name="bias", amount=0.5)
print([n for n, _ in net[0].named_parameters()], [n for n, _ in net[0].named_buffers()])
print(net[0].weight_mask.sum().item(), net[0].weight_mask.numel(), net[2].bias_mask)
print(type(net[0]._forward_pre_hooks[next(iter(net[0]._forward_pre_hooks))]).__name__)
prune.ln_structured(net[2], name="weight", amount=0.25, n=2, dim=0)
print(net[2].weight_mask.sum(1))
prune.global_unstructured([(net[0], "weight"), (net[2], "weight")], pruning_method=prune.L1Unstructured, amount=0.5)
print(f"{(net[0].weight == 0).float().mean().item():.4f}", f"{(net[2].weight == 0).float().mean().item():.4f}")
print(prune.is_pruned(net), list(net.state_dict().keys()))
prune.remove(net[0], "weight")
print([n for n, _ in net[0].named_parameters()], prune.is_pruned(net[0]))
x = torch.randn(4, 8)
print(torch.is_autocast_enabled("cpu"))
with torch.autocast(device_type="cpu", enabled=False):
    print(net(x).dtype, torch.is_autocast_enabled("cpu"))
lin = nn.Linear(3, 3).to(torch.float16)
print(lin.weight.dtype, lin(torch.ones(1, 3, dtype=torch.float16)).dtype)
hn = nn.Linear(3, 2).half()
print(hn.weight.dtype, hn.bias.round(decimals=2))
''',
    'dist_sampling': r'''
import torch
import torch.distributions as D
torch.manual_seed(22)
dists = [
    D.Normal(torch.tensor([0.0, 1.0]), torch.tensor([1.0, 0.5])),
    D.Bernoulli(probs=torch.tensor([0.3, 0.9])),
    D.Beta(torch.tensor([2.0, 0.5]), torch.tensor([3.0, 0.7])),
    D.Gamma(torch.tensor([2.0, 0.3]), torch.tensor([1.0, 2.0])),
    D.Dirichlet(torch.tensor([1.0, 2.0, 0.5])),
    D.Exponential(torch.tensor([1.5])),
    D.Poisson(torch.tensor([3.0, 20.0])),
    D.Binomial(10, torch.tensor([0.2, 0.7])),
    D.Geometric(torch.tensor([0.3])),
    D.Laplace(0.0, 2.0),
    D.Uniform(-1.0, 3.0),
    D.LogNormal(0.0, 0.5),
    D.Categorical(probs=torch.tensor([0.1, 0.6, 0.3])),
    D.OneHotCategorical(logits=torch.tensor([0.0, 1.0, 2.0])),
    D.Multinomial(5, probs=torch.tensor([0.2, 0.3, 0.5])),
    D.MultivariateNormal(torch.zeros(2), covariance_matrix=torch.tensor([[2.0, 0.5], [0.5, 1.0]])),
    D.StudentT(3.0),
    D.Cauchy(0.0, 1.0),
    D.Gumbel(0.0, 1.0),
    D.HalfNormal(1.0),
    D.Chi2(torch.tensor([3.0])),
    D.VonMises(torch.tensor([0.0]), torch.tensor([2.0])),
    D.RelaxedOneHotCategorical(torch.tensor(0.5), probs=torch.tensor([0.2, 0.8])),
    D.RelaxedBernoulli(torch.tensor(0.3), probs=torch.tensor([0.6])),
    D.ContinuousBernoulli(probs=torch.tensor([0.3])),
    D.NegativeBinomial(5, probs=torch.tensor([0.4])),
    D.Weibull(torch.tensor([1.0]), torch.tensor([1.5])),
    D.Pareto(torch.tensor([1.0]), torch.tensor([2.0])),
    D.Kumaraswamy(torch.tensor([2.0]), torch.tensor([3.0])),
    D.LKJCholesky(3, concentration=2.0),
    D.FisherSnedecor(torch.tensor([3.0]), torch.tensor([5.0])),
    D.InverseGamma(torch.tensor([2.0]), torch.tensor([1.0])),
]
for d in dists:
    torch.manual_seed(1)
    s = d.sample((3,))
    lp = d.log_prob(s)
    print(type(d).__name__, s.shape, s.double().round(decimals=4).tolist(), lp.round(decimals=3).tolist())
    try:
        print("   mean", d.mean.round(decimals=4).tolist(), "ent", d.entropy().round(decimals=4).tolist())
    except NotImplementedError as e:
        print("   NotImplementedError", type(d).__name__)
for d in [D.Normal(0.0, 1.0), D.Beta(torch.tensor([2.0]), torch.tensor([2.0])), D.Gamma(torch.tensor([3.0]), torch.tensor([1.0])), D.Dirichlet(torch.ones(3)), D.Exponential(torch.tensor([1.0]))]:
    if d.has_rsample:
        torch.manual_seed(2)
        x = d.rsample((2,))
        print(type(d).__name__, "rsample", x.round(decimals=4).tolist(), x.requires_grad)
p = torch.tensor([0.2, 0.5], requires_grad=True)
conc = torch.tensor([2.0, 3.0], requires_grad=True)
torch.manual_seed(3)
g = D.Gamma(conc, torch.ones(2)).rsample((4,))
g.sum().backward()
print(g.round(decimals=4), conc.grad.round(decimals=4))
''',
    'masked_lm': r'''
import math
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(23)
PAD, MASK, CLS = 0, 1, 2
V, L, D = 20, 10, 32
def make_batch(n):
    lens = torch.randint(5, L + 1, (n,))
    x = torch.full((n, L), PAD)
    for i, l in enumerate(lens.tolist()):
        start = torch.randint(3, V - l, (1,)).item()
        x[i, :l] = torch.arange(start, start + l)
    x[:, 0] = CLS
    return x, lens
def mask_tokens(x, p=0.2):
    labels = x.clone()
    prob = torch.full(x.shape, p)
    prob[(x == PAD) | (x == CLS)] = 0.0
    m = torch.bernoulli(prob).bool()
    labels[~m] = -100
    inp = x.clone()
    replace = torch.bernoulli(torch.full(x.shape, 0.8)).bool() & m
    inp[replace] = MASK
    rand = torch.bernoulli(torch.full(x.shape, 0.5)).bool() & m & ~replace
    inp[rand] = torch.randint(3, V, x.shape)[rand]
    return inp, labels
class PosEnc(nn.Module):
    def __init__(self, d, n=64):
        super().__init__()
        pos = torch.arange(n).unsqueeze(1)
        div = torch.exp(torch.arange(0, d, 2) * (-math.log(10000.0) / d))
        pe = torch.zeros(n, d)
        pe[:, 0::2] = torch.sin(pos * div); pe[:, 1::2] = torch.cos(pos * div)
        self.register_buffer("pe", pe)
    def forward(self, x):
        return x + self.pe[: x.size(1)]
class MLM(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(V, D, padding_idx=PAD)
        self.pos = PosEnc(D)
        layer = nn.TransformerEncoderLayer(D, 4, 64, dropout=0.0, batch_first=True)
        self.enc = nn.TransformerEncoder(layer, 2, enable_nested_tensor=False)
        self.lm = nn.Linear(D, V)
    def forward(self, x):
        h = self.enc(self.pos(self.emb(x) * math.sqrt(D)), src_key_padding_mask=(x == PAD))
        return self.lm(h)
model = MLM()
print(model.enc.layers[0])
print(sum(p.numel() for p in model.parameters()), model.pos.pe.shape, list(model.state_dict())[:3])
opt = torch.optim.AdamW(model.parameters(), lr=2e-3, weight_decay=0.01)
sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / 5))
for step in range(12):
    x, lens = make_batch(16)
    inp, labels = mask_tokens(x)
    logits = model(inp)
    loss = F.cross_entropy(logits.view(-1, V), labels.view(-1), ignore_index=-100)
    opt.zero_grad(); loss.backward()
    gn = torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    opt.step(); sched.step()
    n_masked = (labels != -100).sum().item()
    acc = (logits.argmax(-1)[labels != -100] == labels[labels != -100]).float().mean().item()
    print(f"step {step:2d} loss {loss.item():.4f} masked {n_masked} acc {acc:.3f} gn {gn.item():.3f} lr {sched.get_last_lr()[0]:.5f}")
print(inp[0], labels[0], sep="\n")
model.eval()
with torch.no_grad():
    x = torch.tensor([[CLS, 5, 6, MASK, 8, 9, PAD, PAD, PAD, PAD]])
    p = model(x).softmax(-1)[0, 3]
    top = p.topk(3)
    print(top.indices, top.values.round(decimals=3))
print(model.emb.weight[PAD].abs().sum(), model.emb.weight.grad[PAD].abs().sum())
''',
    'realnvp_flow': r'''
import torch
import torch.nn as nn
from torch.distributions import Normal, Independent, TransformedDistribution
from torch.distributions.transforms import AffineTransform, SigmoidTransform, ComposeTransform, ExpTransform, TanhTransform
torch.manual_seed(24)
def moons(n):
    t = torch.rand(n) * torch.pi
    upper = torch.rand(n) < 0.5
    x = torch.where(upper, t.cos(), 1 - t.cos())
    y = torch.where(upper, t.sin(), 0.5 - t.sin())
    return torch.stack([x, y], 1) + 0.05 * torch.randn(n, 2)
class Coupling(nn.Module):
    def __init__(self, mask):
        super().__init__()
        self.register_buffer("mask", mask)
        self.s = nn.Sequential(nn.Linear(2, 32), nn.ReLU(), nn.Linear(32, 2), nn.Tanh())
        self.t = nn.Sequential(nn.Linear(2, 32), nn.ReLU(), nn.Linear(32, 2))
    def forward(self, x):
        xm = x * self.mask
        s = self.s(xm) * (1 - self.mask); t = self.t(xm) * (1 - self.mask)
        return xm + (1 - self.mask) * (x * s.exp() + t), s.sum(1)
    def inverse(self, y):
        ym = y * self.mask
        s = self.s(ym) * (1 - self.mask); t = self.t(ym) * (1 - self.mask)
        return ym + (1 - self.mask) * ((y - t) * (-s).exp())
class Flow(nn.Module):
    def __init__(self, n=4):
        super().__init__()
        masks = [torch.tensor([1.0, 0.0]) if i % 2 == 0 else torch.tensor([0.0, 1.0]) for i in range(n)]
        self.layers = nn.ModuleList([Coupling(m) for m in masks])
        self.base = Independent(Normal(torch.zeros(2), torch.ones(2)), 1)
    def log_prob(self, x):
        ld = torch.zeros(x.shape[0])
        for l in self.layers:
            x, d = l(x)
            ld = ld + d
        return self.base.log_prob(x) + ld
    def sample(self, n):
        z = self.base.sample((n,))
        for l in reversed(self.layers):
            z = l.inverse(z)
        return z
flow = Flow()
print(flow.layers[0])
print(flow.base, flow.base.event_shape, flow.base.batch_shape)
opt = torch.optim.Adam(flow.parameters(), lr=3e-3)
for it in range(15):
    x = moons(128)
    loss = -flow.log_prob(x).mean()
    opt.zero_grad(); loss.backward(); opt.step()
    if it % 3 == 0:
        print(f"it {it:2d} nll {loss.item():.4f}")
with torch.no_grad():
    s = flow.sample(4)
    x = moons(3)
    z = x
    for l in flow.layers:
        z, _ = l(z)
    back = z
    for l in reversed(flow.layers):
        back = l.inverse(back)
print(s.shape, torch.allclose(back, x, atol=1e-5))
base = Normal(torch.zeros(2), torch.ones(2))
td = TransformedDistribution(base, [AffineTransform(loc=1.0, scale=2.0), SigmoidTransform()])
print(td, td.support)
torch.manual_seed(5)
v = td.sample((3,))
print(v.round(decimals=4), td.log_prob(v).round(decimals=3))
ct = ComposeTransform([ExpTransform(), AffineTransform(0.0, 3.0)])
y = ct(torch.tensor([0.0, 0.5]))
print(y, ct.inv(y), ct.log_abs_det_jacobian(torch.tensor([0.0, 0.5]), y))
tanh_n = TransformedDistribution(Normal(torch.tensor([0.5]), torch.tensor([1.0])), [TanhTransform(cache_size=1)])
torch.manual_seed(6)
a = tanh_n.rsample((3,))
print(a.round(decimals=4), tanh_n.log_prob(a).round(decimals=3))
print(ExpTransform(), AffineTransform(0.0, 3.0).sign, SigmoidTransform().domain, TanhTransform().codomain)
''',
    'maml_sine': r'''
import math
import torch
import torch.nn as nn
from torch.func import functional_call
torch.manual_seed(25)
def task():
    amp = torch.empty(1).uniform_(0.1, 5.0).item(); ph = torch.empty(1).uniform_(0, math.pi).item()
    def f(n):
        x = torch.empty(n, 1).uniform_(-5, 5)
        return x, amp * torch.sin(x + ph)
    return f
net = nn.Sequential(nn.Linear(1, 40), nn.ReLU(), nn.Linear(40, 40), nn.ReLU(), nn.Linear(40, 1))
meta_opt = torch.optim.Adam(net.parameters(), lr=1e-3)
inner_lr = 0.01
print(net, sum(p.numel() for p in net.parameters()))
for it in range(8):
    meta_opt.zero_grad()
    meta_loss = 0.0
    pre, post = 0.0, 0.0
    for _ in range(4):
        f = task()
        xs, ys = f(10); xq, yq = f(10)
        params = dict(net.named_parameters())
        l0 = nn.functional.mse_loss(functional_call(net, params, (xs,)), ys)
        grads = torch.autograd.grad(l0, params.values(), create_graph=True)
        fast = {n: p - inner_lr * g for (n, p), g in zip(params.items(), grads)}
        lq = nn.functional.mse_loss(functional_call(net, fast, (xq,)), yq)
        meta_loss = meta_loss + lq
        pre += l0.item(); post += lq.item()
    (meta_loss / 4).backward()
    gn = torch.nn.utils.get_total_norm([p.grad for p in net.parameters()])
    meta_opt.step()
    print(f"it {it} pre {pre / 4:.4f} post {post / 4:.4f} gn {gn.item():.4f}")
print(fast["0.weight"].grad_fn.name(), fast["0.weight"].requires_grad, fast["0.weight"].is_leaf)
print(net[0].weight.grad.shape, net[4].bias.grad.round(decimals=4))
w = torch.tensor([1.0, 2.0], requires_grad=True)
loss = (w ** 3).sum()
g, = torch.autograd.grad(loss, w, create_graph=True)
print(g, g.grad_fn.name())
w2 = w - 0.1 * g
outer = (w2 ** 2).sum()
outer.backward()
print(w.grad)
params = {k: v.detach().clone() for k, v in net.named_parameters()}
out1 = functional_call(net, params, (torch.ones(2, 1),))
print(torch.allclose(out1, net(torch.ones(2, 1))), out1.requires_grad)
try:
    torch.autograd.grad(loss, w)
except RuntimeError as e:
    print("RuntimeError", str(e)[:90])
x = torch.tensor(2.0, requires_grad=True)
y = x ** 2
g1 = torch.autograd.grad(y, x, create_graph=True)[0]
g2 = torch.autograd.grad(g1, x, create_graph=True)[0]
g3 = torch.autograd.grad(g2, x, allow_unused=True, materialize_grads=True)[0]
print(g1, g2, g3)
''',
    'iterable_workers': r'''
import math
import torch
from torch.utils.data import IterableDataset, DataLoader, get_worker_info, Dataset, ChainDataset, StackDataset, TensorDataset
torch.manual_seed(26)
class RangeStream(IterableDataset):
    def __init__(self, start, end):
        super().__init__()
        self.start, self.end = start, end
    def __iter__(self):
        info = get_worker_info()
        if info is None:
            lo, hi = self.start, self.end
        else:
            per = int(math.ceil((self.end - self.start) / float(info.num_workers)))
            lo = self.start + info.id * per
            hi = min(lo + per, self.end)
        for i in range(lo, hi):
            yield torch.tensor([float(i), float(i * i)]), i % 3
ds = RangeStream(0, 10)
print(list(DataLoader(ds, batch_size=4)))
print(get_worker_info())
for b in DataLoader(ds, batch_size=3, drop_last=True):
    print(b[0].shape, b[1])
try:
    DataLoader(ds, shuffle=True)
except ValueError as e:
    print("ValueError", e)
try:
    len(DataLoader(ds))
except TypeError as e:
    print("TypeError", e)
chain = ChainDataset([RangeStream(0, 2), RangeStream(5, 7)])
print([x[1] for x in chain])
sd = StackDataset(TensorDataset(torch.arange(3)), torch.arange(3) * 10)
print(len(sd), sd[1])
sd2 = StackDataset(a=torch.arange(3), b=[4, 5, 6])
print(sd2[2], list(DataLoader(sd2, batch_size=2)))
class Squares(Dataset):
    def __len__(self):
        return 7
    def __getitem__(self, i):
        return i, i * i
c = Squares() + Squares()
print(len(c), c[8], type(c).__name__)
def wif(wid):
    pass
dl = DataLoader(Squares(), batch_size=3, shuffle=True, generator=torch.Generator().manual_seed(3), worker_init_fn=wif)
print([b for b in dl])
print(len(dl), dl.batch_size, dl.drop_last, type(dl.sampler).__name__, type(dl.batch_sampler).__name__)
dl2 = DataLoader(Squares(), batch_size=None)
print([b for b in dl2][:3])
it = iter(DataLoader(Squares(), batch_size=2, shuffle=True))
print(type(it).__name__, next(it))
torch.manual_seed(5)
a = [b[0].tolist() for b in DataLoader(Squares(), batch_size=7, shuffle=True)]
torch.manual_seed(5)
b = [b[0].tolist() for b in DataLoader(Squares(), batch_size=7, shuffle=True)]
print(a, a == b, torch.rand(1))
''',
    'gcn_scatter': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(27)
N, Fdim, C = 12, 5, 3
labels = torch.arange(N) % C
X = F.one_hot(labels, C).float() @ torch.randn(C, Fdim) + 0.8 * torch.randn(N, Fdim)
src, dst = [], []
for i in range(N):
    for j in range(N):
        if i != j and (labels[i] == labels[j] and torch.rand(1).item() < 0.5 or torch.rand(1).item() < 0.08):
            src.append(i); dst.append(j)
edge_index = torch.tensor([src, dst])
print(edge_index.shape, edge_index[:, :6])
deg = torch.zeros(N).index_add_(0, edge_index[1], torch.ones(edge_index.shape[1])) + 1
print(deg)
class GCNLayer(nn.Module):
    def __init__(self, i, o):
        super().__init__()
        self.lin = nn.Linear(i, o, bias=False)
        self.bias = nn.Parameter(torch.zeros(o))
    def forward(self, x, ei):
        h = self.lin(x)
        s, d = ei
        norm = deg[s].rsqrt() * deg[d].rsqrt()
        msg = h[s] * norm.unsqueeze(1)
        out = torch.zeros_like(h).index_add(0, d, msg)
        return out + h / deg.unsqueeze(1) + self.bias
class GCN(nn.Module):
    def __init__(self):
        super().__init__()
        self.l1 = GCNLayer(Fdim, 16); self.l2 = GCNLayer(16, C)
    def forward(self, x, ei):
        return self.l2(F.dropout(F.relu(self.l1(x, ei)), 0.3, self.training), ei)
model = GCN()
print(model)
train_mask = torch.zeros(N, dtype=torch.bool); train_mask[:6] = True
opt = torch.optim.Adam(model.parameters(), lr=0.02, weight_decay=5e-4)
for epoch in range(10):
    model.train()
    out = model(X, edge_index)
    loss = F.cross_entropy(out[train_mask], labels[train_mask])
    opt.zero_grad(); loss.backward(); opt.step()
    model.eval()
    with torch.no_grad():
        pred = model(X, edge_index).argmax(1)
    print(f"epoch {epoch} loss {loss.item():.4f} train {(pred[train_mask] == labels[train_mask]).float().mean().item():.3f} test {(pred[~train_mask] == labels[~train_mask]).float().mean().item():.3f}")
vals = torch.tensor([1.0, 5.0, 2.0, 7.0, 3.0, 4.0])
idx = torch.tensor([0, 1, 0, 1, 2, 2])
for red in ["sum", "prod", "mean", "amax", "amin"]:
    for inc in [True, False]:
        print(red, inc, torch.zeros(4).scatter_reduce(0, idx, vals, reduce=red, include_self=inc))
print(torch.zeros(3, 2).scatter_add_(0, torch.tensor([[0, 1], [2, 0]]), torch.ones(2, 2)))
print(torch.full((3,), 10.0).scatter_(0, torch.tensor([2, 0]), torch.tensor([1.0, 2.0]), reduce="multiply"))
print(torch.zeros(2, 3).scatter(1, torch.tensor([[2], [0]]), 9.0))
h = torch.randn(N, 4, requires_grad=True)
agg = torch.zeros(N, 4).scatter_reduce(0, edge_index[1].unsqueeze(1).expand(-1, 4), h[edge_index[0]], reduce="amax", include_self=False)
agg.sum().backward()
print(agg.shape, h.grad.sum(0), agg.grad_fn.name())
m = torch.zeros(N, 4).scatter_reduce(0, edge_index[1].unsqueeze(1).expand(-1, 4), h[edge_index[0]], reduce="mean")
print(m[:2].round(decimals=4))
print(torch.bincount(edge_index[0], minlength=N), torch.unique(edge_index[1], return_counts=True)[1])
adj = torch.sparse_coo_tensor(edge_index, torch.ones(edge_index.shape[1]), (N, N)) if False else None
A = torch.zeros(N, N); A[edge_index[0], edge_index[1]] = 1
print(A.sum().item(), torch.equal(A.sum(0), deg - 1), (A @ A).diagonal()[:6])
''',
    'tcn_old_weight_norm': r'''
import warnings
import torch
import torch.nn as nn
from torch.nn.utils import weight_norm, spectral_norm, remove_weight_norm, remove_spectral_norm
torch.manual_seed(28)
class Chomp(nn.Module):
    def __init__(self, s):
        super().__init__(); self.s = s
    def forward(self, x):
        return x[:, :, :-self.s].contiguous()
    def extra_repr(self):
        return f"chomp={self.s}"
class TemporalBlock(nn.Module):
    def __init__(self, cin, cout, k, d):
        super().__init__()
        pad = (k - 1) * d
        self.net = nn.Sequential(weight_norm(nn.Conv1d(cin, cout, k, padding=pad, dilation=d)), Chomp(pad), nn.ReLU(),
                                 weight_norm(nn.Conv1d(cout, cout, k, padding=pad, dilation=d)), Chomp(pad), nn.ReLU())
        self.down = nn.Conv1d(cin, cout, 1) if cin != cout else None
    def forward(self, x):
        res = x if self.down is None else self.down(x)
        return torch.relu(self.net(x) + res)
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter("always")
    tcn = nn.Sequential(TemporalBlock(1, 8, 3, 1), TemporalBlock(8, 8, 3, 2))
    print(len(w), w[0].category.__name__ if w else None)
head = nn.Linear(8, 1)
print(tcn)
print([n for n, _ in tcn[0].net[0].named_parameters()])
print(tcn[0].net[0].weight_g.shape, tcn[0].net[0].weight_v.shape, tcn[0].net[0].weight.shape)
t = torch.linspace(0, 12, 64)
series = (t.sin() + 0.5 * (2 * t).cos()).view(1, 1, -1)
windows = series.unfold(2, 16, 4)
print(series.shape, windows.shape)
X = windows[0, 0, :-1].unsqueeze(1)
Y = windows[0, 0, 1:, -1:]
print(X.shape, Y.shape)
opt = torch.optim.SGD(list(tcn.parameters()) + list(head.parameters()), lr=0.05, momentum=0.9)
for epoch in range(10):
    out = head(tcn(X)[:, :, -1])
    loss = nn.functional.mse_loss(out, Y)
    opt.zero_grad(); loss.backward(); opt.step()
    print(f"epoch {epoch} l1 {loss.item():.4f} g_norm {tcn[0].net[0].weight_g.grad.norm().item():.4f}")
sn = spectral_norm(nn.Linear(4, 4), n_power_iterations=2)
print([n for n, _ in sn.named_parameters()], [n for n, _ in sn.named_buffers()])
for _ in range(3):
    sn(torch.randn(2, 4))
print(torch.linalg.matrix_norm(sn.weight.detach(), 2).round(decimals=2))
remove_spectral_norm(sn)
print([n for n, _ in sn.named_parameters()])
c = tcn[0].net[0]
remove_weight_norm(c)
print([n for n, _ in c.named_parameters()], c)
try:
    remove_weight_norm(c)
except ValueError as e:
    print("ValueError", e)
try:
    weight_norm(sn, name="weight"); weight_norm(sn, name="weight")
except RuntimeError as e:
    print("RuntimeError", e)
print(nn.functional.pad(torch.arange(4.).view(1, 1, 4), (2, 0)), nn.ConstantPad1d((1, 2), -1.0)(torch.ones(1, 2)))
print(nn.ReplicationPad1d(2)(torch.arange(3.).view(1, 1, 3)), nn.ReflectionPad1d(1)(torch.arange(3.).view(1, 1, 3)))
''',
    'mistakes_training': r'''
import os, warnings
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset, random_split, Subset, WeightedRandomSampler, RandomSampler, BatchSampler
from torch.optim import lr_scheduler as L
import torch.distributions as D
torch.manual_seed(29)
def attempt(label, fn):
    with warnings.catch_warnings(record=True) as ws:
        warnings.simplefilter("always")
        try:
            r = fn()
            out = r if not isinstance(r, torch.Tensor) else (tuple(r.shape), r.dtype)
            print(label, "->", out)
        except Exception as e:
            print(label, "->", type(e).__name__ + ":", e)
    for w in ws:
        print("   warn", w.category.__name__, str(w.message)[:150])
ds = TensorDataset(torch.randn(10, 2), torch.arange(10))
attempt("tensords mismatch", lambda: TensorDataset(torch.randn(3), torch.randn(4)))
attempt("split bad lengths", lambda: random_split(ds, [3, 3]))
attempt("split fractions", lambda: [len(s) for s in random_split(ds, [0.33, 0.33, 0.34], generator=torch.Generator().manual_seed(0))])
attempt("split bad fractions", lambda: random_split(ds, [0.5, 0.6]))
attempt("dl sampler+shuffle", lambda: DataLoader(ds, sampler=RandomSampler(ds), shuffle=True))
attempt("dl batch_sampler+bs", lambda: DataLoader(ds, batch_sampler=BatchSampler(RandomSampler(ds), 2, False), batch_size=3))
attempt("dl drop_last None bs", lambda: DataLoader(ds, batch_size=None, drop_last=True))
attempt("dl negative workers", lambda: DataLoader(ds, num_workers=-1))
attempt("dl bad collate item", lambda: next(iter(DataLoader([object(), object()], batch_size=2))))
attempt("dl prefetch no workers", lambda: DataLoader(ds, prefetch_factor=2))
attempt("wrs negative", lambda: list(WeightedRandomSampler([0.5, -1.0], 2)))
attempt("wrs num_samples", lambda: WeightedRandomSampler([0.5, 1.0], 0))
attempt("wrs bad weights shape", lambda: WeightedRandomSampler(torch.ones(2, 2), 2))
attempt("wrs no replacement", lambda: list(WeightedRandomSampler([1.0, 1.0], 3, replacement=False)))
attempt("random sampler num_samples", lambda: RandomSampler(ds, num_samples=0))
attempt("batch sampler bs", lambda: BatchSampler(RandomSampler(ds), 0, False))
attempt("subset oob", lambda: Subset(ds, [20])[0])
m = nn.Linear(2, 1)
opt = torch.optim.SGD(m.parameters(), lr=0.1)
def sched_before():
    o = torch.optim.SGD(nn.Linear(2, 1).parameters(), lr=0.1)
    s = L.StepLR(o, 1)
    s.step()
    return o.param_groups[0]["lr"]
attempt("sched before opt", sched_before)
attempt("onecycle no steps", lambda: L.OneCycleLR(opt, max_lr=0.1))
attempt("onecycle bad strategy", lambda: L.OneCycleLR(opt, max_lr=0.1, total_steps=5, anneal_strategy="exp"))
attempt("plateau mode", lambda: L.ReduceLROnPlateau(opt, mode="up"))
attempt("plateau factor", lambda: L.ReduceLROnPlateau(opt, factor=1.5))
attempt("sequential milestones", lambda: L.SequentialLR(opt, [L.ConstantLR(opt), L.ExponentialLR(opt, 0.9)], milestones=[1, 2]))
attempt("lambda count", lambda: L.LambdaLR(opt, [lambda e: 1.0, lambda e: 2.0]))
attempt("warm restarts T0", lambda: L.CosineAnnealingWarmRestarts(opt, T_0=0))
attempt("warm restarts Tmult", lambda: L.CosineAnnealingWarmRestarts(opt, T_0=2, T_mult=0))
attempt("linear start", lambda: L.LinearLR(opt, start_factor=0))
attempt("step no step_size", lambda: L.StepLR(opt))
attempt("no initial_lr", lambda: L.StepLR(torch.optim.SGD(nn.Linear(2, 1).parameters(), lr=0.1), 2, last_epoch=3))
attempt("opt single tensor", lambda: torch.optim.SGD(torch.zeros(2, requires_grad=True), lr=0.1))
attempt("opt non-leaf", lambda: torch.optim.Adam([torch.zeros(2, requires_grad=True) * 2]))
attempt("opt betas", lambda: torch.optim.Adam(m.parameters(), betas=(1.0, 0.9)))
attempt("opt wd", lambda: torch.optim.AdamW(m.parameters(), weight_decay=-0.1))
attempt("opt bad state groups", lambda: opt.load_state_dict({"state": {}, "param_groups": []}))
attempt("opt dict params", lambda: torch.optim.SGD({"a": m.weight}, lr=0.1))
attempt("opt lr tensor", lambda: torch.optim.Adam(m.parameters(), lr=torch.tensor(0.01)).param_groups[0]["lr"])
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(2, 2)
n = Net()
attempt("buffer dot", lambda: n.register_buffer("a.b", torch.zeros(1)))
attempt("buffer existing", lambda: n.register_buffer("fc", torch.zeros(1)))
attempt("param not param", lambda: n.register_parameter("p", torch.zeros(1)))
attempt("assign tensor to param", lambda: setattr(n.fc, "weight", torch.zeros(2, 2)))
attempt("add_module bad", lambda: n.add_module("x", 3))
attempt("module cuda", lambda: n.to("cuda"))
attempt("module bad getattr", lambda: n.fcc)
attempt("sequential bad append", lambda: nn.Sequential().append(3))
attempt("moduledict key", lambda: nn.ModuleDict({"a": nn.ReLU()})["b"])
attempt("modulelist idx", lambda: nn.ModuleList([nn.ReLU()])[2])
attempt("save bad dir", lambda: torch.save({}, "/nonexistent_dir_xyz/a.pt"))
attempt("load missing", lambda: torch.load("/nonexistent_dir_xyz/a.pt"))
attempt("normal validate", lambda: D.Normal(0.0, 1.0, validate_args=True).log_prob(torch.tensor([1.0])).shape)
attempt("beta outside", lambda: D.Beta(2.0, 2.0).log_prob(torch.tensor(1.5)))
attempt("bern outside", lambda: D.Bernoulli(probs=0.3).log_prob(torch.tensor(0.5)))
attempt("categorical oob", lambda: D.Categorical(logits=torch.zeros(3)).log_prob(torch.tensor(3)))
attempt("mvn not pd", lambda: D.MultivariateNormal(torch.zeros(2), covariance_matrix=torch.tensor([[1.0, 2.0], [2.0, 1.0]])))
attempt("dirichlet neg", lambda: D.Dirichlet(torch.tensor([1.0, -1.0])))
attempt("uniform low>high", lambda: D.Uniform(2.0, 1.0))
attempt("cat both", lambda: D.Categorical(probs=torch.ones(2), logits=torch.ones(2)))
attempt("kl not impl", lambda: D.kl_divergence(D.Beta(1.0, 2.0), D.Cauchy(0.0, 1.0)))
attempt("rsample bern", lambda: D.Bernoulli(0.5).rsample())
attempt("ckpt no grad input", lambda: torch.utils.checkpoint.checkpoint(nn.Linear(2, 2), torch.randn(1, 2), use_reentrant=True).requires_grad)
attempt("ckpt default", lambda: torch.utils.checkpoint.checkpoint(lambda x: x * 2, torch.randn(2, requires_grad=True)).grad_fn.name())
''',
    'double_dqn_soft': r'''
import random
from collections import deque, namedtuple
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(30); random.seed(30)
Transition = namedtuple("Transition", ("s", "a", "r", "s2", "done"))
class Chain:
    """5-state chain: action 1 moves right (reward 1 at the end), action 0 resets."""
    n = 5
    def reset(self):
        self.pos = 0
        return self.obs()
    def obs(self):
        return F.one_hot(torch.tensor(self.pos), self.n).float()
    def step(self, a):
        if a == 1:
            self.pos += 1
        else:
            self.pos = 0
        done = self.pos == self.n - 1
        return self.obs(), (1.0 if done else -0.01), done
class QNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(5, 32), nn.ReLU(), nn.Linear(32, 2))
    def forward(self, x):
        return self.net(x)
policy, target = QNet(), QNet()
target.load_state_dict(policy.state_dict())
target.eval()
print(all(torch.equal(a, b) for a, b in zip(policy.parameters(), target.parameters())))
opt = torch.optim.AdamW(policy.parameters(), lr=1e-3, amsgrad=True)
memory = deque(maxlen=200)
env = Chain()
gamma, tau = 0.9, 0.05
eps = 1.0
steps = 0
for ep in range(12):
    s = env.reset(); total = 0.0
    for t in range(12):
        if random.random() < eps:
            a = random.randrange(2)
        else:
            with torch.no_grad():
                a = policy(s).argmax().item()
        s2, r, done = env.step(a)
        memory.append(Transition(s, a, r, s2, done))
        s = s2; total += r; steps += 1
        if len(memory) >= 16:
            batch = Transition(*zip(*random.sample(memory, 16)))
            S = torch.stack(batch.s); A = torch.tensor(batch.a).unsqueeze(1)
            R = torch.tensor(batch.r); S2 = torch.stack(batch.s2); Dn = torch.tensor(batch.done, dtype=torch.float32)
            q = policy(S).gather(1, A).squeeze(1)
            with torch.no_grad():
                best = policy(S2).argmax(1, keepdim=True)
                q2 = target(S2).gather(1, best).squeeze(1)
                y = R + gamma * q2 * (1 - Dn)
            loss = F.smooth_l1_loss(q, y)
            opt.zero_grad(); loss.backward()
            torch.nn.utils.clip_grad_value_(policy.parameters(), 100)
            opt.step()
            with torch.no_grad():
                for tp, pp in zip(target.parameters(), policy.parameters()):
                    tp.lerp_(pp, tau)
        if done:
            break
    eps = max(0.05, eps * 0.7)
    print(f"ep {ep:2d} return {total:.2f} len {t + 1} eps {eps:.3f} mem {len(memory)}" + (f" loss {loss.item():.5f}" if len(memory) >= 16 else ""))
tsd = target.state_dict(); psd = policy.state_dict()
with torch.no_grad():
    for k in tsd:
        tsd[k].mul_(0.5).add_(psd[k], alpha=0.5)
target.load_state_dict(tsd)
with torch.no_grad():
    Q = policy(torch.eye(5))
print(Q.round(decimals=3), Q.argmax(1))
print(batch.a[:5], type(batch.s).__name__, S.shape, Dn)
t = torch.zeros(3); t.lerp_(torch.ones(3), torch.tensor([0.1, 0.5, 0.9]))
print(t, torch.lerp(torch.zeros(2), torch.ones(2), 0.25))
ps = [torch.ones(2), torch.ones(3)]
torch._foreach_mul_(ps, 0.9); torch._foreach_add_(ps, [torch.ones(2), torch.ones(3)], alpha=0.1)
print(ps)
print(torch._foreach_lerp([torch.zeros(2)], [torch.ones(2)], 0.3))
print(F.huber_loss(torch.tensor([0.0, 2.0, -3.0]), torch.zeros(3), delta=1.5, reduction="none"), F.smooth_l1_loss(torch.tensor([0.5, 2.0]), torch.zeros(2), beta=0.5))
''',
    'vqvae_ste': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(31)
class VQ(nn.Module):
    def __init__(self, K=8, D=4, beta=0.25, decay=0.9):
        super().__init__()
        self.K, self.D, self.beta, self.decay = K, D, beta, decay
        self.register_buffer("codebook", torch.randn(K, D))
        self.register_buffer("ema_count", torch.ones(K))
        self.register_buffer("ema_sum", self.codebook.clone())
    def forward(self, z):
        flat = z.reshape(-1, self.D)
        d = flat.pow(2).sum(1, keepdim=True) - 2 * flat @ self.codebook.T + self.codebook.pow(2).sum(1)
        idx = d.argmin(1)
        q = self.codebook[idx].view_as(z)
        if self.training:
            with torch.no_grad():
                onehot = F.one_hot(idx, self.K).type(flat.dtype)
                self.ema_count.mul_(self.decay).add_(onehot.sum(0), alpha=1 - self.decay)
                self.ema_sum.mul_(self.decay).add_(onehot.T @ flat, alpha=1 - self.decay)
                n = self.ema_count.sum()
                count = (self.ema_count + 1e-5) / (n + self.K * 1e-5) * n
                self.codebook.copy_(self.ema_sum / count.unsqueeze(1))
        commit = F.mse_loss(z, q.detach())
        q = z + (q - z).detach()
        probs = F.one_hot(idx, self.K).float().mean(0)
        perplexity = torch.exp(-(probs * (probs + 1e-10).log()).sum())
        return q, self.beta * commit, idx, perplexity
enc = nn.Sequential(nn.Conv1d(1, 8, 4, stride=2, padding=1), nn.ReLU(), nn.Conv1d(8, 4, 4, stride=2, padding=1))
dec = nn.Sequential(nn.ConvTranspose1d(4, 8, 4, stride=2, padding=1), nn.ReLU(), nn.ConvTranspose1d(8, 1, 4, stride=2, padding=1))
vq = VQ()
print(enc, dec, vq, sep="\n")
t = torch.linspace(0, 6.28, 32)
X = torch.stack([torch.sin(t * f + p) for f, p in zip(torch.rand(24) * 3 + 1, torch.rand(24) * 6)]).unsqueeze(1)
print(X.shape)
opt = torch.optim.Adam(list(enc.parameters()) + list(dec.parameters()), lr=3e-3)
for epoch in range(10):
    z = enc(X).transpose(1, 2)
    q, commit, idx, ppl = vq(z)
    recon = dec(q.transpose(1, 2))
    rl = F.mse_loss(recon, X)
    loss = rl + commit
    opt.zero_grad(); loss.backward(); opt.step()
    print(f"epoch {epoch} recon {rl.item():.4f} commit {commit.item():.4f} ppl {ppl.item():.3f} used {idx.unique().numel()}")
print(z.shape, q.shape, q.grad_fn.name(), idx[:10])
print(vq.ema_count.round(decimals=3))
print(list(vq.state_dict().keys()), vq.codebook.requires_grad)
x = torch.tensor([0.3, -1.2, 2.5], requires_grad=True)
ste = x + (x.round() - x).detach()
ste.sum().backward()
print(ste, x.grad)
g = F.gumbel_softmax(torch.tensor([[1.0, 2.0, 0.5]]), tau=0.5, hard=True)
print(g, g.grad_fn.name() if g.grad_fn else None, g.sum())
torch.manual_seed(0)
print(F.gumbel_softmax(torch.tensor([[1.0, 2.0, 0.5]]), tau=1.0).round(decimals=4))
''',
    'simclr_einsum': r'''
import math
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(32)
def augment(x):
    noise = 0.1 * torch.randn_like(x)
    scale = torch.empty(x.shape[0], 1).uniform_(0.8, 1.2)
    mask = (torch.rand_like(x) > 0.1).float()
    return (x * scale + noise) * mask
class MHA(nn.Module):
    def __init__(self, d, h):
        super().__init__()
        self.h, self.dk = h, d // h
        self.qkv = nn.Linear(d, 3 * d)
        self.o = nn.Linear(d, d)
    def forward(self, x):
        B, T, _ = x.shape
        q, k, v = self.qkv(x).view(B, T, 3, self.h, self.dk).unbind(2)
        att = torch.einsum("bqhd,bkhd->bhqk", q, k) / math.sqrt(self.dk)
        att = att.softmax(-1)
        out = torch.einsum("bhqk,bkhd->bqhd", att, v).reshape(B, T, -1)
        return self.o(out), att
class Encoder(nn.Module):
    def __init__(self, d=16):
        super().__init__()
        self.inp = nn.Linear(1, d)
        self.attn = MHA(d, 4)
        self.norm = nn.LayerNorm(d)
        self.proj = nn.Sequential(nn.Linear(d, d), nn.ReLU(), nn.Linear(d, 8))
    def forward(self, x):
        h = self.inp(x.unsqueeze(-1))
        a, att = self.attn(h)
        h = self.norm(h + a).mean(1)
        return h, self.proj(h), att
def nt_xent(z1, z2, t=0.5):
    z = F.normalize(torch.cat([z1, z2]), dim=1)
    sim = z @ z.T / t
    n = z1.shape[0]
    sim = sim.masked_fill(torch.eye(2 * n, dtype=torch.bool), float("-inf"))
    target = torch.cat([torch.arange(n, 2 * n), torch.arange(n)])
    return F.cross_entropy(sim, target)
enc = Encoder()
print(enc)
base = torch.randn(32, 6)
opt = torch.optim.Adam(enc.parameters(), lr=3e-3)
for step in range(10):
    _, z1, att = enc(augment(base)); _, z2, _ = enc(augment(base))
    loss = nt_xent(z1, z2)
    opt.zero_grad(); loss.backward(); opt.step()
    print(f"step {step} ntxent {loss.item():.4f} att_entropy {-(att * att.clamp_min(1e-9).log()).sum(-1).mean().item():.3f}")
print(att.shape, att.sum(-1)[0, 0])
sim = torch.full((3, 3), 1.0).masked_fill(torch.eye(3, dtype=torch.bool), float("-inf"))
print(sim, sim.softmax(-1), torch.logsumexp(sim, 1))
print(torch.einsum("ii->i", torch.arange(9.).view(3, 3)), torch.einsum("ij->", torch.ones(2, 3)), torch.einsum("i,j->ij", torch.arange(2.), torch.arange(3.)))
print(torch.einsum("...ij,...jk->...ik", torch.ones(2, 1, 2, 3), torch.ones(3, 3, 1)).shape)
print(torch.einsum("bij,bjk", torch.ones(2, 2, 3), torch.ones(2, 3, 1)).squeeze(-1))
print(torch.einsum(torch.ones(2, 3), [0, 1], torch.ones(3), [1], [0]))
try:
    torch.einsum("ij,jk->ik", torch.ones(2, 3), torch.ones(2, 3))
except RuntimeError as e:
    print("RuntimeError", e)
try:
    torch.einsum("ij->ik", torch.ones(2, 3))
except RuntimeError as e:
    print("RuntimeError", e)
allneg = torch.full((2,), float("-inf"))
print(allneg.softmax(0), F.log_softmax(allneg, 0))
h, _, _ = enc(base[:4])
print(F.normalize(h, dim=1).norm(dim=1))
''',
    'odd_modules': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(33)
mods = [nn.Unfold(kernel_size=2, stride=2), nn.PixelShuffle(2), nn.PixelUnshuffle(2), nn.Upsample(scale_factor=2, mode="bilinear"),
        nn.Flatten(0, 1), nn.Unflatten(1, (2, 2)), nn.ChannelShuffle(2), nn.LocalResponseNorm(2), nn.Softmax2d(),
        nn.LPPool2d(2, 2), nn.Threshold(0.1, -1.0), nn.Hardtanh(-0.5, 0.5), nn.GLU(1), nn.Softmin(1), nn.Identity(3, x=1),
        nn.ZeroPad2d((1, 0, 0, 1)), nn.CircularPad2d(1), nn.Dropout1d(0.5), nn.RReLU(0.1, 0.3), nn.Tanhshrink(), nn.LogSigmoid()]
x = torch.randn(1, 4, 4, 4)
for m in mods:
    try:
        y = m(x)
        print(m, tuple(y.shape), f"{y.sum().item():.4f}")
    except Exception as e:
        print(m, type(e).__name__, str(e)[:100])
fold = nn.Fold(output_size=(4, 4), kernel_size=2, stride=2)
print(fold, torch.equal(fold(nn.Unfold(2, stride=2)(x)), x))
bil = nn.Bilinear(3, 4, 2)
print(bil, bil(torch.randn(5, 3), torch.randn(5, 4)).shape, bil.weight.shape)
pool = nn.MaxPool2d(2, return_indices=True); unpool = nn.MaxUnpool2d(2)
o, idx = pool(x)
print(idx[0, 0], unpool(o, idx).shape, (unpool(o, idx) != 0).sum())
asm = nn.AdaptiveLogSoftmaxWithLoss(8, 20, cutoffs=[5, 12], div_value=2.0)
print(asm)
h = torch.randn(6, 8); tgt = torch.tensor([0, 3, 7, 13, 19, 5])
out = asm(h, tgt)
print(out.output.round(decimals=4), out.loss)
print(asm.log_prob(h).shape, asm.log_prob(h).exp().sum(1).round(decimals=4), asm.predict(h))
opt = torch.optim.SGD(asm.parameters(), lr=0.5)
for i in range(4):
    l = asm(h, tgt).loss
    opt.zero_grad(); l.backward(); opt.step()
    print(i, f"{l.item():.4f}")
ctc = nn.CTCLoss(blank=0, zero_infinity=True)
lp = torch.randn(12, 2, 5).log_softmax(2).detach().requires_grad_()
targets = torch.tensor([[1, 2, 2], [3, 4, 0]])
l = ctc(lp, targets, torch.tensor([12, 10]), torch.tensor([3, 2]))
l.backward()
print(ctc, f"{l.item():.4f}", lp.grad.abs().sum().round(decimals=3))
losses = [nn.MultiLabelSoftMarginLoss(), nn.PoissonNLLLoss(log_input=True), nn.GaussianNLLLoss(), nn.MultiMarginLoss(p=2, margin=0.5),
          nn.MultiLabelMarginLoss(), nn.SoftMarginLoss(), nn.BCEWithLogitsLoss(pos_weight=torch.tensor([2.0, 1.0, 0.5]))]
a = torch.randn(4, 3); yl = torch.tensor([[1., 0., 1.], [0., 1., 0.], [1., 1., 0.], [0., 0., 1.]])
for L in losses:
    if isinstance(L, nn.GaussianNLLLoss):
        v = L(a, yl, torch.ones(4, 1) * 0.5)
    elif isinstance(L, nn.MultiMarginLoss):
        v = L(a, torch.tensor([0, 2, 1, 1]))
    elif isinstance(L, nn.MultiLabelMarginLoss):
        v = L(a, torch.tensor([[0, 2, -1], [1, -1, 0], [2, 1, 0], [-1, 0, 0]]))
    elif isinstance(L, nn.SoftMarginLoss):
        v = L(a, yl * 2 - 1)
    else:
        v = L(a, yl)
    print(L, f"{v.item():.5f}")
rr = nn.RReLU(); rr.eval()
print(rr(torch.tensor([-1.0, 1.0])), nn.Hardshrink(0.5)(torch.tensor([-0.6, 0.2])), nn.Softsign()(torch.tensor([1.0])))
fmp = nn.FractionalMaxPool2d(2, output_size=(3, 3))
print(fmp(torch.arange(36.).view(1, 1, 6, 6)))
''',
    'module_api_tour': r'''
import copy
import torch
import torch.nn as nn
torch.manual_seed(34)
class Block(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.lin = nn.Linear(d, d)
        self.act = nn.GELU(approximate="tanh")
    def forward(self, x):
        return self.act(self.lin(x)) + x
    def extra_repr(self):
        return f"d={self.lin.in_features}"
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Linear(3, 8)
        self.blocks = nn.ModuleList([Block(8) for _ in range(3)] + [nn.Dropout(0.1), nn.Dropout(0.1)])
        self.shared = nn.Linear(8, 8)
        self.also_shared = self.shared
        self.head = nn.Sequential(nn.LayerNorm(8), nn.Linear(8, 2))
        self.head[1].weight = self.embed.weight if False else self.head[1].weight
    def forward(self, x):
        x = self.embed(x)
        for b in self.blocks:
            x = b(x)
        return self.head(self.also_shared(self.shared(x)))
net = Net()
print(net)
print(len(list(net.parameters())), len(list(net.named_parameters(remove_duplicate=False))), len(list(net.modules())))
print([n for n, _ in net.named_children()])
print([n for n, _ in net.named_modules()][:8])
print([n for n, _ in net.named_parameters(prefix="model", recurse=True)][:4], [n for n, _ in net.head.named_parameters(recurse=False)])
print(list(net.state_dict().keys())[-6:])
calls = []
def sd_hook(module, state_dict, prefix, local_metadata):
    calls.append(prefix)
h = net.head.register_state_dict_post_hook(sd_hook) if hasattr(net.head, "register_state_dict_post_hook") else net.head._register_state_dict_hook(sd_hook)
sd = net.state_dict()
print(calls, type(sd).__name__, sd._metadata[""]["version"] if hasattr(sd, "_metadata") else None)
h.remove()
post = []
def load_post(module, incompatible):
    post.append((type(module).__name__, len(incompatible.missing_keys), len(incompatible.unexpected_keys)))
net.register_load_state_dict_post_hook(load_post)
sd2 = {k: v.clone() for k, v in sd.items()}
sd2["extra.key"] = torch.zeros(1)
del sd2["embed.bias"]
res = net.load_state_dict(sd2, strict=False)
print(res, post)
try:
    net.load_state_dict(sd2)
except RuntimeError as e:
    print("RuntimeError", str(e).replace("\t", "<TAB>"))
clone = copy.deepcopy(net)
with torch.no_grad():
    clone.embed.weight.fill_(0.5)
print(net.embed.weight[0, 0].item() != 0.5, clone.shared is clone.also_shared, clone.embed.weight.requires_grad)
x = torch.randn(4, 3)
net.eval()
print(net(x).round(decimals=4))
print(net.training, net.blocks[3].training, net.train().training, net.train(False).training)
r = net.apply(lambda m: None)
print(r is net)
net.half()
print(net.embed.weight.dtype, net(x.half()).dtype)
net.float()
net.zero_grad()
print(net.embed.weight.grad)
net(x).sum().backward()
print(net.shared.weight.grad.shape, net.embed.bias.grad.round(decimals=4))
net.zero_grad(set_to_none=False)
print(net.shared.weight.grad.abs().sum())
print(net.get_submodule("blocks.1.lin"), net.get_parameter("head.1.bias").shape)
try:
    net.get_submodule("blocks.9")
except AttributeError as e:
    print("AttributeError", e)
seq = nn.Sequential(nn.Linear(2, 2), nn.ReLU(), nn.Linear(2, 1))
print(seq[0:2], len(seq), seq[-1])
seq.insert(1, nn.Tanh()); seq.append(nn.Sigmoid()); seq.extend([nn.Identity()])
del seq[0]
print(seq)
md = nn.ModuleDict({"b": nn.ReLU(), "a": nn.Tanh()})
md.update({"c": nn.ELU()})
print(list(md.keys()), md.pop("b"), len(md), "a" in md)
pl = nn.ParameterList([nn.Parameter(torch.ones(1)), torch.zeros(2)])
print(pl, [type(p).__name__ for p in pl])
buf_net = nn.Module()
buf_net.register_buffer("b", None)
buf_net.register_parameter("p", None)
print(list(buf_net.state_dict()), buf_net.b, buf_net.p)
print(nn.Module.__call__ is not None, callable(net.forward))
''',
    'custom_optim_sched': r'''
import math
import torch
import torch.nn as nn
from torch.optim import Optimizer
from torch.optim.lr_scheduler import LRScheduler, _LRScheduler
torch.manual_seed(35)
class SGDMomentum(Optimizer):
    def __init__(self, params, lr=0.01, momentum=0.9, weight_decay=0.0):
        if lr < 0.0:
            raise ValueError(f"Invalid learning rate: {lr}")
        defaults = dict(lr=lr, momentum=momentum, weight_decay=weight_decay)
        super().__init__(params, defaults)
    def __setstate__(self, state):
        super().__setstate__(state)
    @torch.no_grad()
    def step(self, closure=None):
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                d_p = p.grad
                if group["weight_decay"] != 0:
                    d_p = d_p.add(p, alpha=group["weight_decay"])
                state = self.state[p]
                if "momentum_buffer" not in state:
                    buf = state["momentum_buffer"] = torch.clone(d_p).detach()
                else:
                    buf = state["momentum_buffer"]
                    buf.mul_(group["momentum"]).add_(d_p)
                p.add_(buf, alpha=-group["lr"])
                state["steps"] = state.get("steps", 0) + 1
        return loss
class Lion(Optimizer):
    def __init__(self, params, lr=1e-4, betas=(0.9, 0.99), weight_decay=0.0):
        super().__init__(params, dict(lr=lr, betas=betas, weight_decay=weight_decay))
    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                st = self.state[p]
                if len(st) == 0:
                    st["exp_avg"] = torch.zeros_like(p, memory_format=torch.preserve_format)
                b1, b2 = group["betas"]
                p.mul_(1 - group["lr"] * group["weight_decay"])
                update = st["exp_avg"] * b1 + p.grad * (1 - b1)
                p.add_(update.sign_(), alpha=-group["lr"])
                st["exp_avg"].mul_(b2).add_(p.grad, alpha=1 - b2)
class WarmupCosine(LRScheduler):
    def __init__(self, optimizer, warmup, total, last_epoch=-1):
        self.warmup, self.total = warmup, total
        super().__init__(optimizer, last_epoch)
    def get_lr(self):
        e = self.last_epoch
        if e < self.warmup:
            return [b * (e + 1) / self.warmup for b in self.base_lrs]
        prog = (e - self.warmup) / max(1, self.total - self.warmup)
        return [b * 0.5 * (1 + math.cos(math.pi * prog)) for b in self.base_lrs]
class Halving(_LRScheduler):
    def get_lr(self):
        return [g["lr"] * (0.5 if self.last_epoch and self.last_epoch % 2 == 0 else 1.0) for g in self.optimizer.param_groups]
X = torch.randn(50, 4); Y = X @ torch.tensor([0.5, -1.0, 2.0, 0.1]) + 0.2
for name, mk in [("SGDMomentum", lambda p: SGDMomentum(p, lr=0.02, weight_decay=1e-3)), ("Lion", lambda p: Lion(p, lr=0.02, weight_decay=0.01))]:
    torch.manual_seed(0)
    m = nn.Linear(4, 1)
    opt = mk(m.parameters())
    sched = WarmupCosine(opt, warmup=3, total=12)
    print(opt)
    for step in range(12):
        loss = nn.functional.mse_loss(m(X).squeeze(1), Y)
        opt.zero_grad(); loss.backward()
        opt.step(); sched.step()
        if step % 3 == 0:
            print(name, step, f"{loss.item():.4f}", f"{sched.get_last_lr()[0]:.5f}")
    sd = opt.state_dict()
    print(sorted(sd["state"][0].keys()), sd["param_groups"][0]["params"], sd["param_groups"][0]["lr"])
    print(sched.state_dict())
m = nn.Linear(4, 1)
opt = SGDMomentum(m.parameters(), lr=0.1)
h = Halving(opt)
lrs = []
for i in range(6):
    opt.step(); h.step(); lrs.append(opt.param_groups[0]["lr"])
print(lrs)
def closure():
    opt.zero_grad()
    l = nn.functional.mse_loss(m(X).squeeze(1), Y)
    l.backward()
    return l
print(f"{opt.step(closure).item():.4f}", opt.state[m.weight]["steps"])
try:
    SGDMomentum(m.parameters(), lr=-1)
except ValueError as e:
    print("ValueError", e)
opt2 = SGDMomentum(m.parameters(), lr=0.5)
opt2.load_state_dict(opt.state_dict())
print(opt2.param_groups[0]["lr"], opt2.state[m.weight]["steps"], opt2.state[m.weight]["momentum_buffer"].shape)
w = WarmupCosine(torch.optim.SGD([nn.Parameter(torch.zeros(1))], lr=1.0), 2, 6)
print([round(w.get_last_lr()[0], 4)] + [(w.step(), round(w.get_last_lr()[0], 4))[1] for _ in range(7)])
''',
    'optim_flags': r'''
import torch
import torch.nn as nn
torch.manual_seed(37)
X = torch.randn(30, 4); Y = (X @ torch.tensor([1.0, -2.0, 0.5, 0.0])).unsqueeze(1)
def train(make, steps=8):
    torch.manual_seed(0)
    m = nn.Linear(4, 1)
    opt = make(m.parameters())
    for _ in range(steps):
        loss = nn.functional.mse_loss(m(X), Y)
        opt.zero_grad(); loss.backward(); opt.step()
    return loss.item(), m.weight.detach().clone(), opt
variants = {
    "adam": lambda p: torch.optim.Adam(p, lr=0.05),
    "adam_foreach": lambda p: torch.optim.Adam(p, lr=0.05, foreach=True),
    "adam_fused": lambda p: torch.optim.Adam(p, lr=0.05, fused=True),
    "adamw_fused": lambda p: torch.optim.AdamW(p, lr=0.05, fused=True, amsgrad=True),
    "sgd_fused": lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9, fused=True),
    "sgd_foreach_nesterov": lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9, nesterov=True, foreach=True),
    "adam_maximize": lambda p: torch.optim.Adam(p, lr=0.05, maximize=True),
    "rmsprop_foreach": lambda p: torch.optim.RMSprop(p, lr=0.01, foreach=True, weight_decay=0.1),
    "adagrad_fused": lambda p: torch.optim.Adagrad(p, lr=0.1, fused=True),
    "adam_capturable": lambda p: torch.optim.Adam(p, lr=0.05, capturable=False, differentiable=False),
    "adam_tensor_lr": lambda p: torch.optim.Adam(p, lr=torch.tensor(0.05)),
    "adamw_betas_tensor": lambda p: torch.optim.AdamW(p, lr=0.05, betas=(torch.tensor(0.9), torch.tensor(0.99))),
    "nadam_decoupled": lambda p: torch.optim.NAdam(p, lr=0.05, weight_decay=0.1, decoupled_weight_decay=True),
    "radam_foreach": lambda p: torch.optim.RAdam(p, lr=0.05, foreach=True),
}
ref = None
for name, mk in variants.items():
    try:
        loss, w, opt = train(mk)
        if ref is None:
            ref = w
        st = opt.state_dict()
        print(f"{name:22s} {loss:.5f}", torch.equal(w, ref), opt.defaults.get("fused"), opt.defaults.get("foreach"),
              st["state"][0]["step"] if "step" in st["state"][0] else "-")
    except Exception as e:
        print(f"{name:22s}", type(e).__name__, e)
for bad in [lambda p: torch.optim.Adam(p, fused=True, foreach=True), lambda p: torch.optim.Adam(p, fused=True, differentiable=True),
            lambda p: torch.optim.SGD(p, lr=0.1, fused=True, differentiable=True), lambda p: torch.optim.Adamax(p, fused=True),
            lambda p: torch.optim.Adam(p, lr=torch.tensor([0.1, 0.2]))]:
    try:
        bad(nn.Linear(2, 2).parameters())
        print("ok")
    except Exception as e:
        print(type(e).__name__, e)
m = nn.Linear(4, 1)
opt = torch.optim.Adam(m.parameters(), lr=0.01)
m(X).sum().backward(); opt.step()
print(opt.state[m.weight]["step"], opt.state[m.weight]["exp_avg"].dtype, opt.state[m.bias]["exp_avg_sq"])
print(opt.param_groups[0]["lr"], type(opt.param_groups[0]["lr"]).__name__)
opt_t = torch.optim.AdamW(m.parameters(), lr=torch.tensor(0.01))
print(opt_t.param_groups[0]["lr"], opt_t)
sch = torch.optim.lr_scheduler.ExponentialLR(opt_t, 0.5)
opt_t.step(); sch.step()
print(opt_t.param_groups[0]["lr"], sch.get_last_lr())
''',
    'init_schemes': r'''
import math
import torch
import torch.nn as nn
torch.manual_seed(36)
def show(name, t):
    print(name, tuple(t.shape), f"mean {t.mean().item():.4f} std {t.std().item():.4f}", t.flatten()[:4].round(decimals=4).tolist())
w = torch.empty(6, 5)
for name, fn in [("uniform", lambda t: nn.init.uniform_(t, -0.1, 0.1)), ("normal", lambda t: nn.init.normal_(t, 0, 0.02)),
                 ("trunc_normal", lambda t: nn.init.trunc_normal_(t, std=0.02, a=-0.04, b=0.04)),
                 ("xavier_uniform", lambda t: nn.init.xavier_uniform_(t, gain=nn.init.calculate_gain("tanh"))),
                 ("xavier_normal", nn.init.xavier_normal_), ("kaiming_uniform", lambda t: nn.init.kaiming_uniform_(t, a=math.sqrt(5))),
                 ("kaiming_normal", lambda t: nn.init.kaiming_normal_(t, mode="fan_out", nonlinearity="leaky_relu")),
                 ("orthogonal", lambda t: nn.init.orthogonal_(t, gain=2.0)), ("sparse", lambda t: nn.init.sparse_(t, 0.5, std=0.1)),
                 ("eye", nn.init.eye_), ("constant", lambda t: nn.init.constant_(t, 0.3)), ("ones", nn.init.ones_)]:
    show(name, fn(w))
q = nn.init.orthogonal_(torch.empty(4, 4))
print(torch.allclose(q @ q.T, torch.eye(4), atol=1e-5), q[0].round(decimals=4))
q2 = nn.init.orthogonal_(torch.empty(3, 7))
print((q2 @ q2.T).round(decimals=4).abs())
c = torch.empty(3, 3, 3, 3)
nn.init.dirac_(c)
print(c[0, 0], c.sum())
c2 = torch.empty(4, 2, 3)
nn.init.dirac_(c2, groups=2)
print(c2.sum(), c2[2, 0])
for nl in ["linear", "conv2d", "sigmoid", "tanh", "relu", "leaky_relu", "selu"]:
    print(nl, nn.init.calculate_gain(nl))
print(nn.init.calculate_gain("leaky_relu", 0.2))
print(nn.init._calculate_fan_in_and_fan_out(torch.empty(8, 4, 3, 3)))
try:
    nn.init.xavier_uniform_(torch.empty(3))
except ValueError as e:
    print("ValueError", e)
try:
    nn.init.kaiming_normal_(torch.empty(3, 3), mode="fan_middle")
except ValueError as e:
    print("ValueError", e)
try:
    nn.init.calculate_gain("swish")
except ValueError as e:
    print("ValueError", e)
lin = nn.Linear(5, 3)
torch.manual_seed(1)
lin.reset_parameters()
print(lin.weight.round(decimals=4), lin.bias.round(decimals=4))
conv = nn.Conv2d(2, 3, 3)
torch.manual_seed(1)
conv.reset_parameters()
print(conv.weight[0, 0].round(decimals=4), conv.bias.round(decimals=4))
lstm = nn.LSTM(3, 4, proj_size=2, num_layers=2, dropout=0.1)
print(lstm, [n for n, _ in lstm.named_parameters()][:6])
gru = nn.GRU(3, 4, num_layers=1, dropout=0.2)
emb = nn.Embedding.from_pretrained(torch.tensor([[1.0, 2.0], [3.0, 4.0]]), freeze=True, padding_idx=0)
print(emb, emb.weight.requires_grad, emb(torch.tensor([1, 0])))
emb2 = nn.Embedding(4, 3, max_norm=1.0)
out = emb2(torch.tensor([0, 1]))
print(emb2.weight.norm(dim=1)[:2].round(decimals=4), out.norm(dim=1).round(decimals=4))
from torch.nn.utils.rnn import pad_sequence, unpad_sequence, pack_sequence, unpack_sequence
seqs = [torch.tensor([1, 2, 3]), torch.tensor([4]), torch.tensor([5, 6])]
print(pad_sequence(seqs, batch_first=True, padding_side="left"))
print(pad_sequence(seqs, padding_value=-1))
print(unpad_sequence(pad_sequence(seqs, batch_first=True), torch.tensor([3, 1, 2]), batch_first=True))
pk = pack_sequence(seqs, enforce_sorted=False)
print(pk)
print(unpack_sequence(pk))
''',
    'tabular_numpy_bce': r'''
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import TensorDataset, DataLoader
torch.manual_seed(40)
rng = np.random.RandomState(3)
n = 120
X_np = rng.randn(n, 5) * np.array([1.0, 10.0, 0.1, 3.0, 1.0]) + np.array([0.0, 50.0, -1.0, 2.0, 0.5])
logit = 0.8 * X_np[:, 0] - 0.05 * (X_np[:, 1] - 50) + 4 * (X_np[:, 2] + 1) + rng.randn(n) * 0.5
y_np = (logit > 0.6).astype(np.float64)
print(X_np.dtype, y_np.dtype, y_np.mean().round(3), X_np[:2].round(2))
mu, sd = X_np.mean(0), X_np.std(0)
X = torch.from_numpy((X_np - mu) / sd).float()
y = torch.from_numpy(y_np)
print(X.dtype, y.dtype, X.mean(0).abs().max() < 1e-6, X.std(0, unbiased=False).round(decimals=4))
pos_weight = torch.tensor([(y == 0).sum().item() / (y == 1).sum().item()])
print("pos_weight", pos_weight)
model = nn.Sequential(nn.Linear(5, 8), nn.Tanh(), nn.Linear(8, 1))
crit = nn.BCEWithLogitsLoss(pos_weight=pos_weight)
opt = torch.optim.Adam(model.parameters(), lr=0.03)
dl = DataLoader(TensorDataset(X, y), batch_size=30, shuffle=True)
for epoch in range(6):
    tot = 0.0
    for xb, yb in dl:
        logits = model(xb).squeeze(1)
        loss = crit(logits, yb)
        opt.zero_grad(); loss.backward(); opt.step()
        tot += loss.item() * len(xb)
    with torch.no_grad():
        p = torch.sigmoid(model(X).squeeze(1))
        acc = ((p > 0.5).double() == y).double().mean().item()
    print(f"epoch {epoch} loss {tot / n:.5f} dtype {loss.dtype} acc {acc:.4f}")
with torch.no_grad():
    p = torch.sigmoid(model(X).squeeze(1))
tp = ((p > 0.5) & (y == 1)).sum().item(); fp = ((p > 0.5) & (y == 0)).sum().item(); fn = ((p <= 0.5) & (y == 1)).sum().item()
print("precision", round(tp / max(tp + fp, 1), 4), "recall", round(tp / max(tp + fn, 1), 4))
order = torch.argsort(p, descending=True)
ys = y[order]
tpr = torch.cumsum(ys, 0) / ys.sum(); fpr = torch.cumsum(1 - ys, 0) / (1 - ys).sum()
auc = torch.trapezoid(tpr, fpr)
print("auc", round(auc.item(), 4), tpr.dtype)
w = model[0].weight.detach().numpy()
print(type(w).__name__, w.shape, np.abs(w).sum(0).round(3))
loss_none = nn.BCEWithLogitsLoss(reduction="none", weight=torch.linspace(0.5, 1.5, n))(model(X).squeeze(1).detach(), y)
print(loss_none.dtype, loss_none[:4].round(decimals=4), loss_none.mean().round(decimals=4))
print(nn.BCELoss()(p.float(), y.float()).round(decimals=4), nn.functional.binary_cross_entropy(p.double(), y).dtype)
''',
    'sched_states': r'''
import warnings
import torch
import torch.nn as nn
from torch.optim import lr_scheduler as L
torch.manual_seed(38)
def fresh(opt_cls=torch.optim.SGD, **kw):
    m = nn.Linear(2, 1)
    return torch.optim.SGD(m.parameters(), lr=0.1, momentum=0.9) if opt_cls is torch.optim.SGD and not kw else opt_cls(m.parameters(), **kw)
def show(name, s, n=5, metric=None):
    o = s.optimizer
    vals = []
    for i in range(n):
        o.step()
        if metric is not None:
            s.step(metric[i])
        else:
            s.step()
        vals.append(round(o.param_groups[0]["lr"], 6))
    sd = s.state_dict()
    print(name, vals)
    print("  ", {k: (v if not callable(v) else "fn") for k, v in sd.items()})
show("lambda", L.LambdaLR(fresh(), lambda e: 0.9 ** e))
show("multiplicative", L.MultiplicativeLR(fresh(), lambda e: 0.95))
show("step", L.StepLR(fresh(), 2, gamma=0.5))
show("cosine", L.CosineAnnealingLR(fresh(), T_max=4, eta_min=0.01))
show("onecycle", L.OneCycleLR(fresh(), max_lr=1.0, total_steps=6, pct_start=0.5, div_factor=10, final_div_factor=100))
o = fresh(torch.optim.Adam, lr=0.01)
s = L.OneCycleLR(o, max_lr=0.1, total_steps=5)
for i in range(4):
    o.step(); s.step()
    print(" adam onecycle", round(o.param_groups[0]["lr"], 6), tuple(round(b, 6) for b in o.param_groups[0]["betas"]), o.param_groups[0].get("max_momentum"))
show("cyclic_exp", L.CyclicLR(fresh(), 0.01, 0.1, step_size_up=2, mode="exp_range", gamma=0.9), n=6)
try:
    L.CyclicLR(fresh(torch.optim.Adagrad, lr=0.1), 0.01, 0.1)
except ValueError as e:
    print("ValueError", e)
show("plateau_max", L.ReduceLROnPlateau(fresh(), mode="max", factor=0.1, patience=1, cooldown=1, threshold_mode="abs", min_lr=0.0005), n=8,
     metric=[0.5, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6])
show("constant", L.ConstantLR(fresh(), factor=0.25, total_iters=2))
show("poly", L.PolynomialLR(fresh(), total_iters=4, power=1.0), n=6)
o = fresh()
s1 = L.LinearLR(o, 0.5, 1.0, total_iters=2); s2 = L.ExponentialLR(o, 0.9)
seq = L.SequentialLR(o, [s1, s2], milestones=[2])
show("sequential", seq)
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter("always")
    o = fresh(); s = L.StepLR(o, 3)
    o.step(); s.step(5)
    print("epoch arg", o.param_groups[0]["lr"], [str(x.message)[:80] for x in w])
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter("always")
    s.get_lr()
    print("get_lr", [str(x.message)[:90] for x in w])
o = fresh()
s = L.CosineAnnealingWarmRestarts(o, T_0=2, T_mult=1)
for ep in [0.5, 1.0, 1.5, 2.5]:
    s.step(ep)
    print("warm frac", ep, round(o.param_groups[0]["lr"], 6), s.T_cur, s.T_i)
print(L.LRScheduler.__name__, issubclass(L.StepLR, L.LRScheduler), L._LRScheduler is not None)
sd = L.LambdaLR(fresh(), [lambda e: 1.0]).state_dict()
print(sd["lr_lambdas"], sorted(sd))
''',
    'a2c_cartpole_numpy': r'''
import math
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.distributions import Categorical
torch.manual_seed(39)
rng = np.random.default_rng(0)
class CartPole:
    def __init__(self):
        self.g, self.mc, self.mp, self.l, self.f, self.tau = 9.8, 1.0, 0.1, 0.5, 10.0, 0.02
    def reset(self):
        self.s = rng.uniform(-0.05, 0.05, size=4)
        self.t = 0
        return self.s.copy()
    def step(self, a):
        x, xd, th, thd = self.s
        force = self.f if a == 1 else -self.f
        ct, st = math.cos(th), math.sin(th)
        tmp = (force + self.mp * self.l * thd ** 2 * st) / (self.mc + self.mp)
        thacc = (self.g * st - ct * tmp) / (self.l * (4.0 / 3.0 - self.mp * ct ** 2 / (self.mc + self.mp)))
        xacc = tmp - self.mp * self.l * thacc * ct / (self.mc + self.mp)
        self.s = np.array([x + self.tau * xd, xd + self.tau * xacc, th + self.tau * thd, thd + self.tau * thacc])
        self.t += 1
        done = abs(self.s[0]) > 2.4 or abs(self.s[2]) > 0.21 or self.t >= 60
        return self.s.copy(), 1.0, done
class AC(nn.Module):
    def __init__(self):
        super().__init__()
        self.shared = nn.Sequential(nn.Linear(4, 32), nn.ReLU())
        self.pi = nn.Linear(32, 2); self.v = nn.Linear(32, 1)
    def forward(self, x):
        h = self.shared(x)
        return self.pi(h), self.v(h).squeeze(-1)
net = AC()
opt = torch.optim.Adam(net.parameters(), lr=5e-3)
env = CartPole()
obs = env.reset()
print(obs.dtype, torch.from_numpy(obs).dtype, torch.as_tensor(obs, dtype=torch.float32).dtype, torch.tensor([obs[0], 1.0]).dtype)
for ep in range(6):
    obs = env.reset(); logps, vals, rews, ents = [], [], [], []
    done = False
    while not done:
        logits, v = net(torch.as_tensor(obs, dtype=torch.float32))
        dist = Categorical(logits=logits)
        a = dist.sample()
        obs, r, done = env.step(a.item())
        logps.append(dist.log_prob(a)); vals.append(v); rews.append(r); ents.append(dist.entropy())
    G, rets = 0.0, []
    for r in reversed(rews):
        G = r + 0.99 * G
        rets.insert(0, G)
    rets = np.array(rets)
    rets_t = torch.from_numpy((rets - rets.mean()) / (rets.std() + 1e-8)).float()
    V = torch.stack(vals); LP = torch.stack(logps)
    adv = rets_t - V.detach()
    loss = -(LP * adv).mean() + 0.5 * F.mse_loss(V, rets_t) - 0.01 * torch.stack(ents).mean()
    opt.zero_grad(); loss.backward(); opt.step()
    print(f"ep {ep} len {len(rews)} loss {loss.item():.4f} v0 {V[0].item():.4f} obs {np.round(obs, 3)}")
print(rets.dtype, rets_t.dtype, LP.shape, adv.dtype)
try:
    F.mse_loss(V, torch.from_numpy(rets)).backward()
except RuntimeError as e:
    print("RuntimeError", e)
mixed = V.detach() + torch.from_numpy(rets)
print(mixed.dtype, (V.detach() * np.float64(2.0)).dtype, (V.detach() * 2.0).dtype)
arr = V.detach().numpy()
print(type(arr).__name__, arr.dtype, arr.shape, np.round(arr[:3], 4))
t = torch.from_numpy(rets)
rets[0] = 123.0
print(t[0].item(), torch.tensor(rets)[0].item())
print(torch.as_tensor(np.arange(3)).dtype, torch.as_tensor([1, 2]).dtype, torch.tensor(np.float32(1.5)), torch.tensor(np.int32(3)).dtype)
print(torch.from_numpy(np.array([[1, 2], [3, 4]], dtype=np.uint8)), torch.tensor(np.bool_(True)))
x = torch.arange(4.)
print(np.asarray(x), np.array(x).sum(), x.numpy().flags["C_CONTIGUOUS"], x.T.numpy().shape)
print(np.float64(2.0) * x, (x * np.float32(0.5)).dtype, x + np.array(1.0))
print(torch.tensor([np.float64(1.0)]).dtype, torch.tensor([np.float32(1.0), 2.0]).dtype)
''',
    'sac_masking': r'''
import math
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.distributions import Normal, Categorical, Beta, MultivariateNormal, Independent, TransformedDistribution
from torch.distributions.transforms import TanhTransform, AffineTransform
from torch.distributions.utils import probs_to_logits, logits_to_probs, clamp_probs
torch.manual_seed(42)
logits = torch.tensor([[1.0, 2.0, 0.5, -1.0], [0.3, 0.2, 0.1, 0.0]])
mask = torch.tensor([[True, False, True, True], [False, False, True, False]])
masked = logits.masked_fill(~mask, float("-inf"))
d = Categorical(logits=masked)
print(d.probs, d.logits)
print(d.entropy(), d.sample((3,)), d.log_prob(torch.tensor([0, 2])))
masked2 = logits.masked_fill(~mask, -1e8)
print(Categorical(logits=masked2).entropy(), torch.finfo(torch.float32).min)
print(probs_to_logits(torch.tensor([0.2, 0.8])), logits_to_probs(torch.tensor([0.0, 1.0])), clamp_probs(torch.tensor([0.0, 1.0])))
print(probs_to_logits(torch.tensor([0.3]), is_binary=True), logits_to_probs(torch.tensor([0.0]), is_binary=True))
class Actor(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(3, 32), nn.ReLU())
        self.mu = nn.Linear(32, 2); self.log_std = nn.Linear(32, 2)
    def forward(self, s):
        h = self.body(s)
        mu, log_std = self.mu(h), self.log_std(h).clamp(-20, 2)
        base = Normal(mu, log_std.exp())
        u = base.rsample()
        a = torch.tanh(u)
        logp = base.log_prob(u).sum(-1) - (2 * (math.log(2) - u - F.softplus(-2 * u))).sum(-1)
        return a, logp, base
actor = Actor()
q = nn.Sequential(nn.Linear(5, 32), nn.ReLU(), nn.Linear(32, 1))
log_alpha = torch.zeros(1, requires_grad=True)
opt_a = torch.optim.Adam(actor.parameters(), lr=3e-3); opt_q = torch.optim.Adam(q.parameters(), lr=3e-3)
opt_al = torch.optim.Adam([log_alpha], lr=3e-3)
target_entropy = -2.0
for it in range(6):
    s = torch.randn(16, 3)
    a, logp, base = actor(s)
    target = (s.sum(1, keepdim=True) - a.pow(2).sum(1, keepdim=True))
    q_loss = F.mse_loss(q(torch.cat([s, a.detach()], 1)), target.detach())
    opt_q.zero_grad(); q_loss.backward(); opt_q.step()
    alpha = log_alpha.exp().detach()
    a_loss = (alpha * logp - q(torch.cat([s, a], 1)).squeeze(1)).mean()
    opt_a.zero_grad(); a_loss.backward(); opt_a.step()
    al_loss = -(log_alpha * (logp.detach() + target_entropy)).mean()
    opt_al.zero_grad(); al_loss.backward(); opt_al.step()
    print(f"it {it} q {q_loss.item():.4f} actor {a_loss.item():.4f} alpha {log_alpha.exp().item():.4f} ent {-logp.mean().item():.4f}")
td = TransformedDistribution(Normal(torch.zeros(2), torch.ones(2)), [TanhTransform(cache_size=1)])
torch.manual_seed(1)
x = td.rsample()
print(x.round(decimals=4), td.log_prob(x).round(decimals=4))
beta = Beta(torch.tensor([2.0, 5.0]), torch.tensor([2.0, 1.0]))
torch.manual_seed(2)
b = beta.sample()
print(b.round(decimals=4), beta.log_prob(b).round(decimals=4), beta.entropy().round(decimals=4), beta.mean, beta.variance.round(decimals=4))
scale_tril = torch.tensor([[1.0, 0.0], [0.5, 0.8]])
mvn = MultivariateNormal(torch.zeros(2), scale_tril=scale_tril)
torch.manual_seed(3)
m = mvn.rsample((2,))
print(m.round(decimals=4), mvn.log_prob(m).round(decimals=4), mvn.covariance_matrix, mvn.precision_matrix.round(decimals=4), mvn.entropy().round(decimals=4))
ind = Independent(Normal(torch.zeros(3, 2), torch.ones(3, 2)), 1)
print(ind.batch_shape, ind.event_shape, ind.log_prob(torch.zeros(3, 2)).round(decimals=4))
print(Normal(0.0, 1.0).cdf(torch.tensor([0.0, 1.96])).round(decimals=4), Normal(0.0, 1.0).icdf(torch.tensor([0.975])).round(decimals=4))
print(Categorical(probs=torch.tensor([0.0, 1.0])).entropy(), Categorical(logits=torch.tensor([float("-inf"), 0.0])).entropy())
''',
    'data_utils_tour': r'''
import warnings
import numpy as np
import torch
from torch.utils.data import (Dataset, DataLoader, Subset, random_split, SubsetRandomSampler, DistributedSampler,
                              TensorDataset, ConcatDataset, default_collate, IterableDataset)
from torch.utils.data.dataloader import default_convert
torch.manual_seed(41)
ds = TensorDataset(torch.arange(20.).view(10, 2), torch.arange(10))
a, b = random_split(ds, [7, 3])
print(a.indices, b.indices, torch.rand(1))
a2, b2, c2 = random_split(range(10), [0.5, 0.3, 0.2])
print(list(a2), list(b2), list(c2))
sub = Subset(ds, torch.tensor([1, 3, 5]))
print(sub[0], len(sub))
print(sub.__getitems__([0, 1]))
sampler = SubsetRandomSampler([0, 2, 4, 6], generator=torch.Generator().manual_seed(0))
print(list(sampler), len(sampler))
for rank in range(2):
    dsamp = DistributedSampler(ds, num_replicas=2, rank=rank, shuffle=True, seed=3)
    dsamp.set_epoch(1)
    print("rank", rank, list(dsamp), len(dsamp))
print(list(DistributedSampler(range(5), num_replicas=2, rank=1, shuffle=False)), list(DistributedSampler(range(5), num_replicas=2, rank=1, shuffle=False, drop_last=True)))
try:
    DistributedSampler(ds, num_replicas=2, rank=2)
except ValueError as e:
    print("ValueError", e)
try:
    DistributedSampler(ds)
except Exception as e:
    print(type(e).__name__, e)
dl = DataLoader(ds, batch_size=4, sampler=sampler)
print([x[1].tolist() for x in dl], len(dl))
print(len(DataLoader(ds, batch_size=3, drop_last=True)), len(DataLoader(ds, batch_size=3)))
print(default_collate([np.array([1.0, 2.0]), np.array([3.0, 4.0])]))
print(default_collate([{"a": {"b": 1.5}, "s": "x"}, {"a": {"b": 2.5}, "s": "y"}]))
print(default_collate([(np.float32(1.0), True), (np.float32(2.0), False)]))
print(default_convert(np.array([1, 2])), default_convert({"k": np.zeros(2)}), default_convert("str"))
try:
    default_collate([torch.zeros(2), torch.zeros(3)])
except RuntimeError as e:
    print("RuntimeError", e)
try:
    default_collate([np.array(["a"]), np.array(["b"])])
except TypeError as e:
    print("TypeError", e)
class Sized(IterableDataset):
    def __iter__(self):
        return iter(range(5))
    def __len__(self):
        return 3
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter("always")
    out = list(DataLoader(Sized(), batch_size=2))
    print(out, [str(x.message)[:100] for x in w])
print(len(DataLoader(Sized(), batch_size=2)), len(DataLoader(Sized(), batch_size=2, drop_last=True)))
cd = ConcatDataset([ds, Subset(ds, [0, 1])])
print(len(cd), cd[10], cd[-1], cd.cumulative_sizes)
try:
    cd[20]
except IndexError as e:
    print("IndexError", e)
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter("always")
    dl = DataLoader(ds, batch_size=5, pin_memory=True)
    next(iter(dl))
    print([str(x.message)[:120] for x in w])
try:
    DataLoader(ds, persistent_workers=True)
except ValueError as e:
    print("ValueError", e)
g = torch.Generator().manual_seed(7)
dl = DataLoader(ds, batch_size=5, shuffle=True, generator=g)
e1 = [b[1].tolist() for b in dl]; e2 = [b[1].tolist() for b in dl]
print(e1, e2)
''',
    'boilerplate_cnn': r'''
import os, random, time
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
def seed_everything(seed):
    random.seed(seed); np.random.seed(seed); torch.manual_seed(seed)
    torch.cuda.manual_seed_all(seed)
    torch.backends.cudnn.deterministic = True
    torch.backends.cudnn.benchmark = False
    os.environ["PYTHONHASHSEED"] = str(seed)
seed_everything(42)
torch.set_float32_matmul_precision("high")
print(torch.get_float32_matmul_precision(), torch.backends.cudnn.deterministic, torch.backends.cudnn.benchmark)
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
print(device, torch.cuda.is_available(), torch.cuda.device_count(), torch.backends.mps.is_available())
print(torch.__version__[:4], type(torch.__version__).__name__, torch.version.cuda is None or isinstance(torch.version.cuda, str))
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(6)
        self.conv2 = nn.Conv2d(6, 12, 3, padding=1, groups=3)
        self.bn2 = nn.BatchNorm2d(12)
        self.fc = nn.Linear(12 * 2 * 2, 3)
    def forward(self, x):
        x = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 2)
        x = F.avg_pool2d(F.relu(self.bn2(self.conv2(x))), 2)
        return self.fc(torch.flatten(x, 1))
model = Net().to(device)
X = torch.randn(24, 1, 8, 8, device=device); Y = torch.randint(0, 3, (24,), device=device)
opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
for epoch in range(5):
    model.train()
    t0 = time.time()
    perm = torch.randperm(24)
    for i in range(0, 24, 8):
        idx = perm[i:i + 8]
        out = model(X[idx])
        loss = F.cross_entropy(out, Y[idx])
        opt.zero_grad(set_to_none=True); loss.backward(); opt.step()
    elapsed = time.time() - t0
    print(f"epoch {epoch} loss {loss.item():.4f} fast {elapsed < 60}")
model.eval()
with torch.inference_mode():
    ref = model(X)
    print(ref.requires_grad, torch.is_inference_mode_enabled(), ref.is_inference())
fused_conv = torch.nn.utils.fusion.fuse_conv_bn_eval(model.conv1, model.bn1)
print(fused_conv, fused_conv.bias is not None)
with torch.no_grad():
    a = model.bn1(model.conv1(X)); b = fused_conv(X)
print(torch.allclose(a, b, atol=1e-5), (a - b).abs().max() < 1e-4)
cl = X.to(memory_format=torch.channels_last)
print(cl.is_contiguous(), cl.is_contiguous(memory_format=torch.channels_last))
m_cl = model.to(memory_format=torch.channels_last)
print(m_cl.conv1.weight.is_contiguous(memory_format=torch.channels_last))
with torch.no_grad():
    print(torch.allclose(m_cl(cl), ref, atol=1e-5))
print(torch.get_num_threads() >= 1, torch.initial_seed(), torch.random.initial_seed())
state = torch.get_rng_state()
r1 = torch.rand(2)
torch.set_rng_state(state)
print(torch.equal(r1, torch.rand(2)), state.dtype, state.shape)
g = torch.Generator(device="cpu")
g.manual_seed(5)
print(torch.randn(2, generator=g), g.initial_seed(), g.device)
with torch.random.fork_rng():
    torch.manual_seed(0); _ = torch.rand(1)
print(torch.rand(1))
print(np.random.rand(), random.random())
''',
    'custom_function': r'''
import torch
import torch.nn as nn
from torch.autograd import Function, gradcheck
from torch.autograd.function import once_differentiable
torch.manual_seed(43)
class MyReLU(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x.clamp(min=0)
    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return g * (x > 0).float()
class ScaleGrad(Function):
    @staticmethod
    def forward(ctx, x, scale):
        ctx.scale = scale
        return x.view_as(x)
    @staticmethod
    def backward(ctx, g):
        return g * ctx.scale, None
class RoundSTE(Function):
    @staticmethod
    def forward(x):
        return x.round()
    @staticmethod
    def setup_context(ctx, inputs, output):
        pass
    @staticmethod
    def backward(ctx, g):
        return g
class Sort(Function):
    @staticmethod
    def forward(ctx, x):
        v, idx = x.sort()
        ctx.mark_non_differentiable(idx)
        ctx.save_for_backward(idx)
        return v, idx
    @staticmethod
    @once_differentiable
    def backward(ctx, gv, gi):
        idx, = ctx.saved_tensors
        out = torch.zeros_like(gv)
        out.scatter_(0, idx, gv)
        return out
x = torch.randn(5, requires_grad=True)
y = MyReLU.apply(x)
print(y.grad_fn.__class__.__name__, y.requires_grad, y)
y.sum().backward()
print(x.grad)
x.grad = None
z = ScaleGrad.apply(x, -0.5)
z.sum().backward()
print(x.grad, z.grad_fn.name() if hasattr(z.grad_fn, "name") else None)
r = RoundSTE.apply(x)
print(r, torch.autograd.grad(r.sum(), x)[0])
v, idx = Sort.apply(x)
print(v.requires_grad, idx.requires_grad, idx.dtype)
(v * torch.arange(5.)).sum().backward()
print(x.grad)
inp = torch.randn(4, dtype=torch.double, requires_grad=True)
print(gradcheck(MyReLU.apply, (inp,), eps=1e-6, atol=1e-4))
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(3, 8); self.fc2 = nn.Linear(8, 1)
    def forward(self, x):
        return self.fc2(MyReLU.apply(self.fc1(x)))
net = Net()
opt = torch.optim.SGD(net.parameters(), lr=0.1)
X = torch.randn(20, 3); Y = X.sum(1, keepdim=True)
for i in range(5):
    loss = nn.functional.mse_loss(net(X), Y)
    opt.zero_grad(); loss.backward(); opt.step()
    print(i, f"{loss.item():.4f}")
try:
    Sort.apply(x)[0].sum().backward(create_graph=True)
except RuntimeError as e:
    print("RuntimeError", e)
class Bad(Function):
    @staticmethod
    def forward(ctx, x):
        return x * 2
    @staticmethod
    def backward(ctx, g):
        return g, g
try:
    Bad.apply(torch.ones(2, requires_grad=True)).sum().backward()
except RuntimeError as e:
    print("RuntimeError", e)
''',
    'nn_utils_tour': r'''
import torch
import torch.nn as nn
from torch.nn.utils import parametrizations as P, parametrize
torch.manual_seed(44)
for orth_map in ["matrix_exp", "cayley", "householder"]:
    torch.manual_seed(0)
    lin = P.orthogonal(nn.Linear(4, 4), orthogonal_map=orth_map)
    W = lin.weight
    print(orth_map, torch.allclose(W @ W.T, torch.eye(4), atol=1e-5), [n for n, _ in lin.named_parameters()])
    opt = torch.optim.SGD(lin.parameters(), lr=0.1)
    x = torch.randn(8, 4)
    for i in range(3):
        loss = (lin(x) - x.flip(1)).pow(2).mean()
        opt.zero_grad(); loss.backward(); opt.step()
    W = lin.weight
    print("  after", f"{loss.item():.4f}", torch.allclose(W @ W.T, torch.eye(4), atol=1e-4))
rect = P.orthogonal(nn.Linear(3, 5))
print(torch.allclose(rect.weight.T @ rect.weight, torch.eye(3), atol=1e-5), rect.weight.shape)
ps = [nn.Parameter(torch.ones(3)), nn.Parameter(torch.ones(2))]
ps[0].grad = torch.tensor([3.0, 4.0, 0.0]); ps[1].grad = torch.tensor([0.0, 12.0])
print(torch.nn.utils.get_total_norm([p.grad for p in ps]), torch.nn.utils.get_total_norm([p.grad for p in ps], norm_type=1.0))
print(torch.nn.utils.get_total_norm([p.grad for p in ps], norm_type="inf"), torch.nn.utils.get_total_norm([]))
tn = torch.nn.utils.get_total_norm([p.grad for p in ps])
torch.nn.utils.clip_grads_with_norm_(ps, max_norm=1.0, total_norm=tn)
print(ps[0].grad, ps[1].grad)
ps[0].grad = torch.tensor([3.0, 4.0, 0.0])
print(torch.nn.utils.clip_grad_norm_(ps, 100.0, foreach=True), ps[0].grad)
print(torch.nn.utils.clip_grad_norm_(ps[0], 1.0), ps[0].grad)
print(torch.nn.utils.clip_grad_value_(ps, 0.1, foreach=False), ps[0].grad)
lin = torch.nn.utils.skip_init(nn.Linear, 3, 2)
print(lin, lin.weight.shape)
print(torch.nn.utils.rnn.invert_permutation(torch.tensor([2, 0, 1])))
m = nn.Linear(2, 2)
out = torch.func.functional_call(m, {"weight": torch.eye(2), "bias": torch.zeros(2)}, (torch.tensor([[1.0, 2.0]]),))
print(out, m.weight.requires_grad)
out2 = torch.nn.utils.stateless.functional_call(m, {"weight": torch.eye(2) * 2}, torch.tensor([[1.0, 2.0]]), strict=False)
print(out2.shape)
class Tied(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Linear(2, 2, bias=False); self.b = nn.Linear(2, 2, bias=False)
        self.b.weight = self.a.weight
    def forward(self, x):
        return self.b(self.a(x))
t = Tied()
print(torch.func.functional_call(t, {"a.weight": torch.eye(2) * 3}, (torch.ones(1, 2),)), list(dict(t.named_parameters())))
try:
    torch.func.functional_call(t, {"a.weight": torch.eye(2), "b.weight": torch.eye(2) * 2}, (torch.ones(1, 2),))
except ValueError as e:
    print("ValueError", e)
layer = nn.Linear(3, 3)
parametrize.register_parametrization(layer, "weight", nn.Identity())
new = nn.Linear(3, 3)
parametrize.transfer_parametrizations_and_params(layer, new)
print(parametrize.is_parametrized(new), torch.equal(new.weight, layer.weight))
print(parametrize.type_before_parametrizations(layer).__name__)
sn = P.spectral_norm(nn.Conv2d(2, 3, 3))
print([n for n, _ in sn.named_buffers()], sn.parametrizations.weight[0]._u.shape)
try:
    parametrize.register_parametrization(nn.Linear(2, 2), "weight", nn.Linear(2, 3))
except ValueError as e:
    print("ValueError", str(e)[:120])
''',
    'amp_scaler': r'''
import warnings
import torch
import torch.nn as nn
torch.manual_seed(45)
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))
opt = torch.optim.SGD(model.parameters(), lr=0.05)
X = torch.randn(16, 4); Y = X.sum(1, keepdim=True)
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter("always")
    scaler = torch.cuda.amp.GradScaler(enabled=False)
    print([x.category.__name__ for x in w], [str(x.message)[:100] for x in w])
print(scaler.is_enabled(), scaler.get_scale())
for step in range(3):
    with torch.autocast(device_type="cpu", enabled=False):
        loss = nn.functional.mse_loss(model(X), Y)
    opt.zero_grad()
    scaler.scale(loss).backward()
    scaler.unscale_(opt)
    gn = nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    scaler.step(opt); scaler.update()
    print(step, f"{loss.item():.4f}", f"{gn.item():.4f}")
s2 = torch.amp.GradScaler("cpu", init_scale=1024.0, growth_interval=2)
print(s2.is_enabled(), s2.get_scale(), s2.get_growth_factor(), s2.get_backoff_factor(), s2.get_growth_interval())
for step in range(4):
    loss = nn.functional.mse_loss(model(X), Y)
    opt.zero_grad()
    scaled = s2.scale(loss)
    print(" scaled", f"{scaled.item():.2f}", scaled.grad_fn.name())
    scaled.backward()
    s2.unscale_(opt)
    g = model[0].weight.grad.norm().item()
    if step == 1:
        model[0].weight.grad[0, 0] = float("inf")
    r = s2.step(opt)
    s2.update()
    print(step, f"{g:.4f}", s2.get_scale(), r if r is None else f"{r.item():.4f}")
print(sorted(s2.state_dict().keys()), s2.state_dict()["scale"], s2.state_dict()["_growth_tracker"])
try:
    s2.unscale_(opt); s2.unscale_(opt)
except RuntimeError as e:
    print("RuntimeError", e)
s3 = torch.amp.GradScaler("cpu")
s3.load_state_dict(s2.state_dict())
print(s3.get_scale())
''',
    'lstm_lm_tbptt': r'''
import math
import torch
import torch.nn as nn
torch.manual_seed(46)
text = ("the cat sat on the mat . the dog sat on the log . a cat and a dog met on the mat . " * 4).split()
vocab = sorted(set(text)); w2i = {w: i for i, w in enumerate(vocab)}
data = torch.tensor([w2i[w] for w in text])
def batchify(d, bsz):
    nb = d.size(0) // bsz
    return d[: nb * bsz].view(bsz, -1).t().contiguous()
train = batchify(data, 4)
print(len(vocab), data.shape, train.shape, train[:3])
class RNNModel(nn.Module):
    def __init__(self, ntoken, ninp, nhid, nlayers, dropout=0.2, tie=True):
        super().__init__()
        self.drop = nn.Dropout(dropout)
        self.encoder = nn.Embedding(ntoken, ninp)
        self.rnn = nn.LSTM(ninp, nhid, nlayers, dropout=dropout)
        self.decoder = nn.Linear(nhid, ntoken)
        if tie:
            self.decoder.weight = self.encoder.weight
        self.nhid, self.nlayers = nhid, nlayers
        initrange = 0.1
        nn.init.uniform_(self.encoder.weight, -initrange, initrange)
        nn.init.zeros_(self.decoder.bias)
    def forward(self, inp, hidden):
        emb = self.drop(self.encoder(inp))
        out, hidden = self.rnn(emb, hidden)
        return self.decoder(self.drop(out)).view(-1, self.decoder.out_features), hidden
    def init_hidden(self, bsz):
        w = next(self.parameters())
        return (w.new_zeros(self.nlayers, bsz, self.nhid), w.new_zeros(self.nlayers, bsz, self.nhid))
def repackage_hidden(h):
    if isinstance(h, torch.Tensor):
        return h.detach()
    return tuple(repackage_hidden(v) for v in h)
model = RNNModel(len(vocab), 16, 16, 2)
print(model)
print(sum(p.numel() for p in model.parameters()), model.decoder.weight is model.encoder.weight)
crit = nn.NLLLoss()
lr, bptt = 2.0, 5
for epoch in range(4):
    model.train()
    hidden = model.init_hidden(4)
    total = 0.0; n = 0
    for i in range(0, train.size(0) - 1, bptt):
        seq_len = min(bptt, len(train) - 1 - i)
        x, y = train[i:i + seq_len], train[i + 1:i + 1 + seq_len].reshape(-1)
        model.zero_grad()
        hidden = repackage_hidden(hidden)
        out, hidden = model(x, hidden)
        loss = crit(torch.log_softmax(out, -1), y)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 0.25)
        for p in model.parameters():
            p.data.add_(p.grad, alpha=-lr)
        total += loss.item() * seq_len; n += seq_len
    print(f"epoch {epoch} loss {total / n:.4f} ppl {math.exp(total / n):.2f} hidden {hidden[0].requires_grad} {hidden[0].grad_fn is None}")
    lr = lr / 1.5
model.eval()
hidden = model.init_hidden(1)
inp = torch.tensor([[w2i["the"]]])
words = []
with torch.no_grad():
    for _ in range(8):
        out, hidden = model(inp, hidden)
        wt = out.squeeze().div(0.8).exp()
        idx = torch.multinomial(wt, 1)[0]
        inp.fill_(idx)
        words.append(vocab[idx])
print(" ".join(words))
print(hidden[0].shape, hidden[1].shape, out.shape)
''',
    'conv_zoo': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(47)
x = torch.randn(2, 3, 9, 9)
mods = [nn.Conv2d(3, 4, 4, padding="same", dilation=2), nn.Conv2d(3, 4, 3, padding=2, padding_mode="reflect"),
        nn.Conv2d(3, 4, 3, padding=1, padding_mode="circular"), nn.Conv2d(3, 4, 3, padding=1, padding_mode="replicate", bias=False),
        nn.Conv2d(3, 6, (3, 1), stride=(2, 1), groups=3), nn.ConvTranspose2d(3, 2, 3, stride=2, dilation=2, groups=1),
        nn.MaxPool2d(3, stride=2, ceil_mode=True), nn.AvgPool2d(3, stride=2, padding=1, count_include_pad=False),
        nn.AvgPool2d(2, ceil_mode=True, divisor_override=3), nn.AdaptiveMaxPool2d((4, 3)), nn.AdaptiveAvgPool2d((None, 2)),
        nn.Upsample(size=(5, 7), mode="bicubic", align_corners=False), nn.Upsample(scale_factor=1.5, mode="bilinear", align_corners=True),
        nn.Upsample(scale_factor=0.5, mode="area"), nn.UpsamplingNearest2d(scale_factor=2), nn.MaxPool2d(2, dilation=2),
        nn.LPPool2d(1.5, 3, stride=2), nn.InstanceNorm2d(3, affine=True), nn.GroupNorm(3, 3), nn.LayerNorm([9, 9])]
for m in mods:
    y = m(x)
    print(m, tuple(y.shape), f"{y.abs().sum().item():.3f}")
ct = nn.ConvTranspose2d(3, 2, 3, stride=2, padding=1)
print(ct(x, output_size=[18, 18]).shape, ct(x, output_size=(17, 17)).shape)
try:
    ct(x, output_size=(20, 20))
except ValueError as e:
    print("ValueError", e)
mp = nn.AdaptiveMaxPool2d(2, return_indices=True)
v, i = mp(x[:1, :1])
print(v, i)
x1 = torch.randn(1, 2, 10)
for m in [nn.Conv1d(2, 3, 3, stride=2, padding=1), nn.MaxPool1d(3, ceil_mode=True), nn.AvgPool1d(4, stride=3), nn.Upsample(scale_factor=2, mode="linear"),
          nn.ConvTranspose1d(2, 2, 4, stride=2, padding=1, output_padding=1), nn.AdaptiveAvgPool1d(3)]:
    print(m, tuple(m(x1).shape), f"{m(x1).abs().sum().item():.3f}")
x3 = torch.randn(1, 2, 4, 5, 5)
for m in [nn.Conv3d(2, 3, 3, padding=1), nn.MaxPool3d(2), nn.AvgPool3d((1, 2, 2)), nn.Upsample(scale_factor=(1, 2, 2), mode="trilinear"),
          nn.ConvTranspose3d(2, 1, 2, stride=2), nn.BatchNorm3d(2), nn.AdaptiveAvgPool3d(1)]:
    print(m, tuple(m(x3).shape), f"{m(x3).abs().sum().item():.3f}")
w = nn.Conv2d(3, 4, 3, padding="same")
y = w(x); y.sum().backward()
print(w.weight.grad.shape, f"{w.weight.grad.abs().sum().item():.3f}", w.bias.grad)
try:
    nn.Conv2d(3, 4, 3, stride=2, padding="same")
except ValueError as e:
    print("ValueError", e)
try:
    nn.Conv2d(3, 4, 3, groups=2)
except ValueError as e:
    print("ValueError", e)
try:
    nn.Conv2d(3, 4, 3, padding_mode="zeroes")
except ValueError as e:
    print("ValueError", str(e).split(", but")[1])
print(F.unfold(torch.arange(16.).view(1, 1, 4, 4), 2, stride=2))
print(F.pixel_shuffle(torch.arange(8.).view(1, 4, 1, 2), 2))
print(F.grid_sample(torch.arange(4.).view(1, 1, 2, 2), torch.zeros(1, 1, 1, 2), align_corners=False))
print(F.affine_grid(torch.eye(2, 3).unsqueeze(0), [1, 1, 2, 2], align_corners=False))
''',
}


ember_outputs, torch_outputs, test_program_matches_pytorch = program_tests(PROGRAMS, quiet_warnings=True)


# ---------------------------------------------------------------- golden values (no PyTorch needed)
_raises = raises_exactly


def test_foreach_ops_return_tuples_and_update_lists_in_place():
    params = [ember.ones(2), ember.full((3,), 2.0)]
    out = ember._foreach_mul(params, 0.5)
    assert type(out) is tuple and [t.tolist() for t in out] == [[0.5, 0.5], [1.0, 1.0, 1.0]]
    same = ember._foreach_add_(params, [ember.ones(2), ember.ones(3)], alpha=0.5)
    assert same is params and [t.tolist() for t in params] == [[1.5, 1.5], [2.5, 2.5, 2.5]]
    ember._foreach_lerp_(params, [ember.zeros(2), ember.zeros(3)], 0.2)
    assert [round(v, 6) for v in params[0].tolist()] == [1.2, 1.2]
    assert [t.tolist() for t in ember._foreach_div(params, ember.tensor(2.0))][1] == pytest.approx([1.0] * 3)
    assert [t.item() for t in ember._foreach_norm([ember.tensor([3.0, 4.0])])] == [5.0]
    assert ember._foreach_norm([ember.tensor([3.0, -4.0])], ord=float("inf"))[0].item() == 4.0
    assert ember._foreach_norm([ember.tensor([3.0, 4.0])], dtype=ember.float64)[0].dtype == ember.float64
    assert ember._foreach_maximum([ember.tensor([1.0, 5.0])], 3.0)[0].tolist() == [3.0, 5.0]
    assert ember._foreach_pow(2.0, [ember.arange(3.0)])[0].tolist() == [1.0, 2.0, 4.0]
    assert ember._foreach_addcdiv([ember.zeros(2)], [ember.ones(2)], [ember.full((2,), 4.0)], [0.5])[0].tolist() == [
        0.125, 0.125]
    assert ember._foreach_mul([ember.ones(2, dtype=ember.int64)], 1.5)[0].tolist() == [1.5, 1.5]
    zeroed = [ember.ones(2)]
    assert ember._foreach_zero_(zeroed) is zeroed and zeroed[0].tolist() == [0.0, 0.0]
    assert [t.tolist() for t in ember._foreach_sqrt([ember.tensor([4.0, 9.0])])] == [[2.0, 3.0]]


def test_foreach_ops_check_their_lists_as_pytorch():
    _raises(lambda: ember._foreach_add([], 1.0), RuntimeError, "Tensor list must have at least one tensor.")
    _raises(lambda: ember._foreach_add([ember.ones(2)], [ember.ones(2), ember.ones(2)]), RuntimeError,
            "Tensor lists must have the same number of tensors, got 1 and 2")
    _raises(lambda: ember._foreach_mul([ember.ones(2)], [2.0, 3.0]), RuntimeError,
            "Tensor list must have same number of elements as scalar list.")
    _raises(lambda: ember._foreach_mul_([ember.ones(2, dtype=ember.int64)], 1.5), RuntimeError,
            "result type Float can't be cast to the desired output type Long")
    leaf = [ember.ones(2, requires_grad=True)]
    _raises(lambda: ember._foreach_add_(leaf, 1.0), RuntimeError,
            "a leaf Variable that requires grad is being used in an in-place operation.")
    assert not hasattr(ember, "_foreach_nonexistent")


def test_foreach_matches_pytorch():
    torch = pytest.importorskip("torch")
    for lib in (torch, ember):
        lib.manual_seed(0)
    a = [torch.randn(3), torch.randn(2, 2)]
    b = [ember.tensor(t.numpy()) for t in a]
    for name, args in [("_foreach_addcmul", lambda L, x: (x, x, x, 0.3)), ("_foreach_sub", lambda L, x: (x, 1.5)),
                       ("_foreach_clamp_max", lambda L, x: (x, [0.1, -0.2])), ("_foreach_sigmoid", lambda L, x: (x,)),
                       ("_foreach_lerp", lambda L, x: (x, [L.zeros(3), L.ones(2, 2)], [0.3, 0.6]))]:
        want = getattr(torch, name)(*args(torch, a))
        got = getattr(ember, name)(*args(ember, b))
        assert [t.tolist() for t in got] == [t.tolist() for t in want], name


def test_einsum_sublist_form():
    x = ember.arange(6.0).view(2, 3)
    assert ember.einsum(x, [0, 1], ember.ones(3), [1], [0]).tolist() == [3.0, 12.0]
    assert ember.einsum(x, [0, Ellipsis], ember.ones(3), [Ellipsis], [0]).tolist() == [3.0, 12.0]
    # no output list: implicit output in letter order ("B" = 1 sorts before "b" = 27)
    assert ember.einsum(x, [27, 1]).shape == (3, 2)
    assert ember.einsum(x, (0, 1), (1,)).tolist() == [3.0, 5.0, 7.0]
    _raises(lambda: ember.einsum(x, [0, 60]), ValueError,
            "einsum(): subscript in subscript list is not within the valid range [0, 52)")
    _raises(lambda: ember.einsum(x, [0, -1]), ValueError,
            "einsum(): subscript in subscript list is not within the valid range [0, 52)")


@pytest.mark.parametrize("probs, message", [
    ([0.5, -1.0], "invalid multinomial distribution (encountering probability entry < 0)"),
    ([0.5, float("nan")], "invalid multinomial distribution (encountering probability entry < 0)"),
    ([0.5, float("inf")], "invalid multinomial distribution (encountering probability entry = infinity or NaN)"),
    ([float("inf"), float("-inf")], "invalid multinomial distribution (encountering probability entry = infinity or "
                                    "NaN)"),
    ([[0.0, 0.0], [-1.0, 1.0]], "invalid multinomial distribution (sum of probabilities <= 0)"),
    ([[1.0, 1.0], [-1.0, 1.0]], "invalid multinomial distribution (encountering probability entry < 0)"),
])
def test_multinomial_with_replacement_checks_entry_by_entry(probs, message):
    _raises(lambda: ember.multinomial(ember.tensor(probs), 2, replacement=True), RuntimeError, message)


def test_weighted_sampler_negative_weight_message():
    sampler = ember.utils.data.WeightedRandomSampler([0.5, -1.0], 2)
    _raises(lambda: list(sampler), RuntimeError, "invalid multinomial distribution (encountering probability entry < 0)")


def test_scatter_reduce_deprecation_points_at_the_caller():
    from ember.ops import shape_ext
    shape_ext._SCATTER_REDUCE_WARNED.clear()  # (PyTorch warns once per process; start this test afresh)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = ember.full((3,), 10.0).scatter_(0, ember.tensor([2, 0]), ember.tensor([1.0, 2.0]), reduce="multiply")
    assert out.tolist() == [20.0, 10.0, 10.0]
    assert len(caught) == 1 and caught[0].filename == __file__
    assert str(caught[0].message).startswith("The reduce argument of torch.scatter with Tensor src is deprecated")


def test_compile_turns_distribution_validation_off():
    Distribution = ember.distributions.Distribution
    before = Distribution._validate_args
    try:
        Distribution.set_default_validate_args(True)
        ember.compile()  # no model yet: nothing is patched
        assert Distribution._validate_args is True
        ember.compile(ember.nn.Linear(2, 2))
        assert Distribution._validate_args is False
        ember.distributions.Normal(0.0, -1.0)  # not validated any more, as in PyTorch after torch.compile
    finally:
        Distribution.set_default_validate_args(before)


def _three_steps(lib, make):
    w = lib.nn.Parameter(lib.tensor([0.1, -0.2, 0.3, 1.7]))
    opt = make(lib, [w])
    for i in range(3):
        opt.zero_grad()
        w.grad = lib.tensor([0.5, -0.25, 0.125, 1.5]) * (i + 1)
        opt.step()
    return w.detach().numpy().tolist()


_TENSOR_HYPER_CASES = {
    "adamax_tensor_lr": (lambda L, p: L.optim.Adamax(p, lr=L.tensor(0.05)),
                         [-0.02265974134206772, -0.0773402601480484, 0.1773402839899063, 1.5773403644561768]),
    "adamax_float_lr": (lambda L, p: L.optim.Adamax(p, lr=0.05),
                        [-0.02265973761677742, -0.077340267598629, 0.1773402988910675, 1.5773403644561768]),
    "asgd_tensor_lr": (lambda L, p: L.optim.ASGD(p, lr=L.tensor(0.05), t0=1),
                       [-0.05000024288892746, -0.12499762326478958, 0.26249584555625916, 1.2499781847000122]),
    "asgd_float_lr": (lambda L, p: L.optim.ASGD(p, lr=0.05, t0=1),
                      [-0.05000024288892746, -0.12499762326478958, 0.26249584555625916, 1.2499783039093018]),
    "adam_tensor_lr": (lambda L, p: L.optim.Adam(p, lr=L.tensor(0.05)),
                       [-0.04615915194153786, -0.05384084954857826, 0.15384086966514587, 1.5538408756256104]),
    "adam_float_lr": (lambda L, p: L.optim.Adam(p, lr=0.05),
                      [-0.04615914821624756, -0.05384085327386856, 0.15384086966514587, 1.5538408756256104]),
    "adamw_tensor_lr": (lambda L, p: L.optim.AdamW(p, lr=L.tensor(0.05), weight_decay=0.3),
                        [-0.04837935045361519, -0.04718782380223274, 0.14275500178337097, 1.480695366859436]),
    "adam_tensor_betas": (lambda L, p: L.optim.Adam(p, lr=0.05, betas=(L.tensor(0.9), L.tensor(0.99))),
                          [-0.04597039893269539, -0.054029613733291626, 0.15402960777282715, 1.5540297031402588]),
}


@pytest.mark.parametrize("name", sorted(_TENSOR_HYPER_CASES))
def test_tensor_hyperparameters_round_as_tensor_ops(name):
    """PyTorch keeps a tensor ``lr``/``betas`` a 0-d tensor, so ``lr / bias_correction``, ``1 - lr * wd`` and
    ASGD's ``eta`` are float32 tensor ops: the steps differ in the last bits from a float ``lr``'s."""
    make, want = _TENSOR_HYPER_CASES[name]
    assert _three_steps(ember, make) == want


@pytest.mark.parametrize("name", ["adamax_tensor_lr", "asgd_tensor_lr"])
def test_tensor_lr_matches_pytorch_bitwise(name):
    """Adamax and ASGD take no square root (PyTorch's goes through MKL VML and is not correctly rounded)."""
    torch = pytest.importorskip("torch")
    make, _ = _TENSOR_HYPER_CASES[name]
    assert _three_steps(ember, make) == _three_steps(torch, make)


def test_bce_with_logits_mixed_dtypes_round_like_aten():
    """``log_sigmoid(input)`` stays in the input's dtype and ``log_weight`` is multiplied in place into it; the
    loss is computed in place into ``1 - target``, so it has the target's dtype."""
    F = ember.nn.functional
    x = ember.tensor([2.5, -1.25, 0.75, -4.0])
    t = ember.tensor([0.2, 0.9, 0.5, 0.05], dtype=ember.float64)
    a = F.binary_cross_entropy_with_logits(x, t, pos_weight=ember.full((4,), 2.0), reduction="none")
    assert a.dtype == ember.float64
    assert a.tolist() == [2.0946676805615425, 2.7286651134490967, 0.9553065299987793, 0.4190575599670412]
    b = F.binary_cross_entropy_with_logits(x.double(), t.float(), reduction="none")
    assert b.dtype == ember.float32
    assert b.tolist() == [2.078889846801758, 1.3769290447235107, 0.7618709802627563, 0.21814997494220734]


def test_half_loss_mean_rounds_once():
    """``reduction='mean'`` of a float16 loss is ``at::mean``: float accumulation, a single rounding."""
    F = ember.nn.functional
    ember.manual_seed(0)
    h = (ember.rand(50) * 3).half()
    t = ember.rand(50).half()
    assert F.binary_cross_entropy_with_logits(h, t).item() == 0.9052734375
    assert F.binary_cross_entropy_with_logits(h, t, reduction="none").mean().item() == 0.9052734375


def test_margin_losses_refuse_half_and_check_targets_first():
    F = ember.nn.functional
    x = ember.randn(3, 4).half()
    _raises(lambda: F.multi_margin_loss(x, ember.tensor([0.0, 1.0, 2.0])), NotImplementedError,
            "\"multi_margin_loss_cpu_kernel\" not implemented for 'Half'")
    _raises(lambda: F.multilabel_margin_loss(x, ember.tensor([[0, 1, -1, 0]] * 3)), NotImplementedError,
            "\"multilabel_margin_loss_forward_out_frame\" not implemented for 'Half'")
    _raises(lambda: F.multilabel_margin_loss(x, ember.tensor([[0, 9, -1, 0]] * 3)), RuntimeError,
            "argument #2 'target' is out of range")
    _raises(lambda: F.multilabel_margin_loss(x.float(), ember.tensor([[0.0, 9.0, -1.0, 0.0]] * 3)), RuntimeError,
            "argument #2 'target' is out of range")
    _raises(lambda: F.multilabel_margin_loss(x.float(), ember.tensor([[0.0, 1.0, -1.0, 0.0]] * 3)), RuntimeError,
            "expected scalar type Long but found Float")


def test_huber_loss_backward_refuses_mixed_dtypes():
    F = ember.nn.functional
    x = ember.randn(3, requires_grad=True)
    t = ember.randn(3, dtype=ember.float64)
    loss = F.huber_loss(x, t)
    assert loss.dtype == ember.float32
    _raises(loss.backward, RuntimeError, "Found dtype Double but expected Float")
    x2 = ember.randn(3, dtype=ember.float64)
    t2 = ember.randn(3, requires_grad=True)
    _raises(F.huber_loss(x2, t2).backward, RuntimeError, "Found dtype Double but expected Float")
    assert F.mse_loss(x, t).dtype == ember.float64  # mse promotes; only huber keeps the input's dtype


def test_conv_transpose_output_size_error_prints_the_request_as_given():
    ct = ember.nn.ConvTranspose2d(3, 2, 3, stride=2, padding=1)
    x = ember.randn(2, 3, 9, 9)
    tail = ", but valid sizes range from [17, 17] to [18, 18] (for an input of torch.Size([9, 9]))"
    _raises(lambda: ct(x, output_size=(20, 20)), ValueError, "requested an output size of (20, 20)" + tail)
    _raises(lambda: ct(x, output_size=ember.Size([2, 2, 20, 20])), ValueError,
            "requested an output size of torch.Size([20, 20])" + tail)
    assert ct(x, output_size=ember.Size([17, 18])).shape == (2, 2, 17, 18)
