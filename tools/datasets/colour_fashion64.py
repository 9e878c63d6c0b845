"""Fashion-MNIST upscaled to 64x64 and colourised: the stand-in RGB data for the 64x64 DCGAN (tools/training/dcgan64.py).

No 64x64 RGB dataset is reachable from the build machines, so each 28x28 Fashion-MNIST image (apt
`dataset-fashion-mnist`, tools/datasets/fashion_mnist.py) is upscaled bilinearly to 64x64 and painted: the garment in
a foreground colour, the background in a dark colour, both drawn per image from a generator seeded by the split and
the image's index, so every image's colours are the same on every run:

    rgb = x * foreground + (1 - x) * background,  foreground ~ U[0.25, 1]^3,  background ~ U[0, 0.3]^3

This is synthetic colour on real shapes; it serves performance work and demos, not claims about natural images.
"""
from __future__ import annotations

import numpy as np
import torch
from torch.nn import functional

from tools.datasets import fashion_mnist

SIZE = 64
SEEDS = {"train": 0, "test": 1}


def colourise(gray: np.ndarray, indices: np.ndarray, split: str) -> np.ndarray:
    """gray float32 [N, 1, 28, 28] in [0, 1] (the images at `indices` of `split`) -> float32 [N, 3, 64, 64] in [0, 1]."""
    up = functional.interpolate(torch.from_numpy(gray), size=(SIZE, SIZE), mode="bilinear", align_corners=False)
    up = up.clamp(0, 1).numpy()
    colours = np.stack([np.random.RandomState([SEEDS[split], int(i)]).uniform(size=6) for i in indices]).astype(np.float32)
    foreground = (0.25 + 0.75 * colours[:, :3])[:, :, None, None]
    background = (0.3 * colours[:, 3:])[:, :, None, None]
    return (up * foreground + (1 - up) * background).astype(np.float32)


def load(split: str, count: int | None = None) -> np.ndarray:
    """The first `count` (default all) images of `split`, colourised: float32 [N, 3, 64, 64] in [0, 1]."""
    gray, _ = fashion_mnist.load(split)
    gray = gray if count is None else gray[:count]
    return colourise(gray, np.arange(len(gray)), split)
