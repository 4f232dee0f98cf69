"""``torch.utils._pytree``: flatten nested containers to leaves and rebuild them.

Mirrors PyTorch 2.13's Python pytree: the same node types (tuple, list, dict,
OrderedDict, defaultdict, deque, namedtuples, ``torch.Size`` and
``torch.return_types`` structseqs) with the same contexts, ``TreeSpec`` reprs,
``treespec_pprint`` output, key paths and error messages.  A node type must
match exactly (a dict subclass that is not registered is a leaf); ``None`` is a
leaf.  ``register_pytree_node`` adds user types.
"""
from __future__ import annotations

import dataclasses
import warnings
from collections import OrderedDict, defaultdict, deque, namedtuple
from typing import Any, Callable, NamedTuple, Optional

from ..return_types import _StructSeq

__all__ = ["PyTree", "Context", "FlattenFn", "UnflattenFn", "PyTreeSpec", "TreeSpec", "LeafSpec", "keystr",
           "key_get", "register_pytree_node", "tree_is_leaf", "tree_flatten", "tree_flatten_with_path",
           "tree_unflatten", "tree_iter", "tree_leaves", "tree_leaves_with_path", "tree_structure", "tree_map",
           "tree_map_with_path", "tree_map_", "tree_map_only", "tree_map_only_", "tree_all", "tree_any",
           "tree_all_only", "tree_any_only", "treespec_pprint", "is_namedtuple", "is_namedtuple_class",
           "is_namedtuple_instance", "is_structseq", "is_structseq_class", "is_structseq_instance"]

PyTree = Any
Context = Any
FlattenFn = Callable[[PyTree], "tuple[list, Context]"]
UnflattenFn = Callable[[list, Context], PyTree]


class NodeDef(NamedTuple):
    """How one node type flattens (``(children, context)``) and unflattens (``(children, context) -> node``)."""

    type: Any
    flatten_fn: Callable
    unflatten_fn: Callable
    flatten_with_keys_fn: Optional[Callable] = None


SUPPORTED_NODES: dict = {}


# --------------------------------------------------------------------------- type predicates
def is_namedtuple_class(cls) -> bool:
    """A class made by ``collections.namedtuple`` (a direct tuple subclass with ``_fields``)."""
    return (isinstance(cls, type) and issubclass(cls, tuple) and isinstance(getattr(cls, "_fields", None), tuple)
            and all(isinstance(f, str) for f in cls._fields)
            and callable(getattr(cls, "_make", None)) and callable(getattr(cls, "_asdict", None)))


def is_namedtuple_instance(obj) -> bool:
    return is_namedtuple_class(type(obj))


def is_namedtuple(obj) -> bool:
    """``obj`` is a namedtuple class or instance."""
    cls = obj if isinstance(obj, type) else type(obj)
    return is_namedtuple_class(cls)


def is_structseq_class(cls) -> bool:
    """A ``torch.return_types`` class (PyTorch's structseqs)."""
    return isinstance(cls, type) and issubclass(cls, _StructSeq) and cls is not _StructSeq


def is_structseq_instance(obj) -> bool:
    return is_structseq_class(type(obj))


def is_structseq(obj) -> bool:
    cls = obj if isinstance(obj, type) else type(obj)
    return is_structseq_class(cls)


def _node_type(tree):
    """The registry key of ``tree``: ``namedtuple`` for namedtuples, else the exact type.

    ``torch.return_types`` classes are registered one by one (as PyTorch does at import),
    here on first sight.
    """
    if is_namedtuple_instance(tree):
        return namedtuple
    cls = type(tree)
    if cls not in SUPPORTED_NODES and isinstance(tree, _StructSeq):
        _register_builtin(cls, _seq_flatten, _structseq_rebuilder(cls), _seq_keys)
    return cls


def _structseq_rebuilder(cls) -> Callable:
    """Unflatten function for one ``torch.return_types`` class (context ``None``)."""
    return lambda values, ctx: cls(values)


