"""``torch.einsum`` as ATen computes it (``aten/src/ATen/native/Linear.cpp``), so that its graph is
PyTorch's.

ATen lowers an equation to ops it already has: each operand takes the diagonal of repeated labels
(``diagonal`` + ``movedim``), gains size-1 dims for the labels it lacks (``unsqueeze``) and is
permuted to one common label order (output labels, then the ellipsis dims if not in the output,
then the contracted labels in subscript order ``A-Z a-z``); the operands are then contracted left
to right (PyTorch without ``opt_einsum``, as here), each pair by ``sumproduct_pair``: a label kept
by one side only is summed there, the rest goes through ``permute -> reshape -> bmm -> view ->
permute`` (or a plain ``mul`` when nothing is contracted).  A single operand sums its contracted
dims; several end in a ``view`` dropping them.  The recorded nodes (``PermuteBackward0`` over
``UnsqueezeBackward0``, ``BmmBackward0`` between ``ViewBackward0``/``ReshapeAliasBackward0`` ...)
are therefore PyTorch's, and double backward goes through those ops' own rules.

The caller (``linalg.einsum``) has already validated the equation with ember's parser; this module
raises ATen's size errors in ATen's order.
"""
from __future__ import annotations

from collections import deque

_NUM_LETTERS = 26
_TOTAL_LABELS = 2 * _NUM_LETTERS
_ELLIPSIS = _TOTAL_LABELS


def _subscript(label: str) -> int:
    return ord(label) - ord("A") if label.isupper() else ord(label) - ord("a") + _NUM_LETTERS


def _label(s: int) -> str:
    return chr(s + ord("A")) if s < _NUM_LETTERS else chr(s - _NUM_LETTERS + ord("a"))


def _parse_operands(lhs: str, num_ops: int):
    op_labels = [[] for _ in range(num_ops)]
    cur = 0
    i = 0
    while i < len(lhs):
        c = lhs[i]
        if c == " ":
            pass
        elif c == ".":
            op_labels[cur].append(_ELLIPSIS)
            i += 2
        elif c == ",":
            cur += 1
        else:
            op_labels[cur].append(_subscript(c))
        i += 1
    return op_labels


def check_equation(equation: str, num_ops: int) -> None:
    """ATen's character-level checks of the equation (invalid subscripts, stray dots), in its order."""
    arrow = equation.find("->")
    lhs = equation if arrow < 0 else equation[:arrow]
    ell = False
    cur = 0
    i = 0
    while i < len(lhs):
        c = lhs[i]
        if c == ".":
            if ell:
                raise RuntimeError(f"einsum(): found '.' for operand {cur} for which an ellipsis was already found")
            if not (i + 2 < len(lhs) and lhs[i + 1] == "." and lhs[i + 2] == "."):
                raise RuntimeError(f"einsum(): found '.' for operand {cur} that is not part of any ellipsis")
            ell = True
            i += 2
        elif c == ",":
            cur += 1
            if cur >= num_ops:
                raise RuntimeError("einsum(): fewer operands were provided than specified in the equation")
            ell = False
        elif c != " " and not (c.isascii() and c.isalpha()):
            raise RuntimeError(f"einsum(): invalid subscript given at index {i} in the equation string, subscripts "
                               "must be in [a-zA-Z]")
        i += 1
    if cur != num_ops - 1:
        raise RuntimeError("einsum(): more operands were provided than specified in the equation")
    if arrow < 0:
        return
    rhs = equation[arrow + 2:]
    ell = False
    i = 0
    while i < len(rhs):
        c = rhs[i]
        if c == ".":
            if ell:
                raise RuntimeError("einsum(): found '.' for output but an ellipsis (...) was already found")
            if not (i + 2 < len(rhs) and rhs[i + 1] == "." and rhs[i + 2] == "."):
                raise RuntimeError("einsum(): found '.' for output that is not part of any ellipsis (...)")
            ell = True
            i += 2
        elif c != " " and not (c.isascii() and c.isalpha()):
            raise RuntimeError(f"einsum(): invalid subscript given at index {len(lhs) + 2 + i} in the equation "
                               "string, subscripts must be in [a-zA-Z]")
        i += 1


