"""Reduction / shape / indexing / sort probe fixes (helper h3's op-table probe against PyTorch).

Golden values run without torch; the comparisons import torch through ``pytest.importorskip``.
"""
import warnings

import numpy as np
import pytest

import ember

# PyTorch 2.13's sum / mean of default_rng(9).standard_normal((8, 4, 5, 5)) (float32) over dims (0, 2, 3)
SUM_0_2_3 = [18.18903350830078, -20.52336883544922, 12.602027893066406, -3.552072286605835]
MEAN_0_2_3 = [0.09094516932964325, -0.10261684656143188, 0.06301014125347137, -0.01776036061346531]
DOF_SITE = "(Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/ReduceOps.cpp:1861.)"


def _messages(fn):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = fn()
    return out, [str(w.message) for w in caught]


def _error(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - the type is part of what is compared
        return type(e).__name__, str(e)
    return None


# ---------------------------------------------------------------- golden (no torch)
def test_var_std_dof_warning_names_the_aten_site():
    out, msgs = _messages(lambda: ember.ones(1).std())
    assert np.isnan(out.item())
    assert msgs == ["std(): degrees of freedom is <= 0. Correction should be strictly less than the reduction "
                    "factor (input numel divided by output numel). " + DOF_SITE]


@pytest.mark.parametrize("op", ["mean", "var", "std", "var_mean", "std_mean"])
def test_empty_reductions_have_no_numpy_warning(op):
    x = ember.zeros(3, 0, 2, requires_grad=True)
    fn = getattr(ember, op)
    if op == "mean":
        out, msgs = _messages(lambda: fn(x, 1))
        assert msgs == []
    else:
        out, msgs = _messages(lambda: fn(x, 1, correction=0))
        assert len(msgs) == 1 and msgs[0].startswith(f"{op}(): degrees of freedom is <= 0")
    first = out[0] if isinstance(out, tuple) else out
    assert tuple(first.shape) == (3, 2) and np.isnan(first.detach().numpy()).all()


def test_var_of_empty_input_warns_even_when_reduced_dim_is_not_empty():
    # PyTorch's reduction factor is numel(input) / numel(output) = 0 for an empty input
    x = ember.zeros(0).unsqueeze(0).expand(2, 0)
    out, msgs = _messages(lambda: x.var(0))
    assert tuple(out.shape) == (0,) and len(msgs) == 1


def test_half_sum_and_mean_accumulate_in_float32():
    # float16 accumulation would round 2048 + 1 back to 2048 twice
    x = ember.tensor([2048.0, 1.0, 1.0], dtype=ember.float16)
    assert x.sum().item() == 2050.0
    assert x.reshape(1, 3).sum(1).tolist() == [2050.0]
    assert ember.tensor([2048.0, 1.0, 1.0, 0.0], dtype=ember.float16).mean().item() == 512.5
    assert x.sum().dtype == ember.float16


def test_median_out_without_dim_is_a_type_error():
    x = ember.tensor([1.0, 2.0, 3.0])
    for fn, name in ((ember.median, "median"), (ember.nanmedian, "nanmedian")):
        with pytest.raises(TypeError, match=rf'^{name}\(\) missing 1 required positional arguments: "dim"$'):
            fn(x, out=ember.empty(0))
    vals, idx = ember.median(x, 0, out=(ember.empty(0), ember.empty(0, dtype=ember.long)))
    assert vals.item() == 2.0 and idx.item() == 1


def test_median_kthvalue_bool_and_empty_integer():
    with pytest.raises(NotImplementedError, match="\"median_out\" not implemented for 'Bool'"):
        ember.tensor(True).median(0)
    r = ember.tensor(True).kthvalue(1)
    assert r.values.item() is True and r.indices.item() == 0
    with pytest.raises(NotImplementedError, match="\"kthvalue_cpu\" not implemented for 'Bool'"):
        ember.tensor([True]).kthvalue(1)
    assert ember.tensor([], dtype=ember.int64).median().item() == -2 ** 63
    assert ember.tensor([], dtype=ember.int32).median().item() == -2 ** 31
    assert ember.tensor([], dtype=ember.bool).median().item() is True
    assert np.isnan(ember.tensor([]).nanmedian().item())


def test_quantile_checks_run_in_pytorch_order():
    empty_long = ember.tensor([], dtype=ember.int64)
    with pytest.raises(RuntimeError, match="^quantile\\(\\) input tensor must be non-empty$"):
        ember.quantile(empty_long, 0.5)
    with pytest.raises(RuntimeError, match="q must be a scalar or 1D tensor"):
        ember.quantile(ember.tensor([1]), ember.tensor([[0.5]]))


def test_topk_k_zero_and_check_order():
    r = ember.tensor([[1, 2]]).topk(0, 0)
    assert tuple(r.values.shape) == (0, 2) and r.indices.dtype == ember.int64
    g = ember.arange(6.0, requires_grad=True).reshape(2, 3)
    r = g.topk(0)
    assert tuple(r.values.shape) == (2, 0) and r.values.grad_fn.name() == "TopkBackward0"
    assert _error(lambda: ember.tensor([True]).topk(1, 1))[0] == "IndexError"
    assert _error(lambda: ember.tensor([True]).topk(3)) == ("RuntimeError", "selected index k out of range")
    assert _error(lambda: ember.tensor([True]).topk(1)) == ("RuntimeError", "topk does not support bool dtypes on CPU")


def test_index_select_unbind_repeat_interleave_errors():
    assert _error(lambda: ember.ones(3, 0, 2).index_select(1, ember.tensor([0]))) == (
        "RuntimeError", "index_select(): self indexing axis dim should be positive")
    assert _error(lambda: ember.ones(0).index_select(0, ember.tensor([0]))) == (
        "IndexError", "index out of range in self")
    rng_msg = "Dimension out of range (expected to be in range of [-1, 0], but got 1)"
    assert _error(lambda: ember.tensor(1.0).unbind(1)) == ("IndexError", rng_msg)
    assert _error(lambda: ember.tensor(1.0).unbind(0)) == (
        "IndexError", "Dimension specified as 0 but tensor has no dimensions")
    assert _error(lambda: ember.tensor(1.0).repeat_interleave(2, 0)) == ("IndexError", rng_msg)
    assert _error(lambda: ember.tensor(1.0).repeat_interleave(ember.tensor(2), 0)) == (
        "IndexError", "Dimension specified as 0 but tensor has no dimensions")
    assert ember.tensor(1.0).repeat_interleave(2).tolist() == [1.0, 1.0]


def test_index_put_and_advanced_setitem_require_matching_dtypes():
    x = ember.zeros(3)
    msg = ("Index put requires the source and destination dtypes match, got Float for the destination and "
           "Double for the source.")
    assert _error(lambda: x.index_put((ember.tensor([0]),), ember.tensor(1.0, dtype=ember.float64))) == (
        "RuntimeError", msg)
    assert _error(lambda: x.index_put_((ember.tensor([0]),), ember.tensor([1], dtype=ember.int64)))[1].endswith(
        "got Float for the destination and Long for the source.")
    with pytest.raises(RuntimeError, match="got Float for the destination and Double for the source"):
        x[ember.tensor([0])] = ember.tensor(2.0, dtype=ember.float64)  # (PyTorch 2.13: setitem is index_put_)
    x[x > -1] = ember.tensor(2.0, dtype=ember.float64)  # one bool mask and one value: masked_fill, which casts
    assert x.tolist() == [2.0, 2.0, 2.0]
    x[1:] = 0.0
    assert x.index_put((ember.tensor([1, 1]),), ember.tensor(1.0), accumulate=True).tolist() == [2.0, 2.0, 0.0]


def test_expand_reports_the_last_mismatching_dim_and_sum_to_size_message():
    err = _error(lambda: ember.ones(4, 3, 2).expand(2, 5, 4))
    assert err == ("RuntimeError", "The expanded size of the tensor (4) must match the existing size (2) at "
                   "non-singleton dimension 2.  Target sizes: [2, 5, 4].  Tensor sizes: [4, 3, 2]")
    err = _error(lambda: ember.ones(4, 3, 2).expand(-1, 2, 3, 4))
    assert "(4) must match the existing size (2) at non-singleton dimension 3" in err[1]
    assert tuple(ember.ones(3, 1).expand(2, -1, 4).shape) == (2, 3, 4)
    assert _error(lambda: ember.ones(3).sum_to_size(3, 3)) == (
        "RuntimeError", "size {[3, 3]} is not expandable to size {[3]}.")


def test_logcumsumexp_grad_does_not_overflow():
    x = ember.tensor([0.5, -200.0, 150.0, 3.0, 100.0], requires_grad=True)
    x.logcumsumexp(0).backward(ember.tensor([1.0, -2.0, 0.0, 3.0, 0.5]))
    g = x.grad.numpy()
    assert np.isfinite(g).all()
    np.testing.assert_allclose(g[:4], [-1.0, 0.0, 3.5, 0.0], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(g[4], 0.5 * np.exp(100.0 - 150.0), rtol=1e-5)
    xd = ember.tensor([[1.0, 2.0, -3.0], [3.0, 4.0, 0.5]], dtype=ember.float64, requires_grad=True)
    assert ember.autograd.gradcheck(lambda t: t.logcumsumexp(1), (xd,))
    assert ember.autograd.gradgradcheck(lambda t: t.logcumsumexp(1), (xd,))


def test_logcumsumexp_checks_dim_before_dtype():
    assert _error(lambda: ember.tensor([1]).logcumsumexp(1)) == (
        "IndexError", "Dimension out of range (expected to be in range of [-1, 0], but got 1)")


def test_nansum_adds_in_the_order_of_sum():
    a = np.random.default_rng(0).standard_normal(100).astype(np.float32) * 10
    assert ember.tensor(a).nansum().item() == 81.09668731689453  # PyTorch's value
    a[3] = np.nan
    b = a.copy()
    b[3] = 0
    assert ember.tensor(a).nansum().item() == ember.tensor(b).sum().item()


def test_half_prod_and_logsumexp_round_like_aten():
    a = (np.random.default_rng(0).standard_normal(40) / 8 + 1).astype(np.float16)
    assert ember.tensor(a).prod().item() == 0.6005859375  # 16-lane vectors, float16 after each product
    short = a[:17]
    assert ember.tensor(short).prod().item() == float(np.cumprod(short)[-1])  # one product after another
    b = np.random.default_rng(3).standard_normal((5, 3)).astype(np.float16)
    assert ember.tensor(b).logsumexp(0).tolist() == [3.607421875, 1.185546875, 1.3349609375]


def test_max_min_with_dim_write_out():
    x = ember.tensor([[1.0, 5.0, 2.0], [7.0, 0.0, 3.0]])
    v, i = ember.empty(0), ember.empty(0, dtype=ember.long)
    r = ember.max(x, 1, out=(v, i))
    assert type(r).__name__ == "max_out" and r.values is v and r.indices is i
    assert v.tolist() == [5.0, 7.0] and i.tolist() == [1, 0]
    v, i = ember.empty(0), ember.empty(0, dtype=ember.long)
    r = ember.min(x, dim=0, keepdim=True, out=(v, i))
    assert type(r).__name__ == "min_out" and v.tolist() == [[1.0, 0.0, 2.0]] and i.tolist() == [[0, 1, 0]]
    assert _error(lambda: ember.max(x, 1, out=(ember.empty(0), ember.empty(0)))) == (
        "RuntimeError", "Expected out tensor to have dtype long int, but got float instead")
    assert _error(lambda: ember.max(x, 1, out=(ember.empty(0, dtype=ember.float64), i))) == (
        "RuntimeError", "Expected out tensor to have dtype float, but got double instead")


def test_cat_out_dtype_and_range_index():
    x = ember.ones(2)
    assert _error(lambda: ember.cat([x, x], out=ember.empty(0, dtype=ember.long))) == (
        "TypeError", "torch.cat(): input types can't be cast to the desired output type Long")
    assert ember.cat([x, x], out=ember.empty(0, dtype=ember.float64)).dtype == ember.float64
    y = ember.arange(12.0).reshape(3, 4)
    assert y[range(2)].tolist() == y[[0, 1]].tolist()
    assert y[:, range(1, 4, 2)].tolist() == [[1.0, 3.0], [5.0, 7.0], [9.0, 11.0]]
    y[range(2)] = 0.0
    assert y.sum().item() == 8.0 + 9.0 + 10.0 + 11.0


def test_empty_inputs_skip_dim_checks_like_pytorch():
    assert ember.cat([ember.ones(0), ember.ones(0)], 5).shape == (0,)
    x = ember.ones(0, 2, requires_grad=True)
    r = x.roll(1, 7)
    assert r.shape == (0, 2) and r.grad_fn.name() == "RollBackward0"
    c = x.cummax(5)
    assert c.values.shape == (0, 2) and c.indices.dtype == ember.int64
    c.values.sum().backward()
    assert x.grad.shape == (0, 2)
    assert _error(lambda: ember.ones(0).roll((1, 2), (0,)))[1] == "shifts and dimensions must align. shifts: 2, dims:1"
    assert _error(lambda: ember.ones(0).cumsum(3))[0] == "IndexError"
    assert _error(lambda: ember.ones(2).roll(1, 7))[0] == "IndexError"


def test_setitem_integer_scalar_checked_like_c10():
    x = ember.zeros(3, dtype=ember.uint8)
    x[0] = -1  # uint8 takes -255..255, wrapping negatives
    x[1:] = -2
    assert x.tolist() == [255, 254, 254]
    x[[0, 1]] = -3
    assert x.tolist() == [253, 253, 254]
    msg = "value cannot be converted to type uint8_t without overflow"
    assert _error(lambda: x.__setitem__(0, 300)) == ("RuntimeError", msg)
    assert _error(lambda: x.__setitem__([0, 1], 256)) == ("RuntimeError", msg)
    y = ember.zeros(2, dtype=ember.int8)
    assert _error(lambda: y.__setitem__(0, 200)) == (
        "RuntimeError", "value cannot be converted to type int8_t without overflow")
    assert y.tolist() == [0, 0]


def test_masked_scatter_and_histc_dtype_messages():
    x = ember.zeros(2, dtype=ember.int32)
    assert _error(lambda: x.masked_scatter(x == 0, ember.ones(2))) == (
        "RuntimeError", "masked_scatter: expected self and source to have same dtypes but gotInt and Float")
    assert _error(lambda: ember.histc(ember.ones(3, dtype=ember.bool), 3)) == (
        "NotImplementedError", "\"linspace_cpu\" not implemented for 'Bool'")
    assert _error(lambda: ember.histc(ember.ones(3, dtype=ember.int32), 3)) == (
        "NotImplementedError", "\"histogram_cpu\" not implemented for 'Int'")


def test_take_along_dim_wraps_indices_and_needs_long_with_dim():
    x = ember.arange(6.0).reshape(2, 3)
    assert ember.take_along_dim(x, ember.tensor([[-1], [0]]), 1).tolist() == [[2.0], [3.0]]
    assert ember.take_along_dim(x, ember.tensor([[5]]), 1).tolist() == [[2.0], [5.0]]  # modulo the size
    assert _error(lambda: ember.take_along_dim(x, ember.tensor([[1]], dtype=ember.int32), 1)) == (
        "RuntimeError", "torch.take_along_dim(): dtype of indices should be Long but got Int")
    assert ember.take_along_dim(x, ember.tensor([1], dtype=ember.int32)).tolist() == [1.0]
    assert _error(lambda: ember.take_along_dim(x, ember.tensor([-1])))[1] == (
        "index -1 is out of bounds for dimension 0 with size 6")


def test_setitem_on_expanded_tensor_reports_overlap():
    e = ember.zeros(3, 1).expand(3, 4)
    assert _error(lambda: e.__setitem__(0, 1.0)) == (
        "RuntimeError", "unsupported operation: more than one element of the written-to tensor refers to a single "
        "memory location. Please clone() the tensor before performing the operation.")


def test_sum_over_middle_and_adjacent_dims_in_aten_order():
    # values recorded from PyTorch 2.13 (CPU): a middle dim is reduced one outer index at a time
    a = np.random.default_rng(5).standard_normal((4, 16, 8)).astype(np.float32)
    x = ember.tensor(a)
    assert x.sum(1)[0].tolist() == [4.737575531005859, -1.8046852350234985, -0.8094079494476318,
                                    -6.6115803718566895, -4.506085395812988, -1.9121872186660767,
                                    -5.71212100982666, -6.35798454284668]
    assert x.sum((1, 2)).tolist() == [-22.976476669311523, 10.26207447052002, -10.465108871459961,
                                      20.1691837310791]
    assert x.mean((1, 2)).tolist() == (x.sum((1, 2)) / 128).tolist()


def test_sum_over_a_dim_of_a_large_tensor_in_aten_order():
    b = np.random.default_rng(6).standard_normal((150, 200)).astype(np.float32)  # up to one parallel grain
    y = ember.tensor(b)
    assert y.sum(0)[:4].tolist() == [-19.210508346557617, 10.68185806274414, -9.352826118469238,
                                     -5.605191707611084]
    assert y.sum(1)[:4].tolist() == [15.028745651245117, -11.82165241241455, -10.177311897277832,
                                     3.759308338165283]
    c = np.random.default_rng(7).standard_normal((1, 7, 33))  # one output: the whole-tensor order
    assert ember.tensor(c).sum((1, 2)).tolist() == [-35.550942453679944]


def test_batch_norm_style_sum_over_outer_and_inner_dims():
    a = np.random.default_rng(9).standard_normal((8, 4, 5, 5)).astype(np.float32)
    x = ember.tensor(a)
    assert x.sum((0, 2, 3)).tolist() == SUM_0_2_3
    assert x.mean((0, 2, 3)).tolist() == MEAN_0_2_3


def test_sum_layouts_match_pytorch_bitwise():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(8)
    contiguous = [((4, 16, 8), (1,)), ((3, 5, 7), (1,)), ((16, 8, 9, 9), (2, 3)), ((64, 64, 8), (1,)),
                  ((32, 1024), (0,)), ((300, 100), (1,)), ((2, 3, 4, 5), (1, 2, 3))]
    # permuted inputs whose kept dims keep their logical order in memory
    permuted = [((32, 1024), (0,)), ((300, 100), (1,)), ((6, 1, 50), (0,)), ((4, 16, 8), (2,)),
                ((5, 6, 7, 8), (3,)), ((150, 200), (0,))]
    # (above 32768 elements NumPy's pairwise sum runs instead: replaying ATen's order costs 2-8x there)
    cases = [(s, d, lambda t: t) for s, d in contiguous]
    cases += [(s, d, lambda t: t.permute(*range(1, t.dim()), 0)) for s, d in permuted]
    for shape, dims, view in cases:
        for dt in (np.float32, np.float64):
            a = rng.standard_normal(shape).astype(dt)
            got = view(ember.tensor(a)).sum(dims).numpy()
            want = view(torch.tensor(a)).sum(dims).numpy()
            assert got.shape == want.shape and (got == want).all(), (shape, dims, dt)


# ---------------------------------------------------------------- against PyTorch
def _describe(lib, fn):
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            out = fn(lib)
    except Exception as e:  # noqa: BLE001
        return ("error", type(e).__name__, str(e))
    outs = out if isinstance(out, tuple) else (out,)
    return ("ok", [repr(o) for o in outs], [str(w.message) for w in caught])


CASES = {
    "std_one": lambda L: L.ones(1, requires_grad=True).std(),
    "var_mean_empty": lambda L: L.var_mean(L.zeros(3, 0, 2), 1),
    "std_empty_dim0": lambda L: L.zeros(3, 0, 2).std(0),
    "mean_empty": lambda L: L.zeros(0, 3).mean(0),
    "half_sum": lambda L: L.tensor([[0.1, 0.2, 0.3, 2048.0], [1.0, 1.0, 1.0, 1.0]], dtype=L.float16).sum((0, 1)),
    "half_mean": lambda L: L.linspace(-3, 7, 24).reshape(2, 3, 4).half().mean((0, 2)),
    "half_sum_dim": lambda L: L.linspace(-3, 7, 24).reshape(2, 3, 4).half().transpose(0, 2).sum(1),
    "median_empty_long": lambda L: L.tensor([], dtype=L.int64).median(),
    "median_out_nodim": lambda L: L.median(L.ones(3), out=L.empty(0)),
    "kth_bool0d": lambda L: L.tensor(True).kthvalue(1),
    "median_bool0d": lambda L: L.tensor(True).median(0),
    "quantile_empty_long": lambda L: L.quantile(L.tensor([], dtype=L.int64), 0.5),
    "topk0": lambda L: L.arange(6.0).reshape(2, 3).topk(0, 1),
    "topk_bool_k": lambda L: L.tensor([True]).topk(3),
    "index_select_empty": lambda L: L.ones(2, 0).index_select(1, L.tensor([0])),
    "unbind0d": lambda L: L.tensor(1.0).unbind(1),
    "repeat_interleave0d": lambda L: L.tensor(1.0).repeat_interleave(2, -1),
    "index_put_dtype": lambda L: L.zeros(3).index_put((L.tensor([0]),), L.tensor(1)),
    "expand_last_dim": lambda L: L.ones(4, 1, 2).expand(2, 5, 4),
    "sum_to_size": lambda L: L.ones(2, 3).sum_to_size(3, 3),
    "logcumsumexp_int_dim": lambda L: L.tensor([1]).logcumsumexp(1),
    "nansum_f32": lambda L: (L.linspace(-7.3, 11.1, 101) ** 3).nansum(),
    "half_prod_rows": lambda L: (L.linspace(0.5, 1.6, 150).reshape(3, 50).half()).prod(1),
    "half_prod_cols": lambda L: (L.linspace(0.5, 1.6, 150).reshape(50, 3).half()).prod(0),
    "half_logsumexp": lambda L: L.linspace(-4, 5, 30).reshape(10, 3).half().logsumexp(0),
    "max_out": lambda L: L.max(L.tensor([[1.0, 5.0], [7.0, 0.0]]), 1, out=(L.empty(0), L.empty(0, dtype=L.long))),
    "max_out_bad": lambda L: L.max(L.ones(2, 2), 1, out=(L.empty(0), L.empty(0, dtype=L.int32))),
    "cat_out_bad": lambda L: L.cat([L.ones(2)], out=L.empty(0, dtype=L.bool)),
    "range_index": lambda L: L.arange(6.0).reshape(3, 2)[range(1, 3)],
    "amax_empty_dim_first": lambda L: L.ones(0).amax((0, -1)),
    "amin_empty_before_range": lambda L: L.ones(0).amin([0, 1]),
    "amax_empty_names_given_dim": lambda L: L.ones(2, 0).amax(-1),
    "aminmax_empty_names_wrapped_dim": lambda L: L.aminmax(L.ones(0), dim=-1),
    "median_empty_bool_dim": lambda L: L.ones(0, dtype=L.bool).median(0),
    "cat_legacy_empty_any_dim": lambda L: L.cat([L.ones(0), L.ones(0)], 3),
    "roll_empty_any_dim": lambda L: L.ones(0, 2).roll(1, 4),
    "cummin_empty_any_dim": lambda L: L.ones(0, 2).cummin(4),
    "setitem_uint8_negative": lambda L: (lambda t: (t.__setitem__(slice(0, 2), -1), t)[1])(L.zeros(3, dtype=L.uint8)),
    "setitem_uint8_overflow": lambda L: L.zeros(3, dtype=L.uint8).__setitem__(0, 256),
    "masked_scatter_dtype": lambda L: L.zeros(2).masked_scatter(L.ones(2, dtype=L.bool), L.ones(2, dtype=L.float64)),
    "take_along_dim_modulo": lambda L: L.take_along_dim(L.arange(12.0).reshape(3, 4), L.tensor([[-1, 5, 4]]), 1),
    "take_along_dim_int32": lambda L: L.take_along_dim(L.ones(2, 2), L.tensor([[0]], dtype=L.int32), 0),
    "setitem_expanded_overlap": lambda L: L.zeros(3, 1).expand(3, 4).__setitem__(1, 2.0),
    "repeat_interleave_output_size": lambda L: L.ones(2, 3).repeat_interleave(2, 1, output_size=7),
    "repeat_interleave_tensor_output_size": lambda L: L.ones(2, 3).repeat_interleave(L.tensor([1, 2]), 0, output_size=4),
    "repeat_interleave_ok_output_size": lambda L: L.arange(3).repeat_interleave(2, output_size=6),
    "norm_out_dtype": lambda L: L.norm(L.ones(2, 3), dim=1, out=L.empty(0, dtype=L.float64)),
    "norm_out": lambda L: L.norm(L.ones(2, 3), dim=1, out=L.empty(0)),
    "norm_out_grad": lambda L: L.norm(L.ones(2, 3, requires_grad=True), out=L.empty(0)),
    "norm_bad_order": lambda L: L.norm(L.ones(2, 3, 4), "foo"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_matches_pytorch(name):
    torch = pytest.importorskip("torch")
    fn = CASES[name]
    assert _describe(ember, fn) == _describe(torch, fn)
