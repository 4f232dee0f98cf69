"""Leftover fidelity gaps (session 10a), run under ``python -m ember run`` and under PyTorch 2.13; stdout must
match exactly.  The unit tests at the end pin the same behaviour without PyTorch installed:

* scalar overloads record only the tensor's edge: ``fmod``/``remainder`` with a number ``other`` are
  ``FmodBackward0``/``RemainderBackward0`` with one edge (no ``(None, 0)`` for the number), and PyTorch's
  ``NotImplemented`` nodes (``heaviside``, ``floor_divide``, ``remainder(number, t)``, ``bincount`` weights,
  ``scatter(..., reduce=)``) link only the inputs that require grad, as its autograd fallback does;
* ``Tensor.squeeze`` takes several dims as varargs (``x.squeeze(0, 1)``) and both forms take a tuple/list;
  dims are range- and duplicate-checked one by one in order, ``dim=None`` and ``torch.squeeze(x, 0, 1)``
  are the parser's "invalid combination" errors, a non-int in a dims tuple its "failed to unpack" error;
* ``torch.roll(x)`` (no ``shifts``) is PyTorch's ``missing 1 required positional arguments: "shifts"``,
  and too many positional arguments count as PyTorch counts them (the method without ``self``);
* ``masked_fill``/``masked_fill_`` with a non-tensor ``mask``/``input``, a ``value`` neither Tensor nor
  Number, or too few/many arguments raise PyTorch's full "invalid combination of arguments" message
  (keywords in PyTorch's order, the marked arguments in the signature's order);
* a Python list (or other non-tensor) as the index of ``take_along_dim``, ``index_copy(_)``,
  ``index_add(_)``, ``masked_scatter``, ``index_fill``, ``scatter``, ``index_put(_)`` raises PyTorch's
  parser ``TypeError`` instead of an ``AttributeError``; ``index_copy`` runs ATen's meta checks in order
  (an int32 index is refused).
"""
from __future__ import annotations

import pytest
from program_runner import program_tests

import ember

