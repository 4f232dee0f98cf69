"""Known gaps left alone by earlier probes (program probe 11d), run under ``python -m ember run`` and under
PyTorch 2.13; stdout must match exactly.

Themes: ``Tensor`` methods given ``out=`` (``x.erf(out=o)``, ``erfc``, ``erfinv``, ``i0``, ``lgamma``, ``digamma``,
``sinc``, ``logit``, ``angle``, ``copysign``, ``polygamma``, ``igamma``) and the functions that do take it; a bad
``out`` for ``heaviside``/``gcd``/``lcm`` (dtype, shape, not a tensor); uint16/32/64 arithmetic without a CPU
kernel (``+``, ``-``, ``torch.add``, in place, ``logical_and/or/xor/not``, ``masked_fill``, ``flip``) next to the
ops that have one; ``zero_`` given arguments; ``unflatten``/``nn.Unflatten`` with sizes that cannot be inferred;
``torch.nn.utils.prune`` only after ``import torch.nn.utils.prune``; NumPy functions on tensors; assigning
read-only tensor attributes; ``out=`` for ops without a derivative formula; and
``torch.autograd.graph.allow_mutation_on_saved_tensors``.

The unit tests at the end cover the fixes the probe led to:

* a ``Tensor`` method bound from an op module's ``TENSOR_METHODS`` whose function takes a keyword-only ``out`` is
  its method twin (``_methods._out_refusing_method``), so ``write_out``'s ``check_not_method_call`` refuses
  ``x.erf(out=o)`` (``TensorBase.erf() takes no keyword arguments``, ``logit() got an unexpected keyword argument
  'out'``, ``copysign``'s overload listing); a method implemented by a private helper carries its public name
  (``polygamma() got an unexpected keyword argument 'out'``);
* PyTorch lists the keywords as "unrecognized" only for an op with a hidden (deprecated) overload given more
  arguments than its signature takes (``x.add(x, alpha=2, out=o)``); ``x.logit(eps=0.1, out=o)`` names ``out``;
* an ``out`` that is not a tensor fails as PyTorch's parser does: ``add(): argument 'out' must be Tensor, not
  list`` (an overloaded op: its "invalid combination of arguments" listing), for ``gcd``/``lcm`` before the
  kernel's dtype error, whose result-type cast check on ``out`` also comes first;
* ``heaviside`` checks ``out`` with its operands: complex, then a dtype other than ``input``'s ("not yet implemented
  for tensors with different dtypes");
* uint16/32/64 have no ``add_stub`` (``x + y``, ``x + 1``, ``torch.add``, ``add_``), ``logical_*_cpu``
  (after promotion, whose errors come first), ``masked_fill`` or ``flip_cpu`` kernel: PyTorch's
  ``NotImplementedError``; ``x + y`` on float32 pays one identity comparison;
* ``x.zero_(1)``: ``TensorBase.zero_() takes no arguments (1 given)``;
* ``unflatten`` with two ``-1`` or another negative size: "unflatten got an unexpected error:" and
  ``infer_size``'s message (PyTorch appends a C++ backtrace ember has not); empty sizes: "sizes must be
  non-empty";
* ``x.flip(())`` (an empty tuple of dims) is a copy, not the "missing dims" error;
* ``torch.nn.utils`` no longer loads ``prune`` on attribute access (PyTorch's ``nn.utils`` does not import it);
* an op without a derivative formula (``floor_divide``, ``heaviside``) given ``out=`` while an input requires
  grad gives ``out`` its ``NotImplemented`` node (a leaf ``out`` that requires grad: the error naming
  ``aten::<op>``);
* ``torch.autograd.graph.allow_mutation_on_saved_tensors``: saved tensors written in place inside the context are
  seen by backward as they were saved (ember copies each saved tensor's values when saved and hands backward the
  copy once the tensor's version or values changed); backward outside the context, or after it closed, fails with
  PyTorch's ``AssertionError``; contexts cannot be nested; the unpacked tensor carries the saved ``grad_fn``.
"""
from __future__ import annotations

import numpy as np
import pytest
from program_runner import program_tests, raises_exactly

import ember
import ember.nn as nn


