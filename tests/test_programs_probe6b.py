"""A model zoo (program probe 6b), run under ``python -m ember run`` and under PyTorch 2.13; stdout must match
exactly.

Small versions of many architectures, trained or evaluated for a few steps: ResNet basic / bottleneck blocks,
MobileNet depthwise-separable convolutions, convolution padding modes, audio-like ``Conv1d``, a tiny ``Conv3d``,
``ConvTranspose2d`` autoencoders, up-sampling layers, normalisation layers, dropout variants, ``Embedding``
options, bidirectional GRU/LSTM taggers, ``TransformerDecoder`` and ``nn.Transformer`` with masks,
``MultiheadAttention`` options, squeeze-excitation, a 1-D U-Net, capsule routing, highway networks, a mixture of
experts, an activation zoo, weight tying, gradient clipping, weight-decay parameter groups and module utilities.
Printed digits are chosen so that BLAS summation order cannot show.
"""
from __future__ import annotations

import pytest
from program_runner import program_tests

import ember


PROGRAMS = {
    'resnet_blocks_bn': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(0)

class BasicBlock(nn.Module):
    expansion = 1
    def __init__(self, cin, cout, stride=1):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.shortcut = nn.Sequential()
        if stride != 1 or cin != cout:
            self.shortcut = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))
    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return F.relu(out + self.shortcut(x))

class Bottleneck(nn.Module):
    expansion = 4
    def __init__(self, cin, width, stride=1):
        super().__init__()
        cout = width * self.expansion
        self.body = nn.Sequential(
            nn.Conv2d(cin, width, 1, bias=False), nn.BatchNorm2d(width), nn.ReLU(inplace=True),
            nn.Conv2d(width, width, 3, stride, 1, bias=False), nn.BatchNorm2d(width), nn.ReLU(inplace=True),
            nn.Conv2d(width, cout, 1, bias=False), nn.BatchNorm2d(cout))
        self.down = None if stride == 1 and cin == cout else nn.Sequential(
            nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))
    def forward(self, x):
        idt = x if self.down is None else self.down(x)
        return torch.relu(self.body(x) + idt)

net = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1, bias=False), nn.BatchNorm2d(8), nn.ReLU(),
                    BasicBlock(8, 8), BasicBlock(8, 16, stride=2), Bottleneck(16, 4), Bottleneck(16, 8, stride=2),
                    nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(32, 5))
print(net[4])
print(net[6].down)
print("params", sum(p.numel() for p in net.parameters()))
print("buffers", [n for n, _ in net.named_buffers()][:6])
opt = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9, weight_decay=5e-4)
x = torch.randn(6, 3, 12, 12)
y = torch.tensor([0, 1, 2, 3, 4, 0])
for step in range(4):
    out = net(x)
    loss = F.cross_entropy(out, y)
    opt.zero_grad()
    loss.backward()
    gn = torch.nn.utils.clip_grad_norm_(net.parameters(), 5.0)
    opt.step()
    print(step, f"{loss.item():.4f}", f"{gn.item():.4f}", out.shape, loss.grad_fn.name())
print("running_mean", net[1].running_mean[:4].numpy().round(4))
print("num_batches_tracked", net[1].num_batches_tracked, net[6].body[1].num_batches_tracked.dtype)
net.eval()
with torch.no_grad():
    e = net(x)
print("eval", e.argmax(1).tolist(), e.requires_grad, f"{e.abs().mean().item():.4f}")
''',
    'mobilenet_depthwise': r'''
import torch
import torch.nn as nn
torch.manual_seed(1)

def dw_sep(cin, cout, stride):
    return nn.Sequential(
        nn.Conv2d(cin, cin, 3, stride, 1, groups=cin, bias=False), nn.BatchNorm2d(cin), nn.ReLU6(inplace=True),
        nn.Conv2d(cin, cout, 1, bias=False), nn.BatchNorm2d(cout), nn.Hardswish())

class InvertedResidual(nn.Module):
    def __init__(self, c, expand):
        super().__init__()
        h = c * expand
        self.block = nn.Sequential(nn.Conv2d(c, h, 1), nn.ReLU6(), nn.Conv2d(h, h, 3, padding=1, groups=h),
                                   nn.ReLU6(), nn.Conv2d(h, c, 1))
    def forward(self, x):
        return x + self.block(x)

net = nn.Sequential(nn.Conv2d(3, 8, 3, 2, 1), dw_sep(8, 16, 1), dw_sep(16, 24, 2), InvertedResidual(24, 2),
                    nn.AdaptiveAvgPool2d((1, 1)), nn.Flatten(1), nn.Dropout(0.2), nn.Linear(24, 3))
print(net[1])
for name, m in net.named_modules():
    if isinstance(m, nn.Conv2d):
        print(name, m.groups, tuple(m.weight.shape), m.weight.numel())
print("total", sum(p.numel() for p in net.parameters()), "trainable", sum(p.numel() for p in net.parameters() if p.requires_grad))
x = torch.randn(4, 3, 16, 16)
y = torch.tensor([0, 1, 2, 1])
opt = torch.optim.Adam(net.parameters(), lr=1e-2)
for step in range(5):
    out = net(x)
    loss = nn.functional.cross_entropy(out, y, label_smoothing=0.1)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(step, round(loss.item(), 4), out.grad_fn.name(), net[1][0].weight.grad.shape)
h = net[:3](x)
print(h.shape, h.grad_fn.name())
dw = net[1][0]
print(dw, dw.weight.grad.abs().sum().item() > 0)
''',
    'conv_padding_modes': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(2)
x = torch.arange(1., 26.).reshape(1, 1, 5, 5)
for mode in ["zeros", "reflect", "replicate", "circular"]:
    c = nn.Conv2d(1, 1, 3, padding=1, padding_mode=mode, bias=False)
    with torch.no_grad():
        c.weight.fill_(1.0)
    y = c(x)
    print(mode, y[0, 0, 0].tolist(), y[0, 0, :, 0].tolist())
print(nn.Conv2d(2, 4, 3, padding=2, padding_mode="circular", dilation=2))
same = nn.Conv2d(1, 2, (3, 4), padding="same", dilation=(2, 1), bias=False)
with torch.no_grad():
    same.weight.copy_(torch.arange(24.).reshape(2, 1, 3, 4) / 10)
ys = same(x)
print("same", ys.shape, [round(v, 3) for v in ys[0, 1, 2].tolist()])
print(same)
for kw in [dict(stride=2), dict(stride=2, padding=1), dict(dilation=2), dict(stride=(1, 2), padding=(0, 1)), dict(padding="valid")]:
    c = nn.Conv2d(1, 1, 3, bias=False, **kw)
    with torch.no_grad():
        c.weight.copy_(torch.tensor([[1., 0., -1.], [2., 0., -2.], [1., 0., -1.]]).view(1, 1, 3, 3))
    print(kw, c(x).squeeze().tolist())
c1 = nn.Conv1d(2, 3, 4, padding="same", padding_mode="reflect")
z = torch.randn(2, 2, 9, requires_grad=True)
out = c1(z)
out.pow(2).sum().backward()
print("conv1d same reflect", out.shape, z.grad.shape, round(z.grad.abs().sum().item(), 4))
p = F.pad(x, (1, 2, 0, 1), mode="reflect")
print("pad reflect", p.shape, p[0, 0, :, 0].tolist())
p = F.pad(x, (2, 2, 1, 1), mode="circular")
print("pad circular", p[0, 0, 0].tolist())
try:
    nn.Conv2d(1, 1, 3, stride=2, padding="same")
except ValueError as e:
    print("ValueError", e)
''',
    'audio_conv1d_classifier': r'''
import math
import torch
import torch.nn as nn
torch.manual_seed(3)
t = torch.linspace(0, 1, 64)
def make(n):
    freqs = torch.randint(0, 3, (n,))
    f = (freqs.float() + 1) * 3
    phase = torch.rand(n, 1) * 2 * math.pi
    sig = torch.sin(2 * math.pi * f[:, None] * t[None] + phase) + 0.3 * torch.randn(n, 64)
    return sig.unsqueeze(1), freqs
xtr, ytr = make(48)
xte, yte = make(24)
print(xtr.shape, ytr[:10].tolist(), round(xtr.std().item(), 4))
model = nn.Sequential(
    nn.Conv1d(1, 8, 7, padding=3, bias=False), nn.BatchNorm1d(8), nn.ReLU(), nn.MaxPool1d(2),
    nn.Conv1d(8, 16, 5, padding=2, dilation=1, bias=False), nn.BatchNorm1d(16), nn.ReLU(), nn.MaxPool1d(2, stride=2),
    nn.Conv1d(16, 16, 3, dilation=2, padding=2), nn.ReLU(), nn.AdaptiveMaxPool1d(1), nn.Flatten(), nn.Linear(16, 3))
print(model)
opt = torch.optim.Adam(model.parameters(), lr=0.01)
lossf = nn.CrossEntropyLoss()
for epoch in range(6):
    model.train()
    perm = torch.randperm(48)
    tot = 0.0
    for i in range(0, 48, 16):
        idx = perm[i:i + 16]
        loss = lossf(model(xtr[idx]), ytr[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()
        tot += loss.item()
    model.eval()
    with torch.no_grad():
        pred = model(xte).argmax(dim=1)
        acc = (pred == yte).float().mean().item()
    print(f"epoch {epoch} loss {tot / 3:.3f} acc {acc:.3f}")
print(model[0].weight.grad.shape, model[1].running_var.shape)
''',
    'conv3d_tiny': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(4)
