"""ember.save / ember.load (PyTorch's checkpoint formats) and safetensors files.

The committed fixtures in ``tests/golden`` were written by real PyTorch
(``tests/golden/make_checkpoints.py``), so the torch-free tests prove ember
reads PyTorch's files; tests marked ``needs_torch`` also check the other
direction live against PyTorch when it is installed.
"""
from __future__ import annotations

import argparse
import collections
import copy
import io
import os
import pathlib
import pickle
import stat
import struct
import subprocess
import sys
import zipfile

import numpy as np
import pytest

import ember
import ember.serialization as S
from ember.nn.parameter import Parameter

GOLDEN = pathlib.Path(__file__).parent / "golden"
ROOT = pathlib.Path(__file__).parent.parent

try:
    import torch
except ImportError:  # pragma: no cover - depends on the environment
    torch = None
needs_torch = pytest.mark.skipif(torch is None, reason="PyTorch not installed")

try:
    import safetensors  # noqa: F401
    import safetensors.numpy as st_numpy
except ImportError:  # pragma: no cover
    st_numpy = None
needs_safetensors = pytest.mark.skipif(st_numpy is None, reason="safetensors not installed")


@pytest.fixture(scope="module")
def expected():
    with np.load(GOLDEN / "checkpoints_expected.npz", allow_pickle=False) as z:
        return {k: z[k] for k in z.files}


def _flatten(prefix, obj, out):
    if isinstance(obj, ember.Tensor):
        out[prefix] = obj
    elif isinstance(obj, dict):
        for k, v in obj.items():
            _flatten(f"{prefix}/{k}", v, out)
    elif isinstance(obj, (list, tuple)):
        for i, v in enumerate(obj):
            _flatten(f"{prefix}/{i}", v, out)
    return out


def _check_against(expected, prefix, loaded):
    got = _flatten(prefix, loaded, {})
    want = {k: v for k, v in expected.items() if k.startswith(prefix + "/")}
    assert set(got) == set(want)
    for k, arr in want.items():
        t = got[k]
        assert t.dtype.np == arr.dtype, k
        assert tuple(t.shape) == arr.shape, k
        np.testing.assert_array_equal(t.detach().numpy(), arr, err_msg=k)


def _shares(a, b) -> bool:
    return np.shares_memory(a.detach().numpy(), b.detach().numpy())


# ----------------------------------------------------------------------------- PyTorch-written fixtures
def test_golden_checkpoint_values_dtypes_and_objects(expected):
    r = ember.load(GOLDEN / "torch_checkpoint.pt")
    _check_against(expected, "checkpoint", r)
    assert list(r["dtypes"]) == [f"torch.{n}" for n in ("float16", "float32", "float64", "int8", "int16", "int32",
                                                        "int64", "uint8", "bool", "complex64", "complex128")]
    assert type(r["dtypes"]) is collections.OrderedDict
    assert r["dtype"] is ember.float16
    assert type(r["size"]) is ember.Size and r["size"] == (2, 3, 4)
    assert r["device"] == ember.device("cpu")
    n = r["nested"]
    assert n["list"] == [1, 2.5, "three", None, True] and n["tuple"] == (1, (2, 3)) and n["set"] == {1, 2}
    assert n["bytes"] == b"\x00\xffdata" and n["complex"] == 1 - 2j and n["big"] == 2 ** 70
    assert np.isnan(n["nan"]) and n["unicode"] == "h\u00e9llo \u2603"
    assert r["scalar"].dim() == 0 and r["scalar"].item() == 7.5 and r["scalar"].dtype is ember.float64


def test_golden_checkpoint_views_share_storage():
    r = ember.load(GOLDEN / "torch_checkpoint.pt")
    base = r["base"]
    assert r["transposed"].stride() == (1, 6)
    assert r["strided"].stride() == (12, 3)
    assert r["expanded"].stride() == (0, 1)
    for name in ("transposed", "column", "strided"):
        assert _shares(base, r[name]), name
    assert _shares(r["shared_a"], r["shared_b"])
    base[0, 2] = 100.0  # a write through one view is seen by the others, as in PyTorch
    assert r["column"][0].item() == 100.0 and r["transposed"][2, 0].item() == 100.0
    r["shared_b"][0] = -1
    assert r["shared_a"][2].item() == -1


def test_golden_checkpoint_parameters_and_requires_grad():
    r = ember.load(GOLDEN / "torch_checkpoint.pt")
    assert isinstance(r["param"], Parameter) and r["param"].requires_grad
    assert type(r["needs_grad"]) is ember.Tensor and r["needs_grad"].requires_grad and r["needs_grad"].is_leaf
    assert not r["base"].requires_grad
    (r["param"] * 2).sum().backward()
    np.testing.assert_array_equal(r["param"].grad.numpy(), np.full((2, 2), 2.0, np.float32))


