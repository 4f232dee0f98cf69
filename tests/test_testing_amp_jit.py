"""torch.testing, torch.amp and torch.jit on ember: messages, GradScaler arithmetic, jit no-ops."""
import pickle
import warnings

import pytest

import ember
import ember.amp
import ember.jit
import ember.testing

try:
    import torch
except ImportError:  # pragma: no cover
    torch = None

needs_torch = pytest.mark.skipif(torch is None, reason="PyTorch not installed")
T = ember.tensor


def _err(fn):
    with pytest.raises(Exception) as info:
        fn()
    return type(info.value).__name__, str(info.value)


# --------------------------------------------------------------------------- assert_close goldens
def test_close_message_golden():
    kind, msg = _err(lambda: ember.testing.assert_close(T([1., 2., 3.]), T([1., 2.5, 3.])))
    assert kind == "AssertionError"
    assert msg == ("Tensor-likes are not close!\n\nMismatched elements: 1 / 3 (33.3%)\n"
                   "Greatest absolute difference: 0.5 at index (1,) (up to 1e-05 allowed)\n"
                   "Greatest relative difference: 0.20000000298023224 at index (1,) (up to 1.3e-06 allowed)")


def test_equal_message_for_ints_and_item_id():
    _, msg = _err(lambda: ember.testing.assert_close([T([1, 2, 3])], [T([1, 5, 0])]))
    assert msg == ("Tensor-likes are not equal!\n\nMismatched elements: 2 / 3 (66.7%)\n"
                   "Greatest absolute difference: 3 at index (1,)\nGreatest relative difference: inf at index (2,)"
                   "\n\nThe failure occurred for item [0]")


def test_attribute_and_type_errors():
    assert _err(lambda: ember.testing.assert_close(T([1.]), T([1.], dtype=ember.float64))) == (
        "AssertionError", "The values for attribute 'dtype' do not match: torch.float32 != torch.float64.")
    assert _err(lambda: ember.testing.assert_close(T([1.]), T([1., 2.])))[1] == (
        "The values for attribute 'shape' do not match: torch.Size([1]) != torch.Size([2]).")
    assert _err(lambda: ember.testing.assert_close(T([1.]), 1.0)) == (
        "TypeError", "No comparison pair was able to handle inputs of type <class 'torch.Tensor'> and <class 'float'>.")
    assert _err(lambda: ember.testing.assert_close(T([1.]), T([1.]), rtol=0.1)) == (
        "ValueError", "Both 'rtol' and 'atol' must be either specified or omitted, but got no atol.")


def test_scalar_and_options():
    _, msg = _err(lambda: ember.testing.assert_close(T(1.0), T(1.1)))
    assert msg.startswith("Scalars are not close!\n\nExpected 1.100000023841858 but got 1.0.\n")
    ember.testing.assert_close(T([1., float("nan")]), T([1., float("nan")]), equal_nan=True)
    ember.testing.assert_close(T([1.]), T([1.], dtype=ember.float64), check_dtype=False)
    assert _err(lambda: ember.testing.assert_close(T([1.]), T([2.]), msg="custom")) == ("AssertionError", "custom")
    assert _err(lambda: ember.testing.assert_close(1, 2, msg=lambda m: "X" + m))[1].startswith("XScalars are not equal")
    _, msg = _err(lambda: ember.testing.assert_close({"a": 1}, {"b": 1}))
    assert msg.startswith("The keys of the mappings do not match:\nMissing keys in the actual mapping: ['b']")


def test_default_tolerance_table():
    ember.testing.assert_close(T([1.0]), T([1.0 + 1e-6]))  # float32: rtol 1.3e-6, atol 1e-5
    with pytest.raises(AssertionError):
        ember.testing.assert_close(T([1.0], dtype=ember.float64), T([1.0 + 1e-6], dtype=ember.float64))
    ember.testing.assert_close(T([1.0], dtype=ember.float16), T([1.0009765625], dtype=ember.float16))


def test_assert_allclose_warns():
    with pytest.warns(FutureWarning, match="assert_allclose"):
        ember.testing.assert_allclose([1., 2.], [1., 2.00001])


CASES = [
    lambda t: t.testing.assert_close(t.tensor([[1., 0.], [3., 4.]]), t.tensor([[1., 1e-3], [0., 4.]])),
    lambda t: t.testing.assert_close(t.tensor([1., float("nan"), 3.]), t.tensor([1., 2., 4.])),
    lambda t: t.testing.assert_close(t.tensor([1 + 1j, 2]), t.tensor([1 + 1j, 2 + 1j])),
    lambda t: t.testing.assert_close(t.tensor([True, False]), t.tensor([True, True])),
    lambda t: t.testing.assert_close(t.tensor([1, 2], dtype=t.uint8), t.tensor([3, 0], dtype=t.uint8)),
    lambda t: t.testing.assert_close(t.tensor([[1., 2.], [3., 4.]]).t(), t.tensor([[1., 3.], [2., 4.]]),
                                     check_stride=True),
    lambda t: t.testing.assert_close(1 + 1j, 1 + 2j),
    lambda t: t.testing.assert_close({"b": [t.tensor([2.])]}, {"b": [t.tensor([3.])]}),
]


