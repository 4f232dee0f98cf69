"""0-d tensors: PyTorch's index/size errors, and Tensor.T's deprecation warnings off 2-D."""
import warnings

import pytest

import ember
from ember.ops import shape as _shape


@pytest.mark.parametrize("f,msg", [
    (lambda s: s.size(0), "Dimension specified as 0 but tensor has no dimensions"),
    (lambda s: s.size(5), "Dimension specified as 5 but tensor has no dimensions"),
    (lambda s: s.stride(-1), "Dimension specified as -1 but tensor has no dimensions"),
    (lambda s: s[0], "invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ "
                     "to convert a 0-dim tensor to a number"),
    (lambda s: s[0:1], "slice() cannot be applied to a 0-dim tensor."),
    (lambda s: s[..., 0], "too many indices for tensor of dimension 0"),
])
def test_zero_dim_index_errors(f, msg):
    with pytest.raises(IndexError) as info:
        f(ember.tensor(1.0))
    assert str(info.value) == msg


def test_view_of_empty_with_inferred_dim():
    with pytest.raises(RuntimeError, match=r"cannot reshape tensor of 0 elements into shape \[-1, 0\] because the "
                                           r"unspecified dimension size -1 can be any value and is ambiguous"):
        ember.ones(0).view(-1, 0)


def test_T_warns_once_off_2d():
    _shape._T_WARNED.clear()
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        ember.ones(2, 3).T
        ember.ones(3).T
        ember.ones(2, 3, 4).T
        ember.tensor(1.0).T
        ember.tensor(1.0).T
        ember.tensor(1.0 + 1j).H  # its own warning only
    texts = [str(w.message) for w in rec]
    assert len(texts) == 3
    assert texts[0].startswith("The use of `x.T` on tensors of dimension other than 2 to reverse their shape")
    assert texts[1].startswith("Tensor.T is deprecated on 0-D tensors.")
    assert texts[2].startswith("Tensor.H is deprecated on 0-D tensors.")


@pytest.mark.parametrize("value,msg", [(2 ** 64, "int too big to convert"), (2 ** 70, "int too big to convert"),
                                       (-2 ** 63 - 1, "can't convert negative int to unsigned")])
@pytest.mark.parametrize("dtype", [ember.int64, ember.float32, ember.float64])
@pytest.mark.parametrize("op", ["+", "*", "-", "/", "<"])
def test_python_int_outside_64_bits(value, msg, dtype, op):
    t = ember.tensor([1, 2], dtype=dtype)
    with pytest.raises(OverflowError) as info:
        eval(f"t {op} value")
    assert str(info.value) == msg


def test_python_int_at_64_bit_edges_wraps():
    i = ember.tensor([1, 2])
    assert (i + (2 ** 64 - 1)).tolist() == [0, 1]
    assert (i + 2 ** 63).tolist() == [-9223372036854775807, -9223372036854775806]


def test_float_of_grad_tensor_warns_only_with_grad_mode():
    from ember import _tensor
    flag = _tensor._WARNED_FLOAT_OF_GRAD
    saved = flag[0]
    flag[0] = False
    try:
        b = ember.tensor(1.0, requires_grad=True) * 2
        with warnings.catch_warnings(record=True) as rec:
            warnings.simplefilter("always")
            with ember.no_grad():
                float(b)  # PyTorch stays silent under no_grad (e.g. inside LBFGS.step)
            assert not rec
            float(b)
        assert len(rec) == 1 and "Converting a tensor with requires_grad=True to a scalar" in str(rec[0].message)
    finally:
        flag[0] = saved
