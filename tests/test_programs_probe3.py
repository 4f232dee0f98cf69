"""Course-style training programs (third program probe) run under ``python -m ember run`` and under
PyTorch 2.13; stdout must match exactly.

The programs cover a deep-learning course's outline: a sine-wave ``nn.RNN`` regression, a
character LSTM over packed, padded, bidirectional sequences, a GRU seq2seq with teacher forcing,
REINFORCE with ``Categorical``, a DQN with a replay buffer and a target network, a weighted,
label-smoothed classifier with a confusion matrix, a VAE with ``Bernoulli``/``Normal``
likelihoods, a DCGAN, the errors a learner's mistakes raise, recurrent layers given hidden
states of another dtype, the recurrent API (packed/projected/bidirectional LSTM, pad/unpad
helpers), a GRU classifier fed by a DataLoader with a weighted sampler and gradient accumulation,
in-place activations and their dtype errors, and a cell-level char-RNN sampling text with
``torch.multinomial``.  All programs run in one process per library (the import dominates).
Printed digits are chosen so that BLAS summation order (ember's OpenBLAS against PyTorch's MKL)
cannot show; programs whose prints amplify float noise are left out.

The golden tests below need no PyTorch: they pin the fused recurrent layers' refusals
(``_VF.rnn_* / gru / lstm`` on PyTorch's CPU path: ``addmm``/``mm`` dtype errors, the oneDNN
LSTM's state-dtype errors, empty sequences), empty batches, the rounding order of the Elman
RNN's two biases, float16 layers (composed like PyTorch's, with float32-accumulated bias
gradients), and the dtype refusals of prelu, the normalisation layers ("mixed dtype (CPU)"),
dropout, pooling, bilinear, embedding and complex activations.
"""
from __future__ import annotations


import numpy as np
import pytest
from program_runner import program_tests, raises_exactly

import ember
import ember.nn as enn


PROGRAMS = {
    'sine_rnn': r'''
import torch
import torch.nn as nn
import math
torch.manual_seed(3)

# Predict next value of a sine wave with a vanilla RNN
t = torch.arange(0, 60, 0.3)
wave = torch.sin(t)
seq_len = 10
X = torch.stack([wave[i:i+seq_len] for i in range(len(wave) - seq_len)]).unsqueeze(-1)
Y = wave[seq_len:].unsqueeze(-1)
print(X.shape, Y.shape)
n_train = int(0.8 * len(X))
Xtr, Ytr, Xva, Yva = X[:n_train], Y[:n_train], X[n_train:], Y[n_train:]

class SineRNN(nn.Module):
    def __init__(self, hidden=12):
        super().__init__()
        self.rnn = nn.RNN(input_size=1, hidden_size=hidden, num_layers=1, batch_first=True, nonlinearity='tanh')
        self.out = nn.Linear(hidden, 1)
    def forward(self, x, h0=None):
        y, h = self.rnn(x, h0)
        return self.out(y[:, -1, :]), h

model = SineRNN()
print(model)
for n, p in model.named_parameters():
    print(n, p.shape, f"{p.mean().item():.6f}")
opt = torch.optim.RMSprop(model.parameters(), lr=0.005)
loss_fn = nn.MSELoss()
best = math.inf
for epoch in range(20):
    model.train()
    for i in range(0, n_train, 32):
        xb, yb = Xtr[i:i+32], Ytr[i:i+32]
        pred, _ = model(xb)
        loss = loss_fn(pred, yb)
        opt.zero_grad()
        loss.backward()
        opt.step()
    model.eval()
    with torch.no_grad():
        vpred, h = model(Xva)
        vloss = loss_fn(vpred, Yva).item()
    best = min(best, vloss)
    if epoch % 4 == 3:
        print(f"epoch {epoch+1:02d} train {loss.item():.8f} val {vloss:.8f} best {best:.8f}")
print(h.shape)
print(vpred[:5].squeeze())
print(Yva[:5].squeeze())
# free-running generation
with torch.no_grad():
    window = Xva[0:1].clone()
    gen = []
    for _ in range(8):
        p, _ = model(window)
        gen.append(p.item())
        window = torch.cat([window[:, 1:, :], p.view(1, 1, 1)], dim=1)
print([round(g, 5) for g in gen])
print(torch.tensor(gen))
''',
    'char_lstm_packed': r'''
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence, pad_sequence
torch.manual_seed(2)

text = "hello world. the quick brown fox jumps over the lazy dog. hello again."
chars = sorted(set(text))
stoi = {c: i for i, c in enumerate(chars)}
itos = {i: c for c, i in stoi.items()}
V = len(chars)
print("vocab", V, repr("".join(chars)))
data = torch.tensor([stoi[c] for c in text], dtype=torch.long)
print(data[:20])

# variable-length training windows
starts = [0, 5, 13, 20, 31, 40, 50]
lengths = [12, 9, 15, 7, 11, 14, 10]
seqs = [data[s:s+l] for s, l in zip(starts, lengths)]
targets = [data[s+1:s+l+1] for s, l in zip(starts, lengths)]
padded = pad_sequence(seqs, batch_first=True, padding_value=0)
padded_t = pad_sequence(targets, batch_first=True, padding_value=-100)
print(padded.shape, padded_t.shape)
lens = torch.tensor(lengths)

class CharModel(nn.Module):
    def __init__(self, V, E=10, H=16):
        super().__init__()
        self.emb = nn.Embedding(V, E, padding_idx=0)
        self.lstm = nn.LSTM(E, H, num_layers=2, batch_first=True, bidirectional=True, dropout=0.1)
        self.head = nn.Linear(2 * H, V)
    def forward(self, x, lens):
        e = self.emb(x)
        packed = pack_padded_sequence(e, lens, batch_first=True, enforce_sorted=False)
        out, (h, c) = self.lstm(packed)
        out, out_lens = pad_packed_sequence(out, batch_first=True, total_length=x.size(1))
        return self.head(out), h, c, out_lens

model = CharModel(V)
print(model)
print(sum(p.numel() for p in model.parameters()))
print([k for k in model.state_dict().keys()])
opt = torch.optim.Adam(model.parameters(), lr=0.02)
crit = nn.CrossEntropyLoss(ignore_index=-100)
for epoch in range(12):
    model.train()
    opt.zero_grad()
    logits, h, c, out_lens = model(padded, lens)
    loss = crit(logits.reshape(-1, V), padded_t.reshape(-1))
    loss.backward()
    norm = nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
    opt.step()
    print(f"epoch {epoch} loss {loss.item():.5f} clip {norm.item():.4f}")
print(h.shape, c.shape, out_lens)
model.eval()
with torch.no_grad():
    logits, h, c, _ = model(padded[:2], lens[:2])
    pred = logits.argmax(-1)
    for row, L in zip(pred, lens[:2]):
        print("".join(itos[i] for i in row[:L].tolist()))
    print(h[:, 0, :4])
    print(model.emb.weight.detach()[0])
''',
    'seq2seq_gru': r'''
import random
import torch
import torch.nn as nn
torch.manual_seed(12)
random.seed(12)

# Reverse a sequence of digits with a GRU encoder-decoder and teacher forcing
SOS, EOS, V = 10, 11, 12
def make_pair(L):
    src = torch.randint(0, 10, (L,))
    tgt = torch.cat([src.flip(0), torch.tensor([EOS])])
    return src, tgt

class Encoder(nn.Module):
    def __init__(self, V, E, H):
        super().__init__()
        self.emb = nn.Embedding(V, E)
        self.gru = nn.GRU(E, H, batch_first=True)
    def forward(self, x):
        out, h = self.gru(self.emb(x))
        return out, h

class Decoder(nn.Module):
    def __init__(self, V, E, H):
        super().__init__()
        self.emb = nn.Embedding(V, E)
        self.gru = nn.GRU(E, H, batch_first=True)
        self.out = nn.Linear(H, V)
    def forward(self, tok, h):
        o, h = self.gru(self.emb(tok).unsqueeze(1), h)
        return self.out(o.squeeze(1)), h

enc, dec = Encoder(V, 8, 32), Decoder(V, 8, 32)
print(enc, dec, sep="\n")
params = list(enc.parameters()) + list(dec.parameters())
opt = torch.optim.Adam(params, lr=0.01)
crit = nn.CrossEntropyLoss()
L, B = 5, 16
for it in range(40):
    pairs = [make_pair(L) for _ in range(B)]
    src = torch.stack([p[0] for p in pairs])
    tgt = torch.stack([p[1] for p in pairs])
    _, h = enc(src)
    tok = torch.full((B,), SOS, dtype=torch.long)
    loss = 0.0
    teacher = random.random() < 0.5
    for t in range(tgt.size(1)):
        logits, h = dec(tok, h)
        loss = loss + crit(logits, tgt[:, t])
        tok = tgt[:, t] if teacher else logits.argmax(1)
    loss = loss / tgt.size(1)
    opt.zero_grad()
    loss.backward()
    nn.utils.clip_grad_norm_(params, 5.0)
    opt.step()
    if it % 5 == 0:
        print(f"it {it:2d} teacher={teacher!s:5} loss {loss.item():.5f}")
with torch.no_grad():
    src = torch.tensor([[1, 2, 3, 4, 5], [9, 8, 7, 0, 0]])
    _, h = enc(src)
    tok = torch.full((2,), SOS)
    outs = []
    for t in range(L + 1):
        logits, h = dec(tok, h)
        tok = logits.argmax(1)
        outs.append(tok)
    print(torch.stack(outs, 1))
    print(torch.softmax(logits, -1).max(1))
print(h.shape, h.grad_fn is None)
print(type(loss.grad_fn).__name__, loss.grad_fn.name())
''',
    'reinforce_categorical': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.distributions import Categorical
torch.manual_seed(7)

class Corridor:
    """Agent walks a 1-D corridor of length 6; reward +1 at the right end, -0.01 per step."""
    def __init__(self, n=6):
        self.n = n
    def reset(self):
        self.pos = 0
        return self.obs()
    def obs(self):
        o = torch.zeros(self.n)
        o[self.pos] = 1.0
        return o
    def step(self, action):
        self.pos = max(0, min(self.n - 1, self.pos + (1 if action == 1 else -1)))
        done = self.pos == self.n - 1
        return self.obs(), (1.0 if done else -0.01), done

class Policy(nn.Module):
    def __init__(self, n):
        super().__init__()
        self.fc1 = nn.Linear(n, 16)
        self.fc2 = nn.Linear(16, 2)
    def forward(self, x):
        return F.softmax(self.fc2(F.relu(self.fc1(x))), dim=-1)

env = Corridor()
policy = Policy(6)
opt = torch.optim.Adam(policy.parameters(), lr=0.02)
gamma = 0.95
eps = torch.finfo(torch.float32).eps
print("eps", eps)
for episode in range(25):
    state = env.reset()
    log_probs, rewards, entropies = [], [], []
    for t in range(30):
        probs = policy(state)
        m = Categorical(probs)
        action = m.sample()
        log_probs.append(m.log_prob(action))
        entropies.append(m.entropy())
        state, r, done = env.step(action.item())
        rewards.append(r)
        if done:
            break
    R = 0.0
    returns = []
    for r in reversed(rewards):
        R = r + gamma * R
        returns.insert(0, R)
    returns = torch.tensor(returns)
    if len(returns) > 1:
        returns = (returns - returns.mean()) / (returns.std() + eps)
    loss = -(torch.stack(log_probs) * returns).sum() - 0.01 * torch.stack(entropies).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
    if episode % 3 == 0:
        print(f"ep {episode:2d} steps {len(rewards):2d} return {sum(rewards):.4f} loss {loss.item():.6f}")
print(m)
print(m.probs, m.logits)
print(m.sample((3,)))
print(m.log_prob(torch.tensor([0, 1])))
print(m.entropy())
with torch.no_grad():
    for s in range(6):
        o = torch.zeros(6); o[s] = 1
        print(s, policy(o))
print(returns)
''',
    'dqn_replay': r'''
import random
import copy
from collections import deque, namedtuple
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(8)
random.seed(8)

Transition = namedtuple("Transition", ("state", "action", "reward", "next_state", "done"))

class ReplayBuffer:
    def __init__(self, cap):
        self.mem = deque(maxlen=cap)
    def push(self, *args):
        self.mem.append(Transition(*args))
    def sample(self, k):
        return random.sample(self.mem, k)
    def __len__(self):
        return len(self.mem)

class GridEnv:
    """4x4 grid, goal at (3,3); state is a 2-vector of normalised coords."""
    def reset(self):
        self.p = [0, 0]; self.t = 0
        return torch.tensor(self.p, dtype=torch.float32) / 3
    def step(self, a):
        dx, dy = [(0, 1), (1, 0), (0, -1), (-1, 0)][a]
        self.p = [min(3, max(0, self.p[0] + dx)), min(3, max(0, self.p[1] + dy))]
        self.t += 1
        done = self.p == [3, 3] or self.t >= 12
        r = 1.0 if self.p == [3, 3] else -0.05
        return torch.tensor(self.p, dtype=torch.float32) / 3, r, done

class QNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(2, 32), nn.ReLU(), nn.Linear(32, 4))
    def forward(self, x):
        return self.net(x)