@needs_torch
@pytest.mark.parametrize("case", range(len(CASES)))
def test_assert_close_matches_torch(case):
    assert _err(lambda: CASES[case](ember)) == _err(lambda: CASES[case](torch))


@needs_torch
@pytest.mark.parametrize("dtype", ["float32", "float16", "float64", "int64", "uint8", "bool", "complex64"])
def test_make_tensor_matches_torch_draws(dtype):
    torch.manual_seed(0)
    ember.manual_seed(0)
    a = torch.testing.make_tensor(2, 3, dtype=getattr(torch, dtype), device="cpu")
    b = ember.testing.make_tensor(2, 3, dtype=getattr(ember, dtype), device="cpu")
    assert repr(a) == repr(b)


def test_make_tensor_options_and_errors():
    x = ember.testing.make_tensor((2, 3), dtype=ember.float32, device="cpu", low=-1, high=1, noncontiguous=True,
                                  requires_grad=True)
    assert x.shape == (2, 3) and not x.is_contiguous() and x.requires_grad
    assert float(x.detach().abs().max()) < 1
    z = ember.testing.make_tensor(50, dtype=ember.int64, device="cpu", low=0, high=2, exclude_zero=True)
    assert bool((z != 0).all())
    assert _err(lambda: ember.testing.make_tensor(2, dtype=ember.float32, device="cpu", low=2, high=1)) == (
        "ValueError", "`low` must be less than `high`, but got 2 >= 1")
    assert _err(lambda: ember.testing.make_tensor(2, dtype=ember.int8, device="cpu", low=1000, high=2000))[1] == (
        "The value interval specified by `low` and `high` is [1000, 2000), but torch.int8 only supports [-128, 128)")


# --------------------------------------------------------------------------- GradScaler
def _model():
    p = ember.zeros(2, requires_grad=True)
    return p, ember.optim.SGD([p], lr=1.0)


def test_gradscaler_cuda_unavailable_warns_and_disables():
    if ember.cuda.is_available():
        pytest.skip("a GPU is present")
    with pytest.warns(UserWarning, match=r"torch.cuda.amp.GradScaler is enabled, but CUDA is not available.  Disabling."):
        s = ember.amp.GradScaler()
    assert not s.is_enabled() and s.get_scale() == 1.0 and s.state_dict() == {}
    x = T(3.0)
    assert s.scale(x) is x


def test_gradscaler_scale_unscale_step():
    p, opt = _model()
    s = ember.amp.GradScaler("cpu", init_scale=8.0)
    loss = s.scale((p * T([1., 2.])).sum())
    assert loss.item() == 0.0
    loss.backward()
    assert p.grad.tolist() == [8.0, 16.0]
    s.unscale_(opt)
    assert p.grad.tolist() == [1.0, 2.0]
    with pytest.raises(RuntimeError, match="unscale_\\(\\) has already been called"):
        s.unscale_(opt)
    s.step(opt)
    assert p.detach().tolist() == [-1.0, -2.0]
    with pytest.raises(RuntimeError, match="step\\(\\) has already been called since the last update\\(\\)."):
        s.step(opt)
    s.update()
    assert s.get_scale() == 8.0 and s._get_growth_tracker() == 1


def test_gradscaler_skips_inf_and_backs_off_then_grows():
    p, opt = _model()
    s = ember.amp.GradScaler("cpu", init_scale=4.0, growth_interval=2)
    s.scale((p * float("inf")).sum()).backward()
    assert s.step(opt) is None
    assert p.detach().tolist() == [0.0, 0.0]  # step skipped
    s.update()
    assert s.get_scale() == 2.0 and s._get_growth_tracker() == 0
    for _ in range(2):
        opt.zero_grad()
        s.scale(p.sum()).backward()
        s.step(opt)
        s.update()
    assert s.get_scale() == 4.0 and s._get_growth_tracker() == 0
    assert p.detach().tolist() == [-2.0, -2.0]


def test_gradscaler_state_dict_pickle_and_errors():
    s = ember.amp.GradScaler("cpu", init_scale=16.0, growth_interval=7)
    assert s.state_dict() == {"scale": 16.0, "growth_factor": 2.0, "backoff_factor": 0.5, "growth_interval": 7,
                              "_growth_tracker": 0}
    s2 = ember.amp.GradScaler("cpu")
    s2.load_state_dict(s.state_dict())
    assert s2.get_scale() == 16.0 and s2.get_growth_interval() == 7
    assert pickle.loads(pickle.dumps(s)).get_scale() == 16.0
    with pytest.raises(RuntimeError, match="The source state dict is empty"):
        s2.load_state_dict({})
    with pytest.raises(AssertionError, match="The growth factor must be > 1.0."):
        ember.amp.GradScaler("cpu", growth_factor=1.0)
    with pytest.raises(AssertionError, match="Attempted update but _scale is None.  This may indicate"):
        ember.amp.GradScaler("cpu").update()
    p = ember.zeros(2, dtype=ember.float16, requires_grad=True)
    p.grad = ember.ones(2, dtype=ember.float16)
    s.scale(T(1.0))
    with pytest.raises(ValueError, match="Attempting to unscale FP16 gradients."):
        s.unscale_(ember.optim.SGD([p], lr=1.0))


