#!/usr/bin/python3
"""Write held-out Fashion-MNIST test images as inversion targets for the Fashion-MNIST generators.

Picks --count images (default 20) from the official test split (never seen in GAN training; apt
`dataset-fashion-mnist`, tools/datasets/fashion_mnist.py), round-robin over the ten classes: the first test image of
each class, then the second, ... Writes into --out (default onnx-models/samples/fashion/):
    <label>-<class>-<k>.png  28x28 8-bit grayscale (k = position among that class's picks)
    targets.npy              float32 [N, 1, 28, 28] in [0, 1] (= png / 255 exactly), in file-name order
    labels.npy               int64 [N], same order
    samples.json             file, label, class name, test-split index

Usage:
    /usr/bin/python3 -m tools.samples.make_fashion [--count 20] [--out onnx-models/samples/fashion]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from tools.common.cli import REPO_ROOT
from tools.samples import targets
from tools.datasets import fashion_mnist

CLASSES = ["tshirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "boot"]


def main(argv: list[str]) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--count", type=int, default=20)
    p.add_argument("--out", type=Path, default=REPO_ROOT / "onnx-models" / "samples" / "fashion")
    args = p.parse_args(argv)
    if not 1 <= args.count <= 1000:
        p.error("--count must be in 1..1000")

    images, labels = fashion_mnist.load("test")
    by_class = [np.flatnonzero(labels == c) for c in range(10)]
    picks = sorted((i % 10, i // 10) for i in range(args.count))  # (label, k), file-name order
    chosen = [(int(by_class[label][k]), f"{label}-{CLASSES[label]}-{k:03d}.png") for label, k in picks]
    targets.write(args.out, images, labels, chosen)
    entries = [{"file": name, "label": int(labels[index]), "class": CLASSES[int(labels[index])], "test_index": index}
               for index, name in chosen]
    manifest = {"source": fashion_mnist.source(), "split": "test (the official 10,000; held out from GAN training)",
                "targets": "targets.npy float32 [N,1,28,28] in [0,1], rows in the order of 'files'", "files": entries}
    (args.out / "samples.json").write_text(json.dumps(manifest, indent=2) + "\n")
    print(f"wrote {len(entries)} images to {args.out}")


if __name__ == "__main__":
    main(sys.argv[1:])
