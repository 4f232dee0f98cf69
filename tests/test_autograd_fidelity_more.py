"""Autograd fidelity, second round: node hooks, ``.data``, custom Function outputs, saved-tensor
hooks, ``retain_grad`` across in-place ops, AccumulateGrad hooks, inference tensors and
``autograd.grad``'s ``grad_outputs`` (dtype, ``is_grads_batched``), against PyTorch 2.13.

Each case runs a snippet with ``torch`` bound to ember and compares its stdout with the golden
output recorded from PyTorch 2.13 (CPU); when torch is importable the snippet also runs on it,
so a stale golden shows up.  The structural tests below need no PyTorch: they pin down that the
new features cost the hot paths nothing when unused.
"""
from __future__ import annotations

import contextlib
import gc
import io
import threading
import warnings
import weakref

import pytest

import ember

CASES = {
    'node_post_hook_results': '\nx = torch.tensor([1., 2.], requires_grad=True)\nc = torch.tensor([1., 2.])\ndef run(pre=None, post=None, f=lambda: x.sin()):\n    y = f()\n    if pre:\n        y.grad_fn.register_prehook(pre)\n    if post:\n        y.grad_fn.register_hook(post)\n    x.grad = None\n    y.sum().backward()\n    return x.grad\nclass Obj:\n    def __call__(self, gi, go):\n        return (torch.ones(3),)\ndef p1(gi, go):\n    print("p1", gi)\n    return (gi[0] * 2,)\ndef p2(gi, go):\n    print("p2", gi)\n    return (gi[0] + 1,)\ndef q1(go):\n    print("q1", go)\n    return (go[0] * 2,)\nfor name, kw in [\n        ("post", dict(post=lambda gi, go: (torch.full_like(gi[0], 5.),))),\n        ("pre", dict(pre=lambda go: (go[0] * 10,))),\n        ("post none", dict(post=lambda gi, go: print("seen", gi, go))),\n        ("post list", dict(post=lambda gi, go: [gi[0]])),\n        ("post tensor", dict(post=lambda gi, go: gi[0])),\n        ("post count", dict(post=lambda gi, go: (gi[0], gi[0]))),\n        ("post shape", dict(post=lambda gi, go: (torch.ones(3),))),\n        ("post obj", dict(post=Obj())),\n        ("post dtype", dict(post=lambda gi, go: (torch.ones(2, dtype=torch.float64),))),\n        ("post int", dict(post=lambda gi, go: (5,))),\n        ("post None entry", dict(post=lambda gi, go: (None,))),\n        ("replace None", dict(post=lambda gi, go: (torch.ones(2), torch.ones(2)), f=lambda: x * c)),\n        ("mul one side", dict(post=lambda gi, go: (gi[0] * 100, None), f=lambda: x * c)),\n        ("pre list", dict(pre=lambda go: [go[0]])),\n        ("pre int", dict(pre=lambda go: 5)),\n        ("pre count", dict(pre=lambda go: (go[0], go[0]))),\n        ("pre shape", dict(pre=lambda go: (torch.ones(3),))),\n        ("pre dtype", dict(pre=lambda go: (torch.ones(2, dtype=torch.int64),))),\n        ("pre None", dict(pre=lambda go: (None,))),\n        ("post broadcast", dict(post=lambda gi, go: print([tuple(g.shape) for g in gi]),\n                                f=lambda: x * torch.tensor(3., requires_grad=True))),\n        ("post sees pre", dict(pre=q1, post=lambda gi, go: print("go", go))),\n]:\n    try:\n        print(name, run(**kw))\n    except Exception as e:\n        print(name, type(e).__name__, e)\ny = x.sin()\ny.grad_fn.register_hook(p1)\ny.grad_fn.register_hook(p2)\nx.grad = None\ny.sum().backward()\nprint(x.grad)\ns = torch.tensor(2.0, requires_grad=True)\ny = s.sin()\ny.grad_fn.register_hook(lambda gi, go: (gi[0] * 0 + 7,))\n(y * 2).backward()\nprint(s.grad)\ny = x.sin()\ny.grad_fn.register_hook(lambda gi, go: (torch.full_like(gi[0], 5.),))\nprint(torch.autograd.grad(y.sum(), x))\ny = x.sin()\ny.grad_fn.register_hook(lambda gi, go: (gi[0] * 2,))\ng, = torch.autograd.grad(y.sum(), x, create_graph=True)\nprint(g)\nu = x.unbind(0)\nu[0].grad_fn.register_prehook(lambda go: print("unbind pre", go))\nu[0].grad_fn.register_hook(lambda gi, go: print("unbind post", gi, go))\nx.grad = None\n(u[0] * 2).backward()\nprint(x.grad)\n',
    'data_version_counter': '\na = torch.tensor([1., 2.], requires_grad=True)\ne = a.exp()\ne.data.add_(1)\ne.sum().backward()\nprint(a.grad, e._version)\ns = torch.tensor(1., requires_grad=True)\ne = s.exp()\ne.data.add_(1)\ne.backward()\nprint(s.grad)\na = torch.tensor([1., 2.], requires_grad=True)\ne = a.exp()\nd = e.data\nd.mul_(2)\nprint(d._version, e._version)\ne.detach().add_(1)\nprint(d._version, e._version)\ntry:\n    e.sum().backward()\nexcept RuntimeError as ex:\n    print(str(ex)[:90])\na = torch.tensor([1., 2.], requires_grad=True)\ns = a.sin()\na.data.mul_(2)\ns.sum().backward()\nprint(a.grad, a._version)\na.data[0] = 5\nprint(a, a._version, a.data.requires_grad, a.data.is_leaf)\nx = torch.tensor([1., 2.], requires_grad=True)\nfor v in [torch.tensor([1, 2]), [1., 2.]]:\n    try:\n        x.data = v\n    except Exception as ex:\n        print(type(ex).__name__, ex)\nx.sum().backward()\nident = id(x)\nx.data = torch.tensor([5., 6., 7.], dtype=torch.float64)\nprint(id(x) == ident, x, x.grad, x._version, x.is_leaf)\ny = torch.tensor([1., 2.])\nz = torch.tensor([0., 0.])\nz.data = y\ny.add_(1)\nprint(z, z._version, y._version)\nb = torch.tensor([1., 2.], requires_grad=True) * 2\nb.data = torch.tensor([10., 20.])\nprint(b)\n',
    'custom_function_outputs_and_grads': '\nFunction = torch.autograd.Function\nclass F(Function):\n    @staticmethod\n    def forward(ctx, x):\n        return x * 2, (x > 0).long(), x.argmax(), x > 0\n    @staticmethod\n    def backward(ctx, g, gi, ga, gb):\n        print("bw", g, gi, ga, gb)\n        return g * 2\nx = torch.tensor([1., -2.], requires_grad=True)\ny, i, a, b = F.apply(x)\nprint(y, i, a, b, i.requires_grad, i.grad_fn, a.is_leaf, b.requires_grad)\ny.sum().backward()\nprint(x.grad)\nclass G(Function):\n    @staticmethod\n    def forward(ctx, x):\n        return x * 2, x * 3\n    @staticmethod\n    def backward(ctx, g1, g2):\n        print("bw", g1, g2)\n        return g1 if g2 is None else g1 + g2\nclass G2(G):\n    @staticmethod\n    def forward(ctx, x):\n        ctx.set_materialize_grads(False)\n        return x * 2, x * 3\nfor cls in (G, G2):\n    x.grad = None\n    p, q = cls.apply(x)\n    p.sum().backward()\n    print(x.grad)\nclass H(Function):\n    @staticmethod\n    def forward(ctx, x):\n        return x * 2, 5, "s", None\n    @staticmethod\n    def backward(ctx, g, g2, g3, g4):\n        print("bw", g, g2, g3, g4)\n        return g\nr = H.apply(x)\nprint(r)\nr[0].sum().backward()\nclass D(Function):\n    @staticmethod\n    def forward(ctx, x):\n        ctx.mark_dirty(x)\n        return x.mul_(2)\n    @staticmethod\n    def backward(ctx, g):\n        return g * 2\nleaf = torch.tensor([1., -2.], requires_grad=True)\ntry:\n    D.apply(leaf)\nexcept RuntimeError as e:\n    print(e)\nprint(leaf, leaf.is_leaf)\nz = D.apply(leaf.clone())\nz.sum().backward()\nprint(z, leaf.grad)\ndef grads(*res):\n    class N(Function):\n        @staticmethod\n        def forward(ctx, x, k):\n            return x * 2\n        @staticmethod\n        def backward(ctx, g):\n            return (g * 2,) + res\n    return N\nfor k, res in [(3, (torch.ones(1),)), (3, (7,)), (torch.ones(2), ("abc",)), (3, (None,)),\n               (torch.tensor([1, 1]), (torch.ones(2),)), (torch.ones(2), (torch.ones(2),))]:\n    x = torch.tensor([1., -2.], requires_grad=True)\n    try:\n        grads(*res).apply(x, k).sum().backward()\n        print(x.grad)\n    except Exception as e:\n        print(type(e).__name__, e)\nclass M(Function):\n    @staticmethod\n    def forward(ctx, x, i):\n        ctx.mark_non_differentiable(x)\n        return x, x * 2, i\n    @staticmethod\n    def backward(ctx, g, g2, gi):\n        print("bw", g, g2, gi)\n        return g2 * 2, None\nx = torch.tensor([1., -2.], requires_grad=True)\nii = torch.tensor([1, 2])\na, b, o = M.apply(x, ii)\nprint(a is x, a.requires_grad, a.grad_fn, o is ii, o.requires_grad, o.grad_fn)\nb.sum().backward()\nprint(x.grad)\n',
    'saved_tensors_hooks_counts': '\ngraph = torch.autograd.graph\nlog = []\nlog_fn = True\ndef pack(t):\n    fn = t.grad_fn.name() if t.grad_fn is not None and log_fn else None\n    log.append(("pack", tuple(t.shape), t.requires_grad, fn))\n    return ("P", t)\ndef unpack(p):\n    log.append("unpack")\n    return p[1]\nx = torch.tensor([1., 2.], requires_grad=True)\nclass Sq(torch.autograd.Function):\n    @staticmethod\n    def forward(ctx, a):\n        ctx.save_for_backward(a)\n        return a * a\n    @staticmethod\n    def backward(ctx, g):\n        (a,) = ctx.saved_tensors\n        return 2 * a * g\ndef run(name, f):\n    log.clear()\n    with graph.saved_tensors_hooks(pack, unpack):\n        y = f()\n    n = len(log)\n    (y.sum() if y.dim() else y).backward()\n    print(name, n, len(log) - n, log[:n], x.grad)\n    x.grad = None\nrun("x*x", lambda: x * x)\nrun("x*2", lambda: x * 2)\nrun("pow2", lambda: x.pow(2))\nrun("pow3", lambda: x ** 3)\nrun("exp", lambda: torch.exp(x))\nrun("sin", lambda: x.sin())\nrun("tanh", lambda: x.tanh())\nrun("sigmoid", lambda: x.sigmoid())\nrun("relu", lambda: x.relu())\nrun("log", lambda: x.log())\nrun("sqrt", lambda: x.sqrt())\nrun("add", lambda: x + x)\nrun("sum", lambda: x.sum())\nrun("mean", lambda: x.mean())\nrun("neg", lambda: -x)\nrun("mm", lambda: x.view(1, 2) @ x.view(2, 1))\nrun("div", lambda: x / (x + 1))\nrun("mul const", lambda: x * torch.tensor([3., 4.]))\nrun("pow tensor", lambda: x ** torch.tensor(2.))\nrun("abs", lambda: x.abs())\nrun("clamp", lambda: x.clamp(0, 1.5))\nrun("custom", lambda: Sq.apply(x))\nlog_fn = False  # in-place: PyTorch packs its clone of self (CloneBackward0); ember a copy that keeps self\'s grad_fn\nrun("sin_", lambda: (x * 1).sin_())\nrun("pow_", lambda: (x * 1).pow_(2))\nrun("mul_", lambda: (x * 1).mul_(x))\nrun("relu_", lambda: (x * 1).relu_())\nlog_fn = True\nwith graph.saved_tensors_hooks(pack, unpack):\n    y = x.sin()\nlog.clear()\nprint(y.grad_fn._saved_self, log)\nlog.clear()\nwith graph.saved_tensors_hooks(pack, unpack):\n    y = x.sin()\ny.sum().backward(retain_graph=True)\ny.sum().backward()\nprint(len(log))\nlog.clear()\nwith graph.saved_tensors_hooks(pack, unpack):\n    with torch.no_grad():\n        y = x.sin()\n    y = torch.tensor([1., 2.]).sin()\nprint(len(log))\ncnt = [0, 0]\ndef cpack(t):\n    cnt[0] += 1\n    return t\ndef cunpack(t):\n    cnt[1] += 1\n    return t\nwith graph.saved_tensors_hooks(cpack, cunpack):\n    y = x.sin()\n    g, = torch.autograd.grad(y.sum(), x, create_graph=True)\nprint(cnt, g)\nwith graph.saved_tensors_hooks(lambda t: t, lambda t: t * 0 + 10):\n    y = x * x\ny.sum().backward()\nprint(x.grad)\nx.grad = None\nwith graph.saved_tensors_hooks(lambda t: ("outer", t), lambda p: p[1]):\n    with graph.saved_tensors_hooks(lambda t: ("inner", t), lambda p: (print("inner unpack"), p[1])[1]):\n        y = x * 3\n        z = x.sin()\n    w = x.cos()\ny.sum().backward()\nz.sum().backward()\nw.sum().backward()\nprint(x.grad)\n',
    'saved_tensors_hooks_misuse': '\ngraph = torch.autograd.graph\nx = torch.tensor([1., 2.], requires_grad=True)\nfor unpack in [lambda p: 5, lambda p: "s"]:\n    with graph.saved_tensors_hooks(lambda t: 1, unpack):\n        y = x * x\n    try:\n        y.sum().backward()\n    except Exception as e:\n        print(type(e).__name__, e)\ndef bad(t):\n    raise ValueError("boom")\ntry:\n    with graph.saved_tensors_hooks(bad, lambda p: p):\n        y = x * x\nexcept ValueError as e:\n    print(type(e).__name__, e)\nwith graph.disable_saved_tensors_hooks("hooks are off"):\n    try:\n        with graph.saved_tensors_hooks(lambda t: t, lambda t: t):\n            pass\n    except RuntimeError as e:\n        print(type(e).__name__, e)\n    try:\n        with graph.save_on_cpu():\n            pass\n    except RuntimeError as e:\n        print(type(e).__name__, e)\n    y = x * x\n    y.sum().backward()\nwith graph.saved_tensors_hooks(lambda t: t, lambda t: t):\n    try:\n        with graph.disable_saved_tensors_hooks("not now"):\n            pass\n    except RuntimeError as e:\n        print(type(e).__name__, e)\n    y = x * x\ny.sum().backward()\nprint(x.grad)\nx.grad = None\nwith graph.save_on_cpu():\n    y = x * x\ny.sum().backward()\nwith graph.save_on_cpu(pin_memory=True):\n    y = x.exp()\ny.sum().backward()\nprint(x.grad)\nwith graph.saved_tensors_hooks(lambda t: t, lambda p: p):\n    a = x * 1\n    y = a.sin()\na.mul_(2)\ny.sum().backward()\nprint(x.grad)\nprint(graph.saved_tensors_hooks.__mro__[0].__name__, graph.save_on_cpu.__mro__[1].__name__)\nwith graph.saved_tensors_hooks(lambda t: t, lambda p: p):\n    y = x.sin()\ny.sum().backward()\ntry:\n    y.grad_fn._saved_self\nexcept RuntimeError as e:\n    print(str(e)[:60])\n',
    'retain_grad_follows_inplace': '\nx = torch.tensor([1., 2.], requires_grad=True)\ny = x * 1\ny.retain_grad()\ny.mul_(3)\n(y * 2).sum().backward()\nprint(y.grad, x.grad)\nx.grad = None\ny = x * 1\ny.retain_grad()\ny.mul_(3)\ny.add_(1)\n(y * 2).sum().backward()\nprint(y.grad, x.grad)\nx.grad = None\ny = x * 1\ny.mul_(3)\ny.retain_grad()\n(y * 2).sum().backward()\nprint(y.grad, x.grad)\nx.grad = None\ny = x * 1\ny.register_hook(lambda g: print("hook", g))\ny.mul_(3)\n(y * 2).sum().backward()\nprint(x.grad)\nx.grad = None\ny = x * 1\nv = y[:1]\nv.retain_grad()\nv.mul_(3)\n(y * 2).sum().backward()\nprint(v.grad, x.grad)\nx.grad = None\ny = x * 1\ny.retain_grad()\nv = y[:1]\nv.mul_(3)\n(y * 2).sum().backward()\nprint(y.grad, x.grad)\nx.grad = None\ny = x * 1\ny.retain_grad()\n(y * 2 + y * 3).sum().backward()\nprint(y.grad)\ns = torch.tensor(2., requires_grad=True)\nt = s * 1\nt.retain_grad()\nt.mul_(3)\nt.backward()\nprint(t.grad, s.grad)\n',
    'accumulate_grad_node_hooks': '\nx = torch.tensor([1., 2.], requires_grad=True)\nacc = x.expand_as(x).grad_fn.next_functions[0][0]\nprint(acc.name(), acc.variable is x, x.expand_as(x).grad_fn.next_functions[0][0] is acc)\nacc.register_prehook(lambda go: print("pre", go))\nacc.register_hook(lambda gi, go: print("post", gi, go))\nx.register_hook(lambda g: print("tensor hook", g))\nx.register_post_accumulate_grad_hook(lambda t: print("post acc", t.grad))\n(x * 2).sum().backward()\nprint(x.grad)\nprint(torch.autograd.grad((x * 2).sum(), x))\nz = torch.tensor([1., 2.], requires_grad=True)\n(x * z).sum().backward(inputs=[z])\nprint(x.grad, z.grad)\nx = torch.tensor([1., 2.], requires_grad=True)\nacc = x.expand_as(x).grad_fn.next_functions[0][0]\nh = acc.register_prehook(lambda go: (go[0] * 10,))\n(x * 2).sum().backward()\nprint(x.grad)\nh.remove()\nx.grad = None\n(x * 2).sum().backward()\nprint(x.grad)\nacc.register_hook(lambda gi, go: (go[0] * 5,))\ntry:\n    (x * 2).sum().backward()\nexcept RuntimeError as e:\n    print(e)\ns = torch.tensor(1., requires_grad=True)\nacc = s.expand_as(s).grad_fn.next_functions[0][0]\nacc.register_prehook(lambda go: print("pre3", go))\nacc.register_hook(lambda gi, go: print("post3", gi, go))\n(s * 2).backward()\nprint(s.grad)\n',
    'inference_tensors': '\ndef tryit(name, f):\n    try:\n        print(name, "ok", f())\n    except Exception as e:\n        print(name, type(e).__name__, e)\nn = torch.ones(2)\nx = torch.ones(2, requires_grad=True)\nwith torch.inference_mode():\n    t = torch.ones(2)\n    u = t * 2\n    w = torch.ones(2, requires_grad=True)\n    print(t.is_inference(), u.is_inference(), t.view(2).is_inference(), w.requires_grad, w.is_inference())\n    print(n.is_inference(), n.data.is_inference(), n.detach().is_inference(), (n + 0).is_inference())\n    print((x * 2).is_inference(), (x * 2).requires_grad, torch.nn.Parameter(torch.ones(1)).is_inference())\n    tryit("rg inside", lambda: torch.ones(2).requires_grad_(True))\n    tryit("inplace inside", lambda: u.add_(1))\n    tryit("normal inplace inside", lambda: n.add_(1))\nprint(n, n._version, n.is_inference(), torch.is_inference(t))\ntryit("requires_grad_", lambda: t.requires_grad_(True))\ntryit("requires_grad =", lambda: setattr(t, "requires_grad", True))\ntryit("requires_grad_(False)", lambda: t.requires_grad_(False))\n# (ember raises these after the write: the values are not printed)\ntryit("add_", lambda: t.add_(1) is None)\ntryit("setitem", lambda: t.__setitem__(0, 5.))\ntryit("zero_", lambda: t.zero_() is None)\ntryit("copy_", lambda: t.copy_(n) is None)\ntryit("view add_", lambda: t.view(2).add_(1) is None)\ntryit("out=", lambda: torch.add(n, n, out=t) is None)\nwith torch.no_grad():\n    tryit("no_grad mul_", lambda: t.mul_(2) is None)\nwith torch.inference_mode():\n    t.fill_(1.)\ntryit("mul saves", lambda: x * t)\ntryit("mm saves", lambda: (x.view(1, 2) @ t.view(2, 1)).sum().backward())\ntryit("add no save", lambda: (x + t).sum().backward())\ntryit("clone", lambda: (x * t.clone()).sum().backward())\ntryit("w", lambda: ((w * 2).sum().backward(), w.grad))\ntryit("version", lambda: t._version)\ntryit("detach", lambda: (t.detach().is_inference(), t.detach()._version, t.detach().add_(1)))\ntryit("data", lambda: (t.data.is_inference(), t.data.add_(1)))\ntryit("data rg", lambda: t.data.requires_grad_())\ntryit("t", lambda: t)\n@torch.inference_mode()\ndef f(a):\n    return a * 2\n@torch.inference_mode\ndef g(a):\n    return a * 2\nprint(f(x).is_inference(), g(x).is_inference(), f(x).requires_grad)\nwith torch.inference_mode():\n    with torch.inference_mode(False):\n        q = torch.ones(2)\n        print(q.is_inference(), torch.is_grad_enabled(), (q * t).is_inference())\nprint(torch.ones(1).is_inference())\n',
    'grad_outputs_dtype_and_batched': '\ndef tryit(name, f):\n    try:\n        print(name, "ok", f())\n    except Exception as e:\n        print(name, type(e).__name__, e)\nx = torch.tensor([1., 2.], requires_grad=True)\ny = x * 3\ntryit("int go", lambda: torch.autograd.grad(y, x, torch.tensor([1, 2]), retain_graph=True))\ntryit("bool go", lambda: torch.autograd.grad(y, x, torch.tensor([True, False]), retain_graph=True))\ntryit("f64 go", lambda: torch.autograd.grad(y, x, torch.tensor([1., 2.], dtype=torch.float64), retain_graph=True))\ntryit("cplx go", lambda: torch.autograd.grad(y, x, torch.tensor([1., 2.], dtype=torch.complex64), retain_graph=True))\ntryit("backward int", lambda: (y.backward(torch.tensor([1, 2]), retain_graph=True), x.grad))\nyc = x.to(torch.complex64) * 2\ntryit("cplx out float go", lambda: torch.autograd.grad(yc, x, torch.tensor([1., 2.]), retain_graph=True))\ntryit("cplx out int go", lambda: torch.autograd.grad(yc, x, torch.tensor([1, 2]), retain_graph=True))\ntryit("batched", lambda: torch.autograd.grad(y, x, torch.eye(2), retain_graph=True, is_grads_batched=True))\nz = (x ** 2).sum()\ntryit("batched scalar", lambda: torch.autograd.grad(z, x, torch.tensor([1., 2., 3.]), retain_graph=True,\n                                                     is_grads_batched=True))\ntryit("batched create_graph", lambda: torch.autograd.grad(x ** 2, x, torch.eye(2), create_graph=True,\n                                                           is_grads_batched=True)[0].requires_grad)\na = torch.tensor([1., 2.], requires_grad=True)\nb = torch.tensor([3.], requires_grad=True)\nout1 = a * b\nout2 = (a ** 2).sum()\ntryit("batched multi", lambda: torch.autograd.grad([out1, out2], [a, b], [torch.ones(4, 2), torch.arange(4.)],\n                                                    retain_graph=True, is_grads_batched=True))\ntryit("batched unused", lambda: torch.autograd.grad(out1, [a, torch.ones(1, requires_grad=True)], torch.ones(3, 2),\n                                                     retain_graph=True, is_grads_batched=True, allow_unused=True))\ntryit("batched materialize", lambda: torch.autograd.grad(out1, [a, torch.ones(1, requires_grad=True)],\n                                                          torch.ones(3, 2), retain_graph=True, is_grads_batched=True,\n                                                          materialize_grads=True))\ntryit("batched bad shape", lambda: torch.autograd.grad(out1, a, torch.ones(2), retain_graph=True, is_grads_batched=True))\ntryit("batched bad shape2", lambda: torch.autograd.grad(out1, a, torch.ones(3, 3), retain_graph=True,\n                                                         is_grads_batched=True))\ntryit("batched None go", lambda: torch.autograd.grad(out2, a, None, retain_graph=True, is_grads_batched=True))\ntryit("batched sizes", lambda: torch.autograd.grad([out1, out2], [a], [torch.ones(4, 2), torch.arange(3.)],\n                                                    retain_graph=True, is_grads_batched=True))\ntryit("batched frees graph", lambda: torch.autograd.grad(out2, a, torch.ones(2), is_grads_batched=True))\ntryit("after", lambda: torch.autograd.grad(out2, a))\n',
    'graph_utilities': '\ngraph = torch.autograd.graph\na = torch.tensor([1., 2.], requires_grad=True)\nb = torch.tensor([3., 4.], requires_grad=True)\nc = a * b\nd = a * b\ndef fn(grads):\n    print([g is not None for g in grads], grads)\nh = graph.register_multi_grad_hook((a, b, c, d), fn)\nc.sum().backward(retain_graph=True)\nc.sum().backward(inputs=(a,), retain_graph=True)\n(c.sum() + d.sum()).backward(retain_graph=True)\nh.remove()\nc.sum().backward(retain_graph=True)\ncalls = []\nh2 = graph.register_multi_grad_hook((a, b), lambda g: calls.append(g), mode="any")\n(a * b).sum().backward()\nprint(len(calls))\nprint(torch.autograd.grad((a * b).sum(), [a]), len(calls))\nh2.remove()\ntry:\n    graph.register_multi_grad_hook((a,), fn, mode="x")\nexcept ValueError as e:\n    print(e)\ns = torch.tensor(2., requires_grad=True)\nt = s * 3\ngraph.register_multi_grad_hook((s, t), lambda g: print("scalar", g))\n(t * 2).backward()\ne = graph.get_gradient_edge(a)\nprint(type(e).__name__, e.node.name(), e.output_nr, e.ownership_token, isinstance(e, tuple), e._fields)\ny = a * 2\ne2 = graph.get_gradient_edge(y)\nprint(e2.node is y.grad_fn, e2.output_nr)\nprint(torch.autograd.grad((y * 3).sum(), e2))\nprint(torch.autograd.grad((y * 3).sum(), [e, a]))\ntry:\n    graph.get_gradient_edge(torch.ones(2))\nexcept RuntimeError as ex:\n    print(ex)\nu = a.unbind(0)\ne3 = graph.get_gradient_edge(u[1])\nprint(e3.output_nr, torch.autograd.grad(u[1] * 5, e3))\nz = torch.ones(2)\ngraph.increment_version(z)\nprint(z._version)\ngraph.increment_version([z, z])\nprint(z._version)\nw = a.exp()\ngraph.increment_version(w)\ntry:\n    w.sum().backward()\nexcept RuntimeError as ex:\n    print(str(ex)[:150])\nwith torch.inference_mode():\n    q = torch.ones(2)\ngraph.increment_version(q)\nprint(q.is_inference())\n',
}