policy = QNet()
target = QNet()
target.load_state_dict(policy.state_dict())
target.eval()
print(target)
print(all(torch.equal(a, b) for a, b in zip(policy.parameters(), target.parameters())))
opt = torch.optim.Adam(policy.parameters(), lr=5e-3)
buf = ReplayBuffer(500)
env = GridEnv()
eps, gamma = 1.0, 0.9
step = 0
for ep in range(20):
    s = env.reset(); total = 0.0; done = False
    while not done:
        if random.random() < eps:
            a = random.randrange(4)
        else:
            with torch.no_grad():
                a = torch.argmax(policy(s)).item()
        s2, r, done = env.step(a)
        buf.push(s, a, r, s2, done)
        s = s2; total += r; step += 1
        if len(buf) >= 32:
            batch = Transition(*zip(*buf.sample(32)))
            S = torch.stack(batch.state)
            A = torch.tensor(batch.action).unsqueeze(1)
            R = torch.tensor(batch.reward)
            S2 = torch.stack(batch.next_state)
            D = torch.tensor(batch.done, dtype=torch.float32)
            q = policy(S).gather(1, A).squeeze(1)
            with torch.no_grad():
                q_next = target(S2).max(1)[0]
            y = R + gamma * q_next * (1 - D)
            loss = F.smooth_l1_loss(q, y)
            opt.zero_grad(); loss.backward()
            torch.nn.utils.clip_grad_value_(policy.parameters(), 1.0)
            opt.step()
        if step % 25 == 0:
            target.load_state_dict(policy.state_dict())
    eps = max(0.05, eps * 0.85)
    if ep % 2 == 0:
        print(f"ep {ep:2d} return {total:+.3f} eps {eps:.4f} buffer {len(buf)}" + (f" loss {loss.item():.6f}" if len(buf) >= 32 else ""))
with torch.no_grad():
    grid = torch.stack([torch.tensor([i, j], dtype=torch.float32) / 3 for i in range(4) for j in range(4)])
    qs = policy(grid)
print(qs.argmax(1).view(4, 4))
print(qs.max(dim=1))
print(q[:4], y[:4])
print(A[:4].T, D[:4])
sd = copy.deepcopy(policy.state_dict())
print(list(sd.keys()), sd["net.2.bias"])
''',
    'weighted_ce_confusion': r'''
import torch
import torch.nn as nn
torch.manual_seed(9)

# Imbalanced 3-class problem on 2-D points
n = [120, 40, 20]
centers = torch.tensor([[0.0, 0.0], [2.0, 2.0], [-2.0, 2.0]])
X = torch.cat([torch.randn(k, 2) * 0.8 + centers[i] for i, k in enumerate(n)])
y = torch.cat([torch.full((k,), i, dtype=torch.long) for i, k in enumerate(n)])
perm = torch.randperm(len(y))
X, y = X[perm], y[perm]
counts = torch.bincount(y)
print("counts", counts)
weights = counts.sum() / (len(counts) * counts.float())
print("class weights", weights)

model = nn.Sequential(nn.Linear(2, 24), nn.GELU(), nn.Linear(24, 24), nn.SiLU(), nn.Linear(24, 3))
crit = nn.CrossEntropyLoss(weight=weights, label_smoothing=0.1)
plain = nn.CrossEntropyLoss(reduction='none')
opt = torch.optim.AdamW(model.parameters(), lr=0.01, weight_decay=0.01)
sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=30)
for epoch in range(30):
    opt.zero_grad()
    logits = model(X)
    loss = crit(logits, y)
    loss.backward()
    opt.step()
    sched.step()
    if epoch % 5 == 4:
        pred = logits.argmax(1)
        acc = (pred == y).float().mean().item()
        print(f"epoch {epoch+1} loss {loss.item():.6f} acc {acc:.4f} lr {opt.param_groups[0]['lr']:.6f}")
with torch.no_grad():
    logits = model(X)
    pred = logits.argmax(1)
