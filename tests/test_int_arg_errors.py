"""Floats where PyTorch's argument parser wants ints (``x.view(n / 2, -1)``-style mistakes).

PyTorch refuses them with parser ``TypeError``s; ember used to truncate some (``reshape``,
``expand``, ``repeat``, ``permute`` accepted ``2.0``) and let Python's own errors through for
others.  Each row is checked against the message PyTorch 2.13 prints, and against PyTorch itself
when it is installed.
"""
from __future__ import annotations

import pytest

import ember

UNPACK = 'failed to unpack the object at pos {} with error "type must be tuple of ints,but got float"'

CASES = [
    (lambda t, x: x.reshape(3, 2.0), "reshape(): argument 'shape' " + UNPACK.format(2)),
    (lambda t, x: x.reshape(3.0, 2), "reshape() takes 1 positional argument but 2 were given"),
    (lambda t, x: x.reshape((3, 2.0)), "reshape(): argument 'shape' " + UNPACK.format(2)),
    (lambda t, x: x.reshape([3.0, 2]),
     "reshape(): argument 'shape' (position 1) must be tuple of ints, but found element of type float at pos 0"),
    (lambda t, x: t.reshape(x, (3, 2.0)), "reshape(): argument 'shape' " + UNPACK.format(2)),
    (lambda t, x: t.reshape(x, (3.0, 2)),
     "reshape(): argument 'shape' (position 2) must be tuple of ints, but found element of type float at pos 0"),
    (lambda t, x: x.reshape(6.0), "reshape(): argument 'shape' (position 1) must be tuple of ints, not float"),
    (lambda t, x: x.expand(2, 3.0), "expand(): argument 'size' " + UNPACK.format(2)),
    (lambda t, x: x.expand(2.0, 3), "expand() takes 1 positional argument but 2 were given"),
    (lambda t, x: x.repeat(2, 1.0), "repeat(): argument 'repeats' " + UNPACK.format(2)),
    (lambda t, x: x.repeat(2.0, 1), "repeat() takes 1 positional argument but 2 were given"),
    (lambda t, x: x.permute(1, 0.0), "permute(): argument 'dims' " + UNPACK.format(2)),
    (lambda t, x: x.permute(1.0, 0), "permute() takes 1 positional argument but 2 were given"),
    (lambda t, x: t.permute(x, (1.0, 0)),
     "permute(): argument 'dims' (position 2) must be tuple of ints, but found element of type float at pos 0"),
    (lambda t, x: x.transpose(0, 1.0), "transpose(): argument 'dim1' (position 2) must be int, not float"),
    (lambda t, x: x.transpose(0.0, 1), "transpose(): argument 'dim0' (position 1) must be int, not float"),
    (lambda t, x: t.transpose(x, 0, 1.0), "transpose(): argument 'dim1' (position 3) must be int, not float"),
    (lambda t, x: x.unsqueeze(1.0), "unsqueeze(): argument 'dim' (position 1) must be int, not float"),
    (lambda t, x: t.unsqueeze(x, 1.0), "unsqueeze(): argument 'dim' (position 2) must be int, not float"),
    (lambda t, x: x.index_select(1.0, t.tensor([0])),
     "index_select(): argument 'dim' (position 1) must be int, not float"),
    (lambda t, x: t.index_select(x, 1.0, t.tensor([0])),
     "index_select(): argument 'dim' (position 2) must be int, not float"),
    (lambda t, x: x.gather(1.0, t.tensor([[0]])), "gather(): argument 'dim' (position 1) must be int, not float"),
    (lambda t, x: t.gather(x, 1.0, t.tensor([[0]])), "gather(): argument 'dim' (position 2) must be int, not float"),
    (lambda t, x: t.cat([x, x], 1.0), "cat(): argument 'dim' (position 2) must be int, not float"),
    (lambda t, x: t.cat([x, x], dim=1.0), "cat(): argument 'dim' must be int, not float"),
    (lambda t, x: t.stack([x, x], 0.0), "stack(): argument 'dim' (position 2) must be int, not float"),
    (lambda t, x: x.flatten(0.0), "flatten(): argument 'start_dim' (position 1) must be int, not float"),
    (lambda t, x: x.flatten(0, 1.0), "flatten(): argument 'end_dim' (position 2) must be int, not float"),
    (lambda t, x: t.flatten(x, 0.0), "flatten(): argument 'start_dim' (position 2) must be int, not float"),
]


