"""torch.convolution, set_flush_denormal, legacy Tensor.new and the removed 1.9 functions."""
import numpy as np
import pytest

import ember


@pytest.mark.parametrize("name,args", [("solve", 2), ("lstsq", 2), ("eig", 1), ("symeig", 1), ("matrix_rank", 1)])
def test_removed_functions_raise_pytorch_messages(name, args):
    with pytest.raises(RuntimeError, match="This function was deprecated since version 1.9 and is now removed"):
        getattr(ember, name)(*([ember.eye(2)] * args))


def test_removed_methods():
    with pytest.raises(RuntimeError, match=r"`torch.solve` is deprecated in favor of `torch.linalg.solve`"):
        ember.eye(2).solve(ember.eye(2))
    with pytest.raises(RuntimeError, match=r"L = torch.linalg.eigvalsh\(A, UPLO="):
        ember.eye(2).symeig()


def test_convolution_dispatches_to_conv_and_transpose():
    y = ember.convolution(ember.ones(1, 1, 3, 3), ember.ones(1, 1, 2, 2), None, [1, 1], [0, 0], [1, 1], False, [0, 0], 1)
    assert y.tolist() == [[[[4.0, 4.0], [4.0, 4.0]]]]
    x = ember.ones(1, 2, 3, requires_grad=True)
    y = ember.convolution(x, ember.ones(2, 1, 2), ember.zeros(1), [2], [0], [1], True, [1], 1)
    assert tuple(y.shape) == (1, 1, 7) and y.grad_fn.name() == "ConvolutionBackward0"
    assert y.tolist() == [[[2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 0.0]]]


def test_set_flush_denormal_reports_unsupported():
    assert ember.set_flush_denormal(True) is False


def test_tensor_new():
    x = ember.ones(2, 3, dtype=ember.float64)
    assert tuple(x.new(2).shape) == (2,) and x.new(2).dtype == ember.float64
    assert tuple(x.new(2, 3).shape) == (2, 3) and tuple(x.new(ember.Size([4])).shape) == (4,)
    assert tuple(x.new().shape) == (0,)
    assert str(x.new([1, 2])) == "tensor([1., 2.], dtype=torch.float64)"
    assert str(ember.ones(2, dtype=ember.int64).new([1.7, 2])) == "tensor([1, 2])"


@pytest.mark.parametrize("args,msg", [
    ((5, "W"), "linear(): argument 'input' (position 1) must be Tensor, not int"),
    (("x", 3), "linear(): argument 'weight' (position 2) must be Tensor, not int"),
    (("x", "W", 1), "linear(): argument 'bias' (position 3) must be Tensor, not int"),
])
def test_linear_rejects_non_tensors(args, msg):
    env = {"x": ember.ones(2), "W": ember.ones(2, 2)}
    real = [env.get(a, a) if isinstance(a, str) else a for a in args]
    with pytest.raises(TypeError) as info:
        ember.nn.functional.linear(*real)
    assert str(info.value) == msg
