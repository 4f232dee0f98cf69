"""Complex-number views and constructors: ``view_as_real``, ``view_as_complex``, ``imag``,
``complex`` and ``polar`` (plus the ``Tensor.real`` / ``Tensor.imag`` properties with setters).

As in PyTorch, ``view_as_real`` and ``view_as_complex`` are views sharing storage with their input,
and ``real`` / ``imag`` of a complex tensor are ``select(view_as_real(x), -1, 0 / 1)``, so their
``grad_fn`` is ``SelectBackward0`` over ``ViewAsRealBackward0`` and in-place changes write through.
"""
from __future__ import annotations

import numpy as np

from ._common import scalar_out as _out, GRAD, Node, Tensor, _make, broadcast_error, finish, saved_output, unpack_output, write_out
from .shape import make_view
from ._common import NP_UNSET as _NP_UNSET, numpy_dim_names as _numpy_dim_names

_ndarray = np.ndarray
_FLOATS = frozenset({np.dtype(np.float16), np.dtype(np.float32), np.dtype(np.float64)})
_COMPLEX_OF = {np.dtype(np.float32): np.dtype(np.complex64), np.dtype(np.float64): np.dtype(np.complex128)}


def _arr(x: Tensor):
    d = x._data
    return d if d.__class__ is _ndarray else np.asarray(d)


def _scalar_type(d) -> str:
    """PyTorch's ``ScalarType`` name of an array's dtype (``Float``, ``Long``, ``ComplexFloat`` ...)."""
    from .reduction_ext import _tname
    return _tname(d)


def _require_tensor(fn: str, arg: str, pos: int, value) -> None:
    """PyTorch's argument-parser ``TypeError`` for a non-tensor argument."""
    if not isinstance(value, Tensor):
        raise TypeError(f"{fn}(): argument '{arg}' (position {pos}) must be Tensor, not {type(value).__name__}")


def _no_complex32() -> RuntimeError:
    return RuntimeError("ember has no complex32 (ComplexHalf) dtype: PyTorch would return a complex32 tensor here")


# ------------------------------------------------------------------ view_as_real / view_as_complex
class ViewAsRealBackward0(Node):
    """PyTorch: ``self: at::view_as_complex(grad.contiguous())``."""

    __slots__ = ()

    def backward(self, g):
        from .convert import contiguous
        return (view_as_complex(contiguous(g)),)


class ViewAsComplexBackward0(Node):
    """PyTorch: ``self: at::view_as_real(grad.contiguous().resolve_conj())``."""

    __slots__ = ()

    def backward(self, g):
        from .convert import contiguous
        return (view_as_real(contiguous(g)),)


def _real_pairs(d):
    """A float view of a complex array with a trailing axis of 2 (real, imag), sharing memory."""
    r = d.real
    return np.lib.stride_tricks.as_strided(r, d.shape + (2,), r.strides + (r.itemsize,))


def view_as_real(input: Tensor) -> Tensor:
    """``torch.view_as_real``: a float view of a complex tensor with a last dimension of size 2;
    raises PyTorch's error for non-complex input."""
    d = _arr(input)
    if d.dtype.kind != "c":
        raise RuntimeError("view_as_real is only supported for complex tensors")
    if input._data.__class__ is not _ndarray and isinstance(input._data, np.generic):
        input._data = d  # a 0-d tensor held as a NumPy scalar gets an array storage the view can share
    node = ViewAsRealBackward0((input,)) if GRAD.enabled and input._rg else None
    return make_view(input, _real_pairs(d), node, view_as_real)


def _check_view_as_complex(x: Tensor, d) -> None:
    """The checks (and messages) of PyTorch's ``view_as_complex``, in its order."""
    if d.dtype not in _FLOATS:
        raise RuntimeError("view_as_complex is only supported for half, float and double tensors, but got a tensor "
                           f"of scalar type: {_scalar_type(d)}")
    if d.ndim == 0:
        raise RuntimeError("Input tensor must have one or more dimensions")
    if d.shape[-1] != 2:
        raise RuntimeError("Tensor must have a last dimension of size 2")
    strides = x.stride()
    if strides[-1] != 1:
        raise RuntimeError("Tensor must have a last dimension with stride 1")
    if any(s % 2 for s in strides[:-1]):
        raise RuntimeError("Tensor must have a stride divisible by 2 for all but last dimension")
    if x.storage_offset() % 2:
        raise RuntimeError("Tensor must have a storage_offset divisible by 2")
    if d.dtype not in _COMPLEX_OF:
        raise _no_complex32()


