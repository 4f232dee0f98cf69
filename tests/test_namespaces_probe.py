"""Namespaces real programs import: ``torch.profiler``, ``torch.distributed``, ``nn.parallel``,
``torch.utils.benchmark``, ``torch.signal.windows``, ``torch.compiler``, ``torch.overrides``,
``torch.hub``, ``torch.utils.tensorboard`` and the device-generic top-level names.

Golden values are hand-derived (window values, schedule actions, table
layout) or fixed by PyTorch's documented formats; where PyTorch is
installed the same cases are compared with it.
"""
from __future__ import annotations

import json
import os
import sys
import warnings

import numpy as np
import pytest

import ember
import ember.nn as nn


def _torch():
    return pytest.importorskip("torch")


# ---------------------------------------------------------------------------------------------------
# torch.profiler
# ---------------------------------------------------------------------------------------------------
from ember.profiler import ProfilerAction, ProfilerActivity, profile, record_function, schedule  # noqa: E402


def _mlp():
    ember.manual_seed(0)
    return nn.Sequential(nn.Linear(10, 20), nn.ReLU(), nn.Linear(20, 2)), ember.randn(4, 10)


def test_profiler_records_aten_names_and_backward_nodes():
    model, x = _mlp()
    with profile(activities=[ProfilerActivity.CPU], record_shapes=True) as prof:
        with record_function("model_inference"):
            model(x).sum().backward()
    keys = [e.key for e in prof.key_averages()]
    assert keys[0] == "model_inference"
    for name in ("aten::linear", "aten::t", "aten::addmm", "aten::relu", "aten::clamp_min", "aten::sum",
                 "autograd::engine::evaluate_function: AddmmBackward0", "AddmmBackward0", "ReluBackward0",
                 "torch::autograd::AccumulateGrad"):
        assert name in keys, name
    avg = {e.key: e for e in prof.key_averages()}
    assert avg["aten::linear"].count == 2
    assert avg["torch::autograd::AccumulateGrad"].count == 4
    by_shape = {(e.key, str(e.input_shapes)) for e in prof.key_averages(group_by_input_shape=True)}
    assert ("aten::linear", "[[4, 10], [20, 10], [20]]") in by_shape
    assert ("aten::relu", "[[4, 20]]") in by_shape  # ``inplace=False`` is not an ATen argument


def test_profiler_wraps_nothing_outside_a_session():
    before = dict(vars(ember.Tensor))
    functional_before = dict(vars(ember.nn.functional))
    model, x = _mlp()
    with profile() as prof:
        model(x)
    assert dict(vars(ember.Tensor)) == before
    assert dict(vars(ember.nn.functional)) == functional_before
    n = len(prof.events())
    model(x)
    with record_function("outside"):  # no session: records nothing, raises nothing
        pass
    assert len(prof.events()) == n


def test_profiler_table_layout():
    model, x = _mlp()
    with profile() as prof:
        model(x)
    lines = prof.key_averages().table(sort_by="cpu_time_total", row_limit=2).splitlines()
    header = ("Name    Self CPU %      Self CPU   CPU total %     CPU total  CPU time avg    # of Calls  ")
    assert lines[1].endswith(header)
    assert lines[0] == lines[2] == lines[-2]
    assert len(lines) == 7  # 3 header lines, 2 rows, separator, total
    assert lines[-1].startswith("Self CPU time total: ")
    width = len("aten::clamp_min") + 4
    assert lines[0].startswith("-" * width + "  ------------")
    assert prof.key_averages().table(row_limit=0).count("\n") == 5


def test_profiler_table_matches_torch_layout():
    torch = _torch()
    tables = []
    for lib in (torch, ember):
        with lib.autograd.profiler.profile(profile_memory=True) as prof:
            with lib.autograd.profiler.record_function("my_block"):
                pass
        tables.append(prof.key_averages().table(row_limit=5).splitlines())
    assert tables[0][:3] == tables[1][:3]
    assert tables[0][3].split()[0] == tables[1][3].split()[0] == "my_block"


def test_profiler_memory_column():
    with profile(profile_memory=True) as prof:
        ember.zeros(100, 100)
    avg = {e.key: e for e in prof.key_averages()}
    assert avg["aten::zeros"].cpu_memory_usage == 40000
    assert "39.06 KB" in prof.key_averages().table()


