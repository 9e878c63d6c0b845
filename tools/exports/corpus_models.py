"""The small generators of the corpus, one per real-world export pattern. Seeded random initialisation (the
patterns matter, not the samples); each is a few hundred KB at most."""
from __future__ import annotations

import torch
from torch import nn
from torch.nn import functional

LATENT = 32


class FixedBatch1(nn.Module):
    """z [1, 32] -> Linear -> x.view(1, 16, 4, 4) (the batch of 1 baked into a Reshape constant) -> 2 ConvTranspose
    -> Tanh: [1, 3, 16, 16]."""

    def __init__(self) -> None:
        super().__init__()
        self.fc = nn.Linear(LATENT, 16 * 4 * 4)
        self.up1 = nn.ConvTranspose2d(16, 8, 4, 2, 1)
        self.up2 = nn.ConvTranspose2d(8, 3, 4, 2, 1)

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        x = functional.relu(self.fc(z)).view(1, 16, 4, 4)
        return torch.tanh(self.up2(functional.relu(self.up1(x))))


class Latent4d(nn.Module):
    """DCGAN-style: z [N, 100, 1, 1] -> ConvTranspose 4x4 (1 -> 4) + BN + ReLU -> two stride-2 ConvTranspose -> Tanh:
    [N, 3, 16, 16]."""

    def __init__(self) -> None:
        super().__init__()
        self.net = nn.Sequential(
            nn.ConvTranspose2d(100, 32, 4, 1, 0, bias=False), nn.BatchNorm2d(32), nn.ReLU(),
            nn.ConvTranspose2d(32, 16, 4, 2, 1, bias=False), nn.BatchNorm2d(16), nn.ReLU(),
            nn.ConvTranspose2d(16, 3, 4, 2, 1), nn.Tanh(),
        )

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return self.net(z)


class Decoder(nn.Module):
    """Shared body: features [N, F] -> Linear -> [N, 16, 4, 4] -> nearest x2 + conv -> nearest x2 + conv: pre-activation
    [N, channels, 16, 16]."""

    def __init__(self, features: int, channels: int) -> None:
        super().__init__()
        self.fc = nn.Linear(features, 16 * 4 * 4)
        self.conv1 = nn.Conv2d(16, 16, 3, 1, 1)
        self.conv2 = nn.Conv2d(16, channels, 3, 1, 1)

    def forward(self, h: torch.Tensor) -> torch.Tensor:
        x = functional.relu(self.fc(h)).reshape(-1, 16, 4, 4)
        x = functional.relu(self.conv1(functional.interpolate(x, scale_factor=2.0, mode="nearest")))
        return self.conv2(functional.interpolate(x, scale_factor=2.0, mode="nearest"))


class NhwcOutput(nn.Module):
    """Keras-style: Tanh, then permute to [N, 16, 16, 3] (RGB last)."""

    def __init__(self) -> None:
        super().__init__()
        self.body = Decoder(LATENT, 3)

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return torch.tanh(self.body(z)).permute(0, 2, 3, 1)


class FlatOutput(nn.Module):
    """MLP generator: z -> Linear 64 + ReLU -> Linear 768 -> Sigmoid: [N, 3*16*16] (C, H, W flattened in that order)."""

    def __init__(self) -> None:
        super().__init__()
        self.fc1 = nn.Linear(LATENT, 64)
        self.fc2 = nn.Linear(64, 3 * 16 * 16)

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return torch.sigmoid(self.fc2(functional.relu(self.fc1(z))))


class LabelInt64(nn.Module):
    """Class-conditional: label int64 [N] -> Embedding(10, 16), concatenated to z -> decoder -> Tanh [N, 1, 16, 16]."""

    def __init__(self) -> None:
        super().__init__()
        self.embed = nn.Embedding(10, 16)
        self.body = Decoder(LATENT + 16, 1)

    def forward(self, z: torch.Tensor, label: torch.Tensor) -> torch.Tensor:
        return torch.tanh(self.body(torch.cat([z, self.embed(label)], dim=1)))


