"""Computer-vision / CNN tutorials (program probe 7c), run under ``python -m ember run`` and under PyTorch
2.13; stdout must match exactly.

Conv1d/Conv2d/ConvTranspose2d output-shape arithmetic (stride, padding, dilation, groups, ``padding='same'``),
max/avg/adaptive pooling, BatchNorm running statistics in train/eval, Dropout2d, Flatten/Unflatten,
``nn.Sequential`` with ``OrderedDict`` names and module listings, parameter tables and frozen layers; image
tensor manipulation (HWC<->CHW permutes, mean/std normalisation, uint8 conversions, ``F.interpolate``,
``F.pad`` modes, ``F.unfold``/``F.fold``, flips, random crops, grids, accuracy and confusion matrices); tiny
CNN training with SGD/Adam, lr schedulers, forward/backward hooks, ``state_dict`` round trips through
``io.BytesIO``; and the error messages of common learner mistakes.  Printed digits are chosen so that BLAS
summation order cannot show, and messages that embed a Python ``set`` (hash-seed ordered) are printed sorted.

The unit tests at the end cover the fixes the probe led to: a zero-size kernel dimension fails with the CPU
backends' "kernel size should be greater than zero" message (before the dtype checks), and convolutions whose
input or weight suggests the channels-last format return a channels-last output, with
``Module.to(memory_format=...)`` converting 4-d/5-d parameters and buffers.
"""
from __future__ import annotations

import numpy as np
import pytest
from program_runner import program_tests

import ember