GOLDEN = {
    'node_post_hook_results': "post tensor([5., 5.])\npre tensor([ 5.4030, -4.1615])\nseen (tensor([ 0.5403, -0.4161]),) (tensor([1., 1.]),)\npost none tensor([ 0.5403, -0.4161])\npost list TypeError expected tuple, but hook returned 'list'\npost tensor TypeError expected tuple, but hook returned 'Tensor'\npost count RuntimeError hook '<lambda>' has returned an incorrect number of values (got 2, but expected 1)\npost shape RuntimeError hook '<lambda>' has changed the size of value\npost obj RuntimeError hook '<unknown>' has changed the size of value\npost dtype RuntimeError hook '<lambda>' has changed the type of value (was torch.FloatTensor got torch.DoubleTensor)\npost int TypeError expected Variable, but hook returned 'int'\npost None entry None\nreplace None RuntimeError can't replace a None gradient with a non-None value\nmul one side tensor([100., 200.])\npre list TypeError expected tuple, but hook returned 'list'\npre int TypeError expected tuple, but hook returned 'int'\npre count RuntimeError hook '<lambda>' has returned an incorrect number of values (got 2, but expected 1)\npre shape RuntimeError hook '<lambda>' has changed the size of value\npre dtype RuntimeError hook '<lambda>' has changed the type of value (was torch.FloatTensor got torch.LongTensor)\npre None None\n[(2,), ()]\npost broadcast tensor([3., 3.])\nq1 (tensor([1., 1.]),)\ngo (tensor([2., 2.]),)\npost sees pre tensor([ 1.0806, -0.8323])\np1 (tensor([ 0.5403, -0.4161]),)\np2 (tensor([ 1.0806, -0.8323]),)\ntensor([2.0806, 0.1677])\ntensor(7.)\n(tensor([5., 5.]),)\ntensor([ 1.0806, -0.8323], grad_fn=<MulBackward0>)\nunbind pre (tensor(2.), None)\nunbind post (tensor([2., 0.]),) (tensor(2.), None)\ntensor([2., 0.])\n",
    'data_version_counter': 'tensor([3.7183, 8.3891]) 0\ntensor(3.7183)\n1 0\n1 1\none of the variables needed for gradient computation has been modified by an inplace opera\ntensor([-0.4161, -0.6536]) 0\ntensor([5., 4.], requires_grad=True) 0 False True\nRuntimeError data set to a tensor that requires gradients must be floating point or complex dtype\nTypeError Variable data has to be a tensor, but got list\nTrue tensor([5., 6., 7.], dtype=torch.float64, requires_grad=True) tensor([1., 1.]) 0 True\ntensor([2., 3.]) 0 1\ntensor([10., 20.], grad_fn=<MulBackward0>)\n',
    'custom_function_outputs_and_grads': "tensor([ 2., -4.], grad_fn=<FBackward>) tensor([1, 0]) tensor(0) tensor([ True, False]) False None True False\nbw tensor([1., 1.]) tensor([0, 0]) tensor(0) tensor([False, False])\ntensor([2., 2.])\nbw tensor([1., 1.]) tensor([0., 0.])\ntensor([1., 1.])\nbw tensor([1., 1.]) None\ntensor([1., 1.])\n(tensor([ 2., -4.], grad_fn=<HBackward>), 5, 's', None)\nbw tensor([1., 1.]) None None None\na leaf Variable that requires grad has been used in an in-place operation.\ntensor([ 2., -4.], requires_grad=True) True\ntensor([ 4., -8.], grad_fn=<DBackward>) tensor([2., 2.])\nRuntimeError function NBackward returned a gradient different than None at position 2, but the corresponding forward input was not a Variable\nRuntimeError function NBackward returned a gradient different than None at position 2, but the corresponding forward input was not a Variable\nRuntimeError expected Variable or None (got str)\ntensor([2., 2.])\ntensor([2., 2.])\ntensor([2., 2.])\nFalse False None False False None\nbw tensor([0., 0.]) tensor([1., 1.]) tensor([0, 0])\ntensor([2., 2.])\n",
    'saved_tensors_hooks_counts': "x*x 2 2 [('pack', (2,), True, None), ('pack', (2,), True, None)] tensor([2., 4.])\nx*2 0 0 [] tensor([2., 2.])\npow2 1 1 [('pack', (2,), True, None)] tensor([2., 4.])\npow3 1 1 [('pack', (2,), True, None)] tensor([ 3., 12.])\nexp 1 1 [('pack', (2,), True, 'ExpBackward0')] tensor([2.7183, 7.3891])\nsin 1 1 [('pack', (2,), True, None)] tensor([ 0.5403, -0.4161])\ntanh 1 1 [('pack', (2,), True, 'TanhBackward0')] tensor([0.4200, 0.0707])\nsigmoid 1 1 [('pack', (2,), True, 'SigmoidBackward0')] tensor([0.1966, 0.1050])\nrelu 1 1 [('pack', (2,), True, 'ReluBackward0')] tensor([1., 1.])\nlog 1 1 [('pack', (2,), True, None)] tensor([1.0000, 0.5000])\nsqrt 1 1 [('pack', (2,), True, 'SqrtBackward0')] tensor([0.5000, 0.3536])\nadd 0 0 [] tensor([2., 2.])\nsum 0 0 [] tensor([1., 1.])\nmean 0 0 [] tensor([0.5000, 0.5000])\nneg 0 0 [] tensor([-1., -1.])\nmm 2 2 [('pack', (2, 1), True, 'ViewBackward0'), ('pack', (1, 2), True, 'ViewBackward0')] tensor([2., 4.])\ndiv 2 2 [('pack', (2,), True, 'AddBackward0'), ('pack', (2,), True, None)] tensor([0.2500, 0.1111])\nmul const 1 1 [('pack', (2,), False, None)] tensor([3., 4.])\npow tensor 3 3 [('pack', (), False, None), ('pack', (2,), True, None), ('pack', (2,), True, 'PowBackward1')] tensor([2., 4.])\nabs 1 1 [('pack', (2,), True, None)] tensor([1., 1.])\nclamp 1 1 [('pack', (2,), True, None)] tensor([1., 0.])\ncustom 1 1 [('pack', (2,), True, None)] tensor([2., 4.])\nsin_ 1 1 [('pack', (2,), True, None)] tensor([ 0.5403, -0.4161])\npow_ 1 1 [('pack', (2,), True, None)] tensor([2., 4.])\nmul_ 2 2 [('pack', (2,), True, None), ('pack', (2,), True, None)] tensor([2., 4.])\nrelu_ 1 1 [('pack', (2,), True, None)] tensor([1., 1.])\ntensor([1., 2.], requires_grad=True) ['unpack']\n3\n0\n[3, 1] tensor([ 0.5403, -0.4161], grad_fn=<MulBackward0>)\ntensor([21.0806, 19.1677])\ninner unpack\ntensor([2.6988, 1.6746])\n",
    'saved_tensors_hooks_misuse': 'TypeError Output of saved tensor unpack_hook expected to be a Tensor but got result of type int\nTypeError Output of saved tensor unpack_hook expected to be a Tensor but got result of type str\nValueError boom\nRuntimeError hooks are off\nRuntimeError hooks are off\nRuntimeError not now\ntensor([4., 8.])\ntensor([ 4.7183, 11.3891])\ntensor([ 4.3021, 10.7354])\nsaved_tensors_hooks saved_tensors_hooks\nTrying to backward through the graph a second time (or direc\n',
    'retain_grad_follows_inplace': 'tensor([2., 2.]) tensor([6., 6.])\ntensor([2., 2.]) tensor([6., 6.])\ntensor([2., 2.]) tensor([6., 6.])\nhook tensor([6., 6.])\ntensor([6., 6.])\nNone tensor([6., 2.])\ntensor([2., 2.]) tensor([6., 2.])\ntensor([5., 5.])\ntensor(1.) tensor(3.)\n',
    'accumulate_grad_node_hooks': "torch::autograd::AccumulateGrad True True\ntensor hook tensor([2., 2.])\npre (tensor([2., 2.]),)\npost acc tensor([2., 2.])\npost () (tensor([2., 2.]),)\ntensor([2., 2.])\ntensor hook tensor([2., 2.])\n(tensor([2., 2.]),)\ntensor([2., 2.]) tensor([1., 2.])\ntensor([20., 20.])\ntensor([2., 2.])\nhook '<lambda>' has returned an incorrect number of values (got 1, but expected 0)\npre3 (tensor(2.),)\npost3 () (tensor(2.),)\ntensor(2.)\n",
    'inference_tensors': 'True True True True True\nFalse False False True\nTrue False True\nrg inside ok tensor([1., 1.], requires_grad=True)\ninplace inside ok tensor([3., 3.])\nnormal inplace inside ok tensor([2., 2.])\ntensor([2., 2.]) 1 False True\nrequires_grad_ RuntimeError Setting requires_grad=True on inference tensor outside InferenceMode is not allowed.\nrequires_grad = RuntimeError Setting requires_grad=True on inference tensor outside InferenceMode is not allowed.\nrequires_grad_(False) ok tensor([1., 1.])\nadd_ RuntimeError Inplace update to inference tensor outside InferenceMode is not allowed.You can make a clone to get a normal tensor before doing inplace update.See https://github.com/pytorch/rfcs/pull/17 for more details.\nsetitem RuntimeError Inplace update to inference tensor outside InferenceMode is not allowed.You can make a clone to get a normal tensor before doing inplace update.See https://github.com/pytorch/rfcs/pull/17 for more details.\nzero_ RuntimeError Inplace update to inference tensor outside InferenceMode is not allowed.You can make a clone to get a normal tensor before doing inplace update.See https://github.com/pytorch/rfcs/pull/17 for more details.\ncopy_ RuntimeError Inplace update to inference tensor outside InferenceMode is not allowed.You can make a clone to get a normal tensor before doing inplace update.See https://github.com/pytorch/rfcs/pull/17 for more details.\nview add_ RuntimeError Inplace update to inference tensor outside InferenceMode is not allowed.You can make a clone to get a normal tensor before doing inplace update.See https://github.com/pytorch/rfcs/pull/17 for more details.\nout= RuntimeError Inplace update to inference tensor outside InferenceMode is not allowed.You can make a clone to get a normal tensor before doing inplace update.See https://github.com/pytorch/rfcs/pull/17 for more details.\nno_grad mul_ RuntimeError Inplace update to inference tensor outside InferenceMode is not allowed.You can make a clone to get a normal tensor before doing inplace update.See https://github.com/pytorch/rfcs/pull/17 for more details.\nmul saves RuntimeError Inference tensors cannot be saved for backward. Please do not use Tensors created in inference mode in computation tracked by autograd. To work around this, you can make a clone to get a normal tensor and use it in autograd, or use `torch.no_grad()` instead of `torch.inference_mode()`.\nmm saves RuntimeError Inference tensors cannot be saved for backward. Please do not use Tensors created in inference mode in computation tracked by autograd. To work around this, you can make a clone to get a normal tensor and use it in autograd, or use `torch.no_grad()` instead of `torch.inference_mode()`.\nadd no save ok None\nclone ok None\nw ok (None, tensor([2., 2.]))\nversion RuntimeError Inference tensors do not track version counter.\ndetach ok (True, 0, tensor([2., 2.]))\ndata ok (True, tensor([3., 3.]))\ndata rg RuntimeError Setting requires_grad=True on inference tensor outside InferenceMode is not allowed.\nt ok tensor([3., 3.])\nTrue True False\nFalse True False\nFalse\n',
    'grad_outputs_dtype_and_batched': 'int go ok (tensor([3., 6.]),)\nbool go ok (tensor([3., 0.]),)\nf64 go ok (tensor([3., 6.]),)\ncplx go RuntimeError For complex Tensors, both grad_output and output are required to have the same dtype. Mismatch in dtype: grad_output[0] has a dtype of torch.complex64 and output[0] has a dtype of torch.float32.\nbackward int ok (None, tensor([3., 6.]))\ncplx out float go RuntimeError For complex Tensors, both grad_output and output are required to have the same dtype. Mismatch in dtype: grad_output[0] has a dtype of torch.float32 and output[0] has a dtype of torch.complex64.\ncplx out int go RuntimeError For complex Tensors, both grad_output and output are required to have the same dtype. Mismatch in dtype: grad_output[0] has a dtype of torch.int64 and output[0] has a dtype of torch.complex64.\nbatched ok (tensor([[3., 0.],\n        [0., 3.]]),)\nbatched scalar ok (tensor([[ 2.,  4.],\n        [ 4.,  8.],\n        [ 6., 12.]]),)\nbatched create_graph ok True\nbatched multi ok (tensor([[ 3.,  3.],\n        [ 5.,  7.],\n        [ 7., 11.],\n        [ 9., 15.]]), tensor([[3.],\n        [3.],\n        [3.],\n        [3.]]))\nbatched unused ok (tensor([[3., 3.],\n        [3., 3.],\n        [3., 3.]]), None)\nbatched materialize ok (tensor([[3., 3.],\n        [3., 3.],\n        [3., 3.]]), tensor([0.]))\nbatched bad shape RuntimeError If `is_grads_batched=True`, we interpret the first dimension of each grad_output as the batch dimension. The sizes of the remaining dimensions are expected to match the shape of corresponding output, but a mismatch was detected: grad_output[0] has a shape of torch.Size([]) and output[0] has a shape of torch.Size([2]). If you only want some tensors in `grad_output` to be considered batched, consider using vmap.\nbatched bad shape2 RuntimeError If `is_grads_batched=True`, we interpret the first dimension of each grad_output as the batch dimension. The sizes of the remaining dimensions are expected to match the shape of corresponding output, but a mismatch was detected: grad_output[0] has a shape of torch.Size([]) and output[0] has a shape of torch.Size([2]). If you only want some tensors in `grad_output` to be considered batched, consider using vmap.\nbatched None go ValueError vmap(vjp, in_dims=0, ...)(<inputs>): Got in_dim=0 for some input, but that input is a Tensor of dimensionality 0 so expected in_dim to satisfy 0 <= in_dim < 0.\nbatched sizes ValueError vmap: Expected all tensors to have the same size in the mapped dimension, got sizes [4, 3] for the mapped dimension\nbatched frees graph ok (tensor([[2., 4.],\n        [2., 4.]]),)\nafter RuntimeError Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.\n',
    'graph_utilities': "[True, True, True, False] [tensor([3., 4.]), tensor([1., 2.]), tensor([1., 1.]), None]\n[True, False, True, False] [tensor([3., 4.]), None, tensor([1., 1.]), None]\n[True, True, True, True] [tensor([6., 8.]), tensor([2., 4.]), tensor([1., 1.]), tensor([1., 1.])]\n1\n(tensor([3., 4.]),) 2\nExpects mode to be one of ('all', 'any') but got x\nscalar [tensor(6.), tensor(2.)]\nGradientEdge torch::autograd::AccumulateGrad 0 None True ('node', 'output_nr', 'ownership_token')\nTrue 0\n(tensor([3., 3.]),)\n(tensor([6., 6.]), tensor([6., 6.]))\nIt is not possible to get the gradient edge for a Tensor that does not require gradients\n1 (tensor(5.),)\n1\n3\none of the variables needed for gradient computation has been modified by an inplace operation: [torch.FloatTensor [2]], which is output 0 of Exp, is \nTrue\n",
}


