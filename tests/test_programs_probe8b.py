"""Tabular data, time series and image processing by hand (program probe 8b), run under ``python -m ember
run`` and under PyTorch 2.13; stdout must match exactly.

Tabular: synthetic data from the torch RNG (``randn/rand/randint/randperm/multinomial/bernoulli/normal``,
``Tensor.uniform_/exponential_/...``, generators and RNG state), standardisation with ``std``/``var``
(``unbiased``/``correction``), ``randperm`` splits, ``TensorDataset``/``DataLoader``/``random_split``/samplers
and ``default_collate``, logistic regression with ``BCEWithLogitsLoss(pos_weight=)``, weighted multi-class
cross-entropy with early stopping, embeddings for categoricals, k-fold splits, least squares, group-by with
``scatter_add``/``index_add``/``scatter_reduce``, and metrics with torch ops (confusion matrices via
``bincount``, precision/recall/F1, ROC-AUC via ``sort``/``cumsum``/``trapz``, ``bucketize``/``histc``/
``histogram``/``quantile``/``unique``), plus tensor printing of mixed-scale features.  LR schedulers printed
step by step (``OneCycleLR``, ``CosineAnnealingWarmRestarts``, ``LinearLR``, ``SequentialLR``,
``ChainedScheduler``, ``PolynomialLR``, ``CyclicLR``, ``ReduceLROnPlateau``, ``LambdaLR``, ``SWALR``...) with
their ``state_dict``s and warnings.  Time series: sliding windows (``Tensor.unfold``, ``as_strided``, stacked
slices) and their gradients, moving averages with ``conv1d``/``avg_pool1d``, ``cumsum``/``diff``/``roll``,
GRU/LSTM/TCN forecasters, packed sequences, ``rfft`` periodograms and ``stft``/``istft``, per-window
normalisation.  Images without torchvision: Sobel/Gaussian/box/Laplacian filters, ``F.pad`` modes,
``unfold``/``fold``, ``pixel_(un)shuffle``, ``interpolate`` (all modes, antialias, uint8), ``affine_grid`` +
``grid_sample``, flips/rotations, morphology with max-pooling, median filters, Otsu thresholds and histogram
equalisation, NumPy round trips, transposed convolutions, a small autoencoder with PSNR/SSIM, augmentations
and channels-last layouts.  Printed digits are chosen so that BLAS summation order cannot show; messages that
embed a Python ``set`` are printed without it.

The unit tests at the end cover the fixes the probe led to:

* ``F.pad(mode='reflect')``: the "Padding size should be less than the corresponding input dimension" error
  names argument #4/#6/#8 for the W/H/D padding, as ATen's ``reflection_pad{1,2,3}d``;
* ``Tensor.numpy()`` returns a fresh ndarray view of the tensor's memory on each call (never the array given to
  ``from_numpy``), so reshaping it in place cannot change the tensor;
* ``torch.histogram`` runs ``histogramdd``'s range checks ("min should not exceed max", "range [...] is not
  finite"); ``torch.histc``'s "range of [...] is not finite" formats the doubles as C++ does (``1``, ``1e+20``,
  ``nan``; ``-nan`` for a range taken from NaN data);
* ``torch.as_strided`` rejects a negative storage offset and negative sizes with ATen's messages;
* ``relu`` of a dense permuted input (channels-last, transposed) keeps its layout, as TensorIterator does;
  ``flip``/``rot90`` copy in the input's layout (``empty_like(preserve_format)``; ``rot90(k=0)`` is a
  contiguous clone); max/avg/adaptive 2-d pooling (values and indices), ``interpolate`` and constant/reflect/
  replicate ``F.pad`` give a channels-last input a channels-last output as the CPU kernels do (pooling any
  other input a contiguous one; the grad-free ``max_pool1d`` kernel is contiguous);
* ``Tensor.is_contiguous(memory_format=torch.channels_last / channels_last_3d)`` tests the channels-last
  strides (it ignored the argument); ``torch.channels_last_3d`` exists, with ``contiguous``/``to``/``clone``/
  ``empty`` support; ``to(memory_format=)`` copies unless the strides already *suggest* the format (an
  ``(8, 3, 1, 1)`` weight gets strides ``(3, 1, 3, 3)``), and ``clone``/``empty`` honour ``memory_format``.
"""
from __future__ import annotations

import numpy as np
import pytest
from program_runner import program_tests

import ember


PROGRAMS = {
'tab_auc': r'''
import torch
torch.manual_seed(2)
scores = torch.rand(30)
labels = (scores + 0.3 * torch.randn(30) > 0.5).long()
order = torch.sort(scores, descending=True)
print(order.values[:5].round(decimals=4), order.indices[:5])
l = labels[order.indices]
tps = torch.cumsum(l, 0)
fps = torch.cumsum(1 - l, 0)
print(tps.dtype, tps[-5:], fps[-5:])
tpr = tps / tps[-1]; fpr = fps / fps[-1]
tpr = torch.cat([torch.zeros(1), tpr]); fpr = torch.cat([torch.zeros(1), fpr])
auc = torch.trapz(tpr, fpr)
print(round(auc.item(), 4), round(torch.trapezoid(tpr, x=fpr).item(), 4))
print(torch.sort(torch.tensor([3, 1, 2, 1]), stable=True))
print(torch.argsort(torch.tensor([0.5, 0.1, 0.5, 0.9]), descending=True))
q = torch.quantile(scores, torch.tensor([0.1, 0.5, 0.9]))
print(q.round(decimals=4))
print(torch.quantile(scores, 0.25, interpolation='lower').round(decimals=4), torch.quantile(scores, 0.25, interpolation='nearest').round(decimals=4), torch.quantile(scores, 0.25, interpolation='midpoint').round(decimals=4))
b = torch.bucketize(scores[:8], q)
print(b, torch.bucketize(scores[:8], q, right=True))
print(torch.searchsorted(q, torch.tensor([0.0, 0.5, 1.0])))
print(torch.histc(scores, bins=5, min=0, max=1))
print(torch.histc(torch.tensor([1., 2, 1]), bins=4, min=0, max=3))
print(torch.histogram(scores, bins=4))
try:
    torch.quantile(scores, 1.5)
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.histc(torch.arange(4), bins=3)
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.bincount(torch.tensor([-1, 2]))
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.bincount(torch.tensor([1.0, 2.0]))
except Exception as e:
    print(type(e).__name__, e)
print(torch.bincount(torch.tensor([0, 1, 1, 3]), weights=torch.tensor([0.5, 1., 1., 2.])))
print(torch.nanquantile(torch.tensor([1., float('nan'), 3., 2.]), 0.5))
''',
'tab_data': r'''
import torch
from torch.utils.data import TensorDataset, DataLoader, random_split, Subset, WeightedRandomSampler, Dataset, SubsetRandomSampler, BatchSampler, SequentialSampler, ConcatDataset
torch.manual_seed(6)
X = torch.arange(20.).view(10, 2); y = torch.tensor([0, 0, 0, 0, 0, 0, 0, 1, 1, 1])
ds = TensorDataset(X, y)
tr, va = random_split(ds, [0.7, 0.3], generator=torch.Generator().manual_seed(42))
print(len(tr), len(va), tr.indices, va.indices, type(tr).__name__)
tr2, va2 = random_split(ds, [8, 2], generator=torch.Generator().manual_seed(0))
print(tr2.indices, va2.indices)
w = 1.0 / torch.bincount(y).float()
sw = w[y]
s = WeightedRandomSampler(sw, num_samples=12, replacement=True, generator=torch.Generator().manual_seed(1))
idx = list(s)
print(idx, torch.bincount(y[idx]))
dl = DataLoader(ds, batch_size=4, sampler=s)
for xb, yb in dl:
    print(xb.shape, yb)
print(list(BatchSampler(SequentialSampler(range(7)), 3, drop_last=False)), list(BatchSampler(range(7), 3, True)))
print(sorted(SubsetRandomSampler([1, 3, 5], generator=torch.Generator().manual_seed(0))))
class D(Dataset):
    def __len__(self): return 5
    def __getitem__(self, i): return {'x': torch.tensor([i, i * 2.]), 'y': i % 2, 'id': f'r{i}'}
for b in DataLoader(D(), batch_size=2):
    print(b)
cd = ConcatDataset([ds, Subset(ds, [0, 1])])
print(len(cd), cd[10], cd.cumulative_sizes)
dl2 = DataLoader(ds, batch_size=3, drop_last=True, shuffle=True, generator=torch.Generator().manual_seed(3))
print(len(dl2), [yb.tolist() for _, yb in dl2])
print(next(iter(DataLoader(ds, batch_size=4, collate_fn=lambda b: len(b)))))
try:
    random_split(ds, [5, 4])
except Exception as e:
    print(type(e).__name__, e)
try:
    TensorDataset(X, y[:5])
except Exception as e:
    print(type(e).__name__, e)
try:
    DataLoader(ds, batch_size=2, shuffle=True, sampler=s)
except Exception as e:
    print(type(e).__name__, e)
try:
    WeightedRandomSampler(sw, num_samples=20, replacement=False)
    list(WeightedRandomSampler(sw, num_samples=20, replacement=False))
except Exception as e:
    print(type(e).__name__, e)
try:
    ds[10]
except Exception as e:
    print(type(e).__name__, e)
''',
'tab_embed': r'''
import torch
import torch.nn as nn
import copy, io
torch.manual_seed(7)
n = 64
cat1 = torch.randint(0, 5, (n,)); cat2 = torch.randint(0, 3, (n,))
num = torch.randn(n, 2)
y = ((cat1 == 2) | (num[:, 0] > 0.5)).float()
class Scaler(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.register_buffer('mu', torch.zeros(d)); self.register_buffer('sd', torch.ones(d))
    def fit(self, x):
        self.mu.copy_(x.mean(0)); self.sd.copy_(x.std(0)); return self
    def forward(self, x):
        return (x - self.mu) / self.sd
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.e1 = nn.Embedding(5, 3, padding_idx=0)
        self.e2 = nn.Embedding(3, 2, max_norm=1.0)
        self.sc = Scaler(2)
        self.bn = nn.BatchNorm1d(7)
        self.mlp = nn.Sequential(nn.Linear(7, 8), nn.ReLU(), nn.Dropout(0.2), nn.Linear(8, 1))
    def forward(self, c1, c2, x):
        h = torch.cat([self.e1(c1), self.e2(c2), self.sc(x)], 1)
        return self.mlp(self.bn(h)).squeeze(1)
net = Net(); net.sc.fit(num)
print(net)
print(net.e1.weight[0], net.sc.mu.round(decimals=3))
print([k for k in net.state_dict()])
opt = torch.optim.AdamW(net.parameters(), lr=0.05, weight_decay=0.01)
crit = nn.BCEWithLogitsLoss()
best, best_state, wait = 1e9, None, 0
for ep in range(30):
    net.train(); opt.zero_grad()
    loss = crit(net(cat1, cat2, num), y); loss.backward(); opt.step()
    net.eval()
    with torch.inference_mode():
        vl = crit(net(cat1, cat2, num), y).item()
    if vl < best - 1e-4:
        best, best_state, wait = vl, copy.deepcopy(net.state_dict()), 0
    else:
        wait += 1
        if wait > 2:
            print('stop at', ep); break
print(round(best, 3), net.e1.weight.grad[0], net.e2.weight.norm(dim=1).max() <= 1.0 + 1e-6)
buf = io.BytesIO(); torch.save(best_state, buf); buf.seek(0)
net2 = Net(); print(net2.load_state_dict(torch.load(buf)))
net2.eval()
with torch.no_grad():
    print(round(crit(net2(cat1, cat2, num), y).item(), 3), net2.bn.num_batches_tracked)
with torch.inference_mode():
    t = net2(cat1, cat2, num)
print(t.requires_grad, t.is_inference(), torch.is_inference_mode_enabled())
try:
    t.add_(1) if False else (t * 2).requires_grad_()
except Exception as e:
    print(type(e).__name__, e)
try:
    net.e1(torch.tensor([5]))
except Exception as e:
    print(type(e).__name__, e)
try:
    net.e1(torch.tensor([1.0]))
except Exception as e:
    print(type(e).__name__, e)
try:
    net2.load_state_dict({'e1.weight': torch.zeros(5, 3)})
except Exception as e:
    print(type(e).__name__, str(e)[:200])
r = net2.load_state_dict({'e1.weight': torch.zeros(5, 3)}, strict=False)
print(len(r.missing_keys), r.unexpected_keys)
''',
'tab_groupby': r'''
import torch
torch.manual_seed(4)
n = 24
cat = torch.randint(0, 4, (n,))
val = torch.randn(n).round(decimals=2)
sums = torch.zeros(4).scatter_add_(0, cat, val)
cnt = torch.zeros(4).index_add_(0, cat, torch.ones(n))
print(cat, sums.round(decimals=3), cnt)
print((sums / cnt).round(decimals=3))
print(torch.zeros(4).scatter_reduce(0, cat, val, reduce='amax', include_self=False))
print(torch.zeros(4).scatter_reduce(0, cat, val, reduce='mean').round(decimals=3))
print(torch.full((4,), 5.).scatter_reduce(0, cat, val, reduce='amin'))
oh = torch.nn.functional.one_hot(cat, num_classes=5)
print(oh.dtype, oh.shape, oh[:3], oh.sum(0))
print(torch.median(val), torch.median(val.view(4, 6), dim=1))
print(torch.mode(cat), torch.kthvalue(val, 3))
print(torch.topk(val, 3), torch.topk(val, 2, largest=False, sorted=True).indices)
m = val.clone(); m[::5] = float('nan')
print(m.isnan().sum(), torch.nanmean(m).round(decimals=4), torch.nansum(m).round(decimals=3), torch.nanmedian(m))
print(torch.nan_to_num(m[:6], nan=0.0), torch.where(m.isnan(), torch.zeros_like(m), m)[:6])
filled = m.masked_fill(m.isnan(), torch.nanmean(m).item())
print(filled[:6].round(decimals=3))
mat = torch.stack([val, val * 2 + 0.1 * torch.randn(n), torch.randn(n)])
print(torch.cov(mat).round(decimals=3))
print(torch.corrcoef(mat).round(decimals=3))
print(torch.cov(mat, correction=0).shape, torch.cov(mat, fweights=torch.ones(n, dtype=torch.long) * 2).round(decimals=3)[0])
print(torch.std_mean(val), torch.var_mean(val.view(4, 6), dim=1, correction=0))
print(torch.aminmax(val), torch.max(val.view(4, 6), 1))
try:
    torch.zeros(3).scatter_add_(0, cat, val)
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.nn.functional.one_hot(cat, 3)
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.nn.functional.one_hot(val)
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.zeros(4).scatter_reduce(0, cat, val, reduce='max')
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.cov(torch.randn(2, 3, 4))
except Exception as e:
    print(type(e).__name__, e)
''',
'tab_hist': r'''
import torch
torch.manual_seed(15)
v = torch.randn(50)
h = torch.histogram(v, bins=5, range=(-2., 2.), weight=torch.ones(50) * 0.5)
print(h.hist, h.bin_edges)
print(torch.histogram(v, torch.tensor([-3., -1., 0., 1., 3.]), density=True).hist.round(decimals=4))
hd = torch.histogramdd(torch.randn(20, 2), bins=[2, 3])
print(hd.hist, [e.round(decimals=3) for e in hd.bin_edges])
print(torch.bucketize(v[:5], torch.tensor([-1., 0., 1.]), out_int32=True), torch.searchsorted(torch.tensor([-1., 0., 1.]), v[:5], out_int32=True, right=True))
print(torch.histc(v, bins=4, min=-1, max=1), torch.histc(v.double(), bins=3))
print(torch.histc(torch.tensor([]), bins=3, min=0, max=1))
try:
    torch.histc(v, bins=4, min=2, max=1)
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.histc(v, bins=0)
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.histogram(v, bins=3, range=(1., -1.))
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.histc(torch.tensor([float('nan'), 1.]), bins=2)
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.histc(torch.tensor([float('inf'), 1.]), bins=2)
except Exception as e:
    print(type(e).__name__, e)
print(torch.histc(torch.tensor([float('inf'), 1.]), bins=2, min=0, max=2))
print(torch.histc(torch.tensor([float('nan'), 1.]), bins=2, min=0, max=2))
print(torch.unique(v.round(), return_counts=True))
print(torch.unique(torch.tensor([3, 1, 3, 2]), sorted=False, return_inverse=True))
print(torch.unique(torch.tensor([[2, 1], [2, 1], [0, 0]]), dim=1, return_inverse=True))
print(torch.bincount(torch.tensor([], dtype=torch.long)), torch.bincount(torch.tensor([], dtype=torch.long), minlength=3))
print(torch.bincount(torch.tensor([1, 1, 2], dtype=torch.uint8), weights=torch.tensor([1, 2, 3], dtype=torch.int32)))
try:
    torch.bincount(torch.tensor([[1, 2]]))
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.bincount(torch.tensor([1, 2]), weights=torch.tensor([1.]))
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.bincount(torch.tensor([1, 2]), minlength=-1)
except Exception as e:
    print(type(e).__name__, e)
''',
'tab_kfold': r'''
import torch
import torch.nn as nn
torch.manual_seed(13)
N = 30
X = torch.randn(N, 2); y = (X.sum(1) > 0).long()
idx = torch.randperm(N)
folds = torch.tensor_split(idx, 4)
print([f.tolist() for f in folds])
print([c.shape[0] for c in torch.chunk(idx, 4)], [c.shape[0] for c in idx.split(8)], [c.shape[0] for c in idx.split([10, 20])])
accs = []
for k, val in enumerate(folds):
    trn = torch.cat([f for j, f in enumerate(folds) if j != k])
    torch.manual_seed(k)
    m = nn.Linear(2, 2)
    opt = torch.optim.SGD(m.parameters(), lr=0.5)
    for _ in range(20):
        opt.zero_grad(); nn.functional.cross_entropy(m(X[trn]), y[trn]).backward(); opt.step()
    with torch.no_grad():
        acc = (m(X[val]).argmax(1) == y[val]).float().mean().item()
    accs.append(acc)
    print(k, trn.shape[0], val.shape[0], round(acc, 3))
a = torch.tensor(accs)
print(a.mean().round(decimals=4), a.std().round(decimals=4), a.std(correction=0).round(decimals=4))
ens = torch.stack([torch.softmax(torch.randn(5, 2), 1) for _ in range(3)])
print(ens.shape, ens.mean(0).argmax(1), ens.argmax(2).mode(0).values)
print(torch.tensor_split(torch.arange(10), [2, 5]), torch.tensor_split(torch.arange(7), 3))
print(torch.tensor_split(torch.arange(12).view(3, 4), torch.tensor([1]), dim=1)[1])
print(torch.hsplit(torch.arange(8).view(2, 4), 2)[0], torch.vsplit(torch.arange(8).view(4, 2), [1])[1].shape)
try:
    torch.chunk(idx, 0)
except Exception as e:
    print(type(e).__name__, e)
try:
    idx.split([10, 10])
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.tensor_split(idx, 2.0)
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.hsplit(torch.arange(9).view(3, 3), 2)
except Exception as e:
    print(type(e).__name__, e)
''',
'tab_linreg': r'''
import torch
torch.manual_seed(5)
n = 50
X = torch.randn(n, 3, dtype=torch.float64)
beta = torch.tensor([2.0, -1.0, 0.5], dtype=torch.float64)
y = X @ beta + 0.7 + 0.1 * torch.randn(n, dtype=torch.float64)
A = torch.cat([X, torch.ones(n, 1, dtype=torch.float64)], 1)
sol = torch.linalg.lstsq(A, y.unsqueeze(1))
print(type(sol).__name__, sol.solution.shape, sol.solution.squeeze().round(decimals=3))
print(sol.rank, sol.residuals, sol.singular_values)
ne = torch.linalg.solve(A.T @ A, A.T @ y)
print(ne.round(decimals=3), torch.allclose(ne, sol.solution.squeeze()))
print((torch.linalg.pinv(A) @ y).round(decimals=3))
res = y - A @ ne
r2 = 1 - res.pow(2).sum() / (y - y.mean()).pow(2).sum()
print(round(r2.item(), 4), res.dtype)
lam = 1.0
ridge = torch.linalg.solve(A.T @ A + lam * torch.eye(4, dtype=torch.float64), A.T @ y)
print(ridge.round(decimals=3))
Af = A.float(); yf = y.float()
w = torch.zeros(4, requires_grad=True)
opt = torch.optim.SGD([w], lr=0.1)
for i in range(100):
    opt.zero_grad()
    loss = ((Af @ w - yf) ** 2).mean()
    loss.backward(); opt.step()
print(w.detach().round(decimals=2), round(loss.item(), 3))
mae = torch.nn.L1Loss()(Af @ w, yf); hub = torch.nn.HuberLoss(delta=0.5)(Af @ w, yf); sm = torch.nn.SmoothL1Loss(beta=0.5)(Af @ w, yf)
print(round(mae.item(), 3), round(hub.item(), 4), round(sm.item(), 4))
try:
    torch.linalg.solve(A, y)
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.linalg.lstsq(A, y.float().unsqueeze(1))
except Exception as e:
    print(type(e).__name__, e)
try:
    Af @ w.double()
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.linalg.solve(torch.zeros(2, 2), torch.ones(2))
except Exception as e:
    print(type(e).__name__, e)
''',
'tab_logreg': r'''
import torch
import torch.nn as nn
from torch.utils.data import TensorDataset, DataLoader
torch.manual_seed(1)
N = 120
X = torch.randn(N, 3)
y = (X[:, 0] - X[:, 1] * 0.5 + 0.2 * torch.randn(N) > 0.8).float()
print('pos', int(y.sum()), 'neg', int((1 - y).sum()))
pos_weight = ((1 - y).sum() / y.sum()).reshape(1)
print(pos_weight.round(decimals=4))
ds = TensorDataset(X, y.unsqueeze(1))
print(len(ds), [t.shape for t in ds[0]])
dl = DataLoader(ds, batch_size=32, shuffle=True, generator=torch.Generator().manual_seed(0))
print(len(dl))
model = nn.Linear(3, 1)
crit = nn.BCEWithLogitsLoss(pos_weight=pos_weight)
print(crit)
opt = torch.optim.SGD(model.parameters(), lr=0.5)
for epoch in range(5):
    tot = 0.0
    for xb, yb in dl:
        opt.zero_grad()
        loss = crit(model(xb), yb)
        loss.backward()
        opt.step()
        tot += loss.item() * len(xb)
    print(epoch, round(tot / N, 3))
with torch.no_grad():
    prob = torch.sigmoid(model(X)).squeeze(1)
pred = (prob > 0.5).long()
yl = y.long()
cm = torch.bincount(yl * 2 + pred, minlength=4).reshape(2, 2)
print(cm)
tp, fp, fn = cm[1, 1], cm[0, 1], cm[1, 0]
prec = tp / (tp + fp); rec = tp / (tp + fn)
print(prec.dtype, round(prec.item(), 3), round(rec.item(), 3), round((2 * prec * rec / (prec + rec)).item(), 3))
try:
    crit(model(X), y)
except Exception as e:
    print(type(e).__name__, e)
try:
    nn.BCEWithLogitsLoss()(model(X).squeeze(1), yl)
except Exception as e:
    print(type(e).__name__, e)
print(nn.BCELoss()(prob, y).round(decimals=3))
''',
'tab_metrics': r'''
import torch
torch.manual_seed(8)
y = torch.randint(0, 2, (40,))
s = (y.float() * 0.6 + torch.rand(40) * 0.7).clamp(0, 1)
ths = torch.linspace(0, 1, 6)
print(ths)
pred = s[None, :] >= ths[:, None]
tp = (pred & (y == 1)).sum(1); fp = (pred & (y == 0)).sum(1)
fn = (~pred & (y == 1)).sum(1); tn = (~pred & (y == 0)).sum(1)
print(tp, fp, fn, tn, tp.dtype)
prec = tp / (tp + fp); rec = tp / (tp + fn)
print(prec.round(decimals=3), rec)
f1 = 2 * prec * rec / (prec + rec)
print(f1.round(decimals=3), torch.nan_to_num(f1).argmax(), f1.nanmean().round(decimals=4))
print((tp + tn).float().div(40), torch.true_divide(tp, 7).round(decimals=2), torch.div(tp, 7, rounding_mode='floor'), tp // 7, tp % 7)
acc = (s.round() == y).float().mean()
print(f"acc={acc:.3f}", f"{acc.item():.2%}", "%.4f" % acc)
print(s.round()[:6], torch.tensor([0.5, 1.5, 2.5, -0.5]).round(), torch.tensor([1.2345]).round(decimals=2))
try:
    print(f"{s[:2]:.3f}")
except Exception as e:
    print(type(e).__name__, e)
logits = torch.logit(s.clamp(1e-3, 1 - 1e-3))
print(torch.nn.functional.binary_cross_entropy_with_logits(logits, y.float()).round(decimals=4))
print(torch.nn.functional.binary_cross_entropy(s, y.float(), reduction='sum').round(decimals=3))
ranks = s.argsort().argsort().float() + 1
auc = (ranks[y == 1].sum() - (y == 1).sum() * ((y == 1).sum() + 1) / 2) / ((y == 1).sum() * (y == 0).sum())
print(auc.dtype, round(auc.item(), 4))
brier = ((s - y) ** 2).mean()
print(round(brier.item(), 4), (s - y).dtype)
bins = torch.bucketize(s, torch.linspace(0, 1, 5)[1:-1])
print(bins[:10], torch.bincount(bins, minlength=4))
cal = torch.zeros(4).index_add_(0, bins, y.float()) / torch.bincount(bins, minlength=4).clamp(min=1)
print(cal.round(decimals=3))
mcc_num = tp * tn - fp * fn
print(mcc_num, mcc_num.dtype)
try:
    torch.nn.functional.binary_cross_entropy(s * 2, y.float())
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.nn.functional.binary_cross_entropy(s, y)
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.bucketize(s, torch.tensor([[0.5]]))
except Exception as e:
    print(type(e).__name__, e)
''',
'tab_multiclass': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(3)
N, C = 90, 3
centers = torch.tensor([[0., 0.], [2., 2.], [-2., 2.]])
y = torch.multinomial(torch.tensor([0.6, 0.3, 0.1]), N, replacement=True)
X = centers[y] + 0.8 * torch.randn(N, 2)
counts = torch.bincount(y, minlength=C)
print(counts)
w = counts.sum() / (C * counts.float())
print(w.round(decimals=4))
model = nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, C))
crit = nn.CrossEntropyLoss(weight=w, label_smoothing=0.05)
print(crit)
opt = torch.optim.Adam(model.parameters(), lr=0.05)
best, bad, patience = float('inf'), 0, 3
for ep in range(40):
    opt.zero_grad()
    loss = crit(model(X), y)
    loss.backward(); opt.step()
    if ep % 5 == 0:
        print(ep, round(loss.item(), 3))
    if loss.item() < best - 1e-3:
        best, bad = loss.item(), 0
    else:
        bad += 1
        if bad >= patience:
            print('early stop', ep); break
