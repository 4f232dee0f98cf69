"""Basic functional layers: linear, bilinear, dropout, embedding, normalisation.

``linear`` reproduces the graph PyTorch builds (``AddmmBackward0`` for 2-D
input with bias, ``MmBackward0`` without, ``ViewBackward0`` /
``UnsafeViewBackward0`` around them for other ranks), ``layer_norm`` /
``batch_norm`` / ``group_norm`` record ``Native*NormBackward0`` and
``embedding`` records ``EmbeddingBackward0``.  Forward passes are NumPy;
backward formulas are ember tensor ops, so double backward works.
"""
from __future__ import annotations

import math
import numbers
import warnings
from typing import Optional

import numpy as np

from ... import _dtype as D
from ..._tensor import Tensor, Size, _make
from ...autograd.grad_mode import STATE as GRAD, no_grad
from ...autograd.graph import KEPT_IN_SLOTS, Node
from ...ops._common import NP_UNSET as _NP_UNSET, numpy_dim_names as _numpy_dim_names
from ...backend import blas as _blas
from ...backend.scratch import BIG_BYTES, big_empty, scratch
from ...ops._common import finish, needs_grad
from ...ops._layout import legacy_contiguous, row_major
from ...ops import shape as _shape_ops
from ...ops.linalg import _addmm_dtype_checks
from ._util import check_tensor_args, not_tensor

__all__ = ["linear", "bilinear", "dropout", "dropout1d", "dropout2d", "dropout3d", "feature_alpha_dropout",
           "alpha_dropout", "embedding", "one_hot", "normalize", "cosine_similarity", "pairwise_distance",
           "layer_norm", "batch_norm", "group_norm", "instance_norm", "rms_norm", "local_response_norm"]

_TYPE_WORD = {"float32": "Float", "float64": "Double", "float16": "Half", "int64": "Long", "int32": "Int",
              "int16": "Short", "int8": "Char", "uint8": "Byte", "bool": "Bool", "complex64": "ComplexFloat",
              "complex128": "ComplexDouble", "uint16": "UInt16", "uint32": "UInt32", "uint64": "UInt64"}


def _word(t: Tensor) -> str:
    return _TYPE_WORD[D.from_numpy_dtype(t._data.dtype).name]


def _check_mixed_dtypes(x: Tensor, mixed_with, checked) -> None:
    """ATen's CPU ``is_mixed_type`` / ``check_mixed_data_type`` for the normalisation kernels.

    When any of ``mixed_with`` has another dtype than the input, every tensor of ``checked``
    must be float32 and the input a reduced float type (float16 here); otherwise PyTorch
    refuses the call instead of promoting.
    """
    xt = x._data.dtype
    if all(p is None or p._data.dtype == xt for p in mixed_with):
        return
    for p in checked:
        if p is not None and p._data.dtype != np.float32:
            raise RuntimeError("mixed dtype (CPU): expect parameter to have scalar type of Float")
    if xt != np.float16:
        raise RuntimeError("mixed dtype (CPU): all inputs must share same datatype.")


def _require_floating(x: Tensor, kernel: str) -> None:
    """The dispatch error of a CPU kernel defined for real floating types only."""
    if x._data.dtype.kind != "f":
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{_word(x)}'")


def _xp(d):
    from ...backend import device as _dev
    return _dev.get_array_module(d)


def _arr(d):
    """Data as an array (NumPy scalars become 0-d arrays)."""
    if d.__class__ is np.ndarray:
        return d
    return d if hasattr(d, "ndim") and not isinstance(d, np.generic) else np.asarray(d)


def _out(data):
    """Store 0-d results as NumPy scalars, like the other ops."""
    if data.__class__ is np.ndarray and data.ndim == 0:
        return data[()]
    return data


# ===================================================================== matmul
class MmBackward0(Node):
    __slots__ = ()

    def backward(self, g):
        a, b = self.saved()
        e = self._edges
        ga = _mm(g, b.t()) if e[0] is not None else None
        gb = _mm(a.t(), g) if e[1] is not None else None
        return ga, gb

    def vjp(self, g):
        a, b = self.saved()
        e = self._edges
        ga = _mm_np(g, _arr(b._data).T) if e[0] is not None else None
        gb = _arr(a._data).T @ g if e[1] is not None else None
        return ga, gb


def _mm_np(a, b):
    """``a @ b``; a large 2-D float product goes into a pooled buffer (fresh arrays that size
    page-fault: ``backend.scratch.pooled``)."""
    if (a.__class__ is np.ndarray and b.__class__ is np.ndarray and a.ndim == 2 and b.ndim == 2
            and a.dtype == b.dtype and a.dtype.kind == "f" and a.shape[1] == b.shape[0]):
        shape = (a.shape[0], b.shape[1])
        if shape[0] * shape[1] * a.itemsize >= BIG_BYTES:
            return np.matmul(a, b, out=big_empty(shape, a.dtype, "mm.out"))
    return a @ b


class AddmmBackward0(Node):
    __slots__ = ()

    def backward(self, g):
        a, b = self.saved()
        e = self._edges
        gs = g if e[0] is not None else None
        ga = _mm(g, b.t()) if e[1] is not None else None
        gb = _mm(a.t(), g) if e[2] is not None else None
        return gs, ga, gb

    def vjp(self, g):
        a, b = self.saved()
        e = self._edges
        ga = _mm_np(g, _arr(b._data).T) if e[1] is not None else None
        gb = None
        if e[2] is not None:
            ad = _arr(a._data)
            # PyTorch's mm_mat2_backward: when mat2 is a transposed weight (Linear), produce the
            # gradient in the weight's own layout so accumulating it is a plain copy.
            gb = (g.T @ ad).T if type(e[2][0]).__name__ == "TBackward0" else ad.T @ g
        return (g if e[0] is not None else None), ga, gb


class SqueezeBackward4(Node):
    __slots__ = ("dim",)

    def backward(self, g):
        return g.unsqueeze(self.dim)

    def vjp(self, g):
        return (np.expand_dims(g, self.dim),)


def _check_mm(a: Tensor, b: Tensor, word_msg: bool):
    ad, bd = a._data, b._data
    if ad.shape[1] != bd.shape[0]:
        raise RuntimeError(
            f"mat1 and mat2 shapes cannot be multiplied ({ad.shape[0]}x{ad.shape[1]} and {bd.shape[0]}x{bd.shape[1]})"
        )
    if ad.dtype != bd.dtype:
        if word_msg:
            raise RuntimeError(f"mat1 and mat2 must have the same dtype, but got {_word(a)} and {_word(b)}")
        from ...ops.linalg import _c10   # C++ type names, as ATen's mm check prints them
        raise RuntimeError(f"expected m1 and m2 to have the same dtype, but got: {_c10(ad)} != {_c10(bd)}")


def _mm(a: Tensor, b: Tensor, word_msg: bool = False) -> Tensor:
    """``torch.mm`` (2-D x 2-D) recording ``MmBackward0``."""
    _check_mm(a, b, word_msg)
    data = _mm_np(_arr(a._data), _arr(b._data))
    if GRAD.enabled and (a._rg or b._rg):
        node = MmBackward0((a, b))
        node.save(a if b._rg else None, b if a._rg else None)
        return finish(data, node)
    return _make(data)


def _addmm(bias: Tensor, a: Tensor, b: Tensor) -> Tensor:
    """``torch.addmm(bias, a, b)`` recording ``AddmmBackward0``."""
    if bias._data.dtype != b._data.dtype or a._data.dtype != b._data.dtype:  # (ATen checks dtypes first)
        _addmm_dtype_checks(bias, a, b)
    _check_mm(a, b, True)
    ad, bmat, bd = _arr(a._data), _arr(b._data), _arr(bias._data)
    half = ad.dtype == np.float16 and ad.__class__ is np.ndarray
    # float16: the product and the bias are added in float32 and rounded once, as ATen's Half gemm
    prod = np.matmul(ad, bmat, dtype=np.float32) if half else _mm_np(ad, bmat)
    if bd.shape != prod.shape[1:]:  # anything but a (N,) bias: PyTorch's expand checks
        _check_expand(bd.shape, prod.shape)
    if half:
        data = np.add(prod, bd, out=prod).astype(np.float16)
    elif prod.__class__ is np.ndarray and prod.ndim == 2 and bd.__class__ is np.ndarray and bd.ndim == 1:
        data = _blas.add_rows(prod, bd)  # prod is ours alone: add the bias in place (on the BLAS threads)
    elif prod.__class__ is np.ndarray and prod.ndim:  # bias, mat1 and mat2 share one dtype (checked above)
        data = np.add(prod, bd, out=prod)  # prod is ours alone: add the bias in place
    else:
        data = prod + bd
    if GRAD.enabled and (bias._rg or a._rg or b._rg):
        node = AddmmBackward0((bias, a, b))
        node.save(a if b._rg else None, b if a._rg else None)
        return finish(data, node)
    return _make(data)


def _check_expand(bs, target) -> None:
    """PyTorch's ``expand`` errors for ``bias.expand(target)``."""
    bs, target = list(bs), list(target)
    if len(bs) > len(target):
        raise RuntimeError(
            f"expand(torch.FloatTensor{{{bs}}}, size={target}): the number of sizes provided ({len(target)}) must be "
            f"greater or equal to the number of dimensions in the tensor ({len(bs)})"
        )
    off = len(target) - len(bs)
    for i in range(len(bs) - 1, -1, -1):
        t = target[i + off]
        if bs[i] != 1 and bs[i] != t:
            raise RuntimeError(
                f"The expanded size of the tensor ({t}) must match the existing size ({bs[i]}) at non-singleton "
                f"dimension {i + off}.  Target sizes: {target}.  Tensor sizes: {bs}"
            )


def _unsafe_view(x: Tensor, shape) -> Tensor:
    data = np.reshape(x._data, shape) if x._data.__class__ is np.ndarray else x._data.reshape(shape)
    if GRAD.enabled and x._rg:
        node = _shape_ops.UnsafeViewBackward0((x,))
        node.shape = x._data.shape
        return finish(data, node)
    return _make(data)


def _squeeze4(x: Tensor, dim: int) -> Tensor:
    data = x._data.reshape(x._data.shape[:dim] + x._data.shape[dim + 1:])
    if GRAD.enabled and x._rg:
        node = SqueezeBackward4((x,))
        node.dim = dim
        return finish(data, node)
    return _make(data)


def _matmul_2d_weight(x: Tensor, wt: Tensor) -> Tensor:
    """``torch.matmul(x, wt)`` for a 2-D ``wt`` as ATen folds it."""
    nd = x._data.ndim
    if nd == 1:
        if x._data.shape[0] != wt._data.shape[0]:
            raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied (1x{x._data.shape[0]} and "
                               f"{wt._data.shape[0]}x{wt._data.shape[1]})")
        return _squeeze4(_mm(x.unsqueeze(0), wt), 0)
    if nd == 2:
        return _mm(x, wt)
    lead = x._data.shape[:-1]
    k = x._data.shape[-1]
    n = 1
    for s in lead:
        n *= s
    x2 = x.reshape(n, k)
    out = _mm(x2, wt)
    return _unsafe_view(out, tuple(lead) + (wt._data.shape[1],))


