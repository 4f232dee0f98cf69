"""A small pytree: what ``torch.utils._pytree`` does for tuples, lists, dicts and namedtuples.

``torch.func`` flattens nested containers of arguments and outputs, matches
``in_dims``/``out_dims`` against them as *prefix trees*, and prints
``TreeSpec(tuple, None, [*, ...])`` in its error messages; this module does
the same.  Anything that is not a tuple, list or dict (``None`` included) is
a leaf, as in PyTorch 2.13.
"""
from __future__ import annotations

from typing import Any


class TreeSpec:
    """The structure of a pytree: ``type``, ``context`` (dict keys) and child specs."""

    __slots__ = ("type", "context", "children", "num_leaves")

    def __init__(self, typ, context, children) -> None:
        self.type = typ
        self.context = context
        self.children = children
        self.num_leaves = sum(c.num_leaves for c in children)

    def is_leaf(self) -> bool:
        return False

    def __eq__(self, other) -> bool:
        return (isinstance(other, TreeSpec) and not other.is_leaf() and self.type is other.type
                and self.context == other.context and self.children == other.children)

    def __hash__(self):
        return hash((self.type, len(self.children)))

    def __repr__(self, indent: int = 0) -> str:
        """PyTorch's multi-line ``TreeSpec.__repr__`` (children after the first on new lines)."""
        if hasattr(self.type, "_fields") and issubclass(self.type, tuple):  # namedtuple: its class is the context
            s = f"TreeSpec(namedtuple, {self.type}, ["
        else:
            s = f"TreeSpec({self.type.__name__}, {self.context}, ["
        if self.children:
            indent += 2
            s += self.children[0].__repr__(indent)
            s += "," if len(self.children) > 1 else ""
            s += ",".join("\n" + " " * indent + c.__repr__(indent) for c in self.children[1:])
        return s + "])"

    def pprint(self) -> str:
        """``torch.utils._pytree.treespec_pprint``: ``(*, *)``, ``[*]``, ``{'a': *}``."""
        parts = [c.pprint() for c in self.children]
        if self.type is dict:
            return "{" + ", ".join(f"{k!r}: {p}" for k, p in zip(self.context, parts)) + "}"
        if self.type is list:
            return "[" + ", ".join(parts) + "]"
        if self.type is tuple:
            return "(" + ", ".join(parts) + (",)" if len(parts) == 1 else ")")
        return f"{self.type.__name__}(" + ", ".join(parts) + ")"


class LeafSpec(TreeSpec):
    """The spec of a leaf, printed ``*``."""

    __slots__ = ()

    def __init__(self) -> None:
        self.type = None
        self.context = None
        self.children = []
        self.num_leaves = 1

    def is_leaf(self) -> bool:
        return True

    def __eq__(self, other) -> bool:
        return isinstance(other, LeafSpec)

    def __hash__(self):
        return 1

    def __repr__(self, indent: int = 0) -> str:
        return "*"

    def pprint(self) -> str:
        return "*"


LEAF = LeafSpec()


def _is_namedtuple(x) -> bool:
    return isinstance(x, tuple) and hasattr(type(x), "_fields")


def _is_size(x) -> bool:
    """``torch.Size`` is a registered pytree node (its int entries are leaves)."""
    from .._tensor import Size
    return type(x) is Size


def _children(x):
    """``(children, context)`` of a container node, or None for a leaf."""
    t = type(x)
    if t is tuple or t is list or _is_namedtuple(x) or _is_size(x):
        return list(x), None
    if isinstance(x, dict):
        keys = list(x.keys())
        return [x[k] for k in keys], keys
    return None


def tree_flatten(tree) -> tuple[list, TreeSpec]:
    """``tree_flatten``: the leaves in order and the structure."""
    leaves: list = []

    def go(x):
        ch = _children(x)
        if ch is None:
            leaves.append(x)
            return LEAF
        kids, ctx = ch
        typ = dict if isinstance(x, dict) else type(x)
        return TreeSpec(typ, ctx, [go(c) for c in kids])

    spec = go(tree)
    return leaves, spec


def tree_unflatten(leaves, spec: TreeSpec):
    """``tree_unflatten``: rebuild a tree of ``spec``'s structure from ``leaves``."""
    it = iter(leaves)

    def go(s):
        if s.is_leaf():
            return next(it)
        kids = [go(c) for c in s.children]
        if s.type is dict:
            return dict(zip(s.context, kids))
        if s.type is tuple or s.type is list:
            return s.type(kids)
        if _is_size_type(s.type):  # PyTorch unflattens a Size node as a plain tuple
            return tuple(kids)
        return s.type(*kids)  # namedtuple

    return go(spec)


def _is_size_type(typ) -> bool:
    from .._tensor import Size
    return typ is Size


def tree_map(fn, tree):
    """Apply ``fn`` to every leaf."""
    leaves, spec = tree_flatten(tree)
    return tree_unflatten([fn(x) for x in leaves], spec)


def broadcast_to_and_flatten(prefix, spec: TreeSpec):
    """``_broadcast_to_and_flatten``: expand a prefix tree (``in_dims``) to ``spec``'s leaves, or None."""
    out: list = []

    def go(p, s) -> bool:
        ch = _children(p)
        if ch is None:
            out.extend([p] * s.num_leaves)
            return True
        if s.is_leaf():
            return False
        typ = dict if isinstance(p, dict) else type(p)
        kids, ctx = ch
        if typ is not s.type or len(kids) != len(s.children):
            return False
        if typ is dict:
            if set(ctx) != set(s.context):
                return False
            kids = [p[k] for k in s.context]
        return all(go(k, c) for k, c in zip(kids, s.children))

    return out if go(prefix, spec) else None


def is_leaf_value(x: Any) -> bool:
    return _children(x) is None