PROGRAMS = {
'conv_shapes': r'''
import torch
import torch.nn as nn
torch.manual_seed(0)
x = torch.randn(2, 3, 17, 15)
for k, s, p, d in [(3,1,1,1),(5,2,2,1),(3,2,0,2),(4,3,1,1)]:
    conv = nn.Conv2d(3, 8, k, stride=s, padding=p, dilation=d)
    y = conv(x)
    h = (17 + 2*p - d*(k-1) - 1)//s + 1
    print(conv, tuple(y.shape), h, y.grad_fn.name())
c = nn.Conv2d(3, 6, 3, padding='same', dilation=2, bias=False)
print(c, c(x).shape)
g = nn.Conv2d(4, 8, 3, groups=2, padding=1)
print(g.weight.shape, g(torch.randn(1,4,5,5)).shape)
c1 = nn.Conv1d(2, 4, 5, stride=2, padding=2, padding_mode='reflect')
print(c1, c1(torch.randn(3,2,11)).shape)
t = nn.ConvTranspose2d(8, 3, 4, stride=2, padding=1, output_padding=0)
print(t, t(torch.randn(1,8,7,7)).shape)
t2 = nn.ConvTranspose2d(3, 2, 3, stride=2, padding=1, output_padding=1, dilation=1)
print(t2(torch.randn(1,3,5,5)).shape)
print(round(c(x).sum().item(), 3))
''',
'pools': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(0)
x = torch.arange(2*1*6*6, dtype=torch.float32).view(2,1,6,6)
mp = nn.MaxPool2d(2)
print(mp, mp(x)[0,0])
mp3 = nn.MaxPool2d(3, stride=2, padding=1, return_indices=True)
out, idx = mp3(x)
print(out.shape, idx[0,0])
print(nn.AvgPool2d(3, stride=2, ceil_mode=True)(x)[0,0])
print(nn.AvgPool2d(2, padding=1, count_include_pad=False)(x)[1,0])
print(nn.AdaptiveAvgPool2d((1,1))(x).flatten(1))
print(nn.AdaptiveAvgPool2d(4)(x)[0,0])
print(nn.AdaptiveMaxPool2d((2,3))(x)[0,0])
print(F.max_pool1d(torch.arange(10.).view(1,1,10), 3, 2))
print(nn.MaxUnpool2d(3, stride=2, padding=1)(out, idx, output_size=x.size())[0,0,:2])
x.requires_grad_(True)
y = F.avg_pool2d(x, 2)
print(y.grad_fn.name(), F.max_pool2d(x, 2).grad_fn.name(), F.adaptive_avg_pool2d(x, 1).grad_fn.name())
''',
'batchnorm_stats': r'''
import torch
import torch.nn as nn
torch.manual_seed(0)
bn = nn.BatchNorm2d(3, momentum=0.2)
print(bn, bn.running_mean, bn.running_var, bn.num_batches_tracked)
x = torch.randn(4, 3, 5, 5) * 2 + 1
y = bn(x)
print(bn.running_mean, bn.running_var, bn.num_batches_tracked)
print(y.mean(dim=(0,2,3)).abs().max() < 1e-5, y.grad_fn.name())
bn.eval()
z = bn(x)
print(z[0,0,0,:3])
print(bn.training, list(bn.state_dict().keys()))
bn2 = nn.BatchNorm2d(3, affine=False, track_running_stats=False)
print(bn2, bn2.running_mean, bn2(x).std().item() > 0.9)
bn.train()
try:
    nn.BatchNorm1d(4)(torch.randn(1, 4))
except ValueError as e:
    print('ValueError', e)
print(nn.BatchNorm2d(3)(torch.randn(1,3,2,2)).shape)
d = nn.Dropout2d(0.5); d.eval()
print(torch.equal(d(x), x), d)
''',
'sequential_names': r'''
import torch
import torch.nn as nn
from collections import OrderedDict
torch.manual_seed(0)
model = nn.Sequential(OrderedDict([
    ('conv1', nn.Conv2d(1, 8, 3, padding=1)),
    ('bn1', nn.BatchNorm2d(8)),
    ('relu1', nn.ReLU(inplace=True)),
    ('pool1', nn.MaxPool2d(2)),
    ('conv2', nn.Conv2d(8, 16, 3)),
    ('relu2', nn.ReLU()),
    ('gap', nn.AdaptiveAvgPool2d(1)),
    ('flat', nn.Flatten()),
    ('fc', nn.Linear(16, 10)),
]))
print(model)
for name, m in model.named_modules():
    print(repr(name), type(m).__name__)
print([type(c).__name__ for c in model.children()])
print(model.conv2, model[4], model[-1])
print(model[:3])
total = 0
for n, p in model.named_parameters():
    print(f"{n:15s} {str(list(p.shape)):20s} {p.numel():6d} {p.requires_grad}")
    total += p.numel()
print('total', total, sum(p.numel() for p in model.parameters()))
x = torch.randn(2, 1, 12, 12)
print(model(x).shape)
for n, b in model.named_buffers():
    print(n, b.shape, b.dtype)
''',
'freeze_layers': r'''
import torch
import torch.nn as nn
torch.manual_seed(0)
backbone = nn.Sequential(nn.Conv2d(3, 4, 3), nn.ReLU(), nn.Conv2d(4, 4, 3), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten())
head = nn.Linear(4, 2)
model = nn.Sequential(backbone, head)
backbone.requires_grad_(False)
print(sum(p.numel() for p in model.parameters() if p.requires_grad), sum(p.numel() for p in model.parameters()))
for n, p in model.named_parameters():
    print(n, p.requires_grad)
opt = torch.optim.SGD(filter(lambda p: p.requires_grad, model.parameters()), lr=0.1)
x = torch.randn(4, 3, 8, 8); y = torch.tensor([0, 1, 1, 0])
loss = nn.functional.cross_entropy(model(x), y)
loss.backward()
print(model[0][0].weight.grad, model[1].weight.grad.shape)
opt.step()
print(f"{loss.item():.4f}")
for p in model[0][2].parameters():
    p.requires_grad = True
print(sum(p.numel() for p in model.parameters() if p.requires_grad))
print(len(opt.param_groups[0]['params']))
''',
'image_normalize': r'''
import torch
torch.manual_seed(0)
img = (torch.rand(8, 6, 3) * 255).to(torch.uint8)
print(img.dtype, img.shape, img[0, 0])
chw = img.permute(2, 0, 1).float() / 255.0
print(chw.shape, chw.is_contiguous(), chw.contiguous().is_contiguous(), chw.stride())
mean = torch.tensor([0.485, 0.456, 0.406]).view(3, 1, 1)
std = torch.tensor([0.229, 0.224, 0.225])[:, None, None]
norm = (chw - mean) / std
print(norm.shape, f"{norm.mean():.4f}", f"{norm.std():.4f}")
print(norm[:, 0, 0])
back = (norm * std + mean).clamp(0, 1)
u8 = (back * 255).round().to(torch.uint8)
print(torch.equal(u8.permute(1, 2, 0), img), u8.dtype)
print(torch.tensor([1.7, -3.2, 300.0, 255.9]).to(torch.uint8))
print(torch.tensor([1.7, -3.2, 300.0, 255.9]).clamp(0, 255).byte())
print(img.float().mean(dim=(0, 1)))
batch = torch.stack([chw, chw.flip(-1), chw.flip(-2)])
print(batch.shape, torch.equal(batch[1].flip(-1), chw))
print(img.max(), img.min(), img.sum(), img.sum().dtype)
print(img[0].float().div(255).to(torch.float16))
''',
'interpolate': r'''
import torch
import torch.nn.functional as F
x = torch.arange(16, dtype=torch.float32).view(1, 1, 4, 4)
print(F.interpolate(x, scale_factor=2, mode='nearest')[0, 0, :3])
print(F.interpolate(x, size=(3, 5), mode='bilinear', align_corners=False))
print(F.interpolate(x, size=(3, 5), mode='bilinear', align_corners=True))
print(F.interpolate(x, scale_factor=0.5, mode='bilinear'))
print(F.interpolate(x, size=6, mode='nearest-exact')[0, 0, 0])
print(F.interpolate(torch.arange(5.).view(1, 1, 5), size=8, mode='linear'))
up = torch.nn.Upsample(scale_factor=2, mode='bilinear', align_corners=True)
print(up, up(x).shape)
try:
    F.interpolate(x, size=(2, 2, 2))
except ValueError as e:
    print('ValueError', e)
try:
    F.interpolate(x, size=(2,), mode='bilinear')
except ValueError as e:
    print('ValueError', e)
try:
    F.interpolate(torch.arange(4.).view(2,2), size=4)
except (ValueError, NotImplementedError) as e:
    print(type(e).__name__, e)
x.requires_grad_()
print(F.interpolate(x, scale_factor=2, mode='bilinear').grad_fn.name(), F.interpolate(x, scale_factor=2).grad_fn.name())
''',
'pad_modes': r'''
import torch
import torch.nn.functional as F
import torch.nn as nn
x = torch.arange(9.).view(1, 1, 3, 3)
for mode in ['constant', 'reflect', 'replicate', 'circular']:
    print(mode, F.pad(x, (1, 1, 2, 0), mode=mode)[0, 0])
print(F.pad(x, (1, 1), value=-1.0)[0, 0])
print(nn.ZeroPad2d((1, 0, 0, 1))(x)[0,0], nn.ReflectionPad2d(1), nn.ReplicationPad2d(2)(x).shape)
print(nn.ConstantPad1d(2, 3.5)(torch.ones(1, 2, 2)))
try:
    F.pad(x, (3, 3, 3, 3), mode='reflect')
except RuntimeError as e:
    print('RuntimeError', e)
try:
    F.pad(x, (1, 1, 1))
except (RuntimeError, ValueError) as e:
    print(type(e).__name__, e)
print(F.pad(x, (-1, 0, 0, -1))[0, 0])
''',
'unfold_fold': r'''
import torch
import torch.nn.functional as F
import torch.nn as nn
x = torch.arange(2 * 16, dtype=torch.float32).view(1, 2, 4, 4)
cols = F.unfold(x, kernel_size=2, stride=2)
print(cols.shape)
print(cols[0])
back = F.fold(cols, output_size=(4, 4), kernel_size=2, stride=2)
print(torch.equal(back, x))
cols3 = F.unfold(x, kernel_size=3, padding=1)
print(cols3.shape)
ones = torch.ones_like(x)
div = F.fold(F.unfold(ones, 3, padding=1), (4, 4), 3, padding=1)
print(div[0, 0])
patches = x.unfold(2, 2, 2).unfold(3, 2, 2)
print(patches.shape, patches[0, 0, 1, 1])
print(nn.Unfold(kernel_size=(2, 3), dilation=1, stride=1), nn.Fold(output_size=(4,4), kernel_size=2))
w = torch.randn(3, 2, 2, 2, generator=torch.Generator().manual_seed(0))
conv_via = (w.view(3, -1) @ cols).view(1, 3, 2, 2)
print(torch.allclose(conv_via, F.conv2d(x, w, stride=2), atol=1e-4))
''',
'augment_crop_grid': r'''
import torch
torch.manual_seed(1)
imgs = torch.rand(4, 3, 10, 10)
crops = []
for i in range(4):
    top = torch.randint(0, 10 - 6 + 1, (1,)).item()
    left = torch.randint(0, 5, ()).item()
    c = imgs[i, :, top:top + 6, left:left + 6]
    if torch.rand(1) < 0.5:
        c = torch.flip(c, dims=[2])
    print(i, top, left, tuple(c.shape))
    crops.append(c)
batch = torch.stack(crops)
print(batch.shape)
row1 = torch.cat([batch[0], batch[1]], dim=2)
row2 = torch.cat([batch[2], batch[3]], dim=2)
grid = torch.cat([row1, row2], dim=1)
print(grid.shape, f"{grid.sum():.4f}")
pad = torch.nn.functional.pad(batch, (1, 1, 1, 1), value=1.0)
g = pad.view(2, 2, 3, 8, 8).permute(2, 0, 3, 1, 4).reshape(3, 16, 16)
print(g.shape, g[0, 0, :4], g.is_contiguous())
print(torch.rot90(imgs[0, 0, :3, :3], 1, [0, 1]).shape, imgs.flip(3).flip(3).equal(imgs))
print(torch.randint(0, 10, (2, 3)), torch.randperm(6))
''',
'accuracy_confusion': r'''
import torch
torch.manual_seed(0)
logits = torch.randn(20, 4)
targets = torch.randint(0, 4, (20,))
preds = logits.argmax(dim=1)
print(preds, targets)
correct = (preds == targets).sum()
print(correct, correct.item() / len(targets), f"{(preds == targets).float().mean():.4f}")
cm = torch.bincount(targets * 4 + preds, minlength=16).view(4, 4)
print(cm)
cm2 = torch.zeros(4, 4, dtype=torch.long)
cm2.index_put_((targets, preds), torch.ones(20, dtype=torch.long), accumulate=True)
print(torch.equal(cm, cm2), cm2.dtype)
print(cm.diag(), cm.sum(1), (cm.diag().float() / cm.sum(1).clamp(min=1)).round(decimals=4))
top2 = logits.topk(2, dim=1).indices
print((top2 == targets[:, None]).any(dim=1).float().mean())
print(torch.softmax(logits, 1).max(1))
cm3 = torch.zeros(4, 4)
cm3[targets, preds] += 1
print(cm3.sum())
''',
'tiny_cnn_train': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(0)
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 4, 3, padding=1)
        self.conv2 = nn.Conv2d(4, 8, 3, padding=1)
        self.pool = nn.MaxPool2d(2, 2)
        self.fc1 = nn.Linear(8 * 2 * 2, 16)
        self.fc2 = nn.Linear(16, 3)
        self.drop = nn.Dropout(0.25)
    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = torch.flatten(x, 1)
        x = self.drop(F.relu(self.fc1(x)))
        return self.fc2(x)
net = Net()
print(net)
x = torch.randn(16, 1, 8, 8); y = torch.randint(0, 3, (16,))
opt = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9, weight_decay=1e-4)
crit = nn.CrossEntropyLoss()
for epoch in range(4):
    net.train()
    opt.zero_grad()
    out = net(x)
    loss = crit(out, y)
    loss.backward()
    opt.step()
    net.eval()
    with torch.no_grad():
        acc = (net(x).argmax(1) == y).float().mean()
    print(f"epoch {epoch} loss {loss.item():.4f} acc {acc.item():.4f}")
print(loss.grad_fn.name(), out.grad_fn.name())
net2 = Net()
opt2 = torch.optim.Adam(net2.parameters(), lr=1e-2)
for i in range(3):
    opt2.zero_grad(); l = crit(net2(x), y); l.backward(); opt2.step()
    print(f"{l.item():.4f}")
''',
'schedulers': r'''
import torch
import torch.nn as nn
torch.manual_seed(0)
m = nn.Linear(2, 1)
opt = torch.optim.SGD(m.parameters(), lr=0.1, momentum=0.9)
s = torch.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
for e in range(5):
    opt.step(); s.step(); print('step', e, s.get_last_lr())
opt = torch.optim.SGD(m.parameters(), lr=0.1)
s = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=4, eta_min=0.001)
for e in range(5):
    opt.step(); s.step(); print('cos', e, [round(v, 6) for v in s.get_last_lr()])
opt = torch.optim.Adam(m.parameters(), lr=0.01)
s = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=6)
for e in range(6):
    opt.step(); s.step() if e < 5 else None; print('1cyc', e, [round(v, 6) for v in s.get_last_lr()], round(opt.param_groups[0]['betas'][0], 4))
opt = torch.optim.SGD(m.parameters(), lr=0.1)
s = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, mode='min', factor=0.5, patience=1)
for e, v in enumerate([1.0, 0.9, 0.95, 0.96, 0.97, 0.5]):
    s.step(v); print('plat', e, s.get_last_lr(), opt.param_groups[0]['lr'])
print(s.state_dict()['num_bad_epochs'], s.best)
''',
'hooks': r'''
import torch
import torch.nn as nn
torch.manual_seed(0)
model = nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU(), nn.Conv2d(2, 3, 3), nn.Flatten(), nn.Linear(12, 2))
feats = {}
def save(name):
    def hook(mod, inp, out):
        feats[name] = out.detach()
        print('fwd', name, type(mod).__name__, type(inp).__name__, len(inp), tuple(inp[0].shape), tuple(out.shape))
    return hook
handles = [m.register_forward_hook(save(n)) for n, m in model.named_children()]
x = torch.randn(2, 1, 6, 6, requires_grad=True)
y = model(x)
print(sorted(feats))
for h in handles:
    h.remove()
model(x)
print('removed')
act = model[0](x)
act.retain_grad()
grads = []
h = act.register_hook(lambda g: grads.append(g.shape))
out = model[1:](act).sum()
out.backward()
print(grads, act.grad.shape, x.grad.shape, act.is_leaf)
h2 = model[2].register_full_backward_hook(lambda m, gi, go: print('bwd', type(m).__name__, [None if g is None else tuple(g.shape) for g in gi], [tuple(g.shape) for g in go]))
model(x).sum().backward()
h2.remove()
pre = model[4].register_forward_pre_hook(lambda m, inp: (inp[0] * 0,))
print(torch.equal(model(x), model[4].bias.expand(2, 2)))
''',
'state_dict_io': r'''
import io
import torch
import torch.nn as nn
torch.manual_seed(0)
model = nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4), nn.ReLU(), nn.Flatten(), nn.Linear(4 * 4 * 4, 2))
model(torch.randn(2, 3, 6, 6))
sd = model.state_dict()
print(list(sd.keys()))
print(sd['1.num_batches_tracked'], sd['1.running_mean'].shape)
buf = io.BytesIO()
torch.save(sd, buf)
buf.seek(0)
loaded = torch.load(buf)
m2 = nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4), nn.ReLU(), nn.Flatten(), nn.Linear(4 * 4 * 4, 2))
print(m2.load_state_dict(loaded))
print(all(torch.equal(a, b) for a, b in zip(model.state_dict().values(), m2.state_dict().values())))
bad = dict(loaded); bad.pop('4.bias'); bad['extra'] = torch.zeros(1)
print(m2.load_state_dict(bad, strict=False))
try:
    m2.load_state_dict(bad)
except RuntimeError as e:
    print('RuntimeError', e)
bad2 = dict(loaded); bad2['4.weight'] = torch.zeros(3, 64)
try:
    m2.load_state_dict(bad2)
except RuntimeError as e:
    print('RuntimeError', e)
buf2 = io.BytesIO(); torch.save({'epoch': 3, 'model': sd, 'lr': 0.01}, buf2); buf2.seek(0)
ck = torch.load(buf2, weights_only=True)
print(ck['epoch'], ck['lr'], type(ck['model']).__name__)
''',
'eval_train_diff': r'''
import torch
import torch.nn as nn
torch.manual_seed(0)
model = nn.Sequential(nn.Conv2d(1, 2, 3, padding=1), nn.BatchNorm2d(2), nn.Dropout2d(0.5), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten())
x = torch.randn(3, 1, 4, 4)
model.train()
a = model(x)
b = model(x)
print(torch.equal(a, b), model.training, model[1].training)
model.eval()
with torch.no_grad():
    c = model(x); d = model(x)
print(torch.equal(c, d), c.requires_grad, c.grad_fn, model[2].training)
print(model[1].num_batches_tracked, model[1].running_mean)
with torch.inference_mode():
    e = model(x)
print(e.is_inference(), e.requires_grad)
print(torch.is_grad_enabled())
@torch.no_grad()
def predict(m, t):
    return m(t).argmax(1)
print(predict(model, x), torch.is_grad_enabled())
m = nn.Dropout(0.5); torch.manual_seed(3)
print(m(torch.ones(8)))
d2 = nn.Dropout2d(0.5); torch.manual_seed(3)
print(d2(torch.ones(1, 4, 1, 2)))
''',
'mistakes_conv': r'''
import torch
import torch.nn as nn
torch.manual_seed(0)
conv = nn.Conv2d(3, 8, 3)
try:
    conv(torch.randn(2, 1, 8, 8))
except RuntimeError as e:
    print('RuntimeError', e)
print(conv(torch.randn(3, 8, 8)).shape)
try:
    conv(torch.randn(8, 8))
except RuntimeError as e:
    print('RuntimeError', e)
try:
    conv(torch.randn(1, 3, 2, 2))
except RuntimeError as e:
    print('RuntimeError', e)
m = nn.Sequential(nn.Conv2d(1, 4, 3), nn.Flatten(), nn.Linear(100, 10))
try:
    m(torch.randn(2, 1, 8, 8))
except RuntimeError as e:
    print('RuntimeError', e)
try:
    nn.Conv2d(4, 6, 3, groups=4)
except ValueError as e:
    print('ValueError', e)
try:
    nn.Conv2d(3, 6, 3, stride=2, padding='same')
except ValueError as e:
    print('ValueError', e)
try:
    nn.MaxPool2d(4)(torch.randn(1, 1, 3, 3))
except RuntimeError as e:
    print('RuntimeError', e)
try:
    nn.Linear(10, 2)(torch.randn(4, 3, 3))
except RuntimeError as e:
    print('RuntimeError', e)
''',
'mistakes_loss': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(0)
logits = torch.randn(4, 3)
onehot = F.one_hot(torch.tensor([0, 2, 1, 2]), 3).float()
print(onehot)
print(f"{F.cross_entropy(logits, onehot):.4f}", f"{F.cross_entropy(logits, onehot.argmax(1)):.4f}")
try:
    F.cross_entropy(logits, onehot[:, :2])
except RuntimeError as e:
    print('RuntimeError', e)
try:
    F.cross_entropy(logits, onehot.long())
except RuntimeError as e:
    print('RuntimeError', e)
try:
    F.cross_entropy(logits, torch.tensor([0., 1., 2., 1.]))
except RuntimeError as e:
    print('RuntimeError', e)
try:
    F.cross_entropy(logits, torch.tensor([0, 1, 3, 1]))
except IndexError as e:
    print('IndexError', e)
try:
    F.nll_loss(logits, torch.tensor([0, 1, 2]))
except (ValueError, RuntimeError) as e:
    print(type(e).__name__, e)
print(f"{F.cross_entropy(logits, torch.tensor([0, 1, 2, 1]), label_smoothing=0.1):.4f}")
print(f"{nn.CrossEntropyLoss(ignore_index=1)(logits, torch.tensor([0, 1, 2, 1])):.4f}")
seg = torch.randn(2, 3, 4, 4); tgt = torch.randint(0, 3, (2, 4, 4))
print(f"{F.cross_entropy(seg, tgt):.4f}", F.cross_entropy(seg, tgt, reduction='none').shape)
try:
    F.cross_entropy(seg, tgt[:, :2])
except RuntimeError as e:
    print('RuntimeError', e)
''',
'unflatten_views': r'''
import torch
import torch.nn as nn
torch.manual_seed(0)
x = torch.randn(2, 3, 4, 5)
f = nn.Flatten()
print(f, f(x).shape, nn.Flatten(0, 2)(x).shape, nn.Flatten(start_dim=2)(x).shape)
u = nn.Unflatten(1, (3, 20))
print(u, u(f(x)).shape)
print(nn.Unflatten(1, torch.Size([2, -1]))(torch.randn(2, 6)).shape)
print(x.flatten(1).unflatten(1, (3, 4, 5)).equal(x))
dec = nn.Sequential(nn.Linear(4, 2 * 3 * 3), nn.Unflatten(1, (2, 3, 3)), nn.ConvTranspose2d(2, 1, 2, stride=2), nn.Sigmoid())
out = dec(torch.randn(5, 4))
print(out.shape, out.grad_fn.name(), dec[2].weight.shape)
print(x.view(2, -1).shape, x.reshape(-1, 5).shape, x.transpose(1, 3).shape)
try:
    x.transpose(1, 3).view(2, -1)
except RuntimeError as e:
    print('RuntimeError', e)
print(x.permute(0, 2, 3, 1).reshape(-1, 3).shape)
print(torch.nn.PixelShuffle(2)(torch.arange(16.).view(1, 4, 2, 2))[0, 0])
print(torch.nn.PixelUnshuffle(2)(torch.arange(16.).view(1, 1, 4, 4))[0, :, 0, 0])
''',
'channels_groupnorm': r'''
import torch
import torch.nn as nn
torch.manual_seed(0)
x = torch.randn(2, 4, 3, 3)
for m in [nn.GroupNorm(2, 4), nn.InstanceNorm2d(4), nn.LayerNorm([4, 3, 3]), nn.LocalResponseNorm(2)]:
    y = m(x)
    print(m, f"{y.mean():.4f}", f"{y.std():.4f}", y.grad_fn.name() if y.grad_fn else None)
try:
    nn.GroupNorm(3, 4)
except ValueError as e:
    print('ValueError', e)
dw = nn.Conv2d(4, 4, 3, padding=1, groups=4, bias=False)
pw = nn.Conv2d(4, 8, 1)
print(sum(p.numel() for p in dw.parameters()) + sum(p.numel() for p in pw.parameters()), sum(p.numel() for p in nn.Conv2d(4, 8, 3, padding=1).parameters()))
print(pw(dw(x)).shape)
se = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Conv2d(4, 2, 1), nn.ReLU(), nn.Conv2d(2, 4, 1), nn.Sigmoid())
print(f"{(x * se(x)).sum():.4f}", se(x).shape)
cl = x.to(memory_format=torch.channels_last)
print(cl.is_contiguous(), cl.stride())
''',
'module_reprs': r'''
import torch
import torch.nn as nn
print(nn.Conv2d(3, 8, (3, 5), stride=(2, 1), padding=(1, 2), dilation=(1, 2), groups=1, bias=False, padding_mode='circular'))
print(nn.Conv1d(4, 4, 3, groups=4, padding='valid'))
print(nn.Conv3d(1, 2, 3, stride=2))
print(nn.ConvTranspose2d(4, 2, 3, stride=2, padding=1, output_padding=1, groups=2, dilation=2))
print(nn.ConvTranspose1d(4, 2, 3))
print(nn.MaxPool2d(3, stride=1, padding=1, dilation=2, ceil_mode=True), nn.MaxPool1d(2))
print(nn.AvgPool2d(3, stride=2, padding=1, ceil_mode=False, count_include_pad=False, divisor_override=2))
print(nn.AvgPool1d(3), nn.AdaptiveAvgPool2d((None, 7)), nn.AdaptiveMaxPool2d(3, return_indices=True))
print(nn.BatchNorm2d(16, eps=1e-3, momentum=None), nn.BatchNorm1d(4, affine=False))
print(nn.Dropout2d(), nn.Dropout(p=0.1, inplace=True), nn.Dropout3d(0.2), nn.AlphaDropout(0.1))
print(nn.Upsample(size=(4, 4)), nn.Upsample(scale_factor=2.0, mode='nearest'), nn.UpsamplingBilinear2d(scale_factor=2), nn.UpsamplingNearest2d(size=3))
print(nn.LPPool2d(2, 3), nn.FractionalMaxPool2d(3, output_size=4), nn.LeakyReLU(0.1, inplace=True), nn.PReLU(8), nn.Hardswish(), nn.SiLU(inplace=True))
print(nn.GroupNorm(4, 16, affine=False), nn.InstanceNorm2d(8, affine=True), nn.LayerNorm(8, elementwise_affine=False))
print(nn.ReLU6(inplace=True), nn.Softmax2d(), nn.Identity(), nn.ChannelShuffle(2))
ml = nn.ModuleList([nn.Conv2d(1, 1, 1) for _ in range(2)])
md = nn.ModuleDict({'down': nn.MaxPool2d(2), 'up': nn.Upsample(scale_factor=2)})
print(ml); print(md)
p = nn.Conv2d(1, 1, 2).weight
torch.manual_seed(0)
print(nn.Parameter(torch.randn(2, 2)))
print(nn.Parameter(torch.zeros(2), requires_grad=False))
''',
'init_weights': r'''
import torch
import torch.nn as nn
torch.manual_seed(0)
def init_weights(m):
    if isinstance(m, nn.Conv2d):
        nn.init.kaiming_normal_(m.weight, mode='fan_out', nonlinearity='relu')
        if m.bias is not None:
            nn.init.zeros_(m.bias)
    elif isinstance(m, (nn.BatchNorm2d, nn.GroupNorm)):
        nn.init.constant_(m.weight, 1); nn.init.constant_(m.bias, 0)
    elif isinstance(m, nn.Linear):
        nn.init.normal_(m.weight, 0, 0.01); nn.init.zeros_(m.bias)
net = nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4), nn.ReLU(), nn.Flatten(), nn.Linear(4, 2))
r = net.apply(init_weights)
print(r is net)
print(f"{net[0].weight.std():.4f} {net[4].weight.std():.4f}")
print(net[1].weight, net[0].bias)
print(nn.init.calculate_gain('relu'), nn.init.calculate_gain('leaky_relu', 0.2), nn.init.calculate_gain('tanh'))
w = torch.empty(8, 4, 3, 3)
nn.init.xavier_uniform_(w, gain=nn.init.calculate_gain('relu'))
print(f"{w.abs().max():.4f}", nn.init._calculate_fan_in_and_fan_out(w))
nn.init.trunc_normal_(w, std=0.02)
print(f"{w.abs().max():.4f}")
nn.init.orthogonal_(w)
print(w.shape, f"{(w.view(8, -1) @ w.view(8, -1).T).diag().mean():.4f}")
nn.init.kaiming_uniform_(w, a=5 ** 0.5)
print(f"{w.abs().max():.4f}")
with torch.no_grad():
    net[0].weight.fill_(0.5)
    net[0].weight[0].zero_()
print(net[0].weight.sum(), net[0].weight.requires_grad, net[0].weight.grad_fn)
try:
    nn.init.kaiming_normal_(torch.empty(3))
except ValueError as e:
    print('ValueError', e)
''',
'more_schedulers': r'''
import torch
import torch.nn as nn
from torch.optim import lr_scheduler as S
m = nn.Linear(2, 1)
def make(lr=0.1):
    return torch.optim.SGD(m.parameters(), lr=lr, momentum=0.9)
o = make(); s = S.MultiStepLR(o, milestones=[2, 4], gamma=0.1)
print([ (o.step(), s.step(), round(s.get_last_lr()[0], 8))[2] for _ in range(5)])
o = make(); s = S.ExponentialLR(o, gamma=0.9)
print([ (o.step(), s.step(), round(s.get_last_lr()[0], 8))[2] for _ in range(3)])
o = make(); s = S.LambdaLR(o, lr_lambda=lambda e: 1 / (e + 1))
print([ (o.step(), s.step(), round(s.get_last_lr()[0], 8))[2] for _ in range(3)])
o = make(); s = S.CosineAnnealingWarmRestarts(o, T_0=3, T_mult=2, eta_min=0.01)
print([ (o.step(), s.step(), round(s.get_last_lr()[0], 6))[2] for _ in range(8)])
o = make(); s = S.LinearLR(o, start_factor=0.25, total_iters=3)
print([ (o.step(), s.step(), round(s.get_last_lr()[0], 6))[2] for _ in range(4)])
o = make(); s1 = S.LinearLR(o, start_factor=0.1, total_iters=2); s2 = S.StepLR(o, 2, 0.5)
s = S.SequentialLR(o, schedulers=[s1, s2], milestones=[2])
print([ (o.step(), s.step(), round(s.get_last_lr()[0], 6))[2] for _ in range(5)])
o = make(); s = S.OneCycleLR(o, max_lr=1.0, epochs=2, steps_per_epoch=3, anneal_strategy='linear', pct_start=0.5)
print(round(o.param_groups[0]['lr'], 6), round(o.param_groups[0]['momentum'], 6))
print([ (o.step(), s.step(), round(s.get_last_lr()[0], 6), round(o.param_groups[0]['momentum'], 4))[2:] for _ in range(5)])
o = make(); s = S.CyclicLR(o, base_lr=0.01, max_lr=0.1, step_size_up=2)
print([ (o.step(), s.step(), round(s.get_last_lr()[0], 6))[2] for _ in range(5)])
print(sorted(S.StepLR(make(), 3).state_dict().keys()))
o = make(); s = S.ReduceLROnPlateau(o, mode='max', patience=0, factor=0.1, threshold=0.1, cooldown=1, min_lr=1e-4)
for v in [0.5, 0.52, 0.53, 0.54, 0.9, 0.1, 0.1]:
    s.step(v); print(round(o.param_groups[0]['lr'], 8), s.num_bad_epochs, s.cooldown_counter)
try:
    S.OneCycleLR(make(), max_lr=0.1)
except ValueError as e:
    print('ValueError', e)
''',
'optim_reprs': r'''
import torch
import torch.nn as nn
torch.manual_seed(0)
m = nn.Sequential(nn.Conv2d(1, 2, 3), nn.Flatten(), nn.Linear(2, 1))
print(torch.optim.SGD(m.parameters(), lr=0.01, momentum=0.9, nesterov=True))
print(torch.optim.Adam([{'params': m[0].parameters(), 'lr': 1e-4}, {'params': m[2].parameters()}], lr=1e-3, weight_decay=1e-5))
o = torch.optim.AdamW(m.parameters(), lr=1e-3)
print(o)
x = torch.randn(4, 1, 3, 3)
m(x).sum().backward(); o.step()
sd = o.state_dict()
print(sd['param_groups'][0]['params'], sorted(sd['state'][0].keys()), sd['state'][0]['step'])
o.zero_grad()
print(m[0].weight.grad)
o.zero_grad(set_to_none=False)
print(m[2].bias.grad)
o.add_param_group({'params': [torch.zeros(1, requires_grad=True)], 'lr': 0.5})
print(len(o.param_groups), o.param_groups[1]['lr'], o.param_groups[1]['betas'])
try:
    torch.optim.SGD(m.parameters(), lr=-1)
except ValueError as e:
    print('ValueError', e)
try:
    torch.optim.Adam(m.parameters(), betas=(1.0, 0.9))
except ValueError as e:
    print('ValueError', e)
try:
    torch.optim.SGD([], lr=0.1)
except ValueError as e:
    print('ValueError', e)
try:
    torch.optim.SGD(m.parameters(), lr=0.1, nesterov=True)
except ValueError as e:
    print('ValueError', e)
''',
'conv_functional': r'''
import torch
import torch.nn.functional as F
torch.manual_seed(0)
x = torch.arange(25.).view(1, 1, 5, 5)
sobel = torch.tensor([[-1., 0., 1.], [-2., 0., 2.], [-1., 0., 1.]]).view(1, 1, 3, 3)
print(F.conv2d(x, sobel))
print(F.conv2d(x, sobel, padding=1, stride=2))
print(F.conv2d(x, sobel.transpose(2, 3), padding='same')[0, 0, 0])
blur = torch.ones(3, 1, 3, 3) / 9
img = torch.arange(48.).view(1, 3, 4, 4)
print(F.conv2d(img, blur, groups=3, padding=1)[0, :, 0, 0])
print(F.conv1d(torch.arange(6.).view(1, 1, 6), torch.tensor([[[1., -1.]]])))
print(F.conv_transpose2d(torch.ones(1, 1, 2, 2), torch.ones(1, 1, 2, 2), stride=2))
print(F.conv_transpose2d(torch.ones(1, 1, 2, 2), torch.ones(1, 1, 3, 3), stride=2, padding=1, output_padding=1).shape)
try:
    F.conv2d(x, sobel, padding='same', stride=2)
except RuntimeError as e:
    print('RuntimeError', e)
try:
    F.conv2d(x, torch.ones(2, 2, 3, 3))
except RuntimeError as e:
    print('RuntimeError', e)
try:
    F.conv2d(x, torch.ones(3, 3))
except RuntimeError as e:
    print('RuntimeError', e)
try:
    F.conv2d(x.long(), sobel.long())
except RuntimeError as e:
    print('RuntimeError', e)
try:
    F.conv2d(x, sobel.double())
except RuntimeError as e:
    print('RuntimeError', e)
try:
    F.conv2d(img, blur, groups=2)
except RuntimeError as e:
    print('RuntimeError', e)
ct = torch.nn.ConvTranspose2d(2, 1, 3, stride=2, padding=1)
print(ct(torch.randn(1, 2, 4, 4), output_size=[8, 8]).shape)
try:
    ct(torch.randn(1, 2, 4, 4), output_size=[10, 10])
except ValueError as e:
    print('ValueError', e)