PROGRAMS = {
'prune_access': r'''
import torch
import torch.nn as nn
print(hasattr(torch.nn.utils, 'prune'))
try:
    torch.nn.utils.prune
except AttributeError as e:
    print(type(e).__name__, e)
for name in ['parametrize', 'parametrizations', 'rnn', 'stateless', 'fusion', 'convert_parameters', 'init']:
    print(name, hasattr(torch.nn.utils, name))
import torch.nn.utils.prune
print(hasattr(torch.nn.utils, 'prune'))
m = nn.Linear(3, 2)
with torch.no_grad():
    m.weight.copy_(torch.tensor([[0.1, -3.0, 0.5], [2.0, -0.2, 1.0]]))
torch.nn.utils.prune.l1_unstructured(m, 'weight', amount=0.5)
print(sorted(n for n, _ in m.named_buffers()), sorted(n for n, _ in m.named_parameters()))
print(m.weight_mask)
''',
'add_fast_paths': r'''
import torch
for dt in [torch.float32, torch.float64, torch.float16, torch.int64, torch.int32, torch.int16, torch.int8, torch.uint8, torch.bool, torch.complex64]:
    x = torch.tensor([1, 0, 3], dtype=dt)
    y = torch.tensor([4, 1, 0], dtype=dt)
    for name, f in [('x + y', lambda: x + y), ('x + 1', lambda: x + 1), ('x + 300', lambda: x + 300), ('x + (-1)', lambda: x + (-1)),
                    ('x + 0', lambda: x + 0), ('x + 2.5', lambda: x + 2.5), ('2 + x', lambda: 2 + x), ('x + True', lambda: x + True),
                    ('x + y[0]', lambda: x + y[0]), ('x[0] + 5', lambda: x[0] + 5), ('x + float', lambda: x + torch.ones(3)),
                    ('add alpha', lambda: torch.add(x, y, alpha=2)), ('x + 2**40', lambda: x + 2 ** 40)]:
        try:
            r = f()
            print(dt, name, r, r.dtype)
        except Exception as e:
            print(dt, name, type(e).__name__, e)
a = torch.tensor([1.0, 2.0], requires_grad=True)
b = a + 1
c = b + a
c.sum().backward()
print(b, c, a.grad)
''',
'amost_checkpoint': r'''
import torch
from torch.autograd.graph import allow_mutation_on_saved_tensors
from torch.utils.checkpoint import checkpoint
def block(t):
    return (t.sin() * t).sum()
with allow_mutation_on_saved_tensors():
    a = torch.tensor([0.5, 1.0, 2.0], requires_grad=True)
    b = a * 1
    l = block(b)
    b.mul_(0)
    l.backward()
    print(a.grad)
with allow_mutation_on_saved_tensors():
    a = torch.tensor([0.5, 1.0, 2.0], requires_grad=True)
    b = a * 1
    l = (b.tanh() ** 2).sum() + b.sum()
    b.zero_()
    b.add_(3)
    l.backward()
    print(a.grad, b)
''',
'amost_doc_example': r'''
import torch
from torch.autograd.graph import allow_mutation_on_saved_tensors
with allow_mutation_on_saved_tensors() as ctx:
    a = torch.ones(2, 3, requires_grad=True)
    b = a.clone()
    out = (b ** 2).sum()
    b.sin_()
    out.sum().backward()
    print(a.grad)
    print(b)
print(type(ctx).__name__, len(ctx.cloned), len(ctx.original))
print(torch.autograd.graph.allow_mutation_on_saved_tensors.__name__)
a = torch.ones(2, 3, requires_grad=True)
b = a.clone()
out = (b ** 2).sum()
b.sin_()
try:
    out.backward()
except RuntimeError as e:
    print(type(e).__name__, e)
''',
'amost_errors': r'''
import torch
from torch.autograd.graph import allow_mutation_on_saved_tensors
with allow_mutation_on_saved_tensors():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x * 1
    z = (y * y).sum()
    y.mul_(10)
try:
    z.backward()
except Exception as e:
    print(type(e).__name__, e)
try:
    with allow_mutation_on_saved_tensors():
        with allow_mutation_on_saved_tensors():
            pass
except Exception as e:
    print(type(e).__name__, e)
with allow_mutation_on_saved_tensors():
    c = torch.tensor([1.0, 3.0], requires_grad=True)
    d = (c * c).sum()
    try:
        with allow_mutation_on_saved_tensors():
            pass
    except RuntimeError as e:
        print('nested:', e)
    try:
        d.backward()
    except AssertionError as e:
        print('AssertionError', e)
try:
    with allow_mutation_on_saved_tensors():
        u = torch.tensor([2.0], requires_grad=True)
        v = (u * u).sum()
        raise ValueError('boom')
except ValueError as e:
    print('ValueError', e)
try:
    v.backward()
except AssertionError as e:
    print('after exception:', e)
with allow_mutation_on_saved_tensors():
    v2 = (u * u).sum()
    v2.backward()
    print(u.grad)
with allow_mutation_on_saved_tensors():
    w = torch.tensor([1.0], requires_grad=True)
    try:
        w.mul_(2)
    except RuntimeError as e:
        print(e)
with torch.autograd.graph.disable_saved_tensors_hooks("no hooks here"):
    try:
        with allow_mutation_on_saved_tensors():
            pass
    except RuntimeError as e:
        print(e)
''',
'amost_function_and_saved': r'''
import torch
from torch.autograd.graph import allow_mutation_on_saved_tensors

class Sq(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * x

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return 2 * x * g

with allow_mutation_on_saved_tensors():
    a = torch.tensor([1.0, 2.0], requires_grad=True)
    b = a * 1
    y = Sq.apply(b).sum()
    b.add_(5)
    y.backward()
    print(a.grad)
with allow_mutation_on_saved_tensors():
    s = torch.tensor([4.0], requires_grad=True)
    t = s * 1
    r = t.pow(2)
    print(r.grad_fn._saved_self is t, r.grad_fn._saved_self)
    t.mul_(3)
    print(r.grad_fn._saved_self, t)
    r.backward()
    print(s.grad)
with allow_mutation_on_saved_tensors() as ctx:
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    h = x * 3
    y = (h ** 3).sum()
    g, = torch.autograd.grad(y, x, create_graph=True)
    print(g)
    g.sum().backward()
    print(x.grad)
with allow_mutation_on_saved_tensors() as ctx:
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    h = x * 3
    y = (h ** 3).sum()
    h.mul_(0)
    g, = torch.autograd.grad(y, x, create_graph=True)
    print(g)
    g.sum().backward()
    print(x.grad)
print(len(ctx.cloned), len(ctx.original), len(ctx.sid_to_tid), len(ctx.tid_to_weakhandle))
''',
'amost_hooks_interplay': r'''
import torch
from torch.autograd.graph import allow_mutation_on_saved_tensors, saved_tensors_hooks
calls = []
def pack(t):
    calls.append(('pack', tuple(t.shape)))
    return t
def unpack(t):
    calls.append(('unpack', tuple(t.shape)))
    return t
with allow_mutation_on_saved_tensors():
    a = torch.tensor([1.0, 2.0], requires_grad=True)
    b = a * 1
    with saved_tensors_hooks(pack, unpack):
        c = (b * b).sum()
    d = (b.exp()).sum()
    b.mul_(3)
    try:
        c.backward(retain_graph=True)
        print('c ok', a.grad)
    except RuntimeError as e:
        print(str(e)[:80])
    d.backward()
    print(a.grad)
print(calls)
with allow_mutation_on_saved_tensors():
    a = torch.tensor([1.0, 2.0], requires_grad=True)
    b = a.clone()
    c = b.sigmoid()
    l = (c * b).sum()
    c.add_(1)
    b.sub_(1)
    l.backward()
    print(a.grad)
    print(c, b)
with allow_mutation_on_saved_tensors():
    a = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    b = a.clone()
    v = b[0]
    l = (v * v).sum() + (b * 2).sum()
    b[0].zero_()
    l.backward()
    print(a.grad)
''',
'amost_mutations': r'''
import torch
from torch.autograd.graph import allow_mutation_on_saved_tensors
with allow_mutation_on_saved_tensors():
    w = torch.tensor([2.0, 3.0], requires_grad=True)
    inp = torch.tensor([5.0, 7.0])
    loss = (w * inp).sum()
    inp.add_(100)
    inp[0] = -1
    loss.backward()
    print(w.grad, inp)
with allow_mutation_on_saved_tensors():
    p = torch.tensor([0.0, 1.0], requires_grad=True)
    e = p.exp()
    s = e.sum()
    e.zero_()
    s.backward()
    print(p.grad, e)
with allow_mutation_on_saved_tensors():
    q = torch.tensor([1.0, -2.0], requires_grad=True)
    r = q.clone()
    l = (r ** 3).sum()
    r.mul_(2)
    r.add_(1)
    l.backward(retain_graph=True)
    print(q.grad)
    l.backward()
    print(q.grad)
with allow_mutation_on_saved_tensors():
    a2 = torch.ones(2, 3, requires_grad=True).clone()
    out2 = (a2 ** 2).sum()
    out2.backward()
    a2.sin_()
    print(a2)
with allow_mutation_on_saved_tensors():
    m = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    n = m.clone()
    loss = (n * n).sum()
    n.data.mul_(0)
    loss.backward()
    print(m.grad)
    m.grad = None
    n = m.clone()
    loss = n.sin().sum()
    n[0] = 100.0
    loss.backward()
    print(m.grad)
with allow_mutation_on_saved_tensors():
    A = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    B = torch.tensor([[0.5, -1.0], [2.0, 1.0]], requires_grad=True)
    A1, B1 = A * 1, B * 1
    C = (A1 @ B1).sum() + (A1 / B1).sum()
    A1.zero_()
    B1.fill_(7)
    C.backward()
    print(A.grad)
    print(B.grad)
''',
'amost_no_mutation': r'''
import torch
from torch.autograd.graph import allow_mutation_on_saved_tensors
def run():
    torch.manual_seed(1)
    w = torch.randn(3, 2, requires_grad=True)
    x = torch.randn(4, 3)
    h = (x @ w).tanh()
    loss = (h * h).mean() + w.pow(3).sum()
    loss.backward()
    return round(loss.item(), 4), [round(v, 4) for v in w.grad.flatten().tolist()]
print(run())
with allow_mutation_on_saved_tensors() as ctx:
    print(run())
    print(type(ctx).__name__)
print(run())
with allow_mutation_on_saved_tensors():
    k = torch.tensor([3.0], requires_grad=True)
    (k * k).sum().backward()
    print(k.grad)
    m = torch.tensor([2.0, 5.0])
    m.add_(1)
    print(m, m._version)
''',
'amost_training': r'''
import torch
from torch.autograd.graph import allow_mutation_on_saved_tensors
with allow_mutation_on_saved_tensors():
    torch.manual_seed(0)
    lin = torch.nn.Linear(2, 1)
    xin = torch.tensor([[1.0, 2.0]], requires_grad=True)
    o = lin(xin).sum()
    with torch.no_grad():
        lin.weight.mul_(0)
    o.backward()
    print(xin.grad)
with allow_mutation_on_saved_tensors():
    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Tanh(), torch.nn.Linear(4, 1))
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    xb = torch.randn(5, 3)
    l1 = net(xb).pow(2).mean()
    l2 = net(xb).abs().mean()
    l1.backward()
    opt.step()
    opt.zero_grad()
    l2.backward()
    print([round(p.grad.sum().item(), 4) for p in net.parameters()])
torch.manual_seed(0)
net = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Tanh(), torch.nn.Linear(4, 1))
opt = torch.optim.SGD(net.parameters(), lr=0.1)
xb = torch.randn(5, 3)
l1 = net(xb).pow(2).mean()
l2 = net(xb).abs().mean()
l1.backward()
opt.step()
opt.zero_grad()
try:
    l2.backward()
except RuntimeError as e:
    print(str(e)[:120])
''',
'function_out_still_works': r'''
import torch
x = torch.tensor([0.5, -0.25, 0.75])
for fn in [torch.erf, torch.erfc, torch.erfinv, torch.i0, torch.lgamma, torch.digamma, torch.sinc, torch.logit, torch.angle]:
    o = torch.empty(3)
    r = fn(x, out=o)
    print(fn.__name__, r is o, o)
o = torch.empty(3)
print(torch.copysign(x, -1.0, out=o) is o, o)
print(torch.special.erf(x, out=o) is o, o)
d = torch.empty(3, dtype=torch.float64)
print(torch.lgamma(x, out=d), torch.erf(x, out=d))
''',
'gcd_lcm_methods': r'''
import torch
a = torch.tensor([12, -18, 0, 7])
b = torch.tensor([8, 12, 5, 0])
print(a.gcd(b), a.lcm(b), torch.gcd(a, b.int()), torch.lcm(a.short(), b.short()))
c = a.clone()
print(c.gcd_(b), c)
for x, y in [(a.float(), b), (a, b.float()), (a.bool(), b.bool())]:
    for fn in [torch.gcd, torch.lcm]:
        try:
            print(fn(x, y))
        except Exception as e:
            print(fn.__name__, type(e).__name__, e)
try:
    a.float().gcd_(b)
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.gcd(a, 3)
except Exception as e:
    print(type(e).__name__, e)
''',
'gcd_lcm_out': r'''
import torch
a = torch.tensor([1, 0, -2])
b = torch.tensor([4, 6, 8])
f = torch.tensor([1.0, 0.0, -2.0])
for fn in [torch.gcd, torch.lcm]:
    for out in [torch.empty(3), torch.empty(3, dtype=torch.int32), torch.empty(0, dtype=torch.long), torch.empty(3, dtype=torch.bool), [1, 2]]:
        try:
            r = fn(a, b, out=out)
            print(fn.__name__, r, r.dtype)
        except Exception as e:
            print(fn.__name__, type(e).__name__, e)
    for args in [(f, f), (a, f), (f, a), (a, b.int())]:
        for out in [torch.empty(3), torch.empty(3, dtype=torch.long), torch.empty(3, dtype=torch.int32), [0], None]:
            try:
                r = fn(*args, out=out)
                print(fn.__name__, r, r.dtype)
            except Exception as e:
                print(fn.__name__, type(e).__name__, e)
try:
    print(a.gcd(b, out=torch.empty(3)))
except Exception as e:
    print(type(e).__name__, e)
''',
'heaviside_out': r'''
import torch
a = torch.tensor([1, 0, -2])
b = torch.tensor([4, 6, 8])
f = torch.tensor([1.0, 0.0, -2.0])
for out in [torch.empty(3), torch.empty(3, dtype=torch.int32), torch.empty(0, dtype=torch.long), torch.empty(3, dtype=torch.bool),
            torch.empty(3, dtype=torch.int16), [1, 2], (1,)]:
    try:
        r = torch.heaviside(a, b, out=out)
        print(r, r.dtype)
    except Exception as e:
        print(type(e).__name__, e)
for args in [(f, f), (a, f), (f, a)]:
    for out in [torch.empty(3), torch.empty(3, dtype=torch.long), torch.empty(3, dtype=torch.float64), torch.empty(3, dtype=torch.complex64), None]:
        try:
            print(torch.heaviside(*args, out=out))
        except Exception as e:
            print(type(e).__name__, e)
for v in [torch.tensor(0.5), torch.tensor([0.5]).double(), torch.tensor(2)]:
    try:
        print(torch.heaviside(f, v, out=torch.empty(3)))
    except Exception as e:
        print(type(e).__name__, e)
try:
    print(f.heaviside(f, out=torch.empty(3)))
except Exception as e:
    print(type(e).__name__, e)
''',
'heaviside_values': r'''
import torch
x = torch.tensor([-1.5, 0.0, 2.0, float('nan'), -0.0, float('inf')])
print(torch.heaviside(x, torch.tensor(0.5)))
print(torch.heaviside(x, torch.tensor([7.0])))
print(x.heaviside(torch.zeros(6)))
i = torch.tensor([[-2, 0], [3, 0]])
print(torch.heaviside(i, torch.tensor([5, 9])))
o = torch.zeros(2, 2, dtype=torch.long)
print(torch.heaviside(i, torch.tensor(1), out=o), o)
y = x.clone()
print(y.heaviside_(torch.tensor(0.25)), y)
for v in [torch.tensor(1j), 0.5, torch.tensor([1.0, 2.0])]:
    try:
        print(torch.heaviside(x, v))
    except Exception as e:
        print(type(e).__name__, e)
try:
    torch.heaviside(x.to(torch.complex64), x.to(torch.complex64))
except Exception as e:
    print(type(e).__name__, e)
try:
    torch.heaviside(x, x, out=torch.zeros(6, dtype=torch.complex64))
except Exception as e:
    print(type(e).__name__, e)
''',
'logical_regular': r'''
import torch
b = torch.tensor([True, False, True])
i = torch.tensor([0, 3, -1])
f = torch.tensor([0.0, 1.5, float('nan')])
u8 = torch.tensor([0, 1, 255], dtype=torch.uint8)
for fn in [torch.logical_and, torch.logical_or, torch.logical_xor]:
    for p in [(b, b), (b, i), (i, f), (f, u8), (u8, u8)]:
        print(fn.__name__, fn(*p))
    print(fn(i, f, out=torch.empty(3, dtype=torch.int32)))
for t in [b, i, f, u8]:
    print(torch.logical_not(t), torch.logical_not(t, out=torch.empty(3, dtype=torch.int16)), t.clone().logical_not_())
try:
    torch.logical_and(b, 1)
except TypeError as e:
    print(e)
try:
    torch.logical_not(3)
except TypeError as e:
    print(e)
''',
'method_out_args': r'''
import torch
x = torch.tensor([0.5, 0.25])
o = torch.zeros(2)
m = torch.ones(2, 2)
mo = torch.empty(2, 2)
for c in ['x.logit(0.1, out=o)', 'x.logit(eps=0.1, out=o)', 'x.polygamma(1, out=o)', 'x.mvlgamma(p=1, out=o)', 'x.igamma(x, out=o)',
          'x.add(x, out=o)', 'x.add(x, alpha=2, out=o)', 'x.add(x, out=o, alpha=2)', 'x.sub(x, alpha=2, out=o)',
          'm.addmm(m, m, beta=1, out=mo)', 'm.addmm(m, m, beta=1, alpha=1, out=mo)', 'x.hypot(other=x, out=o)', 'x.mul(x, out=o)']:
    try:
        eval(c)
        print(c, 'ok')
    except TypeError as e:
        print(c, type(e).__name__, e)
print(x.logit(0.1), x.polygamma(1), x.mvlgamma(p=1) if False else x.igamma(x))
print(o)
''',
'method_out_direct': r'''
import torch
x = torch.tensor([1.5, 2.0])
o = torch.zeros(2)
tests = [lambda: x.erf(out=o), lambda: x.erfc(out=o), lambda: x.erfinv(out=o), lambda: x.i0(out=o), lambda: x.lgamma(out=o),
         lambda: x.digamma(out=o), lambda: x.sinc(out=o), lambda: x.angle(out=o), lambda: x.logit(out=o), lambda: x.copysign(x, out=o),
         lambda: x.arccosh(out=o), lambda: x.absolute(out=o), lambda: x.negative(out=o), lambda: x.fix(out=o), lambda: x.exp(out=o),
         lambda: x.logit(0.2, out=o), lambda: x.copysign(2, out=o), lambda: x.polygamma(2, out=o), lambda: x.igammac(x, out=o)]
for t in tests:
    try:
        t()
        print('ok')
    except TypeError as e:
        print(e)
f = x.erf
try:
    f(out=o)
except TypeError as e:
    print(e)
print(o, x.erf(), x.lgamma(), x.copysign(-1.0))
''',
'method_out_special': r'''
import torch
x = torch.tensor([0.5, -0.25, 0.75])
o = torch.zeros(3)
for name in ['erf', 'erfc', 'erfinv', 'i0', 'lgamma', 'digamma', 'sinc', 'logit', 'angle', 'exp', 'sigmoid']:
    try:
        print(name, getattr(x, name)(out=o))
    except TypeError as e:
        print(name, type(e).__name__, e)
for name in ['copysign', 'atan2', 'hypot', 'fmod', 'xlogy', 'heaviside', 'nextafter', 'igamma', 'igammac']:
    try:
        print(name, getattr(x, name)(x, out=o))
    except TypeError as e:
        print(name, type(e).__name__, e)
print(o)
try:
    x.erf(out=o)
except TypeError as e:
    print(e)
try:
    print(x.lgamma())
    x.digamma(out=o)
except TypeError as e:
    print(e)
try:
    x.i0(out=o)
except TypeError as e:
    print(e)
try:
    x.sinc(out=o)
except TypeError as e:
    print(e)
try:
    x.angle(out=o)
except TypeError as e:
    print(e)
try:
    x.copysign(-1.0, out=o)
except TypeError as e:
    print(e)
''',
'no_derivative_out': r'''
import torch
a = torch.tensor([5., 7.], requires_grad=True)
f = torch.tensor([1., -2.])
for c in ['torch.floor_divide(a, 2, out=torch.empty(2))', 'torch.heaviside(a, f, out=torch.empty(2))', 'torch.floor_divide(a, 2, out=torch.empty(2, requires_grad=True))',
          'torch.floor_divide(a, 2, out=torch.empty(2, dtype=torch.long))', 'torch.heaviside(f, a, out=torch.zeros(2))', 'torch.add(a, 2, out=torch.empty(2))',
          'torch.mul(f, 2, out=torch.empty(2, requires_grad=True))']:
    try:
        r = eval(c)
        print(c, r, r.requires_grad, r.is_leaf, type(r.grad_fn).__name__)
    except Exception as e:
        print(c, type(e).__name__, e)
o = torch.empty(2)
r = torch.floor_divide(a, 2, out=o)
print(r is o, o, o._version)
try:
    o.sum().backward()
except Exception as e:
    print(type(e).__name__, e)
with torch.no_grad():
    print(torch.floor_divide(a, 2, out=torch.empty(2)))
''',
'numpy_funcs_on_tensors': r'''
import numpy as np
import torch
for rg in [False, True]:
    t = torch.tensor([[1.0, 2.0], [3.0, 4.5]], requires_grad=rg)
    for name in ['median', 'average', 'nanmean', 'ptp', 'transpose', 'ravel', 'shape', 'ndim', 'sort', 'array', 'asarray',
                 'cumsum', 'round', 'square', 'exp', 'abs', 'zeros_like', 'ones_like', 'copy', 'flip', 'diff', 'isnan', 'squeeze']:
        try:
            r = getattr(np, name)(t)
            print(rg, name, type(r).__name__, r if not isinstance(r, tuple) else [type(x).__name__ for x in r])
        except Exception as e:
            print(rg, name, type(e).__name__, e)
    for name in ['dot', 'matmul', 'allclose', 'array_equal', 'maximum', 'add', 'outer']:
        try:
            r = getattr(np, name)(t, t)
            print(rg, name, type(r).__name__, r)
        except Exception as e:
            print(rg, name, type(e).__name__, e)
''',
'out_not_a_tensor': r'''
import torch
a = torch.tensor([1., 2.])
for fn in [torch.add, torch.mul, torch.atan2, torch.heaviside, torch.hypot, torch.maximum, torch.copysign, torch.logaddexp, torch.fmod, torch.gcd]:
    try:
        fn(a, a, out=[1, 2])
    except Exception as e:
        print(fn.__name__, type(e).__name__, e)
for fn in [torch.exp, torch.erf, torch.lgamma, torch.sinc, torch.i0, torch.angle, torch.logit, torch.digamma, torch.abs]:
    try:
        fn(a, out=(1,))
    except Exception as e:
        print(fn.__name__, type(e).__name__, e)
try:
    torch.erf(a, out=3)
except Exception as e:
    print(type(e).__name__, e)
''',
'tensor_attr_assign': r'''
import torch
z = torch.ones(2)
y = torch.ones(2, requires_grad=True) * 2
for attr, val in [('is_leaf', False), ('shape', (2,)), ('dtype', torch.float64), ('device', 'cpu'), ('T', z), ('_version', 3),
                  ('output_nr', 3), ('ndim', 1), ('layout', torch.strided), ('is_cuda', False)]:
    try:
        setattr(z, attr, val)
        print(attr, 'set', getattr(z, attr))
    except Exception as e:
        print(attr, type(e).__name__, e)
for c in ['setattr(z, "requires_grad", 1)', 'setattr(y, "requires_grad", False)', 'setattr(z, "data", [1, 2])', 'setattr(z, "grad", torch.ones(3))',
          'setattr(z, "grad", torch.ones(2, dtype=torch.float64))']:
    try:
        exec(c)
        print(c, 'ok')
    except Exception as e:
        print(c, type(e).__name__, e)
print(y.grad_fn.name())
''',
'uint_add_sub_mul': r'''
import torch
for dt in [torch.uint16, torch.uint32, torch.uint64]:
    x = torch.tensor([1, 2, 3], dtype=dt)
    y = torch.tensor([4, 5, 6], dtype=dt)
    for name, f in [('x + y', lambda: x + y), ('torch.add', lambda: torch.add(x, y)), ('x - y', lambda: x - y), ('x * y', lambda: x * y),
                    ('x + 1', lambda: x + 1), ('1 + x', lambda: 1 + x), ('x * 2', lambda: x * 2), ('x - 1', lambda: x - 1),
                    ('x.add(y)', lambda: x.add(y)), ('add_', lambda: x.clone().add_(y)), ('mul_', lambda: x.clone().mul_(y)), ('x / y', lambda: x / y),
                    ('x + 1.5', lambda: x + 1.5), ('x + f', lambda: x + torch.ones(3)), ('x * long', lambda: x * torch.ones(3, dtype=torch.long)),
                    ('add out', lambda: torch.add(x, y, out=torch.empty(3, dtype=dt))), ('sub alpha', lambda: torch.sub(x, y, alpha=2)),
                    ('add alpha', lambda: torch.add(x, y, alpha=2)), ('x + True', lambda: x + True), ('x + 70000', lambda: x + 70000),
                    ('x + (-1)', lambda: x + (-1)), ('x + 0', lambda: x + 0), ('0-d', lambda: x[0] + x[1]), ('x + 0-d long', lambda: x + torch.tensor(2))]:
        try:
            print(dt, name, f())
        except Exception as e:
            print(dt, name, type(e).__name__, e)
    print(x, y)
''',
'uint_logical': r'''
import torch
u = torch.tensor([0, 1, 2], dtype=torch.uint16)
b = torch.tensor([True, False, True])
f = torch.tensor([0., 1., 2.])
l = torch.tensor([0, 1, 2])
for name, fn in [('and', torch.logical_and), ('or', torch.logical_or), ('xor', torch.logical_xor)]:
    for args in [(u, u), (u, b), (b, u), (u, f), (f, u), (u, l), (u, u.to(torch.uint32)), (b, b)]:
        try:
            print(name, fn(*args))
        except Exception as e:
            print(name, type(e).__name__, e)
    try:
        print(name, fn(f, f, out=torch.empty(3, dtype=torch.uint16)))
    except Exception as e:
        print(name, type(e).__name__, e)
for t in [u, u.to(torch.uint32), u.to(torch.uint64)]:
    for c in ['torch.logical_not(t)', 'torch.logical_not(b, out=torch.empty(3, dtype=torch.uint16))', 't.clone().logical_not_()',
              't.clone().logical_and_(t)', 'torch.logical_not(b, out=torch.empty(3, dtype=torch.uint8))', 't.bool()', 't != 0']:
        try:
            print(c, eval(c))
        except Exception as e:
            print(c, type(e).__name__, e)
print(u)
''',
'uint_masked_fill': r'''
import torch
b = torch.tensor([True, False, True])
for dt in [torch.uint16, torch.uint32, torch.uint64, torch.uint8, torch.int16]:
    t = torch.tensor([0, 1, 2], dtype=dt)
    for c in ['t.masked_fill(b, 5)', 't.masked_fill(b, torch.tensor(5))', 't.clone().masked_fill_(b, 1)', 't.masked_fill(b, 2.5)',
              't.masked_fill(torch.tensor([True]), 1)', 't.masked_fill(b[:2], 1)', 't.masked_fill(b.int(), 1)', 'torch.where(b, t, t)']:
        try:
            print(dt, c, eval(c))
        except Exception as e:
            print(dt, c, type(e).__name__, e)
''',
'uint_mixed_and_inplace': r'''
import torch
u = torch.tensor([1, 2, 3], dtype=torch.uint16)
for c in ['u + torch.tensor([1, 2, 3], dtype=torch.uint8)', 'u + torch.tensor([1, 2, 3], dtype=torch.int8)', 'u + torch.tensor(2, dtype=torch.uint8)',
          'u + torch.tensor(1.5)', 'torch.add(u, 1, alpha=2)', 'torch.add(u, u, out=torch.empty(3))',
          'torch.add(u.float(), u.float(), out=torch.empty(3, dtype=torch.uint16))', 'torch.tensor(3, dtype=torch.uint32) + 4',
          'u.to(torch.uint64) + 2**63', 'u.sum()', 'u.float() + u.float()', 'torch.sub(u, 1)', '1 - u', 'u * 3', 'u // 2']:
    try:
        print(c, eval(c))
    except Exception as e:
        print(c, type(e).__name__, e)
v = u.clone()
for step in ['v += u', 'v += 1', 'v -= 1', 'v *= 2']:
    try:
        exec(step)
    except Exception as e:
        print(step, type(e).__name__, e)
    print(step, v)
''',
'uint_other_ops': r'''
import torch
u = torch.tensor([3, 1, 2], dtype=torch.uint16)
for c in ['-u', 'u.abs()', 'u // 2', 'u < 2', 'u == 2', 'u.max()', 'u.sum()', 'u.cumsum(0)', 'u.float().mean()', 'u & 1', 'u | 4',
          'u.clamp(0, 2)', 'u.sort()', 'u.sign()', 'u ** 2', 'u.to(torch.int32) + 1', 'u.double() * 2', 'torch.cat([u, u])', 'u[::2]',
          'u.view(torch.int16)', 'u.flip(0)', 'u.bitwise_not()', 'torch.maximum(u, u)']:
    try:
        print(c, eval(c))
    except Exception as e:
        print(c, type(e).__name__, e)
for c in ['torch.flip(u, [])', 'u.reshape(1, 3).flip(1)', 'torch.tensor(3, dtype=torch.uint16).flip(0)', 'u.flip(5)', 'u.reshape(1, 3).fliplr()']:
    try:
        print(c, eval(c))
    except Exception as e:
        print(c, type(e).__name__, e)
''',
'unflatten_module': r'''
import torch
import torch.nn as nn
torch.manual_seed(0)
net = nn.Sequential(nn.Linear(4, 6), nn.Unflatten(1, (2, 3)), nn.Flatten(), nn.Linear(6, 1))
print(net(torch.ones(5, 4)).shape)
for sizes in [(2, -1), (-1, 3), (3, 2), (-1, -1), (6,), (1, -1, 1), (-3, 2)]:
    try:
        print(sizes, torch.arange(12.0).reshape(2, 6).unflatten(1, sizes).shape)
    except Exception as e:
        print(sizes, type(e).__name__, str(e).splitlines()[:2])
    try:
        print(sizes, torch.arange(12.0).reshape(2, 6).unflatten(-1, sizes).shape)
    except Exception as e:
        print(sizes, type(e).__name__, str(e).splitlines()[:2])
for args in [(2, (1, 2)), (-3, (1,)), (0, [])]:
    try:
        print(torch.ones(2, 3).unflatten(*args).shape)
    except Exception as e:
        print(args, type(e).__name__, str(e).splitlines()[:2])
''',
'unflatten_sizes': r'''
import torch
import torch.nn as nn
for args in [(1, (-1, -1)), (1, (2, -1)), (1, (-1, 3)), (1, (4, -1)), (1, (2, 2)), (1, (0, -1)), (-1, (-1, 1, -1)), (1, [3, 1]), (1, ()), (1, (3,)),
             (1, (-2, 3)), (1, (3, -2)), (1, (-1, -2)), (0, (-1, -1)), (1, (-1, 1, 1))]:
    try:
        m = nn.Unflatten(*args)
        print(m, m(torch.ones(2, 3)).shape)
    except Exception as e:
        print(args, type(e).__name__, str(e).splitlines()[:2])
    try:
        print(torch.ones(2, 3).unflatten(*args).shape)
    except Exception as e:
        print(args, type(e).__name__, str(e).splitlines()[:2])
''',
'zero_fill_args': r'''
import torch
x = torch.ones(2, 3)
for c in ['x.zero_(1)', 'x.zero_(value=1)', 'x.zero_(None)', 'x.fill_()', 'x.fill_(1, 2)', 'x.zero_()', 'torch.zero_(x)', 'x.fill_(value=2)',
          'x.fill_(torch.tensor([1.0, 2.0]))', 'x.exp(1)', 'x.neg(out=x)']:
    try:
        print(c, eval(c))
    except Exception as e:
        print(c, type(e).__name__, e)
f = x.zero_
try:
    f(3)
except TypeError as e:
    print(e)
w = torch.ones(2, requires_grad=True)
try:
    w.zero_()
except RuntimeError as e:
    print(e)
y = w * 2
print(y.zero_(), y.grad_fn.name())
''',
'uint_logical_zero_dim': r'''
import torch
u = torch.tensor([0, 1, 2], dtype=torch.uint16)
for c in ['torch.logical_and(u, torch.tensor(1.5))', 'torch.logical_or(torch.tensor(0.0), u)', 'torch.logical_xor(u, torch.tensor(True))', 'torch.logical_and(u[0], u)',
          'torch.logical_and(u, torch.tensor(3))']:
    try:
        print(c, eval(c))
    except Exception as e:
        print(c, type(e).__name__, e)
''',
'flip_empty_dims': r'''
import torch
x = torch.arange(6.).reshape(2, 3)
u = torch.tensor([3, 1, 2], dtype=torch.uint16)
for c in ['x.flip(())', 'x.flip([])', 'x.flip()', 'x.flip(0)', 'x.flip(0, 1)', 'x.flip((1,))', 'x.flip(dims=())', 'u.flip(())', 'u.flip([])', 'torch.flip(x, ())', 'x.flip(True)', 'x.flip("a")']:
    try:
        print(c, eval(c))
    except Exception as e:
        print(c, type(e).__name__, e)
''',
}

