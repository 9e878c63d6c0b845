"""Export LPIPS (VGG16 or AlexNet trunk + its learned per-channel weights) or a torchvision classifier's feature layers
to ONNX, for `onnxinvert invert --feature-model` (docs/feature-loss.md).

NOT RUNNABLE ON THE BUILD MACHINES: it needs pretrained weights that torchvision and the `lpips` package download on
first use (torchvision's model zoo; the `lpips` package ships its linear-layer weights). Run it where those can be
fetched (pip install torch torchvision onnx lpips), then copy the .onnx file over.

    python3 export_lpips.py lpips-vgg   --out lpips_vgg.onnx   [--opset 17] [--size 224]
    python3 export_lpips.py lpips-alex  --out lpips_alex.onnx
    python3 export_lpips.py resnet18    --out resnet18_features.onnx

Outputs of the LPIPS exports: feat1..feat5 (the trunk's ReLU activations LPIPS compares: VGG16 relu1_2, relu2_2,
relu3_3, relu4_3, relu5_3; AlexNet relu1..relu5) and lin1..lin5, the learned per-channel weights as constant outputs
([C] each: the 1x1 convolutions of LPIPS's NetLinLayer, squeezed). The input `image` is [batch, 3, size, size] in
[-1, 1] with LPIPS's ScalingLayer folded in, so the matching objective is
    --feature-output feat1=lin1 ... --feature-distance mse --feature-range -1,1
(normalised per channel, which --feature-model does by default, then Σ_c w_c (f̂ − t̂)², spatial mean: LPIPS itself).
The resnet18 export takes ImageNet-normalised input (give --feature-range 0,1 --feature-mean 0.485,0.456,0.406
--feature-std 0.229,0.224,0.225) and outputs layer1..layer4.

Export at the generator's opset (the objective composes both graphs at one opset): pass --opset.
"""
from __future__ import annotations

import argparse

import torch
from torch import nn


class LpipsExport(nn.Module):
    def __init__(self, net: str) -> None:
        super().__init__()
        import lpips  # the package with the learned linear layers

        metric = lpips.LPIPS(net=net, lpips=True, spatial=False)
        self.scaling = metric.scaling_layer
        self.trunk = metric.net
        self.lins = nn.ParameterList([nn.Parameter(lin.model[-1].weight.detach().flatten().clone(), requires_grad=False) for lin in metric.lins])

    def forward(self, image: torch.Tensor):
        feats = self.trunk(self.scaling(image))
        return (*feats, *[w * 1.0 for w in self.lins])


class ResnetExport(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        import torchvision

        net = torchvision.models.resnet18(weights=torchvision.models.ResNet18_Weights.IMAGENET1K_V1)
        self.stem = nn.Sequential(net.conv1, net.bn1, net.relu, net.maxpool)
        self.layers = nn.ModuleList([net.layer1, net.layer2, net.layer3, net.layer4])

    def forward(self, image: torch.Tensor):
        x = self.stem(image)
        outs = []
        for layer in self.layers:
            x = layer(x)
            outs.append(x)
        return tuple(outs)


def name_outputs(path: str, names: list[str]) -> None:
    """Constant folding turns the weight outputs into initializers that keep torch's numeric names ('8'); put each
    behind an Identity under its intended name (checked here on a stand-in model with a constant output)."""
    import onnx

    model = onnx.load(path)
    for output, name in zip(model.graph.output, names):
        if output.name != name:
            model.graph.node.append(onnx.helper.make_node("Identity", [output.name], [name], name=f"{name}_identity"))
            output.name = name
    onnx.checker.check_model(model, full_check=True)
    onnx.save(model, path)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("network", choices=["lpips-vgg", "lpips-alex", "resnet18"])
    p.add_argument("--out", required=True)
    p.add_argument("--opset", type=int, default=17)
    p.add_argument("--size", type=int, default=224)
    args = p.parse_args()
    if args.network == "resnet18":
        module, names = ResnetExport().eval(), [f"layer{i}" for i in range(1, 5)]
    else:
        module = LpipsExport("vgg" if args.network == "lpips-vgg" else "alex").eval()
        names = [f"feat{i}" for i in range(1, 6)] + [f"lin{i}" for i in range(1, 6)]
    example = torch.zeros(2, 3, args.size, args.size)
    feature_names = [n for n in names if not n.startswith("lin")]
    torch.onnx.export(module, (example,), args.out, input_names=["image"], output_names=names, opset_version=args.opset,
                      dynamic_axes={n: {0: "batch"} for n in ["image", *feature_names]}, do_constant_folding=True)
    name_outputs(args.out, names)
    print(f"wrote {args.out}: input image [batch, 3, {args.size}, {args.size}], outputs {', '.join(names)}")


if __name__ == "__main__":
    main()