def _run(module, code: str) -> str:
    """stdout of ``code`` run with ``torch`` bound to ``module`` (seeded, warnings silenced)."""
    module.manual_seed(0)
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        exec(code, {"torch": module, "__name__": "__main__"})
    return buf.getvalue()


@pytest.mark.parametrize("name", sorted(CASES))
def test_matches_golden(name):
    assert _run(ember, CASES[name]) == GOLDEN[name]


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_is_current(name):
    torch = pytest.importorskip("torch")
    assert _run(torch, CASES[name]) == GOLDEN[name]


# ----------------------------------------------------------------- no cost when unused
def _saved_descriptor():
    return ember.autograd.graph.Node.__dict__["_saved"]


def test_packing_descriptor_is_installed_only_while_hooks_are_open():
    graph = ember.autograd.graph
    plain = _saved_descriptor()
    assert type(plain).__name__ == "member_descriptor"
    with graph.saved_tensors_hooks(lambda t: t, lambda t: t):
        assert _saved_descriptor() is not plain
        with graph.saved_tensors_hooks(lambda t: t, lambda t: t):
            pass
        assert _saved_descriptor() is not plain
    assert _saved_descriptor() is plain
    with pytest.raises(ZeroDivisionError):
        with graph.save_on_cpu():
            1 / 0
    assert _saved_descriptor() is plain
    x = ember.ones(2, requires_grad=True)
    y = x.sin()
    assert y.grad_fn._ext is None and y.grad_fn._pre_hooks is None  # nothing attached without hooks


