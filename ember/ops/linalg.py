"""Matrix products and linear algebra: matmul/mm/bmm/mv/dot, addmm & co, einsum,
tensordot, kron, trace, cross, norms, det/inv/solve/cholesky/qr/svd/eigh.

``matmul`` follows ATen's ``_matmul_impl`` step by step (dot, mv, mm, folding
the batch into ``mm``/``mv``, or expand + ``bmm``) built from ember ops, so the
result's ``grad_fn`` (``MmBackward0``, ``UnsafeViewBackward0``, ``CloneBackward0``
...) and its gradients are PyTorch's.  Decomposition backward formulas are
those of PyTorch's ``FunctionsManual.cpp`` written with ember tensor ops, so
they can be differentiated again.
"""
from __future__ import annotations

import builtins as _builtins
import math as _math
import warnings as _warnings

import numpy as np

from .. import _dtype as D
from .. import return_types as _RT
from ..backend.fma import fma
from ._cascade_sum import GRAIN as _GRAIN, LANES as _LANES, lane_partials  # ATen's vector widths, grain
from ._common import GRAD as _GRAD, Node, Tensor, _make, finish as _finish, saved_output as _saved_output, \
    unpack_output as _unpack_output, write_out as _write_out, broadcast_error as _broadcast_error
from ._common import NP_UNSET, numpy_dim_names as _numpy_dim_names
from . import pointwise as _pw
from . import shape as _shape
from . import convert as _convert
from .reduction import _wrap
from .reduction_ext import _tname, _c, _arr, _scalar_out, _restore, _all_dims, amax as _amax, amin as _amin

_ndarray = np.ndarray
_bmax = _builtins.max
_bsum = _builtins.sum

_C10 = {"float32": "float", "float64": "double", "float16": "c10::Half", "bfloat16": "c10::BFloat16",
        "int64": "long int", "int32": "int", "int16": "short int", "int8": "signed char", "uint8": "unsigned char",
        "bool": "bool", "complex64": "c10::complex<float>", "complex128": "c10::complex<double>"}


def _c10(d) -> str:
    return _C10.get(D.from_numpy_dtype(d.dtype).name, str(d.dtype))


def _needs(*ts) -> bool:
    if not _GRAD.enabled:
        return False
    for t in ts:
        if isinstance(t, Tensor) and t._rg:
            return True
    return False


def _is_tensor(x) -> bool:
    return isinstance(x, Tensor)


def _nd(x: Tensor) -> int:
    try:
        return x._data.ndim
    except AttributeError as e:  # ``torch.matmul(2, t)``: PyTorch's argument-parser error
        from ._argerrors import raise_arg_type_error
        raise_arg_type_error(e)


def _shape_of(x: Tensor) -> tuple:
    try:
        return tuple(x._data.shape)
    except AttributeError as e:
        from ._argerrors import raise_arg_type_error
        raise_arg_type_error(e)


def _prod(seq) -> int:
    n = 1
    for s in seq:
        n *= s
    return n


def _unsafe_view(t: Tensor, shape) -> Tensor:
    """``at::_unsafe_view``: reshape recorded as ``UnsafeViewBackward0``."""
    data = np.reshape(t._data, tuple(shape))
    node = None
    if _needs(t):
        node = _shape.UnsafeViewBackward0((t,))
        node.shape = t._data.shape
    return _finish(data, node)


def _out_alias(node: Node, alias: Tensor, nr: int) -> Tensor:
    """Like ``unpack_output`` for output ``nr`` of a multi-output node."""
    if _GRAD.enabled:
        t = _make(alias._data, node)
        t._vc = alias._vc
        t._out_nr = nr
        return t
    return alias


def _eye_like(n: int, m: int, dtype) -> Tensor:
    return _c(np.eye(n, m, dtype=dtype))


def _check_not_bool(d, kernel: str) -> None:
    if d.dtype == np.bool_:
        raise NotImplementedError(f'"{kernel}" not implemented for \'Bool\'')


# ------------------------------------------------------------------ mm / bmm
class MmBackward0(Node):
    __slots__ = ()

    def backward(self, g):
        a, b = self.saved()
        e = self._edges
        ga = mm(g, b.t()) if e[0] is not None else None
        gb = mm(a.t(), g) if e[1] is not None else None
        return ga, gb

    def vjp(self, g):
        a, b = self.saved()
        e = self._edges
        ga = np.matmul(g, b._data.T) if e[0] is not None else None
        gb = np.matmul(a._data.T, g) if e[1] is not None else None
        return ga, gb


def _mm_checks(a: Tensor, b: Tensor) -> None:
    try:
        ad, bd = a._data, b._data
    except AttributeError as e:  # ``torch.mm(2, t)``
        from ._argerrors import raise_arg_type_error
        raise_arg_type_error(e)
    if ad.ndim != 2:
        raise RuntimeError("self must be a matrix")
    if bd.ndim != 2:
        raise RuntimeError("mat2 must be a matrix")
    if ad.shape[1] != bd.shape[0] or ad.dtype != bd.dtype:
        if getattr(ad, "is_sparse_coo", False):  # a sparse first operand: PyTorch's sparse addmm messages
            from ..sparse._ops import mm_error
            raise mm_error(ad, bd)
    if ad.shape[1] != bd.shape[0]:
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({ad.shape[0]}x{ad.shape[1]} and "
                           f"{bd.shape[0]}x{bd.shape[1]})")
    if ad.dtype != bd.dtype:
        raise RuntimeError(f"expected m1 and m2 to have the same dtype, but got: {_c10(ad)} != {_c10(bd)}")
    _check_not_bool(ad, "addmm_impl_cpu_")


def mm(input: Tensor, mat2: Tensor, *, out=None) -> Tensor:
    """``torch.mm``: 2-D matrix product (no broadcasting, no type promotion)."""
    a, b = input, mat2
    _mm_checks(a, b)
    data = np.matmul(a._data, b._data)
    node = None
    if _needs(a, b):
        node = MmBackward0((a, b))
        node.save(a if b._rg else None, b if a._rg else None)
    return _write_out(out, _finish(data, node))


class BmmBackward0(Node):
    __slots__ = ()

    def backward(self, g):
        a, b = self.saved()
        e = self._edges
        ga = bmm(g, b.transpose(1, 2)) if e[0] is not None else None
        gb = bmm(a.transpose(1, 2), g) if e[1] is not None else None
        return ga, gb

    def vjp(self, g):
        a, b = self.saved()
        e = self._edges
        ga = np.matmul(g, np.swapaxes(b._data, 1, 2)) if e[0] is not None else None
        gb = np.matmul(np.swapaxes(a._data, 1, 2), g) if e[1] is not None else None
        return ga, gb


def _bmm_checks(a: Tensor, b: Tensor) -> None:
    ad, bd = a._data, b._data
    if ad.ndim != 3:
        raise RuntimeError("batch1 must be a 3D tensor")
    if bd.ndim != 3:
        raise RuntimeError("batch2 must be a 3D tensor")
    if bd.shape[0] != ad.shape[0] or bd.shape[1] != ad.shape[2]:
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: [{ad.shape[0]}, "
                           f"{ad.shape[2]}] but got: [{bd.shape[0]}, {bd.shape[1]}].")
    if ad.dtype != bd.dtype:
        raise RuntimeError(f"expected scalar type {_tname(ad)} but found {_tname(bd)}")
    _check_not_bool(ad, "bmm")


def bmm(input: Tensor, mat2: Tensor, *, out=None) -> Tensor:
    """``torch.bmm``: batched 3-D matrix product."""
    a, b = input, mat2
    _bmm_checks(a, b)
    data = np.matmul(a._data, b._data)
    node = None
    if _needs(a, b):
        node = BmmBackward0((a, b))
        node.save(a if b._rg else None, b if a._rg else None)
    return _write_out(out, _finish(data, node))


# ---------------------------------------------------------------- mv / dot
class MvBackward0(Node):
    __slots__ = ()

    def backward(self, g):
        m, v = self.saved()
        e = self._edges
        gm = outer(g, v) if e[0] is not None else None
        gv = mv(m.t(), g) if e[1] is not None else None
        return gm, gv

    def vjp(self, g):
        m, v = self.saved()
        e = self._edges
        gm = np.multiply.outer(g, v._data) if e[0] is not None else None
        gv = np.matmul(m._data.T, g) if e[1] is not None else None
        return gm, gv


def mv(input: Tensor, vec: Tensor, *, out=None) -> Tensor:
    """``torch.mv``: matrix @ vector."""
    m, v = input, vec
    md, vd = m._data, v._data
    if md.ndim != 2 or vd.ndim != 1:
        raise RuntimeError(f"vector + matrix @ vector expected, got 1, {md.ndim}, {vd.ndim}")
    if md.shape[1] != vd.shape[0]:
        raise RuntimeError(f"size mismatch, got input ({md.shape[0]}), mat ({md.shape[0]}x{md.shape[1]}), "
                           f"vec ({vd.shape[0]})")
    if md.dtype != vd.dtype:
        raise RuntimeError(f"addmv input tensors must have the same dtype, but got {_tname(vd)}, {_tname(md)}, "
                           f"and {_tname(vd)}")
    _check_not_bool(md, "addmv_impl_cpu")
    data = np.matmul(md, vd)
    node = None
    if _needs(m, v):
        node = MvBackward0((m, v))
        node.save(m if v._rg else None, v if m._rg else None)
    return _write_out(out, _finish(data, node))


class DotBackward0(Node):
    __slots__ = ()

    def backward(self, g):
        a, b = self.saved()
        e = self._edges
        return (g * b if e[0] is not None else None), (g * a if e[1] is not None else None)

    def vjp(self, g):
        a, b = self.saved()
        e = self._edges
        return (g * b._data if e[0] is not None else None), (g * a._data if e[1] is not None else None)


class VdotBackward0(DotBackward0):
    __slots__ = ()


def _dot(a: Tensor, b: Tensor, cls, name: str) -> Tensor:
    try:
        ad, bd = a._data, b._data
    except AttributeError as e:  # ``torch.dot(2, t)``
        from ._argerrors import raise_arg_type_error
        raise_arg_type_error(e)
    if ad.ndim != 1 or bd.ndim != 1:
        raise RuntimeError(f"1D tensors expected, but got {ad.ndim}D and {bd.ndim}D tensors")
    if ad.dtype != bd.dtype:
        raise RuntimeError(f"dot : expected both vectors to have same dtype, but found {_tname(ad)} and {_tname(bd)}")
    if ad.shape[0] != bd.shape[0]:
        raise RuntimeError(f"inconsistent tensor size, expected tensor [{ad.shape[0]}] and src [{bd.shape[0]}] to "
                           f"have the same number of elements, but got {ad.shape[0]} and {bd.shape[0]} elements "
                           "respectively")
    _check_not_bool(ad, name)
    data = np.dot(np.conj(ad) if cls is VdotBackward0 else ad, bd)
    node = None
    if _needs(a, b):
        node = cls((a, b))
        node.save(a if b._rg else None, b if a._rg else None)
    return _finish(np.asarray(data, dtype=ad.dtype)[()], node)


def dot(input: Tensor, tensor: Tensor, *, out=None) -> Tensor:
    """``torch.dot``: inner product of two 1-D tensors of the same dtype."""
    return _write_out(out, _dot(input, tensor, DotBackward0, "dot"))


def vdot(input: Tensor, other: Tensor, *, out=None) -> Tensor:
    return _write_out(out, _dot(input, other, VdotBackward0, "vdot"))


# ------------------------------------------------------------------- matmul
class SqueezeBackward4(Node):
    """``squeeze_(0)`` on the ``mm`` result of a 1-D @ 2-D product."""

    __slots__ = ()

    def backward(self, g):
        return g.unsqueeze(0)

    def vjp(self, g):
        return (np.expand_dims(g, 0),)


def _squeeze0(t: Tensor) -> Tensor:
    node = SqueezeBackward4((t,)) if _needs(t) else None
    return _finish(np.squeeze(t._data, 0), node)


def _should_fold(t1: Tensor, t2: Tensor) -> bool:
    """ATen's ``should_fold``: fold the batch of the larger operand into an ``mm``/``mv``."""
    d1, d2 = _nd(t1), _nd(t2)
    larger = d1 >= d2
    dim_t1, dim_t2 = (d1, d2) if larger else (d2, d1)
    if not (dim_t1 >= 3 and dim_t2 <= 2):
        return False
    t2_rg = t2._rg if larger else t1._rg
    if t2_rg:
        return True
    if d1 == 2:
        return False
    big = t1._data if larger else t2._data
    if big.size == 0:
        return True
    shape = list(big.shape)
    strides = list(getattr(big, "strides", [0] * len(shape)))
    if not larger:
        shape[-1], shape[-2] = shape[-2], shape[-1]
        strides[-1], strides[-2] = strides[-2], strides[-1]
    for i in range(dim_t1 - 2):
        if strides[i] != strides[i + 1] * shape[i + 1]:
            return False
    return True


