"""Table-driven tests for ``ember/ops/shape_ext.py`` (cat/stack/split, gather/scatter,
index_*, flip/roll, tril/triu, diagonals, unfold, as_strided, unique & co).

Every row runs the same function on ember and (when importable) on real PyTorch
with identical data, comparing forward values, dtype, shape, ``grad_fn`` name and
the gradient of every input; then the backward itself is differentiated (double
backward) and compared.  Float64 finite-difference checks (``gradcheck``) run
without torch, for the first and the second derivative.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Callable, Optional

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import ember

try:  # PyTorch is the oracle, never a dependency.
    import torch  # type: ignore
except Exception:  # pragma: no cover - torch absent
    torch = None

needs_torch = pytest.mark.skipif(torch is None, reason="PyTorch (oracle) not installed")


# ----------------------------------------------------------------------------- harness
@dataclass
class Case:
    id: str
    fn: Callable  # fn(L, *inputs) with L = ember or torch
    shapes: list
    nograd: tuple = ()  # indices of float inputs that do not require grad
    grad: bool = True
    gradcheck: bool = True
    dd: bool = True  # check the backward's own backward
    distinct: bool = False  # make input values distinct (ties matter, e.g. amax)
    positive: bool = False


def _flat(out) -> list:
    if isinstance(out, (tuple, list)):
        r = []
        for o in out:
            r += _flat(o)
        return r
    return [out]


def _np(t) -> np.ndarray:
    return np.asarray(t.detach().cpu().numpy() if torch is not None and isinstance(t, torch.Tensor)
                      else t.detach().numpy())


def _inputs(case: Case, dtype=np.float32, seed=0) -> list:
    rng = np.random.default_rng(seed)
    arrs = []
    for s in case.shapes:
        if case.distinct:
            n = int(np.prod(s))
            a = (rng.permutation(n).astype(np.float64) / max(n, 1) * 3 - 1).reshape(s)
        else:
            a = rng.uniform(0.5 if case.positive else -2.0, 2.0, size=s)
        arrs.append(np.asarray(a, dtype=dtype))
    return arrs


def _make(L, arrs, case, dtype=None):
    ts = []
    for i, a in enumerate(arrs):
        t = L.tensor(a)
        if case.grad and i not in case.nograd:
            t.requires_grad_(True)
        ts.append(t)
    return ts


def _grad_name(t) -> Optional[str]:
    fn = t.grad_fn
    return None if fn is None else type(fn).__name__ if L_is_torch(t) else fn.name()


def L_is_torch(t) -> bool:
    return torch is not None and isinstance(t, torch.Tensor)


def compare_outputs(e_outs, t_outs, rtol=1e-5, atol=1e-6):
    assert len(e_outs) == len(t_outs)
    for eo, to in zip(e_outs, t_outs):
        assert str(eo.dtype) == str(to.dtype), (eo.dtype, to.dtype)
        assert tuple(eo.shape) == tuple(to.shape), (tuple(eo.shape), tuple(to.shape))
        np.testing.assert_allclose(_np(eo), _np(to), rtol=rtol, atol=atol)
        assert eo.requires_grad == to.requires_grad
        assert _grad_name(eo) == _grad_name(to)


def run_case(case: Case):
    arrs = _inputs(case)
    e_in = _make(ember, arrs, case)
    e_outs = _flat(case.fn(ember, *e_in))
    if torch is not None:
        t_in = _make(torch, arrs, case)
        t_outs = _flat(case.fn(torch, *t_in))
        compare_outputs(e_outs, t_outs)
        if case.grad:
            diff = [i for i, o in enumerate(t_outs) if o.requires_grad]
            rng = np.random.default_rng(1)
            ws = [rng.standard_normal(tuple(t_outs[i].shape)).astype(np.float32) for i in diff]
            if diff:
                t_w = [torch.tensor(w, requires_grad=True) for w in ws]
                e_w = [ember.tensor(w, requires_grad=True) for w in ws]
                t_req = [t for t in t_in if t.requires_grad]
                e_req = [t for t in e_in if t.requires_grad]
                t_g = torch.autograd.grad([t_outs[i] for i in diff], t_req, t_w, create_graph=True,
                                          allow_unused=True)
                e_g = ember.autograd.grad([e_outs[i] for i in diff], e_req, e_w, create_graph=True,
                                          allow_unused=True)
                for eg, tg in zip(e_g, t_g):
                    if tg is None:
                        assert eg is None or not np.any(_np(eg))
                        continue
                    assert eg is not None
                    assert str(eg.dtype) == str(tg.dtype)
                    assert tuple(eg.shape) == tuple(tg.shape)
                    np.testing.assert_allclose(_np(eg), _np(tg), rtol=1e-4, atol=1e-5)
                if case.dd:
                    pairs = [(eg, tg) for eg, tg in zip(e_g, t_g) if tg is not None and tg.requires_grad]
                    if pairs:
                        vs = [rng.standard_normal(tuple(tg.shape)).astype(np.float32) for _, tg in pairs]
                        t_s = sum((tg * torch.tensor(v)).sum() for (_, tg), v in zip(pairs, vs))
                        e_s = sum((eg * ember.tensor(v)).sum() for (eg, _), v in zip(pairs, vs))
                        t_gg = torch.autograd.grad(t_s, t_w + t_req, allow_unused=True)
                        e_gg = ember.autograd.grad(e_s, e_w + e_req, allow_unused=True)
                        for eg, tg in zip(e_gg, t_gg):
                            if tg is None:
                                assert eg is None or not np.any(_np(eg))
                                continue
                            assert eg is not None
                            np.testing.assert_allclose(_np(eg), _np(tg), rtol=1e-4, atol=1e-5)
    if case.grad and case.gradcheck:
        d_arrs = _inputs(case, np.float64)
        d_in = _make(ember, d_arrs, case)
        fn = lambda *xs: tuple(o for o in _flat(case.fn(ember, *xs)) if o.requires_grad)
        assert ember.autograd.gradcheck(fn, tuple(d_in), eps=1e-6, atol=1e-5, rtol=1e-3)
        if case.dd:
            outs = _flat(case.fn(ember, *d_in))
            outs = [o for o in outs if o.requires_grad]
            req = [t for t in d_in if t.requires_grad]
            rng = np.random.default_rng(2)
            ws = [ember.tensor(rng.standard_normal(tuple(o.shape)), requires_grad=True) for o in outs]

            def first(*w):
                o = [x for x in _flat(case.fn(ember, *d_in)) if x.requires_grad]
                gs = ember.autograd.grad(o, req, list(w), create_graph=True, allow_unused=True)
                return tuple(g for g in gs if g is not None and g.requires_grad)

            if ws and first(*ws):
                assert ember.autograd.gradcheck(first, tuple(ws), eps=1e-6, atol=1e-5, rtol=1e-3)
    return e_outs


def I(L, v, dtype=None):  # noqa: E743 - index tensor helper
    return L.tensor(v) if dtype is None else L.tensor(v, dtype=getattr(L, dtype))


# ----------------------------------------------------------------------------- the table
CASES = [
    # cat / stack family
    Case("cat0", lambda L, a, b: L.cat([a, b]), [(2, 3), (4, 3)]),
    Case("cat1", lambda L, a, b: L.cat((a, b), dim=1), [(2, 3), (2, 1)]),
    Case("cat_neg", lambda L, a, b, c: L.cat([a, b, c], -1), [(2, 2), (2, 3), (2, 1)]),
    Case("cat_nograd_one", lambda L, a, b: L.cat([a, b]), [(2,), (3,)], nograd=(1,)),
    Case("cat_legacy_empty", lambda L, a: L.cat([L.zeros(0), a, L.zeros(0)]), [(2, 3)]),
    Case("cat_promote", lambda L, a: L.cat([a, a.double()]), [(2,)]),
    Case("cat_int_promote", lambda L, a: L.cat([I(L, [1, 2]), a]), [(3,)]),
    Case("cat_same", lambda L, a: L.cat([a, a, a], 0), [(2,)]),
    Case("concat", lambda L, a, b: L.concat([a, b], 1), [(1, 2), (1, 2)]),
    Case("concatenate", lambda L, a, b: L.concatenate([a, b], 0), [(1, 2), (1, 2)]),
    Case("stack0", lambda L, a, b: L.stack([a, b]), [(2, 3), (2, 3)]),
    Case("stack_last", lambda L, a, b: L.stack([a, b], -1), [(2, 3), (2, 3)]),
    Case("stack_mid", lambda L, a, b, c: L.stack((a, b, c), 1), [(2,), (2,), (2,)]),
    Case("stack_0d", lambda L, a, b: L.stack([a, b]), [(), ()]),
    Case("stack_promote", lambda L, a: L.stack([a, a.double()]), [(2,)]),
    Case("hstack1d", lambda L, a, b: L.hstack([a, b]), [(2,), (3,)]),
    Case("hstack2d", lambda L, a, b: L.hstack([a, b]), [(2, 1), (2, 3)]),
    Case("vstack", lambda L, a, b: L.vstack([a, b]), [(3,), (2, 3)]),
    Case("dstack", lambda L, a, b: L.dstack([a, b]), [(3,), (3,)]),
    Case("dstack2d", lambda L, a, b: L.dstack([a, b]), [(2, 3), (2, 3)]),
    Case("column_stack", lambda L, a, b: L.column_stack([a, b]), [(3,), (3, 2)]),
    Case("row_stack", lambda L, a, b: L.row_stack([a, b]), [(3,), (3,)]),
    Case("atleast_1d", lambda L, a: L.atleast_1d(a), [()]),
    Case("atleast_2d", lambda L, a, b: L.atleast_2d(a, b), [(), (3,)]),
    Case("atleast_3d", lambda L, a, b, c: L.atleast_3d([a, b, c]), [(), (3,), (2, 3)]),
    # split family (multi-output views)
    Case("split_int", lambda L, a: a.split(2), [(5, 2)]),
    Case("split_int_dim", lambda L, a: L.split(a, 2, dim=1), [(2, 5)]),
    Case("split_sizes", lambda L, a: a.split([1, 3, 1]), [(5,)]),
    Case("split_sizes_dim", lambda L, a: L.split(a, (2, 1), -1), [(2, 3)]),
    Case("split_partial_use", lambda L, a: a.split(2)[1], [(5,)]),
    Case("split_big", lambda L, a: a.split(10), [(3,)]),
    Case("chunk", lambda L, a: a.chunk(3), [(5, 2)]),
    Case("chunk_dim", lambda L, a: L.chunk(a, 2, dim=-1), [(2, 4)]),
    Case("chunk_fewer", lambda L, a: a.chunk(4), [(6,)]),
    Case("tensor_split_int", lambda L, a: L.tensor_split(a, 3), [(7,)]),
    Case("tensor_split_idx", lambda L, a: L.tensor_split(a, [1, 5], dim=1), [(2, 7)]),
    Case("tensor_split_rev", lambda L, a: L.tensor_split(a, [5, 1]), [(7,)]),
    Case("tensor_split_tensor", lambda L, a: a.tensor_split(I(L, [2, 3])), [(5,)]),
    Case("hsplit", lambda L, a: L.hsplit(a, 2), [(2, 4)]),
    Case("vsplit", lambda L, a: L.vsplit(a, [1]), [(3, 2)]),
    Case("dsplit", lambda L, a: L.dsplit(a, 2), [(1, 2, 4)]),
    Case("unbind", lambda L, a: a.unbind(), [(3, 2)]),
    Case("unbind_dim", lambda L, a: L.unbind(a, -1), [(2, 3)]),
    Case("unbind_partial", lambda L, a: a.unbind(1)[2] * 2, [(2, 3)]),
    # narrow / select
    Case("narrow", lambda L, a: a.narrow(1, 1, 2), [(3, 4)]),
    Case("narrow_neg", lambda L, a: L.narrow(a, 0, -2, 2), [(4,)]),
    Case("narrow_tensor_start", lambda L, a: a.narrow(0, I(L, 1), 2), [(4,)]),
    Case("narrow_empty", lambda L, a: a.narrow(0, 3, 0), [(3,)]),
    Case("select", lambda L, a: a.select(1, 2), [(3, 4)]),
    Case("select_neg", lambda L, a: L.select(a, 0, -1), [(3, 4)]),
    Case("select_to_0d", lambda L, a: a.select(0, 1), [(3,)]),
    # gather / scatter
    Case("gather0", lambda L, a: a.gather(0, I(L, [[0, 1, 0], [1, 1, 0]])), [(2, 3)]),
    Case("gather1_dup", lambda L, a: L.gather(a, 1, I(L, [[0, 0], [2, 2]])), [(2, 3)]),
    Case("gather_small_index", lambda L, a: a.gather(1, I(L, [[1]])), [(3, 4)]),
    Case("gather_int32", lambda L, a: a.gather(0, I(L, [2, 0], "int32")), [(3,)]),
    Case("scatter_src", lambda L, a, b: a.scatter(0, I(L, [[1, 0, 2]]), b), [(3, 3), (1, 3)]),
    Case("scatter_src_dim1", lambda L, a, b: L.scatter(a, 1, I(L, [[2], [0]]), b), [(2, 3), (2, 1)]),
    Case("scatter_value", lambda L, a: a.scatter(1, I(L, [[0, 2], [1, 1]]), 1.5), [(2, 3)]),
    Case("scatter_value_kw", lambda L, a: L.scatter(a, 0, I(L, [1]), value=-1.0), [(3,)]),
    Case("scatter_add", lambda L, a, b: a.scatter_add(0, I(L, [[0, 1, 0], [0, 0, 2]]), b), [(3, 3), (2, 3)]),
    Case("scatter_add_fn", lambda L, a, b: L.scatter_add(a, 1, I(L, [[1, 1, 1]]), b), [(2, 3), (1, 3)]),
    Case("scatter_reduce_sum", lambda L, a, b: a.scatter_reduce(0, I(L, [0, 0, 2, 1]), b, "sum"), [(3,), (4,)]),
    Case("scatter_reduce_sum_noself",
         lambda L, a, b: a.scatter_reduce(0, I(L, [0, 0, 2]), b, "sum", include_self=False), [(4,), (3,)]),
    Case("scatter_reduce_mean", lambda L, a, b: a.scatter_reduce(0, I(L, [0, 0, 2, 1]), b, "mean"), [(3,), (4,)]),
    Case("scatter_reduce_mean_noself",
         lambda L, a, b: a.scatter_reduce(0, I(L, [0, 0, 2]), b, "mean", include_self=False), [(4,), (3,)]),
    Case("scatter_reduce_amax", lambda L, a, b: a.scatter_reduce(0, I(L, [0, 0, 2, 1]), b, "amax"), [(3,), (4,)],
         distinct=True),
    Case("scatter_reduce_amin_noself",
         lambda L, a, b: a.scatter_reduce(1, I(L, [[0, 0, 2]]), b, "amin", include_self=False), [(2, 3), (1, 3)],
         distinct=True),
    Case("scatter_reduce_prod", lambda L, a, b: a.scatter_reduce(0, I(L, [0, 0, 2, 1]), b, "prod"), [(3,), (4,)],
         dd=False),
    # index_* family
    Case("index_select", lambda L, a: a.index_select(0, I(L, [2, 0, 2])), [(3, 2)]),
    Case("index_select_dim1", lambda L, a: L.index_select(a, 1, I(L, [1])), [(2, 3)]),
    Case("index_select_0d_index", lambda L, a: a.index_select(0, I(L, 1)), [(3,)]),
    Case("index_add", lambda L, a, b: a.index_add(0, I(L, [0, 2, 0]), b), [(3, 2), (3, 2)]),
    Case("index_add_alpha", lambda L, a, b: L.index_add(a, 1, I(L, [1, 1]), b, alpha=-2), [(2, 3), (2, 2)]),
    Case("index_copy", lambda L, a, b: a.index_copy(0, I(L, [2, 0]), b), [(3, 2), (2, 2)]),
    Case("index_copy_dim1", lambda L, a, b: L.index_copy(a, 1, I(L, [1]), b), [(2, 3), (2, 1)]),
    Case("index_fill", lambda L, a: a.index_fill(1, I(L, [0, 2]), -1.0), [(2, 3)]),
    Case("index_fill_tensor", lambda L, a, v: a.index_fill(0, I(L, [1]), v), [(3, 2), ()]),
    Case("masked_scatter", lambda L, a, s: a.masked_scatter(I(L, [[True, False, True], [False, True, False]]), s),
         [(2, 3), (5,)]),
    Case("masked_scatter_bcast", lambda L, a, s: a.masked_scatter(I(L, [True, False]), s), [(2, 2), (2, 2)]),
    Case("take", lambda L, a: a.take(I(L, [[0, 5], [-1, 0]])), [(2, 3)]),
    Case("take_fn", lambda L, a: L.take(a, I(L, [3, 3, 1])), [(4,)]),
    Case("take_along_dim", lambda L, a: L.take_along_dim(a, I(L, [[0, 2]]), 1), [(2, 3)]),
    Case("take_along_dim_none", lambda L, a: a.take_along_dim(I(L, [5, 0, 5])), [(2, 3)]),
    Case("take_along_dim_bcast", lambda L, a: L.take_along_dim(a, I(L, [[0], [1]]), 1), [(1, 3)]),
    # repeat / tile / repeat_interleave
    Case("repeat", lambda L, a: a.repeat(2, 3), [(2, 2)]),
    Case("repeat_lead", lambda L, a: a.repeat(2, 1, 2), [(3,)]),
    Case("repeat_tuple", lambda L, a: a.repeat((1, 2)), [(2, 2)]),
    Case("repeat_zero", lambda L, a: a.repeat(0, 2), [(2,)]),
    Case("repeat_0d", lambda L, a: a.repeat(3), [()]),
    Case("tile", lambda L, a: L.tile(a, (2,)), [(2, 2)]),
    Case("tile_method", lambda L, a: a.tile(2, 1, 1), [(2, 2)]),
    Case("repeat_interleave", lambda L, a: a.repeat_interleave(2), [(2, 2)]),
    Case("repeat_interleave_dim", lambda L, a: L.repeat_interleave(a, 3, dim=1), [(2, 2)]),
    Case("repeat_interleave_tensor", lambda L, a: a.repeat_interleave(I(L, [1, 0, 2]), dim=0), [(3, 2)]),
    Case("repeat_interleave_t1", lambda L, a: a.repeat_interleave(I(L, [2])), [(3,)]),
    # flips / rolls
    Case("flip", lambda L, a: a.flip(0), [(3, 2)]),
    Case("flip_many", lambda L, a: L.flip(a, (0, -1)), [(2, 3, 2)]),
    Case("flip_varargs", lambda L, a: a.flip(1, 0), [(2, 3)]),
    Case("fliplr", lambda L, a: L.fliplr(a), [(2, 3)]),
    Case("flipud", lambda L, a: a.flipud(), [(2, 3)]),
    Case("roll_flat", lambda L, a: a.roll(1), [(2, 3)]),
    Case("roll_dim", lambda L, a: L.roll(a, -1, 1), [(2, 3)]),
    Case("roll_multi", lambda L, a: a.roll((1, 2), (0, 1)), [(2, 3)]),
    Case("roll_big", lambda L, a: a.roll(7, 0), [(3,)]),
    Case("rot90", lambda L, a: a.rot90(), [(2, 3)]),
    Case("rot90_k", lambda L, a: L.rot90(a, 3, [1, 0]), [(2, 3)]),
    Case("rot90_neg", lambda L, a: a.rot90(-1, (1, 2)), [(2, 3, 4)]),
    Case("rot90_0", lambda L, a: a.rot90(0), [(2, 3)]),
    # triangles / diagonals
    Case("tril", lambda L, a: a.tril(), [(3, 4)]),
    Case("tril_k", lambda L, a: L.tril(a, -1), [(2, 3, 3)]),
    Case("triu", lambda L, a: a.triu(1), [(3, 4)]),
    Case("triu_neg", lambda L, a: L.triu(a, -1), [(4, 3)]),
    Case("diag_vec", lambda L, a: a.diag(), [(3,)]),
    Case("diag_vec_k", lambda L, a: L.diag(a, -1), [(3,)]),
    Case("diag_mat", lambda L, a: a.diag(), [(3, 4)]),
    Case("diag_mat_k", lambda L, a: L.diag(a, 1), [(3, 3)]),
    Case("diagonal", lambda L, a: a.diagonal(), [(3, 4)]),
    Case("diagonal_off", lambda L, a: L.diagonal(a, -1), [(3, 4)]),
    Case("diagonal_dims", lambda L, a: a.diagonal(1, 2, 0), [(2, 3, 4)]),
    Case("diagonal_empty", lambda L, a: a.diagonal(5), [(2, 3)]),
    Case("diag_embed", lambda L, a: a.diag_embed(), [(2, 3)]),
    Case("diag_embed_dims", lambda L, a: L.diag_embed(a, 1, 0, 2), [(2, 3)]),
    Case("diagflat", lambda L, a: a.diagflat(), [(2, 2)]),
    Case("diagflat_k", lambda L, a: L.diagflat(a, -2), [(3,)]),
    # views by strides
    Case("unfold", lambda L, a: a.unfold(0, 2, 1), [(4,)]),
    Case("unfold_step", lambda L, a: a.unfold(1, 2, 2), [(2, 5)]),
    Case("unfold_overlap", lambda L, a: a.unfold(0, 3, 1), [(5, 2)]),
    Case("as_strided", lambda L, a: a.as_strided((2, 2), (1, 1)), [(3,)]),
    Case("as_strided_offset", lambda L, a: L.as_strided(a, (2, 3), (3, 1), 1), [(3, 3)]),
    Case("ravel", lambda L, a: a.ravel(), [(2, 3)]),
    Case("ravel_noncontig", lambda L, a: L.ravel(a.t()), [(2, 3)]),
    # broadcasting
    Case("broadcast_to", lambda L, a: a.broadcast_to((2, 3)), [(3,)]),
    Case("broadcast_to_fn", lambda L, a: L.broadcast_to(a, (2, 2, 3)), [(2, 1, 3)]),
    Case("broadcast_tensors", lambda L, a, b: L.broadcast_tensors(a, b), [(3, 1), (1, 2)]),
    Case("broadcast_tensors_same", lambda L, a, b: L.broadcast_tensors(a, b), [(3,), (3,)]),
    Case("meshgrid_ij", lambda L, a, b: L.meshgrid(a, b, indexing="ij"), [(3,), (2,)]),
    Case("meshgrid_xy", lambda L, a, b, c: L.meshgrid([a, b, c], indexing="xy"), [(3,), (2,), (2,)]),
    Case("meshgrid_0d", lambda L, a, b: L.meshgrid(a, b, indexing="ij"), [(), (2,)]),
    Case("cartesian_prod", lambda L, a, b: L.cartesian_prod(a, b), [(2,), (3,)]),
    Case("cartesian_prod_one", lambda L, a: L.cartesian_prod(a), [(2,)]),
    Case("combinations", lambda L, a: L.combinations(a), [(4,)]),
    Case("combinations_r3_repl", lambda L, a: L.combinations(a, 3, with_replacement=True), [(3,)]),
    # scatter-likes
    Case("select_scatter", lambda L, a, b: L.select_scatter(a, b, 0, 1), [(3, 2), (2,)]),
    Case("slice_scatter", lambda L, a, b: L.slice_scatter(a, b, 1, 0, 3, 2), [(2, 4), (2, 2)]),
    Case("diagonal_scatter", lambda L, a, b: L.diagonal_scatter(a, b, 1), [(3, 3), (2,)]),
    # in-place variants (on non-leaf copies)
    Case("scatter_", lambda L, a, b: (a * 1).scatter_(0, I(L, [[2, 0]]), b), [(3, 2), (1, 2)]),
    Case("scatter_add_", lambda L, a, b: (a * 1).scatter_add_(0, I(L, [[2, 2]]), b), [(3, 2), (1, 2)]),
    Case("index_add_", lambda L, a, b: (a * 1).index_add_(0, I(L, [1, 1]), b), [(3,), (2,)]),
    Case("index_fill_", lambda L, a: (a * 1).index_fill_(0, I(L, [1]), 2.0), [(3,)]),
    Case("index_copy_", lambda L, a, b: (a * 1).index_copy_(0, I(L, [1]), b), [(3,), (1,)]),
    Case("tril_", lambda L, a: (a * 1).tril_(), [(3, 3)]),
    Case("triu_", lambda L, a: (a * 1).triu_(-1), [(3, 3)]),
    Case("masked_scatter_", lambda L, a, b: (a * 1).masked_scatter_(I(L, [True, False, True]), b), [(3,), (3,)]),
    # compositions
    Case("cat_of_views", lambda L, a: L.cat([a[1:], a[:1]]) * a.flip(0), [(3,)]),
    Case("stack_unbind", lambda L, a: L.stack(a.unbind(1), 0), [(2, 3)]),
    Case("split_cat", lambda L, a: L.cat(a.split(1)[::-1]), [(3,)]),
    Case("gather_sq", lambda L, a: a.gather(0, I(L, [1, 1, 0])) ** 2, [(3,)]),
    Case("diagonal_sq", lambda L, a: (a.diagonal() ** 2).sum(), [(3, 3)]),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_op(case):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        run_case(case)


# ----------------------------------------------------------------------------- no-grad / integer ops
def _cmp_plain(fn):
    e = _flat(fn(ember))
    if torch is None:
        return e
    t = _flat(fn(torch))
    assert len(e) == len(t)
    for eo, to in zip(e, t):
        assert str(eo.dtype) == str(to.dtype)
        assert tuple(eo.shape) == tuple(to.shape)
        np.testing.assert_allclose(_np(eo), _np(to), rtol=1e-6, atol=0, equal_nan=True)
    return e


def T(L, v, dtype=None):
    return L.tensor(v) if dtype is None else L.tensor(v, dtype=getattr(L, dtype))


PLAIN = [
    ("unique", lambda L: L.unique(T(L, [3, 1, 2, 1, 3])), [[1, 2, 3]]),
    ("unique_inv_cnt", lambda L: L.unique(T(L, [[3, 1], [2, 1]]), return_inverse=True, return_counts=True),
     [[1, 2, 3], [[2, 0], [1, 0]], [2, 1, 1]]),
    ("unique_method", lambda L: T(L, [2.5, -1.0, 2.5]).unique(return_counts=True), [[-1.0, 2.5], [1, 2]]),
    ("unique_nan", lambda L: L.unique(T(L, [3.0, float("nan"), 1.0, float("nan")])), None),
    ("unique_dim0", lambda L: L.unique(T(L, [[1, 2], [1, 2], [0, 1]]), dim=0, return_inverse=True,
                                       return_counts=True), [[[0, 1], [1, 2]], [1, 1, 0], [1, 2]]),
    ("unique_dim1", lambda L: L.unique(T(L, [[3, 1, 3], [1, 1, 1]]), dim=1), [[[1, 3], [1, 1]]]),
    ("unique_bool", lambda L: L.unique(T(L, [True, False, True])), [[False, True]]),
    ("unique_empty", lambda L: L.unique(T(L, []), return_inverse=True, return_counts=True), None),
    ("unique_0d", lambda L: L.unique(T(L, 2), return_counts=True), [[2], [1]]),
    ("unique_consecutive", lambda L: L.unique_consecutive(T(L, [1, 1, 2, 2, 3, 1, 1]), return_inverse=True,
                                                          return_counts=True),
     [[1, 2, 3, 1], [0, 0, 1, 1, 2, 3, 3], [2, 2, 1, 2]]),
    ("unique_consecutive_dim", lambda L: T(L, [[1, 1], [1, 1], [2, 2], [1, 1]]).unique_consecutive(dim=0),
     [[[1, 1], [2, 2], [1, 1]]]),
    ("bincount", lambda L: L.bincount(T(L, [1, 1, 3])), [[0, 2, 0, 1]]),
    ("bincount_minlength", lambda L: T(L, [1, 1, 3]).bincount(minlength=6), [[0, 2, 0, 1, 0, 0]]),
    ("bincount_w32", lambda L: L.bincount(T(L, [1, 1, 3]), weights=T(L, [0.5, 0.5, 1.0])), [[0, 1, 0, 1]]),
    ("bincount_w64", lambda L: L.bincount(T(L, [0, 2]), weights=T(L, [1.0, 2.0], "float64")), [[1, 0, 2]]),
    ("bincount_wint", lambda L: L.bincount(T(L, [0, 2]), weights=T(L, [1, 2])), [[1, 0, 2]]),
    ("bincount_empty", lambda L: L.bincount(T(L, [], "int64")), [[]]),
    ("histc", lambda L: L.histc(T(L, [1.0, 2, 1]), bins=4, min=0, max=3), [[0, 2, 1, 0]]),
    ("histc_auto", lambda L: T(L, [1.0, 2, 1, 1.5]).histc(bins=4), [[2, 0, 1, 1]]),
    ("histc_same", lambda L: L.histc(T(L, [1.0, 1.0]), bins=2), [[0, 2]]),
    ("histc_out_of_range", lambda L: L.histc(T(L, [-5.0, 0.5, 9.0], "float64"), bins=2, min=0, max=1), [[0, 1]]),
    ("histc_empty", lambda L: L.histc(T(L, []), bins=3), [[0, 0, 0]]),
    ("searchsorted", lambda L: L.searchsorted(T(L, [1, 3, 5, 7]), T(L, [3, 6, 9])), [[1, 3, 4]]),
    ("searchsorted_right", lambda L: L.searchsorted(T(L, [1, 3, 5, 7]), T(L, [3, 6, 9]), right=True), [[2, 3, 4]]),
    ("searchsorted_side", lambda L: L.searchsorted(T(L, [1, 3, 5, 7]), T(L, [3]), side="right"), [[2]]),
    ("searchsorted_scalar", lambda L: L.searchsorted(T(L, [1, 3, 5, 7]), 3), [1]),
    ("searchsorted_2d", lambda L: L.searchsorted(T(L, [[1, 3, 5, 7], [2, 4, 6, 8]]), T(L, [[3, 6], [3, 9]])),
     [[[1, 3], [1, 4]]]),
    ("searchsorted_int32", lambda L: L.searchsorted(T(L, [1.0, 3.0]), T(L, [2.0]), out_int32=True), [[1]]),
    ("searchsorted_sorter", lambda L: L.searchsorted(T(L, [1, 3, 2]), T(L, [2]), sorter=T(L, [0, 2, 1])), [[1]]),
    ("bucketize", lambda L: L.bucketize(T(L, [[3, 6], [9, 0]]), T(L, [1, 3, 5, 7])), [[[1, 3], [4, 0]]]),
    ("bucketize_right", lambda L: L.bucketize(T(L, [3, 6, 9]), T(L, [1, 3, 5, 7]), right=True), [[2, 3, 4]]),
    ("bucketize_scalar", lambda L: L.bucketize(3, T(L, [1, 3, 5, 7])), [1]),
    ("tril_indices", lambda L: L.tril_indices(3, 3), [[[0, 1, 1, 2, 2, 2], [0, 0, 1, 0, 1, 2]]]),
    ("triu_indices", lambda L: L.triu_indices(3, 4, 1), [[[0, 0, 0, 1, 1, 2], [1, 2, 3, 2, 3, 3]]]),
    ("tril_indices_neg", lambda L: L.tril_indices(3, 3, -1, dtype=L.int32), [[[1, 2, 2], [0, 0, 1]]]),
    ("tril_indices_empty", lambda L: L.tril_indices(0, 3), None),
    ("repeat_interleave_counts", lambda L: L.repeat_interleave(T(L, [2, 3])), [[0, 0, 1, 1, 1]]),
    ("repeat_interleave_int", lambda L: L.repeat_interleave(T(L, [[1, 2], [3, 4]]), 2),
     [[1, 1, 2, 2, 3, 3, 4, 4]]),
    ("repeat_interleave_0d", lambda L: L.repeat_interleave(T(L, 5), 2), [[5, 5]]),
    ("combinations_empty", lambda L: L.combinations(T(L, [1, 2, 3]), r=4), None),
    ("combinations_r0", lambda L: L.combinations(T(L, [1, 2, 3]), r=0), None),
    ("broadcast_shapes", lambda L: L.tensor(list(L.broadcast_shapes((2, 1), (3,), 1))), [[2, 3]]),
    ("index_fill_int_float", lambda L: L.index_fill(T(L, [[0, 1, 2], [3, 4, 5]]), 1, T(L, [0, 2]), 1.5),
     [[[1, 1, 1], [1, 4, 1]]]),
    ("scatter_int_value", lambda L: T(L, [0, 0, 0]).scatter(0, T(L, [0]), 1.7), [[1, 0, 0]]),
    ("scatter_reduce_int_mean", lambda L: L.arange(3).scatter_reduce(0, T(L, [0, 0, 1]), T(L, [1, 2, 4]), "mean"),
     [[1, 2, 2]]),
    ("scatter_reduce_prod_zero", lambda L: L.ones(3).scatter_reduce(0, T(L, [0, 0, 1]), T(L, [1.0, 2, 3]), "prod"),
     [[2, 3, 1]]),
    ("chunk_empty", lambda L: L.zeros(0).chunk(2), [[], []]),
    ("split_zero", lambda L: L.zeros(0).split(0), [[]]),
    ("flip_0d", lambda L: T(L, 1.0).flip(0), [1.0]),
    ("roll_0d", lambda L: T(L, 1.0).roll(1), [1.0]),
    ("roll_tensor_shift", lambda L: T(L, [1, 2, 3]).roll(T(L, 1)), [[3, 1, 2]]),
    ("unfold_0d", lambda L: T(L, 1.0).unfold(0, 1, 1), [[1.0]]),
    ("unfold_zero_size", lambda L: T(L, [1.0, 2.0, 3.0]).unfold(0, 0, 1), None),
    ("tile_empty_dims", lambda L: T(L, [1, 2]).tile(()), [[1, 2]]),
    ("repeat_empty", lambda L: T(L, 1.0).repeat(()), [1.0]),
    ("index_select_0d_self", lambda L: T(L, 5.0).index_select(0, T(L, [0])), [5.0]),
]


@pytest.mark.parametrize("name,fn,expected", PLAIN, ids=[p[0] for p in PLAIN])
def test_plain(name, fn, expected):
    outs = _cmp_plain(fn)
    if expected is not None:
        assert len(outs) == len(expected)
        for o, e in zip(outs, expected):
            assert o.tolist() == e


@pytest.mark.parametrize("op", ["scatter", "scatter_add", "sum", "mean", "amax"])
def test_scatter_src_larger_than_index(op):
    """PyTorch's own backward rejects a ``src`` larger than ``index``; ember pads the gradient with zeros."""
    idx = ember.tensor([[1, 0]])

    def f(x, s):
        if op == "scatter":
            return x.scatter(0, idx, s)
        if op == "scatter_add":
            return x.scatter_add(0, idx, s)
        return x.scatter_reduce(0, idx, s, op)

    rng = np.random.default_rng(0)
    x = ember.tensor(rng.permutation(6).reshape(2, 3) / 6.0, requires_grad=True)
    s = ember.tensor(rng.permutation(9).reshape(3, 3) / 9.0 + 0.05, requires_grad=True)
    out = f(x, s)
    if torch is not None:
        np.testing.assert_allclose(out.detach().numpy(), f.__call__.__self__ if False else _np(
            _torch_scatter(op, x.detach().numpy(), s.detach().numpy())))
    assert ember.autograd.gradcheck(f, (x, s))
    out.sum().backward()
    assert s.grad.numpy()[1:].tolist() == [[0.0] * 3] * 2
    assert s.grad.numpy()[0, 2] == 0.0


