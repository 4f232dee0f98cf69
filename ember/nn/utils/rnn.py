"""``torch.nn.utils.rnn``: packing and padding of variable-length sequences.

Mirrors ``torch/nn/utils/rnn.py`` and the ATen kernels behind it
(``_pack_padded_sequence``, ``_pad_packed_sequence``, ``pad_sequence`` in
``aten/src/ATen/native/PackedSequence.cpp`` / ``NNUtils``):

* ``pack_padded_sequence`` packs with one NumPy gather recorded as
  ``PackPaddedSequenceBackward0`` (its backward scatters the gradient back,
  itself differentiable), after an ``index_select`` when
  ``enforce_sorted=False``;
* ``pad_packed_sequence`` and ``pad_sequence`` are composed of ember ops
  exactly as ATen composes them (``full`` + slice ``copy_``), so their outputs
  show ``CopySlices`` (``TransposeBackward0`` / ``IndexSelectBackward0`` on
  top where PyTorch has them).
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

import numpy as np

from ..._tensor import Tensor
from .._functional._util import linear_node, linear_op

__all__ = ["PackedSequence", "invert_permutation", "pack_padded_sequence", "pad_packed_sequence", "pad_sequence",
           "unpad_sequence", "pack_sequence", "unpack_sequence"]

PackPaddedSequenceBackward0 = linear_node("PackPaddedSequenceBackward0")
_PackBackwardCopySlices = linear_node("CopySlices")          # _pack_padded_sequence_backward (time-major)
_PackBackwardTranspose = linear_node("TransposeBackward0")   # ... with batch_first


class PackedSequence_(NamedTuple):
    data: Tensor
    batch_sizes: Tensor
    sorted_indices: Tensor | None
    unsorted_indices: Tensor | None


class PackedSequence(PackedSequence_):
    """Holds the data and list of ``batch_sizes`` of a packed sequence (``torch.nn.utils.rnn.PackedSequence``)."""

    def __new__(cls, data: Tensor, batch_sizes: Tensor | None = None, sorted_indices: Tensor | None = None,
                unsorted_indices: Tensor | None = None) -> "PackedSequence":
        return super().__new__(cls, *_packed_sequence_init_args(data, batch_sizes, sorted_indices,
                                                                unsorted_indices))

    def pin_memory(self) -> "PackedSequence":
        return type(self)(self.data.pin_memory(), self.batch_sizes,
                          _bind(self.sorted_indices, lambda t: t.pin_memory()),
                          _bind(self.unsorted_indices, lambda t: t.pin_memory()))

    def to(self, *args, **kwargs) -> "PackedSequence":
        """Convert ``data`` like ``Tensor.to``; ``self`` when nothing changes; indices follow the device."""
        data = self.data.to(*args, **kwargs)
        if data is self.data:
            return self
        nb = kwargs.get("non_blocking", False)

        def call_to(t: Tensor) -> Tensor:
            return t.to(data.device, non_blocking=nb)

        return type(self)(data, self.batch_sizes, _bind(self.sorted_indices, call_to),
                          _bind(self.unsorted_indices, call_to))

    def cuda(self, *args, **kwargs) -> "PackedSequence":
        kwargs.setdefault("device", "cuda")
        return self.to(*args, **kwargs)

    def cpu(self, *args, **kwargs) -> "PackedSequence":
        kwargs.setdefault("device", "cpu")
        return self.to(*args, **kwargs)

    def double(self) -> "PackedSequence":
        return self.to(dtype=_dt("float64"))

    def float(self) -> "PackedSequence":
        return self.to(dtype=_dt("float32"))

    def half(self) -> "PackedSequence":
        return self.to(dtype=_dt("float16"))

    def long(self) -> "PackedSequence":
        return self.to(dtype=_dt("int64"))

    def int(self) -> "PackedSequence":
        return self.to(dtype=_dt("int32"))

    def short(self) -> "PackedSequence":
        return self.to(dtype=_dt("int16"))

    def char(self) -> "PackedSequence":
        return self.to(dtype=_dt("int8"))

    def byte(self) -> "PackedSequence":
        return self.to(dtype=_dt("uint8"))

    @property
    def is_cuda(self) -> bool:
        """True if ``self.data`` is stored on a GPU."""
        return self.data.is_cuda

    def is_pinned(self) -> bool:
        return self.data.is_pinned()


def _dt(name: str):
    import ember
    return getattr(ember, name)


def _bind(optional, fn):
    return None if optional is None else fn(optional)


def _packed_sequence_init_args(data, batch_sizes=None, sorted_indices=None, unsorted_indices=None):
    if unsorted_indices is None:
        unsorted_indices = invert_permutation(sorted_indices)
    if batch_sizes is not None:
        if batch_sizes.device.type != "cpu":
            raise ValueError(
                "batch_sizes should always be on CPU. Instances of PackedSequence should never be created manually. "
                "They should be instantiated by functions like pack_sequence and pack_padded_sequences in "
                "nn.utils.rnn. https://pytorch.org/docs/stable/nn.html#torch.nn.utils.rnn.pack_sequence")
        return data, batch_sizes, sorted_indices, unsorted_indices
    if not (isinstance(data, (list, tuple)) and len(data) == 2):
        raise AssertionError("Expected data to be a list or tuple of length 2")
    return data[0], data[1], sorted_indices, unsorted_indices


def invert_permutation(permutation: Tensor | None) -> Tensor | None:
    """The inverse of ``permutation`` (``empty_like`` + ``scatter_`` of ``arange``, as PyTorch)."""
    if permutation is None:
        return None
    from ...ops.creation import arange, empty_like
    output = empty_like(permutation)
    output.scatter_(0, permutation, arange(0, permutation.numel(), device=permutation.device))
    return output


# ------------------------------------------------------------------ pack_padded_sequence
def _type_name(t: Tensor) -> str:
    from ..._tensor import _legacy_type_name
    return _legacy_type_name(t).split(".")[-1].replace("Tensor", "")


def _check_lengths(lengths: Tensor) -> None:
    if lengths.dim() != 1 or lengths.device.type != "cpu":
        raise RuntimeError(f"'lengths' argument should be a 1D CPU int64 tensor, but got {lengths.dim()}D "
                           f"{lengths.device} {_type_name(lengths)} tensor")


def _pack_blocks(lengths: np.ndarray, T: int):
    """ATen's blocks ``(t0, t1, batch)`` and the ``batch_sizes`` array for sorted ``lengths``."""
    B = len(lengths)
    blocks, sizes, prev = [], [], 0
    for i in range(B):
        ln = int(lengths[B - 1 - i])
        if ln > prev:
            blocks.append((prev, min(ln, T), B - i))
            sizes.extend([B - i] * (ln - prev))
            prev = ln
    return blocks, np.asarray(sizes, dtype=np.int64)


