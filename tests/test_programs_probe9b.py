"""A learner's first weeks with autograd (program probe 9b), run under ``python -m ember run`` and under
PyTorch 2.13; stdout must match exactly.

Themes: gradients of scalar functions and partial derivatives, ``.grad`` accumulation and zeroing (``zero_()``,
``None``, ``optimizer.zero_grad``), ``grad_fn``/``next_functions``/``is_leaf``/``requires_grad``/``_version`` for
many ops (views, in-place ops, ``clone``, ``detach``, ``to``, ``type``, indexing, ``expand``, ``repeat``, constants
among the inputs), ``torch.autograd.grad`` (``grad_outputs``, ``retain_graph``, ``create_graph``, ``allow_unused``,
``materialize_grads``, ``is_grads_batched``), ``torch.autograd.backward`` with several roots and ``inputs=``,
Jacobians built by loops and by ``autograd.functional``/``torch.func``, grad modes (``no_grad``, ``enable_grad``,
``set_grad_enabled``, ``inference_mode``) as context managers and decorators, ``requires_grad_`` on integer tensors,
hooks, ``retain_grad``, saved tensors, custom ``Function``s, anomaly mode, ``nn.Linear`` training by hand and
freezing; the errors and warnings learners hit (in-place on a leaf or a view of one, modified saved tensors,
backward twice, non-scalar backward, ``.grad`` of a non-leaf, ``.numpy()``/``np.array`` on a tensor that requires
grad, ``.item()`` on many elements, mismatched ``grad_outputs``, ``torch.tensor(tensor)``, ``.data``, views made
under ``no_grad``, multi-output views, ``out=``); NumPy interop (``from_numpy``/``numpy()`` memory sharing, dtype
round trips, NumPy scalars and arrays mixed with tensors) and matplotlib (Agg) plots of tensors.

The unit tests at the end cover the fixes the probe led to:

* ``torch.autograd.Variable`` is a class again: ``isinstance(t, Variable)`` holds for every tensor, and
  ``Variable(data, requires_grad, volatile)`` returns a detached alias of ``data`` (sharing its storage, not
  ``data`` itself) with ``requires_grad`` set, an empty tensor for no data, the "Variable data has to be a tensor"
  TypeError otherwise, the ``volatile`` UserWarning and the volatile-and-requires-grad ValueError;
* ``torch.set_grad_enabled`` (and ``Tensor.requires_grad_``) take a ``bool`` only: anything else is PyTorch's
  "argument 'enabled' (position 1) must be bool, not <tp_name>" TypeError (``numpy.bool``, ``Tensor``, ``int``...);
* ``torch.autograd.grad``/``backward`` take ``outputs``/``tensors``/``inputs`` through ``tuple(x)`` as PyTorch does
  (None is "'NoneType' object is not iterable"), a non-tensor output is the "Expected output to be a torch.Tensor"
  AssertionError and a non-tensor input is "all inputs have to be Tensors or GradientEdges, but got <type>";
* ``Tensor._is_view()`` exists; ``Tensor.volatile`` is False with PyTorch's "volatile was removed" UserWarning (and
  setting it only warns); ``Tensor.name`` is None;
* assigning a read-only tensor attribute (``shape``, ``dtype``, ``is_leaf``, ``T``, ``_version``...) raises
  PyTorch's "attribute 'shape' of 'torch._C.TensorBase' objects is not writable"
  (``_methods._seal_read_only_properties``);
* ``torch.autograd.backward(grad_variables=...)`` warns its FutureWarning and refuses both spellings at once.
"""
from __future__ import annotations

import warnings

import numpy as np
import pytest
from program_runner import program_tests

import ember