def _torch_scatter(op, x, s):
    idx = torch.tensor([[1, 0]])
    x, s = torch.tensor(x), torch.tensor(s)
    if op == "scatter":
        return x.scatter(0, idx, s)
    if op == "scatter_add":
        return x.scatter_add(0, idx, s)
    return x.scatter_reduce(0, idx, s, op)


def test_unique_grad_fn_and_error():
    x = ember.tensor([2.0, 1.0], requires_grad=True)
    u = ember.unique(x)
    assert u.grad_fn.name() == "Unique2Backward0"
    with pytest.raises(NotImplementedError, match="the derivative for '_unique2' is not implemented."):
        u.sum().backward()


def test_meshgrid_warns_without_indexing():
    with pytest.warns(UserWarning, match="required to pass the indexing argument"):
        a, b = ember.meshgrid(ember.tensor([1, 2]), ember.tensor([3, 4, 5]))
    assert a.tolist() == [[1, 1, 1], [2, 2, 2]]
    assert b.tolist() == [[3, 4, 5], [3, 4, 5]]


def test_scatter_reduce_arg_warns():
    from ember.ops import shape_ext
    shape_ext._SCATTER_REDUCE_WARNED.clear()  # (PyTorch warns once per process; start this test afresh)
    x = ember.zeros(3)
    with pytest.warns(UserWarning, match="deprecated"):
        r = x.scatter(0, ember.tensor([0, 0]), ember.tensor([1.0, 2.0]), reduce="add")
    assert r.tolist() == [3.0, 0.0, 0.0]
    r = ember.ones(3).scatter(0, ember.tensor([1, 1]), 3.0, reduce="multiply")
    assert r.tolist() == [1.0, 9.0, 1.0]
    x = ember.rand(3, requires_grad=True)
    shape_ext._SCATTER_REDUCE_WARNED.clear()
    with pytest.warns(UserWarning):
        r = x.scatter(0, ember.tensor([0]), ember.rand(1), reduce="add")
    assert r.grad_fn.name() == "torch::autograd::NotImplemented"  # (as PyTorch 2.13 names it)
    with pytest.raises(RuntimeError, match="^derivative for aten::scatter is not implemented$"):
        r.sum().backward()


