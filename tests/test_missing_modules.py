"""Modules tutorial code imports: ``torch.utils.checkpoint``, ``torch.optim.swa_utils``, the
``torch.nn.modules.*`` submodules PyTorch defines classes in, ``torch.nn.common_types``,
``torch.cuda.amp`` / ``torch.cpu.amp`` / ``torch.cpu`` and ``torch.nn.attention``.

Self-consistency and golden checks run without PyTorch; the comparisons with PyTorch 2.13 skip
when it is not installed.
"""
from __future__ import annotations

import math
import subprocess
import sys
import textwrap
import warnings

import numpy as np
import pytest

import ember
import ember.nn as nn
from ember.optim import swa_utils
from ember.utils import checkpoint as ckpt


def _np(t):
    return np.array(t.detach().numpy() if hasattr(t, "detach") else t)


def _run_ember(script: str, tmp_path, name="s.py") -> subprocess.CompletedProcess:
    path = tmp_path / name
    path.write_text(textwrap.dedent(script))
    return subprocess.run([sys.executable, "-m", "ember", "run", str(path)], capture_output=True, text=True)


def _run_torch(script: str, tmp_path, name="t.py") -> subprocess.CompletedProcess:
    path = tmp_path / name
    path.write_text(textwrap.dedent(script))
    return subprocess.run([sys.executable, str(path)], capture_output=True, text=True)


# =========================================================================== checkpoint
class _Block(nn.Module):
    def __init__(self, lib):
        super().__init__()
        self.lin1 = lib.nn.Linear(5, 7)
        self.drop = lib.nn.Dropout(0.4)
        self.lin2 = lib.nn.Linear(7, 3)

    def forward(self, x):
        return self.lin2(self.drop(self.lin1(x).tanh())).sigmoid() * 2


def _block_scenario(lib, checkpoint_fn, mode):
    """Forward and backward through a block with dropout; ``mode``: None (plain), True/False (use_reentrant)."""
    lib.manual_seed(0)
    block = _Block(lib) if lib is ember else _TorchBlock(lib)
    x = lib.randn(4, 5, requires_grad=True)
    if mode is None:
        y = block(x)
    else:
        y = checkpoint_fn(block, x, use_reentrant=mode)
    (y * lib.arange(3.0)).sum().backward()
    after = lib.rand(3)  # the generator state after the recomputation
    return [_np(y), _np(x.grad), _np(block.lin1.weight.grad), _np(block.lin2.bias.grad), _np(after)]


def _TorchBlock(torch):
    class B(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.lin1 = torch.nn.Linear(5, 7)
            self.drop = torch.nn.Dropout(0.4)
            self.lin2 = torch.nn.Linear(7, 3)

        def forward(self, x):
            return self.lin2(self.drop(self.lin1(x).tanh())).sigmoid() * 2
    return B()


@pytest.mark.parametrize("reentrant", [True, False])
def test_checkpoint_matches_plain_run_bit_for_bit(reentrant):
    plain = _block_scenario(ember, ckpt.checkpoint, None)
    got = _block_scenario(ember, ckpt.checkpoint, reentrant)
    for a, b in zip(plain, got):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("reentrant", [True, False])
def test_checkpoint_matches_pytorch(reentrant):
    torch = pytest.importorskip("torch")
    import torch.utils.checkpoint as tckpt
    ours = _block_scenario(ember, ckpt.checkpoint, reentrant)
    ref = _block_scenario(torch, tckpt.checkpoint, reentrant)
    for a, b in zip(ours, ref):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7)
    np.testing.assert_array_equal(ours[-1], ref[-1])  # the RNG state after backward: bit for bit


