#!/usr/bin/python3
"""Reproduce the journal paper's Table I on Fashion-MNIST: mean reconstruction MSE of held-out images for a GAN, a
GAN trained with instance noise and a WGAN-GP (Creswell & Bharath, IEEE TNNLS 2018; the paper used CelebA, shoes and
Omniglot, which are not available here).

Targets: the first --per-class images of each class of the official Fashion-MNIST test split (never seen in
training; tools/datasets/fashion_mnist.py), float32 [N,1,28,28] in [0,1], written once to
$ONNXINVERT_CACHE_DIR/results/fashion-test-<N>.npy. The three generators (onnx-models/fashion-*/, trained by
tools/training/fashion_gan.py) are inverted by one `onnxinvert compare` run with the same settings: the journal's RMSprop
lr 0.01, BCE, the normal prior's -0.01*log P(z) penalty (from each model card), latents drawn from the prior with one
seed. Prints the comparison table as Markdown with the paper's figures for the other datasets beside it, then the
paired per-image differences against the GAN. Rerunning reads a finished comparison instead of redoing it, as long
as the generators are the ones it was made with (their sha256 is kept beside it).

Usage (from the repository root, after `dotnet build -c Release`):
    /usr/bin/python3 -m tools.results.fashion_table1 [--per-class 20] [--steps 1000] [--batch 100] [--threads 2]
"""
from __future__ import annotations

import argparse
import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np

from tools.common import cli
from tools.common.cli import REPO_ROOT
from tools.common import onnx_export
from tools.datasets import fashion_mnist, mnist

BINARY = cli.BINARY
MODELS = [("gan", "GAN"), ("gan-noise", "GAN + noise"), ("wgan-gp", "WGAN-GP")]
# The journal's Table I (MSE): CelebA, shoes, Omniglot.
PAPER = {"gan": (0.118, 0.059, 0.588), "gan-noise": (0.109, 0.029, 0.305), "wgan-gp": (0.042, 0.020, 0.082)}


def targets(per_class: int) -> Path:
    images, labels = fashion_mnist.load("test")
    picks = np.concatenate([np.flatnonzero(labels == c)[:per_class] for c in range(10)])
    out = mnist.cache_root() / "results" / f"fashion-test-{len(picks)}.npy"
    out.parent.mkdir(parents=True, exist_ok=True)
    np.save(out, np.ascontiguousarray(images[picks], dtype=np.float32))
    return out


def main(argv: list[str]) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--per-class", type=int, default=20, help="held-out images per class (default 20: 200 images)")
    p.add_argument("--steps", type=int, default=1000)
    p.add_argument("--batch", type=int, default=100)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--binary", type=Path, default=BINARY)
    p.add_argument("--out", type=Path, default=None, help="compare output folder (default $CACHE/results/table1-fashion-n<images>-s<steps>)")
    args = p.parse_args(argv)
    if not 1 <= args.per_class <= 1000:
        p.error("--per-class must be in 1..1000")
    if problem := cli.missing(args.binary):
        p.error(problem)
    models = [REPO_ROOT / "onnx-models" / f"fashion-{key}" / "generator.onnx" for key, _ in MODELS]
    for (key, _), model in zip(MODELS, models):
        if not model.exists():
            p.error(f"{model} not found: train it with tools/training/fashion_gan.py --variant {key}")
    out = args.out or mnist.cache_root() / "results" / f"table1-fashion-n{10 * args.per_class}-s{args.steps}"
    made_with = {str(model.relative_to(REPO_ROOT)): onnx_export.sha256_of(model) for model in models}
    stamp = out / "generators-sha256.json"
    if (out / "compare.json").exists() and stamp.exists() and json.loads(stamp.read_text()) == made_with:
        print(f"{out} holds a finished comparison of these generators; reading it (delete the folder to rerun)", flush=True)
    else:
        shutil.rmtree(out, ignore_errors=True)
        cmd = [str(args.binary), "compare", "--models", *map(str, models), "--images", str(targets(args.per_class)),
               "--out", str(out), "--optimizer", "rmsprop", "--lr", "0.01", "--loss", "bce", "--steps", str(args.steps),
               "--batch", str(args.batch), "--seed", str(args.seed), "--threads", str(args.threads)]
        print("$ " + " ".join(cmd), flush=True)
        subprocess.run(cmd, check=True)
        stamp.write_text(json.dumps(made_with, indent=2) + "\n")

    result = json.loads((out / "compare.json").read_text())
    rows = result["models"]
    print()
    print(f"{rows[0]['images']} held-out Fashion-MNIST test images ({args.per_class} per class), {args.steps} steps, "
          f"BCE, RMSprop lr 0.01, -0.01·log P(z), batch {args.batch}, seed {args.seed}, {args.threads} threads")
    print()
    print("| model | MSE, ours on Fashion-MNIST (95% CI) | MAE, ours | PSNR dB, ours | paper MSE: CelebA / shoes / Omniglot |")
    print("|---|---|---|---|---|")
    for (key, label), row in zip(MODELS, rows):
        if "error" in row:
            print(f"| {label} | failed: {row['error']} | | | |")
            continue
        mse, mae, psnr = row["mse"], row["mae"], row["psnr"]
        paper = " / ".join(f"{v:.3f}" for v in PAPER[key])
        print(f"| {label} | {mse['mean']:.4f} ({mse['ci_low']:.4f}–{mse['ci_high']:.4f}) | {mae['mean']:.4f} | "
              f"{psnr['mean']:.2f} | {paper} |")

    # Every model inverted the same images from latents drawn with the same seed: compare them image by image.
    per_image = {key: per_image_mse(out / row["folder"]) for (key, _), row in zip(MODELS, rows) if "error" not in row}
    if "gan" in per_image:
        print()
        print("| model − GAN, image by image | mean MSE difference (95% CI) | images where it is worse |")
        print("|---|---|---|")
        for key, label in MODELS[1:]:
            if key in per_image:
                d = per_image[key] - per_image["gan"]
                half = 1.96 * d.std(ddof=1) / np.sqrt(len(d))
                print(f"| {label} | {d.mean():+.5f} ± {half:.5f} | {(d > 0).mean():.0%} |")


def per_image_mse(folder: Path) -> np.ndarray:
    with open(folder / "metrics.csv", newline="") as f:
        rows = sorted(csv.DictReader(f), key=lambda r: int(r["index"]))
    return np.array([float(r["mse"]) for r in rows])


if __name__ == "__main__":
    main(sys.argv[1:])