net = nn.Sequential(nn.Conv3d(2, 4, 3, padding=1), nn.BatchNorm3d(4), nn.ReLU(), nn.MaxPool3d(2),
                    nn.Conv3d(4, 6, (1, 3, 3), stride=(1, 2, 2), padding=(0, 1, 1)), nn.ReLU(),
                    nn.AdaptiveAvgPool3d(1), nn.Flatten(), nn.Linear(6, 2))
print(net)
x = torch.randn(3, 2, 4, 8, 8)
h = x
for m in net:
    h = m(h)
    print(type(m).__name__, tuple(h.shape))
y = torch.tensor([0, 1, 1])
opt = torch.optim.SGD(net.parameters(), lr=0.1)
for i in range(3):
    loss = F.cross_entropy(net(x), y)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(i, f"{loss.item():.5f}", f"{net[0].weight.grad.norm().item():.4f}")
v = torch.arange(8.).reshape(1, 1, 2, 2, 2)
print(F.interpolate(v, scale_factor=2, mode="nearest")[0, 0, 0].tolist())
print(F.interpolate(v, size=(3, 3, 3), mode="trilinear", align_corners=True)[0, 0, 1].tolist())
print(F.avg_pool3d(v, 2).item(), F.max_pool3d(v, 2, return_indices=True)[1].item())
ct = nn.ConvTranspose3d(1, 1, 2, stride=2, bias=False)
with torch.no_grad():
    ct.weight.fill_(1.0)
print(ct(v).shape, ct(v).sum().item())
''',
    'conv_autoencoder_transpose': r'''
import torch
import torch.nn as nn
torch.manual_seed(5)
class AE(nn.Module):
    def __init__(self):
        super().__init__()
        self.enc = nn.Sequential(nn.Conv2d(1, 4, 3, stride=2, padding=1), nn.ReLU(),
                                 nn.Conv2d(4, 8, 3, stride=2, padding=1), nn.ReLU())
        self.dec = nn.Sequential(nn.ConvTranspose2d(8, 4, 3, stride=2, padding=1, output_padding=1), nn.ReLU(),
                                 nn.ConvTranspose2d(4, 1, 3, stride=2, padding=1, output_padding=1), nn.Sigmoid())
    def forward(self, x):
        z = self.enc(x)
        return self.dec(z), z
ae = AE()
print(ae.dec)
x = torch.rand(5, 1, 12, 12)
rec, z = ae(x)
print("z", z.shape, "rec", rec.shape, rec.grad_fn.name(), z.grad_fn.name())
opt = torch.optim.Adam(ae.parameters(), lr=5e-3)
for step in range(6):
    rec, z = ae(x)
    loss = nn.functional.mse_loss(rec, x)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(step, f"{loss.item():.6f}")
for op in [0, 1]:
    ct = nn.ConvTranspose2d(1, 1, 3, stride=2, padding=1, output_padding=op)
    print("output_padding", op, ct(torch.zeros(1, 1, 5, 5)).shape)
ct = nn.ConvTranspose2d(2, 3, (3, 2), stride=(2, 3), padding=(1, 0), dilation=(1, 2), groups=1)
print(ct, ct(torch.randn(1, 2, 4, 4)).shape)
ct = nn.ConvTranspose2d(1, 1, 3, stride=2, padding=1)
print(ct(torch.zeros(1, 1, 5, 5), output_size=[10, 10]).shape)
ct1 = nn.ConvTranspose1d(2, 2, 4, stride=2, padding=1, groups=2, bias=False)
with torch.no_grad():
    ct1.weight.fill_(0.5)
