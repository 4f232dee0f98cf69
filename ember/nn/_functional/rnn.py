"""Recurrent layers: cell math and the fused per-layer kernels behind ``nn.RNN/LSTM/GRU``.

* ``rnn_tanh_cell`` / ``rnn_relu_cell`` / ``lstm_cell`` / ``gru_cell`` compose
  ember ops exactly as ATen's cells do (``RNN.cpp``), so ``nn.*Cell`` outputs
  carry PyTorch's grad_fn names and are differentiable to any order.
* ``rnn_layer`` runs one direction of one layer over a whole sequence as a
  single node: the input projections of all timesteps are one (batched) GEMM,
  each step is one GEMM plus a few in-place NumPy passes, and
  backward-through-time computes the gate gradients step by step and then
  the weight and input gradients with three large GEMMs.  The LSTM kernels
  run feature-major (``(features, B)`` per step, so each gate is a contiguous
  block) and compute the derivative factors during the forward, while each
  step's values are still in cache.
* ``rnn_forward`` stacks layers and directions like ``_VF.lstm/gru/rnn_*``.

Float32 LSTM layers are named ``MkldnnRnnLayerBackward0`` like PyTorch's CPU
path; GRU, RNN and float64 LSTM layers are compositions in PyTorch, whose
top-level node is ``StackBackward0``.  Under ``create_graph=True`` the layer's
backward re-records it with the composed cells and differentiates that, so
higher-order gradients work as in PyTorch.
"""
from __future__ import annotations

import numpy as np

from ...backend import blas
from ...backend.scratch import big_empty, pooled, scratch
from ...ops._common import GRAD, Node, Tensor, _make, finish
from ...ops import pointwise as _pointwise

__all__: list = []   # not part of torch.nn.functional (PyTorch keeps these in torch._VF)


def _linear(x, w, b):
    from .basic import linear
    return linear(x, w, b)


# ------------------------------------------------------------------ cells (composed)
def _check_cell(input, hidden, w_ih, w_hh) -> None:
    """ATen's ``check_rnn_cell_forward_input`` / ``_hidden`` (``hidden``: the state tensors)."""
    if input.shape[1] != w_ih.shape[1]:
        raise RuntimeError(f"input has inconsistent input_size: got {input.shape[1]} expected {w_ih.shape[1]}")
    for label, hx in enumerate(hidden):
        if input.shape[0] != hx.shape[0]:
            raise RuntimeError(f"Input batch size {input.shape[0]} doesn't match hidden{label} batch size "
                               f"{hx.shape[0]}")
        if hx.shape[1] != w_hh.shape[1]:
            raise RuntimeError(f"hidden{label} has inconsistent hidden_size: got {hx.shape[1]}, expected "
                               f"{w_hh.shape[1]}")


def rnn_tanh_cell(input, hx, w_ih, w_hh, b_ih=None, b_hh=None) -> Tensor:
    """``tanh(x W_ih^T + b_ih + h W_hh^T + b_hh)``."""
    _check_cell(input, (hx,), w_ih, w_hh)
    return (_linear(hx, w_hh, b_hh) + _linear(input, w_ih, b_ih)).tanh()


def rnn_relu_cell(input, hx, w_ih, w_hh, b_ih=None, b_hh=None) -> Tensor:
    """``relu(x W_ih^T + b_ih + h W_hh^T + b_hh)``."""
    _check_cell(input, (hx,), w_ih, w_hh)
    return (_linear(hx, w_hh, b_hh) + _linear(input, w_ih, b_ih)).relu()


def lstm_cell(input, hx, w_ih, w_hh, b_ih=None, b_hh=None):
    """One LSTM step; gate order i, f, g, o.  Returns ``(h, c)``.  Like ``torch.lstm_cell``, ``hx`` must be a
    tuple or list of exactly two tensors."""
    if isinstance(hx, Tensor) or not isinstance(hx, (tuple, list)):
        raise TypeError("lstm_cell(): argument 'hx' (position 2) must be tuple of Tensors, not "
                        f"{type(hx).__name__}")
    if len(hx) != 2:
        raise RuntimeError("lstm_cell expects two hidden states")
    h, c = hx
    _check_cell(input, (h, c), w_ih, w_hh)
    return _lstm_gates(_linear(h, w_hh, b_hh) + _linear(input, w_ih, b_ih), c)


def _lstm_gates(gates, c):
    """The LSTM step from its gate pre-activations: ``(h, c)``."""
    i, f, g, o = gates.chunk(4, 1)
    i = i.sigmoid()
    f = f.sigmoid()
    g = g.tanh()
    o = o.sigmoid()
    cy = f * c + i * g
    hy = o * cy.tanh()
    return hy, cy


def gru_cell(input, hx, w_ih, w_hh, b_ih=None, b_hh=None) -> Tensor:
    """One GRU step; gate order r, z, n with ``n = tanh(W_in x + b_in + r * (W_hn h + b_hn))``."""
    _check_cell(input, (hx,), w_ih, w_hh)
    return _gru_gates(_linear(input, w_ih, b_ih), _linear(hx, w_hh, b_hh), hx)


def _gru_gates(gi, gh, hx):
    """The GRU step from the input and hidden projections."""
    gi = gi.chunk(3, 1)
    gh = gh.chunk(3, 1)
    r = (gi[0] + gh[0]).sigmoid()
    z = (gi[1] + gh[1]).sigmoid()
    n = (gi[2] + gh[2] * r).tanh()
    return (hx - n) * z + n


