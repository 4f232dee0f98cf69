"""The ``Tensor`` class: an array plus the autograd record of how it was made.

Storage is a NumPy array (or CuPy array on GPU).  A 0-d result is held as a
NumPy *scalar* while nothing aliases it, which makes scalar graphs several
times cheaper; it is turned into a 0-d array the moment an alias (a view,
``.data``, ``detach()``, ``numpy()``) is needed, so in-place updates stay
visible through every alias, as in PyTorch.

The math lives in ``ember/ops``; this module holds the tensor's own state,
its autograd attributes and the methods that bind to those ops.
"""
from __future__ import annotations

import functools
import warnings
import weakref
from typing import Any, Callable, Optional, Sequence

import numpy as np

from . import _dtype as D
from . import _hints
from .autograd import graph as _graph
from .autograd import engine as _engine
from .autograd.grad_mode import STATE as _GRAD
from .backend import device as _device_mod

_ndarray = np.ndarray
_generic = np.generic
_NO_AXIS = type("_NoAxis", (), {"__slots__": (), "__repr__": lambda self: "None"})()  # ``size``/``stride``'s axis

_LEGACY_NAMES = {
    "float32": "FloatTensor", "float64": "DoubleTensor", "float16": "HalfTensor",
    "int64": "LongTensor", "int32": "IntTensor", "int16": "ShortTensor", "int8": "CharTensor",
    "uint8": "ByteTensor", "bool": "BoolTensor", "complex64": "ComplexFloatTensor",
    "complex128": "ComplexDoubleTensor", "uint16": "UInt16Tensor", "uint32": "UInt32Tensor",
    "uint64": "UInt64Tensor",
}
# ``Tensor.type(name)``: the dtype of each legacy name PyTorch's ``type_from_string`` knows (ember's
# dtypes; ``torch.BFloat16Tensor`` and the like have none here)
_LEGACY_NAME_DTYPES = {legacy: name for name, legacy in _LEGACY_NAMES.items()}
_LEGACY_NAME_DTYPES.update({"BFloat16Tensor": "bfloat16", "ComplexHalfTensor": "complex32"})
_NO_CUDA_MSG = (
    "Cannot initialize CUDA without ATen_cuda library. PyTorch splits its backend into two shared libraries: a "
    "CPU library and a CUDA library; this error has occurred because you are trying to use some CUDA "
    "functionality, but the CUDA library has not been loaded by the dynamic linker for some reason.  The CUDA "
    "library MUST be loaded, EVEN IF you don't directly use any symbols from the CUDA library! One common culprit "
    "is a lack of -Wl,--no-as-needed in your link arguments; many dynamic linkers will delete dynamic library "
    "dependencies if you don't depend on any of their symbols.  You can check if this has occurred by using ldd "
    "on your binary to see if there is a dependency on *_cuda.so library.")


def _tp_name(cls: type) -> str:
    """A class's C ``tp_name``: ``int``, ``numpy.float32``; a class defined in Python: its bare name."""
    if cls.__module__ == "builtins" or cls.__flags__ & (1 << 9):  # Py_TPFLAGS_HEAPTYPE
        return cls.__name__
    return f"{cls.__module__}.{cls.__name__}"


def _dtype_from_type_name(name: str):
    """PyTorch's ``torch::utils::type_from_string``: ``torch.Tensor`` (the default dtype),
    ``torch.<Scalar>Tensor`` or ``torch.sparse.<Scalar>Tensor`` (its dtype, strided), any
    ``torch.cuda.`` name (CUDA's error on a CPU-only build); any other name is invalid."""
    if name == "torch.Tensor":
        return D.get_default_dtype()
    if name.startswith("torch.cuda."):  # (PyTorch initialises CUDA before it looks the name up)
        raise RuntimeError(_NO_CUDA_MSG)
    rest = name[6:] if name.startswith("torch.") else None
    if rest is not None and rest.startswith("sparse."):
        rest = rest[7:]
    dtype_name = _LEGACY_NAME_DTYPES.get(rest)
    if dtype_name is None:
        raise ValueError(f"invalid type: '{name}'")
    return getattr(D, dtype_name if dtype_name != "bool" else "bool_")

NON_LEAF_GRAD_WARNING = (
    "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad attribute "
    "won't be populated during autograd.backward(). If you indeed want the .grad field to be populated "
    "for a non-leaf Tensor, use .retain_grad() on the non-leaf Tensor. If you access the non-leaf Tensor "
    "by mistake, make sure you access the leaf Tensor instead. See github.com/pytorch/pytorch/pull/30531 "
    "for more information. (Triggered internally at /__w/pytorch/pytorch/build/aten/src/ATen/core/"
    "TensorBody.h:493.)"
)


def _legacy_type_name(t: "Tensor") -> str:
    name = _LEGACY_NAMES.get(D.from_numpy_dtype(t._data.dtype).name, "Tensor")
    if getattr(t._data, "is_sparse_coo", False):  # ember/sparse: torch.sparse.FloatTensor
        name = "sparse." + name
    return "torch." + ("cuda." if t.is_cuda else "") + name


_C10_TYPE_NAMES = {"float32": "float", "float64": "double", "float16": "c10::Half", "int64": "long int",
                   "int32": "int", "int16": "short int", "int8": "signed char", "uint8": "unsigned char",
                   "bool": "bool", "complex64": "c10::complex<float>", "complex128": "c10::complex<double>"}


def _grad_dtype_error(grad: "Tensor", t: "Tensor") -> str:
    """PyTorch's message for ``t.grad = grad`` with a dtype other than ``t``'s (its grad_dtype)."""
    g_name = D.from_numpy_dtype(grad._data.dtype).name
    t_scalar = _LEGACY_NAMES.get(D.from_numpy_dtype(t._data.dtype).name, "Tensor")[:-len("Tensor")]
    return (f"attempting to assign a gradient with dtype '{_C10_TYPE_NAMES.get(g_name, g_name)}' to a tensor with "
            f"grad_dtype '{t_scalar}'. The gradient must match the tensor's grad_dtype (defaults to the tensor's "
            "dtype). You can set the tensor's grad_dtype attribute with a specific dtype, or None to allow any "
            "dtype. Set grad_dtype with caution. Diverging the dtypes of a tensor and its gradient may break "
            "downstream systems that assume they match.")


