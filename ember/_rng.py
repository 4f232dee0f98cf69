"""Random number generation bit-identical to PyTorch's CPU generator.

This module re-implements, with NumPy only, ``at::CPUGeneratorImpl`` (an
mt19937 engine plus a cached Box-Muller sample) and the CPU distribution
kernels of ATen (``native/cpu/DistributionTemplates.h``,
``core/DistributionsHelper.h``, ``core/TransformationHelper.h``,
``randperm_cpu`` in ``TensorFactories.cpp``, ``multinomial`` in
``Distributions.cpp``), as shipped in PyTorch 2.13.

Every sampling function returns a *new* NumPy array holding exactly the values
PyTorch produces from the same generator state, and advances the generator by
exactly as many mt19937 words as PyTorch does, so calls interleave freely and
keep matching ``torch`` call for call.  Generator states are byte-compatible
with ``torch.get_rng_state()`` in both directions.

How PyTorch consumes the stream (one mt19937 word = one ``random()``;
``random64()`` = two words, the first one being the high half):

* float32/float16 uniforms use 24 bits of one word, float64 53 bits of a
  ``random64()``; ``uniform_(a, b)`` computes ``x * (b - a) + a`` and maps a
  result equal to ``b`` back to ``a``.
* ``normal_`` on >= 16 contiguous elements fills uniforms and Box-Mullers them
  16 at a time (see :func:`normal`); fewer elements use the scalar
  double-precision Box-Muller that caches its second value in the generator.
* integer sampling takes ``val % range + from`` with ``val = random64()`` when
  ``range >= 2**28`` and ``random()`` otherwise.

Floating point details that matter for bit-equality:

* x86-64 PyTorch runs these kernels from the AVX2 build of
  ``DistributionKernels.cpp`` (also on AVX512 machines for ``normal``),
  compiled by GCC with ``-mfma`` and ``-ffp-contract=fast``: each
  ``a * b + c`` is one fused multiply-add.  We emulate a correctly rounded
  FMA exactly (``_fma32`` / ``_fma64``).
* ``torch.randn`` on >= 16 float32 (and float16) elements uses the Cephes
  polynomials ``log256_ps`` / ``sincos256_ps`` of ``avx_mathfun.h``,
  re-implemented here operation by operation, FMAs included.
* Everything else calls glibc's double ``log``/``log1p``/``sin``/``cos``/
  ``tan``/``exp``, which NumPy also calls on most machines; where NumPy uses
  its own SIMD code instead we fall back to :mod:`math` (see ``_LibM``).

Known differences from PyTorch:

* only x86-64 PyTorch with the AVX2/AVX512 CPU capability is mirrored; with
  ``ATEN_CPU_CAPABILITY=default`` or on ARM, PyTorch itself rounds
  differently (no FMA, scalar ``normal_fill``);
* ``Tensor.bernoulli_(float)`` with MKL on *Intel* CPUs takes an MKL VSL
  stream in PyTorch (seeded by one ``random()``); we mirror the generic path
  used on other CPUs;
* :func:`multinomial` without replacement orders *tied* scores (e.g. drawing
  more samples than there are non-zero probabilities) by index, whereas
  PyTorch's ``topk`` leaves ties in ``std::nth_element`` order;
* bfloat16 is not supported.

DataLoader shuffling: ``RandomSampler`` (no generator given) draws
``seed = torch.empty((), dtype=torch.int64).random_().item()`` from the
default generator - that is ``random64() % 2**63``, see :func:`draw_seed` -
then iterates ``torch.randperm(n, generator=torch.Generator().manual_seed(seed))``.
Iterating a ``DataLoader`` first draws its ``_base_seed`` the same way, so one
``shuffle=True`` epoch is ``draw_seed(); s = draw_seed(); randperm(Generator(s), n)``.

The generator is not thread-safe (PyTorch guards it with a mutex).
"""

from __future__ import annotations

import math
import operator
import os
import struct
from typing import Optional, Sequence, Tuple, Union

import numpy as np

from .backend.fma import fma32 as _fma32, fma64 as _fma64

__all__ = [
    "DEFAULT_SEED",
    "Generator",
    "default_generator",
    "manual_seed",
    "seed",
    "initial_seed",
    "get_rng_state",
    "set_rng_state",
    "uniform",
    "normal",
    "normal_tensor",
    "randint",
    "random_",
    "draw_seed",
    "randperm",
    "bernoulli",
    "exponential",
    "multinomial",
    "cauchy",
    "log_normal",
    "geometric",
]

ShapeLike = Union[int, Sequence[int]]
DTypeLike = Union[np.dtype, type, str]

#: ``default_rng_seed_val`` of ``CPUGeneratorImpl`` (seed of ``torch.Generator()``).
DEFAULT_SEED = 67280421310721

# ----------------------------------------------------------------------------
# mt19937 constants (aten/src/ATen/core/MT19937RNGEngine.h)
# ----------------------------------------------------------------------------
_N = 624
_M = 397
_U32 = np.uint32
_UMASK = _U32(0x80000000)
_LMASK = _U32(0x7FFFFFFF)
_MATRIX_A = _U32(0x9908B0DF)
_ONE32 = _U32(1)

# Layout of ``CPUGeneratorImplState`` (what torch.get_rng_state() returns):
#   u64 the_initial_seed | i32 left | i32 seeded | u64 next | u64 state[624]
#   | f64 normal_x | f64 normal_y | f64 normal_rho | i32 normal_is_valid | pad4
#   | f32 next_float_normal_sample | bool is_next_float_normal_sample_valid | pad3
_STATE_HEADER = struct.Struct("<QiiQ")
_OFF_STATE = 24
_OFF_NORMAL = _OFF_STATE + 8 * _N  # 5016: normal_x, normal_y, normal_rho
_OFF_NORMAL_VALID = _OFF_NORMAL + 24  # 5040
_OFF_FLOAT_NORMAL = _OFF_NORMAL_VALID + 8  # 5048
_OFF_FLOAT_VALID = _OFF_FLOAT_NORMAL + 4  # 5052
STATE_SIZE = _OFF_FLOAT_VALID + 4  # 5056 == sizeof(CPUGeneratorImplState)

# randperm_cpu switches algorithm at n >= uint32_max / 20.
_RANDPERM_SMALL_N = 0xFFFFFFFF // 20

_TWO_PI = 2.0 * math.pi  # c10::pi<double> * 2 (exact doubling)

# normal_fill processes this many 16-blocks per NumPy pass (keeps temporaries in cache).
_BLOCK_ROWS = 4096


# ============================================================================
# Exact floating point helpers
# ============================================================================


def _scale_shift64(x: np.ndarray, std: float, mean: float) -> np.ndarray:
    """``x * std + mean`` as one float64 FMA.  For std=1, mean=0 that is
    ``x + 0.0`` (exact, but it turns -0.0 into +0.0 like the FMA does)."""
    return x + 0.0 if (std, mean) == (1.0, 0.0) else _fma64(x, std, mean)


def _scale_shift32(x: np.ndarray, std: np.float32, mean: np.float32) -> np.ndarray:
    """``x * std + mean`` as one float32 FMA (``x + 0`` when std=1, mean=0)."""
    return x + np.float32(0.0) if (std, mean) == (1.0, 0.0) else _fma32(x, std, mean)


