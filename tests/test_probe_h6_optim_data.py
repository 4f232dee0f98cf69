"""Probe fixes in optimizers, data loading and serialization (helper h6).

Covers: ``torch.optim.SparseAdam`` (construction checks, repr, dense-gradient
error), SGD on complex parameters (complex arithmetic, each multiply and add
rounded separately), ``torch.utils.data.DistributedSampler`` and the
``torch.utils.data._utils.collate`` module path, the worker iterator's class
name, and the ``torch.serialization`` configuration helpers
(load endianness, CRC-32 and mmap options, ``get_unsafe_globals_in_checkpoint``).

Torch-free tests use hand-derived or recorded values; with PyTorch installed the
same programs run on both libraries and must agree exactly.
"""
from __future__ import annotations

import importlib
import io
import mmap

import numpy as np
import pytest

import ember
import ember.serialization as ser
from ember.utils import data as D

try:
    import torch
except Exception:  # pragma: no cover - torch is the optional oracle
    torch = None

needs_torch = pytest.mark.skipif(torch is None, reason="PyTorch (oracle) not installed")


def _outcome(fn):
    """(exception type name, message) or ('ok', repr of the result)."""
    try:
        return "ok", repr(fn())
    except Exception as e:  # noqa: BLE001 - comparing whatever is raised
        return type(e).__name__, str(e)


# --------------------------------------------------------------------------- SparseAdam
def _sparse_adam_cases(mod):
    w = mod.nn.Parameter(mod.ones(3))
    return [
        lambda: mod.optim.SparseAdam([w], lr=0),
        lambda: mod.optim.SparseAdam([w], eps=0),
        lambda: mod.optim.SparseAdam([w], betas=(1.0, 0.9)),
        lambda: mod.optim.SparseAdam([w], betas=(0.9, -0.1)),
        lambda: mod.optim.SparseAdam([w], lr=mod.tensor([0.1, 0.2])),
        lambda: mod.optim.SparseAdam([mod.nn.Parameter(mod.ones(2, dtype=mod.complex64))]),
        lambda: str(mod.optim.SparseAdam([{"params": [w], "lr": 0.5}], betas=(0.8, 0.9))),
        lambda: mod.optim.SparseAdam([w]).state_dict(),
    ]


def test_sparse_adam_repr_and_errors_golden():
    w = ember.nn.Parameter(ember.ones(3))
    opt = ember.optim.SparseAdam([w])
    assert str(opt) == ("SparseAdam (\nParameter Group 0\n    betas: (0.9, 0.999)\n    eps: 1e-08\n"
                        "    lr: 0.001\n    maximize: False\n)")
    with pytest.raises(ValueError, match=r"^Invalid learning rate: 0$"):
        ember.optim.SparseAdam([w], lr=0)
    w.grad = ember.ones(3)
    with pytest.raises(RuntimeError, match="^SparseAdam does not support dense gradients, please consider Adam "
                                           "instead$"):
        opt.step()
    w.grad = None
    assert opt.step(lambda: 3.5) == 3.5


@needs_torch
def test_sparse_adam_matches_torch():
    for t_case, e_case in zip(_sparse_adam_cases(torch), _sparse_adam_cases(ember)):
        assert _outcome(t_case) == _outcome(e_case)
    tw, ew = torch.nn.Parameter(torch.ones(2)), ember.nn.Parameter(ember.ones(2))
    tw.grad, ew.grad = torch.ones(2), ember.ones(2)
    assert _outcome(torch.optim.SparseAdam([tw]).step) == _outcome(ember.optim.SparseAdam([ew]).step)


# --------------------------------------------------------------------------- SGD on complex parameters
def _h(x: str) -> np.float32:
    return np.float32(float.fromhex(x))


