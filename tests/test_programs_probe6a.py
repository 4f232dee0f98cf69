"""Tutorial and course classics (program probe 6a), run under ``python -m ember run`` and under PyTorch 2.13;
stdout must match exactly.

The programs follow the official PyTorch tutorials and introductory deep-learning courses: tensor basics and
printing (print options, summarization), autograd walkthroughs (``grad_fn``/``next_functions``, higher-order
gradients, ``autograd.functional``), module trees and their reprs, optimizer and scheduler prints, data loading,
small regression and classification loops, indexing/shape/broadcasting tours, NumPy interop and in-place
version-counter errors.
"""
from __future__ import annotations

import pytest
from program_runner import program_tests, raises_exactly

import ember

PROGRAMS = {
    'tensor_basics_tour': r'''
import torch
torch.manual_seed(0)
data = [[1, 2], [3, 4]]
x_data = torch.tensor(data)
print(x_data, x_data.dtype)
x_ones = torch.ones_like(x_data)
print(f"Ones Tensor: \n {x_ones} \n")
x_rand = torch.rand_like(x_data, dtype=torch.float)
print(f"Random Tensor: \n {x_rand} \n")
shape = (2, 3,)
print(torch.rand(shape)); print(torch.ones(shape)); print(torch.zeros(shape))
tensor = torch.rand(3, 4)
print(f"Shape of tensor: {tensor.shape}")
print(f"Datatype of tensor: {tensor.dtype}")
print(f"Device tensor is stored on: {tensor.device}")
print(torch.tensor(3.5), torch.tensor(7), torch.tensor(True), torch.tensor([]))
print(torch.tensor([1e-8, 1.0, 1e8]))
print(torch.tensor([0.001, 0.01, 1000.0]))
print(torch.tensor([1.5, -2.25, 3.0], dtype=torch.float64))
print(torch.tensor([100000.0, 2.0]), torch.tensor([123456789.0]))
print(torch.tensor([1, -2, 100], dtype=torch.int8))
print(torch.tensor([[True, False], [False, True]]))
print(torch.arange(10), torch.arange(1, 4, 0.5), torch.linspace(0, 1, 5))
print(torch.logspace(0, 3, 4), torch.eye(3), torch.full((2, 2), 7.0))
print(torch.empty(0, 3), torch.zeros(2, 0), torch.tensor([[]]))
print(torch.tensor([float('nan'), float('inf'), -float('inf'), 1.0]))
print(torch.tensor([1.0, 2.0], dtype=torch.float16), torch.tensor([1.25], dtype=torch.float16) * 3)
print(torch.tensor([2, 3], dtype=torch.uint8) * 100)
t = torch.ones(4, 4)
t[:, 1] = 0
print(f"First row: {t[0]}")
print(f"First column: {t[:, 0]}")
print(f"Last column: {t[..., -1]}")
print(t)
t1 = torch.cat([t, t, t], dim=1)
print(t1)
y1 = tensor @ tensor.T
y2 = tensor.matmul(tensor.T)
y3 = torch.rand_like(y1)
torch.matmul(tensor, tensor.T, out=y3)
print(torch.equal(y1, y3), (y1 - y2).abs().max().item() < 1e-6)
z1 = tensor * tensor
agg = tensor.sum()
agg_item = agg.item()
print(round(agg_item, 4), type(agg_item))
print(f"{tensor} \n")
tensor.add_(5)
print(tensor)
''',
    'printoptions_tour': r'''
import torch
torch.manual_seed(1)
x = torch.randn(4, 5) * 1000
print(x)
torch.set_printoptions(precision=2)
print(x)
torch.set_printoptions(sci_mode=True)
print(x[:2])
torch.set_printoptions(sci_mode=False, precision=6)
print(torch.tensor([1e-5, 3.0, 12345.678]))
torch.set_printoptions(precision=4, sci_mode=None)
print(torch.tensor([1e-5, 3.0, 12345.678]))
big = torch.arange(2000).reshape(40, 50)
print(big)
torch.set_printoptions(threshold=10, edgeitems=2)
print(torch.arange(30.0))
print(big)
torch.set_printoptions(profile="full")
print(torch.arange(30))
torch.set_printoptions(profile="short")
print(torch.randn(5, 5))
torch.set_printoptions(profile="default")
torch.set_printoptions(linewidth=40)
print(torch.randn(3, 9))
torch.set_printoptions(linewidth=80)
print(torch.randn(2, 3, 4))
print(torch.randn(1002) .shape, torch.arange(1002.0))
torch.set_printoptions(threshold=5)
print(torch.tensor([[True, False, True, True, False, True, False]]))
print(torch.arange(12, dtype=torch.int64).reshape(2, 6) * 1000000)
torch.set_printoptions(profile="default")
print(torch.tensor([0.1, 0.25, 1e10]), torch.tensor([-0.0, 0.0]))
print(torch.tensor(1e-20), torch.tensor(123456.0), torch.tensor(-3.14159265, dtype=torch.float64))
''',
    'autograd_walkthrough': r'''
import torch
torch.manual_seed(0)
x = torch.ones(5)
y = torch.zeros(3)
w = torch.randn(5, 3, requires_grad=True)
b = torch.randn(3, requires_grad=True)
z = torch.matmul(x, w) + b
loss = torch.nn.functional.binary_cross_entropy_with_logits(z, y)
print(f"Gradient function for z = {z.grad_fn}".split(" object")[0])
print(f"Gradient function for loss = {type(loss.grad_fn).__name__}")
print(type(z.grad_fn).__name__, [type(f[0]).__name__ if f[0] is not None else None for f in z.grad_fn.next_functions])
print([(type(f).__name__, i) for f, i in z.grad_fn.next_functions[0][0].next_functions])
loss.backward()
print(w.grad)
print(b.grad)
print(loss)
z = torch.matmul(x, w) + b
print(z.requires_grad)
with torch.no_grad():
    z = torch.matmul(x, w) + b
print(z.requires_grad, z.grad_fn)
z_det = (torch.matmul(x, w) + b).detach()
print(z_det.requires_grad, z_det.is_leaf)
inp = torch.eye(4, 5, requires_grad=True)
out = (inp + 1).pow(2).t()
out.backward(torch.ones_like(out), retain_graph=True)
print(f"First call\n{inp.grad}")
out.backward(torch.ones_like(out), retain_graph=True)
print(f"\nSecond call\n{inp.grad}")
inp.grad.zero_()
out.backward(torch.ones_like(out), retain_graph=True)
print(f"\nCall after zeroing gradients\n{inp.grad}")
a = torch.tensor([2.0, 3.0], requires_grad=True)
c = a * a
c.retain_grad()
d = c.sum() * 2
d.backward()
print(a.is_leaf, c.is_leaf, d.is_leaf, c.grad, a.grad)
print(d.grad_fn.name(), c.grad_fn.name())
with torch.inference_mode():
    e = a * 2
print(e.requires_grad, e.is_inference(), a.is_inference())
try:
    d.backward()
except RuntimeError as err:
    print("RuntimeError:", str(err)[:90])
f = torch.tensor(1.0, requires_grad=True)
g = f * 3
g.backward()
print(f.grad, g, g.item())
''',
    'higher_order_grads': r'''
import torch
from torch.autograd.functional import jacobian, hessian, vjp, jvp, hvp
x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = (x ** 3).sum()
g, = torch.autograd.grad(y, x, create_graph=True)
print(g, g.grad_fn.name())
g2, = torch.autograd.grad(g.sum(), x, create_graph=True)
print(g2)
g3, = torch.autograd.grad(g2.sum(), x)
print(g3)
t = torch.tensor(0.5, requires_grad=True)
f = torch.sin(t)
derivs = []
cur = f
for i in range(4):
    cur, = torch.autograd.grad(cur, t, create_graph=True)
    derivs.append(round(cur.item(), 6))
print(derivs)
def fn(v):
    return torch.stack([v[0] * v[1], v[0] ** 2 + torch.exp(v[1]), torch.sin(v[0])])
v = torch.tensor([0.5, -1.0])
J = jacobian(fn, v)
print(J)
def scalar(v):
    return (v[0] ** 2) * v[1] + v[1] ** 3
H = hessian(scalar, v)
print(H)
out, vj = vjp(fn, v, torch.ones(3))
print(out, vj)
out2, jv = jvp(fn, v, torch.tensor([1.0, 0.0]))
print(jv)
_, hv = hvp(scalar, v, torch.tensor([1.0, 1.0]))
print(hv)
def two(a, b):
    return a * b + a.exp()
Ja, Jb = jacobian(two, (torch.tensor([1.0, 2.0]), torch.tensor([3.0, 4.0])))
print(Ja); print(Jb)
w = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
loss = (w @ w).trace()
gw, = torch.autograd.grad(loss, w, create_graph=True)
print(gw)
pen = gw.pow(2).sum()
pen.backward()
print(w.grad)
print(torch.autograd.grad((x * 2).sum(), x, retain_graph=True))
print(torch.autograd.grad([(x * 2).sum(), (x * x).sum()], [x]))
''',
    'module_tree_repr': r'''
import torch
from torch import nn
torch.manual_seed(0)
class Scale(nn.Module):
    def __init__(self, factor, learnable=False):
        super().__init__()
        self.factor = factor
        self.learnable = learnable
        if learnable:
            self.weight = nn.Parameter(torch.tensor(float(factor)))
    def extra_repr(self):
        return f"factor={self.factor}, learnable={self.learnable}"
    def forward(self, x):
        return x * (self.weight if self.learnable else self.factor)
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), Scale(0.5))
        self.blocks = nn.ModuleList([nn.Sequential(nn.Linear(8, 8), nn.Tanh()) for _ in range(2)])
        self.heads = nn.ModuleDict({"cls": nn.Linear(8, 3), "reg": nn.Sequential(nn.Linear(8, 1), Scale(2, True))})
        self.register_buffer("steps", torch.tensor(0))
        self.empty = nn.Sequential()
    def forward(self, x):
        x = self.stem(x)
        for blk in self.blocks:
            x = x + blk(x)
        return {k: h(x) for k, h in self.heads.items()}
net = Net()
print(net)
print(sum(p.numel() for p in net.parameters()), sum(p.numel() for p in net.parameters() if p.requires_grad))
for name, p in net.named_parameters():
    print(f"{name:28s} {tuple(p.shape)} {p.requires_grad}")
sd = net.state_dict()
print(list(sd.keys()))
print({k: list(v.shape) for k, v in sd.items()})
print([n for n, _ in net.named_modules()])
print([type(m).__name__ for m in net.children()])
print(net.heads["reg"][1], net.blocks[1][0])
out = net(torch.randn(2, 4))
print({k: v.shape for k, v in out.items()})
print(net.heads.keys(), len(net.blocks))
print(nn.Sequential(nn.Conv2d(1, 6, 5), nn.MaxPool2d(2), nn.Flatten(), nn.Dropout(0.25), nn.LazyLinear(10)))
print(nn.Linear(3, 2, bias=False), nn.Embedding(10, 3, padding_idx=0), nn.LSTM(4, 8, num_layers=2, batch_first=True))
print(nn.BatchNorm1d(4), nn.LayerNorm([4, 5]), nn.GELU(approximate="tanh"), nn.Softmax(dim=-1), nn.LeakyReLU(0.1))
seq = nn.Sequential()
seq.add_module("fc", nn.Linear(2, 2))
seq.append(nn.Sigmoid())
print(seq, seq[-1], seq[0:1])
''',
    'optimizer_printing': r'''
import torch
from torch import nn, optim
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 1))
opt = optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
print(opt)
opt2 = optim.Adam([{"params": model[0].parameters()}, {"params": model[2].parameters(), "lr": 1e-2}], lr=1e-3, weight_decay=1e-4)
print(opt2)
x, y = torch.randn(8, 3), torch.randn(8, 1)
for step in range(3):
    for o in (opt, opt2):
        o.zero_grad()
        loss = nn.functional.mse_loss(model(x), y)
        loss.backward()
        o.step()
sd = opt.state_dict()
print(sd.keys(), sd["param_groups"])
print({k: list(v.keys()) for k, v in sd["state"].items()})
print(sd["state"][1]["momentum_buffer"].shape)
sd2 = opt2.state_dict()
print(sd2["param_groups"][1])
print(sd2["state"][0]["step"], sorted(sd2["state"][0].keys()))
print(opt2.param_groups[0]["lr"], len(opt2.param_groups), [len(g["params"]) for g in opt2.param_groups])
opt3 = optim.RMSprop(model.parameters(), lr=0.01, alpha=0.9)
print(opt3)
opt4 = optim.AdamW(model.parameters(), amsgrad=True)
print(opt4)
opt5 = optim.Adagrad(model.parameters())
opt5.add_param_group({"params": [nn.Parameter(torch.zeros(2))], "lr": 0.5})
print(opt5)
print(optim.SGD(model.parameters(), lr=0.01, nesterov=True, momentum=0.5, dampening=0).defaults)
model[0].weight.grad = None
print(model[0].weight.grad, model[2].bias.grad is not None)
opt.zero_grad()
print(model[2].bias.grad)
''',
    'scheduler_lr_trace': r'''
import torch
from torch import nn, optim
from torch.optim import lr_scheduler as S
p = [nn.Parameter(torch.zeros(1))]
def trace(make, n=8, **kw):
    opt = optim.SGD(p, lr=0.1, momentum=0.9)
    sch = make(opt)
    out = []
    for _ in range(n):
        opt.step()
        sch.step()
        out.append(round(sch.get_last_lr()[0], 6))
    print(type(sch).__name__, out)
trace(lambda o: S.StepLR(o, step_size=3, gamma=0.5))
trace(lambda o: S.MultiStepLR(o, milestones=[2, 5], gamma=0.1))
trace(lambda o: S.ExponentialLR(o, gamma=0.9))
trace(lambda o: S.CosineAnnealingLR(o, T_max=6, eta_min=0.01))
trace(lambda o: S.LambdaLR(o, lambda e: 1.0 / (e + 1)))
trace(lambda o: S.LinearLR(o, start_factor=0.25, total_iters=4))
trace(lambda o: S.ConstantLR(o, factor=0.5, total_iters=3))
trace(lambda o: S.PolynomialLR(o, total_iters=6, power=2.0))
trace(lambda o: S.OneCycleLR(o, max_lr=1.0, total_steps=10), n=9)
trace(lambda o: S.CyclicLR(o, base_lr=0.01, max_lr=0.1, step_size_up=3), n=8)
trace(lambda o: S.CosineAnnealingWarmRestarts(o, T_0=3, T_mult=2), n=10)
trace(lambda o: S.SequentialLR(o, [S.LinearLR(o, 0.1, total_iters=3), S.ExponentialLR(o, 0.5)], milestones=[3]))
opt = optim.SGD(p, lr=1.0)
plateau = S.ReduceLROnPlateau(opt, mode="min", factor=0.5, patience=1)
for loss in [1.0, 0.9, 0.95, 0.97, 0.96, 0.5, 0.6, 0.7, 0.8]:
    plateau.step(loss)
    print(opt.param_groups[0]["lr"], end=" ")
print()
opt = optim.SGD(p, lr=0.1)
sch = S.StepLR(opt, 2)
print(sch.state_dict())
print(sch.get_last_lr(), sch.last_epoch)
''',
    'dataloader_batches': r'''
import torch
from torch.utils.data import TensorDataset, DataLoader, random_split, Subset
torch.manual_seed(0)
X = torch.arange(20, dtype=torch.float32).reshape(10, 2)
y = torch.arange(10) % 3
ds = TensorDataset(X, y)
print(len(ds), ds[3])
print(ds[2:4])
loader = DataLoader(ds, batch_size=4, shuffle=False)
print(len(loader))
for i, (xb, yb) in enumerate(loader):
    print(i, xb.shape, yb)
g = torch.Generator().manual_seed(42)
loader = DataLoader(ds, batch_size=3, shuffle=True, generator=g, drop_last=True)
print(len(loader))
for xb, yb in loader:
    print(xb[:, 0].tolist(), yb.tolist())
for xb, yb in loader:
    print(yb.tolist(), end=" ")
print()
train, val = random_split(ds, [7, 3], generator=torch.Generator().manual_seed(1))
print(len(train), len(val), train.indices, val.indices)
print(type(train).__name__, val[0])
a, b, c = random_split(range(10), [0.5, 0.3, 0.2], generator=torch.Generator().manual_seed(2))
print(list(a), list(b), list(c))
sub = Subset(ds, [0, 5, 9])
print([s[1].item() for s in sub])
dl = DataLoader(list(range(7)), batch_size=3)
print(list(dl))
dl = DataLoader([(torch.tensor([i, i]), i * 1.5) for i in range(4)], batch_size=2)
for batch in dl:
    print(batch)
dl = DataLoader([{"x": torch.ones(2) * i, "name": f"s{i}"} for i in range(3)], batch_size=2)
for batch in dl:
    print(batch)
dl = DataLoader(ds, batch_size=None)
print(next(iter(dl)))
print(next(iter(DataLoader(ds, batch_size=4, shuffle=True))))
''',
    'linear_regression_steps': r'''
import torch
torch.manual_seed(42)
x = torch.linspace(-1, 1, 50).unsqueeze(1)
y = 3 * x + 2 + 0.1 * torch.randn_like(x)
w = torch.zeros(1, requires_grad=True)
b = torch.zeros(1, requires_grad=True)
lr = 0.5
for epoch in range(60):
    y_hat = x * w + b
    loss = ((y_hat - y) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        w -= lr * w.grad
        b -= lr * b.grad
    w.grad.zero_()
    b.grad.zero_()
    if epoch % 10 == 0:
        print(f"epoch {epoch:3d}  loss {loss.item():.5f}  w {w.item():.4f}  b {b.item():.4f}")
print(w, b)
model = torch.nn.Linear(1, 1)
print(model.weight, model.bias)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
loss_fn = torch.nn.MSELoss()
for epoch in range(100):
    opt.zero_grad()
    loss = loss_fn(model(x), y)
    loss.backward()
    opt.step()
    if (epoch + 1) % 25 == 0:
        print(f"Epoch [{epoch+1}/100], Loss: {loss.item():.4f}")
print(model.state_dict())
with torch.no_grad():
    pred = model(torch.tensor([[0.0], [1.0]]))
print(pred, pred.requires_grad)
print(round(model.weight.item(), 3), round(model.bias.item(), 3))
print(torch.linalg.lstsq(torch.cat([x, torch.ones_like(x)], 1), y).solution.round(decimals=3))
''',
    'spiral_classifier_ce': r'''
import math
import torch
from torch import nn
torch.manual_seed(0)
N, K = 40, 3
X = torch.zeros(N * K, 2)
Y = torch.zeros(N * K, dtype=torch.long)
for c in range(K):
    t = torch.linspace(0, 1, N)
    r = t
    ang = torch.linspace(c * 4, (c + 1) * 4, N) + torch.randn(N) * 0.2
    X[c * N:(c + 1) * N] = torch.stack([r * torch.sin(ang), r * torch.cos(ang)], 1)
    Y[c * N:(c + 1) * N] = c
print(X.shape, Y.shape, Y.bincount())
model = nn.Sequential(nn.Linear(2, 32), nn.ReLU(), nn.Linear(32, K))
crit = nn.CrossEntropyLoss()
opt = torch.optim.Adam(model.parameters(), lr=0.05)
for step in range(200):
    logits = model(X)
    loss = crit(logits, Y)
    opt.zero_grad()
    loss.backward()
    opt.step()
    if step % 40 == 0:
        acc = (logits.argmax(1) == Y).float().mean()
        print(f"step {step:3d} loss={loss.item():.3f} acc={acc.item():.2f}")
with torch.no_grad():
    probs = torch.softmax(model(X[:5]), dim=1)
print(probs.sum(1))
print(probs.argmax(1), Y[:5])
print((model(X).argmax(1) == Y).sum().item() > 60)
print(nn.functional.cross_entropy(torch.tensor([[2.0, 1.0, 0.1]]), torch.tensor([0])))
print(nn.functional.cross_entropy(torch.tensor([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3]]), torch.tensor([0, 1]), reduction="none"))
print(nn.functional.cross_entropy(torch.tensor([[2.0, 1.0, 0.1]]), torch.tensor([[0.7, 0.2, 0.1]])))
print(nn.functional.softmax(torch.tensor([1.0, 2.0, 3.0]), dim=0))
print(-math.log(nn.functional.softmax(torch.tensor([2.0, 1.0, 0.1]), 0)[0].item()))
''',
    'indexing_select_tour': r'''
import torch
torch.manual_seed(3)
x = torch.randint(0, 10, (3, 5))
print(x)
print(torch.where(x > 4, x, torch.zeros_like(x)))
print(torch.where(x > 4))
print(torch.where(x > 4, 1.0, -1.0))
print(x.argmax(), x.argmax(dim=1), x.argmin(dim=0, keepdim=True))
print(torch.topk(x.float(), 2))
print(x.topk(3, dim=0, largest=False).indices)
print(torch.sort(x, dim=1, descending=True))
print(x.sort(stable=True).indices)
print(torch.argsort(x[0]))
idx = torch.tensor([[0, 1], [2, 3], [4, 0]])
print(torch.gather(x, 1, idx))
src = torch.arange(1, 11).reshape(2, 5).float()
print(torch.zeros(3, 5).scatter_(0, torch.tensor([[0, 1, 2, 0, 0], [2, 0, 0, 1, 2]]), src))
print(torch.zeros(3).scatter_add(0, torch.tensor([0, 1, 0, 2, 0]), torch.ones(5)))
print(torch.full((2, 4), 2.0).scatter(1, torch.tensor([[2], [3]]), 1.23, reduce="multiply"))
print(x[x > 5], x[:, [0, 2]], x[[0, 2], [1, 3]], x[1:, ::2])
print(x.masked_fill(x < 3, -1), x.nonzero().shape, torch.nonzero(x == 9, as_tuple=True))
print(x.index_select(1, torch.tensor([4, 0])), x.take(torch.tensor([0, 7, 14])))
print(x.max(dim=1), x.min(1).values, x.float().median(dim=1))
print(x.max(), x.float().mean(dim=0), x.sum(1, keepdim=True))
print(torch.unique(x), torch.unique(x, return_counts=True))
print(torch.kthvalue(x.float(), 2, dim=1))
print(x.float().mode(dim=1))
print(torch.any(x == 0), torch.all(x >= 0), (x == 3).any(dim=1))
print(torch.bucketize(torch.tensor([0.5, 2.5, 9.0]), torch.tensor([1.0, 2.0, 3.0])))
print(torch.searchsorted(torch.tensor([1, 3, 5, 7]), torch.tensor([3, 6, 9]), right=True))
y = x.clone()
y[0, :] = torch.tensor([9, 9, 9, 9, 9])
y[y == 9] = 0
print(y, y.count_nonzero(), y.count_nonzero(dim=0))
print(torch.tril(x), torch.triu(x, diagonal=1).diag(), x.flip(1), x.roll(1, 1))
''',
    'shape_stride_tour': r'''
import torch
x = torch.arange(24)
print(x.stride(), x.shape, x.dim())
y = x.view(2, 3, 4)
print(y.stride(), y.is_contiguous(), y.storage_offset())
p = y.permute(2, 0, 1)
print(p.shape, p.stride(), p.is_contiguous())
try:
    p.view(-1)
except RuntimeError as e:
    print("RuntimeError:", e)
print(p.reshape(-1)[:8], p.contiguous().stride(), p.contiguous().view(4, 6).shape)
t = y.transpose(0, 2)
print(t.shape, t.stride(), y.t() if y.dim() == 2 else y.mT.shape)
print(y[:, 1].stride(), y[:, 1].storage_offset(), y[..., 2].is_contiguous())
print(y.unsqueeze(0).shape, y.unsqueeze(-1).stride(), torch.zeros(1, 3, 1).squeeze().shape, torch.zeros(1, 3, 1).squeeze(0).shape)
print(torch.ones(3, 1).expand(3, 4).stride(), torch.ones(3, 1).expand(-1, 2))
print(y.flatten(), y.flatten(1).shape, y.unflatten(2, (2, 2)).shape)
a, b = torch.ones(2, 3), torch.zeros(2, 3)
print(torch.cat([a, b]).shape, torch.cat([a, b], dim=1).shape, torch.stack([a, b]).shape, torch.stack([a, b], dim=2).shape)
print(torch.hstack([a, b]).shape, torch.vstack([a, b]).shape, torch.dstack([a, b]).shape, torch.column_stack([torch.arange(3), torch.arange(3)]))
print(torch.arange(10).chunk(3), torch.arange(10).split(4), torch.arange(10).split([2, 3, 5]))
print(torch.arange(12).reshape(3, 4).chunk(2, dim=1))
print(torch.arange(7).tensor_split(3), torch.arange(6).reshape(2, 3).unbind(1))
print(torch.tensor([[1, 2], [3, 4]]).repeat(2, 3), torch.tensor([1, 2, 3]).repeat_interleave(2))
print(torch.tensor([1, 2]).tile((2,)), torch.movedim(torch.zeros(2, 3, 4), 0, -1).shape)
print(y.narrow(2, 1, 2), y.select(1, 0))
z = torch.zeros(4, 4)
print(z.T.stride(), z[::2, ::2].stride(), z[1:, 1:].storage_offset())
print(y.view(6, -1).shape, y.reshape(4, -1).shape, y.view(torch.Size([24])).shape)
print(torch.Size([2, 3]).numel(), y.size(), y.size(1), y.shape[-1], len(y))
try:
    y.view(5, -1)
except RuntimeError as e:
    print("RuntimeError:", e)
print(torch.einsum("ij->ji", torch.arange(6).reshape(2, 3)))
print(y.unfold(2, 2, 2).shape, x.as_strided((3, 3), (1, 2)))
''',
    'broadcast_einsum': r'''
import torch
torch.manual_seed(0)
a = torch.arange(3).reshape(3, 1)
b = torch.arange(4)
print(a + b)
print((a * b).shape, torch.broadcast_shapes((3, 1), (1, 4), (2, 1, 1)))
x = torch.randn(5, 3)
mean = x.mean(0, keepdim=True)
std = x.std(0, keepdim=True)
print(((x - mean) / std).mean(0).abs().max() < 1e-6, mean.shape)
try:
    torch.ones(2, 3) + torch.ones(3, 2)
except RuntimeError as e:
    print("RuntimeError:", e)
A, B = torch.randn(2, 3), torch.randn(3, 4)
print(torch.allclose(torch.einsum("ik,kj->ij", A, B), A @ B))
v = torch.tensor([1.0, 2.0, 3.0])
print(torch.einsum("i,i->", v, v), torch.einsum("i,j->ij", v, v), torch.einsum("ii->i", torch.eye(3) * 2))
print(torch.einsum("ii", torch.arange(9.).reshape(3, 3)), torch.einsum("bij,bjk->bik", torch.ones(2, 2, 3), torch.ones(2, 3, 1)).shape)
print(torch.einsum("...j,j->...", torch.ones(2, 3, 4), torch.arange(4.0)))
Q, K = torch.randn(2, 4, 8), torch.randn(2, 5, 8)
att = torch.einsum("bqd,bkd->bqk", Q, K).softmax(-1)
print(att.shape, att.sum(-1))
print(torch.outer(v, v), torch.cross(v, torch.tensor([0.0, 1.0, 0.0]), dim=0), torch.dot(v, v))
print(torch.matmul(torch.ones(2, 1, 3, 4), torch.ones(5, 4, 2)).shape, torch.bmm(torch.ones(3, 2, 4), torch.ones(3, 4, 1)).squeeze(-1))
print(torch.mv(torch.eye(3), v), torch.kron(torch.eye(2), torch.tensor([[1, 2], [3, 4]])))
d = torch.cdist(torch.tensor([[0.0, 0.0], [3.0, 4.0]]), torch.tensor([[0.0, 0.0], [1.0, 1.0]]))
print(d)
i = torch.arange(4).view(-1, 1)
j = torch.arange(4).view(1, -1)
print((i - j).abs(), (i >= j).int())
print(torch.tensor([1, 2, 3]) * 1.5, torch.tensor([1, 2, 3]) / 2, torch.tensor([7, -7]) // 2, torch.tensor([7, -7]) % 3)
print(torch.tensor([True, False]) + torch.tensor([True, True]), torch.tensor([1, 2], dtype=torch.uint8) - 3)
print(torch.tensor(2) ** torch.arange(5), 2 ** torch.arange(5.0), torch.arange(5) ** 2)
print(torch.tensordot(torch.arange(6.).reshape(2, 3), torch.arange(12.).reshape(3, 4), dims=1))
''',
    'numpy_bridge': r'''
import numpy as np
import torch
t = torch.ones(5)
print(f"t: {t}")
n = t.numpy()
print(f"n: {n}")
t.add_(1)
print(f"t: {t}")
print(f"n: {n}")
n = np.ones(5)
t = torch.from_numpy(n)
np.add(n, 1, out=n)
print(f"t: {t}")
print(f"n: {n}")
print(t.dtype, torch.from_numpy(np.arange(3, dtype=np.int32)).dtype, torch.from_numpy(np.array([True])).dtype)
a = np.array([[1.5, 2.5], [3.5, 4.5]], dtype=np.float32)
c = torch.tensor(a)
a[0, 0] = 100
print(c, torch.as_tensor(a), torch.from_numpy(a.T).stride())
w = torch.randn(3, requires_grad=True) if False else torch.arange(3.0, requires_grad=True)
try:
    w.numpy()
except RuntimeError as e:
    print("RuntimeError:", e)
print(w.detach().numpy(), type(w.detach().numpy()).__name__, w.tolist())
print(torch.tensor(3.7).item(), torch.tensor([[1, 2], [3, 4]]).tolist(), torch.tensor(5).tolist())
print(np.asarray(torch.arange(4)).dtype, np.float64(2.5) * torch.ones(2))
print(torch.tensor(np.float32(1.5)).dtype, torch.tensor([np.int64(3)]), torch.tensor(np.array(7.0)))
x = torch.arange(6).reshape(2, 3)
xn = x.numpy()
xn[1, 1] = -1
print(x)
print(torch.from_numpy(np.zeros((2, 0))).shape, torch.from_numpy(np.array([1 + 2j])).dtype)
sl = torch.from_numpy(np.arange(10.0)[::2])
print(sl, sl.stride())
print(torch.tensor([1, 2]).numpy().tolist(), torch.zeros(2, dtype=torch.float16).numpy().dtype)
mixed = torch.tensor([1, 2.5, True])
print(mixed, torch.tensor([[1, 2], [3, 4.0]]).dtype)
print(float(torch.tensor([2.5])), int(torch.tensor(3.9)), bool(torch.tensor([0])))
try:
    float(torch.tensor([1.0, 2.0]))
except (RuntimeError, ValueError) as e:
    print(type(e).__name__, e)
''',
    'inplace_version_counter': r'''
import torch
a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
print(a._version)
b = a * 2
print(b._version)
b.add_(1)
b.mul_(3)
print(b._version, b.grad_fn.name())
c = b.sigmoid()
b.add_(1)
try:
    c.sum().backward()
except RuntimeError as e:
    print("fine, sigmoid saves its output" if False else "RuntimeError:", str(e).split(".")[0])
d = a.exp()
d.add_(1)
try:
    d.sum().backward()
except RuntimeError as e:
    print("RuntimeError:", str(e).split("Hint")[0])
try:
    a.add_(1)
except RuntimeError as e:
    print("RuntimeError:", e)
with torch.no_grad():
    a.add_(1)
print(a, a._version, a.requires_grad)
x = torch.ones(3, requires_grad=True)
y = x.clone()
y[0] = 5
print(y, y.grad_fn.name())
y.sum().backward()
print(x.grad)
z = x.view(3)
print(z._base is x, z._version)
w = torch.zeros(4)
v = w[1:3]
v.fill_(2)
print(w, w._version, v._version)
e = x * 1
e2 = e.relu_()
print(e2 is e, e.grad_fn.name())
leaf = torch.zeros(2, requires_grad=True)
try:
    leaf[0] = 1.0
except RuntimeError as err:
    print("RuntimeError:", err)
q = torch.randn(2, 2)
print(q.zero_(), torch.ones(2).mul_(torch.tensor([2, 3])).dtype)
try:
    torch.ones(2, dtype=torch.long).mul_(1.5)
except RuntimeError as err:
    print("RuntimeError:", err)
''',
    'graph_walk_names': r'''
import torch
import torch.nn.functional as F
torch.manual_seed(0)
def walk(fn, depth=0, seen=None):
    seen = set() if seen is None else seen
    if fn is None or id(fn) in seen:
        return
    seen.add(id(fn))
    print("  " * depth + type(fn).__name__)
    for nxt, _ in fn.next_functions:
        walk(nxt, depth + 1, seen)
x = torch.randn(2, 3, requires_grad=True)
w = torch.randn(3, 4, requires_grad=True)
out = torch.einsum("ij,jk->ik", x, w).relu().sum(dim=1).mean()
walk(out.grad_fn)
print(out)
y = (x.t() @ x).trace() + x.norm() - x.std() + x.var(dim=0).sum()
walk(y.grad_fn)
z = torch.cat([x, x.flip(0)], 0)[1:3].unsqueeze(0).expand(2, 2, 3).permute(2, 0, 1).reshape(-1)
walk(z.grad_fn)
print(z.grad_fn.name(), z.grad_fn.metadata)
p = F.log_softmax(x, dim=1)
l = F.nll_loss(p, torch.tensor([0, 2]))
walk(l.grad_fn)
m = x.max()
m2 = x.max(dim=1).values.sum() + x.min(0)[0].sum() + x.amax(1).sum() + x.topk(2).values.sum() + x.sort(1).values[:, 0].sum()
walk(m.grad_fn); walk(m2.grad_fn)
s = torch.stack([x[0], x[1] * 2]).sigmoid().tanh().exp().log1p().clamp(min=0.1)
walk(s.grad_fn)
q = torch.where(x > 0, x, x * 0.1).masked_fill(x < -1, 0.0).abs().sqrt().pow(3).div(2).sub(1).neg()
walk(q.grad_fn)
r = x.gather(1, torch.tensor([[0], [2]])).squeeze(1).cumsum(0).prod()
walk(r.grad_fn)
u = torch.rsub(1 - x, 3) / (2 + x.exp()) + 3 ** x + x ** x.abs()
walk(u.grad_fn)
e = x.to(torch.float64).double().float().clone().contiguous().view(6).split(2)[1].unbind(0)[0]
walk(e.grad_fn)
lin = F.linear(x, w.t(), torch.zeros(4))
walk(lin.grad_fn)
''',
    'leaf_flags_grad_modes': r'''
import torch
torch.manual_seed(0)
a = torch.randn(3, requires_grad=True)
b = torch.randn(3)
c = a + b
print(a.is_leaf, b.is_leaf, c.is_leaf, c.requires_grad, b.requires_grad)
print(a.grad, c.grad_fn.name())
try:
    print(c.grad)
except Exception as e:
    print(type(e).__name__, e)
try:
    c.requires_grad_(False)
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    torch.tensor([1, 2], requires_grad=True)
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    (a * 2).backward()
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    torch.autograd.grad(a.sum(), [a, torch.ones(1, requires_grad=True)])
except RuntimeError as e:
    print("RuntimeError:", e)
print(torch.autograd.grad(a.sum(), [a, torch.ones(1, requires_grad=True)], allow_unused=True))
print(torch.autograd.grad(a.sum(), [a, torch.ones(1, requires_grad=True)], allow_unused=True, materialize_grads=True))
try:
    b.sum().backward()
except RuntimeError as e:
    print("RuntimeError:", e)
print(torch.is_grad_enabled())
with torch.no_grad():
    print(torch.is_grad_enabled(), (a * 2).requires_grad)
    with torch.enable_grad():
        print((a * 2).requires_grad)
torch.set_grad_enabled(False)
print((a * 2).requires_grad)
torch.set_grad_enabled(True)
with torch.set_grad_enabled(False):
    print((a + 1).grad_fn)
@torch.no_grad()
def update(t):
    return t * 3
print(update(a).requires_grad)
with torch.inference_mode():
    inf = a * 2
print(inf.is_inference(), inf.requires_grad)
try:
    inf.add_(1)
    (inf * a).sum().backward()
except RuntimeError as e:
    print("RuntimeError:", e)
with torch.inference_mode(False):
    print((a * 2).requires_grad)
d = a.detach()
d[0] = 100.0
print(a[0].item() == 100.0, d.requires_grad, a.data is a)
e = a.detach().requires_grad_()
print(e.is_leaf, e.requires_grad, e.grad_fn)
print(torch.ones(2, requires_grad=True).float().is_leaf, torch.ones(2, requires_grad=True).double().is_leaf)
p = torch.nn.Parameter(torch.ones(2))
print(p, p.is_leaf, (p * 1).is_leaf, isinstance(p, torch.Tensor))
print(torch.nn.Parameter(torch.ones(2), requires_grad=False))
print(repr(p.data), p.grad)
''',
    'softmax_regression_scratch': r'''
import torch
torch.manual_seed(7)
num_inputs, num_outputs = 6, 3
W = torch.normal(0, 0.01, size=(num_inputs, num_outputs), requires_grad=True)
b = torch.zeros(num_outputs, requires_grad=True)
def softmax(X):
    X_exp = torch.exp(X)
    partition = X_exp.sum(1, keepdim=True)
    return X_exp / partition
X = torch.normal(0, 1, (2, 5))
X_prob = softmax(X)
print(X_prob, X_prob.sum(1))
def net(X):
    return softmax(torch.matmul(X.reshape((-1, W.shape[0])), W) + b)
y = torch.tensor([0, 2])
y_hat = torch.tensor([[0.1, 0.3, 0.6], [0.3, 0.2, 0.5]])
print(y_hat[[0, 1], y])
def cross_entropy(y_hat, y):
    return -torch.log(y_hat[range(len(y_hat)), y])
print(cross_entropy(y_hat, y))
def accuracy(y_hat, y):
    if len(y_hat.shape) > 1 and y_hat.shape[1] > 1:
        y_hat = y_hat.argmax(axis=1)
    cmp = y_hat.type(y.dtype) == y
    return float(cmp.type(y.dtype).sum())
print(accuracy(y_hat, y) / len(y))
true_W = torch.randn(num_inputs, num_outputs)
feats = torch.randn(90, num_inputs)
labels = (feats @ true_W).argmax(1)
def sgd(params, lr, batch_size):
    with torch.no_grad():
        for param in params:
            param -= lr * param.grad / batch_size
            param.grad.zero_()
for epoch in range(5):
    for i in range(0, 90, 30):
        Xb, yb = feats[i:i + 30], labels[i:i + 30]
        l = cross_entropy(net(Xb), yb)
        l.sum().backward()
        sgd([W, b], 0.5, 30)
    with torch.no_grad():
        train_l = cross_entropy(net(feats), labels)
        print(f"epoch {epoch + 1}, loss {float(train_l.mean()):f}, acc {accuracy(net(feats), labels) / 90:.3f}")
print(W.shape, b)
print(y_hat.type(), y.type(), y_hat.argmax(axis=1), X.sum(axis=0, keepdims=True).shape)
''',
    'mlp_scratch_dropout': r'''
import torch
from torch import nn
torch.manual_seed(11)
def dropout_layer(X, dropout):
    assert 0 <= dropout <= 1
    if dropout == 1:
        return torch.zeros_like(X)
    mask = (torch.rand(X.shape) > dropout).float()
    return mask * X / (1.0 - dropout)
X = torch.arange(16, dtype=torch.float32).reshape((2, 8))
print(X)
print(dropout_layer(X, 0.))
print(dropout_layer(X, 0.5))
print(dropout_layer(X, 1.))
def relu(X):
    a = torch.zeros_like(X)
    return torch.max(X, a)
num_inputs, num_hiddens, num_outputs = 8, 16, 2
W1 = nn.Parameter(torch.randn(num_inputs, num_hiddens) * 0.1)
b1 = nn.Parameter(torch.zeros(num_hiddens))
W2 = nn.Parameter(torch.randn(num_hiddens, num_outputs) * 0.1)
b2 = nn.Parameter(torch.zeros(num_outputs))
params = [W1, b1, W2, b2]
def net(X, train=True):
    H = relu(X @ W1 + b1)
    if train:
        H = dropout_layer(H, 0.2)
    return H @ W2 + b2
feats = torch.randn(64, 8)
labels = (feats[:, 0] * feats[:, 1] > 0).long()
loss = nn.CrossEntropyLoss(reduction="none")
updater = torch.optim.SGD(params, lr=0.3)
for epoch in range(30):
    updater.zero_grad()
    l = loss(net(feats), labels)
    l.mean().backward()
    updater.step()
    if epoch % 6 == 0:
        with torch.no_grad():
            acc = (net(feats, False).argmax(1) == labels).float().mean()
        print(f"{epoch:2d} {l.mean():.4f} {acc:.3f} {l.shape}")
drop = nn.Dropout(0.5)
print(drop, drop.training)
print(drop(torch.ones(2, 6)))
drop.eval()
print(drop(torch.ones(2, 6)), drop.training)
print(nn.functional.dropout(torch.ones(4), p=0.25, training=False), nn.Dropout1d(0.5))
print(nn.AlphaDropout(0.2).eval()(torch.tensor([1.0, -1.0])))
''',
    'lenet_layer_shapes': r'''
import torch
from torch import nn
torch.manual_seed(0)
net = nn.Sequential(
    nn.Conv2d(1, 6, kernel_size=5, padding=2), nn.Sigmoid(),
    nn.AvgPool2d(kernel_size=2, stride=2),
    nn.Conv2d(6, 16, kernel_size=5), nn.Sigmoid(),
    nn.AvgPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(16 * 5 * 5, 120), nn.Sigmoid(),
    nn.Linear(120, 84), nn.Sigmoid(),
    nn.Linear(84, 10))
X = torch.rand(size=(1, 1, 28, 28), dtype=torch.float32)
for layer in net:
    X = layer(X)
    print(layer.__class__.__name__, 'output shape: \t', X.shape)
print(net)
print(sum(p.numel() for p in net.parameters()))
for name, p in net.named_parameters():
    print(name, p.shape, p.dtype)
def init_weights(m):
    if type(m) == nn.Linear or type(m) == nn.Conv2d:
        nn.init.xavier_uniform_(m.weight)
net.apply(init_weights)
print(net[0].weight[0, 0, :2])
vgg_block = lambda n, cin, cout: nn.Sequential(*[m for i in range(n) for m in (nn.Conv2d(cin if i == 0 else cout, cout, 3, padding=1), nn.ReLU())], nn.MaxPool2d(2, 2))
blk = vgg_block(2, 3, 8)
print(blk)
print(blk(torch.randn(1, 3, 16, 16)).shape)
nin = nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU(), nn.Conv2d(4, 4, 1), nn.ReLU(), nn.AdaptiveAvgPool2d((1, 1)), nn.Flatten())
print(nin(torch.randn(2, 1, 8, 8)).shape, nin)
print(nn.AdaptiveMaxPool2d(1), nn.MaxPool2d(3, stride=2, padding=1, ceil_mode=True), nn.ConvTranspose2d(4, 2, 2, stride=2))
print(nn.Conv2d(3, 8, (3, 5), stride=(2, 1), padding=(1, 2), dilation=2, groups=1, bias=False, padding_mode="reflect"))
print(nn.Conv1d(4, 4, 3, groups=4, padding="same"), nn.BatchNorm2d(8, momentum=None), nn.GroupNorm(2, 8), nn.Upsample(scale_factor=2, mode="nearest"))
''',
    'param_management': r'''
import torch
from torch import nn
torch.manual_seed(2)
net = nn.Sequential(nn.LazyLinear(8), nn.ReLU(), nn.LazyLinear(1))
print(net)
print(net[0].weight)
X = torch.rand(size=(2, 4))
print(net(X).shape)
print(net)
print(net[2].state_dict())
print(type(net[2].bias), net[2].bias.data)
print(net[2].weight.grad == None)
print(*[(name, param.shape) for name, param in net.named_parameters()])
print(net.state_dict()['2.bias'].data)
def block1():
    return nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 4), nn.ReLU())
def block2():
    net = nn.Sequential()
    for i in range(2):
        net.add_module(f'block {i}', block1())
    return net
rgnet = nn.Sequential(block2(), nn.Linear(4, 1))
print(rgnet)
print(rgnet[0][1][0].bias.data)
def init_normal(module):
    if type(module) == nn.Linear:
        nn.init.normal_(module.weight, mean=0, std=0.01)
        nn.init.zeros_(module.bias)
net.apply(init_normal)
print(net[0].weight.data[0], net[0].bias.data[0])
def init_constant(module):
    if type(module) == nn.Linear:
        nn.init.constant_(module.weight, 1)
        nn.init.zeros_(module.bias)
net.apply(init_constant)
print(net[0].weight.data[0], net[0].bias.data[0])
def my_init(module):
    if type(module) == nn.Linear:
        print("Init", *[(name, param.shape) for name, param in module.named_parameters()][0])
        nn.init.uniform_(module.weight, -10, 10)
        module.weight.data *= module.weight.data.abs() >= 5
net.apply(my_init)
print(net[0].weight[:2])
net[0].weight.data[:] += 1
net[0].weight.data[0, 0] = 42
print(net[0].weight.data[0])
shared = nn.LazyLinear(8)
net = nn.Sequential(nn.LazyLinear(8), nn.ReLU(), shared, nn.ReLU(), shared, nn.ReLU(), nn.LazyLinear(1))
net(X)
print(net[2].weight.data[0] == net[4].weight.data[0])
net[2].weight.data[0, 0] = 100
print(net[2].weight.data[0, 0] == net[4].weight.data[0, 0], len(list(net.parameters())), len(net.state_dict()))
''',
    'custom_layers_io': r'''
import io
import torch
from torch import nn
from torch.nn import functional as F
torch.manual_seed(4)
class CenteredLayer(nn.Module):
    def __init__(self):
        super().__init__()
    def forward(self, X):
        return X - X.mean()
layer = CenteredLayer()
print(layer(torch.tensor([1.0, 2, 3, 4, 5])))
net = nn.Sequential(nn.Linear(8, 128), CenteredLayer())
Y = net(torch.rand(4, 8))
print(Y.mean().abs() < 1e-6, net)
class MyLinear(nn.Module):
    def __init__(self, in_units, units):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(in_units, units))
        self.bias = nn.Parameter(torch.randn(units,))
    def forward(self, X):
        linear = torch.matmul(X, self.weight.data) + self.bias.data
        return F.relu(linear)
linear = MyLinear(5, 3)
print(linear.weight)
print(linear(torch.rand(2, 5)))
x = torch.arange(4)
buf = io.BytesIO()
torch.save(x, buf)
buf.seek(0)
x2 = torch.load(buf)
print(x2)
y = torch.zeros(4)
buf = io.BytesIO()
torch.save([x, y], buf)
buf.seek(0)
x2, y2 = torch.load(buf)
print(x2, y2)
mydict = {'x': x, 'y': y}
buf = io.BytesIO(); torch.save(mydict, buf); buf.seek(0)
print(torch.load(buf))
class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = nn.Linear(20, 256)
        self.output = nn.Linear(256, 10)
    def forward(self, x):
        return self.output(F.relu(self.hidden(x)))
net = MLP()
X = torch.randn(size=(2, 20))
Y = net(X)
buf = io.BytesIO(); torch.save(net.state_dict(), buf); buf.seek(0)
clone = MLP()
print(clone.load_state_dict(torch.load(buf)))
print(clone.eval())
Y_clone = clone(X)
print(Y_clone == Y)
sd = net.state_dict()
del sd["output.bias"]
sd["extra.weight"] = torch.ones(1)
print(clone.load_state_dict(sd, strict=False))
try:
    clone.load_state_dict(sd)
except RuntimeError as e:
    print(str(e))
sd2 = net.state_dict()
sd2["hidden.weight"] = torch.zeros(3, 3)
try:
    clone.load_state_dict(sd2)
except RuntimeError as e:
    print(str(e))
''',
    'dtype_promotion_info': r'''
import torch
print(torch.get_default_dtype(), torch.tensor([1.0]).dtype, torch.tensor([1]).dtype)
print(torch.result_type(torch.tensor([1]), 1.0), torch.result_type(torch.tensor([1], dtype=torch.int8), 300))
print(torch.promote_types(torch.int32, torch.float16), torch.promote_types(torch.uint8, torch.int8), torch.promote_types(torch.bool, torch.int16))
print(torch.can_cast(torch.float64, torch.int32), torch.can_cast(torch.int32, torch.float64))
print(torch.finfo(torch.float32))
print(torch.finfo(torch.float16).eps, torch.finfo(torch.float64).max, torch.finfo().tiny)
print(torch.iinfo(torch.int8), torch.iinfo(torch.int64).max, torch.iinfo(torch.uint8).min)
a = torch.tensor([1, 2, 3], dtype=torch.int32)
print(a + 1.5, (a + 1.5).dtype, (a * 2).dtype, (a / 2).dtype, (a // 2).dtype)
print(a + torch.tensor([1.5], dtype=torch.float64), a + torch.tensor(1.5, dtype=torch.float64))
print(torch.tensor([1.5, 2.7, -2.7]).to(torch.int64), torch.tensor([250, 260]).to(torch.uint8))
print(torch.tensor([0.1], dtype=torch.float16) + torch.tensor([0.2]), torch.tensor([1, 0, 2]).bool())
torch.set_default_dtype(torch.float64)
print(torch.tensor([1.5, 2.0]), torch.zeros(2), torch.arange(3.0))
print(torch.tensor([1.5], dtype=torch.float32), torch.randn(2).dtype)
print(torch.tensor(3) * 0.5, torch.get_default_dtype())
torch.set_default_dtype(torch.float32)
print(torch.tensor([1.5, 2.0], dtype=torch.float64))
print(torch.ones(2, dtype=torch.int16).dtype, torch.zeros(2).long().type(), torch.zeros(1).type(torch.IntTensor))
x = torch.tensor([1, 2])
print(x.is_floating_point(), x.float().is_floating_point(), x.dtype.is_signed, torch.uint8.is_signed, torch.float32.itemsize)
print(x.element_size(), x.double().element_size(), x.nbytes, x.to(torch.float16).nbytes)
print(torch.tensor([True, False]).sum(), torch.tensor([True, True]).dtype, torch.tensor([True]) * 2.5)
print(torch.tensor([3, 4]) ** -1 if False else torch.tensor([3.0, 4.0]) ** -1, torch.tensor([2]) ** 0.5)
print(torch.tensor([-7, 7]).div(2, rounding_mode="floor"), torch.tensor([-7, 7]).div(2, rounding_mode="trunc"))
print(torch.tensor([2 ** 31 - 1], dtype=torch.int32) + 1, torch.tensor([127], dtype=torch.int8) + torch.tensor([1], dtype=torch.int8))
print(torch.tensor([65504.0], dtype=torch.float16) * 2, torch.tensor([1e-8], dtype=torch.float16))
print(torch.tensor(5, dtype=torch.int16).item(), type(torch.tensor(True).item()), torch.tensor([1.0]).dtype == torch.float)
''',
    'complex_tour': r'''
import torch
z = torch.tensor([1 + 2j, -3.5 + 0.25j, 0 - 1j])
print(z, z.dtype)
print(z.real, z.imag, z.abs(), z.angle())
print(z.conj(), torch.conj_physical(z))
print(torch.view_as_real(z))
print(torch.view_as_complex(torch.tensor([[1.0, 2.0], [3.0, 4.0]])))
print(torch.complex(torch.tensor([1.0, 2.0]), torch.tensor([0.5, -0.5])))
print(torch.polar(torch.tensor([1.0, 2.0]), torch.tensor([0.0, 3.14159265 / 2])))
print(z * z, z.sum(), z.mean())
print(torch.tensor([1j]) ** 2, torch.exp(torch.tensor([1j * 3.14159265])))
print(torch.zeros(2, dtype=torch.complex128), torch.tensor([1 + 1j], dtype=torch.complex128))
print(torch.tensor([1e5 + 1e-3j, 1 + 1j]))
print(torch.randn(2, 2, dtype=torch.cfloat).dtype, torch.tensor([1, 2]) + 1j)
print(torch.fft.fft(torch.tensor([1.0, 0.0, 0.0, 0.0])))
print(torch.fft.rfft(torch.tensor([1.0, 2.0, 3.0, 4.0])))
print(torch.fft.ifft(torch.fft.fft(torch.tensor([1.0, 2.0, 3.0]))).real)
print(z.is_complex(), z.real.is_complex(), z.reshape(3, 1) @ z.reshape(1, 3).conj())
w = torch.tensor([1 + 1j, 2 - 1j], requires_grad=True)
loss = (w * w.conj()).real.sum()
loss.backward()
print(w.grad, loss)
''',
    'nn_really_refactor': r'''
import math
import torch
import torch.nn.functional as F
from torch import nn, optim
from torch.utils.data import TensorDataset, DataLoader
torch.manual_seed(0)
x_train = torch.randn(200, 20)
y_train = (x_train[:, :4].sum(1) > 0).long() + (x_train[:, 4] > 1).long()
x_valid, y_valid = x_train[150:], y_train[150:]
x_train, y_train = x_train[:150], y_train[:150]
n, c = x_train.shape
print(x_train, y_train)
print(x_train.shape, y_train.min(), y_train.max())
weights = torch.randn(20, 3) / math.sqrt(20)
weights.requires_grad_()
bias = torch.zeros(3, requires_grad=True)
def log_softmax(x):
    return x - x.exp().sum(-1).log().unsqueeze(-1)
def model(xb):
    return log_softmax(xb @ weights + bias)
bs = 64
xb = x_train[0:bs]
preds = model(xb)
print(preds[0], preds.shape)
def nll(input, target):
    return -input[range(target.shape[0]), target].mean()
loss_func = nll
yb = y_train[0:bs]
print(loss_func(preds, yb))
def accuracy(out, yb):
    preds = torch.argmax(out, dim=1)
    return (preds == yb).float().mean()
print(accuracy(preds, yb))
lr, epochs = 0.5, 2
for epoch in range(epochs):
    for i in range((n - 1) // bs + 1):
        start_i = i * bs
        xb, yb = x_train[start_i:start_i + bs], y_train[start_i:start_i + bs]
        loss = loss_func(model(xb), yb)
        loss.backward()
        with torch.no_grad():
            weights -= weights.grad * lr
            bias -= bias.grad * lr
            weights.grad.zero_()
            bias.grad.zero_()
print(loss_func(model(xb), yb), accuracy(model(xb), yb))
loss_func = F.cross_entropy
class Mnist_Logistic(nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(20, 3)
    def forward(self, xb):
        return self.lin(xb)
def get_model():
    model = Mnist_Logistic()
    return model, optim.SGD(model.parameters(), lr=lr)
def loss_batch(model, loss_func, xb, yb, opt=None):
    loss = loss_func(model(xb), yb)
    if opt is not None:
        loss.backward(); opt.step(); opt.zero_grad()
    return loss.item(), len(xb)
train_dl = DataLoader(TensorDataset(x_train, y_train), batch_size=bs, shuffle=True)
valid_dl = DataLoader(TensorDataset(x_valid, y_valid), batch_size=bs * 2)
model, opt = get_model()
print(loss_func(model(xb), yb))
for epoch in range(3):
    model.train()
    for xb, yb in train_dl:
        loss_batch(model, loss_func, xb, yb, opt)
    model.eval()
    with torch.no_grad():
        losses, nums = zip(*[loss_batch(model, loss_func, xb, yb) for xb, yb in valid_dl])
    val_loss = sum(l * n for l, n in zip(losses, nums)) / sum(nums)
    print(epoch, f"{val_loss:.4f}", nums)
''',
    'lstm_pos_tagger': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim
torch.manual_seed(1)
lstm = nn.LSTM(3, 3)
inputs = [torch.randn(1, 3) for _ in range(5)]
hidden = (torch.randn(1, 1, 3), torch.randn(1, 1, 3))
for i in inputs:
    out, hidden = lstm(i.view(1, 1, -1), hidden)
inputs = torch.cat(inputs).view(len(inputs), 1, -1)
hidden = (torch.randn(1, 1, 3), torch.randn(1, 1, 3))
out, hidden = lstm(inputs, hidden)
print(out)
print(hidden)
def prepare_sequence(seq, to_ix):
    idxs = [to_ix[w] for w in seq]
    return torch.tensor(idxs, dtype=torch.long)
training_data = [
    ("The dog ate the apple".split(), ["DET", "NN", "V", "DET", "NN"]),
    ("Everybody read that book".split(), ["NN", "V", "DET", "NN"])]
word_to_ix = {}
for sent, tags in training_data:
    for word in sent:
        if word not in word_to_ix:
            word_to_ix[word] = len(word_to_ix)
print(word_to_ix)
tag_to_ix = {"DET": 0, "NN": 1, "V": 2}
class LSTMTagger(nn.Module):
    def __init__(self, embedding_dim, hidden_dim, vocab_size, tagset_size):
        super(LSTMTagger, self).__init__()
        self.hidden_dim = hidden_dim
        self.word_embeddings = nn.Embedding(vocab_size, embedding_dim)
        self.lstm = nn.LSTM(embedding_dim, hidden_dim)
        self.hidden2tag = nn.Linear(hidden_dim, tagset_size)
    def forward(self, sentence):
        embeds = self.word_embeddings(sentence)
        lstm_out, _ = self.lstm(embeds.view(len(sentence), 1, -1))
        tag_space = self.hidden2tag(lstm_out.view(len(sentence), -1))
        return F.log_softmax(tag_space, dim=1)
model = LSTMTagger(6, 6, len(word_to_ix), len(tag_to_ix))
print(model)
loss_function = nn.NLLLoss()
optimizer = optim.SGD(model.parameters(), lr=0.1)
with torch.no_grad():
    inputs = prepare_sequence(training_data[0][0], word_to_ix)
    tag_scores = model(inputs)
    print(tag_scores)
for epoch in range(150):
    for sentence, tags in training_data:
        model.zero_grad()
        sentence_in = prepare_sequence(sentence, word_to_ix)
        targets = prepare_sequence(tags, tag_to_ix)
        tag_scores = model(sentence_in)
        loss = loss_function(tag_scores, targets)
        loss.backward()
        optimizer.step()
    if epoch % 50 == 0:
        print(epoch, round(loss.item(), 4))
with torch.no_grad():
    inputs = prepare_sequence(training_data[0][0], word_to_ix)
    tag_scores = model(inputs)
    print(tag_scores)
    print(tag_scores.argmax(1))
''',
    'ngram_bow_classics': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim
torch.manual_seed(1)
word_to_ix = {"hello": 0, "world": 1}
embeds = nn.Embedding(2, 5)
lookup_tensor = torch.tensor([word_to_ix["hello"]], dtype=torch.long)
hello_embed = embeds(lookup_tensor)
print(hello_embed)
CONTEXT_SIZE, EMBEDDING_DIM = 2, 10
test_sentence = """When forty winters shall besiege thy brow,
And dig deep trenches in thy beauty's field,
Thy youth's proud livery so gazed on now,
Will be a totter'd weed of small worth held""".split()
ngrams = [([test_sentence[i - j - 1] for j in range(CONTEXT_SIZE)], test_sentence[i]) for i in range(CONTEXT_SIZE, len(test_sentence))]
print(ngrams[:3])
vocab = sorted(set(test_sentence))
word_to_ix = {word: i for i, word in enumerate(vocab)}
class NGramLanguageModeler(nn.Module):
    def __init__(self, vocab_size, embedding_dim, context_size):
        super().__init__()
        self.embeddings = nn.Embedding(vocab_size, embedding_dim)
        self.linear1 = nn.Linear(context_size * embedding_dim, 128)
        self.linear2 = nn.Linear(128, vocab_size)
    def forward(self, inputs):
        embeds = self.embeddings(inputs).view((1, -1))
        out = F.relu(self.linear1(embeds))
        return F.log_softmax(self.linear2(out), dim=1)
losses = []
loss_function = nn.NLLLoss()
model = NGramLanguageModeler(len(vocab), EMBEDDING_DIM, CONTEXT_SIZE)
optimizer = optim.SGD(model.parameters(), lr=0.001)
for epoch in range(5):
    total_loss = 0
    for context, target in ngrams:
        context_idxs = torch.tensor([word_to_ix[w] for w in context], dtype=torch.long)
        model.zero_grad()
        log_probs = model(context_idxs)
        loss = loss_function(log_probs, torch.tensor([word_to_ix[target]], dtype=torch.long))
        loss.backward()
        optimizer.step()
        total_loss += loss.item()
    losses.append(round(total_loss, 3))
print(losses)
print(model.embeddings.weight[word_to_ix["beauty's"]])
data = [("me gusta comer en la cafeteria".split(), "SPANISH"), ("Give it to me".split(), "ENGLISH"),
        ("No creo que sea una buena idea".split(), "SPANISH"), ("No it is not a good idea to get lost at sea".split(), "ENGLISH")]
word_to_ix = {}
for sent, _ in data:
    for word in sent:
        word_to_ix.setdefault(word, len(word_to_ix))
class BoWClassifier(nn.Module):
    def __init__(self, num_labels, vocab_size):
        super(BoWClassifier, self).__init__()
        self.linear = nn.Linear(vocab_size, num_labels)
    def forward(self, bow_vec):
        return F.log_softmax(self.linear(bow_vec), dim=1)
def make_bow_vector(sentence, word_to_ix):
    vec = torch.zeros(len(word_to_ix))
    for word in sentence:
        vec[word_to_ix[word]] += 1
    return vec.view(1, -1)
model = BoWClassifier(2, len(word_to_ix))
for param in model.parameters():
    print(param)
with torch.no_grad():
    print(model(make_bow_vector(data[0][0], word_to_ix)))
label_to_ix = {"SPANISH": 0, "ENGLISH": 1}
print(next(model.parameters())[:, word_to_ix["creo"]])
optimizer = optim.SGD(model.parameters(), lr=0.1)
for epoch in range(100):
    for instance, label in data:
        model.zero_grad()
        loss = nn.NLLLoss()(model(make_bow_vector(instance, word_to_ix)), torch.LongTensor([label_to_ix[label]]))
        loss.backward()
        optimizer.step()
with torch.no_grad():
    for instance, label in data[:2]:
        print(model(make_bow_vector(instance, word_to_ix)))
print(next(model.parameters())[:, word_to_ix["creo"]])
''',
    'legendre_custom_function': r'''
import math
import torch
class LegendrePolynomial3(torch.autograd.Function):
    @staticmethod
    def forward(ctx, input):
        ctx.save_for_backward(input)
        return 0.5 * (5 * input ** 3 - 3 * input)
    @staticmethod
    def backward(ctx, grad_output):
        input, = ctx.saved_tensors
        return grad_output * 1.5 * (5 * input ** 2 - 1)
dtype = torch.float
x = torch.linspace(-math.pi, math.pi, 200, dtype=dtype)
y = torch.sin(x)
a = torch.full((), 0.0, dtype=dtype, requires_grad=True)
b = torch.full((), -1.0, dtype=dtype, requires_grad=True)
c = torch.full((), 0.0, dtype=dtype, requires_grad=True)
d = torch.full((), 0.3, dtype=dtype, requires_grad=True)
learning_rate = 5e-6
for t in range(300):
    P3 = LegendrePolynomial3.apply
    y_pred = a + b * P3(c + d * x)
    loss = (y_pred - y).pow(2).sum()
    if t % 100 == 99:
        print(t, f"{loss.item():.3f}")
    loss.backward()
    with torch.no_grad():
        a -= learning_rate * a.grad
        b -= learning_rate * b.grad
        c -= learning_rate * c.grad
        d -= learning_rate * d.grad
        a.grad = None; b.grad = None; c.grad = None; d.grad = None
print(f'Result: y = {a.item():.4f} + {b.item():.4f} * P3({c.item():.4f} + {d.item():.4f} x)')
print(y_pred.grad_fn.name(), type(y_pred.grad_fn.next_functions[1][0].next_functions[1][0]).__name__)
xx = x.unsqueeze(-1).pow(torch.tensor([1, 2, 3]))
print(xx.shape, xx[:2])
torch.manual_seed(0)
model = torch.nn.Sequential(torch.nn.Linear(3, 1), torch.nn.Flatten(0, 1))
print(model)
loss_fn = torch.nn.MSELoss(reduction='sum')
optimizer = torch.optim.RMSprop(model.parameters(), lr=1e-3)
for t in range(200):
    loss = loss_fn(model(xx), y)
    if t % 50 == 49:
        print(t, f"{loss.item():.2f}")
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
linear_layer = model[0]
print(f'Result: y = {linear_layer.bias.item():.3f} + {linear_layer.weight[:, 0].item():.3f} x + {linear_layer.weight[:, 1].item():.3f} x^2 + {linear_layer.weight[:, 2].item():.3f} x^3')
class Square(torch.autograd.Function):
    @staticmethod
    def forward(x):
        return x ** 2
    @staticmethod
    def setup_context(ctx, inputs, output):
        ctx.save_for_backward(inputs[0])
    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return 2 * x * g
t = torch.tensor([1.0, -2.0, 3.0], requires_grad=True)
out = Square.apply(t)
print(out, out.grad_fn.name(), type(out.grad_fn).__name__)
out.sum().backward()
print(t.grad, torch.autograd.gradcheck(Square.apply, (torch.randn(3, dtype=torch.double, requires_grad=True),)))
''',
    'tensor_hooks_retain': r'''
import torch
torch.manual_seed(0)
x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = x * 2
z = y ** 2
log = []
h1 = y.register_hook(lambda g: log.append(("y", g.tolist())))
h2 = x.register_hook(lambda g: g * 10)
out = z.sum()
out.backward()
print(log, x.grad)
h2.remove()
x.grad = None
(x * 2).sum().backward()
print(x.grad)
a = torch.ones(2, 2, requires_grad=True)
b = a + 2
b.retain_grad()
c = b * b * 3
c.retain_grad()
o = c.mean()
o.backward()
print(b.grad, c.grad, a.grad, b.retains_grad, a.retains_grad)
w = torch.randn(3, requires_grad=True)
grads = {}
def save(name):
    def hook(g):
        grads[name] = g.clone()
    return hook
h = torch.tanh(w)
h.register_hook(save("h"))
s = (h * torch.arange(3.0)).sum()
s.backward()
print({k: v.shape for k, v in grads.items()}, torch.allclose(grads["h"], torch.arange(3.0)))
print(w.grad.shape, torch.allclose(w.grad, (1 - h.detach() ** 2) * torch.arange(3.0)))
p = torch.nn.Parameter(torch.ones(2))
p.register_post_accumulate_grad_hook(lambda param: print("accumulated", param.grad))
(p * 3).sum().backward()
(p * 3).sum().backward()
try:
    torch.ones(2).register_hook(lambda g: g)
except RuntimeError as e:
    print("RuntimeError:", e)
lin = torch.nn.Linear(2, 1)
lin.weight.register_hook(lambda g: g.clamp(max=0.1))
lin(torch.tensor([[5.0, -5.0]])).sum().backward()
print(lin.weight.grad, lin.bias.grad)
''',
    'print_edge_cases': r'''
import torch
torch.manual_seed(5)
print(torch.randn(3, requires_grad=True) * 1e6)
print(torch.tensor([1e-4, 2e-5], requires_grad=True).sum())
print(torch.tensor([[1e10, 1.0], [-1e-10, 0.5]], dtype=torch.float64))
torch.set_printoptions(precision=10)
print(torch.tensor([1 / 3, 2 / 3], dtype=torch.float64), torch.tensor([1 / 3]))
torch.set_printoptions(precision=4)
print(torch.arange(-5, 5) * 123456789, torch.tensor([-0.0, 1.5]), torch.tensor([-0.0]))
print(torch.randn(2, 2, 300).shape, torch.arange(3000).reshape(3, 10, 100)[:, :, ::10])
print(torch.rand(4, 1001, dtype=torch.float16))
print(torch.zeros(1001, dtype=torch.bool), torch.ones(2000).long())
print(torch.full((3, 1200), -2.5))
print(torch.tensor([[1.0, float("nan")], [float("inf"), 1e-3]]))
print(torch.tensor([1e30, 1.0]), torch.tensor([1.0e-30, 1.0]), torch.tensor([12.5, 1e8]))
print(torch.tensor([0.00001, 0.0001]), torch.tensor([99999.0, 100000.0]))
print(torch.tensor([[[1, 2], [3, 4]], [[5, 6], [7, 8]]]), torch.zeros(2, 1, 0), torch.ones(1, 1, 1))
print(repr(torch.tensor(2.5, dtype=torch.float64)), str(torch.tensor(-1, dtype=torch.int16)))
print(torch.tensor([1, 2], dtype=torch.int32), torch.tensor([1.0], dtype=torch.float16, requires_grad=True))
torch.set_printoptions(sci_mode=True, precision=3)
print(torch.tensor([1.0, 10.0, 100.0]), torch.tensor([5]), torch.tensor(0.5))
torch.set_printoptions(sci_mode=False, precision=4)
print(torch.tensor([1e-9, 1e9]))
torch.set_printoptions(profile="default")
print(f"{torch.tensor(3.14159):.2f}", "{:>8.3f}|".format(torch.tensor(2.0)), f"{torch.tensor(7)}", f"{torch.tensor([1, 2])}")
try:
    print(f"{torch.tensor([1.0, 2.0]):.2f}")
except TypeError as e:
    print("TypeError:", e)
print(str(torch.float32), repr(torch.int64), torch.device("cpu"), repr(torch.device("cpu")), torch.Size([2, 3]), repr(torch.Size([])))
print(torch.tensor([1.0]).device.type, torch.zeros(2).is_cuda, torch.ones(1).layout, torch.ones(2).dtype.is_floating_point)
print(torch.linspace(0, 1, 7) * 1e-3, torch.tensor([123.456, 0.001]))
''',
    'loss_zoo_prints': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(0)
pred = torch.randn(4, 3, requires_grad=True)
target = torch.tensor([0, 2, 1, 2])
for crit in [nn.CrossEntropyLoss(), nn.CrossEntropyLoss(label_smoothing=0.1), nn.CrossEntropyLoss(weight=torch.tensor([1.0, 2.0, 0.5])), nn.CrossEntropyLoss(ignore_index=2), nn.CrossEntropyLoss(reduction="sum")]:
    l = crit(pred, target)
    print(crit, l)
print(nn.NLLLoss(reduction="none")(F.log_softmax(pred, 1), target))
logits = torch.randn(5, requires_grad=True)
y = torch.tensor([1.0, 0.0, 1.0, 1.0, 0.0])
print(nn.BCEWithLogitsLoss()(logits, y), nn.BCEWithLogitsLoss(pos_weight=torch.tensor(3.0))(logits, y))
print(nn.BCELoss()(torch.sigmoid(logits), y), torch.sigmoid(logits))
reg_p, reg_t = torch.randn(6, requires_grad=True), torch.randn(6)
for crit in [nn.MSELoss(), nn.L1Loss(), nn.SmoothL1Loss(beta=0.5), nn.HuberLoss(delta=0.3), nn.MSELoss(reduction="sum")]:
    print(crit, crit(reg_p, reg_t))
print(nn.KLDivLoss(reduction="batchmean")(F.log_softmax(pred, 1), F.softmax(torch.randn(4, 3), 1)))
print(nn.CosineEmbeddingLoss()(torch.randn(2, 4), torch.randn(2, 4), torch.tensor([1, -1])))
print(nn.MarginRankingLoss(margin=0.5)(torch.tensor([1.0, 2.0]), torch.tensor([1.5, 1.0]), torch.tensor([1.0, 1.0])))
print(nn.HingeEmbeddingLoss()(torch.tensor([0.3, 2.0]), torch.tensor([1, -1])))
print(nn.PoissonNLLLoss()(torch.tensor([0.5, 1.0]), torch.tensor([1.0, 2.0])), nn.GaussianNLLLoss()(torch.tensor([1.0]), torch.tensor([1.5]), torch.tensor([0.5])))
print(nn.MultiLabelSoftMarginLoss()(torch.randn(2, 3), torch.tensor([[1.0, 0.0, 1.0], [0.0, 1.0, 0.0]])))
print(nn.TripletMarginLoss()(torch.randn(2, 3), torch.randn(2, 3), torch.randn(2, 3)))
total = F.cross_entropy(pred, target) + F.mse_loss(reg_p, reg_t)
total.backward()
print(total, pred.grad, reg_p.grad)
print(F.cross_entropy(torch.randn(2, 3, 4), torch.tensor([[0, 1, 2, 0], [2, 2, 1, 0]])))
print(F.one_hot(target, num_classes=4), F.one_hot(torch.arange(3)))
''',
    'batchnorm_scratch': r'''
import torch
from torch import nn
torch.manual_seed(3)
def batch_norm(X, gamma, beta, moving_mean, moving_var, eps, momentum):
    if not torch.is_grad_enabled():
        X_hat = (X - moving_mean) / torch.sqrt(moving_var + eps)
    else:
        assert len(X.shape) in (2, 4)
        if len(X.shape) == 2:
            mean = X.mean(dim=0)
            var = ((X - mean) ** 2).mean(dim=0)
        else:
            mean = X.mean(dim=(0, 2, 3), keepdim=True)
            var = ((X - mean) ** 2).mean(dim=(0, 2, 3), keepdim=True)
        X_hat = (X - mean) / torch.sqrt(var + eps)
        moving_mean = (1.0 - momentum) * moving_mean + momentum * mean
        moving_var = (1.0 - momentum) * moving_var + momentum * var
    Y = gamma * X_hat + beta
    return Y, moving_mean.data, moving_var.data
class BatchNorm(nn.Module):
    def __init__(self, num_features, num_dims):
        super().__init__()
        shape = (1, num_features) if num_dims == 2 else (1, num_features, 1, 1)
        self.gamma = nn.Parameter(torch.ones(shape))
        self.beta = nn.Parameter(torch.zeros(shape))
        self.moving_mean = torch.zeros(shape)
        self.moving_var = torch.ones(shape)
    def forward(self, X):
        Y, self.moving_mean, self.moving_var = batch_norm(X, self.gamma, self.beta, self.moving_mean, self.moving_var, eps=1e-5, momentum=0.1)
        return Y
X = torch.randn(8, 3, 4, 4) * 2 + 1
ours = BatchNorm(3, 4)
ref = nn.BatchNorm2d(3)
for _ in range(3):
    y1, y2 = ours(X), ref(X)
print(torch.allclose(y1, y2, atol=1e-5), y1.shape)
print(ours.moving_mean.flatten(), ref.running_mean)
print(ref.running_var, ref.num_batches_tracked, ref.state_dict().keys())
print(ours.moving_var.flatten())
ref.eval()
with torch.no_grad():
    print(torch.allclose(ours(X), ref(X), atol=1e-4))
print(ref(X).mean().abs() < 1.0, ref.training, ref.track_running_stats, ref.momentum, ref.eps)
ln = nn.LayerNorm(4)
x2 = torch.tensor([[1.0, 2.0, 3.0, 4.0], [2.0, 2.0, 2.0, 6.0]])
print(ln(x2), (x2 - x2.mean(-1, keepdim=True)) / torch.sqrt(x2.var(-1, unbiased=False, keepdim=True) + 1e-5))
bn1 = nn.BatchNorm1d(4, affine=False)
print(bn1(x2), bn1.running_mean, list(bn1.parameters()))
''',
    'rng_sampling_tour': r'''
import torch
torch.manual_seed(2024)
print(torch.rand(3), torch.randn(2, 2), torch.randint(0, 10, (5,)), torch.randint(3, (2, 3)))
print(torch.randperm(8), torch.rand(2, dtype=torch.float64), torch.randn(3).dtype)
print(torch.normal(torch.zeros(3), torch.tensor([1.0, 0.1, 10.0])), torch.normal(2.0, 3.0, size=(2,)))
print(torch.bernoulli(torch.full((6,), 0.5)), torch.multinomial(torch.tensor([0.1, 0.2, 0.7]), 5, replacement=True))
print(torch.multinomial(torch.tensor([1.0, 1.0, 1.0, 1.0]), 3), torch.poisson(torch.tensor([1.0, 5.0, 20.0])))
g = torch.Generator().manual_seed(7)
print(torch.rand(2, generator=g), g.initial_seed(), torch.randn(2, generator=torch.Generator().manual_seed(7)))
state = torch.get_rng_state()
a = torch.rand(3)
torch.set_rng_state(state)
b = torch.rand(3)
print(torch.equal(a, b), state.shape, state.dtype, torch.initial_seed())
torch.manual_seed(0)
x1 = torch.empty(3).uniform_(-1, 1)
x2 = torch.empty(3).normal_(0, 0.5)
x3 = torch.empty(4).exponential_()
x4 = torch.empty(2, dtype=torch.long).random_(0, 100)
x5 = torch.empty(3).geometric_(0.3)
x6 = torch.empty(3).log_normal_()
x7 = torch.empty(3).cauchy_()
print(x1, x2, x3, x4, x5, x6, x7)
print(torch.rand_like(x1), torch.randn_like(x1), torch.randint_like(x4, 5))
d = torch.distributions.Categorical(probs=torch.tensor([0.25, 0.25, 0.5]))
print(d, d.sample((6,)), d.log_prob(torch.tensor(2)), d.entropy())
n = torch.distributions.Normal(torch.tensor([0.0]), torch.tensor([1.0]))
print(n, n.sample(), n.rsample((2,)).shape, n.log_prob(torch.tensor([0.5])), n.cdf(torch.tensor(0.0)))
torch.manual_seed(0)
idx = torch.randperm(10)[:4]
print(idx, torch.arange(10)[idx], torch.rand(3).argsort())
with torch.random.fork_rng():
    torch.manual_seed(99)
    inner = torch.rand(1)
print(inner, torch.rand(1))
print(torch.seed() > 0, torch.randint(0, 2 ** 40, (2,)).dtype)
''',
    'transfer_freeze_groups': r'''
import torch
from torch import nn
torch.manual_seed(0)
backbone = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten())
model = nn.Sequential()
model.add_module("features", backbone)
model.add_module("fc", nn.Linear(8, 10))
print(model)
for param in model.features.parameters():
    param.requires_grad = False