def test_golden_legacy_format(expected):
    r = ember.load(GOLDEN / "torch_legacy.pt")
    _check_against(expected, "legacy", r)
    assert _shares(r["x"], r["view"])
    assert isinstance(r["p"], Parameter)
    assert r["meta"] == {"epoch": 4, "lr": 0.1}


def test_golden_train_state(expected):
    r = ember.load(GOLDEN / "torch_train_state.pt")
    _check_against(expected, "train", r)
    sd = r["model"]
    assert type(sd) is collections.OrderedDict
    assert list(sd) == ["0.weight", "0.bias", "2.weight", "2.bias"]
    assert sd._metadata[""] == {"version": 1}
    groups = r["optim"]["param_groups"]
    assert groups[0]["betas"] == (0.9, 0.999) and groups[0]["params"] == [0, 1, 2, 3]
    assert r["optim"]["state"][0]["step"].item() == 1.0 and r["epoch"] == 3


def test_golden_optimizer_state_loads_into_ember_optimizer():
    r = ember.load(GOLDEN / "torch_train_state.pt")
    params = [Parameter(r["model"][k].clone()) for k in r["model"]]
    opt = ember.optim.Adam(params, lr=0.5)
    opt.load_state_dict(r["optim"])
    assert opt.param_groups[0]["lr"] == 0.01
    np.testing.assert_array_equal(opt.state[params[3]]["exp_avg"].numpy(),
                                  r["optim"]["state"][3]["exp_avg"].numpy())


def test_golden_files_load_without_torch(tmp_path):
    """ember never imports torch: load the fixtures with ``import torch`` made impossible."""
    code = f"""
import sys
sys.modules['torch'] = None  # any 'import torch' now raises ImportError
sys.path.insert(0, {str(ROOT)!r})
import ember
for name in ('torch_checkpoint.pt', 'torch_legacy.pt', 'torch_train_state.pt'):
    ember.load({str(GOLDEN)!r} + '/' + name)
ember.load_file({str(GOLDEN)!r} + '/torch_tensors.safetensors')
ember.save({{'x': ember.ones(2)}}, {str(tmp_path / 'x.pt')!r})
assert ember.load({str(tmp_path / 'x.pt')!r})['x'].tolist() == [1.0, 1.0]
print('ok')
"""
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "ok"


# ------------------------------------------------------------------------------------------ round trips
ALL_DTYPES = [ember.float16, ember.float32, ember.float64, ember.int8, ember.int16, ember.int32, ember.int64,
              ember.uint8, ember.bool, ember.complex64, ember.complex128]


def _sample(dt):
    if dt is ember.bool:
        return ember.tensor([[True, False, True], [False, False, True]])
    return ember.arange(6).reshape(2, 3).to(dt) - (0 if dt is ember.uint8 else 2)


def _roundtrip(obj, **load_kw):
    buf = io.BytesIO()
    ember.save(obj, buf)
    buf.seek(0)
    return ember.load(buf, **load_kw)


@pytest.mark.parametrize("dt", ALL_DTYPES, ids=lambda d: d.name)
def test_roundtrip_dtypes(dt):
    x = _sample(dt)
    r = _roundtrip({"x": x, "t": x.t(), "s": x[1, 2]})
    for k, want in (("x", x), ("t", x.t()), ("s", x[1, 2])):
        assert r[k].dtype is dt and r[k].shape == want.shape
        np.testing.assert_array_equal(r[k].numpy(), want.numpy())


def test_roundtrip_views_shared_storage_and_scalars():
    base = ember.arange(20, dtype=ember.float32).reshape(4, 5)
    scalar = ember.tensor(2.5)  # 0-d tensors hold a NumPy scalar internally
    obj = [base, base.t(), base[1:3, ::2], base[:, 4], base.unsqueeze(0).expand(3, 4, 5), scalar, scalar,
           ember.zeros(0, 3), ember.tensor(3)]
    r = _roundtrip(obj)
    for a, b in zip(obj, r):
        assert a.shape == b.shape and a.dtype is b.dtype
        np.testing.assert_array_equal(a.numpy(), b.numpy())
    assert r[1].stride() == (1, 5) and r[2].stride() == (5, 2) and r[4].stride() == (0, 5, 1)
    for v in r[1:5]:
        assert _shares(r[0], v)
    assert r[5] is r[6]  # the same object stays the same object
    r[0][1, 0] = 42.0
    assert r[2][0, 0].item() == 42.0 and r[1][0, 1].item() == 42.0


