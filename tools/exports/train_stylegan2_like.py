"""Train the StyleGAN2-like generator (tools/exports/stylegan2_like.py) briefly on 32x32 colourised Fashion-MNIST.

Non-saturating logistic loss, lazy R1 on the reals (every 16 steps), Adam (0.001, betas (0.5, 0.99)) for synthesis
and D, a 10x smaller rate for the mapping network (StyleGAN's lr multiplier, without equalised learning rate). One
thread (the build machines are shared); --seconds caps the wall time on a busy machine (the iterations done are
recorded). A checkpoint is saved every 100 iterations. Writes the state dict to $ONNXINVERT_CACHE_DIR/checkpoints/stylegan2-like/
generator.pt (read by make_corpus) and a 4x4 sample grid beside it; then run make_corpus to export.

    /usr/bin/python3 -m tools.exports.train_stylegan2_like --iterations 900
"""
from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

import numpy as np
import torch
from torch.nn import functional

from tools.common import png_writer
from tools.exports import colour_fashion32, stylegan2_like

R1_INTERVAL = 16


def cache_dir() -> Path:
    default = Path(os.environ.get("XDG_CACHE_HOME", str(Path.home() / ".cache"))) / "onnxinvert"
    return Path(os.environ.get("ONNXINVERT_CACHE_DIR", str(default)))


def checkpoint_path() -> Path:
    return cache_dir() / "checkpoints" / "stylegan2-like" / "generator.pt"


def train(args: argparse.Namespace, save) -> tuple[stylegan2_like.Generator, dict]:
    torch.manual_seed(args.seed)
    torch.use_deterministic_algorithms(True)
    data = torch.from_numpy(colour_fashion32.load("train"))
    g, d = stylegan2_like.Generator(args.seed), stylegan2_like.Discriminator()
    opt_g = torch.optim.Adam([
        {"params": g.synthesis.parameters(), "lr": args.lr},
        {"params": g.mapping.parameters(), "lr": args.lr * 0.1},
    ], betas=(0.5, 0.99))
    opt_d = torch.optim.Adam(d.parameters(), lr=args.lr, betas=(0.5, 0.99))
    gen = torch.Generator().manual_seed(args.seed)
    start = time.time()
    log = []
    done = 0
    for it in range(args.iterations):
        if args.seconds and time.time() - start > args.seconds:
            break
        real = data[torch.randint(len(data), (args.batch_size,), generator=gen)]
        z = torch.randn(args.batch_size, stylegan2_like.Z_DIM, generator=gen)
        with torch.no_grad():
            fake = g(z)
        loss_d = functional.softplus(d(fake)).mean() + functional.softplus(-d(real)).mean()
        if it % R1_INTERVAL == 0:
            real_r1 = real.detach().requires_grad_(True)
            (grad,) = torch.autograd.grad(d(real_r1).sum(), real_r1, create_graph=True)
            loss_d = loss_d + args.r1_gamma / 2 * grad.square().sum(dim=[1, 2, 3]).mean() * R1_INTERVAL
        opt_d.zero_grad(set_to_none=True)
        loss_d.backward()
        opt_d.step()
        z = torch.randn(args.batch_size, stylegan2_like.Z_DIM, generator=gen)
        loss_g = functional.softplus(-d(g(z))).mean()
        opt_g.zero_grad(set_to_none=True)
        loss_g.backward()
        opt_g.step()
        if it % 50 == 0 or it == args.iterations - 1:
            log.append({"iteration": it, "loss_d": round(float(loss_d), 4), "loss_g": round(float(loss_g), 4),
                        "seconds": round(time.time() - start, 1)})
            print(json.dumps(log[-1]), flush=True)
        done = it + 1
        if done % 100 == 0:
            save(g, {"iterations": done, "partial": True})
    info = {
        "iterations": done, "iterations_planned": args.iterations, "seconds_limit": args.seconds, "batch_size": args.batch_size, "lr": args.lr, "r1_gamma": args.r1_gamma,
        "seed": args.seed, "threads": 1, "wall_seconds": round(time.time() - start, 1), "log": log,
        "noise_strengths": [round(float(l.noise_strength), 4) for l in [g.synthesis.conv1, *g.synthesis.convs]],
    }
    return g.eval(), info


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--iterations", type=int, default=900)
    p.add_argument("--seconds", type=float, default=0.0,
                   help="stop after this many seconds of training even if --iterations are not done (0: no limit)")
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--lr", type=float, default=0.001)
    p.add_argument("--r1-gamma", type=float, default=1.0)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", type=Path, default=None, help="checkpoint path (default: the cache)")
    args = p.parse_args(argv)
    torch.set_num_threads(1)
    out = args.out or checkpoint_path()
    out.parent.mkdir(parents=True, exist_ok=True)

    def save(g: stylegan2_like.Generator, info: dict) -> None:
        torch.save({"generator": g.state_dict(), "training": info}, out)

    g, info = train(args, save)
    save(g, info)
    with torch.no_grad():
        samples = g(torch.randn(16, stylegan2_like.Z_DIM, generator=torch.Generator().manual_seed(args.seed + 1)))
    grid = png_writer.grid(((samples.clamp(-1, 1) + 1) / 2).numpy(), columns=4)
    png_writer.write_rgb8(out.with_name("samples-pytorch.png"), grid)
    print(f"wrote {out} ({info['wall_seconds']} s)")


if __name__ == "__main__":
    main()