def matmul(input: Tensor, other: Tensor, *, out=None) -> Tensor:
    """``torch.matmul`` with PyTorch's dispatch (dot/mv/mm/folded mm/bmm) and broadcasting."""
    a, b = input, other
    if not _is_tensor(b):
        raise TypeError(f"matmul(): argument 'other' (position 2) must be Tensor, not {type(b).__name__}")
    da, db = _nd(a), _nd(b)
    if da == 0 or db == 0:
        raise RuntimeError(f"both arguments to matmul need to be at least 1D, but they are {da}D and {db}D")
    if da == 1 and db == 1:
        r = dot(a, b)
    elif da == 2 and db == 1:
        r = mv(a, b)
    elif da == 1 and db == 2:
        r = _squeeze0(mm(a.unsqueeze(0), b))
    elif da == 2 and db == 2:
        r = mm(a, b)
    elif _should_fold(a, b):
        transpose = db > da
        t1 = _shape.mT(b) if transpose else a
        t2 = ((a.t() if da == 2 else a) if transpose else b)
        s1 = _shape_of(t1)
        out_shape = s1[:-1]
        folded = _prod(out_shape)
        t1f = t1.reshape(folded, s1[-1])
        if _nd(t2) == 2:
            out_shape = out_shape + (_shape_of(t2)[1],)
            r = _unsafe_view(mm(t1f, t2), out_shape)
            if transpose:
                r = _convert.contiguous(_shape.mT(r))
        else:
            r = _unsafe_view(mv(t1f, t2), out_shape)
    else:
        sa, sb = _shape_of(a), _shape_of(b)
        if da == 3 and db == 3 and sa[0] != sb[0]:
            # a broadcast batch of one goes through the folding branch (ATen does the same)
            if sa[0] == 1 and a._rg:
                return _write_out(out, matmul(a.squeeze(0), b))
            if sb[0] == 1 and b._rg:
                return _write_out(out, matmul(a, b.squeeze(0)))
        n = sa[-2] if da > 1 else 1
        m1 = sa[-1]
        batch1 = sa[:_bmax(da - 2, 0)]
        m2 = sb[-2] if db > 1 else sb[0]
        p = sb[-1] if db > 1 else 1
        batch2 = sb[:_bmax(db - 2, 0)]
        try:
            batch = tuple(np.broadcast_shapes(batch1, batch2))
        except ValueError:
            raise _broadcast_error(batch1, batch2) from None
        out_shape = batch + ((n,) if da > 1 else ()) + ((p,) if db > 1 else ())
        B = _prod(batch)
        a3 = a.expand(batch + (n, m1)).reshape(B, n, m1)
        if db == 1:
            b3 = b.expand(batch + (m2,)).reshape(B, m2).unsqueeze(2)
            r = _unsafe_view(bmm(a3, b3).squeeze(-1), out_shape)
        else:
            b3 = b.expand(batch + (m2, p)).reshape(B, m2, p)
            r = _unsafe_view(bmm(a3, b3), out_shape)
    return _write_out(out, r)


def __matmul__(self, other):
    if not _is_tensor(other):
        return NotImplemented
    return matmul(self, other)


def __rmatmul__(self, other):
    if not _is_tensor(other):
        return NotImplemented
    return matmul(other, self)


# ---------------------------------------------------------- outer / inner
def outer(input: Tensor, vec2: Tensor, *, out=None) -> Tensor:
    """``torch.outer``: ``input.reshape(n, 1) * vec2`` (PyTorch records ``MulBackward0``)."""
    a, b = input, vec2
    if _nd(a) != 1:
        raise RuntimeError(f"outer: Expected 1-D argument self, but got {_nd(a)}-D")
    if _nd(b) != 1:
        raise RuntimeError(f"outer: Expected 1-D argument vec2, but got {_nd(b)}-D")
    return _write_out(out, a.reshape(_shape_of(a)[0], 1) * b)


ger = outer


def inner(input: Tensor, other: Tensor, *, out=None) -> Tensor:
    a, b = input, other
    if _nd(a) == 0 or _nd(b) == 0:
        return _write_out(out, a * b)
    sa, sb = _shape_of(a), _shape_of(b)
    if sa[-1] != sb[-1]:
        raise RuntimeError(f"inner() the last dimension must match on both input tensors but got shapes "
                           f"{list(sa)} and {list(sb)}")
    return _write_out(out, tensordot(a, b, ([-1], [-1])))


def tensordot(a: Tensor, b: Tensor, dims=2, out=None) -> Tensor:
    """``torch.tensordot``: permute + reshape + ``mm`` + view, like ATen."""
    if isinstance(dims, Tensor):
        dims = dims.tolist()
    if isinstance(dims, int):
        if dims < 0:
            raise RuntimeError(f"tensordot expects dims >= 0, but got dims={dims}")
        da, db = list(range(-dims, 0)), list(range(dims))
    else:
        da, db = dims
        da = [da] if isinstance(da, int) else list(da)
        db = [db] if isinstance(db, int) else list(db)
    if len(da) != len(db):
        raise RuntimeError("both dimension lists should have same length")
    if isinstance(a, Tensor) and isinstance(b, Tensor) and a._data.dtype != b._data.dtype:
        raise RuntimeError("both inputs should have same dtype")  # ATen's tensordot: no type promotion
    sa, sb = _shape_of(a), _shape_of(b)
    na, nb = len(sa), len(sb)
    ca, cb = [], []
    for x, y in zip(da, db):
        xw, yw = _wrap(x, na), _wrap(y, nb)
        if sa[xw] != sb[yw]:
            if sa[xw] == 1 or sb[yw] == 1:
                pass
            else:
                raise RuntimeError(f"contracted dimensions need to match, but first has size {sa[xw]} in dim {x} "
                                   f"and second has size {sb[yw]} in dim {y}")
        ca.append(xw)
        cb.append(yw)
    # size-1 contracted dims broadcast: sum the other side over them first
    for i, (x, y) in enumerate(zip(ca, cb)):
        if sa[x] != sb[y]:
            if sa[x] == 1:  # (in the operand's own dtype: an int8 sum stays int8)
                b = b.sum(y, keepdim=True, dtype=b.dtype)
            else:
                a = a.sum(x, keepdim=True, dtype=a.dtype)
    sa, sb = _shape_of(a), _shape_of(b)
    fa = [i for i in range(na) if i not in ca]
    fb = [i for i in range(nb) if i not in cb]
    k = _prod(sa[i] for i in ca)
    pa = a.permute(fa + ca).reshape(_prod(sa[i] for i in fa), k)
    pb = b.permute(cb + fb).reshape(k, _prod(sb[i] for i in fb))
    r = mm(pa, pb).reshape(tuple(sa[i] for i in fa) + tuple(sb[i] for i in fb))
    return _write_out(out, r)


def kron(input: Tensor, other: Tensor, *, out=None) -> Tensor:
    """``torch.kron``: broadcasting product of interleaved reshapes."""
    a, b = input, other
    n = _bmax(_nd(a), _nd(b))
    sa = (1,) * (n - _nd(a)) + _shape_of(a)
    sb = (1,) * (n - _nd(b)) + _shape_of(b)
    ra = a.reshape(tuple(x for s in sa for x in (s, 1)))
    rb = b.reshape(tuple(x for s in sb for x in (1, s)))
    return _write_out(out, _unsafe_view(ra * rb, tuple(x * y for x, y in zip(sa, sb))))


# --------------------------------------------------------- addmm & friends
def _beta_scale(g, beta):
    return g if beta == 1 else g * beta


def _alpha_scale(g, alpha):
    return g if alpha == 1 else g * alpha


def _expand_input(inp: Tensor, shape: tuple):
    """``input`` of addmm & co., checked to expand to ``shape`` with PyTorch's expand error message.
    The array comes back unexpanded: the arithmetic with the product broadcasts it to ``shape``
    (``np.broadcast_to`` costs 3 us), as nothing but ``expand``'s refusals could make it larger."""
    d = inp._data
    ds = d.shape
    if ds == shape or (len(ds) <= len(shape) and all(a == 1 or a == b for a, b in zip(reversed(ds), reversed(shape)))):
        return d
    _shape.expand(_make(d), shape)  # raises ATen's error
    return np.broadcast_to(d, shape)


def _scalar_factors(kind: str, beta, alpha, op: str = ""):
    """``beta``/``alpha`` of addmm & co. converted as ATen does to the tensors' scalar type: integer
    tensors truncate them (``addr`` refuses a float instead), a complex factor for a real tensor is
    the conversion's overflow error."""
    if kind in "iub":
        if op == "addr":
            for name, v in (("beta", beta), ("alpha", alpha)):
                if isinstance(v, (float, complex, np.floating, np.complexfloating)):
                    raise RuntimeError(f"For integral input tensors, argument {name} must not be a floating point "
                                       "number.")
        return int(_real_factor(beta, "long int")), int(_real_factor(alpha, "long int"))
    if kind == "f":
        return _real_factor(beta, "float"), _real_factor(alpha, "float")
    return beta, alpha


def _real_factor(v, ctype: str):
    """A Python scalar for a real tensor: a complex one with an imaginary part cannot be converted."""
    if isinstance(v, (complex, np.complexfloating)):
        if v.imag != 0:
            raise RuntimeError(f"value cannot be converted to type {ctype} without overflow")
        return v.real
    return v


def _opmath(d):
    """An operand as ATen's CPU kernels compute with it: float16 in float32 (the product is then
    rounded once, with the sum in :func:`_combine`)."""
    return d.astype(np.float32) if d.dtype == np.float16 else d


def _combine(prod_data, inp: Tensor, beta, alpha, op: str = "", dtype=None):
    """``beta * input + alpha * prod`` in the result's type ``dtype`` (float16: ``prod`` arrives in
    float32 from :func:`_opmath` operands and the sum is rounded once)."""
    dtype = prod_data.dtype if dtype is None else dtype
    kind = dtype.kind
    if not (beta.__class__ is int and alpha.__class__ is int):
        beta, alpha = _scalar_factors(kind, beta, alpha, op)
    r = prod_data if alpha == 1 else prod_data * alpha
    if beta != 0:
        i = _opmath(_expand_input(inp, prod_data.shape))
        r = r + (i if beta == 1 else i * beta)
    return np.asarray(r, dtype=dtype)


class AddmmBackward0(Node):
    __slots__ = ("beta", "alpha")

    def backward(self, g):
        m1, m2 = self.saved()
        e = self._edges
        gi = _beta_scale(g, self.beta) if e[0] is not None else None
        g1 = _alpha_scale(mm(g, m2.t()), self.alpha) if e[1] is not None else None
        g2 = _alpha_scale(mm(m1.t(), g), self.alpha) if e[2] is not None else None
        return gi, g1, g2

    def vjp(self, g):
        m1, m2 = self.saved()
        e = self._edges
        gi = _beta_scale(g, self.beta) if e[0] is not None else None
        g1 = _alpha_scale(np.matmul(g, m2._data.T), self.alpha) if e[1] is not None else None
        g2 = _alpha_scale(np.matmul(m1._data.T, g), self.alpha) if e[2] is not None else None
        return gi, g1, g2


def _addmm_dtype_checks(input, mat1, mat2) -> None:
    """ATen's ``addmm`` dtype checks, made before any shape check: ``self`` against ``mat2``, then
    ``mat1`` against ``mat2``."""
    try:
        sd, d1, d2 = input._data.dtype, mat1._data.dtype, mat2._data.dtype
    except AttributeError:  # (not tensors: the argument checks report it)
        return
    if (sd != d2 or d1 != d2) and not getattr(mat1._data, "is_sparse_coo", False):
        if sd != d2:
            raise RuntimeError(f"self and mat2 must have the same dtype, but got {_tname(input._data)} and "
                               f"{_tname(mat2._data)}")
        raise RuntimeError(f"mat1 and mat2 must have the same dtype, but got {_tname(mat1._data)} and "
                           f"{_tname(mat2._data)}")


def addmm(input: Tensor, mat1: Tensor, mat2: Tensor, *, beta=1, alpha=1, out=None) -> Tensor:
    """``torch.addmm``: ``beta * input + alpha * (mat1 @ mat2)``."""
    _addmm_dtype_checks(input, mat1, mat2)
    _mm_checks(mat1, mat2)
    data = _combine(np.matmul(_opmath(mat1._data), _opmath(mat2._data)), input, beta, alpha, "", mat1._data.dtype)
    node = None
    if _needs(input, mat1, mat2):
        node = AddmmBackward0((input, mat1, mat2))
        node.beta, node.alpha = beta, alpha
        node.save(mat1 if mat2._rg else None, mat2 if mat1._rg else None)
    return _write_out(out, _finish(data, node))


class AddmvBackward0(Node):
    __slots__ = ("beta", "alpha")

    def backward(self, g):
        m, v = self.saved()
        e = self._edges
        gi = _beta_scale(g, self.beta) if e[0] is not None else None
        gm = _alpha_scale(outer(g, v), self.alpha) if e[1] is not None else None
        gv = _alpha_scale(mv(m.t(), g), self.alpha) if e[2] is not None else None
        return gi, gm, gv


def addmv(input: Tensor, mat: Tensor, vec: Tensor, *, beta=1, alpha=1, out=None) -> Tensor:
    if isinstance(input, Tensor) and not (input._data.dtype == mat._data.dtype == vec._data.dtype) \
            and mat._data.ndim == 2 \
            and vec._data.ndim == 1 and mat._data.shape[1] == vec._data.shape[0]:  # (after mv's shape checks)
        raise RuntimeError(f"addmv input tensors must have the same dtype, but got {_tname(input._data)}, "
                           f"{_tname(mat._data)}, and {_tname(vec._data)}")
    with _NoGrad():
        p = mv(mat, vec)
    if p._data.dtype == np.float16:
        p = _make(np.matmul(_opmath(mat._data), _opmath(vec._data)))
    data = _combine(p._data, input, beta, alpha, "", mat._data.dtype)
    node = None
    if _needs(input, mat, vec):
        node = AddmvBackward0((input, mat, vec))
        node.beta, node.alpha = beta, alpha
        node.save(mat if vec._rg else None, vec if mat._rg else None)
    return _write_out(out, _finish(data, node))


class AddrBackward0(Node):
    __slots__ = ("beta", "alpha")

    def backward(self, g):
        v1, v2 = self.saved()
        e = self._edges
        gi = _beta_scale(g, self.beta) if e[0] is not None else None
        g1 = _alpha_scale(mv(g, v2), self.alpha) if e[1] is not None else None
        g2 = _alpha_scale(mv(g.t(), v1), self.alpha) if e[2] is not None else None
        return gi, g1, g2


def _addr_half(input: Tensor, v1, v2, beta, alpha):
    """ATen's float16 ``addr`` kernel: ``beta * self + (alpha * vec1) * vec2``, each operation rounded to
    half (c10::Half arithmetic), ``self`` left out when ``beta`` is 0."""
    beta, alpha = _scalar_factors("f", beta, alpha)
    h = np.float16
    prod = (h(alpha) * v1)[:, None] * v2[None, :] if alpha != 1 else np.multiply.outer(v1, v2)
    if beta == 0:
        return prod
    i = _expand_input(input, prod.shape)
    return (i if beta == 1 else h(beta) * i) + prod


