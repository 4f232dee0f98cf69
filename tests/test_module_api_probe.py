"""nn.Module API fidelity: to() argument errors, _apply dtype checks, dir(), xpu/ipu/mtia, Parameter(list)."""
import subprocess
import sys
import textwrap

import pytest

import ember
import ember.nn as nn

_TO_OVERLOADS = (
    ", but expected one of:\n"
    " * (torch.device device = None, torch.dtype dtype = None, bool non_blocking = False, bool copy = False, "
    "*, torch.memory_format memory_format = None)\n"
    " * (torch.dtype dtype, bool non_blocking = False, bool copy = False, *, torch.memory_format memory_format "
    "= None)\n"
    " * (Tensor tensor, bool non_blocking = False, bool copy = False, *, torch.memory_format memory_format = "
    "None)\n")


def _err(f):
    try:
        f()
    except Exception as e:  # noqa: BLE001
        return type(e).__name__, str(e)
    return None


def _cases(t):
    L = lambda: t.nn.Linear(1, 1)  # noqa: E731
    return {
        "str_str": lambda: L().to("cpu", "cpu"),
        "dtype_kw_str": lambda: L().to(dtype="float"),
        "str_dtype_kw": lambda: L().to("cpu", dtype="x"),
        "extra_kw": lambda: L().to(t.device("cpu"), "x", foo=1, bar=None),
        "dtype_dtype": lambda: L().to(t.float32, t.float32),
        "dtype_int": lambda: L().to(t.float32, 2),
        "device_kw_dtype": lambda: L().to(device=t.float32),
        "tensor_str": lambda: L().to(t.ones(1), "x"),
        "five_args": lambda: L().to("cpu", t.float32, True, False, 5),
        "copy_kw": lambda: L().to(copy=False),
        "copy_pos": lambda: L().to(t.float64, False, False),
        "int_dtype": lambda: L().type(t.int32),
        "to_int": lambda: L().to(t.int32),
        "xpu": lambda: L().xpu(),
        "ipu": lambda: L().ipu(),
        "mtia": lambda: L().mtia(),
        "param_list": lambda: t.nn.Parameter([1.0]),
    }


def test_golden_errors():
    errs = {k: _err(f) for k, f in _cases(ember).items()}
    assert errs["str_str"] == ("TypeError", "to() received an invalid combination of arguments - got (str, str)"
                               + _TO_OVERLOADS)
    assert errs["dtype_kw_str"][1].startswith(
        "to() received an invalid combination of arguments - got (dtype=str, ), but")
    assert errs["extra_kw"][1].startswith(
        "to() received an invalid combination of arguments - got (torch.device, str, bar=NoneType, foo=int), but")
    assert errs["five_args"] == ("TypeError", "to() takes from 0 to 4 positional arguments but 5 were given")
    assert errs["copy_kw"] == ("RuntimeError", ".to() does not accept copy argument")
    assert errs["int_dtype"] == ("RuntimeError", "data set to a tensor that requires gradients must be floating "
                                 "point or complex dtype")
    assert errs["xpu"] == ("AssertionError", "Torch not compiled with XPU enabled")
    assert errs["param_list"] == ("AttributeError", "'list' object has no attribute 'detach'")


def test_to_still_works():
    m = nn.Linear(1, 1)
    assert m.to(None, ember.float64) is m and m.weight.dtype == ember.float64
    m.to("cpu", ember.float32, True)
    assert m.weight.dtype == ember.float32
    m.to(device="cpu", dtype=ember.float64, non_blocking=True)
    assert m.weight.dtype == ember.float64
    m.requires_grad_(False).type(ember.int32)
    assert m.weight.dtype == ember.int32
    assert nn.Sequential().xpu() is not None  # no tensors: nothing raises


def test_dir_hides_internal_marker():
    d = dir(nn.Linear(1, 1))
    assert "_ember_renamed" not in d
    assert {"xpu", "ipu", "mtia", "weight", "in_features"} <= set(d)


def test_matches_torch():
    torch = pytest.importorskip("torch")
    got = {k: _err(f) for k, f in _cases(ember).items()}
    want = {k: _err(f) for k, f in _cases(torch).items()}
    assert got == want
    assert sorted(d for d in dir(nn.Linear(1, 1)) if not d.startswith("_")) == \
        sorted(d for d in dir(torch.nn.Linear(1, 1)) if not d.startswith("_"))


_SCRIPT = textwrap.dedent("""
    import torch, torch.nn as nn
    torch.manual_seed(0)
    class Block(nn.Module):
        def __init__(self, k=4):
            super().__init__()
            self.fc = nn.Linear(k, k)
    m = nn.Sequential(nn.ModuleList([Block() for _ in range(3)] + [Block(5)]),
                      nn.ParameterList([nn.Parameter(torch.ones(3))]))
    print(m)
    m2 = nn.Linear(2, 3)
    try:
        m2.load_state_dict({'weight': torch.ones(4, 2), 'zz': torch.ones(1)})
    except RuntimeError as e:
        print(e)
    print(m2.load_state_dict({'weight': torch.ones(3, 2)}, strict=False))
    try:
        m2.weight = torch.ones(3, 2)
    except TypeError as e:
        print(e)
    try:
        m2.add_module('a.b', nn.ReLU())
    except KeyError as e:
        print(e)
    print([k for k, _ in nn.Sequential(m2, m2).named_modules(remove_duplicate=False)])
""")


def _run(args, tmp_path):
    p = tmp_path / "s.py"
    p.write_text(_SCRIPT)
    return subprocess.run([sys.executable, *args, str(p)], capture_output=True, text=True, check=True).stdout


def test_script_golden(tmp_path):
    out = _run(["-m", "ember", "run"], tmp_path)
    assert "(0-2): 3 x Block(" in out
    assert "(0): Parameter containing: [torch.float32 of size 3]" in out
    assert ('Error(s) in loading state_dict for Linear:\n\tMissing key(s) in state_dict: "bias". \n'
            '\tUnexpected key(s) in state_dict: "zz". \n\tsize mismatch for weight') in out
    assert "_IncompatibleKeys(missing_keys=['bias'], unexpected_keys=[])" in out
    assert ("cannot assign 'torch.FloatTensor' as parameter 'weight' (torch.nn.Parameter or None expected)"
            in out)
    assert "['', '0', '1']" in out


def test_script_matches_torch(tmp_path):
    pytest.importorskip("torch")
    assert _run(["-m", "ember", "run"], tmp_path) == _run([], tmp_path)