def test_checkpoint_recomputes_in_backward():
    calls = []
    lin = nn.Linear(3, 3)

    def fn(t):
        calls.append(1)
        return lin(t).relu().exp()

    x = ember.randn(2, 3, requires_grad=True)
    y = ckpt.checkpoint(fn, x, use_reentrant=False)
    assert len(calls) == 1
    assert type(y.grad_fn).__name__ == "ExpBackward0"
    # the block's nodes hold no tensors until the backward pass recomputes them
    assert y.grad_fn._saved == ()
    relu = y.grad_fn.next_functions[0][0]
    assert type(relu).__name__ == "ReluBackward0" and relu._saved == ()
    y.sum().backward()
    assert len(calls) == 2
    g = x.grad.clone()
    x.grad = None
    fn(x).sum().backward()
    np.testing.assert_array_equal(_np(g), _np(x.grad))

    calls.clear()
    y = ckpt.checkpoint(fn, x, use_reentrant=True)
    assert len(calls) == 1 and type(y.grad_fn).__name__ == "CheckpointFunctionBackward"
    assert repr(y).endswith("grad_fn=<CheckpointFunctionBackward>)")
    y.sum().backward()
    assert len(calls) == 2


def test_non_reentrant_checkpoint_graph_is_freed_without_the_cycle_collector():
    import gc
    import weakref
    lin = nn.Linear(3, 3)
    x = ember.randn(2, 3, requires_grad=True)
    enabled = gc.isenabled()
    gc.disable()
    try:
        for backward in (False, True):
            y = ckpt.checkpoint(lambda t: lin(t).relu().exp(), x, use_reentrant=False)
            refs = [weakref.ref(y.grad_fn), weakref.ref(y.grad_fn.next_functions[0][0])]
            if backward:
                y.sum().backward()
            del y
            assert all(r() is None for r in refs)
    finally:
        if enabled:
            gc.enable()


def test_checkpoint_nested_double_backward_and_retain_graph():
    x = ember.tensor([0.3, -0.7, 1.1], requires_grad=True)

    def inner(t):
        return t.sin() * 2

    def outer(t):
        return ckpt.checkpoint(inner, t.exp(), use_reentrant=False).cos()

    y = ckpt.checkpoint(outer, x, use_reentrant=False)
    ref = (x.exp().sin() * 2).cos()
    np.testing.assert_array_equal(_np(y), _np(ref))
    g, = ember.autograd.grad(y.sum(), x, create_graph=True)
    gr, = ember.autograd.grad(ref.sum(), x, create_graph=True)
    np.testing.assert_array_equal(_np(g), _np(gr))
    gg, = ember.autograd.grad(g.sum(), x)
    ggr, = ember.autograd.grad(gr.sum(), x)
    np.testing.assert_allclose(_np(gg), _np(ggr), rtol=1e-6)

    y = ckpt.checkpoint(lambda t: (t * 3).exp().sum(), x, use_reentrant=False)
    x.grad = None
    y.backward(retain_graph=True)
    first = _np(x.grad).copy()
    y.backward()
    np.testing.assert_allclose(_np(x.grad), 2 * first, rtol=1e-6)
    with pytest.raises(RuntimeError, match="Trying to backward through the graph a second time"):
        y.backward()


def test_checkpoint_hooks_kwargs_and_multiple_outputs():
    x = ember.tensor([[0.5, -1.0], [2.0, 0.25]], requires_grad=True)
    y = ckpt.checkpoint(lambda t: t.sigmoid() * 2, x, use_reentrant=False)
    y.register_hook(lambda g: g * 10)
    y.retain_grad()
    y.sum().backward()
    np.testing.assert_array_equal(_np(y.grad), np.full((2, 2), 10, np.float32))
    s = x.detach().sigmoid()
    np.testing.assert_allclose(_np(x.grad), _np(20 * s * (1 - s)), rtol=1e-6)

    def f(t, k, scale=1.0):
        return (t * k).softmax(-1) * scale
    z = ckpt.checkpoint(f, x, 2, use_reentrant=False, scale=0.5)
    np.testing.assert_array_equal(_np(z), _np(f(x, 2, 0.5)))
    a, b = ckpt.checkpoint(lambda t: (t.sin(), t.cos()), x, use_reentrant=True)
    assert a.grad_fn is b.grad_fn
    x.grad = None
    (a * b).sum().backward()
    np.testing.assert_allclose(_np(x.grad), _np((2 * x.detach()).cos()), rtol=1e-6)