def _require_tensors(fn: str, args, n_required: int = 2) -> None:
    """PyTorch's argument-parser TypeError for the first non-tensor argument (None is allowed after
    the first ``n_required``)."""
    for pos, (name, value) in enumerate(args, 1):
        if (value is not None or pos <= n_required) and not isinstance(value, Tensor):
            raise TypeError(f"{fn}(): argument '{name}' (position {pos}) must be Tensor, not {type(value).__name__}")


def linear(input: Tensor, weight: Tensor, bias: Optional[Tensor] = None) -> Tensor:
    """``y = x W^T + b`` (``torch.nn.functional.linear``)."""
    try:
        nd = input._data.ndim
        weight._data, bias is None or bias._data
    except AttributeError:
        _require_tensors("linear", (("input", input), ("weight", weight), ("bias", bias)))
        raise
    if nd == 0 or weight._data.ndim == 0:
        raise RuntimeError(
            f"both arguments to linear need to be at least 1D, but they are {nd}D and {weight._data.ndim}D"
        )
    if weight._data.ndim == 1:   # PyTorch: addmm(bias, x, w.t()) for 2-D x with a bias, else matmul (+ bias)
        if bias is not None and nd <= 2:  # (ATen's addmm path: its dtype checks come first)
            _addmm_dtype_checks(bias, input, weight)
        if nd == 2 and bias is not None:
            raise RuntimeError("mat2 must be a matrix, got 1-D tensor")
        out = input.matmul(weight)
        return out + bias if bias is not None else out
    wt = weight.t()
    if bias is not None:
        if nd == 2:
            return _addmm(bias, input, wt)
        if input.is_contiguous():
            lead = input._data.shape[:-1]
            n = 1
            for s in lead:
                n *= s
            x2 = input.reshape(n, input._data.shape[-1])
            res = _addmm(bias, x2, wt)
            return res.view(tuple(lead) + (res._data.shape[1],))
        out = _matmul_2d_weight(input, wt)
        return out + bias
    return _matmul_2d_weight(input, wt)


# ==================================================================== einsum3
class TrilinearBackward0(Node):
    __slots__ = ("spec",)

    def backward(self, g):
        a, b, c = self.saved()
        ins, out = self.spec.split("->")
        sa, sb, sc = ins.split(",")
        e = self._edges
        ga = _einsum3(f"{out},{sb},{sc}->{sa}", g, b, c) if e[0] is not None else None
        gb = _einsum3(f"{sa},{out},{sc}->{sb}", a, g, c) if e[1] is not None else None
        gc = _einsum3(f"{sa},{sb},{out}->{sc}", a, b, g) if e[2] is not None else None
        return ga, gb, gc


def _einsum3(spec: str, a: Tensor, b: Tensor, c: Tensor) -> Tensor:
    ad, bd, cd = _arr(a._data), _arr(b._data), _arr(c._data)
    if ad.dtype == np.float16 and spec == "bi,oij,bj->bo":
        data = _bilinear_half(ad, bd, cd)
    else:
        data = np.einsum(spec, ad, bd, cd, optimize=True)
    if needs_grad(a, b, c):
        node = TrilinearBackward0((a, b, c))
        node.spec = spec
        node.save(a, b, c)
        return finish(_out(data), node)
    return _make(_out(data))


def _bilinear_half(x1, w, x2):
    """ATen's ``_trilinear`` on half: ``x1`` contracted with the weight first (float sums, rounded
    to half), then with ``x2`` (float sums, rounded again)."""
    f32 = np.float32
    left = np.einsum("bi,oij->boj", x1.astype(f32), w.astype(f32), optimize=True).astype(np.float16)
    return np.einsum("boj,bj->bo", left.astype(f32), x2.astype(f32), optimize=True).astype(np.float16)


def _aten_type_name(t: Tensor) -> str:
    """How ATen's argument checks name a tensor's type: the legacy ``torch.FloatTensor`` style where
    one exists, ``CPUBoolType`` / ``CPUComplexFloatType`` otherwise."""
    if t._data.dtype == np.bool_ or t._data.dtype.kind == "c":
        return f"CPU{_word(t)}Type"
    return t.type()


def _check_bilinear_dtypes(input1, input2, weight, bias) -> None:
    """ATen's ``bilinear``: one dtype for all its tensors (checked before any size)."""
    from ...ops.linalg import _c10
    dt = input1._data.dtype
    if input2._data.dtype == dt and weight._data.dtype == dt and (bias is None or bias._data.dtype == dt):
        return
    msg = (f"All tensors must have the same dtype, got input1: {_c10(input1._data)}, input2: {_c10(input2._data)}, "
           f"weight: {_c10(weight._data)}")
    if bias is not None:
        msg += f", bias: {_c10(bias._data)}"
    raise RuntimeError(msg)


def bilinear(input1: Tensor, input2: Tensor, weight: Tensor, bias: Optional[Tensor] = None) -> Tensor:
    """``y = x1^T A x2 + b`` (``torch.nn.functional.bilinear``)."""
    if input1.__class__ is not Tensor:  # (PyTorch's argument error for a non-tensor)
        not_tensor(input1, "bilinear", "input1")
    _check_bilinear_dtypes(input1, input2, weight, bias)
    if input1._data.ndim != input2._data.ndim:
        raise RuntimeError(f"bilinear(): input dimensions do not match: got {input1.dim()} and {input2.dim()}")
    for i in range(input1.dim() - 1):
        if input1.size(i) != input2.size(i):
            raise RuntimeError(f"bilinear(): input batch dimensions do not match: got {input1.size(i)} and "
                               f"{input2.size(i)}")
    if input1.size(-1) != weight.size(1):
        raise RuntimeError(f"bilinear(): input1 size does not match weight size: got {input1.size(-1)} but "
                           f"expected {weight.size(1)}")
    if input2.size(-1) != weight.size(2):
        raise RuntimeError(f"bilinear(): input2 size does not match weight size: got {input2.size(-1)} but "
                           f"expected {weight.size(2)}")
    lead = tuple(input1._data.shape[:-1])
    x1 = input1.reshape(-1, input1.size(-1))
    x2 = input2.reshape(-1, input2.size(-1))
    out = _einsum3("bi,oij,bj->bo", x1, weight, x2)
    out = out.view(lead + (weight.size(0),))
    if bias is not None:
        out = out + bias
    return out


def identity(input: Tensor) -> Tensor:
    return input


# ==================================================================== dropout
def _check_p(p: float) -> None:
    if p < 0.0 or p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")


def _bernoulli_noise(shape, dtype, keep: float, like=None):
    """PyTorch's dropout noise: ``empty_like(input).bernoulli_(keep)`` (or a fresh contiguous
    tensor for feature dropout, ``like=None``).  The empty tensor keeps ``like``'s layout, and
    the draws follow it (``ops._layout``): a dropout on a transposed view draws in memory order."""
    from ... import _rng
    from ...ops import _layout
    gen = _rng.default_generator
    if like is None or _layout.is_row_major(like):
        return _rng.bernoulli(gen, keep, tuple(shape), dtype)
    order = _layout.outer_order(like)
    return _layout.place(_rng.bernoulli(gen, keep, _layout.permuted_shape(like.shape, order), dtype), order)


def _to_device_like(arr, like):
    from ...backend import device as _dev
    if like.__class__ is np.ndarray or isinstance(like, np.generic):
        return arr
    return _dev.get_array_module(like).asarray(arr)


def _refuse_integer_dropout(input: Tensor, alpha: bool) -> None:
    """PyTorch draws the noise, then fails to scale an integer (or bool) result in place: the
    alpha variants' bool noise has been promoted to Long by then."""
    word = "Long" if (alpha and input._data.dtype == np.bool_) else _word(input)
    raise RuntimeError(f"result type Float can't be cast to the desired output type {word}")


def _dropout_impl(input: Tensor, p: float, train: bool, inplace: bool, feature: bool, alpha: bool) -> Tensor:
    if p == 0 or not train or input.numel() == 0:
        return input
    dt = input._data.dtype
    if p == 1:
        z = _make(np.zeros((), dtype=dt)[()])
        return input.mul_(z) if inplace else input * z
    if dt.kind == "c":
        raise NotImplementedError(f"\"bernoulli_scalar_cpu_\" not implemented for '{_word(input)}'")
    shape = tuple(input._data.shape)
    if feature:
        if len(shape) < 2:   # ATen's ``make_feature_noise``
            raise RuntimeError("Feature dropout requires at least 2 dimensions in the input")
        shape = shape[:2] + (1,) * (len(shape) - 2)
    noise = _bernoulli_noise(shape, dt, 1 - p, None if feature else input._data)
    if dt.kind != "f":
        _refuse_integer_dropout(input, alpha)
    b = None
    if alpha:
        alpha_c = 1.7580993408473766
        a = 1.0 / math.sqrt((alpha_c * alpha_c * p + 1) * (1 - p))
        b_arr = ((noise + dt.type(-1)) * dt.type(alpha_c * a) + dt.type(alpha_c * a * p)).astype(dt)
        b = _make(_to_device_like(b_arr, input._data))
        noise = (noise * dt.type(a)).astype(dt)
    else:
        noise = (noise / dt.type(1 - p)).astype(dt)
    nt = _make(_to_device_like(_out(noise), input._data))
    if not alpha:
        return input.mul_(nt) if inplace else input * nt
    if inplace:
        return input.mul_(nt).add_(b)
    return (input * nt).add_(b)


def dropout(input: Tensor, p: float = 0.5, training: bool = True, inplace: bool = False) -> Tensor:
    """Zero elements with probability ``p`` and scale the rest by ``1/(1-p)``."""
    if input.__class__ is not Tensor:  # (PyTorch's argument error for a non-tensor)
        not_tensor(input, "dropout")
    _check_p(p)
    return _dropout_impl(input, p, training, inplace, False, False)


def alpha_dropout(input: Tensor, p: float = 0.5, training: bool = False, inplace: bool = False) -> Tensor:
    if input.__class__ is not Tensor:  # (PyTorch's argument error for a non-tensor)
        not_tensor(input, "alpha_dropout")
    _check_p(p)
    return _dropout_impl(input, p, training, inplace, False, True)


def feature_alpha_dropout(input: Tensor, p: float = 0.5, training: bool = False, inplace: bool = False) -> Tensor:
    if input.__class__ is not Tensor:  # (PyTorch's argument error for a non-tensor)
        not_tensor(input, "feature_alpha_dropout")
    _check_p(p)
    return _dropout_impl(input, p, training, inplace, True, True)