def _complex_of_pairs(d):
    """The complex view of a float array whose last axis (size 2) is contiguous."""
    c = _COMPLEX_OF[d.dtype]
    if d.strides[-1] != d.itemsize:  # a size-0 array may report any stride
        d = np.ascontiguousarray(d)
    return d.view(c)[..., 0]


def view_as_complex(input: Tensor) -> Tensor:
    """``torch.view_as_complex``: a complex view of a float tensor whose last dimension has size 2 and
    stride 1 (other strides and the storage offset even), with PyTorch's errors otherwise."""
    d = _arr(input)
    _check_view_as_complex(input, d)
    node = ViewAsComplexBackward0((input,)) if GRAD.enabled and input._rg else None
    return make_view(input, _complex_of_pairs(d), node, view_as_complex)


# ------------------------------------------------------------------ real / imag
def imag(input: Tensor) -> Tensor:
    """``torch.imag``: the imaginary part of a complex tensor as a view
    (PyTorch: ``select(view_as_real(x), -1, 1)``); an error for non-complex tensors."""
    if _arr(input).dtype.kind != "c":
        raise RuntimeError("imag is not implemented for tensors with non-complex dtypes.")
    from .shape_ext import select
    return select(view_as_real(input), -1, 1)


def _assign_part(self: Tensor, part, value) -> None:
    """``x.real = v`` / ``x.imag = v``: PyTorch copies ``v`` into the view ``part(x)``."""
    part(self).copy_(value)


def _real(input: Tensor) -> Tensor:
    from .tensor_extras import real
    return real(input)


def _set_real(self: Tensor, value) -> None:
    """Setter of ``Tensor.real`` (PyTorch: ``self.real.copy_(value)``; ``self`` itself when real)."""
    _assign_part(self, _real, value)


def _set_imag(self: Tensor, value) -> None:
    """Setter of ``Tensor.imag`` (PyTorch: ``self.imag.copy_(value)``)."""
    _assign_part(self, imag, value)


# ------------------------------------------------------------------ complex / polar
def _check_float_pair(a, b) -> None:
    """PyTorch's ``complex_check_dtype``: both Half/Float/Double, and the same dtype."""
    if a.dtype not in _FLOATS or b.dtype not in _FLOATS:
        raise RuntimeError(f"Expected both inputs to be Half, Float or Double tensors but got {_scalar_type(a)} and "
                           f"{_scalar_type(b)}")
    if a.dtype != b.dtype:
        raise RuntimeError(f"Expected object of scalar type {_scalar_type(a)} but got scalar type {_scalar_type(b)} "
                           "for second argument")


def _broadcast_pair(a, b):
    try:
        return np.broadcast_arrays(a, b)
    except ValueError:
        raise broadcast_error(a.shape, b.shape) from None


class ComplexBackward0(Node):
    """PyTorch: ``real: at::real(grad)``, ``imag: at::imag(grad)``."""

    __slots__ = ()

    def backward(self, g):
        gr = _real(g) if self._edges[0] is not None else None
        gi = imag(g) if self._edges[1] is not None else None
        return gr, gi


def complex(real: Tensor, imag: Tensor, *, out=None) -> Tensor:
    """``torch.complex``: ``real + 1j * imag`` for two float tensors of the same dtype (broadcast),
    complex64 from float32 and complex128 from float64, with PyTorch's dtype errors."""
    _require_tensor("complex", "real", 1, real)
    _require_tensor("complex", "imag", 2, imag)
    a, b = _arr(real), _arr(imag)
    _check_float_pair(a, b)
    if a.dtype not in _COMPLEX_OF:
        raise _no_complex32()
    a, b = _broadcast_pair(a, b)
    data = np.empty(a.shape, _COMPLEX_OF[a.dtype])
    data.real, data.imag = a, b
    node = ComplexBackward0((real, imag)) if GRAD.enabled and (real._rg or imag._rg) else None
    if out is not None and isinstance(out, Tensor) and out._data.dtype != data.dtype:  # (no cast into out)
        words = {np.dtype(np.complex64): "ComplexFloat", np.dtype(np.complex128): "ComplexDouble"}
        raise RuntimeError(f"Expected object of scalar type {words.get(data.dtype)} but got scalar type "
                           f"{words.get(out._data.dtype, out.dtype)} for argument 'out'")
    return write_out(out, finish(_out(data), node))


