#!/usr/bin/python3
"""The generated-image experiment of docs/inversion-reference.md (b) on the StyleGAN2-like corpus model, in Z, W (the
monolithic export's cut point) and W+ with the noise maps as latents (the synthesis export): `onnxinvert invert`
against the plain PyTorch loop (tools/inversion_reference/invert_stylegan_torch.py) on the same images and settings;
and in W+ the StyleGAN2 projector's noise regulariser on and off (issue 17). Tabulated for docs/inversion.md.

Targets: --count images the model generated itself (tools/exports/stylegan_generated.py: the exporter's seeds, the
first 8 are the committed targets). Both tools: MSE loss in the model's range, Adam at --lr, a constant rate, --steps
updates, batch --batch (all images in one batch by default), no prior handling (`--prior-mode support`: a normal
prior is left free, as the PyTorch loop does), the same thread count. Starts: Z a seeded N(0, 1) draw (each tool its
own generator); W `--init mean` (ours: the mean of the cut tensor over 1,024 prior draws; PyTorch: --mean-samples
1024); W+ w_avg of 10,000 draws repeated over the 8 styles, the same file for both, noise maps seeded N(0, 1) draws.

For each space the two tools run at the same time (two processes, --threads each), so they see the same load on a
shared machine and their ratio is from one run; the load average (`uptime`) is recorded before and after each pair.
The noise-regularised W+ run (ours only) runs alone after them. With --parallel every run (all spaces, both tools,
the noise-regularised one) starts at once instead: on a machine already oversubscribed by others this finishes the
whole experiment sooner, and every run sees the same load; seconds per step are then inflated alike.

Metrics from each tool's float reconstructions (reconstructions.npy) against the targets, on the [0, 1] scale of
the engine's metrics.csv (the model's [-1, 1] mapped linearly; no clamping, the model overshoots): MSE, PSNR, the
fraction of images with MSE < 1e-4 (section (b)'s threshold) and with MSE below 5% of the targets' variance (issue
13's), seconds per step (the tool's wall time over its steps; engine: summary.json seconds_per_step, the loop only,
PyTorch: the loop only). Noise maps after the W+ runs: tools/bench/noise_stats.py.

Usage (from the repository root, after `dotnet build src/OnnxInvert.Cli -c Release`):
    /usr/bin/python3 -m tools.bench.stylegan_spaces --work /tmp/sg-spaces [--count 64 --steps 300 --threads 2]
Writes WORK/table.md and WORK/results.json; the runs' folders stay in WORK.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from tools.bench import noise_stats

REPO = Path(__file__).resolve().parents[2]
CLI = REPO / "src" / "OnnxInvert.Cli" / "bin" / "Release" / "net10.0" / "onnxinvert"
CORPUS = REPO / "onnx-models" / "corpus"
W_CUT = "/mapping/net/net.7/LeakyRelu_output_0"
NOISES = [f"noise{i}" for i in range(7)]
SPACES = ("z", "w", "wplus")


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def ours_cmd(space: str, args, targets: Path, out: Path, noise_reg: bool = False) -> list[str]:
    common = ["--images", str(targets), "--out", str(out), "--steps", str(args.steps), "--batch", str(args.batch),
              "--loss", "mse", "--optimizer", "adam", "--lr", str(args.lr), "--prior-mode", "support",
              "--seed", "0", "--threads", str(args.threads), "--overwrite"]
    if space == "z":
        return [str(CLI), "invert", "--model", str(CORPUS / "stylegan2-like" / "model.onnx"), *common]
    if space == "w":
        return [str(CLI), "invert", "--model", str(CORPUS / "stylegan2-like" / "model.onnx"), *common,
                "--latent", W_CUT, "--init", "mean"]
    cmd = [str(CLI), "invert", "--model", str(CORPUS / "stylegan2-like-wplus" / "model.onnx"), *common,
           "--latent", ",".join(["w_plus", *NOISES]), "--init", str(args.work / "targets" / "w-avg-plus.npy")]
    if noise_reg:
        cmd += ["--noise-latents", ",".join(NOISES), "--noise-regularize", "1e5"]
    return cmd


def torch_cmd(space: str, args, targets: Path, out: Path) -> list[str]:
    cmd = [sys.executable, "-m", "tools.inversion_reference.invert_stylegan_torch", "--space", space,
           "-i", str(targets), "-o", str(out), "--steps", str(args.steps), "--batch", str(args.batch),
           "--optimizer", "adam", "--lr", str(args.lr), "--loss", "mse", "--seed", "0", "--threads", str(args.threads)]
    if space == "w":
        cmd += ["--init", "mean", "--mean-samples", "1024"]
    if space == "wplus":
        cmd += ["--init", str(args.work / "targets" / "w-avg-plus.npy")]
    return cmd


def run_together(cmds: dict[str, list[str]], logs: Path) -> dict[str, float]:
    """Starts every command at once; returns each one's wall time (seconds); fails naming the log of a failed one."""
    logs.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    procs = {}
    for name, cmd in cmds.items():
        log = open(logs / f"{name}.log", "w")
        log.write(" ".join(cmd) + "\n")
        log.flush()
        procs[name] = (subprocess.Popen(cmd, cwd=REPO, stdout=log, stderr=subprocess.STDOUT), log)
    walls = {}
    for name, (proc, log) in procs.items():
        rc = proc.wait()
        walls[name] = time.perf_counter() - start
        log.close()
        if rc != 0:
            sys.exit(f"{name} failed (exit {rc}); see {logs / (name + '.log')}")
    return walls