model.fc = nn.Linear(8, 4)
params_to_update = [name for name, p in model.named_parameters() if p.requires_grad]
print(params_to_update)
total = sum(p.numel() for p in model.parameters())
trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
print(f"total={total:,} trainable={trainable:,} frozen={total - trainable}")
opt = torch.optim.SGD([
    {"params": model.features.parameters(), "lr": 1e-4},
    {"params": model.fc.parameters()}], lr=1e-2, momentum=0.9)
print(opt)
x = torch.randn(4, 3, 8, 8)
y = torch.tensor([0, 1, 2, 3])
model.train()
for step in range(3):
    opt.zero_grad()
    loss = nn.functional.cross_entropy(model(x), y)
    loss.backward()
    opt.step()
    print(step, f"{loss.item():.4f}", model.features[0].weight.grad is None, model.fc.weight.grad.norm() > 0)
print(model.features[1].running_mean.norm() > 0, model.features[1].num_batches_tracked)
model.features.eval()
print([m.training for m in model.modules()])
model.requires_grad_(True)
print(sum(p.requires_grad for p in model.parameters()), len(list(model.buffers())), [n for n, _ in model.named_buffers()])
model.zero_grad(set_to_none=True)
print(model.fc.weight.grad, model.features[0].weight.requires_grad)
print(opt.state_dict()["param_groups"])
print(model.fc.weight.shape, model.get_submodule("features.1"), model.get_parameter("fc.bias").shape)
print(model.fc.weight.dtype, model.double().fc.weight.dtype, next(model.parameters()).device)
''',
    'param_containers_repr': r'''
