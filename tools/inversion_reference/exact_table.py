#!/usr/bin/python3
"""The `exact` preset on every generator (issue 19): how many self-generated images `onnxinvert invert --preset exact`
reconstructs to MSE < 1e-4 (on [0, 1], the CLI's --target-mse scale) within the wall time of PyTorch's paper loop for
2,000 steps on the same targets, from the same initial latents, measured in this one invocation, one tool after the
other.

Rows (--models; default all, cheap ones first):
    NAME (a folder of onnx-models/ with generator.onnx and a model card): targets G(z_true), z_true drawn from the
        card's prior with numpy RandomState(--target-seed), made by the PyTorch rebuild (invert_torch.load_generator);
        initial latents drawn from the prior with RandomState(--init-seed) and given to both tools (--init FILE.npy).
        PyTorch: invert_torch.py, RMSprop lr 0.01, BCE, clip for a uniform prior, none for a normal one.
    stylegan2-like-z / -w / -wplus (onnx-models/corpus/stylegan2-like*): targets from the monolithic model,
        z_true ~ N(0, 1) (--target-seed); W+ targets use w_plus = mapping(z_true) repeated and noise maps drawn from
        N(0, 1) (--target-seed + 1). Z starts both tools from the same prior draws; W starts each from its own w_avg
        (`--init mean`: the mean of mapping(z) over prior draws); W+ starts both from the same w_avg repeated, the noise
        maps from each tool's own N(0, 1) draws. PyTorch: invert_stylegan_torch.py, RMSprop lr 0.01, MSE (the model has
        no output activation, so the paper's BCE does not apply), no projection.
    ours: onnxinvert invert --preset exact --batch N --threads T [--latent/--init as above] [extra flags after --]

The budget is PyTorch's wall time (its loop only, as the run's summary.json records it): it is passed to ours as
--time-budget (unless --no-budget), so the preset restarts the images still above the target until it is spent, and an
image of ours counts when it reached the target no later than that many seconds into our run (metrics.csv
`seconds`). Every row records the load average before and after.

Resumable: a model's PyTorch result is kept under <cache>/inversion-reference/exact/ROW/torch and reused when the
same steps, batch and threads are asked again (--redo-torch runs it anew); each finished row is appended to --json
at once, so a crash loses no finished row; --table prints the Markdown table of the newest row per model from --json.

Example (from the repository root):
    dotnet build src/OnnxInvert.Cli -c Release
    /usr/bin/python3 -m tools.inversion_reference.exact_table                   # every row, 64 images, 2 threads
    /usr/bin/python3 -m tools.inversion_reference.exact_table --models mnist-table1-normal -- --stall-restarts 3
    /usr/bin/python3 -m tools.inversion_reference.exact_table --models fashion-gan --torch-only   # PyTorch now, ours later
    /usr/bin/python3 -m tools.inversion_reference.exact_table --table
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import resource
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
STYLEGAN = {"stylegan2-like-z": "z", "stylegan2-like-w": "w", "stylegan2-like-wplus": "wplus"}
MODELS = ["mnist-table1-uniform", "mnist-table1-normal", "fashion-gan", "fashion-gan-noise", "fashion-wgan-gp",
          *STYLEGAN, "dcgan64-colour-fashion"]
W_CUT = "/mapping/net/net.7/LeakyRelu_output_0"


def draw(prior: dict, shape: tuple, seed: int) -> np.ndarray:
    rs = np.random.RandomState(seed)
    if prior["kind"] == "uniform":
        z = rs.uniform(prior.get("low", -1.0), prior.get("high", 1.0), size=shape)
    else:
        z = rs.normal(prior.get("mean", 0.0), prior.get("std", 1.0), size=shape)
    return z.astype(np.float32)


def load_average() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def timed(cmd: list[str], **kwargs) -> tuple[float, float]:
    """Runs cmd; returns its (wall, CPU) seconds, CPU = user + system of the process and its threads. On a shared,
    loaded machine the CPU time is the steadier measure of the work; both are recorded."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, cwd=REPO_ROOT, **kwargs)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def prepare_card_model(name: str, args, work: Path) -> dict:
    """Targets, init and both tools' commands for a folder of onnx-models/."""
    model_dir = REPO_ROOT / "onnx-models" / name
    model = model_dir / "generator.onnx"
    prior = json.loads((model_dir / "model-card.json").read_text())["prior"]
    g = invert_torch.load_generator(model)
    z_true = draw(prior, (args.count, invert_torch.LATENT_DIM), args.target_seed)
    with torch.no_grad():
        np.save(work / "targets.npy", g(torch.from_numpy(z_true)).numpy().astype(np.float32))
    np.save(work / "init.npy", draw(prior, (args.count, invert_torch.LATENT_DIM), args.init_seed))
    torch_cmd = [sys.executable, "-m", "tools.inversion_reference.invert_torch", "-m", str(model), "--optimizer", "rmsprop", "--lr", "0.01",
                 "--loss", "bce", "--clip", "clip" if prior["kind"] == "uniform" else "none", "--init", str(work / "init.npy")]
    return {"prior": f"{prior['kind']}", "space": "z", "range": (0.0, 1.0), "torch": torch_cmd,
            "ours": ["-m", str(model), "--init", str(work / "init.npy")],
            "verify": [sys.executable, "-m", "tools.inversion_reference.invert_torch", "-m", str(model), "--verify", str(work / "ours")]}


