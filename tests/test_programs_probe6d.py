"""Data, randomness, distributions and saving (program probe 6d), run under ``python -m ember run`` and
under PyTorch 2.13; stdout must match exactly.

The programs exercise ``torch.utils.data`` (map-style and iterable datasets, ``Subset``/``ConcatDataset``/
``StackDataset``, ``random_split`` with fractions, every sampler, ``default_collate``/``default_convert``,
DataLoader options and their errors, how loaders consume the global RNG), random state (generators,
``get_rng_state``/``set_rng_state``, ``fork_rng``, seeding patterns, ``nn.init`` with generators),
``torch.distributions`` in RL/VAE/Bayesian style (log_prob/entropy/KL, rsample gradients, transforms,
constraints, mixtures, validation errors) and serialization (``torch.save``/``torch.load`` into BytesIO and
temporary files, checkpoint sizes, legacy format, ``weights_only``, ``map_location``, ``mmap``, pickling and
``copy.deepcopy``).
"""
from __future__ import annotations

import pytest
from program_runner import program_tests, raises_exactly

import ember

PROGRAMS = {
    'map_dataset_subset_concat': r'''
import torch
from torch.utils.data import Dataset, Subset, ConcatDataset, DataLoader

class Squares(Dataset):
    def __init__(self, n, offset=0):
        self.n, self.offset = n, offset
    def __len__(self):
        return self.n
    def __getitem__(self, i):
        if i < 0 or i >= self.n:
            raise IndexError(i)
        x = torch.tensor([float(i + self.offset)])
        return x, (x ** 2).long()

a, b = Squares(5), Squares(3, offset=100)
cat = ConcatDataset([a, b])
print(len(cat), cat.cumulative_sizes)
print(cat[0], cat[5], cat[-1])
sub = Subset(cat, [7, 0, 4, 5])
print(len(sub), sub.indices)
for i in range(len(sub)):
    x, y = sub[i]
    print(i, x.item(), y.tolist(), y.dtype)
cat2 = a + b
print(type(cat2).__name__, len(cat2))
loader = DataLoader(sub, batch_size=3)
print(len(loader))
for xb, yb in loader:
    print(xb.shape, xb.dtype, yb.squeeze(1))
nested = ConcatDataset([sub, Subset(a, range(2))])
print(len(nested), [nested[i][0].item() for i in range(len(nested))])
try:
    cat[8]
except Exception as e:
    print(type(e).__name__, e)
try:
    ConcatDataset([])
except Exception as e:
    print(type(e).__name__, e)
''',
    'random_split_fractions': r'''
import torch
from torch.utils.data import random_split, TensorDataset

ds = TensorDataset(torch.arange(10).float(), torch.arange(10) % 3)
g = torch.Generator().manual_seed(42)
train, val = random_split(ds, [7, 3], generator=g)
print(type(train).__name__, len(train), len(val))
print(train.indices, val.indices)
parts = random_split(range(10), [0.5, 0.3, 0.2], generator=torch.Generator().manual_seed(1))
print([list(p) for p in parts])
parts = random_split(range(11), [0.5, 0.5], generator=torch.Generator().manual_seed(1))
print([len(p) for p in parts], [list(p) for p in parts])
parts = random_split(range(7), [0.1, 0.2, 0.7], generator=torch.Generator().manual_seed(3))
print([len(p) for p in parts])
torch.manual_seed(0)
a, b = random_split(range(6), [4, 2])
print(list(a), list(b))
torch.manual_seed(0)
a2, b2 = random_split(range(6), [4, 2])
print(list(a) == list(a2), list(b) == list(b2))
try:
    random_split(range(5), [2, 2])
except Exception as e:
    print(type(e).__name__, e)
try:
    random_split(range(5), [0.5, 0.6])
except Exception as e:
    print(type(e).__name__, e)
x, y = train[0]
print(x, y)
print(ds.tensors[0].shape, len(ds))
''',
    'samplers_tour': r'''
import torch
from torch.utils.data import (SequentialSampler, RandomSampler, BatchSampler,
                              WeightedRandomSampler, SubsetRandomSampler)

data = list(range(8))
print(list(SequentialSampler(data)), len(SequentialSampler(data)))
g = torch.Generator().manual_seed(7)
rs = RandomSampler(data, generator=g)
print(list(rs), len(rs))
print(list(rs))
rs2 = RandomSampler(data, replacement=True, num_samples=12, generator=torch.Generator().manual_seed(7))
print(list(rs2), len(rs2))
rs3 = RandomSampler(data, num_samples=13, generator=torch.Generator().manual_seed(3))
print(list(rs3), len(rs3))
print(rs2.replacement, rs2.num_samples)
bs = BatchSampler(SequentialSampler(range(10)), batch_size=4, drop_last=False)
print(list(bs), len(bs))
bs = BatchSampler(range(10), batch_size=4, drop_last=True)
print(list(bs), len(bs))
w = WeightedRandomSampler([0.1, 0.0, 0.5, 0.4], num_samples=10, replacement=True, generator=torch.Generator().manual_seed(0))
print(list(w), len(w))
print(w.weights, w.weights.dtype)
w2 = WeightedRandomSampler(torch.tensor([1., 2., 3., 4.]), 4, replacement=False, generator=torch.Generator().manual_seed(5))
print(sorted(list(w2)), len(w2))
s = SubsetRandomSampler([10, 20, 30, 40], generator=torch.Generator().manual_seed(2))
print(list(s), len(s))
for bad in [lambda: RandomSampler(data, num_samples=0), lambda: BatchSampler(range(3), 0, False),
            lambda: WeightedRandomSampler([1.0], num_samples=-1), lambda: RandomSampler(data, replacement=1)]:
    try:
        bad()
    except Exception as e:
        print(type(e).__name__, e)
''',
    'default_collate_structures': r'''
import collections
import numpy as np
import torch
from torch.utils.data import default_collate, DataLoader
from torch.utils.data.dataloader import default_collate as dc2

Point = collections.namedtuple("Point", ["x", "y", "tag"])
batch = [Point(torch.tensor([1.0, 2.0]), 3, "a"), Point(torch.tensor([4.0, 5.0]), 6, "b")]
out = default_collate(batch)
print(type(out).__name__, out)
print(out.x.dtype, out.y.dtype, out.tag)
d = default_collate([{"img": np.ones((2, 2), dtype=np.float32), "lbl": 1.5, "meta": {"id": i, "ok": True}} for i in range(3)])
print(d["img"].shape, d["img"].dtype, d["lbl"], d["lbl"].dtype)
print(d["meta"])
print(default_collate([(1, "x"), (2, "y")]))
print(default_collate([[1, 2], [3, 4], [5, 6]]))
print(default_collate([np.int64(3), np.int64(4)]))
print(default_collate([np.float64(0.5), np.float64(1.5)]))
print(default_collate([np.array(2.0), np.array(3.0)]))
print(default_collate(["s1", "s2"]))
print(default_collate([b"ab", b"cd"]))
print(default_collate([True, False]))
print(default_collate([torch.tensor(1), torch.tensor(2)]))
print(dc2 is default_collate)
try:
    default_collate([[1, 2], [3]])
except Exception as e:
    print(type(e).__name__, e)
try:
    default_collate([object(), object()])
except Exception as e:
    print(type(e).__name__, str(e)[:60])
try:
    default_collate([np.array(["a", "b"]), np.array(["c", "d"])])
except Exception as e:
    print(type(e).__name__, e)
dl = DataLoader([{"a": i, "b": [i, i * 2]} for i in range(5)], batch_size=2)
for b in dl:
    print(b)
''',
    'loader_options': r'''
import torch
from torch.utils.data import DataLoader, TensorDataset, SequentialSampler, BatchSampler

torch.manual_seed(0)
X = torch.arange(20, dtype=torch.float32).view(10, 2)
y = torch.arange(10)
ds = TensorDataset(X, y)
for drop in (False, True):
    dl = DataLoader(ds, batch_size=4, drop_last=drop)
    print(drop, len(dl), [b[1].tolist() for b in dl])
dl = DataLoader(ds, batch_size=None)
print(len(dl))
first = next(iter(dl))
print(first)
dl = DataLoader(ds, batch_size=3, shuffle=True, generator=torch.Generator().manual_seed(11))
print([b[1].tolist() for b in dl])
print([b[1].tolist() for b in dl])
dl = DataLoader(ds, sampler=list(reversed(range(10))), batch_size=4)
print([b[1].tolist() for b in dl])
dl = DataLoader(ds, batch_sampler=BatchSampler(SequentialSampler(ds), 3, True))
print(len(dl), [b[1].tolist() for b in dl])
def wif(wid):
    print("worker", wid)
dl = DataLoader(ds, batch_size=5, num_workers=0, worker_init_fn=wif)
print(len(dl), sum(1 for _ in dl))
def collate(batch):
    xs, ys = zip(*batch)
    return torch.stack(xs).sum(0), list(ys)
dl = DataLoader(ds, batch_size=4, collate_fn=collate)
for s, ys in dl:
    print(s, ys)
dl = DataLoader(ds, batch_size=2)
print(dl.batch_size, dl.drop_last, dl.num_workers, type(dl.sampler).__name__, type(dl.batch_sampler).__name__)
for bad in [dict(shuffle=True, sampler=[0, 1]), dict(batch_sampler=[[0]], batch_size=2),
            dict(batch_size=None, drop_last=True), dict(num_workers=-1)]:
    try:
        DataLoader(ds, **bad)
    except Exception as e:
        print(type(e).__name__, e)
''',
    'iterable_dataset': r'''
import math
import torch
from torch.utils.data import IterableDataset, DataLoader, get_worker_info, ChainDataset

class Counter(IterableDataset):
    def __init__(self, start, end):
        self.start, self.end = start, end
    def __iter__(self):
        info = get_worker_info()
        print("worker info:", info)
        for i in range(self.start, self.end):
            yield torch.tensor([i, i * i])

ds = Counter(3, 10)
dl = DataLoader(ds, batch_size=3)
for b in dl:
    print(b.tolist())
dl = DataLoader(ds, batch_size=3, drop_last=True)
print([b.shape for b in dl])
dl = DataLoader(ds, batch_size=None)
print([t.tolist() for t in dl][:3])
try:
    len(dl)
except Exception as e:
    print(type(e).__name__, e)
try:
    DataLoader(ds, shuffle=True)
except Exception as e:
    print(type(e).__name__, e)
try:
    DataLoader(ds, sampler=[0, 1])
except Exception as e:
    print(type(e).__name__, e)
chain = ChainDataset([Counter(0, 2), Counter(5, 7)])
print([t[0].item() for t in chain])
both = Counter(0, 2) + Counter(10, 12)
print(type(both).__name__, [t[1].item() for t in both])
class Sized(IterableDataset):
    def __iter__(self):
        return iter(range(5))
    def __len__(self):
        return 5
dl = DataLoader(Sized(), batch_size=2)
print(len(dl), list(dl))
''',
    'rng_state_roundtrip': r'''
import torch
torch.manual_seed(123)
print(torch.initial_seed())
state = torch.get_rng_state()
print(type(state).__name__, state.dtype, state.shape, state[:8])
a = torch.rand(3)
torch.set_rng_state(state)
b = torch.rand(3)
print(a, b, torch.equal(a, b))
g = torch.Generator()
print(g.initial_seed())
g.manual_seed(2024)
print(g.initial_seed(), g.device)
s = g.get_state()
x1 = torch.randn(2, 3, generator=g)
g.set_state(s)
x2 = torch.randn(2, 3, generator=g)
print(torch.equal(x1, x2), x1)
g2 = torch.Generator().manual_seed(2024)
print(torch.equal(torch.randn(2, 3, generator=g2), x1))
g3 = torch.Generator()
g3.set_state(g.get_state())
print(torch.rand(2, generator=g3), torch.rand(2, generator=g))
print(torch.randint(0, 10, (6,), generator=torch.Generator().manual_seed(5)))
print(torch.randperm(7, generator=torch.Generator().manual_seed(5)))
print(torch.randint(3, 8, (2, 2), generator=torch.Generator().manual_seed(9), dtype=torch.int32))
print(torch.normal(2.0, 0.5, size=(4,), generator=torch.Generator().manual_seed(1)))
print(torch.normal(torch.zeros(3), torch.ones(3) * 3, generator=torch.Generator().manual_seed(1)))
gg = torch.Generator().manual_seed(8)
print(torch.bernoulli(torch.full((6,), 0.5), generator=gg))
print(torch.poisson(torch.tensor([1.0, 5.0, 20.0]), generator=gg))
print(torch.multinomial(torch.tensor([0.2, 0.3, 0.5]), 6, replacement=True, generator=gg))
print(torch.multinomial(torch.tensor([[1.0, 0, 3], [0, 2.0, 2]]), 2, generator=gg))
try:
    torch.set_rng_state(torch.zeros(3))
except Exception as e:
    print(type(e).__name__, e)
''',
    'fork_rng_patterns': r'''
import torch
torch.manual_seed(0)
before = torch.rand(2)
torch.manual_seed(0)
with torch.random.fork_rng():
    torch.manual_seed(99)
    inside = torch.rand(2)
after = torch.rand(2)
print(before, inside, after, torch.equal(before, after))
with torch.random.fork_rng(enabled=False):
    torch.rand(1)
print(torch.rand(1))
def sample_with_seed(seed):
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        return torch.randn(3)
print(sample_with_seed(1), sample_with_seed(1), sample_with_seed(2))
torch.manual_seed(5)
x = torch.empty(4).uniform_(-1, 1)
y = torch.empty(4).normal_(0, 2)
z = torch.empty(5).random_(0, 3)
w = torch.empty(3).exponential_(2.0)
v = torch.empty(3).geometric_(0.4)
u = torch.empty(3).cauchy_()
t = torch.empty(3).log_normal_(0, 0.5)
print(x, y, z, w, v, u, t, sep="\n")
torch.manual_seed(5)
print(torch.rand_like(torch.zeros(2, 2, dtype=torch.float64)))
print(torch.randn_like(torch.zeros(3)), torch.randint_like(torch.zeros(3), 10))
print(torch.random.initial_seed(), torch.random.get_rng_state().shape)
s = torch.seed()
print(isinstance(s, int), torch.initial_seed() == s)
torch.random.manual_seed(7)
print(torch.initial_seed(), torch.rand(1))
''',
    'init_functions_stats': r'''
import math
import torch
import torch.nn as nn

torch.manual_seed(0)
w = torch.empty(64, 32)
def stats(name, t):
    print(f"{name:22s} mean={t.mean():+.4f} std={t.std():.4f} min={t.min():+.4f} max={t.max():+.4f}")
nn.init.uniform_(w, -0.1, 0.1); stats("uniform", w)
nn.init.normal_(w, 0.5, 0.02); stats("normal", w)
nn.init.constant_(w, 0.3); stats("constant", w)
nn.init.xavier_uniform_(w); stats("xavier_uniform", w)
nn.init.xavier_normal_(w, gain=2.0); stats("xavier_normal", w)
nn.init.kaiming_uniform_(w, a=math.sqrt(5)); stats("kaiming_uniform a=sqrt5", w)
nn.init.kaiming_normal_(w, mode="fan_out", nonlinearity="relu"); stats("kaiming_normal", w)
nn.init.trunc_normal_(w, std=0.02, a=-0.04, b=0.04); stats("trunc_normal", w)
nn.init.orthogonal_(w); stats("orthogonal", w)
print(torch.allclose(w.T @ w, torch.eye(32), atol=1e-5))
nn.init.sparse_(w, sparsity=0.25); print("zeros per col", (w == 0).sum(0)[:5])
e = torch.empty(3, 3); nn.init.eye_(e); print(e)
c = torch.empty(2, 2, 3); nn.init.dirac_(c); print(c)
nn.init.zeros_(e); nn.init.ones_(e); print(e.sum())
for nl in ["linear", "conv2d", "sigmoid", "tanh", "relu", "selu"]:
    print(nl, nn.init.calculate_gain(nl))
print(nn.init.calculate_gain("leaky_relu", 0.2))
print(nn.init._calculate_fan_in_and_fan_out(torch.empty(8, 4, 3, 3)))
torch.manual_seed(1)
lin = nn.Linear(4, 3)
print(lin.weight, lin.bias)
try:
    nn.init.xavier_uniform_(torch.empty(5))
except Exception as e:
    print(type(e).__name__, e)
try:
    nn.init.calculate_gain("bogus")
except Exception as e:
    print(type(e).__name__, e)
''',
    'dist_rl_policy': r'''
import torch
import torch.nn as nn
from torch.distributions import Categorical, Normal, Independent

torch.manual_seed(0)
policy = nn.Sequential(nn.Linear(4, 16), nn.Tanh(), nn.Linear(16, 3))
obs = torch.randn(5, 4)
logits = policy(obs)
dist = Categorical(logits=logits)
print(dist)
print(dist.batch_shape, dist.event_shape, dist.param_shape)
a = dist.sample()
print(a, dist.log_prob(a))
print(dist.entropy())
print(dist.probs.sum(-1))
print(dist.logits[0])
print(dist.mean if False else dist.mode)
print(dist.enumerate_support().shape, dist.support)
loss = -(dist.log_prob(a) * torch.tensor([1., -1., 0.5, 2., 0.])).mean() - 0.01 * dist.entropy().mean()
loss.backward()
print(loss, loss.grad_fn.name())
print(policy[0].weight.grad.norm())
c2 = Categorical(probs=torch.tensor([[0.1, 0.9], [0.5, 0.5]]))
print(c2.logits, c2.sample((3,)).shape)
print(c2.log_prob(torch.tensor([[0, 1], [1, 1], [0, 0]])))
mu = torch.zeros(2, 3, requires_grad=True)
ns = Independent(Normal(mu, torch.ones(2, 3) * 0.5), 1)
print(ns, ns.batch_shape, ns.event_shape)
act = ns.rsample()
lp = ns.log_prob(act)
print(lp.shape, lp.grad_fn.name())
lp.sum().backward()
print(mu.grad.shape, ns.entropy())
try:
    Categorical(probs=torch.tensor([0.5, -0.1]), validate_args=True)
except Exception as e:
    print(type(e).__name__, e)
try:
    Categorical(torch.tensor([0.5, 0.5]), logits=torch.zeros(2))
except Exception as e:
    print(type(e).__name__, e)
''',
    'dist_vae_kl': r'''
import torch
import torch.nn as nn
from torch.distributions import Normal, kl_divergence, Bernoulli

torch.manual_seed(3)
enc = nn.Linear(6, 4)
dec = nn.Linear(2, 6)
x = (torch.rand(8, 6) > 0.5).float()
h = enc(x)
mu, logvar = h.chunk(2, dim=-1)
q = Normal(mu, torch.exp(0.5 * logvar))
p = Normal(torch.zeros_like(mu), torch.ones_like(mu))
print(q.batch_shape, q.loc.shape, q.scale.grad_fn.name())
z = q.rsample()
print(z.grad_fn.name())
z_nograd = q.sample()
print(z_nograd.requires_grad, z.requires_grad)
kl = kl_divergence(q, p).sum(-1)
kl_manual = (-0.5 * (1 + logvar - mu.pow(2) - logvar.exp())).sum(-1)
print(kl)
print(torch.allclose(kl, kl_manual, atol=1e-6))
px = Bernoulli(logits=dec(z))
print(px)
rec = px.log_prob(x).sum(-1)
elbo = (rec - kl).mean()
print(elbo, px.mean.shape, px.variance[0])
(-elbo).backward()
print(enc.weight.grad.abs().sum(), dec.bias.grad)
print(p.mean, p.stddev, p.variance)
print(q.entropy().sum(), p.entropy())
p1 = Normal(0.0, 1.0)
print(p1.cdf(torch.tensor([0.0, 1.0, -1.0])), p1.icdf(torch.tensor([0.5, 0.975])))
try:
    p.cdf(torch.tensor([0.0, 1.0, -1.0]))
except ValueError as e:
    print(e)
print(Normal(1.0, 2.0).log_prob(torch.tensor(0.5)), Normal(1.0, 2.0))
print(kl_divergence(Normal(0.0, 1.0), Normal(1.0, 2.0)))
print(kl_divergence(Bernoulli(0.3), Bernoulli(0.6)))
''',
    'dist_bayes_beta_gamma': r'''
import torch
from torch.distributions import Beta, Gamma, Dirichlet, Binomial, Poisson, kl_divergence

torch.manual_seed(1)
prior = Beta(torch.tensor(2.0), torch.tensor(2.0))
flips = torch.tensor([1., 1., 0., 1., 1., 1., 0., 1.])
post = Beta(prior.concentration1 + flips.sum(), prior.concentration0 + (1 - flips).sum())
print(prior, post)
print(post.mean, post.variance, post.stddev, post.mode)
print(post.log_prob(torch.tensor([0.25, 0.5, 0.75])))
print(post.entropy(), kl_divergence(post, prior))
print(post.sample((5,)))
g = Gamma(torch.tensor([1.0, 2.0, 5.0]), torch.tensor([1.0, 0.5, 2.0]))
print(g, g.mean, g.variance, g.mode)
print(g.log_prob(torch.tensor([1.0, 1.0, 1.0])), g.entropy())
print(g.rsample().shape, g.batch_shape, g.event_shape)
conc = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
d = Dirichlet(conc)
print(d, d.mean, d.variance)
s = d.rsample()
print(s.sum(), s.grad_fn is not None)
lp = d.log_prob(torch.tensor([0.2, 0.3, 0.5]))
lp.backward()
print(lp, conc.grad)
print(d.entropy(), kl_divergence(d, Dirichlet(torch.ones(3))))
b = Binomial(10, torch.tensor([0.2, 0.8]))
print(b, b.mean, b.variance, b.log_prob(torch.tensor([2.0, 8.0])))
print(b.sample((3,)))
pois = Poisson(torch.tensor([3.0]))
print(pois.log_prob(torch.arange(5.).unsqueeze(-1)).squeeze(), pois.mean, pois.sample((4,)).squeeze())
''',
    'mvn_gaussian_process': r'''
import torch
from torch.distributions import MultivariateNormal, Normal, Independent, kl_divergence

torch.manual_seed(2)
xs = torch.linspace(0, 1, 5)
K = torch.exp(-0.5 * (xs[:, None] - xs[None, :]) ** 2 / 0.3 ** 2) + 1e-3 * torch.eye(5)
gp = MultivariateNormal(torch.zeros(5), covariance_matrix=K)
print(gp)
print(gp.batch_shape, gp.event_shape)
print(gp.scale_tril.diagonal())
f = gp.sample((3,))
print(f.shape, gp.log_prob(f))
print(gp.entropy(), gp.variance, gp.stddev)
mvn2 = MultivariateNormal(torch.tensor([1.0, -1.0]), scale_tril=torch.tensor([[1.0, 0.0], [0.5, 2.0]]))
print(mvn2.covariance_matrix, mvn2.precision_matrix)
print(mvn2.log_prob(torch.tensor([[0.0, 0.0], [1.0, -1.0]])))
mvn3 = MultivariateNormal(torch.zeros(2), precision_matrix=torch.tensor([[2.0, 0.5], [0.5, 1.0]]))
print(mvn3.covariance_matrix)
print(kl_divergence(mvn2, mvn3))
diag = MultivariateNormal(torch.zeros(3), torch.diag(torch.tensor([1.0, 4.0, 9.0])))
ind = Independent(Normal(torch.zeros(3), torch.tensor([1.0, 2.0, 3.0])), 1)
v = torch.tensor([0.5, -1.0, 2.0])
print(diag.log_prob(v), ind.log_prob(v), diag.entropy(), ind.entropy())
batched = MultivariateNormal(torch.zeros(4, 2), torch.eye(2).expand(4, 2, 2))
print(batched.batch_shape, batched.event_shape, batched.rsample().shape, batched.mean.shape)
loc = torch.zeros(2, requires_grad=True)
m = MultivariateNormal(loc, scale_tril=torch.eye(2))
m.rsample((10,)).pow(2).sum().backward()
print(loc.grad.shape)
for bad in [dict(), dict(covariance_matrix=torch.eye(2), precision_matrix=torch.eye(2))]:
    try:
        MultivariateNormal(torch.zeros(2), **bad)
    except Exception as e:
        print(type(e).__name__, e)
try:
    MultivariateNormal(torch.zeros(2), torch.tensor([[1.0, 2.0], [2.0, 1.0]]), validate_args=True)
except Exception as e:
    print(type(e).__name__, str(e)[:150])
try:
    MultivariateNormal(torch.tensor(0.0), torch.eye(1))
except Exception as e:
    print(type(e).__name__, e)
''',
    'transformed_flows': r'''
import torch
from torch.distributions import (Normal, TransformedDistribution, LogNormal, Uniform,
                                 transforms as T)

torch.manual_seed(4)
base = Normal(torch.zeros(3), torch.ones(3))
affine = T.AffineTransform(loc=1.0, scale=2.0)
tanh = T.TanhTransform(cache_size=1)
squashed = TransformedDistribution(base, [affine, tanh])
print(squashed)
print(squashed.batch_shape, squashed.event_shape)
x = squashed.rsample()
print(x, squashed.log_prob(x))
print(squashed.support)
ln = LogNormal(0.0, 0.5)
print(ln, ln.mean, ln.variance, ln.log_prob(torch.tensor(1.5)))
manual = TransformedDistribution(Normal(0.0, 0.5), [T.ExpTransform()])
print(manual.log_prob(torch.tensor(1.5)))
sig = TransformedDistribution(Uniform(0.0, 1.0), [T.SigmoidTransform().inv, T.AffineTransform(0.0, -1.0)])
print(sig.sample((4,)))
comp = T.ComposeTransform([T.ExpTransform(), T.AffineTransform(2.0, 3.0)])
y = comp(torch.tensor([0.0, 0.5]))
print(y, comp.inv(y), comp.log_abs_det_jacobian(torch.tensor([0.0, 0.5]), y))
print(T.ExpTransform(), T.SigmoidTransform().inv, comp)
sm = T.StickBreakingTransform()
s = sm(torch.tensor([0.0, 0.5, -0.5]))
print(s, s.sum(), sm.inv(s))
pw = T.PowerTransform(torch.tensor(2.0))
print(pw(torch.tensor([3.0])), pw.log_abs_det_jacobian(torch.tensor([3.0]), torch.tensor([9.0])))
print(T.identity_transform, T.AbsTransform()(torch.tensor([-2.0, 3.0])))
print(tanh.domain, tanh.codomain, tanh.bijective, tanh.sign)
print(affine.event_dim, T.SoftmaxTransform()(torch.tensor([1.0, 2.0, 3.0])))
print(T.CatTransform([T.ExpTransform(), T.identity_transform], dim=0, lengths=[1, 2])(torch.tensor([0.0, 5.0, 6.0])))
''',
    'validate_args_errors': r'''
import torch
from torch.distributions import Normal, Bernoulli, Beta, Categorical, Gamma, Poisson, Uniform, Exponential
from torch.distributions import Distribution

print(Distribution._validate_args)
cases = [
    lambda: Normal(0.0, -1.0),
    lambda: Normal(torch.tensor([0.0, float("nan")]), 1.0),
    lambda: Bernoulli(probs=torch.tensor(1.5)),
    lambda: Beta(torch.tensor(-1.0), torch.tensor(1.0)),
    lambda: Gamma(torch.tensor(0.0), torch.tensor(1.0)),
    lambda: Uniform(1.0, 0.0),
    lambda: Exponential(torch.tensor([-1.0])),
    lambda: Normal(0.0, 1.0).log_prob(torch.tensor(float("inf"))) ,
    lambda: Bernoulli(0.5).log_prob(torch.tensor(0.5)),
    lambda: Categorical(logits=torch.zeros(3)).log_prob(torch.tensor(3)),
    lambda: Poisson(torch.tensor(2.0)).log_prob(torch.tensor(-1.0)),
    lambda: Beta(2.0, 2.0).log_prob(torch.tensor(1.5)),
    lambda: Bernoulli(),
    lambda: Bernoulli(0.5, logits=0.0),
]
for i, c in enumerate(cases):
    try:
        r = c()
        print(i, "ok", r)
    except Exception as e:
        print(i, type(e).__name__, e)
print(Normal(0.0, -1.0, validate_args=False).scale)
print(Bernoulli(0.5, validate_args=False).log_prob(torch.tensor(0.5)))
Distribution.set_default_validate_args(False)
print(Normal(0.0, -1.0).scale)
Distribution.set_default_validate_args(True)
try:
    Normal(0.0, -2.0)
except ValueError as e:
    print("again", e)
''',
    'save_load_bytesio': r'''
import io
import torch

torch.manual_seed(0)
obj = {
    "t": torch.randn(2, 3),
    "i": torch.arange(5, dtype=torch.int16),
    "b": torch.tensor([True, False]),
    "h": torch.ones(2, dtype=torch.float16),
    "nested": [torch.zeros(1), (torch.tensor(3.5), {"deep": torch.eye(2)})],
    "meta": {"epoch": 3, "name": "run-a", "lr": 1e-3, "tags": ("x", "y"), "none": None},
}
buf = io.BytesIO()
torch.save(obj, buf)
print(buf.tell() > 0)
buf.seek(0)
back = torch.load(buf)
print(type(back).__name__, sorted(back))
for k in ["t", "i", "b", "h"]:
    print(k, back[k].dtype, torch.equal(back[k], obj[k]), back[k].requires_grad)
print(back["nested"], type(back["nested"][1]).__name__)
print(back["meta"])
view = torch.arange(10.)
shared = {"a": view, "b": view[2:5]}
buf = io.BytesIO(); torch.save(shared, buf); buf.seek(0)
s2 = torch.load(buf)
s2["b"][0] = 100.0
print(s2["a"], s2["b"].storage_offset(), s2["b"].is_contiguous())
p = torch.nn.Parameter(torch.tensor([1.0, 2.0]))
buf = io.BytesIO(); torch.save({"p": p, "g": torch.tensor([1.0], requires_grad=True)}, buf); buf.seek(0)
l = torch.load(buf)
print(type(l["p"]).__name__, l["p"], l["g"])
t = torch.arange(12.).view(3, 4).t()
buf = io.BytesIO(); torch.save(t, buf); buf.seek(0)
t2 = torch.load(buf)
print(t2.stride(), t2.is_contiguous(), torch.equal(t, t2))
buf = io.BytesIO(); torch.save(torch.tensor(7), buf); buf.seek(0)
print(torch.load(buf, map_location="cpu"), torch.load(io.BytesIO(buf.getvalue()), map_location=torch.device("cpu")))
print(torch.load(io.BytesIO(buf.getvalue()), map_location=lambda storage, loc: storage))
''',
    'checkpoint_resume': r'''
import io
import copy
import torch
import torch.nn as nn

def make():
    torch.manual_seed(1)
    m = nn.Sequential(nn.Linear(3, 5, bias=False), nn.BatchNorm1d(5), nn.ReLU(), nn.Linear(5, 1))
    opt = torch.optim.Adam(m.parameters(), lr=0.01)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
    return m, opt, sched

def train(m, opt, sched, steps, seed):
    g = torch.Generator().manual_seed(seed)
    for _ in range(steps):
        x = torch.randn(8, 3, generator=g)
        loss = (m(x) - x.sum(1, keepdim=True)).pow(2).mean()
        opt.zero_grad(); loss.backward(); opt.step(); sched.step()
    return loss.item()

m, opt, sched = make()
print(round(train(m, opt, sched, 3, 0), 5))
ckpt = {"model": m.state_dict(), "opt": opt.state_dict(), "sched": sched.state_dict(), "step": 3}
buf = io.BytesIO(); torch.save(ckpt, buf)
print(list(ckpt["model"].keys()))
print(ckpt["opt"]["param_groups"])
print(sorted(ckpt["opt"]["state"][0].keys()), ckpt["opt"]["state"][0]["step"])
print(ckpt["sched"])
ref = round(train(m, opt, sched, 3, 1), 5)
m2, opt2, sched2 = make()
buf.seek(0)
loaded = torch.load(buf, weights_only=True)
print(m2.load_state_dict(loaded["model"]))
opt2.load_state_dict(loaded["opt"]); sched2.load_state_dict(loaded["sched"])
print(opt2.param_groups[0]["lr"], sched2.last_epoch, loaded["step"])
print(round(train(m2, opt2, sched2, 3, 1), 5) == ref)
print(all(torch.equal(a, b) for a, b in zip(m.state_dict().values(), m2.state_dict().values())))
print(m2[1].num_batches_tracked, m2[1].running_mean)
sd = m.state_dict()
sd.pop("3.bias")
sd["extra"] = torch.zeros(1)
print(m2.load_state_dict(sd, strict=False))
try:
    m2.load_state_dict(sd)
except RuntimeError as e:
    print(e)
''',
    'weights_only_pickle': r'''
import io
import pickle
import collections
import torch

class Custom:
    def __init__(self, v):
        self.v = v

buf = io.BytesIO()
torch.save({"c": Custom(3), "t": torch.ones(2)}, buf)
buf.seek(0)
try:
    torch.load(buf)
except Exception as e:
    print(type(e).__name__, str(e).splitlines()[0][:80])
buf.seek(0)
obj = torch.load(buf, weights_only=False)
print(type(obj["c"]).__name__, obj["c"].v, obj["t"])
od = collections.OrderedDict(a=torch.tensor([1, 2]), b=torch.tensor(3.0))
buf = io.BytesIO(); torch.save(od, buf); buf.seek(0)
back = torch.load(buf, weights_only=True)
print(type(back).__name__, back)
t = torch.linspace(0, 1, 5, requires_grad=True)
raw = pickle.dumps(t)
t2 = pickle.loads(raw)
print(t2, t2.requires_grad, t2.is_leaf, t2.grad)
u = torch.arange(6).view(2, 3)[:, 1:]
u2 = pickle.loads(pickle.dumps(u))
print(u2, u2.shape, u2.dtype)
print(pickle.loads(pickle.dumps(torch.float16)), pickle.loads(pickle.dumps(torch.Size([2, 3]))))
print(pickle.loads(pickle.dumps(torch.device("cpu"))))
p = torch.nn.Parameter(torch.randn(2) * 0 + 1.5)
p2 = pickle.loads(pickle.dumps(p))
print(type(p2).__name__, p2)
buf = io.BytesIO(); torch.save([torch.tensor(1.0), 2, "three", 4.0, b"five", {6}, frozenset({7})], buf); buf.seek(0)
try:
    torch.load(buf)
except pickle.UnpicklingError as e:
    print(str(e).splitlines()[-3])
buf.seek(0)
with torch.serialization.safe_globals([frozenset]):
    print(torch.load(buf))
try:
    torch.load(buf)
except pickle.UnpicklingError as e:
    print("second load:", str(e).splitlines()[3])
buf.seek(0)
try:
    torch.load(buf, weights_only=False)
    torch.load(buf, weights_only=False)
except pickle.UnpicklingError as e:
    print("second unsafe load:", e)
print(buf.tell(), len(buf.getvalue()))
buf = io.BytesIO(); torch.save(torch.tensor([1 + 2j]), buf); buf.seek(0)
print(torch.load(buf))
''',
    'params_vector_deepcopy': r'''
import copy
import torch
import torch.nn as nn
from torch.nn.utils import parameters_to_vector, vector_to_parameters

torch.manual_seed(0)
net = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
vec = parameters_to_vector(net.parameters())
print(vec.shape, vec.requires_grad, vec.grad_fn.name())
print(vec[:6])
twin = copy.deepcopy(net)
print(twin is net, twin[0].weight is net[0].weight, torch.equal(twin[0].weight, net[0].weight))
vector_to_parameters(torch.arange(vec.numel(), dtype=torch.float32) / 100, twin.parameters())
print(twin[0].weight, twin[2].bias)
print(twin[0].weight.is_leaf, twin[0].weight.requires_grad, type(twin[0].weight).__name__)
print(net[0].weight[0])
x = torch.ones(1, 3)
print(net(x), twin(x))
opt = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9)
net(x).sum().backward(); opt.step()
opt_copy = copy.deepcopy(opt)
print(opt_copy.state_dict()["state"][0]["momentum_buffer"])
print(opt_copy.param_groups[0]["params"][0] is net[0].weight)
print(len(opt_copy.state), opt_copy)
flat_grad = parameters_to_vector(p.grad for p in net.parameters())
print(flat_grad.norm(), flat_grad.shape)
try:
    vector_to_parameters(torch.zeros(3), net.parameters())
except Exception as e:
    print(type(e).__name__, e)
try:
    vector_to_parameters([1.0], net.parameters())
except Exception as e:
    print(type(e).__name__, e)
t = torch.tensor([1.0, 2.0], requires_grad=True)
u = t * 2
print(copy.deepcopy(t), copy.copy(t))
try:
    copy.deepcopy(u)
except Exception as e:
    print(type(e).__name__, e)
memo_a = torch.zeros(3); pair = [memo_a, memo_a[1:]]
pc = copy.deepcopy(pair); pc[1][0] = 5
print(pc[0], pair[0])
''',
    'bootstrap_resampling': r'''
import torch
from torch.utils.data import DataLoader, TensorDataset, RandomSampler

torch.manual_seed(10)
x = torch.randn(50) * 2 + 1
g = torch.Generator().manual_seed(123)
means = []
for b in range(200):
    idx = torch.randint(0, len(x), (len(x),), generator=g)
    means.append(x[idx].mean())
means = torch.stack(means)
print(f"sample mean {x.mean():.4f}  boot mean {means.mean():.4f}  boot se {means.std():.4f}")
lo, hi = torch.quantile(means, torch.tensor([0.025, 0.975]))
print(f"95% CI [{lo:.4f}, {hi:.4f}]")
print(torch.sort(means)[0][:5])
ds = TensorDataset(x)
sampler = RandomSampler(ds, replacement=True, num_samples=20, generator=torch.Generator().manual_seed(5))
dl = DataLoader(ds, batch_size=8, sampler=sampler)
print(len(dl), [b[0].shape[0] for b in dl])
perm_stats = []
gp = torch.Generator().manual_seed(7)
a, b = x[:25], x[25:] + 0.5
obs = (b.mean() - a.mean()).item()
pooled = torch.cat([a, b])
for _ in range(300):
    p = pooled[torch.randperm(50, generator=gp)]
    perm_stats.append((p[25:].mean() - p[:25].mean()).item())
perm = torch.tensor(perm_stats)
print(f"observed {obs:.4f}  p-value {(perm.abs() >= abs(obs)).float().mean():.4f}")
print(torch.histc(perm, bins=6, min=-2, max=2))
print(torch.bincount(torch.multinomial(torch.ones(5), 40, replacement=True, generator=gp), minlength=5))
''',
    'mc_dropout_bayes': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
net = nn.Sequential(nn.Linear(1, 32), nn.ReLU(), nn.Dropout(0.2), nn.Linear(32, 1))
xs = torch.linspace(-2, 2, 20).unsqueeze(1)
ys = torch.sin(2 * xs) + 0.1 * torch.randn_like(xs)
opt = torch.optim.Adam(net.parameters(), lr=0.02)
for step in range(60):
    loss = F.mse_loss(net(xs), ys)
    opt.zero_grad(); loss.backward(); opt.step()
    if step % 20 == 0:
        print(step, round(loss.item(), 4))
net.train()
test = torch.tensor([[-3.0], [0.0], [3.0]])
with torch.no_grad():
    torch.manual_seed(99)
    samples = torch.stack([net(test) for _ in range(50)])
print(samples.shape)
print(samples.mean(0).squeeze(), samples.std(0).squeeze())
net.eval()
with torch.no_grad():
    print(net(test).squeeze())
mask = F.dropout(torch.ones(10), p=0.5, training=True)
print(mask, F.dropout(torch.ones(3), p=0.5, training=False))
print(F.dropout1d(torch.ones(2, 3, 4), 0.5).sum(-1))
print(F.alpha_dropout(torch.ones(6), 0.3, training=True))
print(nn.Dropout(0.3), nn.Dropout2d(), nn.AlphaDropout(0.1), nn.FeatureAlphaDropout(0.2))
try:
    nn.Dropout(1.5)
except Exception as e:
    print(type(e).__name__, e)
''',
    'gumbel_relaxed_sampling': r'''
import torch
import torch.nn.functional as F
from torch.distributions import (RelaxedOneHotCategorical, RelaxedBernoulli, OneHotCategorical,
                                 Gumbel, Categorical)

torch.manual_seed(3)
logits = torch.tensor([[1.0, 0.5, -1.0], [0.0, 0.0, 2.0]], requires_grad=True)
g = F.gumbel_softmax(logits, tau=0.5)
print(g, g.sum(-1))
h = F.gumbel_softmax(logits, tau=1.0, hard=True)
print(h, h.grad_fn.name())
(h * torch.tensor([1.0, 2.0, 3.0])).sum().backward()
print(logits.grad)
rc = RelaxedOneHotCategorical(torch.tensor(0.7), logits=logits.detach())
s = rc.rsample()
print(rc, s.shape, rc.log_prob(s))
print(rc.temperature, rc.batch_shape, rc.event_shape)
rb = RelaxedBernoulli(torch.tensor([0.3, 0.9]), probs=torch.tensor([0.2, 0.8]))
x = rb.rsample((2,))
print(x, rb.log_prob(x))
oh = OneHotCategorical(logits=torch.tensor([0.0, 1.0, 2.0]))
samp = oh.sample((4,))
print(samp, oh.log_prob(samp), oh.entropy(), oh.mean, oh.variance)
print(oh.enumerate_support())
gm = Gumbel(torch.tensor(0.0), torch.tensor(1.0))
print(gm, gm.mean, gm.stddev, gm.entropy(), gm.log_prob(torch.tensor(0.5)))
z = gm.sample((1000,)) + torch.tensor([1.0, 0.5, -1.0]).log_softmax(0).view(1, 3) if False else None
gsamp = Gumbel(torch.zeros(3), torch.ones(3)).sample((2000,)) + torch.tensor([1.0, 0.5, -1.0])
counts = torch.bincount(gsamp.argmax(-1), minlength=3).float() / 2000
print(counts, torch.softmax(torch.tensor([1.0, 0.5, -1.0]), 0))
''',
    'mixture_and_misc_dists': r'''
import torch
from torch.distributions import (MixtureSameFamily, Categorical, Normal, Independent, Laplace, Cauchy,
                                 StudentT, Exponential, Uniform, Geometric, NegativeBinomial, Multinomial,
                                 HalfNormal, Chi2, VonMises, Weibull, Pareto, LogisticNormal, kl_divergence)

torch.manual_seed(5)
mix = Categorical(torch.tensor([0.3, 0.7]))
comp = Normal(torch.tensor([-2.0, 3.0]), torch.tensor([0.5, 1.0]))
gmm = MixtureSameFamily(mix, comp)
print(gmm)
print(gmm.mean, gmm.variance, gmm.batch_shape, gmm.event_shape)
xs = torch.tensor([-2.0, 0.0, 3.0])
print(gmm.log_prob(xs), gmm.cdf(xs))
print(gmm.sample((6,)))
mix2d = MixtureSameFamily(Categorical(logits=torch.zeros(3)),
                          Independent(Normal(torch.randn(3, 2), torch.ones(3, 2)), 1))
print(mix2d.event_shape, mix2d.sample((2,)).shape, mix2d.log_prob(torch.zeros(2)))
for d in [Laplace(0.0, 2.0), Cauchy(1.0, 0.5), StudentT(3.0), Exponential(2.0), Uniform(-1.0, 3.0),
          Geometric(probs=0.25), NegativeBinomial(5, probs=0.4), HalfNormal(2.0), Chi2(4.0),
          Weibull(1.0, 1.5), Pareto(1.0, 3.0)]:
    name = type(d).__name__
    try:
        m, v = d.mean, d.variance
    except Exception as e:
        m, v = type(e).__name__, ""
    print(f"{name:16s}", d, m, v, d.log_prob(torch.tensor(1.0)))
print(Multinomial(10, torch.tensor([0.2, 0.3, 0.5])).sample(), Multinomial(4, logits=torch.zeros(3)).log_prob(torch.tensor([2.0, 1.0, 1.0])))
vm = VonMises(torch.tensor(0.0), torch.tensor(2.0))
print(vm, vm.mean, vm.log_prob(torch.tensor(0.3)), vm.sample((3,)))
ln = LogisticNormal(torch.zeros(2), torch.ones(2))
print(ln.sample().sum(), ln.event_shape)
print(kl_divergence(Laplace(0.0, 1.0), Laplace(1.0, 2.0)), kl_divergence(Exponential(1.0), Exponential(3.0)))
print(kl_divergence(Uniform(0.0, 1.0), Normal(0.0, 1.0)), kl_divergence(Geometric(0.3), Geometric(0.5)))
try:
    kl_divergence(Cauchy(0.0, 1.0), Laplace(0.0, 1.0))
except NotImplementedError as e:
    print("NotImplementedError", e)
''',
    'rsample_vs_sample_grads': r'''
import torch
from torch.distributions import Normal, Gamma, Beta, Dirichlet, Exponential, Bernoulli, Categorical, LogNormal

torch.manual_seed(11)
mu = torch.tensor([0.5, -1.0], requires_grad=True)
sig = torch.tensor([1.0, 0.3], requires_grad=True)
d = Normal(mu, sig)
print(d.has_rsample, Bernoulli(0.5).has_rsample, Categorical(torch.ones(2)).has_rsample)
z = d.rsample((1000,))
loss = (z ** 2).mean()
loss.backward()
print(loss, mu.grad, sig.grad)
mu.grad = None; sig.grad = None
s = d.sample((1000,))
print(s.requires_grad, s.grad_fn)
logp = d.log_prob(s.detach())
surrogate = (logp * (s ** 2)).mean()
surrogate.backward()
print(mu.grad, sig.grad)
conc = torch.tensor(2.0, requires_grad=True)
gz = Gamma(conc, torch.tensor(1.0)).rsample((500,))
gz.mean().backward()
print(gz.mean(), conc.grad)
a = torch.tensor(2.0, requires_grad=True)
bz = Beta(a, torch.tensor(3.0)).rsample((400,))
bz.mean().backward()
print(bz.mean(), a.grad)
rate = torch.tensor(2.0, requires_grad=True)
ez = Exponential(rate).rsample((300,))
ez.mean().backward()
print(ez.mean(), rate.grad)
lz = LogNormal(torch.tensor(0.0, requires_grad=True), 0.5).rsample()
print(lz.grad_fn.name())
try:
    Bernoulli(0.5).rsample()
except NotImplementedError as e:
    print("NotImplementedError", e)
c = torch.tensor([1.0, 1.0, 1.0], requires_grad=True)
Dirichlet(c).rsample((50,))[:, 0].mean().backward()
print(c.grad)
''',
    'loader_rng_consumption': r'''
import torch
from torch.utils.data import (DataLoader, TensorDataset, RandomSampler, SubsetRandomSampler,
                              WeightedRandomSampler, random_split)

ds = TensorDataset(torch.arange(6))
torch.manual_seed(0)
for epoch in range(2):
    dl = DataLoader(ds, batch_size=4)
    print(epoch, [b[0].tolist() for b in dl], torch.rand(1))
torch.manual_seed(0)
dl = DataLoader(ds, batch_size=4, shuffle=True)
for epoch in range(2):
    print(epoch, [b[0].tolist() for b in dl], torch.rand(1))
torch.manual_seed(0)
it = iter(dl)
print(torch.rand(1))
print(next(it)[0].tolist(), torch.rand(1))
torch.manual_seed(0)
print(list(RandomSampler(range(5))), torch.randn(1))
print(list(SubsetRandomSampler([3, 4, 5])), torch.randn(1))
print(list(WeightedRandomSampler([1.0, 2.0, 3.0], 4)), torch.randn(1))
a, b = random_split(range(8), [0.25, 0.75])
print(list(a), list(b), torch.randn(1))
g = torch.Generator().manual_seed(1)
dl = DataLoader(ds, batch_size=3, shuffle=True, generator=g)
print([b[0].tolist() for b in dl], g.initial_seed(), torch.randn(1))
s = RandomSampler(range(4), replacement=True, num_samples=40)
print(list(s)[:10], torch.randn(1))
s = RandomSampler(range(3), num_samples=7)
print(list(s), torch.randn(1))
''',
    'data_extras': r'''
import collections
import numpy as np
import torch
from torch.utils.data import (StackDataset, TensorDataset, DataLoader, default_convert, Dataset,
                              DistributedSampler, Subset)
from torch.utils.data._utils.collate import collate, default_collate_fn_map

sd = StackDataset(torch.arange(4), torch.arange(4) * 10)
print(len(sd), sd[2])
sdk = StackDataset(x=torch.arange(3.), y=["a", "b", "c"])
print(sdk[1], len(sdk))
print(next(iter(DataLoader(sdk, batch_size=2))))
try:
    StackDataset(torch.arange(3), torch.arange(4))
except ValueError as e:
    print(e)
try:
    TensorDataset(torch.zeros(3), torch.zeros(4))
except AssertionError as e:
    print("AssertionError", e)
print(default_convert(np.array([1, 2])), default_convert({"a": np.float32(2.5), "b": [np.zeros(2)]}))
print(default_convert((np.int64(3), "s")))
class Pt:
    def __init__(self, v): self.v = v
def collate_pt(batch, *, collate_fn_map=None):
    return torch.tensor([p.v for p in batch])
fmap = dict(default_collate_fn_map); fmap[Pt] = collate_pt
print(collate([(Pt(1), 2.0), (Pt(3), 4.0)], collate_fn_map=fmap))
for rank in range(3):
    s = DistributedSampler(range(10), num_replicas=3, rank=rank, shuffle=False)
    print(rank, list(s), len(s))
s = DistributedSampler(range(10), num_replicas=3, rank=1, shuffle=True, seed=7)
s.set_epoch(0); e0 = list(s); s.set_epoch(1); print(e0, list(s))
s = DistributedSampler(range(10), num_replicas=4, rank=3, shuffle=False, drop_last=True)
print(list(s), s.num_samples, s.total_size)
try:
    DistributedSampler(range(4), num_replicas=2, rank=2)
except ValueError as e:
    print(e)
class Seq(Dataset):
    def __getitem__(self, i):
        if i >= 3:
            raise IndexError
        return i * 2
print(list(Seq()), hasattr(Seq, "__iter__"), hasattr(Seq, "__len__"))
try:
    len(Seq())
except TypeError as e:
    print(e)
ss = Subset(Subset(list(range(20)), range(0, 20, 2)), [1, 3, 5])
print(len(ss), [ss[i] for i in range(3)], ss.__getitems__([0, 2]), ss.indices)
print(TensorDataset(torch.arange(5))[1:3])
''',
    'serialization_variants': r'''
import io
import os
import pickle
import tempfile
import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2), nn.Flatten(), nn.Linear(8, 3))
with tempfile.TemporaryDirectory() as d:
    p = os.path.join(d, "model.pt")
    torch.save(model.state_dict(), p)
    print("size", os.path.getsize(p))
    p_old = os.path.join(d, "old.pt")
    torch.save(model.state_dict(), p_old, _use_new_zipfile_serialization=False)
    print("legacy size", os.path.getsize(p_old))
    sd_old = torch.load(p_old)
    print(list(sd_old)[:3], torch.equal(sd_old["3.weight"], model[3].weight))
    sd = torch.load(p, mmap=True)
    print(type(sd).__name__, sd["1.num_batches_tracked"], sd["0.weight"].shape)
    print(sd._metadata if hasattr(sd, "_metadata") else None)
    full = os.path.join(d, "full.pt")
    torch.save(model, full)
    m2 = torch.load(full, weights_only=False)
    print(m2)
    print(sorted(torch.serialization.get_unsafe_globals_in_checkpoint(full)))
    p4 = os.path.join(d, "p4.pt")
    torch.save({"x": torch.ones(2)}, p4, pickle_protocol=4)
    print(os.path.getsize(p4), torch.load(p4, weights_only=False))