def test_ints_of_every_kind_still_accepted():
    import numpy as np
    x = ember.ones(2, 3)
    assert x.reshape(np.int64(3), 2).shape == (3, 2)
    assert x.reshape(ember.tensor(6)).shape == (6,)
    assert x.reshape([3, -1]).shape == (3, 2)
    assert x.expand(np.int32(4), 2, 3).shape == (4, 2, 3)
    assert x.permute(np.int64(1), 0).shape == (3, 2)
    assert x.repeat((2, np.int64(1))).shape == (4, 3)
    assert x.transpose(np.int64(0), 1).shape == (3, 2)
    assert x.unsqueeze(ember.tensor(0)).shape == (1, 2, 3)
    assert ember.cat([x, x], np.int64(1)).shape == (2, 6)
    assert x.flatten(np.int64(0)).shape == (6,)


IMG = "max_pool2d(): argument '{}' (position {}) must be tuple of ints"
LAYER_CASES = [
    (lambda t: t.nn.Linear(2, 3.0),
     "empty(): argument 'size' (position 1) must be tuple of ints, but found element of type float at pos 0"),
    (lambda t: t.nn.Linear(2.0, 3), 'empty(): argument \'size\' failed to unpack the object at pos 2 with error '
                                    '"type must be tuple of ints,but got float"'),
    (lambda t: t.nn.Conv2d(3, 8.0, 3),
     "empty(): argument 'size' (position 1) must be tuple of ints, but found element of type float at pos 0"),
    (lambda t: t.nn.Embedding(10.0, 3),
     "empty(): argument 'size' (position 1) must be tuple of ints, but found element of type float at pos 0"),
    (lambda t: t.nn.BatchNorm1d(3.0), "empty(): argument 'size' (position 1) must be tuple of ints, not float"),
    (lambda t: t.nn.functional.max_pool2d(t.ones(1, 3, 8, 8), 2.0), IMG.format("kernel_size", 2) + ", not float"),
    (lambda t: t.nn.functional.max_pool2d(t.ones(1, 3, 8, 8), (2.0, 2)),
     IMG.format("kernel_size", 2) + ", but found element of type float at pos 0"),
    (lambda t: t.nn.functional.max_pool2d(t.ones(1, 3, 8, 8), (2, 2.0)),
     'max_pool2d(): argument \'kernel_size\' failed to unpack the object at pos 2 with error '
     '"type must be tuple of ints,but got float"'),
    (lambda t: t.nn.functional.max_pool2d(t.ones(1, 3, 8, 8), 2, padding=1.0), IMG.format("padding", 4) + ", not float"),
    (lambda t: t.nn.functional.max_pool2d(t.ones(1, 3, 8, 8), 2, stride=1.5, return_indices=True),
     "max_pool2d_with_indices(): argument 'stride' (position 3) must be tuple of ints, not float"),
    (lambda t: t.nn.MaxPool2d(2.0)(t.ones(1, 3, 8, 8)), IMG.format("kernel_size", 2) + ", not float"),
    (lambda t: t.nn.AvgPool2d(2.0)(t.ones(1, 3, 8, 8)),
     "avg_pool2d(): argument 'kernel_size' (position 2) must be tuple of ints, not float"),
    (lambda t: t.nn.functional.avg_pool2d(t.ones(1, 3, 8, 8), 2, 2.0),
     "avg_pool2d(): argument 'stride' (position 3) must be tuple of ints, not float"),
    (lambda t: t.nn.functional.max_pool1d(t.ones(1, 2, 8), 2.0),
     "max_pool1d(): argument 'kernel_size' (position 2) must be tuple of ints, not float"),
    (lambda t: t.nn.functional.avg_pool1d(t.ones(1, 2, 8), 2.0),
     "avg_pool1d(): argument 'kernel_size' (position 2) must be tuple of ints, not float"),
]


def test_layers_and_pools_with_int_sizes_unchanged():
    import numpy as np
    assert ember.nn.Linear(np.int64(2), 3).weight.shape == (3, 2)
    assert ember.nn.BatchNorm1d(4).weight.shape == (4,)
    assert ember.nn.GroupNorm(2, 4).weight.shape == (4,)
    assert ember.nn.LayerNorm([2, 3]).weight.shape == (2, 3)
    x = ember.ones(1, 3, 8, 8)
    assert ember.nn.functional.max_pool2d(x, [2, np.int64(2)], 1).shape == (1, 3, 7, 7)
    assert ember.nn.functional.avg_pool2d(x, 3, padding=1).shape == (1, 3, 3, 3)