''',
'uint8_arith': r'''
import torch
a = torch.tensor([[250, 10], [128, 0]], dtype=torch.uint8)
print(a + 10, a * 2, a - 20)
print(a / 2, (a / 255).dtype, a // 3, a.float() / 255)
print(a.to(torch.int8), a.to(torch.int16) - 200)
print(a.sum(), a.sum().dtype, a.mean(dtype=torch.float32), a.double().mean())
try:
    a.mean()
except RuntimeError as e:
    print('RuntimeError', e)
print(a > 100, (a > 100).sum(), a.max(dim=0))
print(torch.tensor([1.5, 2.5, -0.5, 254.6]).round().to(torch.uint8))
print(a.bitwise_and(15), a >> 4, a.clamp(5, 200))
print(torch.full((2, 3), 255, dtype=torch.uint8) + torch.ones(2, 3, dtype=torch.uint8))
try:
    torch.zeros(2, 2, dtype=torch.uint8).new_tensor([300])
except RuntimeError as e:
    print('RuntimeError', e)
print(torch.zeros(2, 2, dtype=torch.uint8).new_tensor([30]).dtype)
b = torch.rand(2, 2, generator=torch.Generator().manual_seed(0))
print(b.mul(255).byte(), b.mul(255).to(dtype=torch.uint8, copy=True))
print(a.to(torch.bool), a.float().histc(bins=4, min=0, max=256))
print(torch.bincount(torch.tensor([0, 1, 1, 3]), weights=torch.tensor([0.5, 1.0, 1.0, 2.0])))
''',
'image_stats_loader': r'''
import torch
from torch.utils.data import TensorDataset, DataLoader, random_split
torch.manual_seed(0)
images = torch.rand(10, 3, 4, 4)
labels = torch.arange(10) % 3
ds = TensorDataset(images, labels)
train, val = random_split(ds, [8, 2])
print(len(train), len(val), train.indices if hasattr(train, 'indices') else None)
loader = DataLoader(train, batch_size=3, shuffle=True)
mean = torch.zeros(3); sq = torch.zeros(3); n = 0
for xb, yb in loader:
    print(xb.shape, yb)
    mean += xb.sum(dim=(0, 2, 3)); sq += (xb ** 2).sum(dim=(0, 2, 3)); n += xb.numel() // 3
mean /= n
std = (sq / n - mean ** 2).sqrt()
print(mean.round(decimals=4), std.round(decimals=4))
print(len(loader), len(DataLoader(train, batch_size=3, drop_last=True)))
x0, y0 = ds[4]
print(x0.shape, y0, type(y0).__name__)
counts = torch.bincount(labels)
weights = 1.0 / counts.float()
print(weights, weights[labels])
sampler = torch.utils.data.WeightedRandomSampler(weights[labels], num_samples=6, replacement=True)
print(list(sampler))
''',
'grid_sample_affine': r'''
import torch
import torch.nn.functional as F
x = torch.arange(16.).view(1, 1, 4, 4)
theta = torch.tensor([[[1., 0., 0.], [0., 1., 0.]]])
grid = F.affine_grid(theta, (1, 1, 4, 4), align_corners=False)
print(grid.shape, grid[0, 0])
print(torch.allclose(F.grid_sample(x, grid, align_corners=False), x))
rot = torch.tensor([[[0., -1., 0.], [1., 0., 0.]]])
g2 = F.affine_grid(rot, (1, 1, 4, 4), align_corners=False)
print(F.grid_sample(x, g2, align_corners=False, mode='nearest'))
scale = torch.tensor([[[0.5, 0., 0.], [0., 0.5, 0.]]])
g3 = F.affine_grid(scale, [1, 1, 2, 2], align_corners=True)
print(F.grid_sample(x, g3, align_corners=True))
print(F.grid_sample(x, torch.full((1, 1, 1, 2), 1.5), padding_mode='zeros', align_corners=False))
print(F.grid_sample(x, torch.full((1, 1, 1, 2), 1.5), padding_mode='border', align_corners=False))
''',
'bn_momentum_none': r'''
import torch
import torch.nn as nn
torch.manual_seed(0)
bn = nn.BatchNorm2d(2, momentum=None)
for i in range(3):
    bn(torch.randn(4, 2, 3, 3) + i)
    print(bn.running_mean, bn.running_var, bn.num_batches_tracked)
bn.reset_running_stats()
print(bn.running_mean, bn.num_batches_tracked)
bn1 = nn.BatchNorm1d(3)
y = bn1(torch.randn(5, 3, 4))
print(y.shape, bn1.running_mean.shape)
try:
    bn1(torch.randn(5, 4))
except RuntimeError as e:
    print('RuntimeError', e)
try:
    nn.BatchNorm2d(3)(torch.randn(2, 3, 4))
except ValueError as e:
    print('ValueError', e)
bn.eval()
bn.track_running_stats = False
print(bn(torch.ones(2, 2, 1, 1)).shape)
x = torch.randn(4, 2, 3, 3, requires_grad=True)
b = nn.BatchNorm2d(2)
b(x).pow(2).sum().backward()
print(x.grad.abs().sum().item() < 1e-2, b.weight.grad, b.bias.grad.abs().max().item() < 1e-4)
print(nn.functional.batch_norm(torch.ones(2, 2), torch.zeros(2), torch.ones(2), training=False))
''',
'mistakes_misc': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(0)
try:
    nn.Linear(10, 2)(torch.randn(4, 3, 3).flatten(1))
except RuntimeError as e:
    print('RuntimeError', e)
x = torch.rand(4, 4, 3)
try:
    nn.Conv2d(3, 8, 3)(x.unsqueeze(0))
except RuntimeError as e:
    print('RuntimeError', e)
try:
    torch.stack([torch.zeros(3, 4, 4), torch.zeros(3, 5, 5)])
except RuntimeError as e:
    print('RuntimeError', e)
try:
    torch.cat([torch.zeros(1, 3, 4, 4), torch.zeros(1, 4, 4)])
except RuntimeError as e:
    print('RuntimeError', e)
try:
    x.permute(2, 0)
except RuntimeError as e:
    print('RuntimeError', e)
try:
    x.permute(2, 0, 0)
except RuntimeError as e:
    print('RuntimeError', e)
try:
    (torch.rand(3, 4, 4) - torch.tensor([0.5, 0.5, 0.5]))
except RuntimeError as e:
    print('RuntimeError', e)
try:
    x.view(3, 4, 4).to(torch.uint8) / torch.tensor(0)
except RuntimeError as e:
    print('RuntimeError', e)
try:
    nn.MaxPool2d(2)(torch.zeros(2, 2, dtype=torch.long))
except RuntimeError as e:
    print('RuntimeError', e)
try:
    F.adaptive_avg_pool2d(torch.zeros(1, 1, 4, 4), (1, 1, 1))
except (RuntimeError, ValueError) as e:
    print(type(e).__name__, e)
try:
    nn.Flatten()(torch.tensor(3.))
except (RuntimeError, IndexError) as e:
    print(type(e).__name__, e)
try:
    nn.Unflatten(1, (3, 3))(torch.zeros(2, 8))
except RuntimeError as e:
    print('RuntimeError', e)
try:
    F.interpolate(torch.zeros(1, 1, 4, 4), scale_factor=2, mode='bilinear', align_corners=True, size=3)
except ValueError as e:
    print('ValueError', e)
try:
    F.interpolate(torch.zeros(1, 1, 4), scale_factor=2, mode='bilinear')
except (ValueError, NotImplementedError) as e:
    print(type(e).__name__, e)
try:
    F.interpolate(torch.zeros(1, 1, 4, 4), scale_factor=2, mode='nearest', align_corners=True)
except ValueError as e:
    print('ValueError', e)
''',
'interp_modes': r"""
import torch
import torch.nn.functional as F
x = torch.arange(36, dtype=torch.float32).view(1, 1, 6, 6)
print(F.interpolate(x, size=(3, 3), mode='area'))
print(F.interpolate(x, size=(4, 4), mode='area'))
print(F.interpolate(x, size=(4, 4), mode='bicubic', align_corners=False).round(decimals=3))
print(F.interpolate(x, size=(3, 4), mode='bilinear', antialias=True).round(decimals=3))
print(F.interpolate(x, scale_factor=0.7, mode='nearest'))
print(F.interpolate(x, scale_factor=1.5, mode='nearest', recompute_scale_factor=True).shape)
print(F.interpolate(x, scale_factor=(0.5, 1.5), mode='bilinear').round(decimals=3)[0, 0, 0])
print(F.interpolate(torch.arange(8.).view(1, 2, 2, 2), scale_factor=2, mode='trilinear') if False else F.interpolate(torch.arange(8.).view(1, 1, 2, 2, 2), scale_factor=2, mode='trilinear').shape)
u8 = torch.arange(16, dtype=torch.uint8).view(1, 1, 4, 4)
print(F.interpolate(u8, scale_factor=0.5, mode='nearest'))
print(F.interpolate(u8.float(), size=3, mode='bilinear').round(decimals=4))
print(F.adaptive_avg_pool2d(x, (4, 4)))
print(F.adaptive_max_pool2d(x, 4, return_indices=True)[1])
""",
'pool_edges': r"""
import torch
import torch.nn as nn
import torch.nn.functional as F
x = torch.arange(49., requires_grad=False).view(1, 1, 7, 7)
print(F.max_pool2d(x, 3, stride=2, dilation=2))
print(F.max_pool2d(x, 2, stride=3, ceil_mode=True))
print(F.avg_pool2d(x, 3, stride=3, ceil_mode=True))
print(F.avg_pool2d(x, 3, stride=3, padding=1, ceil_mode=True, count_include_pad=True))
print(F.avg_pool2d(x, 2, divisor_override=1)[0, 0, 0])
print(F.lp_pool2d(x, 2, 2)[0, 0, 0])
print(F.avg_pool1d(torch.arange(7.).view(1, 1, 7), 3, 2, padding=1))
print(F.max_pool3d(torch.arange(27.).view(1, 1, 3, 3, 3), 2))
print(nn.AvgPool3d(2)(torch.arange(64.).view(1, 1, 4, 4, 4)).shape)
try:
    F.max_pool2d(x, 3, padding=2)
except RuntimeError as e:
    print('RuntimeError', e)
try:
    F.avg_pool2d(x, 8)
except RuntimeError as e:
    print('RuntimeError', e)
try:
    F.max_pool2d(x, 0)
except RuntimeError as e:
    print('RuntimeError', e)
xr = x.clone().requires_grad_()
F.max_pool2d(xr, 2).sum().backward()
print(xr.grad[0, 0, :2])
xr.grad = None
F.avg_pool2d(xr, 3, stride=2, padding=1).sum().backward()
print(xr.grad[0, 0, :2])
xr.grad = None
F.adaptive_avg_pool2d(xr, 3).sum().backward()
print(xr.grad[0, 0, :3])
""",
'summary_table': r"""
import torch
import torch.nn as nn
torch.manual_seed(0)
model = nn.Sequential(
    nn.Conv2d(3, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(8, 16, 3, padding=1, bias=False), nn.ReLU(), nn.AdaptiveAvgPool2d((2, 2)),
    nn.Flatten(), nn.Dropout(0.5), nn.Linear(64, 10))
rows = []
def hook(m, i, o):
    rows.append((type(m).__name__, list(o.size()), sum(p.numel() for p in m.parameters(recurse=False))))
hs = [m.register_forward_hook(hook) for m in model.modules() if not isinstance(m, nn.Sequential)]
model(torch.zeros(1, 3, 16, 16))
print('-' * 50)
print('{:>20}  {:>20} {:>8}'.format('Layer (type)', 'Output Shape', 'Param #'))
for i, (n, s, p) in enumerate(rows):
    print('{:>20}  {:>20} {:>8}'.format(f'{n}-{i + 1}', str([-1] + s[1:]), '{0:,}'.format(p)))
total = sum(p.numel() for p in model.parameters())
trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
print(f'Total params: {total:,}', f'Trainable params: {trainable:,}')
print(f"Params size (MB): {total * 4 / 1024 ** 2:.2f}")
print(model[0].weight.element_size(), model[0].weight.nelement(), model[0].weight.dtype.itemsize)
print(torch.Size([1, 2]), str(torch.Size([3])), list(torch.Size([])), torch.Size([2, 3]).numel())
print(model.get_submodule('4'), model[4].weight.size(1), model[4].weight.shape[-1])
for h in hs: h.remove()
print(sum(b.numel() for b in model.buffers()), [n for n, _ in model.named_buffers()])
""",
'model_dtype_device': r"""
import torch
import torch.nn as nn
torch.manual_seed(0)
device = torch.device('cuda' if torch.cuda.is_available() else 'cpu')
print(device, repr(device), device.type)
model = nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2)).to(device)
print(next(model.parameters()).device, next(model.parameters()).dtype)
model.double()
print(model[0].weight.dtype, model[1].running_mean.dtype, model[1].num_batches_tracked.dtype)
x = torch.randn(1, 1, 4, 4)
try:
    model(x)
except RuntimeError as e:
    print('RuntimeError', e)
print(model(x.double()).dtype)
model.half()
print(model[0].bias.dtype)
model.float()
model.to(dtype=torch.float32)
print(model(x.to(device)).dtype, x.to(device).device)
print(model[0].weight.is_leaf, type(model[0].weight).__name__, isinstance(model[0].weight, torch.Tensor))
model.zero_grad()
print(model[0].weight.grad)
print(torch.nn.utils.parameters_to_vector(model.parameters()).shape)
v = torch.zeros(24)
torch.nn.utils.vector_to_parameters(v, model.parameters())
print(model[0].weight.sum(), model[1].weight)
""",
'state_dict_repr': r"""
import torch
import torch.nn as nn
torch.manual_seed(0)
class Block(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.conv = nn.Conv2d(c, c, 1, bias=False)
        self.register_buffer('scale', torch.ones(c))
        self.register_buffer('tmp', torch.zeros(1), persistent=False)
    def forward(self, x):
        return self.conv(x) * self.scale.view(1, -1, 1, 1)
    def extra_repr(self):
        return f'channels={self.conv.in_channels}'
b = Block(2)
print(b)
print(b.state_dict())
print(list(b.state_dict().keys()), [n for n, _ in b.named_buffers()])
net = nn.Sequential(Block(2), nn.ReLU(), Block(2))
print(net)
print(list(net.state_dict(prefix='model.').keys()))
shared = nn.Linear(2, 2)
tied = nn.Sequential(shared, nn.ReLU(), shared)
print(len(list(tied.modules())), len(list(tied.named_modules(remove_duplicate=False))), len(list(tied.parameters())))
print([n for n, _ in tied.named_parameters()], [n for n, _ in tied.named_parameters(remove_duplicate=False)])
print(list(tied.state_dict().keys()))
b.scale = torch.full((2,), 2.0)
print(b.scale, 'scale' in b._buffers)
try:
    b.register_buffer('conv', torch.zeros(1))
except KeyError as e:
    print('KeyError', e)
try:
    b.register_buffer('x.y', torch.zeros(1))
except KeyError as e:
    print('KeyError', e)
""",
'saliency_gradcam': r"""
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(0)
feat = nn.Sequential(nn.Conv2d(3, 4, 3, padding=1), nn.ReLU(), nn.Conv2d(4, 6, 3, padding=1), nn.ReLU())
head = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(6, 3))
x = torch.rand(1, 3, 8, 8, requires_grad=True)
store = {}
h1 = feat[2].register_forward_hook(lambda m, i, o: store.__setitem__('act', o))
h2 = feat[2].register_full_backward_hook(lambda m, gi, go: store.__setitem__('grad', go[0]))
scores = head(feat(x))
cls = scores.argmax(dim=1).item()
print(cls, scores.shape, scores.grad_fn.name())
scores[0, cls].backward()
sal, _ = x.grad.abs().max(dim=1)
print(sal.shape, f"{sal.max():.4f}")
w = store['grad'].mean(dim=(2, 3), keepdim=True)
cam = F.relu((w * store['act']).sum(dim=1, keepdim=True))
cam = F.interpolate(cam, size=(16, 16), mode='bilinear', align_corners=False)
cam = (cam - cam.min()) / (cam.max() - cam.min() + 1e-8)
print(cam.shape, cam.requires_grad, f"{cam.mean():.4f}")
eps = 0.1
adv = (x + eps * x.grad.sign()).clamp(0, 1).detach()
print(adv.requires_grad, f"{(adv - x).abs().max():.4f}", x.grad.sign().unique())
h1.remove(); h2.remove()
""",
'style_gram_lbfgs': r"""
import torch
import torch.nn.functional as F
torch.manual_seed(0)
def gram(t):
    b, c, h, w = t.size()
    f = t.view(b * c, h * w)
    return torch.mm(f, f.t()).div(b * c * h * w)
target = torch.rand(1, 3, 6, 6)
g_t = gram(target)
print(g_t.shape, f"{g_t.trace():.4f}")
img = torch.rand(1, 3, 6, 6).requires_grad_(True)
opt = torch.optim.LBFGS([img], lr=0.5, max_iter=5)
it = [0]
def closure():
    opt.zero_grad()
    loss = F.mse_loss(gram(img), g_t) * 1000 + F.mse_loss(img, target)
    loss.backward()
    it[0] += 1
    return loss
for step in range(2):
    l = opt.step(closure)
    print(step, f"{l.item():.4f}", it[0])
with torch.no_grad():
    img.clamp_(0, 1)
print(img.min() >= 0, img.is_leaf, opt)
b = torch.rand(2, 3, 4)
print(torch.bmm(b, b.transpose(1, 2)).shape, torch.einsum('bchw,bdhw->bcd', target, target).shape)
""",
'detection_boxes': r"""
import torch
torch.manual_seed(0)
boxes = torch.tensor([[0., 0., 10., 10.], [1., 1., 11., 11.], [20., 20., 30., 30.], [0., 0., 5., 5.]])
scores = torch.tensor([0.9, 0.8, 0.7, 0.95])
area = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
lt = torch.max(boxes[:, None, :2], boxes[None, :, :2])
rb = torch.min(boxes[:, None, 2:], boxes[None, :, 2:])
wh = (rb - lt).clamp(min=0)
inter = wh[..., 0] * wh[..., 1]
iou = inter / (area[:, None] + area[None, :] - inter)
print(iou.round(decimals=4))
order = scores.argsort(descending=True)
keep = []
while order.numel() > 0:
    i = order[0].item(); keep.append(i)
    if order.numel() == 1: break
    rest = order[1:]
    order = rest[iou[i, rest] <= 0.5]
print(keep, torch.tensor(keep))
ys, xs = torch.meshgrid(torch.arange(3), torch.arange(4), indexing='ij')
print(ys, xs.shape)
centers = torch.stack([xs, ys], dim=-1).reshape(-1, 2).float() * 8 + 4
print(centers[:5], centers.dtype)
gx, gy = torch.meshgrid(torch.arange(2), torch.arange(3), indexing='xy')
print(gx)
mask = iou > 0.1
print(mask.nonzero(), torch.where(mask.any(1), scores, torch.zeros_like(scores)))
vals, cnt = torch.unique(torch.tensor([2, 0, 2, 1, 0, 2]), return_counts=True)
print(vals, cnt, torch.unique(torch.tensor([3, 1, 3]), sorted=True, return_inverse=True))
""",
'mixup_augment': r"""
import torch
import torch.nn.functional as F
torch.manual_seed(0)
x = torch.rand(4, 3, 5, 5); y = torch.tensor([0, 1, 2, 1])
lam = torch.distributions.Beta(torch.tensor(0.4), torch.tensor(0.4)).sample()
perm = torch.randperm(4)
mixed = lam * x + (1 - lam) * x[perm]
print(f"{lam.item():.4f}", perm, mixed.shape)
yo = F.one_hot(y, 3).float()
ymix = lam * yo + (1 - lam) * yo[perm]
print(ymix.round(decimals=4))
logits = torch.randn(4, 3)
print(f"{F.cross_entropy(logits, ymix):.4f}", f"{(-(ymix * F.log_softmax(logits, 1)).sum(1).mean()):.4f}")
noise = x + 0.1 * torch.randn_like(x)
print(f"{(noise - x).std():.4f}")
bright = (x * 1.2).clamp(0, 1)
gray = (0.299 * x[:, 0] + 0.587 * x[:, 1] + 0.114 * x[:, 2]).unsqueeze(1)
print(gray.shape, bright.max(), f"{gray.mean():.4f}")
flip_mask = torch.rand(4) < 0.5
x2 = torch.where(flip_mask[:, None, None, None], x.flip(-1), x)
print(flip_mask, torch.equal(x2[~flip_mask], x[~flip_mask]))
cut = x.clone(); cy, cx = torch.randint(0, 5, (2,)).tolist()
cut[:, :, max(cy - 1, 0):cy + 1, max(cx - 1, 0):cx + 1] = 0
print(cy, cx, (cut == 0).sum().item())
""",
'resnet_block': r"""
import torch
import torch.nn as nn
torch.manual_seed(0)
class BasicBlock(nn.Module):
    expansion = 1
    def __init__(self, inp, out, stride=1):
        super().__init__()
        self.conv1 = nn.Conv2d(inp, out, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(out)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(out, out, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(out)
        self.downsample = None
        if stride != 1 or inp != out:
            self.downsample = nn.Sequential(nn.Conv2d(inp, out, 1, stride, bias=False), nn.BatchNorm2d(out))
    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        out += identity
        return self.relu(out)
net = nn.Sequential(nn.Conv2d(3, 4, 3, padding=1), BasicBlock(4, 4), BasicBlock(4, 8, 2), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(8, 2))
print(net)
x = torch.randn(2, 3, 8, 8)
y = net(x)
print(y.shape, y.grad_fn.name(), f"{y.abs().sum():.4f}")
y.sum().backward()
print(f"{net[2].conv1.weight.grad.norm():.4f}", net[1].downsample)
print(sum(p.numel() for p in net.parameters()), len(list(net.named_modules())))
print(torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0).shape)
""",
'ema_deepcopy': r"""
import copy
import torch
import torch.nn as nn
torch.manual_seed(0)
model = nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2), nn.Flatten(), nn.Linear(8, 1))
ema = copy.deepcopy(model)
for p in ema.parameters():
    p.requires_grad_(False)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
for step in range(3):
    x = torch.randn(4, 1, 4, 4)
    loss = model(x).pow(2).mean()
    opt.zero_grad(); loss.backward(); opt.step()
    with torch.no_grad():
        for pe, pm in zip(ema.parameters(), model.parameters()):
            pe.mul_(0.9).add_(pm.detach(), alpha=0.1)
        for be, bm in zip(ema.buffers(), model.buffers()):
            be.copy_(bm)
    print(step, f"{loss.item():.4f}", f"{(ema[3].weight - model[3].weight).abs().max():.4f}")
print(ema[1].num_batches_tracked, ema[0].weight.requires_grad, model[0].weight.requires_grad)
swa = torch.optim.swa_utils.AveragedModel(model)
swa.update_parameters(model)
print(swa.n_averaged, type(swa.module).__name__)
m2 = copy.deepcopy(model).eval()
print(m2.training, model.training, m2[0].weight is model[0].weight)
""",
'printopts_images': r"""
import torch
torch.manual_seed(0)
w = torch.randn(2, 1, 3, 3) * 0.01
print(w)
torch.set_printoptions(precision=2)
print(w[0])
torch.set_printoptions(sci_mode=False)
print(w[1, 0])
torch.set_printoptions(profile='default')
img = torch.rand(3, 4, 4) * 1000
print(img[0])
print(torch.rand(2, 2).half(), torch.rand(2, 2).double())
big = torch.arange(0, 40000, 1000, dtype=torch.float32).view(4, 10)
print(big)
print(torch.zeros(1, 3, 0, 2), torch.ones(2, 0))
print(torch.linspace(0, 1, 1001))
torch.set_printoptions(threshold=5, edgeitems=2)
print(torch.arange(20).view(4, 5))
torch.set_printoptions(profile='default')
print(torch.tensor([1e-8, 1.0]), torch.tensor([1e10, 1.0]), torch.tensor([float('nan'), float('inf'), -0.0]))
""",
'unet_skip': r"""
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(0)
def crop(enc, dec):
    _, _, h, w = dec.shape
    H, W = enc.shape[-2:]
    top, left = (H - h) // 2, (W - w) // 2
    return enc[:, :, top:top + h, left:left + w]
enc1 = nn.Conv2d(1, 4, 3)
enc2 = nn.Conv2d(4, 8, 3)
up = nn.ConvTranspose2d(8, 4, 2, stride=2)
dec = nn.Conv2d(8, 2, 3, padding=1)
x = torch.randn(1, 1, 14, 14)
e1 = F.relu(enc1(x)); print('e1', e1.shape)
p1 = F.max_pool2d(e1, 2); print('p1', p1.shape)
e2 = F.relu(enc2(p1)); print('e2', e2.shape)
u = up(e2); print('u', u.shape)
c = crop(e1, u); print('c', c.shape)
out = dec(torch.cat([u, c], dim=1))
print(out.shape, out.grad_fn.name())
seg = out.argmax(1)
print(seg.shape, seg.dtype, torch.bincount(seg.flatten(), minlength=2).sum())
tgt = torch.randint(0, 2, (1, 8, 8))
probs = out.softmax(1)
oh = F.one_hot(tgt, 2).permute(0, 3, 1, 2).float()
inter = (probs * oh).sum((2, 3)); union = probs.sum((2, 3)) + oh.sum((2, 3))
dice = 1 - (2 * inter + 1) / (union + 1)
print(dice.shape, f"{dice.mean():.4f}", oh.shape, oh.is_contiguous())
""",
'autograd_mistakes': r"""
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(0)
conv = nn.Conv2d(1, 2, 3)
x = torch.randn(1, 1, 5, 5)
a = F.relu(conv(x))
a += 1
try:
    a.sum().backward()
except RuntimeError as e:
    print('RuntimeError', e)
a = F.leaky_relu(conv(x)) * 1
a += 1
a.sum().backward()
print('ok', conv.weight.grad.shape)
b = torch.relu(conv(x))
b.add_(1)
try:
    b.sum().backward()
except RuntimeError as e:
    print('RuntimeError', e)
s = torch.sigmoid(conv(x))
s.mul_(2)
try:
    s.sum().backward()
except RuntimeError as e:
    print('RuntimeError', e)
l = conv(x).sum()
l.backward(retain_graph=False)
try:
    l.backward()
except RuntimeError as e:
    print('RuntimeError', e)
try:
    conv.weight.add_(1)
except RuntimeError as e:
    print('RuntimeError', e)
try:
    conv(x).numpy()
except RuntimeError as e:
    print('RuntimeError', e)
try:
    conv(x).item()
except RuntimeError as e:
    print('RuntimeError', e)
try:
    conv(x).backward()
except RuntimeError as e:
    print('RuntimeError', e)
try:
    torch.zeros(2).backward()
except RuntimeError as e:
    print('RuntimeError', e)
with torch.no_grad():
    y = conv(x)
try:
    y.sum().backward()
except RuntimeError as e:
    print('RuntimeError', e)
print(conv(x).detach().numpy().shape, conv(x).type(), x.type(torch.DoubleTensor).dtype, x.type(torch.uint8).dtype)
""",
'numpy_images': r"""
import numpy as np
import torch
rng = np.random.default_rng(0)
arr = rng.integers(0, 256, size=(4, 5, 3), dtype=np.uint8)
t = torch.from_numpy(arr)
print(t.dtype, t.shape, t.permute(2, 0, 1).shape)
f = torch.as_tensor(arr, dtype=torch.float32).permute(2, 0, 1).div(255)
print(f.dtype, f"{f.mean():.4f}")
back = (f.permute(1, 2, 0).numpy() * 255).round().astype(np.uint8)
print(back.dtype, np.array_equal(back, arr), type(back).__name__)
arr[0, 0, 0] = 7
print(t[0, 0, 0], torch.tensor(arr)[0, 0, 0].item())
batch = torch.stack([torch.from_numpy(a.copy()) for a in [arr, arr[::-1]]])
print(batch.shape, batch.dtype)
try:
    torch.from_numpy(arr[::-1])
except ValueError as e:
    print('ValueError', e)
print(torch.from_numpy(np.zeros((2, 2), dtype=np.float64)).dtype, torch.tensor(np.float32(2.5)), torch.tensor(np.array(3)))
print(f.numpy().transpose(1, 2, 0).shape, np.asarray(f).dtype)
m = torch.from_numpy(np.array([[True, False]]))
print(m, m.dtype)
print(torch.tensor(arr.astype(np.int64)).sum(), torch.from_numpy(arr.astype(np.uint16)).dtype if hasattr(torch, 'uint16') else None)
""",
'losses_cv': r"""
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(0)
logits = torch.randn(6, 4)
tgt = torch.tensor([0, 1, 2, 3, 1, 1])
w = torch.tensor([1.0, 2.0, 0.5, 1.0])
print(f"{nn.CrossEntropyLoss(weight=w)(logits, tgt):.4f}", f"{nn.CrossEntropyLoss(reduction='sum')(logits, tgt):.4f}")
print(F.cross_entropy(logits, tgt, reduction='none').round(decimals=4))
ml = torch.randint(0, 2, (6, 4)).float()
print(f"{nn.BCEWithLogitsLoss(pos_weight=torch.tensor([1., 2., 3., 4.]))(logits, ml):.4f}")
try:
    F.binary_cross_entropy(logits, ml)
except RuntimeError as e:
    print('RuntimeError', e)
try:
    F.binary_cross_entropy(torch.sigmoid(logits), ml[:3])
except ValueError as e:
    print('ValueError', e)
try:
    F.binary_cross_entropy_with_logits(logits, ml[:, :2])
except ValueError as e:
    print('ValueError', e)
p = F.softmax(logits, 1)
ce = F.cross_entropy(logits, tgt, reduction='none')
focal = ((1 - torch.exp(-ce)) ** 2 * ce).mean()
print(f"{focal:.4f}")
seg = torch.randn(2, 3, 4, 4); st = torch.randint(0, 3, (2, 4, 4)); st[0, 0, 0] = 255
print(f"{F.cross_entropy(seg, st, ignore_index=255):.4f}", f"{F.nll_loss(F.log_softmax(seg, 1), st, ignore_index=255, reduction='sum'):.4f}")
print(f"{F.smooth_l1_loss(torch.tensor([0.5, 2.0]), torch.zeros(2), beta=1.0):.4f}", f"{F.l1_loss(seg, seg + 1):.4f}", f"{F.kl_div(F.log_softmax(logits, 1), p, reduction='batchmean'):.4f}")
try:
    F.mse_loss(torch.zeros(2, 3), torch.zeros(3, 2))
except RuntimeError as e:
    print('RuntimeError', e)
loss = nn.CrossEntropyLoss()(logits.requires_grad_(), tgt)
print(loss.grad_fn.name(), loss.grad_fn.next_functions[0][0].name())
""",
'module_errors': r"""
import torch
import torch.nn as nn
model = nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU())
try:
    model.fc
except AttributeError as e:
    print('AttributeError', e)
try:
    model[5]
except IndexError as e:
    print('IndexError', e)
try:
    model.add_module('a.b', nn.ReLU())
except KeyError as e:
    print('KeyError', e)
try:
    model.add_module('x', 3)
except TypeError as e:
    print('TypeError', e)
try:
    nn.Conv2d(3, 8, 3, padding_mode='zero')
except ValueError as e:
    print('ValueError', str(e).split(' {')[0], sorted(eval(str(e).split('of ')[1].split(', but')[0])))
try:
    nn.Conv2d(3, 8, 3, padding='full')
except ValueError as e:
    print('ValueError', str(e).split(', should')[0], sorted(eval(str(e).split('one of ')[1])))
try:
    nn.Conv2d(3, 8, 0)(torch.zeros(1, 3, 4, 4))
except RuntimeError as e:
    print('RuntimeError', e)
try:
    nn.Conv2d(3, 8, 3, stride=0)(torch.zeros(1, 3, 4, 4))
except RuntimeError as e:
    print('RuntimeError', e)
try:
    nn.Dropout(1.5)
except ValueError as e:
    print('ValueError', e)
try:
    model.get_submodule('3')
except AttributeError as e:
    print('AttributeError', e)
try:
    model.weight = torch.zeros(2)
    print(type(model.weight).__name__, 'weight' in dict(model.named_parameters()))
    model.p = nn.Parameter(torch.zeros(1))
    print('p' in dict(model.named_parameters()))
    model.p = torch.zeros(1)
except TypeError as e:
    print('TypeError', e)
model2 = nn.Sequential()
print(model2, len(model2))
model2.append(nn.Linear(2, 2)); model2.insert(0, nn.Identity()); model2.extend([nn.ReLU()])
print(model2)
del model2[1]
print(model2, model2[-1])
""",
'imagenet_accuracy': r"""
import torch
torch.manual_seed(0)
class AverageMeter:
    def __init__(self, name, fmt=':f'):
        self.name, self.fmt = name, fmt
        self.reset()
    def reset(self):
        self.val = self.avg = self.sum = self.count = 0
    def update(self, val, n=1):
        self.val = val; self.sum += val * n; self.count += n; self.avg = self.sum / self.count
    def __str__(self):
        fmtstr = '{name} {val' + self.fmt + '} ({avg' + self.fmt + '})'
        return fmtstr.format(**self.__dict__)
def accuracy(output, target, topk=(1,)):
    with torch.no_grad():
        maxk = max(topk)
        batch_size = target.size(0)
        _, pred = output.topk(maxk, 1, True, True)
        pred = pred.t()
        correct = pred.eq(target.view(1, -1).expand_as(pred))
        res = []
        for k in topk:
            correct_k = correct[:k].reshape(-1).float().sum(0, keepdim=True)
            res.append(correct_k.mul_(100.0 / batch_size))
        return res
top1 = AverageMeter('Acc@1', ':6.2f'); top5 = AverageMeter('Acc@5', ':6.2f'); losses = AverageMeter('Loss', ':.4e')
for i in range(3):
    out = torch.randn(8, 10); tgt = torch.randint(0, 10, (8,))
    acc1, acc5 = accuracy(out, tgt, topk=(1, 5))
    loss = torch.nn.functional.cross_entropy(out, tgt)
    top1.update(acc1[0], 8); top5.update(acc5[0], 8); losses.update(loss.item(), 8)
    print(acc1, acc5)
    print(top1, top5, losses)
print(f"{top1.avg:.3f}", type(top1.avg).__name__)
t = torch.tensor(3.14159)
print(f"{t:.2f}", "{:.3f}".format(t), f"{t}", format(t, ''))
try:
    print(f"{torch.tensor([1.0, 2.0]):.2f}")
except TypeError as e:
    print('TypeError', e)
print(round(t.item(), 2), int(torch.tensor(7)), float(torch.tensor([2.5])))
""",
'whole_model_pickle': r"""
import io
import torch
import torch.nn as nn
torch.manual_seed(0)
model = nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU(), nn.Flatten())
buf = io.BytesIO()
torch.save(model, buf)
buf.seek(0)
m2 = torch.load(buf, weights_only=False)
print(m2)
x = torch.randn(1, 1, 4, 4)
print(torch.equal(m2(x), model(x)), type(m2).__name__)
buf = io.BytesIO(); torch.save(model.state_dict(), buf); buf.seek(0)
print(model.load_state_dict(torch.load(buf, map_location='cpu')))
buf = io.BytesIO(); torch.save({'opt': torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9).state_dict()}, buf); buf.seek(0)
print(torch.load(buf)['opt'])
buf = io.BytesIO(); torch.save([torch.arange(3), 'hi', 2.5, {'a': (1, 2)}], buf); buf.seek(0)
print(torch.load(buf))
t = torch.arange(10.)
buf = io.BytesIO(); torch.save([t[2:4], t], buf); buf.seek(0)
a, b = torch.load(buf)
a[0] = 100
print(b[2], a.storage_offset() if hasattr(a, 'storage_offset') else None)
""",
'softmax_implicit': r"""
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(0)
x = torch.randn(2, 3, 2, 2)
print(F.softmax(x).sum(1)[0])
print(F.log_softmax(torch.randn(2, 3)).exp().sum(1))
print(F.softmax(torch.randn(3), dim=0).sum(), nn.Softmax(dim=1), nn.Softmax())
print(nn.Softmax()(torch.randn(2, 2, 2)).sum(0))
print(nn.Softmax2d()(x).sum(1)[0])
print(F.normalize(x, dim=1).norm(dim=1)[0])
print(F.cosine_similarity(x.flatten(1), x.flatten(1).flip(0)).round(decimals=4))
feats = torch.randn(4, 5)
print(torch.cdist(feats, feats).round(decimals=3).diag(), torch.cdist(feats, feats).argsort(1)[:, 1])
print(F.pairwise_distance(feats[:2], feats[2:]).round(decimals=4))
""",
'pad_unfold_errors': r"""
import torch
import torch.nn.functional as F
x = torch.arange(8.).view(1, 2, 4)
for args in [((1, 2, 3),), ((1, 1, 1, 1, 1, 1, 1, 1),), ((5, 5), 'reflect'), ((1, 1), 'circular'), ((5, 0), 'circular'), ((1, 1, 1, 1), 'replicate'), ((2, 2), 'bogus')]:
    try:
        print(F.pad(x, *args))
    except (RuntimeError, ValueError, NotImplementedError) as e:
        print(type(e).__name__, e)
print(F.pad(torch.arange(4.).view(1, 1, 2, 2), (1, 1, 1, 1), mode='reflect'))
print(F.pad(torch.arange(8.).view(1, 1, 2, 2, 2), (1, 0, 0, 1, 1, 0), mode='replicate').shape)
print(F.pad(torch.arange(3.), (2, 1), mode='reflect') if False else F.pad(torch.arange(6.).view(2, 3), (2, 1), mode='reflect'))
for f in [lambda: F.unfold(torch.zeros(4, 4), 2), lambda: F.unfold(torch.zeros(1, 1, 2, 2), 3),
          lambda: F.fold(torch.zeros(1, 4, 5), (3, 3), 2), lambda: F.fold(torch.zeros(1, 3, 4), (3, 3), 2),
          lambda: F.pixel_shuffle(torch.zeros(1, 3, 2, 2), 2), lambda: F.pixel_unshuffle(torch.zeros(1, 1, 3, 3), 2)]:
    try:
        print(f().shape)
    except (RuntimeError, IndexError) as e:
        print(type(e).__name__, e)
""",
'prune_tutorial': r'''
import torch
import torch.nn as nn
import torch.nn.utils.prune as prune
torch.manual_seed(0)
class LeNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 2, 3)
        self.conv2 = nn.Conv2d(2, 4, 3)
        self.fc1 = nn.Linear(4 * 2 * 2, 6)
    def forward(self, x):
        x = torch.relu(self.conv2(torch.relu(self.conv1(x))))
        return self.fc1(x.flatten(1))
model = LeNet()
module = model.conv1
print(list(module.named_parameters()))
print(list(module.named_buffers()))
prune.random_unstructured(module, name="weight", amount=0.3)
print([n for n, _ in module.named_parameters()], [n for n, _ in module.named_buffers()])
print(module.weight_mask, module.weight.grad_fn.name() if module.weight.grad_fn else None)
prune.l1_unstructured(module, name="bias", amount=1)
print(module.bias, module.bias_mask)
prune.ln_structured(module, name="weight", amount=0.5, n=2, dim=0)
print(module.weight_mask.sum(dim=(1, 2, 3)))
for hook in module._forward_pre_hooks.values():
    if hook._tensor_name == "weight":
        break
print([type(h).__name__ for h in hook], type(hook).__name__)
prune.remove(module, 'weight')
print([n for n, _ in module.named_parameters()], [n for n, _ in module.named_buffers()])
params = ((model.conv2, 'weight'), (model.fc1, 'weight'))
prune.global_unstructured(params, pruning_method=prune.L1Unstructured, amount=0.2)
print(f"{100. * float(torch.sum(model.conv2.weight == 0)) / float(model.conv2.weight.nelement()):.2f}")
print(f"{100. * float(torch.sum(model.fc1.weight == 0)) / float(model.fc1.weight.nelement()):.2f}")
print(model(torch.randn(1, 1, 6, 6)).shape, prune.is_pruned(model))
print(model.state_dict().keys())
''',
'classic_cv_ops': r'''
import torch
import torch.nn.functional as F
torch.manual_seed(0)
def tr(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
img = torch.rand(3, 8, 8)
sigma = 1.0
ax = torch.arange(5) - 2
g = torch.exp(-(ax.float() ** 2) / (2 * sigma ** 2)); g = g / g.sum()
k2 = torch.outer(g, g)
print(k2.round(decimals=4), k2.sum())
blur = F.conv2d(img.unsqueeze(0), k2.expand(3, 1, 5, 5), padding='same', groups=3)
print(blur.shape, f"{blur.mean():.4f}")
even = F.conv2d(img.unsqueeze(0), torch.ones(3, 1, 2, 2) / 4, padding='same', groups=3)
print(even.shape, f"{even[0, 0, -1, -1]:.4f}", f"{even[0, 0, 0, 0]:.4f}")
spec = torch.fft.fftshift(torch.fft.fft2(img[0]))
mag = torch.log1p(spec.abs())
print(spec.dtype, mag.shape, f"{mag.max():.4f}", f"{mag[4, 4]:.4f}")
u8 = (img[0] * 255).to(torch.uint8)
hist = torch.histc(u8.float(), bins=256, min=0, max=255)
cdf = hist.cumsum(0); cdf = (cdf - cdf.min()) / (cdf.max() - cdf.min()) * 255
lut = cdf.round().to(torch.uint8)
eq = lut[u8.long()]
print(eq.dtype, eq.shape, eq.max(), eq.min(), hist.sum())
sx = torch.tensor([[-1., 0., 1.], [-2., 0., 2.], [-1., 0., 1.]])
gx = F.conv2d(img[:1].unsqueeze(0), sx.view(1, 1, 3, 3), padding=1)
gy = F.conv2d(img[:1].unsqueeze(0), sx.t().reshape(1, 1, 3, 3), padding=1)
print(f"{torch.hypot(gx, gy).mean():.4f}", f"{torch.atan2(gy, gx).abs().max():.4f}")
binary = (img[0] > 0.5).float()[None, None]
dil = F.max_pool2d(binary, 3, 1, 1); ero = -F.max_pool2d(-binary, 3, 1, 1)
print(binary.sum(), dil.sum(), ero.sum())
M = torch.tensor([[0.299, 0.587, 0.114], [-0.169, -0.331, 0.5], [0.5, -0.419, -0.081]])
ycc = torch.einsum('ij,jhw->ihw', M, img)
print(ycc.shape, f"{ycc[0].mean():.4f}", torch.tensordot(M, img, dims=([1], [0])).shape)
print(torch.diff(img[0], dim=1).shape, torch.diff(img[0], n=2, dim=0).shape)
gy2, gx2 = torch.gradient(img[0])
print(gy2.shape, f"{gx2.abs().mean():.4f}")
tr(lambda: torch.gradient(img[0], spacing=2.0, dim=1)[0].shape)
tr(lambda: F.interpolate(u8[None, None], scale_factor=2, mode='bilinear').dtype)
tr(lambda: F.interpolate(u8[None, None], scale_factor=2, mode='bilinear', antialias=True)[0, 0, 0, :4])
tr(lambda: F.interpolate(u8[None, None], size=3, mode='bicubic')[0, 0])
tr(lambda: F.interpolate(u8[None, None].float(), scale_factor=2.5, mode='bilinear').shape)
tr(lambda: F.interpolate(torch.arange(4.).view(1, 1, 2, 2), scale_factor=1.5, mode='bilinear'))
tr(lambda: F.interpolate(torch.arange(4.).view(1, 1, 2, 2), scale_factor=1.5, mode='bicubic', align_corners=True))
tr(lambda: F.interpolate(torch.arange(9.).view(1, 1, 3, 3), scale_factor=0.5, mode='bilinear', antialias=True))
tr(lambda: F.interpolate(torch.arange(9.).view(1, 1, 3, 3), size=(2, 2), mode='bicubic', antialias=True))
tr(lambda: F.interpolate(torch.arange(9.).view(1, 1, 3, 3), size=(2, 2), mode='nearest', antialias=True))
tr(lambda: F.interpolate(torch.arange(9.).view(1, 1, 3, 3).long(), size=(2, 2), mode='bilinear'))
tr(lambda: F.interpolate(torch.arange(9.).view(1, 1, 3, 3).long(), size=(2, 2), mode='nearest'))
tr(lambda: F.interpolate(torch.arange(9.).view(1, 1, 3, 3).half(), size=(2, 2), mode='bilinear'))
tr(lambda: F.interpolate(torch.arange(9.).view(1, 1, 3, 3), scale_factor=-1))
tr(lambda: F.interpolate(torch.arange(9.).view(1, 1, 3, 3), size=(0, 2)))
tr(lambda: F.interpolate(torch.arange(9.).view(1, 1, 3, 3), size=(2.5, 2)))
tr(lambda: F.interpolate(torch.arange(9.).view(1, 1, 3, 3)))
tr(lambda: F.interpolate(torch.arange(9.).view(1, 1, 3, 3), scale_factor=(2, 2, 2)))
tr(lambda: F.interpolate(torch.arange(9.).view(1, 1, 3, 3), size=4, mode='linear'))
tr(lambda: F.interpolate(torch.arange(9.).view(1, 1, 3, 3), size=4, mode='cubic'))
''',
'cv_grad_fn_names': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(0)
def tr(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
x = torch.randn(2, 3, 6, 6, requires_grad=True)
ops = {
 'conv': lambda: F.conv2d(x, torch.randn(2, 3, 3, 3)),
 'convT': lambda: F.conv_transpose2d(x, torch.randn(3, 2, 3, 3)),
 'conv1d': lambda: F.conv1d(x[0], torch.randn(2, 3, 3)),
 'maxpool_idx': lambda: F.max_pool2d(x, 2, return_indices=True)[0],
 'maxpool1d': lambda: F.max_pool1d(x[0], 2),
 'avgpool1d': lambda: F.avg_pool1d(x[0], 2),
 'adamax': lambda: F.adaptive_max_pool2d(x, 2),
 'adavg1': lambda: F.adaptive_avg_pool1d(x[0], 2),
 'lppool': lambda: F.lp_pool2d(x, 2, 2),
 'bn': lambda: F.batch_norm(x, None, None, training=True),
 'bn_eval': lambda: nn.BatchNorm2d(3).eval()(x),
 'gn': lambda: F.group_norm(x, 3),
 'in': lambda: F.instance_norm(x),
 'ln': lambda: F.layer_norm(x, (6,)),
 'lrn': lambda: F.local_response_norm(x, 2),
 'drop2d': lambda: F.dropout2d(x, 0.5),
 'drop': lambda: F.dropout(x, 0.5),
 'pad_reflect': lambda: F.pad(x, (1, 1, 1, 1), mode='reflect'),
 'pad_rep': lambda: F.pad(x, (1, 1, 1, 1), mode='replicate'),
 'pad_circ': lambda: F.pad(x, (1, 1, 1, 1), mode='circular'),
 'pad_const': lambda: F.pad(x, (1, 1, 1, 1)),
 'up_nearest': lambda: F.interpolate(x, scale_factor=2),
 'up_nexact': lambda: F.interpolate(x, scale_factor=2, mode='nearest-exact'),
 'up_bicubic': lambda: F.interpolate(x, scale_factor=2, mode='bicubic'),
 'up_area': lambda: F.interpolate(x, size=3, mode='area'),
 'up_aa': lambda: F.interpolate(x, size=3, mode='bilinear', antialias=True),
 'unfold': lambda: F.unfold(x, 2),
 'fold': lambda: F.fold(F.unfold(x, 2), (6, 6), 2),
 'pixshuf': lambda: F.pixel_shuffle(x[:, :1].repeat(1, 4, 1, 1), 2),
 'gridsample': lambda: F.grid_sample(x, torch.zeros(2, 2, 2, 2), align_corners=False),
 'affine': lambda: F.affine_grid(torch.eye(2, 3, requires_grad=True)[None], (1, 1, 2, 2), align_corners=False),
 'flip': lambda: x.flip(-1),
 'rot90': lambda: x.rot90(1, (2, 3)),
 'roll': lambda: x.roll(1, 2),
 'permute': lambda: x.permute(0, 2, 3, 1),
 'flatten': lambda: x.flatten(1),
 'unflatten': lambda: x.flatten(1).unflatten(1, (3, 36)),
 'hardswish': lambda: F.hardswish(x),
 'silu': lambda: F.silu(x),
 'gelu': lambda: F.gelu(x),
 'relu6': lambda: F.relu6(x),
 'leaky': lambda: F.leaky_relu(x, 0.2),
 'elu': lambda: F.elu(x),
 'prelu': lambda: F.prelu(x, torch.tensor([0.25])),
 'mish': lambda: F.mish(x),
 'hardsig': lambda: F.hardsigmoid(x),
 'softmax2d': lambda: nn.Softmax2d()(x),
 'clamp': lambda: x.clamp(0, 1),
 'clampmin': lambda: x.clamp(min=0),
 'channel_shuffle': lambda: F.channel_shuffle(x, 3) if hasattr(F, 'channel_shuffle') else nn.ChannelShuffle(3)(x),
 'cat': lambda: torch.cat([x, x], 1),
 'stack': lambda: torch.stack([x, x]),
 'mean': lambda: x.mean((2, 3)),
 'amax': lambda: x.amax((2, 3)),
 'std': lambda: x.std((2, 3)),
 'var_mean': lambda: torch.var_mean(x, (0, 2, 3))[0],
 'norm': lambda: x.norm(dim=1),
 'normalize': lambda: F.normalize(x, dim=1),
 'cosine': lambda: F.cosine_similarity(x, x.flip(0)),
 'einsum': lambda: torch.einsum('bchw->bhwc', x),
 'expand': lambda: x[:, :1].expand(-1, 3, -1, -1),
 'index': lambda: x[:, [0, 2]],
 'mask': lambda: x[x > 0],
 'where': lambda: torch.where(x > 0, x, 0.),
}
for k, f in ops.items():
    try:
        y = f()
        print(k, y.grad_fn.name() if y.grad_fn is not None else None, type(y.grad_fn).__name__, tuple(y.shape))
    except Exception as e:
        print(k, type(e).__name__, e)
''',
'dtype_mistakes_loader': r'''
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, Dataset
torch.manual_seed(0)
def tr(f):
    try:
        r = f()
        print(r.shape if hasattr(r, 'shape') else r)
    except Exception as e:
        print(type(e).__name__, str(e).replace('\n', ' | '))
conv = nn.Conv2d(3, 4, 3)
tr(lambda: conv(np.zeros((1, 3, 5, 5), dtype=np.float32)))
tr(lambda: conv(torch.randint(0, 255, (1, 3, 5, 5))))
tr(lambda: conv(torch.randint(0, 255, (1, 3, 5, 5), dtype=torch.uint8)))
tr(lambda: conv(torch.zeros(1, 3, 5, 5, dtype=torch.float64)))
tr(lambda: conv(torch.zeros(1, 3, 5, 5, dtype=torch.float16)))
tr(lambda: nn.Linear(4, 2)(torch.zeros(2, 4, dtype=torch.float64)))
tr(lambda: nn.Linear(4, 2)(torch.zeros(2, 4, dtype=torch.long)))
tr(lambda: nn.BatchNorm2d(3)(torch.zeros(2, 3, 4, 4, dtype=torch.float64)))
tr(lambda: nn.BatchNorm2d(3)(torch.zeros(1, 3, 1, 1)))
tr(lambda: nn.BatchNorm2d(3)(torch.zeros(2, 4, 4, 4)))
tr(lambda: nn.BatchNorm2d(3)(torch.zeros(2, 3, 4, 4, dtype=torch.long)))
tr(lambda: nn.MaxPool2d(2)(torch.zeros(1, 3, 4, 4, dtype=torch.uint8)))
tr(lambda: nn.AvgPool2d(2)(torch.zeros(1, 3, 4, 4, dtype=torch.long)))
tr(lambda: nn.AdaptiveAvgPool2d(1)(torch.zeros(1, 3, 4, 4, dtype=torch.long)))
tr(lambda: F.cross_entropy(torch.zeros(2, 3, dtype=torch.float64), torch.tensor([0, 1])).dtype)
tr(lambda: F.cross_entropy(torch.zeros(2, 3), torch.tensor([0, 1], dtype=torch.int32)))
tr(lambda: F.cross_entropy(torch.zeros(2, 3), torch.tensor([0, 1], dtype=torch.uint8)))
tr(lambda: F.cross_entropy(torch.zeros(3), torch.tensor(1)))
tr(lambda: F.cross_entropy(torch.zeros(2, 3), torch.tensor([[0], [1]])))
tr(lambda: F.nll_loss(torch.zeros(2, 3), torch.tensor([0, -1])))
tr(lambda: F.cross_entropy(torch.zeros(2, 3), torch.zeros(2, 3, dtype=torch.float64)))
tr(lambda: nn.MSELoss()(torch.zeros(2, 3), torch.zeros(2, 3, dtype=torch.long)))
tr(lambda: F.one_hot(torch.tensor([0, 3]), 3))
tr(lambda: F.one_hot(torch.tensor([0., 1.])))
tr(lambda: torch.zeros(2, 3).to('cuda'))
tr(lambda: torch.load(__import__('io').BytesIO(b'garbage')))
class DS(Dataset):
    def __len__(self): return 2
    def __getitem__(self, i): return torch.zeros(3, 4 + i, 4)
tr(lambda: next(iter(DataLoader(DS(), batch_size=2))))
class DS2(Dataset):
    def __len__(self): return 2
    def __getitem__(self, i): return {'img': torch.zeros(1, 2, 2), 'label': i, 'name': f'im{i}'}
b = next(iter(DataLoader(DS2(), batch_size=2)))
print(b['label'], b['name'], b['img'].shape)
class DS3(Dataset):
    def __len__(self): return 3
    def __getitem__(self, i): return np.ones((2, 2), dtype=np.uint8) * i, np.float64(i) / 2
xb, yb = next(iter(DataLoader(DS3(), batch_size=3)))
print(xb.dtype, xb.shape, yb, yb.dtype)
''',
'optimizers_zoo': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(0)
x = torch.randn(8, 1, 6, 6); y = torch.randint(0, 3, (8,))
def make():
    torch.manual_seed(1)
    return nn.Sequential(nn.Conv2d(1, 3, 3), nn.BatchNorm2d(3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(12, 3))
for name, ctor in [('SGD', lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, nesterov=True, weight_decay=5e-4)),
                   ('Adam', lambda p: torch.optim.Adam(p, lr=1e-2, amsgrad=True)),
                   ('AdamW', lambda p: torch.optim.AdamW(p, lr=1e-2, weight_decay=0.05)),
                   ('RMSprop', lambda p: torch.optim.RMSprop(p, lr=1e-2, alpha=0.9, momentum=0.5, centered=True)),
                   ('Adagrad', lambda p: torch.optim.Adagrad(p, lr=0.1, lr_decay=0.01)),
                   ('NAdam', lambda p: torch.optim.NAdam(p, lr=1e-2)),
                   ('RAdam', lambda p: torch.optim.RAdam(p, lr=1e-2, decoupled_weight_decay=True, weight_decay=0.01)),
                   ('Adadelta', lambda p: torch.optim.Adadelta(p, lr=1.0)),
                   ('Adamax', lambda p: torch.optim.Adamax(p, lr=1e-2)),
                   ('ASGD', lambda p: torch.optim.ASGD(p, lr=1e-2)),
                   ('Rprop', lambda p: torch.optim.Rprop(p, lr=1e-2))]:
    m = make(); opt = ctor(m.parameters())
    ls = []
    for _ in range(4):
        opt.zero_grad(); l = F.cross_entropy(m(x), y); l.backward(); opt.step(); ls.append(f"{l.item():.4f}")
    st = opt.state_dict()['state'][5]
    print(name, ls, sorted(st.keys()), {k: (v.shape if torch.is_tensor(v) and v.dim() else v) for k, v in st.items()})
m = make(); opt = torch.optim.Adam(m.parameters(), lr=1e-2)
opt.zero_grad(); F.cross_entropy(m(x), y).backward(); opt.step()
print(opt.state_dict()['state'][5]['step'], opt.state_dict()['state'][5]['exp_avg'].shape)
print(opt.state_dict()['param_groups'])
print(opt)
''',
'conv_padding_modes': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(0)
def tr(f):
    try:
        r = f()
        print(r)
    except Exception as e:
        print(type(e).__name__, str(e).replace('\n', ' | ')[:300])
for mode in ['zeros', 'reflect', 'replicate', 'circular']:
    c = nn.Conv2d(2, 2, 3, padding=1, padding_mode=mode)
    x = torch.randn(1, 2, 4, 4, requires_grad=True)
    y = c(x); y.pow(2).sum().backward()
    print(mode, y.grad_fn.name(), c, f"{y.sum():.4f}", f"{x.grad.sum():.2f}", f"{c.weight.grad.sum():.2f}")
    c1 = nn.Conv1d(2, 2, 3, padding='same', padding_mode=mode, dilation=2)
    print(c1, c1(torch.randn(1, 2, 5)).shape)
tr(lambda: nn.Conv2d(2, 2, 3, padding=3, padding_mode='reflect')(torch.randn(1, 2, 3, 3)))
tr(lambda: nn.Conv3d(1, 1, 3, padding=1, padding_mode='replicate')(torch.randn(1, 1, 3, 3, 3)).shape)
tr(lambda: nn.Conv3d(1, 1, 3, padding='same', padding_mode='circular')(torch.randn(1, 1, 3, 3, 3)).shape)
tr(lambda: nn.ConvTranspose2d(2, 2, 3, padding_mode='reflect'))
tr(lambda: nn.Conv2d(2, 2, 3, padding=(1, 2), padding_mode='reflect')(torch.randn(2, 4, 4)).shape)
tr(lambda: nn.Conv2d(2, 2, 4, padding='same', padding_mode='reflect')(torch.randn(1, 2, 5, 5)).shape)
ct = nn.ConvTranspose2d(4, 4, 3, stride=2, padding=1, groups=2, dilation=2, output_padding=1)
print(ct.weight.shape, ct(torch.randn(1, 4, 3, 3)).shape)
tr(lambda: nn.ConvTranspose2d(2, 2, 3, padding='same'))
tr(lambda: nn.Conv2d(2, 2, 3, padding=(1, 1, 1)))
tr(lambda: nn.Conv2d(2, 2, (3, 3, 3)))
tr(lambda: nn.Conv2d(2.0, 2, 3))
tr(lambda: nn.Conv2d(2, 2, 3, bias=None))
tr(lambda: nn.Conv2d(0, 2, 3))
tr(lambda: nn.Conv2d(2, 3, 3, groups=0))
w = nn.Conv2d(1, 1, 2, bias=False)
with torch.no_grad(): w.weight.copy_(torch.tensor([[[[1., 2.], [3., 4.]]]]))
print(w(torch.arange(9.).view(1, 1, 3, 3)))
print(w.weight.data, w.weight.data.requires_grad, w.in_channels, w.kernel_size, w.stride, w.padding, w.dilation, w.groups, w.transposed, w.output_padding, w.padding_mode, w._reversed_padding_repeated_twice)
print(nn.Conv2d(1, 1, 3, padding='same')._reversed_padding_repeated_twice, nn.Conv2d(1, 1, 4, padding='same', dilation=1)._reversed_padding_repeated_twice)
''',
'image_tensor_printing': r'''
import torch
import torch.nn as nn
torch.manual_seed(0)
img = (torch.rand(3, 32, 32) * 255).to(torch.uint8)
print(img)
print(img.float() / 255)
print(img > 128)
print(torch.randn(2, 2, 3, requires_grad=True) * 2)
print(nn.Conv2d(1, 1, 2).weight)
x = torch.randn(1, 2, 3, 3).to(memory_format=torch.channels_last)
print(x)
torch.set_printoptions(linewidth=40)
print(torch.randn(3, 8))
torch.set_printoptions(precision=6, linewidth=80)
print(torch.randn(2, 3) * 1e-3)
print(torch.tensor([123456.789, 0.001]))
torch.set_printoptions(profile='short')
print(torch.randn(3, 3), torch.arange(2000))
torch.set_printoptions(profile='full')
print(torch.arange(30).view(3, 10) * 37)
torch.set_printoptions(profile='default')
print(torch.tensor([[1e-5, 1.0], [100.0, -2.5]]), torch.tensor([0.1, 1e5]), torch.tensor([1.0, 2.0]).half() * 1000)
print(torch.tensor([-1, 200, -3000], dtype=torch.int16), torch.tensor([True]), torch.tensor([], dtype=torch.long))
print(torch.zeros(2, 3, dtype=torch.complex64) + 1j, torch.tensor(2.5, dtype=torch.float64), torch.tensor([1.5]).double())
''',
'hook_details': r'''
import torch
import torch.nn as nn
torch.manual_seed(0)
def tr(f):
    try:
        r = f()
        print(r)
    except Exception as e:
        print(type(e).__name__, str(e).replace('\n', ' | ')[:400])
model = nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU(inplace=True), nn.Conv2d(2, 2, 1))
h = model[0].register_full_backward_hook(lambda m, gi, go: print('bwd', [g.shape if g is not None else None for g in gi]))
x = torch.randn(1, 1, 4, 4, requires_grad=True)
tr(lambda: model(x).sum().backward())
h.remove()
h = model[1].register_full_backward_hook(lambda m, gi, go: None)
tr(lambda: model(x).sum().backward())
h.remove()
def fh(m, args, kwargs, out):
    print('kw', type(m).__name__, len(args), kwargs)
    return out * 2
h = model[2].register_forward_hook(fh, with_kwargs=True)
print(f"{model(x).sum():.4f}")
h.remove()
order = []
model[2].register_forward_hook(lambda m, i, o: order.append('a'))
model[2].register_forward_hook(lambda m, i, o: order.append('b'), prepend=True)
model[2].register_forward_pre_hook(lambda m, i: order.append('pre'))
model(x)
print(order, len(model[2]._forward_hooks), len(model[2]._forward_pre_hooks))
g = nn.modules.module.register_module_forward_hook(lambda m, i, o: order.append(type(m).__name__))
order.clear(); model(x); print(order)
g.remove()
def bad_hook(m, i, o):
    return (o, o)
h = model[0].register_forward_hook(bad_hook)
tr(lambda: model(x))
h.remove()
def pre_replace(m, inp):
    return inp[0] + 1
model[0].register_forward_pre_hook(pre_replace)
print(model(x).shape)
gr = []
t = model[0](x)
t.register_hook(lambda g: g * 0)
t.register_hook(lambda g: gr.append(g.abs().sum().item()))
t.sum().backward()
print(gr, x.grad.abs().sum().item())
tr(lambda: torch.zeros(2).register_hook(lambda g: g))
m2 = nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU(), nn.Conv2d(2, 2, 1))
hb = m2[2].register_full_backward_pre_hook(lambda m, go: print('bpre', len(go), go[0].shape))
m2(x).sum().backward()
''',
'data_utilities': r'''
import torch
from torch.utils.data import TensorDataset, DataLoader, random_split, Subset, ConcatDataset, SubsetRandomSampler, default_collate
def tr(f):
    try:
        r = f()
        print(r)
    except Exception as e:
        print(type(e).__name__, str(e).replace('\n', ' | ')[:400])
