#!/usr/bin/python3
"""Throughput of `onnxinvert invert --batch 64` on a model exported with a fixed batch of 1 against the same weights
exported with a dynamic batch (issue 13 item 5, docs/benchmarks.md), and on the per-chunk fallback (a fixed-batch-1
export whose batch no rewrite can free, run once per sample).

Models (tools/exports/fixed_batch_variants.py writes the last two and the targets into WORK):
    fixed     onnx-models/corpus/fixed-batch-1/model.onnx: the engine rewrites its batch to a symbolic one and checks
              the rewrite at two batch sizes, then runs it like a dynamic-batch model;
    dynamic   the same weights exported with a dynamic batch;
    fallback  the same weights, fixed batch 1 also baked into a Slice end: the check fails and the engine calls the
              objective once per sample of the batch (64 calls per step).
Every run: the same --count generated images, MSE loss, Adam lr 0.05, --prior-mode support, seed 0, --threads.
Seconds per step = (time of a --long-step run − time of a --short-step run) / (long − short), so start-up, the
rewrite's check and graph building cancel out; both the process's wall time and its CPU time (user + system, from
wait4) are taken. On a shared, oversubscribed machine wall times are dominated by others' load; CPU time at
--threads 1 (no spinning worker threads) is the steadier measure of the work a step costs. The models are run in turn, --repeats rounds; the
ratio fixed/dynamic is taken within each round (the same minutes of a shared machine's load), and the median and the
best over rounds are reported. The load average is recorded at the start and end of each round. The fixed and dynamic
runs must end at the same mean MSE (the same trajectories): checked.

Usage (from the repository root, after `dotnet build src/OnnxInvert.Cli -c Release`):
    /usr/bin/python3 -m tools.bench.fixed_batch_bench --work /tmp/fixed-batch [--repeats 3 --short 10 --long 110 --threads 1]
Writes WORK/bench.json and prints a markdown table.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CLI = REPO / "src" / "OnnxInvert.Cli" / "bin" / "Release" / "net10.0" / "onnxinvert"
FIXED = REPO / "onnx-models" / "corpus" / "fixed-batch-1" / "model.onnx"


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def invert(model: Path, args, steps: int, out: Path) -> tuple[float, float, dict]:
    cmd = [str(CLI), "invert", "--model", str(model), "--images", str(args.work / "targets.npy"), "--out", str(out),
           "--steps", str(steps), "--batch", str(args.batch), "--loss", "mse", "--optimizer", "adam", "--lr", "0.05",
           "--prior-mode", "support", "--seed", "0", "--threads", str(args.threads), "--overwrite"]
    log = out.with_suffix(".log")
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "w") as stderr:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=stderr)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(cmd)} failed; see {log}")
    return wall, usage.ru_utime + usage.ru_stime, json.loads((out / "summary.json").read_text())


def table(result: dict) -> str:
    """The markdown table of a bench.json."""
    lines = []
    lines.append("| export of the same weights | CPU ms per step (median; best) | image-steps per CPU second | against "
          "dynamic, CPU (per-round ratios) | wall ms per step (median) | against dynamic, wall (per-round ratios) |")
    lines.append("|---|---|---|---|---|---|")
    for name, label in (("dynamic", "dynamic batch"), ("fixed", "fixed batch 1, rewritten to a symbolic batch"),
                        ("fallback", "fixed batch 1 that no rewrite frees: per-sample calls")):
        m = result[name]
        ratio = {k: "1" if name == "dynamic" else f"{result[name + '_over_dynamic' + k]['median']:.2f}× ("
                 + ", ".join(f"{x:.2f}" for x in result[name + '_over_dynamic' + k]['all']) + ")" for k in ("_cpu", "")}
        lines.append(f"| {label} | {1000 * m['median_cpu_seconds_per_step']:.2f}; {1000 * m['best_cpu_seconds_per_step']:.2f} | "
              f"{m['median_image_steps_per_cpu_second']:.0f} | {ratio['_cpu']} | {1000 * m['median_seconds_per_step']:.1f} | "
              f"{ratio['']} |")

    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--work", type=Path, required=True)
    p.add_argument("--count", type=int, default=64)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--short", type=int, default=10)
    p.add_argument("--long", type=int, default=110)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--threads", type=int, default=1)
    args = p.parse_args(argv)
    args.work = args.work.resolve()
    if not CLI.exists():
        sys.exit(f"{CLI.relative_to(REPO)} is missing: run `dotnet build src/OnnxInvert.Cli -c Release` first")
    subprocess.run([sys.executable, "-m", "tools.exports.fixed_batch_variants", "--out", str(args.work), "--count",
                    str(args.count)], cwd=REPO, check=True)
    models = {"fixed": FIXED, "dynamic": args.work / "dynamic.onnx", "fallback": args.work / "fallback.onnx"}

    rounds = []
    for r in range(args.repeats):
        row = {"uptime_before": uptime()}
        for name, model in models.items():
            short, short_cpu, _ = invert(model, args, args.short, args.work / f"run-{name}-short")
            long, long_cpu, summary = invert(model, args, args.long, args.work / f"run-{name}-long")
            row[name] = {"seconds_per_step": (long - short) / (args.long - args.short),
                         "cpu_seconds_per_step": (long_cpu - short_cpu) / (args.long - args.short),
                         "mean_mse": summary["mean_mse"]}
        row["uptime_after"] = uptime()
        for other in ("fixed", "fallback"):
            row[f"{other}_over_dynamic"] = row[other]["seconds_per_step"] / row["dynamic"]["seconds_per_step"]
            row[f"{other}_over_dynamic_cpu"] = row[other]["cpu_seconds_per_step"] / row["dynamic"]["cpu_seconds_per_step"]
        if abs(row["fixed"]["mean_mse"] - row["dynamic"]["mean_mse"]) > 1e-6 * max(1e-12, row["dynamic"]["mean_mse"]) + 1e-9:
            sys.exit(f"fixed and dynamic ended at different MSE: {row['fixed']['mean_mse']} vs {row['dynamic']['mean_mse']}")
        print(json.dumps(row), flush=True)
        rounds.append(row)

    result = {"settings": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()}, "rounds": rounds}
    for name in models:
        result[name] = {}
        for kind in ("seconds_per_step", "cpu_seconds_per_step"):
            steps = [r[name][kind] for r in rounds]
            per = "cpu_second" if kind.startswith("cpu") else "second"
            result[name] |= {f"median_{kind}": statistics.median(steps), f"best_{kind}": min(steps),
                             f"median_image_steps_per_{per}": args.batch / statistics.median(steps)}
    for key in ("fixed_over_dynamic", "fallback_over_dynamic", "fixed_over_dynamic_cpu", "fallback_over_dynamic_cpu"):
        result[key] = {"median": statistics.median(r[key] for r in rounds), "all": [r[key] for r in rounds]}
    (args.work / "bench.json").write_text(json.dumps(result, indent=2) + "\n")

    print(table(result))

if __name__ == "__main__":
    main(sys.argv[1:])