def test_profiler_schedule_actions_and_trace_ready():
    s = schedule(wait=1, warmup=1, active=2, repeat=1)
    assert [s(i).name for i in range(6)] == ["NONE", "WARMUP", "RECORD", "RECORD_AND_SAVE", "NONE", "NONE"]
    assert repr(ProfilerAction.WARMUP) == "<ProfilerAction.WARMUP: 1>"
    assert repr(ProfilerActivity.CPU) == "<ProfilerActivity.CPU: 0>"
    ready = []
    x = ember.randn(3, 3)
    with profile(schedule=s, on_trace_ready=lambda p: ready.append((p.step_num, len(p.events())))) as p:
        for _ in range(6):
            x.mm(x)
            p.step()
    assert [r[0] for r in ready] == [4]
    keys = [e.key for e in p.key_averages()]
    assert keys.count("ProfilerStep*") == 1 and "aten::mm" in keys
    assert {e.key: e.count for e in p.key_averages()}["aten::mm"] == 2  # steps 2 and 3 only


def test_profiler_schedule_matches_torch():
    torch = _torch()
    for kw in (dict(wait=1, warmup=1, active=2, repeat=1), dict(wait=0, warmup=2, active=1, skip_first=3)):
        a = torch.profiler.schedule(**kw)
        b = schedule(**kw)
        assert [a(i).name for i in range(12)] == [b(i).name for i in range(12)]


def test_profiler_optimizer_events_and_chrome_trace(tmp_path):
    model, x = _mlp()
    opt = ember.optim.SGD(model.parameters(), lr=0.1)
    with profile() as prof:
        opt.zero_grad()
        model(x).sum().backward()
        opt.step()
    keys = [e.key for e in prof.key_averages()]
    assert "Optimizer.zero_grad#SGD.zero_grad" in keys and "Optimizer.step#SGD.step" in keys
    path = tmp_path / "trace.json"
    prof.export_chrome_trace(str(path))
    names = {e["name"] for e in json.loads(path.read_text())["traceEvents"]}
    assert "aten::linear" in names


def test_autograd_profiler_legacy_api():
    x = ember.ones(3)
    with ember.autograd.profiler.profile() as prof:
        assert len(prof.key_averages()) == 0  # still recording: empty, as in PyTorch
        x + 1
    assert [e.key for e in prof.key_averages()] == ["aten::add"]
    assert prof.self_cpu_time_total > 0
    assert repr(ember.autograd.profiler.profile()) == "<unfinished torch.autograd.profile>"


# ---------------------------------------------------------------------------------------------------
# torch.distributed / nn.parallel
# ---------------------------------------------------------------------------------------------------
import ember.distributed as dist  # noqa: E402

NO_GROUP = "Default process group has not been initialized, please make sure to call init_process_group."


def test_distributed_without_process_group():
    assert dist.is_available() and not dist.is_initialized()
    for fn in (dist.get_rank, dist.get_world_size, dist.get_backend, dist.barrier,
               lambda: dist.all_reduce(ember.ones(2))):
        with pytest.raises(ValueError, match="^" + NO_GROUP.replace(".", r"\.") + "$"):
            fn()
    with pytest.raises(AssertionError, match="Process group cannot be None"):
        dist.destroy_process_group()
    with pytest.raises(ValueError, match=NO_GROUP):
        nn.parallel.DistributedDataParallel(nn.Linear(2, 2))
    with pytest.raises(ValueError, match=NO_GROUP):
        ember.utils.data.distributed.DistributedSampler(list(range(5)))


def test_distributed_env_errors(monkeypatch):
    for var in ("RANK", "WORLD_SIZE", "MASTER_ADDR", "MASTER_PORT"):
        monkeypatch.delenv(var, raising=False)
    with pytest.raises(ValueError, match="env:// rendezvous: environment variable RANK expected, but not set"):
        dist.init_process_group("gloo")
    monkeypatch.setenv("RANK", "0")
    with pytest.raises(ValueError, match="environment variable WORLD_SIZE expected"):
        dist.init_process_group("gloo")
    with pytest.raises(ValueError, match="tcp:// rendezvous: rank parameter missing"):
        dist.init_process_group("gloo", init_method="tcp://127.0.0.1:23456")
    with pytest.raises(RuntimeError, match="Distributed package doesn't have NCCL built in"):
        dist.init_process_group("nccl", init_method="tcp://127.0.0.1:1", rank=0, world_size=1)
    assert not dist.is_initialized()