MORE_CASES = [
    (lambda t, v: v.tile((2.0,)),
     "tile(): argument 'dims' (position 1) must be tuple of ints, but found element of type float at pos 0"),
    (lambda t, v: v.tile(2.0), "tile(): argument 'dims' (position 1) must be tuple of ints, not float"),
    (lambda t, v: t.tile(v, (1, 2.0)), "tile(): argument 'dims' " + UNPACK.format(2)),
    (lambda t, v: t.nn.functional.pad(v, (1.0, 1)),
     "pad(): argument 'pad' (position 2) must be tuple of ints, but found element of type float at pos 0"),
    (lambda t, v: t.nn.functional.pad(v, (1, 1.0)), "pad(): argument 'pad' " + UNPACK.format(2)),
    (lambda t, v: t.diag(v, 1.0), "diag(): argument 'diagonal' (position 2) must be int, not float"),
    (lambda t, v: v.diag(1.0), "diag(): argument 'diagonal' (position 1) must be int, not float"),
    (lambda t, v: v.select(0, 1.0), "select(): argument 'index' (position 2) must be int, not float"),
    (lambda t, v: v.select(0.0, 1), "select(): argument 'dim' (position 1) must be int, not float"),
    (lambda t, v: t.select(v, 0, 1.0), "select(): argument 'index' (position 3) must be int, not float"),
    (lambda t, v: v.unbind(0.0), "unbind(): argument 'dim' (position 1) must be int, not float"),
    (lambda t, v: t.unbind(v, 0.0), "unbind(): argument 'dim' (position 2) must be int, not float"),
    (lambda t, v: v.kthvalue(1.0), "kthvalue(): argument 'k' (position 1) must be int, not float"),
    (lambda t, v: t.kthvalue(v, 1.0), "kthvalue(): argument 'k' (position 2) must be int, not float"),
]


def test_tile_pad_diag_select_unbind_kthvalue_still_work():
    import numpy as np
    v = ember.arange(6.0).reshape(2, 3)
    assert v.tile((2, 1)).shape == (4, 3) and v.tile(2).shape == (2, 6) and v.tile(dims=(1, 2)).shape == (2, 6)
    assert ember.nn.functional.pad(v, (1, np.int64(1))).shape == (2, 5)
    assert v.diag(1).tolist() == [1.0, 5.0]
    assert v.select(0, np.int64(1)).tolist() == [3.0, 4.0, 5.0]
    assert len(v.unbind(1)) == 3 and v.kthvalue(2).values.tolist() == [1.0, 4.0]


OVERLOAD_CASES = [
    ('x.squeeze(0.0)',
     "squeeze() received an invalid combination of arguments - got (float), but expected one of:\n * ()\n      didn't match because some of the arguments have invalid types: (!float!)\n * (int dim)\n      didn't match because some of the arguments have invalid types: (!float!)\n * (tuple of ints dim)\n      didn't match because some of the arguments have invalid types: (!float!)\n"),
    ('torch.squeeze(x, 0.0)',
     "squeeze() received an invalid combination of arguments - got (Tensor, float), but expected one of:\n * (Tensor input)\n * (Tensor input, int dim)\n      didn't match because some of the arguments have invalid types: (Tensor, !float!)\n * (Tensor input, tuple of ints dim)\n      didn't match because some of the arguments have invalid types: (Tensor, !float!)\n"),
    ('x.squeeze(dim=0.0)',
     "squeeze() received an invalid combination of arguments - got (dim=float, ), but expected one of:\n * ()\n      didn't match because some of the keywords were incorrect: dim\n * (int dim)\n      didn't match because some of the arguments have invalid types: (!dim=float!, )\n * (tuple of ints dim)\n      didn't match because some of the arguments have invalid types: (!dim=float!, )\n"),
    ('x.narrow(1, 0.0, 2)',
     "narrow() received an invalid combination of arguments - got (int, float, int), but expected one of:\n * (int dim, Tensor start, int length)\n      didn't match because some of the arguments have invalid types: (int, !float!, int)\n * (int dim, int start, int length)\n      didn't match because some of the arguments have invalid types: (int, !float!, int)\n"),
    ('x.narrow(1.0, 0, 2)',
     "narrow() received an invalid combination of arguments - got (float, int, int), but expected one of:\n * (int dim, Tensor start, int length)\n      didn't match because some of the arguments have invalid types: (!float!, !int!, int)\n * (int dim, int start, int length)\n      didn't match because some of the arguments have invalid types: (!float!, int, int)\n"),
    ('torch.narrow(x, 1, 0, 2.0)',
     "narrow() received an invalid combination of arguments - got (Tensor, int, int, float), but expected one of:\n * (Tensor input, int dim, Tensor start, int length)\n      didn't match because some of the arguments have invalid types: (Tensor, int, !int!, !float!)\n * (Tensor input, int dim, int start, int length)\n      didn't match because some of the arguments have invalid types: (Tensor, int, int, !float!)\n"),
    ('x.narrow(1, 0, length=2.0)',
     "narrow() received an invalid combination of arguments - got (int, int, length=float), but expected one of:\n * (int dim, Tensor start, int length)\n      didn't match because some of the arguments have invalid types: (int, !int!, !length=float!)\n * (int dim, int start, int length)\n      didn't match because some of the arguments have invalid types: (int, int, !length=float!)\n"),
    ('x.split(1, 1.0)',
     "split() received an invalid combination of arguments - got (Tensor, int, float), but expected one of:\n * (Tensor input, int split_size, int dim = 0)\n      didn't match because some of the arguments have invalid types: (Tensor, int, !float!)\n * (Tensor input, tuple of ints split_size, int dim = 0)\n      didn't match because some of the arguments have invalid types: (Tensor, !int!, !float!)\n"),
    ('x.split(1.5)',
     "split_with_sizes(): argument 'split_sizes' (position 2) must be tuple of ints, not float"),
    ('x.split([1, 1.5])',
     'split_with_sizes(): argument \'split_sizes\' failed to unpack the object at pos 2 with error "type must be tuple of ints,but got float"'),
    ('x.split([1.0, 3])',
     "split_with_sizes(): argument 'split_sizes' (position 2) must be tuple of ints, but found element of type float at pos 0"),
    ('x.split([1, 3], 0.0)',
     "split_with_sizes(): argument 'dim' (position 3) must be int, not float"),
]


