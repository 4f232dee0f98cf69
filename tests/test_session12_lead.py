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