# ------------------------------------------------------------------ NumPy kernels
def _exp_(a):
    """In-place ``exp`` evaluated in float64 and rounded once, as ember's ``exp`` and ``sigmoid`` ops do:
    PyTorch's vectorised float32 ``exp`` (the GRU and RNN cells are ATen ops) agrees with the correctly
    rounded value far more often than NumPy's float32 routine does.  Above ``_PRECISE_LIMIT`` elements
    NumPy's float32 loop runs, as for those ops."""
    if a.dtype == np.float32 and a.size <= _PRECISE_LIMIT:
        np.exp(a, out=a, dtype=np.float64, casting="unsafe")
    else:
        np.exp(a, out=a)


_PRECISE_LIMIT = _pointwise._PRECISE_LIMIT
_TINY_TANH = 2.0 ** -12
_TANH_VIA_EXP_MIN = 2048


def _tanh_(a):
    """In-place ``tanh`` evaluated in float64 and rounded once (see ``_exp_``).

    A float32 array of ``_TANH_VIA_EXP_MIN`` elements or more goes through ``2 / (1 + exp(-2a)) - 1``
    in float64, half the cost of NumPy's float64 ``tanh`` and rounded to the same float32; below
    ``2**-12`` in magnitude (where that form cancels, and for the sign of zero) the few elements take
    ``tanh`` itself.
    """
    if a.dtype != np.float32 or a.size > _PRECISE_LIMIT:  # (the limit of ember's own ``tanh``)
        np.tanh(a, out=a)
        return
    if a.size < _TANH_VIA_EXP_MIN:   # small: one ufunc call costs less than six passes
        np.tanh(a, out=a, dtype=np.float64, casting="unsafe")
        return
    t = a.astype(np.float64)
    t *= -2.0
    np.exp(t, out=t)
    t += 1.0
    np.divide(2.0, t, out=t)
    t -= 1.0
    tiny = np.abs(a) < _TINY_TANH
    if tiny.any():
        t[tiny] = np.tanh(a[tiny].astype(np.float64))
    np.copyto(a, t, casting="unsafe")


def _sigmoid_(a):
    """ATen's sigmoid kernel: ``1 / (1 + exp(-a))``, each step rounded in ``a``'s dtype."""
    np.negative(a, out=a)
    _exp_(a)
    a += a.dtype.type(1)
    np.reciprocal(a, out=a)
    return a


def _order(T: int, reverse: bool):
    return range(T - 1, -1, -1) if reverse else range(T)


def _prev_h(y, h0, reverse: bool):
    """h before each timestep, in time order (``(T, B, H)``; a scratch buffer, valid until the next call)."""
    hp = scratch(y.shape, y.dtype, "rnn.prev_h")
    if reverse:
        hp[:-1] = y[1:]
        hp[-1] = h0
    else:
        hp[1:] = y[:-1]
        hp[0] = h0
    return hp


def _ifog(w, H: int):
    """Rows of an ``(i, f, g, o)``-stacked LSTM weight or bias reordered to ``(-i, -f, -o, g)``.

    With the three sigmoid gates first and their pre-activations negated, one
    ``1 / (1 + exp(.))`` pass over a contiguous ``3H`` block replaces two
    sigmoid calls of four passes each.  Negation is exact, so every value is
    bit-identical to computing ``1 / (1 + exp(-z))`` on the original layout.
    """
    out = np.empty_like(w)
    np.negative(w[:2 * H], out=out[:2 * H])
    np.negative(w[3 * H:], out=out[2 * H:3 * H])
    out[3 * H:] = w[2 * H:3 * H]
    return out


def _acc_gemm(dt):
    """``gemm(a, b, out)``: ``out += a @ b`` for C-contiguous 2-D arrays (one rounding per element
    when the BLAS takes it, as ``tmp = a @ b; out += tmp``)."""
    fn = blas.gemm_fn(dt)
    if fn is None:
        def gemm(a, b, out):
            out += a @ b
        return gemm

    addr = blas._addr  # an array's data address without building ``a.ctypes`` (5x cheaper)

    def gemm(a, b, out):
        m, k = a.shape
        n = b.shape[1]
        fn(_ROW_MAJOR, _NO_TRANS, _NO_TRANS, m, n, k, 1.0, addr(a), k, addr(b), n, 1.0, addr(out), n)
    return gemm


_ROW_MAJOR, _NO_TRANS = 101, 111


def _lstm_fwd(x, h0, c0, w_ih, w_hh, b_ih, b_hh, reverse, need_grad=True):
    """Returns ``(y, h_T, c_T, cache)``.

    The loop runs feature-major: every per-step array is ``(features, B)``, so
    each gate is one contiguous block (one NumPy pass) and the step's GEMM is
    ``gates += W_hh @ h`` accumulated in place by the BLAS.  With
    ``need_grad`` the backward's derivative factors are computed here, while
    each step's values are still in cache: ``C[t]`` holds the factors of the
    gate pre-activations (``i, f, g`` times ``dc``, ``o`` times ``dh``) and
    ``A[t]`` that of ``dc`` from ``dh``.  ``G[t]`` keeps the activated gates
    in ``(i, f, o, g)`` order.
    """
    T, B, _ = x.shape
    H = w_hh.shape[1]
    dt = x.dtype
    H3 = 3 * H
    one = dt.type(1)
    # Pre-activations with the sigmoid gates negated (see _ifog).  Pooled: the next step
    # reuses them once this step's node has released its cache.
    G = pooled((T, 4 * H, B), dt, "lstm.gates")
    np.matmul(_ifog(w_ih, H), x.transpose(0, 2, 1), out=G)
    bias = None
    if b_ih is not None:  # added step by step, where the step's gates are loaded anyway
        bias = np.ascontiguousarray(np.broadcast_to(_ifog(b_ih + b_hh, H)[:, None], (4 * H, B)))
    whh = _ifog(w_hh, H)
    gemm = _acc_gemm(dt) if B and H else None
    yT = scratch((T, H, B), dt, "lstm.yT")
    cT = scratch((T, H, B), dt, "lstm.cs")
    C = pooled((T, 4 * H, B), dt, "lstm.C") if need_grad else None
    A = pooled((T, H, B), dt, "lstm.A") if need_grad else None
    ig = np.empty((H, B), dtype=dt)
    tc = np.empty((H, B), dtype=dt)
    h = np.ascontiguousarray(h0.T)
    c = np.ascontiguousarray(c0.T)
    for t in _order(T, reverse):
        gt = G[t]
        if bias is not None:
            gt += bias
        if gemm is not None:
            gemm(whh, h, gt)
        sg = gt[:H3]                    # i, f, o: 1 / (1 + exp(-z)), -z already in place
        np.exp(sg, out=sg)
        sg += one
        np.reciprocal(sg, out=sg)
        g = gt[H3:]
        np.tanh(g, out=g)
        ct = cT[t]
        np.multiply(gt[H:2 * H], c, out=ct)
        np.multiply(gt[:H], g, out=ig)
        ct += ig
        np.tanh(ct, out=tc)
        o = gt[2 * H:H3]
        np.multiply(o, tc, out=yT[t])
        if need_grad:
            _lstm_factors(C[t], A[t], gt, c, tc, H)
        h, c = yT[t], ct
    y = big_empty((T, B, H), dt, "lstm.y")
    np.copyto(y, yT.transpose(0, 2, 1))
    return y, np.array(h.T), np.array(c.T), (G, C, A)


