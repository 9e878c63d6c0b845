"""A small StyleGAN2-like generator (mapping network + synthesis with modulated/demodulated convolutions, per-layer
noise inputs scaled by learned strengths, a learned constant input, bilinear up-sampling and toRGB skips) and the
discriminator it is trained against.

Sizes: z and w are 64-dimensional; 4 fully connected mapping layers; synthesis 4x4 -> 32x32 RGB with 64 channels up
to 8x8 and 32 from 16x16. Seven 3x3 modulated convolutions (one at 4x4, two at 8, 16 and 32, the first of each pair
after up-sampling) and four 1x1 toRGB layers; ``NUM_WS`` = 8 style vectors as rosinality's ``n_latent`` (conv i and
the toRGB that follows share the next index). The output is the sum of the toRGB skips, no final activation: nominally
[-1, 1] as StyleGAN2's (the training data is scaled to [-1, 1]).

Modulation is NVIDIA's non-fused form (``fused_modconv=False`` in networks_stylegan2.py): the input channels are
scaled by the style, convolved with the shared weight, and the output channels multiplied by the demodulation
coefficients computed from the 5-D modulated weight ``weight * style[:, None, :, None, None]`` (broadcast). Unlike the
grouped-convolution form (whose ``group`` attribute bakes the batch size into the graph) it exports with a dynamic
batch.

Weights are plain parameters (no equalised-learning-rate scaling at run time), so the exporter keeps every
parameter under its state-dict name (biases are stored as [1, C, 1, 1] so that no constant-folded copy replaces
them) and a module can be rebuilt from an ONNX file's initialisers
(``load_from_onnx``).
"""
from __future__ import annotations

import math

import numpy as np
import onnx
import torch
from onnx import numpy_helper
from torch import nn
from torch.nn import functional

Z_DIM = 64
W_DIM = 64
MAPPING_LAYERS = 4
RESOLUTION = 32
CHANNELS = {4: 64, 8: 64, 16: 32, 32: 32}
NUM_WS = 8  # styles: conv 4x4, then per resolution (conv-up, conv, toRGB) sharing indices as rosinality's n_latent
NOISE_SHAPES = [(1, 4, 4), (1, 8, 8), (1, 8, 8), (1, 16, 16), (1, 16, 16), (1, 32, 32), (1, 32, 32)]
NOISE_STRENGTH_INIT = 0.1  # NVIDIA starts at 0; non-zero here so that noise gradients exist from the first step


def pixel_norm(x: torch.Tensor) -> torch.Tensor:
    return x * torch.rsqrt(x.square().mean(dim=1, keepdim=True) + 1e-8)


class Mapping(nn.Module):
    """z [N, 64] -> pixel norm -> 4 x (Linear 64->64, LeakyReLU 0.2) -> w [N, 64]."""

    def __init__(self) -> None:
        super().__init__()
        layers: list[nn.Module] = []
        for i in range(MAPPING_LAYERS):
            layers += [nn.Linear(Z_DIM if i == 0 else W_DIM, W_DIM), nn.LeakyReLU(0.2)]
        self.net = nn.Sequential(*layers)
        for layer in self.net:
            if isinstance(layer, nn.Linear):  # He init (StyleGAN's N(0, 1) weights times sqrt(2 / fan_in)), zero bias:
                nn.init.normal_(layer.weight, 0.0, math.sqrt(2.0 / layer.in_features))  # w keeps z's scale, so z
                nn.init.zeros_(layer.bias)  # matters from the start (torch's default init shrinks it ~6x per layer)

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return self.net(pixel_norm(z))


