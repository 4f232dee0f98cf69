"""Whole tutorial-style training programs run under ``python -m ember run``
and under PyTorch 2.13; stdout must match exactly (losses via ``.item()``,
reprs, accuracies, running stats, parameters and grads).

Programs from the second program probe (ResNet with nesterov SGD + StepLR,
actor-critic with GAE, Dataset/DataLoader with gradient accumulation,
save/load + frozen backbone fine-tuning, packed LSTM + ReduceLROnPlateau,
VAE with CosineAnnealingWarmRestarts and an EMA of the state_dict).  The
programs are chosen where every printed value is well-conditioned: programs
whose printed digits depend on float-noise gradients amplified by Adam/RMSprop
(e.g. a Linear bias feeding a training-mode BatchNorm) are left out.
"""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

PROGRAMS = {
    'resnet_nesterov_steplr': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(0)

class Block(nn.Module):
    def __init__(self, cin, cout, stride=1):
        super().__init__()
        self.c1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.b1 = nn.BatchNorm2d(cout)
        self.c2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.b2 = nn.BatchNorm2d(cout)
        self.short = nn.Sequential()
        if stride != 1 or cin != cout:
            self.short = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))
    def forward(self, x):
        out = F.relu(self.b1(self.c1(x)))
        out = self.b2(self.c2(out))
        return F.relu(out + self.short(x))

class ResNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1, bias=False), nn.BatchNorm2d(8), nn.ReLU(inplace=True))
        self.layer1 = Block(8, 8)
        self.layer2 = Block(8, 16, 2)
        self.pool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(16, 4)
    def forward(self, x):
        x = self.layer2(self.layer1(self.stem(x)))
        return self.fc(torch.flatten(self.pool(x), 1))

model = ResNet()
print(model)
X = torch.randn(32, 3, 12, 12)
y = (X[:, 0].mean(dim=(1, 2)) > 0).long() + 2 * (X[:, 1].mean(dim=(1, 2)) > 0).long()
opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, nesterov=True, weight_decay=5e-4)
sched = torch.optim.lr_scheduler.StepLR(opt, step_size=10, gamma=0.5)
crit = nn.CrossEntropyLoss()
for step in range(30):
    model.train()
    opt.zero_grad()
    out = model(X)
    loss = crit(out, y)
    loss.backward()
    opt.step()
    sched.step()
    if step % 5 == 0:
        print(step, round(loss.item(), 5), sched.get_last_lr())
model.eval()
with torch.no_grad():
    out = model(X)
    pred = out.argmax(1)
    print("acc", (pred == y).float().mean().item())
    print(out[:3])
print(model.stem[1].running_mean)
print(model.stem[1].running_var)
print(model.stem[1].num_batches_tracked)
print(model.fc.weight.grad[:2])
print(model.layer2.short[0].weight.grad.flatten()[:5])
print(sum(p.numel() for p in model.parameters()))
''',
    'actor_critic_gae': r'''
import torch
import torch.nn as nn
from torch.distributions import Categorical
torch.manual_seed(4)
class Env:
    def __init__(self):
        self.s = torch.zeros(4)
        self.t = 0
    def reset(self):
        self.s = torch.randn(4) * 0.1; self.t = 0
        return self.s.clone()
    def step(self, a):
        self.s = self.s + (0.1 if a == 1 else -0.1) * torch.tensor([1.0, 0.5, -0.2, 0.3]) + 0.01 * torch.randn(4)
        self.t += 1
        r = 1.0 - abs(self.s[0].item())
        done = self.t >= 10 or abs(self.s[0].item()) > 1
        return self.s.clone(), r, done
class AC(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(4, 32), nn.Tanh())
        self.pi = nn.Linear(32, 2)
        self.v = nn.Linear(32, 1)
    def forward(self, s):
        h = self.body(s)
        return Categorical(logits=self.pi(h)), self.v(h).squeeze(-1)
net = AC()
opt = torch.optim.Adam(net.parameters(), lr=3e-3)
env = Env()
gamma, lam = 0.99, 0.95
for ep in range(15):
    s = env.reset()
    logps, vals, rews, ents, masks = [], [], [], [], []
    done = False
    while not done:
        dist, v = net(s)
        a = dist.sample()
        s, r, done = env.step(a.item())
        logps.append(dist.log_prob(a)); vals.append(v); rews.append(r); ents.append(dist.entropy())
        masks.append(0.0 if done else 1.0)
    with torch.no_grad():
        _, nv = net(s)
    vals_t = torch.stack(vals)
    vs = torch.cat([vals_t.detach(), nv.unsqueeze(0) * masks[-1]])
    adv = torch.zeros(len(rews))
    gae = 0.0
    for t in reversed(range(len(rews))):
        delta = rews[t] + gamma * vs[t + 1] * masks[t] - vs[t]
        gae = delta + gamma * lam * masks[t] * gae
        adv[t] = gae
    ret = adv + vs[:-1]
    adv_n = (adv - adv.mean()) / (adv.std() + 1e-8)
    lp = torch.stack(logps)
    pl = -(lp * adv_n).mean()
    vl = nn.functional.smooth_l1_loss(vals_t, ret)
    ent = torch.stack(ents).mean()
    loss = pl + 0.5 * vl - 0.01 * ent
    opt.zero_grad(); loss.backward()
    gn = nn.utils.clip_grad_norm_(net.parameters(), 0.5)
    opt.step()
    if ep % 3 == 0:
        print(ep, len(rews), f"{sum(rews):.4f}", f"{loss.item():.6f}", f"{gn.item():.6f}", f"{ent.item():.6f}")
