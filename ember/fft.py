"""``torch.fft``: discrete Fourier transforms, sample frequencies and shifts.

Mirrors PyTorch 2.13's ``torch.fft`` (``aten/src/ATen/native/SpectralOps.cpp``):
every transform is built, as in PyTorch, from three primitives, each with
PyTorch's node and ``derivatives.yaml`` formula:

* ``_fft_r2c`` (``FftR2CBackward0``): real -> complex, one-sided or full;
  backward ``fft_r2c_backward``: zero-fill the missing half, inverse C2C,
  real part;
* ``_fft_c2r`` (``FftC2RBackward0``): one-sided Hermitian -> real; backward
  ``fft_c2r_backward``: R2C, then double the entries whose mirror image
  lies outside the one-sided range;
* ``_fft_c2c`` (``FftC2CBackward0``): backward is the C2C transform in the
  other direction with the same normalization.

Backward formulas are written with these primitives and ember tensor ops, so
``create_graph=True`` works.  The public functions follow PyTorch's
argument handling: dtype promotion (integers -> default float, float16 ->
``Unsupported dtype Half``), ``n``/``s`` zero-padding (``ConstantPadNdBackward0``)
or truncation (``SliceBackward0``), ``norm`` modes, ``out=`` checks and error
messages.  The kernels are NumPy's ``numpy.fft`` (pocketfft) in the input's
precision.

Differences from PyTorch: real inputs promoted to complex are converted
inside the primitive (PyTorch records a ``ToCopyBackward0`` node first, so
``next_functions`` differ); ``ifft``/``ihfft`` of a real tensor that requires
grad with ``out=`` write ``out`` without a ``grad_fn`` (PyTorch attaches a
``NotImplemented`` node); ``ihfftn`` over one dim with ``out=`` writes the
result (PyTorch leaves ``out`` untouched); transforms of tensors with a
zero-size batch dimension return an empty result (PyTorch's MKL raises).
"""
from __future__ import annotations

from typing import Optional, Sequence, Union

import numpy as np

from . import _dtype as D
from .ops._common import Node, Tensor, _make, finish, needs_grad, write_out
from .ops._common import NP_UNSET as _NP_UNSET, numpy_dim_names as _numpy_dim_names
from .ops.reduction_ext import _tname
from .ops.tensor_extras import conj as _conj, real as _real

__all__ = ["fft", "ifft", "rfft", "irfft", "hfft", "ihfft", "fft2", "ifft2", "rfft2", "irfft2",
           "hfft2", "ihfft2", "fftn", "ifftn", "rfftn", "irfftn", "hfftn", "ihfftn",
           "fftfreq", "rfftfreq", "fftshift", "ifftshift"]

_NONE, _BY_ROOT_N, _BY_N = 0, 1, 2  # PyTorch's fft_norm_mode
_Dims = Union[int, Sequence[int]]


# ------------------------------------------------------------------ helpers
def _norm_mode(norm: Optional[str], forward: bool) -> int:
    """``norm_from_string``: NumPy's direction-relative names -> scaling mode."""
    if norm is None or norm == "backward":
        return _NONE if forward else _BY_N
    if norm == "forward":
        return _BY_N if forward else _NONE
    if norm == "ortho":
        return _BY_ROOT_N
    raise RuntimeError(f'Invalid normalization mode: "{norm}"')


def _np_norm(mode: int, forward: bool) -> str:
    """The ``numpy.fft`` ``norm`` string giving scaling ``mode`` in this direction."""
    if mode == _BY_ROOT_N:
        return "ortho"
    return ("backward" if mode == _NONE else "forward") if forward else ("forward" if mode == _NONE else "backward")


def _complex_of(dt: np.dtype) -> np.dtype:
    return np.dtype(np.complex128) if dt in (np.float64, np.complex128) else np.dtype(np.complex64)


def _real_of(dt: np.dtype) -> np.dtype:
    return np.dtype(np.float64) if dt in (np.float64, np.complex128) else np.dtype(np.float32)


def _check_tensor(fname: str, input) -> None:
    if not isinstance(input, Tensor):
        raise TypeError(f"fft_{fname}(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}")