PROGRAMS = {
'scalar_partials_and_accumulation': r'''
import torch
x = torch.tensor(2.0, requires_grad=True)
y = torch.tensor(3.0, requires_grad=True)
f = x**2 * y + torch.sin(x) * y**3
print(f)
f.backward()
print(x.grad, y.grad)
print(x.is_leaf, y.is_leaf, f.is_leaf, f.requires_grad)
print(type(f.grad_fn).__name__, [(type(n).__name__, i) for n, i in f.grad_fn.next_functions])
f2 = x * y
f2.backward()
print(x.grad, y.grad)
x.grad.zero_()
y.grad = None
print(x.grad, y.grad)
g = (x * 4 + 1).exp()
g.backward()
print(x.grad, y.grad)
print(type(x.grad), x.grad.requires_grad, x.grad.is_leaf, x.grad.grad_fn)
''',
'grad_fn_names_per_op': r'''
import torch
a = torch.arange(6, dtype=torch.float32).reshape(2, 3).requires_grad_()
ops = {
 'view': lambda t: t.view(3, 2),
 'reshape': lambda t: t.reshape(6),
 't': lambda t: t.t(),
 'T': lambda t: t.T,
 'transpose': lambda t: t.transpose(0, 1),
 'permute': lambda t: t.permute(1, 0),
 'unsqueeze': lambda t: t.unsqueeze(0),
 'squeeze': lambda t: t.unsqueeze(0).squeeze(0),
 'flatten': lambda t: t.flatten(),
 'idx0': lambda t: t[0],
 'idx_slice': lambda t: t[:, 1:],
 'idx_list': lambda t: t[[0, 1, 0]],
 'idx_bool': lambda t: t[t > 2],
 'idx_none': lambda t: t[None],
 'idx_ellipsis': lambda t: t[..., 0],
 'expand': lambda t: t[:1].expand(4, 3),
 'repeat': lambda t: t.repeat(2, 1),
 'clone': lambda t: t.clone(),
 'detach': lambda t: t.detach(),
 'to_double': lambda t: t.to(torch.float64),
 'to_same': lambda t: t.to(torch.float32),
 'double': lambda t: t.double(),
 'type': lambda t: t.type(torch.DoubleTensor),
 'half': lambda t: t.half(),
 'contiguous': lambda t: t.t().contiguous(),
 'narrow': lambda t: t.narrow(1, 0, 2),
 'select': lambda t: t.select(1, 2),
 'chunk': lambda t: t.chunk(2, 1)[0],
 'split': lambda t: t.split(1)[1],
 'unbind': lambda t: t.unbind()[0],
 'cat': lambda t: torch.cat([t, t]),
 'stack': lambda t: torch.stack([t, t]),
 'sum': lambda t: t.sum(),
 'mean': lambda t: t.mean(),
 'sum_dim': lambda t: t.sum(1),
 'max': lambda t: t.max(),
 'max_dim': lambda t: t.max(1)[0],
 'add_s': lambda t: t + 1,
 'radd': lambda t: 1 + t,
 'rsub': lambda t: 1 - t,
 'sub': lambda t: t - t,
 'mul': lambda t: t * 2,
 'div': lambda t: t / 2,
 'rdiv': lambda t: 2 / (t + 1),
 'neg': lambda t: -t,
 'pow': lambda t: t ** 2,
 'rpow': lambda t: 2 ** t,
 'pow_t': lambda t: t ** t,
 'matmul': lambda t: t @ t.t(),
 'mm': lambda t: torch.mm(t, t.t()),
 'relu': lambda t: t.relu(),
 'sigmoid': lambda t: torch.sigmoid(t),
 'tanh': lambda t: t.tanh(),
 'abs': lambda t: t.abs(),
 'sqrt': lambda t: t.sqrt(),
 'log': lambda t: t.log(),
 'exp': lambda t: t.exp(),
 'clamp': lambda t: t.clamp(1, 3),
 'clamp_min': lambda t: t.clamp(min=1),
 'where': lambda t: torch.where(t > 1, t, 0.),
 'masked_fill': lambda t: t.masked_fill(t > 2, 0),
 'flip': lambda t: t.flip(0),
 'roll': lambda t: t.roll(1),
 'norm': lambda t: t.norm(),
 'softmax': lambda t: t.softmax(1),
 'log_softmax': lambda t: t.log_softmax(1),
 'cumsum': lambda t: t.cumsum(1),
 'prod': lambda t: t.prod(),
 'std': lambda t: t.std(),
 'var': lambda t: t.var(),
 'dot': lambda t: t[0].dot(t[1]),
 'sort': lambda t: t.sort()[0],
 'topk': lambda t: t.topk(2)[0],
 'gather': lambda t: t.gather(1, torch.tensor([[0], [1]])),
 'index_select': lambda t: t.index_select(0, torch.tensor([1])),
 'float': lambda t: t.float(),
 'view_as': lambda t: t.view_as(t),
 'unfold': lambda t: t.unfold(1, 2, 1),
 'diag': lambda t: t.diagonal(),
 'tril': lambda t: t.tril(),
 'outer': lambda t: torch.outer(t[0], t[1]),
 'minimum': lambda t: torch.minimum(t, t.flip(0)),
 'maximum': lambda t: torch.max(t, t.flip(0)),
 'square': lambda t: t.square(),
 'floor': lambda t: t.floor(),
 'round': lambda t: t.round(),
 'sign': lambda t: t.sign(),
 'addmm': lambda t: torch.addmm(t[:, :2], t, t.t()),
 'linear': lambda t: torch.nn.functional.linear(t, t),
 'mse': lambda t: torch.nn.functional.mse_loss(t, t.detach() + 1),
 'einsum': lambda t: torch.einsum('ij,ij->', t, t),
 'amax': lambda t: t.amax(1),
 'logsumexp': lambda t: t.logsumexp(1),
 'split_sizes': lambda t: t.split([1, 2], 1)[1],
 'movedim': lambda t: t.movedim(0, 1),
 'swapaxes': lambda t: t.swapaxes(0, 1),
 'real': lambda t: t.real,
 'mT': lambda t: t.mT,
 'expand_as': lambda t: t[:1].expand_as(t),
 'broadcast_to': lambda t: t[:1].broadcast_to(2, 3),
 'repeat_interleave': lambda t: t.repeat_interleave(2, 0),
 'tile': lambda t: t.tile(2),
 'atleast': lambda t: torch.atleast_3d(t),
}
for name, fn in ops.items():
    try:
        out = fn(a)
        gf = out.grad_fn
        print(name, out.requires_grad, out.is_leaf, type(gf).__name__, [(type(n).__name__, i) for n, i in gf.next_functions] if gf is not None else None, out._version)
    except Exception as e:
        print(name, 'ERR', type(e).__name__, e)
''',
'learner_errors_inplace_backward': r'''
import torch, warnings, numpy as np
def tryit(label, fn):
    try:
        r = fn()
        print(label, 'OK', r)
    except Exception as e:
        print(label, type(e).__name__, str(e))
w = torch.ones(3, requires_grad=True)
def f1(): w.add_(1)
tryit('inplace_leaf', f1)
def f2(): w[0] = 5
tryit('setitem_leaf', f2)
def f3():
    v = w.view(3); v.mul_(2)
tryit('view_leaf', f3)
def f3b():
    v = w[:2]; v.zero_()
tryit('slice_leaf', f3b)
def f4():
    x = torch.ones(3, requires_grad=True)
    y = x.exp(); y.add_(1); y.sum().backward()
tryit('saved_modified', f4)
def f4b():
    x = torch.ones(3, requires_grad=True)
    y = x * 2; z = y * y; y += 1; z.sum().backward()
tryit('saved_modified2', f4b)
def f4c():
    x = torch.ones(2, 2, requires_grad=True)
    y = x.sigmoid(); y[0, 0] = 0; y.sum().backward()
tryit('saved_modified3', f4c)
def f5():
    x = torch.ones(3, requires_grad=True)
    y = (x * x).sum(); y.backward(); y.backward()
tryit('backward_twice', f5)
def f5b():
    x = torch.ones(3, requires_grad=True)
    y = (x.exp()).sum(); y.backward(); y.backward()
tryit('backward_twice_exp', f5b)
def f5c():
    x = torch.ones(3, requires_grad=True)
    y = (x + 1).sum(); y.backward(); y.backward(); return x.grad
tryit('backward_twice_add', f5c)
def f6():
    x = torch.ones(3, requires_grad=True)
    (x * 2).backward()
tryit('nonscalar', f6)
def f6b():
    x = torch.ones(3)
    (x * 2).sum().backward()
tryit('no_requires', f6b)
def f7():
    x = torch.ones(3, requires_grad=True)
    return x.numpy()
tryit('numpy_req', f7)
def f7b():
    x = torch.ones(3, requires_grad=True)
    return x.detach().numpy()
tryit('numpy_detach', f7b)
def f8():
    return torch.ones(3).item()
tryit('item_multi', f8)
def f8b():
    return torch.ones(0).item()
tryit('item_empty', f8b)
def f8c():
    return torch.ones(1, 1, requires_grad=True).item()
tryit('item_one', f8c)
def f9():
    x = torch.ones(3, requires_grad=True)
    y = x * 2
    return torch.autograd.grad(y, x, grad_outputs=torch.ones(2))
tryit('grad_outputs_shape', f9)
def f9b():
    x = torch.ones(3, requires_grad=True)
    y = x * 2
    y.backward(torch.ones(4))
tryit('backward_grad_shape', f9b)
def f9c():
    x = torch.ones(3, requires_grad=True)
    y = x * 2
    return torch.autograd.grad(y, x, grad_outputs=torch.ones(3, dtype=torch.float64))
tryit('grad_outputs_dtype', f9c)
def f9d():
    x = torch.ones(3, requires_grad=True)
    y = x * 2
    return torch.autograd.grad(y, x)
tryit('grad_nonscalar', f9d)
def f10():
    x = torch.ones(3, requires_grad=True)
    y = x * 2; z = torch.ones(3, requires_grad=True)
    return torch.autograd.grad(y.sum(), [x, z])
tryit('unused', f10)
def f10b():
    x = torch.ones(3, requires_grad=True)
    y = x * 2; z = torch.ones(3, requires_grad=True)
    return torch.autograd.grad(y.sum(), [x, z], allow_unused=True)
tryit('allow_unused', f10b)
def f10c():
    x = torch.ones(3, requires_grad=True)
    y = x * 2; z = torch.ones(3, requires_grad=True)
    return torch.autograd.grad(y.sum(), [x, z], allow_unused=True, materialize_grads=True)
tryit('materialize', f10c)
def f11():
    x = torch.ones(3)
    return torch.autograd.grad(x.sum(), x)
tryit('grad_noreq', f11)
def f12():
    x = torch.tensor([1, 2, 3])
    x.requires_grad_()
tryit('int_req', f12)
def f12b():
    return torch.tensor([1, 2], requires_grad=True)
tryit('int_req_ctor', f12b)
def f12c():
    return torch.arange(3, requires_grad=True)
tryit('arange_req', f12c)
def f12d():
    return torch.arange(3.0, requires_grad=True)
tryit('arange_req_f', f12d)
def f12e():
    x = torch.tensor([True, False]); x.requires_grad = True
tryit('bool_req', f12e)
def f12f():
    x = torch.tensor([1+2j], requires_grad=True); return x
tryit('complex_req', f12f)
def f13():
    x = torch.ones(3, requires_grad=True)
    y = x * 2; y.requires_grad = False
tryit('nonleaf_set_req', f13)
def f13b():
    x = torch.ones(3, requires_grad=True)
    y = x * 2; y.requires_grad_(False)
tryit('nonleaf_req_', f13b)
def f13c():
    x = torch.ones(3, requires_grad=True)
    y = x * 2; y.requires_grad_(True); return y.requires_grad
tryit('nonleaf_req_true', f13c)
def f14():
    x = torch.ones(3, requires_grad=True)
    with torch.no_grad():
        x.add_(1)
    return x
tryit('nograd_inplace', f14)
def f15():
    x = torch.ones(3, requires_grad=True)
    x.data.add_(1)
    return x, x.data, x.data.requires_grad, x.data.is_leaf
tryit('data', f15)
def f16():
    x = torch.ones(3, requires_grad=True)
    y = x.exp(); y.data.add_(1); y.sum().backward(); return x.grad
tryit('data_saved', f16)
def f17():
    x = torch.ones(2, requires_grad=True)
    y = x * 2
    x.grad = torch.ones(3)
tryit('set_grad_shape', f17)
def f17b():
    x = torch.ones(2, requires_grad=True)
    x.grad = torch.ones(2, dtype=torch.float64)
tryit('set_grad_dtype', f17b)
def f17c():
    x = torch.ones(2, requires_grad=True)
    x.grad = [1, 2]
tryit('set_grad_list', f17c)
def f18():
    x = torch.ones(2, requires_grad=True)
    y = x.detach()
    y.add_(5)
    return x, y
tryit('detach_share', f18)
def f19():
    x = torch.ones(2, requires_grad=True)
    y = x.detach_()
tryit('detach_leaf', f19)
def f19b():
    x = torch.ones(2, requires_grad=True)
    y = x.view(2)
    y.detach_()
tryit('detach_view', f19b)
''',
'nonleaf_grad_and_copy_warnings': r'''
import torch, warnings
def show(label, fn):
    with warnings.catch_warnings(record=True) as ws:
        warnings.simplefilter("always")
        try:
            r = fn()
            print(label, 'OK', r)
        except Exception as e:
            print(label, type(e).__name__, e)
    for w in ws:
        print('  WARN', w.category.__name__, str(w.message))
x = torch.ones(2, requires_grad=True)
y = x * 3
show('nonleaf_grad', lambda: y.grad)
y.retain_grad()
show('retained', lambda: (y.sum().backward(), y.grad, y.retains_grad, x.retains_grad))
show('tensor_from_tensor', lambda: torch.tensor(x))
show('tensor_from_tensor2', lambda: torch.tensor(torch.arange(3)))
show('tensor_from_list_tensors', lambda: torch.tensor([torch.tensor(1.), torch.tensor(2.)]))
show('as_tensor', lambda: torch.as_tensor(x))
show('Tensor_ctor', lambda: torch.Tensor(x.detach()))
show('FloatTensor', lambda: torch.FloatTensor([1, 2]))
show('grad_of_view', lambda: x[0].grad)
z = x.exp()
show('detach_grad', lambda: z.detach().grad)
show('volatile', lambda: torch.autograd.Variable(torch.ones(2), volatile=True))
show('Variable', lambda: torch.autograd.Variable(torch.ones(2), requires_grad=True))
show('float_nonleaf', lambda: float((x*2).sum()))
show('bool_multi', lambda: bool(torch.ones(2)))
show('int_req', lambda: int(torch.tensor(2.5, requires_grad=True)))
show('tolist_req', lambda: x.tolist())
show('len0d', lambda: len(torch.tensor(1.)))
show('iter0d', lambda: list(torch.tensor(1.)))
show('zero_grad_none', lambda: torch.ones(2).grad.zero_())
''',
'grad_modes_and_decorators': r'''
import torch
x = torch.ones(2, requires_grad=True)
print(torch.is_grad_enabled(), torch.is_inference_mode_enabled())
with torch.no_grad():
    y = x * 2
    print(y.requires_grad, y.grad_fn, y.is_leaf, torch.is_grad_enabled())
    with torch.enable_grad():
        z = x * 2
        print(z.requires_grad, type(z.grad_fn).__name__)
    w = x.clone()
    print(w.requires_grad)
print(str(torch.no_grad()).split(' ')[0], type(torch.no_grad()).__name__)
ng = torch.no_grad()
print(repr(ng.__enter__()), torch.is_grad_enabled()); ng.__exit__(None, None, None)
print(torch.set_grad_enabled(False), torch.is_grad_enabled())
print((x * 2).requires_grad)
torch.set_grad_enabled(True)
with torch.set_grad_enabled(False) as g:
    print(g, (x*2).requires_grad)
print(torch.is_grad_enabled())
@torch.no_grad()
def f(a):
    return a * 2
print(f(x).requires_grad, f.__name__)
@torch.no_grad
def f2(a):
    return a * 3
print(f2(x).requires_grad, f2.__name__)
@torch.enable_grad()
def f3(a):
    return a * 3
with torch.no_grad():
    print(f3(x).requires_grad)
@torch.inference_mode()
def f4(a):
    return a * 4
r = f4(x)
print(r.requires_grad, r.is_inference(), x.is_inference())
@torch.inference_mode
def f5(a):
    return a * 5
print(f5(x).is_inference())
with torch.inference_mode():
    t = torch.ones(3)
    print(t.is_inference(), torch.is_inference_mode_enabled(), torch.is_grad_enabled())
    with torch.inference_mode(False):
        u = torch.ones(1)
        print(u.is_inference(), torch.is_inference_mode_enabled())
print(t.is_inference(), t.requires_grad)
try:
    t.add_(1)
except Exception as e:
    print(type(e).__name__, e)
try:
    t.requires_grad_()
except Exception as e:
    print(type(e).__name__, e)
try:
    (t * x[0]).sum().backward()
except Exception as e:
    print(type(e).__name__, e)
print((t * 2).is_inference())
tc = t.clone(); print(tc.is_inference()); tc.add_(1); print(tc)
@torch.set_grad_enabled(False)
def f6(a):
    return a * 6
print(f6(x).requires_grad, torch.is_grad_enabled())
class M:
    @torch.no_grad()
    def step(self, a):
        return a + 1
print(M().step(x).requires_grad)
def gen():
    for i in range(2):
        yield (x * i).requires_grad, torch.is_grad_enabled()
print(list(torch.no_grad()(gen)()))
print(torch.inference_mode().__class__.__name__, torch.enable_grad.__name__)
try:
    torch.set_grad_enabled()
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.set_grad_enabled(1)
except Exception as e:
    print(type(e).__name__, e)
try:
    with torch.no_grad:
        pass
except Exception as e:
    print(type(e).__name__, e)
''',
'autograd_grad_and_backward_options': r'''
import torch
# autograd.grad with options
x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = x ** 3
g, = torch.autograd.grad(y, x, grad_outputs=torch.ones_like(y), create_graph=True)
print(g, g.requires_grad, type(g.grad_fn).__name__)
g2, = torch.autograd.grad(g.sum(), x, retain_graph=True)
print(g2)
g3, = torch.autograd.grad(g.sum(), x)
print(g3)
try:
    torch.autograd.grad(g.sum(), x)
except RuntimeError as e:
    print("RuntimeError", e)
# grad of scalar with grad_outputs scalar tensor
s = (x * x).sum()
print(torch.autograd.grad(s, x, torch.tensor(2.0), retain_graph=True))
print(torch.autograd.grad(s.view(1), x, torch.tensor([3.0]), retain_graph=True))
# several inputs
a = torch.tensor(1.5, requires_grad=True)
b = torch.tensor(-0.5, requires_grad=True)
f = a * b + a ** 2
da, db = torch.autograd.grad(f, (a, b))
print(da, db, a.grad, b.grad)
# grad with tuple outputs
p = torch.tensor([1.0, 2.0], requires_grad=True)
o1 = p * 2; o2 = p ** 2
print(torch.autograd.grad([o1.sum(), o2.sum()], p, retain_graph=True))
print(torch.autograd.grad([o1, o2], [p], grad_outputs=[torch.ones(2), torch.tensor([1.0, 0.0])]))
try:
    torch.autograd.grad([o1, o2], [p], grad_outputs=[torch.ones(2)])
except Exception as e:
    print(type(e).__name__, e)
# autograd.backward with several roots
q = torch.tensor([1.0, 2.0], requires_grad=True)
r1 = (q * 3).sum(); r2 = (q ** 2).sum()
torch.autograd.backward([r1, r2])
print(q.grad)
q.grad = None
r1 = q * 3; r2 = q.exp().sum()
torch.autograd.backward([r1, r2], [torch.tensor([1.0, 0.0]), None])
print(q.grad)
try:
    torch.autograd.backward([q * 2, q.sum()], [None, None])
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.autograd.backward(q * 2, torch.ones(3))
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.autograd.backward([q.sum()], [torch.ones(2), torch.ones(2)])
except Exception as e:
    print(type(e).__name__, e)
# backward with inputs=
q.grad = None; a.grad = None
u = (q * a).sum()
u.backward(inputs=[a])
print(q.grad, a.grad)
try:
    (q * 2).sum().backward(inputs=[])
except Exception as e:
    print(type(e).__name__, e)
# grad of an input that is not a leaf
m = q * 2
n = (m ** 2).sum()
print(torch.autograd.grad(n, m))
# grad not requiring grad input
try:
    torch.autograd.grad((q*2).sum(), torch.ones(2))
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.autograd.grad((q*2).sum(), [q, 3])
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.autograd.grad(q.sum(), q, grad_outputs=[1.0])
except Exception as e:
    print(type(e).__name__, e)
print(torch.autograd.grad(q.sum(), q, grad_outputs=torch.tensor(5.)))
print(torch.autograd.grad(q.sum(), q, grad_outputs=[None]))
print(torch.autograd.grad(q.sum(), q, is_grads_batched=False))
''',
'jacobian_loops_and_higher_order': r'''
import torch
import numpy as np
def f(x):
    return torch.stack([x[0] ** 2 * x[1], 5 * x[0] + torch.sin(x[1]), x[1] ** 3])
x = torch.tensor([1.0, 2.0], requires_grad=True)
y = f(x)
print(y, y.shape)
J = torch.zeros(3, 2)
for i in range(3):
    g, = torch.autograd.grad(y[i], x, retain_graph=True)
    J[i] = g
print(J)
rows = []
for i in range(y.numel()):
    x.grad = None
    y[i].backward(retain_graph=True)
    rows.append(x.grad.clone())
print(torch.stack(rows))
# mistake: forgetting to zero grads in loop
x.grad = None
rows = []
for i in range(y.numel()):
    y[i].backward(retain_graph=True)
    rows.append(x.grad)
print(rows)
print(rows[0] is rows[1], rows[0] is x.grad)
# one-hot grad_outputs
J2 = torch.stack([torch.autograd.grad(y, x, torch.eye(3)[i], retain_graph=True)[0] for i in range(3)])
print(J2, torch.equal(J, J2))
print(torch.autograd.functional.jacobian(f, x.detach()))
H = torch.autograd.functional.hessian(lambda v: (v ** 3).sum() + v[0] * v[1], torch.tensor([1.0, 2.0]))
print(H)
# second derivative by hand
t = torch.tensor(0.5, requires_grad=True)
u = t ** 4
d1, = torch.autograd.grad(u, t, create_graph=True)
d2, = torch.autograd.grad(d1, t, create_graph=True)
d3, = torch.autograd.grad(d2, t)
print(d1, d2, d3)
print(d1.grad_fn.name(), d2.grad_fn.name())
# numerical vs analytical
def fn(z): return z.exp() * z
z = torch.tensor(0.3, dtype=torch.float64, requires_grad=True)
fn(z).backward()
eps = 1e-6
num = (fn(torch.tensor(0.3 + eps, dtype=torch.float64)) - fn(torch.tensor(0.3 - eps, dtype=torch.float64))) / (2 * eps)
print(z.grad.dtype, abs(z.grad - num) < 1e-6, round(z.grad.item(), 6))
print(torch.autograd.gradcheck(fn, (torch.tensor([0.3, 0.7], dtype=torch.float64, requires_grad=True),)))
''',
'numpy_interop_memory_and_dtypes': r'''
import torch
import numpy as np
a = np.array([1.0, 2.0, 3.0])
t = torch.from_numpy(a)
print(t, t.dtype)
a[0] = 10
print(t)
t[1] = 20
print(a)
t.add_(1)
print(a, a.dtype)
n = t.numpy()
n[2] = -1
print(t, n is a, np.shares_memory(n, a))
print(np.array(t), np.array(t).dtype)
print(np.asarray(t).dtype)
for dt in [np.float32, np.float16, np.int32, np.int64, np.uint8, np.bool_, np.int16, np.int8, np.complex64]:
    x = torch.from_numpy(np.zeros(2, dtype=dt))
    print(dt.__name__, x.dtype, x.numpy().dtype)
t32 = torch.tensor([1.5, 2.5])
print(t32 * np.float64(2.0), (t32 * np.float64(2.0)).dtype)
print(np.float64(2.0) * t32, type(np.float64(2.0) * t32))
print(t32 + np.float32(1), (t32 + np.int64(1)).dtype)
print(torch.tensor([1, 2]) * np.float64(1.5), (torch.tensor([1, 2]) * np.float64(1.5)).dtype)
print(torch.tensor([1, 2]) + np.int32(3), (torch.tensor([1, 2]) + np.int32(3)).dtype)
print(torch.tensor(np.float64(3.0)), torch.tensor(np.float64(3.0)).dtype)
print(torch.tensor(np.float32(3.0)).dtype, torch.tensor(np.int16(3)).dtype, torch.tensor(np.bool_(True)).dtype)
print(torch.tensor([np.float64(1), np.float64(2)]).dtype)
print(torch.tensor(np.array([1, 2], dtype=np.int32)).dtype)
print(torch.as_tensor(np.array([1., 2.]), dtype=torch.float32))
x = torch.tensor([1.0, 2.0], requires_grad=True)
y = x * np.float64(3.0)
print(y, y.dtype)
y.sum().backward()
print(x.grad)
try:
    np.array(x)
except Exception as e:
    print(type(e).__name__, e)
print(np.array(x.detach()), x.detach().numpy().dtype)
print(x.detach().cpu().numpy().tolist())
print(float(x[0]), x[1].item(), type(x[1].item()))
print(np.sum(t32.numpy()), np.mean(t32.numpy()).dtype)
print(np.exp(t32))
print(type(np.exp(t32)))
arr = np.arange(6).reshape(2, 3)
tt = torch.from_numpy(arr).float()
print(tt, tt.dtype, np.shares_memory(arr, tt.numpy()))
ttt = torch.from_numpy(arr.T)
print(ttt.is_contiguous(), ttt.stride())
print(torch.from_numpy(arr[:, ::2]))
try:
    torch.from_numpy(arr[:, ::-1])
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.from_numpy([1, 2])
except Exception as e:
    print(type(e).__name__, e)
print(torch.tensor(3.5).numpy(), type(torch.tensor(3.5).numpy()), torch.tensor(3.5).numpy().shape)
print(t32.numpy(force=True))
print(x.numpy(force=True))
''',
'matplotlib_agg_plots': r'''
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import torch
x = torch.linspace(-2, 2, 5, requires_grad=True)
y = x ** 2
y.sum().backward()
fig, ax = plt.subplots()
try:
    ax.plot(x, y)
except Exception as e:
    print(type(e).__name__, e)
line, = ax.plot(x.detach(), y.detach(), label="f")
print(line.get_xdata(), type(line.get_xdata()))
print(line.get_ydata())
line2, = ax.plot(x.detach().numpy(), x.grad.numpy())
print(line2.get_ydata(), line2.get_ydata().dtype)
line3, = ax.plot(x.grad)
print(line3.get_xdata(), line3.get_ydata())
sc = ax.scatter(x.detach(), y.detach())
print(sc.get_offsets())
h = ax.hist(torch.tensor([1., 2., 2., 3.]), bins=3)
print(h[0], h[1])
ax.set_xlim(torch.tensor(-3.), torch.tensor(3.))
print(ax.get_xlim())
ax.axhline(torch.tensor(1.0))
print(ax.lines[-1].get_ydata())
img = ax.imshow(torch.arange(6.).reshape(2, 3))
print(img.get_array())
plt.close(fig)
try:
    print(np.linspace(0, 1, 3) * torch.tensor(2.0))
except TypeError as e:
    print('TypeError', e)
''',
'inplace_grad_fn_and_versions': r'''
import torch
def gf(t):
    g = t.grad_fn
    return None if g is None else type(g).__name__
def chain(t):
    g = t.grad_fn
    out = []
    while g is not None:
        out.append(type(g).__name__)
        nf = [n for n, _ in g.next_functions if n is not None]
        g = nf[0] if nf else None
    return out
x = torch.ones(2, 3, requires_grad=True)
y = x * 2
print(gf(y), y._version)
y.add_(1); print(gf(y), y._version, chain(y))
y.mul_(2); print(gf(y), y._version)
y[0] = 0; print(gf(y), y._version, chain(y))
y[:, 1].fill_(3); print(gf(y), y._version)
v = y.view(6); print(gf(v), v._base is y, v._is_view(), y._is_view())
v.zero_(); print(gf(v), gf(y), y._version, v._version)
z = x.clone(); z.relu_(); print(gf(z), chain(z))
z.clamp_(0, 1); print(gf(z))
z.sigmoid_(); print(gf(z))
z.exp_(); print(gf(z))
z.pow_(2); print(gf(z))
z.sub_(1); print(gf(z))
z.div_(2); print(gf(z))
z.neg_(); print(gf(z))
z.abs_(); print(gf(z))
z.copy_(x); print(gf(z))
z.masked_fill_(z > 0, 1.); print(gf(z))
z.t_(); print(gf(z), z.shape)
z.unsqueeze_(0); print(gf(z), z.shape)
z.squeeze_(); print(gf(z))
z.transpose_(0, 1); print(gf(z))
z.tanh_(); print(gf(z))
z.sqrt_(); print(gf(z))
z.addcmul_(x, x); print(gf(z))
z.lerp_(x, 0.5); print(gf(z))
z.index_fill_(1, torch.tensor([0]), 2.); print(gf(z))
z.scatter_(1, torch.tensor([[0], [1]]), 5.); print(gf(z))
z.zero_(); print(gf(z))
z.fill_(2); print(gf(z))
z += 1; print(gf(z))
z *= x; print(gf(z))
z -= 1; print(gf(z))
z /= 2; print(gf(z))
z **= 2; print(gf(z))
w = x.detach(); print(gf(w), w.requires_grad, w.is_leaf, w._version)
x2 = x.clone().detach().requires_grad_(True); print(x2.is_leaf, gf(x2))
q = x[0]; print(gf(q), q._base is x, q.is_leaf)
e = x.exp(); e2 = e[1:]; e2.mul_(3); print(gf(e), gf(e2), chain(e))
print(x.grad_fn, x.is_leaf, x.requires_grad, x._version)
''',
'manual_gradient_descent_mistakes': r'''
import torch, warnings
import sys
_saved = warnings.showwarning
_filters = warnings.filters[:]
def showwarn(message, category, filename, lineno, file=None, line=None):
    print("WARN", category.__name__, str(message)[:80])
warnings.showwarning = showwarn
warnings.simplefilter("always")
xs = torch.tensor([1.0, 2.0, 3.0, 4.0])
ys = 2 * xs + 1
w = torch.tensor(0.0, requires_grad=True)
b = torch.tensor(0.0, requires_grad=True)
lr = 0.01
for epoch in range(3):
    pred = w * xs + b
    loss = ((pred - ys) ** 2).mean()
    loss.backward()
    print(epoch, loss.item(), w.grad.item(), b.grad.item())
    with torch.no_grad():
        w -= lr * w.grad
        b -= lr * b.grad
    w.grad.zero_(); b.grad.zero_()
print(w, b)
# mistake 1: update without no_grad
try:
    w -= lr * torch.tensor(1.0)
except RuntimeError as e:
    print("RuntimeError", e)
# mistake 2: rebinding makes a non-leaf
w2 = torch.tensor(1.0, requires_grad=True)
loss = (w2 * 3) ** 2
loss.backward()
w2 = w2 - 0.1 * w2.grad
print(w2, w2.is_leaf, w2.grad)
loss = (w2 * 3) ** 2
loss.backward()
print(w2.grad)
# mistake 3: forgetting to zero
w3 = torch.tensor(2.0, requires_grad=True)
for i in range(3):
    (w3 ** 2).backward()
    print(i, w3.grad)
# w.grad.data.zero_()
w3.grad.data.zero_(); print(w3.grad)
w3.grad = None; print(w3.grad)
# .data update trick
w4 = torch.tensor([1.0, 2.0], requires_grad=True)
(w4 ** 2).sum().backward()
w4.data -= 0.5 * w4.grad.data
print(w4, w4.grad, w4.is_leaf)
w4.data = torch.tensor([7.0, 8.0])
print(w4)
try:
    w4.data = torch.tensor([1, 2])
    print(w4, w4.dtype)
except Exception as e:
    print(type(e).__name__, e)
try:
    w4.data = [1.0]
except Exception as e:
    print(type(e).__name__, e)
w4.data = torch.zeros(3)
print(w4, w4.shape, w4.grad)
warnings.showwarning = _saved
warnings.filters[:] = _filters
''',
'next_functions_with_constants': r'''
import torch
def names(g):
    return None if g is None else [(None if n is None else type(n).__name__, i) for n, i in g.next_functions]
x = torch.tensor([1.0, 2.0], requires_grad=True)
c = torch.tensor([3.0, 4.0])
for label, t in [('x*c', x * c), ('c*x', c * x), ('x+c', x + c), ('x*2', x * 2), ('x-x', x - x),
                 ('cat', torch.cat([x, c])), ('stack', torch.stack([c, x, c])), ('where', torch.where(c > 3, x, c)),
                 ('matmul', x @ c), ('addcmul', torch.addcmul(c, x, c)), ('dot', torch.dot(c, x)),
                 ('mean', x.mean()), ('split', x.split(1)[1]), ('lerp', torch.lerp(c, x, 0.5)),
                 ('mse', torch.nn.functional.mse_loss(x, c)), ('ce', torch.nn.functional.cross_entropy(x.unsqueeze(0), torch.tensor([1]))),
                 ('bce', torch.nn.functional.binary_cross_entropy(torch.sigmoid(x), torch.tensor([0., 1.]))),
                 ('l1', torch.nn.functional.l1_loss(x, c)), ('lin', torch.nn.functional.linear(x, c.view(1, 2))),
                 ('maxpair', torch.max(x, c)), ('dist', torch.dist(x, c)), ('pow', x ** c), ('rpow', c ** x),
                 ('atan2', torch.atan2(x, c)), ('hypot', torch.hypot(x, c)), ('div', c / x), 
                 ('sum0', x.sum(0)), ('nansum', x.nansum()), ('cumprod', x.cumprod(0)),
                 ('mv', torch.mv(c.view(1, 2), x)), ('bmm', torch.bmm(x.view(1, 1, 2), c.view(1, 2, 1))),
                 ('einsum', torch.einsum('i,i->', x, c)), ('cdist', torch.cdist(x.view(1, 2), c.view(1, 2))),
                 ('cos_sim', torch.nn.functional.cosine_similarity(x, c, dim=0)), ('normalize', torch.nn.functional.normalize(x, dim=0)),
                 ('dropout', torch.nn.functional.dropout(x, 0.0)), ('softplus', torch.nn.functional.softplus(x)),
                 ('gelu', torch.nn.functional.gelu(x)), ('silu', torch.nn.functional.silu(x)), ('elu', torch.nn.functional.elu(x)),
                 ('leaky', torch.nn.functional.leaky_relu(x)), ('hardtanh', torch.nn.functional.hardtanh(x)),
                 ('relu6', torch.nn.functional.relu6(x)), ('logsig', torch.nn.functional.logsigmoid(x)),
                 ('clamp_t', x.clamp(min=c)), ('clip', x.clip(0, 1)), ('log1p', x.log1p()), ('expm1', x.expm1()),
                 ('rsqrt', x.rsqrt()), ('reciprocal', x.reciprocal()), ('erf', x.erf()), ('sinh', x.sinh()), ('trunc', x.trunc()),
                 ('frac', x.frac()), ('ceil', x.ceil()), ('min', x.min()), ('argmax_val', x[x.argmax()]),
                 ('median', x.median()), ('kthvalue', x.kthvalue(1)[0]), ('cummax', x.cummax(0)[0]), ('var_mean', torch.var_mean(x)[1]),
                 ('std_mean', torch.std_mean(x)[0]), ('aminmax', torch.aminmax(x)[0]), ('trace', torch.diag(x).trace()),
                 ('diag', torch.diag(x)), ('diag_embed', torch.diag_embed(x)), ('triu', x.view(1, 2).triu()),
                 ('take', x.take(torch.tensor([0]))), ('masked_select', x.masked_select(c > 3)), ('nonzero_idx', x[x.nonzero()]),
                 ('index_add', c.index_add(0, torch.tensor([0]), x[:1])), ('scatter_add', c.scatter_add(0, torch.tensor([1]), x[:1])),
                 ('put', c.index_put((torch.tensor([0]),), x[:1])), ('logaddexp', torch.logaddexp(x, c)), ('xlogy', torch.xlogy(x, c)),
                 ('polar', torch.polar(x, c)), ('complex', torch.complex(x, c)), ('view_as_complex', torch.view_as_complex(x)),
                 ('angle', x.angle()), ('sgn', x.sgn()), ('nan_to_num', x.nan_to_num()), ('cross', torch.linalg.cross(torch.cat([x, c[:1]]), torch.ones(3))),
                 ('inverse', torch.diag(x).inverse()), ('det', torch.diag(x).det()), ('norm2', torch.linalg.norm(x)), ('vnorm', torch.linalg.vector_norm(x)),
                 ('softmax', torch.softmax(x, 0)), ('to_cdouble', x.to(torch.complex64)), ('type_as', x.type_as(c)), ('new_tensor', x.new_tensor([1.])),
                 ('sum_bool', (x > 1).sum()), ('float_of_bool', (x > 1).float()),
                ]:
    print(label, t.requires_grad, type(t.grad_fn).__name__ if t.grad_fn is not None else None, names(t.grad_fn))
''',
'hooks_retain_grad_saved_tensors': r'''
import torch
x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
h = x.register_hook(lambda g: print("hook got", g))
y = (x * 2).sum()
y.backward()
print(x.grad)
h.remove()
x.grad = None
(x * 3).sum().backward()
print(x.grad)
def double(g):
    return g * 2
x.grad = None
h2 = x.register_hook(double)
(x ** 2).sum().backward()
print(x.grad)
h2.remove()
m = x * 1
m.register_hook(lambda g: print("mid", g))
m.retain_grad()
(m * m).sum().backward()
print(m.grad, m.retains_grad)
try:
    torch.ones(2).register_hook(lambda g: g)
except RuntimeError as e:
    print("RuntimeError", e)
x.retain_grad()
print(x.retains_grad)
z = torch.ones(2)
try:
    z.retain_grad()
except RuntimeError as e:
    print("RuntimeError", e)
# hooks returning wrong shape
k = torch.ones(2, requires_grad=True)
k.register_hook(lambda g: torch.ones(3))
try:
    (k * 2).sum().backward()
except RuntimeError as e:
    print("RuntimeError", e)
k2 = torch.ones(2, requires_grad=True)
k2.register_hook(lambda g: 5)
try:
    (k2 * 2).sum().backward()
except Exception as e:
    print(type(e).__name__, e)
# grad_fn attributes
a = torch.tensor([2.0, 3.0], requires_grad=True)
b = a * a
print(b.grad_fn.name(), b.grad_fn._saved_self, b.grad_fn._saved_other)
e = a.exp()
print(e.grad_fn._saved_result)
p = a.pow(3)
print(p.grad_fn._saved_exponent, p.grad_fn._saved_self)
s = a.sum()
print(s.grad_fn._saved_self_sym_sizes)
v = a.view(2, 1)
print(v.grad_fn._saved_self_sym_sizes)
print(a.grad_fn, type(b.grad_fn.next_functions[0][0]).__name__, b.grad_fn.next_functions[0][0].variable is a)
print(b.grad_fn.metadata)
''',
'dtype_conversions_under_autograd': r'''
import torch
x = torch.tensor([1.5, -2.5], requires_grad=True)
for fn in ['long', 'int', 'bool', 'half', 'double', 'float', 'short', 'byte', 'char', 'cfloat']:
    try:
        t = getattr(x, fn)()
        print(fn, t, t.dtype, t.requires_grad, t.is_leaf, type(t.grad_fn).__name__ if t.grad_fn else None)
    except Exception as e:
        print(fn, type(e).__name__, e)
print(x.type(), x.type(torch.int32), x.type('torch.DoubleTensor'))
print(x.to(torch.int64).requires_grad, x.to('cpu') is x, x.to(torch.float32) is x, x.to(torch.float32, copy=True) is x)
print(x.to(dtype=torch.float64, copy=False).grad_fn.name())
d = x.double()
(d * d).sum().backward()
print(x.grad, x.grad.dtype)
y = torch.tensor([1.0, 2.0], dtype=torch.float64, requires_grad=True)
z = x * y
print(z, z.dtype)
z.sum().backward()
print(x.grad, y.grad, y.grad.dtype)
try:
    torch.tensor([1, 2]).float().requires_grad_()
    print("ok")
except Exception as e:
    print(type(e).__name__, e)
i = torch.tensor([1, 2, 3])
try:
    i.requires_grad = True
except RuntimeError as e:
    print("RuntimeError", e)
try:
    torch.zeros(2, dtype=torch.long, requires_grad=True)
except RuntimeError as e:
    print("RuntimeError", e)
try:
    torch.ones(2, dtype=torch.int32).requires_grad_(True)
except RuntimeError as e:
    print("RuntimeError", e)
print(torch.ones(2, dtype=torch.int32).requires_grad_(False))
f = i.float().requires_grad_()
print(f, (f * i).grad_fn.name(), (f * i).dtype)
(f * i).sum().backward()
print(f.grad)
h = torch.tensor([1.0, 2.0], dtype=torch.float16, requires_grad=True)
(h * h).sum().backward(); print(h.grad)
print(torch.nn.Parameter(torch.ones(2)).to(torch.float64))
try:
    torch.nn.Parameter(torch.ones(2, dtype=torch.long))
except Exception as e:
    print(type(e).__name__, e)
print(torch.nn.Parameter(torch.ones(2, dtype=torch.long), requires_grad=False))
''',
'view_inplace_and_out_errors': r'''
import torch, warnings
def tryit(label, fn):
    with warnings.catch_warnings(record=True) as ws:
        warnings.simplefilter("always")
        try:
            r = fn()
            print(label, 'OK', r)
        except Exception as e:
            print(label, type(e).__name__, str(e))
    for w in ws:
        print('  WARN', w.category.__name__, str(w.message))
def f1():
    x = torch.ones(4, requires_grad=True)
    y = x * 1
    a, b = y.split(2)
    a.mul_(2)
tryit('split_inplace', f1)
def f2():
    x = torch.ones(4, requires_grad=True)
    y = x * 1
    a, b = y.unbind()[:2]
    a.mul_(2)
tryit('unbind_inplace', f2)
def f2b():
    x = torch.ones(2, 2, requires_grad=True)
    y = x * 1
    for r in y:
        r.mul_(2)
    return y
tryit('iter_rows_inplace', f2b)
def f3():
    x = torch.ones(4, requires_grad=True)
    with torch.no_grad():
        v = x[:2]
    v.mul_(2)
tryit('nograd_view_inplace', f3)
def f3b():
    x = torch.ones(4, requires_grad=True)
    y = x * 1
    with torch.no_grad():
        v = y[:2]
    v.mul_(2)
    return y
tryit('nograd_view_nonleaf', f3b)
def f4():
    x = torch.ones(2, requires_grad=True)
    out = torch.empty(2)
    torch.mul(x, 2, out=out)
tryit('out_requires', f4)
def f4b():
    x = torch.ones(2, requires_grad=True)
    torch.exp(torch.ones(2), out=x)
tryit('out_leaf', f4b)
def f5():
    x = torch.ones(2, requires_grad=True)
    y = (x ** 2).sum()
    y.backward(create_graph=True)
    return x.grad
tryit('create_graph_backward', f5)
def f6():
    x = torch.ones(2, requires_grad=True)
    y = x.exp()
    x.data.mul_(2)
    y.sum().backward()
    return x.grad
tryit('data_mut_input', f6)
def f7():
    x = torch.ones(2, requires_grad=True)
    y = x.sin()
    with torch.no_grad():
        x.mul_(2)
    y.sum().backward()
tryit('nograd_mut_leaf_saved', f7)
def f8():
    x = torch.ones(3, requires_grad=True)
    y = x.clone()
    y[1] = x[0] * 5
    y.sum().backward()
    return x.grad, type(y.grad_fn).__name__
tryit('clone_setitem', f8)
def f9():
    x = torch.zeros(3, requires_grad=True)
    y = torch.zeros(3)
    y[0] = x[1]
    return y.requires_grad, type(y.grad_fn).__name__
tryit('setitem_into_plain', f9)
def f10():
    x = torch.ones(2, requires_grad=True)
    y = x.unsqueeze(0).expand(3, 2)
    y.add_(1)
tryit('expand_inplace', f10)
def f10b():
    x = torch.ones(2, requires_grad=True)
    y = (x * 1).expand(3, 2)
    y.add_(1)
tryit('expand_inplace_nonleaf', f10b)
def f11():
    x = torch.ones(2, 2, requires_grad=True)
    y = x.sum(0)
    y.backward(torch.ones(2))
    y.backward(torch.ones(2))
    return x.grad
tryit('sum_backward_twice', f11)
def f12():
    x = torch.ones(2, requires_grad=True)
    y = torch.sigmoid(x)
    z = y * 2
    y.add_(1)
    z.sum().backward()
    return x.grad
tryit('modified_output_not_saved_by_mul', f12)
def f13():
    x = torch.randn(2, 2).requires_grad_()
    y = x.t()
    y.mul_(2)
tryit('t_leaf', f13)
def f14():
    x = torch.ones(2, requires_grad=True)
    x.grad = torch.ones(2)
    x.grad.add_(1)
    x.grad += 1
    return x.grad
tryit('grad_inplace', f14)
def f15():
    a = torch.tensor(1.0, requires_grad=True)
    torch.autograd.grad(a * 2, a, create_graph=True, retain_graph=False)
    return 'fine'
tryit('grad_create_no_retain', f15)
''',
'printing_tensors_with_grad': r'''
import torch
# printing tensors with grad in containers, f-strings
x = torch.tensor([1.0, 2.0], requires_grad=True)
y = x * 2
print([y, x])
print({'y': y})
print((y,))
print(f"{y}")
print(str(y), repr(y))
print(y.sum(), y.mean(), y[0])
print(f"{y.sum():.3f}")
print(f"{y.sum().item():.3f}")
print("loss: %.4f" % y.sum())
print(y.detach(), y.data)
print(str(y.grad_fn).split(' ')[0])
g = torch.tensor(1.0, requires_grad=True) * 3
print(g, g.item(), g.tolist())
print(torch.zeros(2, 0, requires_grad=True))
print(torch.zeros(2, 0, requires_grad=True) * 2)
print(torch.tensor(float('nan'), requires_grad=True) * 1)
print(torch.tensor([1e-8, 1e8], requires_grad=True) * 1)
print(torch.tensor([1.0, 2.0], dtype=torch.float64, requires_grad=True) * 1)
print(torch.tensor([1.0, 2.0], dtype=torch.float16, requires_grad=True).sum())
print(torch.tensor([[1.0, 2.0]], requires_grad=True).T)
print(torch.arange(30.0, requires_grad=True).view(3, 10) * 1.5)
print(torch.tensor([1+1j], requires_grad=True).abs())
print(torch.tensor([1.0], requires_grad=True).max(0))
print(torch.tensor([[3.0, 1.0]], requires_grad=True).sort(1))
print(torch.tensor([3.0, 1.0], requires_grad=True).topk(1))
print(torch.tensor([[3.0, 1.0]], requires_grad=True).split(1, 1))
print(torch.nn.Parameter(torch.ones(2)) * 2)
print(torch.nn.Parameter(torch.ones(2)))
print(torch.nn.Parameter(torch.ones(2)).detach())
print(torch.nn.Parameter(torch.ones(2))[0])
print(torch.nn.Parameter(torch.ones(2)).grad_fn, torch.nn.Parameter(torch.ones(2)).is_leaf)
''',
'backward_grad_argument_mistakes': r'''
import torch
def tryit(label, fn):
    try:
        r = fn()
        print(label, 'OK', r)
    except Exception as e:
        print(label, type(e).__name__, str(e))
x = torch.tensor([1.0, 2.0], requires_grad=True)
tryit('backward_float_grad', lambda: (x * 2).backward(1.0))
tryit('backward_list_grad', lambda: (x * 2).backward([1.0, 1.0]))
tryit('backward_tensor_grad_int', lambda: (x * 2).backward(torch.tensor([1, 1])))
tryit('backward_scalar_grad_t', lambda: (x * 2).sum().backward(torch.tensor(2.0)))
tryit('backward_scalar_grad_1', lambda: (x * 2).sum().backward(torch.tensor([2.0])))
tryit('x.grad', lambda: x.grad)
tryit('backward_int_tensor', lambda: torch.tensor(3).backward())
tryit('grad_int_out', lambda: torch.autograd.grad(torch.tensor(3), x))
tryit('grad_out_noreq', lambda: torch.autograd.grad([x.sum(), torch.ones(())], x))
tryit('grad_none_out', lambda: torch.autograd.grad(None, x))
tryit('grad_list_out_int', lambda: torch.autograd.grad([3], x))
tryit('backward_requires_float', lambda: torch.autograd.backward(x.sum(), grad_tensors=torch.tensor(1, dtype=torch.int64)))
tryit('grad_go_req', lambda: torch.autograd.grad(x * 2, x, grad_outputs=torch.ones(2, requires_grad=True)))
tryit('backward_leaf_itself', lambda: (x.sum().backward(), x.grad)[1])
l = torch.tensor(2.0, requires_grad=True)
tryit('leaf_backward', lambda: (l.backward(), l.grad)[1])
tryit('leaf_backward2', lambda: (l.backward(), l.grad)[1])
tryit('grad_leaf_self', lambda: torch.autograd.grad(l, l))
tryit('grad_tuple_dup', lambda: torch.autograd.grad((l * 3), (l, l)))
tryit('detach_backward', lambda: (l * 2).detach().backward())
tryit('numpy_then_back', lambda: torch.from_numpy((l * 2).detach().numpy()).requires_grad)
tryit('backward_on_item', lambda: (l * 2).item().backward())
tryit('grad_on_python_float', lambda: torch.autograd.grad(float(l * 2), l))
tryit('zero_grad_on_none', lambda: l.grad.zero_())
tryit('requires_grad_on_grad', lambda: l.grad.requires_grad)
tryit('sum_of_list', lambda: sum([l, l * 2, 3]))
tryit('max_builtin', lambda: max(torch.tensor([1.0, 3.0], requires_grad=True)))
tryit('abs_builtin', lambda: abs(l - 5))
tryit('round_builtin', lambda: round(l * 1.26, 1))
tryit('pow_builtin', lambda: pow(l, 2))
tryit('math_exp', lambda: __import__('math').exp(l))
tryit('np_exp', lambda: __import__('numpy').exp(l))
tryit('np_sqrt_detach', lambda: __import__('numpy').sqrt(l.detach()))
tryit('list_of_grad_tensors_to_tensor', lambda: torch.tensor([l, l]))
tryit('stack_of_scalars', lambda: torch.stack([l, l * 2]))
tryit('grad_inputs_none', lambda: torch.autograd.grad(x.sum(), None))
tryit('grad_inputs_empty', lambda: torch.autograd.grad(x.sum(), []))
tryit('backward_none', lambda: torch.autograd.backward(None))
tryit('backward_inputs_tensor', lambda: (torch.autograd.backward((x * x).sum(), inputs=x), x.grad)[1])
tryit('backward_inputs_int', lambda: torch.autograd.backward((x * x).sum(), inputs=3))
tryit('backward_mixed_list', lambda: torch.autograd.backward([(x * x).sum(), 3.0]))
tryit('grad_outputs_tuple', lambda: torch.autograd.grad((x * 2, x * 3), x, (torch.ones(2), torch.ones(2))))
''',
'custom_function_basics_and_errors': r'''
import torch
class MyReLU(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x.clamp(min=0)
    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return g * (x > 0).float()
x = torch.tensor([-1.0, 2.0, 3.0], requires_grad=True)
y = MyReLU.apply(x)
print(y, type(y.grad_fn).__name__, y.grad_fn.name())
print([type(n).__name__ for n, _ in y.grad_fn.next_functions])
y.sum().backward()
print(x.grad)
class Square(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, k):
        ctx.k = k
        ctx.save_for_backward(x)
        return x ** 2 * k
    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return 2 * x * g * ctx.k, None
z = Square.apply(x, 3.0)
print(z)
z.sum().backward()
print(x.grad)
class Bad(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, k):
        return x * k
    @staticmethod
    def backward(ctx, g):
        return g
try:
    Bad.apply(x, 2.0).sum().backward()
except RuntimeError as e:
    print("RuntimeError", e)
class Bad2(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x * 2
    @staticmethod
    def backward(ctx, g):
        return g[:1]
try:
    Bad2.apply(x).sum().backward()
except RuntimeError as e:
    print("RuntimeError", e)
try:
    MyReLU()(x)
except Exception as e:
    print(type(e).__name__, e)
try:
    MyReLU.forward(None, x)
except Exception as e:
    print(type(e).__name__, e)
class NoBack(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x + 1
try:
    NoBack.apply(x).sum().backward()
except Exception as e:
    print(type(e).__name__, e)
class Inplace(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        x.mul_(2)
        ctx.mark_dirty(x)
        return x
    @staticmethod
    def backward(ctx, g):
        return g * 2
a = x.clone()
b = Inplace.apply(a)
print(b is a, type(b.grad_fn).__name__, a._version)
with torch.no_grad():
    print(MyReLU.apply(x).requires_grad)
print(MyReLU.apply(torch.tensor([1.0, -1.0])).grad_fn)
class Twice(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * 2
    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return g * 2
t = Twice.apply(x)
t.sum().backward()
try:
    t.sum().backward()
except RuntimeError as e:
    print("RuntimeError", e)
''',
'nn_linear_grads_and_freezing': r'''
import torch
import torch.nn as nn
torch.manual_seed(0)
lin = nn.Linear(2, 1)
with torch.no_grad():
    lin.weight.copy_(torch.tensor([[0.5, -0.25]]))
    lin.bias.fill_(0.125)
print(lin.weight, lin.bias)
print(lin.weight.grad, lin.weight.is_leaf, lin.weight.grad_fn, type(lin.weight).__name__)
x = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
out = lin(x)
print(out, out.grad_fn.name(), [type(n).__name__ if n else None for n, _ in out.grad_fn.next_functions])
loss = out.pow(2).mean()
loss.backward()
print(lin.weight.grad, lin.bias.grad)
opt = torch.optim.SGD(lin.parameters(), lr=0.5)
opt.step()
print(lin.weight, lin.bias)
opt.zero_grad()
print(lin.weight.grad, lin.bias.grad)
loss = lin(x).sum(); loss.backward()
opt.zero_grad(set_to_none=False)
print(lin.weight.grad, lin.bias.grad)
lin.zero_grad()
print(lin.weight.grad)
lin.weight.requires_grad_(False)
out = lin(x)
print(out.requires_grad, out.grad_fn.name(), [type(n).__name__ if n else None for n, _ in out.grad_fn.next_functions])
out.sum().backward()
print(lin.weight.grad, lin.bias.grad)
for n, p in lin.named_parameters():
    print(n, p.requires_grad, p.shape, p.grad)
lin.requires_grad_(False)
print(lin(x).requires_grad)
try:
    lin(x).sum().backward()
except RuntimeError as e:
    print("RuntimeError", e)
w = nn.Parameter(torch.tensor([1.0, 2.0]))
try:
    w.add_(1)
except RuntimeError as e:
    print("RuntimeError", e)
with torch.no_grad():
    w.add_(1)
print(w, w._version)
print(w * 2)
w.data = w.data * 3
print(w, w._version)
p = nn.Parameter(torch.ones(2), requires_grad=False)
print(p, p.requires_grad)
seq = nn.Sequential(nn.Linear(2, 2), nn.ReLU())
print([(n, p.requires_grad) for n, p in seq.named_parameters()])
print(sum(p.numel() for p in seq.parameters() if p.requires_grad))
with torch.no_grad():
    o = seq(x)
print(o.requires_grad, o.grad_fn)
''',
'numpy_scalars_arrays_mixed': r'''
import torch, numpy as np, warnings
warnings.simplefilter("ignore", DeprecationWarning)
def tryit(label, fn):
    try:
        r = fn()
        print(label, 'OK', r, 'class' if isinstance(r, type) else getattr(r, 'dtype', type(r).__name__))
    except Exception as e:
        print(label, type(e).__name__, str(e))
x = torch.tensor([1.0, 2.0], requires_grad=True)
a = np.array([10.0, 20.0])
tryit('t+ndarray', lambda: x + a)
tryit('ndarray+t', lambda: a + x)
tryit('t*np64', lambda: x * np.float64(2))
tryit('np64*t', lambda: np.float64(2) * x)
tryit('np32*t', lambda: np.float32(2) * x)
tryit('npint*t', lambda: np.int64(2) * x)
tryit('t.detach+ndarray', lambda: x.detach() + a)
tryit('ndarray+t.detach', lambda: a + x.detach())
tryit('ndarray_f32+t.detach', lambda: a.astype(np.float32) + x.detach())
tryit('np.array(list of 0d)', lambda: np.array([torch.tensor(1.0), torch.tensor(2.0)]))
tryit('np.array(list of 0d req)', lambda: np.array([x[0], x[1]]))
tryit('np.array(list of 0d req detach)', lambda: np.array([x[0].item(), x[1].item()]))
tryit('torch.tensor(list of np)', lambda: torch.tensor([np.float32(1), np.float32(2)]))
tryit('torch.tensor(list of arrays)', lambda: torch.tensor([np.array([1., 2.]), np.array([3., 4.])]))
tryit('from_numpy_req', lambda: torch.from_numpy(a).requires_grad_())
tryit('tensor(np, req)', lambda: torch.tensor(a, requires_grad=True))
tryit('tensor(np, dtype, req)', lambda: torch.tensor(a, dtype=torch.float32, requires_grad=True))
tryit('as_tensor(np).sum', lambda: torch.as_tensor(a).sum())
tryit('np.max(t)', lambda: np.max(x.detach().numpy()))
tryit('float(np64*t0)', lambda: float(np.float64(2.5) * x.detach()[0]))
tryit('t0*np64 type', lambda: type(x.detach()[0] * np.float64(2.5)))
tryit('np64 + t0', lambda: np.float64(2.5) + torch.tensor(1.0))
tryit('np64 + t0 int', lambda: np.float64(2.5) + torch.tensor(1))
tryit('npint + t float16', lambda: np.int32(2) + torch.tensor([1.0], dtype=torch.float16))
tryit('np.float16*t', lambda: np.float16(2) * torch.tensor([1, 2]))
tryit('npbool*t', lambda: np.bool_(True) * torch.tensor([1, 2]))
tryit('t/np.int64', lambda: torch.tensor([3, 4]) / np.int64(2))
tryit('t//np.int64', lambda: torch.tensor([3, 4]) // np.int64(2))
tryit('t<np64', lambda: torch.tensor([3., 4.]) < np.float64(3.5))
tryit('tensor(np.float64).item', lambda: torch.tensor(np.float64(0.1)).item())
tryit('tensor(np.float32).item', lambda: torch.tensor(np.float32(0.1)).item())
tryit('t.numpy().dtype after int', lambda: torch.tensor([1, 2]).numpy().dtype)
tryit('t.tolist types', lambda: [type(v) for v in torch.tensor([1.0, 2.0]).tolist()])
tryit('grad numpy', lambda: (x * np.float64(3)).sum().backward() or x.grad.numpy())
tryit('torch.from_numpy(np.float64 scalar)', lambda: torch.from_numpy(np.float64(1.0)))
tryit('torch.from_numpy 0d', lambda: torch.from_numpy(np.array(1.0)))
tryit('np.asarray(t, float32)', lambda: np.asarray(torch.tensor([1., 2.], dtype=torch.float64), dtype=np.float32))
tryit('np.array(t,copy=False)', lambda: np.array(torch.tensor([1., 2.]), copy=False))
tryit('isinstance np', lambda: isinstance(torch.tensor(1.).numpy(), np.ndarray))
tryit('np.isclose', lambda: np.isclose(torch.tensor([1.0]), 1.0))
tryit('np.allclose', lambda: np.allclose(torch.tensor([1.0, 2.0]), np.array([1.0, 2.0])))
tryit('np.concatenate', lambda: np.concatenate([torch.tensor([1.0]), torch.tensor([2.0])]))
tryit('np.stack req', lambda: np.stack([x, x]))
''',
'version_counters_shared': r'''
import torch
x = torch.ones(3, requires_grad=True)
d = x.detach()
v = x[1:]
print(x._version, d._version, v._version)
with torch.no_grad():
    x.mul_(2)
print(x._version, d._version, v._version)
d.add_(1)
print(x._version, d._version, v._version, x)
y = x * 1
z = y.view(3)
z.add_(1)
print(y._version, z._version, y.grad_fn.name(), z.grad_fn.name())
y[0] = 5
print(y._version, z._version, z.grad_fn.name())
n = torch.zeros(3)
print(n._version); n += 1; print(n._version); n = n + 1; print(n._version)
n[0] = 2; n[1:] = 3; print(n._version)
n.copy_(torch.ones(3)); print(n._version)
n.data.zero_(); print(n._version)
n.set_(torch.ones(2)); print(n._version, n)
k = torch.ones(2, requires_grad=True)
k.grad = torch.zeros(2)
print(k.grad._version)
(k * 2).sum().backward()
print(k.grad._version, k.grad)
import torch.optim as optim
o = optim.SGD([k], lr=0.1)
o.step(); print(k._version)
o.zero_grad(); print(k.grad)
o.step(); print(k._version)
t = torch.arange(4.)
u = t.numpy()
u[0] = 100
print(t._version, t)
tt = torch.from_numpy(u)
tt.add_(1)
print(t._version, tt._version, t)
''',
'anomaly_functional_and_func': r'''
import torch, warnings
with warnings.catch_warnings(record=True) as ws:
    warnings.simplefilter("always")
    with torch.autograd.detect_anomaly():
        x = torch.tensor([0.0, 1.0], requires_grad=True)
        y = x.sqrt()
        z = (y * 0).sum()
        try:
            (x.sqrt() / x).sum().backward()
        except RuntimeError as e:
            print("RuntimeError", e)
for w in ws:
    print(w.category.__name__, str(w.message).splitlines()[0])
print(torch.is_anomaly_enabled())
torch.autograd.set_detect_anomaly(True)
print(torch.is_anomaly_enabled(), torch.is_anomaly_check_nan_enabled())
torch.autograd.set_detect_anomaly(False)
print(type(torch.autograd.set_detect_anomaly(False)).__name__)
x = torch.tensor([1.0, 2.0], requires_grad=True)
g = torch.autograd.grad(x * 2, x, torch.eye(2), is_grads_batched=True)
print(g)
J = torch.autograd.functional.jacobian(lambda t: t ** 2, x)
print(J, J.requires_grad)
J2 = torch.autograd.functional.jacobian(lambda t: t ** 2, x, create_graph=True)
print(J2.requires_grad, J2.grad_fn is not None)
print(torch.autograd.functional.vjp(lambda t: t ** 2, x, torch.ones(2)))
print(torch.autograd.functional.jvp(lambda t: t ** 2, x, torch.ones(2)))
print(torch.autograd.functional.hvp(lambda t: (t ** 3).sum(), x, torch.ones(2)))
print(torch.autograd.functional.vhp(lambda t: (t ** 3).sum(), x, torch.ones(2)))
def f(a, b):
    return a * b, a + b
print(torch.autograd.functional.jacobian(f, (torch.tensor([1.0, 2.0]), torch.tensor([3.0, 4.0]))))
try:
    torch.autograd.functional.jacobian(lambda t: t.detach() * 2, x, strict=True)
except RuntimeError as e:
    print("RuntimeError", e)
print(torch.autograd.functional.jacobian(lambda t: t.detach() * 2, x))
print(torch.autograd.functional.jacobian(lambda t: (t ** 2).sum(), torch.tensor([1.0, 2.0]), vectorize=True))
from torch.func import grad, jacrev, vmap, hessian, jacfwd
print(grad(lambda t: (t ** 3).sum())(torch.tensor([1.0, 2.0])))
print(jacrev(lambda t: t.sin())(torch.tensor([0.0, 1.0])))
print(jacfwd(lambda t: t ** 2)(torch.tensor([1.0, 3.0])))
print(hessian(lambda t: (t ** 3).sum())(torch.tensor([1.0, 2.0])))
print(vmap(lambda t: t.sum())(torch.arange(6.).view(2, 3)))
print(vmap(grad(lambda t: t ** 2))(torch.tensor([1.0, 2.0, 3.0])))
try:
    grad(lambda t: t ** 2)(torch.tensor([1.0, 2.0]))
except RuntimeError as e:
    print("RuntimeError", e)
print(grad(lambda a, b: a * b, argnums=(0, 1))(torch.tensor(2.0), torch.tensor(3.0)))
''',
'legacy_variable': r'''
import torch, warnings
from torch.autograd import Variable
a = torch.ones(2, requires_grad=True)
b = Variable(a)
print(b, b is a, b.requires_grad, b.is_leaf)
b.add_(1); print(a)
c = Variable(a*2, requires_grad=True); print(c, c.is_leaf, c.grad_fn)
print(isinstance(a, Variable), type(b))
print(Variable())
for args in [([1,2],), (torch.ones(2),), ]:
  try: print(Variable(*args))
  except Exception as e: print(type(e).__name__, e)
try: Variable(torch.ones(2), requires_grad=True, volatile=True)
except Exception as e: print(type(e).__name__, e)
try: Variable(torch.arange(2), requires_grad=True)
except Exception as e: print(type(e).__name__, e)
print(Variable(torch.ones(2), volatile=False))
''',
'is_view_and_base': r'''
import torch
x = torch.ones(2, 3, requires_grad=True)
for name, t in [('detach', x.detach()), ('view', x.view(6)), ('vv', x.view(6).view(2,3)), ('t', x.t()), ('idx', x[0]), ('adv', x[[0]]), ('reshape', x.reshape(3,2)), ('reshape_t', x.t().reshape(6)), ('contig', x.contiguous()), ('to', x.to(torch.float32)), ('float', x.float()), ('expand', x[:1].expand(2,3)), ('unbind', x.unbind()[0]), ('real', x.real), ('data', x.data), ('flatten', x.flatten()), ('nograd_view', None)]:
    if t is None:
        with torch.no_grad():
            t = x.view(6)
    print(name, t._is_view(), t._base is x, t._base is None, t.requires_grad)
''',
'device_dtype_moves_and_python_protocols': r'''
import torch
def tryit(label, fn):
    try:
        r = fn()
        print(label, 'OK', r)
    except Exception as e:
        print(label, type(e).__name__, str(e))
x = torch.tensor([1.0, 2.0], requires_grad=True)
tryit('to_cuda', lambda: x.to('cuda'))
tryit('cuda()', lambda: x.cuda())
tryit('type_bad', lambda: x.type('torch.Float'))
tryit('type_str', lambda: x.type('torch.LongTensor'))
tryit('type_dtype_str', lambda: x.type('torch.float64'))
tryit('to_str_dtype', lambda: x.to('float64'))
tryit('to_bad', lambda: x.to('gpu'))
tryit('to_tensor', lambda: x.to(torch.ones(1, dtype=torch.float64)))
tryit('to_device_dtype', lambda: x.to('cpu', torch.float16))
tryit('to_kw', lambda: x.to(device='cpu', dtype=torch.float64, non_blocking=True))
tryit('to_int', lambda: x.to(0))
tryit('to_copy_nonleaf', lambda: x.to(torch.float32, copy=True).grad_fn.name())
tryit('cpu_is_same', lambda: x.cpu() is x)
tryit('double_then_back', lambda: x.double().float().grad_fn.name())
tryit('device', lambda: (x.device, x.is_cuda, x.get_device()))
tryit('new_ones', lambda: x.new_ones(2))
tryit('new_zeros_req', lambda: x.new_zeros(2, requires_grad=True))
tryit('zeros_like', lambda: torch.zeros_like(x))
tryit('ones_like_req', lambda: torch.ones_like(x, requires_grad=True))
tryit('empty_like_grad', lambda: torch.empty_like(x).requires_grad)
tryit('rand_like', lambda: torch.rand_like(x).requires_grad)
tryit('randn_req', lambda: torch.randn(2, requires_grad=True).requires_grad)
tryit('full_req', lambda: torch.full((2,), 3.0, requires_grad=True))
tryit('full_int_req', lambda: torch.full((2,), 3, requires_grad=True))
tryit('linspace_req', lambda: torch.linspace(0, 1, 3, requires_grad=True))
tryit('eye_req', lambda: torch.eye(2, requires_grad=True))
tryit('tensor_req_list_int', lambda: torch.tensor([1, 2], dtype=torch.float32, requires_grad=True))
tryit('clone_req', lambda: x.clone().requires_grad)
tryit('clone_detach_req', lambda: x.clone().detach().requires_grad)
tryit('detach_clone_grad', lambda: x.detach().clone().requires_grad_().is_leaf)
tryit('copy_deepcopy', lambda: __import__('copy').deepcopy(x))
tryit('deepcopy_nonleaf', lambda: __import__('copy').deepcopy(x * 2))
tryit('pickle_leaf', lambda: __import__('pickle').loads(__import__('pickle').dumps(x)))
tryit('eq_bool', lambda: bool(x == x))
tryit('in_list', lambda: x in [x])
tryit('set', lambda: len({x, x}))
tryit('dict key', lambda: {x: 1}[x])
tryit('contains', lambda: 2.0 in x)
tryit('t_contains', lambda: torch.tensor(2.0) in x)
tryit('sorted', lambda: sorted(torch.tensor([3.0, 1.0, 2.0])))
tryit('list', lambda: list(x))
tryit('zip', lambda: list(zip(x, x)))
tryit('enumerate', lambda: [(i, v.item()) for i, v in enumerate(x)])
tryit('index', lambda: [1, 2, 3][torch.tensor(1)])
tryit('index_float', lambda: [1, 2, 3][torch.tensor(1.0)])
tryit('range', lambda: list(range(torch.tensor(3))))
tryit('int_grad', lambda: int(x[0]))
''',
'legacy_attributes_and_node_api': r'''
import torch, warnings
def tryit(label, fn):
    with warnings.catch_warnings(record=True) as ws:
        warnings.simplefilter("always")
        try:
            r = fn()
            print(label, 'OK', r)
        except Exception as e:
            print(label, type(e).__name__, str(e))
    for w in ws:
        print('  WARN', w.category.__name__, str(w.message)[:150])
x = torch.tensor([1.0, 2.0], requires_grad=True)
y = x * 2
def setattr_(o, n, v):
    setattr(o, n, v)
    return getattr(o, n)
tryit('volatile', lambda: x.volatile)
tryit('set_volatile', lambda: setattr_(x, 'volatile', True))
tryit('output_nr', lambda: (x.output_nr, y.output_nr, y.unbind()[1].output_nr))
tryit('set_is_leaf', lambda: setattr_(x, 'is_leaf', True))
tryit('set_req_str', lambda: setattr_(torch.ones(1), 'requires_grad', 'yes'))
tryit('set_req_int', lambda: setattr_(torch.ones(1), 'requires_grad', 1))
tryit('set_req_none', lambda: setattr_(torch.ones(1), 'requires_grad', None))
tryit('req_grad_none', lambda: torch.ones(1).requires_grad_(None))
tryit('retain_var', lambda: y.sum().backward(retain_variables=True))
tryit('backward_pos', lambda: y.sum().backward(None, True, False))
tryit('backward_bad_kw', lambda: y.sum().backward(foo=1))
tryit('grad_only_inputs', lambda: torch.autograd.grad((x * 2).sum(), x, only_inputs=False))
tryit('grad_variables', lambda: torch.autograd.backward((x * 2).sum(), grad_variables=torch.tensor(1.0)))
tryit('data_grad', lambda: x.data.grad)
tryit('grad_grad', lambda: x.grad.grad)
tryit('name', lambda: x.name)
tryit('names', lambda: x.names)
tryit('shape_req', lambda: (x.shape, x.size(), x.dim(), x.ndim, x.numel(), len(x)))
tryit('nbytes', lambda: (x.nbytes, x.itemsize, x.element_size()))
tryit('grad_fn_call', lambda: y.grad_fn(torch.ones(2)))
tryit('grad_fn_call2', lambda: (x * x).grad_fn(torch.ones(2)))
tryit('grad_fn_register_hook', lambda: type(y.grad_fn.register_hook(lambda gi, go: None)).__name__)
tryit('grad_fn_eq', lambda: y.grad_fn == y.grad_fn)
tryit('next_fn_variable', lambda: y.grad_fn.next_functions[0][0].variable.shape)
tryit('acc_next', lambda: y.grad_fn.next_functions[0][0].next_functions)
tryit('acc_name', lambda: y.grad_fn.next_functions[0][0].name())
tryit('sum_grad_fn_name', lambda: y.sum().grad_fn.name())
tryit('metadata', lambda: y.grad_fn.metadata)
tryit('dir_has_saved', lambda: [a for a in dir((x * x).grad_fn) if a.startswith('_saved')])
tryit('dir_has_raw_saved', lambda: [a for a in dir(x.exp().grad_fn) if a.startswith('_raw_saved')])
tryit('raw_saved', lambda: type(x.exp().grad_fn._raw_saved_result).__name__)
tryit('saved_after_free', lambda: (lambda e: (e.sum().backward(), e.grad_fn._saved_result))(x.exp()))
''',
'read_only_tensor_attributes': r'''
import torch
x = torch.ones(2, requires_grad=True)
for n in ['is_leaf','shape','dtype','device','ndim','is_cuda','layout','T','mT','H','itemsize','nbytes','output_nr','_version','is_sparse','is_quantized','is_meta','retains_grad','is_nested']:
  try: setattr(x, n, None); print(n, 'set ok')
  except Exception as e: print(n, type(e).__name__, e)
''',
'inference_mode_learner_uses': r'''
import torch, threading
x = torch.ones(2, requires_grad=True)
res = {}
def worker():
    res['thread_enabled'] = torch.is_grad_enabled()
    res['req'] = (x * 2).requires_grad
with torch.no_grad():
    t = threading.Thread(target=worker); t.start(); t.join()
print(res)
@torch.no_grad()
def gen():
    yield torch.is_grad_enabled()
    yield (x * 2).requires_grad
g = gen()
print(next(g), torch.is_grad_enabled(), next(g))
class Model(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.l = torch.nn.Linear(2, 1)
    @torch.inference_mode()
    def predict(self, a):
        return self.l(a)
m = Model()
p = m.predict(torch.ones(1, 2))
print(p.requires_grad, p.is_inference(), p.grad_fn)
try:
    (m.l.weight * p).sum().backward()
except RuntimeError as e:
    print("RuntimeError", e)
with torch.inference_mode():
    q = m.l(torch.ones(1, 2))
try:
    q.requires_grad_(True)
except RuntimeError as e:
    print("RuntimeError", e)
try:
    x.data = q
except RuntimeError as e:
    print("RuntimeError", e)
q2 = q.clone()
print(q2.is_inference(), q2.requires_grad)
r = torch.ones(2, requires_grad=True)
with torch.inference_mode():
    s = r * 2
    print(s.requires_grad, s.is_inference(), r.is_inference())
    try:
        r.add_(1)
    except RuntimeError as e:
        print("RuntimeError", e)
    r2 = r.view(2)
    print(r2.is_inference(), r2.requires_grad)
print(torch.is_inference(s), torch.is_inference(r))
with torch.no_grad():
    with torch.inference_mode(mode=False):
        print(torch.is_grad_enabled(), torch.is_inference_mode_enabled())
''',
'derivative_table_float64': r'''
import torch
fns = {
 'sin': torch.sin, 'cos': torch.cos, 'tan': torch.tan, 'exp': torch.exp, 'log': torch.log, 'sqrt': torch.sqrt,
 'sigmoid': torch.sigmoid, 'tanh': torch.tanh, 'relu': torch.relu, 'abs': torch.abs, 'x^3': lambda t: t ** 3,
 '1/x': lambda t: 1 / t, 'log2': torch.log2, 'log10': torch.log10, 'asin': lambda t: torch.asin(t / 4),
 'atan': torch.atan, 'erf': torch.erf, 'softplus': torch.nn.functional.softplus, 'gelu': torch.nn.functional.gelu,
 'silu': torch.nn.functional.silu, 'elu': torch.nn.functional.elu, 'mish': torch.nn.functional.mish,
 'x*sin(x)': lambda t: t * torch.sin(t), 'exp(-x^2)': lambda t: torch.exp(-t ** 2), 'clamp': lambda t: t.clamp(0.5, 1.5),
 'max(x,1)': lambda t: torch.maximum(t, torch.ones_like(t)), 'sign': torch.sign, 'floor': torch.floor, 'x^x': lambda t: t ** t,
 '2^x': lambda t: 2 ** t, 'logsigmoid': torch.nn.functional.logsigmoid, 'hardswish': torch.nn.functional.hardswish,
 'sinc': torch.sinc, 'lgamma': torch.lgamma, 'digamma': torch.digamma, 'expm1': torch.expm1, 'log1p': torch.log1p,
 'rsqrt': torch.rsqrt, 'cosh': torch.cosh, 'asinh': torch.asinh, 'atanh': lambda t: torch.atanh(t / 4),
}
xs = torch.tensor([0.25, 1.0, 2.0], dtype=torch.float64)
for name, f in fns.items():
    x = xs.clone().requires_grad_()
    y = f(x)
    y.sum().backward()
    print(f"{name:10s} {type(y.grad_fn).__name__:22s} {[round(v, 6) for v in x.grad.tolist()]}")
x = torch.tensor([0.0], requires_grad=True)
for name in ['abs', 'relu', 'sqrt', 'clamp0', 'max0', 'sign', 'norm']:
    x.grad = None
    f = {'abs': torch.abs, 'relu': torch.relu, 'sqrt': torch.sqrt, 'clamp0': lambda t: t.clamp(min=0),
         'max0': lambda t: torch.max(t, torch.zeros(1)), 'sign': torch.sign, 'norm': lambda t: t.norm()}[name]
    f(x).sum().backward()
    print('at 0:', name, x.grad)
''',
}

