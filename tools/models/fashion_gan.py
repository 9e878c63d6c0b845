"""A small DCGAN for 28x28 Fashion-MNIST, shared by the journal paper's three Table I variants (Creswell & Bharath,
"Inverting the Generator of a GAN", IEEE TNNLS 2018): a GAN, a GAN trained with instance noise, and a WGAN-GP.
The three differ only in how they are trained (tools/training/fashion_gan.py); the generator is the same network.

Generator G (z ~ N(0, I), z in R^100 -> image in [0, 1]^(1x28x28)), DCGAN style (Radford et al.):
    Linear 100->128*7*7 (no bias) + BatchNorm1d + ReLU, reshape (128, 7, 7)
    ConvTranspose 128->64 4x4 stride 2 pad 1 (no bias) + BatchNorm2d + ReLU          -> 64x14x14
    ConvTranspose 64->1 4x4 stride 2 pad 1                                          -> 1x28x28
    Sigmoid

Discriminator / critic D (image -> score):
    Conv 1->64 4x4 stride 2 pad 1 + LeakyReLU(0.2)                                  -> 64x14x14
    Conv 64->128 4x4 stride 2 pad 1 + [BatchNorm2d for the GANs | none for WGAN-GP] + LeakyReLU(0.2) -> 128x7x7
    Linear 6272->1 (a logit for the GANs, a score for the critic)
WGAN-GP's gradient penalty is per sample, so its critic has no BatchNorm (Gulrajani et al. 2017).
"""
from __future__ import annotations

import torch
from torch import nn

LATENT_DIM = 100
PRIOR_CARD = {"kind": "normal", "mean": 0.0, "std": 1.0}


class Generator(nn.Module):
    def __init__(self, latent_dim: int = LATENT_DIM) -> None:
        super().__init__()
        self.fc = nn.Sequential(nn.Linear(latent_dim, 128 * 7 * 7, bias=False), nn.BatchNorm1d(128 * 7 * 7), nn.ReLU())
        self.conv = nn.Sequential(
            nn.ConvTranspose2d(128, 64, 4, stride=2, padding=1, bias=False), nn.BatchNorm2d(64), nn.ReLU(),
            nn.ConvTranspose2d(64, 1, 4, stride=2, padding=1), nn.Sigmoid(),
        )

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return self.conv(self.fc(z).reshape(-1, 128, 7, 7))


class Discriminator(nn.Module):
    def __init__(self, batch_norm: bool) -> None:
        super().__init__()
        self.net = nn.Sequential(
            nn.Conv2d(1, 64, 4, stride=2, padding=1), nn.LeakyReLU(0.2),
            nn.Conv2d(64, 128, 4, stride=2, padding=1), nn.BatchNorm2d(128) if batch_norm else nn.Identity(),
            nn.LeakyReLU(0.2), nn.Flatten(), nn.Linear(128 * 7 * 7, 1),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x).reshape(-1)


def sample_prior(n: int, gen: torch.Generator) -> torch.Tensor:
    return torch.randn(n, LATENT_DIM, generator=gen)


def architecture(batch_norm_in_d: bool) -> dict:
    return {
        "generator": [
            "Linear 100->6272 (no bias)", "BatchNorm1d(6272)", "ReLU", "Reshape (128,7,7)",
            "ConvTranspose2d 128->64 4x4 stride 2 pad 1 (no bias)", "BatchNorm2d(64)", "ReLU",
            "ConvTranspose2d 64->1 4x4 stride 2 pad 1", "Sigmoid",
        ],
        "discriminator": [
            "Conv2d 1->64 4x4 stride 2 pad 1", "LeakyReLU(0.2)", "Conv2d 64->128 4x4 stride 2 pad 1",
            "BatchNorm2d(128)" if batch_norm_in_d else "(no normalisation: WGAN-GP critic)", "LeakyReLU(0.2)",
            "Flatten 6272", "Linear 6272->1",
        ],
    }