buf = io.BytesIO()
torch.save({"dtype": torch.float64, "dev": torch.device("cpu"), "size": torch.Size([2, 3]), "f": 1.5,
            "slice": slice(1, 5, 2) if False else None, "c": complex(1, 2)}, buf)
buf.seek(0)
print(torch.load(buf))
buf = io.BytesIO(); torch.save({"arr": np.arange(3)}, buf); buf.seek(0)
try:
    torch.load(buf)
except pickle.UnpicklingError as e:
    print(str(e).splitlines()[-3][:150])
fresh = nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2), nn.Flatten(), nn.Linear(8, 3))
res = fresh.load_state_dict(model.state_dict(), assign=True)
print(res, fresh[3].weight is model[3].weight, fresh[3].weight.requires_grad)
x = torch.randn(2, 1, 4, 4)
model.eval(); fresh.eval()
print(torch.equal(model(x), fresh(x)))
state = torch.get_rng_state()
buf = io.BytesIO(); torch.save({"rng": state, "g": torch.Generator().manual_seed(3).get_state()}, buf); buf.seek(0)
r = torch.load(buf)
torch.set_rng_state(r["rng"]); a = torch.rand(2)
torch.set_rng_state(state); b = torch.rand(2)
g = torch.Generator(); g.set_state(r["g"])
print(torch.equal(a, b), torch.rand(2, generator=g), r["rng"].dtype, r["rng"].shape)
''',
    'init_with_generators': r'''
