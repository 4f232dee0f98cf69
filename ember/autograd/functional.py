"""Whole-function derivatives: ``vjp``, ``jvp``, ``jacobian``, ``hessian``, ``vhp``, ``hvp``.

Everything here is reverse mode.  The four vector products share one driver
(:func:`_vector_product`): it normalises the arguments, calls the user
function on fresh copies of the inputs, lets a per-function *plan* build the
pair ``(ys, xs)`` whose vector-Jacobian product is the answer, then contracts
``v`` against that pair.  Forward-mode products (``jvp``, ``hvp``) come from a
reverse pass over a reverse pass: differentiate ``<ys, seed>`` w.r.t. ``xs``
with a zero ``seed`` that requires grad, then differentiate that result
w.r.t. ``seed``.  ``jacobian`` builds one row per output element; ``hessian``
is the jacobian of the jacobian.  ``vectorize=True`` runs one backward pass per
element of all the outputs together (PyTorch's batched vjp); the ``forward-mode``
strategy one double-backward product per input element.
"""
from __future__ import annotations

from typing import NamedTuple

__all__ = ["vjp", "jvp", "jacobian", "hessian", "hvp", "vhp"]


def _ember():
    import ember
    return ember


# --------------------------------------------------------------------------
# argument normalisation
# --------------------------------------------------------------------------

class _Packed(NamedTuple):
    """A user argument seen as a tuple of tensors, remembering its original form."""
    items: tuple
    was_tuple: bool

    def unpack(self, values):
        """Give ``values`` (one per item) back in the caller's form."""
        return values if self.was_tuple else values[0]


def _pack(value, what, caller):
    """Normalise a tensor or tuple of tensors; anything else is a TypeError."""
    was_tuple = isinstance(value, tuple)
    items = value if was_tuple else (value,)
    Tensor = _ember().Tensor
    for pos, item in enumerate(items):
        if isinstance(item, Tensor):
            continue
        where = f"value at index {pos}" if was_tuple else f"given {what}"
        raise TypeError(f"The {what} given to {caller} must be either a Tensor or a tuple of Tensors but the"
                        f" {where} has type {type(item)}.")
    return _Packed(items, was_tuple)


def _unpack_nested(blocks, outer, inner):
    """Drop the singleton levels of a ``blocks[output][input]`` result."""
    if not inner.was_tuple:
        blocks = tuple(row[0] for row in blocks)
    return outer.unpack(blocks)


def _fresh(tensors, create_graph, track):
    """New tensor objects for ``tensors``.

    A tensor that requires grad stays connected (through a view) when the caller
    wants a graph; every other one becomes a detached leaf requiring grad iff
    ``track``.
    """
    return tuple(t.view_as(t) if create_graph and t.requires_grad else t.detach().requires_grad_(track)
                 for t in tensors)


def _release(tree, create_graph):
    """Detach a (possibly nested) tuple of results unless a graph was requested."""
    if not isinstance(tree[0], _ember().Tensor):
        return tuple(_release(sub, create_graph) for sub in tree)
    return tree if create_graph else tuple(t.detach() for t in tree)


def _read_v(v, like, create_graph, caller, like_desc):
    """Normalise ``v`` and check it matches ``like`` (a ``_Packed``) entry by entry."""
    refs = like.items
    if v is None:
        if len(refs) != 1 or refs[0].nelement() != 1:
            raise RuntimeError(f"The vector v can only be None if {like_desc} "
                               "with a single element.")
        return None
    vs = _fresh(_pack(v, "v", caller).items, create_graph, False)
    if len(vs) != len(refs):
        if like.was_tuple:
            raise RuntimeError(f"v is a tuple of invalid length: should be {len(refs)} but got {len(vs)}.")
        raise RuntimeError("The given v should contain a single Tensor.")
    for pos, (given, ref) in enumerate(zip(vs, refs)):
        if given.size() != ref.size():
            entry = f"Entry {pos} in " if like.was_tuple else ""
            raise RuntimeError(f"{entry}v has invalid size: should be {ref.size()} but got {given.size()}.")
    return vs


# --------------------------------------------------------------------------
# strict mode
# --------------------------------------------------------------------------

_NOT_ALLOWED = "This is not allowed in strict mode"

