"""Attention: ``scaled_dot_product_attention`` and ``multi_head_attention_forward``.

``scaled_dot_product_attention`` takes the same two routes PyTorch's CPU
dispatcher takes:

* the fused kernel (node ``ScaledDotProductFlashAttentionForCpuBackward0``)
  for 4-D inputs with equal head dims, no dropout and a mask that does not
  require grad: NumPy forward (``softmax(q k^T * scale + mask) v``, fully
  masked rows give 0) and a NumPy backward from the saved probabilities.  Like
  PyTorch's, it is once differentiable.
* otherwise the composed "math" path (``_scaled_dot_product_attention_math``),
  built from ember ops and differentiable to any order.

``multi_head_attention_forward`` is a port of PyTorch's, step for step.
"""
from __future__ import annotations

import math
import warnings

import numpy as np

from ...backend.scratch import big_empty, scratch
from ...ops._common import GRAD, Tensor, _make, finish
from ._util import OnceDifferentiableNode, check_tensor_args

__all__ = ["scaled_dot_product_attention", "multi_head_attention_forward"]

_NEG_INF = float("-inf")

# Which SDPA kernels may run (``torch.nn.attention.sdpa_kernel``, ``torch.backends.cuda.enable_*_sdp``);
# kept here so that ``ember.nn.attention`` need not load at import.  PyTorch's defaults: all enabled.
_SDPA_ENABLED = {"cudnn": True, "flash": True, "mem_efficient": True, "math": True, "overrideable": True}


_CPP_NAMES = {"float32": "float", "float64": "double", "int64": "long int", "int32": "int", "int16": "short int",
              "int8": "signed char", "uint8": "unsigned char", "bool": "bool", "float16": "c10::Half",
              "bfloat16": "c10::BFloat16"}


def _dtype_word(t: Tensor) -> str:
    """The C++ scalar type name PyTorch prints in SDPA errors."""
    n = str(t.dtype).replace("torch.", "")
    return _CPP_NAMES.get(n, n)


def _safe_softmax_np(s):
    """Softmax over the last axis; rows that are all -inf give 0 (PyTorch's ``_safe_softmax``).

    In place in one pooled buffer (the probabilities are saved for backward;
    fresh arrays of this size would page-fault).
    """
    m = s.max(axis=-1, keepdims=True)
    dead = np.isneginf(m)
    m = np.where(dead, s.dtype.type(0), m)
    e = np.subtract(s, m, out=big_empty(s.shape, s.dtype, "attention.probs")) if s.__class__ is np.ndarray else s - m
    np.exp(e, out=e)
    tot = e.sum(axis=-1, keepdims=True)
    e /= tot
    if dead.any():
        np.copyto(e, s.dtype.type(0), where=dead)
    return e


def _scaled_matmul(a, b, scale, slot):
    """``(a @ b) * scale`` (``scale`` None: no scaling) into a pooled buffer for NumPy operands."""
    if a.__class__ is np.ndarray and b.__class__ is np.ndarray and a.dtype == b.dtype:
        shape = np.broadcast_shapes(a.shape[:-2], b.shape[:-2]) + (a.shape[-2], b.shape[-1])
        out = np.matmul(a, b, out=big_empty(shape, a.dtype, slot))
        if scale is not None:
            out *= scale
        return out
    out = np.matmul(a, b)
    return out if scale is None else out * scale