def test_sgd_complex_rounds_each_operation_golden():
    """p - lr * g in complex64: the product is rounded before the sum (no fused multiply-add)."""
    p = np.array([complex(_h("-0x1.2009dp-2"), _h("-0x1.560a2cp-1"))], dtype=np.complex64)
    g = np.array([complex(_h("-0x1.0e1e58p+0"), _h("-0x1.902e22p-2"))], dtype=np.complex64)
    w = ember.nn.Parameter(ember.tensor(p))
    w.grad = ember.tensor(g)
    ember.optim.SGD([w], lr=0.1).step()
    got = w.detach().numpy()[0]
    assert got.real == _h("-0x1.67fb58p-3")  # a fused multiply-add would give -0x1.67fb5ap-3
    assert got.imag == _h("-0x1.4207dep-1")


def _sgd_complex_run(mod, kwargs, steps=6):
    rng = np.random.default_rng(5)
    init = (rng.standard_normal((3, 4)) + 1j * rng.standard_normal((3, 4))).astype(np.complex64)
    w = mod.nn.Parameter(mod.tensor(init))
    opt = mod.optim.SGD([w], **kwargs)
    for i in range(steps):
        with mod.no_grad():
            w.grad = w * 0.5 - 0.3 + i * 0.01
        opt.step()
    buf = opt.state[w].get("momentum_buffer")
    return w.detach().numpy().copy(), None if buf is None else buf.numpy().copy()


@needs_torch
@pytest.mark.parametrize("kwargs", [
    dict(lr=0.1),
    dict(lr=0.1, momentum=0.9, nesterov=True),
    dict(lr=0.1, momentum=0.5, dampening=0.3, weight_decay=0.1, maximize=True),
])
def test_sgd_complex_matches_torch(kwargs):
    tp, tb = _sgd_complex_run(torch, kwargs)
    ep, eb = _sgd_complex_run(ember, kwargs)
    assert np.array_equal(tp, ep)
    assert (tb is None and eb is None) or np.array_equal(tb, eb)


# --------------------------------------------------------------------------- DistributedSampler
def test_distributed_sampler_golden():
    ds = list(range(10))
    assert list(D.DistributedSampler(ds, num_replicas=3, rank=1, shuffle=False)) == [1, 4, 7, 0]
    s = D.DistributedSampler(ds, num_replicas=3, rank=0, seed=5)
    s.set_epoch(2)
    assert list(s) == [5, 4, 9, 2] and len(s) == 4  # recorded from PyTorch 2.13
    assert list(D.DistributedSampler(ds, num_replicas=3, rank=2, drop_last=True)) == [7, 9, 6]
    with pytest.raises(ValueError, match=r"^Invalid rank 3, rank should be in the interval \[0, 1\]$"):
        D.DistributedSampler(ds, num_replicas=2, rank=3)
    with pytest.raises(ValueError, match="^Default process group has not been initialized"):
        D.DistributedSampler(ds)
    from ember.utils.data.distributed import DistributedSampler
    assert DistributedSampler is D.DistributedSampler


@needs_torch
def test_distributed_sampler_matches_torch():
    from torch.utils.data.distributed import DistributedSampler as TS
    for n in (1, 2, 7, 10, 13):
        for replicas in (1, 2, 3, 5):
            for rank in range(replicas):
                for kw in (dict(shuffle=False), dict(seed=3), dict(drop_last=True), dict(drop_last=True, seed=9)):
                    t, e = TS(range(n), replicas, rank, **kw), D.DistributedSampler(range(n), replicas, rank, **kw)
                    t.set_epoch(4)
                    e.set_epoch(4)
                    assert list(t) == list(e) and len(t) == len(e)


# --------------------------------------------------------------------------- data module paths
def test_collate_module_path_and_custom_map():
    from ember.utils.data._utils.collate import collate, default_collate_fn_map

    class Point:
        def __init__(self, v):
            self.v = v

    def collate_point(batch, *, collate_fn_map=None):
        return [p.v for p in batch]

    fn_map = {**default_collate_fn_map, Point: collate_point}
    out = collate([(Point(1), ember.ones(1)), (Point(2), ember.zeros(1))], collate_fn_map=fn_map)
    assert out[0] == [1, 2]
    assert out[1].tolist() == [[1.0], [0.0]]
    assert D._utils.collate.default_collate is D.default_collate