def test_distributed_world_of_one(tmp_path):
    dist.init_process_group("gloo", init_method="file://" + str(tmp_path / "store"), rank=0, world_size=1)
    try:
        with pytest.raises(ValueError, match="trying to initialize the default process group twice!"):
            dist.init_process_group("gloo", init_method="file://" + str(tmp_path / "s2"), rank=0, world_size=1)
        assert (dist.get_rank(), dist.get_world_size(), dist.get_backend()) == (0, 1, "gloo")
        t = ember.tensor([1.0, 2.0])
        assert dist.all_reduce(t, op=dist.ReduceOp.SUM) is None
        work = dist.all_reduce(t, async_op=True)
        assert work.wait() is True and work.is_completed()
        out = [ember.zeros(2)]
        dist.all_gather(out, t)
        assert out[0].tolist() == [1.0, 2.0] and t.tolist() == [1.0, 2.0]
        objs = [None]
        dist.all_gather_object(objs, {"a": 1})
        assert objs == [{"a": 1}]
        assert str(dist.ReduceOp.SUM) == "RedOpType.SUM" and repr(dist.ReduceOp.AVG) == "<RedOpType.AVG: 1>"
        model = nn.Linear(3, 2)
        ddp = nn.parallel.DistributedDataParallel(model)
        assert repr(ddp) == ("DistributedDataParallel(\n  (module): Linear(in_features=3, out_features=2, "
                             "bias=True)\n)")
        assert list(ddp.state_dict()) == ["module.weight", "module.bias"]
        ddp(ember.randn(4, 3)).sum().backward()
        assert model.weight.grad.shape == (2, 3) and ddp.module is model and ddp.device_ids is None
        sampler = ember.utils.data.distributed.DistributedSampler(list(range(5)), shuffle=False)
        assert (sampler.num_replicas, sampler.rank, list(sampler)) == (1, 0, [0, 1, 2, 3, 4])
        with pytest.raises(ValueError, match=r"device_ids \[0\], output_device None, and module parameters "
                                             r"\{device\(type='cpu'\)\}\."):
            nn.parallel.DistributedDataParallel(model, device_ids=[0])
        frozen = nn.Linear(2, 2).requires_grad_(False)
        with pytest.raises(RuntimeError, match="doesn't have any parameter that requires a gradient"):
            nn.parallel.DistributedDataParallel(frozen)
    finally:
        dist.destroy_process_group()
    assert not dist.is_initialized()


def test_data_parallel_on_cpu():
    model = nn.Linear(3, 2)
    dp = nn.DataParallel(model)
    assert repr(dp) == "DataParallel(\n  (module): Linear(in_features=3, out_features=2, bias=True)\n)"
    assert list(dp.state_dict()) == ["module.weight", "module.bias"] and dp.device_ids == []
    x = ember.randn(4, 3)
    assert ember.equal(dp(x), model(x))
    assert nn.parallel.DataParallel is nn.DataParallel


# ---------------------------------------------------------------------------------------------------
# torch.utils.benchmark
# ---------------------------------------------------------------------------------------------------
from ember.utils import benchmark  # noqa: E402

_TIMES = [2.1e-5, 2.2e-5, 2.0e-5, 2.6e-5, 2.15e-5]


def _measurements(lib_benchmark):
    spec = lib_benchmark.utils.common.TaskSpec
    m1 = lib_benchmark.Measurement(10, list(_TIMES), spec("x + 1", "pass", label="add", sub_label="small",
                                                         description="plus"))
    m2 = lib_benchmark.Measurement(10, [t * 3 for t in _TIMES], spec("x + 1", "pass", label="add",
                                                                     sub_label="big", description="plus"))
    m3 = lib_benchmark.Measurement(1, [4.2e-3], spec("y = f(x)\nz = y", "import math", description="d"))
    return m1, m2, m3


def _strip_address(text: str) -> str:
    return "\n".join(text.splitlines()[1:])


