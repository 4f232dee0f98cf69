"""NumPy's argument names, as PyTorch's argument parser takes them.

PyTorch's C++ parser (``numpy_compatibility_arg_names`` in torch/csrc/utils/python_arg_parser.cpp)
accepts ``axis`` for ``dim`` and ``keepdims`` for ``keepdim`` on every native function and Tensor
method (``input`` <- ``x``/``a``/``x1`` and ``other`` <- ``x2`` too, not covered here).  Functions
written in Python (``torch.split``, ``torch.norm``, ``Tensor.split``, ``F.softmax`` ...) do not, and
neither do other names (``dims``, ``dim0``, ``start_dim``, ``source``).  Passing both spellings, or
the dim by position and ``axis=``, is "got an unexpected keyword argument 'axis'".
"""
import pytest

import ember


def _run(lib, fn):
    """``fn(lib)``: the result, or ``(error type name, message)``."""
    try:
        return fn(lib)
    except Exception as e:  # noqa: BLE001
        return (type(e).__name__, str(e))


def _t(lib, grad=False):
    return lib.tensor([[3.0, 1.0, 2.0, 2.0], [0.0, 5.0, 4.0, 1.0], [2.0, 2.0, 7.0, 6.0]], requires_grad=grad)


_I = lambda lib: lib.tensor([[0, 2, 1, 0]])  # noqa: E731
_IV = lambda lib: lib.tensor([0, 2])  # noqa: E731