def _pack_fwd(blocks, batch_first: bool):
    def fwd(x):
        xt = np.swapaxes(x, 0, 1) if batch_first else x
        parts = [xt[t0:t1, :b].reshape((-1,) + xt.shape[2:]) for t0, t1, b in blocks]
        return np.concatenate(parts, 0)
    return fwd


def _pack_adj(blocks, in_shape, batch_first: bool):
    tshape = (in_shape[1], in_shape[0]) + tuple(in_shape[2:]) if batch_first else tuple(in_shape)

    def adj(g):
        out = np.zeros(tshape, dtype=g.dtype)
        off = 0
        for t0, t1, b in blocks:
            n = (t1 - t0) * b
            out[t0:t1, :b] = g[off:off + n].reshape((t1 - t0, b) + tshape[2:])
            off += n
        return np.swapaxes(out, 0, 1) if batch_first else out
    return adj


def _vf_pack_padded_sequence(input: Tensor, lengths: Tensor, batch_first: bool):
    """``_VF._pack_padded_sequence``: ``(data, batch_sizes)`` with ATen's checks and messages."""
    if input.numel() == 0:
        raise RuntimeError("Cannot pack empty tensors.")
    _check_lengths(lengths)
    batch_size = input.size(0) if batch_first else input.size(1)
    ln = lengths._data
    if ln.shape[0] != batch_size:
        raise RuntimeError(f"Expected `len(lengths)` to be equal to batch_size, but got {ln.shape[0]} "
                           f"(batch_size={batch_size})")
    if ln[batch_size - 1] <= 0:
        raise RuntimeError("Length of all samples has to be greater than 0, but found an element in 'lengths' "
                           "that is <= 0")
    if np.any(ln[1:] > ln[:-1]):
        raise RuntimeError("`lengths` array must be sorted in decreasing order when `enforce_sorted` is True. You "
                           "can pass `enforce_sorted=False` to pack_padded_sequence and/or pack_sequence to "
                           "sidestep this requirement if you do not need ONNX exportability.")
    T = input.size(1) if batch_first else input.size(0)
    blocks, sizes = _pack_blocks(ln, T)
    fwd = _pack_fwd(blocks, batch_first)
    adj = _pack_adj(blocks, tuple(input.shape), batch_first)
    adj_cls = _PackBackwardTranspose if batch_first else _PackBackwardCopySlices
    data = linear_op(input, fwd, adj, PackPaddedSequenceBackward0, adj_cls)
    from ...ops.creation import tensor
    batch_sizes = tensor(sizes, dtype=_dt("int64"))
    if data.grad_fn is not None:
        data.grad_fn.save(batch_sizes)   # as PyTorch: a second backward raises the freed-graph error
    return data, batch_sizes


