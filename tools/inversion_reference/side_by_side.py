#!/usr/bin/python3
"""Runs `onnxinvert invert` and the plain PyTorch loop (invert_torch.py) on the same targets, from the same initial
latents, with the same settings and steps, one after the other in this one invocation, and prints a table.

Target sets (written once into $ONNXINVERT_CACHE_DIR/inversion-reference/, default ~/.cache/onnxinvert/...):
    real       the first --count digits of the held-out MNIST test split (tools/datasets/mnist.py, split seed 0;
               never seen in GAN training), float32 [N,1,28,28] in [0,1]
    generated  G(z_true) for z_true ~ U[-1,1]^100 drawn with numpy RandomState(--target-seed); z_true is saved
The shared initial latents init.npy are U[-1,1] draws from RandomState(--init-seed).

Both tools get: --steps, --batch, --optimizer, --lr, --momentum, --schedule, --loss, the clip mode, --restarts,
init.npy, 2 threads. Extra flags for onnxinvert only go after `--` (e.g. `-- --preset exact`); with --skip-torch
only onnxinvert runs (for exploring its settings), with --skip-ours only torch.

Examples (from the repository root):
    /usr/bin/python3 -m tools.inversion_reference.side_by_side --set real --steps 2000 --batch 64
    /usr/bin/python3 -m tools.inversion_reference.side_by_side --set generated --steps 2000 --batch 64
    /usr/bin/python3 -m tools.inversion_reference.side_by_side --set generated --skip-torch -- --preset exact
"""
from __future__ import annotations

import argparse
import json
import os
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
DEFAULT_MODEL = REPO_ROOT / "onnx-models" / "mnist-table1-uniform" / "generator.onnx"


def work_dir() -> Path:
    return mnist.cache_root() / "inversion-reference"


def make_targets(kind: str, count: int, seed: int, model: Path, g) -> tuple[Path, Path | None]:
    d = work_dir() / "targets"
    d.mkdir(parents=True, exist_ok=True)
    if kind == "real":
        path = d / f"real-test-first{count}.npy"
        if not path.exists():
            images, _, _ = mnist.load("test")
            np.save(path, images[:count].astype(np.float32))
        return path, None
    path = d / f"generated-{model.parent.name}-n{count}-seed{seed}.npy"
    zpath = d / f"generated-{model.parent.name}-n{count}-seed{seed}-z.npy"
    z = np.random.RandomState(seed).uniform(-1.0, 1.0, size=(count, invert_torch.LATENT_DIM)).astype(np.float32)
    with torch.no_grad():
        images = g(torch.from_numpy(z)).numpy().astype(np.float32)
    np.save(zpath, z)
    np.save(path, images)
    return path, zpath


def make_init(count: int, seed: int) -> Path:
    d = work_dir() / "targets"
    d.mkdir(parents=True, exist_ok=True)
    path = d / f"init-n{count}-seed{seed}.npy"
    z = np.random.RandomState(seed).uniform(-1.0, 1.0, size=(count, invert_torch.LATENT_DIM)).astype(np.float32)
    np.save(path, z)
    return path