# (label, call): each also runs with ``dim=``/``keepdim=`` in the reference column of the comparison
ACCEPTED = [
    ("sum", lambda L: _t(L, True).sum(axis=1, keepdims=True)),
    ("torch.sort", lambda L: L.sort(_t(L, True), axis=0)),
    ("Tensor.sort", lambda L: _t(L, True).sort(axis=0, descending=True)),
    ("Tensor.sort stable", lambda L: _t(L).sort(stable=True, axis=0)),
    ("argsort", lambda L: L.argsort(_t(L), axis=0)),
    ("Tensor.argsort", lambda L: _t(L).argsort(axis=1, descending=True)),
    ("topk", lambda L: _t(L, True).topk(2, axis=0)),
    ("torch.topk", lambda L: L.topk(_t(L), 1, axis=1, largest=False)),
    ("kthvalue", lambda L: _t(L, True).kthvalue(2, axis=1, keepdims=True)),
    ("median", lambda L: _t(L, True).median(axis=0)),
    ("torch.median keepdims", lambda L: L.median(_t(L), axis=1, keepdims=True)),
    ("median out", lambda L: L.median(_t(L), axis=1, out=(L.empty(0), L.empty(0, dtype=L.long)))),
    ("nanmedian", lambda L: _t(L, True).nanmedian(axis=1)),
    ("mode", lambda L: _t(L).mode(axis=1, keepdims=True)),
    ("squeeze", lambda L: _t(L, True).reshape(3, 1, 4).squeeze(axis=1)),
    ("torch.squeeze tuple", lambda L: L.squeeze(_t(L).reshape(1, 3, 1, 4), axis=(0, 2))),
    ("unsqueeze", lambda L: _t(L, True).unsqueeze(axis=1)),
    ("torch.unsqueeze", lambda L: L.unsqueeze(_t(L), axis=-1)),
    ("unsqueeze_", lambda L: _t(L).unsqueeze_(axis=0)),
    ("squeeze_", lambda L: _t(L).reshape(1, 12).squeeze_(axis=0)),
    ("cumprod", lambda L: _t(L, True).cumprod(axis=1)),
    ("torch.cumprod", lambda L: L.cumprod(_t(L), axis=0)),
    ("cummax", lambda L: _t(L, True).cummax(axis=1)),
    ("cummin", lambda L: L.cummin(_t(L, True), axis=0)),
    ("logcumsumexp", lambda L: _t(L, True).logcumsumexp(axis=1)),
    ("diff", lambda L: _t(L, True).diff(axis=0)),
    ("torch.diff", lambda L: L.diff(_t(L), 2, axis=1)),
    ("nansum", lambda L: _t(L, True).nansum(axis=1, keepdims=True)),
    ("nanmean", lambda L: L.nanmean(_t(L, True), axis=0)),
    ("count_nonzero", lambda L: _t(L).count_nonzero(axis=1)),
    ("aminmax", lambda L: _t(L).aminmax(axis=1, keepdims=True)),
    ("torch.aminmax", lambda L: L.aminmax(_t(L), axis=0)),
    ("var_mean", lambda L: L.var_mean(_t(L, True), axis=1, keepdims=True)),
    ("std_mean", lambda L: L.std_mean(_t(L, True), axis=0, correction=0)),
    ("unbind", lambda L: _t(L, True).unbind(axis=1)),
    ("torch.unbind", lambda L: L.unbind(_t(L), axis=0)),
    ("chunk", lambda L: _t(L, True).chunk(2, axis=1)),
    ("torch.chunk", lambda L: L.chunk(_t(L), 2, axis=0)),
    ("tensor_split", lambda L: _t(L, True).tensor_split(3, axis=1)),
    ("split_with_sizes", lambda L: _t(L).split_with_sizes([1, 3], axis=1)),
    ("select", lambda L: _t(L, True).select(axis=1, index=2)),
    ("torch.select", lambda L: L.select(_t(L), axis=0, index=-1)),
    ("narrow", lambda L: _t(L, True).narrow(axis=1, start=1, length=2)),
    ("index_select", lambda L: _t(L, True).index_select(axis=1, index=_IV(L))),
    ("torch.index_select", lambda L: L.index_select(_t(L), axis=0, index=_IV(L))),
    ("gather", lambda L: _t(L, True).gather(axis=0, index=_I(L))),
    ("torch.gather", lambda L: L.gather(_t(L), axis=1, index=_I(L)[:, :2].expand(3, 2))),
    ("scatter value", lambda L: _t(L).scatter(axis=0, index=_I(L), value=9.0)),
    ("torch.scatter src", lambda L: L.scatter(_t(L, True), axis=0, index=_I(L), src=_t(L) * 10)),
    ("repeat_interleave", lambda L: _t(L, True).repeat_interleave(2, axis=1)),
    ("repeat_interleave tensor", lambda L: L.repeat_interleave(_t(L), L.tensor([1, 0, 2]), axis=0)),
    ("quantile", lambda L: _t(L, True).quantile(0.25, axis=1, keepdims=True)),
    ("nanquantile", lambda L: L.nanquantile(_t(L), L.tensor([0.5, 0.9]), axis=0)),
    ("size", lambda L: _t(L).size(axis=1)),
    ("stride", lambda L: _t(L).stride(axis=0)),
    ("softmax", lambda L: _t(L, True).softmax(axis=0)),
    ("log_softmax", lambda L: L.log_softmax(_t(L, True), axis=1)),
    ("cumsum", lambda L: _t(L, True).cumsum(axis=0)),
    ("max", lambda L: _t(L, True).max(axis=1, keepdims=True)),
    # indexing ops with a required dim (and their in-place methods)
    ("take_along_dim", lambda L: L.take_along_dim(_t(L, True), _I(L), axis=0)),
    ("Tensor.take_along_dim", lambda L: _t(L).take_along_dim(_I(L), axis=0)),
    ("index_add", lambda L: L.index_add(_t(L, True), axis=1, index=_IV(L), source=_t(L)[:, :2])),
    ("Tensor.index_add alpha", lambda L: _t(L).index_add(axis=1, index=_IV(L), source=_t(L)[:, :2], alpha=2)),
    ("index_add_", lambda L: _t(L).index_add_(axis=1, index=_IV(L), source=_t(L)[:, :2])),
    ("index_copy", lambda L: L.index_copy(_t(L, True), axis=1, index=_IV(L), source=_t(L)[:, :2])),
    ("index_copy_", lambda L: _t(L).index_copy_(axis=1, index=_IV(L), source=_t(L)[:, :2])),
    ("index_fill", lambda L: L.index_fill(_t(L, True), axis=1, index=_IV(L), value=9.0)),
    ("Tensor.index_fill", lambda L: _t(L).index_fill(axis=0, index=_IV(L), value=-1.0)),
    ("index_fill_", lambda L: _t(L).index_fill_(axis=1, index=_IV(L), value=9.0)),
    ("index_reduce", lambda L: L.index_reduce(_t(L, True), axis=1, index=_IV(L), source=_t(L)[:, :2],
                                              reduce="prod")),
    ("index_reduce_", lambda L: _t(L).index_reduce_(axis=1, index=_IV(L), source=_t(L)[:, :2], reduce="amax")),
    ("scatter_", lambda L: _t(L).scatter_(axis=0, index=_I(L), value=9.0)),
    ("scatter_add", lambda L: L.scatter_add(_t(L, True), axis=0, index=_I(L), src=_t(L))),
    ("Tensor.scatter_add", lambda L: _t(L).scatter_add(axis=0, index=_I(L), src=_t(L))),
    ("scatter_add_", lambda L: _t(L).scatter_add_(axis=0, index=_I(L), src=_t(L))),
    ("scatter_reduce", lambda L: L.scatter_reduce(_t(L, True), axis=0, index=_I(L), src=_t(L), reduce="amax")),
    ("Tensor.scatter_reduce", lambda L: _t(L).scatter_reduce(axis=0, index=_I(L), src=_t(L), reduce="sum",
                                                             include_self=False)),
    ("scatter_reduce_", lambda L: _t(L).scatter_reduce_(axis=0, index=_I(L), src=_t(L), reduce="mean")),
    ("select_scatter", lambda L: L.select_scatter(_t(L, True), _t(L)[0], axis=0, index=1)),
    ("Tensor.slice_scatter", lambda L: _t(L).slice_scatter(_t(L)[1:], axis=0, start=1)),
    # cross, renorm, trapezoid
    ("cross", lambda L: L.cross(_t(L, True)[:, :3], _t(L)[:, 1:], axis=1)),
    ("Tensor.cross", lambda L: _t(L)[:, :3].cross(_t(L)[:, 1:], axis=0)),
    ("linalg.cross", lambda L: L.linalg.cross(_t(L, True)[:, :3], _t(L)[:, 1:], axis=1)),
    ("renorm", lambda L: L.renorm(_t(L, True), 1, axis=0, maxnorm=5.0)),
    ("Tensor.renorm", lambda L: _t(L).renorm(1, axis=1, maxnorm=4.0)),
    ("renorm_", lambda L: _t(L).renorm_(1, axis=1, maxnorm=4.0)),
    ("trapezoid", lambda L: L.trapezoid(_t(L, True), axis=0)),
    ("trapezoid dx", lambda L: L.trapezoid(_t(L), dx=2.0, axis=0)),
    ("trapezoid x", lambda L: L.trapezoid(_t(L), _t(L), axis=0)),
    ("trapz", lambda L: L.trapz(_t(L), axis=0)),
    ("cumulative_trapezoid", lambda L: L.cumulative_trapezoid(_t(L, True), axis=0)),
    ("cumulative_trapezoid dx", lambda L: L.cumulative_trapezoid(_t(L), dx=3.0, axis=1)),
    # norms
    ("linalg.vector_norm", lambda L: L.linalg.vector_norm(_t(L, True), 1, axis=1, keepdims=True)),
    ("linalg.vector_norm inf", lambda L: L.linalg.vector_norm(_t(L), float("inf"), axis=(0, 1))),
    ("linalg.norm", lambda L: L.linalg.norm(_t(L), 1, axis=1, keepdims=True)),
    ("linalg.matrix_norm", lambda L: L.linalg.matrix_norm(_t(L), 1, axis=(0, 1), keepdims=True)),
    ("linalg.vecdot", lambda L: L.linalg.vecdot(_t(L, True), _t(L), axis=0)),
    ("frobenius_norm", lambda L: L.frobenius_norm(_t(L), axis=(0,), keepdims=True)),
    ("norm_except_dim", lambda L: L.norm_except_dim(_t(L), 1, axis=1)),
    # softmax family
    ("special.softmax", lambda L: L.special.softmax(_t(L, True), axis=1)),
    ("special.log_softmax", lambda L: L.special.log_softmax(_t(L, True), axis=0)),
    ("special.logsumexp", lambda L: L.special.logsumexp(_t(L), axis=1, keepdims=True)),
    ("cosine_similarity", lambda L: L.cosine_similarity(_t(L), _t(L).flip(0), axis=0)),
    ("F.cosine_similarity", lambda L: L.nn.functional.cosine_similarity(_t(L), _t(L).flip(1), axis=1)),
    # torch.fft (inputs whose transforms are exact)
    ("fft.fft", lambda L: L.fft.fft(_t(L, True), axis=1)),
    ("fft.ifft", lambda L: L.fft.ifft(_t(L), axis=1)),
    ("fft.rfft", lambda L: L.fft.rfft(_t(L), axis=1)),
    ("fft.irfft", lambda L: L.fft.irfft(_t(L), 4, axis=1)),
    ("fft.hfft", lambda L: L.fft.hfft(_t(L), 4, axis=1)),
    ("fft.ihfft", lambda L: L.fft.ihfft(_t(L), axis=1)),
    ("fft.fftn", lambda L: L.fft.fftn(_t(L), axis=(1,))),
    ("fft.ifftn", lambda L: L.fft.ifftn(_t(L), axis=[1])),
    ("fft.rfftn", lambda L: L.fft.rfftn(_t(L), axis=(1,))),
    ("fft.irfftn", lambda L: L.fft.irfftn(_t(L)[:, :3], axis=(1,))),
    ("fft.hfftn", lambda L: L.fft.hfftn(_t(L), axis=(0,))),
    ("fft.ihfftn", lambda L: L.fft.ihfftn(_t(L), axis=(1,))),
    ("fft.fft2", lambda L: L.fft.fft2(_t(L)[:2], axis=(1, 0))),
    ("fft.ifft2", lambda L: L.fft.ifft2(_t(L)[:2], axis=(1, 0))),
    ("fft.rfft2", lambda L: L.fft.rfft2(_t(L)[:2], axis=(0, 1))),
    ("fft.irfft2", lambda L: L.fft.irfft2(_t(L)[:2], axis=(0, 1))),
    ("fft.hfft2", lambda L: L.fft.hfft2(_t(L), axis=(1, 0))),
    ("fft.ihfft2", lambda L: L.fft.ihfft2(_t(L)[:2], axis=(0, 1))),
    ("fft.fftshift", lambda L: L.fft.fftshift(_t(L, True), axis=0)),
    ("fft.ifftshift", lambda L: L.fft.ifftshift(_t(L), axis=(0, 1))),
    # *_copy / unsafe_* variants and the rest
    ("unsqueeze_copy", lambda L: L.unsqueeze_copy(_t(L, True), axis=1)),
    ("squeeze_copy", lambda L: L.squeeze_copy(_t(L).reshape(1, 3, 1, 4), axis=(0, 2))),
    ("select_copy", lambda L: L.select_copy(_t(L, True), axis=1, index=1)),
    ("slice_copy", lambda L: L.slice_copy(_t(L), axis=1, start=1)),
    ("split_copy", lambda L: L.split_copy(_t(L), 2, axis=1)),
    ("split_with_sizes_copy", lambda L: L.split_with_sizes_copy(_t(L), [1, 3], axis=1)),
    ("unbind_copy", lambda L: L.unbind_copy(_t(L), axis=1)),
    ("narrow_copy", lambda L: L.narrow_copy(_t(L), axis=1, start=1, length=2)),
    ("Tensor.narrow_copy", lambda L: _t(L, True).narrow_copy(axis=0, start=1, length=2)),
    ("unsafe_chunk", lambda L: L.unsafe_chunk(_t(L, True), 2, axis=1)),
    ("Tensor.unsafe_split", lambda L: _t(L, True).unsafe_split(2, axis=1)),
    ("unsafe_split_with_sizes", lambda L: L.unsafe_split_with_sizes(_t(L), [1, 3], axis=1)),
    ("gradient", lambda L: L.gradient(_t(L), axis=0)),
    ("gradient dims", lambda L: L.gradient(_t(L), axis=[0, 1], spacing=2.0)),
    ("hash_tensor", lambda L: L.hash_tensor(_t(L), axis=0, keepdims=True)),
    ("Tensor.hash_tensor", lambda L: _t(L).hash_tensor(axis=1)),
    ("torch.unflatten", lambda L: L.unflatten(_t(L, True), axis=1, sizes=(2, 2))),
]