print(ct1(torch.ones(1, 2, 3)).tolist())
''',
    'upsample_pixelshuffle': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(6)
x = torch.arange(16.).reshape(1, 1, 4, 4)
ps = nn.PixelShuffle(2)
pu = nn.PixelUnshuffle(2)
u = pu(x)
print(pu, u.shape, u[0, :, 0, 0].tolist())
print(ps, torch.equal(ps(u), x))
small = torch.tensor([[[[1., 2.], [3., 4.]]]])
for mode, ac in [("nearest", None), ("bilinear", False), ("bilinear", True), ("bicubic", False), ("nearest-exact", None)]:
    up = nn.Upsample(scale_factor=2, mode=mode, align_corners=ac)
    out = up(small)
    print(up, [round(v, 4) for v in out[0, 0, 1].tolist()])
print(F.interpolate(small, size=(3, 5), mode="bilinear", align_corners=False)[0, 0].numpy().round(4).tolist())
print(F.interpolate(small, scale_factor=1.5, mode="bilinear", recompute_scale_factor=True)[0, 0].numpy().round(4).tolist())
print(F.interpolate(torch.arange(5.).view(1, 1, 5), size=3, mode="linear", align_corners=True).tolist())
print(F.interpolate(torch.arange(5.).view(1, 1, 5), scale_factor=0.5, mode="area").tolist())
s = small.clone().requires_grad_()
out = F.interpolate(s, scale_factor=3, mode="bilinear", align_corners=True)
out.sum().backward()
print(out.grad_fn.name(), s.grad.numpy().round(4).tolist())
s.grad = None
F.interpolate(s, scale_factor=2, mode="nearest").sum().backward()
print(s.grad.tolist())
class SubPixel(nn.Module):
    def __init__(self, c, r):
        super().__init__()
        self.conv = nn.Conv2d(c, c * r * r, 3, padding=1)
        self.ps = nn.PixelShuffle(r)
    def forward(self, x):
        return self.ps(self.conv(x))
sp = SubPixel(2, 3)
y = sp(torch.randn(2, 2, 4, 4))
print(y.shape, y.grad_fn.name())
print(nn.Upsample(size=(5, 7)), nn.UpsamplingNearest2d(scale_factor=2), nn.UpsamplingBilinear2d(scale_factor=2))
''',
    'norm_layers_zoo': r'''
import torch
import torch.nn as nn
torch.manual_seed(7)
x = torch.randn(4, 6, 5, 5) * 3 + 1
layers = [nn.GroupNorm(3, 6), nn.GroupNorm(6, 6, affine=False), nn.GroupNorm(1, 6, eps=1e-3),
          nn.LayerNorm([5, 5]), nn.LayerNorm(5, elementwise_affine=False), nn.LayerNorm([6, 5, 5], bias=False),
          nn.InstanceNorm2d(6), nn.InstanceNorm2d(6, affine=True, track_running_stats=True),
          nn.BatchNorm2d(6, momentum=None), nn.LocalResponseNorm(3)]
for m in layers:
    y = m(x)
    print(m, f"{y.mean().item():.4f}", f"{y.std().item():.4f}", sum(p.numel() for p in m.parameters()))
inorm = layers[7]
print(inorm.running_mean.numpy().round(4), inorm.num_batches_tracked.item())
inorm.eval()
print(f"{inorm(x).mean().item():.4f}")
bn = layers[8]
bn(x * 2)
print("cumulative", bn.running_mean.numpy().round(4), bn.num_batches_tracked.item())
gn = nn.GroupNorm(2, 4)
z = torch.randn(3, 4, 7, requires_grad=True)
out = gn(z)
(out * torch.arange(7.)).sum().backward()
print(out.grad_fn.name(), z.grad.abs().sum().item() > 0, f"{gn.weight.grad.sum().item():.4f}")
ln = nn.LayerNorm(4)
t = torch.tensor([[1., 2., 3., 4.], [2., 2., 2., 2.]])
print(ln(t))
in1 = nn.InstanceNorm1d(3, affine=True)
print(in1, in1(torch.randn(2, 3, 8)).shape)
print(nn.functional.group_norm(torch.arange(8.).view(1, 4, 2), 2).tolist())
''',
    'dropout_variants': r'''
import torch
import torch.nn as nn
torch.manual_seed(8)
x = torch.ones(2, 4, 3, 3)
for m in [nn.Dropout(0.5), nn.Dropout2d(0.5), nn.Dropout1d(0.25), nn.Dropout3d(0.5), nn.AlphaDropout(0.3), nn.FeatureAlphaDropout(0.3)]:
    inp = x if not isinstance(m, nn.Dropout1d) else x[:, :, 0]
    inp = inp if not isinstance(m, nn.Dropout3d) else x.unsqueeze(2)
    m.train()
    y = m(inp)
    m.eval()
    z = m(inp)
    print(m, "train zeros", (y == 0).sum().item(), "uniq", sorted(set(round(v, 4) for v in y.flatten().tolist()))[:4],
          "eval same", torch.equal(z, inp))
d2 = nn.Dropout2d(0.5)
y = d2(torch.ones(1, 6, 2, 2))
print("channel pattern", y[0, :, 0, 0].tolist(), y.sum((2, 3)).flatten().tolist())
sel = torch.randn(1000)
a = nn.AlphaDropout(0.2)(sel)
print(f"alpha mean {a.mean().item():.4f} std {a.std().item():.4f}")
net = nn.Sequential(nn.Linear(4, 16), nn.SELU(), nn.AlphaDropout(0.1), nn.Linear(16, 2))
inp = torch.randn(8, 4)
net.train()
o1 = net(inp)
o2 = net(inp)
net.eval()
o3 = net(inp)
o4 = net(inp)
print("train differ", not torch.equal(o1, o2), "eval same", torch.equal(o3, o4), o3.grad_fn.name())
f = nn.functional
print(f.dropout(torch.ones(6), 0.5, training=False).tolist())
print(f.dropout2d(torch.ones(1, 3, 2, 2), 0.5, training=True).sum().item())
print(f.alpha_dropout(torch.ones(4), 0.5, training=False).tolist())
w = torch.ones(3, 4, requires_grad=True)
out = f.dropout(w, 0.5)
out.sum().backward()
print(out.grad_fn.name(), w.grad.tolist())
inplace = nn.Dropout(0.5, inplace=True)
t = torch.ones(8)
r = inplace(t)
print(inplace, r is t, t.tolist())
''',
    'embedding_options': r'''
import torch
import torch.nn as nn
torch.manual_seed(9)
emb = nn.Embedding(10, 4, padding_idx=0)
print(emb, emb.weight[0].tolist())
idx = torch.tensor([[0, 2, 4, 0], [3, 3, 0, 9]])
out = emb(idx)
out.sum().backward()
print(out.shape, out.grad_fn.name(), emb.weight.grad[0].tolist(), emb.weight.grad[3].tolist())
mn = nn.Embedding(6, 3, max_norm=1.0)
with torch.no_grad():
    mn.weight.mul_(3)
before = mn.weight.norm(dim=1)
print("norms before", [round(v, 4) for v in before.tolist()])
o = mn(torch.tensor([1, 2, 2]))
after = mn.weight.norm(dim=1)
print("norms after", [round(v, 4) for v in after.tolist()], [round(v, 4) for v in o.norm(dim=1).tolist()])
print(nn.Embedding(5, 2, max_norm=2.0, norm_type=1.0, scale_grad_by_freq=True))
sg = nn.Embedding(5, 2, scale_grad_by_freq=True)
sg(torch.tensor([1, 1, 1, 2])).sum().backward()
print("scale_grad_by_freq", sg.weight.grad.tolist())
pre = torch.arange(12.).view(4, 3)
fp = nn.Embedding.from_pretrained(pre)
print(fp, fp.weight.requires_grad, fp(torch.tensor([3, 1])).tolist())
fp2 = nn.Embedding.from_pretrained(pre, freeze=False, padding_idx=1)
print(fp2.weight.requires_grad, fp2.padding_idx)
class BagOfWords(nn.Module):
    def __init__(self, vocab, dim, classes):
        super().__init__()
        self.emb = nn.Embedding(vocab, dim, padding_idx=0)
        self.fc = nn.Linear(dim, classes)
    def forward(self, x):
        mask = (x != 0).float().unsqueeze(-1)
        e = (self.emb(x) * mask).sum(1) / mask.sum(1).clamp(min=1)
        return self.fc(e)
model = BagOfWords(12, 6, 2)
x = torch.tensor([[1, 2, 3, 0, 0], [4, 5, 0, 0, 0], [6, 7, 8, 9, 0], [10, 11, 1, 0, 0]])
y = torch.tensor([0, 1, 0, 1])
opt = torch.optim.SGD(model.parameters(), lr=0.5)
for i in range(5):
    loss = nn.functional.cross_entropy(model(x), y)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(i, f"{loss.item():.6f}", model.emb.weight.grad[0].abs().sum().item())
print(nn.functional.embedding(torch.tensor([2]), pre, padding_idx=2).tolist())
''',
    'bigru_lstm_tagger': r'''
import torch
import torch.nn as nn
torch.manual_seed(10)
class Tagger(nn.Module):
    def __init__(self, cell, vocab=20, emb=8, hid=6, tags=4):
        super().__init__()
        self.emb = nn.Embedding(vocab, emb)
        self.rnn = cell(emb, hid, num_layers=2, batch_first=True, bidirectional=True, dropout=0.3)
        self.out = nn.Linear(2 * hid, tags)
    def forward(self, x):
        h, state = self.rnn(self.emb(x))
        return self.out(h), state
x = torch.randint(0, 20, (3, 7))
y = torch.randint(0, 4, (3, 7))
for cell in [nn.GRU, nn.LSTM]:
    torch.manual_seed(11)
    m = Tagger(cell)
    print(m.rnn)
    print([(n, tuple(p.shape)) for n, p in m.rnn.named_parameters()][:4], len(list(m.rnn.parameters())))
    logits, state = m(x)
    if cell is nn.LSTM:
        print("h_n", state[0].shape, "c_n", state[1].shape)
    else:
        print("h_n", state.shape)
    print("logits", logits.shape, logits.grad_fn.name())
    opt = torch.optim.Adam(m.parameters(), lr=0.02)
    for step in range(4):
        m.train()
        logits, _ = m(x)
        loss = nn.functional.cross_entropy(logits.reshape(-1, 4), y.reshape(-1))
        opt.zero_grad()
        loss.backward()
        norm = nn.utils.clip_grad_norm_(m.parameters(), 1.0)
        opt.step()
        print(step, f"{loss.item():.5f}", f"{norm.item():.5f}")
    m.eval()
    with torch.no_grad():
        a, _ = m(x)
        b, _ = m(x)
        acc = (a.argmax(-1) == y).float().mean()
    print("eval deterministic", torch.equal(a, b), f"acc {acc.item():.4f}")
    last_fwd = a.new_tensor(0)
gru = nn.GRU(3, 4, batch_first=True)
out, h = gru(torch.randn(2, 5, 3))
print(torch.allclose(out[:, -1], h[0]), gru.weight_ih_l0.shape)
bi = nn.LSTM(3, 4, bidirectional=True)
out, (h, c) = bi(torch.randn(5, 2, 3))
print(torch.allclose(out[-1, :, :4], h[0]), torch.allclose(out[0, :, 4:], h[1]))
''',
    'transformer_decoder_lm': r'''
import torch
import torch.nn as nn
torch.manual_seed(12)
V, D, T = 11, 16, 6
class DecoderLM(nn.Module):
    def __init__(self):
        super().__init__()
        self.tok = nn.Embedding(V, D)
        self.pos = nn.Parameter(torch.zeros(1, T, D))
        layer = nn.TransformerDecoderLayer(D, 2, dim_feedforward=32, dropout=0.0, batch_first=True, norm_first=True)
        self.dec = nn.TransformerDecoder(layer, num_layers=2, norm=nn.LayerNorm(D))
        self.head = nn.Linear(D, V)
    def forward(self, tgt, memory, pad_mask=None):
        mask = nn.Transformer.generate_square_subsequent_mask(tgt.size(1))
        h = self.tok(tgt) + self.pos[:, :tgt.size(1)]
        h = self.dec(h, memory, tgt_mask=mask, tgt_key_padding_mask=pad_mask, tgt_is_causal=True)
        return self.head(h)
print(nn.Transformer.generate_square_subsequent_mask(4))
m = DecoderLM()
print(m.dec.layers[0])
print("params", sum(p.numel() for p in m.parameters()))
tgt = torch.randint(1, V, (4, T))
memory = torch.randn(4, 3, D)
pad = torch.zeros(4, T, dtype=torch.bool)
pad[0, -2:] = True
opt = torch.optim.AdamW(m.parameters(), lr=3e-3, weight_decay=0.01)
for step in range(5):
    logits = m(tgt[:, :-1], memory, pad[:, :-1])
    loss = nn.functional.cross_entropy(logits.reshape(-1, V), tgt[:, 1:].reshape(-1), reduction="none")
    loss = (loss * (~pad[:, 1:]).reshape(-1)).sum() / (~pad[:, 1:]).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(step, f"{loss.item():.4f}", logits.shape)
m.eval()
with torch.no_grad():
    seq = torch.tensor([[3]])
    for _ in range(4):
        nxt = m(seq, memory[:1])[:, -1].argmax(-1, keepdim=True)
        seq = torch.cat([seq, nxt], 1)
print("greedy", seq.tolist())
''',
    'nn_transformer_reverse': r'''
import torch
import torch.nn as nn
torch.manual_seed(13)
V, D = 8, 16
model = nn.Transformer(d_model=D, nhead=4, num_encoder_layers=1, num_decoder_layers=1, dim_feedforward=32,
                       dropout=0.1, batch_first=True, activation="gelu")
emb = nn.Embedding(V, D)
head = nn.Linear(D, V)
print(model.encoder.layers[0].activation, model.decoder.layers[0].norm3)
print("params", sum(p.numel() for p in model.parameters()))
params = list(model.parameters()) + list(emb.parameters()) + list(head.parameters())
opt = torch.optim.Adam(params, lr=5e-3)
def batch(n):
    src = torch.randint(2, V, (n, 5))
    tgt = torch.cat([torch.ones(n, 1, dtype=torch.long), src.flip(1)], 1)
    return src, tgt
for step in range(6):
    model.train()
    src, tgt = batch(8)
    mask = model.generate_square_subsequent_mask(5)
    out = model(emb(src), emb(tgt[:, :-1]), tgt_mask=mask)
    loss = nn.functional.cross_entropy(head(out).reshape(-1, V), tgt[:, 1:].reshape(-1))
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(step, f"{loss.item():.4f}")
model.eval()
src, tgt = batch(3)
with torch.no_grad():
    mem = model.encoder(emb(src))
    ys = torch.ones(3, 1, dtype=torch.long)
    for _ in range(5):
        o = model.decoder(emb(ys), mem, tgt_mask=model.generate_square_subsequent_mask(ys.size(1)))
        ys = torch.cat([ys, head(o[:, -1]).argmax(-1, keepdim=True)], 1)
print(mem.shape, ys.shape, ys.dtype)
print(nn.Transformer.generate_square_subsequent_mask(3, dtype=torch.float64))
''',
    'mha_options': r'''
import torch
import torch.nn as nn
torch.manual_seed(14)
mha = nn.MultiheadAttention(8, 2, batch_first=True)
q = torch.randn(2, 3, 8)
kv = torch.randn(2, 5, 8)
kpm = torch.tensor([[False, False, False, True, True], [False] * 5])
out, w = mha(q, kv, kv, key_padding_mask=kpm)
print(out.shape, w.shape, [round(v, 4) for v in w[0, 0].tolist()], out.grad_fn.name())
out, w = mha(q, kv, kv, key_padding_mask=kpm, average_attn_weights=False)
print(w.shape, round(w[0, :, :, 3:].abs().sum().item(), 6), [round(v, 4) for v in w.sum(-1).flatten().tolist()[:4]])
out, w = mha(q, kv, kv, need_weights=False)
print(out.shape, w)
am = torch.triu(torch.ones(3, 5, dtype=torch.bool), diagonal=1)
out, w = mha(q, kv, kv, attn_mask=am)
print("bool mask", [round(v, 4) for v in w[1, 0].tolist()])
fm = torch.zeros(3, 5).masked_fill(am, float("-inf"))
out2, w2 = mha(q, kv, kv, attn_mask=fm)
print("float mask same", torch.allclose(out, out2), torch.allclose(w, w2))
cross = nn.MultiheadAttention(6, 3, kdim=4, vdim=5)
print(cross, cross.in_proj_weight, cross.q_proj_weight.shape, cross.k_proj_weight.shape, cross.v_proj_weight.shape)
o, w = cross(torch.randn(2, 1, 6), torch.randn(4, 1, 4), torch.randn(4, 1, 5))
print(o.shape, w.shape)
bkv = nn.MultiheadAttention(4, 1, add_bias_kv=True, add_zero_attn=True, bias=False)
print(bkv.bias_k.shape, bkv.in_proj_bias, bkv.out_proj.bias)
o, w = bkv(torch.randn(3, 2, 4), torch.randn(3, 2, 4), torch.randn(3, 2, 4))
print(o.shape, w.shape)
print(sorted(n for n, _ in bkv.named_parameters()))
mha.eval()
with torch.no_grad():
    o1, _ = mha(q, q, q, key_padding_mask=torch.tensor([[False, False, True], [False, False, False]]))
print(o1.shape, [round(v, 4) for v in o1[0, 0, :4].tolist()])
loss = mha(q, kv, kv)[0].pow(2).mean()
loss.backward()
print(f"{loss.item():.5f}", mha.in_proj_weight.grad.shape, f"{mha.out_proj.weight.grad.norm().item():.5f}")
''',
    'squeeze_excitation_cbam': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(15)
