"""``torch.nn.utils``: gradient clipping and parameter/vector conversion."""
from .clip_grad import clip_grad_norm, clip_grad_norm_, clip_grad_value_, get_total_norm, clip_grads_with_norm_
from .convert_parameters import parameters_to_vector, vector_to_parameters

__all__ = ["clip_grad_norm", "clip_grad_norm_", "clip_grad_value_", "get_total_norm", "clip_grads_with_norm_",
           "parameters_to_vector", "vector_to_parameters"]


def __getattr__(name: str):
    import importlib
    if name in ("rnn", "parametrize", "parametrizations", "weight_norm", "spectral_norm", "prune", "stateless"):
        try:
            return importlib.import_module("." + name, __name__)
        except ImportError:
            pass
    raise AttributeError(f"module 'torch.nn.utils' has no attribute '{name}'")