cm = torch.bincount(y * 3 + pred, minlength=9).reshape(3, 3)
print("confusion matrix\n", cm)
recall = cm.diag().float() / cm.sum(1).float()
precision = cm.diag().float() / cm.sum(0).clamp(min=1).float()
print("recall", recall)
print("precision", precision)
f1 = 2 * precision * recall / (precision + recall)
print("f1", f1, "macro", f1.mean().item())
per = plain(logits, y)
print(per[:6], per.mean())
print(nn.functional.cross_entropy(logits[:5], y[:5], label_smoothing=0.2))
print(nn.functional.nll_loss(torch.log_softmax(logits[:5], 1), y[:5], weight=weights))
probs = torch.softmax(logits, dim=1)
top2 = probs.topk(2, dim=1)
print(top2.values[:3], top2.indices[:3])
print(torch.unique(pred, return_counts=True))
print(model)
''',
    'learner_mistakes': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(21)

def attempt(label, fn):
    try:
        r = fn()
        print(label, "->", r if not isinstance(r, torch.Tensor) else (tuple(r.shape), r.dtype))
    except Exception as e:
        print(label, "->", type(e).__name__ + ":", e)

lin = nn.Linear(4, 5)
conv = nn.Conv2d(3, 8, 3)
bn = nn.BatchNorm1d(5)
attempt("linear wrong in", lambda: lin(torch.randn(2, 3)))
attempt("linear int input", lambda: lin(torch.arange(8).view(2, 4)))
attempt("linear double", lambda: lin(torch.randn(2, 4, dtype=torch.float64)))
attempt("conv wrong channels", lambda: conv(torch.randn(1, 4, 8, 8)))
attempt("conv 3d input unbatched", lambda: conv(torch.randn(3, 8, 8)))
attempt("conv 2d input", lambda: conv(torch.randn(8, 8)))
attempt("conv too small", lambda: conv(torch.randn(1, 3, 2, 2)))
attempt("bn batch 1", lambda: bn(torch.randn(1, 5)))
attempt("bn wrong features", lambda: bn(torch.randn(4, 6)))
attempt("ce float target", lambda: F.cross_entropy(torch.randn(3, 4), torch.tensor([1.0, 2.0, 0.0])))
attempt("ce target oob", lambda: F.cross_entropy(torch.randn(3, 4), torch.tensor([1, 2, 4])))
attempt("ce 1d target shape", lambda: F.cross_entropy(torch.randn(3, 4), torch.tensor([[1], [2], [0]])))
attempt("nll int input", lambda: F.nll_loss(torch.randn(3, 4), torch.tensor([1, 2, 3], dtype=torch.int32)))
attempt("mse shape warn", lambda: F.mse_loss(torch.randn(3, 1), torch.randn(3)))
attempt("bce out of range", lambda: F.binary_cross_entropy(torch.tensor([0.5, 1.5]), torch.tensor([1.0, 0.0])))
attempt("bce long target", lambda: F.binary_cross_entropy(torch.tensor([0.5, 0.5]), torch.tensor([1, 0])))
attempt("bcewl shape", lambda: F.binary_cross_entropy_with_logits(torch.randn(3, 1), torch.randn(3)))
attempt("embedding oob", lambda: nn.Embedding(5, 2)(torch.tensor([1, 5])))
attempt("embedding float idx", lambda: nn.Embedding(5, 2)(torch.tensor([1.0, 2.0])))
attempt("lstm 4d", lambda: nn.LSTM(3, 4)(torch.randn(2, 2, 2, 3)))
attempt("lstm wrong size", lambda: nn.LSTM(3, 4)(torch.randn(5, 2, 2)))
attempt("lstm bad h shape", lambda: nn.LSTM(3, 4)(torch.randn(5, 2, 3), (torch.zeros(1, 3, 4), torch.zeros(1, 3, 4))))
attempt("gru bad h", lambda: nn.GRU(3, 4, num_layers=2)(torch.randn(5, 2, 3), torch.zeros(1, 2, 4)))
attempt("maxpool too big", lambda: nn.MaxPool2d(4)(torch.randn(1, 1, 3, 3)))
attempt("view non-contig", lambda: torch.randn(3, 4).t().view(12))
attempt("backward twice", lambda: [(l := (lin.weight ** 2).sum()).backward(), l.backward()])
attempt("backward non-scalar", lambda: lin(torch.randn(2, 4)).backward())
attempt("grad of int", lambda: torch.tensor([1, 2], requires_grad=True))
attempt("inplace leaf", lambda: lin.weight.add_(1))
attempt("numpy requires grad", lambda: lin.weight.numpy())
attempt("item multi", lambda: torch.randn(3).item())
attempt("softmax no dim", lambda: F.softmax(torch.randn(2, 3)))
attempt("dropout p", lambda: nn.Dropout(1.5))
attempt("optimizer empty", lambda: torch.optim.SGD([], lr=0.1))
attempt("optimizer neg lr", lambda: torch.optim.Adam(lin.parameters(), lr=-1))
attempt("state_dict mismatch", lambda: nn.Linear(4, 6).load_state_dict(lin.state_dict()))
attempt("sequential index", lambda: nn.Sequential(nn.ReLU())[3])
attempt("cat dims", lambda: torch.cat([torch.randn(2, 3), torch.randn(3, 2)]))
attempt("stack sizes", lambda: torch.stack([torch.randn(2), torch.randn(3)]))
attempt("matmul shapes", lambda: torch.randn(2, 3) @ torch.randn(2, 3))
attempt("avgpool", lambda: F.avg_pool2d(torch.randn(1, 1, 5, 5), 2, ceil_mode=True))
attempt("upsample", lambda: F.interpolate(torch.randn(1, 1, 4), scale_factor=2, mode='bilinear'))
attempt("pack unsorted", lambda: nn.utils.rnn.pack_padded_sequence(torch.randn(3, 2, 1), torch.tensor([2, 3])))
attempt("pack zero length", lambda: nn.utils.rnn.pack_padded_sequence(torch.randn(3, 2, 1), torch.tensor([3, 0])))
attempt("categorical bad probs", lambda: torch.distributions.Categorical(probs=torch.tensor([0.5, -0.1])))
attempt("normal bad scale", lambda: torch.distributions.Normal(0.0, -1.0))
attempt("normal logprob", lambda: torch.distributions.Normal(0.0, 1.0).log_prob(torch.tensor(0.0)))
attempt("clip grad none", lambda: nn.utils.clip_grad_norm_(nn.Linear(2, 2).parameters(), 1.0))
''',
    'rnn_state_dtypes': r'''
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence
torch.manual_seed(25)

def attempt(label, fn):
    try:
        out = fn()
        first = out[0]
        print(label, "->", tuple(first.shape), first.dtype, type(first.grad_fn).__name__)
    except Exception as e:
        print(label, "->", type(e).__name__ + ":", e)

x = torch.randn(5, 2, 3)
f64 = torch.float64
for cls in (nn.RNN, nn.GRU):
    m = cls(3, 4)
    attempt(f"{cls.__name__} h64", lambda: m(x, torch.zeros(1, 2, 4, dtype=f64)))
    attempt(f"{cls.__name__} h16", lambda: m(x, torch.zeros(1, 2, 4, dtype=torch.float16)))
    attempt(f"{cls.__name__} h long", lambda: m(x, torch.zeros(1, 2, 4, dtype=torch.long)))
    attempt(f"{cls.__name__} unbatched h64", lambda: m(x[:, 0], torch.zeros(1, 4, dtype=f64)))
    attempt(f"{cls.__name__} packed h64", lambda: m(pack_padded_sequence(x, torch.tensor([5, 3])), torch.zeros(1, 2, 4, dtype=f64)))
    attempt(f"{cls.__name__} no bias h64", lambda: cls(3, 4, bias=False)(x, torch.zeros(1, 2, 4, dtype=f64)))
    attempt(f"{cls.__name__} 2 layers bi h64", lambda: cls(3, 4, 2, bidirectional=True)(x, torch.zeros(4, 2, 4, dtype=f64)))
    attempt(f"{cls.__name__} double model h32", lambda: cls(3, 4).double()(x.double(), torch.zeros(1, 2, 4)))
    attempt(f"{cls.__name__} x64", lambda: m(x.double()))
    attempt(f"{cls.__name__} empty seq", lambda: m(torch.randn(0, 2, 3)))
    attempt(f"{cls.__name__} empty batch", lambda: m(torch.randn(5, 0, 3)))
lstm = nn.LSTM(3, 4)
z = torch.zeros(1, 2, 4)
attempt("LSTM h64", lambda: lstm(x, (z.double(), z)))
attempt("LSTM c64", lambda: lstm(x, (z, z.double())))
attempt("LSTM h16", lambda: lstm(x, (z.half(), z)))
attempt("LSTM c long", lambda: lstm(x, (z, z.long())))
attempt("LSTM h long c16", lambda: lstm(x, (z.long(), z.half())))
attempt("LSTM unbatched h64", lambda: lstm(x[:, 0], (z[:, 0].double(), z[:, 0])))
attempt("LSTM packed h64", lambda: lstm(pack_padded_sequence(x, torch.tensor([5, 3])), (z.double(), z)))
attempt("LSTM double model h32", lambda: lstm.double()(x.double(), (z, z.double())))
attempt("LSTM double model c32", lambda: lstm(x.double(), (z.double(), z)))
lstm.float()
attempt("LSTM empty seq", lambda: lstm(torch.randn(0, 2, 3)))
attempt("LSTM empty batch", lambda: lstm(torch.randn(5, 0, 3)))
attempt("LSTM empty batch h64", lambda: lstm(torch.randn(5, 0, 3), (torch.zeros(1, 0, 4, dtype=f64), torch.zeros(1, 0, 4))))
with torch.no_grad():
    attempt("LSTM no_grad h64", lambda: lstm(x, (z.double(), z)))
for cls in (nn.RNNCell, nn.GRUCell):
    for bias in (True, False):
        c = cls(3, 4, bias=bias)
        attempt(f"{cls.__name__} bias={bias} h64", lambda: c(x[0], torch.zeros(2, 4, dtype=f64)).unsqueeze(0))
        attempt(f"{cls.__name__} bias={bias} h16", lambda: c(x[0], torch.zeros(2, 4, dtype=torch.float16)).unsqueeze(0))
cell = nn.LSTMCell(3, 4)
attempt("LSTMCell h64", lambda: cell(x[0], (torch.zeros(2, 4, dtype=f64), torch.zeros(2, 4))))
attempt("LSTMCell c64", lambda: cell(x[0], (torch.zeros(2, 4), torch.zeros(2, 4, dtype=f64))))
g = nn.GRU(3, 4)
out, h = g(torch.randn(5, 0, 3))
out.sum().backward()
print(out.shape, h.shape, g.weight_ih_l0.grad.abs().sum().item())
''',
    'vae_bernoulli': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.distributions import Normal, Bernoulli, kl_divergence, MultivariateNormal