class SE(nn.Module):
    def __init__(self, c, r=4):
        super().__init__()
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Sequential(nn.Linear(c, c // r, bias=False), nn.ReLU(inplace=True), nn.Linear(c // r, c, bias=False), nn.Sigmoid())
    def forward(self, x):
        b, c, _, _ = x.shape
        w = self.fc(self.pool(x).view(b, c)).view(b, c, 1, 1)
        return x * w.expand_as(x), w
class SpatialAttn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(2, 1, 7, padding=3, bias=False)
    def forward(self, x):
        avg = x.mean(1, keepdim=True)
        mx, _ = x.max(1, keepdim=True)
        return x * torch.sigmoid(self.conv(torch.cat([avg, mx], 1)))
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 8, 3, padding=1)
        self.se = SE(8)
        self.sa = SpatialAttn()
        self.head = nn.Linear(8, 2)
    def forward(self, x):
        h = F.relu(self.stem(x))
        h, w = self.se(h)
        h = self.sa(h)
        return self.head(h.mean((2, 3))), w
net = Net()
print(net)
x = torch.randn(4, 3, 8, 8)
y = torch.tensor([0, 1, 1, 0])
logits, w = net(x)
print(w.shape, w.grad_fn.name(), logits.grad_fn.name(), bool(((w > 0) & (w < 1)).all()))
opt = torch.optim.RMSprop(net.parameters(), lr=1e-2, alpha=0.9)
for i in range(5):
    logits, w = net(x)
    loss = F.cross_entropy(logits, y)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(i, f"{loss.item():.5f}", f"{w.mean().item():.4f}")
print({n: tuple(p.shape) for n, p in net.se.named_parameters()})
''',
    'unet1d_denoise': r'''
import math
import torch
import torch.nn as nn
torch.manual_seed(16)
def block(cin, cout):
    return nn.Sequential(nn.Conv1d(cin, cout, 3, padding=1), nn.GroupNorm(2, cout), nn.SiLU(),
                         nn.Conv1d(cout, cout, 3, padding=1), nn.GroupNorm(2, cout), nn.SiLU())
class UNet1d(nn.Module):
    def __init__(self):
        super().__init__()
        self.d1, self.d2 = block(1, 4), block(4, 8)
        self.pool = nn.MaxPool1d(2)
        self.mid = block(8, 8)
        self.up2 = nn.ConvTranspose1d(8, 8, 2, stride=2)
        self.u2 = block(16, 4)
        self.up1 = nn.Upsample(scale_factor=2, mode="linear", align_corners=False)
        self.u1 = block(8, 4)
        self.out = nn.Conv1d(4, 1, 1)
    def forward(self, x):
        s1 = self.d1(x)
        s2 = self.d2(self.pool(s1))
        m = self.mid(self.pool(s2))
        h = self.u2(torch.cat([self.up2(m), s2], dim=1))
        h = self.u1(torch.cat([self.up1(h), s1], dim=1))
        return self.out(h)
net = UNet1d()
print(net.u2)
print("params", sum(p.numel() for p in net.parameters()))
t = torch.linspace(0, 2 * math.pi, 32)
clean = torch.stack([torch.sin(t * k) for k in (1, 2, 3, 4)]).unsqueeze(1)
noisy = clean + 0.2 * torch.randn_like(clean)
opt = torch.optim.Adam(net.parameters(), lr=1e-2)
for step in range(6):
    pred = net(noisy)
    loss = nn.functional.mse_loss(pred, clean)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(step, f"{loss.item():.4f}", pred.shape)
with torch.no_grad():
    print("residual", f"{(net(noisy) - clean).pow(2).mean().item():.4f}", f"{(noisy - clean).pow(2).mean().item():.4f}")
''',
    'capsule_routing': r'''
import torch
import torch.nn as nn
torch.manual_seed(17)
def squash(s, dim=-1, eps=1e-8):
    n2 = (s ** 2).sum(dim=dim, keepdim=True)
    return n2 / (1 + n2) * s / torch.sqrt(n2 + eps)
class Caps(nn.Module):
    def __init__(self, n_in=6, d_in=4, n_out=3, d_out=5, iters=3):
        super().__init__()
        self.W = nn.Parameter(0.1 * torch.randn(1, n_in, n_out, d_out, d_in))
        self.iters = iters
    def forward(self, u):
        u_hat = (self.W @ u[:, :, None, :, None]).squeeze(-1)
        b = torch.zeros(u.size(0), u.size(1), self.W.size(2))
        for r in range(self.iters):
            c = b.softmax(dim=2)
            v = squash((c.unsqueeze(-1) * u_hat).sum(1))
            if r < self.iters - 1:
                b = b + torch.einsum("bnjd,bjd->bnj", u_hat, v)
        return v, c
caps = Caps()
u = squash(torch.randn(2, 6, 4))
print("squash norms", [round(x, 5) for x in u.norm(dim=-1)[0].tolist()])
v, c = caps(u)
print(v.shape, c.shape, v.grad_fn.name(), [round(x, 5) for x in c[0, 0].tolist()])
lengths = v.norm(dim=-1)
print("lengths", lengths.detach().numpy().round(5).tolist())
target = torch.tensor([0, 2])
onehot = nn.functional.one_hot(target, 3).float()
def margin_loss(l, t):
    return (t * (0.9 - l).clamp(min=0) ** 2 + 0.5 * (1 - t) * (l - 0.1).clamp(min=0) ** 2).sum(1).mean()
opt = torch.optim.Adam(caps.parameters(), lr=0.05)
for i in range(5):
    v, _ = caps(u)
    loss = margin_loss(v.norm(dim=-1), onehot)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(i, f"{loss.item():.6f}", f"{caps.W.grad.norm().item():.6f}")
print(squash(torch.zeros(1, 3)).tolist(), squash(torch.tensor([[3.0, 4.0]])).tolist())
''',
    'highway_network': r'''
import torch
import torch.nn as nn
torch.manual_seed(18)
class Highway(nn.Module):
    def __init__(self, size, n, gate_bias=-2.0):
        super().__init__()
        self.H = nn.ModuleList([nn.Linear(size, size) for _ in range(n)])
        self.T = nn.ModuleList([nn.Linear(size, size) for _ in range(n)])
        for t in self.T:
            nn.init.constant_(t.bias, gate_bias)
    def forward(self, x):
        gates = []
        for h, t in zip(self.H, self.T):
            g = torch.sigmoid(t(x))
            x = g * torch.relu(h(x)) + (1 - g) * x
            gates.append(g.mean().item())
        return x, gates
class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.inp = nn.Linear(2, 8)
        self.hw = Highway(8, 4)
        self.out = nn.Linear(8, 1)
    def forward(self, x):
        h, g = self.hw(self.inp(x))
        return self.out(h).squeeze(-1), g
m = Model()
print(m.hw)
print([round(v, 4) for v in m.hw.T[0].bias.tolist()[:3]])
X = torch.rand(64, 2) * 2 - 1
Y = ((X[:, 0] * X[:, 1]) > 0).float()
opt = torch.optim.Adam(m.parameters(), lr=0.02)
lossf = nn.BCEWithLogitsLoss()
for epoch in range(8):
    logit, gates = m(X)
    loss = lossf(logit, Y)
    opt.zero_grad()
    loss.backward()
    opt.step()
    acc = ((logit > 0).float() == Y).float().mean().item()
    print(epoch, f"{loss.item():.4f}", f"acc={acc:.4f}", [f"{g:.3f}" for g in gates])
print("grad norms", [f"{p.grad.norm().item():.4f}" for p in m.hw.T.parameters()][:4])
''',
    'mixture_of_experts_topk': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(19)
class MoE(nn.Module):
    def __init__(self, d, n_exp=4, k=2, hidden=12):
        super().__init__()
        self.k = k
        self.gate = nn.Linear(d, n_exp, bias=False)
        self.experts = nn.ModuleList([nn.Sequential(nn.Linear(d, hidden), nn.GELU(approximate="tanh"), nn.Linear(hidden, d))
                                      for _ in range(n_exp)])
    def forward(self, x):
        logits = self.gate(x)
        topv, topi = logits.topk(self.k, dim=-1)
        w = F.softmax(topv, dim=-1)
        out = torch.zeros_like(x)
        for e, expert in enumerate(self.experts):
            sel = (topi == e)
            rows = sel.any(-1).nonzero(as_tuple=True)[0]
            if rows.numel() == 0:
                continue
            weight = (w * sel.float()).sum(-1)[rows].unsqueeze(-1)
            out = out.index_add(0, rows, weight * expert(x[rows]))
        probs = F.softmax(logits, -1)
        load = F.one_hot(topi[:, 0], probs.size(-1)).float().mean(0)
        aux = (load * probs.mean(0)).sum() * probs.size(-1)
        return out, aux, topi
moe = MoE(6)
x = torch.randn(10, 6)
y = torch.randn(10, 6)
out, aux, topi = moe(x)
print(out.shape, out.grad_fn.name(), topi.tolist()[:4], f"{aux.item():.5f}")
print("expert counts", torch.bincount(topi.flatten(), minlength=4).tolist())
opt = torch.optim.SGD(moe.parameters(), lr=0.1, momentum=0.5)
for step in range(6):
    out, aux, topi = moe(x)
    loss = F.mse_loss(out, y) + 0.01 * aux
    opt.zero_grad()
    loss.backward()
    used = [e for e, ex in enumerate(moe.experts) if ex[0].weight.grad is not None and ex[0].weight.grad.abs().sum() > 0]
    opt.step()
    print(step, f"{loss.item():.5f}", f"aux={aux.item():.4f}", "used", used, f"gate_grad={moe.gate.weight.grad.norm().item():.5f}")
vals, idx = torch.tensor([[0.1, 0.5, 0.3, 0.5]]).topk(2)
print(vals.tolist(), idx.tolist())
print(torch.tensor([3., 1., 2.]).topk(2, largest=False))
''',
    'activation_zoo': r'''
import torch
import torch.nn as nn
torch.manual_seed(20)
x = torch.linspace(-3, 3, 7)
acts = [nn.GLU(), nn.SiLU(), nn.Mish(), nn.GELU(), nn.GELU(approximate="tanh"), nn.Hardswish(), nn.Hardsigmoid(),
        nn.PReLU(), nn.RReLU(0.1, 0.3), nn.Softplus(beta=2, threshold=5), nn.ELU(alpha=0.5), nn.CELU(alpha=2.0),
        nn.SELU(), nn.Hardtanh(-2, 2), nn.ReLU6(), nn.LeakyReLU(0.2), nn.LogSigmoid(), nn.Softsign(),
        nn.Tanhshrink(), nn.Softshrink(0.5), nn.Hardshrink(1.0), nn.Threshold(0.5, -1.0)]
for a in acts:
    a.eval()
    inp = torch.linspace(-3, 3, 8) if isinstance(a, nn.GLU) else x
    xi = inp.clone().requires_grad_()
    y = a(xi)
    y.sum().backward()
    print(repr(a), y.grad_fn.name())
    print("  y", [round(v, 5) for v in y.tolist()])
    print("  g", [round(v, 5) for v in xi.grad.tolist()])
pr = nn.PReLU(num_parameters=3, init=0.1)
z = torch.randn(2, 3, 4)
out = pr(z)
out.sum().backward()
print(pr, pr.weight.grad.shape, [round(v, 5) for v in pr.weight.grad.tolist()])
rr = nn.RReLU()
rr.train()
torch.manual_seed(0)
t = -torch.ones(6)
r = rr(t)
print("rrelu train in range", bool(((r <= -1 / 8) & (r >= -1 / 3)).all()), r.grad_fn)
rr.eval()
print("rrelu eval", rr(t)[:2].tolist())
print(nn.Softplus(beta=2, threshold=5)(torch.tensor([2.4, 2.6, 10.0])).tolist())
print(nn.functional.glu(torch.arange(8.).view(2, 4), dim=0).tolist())
''',
    'weight_tying_lm': r'''
import torch
import torch.nn as nn
torch.manual_seed(21)
class TiedLM(nn.Module):
    def __init__(self, V=15, D=8):
        super().__init__()
        self.emb = nn.Embedding(V, D)
        self.rnn = nn.GRU(D, D, batch_first=True)
        self.drop = nn.Dropout(0.1)
        self.dec = nn.Linear(D, V)
        self.dec.weight = self.emb.weight
    def forward(self, x, h=None):
        o, h = self.rnn(self.drop(self.emb(x)), h)
        return self.dec(self.drop(o)), h
m = TiedLM()
print(m.dec.weight is m.emb.weight, m.dec.weight.data_ptr() == m.emb.weight.data_ptr())
print("params", sum(p.numel() for p in m.parameters()), len(list(m.parameters())))
print("named", [n for n, _ in m.named_parameters()])
print("with dups", len(list(m.named_parameters(remove_duplicate=False))))
print("state_dict", list(m.state_dict().keys()))
data = torch.randint(0, 15, (4, 9))
opt = torch.optim.Adam(m.parameters(), lr=1e-2)
h = None
for step in range(5):
    logits, h = m(data[:, :-1], h)
    h = h.detach()
    loss = nn.functional.cross_entropy(logits.transpose(1, 2), data[:, 1:])
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(step, f"{loss.item():.5f}", f"ppl={loss.exp().item():.3f}", f"{m.emb.weight.grad.norm().item():.5f}")
print(torch.equal(m.dec.weight, m.emb.weight), len(opt.state))
sd = m.state_dict()
m2 = TiedLM()
print(m2.load_state_dict(sd))
print(torch.equal(m2.dec.weight, m2.emb.weight), m2.dec.weight is m2.emb.weight)
''',
    'grad_clipping_tour': r'''
import torch
import torch.nn as nn
from torch.nn.utils import clip_grad_norm_, clip_grad_value_, parameters_to_vector, vector_to_parameters
torch.manual_seed(22)
def make():
    torch.manual_seed(0)
    return nn.Sequential(nn.Linear(4, 5), nn.Tanh(), nn.Linear(5, 2))
x = torch.randn(6, 4) * 10
y = torch.randn(6, 2)
for kw in [dict(max_norm=1.0), dict(max_norm=0.5, norm_type=1), dict(max_norm=0.1, norm_type="inf"), dict(max_norm=100.0)]:
    m = make()
    nn.functional.mse_loss(m(x), y).backward()
    total = clip_grad_norm_(m.parameters(), **kw)
    after = torch.cat([p.grad.flatten() for p in m.parameters()])
    nt = kw.get("norm_type", 2.0)
    print(kw, f"{total.item():.5f}", total.dtype, total.shape, f"{torch.linalg.vector_norm(after, float(nt)).item():.5f}")
m = make()
nn.functional.mse_loss(m(x), y).backward()
clip_grad_value_(m.parameters(), 0.05)
g = parameters_to_vector([p.grad for p in m.parameters()])
print("value clipped", g.abs().max().item(), (g.abs() == 0.05).sum().item(), g.numel())
vec = parameters_to_vector(m.parameters())
print(vec.shape, vec.grad_fn.name() if vec.grad_fn else None, f"{vec.sum().item():.5f}")
vector_to_parameters(torch.zeros_like(vec), m.parameters())
print("zeroed", sum(p.abs().sum().item() for p in m.parameters()))
m = make()
for p in m.parameters():
    p.grad = torch.full_like(p, float("nan"))
try:
    clip_grad_norm_(m.parameters(), 1.0, error_if_nonfinite=True)
except RuntimeError as e:
    print("RuntimeError", str(e)[:60])
print(clip_grad_norm_(m.parameters(), 1.0))
print(clip_grad_norm_([], 1.0))
w = torch.nn.Parameter(torch.tensor([3.0, 4.0]))
w.grad = torch.tensor([3.0, 4.0])
print(clip_grad_norm_(w, 1.0), w.grad)
print(clip_grad_norm_([w], 2.0, norm_type=1.0), w.grad)
''',
    'weight_decay_param_groups': r'''
import torch
import torch.nn as nn
torch.manual_seed(23)
model = nn.Sequential(nn.Linear(6, 8), nn.LayerNorm(8), nn.ReLU(), nn.Linear(8, 8), nn.BatchNorm1d(8), nn.Linear(8, 3))
decay, no_decay = [], []
for name, p in model.named_parameters():
    (no_decay if p.ndim < 2 else decay).append(name)
print("decay", decay)
print("no_decay", no_decay)
params = dict(model.named_parameters())
opt = torch.optim.AdamW([
    {"params": [params[n] for n in decay], "weight_decay": 0.1},
    {"params": [params[n] for n in no_decay], "weight_decay": 0.0, "lr": 5e-3},
], lr=1e-2, betas=(0.9, 0.95))
print(len(opt.param_groups), [g["weight_decay"] for g in opt.param_groups], [g["lr"] for g in opt.param_groups])
print(sorted(opt.param_groups[0].keys()))
x = torch.randn(16, 6)
y = torch.randint(0, 3, (16,))
for step in range(5):
    loss = nn.functional.cross_entropy(model(x), y)
    opt.zero_grad(set_to_none=True)
    loss.backward()
    opt.step()
    print(step, f"{loss.item():.5f}", f"{model[0].weight.norm().item():.5f}", f"{model[1].weight.norm().item():.5f}")
sd = opt.state_dict()
print(list(sd.keys()), sd["param_groups"][1]["params"], sorted(sd["state"][0].keys()), sd["state"][0]["step"])
opt.add_param_group({"params": [nn.Parameter(torch.zeros(2))], "lr": 1.0})
print(len(opt.param_groups), opt.param_groups[2]["weight_decay"], opt.param_groups[2]["betas"])
sgd = torch.optim.SGD([{"params": model[0].parameters()}, {"params": model[5].parameters(), "momentum": 0.9}], lr=0.1, weight_decay=1e-4)
print(sgd)
''',
    'module_utils_buffers': r'''
import torch
import torch.nn as nn
torch.manual_seed(24)
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 3, 3)
        self.bn = nn.BatchNorm2d(3)
        self.fc = nn.Linear(12, 2)
        self.register_buffer("scale", torch.tensor(2.0))
        self.register_buffer("cache", torch.zeros(3), persistent=False)
        self.register_buffer("nothing", None)
    def forward(self, x):
        h = self.bn(self.conv(x)).relu()
        self.cache += h.detach().mean((0, 2, 3))
        return self.fc(nn.functional.adaptive_avg_pool2d(h, 2).flatten(1)) * self.scale
net = Net()
calls = []
def init_fn(m):
    calls.append(type(m).__name__)
    if isinstance(m, (nn.Conv2d, nn.Linear)):
        nn.init.xavier_uniform_(m.weight)
        nn.init.zeros_(m.bias)
    elif isinstance(m, nn.BatchNorm2d):
        nn.init.ones_(m.weight)
        nn.init.constant_(m.bias, 0.1)
print(net.apply(init_fn) is net, calls)
print("state_dict", list(net.state_dict().keys()))
print("buffers", [n for n, _ in net.named_buffers()])
vec = nn.utils.parameters_to_vector(net.parameters())
print(vec.shape, f"{vec.norm().item():.4f}")
x = torch.randn(2, 1, 6, 6)
out = net(x)
print(out.shape, [round(v, 4) for v in net.cache.tolist()])
net2 = Net()
res = net2.load_state_dict(net.state_dict())
print(res, net2.cache.tolist(), net2.scale.item())
res = net2.load_state_dict({k: v for k, v in net.state_dict().items() if not k.startswith("fc")}, strict=False)
print(res.missing_keys, res.unexpected_keys)
net.eval()
with torch.no_grad():
    e1 = net(x)
print(torch.equal(e1, net(x)), e1.requires_grad, net.training, net.bn.training)
net.train()
print(net.bn.training, [n for n, m in net.named_children()])
print(net.get_buffer("scale"), net.get_parameter("fc.bias").shape, net.get_submodule("bn"))
net.half()
print(net.scale.dtype, net.bn.running_mean.dtype, net.bn.num_batches_tracked.dtype, net.cache.dtype)
''',
    'eval_accuracy_loop': r'''
import torch
import torch.nn as nn
from torch.utils.data import TensorDataset, DataLoader
torch.manual_seed(25)
X = torch.randn(120, 5)
w_true = torch.randn(5, 3)
Y = (X @ w_true).argmax(1)
ds = TensorDataset(X, Y)
train, test = torch.utils.data.random_split(ds, [90, 30])
tl = DataLoader(train, batch_size=16, shuffle=True)
vl = DataLoader(test, batch_size=8)
model = nn.Sequential(nn.Linear(5, 32), nn.BatchNorm1d(32), nn.ReLU(), nn.Dropout(0.3), nn.Linear(32, 3))
opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, nesterov=True)
sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.2, total_steps=4 * len(tl))
def evaluate(loader):
    model.eval()
    correct, total, loss_sum = 0, 0, 0.0
    with torch.no_grad():
        for xb, yb in loader:
            out = model(xb)
            loss_sum += nn.functional.cross_entropy(out, yb, reduction="sum").item()
            correct += (out.argmax(1) == yb).sum().item()
            total += yb.numel()
    return loss_sum / total, correct / total
for epoch in range(4):
    model.train()
    for xb, yb in tl:
        loss = nn.functional.cross_entropy(model(xb), yb)
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
    vloss, vacc = evaluate(vl)
    print(f"epoch {epoch} train_last {loss.item():.4f} val_loss {vloss:.4f} val_acc {vacc:.4f} lr {sched.get_last_lr()[0]:.5f}")
xb = X[:4]
model.train()
t1 = model(xb)
model.eval()
e1 = model(xb)
print("train vs eval differ", not torch.allclose(t1, e1), e1.requires_grad)
with torch.inference_mode():
    inf = model(xb)
print(inf.requires_grad, torch.is_inference_mode_enabled(), inf.is_inference())
with torch.no_grad():
    probs = model(X[:3]).softmax(-1)
print([[round(v, 4) for v in row] for row in probs.tolist()])
print(torch.is_grad_enabled())
''',

    'wavenet_gated_causal': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(26)
class CausalConv(nn.Conv1d):
    def __init__(self, cin, cout, k, dilation):
        super().__init__(cin, cout, k, dilation=dilation)
        self.left = (k - 1) * dilation
    def forward(self, x):
        return super().forward(F.pad(x, (self.left, 0)))
class ResBlock(nn.Module):
    def __init__(self, c, d):
        super().__init__()
        self.filt = CausalConv(c, c, 2, d)
        self.gate = CausalConv(c, c, 2, d)
        self.res = nn.Conv1d(c, c, 1)
        self.skip = nn.Conv1d(c, c, 1)
    def forward(self, x):
        z = torch.tanh(self.filt(x)) * torch.sigmoid(self.gate(x))
        return x + self.res(z), self.skip(z)
class WaveNet(nn.Module):
    def __init__(self, q=8, c=6, dilations=(1, 2, 4, 8)):
        super().__init__()
        self.inp = CausalConv(q, c, 2, 1)
        self.blocks = nn.ModuleList([ResBlock(c, d) for d in dilations])
        self.post = nn.Sequential(nn.ReLU(), nn.Conv1d(c, c, 1), nn.ReLU(), nn.Conv1d(c, q, 1))
    def forward(self, x):
        h = self.inp(x)
        skips = 0
        for b in self.blocks:
            h, s = b(h)
            skips = skips + s
        return self.post(skips)
net = WaveNet()
print(net.blocks[3].filt, net.blocks[3].filt.left)
print("receptive field", 1 + sum(b.filt.left for b in net.blocks) + net.inp.left)
seq = torch.randint(0, 8, (2, 20))
x = F.one_hot(seq, 8).float().transpose(1, 2)
out = net(x)
print(out.shape, out.grad_fn.name())
xp = x.clone()
xp[:, :, 10:] = 0
print("causal", torch.allclose(net(xp)[:, :, :10], out[:, :, :10]))
opt = torch.optim.Adam(net.parameters(), lr=1e-2)
for step in range(5):
    logits = net(x[:, :, :-1])
    loss = F.cross_entropy(logits, seq[:, 1:])
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(step, f"{loss.item():.5f}")
''',
    'densenet_tiny': r'''
import torch
import torch.nn as nn
torch.manual_seed(27)
class DenseLayer(nn.Module):
    def __init__(self, cin, growth):
        super().__init__()
        self.net = nn.Sequential(nn.BatchNorm2d(cin), nn.ReLU(inplace=True), nn.Conv2d(cin, 4 * growth, 1, bias=False),
                                 nn.BatchNorm2d(4 * growth), nn.ReLU(inplace=True),
                                 nn.Conv2d(4 * growth, growth, 3, padding=1, bias=False))
    def forward(self, feats):
        return self.net(torch.cat(feats, 1))
class DenseBlock(nn.ModuleDict):
    def __init__(self, n, cin, growth):
        super().__init__()
        for i in range(n):
            self.add_module(f"layer{i + 1}", DenseLayer(cin + i * growth, growth))
    def forward(self, x):
        feats = [x]
        for name, layer in self.items():
            feats.append(layer(feats))
        return torch.cat(feats, 1)
def transition(cin, cout):
    return nn.Sequential(nn.BatchNorm2d(cin), nn.ReLU(), nn.Conv2d(cin, cout, 1, bias=False), nn.AvgPool2d(2, 2))
net = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1, bias=False), DenseBlock(3, 8, 4), transition(20, 10),
                    DenseBlock(2, 10, 4), nn.BatchNorm2d(18), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(18, 4))