def test_roundtrip_flipped_and_numpy_views():
    a = np.arange(12.0).reshape(3, 4)
    t = ember.from_numpy(a)
    from ember._tensor import _from_data  # (from_numpy refuses negative strides, as in PyTorch)
    flipped = _from_data(a[::-1])  # negative strides: saved as a contiguous copy
    r = _roundtrip({"t": t, "flip": flipped, "col": ember.from_numpy(a[:, 1])})
    np.testing.assert_array_equal(r["flip"].numpy(), a[::-1])
    assert _shares(r["t"], r["col"]) and not _shares(r["t"], r["flip"])


def test_roundtrip_parameters_grad_flags_and_containers():
    p = Parameter(ember.ones(2, 2))
    frozen = Parameter(ember.zeros(3), requires_grad=False)
    leaf = ember.tensor([1.0, 2.0], requires_grad=True)
    nonleaf = leaf * 3
    od = collections.OrderedDict(w=p, b=frozen)
    od._metadata = collections.OrderedDict({"": {"version": 1}})
    obj = {"sd": od, "leaf": leaf, "nonleaf": nonleaf, "same": [p, p], "size": ember.Size([1, 2]),
           "dtypes": [ember.float64, ember.bool], "dev": ember.device("cpu"),
           "misc": {"s": {1, 2}, "c": 2j, "b": b"xyz", "ba": bytearray(b"q"), "n": None, "t": (1, "a")}}
    r = _roundtrip(obj)
    assert isinstance(r["sd"]["w"], Parameter) and r["sd"]["w"].requires_grad
    assert isinstance(r["sd"]["b"], Parameter) and not r["sd"]["b"].requires_grad
    assert r["sd"]._metadata == {"": {"version": 1}}
    assert r["leaf"].requires_grad and r["leaf"].is_leaf
    assert r["nonleaf"].requires_grad and r["nonleaf"].is_leaf and r["nonleaf"].tolist() == [3.0, 6.0]
    assert r["same"][0] is r["same"][1] is r["sd"]["w"]
    assert type(r["size"]) is ember.Size and r["dtypes"] == [ember.float64, ember.bool]
    assert r["dev"] == ember.device("cpu")
    assert r["misc"] == obj["misc"]


def test_numpy_scalars_pickle_as_numpy_like_pytorch():
    """NumPy scalars stay NumPy scalars: a weights_only load refuses their global, as PyTorch 2.6+ does."""
    obj = {"np": [np.float32(1.5), np.int64(3), np.bool_(True), np.float64(0.25)]}
    with pytest.raises(pickle.UnpicklingError, match=r"GLOBAL numpy\._?core\.multiarray\.scalar was not an allowed"):
        _roundtrip(obj)
    r = _roundtrip(obj, weights_only=False)
    assert r["np"] == [1.5, 3, True, 0.25]
    assert [type(v) for v in r["np"]] == [np.float32, np.int64, np.bool_, np.float64]


def test_roundtrip_optimizer_state():
    params = [Parameter(ember.randn(4, 3)), Parameter(ember.zeros(4))]
    opt = ember.optim.Adam(params, lr=0.01)
    (params[0].sum() * 2 + params[1].pow(2).sum()).backward()
    opt.step()
    r = _roundtrip({"params": params, "optim": opt.state_dict()})
    new = [Parameter(t.detach().clone()) for t in r["params"]]
    opt2 = ember.optim.Adam(new, lr=1.0)
    opt2.load_state_dict(r["optim"])
    assert opt2.param_groups[0]["lr"] == 0.01
    sd1, sd2 = opt.state_dict(), opt2.state_dict()
    assert sd1["param_groups"] == sd2["param_groups"]
    for i in sd1["state"]:
        for k, v in sd1["state"][i].items():
            np.testing.assert_array_equal(v.numpy(), sd2["state"][i][k].numpy())


def test_roundtrip_module_state_dict():
    nn = pytest.importorskip("ember.nn")
    if not hasattr(nn, "Linear") or not hasattr(nn, "Sequential"):
        pytest.skip("ember.nn.Linear/Sequential not available")
    model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
    r = _roundtrip(model.state_dict())
    model2 = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
    model2.load_state_dict(r)
    x = ember.randn(5, 3)
    np.testing.assert_array_equal(model(x).detach().numpy(), model2(x).detach().numpy())


def test_save_to_path_and_pathlike(tmp_path):
    p = tmp_path / "model.pt"
    ember.save({"a": ember.ones(3)}, p)
    ember.save({"a": ember.ones(3)}, str(tmp_path / "m2.pt"))
    assert ember.load(p)["a"].tolist() == [1.0, 1.0, 1.0]
    assert ember.load(str(tmp_path / "m2.pt"))["a"].tolist() == [1.0, 1.0, 1.0]
    names = zipfile.ZipFile(p).namelist()
    assert names[0] == "model/data.pkl" and "model/version" in names and "model/byteorder" in names
    with zipfile.ZipFile(p) as zf:  # storages start 64-byte aligned, like PyTorch's writer
        info = zf.getinfo("model/data/0")
        with open(p, "rb") as fh:
            fh.seek(info.header_offset)
            head = fh.read(30)
        n, e = struct.unpack("<HH", head[26:30])
        assert (info.header_offset + 30 + n + e) % 64 == 0


