"""Loss functions follow PyTorch's dtype rules: promoted result dtypes, integer/bool inputs
rejected with PyTorch's messages, nll_loss2d's own shape checks."""
import pytest

import ember
import ember.nn.functional as F

L = ember.tensor([1, 2])
L2 = ember.tensor([1, 3])
f = ember.tensor([0.5, 1.5])
d = ember.tensor([0.5, 1.5], dtype=ember.float64)


@pytest.mark.parametrize("fn,args,exc,msg", [
    (F.mse_loss, (L, L2), NotImplementedError, "\"mse_cpu\" not implemented for 'Long'"),
    (F.mse_loss, (L > 1, L2 > 1), NotImplementedError, "\"mse_cpu\" not implemented for 'Bool'"),
    (F.smooth_l1_loss, (L, L2), NotImplementedError, "\"smooth_l1_cpu\" not implemented for 'Long'"),
    (F.huber_loss, (L, L2), NotImplementedError, "\"huber_cpu\" not implemented for 'Long'"),
    (F.huber_loss, (L, f), RuntimeError, "result type Float can't be cast to the desired output type Long"),
    (F.soft_margin_loss, (L, L2), RuntimeError, "result type Float can't be cast to the desired output type Long"),
    (F.binary_cross_entropy_with_logits, (f, L2), RuntimeError,
     "result type Float can't be cast to the desired output type Long"),
    (F.binary_cross_entropy_with_logits, (f, L2 > 1), RuntimeError,
     "Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` "
     "operator instead."),
    (F.binary_cross_entropy_with_logits, (L, L2), NotImplementedError, "\"log_sigmoid_cpu\" not implemented for 'Long'"),
    (F.binary_cross_entropy, (ember.tensor([0.5, 0.2]), L2), RuntimeError, "Found dtype Long but expected Float"),
    (F.binary_cross_entropy, (ember.tensor([0.5, 0.2]), d), RuntimeError, "Found dtype Double but expected Float"),
    (F.binary_cross_entropy, (L, L2), NotImplementedError, "\"binary_cross_entropy\" not implemented for 'Long'"),
    (F.kl_div, (f, L2), RuntimeError, "kl_div: Integral inputs not supported."),
    (F.cross_entropy, (ember.zeros(2, 3, 4, 4), ember.zeros(2, 4, 5, dtype=ember.int64)), RuntimeError,
     "size mismatch (got input: [2, 3, 4, 4] , target: [2, 4, 5]"),
    (F.nll_loss, (ember.zeros(2, 3, 4, 4), ember.zeros(2, 4, dtype=ember.int64)), RuntimeError,
     "only batches of spatial targets supported (3D tensors) but got targets of dimension: 2"),
])
def test_loss_errors(fn, args, exc, msg):
    with pytest.raises(exc) as info:
        fn(*args)
    assert str(info.value) == msg


@pytest.mark.parametrize("fn,args,dtype", [
    (F.mse_loss, (f, L2), ember.float32),
    (F.mse_loss, (L, f), ember.float32),
    (F.mse_loss, (f, d), ember.float64),
    (F.smooth_l1_loss, (f, d), ember.float64),
    (F.smooth_l1_loss, (L, f), ember.float32),
    (F.huber_loss, (f, d), ember.float32),  # written into the input's dtype
    (F.binary_cross_entropy_with_logits, (f, d), ember.float64),
])
def test_loss_result_dtypes(fn, args, dtype):
    assert fn(*args).dtype == dtype


def test_mixed_dtype_gradients_keep_input_dtype():
    x = ember.tensor([0.5, 1.5], requires_grad=True)
    F.mse_loss(x, d).backward()
    assert x.grad.dtype == ember.float32
    assert x.grad.tolist() == [0.0, 0.0]
