"""``torch.return_types``: the named tuples returned by ``max(dim)``, ``sort`` ...

Each is a ``tuple`` subclass with named fields that prints like PyTorch's
structseq::

    torch.return_types.max(
    values=tensor([1., 2.]),
    indices=tensor([0, 1]))
"""
from __future__ import annotations

from operator import itemgetter

_TYPES: dict = {}


class _StructSeq(tuple):
    __slots__ = ()
    _names: tuple = ()
    n_fields = 0
    n_sequence_fields = 0
    n_unnamed_fields = 0

    def __new__(cls, seq=()):
        seq = tuple(seq)
        if len(seq) != len(cls._names):
            raise TypeError(f"torch.return_types.{cls.__name__}() takes a {len(cls._names)}-sequence "
                            f"({len(seq)}-sequence given)")
        return tuple.__new__(cls, seq)

    def __repr__(self) -> str:
        body = ",\n".join(f"{k}={v!r}" for k, v in zip(self._names, self))
        return f"torch.return_types.{type(self).__name__}(\n{body})"

    __str__ = __repr__

    # A structseq's tp_name is "torch.return_types.<name>" and its fields are read-only member
    # descriptors, so attribute errors read "'torch.return_types.max' object has no attribute 'foo'"
    # and "readonly attribute" in PyTorch.
    def __getattr__(self, name):
        raise AttributeError(f"'torch.return_types.{type(self).__name__}' object has no attribute '{name}'")

    def __setattr__(self, name, value):
        if name in type(self)._names:
            raise AttributeError("readonly attribute")
        raise AttributeError(f"'torch.return_types.{type(self).__name__}' object has no attribute '{name}'")

    def __delattr__(self, name):
        self.__setattr__(name, None)

    def __reduce__(self):
        return (_rebuild, (type(self).__name__, self._names, tuple(self)))


def _rebuild(name, names, values):
    return make(name, names)(values)


def make(name: str, names: tuple) -> type:
    """The return type class ``torch.return_types.<name>`` with fields ``names``."""
    cls = _TYPES.get(name)
    if cls is not None:
        return cls
    ns = {"__slots__": (), "_names": tuple(names), "n_fields": len(names), "n_sequence_fields": len(names),
          "__module__": "torch.return_types", "__qualname__": name}
    for i, k in enumerate(names):
        ns[k] = property(itemgetter(i))
    cls = type(name, (_StructSeq,), ns)
    _TYPES[name] = cls
    globals()[name] = cls
    return cls


for _n, _f in (("max", ("values", "indices")), ("min", ("values", "indices")), ("sort", ("values", "indices")),
               ("topk", ("values", "indices")), ("kthvalue", ("values", "indices")),
               ("median", ("values", "indices")), ("nanmedian", ("values", "indices")),
               ("mode", ("values", "indices")), ("cummax", ("values", "indices")),
               ("cummin", ("values", "indices")), ("aminmax", ("min", "max")),
               ("linalg_slogdet", ("sign", "logabsdet")), ("slogdet", ("sign", "logabsdet")),
               ("linalg_svd", ("U", "S", "Vh")), ("svd", ("U", "S", "V")), ("linalg_qr", ("Q", "R")),
               ("qr", ("Q", "R")), ("linalg_eigh", ("eigenvalues", "eigenvectors")),
               ("linalg_eig", ("eigenvalues", "eigenvectors")),
               ("linalg_inv_ex", ("inverse", "info")), ("linalg_cholesky_ex", ("L", "info")),
               ("linalg_solve_ex", ("result", "info")), ("linalg_lu_factor", ("LU", "pivots")),
               ("linalg_lu_factor_ex", ("LU", "pivots", "info")), ("linalg_lu", ("P", "L", "U")),
               ("lu_unpack", ("P", "L", "U")), ("_lu_with_info", ("LU", "pivots", "info")),
               ("triangular_solve", ("solution", "cloned_coefficient")),
               ("linalg_lstsq", ("solution", "residuals", "rank", "singular_values")),
               ("frexp", ("mantissa", "exponent")), ("geqrf", ("a", "tau")), ("histogram", ("hist", "bin_edges")),
               ("histogramdd", ("hist", "bin_edges"))):
    make(_n, _f)