def addr(input: Tensor, vec1: Tensor, vec2: Tensor, *, beta=1, alpha=1, out=None) -> Tensor:
    if _nd(vec1) != 1 or _nd(vec2) != 1:
        raise RuntimeError(f"addr: Expected 1-D argument vec1, but got {_nd(vec1)}-D" if _nd(vec1) != 1 else
                           f"addr: Expected 1-D argument vec2, but got {_nd(vec2)}-D")
    v1, v2 = vec1._data, vec2._data
    if isinstance(input, Tensor) and not (input._data.dtype == v1.dtype == v2.dtype):  # promoted, as ATen's addr
        ts = (input, vec1, vec2)
        dt = D.result_type_of([D.from_numpy_dtype(t._data.dtype) for t in ts if t._data.ndim > 0],
                              [D.from_numpy_dtype(t._data.dtype) for t in ts if t._data.ndim == 0], ()).np
        v1, v2 = v1.astype(dt, copy=False), v2.astype(dt, copy=False)
    if v1.dtype == np.float16:
        data = _addr_half(input, v1, v2, beta, alpha)
    else:
        data = _combine(np.multiply.outer(v1, v2), input, beta, alpha, "addr")
    node = None
    if _needs(input, vec1, vec2):
        node = AddrBackward0((input, vec1, vec2))
        node.beta, node.alpha = beta, alpha
        node.save(vec1 if vec2._rg else None, vec2 if vec1._rg else None)
    return _write_out(out, _finish(data, node))


class BaddbmmBackward0(Node):
    __slots__ = ("beta", "alpha")

    def backward(self, g):
        b1, b2 = self.saved()
        e = self._edges
        gi = _beta_scale(g, self.beta) if e[0] is not None else None
        g1 = _alpha_scale(bmm(g, b2.transpose(1, 2)), self.alpha) if e[1] is not None else None
        g2 = _alpha_scale(bmm(b1.transpose(1, 2), g), self.alpha) if e[2] is not None else None
        return gi, g1, g2


def baddbmm(input: Tensor, batch1: Tensor, batch2: Tensor, *, beta=1, alpha=1, out=None) -> Tensor:
    if isinstance(input, Tensor) and input._data.dtype != batch1._data.dtype:
        raise RuntimeError(f"Input dtypes must be the same, got: input {_c10(input._data)}, batch1: "
                           f"{_c10(batch1._data)}, batch2: {_c10(batch2._data)}")
    _bmm_checks(batch1, batch2)
    data = _combine(np.matmul(_opmath(batch1._data), _opmath(batch2._data)), input, beta, alpha, "",
                    batch1._data.dtype)
    node = None
    if _needs(input, batch1, batch2):
        node = BaddbmmBackward0((input, batch1, batch2))
        node.beta, node.alpha = beta, alpha
        node.save(batch1 if batch2._rg else None, batch2 if batch1._rg else None)
    return _write_out(out, _finish(data, node))


class AddbmmBackward0(Node):
    __slots__ = ("beta", "alpha")

    def backward(self, g):
        b1, b2 = self.saved()
        e = self._edges
        gi = _beta_scale(g, self.beta) if e[0] is not None else None
        ge = None
        if e[1] is not None or e[2] is not None:
            B = b1._data.shape[0] if b1 is not None else b2._data.shape[0]
            ge = g.unsqueeze(0).expand((B,) + _shape_of(g))
        g1 = _alpha_scale(bmm(ge, b2.transpose(1, 2)), self.alpha) if e[1] is not None else None
        g2 = _alpha_scale(bmm(b1.transpose(1, 2), ge), self.alpha) if e[2] is not None else None
        return gi, g1, g2


def _addbmm_data(input: Tensor, b1, b2, beta, alpha):
    """ATen's ``addbmm``: ``addmm_`` of one batch after another into the result (``beta`` for the first
    only), each step rounded to the result's type; integers are summed exactly in their own type."""
    prods = np.matmul(_opmath(b1), _opmath(b2))
    if b1.dtype.kind not in "fc" or prods.shape[0] == 0:
        return _combine(prods.sum(0, dtype=prods.dtype), input, beta, alpha, "", b1.dtype)
    r = _combine(prods[0], input, beta, alpha, "", b1.dtype)
    for p in prods[1:]:
        r = _combine(p, _make(r), 1, alpha, "", b1.dtype)
    return r


def _addbmm_checks(input: Tensor, batch1: Tensor, batch2: Tensor) -> None:
    """ATen's ``addbmm`` checks: ranks, batches and inner sizes, then ``addmm_``'s dtype checks."""
    b1, b2 = batch1._data, batch2._data
    if b1.ndim != 3:
        raise RuntimeError("batch1 must be a 3D tensor")
    if b2.ndim != 3:
        raise RuntimeError("batch2 must be a 3D tensor")
    if b1.shape[0] != b2.shape[0]:
        raise RuntimeError(f"batch1 and batch2 must have same number of batches, got {b1.shape[0]} and "
                           f"{b2.shape[0]}")
    if b1.shape[2] != b2.shape[1]:
        raise RuntimeError(f"Incompatible matrix sizes for bmm ({b1.shape[1]}x{b1.shape[2]} and "
                           f"{b2.shape[1]}x{b2.shape[2]})")
    _addmm_dtype_checks(input, batch1, batch2)


def addbmm(input: Tensor, batch1: Tensor, batch2: Tensor, *, beta=1, alpha=1, out=None) -> Tensor:
    _addbmm_checks(input, batch1, batch2)
    _bmm_checks(batch1, batch2)
    data = _addbmm_data(input, batch1._data, batch2._data, beta, alpha)
    node = None
    if _needs(input, batch1, batch2):
        node = AddbmmBackward0((input, batch1, batch2))
        node.beta, node.alpha = beta, alpha
        node.save(batch1, batch2)
    return _write_out(out, _finish(data, node))


class _NoGrad:
    def __enter__(self):
        self.prev = _GRAD.enabled
        _GRAD.enabled = False

    def __exit__(self, *a):
        _GRAD.enabled = self.prev


# -------------------------------------------------------------------- trace
class TraceBackward0(Node):
    __slots__ = ("shape",)

    def backward(self, g):
        n, m = self.shape
        return _pw.where(_c(np.eye(n, m, dtype=bool)), g, 0.0)


def trace(input: Tensor) -> Tensor:
    x = input
    d = x._data
    if d.dtype.kind == "b":  # trace_cpu dispatches (all types but bool) before its dim check
        raise NotImplementedError("\"trace\" not implemented for 'Bool'")
    if d.ndim != 2:
        raise RuntimeError(f"trace: expected a matrix, but got tensor with dim {d.ndim}")
    odt = np.int64 if d.dtype.kind in "biu" else d.dtype
    if d.__class__ is np.ndarray and d.dtype.kind in "fc":
        # ATen's trace_cpu: one sequential sum in acc_type (double for float32, float for float16)
        acc = np.float32 if d.dtype == np.float16 else np.complex128 if d.dtype.kind == "c" else np.float64
        diag = np.diagonal(d)
        total = np.cumsum(diag, dtype=acc)[-1] if diag.size else acc(0)
        data = np.asarray(total).astype(odt)[()]
    else:
        data = np.asarray(np.trace(d, dtype=odt), dtype=odt)[()]
    node = None
    if _needs(x):
        node = TraceBackward0((x,))
        node.shape = d.shape
    return _finish(data, node)


# -------------------------------------------------------------------- cross
class LinalgCrossBackward0(Node):
    __slots__ = ("dim",)

    def backward(self, g):
        a, b = self.saved()
        e = self._edges
        ga = _cross(b, g, self.dim) if e[0] is not None else None
        gb = _cross(g, a, self.dim) if e[1] is not None else None
        return ga, gb


def _cross_data(ad, bd, dd: int):
    """ATen's CPU cross kernel bit for bit: component ``i`` is ``fma(a[p], b[q], -(a[q] * b[p]))``
    (``(p, q)`` = (1, 2), (2, 0), (0, 1)): the second product is rounded, the first is not, as
    the build contracts the expression.  ``np.cross`` rounds both, so ``cross(x, x)`` would be 0
    where PyTorch gives tiny residues."""
    kind = np.result_type(ad, bd)
    if kind not in (np.float32, np.float64):
        return np.cross(ad, bd, axis=dd)
    shape = np.broadcast_shapes(ad.shape, bd.shape)
    a, b = np.broadcast_to(ad, shape), np.broadcast_to(bd, shape)
    p, q = [1, 2, 0], [2, 0, 1]
    ap, aq = np.take(a, p, axis=dd), np.take(a, q, axis=dd)
    bp, bq = np.take(b, p, axis=dd), np.take(b, q, axis=dd)
    second = aq * bp
    if kind == np.float32:  # a float32 product is exact in float64; one rounding at the end
        return (ap.astype(np.float64) * bq.astype(np.float64) - second.astype(np.float64)).astype(np.float32)
    from ..backend.fma import fma64 as _fma64
    return _fma64(ap, bq, -second)


def _cross(a: Tensor, b: Tensor, dim: int) -> Tensor:
    ad, bd = a._data, b._data
    if ad.ndim != bd.ndim:
        raise RuntimeError("linalg.cross: inputs must have the same number of dimensions.")
    n = ad.ndim
    dd = _wrap(dim, n)
    if ad.shape[dd] != 3 or bd.shape[dd] != 3:
        raise RuntimeError(f"linalg.cross: inputs dimension {dim} must have length 3. Got {ad.shape[dd]} and "
                           f"{bd.shape[dd]}")
    if ad.dtype != bd.dtype:
        raise RuntimeError(f"expected scalar type {_tname(ad)} but found {_tname(bd)}")
    try:
        np.broadcast_shapes(ad.shape, bd.shape)
    except ValueError:
        raise _broadcast_error(ad.shape, bd.shape) from None
    data = _cross_data(ad, bd, dd)
    node = None
    if _needs(a, b):
        node = LinalgCrossBackward0((a, b))
        node.dim = dd
        node.save(a if b._rg else None, b if a._rg else None)
    return _finish(data, node)


def cross(input: Tensor, other: Tensor, dim=None, *, out=None, axis=NP_UNSET) -> Tensor:
    """``torch.cross``; without ``dim`` uses the first dim of size 3 (deprecated in PyTorch)."""
    if axis is not NP_UNSET:
        dim, _ = _numpy_dim_names('cross', dim, None, axis, NP_UNSET, None)
    if dim is None:
        sa, sb = _shape_of(input), _shape_of(other)  # (argument errors first)
        _warn_once("Using torch.cross without specifying the dim arg is deprecated.\nPlease either pass the "
                   "dim explicitly or simply use torch.linalg.cross.\nThe default value of dim will change to "
                   "agree with that of linalg.cross in a future release. (Triggered internally at "
                   "/__w/pytorch/pytorch/aten/src/ATen/native/Cross.cpp:63.)")
        shp = np.broadcast_shapes(sa, sb)
        dim = next((i for i, s in enumerate(shp) if s == 3), -1)
    return _write_out(out, _cross(input, other, dim))


# ------------------------------------------------------------------- einsum
_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _parse_einsum(equation: str, operands):
    eq = equation.replace(" ", "")
    if "->" in eq:
        lhs, rhs = eq.split("->", 1)
    else:
        lhs, rhs = eq, None
    in_specs = lhs.split(",")
    if len(in_specs) > len(operands):
        raise RuntimeError("einsum(): fewer operands were provided than specified in the equation")
    if len(in_specs) < len(operands):
        raise RuntimeError("einsum(): more operands were provided than specified in the equation")
    used = set(c for c in eq if c.isalpha())
    fresh = [c for c in _LETTERS if c not in used]
    ell_n = 0
    parsed = []
    for k, (s, op) in enumerate(zip(in_specs, operands)):
        nd = op._data.ndim
        if "..." in s:
            n_lab = len(s.replace("...", ""))
            if nd < n_lab:
                raise RuntimeError(f"einsum(): the number of subscripts in the equation ({n_lab}) is more than the "
                                   f"number of dimensions ({nd}) for operand {k}")
            ell_n = _bmax(ell_n, nd - n_lab)
        else:
            if len(s) != nd:
                raise RuntimeError(f"einsum(): the number of subscripts in the equation ({len(s)}) does not match "
                                   f"the number of dimensions ({nd}) for operand {k} and no ellipsis was given")
        parsed.append(s)
    ell = "".join(fresh[:ell_n])
    specs = []
    for s, op in zip(parsed, operands):
        if "..." in s:
            n_e = op._data.ndim - len(s.replace("...", ""))
            s = s.replace("...", ell[ell_n - n_e:] if n_e else "")
        specs.append(s)
    if rhs is None:
        counts = {}
        for s in in_specs:
            for c in s.replace("...", ""):
                counts[c] = counts.get(c, 0) + 1
        out = ell + "".join(sorted(c for c, n in counts.items() if n == 1))
    else:
        out = rhs.replace("...", ell)
        allin = set("".join(specs))
        for c in out:
            if c not in allin:
                raise RuntimeError(f"einsum(): output subscript {c} does not appear in the equation for any input "
                                   "operand")
    return specs, out


def _sublist_letters(sublist) -> str:
    """``torch.einsum``'s sublist format: 0-25 are ``A``-``Z``, 26-51 ``a``-``z``, ``...`` an ellipsis."""
    out = []
    for n in sublist:
        if n is Ellipsis:
            out.append("...")
        elif 0 <= n < 26:
            out.append(chr(ord("A") + n))
        elif 26 <= n < 52:
            out.append(chr(ord("a") + n - 26))
        else:
            raise ValueError("einsum(): subscript in subscript list is not within the valid range [0, 52)")
    return "".join(out)


