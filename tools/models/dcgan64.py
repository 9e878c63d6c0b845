"""The 64x64 RGB DCGAN (Radford et al. 2016) at half the usual width (32 base channels instead of 64), for performance
work: a generator built only of ConvTranspose layers, the other common shape besides the first paper's
Linear + Upsample + Conv MNIST generator.

Generator G (z ~ N(0, I), z in R^100 -> image in [0, 1]^(3x64x64)):
    ConvTranspose 100->256 4x4 stride 1 pad 0 (no bias) + BatchNorm2d + ReLU       -> 256x4x4
    ConvTranspose 256->128 4x4 stride 2 pad 1 (no bias) + BatchNorm2d + ReLU       -> 128x8x8
    ConvTranspose 128->64  4x4 stride 2 pad 1 (no bias) + BatchNorm2d + ReLU       -> 64x16x16
    ConvTranspose 64->32   4x4 stride 2 pad 1 (no bias) + BatchNorm2d + ReLU       -> 32x32x32
    ConvTranspose 32->3    4x4 stride 2 pad 1                                       -> 3x64x64
    Sigmoid (the other generators here also output [0, 1]; DCGAN's Tanh would give [-1, 1])

Discriminator D (image -> logit):
    Conv 3->32 4x4 s2 p1 + LeakyReLU(0.2); Conv 32->64, 64->128, 128->256 4x4 s2 p1 + BatchNorm2d + LeakyReLU(0.2);
    Conv 256->1 4x4 s1 p0
"""
from __future__ import annotations

import torch
from torch import nn

LATENT_DIM = 100
IMAGE_SHAPE = (3, 64, 64)
WIDTH = 32
PRIOR_CARD = {"kind": "normal", "mean": 0.0, "std": 1.0}


def _up(cin: int, cout: int, first: bool = False) -> list[nn.Module]:
    conv = nn.ConvTranspose2d(cin, cout, 4, stride=1 if first else 2, padding=0 if first else 1, bias=False)
    return [conv, nn.BatchNorm2d(cout), nn.ReLU()]


class Generator(nn.Module):
    def __init__(self, width: int = WIDTH) -> None:
        super().__init__()
        w = width
        self.net = nn.Sequential(
            *_up(LATENT_DIM, 8 * w, first=True), *_up(8 * w, 4 * w), *_up(4 * w, 2 * w), *_up(2 * w, w),
            nn.ConvTranspose2d(w, 3, 4, stride=2, padding=1), nn.Sigmoid(),
        )

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return self.net(z.reshape(-1, LATENT_DIM, 1, 1))


class Discriminator(nn.Module):
    def __init__(self, width: int = WIDTH) -> None:
        super().__init__()
        w = width

        def down(cin: int, cout: int) -> list[nn.Module]:
            return [nn.Conv2d(cin, cout, 4, stride=2, padding=1, bias=False), nn.BatchNorm2d(cout), nn.LeakyReLU(0.2)]

        self.net = nn.Sequential(
            nn.Conv2d(3, w, 4, stride=2, padding=1), nn.LeakyReLU(0.2),
            *down(w, 2 * w), *down(2 * w, 4 * w), *down(4 * w, 8 * w), nn.Conv2d(8 * w, 1, 4, stride=1, padding=0),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x).reshape(-1)


def sample_prior(n: int, gen: torch.Generator) -> torch.Tensor:
    return torch.randn(n, LATENT_DIM, generator=gen)


def architecture() -> dict:
    w = WIDTH
    return {
        "generator": [
            f"ConvTranspose2d 100->{8 * w} 4x4 stride 1 pad 0 (no bias)", f"BatchNorm2d({8 * w})", "ReLU",
            f"ConvTranspose2d {8 * w}->{4 * w} 4x4 stride 2 pad 1 (no bias)", f"BatchNorm2d({4 * w})", "ReLU",
            f"ConvTranspose2d {4 * w}->{2 * w} 4x4 stride 2 pad 1 (no bias)", f"BatchNorm2d({2 * w})", "ReLU",
            f"ConvTranspose2d {2 * w}->{w} 4x4 stride 2 pad 1 (no bias)", f"BatchNorm2d({w})", "ReLU",
            f"ConvTranspose2d {w}->3 4x4 stride 2 pad 1", "Sigmoid",
        ],
        "discriminator": [
            f"Conv2d 3->{w} 4x4 stride 2 pad 1", "LeakyReLU(0.2)",
            *[f"Conv2d {a}->{b} 4x4 stride 2 pad 1 (no bias) + BatchNorm2d + LeakyReLU(0.2)"
              for a, b in ((w, 2 * w), (2 * w, 4 * w), (4 * w, 8 * w))],
            f"Conv2d {8 * w}->1 4x4 stride 1 pad 0 (logit)",
        ],
    }
