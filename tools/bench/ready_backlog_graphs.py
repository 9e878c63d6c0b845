#!/usr/bin/python3
"""Synthetic forward-backward graphs that separate node order from graph structure in ONNX Runtime's session time.

Each graph is a chain of LINKS Tanh nodes (t0 .. t{L-1}) on a [batch, 16] input followed by a "backward" chain
g_k = Mul(g_{k-1}, s_k) that reads the forward values in reverse. s_k is t_{L-1-k} itself (side 0) or t_{L-1-k} after
SIDE Tanh nodes: forward-only work, like the 1 - y^2 of Tanh's gradient. Written two ways:
    side{S}_written_late.onnx   the side nodes where a backward pass writes them (just before their g_k, at the end);
    side{S}_readiness.onnx      the same nodes, each side chain right after the forward node it reads.
Same nodes, same names, same values; only the order of the node list differs. Time their sessions with
    dotnet run --project tools/OnnxInvert.BuildBench -c Release -- --sessions OUT/*.onnx
(docs/benchmarks.md, "Long graphs: the cause was our node order").

Usage (from the repository root): /usr/bin/python3 -m tools.bench.ready_backlog_graphs OUT [--links 8000] [--sides 0 1 2 4]
"""
from __future__ import annotations

import argparse
import os

import onnx
from onnx import TensorProto, helper


def side_nodes(k: int, links: int, side: int) -> tuple[list[onnx.NodeProto], str]:
    """The side chain of backward step k and the name of its last value."""
    nodes, value = [], f"t{links - 1 - k}"
    for j in range(side):
        nodes.append(helper.make_node("Tanh", [value], [f"s{k}_{j}"]))
        value = f"s{k}_{j}"
    return nodes, value


def graph(links: int, side: int, readiness: bool) -> onnx.ModelProto:
    forward = [helper.make_node("Tanh", ["z" if i == 0 else f"t{i - 1}"], [f"t{i}"]) for i in range(links)]
    sides = [side_nodes(k, links, side) for k in range(links)]
    nodes: list[onnx.NodeProto] = []
    if readiness:
        for i, node in enumerate(forward):
            nodes.append(node)
            nodes.extend(sides[links - 1 - i][0])
    else:
        nodes.extend(forward)
    previous = f"t{links - 1}"
    for k, (chain, value) in enumerate(sides):
        if not readiness:
            nodes.extend(chain)
        nodes.append(helper.make_node("Mul", [previous, value], [f"g{k}"]))
        previous = f"g{k}"
    value_info = lambda name: helper.make_tensor_value_info(name, TensorProto.FLOAT, ["batch", 16])
    order = "readiness" if readiness else "written_late"
    model = helper.make_model(helper.make_graph(nodes, f"side{side}_{order}", [value_info("z")], [value_info(previous)]),
                              opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    return model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out")
    parser.add_argument("--links", type=int, default=8000)
    parser.add_argument("--sides", type=int, nargs="+", default=[0, 1, 2, 4])
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for side in args.sides:
        for readiness in (False, True):
            model = graph(args.links, side, readiness)
            onnx.checker.check_model(model)
            path = os.path.join(args.out, f"{model.graph.name}.onnx")
            onnx.save(model, path)
            print(f"wrote {path} ({len(model.graph.node):,} nodes)")


if __name__ == "__main__":
    main()