def dropout1d(input: Tensor, p: float = 0.5, training: bool = True, inplace: bool = False) -> Tensor:
    _check_p(p)
    inp_dim = input.dim()
    if inp_dim not in (2, 3):
        raise RuntimeError(
            f"dropout1d: Expected 2D or 3D input, but received a {inp_dim}D input. Note that dropout1d exists to "
            "provide channel-wise dropout on inputs with 1 spatial dimension, a channel dimension, and an optional "
            "batch dimension (i.e. 2D or 3D inputs)."
        )
    is_batched = inp_dim == 3
    if not is_batched:
        input = input.unsqueeze(0)
    result = _dropout_impl(input, p, training, inplace, True, False)
    if not is_batched:
        result = result.squeeze(0)
    return result


def dropout2d(input: Tensor, p: float = 0.5, training: bool = True, inplace: bool = False) -> Tensor:
    _check_p(p)
    inp_dim = input.dim()
    if inp_dim not in (3, 4):
        warn_msg = (
            f"dropout2d: Received a {inp_dim}-D input to dropout2d, which is deprecated and will result in an error "
            "in a future release. To retain the behavior and silence this warning, please use dropout instead. Note "
            "that dropout2d exists to provide channel-wise dropout on inputs with 2 spatial dimensions, a channel "
            "dimension, and an optional batch dimension (i.e. 3D or 4D inputs)."
        )
        warnings.warn(warn_msg, stacklevel=2)
    if inp_dim == 3:
        warnings.warn(
            "dropout2d: Received a 3D input to dropout2d and assuming that channel-wise 1D dropout behavior is "
            "desired - input is interpreted as shape (N, C, L), where C is the channel dim. This behavior will "
            "change in a future release to interpret the input as one without a batch dimension, i.e. shape "
            "(C, H, W). To maintain the 1D channel-wise dropout behavior, please switch to using dropout1d "
            "instead.",
            stacklevel=2,
        )
    return _dropout_impl(input, p, training, inplace, True, False)


def dropout3d(input: Tensor, p: float = 0.5, training: bool = True, inplace: bool = False) -> Tensor:
    _check_p(p)
    inp_dim = input.dim()
    if inp_dim not in (4, 5):
        warnings.warn(
            f"dropout3d: Received a {inp_dim}-D input to dropout3d, which is deprecated and will result in an error "
            "in a future release. To retain the behavior and silence this warning, please use dropout instead. Note "
            "that dropout3d exists to provide channel-wise dropout on inputs with 3 spatial dimensions, a channel "
            "dimension, and an optional batch dimension (i.e. 4D or 5D inputs).",
            stacklevel=2,
        )
    is_batched = inp_dim == 5
    if not is_batched:
        input = input.unsqueeze(0)
    result = _dropout_impl(input, p, training, inplace, True, False)
    if not is_batched:
        result = result.squeeze(0)
    return result


# ================================================================== embedding
def _scatter_add_rows(num: int, idx, g):
    xp = _xp(g)
    out = xp.zeros((num,) + g.shape[1:], dtype=g.dtype)
    if xp is np:
        np.add.at(out, idx, g)
    else:  # CuPy
        import cupyx
        cupyx.scatter_add(out, idx, g)
    return out


class EmbeddingDenseBackward0(Node):
    __slots__ = ("indices", "padding_idx", "scale")

    def backward(self, gg):
        return (_embedding_lookup(gg, self.indices, self.padding_idx, self.scale, True),)


class EmbeddingBackward0(Node):
    __slots__ = ("indices", "num_weights", "padding_idx", "scale")

    def backward(self, g):
        return (_embedding_dense_backward(g, self.indices, self.num_weights, self.padding_idx, self.scale),)

    def vjp(self, g):
        return (_embedding_dense_backward_np(np.asarray(g), self.indices, self.num_weights, self.padding_idx,
                                             self.scale),)


def _counts(idx, num):
    xp = _xp(idx)
    return xp.bincount(idx.reshape(-1), minlength=num)


def _embedding_dense_backward_np(gd, indices, num_weights: int, padding_idx: int, scale: bool):
    dim = gd.shape[-1]
    flat_idx = indices.reshape(-1)
    rows = gd.reshape(-1, dim)
    if padding_idx >= 0 or scale:
        w = np.ones(flat_idx.shape, dtype=gd.dtype)
        if scale:
            cnt = _counts(flat_idx, num_weights)
            w = (w / cnt[flat_idx]).astype(gd.dtype)
        if padding_idx >= 0:
            w = np.where(flat_idx == padding_idx, 0, w).astype(gd.dtype)
        rows = rows * w[:, None]
    return _scatter_add_rows(num_weights, flat_idx, rows)


def _embedding_dense_backward(g: Tensor, indices, num_weights: int, padding_idx: int, scale: bool) -> Tensor:
    """Sum rows of ``g`` into a (num_weights, dim) gradient (``embedding_dense_backward``)."""
    data = _embedding_dense_backward_np(_arr(g._data), indices, num_weights, padding_idx, scale)
    if GRAD.enabled and g._rg:
        node = EmbeddingDenseBackward0((g,))
        node.indices, node.padding_idx, node.scale = indices, padding_idx, scale
        return finish(data, node)
    return _make(data)


def _embedding_lookup(weight: Tensor, indices, padding_idx: int, scale: bool, masked: bool) -> Tensor:
    wd = _arr(weight._data)
    data = wd[indices]
    if masked and (padding_idx >= 0 or scale):
        flat = indices
        w = np.ones(flat.shape, dtype=wd.dtype)
        if scale:
            cnt = _counts(flat, wd.shape[0])
            w = (w / cnt[flat]).astype(wd.dtype)
        if padding_idx >= 0:
            w = np.where(flat == padding_idx, 0, w).astype(wd.dtype)
        data = data * w[..., None]
    if GRAD.enabled and weight._rg:
        node = EmbeddingBackward0((weight,))
        node.indices, node.num_weights, node.padding_idx, node.scale = indices, wd.shape[0], padding_idx, scale
        node._saved = KEPT_IN_SLOTS  # (``grad_fn._saved_indices`` is freed after backward)
        return finish(data, node)
    return _make(data)


def _raise_renorm_index_error(indices, shape) -> None:
    """``embedding_renorm_`` visits the sorted unique indices and ``select``s each row of the ``shape`` weight,
    so the first index outside ``[-n, n)`` in ascending order raises ``select``'s IndexError (a negative one in
    range wraps)."""
    n = shape[0]
    uniq = np.unique(indices.reshape(-1))
    bad = uniq[(uniq < -n) | (uniq >= n)]
    if bad.size:
        raise IndexError(f"select(): index {int(bad[0])} out of range for tensor of size "
                         f"[{', '.join(str(d) for d in shape)}] at dimension 0")


def _embedding_renorm_(weight: Tensor, indices, max_norm: float, norm_type: float) -> None:
    wd = weight._materialize()
    uniq = np.unique(indices.reshape(-1))
    rows = wd[uniq].astype(np.float64)
    if norm_type == math.inf:
        norms = np.abs(rows).max(axis=1)
    else:
        norms = (np.abs(rows) ** norm_type).sum(axis=1) ** (1.0 / norm_type)
    norms = norms.astype(wd.dtype).astype(np.float64)   # PyTorch reads back the norm of a row in its dtype
    scale = np.where(norms > max_norm, max_norm / (norms + 1e-7), 1.0)
    wd[uniq] = (wd[uniq] * scale[:, None].astype(wd.dtype)).astype(wd.dtype)   # ``row *= scale`` in its dtype
    weight._bump_version()


def embedding(input: Tensor, weight: Tensor, padding_idx: Optional[int] = None, max_norm: Optional[float] = None,
              norm_type: float = 2.0, scale_grad_by_freq: bool = False, sparse: bool = False) -> Tensor:
    """Look up rows of ``weight`` (``torch.nn.functional.embedding``)."""
    if weight.__class__ is not Tensor or input.__class__ is not Tensor:  # (``torch.embedding(weight, indices)``)
        not_tensor(weight, "embedding", "weight", 1)
        not_tensor(input, "embedding", "indices", 2)
    if padding_idx is not None:
        if padding_idx > 0:
            assert padding_idx < weight.size(0), "Padding_idx must be within num_embeddings"
        elif padding_idx < 0:
            assert padding_idx >= -weight.size(0), "Padding_idx must be within num_embeddings"
            padding_idx = weight.size(0) + padding_idx
    else:
        padding_idx = -1
    if weight._data.ndim != 2:
        if max_norm is not None:   # torch renormalises first: embedding_renorm_'s own check
            raise RuntimeError(f"Expected 2-dimensional tensor, but got {weight._data.ndim}-dimensional tensor for "
                               "argument #1 'self' (while checking arguments for embedding_renorm_)")
        raise RuntimeError("'weight' must be 2-D")
    idx = _arr(input._data)
    if idx.dtype not in (np.int64, np.int32):
        raise RuntimeError(
            "Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got "
            f"{_aten_type_name(input)} instead (while checking arguments for embedding)"
        )
    n = weight._data.shape[0]
    if idx.size and (idx.min() < 0 or idx.max() >= n):
        if max_norm is not None:   # PyTorch renormalises the looked-up rows first
            _raise_renorm_index_error(idx, weight._data.shape)
        raise IndexError("index out of range in self")
    if max_norm is not None:
        _embedding_renorm_(weight, idx, max_norm, norm_type)
    out = _embedding_lookup(weight, idx, padding_idx, scale_grad_by_freq, False)
    if sparse and out.grad_fn is not None:  # the weight's gradient is a sparse COO tensor (ember/sparse)
        from ...sparse._embedding import make_sparse
        make_sparse(out.grad_fn)
    return out


def one_hot(tensor: Tensor, num_classes: int = -1) -> Tensor:
    """One-hot encoding of an int64 tensor (``torch.nn.functional.one_hot``)."""
    if tensor.__class__ is not Tensor:  # (PyTorch's argument error for a non-tensor)
        not_tensor(tensor, "one_hot")
    if num_classes.__class__ is not int:   # PyTorch's parser: an int (a bool, float or float tensor is refused)
        from ...ops.reduction import _is_int
        if num_classes.__class__ is bool or not _is_int(num_classes):
            from ...ops._argerrors import argument_type_error
            raise argument_type_error("one_hot", ["num_classes"], "num_classes", "int", num_classes)
        num_classes = int(num_classes)
    d = _arr(tensor._data)
    if d.dtype != np.int64:
        raise RuntimeError("one_hot is only applicable to index tensor of type LongTensor.")
    if num_classes == -1:
        if d.size == 0:
            raise RuntimeError("Can not infer total number of classes from empty tensor.")
        num_classes = int(d.max()) + 1
    if d.size:
        if d.min() < 0:
            raise RuntimeError("Class values must be non-negative.")
        if d.max() >= num_classes:
            raise RuntimeError("Class values must be smaller than num_classes.")
    out = (d[..., None] == np.arange(num_classes)).astype(np.int64)
    return _make(out)