def test_worker_iterator_class_name():
    loader = D.DataLoader(D.TensorDataset(ember.arange(4.0)), batch_size=2, num_workers=2)
    assert type(iter(loader)).__name__ == "_MultiProcessingDataLoaderIter"
    assert type(iter(D.DataLoader([1, 2]))).__name__ == "_SingleProcessDataLoaderIter"


# --------------------------------------------------------------------------- serialization helpers
class _Thing:
    def __init__(self):
        self.x = 1


def test_unsafe_globals_in_checkpoint():
    buf = io.BytesIO()
    ember.save({"t": ember.ones(2), "thing": _Thing()}, buf)
    buf.seek(0)
    assert ember.serialization.get_unsafe_globals_in_checkpoint(buf) == [f"{__name__}._Thing"]
    buf = io.BytesIO()
    ember.save({"m": ember.nn.Linear(2, 2)}, buf)  # pickles a set as __builtin__.set: allowed
    buf.seek(0)
    unsafe = ember.serialization.get_unsafe_globals_in_checkpoint(buf)
    assert len(unsafe) == 1 and unsafe[0].endswith(".nn.modules.linear.Linear")
    with ember.serialization.safe_globals([_Thing]):
        buf = io.BytesIO()
        ember.save([_Thing()], buf)
        buf.seek(0)
        assert ember.serialization.get_unsafe_globals_in_checkpoint(buf) == []
    with pytest.raises(ValueError, match="^Expected input to be a checkpoint returned by torch.save$"):
        ember.serialization.get_unsafe_globals_in_checkpoint(io.BytesIO(b"abc"))


def test_load_endianness_crc_mmap_options():
    S = ember.serialization
    assert S.get_default_load_endianness() is None
    with pytest.raises(TypeError, match="^Invalid argument type in function set_default_load_endianness$"):
        S.set_default_load_endianness("big")
    try:
        S.set_default_load_endianness(S.LoadEndianness.LITTLE)
        assert S.get_default_load_endianness() is S.LoadEndianness.LITTLE
    finally:
        S.set_default_load_endianness(None)
    assert [e.value for e in S.LoadEndianness] == [1, 2, 3]
    assert S.get_crc32_options() is True
    try:
        S.set_crc32_options(False)
        assert S.get_crc32_options() is False
        buf = io.BytesIO()
        ember.save(ember.arange(3.0), buf)
        buf.seek(0)
        assert ember.load(buf).tolist() == [0.0, 1.0, 2.0]
    finally:
        S.set_crc32_options(True)
    assert S.get_default_mmap_options() == mmap.MAP_PRIVATE
    with pytest.raises(ValueError, match="expected mmap.MAP_PRIVATE or mmap.MAP_SHARED, but got 5$"):
        S.set_default_mmap_options(5)
    with S.set_default_mmap_options(mmap.MAP_SHARED):
        assert S.get_default_mmap_options() == mmap.MAP_SHARED
    assert S.get_default_mmap_options() == mmap.MAP_PRIVATE
    assert issubclass(S.SourceChangeWarning, Warning)


def test_big_endian_fallback_without_byteorder_record():
    """A checkpoint with no ``byteorder`` record is read in the configured fallback byte order."""
    import zipfile
    src = io.BytesIO()
    ember.save(ember.tensor([1.0, 2.0]), src, _disable_byteorder_record=True)
    with zipfile.ZipFile(io.BytesIO(src.getvalue())) as zin:  # PyTorch 2.13 writes the record anyway (last)
        names = zin.namelist()
        assert names[-2:] == ["archive/byteorder", "archive/.data/serialization_id"]
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zout:
            for name in names:
                if not name.endswith("/byteorder"):
                    zout.writestr(name, zin.read(name))
    try:
        ser.set_default_load_endianness(ser.LoadEndianness.BIG)
        buf.seek(0)
        swapped = ember.load(buf)
    finally:
        ser.set_default_load_endianness(None)
    expected = np.array([1.0, 2.0], dtype=np.float32).byteswap()
    assert np.array_equal(swapped.numpy(), expected)
    buf.seek(0)
    assert ember.load(buf).tolist() == [1.0, 2.0]