class OnehotFloat(nn.Module):
    """Class-conditional with a one-hot float condition [N, 10] concatenated to z -> decoder -> Tanh [N, 1, 16, 16]."""

    def __init__(self) -> None:
        super().__init__()
        self.body = Decoder(LATENT + 10, 1)

    def forward(self, z: torch.Tensor, onehot: torch.Tensor) -> torch.Tensor:
        return torch.tanh(self.body(torch.cat([z, onehot], dim=1)))


class Uint8Tail(nn.Module):
    """A decoder that ends in post-processing: Sigmoid [N, 3, 16, 16] (the image to invert, an intermediate) ->
    (x*255).clamp(0, 255) -> uint8 -> RGBA (alpha 255) -> permute: output `rgba` uint8 [N, 16, 16, 4]; second output
    `mean_colour` float [N, 3]."""

    def __init__(self) -> None:
        super().__init__()
        self.body = Decoder(LATENT, 3)

    def image(self, z: torch.Tensor) -> torch.Tensor:
        return torch.sigmoid(self.body(z))

    def forward(self, z: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        x = self.image(z)
        rgb = (x * 255).clamp(0, 255).to(torch.uint8)
        alpha = torch.full_like(rgb[:, :1], 255)
        rgba = torch.cat([rgb, alpha], dim=1).permute(0, 2, 3, 1)
        return rgba, x.mean(dim=(2, 3))


class FullyConv(nn.Module):
    """Fully convolutional: latent [N, 4, H, W] -> Conv 3x3 -> three stride-2 ConvTranspose -> Tanh [N, 3, 8H, 8W]."""

    def __init__(self) -> None:
        super().__init__()
        self.net = nn.Sequential(
            nn.Conv2d(4, 32, 3, 1, 1), nn.ReLU(),
            nn.ConvTranspose2d(32, 16, 4, 2, 1), nn.ReLU(),
            nn.ConvTranspose2d(16, 8, 4, 2, 1), nn.ReLU(),
            nn.ConvTranspose2d(8, 3, 4, 2, 1), nn.Tanh(),
        )

    def forward(self, latent: torch.Tensor) -> torch.Tensor:
        return self.net(latent)


class SigmoidTranspose(nn.Module):
    """Sigmoid followed by layout ops (Transpose to NHWC, then a Reshape): [N, 16, 16, 3] in [0, 1], last op Reshape."""

    def __init__(self) -> None:
        super().__init__()
        self.body = Decoder(LATENT, 3)

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return torch.sigmoid(self.body(z)).permute(0, 2, 3, 1).reshape(-1, 16, 16, 3)


class NewOps(nn.Module):
    """Ops real exporters emit that older generators do not: HardSwish, Mish and GELU (as torch 1.13 exports them),
    flip (Slice with a negative step), elementwise max/min, gather along a dim (GatherElements), an L2 norm over
    channels (ReduceL2) and amax (ReduceMax). z [N, 32] -> [N, 3, 8, 8] via Tanh."""

    def __init__(self) -> None:
        super().__init__()
        self.fc = nn.Linear(LATENT, 8 * 4 * 4)
        self.conv1 = nn.Conv2d(8, 8, 3, 1, 1)
        self.conv2 = nn.Conv2d(8, 8, 3, 1, 1)
        self.conv3 = nn.Conv2d(8, 3, 3, 1, 1)
        self.register_buffer("perm", torch.tensor([3, 1, 7, 0, 5, 2, 6, 4]))

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        x = functional.hardswish(self.fc(z)).reshape(-1, 8, 4, 4)
        x = functional.interpolate(x, scale_factor=2.0, mode="nearest")
        a = functional.mish(self.conv1(x))
        b = functional.gelu(self.conv2(x))
        x = torch.maximum(a, torch.flip(b, dims=[3])) + torch.minimum(a, b)
        index = self.perm.view(1, 8, 1, 1).expand(x.shape[0], 8, 8, 8)
        x = torch.gather(x, 1, index)
        x = x / (torch.linalg.vector_norm(x, dim=1, keepdim=True) + 1.0) + 0.1 * torch.amax(x, dim=(2, 3), keepdim=True)
        return torch.tanh(self.conv3(x))
