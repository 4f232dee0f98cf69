"""``torch.bfloat16`` exists (prints, compares, pickles, ``finfo``, autocast's CPU default) but NumPy
has no bfloat16 type, so making a tensor of it raises one clear ``TypeError`` (``_dtype._NoArrayDtype``)."""
import pickle

import pytest

import ember

MSG = "ember does not support torch.bfloat16 tensors"


def test_dtype_object():
    bf = ember.bfloat16
    assert repr(bf) == "torch.bfloat16" and str(bf) == "torch.bfloat16"
    assert bf.is_floating_point and not bf.is_complex and bf.is_signed and bf.itemsize == 2
    assert pickle.loads(pickle.dumps(bf)) is bf
    assert ember.ones(2).dtype != bf and {bf: 1}[bf] == 1
    assert bf.to_complex() is ember.complex64


def test_finfo():
    f = ember.finfo(ember.bfloat16)
    assert repr(f) == ("finfo(resolution=0.01, min=-3.38953e+38, max=3.38953e+38, eps=0.0078125, "
                       "smallest_normal=1.17549e-38, tiny=1.17549e-38, dtype=bfloat16)")
    assert (f.bits, f.eps, f.tiny, f.resolution, f.dtype) == (16, 0.0078125, 2.0 ** -126, 0.01, "bfloat16")


@pytest.mark.parametrize("make", [
    lambda: ember.ones(2, dtype=ember.bfloat16),
    lambda: ember.tensor([1.0], dtype=ember.bfloat16),
    lambda: ember.zeros_like(ember.ones(2), dtype=ember.bfloat16),
    lambda: ember.randn(2, dtype=ember.bfloat16),
    lambda: ember.ones(2).bfloat16(),
    lambda: ember.ones(2).to(ember.bfloat16),
    lambda: ember.nn.Linear(2, 2).bfloat16(),
    lambda: ember.set_default_dtype(ember.bfloat16),
])
def test_tensors_refuse(make):
    with pytest.raises(TypeError, match=MSG):
        make()
    assert ember.get_default_dtype() is ember.float32


def test_autocast_default_dtype_is_bfloat16():
    assert ember.get_autocast_dtype("cpu") is ember.bfloat16


def test_matches_pytorch_metadata():
    torch = pytest.importorskip("torch")
    assert repr(ember.finfo(ember.bfloat16)) == repr(torch.finfo(torch.bfloat16))
    assert ember.bfloat16.itemsize == torch.bfloat16.itemsize
    assert ember.bfloat16.is_signed == torch.bfloat16.is_signed
