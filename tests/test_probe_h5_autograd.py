"""Autograd / torch.func fidelity probes (session 12, h5).

Each check runs a small program against ember and compares it with PyTorch when
it is installed; golden values (hand-derived or recorded from PyTorch 2.13) make
the same checks fail without torch.
"""
import warnings

import pytest

import ember


def _outcome(fn):
    """``repr`` of what ``fn()`` returns, or ``'<ExcType>: <message>'`` of what it raises."""
    try:
        text = repr(fn())
    except Exception as e:  # noqa: BLE001 - the type and message are what is compared
        text = f"{type(e).__name__}: {e}"
    return text.replace("<class 'ember._tensor.Tensor'>", "<class 'torch.Tensor'>")


def _both(make):
    """Run ``make(lib)`` for ember, and for torch when installed; return (ember, torch or None)."""
    mine = _outcome(lambda: make(ember))
    try:
        import torch
    except ImportError:
        return mine, None
    return mine, _outcome(lambda: make(torch))


def _check(make, golden=None):
    mine, theirs = _both(make)
    if golden is not None:
        assert mine == golden
    if theirs is not None:
        assert mine == theirs


# ----- grad_fn._saved_* ------------------------------------------------------------------------------

def _saved_fields(lib):
    x = lib.tensor([1., -2.], requires_grad=True)
    y = lib.tensor([0.5, 4.], requires_grad=True)
    p = x ** y
    q = 2 ** x
    r = x.relu()
    a = x.sub(y, alpha=3)
    s = x.sum(1 - 1, keepdim=True)
    c = x.clamp(0, 1.5)
    m = lib.nn.functional.mse_loss(x, y)
    return (p.grad_fn._saved_self is x, p.grad_fn._saved_exponent is y, p.grad_fn._saved_result,
            q.grad_fn._saved_self, q.grad_fn._saved_result, r.grad_fn._saved_result, a.grad_fn._saved_alpha,
            s.grad_fn._saved_self_sym_sizes, s.grad_fn._saved_keepdim, c.grad_fn._saved_min,
            c.grad_fn._saved_max, m.grad_fn._saved_reduction, m.grad_fn._saved_target is y,
            lib.maximum(x, y).grad_fn._saved_other is y, lib.atan2(x, y).grad_fn._saved_self is x)


def test_saved_fields_of_common_nodes():
    golden = ("(True, True, tensor([ 1., 16.], grad_fn=<PowBackward1>), 2, "
              "tensor([2.0000, 0.2500], grad_fn=<PowBackward2>), tensor([1., 0.], grad_fn=<ReluBackward0>), 3, "
              "(2,), True, 0, 1.5, 1, True, True, True)")
    _check(_saved_fields, golden)


def _scalar_fields_outlive_backward(lib):
    x = lib.tensor([1., 2.], requires_grad=True)
    w = x ** 3
    w.sum().backward()
    a = x.add(x, alpha=2)
    a.sum().backward()
    s = x.sum()
    s.backward()
    return w.grad_fn._saved_exponent, a.grad_fn._saved_alpha, s.grad_fn._saved_self_sym_sizes


def test_scalar_saved_fields_survive_backward():
    _check(_scalar_fields_outlive_backward, "(3, 2, (2,))")


def test_saved_tensor_field_freed_after_backward():
    def make(lib):
        x = lib.tensor([1., 2.], requires_grad=True)
        p = x ** x
        p.sum().backward()
        return p.grad_fn._saved_result
    mine, theirs = _both(make)
    assert mine.startswith("RuntimeError: Trying to backward through the graph a second time")
    if theirs is not None:
        assert mine == theirs


# ----- custom Function: saved output modified in place ------------------------------------------------