def test_measurement_repr_golden():
    m1, _, m3 = _measurements(benchmark)
    assert _strip_address(repr(m1)) == (
        "add: small\nplus\n  Median: 2.15 us\n  IQR:    0.10 us (2.10 to 2.20)\n"
        "  5 measurements, 10 runs per measurement, 1 thread")
    assert _strip_address(repr(m3)) == "stmt:\n  y = f(x)\n  z = y\n\nd\nsetup: import math\n  4.20 ms\n" \
                                       "  1 measurement, 1 runs , 1 thread"
    assert repr(m1).startswith("<torch.utils.benchmark.utils.common.Measurement object at 0x") or \
        repr(m1).startswith("<ember.utils.benchmark.utils.common.Measurement object at 0x")


def test_benchmark_layouts_match_torch():
    torch = _torch()
    import torch.utils.benchmark as tb
    ours, theirs = _measurements(benchmark), _measurements(tb)
    for a, b in zip(ours, theirs):
        assert _strip_address(repr(a)) == _strip_address(repr(b))
        assert a.significant_figures == b.significant_figures
    assert str(benchmark.Compare(list(ours[:2]))) == str(tb.Compare(list(theirs[:2])))
    c1, c2 = benchmark.Compare(list(ours[:2])), tb.Compare(list(theirs[:2]))
    c1.trim_significant_figures()
    c2.trim_significant_figures()
    assert str(c1) == str(c2)


def test_timer_runs_statement():
    t = benchmark.Timer(stmt="x.mm(x)", globals={"x": ember.randn(4, 4)}, label="mm", num_threads=1)
    m = t.timeit(20)
    assert m.number_per_run == 20 and len(m.times) == 1 and m.median > 0
    assert m.title == "mm" and m.task_spec.stmt == "x.mm(x)"
    m = t.blocked_autorange(min_run_time=0.01)
    assert len(m.times) >= 1 and m.number_per_run >= 1
    with pytest.raises(ValueError, match="Currently only a `str` stmt is supported."):
        benchmark.Timer(stmt=lambda: None)


# ---------------------------------------------------------------------------------------------------
# torch.signal.windows
# ---------------------------------------------------------------------------------------------------
from ember.signal import windows  # noqa: E402


def test_windows_golden():
    assert windows.bartlett(5).tolist() == [0.0, 0.5, 1.0, 0.5, 0.0]
    assert windows.hann(4, sym=False, dtype=ember.float64).tolist() == pytest.approx([0.0, 0.5, 1.0, 0.5])
    assert windows.hamming(1).tolist() == [1.0] and windows.kaiser(0).shape == (0,)
    assert windows.gaussian(3, std=1.0, dtype=ember.float64).tolist() == pytest.approx(
        [np.exp(-0.5), 1.0, np.exp(-0.5)])
    assert windows.exponential(3, dtype=ember.float64).tolist() == pytest.approx([np.exp(-1), 1.0, np.exp(-1)])
    with pytest.raises(ValueError, match="^cosine requires non-negative window length, got M=-1$"):
        windows.cosine(-1)
    with pytest.raises(ValueError, match="general_cosine expects float32 or float64 dtypes, got: torch.int64"):
        windows.hann(4, dtype=ember.int64)
    with pytest.raises(ValueError, match="Standard deviation must be positive, got: 0 instead."):
        windows.gaussian(4, std=0)


def test_windows_match_torch():
    torch = _torch()
    import torch.signal.windows as tw
    for name in windows.__all__:
        kwargs = {"a": [0.5, 0.3, 0.2]} if name == "general_cosine" else {}
        for M in (0, 1, 2, 5, 8, 17):
            for sym in (True, False):
                for dt in ("float32", "float64"):
                    ours = getattr(windows, name)(M, sym=sym, dtype=getattr(ember, dt), **kwargs).numpy()
                    ref = getattr(tw, name)(M, sym=sym, dtype=getattr(torch, dt), **kwargs).numpy()
                    assert ours.dtype == ref.dtype
                    tol = 4e-7 if dt == "float32" else 1e-14
                    if name == "kaiser":  # ember's float32 ``i0`` is a few ulp off PyTorch's (an op-level gap)
                        tol *= 5
                    np.testing.assert_allclose(ours, ref, rtol=tol, atol=tol, err_msg=f"{name} {M} {sym} {dt}")