# --------------------------------------------------------------------------- key paths
@dataclasses.dataclass(frozen=True)
class SequenceKey:
    idx: int

    def __str__(self) -> str:
        return f"[{self.idx!r}]"

    def get(self, sequence):
        return sequence[self.idx]


@dataclasses.dataclass(frozen=True)
class MappingKey:
    key: Any

    def __str__(self) -> str:
        return f"[{self.key!r}]"

    def get(self, mapping):
        return mapping[self.key]


@dataclasses.dataclass(frozen=True)
class GetAttrKey:
    name: str

    def __str__(self) -> str:
        return f".{self.name}"

    def get(self, obj):
        return getattr(obj, self.name)


def keystr(kp) -> str:
    """A key path as source text, e.g. ``['a'][1][0]``."""
    return "".join(str(k) for k in kp)


def key_get(obj, kp):
    """Follow key path ``kp`` into ``obj``."""
    for k in kp:
        obj = k.get(obj)
    return obj


# --------------------------------------------------------------------------- built-in node types
def _seq_flatten(x):
    return list(x), None


def _seq_keys(x):
    return [(SequenceKey(i), v) for i, v in enumerate(x)], None


def _dict_flatten(d):
    return list(d.values()), list(d.keys())


def _dict_keys(d):
    values, context = _dict_flatten(d)
    return [(MappingKey(k), v) for k, v in zip(context, values)], context


def _defaultdict_flatten(d):
    values, keys = _dict_flatten(d)
    return values, [d.default_factory, keys]


def _defaultdict_keys(d):
    values, context = _defaultdict_flatten(d)
    return [(MappingKey(k), v) for k, v in zip(context[1], values)], context


def _namedtuple_flatten(t):
    return list(t), type(t)


def _namedtuple_keys(t):
    return [(GetAttrKey(f), v) for f, v in zip(t._fields, t)], type(t)


def _deque_flatten(d):
    return list(d), d.maxlen


def _register_builtin(typ, flatten_fn, unflatten_fn, keys_fn) -> None:
    SUPPORTED_NODES[typ] = NodeDef(typ, flatten_fn, unflatten_fn, keys_fn)


_register_builtin(tuple, _seq_flatten, lambda values, ctx: tuple(values), _seq_keys)
_register_builtin(list, _seq_flatten, lambda values, ctx: list(values), _seq_keys)
_register_builtin(dict, _dict_flatten, lambda values, ctx: dict(zip(ctx, values)), _dict_keys)
_register_builtin(OrderedDict, _dict_flatten, lambda values, ctx: OrderedDict(zip(ctx, values)), _dict_keys)
_register_builtin(defaultdict, _defaultdict_flatten,
                  lambda values, ctx: defaultdict(ctx[0], dict(zip(ctx[1], values))), _defaultdict_keys)
_register_builtin(deque, _deque_flatten, lambda values, ctx: deque(values, maxlen=ctx), _seq_keys)
_register_builtin(namedtuple, _namedtuple_flatten, lambda values, ctx: ctx(*values), _namedtuple_keys)


def _register_size() -> None:
    """``torch.Size`` is a node whose children are its ints; like PyTorch it unflattens to a plain tuple."""
    from .._tensor import Size
    _register_builtin(Size, _seq_flatten, lambda values, ctx: tuple(values), _seq_keys)


_register_size()

BUILTIN_TYPES = frozenset((tuple, list, dict, namedtuple, OrderedDict, defaultdict, deque))
_DICT_TYPES = frozenset((dict, OrderedDict, defaultdict))


def register_pytree_node(cls, flatten_fn, unflatten_fn, *, serialized_type_name=None, to_dumpable_context=None,
                         from_dumpable_context=None, flatten_with_keys_fn=None) -> None:
    """Register ``cls`` as a node: ``flatten_fn(x) -> (children, context)``,
    ``unflatten_fn(children, context) -> x``."""
    if cls in SUPPORTED_NODES:
        raise ValueError(f"{cls} is already registered as pytree node.")
    SUPPORTED_NODES[cls] = NodeDef(cls, flatten_fn, unflatten_fn, flatten_with_keys_fn)