# ----------------------------------------------------------------------------- errors
ERRORS = [
    ("cat_empty", lambda L: L.cat([]), ValueError, "torch.cat(): expected a non-empty list of Tensors"),
    ("cat_sizes", lambda L: L.cat([L.zeros(2, 3), L.zeros(3, 3)], 1), RuntimeError,
     "Sizes of tensors must match except in dimension 1. Expected size 2 but got size 3 for tensor number 1 in the "
     "list."),
    ("cat_ndim", lambda L: L.cat([L.zeros(2, 3), L.zeros(2)]), RuntimeError,
     "Tensors must have same number of dimensions: got 2 and 1"),
    ("cat_0d", lambda L: L.cat([L.tensor(1.0), L.tensor(2.0)]), RuntimeError,
     "zero-dimensional tensor (at position 0) cannot be concatenated"),
    ("cat_dim", lambda L: L.cat([L.zeros(2, 3)], 2), IndexError,
     "Dimension out of range (expected to be in range of [-2, 1], but got 2)"),
    ("cat_tensor", lambda L: L.cat(L.zeros(2, 3)), TypeError,
     "cat(): argument 'tensors' (position 1) must be tuple of Tensors, not Tensor"),
    ("stack_empty", lambda L: L.stack([]), RuntimeError, "stack expects a non-empty TensorList"),
    ("stack_size", lambda L: L.stack([L.zeros(2), L.zeros(3)]), RuntimeError,
     "stack expects each tensor to be equal size, but got [2] at entry 0 and [3] at entry 1"),
    ("stack_dim", lambda L: L.stack([L.zeros(2)], 2), IndexError,
     "Dimension out of range (expected to be in range of [-2, 1], but got 2)"),
    ("hstack_empty", lambda L: L.hstack([]), RuntimeError, "hstack expects a non-empty TensorList"),
    ("split_zero", lambda L: L.zeros(3).split(0), RuntimeError,
     "split_size can only be 0 if dimension size is 0, but got dimension size of 3"),
    ("split_neg", lambda L: L.zeros(3).split(-1), RuntimeError,
     "split expects split_size be non-negative, but got split_size=-1"),
    ("split_sizes", lambda L: L.zeros(3).split([1, 1]), RuntimeError,
     "split_with_sizes expects split_sizes to sum exactly to 3 (input tensor's size at dimension 0), but got "
     "split_sizes=[1, 1]"),
    ("split_0d", lambda L: L.tensor(1.0).split(1), RuntimeError, "split expects at least a 1-dimensional tensor"),
    ("chunk_zero", lambda L: L.zeros(3).chunk(0), RuntimeError,
     "chunk expects `chunks` to be greater than 0, got: 0"),
    ("chunk_0d", lambda L: L.tensor(1.0).chunk(2), RuntimeError, "chunk expects at least a 1-dimensional tensor"),
    ("tensor_split_zero", lambda L: L.tensor_split(L.zeros(3), 0), RuntimeError,
     "number of sections must be larger than 0, got 0"),
    ("tensor_split_0d", lambda L: L.tensor_split(L.tensor(1), 2), RuntimeError,
     "tensor_split expected at least a 1-dimensional tensor, but got a tensor with 0 dims"),
    ("unbind_0d", lambda L: L.unbind(L.tensor(1)), IndexError, "Dimension specified as 0 but tensor has no dimensions"),
    ("narrow_exceeds", lambda L: L.zeros(3).narrow(0, 2, 2), RuntimeError,
     "start (2) + length (2) exceeds dimension size (3)."),
    ("narrow_start", lambda L: L.zeros(3).narrow(0, 4, 0), IndexError,
     "start out of range (expected to be in range of [-3, 3], but got 4)"),
    ("narrow_length", lambda L: L.zeros(3).narrow(0, 0, -1), RuntimeError, "narrow(): length must be non-negative."),
    ("narrow_0d", lambda L: L.tensor(1.0).narrow(0, 0, 1), RuntimeError, "narrow() cannot be applied to a 0-dim tensor."),
    ("select_oob", lambda L: L.zeros(3).select(0, 3), IndexError,
     "select(): index 3 out of range for tensor of size [3] at dimension 0"),
    ("select_0d", lambda L: L.tensor(1.0).select(0, 0), IndexError, "select() cannot be applied to a 0-dim tensor."),
    ("gather_oob", lambda L: L.zeros(3).gather(0, L.tensor([3])), RuntimeError,
     "index 3 is out of bounds for dimension 0 with size 3"),
    ("gather_neg", lambda L: L.zeros(3).gather(0, L.tensor([-1])), RuntimeError,
     "index -1 is out of bounds for dimension 0 with size 3"),
    ("gather_dtype", lambda L: L.zeros(3).gather(0, L.tensor([0.0])), RuntimeError,
     "gather(): Expected dtype int32/int64 for index"),
    ("gather_ndim", lambda L: L.zeros(3).gather(0, L.tensor([[0]])), RuntimeError,
     "Index tensor must have the same number of dimensions as input tensor"),
    ("gather_size", lambda L: L.zeros(2, 3).gather(1, L.tensor([[0], [1], [0]])), RuntimeError,
     "Size does not match at dimension 0 expected index [3, 1] to be no larger than self [2, 3] apart from "
     "dimension 1"),
    ("scatter_oob", lambda L: L.zeros(3).scatter(0, L.tensor([3]), 1.0), RuntimeError,
     "index 3 is out of bounds for dimension 0 with size 3"),
    ("scatter_src_small", lambda L: L.zeros(3).scatter(0, L.tensor([0, 1]), L.zeros(1)), RuntimeError,
     "Expected index [2] to be no larger than self [3] apart from dimension 0 and to be no larger size than src [1]"),
    ("scatter_dtype", lambda L: L.zeros(3).scatter(0, L.tensor([0]), L.zeros(1, dtype=L.float64)), RuntimeError,
     "scatter(): Expected self.dtype to be equal to src.dtype"),
    ("scatter_ndim", lambda L: L.zeros(3).scatter(0, L.tensor([[0]]), 1.0), RuntimeError,
     "Index tensor must have the same number of dimensions as self tensor"),
    ("scatter_reduce_bad", lambda L: L.zeros(3).scatter(0, L.tensor([0]), L.zeros(1), reduce="foo"), RuntimeError,
     "reduce argument must be either add or multiply."),
    ("index_select_oob", lambda L: L.zeros(3).index_select(0, L.tensor([3])), IndexError,
     "index out of range in self"),
    ("index_select_neg", lambda L: L.zeros(3).index_select(0, L.tensor([-1])), IndexError,
     "index out of range in self"),
    ("index_select_2d", lambda L: L.zeros(3).index_select(0, L.tensor([[0]])), IndexError,
     "index_select(): Index is supposed to be a vector"),
    ("index_select_dtype", lambda L: L.zeros(3).index_select(0, L.tensor([0.0])), RuntimeError,
     "index_select(): Expected dtype int32 or int64 for index"),
    ("index_add_count", lambda L: L.zeros(3).index_add(0, L.tensor([0]), L.zeros(2)), RuntimeError,
     "index_add_(): Number of indices (1) should be equal to source.size(dim): (2), for dim: 0"),
    ("index_add_dtype", lambda L: L.zeros(3).index_add(0, L.tensor([0]), L.zeros(1, dtype=L.float64)), RuntimeError,
     "index_add_(): self (Float) and source (Double) must have the same scalar type"),
    ("index_add_oob", lambda L: L.zeros(3).index_add(0, L.tensor([5]), L.zeros(1)), IndexError,
     "index out of range in self"),
    ("index_copy_count", lambda L: L.zeros(3, 2).index_copy(0, L.tensor([0, 2]), L.ones(3, 2)), IndexError,
     "index_copy_(): Number of indices (2) should be equal to source.size(dim) (3)"),
    ("masked_scatter_few", lambda L: L.zeros(3).masked_scatter(L.tensor([True, False, True]), L.tensor([1.0])),
     RuntimeError, "Number of elements of source < number of ones in mask"),
    ("take_oob", lambda L: L.zeros(3).take(L.tensor([3])), IndexError,
     "out of range: tried to access index 3 on a tensor of 3 elements."),
    ("take_dtype", lambda L: L.zeros(3).take(L.tensor([0.0])), RuntimeError,
     "take(): Expected a long tensor for index, but got Float"),
    ("take_along_dim_ndim", lambda L: L.take_along_dim(L.zeros(2, 3), L.tensor([0, 2]), 1), RuntimeError,
     "torch.take_along_dim(): input and indices should have the same number of dimensions, but got 2 dimensions "
     "for input, and 1 dimensions for indices"),
    ("repeat_fewer", lambda L: L.zeros(2, 3).repeat(2), RuntimeError,
     "Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor"),
    ("repeat_negative", lambda L: L.zeros(3).repeat(-1), RuntimeError,
     "Trying to create tensor with negative dimension -3: [-3]"),
    ("repeat_interleave_size", lambda L: L.repeat_interleave(L.tensor([[1, 2], [3, 4]]), L.tensor([1, 2, 3]), dim=0),
     RuntimeError, "repeats must have the same size as input along dim, but got repeats.size(0) = 3 and "
                   "input.size(0) = 2"),
    ("repeat_interleave_neg", lambda L: L.repeat_interleave(L.tensor([1, 2]), -1), RuntimeError,
     "Repeats must be non-negative"),
    ("flip_dup", lambda L: L.zeros(3).flip(0, 0), RuntimeError, "dim 0 appears multiple times in the list of dims"),
    ("flip_dim", lambda L: L.zeros(3).flip(1), IndexError,
     "Dimension out of range (expected to be in range of [-1, 0], but got 1)"),
    ("fliplr_1d", lambda L: L.fliplr(L.zeros(3)), RuntimeError, "Input must be >= 2-d."),
    ("flipud_0d", lambda L: L.flipud(L.tensor(1.0)), RuntimeError, "Input must be >= 1-d."),
    ("roll_align", lambda L: L.zeros(2, 3).roll([1, 2], [0]), RuntimeError,
     "shifts and dimensions must align. shifts: 2, dims:1"),
    ("roll_0d_dim", lambda L: L.tensor(1.0).roll(1, 0), IndexError,
     "Dimension specified as 0 but tensor has no dimensions"),
    ("rot90_same", lambda L: L.zeros(2, 3).rot90(1, [0, 0]), RuntimeError,
     "expected rotation dims to be different, but got dim0 = 0 and dim1 = 0"),
    ("rot90_ndims", lambda L: L.zeros(2, 3).rot90(1, [0]), RuntimeError,
     "expected total rotation dims == 2, but got dims = 1"),
    ("rot90_1d", lambda L: L.zeros(3).rot90(), RuntimeError, "expected total dims >= 2, but got total dims = 1"),
    ("tril_1d", lambda L: L.zeros(3).tril(), RuntimeError, "tril: input tensor must have at least 2 dimensions"),
    ("triu_0d", lambda L: L.tensor(1.0).triu(), RuntimeError, "triu: input tensor must have at least 2 dimensions"),
    ("diag_3d", lambda L: L.zeros(2, 2, 2).diag(), RuntimeError, "diag(): Supports 1D or 2D tensors. Got 3D"),
    ("diagonal_same", lambda L: L.zeros(2, 3).diagonal(0, 0, 0), RuntimeError,
     "diagonal dimensions cannot be identical 0, 0"),
    ("diagonal_same_neg", lambda L: L.zeros(3, 3).diagonal(0, 0, -2), RuntimeError,
     "diagonal dimensions cannot be identical 0, -2"),
    ("unfold_size", lambda L: L.zeros(3).unfold(0, 4, 1), RuntimeError,
     "maximum size for tensor at dimension 0 is 3 but size is 4"),
    ("unfold_step", lambda L: L.zeros(3).unfold(0, 2, 0), RuntimeError, "step is 0 but must be > 0"),
    ("as_strided_oob", lambda L: L.zeros(3).as_strided((4,), (1,)), RuntimeError,
     "setStorage: sizes [4], strides [1], storage offset 0, and itemsize 4 requiring a storage size of 16 are out "
     "of bounds for storage of size 12"),
    ("broadcast_to_bad", lambda L: L.zeros(3).broadcast_to((2, 4)), RuntimeError,
     "The expanded size of the tensor (4) must match the existing size (3) at non-singleton dimension 1.  Target "
     "sizes: [2, 4].  Tensor sizes: [3]"),
    ("broadcast_tensors_bad", lambda L: L.broadcast_tensors(L.zeros(3), L.zeros(4)), RuntimeError,
     "The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 0"),
    ("broadcast_shapes_bad", lambda L: L.broadcast_shapes((2,), (3,)), RuntimeError,
     "Attempting to broadcast a dimension of length 3 at -1! Mismatching argument at index 1 had (3,); but "
     "expected shape should be broadcastable to [2]"),
    ("broadcast_shapes_neg", lambda L: L.broadcast_shapes(-1), ValueError,
     "Attempting to broadcast a dimension with negative length!"),
    ("meshgrid_indexing", lambda L: L.meshgrid(L.zeros(2), indexing="foo"), RuntimeError,
     'torch.meshgrid: indexing must be one of "xy" or "ij", but received: foo'),
    ("meshgrid_empty", lambda L: L.meshgrid(indexing="ij"), RuntimeError, "meshgrid expects a non-empty TensorList"),
    ("meshgrid_dtype", lambda L: L.meshgrid(L.tensor([1, 2]), L.tensor([1.0]), indexing="ij"), RuntimeError,
     "meshgrid expects all tensors to have the same dtype"),
    ("bincount_neg", lambda L: L.bincount(L.tensor([-1])), RuntimeError,
     "bincount only supports 1-d non-negative integral inputs."),
    ("bincount_2d", lambda L: L.bincount(L.tensor([[1]])), RuntimeError,
     "bincount only supports 1-d non-negative integral inputs."),
    ("bincount_float", lambda L: L.bincount(L.tensor([1.0])), NotImplementedError,
     "\"bincount_cpu\" not implemented for 'Float'"),
    ("bincount_weights", lambda L: L.bincount(L.tensor([1, 1]), weights=L.tensor([1.0])), RuntimeError,
     "weights should be 1-d and have the same length as input"),
    ("histc_int", lambda L: L.histc(L.tensor([1, 2]), bins=4), NotImplementedError,
     "\"histogram_cpu\" not implemented for 'Long'"),
    ("histc_minmax", lambda L: L.histc(L.tensor([1.0]), bins=4, min=3, max=0), RuntimeError,
     "torch.histc: max must be larger than min"),
    ("searchsorted_side", lambda L: L.searchsorted(L.tensor([1, 3]), L.tensor([3]), side="foo"), RuntimeError,
     "torch.searchsorted(): side can only be 'left' or 'right' but got foo"),
    ("searchsorted_opposite", lambda L: L.searchsorted(L.tensor([1, 3]), L.tensor([3]), side="left", right=True),
     RuntimeError, "torch.searchsorted(): side and right can't be set to opposites, got side of left while right "
                   "was True"),
    ("bucketize_2d", lambda L: L.bucketize(L.tensor([3]), L.tensor([[1, 3]])), RuntimeError,
     "boundaries tensor must be 1 dimension, but got dim(2)"),
    ("combinations_2d", lambda L: L.combinations(L.zeros(2, 2)), RuntimeError,
     "Expect a 1D vector, but got shape [2, 2]"),
    ("tril_indices_neg", lambda L: L.tril_indices(-1, 3), RuntimeError, "row must be non-negative, got-1"),
    ("tril_indices_float", lambda L: L.tril_indices(3, 3, dtype=L.float32), NotImplementedError,
     "\"tril_indices\" not implemented for 'Float'"),
]