def test_zip64_records_stay_aligned(tmp_path, monkeypatch):
    """Storages over 4 GiB get zip64 headers; force that path with a tiny limit and check alignment."""
    monkeypatch.setattr(zipfile, "ZIP64_LIMIT", 100)
    p = tmp_path / "big.pt"
    obj = {"a": ember.arange(64.0), "b": ember.ones(3, dtype=ember.int8)}
    ember.save(obj, p)
    with zipfile.ZipFile(p) as zf, open(p, "rb") as fh:
        for name in ("big/data/0", "big/data/1"):
            info = zf.getinfo(name)
            fh.seek(info.header_offset)
            head = fh.read(30)
            n, e = struct.unpack("<HH", head[26:30])
            assert (info.header_offset + 30 + n + e) % 64 == 0, name
    monkeypatch.undo()
    r = ember.load(p)
    assert r["a"].tolist() == list(map(float, range(64))) and r["b"].tolist() == [1, 1, 1]
    if torch is not None:
        assert torch.load(p, weights_only=True)["a"].tolist() == r["a"].tolist()


def test_legacy_format_roundtrip():
    x = ember.arange(6, dtype=ember.int16)
    obj = {"x": x, "v": x[2:], "p": Parameter(ember.ones(2)), "k": [1, "a"]}
    buf = io.BytesIO()
    ember.save(obj, buf, _use_new_zipfile_serialization=False)
    assert not buf.getvalue().startswith(b"PK")
    buf.seek(0)
    r = ember.load(buf)
    assert r["x"].tolist() == list(range(6)) and r["v"].tolist() == [2, 3, 4, 5] and _shares(r["x"], r["v"])
    assert isinstance(r["p"], Parameter) and r["k"] == [1, "a"]


def test_plain_pickle_and_copy():
    t = ember.tensor([1.0, 2.0], requires_grad=True)
    r = pickle.loads(pickle.dumps(t))
    assert r.tolist() == [1.0, 2.0] and r.requires_grad and r.is_leaf
    p = Parameter(ember.ones(2))
    assert isinstance(pickle.loads(pickle.dumps(p)), Parameter)
    u = ember.arange(3.0)
    c = copy.copy(u)
    assert _shares(u, c)


# ------------------------------------------------------------------------------------------- map_location
@pytest.fixture(params=[False, True], ids=["zip", "legacy"])
def cuda_file(tmp_path, monkeypatch, request):
    """A checkpoint whose storages are tagged 'cuda:0' (as if saved from a GPU)."""
    orig = S._StorageTable._new
    monkeypatch.setattr(S._StorageTable, "_new",
                        lambda self, dtype, data, location, group=None: orig(self, dtype, data, "cuda:0", group))
    p = tmp_path / "gpu.pt"
    ember.save({"w": ember.arange(4.0)}, p, _use_new_zipfile_serialization=not request.param)
    monkeypatch.setattr(S._StorageTable, "_new", orig)
    return p


@pytest.mark.skipif(ember.cuda.is_available(), reason="checks the CPU-only error")
def test_map_location_cuda_file_on_cpu_machine(cuda_file):
    with pytest.raises(RuntimeError, match="Attempting to deserialize object on a CUDA device"):
        ember.load(cuda_file)
    with pytest.raises(RuntimeError, match="Attempting to deserialize object on a CUDA device"):
        ember.load(cuda_file, map_location=lambda storage, loc: None)
    seen = []

    def fn(storage, loc):
        seen.append((loc, storage.nbytes()))
        return storage

    for ml in ("cpu", ember.device("cpu"), {"cuda:0": "cpu"}, fn):
        assert ember.load(cuda_file, map_location=ml)["w"].tolist() == [0.0, 1.0, 2.0, 3.0]
    assert seen == [("cuda:0", 16)]


@needs_torch
def test_map_location_file_loads_in_torch(cuda_file):
    assert torch.load(cuda_file, map_location="cpu", weights_only=True)["w"].tolist() == [0.0, 1.0, 2.0, 3.0]


