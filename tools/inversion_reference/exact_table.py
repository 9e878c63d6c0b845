#!/usr/bin/python3
"""The `exact` preset on every bundled generator (issue 19): the fraction of self-generated images that
`onnxinvert invert --preset exact` reconstructs to MSE < 1e-4, against the wall time of PyTorch's paper loop
(invert_torch.py: RMSprop lr 0.01, BCE, 2,000 steps) on the same targets, from the same initial latents, measured in
this one invocation, one tool after the other.

Per model (onnx-models/NAME/generator.onnx with its model card's prior):
    targets   G(z_true) for z_true drawn from the card's prior with numpy RandomState(--target-seed), made by the
              PyTorch rebuild of the generator (invert_torch.load_generator); `invert_torch.py --verify` then checks
              that rebuild against ONNX Runtime's reconstructions of the onnxinvert run
    init      prior draws from RandomState(--init-seed), given to both tools (--init FILE.npy)
    PyTorch   the paper's loop for --torch-steps steps: rmsprop lr 0.01, bce, clip for a uniform prior, no
              projection for a normal one; its wall time is the budget
    ours      onnxinvert invert --preset exact --batch N --threads T --init init.npy [extra flags after --]
A row says how many images each tool brought below --threshold, both wall times, and when the preset's images
reached its target (from summary.json). With --skip-torch only onnxinvert runs (for exploring settings).

Example (from the repository root; the full set takes about an hour on 2 cores):
    dotnet build src/OnnxInvert.Cli -c Release
    /usr/bin/python3 -m tools.inversion_reference.exact_table --count 64
    /usr/bin/python3 -m tools.inversion_reference.exact_table --models mnist-table1-normal --count 16 --skip-torch -- --stall-restarts 2
Writes a JSON line per model to --json (default: <cache>/inversion-reference/exact-table.jsonl) and prints a Markdown table.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import torch

from tools.common import cli
from tools.common.cli import REPO_ROOT
from tools.datasets import mnist
from tools.inversion_reference import invert_torch

DEFAULT_BINARY = cli.BINARY
MODELS = ["mnist-table1-uniform", "mnist-table1-normal", "fashion-gan", "fashion-gan-noise", "fashion-wgan-gp",
          "dcgan64-colour-fashion"]


def card_prior(model_dir: Path) -> dict:
    return json.loads((model_dir / "model-card.json").read_text())["prior"]


def draw(prior: dict, n: int, seed: int) -> np.ndarray:
    rs = np.random.RandomState(seed)
    if prior["kind"] == "uniform":
        z = rs.uniform(prior.get("low", -1.0), prior.get("high", 1.0), size=(n, invert_torch.LATENT_DIM))
    else:
        z = rs.normal(prior.get("mean", 0.0), prior.get("std", 1.0), size=(n, invert_torch.LATENT_DIM))
    return z.astype(np.float32)


def below(folder: Path, targets: np.ndarray, threshold: float) -> np.ndarray:
    rec = np.load(folder / "reconstructions.npy").astype(np.float64)
    mse = ((rec - targets.astype(np.float64)) ** 2).reshape(len(targets), -1).mean(axis=1)
    return mse < threshold


def run_model(name: str, args, extra: list[str]) -> dict:
    model_dir = REPO_ROOT / "onnx-models" / name
    model = model_dir / "generator.onnx"
    prior = card_prior(model_dir)
    g = invert_torch.load_generator(model)
    work = mnist.cache_root() / "inversion-reference" / "exact" / name
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    z_true = draw(prior, args.count, args.target_seed)
    with torch.no_grad():
        targets = g(torch.from_numpy(z_true)).numpy().astype(np.float32)
    np.save(work / "targets.npy", targets)
    np.save(work / "init.npy", draw(prior, args.count, args.init_seed))
    row: dict = {"model": name, "prior": prior["kind"], "images": args.count, "threshold": args.threshold, "extra": extra}

    if not args.skip_torch:
        cmd = [sys.executable, "-m", "tools.inversion_reference.invert_torch", "-m", str(model), "-i", str(work / "targets.npy"),
               "-o", str(work / "torch"), "--steps", str(args.torch_steps), "--batch", str(args.batch),
               "--optimizer", "rmsprop", "--lr", "0.01", "--loss", "bce",
               "--clip", "clip" if prior["kind"] == "uniform" else "none", "--init", str(work / "init.npy"),
               "--threads", str(args.threads)]
        print("$ " + " ".join(cmd), flush=True)
        subprocess.run(cmd, check=True)
        s = json.loads((work / "torch" / "summary.json").read_text())
        row["torch_wall"] = s["wall_seconds"]
        row["torch_below"] = int(below(work / "torch", targets, args.threshold).sum())

    cmd = [str(args.binary), "invert", "-m", str(model), "-i", str(work / "targets.npy"), "-o", str(work / "ours"),
           "--preset", "exact", "--batch", str(args.batch), "--init", str(work / "init.npy"),
           "--threads", str(args.threads), *extra]
    print("$ " + " ".join(cmd), flush=True)
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stderr=subprocess.DEVNULL)
    row["ours_process_wall"] = time.perf_counter() - t0
    s = json.loads((work / "ours" / "summary.json").read_text())
    row["ours_wall"] = s["wall_seconds"]
    row["ours_below"] = int(below(work / "ours", targets, args.threshold).sum())
    for key in ("target_mse", "reached_target", "reached_target_seconds", "reached_target_steps", "constraint", "optimizer",
                "schedule", "steps", "stall_restarts", "sample_steps"):
        row[key] = s.get(key)
    check = subprocess.run([sys.executable, "-m", "tools.inversion_reference.invert_torch", "-m", str(model), "--verify", str(work / "ours")],
                           check=True, capture_output=True, text=True)
    print(check.stdout.strip(), flush=True)
    return row


def markdown(rows: list[dict]) -> str:
    lines = ["| generator | prior | images | `--preset exact` below 1e-4 | its wall s | PyTorch paper loop below 1e-4 | "
             "its wall s (2,000 steps) | within the budget |",
             "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        n = r["images"]
        ours = f"{r['ours_below']}/{n} ({r['ours_below'] / n:.0%})"
        torch_part = (f"{r['torch_below']}/{n} | {r['torch_wall']:.1f}" if "torch_wall" in r else "— | —")
        within = ("yes" if r["ours_wall"] <= r["torch_wall"] else "no") if "torch_wall" in r else "—"
        lines.append(f"| {r['model']} | {r['prior']} | {n} | {ours} | {r['ours_wall']:.1f} | {torch_part} | {within} |")
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    extra: list[str] = []
    if "--" in argv:
        k = argv.index("--")
        argv, extra = argv[:k], argv[k + 1:]
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--models", nargs="+", default=MODELS, help="folders under onnx-models/")
    p.add_argument("--count", type=int, default=64)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--target-seed", type=int, default=1)
    p.add_argument("--init-seed", type=int, default=2)
    p.add_argument("--torch-steps", type=int, default=2000)
    p.add_argument("--threshold", type=float, default=1e-4)
    p.add_argument("--binary", type=Path, default=DEFAULT_BINARY)
    p.add_argument("--skip-torch", action="store_true")
    p.add_argument("--json", type=Path, default=None)
    args = p.parse_args(argv)
    torch.set_num_threads(args.threads)
    out = args.json or mnist.cache_root() / "inversion-reference" / "exact-table.jsonl"
    out.parent.mkdir(parents=True, exist_ok=True)
    rows = []
    for name in args.models:
        row = run_model(name, args, extra)
        row["time"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        rows.append(row)
        with open(out, "a") as f:
            f.write(json.dumps(row) + "\n")
        print(json.dumps(row), flush=True)
    print()
    print(markdown(rows))


if __name__ == "__main__":
    main(sys.argv[1:])