@needs_torch
def test_serialization_helpers_match_torch(tmp_path):
    path = str(tmp_path / "c.pt")
    torch.save({"t": torch.ones(2), "m": torch.nn.Linear(2, 2)}, path)
    assert sorted(torch.serialization.get_unsafe_globals_in_checkpoint(path)) == \
        sorted(ember.serialization.get_unsafe_globals_in_checkpoint(path))
    for arg in ("big", 1, None):
        t = _outcome(lambda: torch.serialization.set_default_load_endianness(arg))
        e = _outcome(lambda: ember.serialization.set_default_load_endianness(arg))
        assert t == e
    assert _outcome(lambda: torch.serialization.set_default_mmap_options(7)) == \
        _outcome(lambda: ember.serialization.set_default_mmap_options(7))


# --------------------------------------------------------------------------- torch.utils._pytree
def _pytree_program(mod):
    """Outputs of a pytree session (reprs and error messages) for one library."""
    import collections

    P = importlib.import_module(f"{mod.__name__}.utils._pytree")
    NT = collections.namedtuple("NT", "x y")
    out = []
    trees = [None, (1, [2, None], {"a": 3, "b": (4,)}), NT(1, 2), collections.deque([1, 2], maxlen=3),
             collections.defaultdict(int, a=1), collections.OrderedDict(b=2, a=1), (), {}, (1,), mod.Size([2, 3])]
    for tree in trees:
        leaves, spec = P.tree_flatten(tree)
        out.append((repr(leaves), repr(spec), spec.num_leaves, spec.num_nodes, spec.num_children,
                    P.treespec_pprint(spec), repr(P.tree_unflatten(leaves, spec))))
    spec = P.tree_structure([1, (2, 3)])
    out.append(_outcome(lambda: P.tree_unflatten([1, 2], spec)))
    out.append(_outcome(lambda: P.tree_unflatten([1, 2, 3], [1])))
    add = lambda a, b: a + b  # noqa: E731
    out.append(_outcome(lambda: P.tree_map(add, [1, (2, 3)], [10, (20, 30)])))
    out.append(_outcome(lambda: P.tree_map(add, [1, (2, 3)], [10, [20, 30]])))
    out.append(_outcome(lambda: P.tree_map(add, [1, (2, 3)], [10, (20, 30, 4)])))
    out.append(_outcome(lambda: P.tree_map(add, {"a": 1}, collections.OrderedDict(a=5))))
    out.append(_outcome(lambda: P.tree_map(add, {"a": 1, "b": 2}, {"a": 1, "c": 2})))
    out.append(repr(P.tree_map_only((int, float), lambda x: -x, [1, "a", 2.0])))
    out.append((P.tree_all(lambda x: x > 0, [1, (2,)]), P.tree_any(lambda x: x > 5, [1, (2,)])))
    out.append(repr(P.tree_flatten_with_path({"a": [1, (2,)], "n": NT(3, 4)})))
    out.append(repr(P.tree_map_with_path(lambda p, x: P.keystr(p), {"a": [1, (2,)], "n": NT(3, 4)})))
    out.append(repr(P.tree_flatten(mod.max(mod.ones(2, 2), 0))[1]))
    return out