def _promote(x: Tensor, require_complex: bool) -> Tensor:
    """``promote_tensor_fft``: integers/bool -> default float; only float32/64 (and complex) allowed."""
    d = x._data
    if d.dtype.kind == "c":
        return x
    if d.dtype.kind in "biu":
        return _make(d.astype(D._default.value.np))
    if d.dtype not in (np.float32, np.float64):
        raise RuntimeError(f"Unsupported dtype {_tname(d)}")
    return x  # real -> complex promotion happens inside the primitives


def _wrap(dim: int, ndim: int) -> int:
    """``maybe_wrap_dim(..., wrap_scalar=false)``."""
    if ndim == 0:
        raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")
    if not -ndim <= dim < ndim:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-ndim}, {ndim - 1}], but got {dim})")
    return dim + ndim if dim < 0 else dim


def _check_int(fname: str, name: str, v) -> None:
    if isinstance(v, bool) or not isinstance(v, (int, np.integer)):
        raise TypeError(f"fft_{fname}(): argument '{name}' must be int, not {type(v).__name__}")


def _check_n(n: int) -> None:
    if n < 1:
        raise RuntimeError(f"Invalid number of data points ({n}) specified")


def _resize(x: Tensor, dims: Sequence[int], sizes: Sequence[int]) -> Tensor:
    """``resize_fft_input``: slice (``SliceBackward0``) or zero-pad (``ConstantPadNdBackward0``)."""
    pads = [0] * (2 * x.dim())
    must_pad = False
    for d, n in zip(dims, sizes):
        cur = x.shape[d]
        if cur > n:
            x = x.narrow(d, 0, n)
        elif cur < n:
            must_pad = True
            pads[len(pads) - 2 * d - 1] = n - cur
    if must_pad:
        from .nn.functional import pad
        x = pad(x, tuple(pads))
    return x


def _out_check(fname: str, out, want_complex: bool) -> None:
    if out is None:
        return
    kind = out._data.dtype.kind
    if want_complex and kind != "c":
        raise RuntimeError(f"{fname} expects a complex output tensor, but got {_tname(out._data)}")
    if not want_complex and kind != "f":
        raise RuntimeError(f"{fname} expects a floating point output tensor, but got {_tname(out._data)}")


def _out_grad_check(prim: str, x: Tensor, out) -> None:
    if out is not None and needs_grad(x):
        raise RuntimeError(f"{prim}(): functions with out=... arguments don't support automatic differentiation, "
                           "but one of the arguments requires grad.")


# ---------------------------------------------------------------- kernels
def _c2c_np(a: np.ndarray, dims: tuple, mode: int, forward: bool) -> np.ndarray:
    a = a.astype(_complex_of(a.dtype), copy=False)
    if not dims:
        return a.copy()
    f = np.fft.fftn if forward else np.fft.ifftn
    return f(a, axes=dims, norm=_np_norm(mode, forward)).astype(a.dtype, copy=False)


def _r2c_np(a: np.ndarray, dims: tuple, mode: int, onesided: bool) -> np.ndarray:
    if not onesided and len(dims) == 1 and a.shape[dims[0]] > 2:
        # PyTorch computes the one-sided half and fills the rest with its conjugates
        # (``_fft_fill_with_conjugate_symmetry_``), so e.g. a mirrored ``+0j`` reads ``-0j``.
        d, n = dims[0], a.shape[dims[0]]
        half = np.fft.rfftn(a, axes=dims, norm=_np_norm(mode, True)).astype(_complex_of(a.dtype), copy=False)
        mirror = np.conj(np.flip(np.take(half, np.arange(1, n - half.shape[d] + 1), axis=d), axis=d))
        return np.concatenate([half, mirror], axis=d)
    f = np.fft.rfftn if onesided else np.fft.fftn
    return f(a, axes=dims, norm=_np_norm(mode, True)).astype(_complex_of(a.dtype), copy=False)


def _c2r_np(a: np.ndarray, dims: tuple, mode: int, last: int) -> np.ndarray:
    a = a.astype(_complex_of(a.dtype), copy=False)
    s = [a.shape[d] for d in dims[:-1]] + [last]
    return np.fft.irfftn(a, s=s, axes=dims, norm=_np_norm(mode, False)).astype(_real_of(a.dtype), copy=False)