def test_mmap_load(tmp_path):
    p = tmp_path / "m.pt"
    ember.save({"a": ember.arange(8.0), "b": ember.ones(2, 2, dtype=ember.int64)}, p)
    before = p.read_bytes()
    r = ember.load(p, mmap=True)
    assert r["a"].tolist() == list(map(float, range(8))) and r["b"].tolist() == [[1, 1], [1, 1]]
    r["a"][0] = 99.0  # copy-on-write: the tensor changes, the file does not
    assert r["a"][0].item() == 99.0 and p.read_bytes() == before
    with pytest.raises(ValueError, match="file path"):
        ember.load(io.BytesIO(before), mmap=True)


# --------------------------------------------------------------------------------------- interop w/ torch
def _torch_check(t_ember, t_torch):
    assert str(t_torch.dtype) == str(t_ember.dtype)
    assert tuple(t_torch.shape) == tuple(t_ember.shape)
    if t_torch.numel():  # (strides of empty tensors are arbitrary)
        assert tuple(t_torch.stride()) == tuple(t_ember.stride())
    np.testing.assert_array_equal(t_torch.detach().numpy(), t_ember.detach().numpy())


@needs_torch
@pytest.mark.parametrize("legacy", [False, True], ids=["zip", "legacy"])
def test_ember_saved_loads_in_torch(tmp_path, legacy):
    base = ember.arange(12, dtype=ember.float32).reshape(3, 4)
    obj = collections.OrderedDict()
    for dt in ALL_DTYPES:
        obj[dt.name] = _sample(dt)
        obj[dt.name + "_t"] = _sample(dt).t()
    obj.update(base=base, col=base[:, 1], tr=base.t(), scalar=ember.tensor(1.5), empty=ember.zeros(0, 2),
               exp=ember.ones(3).expand(2, 3), param=Parameter(ember.ones(2)), rg=ember.ones(2, requires_grad=True),
               size=ember.Size([3, 4]), dtype=ember.int8, device=ember.device("cpu"),
               misc={"s": {1}, "c": 1j, "b": b"ab", "l": [None, True, 2.5, "x"]})
    p = tmp_path / "e.pt"
    ember.save(obj, p, _use_new_zipfile_serialization=not legacy)
    r = torch.load(p, weights_only=True)
    assert list(r) == list(obj)
    for k, v in obj.items():
        if isinstance(v, ember.Tensor):
            _torch_check(v, r[k])
            assert r[k].requires_grad == v.requires_grad
    assert r["base"].untyped_storage().data_ptr() == r["col"].untyped_storage().data_ptr() \
        == r["tr"].untyped_storage().data_ptr()
    assert isinstance(r["param"], torch.nn.Parameter) and not isinstance(r["rg"], torch.nn.Parameter)
    assert r["size"] == torch.Size([3, 4]) and type(r["size"]) is torch.Size
    assert r["dtype"] is torch.int8 and r["device"] == torch.device("cpu")
    assert r["misc"] == obj["misc"]


@needs_torch
def test_torch_saved_loads_in_ember_live():
    base = torch.arange(12, dtype=torch.float64).reshape(3, 4)
    obj = {"base": base, "view": base[1:, ::2], "t": base.t(), "p": torch.nn.Parameter(torch.ones(3)),
           "h": torch.tensor([1.5], dtype=torch.float16), "b": torch.tensor(True), "z": torch.zeros(2, 0)}
    buf = io.BytesIO()
    torch.save(obj, buf)
    buf.seek(0)
    r = ember.load(buf)
    for k, v in obj.items():
        _torch_check(r[k], v)
    assert _shares(r["base"], r["view"]) and isinstance(r["p"], Parameter)


@needs_torch
def test_torch_state_dict_roundtrip_through_ember():
    torch.manual_seed(0)
    model = torch.nn.Linear(3, 2)
    buf = io.BytesIO()
    torch.save(model.state_dict(), buf)
    buf.seek(0)
    sd = ember.load(buf)
    out = io.BytesIO()
    ember.save(sd, out)
    out.seek(0)
    model2 = torch.nn.Linear(3, 2)
    model2.load_state_dict(torch.load(out, weights_only=True))
    assert torch.equal(model.weight, model2.weight) and torch.equal(model.bias, model2.bias)


# ------------------------------------------------------------------------------------------- safety
def _zip_checkpoint(pkl: bytes, records=None) -> io.BytesIO:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("archive/data.pkl", pkl)
        for name, data in (records or {}).items():
            zf.writestr(f"archive/data/{name}", data)
        zf.writestr("archive/version", "3\n")
    buf.seek(0)
    return buf


class _Payload:
    def __init__(self, func, arg):
        self.func, self.arg = func, arg

    def __reduce__(self):
        return (self.func, (self.arg,))


@pytest.mark.parametrize("func, shown", [(os.system, "system"), (eval, "GLOBAL eval was not an allowed global"),
                                         (subprocess.getoutput, "subprocess.getoutput")])