ember_outputs, torch_outputs, test_program_matches_pytorch = program_tests(PROGRAMS)


def _raises(exc, fn):
    with pytest.raises(exc) as info:
        fn()
    return str(info.value)


def test_variable_is_a_class_returning_a_detached_alias():
    from ember.autograd import Variable
    a = ember.ones(2, requires_grad=True)
    assert isinstance(a, Variable) and isinstance(a * 2, Variable)
    assert not isinstance(np.ones(2), Variable)
    b = Variable(a)
    assert b is not a and not b.requires_grad and b.is_leaf
    b.add_(1)  # shares a's storage
    assert a.tolist() == [2.0, 2.0]
    c = Variable(a * 2, requires_grad=True)
    assert c.is_leaf and c.requires_grad and c.grad_fn is None
    assert Variable().shape == (0,)
    assert type(Variable(ember.ones(1))) is ember.Tensor


def test_variable_errors_and_volatile_warning():
    from ember.autograd import Variable
    assert _raises(TypeError, lambda: Variable([1, 2])) == "Variable data has to be a tensor, but got list"
    with pytest.warns(UserWarning, match="volatile was removed and now has no effect"):
        v = Variable(ember.ones(2), volatile=True)
    assert not v.requires_grad
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        msg = _raises(ValueError, lambda: Variable(ember.ones(2), requires_grad=True, volatile=True))
    assert msg == "Variable can't be volatile and require_grad at the same time!"
    assert _raises(RuntimeError, lambda: Variable(ember.arange(2), requires_grad=True)) == (
        "Only Tensors of floating point and complex dtype can require gradients")