def test_checkpoint_sequential_and_no_grad():
    ember.manual_seed(2)
    seq = nn.Sequential(nn.Linear(4, 4), nn.ReLU(), nn.Linear(4, 4), nn.Tanh(), nn.Linear(4, 1))
    x = ember.randn(3, 4, requires_grad=True)
    for reentrant in (True, False):
        out = ckpt.checkpoint_sequential(seq, 2, x, use_reentrant=reentrant)
        np.testing.assert_array_equal(_np(out), _np(seq(x)))
        assert type(out.grad_fn).__name__ == "AddmmBackward0"  # the last segment runs plainly
    with ember.no_grad():
        out = ckpt.checkpoint(seq, x, use_reentrant=False)
    assert out.grad_fn is None


def test_checkpoint_warnings_and_errors():
    x = ember.ones(2, requires_grad=True)
    with pytest.warns(UserWarning, match="the use_reentrant parameter should be passed explicitly. Starting in "
                                         "PyTorch 2.9"):
        y = ckpt.checkpoint(lambda t: t * 2, x)
    assert type(y.grad_fn).__name__ == "CheckpointFunctionBackward"  # the default is still reentrant
    with pytest.warns(UserWarning, match="None of the inputs have requires_grad=True. Gradients will be None"):
        ckpt.checkpoint(lambda t: t * 2, ember.ones(2), use_reentrant=True)
    with pytest.warns(UserWarning, match="checkpoint_sequential: the use_reentrant parameter"):
        ckpt.checkpoint_sequential([lambda t: t * 2, lambda t: t + 1], 2, x)
    with pytest.raises(ValueError, match="^Unexpected keyword arguments: foo,bar$"):
        ckpt.checkpoint(lambda t: t, x, use_reentrant=True, foo=1, bar=2)
    with pytest.raises(ValueError, match="only supported when use_reentrant=False"):
        ckpt.checkpoint(lambda t: t, x, use_reentrant=True, debug=True)
    with pytest.raises(ValueError, match=r"determinism_check should be one of \['default', 'none'\], but got x"):
        ckpt.checkpoint(lambda t: t, x, use_reentrant=False, determinism_check="x")
    y = ckpt.checkpoint(lambda t: t.exp(), x, use_reentrant=True)
    with pytest.raises(RuntimeError, match="When use_reentrant=True, torch.utils.checkpoint is incompatible"):
        ember.autograd.grad(y.sum(), x)
    y = ckpt.checkpoint(lambda t: t.exp(), x, use_reentrant=True)
    with pytest.raises(RuntimeError, match="incompatible with .grad"):
        y.sum().backward(inputs=[x])
    y = ckpt.checkpoint(lambda t: t.detach() * 2, x, use_reentrant=True)
    with pytest.raises(RuntimeError, match="^none of output has requires_grad=True, this checkpoint"):
        y.sum().backward()
    y = ckpt.checkpoint(lambda t: (t * 2).exp(), x, use_reentrant=False)
    with ember.no_grad():
        x.add_(1)
    with pytest.raises(RuntimeError, match=r"modified by an inplace operation: \[torch.FloatTensor \[2\]\] is at "
                                           r"version 1; expected version 0 instead"):
        y.sum().backward()


def test_checkpoint_dropout_rng_matches_pytorch_without_preserve():
    torch = pytest.importorskip("torch")
    import torch.utils.checkpoint as tckpt

    def run(lib, mod, reentrant):
        lib.manual_seed(7)
        x = lib.randn(6, requires_grad=True)
        drop = lib.nn.Dropout(0.5)
        y = mod.checkpoint(lambda t: drop(t).sin(), x, use_reentrant=reentrant, preserve_rng_state=False)
        y.sum().backward()
        return [_np(y), _np(x.grad), _np(lib.rand(2))]

    for reentrant in (True, False):
        for a, b in zip(run(ember, ckpt, reentrant), run(torch, tckpt, reentrant)):
            np.testing.assert_allclose(a, b, rtol=1e-6)