print(net[1])
print("params", sum(p.numel() for p in net.parameters()), "modules", len(list(net.modules())))
x = torch.randn(4, 3, 8, 8)
print([tuple(net[:i](x).shape) for i in (2, 3, 4)])
y = torch.tensor([0, 1, 2, 3])
opt = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9)
for step in range(4):
    loss = nn.functional.cross_entropy(net(x), y)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(step, f"{loss.item():.4f}")
print(list(net[1].keys()), net[2][3])
''',
    'siren_fourier_features': r'''
import math
import torch
import torch.nn as nn
torch.manual_seed(28)
class SineLayer(nn.Module):
    def __init__(self, cin, cout, w0=30.0, first=False):
        super().__init__()
        self.w0 = w0
        self.linear = nn.Linear(cin, cout)
        bound = 1 / cin if first else math.sqrt(6 / cin) / w0
        with torch.no_grad():
            self.linear.weight.uniform_(-bound, bound)
    def forward(self, x):
        return torch.sin(self.w0 * self.linear(x))
    def extra_repr(self):
        return f"w0={self.w0}"
siren = nn.Sequential(SineLayer(1, 16, first=True), SineLayer(16, 16), nn.Linear(16, 1))
print(siren)
class FourierFeatures(nn.Module):
    def __init__(self, n, scale=3.0):
        super().__init__()
        self.register_buffer("B", torch.randn(1, n) * scale)
    def forward(self, x):
        proj = 2 * math.pi * x @ self.B
        return torch.cat([proj.sin(), proj.cos()], -1)
