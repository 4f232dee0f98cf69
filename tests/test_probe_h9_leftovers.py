"""Probe leftovers (h9): batch_norm / group_norm argument checks, cosine_similarity broadcasting,
pad / interpolate dtype errors, complex softmax, masked_fill's checked fill value, sum(out=), trace of
bool, lerp / mul argument-parser errors and factory ``size=`` / ``requires_grad=`` checks.

Each case is a function of the module (``ember`` or ``torch``): golden expectations run without
PyTorch, and the same cases are compared with PyTorch when it is installed."""
import warnings

import pytest

import ember


def _outcome(T, case):
    """``("ok", repr(result))`` or ``(exception type name, message)``."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            r = case(T)
    except Exception as e:  # noqa: BLE001 - the exception is the outcome compared
        return type(e).__name__, str(e)
    if hasattr(r, "shape") and hasattr(r, "dtype"):
        return "ok", repr(r)
    return "ok", repr(r)


def _same_as_torch(cases):
    torch = pytest.importorskip("torch")
    for name, case in cases.items():
        assert _outcome(ember, case) == _outcome(torch, case), name


def _F(T):
    return T.nn.functional


# ------------------------------------------------------------------ 1. batch_norm
BN = {
    "eval no stats": lambda T: _F(T).batch_norm(T.ones(4, 3), None, None, training=False),
    "eval no var": lambda T: _F(T).batch_norm(T.ones(4, 3), T.zeros(3), None, training=False),
    "eval no mean, bad var": lambda T: _F(T).batch_norm(T.ones(4, 3), None, T.ones(2)),
    "1-d with stats": lambda T: _F(T).batch_norm(T.ones(3), T.zeros(3), T.ones(3)),
    "1-d training weight": lambda T: _F(T).batch_norm(T.ones(3), None, None, T.ones(3), training=True),
    "1-d no stats": lambda T: _F(T).batch_norm(T.ones(3), None, None, training=True),
    "1-d empty stats": lambda T: _F(T).batch_norm(T.ones(3), T.zeros(0), T.ones(0)),
    "0-d": lambda T: _F(T).batch_norm(T.tensor(1.), T.zeros(3), T.ones(3)),
    "int eval no stats": lambda T: _F(T).batch_norm(T.ones(4, 3, dtype=T.int32), None, None),
    "torch.batch_norm": lambda T: T.batch_norm(T.ones(4, 3), None, None, None, None, False, 0.1, 1e-5, False),
    "empty input": lambda T: _F(T).batch_norm(T.ones(0, 3), T.zeros(2), T.ones(3)),
    "empty affine": lambda T: _F(T).batch_norm(T.ones(0, 3), None, None, 2 * T.ones(3), T.ones(3),
                                               training=True).grad_fn,
    "training ok": lambda T: _F(T).batch_norm(T.tensor([[1., 2.], [3., 5.]]), None, None, training=True),
}


def test_batch_norm_golden():
    F = ember.nn.functional
    with pytest.raises(RuntimeError, match="^running_mean must be defined in evaluation mode$"):
        F.batch_norm(ember.ones(4, 3), None, None, training=False)
    with pytest.raises(RuntimeError, match="^running_var must be defined in evaluation mode$"):
        F.batch_norm(ember.ones(4, 3), ember.zeros(3), None)
    with pytest.raises(RuntimeError, match="^running_mean should contain 0 elements not 3$"):
        F.batch_norm(ember.ones(3), ember.zeros(3), ember.ones(3))
    with pytest.raises(IndexError, match=r"^Dimension out of range \(expected to be in range of \[-1, 0\], but got 1\)$"):
        F.batch_norm(ember.ones(3), None, None, training=True)
    x = ember.ones(0, 3, requires_grad=True)
    r = F.batch_norm(x, ember.zeros(2), ember.ones(3), ember.ones(3), ember.zeros(3))
    assert tuple(r.shape) == (0, 3) and type(r.grad_fn).__name__ == "AddBackward0"


def test_batch_norm_matches_torch():
    _same_as_torch(BN)


# ------------------------------------------------------------------ 2. group_norm
GN = {
    "empty batch": lambda T: _F(T).group_norm(T.ones(0, 4, 3), 2),
    "empty batch affine": lambda T: _F(T).group_norm(T.ones(0, 4, 3), 2, T.ones(4), T.zeros(4)),
    "empty grad_fn": lambda T: _F(T).group_norm(T.ones(0, 4, 3, requires_grad=True), 2).grad_fn.name(),
    "empty 2-d": lambda T: _F(T).group_norm(T.ones(0, 4), 2),
    "no channels": lambda T: _F(T).group_norm(T.ones(2, 0, 3), 2),
    "no spatial": lambda T: _F(T).group_norm(T.ones(2, 4, 0), 2),
    "bias shape": lambda T: _F(T).group_norm(T.ones(2, 4, 3), 2, T.ones(4), T.zeros(3)),
    "bias shape no weight": lambda T: _F(T).group_norm(T.ones(2, 4, 3), 2, None, T.zeros(3)),
    "bias 2-d": lambda T: _F(T).group_norm(T.ones(2, 4, 3), 2, T.ones(4), T.zeros(2, 2)),
    "weight shape": lambda T: _F(T).group_norm(T.ones(2, 4, 3), 2, T.ones(3), T.zeros(4)),
    "not divisible": lambda T: _F(T).group_norm(T.ones(2, 4, 3), 3),
    "zero groups": lambda T: _F(T).group_norm(T.ones(2, 4, 3), 0),
    "negative groups": lambda T: _F(T).group_norm(T.ones(2, 4, 3), -2),
    "one value per group": lambda T: _F(T).group_norm(T.ones(1, 4, 1), 4),
    "1-d": lambda T: _F(T).group_norm(T.ones(3), 1),
    "torch.group_norm zero": lambda T: T.group_norm(T.ones(2, 4, 3), 0),
    "torch.group_norm empty": lambda T: T.group_norm(T.ones(0, 4, 3), 2),
    "module zero": lambda T: T.nn.GroupNorm(0, 4),
    "values": lambda T: _F(T).group_norm(T.tensor([[[1., 2.], [3., 5.]]]), 1),
}


def test_group_norm_golden():
    F = ember.nn.functional
    assert tuple(F.group_norm(ember.ones(0, 4, 3), 2).shape) == (0, 4, 3)
    with pytest.raises(RuntimeError, match=r"got bias of shape \[4\] and input of shape \[2, 4, 3\]$"):
        F.group_norm(ember.ones(2, 4, 3), 2, ember.ones(4), ember.zeros(3))
    with pytest.raises(ZeroDivisionError, match="^integer division or modulo by zero$"):
        F.group_norm(ember.ones(2, 4, 3), 0)
    with pytest.raises(RuntimeError, match="^Expected num groups to be greater than 0, got -1$"):
        F.group_norm(ember.ones(2, 4, 3), -1)
    with pytest.raises(ValueError, match=r"got input size \[1, 4, 1\]$"):
        F.group_norm(ember.ones(1, 4, 1), 4)
    x = ember.ones(0, 4, 3, requires_grad=True)
    w = ember.ones(4, requires_grad=True)
    F.group_norm(x, 2, w).sum().backward()
    assert tuple(x.grad.shape) == (0, 4, 3) and w.grad.tolist() == [0.0] * 4


def test_group_norm_matches_torch():
    _same_as_torch(GN)


# ------------------------------------------------------------------ 3. cosine_similarity
COS = {
    "dim 0": lambda T: _F(T).cosine_similarity(T.ones(2, 3), T.ones(4, 3)),
    "dim 1": lambda T: _F(T).cosine_similarity(T.ones(2, 3), T.ones(2, 4)),
    "torch.": lambda T: T.cosine_similarity(T.ones(2, 3), T.ones(2, 4)),
    "broadcast ok": lambda T: _F(T).cosine_similarity(T.tensor([[1., 0.]]), T.tensor([[1., 1.], [0., 1.]])),
}


def test_cosine_similarity_golden():
    with pytest.raises(RuntimeError, match=r"^The size of tensor a \(3\) must match the size of tensor b \(4\) "
                                           r"at non-singleton dimension 1$"):
        ember.nn.functional.cosine_similarity(ember.ones(2, 3), ember.ones(2, 4))


def test_cosine_similarity_matches_torch():
    _same_as_torch(COS)


# ------------------------------------------------------------------ 4. pad / upsample dtypes
PAD = {f"{mode} {k}d {dt}": (lambda T, mode=mode, k=k, dt=dt:
                             _F(T).pad(T.ones((1, 1) + (3,) * k, dtype=getattr(T, dt)), (1, 1) * k, mode=mode))
       for mode in ("reflect", "replicate", "circular") for k in (1, 2, 3) for dt in ("bool", "uint8", "int64")}
PAD["reflect too big bool"] = lambda T: _F(T).pad(T.ones(1, 1, 3, dtype=T.bool), (3, 3), mode="reflect")
UP = {f"{mode} {dt}": (lambda T, mode=mode, k=k, dt=dt:
                       _F(T).interpolate(T.ones((1, 1) + (2,) * k, dtype=getattr(T, dt)), scale_factor=2, mode=mode))
      for mode, k in (("nearest", 1), ("nearest", 2), ("nearest", 3), ("nearest-exact", 2), ("linear", 1),
                      ("bilinear", 2), ("bicubic", 2), ("trilinear", 3), ("area", 2))
      for dt in ("bool", "uint8", "int8", "int64", "complex64")}
UP["module nearest long"] = lambda T: T.nn.Upsample(scale_factor=2, mode="nearest")(T.tensor([[[1, 2]]]))
UP["module nearest bool"] = lambda T: T.nn.Upsample(scale_factor=2, mode="nearest")(T.tensor([[[True, False]]]))
UP["aa half"] = lambda T: _F(T).interpolate(T.ones(1, 1, 4, 4, dtype=T.float16), scale_factor=0.5,
                                            mode="bilinear", antialias=True)
UP["aa int"] = lambda T: _F(T).interpolate(T.ones(1, 1, 4, 4, dtype=T.int32), scale_factor=0.5,
                                           mode="bicubic", antialias=True)


def test_pad_and_upsample_golden():
    F = ember.nn.functional
    with pytest.raises(NotImplementedError, match="^\"reflection_pad1d\" not implemented for 'Bool'$"):
        F.pad(ember.tensor([[[True, False]]]), (1, 1), mode="reflect")
    with pytest.raises(NotImplementedError, match="^\"replication_pad2d\" not implemented for 'Bool'$"):
        F.pad(ember.ones(1, 2, 2, dtype=ember.bool), (1, 1, 1, 1), mode="replicate")
    assert F.pad(ember.tensor([[[True, False]]]), (1, 1), mode="circular").tolist() == [[[False, True, False, True]]]
    with pytest.raises(NotImplementedError, match="^\"compute_indices_weights_nearest\" not implemented for 'Long'$"):
        ember.nn.Upsample(scale_factor=2, mode="nearest")(ember.tensor([[[1, 2]]]))
    with pytest.raises(NotImplementedError,
                       match="^\"upsample_nearest2d_channels_last\" not implemented for 'ComplexFloat'$"):
        F.interpolate(ember.ones(1, 1, 2, 2, dtype=ember.complex64), scale_factor=2)
    with pytest.raises(NotImplementedError, match="^\"compute_index_ranges_weights\" not implemented for 'Half'$"):
        F.interpolate(ember.ones(1, 1, 4, 4, dtype=ember.float16), scale_factor=0.5, mode="bilinear", antialias=True)
    r = ember.nn.Upsample(scale_factor=2, mode="nearest")(ember.tensor([[[[1, 2]]]], dtype=ember.uint8))
    assert r.tolist() == [[[[1, 1, 2, 2], [1, 1, 2, 2]]]]


def test_pad_and_upsample_match_torch():
    _same_as_torch({**PAD, **UP})


# ------------------------------------------------------------------ 5. complex softmax
SM = {}
for _fname in ("softmax", "log_softmax"):
    for _dim in (0, -1):
        SM[f"torch.{_fname} {_dim}"] = (lambda T, f=_fname, d=_dim:
                                        getattr(T, f)(T.tensor([[1 + 2j, 3 - 1j], [1j, 2]]), d))
        SM[f"F.{_fname} {_dim}"] = (lambda T, f=_fname, d=_dim:
                                    getattr(_F(T), f)(T.tensor([[1 + 2j, 3 - 1j], [1j, 2]], dtype=T.complex128), d))
        SM[f"method {_fname} {_dim}"] = lambda T, f=_fname, d=_dim: getattr(T.tensor([1 + 2j, 3 - 1j]), f)(d)
SM["0-d"] = lambda T: T.softmax(T.tensor(1 + 2j), 0)
SM["empty"] = lambda T: T.softmax(T.zeros(0, 2, dtype=T.complex64), 0)
SM["empty long"] = lambda T: T.log_softmax(T.zeros(0, 2, dtype=T.long), 0)
SM["dtype float"] = lambda T: T.softmax(T.tensor([1 + 2j, 3 - 1j]), 0, dtype=T.float32)
SM["module"] = lambda T: T.nn.Softmin(0)(T.tensor([1 + 2j, 3 - 1j]))


def test_complex_softmax_golden():
    with pytest.raises(NotImplementedError,
                       match="^\"softmax_lastdim_kernel_impl\" not implemented for 'ComplexFloat'$"):
        ember.softmax(ember.tensor([1 + 2j, 3 - 1j]), 0)
    with pytest.raises(NotImplementedError, match="^\"log_softmax_kernel_impl\" not implemented for 'ComplexDouble'$"):
        ember.log_softmax(ember.ones(2, 2, dtype=ember.complex128), 0)
    assert tuple(ember.softmax(ember.zeros(0, 2, dtype=ember.complex64), 0).shape) == (0, 2)


def test_complex_softmax_matches_torch():
    _same_as_torch(SM)


# ------------------------------------------------------------------ 6. masked_fill
_MF_VALUES = (300, -200, -1, -255, -256, 255, 256, 127, -129, 1.5, 300.0, -1.0, 255.9, True, 70000, 2 ** 31,
              2 ** 40, 2 ** 63 - 1, 2 ** 63, -2 ** 63, 1e6, 1e39, 65520.0, float("inf"), float("nan"), 1 + 2j, 3.5e38)
MF = {f"{dt} {v!r}": (lambda T, dt=dt, v=v: T.tensor([1, 2, 3]).to(getattr(T, dt)).masked_fill(
    T.tensor([True, False, True]), v))
      for dt in ("bool", "uint8", "int8", "int16", "int32", "int64", "float16", "float32", "float64", "complex64")
      for v in _MF_VALUES}
MF["tensor value"] = lambda T: T.zeros(3, dtype=T.uint8).masked_fill(T.tensor([True, False, True]), T.tensor(300))
MF["tensor float value"] = lambda T: T.zeros(3, dtype=T.int8).masked_fill(T.tensor([True, False, True]),
                                                                         T.tensor(-1.0))
MF["broadcast"] = lambda T: T.zeros(3).masked_fill(T.tensor([True, False]), 1.0)
MF["broadcast 2-d"] = lambda T: T.zeros(2, 3).masked_fill(T.ones(4, 1, dtype=T.bool), 1.0)
MF["inplace broadcast"] = lambda T: T.zeros(3).masked_fill_(T.tensor([True, False]), 1.0)
MF["inplace broadcast 2-d"] = lambda T: T.zeros(2, 3).masked_fill_(T.ones(4, 1, dtype=T.bool), 1.0)
MF["inplace output shape"] = lambda T: T.zeros(3).masked_fill_(T.ones(2, 3, dtype=T.bool), 1.0)
MF["inplace overflow"] = lambda T: T.zeros(3, dtype=T.int8).masked_fill_(T.tensor([True, False, True]), 300)
MF["neg inf"] = lambda T: T.zeros(3).masked_fill(T.tensor([True, False, True]), float("-inf"))


def test_masked_fill_golden():
    m = ember.tensor([True, False, True])
    with pytest.raises(RuntimeError, match="^value cannot be converted to type int8_t without overflow$"):
        ember.tensor([1, 2, 3], dtype=ember.int8).masked_fill(m, 300)
    with pytest.raises(RuntimeError, match="^value cannot be converted to type uint8_t without overflow$"):
        ember.tensor([1, 2, 3], dtype=ember.uint8).masked_fill(m, -1.0)
    with pytest.raises(RuntimeError, match="^value cannot be converted to type c10::Half without overflow$"):
        ember.zeros(3, dtype=ember.float16).masked_fill(m, 1e6)
    assert ember.tensor([1, 2, 3], dtype=ember.uint8).masked_fill(m, -200).tolist() == [56, 2, 56]
    assert ember.zeros(3, dtype=ember.bool).masked_fill(m, 300).tolist() == [True, False, True]
    with pytest.raises(RuntimeError, match=r"^The size of tensor a \(2\) must match the size of tensor b \(3\)"):
        ember.zeros(3).masked_fill(ember.tensor([True, False]), 1.0)
    with pytest.raises(RuntimeError, match=r"^The size of tensor a \(3\) must match the size of tensor b \(2\)"):
        ember.zeros(3).masked_fill_(ember.tensor([True, False]), 1.0)


def test_masked_fill_matches_torch():
    _same_as_torch(MF)


# ------------------------------------------------------------------ 7. sum(out=) / trace(bool)
SUM = {
    "method no dim": lambda T: T.tensor([1.7, 2.6]).sum(out=T.zeros((), dtype=T.long)),
    "method dim": lambda T: T.tensor([1.7, 2.6]).sum(0, out=T.zeros((), dtype=T.long)),
    "method dim kw": lambda T: T.tensor([1.7, 2.6]).sum(dim=0, out=T.zeros(())),
    "method dtype no dim": lambda T: T.tensor([1.7, 2.6]).sum(dtype=T.float64, out=T.zeros(())),
    "function no dim": lambda T: T.sum(T.tensor([1.7, 2.6]), out=T.zeros((), dtype=T.long)),
    "function long": lambda T: T.sum(T.tensor([1.7, 2.6, -0.5]), 0, out=T.zeros((), dtype=T.long)),
    "function int8": lambda T: T.sum(T.tensor([1.7, 2.6, -0.5]), 0, out=T.zeros((), dtype=T.int8)),
    "function bool": lambda T: T.sum(T.tensor([1.7, 2.6]), 0, out=T.zeros((), dtype=T.bool)),
    "function int to float": lambda T: T.sum(T.tensor([1, 2]), 0, out=T.zeros(())),
    "function half to float": lambda T: T.sum(T.tensor([1.7, 2.6, -0.5]).half(), 0, out=T.zeros(())),
    "function uint8": lambda T: T.sum(T.tensor([200, 100], dtype=T.uint8), 0, out=T.zeros((), dtype=T.uint8)),
    "function rows": lambda T: T.sum(T.tensor([[1.5, 2.5], [3.5, 4.5]]), 1, out=T.zeros(2, dtype=T.long)),
    "function dtype mismatch": lambda T: T.sum(T.ones(3), 0, dtype=T.float64, out=T.zeros(())),
    "function grad": lambda T: T.sum(T.ones(3, requires_grad=True), 0, out=T.zeros((), dtype=T.long)),
    "plain method": lambda T: T.tensor([1.5, 2.0]).sum(),
    "trace bool": lambda T: T.trace(T.tensor([[True, False], [True, True]])),
    "trace bool method": lambda T: T.ones(2, 3, dtype=T.bool).trace(),
    "trace bool 1-d": lambda T: T.trace(T.ones(2, dtype=T.bool)),
    "trace int8": lambda T: T.trace(T.tensor([[1, 2], [3, 4]], dtype=T.int8)),
}


def test_sum_out_and_trace_golden():
    x = ember.tensor([1.7, 2.6, -0.5])
    with pytest.raises(TypeError, match=r"^sum\(\) received an invalid combination of arguments - got \(out=Tensor, \)"):
        x.sum(out=ember.zeros((), dtype=ember.long))
    with pytest.raises(TypeError, match="^sum\\(\\) got an unexpected keyword argument 'out'$"):
        x.sum(0, out=ember.zeros(()))
    assert ember.sum(x, 0, out=ember.zeros((), dtype=ember.long)).item() == 3
    with pytest.raises(NotImplementedError, match="^\"trace\" not implemented for 'Bool'$"):
        ember.trace(ember.ones(2, 2, dtype=ember.bool))


def test_sum_out_and_trace_match_torch():
    _same_as_torch(SUM)


# ------------------------------------------------------------------ 8. lerp
LERP = {
    "scalar end": lambda T: T.lerp(T.ones(2), 2.0, 0.5),
    "method scalar end": lambda T: T.ones(2).lerp(2.0, 0.5),
    "inplace scalar end": lambda T: T.ones(2).lerp_(2.0, T.ones(2)),
    "scalar input": lambda T: T.lerp(2.0, T.ones(2), 0.5),
    "scalar end tensor weight": lambda T: T.lerp(T.ones(2), 2.0, T.ones(2)),
    "str weight": lambda T: T.lerp(T.ones(2), T.ones(2), "a"),
    "method str weight": lambda T: T.ones(2).lerp(T.ones(2), "a"),
    "method tuple end": lambda T: T.ones(2).lerp((1, 2), 0.5),
    "method none weight": lambda T: T.ones(2).lerp(T.ones(2), None),
    "ok": lambda T: T.lerp(T.tensor([1., 2.]), T.tensor([3., 5.]), 0.25),
    "ok tensor weight": lambda T: T.ones(2).lerp(T.tensor([3., 5.]), T.tensor(0.5)),
    "dtype": lambda T: T.lerp(T.ones(2), T.ones(2).double(), 0.5),
}


def test_lerp_golden():
    msg = ("lerp() received an invalid combination of arguments - got (Tensor, float, float), but expected one of:\n"
           " * (Tensor input, Tensor end, Tensor weight, *, Tensor out = None)\n"
           " * (Tensor input, Tensor end, Number weight, *, Tensor out = None)\n")
    with pytest.raises(TypeError) as e:
        ember.lerp(ember.ones(2), 2.0, 0.5)
    assert str(e.value) == msg
    with pytest.raises(TypeError) as e:
        ember.ones(2).lerp(2.0, 0.5)
    assert "didn't match because some of the arguments have invalid types: (!float!, !float!)" in str(e.value)
    assert ember.ones(2).lerp(ember.tensor([3., 5.]), 0.5).tolist() == [2.0, 3.0]


def test_lerp_matches_torch():
    _same_as_torch(LERP)


# ------------------------------------------------------------------ 9. factories
FACT = {}
for _fn in ("zeros", "ones", "empty", "rand", "randn"):
    FACT[f"{_fn} size=None"] = lambda T, f=_fn: getattr(T, f)(size=None)
    FACT[f"{_fn} size=2"] = lambda T, f=_fn: getattr(T, f)(size=2)
    FACT[f"{_fn} size=(2,)"] = lambda T, f=_fn: getattr(T, f)(size=(2,)).shape
    FACT[f"{_fn} None"] = lambda T, f=_fn: getattr(T, f)(None)
    FACT[f"{_fn} rg=1"] = lambda T, f=_fn: getattr(T, f)(2, requires_grad=1)
    FACT[f"{_fn} rg=0"] = lambda T, f=_fn: getattr(T, f)(2, requires_grad=0)
    FACT[f"{_fn} rg=None"] = lambda T, f=_fn: getattr(T, f)(2, requires_grad=None).requires_grad
    FACT[f"{_fn} rg=True"] = lambda T, f=_fn: getattr(T, f)(2, requires_grad=True).requires_grad
FACT["full rg"] = lambda T: T.full((2,), 1., requires_grad=1)
FACT["tensor rg"] = lambda T: T.tensor([1.], requires_grad=1)
FACT["zeros_like rg"] = lambda T: T.zeros_like(T.ones(2), requires_grad=0)


def test_factories_golden():
    with pytest.raises(TypeError, match="^zeros\\(\\): argument 'size' must be tuple of ints, not NoneType$"):
        ember.zeros(size=None)
    with pytest.raises(TypeError, match="^ones\\(\\): argument 'requires_grad' must be bool, not int$"):
        ember.ones(2, requires_grad=1)
    assert ember.zeros(2, requires_grad=None).requires_grad is False
    assert tuple(ember.empty(size=(2, 3)).shape) == (2, 3)


def test_factories_match_torch():
    _same_as_torch(FACT)


# ------------------------------------------------------------------ 10. mul / add argument errors
ARITH = {f"{form} {op} {arg!r}": (lambda T, form=form, op=op, arg=arg:
                                  getattr(T.tensor([1., 2.]), op)(arg) if form == "method"
                                  else getattr(T, op)(T.tensor([1., 2.]), arg) if form == "function"
                                  else getattr(T, op)(arg, T.tensor([1., 2.])))
         for form in ("method", "function", "reversed") for op in ("mul", "add", "sub", "div")
         for arg in ((1, 2), [1, 2], None, 2)}
ARITH["method maximum"] = lambda T: T.tensor([1., 2.]).maximum((1, 2))
ARITH["method atan2"] = lambda T: T.tensor([1., 2.]).atan2((1, 2))
ARITH["operator"] = lambda T: T.tensor([1., 2.]) * (1, 2)


def test_arith_arg_errors_golden():
    t = ember.tensor([1., 2.])
    with pytest.raises(TypeError, match="^mul\\(\\): argument 'other' \\(position 1\\) must be Tensor, not tuple$"):
        t.mul((1, 2))
    with pytest.raises(TypeError, match="^mul\\(\\): argument 'other' \\(position 2\\) must be Tensor, not tuple$"):
        ember.mul(t, (1, 2))
    with pytest.raises(TypeError, match="^mul\\(\\): argument 'input' \\(position 1\\) must be Tensor, not tuple$"):
        ember.mul((1, 2), t)
    assert ember.mul(2, t).tolist() == [2.0, 4.0]


def test_arith_arg_errors_match_torch():
    _same_as_torch(ARITH)