import torch
import torch.nn as nn

g = torch.Generator().manual_seed(42)
w = torch.empty(3, 5)
nn.init.uniform_(w, -1, 1, generator=g); print(w)
nn.init.normal_(w, 0, 0.1, generator=g); print(w)
nn.init.xavier_uniform_(w, generator=g); print(w[0])
nn.init.kaiming_normal_(w, generator=g); print(w[1])
nn.init.trunc_normal_(w, 0.0, 1.0, -0.5, 0.5, generator=g); print(w[2], w.abs().max() <= 0.5)
nn.init.orthogonal_(w, generator=g); print(w[0], torch.allclose(w @ w.T, torch.eye(3), atol=1e-6))
g2 = torch.Generator().manual_seed(42)
w2 = torch.empty(3, 5)
nn.init.uniform_(w2, -1, 1, generator=g2)
nn.init.normal_(w2, 0, 0.1, generator=g2)
print(torch.equal(w, w) and torch.equal(w2, torch.empty(3, 5).normal_(0, 0.1, generator=torch.Generator().manual_seed(42)) * 0 + w2))
conv = nn.Conv2d(2, 4, 3)
torch.manual_seed(0)
conv.reset_parameters()
print(conv.weight.flatten()[:6], conv.bias)
def init_weights(m):
    if isinstance(m, nn.Linear):
        nn.init.xavier_normal_(m.weight)
        nn.init.constant_(m.bias, 0.01)
    elif isinstance(m, nn.LayerNorm):
        nn.init.ones_(m.weight); nn.init.zeros_(m.bias)