torch.manual_seed(23)

# binary 4x4 patterns: a row or a column is on
patterns = []
for k in range(4):
    a = torch.zeros(4, 4); a[k] = 1; patterns.append(a.flatten())
    b = torch.zeros(4, 4); b[:, k] = 1; patterns.append(b.flatten())
data = torch.stack(patterns)
X = data[torch.randint(0, 8, (64,))]
flip = torch.rand_like(X) < 0.05
X = torch.where(flip, 1 - X, X)

class VAE(nn.Module):
    def __init__(self, d=16, z=2, h=32):
        super().__init__()
        self.enc = nn.Sequential(nn.Linear(d, h), nn.Softplus())
        self.mu = nn.Linear(h, z)
        self.logvar = nn.Linear(h, z)
        self.dec = nn.Sequential(nn.Linear(z, h), nn.Softplus(), nn.Linear(h, d))
    def forward(self, x):
        h = self.enc(x)
        q = Normal(self.mu(h), (0.5 * self.logvar(h)).exp())
        z = q.rsample()
        px = Bernoulli(logits=self.dec(z))
        return q, px, z

vae = VAE()
opt = torch.optim.Adam(vae.parameters(), lr=1e-2)
prior = Normal(torch.zeros(2), torch.ones(2))
for ep in range(25):
    q, px, z = vae(X)
    rec = px.log_prob(X).sum(1).mean()
    kl = kl_divergence(q, prior).sum(1).mean()
    elbo = rec - kl
    opt.zero_grad()
    (-elbo).backward()
    opt.step()
    if ep % 5 == 0:
        print(f"ep {ep} elbo {elbo.item():.5f} rec {rec.item():.5f} kl {kl.item():.5f}")
print(px)
print(px.probs[0].view(4, 4))
print(px.mean.shape, px.variance[0, :4], px.entropy()[0, :4])
print(px.sample().shape, px.sample((2,)).shape)
with torch.no_grad():
    zs = torch.tensor([[0.0, 0.0], [1.5, -1.5], [-1.5, 1.5]])
    recon = torch.sigmoid(vae.dec(zs))
print((recon > 0.5).int().view(3, 4, 4))
F_ = F.binary_cross_entropy_with_logits(vae.dec(z), X, reduction='none').sum(1).mean()
print(abs(F_.item() + rec.item()) < 1e-3)
mvn = MultivariateNormal(torch.zeros(2), covariance_matrix=torch.tensor([[1.0, 0.5], [0.5, 2.0]]))
print(mvn, mvn.scale_tril)
s = mvn.sample((3,))
print(s, mvn.log_prob(s), mvn.entropy())
print(kl_divergence(mvn, MultivariateNormal(torch.zeros(2), torch.eye(2))))
b = Bernoulli(probs=torch.tensor([0.2, 0.9]))
print(b.log_prob(torch.tensor([1.0, 0.0])), b.enumerate_support())
''',
    'dcgan': r'''
import torch
import torch.nn as nn
torch.manual_seed(6)

nz = 8
class Generator(nn.Module):
    def __init__(self):
        super().__init__()
        self.main = nn.Sequential(
            nn.ConvTranspose2d(nz, 16, 4, 1, 0, bias=False),
            nn.BatchNorm2d(16),
            nn.ReLU(True),
            nn.ConvTranspose2d(16, 8, 4, 2, 1, bias=False),
            nn.BatchNorm2d(8),
            nn.ReLU(True),
            nn.ConvTranspose2d(8, 1, 4, 2, 1, bias=False),
            nn.Tanh(),
        )
    def forward(self, z):
        return self.main(z)

class Discriminator(nn.Module):
    def __init__(self):
        super().__init__()
        self.main = nn.Sequential(
            nn.Conv2d(1, 8, 4, 2, 1, bias=False),
            nn.LeakyReLU(0.2, inplace=True),
            nn.Conv2d(8, 16, 4, 2, 1, bias=False),
            nn.BatchNorm2d(16),
            nn.LeakyReLU(0.2, inplace=True),
            nn.Conv2d(16, 1, 4, 1, 0, bias=False),
            nn.Flatten(),
        )
    def forward(self, x):
        return self.main(x)

def weights_init(m):
    classname = m.__class__.__name__
    if classname.find('Conv') != -1:
        nn.init.normal_(m.weight.data, 0.0, 0.02)
    elif classname.find('BatchNorm') != -1:
        nn.init.normal_(m.weight.data, 1.0, 0.02)
        nn.init.constant_(m.bias.data, 0)

netG = Generator(); netG.apply(weights_init)
netD = Discriminator(); netD.apply(weights_init)
print(netG)
print(netD)
z = torch.randn(4, nz, 1, 1)
print("G out", netG(z).shape, "D out", netD(netG(z)).shape)
# real data: 16x16 images with a bright square
real = -torch.ones(32, 1, 16, 16)
for i in range(32):
    r, c = torch.randint(0, 10, (2,)).tolist()
    real[i, 0, r:r+6, c:c+6] = 1.0
crit = nn.BCEWithLogitsLoss()
optD = torch.optim.Adam(netD.parameters(), lr=2e-3, betas=(0.5, 0.999))
optG = torch.optim.Adam(netG.parameters(), lr=2e-3, betas=(0.5, 0.999))
fixed = torch.randn(2, nz, 1, 1)
for it in range(10):
    netD.zero_grad()
    out_real = netD(real).view(-1)
    errD_real = crit(out_real, torch.full((32,), 1.0))
    errD_real.backward()
    noise = torch.randn(32, nz, 1, 1)
    fake = netG(noise)
    out_fake = netD(fake.detach()).view(-1)
    errD_fake = crit(out_fake, torch.full((32,), 0.0))
    errD_fake.backward()
    optD.step()
    netG.zero_grad()
    out = netD(fake).view(-1)
    errG = crit(out, torch.full((32,), 1.0))
    errG.backward()
    optG.step()
    print(f"[{it}] Loss_D: {(errD_real + errD_fake).item():.5f} Loss_G: {errG.item():.5f} "
          f"D(x): {torch.sigmoid(out_real).mean().item():.4f} D(G(z)): {torch.sigmoid(out).mean().item():.4f}")
netG.eval()
with torch.no_grad():
    img = netG(fixed)
print(img.shape, img.min().item() >= -1, img.max().item() <= 1)
print(img[0, 0, :3, :5])
print(netG.main[1].running_var[:5])
print(sum(p.numel() for p in netG.parameters()), sum(p.numel() for p in netD.parameters()))
''',
    'rnn_api_packed_proj': r'''
import copy
import torch
import torch.nn as nn
from torch.nn.utils.rnn import (pack_padded_sequence, pad_packed_sequence, pack_sequence, pad_sequence,
                                unpack_sequence, unpad_sequence)
