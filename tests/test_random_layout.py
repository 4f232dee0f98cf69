"""Random fills follow the memory layout, as PyTorch's samplers do (``ember/ops/_layout.py``).

PyTorch's CPU samplers write draw ``k`` to the ``k``-th element of the walk its
TensorIterator makes over the tensor, which is memory order for a transposed or
permuted view; ``empty_like`` (behind ``dropout``, ``rand_like``, ``randn_like``,
``multinomial``) keeps the input's layout.  The self-consistency tests run
everywhere; the PyTorch comparisons skip without torch.
"""
import numpy as np
import pytest

import ember
import ember.nn.functional as F
from ember.ops import _layout


def _filled(fill, make):
    ember.manual_seed(7)
    t = make()
    fill(t)
    return t


FILLS = [
    ("uniform_", lambda t: t.uniform_()),
    ("uniform_ab", lambda t: t.uniform_(-2.0, 3.0)),
    ("bernoulli_", lambda t: t.bernoulli_(0.3)),
    ("random_", lambda t: t.random_(0, 100)),
    ("exponential_", lambda t: t.exponential_()),
    ("cauchy_", lambda t: t.cauchy_()),
    ("log_normal_", lambda t: t.log_normal_()),
    ("geometric_", lambda t: t.geometric_(0.3)),
]


@pytest.mark.parametrize("name,fill", FILLS, ids=[f[0] for f in FILLS])
def test_fill_of_transposed_view_is_memory_order(name, fill):
    # the same draws as a row-major fill of the underlying (4, 5) storage, seen transposed
    base = _filled(fill, lambda: ember.empty(4, 5))
    view = _filled(fill, lambda: ember.empty(4, 5).t())
    assert np.array_equal(view.numpy(), base.numpy().T)


def test_permuted_3d_fill_is_memory_order():
    base = _filled(lambda t: t.uniform_(), lambda: ember.empty(2, 3, 4))
    view = _filled(lambda t: t.uniform_(), lambda: ember.empty(2, 3, 4).permute(2, 0, 1))
    assert np.array_equal(view.numpy(), base.numpy().transpose(2, 0, 1))


def test_normal_on_non_contiguous_takes_the_scalar_kernel():
    # ATen's normal_ uses its vectorised 16-block kernel only for contiguous tensors: a
    # transposed view gets the scalar Box-Muller stream, in memory order (not a permutation
    # of the contiguous result)
    base = _filled(lambda t: t.normal_(), lambda: ember.empty(4, 5))
    view = _filled(lambda t: t.normal_(), lambda: ember.empty(4, 5).t())
    assert not np.array_equal(view.numpy(), base.numpy().T)
    ember.manual_seed(7)
    stream = [ember.empty(1).normal_().item() for _ in range(20)]  # one scalar draw at a time
    assert np.allclose(view.numpy().T.reshape(-1), np.asarray(stream, np.float32), rtol=0, atol=0)


def test_dropout_noise_follows_the_input_layout():
    x = ember.ones(3, 4)
    ember.manual_seed(0)
    row_major = F.dropout(x, 0.5)
    ember.manual_seed(0)
    transposed = F.dropout(x.t(), 0.5)
    assert np.array_equal(transposed.numpy(), row_major.numpy().T)


def test_like_factories_keep_the_layout():
    x = ember.randn(2, 3, 4).transpose(0, 1)
    for f in (ember.zeros_like, ember.ones_like, ember.empty_like, ember.rand_like, ember.randn_like):
        assert f(x).stride() == (4, 12, 1), f.__name__
    assert ember.full_like(x, 2.0).stride() == (4, 12, 1)
    assert x.clone().stride() == (4, 12, 1)
    assert ember.zeros_like(x, memory_format=ember.contiguous_format).stride() == (8, 4, 1)
    base = ember.randn(2, 3, 4)
    assert ember.zeros_like(base).stride() == (12, 4, 1)


def test_rand_like_draws_in_the_input_layout():
    x = ember.zeros(3, 4).t()
    ember.manual_seed(3)
    a = ember.rand_like(x)
    ember.manual_seed(3)
    b = ember.rand(3, 4)
    assert np.array_equal(a.numpy(), b.numpy().T)