def einsum(equation: str, operands) -> "Tensor":  # noqa: F821
    num_ops = len(operands)
    arrow = equation.find("->")
    lhs = equation if arrow < 0 else equation[:arrow]
    op_labels = _parse_operands(lhs, num_ops)

    label_count = [0] * _TOTAL_LABELS
    ell_num_dim = 0
    for op, labels in zip(operands, op_labels):
        nlabels = len(labels)
        for s in labels:
            if s == _ELLIPSIS:
                nlabels -= 1
                ell_num_dim = max(ell_num_dim, op.dim() - (len(labels) - 1))
            else:
                label_count[s] += 1

    label_perm_index = [-1] * _TOTAL_LABELS
    perm_index = 0
    ell_index = 0
    ell_in_output = False
    if arrow < 0:
        perm_index = ell_num_dim
        ell_in_output = True
        for s in range(_TOTAL_LABELS):
            if label_count[s] == 1:
                label_perm_index[s] = perm_index
                perm_index += 1
    else:
        rhs = equation[arrow + 2:]
        i = 0
        while i < len(rhs):
            c = rhs[i]
            if c == ".":
                ell_index = perm_index
                perm_index += ell_num_dim
                ell_in_output = True
                i += 2
            elif c != " ":
                if label_perm_index[_subscript(c)] != -1:
                    raise RuntimeError(f"einsum(): output subscript {c} appears more than once in the output")
                label_perm_index[_subscript(c)] = perm_index
                perm_index += 1
            i += 1
    out_num_dim = perm_index
    if not ell_in_output:
        ell_index = perm_index
        perm_index += ell_num_dim
    for s in range(_TOTAL_LABELS):
        if label_count[s] > 0 and label_perm_index[s] == -1:
            label_perm_index[s] = perm_index
            perm_index += 1

    label_size = [1] * _TOTAL_LABELS
    ell_sizes = [1] * ell_num_dim
    dim_counts = [0] * perm_index
    ops = deque()
    for i, (op, labels) in enumerate(zip(operands, op_labels)):
        permutation = [-1] * perm_index
        dim = 0
        for s in labels:
            if s == _ELLIPSIS:
                ndim = operands[i].dim() - (len(labels) - 1)
                for j in range(ell_num_dim - ndim, ell_num_dim):
                    n = op.shape[dim]
                    if n != 1:
                        if ell_sizes[j] != 1 and ell_sizes[j] != n:
                            raise RuntimeError(
                                f"einsum(): dimension {dim} covered by ellipsis in operand {i}has size {n} which does "
                                f"not broadcast with previously seen ellipsis with size {ell_sizes[j]} for the "
                                "respective dimension")
                        ell_sizes[j] = n
                        dim_counts[ell_index + j] += 1
                    permutation[ell_index + j] = dim
                    dim += 1
            elif permutation[label_perm_index[s]] == -1:
                n = op.shape[dim]
                if n != 1:
                    if label_size[s] != 1 and label_size[s] != n:
                        raise RuntimeError(f"einsum(): subscript {_label(s)} has size {n} for operand {i} which does "
                                           f"not broadcast with previously seen size {label_size[s]}")
                    label_size[s] = n
                    dim_counts[label_perm_index[s]] += 1
                permutation[label_perm_index[s]] = dim
                dim += 1
            else:  # a repeated label: its diagonal
                prev = permutation[label_perm_index[s]]
                if op.shape[dim] != op.shape[prev]:
                    raise RuntimeError(f"einsum(): subscript {_label(s)} is repeated for operand {i} but the sizes "
                                       f"don't match, {op.shape[dim]} != {op.shape[prev]}")
                op = op.diagonal(0, prev, dim).movedim(-1, prev)
        for k, val in enumerate(permutation):
            if val == -1:  # a label this operand lacks
                op = op.unsqueeze(dim)
                permutation[k] = dim
                dim += 1
        ops.append(op.permute(permutation))

    while len(ops) > 1:  # left to right (PyTorch without opt_einsum)
        a = ops.popleft()
        b = ops.popleft()
        sum_dims, a_sum, b_sum = [], [], []
        for dim in range(out_num_dim, perm_index):
            if a.shape[dim] != 1 and b.shape[dim] != 1:
                dim_counts[dim] -= 1
                if dim_counts[dim] == 1:
                    sum_dims.append(dim)
                    dim_counts[dim] = 0
            elif dim_counts[dim] == 1:
                if a.shape[dim] != 1:
                    a_sum.append(dim)
                    dim_counts[dim] = 0
                elif b.shape[dim] != 1:
                    b_sum.append(dim)
                    dim_counts[dim] = 0
        if a_sum:
            a = a.sum(a_sum, keepdim=True)
        if b_sum:
            b = b.sum(b_sum, keepdim=True)
        ops.appendleft(_sumproduct_pair(a, b, sum_dims))

    if perm_index - out_num_dim > 0:
        if num_ops > 1:  # every contracted dim has size 1 by now
            return ops[0].view(tuple(ops[0].shape[:out_num_dim]))
        return ops[0].sum(list(range(out_num_dim, perm_index)))
    return ops[0]


def _sumproduct_pair(left, right, sum_dims):
    """ATen's ``sumproduct_pair(left, right, sum_dims, keepdim=True)``: ``(left * right).sum(sum_dims)``
    through ``bmm``."""
    if not sum_dims:
        return left * right
    nd = left.dim()
    summed = set(sum_dims)
    lro, lo, ro = [], [], []
    lro_size = lo_size = ro_size = sum_size = 1
    for i in range(nd):
        sl = left.shape[i] != 1
        sr = right.shape[i] != 1
        if i in summed:
            if sl and sr:
                if left.shape[i] != right.shape[i]:
                    raise RuntimeError("non-broadcast dimensions must match")
                sum_size *= left.shape[i]
            elif sl:
                left = left.sum(i, keepdim=True)
            elif sr:
                right = right.sum(i, keepdim=True)
        elif sl and sr:
            if left.shape[i] != right.shape[i]:
                raise RuntimeError("non-broadcast dimensions must match")
            lro.append(i)
            lro_size *= left.shape[i]
        elif sl:
            lo.append(i)
            lo_size *= left.shape[i]
        else:
            ro.append(i)
            ro_size *= right.shape[i]
    if lo and ro and ro[-1] < lo[0]:  # the bmm then writes the output in its final order
        left, right = right, left
        lo, ro = ro, lo
        lo_size, ro_size = ro_size, lo_size
    out_size = [left.shape[d] for d in lro] + [left.shape[d] for d in lo] + [1] * len(sum_dims) + \
        [right.shape[d] for d in ro]
    lperm = lro + lo + list(sum_dims) + ro
    rperm = lro + list(sum_dims) + ro + lo
    operm = [-1] * nd
    for i, d in enumerate(lro + lo + list(sum_dims) + ro):
        operm[d] = i
    left = left.permute(lperm).reshape(lro_size, lo_size, sum_size)
    right = right.permute(rperm).reshape(lro_size, sum_size, ro_size)
    return left.bmm(right).view(tuple(out_size)).permute(operm)
