#!/usr/bin/python3
"""The GPU half of tools/gpu/run.sh: seconds per step of `onnxinvert invert --provider cuda` against the PyTorch loop
(tools/inversion_reference/invert_torch.py --device cuda) on the bundled MNIST generator and sample digits, at a few
batch sizes, the same way tools/bench/bench_steps.py measures the CPU (its `run`, `commands` and `flops_per_image` are
reused): each tool runs --short and --long steps, seconds per step = difference of the wall times / difference of the
steps, so start-up cancels out. Needs only the checkout's onnx-models/mnist-table1-uniform and onnx-models/samples.

With --probe (tools/OnnxInvert.StepProbe built for the GPU) it also reports, per batch, the host<->device bytes and
milliseconds of one steady step in-process for the plain objective run (every buffer bound from the host each step)
and the device-resident one (IO binding: targets and image stay on the GPU; only latents go up and gradients and
per-image losses come down), which is what `onnxinvert --provider cuda` uses by default.

Usage: gpu_bench.py --onnxinvert BIN [--ort-lib LIB] [--probe STEPPROBE] [--batches 16 64 256] [--markdown FILE]
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

from tools.common.cli import REPO_ROOT
from tools.bench import bench_steps

MODEL = REPO_ROOT / "onnx-models" / "mnist-table1-uniform" / "generator.onnx"
SAMPLES = REPO_ROOT / "onnx-models" / "samples" / "mnist" / "targets.npy"


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--onnxinvert", type=Path, required=True, help="the onnxinvert executable to time")
    p.add_argument("--ort-lib", type=Path, help="the GPU build's libonnxruntime.so, passed as --ort-lib")
    p.add_argument("--batches", type=int, nargs="+", default=[16, 64, 256])
    p.add_argument("--short", type=int, default=10)
    p.add_argument("--long", type=int, default=110)
    p.add_argument("--skip-torch", action="store_true", help="time onnxinvert only")
    p.add_argument("--probe", type=Path, help="the OnnxInvert.StepProbe executable: bytes and ms per step, plain and resident")
    p.add_argument("--markdown", type=Path)
    args = p.parse_args(argv)

    bench_steps.BINARY = args.onnxinvert  # commands() reads it
    samples = np.load(SAMPLES).astype(np.float32)
    flops = bench_steps.flops_per_image(MODEL)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for batch in args.batches:
            targets, init = work / f"targets-{batch}.npy", work / f"init-{batch}.npy"
            np.save(targets, np.ascontiguousarray(np.resize(samples, (batch,) + samples.shape[1:])))
            np.save(init, np.random.RandomState(batch).uniform(-1, 1, (batch, bench_steps.LATENT_DIM)).astype(np.float32))
            row = {"batch": batch}
            for tool in ("onnxinvert", "torch"):
                if tool == "torch" and args.skip_torch:
                    continue
                walls = {}
                for steps in (args.short, args.long):
                    out = work / f"{tool}-{batch}-{steps}"
                    shutil.rmtree(out, ignore_errors=True)
                    cmd = bench_steps.commands(tool, MODEL, True, targets, init, out, steps, batch, threads=2)
                    if tool == "onnxinvert":
                        cmd += ["--provider", "cuda"] + (["--ort-lib", str(args.ort_lib)] if args.ort_lib else [])
                    else:
                        cmd += ["--device", "cuda"]
                    walls[steps], _ = bench_steps.run(cmd)
                per_step = (walls[args.long] - walls[args.short]) / (args.long - args.short)
                row[tool] = per_step
                print(f"batch {batch:>4} {tool:<10} {per_step * 1e3:9.3f} ms/step {batch / per_step:10.1f} image-steps/s", flush=True)
            rows.append(row)

    lines = [
        f"Model `{MODEL.relative_to(REPO_ROOT)}` ({flops / 1e6:.2f} MFLOP per image-step), targets: the bundled sample "
        f"digits repeated to the batch size; {args.short} and {args.long} steps per run, the paper's preset (BCE, "
        "RMSprop lr 0.01, clipping).",
        "",
        "| batch | onnxinvert --provider cuda ms/step | PyTorch CUDA ms/step | speed-up (PyTorch time / ours) | onnxinvert image-steps/s |",
        "|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        ours, torch_s = row["onnxinvert"], row.get("torch")
        lines.append(f"| {row['batch']} | {ours * 1e3:.3f} | {'' if torch_s is None else f'{torch_s * 1e3:.3f}'} | "
                     f"{'' if torch_s is None else f'{torch_s / ours:.2f}x'} | {row['batch'] / ours:.0f} |")
    if args.probe:
        lines += ["", *probe_table(args.probe, args.ort_lib, args.batches)]
    print("\n".join(lines))
    if args.markdown:
        with open(args.markdown, "a") as f:
            f.write("\n".join(lines) + "\n")
    return 0


def probe_table(probe: Path, ort_lib: Path | None, batches: list[int]) -> list[str]:
    """The step probe's markdown table on CUDA (its own header line first), or one line saying why there is none."""
    env = os.environ | ({"ONNXINVERT_ORT_LIB": str(ort_lib)} if ort_lib else {})
    cmd = [str(probe), "--provider", "cuda", "--batches", *map(str, batches), "--warm", "5", "--steps", "50"]
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=REPO_ROOT, timeout=600)
    if done.returncode != 0:
        return [f"Step probe failed ({done.returncode}): `{' '.join(cmd)}`: {(done.stderr or done.stdout).strip()[-500:]}"]
    table = [line for line in done.stdout.splitlines() if line.strip()]
    return ["Bytes and milliseconds per steady step in-process (`" + " ".join(["OnnxInvert.StepProbe", *cmd[1:]]) + "`):", "", *table]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