# ---------------------------------------------------------------------------------------------------
# torch.compiler / torch.overrides / torch.hub / tensorboard
# ---------------------------------------------------------------------------------------------------
def test_compiler_namespace():
    from ember import compiler
    assert not compiler.is_compiling() and not compiler.is_dynamo_compiling() and not compiler.is_exporting()
    fn = compiler.disable(lambda v: v + 1)
    assert fn(1) == 2 and compiler.disable()(len) is len and compiler.allow_in_graph(len) is len
    assert compiler.list_backends() == ["cudagraphs", "inductor", "openxla", "tvm"]
    with compiler.set_stance("force_eager"):
        pass
    compiler.reset()


class _Override:
    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        return ("override", func.__name__, len(args))


class _Declines:
    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        return NotImplemented


def _api(x):
    from ember.overrides import handle_torch_function, has_torch_function
    if has_torch_function((x,)):
        return handle_torch_function(_api, (x,), x)
    return "plain"


def test_overrides_protocol():
    from ember import overrides
    assert _api(ember.ones(1)) == "plain"
    assert _api(_Override()) == ("override", "_api", 1)
    with pytest.raises(TypeError, match="no implementation found for 'test_namespaces_probe._api' on types that "
                                        "implement __torch_function__: \\[<class"):
        _api(_Declines())
    assert overrides.is_tensor_like(ember.ones(1)) and overrides.is_tensor_like(_Override())
    assert not overrides.has_torch_function_unary(nn.Parameter(ember.ones(1)))
    assert ember.typename in overrides.get_ignored_functions()


def test_hub_local_and_dirs(tmp_path, monkeypatch):
    from ember import hub
    monkeypatch.setattr(hub, "_hub_dir", None)
    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "home"))
    assert hub.get_dir() == str(tmp_path / "home" / "hub")
    hub.set_dir(str(tmp_path))
    assert hub.get_dir() == str(tmp_path)
    (tmp_path / "hubconf.py").write_text("dependencies = []\ndef foo(n=2):\n    '''doc'''\n    return n * 3\n")
    assert hub.load(str(tmp_path), "foo", source="local", n=4) == 12
    with pytest.raises(RuntimeError, match="Cannot find callable bar in hubconf"):
        hub.load(str(tmp_path), "bar", source="local")
    with pytest.raises(ValueError, match='Unknown source: "bogus". Allowed values: "github" | "local".'):
        hub.load("a/b", "m", source="bogus")


def test_tensorboard_requires_package():
    try:
        import tensorboard  # noqa: F401
    except ImportError:
        with pytest.raises(ModuleNotFoundError, match="No module named 'tensorboard'"):
            import ember.utils.tensorboard  # noqa: F401
    else:
        pytest.skip("tensorboard is installed")


# ---------------------------------------------------------------------------------------------------
# top-level names
# ---------------------------------------------------------------------------------------------------
def test_device_generic_names():
    assert repr(ember.Stream()) == "torch.Stream device_type=cpu, device_index=-1, stream_id=0"
    assert repr(ember.Event(enable_timing=True)) == ("torch.Event device_type=cpu, device_index=-1, "
                                                     "event_flag=1, event_id=0")
    with pytest.raises(RuntimeError, match="^cpu backend doesn't support events.$"):
        ember.Event().record()
    with pytest.raises(ValueError, match="Both events must be created with argument 'enable_timing=True'."):
        ember.Event().elapsed_time(ember.Event())
    assert ember.get_device_module() is ember.cpu and ember.get_device_module("cpu") is ember.cpu
    with pytest.raises(RuntimeError, match="Invalid value of device '3', expect torch.device, str, or None"):
        ember.get_device_module(3)
    assert issubclass(ember.OutOfMemoryError, RuntimeError) and issubclass(ember.AcceleratorError, RuntimeError)
    assert ember.has_lapack and ember.has_spectral and ember.GradScaler is ember.amp.GradScaler
    ember.set_anomaly_enabled(True)
    try:
        assert ember.is_anomaly_enabled()
    finally:
        ember.set_anomaly_enabled(False)
    assert not ember.is_anomaly_enabled()


