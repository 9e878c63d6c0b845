#!/usr/bin/python3
"""Reproduce Table 2 of Creswell & Bharath (2016): mean absolute reconstruction error on MNIST when inverting a
generator trained with a uniform prior (with / without clipping) and one trained with a normal prior (with / without
the mean/std regulariser of Eq. 5, gamma1 = gamma2 = 1).

Targets: the first --per-class held-out test digits of each class (tools/datasets/mnist.py, split seed 0; never seen
in GAN training), written once as float32 [N,1,28,28] in [0,1] to
$ONNXINVERT_CACHE_DIR/results/mnist-test-<N>.npy. Every run uses Algorithm 1's settings (BCE loss, RMSprop lr 0.01,
latents initialised from the prior with the same seed) and differs only in the prior handling:

    uniform prior, without clipping   --prior-mode none      onnx-models/mnist-table1-uniform
    uniform prior, with clipping      --prior-mode clip      onnx-models/mnist-table1-uniform
    normal prior, without regularisation   --prior-mode none     onnx-models/mnist-table1-normal
    normal prior, with regularisation      --prior-mode moments  (gamma1 = gamma2 = 1, per sample)

Writes each run's output folder under $ONNXINVERT_CACHE_DIR/results/table2/ and prints a Markdown table (mean MAE
with a 95% interval (normal approximation, mean ± 1.96·s/√N; at least 5 digits per class), mean MSE, wall seconds), then
the paired per-image differences (clipping vs none, regularisation vs none, normal vs uniform prior); --json appends the
rows to a JSON-lines file. Rerunning resumes the finished folders (`invert --resume`) and only reprints the tables.

Usage (from the repository root, after `dotnet build -c Release`):
    /usr/bin/python3 -m tools.results.mnist_table2 [--per-class 20] [--steps 1000] [--batch 100] [--threads 2]
"""
from __future__ import annotations

import argparse
import csv
import json
import math
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from tools.common import cli
from tools.common.cli import REPO_ROOT
from tools.datasets import mnist

BINARY = cli.BINARY
PAPER = {("uniform", "none"): 0.027, ("uniform", "clip"): 0.032, ("normal", "none"): 0.042, ("normal", "moments"): 0.044}
ROWS = [
    ("uniform", "none", "uniform prior, without clipping"),
    ("uniform", "clip", "uniform prior, with clipping"),
    ("normal", "none", "normal prior, without regularisation"),
    ("normal", "moments", "normal prior, with regularisation (γ1 = γ2 = 1)"),
]

def wall_text(seconds: float | None) -> str:
    return "resumed" if seconds is None else f"{seconds:.0f}"


# (a, b): row b against row a, image by image.
PAIRS = [(0, 1), (2, 3), (0, 2)]


def targets(per_class: int) -> Path:
    images, labels, _ = mnist.load("test")
    picks = np.concatenate([np.flatnonzero(labels == d)[:per_class] for d in range(10)])
    out = mnist.cache_root() / "results" / f"mnist-test-{len(picks)}.npy"
    out.parent.mkdir(parents=True, exist_ok=True)
    np.save(out, np.ascontiguousarray(images[picks], dtype=np.float32))
    return out


def main(argv: list[str]) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--per-class", type=int, default=20, help="held-out digits per class (default 20: 200 images)")
    p.add_argument("--steps", type=int, default=1000)
    p.add_argument("--batch", type=int, default=100)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--binary", type=Path, default=BINARY)
    p.add_argument("--json", type=Path, help="append the result rows to this JSON-lines file")
    args = p.parse_args(argv)
    if not 5 <= args.per_class <= mnist.DEFAULT_TEST_PER_DIGIT:
        p.error(f"--per-class must be in 5..{mnist.DEFAULT_TEST_PER_DIGIT}")
    if problem := cli.missing(args.binary):
        p.error(problem)

    target_file = targets(args.per_class)
    work = mnist.cache_root() / "results" / "table2"
    results = []
    for prior, mode, label in ROWS:
        model = REPO_ROOT / "onnx-models" / f"mnist-table1-{prior}" / "generator.onnx"
        if not model.exists():
            p.error(f"{model} not found: train it with tools/training/mnist_gan.py --prior {prior}")
        out = work / f"{prior}-{mode}-s{args.steps}"
        cmd = [str(args.binary), "invert", "-m", str(model), "-i", str(target_file), "-o", str(out), "--preset", "paper",
               "--steps", str(args.steps), "--batch", str(args.batch), "--prior-mode", mode, "--seed", str(args.seed),
               "--threads", str(args.threads)]
        if mode == "moments":
            cmd += ["--gamma1", "1", "--gamma2", "1", "--moment-scope", "sample"]
        resumed = out.exists()
        if resumed:
            cmd.append("--resume")
        print("$ " + " ".join(cmd), flush=True)
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True)
        wall = time.perf_counter() - t0
        with open(out / "metrics.csv", newline="") as f:
            rows = list(csv.DictReader(f))
        rows.sort(key=lambda r: int(r["index"]))
        mae = np.array([float(r["mae"]) for r in rows])
        mse = np.array([float(r["mse"]) for r in rows])
        half = 1.96 * mae.std(ddof=1) / math.sqrt(len(mae))
        results.append({"row": label, "prior": prior, "prior_mode": mode, "images": len(rows), "steps": args.steps,
                        "mean_mae": float(mae.mean()), "mae_ci95": float(half), "mean_mse": float(mse.mean()),
                        "paper_mae": PAPER[(prior, mode)], "wall_seconds": None if resumed else round(wall, 1), "per_image_mae": mae})

    print()
    print(f"{results[0]['images']} held-out MNIST test digits, {args.steps} steps, BCE, RMSprop lr 0.01, "
          f"batch {args.batch}, seed {args.seed}, {args.threads} threads")
    print()
    print("| generator / inversion | mean absolute error (95% CI) | mean squared error | paper (MAE) | wall s |")
    print("|---|---|---|---|---|")
    for r in results:
        print(f"| {r['row']} | {r['mean_mae']:.4f} ± {r['mae_ci95']:.4f} | {r['mean_mse']:.4f} | {r['paper_mae']:.3f} | {wall_text(r['wall_seconds'])} |")
    print()
    print("Paired differences, image by image (the same digits, the same initial latents):")
    print()
    print("| comparison | mean MAE difference (95% CI) | images where the second is worse |")
    print("|---|---|---|")
    for a, b in PAIRS:
        d = results[b]["per_image_mae"] - results[a]["per_image_mae"]
        half = 1.96 * d.std(ddof=1) / math.sqrt(len(d))
        print(f"| {results[b]['row']} − {results[a]['row']} | {d.mean():+.5f} ± {half:.5f} | {(d > 0).mean():.0%} |")
    if args.json:
        with open(args.json, "a") as f:
            for r in results:
                f.write(json.dumps({k: v for k, v in r.items() if k != "per_image_mae"}) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