def test_iteration_perm_matches_tensoriterator_rules():
    assert _layout.iteration_perm((3, 4), (4, 1)) == [1, 0]
    assert _layout.iteration_perm((4, 3), (1, 4)) == [0, 1]
    # broadcast (stride 0) dims are ambiguous and keep their place
    assert _layout.iteration_perm((3, 4), (0, 1)) == [1, 0]
    # equal strides: the larger dim goes outside
    assert _layout.iteration_perm((1, 5), (5, 5)) == [0, 1]


# ----------------------------------------------------------------- PyTorch comparisons
CASES = [
    "torch.manual_seed(0); r = F.dropout(torch.ones(3, 4).t(), 0.5)",
    "torch.manual_seed(1); r = torch.empty(3, 4).t().uniform_()",
    "torch.manual_seed(2); r = torch.empty(4, 5).t().normal_()",
    "torch.manual_seed(2); r = torch.empty(4, 20).t().normal_(1.0, 2.0)",
    "torch.manual_seed(3); r = torch.empty(4, 5)[:, ::2].normal_()",
    "torch.manual_seed(4); r = torch.empty(2, 3, 4).permute(2, 0, 1).bernoulli_(0.3)",
    "torch.manual_seed(5); p = torch.rand(3, 4); r = torch.empty(4, 3).t().bernoulli_(p)",
    "torch.manual_seed(6); r = torch.rand_like(torch.randn(2, 3, 4).transpose(0, 1))",
    "torch.manual_seed(7); r = torch.randn_like(torch.randn(2, 3, 4).transpose(0, 1))",
    "torch.manual_seed(8); r = torch.randint_like(torch.randn(2, 3, 4).transpose(0, 1), 10)",
    "torch.manual_seed(9); w = torch.empty(5, 3); torch.nn.init.xavier_uniform_(w.t()); r = w",
    "torch.manual_seed(9); w = torch.empty(5, 30); torch.nn.init.normal_(w.t()); r = w",
    "torch.manual_seed(10); r = torch.empty(4, 5).t().exponential_()",
    "torch.manual_seed(11); r = torch.multinomial(torch.rand(4, 3).t(), 2)",
    "torch.manual_seed(12); r = F.alpha_dropout(torch.ones(3, 4).t(), 0.5, training=True)",
    ("torch.manual_seed(13); lstm = torch.nn.LSTM(3, 4, batch_first=True); "
     "out, _ = lstm(torch.randn(2, 5, 3)); r = F.dropout(out, 0.3)"),
    ("torch.manual_seed(14); layer = torch.nn.TransformerEncoderLayer(8, 2, 16, batch_first=True); "
     "r = layer(torch.randn(2, 5, 8))"),
]


@pytest.mark.parametrize("code", CASES)
def test_matches_pytorch(code):
    torch = pytest.importorskip("torch")
    import torch.nn.functional as TF
    got = {}
    for lib, fn in ((torch, TF), (ember, F)):
        env = {"torch": lib, "F": fn}
        exec(code, env)
        got[lib.__name__] = env["r"].detach().numpy()
    assert got["ember"].shape == got["torch"].shape
    np.testing.assert_allclose(got["ember"], got["torch"], rtol=2e-6, atol=1e-6)


def test_bernoulli_checks_each_probability_before_its_draw():
    # ATen's serial kernel checks p before drawing for it: the draws before the first bad p
    # are consumed, so the stream after the error is PyTorch's
    for probs, consumed in (([1.5], 0), ([0.5, -0.1, 0.2], 1), ([0.1, 0.2, 0.3, float("nan")], 3)):
        ember.manual_seed(0)
        with pytest.raises(RuntimeError, match="Expected p_in >= 0 && p_in <= 1"):
            ember.empty(len(probs)).bernoulli_(ember.tensor(probs))
        got = ember.rand(2)
        ember.manual_seed(0)
        ember.rand(consumed)
        assert np.array_equal(got.numpy(), ember.rand(2).numpy())


def test_clone_of_expanded_tensor_is_contiguous():
    # no dim order to keep (stride 0 is ambiguous to TensorIterator): PyTorch's clone is contiguous
    x = ember.randn(2, 1, 5).expand(2, 4, 5)
    assert x.clone().stride() == (20, 5, 1) and x.clone().is_contiguous()
    w = ember.randn(1, 4, 1, 5).expand(3, 4, 2, 5)
    assert w.clone().stride() == (40, 10, 5, 1)
    assert np.array_equal(w.clone().numpy(), w.numpy())
    y = ember.randn(3, 1).expand(3, 4).t()
    assert y.clone().stride() == (3, 1)