def per_image(folder: Path, targets: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rec = np.load(folder / "reconstructions.npy").astype(np.float64)
    diff = (rec - targets.astype(np.float64)).reshape(len(targets), -1)
    return (diff ** 2).mean(axis=1), np.abs(diff).mean(axis=1), np.load(folder / "latents.npy").reshape(len(targets), -1)


def latent_recovery(z: np.ndarray, z_true: np.ndarray) -> dict:
    l2 = np.linalg.norm(z - z_true, axis=1)
    cos = (z * z_true).sum(1) / (np.linalg.norm(z, axis=1) * np.linalg.norm(z_true, axis=1))
    rms = l2 / np.sqrt(z.shape[1])
    return {"mean_l2": float(l2.mean()), "mean_cos": float(cos.mean()),
            "within_rms_0.1": float((rms < 0.1).mean()), "within_rms_0.01": float((rms < 0.01).mean())}


def main(argv: list[str]) -> None:
    extra: list[str] = []
    if "--" in argv:
        k = argv.index("--")
        argv, extra = argv[:k], argv[k + 1:]
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--set", choices=["real", "generated"], default="real")
    p.add_argument("--count", type=int, default=64)
    p.add_argument("--target-seed", type=int, default=1)
    p.add_argument("--init-seed", type=int, default=2)
    p.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    p.add_argument("--binary", type=Path, default=DEFAULT_BINARY, help="the onnxinvert executable")
    p.add_argument("--steps", type=int, default=2000)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--optimizer", default="rmsprop")
    p.add_argument("--lr", type=float, default=0.01)
    p.add_argument("--momentum", type=float, default=0.0)
    p.add_argument("--schedule", default="constant")
    p.add_argument("--loss", default="bce")
    p.add_argument("--clip", default="clip", choices=["clip", "stochastic-clip"])
    p.add_argument("--restarts", type=int, default=1)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--label", default=None, help="name of this run's output folders (default: derived from the settings)")
    p.add_argument("--ours-preset", metavar="NAME",
                   help="run onnxinvert with --preset NAME (and only --batch, --init, --threads) instead of the settings above; "
                        "torch still runs the settings above (e.g. the paper's), so the table compares the preset with them")
    p.add_argument("--skip-torch", action="store_true")
    p.add_argument("--skip-ours", action="store_true")
    p.add_argument("--json", type=Path, help="also append the result row to this JSON-lines file")
    args = p.parse_args(argv)

    torch.set_num_threads(args.threads)
    g = invert_torch.load_generator(args.model)
    targets_path, z_true_path = make_targets(args.set, args.count, args.target_seed, args.model, g)
    init_path = make_init(args.count, args.init_seed)
    targets = np.load(targets_path)
    z_true = np.load(z_true_path) if z_true_path else None
    label = args.label or (f"{args.set}-{args.optimizer}-lr{args.lr:g}-{args.schedule.replace(':', '_')}-{args.loss}"
                           f"-{args.clip}-r{args.restarts}-s{args.steps}-b{args.batch}" + (f"-preset_{args.ours_preset}" if args.ours_preset else "") + ("-" + "_".join(extra).replace("-", "") if extra else ""))
    out = work_dir() / "runs" / label
    shutil.rmtree(out, ignore_errors=True)  # a rerun starts afresh (invert refuses to overwrite a finished result)
    common = ["--steps", str(args.steps), "--batch", str(args.batch), "--optimizer", args.optimizer,
              "--lr", repr(args.lr), "--momentum", repr(args.momentum), "--schedule", args.schedule,
              "--loss", args.loss, "--restarts", str(args.restarts)]
    rows = {}
    if not args.skip_ours:
        cmd = [str(args.binary), "invert", "-m", str(args.model), "-i", str(targets_path), "-o", str(out / "onnxinvert"),
               *(["--preset", args.ours_preset, "--batch", str(args.batch)] if args.ours_preset else [*common, "--prior-mode", args.clip]),
               "--init", str(init_path), "--threads", str(args.threads), *extra]
        print("$ " + " ".join(cmd), flush=True)
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, stderr=subprocess.DEVNULL)
        process_wall = time.perf_counter() - t0
        s = json.loads((out / "onnxinvert" / "summary.json").read_text())
        s["process_wall"] = process_wall
        rows["onnxinvert"] = (out / "onnxinvert", s)
        check = subprocess.run([sys.executable, "-m", "tools.inversion_reference.invert_torch", "-m", str(args.model), "--verify", str(out / "onnxinvert")],
                               check=True, capture_output=True, text=True)
        print(check.stdout.strip(), flush=True)
    if not args.skip_torch:
        cmd = [sys.executable, "-m", "tools.inversion_reference.invert_torch", "-m", str(args.model), "-i", str(targets_path), "-o", str(out / "torch"),
               *common, "--clip", args.clip, "--init", str(init_path), "--threads", str(args.threads)]
        print("$ " + " ".join(cmd), flush=True)
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True)
        process_wall = time.perf_counter() - t0
        s = json.loads((out / "torch" / "summary.json").read_text())
        s["process_wall"] = process_wall
        rows["torch"] = (out / "torch", s)

    print()
    print(f"set {args.set} ({len(targets)} images), {args.optimizer} lr {args.lr:g}, {args.schedule}, {args.loss}, {args.clip}, "
          f"{args.restarts} restart(s), {args.steps} steps, batch {args.batch}" + (f"; onnxinvert: --preset {args.ours_preset}" if args.ours_preset else "") + (f", onnxinvert extra: {' '.join(extra)}" if extra else ""))
    if args.ours_preset and "onnxinvert" in rows:
        s = rows["onnxinvert"][1]
        print(f"onnxinvert preset {args.ours_preset}: {s['optimizer']}, {s['schedule']} schedule, {s['loss']} loss, {s['constraint']}, "
              f"{s['steps']} steps, {s['restarts']} restart(s)")
    header = f"{'tool':<11} {'mean MAE':>10} {'mean MSE':>11} {'MSE<1e-4':>9} {'wall s':>8} {'s/iter':>9} {'iters':>6}"
    if z_true is not None:
        header += f" {'z L2':>7} {'z cos':>6} {'rms<.1':>6}"
    print(header)
    result = {"set": args.set, "label": label, "extra": extra, "settings": vars(args) | {"model": str(args.model), "binary": str(args.binary), "json": None}}
    for tool, (folder, s) in rows.items():
        mse, mae, z = per_image(folder, targets)
        line = (f"{tool:<11} {mae.mean():>10.5f} {mse.mean():>11.3e} {(mse < 1e-4).mean():>8.1%} {s['wall_seconds']:>8.1f} "
                f"{s['seconds_per_step']:>9.4f} {s['iterations']:>6}")
        entry = {"mean_mae": float(mae.mean()), "mean_mse": float(mse.mean()), "below_1e-4": float((mse < 1e-4).mean()),
                 "wall_seconds": s["wall_seconds"], "seconds_per_step": s["seconds_per_step"], "iterations": s["iterations"],
                 "process_wall": s["process_wall"]}
        if z_true is not None:
            rec = latent_recovery(z, z_true)
            line += f" {rec['mean_l2']:>7.3f} {rec['mean_cos']:>6.3f} {rec['within_rms_0.1']:>6.1%}"
            entry["latent"] = rec
        print(line)
        result[tool] = entry
    if len(rows) == 2:
        d = per_image(rows["onnxinvert"][0], targets)[1] - per_image(rows["torch"][0], targets)[1]
        half = 1.96 * d.std(ddof=1) / np.sqrt(len(d))
        print(f"per-image MAE difference (onnxinvert - torch), paired: {d.mean():+.5f} ± {half:.5f} (95% CI); "
              f"median |difference| {np.median(np.abs(d)):.5f}")
        result["paired_mae_difference"] = {"mean": float(d.mean()), "ci95": float(half)}
        a, b = result["onnxinvert"], result["torch"]
        print(f"difference (onnxinvert - torch): MAE {a['mean_mae'] - b['mean_mae']:+.5f} "
              f"({(a['mean_mae'] / b['mean_mae'] - 1):+.1%}), MSE {a['mean_mse'] - b['mean_mse']:+.3e}; "
              f"time per iteration onnxinvert/torch = {a['seconds_per_step'] / b['seconds_per_step']:.2f}, "
              f"wall ratio {a['wall_seconds'] / b['wall_seconds']:.2f}")
    if args.json:
        with open(args.json, "a") as f:
            f.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