def _from_sublists(args: tuple):
    """``einsum(op1, sublist1, op2, sublist2, ..., [out_sublist])`` as ``(equation, operands)``."""
    equation = ",".join(_sublist_letters(sub) for sub in args[1::2])
    if len(args) % 2 == 1:
        equation += "->" + _sublist_letters(args[-1])
        return equation, args[:-1:2]
    return equation, args[::2]


def einsum(equation, *operands) -> Tensor:
    """``torch.einsum``, lowered as ATen lowers it (``diagonal``/``unsqueeze``/``permute`` per operand, then
    ``bmm`` or ``mul`` per pair: ``ops/_einsum_aten.py``), so its graph and double backward are PyTorch's."""
    if operands and isinstance(equation, Tensor):
        equation, operands = _from_sublists((equation,) + operands)
    if len(operands) == 1 and isinstance(operands[0], (list, tuple)):
        operands = tuple(operands[0])
    if not isinstance(equation, str):
        raise TypeError("einsum(): equation must be a string")
    if not operands:
        raise ValueError("einsum(): must specify the equation string and at least one operand, or at least one "
                         "operand and its subscripts list")
    from . import _einsum_aten
    _einsum_aten.check_equation(equation, len(operands))
    _parse_einsum(equation, operands)  # the subscript counts and output labels
    return _einsum_aten.einsum(equation, list(operands))


# -------------------------------------------------------------------- norms
_LOW_PRECISION = "Low precision dtypes not supported. Got Half"
_LU_HALF = (NotImplementedError, "\"lu_cpu\" not implemented for 'Half'")
# PyTorch's errors for float16 input to the LAPACK-backed ops (by the name the op checks under)
_HALF_ERRORS = {
    "linalg.inv": (RuntimeError, "linalg.inv: " + _LOW_PRECISION),
    "linalg.inv_ex": (RuntimeError, "linalg.inv: " + _LOW_PRECISION),
    "linalg.slogdet": (RuntimeError, "linalg.slogdet: " + _LOW_PRECISION),
    "linalg.det": _LU_HALF, "linalg.solve": _LU_HALF,
    "linalg.svd": (NotImplementedError, "\"linalg_svd_cpu\" not implemented for 'Half'"),
    "linalg.qr": (NotImplementedError, "\"geqrf_cpu\" not implemented for 'Half'"),
    "linalg.cholesky": (NotImplementedError, "\"cholesky_cpu\" not implemented for 'Half'"),
    "linalg.cholesky_ex": (NotImplementedError, "\"cholesky_cpu\" not implemented for 'Half'"),
}


def _float_check(d, name: str) -> None:
    if d.dtype.kind not in "fc":
        raise RuntimeError(f"{name}: Expected a floating point or complex tensor as input. Got {_tname(d)}")
    if d.dtype == np.float16 and name in _HALF_ERRORS:
        cls, msg = _HALF_ERRORS[name]
        raise cls(msg)


class LinalgVectorNormBackward0(Node):
    # ``args``: ``(ord, dim)`` as given, for ``grad_fn._saved_ord``/``_saved_dim``
    __slots__ = ("ord", "dims", "keepdim", "ndim", "args")

    def backward(self, g):
        x, r = self.saved()
        r = _unpack_output(self, r)
        p = self.ord
        dims = self.dims
        if self.args[1] is not None:  # (PyTorch's ``norm_backward`` unsqueezes over a given ``dim`` only)
            g = _restore(g, dims, self.keepdim, self.ndim)
            r = _restore(r, dims, self.keepdim, self.ndim)
        if p == 0:
            return None  # PyTorch's norm_backward: no gradient (undefined) for the 0-"norm"
        if p == 1:
            return x.sgn() * g
        if p == 2:
            return g * (x / r).masked_fill(_c(_arr(r) == 0), 0)
        if _math.isinf(p):
            xa = x.abs()
            mask = _c(((_arr(xa) == _arr(r)) | np.isnan(_arr(xa))).astype(x._data.dtype))
            cnt = mask.sum(dims, keepdim=True) if self.ndim else mask
            return x.sgn() * ((g / cnt) * mask)
        if p < 1:
            xs = x.sgn() * x.abs().pow(p - 1).masked_fill(_c(_arr(x) == 0), 0)
            return xs * g * r.pow(1 - p)
        if p < 2:
            xs = x.sgn() * x.abs().pow(p - 1)
        else:
            xs = x * x.abs().pow(p - 2)
        sv = (g / r.pow(p - 1)).masked_fill(_c(_arr(r) == 0), 0)
        return xs * sv




def _two_norm_rows(rows: np.ndarray) -> np.ndarray:
    """2-norms of the rows of ``rows`` (2-D, float32/float64, at least one vector wide) in the order
    of ATen's vectorised last-dim kernel (``norm_kernel_tensor_iterator_impl``): lane ``j`` adds
    ``x[j]**2, x[j+L]**2, ...`` in turn, the lanes are then added one after another, and each
    leftover element joins by a fused multiply-add; the square root is taken in the dtype.
    A whole-tensor norm is one such row.  PyTorch's bits in every case tried (NumPy's pairwise
    sum: about half)."""
    dt = rows.dtype
    lanes = _LANES[dt]
    n = rows.shape[1]
    full = n - n % lanes
    acc = lane_partials(rows[:, :full] * rows[:, :full], lanes)
    tot = np.cumsum(acc, axis=1, dtype=dt)[:, -1]  # the lanes one after another
    for k in range(full, n):
        v = rows[:, k]
        tot = np.asarray(fma(v, v, tot, dt), dt)
    return np.sqrt(tot)


def _norm_sequential(src: np.ndarray, p: float, ax: int) -> np.ndarray:
    """The ``p``-norm (``p`` finite, not 0) over axis ``ax`` as ATen's generic reduction computes it:
    each output accumulates ``|x|**p`` one element after another in the dtype, then takes the
    ``1/p`` power (float32: ``powf(acc, 1.0f / p)``)."""
    t = src.dtype.type
    terms = src if p == 1 else src * src if p == 2 else np.power(src, t(p))
    acc = np.take(np.cumsum(terms, axis=ax, dtype=src.dtype), -1, axis=ax)
    return acc if p == 1 else np.sqrt(acc) if p == 2 else np.power(acc, t(1) / t(p))


def _aten_order_norm(a: np.ndarray, p: float, axis, keepdims: bool):
    """The norm in the order of the ATen kernel that PyTorch runs for it, or None where ember
    does not replay that order (NumPy's own sums then):

    * 2-norm over the last dim, or of a whole contiguous tensor, at least one vector wide:
      the vectorised last-dim kernel (``_two_norm_rows``);
    * any other finite, non-zero ``p`` (and 2-norms over another single dim): the generic
      element-by-element loop, over one dim or a whole contiguous tensor up to one grain.
    """
    if a.__class__ is not np.ndarray or a.dtype not in _LANES or a.ndim == 0 or not a.size:
        return None
    nd = a.ndim
    axes = tuple(range(nd)) if axis is None else \
        tuple(sorted(ax % nd for ax in ((axis,) if isinstance(axis, int) else axis)))
    whole = axes == tuple(range(nd))
    last_only = axes == (nd - 1,)
    lanes = _LANES[a.dtype]
    if p == 2 and (whole or last_only):
        if whole and a.flags.c_contiguous and a.size >= lanes:
            r = _two_norm_rows(a.reshape(1, -1))[0]
            return r.reshape((1,) * nd) if keepdims else r
        if last_only and not whole and a.shape[-1] >= lanes:
            r = _two_norm_rows(a.reshape(-1, a.shape[-1])).reshape(a.shape[:-1])
            return r[..., None] if keepdims else r
        if last_only:  # short rows: a kernel path not replayed here
            return None
    if p == 0 or _math.isinf(p):
        return None
    if whole:
        if not a.flags.c_contiguous or a.size > _GRAIN:
            return None
        r = _norm_sequential(a.reshape(-1), p, 0)
        return r.reshape((1,) * nd) if keepdims else r
    if len(axes) != 1:
        return None
    r = _norm_sequential(a, p, axes[0])
    return np.expand_dims(r, axes[0]) if keepdims else r


def abs_norm_values(a: np.ndarray, p: float, axis, keepdims: bool) -> np.ndarray:
    """The ``p``-norm over ``axis`` of ``a = |x|`` (``linalg.vector_norm``'s forward), in ``a``'s dtype
    (float16 is accumulated in float32 and rounded once, as ATen's opmath)."""
    if a.dtype == np.float16:
        return abs_norm_values(a.astype(np.float32), p, axis, keepdims).astype(np.float16)
    r = _aten_order_norm(a, p, axis, keepdims)
    if r is None:
        r = _numpy_norm(a, p, axis, keepdims)
    return np.asarray(r, dtype=a.dtype)


def _numpy_norm(a: np.ndarray, p: float, axis, keepdims: bool):
    """The norm with NumPy's own reductions (pairwise sums)."""
    if p == 2:
        r = np.sqrt(np.sum(a * a, axis=axis, keepdims=keepdims))
    elif p == 1:
        r = np.sum(a, axis=axis, keepdims=keepdims)
    elif p == _math.inf:
        r = np.amax(a, axis=axis, keepdims=keepdims)
    elif p == -_math.inf:
        r = np.amin(a, axis=axis, keepdims=keepdims)
    elif p == 0:
        r = np.sum(a != 0, axis=axis, keepdims=keepdims)
    else:
        r = np.sum(a ** p, axis=axis, keepdims=keepdims) ** (1.0 / p)
    return r


def _check_norm_dtype(d, dtype, name: str) -> None:
    """ATen's ``check_linalg_norm_dtype`` (after the floating-point input check)."""
    _float_check(d, name)
    if dtype is not None:
        t = np.empty(0, dtype.np)
        if t.dtype.kind not in "fc":
            raise RuntimeError(f"{name}: dtype should be floating point or complex, but got {_tname(t)}")
        if (t.dtype.kind == "c") != (d.dtype.kind == "c"):
            kind = "complex" if d.dtype.kind == "c" else "real"
            raise RuntimeError(f"{name}: dtype should be {kind} for {kind} inputs, but got {_tname(t)}")
        if np.promote_types(d.dtype, t.dtype) != t.dtype:
            raise RuntimeError(f"{name}: the dtype of the input ({_tname(d)}) should be convertible without "
                               f"narrowing to the specified dtype ({_tname(t)})")


def _vector_norm_ord_error(ord) -> TypeError:
    """PyTorch's parser error for a non-number ``ord`` (with its position when passed by position)."""
    from ._argerrors import type_name, user_call_site
    site = user_call_site("vector_norm")
    where = "" if site is not None and "ord" in site[2] else " (position 2)"
    return TypeError(f"linalg_vector_norm(): argument 'ord'{where} must be Number, not {type_name(ord)}")


def _check_vector_norm_dim(dim) -> None:
    """PyTorch's parser on ``linalg_vector_norm``'s ``int[]? dim``: a bool or float is refused (``torch.norm``
    passes an int ``dim`` as ``[dim]``, so ``x.norm(dim=True)`` fails on element 0); in a sequence the
    first element must be a non-bool int, the others any integer."""
    from ._argerrors import type_name, user_call_site
    from .shape import _is_index, _not_int
    if isinstance(dim, (tuple, list)):
        if dim and _not_int(dim[0]):
            where = _vector_norm_dim_where(user_call_site)
            raise TypeError(f"linalg_vector_norm(): argument 'dim'{where} must be tuple of ints, but found element "
                            f"of type {type_name(dim[0])} at pos 0")
        bad = next((k for k, v in enumerate(dim) if k and not _is_index(v)), None)
        if bad is not None:
            raise TypeError(f"linalg_vector_norm(): argument 'dim' failed to unpack the object at pos {bad + 1} "
                            f"with error \"type must be tuple of ints,but got {type_name(dim[bad])}\"")
        return
    if _not_int(dim):
        where = _vector_norm_dim_where(user_call_site)
        raise TypeError(f"linalg_vector_norm(): argument 'dim'{where} must be tuple of ints, not {type_name(dim)}")


def _vector_norm_dim_where(user_call_site) -> str:
    """`` (position 3)`` unless the user's ``linalg.vector_norm`` call passed ``dim`` by keyword
    (``torch.norm`` always passes it by position)."""
    site = user_call_site("vector_norm")
    return "" if site is not None and "dim" in site[2] else " (position 3)"


def _vector_norm(x: Tensor, ord=2, dim=None, keepdim: bool = False, *, dtype=None, out=None, axis=NP_UNSET,
                 keepdims=NP_UNSET) -> Tensor:
    """``torch.linalg.vector_norm``."""
    if axis is not NP_UNSET or keepdims is not NP_UNSET:
        dim, keepdim = _numpy_dim_names('linalg_vector_norm', dim, keepdim, axis, keepdims, None)
    if isinstance(ord, str) or ord is None:
        raise _vector_norm_ord_error(ord)
    if dim is not None and dim.__class__ is not int:
        _check_vector_norm_dim(dim)
    d = x._data
    if dtype is not None:
        _check_norm_dtype(d, dtype, "linalg.vector_norm")
        d = d.astype(dtype.np)
    else:
        _float_check(d, "linalg.vector_norm")
    p = float(ord)
    dims = _all_dims(dim, d.ndim)
    ax = dims if d.ndim else None
    a = np.abs(d)
    if d.size == 0 and (p < 0 or p == _math.inf):
        _check_empty_norm(d, p, dim)
    r = abs_norm_values(a, p, ax, keepdim)
    if r.__class__ is np.ndarray and not r.flags.c_contiguous:  # (contiguous, as ATen's reductions)
        r = np.ascontiguousarray(r)
    rdt = a.dtype
    node = None
    if _needs(x):
        node = LinalgVectorNormBackward0((x,))
        node.ord, node.dims, node.keepdim, node.ndim = p, dims, keepdim, d.ndim
        node.args = (ord, dim)
    res = _finish(_scalar_out(r), node)
    if node is not None:
        node.save(x if dtype is None else _make(d), _saved_output(node, res))
    return _write_out(out, res)


