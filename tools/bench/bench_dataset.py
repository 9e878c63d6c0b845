#!/usr/bin/python3
"""Whole-dataset time to quality: held-out MNIST digits inverted by the plain PyTorch fixed-steps loop, by
`onnxinvert invert` with the same fixed steps, by `onnxinvert invert` with continuous batching and early stopping,
and by `onnxinvert invert --preset exact` (Adam lr 0.1 with a ramp schedule) given half the steps.

The first three use the paper's Algorithm 1 settings (BCE, RMSprop lr 0.01, clipping to the uniform prior), the same
generator, the same initial latents, the same batch and the same threads, one after the other in this invocation.
The target quality is the mean absolute error the PyTorch loop reaches; a run counts only if its own mean absolute
error is at or below that target. Continuous batching: when an image converges (its loss has not improved by the
fraction --tol for --patience steps) its batch slot is refilled with the next image, so the batch stays full and
converged images stop costing steps.

Usage (from the repository root, after `dotnet build -c Release`):
    /usr/bin/python3 -m tools.bench.bench_dataset            # the 1,000 held-out digits, 200 steps, batch 256, 2 threads
    /usr/bin/python3 -m tools.bench.bench_dataset --markdown out/bench-dataset.md

Needs Debian's python3-torch, python3-onnx and python3-numpy, and the MNIST test split (tools/datasets/mnist.py).
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from tools.common import cli
from tools.bench.bench_steps import BINARY, LATENT_DIM, MODEL, REPO_ROOT, TORCH_LOOP, cpu_name, run
from tools.datasets import mnist


def commands(kind: str, targets: Path, init: Path, out: Path, args: argparse.Namespace) -> list[str]:
    common = ["-i", str(targets), "-o", str(out), "--steps", str(args.steps), "--batch", str(args.batch),
              "--init", str(init), "--threads", str(args.threads)]
    if kind == "torch":
        return [sys.executable, *TORCH_LOOP, "-m", str(MODEL), *common, "--optimizer", "rmsprop", "--lr", "0.01",
                "--loss", "bce", "--clip", "clip"]
    if kind == "onnxinvert-exact":
        common[common.index("--steps") + 1] = str(args.exact_steps)
        return [str(BINARY), "invert", "-m", str(MODEL), *common, "--preset", "exact"]
    flags = [str(BINARY), "invert", "-m", str(MODEL), *common, "--preset", "paper"]
    if kind == "onnxinvert-early":
        flags += ["--tol", str(args.tol), "--patience", str(args.patience)]
    return flags


def main(argv: list[str]) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--count", type=int, default=1000, help="held-out digits (default: all 1,000 of the test split)")
    p.add_argument("--steps", type=int, default=200, help="fixed steps, and the most any image gets (default 200)")
    p.add_argument("--batch", type=int, default=256)
    p.add_argument("--tol", type=float, default=0.001, help="early stopping: relative improvement (default 0.001)")
    p.add_argument("--patience", type=int, default=40, help="early stopping: steps without it (default 40)")
    p.add_argument("--exact-steps", type=int, help="steps of the `exact` preset run (default: half of --steps)")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--markdown", type=Path, help="also write the table, machine and command to this file")
    args = p.parse_args(argv)
    args.exact_steps = args.exact_steps or max(1, args.steps // 2)
    if problem := cli.missing(BINARY):
        sys.exit(problem)

    work = mnist.cache_root() / "bench-dataset"
    work.mkdir(parents=True, exist_ok=True)
    images, _, _ = mnist.load("test")
    if args.count > len(images):
        sys.exit(f"--count {args.count} exceeds the {len(images)} test digits")
    targets, init = work / "targets.npy", work / "init.npy"
    np.save(targets, np.ascontiguousarray(images[:args.count], dtype=np.float32))
    np.save(init, np.random.RandomState(0).uniform(-1, 1, (args.count, LATENT_DIM)).astype(np.float32))

    rows = {}
    for kind in ("torch", "onnxinvert-fixed", "onnxinvert-early", "onnxinvert-exact"):
        out = work / kind
        shutil.rmtree(out, ignore_errors=True)
        print(f"{kind} ...", file=sys.stderr, flush=True)
        wall, rss = run(commands(kind, targets, init, out, args))
        summary = json.loads((out / "summary.json").read_text())
        rows[kind] = {"wall_seconds": wall, "peak_rss_mib": rss, "mean_mae": summary["mean_mae"],
                      "mean_mse": summary["mean_mse"], "converged": summary.get("converged", 0)}
        print(f"{kind}: {wall:.1f} s, mean MAE {summary['mean_mae']:.5f}", file=sys.stderr, flush=True)

    target = rows["torch"]["mean_mae"]
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    command = "/usr/bin/python3 -m tools.bench.bench_dataset" + "".join(f" {a}" for a in argv)
    lines = [
        f"Measured {stamp} on {cpu_name()}, {args.threads} threads; {args.count} held-out MNIST test digits, "
        f"batch {args.batch}, at most {args.steps} steps, paper settings (BCE, RMSprop lr 0.01, clip); early stopping "
        f"--tol {args.tol} --patience {args.patience}. Target: PyTorch's mean MAE, {target:.5f}.",
        "",
        f"Command: `{command}`",
        "",
        "| run | wall s | digits/s | mean MAE | reaches target | converged early | speed-up (PyTorch time / this) |",
        "|---|---:|---:|---:|---|---:|---:|",
    ]
    names = {"torch": "PyTorch, fixed steps", "onnxinvert-fixed": "OnnxInvert, fixed steps",
             "onnxinvert-early": "OnnxInvert, continuous batching + early stopping",
             "onnxinvert-exact": f"OnnxInvert, `exact` preset (Adam lr 0.1, ramp), {args.exact_steps} steps"}
    for kind, row in rows.items():
        reached = "yes" if row["mean_mae"] <= target else f"no (+{(row['mean_mae'] / target - 1) * 100:.1f}%)"
        lines.append(f"| {names[kind]} | {row['wall_seconds']:.1f} | {args.count / row['wall_seconds']:.2f} | "
                     f"{row['mean_mae']:.5f} | {reached} | {row['converged']} | "
                     f"{rows['torch']['wall_seconds'] / row['wall_seconds']:.2f}× |")
    print("\n".join(lines))
    if args.markdown:
        args.markdown.parent.mkdir(parents=True, exist_ok=True)
        args.markdown.write_text("\n".join(lines) + "\n")
    (work / "results.json").write_text(json.dumps({"args": vars(args) | {"markdown": str(args.markdown)}, "rows": rows}, indent=2) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
