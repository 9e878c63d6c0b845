"""Fashion-MNIST from Debian's apt package ``dataset-fashion-mnist`` (the original IDX files, 60,000 train and 10,000
test images of 28x28 8-bit grey levels, 10 classes).

The official split is kept: generators train on the 60,000 training images, and held-out evaluation uses the
10,000 test images, which no generator here ever sees. Files are read in place (gzip or plain IDX) from
``$FASHION_MNIST_DIR`` (default /usr/share/datasets/fashion-mnist/); nothing is downloaded.

Usage as a script (prints the sizes and class counts):
    /usr/bin/python3 -m tools.datasets.fashion_mnist
"""
from __future__ import annotations

import gzip
import os
import struct
import sys
from pathlib import Path

import numpy as np

DEFAULT_DIR = Path("/usr/share/datasets/fashion-mnist")
CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
FILES = {
    "train": ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
    "test": ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"),
}


def data_dir() -> Path:
    return Path(os.environ.get("FASHION_MNIST_DIR", str(DEFAULT_DIR)))


def _find(stem: str) -> Path:
    d = data_dir()
    for name in (stem, stem + ".gz"):
        if (d / name).exists():
            return d / name
    matches = sorted(d.rglob(stem + "*")) if d.exists() else []
    if matches:
        return matches[0]
    raise FileNotFoundError(f"Fashion-MNIST file {stem}[.gz] not found under {d}: install it with "
                            f"`apt-get install dataset-fashion-mnist` or set FASHION_MNIST_DIR")


def _read_idx(path: Path, rank: int) -> np.ndarray:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as f:
        data = f.read()
    zero, dtype, dims = struct.unpack(">HBB", data[:4])
    if zero != 0 or dtype != 0x08 or dims != rank:
        raise ValueError(f"{path}: not an IDX file of unsigned bytes with {rank} dimensions")
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    body = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims)
    if body.size != int(np.prod(shape)):
        raise ValueError(f"{path}: {body.size} values, header says {shape}")
    return body.reshape(shape)


def load(split: str) -> tuple[np.ndarray, np.ndarray]:
    """Return (images float32 [N, 1, 28, 28] in [0, 1], labels int64 [N]) for 'train' or 'test'."""
    if split not in FILES:
        raise ValueError(f"split must be 'train' or 'test', got {split!r}")
    images_stem, labels_stem = FILES[split]
    images = _read_idx(_find(images_stem), 3)
    labels = _read_idx(_find(labels_stem), 1)
    if len(images) != len(labels):
        raise ValueError(f"{split}: {len(images)} images but {len(labels)} labels")
    return (images.astype(np.float32) / np.float32(255.0))[:, None, :, :], labels.astype(np.int64)


def source() -> str:
    return f"Debian package dataset-fashion-mnist (original IDX files, {data_dir()})"


def main() -> None:
    for split in FILES:
        images, labels = load(split)
        counts = np.bincount(labels, minlength=10)
        print(f"{split}: {images.shape}, classes {counts.tolist()}")


if __name__ == "__main__":
    sys.exit(main())