def test_gradscaler_growth_overflow_keeps_scale():
    p, opt = _model()
    s = ember.amp.GradScaler("cpu", init_scale=2.0**127, growth_interval=1)
    s.scale(p.sum()).backward()
    s.step(opt)
    s.update()
    assert s.get_scale() == 2.0**127


# --------------------------------------------------------------------------- autocast
def test_autocast_validation_messages():
    assert _err(lambda: ember.amp.autocast(3)) == ("ValueError", "Expected `device_type` of type `str`, got: `<class 'int'>`")
    assert _err(lambda: ember.amp.autocast("xyz"))[1].endswith("device type at start of device string: xyz")
    with pytest.warns(UserWarning, match="In CPU autocast, but the target dtype is not supported. Disabling autocast.\n"
                                          "CPU Autocast only supports dtypes of torch.bfloat16, torch.float16 currently."):
        assert not ember.amp.autocast("cpu", dtype=ember.float32)._enabled
    with pytest.raises(TypeError, match=r"autocast\(\)\(func\) requires a callable, but got int"):
        ember.amp.autocast("cpu", dtype=ember.float16)(5)


def test_autocast_cpu_bfloat16_default_raises_unless_disabled():
    with pytest.raises(RuntimeError, match="ember has no bfloat16"):
        ember.amp.autocast("cpu")
    with ember.amp.autocast("cpu", enabled=False) as ac:
        assert ac._enabled is False


def test_autocast_state_nesting_and_decorator():
    from ember.amp import autocast_mode as am
    assert not am.is_autocast_enabled("cpu")
    with ember.amp.autocast("cpu", dtype=ember.float16):
        assert am.is_autocast_enabled("cpu") and am.get_autocast_dtype("cpu") is ember.float16
        with ember.amp.autocast("cpu", enabled=False):
            assert not am.is_autocast_enabled("cpu")
        assert am.is_autocast_enabled("cpu")
        x = T([[1., 2.]]) @ T([[3.], [4.]])
        assert x.dtype is ember.float32  # documented: ember does not cast inside autocast

    @ember.amp.autocast("cpu", dtype=ember.float16)
    def f(a):
        return am.is_autocast_enabled("cpu"), a + 1
    assert f(T(1.0))[0] and f.__name__ == "f"
    assert not am.is_autocast_enabled("cpu")


def test_autocast_cuda_unavailable_warns():
    if ember.cuda.is_available():
        pytest.skip("a GPU is present")
    with pytest.warns(UserWarning, match="CUDA is not available or torch_xla is imported. Disabling autocast."):
        assert not ember.amp.autocast("cuda")._enabled


# --------------------------------------------------------------------------- jit
def test_jit_is_noop():
    m = ember.nn.Linear(2, 2)

    def f(x):
        return x * 2
    assert ember.jit.script(m) is m and ember.jit.trace(f, T([1.])) is f
    assert ember.jit.ignore(f) is f and ember.jit.ignore(drop=True)(f) is f
    assert ember.jit.unused(f) is f and ember.jit.export(f) is f
    assert not ember.jit.is_scripting() and not ember.jit.is_tracing()
    assert ember.jit.wait(ember.jit.fork(f, 3)) == 6
    assert ember.jit.annotate(int, 4) == 4


def test_jit_save_load_raise():
    with pytest.raises(NotImplementedError, match="ember has no TorchScript"):
        ember.jit.save(ember.nn.Linear(2, 2), "m.pt")
    with pytest.raises(NotImplementedError, match="torch.jit.load"):
        ember.jit.load("m.pt")


def test_lazy_namespaces_resolve():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert ember.testing is ember.testing and hasattr(ember.amp, "GradScaler") and hasattr(ember.jit, "script")


def test_compile_wraps_modules_like_pytorch():
    """``torch.compile(module)`` gives an ``OptimizedModule`` holding ``_orig_mod`` (state_dict keys
    prefixed, attributes read through); functions come back unchanged; no compiler runs."""
    import ember
    m = ember.nn.Linear(3, 2)
    cm = ember.compile(m)
    assert type(cm).__name__ == "OptimizedModule" and cm._orig_mod is m and cm.weight is m.weight
    assert str(cm) == "OptimizedModule(\n  (_orig_mod): Linear(in_features=3, out_features=2, bias=True)\n)"
    assert list(cm.state_dict()) == ["_orig_mod.weight", "_orig_mod.bias"]
    x = ember.ones(1, 3)
    assert ember.equal(cm(x), m(x))
    cm.eval()
    assert not m.training

    def f(t):
        return t + 1
    assert ember.compile(f) is f and ember.compile(mode="max-autotune")(f) is f
    # compiling turns distribution validation off (as PyTorch's dynamo patcher does): restore it for later tests
    ember.distributions.Distribution.set_default_validate_args(True)
    g = ember.manual_seed(0)
    assert type(g).__name__ == "Generator" and repr(g).startswith("<torch._C.Generator object at 0x")