torch.manual_seed(28)
seqs = [torch.randn(4, 3), torch.randn(2, 3), torch.randn(5, 3)]
packed = pack_sequence(seqs, enforce_sorted=False)
print(packed)
print(packed.data.shape, packed.batch_sizes, packed.sorted_indices, packed.unsorted_indices)
lstm = nn.LSTM(3, 4, num_layers=2, bidirectional=True, proj_size=2, batch_first=True, dropout=0.2)
print(lstm)
print([n for n, _ in lstm.named_parameters()])
print(lstm._flat_weights_names[:5], len(lstm.all_weights), len(lstm.all_weights[0]))
import warnings
warnings.simplefilter("ignore")
h0 = torch.zeros(4, 3, 2, requires_grad=True)
c0 = torch.zeros(4, 3, 4, requires_grad=True)
out, (h, c) = lstm(packed, (h0, c0))
print(type(out).__name__, out.data.shape, h.shape, c.shape)
padded, lens = pad_packed_sequence(out, batch_first=True, padding_value=-1.0)
print(padded.shape, lens)
print(padded[1])
(padded.clamp(min=0).sum() + h.sum() + c.sum()).backward()
print(h0.grad.abs().sum() > 0, c0.grad.shape, lstm.weight_hr_l0.grad.shape, lstm.weight_hr_l1_reverse.grad.norm() > 0)
for s in unpack_sequence(out):
    print(s.shape)
pad = pad_sequence(seqs, batch_first=False, padding_value=0.5, padding_side='left')
print(pad.shape, pad[:, 1, 0])
print([t.shape for t in unpad_sequence(pad_sequence(seqs, batch_first=True), torch.tensor([4, 2, 5]), batch_first=True)])
gru = nn.GRU(3, 5, batch_first=True, bidirectional=True)
o, h = gru(pad_sequence(seqs, batch_first=True))
print(o.shape, h.shape, torch.allclose(o[:, -1, :5], h[0]), torch.allclose(o[:, 0, 5:], h[1]))
o2, h2 = gru(pack_padded_sequence(pad_sequence(seqs, batch_first=True), torch.tensor([4, 2, 5]), batch_first=True, enforce_sorted=False))
print(h2[0], h2[1])
g2 = copy.deepcopy(gru)
print(g2, torch.equal(g2.weight_hh_l0_reverse, gru.weight_hh_l0_reverse))
g2.double()
print(g2(torch.randn(2, 4, 3, dtype=torch.float64))[0].dtype, g2.weight_ih_l0.dtype)
rnn = nn.RNN(3, 4, nonlinearity='relu', bias=False, num_layers=3, dropout=0.5)
rnn.eval()
o, h = rnn(seqs[0])
print(o.shape, h.shape, o.grad_fn.name())
print(rnn.state_dict().keys())
rnn.train()
o1, _ = rnn(seqs[0]); o2, _ = rnn(seqs[0])
print(torch.equal(o1, o2))
print(nn.LSTM(3, 4)(seqs[0])[1][0].shape)
cell = nn.GRUCell(3, 4)
print(cell.weight_ih.shape, cell.bias_hh.shape, cell)
print(nn.LSTMCell(3, 4, bias=False))
print(nn.RNNCell(3, 4, nonlinearity='relu'))
''',
    'gru_dataloader_accum': r'''
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader, random_split, WeightedRandomSampler, SubsetRandomSampler
from torch.nn.utils.rnn import pad_sequence, pack_padded_sequence
torch.manual_seed(33)

class SeqDataset(Dataset):
    def __init__(self, n):
        self.lens = torch.randint(3, 9, (n,))
        self.x = [torch.randn(int(l), 2) for l in self.lens]
        self.y = [int(s[:, 0].sum() > 0) for s in self.x]
    def __len__(self):
        return len(self.x)
    def __getitem__(self, i):
        return self.x[i], self.y[i]

def collate(batch):
    xs, ys = zip(*batch)
    lens = torch.tensor([len(x) for x in xs])
    return pad_sequence(xs, batch_first=True), lens, torch.tensor(ys)

ds = SeqDataset(60)
train, val = random_split(ds, [45, 15], generator=torch.Generator().manual_seed(1))
print(len(train), len(val), train.indices[:5], val.indices[:5])
labels = torch.tensor([ds.y[i] for i in train.indices])
w = 1.0 / torch.bincount(labels).float()
sampler = WeightedRandomSampler(w[labels], num_samples=45, replacement=True)
tl = DataLoader(train, batch_size=8, sampler=sampler, collate_fn=collate, drop_last=True)
vl = DataLoader(val, batch_size=8, collate_fn=collate)
print(len(tl), len(vl))
xb, lb, yb = next(iter(tl))
print(xb.shape, lb, yb)

class GRUClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(2, 12, num_layers=2, batch_first=True, dropout=0.25)
        self.fc = nn.Linear(12, 2)
    def forward(self, x, lens):
        packed = pack_padded_sequence(x, lens, batch_first=True, enforce_sorted=False)
        _, h = self.gru(packed)
        return self.fc(h[-1])

model = GRUClassifier()
opt = torch.optim.Adam(model.parameters(), lr=0.01)
crit = nn.CrossEntropyLoss()
accum = 2
for epoch in range(6):
    model.train()
    opt.zero_grad()
    for step, (xb, lb, yb) in enumerate(tl):
        loss = crit(model(xb, lb), yb) / accum
        loss.backward()
        if (step + 1) % accum == 0:
            opt.step(); opt.zero_grad()
    model.eval()
    correct = total = 0
    with torch.no_grad():
        for xb, lb, yb in vl:
            pred = model(xb, lb).argmax(1)
            correct += (pred == yb).sum().item(); total += len(yb)
    print(f"epoch {epoch} last loss {loss.item() * accum:.5f} val acc {correct / total:.4f}")
sub = DataLoader(ds, batch_size=5, sampler=SubsetRandomSampler(list(range(10))), collate_fn=collate)
print([b[2].tolist() for b in sub])
g = torch.Generator().manual_seed(5)
print(list(DataLoader(list(range(10)), batch_size=4, shuffle=True, generator=g)))
print(torch.utils.data.default_collate([(torch.ones(2), 1), (torch.zeros(2), 0)]))
''',
    'inplace_activations': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(30)

def attempt(label, fn):
    try:
        r = fn()
        if isinstance(r, torch.Tensor):
            print(label, "->", r, r.grad_fn.name() if r.grad_fn is not None else None, r._version)
        else:
            print(label, "->", r)
    except Exception as e:
        print(label, "->", type(e).__name__ + ":", e)

x = torch.randn(5)
print(x)
for act in [nn.ReLU(inplace=True), nn.LeakyReLU(0.1, inplace=True), nn.ELU(inplace=True), nn.SELU(inplace=True),
            nn.CELU(inplace=True), nn.Hardtanh(inplace=True), nn.ReLU6(inplace=True), nn.SiLU(inplace=True),
            nn.Hardswish(inplace=True), nn.Hardsigmoid(inplace=True), nn.Mish(inplace=True), nn.Threshold(0.1, 20, inplace=True),
            nn.RReLU(inplace=True), nn.Dropout(0.5, inplace=True), nn.AlphaDropout(0.5, inplace=True)]:
    act.eval() if isinstance(act, nn.RReLU) else None
    print(act)
    a = torch.randn(5, requires_grad=True)
    b = a * 1.0
    attempt("  non-leaf", lambda: act(b))
    attempt("  leaf", lambda: act(a))
    s = a.sigmoid()
    attempt("  after sigmoid", lambda: (act(s).sum().backward(), a.grad)[1])
    e = a.exp()
    attempt("  after exp", lambda: (act(e).sum().backward(), a.grad)[1])
    a.grad = None
    t = a.tanh()
    attempt("  after tanh", lambda: (act(t).sum().backward(), a.grad)[1])
    a.grad = None
    z = (a * 2)
    r = act(z)
    attempt("  backward ok", lambda: (r.sum().backward(), a.grad)[1])
    with torch.no_grad():
        attempt("  no_grad leaf", lambda: act(a.detach().clone()))
    v = (a * 1.0).view(5)
    attempt("  view", lambda: act(v))
attempt("F.relu_", lambda: F.relu_(torch.randn(3)))
attempt("F.elu_", lambda: F.elu_(torch.randn(3), 2.0))
attempt("F.leaky_relu_", lambda: F.leaky_relu_(torch.randn(3), 0.2))
attempt("F.hardtanh_", lambda: F.hardtanh_(torch.randn(3) * 3, -2, 2))
attempt("F.threshold_", lambda: F.threshold_(torch.randn(3), 0.0, -5.0))
attempt("F.rrelu_", lambda: F.rrelu_(torch.randn(3), training=False))
attempt("x.relu_", lambda: torch.randn(3).relu_())
attempt("int relu_", lambda: torch.tensor([-1, 2]).relu_())
attempt("int leaky", lambda: F.leaky_relu(torch.tensor([-1, 2])))
attempt("int elu", lambda: F.elu(torch.tensor([-1, 2])))
attempt("bool relu", lambda: F.relu(torch.tensor([True, False])))
attempt("int hardtanh", lambda: F.hardtanh(torch.tensor([-3, 0, 3])))
attempt("int relu6", lambda: F.relu6(torch.tensor([-3, 0, 9])))
attempt("int gelu", lambda: F.gelu(torch.tensor([1, 2])))
attempt("int silu", lambda: F.silu(torch.tensor([1, 2])))
attempt("int softplus", lambda: F.softplus(torch.tensor([1, 2])))
attempt("int sigmoid", lambda: torch.sigmoid(torch.tensor([1, 2])))
attempt("int softmax", lambda: F.softmax(torch.tensor([1, 2]), 0))
attempt("int log_softmax", lambda: F.log_softmax(torch.tensor([1, 2]), 0))
attempt("int hardswish", lambda: F.hardswish(torch.tensor([1, 2])))
attempt("int prelu", lambda: F.prelu(torch.tensor([1, -2]), torch.tensor([0.25])))
attempt("prelu wrong", lambda: nn.PReLU(3)(torch.randn(2, 4)))
attempt("glu odd", lambda: F.glu(torch.randn(2, 3)))
attempt("gelu approx bad", lambda: F.gelu(torch.randn(2), approximate='fast'))
attempt("softplus thr", lambda: F.softplus(torch.tensor([10.0, 30.0]), beta=2, threshold=5))
attempt("elu alpha neg", lambda: F.elu(torch.tensor([-1.0, 1.0]), alpha=-0.5))
attempt("half relu", lambda: F.relu(torch.tensor([-1.0, 2.0], dtype=torch.float16)))
attempt("half gelu", lambda: F.gelu(torch.tensor([-1.0, 2.0], dtype=torch.float16)))
attempt("half softmax", lambda: F.softmax(torch.tensor([-1.0, 2.0], dtype=torch.float16), 0))
attempt("dbl mish", lambda: F.mish(torch.tensor([-1.0, 2.0], dtype=torch.float64)))
''',
    'char_rnn_cells_sampling': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(35)