def pack_padded_sequence(input: Tensor, lengths: Tensor | list[int], batch_first: bool = False,
                         enforce_sorted: bool = True) -> PackedSequence:
    """Pack a padded batch ``T x B x *`` (``B x T x *`` with ``batch_first``) of sequences of ``lengths``.

    As PyTorch: ``lengths`` (list, or CPU tensor cast to int64) must be sorted decreasingly unless
    ``enforce_sorted=False``, which sorts them and records ``sorted_indices`` / ``unsorted_indices``.
    """
    from ...ops.creation import as_tensor
    int64 = _dt("int64")
    if not isinstance(lengths, Tensor):
        lengths = as_tensor(lengths, dtype=int64, device="cpu")
    else:
        lengths = lengths.to(dtype=int64)
    if enforce_sorted:
        sorted_indices = None
    else:
        from ...ops.reduction_ext import sort
        lengths, sorted_indices = sort(lengths, descending=True)
        sorted_indices = sorted_indices.to(input.device)
        input = input.index_select(0 if batch_first else 1, sorted_indices)
    data, batch_sizes = _vf_pack_padded_sequence(input, lengths, batch_first)
    return PackedSequence(data, batch_sizes, sorted_indices, None)


# ------------------------------------------------------------------ pad_packed_sequence
def _vf_pad_packed_sequence(data: Tensor, batch_sizes: Tensor, batch_first: bool, padding_value,
                            total_length: int):
    """``_VF._pad_packed_sequence``: ``full`` + one slice ``copy_`` per run of equal batch sizes (ATen)."""
    from ...ops.creation import full, tensor
    bs = [int(b) for b in batch_sizes._data.reshape(-1)]
    max_batch, max_real = bs[0], len(bs)
    out_size = (max(total_length, max_real), max_batch) + tuple(data.shape[1:])
    output = full(out_size, padding_value, dtype=data.dtype, device=data.device)
    lengths = np.empty(max_batch, dtype=np.int64)
    pos = max_batch - 1
    offset, prev_bs, prev_i = 0, max_batch, 0
    for i in range(max_real + 1):
        b = bs[i] if i != max_real else 0
        if b != prev_bs:
            n = prev_bs * (i - prev_i)
            tmp = data.narrow(0, offset, n).view((i - prev_i, prev_bs) + tuple(data.shape[1:]))
            output.narrow(0, prev_i, i - prev_i).narrow(1, 0, prev_bs).copy_(tmp)
            offset += n
            prev_i = i
        for _ in range(prev_bs - b):
            lengths[pos] = i
            pos -= 1
        prev_bs = b
    if batch_first:
        output = output.transpose(0, 1)
    return output, tensor(lengths, dtype=_dt("int64"))


def pad_packed_sequence(sequence: PackedSequence, batch_first: bool = False, padding_value: float = 0.0,
                        total_length: int | None = None) -> tuple[Tensor, Tensor]:
    """Inverse of ``pack_padded_sequence``: ``(padded, lengths)`` in the original batch order (PyTorch)."""
    max_seq_length = sequence.batch_sizes.size(0)
    if total_length is not None:
        if total_length < max_seq_length:
            raise ValueError("Expected total_length to be at least the length of the longest sequence in input, "
                             f"but got total_length={total_length} and max sequence length being {max_seq_length}")
        max_seq_length = total_length
    padded_output, lengths = _vf_pad_packed_sequence(sequence.data, sequence.batch_sizes, batch_first,
                                                     padding_value, max_seq_length)
    unsorted_indices = sequence.unsorted_indices
    if unsorted_indices is not None:
        batch_dim = 0 if batch_first else 1
        return padded_output.index_select(batch_dim, unsorted_indices), lengths[unsorted_indices.cpu()]
    return padded_output, lengths


