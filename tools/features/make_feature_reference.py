"""PyTorch-autograd reference for the composed objective G + feature network + loss (issue 17).

A small generator G (z [B,8] -> Linear -> [B,4,4,4] -> ConvTranspose 4->1 4x4 s2 p1 -> Sigmoid: gray [B,1,8,8] in
[0, 1]) and a small feature network F (x [B,3,12,12] -> Conv 3->6 3x3 p1 + LeakyReLU(0.2) = feat1 -> Conv 6->8 3x3 s2
p1 + LeakyReLU(0.2) = feat2 -> mean = logit), both exported to ONNX at opset 17. The reference loss per sample, with
PyTorch ops only:

    adapt(x)   = ((interpolate(cat([x, x, x], 1), (12, 12), bilinear, align_corners=False) * 2 - 1) - mean) / std
    norm(f)    = f / (sqrt(sum_c f^2) + 1e-10)                                   (LPIPS's normalize_tensor)
    distance   = sum_l mean_hw( sum_c w_lc * (norm(F_l(adapt(G(z)))) - norm(F_l(adapt(t))))^2 ),  w_lc = 1/C_l
    loss       = mean_pixels((G(z) - t)^2) + weight * distance

and torch.autograd.grad(loss.sum(), z). Writes tests/OnnxInvert.Autodiff.Tests/Fixtures/feature/<case>/ with
generator.onnx, features.onnx, z.npy, target.npy, loss.npy, distance.npy, grad.npy and case.json (the settings the
C# test builds the same objective from). Cases: `mse_normalized` (as above) and `cosine` (1 - cos per position, raw
features). Deterministic; one torch thread.

    /usr/bin/python3 -m tools.features.make_feature_reference
"""
from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import onnx
import torch
from torch import nn
from torch.nn import functional

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "tests" / "OnnxInvert.Autodiff.Tests" / "Fixtures" / "feature"
OPSET = 17
MEAN = [0.1, 0.0, -0.1]
STD = [0.9, 1.1, 1.0]
WEIGHT = 0.7
SIZE = (12, 12)


class Generator(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.fc = nn.Linear(8, 64)
        self.up = nn.ConvTranspose2d(4, 1, 4, stride=2, padding=1)

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return torch.sigmoid(self.up(torch.relu(self.fc(z)).view(-1, 4, 4, 4)))


class Features(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.c1 = nn.Conv2d(3, 6, 3, padding=1)
        self.c2 = nn.Conv2d(6, 8, 3, stride=2, padding=1)

    def forward(self, x: torch.Tensor):
        f1 = functional.leaky_relu(self.c1(x), 0.2)
        f2 = functional.leaky_relu(self.c2(f1), 0.2)
        return f1, f2, f2.mean(dim=(1, 2, 3))


def adapt(x: torch.Tensor) -> torch.Tensor:
    x = torch.cat([x, x, x], dim=1)
    x = functional.interpolate(x, size=SIZE, mode="bilinear", align_corners=False)
    x = x * 2 - 1
    return (x - torch.tensor(MEAN).view(1, 3, 1, 1)) / torch.tensor(STD).view(1, 3, 1, 1)


def normalize(f: torch.Tensor) -> torch.Tensor:
    return f / (torch.sqrt(torch.sum(f * f, dim=1, keepdim=True)) + 1e-10)


def distance(kind: str, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    if kind == "cosine":
        cos = (a * b).sum(1) / (a.norm(dim=1).clamp_min(1e-10) * b.norm(dim=1).clamp_min(1e-10))
        return (1 - cos).flatten(1).mean(1)
    d = normalize(a) - normalize(b)
    return ((d * d).sum(1) / a.shape[1]).flatten(1).mean(1)


def export(module: nn.Module, example: torch.Tensor, path: Path, inputs: list[str], outputs: list[str]) -> None:
    with torch.no_grad(), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="The shape inference of prim::Constant type is missing")
        torch.onnx.export(module, (example,), str(path), input_names=inputs, output_names=outputs, opset_version=OPSET,
                          dynamic_axes={n: {0: "batch"} for n in inputs + outputs}, do_constant_folding=True)
    model = onnx.load(str(path))
    onnx.checker.check_model(model, full_check=True)


def save(path: Path, array: torch.Tensor) -> None:
    np.save(path, array.detach().numpy().astype("<f4"))


def main() -> None:
    torch.set_num_threads(1)
    torch.manual_seed(0)
    g, f = Generator().eval(), Features().eval()
    gen = torch.Generator().manual_seed(1)
    z = torch.randn(4, 8, generator=gen)
    target = torch.rand(4, 1, 8, 8, generator=gen)
    for kind in ("mse_normalized", "cosine"):
        folder = OUT / kind
        folder.mkdir(parents=True, exist_ok=True)
        export(g, z, folder / "generator.onnx", ["z"], ["image"])
        export(f, adapt(target), folder / "features.onnx", ["x"], ["feat1", "feat2", "logit"])
        zz = z.clone().requires_grad_(True)
        image = g(zz)
        with torch.no_grad():
            target_features = f(adapt(target))[:2]
        own = f(adapt(image))[:2]
        dist = sum(distance("cosine" if kind == "cosine" else "mse", a, b) for a, b in zip(own, target_features))
        pixel = ((image - target) ** 2).flatten(1).mean(1)
        loss = pixel + WEIGHT * dist
        (grad,) = torch.autograd.grad(loss.sum(), zz)
        for name, value in (("z", z), ("target", target), ("loss", loss), ("distance", dist), ("grad", grad)):
            save(folder / f"{name}.npy", value)
        (folder / "case.json").write_text(json.dumps({
            "distance": "cosine" if kind == "cosine" else "mse", "normalize": kind != "cosine", "weight": WEIGHT,
            "layers": ["feat1", "feat2"], "range": [-1.0, 1.0], "mean": MEAN, "std": STD, "size": list(SIZE),
            "pixel_loss": "mse", "torch": torch.__version__, "opset": OPSET,
        }, indent=2) + "\n")
        print(kind, "loss", loss.detach().numpy(), "max |grad|", float(grad.abs().max()))


if __name__ == "__main__":
    main()
