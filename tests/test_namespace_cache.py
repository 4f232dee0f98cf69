"""``ember.<name>`` for a function served by ``ember/__init__.py``'s ``__getattr__`` (``addmm``,
``argmax``, ... from ``ember._functions``) resolves once and is then an ordinary module attribute."""
import pytest

import ember
import ember._functions as _functions


def test_function_is_kept_after_first_lookup():
    f = ember.addbmm
    assert f is _functions.addbmm
    assert vars(ember)["addbmm"] is f
    assert ember.addbmm is f


def test_lazy_attr_and_foreach_are_kept():
    from ember.optim import _foreach
    assert ember._foreach_add is _foreach._foreach_add
    assert vars(ember)["_foreach_add"] is _foreach._foreach_add


def test_unknown_names_still_raise():
    for name in ("no_such_function", "_foreach_no_such", "_no_such_private"):
        with pytest.raises(AttributeError, match=f"module 'torch' has no attribute '{name}'"):
            getattr(ember, name)
        assert not hasattr(ember, name)
        assert name not in vars(ember)


def test_addmm_broadcasts_its_input_and_keeps_expand_errors():
    m1, m2 = ember.ones(2, 3), ember.ones(3, 4)
    for shape in [(4,), (1, 4), (2, 1), (2, 4), ()]:
        out = ember.addmm(ember.full(shape, 2.0), m1, m2, beta=0.5)
        assert out.shape == (2, 4) and out.tolist() == [[4.0] * 4] * 2
    with pytest.raises(RuntimeError, match=r"The expanded size of the tensor \(4\) must match the existing size \(3\)"):
        ember.addmm(ember.ones(3), m1, m2)
    with pytest.raises(RuntimeError, match=r"the number of sizes provided \(2\) must be greater or equal"):
        ember.addmm(ember.ones(1, 2, 4), m1, m2)