# --------------------------------------------------------------------------- TreeSpec
class TreeSpec:
    """The structure of a pytree: node ``type``, its ``context`` and one spec per child."""

    def __init__(self, type, context, children_specs) -> None:  # noqa: A002 - PyTorch's field name
        self.type = type
        self._context = context
        self._children = list(children_specs)
        self.num_children = len(self._children)
        self.num_leaves = sum(c.num_leaves for c in self._children)
        self.num_nodes = 1 + sum(c.num_nodes for c in self._children)

    @property
    def context(self):
        return self._context

    @property
    def children_specs(self) -> list:
        warnings.warn("`treespec.children_specs` is deprecated. Use `treespec.child(index)` to access a single "
                      "child, or `treespec.children()` to get all children.", FutureWarning, stacklevel=2)
        return self._children

    def children(self) -> list:
        return list(self._children)

    def child(self, index: int) -> "TreeSpec":
        return self._children[index]

    def is_leaf(self) -> bool:
        return self.num_nodes == 1 and self.num_leaves == 1

    def __eq__(self, other) -> bool:
        if not isinstance(other, TreeSpec):
            return NotImplemented
        return (self.type == other.type and self._context == other._context
                and self._children == other._children)

    def __hash__(self):
        return hash((self.type, self.num_children, self.num_leaves))

    def __repr__(self, indent: int = 0) -> str:
        name = self.type.__name__
        text = f"TreeSpec({name}, {self._context}, ["
        if self.num_children > 0:
            indent += 2
            text += self._children[0].__repr__(indent)
            text += "," if self.num_children > 1 else ""
            text += ",".join("\n" + " " * indent + c.__repr__(indent) for c in self._children[1:])
        return text + "])"

    def flatten_up_to(self, tree) -> list:
        """The subtrees of ``tree`` sitting where this spec has leaves (``tree`` must have this structure)."""
        subtrees: list = []
        _flatten_up_to(self, tree, subtrees)
        return subtrees

    def unflatten(self, leaves) -> PyTree:
        """Rebuild a tree of this structure from ``leaves``."""
        leaves = list(leaves)
        if len(leaves) != self.num_leaves:
            raise ValueError(f"treespec.unflatten(leaves): `leaves` has length {len(leaves)} but the spec refers "
                             f"to a pytree that holds {self.num_leaves} items ({self}).")
        return self._build(iter(leaves))

    def _build(self, leaves):
        if self.is_leaf():
            return next(leaves)
        children = [c._build(leaves) for c in self._children]
        return SUPPORTED_NODES[self.type].unflatten_fn(children, self._context)


class LeafSpec(TreeSpec):
    """The spec of a leaf; prints as ``*``.  Constructing one is deprecated, as in PyTorch."""

    def __init__(self) -> None:
        warnings.warn("`isinstance(treespec, LeafSpec)` is deprecated, use `isinstance(treespec, TreeSpec) and "
                      "treespec.is_leaf()` instead.", FutureWarning, stacklevel=2)
        self._init_leaf()

    def _init_leaf(self) -> None:
        super().__init__(None, None, [])
        self.num_leaves = 1
        self.num_nodes = 1

    def __repr__(self, indent: int = 0) -> str:
        return "*"


PyTreeSpec = TreeSpec
_LEAF = LeafSpec.__new__(LeafSpec)  # the shared leaf spec, built without the deprecation warning
_LEAF._init_leaf()


def _flatten_up_to(spec: TreeSpec, node, out: list) -> None:
    if spec.is_leaf():
        out.append(node)
        return
    for child_spec, child in zip(spec._children, _children_like(spec, node)):
        _flatten_up_to(child_spec, child, out)


