"""``torch.randint`` / ``torch.randint_like`` bind their calls as PyTorch's argument parser does:
``low`` given as a keyword selects the ``(low, high, size)`` overload, and a call no overload takes
gets the parser's own error (the plausible overloads are those whose argument counts admit it)."""
import pytest

import ember
from program_runner import raises_exactly

_SIGS = (
    " * (int high, tuple of ints size, *, torch.Generator generator, Tensor out = None, torch.dtype dtype = None, "
    "torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)\n"
    " * (int high, tuple of ints size, *, Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, "
    "torch.device device = None, bool pin_memory = False, bool requires_grad = False)\n"
    " * (int low, int high, tuple of ints size, *, torch.Generator generator, Tensor out = None, "
    "torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, "
    "bool requires_grad = False)\n"
    " * (int low, int high, tuple of ints size, *, Tensor out = None, torch.dtype dtype = None, "
    "torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)\n")


def _combination(got):
    return f"randint() received an invalid combination of arguments - got ({got}), but expected one of:\n" + _SIGS


def test_valid_calls_bind_as_pytorch():
    ember.manual_seed(0)
    a = ember.randint(low=1, high=5, size=(50,))
    assert a.min().item() >= 1 and a.max().item() < 5
    ember.manual_seed(0)
    assert ember.randint(1, high=5, size=(50,)).tolist() == a.tolist()
    ember.manual_seed(0)
    assert ember.randint(1, 5, (50,)).tolist() == a.tolist()
    ember.manual_seed(0)
    b = ember.randint(high=5, size=[50])
    ember.manual_seed(0)
    assert ember.randint(5, (50,)).tolist() == b.tolist()


def test_missing_arguments_of_the_one_plausible_overload():
    raises_exactly(lambda: ember.randint(low=1, size=(3,)), TypeError,
                   'randint() missing 2 required positional argument: "high", "size"')
    raises_exactly(lambda: ember.randint(low=1, high=5), TypeError,
                   'randint() missing 1 required positional arguments: "size"')
    raises_exactly(lambda: ember.randint(5, foo=1), TypeError,
                   'randint() missing 1 required positional arguments: "size"')


def test_invalid_combinations():
    raises_exactly(lambda: ember.randint(5), TypeError, _combination("int"))
    raises_exactly(lambda: ember.randint(), TypeError, _combination(""))
    raises_exactly(lambda: ember.randint(low=1), TypeError, _combination("low=int, "))
    raises_exactly(lambda: ember.randint(1, 2, 3, 4), TypeError, _combination("int, int, int, int"))
    raises_exactly(lambda: ember.randint(0, low=1, size=(3,)), TypeError, _combination("int, size=tuple, low=int"))
    raises_exactly(lambda: ember.randint(low=1, size=(3,), dtype=ember.int32), TypeError,
                   _combination("dtype=torch.dtype, size=tuple, low=int, "))


def test_randint_like_overloads():
    x = ember.zeros(3)
    ember.manual_seed(0)
    a = ember.randint_like(x, high=4)
    ember.manual_seed(0)
    assert ember.randint_like(x, 4).tolist() == a.tolist()
    ember.manual_seed(0)
    assert ember.randint_like(x, low=0, high=4).tolist() == a.tolist()
    for call, got in [(lambda: ember.randint_like(x), "Tensor"),
                      (lambda: ember.randint_like(x, low=2), "Tensor, low=int"),
                      (lambda: ember.randint_like(x, 10.5), "Tensor, float"),
                      (lambda: ember.randint_like(x, 1, 10.5), "Tensor, int, float"),
                      (lambda: ember.randint_like(x, True), "Tensor, bool")]:
        with pytest.raises(TypeError) as e:
            call()
        assert str(e.value).startswith(f"randint_like() received an invalid combination of arguments - got ({got}), ")