def test_hooks_of_another_thread_do_not_pack_here():
    graph = ember.autograd.graph
    inside, release = threading.Event(), threading.Event()
    packed = []

    def other():
        with graph.saved_tensors_hooks(lambda t: packed.append(t) or t, lambda t: t):
            inside.set()
            release.wait(10)

    th = threading.Thread(target=other)
    th.start()
    try:
        assert inside.wait(10)
        x = ember.tensor([1., 2.], requires_grad=True)
        y = x * x
        assert packed == [] and y.grad_fn._ext is None
        y.sum().backward()
        assert x.grad.tolist() == [2., 4.]
    finally:
        release.set()
        th.join()
    assert type(_saved_descriptor()).__name__ == "member_descriptor"


def test_saved_hooks_graph_is_collected():
    graph = ember.autograd.graph
    x = ember.tensor([1., 2.], requires_grad=True)
    with graph.saved_tensors_hooks(lambda t: ("p", t), lambda p: p[1]):
        y = x.exp().sin()  # a saved output (exp) and a saved input (sin)
    ref = weakref.ref(y.grad_fn)
    y.sum().backward()
    del y
    gc.collect()
    assert ref() is None
    assert x.grad is not None


def test_retain_grad_registry_forgets_dead_tensors():
    graph = ember.autograd.graph
    x = ember.tensor([1., 2.], requires_grad=True)
    for _ in range(5):
        y = x * 2
        y.retain_grad()
        (y * 3).sum().backward()
        assert y.grad.tolist() == [3., 3.]
    del y
    (x * 2).sum().backward()
    assert all(h.ref() is not None for h in graph.RETAINERS)
    assert len(graph.RETAINERS) == 0