def score(recon: np.ndarray, targets: np.ndarray) -> dict:
    d = ((recon.astype(np.float64) - targets.astype(np.float64)) / 2.0).reshape(len(targets), -1)
    mse = (d ** 2).mean(axis=1)
    variance = float((targets.astype(np.float64) / 2.0).var())
    psnr = 10 * np.log10(1 / np.maximum(mse, 1e-10))
    return {"mean_mse": float(mse.mean()), "mean_psnr": float(psnr.mean()), "below_1e-4": int((mse < 1e-4).sum()),
            "below_5pct_variance": int((mse < 0.05 * variance).sum()), "images": len(mse),
            "mean_mse_over_variance": float(mse.mean() / variance)}


def measure(kind: str, out: Path, targets: np.ndarray, wall: float) -> dict:
    summary = json.loads((out / "summary.json").read_text())
    # both tools' summary.json name these the same: the loop's wall time and its seconds per batch step
    row = score(np.load(out / "reconstructions.npy"), targets) | {
        "tool": kind, "process_wall_s": wall, "seconds_per_step": summary["seconds_per_step"],
        "steps": summary["steps"], "loop_wall_s": summary["wall_seconds"]}
    latents = out / "latents"
    if latents.is_dir() and (latents / "noise0.npy").exists():
        row["noise"] = noise_stats.summarise([np.load(latents / f"{n}.npy") for n in NOISES])
    return row


def fmt_count(k: int, n: int) -> str:
    return f"{k / n:.0%} ({k}/{n})"


def table(results: dict, args) -> str:
    names = {"z": "Z (`stylegan2-like`, z `[N,64]`)", "w": "W (cut point, `--init mean`)",
             "wplus": "W+ and noise (`stylegan2-like-wplus`, 8 latents)"}
    lines = ["| space | tool | mean MSE | PSNR (dB) | MSE < 1e-4 | MSE < 5% of variance | s per step | steps |",
             "|---|---|---|---|---|---|---|---|"]
    for space in SPACES:
        for kind, label in (("ours", "OnnxInvert `invert`"), ("torch", "PyTorch loop")):
            r = results[space][kind]
            lines.append(f"| {names[space] if kind == 'ours' else ''} | {label} | {r['mean_mse']:.3g} | "
                         f"{r['mean_psnr']:.2f} | {fmt_count(r['below_1e-4'], r['images'])} | "
                         f"{fmt_count(r['below_5pct_variance'], r['images'])} | {r['seconds_per_step']:.3f} | "
                         f"{r['steps']} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--work", type=Path, required=True)
    p.add_argument("--count", type=int, default=64)
    p.add_argument("--steps", type=int, default=300)
    p.add_argument("--batch", type=int, default=None, help="default: --count (one batch)")
    p.add_argument("--lr", type=float, default=0.05)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--spaces", nargs="+", choices=SPACES, default=list(SPACES))
    p.add_argument("--no-noise-reg", action="store_true", help="skip the noise-regularised W+ run")
    p.add_argument("--parallel", action="store_true",
                   help="start every run at once (a heavily loaded shared machine: they share its load alike)")
    args = p.parse_args(argv)
    args.batch = args.batch or args.count
    args.work = args.work.resolve()
    if not CLI.exists():
        sys.exit(f"{CLI.relative_to(REPO)} is missing: run `dotnet build src/OnnxInvert.Cli -c Release` first")

    tdir = args.work / "targets"
    subprocess.run([sys.executable, "-m", "tools.exports.stylegan_generated", "--out", str(tdir), "--count",
                    str(args.count)], cwd=REPO, check=True)
    targets_file = tdir / "targets.npy"
    targets = np.load(targets_file)
    results_file = args.work / "results.json"
    results = json.loads(results_file.read_text()) if results_file.exists() else {}
    results["settings"] = {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()}
    results["true_noise"] = noise_stats.summarise([np.load(tdir / f"targets-{n}.npy") for n in NOISES])

    runs = {}  # name -> (space, kind, out, command)
    for space in args.spaces:
        for kind in ("ours", "torch"):
            out = args.work / f"{kind}-{space}"
            make = ours_cmd if kind == "ours" else torch_cmd
            runs[f"{kind}-{space}"] = (space, kind, out, make(space, args, targets_file, out))
    if not args.no_noise_reg:
        out = args.work / "ours-wplus-noisereg"
        runs["ours-wplus-noisereg"] = ("wplus_noisereg", "ours", out,
                                       ours_cmd("wplus", args, targets_file, out, noise_reg=True))
    groups = [list(runs)] if args.parallel else (
        [[f"ours-{s}", f"torch-{s}"] for s in args.spaces] + ([["ours-wplus-noisereg"]] if not args.no_noise_reg else []))
    for group in groups:
        before = uptime()
        print(f"{', '.join(group)}: at once; {before}", flush=True)
        walls = run_together({name: runs[name][3] for name in group}, args.work / "logs")
        after = uptime()
        for name in group:
            space, kind, out, cmd = runs[name]
            row = measure(kind, out, targets, walls[name]) | {"uptime_before": before, "uptime_after": after,
                                                              "command": " ".join(cmd), "ran_with": group}
            if space == "wplus_noisereg":
                results[space] = row
            else:
                results.setdefault(space, {})[kind] = row
            print(f"{name}: mean MSE {row['mean_mse']:.4g}, {row['seconds_per_step']:.3f} s per step; {after}", flush=True)
        results_file.write_text(json.dumps(results, indent=2) + "\n")

    if all(s in results for s in SPACES):
        (args.work / "table.md").write_text(table(results, args))
        print(table(results, args))
    print(f"wrote {results_file}")


if __name__ == "__main__":
    main(sys.argv[1:])
