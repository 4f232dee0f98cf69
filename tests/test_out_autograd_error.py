"""``out=`` refuses autograd as PyTorch does: "<op>(): functions with out=... arguments don't
support automatic differentiation, but one of the arguments requires grad." (``ops._common.write_out``)."""
import pytest

import ember

CASES = [
    ("add", lambda t, x, m, o: t.add(x, 1, out=o)),
    ("exp", lambda t, x, m, o: t.exp(x, out=o)),
    ("mul", lambda t, x, m, o: t.mul(x, x, out=o)),
    ("matmul", lambda t, x, m, o: t.matmul(m, m, out=t.empty(3, 3))),
    ("sum", lambda t, x, m, o: t.sum(m, 0, out=o)),
    ("cat", lambda t, x, m, o: t.cat([x, x], out=t.empty(6))),
    ("clamp", lambda t, x, m, o: t.clamp(x, 0, 1, out=o)),
    ("where", lambda t, x, m, o: t.where(x > 0, x, x, out=o)),
    ("pow", lambda t, x, m, o: t.pow(x, 2, out=o)),
    ("mm", lambda t, x, m, o: t.mm(m, m, out=t.empty(3, 3))),
    ("sigmoid", lambda t, x, m, o: t.sigmoid(x, out=o)),
    ("tanh", lambda t, x, m, o: t.tanh(x, out=o)),
    ("sub", lambda t, x, m, o: t.sub(x, x, out=o)),
    ("mean", lambda t, x, m, o: t.mean(m, 0, out=o)),
    ("stack", lambda t, x, m, o: t.stack([x, x], out=t.empty(2, 3))),
    ("exp", lambda t, x, m, o: t.exp(t.ones(3), out=t.ones(3, requires_grad=True))),
    ("linalg_inv_ex", lambda t, x, m, o: t.linalg.inv(m + t.eye(3) * 5, out=t.empty(3, 3))),
    ("sigmoid", lambda t, x, m, o: t.special.expit(x, out=o)),
    ("addmm", lambda t, x, m, o: t.addmm(m, m, m, out=t.empty(3, 3))),
]


def _run(lib, call):
    x = lib.ones(3, requires_grad=True)
    m = lib.ones(3, 3, requires_grad=True)
    with pytest.raises(RuntimeError) as info:
        call(lib, x, m, lib.empty(3))
    return str(info.value)


@pytest.mark.parametrize("name,call", CASES, ids=[f"{i}-{c[0]}" for i, c in enumerate(CASES)])
def test_message(name, call):
    assert _run(ember, call) == (f"{name}(): functions with out=... arguments don't support automatic "
                                 "differentiation, but one of the arguments requires grad.")


@pytest.mark.parametrize("name,call", CASES, ids=[f"{i}-{c[0]}" for i, c in enumerate(CASES)])
def test_matches_pytorch(name, call):
    torch = pytest.importorskip("torch")
    assert _run(ember, call) == _run(torch, call)


def test_no_grad_and_plain_out_still_work():
    x = ember.ones(3, requires_grad=True)
    o = ember.empty(3)
    with ember.no_grad():
        assert ember.exp(x, out=o) is o
    assert ember.exp(ember.ones(3), out=o) is o
    assert ember.argmax(x, out=ember.empty((), dtype=ember.int64)).item() == 0


@pytest.mark.parametrize("call", [
    lambda t: t.zeros(1).expand(3).add_(1),
    lambda t: t.zeros(2, 1).expand(2, 3).mul_(2),
    lambda t: t.zeros(3).expand(2, 3).copy_(t.ones(2, 3)),
])
def test_inplace_on_expanded_tensor_refuses_like_pytorch(call):
    with pytest.raises(RuntimeError, match="more than one element of the written-to tensor refers to a single "
                                           "memory location. Please clone"):
        call(ember)


def test_inplace_on_empty_expanded_tensor_is_a_no_op():
    a = ember.zeros(0, 1).expand(0, 3)
    assert a.add_(1).shape == (0, 3)
    x, _ = ember.meshgrid(ember.zeros(0), ember.zeros(3), indexing="ij")
    assert x.mul_(2).shape == (0, 3)
    assert ember.zeros(0, 1).expand(0, 3).copy_(ember.ones(0, 3)).shape == (0, 3)