# ========================================================= norms / distances
def _vector_norm(x: Tensor, p: float, dim, keepdim: bool) -> Tensor:
    fn = getattr(Tensor, "norm", None)
    if fn is not None:
        return x.norm(p, dim, keepdim=keepdim)
    if p == 2:
        return (x * x).sum(dim, keepdim=keepdim).sqrt()
    if p == 1:
        return x.abs().sum(dim, keepdim=keepdim)
    return (x.abs() ** p).sum(dim, keepdim=keepdim) ** (1.0 / p)


def normalize(input: Tensor, p: float = 2.0, dim: int = 1, eps: float = 1e-12, out=None) -> Tensor:
    """``x / max(||x||_p, eps)`` along ``dim``."""
    denom = _vector_norm(input, p, dim, True).clamp_min(eps).expand_as(input)
    if out is None:
        return input / denom
    from ...ops.pointwise import div
    return div(input, denom, out=out)


def cosine_similarity(x1: Tensor, x2: Tensor, dim: int = 1, eps: float = 1e-8, *, axis=_NP_UNSET) -> Tensor:
    """Cosine similarity along ``dim`` (PyTorch normalises each input first)."""
    if axis is not _NP_UNSET:
        dim, _ = _numpy_dim_names("cosine_similarity", dim, None, axis, _NP_UNSET, 1)
    if x1.__class__ is not Tensor or x2.__class__ is not Tensor:  # (PyTorch's argument errors)
        check_tensor_args("cosine_similarity", (("x1", 1, x1, False), ("x2", 2, x2, False)))
    try:
        shape = np.broadcast_shapes(x1._data.shape, x2._data.shape)
    except ValueError:
        from ...ops._common import broadcast_error
        raise broadcast_error(x1._data.shape, x2._data.shape) from None
    if x1._data.shape != shape:
        x1 = x1.expand(shape)
    if x2._data.shape != shape:
        x2 = x2.expand(shape)
    n1 = _vector_norm(x1, 2, dim, True).clone()
    n2 = _vector_norm(x2, 2, dim, True).clone()
    with no_grad():
        n1.clamp_min_(eps)
        n2.clamp_min_(eps)
    return ((x1 / n1) * (x2 / n2)).sum(dim)


def pairwise_distance(x1: Tensor, x2: Tensor, p: float = 2.0, eps: float = 1e-6, keepdim: bool = False) -> Tensor:
    """``||x1 - x2 + eps||_p`` over the last dimension."""
    if x1.__class__ is not Tensor or x2.__class__ is not Tensor:  # (PyTorch's argument errors)
        check_tensor_args("pairwise_distance", (("x1", 1, x1, False), ("x2", 2, x2, False)))
    output_dim = max(x1.dim(), x2.dim())
    innermost = output_dim - 1
    out = _vector_norm(x1 - x2 + eps, p, innermost if innermost >= 0 else 0, keepdim)
    node = out.grad_fn
    if node is not None:  # PyTorch calls at::norm(x, p, dim): the same formula, recorded as NormBackward1
        global _NormBackward1
        if _NormBackward1 is None:
            _NormBackward1 = type("NormBackward1", (type(node),), {"__slots__": ()})
        node.__class__ = _NormBackward1
    return out


_NormBackward1 = None


# =========================================================== normalisation
def _stats(xd, axes, eps):
    x64 = xd.astype(np.float64)
    mean = x64.mean(axis=axes, keepdims=True)
    var = ((x64 - mean) ** 2).mean(axis=axes, keepdims=True)
    rstd = 1.0 / np.sqrt(var + eps)
    return mean, var, rstd


class NativeLayerNormBackward0(Node):
    """Saved: (input, weight, normalised input or None: kept by ``_layer_norm_rows``); ``bias``,
    ``mean``, ``rstd`` and ``normalized_shape`` for PyTorch's ``_saved_*`` fields."""

    __slots__ = ("axes", "eps", "mean", "rstd", "bias", "normalized_shape")

    def backward(self, g):
        if GRAD.enabled:  # ``native_layer_norm_backward``: NativeLayerNormBackwardBackward0 under create_graph
            from ...autograd._backward_ops import native_layer_norm_backward
            return native_layer_norm_backward(g, self)
        x, w, _ = self.saved()
        e = self._edges
        axes = self.axes
        mu, rstd = self.mean, self.rstd
        xhat = (x - mu) * rstd
        gx = gw = gb = None
        if e[0] is not None:
            gh = g * w if w is not None else g
            gx = rstd * (gh - gh.mean(axes, keepdim=True) - xhat * (gh * xhat).mean(axes, keepdim=True))
        if e[1] is not None:
            gw = g * xhat
        if e[2] is not None:
            gb = g
        return gx, gw, gb

    def vjp(self, g):
        x, w, xhat = self.saved()
        if xhat is not None and g.__class__ is np.ndarray and g.dtype == xhat.dtype:
            return self._rows_vjp(g, x, w, xhat.reshape(g.shape))
        xd, wd = _arr(x._data), (_arr(w._data) if w is not None else None)
        mean, rstd = self.mean._data, self.rstd._data
        if g.dtype == np.float16 and g.__class__ is np.ndarray:  # Half: in float32, rounded once (ATen's opmath)
            f32 = np.float32
            gx, gw, gb = self._plain_vjp(g.astype(f32), xd.astype(f32), None if wd is None else wd.astype(f32),
                                         np.asarray(mean, f32), np.asarray(rstd, f32))
            lead = tuple(range(g.ndim - len(self.axes)))  # the weight and bias gradients summed in float32 too
            gw = None if gw is None else gw.sum(axis=lead)
            gb = None if gb is None else gb.sum(axis=lead)
            return tuple(None if r is None else r.astype(np.float16) for r in (gx, gw, gb))
        return self._plain_vjp(g, xd, wd, mean, rstd)

    def _plain_vjp(self, g, xd, wd, mean, rstd):
        e = self._edges
        axes = self.axes
        xhat = (xd - mean) * rstd
        gx = gw = gb = None
        if e[0] is not None:
            gh = g * wd if wd is not None else g
            gx = rstd * (gh - gh.mean(axis=axes, keepdims=True) - xhat * (gh * xhat).mean(axis=axes, keepdims=True))
        if e[1] is not None:
            gw = g * xhat
        if e[2] is not None:
            gb = g
        return gx, gw, gb

    def _rows_vjp(self, g, x, w, xhat):
        """The same formulas over ``(rows, n)`` views, with the row means as dot products
        (large inputs, whose forward kept ``xhat``: see ``_layer_norm_rows``)."""
        e = self._edges
        gx = gw = gb = None
        dt = g.dtype
        if e[0] is not None:
            gh = big_empty(g.shape, dt, "layer_norm.gx")
            if w is not None:
                np.multiply(g, _arr(w._data), out=gh)
            else:
                np.copyto(gh, g)
            n = math.prod(g.shape[a] for a in self.axes)
            gh2 = gh.reshape(-1, n)
            xh2 = xhat.reshape(-1, n)
            inv_n = dt.type(1.0 / n)
            m1 = np.einsum("ij->i", gh2) * inv_n            # mean of gh per row
            m2 = np.einsum("ij,ij->i", gh2, xh2) * inv_n    # mean of gh * xhat per row
            gh2 -= m1[:, None]
            gh2 -= np.multiply(xh2, m2[:, None], out=scratch(xh2.shape, dt, "layer_norm.tmp"))
            gh2 *= self.rstd._data.reshape(-1, 1)
            gx = gh
        if e[1] is not None:
            gw = np.multiply(g, xhat, out=big_empty(g.shape, dt, "layer_norm.gw"))
        if e[2] is not None:
            gb = g
        return gx, gw, gb


# The ATen-order normalisation kernels below cost several NumPy passes per SIMD step; above this
# many input elements layer norm takes ``_layer_norm_rows`` (and batch norm plain float64
# statistics) instead: the values then differ from PyTorch's by a rounding or two. 65536 keeps
# every tensor a course-sized program prints exact and the transformer benchmark's (16, 64, 128)
# activations on the fast path.
_EXACT_NORM_MAX = 1 << 16


def _norm_operands_ok(xd, weight, bias) -> bool:
    """A non-empty float32/float64 NumPy input whose weight/bias (if any) are NumPy arrays of its dtype."""
    if xd.__class__ is not np.ndarray or xd.dtype not in (np.float32, np.float64) or not xd.size:
        return False
    return all(_arr(p._data).__class__ is np.ndarray and _arr(p._data).dtype == xd.dtype
               for p in (weight, bias) if p is not None)


def _native_layer_norm(xd, k: int, weight, bias, eps: float):
    """ATen's CPU ``LayerNormKernelImpl`` for a float32/float64 NumPy input of at most
    ``_EXACT_NORM_MAX`` elements, or None for other inputs.

    Per row: ``RowwiseMoments`` (``_moments.rowwise_moments``, ATen's own rounding),
    ``rstd = 1 / sqrt(var + eps)`` in the input dtype, then
    ``y = fma((x - mean) * rstd, gamma, beta)`` (the vectorised loop's ``(x + (-mean)) * scale * gamma + beta``
    as GCC contracts it). Returns ``(y, mean, rstd)`` with ``mean``/``rstd`` shaped to broadcast
    against the input.
    """
    if not (_norm_operands_ok(xd, weight, bias) and xd.size <= _EXACT_NORM_MAX):
        return None
    from ._moments import fma, rowwise_moments
    dt = xd.dtype.type
    lead = xd.shape[:xd.ndim - k]
    n = int(np.prod(xd.shape[xd.ndim - k:]))
    x2 = xd.reshape(-1, n)
    with np.errstate(all="ignore"):
        mean, var = rowwise_moments(x2)
        rstd = dt(1) / np.sqrt(var + dt(eps))
        y = (x2 - mean[:, None]) * rstd[:, None]
        if weight is not None or bias is not None:
            g = _arr(weight._data).reshape(-1) if weight is not None else dt(1)
            b = _arr(bias._data).reshape(-1) if bias is not None else dt(0)
            y = fma(y, g, b, xd.dtype)
    bshape = tuple(lead) + (1,) * k
    return y.reshape(xd.shape), mean.reshape(bshape), rstd.reshape(bshape)