@pytest.mark.parametrize("value, name", [(1, "int"), (None, "NoneType"), (np.bool_(True), "numpy.bool"),
                                         (1.0, "float"), ("x", "str")])
def test_set_grad_enabled_takes_a_bool_only(value, name):
    msg = _raises(TypeError, lambda: ember.set_grad_enabled(value))
    assert msg == f"set_grad_enabled(): argument 'enabled' (position 1) must be bool, not {name}"
    assert ember.is_grad_enabled()


def test_set_grad_enabled_tensor_and_bool():
    msg = _raises(TypeError, lambda: ember.set_grad_enabled(ember.tensor(True)))
    assert msg.endswith("must be bool, not Tensor")
    ember.set_grad_enabled(False)
    try:
        assert not ember.is_grad_enabled()
    finally:
        ember.set_grad_enabled(True)
    with ember.set_grad_enabled(False):
        assert not (ember.ones(1, requires_grad=True) * 2).requires_grad


def test_requires_grad_underscore_names_numpy_bool():
    msg = _raises(TypeError, lambda: ember.ones(1).requires_grad_(np.bool_(True)))
    assert msg == "requires_grad_(): argument 'requires_grad' (position 1) must be bool, not numpy.bool"


def test_grad_and_backward_roots_go_through_tuple():
    x = ember.ones(2, requires_grad=True)
    assert _raises(TypeError, lambda: ember.autograd.grad(None, x)) == "'NoneType' object is not iterable"
    assert _raises(TypeError, lambda: ember.autograd.grad(x.sum(), None)) == "'NoneType' object is not iterable"
    assert _raises(TypeError, lambda: ember.autograd.backward(None)) == "'NoneType' object is not iterable"
    assert _raises(TypeError, lambda: ember.autograd.backward(x.sum(), inputs=3)) == "'int' object is not iterable"
    assert _raises(AssertionError, lambda: ember.autograd.grad([3], x)) == "Expected output to be a torch.Tensor"
    assert _raises(AssertionError, lambda: ember.autograd.backward([x.sum(), 3.0])) == (
        "Expected output to be a torch.Tensor")