ember_outputs, torch_outputs, test_program_matches_pytorch = program_tests(PROGRAMS)


def test_extension_method_refuses_out():
    x = ember.tensor([0.5, 0.25])
    o = ember.zeros(2)
    raises_exactly(lambda: x.erf(out=o), TypeError, "TensorBase.erf() takes no keyword arguments")
    raises_exactly(lambda: x.lgamma(out=o), TypeError, "TensorBase.lgamma() takes no keyword arguments")
    raises_exactly(lambda: x.i0(out=o), TypeError, "TensorBase.i0() takes no keyword arguments")
    f = x.sinc
    raises_exactly(lambda: f(out=o), TypeError, "Tensor.sinc() takes no keyword arguments")
    raises_exactly(lambda: x.logit(0.1, out=o), TypeError, "logit() got an unexpected keyword argument 'out'")
    raises_exactly(lambda: x.logit(eps=0.1, out=o), TypeError, "logit() got an unexpected keyword argument 'out'")
    raises_exactly(lambda: x.polygamma(1, out=o), TypeError, "polygamma() got an unexpected keyword argument 'out'")
    raises_exactly(lambda: x.copysign(x, out=o), TypeError,
                   "copysign() received an invalid combination of arguments - got (Tensor, out=Tensor), but expected "
                   "one of:\n * (Tensor other)\n * (Number other)\n")
    assert o.tolist() == [0.0, 0.0]
    assert ember.erf(x, out=o) is o and o.tolist() == x.erf().tolist()
    assert ember.logit(x, out=o) is o and o.tolist() == x.logit().tolist()