def test_malicious_pickle_is_refused_and_not_executed(tmp_path, func, shown):
    marker = tmp_path / "pwned"
    if func is eval:
        arg = f"open({str(marker)!r}, 'w').close()"
    else:
        arg = f"touch {marker}"
    for legacy in (False, True):
        path = tmp_path / f"evil{int(legacy)}.pt"
        ember.save({"w": ember.ones(2), "x": _Payload(func, arg)}, path, _use_new_zipfile_serialization=not legacy)
        with pytest.raises(pickle.UnpicklingError) as info:
            ember.load(path)
        msg = str(info.value)
        assert msg.startswith("Weights only load failed") and shown in msg
        assert not marker.exists()
    with pytest.raises(pickle.UnpicklingError):
        ember.load(_zip_checkpoint(pickle.dumps(_Payload(func, arg), protocol=2)))
    assert not marker.exists()


def test_blocked_module_message():
    with pytest.raises(pickle.UnpicklingError, match=r"GLOBAL posix.system whose module posix is blocked|"
                                                     r"GLOBAL nt.system whose module nt is blocked"):
        ember.load(_zip_checkpoint(pickle.dumps(_Payload(os.system, "true"), protocol=2)))


def test_weights_only_false_and_safe_globals():
    ns = argparse.Namespace(lr=0.1, name="run")
    buf = io.BytesIO()
    ember.save({"args": ns, "w": ember.ones(1)}, buf)
    buf.seek(0)
    with pytest.raises(pickle.UnpicklingError, match=r"Unsupported global: GLOBAL argparse.Namespace"):
        ember.load(buf)
    buf.seek(0)
    r = ember.load(buf, weights_only=False)  # explicit opt-in: arbitrary classes (and code!) allowed
    assert r["args"] == ns and r["w"].tolist() == [1.0]
    buf.seek(0)
    with S.safe_globals([argparse.Namespace]):
        assert ember.load(buf)["args"] == ns
    assert argparse.Namespace not in S.get_safe_globals()
    with pytest.raises(RuntimeError, match="explicit pickle_module"):
        ember.load(buf, pickle_module=pickle, weights_only=True)
    buf.seek(0)  # PyTorch: an explicit pickle_module with weights_only unset means weights_only=False
    assert ember.load(buf, pickle_module=pickle)["args"] == ns


def _storage_pid(key="0", numel=4):
    return ("storage", S._g("torch", "FloatStorage"), key, "cpu", numel)


class _CraftPickler(S._TorchPickler):
    """Pickles ``_Craft`` objects as arbitrary (func, args) reductions, to forge checkpoints."""

    def persistent_id(self, obj):
        return obj.pid if isinstance(obj, _Pid) else None

    def reducer_override(self, obj):
        if isinstance(obj, _Craft):
            return obj.rv
        return super().reducer_override(obj)


class _Pid:
    def __init__(self, pid):
        self.pid = pid


class _Craft:
    def __init__(self, *rv):
        self.rv = rv


def _forge(obj) -> bytes:
    buf = io.BytesIO()
    _CraftPickler(buf, 2, S._StorageTable(False)).dump(obj)
    return buf.getvalue()


def _tensor_rv(offset=0, size=(2,), stride=(1,), key="0", numel=4):
    return (S._g("torch._utils", "_rebuild_tensor_v2"),
            (_Pid(_storage_pid(key, numel)), offset, size, stride, False, collections.OrderedDict()))


def test_forged_out_of_bounds_view_is_rejected():
    data = {"0": np.arange(4, dtype=np.float32).tobytes()}
    ok = ember.load(_zip_checkpoint(_forge(_Craft(*_tensor_rv(offset=1, size=(3,)))), data))
    assert ok.tolist() == [1.0, 2.0, 3.0]
    for kw in (dict(offset=2, size=(3,)), dict(size=(2,), stride=(10,)), dict(size=(2, 2), stride=(3, 1)),
               dict(offset=2 ** 40)):
        with pytest.raises(RuntimeError, match="out of bounds for storage"):
            ember.load(_zip_checkpoint(_forge(_Craft(*_tensor_rv(**kw))), data))
    with pytest.raises(RuntimeError, match="non-negative"):
        ember.load(_zip_checkpoint(_forge(_Craft(*_tensor_rv(stride=(-1,)))), data))
    # the pickle claims more elements than the record holds
    with pytest.raises(RuntimeError, match="corrupted"):
        ember.load(_zip_checkpoint(_forge(_Craft(*_tensor_rv(numel=8))), data))