def _check_empty_norm(d, p: float, dim) -> None:
    """``vector_norm`` of an empty tensor with a negative or infinite ``ord`` (no identity): every reduced
    dim must be non-empty (ATen's checks and wording)."""
    word = f"{p:g}"
    dims = [dim] if isinstance(dim, int) else (list(dim) if dim is not None else [])
    if not dims:
        raise RuntimeError(f"linalg.vector_norm cannot compute the {word} norm on an empty tensor because the "
                           "operation does not have an identity")
    for k in dims:
        if d.shape[_wrap(k, d.ndim)] == 0:
            raise RuntimeError(f"linalg.vector_norm cannot compute the {word} norm on the dimension {k}because this "
                               "dimension is empty and the operation does not have an identity")


def _matrix_dims(dim, ndim):
    dim = list(dim) if isinstance(dim, (list, tuple)) else [dim]
    if len(dim) != 2:
        raise RuntimeError("linalg.matrix_norm: dim must be a 2-tuple. Got " + " ".join(str(k) for k in dim))
    d0, d1 = _wrap(dim[0], ndim), _wrap(dim[1], ndim)
    if d0 == d1:
        raise RuntimeError(f"linalg.matrix_norm: dims must be different. Got ({dim[0]}, {dim[1]})")
    return d0, d1


def _fmt_ord(o) -> str:
    if isinstance(o, float) and o.is_integer() and not _math.isinf(o):
        return str(int(o))
    return str(o)


_NORM_KW = "bool keepdim = False, *, torch.dtype dtype = None, Tensor out = None"
_NORM_SIGS = {
    "linalg_norm": (f"Tensor input, Number ord = None, tuple of ints dim = None, {_NORM_KW}",
                    f"Tensor input, str ord, tuple of ints dim = None, {_NORM_KW}"),
    "linalg_matrix_norm": (f"Tensor input, Number ord, tuple of ints dim = {{-2,-1}}, {_NORM_KW}",
                           f'Tensor input, str ord = "fro", tuple of ints dim = {{-2,-1}}, {_NORM_KW}'),
}


def _norm_numpy_names(name, A, dim, keepdim, axis, keepdims, dim_default):
    """NumPy's ``axis``/``keepdims`` for the overloaded ``linalg.norm``/``matrix_norm``: with both
    spellings PyTorch's overload error (keywords as written ``dim=..., axis=...``, listed in reverse)."""
    try:
        return _numpy_dim_names(name, dim, keepdim, axis, keepdims, dim_default)
    except TypeError:
        from ._argerrors import format_overload_error
        kw = []
        if axis is not NP_UNSET and dim is not dim_default:
            kw += [("axis", axis), ("dim", dim)]
        if keepdims is not NP_UNSET and keepdim is not False:
            kw += [("keepdims", keepdims), ("keepdim", keepdim)]
        raise TypeError(format_overload_error(name, _NORM_SIGS[name], [A], kw)) from None


def _matrix_norm(A: Tensor, ord="fro", dim=(-2, -1), keepdim: bool = False, *, dtype=None, out=None, axis=NP_UNSET,
                 keepdims=NP_UNSET) -> Tensor:
    """``torch.linalg.matrix_norm`` ('fro', 'nuc', 1, -1, 2, -2, inf, -inf)."""
    if axis is not NP_UNSET or keepdims is not NP_UNSET:
        dim, keepdim = _norm_numpy_names('linalg_matrix_norm', A, dim, keepdim, axis, keepdims,
                                         _matrix_norm.__defaults__[1])
    d = A._data
    if not isinstance(ord, str) and float(ord) not in (1.0, -1.0, 2.0, -2.0, _math.inf, -_math.inf):
        raise RuntimeError(f"linalg.matrix_norm: Order {_fmt_ord(ord)} not supported.")
    if d.ndim < 2:
        raise RuntimeError("linalg.matrix_norm: The input tensor A must have at least 2 dimensions.")
    _check_norm_dtype(d, dtype, "linalg.matrix_norm")
    d0, d1 = _matrix_dims(dim, d.ndim)
    if d.size == 0 and not isinstance(ord, str) and float(ord) > 0:
        empty_max = _empty_max_norm(d, float(ord), d0, d1, keepdim, dtype)
        if empty_max is not None:
            return _write_out(out, empty_max)
    if isinstance(ord, str):
        if ord == "fro":
            return _write_out(out, _vector_norm(A, 2, (d0, d1), keepdim, dtype=dtype))
        if ord != "nuc":
            raise RuntimeError(f"linalg.matrix_norm: Order {ord} not supported.")
        r = _svd_family(A, d0, d1, dtype, "nuc")
    else:
        o = float(ord)
        ab = abs(o)
        if ab not in (1.0, 2.0, _math.inf):
            raise RuntimeError(f"linalg.matrix_norm: Order {_fmt_ord(ord)} not supported.")
        if ab == 2.0:
            r = _svd_family(A, d0, d1, dtype, "max" if o > 0 else "min")
        else:
            if _math.isinf(ab):
                d0, d1 = d1, d0
            dd1 = d1 - 1 if (not keepdim and d0 < d1) else d1
            v = _vector_norm(A, 1.0, (d0,), keepdim, dtype=dtype)
            r = (_amax if o > 0 else _amin)(v, dd1, keepdim)
            return _write_out(out, r)
    if keepdim:
        perm = _backshift(d0, d1, d.ndim)
        inv = list(np.argsort(perm))
        r = r.unsqueeze(-1).unsqueeze(-1).permute(inv)
    return _write_out(out, r)


def _empty_max_norm(d, o: float, d0: int, d1: int, keepdim: bool, dtype):
    """ATen's positive-order matrix norms of an empty input whose final max runs over an empty dim
    (the singular values, or the column/row sums): zeros, outside autograd; None when the usual
    reduction applies."""
    m, n = d.shape[d0], d.shape[d1]
    if o == 2.0:
        empty = min(m, n) == 0
    else:
        empty = (m if _math.isinf(o) else n) == 0
    if not empty:
        return None
    shape = list(d.shape)
    for k in sorted((d0, d1), reverse=True):
        if keepdim:
            shape[k] = 1
        else:
            del shape[k]
    rdt = dtype.np if dtype is not None else (np.abs(np.zeros(0, d.dtype)).dtype)
    return _make(_scalar_out(np.zeros(shape, rdt)))


def _backshift(d0, d1, nd):
    return [i for i in range(nd) if i not in (d0, d1)] + [d0, d1]


def _svd_family(A, d0, d1, dtype, kind):
    A_ = A if dtype is None else A.to(dtype)
    s = _svdvals(A_.permute(_backshift(d0, d1, _nd(A))))
    if kind == "nuc":
        return s.sum(-1)
    return (_amax if kind == "max" else _amin)(s, -1)


def _linalg_norm(A: Tensor, ord=None, dim=None, keepdim: bool = False, *, dtype=None, out=None, axis=NP_UNSET,
                 keepdims=NP_UNSET) -> Tensor:
    """``torch.linalg.norm``: vector or matrix norm depending on ``ord``/``dim``."""
    if axis is not NP_UNSET or keepdims is not NP_UNSET:
        dim, keepdim = _norm_numpy_names('linalg_norm', A, dim, keepdim, axis, keepdims, None)
    nd = _nd(A)
    if dim is not None:
        dims = [dim] if isinstance(dim, int) else list(dim)
        if len(dims) not in (1, 2):
            raise RuntimeError(f"linalg.norm: If dim is specified, it must be of length 1 or 2. Got {dims}")
    else:
        dims = None
        if ord is not None and nd not in (1, 2):
            raise RuntimeError(f"linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. Got "
                               f"{nd}D.")
    if ord is None:  # (ATen's ``ord.value_or(2.0)``: ``grad_fn._saved_ord`` is 2.0)
        return _write_out(out, _vector_norm(A, 2.0, dims, keepdim, dtype=dtype))
    if isinstance(ord, str) or (dims is not None and len(dims) == 2) or (dims is None and nd == 2):
        return _write_out(out, _matrix_norm(A, ord, dims if dims is not None else (-2, -1), keepdim, dtype=dtype))
    return _write_out(out, _vector_norm(A, ord, dims, keepdim, dtype=dtype))


# -------------------------------------------------------- square matrices
class LinAlgError(RuntimeError):
    """``torch.linalg.LinAlgError`` (``torch._C._LinAlgError``)."""


LinAlgError.__name__ = "_LinAlgError"
LinAlgError.__qualname__ = "_LinAlgError"
LinAlgError.__module__ = "torch._C"


_WARNED: set = set()


def _warn_once(msg: str) -> None:
    """``TORCH_WARN_ONCE``: once per process, attributed to the caller's caller."""
    if msg not in _WARNED:
        _WARNED.add(msg)
        _warnings.warn(msg, UserWarning, stacklevel=3)


def _check_square(d, name: str, float_only: bool = True) -> None:
    if d.ndim < 2:
        raise RuntimeError(f"{name}: The input tensor A must have at least 2 dimensions.")
    if d.shape[-1] != d.shape[-2]:
        raise RuntimeError(f"{name}: A must be batches of square matrices, but they are {d.shape[-2]} by "
                           f"{d.shape[-1]} matrices")
    if float_only:
        _float_check(d, name)


def _getrf_info(a) -> int:
    """LAPACK ``getrf``'s ``info``: 1-based index of the first zero pivot (0 if none)."""
    a = np.array(a, copy=True)
    n = a.shape[0]
    info = 0
    for k in range(n):
        p = k + int(np.argmax(np.abs(a[k:, k])))
        if a[p, k] == 0:
            if info == 0:
                info = k + 1
            continue
        if p != k:
            a[[k, p]] = a[[p, k]]
        a[k + 1:, k] /= a[k, k]
        a[k + 1:, k + 1:] -= np.multiply.outer(a[k + 1:, k], a[k, k + 1:])
    return info


def _batch_prefix(d, flat_index: int) -> str:
    return f"(Batch element {flat_index}): " if d.ndim > 2 else ""


def _raise_singular(d, name: str, solver: bool = False):
    flat = d.reshape((-1,) + d.shape[-2:])
    for b in range(flat.shape[0]):
        info = _getrf_info(flat[b])
        if info:
            pre = _batch_prefix(d, b)
            if solver:
                raise LinAlgError(f"{name}: {pre}The solver failed because the input matrix is singular.")
            raise LinAlgError(f"{name}: {pre}The diagonal element {info} is zero, the inversion could not be "
                              "completed because the input matrix is singular.")
    if not np.isnan(d).any():   # NumPy also refuses NaN matrices, for which LAPACK (PyTorch) returns NaN
        raise LinAlgError(f"{name}: The input matrix is singular.")


def _nan_batches(fn, a, *rest):
    """``fn(a, *rest)`` with NaN for every matrix of ``a`` that holds a NaN (LAPACK propagates them)."""
    bad = np.isnan(a).any(axis=(-2, -1))
    out = fn(np.where(bad[..., None, None], np.eye(a.shape[-1], dtype=a.dtype), a), *rest)
    out[np.broadcast_to(bad, out.shape[:-2])] = np.nan
    return out


def _np_inv(d, name="linalg.inv"):
    try:
        return np.linalg.inv(d)
    except np.linalg.LinAlgError:
        _raise_singular(d, name)
        return _nan_batches(np.linalg.inv, d)


class LinalgInvExBackward0(Node):
    __slots__ = ()

    def backward(self, g):
        (r,) = self.saved()
        r = _unpack_output(self, r)
        rt = _shape.mT(r)
        return -matmul(matmul(rt, g), rt)


def _inv(A: Tensor, *, out=None) -> Tensor:
    """``torch.linalg.inv``."""
    d = A._data
    _check_square(d, "linalg.inv")
    data = _np_inv(d).astype(d.dtype) if d.size else d.copy()
    node = None
    if _needs(A):
        node = LinalgInvExBackward0((A,))
    res = _finish(data, node)
    if node is not None:
        node.save(_saved_output(node, res))
    return _write_out(out, res)


def inverse(input: Tensor, *, out=None) -> Tensor:
    return _inv(input, out=out)


def _inv_ex(A: Tensor, *, check_errors: bool = False, out=None):
    d = A._data
    _check_square(d, "linalg.inv_ex")
    flat = d.reshape((int(np.prod(d.shape[:-2])),) + d.shape[-2:])  # (explicit: ``-1`` fails when empty)
    infos = np.array([_getrf_info(m) for m in flat], dtype=np.int32).reshape(d.shape[:-2])
    if check_errors and infos.any():
        _np_inv(d, "linalg.inv_ex")
    if not infos.any():
        res = _inv(A)
    else:
        from .linalg_solvers import _lu_solve_ieee   # PyTorch's inverse is getrf + getrs on I
        eye = np.eye(d.shape[-1], dtype=d.dtype)
        res = _make(np.ascontiguousarray(_lu_solve_ieee(d, eye)[0]))
    result = _RT.linalg_inv_ex((res, _make(_scalar_out(infos))))
    if out is None:
        return result
    outs = tuple(_write_out(o, r, "linalg_inv_ex") for o, r in zip(out, result))
    return _RT.make("linalg_inv_ex_out", result._names)(outs) if hasattr(_RT, "make") else _RT.linalg_inv_ex(outs)


class LinalgDetBackward0(Node):
    __slots__ = ()

    def backward(self, g):
        A, det = self.saved()
        det = _unpack_output(self, det)
        sing = np.asarray(_arr(det)) == 0
        if sing.any():
            # PyTorch's LU-based backward gives a zero gradient for an exactly singular matrix
            # (det == 0); keep that, and invert an identity in its place.
            n = A._data.shape[-1]
            A = _pw.where(_c(sing[..., None, None] & np.eye(n, dtype=bool)), 1.0,
                          _pw.where(_c(np.broadcast_to(sing[..., None, None], A._data.shape)), 0.0, A))
        return (g * det).unsqueeze(-1).unsqueeze(-1) * _shape.mT(_inv(A))


