#!/usr/bin/python3
"""Summarise an ONNX Runtime profile written by `onnxinvert ... --ort-profile PREFIX`: milliseconds per run by op
type and by node, with each node's input and output shapes, so that what bounds a step is visible at a glance.

ONNX Runtime writes one Chrome-trace JSON per session (PREFIX_DATE_TIME.json); `invert` creates a small probe session
and the objective's session, so the largest file is the one that matters (the default).

Usage:
    onnxinvert invert -m G.onnx -i targets.npy -o out --steps 60 --batch 64 --threads 2 --ort-profile prof/p
    /usr/bin/python3 -m tools.bench.profile_summary prof/p [--top 20] [--file prof/p_2026-...json]
"""
from __future__ import annotations

import argparse
import collections
import glob
import json
import sys
from pathlib import Path


def main(argv: list[str]) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("prefix", help="the --ort-profile prefix")
    p.add_argument("--file", type=Path, help="one trace file instead of the largest PREFIX_*.json")
    p.add_argument("--top", type=int, default=20, help="nodes to list (default 20)")
    args = p.parse_args(argv)
    files = [args.file] if args.file else sorted((Path(f) for f in glob.glob(f"{args.prefix}_*.json")), key=lambda f: f.stat().st_size)
    if not files:
        sys.exit(f"no {args.prefix}_*.json: run with --ort-profile {args.prefix} first")
    events = json.loads(files[-1].read_text())

    per_node: collections.Counter[str] = collections.Counter()
    op_of: dict[str, str] = {}
    shapes: dict[str, str] = {}
    runs, run_us = 0, 0.0
    for e in events:
        if e.get("cat") == "Session" and e.get("name") == "model_run":
            runs += 1
            run_us += e["dur"]
        elif e.get("cat") == "Node" and e.get("name", "").endswith("_kernel_time"):
            node = e["name"][: -len("_kernel_time")]
            per_node[node] += e["dur"]
            op_of[node] = e["args"].get("op_name", "?")
            if node not in shapes:
                ins = [list(t.values())[0] for t in e["args"].get("input_type_shape", [])]
                outs = [list(t.values())[0] for t in e["args"].get("output_type_shape", [])]
                shapes[node] = f"{ins} -> {outs}"
    if runs == 0:
        sys.exit(f"{files[-1]}: no model_run events")
    print(f"{files[-1]}: {runs} runs, {run_us / runs / 1000:.2f} ms per run")
    per_op: collections.Counter[str] = collections.Counter()
    for node, us in per_node.items():
        per_op[op_of[node]] += us
    print("\nms per run by op type")
    for op, us in per_op.most_common():
        print(f"  {op:<24} {us / runs / 1000:8.2f}")
    print(f"\nms per run, top {args.top} nodes")
    for node, us in per_node.most_common(args.top):
        print(f"  {us / runs / 1000:8.2f}  {op_of[node]:<20} {node}  {shapes[node]}")


if __name__ == "__main__":
    main(sys.argv[1:])