def test_pytree_golden():
    import collections

    P = importlib.import_module("ember.utils._pytree")
    leaves, spec = P.tree_flatten((1, [2, None], {"a": 3, "b": (4,)}))
    assert leaves == [1, 2, None, 3, 4]
    assert repr(spec) == ("TreeSpec(tuple, None, [*,\n  TreeSpec(list, None, [*,\n    *]),\n"
                          "  TreeSpec(dict, ['a', 'b'], [*,\n    TreeSpec(tuple, None, [*])])])")
    assert P.treespec_pprint(spec) == "(*, [*, *], {'a': *, 'b': (*,)})"
    assert P.tree_unflatten([5, 6, 7, 8, 9], spec) == (5, [6, 7], {"a": 8, "b": (9,)})
    assert P.tree_flatten(ember.Size([2, 3]))[1].unflatten([4, 5]) == (4, 5)
    dd = P.tree_flatten(collections.defaultdict(int, a=1))[1]
    assert repr(dd) == "TreeSpec(defaultdict, [<class 'int'>, ['a']], [*])"
    with pytest.raises(ValueError, match=r"^Node keys mismatch; missing key\(s\): \{'b'\}; extra key\(s\): "
                                         r"\{'c'\}\.$"):
        P.tree_map(lambda a, b: a, {"a": 1, "b": 2}, {"a": 1, "c": 2})
    assert P.keystr(P.tree_flatten_with_path({"a": [1, (2,)]})[0][1][0]) == "['a'][1][0]"

    class Point:
        def __init__(self, x, y):
            self.x, self.y = x, y

    P.register_pytree_node(Point, lambda p: ([p.x, p.y], None), lambda xs, ctx: Point(*xs))
    moved = P.tree_map(lambda v: v * 10, Point(1, 2))
    assert (moved.x, moved.y) == (10, 20)
    with pytest.raises(ValueError, match="is already registered as pytree node"):
        P.register_pytree_node(Point, lambda p: ([p.x, p.y], None), lambda xs, ctx: Point(*xs))
    with pytest.warns(FutureWarning, match="LeafSpec"):
        assert repr(P.LeafSpec()) == "*"


@needs_torch
def test_pytree_matches_torch():
    assert _pytree_program(torch) == _pytree_program(ember)


# --------------------------------------------------------------------------- Muon
def test_muon_golden():
    """Two Muon steps on a 2x3 matrix, recorded from PyTorch 2.13 (bfloat16 Newton-Schulz)."""
    w = ember.nn.Parameter((ember.arange(6.0).reshape(2, 3) - 2.5) / 4)
    opt = ember.optim.Muon([w], lr=0.1)
    for i in range(2):
        w.grad = w.detach() * w.detach() - 0.1 * i
        opt.step()
    expected_w = [[-0.7901288866996765, -0.4209164083003998, -0.12065520882606506],
                  [0.1257125735282898, 0.31357264518737793, 0.43929290771484375]]
    expected_buf = [[0.03902106359601021, 0.009858804754912853, -0.003474639030173421],
                    [-0.0035093834158033133, 0.007393472362309694, 0.02727448008954525]]
    assert w.detach().tolist() == expected_w
    assert opt.state[w]["momentum_buffer"].tolist() == expected_buf
    assert str(ember.optim.Muon([w])).splitlines()[2:4] == ["    adjust_lr_fn: None", "    eps: 1e-07"]
    with pytest.raises(ValueError, match=r"^Muon only supports 2D parameters whereas we found a parameter with "
                                         r"size: torch.Size\(\[3\]\)$"):
        ember.optim.Muon([ember.nn.Parameter(ember.ones(3))])


def _muon_run(mod, kwargs, shapes, steps=6):
    rng = np.random.default_rng(0)
    params = [mod.nn.Parameter(mod.tensor(rng.standard_normal(s).astype(np.float32))) for s in shapes]
    opt = mod.optim.Muon(params, **kwargs)
    for i in range(steps):
        for p in params:
            with mod.no_grad():
                p.grad = p * p * 0.3 - 0.1 * i
        opt.step()
    return [p.detach().numpy() for p in params], str(opt), repr(opt.state_dict()["param_groups"])


@needs_torch
@pytest.mark.parametrize("kwargs", [dict(), dict(lr=0.02, nesterov=False),
                                    dict(adjust_lr_fn="match_rms_adamw", weight_decay=0.0),
                                    dict(ns_steps=3, momentum=0.5)])
def test_muon_matches_torch(kwargs):
    t_params, t_repr, t_groups = _muon_run(torch, kwargs, [(3, 5), (6, 2), (4, 4)])
    e_params, e_repr, e_groups = _muon_run(ember, kwargs, [(3, 5), (6, 2), (4, 4)])
    assert t_repr == e_repr and t_groups == e_groups
    for a, b in zip(t_params, e_params):
        assert np.array_equal(a, b)


# --------------------------------------------------------------------------- worker exceptions
class _FailingDataset(D.Dataset):
    def __len__(self):
        return 6

    def __getitem__(self, i):
        if i == 3:
            raise KeyError("bad key")
        if i == 5:
            raise ValueError("five")
        return i


