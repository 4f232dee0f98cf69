"""``torch.func.vmap`` by looping over the mapped dimension.

PyTorch batches each operator (``BatchedTensor``); ember calls ``func`` once per
index of the mapped dimension on ``select``-ed slices and ``stack``s the
results at ``out_dims``.  The argument checks and error messages are those of
``torch._functorch.vmap``.  Slicing and stacking are ordinary differentiable
ops, so gradients flow through a vmapped computation and ``vmap`` composes
with ``grad``/``jacrev`` (per-sample gradients).
"""
from __future__ import annotations

import functools

import numpy as np

from ._pytree import broadcast_to_and_flatten, tree_flatten, tree_unflatten
from ..autograd.function import VmapFrame, transform_running


def _tensor_cls():
    from .._tensor import Tensor
    return Tensor


def _get_name(func) -> str:
    """``_get_name``: ``__name__``, ``functools.partial(name, ...)`` or ``repr``."""
    if hasattr(func, "__name__"):
        return func.__name__
    if isinstance(func, functools.partial):
        return f"functools.partial({_get_name(func.func)}, ...)"
    return repr(func)


def _check_randomness_arg(randomness) -> None:
    if randomness not in ["error", "different", "same"]:
        raise RuntimeError(f"Only allowed values for randomness are 'error', 'different', or 'same'. Got {randomness}")


def _check_out_dims(out_dims, func) -> None:
    """``_check_out_dims_is_int_or_int_pytree``."""
    if isinstance(out_dims, int):
        return
    leaves, _ = tree_flatten(out_dims)
    for x in leaves:
        if not (x is None or isinstance(x, int)):
            raise ValueError(
                f"vmap({_get_name(func)}, ..., out_dims={out_dims}): `out_dims` must be an int, None or a python "
                "collection of ints representing where in the outputs the vmapped dimension should appear.")


def _process_inputs(in_dims, args, func):
    """``_process_batched_inputs``: flatten args, broadcast ``in_dims``, validate, return the batch size."""
    T = _tensor_cls()
    name = _get_name(func)
    if not isinstance(in_dims, int) and not isinstance(in_dims, tuple):
        raise ValueError(f"vmap({name}, in_dims={in_dims}, ...)(<inputs>): expected `in_dims` to be int or a "
                         f"(potentially nested) tuple matching the structure of inputs, got: {type(in_dims)}.")
    if len(args) == 0:
        raise ValueError(f"vmap({name})(<inputs>): got no inputs. Maybe you forgot to add inputs, or you are trying "
                         "to vmap over a function with no inputs. The latter is unsupported.")
    flat_args, spec = tree_flatten(args)
    flat_dims = broadcast_to_and_flatten(in_dims, spec)
    if flat_dims is None:
        raise ValueError(f"vmap({name}, in_dims={in_dims}, ...)(<inputs>): in_dims is not compatible with the "
                         f"structure of `inputs`. in_dims has structure {tree_flatten(in_dims)[1]} but inputs has "
                         f"structure {spec}.")
    for i, (arg, d) in enumerate(zip(flat_args, flat_dims)):
        if not isinstance(d, int) and d is not None:
            raise ValueError(f"vmap({name}, in_dims={in_dims}, ...)(<inputs>): Got in_dim={d} for an input but "
                             "in_dim must be either an integer dimension or None.")
        if isinstance(d, int) and not isinstance(arg, T):
            raise ValueError(f"vmap({name}, in_dims={in_dims}, ...)(<inputs>): Got in_dim={d} for an input but the "
                             f"input is of type {type(arg)}. We cannot vmap over non-Tensor arguments, please use "
                             "None as the respective in_dim")
        if d is not None and (d < -arg.dim() or d >= arg.dim()):
            raise ValueError(f"vmap({name}, in_dims={in_dims}, ...)(<inputs>): Got in_dim={d} for some input, but "
                             f"that input is a Tensor of dimensionality {arg.dim()} so expected in_dim to satisfy "
                             f"-{arg.dim()} <= in_dim < {arg.dim()}.")
        if d is not None and d < 0:
            flat_dims[i] = d % arg.dim()
    sizes = [arg.size(d) for d, arg in zip(flat_dims, flat_args) if d is not None]
    if len(sizes) == 0:
        raise ValueError("vmap: Expected at least one Tensor to vmap over")
    if any(s != sizes[0] for s in sizes):
        raise ValueError("vmap: Expected all tensors to have the same size in the mapped dimension, got sizes "
                         f"{sizes} for the mapped dimension")
    return sizes[0], flat_dims, flat_args, spec


_RANDOM_ERROR = ("vmap: called random operation while in randomness error mode. Please either use the 'same' or "
                 "'different' randomness flags on vmap or perform the randomness operation out of vmap")


def _rng_state():
    from .._rng_api import get_rng_state
    return get_rng_state()._data.copy()


def _call_slices(func, batch, flat_dims, flat_args, spec, randomness, kwargs):
    """Run ``func`` on each slice; return the list of per-slice outputs.

    ``randomness``: 'same' replays the generator state for every slice, 'error' raises
    PyTorch's message when a call advanced the default generator, 'different' lets it run.
    """
    from .._rng_api import set_rng_state
    from .._tensor import _make
    outs = []
    start = _rng_state() if randomness != "different" else None
    n = batch if batch > 0 else 1
    frame = VmapFrame(batch, randomness)
    for i in range(n):
        if randomness == "same" and i:
            set_rng_state(_make(start.copy()))
        if batch > 0:
            sliced = [a if d is None else a.select(d, i) for a, d in zip(flat_args, flat_dims)]
        else:  # size-0 batch: one call on a zero example fixes the output shapes
            sliced = [a if d is None else a.new_zeros(a.shape[:d] + a.shape[d + 1:]) for a, d in zip(flat_args,
                                                                                                     flat_dims)]
        frame.start_index(i, _slice_sources(sliced, flat_args, flat_dims))
        with transform_running(frame):
            outs.append(func(*tree_unflatten(sliced, spec), **kwargs))
        if randomness == "error" and not np.array_equal(start, _rng_state()):
            raise RuntimeError(_RANDOM_ERROR)
    return outs