# ``_demand_grad`` kinds: what a tensor that does not require grad means.
_NO_GRAD_MSG = {
    "outputs": "Output {i} of the user-provided function does not require gradients. The outputs must be"
               " computed in a differentiable manner from the input when running in strict mode.",
    "grad_inputs": "The gradient with respect to input {i} is independent of the inputs of the"
                   " user-provided function. " + _NOT_ALLOWED + ".",
    "jacobian": "While computing the hessian, found that the jacobian of the user-provided function with"
                " respect to input {i} is independent of the input. " + _NOT_ALLOWED + ". You should"
                " ensure that your function is twice differentiable and that the jacobian depends on the"
                " inputs (this would be violated by a linear function for example).",
    "hessian": "The hessian of the user-provided function with respect to input {i} is independent of the"
               " input. " + _NOT_ALLOWED + ". You should ensure that your function is thrice"
               " differentiable and that the hessian depends on the inputs.",
}

# ``_zeros_for_missing`` stages: what a missing (``None``) gradient means.
_MISSING_MSG = {
    "back": "The output of the user-provided function is independent of input {i}. " + _NOT_ALLOWED + ".",
    "back_trick": "The gradient with respect to the input is independent of entry {i} in the grad_outputs"
                  " when using the double backward trick to compute forward mode gradients. "
                  + _NOT_ALLOWED + ".",
    "double_back": "The jacobian of the user-provided function is independent of input {i}. "
                   + _NOT_ALLOWED + ".",
    "double_back_trick": "The hessian of the user-provided function is independent of entry {i} in the"
                         " grad_jacobian. " + _NOT_ALLOWED + " as it prevents from using the double"
                         " backward trick to replace forward mode AD.",
}


def _constant_msg(what, i):
    return (f"The {what} of the user-provided function is independent of input {i}. "
            f"{_NOT_ALLOWED} when create_graph=True.")


def _demand_grad(tensors, kind, strict):
    """In strict mode, every entry must exist and require grad."""
    if not strict:
        return
    for i, t in enumerate(tensors):
        if t is None:
            raise RuntimeError(_MISSING_MSG["back"].format(i=i))
        if not t.requires_grad:
            raise RuntimeError(_NO_GRAD_MSG[kind].format(i=i))


def _zeros_for_missing(grads, like, strict, create_graph, stage):
    """Turn ``None`` gradients into zeros shaped like ``like`` (strict mode: raise instead)."""
    filled = []
    for i, g in enumerate(grads):
        if g is None:
            if strict:
                raise RuntimeError(_MISSING_MSG[stage].format(i=i))
            g = _ember().zeros_like(like[i])
        elif strict and create_graph and not g.requires_grad:
            raise RuntimeError(_constant_msg("hessian" if "double" in stage else "jacobian", i))
        filled.append(g)
    return tuple(filled)


# --------------------------------------------------------------------------
# reverse-mode building blocks
# --------------------------------------------------------------------------

def _vjp_raw(ys, xs, seeds=None, create_graph=False, retain_graph=None):
    """Gradients of ``sum(<y, seed>)`` w.r.t. ``xs``, ignoring ``ys`` that carry no graph.

    Unreached ``xs`` (or all of them, when no ``y`` has a graph) give ``None``.
    """
    if seeds is None:
        seeds = (None,) * len(ys)
    live = [(y, s) for y, s in zip(ys, seeds) if y is not None and y.requires_grad]
    if not live:
        return (None,) * len(xs)
    live_ys, live_seeds = zip(*live)
    return _ember().autograd.grad(live_ys, xs, live_seeds, allow_unused=True,
                                  create_graph=create_graph, retain_graph=retain_graph)


def _seeded_vjp(ys, xs, seed_like):
    """First half of the double-backward trick.

    Returns ``(g, seed)`` with ``g = seed^T dys/dxs`` for a zero ``seed`` (shaped
    like ``seed_like``) that requires grad.  ``g`` is linear in ``seed``, so
    differentiating it w.r.t. ``seed`` gives a forward-mode product.
    """
    seed = tuple(_ember().zeros_like(t, requires_grad=True) for t in seed_like)
    return _vjp_raw(ys, xs, seed, create_graph=True), seed