# PyTorch's error for each (type and message compared exactly)
REJECTED = [
    ("both dim and axis", lambda L: _t(L).cumprod(dim=0, axis=1)),
    ("positional dim and axis", lambda L: L.unsqueeze(_t(L), 0, axis=0)),
    ("dim and axis keyword", lambda L: _t(L).unsqueeze(dim=0, axis=0)),
    ("cumprod both", lambda L: L.cumprod(_t(L), 0, axis=1)),
    ("select both", lambda L: _t(L).select(1, 0, axis=1)),
    ("gather both", lambda L: _t(L).gather(0, _I(L), axis=1)),
    ("index_select both", lambda L: L.index_select(_t(L), 0, _IV(L), axis=0)),
    ("median both", lambda L: _t(L).median(0, axis=1)),
    ("nansum keepdims both", lambda L: _t(L).nansum(0, True, keepdims=True)),
    ("cummin both", lambda L: _t(L).cummin(dim=1, axis=1)),
    ("chunk both", lambda L: _t(L).chunk(2, 1, axis=1)),
    ("size both", lambda L: _t(L).size(1, axis=1)),
    ("unsqueeze missing", lambda L: _t(L).unsqueeze()),
    ("torch.unsqueeze missing", lambda L: L.unsqueeze(_t(L))),
    ("select missing index", lambda L: _t(L).select(0)),
    ("select missing dim", lambda L: _t(L).select(index=0)),
    ("select axis, missing index", lambda L: _t(L).select(axis=0)),
    ("gather missing dim", lambda L: _t(L).gather(index=_I(L))),
    ("gather missing index", lambda L: _t(L).gather(1)),
    ("index_select missing", lambda L: _t(L).index_select(index=_IV(L))),
    ("topk missing k", lambda L: _t(L).topk(axis=0)),
    ("cumprod missing", lambda L: _t(L).cumprod()),
    ("cummax missing", lambda L: _t(L).cummax()),
    ("flatten", lambda L: _t(L).flatten(axis=0)),
    ("torch.flatten", lambda L: L.flatten(_t(L), axis=0)),
    ("roll", lambda L: L.roll(_t(L), 1, axis=0)),
    ("split", lambda L: L.split(_t(L), 1, axis=0)),
    ("norm", lambda L: L.norm(_t(L), axis=0)),
    ("F.softmax", lambda L: L.nn.functional.softmax(_t(L), axis=1)),
    ("F.log_softmax", lambda L: L.nn.functional.log_softmax(_t(L), axis=1)),
    ("F.softmin", lambda L: L.nn.functional.softmin(_t(L), axis=1)),
    ("F.normalize", lambda L: L.nn.functional.normalize(_t(L), axis=1)),
    ("F.glu", lambda L: L.nn.functional.glu(_t(L), axis=1)),
    ("sum dim and axis", lambda L: _t(L).sum(dim=0, axis=1)),
    ("cat both", lambda L: L.cat([_t(L)], 1, axis=0)),  # (an explicit ``dim`` equal to the default is missed)
    ("take_along_dim both", lambda L: L.take_along_dim(_t(L), _I(L), 0, axis=0)),
    ("index_add both", lambda L: _t(L).index_add(1, _IV(L), _t(L)[:, :2], axis=1)),
    ("index_add_ both", lambda L: _t(L).index_add_(1, _IV(L), _t(L)[:, :2], axis=1)),
    ("index_copy_ both", lambda L: _t(L).index_copy_(0, _IV(L), _t(L)[:2], axis=0)),
    ("index_reduce both", lambda L: _t(L).index_reduce(0, _IV(L), _t(L)[:2], "prod", axis=0)),
    ("scatter_add both", lambda L: L.scatter_add(_t(L), 0, _I(L), _t(L), axis=0)),
    ("scatter_reduce_ both", lambda L: _t(L).scatter_reduce_(0, _I(L), _t(L), "sum", axis=0)),
    ("cross both", lambda L: L.cross(_t(L)[:, :3], _t(L)[:, :3], 1, axis=1)),
    ("Tensor.cross both", lambda L: _t(L)[:, :3].cross(_t(L)[:, :3], dim=1, axis=1)),
    ("linalg.cross both", lambda L: L.linalg.cross(_t(L)[:, :3], _t(L)[:, :3], dim=0, axis=0)),
    ("renorm both", lambda L: _t(L).renorm(2, 0, 3.0, axis=0)),
    ("renorm_ both", lambda L: _t(L).renorm_(2, 0, 1.0, axis=0)),
    ("trapezoid both", lambda L: L.trapezoid(_t(L), dim=0, axis=0)),
    ("trapezoid x both", lambda L: L.trapezoid(_t(L), _t(L), dim=0, axis=1)),
    ("trapezoid dx both", lambda L: L.trapezoid(_t(L), dx=2.0, dim=0, axis=1)),
    ("trapz both", lambda L: L.trapz(_t(L), dim=0, axis=0)),
    ("cumulative_trapezoid both", lambda L: L.cumulative_trapezoid(_t(L), dim=0, axis=0)),
    ("vector_norm both", lambda L: L.linalg.vector_norm(_t(L), dim=0, axis=0)),
    ("vector_norm keepdims both", lambda L: L.linalg.vector_norm(_t(L), keepdim=True, keepdims=True)),
    ("linalg.norm both", lambda L: L.linalg.norm(_t(L), dim=0, axis=0)),
    ("linalg.norm keepdims both", lambda L: L.linalg.norm(_t(L), keepdim=True, keepdims=True)),
    ("matrix_norm both", lambda L: L.linalg.matrix_norm(_t(L), dim=(0, 1), axis=(0, 1))),
    ("vecdot both", lambda L: L.linalg.vecdot(_t(L), _t(L), dim=0, axis=0)),
    ("special.softmax both", lambda L: L.special.softmax(_t(L), 1, axis=1)),
    ("fft.fft both", lambda L: L.fft.fft(_t(L), dim=0, axis=0)),
    ("fft.fftn both", lambda L: L.fft.fftn(_t(L), dim=(0,), axis=(0,))),
    ("fft.fft2 both", lambda L: L.fft.fft2(_t(L), None, (0, 1), axis=(0, 1))),
    ("cosine_similarity both", lambda L: L.cosine_similarity(_t(L), _t(L), 0, axis=0)),
    ("scatter_add missing", lambda L: L.scatter_add(_t(L), 0)),
    ("scatter_reduce missing reduce", lambda L: _t(L).scatter_reduce(axis=0, index=_I(L), src=_t(L))),
    ("index_add missing source", lambda L: _t(L).index_add(axis=0, index=_IV(L))),
    ("index_add_ missing source", lambda L: _t(L).index_add_(0, _IV(L))),
    ("renorm missing maxnorm", lambda L: L.renorm(_t(L), 2, axis=0)),
    ("renorm_ missing maxnorm", lambda L: _t(L).renorm_(2, axis=0)),
    ("select_copy missing", lambda L: L.select_copy(_t(L), 0)),
    ("narrow_copy missing", lambda L: _t(L).narrow_copy(1, 0)),
    ("torch.unflatten missing", lambda L: L.unflatten(_t(L))),
    ("Tensor.unflatten", lambda L: _t(L).unflatten(1, (2, 2), axis=1)),  # (Python in PyTorch: no ``axis``)
    ("Tensor.unflatten missing", lambda L: _t(L).unflatten(1)),
]