class _FlashNode(OnceDifferentiableNode):
    """Saved: (query, key, value, attention probabilities)."""

    __slots__ = ("scale", "rep")
    aten_backward = "aten::_scaled_dot_product_flash_attention_for_cpu_backward"

    def _raw(self, g):
        saved = self.saved()
        q, k, v, p = saved[:4]
        qd, kd, vd = q._data, k._data, v._data
        if qd.dtype == np.float16:   # saved: float probabilities and the half output too
            return self._raw_half(np.asarray(g), qd, kd, vd, p, saved[4])
        return self._raw_arrays(g, qd, kd, vd, p)

    def _raw_half(self, g, qd, kd, vd, p, out):
        """The half kernel's backward: products in float; ``D = rowsum(dO * O)`` from the half output,
        ``dS = P * (dP - D)`` rounded to half, ``dV = half(P)^T dO``; each gradient rounded once."""
        f32, f16 = np.float32, np.float16
        rep = getattr(self, "rep", 1)
        if rep != 1:
            kd, vd = _repeat_heads_np(kd, rep), _repeat_heads_np(vd, rep)
        g32, k32, q32, v32 = g.astype(f32), kd.astype(f32), qd.astype(f32), vd.astype(f32)
        sc = f32(self.scale)
        e = self._edges
        dv = np.matmul(p.astype(f16).astype(f32).swapaxes(-1, -2), g32) if e[2] is not None else None
        gq = gk = None
        if e[0] is not None or e[1] is not None:
            rows = (g32 * out.astype(f32)).sum(axis=-1, keepdims=True)
            ds = (p * (np.matmul(g32, v32.swapaxes(-1, -2)) - rows)).astype(f16).astype(f32)
            gq = np.matmul(ds, k32) * sc if e[0] is not None else None
            gk = np.matmul(ds.swapaxes(-1, -2), q32) * sc if e[1] is not None else None
        if rep != 1:
            gk = None if gk is None else gk.reshape(gk.shape[:1] + (-1, rep) + gk.shape[2:]).sum(axis=2)
            dv = None if dv is None else dv.reshape(dv.shape[:1] + (-1, rep) + dv.shape[2:]).sum(axis=2)
        return tuple(None if r is None else r.astype(f16) for r in (gq, gk, dv))

    def _raw_arrays(self, g, qd, kd, vd, p):
        rep = getattr(self, "rep", 1)
        if rep != 1:   # grouped-query attention: k/v heads repeated in forward, grads summed back
            kd, vd = _repeat_heads_np(kd, rep), _repeat_heads_np(vd, rep)
            gq, gk, dv = self._raw_core(g, qd, kd, vd, p)
            if gk is not None:
                gk = gk.reshape(gk.shape[:1] + (-1, rep) + gk.shape[2:]).sum(axis=2)
            if dv is not None:
                dv = dv.reshape(dv.shape[:1] + (-1, rep) + dv.shape[2:]).sum(axis=2)
            return gq, gk, dv
        return self._raw_core(g, qd, kd, vd, p)

    def _raw_core(self, g, qd, kd, vd, p):
        sc = qd.dtype.type(self.scale)
        e = self._edges
        dv = _scaled_matmul(p.swapaxes(-1, -2), g, None, "attention.gv") if e[2] is not None else None
        gq = gk = None
        if e[0] is not None or e[1] is not None:
            host = p.__class__ is np.ndarray
            dp = np.matmul(g, vd.swapaxes(-1, -2), out=scratch(p.shape, p.dtype, "attention.dp") if host else None)
            ds = np.multiply(dp, p, out=scratch(p.shape, p.dtype, "attention.ds") if host else None)
            rows = ds.sum(axis=-1, keepdims=True)      # ds = p * (dp - sum(dp * p)), in place
            np.subtract(dp, rows, out=ds)
            ds *= p
            if e[0] is not None:
                gq = _scaled_matmul(ds, kd, sc, "attention.gq")
            if e[1] is not None:
                gk = _scaled_matmul(ds.swapaxes(-1, -2), qd, sc, "attention.gk")
        return gq, gk, dv

    def backward_inputs(self) -> tuple:
        return tuple(self.saved()[:3])


ScaledDotProductFlashAttentionForCpuBackward0 = type("ScaledDotProductFlashAttentionForCpuBackward0", (_FlashNode,),
                                                     {"__slots__": ()})


def _repeat_heads_np(a, rep):
    return np.repeat(a, rep, axis=1)


def _use_fused(q, k, v, mask, dropout_p, enable_gqa=False) -> bool:
    if q.dim() != 4 or k.dim() != 4 or v.dim() != 4 or dropout_p > 0.0:
        return False
    if not (q.shape[-1] == k.shape[-1] == v.shape[-1]):
        return False
    if not (q.shape[0] == k.shape[0] == v.shape[0] and k.shape[1] == v.shape[1]):
        return False
    if q.shape[1] != k.shape[1] and not (enable_gqa and k.shape[1] and q.shape[1] % k.shape[1] == 0):
        return False
    if q.shape[2] == 0 or k.shape[2] == 0:
        return False
    if mask is not None:
        if mask.requires_grad:
            return False
        L, S = q.shape[2], k.shape[2]
        if mask.dim() not in (2, 4):
            return False
        if mask.shape[-2] not in (L, 1) or mask.shape[-1] not in (S, 1):
            return False
        if mask.dim() == 4 and (mask.shape[0] not in (1, q.shape[0]) or mask.shape[1] not in (1, q.shape[1])):
            return False
    return True


