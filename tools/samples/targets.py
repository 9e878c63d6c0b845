"""Write chosen held-out images as inversion targets: one 8-bit grayscale PNG each (checked to round-trip exactly),
targets.npy (float32 [N, 1, H, W] in [0, 1], in the order given) and labels.npy (int64 [N]). Shared by
samples/make_mnist.py and samples/make_fashion.py."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from tools.common import png_writer


def write(out: Path, images: np.ndarray, labels: np.ndarray, chosen: list[tuple[int, str]]) -> None:
    """Writes images[i] as out/name for every (i, name) in `chosen`, then targets.npy and labels.npy in that order.
    Old PNGs in `out` are removed first, so the folder holds exactly this selection."""
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.png"):
        old.unlink()
    for index, name in chosen:
        png_writer.write_gray8(out / name, images[index, 0])
        if not np.array_equal(png_writer.read_gray8(out / name).astype(np.float32) / np.float32(255), images[index, 0]):
            raise AssertionError(f"{name}: PNG round trip is not exact")
    np.save(out / "targets.npy", np.stack([images[i] for i, _ in chosen]).astype(np.float32))
    np.save(out / "labels.npy", np.array([labels[i] for i, _ in chosen], dtype=np.int64))