ff = nn.Sequential(FourierFeatures(8), nn.Linear(16, 16), nn.ReLU(), nn.Linear(16, 1))
x = torch.linspace(-1, 1, 50).unsqueeze(1)
y = torch.sign(torch.sin(4 * x)) * 0.5 + 0.1 * x
for name, model in [("siren", siren), ("fourier", ff)]:
    opt = torch.optim.Adam(model.parameters(), lr=1e-3 if name == "siren" else 1e-2)
    for step in range(40):
        loss = nn.functional.mse_loss(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        if step % 10 == 9:
            print(name, step, f"{loss.item():.4f}")
xg = x[:3].clone().requires_grad_()
out = siren(xg)
g, = torch.autograd.grad(out.sum(), xg, create_graph=True)
g2, = torch.autograd.grad(g.sum(), xg)
print(g.shape, g.grad_fn.name(), g2.shape)
print("buffers", [n for n, _ in ff.named_buffers()], ff[0].B.shape)
''',
    'patch_embed_fold': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(29)
img = torch.randn(2, 3, 8, 8)
P, D = 4, 6
conv = nn.Conv2d(3, D, P, stride=P)
patches = F.unfold(img, kernel_size=P, stride=P)
print("unfold", patches.shape, patches.grad_fn)
lin = patches.transpose(1, 2) @ conv.weight.view(D, -1).t() + conv.bias
via_conv = conv(img).flatten(2).transpose(1, 2)
print("same as conv", torch.allclose(lin, via_conv, atol=1e-5), lin.shape)
fold = nn.Fold(output_size=(8, 8), kernel_size=P, stride=P)
print(fold, torch.equal(fold(patches), img))
unf = nn.Unfold(kernel_size=3, padding=1)
ones = torch.ones(1, 1, 4, 4)
cols = unf(ones)
counts = F.fold(cols, (4, 4), kernel_size=3, padding=1)
print(unf, cols.shape, counts[0, 0].tolist())
x = torch.arange(16.).view(1, 1, 4, 4).requires_grad_()
u = F.unfold(x, 2, dilation=2, stride=1)
print(u.shape, u[0, :, 0].tolist())
u.sum().backward()
print(x.grad[0, 0].tolist())
class ViTStem(nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(3 * P * P, D)
        self.cls = nn.Parameter(torch.zeros(1, 1, D))
        self.pos = nn.Parameter(torch.randn(1, 5, D) * 0.02)
    def forward(self, x):
        t = self.proj(F.unfold(x, P, stride=P).transpose(1, 2))
        t = torch.cat([self.cls.expand(x.size(0), -1, -1), t], 1)
        return t + self.pos
stem = ViTStem()
tok = stem(img)
tok.pow(2).mean().backward()
print(tok.shape, tok.grad_fn.name(), f"{stem.cls.grad.abs().sum().item():.5f}", stem.pos.grad.shape)
''',
    'spatial_transformer': r'''
import math
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(30)
img = torch.arange(16.).view(1, 1, 4, 4)
ident = torch.tensor([[[1., 0., 0.], [0., 1., 0.]]])
for ac in [False, True]:
    grid = F.affine_grid(ident, (1, 1, 4, 4), align_corners=ac)
    out = F.grid_sample(img, grid, align_corners=ac)
    print("identity", ac, torch.allclose(out, img), grid[0, 0, :2].tolist())
flip = torch.tensor([[[-1., 0., 0.], [0., 1., 0.]]])
print(F.grid_sample(img, F.affine_grid(flip, (1, 1, 4, 4), align_corners=False), align_corners=False)[0, 0, 0].tolist())
c, s = math.cos(math.pi / 2), math.sin(math.pi / 2)
rot = torch.tensor([[[c, -s, 0.], [s, c, 0.]]])
r = F.grid_sample(img, F.affine_grid(rot, (1, 1, 4, 4), align_corners=True), align_corners=True)
print([round(v, 3) for v in r[0, 0, 0].tolist()])
shift = torch.tensor([[[1., 0., 0.5], [0., 1., 0.]]])
g = F.affine_grid(shift, (1, 1, 4, 4), align_corners=False)
for mode, pm in [("bilinear", "zeros"), ("nearest", "border"), ("bilinear", "reflection")]:
    print(mode, pm, [round(v, 3) for v in F.grid_sample(img, g, mode=mode, padding_mode=pm, align_corners=False)[0, 0, 1].tolist()])
class STN(nn.Module):
    def __init__(self):
        super().__init__()
        self.loc = nn.Sequential(nn.Conv2d(1, 4, 3), nn.MaxPool2d(2), nn.ReLU(), nn.Flatten(), nn.Linear(4 * 3 * 3, 6))
        nn.init.zeros_(self.loc[-1].weight)
        with torch.no_grad():
            self.loc[-1].bias.copy_(torch.tensor([1., 0., 0., 0., 1., 0.]))
    def forward(self, x):
        theta = self.loc(x).view(-1, 2, 3)
        grid = F.affine_grid(theta, x.size(), align_corners=False)
        return F.grid_sample(x, grid, align_corners=False), theta
stn = STN()
x = torch.randn(2, 1, 8, 8)
warped, theta = stn(x)
print(torch.allclose(warped, x, atol=1e-6), theta[0].tolist(), warped.grad_fn.name())
target = torch.roll(x, 1, dims=3)
opt = torch.optim.Adam(stn.parameters(), lr=1e-2)
for step in range(4):
    warped, theta = stn(x)
    loss = F.mse_loss(warped, target)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(step, f"{loss.item():.5f}", f"{stn.loc[-1].bias.grad.norm().item():.5f}")
''',
    'convnext_block_layerscale': r'''
import torch
import torch.nn as nn
torch.manual_seed(31)
class LayerNorm2d(nn.LayerNorm):
    def forward(self, x):
        return super().forward(x.permute(0, 2, 3, 1)).permute(0, 3, 1, 2)
class DropPath(nn.Module):
    def __init__(self, p):
        super().__init__()
        self.p = p
    def forward(self, x):
        if not self.training or self.p == 0:
            return x
        keep = torch.empty(x.size(0), 1, 1, 1).bernoulli_(1 - self.p)
        return x * keep / (1 - self.p)
    def extra_repr(self):
        return f"p={self.p}"
class Block(nn.Module):
    def __init__(self, c, p):
        super().__init__()
        self.dw = nn.Conv2d(c, c, 7, padding=3, groups=c)
        self.norm = nn.LayerNorm(c, eps=1e-6)
        self.pw1 = nn.Linear(c, 4 * c)
        self.act = nn.GELU()
        self.pw2 = nn.Linear(4 * c, c)
        self.gamma = nn.Parameter(1e-2 * torch.ones(c))
        self.drop = DropPath(p)
    def forward(self, x):
        h = self.dw(x).permute(0, 2, 3, 1)
        h = self.pw2(self.act(self.pw1(self.norm(h)))) * self.gamma
        return x + self.drop(h.permute(0, 3, 1, 2))
net = nn.Sequential(nn.Conv2d(3, 8, 2, stride=2), LayerNorm2d(8, eps=1e-6), Block(8, 0.1), Block(8, 0.2),
                    nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(8, 3))
print(net[2])
print(net[1])
x = torch.randn(6, 3, 10, 10)
y = torch.tensor([0, 1, 2, 0, 1, 2])
opt = torch.optim.AdamW(net.parameters(), lr=4e-3, weight_decay=0.05)
for step in range(5):
    loss = nn.functional.cross_entropy(net(x), y)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(step, f"{loss.item():.5f}", f"{net[2].gamma.grad.norm().item():.6f}")
net.eval()
with torch.no_grad():
    a, b = net(x), net(x)
print(torch.equal(a, b), a.shape, [round(v, 4) for v in net[3].gamma.tolist()[:3]])
''',
    'deep_sets_pooling': r'''
import torch
import torch.nn as nn
torch.manual_seed(32)
class DeepSet(nn.Module):
    def __init__(self, pool):
        super().__init__()
        self.phi = nn.Sequential(nn.Linear(2, 16), nn.ELU(), nn.Linear(16, 16))
        self.rho = nn.Sequential(nn.Linear(16, 16), nn.CELU(), nn.Linear(16, 1))
        self.pool = pool
    def forward(self, x, mask):
        h = self.phi(x) * mask.unsqueeze(-1)
        if self.pool == "sum":
            p = h.sum(1)
        elif self.pool == "mean":
            p = h.sum(1) / mask.sum(1, keepdim=True)
        else:
            p = h.masked_fill(~mask.bool().unsqueeze(-1), float("-inf")).amax(1)
        return self.rho(p).squeeze(-1)
sizes = torch.randint(2, 7, (24,))
x = torch.randn(24, 6, 2)
mask = (torch.arange(6)[None] < sizes[:, None]).float()
target = (x[..., 0] * mask).sum(1)
perm = torch.randperm(6)
for pool in ["sum", "mean", "max"]:
    torch.manual_seed(33)
    m = DeepSet(pool)
    opt = torch.optim.Adam(m.parameters(), lr=1e-2)
    for step in range(30):
        loss = nn.functional.smooth_l1_loss(m(x, mask), target, beta=0.5)
        opt.zero_grad()
        loss.backward()
        opt.step()
    with torch.no_grad():
        full = torch.ones(24, 6)
        inv = torch.allclose(m(x, full), m(x[:, perm], full), atol=1e-5)
    print(pool, f"{loss.item():.4f}", "perm invariant", inv)
print(sizes.tolist()[:8], mask.sum().item())
''',

    'tiny_models_reprs': r'''
import torch
import torch.nn as nn
torch.manual_seed(34)
torch.set_printoptions(precision=4)
mlp = nn.Sequential(nn.Linear(3, 4), nn.Mish(), nn.Linear(4, 2), nn.LogSoftmax(dim=1))
x = torch.randn(3, 3)
out = mlp(x)
print(out)
loss = nn.NLLLoss()(out, torch.tensor([0, 1, 1]))
print(loss)
loss.backward()
print(mlp[0].weight.grad)
print(mlp[2].bias.grad)
gn = nn.GroupNorm(2, 4)
z = torch.randn(2, 4, 3, requires_grad=True)
o = gn(z)
print(o[0])
(o * torch.arange(3.)).sum().backward()
print(z.grad[1])
print(gn.weight.grad, gn.bias.grad)
cell = nn.LSTMCell(3, 2)
h, c = cell(x)
print(h, c, sep="\n")
bil = nn.Bilinear(3, 3, 2)
print(bil, bil(x, x).shape, bil(x, x).grad_fn.name())
cos = nn.CosineSimilarity(dim=1)
pd = nn.PairwiseDistance(p=1.0)
print(cos(x, x.flip(0)), pd(x, x.flip(0)))
print(nn.Identity(54, unused="x"), nn.Flatten(0, 1)(torch.zeros(2, 3, 4)).shape, nn.Unflatten(1, (2, 2))(torch.zeros(3, 4)).shape)
torch.set_printoptions(profile="default")
''',

}