def test_inference_marker_only_while_the_mode_is_on():
    from ember import _tensor
    assert _tensor._VC_NEW is None
    with ember.inference_mode():
        assert _tensor._VC_NEW is not None
        with ember.inference_mode(False):
            assert _tensor._VC_NEW is None
        assert ember.ones(1).is_inference()
    assert _tensor._VC_NEW is None
    with pytest.raises(ValueError):
        with ember.inference_mode():
            raise ValueError
    assert _tensor._VC_NEW is None
    assert ember.ones(1)._vc is None and not ember.ones(1).is_inference()


def test_post_hooks_see_gradients_reduced_to_input_shapes():
    seen = []
    a = ember.ones(2, 3, requires_grad=True)
    b = ember.ones(3, dtype=ember.float64, requires_grad=True)
    y = a * b
    y.grad_fn.register_hook(lambda gi, go: seen.append([(tuple(g.shape), g.dtype) for g in gi]))
    y.sum().backward()
    assert seen == [[((2, 3), ember.float32), ((3,), ember.float64)]]  # as PyTorch's validate_outputs
    assert a.grad.dtype == ember.float32 and b.grad.shape == (3,)


def test_batched_grad_matches_a_loop_of_single_grads():
    x = ember.tensor([0.5, 1.5, -2.0], requires_grad=True)
    y = x.sin() * x
    eye = ember.eye(3)
    (jac,) = ember.autograd.grad(y, x, eye, retain_graph=True, is_grads_batched=True)
    rows = [ember.autograd.grad(y, x, eye[i], retain_graph=True)[0] for i in range(3)]
    assert jac.shape == (3, 3)
    for i in range(3):
        assert jac[i].tolist() == rows[i].tolist()