@pytest.mark.parametrize("name,fn,exc,msg", ERRORS, ids=[e[0] for e in ERRORS])
def test_errors(name, fn, exc, msg):
    with pytest.raises(exc) as info:
        fn(ember)
    assert str(info.value) == msg
    if torch is not None:
        with pytest.raises(exc) as tinfo:
            fn(torch)
        assert str(tinfo.value) == msg


# ----------------------------------------------------------------------------- views & autograd semantics
def test_split_outputs_are_views_sharing_memory():
    x = ember.arange(6.0)
    a, b = x.split(3)
    a[0] = 100.0
    assert x[0].item() == 100.0
    assert a._base is x and b._base is x
    x.add_(1)
    assert b.tolist() == [4.0, 5.0, 6.0]


def test_split_outputs_share_node_and_output_nr():
    x = ember.rand(6, requires_grad=True)
    parts = x.split(2)
    assert parts[0].grad_fn is parts[2].grad_fn
    assert [p.output_nr for p in parts] == [0, 1, 2]
    parts[1].sum().backward()
    assert x.grad.tolist() == [0, 0, 1, 1, 0, 0]


@pytest.mark.parametrize("make,label", [
    (lambda y: y.split(1)[1], "Output 1 of SplitBackward0"),
    (lambda y: y.split([1, 2])[1], "Output 1 of SplitWithSizesBackward0"),
    (lambda y: y.unbind()[0], "Output 0 of UnbindBackward0"),
    (lambda y: y.chunk(3)[2], "Output 2 of SplitBackward0"),
])
def test_multi_output_view_inplace_error(make, label):
    msg = ("is a view and is being modified inplace. This view is the output of a function that returns multiple "
           "views. Such functions do not allow the output views to be modified inplace. You should replace the "
           "inplace operation by an out-of-place one.")
    for L in ([ember] + ([torch] if torch is not None else [])):
        x = L.rand(3, requires_grad=True)
        y = x * 1
        v = make(y)
        with pytest.raises(RuntimeError) as info:
            v.mul_(2)
        name = label.split(" of ")[1].replace("Backward0", "")
        assert str(info.value) == f"Output {label.split()[1]} of {name} {msg}"
        # no_grad: allowed
        with L.no_grad():
            make(x * 1).mul_(2)


