"""Fidelity of autograd, printing and serialization details against PyTorch 2.13.

Each case runs a snippet with ``torch`` bound to ember and compares its
stdout with the golden output recorded from PyTorch 2.13 (CPU); when torch is
importable the snippet is also run on it, so a stale golden shows up.  The
snippets reach submodules by attribute (``torch.autograd.functional``) so
they run in-process.  ``test_run_mode_*`` run scripts through
``python -m ember run`` for what only that mode does (PyTorch's class names,
tracebacks without the runner's frames).
"""
from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import warnings

import pytest

import ember

try:  # the oracle, when installed
    import torch as _torch
except Exception:  # pragma: no cover - torch is optional
    _torch = None

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

CASES = {
    'functional_jacobian_unused_output': '\nAF = torch.autograd.functional\nprint(AF.jacobian(lambda x: torch.zeros(2), torch.ones(2)))\ntry:\n    AF.jacobian(lambda x: torch.zeros(2), torch.ones(2), strict=True)\nexcept RuntimeError as e:\n    print(e)\nx = torch.tensor([1., 2.]); y = torch.tensor([3., 4.])\nprint(AF.jacobian(lambda a, b: (a * b, a + b), (x, y)))\nprint(AF.vjp(lambda a, b: a * 2, (x, y), torch.ones(2)))\nprint(AF.jvp(lambda a: a * 2, torch.tensor(3.)))\nprint(AF.hvp(lambda a: (a ** 3).sum(), x, torch.ones(2)))\nfor f in [lambda: AF.jacobian(lambda a: a, [x, y]), lambda: AF.jvp(lambda a: a * 2, x),\n          lambda: AF.vjp(lambda a: a, x, torch.ones(3)), lambda: AF.hessian(lambda a: a, x)]:\n    try:\n        f()\n    except Exception as e:\n        print(type(e).__name__, e)\nxr = torch.tensor([1., 2.], requires_grad=True)\nJ = AF.jacobian(lambda a: a ** 2, xr, create_graph=True)\nprint(J, J.requires_grad)\n',
    'custom_function_errors': '\nFunction = torch.autograd.Function\nclass BadShape(Function):\n    @staticmethod\n    def forward(ctx, x):\n        return x * 2\n    @staticmethod\n    def backward(ctx, g):\n        return torch.ones(3)\nclass BadSave(Function):\n    @staticmethod\n    def forward(ctx, x):\n        ctx.save_for_backward(x, 3)\n        return x * 1\n    @staticmethod\n    def backward(ctx, g):\n        return g\nclass Ident(Function):\n    @staticmethod\n    def forward(ctx, x):\n        return x\n    @staticmethod\n    def backward(ctx, g):\n        return g\nfor f in [lambda: BadShape.apply(torch.ones(2, requires_grad=True)).sum().backward(),\n          lambda: BadSave.apply(torch.ones(1, requires_grad=True)),\n          lambda: Ident.apply(torch.ones(2, requires_grad=True) * 1).add_(1),\n          lambda: BadShape()(torch.ones(1))]:\n    try:\n        f()\n    except Exception as e:\n        print(type(e).__name__, e)\n',
    'grad_modes_as_decorators': '\nx = torch.ones(2, requires_grad=True)\n@torch.no_grad\ndef f(a):\n    return a * 2\n@torch.inference_mode\ndef g(a):\n    return a * 2\n@torch.no_grad()\ndef gen():\n    yield (x * 2).requires_grad\n    yield (x * 3).requires_grad\nprint(f(x).requires_grad, g(x).requires_grad, list(gen()), torch.is_grad_enabled())\nwith torch.no_grad():\n    with torch.inference_mode(False):\n        print((x * 2).requires_grad, torch.is_inference_mode_enabled())\ns = torch.set_grad_enabled(False)\nprint(s, torch.is_grad_enabled())\ntorch.set_grad_enabled(True)\n@torch.set_grad_enabled(False)\ndef h(a):\n    return a * 2\nprint(torch.is_grad_enabled(), h(x).requires_grad)\n',
    'autograd_grad_non_leaf_keeps_graph': '\nm = torch.tensor([1.0, 2.0], requires_grad=True)\nn = m * 2\no = (n ** 2).sum()\nprint(torch.autograd.grad(o, n))\nprint(torch.autograd.grad(n.sum(), n))\nprint(torch.autograd.grad((n * 3).sum(), m))\ntry:\n    torch.autograd.grad(o, [])\nexcept RuntimeError as e:\n    print(e)\ntry:\n    o.backward(inputs=[])\nexcept RuntimeError as e:\n    print(e)\n',
    'grad_assignment_errors': '\nt = torch.zeros(2, requires_grad=True)\nfor g in [torch.ones(3), torch.ones(2, dtype=torch.float64), torch.ones(3, dtype=torch.int64), [1, 2]]:\n    try:\n        t.grad = g\n    except Exception as e:\n        print(type(e).__name__, e)\n',
    'create_graph_accumulates_copy': '\nimport warnings\nwarnings.simplefilter("ignore")\nu = torch.tensor([0.5, 1.5], requires_grad=True)\n(u.sin() * u).sum().backward(create_graph=True)\nprint(u.grad, [None if f is None else f.name() for f, _ in u.grad.grad_fn.next_functions])\n(u * u).sum().backward(create_graph=True)\nprint(u.grad)\nw = torch.tensor([0.5, 1.5], requires_grad=True)\n(w * 2).sum().backward(create_graph=True)\nprint(w.grad)\n',
    'saved_tensor_accessors': '\nx = torch.randn(3, requires_grad=True)\ny = x.pow(2)\nprint(x.equal(y.grad_fn._saved_self), x is y.grad_fn._saved_self, y.grad_fn._saved_exponent)\nz = x.exp()\nprint(z.equal(z.grad_fn._saved_result), z is z.grad_fn._saved_result, z.grad_fn._saved_result.grad_fn.name())\nprint(repr((x * 2).grad_fn._saved_other), repr((x * 2.5).grad_fn._saved_other), (x * torch.ones(3)).grad_fn._saved_self)\nw = (x * x).sum()\nw.backward()\ntry:\n    w.grad_fn.next_functions[0][0]._saved_self\nexcept RuntimeError as e:\n    print(e)\ntry:\n    z.grad_fn._saved_nothing\nexcept AttributeError as e:\n    print(e)\n',
    'double_backward_activation_nodes': '\nF = torch.nn.functional\nx = torch.tensor([0.5, 1.5, -0.3], requires_grad=True)\nfor f in [torch.tanh, torch.sigmoid, torch.relu, F.leaky_relu]:\n    g, = torch.autograd.grad(f(x).sum(), x, create_graph=True)\n    h, = torch.autograd.grad(g.sum(), x)\n    print(g, [None if n is None else n.name() for n, _ in g.grad_fn.next_functions], h)\ny = torch.tanh(torch.tensor([0.5, -1.0], requires_grad=True))\n',
    'tensor_format_spec': '\nprint(f"{torch.tensor(2.5):.3f}", f"{torch.tensor([1.5, 2.0])}", format(torch.nn.Parameter(torch.tensor(1.5)), ""))\nfor t in [torch.tensor([1.5, 2.0]), torch.nn.Parameter(torch.tensor(1.5))]:\n    try:\n        format(t, ".2f")\n    except TypeError as e:\n        print(e)\n',
    'serialization_weights_only_edge_cases': '\nimport io\nimport numpy as np\ndef rt(obj, **kw):\n    b = io.BytesIO()\n    torch.save(obj, b, **{k: v for k, v in kw.items() if k == "pickle_protocol"})\n    b.seek(0)\n    return torch.load(b, **{k: v for k, v in kw.items() if k != "pickle_protocol"})\nfor obj, kw in [({"n": np.float64(1.5)}, {}), ({"n": np.float64(1.5)}, {"weights_only": False}),\n                (torch.ones(1), {"pickle_protocol": 4, "weights_only": False})]:\n    try:\n        r = rt(obj, **kw)\n        print(r, type(r["n"]).__name__ if isinstance(r, dict) else "")\n    except Exception as e:\n        print(type(e).__name__, str(e).splitlines()[-3:])\nfor data, wo in [(b"", True), (b"", False), (b"not a checkpoint", True), (b"not a checkpoint", False),\n                 (b"\\x00abc", False)]:\n    try:\n        torch.load(io.BytesIO(data), weights_only=wo)\n    except Exception as e:\n        print(type(e).__name__, repr(str(e).splitlines()[-3:]))\n',
    'module_backward_hook_views': '\nimport warnings\nm = torch.nn.Linear(2, 2)\nm.register_full_backward_hook(lambda *a: None)\ny = m(torch.ones(1, 2, requires_grad=True))\ntry:\n    y.add_(1)\nexcept RuntimeError as e:\n    print(e)\nr = torch.nn.ReLU(inplace=True)\nr.register_full_backward_hook(lambda *a: None)\ntry:\n    r(torch.randn(3, requires_grad=True) * 1)\nexcept RuntimeError as e:\n    print(e)\nlin = torch.nn.Linear(3, 1)\nlin.register_full_backward_hook(lambda m, gi, go: print("hook", gi, [g.shape for g in go]))\nwith warnings.catch_warnings(record=True) as w:\n    warnings.simplefilter("always")\n    lin(torch.randn(2, 3)).sum().backward()\nprint([str(x.message)[:60] for x in w])\n',
    'anomaly_mode_messages': '\nimport warnings\nwith warnings.catch_warnings(record=True) as w:\n    warnings.simplefilter("always")\n    with torch.autograd.detect_anomaly():\n        p = torch.tensor([1.0, 2.0], requires_grad=True)\n        q = p.exp()\n        q.add_(1)\n        try:\n            q.sum().backward()\n        except RuntimeError as e:\n            print(e)\n    a = torch.tensor([0., 1.], requires_grad=True)\n    d = (a / a).sum()\n    with torch.autograd.set_detect_anomaly(True):\n        try:\n            d.backward()\n        except RuntimeError as e:\n            print(e)\nprint([str(x.message).splitlines()[0] for x in w])\n',
    'device_str_compare_and_legacy_type': '\nd = torch.device("cpu")\nprint(d == "cpu", "cpu" == d, d != "cpu", d == torch.device("cpu"))\nt = torch.ones(2)\nprint(t.type(torch.DoubleTensor), t.type(torch.LongTensor), t.type("torch.IntTensor"), t.type())\n',
    'gradcheck_mismatch_message': '\nclass BadGrad(torch.autograd.Function):\n    @staticmethod\n    def forward(ctx, x):\n        return x * 2\n    @staticmethod\n    def backward(ctx, g):\n        return g * 3\nx = torch.randn(3, dtype=torch.double, requires_grad=True)\ny = torch.randn(2, 2, dtype=torch.double, requires_grad=True)\nfor f, args in [(BadGrad.apply, (x,)), (lambda a, b: (a * 2, BadGrad.apply(b).sum()), (x, y))]:\n    try:\n        torch.autograd.gradcheck(f, args)\n    except RuntimeError as e:\n        print(type(e).__name__, e)\nprint(torch.autograd.gradcheck(BadGrad.apply, (x,), raise_exception=False))\n',
    'complex_scalar_needs_explicit_grad': '\nz = torch.tensor([1+2j, 3-1j], requires_grad=True)\nfor f in [lambda: (z * 2).sum().backward(), lambda: torch.autograd.grad((z * 2).sum(), z)]:\n    try:\n        f()\n    except RuntimeError as e:\n        print(e)\n(z.abs() ** 2).sum().backward()\nprint(z.grad)\n',
    'autograd_profiler_context': '\nx = torch.ones(2, 3, requires_grad=True)\nwith torch.autograd.profiler.profile() as prf:\n    with torch.autograd.profiler.record_function("block"):\n        y = (x * 2).sum()\nprint(type(prf).__name__, y)\n',
    'tensor_hook_result_checks': '\ndef bad_hook(g):\n    return torch.ones(2)\nfor hook in [bad_hook, lambda g: 5, lambda g: g.double()]:\n    x = torch.ones(3, requires_grad=True)\n    x.register_hook(hook)\n    try:\n        (x * 2).sum().backward()\n    except Exception as e:\n        print(type(e).__name__, e)\nv = torch.ones(3, requires_grad=True) * 2\nv.register_hook(lambda g: torch.ones(4))\ntry:\n    v.sum().backward()\nexcept RuntimeError as e:\n    print(e)\n',
}