def test_unrecognized_keywords_need_a_hidden_overload():
    x = ember.tensor([0.5, 0.25])
    o = ember.zeros(2)
    raises_exactly(lambda: x.add(x, alpha=2, out=o), TypeError,
                   "add() received an invalid combination of arguments - got unrecognized keyword arguments: out, alpha")
    raises_exactly(lambda: x.add(x, out=o), TypeError, "add() got an unexpected keyword argument 'out'")
    m = ember.ones(2, 2)
    raises_exactly(lambda: m.addmm(m, m, beta=1, out=m), TypeError, "addmm() got an unexpected keyword argument 'out'")


def test_out_not_a_tensor_names_the_op():
    a = ember.tensor([1.0, 2.0])
    raises_exactly(lambda: ember.add(a, a, out=[1]), TypeError, "add(): argument 'out' must be Tensor, not list")
    raises_exactly(lambda: ember.erf(a, out=(1,)), TypeError, "erf(): argument 'out' must be Tensor, not tuple")
    raises_exactly(lambda: ember.gcd(a, a, out=[1]), TypeError, "gcd(): argument 'out' must be Tensor, not list")
    raises_exactly(lambda: ember.heaviside(a, a.long(), out=[1]), TypeError,
                   "heaviside(): argument 'out' must be Tensor, not list")
    with pytest.raises(TypeError, match=r"^fmod\(\) received an invalid combination of arguments - got \(Tensor, "
                                        r"Tensor, out=list\)"):
        ember.fmod(a, a, out=[1])