pred = model(X).argmax(1)
cm = torch.bincount(y * C + pred, minlength=C * C).view(C, C)
print(cm)
prec = cm.diag() / cm.sum(0).clamp(min=1)
rec = cm.diag() / cm.sum(1)
f1 = 2 * prec * rec / (prec + rec + 1e-12)
print(prec.round(decimals=3), rec.round(decimals=3), f1.round(decimals=3))
print('macro', round(f1.mean().item(), 3), 'acc', round((pred == y).float().mean().item(), 3))
print(F.nll_loss(F.log_softmax(model(X), 1), y, weight=w, reduction='none')[:4].round(decimals=3))
try:
    nn.CrossEntropyLoss(weight=torch.ones(2))(model(X), y)
except Exception as e:
    print(type(e).__name__, e)
try:
    nn.CrossEntropyLoss()(model(X), y.float())
except Exception as e:
    print(type(e).__name__, e)
try:
    nn.CrossEntropyLoss()(model(X), y + 3)
except Exception as e:
    print(type(e).__name__, e)
''',
'tab_pipeline': r'''
import torch
import torch.nn as nn
from torch.utils.data import TensorDataset, DataLoader
torch.manual_seed(28)
N = 200
age = torch.randint(18, 80, (N,)).float()
income = torch.distributions.LogNormal(10.5, 0.4).sample((N,))
city = torch.randint(0, 4, (N,))
missing = torch.rand(N) < 0.1
income_obs = income.masked_fill(missing, float('nan'))
print(torch.isnan(income_obs).sum(), income_obs.nanmedian().round(), income.log().mean().round(decimals=3))
income_f = torch.where(torch.isnan(income_obs), income_obs.nanmedian(), income_obs)
logit = 0.04 * (age - 45) + 0.8 * (income_f.log() - 10.5) + torch.tensor([0., 0.5, -0.5, 1.0])[city]
y = torch.bernoulli(torch.sigmoid(logit))
print('prevalence', y.mean().item())
Xnum = torch.stack([age, income_f.log(), missing.float()], 1)
Xcat = nn.functional.one_hot(city, 4).float()
X = torch.cat([Xnum, Xcat], 1)
perm = torch.randperm(N); tr, te = perm[:150], perm[150:]
mu, sd = X[tr].mean(0), X[tr].std(0).clamp(min=1e-6)
sd[3:] = 1; mu[3:] = 0
Xs = (X - mu) / sd
print(Xs[tr].mean(0).round(decimals=3), X.dtype, Xs.shape)
model = nn.Sequential(nn.Linear(7, 16), nn.ReLU(), nn.Dropout(0.1), nn.Linear(16, 1))
pw = (y[tr] == 0).sum() / (y[tr] == 1).sum()
crit = nn.BCEWithLogitsLoss(pos_weight=pw)
opt = torch.optim.Adam(model.parameters(), lr=0.01, weight_decay=1e-4)
sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, factor=0.5, patience=2)
dl = DataLoader(TensorDataset(Xs[tr], y[tr]), batch_size=32, shuffle=True)
best = (float('inf'), None)
for ep in range(12):
    model.train()
    for xb, yb in dl:
        opt.zero_grad(); crit(model(xb).squeeze(1), yb).backward(); opt.step()
    model.eval()
    with torch.no_grad():
        vl = crit(model(Xs[te]).squeeze(1), y[te]).item()
    sched.step(vl)
    if vl < best[0]:
        best = (vl, ep)
    if ep % 3 == 2:
        print(ep, round(vl, 3), sched.get_last_lr())
print('best epoch', best[1], round(best[0], 3))
with torch.no_grad():
    p = torch.sigmoid(model(Xs[te]).squeeze(1))
thr = torch.linspace(0.1, 0.9, 9)
f1s = []
for th in thr:
    pr = (p >= th).float()
    tp = (pr * y[te]).sum(); fp = (pr * (1 - y[te])).sum(); fn = ((1 - pr) * y[te]).sum()
    f1s.append((2 * tp / (2 * tp + fp + fn)).item())
