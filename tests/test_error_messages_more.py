"""PyTorch's error texts for bad random-op arguments, arange ranges, rrelu bounds and CELU's alpha
(C++ messages print doubles as ``%g``: -1.0 shows as -1)."""
import pytest

import ember
import ember.nn.functional as F

CASES = [
    (lambda: ember.normal(0.0, -1.0, (2,)), "normal expects std >= 0.0, but found std -1"),
    (lambda: ember.empty(2).normal_(0, -2), "normal expects std >= 0.0, but found std -2"),
    (lambda: ember.bernoulli(ember.tensor([1.5])),
     "Expected p_in >= 0 && p_in <= 1 to be true, but got false.  (Could this error message be improved?  "
     "If so, please report an enhancement request to PyTorch.)"),
    (lambda: ember.empty(2).bernoulli_(2.0), "bernoulli_ expects p to be in [0, 1], but got p=2"),
    (lambda: ember.empty(3).exponential_(-1.0), "exponential_ expects lambda > 0.0, but found lambda=-1"),
    (lambda: ember.empty(3).cauchy_(0, -1.0), "cauchy_ expects sigma > 0.0, but found sigma=-1"),
    (lambda: ember.empty(3).cauchy_(0, 0.0), "cauchy_ expects sigma > 0.0, but found sigma=0"),
    (lambda: ember.empty(3).log_normal_(0, -1.5), "log_normal_ expects std > 0.0, but found std=-1.5"),
    (lambda: ember.empty(3).geometric_(2.0), "geometric_ expects p to be in (0, 1), but got p=2"),
    (lambda: ember.arange(0.0, float("inf")), "unsupported range: 0 -> inf"),
    (lambda: ember.arange(float("nan"), 1.0), "unsupported range: nan -> 1"),
    (lambda: ember.arange(0, 1, float("nan")), "step must be nonzero"),
    (lambda: ember.arange(0, 2 ** 62, 1e-9), "invalid size, possible overflow?"),
    (lambda: F.rrelu(ember.zeros(2), 0.5, 0.1), "Lower bound should be less than or equal to the upper bound"),
    (lambda: ember.rrelu(ember.zeros(2), 0.5, 0.1, training=True),
     "Lower bound should be less than or equal to the upper bound"),
    (lambda: F.celu(ember.zeros(2), alpha=0.0), "ZeroDivisionError: alpha cannot be 0 for CELU"),
]


@pytest.mark.parametrize("f,msg", CASES)
def test_runtime_error_text(f, msg):
    with pytest.raises(RuntimeError) as info:
        f()
    assert str(info.value) == msg


@pytest.mark.parametrize("name,kernel", [
    ("gelu", "GeluKernelImpl"), ("silu", "silu_cpu"), ("elu", "elu_cpu"), ("selu", "elu_cpu"), ("celu", "elu_cpu"),
    ("softplus", "softplus_cpu"), ("mish", "mish_cpu"), ("logsigmoid", "log_sigmoid_cpu"),
    ("hardswish", "hardswish_cpu"), ("hardsigmoid", "hardsigmoid_cpu"), ("leaky_relu", "leaky_relu_cpu"),
    ("softshrink", "softshrink_check"), ("hardshrink", "hardshrink_cpu"),
])
@pytest.mark.parametrize("dtype,word", [(ember.int64, "Long"), (ember.bool, "Bool")])
def test_activation_integer_inputs(name, kernel, dtype, word):
    with pytest.raises(NotImplementedError) as info:
        getattr(F, name)(ember.zeros(4, dtype=dtype))
    assert str(info.value) == f"\"{kernel}\" not implemented for '{word}'"


@pytest.mark.parametrize("name", ["hardtanh", "relu6"])
def test_hardtanh_bool(name):
    with pytest.raises(RuntimeError) as info:
        getattr(F, name)(ember.tensor([True, False]))
    assert str(info.value) == "Bool inputs not supported for hardtanh"
