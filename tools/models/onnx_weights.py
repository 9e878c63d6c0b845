"""The one loader that rebuilds a bundled generator as a torch module from its ONNX file: the initializers are read with
onnx.numpy_helper and copied into the matching module (tools/models/*.py) by name, shape-checked; nothing is
retrained or approximated. Used by the PyTorch inversion loop and by the encoder training."""
from __future__ import annotations

from pathlib import Path

import onnx
import torch
from onnx import numpy_helper
from torch import nn

from tools.models import mnist_gan


def load_generator(onnx_path: Path) -> nn.Module:
    """The generator module with the ONNX file's weights, in eval mode, gradients off for the weights: the first
    paper's MNIST generator (tools/models/mnist_gan.py) or the 64x64 DCGAN (tools/models/dcgan64.py, recognised by its
    `net.` parameter names) or the Fashion-MNIST DCGAN (tools/models/fashion_gan.py, recognised by its ConvTranspose)."""
    model = onnx.load(str(onnx_path))
    weights = {init.name: torch.from_numpy(numpy_helper.to_array(init).copy()) for init in model.graph.initializer}
    if any(k.startswith("net.") for k in weights):
        g = load_dcgan64(onnx_path, weights)
    elif any(n.op_type == "ConvTranspose" for n in model.graph.node):
        g = load_fashion(onnx_path, model, weights)
    else:
        g = load_mnist(onnx_path, model, weights)
    for p in g.parameters():
        p.requires_grad_(False)
    return g.eval()


def load_dcgan64(onnx_path: Path, weights: dict[str, torch.Tensor]) -> nn.Module:
    """The DCGAN: the exporter keeps every parameter and BatchNorm statistic under its module name."""
    from tools.models import dcgan64

    g = dcgan64.Generator().eval()
    state = g.state_dict()
    new_state = {}
    for key, value in state.items():
        if key.endswith("num_batches_tracked"):
            new_state[key] = value
            continue
        if key not in weights:
            raise KeyError(f"{onnx_path}: no initializer for {key}")
        if tuple(weights[key].shape) != tuple(value.shape):
            raise ValueError(f"{key}: ONNX {tuple(weights[key].shape)} vs module {tuple(value.shape)}")
        new_state[key] = weights[key]
    g.load_state_dict(new_state, strict=True)
    return g


def load_fashion(onnx_path: Path, model: onnx.ModelProto, weights: dict[str, torch.Tensor]) -> nn.Module:
    """The Fashion-MNIST generator: every tensor keeps its module name except the bias-free first Linear, which the
    exporter wrote as a MatMul with the transposed weight."""
    from tools.models import fashion_gan

    g = fashion_gan.Generator().eval()
    matmul = [n for n in model.graph.node if n.op_type == "MatMul"][0]
    new_state = {}
    for key, value in g.state_dict().items():
        if key == "fc.0.weight":
            tensor = weights[matmul.input[1]].t().contiguous()
        elif key in weights:
            tensor = weights[key]
        elif key.endswith("num_batches_tracked"):
            new_state[key] = value
            continue
        else:
            raise KeyError(f"{onnx_path}: no initializer for {key}")
        if tuple(tensor.shape) != tuple(value.shape):
            raise ValueError(f"{key}: ONNX {tuple(tensor.shape)} vs module {tuple(value.shape)}")
        new_state[key] = tensor
    g.load_state_dict(new_state, strict=True)
    return g


def load_mnist(onnx_path: Path, model: onnx.ModelProto, weights: dict[str, torch.Tensor]) -> nn.Module:
    """The MNIST generator: the exporter folds BatchNorm2d (conv.2) into conv.1 and names the folded tensors after
    the Conv node's inputs."""
    g = mnist_gan.Generator().eval()
    state = g.state_dict()
    conv_node = [n for n in model.graph.node if n.op_type == "Conv"][0]
    folded = {"conv.1.weight": conv_node.input[1], "conv.1.bias": conv_node.input[2]}
    new_state = {}
    for key, value in state.items():
        source = folded.get(key, key)
        if key.startswith("conv.2."):
            continue
        if source not in weights:
            if key.endswith("num_batches_tracked"):
                new_state[key] = value
                continue
            raise KeyError(f"{onnx_path}: no initializer for {key} (looked for {source!r})")
        tensor = weights[source]
        if tuple(tensor.shape) != tuple(value.shape):
            raise ValueError(f"{key}: ONNX {tuple(tensor.shape)} vs module {tuple(value.shape)}")
        new_state[key] = tensor
    g.conv[2] = nn.Identity()  # folded into conv.1
    g.load_state_dict(new_state, strict=True)
    return g
