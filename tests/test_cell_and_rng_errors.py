"""PyTorch's errors for RNN cells given mis-sized inputs and for bad RNG states/seeds."""
import numpy as np
import pytest

import ember
import ember.nn as nn

CASES = [
    (lambda: nn.RNNCell(3, 4)(ember.randn(2, 5)), RuntimeError,
     "input has inconsistent input_size: got 5 expected 3"),
    (lambda: nn.LSTMCell(3, 4)(ember.randn(2, 3), (ember.zeros(3, 4), ember.zeros(3, 4))), RuntimeError,
     "Input batch size 2 doesn't match hidden0 batch size 3"),
    (lambda: nn.LSTMCell(3, 4)(ember.randn(2, 3), (ember.zeros(2, 4), ember.zeros(3, 4))), RuntimeError,
     "Input batch size 2 doesn't match hidden1 batch size 3"),
    (lambda: nn.LSTMCell(3, 4)(ember.randn(2, 3), (ember.zeros(2, 4), ember.zeros(2, 5))), RuntimeError,
     "hidden1 has inconsistent hidden_size: got 5, expected 4"),
    (lambda: nn.GRUCell(3, 4)(ember.randn(2, 3), ember.zeros(2, 5)), RuntimeError,
     "hidden0 has inconsistent hidden_size: got 5, expected 4"),
    (lambda: nn.RNNCell(3, 4, nonlinearity="relu")(ember.randn(2, 3), ember.zeros(1, 4)), RuntimeError,
     "Input batch size 2 doesn't match hidden0 batch size 1"),
    (lambda: ember.set_rng_state(ember.get_rng_state().float()), TypeError, "RNG state must be a torch.ByteTensor"),
    (lambda: ember.set_rng_state([1, 2]), TypeError, "expected a torch.ByteTensor, but got list"),
    (lambda: ember.Generator().set_state([1, 2]), TypeError, "expected a torch.ByteTensor, but got list"),
    (lambda: ember.manual_seed(2 ** 64), ValueError, "Overflow when unpacking long long"),
]


@pytest.mark.parametrize("i", range(len(CASES)))
def test_error(i):
    fn, exc, msg = CASES[i]
    with pytest.raises(exc) as info:
        fn()
    assert str(info.value) == msg


def test_rng_state_round_trip_still_works():
    ember.manual_seed(0)
    state = ember.get_rng_state()
    a = ember.rand(3)
    ember.set_rng_state(state)
    assert np.array_equal(ember.rand(3).numpy(), a.numpy())


def test_cells_valid_inputs_unchanged():
    ember.manual_seed(0)
    h, c = nn.LSTMCell(3, 4)(ember.randn(2, 3))
    assert h.shape == (2, 4) and c.shape == (2, 4)
    assert nn.GRUCell(3, 4)(ember.randn(3), ember.zeros(4)).shape == (4,)