def _version_error_of_a_modified_view(lib):
    """A GAN-style mistake: the Linear's transposed weight (a view) is saved, then the optimizer
    changes the weight in place; a second backward reports the saved view as PyTorch regenerates
    it (``AsStrided``), not as the view op that made it."""
    lib.manual_seed(0)
    d = lib.nn.Linear(3, 1)
    opt = lib.optim.SGD(d.parameters(), lr=0.1)
    out = d(lib.randn(4, 3, requires_grad=True)).sum()  # (the input's gradient needs the weight)
    out.backward(retain_graph=True)
    opt.step()
    with pytest.raises(RuntimeError) as e:
        out.backward()
    return str(e.value).split(" Hint")[0]


def test_version_error_names_a_modified_view_asstrided_golden():
    assert _version_error_of_a_modified_view(ember) == (
        "one of the variables needed for gradient computation has been modified by an inplace operation: "
        "[torch.FloatTensor [3, 1]], which is output 0 of AsStrided, is at version 2; expected version 1 instead.")
    a = ember.randn(3, requires_grad=True).clone()  # a saved non-view is named by its current node (add_)
    q = (a * a).sum()
    a.add_(1)
    with pytest.raises(RuntimeError, match="which is output 0 of Add, is at version 1"):
        q.backward()


def test_version_error_names_a_modified_view_like_pytorch():
    torch = pytest.importorskip("torch")
    assert _version_error_of_a_modified_view(ember) == _version_error_of_a_modified_view(torch)
