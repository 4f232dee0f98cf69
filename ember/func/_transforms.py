"""``torch.func`` autodiff transforms on ember's reverse-mode autograd.

``grad``, ``grad_and_value``, ``vjp``, ``jvp``, ``jacrev``, ``jacfwd`` and
``hessian`` mirror ``torch._functorch.eager_transforms``: same signatures,
argument checks, output structures and error messages.

PyTorch gives every transform a *level* and wraps the inputs.  Here the
differentiated inputs become fresh leaves (or, when they already require
grad for an enclosing transform or the user, differentiable aliases), the
derivatives are taken with ``create_graph=True`` so that transforms nest
(``grad(grad(f))``, ``jacfwd(jacrev(f))``), and results that depend on nothing
outside the transform are detached, as PyTorch's unwrapping leaves them.
Forward mode (``jvp``/``jacfwd``) is computed by reverse mode (the double-vjp
trick and row-by-row Jacobians) and returns what PyTorch returns.
"""
from __future__ import annotations

from ._pytree import tree_flatten, tree_map, tree_unflatten
from ._vmap import _check_randomness_arg
from ..autograd.function import transform_running


def _T():
    from .._tensor import Tensor
    return Tensor


# ----- argnums -------------------------------------------------------------------------------------
def _wrap_argnum(argnum, num_args: int) -> int:
    """``_validate_and_wrap_argnum``."""
    if not isinstance(argnum, int):
        raise RuntimeError(f"argnum must be int, got: {type(argnum)}")
    if 0 <= argnum < num_args:
        return argnum
    if -num_args <= argnum < 0:
        return argnum + num_args
    raise RuntimeError(f"Got argnum={argnum}, but only {num_args} positional inputs")


def _norm_argnums(argnums, num_args: int):
    """``_slice_argnums``'s checks: an int, or a non-empty tuple of unique ints."""
    if not isinstance(argnums, int) and not isinstance(argnums, tuple):
        raise RuntimeError(f"argnums must be int or Tuple[int, ...], got: {type(argnums)}")
    if isinstance(argnums, int):
        return _wrap_argnum(argnums, num_args)
    argnums = tuple(_wrap_argnum(a, num_args) for a in argnums)
    if len(argnums) == 0:
        raise RuntimeError("argnums must be non-empty")
    if len(set(argnums)) != len(argnums):
        raise RuntimeError(f"argnums elements must be unique, got {argnums}")
    return argnums


# ----- levels: differentiable copies of the inputs and unwrapping of the results ------------------
class _Level:
    """One transform's differentiable inputs; knows which graph leaves belong to it."""

    def __init__(self) -> None:
        self.own = set()
        self.keep = []  # the fresh leaves, so that their ids stay valid while the level lives
        self.outer_grad = True

    def make_diff(self, x):
        """``_create_differentiable``: a tensor this level differentiates with respect to."""
        T = _T()
        if not isinstance(x, T):
            raise ValueError(f"Thing passed to transform API must be Tensor, got {type(x)}")
        if x.requires_grad:
            return x.view_as(x)  # stays connected to whatever already differentiates x
        leaf = x.detach().requires_grad_()
        self.own.add(id(leaf))
        self.keep.append(leaf)
        return leaf

    def _reaches_outside(self, t) -> bool:
        """Does ``t``'s graph reach a leaf that is not one of this level's fresh inputs?"""
        fn = t.grad_fn
        if fn is None:
            return id(t) not in self.own
        seen = set()
        stack = [fn]
        T = _T()
        while stack:
            node = stack.pop()
            for e in getattr(node, "_edges", ()) or ():
                if e is None:
                    continue
                target = e[0]
                if isinstance(target, T):
                    if id(target) not in self.own:
                        return True
                elif id(target) not in seen:
                    seen.add(id(target))
                    stack.append(target)
        return False

    def unwrap(self, tree):
        """``_undo_create_differentiable``: detach what only this level's inputs make differentiable."""
        T = _T()

        def one(x):
            if isinstance(x, T) and x.requires_grad and (not self.outer_grad or not self._reaches_outside(x)):
                return x.detach()
            return x
        return tree_map(one, tree)