torch.manual_seed(0)
X = torch.rand(10, 1, 2, 2); Y = torch.arange(10) % 2
ds = TensorDataset(X, Y)
tr(lambda: TensorDataset(X, Y[:5]))
a, b, c = random_split(ds, [0.5, 0.3, 0.2], generator=torch.Generator().manual_seed(42))
print(len(a), len(b), len(c), a.indices, b.indices, c.indices)
tr(lambda: random_split(ds, [5, 4]))
tr(lambda: random_split(ds, [0.5, 0.6]))
sub = Subset(ds, [1, 3, 5])
print(len(sub), sub[1][1], len(ConcatDataset([sub, ds])), ConcatDataset([sub, ds])[4][1], ConcatDataset([sub, ds]).cumulative_sizes)
dl = DataLoader(ds, batch_size=4, sampler=SubsetRandomSampler([0, 2, 4, 6, 8], generator=torch.Generator().manual_seed(1)))
for xb, yb in dl:
    print(xb.shape, yb)
dl = DataLoader(ds, batch_size=4, shuffle=True, generator=torch.Generator().manual_seed(3))
print([yb.tolist() for _, yb in dl], len(dl), len(dl.dataset), dl.batch_size)
print(default_collate([(1, 2.0, 'a'), (3, 4.0, 'b')]))
print(default_collate([{'x': torch.ones(2)}, {'x': torch.zeros(2)}]))
tr(lambda: default_collate([object(), object()]))
tr(lambda: DataLoader(ds, batch_size=0))
tr(lambda: DataLoader(ds, shuffle=True, sampler=SubsetRandomSampler([0])))
tr(lambda: ds[20])
torch.manual_seed(5)
print([b[1].tolist() for b in DataLoader(ds, batch_size=5, shuffle=True)])
print(list(torch.utils.data.BatchSampler(range(7), 3, drop_last=False)))
print(list(torch.utils.data.RandomSampler(range(5), generator=torch.Generator().manual_seed(0))))
''',
'state_dict_loading_edges': r'''
import torch
import torch.nn as nn
from collections import OrderedDict
def tr(f):
    try:
        r = f()
        print(r)
    except Exception as e:
        print(type(e).__name__, str(e).replace('\n', ' | ')[:400])
