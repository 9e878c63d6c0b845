"""Feature distance of reconstructions to their targets under a feature model, as `invert --feature-model` defines it
(docs/feature-loss.md: per layer, LPIPS-normalised channel vectors, the mean over channels of squared differences,
averaged over positions; summed over layers), so pixel-only and pixel + feature runs can be scored alike.

    /usr/bin/python3 -m tools.features.feature_distance FEATURES.onnx TARGETS.npy RUN_FOLDER [RUN_FOLDER ...]

Prints, per run folder (its reconstructions.npy), the mean feature distance over the images. The feature model runs
in PyTorch through tools/features/onnx_torch.py; its input is fed the images as they are (no resize or range map).
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import torch

from tools.features.onnx_torch import OnnxModule


def distance(model: OnnxModule, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    fa = model.run({model.inputs[0]: torch.from_numpy(a)})
    fb = model.run({model.inputs[0]: torch.from_numpy(b)})
    total = torch.zeros(len(a), dtype=torch.float64)
    for name in model.outputs:
        x, y = fa[name].double(), fb[name].double()
        if x.dim() < 2 or x.shape[1] == 1:
            continue  # the logit, as the default layer choice skips it
        nx = x / (x.pow(2).sum(1, keepdim=True).sqrt() + 1e-10)
        ny = y / (y.pow(2).sum(1, keepdim=True).sqrt() + 1e-10)
        total += ((nx - ny) ** 2).mean(1).flatten(1).mean(1)
    return total.numpy()


def main(argv: list[str]) -> None:
    torch.set_num_threads(1)
    model = OnnxModule(Path(argv[0]))
    targets = np.load(argv[1]).astype(np.float32)
    for folder in argv[2:]:
        recon = np.load(Path(folder) / "reconstructions.npy").astype(np.float32)
        print(f"{folder}: mean feature distance {distance(model, recon, targets).mean():.5f} over {len(recon)} images")


if __name__ == "__main__":
    main(sys.argv[1:])
