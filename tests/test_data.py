"""ember.utils.data: collate semantics, samplers, DataLoader, datasets, and
PyTorch-identical shuffling / splitting / worker seeding."""
from __future__ import annotations

import collections
import importlib
import random

import numpy as np
import pytest

import ember
from ember.utils import data as D

try:
    import torch
    import torch.utils.data as TD
except Exception:  # pragma: no cover - torch is the optional oracle
    torch = None
    TD = None

needs_torch = pytest.mark.skipif(torch is None, reason="PyTorch (oracle) not installed")


def _rng_ready() -> bool:
    try:
        from ember import _rng
        return all(hasattr(_rng, n) for n in ("random_", "randperm", "randint", "multinomial", "default_generator"))
    except Exception:
        return False


needs_rng = pytest.mark.skipif(not _rng_ready(), reason="ember._rng streams not available")

Point = collections.namedtuple("Point", ["x", "y"])


# --------------------------------------------------------------------------- collate (torch-free)
def test_collate_scalars():
    f = D.default_collate([1.5, 2.5])
    assert f.dtype == ember.float64 and f.tolist() == [1.5, 2.5]
    i = D.default_collate([1, 2, 3])
    assert i.dtype == ember.int64 and i.tolist() == [1, 2, 3]
    b = D.default_collate([True, False])
    assert b.dtype == ember.bool and b.tolist() == [True, False]
    assert D.default_collate(["a", "b"]) == ["a", "b"]
    n = D.default_collate([np.float32(1.0), np.float32(2.0)])
    assert n.dtype == ember.float32 and n.tolist() == [1.0, 2.0]
    assert D.default_collate([np.int16(1), np.int16(2)]).dtype == ember.int16


def test_collate_tensors_and_arrays():
    t = D.default_collate([ember.tensor([1.0, 2.0]), ember.tensor([3.0, 4.0])])
    assert t.shape == (2, 2) and t.dtype == ember.float32 and t.tolist() == [[1.0, 2.0], [3.0, 4.0]]
    s = D.default_collate([ember.tensor(1), ember.tensor(2)])
    assert s.shape == (2,) and s.dtype == ember.int64
    a = D.default_collate([np.array([1, 2], dtype=np.int32), np.array([3, 4], dtype=np.int32)])
    assert isinstance(a, ember.Tensor) and a.dtype == ember.int32 and a.tolist() == [[1, 2], [3, 4]]
    with pytest.raises(RuntimeError, match=r"stack expects each tensor to be equal size, but got \[2\] at entry 0 "
                                            r"and \[3\] at entry 1"):
        D.default_collate([ember.zeros(2), ember.zeros(3)])


def test_collate_containers():
    out = D.default_collate([(ember.tensor([1.0]), 1, "a"), (ember.tensor([2.0]), 2, "b")])
    assert isinstance(out, list) and len(out) == 3  # tuples come back as lists, like PyTorch
    assert out[0].tolist() == [[1.0], [2.0]] and out[1].tolist() == [1, 2] and out[2] == ("a", "b")
    d = D.default_collate([{"x": 1.0, "y": [1, 2]}, {"x": 2.0, "y": [3, 4]}])
    assert list(d) == ["x", "y"] and d["x"].dtype == ember.float64
    assert [v.tolist() for v in d["y"]] == [[1, 3], [2, 4]]
    p = D.default_collate([Point(1, 2.0), Point(3, 4.0)])
    assert isinstance(p, Point) and p.x.tolist() == [1, 3] and p.y.dtype == ember.float64
    with pytest.raises(RuntimeError, match="each element in list of batch should be of equal size"):
        D.default_collate([[1, 2], [3]])
    with pytest.raises(TypeError, match="default_collate: batch must contain tensors, numpy arrays, numbers, "
                                        "dicts or lists; found <class 'object'>"):
        D.default_collate([object()])


def test_default_convert():
    out = D.default_convert((np.array([1.0]), [np.int64(3)], "x"))
    assert isinstance(out, list) and isinstance(out[0], ember.Tensor) and out[0].dtype == ember.float64
    assert out[1][0].dtype == ember.int64 and out[2] == "x"
    strs = np.array(["a", "b"])
    assert D.default_convert(strs) is strs