def _lstm_factors(Ct, At, gt, cprev, tc, H):
    """One step's derivative factors (see ``_lstm_fwd``), in place into ``Ct`` / ``At``."""
    one = gt.dtype.type(1)
    H2, H3 = 2 * H, 3 * H
    D = Ct[:H3]                          # sigmoid' = (1 - s) s for i, f, o, in slots i, f, g
    np.subtract(one, gt[:H3], out=D)
    D *= gt[:H3]
    np.multiply(D[H2:], tc, out=Ct[H3:])          # o:  dh * o' * tanh(c)
    D[:H] *= gt[H3:]                               # i:  dc * i' * g
    D[H:H2] *= cprev                               # f:  dc * f' * c_prev
    c2 = Ct[H2:H3]                                 # g:  dc * i * (1 - g^2)
    np.multiply(gt[H3:], gt[H3:], out=c2)
    np.subtract(one, c2, out=c2)
    c2 *= gt[:H]
    np.multiply(tc, tc, out=At)                    # dc += dh * o * (1 - tanh(c)^2)
    np.subtract(one, At, out=At)
    At *= gt[H2:H3]


def _lstm_bwd(x, h0, c0, w_ih, w_hh, y, cache, gy, ghT, gcT, reverse, need):
    """Backward through time, feature-major like the forward; the gate gradients of every
    step are then one ``(4H, T*B)`` matrix for the weight and input gradients."""
    G, C, A = cache
    T, B, H = y.shape
    dt = y.dtype
    H3 = 3 * H
    dG = scratch((T, 4 * H, B), dt, "lstm.dG")    # gates in PyTorch's (i, f, g, o) order
    dh = np.zeros((H, B), dtype=dt) if ghT is None else np.array(np.asarray(ghT, dtype=dt).T)
    dc = np.zeros((H, B), dtype=dt) if gcT is None else np.array(np.asarray(gcT, dtype=dt).T)
    if gy is not None:
        gyT = scratch((T, H, B), dt, "lstm.gyT")
        np.copyto(gyT, gy.transpose(0, 2, 1))
    whh_t = np.ascontiguousarray(w_hh.T)
    tmp = np.empty((H, B), dtype=dt)
    for t in _order(T, not reverse):
        if gy is not None:
            dh += gyT[t]
        np.multiply(dh, A[t], out=tmp)
        dc += tmp
        Ct, dGt = C[t], dG[t]
        np.multiply(dh, Ct[H3:], out=dGt[H3:])
        for k in range(0, H3, H):
            np.multiply(dc, Ct[k:k + H], out=dGt[k:k + H])
        dc *= G[t, H:2 * H]
        np.matmul(whh_t, dGt, out=dh)
    Gm = scratch((4 * H, T, B), dt, "lstm.dGm")
    np.copyto(Gm, dG.transpose(1, 0, 2))
    Gm = Gm.reshape(4 * H, T * B)
    dx = np.matmul(Gm.T, w_ih).reshape(x.shape) if need[0] else None
    dwih = np.matmul(Gm, x.reshape(T * B, x.shape[2])) if need[1] else None
    dwhh = np.matmul(Gm, _prev_h(y, h0, reverse).reshape(T * B, H)) if need[2] else None
    db = Gm.sum(1) if (need[3] or need[4]) else None
    dbih = db if need[3] else None
    dbhh = (db.copy() if need[3] else db) if need[4] else None  # two leaves never share a .grad buffer
    return dx, dwih, dwhh, dbih, dbhh, np.array(dh.T), np.array(dc.T)


def _weight_grads(x, h0, y, dGi, dGh, w_ih, reverse, need, dh0, dc0):
    """(dx, dW_ih, dW_hh, db_ih, db_hh, dh0, dc0) from the gate gradients of all steps."""
    T, B, _ = x.shape
    Gi = dGi.reshape(T * B, dGi.shape[2])
    Gh = dGh.reshape(T * B, dGh.shape[2])
    dx = np.matmul(Gi, w_ih).reshape(x.shape) if need[0] else None
    dwih = np.matmul(Gi.T, x.reshape(T * B, x.shape[2])) if need[1] else None
    dwhh = np.matmul(Gh.T, _prev_h(y, h0, reverse).reshape(T * B, y.shape[2])) if need[2] else None
    dbih = Gi.sum(0) if need[3] else None
    if need[4]:   # a separate array even when equal to dbih (two leaves must not share a .grad buffer)
        dbhh = dbih.copy() if (dGh is dGi and dbih is not None) else Gh.sum(0)
    else:
        dbhh = None
    return dx, dwih, dwhh, dbih, dbhh, dh0, dc0