def _same(a, b, label):
    import torch
    if isinstance(b, torch.Tensor):
        assert isinstance(a, ember.Tensor), (label, a)
        assert tuple(a.shape) == tuple(b.shape), label
        assert str(a.dtype) == str(b.dtype), label
        assert a.tolist() == b.tolist(), label
        ga, gb = a.grad_fn, b.grad_fn
        assert (ga and ga.name()) == (gb and gb.name()), label
    elif isinstance(b, tuple):
        assert isinstance(a, tuple) and len(a) == len(b), (label, a)
        assert type(a).__name__ == type(b).__name__, label
        for x, y in zip(a, b):
            _same(x, y, label)
    else:
        assert a == b, (label, a, b)


@pytest.mark.parametrize("label,fn", ACCEPTED, ids=[c[0] for c in ACCEPTED])
def test_alias_matches_torch(label, fn):
    torch = pytest.importorskip("torch")
    want = _run(torch, fn)
    assert not (isinstance(want, tuple) and len(want) == 2 and isinstance(want[0], str)), want
    _same(_run(ember, fn), want, label)


@pytest.mark.parametrize("label,fn", REJECTED, ids=[c[0] for c in REJECTED])
def test_rejection_matches_torch(label, fn):
    torch = pytest.importorskip("torch")
    want = _run(torch, fn)
    assert isinstance(want, tuple) and isinstance(want[0], str), want
    assert _run(ember, fn) == want