torch.manual_seed(1)
net = nn.Sequential(nn.Linear(4, 4), nn.LayerNorm(4), nn.Linear(4, 2))
net.apply(init_weights)
print(net[0].weight, net[2].bias)
emb = nn.Embedding(5, 3, padding_idx=0)
torch.manual_seed(2); emb.reset_parameters()
print(emb.weight)
with torch.no_grad():
    t = torch.empty(2, 3, dtype=torch.float64).uniform_(0, 1, generator=torch.Generator().manual_seed(0))
    print(t)
    h = torch.empty(4, dtype=torch.float16).normal_(generator=torch.Generator().manual_seed(0))
    print(h)
print(torch.randn(3, dtype=torch.float64, generator=torch.Generator().manual_seed(0)))
print(torch.rand(3, dtype=torch.float16, generator=torch.Generator().manual_seed(0)))
print(torch.randint(-5, 5, (5,), dtype=torch.int8, generator=torch.Generator().manual_seed(0)))
print(torch.randperm(6, dtype=torch.int32, generator=torch.Generator().manual_seed(0)))
print(torch.empty(6, dtype=torch.int16).random_(generator=torch.Generator().manual_seed(0)))
print(torch.empty(4, dtype=torch.uint8).random_(200, generator=torch.Generator().manual_seed(0)))
print(torch.empty(4, dtype=torch.bool).random_(generator=torch.Generator().manual_seed(0)))
print(torch.empty(3).bernoulli_(torch.tensor([0.0, 0.5, 1.0]), generator=torch.Generator().manual_seed(0)))
print(torch.binomial(torch.tensor([10.0, 100.0]), torch.tensor([0.5, 0.1]), generator=torch.Generator().manual_seed(0)))
''',
    'bayesian_linear_regression': r'''
