"""Learner hints (off by default): extra plain-language lines appended to PyTorch's messages.

``ember.set_hints(True)`` or ``EMBER_HINTS=1`` turns them on.  The PyTorch
message itself is always kept intact; a hint is only appended.

The core calls the ``decorate_*`` / ``note_*`` / ``before_backward`` functions
below at the few places where a learner typically gets stuck.  With hints off
each one returns at once, and nothing else runs: the bookkeeping hints need
(the source line that created each graph node, the line of each in-place
change, the line of the first backward through each node) is switched on only
by :func:`set_hints`: ``ember.autograd.graph._NODE_HOOK`` is set (node
constructors call it only when it is not None) and ``Tensor._bump_version`` is
wrapped, only while hints are enabled.

The same node hook serves ``ember.viz.record()``; see :func:`add_node_hook`.
"""
from __future__ import annotations

import linecache
import os
import sys
import warnings
import weakref
from collections import OrderedDict

_ENABLED = os.environ.get("EMBER_HINTS", "") not in ("", "0")

HINT_PREFIX = "Hint: "

# node -> (filename, lineno) of the user code that created it
_CREATED_AT: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
# node -> (filename, lineno) of the first backward() that went through it
_FIRST_BACKWARD: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
# id(version counter list) -> (the list, filename, lineno) of the last in-place change
_MODIFIED_AT: "OrderedDict[int, tuple]" = OrderedDict()
_MODIFIED_CAP = 4096


def set_hints(enabled: bool = True) -> None:
    """Turn learner hints on or off (``EMBER_HINTS=1`` turns them on at import)."""
    global _ENABLED
    _ENABLED = bool(enabled)
    _sync_patches()


def hints_enabled() -> bool:
    return _ENABLED


# ----------------------------------------------------------- frame helpers
def _is_internal(frame) -> bool:
    name = frame.f_globals.get("__name__", "") or ""
    return name == "ember" or name.startswith("ember.") or name.startswith("importlib")


def user_frame(start: int = 1):
    """The innermost frame outside the ``ember`` package (or None)."""
    try:
        f = sys._getframe(start + 1)
    except ValueError:
        return None
    while f is not None and _is_internal(f):
        f = f.f_back
    return f


def _user_stacklevel() -> int:
    """``stacklevel`` for ``warnings.warn`` called from here that points at user code."""
    f = sys._getframe(1)
    level = 1
    while f is not None and _is_internal(f):
        f = f.f_back
        level += 1
    return level


def _where() -> tuple | None:
    f = user_frame(2)
    if f is None:
        return None
    return (f.f_code.co_filename, f.f_lineno)


def format_location(loc) -> str:
    """``file:line (`source`)`` for a recorded location."""
    if loc is None:
        return "an unknown line"
    filename, lineno = loc
    src = linecache.getline(filename, lineno).strip()
    short = filename
    try:
        rel = os.path.relpath(filename)
        if not rel.startswith(".."):
            short = rel
    except ValueError:
        pass
    if src:
        return f"{short}, line {lineno} (`{src}`)"
    return f"{short}, line {lineno}"


# ------------------------------------------------------------- node hooks
_NODE_HOOKS: list = []
_ORIG_BUMP = None


def add_node_hook(fn) -> None:
    """Call ``fn(node, inputs)`` after every graph node is created (until removed)."""
    _NODE_HOOKS.append(fn)
    _sync_patches()


def remove_node_hook(fn) -> None:
    try:
        _NODE_HOOKS.remove(fn)
    except ValueError:
        pass
    _sync_patches()


def _record_creation(node, inputs) -> None:
    loc = _where()
    if loc is not None:
        _CREATED_AT[node] = loc


def _on_new_node(node, inputs) -> None:
    if _ENABLED:
        if _ORIG_BUMP is None:
            _sync_patches()
        _record_creation(node, inputs)
    for fn in tuple(_NODE_HOOKS):
        fn(node, inputs)


def _sync_patches() -> None:
    """Install or remove the node-creation hook and the ``_bump_version`` wrapper as needed."""
    global _ORIG_BUMP
    from .autograd import graph as _graph
    want_hook = _ENABLED or bool(_NODE_HOOKS)
    _graph._NODE_HOOK = _on_new_node if want_hook else None
    _graph.refresh_node_callbacks()

    T = _graph._Tensor
    if T is None:
        return
    if _ENABLED and _ORIG_BUMP is None:
        orig_bump = T._bump_version

        def _bump_version(self, _orig=orig_bump):
            _orig(self)
            if _ENABLED:
                loc = _where()
                vc = self._vc
                if loc is not None and vc is not None:
                    _MODIFIED_AT[id(vc)] = (vc, loc[0], loc[1])
                    _MODIFIED_AT.move_to_end(id(vc))
                    if len(_MODIFIED_AT) > _MODIFIED_CAP:
                        _MODIFIED_AT.popitem(last=False)

        _ORIG_BUMP = orig_bump
        T._bump_version = _bump_version
    elif not _ENABLED and _ORIG_BUMP is not None:
        T._bump_version = _ORIG_BUMP
        _ORIG_BUMP = None


def created_at(node):
    """Where ``node`` was created, if hints (or a recorder) were on at the time."""
    return _CREATED_AT.get(node)


def _modified_at(tensor):
    vc = getattr(tensor, "_vc", None)
    if vc is None:
        return None
    rec = _MODIFIED_AT.get(id(vc))
    if rec is None or rec[0] is not vc:
        return None
    return (rec[1], rec[2])


