"""Small PyTorch behaviours found by the op-table probes: out= for logit/sinc, heaviside of NaN,
out=(values, indices) for sort/topk/kthvalue/median/mode, the resize warning, 0-d .mH,
clone(memory_format=contiguous_format)."""
import warnings

import numpy as np
import pytest

import ember


def test_logit_sinc_out():
    x = ember.tensor([0.2, 0.7])
    o = ember.empty(2)
    assert ember.logit(x, out=o) is o
    np.testing.assert_allclose(o.numpy(), np.log(x.numpy() / (1 - x.numpy())), rtol=1e-6)
    assert ember.sinc(x, out=o) is o


def test_heaviside_nan_is_zero():
    r = ember.heaviside(ember.tensor([float("nan"), 0.0, -1.0, 2.0]), ember.tensor([0.5]))
    assert r.tolist() == [0.0, 0.5, 0.0, 1.0]


def test_values_indices_out():
    x = ember.tensor([[3.0, 1.0, 2.0], [0.0, 5.0, 4.0]])
    v, i = ember.empty(0), ember.empty(0, dtype=ember.int64)
    r = ember.sort(x, 1, out=(v, i))
    assert r.values is v and r.indices is i and type(r).__name__ == "sort_out"
    assert v.tolist() == [[1.0, 2.0, 3.0], [0.0, 4.0, 5.0]] and i.tolist() == [[1, 2, 0], [0, 2, 1]]
    with pytest.warns(UserWarning, match=r"resized since it had shape \[2, 3\], which does not match the "
                                         r"required output shape \[2, 2\]"):
        ember.topk(x, 2, out=(v, i))
    assert v.tolist() == [[3.0, 2.0], [5.0, 4.0]]
    xg = ember.tensor([3.0, 1.0], requires_grad=True)
    for name, call in (("sort", lambda o: ember.sort(xg, out=o)), ("topk", lambda o: ember.topk(xg, 1, out=o)),
                       ("kthvalue", lambda o: ember.kthvalue(xg, 1, out=o))):
        with pytest.raises(RuntimeError, match=rf"^{name}\(\): functions with out=\.\.\. arguments don't support"):
            call((ember.empty(0), ember.empty(0, dtype=ember.int64)))


def test_zero_d_mH_and_clone_contiguous_format():
    with pytest.warns(UserWarning, match="Tensor.mH is deprecated on 0-D tensors"):
        assert ember.tensor(2.0).mH.item() == 2.0
    t = ember.randn(3, 4).t()
    assert t.clone(memory_format=ember.contiguous_format).stride() == (3, 1)
    assert t.clone().stride() == (1, 4)


def test_no_resize_warning_for_empty_or_same_shape():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ember.exp(ember.ones(3), out=ember.empty(0))
        ember.exp(ember.ones(3), out=ember.empty(3))


def test_requires_grad_takes_a_bool_only():
    with pytest.raises(TypeError, match=r"^requires_grad_\(\): argument 'requires_grad' \(position 1\) must be "
                                        r"bool, not str$"):
        ember.ones(2).requires_grad_("x")
    assert ember.ones(2).requires_grad_().requires_grad


def test_complex_to_real_cast_warns_like_pytorch():
    from ember.ops import convert
    convert._COMPLEX_TO_REAL_WARNED[0] = False  # (PyTorch warns once per process: forget earlier casts)
    x = ember.tensor([1 + 2j])
    with pytest.warns(UserWarning, match="^Casting complex values to real discards the imaginary part") as rec:
        y = x.to(ember.float32)
    assert y.tolist() == [1.0] and rec[0].filename == __file__


def test_integer_device_without_accelerator():
    from ember.backend.device import cuda_available
    if cuda_available():
        pytest.skip("an accelerator is present: an index names cuda:N")
    for call in (lambda: ember.device(1), lambda: ember.ones(2).to(1), lambda: ember.nn.Linear(2, 2).to(1)):
        with pytest.raises(RuntimeError, match="^Cannot access accelerator device when none is available.$"):
            call()
    assert str(ember.device("cuda:1")) == "cuda:1"