def _worker_failures(mod_data):
    out = []
    it = iter(mod_data.DataLoader(_FailingDataset(), batch_size=2, num_workers=2))
    while True:
        try:
            out.append(repr(next(it)))
        except StopIteration:  # exhausted: PyTorch's worker processes shut down at once
            return out
        except Exception as e:  # noqa: BLE001 - comparing what is raised
            out.append((type(e).__name__, str(e).splitlines()[0], repr(e).splitlines()[0]))


def test_worker_exception_is_wrapped_golden():
    out = _worker_failures(D)
    assert out[0] == "tensor([0, 1])"
    assert out[1] == ("KeyError", "Caught KeyError in DataLoader worker process 1.",
                      "KeyError(Caught KeyError in DataLoader worker process 1.")
    assert out[2][:2] == ("ValueError", "Caught ValueError in DataLoader worker process 0.")
    loader = D.DataLoader(_FailingDataset(), batch_size=2, num_workers=0)
    with pytest.raises(KeyError, match="^'bad key'$"):
        list(loader)


@needs_torch
def test_worker_exception_matches_torch():
    _FailingDataset.__bases__ = (torch.utils.data.Dataset,)
    try:
        expected = _worker_failures(torch.utils.data)
    finally:
        _FailingDataset.__bases__ = (D.Dataset,)
    got = _worker_failures(D)
    assert expected[:2] == got[:2]
    assert expected[2][:2] == got[2][:2]  # its repr holds the worker traceback, whose file paths differ


def test_optim_submodules_are_not_package_attributes():
    """``torch.optim.adam`` raises AttributeError in PyTorch (its __init__ deletes the submodule names)."""
    with pytest.raises(AttributeError, match="^module 'torch.optim' has no attribute 'adam'$"):
        ember.optim.adam  # noqa: B018
    from ember.optim.optimizer import Optimizer, required
    assert repr(required) == "<required parameter>" and Optimizer is ember.optim.Optimizer
    assert ember.optim.lr_scheduler.StepLR is not None and ember.optim.swa_utils.SWALR is not None


# --------------------------------------------------------------------------- load/save argument handling
def _pickled_thing():
    buf = io.BytesIO()
    ember.save({"thing": _Thing(), "t": ember.ones(1)}, buf)
    buf.seek(0)
    return buf


def test_explicit_pickle_module_defaults_weights_only_false():
    import pickle

    assert type(ember.load(_pickled_thing(), pickle_module=pickle)["thing"]).__name__ == "_Thing"
    with pytest.raises(RuntimeError, match="^Can not safely load weights when explicit pickle_module is "
                                           "specified$"):
        ember.load(_pickled_thing(), pickle_module=pickle, weights_only=True)


def test_weights_only_environment_overrides(monkeypatch):
    import pickle

    monkeypatch.setenv("TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD", "1")
    with pytest.warns(UserWarning, match="since the`weights_only` argument was not explicitly passed"):
        assert type(ember.load(_pickled_thing())["thing"]).__name__ == "_Thing"
    with pytest.raises(pickle.UnpicklingError):
        ember.load(_pickled_thing(), weights_only=True)  # an explicit choice wins over FORCE_NO
    monkeypatch.setenv("TORCH_FORCE_WEIGHTS_ONLY_LOAD", "yes")
    with pytest.raises(RuntimeError, match="^Only one of `TORCH_FORCE_WEIGHTS_ONLY_LOAD`"):
        ember.load(_pickled_thing())
    monkeypatch.delenv("TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD")
    with pytest.raises(pickle.UnpicklingError):
        ember.load(_pickled_thing(), weights_only=False)  # FORCE wins even over an explicit False


def test_save_to_text_file_fails_like_torch(tmp_path):
    with open(tmp_path / "t.pt", "w") as text_file:
        with pytest.raises(TypeError, match="^write\\(\\) argument must be str, not memoryview$"):
            ember.save(ember.ones(2), text_file)
    with open(tmp_path / "b.pt", "wb") as binary_file:
        ember.save(ember.ones(2), binary_file)
    assert ember.load(tmp_path / "b.pt").tolist() == [1.0, 1.0]


