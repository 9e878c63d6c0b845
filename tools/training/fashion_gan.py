#!/usr/bin/python3
"""Train one of the journal paper's Table I model variants on Fashion-MNIST (CPU) and export its generator to ONNX.

Creswell & Bharath (IEEE TNNLS 2018) compare a GAN, a GAN trained with additive instance noise whose standard
deviation decays during training, and a WGAN by how well inversion reconstructs held-out images. All three here share
the DCGAN-style generator of tools/models/fashion_gan.py, the prior N(0, I) in R^100, the data (the 60,000 Fashion-MNIST
training images; the 10,000 test images stay held out), the seed and the number of generator updates:

    --variant gan        BCE (non-saturating G loss), Adam lr 2e-4, betas (0.5, 0.999); one D step per G step
    --variant gan-noise  the same, D sees x + sigma_t * eps for real and generated images, sigma_t decaying linearly
                         from --noise (default 0.3) to 0 over training (Arjovsky & Bottou 2017; Sonderby et al. 2017)
    --variant wgan-gp    Wasserstein loss with gradient penalty (lambda 10, Gulrajani et al. 2017), 5 critic steps per
                         G step, Adam lr 1e-4, betas (0.0, 0.9); the critic has no BatchNorm

Writes into --out (default onnx-models/fashion-<variant>/): generator.onnx (eval mode, input z [batch, 100], output
image [batch, 1, 28, 28] in [0, 1]), model-card.json (architecture, prior, data, training, sha256, the command) and
samples-pytorch.png (10x10 samples for fixed z). The checkpoint (G and D) goes to
$ONNXINVERT_CACHE_DIR/checkpoints/<out folder name>/gan.pt.

Needs apt `dataset-fashion-mnist` (tools/datasets/fashion_mnist.py). Deterministic given --seed on one machine.

Example:
    /usr/bin/python3 -m tools.training.fashion_gan --variant wgan-gp
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
from tools.datasets import fashion_mnist
from tools.models.fashion_gan import LATENT_DIM, PRIOR_CARD, Discriminator, Generator, architecture, sample_prior
from tools.training.loop import batches, command_line, optimise, prepare_run, report, save_checkpoint

IMAGE_SHAPE = (1, 28, 28)
VARIANTS = {
    "gan": {"lr": 2e-4, "betas": (0.5, 0.999), "critic_steps": 1},
    "gan-noise": {"lr": 2e-4, "betas": (0.5, 0.999), "critic_steps": 1},
    "wgan-gp": {"lr": 1e-4, "betas": (0.0, 0.9), "critic_steps": 5},
}


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--variant", choices=sorted(VARIANTS), required=True)
    p.add_argument("--iterations", type=int, default=2000, help="generator updates (default 2000)")
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--noise", type=float, default=0.3, help="gan-noise: initial instance-noise std (default 0.3)")
    p.add_argument("--gp", type=float, default=10.0, help="wgan-gp: gradient-penalty weight (default 10)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--log-every", type=int, default=100)
    p.add_argument("--out", type=Path, default=None, help="model folder (default onnx-models/fashion-<variant>)")
    args = p.parse_args(argv)
    if args.iterations < 1 or args.batch_size < 2 or args.threads < 1 or args.noise < 0 or args.gp < 0:
        p.error("--iterations >= 1, --batch-size >= 2, --threads >= 1, --noise >= 0 and --gp >= 0 are required")
    if args.out is None:
        args.out = REPO_ROOT / "onnx-models" / f"fashion-{args.variant}"
    return args


def gradient_penalty(d: nn.Module, real: torch.Tensor, fake: torch.Tensor, gen: torch.Generator) -> torch.Tensor:
    """E[(||grad_x D(x_hat)||_2 - 1)^2] on random interpolates x_hat of real and generated images."""
    alpha = torch.rand(real.shape[0], 1, 1, 1, generator=gen)
    mixed = (alpha * real + (1 - alpha) * fake).requires_grad_(True)
    (grad,) = torch.autograd.grad(d(mixed).sum(), mixed, create_graph=True)
    return ((grad.reshape(len(grad), -1).norm(dim=1) - 1) ** 2).mean()


def train(args: argparse.Namespace) -> tuple[Generator, Discriminator, dict]:
    torch.manual_seed(args.seed)
    gen = torch.Generator().manual_seed(args.seed)
    images, _ = fashion_mnist.load("train")
    data = torch.from_numpy(images)
    settings = VARIANTS[args.variant]
    wgan = args.variant == "wgan-gp"
    g, d = Generator(), Discriminator(batch_norm=not wgan)
    opt_g = torch.optim.Adam(g.parameters(), lr=settings["lr"], betas=settings["betas"])
    opt_d = torch.optim.Adam(d.parameters(), lr=settings["lr"], betas=settings["betas"])
    bce = nn.BCEWithLogitsLoss()
    ones, zeros = torch.ones(args.batch_size), torch.zeros(args.batch_size)
    history: dict = {"d_loss": [], "g_loss": []}
    stream = batches(len(data), args.batch_size, gen)
    g.train()
    d.train()
    start = time.perf_counter()
    for it in range(1, args.iterations + 1):
        sigma = args.noise * (1 - (it - 1) / args.iterations) if args.variant == "gan-noise" else 0.0

        def noisy(x: torch.Tensor) -> torch.Tensor:
            return x + sigma * torch.randn(x.shape, generator=gen) if sigma > 0 else x

        for _ in range(settings["critic_steps"]):
            real = data[next(stream)]
            fake = g(sample_prior(args.batch_size, gen)).detach()
            if wgan:
                loss_d = d(fake).mean() - d(real).mean() + args.gp * gradient_penalty(d, real, fake, gen)
            else:
                loss_d = bce(d(noisy(real)), ones) + bce(d(noisy(fake)), zeros)
            optimise(opt_d, loss_d)
        fake = g(sample_prior(args.batch_size, gen))
        loss_g = -d(fake).mean() if wgan else bce(d(noisy(fake)), ones)
        optimise(opt_g, loss_g)
        history["d_loss"].append(loss_d.item())
        history["g_loss"].append(loss_g.item())
        if it % args.log_every == 0 or it == args.iterations:
            report(it, history, args.log_every, start, f"  sigma {sigma:.3f}")
    history["wall_seconds"] = time.perf_counter() - start
    history["train_size"] = len(data)
    return g, d, history


def main(argv: list[str]) -> None:
    args = parse_args(argv)
    out = prepare_run(args)
    print(f"training {args.variant}: {args.iterations} generator updates, seed {args.seed}, torch {torch.__version__}, "
          f"{torch.get_num_threads()} threads", flush=True)
    g, d, history = train(args)

    save_checkpoint(g, d, args, out)

    g.eval()
    with torch.no_grad():
        samples = g(sample_prior(100, torch.Generator().manual_seed(args.seed + 1))).numpy()
    png_writer.write_gray8(out / "samples-pytorch.png", png_writer.grid(samples, columns=10))

    metadata = {"onnxinvert.prior": json.dumps(PRIOR_CARD), "onnxinvert.output_range": "[0, 1]",
                "onnxinvert.latent_dim": str(LATENT_DIM)}
    doc = f"Fashion-MNIST DCGAN generator ({args.variant}); z [batch,100] ~ N(0,I) -> image [batch,1,28,28] in [0,1]."
    onnx_export.export_generator(g, out / "generator.onnx", LATENT_DIM, metadata, doc)
    check = onnx_export.check(out / "generator.onnx", LATENT_DIM, IMAGE_SHAPE)
    print(f"generator.onnx: {check['bytes']} bytes, ops {check['op_histogram']}", flush=True)

    settings = VARIANTS[args.variant]
    card = {
        "name": out.name,
        "paper": "Creswell & Bharath, 'Inverting the Generator of a Generative Adversarial Network', IEEE TNNLS (2018), "
                 "Table I: GAN, GAN trained with noise, WGAN",
        "variant": args.variant,
        "architecture": architecture(batch_norm_in_d=args.variant != "wgan-gp")
        | {"generator_parameters": sum(p.numel() for p in g.parameters())},
        "prior": PRIOR_CARD,
        "latent": {"name": onnx_export.INPUT_NAME, "shape": [onnx_export.BATCH_AXIS, LATENT_DIM], "type": "float32"},
        "image": {"name": onnx_export.OUTPUT_NAME, "shape": [onnx_export.BATCH_AXIS, *IMAGE_SHAPE], "type": "float32",
                  "range": [0.0, 1.0], "activation": "sigmoid"},
        "files": {"generator.onnx": check},
        "data": {"source": fashion_mnist.source(), "train": history["train_size"],
                 "held_out": "the 10,000 official test images (never seen in training)", "pixels": "k/255"},
        "training": {
            "generator_updates": args.iterations, "batch_size": args.batch_size,
            "critic_steps_per_generator_update": settings["critic_steps"],
            "optimizer": {"kind": "Adam", "lr": settings["lr"], "betas": list(settings["betas"])},
            "loss": ("Wasserstein with gradient penalty, weight " + str(args.gp)) if args.variant == "wgan-gp"
                    else "BCEWithLogits; D: real->1, fake->0; G: non-saturating",
            "instance_noise": {"initial_std": args.noise, "schedule": "linear decay to 0 over training",
                               "applied_to": "D's inputs, real and generated"} if args.variant == "gan-noise" else None,
            "init": "PyTorch defaults", "seed": args.seed, "threads": args.threads, "deterministic_algorithms": True,
            "torch": torch.__version__, "wall_seconds": round(history["wall_seconds"], 1),
            "losses": summarise_losses(history, args.log_every),
        },
        "samples": {"file": "samples-pytorch.png",
                    "z": f"100 draws from N(0, I) with torch.Generator().manual_seed({args.seed + 1}), eval mode"},
        "command": command_line(argv),
    }
    (out / "model-card.json").write_text(json.dumps(card, indent=2) + "\n")
    print(f"wrote {out}", flush=True)


def summarise_losses(history: dict, every: int) -> dict:
    n = len(history["d_loss"])
    last = slice(max(0, n - every), n)
    return {"final_mean_over_last": every, "d_loss": round(float(np.mean(history["d_loss"][last])), 4),
            "g_loss": round(float(np.mean(history["g_loss"][last])), 4)}


if __name__ == "__main__":
    main(sys.argv[1:])
