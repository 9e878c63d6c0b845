"""The MNIST GAN of Creswell & Bharath, "Inverting the generator of a GAN" (2016), Table 1, in PyTorch.

The paper's Table 1 is typeset with the columns partly interleaved (the extracted text puts "upsample" in the
discriminator and "down-sample" in the generator); the reading used here is the conventional one:

Generator G (z in R^100 -> image in [0, 1]^(1x28x28)):
    Linear 100->1024 + BatchNorm1d + ReLU
    Linear 1024->6272 + BatchNorm1d + ReLU
    reshape (128, 7, 7)
    nearest Upsample x2 + Conv 128->64 5x5 (pad 2) + BatchNorm2d + ReLU      -> 64x14x14
    nearest Upsample x2 + Conv 64->1 5x5 (pad 2)                            -> 1x28x28
    Sigmoid

Discriminator D (image -> logit):
    Conv 1->64 5x5 stride 2 (pad 2) + LeakyReLU(0.2)                        -> 64x14x14
    Conv 64->128 5x5 stride 2 (pad 2) + BatchNorm2d + LeakyReLU(0.2)        -> 128x7x7
    reshape 6272
    Linear 6272->1024 + LeakyReLU(0.2)
    Linear 1024->1 (a logit; the loss is BCEWithLogits)
"""
from __future__ import annotations

import copy

import torch
from torch import nn

LATENT_DIM = 100


class Generator(nn.Module):
    def __init__(self, latent_dim: int = LATENT_DIM) -> None:
        super().__init__()
        self.fc = nn.Sequential(
            nn.Linear(latent_dim, 1024), nn.BatchNorm1d(1024), nn.ReLU(),
            nn.Linear(1024, 128 * 7 * 7), nn.BatchNorm1d(128 * 7 * 7), nn.ReLU(),
        )
        self.conv = nn.Sequential(
            nn.Upsample(scale_factor=2, mode="nearest"),
            nn.Conv2d(128, 64, kernel_size=5, padding=2), nn.BatchNorm2d(64), nn.ReLU(),
            nn.Upsample(scale_factor=2, mode="nearest"),
            nn.Conv2d(64, 1, kernel_size=5, padding=2),
            nn.Sigmoid(),
        )

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        # -1 keeps the batch axis symbolic in the exported Reshape (a constant shape [-1, 128, 7, 7]).
        return self.conv(self.fc(z).view(-1, 128, 7, 7))


class Discriminator(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.net = nn.Sequential(
            nn.Conv2d(1, 64, kernel_size=5, stride=2, padding=2), nn.LeakyReLU(0.2),
            nn.Conv2d(64, 128, kernel_size=5, stride=2, padding=2), nn.BatchNorm2d(128), nn.LeakyReLU(0.2),
            nn.Flatten(),
            nn.Linear(128 * 7 * 7, 1024), nn.LeakyReLU(0.2),
            nn.Linear(1024, 1),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x).view(-1)


class BatchStatsNorm(nn.Module):
    """BatchNorm that always normalises with the statistics of the current batch (biased variance), like
    PyTorch's train-mode BatchNorm, but written with plain tensor ops so that the ONNX export uses only
    ReduceMean/Sub/Mul/Add/Sqrt/Div: any ONNX engine runs it and its gradient needs no BatchNormalization
    training-mode rule. (ONNX Runtime 1.30 CPU also runs torch's TrainingMode.TRAINING export, i.e.
    BatchNormalization with training_mode=1; tools.training.mnist_gan --batchstats-form bn-training writes that form.)
    Running statistics are neither used nor updated."""

    def __init__(self, bn: nn.modules.batchnorm._BatchNorm) -> None:
        super().__init__()
        if not bn.affine:
            raise ValueError("only affine BatchNorm is supported")
        self.eps = float(bn.eps)
        self.weight = nn.Parameter(bn.weight.detach().clone(), requires_grad=False)
        self.bias = nn.Parameter(bn.bias.detach().clone(), requires_grad=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        dims = [0] if x.dim() == 2 else [0] + list(range(2, x.dim()))
        shape = [1, -1] + [1] * (x.dim() - 2)
        mean = x.mean(dim=dims, keepdim=True)
        centred = x - mean
        var = (centred * centred).mean(dim=dims, keepdim=True)
        return centred / torch.sqrt(var + self.eps) * self.weight.view(shape) + self.bias.view(shape)


def with_batch_statistics(generator: Generator) -> Generator:
    """A copy of `generator` whose BatchNorm layers use batch statistics (see BatchStatsNorm)."""
    g = copy.deepcopy(generator).eval()

    def replace(module: nn.Module) -> None:
        for name, child in module.named_children():
            if isinstance(child, nn.modules.batchnorm._BatchNorm):
                setattr(module, name, BatchStatsNorm(child))
            else:
                replace(child)

    replace(g)
    return g


def sample_prior(kind: str, n: int, generator: torch.Generator, latent_dim: int = LATENT_DIM) -> torch.Tensor:
    if kind == "uniform":
        return torch.rand(n, latent_dim, generator=generator) * 2.0 - 1.0
    if kind == "normal":
        return torch.randn(n, latent_dim, generator=generator)
    raise ValueError(f"unknown prior {kind!r}; valid: uniform, normal")


PRIOR_CARDS = {
    "uniform": {"kind": "uniform", "low": -1.0, "high": 1.0},
    "normal": {"kind": "normal", "mean": 0.0, "std": 1.0},
}
