#!/usr/bin/python3
"""Train the 64x64 RGB DCGAN of tools/models/dcgan64.py briefly (CPU) and export its generator to ONNX.

The model exists for performance work (tools/bench/bench_steps.py --model dcgan64) and RGB demos. Its data is
Fashion-MNIST upscaled to 64x64 and colourised (tools/datasets/colour_fashion64.py): real shapes, synthetic colour.
Training is brief by design (default 300 generator updates, a few minutes on 2 cores), so samples are rough; the
network's shape and cost, not its quality, are what the benchmarks need. Standard DCGAN recipe: non-saturating BCE
loss, Adam lr 2e-4, betas (0.5, 0.999), one D step per G step, PyTorch's default initialisation.

Writes into --out (default onnx-models/dcgan64-colour-fashion/): generator.onnx (eval mode, input z [batch, 100],
output image [batch, 3, 64, 64] in [0, 1]), model-card.json (architecture, prior, data, training, sha256, the command),
samples-pytorch.png (4x4 samples for fixed z) and held-out/*.png (the first --held-out colourised test images, which
the generator never saw). The checkpoint goes to $ONNXINVERT_CACHE_DIR/checkpoints/<out folder name>/gan.pt.

Needs apt `python3-torch python3-onnx python3-numpy dataset-fashion-mnist`. Deterministic given --seed on one machine.

Example:
    /usr/bin/python3 -m tools.training.dcgan64
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn

from tools.common.cli import REPO_ROOT
from tools.common import onnx_export
from tools.common import png_writer
from tools.datasets import colour_fashion64, fashion_mnist
from tools.models.dcgan64 import IMAGE_SHAPE, LATENT_DIM, PRIOR_CARD, WIDTH, Discriminator, Generator, architecture, sample_prior
from tools.training.loop import batches, command_line, optimise, prepare_run, report, save_checkpoint



def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--iterations", type=int, default=300, help="generator updates (default 300)")
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--held-out", type=int, default=16, help="colourised test images written as PNG (default 16)")
    p.add_argument("--log-every", type=int, default=25)
    p.add_argument("--out", type=Path, default=REPO_ROOT / "onnx-models" / "dcgan64-colour-fashion")
    args = p.parse_args(argv)
    if args.iterations < 1 or args.batch_size < 2 or args.threads < 1 or args.held_out < 0:
        p.error("--iterations >= 1, --batch-size >= 2, --threads >= 1 and --held-out >= 0 are required")
    return args


def train(args: argparse.Namespace) -> tuple[Generator, Discriminator, dict]:
    torch.manual_seed(args.seed)
    gen = torch.Generator().manual_seed(args.seed)
    gray, _ = fashion_mnist.load("train")
    g, d = Generator(), Discriminator()
    opt_g = torch.optim.Adam(g.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(d.parameters(), lr=2e-4, betas=(0.5, 0.999))
    bce = nn.BCEWithLogitsLoss()
    ones, zeros = torch.ones(args.batch_size), torch.zeros(args.batch_size)
    history: dict = {"d_loss": [], "g_loss": []}
    stream = batches(len(gray), args.batch_size, gen)
    g.train()
    d.train()
    start = time.perf_counter()
    for it in range(1, args.iterations + 1):
        index = next(stream).numpy()
        real = torch.from_numpy(colour_fashion64.colourise(gray[index], index, "train"))
        fake = g(sample_prior(args.batch_size, gen))
        loss_d = bce(d(real), ones) + bce(d(fake.detach()), zeros)
        optimise(opt_d, loss_d)
        loss_g = bce(d(fake), ones)
        optimise(opt_g, loss_g)
        history["d_loss"].append(loss_d.item())
        history["g_loss"].append(loss_g.item())
        if it % args.log_every == 0 or it == args.iterations:
            report(it, history, args.log_every, start)
    history["wall_seconds"] = time.perf_counter() - start
    history["train_size"] = len(gray)
    return g, d, history


def main(argv: list[str]) -> None:
    args = parse_args(argv)
    out = prepare_run(args)
    print(f"training the 64x64 DCGAN: {args.iterations} generator updates, seed {args.seed}, torch {torch.__version__}, "
          f"{torch.get_num_threads()} threads", flush=True)
    g, d, history = train(args)
    save_checkpoint(g, d, args, out)

    g.eval()
    with torch.no_grad():
        samples = g(sample_prior(16, torch.Generator().manual_seed(args.seed + 1))).numpy()
    png_writer.write_rgb8(out / "samples-pytorch.png", png_writer.grid(samples, columns=4))
    held_out = out / "held-out"
    held_out.mkdir(exist_ok=True)
    for i, image in enumerate(colour_fashion64.load("test", args.held_out)):
        png_writer.write_rgb8(held_out / f"test-{i:03d}.png", image.transpose(1, 2, 0))

    metadata = {"onnxinvert.prior": json.dumps(PRIOR_CARD), "onnxinvert.output_range": "[0, 1]",
                "onnxinvert.latent_dim": str(LATENT_DIM)}
    doc = "64x64 RGB DCGAN (32 base channels), colourised Fashion-MNIST; z [batch,100] ~ N(0,I) -> image [batch,3,64,64] in [0,1]."
    onnx_export.export_generator(g, out / "generator.onnx", LATENT_DIM, metadata, doc)
    check = onnx_export.check(out / "generator.onnx", LATENT_DIM, IMAGE_SHAPE)
    print(f"generator.onnx: {check['bytes']} bytes, ops {check['op_histogram']}", flush=True)

    n = len(history["d_loss"])
    last = slice(max(0, n - args.log_every), n)
    card = {
        "name": out.name,
        "purpose": "performance work and RGB demos (issue: the 64x64 RGB DCGAN); briefly trained, samples are rough",
        "architecture": architecture() | {"base_channels": WIDTH, "generator_parameters": sum(p.numel() for p in g.parameters())},
        "prior": PRIOR_CARD,
        "latent": {"name": onnx_export.INPUT_NAME, "shape": [onnx_export.BATCH_AXIS, LATENT_DIM], "type": "float32"},
        "image": {"name": onnx_export.OUTPUT_NAME, "shape": [onnx_export.BATCH_AXIS, *IMAGE_SHAPE], "type": "float32",
                  "range": [0.0, 1.0], "activation": "sigmoid"},
        "files": {"generator.onnx": check, "held-out/": f"the first {args.held_out} Fashion-MNIST test images, colourised"},
        "data": {"source": fashion_mnist.source(), "train": history["train_size"],
                 "transform": "bilinear upscale 28->64, then colourised (tools/datasets/colour_fashion64.py): "
                              "x * foreground + (1 - x) * background, colours seeded per split and image index",
                 "held_out": "the 10,000 official test images (never seen in training)"},
        "training": {
            "generator_updates": args.iterations, "batch_size": args.batch_size,
            "optimizer": {"kind": "Adam", "lr": 2e-4, "betas": [0.5, 0.999]},
            "loss": "BCEWithLogits; D: real->1, fake->0; G: non-saturating",
            "init": "PyTorch defaults", "seed": args.seed, "threads": args.threads, "deterministic_algorithms": True,
            "torch": torch.__version__, "wall_seconds": round(history["wall_seconds"], 1),
            "losses": {"final_mean_over_last": args.log_every, "d_loss": round(float(np.mean(history["d_loss"][last])), 4),
                       "g_loss": round(float(np.mean(history["g_loss"][last])), 4)},
        },
        "samples": {"file": "samples-pytorch.png",
                    "z": f"16 draws from N(0, I) with torch.Generator().manual_seed({args.seed + 1}), eval mode"},
        "command": command_line(argv),
    }
    (out / "model-card.json").write_text(json.dumps(card, indent=2) + "\n")
    print(f"wrote {out}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