# =========================================================================== swa_utils
def _swa_scenario(lib, mod):
    lib.manual_seed(0)
    model = lib.nn.Sequential(lib.nn.Linear(3, 4), lib.nn.BatchNorm1d(4), lib.nn.Linear(4, 2))
    models = [mod.AveragedModel(model), mod.AveragedModel(model, multi_avg_fn=mod.get_ema_multi_avg_fn(0.9)),
              mod.AveragedModel(model, avg_fn=mod.get_ema_avg_fn(0.95), use_buffers=True),
              mod.AveragedModel(model, multi_avg_fn=mod.get_swa_multi_avg_fn()),
              mod.AveragedModel(model, avg_fn=mod.get_swa_avg_fn())]
    out = []
    for step in range(4):
        with lib.no_grad():
            for p in model.parameters():
                p.copy_(lib.randn(p.shape))
        model(lib.randn(5, 3))  # moves the BatchNorm buffers
        for m in models:
            m.update_parameters(model)
    for m in models:
        out += [_np(t) for t in m.state_dict().values()]
    loader = [(lib.randn(4, 3), 0) for _ in range(3)]
    mod.update_bn(loader, models[0])
    bn = models[0].module[1]
    # the statistics of a Linear's output: GEMMs may differ from PyTorch's (MKL) in the last bit
    stats = [_np(bn.running_mean), _np(bn.running_var), _np(bn.num_batches_tracked), np.array(bn.momentum)]
    return out, stats, models


def test_averaged_model_matches_pytorch_bit_for_bit():
    torch = pytest.importorskip("torch")
    import torch.optim.swa_utils as tswa
    ours, stats, models = _swa_scenario(ember, swa_utils)
    ref, tstats, tmodels = _swa_scenario(torch, tswa)
    assert len(ours) == len(ref)
    for a, b in zip(ours, ref):
        np.testing.assert_array_equal(a, b)
    for a, b in zip(stats, tstats):
        np.testing.assert_allclose(a, b, rtol=1e-6)
    assert repr(models[0]) == repr(tmodels[0])
    assert list(models[2].state_dict()) == list(tmodels[2].state_dict())


def test_averaged_model_golden():
    lin = nn.Linear(2, 1)
    with ember.no_grad():
        lin.weight.copy_(ember.tensor([[1.0, 2.0]]))
        lin.bias.fill_(0.0)
    swa = swa_utils.AveragedModel(lin)
    assert list(swa.state_dict()) == ["n_averaged", "module.weight", "module.bias"]
    assert repr(swa) == "AveragedModel(\n  (module): Linear(in_features=2, out_features=1, bias=True)\n)"
    assert swa.n_averaged.dtype == ember.int64 and int(swa.n_averaged) == 0
    for w in ([1.0, 2.0], [3.0, 4.0], [5.0, 9.0]):
        with ember.no_grad():
            lin.weight.copy_(ember.tensor([w]))
        swa.update_parameters(lin)
    assert swa.module.weight.tolist() == [[3.0, 5.0]] and int(swa.n_averaged) == 3
    assert swa.module is not lin and isinstance(swa, nn.Module)
    np.testing.assert_array_equal(_np(swa(ember.ones(1, 2))), [[8.0]])
    with pytest.raises(AssertionError, match="Only one of avg_fn and multi_avg_fn should be provided"):
        swa_utils.AveragedModel(lin, avg_fn=swa_utils.get_swa_avg_fn(), multi_avg_fn=swa_utils.get_swa_multi_avg_fn())
    with pytest.raises(ValueError, match=r"Invalid decay value 1.5 provided. Please provide a value in \[0,1\] range."):
        swa_utils.get_ema_multi_avg_fn(1.5)
    assert ember.optim.swa_utils is swa_utils