def test_narrow_select_diagonal_views_write_through():
    x = ember.zeros(3, 3)
    x.narrow(1, 1, 2).fill_(1.0)
    x.select(0, 0).add_(2.0)
    x.diagonal().mul_(10.0)
    assert x.tolist() == [[20.0, 3.0, 3.0], [0.0, 10.0, 1.0], [0.0, 1.0, 10.0]]
    assert x._version == 3


def test_inplace_on_narrow_view_records_copyslices():
    for L in ([ember] + ([torch] if torch is not None else [])):
        x = L.tensor([1.0, 2.0, 3.0, 4.0], requires_grad=True)
        y = x * 2
        v = y.narrow(0, 1, 2)
        v.mul_(3)
        assert type(y.grad_fn).__name__ == "CopySlices"
        y.sum().backward()
        assert x.grad.tolist() == [2.0, 6.0, 6.0, 2.0]


def test_inplace_on_diagonal_view_of_leaf_errors():
    x = ember.rand(3, 3, requires_grad=True)
    with pytest.raises(RuntimeError, match="a view of a leaf Variable that requires grad is being used in an "
                                           "in-place operation."):
        x.diagonal().zero_()


def test_unfold_is_view_and_backward_accumulates():
    x = ember.arange(5.0, requires_grad=True)
    u = x.unfold(0, 3, 1)
    assert u._base is x
    assert u.grad_fn.name() == "UnfoldBackward0"
    u.sum().backward()
    assert x.grad.tolist() == [1.0, 2.0, 3.0, 2.0, 1.0]