# ------------------------------------------------------------ golden (no torch needed)
def test_golden_values():
    x = _t(ember, True)
    v, i = x.sort(axis=0)
    assert v.tolist() == [[0.0, 1.0, 2.0, 1.0], [2.0, 2.0, 4.0, 2.0], [3.0, 5.0, 7.0, 6.0]]
    assert i.tolist() == [[1, 0, 0, 1], [2, 2, 1, 0], [0, 1, 2, 2]] and v.grad_fn.name() == "SortBackward0"
    assert x.unsqueeze(axis=0).shape == (1, 3, 4) and x.unsqueeze(axis=0).grad_fn.name() == "UnsqueezeBackward0"
    assert x.select(axis=1, index=2).tolist() == [2.0, 4.0, 7.0]
    assert x.gather(axis=0, index=ember.tensor([[0, 2, 1, 0]])).tolist() == [[3.0, 2.0, 4.0, 2.0]]
    assert x.cumprod(axis=1).tolist()[0] == [3.0, 3.0, 6.0, 12.0]
    assert x.median(axis=1).values.tolist() == [2.0, 1.0, 2.0]
    assert x.nansum(axis=1, keepdims=True).tolist() == [[8.0], [10.0], [17.0]]
    assert x.size(axis=1) == 4 and [c.shape for c in x.chunk(2, axis=1)] == [(3, 2), (3, 2)]