def _gru_fwd(x, h0, w_ih, w_hh, b_ih, b_hh, reverse):
    T, B, _ = x.shape
    H = w_hh.shape[1]
    dt = x.dtype
    gi = np.matmul(x.reshape(T * B, x.shape[2]), w_ih.T).reshape(T, B, 3 * H)
    if b_ih is not None:
        gi += b_ih
    whh_t = w_hh.T
    rz = np.empty((T, B, 2 * H), dtype=dt)
    ns = np.empty((T, B, H), dtype=dt)
    hns = np.empty((T, B, H), dtype=dt)
    y = np.empty((T, B, H), dtype=dt)
    gh = np.empty((B, 3 * H), dtype=dt)
    h = h0
    for t in _order(T, reverse):
        np.matmul(h, whh_t, out=gh)
        if b_hh is not None:
            gh += b_hh
        rzt = rz[t]
        np.add(gi[t, :, :2 * H], gh[:, :2 * H], out=rzt)
        _sigmoid_(rzt)
        hns[t] = gh[:, 2 * H:]
        n = ns[t]
        np.multiply(rzt[:, :H], gh[:, 2 * H:], out=n)
        n += gi[t, :, 2 * H:]
        _tanh_(n)
        yt = y[t]
        np.subtract(h, n, out=yt)
        yt *= rzt[:, H:]
        yt += n
        h = yt
    return y, h, None, (rz, ns, hns)


def _gru_bwd(x, h0, c0, w_ih, w_hh, y, cache, gy, ghT, gcT, reverse, need):
    rz, ns, hns = cache
    T, B, H = y.shape
    dt = y.dtype
    one = dt.type(1)
    r, z = rz[..., :H], rz[..., H:]
    hp = _prev_h(y, h0, reverse)
    # factors: dn_pre = dh * Kn ; dz_pre = dh * Kz ; dr_pre = dn_pre * Kr ; dhn = dn_pre * r
    Kn = (one - z) * (one - ns * ns)
    Kz = (hp - ns) * z * (one - z)
    Kr = hns * r * (one - r)
    dGi = scratch((T, B, 3 * H), dt, "gru.dGi")  # used by _weight_grads only, never returned
    dGh = scratch((T, B, 3 * H), dt, "gru.dGh")
    dh = np.zeros((B, H), dtype=dt) if ghT is None else np.array(ghT, dtype=dt)
    tmp = np.empty((B, H), dtype=dt)
    for t in _order(T, not reverse):
        if gy is not None:
            dh += gy[t]
        gi_t, gh_t = dGi[t], dGh[t]
        dn = gi_t[:, 2 * H:]
        np.multiply(dh, Kn[t], out=dn)
        np.multiply(dh, Kz[t], out=gi_t[:, H:2 * H])
        np.multiply(dn, Kr[t], out=gi_t[:, :H])
        gh_t[:, :2 * H] = gi_t[:, :2 * H]
        np.multiply(dn, r[t], out=gh_t[:, 2 * H:])
        np.multiply(dh, z[t], out=tmp)
        np.matmul(gh_t, w_hh, out=dh)
        dh += tmp
    return _weight_grads(x, h0, y, dGi, dGh, w_ih, reverse, need, dh, None)


def _rnn_fwd(x, h0, w_ih, w_hh, b_ih, b_hh, reverse, relu):
    T, B, _ = x.shape
    H = w_hh.shape[1]
    dt = x.dtype
    # PyTorch's rounding order: (h W_hh^T + b_hh) + (x W_ih^T + b_ih), then the non-linearity
    pre = np.matmul(x.reshape(T * B, x.shape[2]), w_ih.T).reshape(T, B, H)
    if b_ih is not None:
        pre += b_ih
    whh_t = w_hh.T
    y = np.empty((T, B, H), dtype=dt)
    tmp = np.empty((B, H), dtype=dt)
    h = h0
    for t in _order(T, reverse):
        np.matmul(h, whh_t, out=tmp)
        if b_hh is not None:
            tmp += b_hh
        yt = y[t]
        np.add(pre[t], tmp, out=yt)
        if relu:
            np.maximum(yt, dt.type(0), out=yt)
        else:
            _tanh_(yt)
        h = yt
    return y, h, None, None


def _tanh_slope(y):
    """``1 - y*y`` rounded once: ATen's ``tanh_backward`` kernel computes ``g * (1 - y*y)`` with the
    ``1 - y*y`` contracted into one FMA (see ``pointwise.tanh_grad``, whose float32 shortcut this is:
    the square is exact in float64)."""
    if y.dtype == np.float32:
        t = y.astype(np.float64)
        t *= t
        return np.subtract(1.0, t, out=t).astype(np.float32)
    from ...backend.fma import fma
    return fma(np.negative(y), y, 1.0, y.dtype)


def _rnn_bwd(x, h0, c0, w_ih, w_hh, y, cache, gy, ghT, gcT, reverse, need, relu):
    T, B, H = y.shape
    dt = y.dtype
    K = (y > 0).astype(dt) if relu else _tanh_slope(y)
    dG = np.empty((T, B, H), dtype=dt)
    dh = np.zeros((B, H), dtype=dt) if ghT is None else np.array(ghT, dtype=dt)
    for t in _order(T, not reverse):
        if gy is not None:
            dh += gy[t]
        np.multiply(dh, K[t], out=dG[t])
        np.matmul(dG[t], w_hh, out=dh)
    return _weight_grads(x, h0, y, dG, dG, w_ih, reverse, need, dh, None)


