"""Small generator exports with the shapes real projects produce, for the graph-adaptation unit tests.

Each model is exported with torch.onnx.export exactly as a user of that architecture would export it (fixed batch
where people forget dynamic_axes, NHWC permutes, flat outputs, uint8 post-processing, a mapping network in front of a
synthesis network). The weights are random (seeded); the tests compare the adapted graph's values with the original
graph's values in ONNX Runtime, so no trained weights are needed.

Writes <name>.onnx beside this script and manifest.json with the names of the intermediate tensors the tests cut at
(their names depend on the exporter, so they are read from the exported graph rather than guessed).

Run: /usr/bin/python3 tests/OnnxInvert.Inversion.Tests/Fixtures/adaptation/make_adaptation_fixtures.py
"""
import json
import os

import onnx
import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
OPSET = 13


class FixedBatchOne(nn.Module):
    """z [1, 8] -> Linear -> view(1, 3, 6, 6) (a Reshape constant with the batch baked in) -> Tanh."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 108)

    def forward(self, z):
        return torch.tanh(self.fc(z).view(1, 3, 6, 6))


class FixedBatchConst(nn.Module):
    """StyleGAN-like learned constants expanded to the batch, exported at batch 1: Expand shapes with the batch baked in
    (one a constant [1, 4, 6, 6], one computed by the exporter's Where(Equal(...)) for expand(-1)), a style Reshape
    [1, 4, 1, 1] and a zero noise constant [1, 1, 6, 6]."""

    def __init__(self):
        super().__init__()
        self.const = nn.Parameter(torch.randn(1, 4, 6, 6))
        self.bias = nn.Parameter(torch.randn(1, 4, 6, 6))
        self.style = nn.Linear(8, 4)
        self.conv = nn.Conv2d(4, 3, 3, padding=1)

    def forward(self, z):
        n = z.shape[0]
        x = self.const.expand(n, 4, 6, 6) * self.style(z).view(n, 4, 1, 1) + self.bias.expand(n, -1, -1, -1)
        return torch.tanh(self.conv(x + torch.zeros(n, 1, 6, 6)))


class Latent4d(nn.Module):
    """DCGAN-style z [N, 100, 1, 1] -> ConvTranspose -> ReLU -> ConvTranspose -> Tanh -> [N, 3, 6, 6]."""

    def __init__(self):
        super().__init__()
        self.up1 = nn.ConvTranspose2d(100, 2, 3, bias=False)
        self.up2 = nn.ConvTranspose2d(2, 3, 4, 2, 1, bias=False)

    def forward(self, z):
        return torch.tanh(self.up2(torch.relu(self.up1(z))))


class Nhwc(nn.Module):
    """z [N, 8] -> Linear -> view(-1, 3, 6, 6) -> Tanh -> permute(0, 2, 3, 1): an NHWC image [N, 6, 6, 3]."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 108)

    def forward(self, z):
        return torch.tanh(self.fc(z).view(-1, 3, 6, 6)).permute(0, 2, 3, 1)


class Flat(nn.Module):
    """z [N, 8] -> Linear -> view(-1, 3, 6, 6) -> clamp(0, 1) -> flatten(1): a flat image [N, 108]."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 108)

    def forward(self, z):
        return torch.clamp(self.fc(z).view(-1, 3, 6, 6), 0.0, 1.0).flatten(1)


class Uint8Tail(nn.Module):
    """A decoder with post-processing: Tanh image -> *127.5+127.5 -> uint8 -> NHWC, plus a second (feature) output."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 108)
        self.head = nn.Linear(8, 5)

    def forward(self, z):
        image = torch.tanh(self.fc(z).view(-1, 3, 6, 6))
        rgb8 = (image * 127.5 + 127.5).clamp(0, 255).to(torch.uint8).permute(0, 2, 3, 1)
        return rgb8, self.head(z)


class FullyConv(nn.Module):
    """A fully convolutional decoder [N, 4, h, w] -> [N, 3, 8h, 8w] (three stride-2 transposed convolutions)."""

    def __init__(self):
        super().__init__()
        self.up1 = nn.ConvTranspose2d(4, 3, 4, 2, 1)
        self.up2 = nn.ConvTranspose2d(3, 3, 4, 2, 1)
        self.up3 = nn.ConvTranspose2d(3, 3, 4, 2, 1)

    def forward(self, z):
        return torch.sigmoid(self.up3(torch.relu(self.up2(torch.relu(self.up1(z))))))


class MappingSynthesis(nn.Module):
    """StyleGAN-like: z [N, 8] -> pixel norm -> mapping MLP -> w [N, 8] -> synthesis (Linear -> view -> Tanh)."""

    def __init__(self):
        super().__init__()
        self.map1 = nn.Linear(8, 8)
        self.map2 = nn.Linear(8, 8)
        self.synth = nn.Linear(8, 108)

    def forward(self, z):
        z = z * torch.rsqrt(torch.mean(z * z, dim=1, keepdim=True) + 1e-8)
        w = self.map2(nn.functional.leaky_relu(self.map1(z), 0.2))
        return torch.tanh(self.synth(w).view(-1, 3, 6, 6))


class SigmoidTranspose(nn.Module):
    """z [N, 8] -> Linear -> view -> Sigmoid -> transpose(2, 3): the last op is a Transpose, the range still [0, 1]."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 108)

    def forward(self, z):
        return torch.sigmoid(self.fc(z).view(-1, 3, 6, 6)).transpose(2, 3)


class ChwFixed(nn.Module):
    """A fixed-batch model without a batch axis on its image: z [1, 8] -> Linear -> view(3, 6, 6) -> Tanh."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 108)

    def forward(self, z):
        return torch.tanh(self.fc(z).view(3, 6, 6))


class TwoLatentsLabel(nn.Module):
    """A conditional generator with two optimised inputs and a held-fixed label: z [N, 8], noise [N, 1, 6, 6] and an
    int64 class label [N] (nn.Embedding, exported as Gather) -> Sigmoid image [N, 3, 6, 6]."""

    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(10, 8)
        self.fc = nn.Linear(8, 108)
        self.noise_gain = nn.Parameter(torch.tensor(0.5))

    def forward(self, z, noise, label):
        x = self.fc(z * self.embed(label)).view(-1, 3, 6, 6)
        return torch.sigmoid(x + self.noise_gain * noise)


class FixedBatchFour(nn.Module):
    """Exported at batch 4 with the batch baked into view(4, 3, 6, 6)."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 108)

    def forward(self, z):
        return torch.tanh(self.fc(z).view(4, 3, 6, 6))


class HwcFixed(nn.Module):
    """One channels-last image without a batch axis: z [1, 8] -> Linear -> view(6, 6, 3) -> Sigmoid."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 108)

    def forward(self, z):
        return torch.sigmoid(self.fc(z).view(6, 6, 3))


def export(name, module, example, input_names, output_names, dynamic_axes=None, opset=OPSET):
    path = os.path.join(HERE, name + ".onnx")
    module.eval()
    with torch.no_grad():
        torch.onnx.export(module, example, path, opset_version=opset, input_names=input_names,
                          output_names=output_names, dynamic_axes=dynamic_axes, do_constant_folding=True)
    return onnx.load(path)


def output_of(model, op_type, index=-1):
    """The first output of the op_type node at position index among those nodes (the last by default)."""
    nodes = [n for n in model.graph.node if n.op_type == op_type]
    return nodes[index].output[0]


def main():
    torch.manual_seed(20261201)
    batch = {0: "batch"}
    manifest = {}

    export("fixed_batch1", FixedBatchOne(), torch.randn(1, 8), ["z"], ["image"])
    export("fixed_batch1_const", FixedBatchConst(), torch.randn(1, 8), ["z"], ["image"])
    export("latent4d", Latent4d(), torch.randn(2, 100, 1, 1), ["z"], ["image"], {"z": batch, "image": batch})
    export("nhwc", Nhwc(), torch.randn(2, 8), ["z"], ["image"], {"z": batch, "image": batch})
    export("flat", Flat(), torch.randn(2, 8), ["z"], ["image"], {"z": batch, "image": batch})

    tail = export("uint8_tail", Uint8Tail(), torch.randn(2, 8), ["z"], ["rgb8", "features"],
                  {"z": batch, "rgb8": batch, "features": batch})
    manifest["uint8_tail"] = {"image": output_of(tail, "Tanh")}

    export("fully_conv", FullyConv(), torch.randn(2, 4, 3, 5), ["z"], ["image"],
           {"z": {0: "batch", 2: "h", 3: "w"}, "image": {0: "batch", 2: "height", 3: "width"}})

    mapping = export("mapping_synthesis", MappingSynthesis(), torch.randn(2, 8), ["z"], ["image"],
                     {"z": batch, "image": batch})
    gemms = [n for n in mapping.graph.node if n.op_type == "Gemm"]
    manifest["mapping_synthesis"] = {"w": gemms[1].output[0]}

    export("sigmoid_transpose", SigmoidTranspose(), torch.randn(2, 8), ["z"], ["image"],
           {"z": batch, "image": batch})
    export("two_latents_label", TwoLatentsLabel(), (torch.randn(2, 8), torch.randn(2, 1, 6, 6), torch.tensor([1, 2])),
           ["z", "noise", "label"], ["image"], {"z": batch, "noise": batch, "label": batch, "image": batch})
    export("chw_fixed", ChwFixed(), torch.randn(1, 8), ["z"], ["image"])

    export("fixed_batch4", FixedBatchFour(), torch.randn(4, 8), ["z"], ["image"])
    export("hwc_fixed_opset11", HwcFixed(), torch.randn(1, 8), ["z"], ["image"], opset=11)
    export("flat_opset9", Flat(), torch.randn(2, 8), ["z"], ["image"], {"z": batch, "image": batch}, opset=9)

    with open(os.path.join(HERE, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
