"""A program's own attributes on tensors (``t.foo = 3``), as PyTorch allows them.

PyTorch tensors have a ``__dict__``: attributes set on a tensor stay on that object (not on
its clones, views or detached aliases), and ``copy.deepcopy`` of a plain tensor keeps them,
while ``nn.Parameter``'s ``__deepcopy__`` copies neither ``.grad`` nor them.
"""
from __future__ import annotations

import copy

import pytest

import ember


def test_set_and_read_an_attribute():
    t = ember.tensor([1., 2.])
    t.foo = 3
    assert t.foo == 3 and t.__dict__ == {"foo": 3}
    del t.foo
    assert not hasattr(t, "foo") and t.__dict__ == {}


def test_attributes_stay_on_their_object():
    t = ember.tensor([1., 2.], requires_grad=True)
    t.tag = "w"
    assert all(not hasattr(v, "tag") for v in (t.clone(), t.detach(), t[0], t * 2))


def test_deepcopy_keeps_a_tensors_attributes_but_not_a_parameters():
    t = ember.tensor([1., 2.])
    t.foo = [1, 2]
    c = copy.deepcopy(t)
    assert c.foo == [1, 2] and c.foo is not t.foo
    p = ember.nn.Parameter(ember.ones(2))
    p.tag = "x"
    with pytest.raises(AttributeError):
        copy.deepcopy(p).tag


def test_matches_pytorch():
    torch = pytest.importorskip("torch")
    for lib in (torch, ember):
        t = lib.tensor([1., 2.])
        t.foo = 3
        p = lib.nn.Parameter(lib.ones(2))
        p.tag = "x"
        assert (t.foo, copy.deepcopy(t).foo, hasattr(copy.deepcopy(p), "tag")) == (3, 3, False)