import torch
from torch.distributions import MultivariateNormal, Normal, Gamma, kl_divergence, Independent

torch.manual_seed(21)
n, d = 30, 3
X = torch.randn(n, d, dtype=torch.float64)
w_true = torch.tensor([1.5, -2.0, 0.5], dtype=torch.float64)
y = X @ w_true + 0.3 * torch.randn(n, dtype=torch.float64)
alpha, beta = 1.0, 1 / 0.3 ** 2
S_inv = alpha * torch.eye(d, dtype=torch.float64) + beta * X.T @ X
S = torch.linalg.inv(S_inv)
m = beta * S @ X.T @ y
post = MultivariateNormal(m, covariance_matrix=S)
print(post.mean, post.stddev)
print(post.log_prob(w_true), post.entropy())
prior = MultivariateNormal(torch.zeros(d, dtype=torch.float64), torch.eye(d, dtype=torch.float64) / alpha)
print("KL(post||prior)", kl_divergence(post, prior))
x_new = torch.tensor([[1.0, 0.0, 1.0]], dtype=torch.float64)
pred_mean = x_new @ m
pred_var = 1 / beta + (x_new @ S * x_new).sum(-1)
pred = Normal(pred_mean, pred_var.sqrt())
print(pred, pred.mean, pred.stddev, pred.cdf(torch.tensor([2.0], dtype=torch.float64)))
ws = post.sample((4000,))
print(ws.mean(0), ws.std(0))
print(torch.cov(ws.T).diagonal(), S.diagonal())
ll = Independent(Normal(X @ ws.T[:, :3].T.T if False else X @ m, 0.3), 1).log_prob(y)
print(ll)
gam = Gamma(torch.tensor(2.0, dtype=torch.float64), torch.tensor(3.0, dtype=torch.float64))
print(gam.sample((3,)).dtype, gam.log_prob(torch.tensor(0.5, dtype=torch.float64)))
print(Normal(torch.tensor(0.0, dtype=torch.float64), 1.0).sample((2,)).dtype)
print(Normal(0.0, torch.tensor(1.0)).loc.dtype, Normal(0, 1).mean.dtype)
''',
    'reproducibility_patterns': r'''