def prepare_stylegan(name: str, args, work: Path) -> dict:
    """Targets, init and both tools' commands for the StyleGAN2-like model in Z, W or W+."""
    from tools.exports import stylegan2_like as sg
    from tools.inversion_reference import invert_stylegan_torch as ist

    space = STYLEGAN[name]
    corpus = REPO_ROOT / "onnx-models" / "corpus"
    mono, synth = ist.load(corpus)
    normal = {"kind": "normal"}
    z_true = draw(normal, (args.count, sg.Z_DIM), args.target_seed)
    with torch.no_grad():
        if space == "wplus":
            w = mono.mapping(torch.from_numpy(z_true))
            rs = np.random.RandomState(args.target_seed + 1)
            noise = [torch.from_numpy(rs.normal(size=(args.count, *s)).astype(np.float32)) for s in sg.NOISE_SHAPES]
            targets = synth.from_w_plus(w[:, None, :].repeat(1, sg.NUM_WS, 1), noise)
        else:
            targets = mono(torch.from_numpy(z_true))
    np.save(work / "targets.npy", targets.numpy().astype(np.float32))
    torch_cmd = [sys.executable, "-m", "tools.inversion_reference.invert_stylegan_torch", "--space", space,
                 "--optimizer", "rmsprop", "--lr", "0.01", "--loss", "mse"]
    if space == "z":
        np.save(work / "init.npy", draw(normal, (args.count, sg.Z_DIM), args.init_seed))
        ours = ["-m", str(corpus / "stylegan2-like" / "model.onnx"), "--init", str(work / "init.npy")]
        torch_cmd += ["--init", str(work / "init.npy")]
    elif space == "w":
        ours = ["-m", str(corpus / "stylegan2-like" / "model.onnx"), "--latent", W_CUT, "--init", "mean"]
        torch_cmd += ["--init", "mean"]
    else:
        w_avg = ist.w_average(mono, 10000, 1).numpy()
        np.save(work / "init.npy", np.broadcast_to(w_avg, (args.count, sg.NUM_WS, sg.W_DIM)).astype(np.float32).copy())
        latents = ",".join(["w_plus", *ist.NOISE_NAMES])
        ours = ["-m", str(corpus / "stylegan2-like-wplus" / "model.onnx"), "--latent", latents, "--init", str(work / "init.npy")]
        torch_cmd += ["--init", str(work / "init.npy"), "--seed", str(args.init_seed)]
    return {"prior": "normal" if space == "z" else "none (w)" if space == "w" else "none (w_plus), normal (noise)",
            "space": {"z": "Z", "w": "W (cut point)", "wplus": "W+ and noise"}[space], "range": (-1.0, 1.0),
            "torch": torch_cmd, "ours": ours,
            "verify": [sys.executable, "-m", "tools.inversion_reference.invert_stylegan_torch", "--verify"]}


def mse01(folder: Path, targets: np.ndarray, value_range: tuple[float, float]) -> np.ndarray:
    """Per-image MSE on [0, 1] (the model's range mapped linearly, as the CLI measures it)."""
    width = value_range[1] - value_range[0]
    rec = np.load(folder / "reconstructions.npy").astype(np.float64)
    diff = (rec - targets.astype(np.float64)) / width
    return (diff ** 2).reshape(len(targets), -1).mean(axis=1)