def _swalr_lrs(lib, mod):
    p1, p2 = lib.zeros(2, requires_grad=True), lib.zeros(2, requires_grad=True)
    out = []
    for strategy, epochs, swa_lr in (("cos", 3, 0.05), ("linear", 4, [0.5, 0.01]), ("cos", 0, 0.2)):
        opt = lib.optim.SGD([{"params": [p1], "lr": 1.0}, {"params": [p2], "lr": 0.1}], lr=0.3)
        sched = mod.SWALR(opt, swa_lr=swa_lr, anneal_epochs=epochs, anneal_strategy=strategy)
        out.append(sched.get_last_lr())
        for _ in range(6):
            opt.step()
            sched.step()
            out.append(sched.get_last_lr())
        sd = sched.state_dict()
        out.append(sorted(sd))
        out.append([sd["anneal_epochs"], sd["_anneal_strategy"], sd["last_epoch"], sd["_step_count"]])
    return out


def test_swalr_matches_pytorch_and_golden():
    ours = _swalr_lrs(ember, swa_utils)
    assert ours[0] == [1.0, 0.1]
    assert ours[1][0] == pytest.approx(1.0 - 0.95 * (1 - math.cos(math.pi / 3)) / 2)
    assert ours[6] == [0.05, 0.05]
    torch = pytest.importorskip("torch")
    import torch.optim.swa_utils as tswa
    assert ours == _swalr_lrs(torch, tswa)


def test_swalr_checks_and_warnings():
    p = ember.zeros(1, requires_grad=True)
    opt = ember.optim.SGD([p], lr=0.1)
    with pytest.raises(ValueError, match="anneal_strategy must be one of 'cos' or 'linear', instead got exp"):
        swa_utils.SWALR(opt, 0.1, anneal_strategy="exp")
    with pytest.raises(ValueError, match="anneal_epochs must be equal or greater than 0, got -1"):
        swa_utils.SWALR(opt, 0.1, anneal_epochs=-1)
    sched = swa_utils.SWALR(opt, 0.01, anneal_epochs=2, anneal_strategy="linear")
    with pytest.warns(UserWarning, match="please use `get_last_lr\\(\\)`"):
        sched.get_lr()
    other = swa_utils.SWALR(ember.optim.SGD([p], lr=0.1), 0.5)
    other.load_state_dict(sched.state_dict())
    assert other.anneal_func is other._linear_anneal and other.anneal_epochs == 2
    assert "optimizer" not in sched.state_dict() and "anneal_func" not in sched.state_dict()


def test_update_bn_without_batchnorm_is_a_no_op():
    model = nn.Sequential(nn.Linear(2, 2))
    swa_utils.update_bn([ember.ones(1, 2)], model)
    assert model.training


# =========================================================================== nn submodules
def test_nn_submodule_aliases_are_the_same_classes():
    import ember.nn.modules.batchnorm as bn
    import ember.nn.modules.flatten as flat
    import ember.nn.modules.utils as mu
    from ember.nn.modules import activation, conv, linear, loss, normalization, pooling, sparse
    assert bn._BatchNorm is normalization._BatchNorm and bn._NormBase is normalization._NormBase
    assert bn.BatchNorm2d is nn.BatchNorm2d and bn.SyncBatchNorm is nn.SyncBatchNorm
    assert bn.LazyBatchNorm1d is nn.LazyBatchNorm1d
    assert isinstance(nn.BatchNorm1d(3), ember.nn.modules.batchnorm._BatchNorm)
    assert activation.MultiheadAttention is nn.MultiheadAttention and activation.ReLU is nn.ReLU
    assert linear.NonDynamicallyQuantizableLinear is type(nn.MultiheadAttention(4, 2).out_proj)
    assert linear.LazyLinear is nn.LazyLinear and conv.LazyConv2d is nn.LazyConv2d
    assert issubclass(nn.Conv2d, conv._ConvNd)
    assert issubclass(nn.CrossEntropyLoss, loss._WeightedLoss) and issubclass(nn.MSELoss, loss._Loss)
    assert loss.CTCLoss is nn.CTCLoss and pooling.MaxPool3d is nn.MaxPool3d
    assert sparse.Embedding is nn.Embedding and flat.Flatten is nn.Flatten
    assert mu._pair(3) == (3, 3) and mu._single([4]) == (4,) and mu._triple(1) == (1, 1, 1)
    assert mu._quadruple(0) == (0, 0, 0, 0) and mu._ntuple(5)(2) == (2,) * 5 and mu._pair.__name__ == "_pair"
    assert mu._reverse_repeat_tuple((1, 2), 2) == (2, 2, 1, 1)
    sd = {"module.a": 1, "module.b.c": 2, "x": 3}
    mu.consume_prefix_in_state_dict_if_present(sd, "module.")
    assert sd == {"a": 1, "b.c": 2, "x": 3}
    assert ember.nn.utils.clip_grad_norm_ is not None  # torch.nn.utils is not shadowed by modules.utils
    assert not hasattr(ember.nn, "batchnorm")
    from ember.nn import common_types as ct
    assert ct._size_2_t == (int | tuple[int, int])
    assert ember.nn.common_types is ct