def _sgn_differentiable(r: Tensor) -> Tensor:
    """``sgn(r)`` (0 where ``r == 0``) from ops whose complex derivatives ember verifies, so that
    double backward through ``polar`` works: ``r / (|r| + m) * (1 - m)`` with ``m = (r == 0)``."""
    a = r.abs()
    m = (a == 0).to(a.dtype)
    return r / (a + m) * (1 - m)


class PolarBackward0(Node):
    """PyTorch's ``polar_backward``: ``abs: real(conj(grad) * sgn(result))`` and
    ``angle: real(conj(grad) * (result * 1j))``."""

    __slots__ = ()

    def backward(self, g):
        from .tensor_extras import conj
        r = unpack_output(self, self.saved()[0])
        gc = conj(g)
        ga = _real(gc * _sgn_differentiable(r)) if self._edges[0] is not None else None
        gt = _real(gc * (r * 1j)) if self._edges[1] is not None else None
        return ga, gt


def polar(abs: Tensor, angle: Tensor, *, out=None) -> Tensor:
    """``torch.polar``: ``abs * (cos(angle) + 1j * sin(angle))`` for two float tensors of the same
    dtype (broadcast), with PyTorch's dtype errors; recorded as ``PolarBackward0``."""
    _require_tensor("polar", "abs", 1, abs)
    _require_tensor("polar", "angle", 2, angle)
    a, t = _arr(abs), _arr(angle)
    _check_float_pair(a, t)
    if a.dtype not in _COMPLEX_OF:
        raise NotImplementedError("\"polar_cpu\" not implemented for 'Half'")
    a, t = _broadcast_pair(a, t)
    data = np.empty(a.shape, _COMPLEX_OF[a.dtype])
    data.real, data.imag = a * np.cos(t), a * np.sin(t)
    if not (GRAD.enabled and (abs._rg or angle._rg)):
        return write_out(out, _make(_out(data)))
    node = PolarBackward0((abs, angle))
    res = finish(_out(data), node)
    node.save(saved_output(node, res))
    return write_out(out, res)


def _real_property():
    from .tensor_extras import real
    return property(real, _set_real, doc="``Tensor.real``: the real part (a view for complex tensors), settable.")


TENSOR_METHODS = {
    "imag": property(imag, _set_imag, doc="``Tensor.imag``: the imaginary part of a complex tensor (a view), "
                                          "settable like PyTorch's."),
    "real": _real_property(),
}


def norm_except_dim(v: Tensor, pow: float = 2, dim: int = 0, *, axis=_NP_UNSET) -> Tensor:
    """``torch.norm_except_dim``: the ``pow``-norm over every dim but ``dim`` (``dim=-1``: the whole norm)."""
    if axis is not _NP_UNSET:
        dim, _ = _numpy_dim_names("norm_except_dim", dim, None, axis, _NP_UNSET, 0)
    if dim == -1:
        return v.norm(pow)
    if dim == 0:
        shape = [1] * v.dim()
        shape[0] = v.size(0)
        return v.contiguous().view(v.size(0), -1).norm(pow, 1).view(shape)
    if dim == v.dim() - 1:
        shape = [1] * v.dim()
        shape[-1] = v.size(-1)
        return v.contiguous().view(-1, v.size(-1)).norm(pow, 0).view(shape)
    return norm_except_dim(v.transpose(0, dim), pow, 0).transpose(0, dim)


def is_distributed(input: Tensor) -> bool:
    """``torch.is_distributed``: False (ember tensors are never distributed)."""
    return False


def cudnn_is_acceptable(input: Tensor) -> bool:
    """``torch.cudnn_is_acceptable``: False (no cuDNN)."""
    return False


def is_vulkan_available() -> bool:
    """``torch.is_vulkan_available``: False."""
    return False