def test_squeeze_narrow_split_still_work():
    x = ember.ones(4, 3)
    assert x.unsqueeze(0).squeeze(0).shape == (4, 3) and x.narrow(1, ember.tensor(1), 2).shape == (4, 2)
    assert len(x.split(1)) == 4 and len(x.split([1, 3])) == 2 and len(ember.split(x, 2, 1)) == 2


DIM_CASES = [
    ('F.softmax(x, 1.0)',
     "softmax(): argument 'dim' (position 1) must be int, not float"),
    ('F.softmax(x, dim=1.0)',
     "softmax(): argument 'dim' (position 1) must be int, not float"),
    ('F.log_softmax(x, 1.0)',
     "log_softmax(): argument 'dim' (position 1) must be int, not float"),
    ('torch.softmax(x, 1.0)',
     "softmax(): argument 'dim' (position 2) must be int, not float"),
    ('x.softmax(1.0)',
     "softmax(): argument 'dim' (position 1) must be int, not float"),
    ('x.movedim(0.0, 1)',
     "movedim() received an invalid combination of arguments - got (float, int), but expected one of:\n * (int source, int destination)\n      didn't match because some of the arguments have invalid types: (!float!, int)\n * (tuple of ints source, tuple of ints destination)\n      didn't match because some of the arguments have invalid types: (!float!, !int!)\n"),
    ('torch.movedim(x, 0, 1.0)',
     "movedim() received an invalid combination of arguments - got (Tensor, int, float), but expected one of:\n * (Tensor input, int source, int destination)\n      didn't match because some of the arguments have invalid types: (Tensor, int, !float!)\n * (Tensor input, tuple of ints source, tuple of ints destination)\n      didn't match because some of the arguments have invalid types: (Tensor, !int!, !float!)\n"),
    ('x.movedim((0, 1.0), (1, 0))',
     'movedim(): argument \'source\' failed to unpack the object at pos 2 with error "type must be tuple of ints,but got float"'),
]



def _message(lib, call) -> str:
    """The TypeError text of one case: a callable ``(lib, x)`` or ``(lib)``, or an expression in
    ``torch``, ``F`` and ``x``; ``x`` is ``ones(2, 3)`` for callables, ``ones(4, 3)`` for expressions."""
    with pytest.raises(TypeError) as e:
        if isinstance(call, str):
            eval(call, {"torch": lib, "F": lib.nn.functional, "x": lib.ones(4, 3)})
        elif call.__code__.co_argcount == 1:
            call(lib)
        else:
            call(lib, lib.ones(2, 3))
    return str(e.value)


ALL_CASES = CASES + LAYER_CASES + MORE_CASES + OVERLOAD_CASES + DIM_CASES


@pytest.mark.parametrize("i", range(len(ALL_CASES)))
def test_float_where_int_wanted_golden(i):
    call, msg = ALL_CASES[i]
    assert _message(ember, call) == msg


@pytest.mark.parametrize("i", range(len(ALL_CASES)))
def test_float_where_int_wanted_like_pytorch(i):
    torch = pytest.importorskip("torch")
    call, msg = ALL_CASES[i]
    assert _message(torch, call) == msg
