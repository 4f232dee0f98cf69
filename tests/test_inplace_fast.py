"""The fast path of ``x += y`` / ``x.sub_(y)`` / ``x.mul_(s)`` (``ops.inplace.fast_arith_``): the same
bits, identity, version counter and errors as the general in-place path and as PyTorch."""
from __future__ import annotations

import numpy as np
import pytest

import ember
from ember.ops import inplace

OPS = ("add_", "sub_", "mul_", "__iadd__", "__isub__", "__imul__")
SHAPES = [((5,), (5,)), ((3, 4), (4,)), ((3, 4), ()), ((2, 3, 4), (3, 4)), ((), ())]


def _cases():
    for dt in ("float32", "float64"):
        for shape_s, shape_o in SHAPES:
            for op in OPS:
                for kind in ("tensor", "float", "int"):
                    yield dt, shape_s, shape_o, op, kind


def _operands(dt, shape_s, shape_o, kind, seed=0):
    rng = np.random.default_rng(seed)
    a = rng.standard_normal(shape_s).astype(dt)
    b = rng.standard_normal(shape_o).astype(dt)
    other = b if kind == "tensor" else (0.37 if kind == "float" else 3)
    return a, other


@pytest.mark.parametrize("dt,shape_s,shape_o,op,kind", list(_cases()))
def test_fast_path_matches_pytorch(dt, shape_s, shape_o, op, kind):
    torch = pytest.importorskip("torch")
    a, other = _operands(dt, shape_s, shape_o, kind)
    e, t = ember.tensor(a.copy()), torch.tensor(a.copy())
    re = getattr(e, op)(ember.tensor(other) if kind == "tensor" else other)
    rt = getattr(t, op)(torch.tensor(other) if kind == "tensor" else other)
    assert re is e and rt is t
    assert np.array_equal(e.numpy(), t.numpy())
    assert e.dtype.name == dt and e._version == t._version == 1


@pytest.mark.parametrize("dt,shape_s,shape_o,op,kind", list(_cases()))
def test_fast_path_matches_general_path(dt, shape_s, shape_o, op, kind):
    a, other = _operands(dt, shape_s, shape_o, kind, seed=1)
    ufunc = {"add": np.add, "sub": np.subtract, "mul": np.multiply}[op.strip("_").lstrip("i")]
    fast = ember.tensor(a.copy())
    done = inplace.fast_arith_(fast, ember.tensor(other) if kind == "tensor" else other, ufunc)
    if done is None:  # 0-d tensors hold NumPy scalars, which the general path handles
        assert shape_s == () or (kind == "tensor" and shape_o == ())
        return
    assert done is fast
    general = ember.tensor(a.copy())
    name = op.strip("_").lstrip("i") + "_"
    inplace.apply_inplace(general, getattr(ember, name[:-1]), ember.tensor(other) if kind == "tensor" else other)
    assert np.array_equal(fast.numpy(), general.numpy())


def test_fast_path_declines_what_it_cannot_do_exactly():
    x = ember.ones(3)
    assert inplace.fast_arith_(x, ember.ones(3, dtype=ember.float64), np.add) is None  # dtype promotion
    assert inplace.fast_arith_(x, ember.ones(1, 3), np.add) is None  # PyTorch's broadcast-shape error
    assert inplace.fast_arith_(ember.arange(3), 1, np.add) is None  # integer tensors
    assert inplace.fast_arith_(x, True, np.add) is None  # bool scalar
    assert inplace.fast_arith_(x, 2 ** 60, np.add) is None  # an int a float64 can't hold
    assert inplace.fast_arith_(ember.ones(3).expand(2, 3), 1.0, np.add) is None  # internal overlap
    base = ember.arange(6.0)
    assert inplace.fast_arith_(base[1:], base[:-1], np.add) is None  # partial overlap
    w = ember.ones(3, requires_grad=True)
    assert inplace.fast_arith_(w, 1.0, np.add) is None  # recorded (here: the leaf error)


def test_leaf_rules_and_no_grad_updates():
    w = ember.ones(3, requires_grad=True)
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad is being used in an in-place"):
        w += 1
    with ember.no_grad():
        w -= 0.5 * ember.ones(3)
        w.mul_(2.0)
    assert w.tolist() == [1.0, 1.0, 1.0] and w._version == 2 and w.requires_grad and w.grad_fn is None


def test_views_share_the_write_and_the_version():
    base = ember.zeros(2, 3)
    row = base[1]
    row += ember.ones(3)
    row.mul_(3.0)
    assert base.tolist() == [[0.0, 0.0, 0.0], [3.0, 3.0, 3.0]]
    assert base._version == row._version == 2


def test_saved_tensor_modified_under_no_grad_is_caught():
    x = ember.ones(3, requires_grad=True)
    y = x * 2
    z = y * y  # saves y
    with ember.no_grad():
        y.mul_(2.0)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        z.sum().backward()


@pytest.mark.parametrize("dt", ["float32", "float64"])
@pytest.mark.parametrize("op", ["add_", "sub_"])
@pytest.mark.parametrize("alpha", [-0.1, 0.37, 3, 1e-3])
def test_alpha_fast_path_matches_general_path_and_pytorch(dt, op, alpha):
    rng = np.random.default_rng(7)
    a = rng.standard_normal((33, 17)).astype(dt)
    b = rng.standard_normal((33, 17)).astype(dt)
    fast = ember.tensor(a.copy())
    assert getattr(fast, op)(ember.tensor(b), alpha=alpha) is fast and fast._version == 1
    general = ember.tensor(a.copy())
    inplace.apply_inplace(general, getattr(ember, op[:-1]), ember.tensor(b), alpha=alpha)
    assert np.array_equal(fast.numpy(), general.numpy())
    torch = pytest.importorskip("torch")
    t = torch.tensor(a.copy())
    getattr(t, op)(torch.tensor(b), alpha=alpha)
    assert np.array_equal(fast.numpy(), t.numpy())  # the fused multiply-add's single rounding


def test_alpha_fast_path_declines():
    x = ember.ones(3)
    assert inplace.fast_add_scaled_(x, 1.0, 2.0) is None  # a scalar other
    assert inplace.fast_add_scaled_(x, ember.ones(3), True) is None  # a bool alpha (PyTorch's error)
    assert inplace.fast_add_scaled_(x, ember.ones(1, 3), 2.0) is None  # broadcast
    w = ember.ones(3, requires_grad=True)
    assert inplace.fast_add_scaled_(w, ember.ones(3), 2.0) is None  # recorded
    with pytest.raises(RuntimeError, match="Boolean alpha only supported"):
        x.add_(ember.ones(3), alpha=True)


@pytest.mark.parametrize("op", ["add", "sub", "add_", "sub_"])
def test_alpha_true_and_float_one_are_checked_as_pytorch(op):
    with pytest.raises(RuntimeError, match="Boolean alpha only supported for Boolean results."):
        getattr(ember.ones(3), op)(ember.ones(3), alpha=True)
    with pytest.raises(RuntimeError, match="For integral input tensors, argument alpha must not be a floating"):
        getattr(ember.ones(3, dtype=ember.int64), op)(ember.ones(3, dtype=ember.int64), alpha=1.0)
    assert getattr(ember.ones(3), op)(ember.ones(3), alpha=1.0).tolist() == ([2.0] * 3 if "add" in op else [0.0] * 3)