def _autograd_grad(outputs, inputs, grad_outputs=None, retain_graph=True, create_graph=True):
    """``eager_transforms._autograd_grad``: grads of the outputs that require grad, zeros for unused inputs."""
    from ..autograd import grad as agrad
    from ..ops.creation import zeros_like
    if grad_outputs is None:
        pairs = [(o, None) for o in outputs if o.requires_grad]
    else:
        pairs = [(o, g) for o, g in zip(outputs, grad_outputs) if o.requires_grad]
    if not pairs:
        return tuple(zeros_like(i) for i in inputs)
    outs = [p[0] for p in pairs]
    gos = None if grad_outputs is None else [p[1] for p in pairs]
    gs = agrad(outs, list(inputs), gos, retain_graph=retain_graph, create_graph=create_graph, allow_unused=True)
    return tuple(zeros_like(i) if g is None else g for g, i in zip(gs, inputs))


def _enter():
    from ..autograd.grad_mode import is_grad_enabled
    lvl = _Level()
    lvl.outer_grad = is_grad_enabled()
    return lvl


def _check_real(api, flat, is_input):
    """``error_if_complex``."""
    for idx, t in enumerate(flat):
        if isinstance(t, _T()) and t.is_complex():
            kind = "inputs" if is_input else "outputs"
            raise RuntimeError(f"{api}: Expected all {kind} to be real but received complex tensor at flattened input "
                               f"idx: {idx}")


def _check_tensor_outputs(flat, api):
    """``assert_non_empty_tensor_output``."""
    if (len(flat) == 1 and flat[0] is None) or len(flat) < 1:
        raise RuntimeError(f"{api}: Expected f to be a function that has non-empty output (got output = {flat})")
    for o in flat:
        if not isinstance(o, _T()):
            raise RuntimeError(f"{api}: expected f(*primals) to return only tensors, got unsupported type {type(o)}")


def _split_aux(out, has_aux, api):
    if not has_aux:
        return out, None
    if not (isinstance(out, tuple) and len(out) == 2):
        raise RuntimeError(f"{api}: output of function f should be a tuple: (output, aux) if has_aux is True")
    return out


# ----- grad -------------------------------------------------------------------------------------------
def _grad_and_value_impl(func, argnums, has_aux, args, kwargs):
    """``grad_and_value_impl``: differentiate a scalar-valued ``func`` with respect to ``args[argnums]``."""
    from ..autograd.grad_mode import enable_grad
    T = _T()
    lvl = _enter()
    with enable_grad():
        nums = _norm_argnums(argnums, len(args))
        args = list(args)
        for n in ([nums] if isinstance(nums, int) else nums):
            args[n] = tree_map(lvl.make_diff, args[n])
        diff = args[nums] if isinstance(nums, int) else tuple(args[n] for n in nums)
        with transform_running():
            output = func(*args, **kwargs)
        output, aux = _split_aux(output, has_aux, "grad_and_value(f)(*args)")
        if not isinstance(output, T):
            raise RuntimeError(f"grad_and_value(f)(*args): Expected f(*args) to return a Tensor, got {type(output)}")
        if output.dim() != 0:
            raise RuntimeError("grad_and_value(f)(*args): Expected f(*args) to return a scalar Tensor, got tensor "
                               f"with {output.dim()} dims. Maybe you wanted to use the vjp or jacrev APIs instead?")
        flat_diff, spec = tree_flatten(diff)
        grads = tree_unflatten(list(_autograd_grad([output], flat_diff)), spec)
    grads, output = lvl.unwrap(grads), lvl.unwrap(output)
    if has_aux:
        return grads, (output, lvl.unwrap(aux))
    return grads, output


def _wraps(func, wrapper):
    import functools
    try:
        return functools.wraps(func)(wrapper)
    except (AttributeError, TypeError):
        return wrapper


