"""Fashion-MNIST at 32x32, colourised per image: the StyleGAN2-like model's training data, in [-1, 1].

The approach of tools/datasets/colour_fashion64.py at 32x32 (bilinear upscale of the 28x28 images, garment in a
foreground colour U[0.25, 1]^3, background U[0, 0.3]^3, colours drawn from a generator seeded by split and index):
synthetic colour on real shapes.
"""
from __future__ import annotations

import numpy as np
import torch
from torch.nn import functional

from tools.datasets import fashion_mnist

SIZE = 32
SEEDS = {"train": 0, "test": 1}


def load(split: str, count: int | None = None) -> np.ndarray:
    """The first `count` (default all) images of `split`: float32 [N, 3, 32, 32] in [-1, 1]."""
    gray, _ = fashion_mnist.load(split)
    gray = gray if count is None else gray[:count]
    up = functional.interpolate(torch.from_numpy(gray), size=(SIZE, SIZE), mode="bilinear", align_corners=False)
    up = up.clamp(0, 1).numpy()
    colours = np.stack([np.random.RandomState([SEEDS[split], int(i)]).uniform(size=6) for i in range(len(gray))])
    colours = colours.astype(np.float32)
    foreground = (0.25 + 0.75 * colours[:, :3])[:, :, None, None]
    background = (0.3 * colours[:, 3:])[:, :, None, None]
    rgb = up * foreground + (1 - up) * background
    return (rgb * 2 - 1).astype(np.float32)