PROGRAMS = {
'scalar_overload_edges': r'''
import torch
def nf(t):
    g = t.grad_fn
    return type(g).__name__, [(type(n).__name__ if n is not None else None, i) for n, i in g.next_functions]
x = torch.tensor([1.5, -2.0, 3.0], requires_grad=True)
c = torch.tensor([0.5, 1.0, 2.0])
w = torch.tensor([0.5, 1.0, 2.5], requires_grad=True)
cases = [
    lambda: torch.fmod(x, 2.0), lambda: torch.fmod(x, 2), lambda: x.fmod(2.5), lambda: torch.fmod(x, c),
    lambda: torch.fmod(c, w), lambda: torch.fmod(x, torch.tensor(2.0)),
    lambda: torch.remainder(x, 2.0), lambda: x % 2, lambda: 2.0 % x, lambda: torch.remainder(c, w),
    lambda: torch.remainder(2.0, x), lambda: torch.heaviside(x, c), lambda: torch.heaviside(c, w),
    lambda: torch.heaviside(x, w), lambda: x.heaviside(torch.tensor(0.5)), lambda: x // 2,
    lambda: torch.floor_divide(c, w), lambda: torch.bincount(torch.tensor([0, 1, 1]), weights=w),
    lambda: torch.scatter(c, 0, torch.tensor([0, 1]), w, reduce='add'),
    lambda: torch.scatter(x, 0, torch.tensor([0, 1]), c, reduce='multiply'),
    lambda: x.clone().fmod_(2.0), lambda: x.clone().remainder_(1.5), lambda: x.clone().heaviside_(c),
    lambda: torch.pow(x, 2.0), lambda: torch.clamp(x, -1, 1), lambda: x - 2, lambda: torch.lerp(x, c, 0.5),
    lambda: torch.where(c > 0.7, x, 0.0), lambda: torch.atan2(c, w), lambda: x.double().fmod(2),
]
for f in cases:
    print(nf(f()))
for f in [lambda: torch.fmod(x, 2.0), lambda: torch.remainder(x, 2.0), lambda: torch.fmod(x, w)]:
    g, = torch.autograd.grad(f().sum(), x, create_graph=True)
    print(g, g.grad_fn)
y = x.clone()
y.fmod_(2.0)
y.sum().backward()
print(x.grad)
for f in [lambda: torch.heaviside(c, w), lambda: torch.floor_divide(x, c), lambda: 2 % x]:
    try:
        f().sum().backward()
    except RuntimeError as e:
        print(type(e).__name__, e)
''',
'squeeze_dims': r'''
import numpy as np
import torch
x = torch.zeros(1, 1, 3, 1)
cases = ['x.squeeze(0, 1)', 'x.squeeze((0, 1))', 'x.squeeze([0, 3])', 'x.squeeze(0, 1, 3)', 'x.squeeze(-1, 0)',
         'x.squeeze(0, 2)', 'x.squeeze(0, 0)', 'x.squeeze(0, -4)', 'x.squeeze(0, 4)', 'x.squeeze((0, 0, 9))',
         'x.squeeze(dim=(0, 1))', 'torch.squeeze(x, (0, 1))', 'torch.squeeze(x, [0, 1])', 'torch.squeeze(x, 0, 1)',
         'torch.squeeze(x, dim=(0, 3))', 'torch.squeeze(x, ())', 'x.squeeze(0, 1.5)', 'x.squeeze((0, 1.0))',
         'x.squeeze((1.5, 0))', 'x.squeeze(None)', 'x.squeeze(dim=None)', 'torch.squeeze(x, None)',
         'x.squeeze((0,), 1)', 'x.squeeze(0, dim=1)', 'torch.squeeze(x, 0, dim=1)', 'x.squeeze(0, axis=1)',
         'x.squeeze(True, 0)', 'x.squeeze(0, True)', 'x.squeeze(np.int64(0), 1)', 'x.squeeze(torch.tensor(0), 1)',
         'x.squeeze(0, torch.tensor(1.0))', 'torch.tensor(1.).squeeze(0, -1)', 'torch.tensor(1.).squeeze((0,))',
         'x.squeeze(axis=(0, 1))', 'x.squeeze(dim=0, axis=1)', 'x.squeeze()', 'x.squeeze(2)',
         'torch.Tensor.squeeze(x, 0, 1)', 'x.squeeze(torch.Size([0, 1]))']
for c in cases:
    try:
        r = eval(c)
        print(c, tuple(r.shape), r.stride())
    except Exception as e:
        print(c, type(e).__name__, e)
y = torch.zeros(1, 2, 1, requires_grad=True)
z = y.squeeze(0, 2)
print(type(z.grad_fn).__name__, z._base is y, type(y.squeeze(0).grad_fn).__name__, type(y.squeeze().grad_fn).__name__)
z.sum().backward()
print(y.grad.shape)
v = y.detach().clone()
v.squeeze(0, 2).mul_(3)
print(v)
''',
'roll_arguments': r'''
import torch
x = torch.arange(6).reshape(2, 3)
for c in ['torch.roll(x)', 'x.roll()', 'torch.roll(x, dims=0)', 'x.roll(dims=1)', 'torch.roll()', 'torch.roll(shifts=1)',
          'torch.roll(x, 1, 0, 1)', 'x.roll(1, 0, 1)', 'x.roll(1, 0, 1, 2)', 'x.roll(1, shifts=1)', 'x.roll(1, 0, dims=1)',
          'x.roll(foo=1, shifts=1)', 'torch.Tensor.roll(x)', 'x.roll(1)', 'x.roll(shifts=-1, dims=1)',
          'torch.roll(x, (1, 1), (0, 1))', 'torch.roll(input=x, shifts=1)', 'x.roll(1.5)', 'torch.roll(x, [], [])']:
    try:
        print(c, eval(c).tolist())
    except Exception as e:
        print(c, type(e).__name__, e)
''',
'masked_fill_arguments': r'''
import numpy as np
import torch
x = torch.arange(6.).reshape(2, 3)
mask = x > 2
for c in ["x.masked_fill(mask, 'a')", "x.masked_fill(1, 0)", "torch.masked_fill(x, mask, 'a')", "torch.masked_fill(x, 1, 0)",
          "x.masked_fill(mask, None)", "x.masked_fill(mask, [1])", "x.masked_fill(mask)", "x.masked_fill(mask.tolist(), 0)",
          "x.masked_fill(mask, value='a')", "x.masked_fill(mask=1, value=0)", "x.masked_fill(value=0, mask=1)",
          "x.masked_fill_(mask, 'a')", "x.masked_fill_(1, 0)", "x.masked_fill(mask, 1, 2)", "torch.masked_fill(x, mask, 1, 2)",
          "x.masked_fill_(mask, 1, 2)", "torch.masked_fill(1, mask, 0)", "torch.masked_fill(x, mask=mask, value='a')",
          "torch.masked_fill(x, mask)", "x.masked_fill(value=1.0)", "x.masked_fill(mask, np.array(1.0))",
          "x.masked_fill(mask, np.float32(1.5))", "x.masked_fill(mask, np.int64(2))", "x.masked_fill(mask, True)",
          "x.masked_fill(mask, 1+0j)", "x.masked_fill(mask, 1+2j)", "x.masked_fill(mask.numpy(), 1.0)",
          "x.masked_fill(True, 1.0)", "x.masked_fill(mask, torch.tensor(2))", "x.masked_fill(mask, (1,))",
          "torch.ones(2, dtype=torch.bool).masked_fill(torch.tensor([True, False]), 'a')",
          "x.clone().masked_fill_(mask, -1.0)", "x.masked_fill(mask.float(), 1.0)"]:
    try:
        print(c, eval(c).tolist())
    except Exception as e:
        print(c, type(e).__name__, e)
''',
'index_ops_with_python_lists': r'''
import torch
x = torch.arange(6.).reshape(2, 3)
i = torch.tensor([0, 1])
for c in ['torch.take_along_dim(x, [0, 1])', 'torch.take_along_dim(x, [[0], [1]], dim=1)', 'x.take_along_dim([[0], [1]], 1)',
          'x.take_along_dim((0, 1))', 'torch.take_along_dim(x, None)', 'torch.take_along_dim([1, 2], i)',
          'x.take_along_dim(indices=[0])', 'x.take_along_dim(i.reshape(2, 1), 1.5)',
          'x.index_copy(0, [0, 1], x)', 'x.index_copy_(0, [0, 1], x)', 'torch.index_copy(x, 0, [0, 1], x)',
          'x.index_copy(0, i, [[1, 2, 3], [4, 5, 6]])', 'x.index_copy(0, 1, x)', 'x.index_copy(0.5, i, x)',
          'x.index_copy(0, index=[0, 1], source=x)', 'torch.index_copy([1], 0, i, x)', 'x.index_copy(0, i, None)',
          'x.index_copy(0, i.int(), x)', 'x.index_copy(0, i.reshape(2, 1), x)', 'x.index_copy(0, i, torch.tensor(1.))',
          'x.index_copy(0, i[:1], torch.tensor(1.))', 'x.index_copy(0, i, x[0])', 'x.index_copy(1, i, x[:1, :2])',
          'x.index_copy(0, i.int(), x.double())', 'x.index_copy(0, torch.tensor([1, 0]), x)',
          'x.index_add_(0, [0, 1], x)', 'torch.index_add(x, 0, [0, 1], x)', 'x.index_add(0, i, [[1.]])',
          'x.index_add(0.5, i, x)', 'torch.masked_scatter(x, [True], x)', 'x.masked_scatter(x > 1, [1.])',
          'x.masked_scatter_([True], x)', 'x.index_fill(0, [0, 1], 1.0)', 'torch.index_fill(x, 0, [0], 1.0)',
          'x.index_fill_(0, [0], 1.0)', 'x.index_fill(0, i, "a")', 'x.index_fill(0.5, i, 1.0)',
          'x.index_fill(0, index=[0], value=1.0)', 'x.scatter(0, [[0]], 1.0)', 'torch.scatter(x, 0, [[0]], 1.0)',
          'x.scatter_(0, [[0]], 1.0)', 'x.scatter(0, [[0]], x, reduce="add")', 'x.scatter(0, index=[[0]], value=1.0)',
          'x.scatter(0, i.unsqueeze(0), "a")', 'x.index_put([i], 1.0)', 'x.clone().index_put_([i], 1.0)',
          'torch.index_put(x, [i], 1.0)', 'x.index_put(([0],), torch.tensor(1.0))', 'torch.index_put(x, ([0],), torch.tensor(1.0))',
          'x.index_put(i, torch.tensor(1.0))', 'x.index_put([i, None], torch.tensor(1.0))', 'x.index_put((i, 0), torch.tensor(1.0))',
          'x.index_put([i], torch.tensor(1.0), accumulate=1)', 'x.index_put([i], torch.tensor(1.0), 1)', 'x.index_put((), torch.tensor(1.0))',
          'x.index_put([i])', 'x.index_put((i,), torch.tensor([1.0, 2, 3]), accumulate=True)',
          'x.clone().index_put_([i, torch.tensor([2, 0])], torch.tensor(9.))']:
    try:
        print(c, eval(c).tolist())
    except Exception as e:
        print(c, type(e).__name__, e)
''',
}