class _LibM:
    """glibc double-precision math functions, vectorised.

    PyTorch's kernels call the scalar glibc functions.  NumPy calls the same
    functions on most builds; some builds (e.g. AVX512 + SVML) use their own
    SIMD code instead, which differs in the last bit.  We check NumPy against
    :mod:`math` (which always calls libm) once per function and fall back to an
    element-wise :mod:`math` loop where they disagree.
    """

    _NAMES = ("log", "log1p", "sin", "cos", "tan", "exp")

    def __init__(self) -> None:
        probe = np.random.default_rng(12345)
        xs = np.concatenate(
            [
                probe.random(2048),
                probe.random(2048) * 2.0 * math.pi,
                -probe.random(1024) * 0.999,
                probe.standard_normal(1024) * 8.0,
            ]
        )
        for name in self._NAMES:
            setattr(self, name, self._choose(name, xs))

    @staticmethod
    def _choose(name: str, xs: np.ndarray):
        np_fn = getattr(np, name)
        math_fn = getattr(math, name)
        if name == "log":
            xs = np.abs(xs) + 1e-300
        elif name == "log1p":
            xs = np.maximum(xs, -0.999)
        with np.errstate(all="ignore"):
            got = np_fn(xs)
        want = np.array([math_fn(float(x)) for x in xs])
        if np.array_equal(got.view(np.int64), want.view(np.int64)):
            return np_fn
        vec = np.frompyfunc(_safe(math_fn), 1, 1)
        return lambda x: np.asarray(vec(np.asarray(x, np.float64)), dtype=np.float64)


def _safe(fn):
    """Wrap a :mod:`math` function to return IEEE results instead of raising."""

    def wrapped(x: float) -> float:
        try:
            return fn(x)
        except ValueError:
            return -math.inf if x == 0.0 else math.nan
        except OverflowError:
            return math.inf

    return wrapped


_libm = _LibM()


# ============================================================================
# mt19937 engine
# ============================================================================


def _init_state(seed: int) -> np.ndarray:
    """``mt19937_engine::init_with_uint32``: Knuth's initialisation from the low 32 bits."""
    state = [0] * _N
    x = seed & 0xFFFFFFFF
    state[0] = x
    for j in range(1, _N):
        x = (1812433253 * (x ^ (x >> 30)) + j) & 0xFFFFFFFF
        state[j] = x
    return np.array(state, dtype=np.uint32)


def _twist_scalar(u: int, v: int) -> int:
    y = (u & 0x80000000) | (v & 0x7FFFFFFF)
    return (y >> 1) ^ (0x9908B0DF if v & 1 else 0)


def _next_states(state: np.ndarray, count: int) -> np.ndarray:
    """Run ``mt19937_engine::next_state`` ``count`` times.

    Returns the ``count`` successive 624-word states concatenated (untempered).
    The mixing term of all 623 regular words is computed in one shot; only the
    ``p[M]`` dependency forces three chunked XORs per twist.
    """
    out = np.empty((count + 1) * _N, dtype=np.uint32)
    out[:_N] = state
    mix = np.empty(_N - 1, dtype=np.uint32)
    tmp = np.empty(_N - 1, dtype=np.uint32)
    split = _N - _M  # 227
    for t in range(count):
        old = out[t * _N : (t + 1) * _N]
        new = out[(t + 1) * _N : (t + 2) * _N]
        np.bitwise_and(old[:-1], _UMASK, out=mix)
        np.bitwise_and(old[1:], _LMASK, out=tmp)
        mix |= tmp
        np.bitwise_and(mix, _ONE32, out=tmp)
        tmp *= _MATRIX_A
        mix >>= 1
        mix ^= tmp
        # new[k] = p[k + M] ^ mix[k], where p[k + M] is already new for k >= 227
        np.bitwise_xor(old[_M:], mix[:split], out=new[:split])  # 0..226
        np.bitwise_xor(new[:split], mix[split : 2 * split], out=new[split : 2 * split])  # 227..453
        np.bitwise_xor(new[split : _M - 1], mix[2 * split :], out=new[2 * split : _N - 1])  # 454..622
        new[_N - 1] = int(new[_M - 1]) ^ _twist_scalar(int(old[_N - 1]), int(new[0]))  # wraps to new[0]
    return out[_N:]


def _temper(y: np.ndarray) -> np.ndarray:
    """mt19937 output tempering, in place on a fresh uint32 array."""
    t = y >> _U32(11)
    y ^= t
    np.left_shift(y, _U32(7), out=t)
    t &= _U32(0x9D2C5680)
    y ^= t
    np.left_shift(y, _U32(15), out=t)
    t &= _U32(0xEFC60000)
    y ^= t
    np.right_shift(y, _U32(18), out=t)
    y ^= t
    return y


def _unpack_seed(seed) -> int:
    """``THPGenerator_manualSeed``: accept [-2**63, 2**64), map negatives two's-complement."""
    if isinstance(seed, bool):
        raise RuntimeError("manual_seed expected a long, but got bool")
    try:
        value = operator.index(seed)
    except TypeError:
        raise RuntimeError(f"manual_seed expected a long, but got {type(seed).__name__}") from None
    if not -(1 << 63) <= value < (1 << 64):
        raise ValueError("Overflow when unpacking long long")
    return value & 0xFFFFFFFFFFFFFFFF


def _nondeterministic_seed() -> int:
    """``c10::detail::getNonDeterministicRandom`` (CPU): ``readURandomLong()``, all 64 bits of
    /dev/urandom (only the CUDA branch limits the seed to 53 bits), so ``torch.initial_seed()`` of an
    unseeded process is a full uint64 as in PyTorch."""
    return struct.unpack("<Q", os.urandom(8))[0]


