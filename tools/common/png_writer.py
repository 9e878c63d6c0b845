"""Minimal PNG writer (8-bit grayscale or RGB), using only zlib and struct.

No PIL/Pillow is available on the build machines, so sample grids and target digits are written with
this helper. Output is deterministic: fixed compression level, no timestamps or text chunks.
"""
from __future__ import annotations

import struct
import zlib
from pathlib import Path

import numpy as np

_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _chunk(kind: bytes, payload: bytes) -> bytes:
    crc = zlib.crc32(kind + payload) & 0xFFFFFFFF
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)


def to_uint8(image: np.ndarray) -> np.ndarray:
    """Map a float image in [0, 1] to uint8 (round half to even, clipped). uint8 input passes through."""
    a = np.asarray(image)
    if a.dtype == np.uint8:
        return a
    return np.clip(np.rint(a.astype(np.float64) * 255.0), 0, 255).astype(np.uint8)


def encode_gray8(image: np.ndarray) -> bytes:
    """Encode a 2-D array (H, W) as an 8-bit grayscale PNG. Floats are taken to be in [0, 1]."""
    pixels = to_uint8(image)
    if pixels.ndim != 2:
        raise ValueError(f"expected a 2-D image, got shape {pixels.shape}")
    height, width = pixels.shape
    # Each scanline is prefixed with filter type 0 (None).
    raw = b"".join(b"\x00" + pixels[row].tobytes() for row in range(height))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # bit depth 8, colour type 0 (gray)
    return _SIGNATURE + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", zlib.compress(raw, 9)) + _chunk(b"IEND", b"")


def write_gray8(path: str | Path, image: np.ndarray) -> None:
    Path(path).write_bytes(encode_gray8(image))


def encode_rgb8(image: np.ndarray) -> bytes:
    """Encode an (H, W, 3) array as an 8-bit RGB PNG. Floats are taken to be in [0, 1]."""
    pixels = to_uint8(image)
    if pixels.ndim != 3 or pixels.shape[2] != 3:
        raise ValueError(f"expected an (H, W, 3) image, got shape {pixels.shape}")
    height, width, _ = pixels.shape
    raw = b"".join(b"\x00" + pixels[row].tobytes() for row in range(height))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # bit depth 8, colour type 2 (RGB)
    return _SIGNATURE + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", zlib.compress(raw, 9)) + _chunk(b"IEND", b"")


def write_rgb8(path: str | Path, image: np.ndarray) -> None:
    Path(path).write_bytes(encode_rgb8(image))


def read_gray8(path: str | Path) -> np.ndarray:
    """Decode an 8-bit grayscale, non-interlaced PNG written by this module (filter type 0 only)."""
    data = Path(path).read_bytes()
    if data[:8] != _SIGNATURE:
        raise ValueError("not a PNG file")
    pos, idat, width, height = 8, b"", 0, 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind, payload = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", payload)
            if (depth, colour, interlace) != (8, 0, 0):
                raise ValueError("only 8-bit grayscale non-interlaced PNG is supported")
        elif kind == b"IDAT":
            idat += payload
    rows = np.frombuffer(zlib.decompress(idat), dtype=np.uint8).reshape(height, width + 1)
    if np.any(rows[:, 0] != 0):
        raise ValueError("only filter type 0 is supported")
    return rows[:, 1:].copy()


def grid(images: np.ndarray, columns: int, pad: int = 2, background: float = 0.0) -> np.ndarray:
    """Tile images (N, H, W) or (N, 1, H, W) into one 2-D image, or (N, 3, H, W) into one (H', W', 3) image, with
    `pad` pixels between tiles."""
    a = np.asarray(images, dtype=np.float32)
    if a.ndim == 4 and a.shape[1] == 3:
        a = a.transpose(0, 2, 3, 1)
    elif a.ndim == 4:
        a = a[:, 0]
    n, h, w = a.shape[:3]
    rows = (n + columns - 1) // columns
    out = np.full((rows * (h + pad) + pad, columns * (w + pad) + pad, *a.shape[3:]), background, dtype=np.float32)
    for i in range(n):
        r, c = divmod(i, columns)
        y, x = pad + r * (h + pad), pad + c * (w + pad)
        out[y:y + h, x:x + w] = a[i]
    return out