# ------------------------------------------------------------------ the layer node
class _RnnLayerBase(Node):
    """One direction of one recurrent layer; inputs (x, w_ih, w_hh, b_ih, b_hh, h0, c0)."""

    __slots__ = ("mode", "reverse", "n_out")
    # saved: (x, w_ih, w_hh, b_ih, b_hh, h0, c0, output array, per-step cache); freed after backward
    multi_output = True

    @property
    def num_outputs(self) -> int:
        return self.n_out

    def _raw(self, gy, gh, gc):
        x, w_ih, w_hh, b_ih, b_hh, h0, c0, y, cache = self.saved()
        e = self._edges
        need = tuple(e[k] is not None for k in range(5))
        args = (x._data, h0._data, None if c0 is None else c0._data, w_ih._data, w_hh._data, y, cache,
                gy, gh, gc, self.reverse, need)
        m = self.mode
        if m == "LSTM":
            dx, dwih, dwhh, dbih, dbhh, dh0, dc0 = _lstm_bwd(*args)
        elif m == "GRU":
            dx, dwih, dwhh, dbih, dbhh, dh0, dc0 = _gru_bwd(*args)
        else:
            dx, dwih, dwhh, dbih, dbhh, dh0, dc0 = _rnn_bwd(*args, relu=(m == "RNN_RELU"))
        return (dx, dwih, dwhh, dbih, dbhh, dh0 if e[5] is not None else None,
                dc0 if len(e) > 6 and e[6] is not None else None)

    def vjp(self, gy, gh=None, gc=None):
        return self._raw(gy, gh, gc)

    def backward(self, gy, gh=None, gc=None):
        raw = [None if g is None else g._data for g in (gy, gh, gc)]
        if not GRAD.enabled:
            return tuple(None if r is None else _make(r) for r in self._raw(*raw))
        return self._recorded_backward(gy, gh, gc)

    def _recorded_backward(self, gy, gh, gc):
        """``create_graph=True``: re-record the layer with composed cells and differentiate it."""
        from ...autograd import grad as _grad
        saved = self.saved()[:7]
        x, w_ih, w_hh, b_ih, b_hh, h0, c0 = saved
        y, hT, cT = _composed_layer(self.mode, x, h0, c0, w_ih, w_hh, b_ih, b_hh, self.reverse)
        outs, gos = [], []
        for o, g in ((y, gy), (hT, gh), (cT, gc)):
            if o is not None and g is not None and o.requires_grad:
                outs.append(o)
                gos.append(g)
        idx = [k for k, e in enumerate(self._edges) if e is not None]
        ins = [saved[k] for k in idx]
        res = [None] * len(self._edges)
        if outs and ins:
            gs = _grad(outs, ins, gos, create_graph=True, allow_unused=True)
            for k, g in zip(idx, gs):
                res[k] = g
        return tuple(res)


_LSTM_NODE = type("MkldnnRnnLayerBackward0", (_RnnLayerBase,), {"__slots__": ()})
_STACK_NODE = type("StackBackward0", (_RnnLayerBase,), {"__slots__": ()})


def _composed_layer(mode, x, h0, c0, w_ih, w_hh, b_ih, b_hh, reverse):
    """One layer-direction composed of ordinary ops as ATen's ``FullLayer`` runs it: the input
    projection of the whole sequence is one ``linear``, then each step adds ``linear(h, w_hh, b_hh)``
    to its slice and applies the cell's gates."""
    from ...ops.shape_ext import stack
    T = x.shape[0]
    steps = _linear(x, w_ih, b_ih).unbind(0)
    h, c = h0, c0
    ys = [None] * T
    for t in _order(T, reverse):
        gh = _linear(h, w_hh, b_hh)
        if mode == "LSTM":
            h, c = _lstm_gates(gh + steps[t], c)
        elif mode == "GRU":
            h = _gru_gates(steps[t], gh, h)
        elif mode == "RNN_TANH":
            h = (gh + steps[t]).tanh()
        else:
            h = (gh + steps[t]).relu()
        ys[t] = h
    return stack(ys), h, c


def rnn_layer(mode: str, x: Tensor, h0: Tensor, c0, w_ih: Tensor, w_hh: Tensor, b_ih=None, b_hh=None,
              reverse: bool = False):
    """Run one direction of one layer over ``x`` ``(T, B, I)``: returns ``(y, h_T, c_T)`` (``c_T`` None but LSTM)."""
    if x._data.dtype == np.float16:   # PyTorch composes float16 layers from its cells, rounding every op
        return _composed_layer(mode, x, h0, c0, w_ih, w_hh, b_ih, b_hh, reverse)
    xd, h0d = x._data, h0._data
    c0d = None if c0 is None else c0._data
    wih, whh = w_ih._data, w_hh._data
    bih = None if b_ih is None else b_ih._data
    bhh = None if b_hh is None else b_hh._data
    inputs = (x, w_ih, w_hh, b_ih, b_hh, h0, c0)
    track = GRAD.enabled and any(t is not None and t._rg for t in inputs)
    if mode == "LSTM":
        y, hT, cT, cache = _lstm_fwd(xd, h0d, c0d, wih, whh, bih, bhh, reverse, track)
    elif mode == "GRU":
        y, hT, cT, cache = _gru_fwd(xd, h0d, wih, whh, bih, bhh, reverse)
    else:
        y, hT, cT, cache = _rnn_fwd(xd, h0d, wih, whh, bih, bhh, reverse, mode == "RNN_RELU")
    hT = np.array(hT)
    cT = None if cT is None else np.array(cT)
    if not track:
        return _make(y), _make(hT), (None if cT is None else _make(cT))
    cls = _LSTM_NODE if (mode == "LSTM" and _uses_onednn(xd)) else _STACK_NODE
    node = cls(inputs)
    node.mode = mode
    node.reverse = reverse
    node.n_out = 3 if mode == "LSTM" else 2
    node.save(*inputs, y, cache)
    outs = [finish(y, node), _make(hT, node)]
    outs[1]._out_nr = 1
    if cT is not None:
        c = _make(cT, node)
        c._out_nr = 2
        outs.append(c)
    else:
        outs.append(None)
    return tuple(outs)