f1s = torch.tensor(f1s)
print(f1s.round(decimals=3), thr[f1s.argmax()].item())
order = p.argsort(descending=True)
lift = y[te][order].cumsum(0) / y[te].sum()
print(lift[[4, 9, 24, 49]].round(decimals=3))
dec = torch.bucketize(p, torch.quantile(p, torch.linspace(0.2, 0.8, 4)))
print(torch.bincount(dec), torch.zeros(5).index_add_(0, dec, y[te]).round())
''',
'tab_print': r'''
import torch
torch.manual_seed(9)
income = torch.randn(6) * 20000 + 55000
age = torch.randint(18, 90, (6,)).float()
X = torch.stack([income, age, torch.rand(6) * 1e-4], 1)
print(X.round(decimals=2))
print(X[:, 0].round())
print(X[:, 2].round(decimals=8))
print((X - X.mean(0)) / X.std(0))
torch.set_printoptions(precision=2, sci_mode=False)
print(X.round(decimals=6))
torch.set_printoptions(precision=3, linewidth=60)
print(torch.linspace(0, 1000, 17))
torch.set_printoptions(profile='default')
print(torch.arange(30) * 1000003)
print(torch.tensor([1e-8, 1.0, 1e8]), torch.tensor([1e-5, 0.5]), torch.tensor([123456.7, 0.1]))
print(torch.tensor([float('inf'), -float('inf'), float('nan'), 1.5]))
print(torch.tensor([1.0, 2.0], dtype=torch.float64) * 1e10, torch.tensor([0.1, 0.25], dtype=torch.float16))
print(torch.randn(3, 1200 // 100).round(decimals=2))
print(torch.zeros(2, 0), torch.ones(0, 3, dtype=torch.long), torch.empty(0))
print(torch.arange(1200).float().view(-1)[:: 1].shape, torch.arange(2000.))
print(torch.tensor(3.14159e-3), torch.tensor(-0.0), torch.tensor([True, False]), torch.tensor([-1, 200], dtype=torch.int16))
print(torch.tensor([[1e-10, 1.0], [3.0, 5e4]]))
print(torch.tensor([1.5, 2.5], requires_grad=True) * 2)
print(repr(torch.tensor(2, dtype=torch.uint8)), torch.tensor([2.], dtype=torch.float64), torch.tensor([2], dtype=torch.int32))
torch.set_printoptions(threshold=5, edgeitems=2)
print(torch.arange(10), torch.arange(20.).view(4, 5))
torch.set_printoptions(profile='default')
print(torch.tensor([[0.001234, 12.5], [100.25, -3.0]]))
''',
'tab_rng': r'''
import torch
torch.manual_seed(10)
print(torch.normal(torch.arange(4.), 0.5).round(decimals=4))
print(torch.normal(1.0, torch.arange(1., 4.)).round(decimals=4))
print(torch.poisson(torch.tensor([1., 5., 20.])))
print(torch.randn_like(torch.zeros(3, dtype=torch.float64)).round(decimals=4), torch.randint_like(torch.zeros(4), 10))
t = torch.empty(5)
print(t.uniform_(-1, 1).round(decimals=4), t.exponential_(2.0).round(decimals=4), t.geometric_(0.3), t.log_normal_(0, 0.5).round(decimals=4))
print(t.cauchy_().round(decimals=3), t.random_(0, 10), torch.empty(3, dtype=torch.long).random_(100), t.normal_(5, 0.1).round(decimals=3))
print(torch.bernoulli(torch.full((8,), 0.3)), torch.empty(6).bernoulli_(0.5), torch.zeros(4).bernoulli_(torch.tensor([0.1, 0.9, 0.5, 0.5])))
print(torch.multinomial(torch.tensor([[0.2, 0.8, 0.0], [0.5, 0.25, 0.25]]), 2))
print(torch.randperm(50)[:10], torch.randperm(5, dtype=torch.int32))
g = torch.Generator().manual_seed(123)
st = g.get_state()
a = torch.rand(3, generator=g); g.set_state(st); b = torch.rand(3, generator=g)
print(torch.equal(a, b), g.initial_seed(), st.dtype, st.shape)
cs = torch.get_rng_state(); u = torch.randn(2); torch.set_rng_state(cs); print(torch.equal(u, torch.randn(2)))
print(torch.nn.functional.dropout(torch.ones(10), 0.5))
print(torch.nn.Dropout(0.3)(torch.ones(2, 5)))
print(torch.randn(2, 3, dtype=torch.float64).round(decimals=5))
print(torch.rand(4, dtype=torch.float16), torch.randint(-5, 5, (4,), dtype=torch.int8))
with torch.random.fork_rng():
    torch.manual_seed(0); print(torch.rand(1))
print(torch.rand(1), torch.initial_seed())
print(torch.distributions.Normal(0., 1.).sample((3,)).round(decimals=4), torch.distributions.Categorical(probs=torch.tensor([0.2, 0.3, 0.5])).sample((5,)))
print(torch.distributions.Bernoulli(0.3).sample((6,)), torch.distributions.Uniform(0., 2.).rsample((2,)).round(decimals=4))
try:
    torch.bernoulli(torch.tensor([1.5]))
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.multinomial(torch.tensor([0., 0.]), 1)
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.normal(torch.zeros(2), -1.0)
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.randint(5, 5, (2,))
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.rand(3, dtype=torch.long)
except Exception as e:
    print(type(e).__name__, e)
''',
'tab_synth': r'''
import torch
torch.manual_seed(0)
X = torch.randn(200, 4)
w = torch.tensor([1.5, -2.0, 0.5, 0.0])
p = torch.sigmoid(X @ w + 0.3)
y = torch.bernoulli(p)
print(y.dtype, y.shape, y.sum().item())
print(X.mean(0).round(decimals=3), X.std(0).round(decimals=3))
print(X.std(0, correction=0).round(decimals=3), X.var(0, unbiased=False).round(decimals=3))
mu, sd = X.mean(0, keepdim=True), X.std(0, keepdim=True)
Xs = (X - mu) / sd
print(Xs.mean(0).abs().max() < 1e-6, Xs.std(0).round(decimals=4))
perm = torch.randperm(200)
print(perm[:10], perm.dtype)
tr, te = perm[:150], perm[150:]
print(X[tr].shape, X[te].shape, y[te][:8])
print(torch.randint(0, 5, (10,)), torch.randint(3, (2, 3)))
print(torch.multinomial(torch.tensor([0.1, 0.2, 0.7]), 8, replacement=True))
print(torch.multinomial(torch.tensor([1., 2., 3., 4.]), 3))
print(torch.normal(2.0, 3.0, size=(2, 3)).round(decimals=3))
print(torch.normal(torch.zeros(3), torch.ones(3)).round(decimals=3))
print(torch.rand(3, dtype=torch.float64))
c = torch.randint(0, 3, (20,))
print(torch.unique(c, return_counts=True))
print(torch.unique(c, sorted=True, return_inverse=True, return_counts=True)[1][:6])
print(torch.bincount(c), torch.bincount(c, minlength=5))
''',
'sched_cyclic': r'''
import torch
from torch.optim.lr_scheduler import CyclicLR, ReduceLROnPlateau
p = [torch.nn.Parameter(torch.zeros(1))]
o = torch.optim.SGD(p, lr=0.1, momentum=0.9)
s = CyclicLR(o, base_lr=0.01, max_lr=0.1, step_size_up=3)
for i in range(8):
    print(i, round(s.get_last_lr()[0], 6), round(o.param_groups[0]['momentum'], 4))
    o.step(); s.step()
o = torch.optim.SGD(p, lr=0.1, momentum=0.9)
s = CyclicLR(o, base_lr=0.01, max_lr=0.1, step_size_up=2, step_size_down=4, mode='triangular2')
print([round((o.step(), s.step(), s.get_last_lr()[0])[2], 5) for _ in range(12)])
o = torch.optim.SGD(p, lr=0.1, momentum=0.9)
s = CyclicLR(o, base_lr=0.01, max_lr=0.1, step_size_up=2, mode='exp_range', gamma=0.9)
print([round((o.step(), s.step(), s.get_last_lr()[0])[2], 5) for _ in range(8)])
try:
    CyclicLR(torch.optim.Adam(p), base_lr=0.01, max_lr=0.1)
except Exception as e:
    print(type(e).__name__, e)
try:
    CyclicLR(o, base_lr=0.01, max_lr=0.1, mode='tri')
except Exception as e:
    print(type(e).__name__, e)
o = torch.optim.SGD(p, lr=1.0)
r = ReduceLROnPlateau(o, mode='min', factor=0.5, patience=1, threshold=0.01, cooldown=1, min_lr=0.1)
for i, v in enumerate([1.0, 0.9, 0.95, 0.91, 0.92, 0.93, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]):
    r.step(v)
    print(i, v, o.param_groups[0]['lr'], r.num_bad_epochs, r.cooldown_counter, r.get_last_lr())
sd = r.state_dict()
print(sorted(sd.keys()))
print(sd['best'], sd['mode'], sd['threshold_mode'], sd['last_epoch'])
r2 = ReduceLROnPlateau(torch.optim.SGD(p, lr=0.1), mode='max', threshold_mode='abs', patience=0)
for v in [0.5, 0.5, 0.6, 0.55]:
    r2.step(v); print(r2.optimizer.param_groups[0]['lr'], end=' ')
print()
try:
    ReduceLROnPlateau(o, mode='avg')
except Exception as e:
    print(type(e).__name__, e)
try:
    ReduceLROnPlateau(o, factor=1.0)
except Exception as e:
    print(type(e).__name__, e)
''',
'sched_misc': r'''
import torch
from torch.optim.lr_scheduler import LambdaLR, MultiplicativeLR, MultiStepLR, StepLR, CosineAnnealingLR, ExponentialLR, OneCycleLR, CyclicLR
from torch.optim.swa_utils import SWALR, AveragedModel
m = torch.nn.Linear(2, 1)
opt = torch.optim.SGD([{'params': [m.weight], 'lr': 0.1}, {'params': [m.bias], 'lr': 0.01}], momentum=0.9)
s = LambdaLR(opt, lr_lambda=[lambda e: 0.9 ** e, lambda e: 1.0 / (e + 1)])
for i in range(4):
    opt.step(); s.step()
    print(i, [round(v, 6) for v in s.get_last_lr()], s.last_epoch)
sd = s.state_dict()
print(sorted(sd.keys()), sd['lr_lambdas'], sd['base_lrs'])
opt = torch.optim.SGD(m.parameters(), lr=1.0)
s = MultiplicativeLR(opt, lambda e: 0.5)
for i in range(3):
    opt.step(); s.step()
print(s.get_last_lr(), s._last_lr)
opt = torch.optim.SGD(m.parameters(), lr=1.0)
s = MultiStepLR(opt, milestones=[2, 4, 4], gamma=0.5)
lrs = []
for i in range(6):
    lrs.append(s.get_last_lr()[0]); opt.step(); s.step()
print(lrs, s.milestones)
opt = torch.optim.SGD(m.parameters(), lr=0.5)
s = CosineAnnealingLR(opt, T_max=4, eta_min=0.1)
print([round((opt.step(), s.step(), s.get_last_lr()[0])[2], 6) for _ in range(10)])
opt2 = torch.optim.SGD(m.parameters(), lr=0.5)
s2 = CosineAnnealingLR(opt2, T_max=4, eta_min=0.1)
s2.load_state_dict(s.state_dict())
print(s2.last_epoch, s2.get_last_lr(), opt2.param_groups[0]['lr'])
try:
    StepLR(torch.optim.SGD(m.parameters(), lr=0.1), step_size=2, last_epoch=3)
except Exception as e:
    print(type(e).__name__, e)
opt = torch.optim.Adam(m.parameters(), lr=1e-3)
oc = OneCycleLR(opt, max_lr=0.01, total_steps=5)
print(opt.param_groups[0]['betas'], [round(v, 6) for v in [opt.param_groups[0]['initial_lr'], opt.param_groups[0]['max_lr'], opt.param_groups[0]['min_lr']]])
opt = torch.optim.SGD(m.parameters(), lr=0.5)
sw = SWALR(opt, swa_lr=0.05, anneal_epochs=3, anneal_strategy='linear')
print([round((opt.step(), sw.step(), sw.get_last_lr()[0])[2], 6) for _ in range(5)])
am = AveragedModel(m)
for k in range(3):
    with torch.no_grad():
        m.weight.add_(1.0)
    am.update_parameters(m)
print(am.n_averaged, am.module.weight.sub(m.weight).round(decimals=4))
opt = torch.optim.SGD(m.parameters(), lr=0.1)
s = ExponentialLR(opt, gamma=0.5)
opt.step(); s.step(); s.step(); 
print(s.last_epoch, s.get_last_lr())
print(type(s).__mro__[1].__name__, isinstance(s, torch.optim.lr_scheduler.LRScheduler))
try:
    MultiStepLR(opt, milestones=2)
except Exception as e:
    print(type(e).__name__, e)
try:
    LambdaLR(opt, lr_lambda=[lambda e: 1, lambda e: 2])
except Exception as e:
    print(type(e).__name__, e)
try:
    StepLR(m, 2)
except Exception as e:
    print(type(e).__name__, e)
''',
'sched_onecycle': r'''
import torch
from torch.optim.lr_scheduler import OneCycleLR
p = [torch.nn.Parameter(torch.zeros(2))]
opt = torch.optim.SGD(p, lr=0.1, momentum=0.9)
s = OneCycleLR(opt, max_lr=1.0, total_steps=10)
for i in range(10):
    print(i, [round(x, 6) for x in s.get_last_lr()], round(opt.param_groups[0]['momentum'], 6))
    opt.step(); s.step()
print(sorted(s.state_dict().keys()))
opt2 = torch.optim.Adam(p, lr=0.1)
s2 = OneCycleLR(opt2, max_lr=[0.5], epochs=2, steps_per_epoch=3, anneal_strategy='linear', three_phase=True, pct_start=0.4)
for i in range(6):
    print(i, round(s2.get_last_lr()[0], 6), opt2.param_groups[0]['betas'])
    opt2.step(); s2.step()
try:
    s.step()
except Exception as e:
    print(type(e).__name__, e)
try:
    OneCycleLR(opt, max_lr=1.0)
except Exception as e:
    print(type(e).__name__, e)
try:
    OneCycleLR(opt, max_lr=1.0, total_steps=10, anneal_strategy='exp')
except Exception as e:
    print(type(e).__name__, e)
''',
'sched_state': r'''
import torch
from torch.optim.lr_scheduler import OneCycleLR, CyclicLR, ReduceLROnPlateau, SequentialLR, LinearLR, ChainedScheduler, ExponentialLR, ConstantLR, PolynomialLR, CosineAnnealingWarmRestarts, StepLR
p = [torch.nn.Parameter(torch.zeros(1))]
o = torch.optim.SGD(p, lr=0.1, momentum=0.9)
s = CyclicLR(o, 0.01, 0.1, step_size_up=2, scale_fn=lambda x: 0.5 ** x, scale_mode='cycle')
for _ in range(3): o.step(); s.step()
sd = s.state_dict()
print({k: v for k, v in sd.items() if not callable(v) and k != '_scale_fn_ref'})
o = torch.optim.SGD(p, lr=0.1, momentum=0.9)
s = OneCycleLR(o, max_lr=0.3, total_steps=4, div_factor=10, final_div_factor=100)
for _ in range(2): o.step(); s.step()
print(s.state_dict())
print(o.param_groups[0].keys())
o = torch.optim.SGD(p, lr=0.1)
s = ReduceLROnPlateau(o, patience=0, eps=0.05, factor=0.6)
for v in [torch.tensor(1.0), 2.0, 3.0, 4.0, 5.0]:
    s.step(v); print(o.param_groups[0]['lr'], end=' ')
print()
print(s.state_dict())
o = torch.optim.SGD(p, lr=1.0)
s = CosineAnnealingWarmRestarts(o, 2, 2)
for _ in range(3): o.step(); s.step()
print(s.state_dict())
o = torch.optim.SGD(p, lr=1.0)
seq = SequentialLR(o, [ConstantLR(o, 0.5, total_iters=2), ExponentialLR(o, 0.9)], milestones=[2])
for _ in range(3): o.step(); seq.step()
sd = seq.state_dict()
print(sd['_milestones'], sd['last_epoch'], sd['_last_lr'], [d['last_epoch'] for d in sd['_schedulers']])
o = torch.optim.SGD(p, lr=1.0)
ch = ChainedScheduler([LinearLR(o, 0.5, total_iters=2), PolynomialLR(o, total_iters=3)], optimizer=o)
for _ in range(4): o.step(); ch.step()
print(ch.get_last_lr(), [round(x, 6) for x in ch._last_lr], len(ch.state_dict()['_schedulers']))
o2 = torch.optim.SGD(p, lr=1.0)
s2 = StepLR(o2, 1, 0.5)
for _ in range(2): o2.step(); s2.step()
print(s2.state_dict())
try:
    SequentialLR(o, [ReduceLROnPlateau(o), ExponentialLR(o, 0.9)], milestones=[2])
except Exception as e:
    print(type(e).__name__, e)
try:
    ChainedScheduler([StepLR(o, 1), StepLR(o2, 1)])
except Exception as e:
    print(type(e).__name__, e)
try:
    s.step(1, 2)
except Exception as e:
    print(type(e).__name__, e)
try:
    ReduceLROnPlateau(o).step()
except Exception as e:
    print(type(e).__name__, e)
''',
'sched_warm': r'''
import torch
from torch.optim.lr_scheduler import CosineAnnealingWarmRestarts, LinearLR, SequentialLR, ChainedScheduler, PolynomialLR, ExponentialLR, StepLR, ConstantLR
def mk(lr=0.1):
    return torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=lr)
o = mk()
s = CosineAnnealingWarmRestarts(o, T_0=3, T_mult=2, eta_min=0.001)
for i in range(12):
    print(i, round(s.get_last_lr()[0], 6), s.T_cur, s.T_i)
    o.step(); s.step()
o = mk()
s = CosineAnnealingWarmRestarts(o, T_0=4)
for e in [0.5, 1.0, 2.5, 5.0]:
    s.step(e); print(e, round(o.param_groups[0]['lr'], 6))
o = mk()
s = LinearLR(o, start_factor=0.25, end_factor=1.0, total_iters=4)
print([round(s.get_last_lr()[0], 6) for _ in range(1)], end=' ')
for i in range(6):
    o.step(); s.step(); print(round(s.get_last_lr()[0], 6), end=' ')
print()
o = mk()
s1 = LinearLR(o, start_factor=0.1, total_iters=3)
s2 = ExponentialLR(o, gamma=0.5)
seq = SequentialLR(o, schedulers=[s1, s2], milestones=[3])
for i in range(7):
    print(i, round(seq.get_last_lr()[0], 6))
    o.step(); seq.step()
print(sorted(seq.state_dict().keys()))
o = mk(1.0)
ch = ChainedScheduler([ConstantLR(o, factor=0.5, total_iters=2), StepLR(o, step_size=2, gamma=0.1)])
for i in range(5):
    print(i, [round(x, 6) for x in ch.get_last_lr()])
    o.step(); ch.step()
o = mk()
s = PolynomialLR(o, total_iters=4, power=2.0)
for i in range(6):
    print(i, round(s.get_last_lr()[0], 6))
    o.step(); s.step()
print(s.state_dict())
try:
    LinearLR(o, start_factor=0.0)
except Exception as e:
    print(type(e).__name__, e)
try:
    CosineAnnealingWarmRestarts(o, T_0=0)
except Exception as e:
    print(type(e).__name__, e)
try:
    SequentialLR(o, schedulers=[StepLR(o, 2)], milestones=[1])
except Exception as e:
    print(type(e).__name__, e)
''',
'sched_warn': r'''
import torch
import warnings
from torch.optim.lr_scheduler import StepLR, OneCycleLR, CosineAnnealingLR, ReduceLROnPlateau, LinearLR
p = [torch.nn.Parameter(torch.zeros(2))]
opt = torch.optim.SGD(p, lr=0.1)
s = StepLR(opt, 2)
print(opt)
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter('always')
    s.step()
    print(len(w), [str(x.message)[:90] for x in w], [x.category.__name__ for x in w])
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter('always')
    print(s.get_lr())
    print(len(w), [str(x.message)[:120] for x in w])
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter('always')
    opt.step(); s.step(5)
    print(len(w), [str(x.message)[:120] for x in w], opt.param_groups[0]['lr'])
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter('always')
    r = ReduceLROnPlateau(opt)
    print(len(w), [str(x.message)[:120] for x in w])
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter('always')
    c = CosineAnnealingLR(opt, T_max=3)
    c.step(); print([str(x.message)[:60] for x in w])
print(s.get_last_lr(), c.get_last_lr(), r.get_last_lr())
opt2 = torch.optim.SGD(p, lr=1.0)
l = LinearLR(opt2, start_factor=0.5, total_iters=2)
print(opt2.param_groups[0]['lr'], opt2.param_groups[0]['initial_lr'])
print(opt2.state_dict()['param_groups'])
''',
'ts_dataset': r'''
import torch
import numpy as np
from torch.utils.data import Dataset, IterableDataset, DataLoader, get_worker_info
from torch.utils.data.dataloader import default_collate
class Win(Dataset):
    def __init__(self, s, L, H):
        self.s, self.L, self.H = s, L, H
    def __len__(self):
        return len(self.s) - self.L - self.H + 1
    def __getitem__(self, i):
        x = self.s[i:i + self.L]
        return (x - x.mean()) / (x.std() + 1e-8), self.s[i + self.L:i + self.L + self.H]
s = torch.arange(20.) ** 0.5
ds = Win(s, 5, 2)
print(len(ds), ds[0][0].round(decimals=3), ds[0][1].round(decimals=3))
dl = DataLoader(ds, batch_size=4, shuffle=False)
b = next(iter(dl))
print(len(dl), b[0].shape, b[1].shape, type(b).__name__)
class Stream(IterableDataset):
    def __init__(self, n): self.n = n
    def __iter__(self):
        for i in range(self.n):
            yield {'t': i, 'v': float(i) / 2, 'a': np.array([i, i + 1]), 'name': 's%d' % i, 'pair': (i, 2.0)}
for batch in DataLoader(Stream(5), batch_size=2):
    print(batch)
print(default_collate([1, 2, 3]), default_collate([1.5, 2.5]), default_collate([True, False]))
print(default_collate([np.float32(1.0), np.float32(2.0)]), default_collate([np.int32(3), np.int32(4)]))
print(default_collate([[1, 2], [3, 4]]), default_collate([np.zeros(2, dtype=np.float16), np.ones(2, dtype=np.float16)]))
print(default_collate([torch.tensor(1), torch.tensor(2)]))
try:
    default_collate([torch.zeros(2), torch.zeros(3)])
except Exception as e:
    print(type(e).__name__, e)
try:
    default_collate([[1, 2], [3]])
except Exception as e:
    print(type(e).__name__, e)
try:
    default_collate([object()])
except Exception as e:
    print(type(e).__name__, str(e)[:80])
try:
    len(DataLoader(Stream(5)))
except Exception as e:
    print(type(e).__name__, e)
try:
    DataLoader(Stream(5), shuffle=True)
except Exception as e:
    print(type(e).__name__, e)
print(get_worker_info())
dl2 = DataLoader(ds, batch_size=None)
x0, y0 = next(iter(dl2)); print(x0.shape, y0.shape)
print(len(DataLoader(ds, batch_size=5, drop_last=True)), len(DataLoader(ds, batch_size=5)))
''',
'ts_decompose': r'''
import torch
import math
import torch.nn.functional as F
torch.manual_seed(27)
T, P = 48, 12
t = torch.arange(T, dtype=torch.float32)
y = 0.05 * t + torch.sin(2 * math.pi * t / P) + 0.1 * torch.randn(T)
y[[7, 30]] += torch.tensor([2.5, -3.0])
k = torch.ones(1, 1, P + 1) / P
k[..., 0] = k[..., -1] = 0.5 / P
trend = F.conv1d(F.pad(y.view(1, 1, -1), (P // 2, P // 2), mode='replicate'), k).view(-1)
print(trend.shape, trend[:4].round(decimals=3), trend[-2:].round(decimals=3))
detr = y - trend
season = detr.view(-1, P).mean(0)
season = season - season.mean()
print(season.round(decimals=3))
resid = detr - season.repeat(T // P)
z = (resid - resid.mean()) / resid.std()
print(z.abs().max().round(decimals=2), torch.nonzero(z.abs() > 3).flatten(), torch.argwhere(z.abs() > 3).shape)
print(torch.where(z.abs() > 3), (z.abs() > 3).nonzero(as_tuple=True)[0])
A = torch.stack([torch.ones(T), t], 1)
coef = torch.linalg.lstsq(A, y.unsqueeze(1)).solution.flatten()
print(coef.round(decimals=2))
mad = (resid - resid.median()).abs().median()
print(round(mad.item(), 4), (0.6745 * (resid - resid.median()).abs() / mad > 3.5).sum())
acf = torch.stack([torch.dot(detr[:-l] - detr.mean(), detr[l:] - detr.mean()) for l in range(1, 14)]) / (detr - detr.mean()).pow(2).sum()
print(acf.argmax() + 1, acf[P - 1].round(decimals=2))
spec = torch.fft.rfft(detr).abs()
print(spec.argmax(), torch.fft.rfftfreq(T)[spec.argmax()].item())
clean = y.clone(); bad = z.abs() > 3
clean[bad] = torch.nan
idx = torch.arange(T)
good = ~bad
interp = clean.clone()
for i in idx[bad].tolist():
    interp[i] = (y[i - 1] + y[i + 1]) / 2
print(torch.isnan(clean).sum(), interp[[7, 30]].round(decimals=3), torch.nanmean(clean).round(decimals=3))
print(F.pad(torch.arange(4.).view(1, 4), (2, 1), mode='replicate'), F.pad(torch.arange(4.).view(1, 1, 4), (1, 1), mode='reflect'))
try:
    F.pad(torch.arange(4.), (1, 1), mode='replicate')
except Exception as e:
    print(type(e).__name__, str(e).splitlines()[0])
try:
    season.repeat(2.5)
except Exception as e:
    print(type(e).__name__, str(e)[:90])
''',
'ts_fft': r'''
import torch
import math
n = 64
t = torch.arange(n, dtype=torch.float32)
x = torch.sin(2 * math.pi * 5 * t / n) + 0.5 * torch.cos(2 * math.pi * 12 * t / n)
X = torch.fft.rfft(x)
print(X.shape, X.dtype)
p = (X.abs() ** 2) / n
print(p.argsort(descending=True)[:2], p[[5, 12]].round(decimals=3))
f = torch.fft.rfftfreq(n, d=1.0)
print(f[:4], f[-1], f.dtype, torch.fft.fftfreq(5), torch.fft.fftfreq(4, 0.5))
print(torch.fft.irfft(X, n=n).sub(x).abs().max() < 1e-5)
print(torch.fft.rfft(torch.tensor([1., 2., 3., 4.])))
print(torch.fft.fft(torch.tensor([1., 0., -1., 0.])))
print(torch.fft.rfft(torch.tensor([1., 2., 3., 4.]), norm='ortho'))
print(torch.fft.fftshift(torch.arange(6)), torch.fft.ifftshift(torch.arange(5)))
print(torch.fft.rfft(torch.tensor([1, 2, 3])).dtype, torch.fft.rfft(torch.tensor([1., 2.], dtype=torch.float64)).dtype)
print(torch.fft.irfft(torch.tensor([1+0j, 2, 3])), torch.fft.hfft(torch.tensor([1+0j, 2j])))
Xc = X.clone(); Xc[8:] = 0
lp = torch.fft.irfft(Xc, n=n)
print(lp[:4].round(decimals=3))
print(torch.stft(x, n_fft=16, hop_length=8, window=torch.hann_window(16), return_complex=True).shape)
print(torch.hann_window(5), torch.hamming_window(4, periodic=False))
try:
    torch.fft.rfft(X)
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.fft.rfft(x, norm='bad')
except Exception as e:
    print(type(e).__name__, e)
print(X[5].real.round(decimals=3), X[5].imag.round(decimals=3), torch.view_as_real(X[:2]).round(decimals=3))
print(torch.angle(X[12]).round(decimals=3), torch.view_as_real(X[:3].conj().resolve_conj()).round(decimals=3))
try:
    X.round(decimals=3)
except Exception as e:
    print(type(e).__name__, e)
''',
'ts_grad': r'''
import torch
import torch.nn.functional as F
x = torch.arange(8., requires_grad=True)
w = x.unfold(0, 3, 2)
print(w.grad_fn.name(), w.shape)
w.sum().backward()
print(x.grad)
x.grad = None
s = torch.as_strided(x, (3, 4), (2, 1))
print(s.grad_fn.name())
(s * torch.arange(12.).view(3, 4)).sum().backward()
print(x.grad)
x.grad = None
st = torch.stack([x[i:i + 3] for i in range(0, 6, 2)])
print(st.grad_fn.name(), st.grad_fn.next_functions[0][0].name())
st.pow(2).sum().backward(); print(x.grad)
x.grad = None
d = torch.diff(x); r = torch.roll(x, 2); c = torch.cumsum(x, 0)
print(d.grad_fn.name(), r.grad_fn.name(), c.grad_fn.name())
(d.sum() + (r * torch.arange(8.)).sum() + c.sum()).backward()
print(x.grad)
x.grad = None
ma = F.avg_pool1d(x.view(1, 1, -1), 3, 1)
ma.sum().backward()
print(ma.grad_fn.name(), x.grad)
x.grad = None
y = torch.fft.rfft(x)
print(y.grad_fn.name())
y.abs().pow(2).sum().backward()
print(x.grad.round(decimals=2))
z = torch.tensor([1., 1, 2, 2, 2, 3, 1, 1])
print(torch.unique_consecutive(z, return_counts=True, return_inverse=True))
print(torch.unique(torch.tensor([[1, 2], [1, 2], [0, 5]]), dim=0, return_counts=True))
print(torch.searchsorted(torch.tensor([1, 3, 5, 7]), torch.tensor([3, 6]), side='right'), torch.searchsorted(torch.tensor([5, 1, 3]), torch.tensor([2, 4]), sorter=torch.tensor([1, 2, 0])))
q = torch.quantile(torch.arange(12.).view(3, 4), torch.tensor([0.25, 0.75]), dim=1, keepdim=True)
print(q.shape, q[:, :, 0])
print(torch.quantile(torch.arange(5, dtype=torch.float64), 0.3, interpolation='higher'))
try:
    torch.histc(x, 3)
    print('ok histc')
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.quantile(torch.arange(5), 0.5)
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.quantile(torch.arange(5.), torch.tensor([[0.5]]))
except Exception as e:
    print(type(e).__name__, e)
h = torch.histc(x.detach(), 4)
print(h, h.requires_grad)
''',
'ts_gru': r'''
import torch
import torch.nn as nn
torch.manual_seed(0)
T = 60
t = torch.arange(T, dtype=torch.float32)
series = torch.sin(t / 4) + 0.05 * torch.randn(T)
L = 8
X = series.unfold(0, L, 1)[:-1].unsqueeze(-1)
Y = series[L:].unsqueeze(-1)
print(X.shape, Y.shape)
class F(nn.Module):
    def __init__(self, cell):
        super().__init__()
        self.rnn = cell(1, 6, batch_first=True)
        self.head = nn.Linear(6, 1)
    def forward(self, x):
        out, h = self.rnn(x)
        return self.head(out[:, -1])
for cell in (nn.GRU, nn.LSTM):
    torch.manual_seed(1)
    m = F(cell)
    print(m)
    opt = torch.optim.Adam(m.parameters(), lr=0.02)
    for step in range(15):
        opt.zero_grad()
        loss = nn.functional.mse_loss(m(X), Y)
        loss.backward()
        nn.utils.clip_grad_norm_(m.parameters(), 1.0)
        opt.step()
        if step % 5 == 0:
            print(cell.__name__, step, round(loss.item(), 3))
    with torch.no_grad():
        win = series[-L:].clone()
        preds = []
        for _ in range(3):
            p = m(win.view(1, L, 1))
            preds.append(round(p.item(), 2))
            win = torch.cat([win[1:], p.view(1)])
    print(preds)
g = nn.GRU(1, 4, num_layers=2, batch_first=True)
out, h = g(X[:3])
print(out.shape, h.shape, out.grad_fn.name() if out.grad_fn else None)
l = nn.LSTM(1, 4, batch_first=True, proj_size=2)
o, (h, c) = l(X[:3])
print(o.shape, h.shape, c.shape)
try:
    g(X[:3].squeeze(-1))
except Exception as e:
    print(type(e).__name__, e)
try:
    nn.LSTM(1, 4)(X[:3], (torch.zeros(1, 3, 4),))
except Exception as e:
    print(type(e).__name__, e)
try:
    nn.GRU(1, 4, batch_first=True)(X[:3], torch.zeros(1, 2, 4))
except Exception as e:
    print(type(e).__name__, e)
''',
'ts_misc': r'''
import torch
import torch.nn.functional as F
torch.manual_seed(19)
x = torch.randn(2, 1, 16).cumsum(-1)
k = torch.tensor([1., 2, 3, 2, 1]) / 9
sm = F.conv1d(x, k.view(1, 1, 5), padding='same')
print(sm.shape, sm[0, 0, :4].round(decimals=3))
sm2 = F.conv1d(x, torch.ones(1, 1, 4) / 4, padding='same')
print(sm2.shape, sm2[1, 0, -3:].round(decimals=3))
circ = torch.nn.Conv1d(1, 1, 3, padding=1, padding_mode='circular', bias=False)
with torch.no_grad():
    circ.weight.fill_(1 / 3)
print(circ, circ(x)[0, 0, [0, -1]].round(decimals=3))
dil = F.conv1d(x, torch.ones(1, 1, 3), dilation=4)
print(dil.shape, F.conv1d(x, torch.ones(1, 1, 3), stride=3).shape)
print(F.interpolate(x, size=20, mode='linear', align_corners=True)[0, 0, :3].round(decimals=3))
print(F.interpolate(x, scale_factor=0.5, mode='linear')[0, 0, :3].round(decimals=3))
print(F.interpolate(x, scale_factor=0.5, mode='area')[0, 0, :3].round(decimals=3))
print(F.max_pool1d(x, 4, return_indices=True)[1][0, 0], F.adaptive_max_pool1d(x, 3)[0, 0].round(decimals=3))
print(torch.lerp(x[0, 0, :3], x[1, 0, :3], 0.25).round(decimals=3), torch.lerp(torch.zeros(3), torch.ones(3), torch.tensor([0., 0.5, 1.])))
lagged = torch.stack([torch.roll(x[0, 0], k) for k in range(3)], 1)[2:]
print(lagged.shape, lagged[0].round(decimals=3))
ac = torch.stack([torch.corrcoef(torch.stack([x[0, 0, k:], x[0, 0, :16 - k]]))[0, 1] for k in range(1, 4)])
print(ac.round(decimals=3))
print(torch.nn.functional.mse_loss(x[0], x[1]).round(decimals=3), torch.nn.functional.l1_loss(x[0], x[1], reduction='sum').round(decimals=3))
try:
    F.conv1d(x, torch.ones(1, 1, 3), padding='same', stride=2)
except Exception as e:
    print(type(e).__name__, e)
try:
    F.conv1d(x, torch.ones(1, 1, 3), padding='full')
except Exception as e:
    print(type(e).__name__, e)
try:
    F.interpolate(x, size=20, mode='bilinear')
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.nn.Conv1d(1, 1, 3, padding_mode='mirror')
except Exception as e:
    print(type(e).__name__, str(e).split('{')[0], str(e).split('}')[1])
''',
'ts_moving': r'''
import torch
import torch.nn.functional as F
torch.manual_seed(0)
x = torch.cumsum(torch.randn(20), 0)
print(x.round(decimals=3))
k = 5
ma = F.conv1d(x.view(1, 1, -1), torch.ones(1, 1, k) / k)
print(ma.shape, ma.round(decimals=3))
ap = F.avg_pool1d(x.view(1, 1, -1), k, stride=1)
print(torch.allclose(ma, ap), ap.shape)
ap2 = F.avg_pool1d(x.view(1, 1, -1), 4, stride=4)
print(ap2.round(decimals=3))
ap3 = F.avg_pool1d(x.view(1, 1, -1), 3, stride=2, padding=1, count_include_pad=False, ceil_mode=True)
print(ap3.shape, ap3[0, 0, :4].round(decimals=3))
same = F.conv1d(F.pad(x.view(1, 1, -1), (2, 2), mode='replicate'), torch.ones(1, 1, 5) / 5)
print(same.shape, same[0, 0, :3].round(decimals=3))
ew = torch.tensor([0.5 ** i for i in range(4)]).flip(0)
ew = ew / ew.sum()
print(ew, F.conv1d(x.view(1, 1, -1), ew.view(1, 1, -1))[0, 0, :3].round(decimals=3))
d = torch.diff(x)
print(d.round(decimals=3)[:5], torch.diff(x, n=2).shape, torch.diff(x, prepend=x[:1])[:3].round(decimals=3))
print(torch.diff(torch.tensor([1, 4, 9, 16]), append=torch.tensor([25, 36])))
print(torch.roll(torch.arange(6), 2), torch.roll(torch.arange(6).view(2, 3), 1, 1), torch.roll(torch.arange(6).view(2, 3), (1, -1), (0, 1)))
lag = torch.roll(x, 1); lag[0] = float('nan')
print(lag[:3].round(decimals=3), torch.nanmean(x - lag).round(decimals=4))
r = x.cumsum(0) / torch.arange(1, 21)
print(r[-3:].round(decimals=3), torch.cummax(x, 0).values[-3:].round(decimals=3), torch.cummin(x, 0).indices[:6])
print(torch.logcumsumexp(torch.tensor([0., 1., 2.]), 0).round(decimals=4), torch.cumprod(torch.tensor([1, 2, 3, 4]), 0))
try:
    F.conv1d(x, torch.ones(1, 1, 3))
except Exception as e:
    print(type(e).__name__, e)
try:
    F.avg_pool1d(x.view(1, 1, -1), 30)
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.diff(x, dim=1)
except Exception as e:
    print(type(e).__name__, e)
''',
'ts_norm': r'''
import torch
import torch.nn as nn
torch.manual_seed(17)
B, T, C = 3, 10, 2
x = torch.randn(B, T, C) * torch.tensor([1.0, 50.0]) + torch.tensor([0.0, 100.0])
mu = x.mean(1, keepdim=True); sd = x.std(1, keepdim=True, unbiased=False)
xn = (x - mu) / (sd + 1e-5)
print(mu.squeeze(1).round(decimals=2), sd.squeeze(1).round(decimals=2))
print(xn.mean(1).abs().max() < 1e-5, xn.std(1, correction=0).round(decimals=3))
mn, mx = x.amin(1, keepdim=True), x.amax(1, keepdim=True)
print(((x - mn) / (mx - mn))[0, :3].round(decimals=3))
inorm = nn.InstanceNorm1d(C)
print(inorm, torch.allclose(inorm(x.transpose(1, 2)).transpose(1, 2), xn, atol=1e-4))
ln = nn.LayerNorm(C, elementwise_affine=False)
print(ln(x)[0, :2].round(decimals=3))
ln2 = nn.LayerNorm([T, C])
print(ln2.weight.shape, ln2(x).mean().abs().item() < 1e-5)
gn = nn.GroupNorm(1, C)
print(gn(x.transpose(1, 2)).shape, gn)
rev = xn * (sd + 1e-5) + mu
print(torch.allclose(rev, x, atol=1e-3))
med = x.median(1, keepdim=True).values
q75, q25 = torch.quantile(x, 0.75, dim=1, keepdim=True), torch.quantile(x, 0.25, dim=1, keepdim=True)
robust = (x - med) / (q75 - q25)
print(robust[1, :3].round(decimals=3))
ew = torch.zeros(B, C); alpha = 0.3
for t in range(T):
    ew = alpha * x[:, t] + (1 - alpha) * ew
print(ew.round(decimals=2))
z = torch.nn.functional.normalize(x, dim=1)
print(z.norm(dim=1).round(decimals=4))
print(torch.nn.functional.layer_norm(x, (C,))[0, 0].round(decimals=4), torch.nn.functional.instance_norm(x.transpose(1, 2))[0, :, 0].round(decimals=3))
try:
    nn.LayerNorm(3)(x)
except Exception as e:
    print(type(e).__name__, e)
try:
    nn.GroupNorm(3, C)
except Exception as e:
    print(type(e).__name__, e)
try:
    nn.InstanceNorm1d(C)(torch.randn(2, C, 1))
except Exception as e:
    print(type(e).__name__, e)
''',
'ts_packed': r'''
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pad_sequence, pack_padded_sequence, pad_packed_sequence, pack_sequence
torch.manual_seed(0)
seqs = [torch.randn(l, 2) for l in (5, 3, 4)]
lens = torch.tensor([len(s) for s in seqs])
pad = pad_sequence(seqs, batch_first=True, padding_value=0.0)
print(pad.shape, lens, pad[1, 3:])
packed = pack_padded_sequence(pad, lens, batch_first=True, enforce_sorted=False)
print(type(packed).__name__, packed.batch_sizes, packed.sorted_indices, packed.unsorted_indices, packed.data.shape)
gru = nn.GRU(2, 3, batch_first=True)
out, h = gru(packed)
unp, ul = pad_packed_sequence(out, batch_first=True)
print(unp.shape, ul, unp[1, 3:].abs().sum().item(), h.shape)
print(torch.allclose(h[0], torch.stack([unp[i, ul[i] - 1] for i in range(3)])))
ps = pack_sequence(sorted(seqs, key=len, reverse=True))
print(ps.batch_sizes, ps.sorted_indices)
print(pad_sequence([torch.tensor([1, 2]), torch.tensor([3])], padding_value=-1))
print(pad_sequence([torch.tensor([1, 2]), torch.tensor([3])], batch_first=True, padding_side='left'))
mask = torch.arange(5)[None, :] < lens[:, None]
print(mask)
mean_pooled = (pad * mask.unsqueeze(-1)).sum(1) / lens.unsqueeze(-1)
print(mean_pooled.round(decimals=3))
try:
    pack_padded_sequence(pad, lens, batch_first=True)
except Exception as e:
    print(type(e).__name__, e)
try:
    pack_padded_sequence(pad, torch.tensor([5, 3, 0]), batch_first=True, enforce_sorted=False)
except Exception as e:
    print(type(e).__name__, e)
try:
    pad_sequence([torch.zeros(2, 3), torch.zeros(2, 4)])
except Exception as e:
    print(type(e).__name__, e)
lstm = nn.LSTM(2, 3, bidirectional=True)
o, (hh, cc) = lstm(pack_sequence(seqs, enforce_sorted=False))
print(o.data.shape, hh.shape, pad_packed_sequence(o, total_length=6)[0].shape)
''',
'ts_stft': r'''
import torch
import math
torch.manual_seed(0)
n = 128
t = torch.arange(n) / 32
x = torch.sin(2 * math.pi * 4 * t) * (t < 2) + torch.sin(2 * math.pi * 10 * t) * (t >= 2)
print(x.dtype, x.shape)
S = torch.stft(x, n_fft=32, hop_length=16, window=torch.hann_window(32), return_complex=True)
print(S.shape, S.dtype, S.abs().argmax(0))
S2 = torch.stft(x, n_fft=32, hop_length=16, win_length=16, center=False, return_complex=True, onesided=False)
print(S2.shape)
S3 = torch.stft(x, 32, 8, window=torch.hamming_window(32), normalized=True, return_complex=True, pad_mode='constant')
print(S3.shape, S3.abs().max().round(decimals=3))
xr = torch.istft(S, n_fft=32, hop_length=16, window=torch.hann_window(32), length=n)
print(xr.shape, (xr - x).abs().max() < 1e-5)
print(torch.blackman_window(5), torch.bartlett_window(5), torch.kaiser_window(5, periodic=False))
ac = torch.fft.irfft(torch.fft.rfft(x - x.mean(), n=2 * n).abs() ** 2)[:n]
ac = ac / ac[0]
print(ac[:5].round(decimals=3), ac[8].round(decimals=3))
F2 = torch.fft.fft2(torch.eye(4))
print(F2.real.round(decimals=3), torch.fft.ifft2(F2).real.round(decimals=3).equal(torch.eye(4)))
print(torch.fft.rfft2(torch.ones(2, 4)).abs(), torch.fft.rfftn(torch.ones(2, 2, 2)).shape)
try:
    torch.stft(x, 32)
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.stft(x, 32, window=torch.hann_window(16), return_complex=True)
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.stft(x, 256, return_complex=True, center=False)
except Exception as e:
    print(type(e).__name__, e)
''',
'ts_strides': r'''
import torch
x = torch.arange(24.).view(4, 6)
u = x.t().unfold(1, 2, 1)
print(u.shape, u.stride(), u.storage_offset(), u.is_contiguous())
try:
    u.view(-1)
except Exception as e:
    print(type(e).__name__, e)
print(u.reshape(-1)[:6], u.flatten(0, 1).shape)
w = x.unfold(-1, 3, 3).unfold(0, 2, 2)
print(w.shape, w.stride(), w[1, 1])
a = torch.as_strided(x, (2, 2), (1, 6), storage_offset=7)
print(a, a.storage_offset(), a.stride())
b = x[1:, 2:].as_strided((2, 2), (1, 1))
print(b, b.storage_offset())
print(x.as_strided((3,), (0,)), x.as_strided((2, 3), (0, 1), 5))
try:
    x.as_strided((2, 2), (1, 1), 23)
except Exception as e:
    print(type(e).__name__, e)
try:
    x.as_strided((2, -2), (1, 1))
except Exception as e:
    print(type(e).__name__, e)
try:
    x.as_strided((2, 2), (1, -1))
except Exception as e:
    print(type(e).__name__, e)
s = x[:, ::2]
print(s.stride(), s.unfold(1, 2, 1).stride(), s.unfold(1, 2, 1)[0])
y = torch.zeros(6)
v = y.unfold(0, 2, 2)
v += 1
print(y)
y2 = torch.zeros(6)
y2.as_strided((2, 2), (3, 1), 1).add_(1)
print(y2)
try:
    x.as_strided((2, 2), (1, 1), -3)
except Exception as e:
    print(type(e).__name__, e)
e = torch.empty_strided((2, 3), (1, 2))
print(e.stride(), e.is_contiguous(), e.contiguous().stride())
print(torch.arange(10).unfold(0, 3, 4), torch.arange(10).unfold(0, 10, 1).shape)
print(x.unfold(0, 2, 1).sum(-1), x.unfold(1, 3, 2).amax(-1))
''',
'ts_tcn': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.parametrizations import weight_norm
torch.manual_seed(11)
T = 80
t = torch.arange(T, dtype=torch.float32)
y = 0.5 * torch.sin(t / 5) + 0.01 * t + 0.05 * torch.randn(T)
class Causal(nn.Module):
    def __init__(self, cin, cout, k, d):
        super().__init__()
        self.pad = (k - 1) * d
        self.conv = weight_norm(nn.Conv1d(cin, cout, k, dilation=d))
    def forward(self, x):
        return F.relu(self.conv(F.pad(x, (self.pad, 0))))
net = nn.Sequential(Causal(1, 4, 3, 1), Causal(4, 4, 3, 2), nn.Conv1d(4, 1, 1))
print(net)
print([n for n, _ in net.named_parameters()])
x = y[:-1].view(1, 1, -1); tgt = y[1:].view(1, 1, -1)
print(net(x).shape)
opt = torch.optim.Adam(net.parameters(), lr=0.01)
sch = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.05, total_steps=20)
for i in range(20):
    opt.zero_grad()
    loss = F.mse_loss(net(x), tgt)
    loss.backward()
    nn.utils.clip_grad_value_(net.parameters(), 0.5)
    opt.step(); sch.step()
    if i % 5 == 4:
        print(i, round(loss.item(), 4), round(sch.get_last_lr()[0], 5))
with torch.no_grad():
    pred = net(x)[0, 0]
err = pred - tgt[0, 0]
print('mae', round(err.abs().mean().item(), 3), 'rmse', round(err.pow(2).mean().sqrt().item(), 3))
smape = (2 * err.abs() / (pred.abs() + tgt[0, 0].abs())).mean() * 100
print('smape', round(smape.item(), 1))
print(net[0].conv.parametrizations.weight.original0.shape, net[0].conv.weight.shape)
n = torch.nn.utils.parameters_to_vector(net.parameters())
print(n.shape, sum(p.numel() for p in net.parameters()))
gn = nn.utils.clip_grad_norm_(net.parameters(), 1e9)
print(gn.dtype, gn.shape)
try:
    F.conv1d(x, torch.ones(1, 1, 100))
except Exception as e:
    print(type(e).__name__, e)
try:
    nn.Conv1d(1, 4, 3, padding='same', stride=2)
except Exception as e:
    print(type(e).__name__, e)
''',
'ts_windows': r'''
import torch
torch.manual_seed(0)
t = torch.arange(12, dtype=torch.float32)
w = t.unfold(0, 4, 2)
print(w, w.shape, w.stride(), w.is_contiguous())
print(t.unfold(0, 5, 3))
x = torch.arange(24.).view(2, 12)
print(x.unfold(1, 3, 3).shape, x.unfold(-1, 6, 6)[1])
s = torch.as_strided(t, (5, 4), (2, 1))
print(s, s.storage_offset(), torch.as_strided(t, (3, 3), (1, 2), 1))
st = torch.stack([t[i:i + 4] for i in range(0, 9, 3)])
print(st, torch.equal(st, t.unfold(0, 4, 3)))
X = t.unfold(0, 3, 1)[:-1]; Y = t[3:]
print(X.shape, Y.shape, X[-1], Y[-1])
w2 = w.clone(); w2[0, 0] = 100
print(t[0].item(), w2[0, 0].item())
v = t.clone(); vw = v.unfold(0, 4, 2); vw[0, 2] = -1
print(v[:4])
try:
    t.unfold(0, 13, 1)
except Exception as e:
    print(type(e).__name__, e)
try:
    t.unfold(0, 3, 0)
except Exception as e:
    print(type(e).__name__, e)
try:
    t.unfold(1, 3, 1)
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.as_strided(t, (5, 5), (3, 1))
except Exception as e:
    print(type(e).__name__, e)
m = w.mean(1, keepdim=True); sd = w.std(1, keepdim=True)
print(((w - m) / sd).round(decimals=4))
print(torch.tensor([3., 3, 3]).std(), ((torch.ones(2, 3) - 1) / torch.zeros(2, 1)))
print(t.unfold(0, 1, 1).shape, torch.tensor(5.).unfold(0, 1, 1))
''',
'img_ae': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(12)
imgs = torch.rand(4, 1, 8, 8)
imgs = F.avg_pool2d(imgs, 3, 1, 1)
enc = nn.Sequential(nn.Conv2d(1, 4, 3, stride=2, padding=1), nn.ReLU(), nn.Conv2d(4, 8, 3, stride=2, padding=1))
dec = nn.Sequential(nn.Conv2d(8, 16, 3, padding=1), nn.PixelShuffle(2), nn.ReLU(), nn.Upsample(scale_factor=2, mode='bilinear', align_corners=False), nn.Conv2d(4, 1, 3, padding=1), nn.Sigmoid())
ae = nn.Sequential(enc, dec)
print(ae)
print(enc(imgs).shape, ae(imgs).shape)
opt = torch.optim.Adam(ae.parameters(), lr=0.01)
for i in range(10):
    opt.zero_grad(); loss = F.mse_loss(ae(imgs), imgs); loss.backward(); opt.step()
print(round(loss.item(), 4))
def gk(ks=5, s=1.5):
    a = torch.arange(ks) - ks // 2
    g = torch.exp(-(a.float() ** 2) / (2 * s * s)); g = g / g.sum()
    return (g[:, None] * g[None, :]).view(1, 1, ks, ks)
def ssim(a, b):
    w = gk(); C1, C2 = 0.01 ** 2, 0.03 ** 2
    ma, mb = F.conv2d(a, w), F.conv2d(b, w)
    va = F.conv2d(a * a, w) - ma ** 2; vb = F.conv2d(b * b, w) - mb ** 2; cov = F.conv2d(a * b, w) - ma * mb
    return (((2 * ma * mb + C1) * (2 * cov + C2)) / ((ma ** 2 + mb ** 2 + C1) * (va + vb + C2))).mean()
with torch.no_grad():
    rec = ae(imgs)
mse = F.mse_loss(rec, imgs)
print('psnr', round((10 * torch.log10(1 / mse)).item(), 2), 'ssim', round(ssim(rec, imgs).item(), 3), round(ssim(imgs, imgs).item(), 4))
noisy = (imgs + 0.1 * torch.randn_like(imgs)).clamp(0, 1)
print(round(F.mse_loss(noisy, imgs).item(), 4), noisy.min().item() >= 0, noisy.max().item() <= 1)
grid = imgs.view(2, 2, 8, 8).permute(0, 2, 1, 3).reshape(16, 16)
print(grid.shape, torch.equal(grid[:8, 8:], imgs[1, 0]))
u8 = (rec * 255).round().to(torch.uint8)
print(u8.dtype, u8[0, 0, 0], u8.float().mean().round(decimals=1))
print(sum(p.numel() for p in enc.parameters()), sum(p.numel() for p in dec.parameters()))
try:
    dec(imgs)
except Exception as e:
    print(type(e).__name__, e)
''',
'img_aug': r'''
import torch
import torch.nn.functional as F
torch.manual_seed(18)
img = torch.rand(3, 10, 12)
def random_crop(x, h, w):
    i = torch.randint(0, x.shape[1] - h + 1, (1,)).item()
    j = torch.randint(0, x.shape[2] - w + 1, (1,)).item()
    return x[:, i:i + h, j:j + w], (i, j)
c, pos = random_crop(img, 6, 6)
print(c.shape, pos)
if torch.rand(1) < 0.5:
    c = c.flip(-1); print('flipped')
bright = (c * torch.empty(1).uniform_(0.8, 1.2)).clamp(0, 1)
gray = bright.mean(0, keepdim=True)
contrast = ((bright - gray.mean()) * 1.3 + gray.mean()).clamp(0, 1)
print(bright.max().round(decimals=3), contrast.mean().round(decimals=3))
sat = (contrast * 0.5 + gray * 0.5)
print(sat.shape, sat[0, 0, :3].round(decimals=3))
noise = img + torch.randn_like(img) * 0.05
print(noise.clamp_(0, 1).max(), noise.min() >= 0)
cut = img.clone(); cy, cx = 5, 6
cut[:, max(cy - 2, 0):cy + 2, max(cx - 2, 0):cx + 2] = 0
print((cut == 0).sum(), (cut == 0).all(0).sum())
lam = torch.distributions.Beta(0.4, 0.4).sample().item()
other = torch.rand(3, 10, 12)
mix = lam * img + (1 - lam) * other
print(round(lam, 4), mix.shape)
batch = torch.stack([img, other])
perm = torch.randperm(2)
print(perm, batch[perm].shape)
theta = torch.tensor([[1.0, 0.2, 0.1], [-0.1, 1.0, 0.0]]).unsqueeze(0).repeat(2, 1, 1)
warped = F.grid_sample(batch, F.affine_grid(theta, batch.shape, align_corners=False), align_corners=False, padding_mode='reflection')
print(warped.shape, warped[0, 0, 0, :4].round(decimals=3))
resized = F.interpolate(batch, size=(5, 6), mode='bilinear', align_corners=False, antialias=True)
print(resized[1, 2, 0].round(decimals=3))
mean = batch.mean(dim=(0, 2, 3)); std = batch.std(dim=(0, 2, 3))
print(mean.round(decimals=3), std.round(decimals=3))
norm = (batch - mean[:, None, None]) / std[:, None, None]
print(norm.mean(dim=(0, 2, 3)).abs().max() < 1e-5)
try:
    img[:, 12:14] + 1
    print(img[:, 12:14].shape)
except Exception as e:
    print(type(e).__name__, e)
try:
    batch - mean
except Exception as e:
    print(type(e).__name__, e)
try:
    F.interpolate(img, size=(5, 6), mode='bilinear')
except Exception as e:
    print(type(e).__name__, e)
''',
'img_cl': r'''
import torch
import torch.nn.functional as F
torch.manual_seed(16)
x = torch.rand(2, 3, 4, 5).contiguous(memory_format=torch.channels_last)
print(x.stride(), x.is_contiguous(), x.is_contiguous(memory_format=torch.channels_last))
for name, fn in [('avgpool', lambda t: F.avg_pool2d(t, 2)), ('maxpool', lambda t: F.max_pool2d(t, 2)),
                 ('add', lambda t: t + 1), ('sum', lambda t: t.sum(1, keepdim=True)), ('clone', lambda t: t.clone()),
                 ('to', lambda t: t.to(torch.float64)), ('grid', lambda t: F.grid_sample(t, torch.zeros(2, 2, 2, 2), align_corners=False)),
                 ('shuffle', lambda t: F.pixel_shuffle(t.repeat(1, 4, 1, 1), 2)), ('bn', lambda t: F.batch_norm(t, None, None, training=True)),
                 ('where', lambda t: torch.where(t > 0.5, t, 0.)), ('u8', lambda t: (t * 255).byte()),
                 ('clone_cf', lambda t: t.clone(memory_format=torch.contiguous_format)), ('contig', lambda t: t.contiguous()),
                 ('relu', F.relu), ('relu_t', lambda t: torch.relu(t.transpose(2, 3)))]:
    y = fn(x)
    print(name, tuple(y.shape), y.stride(), y.is_contiguous(memory_format=torch.channels_last))
cl = torch.channels_last
for shp, perm in [((2, 3, 4, 5), (0, 2, 3, 1)), ((1, 3, 1, 1), (0, 2, 3, 1)), ((2, 1, 4, 5), (0, 2, 3, 1)), ((2, 3, 4, 5), (0, 1, 2, 3)), ((2, 3, 4, 5), (0, 3, 2, 1)), ((2, 3, 1, 5), (0, 2, 3, 1))]:
    t = torch.rand(*[shp[i] for i in perm]).permute(*[perm.index(i) for i in range(4)])
    print(shp, t.stride(), t.is_contiguous(), t.is_contiguous(memory_format=cl), t.is_contiguous(memory_format=torch.contiguous_format))
v = torch.rand(2, 3, 4, 5, 6)
print(torch.channels_last_3d, v.contiguous(memory_format=torch.channels_last_3d).stride(), v.to(memory_format=torch.channels_last_3d).is_contiguous(memory_format=torch.channels_last_3d))
print(v.is_contiguous(memory_format=cl), x.is_contiguous(memory_format=torch.channels_last_3d), torch.rand(3, 4).is_contiguous(memory_format=cl), x.is_contiguous(memory_format=torch.preserve_format))
w = torch.rand(8, 3, 1, 1)
print(w.to(memory_format=cl).stride(), w.contiguous(memory_format=cl).stride(), torch.nn.Conv2d(3, 8, 1).to(memory_format=cl).weight.stride())
print(torch.empty(2, 3, 4, 5, memory_format=cl).stride(), torch.rand(2, 3, 4, 5).clone(memory_format=cl).stride(), torch.empty(1, 2, 2, 2, 2, memory_format=torch.channels_last_3d).stride())
try:
    v.contiguous(memory_format=cl)
except Exception as e:
    print(type(e).__name__, e)
try:
    x.clone(memory_format=torch.channels_last_3d)
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.empty(2, 3, memory_format=cl)
except Exception as e:
    print(type(e).__name__, e)
''',
'img_cl_ops': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(25)
for rg in [False, True]:
    x = torch.rand(2, 3, 4, 5).contiguous(memory_format=torch.channels_last).requires_grad_(rg)
    for mode in ['nearest', 'nearest-exact', 'bilinear', 'bicubic', 'area']:
        print(mode, F.interpolate(x, size=(3, 7), mode=mode).stride(), F.interpolate(x, scale_factor=2, mode=mode).stride())
    print('aa', F.interpolate(x, size=(3, 3), mode='bilinear', antialias=True).stride(), F.interpolate(x, size=(3, 3), mode='bicubic', antialias=True).stride())
    for pm in ['constant', 'reflect', 'replicate', 'circular']:
        print(pm, F.pad(x, (1, 1, 1, 1), mode=pm).stride(), F.pad(x, (1, 2, 0, 0), mode=pm).stride())
    print(F.pad(x, (1, 1, 1, 1, 1, 1)).stride(), x.flip(3).stride(), torch.rot90(x, 1, (2, 3)).stride(), F.pixel_shuffle(x.repeat(1, 4, 1, 1), 2).stride())
    o, i = F.max_pool2d(x, 2, return_indices=True)
    print(o.stride(), i.stride(), F.avg_pool2d(x, 2).stride(), F.max_pool2d(x, 3, 1, 1).stride(), F.lp_pool2d(x, 2, 2).stride())
    o, i = F.adaptive_max_pool2d(x, (2, 3), return_indices=True)
    print(o.stride(), i.stride(), F.adaptive_avg_pool2d(x, 1).stride(), F.adaptive_avg_pool2d(x, (2, 3)).stride())
    print(torch.equal(F.max_pool2d(x, 2), F.max_pool2d(x.contiguous(), 2)), torch.equal(F.interpolate(x, size=(3, 7), mode='bicubic'), F.interpolate(x.contiguous(), size=(3, 7), mode='bicubic')))
    print(torch.relu(x - 0.5).stride(), F.relu(x).is_contiguous(memory_format=torch.channels_last))
for k in [1, 2, 3, -1, 0]:
    print(k, torch.rot90(x, k, (2, 3)).stride(), torch.rot90(x.contiguous(), k, (2, 3)).stride(), torch.rot90(torch.rand(3, 4).t(), k).stride(), torch.rot90(x, k, (1, 3)).stride())
print(torch.rand(3, 4).t().flip(0).stride(), torch.rand(4, 6)[:, ::2].flip(1).stride(), torch.rand(2, 3, 4).permute(2, 0, 1).flip(0, 2).stride())
s = torch.rand(2, 3, 6).transpose(1, 2).contiguous().transpose(1, 2)
print(F.max_pool1d(s, 2).stride(), F.max_pool1d(s, 2, return_indices=True)[0].stride(), F.avg_pool1d(s, 2).stride())
m = nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2), nn.Upsample(scale_factor=2), nn.ReflectionPad2d(1), nn.AdaptiveAvgPool2d(2)).to(memory_format=torch.channels_last)
h = torch.rand(2, 3, 8, 8).contiguous(memory_format=torch.channels_last)
for layer in m:
    h = layer(h)
    print(type(layer).__name__, tuple(h.shape), h.stride(), h.is_contiguous(memory_format=torch.channels_last))
print(h.flatten(1).shape, h.round(decimals=3)[0, :, 0, 0])
''',
'img_convt': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(0)
x = torch.arange(4.).view(1, 1, 2, 2)
w = torch.ones(1, 1, 2, 2)
print(F.conv_transpose2d(x, w, stride=2)[0, 0])
print(F.conv_transpose2d(x, w, stride=1)[0, 0])
k = torch.tensor([[0.25, 0.5, 0.25]])
k2 = (k.T @ k).view(1, 1, 3, 3) * 4
print(F.conv_transpose2d(x, k2, stride=2, padding=1, output_padding=1)[0, 0])
up = nn.ConvTranspose2d(1, 1, 4, stride=2, padding=1, bias=False)
with torch.no_grad():
    up.weight.fill_(0.25)
print(up(x)[0, 0])
print(nn.ConvTranspose2d(3, 2, 3, stride=2, padding=1, output_padding=1, groups=1, dilation=2)(torch.randn(1, 3, 4, 4)).shape)
ct = nn.ConvTranspose2d(4, 4, 3, stride=2, groups=2)
print(ct.weight.shape, ct(torch.randn(2, 4, 3, 3)).shape)
print(up(x, output_size=[5, 5]).shape)
print(F.conv_transpose1d(torch.arange(3.).view(1, 1, 3), torch.tensor([[[1., 2.]]]), stride=2))
try:
    up(x, output_size=[7, 7])
except Exception as e:
    print(type(e).__name__, e)
try:
    F.conv_transpose2d(x, w, stride=2, output_padding=2)
except Exception as e:
    print(type(e).__name__, e)
try:
    nn.ConvTranspose2d(3, 2, 3, padding='same')
except Exception as e:
    print(type(e).__name__, e)
try:
    F.conv_transpose2d(x, torch.ones(2, 1, 2, 2))
except Exception as e:
    print(type(e).__name__, e)
xr = x.clone().requires_grad_()
y = up(xr); y.pow(2).sum().backward()
print(xr.grad[0, 0], up.weight.grad[0, 0, 0].round(decimals=3), y.grad_fn.name())
''',
'img_dtypes': r'''
import torch
import torch.nn.functional as F
torch.manual_seed(0)
x = torch.rand(1, 2, 4, 4)
for dt in [torch.float64, torch.float16]:
    xd = x.to(dt)
    print(dt, F.interpolate(xd, size=(3, 3), mode='bilinear').dtype, F.interpolate(xd, scale_factor=2, mode='nearest').dtype)
    print(F.avg_pool2d(xd, 2).dtype, F.max_pool2d(xd, 2).dtype, F.pad(xd, (1, 1, 1, 1), mode='reflect').dtype)
    print(F.conv2d(xd, torch.ones(1, 2, 3, 3, dtype=dt)).round(decimals=2).flatten())
print(F.interpolate(x.half(), size=(3, 3), mode='bicubic')[0, 0].float().round(decimals=2))
u = (x * 255).byte()
for mode in ['nearest', 'nearest-exact', 'bilinear', 'bicubic', 'area']:
    try:
        r = F.interpolate(u, size=(3, 3), mode=mode)
        print(mode, r.dtype, r[0, 0, 0])
    except Exception as e:
        print(mode, type(e).__name__, e)
for fn in [lambda t: F.avg_pool2d(t, 2), lambda t: F.max_pool2d(t, 2), lambda t: F.pad(t, (1, 1, 1, 1), mode='replicate'), lambda t: F.adaptive_avg_pool2d(t, 2), lambda t: F.pixel_shuffle(t.repeat(1, 2, 1, 1), 2), lambda t: F.unfold(t, 2), lambda t: F.grid_sample(t, torch.zeros(1, 2, 2, 2))]:
    for dt in [torch.uint8, torch.long, torch.bool]:
        try:
            r = fn(u.to(dt))
            print(r.dtype, r.shape)
        except Exception as e:
            print(type(e).__name__, e)
try:
    F.conv2d(u, torch.ones(1, 2, 3, 3, dtype=torch.uint8))
except Exception as e:
    print(type(e).__name__, e)
try:
    F.conv2d(x, torch.ones(1, 2, 3, 3, dtype=torch.float64))
except Exception as e:
    print(type(e).__name__, e)
try:
    F.conv2d(x.half(), torch.ones(1, 2, 3, 3))
except Exception as e:
    print(type(e).__name__, e)
print(torch.histc(x.double(), 4).dtype, torch.histc(x.half(), 4).dtype)
''',
'img_filters': r'''
import torch
import torch.nn.functional as F
torch.manual_seed(0)
img = torch.zeros(1, 1, 8, 8)
img[:, :, 2:6, 3:7] = 1.0
sx = torch.tensor([[-1., 0., 1.], [-2., 0., 2.], [-1., 0., 1.]])
sy = sx.t()
k = torch.stack([sx, sy]).unsqueeze(1)
print(k.shape)
g = F.conv2d(img, k, padding=1)
print(g.shape, g[0, 0, 3], g[0, 1, :, 4])
mag = g.pow(2).sum(1, keepdim=True).sqrt()
print(mag[0, 0, 1:4, 1:5].round(decimals=3))
ang = torch.atan2(g[:, 1], g[:, 0])
print(ang[0, 2, 2:8].round(decimals=3))
def gauss(ks, sigma):
    ax = torch.arange(ks, dtype=torch.float32) - (ks - 1) / 2
    g1 = torch.exp(-ax ** 2 / (2 * sigma ** 2))
    g1 = g1 / g1.sum()
    return torch.outer(g1, g1)
G = gauss(5, 1.0)
print(G.sum().round(decimals=5), G[2].round(decimals=4))
bl = F.conv2d(img, G.view(1, 1, 5, 5), padding=2)
print(bl[0, 0, 4].round(decimals=3))
box = F.conv2d(img, torch.ones(1, 1, 3, 3) / 9, padding='same')
print(box[0, 0, 2].round(decimals=3), torch.allclose(box, F.avg_pool2d(img, 3, 1, 1)))
rgb = torch.rand(2, 3, 6, 6)
dw = F.conv2d(rgb, G.view(1, 1, 5, 5).repeat(3, 1, 1, 1), padding=2, groups=3)
print(dw.shape, dw[1, :, 3, 3].round(decimals=3))
sep = F.conv2d(F.conv2d(img, G.sum(0).view(1, 1, 1, 5), padding=(0, 2)), G.sum(1).view(1, 1, 5, 1), padding=(2, 0))
print(torch.allclose(sep, bl, atol=1e-6))
lap = torch.tensor([[0., 1, 0], [1, -4, 1], [0, 1, 0]]).view(1, 1, 3, 3)
print(F.conv2d(img, lap, padding=1)[0, 0, 1:4, 2:5])
gray = (rgb * torch.tensor([0.299, 0.587, 0.114]).view(1, 3, 1, 1)).sum(1, keepdim=True)
print(gray.shape, gray[0, 0, 0].round(decimals=3))
try:
    F.conv2d(img, k[0])
except Exception as e:
    print(type(e).__name__, e)
try:
    F.conv2d(rgb, k, padding=1)
except Exception as e:
    print(type(e).__name__, e)
try:
    F.conv2d(img, k, padding='same', stride=2)
except Exception as e:
    print(type(e).__name__, e)
try:
    F.conv2d(img.double(), k)
except Exception as e:
    print(type(e).__name__, e)
try:
    F.conv2d(img, k, padding='valid ')
except Exception as e:
    print(type(e).__name__, e)
''',
'img_fold': r'''
import torch
import torch.nn.functional as F
x = torch.arange(2 * 16, dtype=torch.float32).view(1, 2, 4, 4)
p = F.unfold(x, kernel_size=2, stride=2)
print(p.shape, p[0, :, 0], p[0, 0])
y = F.fold(p, output_size=(4, 4), kernel_size=2, stride=2)
print(torch.equal(x, y))
p3 = F.unfold(x, 3, padding=1)
print(p3.shape)
ov = F.fold(p3, (4, 4), 3, padding=1)
cnt = F.fold(F.unfold(torch.ones_like(x), 3, padding=1), (4, 4), 3, padding=1)
print(cnt[0, 0], torch.allclose(ov / cnt, x))
pd = F.unfold(x, (2, 2), dilation=(1, 2), stride=1)
print(pd.shape, pd[0, :6, 0])
w = torch.randn(5, 2, 3, 3, generator=torch.Generator().manual_seed(0))
conv = (w.view(5, -1) @ p3).view(1, 5, 4, 4)
print(torch.allclose(conv, F.conv2d(x, w, padding=1), atol=1e-4))
u = torch.nn.Unfold(kernel_size=(2, 2), stride=1)
f = torch.nn.Fold(output_size=(3, 3), kernel_size=2)
print(u, f, u(x).shape)
print(f(torch.ones(1, 4, 4)))
try:
    F.fold(p, output_size=(5, 5), kernel_size=2, stride=2)
except Exception as e:
    print(type(e).__name__, e)
try:
    F.unfold(x[0, 0], 2)
except Exception as e:
    print(type(e).__name__, e)
try:
    F.fold(torch.ones(1, 5, 4), (3, 3), 2)
except Exception as e:
    print(type(e).__name__, e)
try:
    F.unfold(x, 5)
except Exception as e:
    print(type(e).__name__, e)
print(F.unfold(x[0], 2, stride=2).shape, F.fold(p[0], (4, 4), 2, stride=2).shape)
''',
'img_histeq': r'''
import torch
torch.manual_seed(0)
img = (torch.rand(16, 16) ** 2 * 200).to(torch.uint8)
print(img.dtype, img.min(), img.max(), img.float().mean().round(decimals=2))
h = torch.histc(img.float(), bins=256, min=0, max=255)
print(h.shape, h.dtype, h[:8], h.sum())
cdf = h.cumsum(0)
cdf_min = cdf[cdf > 0].min()
lut = ((cdf - cdf_min) / (cdf[-1] - cdf_min) * 255).clamp(0, 255).round().to(torch.uint8)
eq = lut[img.long()]
print(eq.dtype, eq.shape, eq.min(), eq.max(), eq[0, :8])
print(torch.bincount(eq.flatten(), minlength=256).shape, torch.unique(eq).numel())
bc = torch.bincount(img.flatten().long(), minlength=256)
print(torch.equal(bc.float(), h))
print(img[:2, :4], (img[:2, :4] + 250), img[:2, :4].to(torch.int16) + 250)
print((img[:2, :4] * 2), img[:2, :4] // 3, img[:2, :4] / 2)
print(img[:2, :4].float().div(255).mul(255).round().byte(), (img[:2, :4] - 10))
f = torch.tensor([-0.2, 0.0, 0.4999, 0.5, 1.2, float('nan')])
print((f.clamp(0, 1) * 255).round().to(torch.uint8)[:5], f.clamp(0, 1), f.clamp(min=0.1), f.clip(max=0.5))
print(torch.tensor([250], dtype=torch.uint8) + torch.tensor([10], dtype=torch.uint8), torch.tensor([3], dtype=torch.uint8) - 5)
print(torch.tensor([200], dtype=torch.uint8).float() * 2, torch.tensor([200], dtype=torch.uint8).to(torch.int8))
print(torch.histc(torch.tensor([0., 255.]), bins=4, min=0, max=255), torch.histc(torch.tensor([5., 5.]), bins=3))
gamma = (img.float() / 255) ** 0.5
print(gamma[0, :4].round(decimals=4), (gamma * 255).to(torch.uint8)[0, :4])
try:
    lut[img]
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.histc(img, bins=4)
except Exception as e:
    print(type(e).__name__, e)
try:
    img.clamp(0.5, 100)
except Exception as e:
    print(type(e).__name__, e)
print(img.clamp(5, 100).dtype, img.float().clamp(torch.tensor(3.), torch.tensor(90.))[0, :3])
try:
    torch.tensor([1, 2], dtype=torch.uint8).mean()
except Exception as e:
    print(type(e).__name__, e)
''',
'img_interp': r'''
import torch
import torch.nn.functional as F
torch.manual_seed(0)
x = torch.arange(16, dtype=torch.float32).view(1, 1, 4, 4)
print(F.interpolate(x, scale_factor=1.5, mode='nearest')[0, 0])
print(F.interpolate(x, size=(3, 3), mode='bicubic', align_corners=False).round(decimals=4))
print(F.interpolate(x, size=(6, 6), mode='bicubic', align_corners=True)[0, 0, 1].round(decimals=4))
print(F.interpolate(x, size=(2, 2), mode='bilinear', antialias=True).round(decimals=4))
print(F.interpolate(x, scale_factor=0.5, mode='bicubic', antialias=True).round(decimals=4))
print(F.interpolate(x, size=(2, 3), mode='area'))
print(F.interpolate(x, scale_factor=(0.5, 0.75), mode='bilinear', recompute_scale_factor=True).round(decimals=4))
print(F.interpolate(x, scale_factor=(0.6, 0.6), mode='bilinear', recompute_scale_factor=False).round(decimals=4))
print(F.interpolate(x, size=7, mode='nearest-exact')[0, 0, 0], F.interpolate(x, size=7, mode='nearest')[0, 0, 0])
u8 = (torch.rand(1, 3, 5, 5) * 255).to(torch.uint8)
print(F.interpolate(u8, size=(3, 3), mode='nearest')[0, 0], F.interpolate(u8, size=(3, 3), mode='bilinear')[0, 0])
print(F.interpolate(u8, size=(3, 3), mode='bilinear', antialias=True)[0, 1])
print(F.interpolate(torch.rand(1, 2, 3, 4, 5), scale_factor=2, mode='trilinear').shape)
print(F.upsample_nearest(x, scale_factor=2).shape, F.upsample_bilinear(x, size=(5, 5))[0, 0, 0].round(decimals=3))
try:
    F.interpolate(x, size=(3, 3), scale_factor=2)
except Exception as e:
    print(type(e).__name__, e)
try:
    F.interpolate(x, size=(3, 3), mode='nearest', align_corners=True)
except Exception as e:
    print(type(e).__name__, e)
try:
    F.interpolate(x, size=(3, 3), mode='bicubics')
except Exception as e:
    print(type(e).__name__, e)
try:
    F.interpolate(x, size=(3, 3), mode='nearest', antialias=True)
except Exception as e:
    print(type(e).__name__, e)
try:
    F.interpolate(x)
except Exception as e:
    print(type(e).__name__, e)
try:
    F.interpolate(x.long(), size=3, mode='bilinear')
except Exception as e:
    print(type(e).__name__, e)
''',
'img_morph': r'''
import torch
import torch.nn.functional as F
torch.manual_seed(0)
b = (torch.rand(1, 1, 7, 7) > 0.6).float()
print(b[0, 0].int())
dil = F.max_pool2d(b, 3, stride=1, padding=1)
ero = -F.max_pool2d(-b, 3, stride=1, padding=1)
print(dil[0, 0].int(), ero[0, 0].int())
opened = F.max_pool2d(-F.max_pool2d(-b, 3, 1, 1), 3, 1, 1)
print(opened[0, 0].int().sum(), (dil - ero)[0, 0].sum())
x = torch.rand(1, 1, 6, 6)
x[0, 0, 2, 3] = 5.0
patches = F.unfold(F.pad(x, (1, 1, 1, 1), mode='reflect'), 3)
med = patches.median(dim=1).values.view(1, 1, 6, 6)
print(med.shape, med.max() < 1.0, med[0, 0, 2].round(decimals=3))
p2 = x.unfold(2, 3, 1).unfold(3, 3, 1)
print(p2.shape, p2.contiguous().view(1, 1, 4, 4, 9).median(-1).values.shape)
print(F.max_pool2d(x, 2, dilation=2).shape, F.max_pool2d(x, 3, stride=2, ceil_mode=True).shape)
img = (torch.rand(8, 8) * 255).to(torch.uint8)
h = torch.histc(img.float(), 256, 0, 255)
p = h / h.sum()
omega = p.cumsum(0); mu = (p * torch.arange(256)).cumsum(0); mu_t = mu[-1]
sigma_b = (mu_t * omega - mu) ** 2 / (omega * (1 - omega))
sigma_b = torch.nan_to_num(sigma_b, nan=0.0, posinf=0.0)
thr = sigma_b.argmax()
print(thr, (img > thr).sum(), (img > thr).dtype)
mask = img > 128
print((mask & (img < 200)).sum(), (mask | (img < 10)).sum(), (~mask).sum(), mask.logical_xor(img > 64).sum())
print(img & 0xF0, img >> 4, img.bitwise_xor(255)[0])
print((img.int() - 128).abs().max(), img.to(torch.int32).sub(128).clamp(-100, 100).to(torch.int8)[0])
lab = torch.arange(1, 50).view(7, 7) * b[0, 0].long()
for _ in range(6):
    m = F.max_pool2d(lab.float()[None, None], 3, 1, 1)[0, 0].long() * b[0, 0].long()
    lab = torch.maximum(lab, m)
print(torch.unique(lab[lab > 0]).numel(), lab.max())
try:
    F.max_pool2d(img[None].float(), 3, padding=2)
except Exception as e:
    print(type(e).__name__, e)
try:
    F.max_pool2d(img[None, None], 2)
except Exception as e:
    print(type(e).__name__, e)
try:
    img & 1.5
except Exception as e:
    print(type(e).__name__, e)
try:
    ~img.float()
except Exception as e:
    print(type(e).__name__, e)
print(F.max_pool2d(img[None, None].float(), 4).byte()[0, 0], F.avg_pool2d(img[None, None].float(), 4)[0, 0].round(decimals=2))
''',
'img_np': r'''
import torch
import numpy as np
rng = np.random.default_rng(0)
arr = rng.integers(0, 256, size=(4, 5, 3), dtype=np.uint8)
t = torch.from_numpy(arr)
print(t.dtype, t.shape, t.stride(), t[0, 0])
chw = t.permute(2, 0, 1)
print(chw.is_contiguous(), chw.stride(), chw.contiguous().stride())
f = chw.float().div(255)
print(f.dtype, f[0, 0].round(decimals=3))
back = (f * 255).round().byte().permute(1, 2, 0).numpy()
print(back.dtype, back.shape, np.array_equal(back, arr), back.flags['C_CONTIGUOUS'])
arr[0, 0, 0] = 7
print(t[0, 0, 0].item())
t2 = torch.tensor(arr); arr[0, 0, 0] = 9
print(t2[0, 0, 0].item(), torch.as_tensor(arr)[0, 0, 0].item())
f64 = torch.from_numpy(rng.random((2, 2)))
print(f64.dtype, f64.float().dtype, torch.from_numpy(np.array([1, 2], dtype=np.int32)).dtype)
print(np.asarray(torch.arange(3)).dtype, torch.arange(3.).numpy().dtype, np.array(torch.ones(2, dtype=torch.float16)).dtype)
bw = torch.from_numpy(arr[..., ::-1].copy())
print(bw[0, 0], torch.from_numpy(np.ascontiguousarray(arr.transpose(2, 0, 1))).shape)
try:
    torch.from_numpy(arr[..., ::-1])
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.ones(2, requires_grad=True).numpy()
except Exception as e:
    print(type(e).__name__, e)
print(torch.tensor(np.float32(2.5)), torch.tensor(np.array(3)), torch.tensor([np.int64(1), np.int64(2)]).dtype)
x = torch.tensor(arr[:2, :2, 0])
print(x, x.float().mean(), x.sum(), x.sum(dtype=torch.uint8))
print(torch.from_numpy(np.zeros((2, 0, 3), dtype=np.uint8)).shape, torch.from_numpy(arr).numpy() is arr, np.shares_memory(torch.from_numpy(arr).numpy(), arr))
print(torch.tensor(arr).to(torch.float16)[0, 0], torch.tensor(arr).half().dtype)
''',
'img_pad': r'''
import torch
import torch.nn.functional as F
x = torch.arange(9.).view(1, 1, 3, 3)
for mode in ['constant', 'reflect', 'replicate', 'circular']:
    print(mode, F.pad(x, (1, 2, 2, 1), mode=mode)[0, 0])
print(F.pad(x, (1, 1), value=-1.5)[0, 0])
print(F.pad(x, (-1, 0, 0, -1)))
print(F.pad(torch.arange(4), (2, 1)), F.pad(torch.arange(4).view(1, 4), (1, 1), mode='constant', value=9))
print(F.pad(torch.arange(5.).view(1, 5), (2, 2), mode='reflect'), F.pad(torch.arange(5.).view(1, 1, 5), (2, 3), mode='circular'))
print(torch.nn.ReflectionPad2d(1), torch.nn.ReflectionPad2d(1)(x).shape, torch.nn.ZeroPad2d((1, 0, 0, 1))(x).shape)
print(torch.nn.ReplicationPad1d((0, 2))(torch.arange(3.).view(1, 1, 3)), torch.nn.ConstantPad2d(1, 3.5))
print(torch.nn.CircularPad2d(1)(x)[0, 0, 0])
try:
    F.pad(x, (3, 3, 0, 0), mode='reflect')
except Exception as e:
    print(type(e).__name__, e)
try:
    F.pad(x, (1, 1, 1), mode='constant')
except Exception as e:
    print(type(e).__name__, e)
try:
    F.pad(x, (1, 1), mode='wrap')
except Exception as e:
    print(type(e).__name__, e)
try:
    F.pad(x, (1, 1, 1, 1, 1, 1), mode='reflect')
except Exception as e:
    print(type(e).__name__, e)
try:
    F.pad(x, (4, 4, 4, 4), mode='circular')
except Exception as e:
    print(type(e).__name__, e)
try:
    F.pad(x.long(), (1, 1), mode='reflect')
except Exception as e:
    print(type(e).__name__, e)
print(F.pad(torch.arange(4).view(1, 4), (1, 1), mode='replicate'))
''',
'img_pool_more': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(0)
x = torch.arange(36.).view(1, 1, 6, 6)
print(F.avg_pool2d(x, 3, stride=3, divisor_override=2)[0, 0])
print(F.lp_pool2d(x, 2, 3)[0, 0].round(decimals=2), F.lp_pool1d(torch.arange(6.).view(1, 1, 6), 1, 2))
o, i = F.adaptive_max_pool2d(x, (2, 3), return_indices=True)
print(o[0, 0], i[0, 0])
print(F.adaptive_avg_pool2d(x, (4, 5))[0, 0].round(decimals=3))
print(F.local_response_norm(torch.arange(8.).view(1, 4, 1, 2), 3)[0, :, 0].round(decimals=4))
fm = F.fractional_max_pool2d(x, 2, output_size=(3, 3), _random_samples=torch.tensor([[[0.5, 0.5]]]))
print(fm[0, 0])
print(nn.Upsample(scale_factor=1.5, mode='nearest'), nn.Upsample(size=(3, 4)), nn.AdaptiveAvgPool2d((None, 2))(x).shape)
print(nn.AvgPool2d(3, divisor_override=4), nn.LPPool2d(2, 3), nn.MaxPool2d(2, return_indices=True, ceil_mode=True))
print(F.normalize(x.view(1, -1)[:, :4], dim=1).round(decimals=4), F.normalize(torch.zeros(2, 3)))
print(F.cosine_similarity(x[0, 0, :2], x[0, 0, 2:4], dim=1).round(decimals=4))
print(F.pairwise_distance(x[0, 0, :2], x[0, 0, 2:4]).round(decimals=3), torch.cdist(x[0, 0, :2], x[0, 0, 2:4]).round(decimals=3))
print(F.adaptive_avg_pool1d(torch.arange(7.).view(1, 1, 7), 3))
try:
    F.avg_pool2d(x, 3, divisor_override=0)
except Exception as e:
    print(type(e).__name__, e)
try:
    F.adaptive_avg_pool2d(x, (0, 2))
    print('ok')
except Exception as e:
    print(type(e).__name__, e)
try:
    F.max_pool2d(x, 3, padding=2)
except Exception as e:
    print(type(e).__name__, e)
try:
    F.max_pool2d(x, 0)
except Exception as e:
    print(type(e).__name__, e)
try:
    F.avg_pool2d(x, 2, stride=0)
except Exception as e:
    print(type(e).__name__, e)
''',
'img_rotate': r'''
import torch
import torch.nn.functional as F
import math
x = torch.arange(25.).view(1, 1, 5, 5)
a = math.pi / 2
theta = torch.tensor([[[math.cos(a), -math.sin(a), 0.], [math.sin(a), math.cos(a), 0.]]])
grid = F.affine_grid(theta, (1, 1, 5, 5), align_corners=False)
print(grid.shape, grid[0, 0, :2].round(decimals=4))
r = F.grid_sample(x, grid, align_corners=False)
print(r.round(decimals=3)[0, 0])
print(torch.rot90(x, 1, (2, 3))[0, 0])
ident = torch.tensor([[[1., 0, 0], [0, 1, 0]]])
g2 = F.affine_grid(ident, (1, 1, 5, 5), align_corners=True)
print(torch.allclose(F.grid_sample(x, g2, align_corners=True), x))
sh = torch.tensor([[[1., 0, 0.4], [0, 1, 0]]])
gs = F.affine_grid(sh, (1, 1, 5, 5), align_corners=False)
for pm in ['zeros', 'border', 'reflection']:
    print(pm, F.grid_sample(x, gs, padding_mode=pm, align_corners=False)[0, 0, 0].round(decimals=3))
print(F.grid_sample(x, gs, mode='nearest', align_corners=False)[0, 0, 1])
print(F.grid_sample(x, gs, mode='bicubic', align_corners=False)[0, 0, 2].round(decimals=3))
sc = torch.tensor([[[0.5, 0, 0], [0, 0.5, 0]]])
print(F.grid_sample(x, F.affine_grid(sc, (1, 1, 3, 3), align_corners=True), align_corners=True)[0, 0])
print(torch.flip(x, [3])[0, 0, 0], x.flip(2, 3)[0, 0, 0], torch.fliplr(x[0, 0])[0], torch.flipud(x[0, 0])[0])
print(torch.rot90(x[0, 0], 2)[0], torch.rot90(x[0, 0], -1)[0], torch.rot90(x[0, 0], 4).equal(x[0, 0]))
try:
    F.affine_grid(theta[0], (1, 1, 5, 5))
except Exception as e:
    print(type(e).__name__, e)
try:
    F.affine_grid(theta, (1, 1, 5))
except Exception as e:
    print(type(e).__name__, e)
try:
    F.grid_sample(x, grid[..., :1])
except Exception as e:
    print(type(e).__name__, e)
try:
    F.grid_sample(x, grid, mode='area')
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.rot90(x, 1, (0, 0))
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.flip(x, (3, 3))
except Exception as e:
    print(type(e).__name__, e)
th = theta.clone().requires_grad_()
out = F.grid_sample(x, F.affine_grid(th, (1, 1, 5, 5), align_corners=False), align_corners=False)
out.sum().backward()
print(out.grad_fn.name(), th.grad.round(decimals=3))
''',
'img_sample_more': r'''
import torch
import torch.nn.functional as F
torch.manual_seed(14)
x = torch.rand(1, 2, 5, 6)
g = torch.rand(1, 3, 4, 2) * 3 - 1.5
for m in ['bilinear', 'nearest', 'bicubic']:
    for pm in ['zeros', 'border', 'reflection']:
        for ac in [False, True]:
            r = F.grid_sample(x, g, mode=m, padding_mode=pm, align_corners=ac)
            print(m, pm, ac, r[0, 1, 1].round(decimals=3).tolist())
v = torch.rand(1, 1, 3, 4, 4)
th = torch.tensor([[[1., 0, 0, 0.2], [0, 1, 0, 0], [0, 0, 1, -0.3]]])
g3 = F.affine_grid(th, (1, 1, 3, 4, 4), align_corners=False)
print(g3.shape, F.grid_sample(v, g3, align_corners=False)[0, 0, 1, 1].round(decimals=3))
print(F.grid_sample(v, g3, mode='nearest', padding_mode='border', align_corners=True)[0, 0, 0, 0].round(decimals=3))
print(F.interpolate(x, scale_factor=2, mode='bilinear', antialias=True)[0, 0, 0, :4].round(decimals=3))
print(F.interpolate(x, size=(3, 2), mode='bicubic', antialias=True, align_corners=True)[0, 1].round(decimals=3))
print(F.interpolate(x, size=(2, 4), mode='bilinear', antialias=True, align_corners=True)[0, 0].round(decimals=3))
print(F.interpolate(x, scale_factor=(0.4, 0.7), mode='nearest')[0, 0].round(decimals=3))
print(F.interpolate(x, scale_factor=1.7, mode='bicubic', align_corners=False).shape)
print(F.interpolate(x, scale_factor=1.7, mode='bilinear', recompute_scale_factor=True)[0, 0, 0, :4].round(decimals=3))
print(F.interpolate(x, scale_factor=1.7, mode='bilinear')[0, 0, 0, :4].round(decimals=3))
xr = x.clone().requires_grad_()
F.interpolate(xr, size=(7, 3), mode='bicubic', antialias=True).pow(2).sum().backward()
print(xr.grad[0, 0, 0].round(decimals=3))
xr.grad = None
gg = g.clone().requires_grad_()
F.grid_sample(xr, gg, mode='bilinear', padding_mode='border', align_corners=False).sum().backward()
print(xr.grad[0, 0, 0].round(decimals=3), gg.grad[0, 0].round(decimals=3))
''',
'img_shuffle': r'''
import torch
import torch.nn.functional as F
x = torch.arange(16.).view(1, 4, 2, 2)
y = F.pixel_shuffle(x, 2)
print(y.shape, y[0, 0])
print(torch.equal(F.pixel_unshuffle(y, 2), x))
z = torch.arange(36.).view(1, 1, 6, 6)
u = F.pixel_unshuffle(z, 3)
print(u.shape, u[0, :, 0, 0], u[0, 4])
ps = torch.nn.PixelShuffle(2); pu = torch.nn.PixelUnshuffle(2)
print(ps, pu, ps(torch.randn(3, 2, 8, 5, 5)).shape, pu(torch.randn(4, 6, 6)).shape)
print(torch.equal(F.pixel_shuffle(torch.arange(8).view(8, 1, 1), 2).flatten(), torch.tensor([0, 4, 1, 5, 2, 6, 3, 7])))
print(F.pixel_shuffle(torch.arange(8).view(2, 4, 1, 1), 2).dtype)
try:
    F.pixel_shuffle(torch.randn(1, 3, 2, 2), 2)
except Exception as e:
    print(type(e).__name__, e)
try:
    F.pixel_unshuffle(torch.randn(1, 1, 5, 4), 2)
except Exception as e:
    print(type(e).__name__, e)
try:
    F.pixel_shuffle(torch.randn(4, 2), 2)
except Exception as e:
    print(type(e).__name__, e)
try:
    F.pixel_unshuffle(torch.randn(1, 1, 4, 5), 2)
except Exception as e:
    print(type(e).__name__, e)
x.requires_grad_()
print(F.pixel_shuffle(x, 2).grad_fn.name(), F.pixel_unshuffle(x, 1).grad_fn.name())
''',
'err_floats': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
x = torch.rand(4, 3)
p = [nn.Parameter(torch.zeros(2))]
cases = [
    lambda: nn.Dropout(1.5),
    lambda: F.dropout(x, -0.1),
    lambda: torch.optim.SGD(p, lr=-1.0),
    lambda: torch.optim.Adam(p, lr=0.1, betas=(1.0, 0.9)),
    lambda: torch.optim.Adam(p, lr=0.1, betas=(0.9, 1.5)),
    lambda: torch.optim.Adam(p, eps=-1e-8),
    lambda: torch.optim.SGD(p, lr=0.1, momentum=-0.5),
    lambda: torch.optim.SGD(p, lr=0.1, weight_decay=-1e-4),
    lambda: torch.optim.RMSprop(p, alpha=-0.99),
    lambda: torch.optim.AdamW(p, weight_decay=-0.01),
    lambda: torch.optim.Adagrad(p, lr_decay=-1),
    lambda: torch.optim.SGD(p, lr=0.1, nesterov=True),
    lambda: F.leaky_relu(x, -1) is None or 1 / 0,
    lambda: F.rrelu(x, 0.5, 0.1, training=True),
    lambda: nn.Hardtanh(1.0, -1.0),
    lambda: F.threshold(x, 0.5, 1e-3).sum() and 1 / 0,
    lambda: torch.full((2,), 1.5, dtype=torch.long) and 1 / 0,
    lambda: torch.quantile(x, -0.25),
    lambda: torch.linspace(0, 1, -3),
    lambda: torch.arange(0, 1, 0.0),
    lambda: torch.arange(1, 0, 0.25),
    lambda: F.softplus(x, beta=0) is None or 1 / 0,
    lambda: F.elu(x, alpha=-1.0).sum() and 1 / 0,
    lambda: nn.utils.clip_grad_norm_(p, 1.0, norm_type=-2.5) and 1 / 0,
    lambda: torch.distributions.Normal(0., -1.0),
    lambda: torch.distributions.Bernoulli(probs=1.5),
    lambda: F.gumbel_softmax(x, tau=0.0).sum() and 1 / 0,
    lambda: torch.optim.lr_scheduler.StepLR(torch.optim.SGD(p, lr=0.1), step_size=1.5) and 1 / 0,
    lambda: nn.LayerNorm(3, eps=-1.0)(x).sum() and 1 / 0,
    lambda: F.batch_norm(x, torch.zeros(3), torch.ones(3), momentum=2.5).sum() and 1/0,
    lambda: torch.clamp(x, min=0.7, max=0.2).sum() and 1 / 0,
    lambda: F.hardtanh(x, 0.5, 0.2),
    lambda: F.celu(x, alpha=0.0),
]
for i, c in enumerate(cases):
    try:
        c()
        print(i, 'no error')
    except Exception as e:
        print(i, type(e).__name__, e)
''',
}

ember_outputs, torch_outputs, test_program_matches_pytorch = program_tests(PROGRAMS, quiet_warnings=True)


# ---------------------------------------------------------------- fixes (golden values from PyTorch 2.13)
def _err(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001
        return f"{type(e).__name__} {e}"
    return None


def test_reflect_pad_argument_numbers():
    F = ember.nn.functional
    msg = "Padding size should be less than the corresponding input dimension, but got: padding"
    assert _err(lambda: F.pad(ember.zeros(1, 3, 3), (3, 0), mode="reflect")) == \
        f"RuntimeError Argument #4: {msg} (3, 0) at dimension 2 of input [1, 3, 3]"
    assert _err(lambda: F.pad(ember.zeros(1, 3, 3), (0, 0, 3, 0), mode="reflect")) == \
        f"RuntimeError Argument #6: {msg} (3, 0) at dimension 1 of input [1, 3, 3]"
    assert _err(lambda: F.pad(ember.zeros(1, 1, 3, 3), (0, 0, 0, 0, 1, 1), mode="reflect")) == \
        f"RuntimeError Argument #8: {msg} (1, 1) at dimension 1 of input [1, 1, 3, 3]"
    assert _err(lambda: F.pad(ember.zeros(1, 1, 3, 3), (3, 0, 3, 0, 1, 0), mode="reflect")) == \
        f"RuntimeError Argument #4: {msg} (3, 0) at dimension 3 of input [1, 1, 3, 3]"


def test_numpy_returns_fresh_view():
    a = np.zeros(3)
    t = ember.from_numpy(a)
    n1, n2 = t.numpy(), t.numpy()
    assert n1 is not a and n1 is not n2 and np.shares_memory(n1, a)
    n1.shape = (3, 1)
    assert tuple(t.shape) == (3,)
    n2[0] = 5.0
    assert t[0].item() == 5.0 and a[0] == 5.0


def test_histogram_range_checks():
    v = ember.tensor([0.5, -0.25, 1.0])
    assert _err(lambda: ember.histogram(v, bins=3, range=(1.0, -1.0))) == \
        "RuntimeError torch.histogramdd: min should not exceed max, but got min 1 max -1 for dimension 0"
    assert _err(lambda: ember.histogram(v, bins=3, range=(0.0, float("inf")))) == \
        "RuntimeError torch.histogramdd: dimension 0's range [0, inf] is not finite"
    assert _err(lambda: ember.histogram(ember.tensor([float("nan"), 1.0]), bins=2)) == \
        "RuntimeError torch.histogramdd: dimension 0's range [nan, nan] is not finite"
    assert _err(lambda: ember.histogram(ember.tensor([float("inf"), 1.0]), bins=2)) == \
        "RuntimeError torch.histogramdd: dimension 0's range [1, inf] is not finite"
    h = ember.histogram(v, bins=3, range=(2.5, 2.5))
    assert h.bin_edges.tolist() == pytest.approx([2.0, 2.0 + 1 / 3, 2.0 + 2 / 3, 3.0])


def test_histc_range_message_format():
    pre, post = "RuntimeError torch.histc: range of [", "] is not finite"
    assert _err(lambda: ember.histc(ember.tensor([float("inf"), 1.0]), bins=2)) == f"{pre}1, inf{post}"
    assert _err(lambda: ember.histc(ember.tensor([float("nan"), 1.0]), bins=2)) == f"{pre}-nan, -nan{post}"
    ones = ember.ones(2)
    assert _err(lambda: ember.histc(ones, bins=2, min=0.5, max=float("inf"))) == f"{pre}0.5, inf{post}"
    assert _err(lambda: ember.histc(ones, bins=2, min=-float("inf"), max=2)) == f"{pre}-inf, 2{post}"
    assert _err(lambda: ember.histc(ones, bins=2, min=1e20, max=float("inf"))) == f"{pre}1e+20, inf{post}"
    assert _err(lambda: ember.histc(ones, bins=2, min=1.25e-7, max=float("nan"))) == f"{pre}1.25e-07, nan{post}"


def test_as_strided_offset_and_size_checks():
    x = ember.arange(24.0)
    assert _err(lambda: x.as_strided((2, 2), (1, 1), -1)) == "RuntimeError Tensor: invalid storage offset -1"
    assert _err(lambda: x.as_strided((2, -2), (1, 1), -1)) == "RuntimeError Tensor: invalid storage offset -1"
    assert _err(lambda: x.as_strided((2, 2), (1, -1), -1)) == \
        "RuntimeError as_strided: Negative strides are not supported at the moment, got strides: [1, -1]"
    assert _err(lambda: x.as_strided((2, -2), (1, 1))) == \
        "RuntimeError Storage size calculation overflowed with sizes=[2, -2] and strides=[1, 1]"
    assert _err(lambda: x.as_strided((-1,), (1,))) == \
        "RuntimeError Storage size calculation overflowed with sizes=[-1] and strides=[1]"


def _permuted(shape, perm):
    return ember.rand(*[shape[i] for i in perm]).permute(*[perm.index(i) for i in range(len(shape))])


@pytest.mark.parametrize("shape,perm,expected", [
    ((2, 3, 4, 5), (0, 2, 3, 1), ((60, 1, 15, 3), False, True)),
    ((1, 3, 1, 1), (0, 2, 3, 1), ((3, 1, 3, 3), True, True)),
    ((2, 1, 4, 5), (0, 2, 3, 1), ((20, 1, 5, 1), True, True)),
    ((2, 3, 4, 5), (0, 1, 2, 3), ((60, 20, 5, 1), True, False)),
    ((2, 3, 4, 5), (0, 3, 2, 1), ((60, 1, 3, 12), False, False)),
    ((2, 3, 1, 5), (0, 2, 3, 1), ((15, 1, 15, 3), False, True)),
])
def test_is_contiguous_channels_last(shape, perm, expected):
    t = _permuted(shape, perm)
    assert (t.stride(), t.is_contiguous(), t.is_contiguous(memory_format=ember.channels_last)) == expected
    assert t.is_contiguous(memory_format=ember.contiguous_format) == expected[1]
    assert t.is_contiguous(memory_format=ember.preserve_format) == expected[1]


def test_channels_last_3d_and_layout_copies():
    cl, cl3 = ember.channels_last, ember.channels_last_3d
    assert repr(cl3) == "torch.channels_last_3d"
    v = ember.rand(2, 3, 4, 5, 6)
    assert v.contiguous(memory_format=cl3).stride() == (360, 1, 90, 18, 3)
    assert v.to(memory_format=cl3).is_contiguous(memory_format=cl3)
    assert not v.is_contiguous(memory_format=cl) and not v.is_contiguous(memory_format=cl3)
    assert not ember.rand(2, 3, 4, 5).is_contiguous(memory_format=cl3)
    assert not ember.rand(3, 4).is_contiguous(memory_format=cl)
    w = ember.rand(8, 3, 1, 1)
    assert w.to(memory_format=cl).stride() == (3, 1, 3, 3)
    assert w.contiguous(memory_format=cl).stride() == (3, 1, 1, 1)
    assert ember.nn.Conv2d(3, 8, 1).to(memory_format=cl).weight.stride() == (3, 1, 3, 3)
    assert ember.nn.Conv3d(2, 2, 1).to(memory_format=cl3).weight.stride() == (2, 1, 2, 2, 2)
    assert ember.empty(2, 3, 4, 5, memory_format=cl).stride() == (60, 1, 15, 3)
    assert ember.empty(1, 2, 2, 2, 2, memory_format=cl3).stride() == (16, 1, 8, 4, 2)
    assert ember.rand(2, 3, 4, 5).clone(memory_format=cl).stride() == (60, 1, 15, 3)
    assert v.clone(memory_format=cl3).stride() == (360, 1, 90, 18, 3)
    y = ember.rand(2, 3, 4, 5).contiguous(memory_format=cl)
    assert y.to(memory_format=cl) is y
    assert _err(lambda: v.contiguous(memory_format=cl)) == \
        "RuntimeError required rank 4 tensor to use channels_last format"
    assert _err(lambda: ember.rand(2, 3, 4, 5).clone(memory_format=cl3)) == \
        "RuntimeError required rank 5 tensor to use channels_last_3d format"


def test_relu_keeps_dense_layouts():
    x = (ember.rand(2, 3, 4, 5) - 0.5).contiguous(memory_format=ember.channels_last)
    y = ember.relu(x)
    assert y.stride() == (60, 1, 15, 3) and ember.equal(y, x.clamp(min=0))
    t = ember.rand(3, 4).t() - 0.5
    assert ember.relu(t).stride() == (1, 4) and ember.equal(ember.relu(t), t.clamp(min=0))
    p = ember.rand(2, 3, 4).permute(2, 0, 1) - 0.5
    assert ember.nn.functional.relu(p).stride() == (1, 12, 4)
    assert ember.relu(ember.rand(4, 6)[:, ::2] - 0.5).stride() == (3, 1)   # not dense: contiguous result


def test_channels_last_outputs_of_image_ops():
    F = ember.nn.functional
    x = ember.rand(2, 3, 4, 5).contiguous(memory_format=ember.channels_last)
    for mode in ("nearest", "nearest-exact", "bilinear", "bicubic"):
        y = F.interpolate(x, size=(3, 7), mode=mode)
        assert y.stride() == (63, 1, 21, 3) and ember.equal(y, F.interpolate(x.contiguous(), size=(3, 7), mode=mode))
    assert F.interpolate(x, size=(3, 3), mode="bilinear", antialias=True).stride() == (27, 1, 9, 3)
    for pm in ("constant", "reflect", "replicate"):
        assert F.pad(x, (1, 1, 1, 1), mode=pm).stride() == (126, 1, 21, 3)
    assert F.pad(x, (1, 1, 1, 1), mode="circular").stride() == (126, 42, 7, 1)   # built contiguous
    assert F.pad(x, (1, 1, 1, 1, 1, 1)).stride() == (210, 1, 35, 5)
    assert x.flip(3).stride() == (60, 1, 15, 3) and ember.rot90(x, 1, (2, 3)).stride() == (60, 1, 3, 15)
    assert ember.rot90(x, 0, (2, 3)).stride() == (60, 20, 5, 1) and ember.rot90(x, 2, (2, 3)).stride() == (60, 1, 15, 3)
    assert ember.rand(3, 4).t().flip(0).stride() == (1, 4) and ember.rand(4, 6)[:, ::2].flip(1).stride() == (3, 1)
    for rg in (False, True):
        xr = x.detach().requires_grad_(rg)
        o, i = F.max_pool2d(xr, 2, return_indices=True)
        assert o.stride() == (12, 1, 6, 3) and i.stride() == (12, 1, 6, 3)
        assert F.avg_pool2d(xr, 2).stride() == (12, 1, 6, 3)
        o, i = F.adaptive_max_pool2d(xr, (2, 3), return_indices=True)
        assert o.stride() == (18, 1, 9, 3) and i.stride() == (18, 1, 9, 3)
        assert F.adaptive_avg_pool2d(xr, 1).stride() == (3, 1, 3, 3)
        assert F.adaptive_avg_pool2d(xr, (2, 3)).stride() == (18, 1, 9, 3)
    s = ember.rand(2, 3, 6).transpose(1, 2).contiguous().transpose(1, 2)
    assert F.max_pool1d(s, 2).stride() == (9, 3, 1)                          # ATen's own kernel: contiguous
    assert F.max_pool1d(s, 2, return_indices=True)[0].stride() == (9, 1, 3)   # via max_pool2d: channels-last


def test_fixes_match_pytorch():
    torch = pytest.importorskip("torch")
    for shape, perm in [((2, 3, 4, 5), (0, 2, 3, 1)), ((1, 3, 1, 1), (0, 2, 3, 1)), ((2, 3, 1, 5), (0, 2, 3, 1))]:
        e = _permuted(shape, perm)
        t = torch.rand(*[shape[i] for i in perm]).permute(*[perm.index(i) for i in range(4)])
        assert e.stride() == t.stride()
        assert e.is_contiguous(memory_format=ember.channels_last) == t.is_contiguous(memory_format=torch.channels_last)
    assert ember.rand(8, 3, 1, 1).to(memory_format=ember.channels_last).stride() == \
        torch.rand(8, 3, 1, 1).to(memory_format=torch.channels_last).stride()
    for lo, hi in [(0.5, float("inf")), (1e20, float("inf")), (1.25e-7, float("nan"))]:
        def run(lib):
            try:
                lib.histc(lib.ones(2), bins=2, min=lo, max=hi)
            except RuntimeError as err:
                return str(err)
        assert run(ember) == run(torch)