def _slice_sources(sliced, flat_args, flat_dims) -> dict:
    """``{id(argument handed to func): (batched tensor, mapped dim or None)}`` for the tensor arguments."""
    T = _tensor_cls()
    return {id(s): (a, d) for s, a, d in zip(sliced, flat_args, flat_dims) if isinstance(s, T)}


def _out_dims_for(first, out_dims, func, spec):
    """``_unwrap_batched``'s matching of ``out_dims`` to the output structure."""
    T = _tensor_cls()
    flat = None
    if isinstance(first, T):
        if isinstance(out_dims, int) or out_dims is None:
            flat = [out_dims]
        elif isinstance(out_dims, tuple) and len(out_dims) == 1:
            flat = list(out_dims)
    else:
        flat = broadcast_to_and_flatten(out_dims, spec)
    if flat is None:
        raise ValueError(f"vmap({_get_name(func)}, ..., out_dims={out_dims})(<inputs>): out_dims is not compatible "
                         f"with the structure of `outputs`. out_dims has structure {tree_flatten(out_dims)[1]} but "
                         f"outputs has structure {spec}.")
    return flat


def _check_unbatched(values, name) -> None:
    """An output at ``out_dims=None`` must not vary over the batch (PyTorch: it must not be a BatchedTensor).

    Without batched tensors, a tensor that differs between slices is what shows it was batched.
    """
    from .. import equal
    T = _tensor_cls()
    first = values[0]
    if not isinstance(first, T):
        return
    for v in values[1:]:
        if v is first:
            continue
        if not isinstance(v, T) or v.shape != first.shape or v.dtype != first.dtype or not equal(v, first):
            raise ValueError(f"vmap({name}, ...): `{name}` can not return a BatchedTensor when out_dim is None")


_RENAMED_STACKS = {}
# A reduction of a whole slice is, batched, a reduction over the non-batch dims (its ``dim`` overload).
_BATCHED_REDUCTION = {"SumBackward0": "SumBackward1", "MeanBackward0": "MeanBackward1", "MaxBackward1": "MaxBackward0",
                      "MinBackward1": "MinBackward0"}


def _name_like_batched_op(stacked, slices) -> None:
    """PyTorch's vmapped output carries the grad_fn of the batched op that made it (``AddBackward0``
    ...); ember stacks per-slice results, so the stack node takes the name of their common grad_fn."""
    node = stacked.grad_fn
    if node is None:
        return
    kinds = {type(s.grad_fn) for s in slices}
    if len(kinds) != 1:
        return
    kind = kinds.pop()
    if kind is type(None) or kind is type(node):
        return
    name = _BATCHED_REDUCTION.get(kind.__name__, kind.__name__)
    key = (type(node), name)
    renamed = _RENAMED_STACKS.get(key)
    if renamed is None:
        renamed = type("VmapStackBackward", (type(node),), {"__slots__": ()})
        renamed.__name__ = renamed.__qualname__ = name
        _RENAMED_STACKS[key] = renamed
    node.__class__ = renamed


def _stack_outputs(results, out_dims, func, batch):
    """Stack each output leaf over the batch at its out_dim (None: the unbatched value)."""
    from .. import stack
    T = _tensor_cls()
    name = _get_name(func)
    flats = [tree_flatten(r)[0] for r in results]
    first_flat, spec = tree_flatten(results[0])
    dims = _out_dims_for(results[0], out_dims, func, spec)
    out = []
    for j, d in enumerate(dims):
        leaf = first_flat[j]
        if d is None:
            _check_unbatched([f[j] for f in flats], name)
            out.append(leaf)
            continue
        if not isinstance(leaf, T):
            raise ValueError(f"vmap({name}, ...): `{name}` must only return Tensors, got type {type(leaf)}. "
                             "Did you mean to set out_dims= to None for output?")
        s = stack([f[j] for f in flats], dim=d)
        _name_like_batched_op(s, [f[j] for f in flats])
        if batch == 0:
            s = s.narrow(d if d >= 0 else d + s.dim(), 0, 0)
        out.append(s)
    return tree_unflatten(out, spec)


def vmap(func, in_dims=0, out_dims=0, randomness: str = "error", *, chunk_size=None):
    """``torch.func.vmap``: map ``func`` over a dimension of its inputs.

    ``in_dims`` is an int or a (nested) tuple matching the positional args (None: not mapped;
    keyword arguments are never mapped), ``out_dims`` an int or a tuple matching the outputs.
    ``chunk_size`` is validated but has no effect on the results: slices run one at a time.
    """
    _check_randomness_arg(randomness)
    if not (chunk_size is None or chunk_size > 0):
        raise ValueError(f"vmap: chunk_size should be None or greater than 0. (got {chunk_size})")

    def wrapped(*args, **kwargs):
        _check_out_dims(out_dims, func)
        batch, flat_dims, flat_args, spec = _process_inputs(in_dims, args, func)
        results = _call_slices(func, batch, flat_dims, flat_args, spec, randomness, kwargs)
        return _stack_outputs(results, out_dims, func, batch)

    try:
        wrapped = functools.wraps(func)(wrapped)
    except (AttributeError, TypeError):
        pass
    return wrapped