import random
import numpy as np
import torch
import torch.nn as nn

def seed_everything(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)

def run(seed):
    seed_everything(seed)
    m = nn.Sequential(nn.Linear(4, 8), nn.Dropout(0.5), nn.Linear(8, 1))
    x = torch.randn(6, 4)
    idx = torch.randperm(6)
    noise = torch.from_numpy(np.random.randn(6).astype(np.float32))
    pick = random.sample(range(10), 3)
    out = m(x[idx]).squeeze() + noise
    return out.detach(), pick

a, pa = run(7)
b, pb = run(7)
c, pc = run(8)
print(torch.equal(a, b), pa == pb, torch.equal(a, c))
print(a, pa)
torch.use_deterministic_algorithms(True)
print(torch.are_deterministic_algorithms_enabled(), torch.is_deterministic_algorithms_warn_only_enabled())
torch.use_deterministic_algorithms(False)
print(torch.backends.cudnn.deterministic, torch.backends.cudnn.benchmark)
gens = [torch.Generator().manual_seed(s) for s in range(3)]
print([torch.randint(0, 100, (3,), generator=g).tolist() for g in gens])
g = torch.Generator()
g.manual_seed(5)
st = g.get_state()
print(st.dtype, st.shape, st[:4], st[-4:])
first = torch.rand(3, generator=g)
g.manual_seed(5)
print(torch.equal(first, torch.rand(3, generator=g)))
torch.manual_seed(3)
state0 = torch.random.get_rng_state()
draws = [torch.randn(2) for _ in range(3)]
torch.random.set_rng_state(state0)
print(all(torch.equal(d, torch.randn(2)) for d in draws))
print(torch.default_generator.initial_seed(), torch.default_generator.device)
torch.default_generator.manual_seed(11)
print(torch.initial_seed(), torch.rand(2))
s = torch.seed()
torch.manual_seed(s)
x1 = torch.rand(2)
torch.manual_seed(s)
print(torch.equal(x1, torch.rand(2)), torch.initial_seed() == s)
try:
    torch.manual_seed(-1)
    print(torch.initial_seed())
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.manual_seed(2 ** 64)
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.Generator().manual_seed("x")
except Exception as e:
    print(type(e).__name__, e)
''',
    'vae_mnist_like_loop': r'''
import io
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset
from torch.distributions import Normal, Bernoulli, Independent, kl_divergence

torch.manual_seed(0)
data = (torch.rand(64, 12) > 0.6).float()
loader = DataLoader(TensorDataset(data), batch_size=16, shuffle=True, generator=torch.Generator().manual_seed(0))

class VAE(nn.Module):
    def __init__(self):
        super().__init__()
        self.enc = nn.Linear(12, 8)
        self.mu = nn.Linear(8, 2)
        self.logstd = nn.Linear(8, 2)
        self.dec = nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Linear(8, 12))
    def forward(self, x):
        h = F.relu(self.enc(x))
        q = Independent(Normal(self.mu(h), self.logstd(h).exp()), 1)
        z = q.rsample()
        px = Independent(Bernoulli(logits=self.dec(z)), 1)
        prior = Independent(Normal(torch.zeros_like(z), torch.ones_like(z)), 1)
        return px.log_prob(x), kl_divergence(q, prior)

vae = VAE()
opt = torch.optim.Adam(vae.parameters(), lr=1e-2)
for epoch in range(3):
    tot = 0.0
    for (xb,) in loader:
        rec, kl = vae(xb)
        loss = -(rec - kl).mean()
        opt.zero_grad(); loss.backward(); opt.step()
        tot += loss.item() * len(xb)
    print(f"epoch {epoch} loss {tot / len(loader.dataset):.4f}")
buf = io.BytesIO()
torch.save({"vae": vae.state_dict(), "opt": opt.state_dict()}, buf)
print(len(buf.getvalue()))
buf.seek(0)
ck = torch.load(buf)
vae2 = VAE(); vae2.load_state_dict(ck["vae"])
torch.manual_seed(5); r1 = vae(data[:4])
torch.manual_seed(5); r2 = vae2(data[:4])
print(torch.equal(r1[0], r2[0]), r1[1])
with torch.no_grad():
    z = torch.randn(3, 2)
    probs = torch.sigmoid(vae.dec(z))
    print(probs.round(decimals=2))
    print(Bernoulli(probs).sample())
print(ck["opt"]["param_groups"][0]["betas"], ck["opt"]["state"][0]["exp_avg"].shape)
''',
    'constraints_expand_registry': r'''
import torch
from torch.distributions import (Normal, Categorical, Beta, Dirichlet, Independent, constraints,
                                 biject_to, transform_to, Gamma, Uniform, MultivariateNormal, register_kl,
                                 kl_divergence, Distribution)

n = Normal(torch.zeros(3), torch.ones(3))
e = n.expand(torch.Size([2, 3]))
print(e, e.batch_shape, e.sample().shape)
c = Categorical(logits=torch.zeros(4)).expand([5])
print(c, c.batch_shape, c.sample().shape)
print(Normal.arg_constraints, Beta.arg_constraints)
print(Dirichlet.support, Categorical(torch.ones(3)).support, Uniform(0.0, 2.0).support)
print(constraints.positive, constraints.simplex, constraints.lower_cholesky, constraints.unit_interval)
print(constraints.interval(0, 1).check(torch.tensor([-0.1, 0.5, 1.0])))
print(constraints.simplex.check(torch.tensor([[0.2, 0.8], [0.5, 0.6]])))
print(constraints.positive_definite.check(torch.eye(2)), constraints.real_vector.event_dim)
for con in [constraints.positive, constraints.unit_interval, constraints.simplex, constraints.real,
            constraints.greater_than(2.0), constraints.interval(-1.0, 3.0)]:
    t = biject_to(con)
    print(con, "->", t)
try:
    biject_to(constraints.lower_cholesky)
except NotImplementedError as e:
    print(e)
print(transform_to(constraints.lower_cholesky))
raw = torch.tensor([-1.0, 0.0, 2.0])
print(transform_to(constraints.positive)(raw), transform_to(constraints.simplex)(raw))
print(biject_to(constraints.interval(-1.0, 3.0))(raw))
ind = Independent(Normal(torch.zeros(2, 3), 1.0), 1)
print(ind.base_dist, ind.reinterpreted_batch_ndims, ind.expand([4, 2]).batch_shape)
class MyDist(Distribution):
    arg_constraints = {}
    def __init__(self):
        super().__init__(torch.Size([]), validate_args=False)
