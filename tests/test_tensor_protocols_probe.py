"""Tensor protocols and less-common methods: errors and values as PyTorch 2.13 gives them."""
import copy
import pickle
import warnings

import pytest

import ember

CASES = {
    "contains_str": lambda t: "a" in t.tensor([1.]),
    "contains_none": lambda t: None in t.tensor([1.]),
    "contains_ok": lambda t: 2 in t.tensor([1., 2.]),
    "float_complex": lambda t: float(t.tensor(1 + 2j)),
    "int_complex": lambda t: int(t.tensor(1 + 2j)),
    "float_complex_real": lambda t: float(t.tensor(1 + 0j)),
    "pos_bool": lambda t: +t.tensor(True),
    "pos_float": lambda t: +t.tensor(1.5),
    "array_priority": lambda t: t.Tensor.__array_priority__,
    "type_nonblocking": lambda t: t.tensor([1.5]).type(t.int64, non_blocking=True),
    "type_int": lambda t: t.tensor([1.]).type(3),
    "data_ptr_empty": lambda t: t.tensor([]).data_ptr(),
    "untyped_size": lambda t: (t.tensor([1., 2., 3.]).untyped_storage().size(),
                               t.tensor([1., 2., 3.])[1:].untyped_storage().nbytes()),
    "layout_repr": lambda t: repr(t.tensor([1.]).layout),
    "memfmt_repr": lambda t: repr(t.channels_last) + repr(t.contiguous_format),
    "layout_type": lambda t: type(t.strided).__name__,
    "new_full_int": lambda t: t.tensor([1.]).new_full(2, 7),
    "new_zeros_neg": lambda t: t.tensor([1.]).new_zeros(2, -3),
    "new_zeros_float": lambda t: t.tensor([1.]).new_zeros(2.0),
    "new_ones_tuple_float": lambda t: t.tensor([1.]).new_ones((2.0,)),
    "new_zeros_multi_float": lambda t: t.tensor([1.]).new_zeros(2, 3.0),
    "new_empty_none": lambda t: t.tensor([1.]).new_empty(None),
    "new_zeros_ok": lambda t: t.tensor([1]).new_zeros(2, 3),
    "new_full_ok": lambda t: t.tensor([1]).new_full([2], 7),
    "index_fill_float_idx": lambda t: t.zeros(3).index_fill_(0, t.tensor([1.]), 2),
    "index_fill_int32_idx": lambda t: t.zeros(3).index_fill_(0, t.tensor([1], dtype=t.int32), 2),
    "masked_scatter_long": lambda t: t.zeros(2).masked_scatter_(t.tensor([1, 0]), t.ones(2)),
    "masked_scatter_float": lambda t: t.zeros(2).masked_scatter(t.tensor([1., 0.]), t.ones(2)),
    "random_u8_oob": lambda t: t.empty(3, dtype=t.uint8).random_(0, 300),
    "random_i16_oob": lambda t: t.empty(3, dtype=t.int16).random_(0, 100000),
    "random_f16_oob": lambda t: t.empty(3, dtype=t.float16).random_(0, 100000),
    "clamp_long": lambda t: t.tensor([1, 5]).clamp_(0.5, 2.5),
    "clamp_min_short": lambda t: t.tensor([1, 5], dtype=t.int16).clamp_min_(0.5),
    "clamp_tensor_long": lambda t: t.tensor([1, 5]).clamp_(t.tensor(0.5)),
    "add_long": lambda t: t.tensor([1, 5]).add_(0.5),
    "map_dtype": lambda t: t.tensor([1., 2.]).map_(t.tensor([3, 4]), lambda a, b: a),
    "map_ok": lambda t: t.tensor([1., 2.]).map_(t.tensor([3., 4.]), lambda a, b: a * b),
}


def _rg_cases(t):
    out = {}
    a = t.tensor([1., 2.], requires_grad=True)
    b = a * 2
    for name, val, target in (("nonleaf_true", True, b), ("nonleaf_false", False, b), ("int", 1, t.tensor([1.])),
                              ("none", None, t.tensor([1.])), ("str", "y", t.tensor([1.]))):
        try:
            target.requires_grad = val
            out[name] = target.requires_grad
        except Exception as e:
            out[name] = (type(e).__name__, str(e))
    x = t.tensor([1., 2.], requires_grad=True)
    x.grad = t.ones(2)
    del x.grad
    out["del_grad"] = x.grad
    return out