def grad_and_value(func, argnums=0, has_aux: bool = False):
    """``torch.func.grad_and_value``: ``(gradient, value)`` (``(gradient, (value, aux))`` with ``has_aux``)."""
    def wrapper(*args, **kwargs):
        return _grad_and_value_impl(func, argnums, has_aux, args, kwargs)
    return _wraps(func, wrapper)


def grad(func, argnums=0, has_aux: bool = False):
    """``torch.func.grad``: the gradient of a scalar function with respect to ``args[argnums]``.

    Gradients are taken with ``create_graph=True``, so ``grad(grad(f))`` works.
    """
    def wrapper(*args, **kwargs):
        g, value = _grad_and_value_impl(func, argnums, has_aux, args, kwargs)
        return (g, value[1]) if has_aux else g
    return _wraps(func, wrapper)


# ----- vjp --------------------------------------------------------------------------------------------
def _vjp_with_argnums(func, primals, argnums=None, has_aux=False):
    """``_vjp_with_argnums``: run ``func`` once and return ``(output, vjp_fn[, aux])``."""
    from ..autograd.grad_mode import enable_grad
    lvl = _enter()
    with enable_grad():
        primals = list(primals)
        if argnums is None:
            primals = [tree_map(lvl.make_diff, p) for p in primals]
            diff = tuple(primals)
        else:
            nums = _norm_argnums(argnums, len(primals))
            for n in ([nums] if isinstance(nums, int) else nums):
                primals[n] = tree_map(lvl.make_diff, primals[n])
            diff = primals[nums] if isinstance(nums, int) else tuple(primals[n] for n in nums)
        with transform_running():
            out = func(*primals)
        out, aux = _split_aux(out, has_aux, "vjp(f, *primals)")
        flat_out, out_spec = tree_flatten(out)
        _check_tensor_outputs(flat_out, "vjp(f, *primals)")
        for o in flat_out:
            if not (o.is_floating_point() or o.is_complex()):
                raise RuntimeError("vjp(f, ...): All outputs of f must be floating-point or complex Tensors, got "
                                   f"Tensor with dtype {o.dtype}")
    flat_diff, diff_spec = tree_flatten(diff)

    def vjp_fn(cotangents, retain_graph: bool = True, create_graph=None):
        """Pull ``cotangents`` (same structure as the output) back to the primals."""
        from ..autograd.grad_mode import is_grad_enabled
        if create_graph is None:
            create_graph = is_grad_enabled()
        flat_ct, ct_spec = tree_flatten(cotangents)
        if ct_spec != out_spec:
            raise RuntimeError("Expected pytree structure of cotangents to be the same as pytree structure of outputs "
                               f"to the function. cotangents: {ct_spec.pprint()}, primal output: {out_spec.pprint()}")
        res = _autograd_grad(flat_out, flat_diff, flat_ct, retain_graph=retain_graph, create_graph=create_graph)
        return lvl.unwrap(tree_unflatten(list(res), diff_spec))

    results = lvl.unwrap(out)
    if has_aux:
        return results, vjp_fn, lvl.unwrap(aux)
    return results, vjp_fn


def vjp(func, *primals, has_aux: bool = False):
    """``torch.func.vjp``: ``(func(*primals), vjp_fn)``; ``vjp_fn(ct)`` returns a tuple like ``primals``."""
    return _vjp_with_argnums(func, primals, None, has_aux)


# ----- jacobians --------------------------------------------------------------------------------------
def _one_hot_seeds(like, position):
    """Zero tensors shaped like each of ``like``, with a 1 at flat ``position`` of their concatenation."""
    from ..ops.creation import zeros
    seeds = []
    for t in like:
        n = t.numel()
        seed = zeros(n, dtype=t.dtype)
        if 0 <= position < n:
            seed[position] = 1
        seeds.append(seed.reshape(t.shape))
        position -= n
    return seeds


def _split_by_leaf(stacked, first_dims_of, trailing_shape, leading):
    """Split ``stacked`` (one row per element of the ``first_dims_of`` leaves) into one block per
    leaf, shaped ``leaf.shape + trailing_shape`` (``leading``) or ``trailing_shape + leaf.shape``."""
    blocks = []
    start = 0
    for t in first_dims_of:
        n = t.numel()
        rows = stacked.narrow(0, start, n)
        start += n
        if leading:
            blocks.append(rows.reshape(tuple(t.shape) + tuple(trailing_shape)))
        else:
            blocks.append(rows.movedim(0, -1).reshape(tuple(trailing_shape) + tuple(t.shape)))
    return blocks


