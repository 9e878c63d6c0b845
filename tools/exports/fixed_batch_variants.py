"""The corpus's fixed-batch-1 generator re-exported with the same weights in two other forms, for the fixed-batch
benchmark of docs/benchmarks.md (issue 13 item 5), plus images it generated:

    dynamic.onnx     the same network with a dynamic batch (`x.view(-1, 16, 4, 4)`, dynamic axes on z and image):
                     what the engine's symbolic-batch rewrite of the fixed-batch export should match in speed;
    fallback.onnx    the fixed-batch-1 export with its batch also baked into a Slice end (`h[:1]` after the Linear, a
                     no-op at batch 1): the rewrite's check at two batch sizes fails, so the engine keeps the fixed
                     batch and runs the model once per sample (the per-chunk fallback);
    targets.npy      float32 [--count, 3, 16, 16] in [-1, 1]: G(z) for z ~ N(0, I) (torch.Generator seed --seed),
                     with targets-z.npy.

The weights are read from the committed onnx-models/corpus/fixed-batch-1/model.onnx initialisers, and each export's
output is checked against the committed model's (ONNX-free: the rebuilt torch module against the fixture). Opset 11,
torch.onnx.export with constant folding, onnx.checker full check, as tools/exports/make_corpus.py.

Usage (from the repository root; OUT is a temporary folder, nothing is committed):
    /usr/bin/python3 -m tools.exports.fixed_batch_variants --out /tmp/fixed-batch [--count 64]
"""
from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

import numpy as np
import onnx
import torch
from onnx import numpy_helper
from torch.nn import functional

from tools.exports.corpus_models import LATENT, FixedBatch1

REPO = Path(__file__).resolve().parents[2]
CASE = REPO / "onnx-models" / "corpus" / "fixed-batch-1"
OPSET = 11


class DynamicBatch(FixedBatch1):
    """FixedBatch1 with the batch taken from the input."""

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        x = functional.relu(self.fc(z)).view(-1, 16, 4, 4)
        return torch.tanh(self.up2(functional.relu(self.up1(x))))


class SlicedFixedBatch(FixedBatch1):
    """FixedBatch1 with the batch also baked into a Slice end (h[:1]): a no-op at batch 1 that no shape rewrite frees."""

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        x = functional.relu(self.fc(z))[:1].view(1, 16, 4, 4)
        return torch.tanh(self.up2(functional.relu(self.up1(x))))


def load_weights(module: torch.nn.Module, path: Path) -> torch.nn.Module:
    weights = {t.name: torch.from_numpy(numpy_helper.to_array(t).copy()) for t in onnx.load(str(path)).graph.initializer}
    missing = [k for k in module.state_dict() if k not in weights]
    if missing:
        raise KeyError(f"{path}: no initializer named {missing[0]}")
    module.load_state_dict({k: weights[k] for k in module.state_dict()})
    return module.eval()


def export(module: torch.nn.Module, path: Path, dynamic: bool) -> None:
    axes = {"z": {0: "batch"}, "image": {0: "batch"}} if dynamic else None
    with torch.no_grad(), warnings.catch_warnings():
        warnings.filterwarnings("ignore")
        torch.onnx.export(module, (torch.zeros(1, LATENT),), str(path), input_names=["z"], output_names=["image"],
                          dynamic_axes=axes, opset_version=OPSET, do_constant_folding=True)
    onnx.checker.check_model(str(path), full_check=True)


def main(argv: list[str]) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--count", type=int, default=64)
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args(argv)
    torch.set_num_threads(1)
    args.out.mkdir(parents=True, exist_ok=True)

    committed = CASE / "model.onnx"
    dynamic = load_weights(DynamicBatch(), committed)
    sliced = load_weights(SlicedFixedBatch(), committed)
    fixture_z = torch.from_numpy(np.load(CASE / "fixture-z.npy"))
    expected = np.load(CASE / "fixture-image.npy")
    with torch.no_grad():
        for name, module in (("dynamic", dynamic), ("fallback", sliced)):
            gap = float(np.abs(module(fixture_z).numpy() - expected).max())
            if not gap <= 1e-6:
                sys.exit(f"{name}: the rebuilt module differs from {CASE.name}'s fixture by {gap:.3g}")
    export(dynamic, args.out / "dynamic.onnx", dynamic=True)
    export(sliced, args.out / "fallback.onnx", dynamic=False)

    z = torch.randn(args.count, LATENT, generator=torch.Generator().manual_seed(args.seed))
    with torch.no_grad():
        images = dynamic(z)
    np.save(args.out / "targets.npy", np.ascontiguousarray(images.numpy()))
    np.save(args.out / "targets-z.npy", z.numpy())
    print(f"wrote {args.out}: dynamic.onnx, fallback.onnx (the weights of {CASE.name}), {args.count} targets")


if __name__ == "__main__":
    main(sys.argv[1:])