ember_outputs, torch_outputs, test_program_matches_pytorch = program_tests(PROGRAMS, quiet_warnings=True)


# ---------------------------------------------------------------- group norm: ATen's CPU kernel, bit for bit
def test_group_norm_forward_rounding_golden():
    # 1, 2, 3, 4 in one group: mean 2.5, var 1.25, rstd = 1 / sqrt(1.25 + 1e-5) rounded once from float64
    # (eps is a double in ATen's kernel); y = fma(scale, x, -scale * mean) with scale = rstd * gamma
    x = ember.tensor([[[1.0, 2.0, 3.0, 4.0]]])
    y = ember.nn.functional.group_norm(x, 1, ember.tensor([2.0]), ember.tensor([0.5]))
    # (a float64 computation rounded once gives -2.1832709312438965 and 1.3944236040115356 instead)
    assert y.tolist() == [[[-2.1832706928253174, -0.3944234848022461, 1.3944237232208252, 3.1832709312438965]]]
    y0 = ember.nn.functional.group_norm(x, 1)
    assert y0.tolist() == [[[-1.3416354656219482, -0.4472118020057678, 0.4472118020057678, 1.3416354656219482]]]


def _group_norm_case(lib, dtype, shape, groups, affine):
    lib.manual_seed(0)
    x = (lib.randn(shape, dtype=dtype) * 2 + 0.5).requires_grad_()
    m = lib.nn.GroupNorm(groups, shape[1], affine=affine).to(dtype)
    if affine:
        with lib.no_grad():
            m.weight.normal_()
            m.bias.normal_()
    gy = lib.randn(shape, dtype=dtype)
    y = m(x)
    y.backward(gy)
    grads = [x.grad.numpy()] + ([m.weight.grad.numpy(), m.bias.grad.numpy()] if affine else [])
    return [y.detach().numpy()] + grads