def _jacobian_blocks(outputs, inputs, create_graph, strict):
    """``blocks[i][k]``: d outputs[i] / d inputs[k], of shape ``out.shape + inp.shape``.

    Built row by row: one reverse pass per element of each output.
    """
    ember = _ember()
    blocks = []
    for i, out in enumerate(outputs):
        rows = [[] for _ in inputs]
        flat = out.reshape(-1)
        for j in range(out.nelement()):
            grads = _vjp_raw((flat[j],), inputs, retain_graph=True, create_graph=create_graph)
            for k, (g, inp) in enumerate(zip(grads, inputs)):
                if g is None:
                    if strict:
                        raise RuntimeError(f"Output {i} of the user-provided function is independent of "
                                           f"input {k}. {_NOT_ALLOWED}.")
                    g = ember.zeros_like(inp)
                elif strict and create_graph and not g.requires_grad:
                    raise RuntimeError(_constant_msg("jacobian", i))
                rows[k].append(g)
        blocks.append(tuple(
            (ember.stack(r, dim=0) if r else inp.new_zeros((0,) + tuple(inp.shape))).view(out.size() + inp.size())
            for r, inp in zip(rows, inputs)))
    return tuple(blocks)


# --------------------------------------------------------------------------
# vector products
# --------------------------------------------------------------------------

_V_LIKE_INPUT = "the input to the user-provided function is a single Tensor"
_V_LIKE_OUTPUT = "the user-provided function returns a single Tensor"


def _vector_product(caller, func, inputs, v, create_graph, strict, plan, v_like_outputs=False,
                    result_like_outputs=False, stage="back"):
    """Shared driver of ``vjp``/``jvp``/``vhp``/``hvp``.

    ``plan(ins, outs)`` runs under grad mode and returns ``(ys, xs)``; the result
    is ``v^T dys/dxs`` with missing pieces zero-filled as ``stage``.
    """
    ember = _ember()
    with ember.enable_grad():
        ins = _pack(inputs, "inputs", caller)
        xs = _fresh(ins.items, create_graph, True)
        if not v_like_outputs:
            v = _read_v(v, ins, create_graph, caller, _V_LIKE_INPUT)
        outs = _pack(func(*xs), "outputs of the user-provided function", caller)
        _demand_grad(outs.items, "outputs", strict)
        if v_like_outputs:
            v = _read_v(v, outs, create_graph, caller, _V_LIKE_OUTPUT)
        ys, wrt = plan(xs, outs)
    result_like, result_form = (outs.items, outs) if result_like_outputs else (xs, ins)
    with ember.set_grad_enabled(bool(create_graph) or ember.is_grad_enabled()):
        grads = _vjp_raw(ys, wrt, v, create_graph=create_graph)
        result = _zeros_for_missing(grads, result_like, strict, create_graph, stage)
    return (outs.unpack(_release(outs.items, create_graph)),
            result_form.unpack(_release(result, create_graph)))


def _single_scalar(outs, caller):
    if outs.was_tuple or not isinstance(outs.items[0], _ember().Tensor):
        raise RuntimeError(f"The function given to {caller} should return a single Tensor")
    if outs.items[0].nelement() != 1:
        raise RuntimeError(f"The Tensor returned by the function given to {caller} should contain a single element")


def vjp(func, inputs, v=None, create_graph=False, strict=False):
    """``(func(inputs), v^T J)``: vector-Jacobian product of ``func`` at ``inputs``."""
    return _vector_product("vjp", func, inputs, v, create_graph, strict,
                           lambda xs, outs: (outs.items, xs), v_like_outputs=True)


def jvp(func, inputs, v=None, create_graph=False, strict=False):
    """``(func(inputs), J v)``: Jacobian-vector product via the double-backward trick."""
    def plan(xs, outs):
        g, seed = _seeded_vjp(outs.items, xs, outs.items)
        _demand_grad(g, "grad_inputs", strict)
        return g, seed
    return _vector_product("jvp", func, inputs, v, create_graph, strict, plan,
                           result_like_outputs=True, stage="back_trick")


