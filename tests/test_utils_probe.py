"""Probe findings in ``nn.utils``, ``utils.data`` and serialization, pinned against PyTorch.

Golden values were printed by PyTorch 2.13 (CPU); tests that need the oracle do
``pytest.importorskip("torch")``.
"""
from __future__ import annotations

import io
import pickle
import warnings

import numpy as np
import pytest

import ember


_MODULE_LAMBDA = lambda: 1  # noqa: E731


def _local_fn():
    def inner():
        return 1
    return inner


# ----------------------------------------------------------------------------- nn.utils
def test_stateless_functional_call_exists_and_warns():
    from ember.nn.utils import stateless
    lin = ember.nn.Linear(3, 2)
    params = {k: ember.zeros_like(v) for k, v in lin.named_parameters()}
    with pytest.warns(FutureWarning, match="stateless.functional_call` is deprecated as of PyTorch 2.0"):
        out = stateless.functional_call(lin, params, (ember.ones(1, 3),))
    assert out.tolist() == [[0.0, 0.0]]
    assert lin.weight.abs().sum().item() > 0  # the module's own weight is back
    with stateless._reparametrize_module(lin, {"bias": ember.ones(2)}):
        assert lin.bias.tolist() == [1.0, 1.0]
    assert isinstance(lin.bias, ember.nn.Parameter)
    with pytest.raises(RuntimeError, match="Missing key\\(s\\): 'bias'"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            stateless.functional_call(lin, {"weight": ember.ones(2, 3)}, (ember.ones(1, 3),), strict=True)


def test_convert_conv2d_weight_memory_format():
    from ember.nn.utils import convert_conv2d_weight_memory_format, convert_conv3d_weight_memory_format
    m = ember.nn.Sequential(ember.nn.Conv2d(2, 3, 3), ember.nn.Linear(2, 2))
    before = m[0].weight.detach().clone()
    out = convert_conv2d_weight_memory_format(m, ember.channels_last)
    assert out is m
    assert isinstance(m[0].weight, ember.nn.Parameter) and m[0].weight.requires_grad
    assert ember.equal(m[0].weight, before)
    assert convert_conv3d_weight_memory_format(ember.nn.Conv3d(1, 1, 1), ember.contiguous_format) is not None


def test_clip_grad_norm_coef_is_reciprocal_times_max_norm():
    # ``max_norm / (total + 1e-6)`` is Tensor.__rtruediv__ (reciprocal, then multiply): these digits
    # differ from a direct float32 division
    p = ember.nn.Parameter(ember.zeros(5))
    p.grad = ember.tensor([3.0, 4.0, 1.0, 2.5, 0.7])
    tn = ember.nn.utils.clip_grad_norm_([p], 0.3)
    assert tn.item() == 5.721888065338135
    assert p.grad.tolist() == [0.1572907269001007, 0.20972096920013428, 0.05243024230003357,
                               0.13107560575008392, 0.03670116886496544]


def test_get_total_norm_general_p_golden():
    ember.manual_seed(0)
    gs = [ember.randn(7, 5) * 3 for _ in range(3)]
    assert ember.nn.utils.get_total_norm(gs, 3.0).item() == 17.837007522583008
    assert ember.nn.utils.get_total_norm(gs, 1.0).item() == 253.4087371826172
    assert ember.nn.utils.get_total_norm(gs, 0.5).item() == 22000.978515625
    assert ember.nn.utils.get_total_norm(gs, float("inf")).item() == max(g.abs().max().item() for g in gs)


def test_clip_grad_norm_matches_torch():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    grads = [rng.standard_normal(s).astype(np.float32) * 3 for s in [(7, 5), (5,), (3, 2, 4)]]
    for max_norm, nt in [(0.5, 2), (1.0, "inf"), (0.3, 1), (0.1, 2.0), (0.77, 3), (0.2, 0.5)]:
        tp = [torch.nn.Parameter(torch.zeros(g.shape)) for g in grads]
        ep = [ember.nn.Parameter(ember.zeros(g.shape)) for g in grads]
        for a, b, g in zip(tp, ep, grads):
            a.grad = torch.tensor(g)
            b.grad = ember.tensor(g)
        t_total = torch.nn.utils.clip_grad_norm_(tp, max_norm, norm_type=nt)
        e_total = ember.nn.utils.clip_grad_norm_(ep, max_norm, norm_type=nt)
        assert e_total.item() == t_total.item(), (max_norm, nt)
        for a, b in zip(tp, ep):
            np.testing.assert_array_equal(b.grad.numpy(), a.grad.numpy())


# ----------------------------------------------------------------------------- utils.data
def test_dataloader_is_generic():
    from ember.utils.data import DataLoader
    assert DataLoader[int] is not None
    assert DataLoader.__mro__[1].__name__ == "Generic"


# ----------------------------------------------------------------------------- serialization
def test_save_local_function_raises_attribute_error_as_c_pickler():
    with pytest.raises(AttributeError, match=r"Can't pickle local object '_local_fn.<locals>.inner'"):
        ember.save({"f": _local_fn()}, io.BytesIO())

    class Loc:
        pass
    with pytest.raises(AttributeError, match="Can't pickle local object"):
        ember.save(Loc(), io.BytesIO())
    with pytest.raises(pickle.PicklingError, match=r"attribute lookup <lambda> on .* failed"):
        ember.save(_MODULE_LAMBDA, io.BytesIO())
    m = ember.nn.Linear(1, 1)
    m.act = _MODULE_LAMBDA
    with pytest.raises(pickle.PicklingError, match=r"attribute lookup <lambda> on .* failed"):
        ember.save(m, io.BytesIO())


def test_save_module_level_functions_still_pickle():
    buf = io.BytesIO()
    ember.save({"f": _local_fn, "g": np.sqrt, "h": _local_fn}, buf)
    buf.seek(0)
    out = ember.load(buf, weights_only=False)
    assert out["f"] is _local_fn and out["h"] is _local_fn and out["g"] is np.sqrt


def test_load_requires_seekable_file():
    for f, attr in [(12, "seek"), (None, "seek")]:
        with pytest.raises(AttributeError) as ei:
            ember.load(f)
        assert str(ei.value) == (f"'{type(f).__name__}' object has no attribute '{attr}'. You can only torch.load "
                                 "from a file that is seekable. Please pre-load the data into a buffer like "
                                 "io.BytesIO and try to load from it instead.")

    class Unseekable(io.RawIOBase):
        def readable(self):
            return True

        def seekable(self):
            return False

    with pytest.raises(io.UnsupportedOperation, match="You can only torch.load from a file that is seekable"):
        ember.load(Unseekable())


def test_load_short_zip_is_not_a_zip_archive():
    buf = io.BytesIO()
    ember.save({"a": ember.arange(100.0)}, buf)
    data = buf.getvalue()
    with pytest.raises(RuntimeError, match="failed reading zip archive: not a ZIP archive"):
        ember.load(io.BytesIO(data[:10]))
    with pytest.raises(RuntimeError, match="failed reading zip archive: failed finding central directory"):
        ember.load(io.BytesIO(data[: len(data) // 2]))


def test_serialization_errors_match_torch():
    torch = pytest.importorskip("torch")

    def err(lib, fn):
        try:
            fn(lib)
        except Exception as e:  # noqa: BLE001
            return type(e).__name__, str(e).split(" at 0x")[0]
        return None

    cases = [
        lambda lib: lib.save({"f": _local_fn()}, io.BytesIO()),
        lambda lib: lib.save([_MODULE_LAMBDA], io.BytesIO()),
        lambda lib: lib.load(12),
        lambda lib: lib.load(io.BytesIO(b"PK\x03\x04garbage")),
    ]
    for fn in cases:
        assert err(ember, fn) == err(torch, fn)