def run_torch(row: dict, spec: dict, args, work: Path, targets: np.ndarray) -> None:
    folder = work / "torch"
    measured = min(args.torch_measure_steps or args.torch_steps, args.torch_steps)
    settings = {"steps": measured, "batch": args.batch, "threads": args.threads, "count": args.count,
                "target_seed": args.target_seed, "init_seed": args.init_seed}
    kept = folder / "exact-table-settings.json"
    if args.redo_torch or not kept.exists() or json.loads(kept.read_text()) != settings:
        shutil.rmtree(folder, ignore_errors=True)
        cmd = [*spec["torch"], "-i", str(work / "targets.npy"), "-o", str(folder), "--steps", str(measured),
               "--batch", str(args.batch), "--threads", str(args.threads)]
        row["torch_load_before"] = load_average()
        print("$ " + " ".join(cmd), flush=True)
        row["torch_process_wall"], row["torch_cpu"] = timed(cmd)
        row["torch_load_after"] = load_average()
        kept.write_text(json.dumps(settings))
        (folder / "exact-table-load.json").write_text(json.dumps(
            {k: row[k] for k in ("torch_load_before", "torch_load_after", "torch_process_wall", "torch_cpu")}))
    else:
        row.update(json.loads((folder / "exact-table-load.json").read_text()))
        row["torch_reused"] = True
    s = json.loads((folder / "summary.json").read_text())
    row["torch_wall"] = s["wall_seconds"]
    if measured < args.torch_steps:
        # Timed over the first `measured` steps only (a step costs the same all through a fixed batch) and scaled to
        # --torch-steps: the loop's wall time, and the process's CPU time at the loop's share of the process's wall.
        scale = args.torch_steps / measured
        row["torch_measured_steps"] = measured
        row["torch_cpu"] = row["torch_cpu"] * s["wall_seconds"] / row["torch_process_wall"] * scale
        row["torch_wall"] = s["wall_seconds"] * scale
        row["torch_below"] = None
    else:
        row["torch_below"] = int((mse01(folder, targets, spec["range"]) < args.threshold).sum())