d, v = net(torch.ones(3, 4))
print(d.probs, v)
print(d.sample((2,)), d.log_prob(torch.tensor([0, 1, 1])))
print(net.pi.weight.grad[:, :5])
''',
    'dataset_dataloader_accum_clip': r'''
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader, random_split
torch.manual_seed(5)
class Noise:
    def __init__(self, s): self.s = s
    def __call__(self, x): return x + self.s * torch.randn_like(x)
class Scale:
    def __call__(self, x): return (x - x.mean()) / (x.std() + 1e-6)
class Compose:
    def __init__(self, ts): self.ts = ts
    def __call__(self, x):
        for t in self.ts: x = t(x)
        return x
class Toy(Dataset):
    def __init__(self, n, transform=None):
        self.x = torch.randn(n, 10)
        self.y = (self.x[:, :3].sum(1) > 0).long()
        self.transform = transform
    def __len__(self): return len(self.x)
    def __getitem__(self, i):
        x = self.x[i]
        if self.transform: x = self.transform(x)
        return x, self.y[i]
ds = Toy(100, Compose([Noise(0.05), Scale()]))
tr, va = random_split(ds, [80, 20], generator=torch.Generator().manual_seed(42))
print(len(tr), len(va), tr.indices[:5])
dl = DataLoader(tr, batch_size=8, shuffle=True, drop_last=False)
vl = DataLoader(va, batch_size=16)
m = nn.Sequential(nn.Linear(10, 32), nn.GELU(), nn.Dropout(0.1), nn.Linear(32, 2))
opt = torch.optim.SGD(m.parameters(), lr=0.05, momentum=0.9)
accum = 3
for ep in range(4):
    m.train()
    tot = 0.0
    opt.zero_grad()
    for i, (xb, yb) in enumerate(dl):
        loss = nn.functional.cross_entropy(m(xb), yb) / accum
        loss.backward()
        tot += loss.item() * accum
        if (i + 1) % accum == 0 or i + 1 == len(dl):
            n = torch.nn.utils.clip_grad_norm_(m.parameters(), max_norm=1.0, norm_type=2.0)
            opt.step(); opt.zero_grad()
    m.eval()
    correct = 0
    with torch.no_grad():
        for xb, yb in vl:
            correct += (m(xb).argmax(1) == yb).sum().item()
    print(ep, f"{tot / len(dl):.6f}", correct, f"{n.item():.6f}")
xb, yb = next(iter(dl))
print(xb[:2], yb)
print(m[0].weight[:2, :4])
print(torch.nn.utils.parameters_to_vector(m.parameters())[:6])
''',
    'save_load_frozen_backbone_param_groups': r'''
import torch, io, os, tempfile
import torch.nn as nn
torch.manual_seed(8)
def make():
    return nn.Sequential(nn.Linear(6, 16), nn.ReLU(), nn.Linear(16, 16), nn.ReLU(), nn.Linear(16, 3))
X = torch.randn(40, 6)
y = X[:, :3].argmax(1)
m = make()
opt = torch.optim.Adam(m.parameters(), lr=1e-2)
for i in range(20):
    opt.zero_grad(); l = nn.functional.cross_entropy(m(X), y); l.backward(); opt.step()
print("pre", l.item())
path = os.path.join(tempfile.mkdtemp(), "m.pt")
torch.save(m.state_dict(), path)
torch.save({"opt": opt.state_dict(), "epoch": 20}, path + ".ckpt")
m2 = make()
sd = torch.load(path)
print(list(sd.keys()))
print(m2.load_state_dict(sd))
ck = torch.load(path + ".ckpt")
print(ck["epoch"], ck["opt"]["param_groups"][0]["lr"], ck["opt"]["state"][0]["step"])
print(torch.equal(m2[0].weight, m[0].weight))
buf = io.BytesIO(); torch.save(m.state_dict(), buf); buf.seek(0)
print(torch.load(buf, weights_only=True)["4.bias"])
# new head for 2 classes, frozen backbone
m2[4] = nn.Linear(16, 2)
for p in m2[0].parameters(): p.requires_grad_(False)
y2 = (X[:, 0] > 0).long()
opt2 = torch.optim.SGD([
    {"params": m2[2].parameters(), "lr": 1e-3},
    {"params": m2[4].parameters()}], lr=0.1, momentum=0.9)
print([g["lr"] for g in opt2.param_groups])
print(sum(p.numel() for p in m2.parameters() if p.requires_grad))
for i in range(25):
    opt2.zero_grad()
    l = nn.functional.cross_entropy(m2(X), y2)
    l.backward(); opt2.step()
    if i % 5 == 0:
        print(i, f"{l.item():.6f}")