class ModulatedConv(nn.Module):
    """Style-modulated convolution; 3x3 with demodulation (synthesis layers) or 1x1 without (toRGB)."""

    def __init__(self, cin: int, cout: int, kernel: int, demodulate: bool, upsample: bool = False) -> None:
        super().__init__()
        self.weight = nn.Parameter(torch.randn(cout, cin, kernel, kernel) / math.sqrt(cin * kernel * kernel))
        self.affine = nn.Linear(W_DIM, cin)
        nn.init.normal_(self.affine.weight, 0.0, 1.0 / math.sqrt(W_DIM))
        nn.init.ones_(self.affine.bias)  # styles start at 1 (NVIDIA's bias_init=1)
        self.bias = nn.Parameter(torch.zeros(1, cout, 1, 1))  # stored broadcastable: no folded copy
        self.demodulate = demodulate
        self.upsample = upsample
        self.padding = kernel // 2

    def forward(self, x: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
        style = self.affine(w)  # [N, cin]
        if self.upsample:
            x = functional.interpolate(x, scale_factor=2.0, mode="bilinear", align_corners=False)
        x = x * style[:, :, None, None]
        x = functional.conv2d(x, self.weight, padding=self.padding)
        if self.demodulate:
            modulated = self.weight * style[:, None, :, None, None]  # [N, cout, cin, k, k]
            dcoefs = torch.rsqrt(modulated.square().sum(dim=[2, 3, 4]) + 1e-8)  # [N, cout]
            x = x * dcoefs[:, :, None, None]
        return x + self.bias


class StyleLayer(nn.Module):
    """Modulated 3x3 conv + noise (input [N,1,h,w] times a learned strength) + LeakyReLU 0.2."""

    def __init__(self, cin: int, cout: int, upsample: bool) -> None:
        super().__init__()
        self.conv = ModulatedConv(cin, cout, 3, demodulate=True, upsample=upsample)
        self.noise_strength = nn.Parameter(torch.tensor(NOISE_STRENGTH_INIT))

    def forward(self, x: torch.Tensor, w: torch.Tensor, noise: torch.Tensor) -> torch.Tensor:
        return functional.leaky_relu(self.conv(x, w) + self.noise_strength * noise, 0.2)


class Synthesis(nn.Module):
    """styles (NUM_WS tensors [N, 64]) and noises (7 tensors [N or 1, 1, h, w]) -> image [N, 3, 32, 32]."""

    def __init__(self) -> None:
        super().__init__()
        self.const = nn.Parameter(torch.randn(1, CHANNELS[4], 4, 4))
        self.conv1 = StyleLayer(CHANNELS[4], CHANNELS[4], upsample=False)
        self.to_rgb1 = ModulatedConv(CHANNELS[4], 3, 1, demodulate=False)
        self.convs = nn.ModuleList()
        self.to_rgbs = nn.ModuleList()
        res = 8
        while res <= RESOLUTION:
            cin, cout = CHANNELS[res // 2], CHANNELS[res]
            self.convs.append(StyleLayer(cin, cout, upsample=True))
            self.convs.append(StyleLayer(cout, cout, upsample=False))
            self.to_rgbs.append(ModulatedConv(cout, 3, 1, demodulate=False))
            res *= 2

    def forward(self, styles: list[torch.Tensor], noises: list[torch.Tensor]) -> torch.Tensor:
        x = self.conv1(self.const, styles[0], noises[0])  # const [1,C,4,4] broadcasts to the batch in x * style
        rgb = self.to_rgb1(x, styles[1])
        i = 1
        for k, to_rgb in enumerate(self.to_rgbs):
            x = self.convs[2 * k](x, styles[i], noises[1 + 2 * k])
            x = self.convs[2 * k + 1](x, styles[i + 1], noises[2 + 2 * k])
            rgb = functional.interpolate(rgb, scale_factor=2.0, mode="bilinear", align_corners=False) + to_rgb(x, styles[i + 2])
            i += 2
        return rgb


class Generator(nn.Module):
    """Mapping + synthesis with fixed ("const") noise buffers: z [N, 64] -> image [N, 3, 32, 32]."""

    def __init__(self, seed: int = 0) -> None:
        super().__init__()
        self.mapping = Mapping()
        self.synthesis = Synthesis()
        gen = torch.Generator().manual_seed(seed + 1000)
        for i, shape in enumerate(NOISE_SHAPES):
            self.register_buffer(f"noise_const{i}", torch.randn((1, *shape), generator=gen))

    def const_noises(self) -> list[torch.Tensor]:
        return [getattr(self, f"noise_const{i}") for i in range(len(NOISE_SHAPES))]

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        w = self.mapping(z)
        return self.synthesis([w] * NUM_WS, self.const_noises())

    def from_w(self, w: torch.Tensor) -> torch.Tensor:
        """W space: one w for every layer, the constant noise."""
        return self.synthesis([w] * NUM_WS, self.const_noises())

    def from_w_plus(self, w_plus: torch.Tensor, noises: list[torch.Tensor]) -> torch.Tensor:
        """W+ space: w_plus [N, NUM_WS, 64], noises [N, 1, h, w] each."""
        return self.synthesis([w_plus[:, i] for i in range(NUM_WS)], noises)


class MappingExport(nn.Module):
    """Export wrapper: z -> w."""

    def __init__(self, g: Generator) -> None:
        super().__init__()
        self.g = g

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return self.g.mapping(z)


class SynthesisExport(nn.Module):
    """Export wrapper: (w_plus [N, 8, 64], noise0..noise6) -> image."""

    def __init__(self, g: Generator) -> None:
        super().__init__()
        self.g = g

    def forward(self, w_plus: torch.Tensor, *noises: torch.Tensor) -> torch.Tensor:
        return self.g.from_w_plus(w_plus, list(noises))


class Discriminator(nn.Module):
    """3x32x32 -> logit: four strided 3x3/4x4 convs with LeakyReLU 0.2, then a linear layer."""

    def __init__(self) -> None:
        super().__init__()
        self.net = nn.Sequential(
            nn.Conv2d(3, 32, 3, 1, 1), nn.LeakyReLU(0.2),
            nn.Conv2d(32, 64, 4, 2, 1), nn.LeakyReLU(0.2),   # 16
            nn.Conv2d(64, 64, 4, 2, 1), nn.LeakyReLU(0.2),   # 8
            nn.Conv2d(64, 128, 4, 2, 1), nn.LeakyReLU(0.2),  # 4
            nn.Flatten(), nn.Linear(128 * 16, 1),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x).squeeze(1)


def architecture() -> dict:
    g = Generator()
    return {
        "mapping": f"pixel norm, {MAPPING_LAYERS} x (Linear {Z_DIM}->{W_DIM} + LeakyReLU 0.2)",
        "synthesis": ("learned constant [1,64,4,4]; modulated 3x3 convs (NVIDIA's non-fused modulation + demodulation) "
                      "with per-layer noise inputs times learned strengths and LeakyReLU 0.2; bilinear x2 up-sampling "
                      "before the first conv of each resolution; 1x1 modulated toRGB per resolution summed over "
                      "bilinear-upsampled skips; no output activation"),
        "channels": {str(k): v for k, v in CHANNELS.items()},
        "num_ws": NUM_WS,
        "noise_inputs": [{"name": f"noise{i}", "shape": ["batch", *s]} for i, s in enumerate(NOISE_SHAPES)],
        "generator_parameters": sum(p.numel() for p in g.parameters()),
    }


def style_layers(g: Generator) -> list[tuple[str, StyleLayer]]:
    """The synthesis layers that take noise, with their state-dict scopes, in noise-input order."""
    return [("synthesis.conv1", g.synthesis.conv1)] + [(f"synthesis.convs.{k}", c) for k, c in enumerate(g.synthesis.convs)]


def load_from_onnx(path, seed: int = 0) -> Generator:
    """A Generator rebuilt from an exported file's initialisers, matched by state-dict name (torch keeps the names,
    behind ``g.`` for the export wrappers; an initialiser the exporter de-duplicated appears as an Identity node whose output has the name).

    The synthesis export holds every synthesis tensor; the mapping network and the constant noise are then left as
    initialised (unused by ``from_w_plus``). In the monolithic export the exporter folds ``noise_strength *
    noise_const`` into one constant per layer (the second input of the layer's ``Add`` node): the rebuilt module
    takes that product as its constant noise with strength 1, which computes the same image. Raises naming the file
    and the first missing tensor."""
    model = onnx.load(str(path))
    weights = {t.name: torch.from_numpy(np.array(numpy_helper.to_array(t), dtype=np.float32)) for t in model.graph.initializer}
    for node in model.graph.node:
        if node.op_type == "Identity" and node.input[0] in weights:
            weights[node.output[0]] = weights[node.input[0]]
    weights |= {k[len("g."):]: v for k, v in weights.items() if k.startswith("g.")}  # the export wrappers' prefix
    g = Generator(seed)
    state = g.state_dict()
    for i, (scope, _) in enumerate(style_layers(g)):
        if f"{scope}.noise_strength" in weights:
            continue
        adds = [n for n in model.graph.node if n.name == "/" + scope.replace(".", "/", 1) + "/Add"]
        folded = [x for n in adds for x in n.input if x in weights]
        if len(folded) == 1 and tuple(weights[folded[0]].shape) == tuple(state[f"noise_const{i}"].shape):
            weights[f"{scope}.noise_strength"] = torch.tensor(1.0)
            weights[f"noise_const{i}"] = weights[folded[0]]
    found = {}
    for key, value in state.items():
        if key not in weights:
            continue
        if tuple(weights[key].shape) != tuple(value.shape):
            raise ValueError(f"{path}: initializer {key} has shape {tuple(weights[key].shape)}, module {tuple(value.shape)}")
        found[key] = weights[key]
    needed = [k for k in state if not k.startswith("mapping.") and not k.startswith("noise_const")]
    missing = [k for k in needed if k not in found]
    if missing:
        raise KeyError(f"{path}: no initializer named {missing[0]} ({len(missing)} synthesis tensors missing)")
    state.update(found)
    g.load_state_dict(state)
    for p in g.parameters():
        p.requires_grad_(False)
    return g.eval()