import torch
from torch import nn
torch.manual_seed(0)
class Mixer(nn.Module):
    def __init__(self):
        super().__init__()
        self.alphas = nn.ParameterList([nn.Parameter(torch.ones(2)), nn.Parameter(torch.zeros(3, 2))])
        self.table = nn.ParameterDict({"scale": nn.Parameter(torch.tensor(2.0)), "shift": nn.Parameter(torch.zeros(4, dtype=torch.float64))})
        self.register_parameter("unused", None)
        self.register_buffer("mask", torch.ones(3, dtype=torch.bool), persistent=False)
        self.register_buffer("count", torch.zeros((), dtype=torch.long))
        self.ident = nn.Identity(54, unused_arg="x")
        self.unflat = nn.Unflatten(1, (2, 5))
        self.bil = nn.Bilinear(2, 3, 4)
m = Mixer()
print(m)
print(m.alphas, m.table)
print([n for n, _ in m.named_parameters()], list(m.state_dict().keys()))
print(m.unused, m.table["scale"], len(m.alphas), list(m.table.keys()))
try:
    m.bil.weight = torch.zeros(4, 2, 3)
except TypeError as e:
    print("TypeError:", e)
try:
    m.register_buffer("bil", torch.zeros(1))
except KeyError as e:
    print("KeyError:", e)