def test_gcd_checks_out_before_its_kernel():
    f = ember.tensor([4.0, 6.0])
    raises_exactly(lambda: ember.gcd(f, f, out=ember.zeros(2, dtype=ember.long)), RuntimeError,
                   "result type Float can't be cast to the desired output type Long")
    raises_exactly(lambda: ember.lcm(f, f, out=ember.zeros(2)), NotImplementedError,
                   '"lcm_cpu" not implemented for \'Float\'')
    i = ember.tensor([4, 6])
    assert ember.gcd(i, ember.tensor([6, 4]), out=ember.zeros(2)).tolist() == [2.0, 2.0]


def test_heaviside_checks_out_dtype():
    a = ember.tensor([1, 0, -2])
    b = ember.tensor([4, 6, 8])
    msg = "heaviside is not yet implemented for tensors with different dtypes."
    raises_exactly(lambda: ember.heaviside(a, b, out=ember.zeros(3)), RuntimeError, msg)
    raises_exactly(lambda: ember.heaviside(a, b, out=ember.zeros(3, dtype=ember.int32)), RuntimeError, msg)
    raises_exactly(lambda: ember.heaviside(a.float(), b.float(), out=ember.zeros(3, dtype=ember.complex64)),
                   RuntimeError, "heaviside is not yet implemented for complex tensors.")
    o = ember.zeros(0, dtype=ember.long)
    assert ember.heaviside(a, b, out=o) is o and o.tolist() == [1, 6, 0]


