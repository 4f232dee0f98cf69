"""``torch.random``: seeding helpers."""
from ._rng_api import fork_rng, get_rng_state, initial_seed, manual_seed, seed, set_rng_state, default_generator

__all__ = ["fork_rng", "get_rng_state", "initial_seed", "manual_seed", "seed", "set_rng_state", "default_generator"]