def test_as_strided_view_of_view_uses_storage():
    base = ember.arange(9.0)
    v = base[3:]
    a = v.as_strided((2,), (2,))
    assert a.tolist() == [3.0, 5.0]
    if torch is not None:
        tb = torch.arange(9.0)
        assert torch.as_strided(tb[3:], (2,), (2,)).tolist() == a.tolist()


def test_saved_index_modified_is_fine_but_saved_output_checked():
    # scatter_reduce saves its output; modifying it in place must be caught at backward
    x = ember.rand(3, requires_grad=True)
    s = ember.rand(2, requires_grad=True)
    r = x.scatter_reduce(0, ember.tensor([0, 0]), s, "amax")
    r.add_(1)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        r.sum().backward()


def test_out_argument():
    out = ember.empty(4)
    r = ember.cat([ember.ones(2), ember.zeros(2)], out=out)
    assert r is out and out.tolist() == [1.0, 1.0, 0.0, 0.0]
    out2 = ember.empty(2, 2)
    ember.stack([ember.ones(2), ember.zeros(2)], out=out2)
    assert out2.tolist() == [[1.0, 1.0], [0.0, 0.0]]


def test_iteration_and_reversed_use_unbind_and_flip():
    x = ember.rand(3, 2, requires_grad=True)
    rows = list(x)
    assert [r.grad_fn.name() for r in rows] == ["UnbindBackward0"] * 3
    assert reversed(x).grad_fn.name() == "FlipBackward0"
    sum(r.sum() * (i + 1) for i, r in enumerate(rows)).backward()
    assert x.grad.tolist() == [[1.0, 1.0], [2.0, 2.0], [3.0, 3.0]]


