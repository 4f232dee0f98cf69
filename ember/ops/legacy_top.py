"""Top-level odds and ends of PyTorch's API: ``torch.convolution``, ``set_flush_denormal``,
the legacy ``Tensor.new`` constructor, and the functions PyTorch removed in 1.9 (``torch.solve``,
``lstsq``, ``eig``, ``symeig``, ``matrix_rank``), which raise PyTorch's own migration messages."""
from __future__ import annotations

from ._common import Tensor

_REMOVED = "This function was deprecated since version 1.9 and is now removed. "

_SOLVE_MSG = (
    _REMOVED + "`torch.solve` is deprecated in favor of `torch.linalg.solve`. `torch.linalg.solve` has its "
    "arguments reversed and does not return the LU factorization.\n\nTo get the LU factorization see `torch.lu`, "
    "which can be used with `torch.lu_solve` or `torch.lu_unpack`.\nX = torch.solve(B, A).solution should be "
    "replaced with:\nX = torch.linalg.solve(A, B)")
_LSTSQ_MSG = (
    _REMOVED + "`torch.lstsq` is deprecated in favor of `torch.linalg.lstsq`.\n`torch.linalg.lstsq` has reversed "
    "arguments and does not return the QR decomposition in the returned tuple (although it returns other "
    "information about the problem).\n\nTo get the QR decomposition consider using `torch.linalg.qr`.\n\nThe "
    "returned solution in `torch.lstsq` stored the residuals of the solution in the last m - n columns of the "
    "returned value whenever m > n. In torch.linalg.lstsq, the residuals are in the field 'residuals' of the "
    "returned named tuple.\n\nThe unpacking of the solution, as in\nX, _ = torch.lstsq(B, A).solution[:A.size(1)]"
    "\nshould be replaced with:\nX = torch.linalg.lstsq(A, B).solution")
_EIG_MSG = (
    _REMOVED + "`torch.linalg.eig` returns complex tensors of dtype `cfloat` or `cdouble` rather than real tensors "
    "mimicking complex tensors.\n\nL, _ = torch.eig(A) should be replaced with:\nL_complex = "
    "torch.linalg.eigvals(A)\n\nand\n\nL, V = torch.eig(A, eigenvectors=True) should be replaced with:\n"
    "L_complex, V_complex = torch.linalg.eig(A)")
_SYMEIG_MSG = (
    _REMOVED + "The default behavior has changed from using the upper triangular portion of the matrix by default "
    "to using the lower triangular portion.\n\nL, _ = torch.symeig(A, upper=upper) should be replaced with:\n"
    "L = torch.linalg.eigvalsh(A, UPLO='U' if upper else 'L')\n\nand\n\nL, V = torch.symeig(A, "
    "eigenvectors=True) should be replaced with:\nL, V = torch.linalg.eigh(A, UPLO='U' if upper else 'L')")
_MATRIX_RANK_MSG = (
    "This function was deprecated since version 1.9 and is now removed.\nPlease use the "
    "`torch.linalg.matrix_rank` function instead. The parameter 'symmetric' was renamed in "
    "`torch.linalg.matrix_rank()` to 'hermitian'.")


def solve(input: Tensor, A: Tensor, *, out=None):
    """Removed in PyTorch 1.9: raises PyTorch's message pointing to ``torch.linalg.solve``."""
    raise RuntimeError(_SOLVE_MSG)


def lstsq(input: Tensor, A: Tensor, *, out=None):
    """Removed in PyTorch 1.9: raises PyTorch's message pointing to ``torch.linalg.lstsq``."""
    raise RuntimeError(_LSTSQ_MSG)


def eig(input: Tensor, eigenvectors: bool = False, *, out=None):
    """Removed in PyTorch 1.9: raises PyTorch's message pointing to ``torch.linalg.eig``."""
    raise RuntimeError(_EIG_MSG)


def symeig(input: Tensor, eigenvectors: bool = False, upper: bool = True, *, out=None):
    """Removed in PyTorch 1.9: raises PyTorch's message pointing to ``torch.linalg.eigh``."""
    raise RuntimeError(_SYMEIG_MSG)


def matrix_rank(input: Tensor, tol=None, symmetric: bool = False, *, out=None):
    """Removed in PyTorch 1.9: raises PyTorch's message pointing to ``torch.linalg.matrix_rank``."""
    raise RuntimeError(_MATRIX_RANK_MSG)


def set_flush_denormal(mode: bool) -> bool:
    """``torch.set_flush_denormal``: whether flushing denormals could be set.  NumPy gives no
    control over the CPU's flush-to-zero flags, so ember answers False (PyTorch's answer on a
    CPU without the feature) and leaves denormals as they are."""
    return False


def convolution(input: Tensor, weight: Tensor, bias, stride, padding, dilation, transposed: bool,
                output_padding, groups: int) -> Tensor:
    """``torch.convolution``: the generic convolution behind ``conv{1,2,3}d`` and
    ``conv_transpose{1,2,3}d`` (which one follows from ``weight.dim()`` and ``transposed``)."""
    from ..nn import functional as F
    nd = weight.dim() - 2
    if nd not in (1, 2, 3):
        raise RuntimeError(f"Expected 3D, 4D or 5D weight for convolution, but got weight of size {list(weight.shape)}")
    if transposed:
        fn = getattr(F, f"conv_transpose{nd}d")
        return fn(input, weight, bias, stride, padding, output_padding, groups, dilation)
    return getattr(F, f"conv{nd}d")(input, weight, bias, stride, padding, dilation, groups)


def _new(self: Tensor, *args, **kwargs) -> Tensor:
    """Legacy ``Tensor.new(...)``: ``new(*sizes)`` is an uninitialised tensor of ``self``'s dtype,
    ``new(sequence)`` one built from data in that dtype, ``new()`` an empty one."""
    from . import creation
    dtype = kwargs.pop("dtype", None) or self.dtype
    kwargs.pop("device", None)  # CPU only
    if not args:
        return creation.empty(0, dtype=dtype)
    if len(args) == 1 and not isinstance(args[0], int) and not _is_size(args[0]):
        data = args[0]
        if isinstance(data, Tensor):
            return data.detach().to(dtype) if data.dtype != dtype else data.detach()
        return creation.tensor(data, dtype=dtype)
    sizes = tuple(args[0]) if len(args) == 1 and _is_size(args[0]) else args
    return creation.empty(*sizes, dtype=dtype)


def _is_size(v) -> bool:
    from .._tensor import Size
    return isinstance(v, Size)


def _removed_method(msg: str):
    def method(self, *args, **kwargs):
        raise RuntimeError(msg)
    return method


TENSOR_METHODS = {
    "new": _new,
    "solve": _removed_method(_SOLVE_MSG),
    "lstsq": _removed_method(_LSTSQ_MSG),
    "eig": _removed_method(_EIG_MSG),
    "symeig": _removed_method(_SYMEIG_MSG),
}