def test_new_namespaces_load_lazily():
    import subprocess
    code = ("import sys, ember; print(any(m in sys.modules for m in ('ember.profiler', 'ember.distributed', "
            "'ember.utils.benchmark', 'ember.signal', 'ember.hub', 'ember.overrides', 'ember.compiler', "
            "'ember._device_api', 'ember.autograd.profiler_util', 'ember.quasirandom')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# ---------------------------------------------------------------------------------------------------
# torch.quasirandom
# ---------------------------------------------------------------------------------------------------
def test_sobol_golden():
    from ember.quasirandom import SobolEngine
    engine = SobolEngine(2)
    assert engine.draw(4).tolist() == [[0.0, 0.0], [0.5, 0.5], [0.75, 0.25], [0.25, 0.75]]
    assert engine.draw(1).tolist() == [[0.375, 0.375]]
    assert engine.reset().fast_forward(2).draw(1).tolist() == [[0.75, 0.25]]
    assert repr(SobolEngine(3, scramble=True, seed=4)) == "SobolEngine(dimension=3, scramble=True, seed=4)"
    with pytest.raises(ValueError, match=r"Supported range of dimensionality for SobolEngine is \[1, 21201\]"):
        SobolEngine(0)
    engine = SobolEngine(2)
    engine.draw(3)
    with pytest.raises(ValueError, match=r"n=3\+2\*\*2=7"):
        engine.draw_base2(2)


def test_sobol_matches_torch():
    torch = _torch()
    from ember.quasirandom import SobolEngine
    for dim, scramble, seed in ((1, False, None), (5, False, None), (40, True, 123), (128, True, 7)):
        ours, ref = SobolEngine(dim, scramble, seed), torch.quasirandom.SobolEngine(dim, scramble, seed)
        assert (ours.sobolstate.numpy() == ref.sobolstate.numpy()).all()
        for n, dt in ((1, None), (6, "float64"), (9, None)):
            a = ours.draw(n, dtype=getattr(ember, dt) if dt else None)
            b = ref.draw(n, dtype=getattr(torch, dt) if dt else None)
            assert a.numpy().tobytes() == b.numpy().tobytes() and str(a.dtype) == str(b.dtype)
        assert ours.fast_forward(5).draw(2).numpy().tobytes() == ref.fast_forward(5).draw(2).numpy().tobytes()


def test_autograd_multithreading_flag():
    assert ember.autograd.is_multithreading_enabled()
    ember.autograd.set_multithreading_enabled(False)
    try:
        assert not ember.autograd.is_multithreading_enabled()
        with ember.autograd.set_multithreading_enabled(True):
            assert ember.autograd.is_multithreading_enabled()
        assert not ember.autograd.is_multithreading_enabled()
    finally:
        ember.autograd.set_multithreading_enabled(True)


def test_profiler_flops_column():
    x = ember.randn(8, 64)
    with profile(with_flops=True) as prof:
        nn.Linear(64, 32)(x)
        x @ x.T
        ember.bmm(ember.randn(2, 3, 4), ember.randn(2, 4, 5))
        x * 2
    flops = {e.key: e.flops for e in prof.key_averages() if e.flops}
    assert flops == {"aten::addmm": 32768, "aten::mm": 8192, "aten::bmm": 240, "aten::mul": 512}
    lines = prof.key_averages().table().splitlines()
    assert lines[1].endswith("# of Calls   Total FLOPs  ")
    row = next(line for line in lines if line.strip().startswith("aten::bmm"))
    assert row.endswith("     240.000  ")
    assert next(line for line in lines if "aten::linear" in line).endswith("          --  ")


def test_elastic_record_decorator(tmp_path, monkeypatch):
    from ember.distributed.elastic.multiprocessing.errors import record

    @record
    def main(v):
        return v * 2

    assert main(3) == 6
    error_file = tmp_path / "err.json"
    monkeypatch.setenv("TORCHELASTIC_ERROR_FILE", str(error_file))

    @record
    def fails():
        raise ValueError("boom")

    with pytest.raises(ValueError, match="boom"):
        fails()
    assert json.loads(error_file.read_text())["message"]["message"] == "ValueError: boom"