_T1 = {}


def _transpose1(cls):
    if cls not in _T1:
        _T1[cls] = type("TransposeBackward1", (cls,), {"__slots__": ()})
    return _T1[cls]


# ------------------------------------------------------------------ full multi-layer forward
def _cell_params(weights, k: int, has_bias: bool):
    """``(w_ih, w_hh, b_ih, b_hh)`` of layer-direction ``k`` in PyTorch's flat parameter order."""
    per = 4 if has_bias else 2
    w = weights[k * per:(k + 1) * per]
    return (w[0], w[1], w[2], w[3]) if has_bias else (w[0], w[1], None, None)


def _next_layer_input(outs: list, layer: int, num_layers: int, dropout: float, training: bool):
    """The directions' outputs side by side, with dropout between layers (not after the last)."""
    from ...ops.shape_ext import cat
    out = outs[0] if len(outs) == 1 else cat(outs, -1)
    if dropout and training and layer < num_layers - 1:
        from .basic import dropout as _dropout
        out = _dropout(out, dropout, True)
    return out


def _uses_onednn(xd) -> bool:
    """PyTorch's CPU ``use_mkldnn`` for a non-projected LSTM: a non-empty float32 input."""
    return xd.dtype == np.float32 and xd.size != 0


_ONEDNN_STATE_DTYPES = (np.float32, np.float16)   # the state dtypes oneDNN can name (bfloat16 too, not in ember)


def _check_onednn_states(h0: Tensor, c0: Tensor) -> None:
    """The oneDNN LSTM's refusals of ``(h0, c0)`` that are not float32 (PyTorch's CPU LSTM path)."""
    dtypes = (h0._data.dtype, c0._data.dtype)
    if any(d not in _ONEDNN_STATE_DTYPES for d in dtypes):
        raise RuntimeError("get_mkldnn_dtype: unsupported data type")
    if any(d != np.float32 for d in dtypes):
        raise RuntimeError("could not create a primitive descriptor for the LSTM forward propagation primitive. "
                           "Run workload with environment variable ONEDNN_VERBOSE=all to get additional "
                           "diagnostic information.")


def _check_fused_inputs(mode: str, x: Tensor, h0: Tensor, c0, weights, has_bias: bool) -> None:
    """Refuse what ``_VF.lstm / gru / rnn_*`` refuse before any step runs (``x`` is time-major).

    An empty sequence is refused; the oneDNN LSTM refuses non-float32 states; elsewhere a hidden
    state whose dtype differs from the weights fails in the first ``linear(h, w_hh, b_hh)``, with
    ``addmm``'s message (``mm``'s without biases).  A cell state of another dtype is promoted there.
    """
    if x.shape[0] == 0:
        raise RuntimeError("Expected sequence length to be larger than 0 in RNN")
    if mode == "LSTM" and _uses_onednn(x._data):
        _check_onednn_states(h0, c0)
    elif h0._data.dtype != weights[1]._data.dtype:
        from .basic import _check_mm
        _check_mm(h0[0], weights[1].t(), has_bias)


def rnn_forward(mode: str, input: Tensor, hx, weights, has_bias: bool, num_layers: int, dropout: float,
                training: bool, bidirectional: bool, batch_first: bool):
    """``_VF.lstm / gru / rnn_tanh / rnn_relu``: returns ``(output, h_n)`` or ``(output, h_n, c_n)``.

    ``weights`` is the flat parameter list (per layer and direction: w_ih, w_hh[, b_ih, b_hh]);
    ``hx`` is ``h0`` or ``(h0, c0)`` with shape ``(num_layers * D, B, H)``.
    """
    from ...ops.shape_ext import stack
    D = 2 if bidirectional else 1
    x = input.transpose(0, 1) if batch_first else input
    if mode == "LSTM":
        h0, c0 = hx
    else:
        h0, c0 = hx, None
    _check_fused_inputs(mode, x, h0, c0, weights, has_bias)
    hs, cs = [], []
    layer_in = x
    for layer in range(num_layers):
        outs = []
        for d in range(D):
            k = layer * D + d
            w_ih, w_hh, b_ih, b_hh = _cell_params(weights, k, has_bias)
            y, hT, cT = rnn_layer(mode, layer_in, h0[k], None if c0 is None else c0[k], w_ih, w_hh, b_ih, b_hh,
                                  reverse=(d == 1))
            outs.append(y)
            hs.append(hT)
            cs.append(cT)
        layer_in = _next_layer_input(outs, layer, num_layers, dropout, training)
    out = layer_in
    if batch_first:
        out = layer_in.transpose(0, 1)
        if mode != "LSTM" and out.grad_fn is not None and type(out.grad_fn).__name__ == "TransposeBackward0":
            out.grad_fn.__class__ = _transpose1(type(out.grad_fn))   # PyTorch transposes in place here
    if mode == "LSTM":
        return out, stack(hs), stack(cs)
    return out, stack(hs)


# ------------------------------------------------------------------ packed sequences (composed, per time step)
# PyTorch runs a PackedSequence through ``PackedLayer`` / ``ReversedPackedLayer`` (ATen ``RNN.cpp``): the
# input projection of all packed rows is one ``linear``, then each time step runs the cell on the first
# ``batch_sizes[t]`` rows; finished sequences leave the hidden state (forward direction) or join it
# (reverse direction).  It is a composition of ordinary ops there, so it is one here too: outputs show
# ``CatBackward0`` and ``StackBackward0`` and are differentiable to any order.
def _lstm_gates_add(hg: Tensor, gi: Tensor) -> Tensor:
    """ATen ``LSTMCell``'s ``linear_hh(h).add_(gi)``: in place, so ``gi`` must broadcast to the shape of
    ``linear_hh(h)`` (an ``hx`` of batch 1 under a larger batch fails: only ``nn.LSTM`` given a
    ``PackedSequence`` and ``hx`` reaches the cell unchecked)."""
    if hg.shape != gi.shape:
        from ...ops.inplace import _check_store_shape
        _check_store_shape(hg.shape, gi.shape)
    return hg + gi