# --------------------------------------------------------------------------- samplers (torch-free)
def test_sequential_and_batch_sampler():
    assert list(D.SequentialSampler(range(5))) == [0, 1, 2, 3, 4]
    bs = D.BatchSampler(D.SequentialSampler(range(10)), 3, drop_last=False)
    assert list(bs) == [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]] and len(bs) == 4
    bs = D.BatchSampler(range(10), 3, drop_last=True)
    assert list(bs) == [[0, 1, 2], [3, 4, 5], [6, 7, 8]] and len(bs) == 3
    with pytest.raises(ValueError, match="batch_size should be a positive integer value, but got batch_size=0"):
        D.BatchSampler(range(3), 0, False)
    with pytest.raises(ValueError, match="drop_last should be a boolean value"):
        D.BatchSampler(range(3), 1, 1)


@needs_rng
def test_random_samplers_lengths_and_content():
    s = D.RandomSampler(range(7))
    assert len(s) == 7 and sorted(s) == list(range(7))
    s = D.RandomSampler(range(7), num_samples=10)
    out = list(s)
    assert len(s) == 10 and len(out) == 10 and sorted(out[:7]) == list(range(7))
    s = D.RandomSampler(range(3), replacement=True, num_samples=70)
    out = list(s)
    assert len(out) == 70 and set(out) <= {0, 1, 2}
    with pytest.raises(ValueError, match="num_samples should be a positive integer value, but got num_samples=0"):
        D.RandomSampler(range(3), num_samples=0)
    with pytest.raises(TypeError, match="replacement should be a boolean value"):
        D.RandomSampler(range(3), replacement=1)
    s = D.SubsetRandomSampler([5, 6, 7])
    assert sorted(s) == [5, 6, 7] and len(s) == 3
    w = D.WeightedRandomSampler([0.0, 1.0, 0.0], 5)
    assert list(w) == [1] * 5 and len(w) == 5
    w = D.WeightedRandomSampler([0.2, 0.3, 0.5], 3, replacement=False)
    assert sorted(w) == [0, 1, 2]
    with pytest.raises(ValueError, match="weights should be a 1d sequence"):
        D.WeightedRandomSampler([[1.0]], 1)


@needs_rng
def test_shuffle_golden_values():
    # Recorded from PyTorch 2.13.
    ember.manual_seed(0)
    batches = [b.tolist() for b in D.DataLoader(range(10), batch_size=4, shuffle=True)]
    assert batches == [[6, 7, 1, 4], [2, 0, 9, 8], [3, 5]]
    assert ember.randint(0, 1000, (3,)).tolist() == [963, 379, 427]  # same RNG consumption as PyTorch
    g = ember.Generator().manual_seed(123)
    assert [b.tolist() for b in D.DataLoader(range(8), batch_size=8, shuffle=True, generator=g)] == \
        [[6, 0, 1, 5, 2, 7, 3, 4]]
    ember.manual_seed(1)
    a, b = D.random_split(range(10), [0.5, 0.5])
    assert a.indices == [5, 6, 1, 2, 0] and b.indices == [8, 9, 3, 7, 4]
    s = D.RandomSampler(range(5), replacement=True, num_samples=6, generator=ember.Generator().manual_seed(7))
    assert list(s) == [0, 2, 1, 1, 3, 2]


# --------------------------------------------------------------------------- datasets (torch-free)
def test_tensor_dataset_and_loader():
    X = ember.arange(20, dtype=ember.float32).reshape(10, 2)
    Y = ember.arange(10)
    ds = D.TensorDataset(X, Y)
    assert len(ds) == 10
    x3, y3 = ds[3]
    assert x3.tolist() == [6.0, 7.0] and int(y3) == 3
    with pytest.raises(AssertionError, match="Size mismatch between tensors"):
        D.TensorDataset(X, ember.arange(3))

    dl = D.DataLoader(ds, batch_size=4)
    assert len(dl) == 3
    for _ in range(2):  # iterating twice works
        got = [(xb.tolist(), yb.tolist()) for xb, yb in dl]
        assert [len(y) for _, y in got] == [4, 4, 2]
        assert got[2] == ([[16.0, 17.0], [18.0, 19.0]], [8, 9])
    xb, yb = next(iter(dl))
    assert xb.dtype == ember.float32 and yb.dtype == ember.int64 and xb.shape == (4, 2)

    dl = D.DataLoader(ds, batch_size=4, drop_last=True)
    assert len(dl) == 2 and [b[1].tolist() for b in dl] == [[0, 1, 2, 3], [4, 5, 6, 7]]

    # subsets (random_split) go through the same path
    sub = D.Subset(ds, [9, 0, 5])
    assert [b[1].tolist() for b in D.DataLoader(sub, batch_size=2)] == [[9, 0], [5]]