GOLDEN = {
    'functional_jacobian_unused_output': "tensor([[0., 0.],\n        [0., 0.]])\nOutput 0 of the user-provided function does not require gradients. The outputs must be computed in a differentiable manner from the input when running in strict mode.\n((tensor([[3., 0.],\n        [0., 4.]]), tensor([[1., 0.],\n        [0., 2.]])), (tensor([[1., 0.],\n        [0., 1.]]), tensor([[1., 0.],\n        [0., 1.]])))\n(tensor([2., 4.]), (tensor([2., 2.]), tensor([0., 0.])))\n(tensor(6.), tensor(2.))\n(tensor(9.), tensor([ 6., 12.]))\nTypeError The inputs given to jacobian must be either a Tensor or a tuple of Tensors but the given inputs has type <class 'list'>.\nRuntimeError The vector v can only be None if the input to the user-provided function is a single Tensor with a single element.\nRuntimeError v has invalid size: should be torch.Size([2]) but got torch.Size([3]).\nRuntimeError The Tensor returned by the function given to hessian should contain a single element\ntensor([[2., 0.],\n        [0., 4.]], grad_fn=<ViewBackward0>) True\n",
    'custom_function_errors': 'RuntimeError Function BadShapeBackward returned an invalid gradient at index 0 - got [3] but expected shape compatible with [2]\nTypeError save_for_backward can only save variables, but argument 1 is of type int\nRuntimeError Output 0 of Ident is a view and is being modified inplace. This view was created inside a custom Function (or because an input was returned as-is) and the autograd logic to handle view+inplace would override the custom backward associated with the custom Function, leading to incorrect gradients. This behavior is forbidden. You can fix this by cloning the output of the custom Function.\nRuntimeError Legacy autograd function with non-static forward method is deprecated. Please use new-style autograd function with static forward method. (Example: https://pytorch.org/docs/stable/autograd.html#torch.autograd.Function)\n',
    'grad_modes_as_decorators': 'False False [False, False] True\nTrue False\ntorch.autograd.grad_mode.set_grad_enabled(mode=False) False\nTrue False\n',
    'autograd_grad_non_leaf_keeps_graph': '(tensor([4., 8.]),)\n(tensor([1., 1.]),)\n(tensor([6., 6.]),)\n`inputs` argument to `grad()` cannot be empty.\n`inputs` argument to `backward()` cannot be empty.\n',
    'grad_assignment_errors': "RuntimeError attempting to assign a gradient of size '[3]' to a tensor of size '[2]'. Please ensure that the gradient and the tensor are the same size\nRuntimeError attempting to assign a gradient with dtype 'double' to a tensor with grad_dtype 'Float'. The gradient must match the tensor's grad_dtype (defaults to the tensor's dtype). You can set the tensor's grad_dtype attribute with a specific dtype, or None to allow any dtype. Set grad_dtype with caution. Diverging the dtypes of a tensor and its gradient may break downstream systems that assume they match.\nRuntimeError attempting to assign a gradient with dtype 'long int' to a tensor with grad_dtype 'Float'. The gradient must match the tensor's grad_dtype (defaults to the tensor's dtype). You can set the tensor's grad_dtype attribute with a specific dtype, or None to allow any dtype. Set grad_dtype with caution. Diverging the dtypes of a tensor and its gradient may break downstream systems that assume they match.\nTypeError assigned grad expected to be a Tensor or None but got grad of type list\n",
    'create_graph_accumulates_copy': "tensor([0.9182, 1.1036], grad_fn=<CopyBackwards>) [None, 'AddBackward0']\ntensor([1.9182, 4.1036], grad_fn=<AddBackward0>)\ntensor([2., 2.])\n",
    'saved_tensor_accessors': "True True 2\nTrue False ExpBackward0\ntensor(2) tensor(2.5000, dtype=torch.float64) None\nTrying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.\n'ExpBackward0' object has no attribute '_saved_nothing'\n",
    'double_backward_activation_nodes': "tensor([0.7864, 0.1807, 0.9151], grad_fn=<TanhBackwardBackward0>) [None, 'TanhBackward0'] tensor([-0.7269, -0.3271,  0.5332])\ntensor([0.2350, 0.1491, 0.2445], grad_fn=<SigmoidBackwardBackward0>) [None, 'SigmoidBackward0'] tensor([-0.0576, -0.0947,  0.0364])\ntensor([1., 1., 0.], grad_fn=<ThresholdBackwardBackward0>) [None, 'ReluBackward0'] tensor([0., 0., 0.])\ntensor([1.0000, 1.0000, 0.0100], grad_fn=<LeakyReluBackwardBackward0>) [None, 'torch::autograd::AccumulateGrad'] tensor([0., 0., 0.])\n",
    'tensor_format_spec': '2.500 tensor([1.5000, 2.0000]) Parameter containing:\ntensor(1.5000, requires_grad=True)\nunsupported format string passed to Tensor.__format__\nunsupported format string passed to Parameter.__format__\n',
    'serialization_weights_only_edge_cases': 'UnpicklingError [\'\\tWeightsUnpickler error: Unsupported global: GLOBAL numpy._core.multiarray.scalar was not an allowed global by default. Please use `torch.serialization.add_safe_globals([numpy._core.multiarray.scalar])` or the `torch.serialization.safe_globals([numpy._core.multiarray.scalar])` context manager to allowlist this global if you trust this class/function.\', \'\', \'Check the documentation of torch.load to learn more about types accepted by default with weights_only https://pytorch.org/docs/stable/generated/torch.load.html.\']\n{\'n\': np.float64(1.5)} float64\ntensor([1.]) \nEOFError []\nEOFError [\'Ran out of input\']\nUnpicklingError [\'Unsupported operand 110\', \'\', \'Check the documentation of torch.load to learn more about types accepted by default with weights_only https://pytorch.org/docs/stable/generated/torch.load.html.\']\nUnpicklingError ["invalid load key, \'n\'."]\nUnpicklingError ["invalid load key, \'\\\\x00\'."]\n',
    'module_backward_hook_views': "Output 0 of BackwardHookFunction is a view and is being modified inplace. This view was created inside a custom Function (or because an input was returned as-is) and the autograd logic to handle view+inplace would override the custom backward associated with the custom Function, leading to incorrect gradients. This behavior is forbidden. You can fix this by cloning the output of the custom Function.\nOutput 0 of BackwardHookFunction is a view and is being modified inplace. This view was created inside a custom Function (or because an input was returned as-is) and the autograd logic to handle view+inplace would override the custom backward associated with the custom Function, leading to incorrect gradients. This behavior is forbidden. You can fix this by cloning the output of the custom Function.\nhook (None,) [torch.Size([2, 1])]\n['Full backward hook is firing when gradients are computed wit']\n",
    'anomaly_mode_messages': "one of the variables needed for gradient computation has been modified by an inplace operation: [torch.FloatTensor [2]], which is output 0 of Exp, is at version 1; expected version 0 instead. Hint: the backtrace further above shows the operation that failed to compute its gradient. The variable in question was changed in there or anywhere later. Good luck!\nFunction 'DivBackward0' returned nan values in its 1th output.\n['Anomaly Detection has been enabled. This mode will increase the runtime and should only be enabled for debugging.', 'Error detected in ExpBackward0. Traceback of forward call that caused the error:', 'Error detected in DivBackward0. No forward pass information available. Enable detect anomaly during forward pass for more information. (Triggered internally at /__w/pytorch/pytorch/torch/csrc/autograd/python_anomaly_mode.cpp:100.)']\n",
    'device_str_compare_and_legacy_type': 'False False True True\ntensor([1., 1.], dtype=torch.float64) tensor([1, 1]) tensor([1, 1], dtype=torch.int32) torch.FloatTensor\n',
    'gradcheck_mismatch_message': 'GradcheckError Jacobian mismatch for output 0 with respect to input 0,\nnumerical:tensor([[2.0000, 0.0000, 0.0000],\n        [0.0000, 2.0000, 0.0000],\n        [0.0000, 0.0000, 2.0000]], dtype=torch.float64)\nanalytical:tensor([[3., 0., 0.],\n        [0., 3., 0.],\n        [0., 0., 3.]], dtype=torch.float64)\n\nGradcheckError Jacobian mismatch for output 1 with respect to input 1,\nnumerical:tensor([[2.0000],\n        [2.0000],\n        [2.0000],\n        [2.0000]], dtype=torch.float64)\nanalytical:tensor([[3.],\n        [3.],\n        [3.],\n        [3.]], dtype=torch.float64)\n\nFalse\n',
    'complex_scalar_needs_explicit_grad': 'grad can be implicitly created only for real scalar outputs but got torch.complex64\ngrad can be implicitly created only for real scalar outputs but got torch.complex64\ntensor([2.+4.j, 6.-2.j])\n',
    'autograd_profiler_context': 'profile tensor(12., grad_fn=<SumBackward0>)\n',
    'tensor_hook_result_checks': "RuntimeError hook 'bad_hook' has changed the size of value\nTypeError expected Variable, but hook returned 'int'\nRuntimeError hook '<lambda>' has changed the type of value (was torch.FloatTensor got torch.DoubleTensor)\nhook '<lambda>' has changed the size of value\n",
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
def test_matches_pytorch(name):
    assert _run(ember, CASES[name]) == GOLDEN[name]


@pytest.mark.skipif(_torch is None, reason="torch not installed")
@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_is_current(name):
    assert _run(_torch, CASES[name]) == GOLDEN[name]


RUN_MODE_SCRIPT = 'import torch\nimport torch.nn as nn\nx = torch.ones(2, requires_grad=True)\ny = x * 2\nprint(type(x), type(y.grad_fn), type(y.grad_fn.next_functions[0][0]))\nprint(type(torch.Size([1])), type(torch.float32), type(torch.device("cpu")), type(nn.Parameter(torch.ones(1))))\nprint(nn.Linear, nn.BatchNorm1d, nn.Flatten, nn.MultiheadAttention, nn.LazyLinear, torch.optim.SGD)\nprint(type(x.register_hook(lambda g: g)), type(nn.Linear(1, 1).register_forward_hook(lambda *a: None)))\nprint(torch.utils.hooks.RemovableHandle, torch.Generator, torch.distributions.Normal, torch.utils.data.DataLoader)\nprint(torch.__version__, torch.version.cuda, torch.__version__ >= "2.2", torch.__version__ > (2, 9))\nimport io\nbuf = io.BytesIO()\ntorch.save(nn.Sequential(nn.Linear(2, 2), nn.BatchNorm1d(2), nn.Flatten()), buf)\nbuf.seek(0)\nprint(torch.load(buf, weights_only=False))\ndef f():\n    return x.view(3)\nf()\n'

RUN_MODE_STDOUT = "<class 'torch.Tensor'> <class 'MulBackward0'> <class 'AccumulateGrad'>\n<class 'torch.Size'> <class 'torch.dtype'> <class 'torch.device'> <class 'torch.nn.parameter.Parameter'>\n<class 'torch.nn.modules.linear.Linear'> <class 'torch.nn.modules.batchnorm.BatchNorm1d'> <class 'torch.nn.modules.flatten.Flatten'> <class 'torch.nn.modules.activation.MultiheadAttention'> <class 'torch.nn.modules.linear.LazyLinear'> <class 'torch.optim.sgd.SGD'>\n<class 'torch.utils.hooks.RemovableHandle'> <class 'torch.utils.hooks.RemovableHandle'>\n<class 'torch.utils.hooks.RemovableHandle'> <class 'torch._C.Generator'> <class 'torch.distributions.normal.Normal'> <class 'torch.utils.data.dataloader.DataLoader'>\n2.13.0+cpu None True True\nSequential(\n  (0): Linear(in_features=2, out_features=2, bias=True)\n  (1): BatchNorm1d(2, eps=1e-05, momentum=0.1, affine=True, bias=True, track_running_stats=True)\n  (2): Flatten(start_dim=1, end_dim=-1)\n)\n"

RUN_MODE_STDERR = 'Traceback (most recent call last):\n  File "{path}", line 18, in <module>\n    f()\n  File "{path}", line 17, in f\n    return x.view(3)\n           ^^^^^^^^^\nRuntimeError: shape \'[3]\' is invalid for input of size 2\n'


def test_run_mode_class_names_version_and_traceback(tmp_path):
    """``python -m ember run``: PyTorch's class names and version, whole-model ``torch.save`` under those names,
    and a traceback of only the script's frames."""
    path = tmp_path / "prog.py"
    path.write_text(RUN_MODE_SCRIPT)
    env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.run([sys.executable, "-m", "ember", "run", str(path)], capture_output=True, text=True,
                          env=env, cwd=str(tmp_path), timeout=120)
    assert proc.returncode == 1
    assert proc.stdout == RUN_MODE_STDOUT
    assert proc.stderr == RUN_MODE_STDERR.format(path=str(path))


@pytest.mark.skipif(_torch is None, reason="torch not installed")
def test_loads_pytorch_whole_model_with_classes_defined_elsewhere(tmp_path):
    """PyTorch pickles BatchNorm1d as torch.nn.modules.batchnorm (ember: normalization): it still loads."""
    path = tmp_path / "model.pt"
    _torch.save(_torch.nn.Sequential(_torch.nn.Linear(2, 2), _torch.nn.BatchNorm1d(2), _torch.nn.Flatten()), path)
    m = ember.load(path, weights_only=False)
    assert [type(c) for c in m] == [ember.nn.Linear, ember.nn.BatchNorm1d, ember.nn.Flatten]