@needs_torch
def test_load_argument_handling_matches_torch(tmp_path):
    import pickle

    path = str(tmp_path / "x.pt")
    torch.save({"t": torch.arange(3)}, path)
    assert repr(torch.load(path, pickle_module=pickle)) == repr(ember.load(path, pickle_module=pickle))
    with open(tmp_path / "t.pt", "w") as text_file:
        t = _outcome(lambda: torch.save(torch.ones(2), text_file))
    with open(tmp_path / "e.pt", "w") as text_file:
        e = _outcome(lambda: ember.save(ember.ones(2), text_file))
    assert t == e


def _failing_init(worker_id):
    if worker_id == 1:
        raise RuntimeError("init failed")


def test_worker_init_failure_reported_with_first_batch():
    it = iter(D.DataLoader(list(range(8)), batch_size=2, num_workers=2, worker_init_fn=_failing_init))
    assert next(it).tolist() == [0, 1]
    with pytest.raises(RuntimeError, match="^Caught RuntimeError in DataLoader worker process 1.\nOriginal "
                                           "Traceback"):
        next(it)


# --------------------------------------------------------------------------- fused=True (CPU fused kernels)
def _fused_trajectory(mod, name, kwargs, fused, steps=20, square=True):
    w = mod.nn.Parameter((mod.arange(11.0) - 4) / 3)
    opt = getattr(mod.optim, name)([w], fused=fused, **kwargs)
    for i in range(steps):
        with mod.no_grad():
            w.grad = (w * w * 0.3 if square else w * 0.3) - 0.1 * i
        opt.step()
    return w.detach(), opt.state[w]


# Recorded from PyTorch 2.13 (AVX2 CPU) with fused=True.
_FUSED_GOLDEN = [
    ("Adam", dict(lr=0.1, weight_decay=0.1),
     [-3.381850004196167, -0.6994965076446533, 0.8177834153175354, 1.5333209037780762, 1.896085262298584,
      1.9809958934783936, 1.9586355686187744, 1.8626704216003418, 1.72971510887146, 1.5921872854232788,
      1.4857218265533447]),
    ("AdamW", dict(lr=0.05, amsgrad=True),
     [-1.719502329826355, -0.7836611270904541, -0.04038933292031288, 0.5219392776489258, 0.9469877481460571,
      1.1957874298095703, 1.3696942329406738, 1.4714232683181763, 1.5321182012557983, 1.5763003826141357,
      1.6368480920791626]),
    ("Adagrad", dict(lr=0.1, weight_decay=0.1),
     [-1.0708810091018677, -0.35194632411003113, 0.24327409267425537, 0.6392297148704529, 1.0585460662841797,
      1.2678916454315186, 1.4275020360946655, 1.5311949253082275, 1.6133559942245483, 1.695926547050476,
      1.8089919090270996]),
]


@pytest.mark.parametrize("name,kwargs,expected", _FUSED_GOLDEN)
def test_fused_cpu_kernels_golden(name, kwargs, expected):
    fused, _ = _fused_trajectory(ember, name, kwargs, True)
    assert fused.tolist() == expected


def test_fused_sgd_float16_vector_part_is_not_stored_golden():
    """PyTorch 2.13's fused SGD Half kernel never stores the parameter in its vector loop: only the
    elements past the last whole 16-element vector move."""
    w = ember.nn.Parameter(ember.ones(20, dtype=ember.float16))
    w.grad = ember.ones(20, dtype=ember.float16)
    ember.optim.SGD([w], lr=0.1, fused=True).step()
    assert w.detach().tolist() == [1.0] * 16 + [0.89990234375] * 4


def test_fused_sgd_momentum_buffer_golden():
    expected = [-2.982346534729004, -2.9179537296295166, -2.853560447692871, -2.7891671657562256,
                -2.724774122238159, -2.6603808403015137, -2.5959877967834473, -2.5315942764282227,
                -2.4672012329101562, -2.4028079509735107, -2.3384149074554443]
    kwargs = dict(lr=0.1, momentum=0.7, dampening=0.2)
    _, state = _fused_trajectory(ember, "SGD", kwargs, True, square=False)
    assert state["momentum_buffer"].tolist() == expected
    _, unfused_state = _fused_trajectory(ember, "SGD", kwargs, None, square=False)
    assert unfused_state["momentum_buffer"].tolist() != expected  # the fused kernel rounds differently


