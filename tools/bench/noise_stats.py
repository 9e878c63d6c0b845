#!/usr/bin/python3
"""Statistics of noise-map latents after a W+ inversion: what the StyleGAN2 projector's noise regulariser is for.
Without it the optimiser can paint image content into the noise maps (they stop looking like white noise: spatially
correlated, with a spread far from 1); the regulariser penalises that autocorrelation and renormalises each map.

Per map n [h, w] of each image (maps of [N, 1, h, w] arrays, e.g. OUT/latents/noise*.npy of `onnxinvert invert`):
- spread: the standard deviation of its values (white N(0, 1) noise: 1);
- lag-1 autocorrelation: mean(n·roll_x(n)) and mean(n·roll_y(n)) (circular shifts by one pixel, as NVIDIA's
  penalty) over the map's variance, after removing its mean; the mean of the two, and its absolute value averaged
  (white noise: about 0, within ±1/sqrt(h·w));
- the projector's penalty: starting at full size, mean(n·roll_x(n))² + mean(n·roll_y(n))² on the raw map, then 2×2
  average pooling while the size is above 8, summed over the scales (NVIDIA's reg_loss before the weight).
Reported averaged over images, per map and over all maps.

Usage (from the repository root):
    /usr/bin/python3 -m tools.bench.noise_stats OUT/latents [OUT2/latents ...]
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np


def _lag1(maps: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per map (maps [N, h, w]): mean(n·roll_x(n)) and mean(n·roll_y(n))."""
    return (maps * np.roll(maps, 1, axis=2)).mean(axis=(1, 2)), (maps * np.roll(maps, 1, axis=1)).mean(axis=(1, 2))


def penalty(maps: np.ndarray) -> np.ndarray:
    """NVIDIA's multi-scale autocorrelation penalty per map (maps [N, h, w]), before the weight."""
    total = np.zeros(len(maps))
    level = maps.astype(np.float64)
    while True:
        x, y = _lag1(level)
        total += x ** 2 + y ** 2
        if level.shape[1] <= 8:
            return total
        h, w = level.shape[1] // 2 * 2, level.shape[2] // 2 * 2
        level = level[:, :h, :w].reshape(len(level), h // 2, 2, w // 2, 2).mean(axis=(2, 4))


def map_stats(array: np.ndarray) -> dict:
    maps = array.astype(np.float64).reshape(array.shape[0], array.shape[-2], array.shape[-1])
    centred = maps - maps.mean(axis=(1, 2), keepdims=True)
    variance = np.maximum(centred.var(axis=(1, 2)), 1e-30)
    x, y = _lag1(centred)
    autocorr = (x + y) / 2 / variance
    return {"size": list(maps.shape[1:]), "spread": float(np.sqrt(variance).mean()),
            "mean": float(maps.mean(axis=(1, 2)).mean()), "lag1_autocorrelation": float(autocorr.mean()),
            "abs_lag1_autocorrelation": float(np.abs(autocorr).mean()), "penalty": float(penalty(maps).mean())}


def summarise(arrays: list[np.ndarray]) -> dict:
    per_map = [map_stats(a) for a in arrays]
    return {"maps": per_map,
            "spread": float(np.mean([m["spread"] for m in per_map])),
            "abs_lag1_autocorrelation": float(np.mean([m["abs_lag1_autocorrelation"] for m in per_map])),
            "penalty_sum": float(np.sum([m["penalty"] for m in per_map]))}


def main(argv: list[str]) -> None:
    if not argv:
        sys.exit(__doc__)
    for folder in map(Path, argv):
        files = sorted(folder.glob("noise*.npy"), key=lambda f: int(f.stem[len("noise"):]))
        if not files:
            sys.exit(f"{folder}: no noise*.npy files")
        print(json.dumps({"folder": str(folder), **summarise([np.load(f) for f in files])}, indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])