def _deepcopy_array(d, memo):
    """``d``'s copy for ``copy.deepcopy``: like PyTorch, which copies each storage once per ``memo``,
    arrays viewing one buffer get views of that buffer's one copy (same offsets and strides)."""
    if d.__class__ is not _ndarray:
        return d.copy()
    root = d
    while isinstance(root.base, _ndarray):
        root = root.base
    if not (root.flags.c_contiguous or root.flags.f_contiguous):
        return d.copy()
    key = ("ember.storage", id(root))
    rc = memo.get(key)
    if rc is None:
        rc = memo[key] = root.copy(order="K")
        memo.setdefault(id(memo), []).append(root)  # keep the original alive while its id is a key
    if d is root:
        return rc
    start = d.__array_interface__["data"][0] - root.__array_interface__["data"][0]
    flat = rc.ravel(order="K").view(np.uint8)
    out = np.ndarray(d.shape, d.dtype, buffer=flat, offset=start, strides=d.strides)
    if start and d.size and start % d.itemsize == 0:
        _remember_offset(out, start // d.itemsize)
    return out


# Arrays that start inside their storage although their tensor is no view (``_base`` is None):
# torch.load's and deepcopy's copies of views.  ``id -> (weakref, offset in elements)``.
_STORAGE_OFFSETS: dict = {}


def _remember_offset(arr, offset: int) -> None:
    key = id(arr)
    _STORAGE_OFFSETS[key] = (weakref.ref(arr, lambda _r, k=key: _STORAGE_OFFSETS.pop(k, None)), offset)


def _known_offset(arr) -> int:
    entry = _STORAGE_OFFSETS.get(id(arr))
    return entry[1] if entry is not None and entry[0]() is arr else 0


def _check_grad_fits(grad_shape, new_shape) -> None:
    """PyTorch's errors for ``AccumulateGrad``'s in-place ``grad += new_grad`` when the new
    gradient does not fit ``.grad`` (e.g. after ``w.data`` was replaced by a tensor of another
    shape): the broadcast error, or the in-place output-shape error."""
    from .ops._common import broadcast_error
    try:
        shape = np.broadcast_shapes(grad_shape, new_shape)
    except ValueError:
        raise broadcast_error(grad_shape, new_shape) from None
    if shape != tuple(grad_shape):
        raise RuntimeError(f"output with shape {list(grad_shape)} doesn't match the broadcast shape {list(shape)}")


class Tensor:
    """A multi-dimensional array that records the operations applied to it.

    Mirrors ``torch.Tensor``: ``requires_grad``, ``grad``, ``grad_fn``,
    ``is_leaf``, ``backward()`` and the usual math methods and operators.
    """

    # ``__dict__``: PyTorch lets a program set its own attributes on a tensor (``t.foo = 3``); the dict
    # is made only when one is set, so plain tensors cost nothing more
    __slots__ = ("_data", "grad_fn", "_rg", "_grad", "_vc", "_base", "_ext", "_out_nr", "__weakref__", "__dict__")
    __array_priority__ = 1000

    # ------------------------------------------------------------------ init
    def __new__(cls, *args, **kwargs):
        self = object.__new__(cls)
        self._data = None
        self.grad_fn = None
        self._rg = False
        self._grad = None
        self._vc = _VC_NEW
        self._base = None
        self._ext = None
        self._out_nr = 0
        return self

    def __init__(self, *args, device=None, dtype=None) -> None:
        """Legacy constructor: ``Tensor(2, 3)`` (uninitialised float) or ``Tensor(data)``."""
        if self._data is not None:
            return
        dt = D.get_default_dtype() if dtype is None else dtype
        if len(args) == 1 and not isinstance(args[0], (int, np.integer)):
            src = args[0]
            if isinstance(src, Tensor):
                self._data = src._data
                return
            arr = np.array(_to_nested_data(src), dtype=dt.np)
        elif len(args) == 1 and isinstance(args[0], (tuple, list)):
            arr = np.zeros(tuple(args[0]), dtype=dt.np)
        else:
            arr = np.zeros(tuple(int(a) for a in args), dtype=dt.np)
        self._data = arr

    # ------------------------------------------------------------ basic info
    @property
    def data(self) -> "Tensor":
        """A tensor sharing storage with this one but outside the graph.

        Unlike ``detach()`` it has a version counter of its own (PyTorch's
        ``VariableHooks::tensor_data``): in-place changes through ``.data`` are
        invisible to autograd's checks, so a saved tensor changed that way is
        used as it now is instead of raising.
        """
        t = _make(self._materialize())
        # ``.data`` of an inference tensor is one too (detached: it may be changed in place)
        t._vc = _DETACHED_INFERENCE_VC if isinstance(self._vc, _InferenceVC) else None
        if self._base is not None:
            _keep_storage_offset(self, t._data)
        return t

    @data.setter
    def data(self, value: "Tensor") -> None:
        """``x.data = y``: ``x`` keeps its identity, graph, ``.grad`` and version counter, and
        takes ``y``'s storage (shape and dtype too), as PyTorch's ``set_data``."""
        if not isinstance(value, Tensor):
            raise TypeError(f"Variable data has to be a tensor, but got {type(value).__name__}")
        if self._rg and value._data.dtype.kind not in "fc":
            raise RuntimeError("data set to a tensor that requires gradients must be floating point or complex dtype")
        self._data = value._materialize()

    @property
    def shape(self):
        return _shape_size(self._data.shape)

    def size(self, dim: Optional[int] = None, axis=_NO_AXIS):  # (positional: a keyword-only default costs ~35ns)
        if dim is None:
            if axis is _NO_AXIS:
                return _shape_size(self._data.shape)
            dim = axis  # (NumPy's name, as PyTorch's argument parser takes it)
        elif axis is not _NO_AXIS:
            raise TypeError("size() got an unexpected keyword argument 'axis'")
        if not self._data.ndim:
            raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")
        return self._data.shape[_wrap_dim(dim, self._data.ndim)]

    @property
    def dtype(self) -> D.dtype:
        return D.from_numpy_dtype(self._data.dtype)

    @property
    def device(self):
        return _device_mod.device_of(self._data)

    @property
    def is_cuda(self) -> bool:
        return _device_mod.is_cuda_array(self._data)

    @property
    def is_cpu(self) -> bool:
        return not self.is_cuda

    @property
    def layout(self):
        from . import sparse_coo, strided
        d = self._data
        return sparse_coo if d.__class__ is not _ndarray and getattr(d, "is_sparse_coo", False) else strided

    @property
    def ndim(self) -> int:
        return self._data.ndim

    def dim(self) -> int:
        return self._data.ndim

    ndimension = dim

    def numel(self) -> int:
        return int(self._data.size)

    nelement = numel

    def element_size(self) -> int:
        return self._data.dtype.itemsize

    @property
    def itemsize(self) -> int:
        return self._data.dtype.itemsize

    @property
    def nbytes(self) -> int:
        return int(self._data.nbytes)

    def is_floating_point(self) -> bool:
        return self._data.dtype.kind == "f"

    def is_complex(self) -> bool:
        return self._data.dtype.kind == "c"

    def is_contiguous(self, memory_format=None) -> bool:
        d = self._data
        if memory_format is not None:
            fmt = str(memory_format)
            if fmt in ("torch.channels_last", "torch.channels_last_3d"):
                # c10's compute_channels_last_contiguous_{2d,3d}: strides that match the NHWC / NDHWC
                # layout, size-1 dims skipped; False for any other rank
                order = (1, 3, 2, 0) if fmt == "torch.channels_last" else (1, 4, 3, 2, 0)
                if self.dim() != len(order):
                    return False
                sizes, strides, expected = self.shape, self.stride(), 1
                for i in order:
                    if sizes[i] != 1:
                        if strides[i] != expected:
                            return False
                        expected *= sizes[i]
                return True
        return True if d.__class__ is not _ndarray else bool(d.flags.c_contiguous)

    def stride(self, dim: Optional[int] = None, axis=_NO_AXIS):
        if axis is not _NO_AXIS:  # (NumPy's name, as PyTorch's argument parser takes it)
            if dim is not None:
                raise TypeError("stride() got an unexpected keyword argument 'axis'")
            dim = axis
        d = self._materialize()
        if d.size == 0 and not self._empty_view_of_data(d):
            st, acc = [], 1
            for n in reversed(d.shape):
                st.append(acc)
                acc *= max(n, 1)
            st = tuple(reversed(st))
        else:
            # NumPy's own strides, except a size-1 dim it made with stride 0 (``x[None]``):
            # PyTorch gives that the stride ``unsqueeze`` does, size * stride of the next dim
            st = [s // d.itemsize for s in d.strides]
            for i in range(d.ndim - 1, -1, -1):
                if d.shape[i] == 1 and st[i] == 0:
                    st[i] = st[i + 1] * d.shape[i + 1] if i + 1 < d.ndim else 1
            st = tuple(st)
        if dim is None:
            return st
        if not d.ndim:
            raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")
        return st[_wrap_dim(dim, d.ndim)]

    def _empty_view_of_data(self, d) -> bool:
        """An empty view (a slice, ``narrow``, ``split``, ``t()``) of a non-empty tensor: PyTorch keeps the
        base's strides, which NumPy's view has too (a fresh empty array gets contiguous strides)."""
        base = self._base
        return base is not None and base._data.size != 0 and d.__class__ is _ndarray and any(d.strides)

    def storage_offset(self) -> int:
        """Offset (in elements) of this view's first element inside its base's storage."""
        base = self._base
        if base is None:  # torch.load / deepcopy of a view: not a view, but not at its storage's start
            return _known_offset(self._data) if _STORAGE_OFFSETS else 0
        d = self._materialize()
        bd = base._materialize()
        if d.__class__ is not _ndarray or bd.__class__ is not _ndarray:
            return 0
        delta = d.__array_interface__["data"][0] - bd.__array_interface__["data"][0]
        return int(delta // d.itemsize) + (_known_offset(bd) if _STORAGE_OFFSETS else 0)

    def data_ptr(self) -> int:
        if self._data.size == 0:  # PyTorch: an empty tensor has no allocation
            return 0
        return int(self._materialize().__array_interface__["data"][0])

    def type(self, dtype=None, non_blocking=False, *, memory_format=None, **kwargs):
        """``Tensor.type()``: the legacy type name; ``Tensor.type(t)``: a copy in the type ``t``, a
        dtype, a full legacy name (``'torch.LongTensor'``) or a type, read by its ``tp_name`` as
        PyTorch does (``int`` is ``invalid type: 'int'``; ``torch.LongTensor`` is found)."""
        if kwargs:  # (worded as PyTorch's parser, not Python's ``Tensor.type()``)
            raise TypeError(f"type() got an unexpected keyword argument '{next(iter(kwargs))}'")
        if dtype is None:
            return _legacy_type_name(self)
        if isinstance(dtype, D.dtype):
            return self.to(dtype)
        if isinstance(dtype, str):
            return self.to(_dtype_from_type_name(dtype))
        if not isinstance(dtype, type):
            raise TypeError("dtype must be a type, str, or dtype object")
        legacy = getattr(dtype, "_dtype", None)  # a legacy type class: torch.DoubleTensor ...
        if isinstance(legacy, D.dtype):
            return self.to(legacy)
        if dtype is Tensor:  # (``torch.Tensor``: the default type)
            return self.to(D.get_default_dtype())
        return self.to(_dtype_from_type_name(_tp_name(dtype)))

    # ------------------------------------------------------- autograd state
    @property
    def requires_grad(self) -> bool:
        return self._rg

    @requires_grad.setter
    def requires_grad(self, value: bool) -> None:
        if value is not True and value is not False:
            raise RuntimeError("requires_grad must be a bool")
        if value and self.grad_fn is not None:
            raise RuntimeError("you can only change requires_grad flags of leaf variables.")
        if value and self.grad_fn is None and self._data.dtype.kind not in "fc":  # the setter's wording
            raise RuntimeError("only Tensors of floating point and complex dtype can require gradients")
        self.requires_grad_(value)

    def requires_grad_(self, requires_grad: bool = True) -> "Tensor":
        """Set ``requires_grad`` in place on a leaf (``Tensor.requires_grad_``)."""
        if requires_grad.__class__ is not bool:  # PyTorch's argument parser takes a bool only
            from .ops._argerrors import type_name
            raise TypeError("requires_grad_(): argument 'requires_grad' (position 1) must be bool, not "
                            f"{type_name(requires_grad)}")
        if self.grad_fn is not None:
            if requires_grad:
                return self
            raise RuntimeError(
                "you can only change requires_grad flags of leaf variables. If you want to use a computed "
                "variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach()."
            )
        if requires_grad and self._data.dtype.kind not in "fc":  # PyTorch's requires_grad_ says "floating point"
            raise RuntimeError("only Tensors of floating point dtype can require gradients")
        if requires_grad and isinstance(self._vc, _InferenceVC) and not _GRAD.inference:
            raise RuntimeError("Setting requires_grad=True on inference tensor outside InferenceMode is not allowed.")
        self._rg = bool(requires_grad)
        return self

    @property
    def is_leaf(self) -> bool:
        return self.grad_fn is None

    @property
    def grad(self) -> Optional["Tensor"]:
        if self.grad_fn is not None and not (self._ext and self._ext.get("retains_grad")):
            warnings.warn(_hints.decorate_nonleaf_grad(NON_LEAF_GRAD_WARNING), UserWarning, stacklevel=2)
        return self._grad

    @grad.setter
    def grad(self, value: Optional["Tensor"]) -> None:
        if value is not None:
            if not isinstance(value, Tensor):
                raise TypeError(f"assigned grad expected to be a Tensor or None but got grad of type {type(value).__name__}")
            if value._data.dtype != self._data.dtype:
                raise RuntimeError(_grad_dtype_error(value, self))
            if value._data.shape != self._data.shape:
                raise RuntimeError(
                    f"attempting to assign a gradient of size '{list(value._data.shape)}' to a tensor of size "
                    f"'{list(self._data.shape)}'. Please ensure that the gradient and the tensor are the same size")
        self._grad = value

    @grad.deleter
    def grad(self) -> None:
        self._grad = None

    @property
    def retains_grad(self) -> bool:
        return bool(self._ext and self._ext.get("retains_grad"))

    @property
    def output_nr(self) -> int:
        return self._out_nr

    @property
    def _version(self) -> int:
        vc = self._vc
        if vc is None:
            return 0
        if isinstance(vc, _InferenceVC):
            if vc.__class__ is _DetachedInferenceVC:
                return 0
            raise RuntimeError("Inference tensors do not track version counter.")
        return vc[0]

    @property
    def volatile(self) -> bool:
        """Removed in PyTorch 0.4: always False, with PyTorch's UserWarning."""
        warnings.warn("volatile was removed (Variable.volatile is always False)", UserWarning, stacklevel=2)
        return False

    @volatile.setter
    def volatile(self, value) -> None:
        warnings.warn("volatile was removed and now has no effect. Use `with torch.no_grad():` instead.",
                      UserWarning, stacklevel=2)

    @property
    def name(self):
        """``Tensor.name``: None (PyTorch sets it only on tensors the JIT names)."""
        return None

    def _is_view(self) -> bool:
        """``Tensor._is_view()``: True for a view of another tensor (one whose ``_base`` is set)."""
        return self._base is not None

    def is_inference(self) -> bool:
        """``Tensor.is_inference()``: made inside ``inference_mode`` (or a view or detached alias of one)."""
        return isinstance(self._vc, _InferenceVC)

    def retain_grad(self) -> None:
        """Keep ``.grad`` for this non-leaf after backward (``Tensor.retain_grad``)."""
        if self.grad_fn is None:
            if not self._rg:
                raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
            return
        ext = self._get_ext()
        if ext.get("retains_grad"):
            return
        ext["retains_grad"] = True
        _RetainGrad(self).attach(self.grad_fn, self._out_nr)

    def register_hook(self, hook: Callable) -> "_graph._Handle":
        """Call ``hook(grad)`` when this tensor's gradient is computed; may return a replacement."""
        if not self._rg:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
        if self.grad_fn is None:
            return _graph._Handle(self._get_ext().setdefault("hooks", []), hook)
        return _graph._Handle(_graph.pre_hooks_of(self.grad_fn), (self._out_nr, hook))

    def register_post_accumulate_grad_hook(self, hook: Callable):
        if self.grad_fn is not None:
            raise RuntimeError("post accumulate grad hooks cannot be registered on non-leaf tensors")
        return _graph._Handle(self._get_ext().setdefault("post_acc_hooks", []), hook)

    def backward(self, gradient=None, retain_graph=None, create_graph: bool = False, inputs=None) -> None:
        """Compute the gradient of this tensor w.r.t. graph leaves (``Tensor.backward``)."""
        fn = self.grad_fn
        if (gradient is None and inputs is None and not create_graph and fn is not None
                and not _hints._ENABLED and fn._pre_hooks is None and not fn.multi_output):
            one = _SCALAR_ONE.get(self._data.__class__)
            if one is not None:
                # common case: a float scalar loss, default arguments
                keep = retain_graph
                if keep is not None and keep.__class__ is not bool:  # (the engine parses it as an integer)
                    from .autograd import _engine_flag
                    keep = _engine_flag(keep)
                _engine.run_backward_raw_scalar(fn, {fn: [one]}, bool(keep))
                return
        from .autograd import backward as _backward
        _backward(self, gradient, retain_graph, create_graph, inputs=inputs)

    def _accumulate(self, g: "Tensor", create_graph: bool) -> None:
        """``AccumulateGrad``: add ``g`` into ``.grad``."""
        old = self._grad
        if old is None:
            if create_graph and g._rg:
                # PyTorch stores ``new_empty_strided(...).copy_(grad)``: a CopyBackwards node under create_graph
                new = self._grad_copy(g)
                self._grad = new.copy_(g)
            else:
                self._grad = self._grad_copy(g)
        elif create_graph or _GRAD.enabled:
            self._grad = old + g
        else:
            od = old._data
            if od.__class__ is _ndarray and od.shape == g._data.shape and od.flags.writeable:
                np.add(od, g._data, out=od, casting="unsafe")
                old._bump_version()
            else:
                if od.shape != g._data.shape:
                    _check_grad_fits(od.shape, g._data.shape)
                old._data = (od + g._data).astype(od.dtype, copy=False)
                old._bump_version()
        _hints.note_accumulation(self, old is not None)
        post = self._ext.get("post_acc_hooks") if self._ext else None
        if post:
            for fn in list(post):
                fn(self)

    def _grad_copy(self, g: "Tensor") -> "Tensor":
        """A detached copy of ``g`` for this leaf's first ``.grad``: row-major, or laid out like a
        strided leaf (ATen's ``clone_obey_contract``: a transposed or channels-last parameter gets a
        gradient with its strides)."""
        d, gd = self._data, g._data
        if d.__class__ is _ndarray and gd.__class__ is _ndarray and not d.flags.c_contiguous:
            from .ops._layout import grad_in_layout
            return _make(grad_in_layout(gd, d))
        return g._fresh_copy()

    def _accumulate_node(self) -> "_graph.AccumulateGrad":
        ext = self._get_ext()
        node = ext.get("acc_node")
        if node is None:
            node = ext["acc_node"] = _graph.AccumulateGrad(self)
        return node

    def detach(self) -> "Tensor":
        """A new tensor sharing data (and version counter), outside the graph."""
        t = _alias(self)
        if t._vc.__class__ is _InferenceVC:
            t._vc = _DETACHED_INFERENCE_VC  # PyTorch lets a detached inference tensor be written in place
        return t

    def detach_(self) -> "Tensor":
        if self._base is not None and self._base._rg and _GRAD.enabled:
            raise RuntimeError(
                "Can't detach views in-place. Use detach() instead. If you are using DistributedDataParallel "
                "(DDP) for training, and gradient_as_bucket_view is set as True, gradients are views of DDP "
                "buckets, and hence detach_() cannot be called on these gradients. To fix this error, please "
                "refer to the Optimizer.zero_grad() function in torch/optim/optimizer.py as the solution."
            )
        self.grad_fn = None
        self._rg = False
        return self

    # --------------------------------------------------------- conversions
    def item(self):
        d = self._data
        if d.size != 1:
            raise RuntimeError(f"a Tensor with {d.size} elements cannot be converted to Scalar")
        return _device_mod.to_numpy(d).reshape(()).item()

    def tolist(self):
        return _device_mod.to_numpy(self._data).tolist()

    def numpy(self, *, force: bool = False) -> np.ndarray:
        if self._rg and not force:
            raise RuntimeError("Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.")
        if self.is_cuda:
            if not force:
                raise TypeError(
                    "can't convert cuda:0 device type tensor to numpy. Use Tensor.cpu() to copy the tensor to host memory first."
                )
            return _device_mod.to_numpy(self._data)
        d = self._materialize()
        if d.__class__ is not _ndarray and getattr(d, "is_sparse_coo", False):  # ember/sparse
            raise TypeError("can't convert Sparse layout tensor to numpy. Use Tensor.to_dense() first.")
        # PyTorch hands out a fresh ndarray sharing the tensor's memory on each call (never the array
        # given to ``from_numpy``), so reshaping the result in place cannot change the tensor's shape.
        return d.view() if d.__class__ is _ndarray else d

    def __array__(self, dtype=None):
        """NumPy conversion, with ``torch.Tensor.__array__``'s signature (no ``copy`` keyword).

        NumPy 2 therefore warns on ``np.array(t)`` ("__array__ implementation doesn't accept a copy
        keyword ...", a DeprecationWarning) exactly as it does for a PyTorch tensor, and makes the copy.
        """
        if self._rg:
            raise RuntimeError("Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.")
        arr = _device_mod.to_numpy(self._materialize())
        if dtype is not None:
            arr = arr.astype(dtype, copy=False)
        return arr

    def __float__(self) -> float:
        if self._rg and _GRAD.enabled and not _WARNED_FLOAT_OF_GRAD[0]:  # TORCH_WARN_ONCE, grad mode only
            _WARNED_FLOAT_OF_GRAD[0] = True
            import warnings
            from ._hints import _user_stacklevel  # (``torch.tensor([t])`` converts inside ember: warn at the user's line)
            warnings.warn(_FLOAT_OF_GRAD_MSG, UserWarning, stacklevel=_user_stacklevel())
        return float(self._scalar_value("float"))

    def __int__(self) -> int:
        return int(self._scalar_value("int"))

    def __index__(self) -> int:
        if self._data.dtype.kind not in "iub" or self._data.size != 1:
            raise TypeError("only integer tensors of a single element can be converted to an index")
        return int(self._data.reshape(()).item()) if self._data.__class__ is _ndarray else int(self._data)

    def __complex__(self) -> complex:
        return complex(self._scalar_value("complex"))

    def __bool__(self) -> bool:
        d = self._data
        if d.size != 1:
            if d.size == 0:
                raise RuntimeError("Boolean value of Tensor with no values is ambiguous")
            raise RuntimeError("Boolean value of Tensor with more than one value is ambiguous")
        return bool(_device_mod.to_numpy(d).reshape(()).item())

    def _scalar_value(self, kind: str):
        d = self._data
        if d.size != 1:
            raise ValueError("only one element tensors can be converted to Python scalars")
        v = _device_mod.to_numpy(d).reshape(()).item()
        if kind != "complex" and v.__class__ is complex:
            if v.imag != 0:
                raise RuntimeError("value cannot be converted to type "
                                   f"{'double' if kind == 'float' else 'int64_t'} without overflow")
            v = v.real
        return v

    def __len__(self) -> int:
        if self._data.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return self._data.shape[0]

    def __iter__(self):
        if self._data.ndim == 0:
            raise TypeError("iteration over a 0-d tensor")
        if not self._rg or not _GRAD.enabled:
            n = self._data.shape[0]
            return iter([self[i] for i in range(n)])
        return iter(self.unbind(0))

    def __reversed__(self):
        return self.flip(0)

    def __contains__(self, element) -> bool:
        from numbers import Number
        if not isinstance(element, (Tensor, Number)):
            raise RuntimeError("Tensor.__contains__ only supports Tensor or scalar, but you passed in a "
                               f"{type(element)}.")
        return bool((self == element).any())

    def __repr__(self, *, tensor_contents=None) -> str:
        from . import _tensor_str
        if getattr(self._data, "is_sparse_coo", False):  # a sparse COO tensor (ember/sparse)
            from .sparse._tensor_methods import format_sparse
            return format_sparse(self)
        data = _device_mod.to_numpy(self._data)
        if not isinstance(data, _ndarray):
            data = np.asarray(data)
        fn = self.grad_fn
        dev = self.device
        kw = dict(
            requires_grad=self._rg and fn is None,
            grad_fn_name=None if fn is None else type(fn).__name__,
            device=None if dev.type == "cpu" else str(dev),
            default_dtype_name=D.get_default_dtype().name,
        )
        if self._ext and "fw_grad" in self._ext:  # a dual tensor of forward AD: ``tangent=`` suffix
            from .autograd import forward_ad
            kw["tangent"] = forward_ad.repr_tangent(self)
        if type(self).__name__ == "Parameter":
            return _tensor_str.format_parameter(data, self.dtype.name, **kw)
        return _tensor_str.format_tensor(data, self.dtype.name, **kw)

    def __str__(self) -> str:
        return self.__repr__()

    def __format__(self, spec: str) -> str:
        """As ``Tensor.__format__``: a plain 0-d tensor formats its ``item()``; anything else
        goes to ``object.__format__`` (``str(t)``, or a TypeError for a non-empty spec)."""
        if self._data.ndim == 0 and type(self) is Tensor:
            from . import _tensor_str
            return _tensor_str.format_scalar(self.item(), self.dtype.name, spec)
        if spec:
            raise TypeError(f"unsupported format string passed to {type(self).__name__}.__format__")
        return str(self)

    def __reduce_ex__(self, proto):
        from . import serialization
        return serialization._reduce_tensor(self)

    def __deepcopy__(self, memo):
        if self.grad_fn is not None:
            raise RuntimeError(
                "Only Tensors created explicitly by the user (graph leaves) support the deepcopy protocol at the moment.  "
                "If you were attempting to deepcopy a module, this may be because of a torch.nn.utils.weight_norm usage, "
                "see https://github.com/pytorch/pytorch/pull/103001"
            )
        new = type(self).__new__(type(self))
        new._data = _deepcopy_array(self._data, memo)
        new._rg = self._rg
        if self._grad is not None:
            new._grad = self._grad.__deepcopy__(memo)
        memo[id(self)] = new
        if self.__dict__:  # (a program's own attributes, as PyTorch's deepcopy keeps them)
            import copy
            for k, v in self.__dict__.items():
                setattr(new, k, copy.deepcopy(v, memo))
        return new

    # ------------------------------------------------------- internal bits
    def _get_ext(self) -> dict:
        ext = self._ext
        if ext is None:
            ext = self._ext = {}
        elif ext is SAVED_OUTPUT_EXT:  # shared marker of saved outputs: copy before writing
            ext = self._ext = dict(ext)
        return ext

    def _materialize(self):
        """Return the storage as an array, turning a held scalar into a 0-d array."""
        d = self._data
        if d.__class__ is not _ndarray and isinstance(d, _generic):
            held = d
            d = self._data = np.array(d)
            fn = self.grad_fn
            if fn is not None and fn._saved:  # the node's saved alias of this output holds the scalar too
                for s in fn._saved:
                    if s.__class__ is Tensor and s._data is held:
                        s._data = d
        return d

    def _bump_version(self) -> None:
        vc = self._vc
        if vc is None:
            self._vc = [1]
        else:
            try:
                vc[0] += 1
            except RuntimeError:
                if not isinstance(vc, _InferenceVC):
                    raise
                # an inference tensor counts nothing; outside inference mode only a detached one may change
                if vc.__class__ is _InferenceVC and not _GRAD.inference:
                    raise RuntimeError(INFERENCE_INPLACE_MSG) from None

    def _shared_vc(self) -> list:
        vc = self._vc
        if vc is None:
            vc = self._vc = [0]
        return vc

    def _fresh_copy(self) -> "Tensor":
        """A detached tensor with its own copy of the data (scalars are immutable: no copy)."""
        d = self._data
        if d.__class__ is _ndarray or not isinstance(d, _generic):
            d = d.copy()
        return _make(d)

    def _clone_data(self) -> "Tensor":
        return self._fresh_copy()

    def _to_np_dtype(self, np_dtype) -> "Tensor":
        return self.to(D.from_numpy_dtype(np_dtype))

    def _write(self, value) -> None:
        """Overwrite the storage in place with ``value`` (array or scalar), casting."""
        d = self._data
        if d.__class__ is _ndarray or not isinstance(d, _generic):
            if d.ndim == 0 and d.__class__ is _ndarray:
                d[()] = value
            else:
                d[...] = value
        else:
            self._data = d.dtype.type(value)


def _wrap_dim(dim: int, ndim: int) -> int:
    n = max(ndim, 1)
    if not -n <= dim < n:
        raise IndexError(
            f"Dimension out of range (expected to be in range of [{-n}, {n - 1}], but got {dim})"
        )
    return dim + n if dim < 0 else dim


_new = object.__new__


# The seed gradient of a 0-d float loss held as a NumPy scalar, by its type.
_SCALAR_ONE = {np.float16: np.float16(1), np.float32: np.float32(1), np.float64: np.float64(1)}

# ``_ext`` of the detached alias a node saves of its own output (shared, never written:
# ``_get_ext`` copies it first).  Version errors name the saving node as its producer.
SAVED_OUTPUT_EXT = {"saved_output": True}


class _InferenceVC(list):
    """The version counter of an inference tensor (made inside ``inference_mode``): it counts nothing.

    All inference tensors share one; views share it as they share any counter,
    so they are inference tensors too.  Reading a version from it raises
    PyTorch's error for saving such a tensor for backward: every path that
    saves a tensor records its version (``Node.save`` and the ops' own fast
    paths alike).  ``_bump_version``, ``_version`` and ``requires_grad_`` test
    for it.  Plain counters are exact ``list``s, so none of this costs normal
    tensors anything.
    """

    __slots__ = ()

    def __getitem__(self, i):
        raise RuntimeError(INFERENCE_SAVE_MSG)


class _DetachedInferenceVC(_InferenceVC):
    """``detach()``/``.data`` of an inference tensor: still one, but PyTorch lets it be changed in place
    anywhere and reports version 0.  (Its views share this marker here; PyTorch's views of it refuse
    in-place changes outside inference mode again.)"""

    __slots__ = ()


INFERENCE_SAVE_MSG = (
    "Inference tensors cannot be saved for backward. Please do not use Tensors created in inference mode in "
    "computation tracked by autograd. To work around this, you can make a clone to get a normal tensor and use it "
    "in autograd, or use `torch.no_grad()` instead of `torch.inference_mode()`.")
INFERENCE_INPLACE_MSG = (
    "Inplace update to inference tensor outside InferenceMode is not allowed.You can make a clone to get a normal "
    "tensor before doing inplace update.See https://github.com/pytorch/rfcs/pull/17 for more details.")
_INFERENCE_VC = _InferenceVC([0])
_DETACHED_INFERENCE_VC = _DetachedInferenceVC([0])
# The version counter new tensors start with: None, or the inference marker while
# ``inference_mode`` is on (kept in step by ``grad_mode``; one global load in ``_make``).
# It is process-wide: while one thread is inside ``inference_mode``, tensors that other
# threads make are inference tensors too (PyTorch's mode is per thread).
_VC_NEW = None


def _inference_changed(on: bool) -> None:
    global _VC_NEW
    _VC_NEW = _INFERENCE_VC if on else None


class _RetainGrad:
    """``retain_grad``'s hook: a pre-hook on the tensor's ``grad_fn`` that keeps the gradient in ``.grad``.

    When an in-place op gives the tensor a new ``grad_fn``, PyTorch moves this
    hook to the new node (ordinary tensor hooks stay on the old one).  ember's
    in-place ops just rebind ``grad_fn``, so the engine calls ``move_retainers()``
    before a backward pass while any such hook is registered (``graph.RETAINERS``).
    """

    __slots__ = ("ref", "node", "nr", "__weakref__")

    def __init__(self, t: "Tensor") -> None:
        self.ref = weakref.ref(t)
        self.node = None
        self.nr = 0

    def attach(self, node, nr: int) -> None:
        _graph.pre_hooks_of(node).append((-nr - 1, self))
        self.node = weakref.ref(node)
        self.nr = nr
        _graph.RETAINERS.append(self)

    def __call__(self, g):
        t = self.ref()
        if t is not None:
            if t._grad is None:
                t._grad = g.detach()._clone_data() if not _GRAD.enabled else g.clone()
            else:
                t._grad = t._grad + g
        return None


def move_retainers() -> None:
    """Move ``retain_grad`` hooks onto the current ``grad_fn`` of their tensors; forget dead ones."""
    keep = []
    for h in _graph.RETAINERS:
        t = h.ref()
        if t is None:
            continue
        fn = t.grad_fn
        old = h.node() if h.node is not None else None
        if fn is not old or t._out_nr != h.nr:
            if old is not None and old._pre_hooks:
                old._pre_hooks[:] = [e for e in old._pre_hooks if e[1] is not h]
            if fn is None:
                continue
            _graph.pre_hooks_of(fn).append((-t._out_nr - 1, h))
            h.node = weakref.ref(fn)
            h.nr = t._out_nr
        keep.append(h)
    _graph.RETAINERS[:] = keep


_WARNED_FLOAT_OF_GRAD = [False]
_FLOAT_OF_GRAD_MSG = ("Converting a tensor with requires_grad=True to a scalar may lead to unexpected behavior.\n"
                      "Consider using tensor.detach() first. (Triggered internally at "
                      "/__w/pytorch/pytorch/torch/csrc/autograd/generated/python_variable_methods.cpp:822.)")


def _make(data, node=None, cls=Tensor) -> Tensor:
    """Fast constructor used by every op: wrap ``data`` (and its grad_fn)."""
    t = _new(cls)
    t._data = data
    t.grad_fn = node
    t._rg = node is not None
    t._grad = None
    t._vc = _VC_NEW
    t._base = None
    t._ext = None
    t._out_nr = 0
    return t


def _from_data(data, requires_grad: bool = False) -> Tensor:
    t = _make(data)
    t._rg = requires_grad
    return t


def _alias(src: Tensor) -> Tensor:
    """A detached tensor sharing ``src``'s storage and version counter."""
    d = src._materialize()
    t = _make(d)
    t._vc = src._shared_vc()
    if src._base is not None:
        _keep_storage_offset(src, d)
    return t


def _keep_storage_offset(src: Tensor, d) -> None:
    """A non-view sharing ``src``'s array (``detach()``, ``.data``) still sits inside ``src``'s storage:
    PyTorch's ``storage_offset()`` keeps saying where."""
    if d.__class__ is _ndarray:
        off = src.storage_offset()
        if off:
            _remember_offset(d, off)


def _to_nested_data(obj):
    if isinstance(obj, Tensor):
        return obj._data
    if isinstance(obj, (list, tuple)):
        return [_to_nested_data(o) for o in obj]
    return obj


def _c_type_name(value) -> str:
    """CPython's ``tp_name`` of ``value``'s type: bare for Python classes and builtins, module-qualified
    for other extension types (``numpy.float64``), as PyTorch's messages print it."""
    cls = type(value)
    if cls.__flags__ & (1 << 9) or cls.__module__ == "builtins":   # Py_TPFLAGS_HEAPTYPE
        return cls.__name__
    return f"{cls.__module__}.{cls.__name__}"


def _size_item(value, pos: int):
    """One ``torch.Size`` element: ints (bools as ints) and ``__index__`` objects are kept, integer
    tensors become ints; anything else raises PyTorch's TypeError.  64-bit range as PyTorch."""
    if isinstance(value, bool):
        value = int(value)
    elif isinstance(value, Tensor):
        if value._data.dtype.kind not in "iub" or value._data.size != 1:
            raise TypeError(f"torch.Size() takes an iterable of 'int' (item {pos} is 'Tensor')")
        value = int(value._data.reshape(-1)[0])
    elif not isinstance(value, int):
        try:
            index = value.__index__()
        except (AttributeError, TypeError):
            raise TypeError(f"torch.Size() takes an iterable of 'int' (item {pos} is '{_c_type_name(value)}')") \
                from None
        if not -2 ** 63 <= index < 2 ** 63:
            raise ValueError("Overflow when unpacking long long")
        return value
    if not -2 ** 63 <= value < 2 ** 63:
        raise ValueError("Overflow when unpacking long long")
    return value


class Size(tuple):
    """``torch.Size``: a tuple that prints as ``torch.Size([2, 3])``.

    Like PyTorch, construction accepts only integers (and ``__index__`` objects / integer
    tensors); ``Tensor.shape`` builds its Size through the unchecked ``_shape_size``."""

    __slots__ = ()

    def __new__(cls, *args):
        if len(args) > 1:
            raise TypeError(f"tuple expected at most 1 argument, got {len(args)}")
        items = tuple(args[0]) if args else ()
        for value in items:
            if type(value) is not int:
                items = tuple(_size_item(v, i) for i, v in enumerate(items))
                break
        else:
            for value in items:
                if not -2 ** 63 <= value < 2 ** 63:
                    raise ValueError("Overflow when unpacking long long")
        return tuple.__new__(cls, items)

    def __repr__(self) -> str:
        return "torch.Size([" + ", ".join(str(int(s)) for s in self) + "])"

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        """``object.__format__`` with the C type name: a non-empty spec is a TypeError."""
        if spec:
            raise TypeError("unsupported format string passed to torch.Size.__format__")
        return str(self)

    def numel(self) -> int:
        n = 1
        for s in self:
            n *= s
        return n

    def __getitem__(self, item):
        r = tuple.__getitem__(self, item)
        return Size(r) if isinstance(item, slice) else r

    def __add__(self, other):
        if not isinstance(other, tuple):
            raise TypeError(f"can only concatenate tuple (not {type(other).__name__}) to torch.Size")
        return Size(tuple.__add__(self, other))

    def __radd__(self, other):
        if not isinstance(other, tuple):
            # The messages CPython gives with torch.Size's C type name (tp_name "torch.Size").
            n = type(other).__name__
            if isinstance(other, (list, str)):
                raise TypeError(f'can only concatenate {n} (not "torch.Size") to {n}')
            if isinstance(other, (bytes, bytearray)):
                raise TypeError(f"can't concat torch.Size to {n}")
            raise TypeError(f"unsupported operand type(s) for +: '{n}' and 'torch.Size'")
        return Size(tuple(other) + tuple(self))

    def __mul__(self, n):
        if not hasattr(n, "__index__"):  # tuple's sq_repeat error, with the type name torch.Size has in C
            n = "torch.Size" if isinstance(n, Size) else type(n).__name__
            raise TypeError(f"can't multiply sequence by non-int of type '{n}'")
        r = tuple.__mul__(self, n)
        return r if r is NotImplemented else Size(r)

    def __rmul__(self, n):
        if not hasattr(n, "__index__") and isinstance(n, (list, tuple, str, bytes, bytearray)):
            raise TypeError("can't multiply sequence by non-int of type 'torch.Size'")
        return self.__mul__(n)

    def __reduce__(self):
        """``torch.Size.__reduce__`` is ``(torch.Size, (tuple(self),))``."""
        return (Size, (tuple(self),))


_shape_size = functools.partial(tuple.__new__, Size)   # trusted int tuples (array shapes), no checks
Tensor._fast_make = staticmethod(_make)
Tensor.__hash__ = object.__hash__  # identity hash at C speed (``__eq__`` is elementwise)
Tensor._is_leaf_target = True
Tensor._meta = None  # engine: a leaf is never a SAME_META chain link
Tensor.multi_output = False
_graph._Tensor = Tensor
_engine._Tensor = Tensor
_engine._move_retainers = move_retainers
from .autograd import grad_mode as _grad_mode  # noqa: E402

_grad_mode._INFERENCE_LISTENER = _inference_changed
_inference_changed(_GRAD.inference)