def _layer_norm_rows(xd, k: int, weight, bias, eps: float):
    """Layer norm of a large float32/float64 NumPy input, in its own dtype, or None for other inputs.

    ATen's formula ``(x - mean) * rstd * gamma + beta`` as a few passes over
    ``(rows, n)``: the row means accumulate in float64 (then round to the
    input dtype, as PyTorch's do), the variances are dot products of the
    centred rows, and ``rstd = 1 / sqrt(var + eps)`` is in the input dtype.
    Values differ from PyTorch's by a rounding or two (its moments use a
    cascade in the input dtype).  Returns ``(y, xhat, mean, rstd)``; ``xhat``
    (the normalised input, which the backward needs) is a separate array only
    when there is an affine part, else None.
    """
    if not _norm_operands_ok(xd, weight, bias):
        return None
    params = [p for p in (weight, bias) if p is not None]
    dt = xd.dtype
    n = math.prod(xd.shape[xd.ndim - k:])
    x2 = xd.reshape(-1, n)
    with np.errstate(all="ignore"):
        mean = (np.einsum("ij->i", x2, dtype=np.float64) / n).astype(dt)
        # pooled buffers (both escape: the output, and xhat saved for backward): fresh large
        # arrays would cost a page fault per 4 KiB
        xhat = np.subtract(x2, mean[:, None], out=big_empty(x2.shape, dt, "layer_norm.xhat"))
        var = np.einsum("ij,ij->i", xhat, xhat) * dt.type(1.0 / n)
        rstd = dt.type(1) / np.sqrt(var + dt.type(eps))
        xhat *= rstd[:, None]
        if not params:
            y, xhat = xhat, None
        else:
            y = big_empty(x2.shape, dt, "layer_norm.out")
            if weight is not None:
                np.multiply(xhat, _arr(weight._data).reshape(-1), out=y)
            else:
                np.copyto(y, xhat)
            if bias is not None:
                y += _arr(bias._data).reshape(-1)
    bshape = xd.shape[:xd.ndim - k] + (1,) * k
    return y.reshape(xd.shape), xhat, mean.reshape(bshape), rstd.reshape(bshape)


def layer_norm(input: Tensor, normalized_shape, weight: Optional[Tensor] = None, bias: Optional[Tensor] = None,
               eps: float = 1e-5) -> Tensor:
    """Normalise over the trailing ``normalized_shape`` dims (``NativeLayerNormBackward0``)."""
    if input.__class__ is not Tensor or not isinstance(weight, (Tensor, type(None))) \
            or not isinstance(bias, (Tensor, type(None))):  # (PyTorch's argument errors)
        check_tensor_args("layer_norm", (("input", 1, input, False), ("weight", 3, weight, True),
                                         ("bias", 4, bias, True)))
    normalized_shape = _norm_shape_arg(normalized_shape, "layer_norm", (("weight", weight), ("bias", bias)))
    xd = _arr(input._data)
    k = len(normalized_shape)
    if xd.ndim < k or tuple(xd.shape[xd.ndim - k:]) != normalized_shape:
        raise RuntimeError(
            f"Given normalized_shape={list(normalized_shape)}, expected input with shape "
            f"[*, {', '.join(str(s) for s in normalized_shape)}], but got input of size{list(Size(xd.shape))}"
        )
    _check_mixed_dtypes(input, (weight, bias), (weight, bias))
    _require_floating(input, "LayerNormKernelImpl")
    axes = tuple(range(xd.ndim - k, xd.ndim))
    dt = xd.dtype if xd.dtype.kind == "f" else np.float32
    native = _native_layer_norm(xd, k, weight, bias, eps)
    rows = None if native is not None else _layer_norm_rows(xd, k, weight, bias, eps)
    xhat = None
    if native is not None:
        y, mean, rstd = native
    elif rows is not None:
        y, xhat, mean, rstd = rows
    else:
        mean, _var, rstd = _stats(xd, axes, eps)
        y = (xd - mean) * rstd
        if weight is not None:
            y = y * _arr(weight._data)
        if bias is not None:
            y = y + _arr(bias._data)
    data = _out(row_major(y.astype(dt, copy=False)))  # (ATen writes a contiguous result)
    if needs_grad(input, weight, bias):
        node = NativeLayerNormBackward0((input, weight, bias))
        node.axes, node.eps = axes, eps
        node.bias, node.normalized_shape = bias, tuple(xd.shape[a] for a in axes)
        node.mean = _make(mean.astype(dt))
        node.rstd = _make(rstd.astype(dt))
        node.save(input, weight, xhat)
        return finish(data, node)
    return _make(data)


def _norm_shape_arg(normalized_shape, fname, params) -> tuple:
    """``normalized_shape`` as PyTorch's argument parser and ``_check_*_norm_inputs`` take it (an int list only)."""
    if isinstance(normalized_shape, Tensor) or not isinstance(normalized_shape, (list, tuple)):
        raise TypeError(f"{fname}(): argument 'normalized_shape' (position 2) must be tuple of ints, not "
                        f"{type(normalized_shape).__name__}")
    for i, v in enumerate(normalized_shape):
        if not isinstance(v, numbers.Integral) and not (isinstance(v, Tensor) and v.dim() == 0
                                                         and not v.is_floating_point()):
            raise TypeError(f"{fname}(): argument 'normalized_shape' (position 2) must be tuple of ints, but found "
                            f"element of type {type(v).__name__} at pos {i}")
    shape = tuple(int(v) for v in normalized_shape)
    if not shape:
        raise RuntimeError("Expected normalized_shape to be at least 1-dimensional, i.e., containing at least one "
                           "element, but got normalized_shape = []")
    for name, p in params:
        if p is not None and tuple(p.shape) != shape:
            raise RuntimeError(f"Expected {name} to be of same shape as normalized_shape, but got {name} of shape "
                               f"{list(p.shape)} and normalized_shape = {list(shape)}")
    return shape


_CPP_DTYPE = {np.dtype(np.float32): "float", np.dtype(np.float64): "double", np.dtype(np.float16): "c10::Half",
              np.dtype(np.complex64): "c10::complex<float>", np.dtype(np.complex128): "c10::complex<double>"}


_RMS_WARNED = False


def rms_norm(input: Tensor, normalized_shape, weight: Optional[Tensor] = None, eps: Optional[float] = None) -> Tensor:
    """``x / sqrt(mean(x^2) + eps) * weight`` over the trailing dims, as ATen's ``rms_norm``.

    Computed in the input's op-math dtype (float32 for float16, rounding once at the end); a
    weight of another dtype takes PyTorch's composite (with its warning), whose product is
    promoted and then cast back to the input's dtype.
    """
    if input.__class__ is not Tensor or not isinstance(weight, (Tensor, type(None))):
        check_tensor_args("rms_norm", (("input", 1, input, False), ("weight", 3, weight, True)))
    shape = _norm_shape_arg(normalized_shape, "rms_norm", (("weight", weight),))
    k = len(shape)
    nd = input.dim()
    if nd < k:
        raise ValueError(f"Input tensor must have at least {k} dimensions, but got {nd}")
    if tuple(input.shape[nd - k:]) != shape:
        raise RuntimeError(f"Given normalized_shape={list(shape)}, expected input with shape "
                           f"[*{', '.join(str(s) for s in shape)}], but got input of size{list(input.shape)}")
    dims = tuple(range(nd - k, nd))
    idt = input._data.dtype
    if idt.kind not in "fc":   # the composite runs on complex inputs too
        _require_floating(input, "rms_norm")
    global _RMS_WARNED
    if weight is not None and weight._data.dtype != idt and not _RMS_WARNED:
        _RMS_WARNED = True   # TORCH_WARN_ONCE: the first mismatch of the process only
        warnings.warn(f"Mismatch dtype between input and weight: input dtype = {_CPP_DTYPE.get(idt, idt.name)}, "
                      f"weight dtype = {_CPP_DTYPE.get(weight._data.dtype, weight._data.dtype.name)}, Cannot "
                      "dispatch to fused implementation. (Triggered internally at "
                      "/__w/pytorch/pytorch/aten/src/ATen/native/layer_norm.cpp:346.)", UserWarning, stacklevel=1)
    half = idt == np.float16
    x = input.float() if half else input   # op-math dtype
    if eps is None:
        eps = float(np.finfo(x._data.dtype).eps)
    r = x * ((x * x).mean(dims, keepdim=True) + eps).rsqrt()
    if weight is not None:
        r = r * weight
    if r.dtype != input.dtype and (half or weight is not None and weight._data.dtype != idt):
        r = r.type_as(input)   # PyTorch's composite returns the input's dtype
    return r


def _half_bn_sums(dy, xc, cshape):
    """Per-channel float32 ``sum(dy)`` and ``sum((x - mean) * dy)`` of ATen's reduced-float backward.

    Per image, the whole 16-element Half vectors go to 8-lane float accumulators (each vector's two
    float halves added in turn, ``dotp`` lanes as contracted multiply-adds) and the leftover elements to
    the scalar ``sum += dy`` / ``dotp = fma(x - mean, dy, dotp)``, image after image; at the end the lanes
    are folded by ``vec_reduce_all``'s shuffle tree and added to the scalars (AVX2, as measured)."""
    from ._batch_norm_backward import _fma_chain, fold_lanes
    n, c = dy.shape[0], cshape[1]
    dy3, xc3 = dy.reshape(n, c, -1), xc.reshape(n, c, -1)
    image = dy3.shape[2]
    body = image - image % 16
    tail_dy = np.moveaxis(dy3[:, :, body:], 1, -1).reshape(-1, c)
    tail_xc = np.moveaxis(xc3[:, :, body:], 1, -1).reshape(-1, c)
    total = np.cumsum(tail_dy, axis=0, dtype=np.float32)[-1] if tail_dy.size else np.zeros(c, np.float32)
    dotp = _fma_chain(np.ascontiguousarray(tail_xc), np.ascontiguousarray(tail_dy)) if tail_dy.size \
        else np.zeros(c, np.float32)
    if body:
        # the 8-lane float accumulators: each 16-element Half vector adds its two float halves in turn
        lanes_dy = np.ascontiguousarray(np.moveaxis(dy3[:, :, :body].reshape(n, c, -1, 8), 1, 2).reshape(-1, c, 8))
        lanes_xc = np.ascontiguousarray(np.moveaxis(xc3[:, :, :body].reshape(n, c, -1, 8), 1, 2).reshape(-1, c, 8))
        total = total + fold_lanes(np.cumsum(lanes_dy, axis=0, dtype=np.float32)[-1], 8)
        dotp = dotp + fold_lanes(_fma_chain(lanes_xc, lanes_dy), 8)
    return total.reshape(cshape), dotp.reshape(cshape)