ember_outputs, torch_outputs, test_program_matches_pytorch = program_tests(PROGRAMS)


def _edges(t):
    return type(t.grad_fn).__name__, [None if n is None else type(n).__name__ for n, _ in t.grad_fn.next_functions]


def _error(fn):
    with pytest.raises(Exception) as info:
        fn()
    return type(info.value).__name__, str(info.value)


# ----------------------------------------------------------- scalar overloads: next_functions
def test_fmod_and_remainder_with_a_number_link_self_only():
    x = ember.tensor([1.5, -2.0, 3.0], requires_grad=True)
    assert _edges(ember.fmod(x, 2.0)) == ("FmodBackward0", ["AccumulateGrad"])
    assert _edges(ember.remainder(x, 2)) == ("RemainderBackward0", ["AccumulateGrad"])
    assert _edges(x % 2.0) == ("RemainderBackward0", ["AccumulateGrad"])
    c = ember.tensor([0.5, 1.0, 2.0])
    assert _edges(ember.fmod(x, c)) == ("FmodBackward1", ["AccumulateGrad", None])
    assert _edges(ember.remainder(c, x)) == ("RemainderBackward1", [None, "AccumulateGrad"])
    g, = ember.autograd.grad(ember.fmod(x, 2.0).sum(), x)
    assert g.tolist() == [1.0, 1.0, 1.0]


