"""PyTorch-autograd fixtures for Resize with antialias=1 (opset 18).

torch 1.13 exports F.interpolate(..., antialias=True) only at opset 18, which it cannot emit, so the model is built with
onnx.helper: x [batch, 3, 12, 16] -> Resize(mode, antialias=1, exclude_outside=1, half_pixel, scales) -> image. The
reference is torch 1.13's F.interpolate(x, scale_factor, mode, align_corners=False, antialias=True): for down-sampling
it widens the bilinear / bicubic (a = -0.5) filter by in/out, keeps only the taps inside the input and renormalises,
which is ONNX's antialias with exclude_outside=1 (and cubic_coeff_a=-0.5).

Run from anywhere with /usr/bin/python3 tools/autodiff_references/make_resize_antialias.py; it writes
tests/OnnxInvert.Autodiff.Tests/Fixtures/torch/resize_antialias_{bilinear,bicubic}/ in the format of make_references.py.
"""
import json
import os

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import TensorProto, helper

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "tests", "OnnxInvert.Autodiff.Tests", "Fixtures", "torch")
SHAPE = (4, 3, 12, 16)
SCALES = (0.5, 0.375)  # exact in binary: 12 -> 6, 16 -> 6


def model(mode):
    scales = helper.make_tensor("scales", TensorProto.FLOAT, [4], [1.0, 1.0, *SCALES])
    attrs = dict(mode=mode, antialias=1, exclude_outside=1, coordinate_transformation_mode="half_pixel")
    if mode == "cubic":
        attrs["cubic_coeff_a"] = -0.5
    node = helper.make_node("Resize", ["x", "", "scales"], ["image"], name="resize", **attrs)
    out = [int(SHAPE[2] * SCALES[0]), int(SHAPE[3] * SCALES[1])]
    graph = helper.make_graph(
        [node], f"resize_antialias_{mode}",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", *SHAPE[1:]])],
        [helper.make_tensor_value_info("image", TensorProto.FLOAT, ["batch", SHAPE[1], *out])],
        initializer=[scales])
    # onnx 1.12 knows opsets up to 17, so the model is not passed through its checker; ONNX Runtime loads opset 18.
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)], ir_version=8, producer_name="make_resize_antialias")


def save(path, array):
    np.save(path, np.ascontiguousarray(array, dtype="<f4"))


def main():
    for name, mode, torch_mode, seed in (("bilinear", "linear", "bilinear", 1801), ("bicubic", "cubic", "bicubic", 1802)):
        gen = torch.Generator().manual_seed(seed)
        x = torch.randn(SHAPE, generator=gen, requires_grad=True)
        y = F.interpolate(x, scale_factor=SCALES, mode=torch_mode, align_corners=False, antialias=True)
        v = torch.randn(y.shape, generator=gen)
        (grad,) = torch.autograd.grad(y, x, v)
        folder = os.path.join(OUT, f"resize_antialias_{name}")
        os.makedirs(folder, exist_ok=True)
        onnx.save(model(mode), os.path.join(folder, "model.onnx"))
        save(os.path.join(folder, "z.npy"), x.detach().numpy())
        save(os.path.join(folder, "y.npy"), y.detach().numpy())
        save(os.path.join(folder, "v.npy"), v.numpy())
        save(os.path.join(folder, "vjp.npy"), grad.numpy())
        meta = {
            "inputs": {"x": "z.npy"},
            "output": "image",
            "cotangent": "v.npy",
            "expected_output": "y.npy",
            "expected_grads": {"x": "vjp.npy"},
            "batch_statistics": False,
            "notes": f"Resize(mode={mode}, antialias=1, exclude_outside=1{', cubic_coeff_a=-0.5' if mode == 'cubic' else ''}, half_pixel) "
                     f"down-sampling {SHAPE[2]}x{SHAPE[3]} by {SCALES}, built with onnx.helper (opset 18); reference "
                     f"F.interpolate(scale_factor={SCALES}, mode='{torch_mode}', antialias=True), torch {torch.__version__}",
            "input_shapes": {"x": list(SHAPE)},
            "output_shape": list(y.shape),
            "opset": 18,
            "seed": seed,
        }
        with open(os.path.join(folder, "case.json"), "w") as f:
            json.dump(meta, f, indent=2)
            f.write("\n")
        print(folder, tuple(y.shape))


if __name__ == "__main__":
    main()