_LU_DET_MAX = 64   # larger matrices keep LAPACK's (NumPy's) faster determinant


def _lu_factors(d):
    """``getrf`` of what PyTorch factors for ``det``/``slogdet``: ``A^T`` for a contiguous real ``A``
    (``det(A^T) = det(A)``, its layout optimisation), else ``A``.  Returns (diag of U, P's sign)."""
    from .linalg_solvers import _getrf_np
    if d.dtype.kind != "c" and d.flags.c_contiguous:
        d = np.swapaxes(d, -1, -2)
    lu, piv, _ = _getrf_np(d)
    n = d.shape[-1]
    swaps = (piv != np.arange(1, n + 1, dtype=np.int32)).sum(axis=-1)
    sign = np.where(swaps % 2 == 1, -1, 1).astype(d.dtype)
    return np.diagonal(lu, axis1=-2, axis2=-1), sign


def _lu_det(d):
    """PyTorch's determinant: ``P_sign * prod(diag(U))`` of the LU above, the product taken left to
    right (so a singular matrix gives a signed zero, and integer matrices exact integers)."""
    diag, sign = _lu_factors(d)
    prod = sign * 0 + 1
    for i in range(diag.shape[-1]):
        prod = prod * diag[..., i]
    return sign * prod


def _lu_slogdet(d):
    """PyTorch's real ``slogdet``: ``P_sign * prod(sign(diag U))`` (a signed zero when singular) and
    ``sum(log|diag U|)`` of the LU ``det`` uses."""
    diag, sign = _lu_factors(d)
    with np.errstate(divide="ignore", invalid="ignore"):
        sgn = sign * 0 + 1
        for i in range(diag.shape[-1]):
            sgn = sgn * np.sign(diag[..., i])
        logs = np.log(np.abs(diag))
        total = np.zeros(diag.shape[:-1], d.dtype)
        for i in range(diag.shape[-1]):
            total = total + logs[..., i]
    return np.asarray(sign * sgn, d.dtype), np.asarray(total, d.dtype)


def det(A: Tensor, *, out=None) -> Tensor:
    """``torch.linalg.det``."""
    d = A._data
    _check_square(d, "linalg.det")
    if d.shape[-1] <= _LU_DET_MAX and d.dtype.kind in "fc":
        with np.errstate(all="ignore"):
            data = np.asarray(_lu_det(d), dtype=d.dtype)
    else:
        data = np.asarray(np.linalg.det(d), dtype=d.dtype)
        if not data.all():      # NumPy's det is 0 where LAPACK's LU (PyTorch) propagates a NaN
            data = np.where(np.isnan(d).any(axis=(-2, -1)), np.nan, data).astype(d.dtype)
    node = None
    if _needs(A):
        node = LinalgDetBackward0((A,))
    res = _finish(_scalar_out(data), node)
    if node is not None:
        node.save(A, _saved_output(node, res))
    return _write_out(out, res)


class LinalgSlogdetBackward0(Node):
    __slots__ = ()

    multi_output = True

    @property
    def num_outputs(self) -> int:
        return 2

    def backward(self, gsign, glogabs):
        (A,) = self.saved()
        if glogabs is None:
            return None
        return glogabs.unsqueeze(-1).unsqueeze(-1) * _shape.mT(_inv(A))


def _slogdet_impl(A: Tensor, rtype):
    d = A._data
    _check_square(d, "linalg.slogdet")
    if d.dtype.kind == "f" and d.shape[-1] <= _LU_DET_MAX:
        sign, logabs = _lu_slogdet(d)
    else:
        sign, logabs = np.linalg.slogdet(d)
    node = None
    if _needs(A):
        node = LinalgSlogdetBackward0((A,))
        node.save(A)
    s = _finish(_scalar_out(np.asarray(sign, dtype=d.dtype)), node)
    la = _finish(_scalar_out(np.asarray(logabs, dtype=logabs.dtype if d.dtype.kind == "c" else d.dtype)), node)
    if node is not None:
        la._out_nr = 1
    return rtype((s, la))


def _linalg_slogdet(A: Tensor, *, out=None):
    """``torch.linalg.slogdet`` -> ``(sign, logabsdet)``."""
    return _slogdet_impl(A, _RT.linalg_slogdet)


def slogdet(input: Tensor):
    """``torch.slogdet`` -> ``torch.return_types.slogdet(sign, logabsdet)``."""
    return _slogdet_impl(input, _RT.slogdet)


def logdet(input: Tensor) -> Tensor:
    """``torch.logdet``: ``nan`` for a negative determinant (``WhereBackward0``, like PyTorch)."""
    sign, la = _linalg_slogdet(input)
    if sign._data.dtype.kind == "c":
        return _pw.log(sign) + la
    return _pw.where(_c(_arr(sign) == -1), float("nan"), la)


class _CopyBackwards(Node):
    """``torch::autograd::CopyBackwards``: ``matrix_power(A, 0)`` copies an identity into a new tensor."""

    __slots__ = ()

    def backward(self, g):
        return _pw._zeros_grad(g)


_CopyBackwards.__name__ = _CopyBackwards.__qualname__ = "CopyBackwards"


def _int_n(n, fname: str, pos: int):
    """PyTorch's argument parser for ``int n`` (bool and float refused, 0-d integer tensors accepted)."""
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
        if isinstance(n, Tensor) and n._data.ndim == 0 and n._data.dtype.kind in "iu":
            return int(n._data)
        raise TypeError(f"{fname}(): argument 'n' (position {pos}) must be int, not {type(n).__name__}")
    return n


def matrix_power(A: Tensor, n: int, *, out=None) -> Tensor:
    """``torch.matrix_power``."""
    return _matrix_power(A, _int_n(n, "matrix_power", 2), out)


def _matrix_power_method(self: Tensor, n: int) -> Tensor:
    return _matrix_power(self, _int_n(n, "matrix_power", 1))


def _linalg_matrix_power(A: Tensor, n: int, *, out=None) -> Tensor:
    """``torch.linalg.matrix_power``."""
    return _matrix_power(A, _int_n(n, "linalg_matrix_power", 2), out)


def _matrix_power(A: Tensor, n: int, out=None) -> Tensor:
    d = A._data
    if d.ndim < 2 or d.shape[-1] != d.shape[-2]:
        if d.ndim < 2:
            raise RuntimeError("linalg.matrix_power: The input tensor A must have at least 2 dimensions.")
        raise RuntimeError(f"linalg.matrix_power: A must be batches of square matrices, but they are {d.shape[-2]} "
                           f"by {d.shape[-1]} matrices")
    if n == 0:
        eye = np.broadcast_to(np.eye(d.shape[-1], dtype=d.dtype), d.shape).copy()
        node = _CopyBackwards((A,)) if _needs(A) else None
        return _write_out(out, _finish(eye, node))
    if n == 1:
        return _write_out(out, _convert.clone(A))
    base = A if n > 0 else _inv(A)
    k = abs(n)
    if k == 1:
        return _write_out(out, base)
    # binary exponentiation, as ATen
    result = None
    z = base
    while k:
        if k & 1:
            result = z if result is None else matmul(result, z)
        k >>= 1
        if k:
            z = matmul(z, z)
    return _write_out(out, result)


_META_NAMES = {"float32": "float", "float64": "double", "float16": "c10::Half", "int64": "long int", "int32": "int",
               "int16": "short int", "int8": "signed char", "uint8": "unsigned char", "bool": "bool",
               "complex64": "c10::complex<float>", "complex128": "c10::complex<double>"}


def _multi_dot(tensors, *, out=None) -> Tensor:
    """``torch.linalg.multi_dot``: the cheapest parenthesisation (matrix-chain order), then a view."""
    ts = list(tensors)
    if len(ts) < 2:
        raise RuntimeError(f"multi_dot(): expected at least 2 tensors but got {len(ts)}")
    dt0 = _arr(ts[0]).dtype
    for i in range(1, len(ts)):
        dti = _arr(ts[i]).dtype
        if dti != dt0:
            raise RuntimeError(f"multi_dot(): all tensors must have be the same dtype but tensor 0 is "
                               f"{_META_NAMES.get(dt0.name, dt0.name)} and tensor {i} {_META_NAMES.get(dti.name, dti.name)}")
    first_1d, last_1d = _nd(ts[0]) == 1, _nd(ts[-1]) == 1
    if first_1d:
        ts[0] = ts[0].unsqueeze(0)
    if last_1d:
        ts[-1] = ts[-1].unsqueeze(-1)
    for k, t in enumerate(ts):
        if _nd(t) != 2:
            raise RuntimeError(f"multi_dot(): tensor {k} must be 2D but got {_nd(t)}D")
    for k in range(len(ts) - 1):
        a, b = _shape_of(ts[k]), _shape_of(ts[k + 1])
        if a[1] != b[0]:
            raise RuntimeError(f"multi_dot(): tensors {k} and {k + 1} with shapes {list(a)} and {list(b)} cannot be "
                               "multiplied")
    n = len(ts)
    if n == 2:
        r = mm(ts[0], ts[1])
    else:
        dims = [_shape_of(ts[0])[0]] + [_shape_of(t)[1] for t in ts]
        cost = [[0] * n for _ in range(n)]
        split = [[0] * n for _ in range(n)]
        for length in range(1, n):
            for i in range(n - length):
                j = i + length
                cost[i][j] = None
                for k in range(i, j):
                    c = cost[i][k] + cost[k + 1][j] + dims[i] * dims[k + 1] * dims[j + 1]
                    if cost[i][j] is None or c < cost[i][j]:
                        cost[i][j], split[i][j] = c, k

        def chain(i, j):
            if i == j:
                return ts[i]
            k = split[i][j]
            return mm(chain(i, k), chain(k + 1, j))

        r = chain(0, n - 1)
    shape = _shape_of(r)
    if first_1d and last_1d:
        shape = ()
    elif first_1d:
        shape = shape[1:]
    elif last_1d:
        shape = shape[:-1]
    return _write_out(out, r.view(shape))


def _vecdot(x: Tensor, y: Tensor, *, dim: int = -1, out=None, axis=NP_UNSET) -> Tensor:
    """``torch.linalg.vecdot``: ``sum(x.conj() * y, dim)``."""
    if axis is not NP_UNSET:
        dim, _ = _numpy_dim_names('linalg_vecdot', dim, None, axis, NP_UNSET, -1)
    xd, yd = _arr(x), _arr(y)
    _float_check(xd, "linalg.vecdot")
    if xd.dtype != yd.dtype:
        raise RuntimeError(f"linalg.vecdot: Expected x and y to have the same dtype, but found x of type "
                           f"{_tname(xd)} and y of type {_tname(yd)} instead")
    if xd.ndim == 1 and yd.ndim == 1 and dim in (0, -1):
        return _write_out(out, vdot(x, y))     # PyTorch's 1-D case is ``vdot`` (VdotBackward0)
    if xd.dtype.kind == "c":
        x = x.conj()
    return _write_out(out, (x * y).sum(dim))


def _diagonal(A: Tensor, *, offset: int = 0, dim1: int = -2, dim2: int = -1) -> Tensor:
    return A.diagonal(offset=offset, dim1=dim1, dim2=dim2)


def _matrix_rank(A: Tensor, *, atol=None, rtol=None, hermitian: bool = False, tol=None, out=None) -> Tensor:
    d = A._data
    if d.ndim < 2:
        raise RuntimeError("torch.linalg.matrix_rank: The input tensor input must have at least 2 dimensions.")
    if d.dtype.kind not in "fc" or d.dtype.itemsize < 4:
        raise RuntimeError("This function doesn't handle types other than float and double")
    s = np.linalg.svd(d, compute_uv=False) if d.size else np.zeros(d.shape[:-1])
    smax = s.max(axis=-1, keepdims=True) if s.shape[-1] else np.zeros(s.shape[:-1] + (1,))
    if tol is not None:
        atol = tol
    # tolerances may be tensors of the batch shape: compared per matrix (a trailing axis against ``smax``)
    a = np.asarray(0.0 if atol is None else (atol._data if isinstance(atol, Tensor) else atol))[..., None]
    if rtol is None:
        default = np.finfo(d.dtype).eps * _bmax(d.shape[-1], d.shape[-2])
        r_ = default if atol is None else np.where(a > 0, 0.0, default)
    else:
        r_ = np.asarray(rtol._data if isinstance(rtol, Tensor) else rtol)[..., None]
    thr = np.maximum(a, r_ * smax)
    return _write_out(out, _make(_scalar_out(np.sum(s > thr, axis=-1).astype(np.int64))))


# --------------------------------------------------------------------- solve
def _solve_is_vector(ad, bd) -> bool:
    return bd.ndim == 1 or (bd.ndim == ad.ndim - 1 and bd.shape == ad.shape[:-1])


class LinalgSolveExBackward0(Node):
    __slots__ = ("vector", "left")

    def backward(self, g):
        A, X = self.saved()
        X = _unpack_output(self, X)
        e = self._edges
        if not self.left:       # X A = B: gB = g A^-T, gA = -X^T gB
            gB = _shape.mT(_solve(A, _shape.mT(g)))
            gA = -matmul(_shape.mT(X), gB) if e[0] is not None else None
            return gA, (gB if e[1] is not None else None)
        gB = _solve(_shape.mT(A), g)
        gA = None
        if e[0] is not None:
            if self.vector:
                gA = -(gB.unsqueeze(-1) * X.unsqueeze(-2))
            else:
                gA = -matmul(gB, _shape.mT(X))
        return gA, (gB if e[1] is not None else None)