def run_ours(row: dict, spec: dict, args, work: Path, targets: np.ndarray, extra: list[str]) -> None:
    folder = work / "ours"
    shutil.rmtree(folder, ignore_errors=True)
    cmd = [str(args.binary), "invert", *spec["ours"], "-i", str(work / "targets.npy"), "-o", str(folder),
           "--preset", "exact", "--batch", str(args.batch), "--threads", str(args.threads)]
    if "torch_wall" in row and not args.no_budget:
        # The budget is PyTorch's 2,000-step wall time: the preset restarts stuck images until it is spent.
        row["time_budget"] = round(min(row["torch_wall"], args.budget_cap or float("inf")), 1)
        cmd += ["--time-budget", f"{row['time_budget']}"]
    cmd += extra
    row["ours_command"] = " ".join(["onnxinvert", *cmd[1:]])
    row["ours_load_before"] = load_average()
    print("$ " + " ".join(cmd), flush=True)
    row["ours_process_wall"], row["ours_cpu"] = timed(cmd, stderr=subprocess.DEVNULL)
    row["ours_load_after"] = load_average()
    s = json.loads((folder / "summary.json").read_text())
    row["ours_wall"] = s["wall_seconds"]
    mse = mse01(folder, targets, spec["range"])
    row["ours_below"] = int((mse < args.threshold).sum())
    with open(folder / "metrics.csv", newline="") as f:
        metrics = list(csv.DictReader(f))
    budget = row.get("torch_wall", float("inf"))
    times = sorted(float(m["seconds"]) for m in metrics if m["reached_target"].lower() == "true")
    row["ours_reached_target"] = len(times)
    row["ours_within_budget"] = sum(1 for t in times if t <= budget)
    if "torch_cpu" in row:
        # The same count on CPU time: an image's run seconds times our CPU rate over the run (CPU s per wall s), against
        # PyTorch's CPU seconds (both whole processes, start-up included).
        rate = row["ours_cpu"] / row["ours_process_wall"]
        row["ours_within_cpu_budget"] = sum(1 for t in times if t * rate <= row["torch_cpu"])
    row["ours_median_seconds_to_target"] = times[len(times) // 2] if times else None
    row["ours_worst_mse"] = float(mse.max())
    for key in ("target_mse", "reached_target_steps", "constraint", "optimizer", "schedule", "loss", "lr", "steps",
                "stall_restarts", "won_by_stall_restart", "sample_steps", "iterations", "failed", "time_budget_seconds",
                "cut_short"):
        row[key] = s.get(key)
    row["resolved_prior"] = s.get("prior")


def run_row(name: str, args, extra: list[str]) -> dict:
    work = mnist.cache_root() / "inversion-reference" / "exact" / name
    work.mkdir(parents=True, exist_ok=True)
    spec = prepare_stylegan(name, args, work) if name in STYLEGAN else prepare_card_model(name, args, work)
    targets = np.load(work / "targets.npy")
    row: dict = {"model": name, "prior": spec["prior"], "space": spec["space"], "images": args.count,
                 "batch": args.batch, "threads": args.threads, "threshold": args.threshold, "extra": extra}
    if not args.skip_torch:
        run_torch(row, spec, args, work, targets)
    if args.torch_only:
        return row
    run_ours(row, spec, args, work, targets, extra)
    check = subprocess.run(spec["verify"], check=True, capture_output=True, text=True, cwd=REPO_ROOT)
    row["verify"] = check.stdout.strip().splitlines()[-1] if check.stdout.strip() else "ok"
    return row


def markdown(rows: list[dict]) -> str:
    lines = ["| generator | prior | latent space | `--preset exact` below 1e-4 within PyTorch's wall time | "
             "within its CPU time | median s to target | our wall s / CPU s | PyTorch 2,000 steps: wall s / CPU s | "
             "PyTorch below 1e-4 | our --time-budget s (cut short) | reached in a stall restart | load before → after |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        n = r["images"]
        within = r.get("ours_within_budget", r["ours_reached_target"])
        cpu_within = r.get("ours_within_cpu_budget")
        median = r["ours_median_seconds_to_target"]
        scaled = f" (from {r['torch_measured_steps']} steps)" if r.get("torch_measured_steps") else ""
        below = "not run to the end" if r.get("torch_below") is None else f"{r['torch_below']}/{n}"
        torch_part = (f"{r['torch_wall']:.0f} / {r.get('torch_cpu', float('nan')):.0f}{scaled} | {below}"
                      if "torch_wall" in r else "— | —")
        load = f"{r.get('torch_load_before', '?').split()[0]} → {r['ours_load_after'].split()[0]}"
        budget = "none" if r.get("time_budget") is None else f"{r['time_budget']:.0f} ({r.get('cut_short', 0)})"
        won = "—" if r.get("won_by_stall_restart") is None else str(r["won_by_stall_restart"])
        lines.append(f"| {r['model']} | {r['prior']} | {r['space']} | **{within}/{n}** ({within / n:.0%}) | "
                     f"{'—' if cpu_within is None else f'{cpu_within}/{n}'} | {'—' if median is None else f'{median:.0f}'} | "
                     f"{r['ours_wall']:.0f} / {r['ours_cpu']:.0f} | {torch_part} | {budget} | {won} | {load} |")
    return "\n".join(lines)


def newest_rows(path: Path) -> list[dict]:
    rows: dict[str, dict] = {}
    if path.exists():
        for line in path.read_text().splitlines():
            if line.strip():
                r = json.loads(line)
                rows[r["model"]] = r
    return [rows[m] for m in [*MODELS, *sorted(set(rows) - set(MODELS))] if m in rows]


def main(argv: list[str]) -> None:
    extra: list[str] = []
    if "--" in argv:
        k = argv.index("--")
        argv, extra = argv[:k], argv[k + 1:]
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--models", nargs="+", default=MODELS, help="rows: folders under onnx-models/ or stylegan2-like-z|w|wplus")
    p.add_argument("--count", type=int, default=64)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--target-seed", type=int, default=1)
    p.add_argument("--init-seed", type=int, default=2)
    p.add_argument("--torch-steps", type=int, default=2000)
    p.add_argument("--torch-measure-steps", type=int, default=None,
                   help="time PyTorch over only this many steps and scale to --torch-steps (a loaded machine); its "
                        "fraction below the threshold is then not measured")
    p.add_argument("--threshold", type=float, default=1e-4)
    p.add_argument("--binary", type=Path, default=DEFAULT_BINARY)
    p.add_argument("--skip-torch", action="store_true", help="only onnxinvert (exploring settings; no budget)")
    p.add_argument("--no-budget", action="store_true",
                   help="do not pass PyTorch's wall time to onnxinvert as --time-budget (the preset's fixed restarts)")
    p.add_argument("--budget-cap", type=float, default=None,
                   help="pass at most this many seconds as --time-budget (a loaded machine): the count within the cap "
                        "is a lower bound on the count within PyTorch's time")
    p.add_argument("--torch-only", action="store_true",
                   help="only PyTorch's loop, kept for a later run of the row (no row is written)")
    p.add_argument("--redo-torch", action="store_true", help="run PyTorch again even when a kept result matches")
    p.add_argument("--json", type=Path, default=None)
    p.add_argument("--table", action="store_true", help="print the table of the newest rows in --json and exit")
    args = p.parse_args(argv)
    torch.set_num_threads(args.threads)
    out = args.json or mnist.cache_root() / "inversion-reference" / "exact-table.jsonl"
    if args.table:
        print(markdown(newest_rows(out)))
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    for name in args.models:
        if name not in STYLEGAN and not (REPO_ROOT / "onnx-models" / name / "model-card.json").exists():
            sys.exit(f"--models: no row '{name}' (choose from {', '.join(MODELS)})")
    rows = []
    for name in args.models:
        row = run_row(name, args, extra)
        if args.torch_only:
            print(json.dumps(row), flush=True)
            continue
        row["time"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        rows.append(row)
        with open(out, "a") as f:
            f.write(json.dumps(row) + "\n")
        print(json.dumps(row), flush=True)
    print()
    print(markdown(rows))


if __name__ == "__main__":
    main(sys.argv[1:])