# ---------------------------------------------------- autograd primitives
def _to_input_kind(node: Node, g: Tensor) -> Tensor:
    """Gradient of a real input that the primitive promoted to complex: its real part."""
    meta = node._meta[0]
    if meta is not None and meta[1].kind != "c" and g._data.dtype.kind == "c":
        return _real(g)
    return g


class FftR2CBackward0(Node):
    __slots__ = ("dims", "mode", "onesided", "last_size")

    def backward(self, g):
        last = self.dims[-1]
        if self.onesided and self.last_size > g.shape[last]:
            g = _resize(g, (last,), (self.last_size,))
        return (_real(_fft_c2c(g, self.dims, self.mode, False)),)


class FftC2RBackward0(Node):
    __slots__ = ("dims", "mode")

    def backward(self, g):
        last = self.dims[-1]
        gi = _fft_r2c(g, self.dims, self.mode, True)
        double = g.shape[last] - gi.shape[last]
        if double > 0:
            w = np.ones(gi.shape[last], dtype=_real_of(gi._data.dtype))
            w[1:1 + double] = 2
            gi = gi * _make(w.reshape((-1,) + (1,) * (gi.dim() - 1 - last)))
        return (_to_input_kind(self, gi),)


class FftC2CBackward0(Node):
    __slots__ = ("dims", "mode", "forward")

    def backward(self, g):
        return (_to_input_kind(self, _fft_c2c(g, self.dims, self.mode, not self.forward)),)


def _fft_r2c(x: Tensor, dims: tuple, mode: int, onesided: bool) -> Tensor:
    """``torch._fft_r2c``."""
    data = _r2c_np(x._data, dims, mode, onesided)
    node = None
    if needs_grad(x):
        node = FftR2CBackward0((x,))
        node.dims, node.mode, node.onesided, node.last_size = dims, mode, onesided, x.shape[dims[-1]]
    return finish(data, node)


def _fft_c2r(x: Tensor, dims: tuple, mode: int, last_size: int) -> Tensor:
    """``torch._fft_c2r`` (a real ``x`` is read as complex)."""
    data = _c2r_np(x._data, dims, mode, last_size)
    node = None
    if needs_grad(x):
        node = FftC2RBackward0((x,))
        node.dims, node.mode = dims, mode
    return finish(data, node)


def _fft_c2c(x: Tensor, dims: tuple, mode: int, forward: bool) -> Tensor:
    """``torch._fft_c2c`` (a real ``x`` is read as complex)."""
    data = _c2c_np(x._data, dims, mode, forward)
    node = None
    if needs_grad(x):
        node = FftC2CBackward0((x,))
        node.dims, node.mode, node.forward = dims, mode, forward
    return finish(data, node)


# ------------------------------------------------------- one-dimensional
def _r2c_1d(fname, out, x, n, dim, norm, forward, onesided):
    """PyTorch's ``fft_r2c``."""
    if x._data.dtype.kind == "c":
        raise RuntimeError(f"{fname} expects a real input tensor, but got {_tname(x._data)}")
    _out_check(fname, out, True)
    x = _promote(x, False)
    dim = _wrap(dim, x.dim())
    _check_n(x.shape[dim] if n is None else n)
    if n is not None:
        x = _resize(x, (dim,), (n,))
    mode = _norm_mode(norm, forward)
    if forward:
        _out_grad_check("_fft_r2c", x, out)
    ret = _fft_r2c(x, (dim,), mode, onesided)
    if not forward:
        ret = _conj(ret)
    return write_out(out, ret) if out is not None else ret