def _solve_2x2(a, b, trans):
    """MKL's ``getrf`` + ``getrs`` on real 2x2 systems ``a X = b``, bit for bit: LU of ``M`` (the
    pivot row, ``l = m10 / m00`` divided, ``u11 = m11 - l * m01``), then substitution multiplying by
    each pivot's reciprocal (NumPy's LAPACK divides, and differs from PyTorch in the last bit in about
    half of the systems).  ``M`` is ``a``, or with ``trans`` (``left=False``: ``a`` is ``A^T``) ``a^T``,
    solved transposed.  ``None`` when a pivot is zero or not finite (the general path raises or
    propagates as LAPACK does)."""
    m = np.swapaxes(a, -1, -2) if trans else a
    with np.errstate(all="ignore"):
        a00, a01, a10, a11 = m[..., 0, 0], m[..., 0, 1], m[..., 1, 0], m[..., 1, 1]
        sw = np.abs(a10) > np.abs(a00)
        u00, u01 = np.where(sw, a10, a00), np.where(sw, a11, a01)
        q0, q1 = np.where(sw, a00, a10), np.where(sw, a01, a11)
        l = q0 / u00
        u11 = q1 - l * u01
        if not (np.isfinite(u11).all() and np.isfinite(u00).all() and u11.all() and u00.all()):
            return None
        sw = sw[..., None]
        l, u01, r00, r11 = l[..., None], u01[..., None], (1 / u00)[..., None], (1 / u11)[..., None]
        if trans:       # U^T z = b, L^T w = z, x = P w
            z0 = b[..., 0, :] * r00
            z1 = (b[..., 1, :] - u01 * z0) * r11
            w0 = z0 - l * z1
            return np.stack([np.where(sw, z1, w0), np.where(sw, w0, z1)], -2)
        b0, b1 = np.where(sw, b[..., 1, :], b[..., 0, :]), np.where(sw, b[..., 0, :], b[..., 1, :])
        x1 = (b1 - l * b0) * r11
        x0 = (b0 - u01 * x1) * r00
    return np.stack([x0, x1], -2)


def _solve(A: Tensor, B: Tensor, *, left: bool = True, out=None) -> Tensor:
    """``torch.linalg.solve``: ``X`` with ``A X = B`` (or ``X A = B`` when ``left=False``)."""
    ad, bd = A._data, B._data
    _check_square(ad, "linalg.solve")
    vector = _solve_is_vector(ad, bd)
    b2 = bd[..., None] if vector else bd
    if b2.ndim < 2 or b2.shape[-2 if left else -1] != ad.shape[-1]:
        raise RuntimeError(f"linalg.solve: Incompatible shapes of A and B for the equation {'AX' if left else 'XA'} = B "
                           f"({ad.shape[-2]}x{ad.shape[-1]} and {b2.shape[-2] if b2.ndim >= 2 else 1}x{b2.shape[-1]})")
    if ad.dtype != bd.dtype:
        raise RuntimeError(f"linalg.solve: Expected A and B to have the same dtype, but found A of type "
                           f"{_tname(ad)} and B of type {_tname(bd)} instead")
    try:
        batch = np.broadcast_shapes(ad.shape[:-2], b2.shape[:-2])
    except ValueError:
        raise _broadcast_error(b2.shape[:-2], ad.shape[:-2]) from None
    a_ = np.broadcast_to(ad, batch + ad.shape[-2:])
    b_ = np.broadcast_to(b2, batch + b2.shape[-2:])
    if not left:    # X A = B  <=>  A^T X^T = B^T
        a_, b_ = np.swapaxes(a_, -1, -2), np.swapaxes(b_, -1, -2)
    x = _solve_2x2(a_, b_, not left) if a_.shape[-1] == 2 and a_.dtype in (np.float64, np.float32) else None
    try:
        if x is None:
            x = np.linalg.solve(a_, b_)
    except np.linalg.LinAlgError:
        _raise_singular(a_, "torch.linalg.solve", solver=True)
        x = _nan_batches(np.linalg.solve, a_, b_)
    if not left:
        x = np.swapaxes(x, -1, -2)
    if vector:
        x = x[..., 0]
    x = np.ascontiguousarray(x, dtype=ad.dtype)
    node = None
    if _needs(A, B):
        node = LinalgSolveExBackward0((A, B))
        node.vector = vector
        node.left = left
    res = _finish(x, node)
    if node is not None:
        node.save(A, _saved_output(node, res))
    return _write_out(out, res)


# ------------------------------------------------------------------ cholesky
def _tril(x: Tensor, k: int = 0) -> Tensor:
    n, m = x._data.shape[-2:]
    return _pw.where(_c(np.tri(n, m, k, dtype=bool)), x, 0.0)


class LinalgCholeskyExBackward0(Node):
    __slots__ = ("upper",)

    def backward(self, g):
        (L,) = self.saved()
        L = _unpack_output(self, L)
        if self.upper:
            L, g = _shape.mT(L), _shape.mT(g)
        gA = _tril(matmul(_shape.mT(L), g))
        if _jvp_transpose():  # the transpose of PyTorch's ``cholesky_jvp``: the lower triangle, diagonal halved
            gA = gA - 0.5 * _diag_embed(gA.diagonal(0, -2, -1))
        else:
            gA = 0.5 * (gA + _shape.mT(_tril(gA, -1)))
        gA = _solve(_shape.mT(L), gA)                       # L^{-H} gA
        gA = _shape.mT(_solve(_shape.mT(L), _shape.mT(gA)))  # ... L^{-1}
        return gA


def _jvp_transpose() -> bool:
    """Whether a ``torch.func`` jvp transform is building ``J^T u`` (``_forward_dispatch._Flags``)."""
    from ..autograd._forward_dispatch import _FLAGS
    return _FLAGS.jvp_transpose


class CholeskyBackward0(LinalgCholeskyExBackward0):
    __slots__ = ()

    def backward(self, g):
        if _jvp_transpose():  # ``torch.cholesky`` has no forward formula in PyTorch
            from ..autograd._forward_dispatch import no_forward_ad_error
            raise no_forward_ad_error("cholesky")
        return super().backward(g)


def _potf2(m):
    """LAPACK's unblocked lower Cholesky (the path MKL takes for small matrices) of one matrix.

    Returns ``(L, info)``: on failure at column ``j`` the non-positive (or NaN) pivot is left in
    ``L[j, j]``, the columns after ``j`` keep A's lower triangle and ``info = j + 1``."""
    a = np.tril(m)
    for j in range(a.shape[0]):
        r = a[j, :j]
        ajj = a[j, j].real - np.dot(r, r.conj()).real
        if not ajj > 0:
            a[j, j] = ajj
            return a, j + 1
        ajj = np.sqrt(ajj)
        a[j, j] = ajj
        a[j + 1:, j] = (a[j + 1:, j] - a[j + 1:, :j] @ r.conj()) / ajj
    return a, 0


def _chol_np(d, name, check=True):
    """Lower Cholesky factor of ``d`` (batched) and LAPACK's per-matrix ``info``; raises
    ``LinAlgError`` like ``linalg.cholesky`` when ``check`` and a matrix is not positive-definite."""
    try:
        L = np.linalg.cholesky(d)
        diag = np.diagonal(L, 0, -2, -1)
        if (diag.real > 0).all():             # NaN inputs come back as NaN pivots without an error
            return L, None
    except np.linalg.LinAlgError:
        pass
    flat = d.reshape((-1,) + d.shape[-2:])
    out = np.empty_like(flat)
    infos = np.zeros(flat.shape[0], np.int32)
    for b in range(flat.shape[0]):
        out[b], infos[b] = _potf2(flat[b])
        if check and infos[b]:
            raise LinAlgError(f"{name}: {_batch_prefix(d, b)}The factorization could not be completed "
                              f"because the input is not positive-definite (the leading minor of order "
                              f"{infos[b]} is not positive-definite).")
    return out.reshape(d.shape), infos.reshape(d.shape[:-2])


def _cholesky(A: Tensor, upper: bool, cls, name, check=True, with_info=False):
    d = A._data
    _check_square(d, "linalg.cholesky" if name == "linalg.cholesky_ex" else name)
    if upper:       # LAPACK's 'U' reads the upper triangle: factor A^H's lower one, return its L^H
        L, info = _chol_np(np.swapaxes(d, -1, -2).conj(), name, check)
        L = np.ascontiguousarray(np.swapaxes(L, -1, -2).conj(), dtype=d.dtype)
        if L.dtype.kind == "c":
            L += 0.0    # conj() turned the zero imaginary parts into -0
    else:
        L, info = _chol_np(d, name, check)
        L = L.astype(d.dtype, copy=False)
    node = None
    if _needs(A):
        node = cls((A,))
        node.upper = upper
    res = _finish(L, node)
    if node is not None:
        node.save(_saved_output(node, res))
    return (res, info) if with_info else res


def _linalg_cholesky(A: Tensor, *, upper: bool = False, out=None) -> Tensor:
    """``torch.linalg.cholesky``."""
    return _write_out(out, _cholesky(A, upper, LinalgCholeskyExBackward0, "linalg.cholesky"))


def cholesky(input: Tensor, upper: bool = False, *, out=None) -> Tensor:
    """``torch.cholesky`` (deprecated in PyTorch; records ``CholeskyBackward0``)."""
    _warn_once("torch.cholesky is deprecated in favor of torch.linalg.cholesky and will be removed in a future "
               "PyTorch release.\nL = torch.cholesky(A)\nshould be replaced with\nL = torch.linalg.cholesky(A)"
               "\nand\nU = torch.cholesky(A, upper=True)\nshould be replaced with\nU = "
               "torch.linalg.cholesky(A).mH\nThis transform will produce equivalent results for all valid "
               "(symmetric positive definite) inputs. (Triggered internally at "
               "/__w/pytorch/pytorch/aten/src/ATen/native/BatchLinearAlgebra.cpp:1765.)")
    return _write_out(out, _cholesky(input, upper, CholeskyBackward0, "cholesky"))


def _cholesky_ex(A: Tensor, *, upper: bool = False, check_errors: bool = False, out=None):
    L, info = _cholesky(A, upper, LinalgCholeskyExBackward0, "linalg.cholesky_ex", check_errors, True)
    if info is None:
        info = np.zeros(A._data.shape[:-2], np.int32)
    return _RT.linalg_cholesky_ex((L, _make(_scalar_out(info))))


# --------------------------------------------------------------------- svd
class LinalgSvdBackward0(Node):
    __slots__ = ("full",)

    multi_output = True

    @property
    def num_outputs(self) -> int:
        return 3

    def backward(self, gU, gS, gVh):
        U, S, Vh = self.saved()
        U, S, Vh = _out_alias(self, U, 0), _out_alias(self, S, 1), _out_alias(self, Vh, 2)
        k = S._data.shape[-1]
        if self.full:
            U = U[..., :k]
            Vh = Vh[..., :k, :]
            if gU is not None:
                gU = gU[..., :k]
            if gVh is not None:
                gVh = gVh[..., :k, :]
        return _svd_backward(gU, gS, gVh, U, S, Vh)


def _diag_embed(v: Tensor) -> Tensor:
    n = v._data.shape[-1]
    return v.unsqueeze(-1) * _c(np.eye(n, dtype=v._data.dtype))


def _svd_backward(gU, gS, gVh, U, S, Vh):
    m, n = U._data.shape[-2], Vh._data.shape[-1]
    if gU is None and gVh is None:
        if gS is None:
            return None
        return matmul(U, gS.unsqueeze(-1) * Vh) if m >= n else matmul(U * gS.unsqueeze(-2), Vh)

    def skew(X):
        return X - _shape.mT(X)

    UhgU = skew(matmul(_shape.mT(U), gU)) if gU is not None else None
    VhgV = skew(matmul(Vh, _shape.mT(gVh))) if gVh is not None else None
    S2 = S * S
    k = S._data.shape[-1]
    E = _pw.where(_c(np.eye(k, dtype=bool)), 1.0, S2.unsqueeze(-2) - S2.unsqueeze(-1))
    if gU is not None and gVh is not None:
        gA = (UhgU * S.unsqueeze(-2) + S.unsqueeze(-1) * VhgV) / E
    elif gU is None:
        gA = S.unsqueeze(-1) * (VhgV / E)
    else:
        gA = (UhgU / E) * S.unsqueeze(-2)
    if gS is not None:
        gA = gA + _diag_embed(gS)
    if m > n and gU is not None:
        gA = matmul(U, gA)
        gUSinv = gU / S.unsqueeze(-2)
        gA = gA + gUSinv - matmul(U, matmul(_shape.mT(U), gUSinv))
        gA = matmul(gA, Vh)
    elif m < n and gVh is not None:
        gA = matmul(gA, Vh)
        SinvgVh = gVh / S.unsqueeze(-1)
        gA = gA + SinvgVh - matmul(matmul(SinvgVh, _shape.mT(Vh)), Vh)
        gA = matmul(U, gA)
    else:
        gA = matmul(U, matmul(gA, Vh)) if m >= n else matmul(matmul(U, gA), Vh)
    return gA


def _linalg_svd(A: Tensor, full_matrices: bool = True, *, driver=None, out=None):
    """``torch.linalg.svd`` -> ``(U, S, Vh)``."""
    d = A._data
    if d.ndim < 2:
        raise RuntimeError("linalg.svd: The input tensor A must have at least 2 dimensions.")
    _float_check(d, "linalg.svd")
    if driver is not None:
        raise RuntimeError("torch.linalg.svd: keyword argument `driver=` is only supported on CUDA inputs with "
                           "cuSOLVER backend.")
    u, s, vh = np.linalg.svd(d, full_matrices=full_matrices)
    u, s, vh = u.astype(d.dtype), s.astype(d.real.dtype), vh.astype(d.dtype)
    node = None
    if _needs(A):
        node = LinalgSvdBackward0((A,))
        node.full = full_matrices and d.shape[-1] != d.shape[-2]
    U = _finish(u, node)
    S = _finish(s, node)
    Vh = _finish(vh, node)
    if node is not None:
        S._out_nr, Vh._out_nr = 1, 2
        node.save(_saved_output(node, U), _saved_output(node, S), _saved_output(node, Vh))
    return _RT.linalg_svd((U, S, Vh))


