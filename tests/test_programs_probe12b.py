"""Data pipelines learners write with ``torch.utils.data`` (program probe 12b), run under ``python -m ember run``
and under PyTorch 2.13; stdout must match exactly.

Themes: custom ``Dataset`` classes returning tuples, dicts, nested structures, NumPy arrays and Python numbers;
``TensorDataset`` (and its size-mismatch error), ``ConcatDataset``, ``Subset``, ``StackDataset``, ``ChainDataset``;
``random_split`` with lengths, fractions (zero-length warnings) and generators; ``DataLoader`` with ``batch_size``,
``shuffle=True`` (PyTorch's order for the same seed, epoch after epoch), ``drop_last``, ``sampler=``/
``batch_sampler=`` (``RandomSampler`` with and without replacement and ``num_samples``, ``SequentialSampler``,
``WeightedRandomSampler``, ``SubsetRandomSampler``, ``BatchSampler``, custom samplers, ``DistributedSampler``);
``collate_fn`` padding variable-length sequences with ``pad_sequence`` (and its errors); ``default_collate`` and
``default_convert`` on many element types (NumPy scalars and arrays of every dtype, namedtuples, mixed numbers);
``generator=torch.Generator().manual_seed(...)``; ``len(loader)``; ``IterableDataset`` (length-mismatch warnings);
``__getitems__``; ``num_workers=2``; ``next(iter(loader))``; constructor errors (``batch_size=0``, ``shuffle``
with an ``IterableDataset``, ``sampler`` with ``shuffle``, ``batch_sampler`` conflicts); a seed passed where a
``torch.Generator`` belongs; small training loops (regression, weighted classification, an LSTM over packed padded
batches) printing per-epoch mean losses rounded to 4 decimals.

The unit tests at the end cover the fixes the probe led to:

* ``default_collate`` of a batch whose first element is a tensor but a later one is not fails as ``torch.stack``
  does: ``expected Tensor as element 1 in argument 0, but got int`` (it used to read ``._data`` off the int); a
  tensor passed as the batch fails with ``stack(): argument 'tensors' (position 1) must be tuple of Tensors``;
* ``default_collate`` of a batch starting with a float is ``torch.tensor(batch, dtype=torch.float64)``: a ``None``
  or ``str`` later fails with ``must be real number, not NoneType`` (it used to become ``nan`` or a ValueError);
* ``pad_sequence`` checks its sequences as PyTorch's ``TensorList`` parser does: ``expected Tensor as element 1 in
  argument 0, but got list``;
* ``torch.randint(high=n, size=...)`` (keywords, no ``low``, as ``RandomSampler`` calls it) works; keywords without
  ``high`` or ``size`` fail with the parser's ``got (size=tuple, )`` message;
* a seed (or anything but a ``torch.Generator``) given as ``generator`` to ``DataLoader``, ``random_split``,
  ``RandomSampler``, ``SubsetRandomSampler`` or ``WeightedRandomSampler`` fails in the public op PyTorch calls
  (``random_``, ``randperm``, ``randint``, ``multinomial``) with that op's parser error, not an AttributeError;
* ``torch.randperm`` of a non-int ``n`` with any keyword fails with the parser's "invalid combination" message (both
  overloads are plausible then), so ``random_split(ds, [2.0, 3.0])`` (float lengths summing to the size) fails as
  PyTorch's ``randperm(5.0, generator=default_generator)`` does, before drawing anything.
"""
from __future__ import annotations

import pytest
from program_runner import program_tests, raises_exactly

import ember
from ember.nn.utils.rnn import pad_sequence
from ember.utils.data import (DataLoader, RandomSampler, SubsetRandomSampler, WeightedRandomSampler, default_collate,
                              random_split)