def _gradient_plan(caller, strict):
    """The gradient of a scalar ``func`` (kept differentiable), strict-checked."""
    def gradient(xs, outs):
        _single_scalar(outs, caller)
        grad = _vjp_raw(outs.items, xs, create_graph=True)
        _demand_grad(grad, "jacobian", strict)
        return grad
    return gradient


def vhp(func, inputs, v=None, create_graph=False, strict=False):
    """``(func(inputs), v^T H)`` for a scalar-valued ``func``."""
    gradient = _gradient_plan("vhp", strict)
    return _vector_product("vhp", func, inputs, v, create_graph, strict,
                           lambda xs, outs: (gradient(xs, outs), xs), stage="double_back")


def hvp(func, inputs, v=None, create_graph=False, strict=False):
    """``(func(inputs), H v)`` for a scalar-valued ``func``, via the double-backward trick."""
    gradient = _gradient_plan("hvp", strict)

    def plan(xs, outs):
        grad = gradient(xs, outs)
        g, seed = _seeded_vjp(grad, xs, xs)
        _demand_grad(grad, "hessian", strict)  # the gradient itself must depend on the inputs
        return g, seed
    return _vector_product("hvp", func, inputs, v, create_graph, strict, plan, stage="double_back_trick")


# --------------------------------------------------------------------------
# full matrices
# --------------------------------------------------------------------------

def _jacobian_option_errors(inputs, create_graph, strict, vectorize, strategy):
    """Reject unsupported ``strategy`` combinations before doing any work."""
    if strategy not in ("forward-mode", "reverse-mode"):
        raise AssertionError(
            'Expected strategy to be either "forward-mode" or "reverse-mode". Hint: If your '
            'function has more outputs than inputs, "forward-mode" tends to be more performant. '
            'Otherwise, prefer to use "reverse-mode".')
    if strategy != "forward-mode":
        return
    prefix = "torch.autograd.functional.jacobian: "
    if create_graph:
        raise NotImplementedError(prefix + '`create_graph=True` and `strategy="forward-mode"` are not supported'
                                  ' together (yet). Please either set `create_graph=False` or'
                                  ' `strategy="reverse-mode"`.')
    if strict:
        raise RuntimeError(prefix + '`strict=True` and `strategy="forward-mode"` are not supported together'
                           ' (yet). Please either set `strict=False` or `strategy="reverse-mode"`.')
    if not vectorize:
        _pack(inputs, "inputs", "jacobian")
        raise NotImplementedError("Computing Jacobian using forward-AD or forward-over-reverse Hessian is"
                                  "only implemented for `vectorize=True`.")


def _jacobian_blocks_batched(outputs, inputs, create_graph):
    """``vectorize=True``: PyTorch's one batched vjp of a basis split across all outputs.

    Row ``r`` is a single backward pass through every output (a one-hot seed in the output that
    holds element ``r``, zeros in the others), so the outputs' contributions to an input add up.
    """
    from ..func._transforms import _one_hot_seeds
    ember = _ember()
    numels = [o.nelement() for o in outputs]
    total = sum(numels)
    rows = [_vjp_raw(outputs, inputs, tuple(_one_hot_seeds(outputs, r)), create_graph=create_graph,
                     retain_graph=True) for r in range(total)]
    per_input = []
    for k, inp in enumerate(inputs):
        grads = [row[k] for row in rows]
        if total == 0 or any(g is None for g in grads):
            stacked = ember.zeros_like(inp).expand((total,) + tuple(inp.shape))
        else:
            stacked = ember.stack(grads, dim=0)
        pieces = stacked.split(numels, dim=0)
        per_input.append([piece.view(out.size() + inp.size()) for piece, out in zip(pieces, outputs)])
    return tuple(tuple(per_input[k][i] for k in range(len(inputs))) for i in range(len(outputs)))


