#!/usr/bin/python3
"""Per-step speed of `onnxinvert invert` against the plain PyTorch loop (tools/inversion_reference/invert_torch.py),
measured one after the other in this one invocation, on the same machine, generator, targets, initial latents, batch,
loss, optimiser and thread count (the paper's Algorithm 1: BCE, RMSprop lr 0.01; fixed step count, no early stopping).

Models (--model):
- mnist: the first paper's Table 1 generator (onnx-models/mnist-table1-uniform; Gemm, nearest Upsample, Conv), the
  first B held-out MNIST test digits (tools/datasets/mnist.py, split seed 0), z0 ~ U[-1, 1], clipping to the prior;
- dcgan64: the 64x64 RGB DCGAN (onnx-models/dcgan64-colour-fashion; ConvTranspose only, tools/training/dcgan64.py), the
  first B colourised held-out Fashion-MNIST test images (tools/datasets/colour_fashion64.py), z0 ~ N(0, 1), no
  prior handling (a normal prior is not clipped).

For each batch size B the targets are inverted twice per tool, with --short and --long steps; seconds per step is the
difference of the two wall times divided by the difference of the step counts, so start-up (process, model load, graph
building) cancels out. Each run is repeated --repeats times and the fastest kept (the machine is shared and noisy).

Also reported:
- image-steps per second (B / seconds per step);
- FLOPs per image-step: the forward pass plus the input-gradient pass (vᵀJ) of every Gemm/MatMul/Conv/ConvTranspose,
  counted from the ONNX graph's shapes (2·multiply-adds; the input gradient of a linear op costs as much as the op);
  element-wise ops are left out, so this is a lower bound;
- the fraction of the machine's peak FLOP rate, the peak being the best of a few large float32 matrix products
  (numpy over the system BLAS, OpenBLAS on Debian with libopenblas0-pthread) at the same thread count;
- peak resident memory of each process (os.wait4).
OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE are removed from the children's environment (they pin older kernels).

Usage (from the repository root, after `dotnet build -c Release`):
    /usr/bin/python3 -m tools.bench.bench_steps [--model mnist|dcgan64] [--batches 1 16 64 256] [--threads 2] [--markdown FILE]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from tools.common import cli
from tools.common.cli import REPO_ROOT
from tools.datasets import mnist

BINARY = cli.BINARY
TORCH_LOOP = ("-m", "tools.inversion_reference.invert_torch")  # run from REPO_ROOT (see run)
MODEL = REPO_ROOT / "onnx-models" / "mnist-table1-uniform" / "generator.onnx"
DCGAN64 = REPO_ROOT / "onnx-models" / "dcgan64-colour-fashion" / "generator.onnx"
LATENT_DIM = 100
# Settings that pin OpenBLAS to older kernels; dropped for every child so that both tools get the machine's best BLAS.
BLAS_PINS = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")


def child_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in BLAS_PINS}
    return env | extra


def flops_per_image(model: Path) -> float:
    """Forward + input-gradient FLOPs of the linear ops for one sample (shapes from ONNX shape inference at batch 1)."""
    import onnx
    from onnx import shape_inference

    m = onnx.load(str(model))
    for value in m.graph.input:
        dim = value.type.tensor_type.shape.dim
        if dim and dim[0].dim_param:
            dim[0].ClearField("dim_param")
            dim[0].dim_value = 1
    m = shape_inference.infer_shapes(m)
    shapes = {}
    for v in list(m.graph.value_info) + list(m.graph.input) + list(m.graph.output):
        shapes[v.name] = [d.dim_value for d in v.type.tensor_type.shape.dim]
    for init in m.graph.initializer:
        shapes[init.name] = list(init.dims)
    total = 0.0
    for node in m.graph.node:
        attrs = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
        if node.op_type in ("Gemm", "MatMul"):
            a, b = shapes[node.input[0]], shapes[node.input[1]]
            k = a[-2] if attrs.get("transA", 0) else a[-1]
            n = b[-2] if attrs.get("transB", 0) else b[-1]
            rows = int(np.prod(shapes[node.output[0]])) // n
            total += 2.0 * rows * n * k
        elif node.op_type in ("Conv", "ConvTranspose"):
            w = shapes[node.input[1]]  # Conv: [Cout, Cin/group, k...]; ConvTranspose: [Cin, Cout/group, k...]
            if node.op_type == "Conv":
                out = shapes[node.output[0]]
                total += 2.0 * int(np.prod(out)) * (w[1] * int(np.prod(w[2:])))
            else:
                x = shapes[node.input[0]]
                total += 2.0 * int(np.prod(x)) * (w[1] * int(np.prod(w[2:])))
    return 2.0 * total  # forward + input gradient


def peak_gflops(threads: int) -> float:
    """Best float32 matrix-product rate (GFLOP/s) in a child process limited to `threads` BLAS threads."""
    code = (
        "import time, numpy as np\n"
        "n = 2048\n"
        "a = np.random.rand(n, n).astype(np.float32); b = np.random.rand(n, n).astype(np.float32)\n"
        "a @ b\n"
        "best = 0.0\n"
        "for _ in range(5):\n"
        "    t = time.perf_counter(); a @ b; best = max(best, 2 * n**3 / (time.perf_counter() - t))\n"
        "print(best / 1e9)\n"
    )
    env = child_env(OPENBLAS_NUM_THREADS=str(threads), OMP_NUM_THREADS=str(threads))
    return float(subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True).stdout)


def run(cmd: list[str]) -> tuple[float, int]:
    """Runs cmd; returns (wall seconds, peak RSS in MiB) of that process."""
    with tempfile.TemporaryFile() as log:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=log, env=child_env(), cwd=REPO_ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            log.seek(0)
            sys.exit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{log.read().decode(errors='replace')[-2000:]}")
    return wall, usage.ru_maxrss // 1024


def commands(tool: str, model: Path, clip: bool, targets: Path, init: Path, out: Path, steps: int, batch: int,
             threads: int) -> list[str]:
    if tool == "onnxinvert":
        return [str(BINARY), "invert", "-m", str(model), "-i", str(targets), "-o", str(out), "--preset", "paper",
                "--prior-mode", "clip" if clip else "none", "--steps", str(steps), "--batch", str(batch),
                "--init", str(init), "--threads", str(threads)]
    return [sys.executable, *TORCH_LOOP, "-m", str(model), "-i", str(targets), "-o", str(out), "--steps", str(steps),
            "--batch", str(batch), "--optimizer", "rmsprop", "--lr", "0.01", "--loss", "bce",
            "--clip", "clip" if clip else "none", "--init", str(init), "--threads", str(threads)]


def workload(name: str, count: int) -> tuple[Path, bool, np.ndarray, np.ndarray]:
    """(model, whether z is clipped, the first `count` targets, initial latents) of --model `name`."""
    if name == "mnist":
        images, _, _ = mnist.load("test")
        init = np.random.RandomState(count).uniform(-1, 1, (count, LATENT_DIM))
        return MODEL, True, images[:count], init
    from tools.datasets import colour_fashion64

    if not DCGAN64.exists():
        sys.exit(f"{DCGAN64} not found: train it with `/usr/bin/python3 -m tools.training.dcgan64`")
    return DCGAN64, False, colour_fashion64.load("test", count), np.random.RandomState(count).standard_normal((count, LATENT_DIM))


def main(argv: list[str]) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", choices=["mnist", "dcgan64"], default="mnist")
    p.add_argument("--batches", type=int, nargs="+", default=[1, 16, 64, 256])
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--short", type=int, default=20, help="steps of the short run (default 20)")
    p.add_argument("--long", type=int, default=220, help="steps of the long run (default 220)")
    p.add_argument("--repeats", type=int, default=2, help="runs per measurement; the fastest is kept (default 2)")
    p.add_argument("--markdown", type=Path, help="also write the table, machine and command to this file")
    args = p.parse_args(argv)
    if problem := cli.missing(BINARY):
        sys.exit(problem)

    work = mnist.cache_root() / "bench" / args.model
    work.mkdir(parents=True, exist_ok=True)
    model, clip, _, _ = workload(args.model, 1)
    flops = flops_per_image(model)
    peak = peak_gflops(args.threads)
    rows = []
    for batch in args.batches:
        targets = work / f"targets-{batch}.npy"
        init = work / f"init-{batch}.npy"
        _, _, images, latents = workload(args.model, batch)
        np.save(targets, np.ascontiguousarray(images, dtype=np.float32))
        np.save(init, latents.astype(np.float32))
        row = {"batch": batch}
        for tool in ("onnxinvert", "torch"):
            walls = {}
            rss = 0
            for steps in (args.short, args.long):
                best = float("inf")
                for r in range(args.repeats):
                    out = work / f"{tool}-{batch}-{steps}-{r}"
                    shutil.rmtree(out, ignore_errors=True)  # a rerun starts afresh (invert refuses to overwrite a result)
                    wall, mem = run(commands(tool, model, clip, targets, init, out, steps, batch, args.threads))
                    best, rss = min(best, wall), max(rss, mem)
                walls[steps] = best
            per_step = (walls[args.long] - walls[args.short]) / (args.long - args.short)
            row[tool] = {"seconds_per_step": per_step, "image_steps_per_second": batch / per_step,
                         "gflops": flops * batch / per_step / 1e9, "peak_fraction": flops * batch / per_step / 1e9 / peak,
                         "peak_rss_mib": rss, "startup_seconds": walls[args.short] - args.short * per_step}
            print(f"batch {batch:>4} {tool:<10} {per_step * 1e3:9.3f} ms/step {batch / per_step:10.1f} image-steps/s "
                  f"{row[tool]['gflops']:7.2f} GFLOP/s ({row[tool]['peak_fraction']:.1%} of peak) {rss:6d} MiB", flush=True)
        row["speedup"] = row["torch"]["seconds_per_step"] / row["onnxinvert"]["seconds_per_step"]
        rows.append(row)

    command = "/usr/bin/python3 -m tools.bench.bench_steps " + " ".join(argv)
    lines = [
        f"Measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC on {platform.machine()}, {os.cpu_count()} logical CPUs "
        f"({cpu_name()}), {args.threads} threads for both tools; model `{model.relative_to(REPO_ROOT)}` "
        f"({flops / 1e6:.2f} MFLOP per image-step: forward + input gradient of the linear ops); "
        f"peak float32 matrix product {peak:.1f} GFLOP/s.",
        "",
        f"Command: `{command.strip()}`",
        "",
        "| batch | onnxinvert ms/step | PyTorch ms/step | speed-up (PyTorch time / ours) | onnxinvert image-steps/s | "
        "onnxinvert % of peak | PyTorch % of peak | onnxinvert peak RSS MiB | PyTorch peak RSS MiB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        o, t = row["onnxinvert"], row["torch"]
        lines.append(f"| {row['batch']} | {o['seconds_per_step'] * 1e3:.3f} | {t['seconds_per_step'] * 1e3:.3f} | "
                     f"{row['speedup']:.2f}× | {o['image_steps_per_second']:.0f} | {o['peak_fraction']:.1%} | "
                     f"{t['peak_fraction']:.1%} | {o['peak_rss_mib']} | {t['peak_rss_mib']} |")
    print("\n".join(lines))
    (work / "results.json").write_text(json.dumps({"rows": rows, "peak_gflops": peak, "flops_per_image_step": flops}, indent=2))
    if args.markdown:
        args.markdown.write_text("\n".join(lines) + "\n")


def cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


if __name__ == "__main__":
    main(sys.argv[1:])