def _children_like(spec: TreeSpec, node) -> list:
    """``node``'s children, checked against ``spec`` with PyTorch's errors."""
    node_type = _node_type(node)
    if spec.type not in BUILTIN_TYPES:
        if node_type != spec.type:
            raise ValueError(f"Type mismatch; expected {spec.type!r}, but got {node_type!r}.")
        children, context = SUPPORTED_NODES[node_type].flatten_fn(node)
        if len(children) != spec.num_children:
            raise ValueError(f"Node arity mismatch; expected {spec.num_children}, but got {len(children)}.")
        if context != spec._context:
            raise ValueError(f"Node context mismatch for custom node type {spec.type!r}.")
        return children
    both_dicts = spec.type in _DICT_TYPES and node_type in _DICT_TYPES
    if not both_dicts and node_type != spec.type:
        raise ValueError(f"Node type mismatch; expected {spec.type!r}, but got {node_type!r}.")
    if len(node) != spec.num_children:
        raise ValueError(f"Node arity mismatch; expected {spec.num_children}, but got {len(node)}.")
    if both_dicts:
        return _dict_children_like(spec, node)
    children, context = SUPPORTED_NODES[node_type].flatten_fn(node)
    if node_type is not deque and context != spec._context:
        raise ValueError(f"Node context mismatch for node type {spec.type!r}; expected {spec._context!r}, "
                         f"but got {context!r}.")
    return children


def _dict_children_like(spec: TreeSpec, node) -> list:
    expected_keys = spec._context if spec.type is not defaultdict else spec._context[1]
    got, expected = set(node), set(expected_keys)
    if got != expected:
        message = ""
        missing, extra = expected.difference(got), got.difference(expected)
        if missing:
            message += f"; missing key(s): {missing}"
        if extra:
            message += f"; extra key(s): {extra}"
        raise ValueError(f"Node keys mismatch{message}.")
    return [node[k] for k in expected_keys]


# --------------------------------------------------------------------------- flatten / unflatten
def tree_is_leaf(tree, is_leaf=None) -> bool:
    """Whether ``tree`` is a leaf (not a registered node type, or ``is_leaf(tree)``)."""
    if is_leaf is not None and is_leaf(tree):
        return True
    return _node_type(tree) not in SUPPORTED_NODES


def _flatten(tree, is_leaf, leaves: list) -> TreeSpec:
    if tree_is_leaf(tree, is_leaf):
        leaves.append(tree)
        return _LEAF
    node_type = _node_type(tree)
    children, context = SUPPORTED_NODES[node_type].flatten_fn(tree)
    return TreeSpec(node_type, context, [_flatten(c, is_leaf, leaves) for c in children])


def tree_flatten(tree, is_leaf=None):
    """``(leaves, treespec)`` of ``tree``, leaves in order."""
    leaves: list = []
    spec = _flatten(tree, is_leaf, leaves)
    return leaves, spec


def tree_unflatten(leaves, treespec: TreeSpec):
    """Rebuild the tree described by ``treespec`` from ``leaves``."""
    if not isinstance(treespec, TreeSpec):
        raise TypeError(f"Expected `treespec` to be an instance of PyTreeSpec but got item of type "
                        f"{type(treespec)}.")
    return treespec.unflatten(leaves)


def tree_iter(tree, is_leaf=None):
    """Yield the leaves of ``tree`` in order."""
    if tree_is_leaf(tree, is_leaf):
        yield tree
        return
    children, _ = SUPPORTED_NODES[_node_type(tree)].flatten_fn(tree)
    for child in children:
        yield from tree_iter(child, is_leaf)


def tree_leaves(tree, is_leaf=None) -> list:
    return list(tree_iter(tree, is_leaf))


def tree_structure(tree, is_leaf=None) -> TreeSpec:
    return tree_flatten(tree, is_leaf)[1]


def tree_map(func, tree, *rests, is_leaf=None):
    """Apply ``func`` leaf-wise over ``tree`` (and the matching leaves of ``rests``); same structure back."""
    leaves, spec = tree_flatten(tree, is_leaf)
    columns = [leaves] + [spec.flatten_up_to(r) for r in rests]
    return spec.unflatten(func(*xs) for xs in zip(*columns))


def tree_map_(func, tree, *rests, is_leaf=None):
    """Like :func:`tree_map` for side effects; returns ``tree`` itself."""
    leaves, spec = tree_flatten(tree, is_leaf)
    columns = [leaves] + [spec.flatten_up_to(r) for r in rests]
    for xs in zip(*columns):
        func(*xs)
    return tree