def _jacobian_rows(flat_out, flat_diff, create_graph):
    """``jacrev``: for each output leaf, its Jacobian with respect to each differentiated leaf
    (``out.shape + in.shape``).  As PyTorch's one vjp of a basis split across all outputs, each
    row is a single backward pass through every output, so the outputs' contributions add up."""
    from .. import stack
    from ..ops.creation import zeros
    total = sum(o.numel() for o in flat_out)
    per_in = []
    rows = [_autograd_grad(flat_out, flat_diff, _one_hot_seeds(flat_out, r), create_graph=create_graph)
            for r in range(total)]
    for j, p in enumerate(flat_diff):
        if total == 0:
            stacked = zeros((0,) + tuple(p.shape), dtype=p.dtype)
        else:
            stacked = stack([row[j] for row in rows])
        per_in.append(_split_by_leaf(stacked, flat_out, p.shape, leading=True))
    return [[per_in[j][i] for j in range(len(flat_diff))] for i in range(len(flat_out))]


def _jacobian_columns(lvl, flat_out, flat_diff):
    """``jacfwd``: the same blocks, one Jacobian-vector product per input element (PyTorch's
    forward mode pushes a basis of the inputs), here by the double-vjp linear map."""
    from .. import stack
    from ..ops.creation import zeros
    apply = _linear_map(lvl, flat_out, flat_diff)
    total = sum(p.numel() for p in flat_diff)
    cols = [apply(_one_hot_seeds(flat_diff, c)) for c in range(total)]
    per_out = []
    for i, o in enumerate(flat_out):
        if total == 0:
            stacked = zeros((0,) + tuple(o.shape), dtype=o.dtype)
        else:
            stacked = stack([col[i] for col in cols])
        per_out.append(_split_by_leaf(stacked, flat_diff, o.shape, leading=False))
    return per_out


def _jac_impl(api, func, argnums, has_aux, args, out_api):
    """Shared body of ``jacrev``/``jacfwd``: output tree of (argnums-structured) Jacobians."""
    from ..autograd.grad_mode import enable_grad
    _check_real(api, tree_flatten(args)[0], True)
    lvl = _enter()
    with enable_grad():
        args = list(args)
        nums = _norm_argnums(argnums, len(args))
        for n in ([nums] if isinstance(nums, int) else nums):
            args[n] = tree_map(lvl.make_diff, args[n])
        diff = args[nums] if isinstance(nums, int) else tuple(args[n] for n in nums)
        with transform_running():
            out = func(*args)
        out, aux = _split_aux(out, has_aux, out_api)
        flat_out, out_spec = tree_flatten(out)
        _check_tensor_outputs(flat_out, out_api)
        _check_real(api, flat_out, False)
        if api == "jacrev":
            for o in flat_out:
                if not (o.is_floating_point() or o.is_complex()):
                    raise RuntimeError("vjp(f, ...): All outputs of f must be floating-point or complex Tensors, "
                                       f"got Tensor with dtype {o.dtype}")
        flat_diff, diff_spec = tree_flatten(diff)
        if api == "jacfwd":
            per_out = _jacobian_columns(lvl, flat_out, flat_diff)
        else:
            per_out = _jacobian_rows(flat_out, flat_diff, create_graph=True)
    jac = tree_unflatten([tree_unflatten(j, diff_spec) for j in per_out], out_spec)
    jac = lvl.unwrap(jac)
    return (jac, lvl.unwrap(aux)) if has_aux else jac