torch.manual_seed(0)
m = nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2))
m(torch.randn(2, 1, 4, 4))
sd = m.state_dict()
print(hasattr(sd, '_metadata'), sd._metadata)
old = {k: v for k, v in sd.items() if 'num_batches' not in k}
m2 = nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2))
tr(lambda: m2.load_state_dict(old))
print(m2[1].num_batches_tracked)
old2 = OrderedDict((k, v) for k, v in sd.items() if 'num_batches' not in k)
old2._metadata = sd._metadata
tr(lambda: m2.load_state_dict(old2))
renamed = {'module.' + k: v for k, v in sd.items()}
tr(lambda: m2.load_state_dict(renamed))
tr(lambda: m2.load_state_dict({k.replace('module.', ''): v for k, v in renamed.items()}))
tr(lambda: m2.load_state_dict(sd, assign=True))
print(m2[0].weight is sd['0.weight'], type(m2[0].weight).__name__)
tr(lambda: m2[1].load_state_dict({'weight': torch.ones(2)}, strict=False))
tr(lambda: m2.load_state_dict({'0.weight': torch.ones(2, 1, 3, 3).double()}, strict=False))
print(m2[0].weight.dtype, m2[0].weight.sum())
tr(lambda: m2.load_state_dict([1, 2]))
tr(lambda: m2.load_state_dict({'1.running_mean': torch.ones(3)}, strict=False))
bn = nn.BatchNorm2d(2)
bn(torch.randn(2, 2, 1, 1))
print(bn.running_var, bn.running_mean)
tr(lambda: nn.BatchNorm2d(2)(torch.randn(1, 2, 1, 1)))
bn3 = nn.BatchNorm2d(2); bn3(torch.randn(1, 2, 2, 1)); print(bn3.running_var)
''',
'backend_flags_compile': r'''
import torch
import torch.nn as nn
torch.manual_seed(0)
def tr(f):
    try:
        r = f()
        print(r)
    except Exception as e:
        print(type(e).__name__, str(e).replace('\n', ' | ')[:300])
m = nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU())
tr(lambda: torch.compile(m)(torch.ones(1, 1, 3, 3)).shape)
x = torch.randn(2, 3, 4, 4)
tr(lambda: torch.backends.cudnn.benchmark)
torch.backends.cudnn.benchmark = True
tr(lambda: (torch.backends.cudnn.benchmark, torch.backends.cudnn.enabled, torch.backends.cudnn.is_available(), torch.backends.mps.is_available()))
tr(lambda: torch.use_deterministic_algorithms(True) or torch.are_deterministic_algorithms_enabled())
tr(lambda: torch.get_num_threads() > 0)
tr(lambda: torch.cuda.device_count())
tr(lambda: torch.get_default_dtype())
tr(lambda: torch.initial_seed())
tr(lambda: torch.__version__[:4])
with torch.autocast('cpu', dtype=torch.bfloat16, enabled=False):
    tr(lambda: m(torch.ones(1, 1, 3, 3)).dtype)
tr(lambda: torch.amp.GradScaler(enabled=False).scale(torch.tensor(2.)))
tr(lambda: torch.cuda.amp.GradScaler(enabled=False).is_enabled())
torch.use_deterministic_algorithms(False)
torch.backends.cudnn.benchmark = False
''',
'random_augment_ops': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
def tr(f):
    try:
        r = f()
        print(r)
    except Exception as e:
        print(type(e).__name__, str(e).replace('\n', ' | ')[:400])
torch.manual_seed(0)
x = torch.arange(36.).view(1, 1, 6, 6)
print(nn.FractionalMaxPool2d(2, output_size=3)(x))
print(nn.FractionalMaxPool2d(2, output_ratio=0.5, return_indices=True)(x)[1])
print(F.fractional_max_pool2d(x, 3, output_size=(2, 3), _random_samples=torch.tensor([[[0.3, 0.7]]])))
tr(lambda: nn.FractionalMaxPool2d(2))
print(F.dropout2d(torch.ones(2, 3, 4), 0.5))
print(F.dropout2d(torch.ones(2, 3, 2, 2), 0.5)[:, :, 0, 0])
print(F.dropout3d(torch.ones(1, 4, 1, 1, 1), 0.5).flatten())
print(F.alpha_dropout(torch.ones(6), 0.5, training=True))
print(F.feature_alpha_dropout(torch.ones(1, 4, 1, 1), 0.5, training=True).flatten())
print(torch.normal(torch.tensor([0., 10.]), torch.tensor([1., 0.1])))
print(torch.bernoulli(torch.full((2, 3), 0.5)), torch.multinomial(torch.tensor([0.1, 0.2, 0.7]), 4, replacement=True))
g = torch.Generator().manual_seed(7)
print(torch.randint(0, 10, (3,), generator=g), torch.rand(2, generator=g), torch.randperm(5, generator=g))
img = torch.rand(3, 6, 6)
area = 36 * torch.empty(1).uniform_(0.1, 0.3).item()
ratio = torch.exp(torch.empty(1).uniform_(-1.2, 1.2)).item()
h = int(round((area * ratio) ** 0.5)); w = int(round((area / ratio) ** 0.5))
i = torch.randint(0, 6 - h + 1, size=(1,)).item(); j = torch.randint(0, 6 - w + 1, size=(1,)).item()
img[:, i:i + h, j:j + w] = torch.empty((3, h, w), dtype=torch.float32).normal_()
print(h, w, i, j, f"{img.sum():.4f}")
print(torch.rand(2, 2).uniform_(-1, 1), torch.empty(3).exponential_(), torch.empty(3).geometric_(0.5), torch.empty(2).log_normal_(), torch.empty(2).cauchy_())
''',
'class_introspection': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
m = nn.Sequential(nn.Conv2d(1, 1, 1))
opt = torch.optim.Adam(m.parameters())
s = torch.optim.lr_scheduler.StepLR(opt, 1)
for o in [type(torch.zeros(1)), type(m), type(m[0]), type(m[0].weight), type(opt), type(s), torch.float32, type(torch.float32), torch.Size, type(torch.Size([1])),
          nn.Conv2d.__module__, nn.Sequential.__module__, torch.Tensor.__module__, type(m.state_dict()), type(torch.device('cpu')),
          type(torch.zeros(2).max(0)), torch.zeros(2).max(0).__class__.__module__, type(torch.no_grad()), type(torch.manual_seed(0)), type(m.parameters()), type(m.named_modules()),
          type(torch.utils.data.DataLoader([1])), type(iter(torch.utils.data.DataLoader([1]))), type(torch.nn.utils.clip_grad_norm_), type(torch.zeros(2).shape), torch.nn.Module, torch.autograd.Function, type(torch.zeros(1, requires_grad=True).sum().grad_fn)]:
    print(o)