def svd(input: Tensor, some: bool = True, compute_uv: bool = True, *, out=None):
    """``torch.svd`` -> ``(U, S, V)`` (``V``, not ``Vh``)."""
    U, S, Vh = _linalg_svd(input, full_matrices=not some)
    if not compute_uv:
        U, Vh = _make(np.zeros_like(U._data)), _make(np.zeros_like(Vh._data))
    return _RT.svd((U, S, _shape.mT(Vh)))


def _svdvals(A: Tensor, *, driver=None, out=None) -> Tensor:
    if _needs(A):
        return _write_out(out, _linalg_svd(A, full_matrices=False)[1])
    d = A._data
    if d.ndim < 2:
        raise RuntimeError("linalg.svd: The input tensor A must have at least 2 dimensions.")
    _float_check(d, "linalg.svd")
    return _write_out(out, _make(np.linalg.svd(d, compute_uv=False).astype(d.real.dtype)))


def _cond(A: Tensor, p=None, *, out=None) -> Tensor:
    if A._data.ndim < 2:
        raise RuntimeError("linalg.cond: The input tensor must have at least 2 dimensions.")
    if p not in (None, "fro", "nuc", 1, -1, 2, -2, _math.inf, -_math.inf):
        raise RuntimeError(f"linalg.cond got an invalid norm type: {_fmt_ord(p)}")
    if p is not None and p != 2 and p != -2:
        _check_square(A._data, f"linalg.cond(ord={_fmt_ord(p)})")
    if p is None or p == 2 or p == -2:
        s = _svdvals(A)
        r = s[..., :1] / s[..., -1:] if (p is None or p == 2) else s[..., -1:] / s[..., :1]
        return _write_out(out, r.squeeze(-1))
    if p == "nuc":   # PyTorch uses the definition: sum(s) * sum(1 / s)
        s = _svdvals(A)
        return _write_out(out, s.sum(-1) * s.reciprocal().sum(-1))
    result = _matrix_norm(A, p) * _matrix_norm(_cond_inverse(A), p)
    result.nan_to_num_(_math.inf, _math.inf, -_math.inf)   # 0 * inf, in place as PyTorch
    return _write_out(out, result)


def _cond_inverse(A: Tensor) -> Tensor:
    """PyTorch's ``linalg.cond`` inverse for ord 1 / inf / fro / nuc: ``linalg_inv_ex`` with singular
    matrices' inverses filled with ``inf`` *in place* (so, as in PyTorch, a singular matrix gives
    ``inf``, and backpropagating through it raises the modified-saved-tensor error)."""
    inverse, info = _inv_ex(A)
    bad = np.asarray(_arr(info)) > 0
    inverse.masked_fill_(_c(np.broadcast_to(np.reshape(bad, bad.shape + (1, 1)), inverse.shape)), _math.inf)
    return inverse


def pinverse(input: Tensor, rcond: float = 1e-15) -> Tensor:
    return _pinv(input, rtol=rcond)


def chain_matmul(*matrices, out=None) -> Tensor:
    _warn_once("torch.chain_matmul is deprecated and will be removed in a future PyTorch release. Use "
               "torch.linalg.multi_dot instead, which accepts a list of two or more tensors rather than multiple "
               "parameters. (Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/LinearAlgebra.cpp:1102.)")
    if len(matrices) == 1 and isinstance(matrices[0], (list, tuple)):
        matrices = tuple(matrices[0])
    if len(matrices) == 1:
        return _convert.clone(matrices[0])
    return _write_out(out, _multi_dot(matrices))


def _pinv_backward(A: Tensor, P: Tensor, g: Tensor) -> Tensor:
    """Gradient wrt ``A`` of ``<pinv(A), g>`` given ``P = pinv(A)``, in tensor ops (PyTorch's pinv_backward)."""
    m, n = A._data.shape[-2:]
    Ph, gh = _shape.mT(P), _shape.mT(g)
    if m <= n:
        K = matmul(gh, P)
        KPh = matmul(K, Ph)
        return (-_shape.mT(matmul(P, K)) + KPh - matmul(matmul(A, P), KPh)
                + matmul(matmul(Ph, P), gh - matmul(K, A)))
    K = matmul(P, gh)
    PhK = matmul(Ph, K)
    return (-_shape.mT(matmul(K, P)) + matmul(matmul(gh - matmul(A, K), P), Ph) + PhK
            - matmul(matmul(PhK, P), A))


class LinalgPinvBackward0(Node):
    __slots__ = ()

    def backward(self, g):
        A, P = self.saved()
        return _pinv_backward(A, _unpack_output(self, P), g)


def _pinv(A: Tensor, *, atol=None, rtol=None, hermitian: bool = False, out=None) -> Tensor:
    """``torch.linalg.pinv`` (SVD with PyTorch's default cutoff ``eps * max(m, n) * s_max``)."""
    d = A._data
    if d.ndim < 2 or d.dtype.kind not in "fc" or d.dtype.itemsize < 4:
        raise RuntimeError(f"linalg.pinv({_tname(d)}{{[{', '.join(map(str, d.shape))}]}}): expected a tensor with 2 "
                           "or more dimensions of float, double, cfloat or cdouble types")
    if hermitian:   # PyTorch factors with eigh: A = V diag(w) V^H, singular values |w|
        w, v = np.linalg.eigh(d)
        u, s, vh = v * np.sign(w)[..., None, :], np.abs(w), np.swapaxes(v, -1, -2).conj()
    else:
        u, s, vh = np.linalg.svd(d, full_matrices=False)
    smax = s.max(axis=-1, keepdims=True) if s.shape[-1] else s
    atol = atol._data if isinstance(atol, Tensor) else atol
    rtol = rtol._data if isinstance(rtol, Tensor) else rtol
    if rtol is None:
        rtol = np.finfo(d.dtype).eps * _bmax(d.shape[-2:]) if (atol is None or np.all(atol == 0)) else 0.0
    thr = np.maximum(0.0 if atol is None else atol, rtol * smax)
    keep = s > thr
    sinv = np.where(keep, 1.0 / np.where(keep, s, 1.0), 0.0).astype(s.dtype)
    data = np.matmul(np.swapaxes(vh, -1, -2).conj() * sinv[..., None, :], np.swapaxes(u, -1, -2).conj()).astype(d.dtype)
    node = None
    if _needs(A):
        node = LinalgPinvBackward0((A,))
    res = _finish(data, node)
    if node is not None:
        node.save(A, _saved_output(node, res))
    return _write_out(out, res)


# ---------------------------------------------------------------------- eigh
class LinalgEighBackward0(Node):
    __slots__ = ()

    multi_output = True

    @property
    def num_outputs(self) -> int:
        return 2

    def backward(self, gL, gV):
        L, V = self.saved()
        L, V = _out_alias(self, L, 0), _out_alias(self, V, 1)
        Vt = _shape.mT(V)
        if gV is None:
            if gL is None:
                return None
            return matmul(V * gL.unsqueeze(-2), Vt)
        VhgV = matmul(Vt, gV)
        if not _jvp_transpose():  # (the transpose of PyTorch's ``linalg_eig_jvp`` keeps both halves)
            VhgV = 0.5 * (VhgV - _shape.mT(VhgV))
        n = L._data.shape[-1]
        eye = _c(np.eye(n, dtype=bool))
        E = _pw.where(eye, 1.0, L.unsqueeze(-2) - L.unsqueeze(-1))
        ret = VhgV / E
        if gL is not None:
            ret = _pw.where(eye, _diag_embed(gL), ret)
        else:
            ret = _pw.where(eye, 0.0, ret)
        return matmul(V, matmul(ret, Vt))


def _check_eigh(d, UPLO, fname: str) -> None:
    _check_square(d, "linalg.eigh", float_only=False)
    if not isinstance(UPLO, str):
        raise TypeError(f"{fname}(): argument 'UPLO' must be str, not {type(UPLO).__name__}")
    if UPLO not in ("L", "U", "l", "u"):
        raise RuntimeError(f"Expected UPLO argument to be 'L' or 'U', but got {UPLO}")
    if d.dtype.kind not in "fc" or d.dtype.itemsize < 4:
        raise NotImplementedError(f"\"linalg_eigh_cpu\" not implemented for '{_tname(d)}'")


def _eigh(A: Tensor, UPLO: str = "L", *, out=None):
    """``torch.linalg.eigh`` -> ``(eigenvalues, eigenvectors)`` (ascending eigenvalues)."""
    d = A._data
    _check_eigh(d, UPLO, "linalg_eigh")
    w, v = np.linalg.eigh(d, UPLO=UPLO)
    node = None
    if _needs(A):
        node = LinalgEighBackward0((A,))
    L = _finish(w.astype(d.real.dtype), node)
    V = _finish(v.astype(d.dtype), node)
    if node is not None:
        V._out_nr = 1
        node.save(_saved_output(node, L), _saved_output(node, V))
    return _RT.linalg_eigh((L, V))


def _eigvalsh(A: Tensor, UPLO: str = "L", *, out=None) -> Tensor:
    d = A._data
    _check_eigh(d, UPLO, "linalg_eigvalsh")
    if _needs(A):
        return _write_out(out, _eigh(A, UPLO)[0])
    return _write_out(out, _make(np.linalg.eigvalsh(d, UPLO=UPLO).astype(d.real.dtype)))


# ------------------------------------------------------------------------ qr
class LinalgQrBackward0(Node):
    __slots__ = ("mode",)

    multi_output = True

    @property
    def num_outputs(self) -> int:
        return 2

    def backward(self, gQ, gR):
        Q, R = self.saved()
        Q, R = _out_alias(self, Q, 0), _out_alias(self, R, 1)
        m, n = Q._data.shape[-2], R._data.shape[-1]
        if self.mode == "complete" and m > n:
            raise RuntimeError("The QR decomposition is not differentiable when mode='complete' and nrows > ncols.")
        return _qr_backward(gQ, gR, Q, R)


def _qr_backward(gQ, gR, Q, R):
    m, n = Q._data.shape[-2], R._data.shape[-1]
    if gQ is None and gR is None:
        return None
    if m >= n:
        gQ_ = gQ if gQ is not None else Q * 0
        gR_ = gR if gR is not None else R * 0
        M = matmul(R, _shape.mT(gR_)) - matmul(_shape.mT(gQ_), Q)
        low = _tril(M, -1)
        sym = low + _shape.mT(low) + _pw.where(_c(np.eye(M._data.shape[-1], dtype=bool)), M, 0.0)
        B = gQ_ + matmul(Q, sym)
        # B R^{-T}
        return _shape.mT(_solve(R, _shape.mT(B)))
    # m < n: A = [X | Y], R = [U | V]
    X_cols = m
    U = R[..., :, :X_cols]
    V = R[..., :, X_cols:]
    gR_ = gR if gR is not None else R * 0
    gU = gR_[..., :, :X_cols]
    gV = gR_[..., :, X_cols:]
    Y = matmul(Q, V)
    gQ_ = (gQ if gQ is not None else Q * 0) + matmul(Y, _shape.mT(gV))
    gX = _qr_backward(gQ_, gU, Q, U)
    gY = matmul(Q, gV)
    dt = Q._data.dtype
    # [gX | gY] without cat: place the blocks with constant selection matrices
    left = _c(np.eye(m, n, dtype=dt))
    right = _c(np.eye(n - m, n, k=m, dtype=dt))
    return matmul(gX, left) + matmul(gY, right)


def qr(input: Tensor, some: bool = True, *, out=None):
    """``torch.qr`` -> ``torch.return_types.qr(Q, R)``."""
    _warn_once("torch.qr is deprecated in favor of torch.linalg.qr and will be removed in a future PyTorch release.\n"
               "The boolean parameter 'some' has been replaced with a string parameter 'mode'.\nQ, R = torch.qr(A, "
               "some)\nshould be replaced with\nQ, R = torch.linalg.qr(A, 'reduced' if some else 'complete') "
               "(Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/BatchLinearAlgebra.cpp:2505.)")
    Q, R = _linalg_qr(input, "reduced" if some else "complete")
    return _RT.qr((Q, R))


def _linalg_qr(A: Tensor, mode: str = "reduced", *, out=None):
    """``torch.linalg.qr`` -> ``(Q, R)``."""
    d = A._data
    if d.ndim < 2:
        raise RuntimeError("linalg.qr: The input tensor A must have at least 2 dimensions.")
    _float_check(d, "linalg.qr")
    if mode not in ("reduced", "complete", "r"):
        raise RuntimeError(f"qr received unrecognized mode '{mode}' but expected one of 'reduced' (default), 'r', "
                           "or 'complete'")
    q, r = np.linalg.qr(d, mode="complete" if mode == "complete" else "reduced")
    if mode == "r":
        q = np.empty((0,), d.dtype)
    node = None
    if _needs(A) and mode != "r":
        node = LinalgQrBackward0((A,))
        node.mode = mode
    Q = _finish(q.astype(d.dtype), node)
    R = _finish(r.astype(d.dtype), node)
    if node is not None:
        R._out_nr = 1
        node.save(_saved_output(node, Q), _saved_output(node, R))
    return _RT.linalg_qr((Q, R))


# ------------------------------------------------------------- registration
TENSOR_METHODS = {
    "matmul": matmul, "__matmul__": __matmul__, "__rmatmul__": __rmatmul__, "mm": mm, "bmm": bmm, "mv": mv,
    "dot": dot, "vdot": vdot, "inner": inner, "outer": outer, "ger": outer, "addmm": addmm, "addmv": addmv,
    "addr": addr, "baddbmm": baddbmm, "addbmm": addbmm, "trace": trace, "cross": cross, "kron": kron,
    "det": det, "logdet": logdet, "slogdet": slogdet, "inverse": inverse, "cholesky": cholesky,
    "matrix_power": _matrix_power_method, "svd": svd, "qr": qr, "pinverse": pinverse,
}

INPLACE_METHODS = {"addmm_": addmm, "addmv_": addmv, "addr_": addr, "baddbmm_": baddbmm, "addbmm_": addbmm}
