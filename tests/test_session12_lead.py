"""Smaller fidelity fixes of the twelfth session (the lead's own probes)."""
from __future__ import annotations

import numpy as np
import pytest

import ember


@pytest.mark.parametrize("old,new", [("eye", "eye_"), ("dirac", "dirac_")])
def test_deprecated_init_aliases(old, new):
    w = ember.empty(3, 3, 3)
    with pytest.warns(FutureWarning, match=f"`nn.init.{old}` is now deprecated in favor of `nn.init.{new}`."):
        out = getattr(ember.nn.init, old)(w if old == "dirac" else w[0])
    assert out is (w if old == "dirac" else out)
    if old == "eye":
        assert out.tolist() == [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]


def _spawned_work(rank, scale, queue):
    queue.put((rank, (ember.ones(2) * scale * rank).tolist()))


def _spawned_failure(rank):
    if rank == 1:
        raise ValueError("boom")


def test_multiprocessing_module():
    import ember.multiprocessing as mp
    assert mp.get_sharing_strategy() == "file_descriptor"
    assert mp.get_all_sharing_strategies() == {"file_descriptor", "file_system"}
    mp.set_sharing_strategy("file_system")
    try:
        assert mp.get_sharing_strategy() == "file_system"
    finally:
        mp.set_sharing_strategy("file_descriptor")
    with pytest.raises(AssertionError):
        mp.set_sharing_strategy("shared_memory")
    queue = mp.get_context("spawn").SimpleQueue()
    mp.spawn(_spawned_work, args=(3.0, queue), nprocs=2)
    assert sorted([queue.get(), queue.get()]) == [(0, [0.0, 0.0]), (1, [3.0, 3.0])]
    with pytest.raises(mp.ProcessRaisedException, match="ValueError: boom"):
        mp.spawn(_spawned_failure, nprocs=2)
    assert ember.multiprocessing is mp and mp.Queue is not None


def test_newaxis():
    assert ember.newaxis is None
    assert ember.zeros(3)[ember.newaxis].shape == (1, 3)


def test_view_made_in_no_grad_mode_requires_grad_but_gets_no_gradient():
    """PyTorch: a view of a tensor that requires grad, made under no_grad, still requires grad
    (and prints so), is a leaf, refuses in-place ops in grad mode, and no gradient reaches it."""
    w = ember.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requires_grad=True)
    with ember.no_grad():
        views = [w[0], w.t(), w.view(-1), w.unbind(0)[1], w.split(1)[0], w[:, 1:], w.diagonal(), w.expand(2, 2, 3)]
        copies = [w.detach()[0], w * 2, w[:, [0, 2]]]
    assert all(v.requires_grad and v.is_leaf and v.grad_fn is None for v in views)
    assert not any(c.requires_grad for c in copies)
    assert repr(views[0]) == "tensor([1., 2., 3.], requires_grad=True)"
    with pytest.raises(RuntimeError, match="A view was created in no_grad mode and is being modified inplace"):
        views[0].add_(1)
    z = (views[0] * 3).sum() + (w * 1).sum()
    assert z.grad_fn is not None
    z.backward()
    assert views[0].grad is None and w.grad.tolist() == [[1.0, 1.0, 1.0], [1.0, 1.0, 1.0]]
    with pytest.raises(RuntimeError, match="appears to not have been used in the graph"):
        ember.autograd.grad((views[2] * 2).sum(), views[2])


def test_no_grad_views_match_torch():
    torch = pytest.importorskip("torch")
    out = []
    for lib in (ember, torch):
        lib.manual_seed(0)
        lin = lib.nn.Linear(3, 2)
        with lib.no_grad():
            rows = [repr(lin.weight[0]), repr(lin.weight.t()), repr(lin.bias.view(2, 1))]
        out.append(rows)
    assert out[0] == out[1]


@pytest.mark.parametrize("value,name", [(np.float64(3.0), "numpy.float64"), ([1, 2], "list"), (3, "int"),
                                        (np.int8(1), "numpy.int8")])
def test_from_numpy_type_error_names_the_c_type(value, name):
    with pytest.raises(TypeError, match=rf"^expected np.ndarray \(got {name}\)$"):
        ember.from_numpy(value)