def test_leaf_inplace_rules_for_new_inplace_methods():
    x = ember.rand(3, requires_grad=True)
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad is being used in an in-place operation."):
        x.index_fill_(0, ember.tensor([0]), 1.0)
    with ember.no_grad():
        x.index_fill_(0, ember.tensor([0]), 1.0)
    assert x[0].item() == 1.0
    y = ember.zeros(3)
    y.scatter_(0, ember.tensor([2]), 5.0)
    assert y.tolist() == [0.0, 0.0, 5.0] and y._version == 1


# ----------------------------------------------------------------------------- property-based
@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(1, 4), min_size=1, max_size=3), st.integers(0, 2), st.data())
def test_cat_split_roundtrip(shape, dim, data):
    dim = dim % len(shape)
    n = data.draw(st.integers(1, 3))
    pieces_sizes = [data.draw(st.integers(0, 3)) for _ in range(n)]
    rng = np.random.default_rng(0)
    arrs = []
    for s in pieces_sizes:
        shp = list(shape)
        shp[dim] = s
        arrs.append(rng.standard_normal(shp))
    ts = [ember.tensor(a, requires_grad=True) for a in arrs]
    c = ember.cat(ts, dim)
    np.testing.assert_array_equal(c.detach().numpy(), np.concatenate(arrs, axis=dim))
    back = c.split(pieces_sizes, dim)
    for b, a in zip(back, arrs):
        np.testing.assert_array_equal(b.detach().numpy(), a)
    w = rng.standard_normal(c.shape)
    (c * ember.tensor(w)).sum().backward()
    off = 0
    for t, s in zip(ts, pieces_sizes):
        np.testing.assert_array_equal(t.grad.numpy(), np.take(w, range(off, off + s), axis=dim))
        off += s


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(1, 4), min_size=1, max_size=3), st.data())
def test_gather_scatter_add_adjoint(shape, data):
    """<gather(x, idx), g> == <x, scatter_add(0, idx, g)> and the gradient agrees with torch."""
    dim = data.draw(st.integers(0, len(shape) - 1))
    ishape = [data.draw(st.integers(1, s)) for s in shape]
    ishape[dim] = data.draw(st.integers(1, 4))
    rng = np.random.default_rng(1)
    idx = rng.integers(0, shape[dim], size=ishape)
    x = rng.standard_normal(shape)
    g = rng.standard_normal(ishape)
    ex = ember.tensor(x, requires_grad=True)
    out = ex.gather(dim, ember.tensor(idx))
    out.backward(ember.tensor(g))
    sa = ember.zeros(*shape, dtype=ember.float64).scatter_add(dim, ember.tensor(idx), ember.tensor(g))
    np.testing.assert_allclose(ex.grad.numpy(), sa.numpy())
    np.testing.assert_allclose((out.detach().numpy() * g).sum(), (x * sa.numpy()).sum())
    if torch is not None:
        tx = torch.tensor(x, requires_grad=True)
        tout = tx.gather(dim, torch.tensor(idx))
        tout.backward(torch.tensor(g))
        np.testing.assert_allclose(out.detach().numpy(), tout.detach().numpy())
        np.testing.assert_allclose(ex.grad.numpy(), tx.grad.numpy())