@register_kl(MyDist, Normal)
def _kl_my_normal(p, q):
    return torch.tensor(42.0)
print(kl_divergence(MyDist(), Normal(0.0, 1.0)))
print(MyDist())
g = Gamma(torch.tensor([2.0]), torch.tensor([1.0]))
print(g.support, g.cdf(torch.tensor([1.0])), g.expand([2, 1]).batch_shape)
mvn = MultivariateNormal(torch.zeros(2), torch.eye(2))
print(mvn.expand([3]).batch_shape, mvn.expand([3]).scale_tril.shape, mvn.support)
try:
    n.expand([4])
except Exception as e:
    print(type(e).__name__, e)
try:
    Normal(torch.zeros(2), torch.ones(3))
except Exception as e:
    print(type(e).__name__, e)
''',
    'rng_state_bytes': r'''
import torch
torch.manual_seed(0)
s0 = torch.get_rng_state()
print(s0.shape, s0[-16:])
torch.randn(1)
s1 = torch.get_rng_state()
print(s1[-16:], (s0 != s1).sum())
torch.randn(3)
print(torch.get_rng_state()[-16:])
torch.normal(0.0, 1.0, (1,))
print(torch.get_rng_state()[-16:])
torch.rand(5)
print(torch.get_rng_state()[-16:])
torch.empty(2, dtype=torch.float64).normal_()
print(torch.get_rng_state()[-16:])
x = torch.randn(17)
print(torch.get_rng_state()[-16:], x[-1])
g = torch.Generator().manual_seed(1)
torch.randn(1, generator=g)
st = g.get_state()
g2 = torch.Generator(); g2.set_state(st)
print(torch.randn(4, generator=g), torch.randn(4, generator=g2))
torch.manual_seed(2)
a = torch.randn(1)
st = torch.get_rng_state()
b = torch.randn(1)
torch.set_rng_state(st)
print(torch.equal(torch.randn(1), b), a, b)
print(torch.get_rng_state()[:20])
print(int(torch.get_rng_state()[8:16].view(torch.int64) if False else 0))
''',
    'loader_arg_errors': r'''
import torch
from torch.utils.data import DataLoader, TensorDataset
ds = TensorDataset(torch.arange(4.))
cases = [dict(prefetch_factor=2), dict(persistent_workers=True), dict(timeout=-1),
         dict(multiprocessing_context="spawn"), dict(batch_size=0), dict(batch_size=-2),
         dict(batch_size=2.5), dict(sampler=[0, 1], batch_sampler=[[0]]), dict(in_order=False)]
for kw in cases:
    try:
        dl = DataLoader(ds, **kw)
        print(kw, "ok", len(dl))
    except Exception as e:
        print(kw, type(e).__name__, e)
dl = DataLoader(ds, batch_size=3, pin_memory=False)
print(dl.pin_memory, dl.timeout, dl.prefetch_factor, dl.persistent_workers, dl.generator)
dl.batch_size
try:
    dl.batch_size = 5
except Exception as e:
    print(type(e).__name__, e)
try:
    dl.dataset = ds
except Exception as e:
    print(type(e).__name__, e)
it = iter(dl)
print(type(it).__name__, len(it))
print(next(it), next(it))
try:
    next(it)
except StopIteration:
    print("StopIteration")
''',
    'checkpoint_sizes': r'''
import io
import pickle
import torch
import torch.nn as nn

def nbytes(obj, **kw):
    buf = io.BytesIO()
    torch.save(obj, buf, **kw)
    return len(buf.getvalue())

torch.manual_seed(0)
print(nbytes(torch.tensor(1.0)), nbytes(torch.zeros(0)), nbytes(torch.arange(1000)))
print(nbytes(torch.randn(300, 300)), nbytes(torch.ones(3, dtype=torch.float16)))
print(nbytes({"a": 1}), nbytes([]), nbytes(None), nbytes("text"))
net = nn.Sequential(nn.Linear(10, 20), nn.ReLU(), nn.Linear(20, 5))
print(nbytes(net.state_dict()), nbytes(net.state_dict(), _disable_byteorder_record=True))
print(nbytes(net.state_dict(), pickle_protocol=4), nbytes(net.state_dict(), _use_new_zipfile_serialization=False))
opt = torch.optim.AdamW(net.parameters())
net(torch.randn(2, 10)).sum().backward(); opt.step()
print(nbytes(opt.state_dict()))
x = torch.arange(10.)
print(nbytes([x, x[2:5], x.view(2, 5)]), nbytes([x.clone(), x[2:5].clone()]))
m = pickle.loads(pickle.dumps(net))
print(m, torch.equal(m[0].weight, net[0].weight), m[0].weight.requires_grad)
buf = io.BytesIO(); torch.save(net.state_dict(), buf)
for ml in [None, "cpu", {"cpu": "cpu"}, torch.device("cpu"), lambda s, l: s]:
    buf.seek(0)
    sd = torch.load(buf, map_location=ml)
    print(type(ml).__name__, sd["0.bias"].device, sd["2.weight"].shape)
buf.seek(0)
try:
    torch.load(buf, mmap=True)
except Exception as e:
    print(type(e).__name__, e)
''',
    'exotic_dist_sampling': r'''
import torch
from torch.distributions import Binomial, Poisson, Multinomial, NegativeBinomial, Geometric, Gamma, Beta, StudentT, Chi2, Dirichlet, Wishart, LKJCholesky, LowRankMultivariateNormal, ContinuousBernoulli, Kumaraswamy, InverseGamma, HalfCauchy, GeneralizedPareto
torch.manual_seed(0)
print(Binomial(1000, torch.tensor([0.3, 0.01, 0.99])).sample((3,)))
print(Binomial(torch.tensor([5., 50., 500.]), torch.tensor(0.5)).sample())
print(torch.poisson(torch.tensor([0.5, 10.0, 100.0, 1000.0])))
print(Poisson(torch.tensor([30.0, 200.0])).sample((3,)))
print(Multinomial(1000, torch.tensor([0.1, 0.2, 0.7])).sample((2,)))
print(NegativeBinomial(10.0, torch.tensor(0.3)).sample((4,)))
print(Geometric(torch.tensor([0.1, 0.9])).sample((3,)))
print(Gamma(torch.tensor([0.1, 0.5, 1.0, 100.0]), 1.0).sample())
print(Beta(torch.tensor([0.1, 5.0]), torch.tensor([0.1, 0.5])).sample((2,)))
print(StudentT(torch.tensor([1.0, 30.0])).sample((2,)))
print(Chi2(torch.tensor([1.0, 10.0])).sample((2,)))
print(Dirichlet(torch.tensor([0.1, 0.1, 0.1])).sample((2,)))
w = Wishart(df=torch.tensor(4.0), covariance_matrix=torch.eye(2))
print(w.sample(), w.mean, w.log_prob(torch.eye(2) * 2))
l = LKJCholesky(3, 0.5)
print(l.sample(), l.log_prob(torch.eye(3)))
lr = LowRankMultivariateNormal(torch.zeros(3), torch.ones(3, 1), torch.ones(3))
print(lr, lr.sample(), lr.log_prob(torch.ones(3)), lr.covariance_matrix, lr.entropy())
cb = ContinuousBernoulli(torch.tensor([0.2, 0.5, 0.8]))
print(cb.mean, cb.variance, cb.sample(), cb.log_prob(torch.tensor([0.1, 0.5, 0.9])), cb.entropy())
k = Kumaraswamy(torch.tensor(2.0), torch.tensor(5.0))
print(k.mean, k.variance, k.sample((3,)), k.entropy())
ig = InverseGamma(torch.tensor(3.0), torch.tensor(2.0))
print(ig, ig.mean, ig.variance, ig.sample((2,)), ig.entropy())
hc = HalfCauchy(torch.tensor(1.0))
print(hc.sample((3,)), hc.log_prob(torch.tensor(1.0)), hc.cdf(torch.tensor(1.0)), hc.icdf(torch.tensor(0.5)))
gp = GeneralizedPareto(torch.tensor(0.0), torch.tensor(1.0), torch.tensor(0.2))
print(gp, gp.sample((3,)), gp.mean, gp.variance, gp.log_prob(torch.tensor(1.0)))
''',
    'rng_api_errors': r'''
import torch
g = torch.Generator()
print(g.device, torch.Generator(device="cpu").device)
cs = g.manual_seed(3).clone_state()
print(type(cs).__name__, torch.rand(2, generator=cs), torch.rand(2, generator=g))
torch.manual_seed(0)
print(torch.randint(10, (3,)), torch.randint_like(torch.zeros(2), 3, 9), torch.randint_like(torch.zeros(2, dtype=torch.int32), 5))
r = torch.rand(2, 3, generator=torch.Generator().manual_seed(1), requires_grad=True)
print(r.requires_grad, r.is_leaf)
print(torch.randn((2, 3)).shape, torch.rand([4]).shape, torch.randn(torch.Size([1, 2])).shape)
out = torch.empty(3)
torch.randn(3, out=out); print(out)
print(torch.normal(1.0, torch.tensor([0.1, 10.0])), torch.normal(torch.tensor([0.0, 100.0]), 0.01))
try:
    torch.normal(torch.zeros(2, 2), torch.ones(4))
except RuntimeError as e:
    print(e)
print(torch.bernoulli(torch.zeros(4), p=0.7))
x = torch.tensor([0.2, 0.8, 1.0, 0.0])
print(torch.bernoulli(x), x.bernoulli(), x.bernoulli(0.5))
cases = [lambda: torch.empty(3, dtype=torch.int64).uniform_(),
         lambda: torch.empty(3).exponential_(-1.0),
         lambda: torch.empty(3).geometric_(1.5),
         lambda: torch.bernoulli(torch.tensor([1.5])),
         lambda: torch.multinomial(torch.tensor([0.5, -0.1]), 1),
         lambda: torch.multinomial(torch.tensor([1.0, 1.0]), 3),
         lambda: torch.multinomial(torch.zeros(3), 1),
         lambda: torch.randint(5, 2, (3,)),
         lambda: torch.normal(0.0, -1.0, (2,)),
         lambda: torch.randperm(-1),
         lambda: torch.poisson(torch.tensor([-1.0])),
         lambda: torch.empty(2).normal_(0, -1),
         lambda: torch.empty(2).uniform_(2, 1),
         lambda: torch.empty(2).random_(5, 3),
         lambda: torch.empty(2, dtype=torch.int8).random_(0, 300),
         lambda: torch.rand(2, dtype=torch.int64),
         lambda: torch.randn(2, dtype=torch.int32),
         lambda: torch.empty(2).log_normal_(0, 0),
         lambda: torch.empty(2).cauchy_(0, -1)]
for i, c in enumerate(cases):
    try:
        print(i, "ok", c())
    except Exception as e:
        print(i, type(e).__name__, e)
