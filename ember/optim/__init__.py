"""``torch.optim``: optimizers and learning-rate schedulers."""
from . import lr_scheduler
from ._muon import Muon
from .adadelta import Adadelta
from .adafactor import Adafactor
from .adagrad import Adagrad
from .adam import Adam
from .adamax import Adamax
from .adamw import AdamW
from .asgd import ASGD
from .lbfgs import LBFGS
from .nadam import NAdam
from .optimizer import Optimizer
from .radam import RAdam
from .rmsprop import RMSprop
from .rprop import Rprop
from .sgd import SGD
from .sparse_adam import SparseAdam

# PyTorch deletes its optimizer submodules from the package namespace (``torch.optim.adam``
# raises AttributeError; ``from torch.optim.adam import Adam`` still works): so does ember.
del adadelta, adafactor, adagrad, adam, adamax, adamw, asgd, lbfgs, nadam, optimizer, radam, rmsprop  # noqa: F821
del rprop, sgd, sparse_adam  # noqa: F821

__all__ = ["Adadelta", "Adafactor", "Adagrad", "Adam", "Adamax", "AdamW", "LBFGS", "Muon", "NAdam", "Optimizer", "RAdam", "RMSprop",
           "Rprop", "ASGD", "SGD", "SparseAdam", "lr_scheduler", "swa_utils"]


def __getattr__(name: str):
    """``torch.optim.swa_utils`` loads on first access (PyTorch imports it with ``torch.optim``)."""
    if name == "swa_utils":
        import importlib
        return importlib.import_module(".swa_utils", __name__)
    raise AttributeError(f"module 'torch.optim' has no attribute '{name}'")