text = "abracadabra alakazam abracadabra "
chars = sorted(set(text)); V = len(chars)
stoi = {c: i for i, c in enumerate(chars)}
data = torch.tensor([stoi[c] for c in text])
class CharRNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(V, 8)
        self.cell = nn.RNNCell(8, 24, nonlinearity='tanh')
        self.cell2 = nn.GRUCell(24, 24)
        self.out = nn.Linear(24, V)
    def step(self, idx, h1, h2):
        h1 = self.cell(self.emb(idx), h1)
        h2 = self.cell2(h1, h2)
        return self.out(h2), h1, h2
model = CharRNN()
opt = torch.optim.RMSprop(model.parameters(), lr=0.01, alpha=0.9, momentum=0.1, centered=True)
seq = 12
for it in range(25):
    s = torch.randint(0, len(text) - seq - 1, (4,))
    x = torch.stack([data[i:i + seq] for i in s.tolist()])
    y = torch.stack([data[i + 1:i + seq + 1] for i in s.tolist()])
    h1 = torch.zeros(4, 24); h2 = torch.zeros(4, 24)
    loss = 0
    for t in range(seq):
        logits, h1, h2 = model.step(x[:, t], h1, h2)
        loss = loss + F.cross_entropy(logits, y[:, t])
    loss = loss / seq
    opt.zero_grad(); loss.backward()
    gn = nn.utils.clip_grad_norm_(model.parameters(), 1.0, norm_type=2.0)
    opt.step()
    if it % 5 == 0:
        print(f"it {it} loss {loss.item():.5f} gn {gn.item():.5f} ppl {torch.exp(loss).item():.4f}")
def sample(start, n, temperature):
    idx = torch.tensor([stoi[start]])
    h1 = torch.zeros(1, 24); h2 = torch.zeros(1, 24)
    out = [start]
    with torch.no_grad():
        for _ in range(n):
            logits, h1, h2 = model.step(idx, h1, h2)
            probs = F.softmax(logits / temperature, dim=-1)
            idx = torch.multinomial(probs, 1).squeeze(1)
            out.append(chars[idx.item()])
    return "".join(out)
print(repr(sample("a", 20, 1.0)))
print(repr(sample("b", 20, 0.5)))
print(repr(sample("a", 10, 0.01)))
with torch.no_grad():
    logits, _, _ = model.step(torch.tensor([0, 1]), torch.zeros(2, 24), torch.zeros(2, 24))