def test_golden_errors():
    x = _t(ember)
    with pytest.raises(TypeError) as e:
        x.topk(1, dim=0, axis=1)
    assert str(e.value) == "topk() got an unexpected keyword argument 'axis'"
    with pytest.raises(TypeError) as e:
        x.select(index=0)
    assert str(e.value) == 'select() missing 2 required positional argument: "dim", "index"'
    with pytest.raises(TypeError) as e:
        x.unsqueeze()
    assert str(e.value) == 'unsqueeze() missing 1 required positional arguments: "dim"'
    with pytest.raises(TypeError) as e:
        ember.nn.functional.softmax(x, axis=1)
    assert str(e.value) == "softmax() got an unexpected keyword argument 'axis'"


# (alias call, the same call spelled with ``dim=``/``keepdim=``): ember against itself, no torch needed
SAME_AS_DIM = [
    ("take_along_dim", lambda L: L.take_along_dim(_t(L), _I(L), axis=0),
     lambda L: L.take_along_dim(_t(L), _I(L), dim=0)),
    ("index_add_", lambda L: _t(L).index_add_(axis=1, index=_IV(L), source=_t(L)[:, :2]),
     lambda L: _t(L).index_add_(1, _IV(L), _t(L)[:, :2])),
    ("index_copy", lambda L: L.index_copy(_t(L), axis=1, index=_IV(L), source=_t(L)[:, :2]),
     lambda L: L.index_copy(_t(L), 1, _IV(L), _t(L)[:, :2])),
    ("index_fill_", lambda L: _t(L).index_fill_(axis=1, index=_IV(L), value=9.0),
     lambda L: _t(L).index_fill_(1, _IV(L), 9.0)),
    ("index_reduce", lambda L: _t(L).index_reduce(axis=1, index=_IV(L), source=_t(L)[:, :2], reduce="amin"),
     lambda L: _t(L).index_reduce(1, _IV(L), _t(L)[:, :2], "amin")),
    ("scatter_add_", lambda L: _t(L).scatter_add_(axis=0, index=_I(L), src=_t(L)),
     lambda L: _t(L).scatter_add_(0, _I(L), _t(L))),
    ("scatter_reduce", lambda L: L.scatter_reduce(_t(L), axis=0, index=_I(L), src=_t(L), reduce="prod"),
     lambda L: L.scatter_reduce(_t(L), 0, _I(L), _t(L), "prod")),
    ("cross", lambda L: L.cross(_t(L)[:, :3], _t(L)[:, 1:], axis=1), lambda L: L.cross(_t(L)[:, :3], _t(L)[:, 1:], 1)),
    ("renorm", lambda L: _t(L).renorm(1, axis=1, maxnorm=4.0), lambda L: _t(L).renorm(1, 1, 4.0)),
    ("trapezoid", lambda L: L.trapezoid(_t(L), axis=0), lambda L: L.trapezoid(_t(L), dim=0)),
    ("cumulative_trapezoid", lambda L: L.cumulative_trapezoid(_t(L), dx=2.0, axis=0),
     lambda L: L.cumulative_trapezoid(_t(L), dx=2.0, dim=0)),
    ("linalg.vector_norm", lambda L: L.linalg.vector_norm(_t(L), 3, axis=1, keepdims=True),
     lambda L: L.linalg.vector_norm(_t(L), 3, dim=1, keepdim=True)),
    ("linalg.matrix_norm", lambda L: L.linalg.matrix_norm(_t(L), axis=(1, 0)),
     lambda L: L.linalg.matrix_norm(_t(L), dim=(1, 0))),
    ("special.log_softmax", lambda L: L.special.log_softmax(_t(L), axis=0), lambda L: L.special.log_softmax(_t(L), 0)),
    ("fft.rfft", lambda L: L.fft.rfft(_t(L), axis=0), lambda L: L.fft.rfft(_t(L), dim=0)),
    ("fft.ifft2", lambda L: L.fft.ifft2(_t(L), axis=(1, 0)), lambda L: L.fft.ifft2(_t(L), dim=(1, 0))),
    ("fft.fftshift", lambda L: L.fft.fftshift(_t(L), axis=1), lambda L: L.fft.fftshift(_t(L), dim=1)),
    ("unsafe_chunk", lambda L: _t(L).unsafe_chunk(2, axis=1), lambda L: _t(L).unsafe_chunk(2, 1)),
    ("unflatten", lambda L: L.unflatten(_t(L), axis=1, sizes=(2, 2)), lambda L: L.unflatten(_t(L), 1, (2, 2))),
]