@pytest.mark.parametrize("dt, word", [(ember.uint16, "UInt16"), (ember.uint32, "UInt32"), (ember.uint64, "UInt64")])
def test_bare_uint_has_no_add_kernel(dt, word):
    x = ember.tensor([1, 2, 3], dtype=dt)
    msg = f'"add_stub" not implemented for \'{word}\''
    for f in (lambda: x + x, lambda: x + 1, lambda: 1 + x, lambda: x + 70000, lambda: x + (-1), lambda: x.add(x),
              lambda: ember.add(x, x, alpha=2), lambda: x + ember.tensor(2, dtype=ember.uint8)):
        raises_exactly(f, NotImplementedError, msg)
    raises_exactly(lambda: x.add_(x), NotImplementedError, msg)
    assert x.tolist() == [1, 2, 3]
    assert (x * x).tolist() == [1, 4, 9] and (x + 1.5).tolist() == [2.5, 3.5, 4.5]
    assert (x.float() + x.float()).tolist() == [2.0, 4.0, 6.0]


def test_bare_uint_logical_masked_fill_flip():
    u = ember.tensor([0, 1, 2], dtype=ember.uint16)
    b = ember.tensor([True, False, True])
    raises_exactly(lambda: ember.logical_and(u, u), NotImplementedError,
                   '"logical_and_cpu" not implemented for \'UInt16\'')
    raises_exactly(lambda: ember.logical_or(u, b), RuntimeError,
                   "Promotion for uint16, uint32, uint64 types is not supported, attempted to promote UInt16 and Bool")
    assert ember.logical_xor(u, ember.tensor([0.0, 0.0, 1.0])).tolist() == [False, True, False]
    raises_exactly(lambda: ember.logical_not(u), NotImplementedError,
                   '"logical_not_cpu" not implemented for \'UInt16\'')
    raises_exactly(lambda: ember.logical_not(b, out=ember.zeros(3, dtype=ember.uint32)), NotImplementedError,
                   '"logical_not_cpu" not implemented for \'UInt32\'')
    raises_exactly(lambda: u.masked_fill(b, 5), NotImplementedError, '"masked_fill" not implemented for \'UInt16\'')
    raises_exactly(lambda: u.masked_fill(b[:2], 5), RuntimeError,
                   "The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0")
    raises_exactly(lambda: u.flip(0), NotImplementedError, '"flip_cpu" not implemented for \'UInt16\'')
    assert ember.flip(u, []).tolist() == [0, 1, 2] and u.flip(()).tolist() == [0, 1, 2]
    raises_exactly(lambda: u.flip(), TypeError, 'flip() missing 1 required positional arguments: "dims"')