def check_packed_lstm_states(hx, weights, has_bias: bool, num_layers: int, bidirectional: bool) -> None:
    """What ``_VF.lstm``'s packed CPU kernel checks of ``hx`` before its first step (``nn.LSTM`` runs no
    ``check_forward_args`` for a ``PackedSequence`` with ``hx``), in ATen's order: two states;
    ``has_projections`` (the states' sizes differ) sets how ``gather_params`` counts the parameters;
    ``_lstm_impl`` then needs one state per layer and direction."""
    if len(hx) != 2:
        raise RuntimeError("lstm expects two hidden states")
    h0, c0 = hx
    has_projections = h0.size(2) != c0.size(2)
    if has_bias:
        per_cell = 5 if has_projections else 4
    else:
        per_cell = 3 if has_projections else 2
    if len(weights) % per_cell:
        raise RuntimeError("got an incorrect number of RNN parameters")
    layers = h0.shape[0]
    if bidirectional:
        if layers % 2:
            raise RuntimeError("Odd number of params or hiddens given to a bidirectional RNN")
        layers //= 2
    if layers != num_layers:
        raise RuntimeError("Expected more hidden states in stacked_rnn")


def _packed_cell(mode: str, gi: Tensor, hidden, w_hh: Tensor, b_hh):
    """One cell step with the input projection ``gi`` precomputed (ATen's ``pre_compute_input``)."""
    if mode == "LSTM_PROJ":   # w_hh is (w_hh, w_hr): LSTM with projections
        return _proj_cell(gi, hidden, w_hh[0], b_hh, w_hh[1])
    if mode == "LSTM":
        h, c = hidden
        i, f, g, o = _lstm_gates_add(_linear(h, w_hh, b_hh), gi).chunk(4, 1)
        cy = f.sigmoid() * c + i.sigmoid() * g.tanh()
        return o.sigmoid() * cy.tanh(), cy
    if mode == "GRU":
        ig = gi.chunk(3, 1)
        hg = _linear(hidden, w_hh, b_hh).chunk(3, 1)
        r = (hg[0] + ig[0]).sigmoid()
        z = (hg[1] + ig[1]).sigmoid()
        n = (ig[2] + hg[2] * r).tanh()
        return (hidden - n) * z + n
    pre = _linear(hidden, w_hh, b_hh) + gi
    return pre.tanh() if mode == "RNN_TANH" else pre.relu()


def _hslice(hidden, start: int, end: int):
    if isinstance(hidden, tuple):
        return tuple(t.narrow(0, start, end - start) for t in hidden)
    return hidden.narrow(0, start, end - start)


def _hcat(hiddens: list):
    from ...ops.shape_ext import cat
    if isinstance(hiddens[0], tuple):
        return tuple(cat([h[k] for h in hiddens], 0) for k in range(len(hiddens[0])))
    return cat(hiddens, 0)


def _hout(hidden) -> Tensor:
    return hidden[0] if isinstance(hidden, tuple) else hidden


def _packed_layer(mode: str, gi: Tensor, bs: list, hidden, w_hh, b_hh):
    """``PackedLayer``: forward direction over packed rows; returns ``(output data, final hidden)``."""
    from ...ops.shape_ext import cat
    outs, finals = [], []
    offset, last = 0, bs[0]
    for b in bs:
        step = gi.narrow(0, offset, b)
        offset += b
        if b < last:
            finals.append(_hslice(hidden, b, last))
            hidden = _hslice(hidden, 0, b)
        last = b
        hidden = _packed_cell(mode, step, hidden, w_hh, b_hh)
        outs.append(_hout(hidden))
    finals.append(hidden)
    finals.reverse()
    return cat(outs, 0), _hcat(finals)


def _reversed_packed_layer(mode: str, gi: Tensor, bs: list, hidden0, w_hh, b_hh):
    """``ReversedPackedLayer``: last step first, growing the batch with rows of the initial hidden."""
    from ...ops.shape_ext import cat
    outs = []
    offset, last = gi.shape[0], bs[-1]
    hidden = _hslice(hidden0, 0, last)
    for b in reversed(bs):
        if b > last:
            hidden = _hcat([hidden, _hslice(hidden0, last, b)])
        step = gi.narrow(0, offset - b, b)
        offset -= b
        last = b
        hidden = _packed_cell(mode, step, hidden, w_hh, b_hh)
        outs.append(_hout(hidden))
    outs.reverse()
    return cat(outs, 0), hidden


def rnn_forward_packed(mode: str, data: Tensor, batch_sizes, hx, weights, has_bias: bool, num_layers: int,
                       dropout: float, training: bool, bidirectional: bool):
    """``_VF.lstm / gru / rnn_*`` with ``batch_sizes``: ``(output data, h_n)`` or ``(output data, h_n, c_n)``.

    ``data`` is the packed ``(sum(batch_sizes), input_size)`` tensor; ``hx`` is already in sorted batch order.
    """
    from ...ops.shape_ext import stack
    bs = [int(b) for b in (batch_sizes.tolist() if isinstance(batch_sizes, Tensor) else batch_sizes)]
    D = 2 if bidirectional else 1
    h0, c0 = hx if mode == "LSTM" else (hx, None)
    hs, cs = [], []
    layer_in = data
    for layer in range(num_layers):
        outs = []
        for d in range(D):
            k = layer * D + d
            w_ih, w_hh, b_ih, b_hh = _cell_params(weights, k, has_bias)
            hidden = (h0[k], c0[k]) if mode == "LSTM" else h0[k]
            gi = _linear(layer_in, w_ih, b_ih)
            run = _reversed_packed_layer if d == 1 else _packed_layer
            y, hT = run(mode, gi, bs, hidden, w_hh, b_hh)
            outs.append(y)
            hs.append(_hout(hT))
            if mode == "LSTM":
                cs.append(hT[1])
        layer_in = _next_layer_input(outs, layer, num_layers, dropout, training)
    if mode == "LSTM":
        return layer_in, stack(hs), stack(cs)
    return layer_in, stack(hs)