def test_forged_build_and_container_tricks_are_rejected():
    data = {"0": np.zeros(4, np.float32).tobytes()}
    # BUILD on a tensor would let a file overwrite internal slots
    t = _Craft(*(_tensor_rv() + (None, None, None)))
    t.rv = t.rv[:2] + ({"grad_fn": 1},)
    with pytest.raises(pickle.UnpicklingError, match="Can only build"):
        ember.load(_zip_checkpoint(_forge(t), data))
    # calling something that is not an allowed global (an allowed *instance* is not callable)
    with pytest.raises(pickle.UnpicklingError):
        ember.load(_zip_checkpoint(_forge(_Craft(S._g("torch", "float32"), ())), data))
    # setitem on a non-dict (e.g. a set built by an allowed constructor)
    bad = _Craft(S._g("builtins", "set"), ((),), None, None, iter([("k", "v")]))
    with pytest.raises(pickle.UnpicklingError, match="SETITEM"):
        ember.load(_zip_checkpoint(_forge(bad), data))
    # persistent ids other than storages
    with pytest.raises(pickle.UnpicklingError, match="persistent_load"):
        ember.load(_zip_checkpoint(_forge(_Pid(("module", "os", 0, 0, 0))), data))


# ------------------------------------------------------------------------------------- atomic save
def test_atomic_save_keeps_old_checkpoint_on_failure(tmp_path, monkeypatch):
    p = tmp_path / "ckpt.pt"
    ember.save({"v": ember.tensor([1.0])}, p)
    os.chmod(p, 0o640)
    good = p.read_bytes()
    real = S._write_zip
    calls = []

    def failing(fh, archive, pickled, refs, byteorder):
        calls.append(archive)
        fh.write(b"PK\x03\x04 partial")  # crash after part of the archive has been written
        raise OSError("disk full")

    monkeypatch.setattr(S, "_write_zip", failing)
    with pytest.raises(OSError, match="disk full"):
        ember.save({"v": ember.tensor([2.0, 3.0])}, p)
    assert calls
    assert p.read_bytes() == good
    assert sorted(os.listdir(tmp_path)) == ["ckpt.pt"]  # no temporary file left behind
    assert ember.load(p)["v"].tolist() == [1.0]
    monkeypatch.setattr(S, "_write_zip", real)
    ember.save({"v": ember.tensor([2.0, 3.0])}, p)
    assert ember.load(p)["v"].tolist() == [2.0, 3.0]
    assert stat.S_IMODE(os.stat(p).st_mode) == 0o640
    assert sorted(os.listdir(tmp_path)) == ["ckpt.pt"]


def test_save_into_missing_directory(tmp_path):
    with pytest.raises(RuntimeError, match="Parent directory .* does not exist"):
        ember.save(ember.ones(1), tmp_path / "nope" / "x.pt")


# ------------------------------------------------------------------------------------ corrupt files
@pytest.fixture
def good_bytes():
    buf = io.BytesIO()
    ember.save({"a": ember.arange(100.0)}, buf)
    return buf.getvalue()