def test_zero_takes_no_arguments():
    x = ember.ones(2)
    raises_exactly(lambda: x.zero_(1), TypeError, "TensorBase.zero_() takes no arguments (1 given)")
    raises_exactly(lambda: x.zero_(value=1), TypeError, "TensorBase.zero_() takes no keyword arguments")
    assert x.tolist() == [1.0, 1.0] and x.zero_() is x and x.tolist() == [0.0, 0.0]


def test_unflatten_size_errors():
    x = ember.ones(2, 3)
    raises_exactly(lambda: x.unflatten(1, (-1, -1)), RuntimeError,
                   "unflatten got an unexpected error:\nonly one dimension can be inferred")
    raises_exactly(lambda: x.unflatten(1, (3, -2)), RuntimeError,
                   "unflatten got an unexpected error:\ninvalid shape dimension -2 at index 1 of shape [3, -2]")
    raises_exactly(lambda: x.unflatten(1, ()), RuntimeError, "unflatten: sizes must be non-empty")
    raises_exactly(lambda: nn.Unflatten(1, (2, -1))(x), RuntimeError,
                   "unflatten: Provided sizes [2, -1] don't multiply up to the size of dim 1 (3) in the input tensor")
    assert x.unflatten(1, (-1, 3)).shape == (2, 1, 3)