def _fused(q, k, v, mask, is_causal, scale) -> Tensor:
    qd, kd, vd = q._data, k._data, v._data
    rep = q.shape[1] // k.shape[1]
    if rep != 1:
        kd, vd = _repeat_heads_np(kd, rep), _repeat_heads_np(vd, rep)
    dt = qd.dtype
    if dt == np.float16:
        out, p = _fused_half(qd, kd, vd, mask, is_causal, scale)
        return _fused_result(q, k, v, out, p, scale, rep, (out,))
    host = qd.__class__ is np.ndarray and kd.__class__ is np.ndarray and vd.__class__ is np.ndarray
    if host:  # work buffers (fresh arrays of this size page-fault)
        sshape = np.broadcast_shapes(qd.shape[:-2], kd.shape[:-2]) + (qd.shape[-2], kd.shape[-2])
        s = np.matmul(qd, kd.swapaxes(-1, -2), out=scratch(sshape, dt, "attention.scores"))
    else:
        s = np.matmul(qd, kd.swapaxes(-1, -2))
    s *= dt.type(scale)
    L, S = s.shape[-2:]
    if is_causal:
        keep = np.tril(np.ones((L, S), dtype=bool))
        s = np.where(keep, s, dt.type(_NEG_INF))
    if mask is not None:
        md = mask._data
        if md.dtype == np.bool_:
            s = np.where(md, s, dt.type(_NEG_INF))
        else:
            s = s + md.astype(dt, copy=False)
    p = _safe_softmax_np(s).astype(dt, copy=False)
    out = _scaled_matmul(p, vd, None, "attention.out")
    return _fused_result(q, k, v, out, p, scale, rep)


def _fused_result(q, k, v, out, p, scale, rep, extra=()) -> Tensor:
    if GRAD.enabled and (q._rg or k._rg or v._rg):
        node = ScaledDotProductFlashAttentionForCpuBackward0((q, k, v))
        node.scale = scale
        node.rep = rep
        node.save(q, k, v, p, *extra)
        return finish(out, node)
    return _make(out)


def _fused_half(qd, kd, vd, mask, is_causal, scale):
    """The CPU flash kernel on half input: scores, ``exp(s - max)`` and row sums in float; the
    unnormalised probabilities rounded to half for the product with ``v`` (float accumulation), then
    divided by the float sums and rounded once. Returns ``(out in half, probabilities in float)``."""
    f32 = np.float32
    s = np.matmul(qd.astype(f32), kd.astype(f32).swapaxes(-1, -2)) * f32(scale)
    L, S = s.shape[-2:]
    if is_causal:
        s = np.where(np.tril(np.ones((L, S), dtype=bool)), s, f32(_NEG_INF))
    if mask is not None:
        md = mask._data
        s = np.where(md, s, f32(_NEG_INF)) if md.dtype == np.bool_ else s + md.astype(f32)
    m = s.max(axis=-1, keepdims=True)
    dead = np.isneginf(m)
    e = np.exp(s - np.where(dead, f32(0), m))
    tot = e.sum(axis=-1, keepdims=True)
    safe = np.where(dead, f32(1), tot)
    out = np.matmul(e.astype(np.float16).astype(f32), vd.astype(f32)) / safe
    out = np.where(dead, f32(0), out).astype(np.float16)
    p = np.where(dead, f32(0), e / safe)   # kept in float for the backward
    return out, p


def _safe_softmax(x: Tensor) -> Tensor:
    """Softmax whose all ``-inf`` rows give 0 (and no NaN gradients)."""
    dead = (x == _NEG_INF).all(-1, keepdim=True)
    if not bool(dead.any()):
        return x.softmax(-1)
    from ...ops.pointwise import where
    zero = _make(np.zeros((), dtype=x._data.dtype))
    return where(dead, zero, where(dead, zero, x).softmax(-1))


