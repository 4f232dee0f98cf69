"""``torch.func.functional_call`` and ``stack_module_state``.

Mirrors ``torch._functorch.functional_call`` and ``torch.nn.utils.stateless``:
the given tensors are swapped into the module's ``_parameters``/``_buffers``
dicts (or set as plain attributes) for the call and swapped back afterwards,
also when the module raises.
"""
from __future__ import annotations

from collections.abc import Sequence

_MISSING = object()


def _merge_dicts(parameter_and_buffer_dicts) -> dict:
    """One dict from a dict or a sequence of dicts, with PyTorch's messages."""
    if isinstance(parameter_and_buffer_dicts, dict):
        return parameter_and_buffer_dicts
    if isinstance(parameter_and_buffer_dicts, Sequence):
        if not all(isinstance(d, dict) for d in parameter_and_buffer_dicts):
            raise ValueError("Expected all elements of parameter_and_buffer_dicts to be dictionaries")
        counts: dict = {}
        for d in parameter_and_buffer_dicts:
            for k in d:
                counts[k] = counts.get(k, 0) + 1
        repeated = [k for k, n in counts.items() if n > 1]
        if repeated:
            raise ValueError(f"{repeated} appeared in multiple dictionaries; behavior of functional call is ambiguous")
        return {k: v for d in parameter_and_buffer_dicts for k, v in d.items()}
    raise ValueError("Expected parameter_and_buffer_dicts to be a dict, or a list/tuple of dicts, "
                     f"but got {type(parameter_and_buffer_dicts)}")


def _named_tensors(module) -> dict:
    named = dict(module.named_parameters(remove_duplicate=False))
    named.update(module.named_buffers(remove_duplicate=False))
    return named


def _untie(module, given: dict) -> dict:
    """``_untie_named_tensors_map``: a value given for one of several tied names applies to all of them."""
    groups: dict = {}
    for name, t in _named_tensors(module).items():
        groups.setdefault(id(t), set()).add(name)
    tied = {n: g for g in groups.values() if len(g) > 1 for n in g}
    given_tied = {n for n in given if n in tied}
    for name in given_tied:
        names = tied[name]
        if len(names & given_tied) > 1 and len({id(given[n]) for n in names if n in given}) != 1:
            raise ValueError(f"functional_call got multiple values for keys {sorted(names)}, "
                             "which are tied. Consider using tie_weights=False")
    out = dict(given)
    for name in given_tied:
        for other in tied[name]:
            out[other] = given[name]
    return out


def _submodule(module, path: str, memo: dict):
    """``NamedMemberAccessor.get_submodule`` with its error messages."""
    from ..nn.modules.module import Module
    if not path:
        return module
    if path in memo:
        return memo[path]
    prefix, dot, attr = path.rpartition(".")
    parent = _submodule(module, prefix, memo) if dot else module
    try:
        sub = getattr(parent, attr)
    except AttributeError as ex:
        raise AttributeError(f"{parent._get_name()} has no attribute `{attr}`") from ex
    if not isinstance(sub, Module):
        raise TypeError(f"submodule `{path}`: {sub} is not an instance of torch.nn.Module")
    memo[path] = sub
    return sub


def _swap(module, name: str, value, memo: dict):
    """``swap_tensor``: put ``value`` (or remove, for _MISSING) at ``name``; return what was there."""
    from .._tensor import Tensor
    prefix, _, attr = name.rpartition(".")
    mod = _submodule(module, prefix, memo)
    if value is not _MISSING and value is not None and not isinstance(value, Tensor):
        raise TypeError(f"{value} is not an instance of torch.Tensor")
    for store in (mod._parameters, mod._buffers):
        if attr in store:
            orig = store[attr]
            if value is _MISSING:
                del store[attr]
            else:
                store[attr] = value
            return orig
    orig = getattr(mod, attr) if hasattr(mod, attr) else _MISSING
    if orig is not _MISSING and orig is not None and not isinstance(orig, Tensor):
        raise TypeError(f"attribute `{attr}`: {orig} is not an instance of torch.Tensor")
    if value is not _MISSING:
        setattr(mod, attr, value)
    elif hasattr(mod, attr):
        delattr(mod, attr)
    return orig


def _check_strict(module, values: dict) -> None:
    valid = set(_named_tensors(module))
    missing, unexpected = sorted(valid - set(values)), sorted(set(values) - valid)
    msgs = []
    if unexpected:
        msgs.append(f"Unexpected key(s): {', '.join(map(repr, unexpected))}.")
    if missing:
        msgs.append(f"Missing key(s): {', '.join(map(repr, missing))}.")
    if msgs:
        raise RuntimeError("Error(s) in reparametrizing for {}:\n\t{}".format(module._get_name(), "\n\t".join(msgs)))


def functional_call(module, parameter_and_buffer_dicts, args=None, kwargs=None, *, tie_weights: bool = True,
                    strict: bool = False):
    """``torch.func.functional_call``: call ``module`` with the given parameters and buffers substituted.

    The module's own tensors are restored afterwards (also on exceptions); values the module
    assigned in place of a substituted tensor are written back into the caller's dict, as
    ``_reparametrize_module`` does.
    """
    given = _merge_dicts(parameter_and_buffer_dicts)
    values = _untie(module, given) if tie_weights else given
    if strict:
        _check_strict(module, values)
    memo: dict = {}
    orig: dict = {}
    try:
        for name, t in values.items():
            orig[name] = _swap(module, name, t, memo)
        if kwargs is None:
            kwargs = {}
        if args is None:
            args = ()
        elif not isinstance(args, tuple):
            args = (args,)
        return module(*args, **kwargs)
    finally:
        now = {name: _swap(module, name, t, memo) for name, t in orig.items()}
        given.update({k: now[k] for k in given if k in now and now[k] is not _MISSING})


def stack_module_state(models):
    """``torch.func.stack_module_state``: stack the parameters and buffers of same-shaped models."""
    from .. import stack
    models = list(models)
    if len(models) == 0:
        raise RuntimeError("stack_module_state: Expected at least one model, got 0.")
    if not (all(m.training for m in models) or all(not m.training for m in models)):
        raise RuntimeError("stack_module_state: Expected all models to have the same training/eval mode.")
    t0 = type(models[0])
    if not all(type(m) is t0 for m in models):
        raise RuntimeError("stack_module_state: Expected all models to be of the same class.")

    def construct(named_list):
        names = [n for n, _ in named_list(models[0])]
        out = {}
        for n in names:
            vals = [dict(named_list(m))[n] for m in models]
            rg = {v.requires_grad for v in vals}
            if len(rg) != 1:
                raise RuntimeError(f"Expected {n} from each model to have the same .requires_grad")
            s = stack(vals).detach()
            out[n] = s.requires_grad_() if rg.pop() else s
        return out

    return (construct(lambda m: m.named_parameters()), construct(lambda m: m.named_buffers()))


def replace_all_batch_norm_modules_(root):
    """``torch.func.replace_all_batch_norm_modules_``: batch norms of ``root`` stop tracking running stats.

    Sets ``running_mean``/``running_var``/``num_batches_tracked`` to None and
    ``track_running_stats`` to False in place, so batch statistics are used (as vmap needs).
    """
    from ..nn.modules.normalization import _BatchNorm
    for m in root.modules():
        if isinstance(m, _BatchNorm) and m.track_running_stats:
            m.running_mean = None
            m.running_var = None
            m.num_batches_tracked = None
            m.track_running_stats = False
    return root
