"""``torch.optim``: optimizers and learning-rate schedulers."""
from . import lr_scheduler
from .optimizer import Optimizer
from .sgd import SGD
from .adam import Adam
from .adamw import AdamW
