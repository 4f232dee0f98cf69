"""``torch.autograd.forward_ad``: forward-mode automatic differentiation with dual tensors.

Mirrors PyTorch 2.13's public API: ``dual_level`` (and ``enter_dual_level`` /
``exit_dual_level``), ``make_dual``, ``unpack_dual`` returning the
``UnpackedDualTensor`` namedtuple, and the ``tangent=`` suffix of a dual
tensor's repr.  As in PyTorch only one level may be active at a time, and
all tangents are dropped when it exits.

How tangents flow through ops (``docs/forward_ad.md``): a dual tensor is an
ordinary ``Tensor`` (its primal) whose ``_ext["fw_grad"]`` holds
``(level token, tangent)``.  Nothing in ember's op code knows about tangents,
so ordinary ops cost exactly what they cost before.  Only while a level holds
dual tensors, ``_forward_dispatch`` puts thin wrappers around the public ops
(``Tensor`` methods and operators, ``torch.*``, ``torch.nn.functional.*``,
``torch.linalg.*``...); a wrapper that sees a dual argument runs the op
normally and derives the output tangents from ember's own backward rules by
the double-vjp trick.  The wrappers are removed when the level exits.
"""
from __future__ import annotations

import weakref
from typing import Any, NamedTuple, Optional

from .grad_mode import _DecoratorContextManager

__all__ = ["UnpackedDualTensor", "enter_dual_level", "exit_dual_level", "make_dual", "unpack_dual", "dual_level"]

# The current level, as ``torch.autograd.forward_ad._current_level``: -1 when none is active.
_current_level = -1


class _LevelState:
    """The live level: a token that tags its tangents, and weak references to the tensors holding one."""

    token: Optional[object] = None
    holders: list = []


_LEVEL = _LevelState()


class UnpackedDualTensor(NamedTuple):
    """``unpack_dual``'s result: the primal (a view of the dual tensor) and its tangent (or None)."""

    primal: Any
    tangent: Any


UnpackedDualTensor.__module__ = "torch.autograd.forward_ad"  # as PyTorch's class prints


# ------------------------------------------------------------------------------------------ levels
def enter_dual_level():
    """Enter a new forward-grad level and return it (PyTorch allows one level at a time)."""
    global _current_level
    if _current_level >= 0:
        raise RuntimeError("Nested forward mode AD is not supported at the moment")
    _LEVEL.token = object()
    _LEVEL.holders = []
    _current_level = 0
    # the op wrappers go in now, not at the first ``make_dual``: ``torch.sin(fwAD.make_dual(x, t))`` looks
    # ``torch.sin`` up before ``make_dual`` runs, and must still carry the tangent
    from . import _forward_dispatch
    _forward_dispatch.install()
    return 0


def exit_dual_level(*, level=None) -> None:
    """Exit the level: every tangent made in it is deleted and the op wrappers are removed."""
    global _current_level
    if level is None:
        level = _current_level
    if level != _current_level:
        raise RuntimeError("Trying to exit a forward AD level that was not the last one that was created. "
                           "This is not supported.")
    if level < 0:
        raise RuntimeError("Dual level must be a positive number.")
    _drop_tangents()
    from . import _forward_dispatch
    _forward_dispatch.uninstall()
    _current_level = level - 1


def _drop_tangents() -> None:
    """Forget the level's token and remove the tangents it attached (freeing their memory)."""
    _LEVEL.token = None
    for ref in _LEVEL.holders:
        t = ref()
        if t is not None and t._ext and "fw_grad" in t._ext:
            del t._ext["fw_grad"]
    _LEVEL.holders = []


class dual_level(_DecoratorContextManager):
    """Context manager (and decorator) for forward AD: ``with dual_level(): ...``."""

    def __enter__(self):
        return enter_dual_level()

    def __exit__(self, exc_type, exc_value, traceback) -> None:
        exit_dual_level()