def jacrev(func, argnums=0, *, has_aux: bool = False, chunk_size=None, _preallocate_and_copy: bool = False):
    """``torch.func.jacrev``: Jacobian by reverse mode, one vjp per output element.

    ``chunk_size`` is validated; rows are computed one at a time whatever its value.
    """
    if not (chunk_size is None or chunk_size > 0):
        raise ValueError("jacrev: `chunk_size` should be greater than 0.")

    def wrapper(*args):
        return _jac_impl("jacrev", func, argnums, has_aux, args, "vjp(f, *primals)")
    return _wraps(func, wrapper)


def jacfwd(func, argnums=0, has_aux: bool = False, *, randomness: str = "error"):
    """``torch.func.jacfwd``: the same Jacobian as PyTorch's forward mode, computed here by reverse mode."""
    def wrapper(*args):
        _check_real("jacfwd", tree_flatten(args)[0], True)
        _check_randomness_arg(randomness)  # PyTorch checks it when the call builds its vmap
        return _jac_impl("jacfwd", func, argnums, has_aux, args, "jvp(f, primals, tangents)")
    return _wraps(func, wrapper)


def hessian(func, argnums=0):
    """``torch.func.hessian``: ``jacfwd(jacrev(func, argnums), argnums)``."""
    return jacfwd(jacrev(func, argnums), argnums)


# ----- jvp --------------------------------------------------------------------------------------------
_JVP = "jvp(f, primals, tangents)"


def _check_jvp_args(primals, tangents):
    """``_jvp_with_argnums``'s structure checks and ``make_dual``'s size check."""
    if not isinstance(primals, tuple):
        raise RuntimeError(f"{_JVP}: Expected primals to be a tuple. E.g. it should be valid to call f(*primals).")
    flat_p, p_spec = tree_flatten(primals)
    flat_t, t_spec = tree_flatten(tangents)
    if p_spec != t_spec:
        raise RuntimeError(f"{_JVP}: Expected primals and tangents to have the same python structure. For example, "
                           "if primals is a tuple of 3 tensors, tangents also must be. Got primals with structure "
                           f"{p_spec} and tangents with structure {t_spec}")
    for flat, name in ((flat_p, "primals"), (flat_t, "tangents")):
        if len(flat) == 0:
            raise RuntimeError(f"{_JVP}: Expected {name} to contain at least one Tensor.")
        for x in flat:
            if not isinstance(x, _T()):
                raise RuntimeError(f"{_JVP}: Expected {name} to only contain Tensors, got {type(x)}")
    for p, t in zip(flat_p, flat_t):
        if tuple(p.shape) != tuple(t.shape):
            raise RuntimeError("Trying to set a forward gradient that has a different size than that of the original "
                               f"Tensor, this is not supported. Tensor is of size {list(p.shape)} while the given "
                               f"forward gradient is of size {list(t.shape)}.")
    return flat_p, flat_t, p_spec


def _tangent_dtypes(tangents_out, flat_p, flat_t):
    """Forward mode carries a tangent's own dtype: a float64 tangent of a float32 primal gives float64 results."""
    from .._dtype import promote_types
    extra = [t.dtype for p, t in zip(flat_p, flat_t) if t.dtype != p.dtype]
    if not extra:
        return tangents_out
    res = []
    for r in tangents_out:
        dt = r.dtype
        for e in extra:
            dt = promote_types(dt, e)
        res.append(r.to(dt) if r.is_floating_point() or r.is_complex() else r)
    return res


def _linear_map(lvl, flat_out, diff):
    """``t -> J t`` for ``flat_out`` as functions of ``diff``, by the double-vjp trick (graph kept).

    With ``u`` a dummy cotangent, ``g(u) = J^T u`` is linear in ``u``, and the vjp of ``g``
    at ``t`` is ``J t``.
    """
    from ..ops.creation import zeros_like
    us = [zeros_like(o).requires_grad_() if o.is_floating_point() or o.is_complex() else None for o in flat_out]
    live = [i for i, (o, u) in enumerate(zip(flat_out, us)) if u is not None and o.requires_grad]
    for u in us:
        if u is not None:
            lvl.own.add(id(u))
            lvl.keep.append(u)
    from ..autograd._forward_dispatch import _FLAGS
    prev, _FLAGS.jvp_transpose = _FLAGS.jvp_transpose, True
    try:
        gs = _autograd_grad([flat_out[i] for i in live], diff, [us[i] for i in live]) if live else ()
    finally:
        _FLAGS.jvp_transpose = prev

    def apply(flat_t):
        res = [zeros_like(o) for o in flat_out]
        used = [(g, t.to(p.dtype)) for g, t, p in zip(gs, flat_t, diff) if g.requires_grad]
        if used:
            jv = _autograd_grad([g for g, _ in used], [us[i] for i in live], [t for _, t in used])
            for i, r in zip(live, jv):
                res[i] = r
        return _tangent_dtypes(res, diff, flat_t)
    return apply


