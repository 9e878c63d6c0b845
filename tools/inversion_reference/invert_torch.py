#!/usr/bin/python3
"""The plain PyTorch inversion loop (Creswell & Bharath 2016, Algorithm 1) — the reference `onnxinvert invert` is
compared against.

The generator is built from the ONNX file itself: the initializers are read with onnx.numpy_helper and copied into
tools/models/mnist_gan.py Generator (eval mode; the exporter folded BatchNorm2d into the first Conv, so that BatchNorm
becomes an identity). No checkpoint is needed. `--verify DIR` checks the module against an `onnxinvert invert`
output folder: G(DIR/latents.npy) must equal DIR/reconstructions.npy (written by ONNX Runtime) to ~1e-5.

The loop mirrors the C# engine step for step:
    for step in 0..steps-1:  loss_i(z_i) (per-sample mean over pixels); backward of sum_i loss_i;
                             lr = lr0 * schedule(step, steps); optimiser step; project z (clip / stochastic clip)
    then one more forward at the final z gives the reported loss, reconstruction and metrics.
torch.optim.RMSprop / Adam / SGD with torch's defaults (alpha 0.99, eps 1e-8, betas (0.9, 0.999)); the ramp schedule
is the StyleGAN2 projector's (warm-up over UP of the run, cosine ramp-down over the last DOWN), exactly as
src/OnnxInvert.Inversion/Optimizers/RampSchedule.cs. With --restarts K, restart 0 starts from --init and restarts
1..K-1 from prior draws; per image the restart with the lowest final loss is kept. Metrics: MSE/MAE/PSNR on [0, 1].

Usage:
    /usr/bin/python3 -m tools.inversion_reference.invert_torch -m onnx-models/mnist-table1-uniform/generator.onnx \
        -i targets.npy -o out-torch --steps 2000 --batch 64 --optimizer rmsprop --lr 0.01 --loss bce \
        --clip clip --init init.npy --threads 2
Writes out/latents.npy, out/reconstructions.npy, out/metrics.csv, out/summary.json.
"""
from __future__ import annotations

import argparse
import csv
import json
import math
import sys
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn

from tools.models import mnist_gan
from tools.models.onnx_weights import load_generator

LATENT_DIM = mnist_gan.LATENT_DIM


def schedule_factor(kind: str, step: int, steps: int) -> float:
    if kind == "constant":
        return 1.0
    up, down = 0.05, 0.25
    if ":" in kind:
        up, down = (float(v) for v in kind.split(":", 1)[1].split(","))
    t = step / steps
    d = min(1.0, (1.0 - t) / down)
    d = 0.5 - 0.5 * math.cos(d * math.pi)
    return d * min(1.0, t / up)


