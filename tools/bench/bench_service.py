#!/usr/bin/env python3
"""Benchmark of `onnxinvert serve` with a client written with Python's standard library only.

What it measures (short runs; the numbers on a shared box are noisy):
  1. Throughput: the same N images (the bundled MNIST samples repeated) inverted by one offline `onnxinvert invert`
     at batch B (its summary.json `wall_seconds`: the inversion loop, without process start and model load), and by
     the service from 1, 8 and 32 concurrent clients, each sending its share of the images as one request with
     `Prefer: wait` (wall time from the first POST to the last answer). Mean busy slots are sampled from /metrics.
     Offline and served are measured back to back in --rounds rounds (each round: offline, then every client count,
     the order of the client counts reversed every other round), so both see the same machine load; each served
     time is compared with the offline time of its own round, and the table gives every round and the median.
  2. Latency of a 1-image job of --latency-steps steps: on an idle server, and while --load-clients clients keep
     sending 2-image jobs. p50 and p99 of the POST-to-answer time.

Usage (after `dotnet build -c Release`):
  /usr/bin/python3 -m tools.bench.bench_service [--images 64] [--batch 32] [--steps 50] [--rounds 3] [--latency-steps 200]
Prints a Markdown table for docs/benchmarks.md and writes the raw figures as JSON with --json FILE.
"""
import argparse
import base64
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

from tools.common import cli

ROOT = str(cli.REPO_ROOT)
CLI = str(cli.DLL)
MODEL = os.path.join(ROOT, "onnx-models", "mnist-table1-uniform", "generator.onnx")
SAMPLES = os.path.join(ROOT, "onnx-models", "samples", "mnist")


def samples(count):
    files = sorted(f for f in os.listdir(SAMPLES) if f.endswith(".png"))
    return [os.path.join(SAMPLES, files[i % len(files)]) for i in range(count)]


def post(base, files, options, wait=600):
    body = json.dumps({"images": [base64.b64encode(open(f, "rb").read()).decode() for f in files], "options": options}).encode()
    request = urllib.request.Request(base + "/v1/models/mnist/inversions", data=body, method="POST",
                                     headers={"Content-Type": "application/json", "Prefer": f"wait={wait}"})
    with urllib.request.urlopen(request, timeout=wait + 30) as response:
        job = json.load(response)
    if job["status"] != "succeeded":
        raise RuntimeError(f"job {job['id']} ended {job['status']}")
    return job