def test_non_tensor_inputs_are_rejected_in_order():
    x = ember.ones(2, requires_grad=True)
    msg = _raises(RuntimeError, lambda: ember.autograd.grad((x * 2).sum(), [x, 3]))
    assert msg == "all inputs have to be Tensors or GradientEdges, but got int"
    msg = _raises(RuntimeError, lambda: (x * 2).sum().backward(inputs=[x, None]))
    assert msg == "all inputs have to be Tensors or GradientEdges, but got NoneType"
    msg = _raises(RuntimeError, lambda: ember.autograd.grad((x * 2).sum(), [ember.ones(2), 3]))
    assert msg == "One of the differentiated Tensors does not require grad"
    (x * 3).sum().backward(inputs=x)
    assert x.grad.tolist() == [3.0, 3.0]


def test_is_view():
    x = ember.ones(2, 3, requires_grad=True)
    assert x.view(6)._is_view() and x[0]._is_view() and x.t()._is_view()
    assert not x._is_view() and not x.detach()._is_view() and not x[[0]]._is_view()
    assert not x.contiguous()._is_view() and not x.t().reshape(6)._is_view()


def test_volatile_and_name_attributes():
    x = ember.ones(2)
    with pytest.warns(UserWarning, match=r"volatile was removed \(Variable.volatile is always False\)"):
        assert x.volatile is False
    with pytest.warns(UserWarning, match="volatile was removed and now has no effect"):
        x.volatile = True
    assert x.name is None


@pytest.mark.parametrize("name", ["shape", "dtype", "device", "ndim", "is_leaf", "T", "mT", "_version",
                                  "retains_grad", "output_nr", "is_cuda", "nbytes"])
def test_read_only_attributes_are_not_writable(name):
    x = ember.ones(2, requires_grad=True)
    msg = _raises(AttributeError, lambda: setattr(x, name, None))
    assert msg == f"attribute '{name}' of 'torch._C.TensorBase' objects is not writable"
    p = ember.nn.Parameter(ember.ones(2))
    assert _raises(AttributeError, lambda: setattr(p, name, None)) == msg


def test_backward_grad_variables_is_deprecated():
    x = ember.ones(2, requires_grad=True)
    with pytest.warns(FutureWarning, match="`grad_variables` is deprecated. Use `grad_tensors` instead."):
        ember.autograd.backward(x * 2, grad_variables=ember.ones(2))
    assert x.grad.tolist() == [2.0, 2.0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        msg = _raises(RuntimeError, lambda: ember.autograd.backward(x * 2, ember.ones(2), grad_variables=ember.ones(2)))
    assert msg.startswith("`grad_tensors` and `grad_variables` (deprecated) arguments both passed")
