"""Signal ops: ``torch.stft``, ``torch.istft`` and ``torch.histogramdd``.

``stft`` / ``istft`` follow ``torch/functional.py`` and ATen's ``SpectralOps.cpp`` step by step (reflect padding,
framing, window centred with zeros, ``_fft_r2c`` / ``_fft_c2r`` / ``_fft_c2c``, overlap-add divided by the
window envelope), built from differentiable ember ops, so results carry PyTorch's grad_fn names
(``TransposeBackward1``, ``SqueezeBackward4``, ``ViewAsRealBackward0``, ``DivBackward0``...) and error messages.
"""
from __future__ import annotations

import builtins
import warnings

import numpy as np

from ._common import Tensor, _make

__all__ = ["stft", "istft", "histogramdd"]

_RECT_STFT = ("A window was not provided. A rectangular window will be applied,which is known to cause spectral "
              "leakage. Other windows such as torch.hann_window or torch.hamming_window are recommended to reduce "
              "spectral leakage.To suppress this warning and use a rectangular window, explicitly set "
              "`window=torch.ones(n_fft, device=<device>)`. (Triggered internally at "
              "/__w/pytorch/pytorch/aten/src/ATen/native/SpectralOps.cpp:835.)")
_RECT_ISTFT = ("A window was not provided. A rectangular window will be applied.Please provide the same window used "
               "by stft to make the inversion lossless.To suppress this warning and use a rectangular window, "
               "explicitly set `window=torch.ones(n_fft, device=<device>)`. (Triggered internally at "
               "/__w/pytorch/pytorch/aten/src/ATen/native/SpectralOps.cpp:1035.)")
_REAL_DEPRECATED = ("stft with return_complex=False is deprecated. In a future pytorch release, stft will return "
                    "complex tensors for all inputs, and return_complex=False will raise an error.\nNote: you can "
                    "still call torch.view_as_real on the complex output to recover the old return format. "
                    "(Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/SpectralOps.cpp:874.)")
_PAD_WARN = ("The length of signal is shorter than the length parameter. Result is being padded with zeros in the "
             "tail. Please check your center and hop_length settings. (Triggered internally at "
             "/__w/pytorch/pytorch/aten/src/ATen/native/SpectralOps.cpp:1199.)")
_WARNED: set = set()
_SCALAR = {"float32": "Float", "float64": "Double", "float16": "Half", "complex64": "ComplexFloat",
           "complex128": "ComplexDouble", "bfloat16": "BFloat16"}


def _warn_once(msg: str) -> None:
    """``TORCH_WARN_ONCE``: once per process."""
    if msg not in _WARNED:
        _WARNED.add(msg)
        warnings.warn(msg, UserWarning, stacklevel=3)


def _scalar_name(t: Tensor) -> str:
    return _SCALAR.get(str(t.dtype).replace("torch.", ""), "Float")


def _shape(t: Tensor) -> str:
    return "[" + ", ".join(str(s) for s in t.shape) + "]"


def _opt(v) -> str:
    if v is None:
        return "None"
    return str(int(v)) if isinstance(v, bool) else str(v)


def _win_repr(window) -> str:
    return "None" if window is None else f"torch.{_scalar_name(window)}Tensor{{{_shape(window)}}}"


def _centred_window(window, n_fft: int, win_length: int, like: Tensor):
    """The window zero-padded on both sides to ``n_fft`` (ATen's ``left = (n_fft - win_length) / 2``)."""
    from .toplevel_ext import constant_pad_nd
    from .creation import ones
    if window is None:
        if win_length == n_fft:
            return None
        window = ones(win_length, dtype=like.real.dtype if like.is_complex() else like.dtype)
    if win_length == n_fft:
        return window
    left = (n_fft - win_length) // 2
    return constant_pad_nd(window, [left, n_fft - win_length - left], 0)