def jvp(func, primals, tangents, *, strict: bool = False, has_aux: bool = False):
    """``torch.func.jvp``: ``(func(*primals), J @ tangents)``, computed by the double-vjp trick."""
    from ..autograd.grad_mode import enable_grad
    flat_p, flat_t, p_spec = _check_jvp_args(primals, tangents)
    lvl = _enter()
    with enable_grad():
        diff = [lvl.make_diff(p) for p in flat_p]
        with transform_running():
            out = func(*tree_unflatten(diff, p_spec))
        out, aux = _split_aux(out, has_aux, _JVP)
        flat_out, out_spec = tree_flatten(out)
        _check_tensor_outputs(flat_out, _JVP)
        tangents_out = _linear_map(lvl, flat_out, diff)(flat_t)
    res = (lvl.unwrap(out), lvl.unwrap(tree_unflatten(tangents_out, out_spec)))
    return res + (lvl.unwrap(aux),) if has_aux else res


def _check_linearize_tangents(flat_t, flat_p) -> None:
    """``linearize``'s ``forward_ad_checks``."""
    for idx, (t, p) in enumerate(zip(flat_t, flat_p)):
        for what, a, b in (("shape", t.shape, p.shape), ("device", t.device, p.device), ("dtype", t.dtype, p.dtype)):
            if a != b:
                raise RuntimeError(f"tangent:{idx} with {what} {a} in flattened pytree doesn't match the {what} {b} "
                                   "of the corresponding primal.")


def linearize(func, *primals):
    """``torch.func.linearize``: ``(func(*primals), jvp_fn)`` with ``jvp_fn(*tangents) = J @ tangents``.

    The graph of ``func`` at ``primals`` is recorded once and kept; each ``jvp_fn`` call is one
    backward pass through it.
    """
    from ..autograd.grad_mode import enable_grad
    flat_p, p_spec = tree_flatten(primals)
    lvl = _enter()
    with enable_grad():
        diff = [lvl.make_diff(p) for p in flat_p]
        with transform_running():
            out = func(*tree_unflatten(diff, p_spec))
        flat_out, out_spec = tree_flatten(out)
        apply = _linear_map(lvl, flat_out, diff)

    def jvp_fn(*tangents):
        flat_t, t_spec = tree_flatten(tangents)
        if t_spec != p_spec:
            raise RuntimeError(f"Expected the tangents {t_spec} to have the same argspec as the primals {p_spec}")
        _check_linearize_tangents(flat_t, flat_p)
        with enable_grad():
            res = apply(flat_t)
        return lvl.unwrap(tree_unflatten(res, out_spec))

    return lvl.unwrap(out), jvp_fn


def functionalize(func, *, remove: str = "mutations"):
    """``torch.func.functionalize``: ember runs eagerly, so the functionalized program is ``func`` itself.

    PyTorch's rewrite of mutations into out-of-place ops gives the same values; only the
    ``remove`` argument is checked.
    """
    if remove not in ("mutations", "mutations_and_views"):
        raise RuntimeError(f"functionalize(f, remove='mutations'): received invalid argument for remove={remove}."
                           " Valid options are:\n     remove='mutations': all inplace and out= operators will be "
                           "removed from the program, and replaced with their out-of-place equivalents.\n     "
                           "remove='mutations_and_views': In addition to the above, all aliasing operators {view} "
                           "will be replaced with their non-aliasing counterparts, {view}_copy.\n")

    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)
    return _wraps(func, wrapper)