print(str(m[0].__class__).split(".")[-1].split("'")[0], m[0].__class__.__name__, m[0].__class__.__qualname__)
print(F.conv2d.__name__, torch.relu.__name__, torch.Tensor.relu.__name__)
print(torch.zeros(2).max(0))
print(type(F).__name__)
''',
'loss_shape_mistakes': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
def tr(f):
    try:
        r = f()
        print(r)
    except Exception as e:
        print(type(e).__name__, str(e).replace('\n', ' | ')[:400])
torch.manual_seed(0)
out = torch.randn(4, 10, 1, 1); y = torch.randint(0, 10, (4,))
tr(lambda: F.cross_entropy(out, y))
tr(lambda: F.cross_entropy(out.squeeze(), y).shape)
tr(lambda: F.cross_entropy(torch.randn(1, 10, 1, 1).squeeze(), torch.tensor([3])))
tr(lambda: F.cross_entropy(torch.randn(4, 10), y.float()))
tr(lambda: F.cross_entropy(torch.randn(4, 10), y.view(4, 1)))
tr(lambda: F.cross_entropy(torch.randn(4, 10), y[:3]))
tr(lambda: F.nll_loss(torch.randn(4, 10, 2), torch.zeros(4, 3, dtype=torch.long)))
tr(lambda: F.mse_loss(torch.randn(4, 1), torch.randn(4)))
tr(lambda: F.l1_loss(torch.randn(4, 1), torch.randn(4)).shape)
tr(lambda: nn.BCELoss()(torch.sigmoid(torch.randn(4, 1)), torch.ones(4)))
tr(lambda: nn.BCEWithLogitsLoss()(torch.randn(4, 1), torch.ones(4)))
tr(lambda: nn.BCEWithLogitsLoss()(torch.randn(4), torch.ones(4, dtype=torch.long)))
tr(lambda: nn.CrossEntropyLoss()(torch.randn(4, 3), torch.tensor([0, 1, 2, 3])))
tr(lambda: nn.CrossEntropyLoss()(torch.randn(4, 3), torch.tensor([0, 1, 2, -5])))
tr(lambda: nn.NLLLoss()(torch.randn(4, 3), torch.tensor([0, 1, 2, 3])))
tr(lambda: nn.CrossEntropyLoss(weight=torch.ones(4))(torch.randn(4, 3), torch.tensor([0, 1, 2, 1])))
tr(lambda: nn.CrossEntropyLoss(label_smoothing=1.5)(torch.randn(4, 3), torch.tensor([0, 1, 2, 1])))
tr(lambda: nn.CrossEntropyLoss(reduction='avg')(torch.randn(4, 3), torch.tensor([0, 1, 2, 1])))
tr(lambda: nn.CrossEntropyLoss()(torch.randn(4, 3), torch.rand(4, 3)).shape)
tr(lambda: nn.CrossEntropyLoss(ignore_index=0)(torch.randn(4, 3), torch.softmax(torch.randn(4, 3), 1)))
tr(lambda: nn.KLDivLoss()(torch.randn(2, 3), torch.rand(2, 3)).shape)
tr(lambda: nn.MSELoss()(torch.randn(2, 3, requires_grad=True), torch.randn(2, 3, requires_grad=True)).grad_fn.name())
tr(lambda: nn.HuberLoss(delta=0)(torch.randn(2), torch.randn(2)))
tr(lambda: nn.SmoothL1Loss(beta=-1)(torch.randn(2), torch.randn(2)))
tr(lambda: nn.TripletMarginLoss()(torch.randn(2, 4), torch.randn(2, 4), torch.randn(3, 4)))
tr(lambda: nn.MultiLabelSoftMarginLoss()(torch.randn(2, 4), torch.ones(2, 4)).shape)
tr(lambda: nn.CosineEmbeddingLoss()(torch.randn(2, 4), torch.randn(2, 4), torch.tensor([1, 2])))
''',
'conv_transpose_lazy': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
def tr(f):
    try:
        r = f()
        print(r)
    except Exception as e:
        print(type(e).__name__, str(e).replace('\n', ' | ')[:400])
torch.manual_seed(0)
ct = nn.ConvTranspose2d(2, 1, 3, stride=2, padding=1)
x = torch.randn(1, 2, 4, 4)
tr(lambda: ct(x, output_size=(1, 1, 8, 8)).shape)
tr(lambda: ct(x, output_size=torch.Size([8, 7])).shape)
tr(lambda: ct(x, output_size=[8]).shape)
tr(lambda: ct(x, output_size=[6, 6]).shape)
tr(lambda: ct(x, output_size=[9, 9]).shape)
tr(lambda: ct(x[0], output_size=[8, 8]).shape)
tr(lambda: ct(torch.randn(1, 3, 4, 4)))
tr(lambda: nn.ConvTranspose1d(2, 1, 3, stride=3)(torch.randn(1, 2, 4), output_size=[12]).shape)
tr(lambda: nn.ConvTranspose2d(2, 1, 3, output_padding=1))
tr(lambda: nn.ConvTranspose2d(2, 1, 3, output_padding=1)(x))
tr(lambda: nn.ConvTranspose2d(2, 1, 3, stride=2, output_padding=2)(x))
tr(lambda: nn.ConvTranspose2d(2, 1, 3, stride=2, dilation=3, output_padding=2)(x).shape)
tr(lambda: nn.ConvTranspose3d(2, 1, 2, stride=2)(torch.randn(1, 2, 2, 2, 2)).shape)
tr(lambda: F.conv_transpose2d(x, torch.randn(2, 1, 3, 3), groups=2).round(decimals=2))
tr(lambda: F.conv_transpose2d(x, torch.randn(2, 1, 3, 3), bias=torch.zeros(2)))
tr(lambda: F.conv_transpose2d(x, torch.randn(2, 1, 3, 3), padding=5))
tr(lambda: F.conv_transpose2d(x, torch.randn(2, 1, 3, 3), padding='same'))
tr(lambda: nn.LazyConv2d(4, 3))
lc = nn.LazyConv2d(4, 3)
tr(lambda: lc(torch.randn(1, 5, 6, 6)).shape)
print(lc, lc.weight.shape, type(lc).__name__)
ll = nn.LazyLinear(3); ll(torch.randn(2, 7)); print(ll, type(ll).__name__)
lb = nn.LazyBatchNorm2d(); lb(torch.randn(2, 3, 2, 2)); print(lb, lb.running_mean.shape)
print(nn.Sequential(nn.LazyConv2d(2, 3), nn.LazyLinear(1)))
''',
}


ember_outputs, torch_outputs, test_program_matches_pytorch = program_tests(PROGRAMS, quiet_warnings=True)


# ---------------------------------------------------------------- unit tests for the fixes the probe led to
def _zero_kernel_errors(lib):
    """The messages of convolutions whose weight has a zero-size kernel dimension."""
    F = lib.nn.functional
    z = lib.zeros
    cases = [
        lambda: lib.nn.Conv2d(3, 8, 0)(z(1, 3, 4, 4)),
        lambda: F.conv1d(z(1, 3, 4), z(8, 3, 0)),
        lambda: F.conv2d(z(1, 3, 4, 4), z(8, 3, 0, 2).double()),   # before the dtype check
        lambda: F.conv2d(z(1, 3, 4, 4).long(), z(8, 3, 2, 0).long()),
        lambda: F.conv3d(z(1, 3, 4, 4, 4), z(8, 3, 2, 0, 2)),
        lambda: F.conv_transpose1d(z(1, 3, 4), z(3, 2, 0)),
        lambda: F.conv_transpose2d(z(1, 3, 1, 1), z(3, 2, 0, 2), output_padding=1),   # before output_padding
        lambda: F.conv_transpose3d(z(1, 3, 2, 2, 2), z(3, 2, 0, 2, 2)),
    ]
    out = []
    for case in cases:
        with pytest.raises(RuntimeError) as info:
            case()
        out.append(str(info.value))
    return out


def test_zero_kernel_conv_errors_golden():
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        got = _zero_kernel_errors(ember)
    assert got == [
        "kernel size should be greater than zero, but got kernel_height: 0 kernel_width: 0",
        "kernel size should be greater than zero, but got kernel_height: 1 kernel_width: 0",
        "kernel size should be greater than zero, but got kernel_height: 0 kernel_width: 2",
        "kernel size should be greater than zero, but got kernel_height: 2 kernel_width: 0",
        "kernel size should be greater than zero, but got: 2 x 0 x 2 (TxHxW)",
        "kernel size should be greater than zero, but got kernel_height: 1 kernel_width: 0",
        "kernel size should be greater than zero, but got kernel_height: 0 kernel_width: 2",
        "non-empty 5D (n_output_plane x n_input_plane x kernel_depth x kernel_height x kernel_width) tensor "
        "expected for weight, but got: [3, 2, 0, 2, 2]",
    ]


def test_zero_kernel_conv_errors_match_pytorch():
    torch = pytest.importorskip("torch")
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert _zero_kernel_errors(ember) == _zero_kernel_errors(torch)


def _channels_last_conv_strides(lib):
    """Output strides of CPU convolutions whose input or weight suggests the channels-last format, and of
    a module converted with ``Module.to(memory_format=...)``."""
    F = lib.nn.functional
    lib.manual_seed(0)
    x = lib.randn(2, 3, 4, 5)
    cl = x.contiguous(memory_format=lib.channels_last)
    w = lib.randn(2, 3, 3, 3)
    out = [F.conv2d(cl, w).stride(), F.conv2d(cl, w, padding=1, stride=2).stride(),
           F.conv2d(x, w.contiguous(memory_format=lib.channels_last)).stride(), F.conv2d(x, w).stride(),
           F.conv2d(x.permute(0, 1, 3, 2), w).stride(), F.conv_transpose2d(cl, w.transpose(0, 1)).stride()]
    m = lib.nn.Conv2d(3, 2, 3).to(memory_format=lib.channels_last)
    out += [m.weight.stride(), type(m.weight).__name__, m.bias.stride(), m(x).stride()]
    return out


def test_channels_last_conv_strides_golden():
    assert _channels_last_conv_strides(ember) == [
        (12, 1, 6, 2), (12, 1, 6, 2), (12, 1, 6, 2), (12, 6, 3, 1), (12, 6, 2, 1), (84, 1, 14, 2),
        (27, 1, 9, 3), "Parameter", (1,), (12, 1, 6, 2)]


def test_channels_last_conv_strides_match_pytorch():
    torch = pytest.importorskip("torch")
    assert _channels_last_conv_strides(ember) == _channels_last_conv_strides(torch)