@settings(max_examples=20, deadline=None)
@given(st.integers(1, 5), st.integers(1, 5), st.integers(-5, 5), st.integers(0, 1), st.integers(1, 2))
def test_diagonal_matches_numpy(n, m, offset, d1, d2):
    if d1 == d2:
        return
    a = np.arange(n * m * 2, dtype=np.float64).reshape(n, m, 2)
    x = ember.tensor(a, requires_grad=True)
    d = x.diagonal(offset, d1, d2)
    np.testing.assert_array_equal(d.detach().numpy(), np.diagonal(a, offset, d1, d2))
    d.sum().backward()
    ref = np.zeros(a.size)
    ref[np.diagonal(np.arange(a.size).reshape(a.shape), offset, d1, d2).ravel()] = 1
    np.testing.assert_array_equal(x.grad.numpy(), ref.reshape(a.shape))


# strides of views, as PyTorch reports them (golden values from PyTorch 2.13)
_STRIDE_CASES = [
    ("L.zeros(3,3)[:1,:2]", (3, 1)), ("L.zeros(4,5)[1:2,1:4]", (5, 1)), ("L.zeros(3,4)[:,None]", (4, 4, 1)),
    ("L.zeros(3,4)[None]", (12, 4, 1)), ("L.zeros(5)[None, :, None]", (5, 1, 1)), ("L.zeros(3,4)[1:2].t()", (1, 4)),
    ("L.zeros(3,4).unbind(1)[0].unsqueeze(1)", (4, 1)), ("L.zeros(3,4).unbind(1)[0].unsqueeze(0)", (12, 4)),
    ("L.zeros(2,3,4)[:, :, ::2]", (12, 4, 2)), ("L.zeros(3,1).expand(3,4)", (1, 0)), ("L.zeros(2,3,4).reshape(6,1,4)", (4, 4, 1)),
    ("L.zeros(3,4).t().unsqueeze(1)", (1, 12, 4)),
]


@pytest.mark.parametrize("expr,want", _STRIDE_CASES)
def test_view_strides_match_pytorch(expr, want):
    assert eval(expr, {"L": ember}).stride() == want
    if torch is not None:
        assert eval(expr, {"L": torch}).stride() == want