# ------------------------------------------------------------ graph walks
def _walk_nodes(outputs):
    """Every node reachable from ``outputs`` (iterative)."""
    from .autograd.graph import Node
    seen = set()
    order = []
    stack = []
    for t in outputs:
        fn = getattr(t, "grad_fn", None)
        if fn is not None:
            stack.append(fn)
    while stack:
        n = stack.pop()
        if id(n) in seen:
            continue
        seen.add(id(n))
        order.append(n)
        for e in n._edges:
            if e is not None and isinstance(e[0], Node):
                stack.append(e[0])
    return order


# ------------------------------------------------------- core entry points
def decorate_version_error(msg: str, node, tensor) -> str:
    if not _ENABLED:
        return msg
    saved = created_at(node)
    modified = _modified_at(tensor)
    name = type(node).__name__
    parts = [f"{HINT_PREFIX}{name} saved this tensor"]
    if saved is not None:
        parts.append(f" at {format_location(saved)}")
    parts.append(" because its backward needs the value, but the tensor was changed in place")
    if modified is not None:
        parts.append(f" at {format_location(modified)}")
    parts.append(" before backward ran, so the saved value is gone. Use an out-of-place op there "
                 "(`y = y + 1` instead of `y += 1` or `y.add_(1)`), or save a copy with .clone() first.")
    return msg + "\n" + "".join(parts)


def decorate_freed_error(msg: str, node) -> str:
    if not _ENABLED:
        return msg
    return msg + "\n" + _freed_hint(node, None)


def _freed_hint(node, root) -> str:
    built = created_at(root) if root is not None else None
    if built is None and node is not None:
        built = created_at(node)
    first = _FIRST_BACKWARD.get(node) if node is not None else None
    if first is None and root is not None:
        first = _FIRST_BACKWARD.get(root)
    s = HINT_PREFIX + "a graph can be walked backward only once: backward frees the values it saved."
    if built is not None:
        s += f" This graph was built at {format_location(built)}"
        s += f" and first walked backward at {format_location(first)}." if first is not None else "."
    elif first is not None:
        s += f" This graph was first walked backward at {format_location(first)}."
    s += (" Run the forward code again to build a fresh graph before each backward, or pass "
          "retain_graph=True to the first backward if you really need two passes.")
    return s


def decorate_nonleaf_grad(msg: str) -> str:
    if not _ENABLED:
        return msg
    return msg + "\n" + (
        HINT_PREFIX + "only leaf tensors, the ones you create yourself (e.g. `x = torch.tensor(2.0, "
        "requires_grad=True)`), get .grad filled in by backward(). This tensor was computed from other "
        "tensors (it has a grad_fn), so its .grad stays None. Read .grad on the leaf instead, or call "
        ".retain_grad() on this tensor before backward() to keep its gradient."
    )


def note_accumulation(tensor, accumulated: bool) -> None:
    if not _ENABLED:
        return None
    ext = tensor._get_ext()
    g = tensor._grad
    state = ext.get("_hint_acc")
    if g is None:
        return None
    ver = g._version
    if not accumulated or state is None:
        ext["_hint_acc"] = [weakref.ref(g), ver, 1, state[3] if state else False]
        return None
    ref, last_ver, count, warned = state
    prev = ref()
    if prev is g:
        zeroed = ver > last_ver + 1  # our own add bumps once; anything more was a reset
    elif prev is not None:
        zeroed = prev._version > last_ver
    else:
        zeroed = True
    count = 1 if zeroed else count + 1
    ext["_hint_acc"] = [weakref.ref(g), ver, count, warned]
    if count >= 2 and not warned:
        ext["_hint_acc"][3] = True
        name = _name_in_caller(tensor) or "this leaf"
        warnings.warn(
            f"{HINT_PREFIX}the .grad of {name} now holds the sum of {count} backward calls: gradients "
            "accumulate (+=) and nothing reset them in between. If you wanted only the latest gradient, call "
            "optimizer.zero_grad() (or set .grad = None / .grad.zero_()) before each backward().",
            UserWarning, stacklevel=_user_stacklevel(),
        )
    return None


def _name_in_caller(tensor) -> str | None:
    f = user_frame(2)
    if f is None:
        return None
    for scope in (f.f_locals, f.f_globals):
        for k, v in scope.items():
            if v is tensor and not k.startswith("_"):
                return f"`{k}`"
    return None


def before_backward(outputs) -> None:
    if not _ENABLED:
        return None
    loc = _where()
    if loc is None:
        return None
    for n in _walk_nodes(outputs):
        if n not in _FIRST_BACKWARD:
            _FIRST_BACKWARD[n] = loc
    return None


def decorate_runtime_error(err: RuntimeError, outputs) -> RuntimeError:
    if not _ENABLED:
        return err
    from .autograd.graph import FREED_MSG
    msg = str(err)
    if FREED_MSG not in msg or HINT_PREFIX in msg:
        return err
    freed = None
    nodes = _walk_nodes(outputs)
    for n in nodes:
        if n._saved is None:
            freed = n
            break
    root = None
    for t in outputs:
        if getattr(t, "grad_fn", None) is not None:
            root = t.grad_fn
            break
    new = msg + "\n" + _freed_hint(freed, root)
    try:
        out = type(err)(new)
    except Exception:  # pragma: no cover - exotic subclasses
        out = RuntimeError(new)
    return out


if _ENABLED:  # pragma: no cover - depends on the environment at import
    try:
        _sync_patches()
    except ImportError:
        pass