def _run(t, f):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            r = f(t)
        return repr(r)
    except Exception as e:
        return (type(e).__name__, str(e))


@pytest.mark.parametrize("name", sorted(CASES))
def test_vs_torch(name):
    torch = pytest.importorskip("torch")
    assert _run(ember, CASES[name]) == _run(torch, CASES[name])


def test_requires_grad_setter_vs_torch():
    torch = pytest.importorskip("torch")
    assert repr(_rg_cases(ember)) == repr(_rg_cases(torch))


def test_random_from_none_vs_torch():
    torch = pytest.importorskip("torch")
    res = []
    for t in (ember, torch):
        t.manual_seed(0)
        res.append(t.empty(4).random_(2, None).tolist())
    assert res[0] == res[1]


def test_golden():
    t = ember
    assert _run(t, CASES["contains_str"]) == (
        "RuntimeError", "Tensor.__contains__ only supports Tensor or scalar, but you passed in a <class 'str'>.")
    assert _run(t, CASES["float_complex"]) == ("RuntimeError", "value cannot be converted to type double without overflow")
    assert _run(t, CASES["int_complex"]) == ("RuntimeError", "value cannot be converted to type int64_t without overflow")
    assert float(t.tensor(1 + 0j)) == 1.0 and int(t.tensor(3 + 0j)) == 3
    assert _run(t, CASES["pos_bool"]) == ("RuntimeError", "The `+` operator, on a bool tensor is not supported.")
    assert t.Tensor.__array_priority__ == 1000 and type(t.Tensor.__array_priority__) is int
    assert t.tensor([]).data_ptr() == 0
    assert t.tensor([1., 2., 3.]).untyped_storage().size() == 12
    assert repr(t.tensor([1.]).layout) == "torch.strided" and t.strided == "torch.strided"
    assert repr(t.channels_last) == "torch.channels_last"
    assert _run(t, CASES["type_int"]) == ("TypeError", "dtype must be a type, str, or dtype object")
    assert _run(t, CASES["new_full_int"]) == (
        "TypeError", "new_full(): argument 'size' (position 1) must be tuple of ints, not int")
    assert _run(t, CASES["new_zeros_neg"]) == ("RuntimeError", "Trying to create tensor with negative dimension -3: [2, -3]")
    assert _run(t, CASES["index_fill_float_idx"])[0] == "IndexError"
    assert _run(t, CASES["masked_scatter_long"]) == (
        "RuntimeError", "masked_scatter_ only supports boolean masks, but got mask with dtype Long")
    assert _run(t, CASES["random_u8_oob"]) == ("RuntimeError", "to - 1 is out of bounds for unsigned char")
    assert _run(t, CASES["clamp_long"]) == (
        "RuntimeError", "result type Float can't be cast to the desired output type long int")
    assert _run(t, CASES["clamp_tensor_long"])[1].endswith("type Long")
    assert _run(t, CASES["map_dtype"]) == ("TypeError", "map_: expected torch.FloatTensor for 'other' (got torch.LongTensor)")
    rg = _rg_cases(t)
    assert rg["nonleaf_true"] == ("RuntimeError", "you can only change requires_grad flags of leaf variables.")
    assert rg["int"] == ("RuntimeError", "requires_grad must be a bool")
    assert rg["del_grad"] is None
    with pytest.warns(UserWarning, match=r"rather than tensor\.new_tensor\(sourceTensor\)"):
        t.tensor([1.]).new_tensor(t.tensor([1, 2]))
    t.manual_seed(0)
    v = t.empty(50).random_(2, None)
    assert v.min() >= 2 and v.max() > 100


def test_pickle_copy_roundtrip():
    a = ember.tensor([1., 2.], requires_grad=True)
    p = pickle.loads(pickle.dumps(a))
    assert p.requires_grad and p.tolist() == [1., 2.]
    assert copy.deepcopy(a).requires_grad and copy.deepcopy(a).is_leaf
    with pytest.raises(RuntimeError, match="graph leaves"):
        copy.deepcopy(a * 2)
    assert pickle.loads(pickle.dumps(ember.strided)) == ember.strided