def busy_slots(base):
    text = urllib.request.urlopen(base + "/metrics", timeout=30).read().decode()
    for line in text.splitlines():
        if line.startswith('onnxinvert_slots_busy{model="mnist"}'):
            return float(line.split()[-1])
    return 0.0


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def start_server(batch):
    process = subprocess.Popen(["dotnet", CLI, "serve", "--model", f"mnist={MODEL}", "--urls", "http://127.0.0.1:0",
                                "--max-batch", str(batch), "--max-queue", "100000"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = process.stdout.readline().strip()
    if not line.startswith("serve: listening on "):
        process.kill()
        raise RuntimeError(f"serve did not start: {line!r}")
    return process, line[len("serve: listening on "):]


def offline(files, batch, steps):
    with tempfile.TemporaryDirectory() as work:
        images = os.path.join(work, "images")
        os.makedirs(images)
        for i, f in enumerate(files):
            shutil.copy(f, os.path.join(images, f"{i:04d}.png"))
        out = os.path.join(work, "out")
        subprocess.run(["dotnet", CLI, "invert", "--model", MODEL, "--images", images, "--out", out,
                        "--steps", str(steps), "--batch", str(batch)], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return json.load(open(os.path.join(out, "summary.json")))["wall_seconds"]


def served(base, files, clients, steps):
    shares = [files[i::clients] for i in range(clients)]
    samples_busy, done = [], threading.Event()

    def sample():
        while not done.is_set():
            samples_busy.append(busy_slots(base))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample)
    threads = [threading.Thread(target=post, args=(base, share, {"steps": steps})) for share in shares if share]
    start = time.monotonic()
    sampler.start()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.monotonic() - start
    done.set()
    sampler.join()
    return seconds, sum(samples_busy) / max(1, len(samples_busy))


def latency(base, steps, runs, load_clients):
    stop = threading.Event()

    def load():
        while not stop.is_set():
            post(base, samples(2), {"steps": steps})

    loaders = [threading.Thread(target=load) for _ in range(load_clients)]
    for t in loaders:
        t.start()
    if load_clients:
        time.sleep(1)
    times = []
    for _ in range(runs):
        start = time.monotonic()
        post(base, samples(1), {"steps": steps})
        times.append(time.monotonic() - start)
    stop.set()
    for t in loaders:
        t.join()
    return percentile(times, 50), percentile(times, 99)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=64)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--steps", type=int, default=50)
    parser.add_argument("--clients", default="1,8,32")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--latency-steps", type=int, default=200)
    parser.add_argument("--latency-runs", type=int, default=5)
    parser.add_argument("--load-clients", type=int, default=8)
    parser.add_argument("--json")
    args = parser.parse_args()
    if not os.path.exists(CLI):
        sys.exit(f"{CLI} is missing: run dotnet build -c Release first")

    files = samples(args.images)
    counts = [int(c) for c in args.clients.split(",")]
    results = {"images": args.images, "batch": args.batch, "steps": args.steps, "cpus": os.cpu_count(),
               "load_before": os.getloadavg(), "rounds": []}
    process, base = start_server(args.batch)
    try:
        post(base, samples(1), {"steps": args.steps})  # builds the options' objective once
        for r in range(args.rounds):
            row = {"offline_seconds": offline(files, args.batch, args.steps), "served": {}}
            for clients in (counts if r % 2 == 0 else counts[::-1]):
                seconds, busy = served(base, files, clients, args.steps)
                row["served"][clients] = {"seconds": seconds, "mean_busy_slots": busy}
            results["rounds"].append(row)
        post(base, samples(1), {"steps": args.latency_steps})
        results["latency_idle"] = latency(base, args.latency_steps, args.latency_runs, 0)
        results["latency_load"] = latency(base, args.latency_steps, args.latency_runs, args.load_clients)
    finally:
        process.terminate()
        process.wait(60)
    results["load_after"] = os.getloadavg()

    rounds = results["rounds"]
    offs = [r["offline_seconds"] for r in rounds]
    print(f"{args.images} MNIST images, {args.steps} steps, batch {args.batch}, {len(rounds)} rounds; "
          f"offline invert {' / '.join(f'{o:.1f}' for o in offs)} s; load average "
          f"{results['load_before'][0]:.1f} before, {results['load_after'][0]:.1f} after")
    print("| clients | served s (per round) | throughput vs offline of the round | median | mean busy slots |")
    print("|---|---|---|---|---|")
    for clients in counts:
        secs = [r["served"][clients]["seconds"] for r in rounds]
        ratios = [r["offline_seconds"] / r["served"][clients]["seconds"] for r in rounds]
        busy = statistics.mean(r["served"][clients]["mean_busy_slots"] for r in rounds)
        print(f"| {clients} | {' / '.join(f'{x:.1f}' for x in secs)} | {' / '.join(f'{x:.2f}×' for x in ratios)} | "
              f"{statistics.median(ratios):.2f}× | {busy:.1f} of {args.batch} |")
    print(f"1-image {args.latency_steps}-step job ({args.latency_runs} runs): idle p50 {results['latency_idle'][0]:.1f} s, p99 {results['latency_idle'][1]:.1f} s;"
          f" with {args.load_clients} clients sending 2-image jobs p50 {results['latency_load'][0]:.1f} s, p99 {results['latency_load'][1]:.1f} s")
    if args.json:
        json.dump(results, open(args.json, "w"), indent=2)


if __name__ == "__main__":
    main()