print(m2[0].weight.grad, m2[2].weight.grad[:1, :4], m2[4].bias.grad)
print(torch.equal(m2[0].weight, m[0].weight), torch.equal(m2[2].weight, m[2].weight))
print((m2(X).argmax(1) == y2).float().mean())
print(m2.state_dict()["4.weight"])
m3 = make()
try:
    m3.load_state_dict(m2.state_dict(), strict=False)
except RuntimeError as e:
    print(str(e))
''',
    'packed_lstm_plateau': r'''
import torch
import torch.nn as nn
torch.manual_seed(10)
# time series forecasting with LSTM + packed sequences + ReduceLROnPlateau
t = torch.linspace(0, 20, 200)
series = torch.sin(t) + 0.1 * torch.randn(200)
W = 12
Xs = torch.stack([series[i:i + W] for i in range(150)]).unsqueeze(-1)
Ys = series[W:W + 150].unsqueeze(-1)
lens = torch.randint(6, W + 1, (150,))
class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(1, 16, batch_first=True)
        self.fc = nn.Linear(16, 1)
    def forward(self, x, lens):
        p = nn.utils.rnn.pack_padded_sequence(x, lens, batch_first=True, enforce_sorted=False)
        o, (h, c) = self.lstm(p)
        out, ol = nn.utils.rnn.pad_packed_sequence(o, batch_first=True)
        return self.fc(h[-1]), out, ol
m = M()
opt = torch.optim.Adam(m.parameters(), lr=0.01)
sch = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, factor=0.5, patience=2)
for ep in range(30):
    pred, out, ol = m(Xs, lens)
    loss = nn.functional.huber_loss(pred, Ys, delta=0.5)
    opt.zero_grad(); loss.backward(); opt.step()
    sch.step(loss.item())
    if ep % 5 == 0:
        print(ep, f"{loss.item():.7f}", opt.param_groups[0]["lr"])
print(out.shape, ol[:10])
print(pred[:4].detach())
print(m.lstm.weight_ih_l0.grad[:4].t())
print(m.fc.weight.grad)
''',
    'vae_warm_restarts_ema': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.distributions import Normal, kl_divergence
torch.manual_seed(11)
class VAE(nn.Module):
    def __init__(self, d=10, z=2):
        super().__init__()
        self.enc = nn.Sequential(nn.Linear(d, 24), nn.SiLU())
        self.mu = nn.Linear(24, z); self.logvar = nn.Linear(24, z)
        self.dec = nn.Sequential(nn.Linear(z, 24), nn.SiLU(), nn.Linear(24, d))
    def forward(self, x):
        h = self.enc(x)
        mu, lv = self.mu(h), self.logvar(h)
        std = torch.exp(0.5 * lv)
        z = mu + std * torch.randn_like(std)
        return self.dec(z), mu, lv
X = torch.sigmoid(torch.randn(64, 2) @ torch.randn(2, 10))
m = VAE()
opt = torch.optim.Adam(m.parameters(), lr=5e-3)
sched = torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=10, T_mult=2, eta_min=1e-4)
ema = {k: v.detach().clone() for k, v in m.state_dict().items()}
for it in range(36):
    rec, mu, lv = m(X)
    bce = F.binary_cross_entropy_with_logits(rec, X, reduction="sum") / X.shape[0]
    kld = -0.5 * torch.mean(torch.sum(1 + lv - mu.pow(2) - lv.exp(), dim=1))
    loss = bce + min(1.0, it / 10) * kld
    opt.zero_grad(); loss.backward(); opt.step(); sched.step(it + 1)
    with torch.no_grad():
        for k, v in m.state_dict().items():
            ema[k].mul_(0.9).add_(v, alpha=0.1)
    if it % 6 == 0:
        print(it, f"{bce.item():.5f} {kld.item():.5f} {sched.get_last_lr()[0]:.6f}")
q = Normal(mu[:3], torch.exp(0.5 * lv[:3]))
p = Normal(torch.zeros(2), torch.ones(2))
print(kl_divergence(q, p).sum(-1))
print(q.rsample().shape, q.log_prob(torch.zeros(3, 2)))
m.load_state_dict(ema)
m.eval()
with torch.no_grad():
    z = torch.linspace(-2, 2, 5).unsqueeze(1).repeat(1, 2)
    print(torch.sigmoid(m.dec(z))[:, :4])
print(m.mu.weight.grad, m.logvar.bias.grad)
''',
}


def _run(args, path, cwd):
    proc = subprocess.run([sys.executable, *args, str(path)], capture_output=True, text=True,
                          cwd=cwd, timeout=300)
    return proc.returncode, proc.stdout, proc.stderr


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_program_matches_pytorch(name, tmp_path):
    path = tmp_path / f"{name}.py"
    path.write_text(PROGRAMS[name])
    rc, out, err = _run(["-m", "ember", "run"], path, ROOT)
    assert rc == 0, err
    assert out.strip()
    torch = pytest.importorskip("torch")
    assert torch.__version__.startswith("2.13")
    rc_t, out_t, err_t = _run([], path, str(tmp_path))
    assert rc_t == 0, err_t
    assert out == out_t