# ------------------------------------------------------------------ LSTM with projections (composed)
# ``nn.LSTM(proj_size > 0)``: oneDNN has no projections, so PyTorch's CPU path is the generic composition of
# ATen's ``FullLayer`` / ``FullBidirectionalLayer`` with ``LSTMCell`` (``RNN.cpp``): one ``linear`` for the
# input projection of all steps, then per step ``gates = linear(h, W_hh, b_hh) + gi``, ``c = f * c + i * g``,
# ``h = matmul(o * tanh(c), W_hr^T)``; outputs are stacked (``StackBackward0``), directions concatenated,
# dropout between layers, ``h_n`` / ``c_n`` stacked.  Built from ember ops, so autograd (any order) is free.
_PROJ_WARNING = ("LSTM with projections is not supported with oneDNN. Using default implementation. (Triggered "
                 "internally at /__w/pytorch/pytorch/aten/src/ATen/native/RNN.cpp:1512.)")
_PROJ_WARNED: list = []


def _proj_cell(gi, hidden, w_hh, b_hh, w_hr):
    """ATen ``LSTMCell`` with ``pre_compute_input`` and ``matmul_hr``: returns ``(h, c)``, ``h`` of size proj."""
    h, c = hidden
    i, f, g, o = _lstm_gates_add(_linear(h, w_hh, b_hh), gi).chunk(4, 1)
    cy = f.sigmoid() * c + i.sigmoid() * g.tanh()
    hy = o.sigmoid() * cy.tanh()
    return hy.matmul(w_hr.t()), cy


def _proj_params(weights, k: int, has_bias: bool):
    """``(w_ih, w_hh, b_ih, b_hh, w_hr)`` of layer-direction ``k`` (flat order: w_ih, w_hh[, b_ih, b_hh], w_hr)."""
    per = 5 if has_bias else 3
    w = weights[k * per:(k + 1) * per]
    return (w[0], w[1], w[2], w[3], w[4]) if has_bias else (w[0], w[1], None, None, w[2])


def lstm_proj_forward(input: Tensor, hx, weights, has_bias: bool, num_layers: int, dropout: float, training: bool,
                      bidirectional: bool, batch_first: bool):
    """``_VF.lstm`` with projections: returns ``(output, h_n, c_n)``; ``h0`` is ``(L * D, B, proj_size)``."""
    from ...ops.shape_ext import stack
    if input._data.dtype == np.float32 and not _PROJ_WARNED:   # PyTorch's TORCH_WARN_ONCE (oneDNN-eligible input)
        import warnings
        _PROJ_WARNED.append(True)
        warnings.warn(_PROJ_WARNING, UserWarning, stacklevel=4)
    D = 2 if bidirectional else 1
    x = input.transpose(0, 1) if batch_first else input
    if x.shape[0] == 0:
        raise RuntimeError("Expected sequence length to be larger than 0 in RNN")
    h0, c0 = hx
    hs, cs = [], []
    layer_in = x
    T = x.shape[0]
    for layer in range(num_layers):
        outs = []
        for d in range(D):
            k = layer * D + d
            w_ih, w_hh, b_ih, b_hh, w_hr = _proj_params(weights, k, has_bias)
            steps = _linear(layer_in, w_ih, b_ih).unbind(0)
            hidden = (h0[k], c0[k])
            ys = [None] * T
            for t in _order(T, d == 1):
                hidden = _proj_cell(steps[t], hidden, w_hh, b_hh, w_hr)
                ys[t] = hidden[0]
            outs.append(stack(ys))
            hs.append(hidden[0])
            cs.append(hidden[1])
        layer_in = _next_layer_input(outs, layer, num_layers, dropout, training)
    out = layer_in.transpose(0, 1) if batch_first else layer_in
    return out, stack(hs), stack(cs)


def lstm_proj_forward_packed(data: Tensor, batch_sizes, hx, weights, has_bias: bool, num_layers: int,
                             dropout: float, training: bool, bidirectional: bool):
    """``_VF.lstm`` with ``batch_sizes`` and projections: ``(output data, h_n, c_n)`` (``hx`` in sorted order)."""
    from ...ops.shape_ext import stack
    bs = [int(b) for b in (batch_sizes.tolist() if isinstance(batch_sizes, Tensor) else batch_sizes)]
    D = 2 if bidirectional else 1
    h0, c0 = hx
    hs, cs = [], []
    layer_in = data
    for layer in range(num_layers):
        outs = []
        for d in range(D):
            k = layer * D + d
            w_ih, w_hh, b_ih, b_hh, w_hr = _proj_params(weights, k, has_bias)
            gi = _linear(layer_in, w_ih, b_ih)
            run = _reversed_packed_layer if d == 1 else _packed_layer
            y, hT = run("LSTM_PROJ", gi, bs, (h0[k], c0[k]), (w_hh, w_hr), b_hh)
            outs.append(y)
            hs.append(hT[0])
            cs.append(hT[1])
        layer_in = _next_layer_input(outs, layer, num_layers, dropout, training)
    return layer_in, stack(hs), stack(cs)