def test_not_implemented_nodes_link_only_inputs_requiring_grad():
    x = ember.tensor([1.5, -2.0, 3.0], requires_grad=True)
    c = ember.tensor([0.5, 1.0, 2.0])
    assert _edges(ember.heaviside(x, c)) == ("NotImplemented", ["AccumulateGrad"])
    assert _edges(ember.heaviside(c, x)) == ("NotImplemented", ["AccumulateGrad"])
    assert _edges(ember.heaviside(x, x)) == ("NotImplemented", ["AccumulateGrad", "AccumulateGrad"])
    assert _edges(x // 2) == ("NotImplemented", ["AccumulateGrad"])
    assert _edges(2.0 % x) == ("NotImplemented", ["AccumulateGrad"])
    assert _edges(ember.bincount(ember.tensor([0, 1]), weights=x[:2])) == ("NotImplemented", ["SliceBackward0"])
    assert _edges(ember.scatter(c, 0, ember.tensor([0]), x, reduce="add")) == ("NotImplemented", ["AccumulateGrad"])
    with pytest.raises(RuntimeError, match="derivative for aten::heaviside is not implemented"):
        ember.heaviside(c, x).sum().backward()


# ----------------------------------------------------------------------------- squeeze
def test_squeeze_varargs_tuples_and_lists():
    x = ember.zeros(1, 1, 3, 1)
    assert x.squeeze(0, 1).shape == (3, 1)
    assert x.squeeze(0, 1, 3).shape == (3,)
    assert x.squeeze((0, 1)).shape == (3, 1)
    assert ember.squeeze(x, [0, 3]).shape == (1, 3)
    assert x.squeeze(0, True).shape == (3, 1)  # (PyTorch's int list takes a bool after the first element)
    y = ember.zeros(1, 2, 1, requires_grad=True)
    assert type(y.squeeze(0, 2).grad_fn).__name__ == "SqueezeBackward2"


def test_squeeze_errors():
    x = ember.zeros(1, 1, 3, 1)
    assert _error(lambda: x.squeeze(0, 0)) == ("RuntimeError", "dim 0 appears multiple times in the list of dims")
    assert _error(lambda: x.squeeze((0, 0, 9))) == ("RuntimeError", "dim 0 appears multiple times in the list of dims")
    assert _error(lambda: x.squeeze(0, 4)) == (
        "IndexError", "Dimension out of range (expected to be in range of [-4, 3], but got 4)")
    assert _error(lambda: x.squeeze(0, 1.5)) == ("TypeError", "squeeze(): argument 'dim' failed to unpack the object "
                                                 "at pos 2 with error \"type must be tuple of ints,but got float\"")
    assert _error(lambda: ember.squeeze(x, 0, 1)) == ("TypeError", (
        "squeeze() received an invalid combination of arguments - got (Tensor, int, int), but expected one of:\n"
        " * (Tensor input)\n * (Tensor input, int dim)\n * (Tensor input, tuple of ints dim)\n"))
    assert _error(lambda: x.squeeze(0, dim=1)) == ("TypeError", (
        "squeeze() received an invalid combination of arguments - got (int, dim=int), but expected one of:\n"
        " * ()\n * (int dim)\n * (tuple of ints dim)\n"))
    kind, msg = _error(lambda: x.squeeze(None))
    assert kind == "TypeError" and msg.startswith("squeeze() received an invalid combination of arguments - got "
                                                  "(NoneType), but expected one of:\n * ()\n")


# -------------------------------------------------------------------------------- roll
def test_roll_missing_and_extra_arguments():
    x = ember.arange(6).reshape(2, 3)
    assert _error(lambda: ember.roll(x)) == ("TypeError", 'roll() missing 1 required positional arguments: "shifts"')
    assert _error(lambda: x.roll(dims=0)) == ("TypeError", 'roll() missing 1 required positional arguments: "shifts"')
    assert _error(lambda: ember.roll()) == (
        "TypeError", 'roll() missing 2 required positional argument: "input", "shifts"')
    assert _error(lambda: x.roll(1, 0, 1)) == (
        "TypeError", "roll() takes from 1 to 2 positional arguments but 3 were given")
    assert _error(lambda: ember.roll(x, 1, 0, 1)) == (
        "TypeError", "roll() takes from 2 to 3 positional arguments but 4 were given")
    assert x.roll(1, 1).tolist() == [[2, 0, 1], [5, 3, 4]]


# ------------------------------------------------------------------------- masked_fill
_MASKED_FILL_METHOD = (" * (Tensor mask, Tensor value)\n{why} * (Tensor mask, Number value)\n{why}")


def test_masked_fill_invalid_combination_messages():
    x = ember.arange(6.).reshape(2, 3)
    mask = x > 2
    why = "      didn't match because some of the arguments have invalid types: (Tensor, !str!)\n"
    assert _error(lambda: x.masked_fill(mask, "a")) == ("TypeError", (
        "masked_fill() received an invalid combination of arguments - got (Tensor, str), but expected one of:\n"
        + _MASKED_FILL_METHOD.format(why=why)))
    why = "      didn't match because some of the arguments have invalid types: (!int!, !int!)\n"
    assert _error(lambda: x.masked_fill(1, 0)) == ("TypeError", (
        "masked_fill() received an invalid combination of arguments - got (int, int), but expected one of:\n"
        + _MASKED_FILL_METHOD.format(why=why)))
    assert _error(lambda: x.masked_fill_(1, 0))[1].startswith("masked_fill_() received an invalid combination")
    why = "      didn't match because some of the arguments have invalid types: (Tensor, Tensor, !str!)\n"
    assert _error(lambda: ember.masked_fill(x, mask, "a")) == ("TypeError", (
        "masked_fill() received an invalid combination of arguments - got (Tensor, Tensor, str), but expected one "
        "of:\n * (Tensor input, Tensor mask, Tensor value)\n" + why + " * (Tensor input, Tensor mask, Number value)\n"
        + why))
    why = "      didn't match because some of the arguments have invalid types: (!mask=int!, !value=int!, )\n"
    assert _error(lambda: x.masked_fill(mask=1, value=0)) == ("TypeError", (
        "masked_fill() received an invalid combination of arguments - got (value=int, mask=int, ), but expected one "
        "of:\n" + _MASKED_FILL_METHOD.format(why=why)))
    assert _error(lambda: x.masked_fill(mask)) == ("TypeError", (
        "masked_fill() received an invalid combination of arguments - got (Tensor), but expected one of:\n"
        + _MASKED_FILL_METHOD.format(why="")))
    assert x.masked_fill(mask, 1 + 0j).tolist() == [[0.0, 1.0, 2.0], [1.0, 1.0, 1.0]]


# -------------------------------------------------------------- list indices of index ops
def test_python_list_indices_raise_the_parser_error():
    x = ember.arange(6.).reshape(2, 3)
    i = ember.tensor([0, 1])
    assert _error(lambda: ember.take_along_dim(x, [0, 1])) == (
        "TypeError", "take_along_dim(): argument 'indices' (position 2) must be Tensor, not list")
    assert _error(lambda: x.take_along_dim([[0], [1]], 1)) == (
        "TypeError", "take_along_dim(): argument 'indices' (position 1) must be Tensor, not list")
    assert _error(lambda: x.index_copy(0, [0, 1], x)) == (
        "TypeError", "index_copy(): argument 'index' (position 2) must be Tensor, not list")
    assert _error(lambda: x.index_copy_(0, [0, 1], x)) == (
        "TypeError", "index_copy_(): argument 'index' (position 2) must be Tensor, not list")
    assert _error(lambda: ember.index_copy(x, 0, [0, 1], x)) == (
        "TypeError", "index_copy(): argument 'index' (position 3) must be Tensor, not list")
    assert _error(lambda: x.index_copy(0, i, [[1.0]])) == (
        "TypeError", "index_copy(): argument 'source' (position 3) must be Tensor, not list")
    assert _error(lambda: x.index_copy(0, i.int(), x)) == (
        "RuntimeError", "index_copy_(): Expected a long tensor for index, but got Int")
    assert _error(lambda: x.index_put([i], 1.0)) == (
        "TypeError", "index_put(): argument 'values' (position 2) must be Tensor, not float")
    assert _error(lambda: x.index_put(([0],), ember.tensor(1.0))) == (
        "TypeError", "expected Tensor as element 0 in argument 0, but got list")
    kind, msg = _error(lambda: x.index_fill(0, [0], 1.0))
    assert kind == "TypeError" and msg.startswith(
        "index_fill() received an invalid combination of arguments - got (int, list, float), but expected one of:\n")


# -------------------------------------------------------------- the same errors in sort/argsort, put, index_reduce, squeeze_
def test_sort_argsort_put_index_reduce_squeeze_inplace_argument_errors():
    x = ember.tensor([[3., 1., 2.], [0., 5., 4.]]).reshape(1, 2, 3)
    kind, msg = _error(lambda: x.sort(0, 1))
    assert kind == "TypeError" and msg.startswith("sort() received an invalid combination of arguments - got (int, int)")
    kind, msg = _error(lambda: ember.argsort(x, 1.5))
    assert kind == "TypeError" and msg.startswith("argsort() received an invalid combination of arguments - got "
                                                  "(Tensor, float), but expected one of:")
    assert _error(lambda: x.put_([0], ember.tensor([1.]))) == (
        "TypeError", "put_(): argument 'index' (position 1) must be Tensor, not list")
    assert _error(lambda: ember.put(x, [0], ember.tensor([1.]))) == (
        "TypeError", "put(): argument 'index' (position 2) must be Tensor, not list")
    assert _error(lambda: x.index_reduce(0.5, ember.tensor([0]), x, 'prod')) == (
        "TypeError", "index_reduce(): argument 'dim' (position 1) must be int, not float")
    assert tuple(x.clone().squeeze_(0, 1).shape) == (2, 3) and tuple(x.clone().squeeze_((0, 1)).shape) == (2, 3)
    kind, msg = _error(lambda: x.clone().squeeze_('a'))
    assert kind == "TypeError" and msg.startswith("squeeze_() received an invalid combination of arguments - got (str)")
    assert x.sort(1, True).values.tolist() == [[[3.0, 5.0, 4.0], [0.0, 1.0, 2.0]]]


def test_fill_value_of_another_type_is_the_parser_error():
    x = ember.zeros(3)
    kind, msg = _error(lambda: x.fill_('x'))
    assert kind == "TypeError" and msg == (
        "fill_() received an invalid combination of arguments - got (str), but expected one of:\n"
        " * (Tensor value)\n      didn't match because some of the arguments have invalid types: (!str!)\n"
        " * (Number value)\n      didn't match because some of the arguments have invalid types: (!str!)\n")
    kind, msg = _error(lambda: ember.fill(x, 'a'))
    assert kind == "TypeError" and msg.startswith(
        "fill() received an invalid combination of arguments - got (Tensor, str), but expected one of:\n"
        " * (Tensor input, Tensor value)\n")
    kind, msg = _error(lambda: x.fill_(1, 2))
    assert kind == "TypeError" and msg.startswith("fill_() received an invalid combination of arguments - got (int, int)")
    assert x.fill_(2.5).tolist() == [2.5, 2.5, 2.5] and x.fill_(ember.tensor(1)).tolist() == [1.0, 1.0, 1.0]


def test_fill_errors_match_pytorch():
    torch = pytest.importorskip("torch")
    for lib_call in (lambda L: L.zeros(3).fill_('x'), lambda L: L.zeros(3).fill_([1.0]), lambda L: L.zeros(3).fill_(None),
                     lambda L: L.fill(L.zeros(3), 'a'), lambda L: L.zeros(3).fill_(value='a')):
        assert _error(lambda: lib_call(ember)) == _error(lambda: lib_call(torch))