def _math(q, k, v, mask, dropout_p, is_causal, scale, enable_gqa) -> Tensor:
    from ...ops.creation import ones, zeros
    dt = q.dtype
    if q._data.dtype == np.float16:   # ATen's math kernel works on half inputs in float, rounds once
        out = _math(q.float(), k.float(), v.float(), mask, dropout_p, is_causal, scale, enable_gqa)
        return out.to(dt)
    neg = scale < 0
    sf = math.sqrt(abs(scale))
    qs = q * (-sf if neg else sf)
    if is_causal:
        L, S = q.shape[-2], k.shape[-2]
        keep = ones(L, S, dtype=_bool_dtype()).tril()
        mask = zeros(L, S, dtype=dt).masked_fill(keep.logical_not(), _NEG_INF)
    elif mask is not None and mask.dtype == _bool_dtype():
        mask = zeros(mask.shape, dtype=dt).masked_fill(mask.logical_not(), _NEG_INF)
    # ``repeat_interleave(rep, -3)`` spelled out: unsqueeze, expand, copy, merge the two dims
    if enable_gqa and k.dim() >= 3 and q.shape[-3] != k.shape[-3]:
        k = _repeat_heads(k, q.shape[-3] // k.shape[-3])
    if enable_gqa and v.dim() >= 3 and q.shape[-3] != v.shape[-3]:
        v = _repeat_heads(v, q.shape[-3] // v.shape[-3])
    attn = qs.matmul(k.transpose(-2, -1) * sf)
    if mask is not None:
        attn = attn + mask
    attn = _safe_softmax(attn)
    if dropout_p > 0.0:
        if dropout_p > 1.0:   # ATen's ``at::dropout`` check (a RuntimeError, the double as C++ prints it)
            raise RuntimeError(f"dropout probability has to be between 0 and 1, but got {dropout_p:g}")
        from .basic import dropout
        attn = dropout(attn, dropout_p, True)
    return attn.matmul(v)


def _no_kernel(q, k, v, dropout_p, flash) -> None:
    """Math kernel switched off (``sdpa_kernel`` / ``enable_math_sdp(False)``) and no fused kernel can run."""
    if not flash:
        raise RuntimeError("No viable backend for scaled_dot_product_attention was found. This is likely due to "
                           "turning off both the math kernel and the fused kernels.")
    warnings.warn("Flash attention kernel not used because: (Triggered internally at "
                  "/__w/pytorch/pytorch/aten/src/ATen/native/transformers/sdp_utils_cpp.cpp:99.)", UserWarning,
                  stacklevel=3)
    if dropout_p > 0.0:
        why = ("Both fused kernels do not support non-zero dropout. (Triggered internally at "
               "/__w/pytorch/pytorch/aten/src/ATen/native/transformers/sdp_utils_cpp.h:241.)")
    elif q.dim() != 4 or k.dim() != 4 or v.dim() != 4:
        why = ("All fused kernels requires query, key and value to be 4 dimensional, but got Query dim: "
               f"{q.dim()}, Key dim: {k.dim()}, Value dim: {v.dim()} instead. (Triggered internally at "
               "/__w/pytorch/pytorch/aten/src/ATen/native/transformers/sdp_utils_cpp.h:327.)")
    elif not (q.shape[-1] == k.shape[-1] == v.shape[-1]):
        why = ("Flash attention requires q,k,v to have the same last dimension. Got Query.size(-1): "
               f"{q.shape[-1]}, Key.size(-1): {k.shape[-1]}, Value.size(-1): {v.shape[-1]} instead. (Triggered "
               "internally at /__w/pytorch/pytorch/aten/src/ATen/native/transformers/sdp_utils_cpp.cpp:21.)")
    else:
        why = None
    if why is not None:
        warnings.warn(why, UserWarning, stacklevel=3)
    raise RuntimeError("No available kernel.  Aborting execution.")


def _repeat_heads(t, rep):
    shp = tuple(t.shape)
    e = t.unsqueeze(len(shp) - 2).expand(shp[:-2] + (rep,) + shp[-2:]).contiguous()
    return e.view(shp[:-3] + (shp[-3] * rep,) + shp[-2:])


def _bool_dtype():
    from ... import _dtype as D
    return D.bool_


def scaled_dot_product_attention(query, key, value, attn_mask=None, dropout_p=0.0, is_causal=False, scale=None,
                                 enable_gqa=False) -> Tensor:
    """``torch.nn.functional.scaled_dot_product_attention``."""
    if query.__class__ is not Tensor or key.__class__ is not Tensor or value.__class__ is not Tensor:
        check_tensor_args("scaled_dot_product_attention", (("query", 1, query, False), ("key", 2, key, False),
                                                           ("value", 3, value, False)))
    q, k, v = query, key, value
    if not (q.dtype == k.dtype == v.dtype):
        raise RuntimeError("Expected query, key, and value to have the same dtype, but got query.dtype: "
                           f"{_dtype_word(q)} key.dtype: {_dtype_word(k)} and value.dtype: {_dtype_word(v)} instead.")
    if q.dim() < 2 or k.dim() < 2 or v.dim() < 2:
        raise RuntimeError("Expected query, key, and value to all be  at least 2 dimensional, but got query.dim: "
                           f"{q.dim()} key.dim: {k.dim()} and value.dim: {v.dim()} instead.")
    if scale is None:
        scale = 1.0 / math.sqrt(q.shape[-1])
    scale = float(scale)
    if attn_mask is not None and attn_mask.dtype != _bool_dtype() and attn_mask.dtype != q.dtype:
        raise RuntimeError(f"Expected attn_mask dtype to be bool or float or to match query dtype, but got "
                           f"attn_mask.dtype: {_dtype_word(attn_mask)} and  query.dtype: {_dtype_word(q)} instead.")
    if enable_gqa and q.dim() >= 3 and k.dim() >= 3 and v.dim() >= 3:
        qh, kh, vh = q.shape[-3], k.shape[-3], v.shape[-3]
        if kh == 0 or vh == 0 or qh % kh or qh % vh:
            raise RuntimeError("Number of heads in key and value must divide the number of heads in ")
    enabled = _SDPA_ENABLED
    if enabled["flash"] and _use_fused(q, k, v, attn_mask, dropout_p, enable_gqa):
        return _fused(q, k, v, attn_mask, is_causal, scale)   # the fused kernel applies both mask and causality
    if not enabled["math"]:
        _no_kernel(q, k, v, dropout_p, enabled["flash"])
    if is_causal and attn_mask is not None:
        raise RuntimeError("_scaled_dot_product_attention: Explicit attn_mask should not be set when is_causal=True")
    return _math(q, k, v, attn_mask, dropout_p, is_causal, scale, enable_gqa)


# ------------------------------------------------------------------ multi-head attention
def _mha_shape_check(query, key, value, key_padding_mask, attn_mask, num_heads) -> bool:
    if query.dim() == 3:
        if key.dim() != 3 or value.dim() != 3:
            raise AssertionError("For batched (3-D) `query`, expected `key` and `value` to be 3-D"
                                 f" but found {key.dim()}-D and {value.dim()}-D tensors respectively")
        if key_padding_mask is not None and key_padding_mask.dim() != 2:
            raise AssertionError("For batched (3-D) `query`, expected `key_padding_mask` to be `None` or 2-D"
                                 f" but found {key_padding_mask.dim()}-D tensor instead")
        if attn_mask is not None and attn_mask.dim() not in (2, 3):
            raise AssertionError("For batched (3-D) `query`, expected `attn_mask` to be `None`, 2-D or 3-D"
                                 f" but found {attn_mask.dim()}-D tensor instead")
        return True
    if query.dim() == 2:
        if key.dim() != 2 or value.dim() != 2:
            raise AssertionError("For unbatched (2-D) `query`, expected `key` and `value` to be 2-D"
                                 f" but found {key.dim()}-D and {value.dim()}-D tensors respectively")
        if key_padding_mask is not None and key_padding_mask.dim() != 1:
            raise AssertionError("For unbatched (2-D) `query`, expected `key_padding_mask` to be `None` or 1-D"
                                 f" but found {key_padding_mask.dim()}-D tensor instead")
        if attn_mask is not None:
            if attn_mask.dim() not in (2, 3):
                raise AssertionError("For unbatched (2-D) `query`, expected `attn_mask` to be `None`, 2-D or 3-D"
                                     f" but found {attn_mask.dim()}-D tensor instead")
            if attn_mask.dim() == 3:
                expected = (num_heads, query.shape[0], key.shape[0])
                if tuple(attn_mask.shape) != expected:
                    raise AssertionError(f"Expected `attn_mask` shape to be {expected} but got {attn_mask.shape}")
        return False
    raise AssertionError(f"query should be unbatched 2D or batched 3D tensor but received {query.dim()}-D query "
                         "tensor")


def _canonical_mask(mask, mask_name, other_type, other_name, target_type, check_other=True):
    if mask is None:
        return None
    from ...ops.creation import zeros_like
    is_float = mask.is_floating_point()
    if mask.dtype != _bool_dtype() and not is_float:
        raise AssertionError(f"only bool and floating types of {mask_name} are supported")
    if check_other and other_type is not None and mask.dtype != other_type:
        warnings.warn(f"Support for mismatched {mask_name} and {other_name} is deprecated. Use same type for both "
                      "instead.", UserWarning, stacklevel=3)
    if not is_float:
        mask = zeros_like(mask, dtype=target_type).masked_fill_(mask, _NEG_INF)
    return mask


def _in_projection_packed(q, k, v, w, b=None):
    from .basic import linear
    E = q.size(-1)
    if k is v:
        if q is k:
            proj = linear(q, w, b)
            proj = proj.unflatten(-1, (3, E)).unsqueeze(0).transpose(0, -2).squeeze(-2).contiguous()
            return proj[0], proj[1], proj[2]
        w_q, w_kv = w.split([E, E * 2])
        if b is None:
            b_q = b_kv = None
        else:
            b_q, b_kv = b.split([E, E * 2])
        q_proj = linear(q, w_q, b_q)
        kv_proj = linear(k, w_kv, b_kv)
        kv_proj = kv_proj.unflatten(-1, (2, E)).unsqueeze(0).transpose(0, -2).squeeze(-2).contiguous()
        return q_proj, kv_proj[0], kv_proj[1]
    w_q, w_k, w_v = w.chunk(3)
    if b is None:
        b_q = b_k = b_v = None
    else:
        b_q, b_k, b_v = b.chunk(3)
    return linear(q, w_q, b_q), linear(k, w_k, b_k), linear(v, w_v, b_v)


def _in_projection(q, k, v, w_q, w_k, w_v, b_q=None, b_k=None, b_v=None):
    from .basic import linear
    Eq, Ek, Ev = q.size(-1), k.size(-1), v.size(-1)
    if tuple(w_q.shape) != (Eq, Eq):
        raise AssertionError(f"expecting query weights shape of {(Eq, Eq)}, but got {w_q.shape}")
    if tuple(w_k.shape) != (Eq, Ek):
        raise AssertionError(f"expecting key weights shape of {(Eq, Ek)}, but got {w_k.shape}")
    if tuple(w_v.shape) != (Eq, Ev):
        raise AssertionError(f"expecting value weights shape of {(Eq, Ev)}, but got {w_v.shape}")
    return linear(q, w_q, b_q), linear(k, w_k, b_k), linear(v, w_v, b_v)


def multi_head_attention_forward(query, key, value, embed_dim_to_check, num_heads, in_proj_weight, in_proj_bias,
                                 bias_k, bias_v, add_zero_attn, dropout_p, out_proj_weight, out_proj_bias,
                                 training=True, key_padding_mask=None, need_weights=True, attn_mask=None,
                                 use_separate_proj_weight=False, q_proj_weight=None, k_proj_weight=None,
                                 v_proj_weight=None, static_k=None, static_v=None, average_attn_weights=True,
                                 is_causal=False):
    """``torch.nn.functional.multi_head_attention_forward`` (inputs are ``(L, N, E)`` or ``(L, E)``)."""
    from .basic import dropout, linear
    from .sampling import pad
    from ...ops.shape_ext import cat
    from ...ops.creation import zeros
    from ...ops.linalg import baddbmm, bmm

    is_batched = _mha_shape_check(query, key, value, key_padding_mask, attn_mask, num_heads)
    if not is_batched:
        query = query.unsqueeze(1)
        key = key.unsqueeze(1)
        value = value.unsqueeze(1)
        if key_padding_mask is not None:
            key_padding_mask = key_padding_mask.unsqueeze(0)
    tgt_len, bsz, embed_dim = query.shape
    src_len = key.shape[0]
    key_padding_mask = _canonical_mask(key_padding_mask, "key_padding_mask",
                                       None if attn_mask is None else attn_mask.dtype, "attn_mask", query.dtype)
    if is_causal and attn_mask is None:
        raise RuntimeError("Need attn_mask if specifying the is_causal hint. You may use the Transformer module "
                           "method `generate_square_subsequent_mask` to create this mask.")
    if is_causal and key_padding_mask is None and not need_weights:
        attn_mask = None
    else:
        attn_mask = _canonical_mask(attn_mask, "attn_mask", None, "", query.dtype, check_other=False)
        if key_padding_mask is not None:
            is_causal = False
    if embed_dim != embed_dim_to_check:
        raise AssertionError(f"was expecting embedding dimension of {embed_dim_to_check}, but got {embed_dim}")
    head_dim = embed_dim // num_heads
    if head_dim * num_heads != embed_dim:
        raise AssertionError(f"embed_dim {embed_dim} not divisible by num_heads {num_heads}")
    if use_separate_proj_weight:
        if key.shape[:2] != value.shape[:2]:
            raise AssertionError(f"key's sequence and batch dims {key.shape[:2]} do not match value's "
                                 f"{value.shape[:2]}")
    elif key.shape != value.shape:
        raise AssertionError(f"key shape {key.shape} does not match value shape {value.shape}")

    if not use_separate_proj_weight:
        if in_proj_weight is None:
            raise AssertionError("use_separate_proj_weight is False but in_proj_weight is None")
        q, k, v = _in_projection_packed(query, key, value, in_proj_weight, in_proj_bias)
    else:
        if q_proj_weight is None:
            raise AssertionError("use_separate_proj_weight is True but q_proj_weight is None")
        if k_proj_weight is None:
            raise AssertionError("use_separate_proj_weight is True but k_proj_weight is None")
        if v_proj_weight is None:
            raise AssertionError("use_separate_proj_weight is True but v_proj_weight is None")
        if in_proj_bias is None:
            b_q = b_k = b_v = None
        else:
            b_q, b_k, b_v = in_proj_bias.chunk(3)
        q, k, v = _in_projection(query, key, value, q_proj_weight, k_proj_weight, v_proj_weight, b_q, b_k, b_v)

    if attn_mask is not None:
        if attn_mask.dim() == 2:
            correct = (tgt_len, src_len)
            if tuple(attn_mask.shape) != correct:
                raise RuntimeError(f"The shape of the 2D attn_mask is {attn_mask.shape}, but should be {correct}.")
            attn_mask = attn_mask.unsqueeze(0)
        elif attn_mask.dim() == 3:
            correct = (bsz * num_heads, tgt_len, src_len)
            if tuple(attn_mask.shape) != correct:
                raise RuntimeError(f"The shape of the 3D attn_mask is {attn_mask.shape}, but should be {correct}.")
        else:
            raise RuntimeError(f"attn_mask's dimension {attn_mask.dim()} is not supported")

    if bias_k is not None and bias_v is not None:
        if static_k is not None:
            raise AssertionError("bias cannot be added to static key.")
        if static_v is not None:
            raise AssertionError("bias cannot be added to static value.")
        k = cat([k, bias_k.repeat(1, bsz, 1)])
        v = cat([v, bias_v.repeat(1, bsz, 1)])
        if attn_mask is not None:
            attn_mask = pad(attn_mask, (0, 1))
        if key_padding_mask is not None:
            key_padding_mask = pad(key_padding_mask, (0, 1))
    else:
        if bias_k is not None:
            raise AssertionError("bias_k is set but bias_v is None")
        if bias_v is not None:
            raise AssertionError("bias_v is set but bias_k is None")

    q = q.view(tgt_len, bsz * num_heads, head_dim).transpose(0, 1)
    if static_k is None:
        k = k.view(k.shape[0], bsz * num_heads, head_dim).transpose(0, 1)
    else:
        if static_k.size(0) != bsz * num_heads:
            raise AssertionError(f"expecting static_k.size(0) of {bsz * num_heads}, but got {static_k.size(0)}")
        if static_k.size(2) != head_dim:
            raise AssertionError(f"expecting static_k.size(2) of {head_dim}, but got {static_k.size(2)}")
        k = static_k
    if static_v is None:
        v = v.view(v.shape[0], bsz * num_heads, head_dim).transpose(0, 1)
    else:
        if static_v.size(0) != bsz * num_heads:
            raise AssertionError(f"expecting static_v.size(0) of {bsz * num_heads}, but got {static_v.size(0)}")
        if static_v.size(2) != head_dim:
            raise AssertionError(f"expecting static_v.size(2) of {head_dim}, but got {static_v.size(2)}")
        v = static_v

    if add_zero_attn:
        zshape = (bsz * num_heads, 1, head_dim)
        k = cat([k, zeros(zshape, dtype=k.dtype)], dim=1)
        v = cat([v, zeros(zshape, dtype=v.dtype)], dim=1)
        if attn_mask is not None:
            attn_mask = pad(attn_mask, (0, 1))
        if key_padding_mask is not None:
            key_padding_mask = pad(key_padding_mask, (0, 1))

    src_len = k.size(1)
    if key_padding_mask is not None:
        if key_padding_mask.shape[0] != bsz:
            raise AssertionError(f"Expected key_padded_mask.shape[0] to be {bsz}, but got "
                                 f"{key_padding_mask.shape[0]}")
        if key_padding_mask.shape[1] != src_len:
            raise AssertionError(f"Expected key_padded_mask.shape[1] to be {src_len}, but got "
                                 f"{key_padding_mask.shape[1]}")
        key_padding_mask = key_padding_mask.view(bsz, 1, 1, src_len).expand(-1, num_heads, -1, -1).reshape(
            bsz * num_heads, 1, src_len)
        attn_mask = key_padding_mask if attn_mask is None else attn_mask + key_padding_mask

    if not training:
        dropout_p = 0.0

    if need_weights:
        _B, _Nt, E = q.shape
        q_scaled = q * math.sqrt(1.0 / float(E))
        if is_causal and attn_mask is None:
            raise AssertionError("FIXME: is_causal not implemented for need_weights")
        if attn_mask is not None:
            w = baddbmm(attn_mask, q_scaled, k.transpose(-2, -1))
        else:
            w = bmm(q_scaled, k.transpose(-2, -1))
        w = w.softmax(-1)
        if dropout_p > 0.0:
            w = dropout(w, p=dropout_p)
        attn_output = bmm(w, v)
        attn_output = attn_output.transpose(0, 1).reshape(tgt_len * bsz, embed_dim)
        attn_output = linear(attn_output, out_proj_weight, out_proj_bias)
        attn_output = attn_output.view(tgt_len, bsz, attn_output.size(1))
        w = w.view(bsz, num_heads, tgt_len, src_len)
        if average_attn_weights:
            w = w.mean(dim=1)
        if not is_batched:
            attn_output = attn_output.squeeze(1)
            w = w.squeeze(0)
        return attn_output, w
    if attn_mask is not None:
        if attn_mask.size(0) == 1 and attn_mask.dim() == 3:
            attn_mask = attn_mask.unsqueeze(0)
        else:
            attn_mask = attn_mask.view(bsz, num_heads, -1, src_len)
    q = q.view(bsz, num_heads, tgt_len, head_dim)
    k = k.view(bsz, num_heads, src_len, head_dim)
    v = v.view(bsz, num_heads, src_len, head_dim)
    attn_output = scaled_dot_product_attention(q, k, v, attn_mask, dropout_p, is_causal)
    attn_output = attn_output.permute(2, 0, 1, 3).reshape(bsz * tgt_len, embed_dim)
    attn_output = linear(attn_output, out_proj_weight, out_proj_bias)
    attn_output = attn_output.view(tgt_len, bsz, attn_output.size(1))
    if not is_batched:
        attn_output = attn_output.squeeze(1)
    return attn_output, None
