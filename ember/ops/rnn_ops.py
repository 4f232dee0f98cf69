"""Top-level recurrent ops: ``torch.lstm_cell``, ``gru_cell``, ``rnn_tanh_cell``, ``rnn_relu_cell`` and the
full-sequence ``torch.lstm``, ``gru``, ``rnn_tanh``, ``rnn_relu`` (PyTorch's ``_VF`` entry points).

The cells check their arguments as ATen's ``RNN.cpp`` does (``check_rnn_cell_forward_input`` /
``check_rnn_cell_forward_hidden``, same messages) and then run the composed cells of
``ember/nn/_functional/rnn.py``, so results carry PyTorch's grad_fn names (``MulBackward0``,
``AddBackward0``, ``TanhBackward0``, ``ReluBackward0``) and are differentiable to any order.
The sequence forms reuse ``nn.LSTM``'s machinery (``rnn_forward`` / ``rnn_forward_packed``).
"""
from __future__ import annotations

from ._common import Tensor

__all__ = ["lstm_cell", "gru_cell", "rnn_tanh_cell", "rnn_relu_cell", "lstm", "gru", "rnn_tanh", "rnn_relu"]


def _R():
    from ..nn._functional import rnn
    return rnn


def _check_input(input: Tensor, w_ih: Tensor) -> None:
    """ATen ``check_rnn_cell_forward_input``."""
    got, want = input.size(1), w_ih.size(1)
    if got != want:
        raise RuntimeError(f"input has inconsistent input_size: got {got} expected {want}")


def _check_hidden(input: Tensor, hx: Tensor, hidden_size: int, label: int) -> None:
    """ATen ``check_rnn_cell_forward_hidden``."""
    if input.size(0) != hx.size(0):
        raise RuntimeError(f"Input batch size {input.size(0)} doesn't match hidden{label} batch size {hx.size(0)}")
    if hx.size(1) != hidden_size:
        raise RuntimeError(f"hidden{label} has inconsistent hidden_size: got {hx.size(1)}, expected {hidden_size}")


def _check_cell(input, hx, w_ih, w_hh) -> None:
    _check_input(input, w_ih)
    _check_hidden(input, hx, w_hh.size(1), 0)


def lstm_cell(input: Tensor, hx, w_ih: Tensor, w_hh: Tensor, b_ih=None, b_hh=None):
    """``torch.lstm_cell``: one LSTM step (gates i, f, g, o); ``hx = (h, c)``, returns ``(h', c')``."""
    if isinstance(hx, Tensor) or not isinstance(hx, (tuple, list)):
        raise TypeError("lstm_cell(): argument 'hx' (position 2) must be tuple of Tensors, not "
                        f"{type(hx).__name__}")
    if len(hx) != 2:
        raise RuntimeError("lstm_cell expects two hidden states")
    _check_input(input, w_ih)
    _check_hidden(input, hx[0], w_hh.size(1), 0)
    _check_hidden(input, hx[1], w_hh.size(1), 1)
    return _R().lstm_cell(input, tuple(hx), w_ih, w_hh, b_ih, b_hh)


def gru_cell(input: Tensor, hx: Tensor, w_ih: Tensor, w_hh: Tensor, b_ih=None, b_hh=None) -> Tensor:
    """``torch.gru_cell``: one GRU step (gates r, z, n), returns ``h'``."""
    _check_cell(input, hx, w_ih, w_hh)
    return _R().gru_cell(input, hx, w_ih, w_hh, b_ih, b_hh)


def rnn_tanh_cell(input: Tensor, hx: Tensor, w_ih: Tensor, w_hh: Tensor, b_ih=None, b_hh=None) -> Tensor:
    """``torch.rnn_tanh_cell``: ``tanh(x W_ih^T + b_ih + h W_hh^T + b_hh)``."""
    _check_cell(input, hx, w_ih, w_hh)
    return _R().rnn_tanh_cell(input, hx, w_ih, w_hh, b_ih, b_hh)


def rnn_relu_cell(input: Tensor, hx: Tensor, w_ih: Tensor, w_hh: Tensor, b_ih=None, b_hh=None) -> Tensor:
    """``torch.rnn_relu_cell``: ``relu(x W_ih^T + b_ih + h W_hh^T + b_hh)``."""
    _check_cell(input, hx, w_ih, w_hh)
    return _R().rnn_relu_cell(input, hx, w_ih, w_hh, b_ih, b_hh)


def _sequence(mode: str, args: tuple):
    """Dispatch PyTorch's two overloads of ``_VF.<mode>``.

    ``(input, hx, params, has_biases, num_layers, dropout, train, bidirectional, batch_first)`` or the packed
    ``(data, batch_sizes, hx, params, has_biases, num_layers, dropout, train, bidirectional)``.
    """
    R = _R()
    if len(args) != 9:
        raise TypeError(f"{mode.lower()}() takes 9 positional arguments but {len(args)} were given")
    if not isinstance(args[3], bool):
        data, batch_sizes, hx, params, has_biases, num_layers, dropout, train, bidir = args
        hx = tuple(hx) if mode == "LSTM" else hx
        if mode == "LSTM" and hx[0].shape[-1] != hx[1].shape[-1]:   # projections (ATen: h and c sizes differ)
            return tuple(R.lstm_proj_forward_packed(data, batch_sizes, hx, list(params), has_biases, num_layers,
                                                    dropout, train, bidir))
        return tuple(R.rnn_forward_packed(mode, data, batch_sizes, hx, list(params), has_biases, num_layers,
                                          dropout, train, bidir))
    input, hx, params, has_biases, num_layers, dropout, train, bidir, batch_first = args
    hx = tuple(hx) if mode == "LSTM" else hx
    if mode == "LSTM" and hx[0].shape[-1] != hx[1].shape[-1]:
        return tuple(R.lstm_proj_forward(input, hx, list(params), has_biases, num_layers, dropout, train, bidir,
                                         batch_first))
    return tuple(R.rnn_forward(mode, input, hx, list(params), has_biases, num_layers, dropout, train, bidir,
                               batch_first))


def lstm(*args):
    """``torch.lstm(input, (h0, c0), params, has_biases, num_layers, dropout, train, bidirectional,
    batch_first)`` -> ``(output, h_n, c_n)``; also the packed ``(data, batch_sizes, hx, ...)`` overload."""
    return _sequence("LSTM", args)


def gru(*args):
    """``torch.gru(input, h0, params, has_biases, num_layers, dropout, train, bidirectional, batch_first)``
    -> ``(output, h_n)``; also the packed overload."""
    return _sequence("GRU", args)


def rnn_tanh(*args):
    """``torch.rnn_tanh``: Elman RNN with tanh over a sequence -> ``(output, h_n)``."""
    return _sequence("RNN_TANH", args)


def rnn_relu(*args):
    """``torch.rnn_relu``: Elman RNN with ReLU over a sequence -> ``(output, h_n)``."""
    return _sequence("RNN_RELU", args)