def _c2r_1d(fname, out, x, n, dim, norm, forward):
    """PyTorch's ``fft_c2r``."""
    _out_check(fname, out, False)
    x = _promote(x, True)
    dim = _wrap(dim, x.dim())
    n = 2 * (x.shape[dim] - 1) if n is None else n
    _check_n(n)
    x = _resize(x, (dim,), (n // 2 + 1,))
    mode = _norm_mode(norm, forward)
    if forward:
        x = _conj(x)
    _out_grad_check("_fft_c2r", x, out)
    return write_out(out, _fft_c2r(x, (dim,), mode, n))


def _c2c_1d(fname, out, x, n, dim, norm, forward):
    """PyTorch's ``fft_c2c``."""
    dim = _wrap(dim, x.dim())
    n = x.shape[dim] if n is None else n
    _check_n(n)
    x = _resize(x, (dim,), (n,))
    mode = _norm_mode(norm, forward)
    _out_check(fname, out, True)
    _out_grad_check("_fft_c2c", x, out)
    return write_out(out, _fft_c2c(x, (dim,), mode, forward))


def _args_1d(fname, input, n, dim):
    _check_tensor(fname, input)
    if n is not None:
        _check_int(fname, "n", n)
    _check_int(fname, "dim", dim)


def fft(input: Tensor, n: Optional[int] = None, dim: int = -1, norm: Optional[str] = None, *,
        out: Optional[Tensor] = None, axis=_NP_UNSET) -> Tensor:
    """``torch.fft.fft``: 1-D DFT (``FftC2CBackward0``; real input: full ``FftR2CBackward0``)."""
    if axis is not _NP_UNSET:
        dim, _ = _numpy_dim_names('fft_fft', dim, None, axis, _NP_UNSET, -1)
    _args_1d("fft", input, n, dim)
    if input._data.dtype.kind == "c":
        return _c2c_1d("fft", out, input, n, dim, norm, True)
    return _r2c_1d("fft", out, input, n, dim, norm, True, False)


def ifft(input: Tensor, n: Optional[int] = None, dim: int = -1, norm: Optional[str] = None, *,
         out: Optional[Tensor] = None, axis=_NP_UNSET) -> Tensor:
    """``torch.fft.ifft``: inverse 1-D DFT (real input: conj of R2C, ``ConjBackward0``)."""
    if axis is not _NP_UNSET:
        dim, _ = _numpy_dim_names('fft_ifft', dim, None, axis, _NP_UNSET, -1)
    _args_1d("ifft", input, n, dim)
    if input._data.dtype.kind == "c":
        return _c2c_1d("ifft", out, input, n, dim, norm, False)
    return _r2c_1d("ifft", out, input, n, dim, norm, False, False)


def rfft(input: Tensor, n: Optional[int] = None, dim: int = -1, norm: Optional[str] = None, *,
         out: Optional[Tensor] = None, axis=_NP_UNSET) -> Tensor:
    """``torch.fft.rfft``: one-sided DFT of a real signal (``FftR2CBackward0``)."""
    if axis is not _NP_UNSET:
        dim, _ = _numpy_dim_names('fft_rfft', dim, None, axis, _NP_UNSET, -1)
    _args_1d("rfft", input, n, dim)
    return _r2c_1d("rfft", out, input, n, dim, norm, True, True)


def irfft(input: Tensor, n: Optional[int] = None, dim: int = -1, norm: Optional[str] = None, *,
          out: Optional[Tensor] = None, axis=_NP_UNSET) -> Tensor:
    """``torch.fft.irfft``: inverse of ``rfft``; output length ``n`` (default ``2*(m-1)``)."""
    if axis is not _NP_UNSET:
        dim, _ = _numpy_dim_names('fft_irfft', dim, None, axis, _NP_UNSET, -1)
    _args_1d("irfft", input, n, dim)
    return _c2r_1d("irfft", out, input, n, dim, norm, False)


def hfft(input: Tensor, n: Optional[int] = None, dim: int = -1, norm: Optional[str] = None, *,
         out: Optional[Tensor] = None, axis=_NP_UNSET) -> Tensor:
    """``torch.fft.hfft``: DFT of a Hermitian one-sided signal (conj, then C2R)."""
    if axis is not _NP_UNSET:
        dim, _ = _numpy_dim_names('fft_hfft', dim, None, axis, _NP_UNSET, -1)
    _args_1d("hfft", input, n, dim)
    return _c2r_1d("hfft", out, input, n, dim, norm, True)


def ihfft(input: Tensor, n: Optional[int] = None, dim: int = -1, norm: Optional[str] = None, *,
          out: Optional[Tensor] = None, axis=_NP_UNSET) -> Tensor:
    """``torch.fft.ihfft``: inverse of ``hfft`` (conj of one-sided R2C, ``ConjBackward0``)."""
    if axis is not _NP_UNSET:
        dim, _ = _numpy_dim_names('fft_ihfft', dim, None, axis, _NP_UNSET, -1)
    _args_1d("ihfft", input, n, dim)
    return _r2c_1d("ihfft", out, input, n, dim, norm, False, True)


# ------------------------------------------------------- n-dimensional
def _int_tuple(v) -> tuple:
    if isinstance(v, (int, np.integer)) and not isinstance(v, bool):
        return (int(v),)
    return tuple(int(i) for i in v)


def _canonicalize(x: Tensor, s, dim) -> tuple:
    """``canonicalize_fft_shape_and_dim_args`` -> ``(shape, dims)``."""
    nd = x.dim()
    dims = None
    if dim is not None:
        dims = tuple(_wrap(d, nd) for d in _int_tuple(dim))
        if len(set(dims)) != len(dims):
            raise RuntimeError("FFT dims must be unique")
    if s is not None:
        s = _int_tuple(s)
        if dims is not None and len(dims) != len(s):
            raise RuntimeError("When given, dim and shape arguments must have the same length")
        if len(s) > nd:
            raise RuntimeError(f"Got shape with {len(s)} values but input tensor only has {nd} dimensions.")
        if dims is None:
            dims = tuple(range(nd - len(s), nd))
        shape = tuple(x.shape[d] if n == -1 else n for d, n in zip(dims, s))
    else:
        if dims is None:
            dims = tuple(range(nd))
        shape = tuple(x.shape[d] for d in dims)
    for n in shape:
        _check_n(n)
    return shape, dims


def _check_dim2(fname: str, dim) -> None:
    if dim is None:
        raise TypeError(f"fft_{fname}(): argument 'dim' must be tuple of ints, not NoneType")


def _c2c_nd(fname, out, x, s, dim, norm, forward):
    """PyTorch's ``fft_fftn``/``fft_ifftn`` (``fftn_c2c``)."""
    shape, dims = _canonicalize(x, s, dim)
    x = _promote(x, True)
    x = _resize(x, dims, shape)
    mode = _norm_mode(norm, forward)
    _out_check("fftn", out, True)
    _out_grad_check("_fft_c2c", x, out)
    return write_out(out, _fft_c2c(x, dims, mode, forward))


def _rfftn(out, x, s, dim, norm):
    if x._data.dtype.kind == "c":
        raise RuntimeError(f"rfftn expects a real-valued input tensor, but got {_tname(x._data)}")
    shape, dims = _canonicalize(x, s, dim)
    if not shape:
        raise RuntimeError("rfftn must transform at least one axis")
    x = _resize(_promote(x, False), dims, shape)
    mode = _norm_mode(norm, True)
    _out_check("rfftn", out, True)
    _out_grad_check("_fft_r2c", x, out)
    return write_out(out, _fft_r2c(x, dims, mode, True))


def _c2r_canonicalize(fname, x, s, dim) -> tuple:
    """``canonicalize_fft_c2r_shape_and_dim_args`` -> ``(shape, dims, last_dim_size)``."""
    shape, dims = _canonicalize(x, s, dim)
    if not shape:
        raise RuntimeError(f"{fname} must transform at least one axis")
    s_t = None if s is None else _int_tuple(s)
    last = 2 * (x.shape[dims[-1]] - 1) if s_t is None or s_t[-1] == -1 else shape[-1]
    _check_n(last)
    return shape[:-1] + (last // 2 + 1,), dims, last


def _irfftn(out, x, s, dim, norm):
    shape, dims, last = _c2r_canonicalize("irfftn", x, s, dim)
    x = _resize(_promote(x, True), dims, shape)
    mode = _norm_mode(norm, False)
    _out_check("irfftn", out, False)
    _out_grad_check("_fft_c2r", x, out)
    return write_out(out, _fft_c2r(x, dims, mode, last))


def _hfftn(out, x, s, dim, norm):
    shape, dims, last = _c2r_canonicalize("hfftn", x, s, dim)
    x = _resize(_promote(x, True), dims, shape)
    mode = _norm_mode(norm, True)
    if len(dims) > 1:
        x = _fft_c2c(x, dims[:-1], mode, True)
    x = _conj(x)
    _out_check("hfftn", out, False)
    _out_grad_check("_fft_c2r", x, out)
    return write_out(out, _fft_c2r(x, dims[-1:], mode, last))


def _ihfftn(out, x, s, dim, norm):
    shape, dims = _canonicalize(x, s, dim)
    if not shape:
        raise RuntimeError("ihfftn must transform at least one axis")
    if x._data.dtype.kind == "c":
        raise RuntimeError(f"Only supports floating-point dtypes, but found: {_tname(x._data)}")
    x = _resize(_promote(x, False), dims, shape)
    mode = _norm_mode(norm, False)
    tmp = _conj(_fft_r2c(x, dims[-1:], mode, True))
    if len(dims) == 1:
        return write_out(out, tmp) if out is not None else tmp
    _out_check("ihfftn", out, True)
    _out_grad_check("_fft_c2c", tmp, out)
    return write_out(out, _fft_c2c(tmp, dims[:-1], mode, False))


def fftn(input: Tensor, s: Optional[_Dims] = None, dim: Optional[_Dims] = None, norm: Optional[str] = None, *,
         out: Optional[Tensor] = None, axis=_NP_UNSET) -> Tensor:
    """``torch.fft.fftn``: N-D DFT over ``dim`` (default: all, or the last ``len(s)``); ``FftC2CBackward0``."""
    if axis is not _NP_UNSET:
        dim, _ = _numpy_dim_names('fft_fftn', dim, None, axis, _NP_UNSET, None)
    _check_tensor("fftn", input)
    return _c2c_nd("fftn", out, input, s, dim, norm, True)


def ifftn(input: Tensor, s: Optional[_Dims] = None, dim: Optional[_Dims] = None, norm: Optional[str] = None, *,
          out: Optional[Tensor] = None, axis=_NP_UNSET) -> Tensor:
    """``torch.fft.ifftn``: inverse N-D DFT; ``FftC2CBackward0``."""
    if axis is not _NP_UNSET:
        dim, _ = _numpy_dim_names('fft_ifftn', dim, None, axis, _NP_UNSET, None)
    _check_tensor("ifftn", input)
    return _c2c_nd("ifftn", out, input, s, dim, norm, False)


def rfftn(input: Tensor, s: Optional[_Dims] = None, dim: Optional[_Dims] = None, norm: Optional[str] = None, *,
          out: Optional[Tensor] = None, axis=_NP_UNSET) -> Tensor:
    """``torch.fft.rfftn``: N-D DFT of a real signal, one-sided in the last dim; ``FftR2CBackward0``."""
    if axis is not _NP_UNSET:
        dim, _ = _numpy_dim_names('fft_rfftn', dim, None, axis, _NP_UNSET, None)
    _check_tensor("rfftn", input)
    return _rfftn(out, input, s, dim, norm)


def irfftn(input: Tensor, s: Optional[_Dims] = None, dim: Optional[_Dims] = None, norm: Optional[str] = None, *,
           out: Optional[Tensor] = None, axis=_NP_UNSET) -> Tensor:
    """``torch.fft.irfftn``: inverse of ``rfftn``; ``FftC2RBackward0``."""
    if axis is not _NP_UNSET:
        dim, _ = _numpy_dim_names('fft_irfftn', dim, None, axis, _NP_UNSET, None)
    _check_tensor("irfftn", input)
    return _irfftn(out, input, s, dim, norm)


def hfftn(input: Tensor, s: Optional[_Dims] = None, dim: Optional[_Dims] = None, norm: Optional[str] = None, *,
          out: Optional[Tensor] = None, axis=_NP_UNSET) -> Tensor:
    """``torch.fft.hfftn``: C2C over leading dims, conj, C2R over the last; ``FftC2RBackward0``."""
    if axis is not _NP_UNSET:
        dim, _ = _numpy_dim_names('fft_hfftn', dim, None, axis, _NP_UNSET, None)
    _check_tensor("hfftn", input)
    return _hfftn(out, input, s, dim, norm)


def ihfftn(input: Tensor, s: Optional[_Dims] = None, dim: Optional[_Dims] = None, norm: Optional[str] = None, *,
           out: Optional[Tensor] = None, axis=_NP_UNSET) -> Tensor:
    """``torch.fft.ihfftn``: one-sided R2C over the last dim, conj, inverse C2C over the others."""
    if axis is not _NP_UNSET:
        dim, _ = _numpy_dim_names('fft_ihfftn', dim, None, axis, _NP_UNSET, None)
    _check_tensor("ihfftn", input)
    return _ihfftn(out, input, s, dim, norm)


def fft2(input: Tensor, s: Optional[_Dims] = None, dim: _Dims = (-2, -1), norm: Optional[str] = None, *,
         out: Optional[Tensor] = None, axis=_NP_UNSET) -> Tensor:
    """``torch.fft.fft2``: ``fftn`` over ``dim=(-2, -1)``."""
    if axis is not _NP_UNSET:
        dim, _ = _numpy_dim_names('fft_fft2', dim, None, axis, _NP_UNSET, fft2.__defaults__[1])
    _check_tensor("fft2", input)
    _check_dim2("fft2", dim)
    return _c2c_nd("fft2", out, input, s, dim, norm, True)


def ifft2(input: Tensor, s: Optional[_Dims] = None, dim: _Dims = (-2, -1), norm: Optional[str] = None, *,
          out: Optional[Tensor] = None, axis=_NP_UNSET) -> Tensor:
    """``torch.fft.ifft2``: ``ifftn`` over ``dim=(-2, -1)``."""
    if axis is not _NP_UNSET:
        dim, _ = _numpy_dim_names('fft_ifft2', dim, None, axis, _NP_UNSET, ifft2.__defaults__[1])
    _check_tensor("ifft2", input)
    _check_dim2("ifft2", dim)
    return _c2c_nd("ifft2", out, input, s, dim, norm, False)


def rfft2(input: Tensor, s: Optional[_Dims] = None, dim: _Dims = (-2, -1), norm: Optional[str] = None, *,
          out: Optional[Tensor] = None, axis=_NP_UNSET) -> Tensor:
    """``torch.fft.rfft2``: ``rfftn`` over ``dim=(-2, -1)``."""
    if axis is not _NP_UNSET:
        dim, _ = _numpy_dim_names('fft_rfft2', dim, None, axis, _NP_UNSET, rfft2.__defaults__[1])
    _check_tensor("rfft2", input)
    _check_dim2("rfft2", dim)
    return _rfftn(out, input, s, dim, norm)


def irfft2(input: Tensor, s: Optional[_Dims] = None, dim: _Dims = (-2, -1), norm: Optional[str] = None, *,
           out: Optional[Tensor] = None, axis=_NP_UNSET) -> Tensor:
    """``torch.fft.irfft2``: ``irfftn`` over ``dim=(-2, -1)``."""
    if axis is not _NP_UNSET:
        dim, _ = _numpy_dim_names('fft_irfft2', dim, None, axis, _NP_UNSET, irfft2.__defaults__[1])
    _check_tensor("irfft2", input)
    _check_dim2("irfft2", dim)
    return _irfftn(out, input, s, dim, norm)


def hfft2(input: Tensor, s: Optional[_Dims] = None, dim: _Dims = (-2, -1), norm: Optional[str] = None, *,
          out: Optional[Tensor] = None, axis=_NP_UNSET) -> Tensor:
    """``torch.fft.hfft2``: ``hfftn`` over ``dim=(-2, -1)``."""
    if axis is not _NP_UNSET:
        dim, _ = _numpy_dim_names('fft_hfft2', dim, None, axis, _NP_UNSET, hfft2.__defaults__[1])
    _check_tensor("hfft2", input)
    _check_dim2("hfft2", dim)
    return _hfftn(out, input, s, dim, norm)


def ihfft2(input: Tensor, s: Optional[_Dims] = None, dim: _Dims = (-2, -1), norm: Optional[str] = None, *,
           out: Optional[Tensor] = None, axis=_NP_UNSET) -> Tensor:
    """``torch.fft.ihfft2``: ``ihfftn`` over ``dim=(-2, -1)``."""
    if axis is not _NP_UNSET:
        dim, _ = _numpy_dim_names('fft_ihfft2', dim, None, axis, _NP_UNSET, ihfft2.__defaults__[1])
    _check_tensor("ihfft2", input)
    _check_dim2("ihfft2", dim)
    return _ihfftn(out, input, s, dim, norm)


# ------------------------------------------------- frequencies and shifts
def _freq_dtype(fname: str, dtype, out) -> np.dtype:
    if out is not None:
        dt = out._data.dtype
    elif dtype is None:
        dt = np.dtype(D._default.value.np)
    else:
        dt = np.dtype(dtype.np)
    if dt.kind not in "fc":
        raise RuntimeError(f"{fname} requires a floating point or complex dtype")
    if dt.kind == "c":
        raise NotImplementedError(f"\"arange_cpu\" not implemented for '{_tname(np.empty(0, dt))}'")
    return dt


def _freq_finish(data: np.ndarray, out, requires_grad: bool) -> Tensor:
    t = _make(data)
    if requires_grad:
        t.requires_grad_(True)
    return write_out(out, t) if out is not None else t


def _scale(n: int, d: float, dt: np.dtype):
    with np.errstate(divide="ignore"):
        return dt.type(np.float64(1.0) / (np.float64(n) * np.float64(d)))


def fftfreq(n: int, d: float = 1.0, *, out: Optional[Tensor] = None, dtype=None, layout=None, device=None,
            requires_grad: bool = False) -> Tensor:
    """``torch.fft.fftfreq``: ``[0, 1, ..., -(n//2), ..., -1] / (d*n)`` computed as PyTorch does
    (integer ramp in the output dtype times the rounded ``1/(n*d)``)."""
    _check_int("fftfreq", "n", n)
    dt = _freq_dtype("fftfreq", dtype, out)
    if n < 0:
        raise RuntimeError(f"Trying to create tensor with negative dimension {n}: [{n}]")
    ramp = np.concatenate([np.arange((n + 1) // 2), np.arange(-(n // 2), 0)]).astype(dt)
    with np.errstate(invalid="ignore"):
        return _freq_finish(ramp * _scale(n, d, dt), out, requires_grad)


def rfftfreq(n: int, d: float = 1.0, *, out: Optional[Tensor] = None, dtype=None, layout=None, device=None,
             requires_grad: bool = False) -> Tensor:
    """``torch.fft.rfftfreq``: ``[0, 1, ..., n//2] / (d*n)``."""
    _check_int("rfftfreq", "n", n)
    dt = _freq_dtype("rfftfreq", dtype, out)
    ramp = np.arange(n // 2 + 1).astype(dt)
    with np.errstate(invalid="ignore"):
        return _freq_finish(ramp * _scale(n, d, dt), out, requires_grad)


def _shift(x: Tensor, dim, inverse: bool) -> Tensor:
    from .ops.shape_ext import roll
    dims = tuple(range(x.dim())) if dim is None else tuple(_wrap(d, x.dim()) for d in _int_tuple(dim))
    if not dims:
        raise RuntimeError("`shifts` required")
    shifts = tuple((x.shape[d] + 1) // 2 if inverse else x.shape[d] // 2 for d in dims)
    return roll(x, shifts, dims)


def fftshift(input: Tensor, dim: Optional[_Dims] = None, *, axis=_NP_UNSET) -> Tensor:
    """``torch.fft.fftshift``: ``roll`` by ``size // 2`` along ``dim`` (default all); ``RollBackward0``."""
    if axis is not _NP_UNSET:
        dim, _ = _numpy_dim_names('fft_fftshift', dim, None, axis, _NP_UNSET, None)
    return _shift(input, dim, False)


def ifftshift(input: Tensor, dim: Optional[_Dims] = None, *, axis=_NP_UNSET) -> Tensor:
    """``torch.fft.ifftshift``: ``roll`` by ``(size + 1) // 2``; the inverse of ``fftshift``."""
    if axis is not _NP_UNSET:
        dim, _ = _numpy_dim_names('fft_ifftshift', dim, None, axis, _NP_UNSET, None)
    return _shift(input, dim, True)