def _type_filter(type_or_types_or_pred) -> Callable:
    if isinstance(type_or_types_or_pred, (type, tuple)) or _is_union(type_or_types_or_pred):
        return lambda x: isinstance(x, type_or_types_or_pred)
    if callable(type_or_types_or_pred):
        return type_or_types_or_pred
    raise TypeError("Argument must be a type, a tuple of types, or a callable.")


def _is_union(obj) -> bool:
    import types
    return isinstance(obj, types.UnionType)


def _only(type_or_types_or_pred, func) -> Callable:
    pred = _type_filter(type_or_types_or_pred)
    return lambda x: func(x) if pred(x) else x


def tree_map_only(type_or_types_or_pred, /, func, tree, is_leaf=None):
    """:func:`tree_map` applying ``func`` only to leaves of the given type(s) (or passing a predicate)."""
    return tree_map(_only(type_or_types_or_pred, func), tree, is_leaf=is_leaf)


def tree_map_only_(type_or_types_or_pred, /, func, tree, is_leaf=None):
    return tree_map_(_only(type_or_types_or_pred, func), tree, is_leaf=is_leaf)


def tree_all(pred, tree, is_leaf=None) -> bool:
    return all(map(pred, tree_iter(tree, is_leaf)))


def tree_any(pred, tree, is_leaf=None) -> bool:
    return any(map(pred, tree_iter(tree, is_leaf)))


def tree_all_only(type_or_types, /, pred, tree, is_leaf=None) -> bool:
    keep = _type_filter(type_or_types)
    return all(pred(x) for x in tree_iter(tree, is_leaf) if keep(x))


def tree_any_only(type_or_types, /, pred, tree, is_leaf=None) -> bool:
    keep = _type_filter(type_or_types)
    return any(pred(x) for x in tree_iter(tree, is_leaf) if keep(x))


# --------------------------------------------------------------------------- key paths
def _key_children(node):
    node_def = SUPPORTED_NODES[_node_type(node)]
    if node_def.flatten_with_keys_fn is None:
        raise ValueError(f"Did not find a flatten_with_keys_fn for type: {node_def.type}. Please pass a "
                         "flatten_with_keys_fn argument to register_pytree_node.")
    return node_def.flatten_with_keys_fn(node)


def _flatten_with_path(tree, is_leaf, path: tuple, out: list) -> TreeSpec:
    if tree_is_leaf(tree, is_leaf):
        out.append((path, tree))
        return _LEAF
    keyed, context = _key_children(tree)
    specs = [_flatten_with_path(child, is_leaf, path + (key,), out) for key, child in keyed]
    return TreeSpec(_node_type(tree), context, specs)


def tree_flatten_with_path(tree, is_leaf=None):
    """``([(key_path, leaf), ...], treespec)``."""
    out: list = []
    spec = _flatten_with_path(tree, is_leaf, (), out)
    return out, spec


def tree_leaves_with_path(tree, is_leaf=None) -> list:
    return tree_flatten_with_path(tree, is_leaf)[0]


def tree_map_with_path(func, tree, *rests, is_leaf=None):
    """:func:`tree_map` where ``func`` also receives each leaf's key path first."""
    keyed, spec = tree_flatten_with_path(tree, is_leaf)
    columns = [[leaf for _, leaf in keyed]] + [spec.flatten_up_to(r) for r in rests]
    paths = [path for path, _ in keyed]
    return spec.unflatten(func(path, *xs) for path, xs in zip(paths, zip(*columns)))


# --------------------------------------------------------------------------- pretty printing
class _DummyLeaf:
    def __repr__(self) -> str:
        return "*"


def treespec_pprint(treespec: TreeSpec) -> str:
    """The tree rebuilt with ``*`` leaves, as its ``repr``: ``{'a': [*, (*,)]}``."""
    dummy = treespec.unflatten([_DummyLeaf() for _ in range(treespec.num_leaves)])
    return repr(dummy)