def _jacobian_forward(func, inputs, keep_graph):
    """``strategy="forward-mode"`` (with ``vectorize=True``): one Jacobian-vector product per input
    element, as PyTorch's vmapped forward-mode AD, here by the double-vjp linear map.

    The blocks come back as PyTorch's lists (``[output][input]``, singleton levels dropped as
    there) and, like PyTorch's, are not detached: a block stays attached when it depends on an
    input that requires grad, or (``keep_graph``, the outer Jacobian of ``hessian``, whose inner
    gradient marks its inputs as requiring grad) on the internal copies of the inputs.
    """
    from ..func._transforms import _enter, _linear_map, _one_hot_seeds
    ember = _ember()
    ins = _pack(inputs, "inputs", "jacobian")
    level = _enter()
    with ember.enable_grad():
        xs = [level.make_diff(x) for x in ins.items]
        outs = _pack(func(*xs), "outputs of the user-provided function", "jacobian")
        apply = _linear_map(level, list(outs.items), xs)
        numels = [x.nelement() for x in xs]
        columns = [apply(_one_hot_seeds(xs, c)) for c in range(sum(numels))]
        blocks = [_forward_blocks(columns, i, out, xs, numels) for i, out in enumerate(outs.items)]
    if not keep_graph:
        blocks = [[level.unwrap(b) for b in row] for row in blocks]
    if not ins.was_tuple:
        blocks = tuple(row[0] for row in blocks)
    return blocks if outs.was_tuple else blocks[0]


def _forward_blocks(columns, i, out, xs, numels):
    """Output ``i``'s Jacobian blocks from the per-input-element columns (PyTorch's permute + reshape)."""
    ember = _ember()
    if columns:
        stacked = ember.stack([col[i] for col in columns], dim=0)
    else:
        stacked = ember.zeros((0,) + tuple(out.shape), dtype=out.dtype)
    row = []
    for piece, x in zip(stacked.split(numels, dim=0), xs):
        moved = piece.permute(*range(1, piece.dim()), 0)
        row.append(moved.reshape(tuple(out.shape) + tuple(x.shape)))
    return row


def jacobian(func, inputs, create_graph=False, strict=False, vectorize=False, strategy="reverse-mode"):
    """Jacobian of ``func`` at ``inputs``, nested as ``[output][input]`` when those are tuples."""
    return _jacobian(func, inputs, create_graph, strict, vectorize, strategy, keep_graph=False)


def _jacobian(func, inputs, create_graph, strict, vectorize, strategy, keep_graph):
    _jacobian_option_errors(inputs, create_graph, strict, vectorize, strategy)
    if strategy == "forward-mode":
        return _jacobian_forward(func, inputs, keep_graph)
    with _ember().enable_grad():
        ins = _pack(inputs, "inputs", "jacobian")
        xs = _fresh(ins.items, create_graph, True)
        outs = _pack(func(*xs), "outputs of the user-provided function", "jacobian")
        _demand_grad(outs.items, "outputs", strict)
        if vectorize and strict and strategy == "reverse-mode":
            raise RuntimeError("torch.autograd.functional.jacobian: `strict=True` and `vectorized=True` are not"
                               " supported together. Please either set `strict=False` or `vectorize=False`.")
        if vectorize:
            blocks = _jacobian_blocks_batched(outs.items, xs, create_graph)
        else:
            blocks = _jacobian_blocks(outs.items, xs, create_graph, strict)
        return _unpack_nested(_release(blocks, create_graph), outs, ins)


def hessian(func, inputs, create_graph=False, strict=False, vectorize=False,
            outer_jacobian_strategy="reverse-mode"):
    """Hessian of a scalar ``func``: the jacobian of its (differentiable) gradient."""
    ins = _pack(inputs, "inputs", "hessian")
    if outer_jacobian_strategy not in ("forward-mode", "reverse-mode"):
        raise AssertionError('Expected strategy to be either "forward-mode" or "reverse-mode".')

    def scalar_func(*xs):
        result = func(*xs)
        outs = _pack(result, "outputs of the user-provided function", "hessian")
        _demand_grad(outs.items, "outputs", strict)
        _single_scalar(outs, "hessian")
        return result.squeeze()

    def gradient(*xs):
        if outer_jacobian_strategy == "forward-mode":
            xs = tuple(x.requires_grad_(True) for x in xs)
        grad = jacobian(scalar_func, xs, create_graph=True)
        _demand_grad(grad, "jacobian", strict)
        return grad

    blocks = _jacobian(gradient, ins.items, create_graph, strict, vectorize, outer_jacobian_strategy,
                       keep_graph=True)
    return _unpack_nested(blocks, ins, ins)