def test_nn_submodules_match_pytorch():
    pytest.importorskip("torch")
    import importlib
    for name in ("batchnorm", "flatten", "utils"):
        ours = importlib.import_module(f"ember.nn.modules.{name}")
        ref = importlib.import_module(f"torch.nn.modules.{name}")
        assert ours.__all__ == ref.__all__
    import torch.nn.common_types as tct
    import ember.nn.common_types as ect
    names = {n for n in dir(tct) if n.startswith("_") and n.endswith("_t")}
    assert names <= set(dir(ect))


# =========================================================================== amp aliases, torch.cpu
def test_cuda_and_cpu_amp_aliases():
    import ember.cpu.amp as cpu_amp
    import ember.cuda.amp as cuda_amp
    assert ember.cuda.amp is cuda_amp and ember.cpu.amp is cpu_amp
    with pytest.warns(FutureWarning, match=r"^`torch.cuda.amp.autocast\(args...\)` is deprecated. Please use "
                                           r"`torch.amp.autocast\('cuda', args...\)` instead.$"):
        with cuda_amp.autocast(enabled=False):
            assert not ember.is_autocast_enabled("cuda")
    with pytest.warns(FutureWarning, match=r"`torch.cuda.amp.GradScaler\(args...\)` is deprecated"):
        scaler = cuda_amp.GradScaler(enabled=False)
    assert isinstance(scaler, ember.amp.GradScaler) and not scaler.is_enabled()
    with pytest.warns(FutureWarning, match=r"`torch.cpu.amp.GradScaler\(args...\)` is deprecated. Please use "
                                           r"`torch.amp.GradScaler\('cpu', args...\)` instead."):
        s = cpu_amp.GradScaler(init_scale=8.0)
    assert s.is_enabled() and s.get_scale() == 8.0
    with pytest.warns(FutureWarning, match=r"`torch.cpu.amp.autocast\(args...\)` is deprecated"):
        with cpu_amp.autocast(enabled=False):
            assert not ember.is_autocast_enabled("cpu")
    assert issubclass(cpu_amp.autocast, ember.amp.autocast)
    with pytest.warns(FutureWarning, match=r"`torch.cuda.amp.custom_fwd\(args...\)` is deprecated"):
        deco = cuda_amp.custom_fwd(cast_inputs=ember.float16)
    assert callable(deco)
    assert cuda_amp.amp_definitely_not_available() == (not ember.cuda.is_available())
    if not ember.cuda.is_available():
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            a = cuda_amp.autocast()
        assert [str(x.message) for x in w][1] == "CUDA is not available or torch_xla is imported. Disabling autocast."
        assert a._enabled is False


