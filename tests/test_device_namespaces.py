"""``torch.mps``, ``torch.xpu`` and ``torch.types`` on a machine with neither backend."""
import pytest

import ember


def _raises(exc_type, message, fn, *args):
    with pytest.raises(exc_type) as info:
        fn(*args)
    assert str(info.value) == message


def test_mps_absent():
    mps = ember.mps
    assert mps.is_available() is False and mps.device_count() == 0
    assert mps.manual_seed(3) is None
    _raises(RuntimeError, "Cannot execute deviceSynchronize() without MPS backend.", mps.synchronize)
    _raises(RuntimeError, "Cannot execute emptyCache() without MPS backend.", mps.empty_cache)
    _raises(RuntimeError, "Cannot execute getDefaultGenerator() without MPS backend.", mps.seed)
    _raises(RuntimeError, "Cannot execute getCurrentAllocatedMemory() without MPS backend.",
            mps.current_allocated_memory)


def test_xpu_absent():
    xpu = ember.xpu
    assert xpu.is_available() is False and xpu.device_count() == 0 and xpu.is_initialized() is False
    assert xpu.manual_seed(1) is None and xpu.manual_seed_all(1) is None and xpu.empty_cache() is None
    assert xpu.memory_allocated() == 0 and xpu.memory_stats() == {} and xpu.get_rng_state_all() == []
    assert xpu.is_bf16_supported() is False
    for fn in (xpu.current_device, xpu.synchronize, xpu.get_device_name, xpu.init, xpu.initial_seed):
        _raises(AssertionError, "Torch not compiled with XPU enabled", fn)


def test_types_aliases():
    from ember.types import Device, Number
    assert str(Number) == "int | float | bool"
    assert isinstance(3.5, Number) and isinstance(True, Number) and not isinstance("3", Number)
    assert str in Device.__args__


@pytest.mark.parametrize("name", ["mps", "xpu"])
def test_same_answers_as_pytorch(name):
    torch = pytest.importorskip("torch")
    ours, theirs = getattr(ember, name), getattr(torch, name)
    assert ours.is_available() == theirs.is_available() and ours.device_count() == theirs.device_count()
    assert set(ours.__all__) <= set(dir(theirs))