# ------------------------------------------------------------------ pad / unpad / pack / unpack lists
def _check_pad_sequence_args(batch_first, padding_value, padding_side) -> None:
    """The parser of ``torch._C._nn.pad_sequence`` (always called positionally by PyTorch's wrapper):
    ``bool batch_first, float padding_value, str padding_side``."""
    import numbers
    from ...ops._argerrors import type_name
    if batch_first.__class__ is not bool:
        raise TypeError(f"pad_sequence(): argument 'batch_first' (position 2) must be bool, not "
                        f"{type_name(batch_first)}")
    if not isinstance(padding_value, (numbers.Real, Tensor)):
        raise TypeError(f"pad_sequence(): argument 'padding_value' (position 3) must be float, not "
                        f"{type_name(padding_value)}")
    if not isinstance(padding_side, str):
        raise TypeError(f"pad_sequence(): argument 'padding_side' (position 4) must be str, not "
                        f"{type_name(padding_side)}")


def pad_sequence(sequences: Tensor | list[Tensor], batch_first: bool = False, padding_value: float = 0.0,
                 padding_side: str = "right") -> Tensor:
    """Stack variable-length ``L x *`` tensors into ``T x B x *`` (``B x T x *``), padding on ``padding_side``.

    Composed as ATen's ``pad_sequence`` (``full`` + one slice ``copy_`` per sequence: ``CopySlices``).
    """
    if not isinstance(sequences, Iterable):
        raise RuntimeError("pad_sequence: Expected iterable for input sequences, but got arg of type: "
                           f"{type(sequences)}")
    sequences = tuple(sequences)
    _check_pad_sequence_args(batch_first, padding_value, padding_side)
    from ...ops.shape_ext import _tensor_list
    _tensor_list(sequences, "pad_sequence")   # the TensorList parser: "expected Tensor as element i ..."
    if len(sequences) == 0:
        raise RuntimeError("received an empty list of sequences")
    from ...ops.creation import full
    first = sequences[0]
    if first.dim() == 0:   # ATen slices the first sequence's sizes before reading any length
        raise RuntimeError("ArrayRef: invalid slice, N = 1; size = 0")
    max_len = max(s.size(0) for s in sequences)
    n = len(sequences)
    lead = (n, max_len) if batch_first else (max_len, n)
    out = full(lead + tuple(first.shape[1:]), padding_value, dtype=first.dtype, device=first.device)
    if padding_side not in ("left", "right"):
        raise RuntimeError(f"Expected padding_side to be one of left or right, but got {padding_side}.")
    for i, seq in enumerate(sequences):
        length = seq.size(0)
        start = max_len - length if padding_side == "left" else 0
        if batch_first:
            out.select(0, i).narrow(0, start, length).copy_(seq)
        else:
            out.narrow(0, start, length).select(1, i).copy_(seq)
    return out


def unpad_sequence(padded_sequences: Tensor, lengths: Tensor, batch_first: bool = False) -> list[Tensor]:
    """Split a padded batch into a list of tensors of ``lengths`` (transposes the input in place when
    ``batch_first=False``, as PyTorch does)."""
    from ...ops.creation import arange
    if not batch_first:
        padded_sequences.transpose_(0, 1)
    max_length = padded_sequences.shape[1]
    idx = arange(max_length, device=lengths.device)
    out = []
    for seq, length in zip(padded_sequences, lengths, strict=True):
        out.append(seq[idx < length])
    return out


def pack_sequence(sequences: list[Tensor], enforce_sorted: bool = True) -> PackedSequence:
    """``pack_padded_sequence(pad_sequence(sequences), lengths, enforce_sorted=...)``."""
    from ...ops.creation import as_tensor
    lengths = as_tensor([v.size(0) for v in sequences])
    return pack_padded_sequence(pad_sequence(sequences), lengths, enforce_sorted=enforce_sorted)


def unpack_sequence(packed_sequences: PackedSequence) -> list[Tensor]:
    """The list of variable-length tensors held by ``packed_sequences`` (original order)."""
    padded_sequences, lengths = pad_packed_sequence(packed_sequences, batch_first=True)
    return unpad_sequence(padded_sequences, lengths, batch_first=True)