@pytest.mark.parametrize("shape,groups,affine", [
    ((3, 8, 7), 2, True), ((2, 32, 9, 9), 4, True), ((5, 6), 3, True), ((2, 4, 33), 4, True),
    ((2, 48, 5), 2, True), ((2, 6, 3), 1, False), ((1, 20, 17), 5, True), ((2, 18, 10), 1, True),
    ((3, 16, 8, 8), 4, False), ((4, 12, 2, 3, 5), 3, True), ((2, 64, 40), 8, True)])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_group_norm_bits_match_pytorch(shape, groups, affine, dtype):
    """Forward (RowwiseMoments, double eps, fused scale/shift) and backward (ATen's vectorised
    reductions and fused multiply-adds) reproduce PyTorch's float32/float64 bits."""
    torch = pytest.importorskip("torch")
    import numpy as np
    ours = _group_norm_case(ember, getattr(ember, dtype), shape, groups, affine)
    ref = _group_norm_case(torch, getattr(torch, dtype), shape, groups, affine)
    for a, b in zip(ours, ref):
        np.testing.assert_array_equal(a, b)


def test_group_norm_double_backward_still_composite():
    # under create_graph the backward stays differentiable (the exact kernel is for plain backward)
    x = ember.randn(2, 4, 3, requires_grad=True)
    y = ember.nn.functional.group_norm(x, 2)
    g, = ember.autograd.grad((y * ember.arange(3.0)).sum(), x, create_graph=True)
    assert g.grad_fn is not None
    g.sum().backward()
    assert x.grad.shape == (2, 4, 3)