def test_nn_utils_does_not_load_prune():
    import ember.nn.utils as U
    raises_exactly(lambda: U.__getattr__("prune"), AttributeError, "module 'torch.nn.utils' has no attribute 'prune'")
    assert U.__getattr__("rnn").__name__.endswith("nn.utils.rnn")


def test_out_of_op_without_derivative_takes_its_node():
    a = ember.tensor([5.0, 7.0], requires_grad=True)
    o = ember.zeros(2)
    assert ember.floor_divide(a, 2, out=o) is o
    assert o.tolist() == [2.0, 3.0] and o.requires_grad and not o.is_leaf and type(o.grad_fn).__name__ == "NotImplemented"
    raises_exactly(lambda: ember.floor_divide(a, 2, out=ember.zeros(2, requires_grad=True)), RuntimeError,
                   "aten::floor_divide(): functions with out=... arguments don't support automatic differentiation, "
                   "but one of the arguments requires grad.")
    raises_exactly(lambda: ember.add(a, 2, out=ember.zeros(2)), RuntimeError,
                   "add(): functions with out=... arguments don't support automatic differentiation, but one of the "
                   "arguments requires grad.")


def test_allow_mutation_on_saved_tensors():
    from ember.autograd.graph import allow_mutation_on_saved_tensors
    with allow_mutation_on_saved_tensors() as ctx:
        a = ember.ones(2, 3, requires_grad=True)
        b = a.clone()
        out = (b ** 2).sum()
        b.sin_()
        out.backward()
        np.testing.assert_array_equal(a.grad.numpy(), np.full((2, 3), 2.0, np.float32))
        assert type(ctx).__name__ == "_AllowMutationOnSavedContext" and len(ctx.cloned) == 1
    assert len(ctx.cloned) == 0 and len(ctx.original) == 0
    with allow_mutation_on_saved_tensors():
        w = ember.tensor([2.0, 3.0], requires_grad=True)
        x = ember.tensor([5.0, 7.0])
        loss = (w * x).sum()
        x.data.mul_(0)  # (a ``.data`` write keeps the version: caught by its values)
        loss.backward()
        assert w.grad.tolist() == [5.0, 7.0]
    with allow_mutation_on_saved_tensors():
        y = ember.tensor([1.0, 2.0], requires_grad=True) * 3
        z = (y ** 3).sum()
        y.mul_(10)
    raises_exactly(lambda: z.backward(), AssertionError,
                   "Trying to backward outside of the 'allow_mutation_on_saved_tensors' contextin which the graph was "
                   "originally recorded.")

    def nested():
        with allow_mutation_on_saved_tensors():
            with allow_mutation_on_saved_tensors():
                pass
    raises_exactly(nested, RuntimeError, "allow_mutation_on_saved_tensors contexts cannot be nested")


def test_allow_mutation_keeps_saved_history():
    from ember.autograd.graph import allow_mutation_on_saved_tensors
    with allow_mutation_on_saved_tensors():
        x = ember.tensor([1.0, 2.0], requires_grad=True)
        h = x * 3
        y = (h ** 3).sum()
        h.mul_(0)
        saved = y.grad_fn.next_functions[0][0]._saved_self
        assert saved.tolist() == [3.0, 6.0] and type(saved.grad_fn).__name__ == "MulBackward0"
        (g,) = ember.autograd.grad(y, x, create_graph=True)
        assert g.tolist() == [81.0, 324.0]
        g.sum().backward()
        assert x.grad.tolist() == [162.0, 324.0]