class NativeBatchNormBackward0(Node):
    __slots__ = ("axes", "eps", "training", "mean", "rstd", "cshape", "stats32")

    def backward(self, g):
        x, w = self.saved()
        e = self._edges
        axes, cshape = self.axes, self.cshape
        if not GRAD.enabled:  # (a create_graph backward builds the formulas below as a graph)
            exact = self._exact(_arr(g._data), x, w)
            if exact is None:
                exact = self._half_exact(_arr(g._data), x, w)
            if exact is not None:
                return tuple(_make(a) if edge is not None else None for a, edge in zip(exact, e))
        if self.training and GRAD.enabled:
            mu = x.mean(axes, keepdim=True)
            xc = x - mu
            rstd = ((xc * xc).mean(axes, keepdim=True) + self.eps).rsqrt()
        else:
            mu, rstd = self.mean, self.rstd
            xc = x - mu
        xhat = xc * rstd
        wv = w.reshape(cshape) if w is not None else None
        gx = gw = gb = None
        if e[0] is not None:
            if self.training:
                gx = rstd * (g - g.mean(axes, keepdim=True) - xhat * (g * xhat).mean(axes, keepdim=True))
            else:
                gx = g * rstd
            if wv is not None:
                gx = gx * wv
        if e[1] is not None:
            gw = (g * xhat).sum(axes)
        if e[2] is not None:
            gb = g.sum(axes)
        return gx, gw, gb

    def vjp(self, g):
        x, w = self.saved()
        e = self._edges
        axes, cshape = self.axes, self.cshape
        g = np.asarray(g)
        exact = self._exact(g, x, w)
        if exact is None:
            exact = self._half_exact(g, x, w)
        if exact is not None:
            return tuple(a if edge is not None else None for a, edge in zip(exact, e))
        rstd = self.rstd._data
        xhat = (_arr(x._data) - self.mean._data) * rstd
        gx = gw = gb = None
        if e[0] is not None:
            if self.training:
                gx = rstd * (g - g.mean(axis=axes, keepdims=True) - xhat * (g * xhat).mean(axis=axes, keepdims=True))
            else:
                gx = g * rstd
            if w is not None:
                gx = gx * _arr(w._data).reshape(cshape)
        if e[1] is not None:
            gw = (g * xhat).sum(axis=axes)
        if e[2] is not None:
            gb = g.sum(axis=axes)
        return gx, gw, gb

    def _half_exact(self, g, x, w):
        """ATen's ``batch_norm_cpu_backward_*_internal`` for a float16 input: everything in float32
        (``opmath_t``) from the saved float32 statistics (``stats32``: the float16-rounded batch stats, the
        float32 ones of a mixed-type call, or ``1 / sqrt(running_var + eps)`` in evaluation mode), rounded
        once to float16; ``grad_weight``/``grad_bias`` in the parameters' dtype. None for other inputs."""
        xd = _arr(x._data)
        if self.stats32 is None or xd.__class__ is not np.ndarray or g.__class__ is not np.ndarray \
                or g.dtype != np.float16 or g.shape != xd.shape:
            return None
        from ._moments import fma
        cshape = self.cshape
        mean, invstd = (a.reshape(cshape) for a in self.stats32)
        f32 = np.float32
        wf = _arr(w._data).astype(f32).reshape(cshape) if w is not None else f32(1)
        dy, xc = g.astype(f32), xd.astype(f32) - mean
        total, dotp = _half_bn_sums(dy, xc, cshape)
        if self.training:
            n = f32(xd.size // xd.shape[1])
            k = dotp * invstd * invstd / n
            dx = fma(-xc, np.broadcast_to(k, xc.shape), dy - total / n, f32) * invstd * wf  # (GCC contracts)
        else:
            dx = dy * invstd * wf
        pdt = _arr(w._data).dtype if w is not None else xd.dtype
        return (dx.astype(np.float16), (dotp * invstd).reshape(-1).astype(pdt), total.reshape(-1).astype(pdt))

    def _exact(self, g, x, w):
        """ATen's ``batch_norm_cpu_backward_kernel`` (``_batch_norm_backward``) when PyTorch takes it: a
        contiguous float32/float64 input and gradient of one dtype and shape, of at most
        ``_EXACT_NORM_MAX`` elements; None otherwise (the formulas above stand in)."""
        xd = _arr(x._data)
        wd = _arr(w._data) if w is not None else None
        if xd.__class__ is not np.ndarray or g.__class__ is not np.ndarray or xd.dtype not in (np.float32, np.float64) \
                or g.dtype != xd.dtype or g.shape != xd.shape or not 0 < xd.size <= _EXACT_NORM_MAX \
                or not (xd.flags.c_contiguous and g.flags.c_contiguous) \
                or (wd is not None and (wd.__class__ is not np.ndarray or wd.dtype != xd.dtype)):
            return None
        from ... import get_num_threads
        from ._batch_norm_backward import batch_norm_backward
        return batch_norm_backward(g, xd, _arr(self.mean._data), _arr(self.rstd._data), wd, self.training,
                                   max(1, int(get_num_threads())))


def _seq_sum(a, acc, out=None, div=None):
    """Sum over axis 0 added one element after another (``for ...: s += a[i]``) in the ``acc`` dtype.

    Divided by ``div`` (in ``acc``) when given, and returned as ``out`` (default ``a.dtype``), so a
    double accumulator never leaves the function.
    """
    s = np.cumsum(a, axis=0, dtype=acc)[-1]
    if div is not None:
        s = s / np.dtype(acc).type(div)
    return s.astype(out if out is not None else a.dtype, copy=False)


def _seq_fma_sq(x, mean, acc):
    """``for i: acc = fma(x[i] - mean, x[i] - mean, acc)`` (ATen's vectorised ``y + (x - m) * (x - m)``)."""
    from ._moments import fma
    for row in x:
        d = row - mean
        acc = fma(d, d, acc, acc.dtype)
    return acc


def _bn_collect_stats(xd):
    """``batch_norm_cpu_collect_stats_kernel``: per-channel ``(mean, var_sum)`` in the input dtype.

    NCHW input with an image (``H*W > 1``) sums each channel one element after another in double
    (``collect_stats_contiguous_impl``). ``(N, C)`` input is treated as channels-last: with
    ``N > threads`` each of ATen's OpenMP threads (``get_num_threads()``; ``parallel_for`` hands
    thread ``t`` the rows ``[t*ceil(N/T), (t+1)*ceil(N/T))``) sums its rows in the input dtype, and the
    per-thread partials are added in double; with ``N <= threads`` small and very wide channel counts
    are summed in the input dtype, the others in double.
    """
    from ... import get_num_threads
    dt = xd.dtype
    nb, c = xd.shape[:2]
    n = xd.size // c
    f64 = np.float64
    if n != nb:  # an image per channel: contiguous impl
        xc = xd.reshape(nb, c, -1).transpose(0, 2, 1).reshape(n, c)
        mean = _seq_sum(xc, f64, dt, n)
        return mean, _double_var_sum(xc, mean)
    x2 = xd.reshape(n, c)
    threads = max(1, int(get_num_threads()))
    if n > threads:
        chunk = -(-n // threads)
        parts = -(-n // chunk)
        # all threads at once: (chunk, parts, C), the last part padded with +0 rows for the sum
        # (x + 0 == x) and with mean rows for the squares (fma(0, 0, acc) == acc)
        pad = np.zeros((parts * chunk, c), dt)
        pad[:n] = x2
        mean = _seq_sum(_seq_sum(pad.reshape(parts, chunk, c).transpose(1, 0, 2), dt), f64, dt, n)
        pad[n:] = mean
        sq = _seq_fma_sq(pad.reshape(parts, chunk, c).transpose(1, 0, 2), mean, np.zeros((parts, c), dt))
        return mean, _seq_sum(sq, f64, dt)
    if threads == 1 or c <= 16 or c > 2048:  # tiled, vectorised vertical reduce in the input dtype
        mean = _seq_sum(x2, dt) / dt.type(n)
        return mean, _seq_fma_sq(x2, mean, np.zeros(c, dt))
    mean = _seq_sum(x2, f64, dt, n)
    return mean, _double_var_sum(x2, mean)


def _double_var_sum(x, mean):
    """``for i: acc += (x[i] - mean) * (x[i] - mean)`` with a double ``acc`` (the square rounded first)."""
    d = x - mean
    return _seq_sum(d * d, np.float64, x.dtype)


def _native_batch_norm(xd, running_mean, running_var, weight, bias, use_batch: bool, training: bool,
                       momentum, eps: float):
    """ATen's CPU ``batch_norm`` for float32/float64 NumPy input of at most ``_EXACT_NORM_MAX``
    elements (or None for anything else).

    Returns ``(y, mean, invstd)`` (per-channel 1-D arrays) and, when training, updates the running
    stats as ``batch_norm_cpu_update_stats_template`` does: ``invstd = 1 / sqrt(var_sum / n + eps)``
    in double from the input-dtype ``var_sum / n``, ``running_mean = m * mean + (1 - m) * running_mean``
    in the input dtype, ``running_var = m * (var_sum / (n - 1)) + (1 - m) * running_var`` with the
    sum in double. Eval mode uses ``1 / sqrt(running_var + eps)`` in the input dtype. The output is
    ``fma(x, alpha, beta)`` with ``alpha = invstd * weight`` and ``beta = fma(-mean, alpha, bias)``
    (``batch_norm_cpu_collect_linear_and_constant_terms`` and the vectorised transform, as GCC
    contracts them).
    """
    if xd.__class__ is not np.ndarray or xd.dtype not in (np.float32, np.float64) or \
            not 0 < xd.size <= _EXACT_NORM_MAX:
        return None
    for t in (running_mean, running_var, weight, bias):
        if t is not None and (_arr(t._data).__class__ is not np.ndarray or _arr(t._data).dtype != xd.dtype):
            return None
    from ._moments import fma
    dt = xd.dtype.type
    c = xd.shape[1]
    n = xd.size // c
    with np.errstate(all="ignore"):
        if use_batch:
            mean, var_sum = _bn_collect_stats(xd)
            invstd = np.where((var_sum != 0) | (eps != 0),
                              1.0 / np.sqrt((var_sum / dt(n)).astype(np.float64) + eps), 0.0).astype(xd.dtype)
            if training and momentum is not None:
                m = dt(momentum)
                if running_mean is not None:
                    rm = running_mean._materialize()
                    rm[...] = (m * mean + (dt(1) - m) * rm.reshape(-1)).reshape(rm.shape)
                    running_mean._bump_version()
                if running_var is not None:
                    rv = running_var._materialize()
                    unbiased = (var_sum / dt(n - 1)).astype(np.float64)
                    rv[...] = (np.float64(m) * unbiased + ((dt(1) - m) * rv.reshape(-1)).astype(np.float64)
                               ).astype(xd.dtype).reshape(rv.shape)
                    running_var._bump_version()
        else:
            mean = _arr(running_mean._data).reshape(-1).copy()
            invstd = dt(1) / np.sqrt(_arr(running_var._data).reshape(-1) + dt(eps))
        w = _arr(weight._data).reshape(-1) if weight is not None else np.ones(c, xd.dtype)
        b = _arr(bias._data).reshape(-1) if bias is not None else np.zeros(c, xd.dtype)
        alpha = invstd * w
        beta = fma(-mean, alpha, b, xd.dtype)
        cshape = (1, c) + (1,) * (xd.ndim - 2)
        y = fma(xd, alpha.reshape(cshape), beta.reshape(cshape), xd.dtype)
    return y, mean, invstd


def _is_mixed_type(xd, *params) -> bool:
    """ATen's ``is_mixed_type``: the first defined parameter's dtype differs from the input's."""
    for p in params:
        if p is not None:
            return p._data.dtype != xd.dtype
    return False


def _check_batch_norm_dtypes(input, running_mean, running_var, weight, bias) -> None:
    """ATen's CPU ``batch_norm`` dtype rules: a real floating input; weight and bias of another
    dtype only as a float16 input's float32 parameters (running stats then float32 too);
    otherwise running stats of the input's dtype."""
    _require_floating(input, "batch_norm")
    affine = (weight, bias) if weight is not None or bias is not None else (running_mean, running_var)
    xt = input._data.dtype
    if any(p is not None and p._data.dtype != xt for p in affine):
        _check_mixed_dtypes(input, affine, (weight, bias, running_mean, running_var))
        return
    for stat in (running_mean, running_var):
        if stat is not None and stat._data.dtype != xt:
            raise RuntimeError(f"expected scalar type {_word(input)} but found {_word(stat)}")


def batch_norm(input: Tensor, running_mean: Optional[Tensor], running_var: Optional[Tensor],
               weight: Optional[Tensor] = None, bias: Optional[Tensor] = None, training: bool = False,
               momentum: float = 0.1, eps: float = 1e-5) -> Tensor:
    """Batch normalisation over every dim but 1 (``NativeBatchNormBackward0``)."""
    if not (isinstance(input, Tensor) and isinstance(running_mean, (Tensor, type(None)))
            and isinstance(running_var, (Tensor, type(None))) and isinstance(weight, (Tensor, type(None)))
            and isinstance(bias, (Tensor, type(None)))):  # (PyTorch's argument errors, ATen's order)
        if training and not isinstance(input, Tensor):
            raise AttributeError(f"'{type(input).__name__}' object has no attribute 'size'")
        check_tensor_args("batch_norm", (("input", 1, input, False), ("weight", 2, weight, True), ("bias", 3, bias, True),
                                         ("running_mean", 4, running_mean, True), ("running_var", 5, running_var, True)))
    xd = _arr(input._data)
    if training:
        size = input.size()
        size_prods = size[0]
        for i in range(len(size) - 2):
            size_prods *= size[i + 2]
        if size_prods == 1:
            raise ValueError(f"Expected more than 1 value per channel when training, got input size {size}")
    nd = xd.ndim
    if nd < 2 or xd.size == 0 or running_mean is None or running_var is None:
        out = _batch_norm_rare_checks(input, xd, running_mean, running_var, weight, bias, training)
        if out is not None:
            return out
    c = xd.shape[1]
    for name, t in (("running_mean", running_mean), ("running_var", running_var), ("weight", weight),
                    ("bias", bias)):
        if t is not None and t.numel() != c:
            raise RuntimeError(f"{name} should contain {c} elements not {t.numel()}")
    _check_batch_norm_dtypes(input, running_mean, running_var, weight, bias)
    _stats_no_grad(running_mean, running_var)
    axes = (0,) + tuple(range(2, xd.ndim))
    cshape = (1, c) + (1,) * (xd.ndim - 2)
    dt = xd.dtype
    use_batch = training or running_mean is None or running_var is None
    native = _native_batch_norm(xd, running_mean, running_var, weight, bias, use_batch, training, momentum, eps)
    if native is not None:
        y, mean, rstd = native
        mean, rstd = mean.reshape(cshape), rstd.reshape(cshape)
    elif use_batch:
        mean, var, rstd = _stats(xd, axes, eps)
        if training and running_mean is not None:
            n = xd.size // c
            rm = running_mean._materialize()
            rm[...] = (momentum * mean.reshape(-1) + (1 - momentum) * rm.astype(np.float64)).astype(rm.dtype)
            running_mean._bump_version()
        if training and running_var is not None:
            n = xd.size // c
            unbiased = var.reshape(-1) * n / max(n - 1, 1) if n > 1 else var.reshape(-1) * np.inf
            rv = running_var._materialize()
            rv[...] = (momentum * unbiased + (1 - momentum) * rv.astype(np.float64)).astype(rv.dtype)
            running_var._bump_version()
        if dt == np.float16 and not _is_mixed_type(xd, weight, bias, running_mean, running_var):
            # ATen keeps a half batch's mean and invstd in half (the output is in float), but in
            # float32 when the parameters are float32 (``param_t`` of the mixed-type kernel)
            mean = mean.astype(np.float16).astype(np.float64)
            rstd = rstd.astype(np.float16).astype(np.float64)
    else:
        mean = _arr(running_mean._data).astype(np.float64).reshape(cshape)
        rstd = 1.0 / np.sqrt(_arr(running_var._data).astype(np.float64).reshape(cshape) + eps)
    if native is None:
        y = (xd - mean) * rstd
        if weight is not None:
            y = y * _arr(weight._data).reshape(cshape)
        if bias is not None:
            y = y + _arr(bias._data).reshape(cshape)
    data = legacy_contiguous(y.astype(dt, copy=False), xd)  # (ATen: empty_like(input, suggested format))
    if needs_grad(input, weight, bias):
        node = NativeBatchNormBackward0((input, weight, bias))
        node.axes, node.eps, node.training, node.cshape = axes, eps, use_batch, cshape
        node.mean = _make(mean.astype(dt))
        if native is not None and not use_batch:  # ATen's backward: ``1 / sqrt(running_var + eps)`` in double
            rstd = 1.0 / np.sqrt(_arr(running_var._data).astype(np.float64).reshape(cshape) + eps)
        node.rstd = _make(rstd.astype(dt))
        node.stats32 = (mean.astype(np.float32), rstd.astype(np.float32)) if dt == np.float16 else None
        node.save(input, weight)
        return finish(data, node)
    return _make(data)


def _batch_norm_rare_checks(input, xd, running_mean, running_var, weight, bias, training):
    """ATen's ``_batch_norm_impl_index`` checks for the uncommon cases (input below 2-D, an
    empty input, a missing running stat): an empty input returns ``input.clone()`` scaled by
    ``weight[0]`` and shifted by ``bias[0]`` unchecked; otherwise the running stats must be
    defined in evaluation mode and every given vector must hold ``size(1)`` elements (0 for an
    input below 2-D, as the CPU build reads it), before the kernel's ``size(1)`` fails."""
    nd = xd.ndim
    c = xd.shape[1] if nd >= 2 else 0
    if xd.size == 0:
        out = input.clone()
        if weight is not None:   # (ATen's ``weight.select(0, 0)``: its message for an empty weight)
            out = out * weight.select(0, 0)
        if bias is not None:
            out = out + bias.select(0, 0)
        return out
    for name, t in (("running_mean", running_mean), ("running_var", running_var)):
        if t is not None:
            if t.numel() != c:
                raise RuntimeError(f"{name} should contain {c} elements not {t.numel()}")
        elif not training:
            raise RuntimeError(f"{name} must be defined in evaluation mode")
    for name, t in (("weight", weight), ("bias", bias)):
        if t is not None and t.numel() != c:
            raise RuntimeError(f"{name} should contain {c} elements not {t.numel()}")
    if nd < 2:
        top = max(nd, 1)
        raise IndexError(f"Dimension out of range (expected to be in range of [{-top}, {top - 1}], but got 1)")
    return None


def _stats_no_grad(running_mean, running_var) -> None:
    """``native_batch_norm`` has no derivative for the running stats (PyTorch's autograd-kernel check)."""
    for name, t in (("running_mean", running_mean), ("running_var", running_var)):
        if t is not None and t.requires_grad and GRAD.enabled:
            raise RuntimeError(f"The function 'native_batch_norm' is not differentiable with respect to argument "
                               f"'{name}'. This input cannot have requires_grad True.")


def _verify_spatial_size(size) -> None:
    """PyTorch's ``_verify_spatial_size``: instance norm needs > 1 spatial element."""
    size_prods = 1
    for s in list(size)[2:]:
        size_prods *= s
    if size_prods == 1:
        raise ValueError(f"Expected more than 1 spatial element when training, got input size {Size(size)}")


def _repeat_stat(t: Tensor | None, b: int, dtype) -> Tensor | None:
    """A running stat repeated per instance, in the parameters' dtype (PyTorch's instance_norm
    accepts running stats of any floating dtype)."""
    if t is None:
        return None
    with no_grad():
        r = t.repeat(b)
        return r if r.dtype == dtype else r.to(dtype)


def instance_norm(input: Tensor, running_mean: Tensor | None = None, running_var: Tensor | None = None,
                  weight: Tensor | None = None, bias: Tensor | None = None, use_input_stats: bool = True,
                  momentum: float = 0.1, eps: float = 1e-5) -> Tensor:
    """``torch.nn.functional.instance_norm`` as ATen computes it.

    Batch norm on the ``(1, N*C, *)`` view with repeated weight/bias/running stats
    (graph ``ViewBackward0 <- NativeBatchNormBackward0``); afterwards the running
    stats receive the mean over the batch of the per-instance updates.  With
    ``use_input_stats=False`` the running stats normalise the input.
    """
    if input.__class__ is not Tensor and not isinstance(input, Tensor):  # (PyTorch's Python code: ``input.size()``)
        raise AttributeError(f"'{type(input).__name__}' object has no attribute 'size'")
    if use_input_stats:
        _verify_spatial_size(input.shape)
    if not use_input_stats and (running_mean is None or running_var is None):
        raise RuntimeError("Expected running_mean and running_var to be defined when use_input_stats is false")
    _require_floating(input, "batch_norm")
    _check_mixed_dtypes(input, (weight, bias), (weight, bias))
    _stats_no_grad(running_mean, running_var)
    shape = tuple(input.shape)
    b, c = shape[0], shape[1]
    stat_dtype = weight.dtype if weight is not None else (bias.dtype if bias is not None else input.dtype)
    rm = _repeat_stat(running_mean, b, stat_dtype)
    rv = _repeat_stat(running_var, b, stat_dtype)
    w = weight.repeat(b) if weight is not None else None
    bi = bias.repeat(b) if bias is not None else None
    x = input.contiguous().view((1, b * c) + shape[2:])
    out = batch_norm(x, rm, rv, w, bi, use_input_stats, momentum, eps)
    with no_grad():
        if running_mean is not None:
            running_mean.copy_(rm.view(b, c).mean(0))
        if running_var is not None:
            running_var.copy_(rv.view(b, c).mean(0))
    return out.view(shape)


class NativeGroupNormBackward0(Node):
    __slots__ = ("groups", "eps", "mean", "rstd")

    def backward(self, g):
        x, w = self.saved()
        e = self._edges
        shape = x._data.shape
        n, c = shape[0], shape[1]
        G = self.groups
        if not GRAD.enabled:  # ATen's own kernel (and rounding) for float32/float64 inputs
            exact = self._exact(g, x, w, e)
            if exact is not None:
                return exact
        gshape = (n, G, x._data.size // (n * G) if n else 0)
        xg = x.reshape(gshape)
        if GRAD.enabled:
            mu = xg.mean(2, keepdim=True)
            xc = xg - mu
            rstd = ((xc * xc).mean(2, keepdim=True) + self.eps).rsqrt()
        else:
            mu, rstd = self.mean, self.rstd
            xc = xg - mu
        xhat = (xc * rstd).reshape(shape)
        cshape = (1, c) + (1,) * (len(shape) - 2)
        red = (0,) + tuple(range(2, len(shape)))
        gx = gw = gb = None
        if e[0] is not None:
            gh = g * w.reshape(cshape) if w is not None else g
            ghg = gh.reshape(gshape)
            xhg = xhat.reshape(gshape)
            gx = (rstd * (ghg - ghg.mean(2, keepdim=True) - xhg * (ghg * xhg).mean(2, keepdim=True))).reshape(shape)
        if e[1] is not None:
            gw = (g * xhat).sum(red)
        if e[2] is not None:
            gb = g.sum(red)
        return gx, gw, gb

    def _exact(self, g, x, w, e):
        """``_group_norm_backward.group_norm_backward`` (ATen's kernel) for float32/float64 NumPy operands of
        at most ``_EXACT_NORM_MAX`` elements, else None."""
        xd, gd = _arr(x._data), _arr(g._data)
        wd = _arr(w._data) if w is not None else None
        if xd.__class__ is not np.ndarray or gd.__class__ is not np.ndarray or xd.dtype not in (np.float32, np.float64) \
                or gd.dtype != xd.dtype or not 0 < xd.size <= _EXACT_NORM_MAX or gd.shape != xd.shape \
                or (wd is not None and (wd.__class__ is not np.ndarray or wd.dtype != xd.dtype)) \
                or self.mean is None or self.rstd is None:
            return None
        from ._group_norm_backward import group_norm_backward
        mean, rstd = _arr(self.mean._data), _arr(self.rstd._data)
        dx, dw, db = group_norm_backward(np.ascontiguousarray(gd), np.ascontiguousarray(xd), mean, rstd,
                                         None if wd is None else wd.reshape(-1), self.groups,
                                         e[0] is not None, e[1] is not None, e[2] is not None)
        return tuple(None if a is None else _make(a) for a in (dx, dw, db))


def group_norm(input: Tensor, num_groups: int, weight: Optional[Tensor] = None, bias: Optional[Tensor] = None,
               eps: float = 1e-5) -> Tensor:
    """Group normalisation (``NativeGroupNormBackward0``): ``F.group_norm``'s Python checks, then
    ATen's ``group_norm``."""
    if input.__class__ is not Tensor or not isinstance(weight, (Tensor, type(None))) \
            or not isinstance(bias, (Tensor, type(None))):  # (PyTorch's Python checks, then its argument errors)
        if not isinstance(input, Tensor):
            raise AttributeError(f"'{type(input).__name__}' object has no attribute 'dim'")
        check_tensor_args("group_norm", (("weight", 3, weight, True), ("bias", 4, bias, True)))
    shape = input._data.shape
    if len(shape) < 2:
        raise RuntimeError(f"Expected at least 2 dimensions for input tensor but received {len(shape)}")
    # ``_verify_batch_size([N * C // num_groups, num_groups] + spatial)`` (a list, printed as one)
    size = [shape[0] * shape[1] // num_groups, num_groups] + list(shape[2:])
    prod = size[0]
    for s in shape[2:]:
        prod *= s
    if prod == 1:
        raise ValueError(f"Expected more than 1 value per channel when training, got input size {size}")
    return _group_norm(input, num_groups, weight, bias, eps)


def _native_group_norm(xd, groups: int, weight, bias, eps: float):
    """ATen's CPU ``GroupNormKernelImplInternal`` (contiguous input) for a float32/float64 NumPy input of
    at most ``_EXACT_NORM_MAX`` elements, or None for other inputs.

    Per ``(n, group)`` row: ``RowwiseMoments`` (``_moments.rowwise_moments``), then
    ``rstd = 1 / sqrt(max(var, 0) + eps)`` with ``eps`` a double (so in float64, rounded once to the
    input dtype).  Without weight and bias ``y = (x - mean) * rstd``; with either, per channel
    ``scale = rstd * gamma``, ``bias = fma(-scale, mean, beta)`` and ``y = fma(scale, x, bias)`` (the
    scalar loops as GCC contracts them; measured against PyTorch 2.13).  Returns ``(y, mean, rstd)``
    with ``mean``/``rstd`` shaped ``(N, G, 1)``.
    """
    if not (_norm_operands_ok(xd, weight, bias) and xd.size <= _EXACT_NORM_MAX):
        return None
    from ._moments import fma, rowwise_moments
    dt = xd.dtype.type
    n, c = xd.shape[0], xd.shape[1]
    d = c // groups
    x2 = xd.reshape(n * groups, -1)
    with np.errstate(all="ignore"):
        mean, var = rowwise_moments(x2)
        rstd = (1.0 / np.sqrt(np.maximum(var, dt(0)).astype(np.float64) + eps)).astype(xd.dtype)
        if weight is None and bias is None:
            y = (x2 - mean[:, None]) * rstd[:, None]
        else:
            gam = _arr(weight._data).reshape(1, groups, d) if weight is not None else dt(1)
            bet = _arr(bias._data).reshape(1, groups, d) if bias is not None else dt(0)
            scale = rstd.reshape(n, groups, 1) * gam
            scale = np.broadcast_to(scale, (n, groups, d))
            shift = fma(-scale, np.broadcast_to(mean.reshape(n, groups, 1), scale.shape),
                        np.broadcast_to(bet, scale.shape), xd.dtype)
            xs = xd.reshape(n, groups, d, -1)
            y = fma(np.broadcast_to(scale[..., None], xs.shape), xs,
                    np.broadcast_to(shift[..., None], xs.shape), xd.dtype)
    return y.reshape(xd.shape), mean.reshape(n, groups, 1), rstd.reshape(n, groups, 1)


def _group_norm(input: Tensor, num_groups: int, weight: Optional[Tensor] = None, bias: Optional[Tensor] = None,
                eps: float = 1e-5) -> Tensor:
    """ATen's ``group_norm`` (``torch.group_norm``)."""
    xd = _arr(input._data)
    if xd.ndim < 2:
        top = max(xd.ndim, 1)
        raise IndexError(f"Dimension out of range (expected to be in range of [{-top}, {top - 1}], but got 1)")
    n, c = xd.shape[0], xd.shape[1]
    if num_groups <= 0:
        raise RuntimeError(f"Expected num groups to be greater than 0, got {num_groups}")
    if c % num_groups != 0:
        raise RuntimeError(
            f"Expected number of channels in input to be divisible by num_groups, but got input of shape "
            f"{list(xd.shape)} and num_groups={num_groups}"
        )
    for name, t in (("weight", weight), ("bias", bias)):
        if t is not None and (t.dim() != 1 or t.numel() != c):
            # ATen prints the weight's shape in the bias message too ([0] when there is no weight)
            shown = list(weight.shape) if weight is not None else [0]
            raise RuntimeError(
                f"Expected {name} to be a vector of size equal to the number of channels in input, but got {name} "
                f"of shape {shown} and input of shape {list(xd.shape)}"
            )
    _check_mixed_dtypes(input, (weight, bias), (weight, bias))
    _require_floating(input, "GroupNormKernelImpl")
    dt = xd.dtype
    xg = xd.reshape(n, num_groups, xd.size // (n * num_groups) if n else 0)
    native = _native_group_norm(xd, num_groups, weight, bias, eps)
    if native is not None:
        data, mean, rstd = native
    else:
        if xd.size == 0:
            mean = np.zeros((n, num_groups, 1))
            rstd = np.zeros((n, num_groups, 1))
        else:
            mean, _var, rstd = _stats(xg, (2,), eps)
        y = ((xg - mean) * rstd).reshape(xd.shape)
        cshape = (1, c) + (1,) * (xd.ndim - 2)
        if weight is not None:
            y = y * _arr(weight._data).reshape(cshape)
        if bias is not None:
            y = y + _arr(bias._data).reshape(cshape)
        data = y.astype(dt)
    data = legacy_contiguous(data, xd)  # (ATen: empty_like(X, X.suggest_memory_format()))
    if needs_grad(input, weight, bias):
        node = NativeGroupNormBackward0((input, weight, bias))
        node.groups, node.eps = num_groups, eps
        node.mean = _make(mean.astype(dt))
        node.rstd = _make(rstd.astype(dt))
        node.save(input, weight)
        return finish(data, node)
    return _make(data)


# ====================================================================== cat
class CatBackward0(Node):
    __slots__ = ("dim", "sizes")

    def backward(self, g):
        outs = []
        start = 0
        for s, e in zip(self.sizes, self._edges):
            if e is None:
                outs.append(None)
            else:
                idx = [slice(None)] * g.dim()
                idx[self.dim] = slice(start, start + s)
                outs.append(g[tuple(idx)])
            start += s
        return tuple(outs)


def _cat(tensors, dim: int = 0) -> Tensor:
    """Concatenate (uses ``ember.cat`` when available)."""
    fn = None
    try:
        from ...ops import shape_ext
        fn = getattr(shape_ext, "cat", None)
    except ImportError:
        fn = None
    if fn is not None:
        return fn(list(tensors), dim)
    tensors = list(tensors)
    nd = tensors[0].dim()
    dim = dim % nd if nd else 0
    data = np.concatenate([_arr(t._data) for t in tensors], axis=dim)
    if needs_grad(*tensors):
        node = CatBackward0(tuple(tensors))
        node.dim = dim
        node.sizes = [t._data.shape[dim] for t in tensors]
        return finish(data, node)
    return _make(data)


def _refuse_avg_pool3d_dtype(x: Tensor) -> None:
    """PyTorch's LRN pools 4-D and larger inputs with ``avg_pool3d``, whose CPU kernel takes
    float32, float64 and int64 only."""
    dt = x._data.dtype
    if dt in (np.float32, np.float64, np.int64):
        return
    raise NotImplementedError(f"\"avg_pool3d_out_frame\" not implemented for '{_word(x)}'")


def local_response_norm(input: Tensor, size: int, alpha: float = 1e-4, beta: float = 0.75, k: float = 1.0) -> Tensor:
    """``x / (k + alpha * mean of x^2 over size neighbouring channels) ** beta`` (PyTorch's composite:
    the channel window is an average pool over the zero-padded squares; the graph ends in ``DivBackward0``)."""
    from .pooling import avg_pool2d
    from .. import functional as F
    dim = input.dim()
    if dim < 3:
        # PyTorch's message, with the run of spaces its source's line continuation leaves in it
        raise ValueError(f"Expected 3D or higher dimensionality{' ' * 26}input (got {dim} dimensions)")
    if input.numel() == 0:
        return input
    div = input.mul(input)
    sizes = tuple(input.shape)
    if dim > 3:
        _refuse_avg_pool3d_dtype(div)
    if dim == 3:
        div = div.unsqueeze(1)
    else:
        div = div.view(sizes[0], 1, sizes[1], -1)  # channels as rows, all spatial positions as columns
    div = F.pad(div, (0, 0, size // 2, (size - 1) // 2))
    div = avg_pool2d(div, (size, 1), stride=1).squeeze(1)
    if dim > 3:
        div = div.view(sizes)
    div = div.mul(alpha).add(k).pow(beta)
    return input / div
