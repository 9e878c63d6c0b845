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

# Readable, converted on the way in (Fortran order to C order, byte order, float16 to float32, bool to uint8).
save("f4_fortran_2x3.npy", np.asfortranarray(np.arange(6, dtype=np.float32).reshape(2, 3)))
save("i4_fortran_2x3x4.npy", np.asfortranarray(np.arange(24, dtype=np.int32).reshape(2, 3, 4)))
save("u1_fortran_3x2.npy", np.arange(6, dtype=np.uint8).reshape(2, 3).T)
save("f4_bigendian_3.npy", np.arange(3, dtype=">f4"))
save("f8_bigendian_2x2.npy", np.array([[1.5, -2.0], [1e300, -0.0]], dtype=">f8"))
save("i8_bigendian_2.npy", np.array([-2, 2**40], dtype=">i8"))
save("f2_3.npy", np.arange(3, dtype=np.float16))
save("f2_bigendian_4.npy", np.array([0.5, -1.25, 65504, np.inf], dtype=">f2"))
save("b1_2x2.npy", np.array([[True, False], [False, True]]))

# Rejected.
save("object_2.npy", np.array([1, "a"], dtype=object), allow_pickle=True)
save("structured_2.npy", np.zeros(2, dtype=[("a", "<f4"), ("b", "<i4")]))
save("c8_2.npy", np.array([1 + 2j, 3 - 4j], dtype=np.complex64))
save("u2_2.npy", np.array([1, 65535], dtype=np.uint16))