def _fused_random_run(mod, name, kwargs, n, dtype, steps=6):
    rng = np.random.default_rng(n)
    w = mod.nn.Parameter(mod.tensor(rng.standard_normal(n).astype(dtype)))
    opt = getattr(mod.optim, name)([w], fused=True, **kwargs)
    out = []
    for _ in range(steps):
        w.grad = mod.tensor(rng.standard_normal(n).astype(dtype))
        opt.step()
        out.append(w.detach().numpy().copy())
        out.extend(v.numpy().copy() for v in opt.state[w].values())
    return out


_ALL_FLOATS = (np.float32, np.float64, np.float16)


# float16 SGD with momentum is left out: PyTorch 2.13's Half vector loop reads the momentum buffer
# as float32 memory, so its buffer holds garbage there (the parameters still agree).
@needs_torch
@pytest.mark.parametrize("name,kwargs,dtypes", [
    ("Adam", dict(lr=0.01, weight_decay=0.1, amsgrad=True, maximize=True), _ALL_FLOATS),
    ("AdamW", dict(lr=0.01, betas=(0.2, 0.7)), _ALL_FLOATS),
    ("SGD", dict(lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.01), (np.float32, np.float64)),
    ("SGD", dict(lr=0.1, momentum=0.5, dampening=0.5, maximize=True), (np.float32, np.float64)),
    ("SGD", dict(lr=0.1, weight_decay=0.01, maximize=True), _ALL_FLOATS),
    ("Adagrad", dict(lr=0.1, lr_decay=0.01, weight_decay=0.1, initial_accumulator_value=0.3), _ALL_FLOATS),
])
def test_fused_cpu_kernels_match_torch(name, kwargs, dtypes):
    for dtype in dtypes:
        for n in (1, 7, 8, 17, 100):
            expected = _fused_random_run(torch, name, kwargs, n, dtype)
            got = _fused_random_run(ember, name, kwargs, n, dtype)
            assert all(np.array_equal(a, b) for a, b in zip(expected, got)), (dtype, n)


class _InfoDataset(D.Dataset):
    def __len__(self):
        return 1

    def __getitem__(self, i):
        import dataclasses

        info = D.get_worker_info()
        with pytest.raises(dataclasses.FrozenInstanceError, match="^cannot assign to field 'id'$"):
            info.id = 5
        return info.id


def test_worker_info_is_a_frozen_dataclass():
    assert [b.tolist() for b in D.DataLoader(_InfoDataset(), num_workers=1)] == [[0]]


def test_unserializable_hook_marks_the_function():
    from ember.utils.hooks import unserializable_hook

    def hook(grad):
        return grad

    assert unserializable_hook(hook) is hook and hook.__torch_unserializable__ is True


def test_fused_rejects_complex_params_with_torch_device_list():
    c = ember.nn.Parameter(ember.ones(2, dtype=ember.complex64))
    c.grad = ember.ones(2, dtype=ember.complex64)
    with pytest.raises(RuntimeError, match=r"^`fused=True` requires all the params to be floating point Tensors of "
                                           r"supported devices: \['mps', 'cuda', 'xpu', 'hpu', 'cpu', 'mtia', "
                                           r"'privateuseone'\] but torch.complex64 and cpu$"):
        ember.optim.Adam([c], fused=True).step()


def test_step_pre_hook_replacing_all_args_fails_like_torch():
    """A pre-hook's (args, kwargs) replace step's arguments, ``self`` included (PyTorch: IndexError)."""
    w = ember.nn.Parameter(ember.ones(2))
    opt = ember.optim.Adam([w])
    opt.register_step_pre_hook(lambda o, args, kwargs: ((), {}))
    with pytest.raises(IndexError, match="^tuple index out of range$"):
        opt.step()