''',
    'extra_state_pickle_hooks': r'''
import io
import pickle
import copy
import torch
import torch.nn as nn

class WithExtra(nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(2, 2)
        self.register_buffer("steps", torch.tensor(0))
        self.register_buffer("tmp", torch.zeros(2), persistent=False)
        self.vocab = {"a": 0}
    def get_extra_state(self):
        return {"vocab": self.vocab, "note": "v1"}
    def set_extra_state(self, state):
        print("set_extra_state", state)
        self.vocab = state["vocab"]

torch.manual_seed(0)
m = WithExtra()
m.vocab["b"] = 1
sd = m.state_dict()
print(list(sd.keys()))
print(sd["_extra_state"])
buf = io.BytesIO(); torch.save(sd, buf); buf.seek(0)
sd2 = torch.load(buf)
m2 = WithExtra()
print(m2.load_state_dict(sd2), m2.vocab)
print(list(m.state_dict(prefix="model.").keys())[:2])
kv = m.state_dict(keep_vars=True)
print(type(kv["lin.weight"]).__name__, kv["lin.weight"].requires_grad, m.state_dict()["lin.weight"].requires_grad)
bad = dict(sd2); bad["lin.weight"] = torch.zeros(3, 2)
try:
    m2.load_state_dict(bad)
except RuntimeError as e:
    print(e)
def pre_hook(module, state_dict, prefix, local_metadata, strict, missing, unexpected, errors):
    print("pre hook", prefix, sorted(state_dict)[:2], local_metadata)
h = m2.lin.register_load_state_dict_pre_hook(pre_hook)
m2.load_state_dict(sd2)
h.remove()
def post_hook(module, incompatible):
    print("post hook", incompatible)
m2.register_load_state_dict_post_hook(post_hook)
m2.load_state_dict(sd2, strict=False)
print(sd2._metadata)
p = pickle.loads(pickle.dumps(m))
print(p.vocab, p.steps, p.tmp, p)
opt = torch.optim.SGD(m.parameters(), lr=0.1, momentum=0.5)
m.lin(torch.ones(1, 2)).sum().backward(); opt.step()
o2 = pickle.loads(pickle.dumps(opt))
print(o2.state_dict()["param_groups"], o2.state_dict()["state"][0])
''',
}

ember_outputs, torch_outputs, test_program_matches_pytorch = program_tests(PROGRAMS, quiet_warnings=True)


# ------------------------------------------------------------------ golden tests of the fixes
import copy  # noqa: E402
import io  # noqa: E402
import pickle  # noqa: E402
import struct  # noqa: E402
import zipfile  # noqa: E402

import ember.serialization as _S  # noqa: E402


def _save_bytes(torch_like, obj, **kw) -> bytes:
    buf = io.BytesIO()
    torch_like.save(obj, buf, **kw)
    return buf.getvalue()


def _layout(data: bytes) -> list:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [(i.filename, i.header_offset, i.file_size, i.flag_bits) for i in z.infolist()]


def _without_serialization_id(data: bytes) -> bytes:
    """The archive with its random ``.data/serialization_id`` (40 digits) and that record's CRCs zeroed."""
    b = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        info = z.getinfo("archive/.data/serialization_id")
    n, e = struct.unpack("<HH", b[info.header_offset + 26:info.header_offset + 30])
    start = info.header_offset + 30 + n + e
    b[start:start + 48] = bytes(48)  # the id, the descriptor's signature and its CRC
    central = b.rfind(info.filename.encode()) - 46  # the record's central-directory entry
    b[central + 16:central + 20] = bytes(4)
    return bytes(b)


def test_save_writes_pytorchs_zip_layout():
    # miniz's layout: every record's data on a 64-byte boundary ('FB' padding), a data descriptor after each
    # non-empty record (flags 0x0808), ZIP64 end records: 1577 bytes for a 2-element float tensor
    data = _save_bytes(ember, ember.ones(2))
    assert len(data) == 1577
    assert [(n, o, s) for n, o, s, _ in _layout(data)] == [
        ("archive/data.pkl", 0, 150), ("archive/.format_version", 230, 1), ("archive/.storage_alignment", 337, 2),
        ("archive/byteorder", 466, 6), ("archive/data/0", 598, 8), ("archive/version", 728, 2),
        ("archive/.data/serialization_id", 850, 40)]
    assert {f for *_, f in _layout(data)} == {0x0808}
    assert data[:4] == b"PK\x03\x04" and data[64 + 150:64 + 154] == b"PK\x07\x08"
    assert b"PK\x06\x06" in data[-100:] and data[-22:-18] == b"PK\x05\x06"
    # an empty storage record has no data descriptor
    empty = _save_bytes(ember, ember.zeros(0))
    assert len(empty) == 1513
    assert dict((n, f) for n, _, _, f in _layout(empty))["archive/data/0"] == 0x0800
    # _disable_byteorder_record: PyTorch 2.13 still writes the record, after ``version``
    names = [n for n, *_ in _layout(_save_bytes(ember, ember.ones(1), _disable_byteorder_record=True))]
    assert names[-3:] == ["archive/version", "archive/byteorder", "archive/.data/serialization_id"]
    assert ember.load(io.BytesIO(empty)).shape == (0,)


def test_save_without_crc32_loads():
    try:
        _S.set_crc32_options(False)
        data = _save_bytes(ember, {"a": ember.arange(3.0)})
    finally:
        _S.set_crc32_options(True)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert {i.CRC for i in z.infolist()} == {0}
    assert ember.load(io.BytesIO(data))["a"].tolist() == [0.0, 1.0, 2.0]


def test_load_leaves_the_stream_after_the_last_record_read():
    # PyTorch's reader ends after the last storage it read (or data.pkl): a second load without seek(0)
    # then finds a data descriptor ('PK\x07\x08'), not a checkpoint
    buf = io.BytesIO(_save_bytes(ember, ember.ones(2)))
    ember.load(buf)
    assert buf.tell() == 712
    with pytest.raises(pickle.UnpicklingError, match="Unsupported operand 80"):
        ember.load(buf)
    buf.seek(0)
    ember.load(buf, weights_only=False)
    with pytest.raises(pickle.UnpicklingError, match="no persistent_load function"):
        ember.load(buf, weights_only=False)
    buf = io.BytesIO(_save_bytes(ember, [1, 2]))
    ember.load(buf)
    assert buf.tell() == 76


def test_legacy_headers_read_with_the_loading_unpickler():
    # weights_only=False reads the headers with pickle itself: a plain pickle is "Invalid magic number",
    # garbage gives pickle's own error
    raises_exactly(lambda: ember.load(io.BytesIO(pickle.dumps([1, 2])), weights_only=False), RuntimeError,
                   "Invalid magic number; corrupt file?")
    raises_exactly(lambda: ember.load(io.BytesIO(b"hello"), weights_only=False), pickle.UnpicklingError,
                   "Memo value not found at index 101")
    raises_exactly(lambda: ember.load(io.BytesIO(b"garbage"), weights_only=False), pickle.UnpicklingError,
                   "pickle data was truncated")
    with pytest.raises(RuntimeError, match="Invalid magic number"):
        ember.load(io.BytesIO(pickle.dumps({"a": 1.5}, protocol=2)), weights_only=True)


def test_legacy_format_size_and_keys():
    # storages are keyed by 14-digit address-like numbers as in PyTorch, so sizes agree
    data = _save_bytes(ember, {"w": ember.ones(2), "b": ember.zeros(3, dtype=ember.int64)},
                       _use_new_zipfile_serialization=False)
    assert len(data) == 502
    back = ember.load(io.BytesIO(data))
    assert back["w"].tolist() == [1.0, 1.0] and back["b"].dtype == ember.int64


def test_loaded_views_keep_their_storage_offset():
    x = ember.arange(10.0)
    back = ember.load(io.BytesIO(_save_bytes(ember, {"a": x, "b": x[2:5], "c": x[3:]})))
    assert back["a"].storage_offset() == 0
    assert back["b"].storage_offset() == 2 and back["b"]._base is None
    assert back["c"].storage_offset() == 3
    assert back["b"][1:].storage_offset() == 3
    back["b"][0] = 100.0
    assert back["a"][2].item() == 100.0


def test_deepcopy_shares_storage_between_views():
    a = ember.arange(12.0).view(3, 4)
    objs = [a, a.t(), a[1], a[:, 2], ember.tensor(3.0)]
    c = copy.deepcopy(objs)
    assert [o.stride() for o in c] == [(4, 1), (1, 4), (1,), (4,), ()]
    assert [o.storage_offset() for o in c] == [0, 0, 4, 2, 0]
    assert all(o._base is None for o in c)
    c[2][1] = -5.0
    assert c[0][1, 1].item() == -5.0 and c[3][1].item() == 6.0 and a[1, 1].item() == 5.0
    assert copy.deepcopy(a.t()).stride() == (1, 4)
    pair = copy.deepcopy([ember.zeros(3), ember.zeros(3)])  # separate tensors stay separate
    pair[0][0] = 1.0
    assert pair[1].tolist() == [0.0, 0.0, 0.0]


def test_deepcopy_and_load_match_torch():
    torch = pytest.importorskip("torch")
    for lib in (torch, ember):
        a = lib.arange(12.0).view(3, 4)
        c = copy.deepcopy([a, a.t(), a[1], a[:, 2]])
        c[1][0, 1] = 7.0
        res = [(o.stride(), o.storage_offset(), o.tolist()) for o in c]
        if lib is torch:
            want = res
    assert res == want


def test_save_bytes_match_torch():
    torch = pytest.importorskip("torch")
    objs = {
        "ones": lambda L: L.ones(2),
        "empty": lambda L: L.zeros(0),
        "views": lambda L: (lambda x: [x, x[2:5], x.view(2, 5)])(L.arange(10.0)),
        "dict": lambda L: {"a": L.arange(5, dtype=L.int16), "b": [L.tensor(3.5), "s", 1]},
        "plain": lambda L: [1, 2],
    }
    for name, make in objs.items():
        for kw in ({}, {"_disable_byteorder_record": True}):
            t = _save_bytes(torch, make(torch), **kw)
            e = _save_bytes(ember, make(ember), **kw)
            assert _layout(t) == _layout(e), name
            assert _without_serialization_id(t) == _without_serialization_id(e), name
            assert torch.equal(torch.as_tensor(0), torch.as_tensor(0))
            loaded = torch.load(io.BytesIO(e))
            assert type(loaded) is type(make(torch))
    for name, make in objs.items():
        legacy_t = _save_bytes(torch, make(torch), _use_new_zipfile_serialization=False)
        legacy_e = _save_bytes(ember, make(ember), _use_new_zipfile_serialization=False)
        assert len(legacy_t) == len(legacy_e), name
    for lib in (torch, ember):
        buf = io.BytesIO(_save_bytes(lib, {"a": lib.zeros(3), "b": 1}))
        lib.load(buf)
        if lib is torch:
            pos = buf.tell()
    assert buf.tell() == pos