PROGRAMS = {
'custom_tuple': r'''
import torch
from torch.utils.data import Dataset, DataLoader
torch.manual_seed(0)
class DS(Dataset):
    def __init__(self, n):
        self.x = torch.randn(n, 3)
        self.y = torch.randint(0, 2, (n,))
    def __len__(self):
        return len(self.x)
    def __getitem__(self, i):
        return self.x[i], self.y[i]
ds = DS(10)
print(len(ds), ds[0])
loader = DataLoader(ds, batch_size=4, shuffle=True)
print(len(loader))
for epoch in range(2):
    for i, (xb, yb) in enumerate(loader):
        print(epoch, i, xb.shape, xb.dtype, yb, yb.dtype)
        print(xb)
loader2 = DataLoader(ds, batch_size=4, drop_last=True)
print(len(loader2), [b[1].tolist() for b in loader2])
''',

'dict_items': r'''
import torch
import numpy as np
from torch.utils.data import Dataset, DataLoader
torch.manual_seed(1)
class DS(Dataset):
    def __len__(self): return 5
    def __getitem__(self, i):
        return {"id": i, "score": i * 0.5, "vec": np.arange(3, dtype=np.float32) + i, "name": f"s{i}",
                "nested": {"a": torch.tensor([i, i+1]), "b": (i, float(i))}, "flag": i % 2 == 0}
loader = DataLoader(DS(), batch_size=2, shuffle=True)
for b in loader:
    print(b)
    print(type(b["id"]), b["id"].dtype, b["score"].dtype, b["vec"].dtype, b["flag"].dtype)
b = next(iter(loader))
print(sorted(b.keys()))
print(b["nested"]["b"])
''',

'tensordataset': r'''
import torch
from torch.utils.data import TensorDataset, DataLoader
torch.manual_seed(2)
X = torch.arange(24, dtype=torch.float32).reshape(12, 2)
y = torch.arange(12)
ds = TensorDataset(X, y)
print(len(ds), ds[3], ds[-1])
print(ds[2:4])
print(ds.tensors[0].shape)
g = torch.Generator().manual_seed(42)
loader = DataLoader(ds, batch_size=5, shuffle=True, generator=g)
for ep in range(3):
    print(ep, [yb.tolist() for _, yb in loader])
try:
    TensorDataset(torch.zeros(3), torch.zeros(4))
except Exception as e:
    print(type(e).__name__, e)
ds1 = TensorDataset(torch.zeros(3, 2))
print(ds1[0])
print(next(iter(DataLoader(ds1, batch_size=2))))
''',

'concat_subset': r'''
import torch
from torch.utils.data import TensorDataset, ConcatDataset, Subset, DataLoader
torch.manual_seed(3)
a = TensorDataset(torch.arange(5))
b = TensorDataset(torch.arange(100, 103))
c = ConcatDataset([a, b])
print(len(c), c[0], c[5], c[-1], c.cumulative_sizes)
try:
    c[8]
except Exception as e:
    print(type(e).__name__, e)
try:
    c[-9]
except Exception as e:
    print(type(e).__name__, e)
s = Subset(c, [7, 0, 3])
print(len(s), s[0], s[1], s.indices)
try:
    print(s[[0, 2]])
except Exception as e:
    print(type(e).__name__, e)
print(Subset(a, [1, 2])[[0, 1]])
d = a + b
print(type(d).__name__, len(d))
loader = DataLoader(c, batch_size=3, shuffle=True)
for (x,) in loader:
    print(x)
try:
    ConcatDataset([])
except Exception as e:
    print(type(e).__name__, e)
''',

'random_split': r'''
import torch
from torch.utils.data import random_split, TensorDataset
torch.manual_seed(4)
ds = TensorDataset(torch.arange(10))
tr, va = random_split(ds, [7, 3])
print(type(tr).__name__, len(tr), len(va), tr.indices, va.indices)
tr, va, te = random_split(range(10), [0.6, 0.2, 0.2], generator=torch.Generator().manual_seed(42))
print(list(tr), list(va), list(te))
parts = random_split(range(11), [0.5, 0.3, 0.2])
print([len(p) for p in parts], [list(p) for p in parts])
parts = random_split(range(7), [0.33, 0.33, 0.34])
print([len(p) for p in parts])
for bad in ([5, 4], [0.5, 0.6], [0.5, -0.1, 0.6], [11]):
    try:
        random_split(range(10), bad)
    except Exception as e:
        print(type(e).__name__, e)
print(torch.rand(1))
''',

'samplers': r'''
import torch
from torch.utils.data import (RandomSampler, SequentialSampler, WeightedRandomSampler, SubsetRandomSampler,
                              BatchSampler, DataLoader, TensorDataset)
torch.manual_seed(5)
data = list(range(10))
print(list(SequentialSampler(data)))
print(list(RandomSampler(data)))
print(list(RandomSampler(data)))
print(list(RandomSampler(data, replacement=True)))
print(list(RandomSampler(data, replacement=True, num_samples=40)))
print(list(RandomSampler(data, num_samples=23)))
print(len(RandomSampler(data, num_samples=23)))
g = torch.Generator().manual_seed(7)
print(list(RandomSampler(data, generator=g)), list(RandomSampler(data, generator=g)))
w = WeightedRandomSampler([0.1, 0.9, 0.4, 0.7, 3.0, 0.6], 5, replacement=True)
print(list(w), list(w), len(w))
print(list(WeightedRandomSampler([0.1, 0.9, 0.4, 0.7, 3.0, 0.6], 4, replacement=False)))
print(list(WeightedRandomSampler(torch.tensor([1.0, 2.0, 3.0]), 6, generator=torch.Generator().manual_seed(0))))
print(list(SubsetRandomSampler([3, 5, 7, 9])))
print(list(SubsetRandomSampler(torch.tensor([3, 5, 7]))))
print(list(BatchSampler(SequentialSampler(range(10)), batch_size=3, drop_last=False)))
print(list(BatchSampler(SequentialSampler(range(10)), batch_size=3, drop_last=True)))
print(len(BatchSampler(range(10), 4, False)), len(BatchSampler(range(10), 4, True)))
print(torch.rand(2))
ds = TensorDataset(torch.arange(10) * 10)
for s in [RandomSampler(ds), SubsetRandomSampler([1, 2, 3]), WeightedRandomSampler([1.0] * 10, 7)]:
    dl = DataLoader(ds, batch_size=3, sampler=s)
    print(len(dl), [b[0].tolist() for b in dl])
dl = DataLoader(ds, batch_sampler=BatchSampler(RandomSampler(ds), 4, False))
print(len(dl), [b[0].tolist() for b in dl])
''',

'sampler_errors': r'''
import torch
from torch.utils.data import (RandomSampler, WeightedRandomSampler, BatchSampler, DataLoader, TensorDataset,
                              SequentialSampler, IterableDataset)
ds = TensorDataset(torch.arange(10))
def attempt(f):
    try:
        r = f()
        print("ok", r if not hasattr(r, "dataset") else type(r).__name__)
    except Exception as e:
        print(type(e).__name__, e)
attempt(lambda: RandomSampler(ds, replacement=1))
attempt(lambda: RandomSampler(ds, num_samples=0))
attempt(lambda: RandomSampler(ds, num_samples=2.5))
attempt(lambda: RandomSampler([], ))
attempt(lambda: WeightedRandomSampler([1.0, 2.0], 0))
attempt(lambda: WeightedRandomSampler([1.0, 2.0], 3, replacement=0))
attempt(lambda: WeightedRandomSampler([[1.0, 2.0]], 3))
attempt(lambda: list(WeightedRandomSampler([1.0, 2.0], 3, replacement=False)))
attempt(lambda: list(WeightedRandomSampler([-1.0, 2.0], 3)))
attempt(lambda: list(WeightedRandomSampler([0.0, 0.0], 3)))
attempt(lambda: BatchSampler(range(3), 0, False))
attempt(lambda: BatchSampler(range(3), True, False))
attempt(lambda: BatchSampler(range(3), 2, None))
attempt(lambda: DataLoader(ds, batch_size=0))
attempt(lambda: DataLoader(ds, batch_size=-1))
attempt(lambda: DataLoader(ds, batch_size=2.0))
attempt(lambda: DataLoader(ds, shuffle=True, sampler=SequentialSampler(ds)))
attempt(lambda: DataLoader(ds, batch_size=3, batch_sampler=BatchSampler(range(10), 2, False)))
attempt(lambda: DataLoader(ds, shuffle=True, batch_sampler=BatchSampler(range(10), 2, False)))
attempt(lambda: DataLoader(ds, drop_last=True, batch_sampler=BatchSampler(range(10), 2, False)))
attempt(lambda: DataLoader(ds, sampler=range(3), batch_sampler=BatchSampler(range(10), 2, False)))
attempt(lambda: DataLoader(ds, batch_size=None, drop_last=True))
attempt(lambda: DataLoader(ds, num_workers=-1))
attempt(lambda: DataLoader(ds, timeout=-1))
attempt(lambda: DataLoader(ds, prefetch_factor=2))
attempt(lambda: DataLoader(ds, persistent_workers=True))
class It(IterableDataset):
    def __iter__(self):
        return iter(range(5))
attempt(lambda: DataLoader(It(), shuffle=True))
attempt(lambda: DataLoader(It(), sampler=[0, 1]))
attempt(lambda: DataLoader(It(), batch_sampler=[[0, 1]]))
attempt(lambda: len(DataLoader(It())))
attempt(lambda: DataLoader(ds, shuffle=1))
attempt(lambda: DataLoader(ds, shuffle="yes"))
''',

'iterable': r'''
import torch
from torch.utils.data import IterableDataset, DataLoader, ChainDataset
torch.manual_seed(8)
class Stream(IterableDataset):
    def __init__(self, n):
        self.n = n
    def __iter__(self):
        for i in range(self.n):
            yield torch.tensor([i, i * i], dtype=torch.float32), i % 3
class Sized(Stream):
    def __len__(self):
        return self.n
dl = DataLoader(Stream(7), batch_size=3)
for xb, yb in dl:
    print(xb, yb)
dl = DataLoader(Stream(7), batch_size=3, drop_last=True)
print([y.tolist() for _, y in dl])
dl = DataLoader(Sized(7), batch_size=3)
print(len(dl))
dl = DataLoader(Sized(7), batch_size=3, drop_last=True)
print(len(dl))
dl = DataLoader(Stream(4), batch_size=None)
for item in dl:
    print(item)
ch = ChainDataset([Stream(2), Stream(3)])
print([y for _, y in ch])
print(list(DataLoader(ch, batch_size=4)))
s = Stream(2) + Stream(1)
print(type(s).__name__)
''',

'collate_types': r'''
import torch
import numpy as np
import collections
from torch.utils.data import default_collate, DataLoader
from torch.utils.data.dataloader import default_collate as dc2
Point = collections.namedtuple("Point", ["x", "y"])
def attempt(batch):
    try:
        r = default_collate(batch)
        print(type(r).__name__, r)
    except Exception as e:
        print(type(e).__name__, e)
attempt([1, 2, 3])
attempt([1.5, 2.5])
attempt([True, False])
attempt(["a", "b"])
attempt([b"a", b"b"])
attempt([np.int32(1), np.int32(2)])
attempt([np.float16(1.5), np.float16(2)])
attempt([np.float64(1.5), np.float64(2)])
attempt([np.bool_(True), np.bool_(False)])
attempt([np.array([1, 2]), np.array([3, 4])])
attempt([np.array(1.0), np.array(2.0)])
attempt([np.array(["a"]), np.array(["b"])])
attempt([np.array([1, 2], dtype=np.uint16), np.array([3, 4], dtype=np.uint16)])
attempt([np.array([1, 2], dtype=np.int8), np.array([3, 4], dtype=np.int8)])
attempt([np.array([1+2j]), np.array([3j])])
attempt([torch.tensor(1), torch.tensor(2)])
attempt([torch.tensor([1.0, 2.0]), torch.tensor([3.0])])
attempt([torch.ones(2, dtype=torch.float16), torch.zeros(2, dtype=torch.float16)])
attempt([Point(1, 2.0), Point(3, 4.0)])
attempt([(1, "a"), (2, "b")])
attempt([[1, 2], [3, 4]])
attempt([[1, 2], [3]])
attempt([(1, 2), (3,)])
attempt([{"a": 1}, {"a": 2}])
attempt([{"a": 1}, {"b": 2}])
attempt([None, None])
attempt([object(), object()][:0])
attempt([{1, 2}, {3, 4}])
attempt([1, 2.5])
attempt([1, "a"])
attempt([torch.tensor(1), 2])
attempt([])
attempt([[torch.tensor([1]), {"k": np.array([1.5])}]] * 2)
attempt([collections.OrderedDict(b=1, a=2)] * 2)
attempt([torch.tensor([1, 2]), torch.tensor([1.0, 2.0])])
dl = DataLoader([np.array([1, 2]), np.array([3, 4]), np.array([5, 6])], batch_size=2)
print(list(dl))
dl = DataLoader([1, 2, 3], batch_size=None)
print(list(dl))
dl = DataLoader([(1, 2.0), (3, 4.0)], batch_size=None)
print(list(dl))
''',

'pad_collate': r'''
import torch
from torch.nn.utils.rnn import pad_sequence, pack_padded_sequence
from torch.utils.data import Dataset, DataLoader
torch.manual_seed(10)
class Seqs(Dataset):
    def __init__(self):
        self.data = [torch.randint(1, 9, (n,)) for n in [3, 5, 2, 4, 1, 6, 2]]
        self.labels = [n % 2 for n in range(7)]
    def __len__(self):
        return len(self.data)
    def __getitem__(self, i):
        return self.data[i], self.labels[i]
def collate(batch):
    seqs, labels = zip(*batch)
    lengths = torch.tensor([len(s) for s in seqs])
    padded = pad_sequence(seqs, batch_first=True, padding_value=0)
    return padded, lengths, torch.tensor(labels)
dl = DataLoader(Seqs(), batch_size=3, shuffle=True, collate_fn=collate)
for ep in range(2):
    for padded, lengths, labels in dl:
        print(ep, padded.shape, padded.dtype)
        print(padded)
        print(lengths, labels)
        packed = pack_padded_sequence(padded, lengths, batch_first=True, enforce_sorted=False)
        print(packed.batch_sizes, packed.data)
def collate2(batch):
    seqs = [b[0] for b in batch]
    return pad_sequence(seqs, padding_value=-1), [b[1] for b in batch]
print(next(iter(DataLoader(Seqs(), batch_size=4, collate_fn=collate2))))
try:
    next(iter(DataLoader(Seqs(), batch_size=3)))
except Exception as e:
    print(type(e).__name__, e)
print(pad_sequence([torch.ones(2, 3), torch.zeros(1, 3)], batch_first=True, padding_side="left"))
''',

'training': r'''
import torch
import torch.nn as nn
from torch.utils.data import TensorDataset, DataLoader, random_split
torch.manual_seed(11)
X = torch.randn(100, 4)
w = torch.tensor([1.0, -2.0, 0.5, 3.0])
y = (X @ w + 0.1 * torch.randn(100)).unsqueeze(1)
ds = TensorDataset(X, y)
train, val = random_split(ds, [0.8, 0.2])
tl = DataLoader(train, batch_size=16, shuffle=True)
vl = DataLoader(val, batch_size=32)
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))
opt = torch.optim.SGD(model.parameters(), lr=0.05)
loss_fn = nn.MSELoss()
for epoch in range(5):
    model.train()
    losses = []
    for xb, yb in tl:
        opt.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    model.eval()
    with torch.no_grad():
        vloss = sum(loss_fn(model(xb), yb).item() * len(xb) for xb, yb in vl) / len(val)
    print(epoch, round(sum(losses) / len(losses), 4), round(vloss, 4), len(tl), len(vl))
print(round(model[0].weight.sum().item(), 4))
''',

'classify': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import Dataset, DataLoader, WeightedRandomSampler
torch.manual_seed(12)
class Blobs(Dataset):
    def __init__(self):
        self.x = torch.cat([torch.randn(30, 2) + 2, torch.randn(10, 2) - 2])
        self.y = torch.cat([torch.zeros(30, dtype=torch.long), torch.ones(10, dtype=torch.long)])
    def __len__(self):
        return self.y.numel()
    def __getitem__(self, idx):
        return {"features": self.x[idx], "label": self.y[idx].item()}
ds = Blobs()
counts = torch.bincount(ds.y)
weights = 1.0 / counts[ds.y].float()
sampler = WeightedRandomSampler(weights, num_samples=len(ds), replacement=True)
dl = DataLoader(ds, batch_size=8, sampler=sampler)
model = nn.Linear(2, 2)
opt = torch.optim.Adam(model.parameters(), lr=0.1)
for epoch in range(3):
    tot, correct, n, lab = 0.0, 0, 0, 0
    for batch in dl:
        out = model(batch["features"])
        loss = F.cross_entropy(out, batch["label"])
        opt.zero_grad(); loss.backward(); opt.step()
        tot += loss.item() * len(batch["label"])
        correct += (out.argmax(1) == batch["label"]).sum().item()
        n += len(batch["label"])
        lab += batch["label"].sum().item()
    print(epoch, round(tot / n, 4), correct, n, lab, batch["label"].dtype)
''',

'collate_mixed': r'''
import torch
import numpy as np
from torch.utils.data import default_collate, default_convert
def attempt(batch):
    try:
        r = default_collate(batch)
        print(type(r).__name__, r, getattr(r, "dtype", None))
    except Exception as e:
        print(type(e).__name__, e)
attempt([1.5, 2])
attempt([1.5, "a"])
attempt([1.5, None])
attempt([1, 2.5])
attempt([True, 2])
attempt([1, True])
attempt([2**63, 1])
attempt([np.int64(1), 2])
attempt([np.array([1.0]), [2.0]])
attempt([np.array([1.0]), np.array([2])])
attempt([torch.tensor([1]), torch.tensor([2.5])])
attempt([torch.ones(2, 2), torch.ones(2, 3)])
attempt([np.ones((2, 2)), np.ones(3)])
attempt([torch.tensor([1], dtype=torch.uint8), torch.tensor([-100], dtype=torch.int8)])
attempt([torch.tensor(True), torch.tensor(False)])
attempt([torch.tensor([1+1j]), torch.tensor([2.0])])
attempt(((1, 2), (3, 4)))
attempt([range(2), range(2)])
attempt(["x", 1])
attempt([{"a": torch.ones(1)}, {"a": torch.zeros(1), "b": 1}])
print(default_convert(np.array([1, 2])))
print(default_convert([np.array([1, 2]), 3, "s"]))
print(default_convert({"k": np.float32(1.5), "s": np.array(["x"])}))
print(default_convert((np.array(1),)))
x = torch.ones(2, requires_grad=True)
r = default_collate([x, x * 2])
print(r, r.requires_grad, type(r.grad_fn).__name__)
''',

'epochs_global': r'''
import torch
from torch.utils.data import DataLoader, TensorDataset
torch.manual_seed(14)
ds = TensorDataset(torch.arange(8))
dl = DataLoader(ds, batch_size=3, shuffle=True)
for ep in range(3):
    print(ep, [b[0].tolist() for b in dl], torch.rand(1).item())
it = iter(dl)
print(next(it), next(it))
it2 = iter(dl)
print(next(it2))
print(next(it), next(it2))
try:
    print(next(it)); print(next(it))
except StopIteration as e:
    print("StopIteration", e)
print(dl.batch_size, dl.drop_last, type(dl.sampler).__name__, type(dl.batch_sampler).__name__, dl.num_workers)
print(dl.dataset is ds, dl.collate_fn.__name__)
dl2 = DataLoader(ds)
print(type(dl2.sampler).__name__, dl2.batch_size, [b[0].tolist() for b in dl2][:3])
dl3 = DataLoader(ds, batch_size=None, shuffle=True)
print([x for x in dl3])
print(dl3.batch_sampler, dl3.batch_size)
torch.manual_seed(14)
print([b[0].tolist() for b in DataLoader(ds, batch_size=3, shuffle=True)])
g = torch.Generator()
g.manual_seed(3)
dl4 = DataLoader(ds, batch_size=4, shuffle=True, generator=g)
print([b[0].tolist() for b in dl4], [b[0].tolist() for b in dl4])
print(g.initial_seed())
''',

'numpy_dataset': r'''
import torch
import numpy as np
from torch.utils.data import Dataset, DataLoader
torch.manual_seed(15)
rng = np.random.default_rng(0)
class NP(Dataset):
    def __init__(self):
        self.x = rng.standard_normal((9, 2)).astype(np.float32)
        self.y = np.arange(9) % 3
        self.w = rng.random(9)
    def __len__(self):
        return len(self.y)
    def __getitem__(self, i):
        return self.x[i], self.y[i], self.w[i], float(self.w[i]), int(self.y[i])
dl = DataLoader(NP(), batch_size=4, shuffle=True)
for x, y, w, wf, yi in dl:
    print(x.dtype, y.dtype, w.dtype, wf.dtype, yi.dtype)
    print(x, y, w, wf, yi)
class Img(Dataset):
    def __len__(self): return 3
    def __getitem__(self, i):
        return torch.full((1, 2, 2), float(i)), torch.tensor(i)
xb, yb = next(iter(DataLoader(Img(), batch_size=3)))
print(xb.shape, yb.shape, xb.is_contiguous(), xb.sum())
''',

'subset_split_loader': r'''
import torch
from torch.utils.data import Subset, random_split, DataLoader, Dataset, TensorDataset
torch.manual_seed(16)
class Sq(Dataset):
    def __len__(self): return 20
    def __getitem__(self, i): return i, i * i
ds = Sq()
a, b = random_split(ds, [15, 5])
print(a.indices, b.indices)
print(a[0], b[1], len(a))
dl = DataLoader(a, batch_size=6, shuffle=True, drop_last=True)
for ep in range(2):
    for i, (x, y) in enumerate(dl):
        print(ep, i, x, y)
sub = Subset(ds, range(0, 20, 4))
print(len(sub), [sub[i] for i in range(len(sub))])
print(list(DataLoader(sub, batch_size=2)))
nested = Subset(Subset(ds, [1, 3, 5, 7]), [0, 2])
print(nested[1], nested.dataset.indices)
a2, b2 = random_split(ds, [0.5, 0.5], generator=torch.Generator().manual_seed(0))
print(a2.indices, b2.indices)
print(random_split(TensorDataset(torch.arange(3)), [1, 1, 1])[2][0])
''',

'errors_misc': r'''
import torch
import warnings
warnings.simplefilter("always")
import sys
warnings.showwarning = lambda m, c, f, l, file=None, line=None: print("WARN", c.__name__, m)
from torch.utils.data import Dataset, DataLoader, TensorDataset, IterableDataset, random_split, StackDataset, get_worker_info
def attempt(f):
    try:
        r = f()
        if isinstance(r, list) and r and hasattr(r[0], "indices"):
            r = [len(p) for p in r]
        elif hasattr(r, "__dict__") and not isinstance(r, torch.Tensor):
            r = type(r).__name__
        print("ok", r)
    except Exception as e:
        print(type(e).__name__, e)
class NoGet(Dataset):
    def __len__(self): return 3
    def __repr__(self): return f"Bad({self.n})"
attempt(lambda: NoGet()[0])
attempt(lambda: next(iter(DataLoader(NoGet()))))
class NoLen(Dataset):
    def __getitem__(self, i): return i
attempt(lambda: len(NoLen()))
attempt(lambda: DataLoader(NoLen()))
attempt(lambda: len(DataLoader(NoLen(), batch_size=2)))
ds = TensorDataset(torch.arange(10))
attempt(lambda: ds[10])
attempt(lambda: ds[-11])
attempt(lambda: TensorDataset())
attempt(lambda: TensorDataset(torch.zeros(2), [1, 2]))
attempt(lambda: random_split(range(5), [0.5, 0.5, 0.0]))
attempt(lambda: [len(p) for p in random_split(range(5), [0.9, 0.1, 0.0])])
attempt(lambda: [len(p) for p in random_split(range(3), [0.1, 0.1, 0.8])])
class Bad(IterableDataset):
    def __init__(self, n): self.n = n
    def __iter__(self): return iter(range(self.n))
    def __len__(self): return 3
    def __repr__(self): return f"Bad({self.n})"
attempt(lambda: list(DataLoader(Bad(5), batch_size=2)))
attempt(lambda: list(DataLoader(Bad(5))))
attempt(lambda: get_worker_info())
dl = DataLoader(Bad(5), batch_size=1)
print(len(dl))
attempt(lambda: [b.tolist() for b in dl])
dl = DataLoader(Bad(8), batch_size=2)
print(len(dl))
attempt(lambda: [b.tolist() for b in dl])
dl = DataLoader(Bad(8), batch_size=2, drop_last=True)
print(len(dl))
attempt(lambda: [b.tolist() for b in dl])
sd = StackDataset(torch.arange(3), torch.arange(3) * 2)
print(len(sd), sd[1])
sd2 = StackDataset(a=torch.arange(3), b=["x", "y", "z"])
print(sd2[2], list(DataLoader(sd2, batch_size=2)))
attempt(lambda: StackDataset(torch.arange(3), torch.arange(4)))
attempt(lambda: StackDataset(torch.arange(3), b=torch.arange(3)))
attempt(lambda: StackDataset())
class Raise(Dataset):
    def __len__(self): return 4
    def __getitem__(self, i):
        if i == 2:
            raise KeyError(f"bad {i}")
        return i
attempt(lambda: list(DataLoader(Raise(), batch_size=1)))
attempt(lambda: list(DataLoader(Raise(), batch_size=2, collate_fn=lambda b: 1 / 0)))
''',

'misc_loaders': r'''
import torch
import numpy as np
import warnings
warnings.simplefilter("always")
warnings.showwarning = lambda m, c, f, l, file=None, line=None: print("WARN", c.__name__, m)
from torch.utils.data import DataLoader, Sampler, TensorDataset
torch.manual_seed(18)
print(list(DataLoader(torch.arange(10), batch_size=4)))
print(list(DataLoader(torch.arange(12).reshape(6, 2), batch_size=4, shuffle=True)))
print(list(DataLoader(np.arange(6).reshape(3, 2), batch_size=2)))
print(list(DataLoader([{"a": 1, "b": [1, 2]}, {"a": 2, "b": [3, 4]}], batch_size=2)))
print(list(DataLoader(range(5), batch_size=2, collate_fn=lambda x: x)))
print(list(DataLoader("hello", batch_size=2)))
class EvenSampler(Sampler):
    def __init__(self, n): self.n = n
    def __iter__(self): return iter(range(0, self.n, 2))
    def __len__(self): return (self.n + 1) // 2
ds = TensorDataset(torch.arange(10.0))
dl = DataLoader(ds, batch_size=2, sampler=EvenSampler(10))
print(len(dl), list(dl))
class NoLenSampler(Sampler):
    def __iter__(self): return iter([3, 1, 2])
dl = DataLoader(ds, batch_size=2, sampler=NoLenSampler())
print(list(dl))
try:
    len(dl)
except Exception as e:
    print(type(e).__name__, e)
dl = DataLoader(ds, batch_size=4, pin_memory=True)
print(next(iter(dl)))
dl = DataLoader(ds, batch_size=4, worker_init_fn=lambda i: print("init", i), num_workers=0)
print(len(list(dl)))
dl = DataLoader(ds, batch_size=3, sampler=[9, 8, 7, 6])
print(list(dl), len(dl))
dl = DataLoader(ds, batch_sampler=[[0, 1], [5], [2, 3, 4]])
print(list(dl), len(dl))
x = torch.randn(5, 3)
for xb in DataLoader(x, batch_size=2, shuffle=True):
    print(xb)
''',

'getitems_workers': r'''
import torch
import dataclasses
from torch.utils.data import Dataset, DataLoader, IterableDataset, get_worker_info, default_collate, Subset
from torch.utils.data.distributed import DistributedSampler
torch.manual_seed(19)
class Batched(Dataset):
    def __len__(self): return 7
    def __getitem__(self, i): return ("single", i)
    def __getitems__(self, idxs): return [("many", i) for i in idxs]
print(list(DataLoader(Batched(), batch_size=3)))
print(list(DataLoader(Batched(), batch_size=None)))
print(list(DataLoader(Subset(Batched(), [1, 2, 3]), batch_size=2)))
class Info(IterableDataset):
    def __iter__(self):
        info = get_worker_info()
        print("worker", info)
        return iter(range(3))
print(list(DataLoader(Info(), batch_size=2)))
@dataclasses.dataclass
class P:
    x: int
try:
    default_collate([P(1), P(2)])
except Exception as e:
    print(type(e).__name__, e)
ds = list(range(11))
for rank in range(3):
    s = DistributedSampler(ds, num_replicas=3, rank=rank, shuffle=True, seed=5)
    print(rank, len(s), list(s))
    s.set_epoch(1)
    print(rank, list(s))
s = DistributedSampler(ds, num_replicas=3, rank=0, shuffle=False, drop_last=True)
print(len(s), list(s))
try:
    DistributedSampler(ds, num_replicas=2, rank=2)
except Exception as e:
    print(type(e).__name__, e)
try:
    DistributedSampler(ds)
except Exception as e:
    print(type(e).__name__, e)
l1 = DataLoader(range(6), batch_size=2, shuffle=True)
l2 = DataLoader(range(6), batch_size=2, shuffle=True)
for i, (a, b) in enumerate(zip(l1, l2), 1):
    print(i, a, b)
print(type(iter(l1)).__name__)
''',

'workers': r'''
import torch
from torch.utils.data import Dataset, DataLoader, IterableDataset, get_worker_info, TensorDataset
torch.manual_seed(20)
ds = TensorDataset(torch.arange(10.0), torch.arange(10))
if __name__ == "__main__":
    dl = DataLoader(ds, batch_size=3, shuffle=True, num_workers=2)
    print(len(dl))
    for ep in range(2):
        for x, y in dl:
            print(ep, x, y)
    print(torch.rand(2))
    print(type(iter(dl)).__name__)
''',

'pad_errors': r'''
import torch
from torch.nn.utils.rnn import pad_sequence
def attempt(f):
    try:
        r = f()
        print("ok", r)
    except Exception as e:
        print(type(e).__name__, e)
a, b = torch.ones(3, 2), torch.zeros(1, 2)
attempt(lambda: pad_sequence([a, b]))
attempt(lambda: pad_sequence((a, b), batch_first=True, padding_value=-1.5))
attempt(lambda: pad_sequence([a, torch.zeros(2, 3)]))
attempt(lambda: pad_sequence([]))
attempt(lambda: pad_sequence([a, [1.0, 2.0]]))
attempt(lambda: pad_sequence([[1.0], a]))
attempt(lambda: pad_sequence([a, None, 2]))
attempt(lambda: pad_sequence(a))
attempt(lambda: pad_sequence([a, b], padding_side="middle"))
attempt(lambda: pad_sequence([torch.tensor([1, 2]), torch.tensor([1.5])], batch_first=True))
attempt(lambda: pad_sequence([torch.tensor(1), torch.tensor(2)]))
attempt(lambda: pad_sequence([torch.tensor([1, 2]), torch.tensor([3])], batch_first=True, padding_value=0.7))
attempt(lambda: pad_sequence([torch.tensor([True]), torch.tensor([False, True])], batch_first=True))
attempt(lambda: pad_sequence([torch.ones(2, 2, 2), torch.ones(1, 2, 2)], batch_first=True).shape)
attempt(lambda: pad_sequence([torch.ones(0, 2), torch.ones(1, 2)], batch_first=True))
x = torch.ones(2, requires_grad=True)
r = pad_sequence([x, x[:1] * 3], batch_first=True)
print(r, r.grad_fn.name())
r.sum().backward()
print(x.grad)
''',

'weighted_big': r'''
import torch
from torch.utils.data import WeightedRandomSampler, RandomSampler, SubsetRandomSampler, DataLoader
torch.manual_seed(22)
w = torch.rand(50)
s = WeightedRandomSampler(w, 200)
print(list(s)[:40], sum(s))
s = WeightedRandomSampler(w.tolist(), 30, replacement=False)
print(list(s))
s = WeightedRandomSampler(torch.tensor([1, 0, 3]), 5)
print(list(s), s.weights, s.weights.dtype)
s = WeightedRandomSampler(torch.tensor([1.0, 2.0], dtype=torch.float16), 5)
print(s.weights.dtype, list(s))
import numpy as np
s = WeightedRandomSampler(np.array([0.2, 0.8]), 6)
print(s.weights, list(s))
r = RandomSampler(range(1000), replacement=True, num_samples=70)
print(list(r)[-10:])
r = RandomSampler(range(5), num_samples=12)
print(list(r))
g = torch.Generator().manual_seed(9)
print(list(SubsetRandomSampler(range(10, 20), generator=g)))
dl = DataLoader(range(100), batch_size=32, sampler=WeightedRandomSampler([1.0] * 100, 64, generator=torch.Generator().manual_seed(1)))
print([b.sum().item() for b in dl])
print(torch.randint(0, 100, (3,)))
''',

'lstm_loader': r'''
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pad_sequence, pack_padded_sequence
from torch.utils.data import Dataset, DataLoader
torch.manual_seed(23)
class Toks(Dataset):
    def __init__(self):
        self.items = []
        for i in range(20):
            n = int(torch.randint(2, 7, ()).item())
            seq = torch.randint(1, 10, (n,))
            self.items.append((seq, int(seq.sum().item() % 2)))
    def __len__(self): return len(self.items)
    def __getitem__(self, i): return self.items[i]
def collate(batch):
    seqs = [s for s, _ in batch]
    return pad_sequence(seqs, batch_first=True), torch.tensor([len(s) for s in seqs]), torch.tensor([l for _, l in batch])
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(10, 4, padding_idx=0)
        self.rnn = nn.LSTM(4, 5, batch_first=True)
        self.drop = nn.Dropout(0.2)
        self.fc = nn.Linear(5, 2)
    def forward(self, x, lengths):
        packed = pack_padded_sequence(self.emb(x), lengths, batch_first=True, enforce_sorted=False)
        _, (h, _) = self.rnn(packed)
        return self.fc(self.drop(h[-1]))
net = Net()
opt = torch.optim.Adam(net.parameters(), lr=0.01)
dl = DataLoader(Toks(), batch_size=6, shuffle=True, collate_fn=collate)
for epoch in range(4):
    total = 0.0
    for x, lengths, y in dl:
        loss = nn.functional.cross_entropy(net(x, lengths), y)
        opt.zero_grad(); loss.backward(); opt.step()
        total += loss.item()
    print(epoch, round(total / len(dl), 4))
''',

'more_errors': r'''
import torch
from torch.utils.data import (DataLoader, TensorDataset, RandomSampler, random_split, Subset, ConcatDataset,
                              ChainDataset, IterableDataset, SequentialSampler, BatchSampler)
torch.manual_seed(24)
def attempt(f):
    try:
        r = f()
        if isinstance(r, list) and r and isinstance(r[0], Subset):
            r = [list(p.indices) for p in r]
        elif hasattr(r, "__dict__") and not isinstance(r, torch.Tensor):
            r = type(r).__name__
        print("ok", r)
    except Exception as e:
        print(type(e).__name__, e)
ds = TensorDataset(torch.arange(10))
class It(IterableDataset):
    def __iter__(self): return iter(range(3))
attempt(lambda: DataLoader(ds, batch_size="4"))
attempt(lambda: list(DataLoader(ds, batch_size=4, shuffle=None)))
attempt(lambda: list(DataLoader(ds, batch_size=4, collate_fn=None))[0])
attempt(lambda: list(RandomSampler(ds, generator=123)))
attempt(lambda: random_split(ds, (3, 7)))
attempt(lambda: random_split(ds, [5, 0.5]))
attempt(lambda: random_split(ds, [0.3, 0.3, 0.4], generator=torch.Generator().manual_seed(1)))
attempt(lambda: random_split(ds, torch.tensor([3, 7])))
attempt(lambda: random_split(ds, [0.5, 0.5], generator=None))
attempt(lambda: Subset(ds, torch.tensor([1, 2]))[0])
attempt(lambda: ds[torch.tensor(3)])
attempt(lambda: ds[torch.tensor([3, 4])])
attempt(lambda: ds[[1, 2]])
attempt(lambda: ConcatDataset([ds, It()]))
attempt(lambda: list(ChainDataset([ds])))
attempt(lambda: len(ChainDataset([It(), It()])))
attempt(lambda: len(ChainDataset([ds, ds])))
attempt(lambda: list(DataLoader({"a": 1})))
attempt(lambda: list(DataLoader({0: "x", 1: "y"}, batch_size=2)))
attempt(lambda: DataLoader(ds, sampler=SequentialSampler(ds), shuffle=False).sampler)
attempt(lambda: list(BatchSampler([5, 4, 3], 2, False)))
attempt(lambda: list(DataLoader(ds, batch_sampler=BatchSampler(range(20), 8, False))))
attempt(lambda: list(DataLoader(ds, sampler=[11])))
attempt(lambda: ConcatDataset([ds, ds])[20])
attempt(lambda: ConcatDataset([ds, ds])[-20])
attempt(lambda: ConcatDataset([ds, ds])[-21])
attempt(lambda: ConcatDataset([ds, []]).cumulative_sizes)
attempt(lambda: ConcatDataset(ds).cumulative_sizes)
attempt(lambda: ConcatDataset([ds, 5]))
''',

'bad_generator': r'''
import torch
from torch.utils.data import random_split, DataLoader, SubsetRandomSampler, WeightedRandomSampler, RandomSampler
torch.manual_seed(25)
def attempt(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
attempt(lambda: random_split(range(4), [2, 2], generator=42))
attempt(lambda: list(DataLoader(range(4), shuffle=True, generator=42)))
attempt(lambda: list(RandomSampler(range(4), generator=42)))
attempt(lambda: list(RandomSampler(range(3), replacement=True, generator=1)))
attempt(lambda: list(SubsetRandomSampler([1, 2], generator=1)))
attempt(lambda: list(WeightedRandomSampler([1.0, 2.0], 2, generator=1)))
attempt(lambda: list(RandomSampler(range(3), generator="seed")))
attempt(lambda: torch.randint(high=3, size=(4,)))
attempt(lambda: torch.randint(low=2, high=5, size=(4,)))
attempt(lambda: torch.randint(high=5, size=(2, 2), dtype=torch.int32))
attempt(lambda: torch.randint(high=3, size=(2,), generator=torch.Generator().manual_seed(0)))
attempt(lambda: torch.randint())
attempt(lambda: torch.randint(size=(2,)))
attempt(lambda: torch.randint(high=3))
attempt(lambda: torch.randint(high=3, size=(32,), dtype=torch.int64, generator=7))
g = torch.Generator().manual_seed(1)
print(list(RandomSampler(range(6), replacement=True, num_samples=40, generator=g)))
''',

'np_types': r'''
import torch
import numpy as np
import collections
from torch.utils.data import default_collate, default_convert, DataLoader
Pair = collections.namedtuple("Pair", "a b")
def attempt(f):
    try:
        r = f()
        print(type(r).__name__, r)
    except Exception as e:
        print(type(e).__name__, e)
for dt in [np.float16, np.float32, np.int16, np.uint8, np.uint32, np.uint64, np.bool_, np.complex128, np.int64]:
    attempt(lambda: default_collate([np.zeros(2, dtype=dt), np.ones(2, dtype=dt)]))
    attempt(lambda: default_collate([dt(1), dt(0)]))
attempt(lambda: default_collate([np.str_("a"), np.str_("b")]))
attempt(lambda: default_collate([np.array([object()]), np.array([1])]))
attempt(lambda: default_collate([np.array(["x"])[0]]))
attempt(lambda: default_collate([Pair(np.array([1.0]), torch.tensor(2)), Pair(np.array([3.0]), torch.tensor(4))]))
attempt(lambda: default_convert(Pair(np.array([1.0]), 2)))
attempt(lambda: default_convert([np.float64(2.5), np.int8(3)]))
attempt(lambda: default_convert(np.array(["a", "b"])))
attempt(lambda: default_convert(np.ones((2, 2), dtype=np.float32)[:, ::-1].copy()))
print(list(DataLoader([np.array([1.5, 2.5]), np.array([0.5, 1.0])], batch_size=None)))
print(list(DataLoader([(np.int32(1), "a"), (np.int32(2), "b")], batch_size=None)))
arr = np.arange(12, dtype=np.float64).reshape(4, 3)
print(list(DataLoader(arr[:, ::2], batch_size=3)))
print(list(DataLoader(np.arange(5, dtype=np.int16), batch_size=2)))
''',

'sampler_subclass': r'''
import torch
import numpy as np
import warnings
warnings.simplefilter("always")
warnings.showwarning = lambda m, c, f, l, file=None, line=None: print("WARN", c.__name__, m)
from torch.utils.data import Sampler, BatchSampler, DataLoader, Dataset, RandomSampler
torch.manual_seed(27)
class Rev(Sampler):
    def __init__(self, data_source):
        super().__init__(data_source)
        self.n = len(data_source)
    def __iter__(self):
        return iter(range(self.n - 1, -1, -1))
    def __len__(self):
        return self.n
class Rev2(Sampler[int]):
    def __init__(self, n):
        super().__init__()
        self.n = n
    def __iter__(self):
        yield from range(self.n)[::-1]
try:
    Rev(range(4))
except Exception as e:
    print(type(e).__name__, e)
Rev.__init__ = lambda self, data_source: setattr(self, "n", len(data_source))
print(list(Rev(range(4))), list(Rev2(3)))
class Buckets(Sampler[list]):
    def __init__(self, lengths, batch_size):
        self.lengths = lengths
        self.batch_size = batch_size
    def __iter__(self):
        order = torch.argsort(torch.tensor(self.lengths)).tolist()
        batches = [order[i:i + self.batch_size] for i in range(0, len(order), self.batch_size)]
        for j in torch.randperm(len(batches)).tolist():
            yield batches[j]
    def __len__(self):
        return (len(self.lengths) + self.batch_size - 1) // self.batch_size
class NLen(Dataset):
    def __len__(self): return np.int64(5)
    def __getitem__(self, i): return torch.tensor([i] * (i + 1))
ds = NLen()
dl = DataLoader(ds, batch_sampler=Buckets([1, 2, 3, 4, 5], 2), collate_fn=lambda b: [x.tolist() for x in b])
print(len(dl))
for ep in range(2):
    print(list(dl))
dl = DataLoader(ds, batch_size=2, sampler=Rev(ds), collate_fn=list)
print(len(dl), list(dl))
dl = DataLoader(ds, batch_sampler=(b for b in [[0], [1, 2]]), collate_fn=lambda b: torch.cat(b))
print([x for x in dl])
print(len(RandomSampler(ds)), list(RandomSampler(ds)))
class TLen(Dataset):
    def __len__(self): return torch.tensor(3)
    def __getitem__(self, i): return i
print(list(DataLoader(TLen(), batch_size=2, shuffle=True)))
''',

'transforms': r'''
import torch
import torch.nn.functional as F
import numpy as np
from torch.utils.data import Dataset, DataLoader, IterableDataset, ConcatDataset, Subset, TensorDataset
torch.manual_seed(28)
class Norm(Dataset):
    def __init__(self, data, labels, transform=None):
        self.data = data
        self.labels = labels
        self.transform = transform
        self.mean = data.mean(0)
        self.std = data.std(0)
    def __len__(self):
        return len(self.labels)
    def __getitem__(self, i):
        x = (torch.from_numpy(self.data[i]) - torch.from_numpy(self.mean)) / torch.from_numpy(self.std)
        if self.transform:
            x = self.transform(x)
        return x, F.one_hot(torch.tensor(self.labels[i]), 3)
data = np.random.RandomState(0).rand(7, 2)
ds = Norm(data, [0, 1, 2, 0, 1, 2, 0], transform=lambda x: x * 2)
for i, (x, y) in enumerate(DataLoader(ds, batch_size=3, shuffle=True)):
    print(i, x.dtype, x.shape, y.dtype, y.shape)
    print(x)
    print(y)
class It(IterableDataset):
    def __iter__(self):
        for i in range(5):
            yield {"x": torch.tensor(float(i)), "i": i}
print(list(DataLoader(It(), shuffle=False, batch_size=2)))
mix = ConcatDataset([Subset(TensorDataset(torch.arange(5)), [4, 3]), TensorDataset(torch.arange(10, 13))])
print(len(mix), [mix[i] for i in range(len(mix))])
print(list(DataLoader(mix, batch_size=2, shuffle=True)))
x, y = next(iter(DataLoader(ds, batch_size=len(ds))))
print(x.mean(0), x.std(0), y.sum(0))
''',

'iter_workers': r'''
import torch
import math
from torch.utils.data import IterableDataset, DataLoader, get_worker_info, Dataset
class Range(IterableDataset):
    def __init__(self, start, end):
        self.start, self.end = start, end
    def __iter__(self):
        info = get_worker_info()
        if info is None:
            lo, hi = self.start, self.end
        else:
            per = int(math.ceil((self.end - self.start) / float(info.num_workers)))
            lo = self.start + info.id * per
            hi = min(lo + per, self.end)
        return iter(range(lo, hi))
class Dup(IterableDataset):
    def __iter__(self):
        return iter(range(4))
class Seeds(Dataset):
    def __len__(self): return 4
    def __getitem__(self, i):
        info = get_worker_info()
        return i, info.id, info.num_workers, torch.initial_seed() - info.seed
if __name__ == "__main__":
    torch.manual_seed(29)
    print(list(DataLoader(Range(3, 10), num_workers=0)))
    print(list(DataLoader(Range(3, 10), num_workers=2)))
    print(list(DataLoader(Range(3, 10), num_workers=2, batch_size=2)))
    print(list(DataLoader(Dup(), num_workers=2, batch_size=3)))
    print(list(DataLoader(Seeds(), num_workers=2, batch_size=2)))
    print(torch.rand(1))
''',

'loader_api': r'''
import torch
from torch.utils.data import DataLoader, TensorDataset, Dataset
torch.manual_seed(30)
ds = TensorDataset(torch.arange(10.0).reshape(5, 2), torch.tensor([0, 1, 0, 1, 1]))
dl = DataLoader(ds, batch_size=2, shuffle=True)
def attempt(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
attempt(lambda: dl[0])
attempt(lambda: next(dl))
it = iter(dl)
attempt(lambda: len(it))
attempt(lambda: next(it))
attempt(lambda: len(it))
attempt(lambda: (dl.prefetch_factor, dl.pin_memory, dl.timeout, dl.persistent_workers, dl.pin_memory_device, dl.in_order))
attempt(lambda: (dl.worker_init_fn, dl.multiprocessing_context, dl._dataset_kind, dl._IterableDataset_len_called))
attempt(lambda: setattr(dl, "batch_size", 3))
attempt(lambda: setattr(dl, "sampler", None))
attempt(lambda: setattr(dl, "dataset", None))
attempt(lambda: setattr(dl, "shuffle", False))
dl.num_workers = 0
attempt(lambda: [y.tolist() for _, y in dl])
attempt(lambda: iter(it) is it)
attempt(lambda: [b[1].tolist() for b in it])
attempt(lambda: next(it))
xb, yb = next(iter(dl))
print(xb.shape, xb.dtype, yb.shape, yb.dtype, xb.size(0), len(yb), xb.device, xb.requires_grad, xb.is_leaf)
print(xb.shape[0] == dl.batch_size, type(xb.shape).__name__)
attempt(lambda: DataLoader(ds, batch_size=2, in_order=False).in_order)
attempt(lambda: DataLoader(ds, multiprocessing_context="spawn"))
attempt(lambda: DataLoader(ds, num_workers=0, worker_init_fn=1).worker_init_fn)
''',

'dtype_pitfalls': r'''
import torch
import torch.nn as nn
from torch.utils.data import Dataset, DataLoader
torch.manual_seed(31)
class Reg(Dataset):
    def __len__(self): return 6
    def __getitem__(self, i):
        return torch.tensor([i / 6.0, 1 - i / 6.0]), i * 0.5
dl = DataLoader(Reg(), batch_size=3)
model = nn.Linear(2, 1)
for name, loss_fn in [("mse", nn.MSELoss()), ("l1", nn.L1Loss()), ("bce", nn.BCEWithLogitsLoss()), ("huber", nn.SmoothL1Loss())]:
    xb, yb = next(iter(dl))
    print(name, xb.dtype, yb.dtype)
    try:
        out = model(xb).squeeze(1)
        loss = loss_fn(out, yb if name != "bce" else (yb > 0.5).double())
        print(loss.dtype, round(loss.item(), 4))
        loss.backward()
        print("backward ok", model.weight.grad)
    except Exception as e:
        print(type(e).__name__, e)
    model.zero_grad()
try:
    nn.CrossEntropyLoss()(torch.randn(3, 2), torch.tensor([0.0, 1.0, 1.0], dtype=torch.float64))
except Exception as e:
    print(type(e).__name__, e)
try:
    nn.CrossEntropyLoss()(torch.randn(3, 2), torch.tensor([0, 1, 1], dtype=torch.int32))
except Exception as e:
    print(type(e).__name__, e)
try:
    nn.NLLLoss()(torch.randn(3, 2), torch.tensor([0.0, 1.0, 1.0]))
except Exception as e:
    print(type(e).__name__, e)
xb, yb = next(iter(dl))
try:
    model(xb.double())
except Exception as e:
    print(type(e).__name__, e)
''',

'collate_promote': r'''
import torch
import numpy as np
from torch.utils.data import default_collate, Dataset, DataLoader
def attempt(f):
    try:
        r = f()
        print(r, getattr(r, "dtype", None))
    except Exception as e:
        print(type(e).__name__, e)
attempt(lambda: default_collate([torch.tensor(True), torch.tensor(2)]))
attempt(lambda: default_collate([torch.tensor([1.5], dtype=torch.float16), torch.tensor([3])]))
attempt(lambda: default_collate([torch.tensor([1], dtype=torch.int32), torch.tensor([2.5], dtype=torch.float64)]))
attempt(lambda: default_collate([torch.tensor([1+1j]), torch.tensor([2], dtype=torch.int16)]))
attempt(lambda: default_collate([torch.ones(2, 3).t(), torch.zeros(3, 2)]))
attempt(lambda: default_collate([torch.arange(6).reshape(2, 3)[:, ::2], torch.zeros(2, 2, dtype=torch.long)]))
attempt(lambda: default_collate([np.array([1, 2])[::-1], np.array([3, 4])]))
attempt(lambda: default_collate([np.flip(np.arange(4).reshape(2, 2), 1).copy(), np.zeros((2, 2), dtype=np.int64)]))
attempt(lambda: torch.from_numpy(np.flip(np.arange(3))))
attempt(lambda: torch.as_tensor(np.arange(4)[::-2]))
attempt(lambda: torch.tensor(np.arange(4)[::-2]))
attempt(lambda: default_collate([np.array([1, 2], dtype=np.int32), np.array([3.5, 4])]))
attempt(lambda: default_collate([np.float32(1.5), np.float64(2.5)]))
attempt(lambda: default_collate([np.int32(1), np.int64(2)]))
class Flip(Dataset):
    def __len__(self): return 2
    def __getitem__(self, i):
        img = np.arange(6, dtype=np.float32).reshape(2, 3)
        return np.fliplr(img) if i else img
attempt(lambda: next(iter(DataLoader(Flip(), batch_size=2))))
''',

'index_types': r'''
import torch
import numpy as np
from torch.utils.data import DataLoader, TensorDataset, Subset, SubsetRandomSampler, Dataset, random_split
torch.manual_seed(33)
ds = TensorDataset(torch.arange(10) * 2, torch.arange(10.0))
print(list(DataLoader(ds, sampler=torch.tensor([2, 0, 5]), batch_size=2)))
print(list(DataLoader(ds, sampler=np.array([4, 1]), batch_size=2)))
s = Subset(ds, np.array([9, 3, 1]))
print(s[0], s[-1], len(s))
print(list(DataLoader(s, batch_size=2, shuffle=True)))
print(list(SubsetRandomSampler(np.array([7, 8, 9]))))
idx = torch.randperm(10)
train_idx, val_idx = idx[:7], idx[7:]
tr = Subset(ds, train_idx)
print(tr[0], len(tr))
print([b[0].tolist() for b in DataLoader(tr, batch_size=3)])
print(list(DataLoader(ds, batch_size=4, sampler=SubsetRandomSampler(val_idx))))
class Echo(Dataset):
    def __len__(self): return 4
    def __getitem__(self, i): return type(i).__name__, i
print(list(DataLoader(Echo(), sampler=torch.tensor([1, 2]), batch_size=None)))
print(list(DataLoader(Echo(), sampler=np.array([3]), batch_size=None)))
print(list(DataLoader(Subset(Echo(), torch.tensor([0, 3])), batch_size=None)))
a, b = random_split(Echo(), [3, 1])
print(a[0], b[0], type(a.indices[0]).__name__)
''',

'worker_warn': r'''
import torch
import warnings
from torch.utils.data import DataLoader, TensorDataset
if __name__ == "__main__":
    warnings.simplefilter("always")
    warnings.showwarning = lambda m, c, f, l, file=None, line=None: print("WARN", c.__name__, str(m)[:60])
    torch.manual_seed(34)
    ds = TensorDataset(torch.arange(6))
    dl = DataLoader(ds, batch_size=2, num_workers=2, shuffle=True)
    print([b[0].tolist() for b in dl])
    dl = DataLoader(ds, batch_size=2, num_workers=1, persistent_workers=True, prefetch_factor=1)
    for ep in range(2):
        print([b[0].tolist() for b in dl])
    try:
        DataLoader(ds, num_workers=1, prefetch_factor=0)
    except Exception as e:
        print(type(e).__name__, e)
    dl = DataLoader(ds, batch_size=4, num_workers=1, timeout=5, worker_init_fn=lambda wid: torch.manual_seed(wid))
    print(list(dl))
''',

'nested': r'''
import torch
import collections
from torch.utils.data import Dataset, DataLoader, default_collate
from torch.nn.utils.rnn import pack_sequence, pad_packed_sequence
torch.manual_seed(35)
Sample = collections.namedtuple("Sample", ["image", "meta"])
class Nested(Dataset):
    def __len__(self): return 5
    def __getitem__(self, i):
        return Sample(torch.rand(2, 2), {"boxes": [(i, i + 1.5), (2 * i, 0.5)], "tags": ("a", f"t{i}"),
                                         "info": {"w": i, "h": [i, i]}})
dl = DataLoader(Nested(), batch_size=2, shuffle=True)
for b in dl:
    print(type(b).__name__, b.image.shape)
    print(b.meta)
print(default_collate([[(1, 2), (3, 4)], [(5, 6), (7, 8)]]))
print(default_collate([{"a": [1, {"b": 2.5}]}, {"a": [3, {"b": 4.5}]}]))
print(default_collate([((torch.ones(1),),), ((torch.zeros(1),),)]))
def packer(batch):
    seqs = sorted([torch.tensor(s, dtype=torch.float32) for s in batch], key=len, reverse=True)
    return pack_sequence(seqs)
dl = DataLoader([[1, 2, 3], [4], [5, 6]], batch_size=3, collate_fn=packer)
packed = next(iter(dl))
print(packed.data, packed.batch_sizes)
print(pad_packed_sequence(packed, batch_first=True))
try:
    default_collate([[1, 2], [3]])
except Exception as e:
    print(type(e).__name__, e)
try:
    default_collate([{"a": 1}, {"b": 2}])
except Exception as e:
    print(type(e).__name__, repr(e))
''',

'split_fractions': r'''
import torch
import numpy as np
import warnings
warnings.simplefilter("always")
warnings.showwarning = lambda m, c, f, l, file=None, line=None: print("WARN", c.__name__, m)
from torch.utils.data import random_split
torch.manual_seed(36)
def attempt(f):
    try:
        parts = f()
        print([len(p) for p in parts], [p.indices for p in parts])
    except Exception as e:
        print(type(e).__name__, e)
attempt(lambda: random_split(range(10), [0.1] * 10))
attempt(lambda: random_split(range(23), [0.7, 0.15, 0.15]))
attempt(lambda: random_split(range(5), np.array([0.6, 0.4])))
attempt(lambda: random_split(range(5), [np.int64(2), np.int64(3)]))
attempt(lambda: random_split(range(5), [torch.tensor(2), torch.tensor(3)]))
attempt(lambda: random_split(range(5), [0.6, 0.4000001]))
attempt(lambda: random_split(range(5), [0.6, 0.41]))
attempt(lambda: random_split(range(5), [1.0]))
attempt(lambda: random_split(range(5), [5, 0]))
attempt(lambda: random_split(range(5), [0.0, 1.0]))
attempt(lambda: random_split(range(0), [0.5, 0.5]))
attempt(lambda: random_split(range(5), [2.0, 3.0]))
attempt(lambda: random_split(range(5), []))
attempt(lambda: random_split(range(5), [-1, 6]))
attempt(lambda: random_split(range(4), [True, 3]))
attempt(lambda: random_split(range(4), ["2", 2]))
''',

'cnn_loop': r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import TensorDataset, DataLoader, random_split
torch.manual_seed(37)
X = torch.randn(60, 1, 8, 8)
y = (X.mean(dim=(1, 2, 3)) > 0).long()
train, test = random_split(TensorDataset(X, y), [48, 12], generator=torch.Generator().manual_seed(0))
train_loader = DataLoader(train, batch_size=16, shuffle=True, drop_last=True)
test_loader = DataLoader(test, batch_size=5)
class CNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 4, 3, padding=1)
        self.bn = nn.BatchNorm2d(4)
        self.fc = nn.Linear(4 * 4 * 4, 2)
    def forward(self, x):
        x = F.max_pool2d(F.relu(self.bn(self.conv(x))), 2)
        return self.fc(torch.flatten(x, 1))
model = CNN()
opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
sched = torch.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
for epoch in range(4):
    model.train()
    running = 0.0
    for batch_idx, (data, target) in enumerate(train_loader):
        opt.zero_grad()
        loss = F.cross_entropy(model(data), target)
        loss.backward()
        opt.step()
        running += loss.item()
    sched.step()
    model.eval()
    correct = 0
    with torch.no_grad():
        for data, target in test_loader:
            correct += model(data).argmax(dim=1).eq(target).sum().item()
    print(f"epoch {epoch}: loss {running / len(train_loader):.4f} acc {correct}/{len(test_loader.dataset)} lr {sched.get_last_lr()[0]:.4f} batches {batch_idx + 1}")
''',

'misc_errors2': r'''
import torch
from torch.utils.data import (random_split, DataLoader, IterableDataset, Dataset, TensorDataset, Subset,
                              WeightedRandomSampler, default_collate)
from torch.utils.data.distributed import DistributedSampler
torch.manual_seed(38)
def attempt(f):
    try:
        r = f()
        print("ok", r)
    except Exception as e:
        print(type(e).__name__, e)
class It(IterableDataset):
    def __iter__(self): return iter(range(3))
class NoLen(Dataset):
    def __getitem__(self, i): return i
attempt(lambda: random_split(It(), [1, 2]))
attempt(lambda: random_split(NoLen(), [0.5, 0.5]))
attempt(lambda: random_split(TensorDataset(torch.arange(3)), 3))
attempt(lambda: DistributedSampler(range(5), num_replicas=2))
attempt(lambda: DistributedSampler(range(5), rank=0))
attempt(lambda: DistributedSampler(range(5), num_replicas=2, rank=-1))
attempt(lambda: list(DistributedSampler(range(5), num_replicas=2, rank=1, shuffle=False)))
attempt(lambda: len(DistributedSampler(range(5), num_replicas=2, rank=1, drop_last=True)))
attempt(lambda: list(DataLoader(range(10), batch_size=3, sampler=DistributedSampler(range(10), num_replicas=2, rank=0, seed=1))))
attempt(lambda: WeightedRandomSampler(torch.ones(3), torch.tensor(2)))
attempt(lambda: WeightedRandomSampler(torch.ones(3), 2, replacement="yes"))
attempt(lambda: WeightedRandomSampler("abc", 2))
attempt(lambda: list(WeightedRandomSampler(torch.ones(3), 2)))
attempt(lambda: WeightedRandomSampler(torch.ones(3), 2).weights.dtype)
attempt(lambda: TensorDataset(torch.zeros(2), torch.zeros(2, 3))[1])
attempt(lambda: TensorDataset(torch.zeros(0))[0])
attempt(lambda: default_collate(torch.tensor([1, 2])))
attempt(lambda: default_collate((1, 2)))
attempt(lambda: default_collate("ab"))
attempt(lambda: default_collate({"a": [1, 2]}))
''',

'custom_collate_map': r'''
import torch
from torch.utils.data import DataLoader, default_collate
from torch.utils.data._utils.collate import collate, default_collate_fn_map, collate_tensor_fn
from torch.utils.data.dataloader import default_collate as dc
class Box:
    def __init__(self, v): self.v = v
def collate_box(batch, *, collate_fn_map=None):
    return torch.tensor([b.v for b in batch]) * 10
m = {**default_collate_fn_map, Box: collate_box}
print(collate([(Box(1), 2), (Box(3), 4)], collate_fn_map=m))
print(collate([{"b": Box(5)}, {"b": Box(6)}], collate_fn_map=m))
try:
    collate([Box(1)], collate_fn_map=None)
except Exception as e:
    print(type(e).__name__, e)
try:
    default_collate([Box(1)])
except Exception as e:
    print(type(e).__name__, str(e)[:80])
print(collate_tensor_fn([torch.ones(2), torch.zeros(2)]))
print(dc is default_collate, sorted(k.__name__ if isinstance(k, type) else str(k) for k in default_collate_fn_map))
def filtered(batch):
    batch = [b for b in batch if b is not None]
    return default_collate(batch) if batch else None
data = [1, None, 3, None, None, 6]
print(list(DataLoader(data, batch_size=2, collate_fn=filtered)))
try:
    default_collate([])
except Exception as e:
    print(type(e).__name__, e)
''',

'generics': r'''
import torch
from typing import Tuple
from torch.utils.data import Dataset, DataLoader, IterableDataset, Sampler, TensorDataset
torch.manual_seed(40)
class Typed(Dataset[Tuple[torch.Tensor, int]]):
    def __len__(self) -> int: return 3
    def __getitem__(self, i: int) -> Tuple[torch.Tensor, int]: return torch.ones(2) * i, i
class S(Sampler[int]):
    def __init__(self): pass
    def __iter__(self): return iter([2, 0])
    def __len__(self): return 2
dl: DataLoader[Tuple[torch.Tensor, int]] = DataLoader(Typed(), sampler=S(), batch_size=2)
print(list(dl))
print(isinstance(TensorDataset(torch.ones(1)), Dataset), issubclass(IterableDataset, Dataset))
print(Typed.__mro__[1].__name__, Dataset[int].__name__ if hasattr(Dataset[int], "__name__") else "alias")
print(type(Dataset[int]).__name__)
''',

'rng_interleave': r'''
import torch
from torch.utils.data import DataLoader, RandomSampler, TensorDataset, random_split, SubsetRandomSampler
torch.manual_seed(41)
ds = TensorDataset(torch.arange(6))
dl = DataLoader(ds, batch_size=2, shuffle=True)
it = iter(dl)
print(torch.rand(1))
print(next(it))
print(torch.rand(1))
print(list(it))
s = RandomSampler(range(5))
it2 = iter(s)
print(torch.rand(1))
print(list(it2))
sub = SubsetRandomSampler([10, 20, 30])
it3 = iter(sub)
print(torch.rand(1), list(it3))
dl2 = DataLoader(ds, batch_size=4, sampler=RandomSampler(ds, replacement=True, num_samples=9))
print([b[0].tolist() for b in dl2], torch.rand(1))
dl3 = DataLoader(ds, batch_size=2)
it4 = iter(dl3)
print(torch.rand(1))
g = torch.Generator().manual_seed(5)
dl4 = DataLoader(ds, batch_size=3, shuffle=True, generator=g)
print([b[0].tolist() for b in dl4], g.get_state()[:8], torch.rand(1))
''',
}

ember_outputs, torch_outputs, test_program_matches_pytorch = program_tests(PROGRAMS)


def test_collate_tensor_then_non_tensor_is_stack_error():
    raises_exactly(lambda: default_collate([ember.tensor(1), 2]), TypeError,
                   "expected Tensor as element 1 in argument 0, but got int")
    raises_exactly(lambda: default_collate([ember.tensor([1.0]), ember.tensor([2.0]), "a"]), TypeError,
                   "expected Tensor as element 2 in argument 0, but got str")
    assert default_collate([ember.tensor(1), ember.tensor(2)]).tolist() == [1, 2]
    raises_exactly(lambda: default_collate(ember.tensor([1, 2])), TypeError,
                   "stack(): argument 'tensors' (position 1) must be tuple of Tensors, not Tensor")


def test_collate_floats_is_float64_tensor_of_batch():
    raises_exactly(lambda: default_collate([1.5, None]), TypeError, "must be real number, not NoneType")
    raises_exactly(lambda: default_collate([1.5, "a"]), TypeError, "must be real number, not str")
    mixed = default_collate([1.5, 2, True])
    assert mixed.dtype == ember.float64 and mixed.tolist() == [1.5, 2.0, 1.0]
    assert default_collate([0.25, 0.5]).tolist() == [0.25, 0.5]


def test_pad_sequence_tensor_list_parser_error():
    a = ember.ones(2, 3)
    raises_exactly(lambda: pad_sequence([a, [1.0]]), TypeError,
                   "expected Tensor as element 1 in argument 0, but got list")
    raises_exactly(lambda: pad_sequence([[1.0], a]), TypeError,
                   "expected Tensor as element 0 in argument 0, but got list")
    raises_exactly(lambda: pad_sequence([]), RuntimeError, "received an empty list of sequences")


def _randint_error(got: str) -> str:
    sigs = ["(int high, tuple of ints size, *, torch.Generator generator, {})",
            "(int high, tuple of ints size, *, {})",
            "(int low, int high, tuple of ints size, *, torch.Generator generator, {})",
            "(int low, int high, tuple of ints size, *, {})"]
    rest = ("Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, "
            "bool pin_memory = False, bool requires_grad = False")
    lines = "".join(f" * {s.format(rest)}\n" for s in sigs)
    return f"randint() received an invalid combination of arguments - got ({got}), but expected one of:\n{lines}"


def test_randint_high_and_size_keywords():
    ember.manual_seed(0)
    x = ember.randint(high=3, size=(50,))
    assert x.shape == (50,) and x.dtype == ember.int64 and 0 <= int(x.min()) and int(x.max()) < 3
    ember.manual_seed(0)
    assert ember.randint(3, (50,)).tolist() == x.tolist()
    assert ember.randint(high=5, size=(2, 2), dtype=ember.int32).dtype == ember.int32
    raises_exactly(lambda: ember.randint(size=(2,)), TypeError, _randint_error("size=tuple, "))
    raises_exactly(lambda: ember.randint(high=3), TypeError, _randint_error("high=int, "))
    raises_exactly(lambda: ember.randint(), TypeError, _randint_error(""))


def _randperm_error(kind: str) -> str:
    rest = ("Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, "
            "bool pin_memory = False, bool requires_grad = False")
    return (f"randperm() received an invalid combination of arguments - got (int, generator={kind}), but expected "
            f"one of:\n * (int n, *, torch.Generator generator, {rest})\n * (int n, *, {rest})\n")


def test_seed_as_generator_fails_in_public_op():
    raises_exactly(lambda: random_split(range(4), [2, 2], generator=42), TypeError, _randperm_error("int"))
    raises_exactly(lambda: list(RandomSampler(range(3), generator="s")), TypeError, _randperm_error("str"))
    raises_exactly(lambda: list(SubsetRandomSampler([1, 2], generator=1)), TypeError, _randperm_error("int"))
    raises_exactly(lambda: list(RandomSampler(range(3), replacement=True, generator=1)), TypeError,
                   _randint_error("generator=int, dtype=torch.dtype, size=tuple, high=int, "))
    raises_exactly(lambda: list(WeightedRandomSampler([1.0, 2.0], 2, generator=1)), TypeError,
                   "multinomial(): argument 'generator' must be torch.Generator, not int")
    raises_exactly(lambda: list(DataLoader(range(4), shuffle=True, generator=42)), TypeError,
                   "random_() received an invalid combination of arguments - got (generator=int, ), but expected "
                   "one of:\n * (*, torch.Generator generator = None)\n * (int from, int to, *, torch.Generator "
                   "generator = None)\n * (int to, *, torch.Generator generator = None)\n")
    g = ember.Generator().manual_seed(3)
    assert sorted(RandomSampler(range(5), generator=g)) == [0, 1, 2, 3, 4]


def test_randperm_non_int_with_keywords_is_invalid_combination():
    raises_exactly(lambda: ember.randperm(5.0), TypeError,
                   "randperm(): argument 'n' (position 1) must be int, not float")
    raises_exactly(lambda: ember.randperm(5.0, dtype=ember.int32), TypeError,
                   _randperm_error("int").replace("(int, generator=int)", "(float, dtype=torch.dtype)"))
    raises_exactly(lambda: ember.randperm(5.0, generator=ember.Generator()), TypeError,
                   _randperm_error("torch._C.Generator").replace("(int,", "(float,"))


def test_random_split_float_lengths_summing_to_size_fail_in_randperm():
    ember.manual_seed(0)
    state = ember.get_rng_state()
    raises_exactly(lambda: random_split(range(5), [2.0, 3.0]), TypeError,
                   _randperm_error("torch._C.Generator").replace("(int,", "(float,"))
    assert ember.equal(ember.get_rng_state(), state)   # nothing drawn before the parser error
    assert [len(p) for p in random_split(range(5), [0.6, 0.4])] == [3, 2]