def test_torch_cpu_module():
    cpu = ember.cpu
    assert cpu.is_available() and cpu.device_count() == 1 and cpu.current_device() == "cpu"
    assert cpu.is_initialized() and cpu.synchronize() is None
    s = cpu.Stream()
    with cpu.stream(s):
        assert cpu.current_stream() is s
    assert cpu.current_stream() is not s
    with pytest.raises(AttributeError, match="module 'torch.cpu' has no attribute 'nope'"):
        cpu.nope
    with pytest.raises(AttributeError, match="module 'torch.cuda' has no attribute 'nope'"):
        ember.cuda.nope


# =========================================================================== nn.attention
def test_sdpa_kernel_and_backend_enum():
    from ember.nn.attention import SDPBackend, _cur_sdpa_kernel_backends, sdpa_kernel
    assert repr(SDPBackend.MATH) == "<SDPBackend.MATH: 0>" and str(SDPBackend.FLASH_ATTENTION) == \
        "SDPBackend.FLASH_ATTENTION"
    assert int(SDPBackend.EFFICIENT_ATTENTION) == 2 and SDPBackend.ERROR.value == -1
    assert SDPBackend.MATH != 0 and SDPBackend(0) is SDPBackend.MATH and str(SDPBackend(9)) == "SDPBackend.???"
    assert repr(SDPBackend) == "<class 'ember.nn.attention._SDPBackend'>"
    assert list(SDPBackend.__members__) == ["ERROR", "MATH", "FLASH_ATTENTION", "EFFICIENT_ATTENTION",
                                            "CUDNN_ATTENTION", "OVERRIDEABLE"]
    with pytest.raises(TypeError, match="'<' not supported between instances of 'SDPBackend' and 'SDPBackend'"):
        SDPBackend.MATH < SDPBackend.FLASH_ATTENTION
    default = _cur_sdpa_kernel_backends()
    assert len(default) == 5
    with sdpa_kernel(SDPBackend.MATH) as ctx:
        assert ctx == {} and _cur_sdpa_kernel_backends() == [SDPBackend.MATH]
        q = ember.randn(1, 2, 3, 4)
        assert ember.nn.functional.scaled_dot_product_attention(q, q, q).shape == (1, 2, 3, 4)
    assert _cur_sdpa_kernel_backends() == default
    with sdpa_kernel([SDPBackend.MATH, SDPBackend.CUDNN_ATTENTION], set_priority=True):
        assert _cur_sdpa_kernel_backends(True) == [SDPBackend.MATH, SDPBackend.CUDNN_ATTENTION]
    assert [int(b) for b in _cur_sdpa_kernel_backends(True)] == [1, 2, 0, 3, 4]
    with pytest.raises(AssertionError, match="Backend must be an instance of SDPBackend or a list of SDPBackend "
                                             "instances, got str"):
        with sdpa_kernel("math"):
            pass
    assert ember.nn.attention.list_flash_attention_impls() == ["FA3", "FA4"]