def test_loader_options():
    assert list(D.DataLoader(range(5), batch_size=None)) == [0, 1, 2, 3, 4]
    assert list(D.DataLoader([{"a": 1}, {"a": 2}], batch_size=2, collate_fn=lambda b: b)) == [[{"a": 1}, {"a": 2}]]
    dl = D.DataLoader(range(10), batch_sampler=[[0, 1], [5], [9, 8, 7]])
    assert [b.tolist() for b in dl] == [[0, 1], [5], [9, 8, 7]] and len(dl) == 3
    dl = D.DataLoader(range(6), sampler=[5, 4, 3, 2, 1, 0], batch_size=4)
    assert [b.tolist() for b in dl] == [[5, 4, 3, 2], [1, 0]]
    dl = D.DataLoader(range(7), batch_size=3, num_workers=2, pin_memory=False)
    assert [b.tolist() for b in dl] == [[0, 1, 2], [3, 4, 5], [6]]
    for bad, msg in [
        (dict(shuffle=True, sampler=[1]), "sampler option is mutually exclusive with shuffle"),
        (dict(batch_sampler=[[0]], batch_size=2), "batch_sampler option is mutually exclusive with batch_size"),
        (dict(num_workers=-1), "num_workers option should be non-negative"),
        (dict(batch_size=None, drop_last=True), "batch_size=None option disables auto-batching"),
        (dict(persistent_workers=True), "persistent_workers option needs num_workers > 0"),
        (dict(prefetch_factor=2), "prefetch_factor option could only be specified in multiprocessing"),
    ]:
        with pytest.raises(ValueError, match=msg):
            D.DataLoader(range(4), **bad)
    dl = D.DataLoader(range(4))
    with pytest.raises(ValueError, match="batch_size attribute should not be set after DataLoader is initialized"):
        dl.batch_size = 3


class _Shards(D.IterableDataset):
    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n

    def __iter__(self):
        info = D.get_worker_info()
        if info is None:
            return iter(range(self.n))
        return iter(range(info.id, self.n, info.num_workers))


def test_iterable_dataset_and_workers():
    assert [b.tolist() for b in D.DataLoader(_Shards(10), batch_size=3)] == [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]]
    assert len(D.DataLoader(_Shards(10), batch_size=3)) == 4
    # two emulated workers: batches alternate between the workers' shards, like PyTorch
    assert [b.tolist() for b in D.DataLoader(_Shards(10), batch_size=3, num_workers=2)] == \
        [[0, 2, 4], [1, 3, 5], [6, 8], [7, 9]]
    with pytest.raises(ValueError, match="expected unspecified shuffle option"):
        D.DataLoader(_Shards(3), shuffle=True)
    assert D.get_worker_info() is None


def test_concat_stack_chain_datasets():
    cd = D.ConcatDataset([range(3), range(10, 12)])
    assert len(cd) == 5 and cd[3] == 10 and cd[-1] == 11 and cd.cumulative_sizes == [3, 5]
    sd = D.StackDataset(range(3), range(3, 6))
    assert sd[1] == (1, 4) and [[t.tolist() for t in b] for b in D.DataLoader(sd, batch_size=3)] == \
        [[[0, 1, 2], [3, 4, 5]]]
    ch = D.ChainDataset([_Shards(2), _Shards(3)])
    assert list(ch) == [0, 1, 0, 1, 2] and len(ch) == 5
    assert isinstance(_Shards(1) + _Shards(1), D.ChainDataset)


@needs_rng
def test_random_split_lengths_and_errors():
    ember.manual_seed(3)
    parts = D.random_split(range(10), [0.34, 0.33, 0.33])
    assert [len(p) for p in parts] == [4, 3, 3]
    assert sorted(sum((list(p) for p in parts), [])) == list(range(10))
    with pytest.raises(ValueError, match="Sum of input lengths does not equal the length of the input dataset!"):
        D.random_split(range(10), [3, 3])


