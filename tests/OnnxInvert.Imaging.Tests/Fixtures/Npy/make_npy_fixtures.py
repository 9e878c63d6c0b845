#!/usr/bin/env python3
"""Regenerates the NPY fixtures next to this script with NumPy (run: python3 make_npy_fixtures.py).

The values are simple formulas that the C# tests recompute; the tests also check that OnnxInvert writes
byte-identical files for the plain fixtures, so numpy itself is not needed to run the tests.
"""
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def save(name, array, **kwargs):
    path = os.path.join(HERE, name)
    np.save(path, array, **kwargs)


def write_version(name, array, version):
    with open(os.path.join(HERE, name), "wb") as f:
        np.lib.format.write_array(f, array, version=version)


# Readable, and byte-identical to what NpyFile.Write produces.
save("f4_2x3.npy", (np.arange(6, dtype=np.float32) * 0.5 - 1).reshape(2, 3))
save("f8_scalar.npy", np.array(3.25, dtype=np.float64))
save("u1_4.npy", np.array([0, 1, 127, 255], dtype=np.uint8))
save("i4_2x2.npy", np.array([[-7, 0], [1, 2**31 - 1]], dtype=np.int32))
save("i8_3.npy", np.array([-1, 0, 2**40], dtype=np.int64))
save("f4_0x3.npy", np.zeros((0, 3), dtype=np.float32))
save("f4_2x1x3x2.npy", (np.arange(12, dtype=np.float32) / 4).reshape(2, 1, 3, 2))

# Readable in other header versions (same data as f4_2x3).
write_version("f4_2x3_v2.npy", (np.arange(6, dtype=np.float32) * 0.5 - 1).reshape(2, 3), (2, 0))
write_version("f4_2x3_v3.npy", (np.arange(6, dtype=np.float32) * 0.5 - 1).reshape(2, 3), (3, 0))

# Rejected.
save("f4_fortran_2x3.npy", np.asfortranarray(np.arange(6, dtype=np.float32).reshape(2, 3)))
save("f4_bigendian_3.npy", np.arange(3, dtype=">f4"))
save("object_2.npy", np.array([1, "a"], dtype=object), allow_pickle=True)
save("structured_2.npy", np.zeros(2, dtype=[("a", "<f4"), ("b", "<i4")]))
save("f2_3.npy", np.arange(3, dtype=np.float16))
