"""``grad_fn._saved_*`` after ``backward()``: a field PyTorch never saved (None) still reads None;
a freed one raises the "backward through the graph a second time" error; ``addcmul``/``addcdiv``
save only what their gradients need, as PyTorch's generated nodes do."""
import pytest

import ember
from ember.autograd.graph import FREED_MSG


def _freed(fn, field):
    with pytest.raises(RuntimeError) as e:
        getattr(fn, field)
    assert str(e.value) == FREED_MSG


def test_tensor_times_constant_tensor():
    a = ember.tensor([1.0, 2.0], requires_grad=True)
    b = ember.tensor([3.0, 4.0])
    y = a * b
    fn = y.grad_fn
    assert fn._saved_self is None and fn._saved_other.tolist() == [3.0, 4.0]
    y.sum().backward()
    assert fn._saved_self is None
    _freed(fn, "_saved_other")


@pytest.mark.parametrize("make", [lambda a: a * 2.0, lambda a: ember.mul(a, 2.0), lambda a: a.mul(2),
                                  lambda a: a / 2, lambda a: ember.div(a, 2)])
def test_tensor_and_python_scalar(make):
    a = ember.tensor([1.0, 2.0], requires_grad=True)
    y = make(a)
    fn = y.grad_fn
    assert fn._saved_self is None and fn._saved_other.item() == 2
    y.sum().backward()
    assert fn._saved_self is None
    _freed(fn, "_saved_other")


def test_addmm_without_mat2_gradient():
    c = ember.tensor(2.0, requires_grad=True)
    z = ember.addmm(ember.zeros(2, 2), ember.ones(2, 2), ember.ones(2, 2) * c)
    g = z.grad_fn
    z.sum().backward()
    _freed(g, "_saved_mat1")
    assert g._saved_mat2 is None and g._saved_alpha == 1 and g._saved_beta == 1


def test_addcmul_and_addcdiv_save_what_the_gradients_need():
    a = ember.ones(2, requires_grad=True)
    b = ember.tensor([3.0, 4.0])
    c = ember.tensor([1.0, 2.0], requires_grad=True)
    y = ember.addcmul(a, b, b)
    assert y.grad_fn._saved_tensor1 is None and y.grad_fn._saved_tensor2 is None
    y = ember.addcmul(a, c, b)
    assert y.grad_fn._saved_tensor1 is None and y.grad_fn._saved_tensor2.tolist() == [3.0, 4.0]
    y = ember.addcdiv(a, b, b)
    assert y.grad_fn._saved_tensor1 is None and y.grad_fn._saved_tensor2.tolist() == [3.0, 4.0]
    y = ember.addcdiv(a, b, c)
    assert y.grad_fn._saved_tensor1.tolist() == [3.0, 4.0] and y.grad_fn._saved_value == 1
    ember.addcdiv(a, c, c * 1).sum().backward()
    assert c.grad.tolist() == [0.0, 0.0]
    c.grad = None
    ember.addcmul(a, c, c * 1).sum().backward()
    assert c.grad.tolist() == [2.0, 4.0]


def test_scalar_slot_of_save_is_not_never_saved():
    from ember.autograd.graph import Node, _never_saved
    n = Node(())
    n.save(None, 2.5, ember.ones(1))
    n._saved = None
    assert _never_saved(n, 0) and not _never_saved(n, 1) and not _never_saved(n, 2)


def test_layer_norm_fields():
    x = ember.arange(6.0).reshape(2, 3).requires_grad_()
    y = ember.nn.functional.layer_norm(x, (3,), ember.ones(3), ember.zeros(3))
    f = y.grad_fn
    assert f._saved_normalized_shape == (3,)
    assert f._saved_bias.tolist() == [0.0, 0.0, 0.0] and f._saved_weight.tolist() == [1.0, 1.0, 1.0]
    assert f._saved_result1.tolist() == [[1.0], [4.0]] and f._saved_result1.dtype == ember.float32
    assert f._saved_result2.shape == (2, 1)
    y.sum().backward()
    assert f._saved_normalized_shape == (3,)
    for field in ("_saved_bias", "_saved_weight", "_saved_result1", "_saved_result2", "_saved_input"):
        _freed(f, field)
    x3 = ember.randn(2, 3, 4).requires_grad_()
    g = ember.nn.functional.layer_norm(x3, (3, 4)).grad_fn
    assert g._saved_result1.shape == (2, 1, 1) and g._saved_normalized_shape == (3, 4)
    assert g._saved_weight is None and g._saved_bias is None


def test_scatter_and_index_add_fields():
    x = ember.arange(6.0).reshape(2, 3).requires_grad_()
    idx = ember.tensor([[0, 1, 0], [1, 0, 1]])
    y = x.scatter(-1, idx, 2.0)
    assert y.grad_fn._saved_dim == 2 ** 64 - 1 and y.grad_fn._saved_index.tolist() == idx.tolist()
    y.sum().backward()
    _freed(y.grad_fn, "_saved_index")
    with pytest.raises(RuntimeError, match="backward through the graph a second time"):
        y.sum().backward()
    assert x.scatter_add(0, idx, ember.ones(2, 3)).grad_fn._saved_index is None  # (src needs no gradient)
    s = ember.ones(2, 3, requires_grad=True)
    z = x.scatter_add(-2, idx, s)
    assert z.grad_fn._saved_dim == 2 ** 64 - 2 and z.grad_fn._saved_index.tolist() == idx.tolist()
    a = x.index_add(1, ember.tensor([2, 0, 1]), s, alpha=2)
    f = a.grad_fn
    assert (f._saved_alpha, f._saved_dim, f._saved_source_dim) == (2, 1, 2)
    assert f._saved_index.tolist() == [2, 0, 1] and f._saved_source is s
    assert x.index_add(0, ember.tensor([1, 0]), ember.ones(2, 3)).grad_fn._saved_source is None
    x.grad = None
    a.sum().backward()
    assert s.grad.tolist() == [[2.0] * 3] * 2 and x.grad.tolist() == [[1.0] * 3] * 2