def test_utils_lazy_import():
    utils = importlib.import_module("ember.utils")
    assert utils.data is D
    with pytest.raises(AttributeError):
        utils.no_such_submodule  # noqa: B018


# --------------------------------------------------------------------------- vs torch
@needs_torch
@needs_rng
@pytest.mark.parametrize("seed", [0, 1, 12345])
def test_shuffle_matches_torch_and_rng_stream(seed):
    outs = []
    for mod, data in ((torch, TD), (ember, D)):
        mod.manual_seed(seed)
        X = mod.arange(30, dtype=mod.float32).reshape(15, 2)
        ds = data.TensorDataset(X, mod.arange(15))
        dl = data.DataLoader(ds, batch_size=4, shuffle=True)
        epochs = [[b[1].tolist() for b in dl] for _ in range(3)]
        after = mod.rand(3).tolist()  # same number of draws consumed
        outs.append((epochs, after))
    assert outs[1] == outs[0]


@needs_torch
@needs_rng
def test_generators_samplers_split_match_torch():
    res = []
    for mod, data in ((torch, TD), (ember, D)):
        mod.manual_seed(7)
        g = mod.Generator().manual_seed(42)
        r = [[b.tolist() for b in data.DataLoader(range(9), batch_size=4, shuffle=True, generator=g)]
             for _ in range(2)]
        r.append(list(data.RandomSampler(range(7), replacement=True, num_samples=40)))
        r.append(list(data.RandomSampler(range(7), num_samples=17)))
        r.append(list(data.SubsetRandomSampler([5, 6, 7, 8])))
        r.append(list(data.WeightedRandomSampler([0.1, 0.9, 0.4], 8)))
        r.append(list(data.WeightedRandomSampler([0.1, 0.9, 0.4, 0.2], 3, replacement=False)))
        a, b = data.random_split(range(10), [0.7, 0.3])
        r.append((a.indices, b.indices))
        a, b, c = data.random_split(range(11), [3, 4, 4], generator=mod.Generator().manual_seed(1))
        r.append((a.indices, b.indices, c.indices))
        r.append(mod.rand(2).tolist())
        res.append(r)
    assert res[1] == res[0]


@needs_torch
@needs_rng
@pytest.mark.filterwarnings("ignore:This DataLoader will create")
def test_worker_emulation_matches_torch():
    def make(mod, data):
        class Rnd(data.Dataset):
            def __len__(self):
                return 8

            def __getitem__(self, i):
                return i, mod.rand(1).item(), random.random(), float(np.random.rand())

        return Rnd()

    res = []
    for mod, data in ((torch, TD), (ember, D)):
        mod.manual_seed(5)
        random.seed(1)
        np.random.seed(1)
        out = []
        for nw in (2, 3):
            dl = data.DataLoader(make(mod, data), batch_size=3, num_workers=nw, shuffle=True)
            out.append([[t.tolist() for t in b] for b in dl])
        dl = data.DataLoader(make(mod, data), batch_size=2, num_workers=2, persistent_workers=True)
        out.append([[[t.tolist() for t in b] for b in dl] for _ in range(2)])
        out.append([b.tolist() for b in data.DataLoader(_TorchOrEmberShards(mod, data, 10), batch_size=3,
                                                        num_workers=3)])
        out.append(mod.rand(2).tolist())
        res.append(out)
    assert res[1] == res[0]


def _TorchOrEmberShards(mod, data, n):
    class Shards(data.IterableDataset):
        def __iter__(self):
            info = data.get_worker_info()
            return iter(range(info.id, n, info.num_workers)) if info is not None else iter(range(n))

    return Shards()


@needs_torch
def test_collate_matches_torch():
    samples = [
        [1.5, 2],
        [1, 2],
        [True, False],
        [(1, "a"), (2, "b")],
        [{"a": 1, "b": np.float32(2.0)}, {"a": 3, "b": np.float32(4.0)}],
        [np.array([1, 2], dtype=np.int32)] * 2,
        [np.float64(1.0), np.float64(2.0)],
        [[1, 2], [3, 4]],
    ]
    for batch in samples:
        t = TD.default_collate(batch)
        e = D.default_collate(batch)
        assert repr(e) == repr(t)
