"""Array backends: NumPy on the CPU, CuPy (optional) on NVIDIA GPUs.

Following Chainer's ``xp`` idiom, the array module is resolved from the array
itself (``device.get_array_module``) instead of being looked up per op from
arguments; NumPy arrays and CuPy arrays carry their own methods and operators,
so most ops need no dispatch at all.  See ``device.py``.
"""