# =========================================================================== import cost, run mode
def test_import_ember_loads_none_of_these_modules():
    code = ("import sys, ember; import ember.nn, ember.optim, ember.utils\n"
            "print(sorted(m for m in sys.modules if m.startswith(('ember.utils.checkpoint', 'ember.optim.swa_utils',"
            " 'ember.nn.attention', 'ember.cpu', 'ember.cuda.amp', 'ember.nn.common_types'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out == "[]\n"


_RUN_SCRIPT = """
import warnings
warnings.simplefilter("ignore")
import torch
import torch.nn as nn
import torch.nn.modules.batchnorm
import torch.utils.checkpoint
from torch.optim.swa_utils import AveragedModel, SWALR, get_ema_multi_avg_fn
from torch.nn.modules.utils import _pair
from torch.nn.common_types import _size_2_t
from torch.nn.attention import sdpa_kernel, SDPBackend
from torch.cuda.amp import GradScaler
import torch.cpu.amp

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Dropout(0.2), nn.Linear(8, 2))
print(type(torch.nn.modules.batchnorm._BatchNorm), isinstance(model[1], torch.nn.modules.batchnorm._BatchNorm))
ema = AveragedModel(model, multi_avg_fn=get_ema_multi_avg_fn(0.9))
opt = torch.optim.SGD(model.parameters(), lr=0.1)
swa_sched = SWALR(opt, swa_lr=0.01, anneal_epochs=2)
x, y = torch.randn(16, 4), torch.randint(0, 2, (16,))
for step in range(3):
    opt.zero_grad()
    h = torch.utils.checkpoint.checkpoint(model[:3], x, use_reentrant=False)
    out = model[3:](h)
    loss = nn.functional.cross_entropy(out, y)
    loss.backward()
    opt.step()
    swa_sched.step()
    ema.update_parameters(model)
    print(step, f"{loss.item():.6f}", swa_sched.get_last_lr(), ema.n_averaged, out.grad_fn, h.grad_fn)
print(list(ema.state_dict())[:3], ema.module[0].weight[0])
print(SDPBackend.MATH, repr(SDPBackend.FLASH_ATTENTION), SDPBackend, _pair(3))
with sdpa_kernel([SDPBackend.MATH]):
    q = torch.randn(1, 2, 3, 4)
    print(nn.functional.scaled_dot_product_attention(q, q, q).shape)
print(GradScaler, torch.cuda.amp.autocast, torch.cpu.amp.GradScaler, torch.cpu.current_device())
print(torch.nn.modules.activation.MultiheadAttention, torch.nn.modules.conv._ConvNd, torch.nn.modules.loss._Loss)
print(torch.utils.checkpoint.checkpoint(lambda t: t * 2, torch.ones(2, requires_grad=True), use_reentrant=True))
"""


def test_tutorial_script_runs_under_ember_run(tmp_path):
    res = _run_ember(_RUN_SCRIPT, tmp_path)
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    assert lines[0] == "<class 'type'> True"
    assert lines[1].startswith("0 ") and " [0.055] tensor(1) <AddmmBackward0 object at " in lines[1]
    assert lines[3].startswith("2 ") and " [0.01] tensor(3) <AddmmBackward0 object at " in lines[3]
    assert "<ReluBackward0 object" in lines[1]
    assert lines[-1] == "tensor([2., 2.], grad_fn=<CheckpointFunctionBackward>)"
    assert lines[-3] == ("<class 'torch.cuda.amp.grad_scaler.GradScaler'> <class 'torch.cuda.amp.autocast_mode.autocast'>"
                         " <class 'torch.cpu.amp.grad_scaler.GradScaler'> cpu")
    torch = pytest.importorskip("torch")  # noqa: F841
    ref = _run_torch(_RUN_SCRIPT, tmp_path)
    assert ref.returncode == 0, ref.stderr

    def strip(text):
        import re
        return re.sub(r" at 0x[0-9a-f]+", "", text)
    assert strip(res.stdout) == strip(ref.stdout)


def test_alias_keeps_ember_module_specs(tmp_path):
    """Importing ``torch.X`` through the alias must not replace ``ember.X.__spec__`` (relative
    imports inside ember would warn ``__package__ != __spec__.parent``), and class paths print
    as PyTorch's."""
    import subprocess
    import sys
    script = tmp_path / "s.py"
    script.write_text(
        "import warnings\n"
        "warnings.simplefilter('always')\n"
        "import torch, torch.nn.modules.module\n"
        "m = torch.nn.Linear(2, 2)\n"
        "m.register_full_backward_hook(lambda mod, gi, go: None)\n"
        "m(torch.ones(1, 2, requires_grad=True)).sum().backward()\n"
        "print(type(torch.nn.MultiheadAttention(8, 2).out_proj))\n"
        "print(torch.nn.modules.module.__spec__.name)\n")
    r = subprocess.run([sys.executable, "-m", "ember", "run", str(script)], capture_output=True, text=True)
    assert "ImportWarning" not in r.stderr, r.stderr
    assert r.stdout.splitlines()[0] == "<class 'torch.nn.modules.linear.NonDynamicallyQuantizableLinear'>"