class Generator:
    """State-compatible twin of ``torch.Generator()`` on CPU (``CPUGeneratorImpl``).

    Holds an mt19937 engine (state words, ``left``/``next`` counters, the
    seed) and the cached second Box-Muller samples
    ``next_double_normal_sample`` / ``next_float_normal_sample``.
    """

    def __init__(self, seed: int = DEFAULT_SEED) -> None:
        self._engine = None  # a NumPy MT19937 holding the state while draws run (see ``random32``)
        self._next_double_normal: Optional[float] = None
        self._next_float_normal: Optional[float] = None
        self._set_seed(_unpack_seed(seed))

    # -- seeding --------------------------------------------------------------

    def _set_seed(self, seed: int) -> None:
        """``CPUGeneratorImpl::set_current_seed``."""
        self._seed = seed
        self._engine = None
        self._state = _init_state(seed)
        self._left = 1
        self._next = 0
        self._seeded = True
        self._next_double_normal = None
        self._next_float_normal = None

    def manual_seed(self, seed: int) -> "Generator":
        """``Generator.manual_seed``: reseed; negative seeds wrap to uint64."""
        self._set_seed(_unpack_seed(seed))
        return self

    def seed(self) -> int:
        """``Generator.seed``: reseed from a non-deterministic source, return the seed."""
        value = _nondeterministic_seed()
        self._set_seed(value)
        return value

    def initial_seed(self) -> int:
        """``Generator.initial_seed``: the (uint64) seed last set."""
        return self._seed

    # -- state exchange -------------------------------------------------------

    def get_state(self) -> np.ndarray:
        """``Generator.get_state``: uint8 array laid out as ``CPUGeneratorImplState``."""
        self._sync()
        buf = bytearray(STATE_SIZE)
        _STATE_HEADER.pack_into(buf, 0, self._seed, self._left, int(self._seeded), self._next)
        buf[_OFF_STATE:_OFF_NORMAL] = self._state.astype("<u8").tobytes()
        if self._next_double_normal is not None:
            struct.pack_into("<d", buf, _OFF_NORMAL + 8, self._next_double_normal)
            struct.pack_into("<i", buf, _OFF_NORMAL_VALID, 1)
        if self._next_float_normal is not None:
            struct.pack_into("<f", buf, _OFF_FLOAT_NORMAL, self._next_float_normal)
            buf[_OFF_FLOAT_VALID] = 1
        return np.frombuffer(bytes(buf), dtype=np.uint8).copy()

    def set_state(self, new_state) -> "Generator":
        """``Generator.set_state``: accept a state from :meth:`get_state` or torch."""
        raw = _state_bytes(new_state)
        seed, left, seeded, nxt = _STATE_HEADER.unpack_from(raw, 0)
        nxt &= 0xFFFFFFFF  # static_cast<uint32_t>
        if not (seeded != 0 and 0 < left <= _N and nxt <= _N):
            raise RuntimeError("Invalid mt19937 state")
        words = np.frombuffer(raw, dtype="<u8", count=_N, offset=_OFF_STATE)
        self._engine = None
        self._state = words.astype(np.uint32)  # truncating copy, as std::copy does
        self._seed, self._left, self._next, self._seeded = seed, left, nxt, True
        (valid,) = struct.unpack_from("<i", raw, _OFF_NORMAL_VALID)
        (normal_y,) = struct.unpack_from("<d", raw, _OFF_NORMAL + 8)
        self._next_double_normal = normal_y if valid else None
        (fvalue,) = struct.unpack_from("<f", raw, _OFF_FLOAT_NORMAL)
        self._next_float_normal = fvalue if raw[_OFF_FLOAT_VALID] else None
        return self

    def clone(self) -> "Generator":
        """An independent copy with identical state (``CPUGeneratorImpl::clone``)."""
        self._sync()
        twin = Generator.__new__(Generator)
        twin.__dict__.update(self.__dict__)
        twin._state = self._state.copy()
        return twin

    # -- raw streams ----------------------------------------------------------

    def _raw_words(self, n: int) -> np.ndarray:
        """Next ``n`` untempered state words, advancing ``left``/``next`` as
        ``mt19937_engine::operator()`` does (a twist happens when ``--left == 0``)."""
        self._sync()
        out = np.empty(n, dtype=np.uint32)
        take = min(n, self._left - 1, _N - self._next)
        take = max(take, 0)
        out[:take] = self._state[self._next : self._next + take]
        self._next += take
        self._left -= take
        rest = n - take
        if rest:
            twists = -(-rest // _N)
            fresh = _next_states(self._state, twists)
            out[take:] = fresh[:rest]
            self._state = fresh[-_N:].copy()
            used = rest - (twists - 1) * _N
            self._next = used
            self._left = _N + 1 - used
        return out

    def random32(self, n: int) -> np.ndarray:
        """``n`` outputs of ``CPUGeneratorImpl::random()`` (uint32).

        Draws that need a twist run on NumPy's own MT19937 (the same engine, in C: 26 against
        ~200 us for 8192 words), which then holds the state until something reads it
        (``get_state``, ``clone``) and ``_sync`` copies it back.  ATen's ``left``/``next``
        counters map to NumPy's position as ``pos = 625 - left``."""
        n = int(n)
        engine = self._engine
        if engine is None:
            if n < self._left or (self._left != 1 and self._next + self._left != _N + 1):
                return _temper(self._raw_words(n))  # no twist needed (or an unusual imported state)
            engine = np.random.MT19937()
            engine.state = {"bit_generator": "MT19937", "state": {"key": self._state, "pos": _N + 1 - self._left}}
            self._engine = engine
        return engine.random_raw(n).astype(np.uint32)

    def _sync(self) -> None:
        """Copy the state back from NumPy's engine (``random32``), which then lets it go."""
        engine = self._engine
        if engine is not None:
            st = engine.state["state"]
            self._state = np.array(st["key"], dtype=np.uint32)
            self._next = int(st["pos"])
            self._left = _N + 1 - self._next
            self._engine = None

    def random64(self, n: int) -> np.ndarray:
        """``n`` outputs of ``CPUGeneratorImpl::random64()``: ``(hi << 32) | lo``,
        the first 32-bit draw being ``hi``."""
        words = self.random32(2 * int(n)).astype(np.uint64)
        return (words[0::2] << np.uint64(32)) | words[1::2]

    def __repr__(self) -> str:
        return f"<ember Generator seed={self._seed}>"


def _state_bytes(state) -> bytes:
    """Accept a uint8 NumPy array, bytes, or anything with ``.numpy()`` (a torch tensor)."""
    if hasattr(state, "numpy") and not isinstance(state, np.ndarray):
        state = state.numpy()
    arr = np.asarray(state)
    if arr.dtype != np.uint8:
        raise TypeError(f"expected a uint8 RNG state, got dtype {arr.dtype}")
    if arr.size != STATE_SIZE:
        raise RuntimeError(
            f"Expected a CPUGeneratorImplState of size {STATE_SIZE} but found the "
            f"input RNG state size to be {arr.size}"
        )
    return arr.reshape(-1).tobytes()


#: The global generator (``torch.default_generator``); seeded non-deterministically
#: at import, like PyTorch's.
default_generator = Generator()
default_generator.seed()


def manual_seed(seed: int) -> Generator:
    """``torch.manual_seed``: ``int(seed)`` then reseed :data:`default_generator`."""
    return default_generator.manual_seed(int(seed))


def seed() -> int:
    """``torch.seed``: reseed :data:`default_generator` non-deterministically."""
    return default_generator.seed()


def initial_seed() -> int:
    """``torch.initial_seed``."""
    return default_generator.initial_seed()


def get_rng_state() -> np.ndarray:
    """``torch.get_rng_state``."""
    return default_generator.get_state()


def set_rng_state(new_state) -> None:
    """``torch.set_rng_state``."""
    default_generator.set_state(new_state)


# ============================================================================
# Shared helpers
# ============================================================================

_F16, _F32, _F64 = np.dtype(np.float16), np.dtype(np.float32), np.dtype(np.float64)
_FLOATS = (_F16, _F32, _F64)
_DIGITS = {_F16: 11, _F32: 24, _F64: 53}


def _gen(gen: Optional[Generator]) -> Generator:
    return default_generator if gen is None else gen


def _shape(shape: ShapeLike) -> Tuple[int, ...]:
    if isinstance(shape, (int, np.integer)):
        return (int(shape),)
    return tuple(int(s) for s in shape)


def _numel(shape: Tuple[int, ...]) -> int:
    return math.prod(shape)


def _dtype(dtype: DTypeLike) -> np.dtype:
    return np.dtype(dtype)


def _cast_from_double(values: np.ndarray, dtype: np.dtype) -> np.ndarray:
    """``static_cast<scalar_t>(double)``; Half goes through float (``c10::Half(float)``)."""
    if dtype == _F16:
        return values.astype(np.float32).astype(np.float16)
    if dtype == np.bool_:
        return values != 0
    return values.astype(dtype)


def _cast_from_int64(values: np.ndarray, dtype: np.dtype) -> np.ndarray:
    """``static_cast<scalar_t>(int64_t)``; Half goes through float."""
    if dtype == _F16:
        return values.astype(np.float32).astype(np.float16)
    if dtype == np.bool_:
        return values != 0
    return values.astype(dtype)


def _uniform_double(gen: Generator, n: int) -> np.ndarray:
    """``uniform_real_distribution<double>(0, 1)``: 53 bits of ``random64()`` * 2**-53."""
    bits = gen.random64(n) & np.uint64((1 << 53) - 1)
    return bits.astype(np.float64) * (2.0**-53)


def _uniform_float(gen: Generator, n: int) -> np.ndarray:
    """``uniform_real_distribution<float>(0, 1)``: 24 bits of ``random()`` * 2**-24."""
    bits = gen.random32(n) & _U32((1 << 24) - 1)
    return bits.astype(np.float32) * np.float32(2.0**-24)


_COMPLEX_PART = {np.dtype(np.complex64): np.dtype(np.float32), np.dtype(np.complex128): np.dtype(np.float64)}


def _require_float(dtype: np.dtype, what: str) -> None:
    if dtype not in _FLOATS:
        raise TypeError(f"{what}: expected a floating point dtype (float16/32/64), got {dtype}")


# ============================================================================
# uniform
# ============================================================================


def uniform(
    gen: Optional[Generator], shape: ShapeLike, dtype: DTypeLike = np.float32, low: float = 0.0, high: float = 1.0
) -> np.ndarray:
    """``torch.rand`` / ``Tensor.uniform_(low, high)`` on CPU.

    float32 and float16: one ``random()`` per element, ``x`` = 24 bits * 2**-24,
    ``x * (to - from) + from`` as a float32 FMA (float16 rounds the float
    result).  float64: one ``random64()``, 53 bits, float64 FMA.  A result
    that rounds up to ``to`` is replaced by ``from``.
    """
    gen = _gen(gen)
    dtype = _dtype(dtype)
    if dtype.kind == "c":  # PyTorch fills the real view: real and imaginary parts in turn
        part = uniform(gen, _shape(shape) + (2,), _COMPLEX_PART[dtype], low, high)
        return np.ascontiguousarray(part).view(dtype).reshape(_shape(shape))
    _require_float(dtype, "uniform_")
    shape = _shape(shape)
    info = np.finfo(dtype)
    low_d, high_d = float(low), float(high)
    if not (info.min <= low_d <= info.max and info.min <= high_d <= info.max):
        which = "from" if not info.min <= low_d <= info.max else "to"
        cxx = {"float16": "c10::Half", "float32": "float", "float64": "double"}[dtype.name]
        raise RuntimeError(f"{which} is out of bounds for {cxx}")
    if low_d > high_d:
        raise RuntimeError(f"uniform_ expects to return a [from, to) range, but found from={low_d:g} > to={high_d:g}")
    if high_d - low_d > float(info.max):
        raise RuntimeError("uniform_ expects to-from <= numeric_limits::max()")
    n = _numel(shape)
    if dtype == _F64:
        x = _uniform_double(gen, n)
        out = _fma64(x, high_d - low_d, low_d) if (low_d, high_d) != (0.0, 1.0) else x
        lo, hi = low_d, high_d
    else:  # float32, and Half which is computed in float then rounded
        x = _uniform_float(gen, n)
        lo, hi = np.float32(low_d), np.float32(high_d)
        out = _fma32(x, hi - lo, lo) if (lo, hi) != (0.0, 1.0) else x
        if dtype == _F16:
            out = out.astype(np.float16)
            lo, hi = np.float16(lo), np.float16(hi)
    # a value that rounded up to `to` is replaced by `from`, keeping [from, to)
    out = np.where(out == hi, np.asarray(lo, dtype=dtype), out)
    return np.ascontiguousarray(out, dtype=dtype).reshape(shape)


# ============================================================================
# normal
# ============================================================================


def _box_muller_scalar(gen: Generator, n: int) -> np.ndarray:
    """``n`` draws of ``at::normal_distribution<double>`` *before* the
    ``* std + mean`` transform, honouring and updating the generator's cached
    ``next_double_normal_sample``.

    Each fresh pair consumes two ``random64()``: ``u1`` then ``u2``;
    ``r = sqrt(-2 log1p(-u2))``, ``theta = 2 pi u1``; ``r cos(theta)`` is
    returned now and ``r sin(theta)`` cached for the next draw.
    """
    out = np.empty(n, dtype=np.float64)
    start = 0
    if n and gen._next_double_normal is not None:
        out[0] = gen._next_double_normal
        gen._next_double_normal = None
        start = 1
    pairs = (n - start + 1) // 2
    if pairs:
        u = _uniform_double(gen, 2 * pairs)
        u1, u2 = u[0::2], u[1::2]
        r = np.sqrt(-2.0 * _libm.log1p(-u2))
        theta = _TWO_PI * u1
        cos_part = r * _libm.cos(theta)
        sin_part = r * _libm.sin(theta)
        inter = np.empty(2 * pairs, dtype=np.float64)
        inter[0::2] = cos_part
        inter[1::2] = sin_part
        out[start:] = inter[: n - start]
        if (n - start) % 2:
            gen._next_double_normal = float(sin_part[-1])
    return out


def _log256_ps(x: np.ndarray) -> np.ndarray:
    """``log256_ps`` of ``avx_mathfun.h`` (Cephes logf), with GCC's FMA contractions."""
    x = np.maximum(x, np.array(0x00800000, dtype=np.uint32).view(np.float32))
    bits = x.view(np.uint32)
    exponent = (bits >> _U32(23)).astype(np.int32)
    x = ((bits & _U32(0x807FFFFF)) | _U32(0x3F000000)).view(np.float32)
    e = (exponent - 127).astype(np.float32) + np.float32(1.0)
    small = x < np.float32(0.707106781186547524)
    tmp = np.where(small, x, np.float32(0.0))
    x = x - np.float32(1.0)
    e = e - np.where(small, np.float32(1.0), np.float32(0.0))
    x = x + tmp
    z = x * x
    coeffs = (
        -1.1514610310e-1, 1.1676998740e-1, -1.2420140846e-1, 1.4249322787e-1,
        -1.6668057665e-1, 2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1,
    )  # fmt: skip
    y = np.full_like(x, np.float32(7.0376836292e-2))
    for c in coeffs:
        y = _fma32(y, x, np.float32(c))
    y = y * x
    y = _fma32(y, z, e * np.float32(-2.12194440e-4))
    y = y - z * np.float32(0.5)  # z * 0.5 is exact: fused or not, same result
    x = x + y
    return x + e * np.float32(0.693359375)  # exact product


def _sincos256_ps(x: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    """``sincos256_ps`` of ``avx_mathfun.h`` (Cephes sinf/cosf), with GCC's FMA contractions."""
    sign_sin = np.signbit(x)
    x = np.abs(x)
    j = (x * np.float32(1.27323954473516)).astype(np.int32)  # cvttps: truncation
    j = (j + 1) & ~1
    y = j.astype(np.float32)
    sign_sin = sign_sin ^ ((j & 4) != 0)
    sign_cos = (~(j - 2) & 4) != 0
    use_sin_poly = (j & 2) == 0
    for dp in (-0.78515625, -2.4187564849853515625e-4, -3.77489497744594108e-8):
        x = _fma32(y, np.float32(dp), x)
    z = x * x
    yc = np.full_like(x, np.float32(2.443315711809948e-5))
    yc = _fma32(yc, z, np.float32(-1.388731625493765e-3))
    yc = _fma32(yc, z, np.float32(4.166664568298827e-2))
    yc = yc * z
    yc = _fma32(yc, z, -(z * np.float32(0.5)))
    yc = yc + np.float32(1.0)
    ys = np.full_like(x, np.float32(-1.9515295891e-4))
    ys = _fma32(ys, z, np.float32(8.3321608736e-3))
    ys = _fma32(ys, z, np.float32(-1.6666654611e-1))
    ys = ys * z
    ys = _fma32(ys, x, x)
    sin_v = np.where(use_sin_poly, ys, yc)
    cos_v = np.where(use_sin_poly, yc, ys)
    return np.where(sign_sin, -sin_v, sin_v), np.where(sign_cos, -cos_v, cos_v)


def _normal_fill_16_avx2(data: np.ndarray, mean: np.float32, std: np.float32) -> np.ndarray:
    """``normal_fill_16_AVX2`` applied to every 16-block of uniforms (rows of ``data``)."""
    u1 = np.float32(1.0) - data[:, :8]
    u2 = data[:, 8:]
    radius = np.sqrt(np.float32(-2.0) * _log256_ps(u1))
    theta = np.float32(_TWO_PI) * u2
    sin_t, cos_t = _sincos256_ps(theta)
    out = np.empty_like(data)
    out[:, :8] = _scale_shift32(radius * cos_t, std, mean)
    out[:, 8:] = _scale_shift32(radius * sin_t, std, mean)
    return out


def _normal_fill_16_double(data: np.ndarray, mean: float, std: float) -> np.ndarray:
    """``normal_fill_16<double>``: glibc log/cos/sin; ``... * std + mean`` fused."""
    u1 = 1.0 - data[:, :8]
    u2 = data[:, 8:]
    radius = np.sqrt(-2.0 * _libm.log(u1))
    theta = _TWO_PI * u2
    out = np.empty_like(data)
    out[:, :8] = _scale_shift64(radius * _libm.cos(theta), std, mean)
    out[:, 8:] = _scale_shift64(radius * _libm.sin(theta), std, mean)
    return out


def _normal_fill(gen: Generator, n: int, dtype: np.dtype, mean: float, std: float) -> np.ndarray:
    """``normal_fill`` / ``normal_fill_AVX2`` for ``n >= 16`` contiguous elements.

    float32/float64: ``n`` uniforms, Box-Muller on each 16-block (first 8 =
    ``u1``, last 8 = ``u2``); if ``n % 16`` the last 16 slots are refilled with
    16 *fresh* uniforms and transformed again (``n + 16`` draws in all).
    float16: computed block by block in float32 with the AVX2 kernel (float
    mean/std) - only ``n // 16 * 16`` uniforms, then 16 fresh ones for the
    overlapping tail block.
    """
    if dtype == _F64:
        kernel, draw, m, s = _normal_fill_16_double, _uniform_double, mean, std
    else:
        kernel, draw, m, s = _normal_fill_16_avx2, _uniform_float, np.float32(mean), np.float32(std)
    full = n // 16 * 16
    data = draw(gen, full if dtype == _F16 else n)
    out = np.empty(n, dtype=dtype)
    step = _BLOCK_ROWS * 16  # work cache-sized chunks: several times faster
    for lo in range(0, full, step):
        hi = min(lo + step, full)
        out[lo:hi] = kernel(data[lo:hi].reshape(-1, 16), m, s).reshape(-1)
    if n % 16:
        out[n - 16 :] = kernel(draw(gen, 16).reshape(1, 16), m, s).reshape(-1)
    return out


def normal(
    gen: Optional[Generator],
    shape: ShapeLike,
    dtype: DTypeLike = np.float32,
    mean: float = 0.0,
    std: float = 1.0,
    *,
    contiguous: bool = True,
) -> np.ndarray:
    """``torch.randn`` / ``torch.normal(mean, std, size)`` / ``Tensor.normal_`` on CPU.

    * ``numel >= 16`` (contiguous): ``normal_fill`` - float32/float16 via the
      AVX2 Cephes kernel, float64 via libm (see :func:`_normal_fill` for the
      number of uniforms consumed); the normal cache is left untouched.
    * ``numel < 16``: scalar ``normal_distribution<double>`` per element (uses
      and refills the generator's cached Box-Muller sample).

    ``contiguous=False`` mirrors ``normal_`` on a non-contiguous tensor, which
    always takes the scalar path; values come out in the order PyTorch's
    TensorIterator visits the elements (memory order for permuted views).
    """
    gen = _gen(gen)
    dtype = _dtype(dtype)
    if dtype.kind == "c":  # PyTorch: normal_ on the real view with std / sqrt(2) (unit total variance)
        part = normal(gen, _shape(shape) + (2,), _COMPLEX_PART[dtype], mean, float(std) / math.sqrt(2),
                      contiguous=contiguous)
        return np.ascontiguousarray(part).view(dtype).reshape(_shape(shape))
    _require_float(dtype, "normal_")
    std = float(std)
    mean = float(mean)
    if not std >= 0.0:
        raise RuntimeError(f"normal expects std >= 0.0, but found std {std:g}")  # C++ ostream formatting
    shape = _shape(shape)
    n = _numel(shape)
    if n >= 16 and contiguous:
        out = _normal_fill(gen, n, dtype, mean, std)
    else:
        base = _box_muller_scalar(gen, n)
        out = _cast_from_double(_scale_shift64(base, std, mean), dtype)
    return out.reshape(shape)


def normal_tensor(
    gen: Optional[Generator],
    mean: Union[np.ndarray, float],
    std: Union[np.ndarray, float],
    dtype: Optional[DTypeLike] = None,
) -> np.ndarray:
    """``torch.normal(mean, std)`` with tensor mean and/or std (broadcast).

    PyTorch fills the broadcast output with ``normal_(0, 1)`` (or
    ``normal_(0, std)`` when only ``mean`` is a tensor), then runs
    ``output.mul_(std).add_(mean)`` as separate, unfused kernels.
    """
    gen = _gen(gen)
    mean_is_t = isinstance(mean, np.ndarray)
    std_is_t = isinstance(std, np.ndarray)
    if dtype is None:
        dtype = mean.dtype if mean_is_t else (std.dtype if std_is_t else np.float32)
    dtype = _dtype(dtype)
    if std_is_t and std.size and not (std >= 0).all():
        raise RuntimeError("normal expects all elements of std >= 0.0")
    if not mean_is_t and not std_is_t:
        return normal(gen, (), dtype, mean, std)
    if mean_is_t and not std_is_t:
        out = normal(gen, mean.shape, dtype, 0.0, float(std))
        return (out + mean.astype(dtype)).astype(dtype)
    shape = np.broadcast_shapes(np.shape(mean), std.shape)
    out = normal(gen, shape, dtype, 0.0, 1.0)
    out = (out * std.astype(dtype)).astype(dtype)
    return (out + np.asarray(mean, dtype=dtype)).astype(dtype)


# ============================================================================
# random_ / randint
# ============================================================================

_INT_RANGES = {
    np.dtype(np.bool_): (0, 1),
    np.dtype(np.uint8): (0, 255),
    np.dtype(np.int8): (-128, 127),
    np.dtype(np.int16): (-(1 << 15), (1 << 15) - 1),
    np.dtype(np.int32): (-(1 << 31), (1 << 31) - 1),
    np.dtype(np.int64): (-(1 << 63), (1 << 63) - 1),
}


def _as_dtype_int(value: int, dtype: np.dtype) -> Optional[int]:
    """``static_cast<int64_t>(static_cast<scalar_t>(value))``; ``None`` if not finite."""
    with np.errstate(over="ignore"):
        cast = float(_cast_from_int64(np.array([value], np.int64), dtype)[0])
    return int(cast) if math.isfinite(cast) else None


def _update_from(frm: int, dtype: np.dtype) -> int:
    """``update_from<scalar_t>``: move ``from`` right until it survives the cast."""
    plus_1 = _as_dtype_int(frm + 1, dtype)
    if plus_1 is not None and plus_1 < frm:
        n = max(abs(frm + 1).bit_length() - 1, 0)
        frm = plus_1 + (1 << (n - _DIGITS[dtype] + 1))
    return frm


def _update_to(to: int, dtype: np.dtype) -> int:
    """``update_to<scalar_t>``: move ``to`` left until ``to - 1`` survives the cast."""
    minus_1 = _as_dtype_int(to - 1, dtype)
    if minus_1 is not None and minus_1 >= to:
        n = max(abs(to - 1).bit_length() - 1, 0)
        to = minus_1 - (1 << (n - _DIGITS[dtype] + 1))
    return to


def _check_from_to(frm: int, to_inc: int, dtype: np.dtype) -> None:
    """``check_from_to_in_range``."""
    if dtype in _FLOATS:
        lo, hi = float(np.finfo(dtype).min), float(np.finfo(dtype).max)
    elif dtype in _INT_RANGES:
        lo, hi = _INT_RANGES[dtype]
    else:
        raise TypeError(f"random_: unsupported dtype {dtype}")
    if not lo <= frm <= hi or not lo <= to_inc <= hi:
        cxx = {"int8": "signed char", "int16": "short int", "int32": "int", "int64": "long int", "uint8": "unsigned char",
               "float16": "c10::Half", "float32": "float", "float64": "double"}.get(np.dtype(dtype).name, str(dtype))
        raise RuntimeError(f"{'from' if not lo <= frm <= hi else 'to - 1'} is out of bounds for {cxx}")
    if dtype in _FLOATS:
        _warn_float_range(frm, to_inc, dtype)


def _warn_float_range(frm: int, to_inc: int, dtype: np.dtype) -> None:
    """``check_from_to_in_range``'s warning: a float type draws exact integers only up to 2**digits."""
    import warnings
    from ._hints import _user_stacklevel
    digits = _DIGITS[dtype]
    bound = 1 << digits
    cxx = {"float16": "c10::Half", "float32": "float", "float64": "double"}[np.dtype(dtype).name]
    tail = (f" is out of bounds [-(2^{digits}), 2^{digits}]. Due to precision limitations {cxx} can support discrete "
            "uniform distribution only within this range. This warning will become an error in version 1.7 release, "
            "please fix the code in advance (Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/"
            "DistributionTemplates.h:")
    if not -bound <= frm <= bound:
        warnings.warn("from" + tail + "110.)", UserWarning, stacklevel=_user_stacklevel())
    if not -bound <= to_inc <= bound:
        warnings.warn("to - 1" + tail + "111.)", UserWarning, stacklevel=_user_stacklevel())


def _random_from_to(gen: Generator, n: int, dtype: np.dtype, rng: int, base: int) -> np.ndarray:
    """``uniform_int_from_to_distribution``: ``(val % range) + base`` in uint64,
    with ``val = random64()`` if ``range >= 2**28`` ("allow approx 5% skew")
    else ``random()``, whatever the dtype."""
    if rng >= (1 << 28):
        vals = gen.random64(n)
    else:
        vals = gen.random32(n).astype(np.uint64)
    res = (vals % np.uint64(rng)) + np.uint64(base & 0xFFFFFFFFFFFFFFFF)  # (array arithmetic wraps silently)
    return _cast_from_int64(res.view(np.int64), dtype)


def _random_default(gen: Generator, n: int, dtype: np.dtype) -> np.ndarray:
    """``uniform_int_distribution`` (``random_()`` without bounds)."""
    if dtype in (np.dtype(np.int64), _F64):
        vals = gen.random64(n)
    else:
        vals = gen.random32(n).astype(np.uint64)
    if dtype == np.bool_:
        return (vals & np.uint64(1)).astype(np.bool_)
    if dtype in _FLOATS:
        modulus = (1 << _DIGITS[dtype]) + 1
    elif dtype in _INT_RANGES:
        modulus = _INT_RANGES[dtype][1] + 1
    else:
        raise TypeError(f"random_: unsupported dtype {dtype}")
    return _cast_from_int64((vals % np.uint64(modulus)).astype(np.int64), dtype)


def random_(
    gen: Optional[Generator],
    shape: ShapeLike,
    dtype: DTypeLike = np.int64,
    low: Optional[int] = None,
    high: Optional[int] = None,
) -> np.ndarray:
    """``Tensor.random_`` on CPU.

    * no bounds: ``random_()`` - ``[0, 2**mantissa]`` for floats, ``[0, max]`` for
      integers (int64/float64 draw ``random64()``, others ``random()``);
    * ``high`` only: ``random_(to)`` = ``[0, high)``;
    * ``low`` and ``high``: ``random_(from, to)`` = ``[low, high)``;
    * ``low`` only: ``random_(from, None)`` = ``[low, max]``;
      ``low = -2**63`` draws the full 64-bit range.
    """
    gen = _gen(gen)
    dtype = _dtype(dtype)
    shape = _shape(shape)
    n = _numel(shape)
    if low is None and high is None:
        return _random_default(gen, n, dtype).reshape(shape)
    frm = 0 if low is None else operator.index(low)
    if high is not None:
        to = operator.index(high)
        if frm >= to:
            raise RuntimeError(f"random_ expects 'from' to be less than 'to', but got from={frm} >= to={to}")
        if dtype in _FLOATS:
            frm, to = _update_from(frm, dtype), _update_to(to, dtype)
            if frm >= to:
                raise RuntimeError("random_ expects 'from' casted to dtype to be less than 'to' casted to dtype")
        _check_from_to(frm, to - 1, dtype)
        return _random_from_to(gen, n, dtype, to - frm, frm).reshape(shape)
    if frm == -(1 << 63):
        if dtype not in (np.dtype(np.int64), _F64, _F32):
            raise RuntimeError("random_full_64_bits_range handles only int64, double, float and bfloat16")
        return _cast_from_int64(gen.random64(n).view(np.int64), dtype).reshape(shape)
    if dtype in _FLOATS:
        to_inc = 1 << _DIGITS[dtype]
        frm = _update_from(frm, dtype)
        if frm >= to_inc:
            raise RuntimeError("random_ expects 'from' casted to dtype to be less than or equal to 'to_inc'")
    elif dtype in _INT_RANGES:
        to_inc = _INT_RANGES[dtype][1]
    else:
        raise TypeError(f"random_: unsupported dtype {dtype}")
    _check_from_to(frm, to_inc, dtype)
    return _random_from_to(gen, n, dtype, to_inc - frm + 1, frm).reshape(shape)


def randint(
    gen: Optional[Generator], low: int, high: int, shape: ShapeLike, dtype: DTypeLike = np.int64
) -> np.ndarray:
    """``torch.randint(low, high, size)``: ``empty(size).random_(low, high)``."""
    return random_(gen, shape, dtype, low, high)


def draw_seed(gen: Optional[Generator] = None) -> int:
    """``torch.empty((), dtype=torch.int64).random_(generator=gen).item()``:
    ``random64() % 2**63``.  This is how ``RandomSampler`` and the DataLoader
    iterator (``_base_seed``) derive seeds from the default generator."""
    return int(random_(gen, (), np.int64)[()])


# ============================================================================
# randperm
# ============================================================================


def _apply_forward_shuffle(n: int, offsets: np.ndarray) -> np.ndarray:
    """Result of ``for i < n-1: swap(a[i], a[i + offsets[i]])`` on ``a = arange(n)``,
    computed without a Python loop.

    Let ``j_i = i + offsets[i]`` and ``a_p`` be the value sitting at position
    ``p`` when step ``p`` starts.  Position ``p`` was last written by the latest
    step ``k < p`` with ``j_k = p`` (it then received ``a_k``), else it still
    holds ``p``: so ``a`` is the root of a forest, found by pointer jumping.
    Step ``i`` then stores ``a_i`` if ``j_i = i``, else the value at ``j_i``:
    ``a_k`` for the latest earlier step ``k`` with the same target, or ``j_i``.
    """
    steps = np.arange(n - 1, dtype=np.int64)
    target = steps + offsets
    key = np.sort(target * n + steps)  # by target, then by step
    t_sorted, order = np.divmod(key, n)
    same = t_sorted[1:] == t_sorted[:-1]
    prev_same_target = np.full(n - 1, -1, dtype=np.int64)
    prev_same_target[order[1:][same]] = order[:-1][same]

    # parent[p] = last step k < p with target p: the last of p's group, or the
    # one before it when the last is step p itself (a no-op swap).
    parent = np.arange(n, dtype=np.int64)
    ends = np.flatnonzero(np.append(~same, True))
    group = t_sorted[ends]
    self_swap = order[ends] == group
    cand = ends - self_swap
    valid = ~self_swap | ((cand >= 0) & (t_sorted[np.maximum(cand, 0)] == group))
    parent[group[valid]] = order[cand[valid]]
    while True:
        grand = parent[parent]
        if np.array_equal(grand, parent):
            break
        parent = grand
    before = parent  # a_p

    result = np.empty(n, dtype=np.int64)
    displaced = np.where(prev_same_target >= 0, before[np.maximum(prev_same_target, 0)], target)
    result[:-1] = np.where(target == steps, before[:-1], displaced)
    result[-1] = before[-1]
    return result


def randperm(gen: Optional[Generator], n: int, dtype: DTypeLike = np.int64) -> np.ndarray:
    """``torch.randperm(n)`` on CPU (``randperm_cpu``).

    For ``n < 2**32 / 20``: forward Fisher-Yates on ``arange(n)``, step ``i``
    swapping with ``i + random() % (n - i)`` (``n - 1`` draws of 32 bits).
    Larger ``n``: "inside-out" shuffle with ``random64() % (i + 1)`` (``n`` draws).
    """
    gen = _gen(gen)
    dtype = _dtype(dtype)
    n = operator.index(n)
    if n < 0:
        raise RuntimeError(f"n must be non-negative, got{n}")
    if dtype == np.bool_:
        raise NotImplementedError("\"randperm\" not implemented for 'Bool'")
    if dtype == _F16 and n > (1 << _DIGITS[dtype]) + 1:
        raise RuntimeError(f"n cannot be greater than {(1 << _DIGITS[dtype]) + 1} for Half type.")
    if dtype in _FLOATS and n > (1 << _DIGITS[dtype]) + 1:
        name = "Float" if dtype == _F32 else "Double"
        raise RuntimeError(f"n cannot be greater than 2^{_DIGITS[dtype]}+1 for {name} type.")
    if dtype in _INT_RANGES and n - 1 > _INT_RANGES[dtype][1]:
        cxx = {"int8": "int8_t", "int16": "int16_t", "int32": "int", "uint8": "uint8_t"}.get(dtype.name, dtype.name)
        raise RuntimeError(f"value cannot be converted to type {cxx} without overflow")
    if n <= 1:
        return np.arange(n, dtype=np.int64).astype(dtype)
    if n < _RANDPERM_SMALL_N:
        draws = gen.random32(n - 1).astype(np.int64)
        offsets = draws % (n - np.arange(n - 1, dtype=np.int64))
        perm = _apply_forward_shuffle(n, offsets)
    else:
        draws = gen.random64(n)
        perm = np.empty(n, dtype=np.int64)
        for i, r in enumerate(draws.tolist()):  # pragma: no cover - n >= 2e8
            z = r % (i + 1)
            perm[i] = perm[z]
            perm[z] = i
    return _cast_from_int64(perm, dtype)


# ============================================================================
# bernoulli
# ============================================================================


def bernoulli(
    gen: Optional[Generator],
    p: Union[float, np.ndarray],
    shape: Optional[ShapeLike] = None,
    dtype: DTypeLike = np.float32,
) -> np.ndarray:
    """``torch.bernoulli(p_tensor)`` / ``Tensor.bernoulli_(p)`` on CPU.

    * ``p`` an array (tensor path, ``bernoulli_tensor_cpu``): ``p`` is broadcast
      to ``shape`` (default ``p.shape``); float64 ``p`` draws one
      ``random64()`` double per element, any other ``p`` dtype one ``random()``
      float (24 bits); result ``u < p``.
    * ``p`` a Python float (scalar path, ``bernoulli_scalar_cpu_``): one
      ``random64()`` double per element.  (PyTorch+MKL on *Intel* CPUs uses a
      different MKL stream here; that path is not mirrored.)
    """
    gen = _gen(gen)
    dtype = _dtype(dtype)
    if isinstance(p, np.ndarray):
        shape = p.shape if shape is None else _shape(shape)
        probs = np.broadcast_to(p, shape)
        bad = np.flatnonzero(~((probs >= 0) & (probs <= 1))) if p.dtype.kind == "f" else ()
        if len(bad):  # ATen checks each element before its draw: the ones before it are drawn
            (_uniform_double if p.dtype == _F64 else _uniform_float)(gen, int(bad[0]))
            raise RuntimeError("Expected p_in >= 0 && p_in <= 1 to be true, but got false.  (Could this error message be improved?  If so, please report an enhancement request to PyTorch.)")
        if p.dtype == _F64:
            u = _uniform_double(gen, probs.size).reshape(shape)
            hits = u < probs
        else:
            if p.dtype not in (_F16, _F32):
                from ._dtype import SCALAR_TYPE_NAMES
                raise NotImplementedError("\"bernoulli_tensor_cpu_p_\" not implemented for "
                                          f"'{SCALAR_TYPE_NAMES.get(p.dtype.name, p.dtype.name)}'")
            u = _uniform_float(gen, probs.size).reshape(shape)
            hits = u < probs.astype(np.float32)
    else:
        p = float(p)
        if not 0.0 <= p <= 1.0:
            raise RuntimeError(f"bernoulli_ expects p to be in [0, 1], but got p={p:g}")
        shape = _shape(() if shape is None else shape)
        hits = _uniform_double(gen, _numel(shape)).reshape(shape) < p
    return hits.astype(dtype)


# ============================================================================
# exponential, cauchy, log_normal, geometric
# ============================================================================


def exponential(
    gen: Optional[Generator], shape: ShapeLike, dtype: DTypeLike = np.float32, lambd: float = 1.0
) -> np.ndarray:
    """``Tensor.exponential_(lambd)`` on CPU: one ``random64()`` double ``u`` per
    element, ``-1/lambd * log1p(-u)`` in double, cast to ``dtype``."""
    gen = _gen(gen)
    dtype = _dtype(dtype)
    _require_float(dtype, "exponential_")
    lambd = float(lambd)
    if not lambd > 0.0:
        raise RuntimeError(f"exponential_ expects lambda > 0.0, but found lambda={lambd:g}")
    shape = _shape(shape)
    u = _uniform_double(gen, _numel(shape))
    with np.errstate(divide="ignore"):
        vals = (-1.0 / lambd) * _libm.log1p(-u)
    return _cast_from_double(vals, dtype).reshape(shape)


def cauchy(
    gen: Optional[Generator], shape: ShapeLike, dtype: DTypeLike = np.float32, median: float = 0.0, sigma: float = 1.0
) -> np.ndarray:
    """``Tensor.cauchy_(median, sigma)``: ``median + sigma * tan(pi * (u - 0.5))``
    in double (fused multiply-add), one ``random64()`` per element."""
    gen = _gen(gen)
    dtype = _dtype(dtype)
    _require_float(dtype, "cauchy_")
    if not float(sigma) > 0.0:
        raise RuntimeError(f"cauchy_ expects sigma > 0.0, but found sigma={float(sigma):g}")
    shape = _shape(shape)
    u = _uniform_double(gen, _numel(shape))
    vals = _fma64(float(sigma), _libm.tan(math.pi * (u - 0.5)), float(median))
    return _cast_from_double(vals, dtype).reshape(shape)


def log_normal(
    gen: Optional[Generator], shape: ShapeLike, dtype: DTypeLike = np.float32, mean: float = 1.0, std: float = 2.0
) -> np.ndarray:
    """``Tensor.log_normal_(mean, std)``: ``exp`` of the *scalar* cached
    Box-Muller ``normal_distribution<double>`` for every size."""
    gen = _gen(gen)
    dtype = _dtype(dtype)
    _require_float(dtype, "log_normal_")
    if not float(std) > 0.0:
        raise RuntimeError(f"log_normal_ expects std > 0.0, but found std={std:g}")
    shape = _shape(shape)
    base = _box_muller_scalar(gen, _numel(shape))
    with np.errstate(over="ignore"):
        vals = _libm.exp(_fma64(base, float(std), float(mean)))
    return _cast_from_double(vals, dtype).reshape(shape)


def geometric(gen: Optional[Generator], shape: ShapeLike, dtype: DTypeLike = np.float32, p: float = 0.5) -> np.ndarray:
    """``Tensor.geometric_(p)``: ``ceil(log(u) / log1p(-p))`` in double, one
    ``random64()`` per element, cast to ``dtype`` (integer dtypes allowed)."""
    gen = _gen(gen)
    dtype = _dtype(dtype)
    p = float(p)
    if not 0.0 < p < 1.0:
        raise RuntimeError(f"geometric_ expects p to be in (0, 1), but got p={p:g}")
    shape = _shape(shape)
    u = _uniform_double(gen, _numel(shape))
    with np.errstate(divide="ignore"):
        vals = np.ceil(_libm.log(u) / math.log1p(-p))
    return _cast_from_double(vals, dtype).reshape(shape)


# ============================================================================
# multinomial
# ============================================================================


def multinomial(
    gen: Optional[Generator], probs: np.ndarray, num_samples: int, replacement: bool = False
) -> np.ndarray:
    """``torch.multinomial(probs, num_samples, replacement)`` on CPU (1-D or 2-D).

    * without replacement, or ``num_samples == 1``: exponential race -
      ``q = empty_like(probs).exponential_(1)``, ``argmax``/``topk`` of ``probs / q``;
    * with replacement: per row, normalised float cumulative sums and one
      ``random64()`` double per sample, binary-searched (first ``cdf >= u``).
    """
    gen = _gen(gen)
    p = np.asarray(probs)
    if p.ndim not in (1, 2):
        raise RuntimeError("prob_dist must be 1 or 2 dim")
    if p.dtype not in _FLOATS:
        from ._dtype import SCALAR_TYPE_NAMES
        raise RuntimeError("multinomial only supports floating-point dtypes for input, got: "
                           f"{SCALAR_TYPE_NAMES.get(p.dtype.name, p.dtype.name)}")
    num_samples = operator.index(num_samples)
    n_cat = p.shape[-1]
    if num_samples <= 0:
        raise RuntimeError("cannot sample n_sample <= 0 samples")
    if not replacement and num_samples > n_cat:
        raise RuntimeError("cannot sample n_sample > prob_dist.size(-1) samples without replacement")
    if not replacement or num_samples == 1:
        if not (np.all(p < np.inf) and np.all(p >= 0)):
            raise RuntimeError("probability tensor contains either `inf`, `nan` or element < 0")
        if np.any(p.sum(axis=-1) == 0):
            raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")
        from .ops._layout import drawn_for  # q = empty_like(probs): drawn in probs' memory order
        q = drawn_for(p, lambda shape: exponential(gen, shape, p.dtype, 1.0))
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = p / q
        if num_samples == 1:
            return np.argmax(ratio, axis=-1)[..., None].astype(np.int64)
        order = np.argsort(-ratio, axis=-1, kind="stable")
        return order[..., :num_samples].astype(np.int64)
    return _multinomial_with_replacement(gen, p, num_samples)


def _raise_bad_multinomial_row(rows: np.ndarray, total: np.ndarray) -> None:
    """The kernel's checks, row by row and entry by entry: a negative or NaN entry fails ``val >= 0``,
    an infinite one ``isfinite``, then a row whose sum is not positive."""
    for r in range(rows.shape[0]):
        for val in rows[r]:
            if not val >= 0:
                raise RuntimeError("invalid multinomial distribution (encountering probability entry < 0)")
            if not np.isfinite(val):
                raise RuntimeError("invalid multinomial distribution (encountering probability entry = infinity "
                                   "or NaN)")
        if not total[r, 0] > 0:
            raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")


def _multinomial_with_replacement(gen: Generator, p: np.ndarray, num_samples: int) -> np.ndarray:
    """``multinomial_with_replacement_apply`` (cpu/MultinomialKernel.cpp)."""
    rows = p.reshape(-1, p.shape[-1])
    acc = np.float32 if p.dtype == _F16 else p.dtype  # Half accumulates in float
    cdf = np.cumsum(rows.astype(acc), axis=-1, dtype=acc)  # sequential, like the kernel
    total = cdf[:, -1:].copy()
    if not np.isfinite(rows).all() or (rows < 0).any() or (total <= 0).any():
        _raise_bad_multinomial_row(rows, total)
    cdf = (cdf / total).astype(acc)
    cdf[:, -1] = 1
    u = _uniform_double(gen, rows.shape[0] * num_samples).reshape(rows.shape[0], num_samples)
    out = np.empty(u.shape, dtype=np.int64)
    for r in range(rows.shape[0]):
        out[r] = np.searchsorted(cdf[r].astype(np.float64), u[r], side="left")
    return out.reshape(p.shape[:-1] + (num_samples,))