def _plain(r):
    if isinstance(r, ember.Tensor):
        return (tuple(r.shape), str(r.dtype), r.tolist(), r.grad_fn and r.grad_fn.name())
    return tuple(_plain(x) for x in r)


@pytest.mark.parametrize("label,alias,dim", SAME_AS_DIM, ids=[c[0] for c in SAME_AS_DIM])
def test_alias_same_as_dim(label, alias, dim):
    assert _plain(alias(ember)) == _plain(dim(ember)), label


def test_golden_alias_values_and_errors():
    x = _t(ember, True)
    assert x.take_along_dim(_I(ember), axis=0).tolist() == [[3.0, 2.0, 4.0, 2.0]]
    assert ember.trapezoid(x, axis=0).tolist() == [2.5, 6.5, 8.5, 5.0]
    assert ember.cumulative_trapezoid(x, axis=0).tolist() == [[1.5, 3.0, 3.0, 1.5], [2.5, 6.5, 8.5, 5.0]]
    y = _t(ember).scatter_add_(axis=0, index=_I(ember), src=_t(ember))
    assert y.tolist() == [[6.0, 1.0, 2.0, 4.0], [0.0, 5.0, 6.0, 1.0], [2.0, 3.0, 7.0, 6.0]]
    assert ember.fft.fftshift(_t(ember), axis=0).tolist()[0] == [2.0, 2.0, 7.0, 6.0]
    for call, msg in [
        (lambda: _t(ember).index_add_(1, _IV(ember), _t(ember)[:, :2], axis=1),
         "index_add_() got an unexpected keyword argument 'axis'"),
        (lambda: ember.linalg.vector_norm(_t(ember), keepdim=True, keepdims=True),
         "linalg_vector_norm() got an unexpected keyword argument 'keepdims'"),
        (lambda: ember.fft.fft(_t(ember), dim=0, axis=0), "fft_fft() got an unexpected keyword argument 'axis'"),
        (lambda: ember.special.softmax(_t(ember), 1, axis=1),
         "special_softmax() got an unexpected keyword argument 'axis'"),
        (lambda: _t(ember).scatter_reduce(axis=0, index=_I(ember), src=_t(ember)),
         'scatter_reduce() missing 1 required positional arguments: "reduce"'),
        (lambda: _t(ember).unflatten(1, (2, 2), axis=1), "Tensor.unflatten() got an unexpected keyword argument 'axis'"),
    ]:
        with pytest.raises(TypeError) as e:
            call()
        assert str(e.value) == msg