# ------------------------------------------------------------------------------ tangent storage
def get_tangent(t):
    """The tangent ``t`` holds at the live level, or None."""
    ext = t._ext
    if ext:
        fw = ext.get("fw_grad")
        if fw is not None and fw[0] is _LEVEL.token and fw[0] is not None:
            return fw[1]
    return None


def set_tangent(t, tangent, root: bool = False) -> None:
    """Attach ``tangent`` to ``t`` at the live level (``root``: made by ``make_dual``)."""
    ext = t._get_ext()
    if "fw_grad" not in ext:
        _LEVEL.holders.append(weakref.ref(t))
    ext["fw_grad"] = (_LEVEL.token, tangent)
    if root:
        ext["fw_root"] = True
    elif "fw_root" in ext:
        del ext["fw_root"]


def is_dual_root(t) -> bool:
    """Whether ``t`` was made by ``make_dual`` (its in-place updates do not reach its base's tangent)."""
    return bool(t._ext and t._ext.get("fw_root"))


def repr_tangent(t) -> Optional[str]:
    """The text after ``tangent=`` in ``repr(t)`` (PyTorch formats the tangent with ``f"{tangent}"``)."""
    tangent = get_tangent(t)
    if tangent is None:
        return None
    from . import _forward_dispatch
    with _forward_dispatch.busy():
        return f"{tangent}"


# ------------------------------------------------------------------------------------ make/unpack
def _shape_list(t) -> str:
    return str(list(t._data.shape))


def make_dual(tensor, tangent, *, level=None):
    """A dual tensor: a view of ``tensor`` whose tangent is ``tangent`` (not copied), at ``level``."""
    if level is None:
        level = _current_level
    if level < 0:
        raise RuntimeError("Trying to create a dual Tensor for forward AD but no level exists, make sure to "
                           "enter_dual_level() first.")
    if not (tensor.is_floating_point() or tensor.is_complex()):
        raise ValueError(f"Expected primal to be floating point or complex, but got: {tensor.dtype}")
    if not (tangent.is_floating_point() or tangent.is_complex()):
        raise ValueError(f"Expected tangent to be floating point or complex, but got: {tangent.dtype}")
    if level != _current_level:
        raise RuntimeError("Invalid level given to _make_dual")
    if get_tangent(tensor) is not None:
        raise RuntimeError("Making a dual Tensor based on a Tensor that already has a forward gradient at the same "
                           f"level {level} is not supported.")
    if tensor._data.shape != tangent._data.shape:
        raise RuntimeError("Trying to set a forward gradient that has a different size than that of the original "
                           f"Tensor, this is not supported. Tensor is of size {_shape_list(tensor)} while the given "
                           f"forward gradient is of size {_shape_list(tangent)}.")
    from . import _forward_dispatch
    with _forward_dispatch.busy():
        dual = tensor.view(tensor.shape)
    set_tangent(dual, tangent, root=True)
    _forward_dispatch.install()
    return dual


def unpack_dual(tensor, *, level=None) -> UnpackedDualTensor:
    """``(primal, tangent)`` of ``tensor`` at ``level``; the tangent is None for a non-dual tensor."""
    if level is None:
        level = _current_level
    if level < 0:
        return UnpackedDualTensor(tensor, None)
    tangent = get_tangent(tensor) if level == _current_level else None
    return UnpackedDualTensor(_primal_view(tensor), tangent)


def _primal_view(t):
    """The primal as PyTorch's ``_fw_primal`` returns it: an alias of ``t`` without a tangent
    (its node is named ``Identity`` when ``t`` requires grad)."""
    from . import _forward_dispatch
    from .._tensor import _make
    from .grad_mode import STATE
    with _forward_dispatch.busy():
        view = t.detach().view(t.shape)
    view._base = t if t._base is None else t._base
    if t._rg and STATE.enabled:
        node = Identity((t,))
        out = _make(view._data, node)
        out._base = view._base
        out._vc = view._vc
        return out
    return view


from .graph import Node  # noqa: E402


class Identity(Node):
    """``_fw_primal``'s backward node: passes the gradient through."""

    __slots__ = ()

    def backward(self, grad):
        return grad
