"""``torch.nn.utils``: gradient clipping, parameter/vector conversion, weight/spectral norm, parametrizations."""
from .clip_grad import clip_grad_norm, clip_grad_norm_, clip_grad_value_, get_total_norm, clip_grads_with_norm_
from .convert_parameters import parameters_to_vector, vector_to_parameters
from .fusion import fuse_conv_bn_eval, fuse_conv_bn_weights, fuse_linear_bn_eval, fuse_linear_bn_weights
from .init import skip_init
from .memory_format import convert_conv2d_weight_memory_format, convert_conv3d_weight_memory_format
# As in PyTorch, ``nn.utils.weight_norm`` / ``nn.utils.spectral_norm`` are the (old, hook-based) FUNCTIONS:
# the from-imports rebind the names after the submodules load; ``nn.utils.parametrizations`` has the new ones.
from .spectral_norm import remove_spectral_norm, spectral_norm
from .weight_norm import remove_weight_norm, weight_norm

__all__ = ["clip_grad_norm", "clip_grad_norm_", "clip_grad_value_", "get_total_norm", "clip_grads_with_norm_",
           "parameters_to_vector", "vector_to_parameters", "skip_init", "remove_spectral_norm", "spectral_norm",
           "remove_weight_norm", "weight_norm", "fuse_conv_bn_eval", "fuse_conv_bn_weights", "fuse_linear_bn_eval",
           "fuse_linear_bn_weights", "convert_conv2d_weight_memory_format",
           "convert_conv3d_weight_memory_format"]


def __getattr__(name: str):
    """The submodules PyTorch's ``torch.nn.utils`` imports itself, loaded on first use; ``prune`` is not one
    (``torch.nn.utils.prune`` needs ``import torch.nn.utils.prune``, after which it is an attribute)."""
    import importlib
    if name in ("rnn", "parametrize", "parametrizations", "stateless"):
        try:
            return importlib.import_module("." + name, __name__)
        except ImportError:
            pass
    raise AttributeError(f"module 'torch.nn.utils' has no attribute '{name}'")