try:
    m.nonexistent
except AttributeError as e:
    print("AttributeError:", e)
emb = nn.Embedding.from_pretrained(torch.tensor([[0.0, 1.0], [2.0, 3.0]]))
print(emb, emb.weight.requires_grad, emb(torch.tensor([1, 0, 1])))
emb2 = nn.Embedding(5, 2, max_norm=1.0)
print(emb2)
print(m.unflat(torch.arange(20.0).view(2, 10)).shape, m.bil(torch.ones(1, 2), torch.ones(1, 3)).shape)
pl = nn.ParameterList()
pl.append(nn.Parameter(torch.randn(1)))
pl.extend([nn.Parameter(torch.randn(2, 2))])
print(pl, len(pl))
print(nn.ModuleList([nn.ReLU(), nn.ReLU(), nn.Linear(1, 1), nn.ReLU()]))
print(nn.Sequential(*[nn.Linear(2, 2) for _ in range(3)]))
md = nn.ModuleDict([("a", nn.Tanh()), ("b", nn.Sigmoid())])
md.update({"c": nn.ReLU6()})
print(md, "a" in md, md.pop("a"), list(md))
del m.bil
print([n for n, _ in m.named_children()], m.count, m._buffers.keys())
print(nn.utils.parameters_to_vector(pl.parameters()).shape, sum(p.numel() for p in m.parameters()))
clip = nn.utils.clip_grad_norm_
w = nn.Parameter(torch.tensor([3.0, 4.0])); w.grad = torch.tensor([3.0, 4.0])
print(clip([w], max_norm=1.0), w.grad)
''',
}

ember_outputs, torch_outputs, test_program_matches_pytorch = program_tests(PROGRAMS, quiet_warnings=True)


# ------------------------------------------------------------------ golden tests of the fixes
def test_numpy_axis_keepdims_aliases():
    """PyTorch's argument parser takes NumPy's ``axis``/``keepdims`` for ``dim``/``keepdim`` (d2l's code
    writes ``X.sum(axis=0, keepdims=True)`` and ``y_hat.argmax(axis=1)``)."""
    x = ember.tensor([[0.0, 5.0, 2.0], [3.0, 1.0, 4.0]])
    assert x.sum(axis=1, keepdims=True).tolist() == [[7.0], [8.0]]
    assert ember.sum(x, axis=0).tolist() == [3.0, 6.0, 6.0]
    assert x.mean(axis=[0]).tolist() == [1.5, 3.0, 3.0]
    assert x.argmax(axis=1).tolist() == [1, 2] and x.argmin(axis=0, keepdims=True).tolist() == [[0, 1, 0]]
    assert ember.argmax(x, axis=None).item() == 1
    mx = x.max(axis=1)
    assert mx.values.tolist() == [5.0, 4.0] and mx.indices.tolist() == [1, 2]
    assert ember.min(x, axis=0, keepdims=True).values.tolist() == [[0.0, 1.0, 2.0]]
    assert x.prod(axis=0).tolist() == [0.0, 5.0, 8.0] and x.cumsum(axis=1).tolist() == [[0.0, 5.0, 7.0], [3.0, 4.0, 8.0]]
    assert x.amax(axis=0).tolist() == [3.0, 5.0, 4.0] and x.amin(axis=1).tolist() == [0.0, 1.0]
    assert (x > 0).all(axis=1).tolist() == [False, True] and (x > 4).any(axis=0).tolist() == [False, True, False]
    assert x.var(axis=1).tolist() == [6.333333492279053, 2.3333332538604736]
    assert x.std(axis=0, keepdims=True).shape == (1, 3)
    assert x.logsumexp(axis=1).shape == (2,) and x.softmax(axis=1).sum(1).tolist() == [1.0, 1.0]
    assert ember.log_softmax(x, axis=0).shape == (2, 3)
    assert ember.cat([x, x], axis=1).shape == (2, 6) and ember.stack([x, x], axis=2).shape == (2, 3, 2)
    assert ember.concat([x, x], axis=0).shape == (4, 3)
    y = ember.ones(3, requires_grad=True)
    assert y.sum(axis=0).grad_fn.name() == "SumBackward1" and y.sum(axis=None).grad_fn.name() == "SumBackward1"
    assert y.sum().grad_fn.name() == "SumBackward0"
    # both spellings at once: PyTorch's parser rejects the alias as an unexpected keyword
    raises_exactly(lambda: x.sum(1, axis=1), TypeError, "sum() got an unexpected keyword argument 'axis'")
    raises_exactly(lambda: x.argmax(dim=0, axis=1), TypeError, "argmax() got an unexpected keyword argument 'axis'")


def test_numpy_aliases_match_torch():
    torch = pytest.importorskip("torch")
    for lib in (torch, ember):
        x = lib.arange(12.0).reshape(3, 4)
        got = [x.sum(axis=(0, 1)).item(), x.mean(axis=1, keepdims=True).shape, x.argmax(axis=0, keepdims=True).tolist(),
               lib.max(x, axis=1, keepdims=True).values.tolist(), lib.cat([x, x], axis=0).shape]
        if lib is torch:
            want = got
    assert got == want


def test_tensor_has_no_rsub_method():
    """``torch.rsub`` exists, ``torch.Tensor.rsub`` does not."""
    assert not hasattr(ember.Tensor, "rsub") and hasattr(ember, "rsub")
    assert ember.rsub(ember.tensor([1.0, 2.0]), 3).tolist() == [2.0, 1.0]
    with pytest.raises(AttributeError):
        ember.ones(1).rsub(1)


def test_fft_of_real_input_fills_the_mirrored_half_with_conjugates():
    """PyTorch's ``fft`` of a real input runs r2c and fills the other half with conjugates, so the
    impulse's mirrored bin reads ``1.-0.j`` (NumPy's c2c gives ``1.+0.j``)."""
    import math
    out = ember.fft.fft(ember.tensor([1.0, 0.0, 0.0, 0.0]))
    assert [math.copysign(1.0, v) for v in out.imag.tolist()] == [1.0, 1.0, 1.0, -1.0]
    assert repr(out) == "tensor([1.+0.j, 1.+0.j, 1.+0.j, 1.-0.j])"
    inv = ember.fft.ifft(ember.tensor([1.0, 0.0, 0.0, 0.0], dtype=ember.float64))
    assert [math.copysign(1.0, v) for v in inv.imag.tolist()] == [-1.0, -1.0, -1.0, 1.0]
    x = ember.tensor([1.0, 2.0, 3.0, 4.0, 5.0])
    f = ember.fft.fft(x)
    assert f.shape == (5,) and f[1].real.item() == f[4].real.item() and f[1].imag.item() == -f[4].imag.item()
