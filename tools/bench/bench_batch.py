#!/usr/bin/python3
"""Memory and I/O cost of a streaming `onnxinvert invert` over many images (standard library only).

The MNIST generator (onnx-models/mnist-table1-uniform) inverts N targets from an .npy made here in a temporary folder
(N rows of 1x28x28 float32 in [0, 1]: 1,000 distinct pseudo-random images repeated), at a few steps per image, into a
run folder. For each N the child's peak resident memory comes from os.wait4 (ru_maxrss) and its wall time is measured.

The I/O share: with T(N, s) the wall time of N images at s steps (s + 1 runtime calls per image),
    c  = (T(N, 3) - T(N, 1)) / (2 N)             seconds per image-call
    o  = (T(N, 1) - T(n0, 1)) / (N - n0) - 2 c    per-image cost besides the calls (reading, results, files),
with n0 one batch of images (start-up cancels out). The share is o / (o + 101 c): that cost against a 100-step
inversion of the same image. It includes everything per image that is not a runtime call, so it bounds the I/O path's
cost from above.

Usage (from the repository root, after `dotnet build src/OnnxInvert.Cli -c Release`):
    /usr/bin/python3 tools/bench/bench_batch.py [--sizes 1000 10000 100000] [--io-sizes 1000 10000] [--batch 64]
        [--threads 2] [--timeout 1200] [--markdown FILE]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent.parent
BINARY = REPO_ROOT / "src" / "OnnxInvert.Cli" / "bin" / "Release" / "net10.0" / "onnxinvert"
MODEL = REPO_ROOT / "onnx-models" / "mnist-table1-uniform" / "generator.onnx"
PIXELS = 28 * 28
DISTINCT = 1000


def write_npy(path: Path, count: int) -> None:
    """An .npy (format 1.0, <f4, C order) of count images [count, 1, 28, 28]."""
    rng = random.Random(0)
    block = struct.pack(f"<{DISTINCT * PIXELS}f", *(rng.random() for _ in range(DISTINCT * PIXELS)))
    header = f"{{'descr': '<f4', 'fortran_order': False, 'shape': ({count}, 1, 28, 28), }}"
    header += " " * (63 - (10 + len(header)) % 64) + "\n"
    with open(path, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode("latin1"))
        left = count
        while left > 0:
            rows = min(left, DISTINCT)
            f.write(block[: rows * PIXELS * 4])
            left -= rows


def run(targets: Path, out: Path, steps: int, batch: int, threads: int, timeout: float) -> dict:
    """One invert; wall seconds and peak RSS (MiB), or timed_out."""
    cmd = [str(BINARY), "invert", "-m", str(MODEL), "-i", str(targets), "-o", str(out), "--steps", str(steps),
           "--batch", str(batch), "--threads", str(threads), "--seed", "0"]
    with tempfile.TemporaryFile() as log:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=log)
        deadline = t0 + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid != 0:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                os.wait4(proc.pid, 0)
                shutil.rmtree(out, ignore_errors=True)
                return {"timed_out": True, "seconds": timeout}
            time.sleep(0.05)
        wall = time.perf_counter() - t0
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            log.seek(0)
            sys.exit(f"failed ({code}): {' '.join(cmd)}\n{log.read().decode(errors='replace')[-2000:]}")
    shutil.rmtree(out, ignore_errors=True)
    return {"seconds": wall, "peak_rss_mib": usage.ru_maxrss / 1024}


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--io-sizes", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=1200, help="seconds per run before it is stopped and reported as timed out")
    parser.add_argument("--markdown", type=Path)
    args = parser.parse_args(argv)
    if not BINARY.exists():
        sys.exit(f"{BINARY} not found: run `dotnet build src/OnnxInvert.Cli -c Release` first")

    work = Path(tempfile.mkdtemp(prefix="bench-batch-"))
    rows = []
    try:
        base_file = work / "base.npy"
        write_npy(base_file, args.batch)
        base = run(base_file, work / "out", 1, args.batch, args.threads, args.timeout)
        for n in sorted(set(args.sizes) | set(args.io_sizes)):
            targets = work / f"targets-{n}.npy"
            write_npy(targets, n)
            row = {"images": n, "steps1": run(targets, work / "out", 1, args.batch, args.threads, args.timeout)}
            if n in args.io_sizes and not row["steps1"].get("timed_out"):
                row["steps3"] = run(targets, work / "out", 3, args.batch, args.threads, args.timeout)
                if not row["steps3"].get("timed_out"):
                    c = (row["steps3"]["seconds"] - row["steps1"]["seconds"]) / (2 * n)
                    o = (row["steps1"]["seconds"] - base["seconds"]) / (n - args.batch) - 2 * c
                    row["call_seconds"] = c
                    row["per_image_other_seconds"] = o
                    row["io_share_of_100_steps"] = o / (o + 101 * c)
            targets.unlink()
            rows.append(row)
            print(json.dumps(row), flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    if args.markdown:
        lines = ["| images | wall s (1 step) | peak RSS MiB (1 step) | wall s (3 steps) | s per image-call | other s per image | share of a 100-step inversion |",
                 "|---:|---:|---:|---:|---:|---:|---:|"]
        for row in rows:
            s1, s3 = row["steps1"], row.get("steps3")
            def cell(r, key, fmt):
                return "timed out" if r is None or r.get("timed_out") else format(r[key], fmt)
            lines.append(f"| {row['images']:,} | {cell(s1, 'seconds', '.1f')} | {cell(s1, 'peak_rss_mib', '.0f')} | "
                         f"{'-' if s3 is None else cell(s3, 'seconds', '.1f')} | "
                         f"{format(row['call_seconds'], '.2e') if 'call_seconds' in row else '-'} | "
                         f"{format(row['per_image_other_seconds'], '.2e') if 'per_image_other_seconds' in row else '-'} | "
                         f"{format(row['io_share_of_100_steps'], '.1%') if 'io_share_of_100_steps' in row else '-'} |")
        args.markdown.write_text("\n".join(lines) + "\n")
        print("\n".join(lines))


if __name__ == "__main__":
    main(sys.argv[1:])