def _saved_output_modified(lib):
    class Saved(lib.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            y = x.exp()
            ctx.save_for_backward(y)
            return y

        @staticmethod
        def backward(ctx, g):
            y, = ctx.saved_tensors
            return g * y

    q = lib.tensor([0.5, 1.], requires_grad=True)
    o = Saved.apply(q)
    total = o.sum()
    o.add_(1)
    total.backward()


def test_custom_function_saved_output_version_error_names_the_function():
    golden = ("RuntimeError: one of the variables needed for gradient computation has been modified by an inplace "
              "operation: [torch.FloatTensor [2]], which is output 0 of Saved, is at version 1; expected version 0 "
              "instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, "
              "with torch.autograd.set_detect_anomaly(True, check_nan=False).")
    _check(_saved_output_modified, golden)


# ----- custom Function under torch.func transforms ------------------------------------------------------

def _functions(lib):
    class Old(lib.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, g):
            return g * 2

    class NoRule(lib.autograd.Function):
        @staticmethod
        def forward(x):
            return x * 2

        @staticmethod
        def setup_context(ctx, inputs, output):
            pass

        @staticmethod
        def backward(ctx, g):
            return g * 2

    class Ruled(NoRule):
        seen = []

        @staticmethod
        def vmap(info, in_dims, x, k):
            Ruled.seen.append((info.batch_size, info.randomness, in_dims, tuple(x.shape)))
            return (x * k).movedim(in_dims[0], 1), 1

        @staticmethod
        def forward(x, k):
            return x * k

        @staticmethod
        def backward(ctx, g):
            return g * 2, None

    class Both(Ruled):
        generate_vmap_rule = True

    class BadRule(NoRule):
        @staticmethod
        def vmap(info, in_dims, x):
            return x * 2

    return Old, NoRule, Ruled, Both, BadRule


def test_function_without_setup_context_under_transforms():
    def make(lib):
        Old = _functions(lib)[0]
        return (_outcome(lambda: lib.func.grad(lambda z: Old.apply(z).sum())(lib.ones(3))),
                _outcome(lambda: lib.func.vmap(Old.apply)(lib.ones(2, 3))),
                Old.apply(lib.ones(2)))
    mine, theirs = _both(make)
    assert mine.count("In order to use an autograd.Function with functorch transforms (vmap, grad, jvp, jacrev, "
                      "...), it must override the setup_context staticmethod.") == 2
    assert mine.endswith("tensor([2., 2.]))")
    if theirs is not None:
        assert mine == theirs


def test_function_vmap_rule_is_called_once_with_batched_arguments():
    def make(lib):
        Ruled = _functions(lib)[2]
        out = lib.func.vmap(Ruled.apply, in_dims=(1, None))(lib.arange(6.).reshape(2, 3), 2.)
        return out, Ruled.seen
    golden = ("(tensor([[ 0.,  6.],\n        [ 2.,  8.],\n        [ 4., 10.]]), "
              "[(3, 'error', (1, None), (2, 3))])")
    _check(make, golden)


def test_function_vmap_support_errors():
    def make(lib):
        _, NoRule, _, Both, BadRule = _functions(lib)
        x = lib.ones(2, 3)
        return (_outcome(lambda: lib.func.vmap(NoRule.apply)(x)),
                _outcome(lambda: lib.func.vmap(Both.apply, in_dims=(0, None))(x, 2.)),
                _outcome(lambda: lib.func.vmap(BadRule.apply)(x)),
                lib.func.grad(lambda z: NoRule.apply(z).sum())(lib.ones(2)))
    mine, theirs = _both(make)
    assert "You tried to vmap over NoRule, but it does not have vmap support" in mine
    assert "You tried to vmap over Both, but it has both generate_vmap_rule=True" in mine
    assert "Expected the vmap staticmethod to have two returns" in mine
    if theirs is not None:
        assert mine == theirs


# ----- jacobians: signs of zeros follow PyTorch's accumulation order --------------------------------

def test_jacrev_sums_contributions_of_all_outputs():
    def make(lib):
        x = lib.tensor([0.5, 1.0, 1.5])
        return lib.func.jacrev(lambda a: (a.sin(), a.cos()))(x)[1]
    golden = ("tensor([[-0.4794,  0.0000,  0.0000],\n        [ 0.0000, -0.8415,  0.0000],\n"
              "        [ 0.0000,  0.0000, -0.9975]])")
    _check(make, golden)


def test_jacfwd_pushes_input_columns():
    def make(lib):
        y = lib.tensor([2.0, -1.0, 0.3])
        x = lib.tensor([0.5, 1.0, 1.5])
        return lib.func.jacfwd(lambda a: (a * y).exp())(x), lib.func.hessian(lambda a: (a ** 2 * y).sum())(x)
    golden = ("(tensor([[ 5.4366,  0.0000,  0.0000],\n        [-0.0000, -0.3679, -0.0000],\n"
              "        [ 0.0000,  0.0000,  0.4705]]), tensor([[ 4.0000,  0.0000,  0.0000],\n"
              "        [-0.0000, -2.0000, -0.0000],\n        [ 0.0000,  0.0000,  0.6000]]))")
    _check(make, golden)


def test_functional_jacobian_vectorized_and_forward_mode():
    def make(lib):
        from_fn = lib.autograd.functional
        x = lib.tensor([0.5, 1.0, 1.5])
        y = lib.tensor([2.0, -1.0, 0.3])

        def g(a, b):
            return (a * b).exp(), a + b
        rev = from_fn.jacobian(g, (x, y), vectorize=True)
        fwd = from_fn.jacobian(g, (x, y), vectorize=True, strategy="forward-mode")
        one_out = from_fn.jacobian(lambda a, b: a * b, (x, y), vectorize=True, strategy="forward-mode")
        return type(rev).__name__, rev[0][0], type(fwd).__name__, type(fwd[0]).__name__, fwd[0][0], type(one_out)
    golden = ("('tuple', tensor([[ 5.4366,  0.0000,  0.0000],\n        [ 0.0000, -0.3679,  0.0000],\n"
              "        [ 0.0000,  0.0000,  0.4705]]), 'list', 'list', tensor([[ 5.4366,  0.0000,  0.0000],\n"
              "        [ 0.0000, -0.3679,  0.0000],\n        [ 0.0000,  0.0000,  0.4705]]), <class 'list'>)")
    _check(make, golden)


def test_forward_mode_hessian_stays_attached():
    def make(lib):
        x = lib.tensor([0.5, 1.0, 1.5])
        h = lib.autograd.functional.hessian(lambda a: (a ** 3).sum(), x, vectorize=True,
                                            outer_jacobian_strategy="forward-mode")
        return h, x.requires_grad
    golden = ("(tensor([[3., 0., 0.],\n        [0., 6., 0.],\n        [0., 0., 9.]], "
              "grad_fn=<ReshapeAliasBackward0>), False)")
    _check(make, golden)


# ----- vmap pytrees ----------------------------------------------------------------------------------

def test_vmap_size_output_is_a_tuple_of_ints():
    def make(lib):
        x = lib.ones(2, 3)
        return (_outcome(lambda: lib.func.vmap(lambda a: a.shape)(x)),
                lib.func.vmap(lambda a: a.shape, out_dims=None)(x))
    golden = ('("ValueError: vmap(<lambda>, ...): `<lambda>` must only return Tensors, got type <class \'int\'>. '
              'Did you mean to set out_dims= to None for output?", (3,))')
    _check(make, golden)


def test_namedtuple_treespec_repr():
    from collections import namedtuple
    from ember.func._pytree import tree_flatten
    pair = namedtuple("Pair", "a b")
    spec = tree_flatten(pair(1, 2))[1]
    assert repr(spec).startswith("TreeSpec(namedtuple, <class ")
    assert repr(spec).endswith("Pair'>, [*,\n  *])")


# ----- torch.autograd.grad / backward arguments -------------------------------------------------------

def test_grad_with_dict_inputs_and_only_inputs_warning():
    def make(lib):
        a = lib.tensor([1., 2.], requires_grad=True)
        b = lib.tensor([3., 4.], requires_grad=True)
        y = (a * b).sum()
        keyed = lib.autograd.grad(y, {"a": a, "b": b}, retain_graph=True)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            lib.autograd.grad(y, a, only_inputs=False, retain_graph=True)
        return keyed, [(w.category.__name__, str(w.message)) for w in caught]
    golden = ("({'a': tensor([3., 4.]), 'b': tensor([1., 2.])}, [('FutureWarning', 'only_inputs argument is "
              "deprecated and is ignored now (defaults to True). To accumulate gradient for other parts of the "
              "graph, please use torch.autograd.backward.')])")
    _check(make, golden)


def test_gradient_count_mismatches():
    def make(lib):
        a = lib.tensor([1., 2.], requires_grad=True)
        y = (a * 2).sum()
        one = lib.tensor(1.)
        return (_outcome(lambda: lib.autograd.backward([y, y], grad_tensors=[one], retain_graph=True)),
                _outcome(lambda: lib.autograd.grad([y], a, grad_outputs=[one, one], retain_graph=True)),
                _outcome(lambda: lib.autograd.backward(y, grad_tensors=3)),
                _outcome(lambda: lib.ones(2).sum().backward(lib.ones(3))))
    golden = ("('RuntimeError: got 2 tensors and 1 gradients', '(tensor([2., 2.]),)', "
              "\"TypeError: 'int' object is not iterable\", 'RuntimeError: Mismatch in shape: grad_output[0] has a "
              "shape of torch.Size([3]) and output[0] has a shape of torch.Size([]).')")
    _check(make, golden)


def test_grad_mode_decorator_wrapper_name():
    def make(lib):
        return lib.no_grad()(lambda: 1).__name__, lib.enable_grad()(True).__qualname__
    _check(make, "('<lambda>', 'context_decorator.<locals>.decorate_context')")


# ----- saved-tensor hooks: PyTorch's save order ---------------------------------------------------------

def test_saved_tensors_hooks_pack_in_pytorch_order():
    def make(lib):
        a = lib.tensor([0.5, 1.5], requires_grad=True)
        b = lib.tensor([1.2, 0.3], requires_grad=True)
        w = lib.tensor([0.2, 0.3], requires_grad=True)
        seen = []

        def pack(t):
            seen.append("a" if t is a else "b" if t is b else "w" if t is w else "other")
            return t
        with lib.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
            a * b
            lib.maximum(a, b)
            lib.lerp(a, b, w)
            a.clamp(min=b, max=w)
        return seen
    _check(make, "['b', 'a', 'b', 'a', 'b', 'a', 'w', 'w', 'b', 'a']")


# ----- gradcheck ----------------------------------------------------------------------------------------

def test_gradcheck_float32_differences_and_input_checks():
    def make(lib):
        class Cube(lib.autograd.Function):
            @staticmethod
            def forward(ctx, a):
                ctx.save_for_backward(a)
                return a * a * a

            @staticmethod
            def backward(ctx, g):
                a, = ctx.saved_tensors
                return g * 3.5 * a * a
        x = lib.tensor([0.5, 1.2, 3.3], requires_grad=True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            mismatch = _outcome(lambda: lib.autograd.gradcheck(Cube.apply, (x,), atol=1e-7, rtol=1e-7))
        none_need_grad = _outcome(lambda: lib.autograd.gradcheck(lambda p: p * 2, (lib.ones(2, dtype=lib.float64),)))
        expanded = lib.ones(3, dtype=lib.float64, requires_grad=True).expand(2, 3)
        stride0 = _outcome(lambda: lib.autograd.gradcheck(lambda p: p * 2, (expanded,)))
        return mismatch, none_need_grad, stride0
    mine, theirs = _both(make)
    assert "numerical:tensor([[ 0.7600,  0.0000,  0.0000],\\n        [ 0.0000,  4.1723,  0.0000]" in mine
    assert ("ValueError: gradcheck expects at least one input tensor to require gradient, but none of them have "
            "requires_grad=True.") in mine
    assert "The 0th input has a dimension with stride 0." in mine
    if theirs is not None:
        assert mine == theirs.replace("torch.autograd.gradcheck.GradcheckError", "GradcheckError")


# ----- vmap: grad_fn of a vmapped output ----------------------------------------------------------------

def test_vmap_output_grad_fn_names_the_batched_op():
    def make(lib):
        w = lib.tensor([1., -2., 0.5], requires_grad=True)
        x = lib.tensor([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]])
        vmap = lib.func.vmap
        return [vmap(f)(x).grad_fn.name() for f in (lambda a: a * w, lambda a: (a * w).sin(),
                                                    lambda a: (a * w).sum(), lambda a: (a + w).mean())]
    _check(make, "['MulBackward0', 'SinBackward0', 'SumBackward1', 'MeanBackward1']")


def test_custom_function_node_class_module():
    def make(lib):
        class Twice(lib.autograd.Function):
            @staticmethod
            def forward(ctx, a):
                return a * 2

            @staticmethod
            def backward(ctx, g):
                return g * 2
        node = Twice.apply(lib.ones(1, requires_grad=True)).grad_fn
        return type(node).__mro__[1].__module__, type(node).__mro__[1].__name__
    _check(make, "('torch.autograd.function', 'BackwardCFunction')")


def test_raw_saved_tensor_register_hooks():
    def make(lib):
        x = lib.ones(2, requires_grad=True)
        y = x * x
        raw = y.grad_fn._raw_saved_self
        events = []

        def pack(t):
            events.append("pack")
            return t.tolist()

        def unpack(values):
            events.append("unpack")
            return lib.tensor(values)
        raw.register_hooks(pack, unpack)
        again = _outcome(lambda: y.grad_fn._raw_saved_self.register_hooks(pack, unpack))
        y.sum().backward()
        freed = _outcome(lambda: y.grad_fn._raw_saved_self.register_hooks(pack, unpack))
        return type(raw).__module__, type(raw).__name__, events, x.grad, again, freed[:90]
    golden = ("('torch._C._autograd', 'SavedTensor', ['pack', 'unpack'], tensor([2., 2.]), 'RuntimeError: Calling "
              "register_hooks on a saved tensor whose hooks have already been set. Hint: only one pair of hooks is "
              "allowed at a time.', 'RuntimeError: Calling register_hooks on a saved tensor after it has been freed. "
              "Saved inte')")
    _check(make, golden)


def test_native_op_functions_work_under_transforms():
    def make(lib):
        def log_prob(loc):
            return lib.distributions.MultivariateNormal(loc, lib.eye(2)).log_prob(lib.ones(2))
        lib.manual_seed(0)
        gamma_grad = lib.func.grad(lambda c: lib.distributions.Gamma(c, 1.).rsample().sum())(lib.ones(3))
        return lib.func.grad(log_prob)(lib.zeros(2)), gamma_grad
    _check(make, "(tensor([1., 1.]), tensor([1.9066, 0.7640, 0.3193]))")