# ------------------------------------------------------------------ stft
def _reflect_center(input: Tensor, n_fft: int, pad_mode: str) -> Tensor:
    """``torch.functional.stft``'s ``center=True`` padding: ``F.pad`` on a 3-D view, ``n_fft // 2`` each side."""
    from ..nn._functional.sampling import pad as _pad
    signal_dim = input.dim()
    extended = [1] * (3 - signal_dim) + list(input.shape)
    p = int(n_fft // 2)
    out = _pad(input.view(extended), [p, p], pad_mode)
    return out.view(out.shape[-signal_dim:])


def _stft_checks(input, n_fft, hop_length, win_length, window, prefix) -> None:
    if input.dim() not in (1, 2):
        raise RuntimeError(f"{prefix}expected a 1D or 2D tensor")
    length = input.shape[-1]
    if n_fft <= 0 or n_fft > length:
        raise RuntimeError(f"{prefix}expected 0 < n_fft < {length}, but got n_fft={n_fft}")
    if hop_length <= 0:
        raise RuntimeError(f"{prefix}expected hop_length > 0, but got hop_length={hop_length}")
    if win_length <= 0 or win_length > n_fft:
        raise RuntimeError(f"{prefix}expected 0 < win_length <= n_fft, but got win_length={win_length}")
    if window is not None and (window.dim() != 1 or window.shape[0] != win_length):
        raise RuntimeError(f"{prefix}expected a 1D window tensor of size equal to win_length={win_length}, but got "
                           f"window with size {_shape(window)}")


def _align_to_window(x: Tensor, n_fft: int, hop: int, win: int) -> Tensor:
    """``align_to_window=True``: ATen zero-pads ``(n_fft - win_length) // 2`` on both sides so the first window
    starts at sample 0 and takes ``1 + (len - win_length) // hop`` frames with ``as_strided``; when
    ``n_fft - win_length`` is odd the last frame runs past the storage and PyTorch raises this error."""
    from .toplevel_ext import constant_pad_nd
    B, length = x.shape
    left = (n_fft - win) // 2
    padded = length + 2 * left
    n_frames = 1 + (length - win) // hop
    need = (B - 1) * padded + (n_frames - 1) * hop + n_fft
    if need > B * padded:
        size = x.element_size()
        raise RuntimeError(f"setStorage: sizes [{B}, {n_frames}, {n_fft}], strides [{padded}, {hop}, 1], storage "
                           f"offset 0, and itemsize {size} requiring a storage size of {need * size} are out of "
                           f"bounds for storage of size {B * padded * size}")
    return constant_pad_nd(x, [left, left], 0)


def _rename(t: Tensor, name: str) -> Tensor:
    """Give ``t.grad_fn`` PyTorch's in-place overload name (``transpose_`` / ``squeeze_`` record another node)."""
    node = t.grad_fn
    if node is not None:
        node.__class__ = type(name, (type(node),), {"__slots__": ()})
    return t


def stft(input: Tensor, n_fft: int, hop_length=None, win_length=None, window=None, center: bool = True,
         pad_mode: str = "reflect", normalized: bool = False, onesided=None, return_complex=None,
         align_to_window=None) -> Tensor:
    """``torch.stft``: frames of ``n_fft`` samples every ``hop_length`` (default ``n_fft // 4``), windowed and
    Fourier transformed; ``(B?, N, T)`` complex, or ``(B?, N, T, 2)`` real with ``return_complex=False``."""
    from ..fft import _BY_ROOT_N, _NONE, _fft_c2c, _fft_r2c
    from .misc_top import view_as_real
    if center and align_to_window is not None:
        raise RuntimeError("stft align_to_window should only be set when center = false")
    if center:
        input = _reflect_center(input, n_fft, pad_mode)
    if window is None:
        _warn_once(_RECT_STFT)
    is_complex = input.is_complex() or (window is not None and window.is_complex())
    if return_complex is None and not is_complex:
        raise RuntimeError("stft requires the return_complex parameter be given for real inputs, and will further "
                           "require that return_complex=True in a future PyTorch release.")
    return_complex = is_complex if return_complex is None else return_complex
    if not return_complex:
        _warn_once(_REAL_DEPRECATED)
    hop = (n_fft >> 2) if hop_length is None else hop_length
    win = n_fft if win_length is None else win_length
    prefix = (f"stft(torch.{_scalar_name(input)}Tensor{_shape(input)}, n_fft={n_fft}, hop_length={hop}, "
              f"win_length={win}, window={_win_repr(window)}, normalized={int(normalized)}, onesided={_opt(onesided)}"
              f", return_complex={int(return_complex)}, align_to_window={_opt(align_to_window)}) : ")
    _stft_checks(input, n_fft, hop, win, window, prefix)
    x = input.unsqueeze(0) if input.dim() == 1 else input
    if align_to_window and win < n_fft:
        x = _align_to_window(x, n_fft, hop, win)
    frames = x.unfold(-1, n_fft, hop)
    w = _centred_window(window, n_fft, win, x)
    if w is not None:
        frames = frames * w
    mode = _BY_ROOT_N if normalized else _NONE
    if frames.is_complex():
        if onesided:
            raise RuntimeError("Cannot have onesided output if window or input is complex")
        out = _fft_c2c(frames, (2,), mode, True)
    else:
        out = _fft_r2c(frames, (2,), mode, True if onesided is None else bool(onesided))
    out = _rename(out.transpose(1, 2), "TransposeBackward1")
    if input.dim() == 1:
        out = _rename(out.squeeze(0), "SqueezeBackward4")
    return out if return_complex else view_as_real(out)


# ------------------------------------------------------------------ istft
def _overlap_add(frames: Tensor, hop: int, total: int) -> Tensor:
    """ATen ``unfold_backward`` along the last axis: ``(C, T, n) -> (C, total)`` summing overlapping frames."""
    from .creation import arange, zeros
    C, T, n = frames.shape
    idx = (arange(T).unsqueeze(1) * hop + arange(n)).reshape(-1)
    return zeros(C, total, dtype=frames.dtype).index_add(1, idx, frames.reshape(C, T * n))


def _istft_checks(x, n_fft, hop, win, window, onesided, prefix) -> None:
    fft_size = x.shape[-2]
    if onesided:
        if n_fft // 2 + 1 != fft_size:
            raise RuntimeError(f"{prefix}expected the frequency dimension (3rd to the last) of the input tensor to "
                               f"match n_fft / 2 + 1 when onesided=True, but got {fft_size}")
    elif n_fft != fft_size:
        raise RuntimeError(f"{prefix}expected the frequency dimension (3rd to the last) of the input tensor to match "
                           f"n_fft when onesided=False, but got {fft_size}")
    if not 0 < hop <= win:
        raise RuntimeError(f"{prefix}expected 0 < hop_length <= win_length")
    if not 0 < win <= n_fft:
        raise RuntimeError(f"{prefix}expected 0 < win_length <= n_fft")
    if window is not None and (window.dim() != 1 or window.shape[0] != win):
        raise RuntimeError(f"{prefix}Invalid window shape. window has to be 1D and length of `win_length`")


def _istft_frames(x: Tensor, n_fft: int, normalized: bool, onesided: bool, return_complex: bool, window):
    """Inverse FFT of every frame: ``(C, F, T)`` complex -> ``(C, T, n_fft)``."""
    from ..fft import _BY_N, _BY_ROOT_N, _fft_c2c, _fft_c2r
    mode = _BY_ROOT_N if normalized else _BY_N
    x = x.transpose(1, 2)
    if return_complex:
        if onesided:
            raise RuntimeError("Cannot have onesided output if window or input is complex")
        return _fft_c2c(x, (2,), mode, False)
    if window is not None and window.is_complex():
        raise RuntimeError("Complex windows are incompatible with return_complex=False")
    if not onesided:
        x = x.narrow(-1, 0, n_fft // 2 + 1)
    return _fft_c2r(x, (2,), mode, n_fft)


def istft(input: Tensor, n_fft: int, hop_length=None, win_length=None, window=None, center: bool = True,
          normalized: bool = False, onesided=None, length=None, return_complex: bool = False) -> Tensor:
    """``torch.istft``: inverse of ``stft`` by windowed overlap-add divided by the summed squared window
    (ATen ``istft``); ``center`` trims ``n_fft // 2`` at both ends, ``length`` trims or zero-pads the tail."""
    from .creation import ones
    hop = (n_fft >> 2) if hop_length is None else hop_length
    win = n_fft if win_length is None else win_length
    prefix = (f"istft(CPU{_scalar_name(input)}Type{_shape(input)}, n_fft={n_fft}, hop_length={hop}, "
              f"win_length={win}, window={_win_repr(window)}, center={int(center)}, normalized={int(normalized)}, "
              f"onesided={_opt(onesided)}, length={_opt(length)}, return_complex={int(return_complex)}) ")
    if window is None:
        _warn_once(_RECT_ISTFT)
    if not input.is_complex():
        raise RuntimeError("istft requires a complex-valued input tensor matching the output from stft with "
                           "return_complex=True.")
    if input.numel() == 0:
        raise RuntimeError(f"{prefix}: input tensor cannot be empty.")
    if input.dim() not in (2, 3):
        raise RuntimeError(f"{prefix}: expected a tensor with 3 or 4 dimensions, but got {input.dim() + 1}")
    side = (input.shape[-2] != n_fft) if onesided is None else bool(onesided)
    _istft_checks(input, n_fft, hop, win, window, side, prefix + ": ")
    n_frames = input.shape[-1]
    total = n_fft + hop * (n_frames - 1)
    real_dt = input.real.dtype
    w = _centred_window(window if window is not None else ones(win, dtype=real_dt), n_fft, win, input)
    x = input.unsqueeze(0) if input.dim() == 2 else input
    frames = _istft_frames(x, n_fft, normalized, side, return_complex, window)
    y = _overlap_add(frames * w.view(1, 1, n_fft), hop, total)
    env = _overlap_add(w.pow(2).expand(1, n_frames, n_fft), hop, total)
    start = n_fft // 2 if center else 0
    end = start + length if length is not None else (-(n_fft // 2) if center else total)
    stop = end if end >= 0 else total + end
    y = y[:, start:stop]
    env = env[:, start:stop]
    low = bool((env.detach().abs().min() < 1e-11).item())
    if low:
        raise RuntimeError(f"{prefix}window overlap add min: 1\n[ CPUBoolType{{}} ]")
    y = y / env
    if input.dim() == 2:
        y = y.squeeze(0)
    if end > total:
        from .toplevel_ext import constant_pad_nd
        _warn_once(_PAD_WARN)
        y = constant_pad_nd(y, [0, end - total], 0)
    return y


# ------------------------------------------------------------------ histogramdd
def _dd_edges(d: np.ndarray, bins, range, D: int) -> list:
    """Bin edges per dimension: given tensors, or ``linspace`` over ``range`` / the data's min and max
    (widened by 0.5 on both sides when they are equal), as ATen's ``histogramdd_prepare_out``."""
    from .creation import linspace
    from .._dtype import from_numpy_dtype
    if isinstance(bins, (list, tuple)) and bins and isinstance(bins[0], Tensor):
        return [np.asarray(b._data) for b in bins]
    counts = [int(bins)] * D if isinstance(bins, int) else [int(b) for b in bins]
    for i, b in enumerate(counts):
        if b <= 0:
            raise RuntimeError(f"torch.histogram(): bins must be > 0, but got {b} for dimension {i}")
    if range is not None:
        if len(range) != 2 * D:
            raise RuntimeError(f"torch.histogramdd: for a {D}-dimensional histogram range should have {2 * D} "
                               f"elements, but got {len(range)}")
        bounds = [(float(range[2 * i]), float(range[2 * i + 1])) for i in builtins.range(D)]
    else:
        flat = d.reshape(-1, D)
        bounds = [(float(flat[:, i].min()), float(flat[:, i].max())) if flat.shape[0] else (0.0, 1.0)
                  for i in builtins.range(D)]
    edges = []
    for i, (lo, hi) in enumerate(bounds):
        if lo > hi:
            raise RuntimeError(f"torch.histogramdd: min should not exceed max, but got min {_g(lo)} max {_g(hi)} "
                               f"for dimension {i}")
        if not (np.isfinite(lo) and np.isfinite(hi)):
            raise RuntimeError(f"torch.histogramdd: dimension {i}'s range [{_g(lo)}, {_g(hi)}] is not finite")
        if lo == hi:
            lo, hi = lo - 0.5, hi + 0.5
        edges.append(np.asarray(linspace(lo, hi, counts[i] + 1, dtype=from_numpy_dtype(d.dtype))._data))
    return edges


def _g(v: float) -> str:
    """C++ ``ostream`` formatting of a double (``%g``)."""
    return f"{v:g}"


def _dd_checks(input: Tensor, bins, weight) -> None:
    from .reduction_ext import _tname
    d = input._data
    if d.dtype.kind != "f":
        raise NotImplementedError(f"\"histogramdd\" not implemented for '{_tname(d)}'")
    if input.dim() < 2:
        raise RuntimeError("torch.histogramdd: input tensor should have at least 2 dimensions")
    D = input.shape[-1]
    if isinstance(bins, (list, tuple)) and len(bins) != D:
        raise RuntimeError("histogramdd: The size of bins must be equal to the innermost dimension of the input.")
    if weight is not None:
        if tuple(weight.shape) != tuple(input.shape[:-1]):
            raise RuntimeError("torch.histogramdd: if weight tensor is provided it should have the same shape as the "
                               "input tensor excluding its innermost dimension, but got input with shape "
                               f"{_shape(input)} and weight with shape {_shape(weight)}")
        if weight.dtype != input.dtype:
            raise RuntimeError("torch.histogramdd: if weight tensor is provided, input tensor and weight tensor should "
                               f"have the same dtype, but got input({_tname(d).lower()}), and "
                               f"weight({_tname(weight._data).lower()})")


def _bin_index(col: np.ndarray, e: np.ndarray):
    """Bin of each value (``upper_bound - 1``, the right-most edge counted in the last bin) and an in-range mask."""
    pos = np.searchsorted(e, col, side="right") - 1
    pos = np.where(pos == e.size - 1, pos - 1, pos)
    keep = (col >= e[0]) & (col <= e[-1])
    return pos, keep


def histogramdd(input: Tensor, bins=10, *, range=None, weight=None, density: bool = False):
    """``torch.histogramdd``: a ``D``-dimensional histogram of the rows of ``input`` (``(..., D)``); returns
    ``torch.return_types.histogramdd(hist, bin_edges)`` with ``bin_edges`` a tuple of ``D`` tensors."""
    from ..return_types import histogramdd as _ret
    _dd_checks(input, bins, weight)
    d = np.asarray(input._data)
    D = d.shape[-1]
    edges = _dd_edges(d, bins, range, D)
    flat = d.reshape(-1, D)
    idx, keep = [], np.ones(flat.shape[0], dtype=bool)
    for i, e in enumerate(edges):
        p, k = _bin_index(flat[:, i], e)
        idx.append(p)
        keep &= k
    shape = tuple(max(e.size - 1, 0) for e in edges)
    hist = np.zeros(shape, dtype=d.dtype)
    w = np.ones(flat.shape[0], dtype=d.dtype) if weight is None else np.asarray(weight._data).reshape(-1)
    np.add.at(hist, tuple(p[keep] for p in idx), w[keep])
    if density:
        hist = hist / hist.sum()
        for i, e in enumerate(edges):
            shp = [1] * D
            shp[i] = e.size - 1
            hist = hist / np.diff(e).reshape(shp)
    return _ret((_make(hist.astype(d.dtype)), tuple(_make(np.array(e)) for e in edges)))


TENSOR_METHODS = {"stft": stft, "istft": istft}