print(torch.topk(F.softmax(logits, -1), 3))
print(torch.distributions.Categorical(logits=logits).sample((4,)))
''',
}

ember_outputs, torch_outputs, test_program_matches_pytorch = program_tests(PROGRAMS)


# ---------------------------------------------------------------- golden values (no PyTorch needed)
_raises = raises_exactly


_MM_WORDS = "mat1 and mat2 must have the same dtype, but got {} and {}"
_MM_CPP = "expected m1 and m2 to have the same dtype, but got: {} != {}"
_ONEDNN_DTYPE = "get_mkldnn_dtype: unsupported data type"
_ONEDNN_DESC = ("could not create a primitive descriptor for the LSTM forward propagation primitive. Run workload "
                "with environment variable ONEDNN_VERBOSE=all to get additional diagnostic information.")


@pytest.mark.parametrize("cls", [enn.RNN, enn.GRU])
def test_fused_rnn_refuses_hidden_of_other_dtype(cls):
    ember.manual_seed(0)
    x = ember.randn(5, 2, 3)
    m = cls(3, 4)
    _raises(lambda: m(x, ember.zeros(1, 2, 4, dtype=ember.float64)), RuntimeError, _MM_WORDS.format("Double", "Float"))
    _raises(lambda: m(x, ember.zeros(1, 2, 4, dtype=ember.float16)), RuntimeError, _MM_WORDS.format("Half", "Float"))
    _raises(lambda: m(x, ember.zeros(1, 2, 4, dtype=ember.int64)), RuntimeError, _MM_WORDS.format("Long", "Float"))
    _raises(lambda: m(x[:, 0], ember.zeros(1, 4, dtype=ember.float64)), RuntimeError,
            _MM_WORDS.format("Double", "Float"))
    nob = cls(3, 4, bias=False)
    _raises(lambda: nob(x, ember.zeros(1, 2, 4, dtype=ember.float64)), RuntimeError, _MM_CPP.format("double", "float"))
    _raises(lambda: nob(x, ember.zeros(1, 2, 4, dtype=ember.float16)), RuntimeError,
            _MM_CPP.format("c10::Half", "float"))
    dbl = cls(3, 4).double()
    _raises(lambda: dbl(x.double(), ember.zeros(1, 2, 4)), RuntimeError, _MM_WORDS.format("Float", "Double"))


def test_lstm_refuses_states_as_the_onednn_path_does():
    ember.manual_seed(0)
    x = ember.randn(5, 2, 3)
    z = ember.zeros(1, 2, 4)
    m = enn.LSTM(3, 4)
    _raises(lambda: m(x, (z.double(), z)), RuntimeError, _ONEDNN_DTYPE)
    _raises(lambda: m(x, (z, z.double())), RuntimeError, _ONEDNN_DTYPE)
    _raises(lambda: m(x, (z, z.long())), RuntimeError, _ONEDNN_DTYPE)
    _raises(lambda: m(x, (z.long(), z.half())), RuntimeError, _ONEDNN_DTYPE)
    _raises(lambda: m(x, (z.half(), z)), RuntimeError, _ONEDNN_DESC)
    with ember.no_grad():
        _raises(lambda: m(x, (z, z.double())), RuntimeError, _ONEDNN_DTYPE)
    # an empty batch leaves oneDNN: the composed path's addmm error, and StackBackward0
    e = ember.randn(5, 0, 3)
    _raises(lambda: m(e, (ember.zeros(1, 0, 4, dtype=ember.float64), ember.zeros(1, 0, 4))), RuntimeError,
            _MM_WORDS.format("Double", "Float"))
    assert type(m(e)[0].grad_fn).__name__ == "StackBackward0"
    assert type(m(x)[0].grad_fn).__name__ == "MkldnnRnnLayerBackward0"
    # float64 LSTM: h must match the weights, a cell state of another dtype is promoted
    d = enn.LSTM(3, 4).double()
    _raises(lambda: d(x.double(), (z, z.double())), RuntimeError, _MM_WORDS.format("Float", "Double"))
    out, (h, c) = d(x.double(), (z.double(), z))
    assert out.dtype == h.dtype == c.dtype == ember.float64


@pytest.mark.parametrize("cls", [enn.RNN, enn.GRU, enn.LSTM])
def test_empty_sequence_and_empty_batch(cls):
    m = cls(3, 4)
    _raises(lambda: m(ember.randn(0, 2, 3)), RuntimeError, "Expected sequence length to be larger than 0 in RNN")
    out, hidden = m(ember.randn(5, 0, 3))
    h = hidden[0] if cls is enn.LSTM else hidden
    assert tuple(out.shape) == (5, 0, 4) and tuple(h.shape) == (1, 0, 4)
    out.sum().backward()
    assert m.weight_ih_l0.grad.abs().sum().item() == 0.0


def test_rnn_adds_its_biases_in_pytorch_order():
    # (h W_hh^T + b_hh) + (x W_ih^T + b_ih): 1 + 2**-24 rounds to 1 twice; adding the biases
    # together first would give 1 + 2**-23
    m = enn.RNN(1, 1, nonlinearity="relu")
    with ember.no_grad():
        m.weight_ih_l0.fill_(1.0)
        m.weight_hh_l0.fill_(0.5)
        m.bias_ih_l0.fill_(2.0 ** -24)
        m.bias_hh_l0.fill_(2.0 ** -24)
    out, h = m(ember.ones(2, 1, 1))
    assert out.flatten().tolist() == [1.0, 1.5]
    assert h.flatten().tolist() == [1.5]


def test_fused_rnn_dtype_errors_match_pytorch():
    torch = pytest.importorskip("torch")
    for lib_pair in ((torch, ember),):
        msgs = []
        for lib in lib_pair:
            lib.manual_seed(0)
            x = lib.randn(4, 3, 2)
            row = []
            for cls in ("RNN", "GRU", "LSTM"):
                for dt in ("float64", "float16", "int32"):
                    m = getattr(lib.nn, cls)(2, 3)
                    hx = lib.zeros(1, 3, 3, dtype=getattr(lib, dt))
                    state = (hx, lib.zeros(1, 3, 3)) if cls == "LSTM" else hx
                    try:
                        m(x, state)
                        row.append("ok")
                    except Exception as e:
                        row.append(f"{type(e).__name__}: {e}")
            msgs.append(row)
        assert msgs[0] == msgs[1]


# ---------------------------------------------------------------- dtype refusals (PyTorch's CPU kernels)
_F = ember.nn.functional


def test_prelu_refuses_as_aten_does():
    x = ember.tensor([1.0, -2.0])
    _raises(lambda: _F.prelu(ember.tensor([1, -2]), ember.tensor([0.25])), RuntimeError,
            "prelu: Type promoting not supported. Got Long and Float")
    _raises(lambda: _F.prelu(x, ember.tensor([0.25], dtype=ember.float64)), RuntimeError,
            "prelu: Type promoting not supported. Got Float and Double")
    _raises(lambda: _F.prelu(ember.tensor([1, -2]), ember.tensor([2])), NotImplementedError,
            "\"prelu_cpu\" not implemented for 'Long'")
    _raises(lambda: _F.prelu(ember.randn(2, 3), ember.tensor([[0.1, 0.2, 0.3]])), RuntimeError,
            "prelu: Expected `weight` to be a scalar or 1D tensor, but got: ndim = 2")
    _raises(lambda: _F.prelu(ember.tensor(1.0), ember.tensor([0.1, 0.2])), RuntimeError,
            "Not allow zero-dim input tensor.")
    _raises(lambda: _F.prelu(x, 0.25), TypeError, "prelu(): argument 'weight' (position 2) must be Tensor, not float")
    assert _F.prelu(x, ember.tensor([0.25])).tolist() == [1.0, -0.5]


def test_norms_refuse_mixed_and_integer_dtypes():
    x64 = ember.randn(3, 2, 4, dtype=ember.float64)
    mixed = "mixed dtype (CPU): all inputs must share same datatype."
    param = "mixed dtype (CPU): expect parameter to have scalar type of Float"
    _raises(lambda: enn.LayerNorm(4)(x64), RuntimeError, mixed)
    _raises(lambda: enn.GroupNorm(1, 2)(x64), RuntimeError, mixed)
    _raises(lambda: enn.BatchNorm1d(2)(x64), RuntimeError, mixed)
    _raises(lambda: enn.BatchNorm1d(2, affine=False)(x64), RuntimeError, mixed)
    _raises(lambda: enn.InstanceNorm1d(2, affine=True)(x64), RuntimeError, mixed)
    x = ember.randn(3, 2, 4)
    _raises(lambda: _F.layer_norm(x, (4,), ember.ones(4, dtype=ember.float64)), RuntimeError, param)
    _raises(lambda: _F.batch_norm(x, ember.zeros(2, dtype=ember.float64), ember.ones(2, dtype=ember.float64),
                                  ember.ones(2), ember.zeros(2), True), RuntimeError,
            "expected scalar type Float but found Double")
    ints = ember.ones(3, 2, 4, dtype=ember.int64)
    _raises(lambda: _F.layer_norm(ints, (4,)), NotImplementedError, "\"LayerNormKernelImpl\" not implemented for 'Long'")
    _raises(lambda: _F.group_norm(ints, 1), NotImplementedError, "\"GroupNormKernelImpl\" not implemented for 'Long'")
    _raises(lambda: enn.BatchNorm1d(2)(ints), NotImplementedError, "\"batch_norm\" not implemented for 'Long'")
    _raises(lambda: enn.InstanceNorm1d(2)(ints), NotImplementedError, "\"batch_norm\" not implemented for 'Long'")
    _raises(lambda: enn.RMSNorm(4)(ints), NotImplementedError, "\"rms_norm\" not implemented for 'Long'")
    # a float16 input may use float32 parameters; rms_norm keeps the input's dtype
    h = _F.batch_norm(ember.randn(3, 2).half(), ember.zeros(2), ember.ones(2), None, None, True)
    assert h.dtype == ember.float16
    assert _F.rms_norm(x, (4,), ember.ones(4, dtype=ember.float64)).dtype == ember.float32


def test_dropout_of_integers_draws_then_refuses():
    for dt, word in ((ember.int64, "Long"), (ember.bool, "Bool"), (ember.uint8, "Byte")):
        ember.manual_seed(0)
        _raises(lambda: _F.dropout(ember.ones(2, 3).to(dt), 0.5, True), RuntimeError,
                f"result type Float can't be cast to the desired output type {word}")
        after_int = ember.rand(1).item()
        ember.manual_seed(0)
        _F.dropout(ember.ones(2, 3), 0.5, True)
        assert ember.rand(1).item() == after_int     # the noise was drawn first
    _raises(lambda: _F.alpha_dropout(ember.ones(2, 3).bool(), 0.5, True), RuntimeError,
            "result type Float can't be cast to the desired output type Long")
    _raises(lambda: _F.dropout(ember.ones(2, 3, dtype=ember.complex64), 0.5, True), NotImplementedError,
            "\"bernoulli_scalar_cpu_\" not implemented for 'ComplexFloat'")
    assert _F.dropout(ember.ones(2, 3).long(), 0.5, False).dtype == ember.int64   # eval: untouched


def test_pooling_and_activation_dtype_refusals():
    i3 = ember.ones(1, 2, 4, dtype=ember.int64)
    i4 = ember.ones(1, 2, 4, 4, dtype=ember.int64)
    _raises(lambda: _F.max_pool1d(i3, 2), NotImplementedError, "\"max_pool1d_impl\" not implemented for 'Long'")
    assert _F.max_pool1d(i3, 2, return_indices=True)[0].dtype == ember.int64
    assert _F.max_pool2d(i4, 2).dtype == ember.int64
    _raises(lambda: _F.max_pool2d(i4.bool(), 2), NotImplementedError, "\"max_pool2d\" not implemented for 'Bool'")
    assert _F.avg_pool1d(i3, 2).dtype == ember.int64
    _raises(lambda: _F.avg_pool2d(i4.int(), 2), NotImplementedError, "\"avg_pool2d\" not implemented for 'Int'")
    _raises(lambda: _F.adaptive_avg_pool1d(i3, 2), NotImplementedError,
            "\"adaptive_avg_pool2d\" not implemented for 'Long'")
    _raises(lambda: _F.adaptive_max_pool2d(i4, 2), NotImplementedError,
            "\"adaptive_max_pool2d\" not implemented for 'Long'")
    _raises(lambda: _F.local_response_norm(i4.half(), 2), NotImplementedError,
            "\"avg_pool3d_out_frame\" not implemented for 'Half'")
    _raises(lambda: _F.hardtanh(ember.tensor([1, 2], dtype=ember.uint8)), RuntimeError,
            "cannot do hardtanh on an unsigned type with negative limits")
    assert _F.relu6(ember.tensor([0, 9], dtype=ember.uint8)).tolist() == [0, 6]
    _raises(lambda: _F.threshold(ember.tensor([True]), 0.5, 1.0), NotImplementedError,
            "\"threshold_cpu\" not implemented for 'Bool'")
    _raises(lambda: _F.rrelu(i3), NotImplementedError, "\"leaky_relu_cpu\" not implemented for 'Long'")
    _raises(lambda: _F.rrelu(i3, training=True), NotImplementedError,
            "\"rrelu_with_noise_out_cpu\" not implemented for 'Long'")


def test_dtype_refusals_match_pytorch():
    torch = pytest.importorskip("torch")

    def outcomes(lib):
        F = lib.nn.functional
        rows = []
        for dt in ("int64", "int32", "bool", "uint8", "float16", "float64"):
            x = lib.tensor(np.array([[[1, 0, 2, 1], [0, 1, 1, 2]]]).astype(dt))
            calls = [lambda: F.layer_norm(x, (4,)), lambda: lib.nn.LayerNorm(4)(x),
                     lambda: lib.nn.BatchNorm1d(2)(x), lambda: F.group_norm(x, 1), lambda: F.rms_norm(x, (4,)),
                     lambda: F.instance_norm(x), lambda: F.dropout(x, 0.5, True), lambda: F.max_pool1d(x, 2),
                     lambda: F.avg_pool1d(x, 2), lambda: F.adaptive_avg_pool1d(x, 2),
                     lambda: F.adaptive_max_pool1d(x, 2), lambda: F.local_response_norm(x.unsqueeze(-1), 2),
                     lambda: F.hardtanh(x), lambda: F.threshold(x, 0.5, 2.0), lambda: F.rrelu(x),
                     lambda: F.prelu(x, lib.tensor([0.25]))]
            for fn in calls:
                lib.manual_seed(0)
                try:
                    rows.append(str(fn().dtype))
                except Exception as e:
                    rows.append(f"{type(e).__name__}: {e}")
        return rows

    assert outcomes(ember) == outcomes(torch)


def test_complex_activation_refusals_match_pytorch():
    torch = pytest.importorskip("torch")
    names = ["leaky_relu", "elu", "selu", "celu", "gelu", "silu", "mish", "softplus", "hardtanh", "relu6",
             "hardsigmoid", "hardswish", "logsigmoid", "softshrink", "hardshrink", "glu", "rrelu", "tanh", "sigmoid"]

    def outcomes(lib):
        x = lib.tensor(np.array([[1, -2, 3, 0.5]], dtype=np.complex64))
        rows = []
        for name in names:
            try:
                out = getattr(lib.nn.functional, name)(x)
                rows.append((str(out.dtype), np.round(out.numpy(), 4).tolist()))
            except Exception as e:
                rows.append(f"{type(e).__name__}: {e}")
        return rows

    assert outcomes(ember) == outcomes(torch)


def test_complex_activation_refusals_golden():
    x = ember.tensor([1.0, -2.0], dtype=ember.complex64)
    _raises(lambda: _F.elu(x), NotImplementedError, "\"elu_cpu\" not implemented for 'ComplexFloat'")
    _raises(lambda: _F.gelu(x), NotImplementedError, "\"GeluKernelImpl\" not implemented for 'ComplexFloat'")
    _raises(lambda: _F.relu6(x), NotImplementedError, "clamp is not supported for complex types")
    y = _F.silu(ember.tensor([1 + 1j, -2 + 0.5j], dtype=ember.complex64))
    assert np.allclose(y.numpy(), [0.5801 + 0.9840j, -0.2441 - 0.0488j], atol=1e-4)
    _raises(lambda: _F.silu(ember.tensor([1 + 1j], requires_grad=True)), RuntimeError,
            "silu does not support automatic differentiation for outputs with complex dtype.")


def test_module_constructor_details():
    # PyTorch's _pair turns any iterable into a tuple, a string included
    m = enn.ConvTranspose2d(2, 2, 3, padding="same")
    assert m.padding == ("s", "a", "m", "e")
    assert enn.Conv2d(2, 2, [3, 5]).kernel_size == (3, 5)
    with pytest.raises(AssertionError) as info:
        enn.Hardtanh(2, 1)
    assert str(info.value) == "max_val (1) must be greater than min_val (2)"


def test_bilinear_embedding_conv_type_messages():
    w = ember.ones(2, 5, 5)
    x64 = ember.ones(2, 5, dtype=ember.float64)
    _raises(lambda: _F.bilinear(x64, x64, w), RuntimeError,
            "All tensors must have the same dtype, got input1: double, input2: double, weight: float")
    _raises(lambda: _F.bilinear(ember.ones(2, 5), ember.ones(2, 5), w, ember.ones(2, dtype=ember.float64)),
            RuntimeError, "All tensors must have the same dtype, got input1: float, input2: float, weight: float, "
            "bias: double")
    # the dtype check precedes the size checks
    _raises(lambda: _F.bilinear(ember.ones(2, 4, dtype=ember.float64), x64, w), RuntimeError,
            "All tensors must have the same dtype, got input1: double, input2: double, weight: float")
    emb = enn.Embedding(5, 2)
    _raises(lambda: emb(ember.tensor([True])), RuntimeError,
            "Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got "
            "CPUBoolType instead (while checking arguments for embedding)")
    _raises(lambda: emb(ember.tensor([1.0])), RuntimeError,
            "Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got "
            "torch.FloatTensor instead (while checking arguments for embedding)")
    xc = ember.ones(1, 2, 5, 5, dtype=ember.complex64)
    _raises(lambda: enn.Conv2d(2, 3, 3)(xc), RuntimeError,
            "Input type (c10::complex<float>) and bias type (float) should be the same")
    _raises(lambda: enn.Conv2d(2, 3, 3, bias=False)(xc), RuntimeError,
            "Input type (CPUComplexFloatType) and weight type (torch.FloatTensor) should be the same")


def test_float16_recurrent_layers_compose_like_pytorch():
    # PyTorch runs float16 layers through its composed cells (every op rounded to float16), with
    # the input projection of the whole sequence as one linear; recorded from PyTorch 2.13
    ember.manual_seed(0)
    m = enn.GRU(3, 4).half()
    x = ember.randn(5, 2, 3).half()
    o, h = m(x)
    assert o[-1].tolist() == [[0.302978515625, -0.3662109375, -0.61669921875, -0.53173828125],
                              [0.0712890625, 0.25439453125, -0.471923828125, -0.17041015625]]
    assert type(o.grad_fn).__name__ == type(h.grad_fn).__name__ == "StackBackward0"
    o.float().sum().backward()
    assert m.weight_ih_l0.grad[0].tolist() == [0.06268310546875, 0.0626220703125, 0.048675537109375]


def test_float16_recurrent_layers_match_pytorch():
    torch = pytest.importorskip("torch")

    def run(lib, cls):
        lib.manual_seed(1)
        m = getattr(lib.nn, cls)(3, 4, num_layers=2, bidirectional=True).half()
        x = lib.randn(6, 2, 3).half()
        out = m(x)[0]
        out.float().pow(2).sum().backward()
        return out.detach().numpy(), [p.grad.numpy() for p in m.parameters()]

    for cls in ("RNN", "GRU", "LSTM"):
        (ot, gt), (oe, ge) = run(torch, cls), run(ember, cls)
        assert np.array_equal(ot, oe)
        assert all(np.array_equal(a, b) for a, b in zip(gt, ge))


def test_float16_bias_gradient_accumulates_in_float32():
    # PyTorch sums a Half gradient down to the bias in float32 and rounds once; float16 partial
    # sums would give [-6.33, 9.65, -1.682, -3.246]
    rs = np.random.RandomState(0)
    x = rs.randn(6, 2, 3).astype(np.float16)
    w = rs.randn(4, 3).astype(np.float16)
    b = ember.tensor(rs.randn(4).astype(np.float16), requires_grad=True)
    g = (rs.randn(6, 2, 4) * 3).astype(np.float16)
    _F.linear(ember.tensor(x), ember.tensor(w), b).backward(ember.tensor(g))
    expected = g.reshape(12, 4).astype(np.float32).sum(0).astype(np.float16)
    assert b.grad.numpy().tolist() == expected.tolist() == np.array([-6.324, 9.64, -1.684, -3.248],
                                                                     dtype=np.float16).tolist()
