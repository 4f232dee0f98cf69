"""Smaller fidelity fixes of the twelfth session (the lead's own probes)."""
from __future__ import annotations

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
