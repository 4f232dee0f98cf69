"""``torch.nn.modules``: every layer class."""
from .module import Module
from .container import Container, Sequential, ModuleList, ModuleDict, ParameterList, ParameterDict
from .linear import Identity, Linear, Bilinear, Flatten, Unflatten
from .activation import (ReLU, LeakyReLU, ELU, CELU, SELU, GELU, SiLU, Mish, Softplus, Sigmoid, Tanh, Hardtanh,
                         ReLU6, Softmax, LogSoftmax, Softmin, Softsign, Hardsigmoid, Hardswish, PReLU, Threshold, GLU,
                         Tanhshrink, LogSigmoid, Softshrink, Hardshrink, RReLU, Softmax2d)
from .loss import (L1Loss, NLLLoss, PoissonNLLLoss, GaussianNLLLoss, KLDivLoss, MSELoss, BCELoss, BCEWithLogitsLoss,
                   HingeEmbeddingLoss, MultiLabelMarginLoss, MultiLabelSoftMarginLoss, HuberLoss, SmoothL1Loss, SoftMarginLoss,
                   CrossEntropyLoss, MultiMarginLoss, CosineEmbeddingLoss, MarginRankingLoss, TripletMarginLoss)
from .normalization import BatchNorm1d, BatchNorm2d, BatchNorm3d, LayerNorm, GroupNorm, LocalResponseNorm, RMSNorm
from .dropout import Dropout, Dropout1d, Dropout2d, Dropout3d, AlphaDropout, FeatureAlphaDropout
from .sparse import Embedding, EmbeddingBag

# Layers written by nn-spatial; each import is optional so a missing file does not break ``ember.nn``.
_SPATIAL = {
    "conv": ("Conv1d", "Conv2d", "Conv3d", "ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d"),
    "pooling": ("MaxPool1d", "MaxPool2d", "MaxPool3d", "AvgPool1d", "AvgPool2d", "AvgPool3d", "AdaptiveAvgPool1d",
                "AdaptiveAvgPool2d", "AdaptiveAvgPool3d", "AdaptiveMaxPool1d", "AdaptiveMaxPool2d", "LPPool1d",
                "LPPool2d", "MaxUnpool1d", "MaxUnpool2d"),
    "rnn": ("RNNBase", "RNN", "LSTM", "GRU", "RNNCellBase", "RNNCell", "LSTMCell", "GRUCell"),
    "transformer": ("MultiheadAttention", "TransformerEncoderLayer", "TransformerEncoder", "TransformerDecoderLayer",
                    "TransformerDecoder", "Transformer"),
    "upsampling": ("Upsample", "UpsamplingNearest2d", "UpsamplingBilinear2d"),
    "padding": ("ZeroPad1d", "ZeroPad2d", "ConstantPad1d", "ConstantPad2d", "ConstantPad3d", "ReflectionPad1d",
                "ReflectionPad2d", "ReplicationPad1d", "ReplicationPad2d", "CircularPad1d", "CircularPad2d"),
    "pixelshuffle": ("PixelShuffle", "PixelUnshuffle"),
    "channelshuffle": ("ChannelShuffle",),
    "fold": ("Fold", "Unfold"),
    "distance": ("PairwiseDistance", "CosineSimilarity"),
    "instancenorm": ("InstanceNorm1d", "InstanceNorm2d", "InstanceNorm3d"),
    "pooling3d": ("MaxPool3d", "AvgPool3d", "AdaptiveAvgPool3d", "AdaptiveMaxPool3d", "LPPool3d", "MaxUnpool3d"),
    "fractional_pool": ("FractionalMaxPool2d", "FractionalMaxPool3d"), "syncbatchnorm": ("SyncBatchNorm",),
    "loss_extra": ("TripletMarginWithDistanceLoss",),
    "lazy": ("LazyModuleMixin", "LazyLinear", "LazyConv1d", "LazyConv2d", "LazyConv3d", "LazyConvTranspose1d",
             "LazyConvTranspose2d", "LazyConvTranspose3d", "LazyBatchNorm1d", "LazyBatchNorm2d", "LazyBatchNorm3d",
             "LazyInstanceNorm1d", "LazyInstanceNorm2d", "LazyInstanceNorm3d"),
    "ctc": ("CTCLoss",),
    "adaptive": ("AdaptiveLogSoftmaxWithLoss",),
    "misc_extra": ("CrossMapLRN2d", "NLLLoss2d"),
}


_SPATIAL_ERRORS: dict = {}


def _import_spatial() -> list:
    import importlib
    found = []
    for mod, names in _SPATIAL.items():
        try:
            m = importlib.import_module(f"{__name__}.{mod}")
        except ImportError as e:  # file missing (or not importable yet): skip it
            if getattr(e, "name", None) != f"{__name__}.{mod}":
                _SPATIAL_ERRORS[mod] = e
            continue
        public = list(names) + [n for n in getattr(m, "__all__", ()) if n not in names]
        for n in public:
            if hasattr(m, n) and n not in globals():
                globals()[n] = getattr(m, n)
                found.append(n)
    return found


_SPATIAL_FOUND = _import_spatial()


# Classes PyTorch defines in another submodule than ember does: also reachable from PyTorch's module
# (``torch.nn.modules.activation.MultiheadAttention`` ...), as the same class objects.
_PYTORCH_HOMES = {
    "activation": ("MultiheadAttention", "NonDynamicallyQuantizableLinear"),
    "linear": ("LazyLinear", "NonDynamicallyQuantizableLinear"),
    "conv": ("LazyConv1d", "LazyConv2d", "LazyConv3d", "LazyConvTranspose1d", "LazyConvTranspose2d",
             "LazyConvTranspose3d", "_LazyConvXdMixin"),
    "instancenorm": ("LazyInstanceNorm1d", "LazyInstanceNorm2d", "LazyInstanceNorm3d", "_LazyNormBase"),
    "loss": ("CTCLoss", "NLLLoss2d", "TripletMarginWithDistanceLoss"),
    "normalization": ("CrossMapLRN2d",),
    "pooling": ("MaxPool3d", "AvgPool3d", "AdaptiveAvgPool3d", "AdaptiveMaxPool3d", "LPPool3d", "MaxUnpool3d",
                "FractionalMaxPool2d", "FractionalMaxPool3d"),
}


def _add_pytorch_homes() -> None:
    import sys
    lazy = sys.modules.get(f"{__name__}.lazy")
    for mod, names in _PYTORCH_HOMES.items():
        m = sys.modules.get(f"{__name__}.{mod}")
        if m is None:
            continue
        for n in names:
            cls = globals().get(n, getattr(lazy, n, None))
            if cls is not None and not hasattr(m, n):
                setattr(m, n, cls)


_add_pytorch_homes()


def __getattr__(name: str):
    """PyTorch's submodules that only re-export (``batchnorm``, ``flatten``, ``utils``) load on first access,
    so that ``ember.nn``'s ``from .modules import *`` does not take them (``nn.utils`` is another module)."""
    if name in ("batchnorm", "flatten", "utils"):
        import importlib
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