def test_truncated_zip(good_bytes):
    for cut in (len(good_bytes) // 2, len(good_bytes) - 10):
        with pytest.raises(RuntimeError, match="failed finding central directory"):
            ember.load(io.BytesIO(good_bytes[:cut]))
    # miniz: fewer bytes than an end-of-central-directory record (as PyTorch 2.13 reports)
    with pytest.raises(RuntimeError, match="failed reading zip archive: not a ZIP archive"):
        ember.load(io.BytesIO(good_bytes[:10]))


def test_corrupted_storage_bytes(good_bytes):
    b = bytearray(good_bytes)
    i = b.find(np.float32(50.0).tobytes())
    b[i] ^= 0xFF
    with pytest.raises(RuntimeError, match="corrupted"):
        ember.load(io.BytesIO(bytes(b)))


def test_garbage_empty_and_missing_records(tmp_path):
    with pytest.raises(EOFError):
        ember.load(io.BytesIO(b""))
    with pytest.raises(pickle.UnpicklingError, match="Unsupported operand 103"):  # PyTorch's wording
        ember.load(io.BytesIO(b"garbage, not a checkpoint"))
    with pytest.raises(pickle.UnpicklingError, match="pickle data was truncated"):  # PyTorch 2.13's message
        ember.load(io.BytesIO(b"garbage, not a checkpoint"), weights_only=False)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("archive/version", "3\n")
    with pytest.raises(RuntimeError, match="failed locating file data.pkl"):
        ember.load(io.BytesIO(buf.getvalue()))
    with pytest.raises(RuntimeError, match="failed locating file data/0"):
        ember.load(_zip_checkpoint(_forge(_Craft(*_tensor_rv()))))
    legacy = io.BytesIO()
    ember.save({"a": ember.arange(50.0)}, legacy, _use_new_zipfile_serialization=False)
    with pytest.raises(RuntimeError, match="truncated"):
        ember.load(io.BytesIO(legacy.getvalue()[:-8]))
    tar = tmp_path / "old.tar"
    import tarfile
    with tarfile.open(tar, "w") as tf:
        info = tarfile.TarInfo("pickle")
        tf.addfile(info, io.BytesIO(b""))
    with pytest.raises(RuntimeError, match="legacy .tar format"):
        ember.load(tar)


# ------------------------------------------------------------------------------------------ safetensors
def test_safetensors_roundtrip(tmp_path):
    x = ember.arange(12, dtype=ember.float32).reshape(3, 4)
    tensors = {"t": x.t(), "b": ember.tensor([True, False]), "h": ember.tensor([0.5], dtype=ember.float16),
               "i": ember.arange(3), "s": ember.tensor(2.0), "c": ember.tensor([1 + 1j], dtype=ember.complex64),
               "e": ember.zeros(0, 2, dtype=ember.int8)}
    p = tmp_path / "x.safetensors"
    ember.save_file(tensors, p, metadata={"step": "3"})
    r = ember.load_file(p)
    assert set(r) == set(tensors)
    for k, v in tensors.items():
        assert r[k].dtype is v.dtype and r[k].shape == v.shape
        np.testing.assert_array_equal(r[k].numpy(), v.numpy())
    assert S.load_metadata(p) == {"step": "3"}
    assert ember.load(p)["i"].tolist() == [0, 1, 2]  # torch.load dispatches on the suffix
    blob = S.safetensors_save(tensors)
    assert S.safetensors_load(blob)["t"].tolist() == x.t().tolist()
    r["i"][0] = 5  # loaded tensors are writable and independent
    assert r["i"].tolist() == [5, 1, 2]


def test_safetensors_golden_file(expected):
    r = ember.load_file(GOLDEN / "torch_tensors.safetensors")
    _check_against(expected, "safetensors", r)
    assert S.load_metadata(GOLDEN / "torch_tensors.safetensors") == {"format": "pt", "step": "7"}


def test_safetensors_errors(tmp_path):
    with pytest.raises(S.SafetensorError, match="dtype"):
        ember.save_file({"x": ember.ones(1, dtype=ember.complex128)}, tmp_path / "c.safetensors")
    with pytest.raises(S.SafetensorError, match="expected torch.Tensor"):
        ember.save_file({"x": [1, 2]}, tmp_path / "c.safetensors")
    good = S.safetensors_save({"a": ember.arange(4.0), "b": ember.ones(2)})
    for bad in (good[:5], good[:-1], good + b"\x00", struct.pack("<Q", 10 ** 9) + good[8:],
                struct.pack("<Q", 4) + b"nope"):
        with pytest.raises(S.SafetensorError):
            S.safetensors_load(bad)
    n = struct.unpack("<Q", good[:8])[0]
    header = good[8:8 + n].replace(b'"data_offsets":[0,16]', b'"data_offsets":[0,12]')
    with pytest.raises(S.SafetensorError, match="TensorInvalidInfo|MetadataIncompleteBuffer"):
        S.safetensors_load(good[:8] + header + good[8 + n:])


@needs_safetensors
def test_safetensors_package_interop(tmp_path):
    a = np.arange(6, dtype=np.float32).reshape(2, 3)
    st_numpy.save_file({"a": a, "m": np.array([True, False])}, str(tmp_path / "np.safetensors"),
                       metadata={"k": "v"})
    r = ember.load_file(tmp_path / "np.safetensors")
    np.testing.assert_array_equal(r["a"].numpy(), a)
    assert r["m"].tolist() == [True, False]
    ember.save_file({"w": ember.from_numpy(a).t(), "i": ember.tensor([1, 2], dtype=ember.int32)},
                    tmp_path / "e.safetensors", metadata={"who": "ember"})
    back = st_numpy.load_file(str(tmp_path / "e.safetensors"))
    np.testing.assert_array_equal(back["w"], a.T)
    assert back["i"].dtype == np.int32
    from safetensors import safe_open
    with safe_open(str(tmp_path / "e.safetensors"), framework="numpy") as f:
        assert f.metadata() == {"who": "ember"}
    assert st_numpy.load(S.safetensors_save({"z": ember.ones(2)}))["z"].tolist() == [1.0, 1.0]


@needs_safetensors
@needs_torch
def test_safetensors_torch_interop(tmp_path):
    import safetensors.torch as st_torch
    ember.save_file({"w": ember.arange(4.0).reshape(2, 2), "h": ember.ones(2, dtype=ember.float16)},
                    tmp_path / "e.safetensors")
    r = st_torch.load_file(str(tmp_path / "e.safetensors"))
    assert r["w"].tolist() == [[0.0, 1.0], [2.0, 3.0]] and r["h"].dtype is torch.float16