def per_sample_loss(kind: str, image: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    dims = list(range(1, image.dim()))
    if kind == "bce":
        # torch's BCELoss (log clamped at -100), per-sample mean over pixels
        return nn.functional.binary_cross_entropy(image, target, reduction="none").mean(dim=dims)
    if kind == "mse":
        return ((image - target) ** 2).mean(dim=dims)
    if kind == "l1":
        return (image - target).abs().mean(dim=dims)
    raise ValueError(f"unknown loss {kind!r}; valid: bce, mse, l1")


def project(z: torch.Tensor, mode: str, gen: torch.Generator) -> None:
    with torch.no_grad():
        if mode == "clip":
            z.clamp_(-1.0, 1.0)
        elif mode == "stochastic-clip":
            out = (z < -1.0) | (z > 1.0)
            if bool(out.any()):
                fresh = (torch.rand(z.shape, generator=gen) * 2.0 - 1.0).to(z.device)
                z.copy_(torch.where(out, fresh, z))
        elif mode != "none":
            raise ValueError(f"unknown --clip {mode!r}; valid: clip, stochastic-clip, none")


def make_optimizer(name: str, params, lr: float, momentum: float):
    if name == "rmsprop":
        return torch.optim.RMSprop(params, lr=lr, momentum=momentum)
    if name == "adam":
        return torch.optim.Adam(params, lr=lr)
    if name == "sgd":
        return torch.optim.SGD(params, lr=lr, momentum=momentum)
    raise ValueError(f"unknown optimizer {name!r}; valid: rmsprop, adam, sgd")


def invert_batch(g, target, z0, args, gen):
    """Runs args.steps updates from z0 for one batch; returns final z, image, per-sample loss, iterations."""
    z = z0.clone().requires_grad_(True)
    project(z, args.clip, gen)
    opt = make_optimizer(args.optimizer, [z], args.lr, args.momentum)
    for step in range(args.steps):
        for group in opt.param_groups:
            group["lr"] = args.lr * schedule_factor(args.schedule, step, args.steps)
        opt.zero_grad(set_to_none=True)
        loss = per_sample_loss(args.loss, g(z), target)
        loss.sum().backward()
        opt.step()
        project(z, args.clip, gen)
    with torch.no_grad():
        image = g(z)
        loss = per_sample_loss(args.loss, image, target)
    return z.detach(), image, loss, args.steps + 1


def verify(g, folder: Path) -> float:
    z = torch.from_numpy(np.load(folder / "latents.npy").astype(np.float32))
    ref = np.load(folder / "reconstructions.npy")
    with torch.no_grad():
        out = g(z).numpy()
    return float(np.abs(out - ref).max())


def main(argv: list[str]) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("-m", "--model", type=Path, required=True)
    p.add_argument("-i", "--images", type=Path, help=".npy float32 [N,C,H,W] in [0,1] (the generator's image shape)")
    p.add_argument("-o", "--out", type=Path)
    p.add_argument("--steps", type=int, default=500)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--optimizer", default="rmsprop", choices=["rmsprop", "adam", "sgd"])
    p.add_argument("--lr", type=float, default=0.01)
    p.add_argument("--momentum", type=float, default=0.0)
    p.add_argument("--schedule", default="constant", help="constant, ramp or ramp:UP,DOWN")
    p.add_argument("--loss", default="bce", choices=["bce", "mse", "l1"])
    p.add_argument("--clip", default="clip", choices=["clip", "stochastic-clip", "none"],
                   help="projection onto the U[-1,1] prior after each step (the paper: clip)")
    p.add_argument("--init", default="prior", help="prior (seeded U[-1,1] draw) or a .npy [N,100]")
    p.add_argument("--restarts", type=int, default=1)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--device", default="cpu", help="torch device for the loop, e.g. cuda (tools/gpu/run.sh); default cpu")
    p.add_argument("--verify", type=Path, metavar="DIR",
                   help="check G(DIR/latents.npy) against DIR/reconstructions.npy (an onnxinvert invert output) and exit")
    p.add_argument("--verify-tol", type=float, default=1e-5)
    args = p.parse_args(argv)

    torch.set_num_threads(args.threads)
    device = torch.device(args.device)
    g = load_generator(args.model)
    if args.verify is not None:
        diff = verify(g, args.verify)
        print(f"verify: max |G_torch(z) - G_onnx(z)| = {diff:.3g} over {args.verify}/latents.npy")
        if not diff <= args.verify_tol:
            sys.exit(f"verify: difference {diff:.3g} exceeds {args.verify_tol:g}")
        return
    if args.images is None or args.out is None:
        p.error("-i/--images and -o/--out are required (unless --verify)")

    targets = torch.from_numpy(np.load(args.images).astype(np.float32))
    n = targets.shape[0]
    gen = torch.Generator().manual_seed(args.seed)
    if args.init == "prior":
        z_init = torch.rand(n, LATENT_DIM, generator=gen) * 2.0 - 1.0
    else:
        z_init = torch.from_numpy(np.load(args.init).astype(np.float32)).reshape(n, LATENT_DIM)

    latents = torch.empty(n, LATENT_DIM)
    images = torch.empty_like(targets)
    losses = torch.full((n,), float("inf"))
    iterations = 0
    g = g.to(device)
    start = time.perf_counter()
    for r in range(args.restarts):
        starts = z_init if r == 0 else torch.rand(n, LATENT_DIM, generator=gen) * 2.0 - 1.0
        for b in range(0, n, args.batch):
            sl = slice(b, min(n, b + args.batch))
            z, image, loss, its = invert_batch(g, targets[sl].to(device), starts[sl].to(device), args, gen)
            z, image, loss = z.cpu(), image.cpu(), loss.cpu()  # waits for the device, so the wall time is complete
            iterations += its
            better = loss < losses[sl]
            latents[sl][better] = z[better]
            images[sl][better] = image[better]
            losses[sl] = torch.where(better, loss, losses[sl])
    wall = time.perf_counter() - start

    diff = (images - targets).reshape(n, -1).double()
    mse = (diff ** 2).mean(dim=1).numpy()
    mae = diff.abs().mean(dim=1).numpy()
    psnr = 10 * np.log10(1 / np.maximum(mse, 1e-10))
    args.out.mkdir(parents=True, exist_ok=True)
    np.save(args.out / "latents.npy", latents.numpy().astype(np.float32))
    np.save(args.out / "reconstructions.npy", images.numpy().astype(np.float32))
    with open(args.out / "metrics.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["index", "loss", "mse", "mae", "psnr"])
        for i in range(n):
            w.writerow([i, f"{float(losses[i]):.9g}", f"{mse[i]:.9g}", f"{mae[i]:.9g}", f"{psnr[i]:.6g}"])
    summary = {
        "images": n, "mean_mse": float(mse.mean()), "mean_mae": float(mae.mean()), "mean_psnr": float(psnr.mean()),
        "mean_loss": float(losses.mean()), "wall_seconds": wall, "iterations": iterations,
        "seconds_per_step": wall / iterations, "steps": args.steps, "batch": args.batch,
        "optimizer": args.optimizer, "lr": args.lr, "momentum": args.momentum, "schedule": args.schedule,
        "loss": args.loss, "clip": args.clip, "restarts": args.restarts, "seed": args.seed, "init": str(args.init),
        "threads": args.threads, "device": args.device, "torch": torch.__version__,
    }
    (args.out / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    print(f"wrote {args.out}: {n} images, mean MSE {summary['mean_mse']:.4g}, mean MAE {summary['mean_mae']:.4g}, "
          f"{wall:.1f} s ({summary['seconds_per_step']:.3g} s per iteration)")


if __name__ == "__main__":
    main(sys.argv[1:])
