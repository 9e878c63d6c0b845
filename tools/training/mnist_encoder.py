"""Train a small encoder E for hybrid inversion of the committed MNIST generator (E proposes z, gradient descent
refines it: `onnxinvert invert --init encoder:onnx-models/mnist-table1-uniform/encoder.onnx`).

The generator's weights are read straight from `generator.onnx` by the tools' one ONNX-to-torch loader
(tools/models/onnx_weights.py: the folded Conv mapped back onto `conv.1`, the folded BatchNorm2d replaced by the
identity). The loaded G is checked by a Sigmoid-range check.

E is trained on pairs (G(z), z), z ~ U[-1, 1]^100 drawn fresh each step, with the MSE in latent space; its output
goes through tanh so proposals lie inside the prior's range. Architecture (~0.23 M parameters, < 1 MB):

    Conv 1->16 4x4 s2 p1 + LeakyReLU(0.2)      -> 16x14x14
    Conv 16->32 4x4 s2 p1 + LeakyReLU(0.2)     -> 32x7x7
    Flatten 1568, Linear 1568->128 + LeakyReLU(0.2), Linear 128->100, Tanh

The step count depends on the wall-time budget; the card records it, and `--max-steps N --seconds 100000` repeats a run
step for step (every draw is seeded).

Export: `encoder.onnx` (opset 17, input `image` [batch,1,28,28] in [0,1], output `z` [batch,100]); the model card
gets an `encoder` entry. CPU, 2 threads, deterministic given --seed; --seconds bounds the wall time (default 180).

    /usr/bin/python3 -m tools.training.mnist_encoder
"""
from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import onnx
import torch
from torch import nn

from tools.common.cli import REPO_ROOT
from tools.models.onnx_weights import load_generator
from tools.training.loop import command_line
from tools.models.mnist_gan import LATENT_DIM
from tools.common.onnx_export import OPSET, sha256_of

class Encoder(nn.Module):
    def __init__(self, latent_dim: int = LATENT_DIM) -> None:
        super().__init__()
        self.net = nn.Sequential(
            nn.Conv2d(1, 16, kernel_size=4, stride=2, padding=1), nn.LeakyReLU(0.2),
            nn.Conv2d(16, 32, kernel_size=4, stride=2, padding=1), nn.LeakyReLU(0.2),
            nn.Flatten(),
            nn.Linear(32 * 7 * 7, 128), nn.LeakyReLU(0.2),
            nn.Linear(128, latent_dim),
            nn.Tanh(),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)


def main() -> None:
    root = REPO_ROOT
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model-dir", type=Path, default=root / "onnx-models" / "mnist-table1-uniform")
    parser.add_argument("--seconds", type=float, default=180.0, help="wall-time budget for training")
    parser.add_argument("--max-steps", type=int, default=4000)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    g = load_generator(args.model_dir / "generator.onnx")
    encoder = Encoder()
    optimizer = torch.optim.Adam(encoder.parameters(), lr=args.lr)
    draws = torch.Generator().manual_seed(args.seed)

    # Fixed held-out pairs to report the latent error.
    with torch.no_grad():
        z_test = torch.rand(512, LATENT_DIM, generator=draws) * 2 - 1
        x_test = g(z_test)
        if not (0 <= float(x_test.min()) and float(x_test.max()) <= 1):
            raise ValueError("the loaded generator's output leaves [0, 1]; the weight mapping is wrong")

    start = time.time()
    step = 0
    curve = []
    while step < args.max_steps and time.time() - start < args.seconds:
        encoder.train()
        z = torch.rand(args.batch_size, LATENT_DIM, generator=draws) * 2 - 1
        with torch.no_grad():
            x = g(z)
        loss = torch.mean((encoder(x) - z) ** 2)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        step += 1
        if step % 100 == 0:
            encoder.eval()
            with torch.no_grad():
                z_hat = encoder(x_test)
                test = float(torch.mean((z_hat - z_test) ** 2))
                pixels = float(torch.mean((g(z_hat) - x_test) ** 2))
            curve.append({"step": step, "train_latent_mse": round(float(loss), 5), "test_latent_mse": round(test, 5), "test_pixel_mse": round(pixels, 5)})
            print(f"step {step}: latent MSE train {float(loss):.4f} test {test:.4f}, pixel MSE of G(E(G(z))) {pixels:.4f}, {time.time() - start:.0f} s", flush=True)
    wall = time.time() - start

    encoder.eval()
    out = args.model_dir / "encoder.onnx"
    tmp = out.with_suffix(".onnx.partial")
    with torch.no_grad(), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="The shape inference of prim::Constant type is missing")
        torch.onnx.export(encoder, (torch.zeros(2, 1, 28, 28),), str(tmp), input_names=["image"], output_names=["z"],
                          dynamic_axes={"image": {0: "batch"}, "z": {0: "batch"}}, opset_version=OPSET, do_constant_folding=True)
    model = onnx.load(str(tmp))
    model.doc_string = "Encoder for hybrid inversion of mnist-table1-uniform: image [batch,1,28,28] in [0,1] -> z [batch,100] in [-1,1] (tanh)."
    onnx.save(model, str(tmp))
    onnx.checker.check_model(str(tmp), full_check=True)
    tmp.replace(out)

    card_path = args.model_dir / "model-card.json"
    card = json.loads(card_path.read_text())
    card["encoder"] = {
        "file": "encoder.onnx",
        "input": {"name": "image", "shape": ["batch", 1, 28, 28], "type": "float32", "range": [0.0, 1.0]},
        "output": {"name": "z", "shape": ["batch", LATENT_DIM], "type": "float32", "activation": "tanh"},
        "architecture": ["Conv2d 1->16 4x4 stride 2 pad 1", "LeakyReLU(0.2)", "Conv2d 16->32 4x4 stride 2 pad 1", "LeakyReLU(0.2)",
                         "Flatten 1568", "Linear 1568->128", "LeakyReLU(0.2)", "Linear 128->100", "Tanh"],
        "parameters": sum(p.numel() for p in encoder.parameters()),
        "training": {"pairs": "(G(z), z), z ~ U[-1,1]^100 drawn fresh each step", "loss": "MSE in latent space",
                     "optimizer": {"kind": "Adam", "lr": args.lr}, "batch_size": args.batch_size, "steps": step,
                     "seed": args.seed, "threads": args.threads, "wall_seconds": round(wall, 1), "curve": curve},
        "bytes": out.stat().st_size,
        "sha256": sha256_of(out),
        "command": command_line(sys.argv[1:]),
        "repeat": f"--max-steps {step} --seconds 100000 repeats these steps exactly (the wall-time budget decides the step count)",
    }
    card_path.write_text(json.dumps(card, indent=2) + "\n")
    print(f"wrote {out} ({out.stat().st_size} bytes) after {step} steps, {wall:.0f} s; updated {card_path}")


if __name__ == "__main__":
    main()
