"""``Linear``/``Conv``/``LayerNorm`` read ``weight`` and ``bias`` straight from ``_parameters``
(``nn.modules.module._weight_and_bias``) only where ``self.weight`` would end up there: every
other place the attribute lookup can find them first must still win."""
import numpy as np
import pytest

import ember
import ember.nn as nn
from ember.nn.utils import parametrize


def _x(*shape):
    return ember.tensor(np.random.default_rng(0).standard_normal(shape).astype(np.float32))


def test_plain_linear_uses_its_parameters():
    m = nn.Linear(3, 2)
    x = _x(4, 3)
    want = x._data @ m.weight._data.T + m.bias._data
    np.testing.assert_array_equal(m(x)._data, want)
    m(x).sum().backward()
    assert m.weight.grad is not None and m.bias.grad is not None


def test_parametrized_weight_is_the_property():
    class Zero(nn.Module):
        def forward(self, w):
            return w * 0
    m = nn.Linear(3, 2)
    parametrize.register_parametrization(m, "weight", Zero())
    out = m(_x(4, 3))
    np.testing.assert_array_equal(out._data, np.broadcast_to(m.bias._data, (4, 2)))


def test_instance_attribute_wins():
    m = nn.Linear(3, 2)
    del m.weight  # removed from _parameters; a plain tensor attribute takes its place
    m.weight = ember.zeros(2, 3)
    assert "weight" in m.__dict__
    out = m(_x(4, 3))
    np.testing.assert_array_equal(out._data, np.broadcast_to(m.bias._data, (4, 2)))


def test_subclass_property_wins():
    class Scaled(nn.Linear):
        def __init__(self):
            super().__init__(3, 2)  # registers a ``weight`` parameter, which the property hides
            self.raw = nn.Parameter(ember.ones(2, 3))

        @property
        def weight(self):
            return self.raw * 3
    m = Scaled()
    x = _x(4, 3)
    np.testing.assert_allclose(m(x)._data, x._data @ np.full((3, 2), 3.0, np.float32) + m.bias._data, rtol=1e-6)


def test_weight_from_buffer_and_missing_weight():
    m = nn.Linear(3, 2)
    w = m.weight.detach().clone()
    del m.weight
    m.register_buffer("weight", w * 2)
    x = _x(4, 3)
    np.testing.assert_allclose(m(x)._data, x._data @ (2 * w._data).T + m.bias._data, rtol=1e-6)
    del m.weight
    with pytest.raises(AttributeError, match="'Linear' object has no attribute 'weight'"):
        m(x)


def test_no_bias_and_weight_norm():
    m = nn.Linear(3, 2, bias=False)
    x = _x(4, 3)
    np.testing.assert_array_equal(m(x)._data, x._data @ m.weight._data.T)
    c = nn.utils.weight_norm(nn.Conv2d(1, 2, 3))
    with ember.no_grad():
        c.weight_g.mul_(0)
    assert float(c(_x(1, 1, 5, 5)).sub(c.bias.view(1, 2, 1, 1)).abs().max()) == 0.0


def test_layer_norm_weight_override():
    m = nn.LayerNorm(4)
    x = _x(2, 4)
    base = m(x)._data
    del m.weight
    m.weight = ember.full((4,), 2.0)
    np.testing.assert_allclose(m(x)._data, base * 2, rtol=1e-6)
