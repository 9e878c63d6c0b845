"""Run an ONNX generator forward in PyTorch (no onnxruntime for Python here): a small interpreter for the ops the
bundled generators use. Forward only, under torch.no_grad(); an op outside the list fails naming the op and node."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import onnx
import torch
from onnx import numpy_helper
from torch.nn import functional


def _attrs(node: onnx.NodeProto) -> dict:
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def _conv_padding(a: dict, rank: int) -> tuple[int, ...]:
    pads = list(a.get("pads", [0] * (2 * rank)))
    if pads[:rank] != pads[rank:]:
        raise ValueError(f"asymmetric pads {pads} are not supported")
    if a.get("auto_pad", b"NOTSET") not in (b"NOTSET", "NOTSET"):
        raise ValueError(f"auto_pad {a['auto_pad']!r} is not supported")
    return tuple(pads[:rank])


class OnnxModule:
    """`OnnxModule(path)(x)` runs the single-input graph on `x` and returns its first output."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.model = onnx.load(str(path))
        graph = self.model.graph
        self.constants = {t.name: torch.from_numpy(numpy_helper.to_array(t).copy()) for t in graph.initializer}
        self.inputs = [i.name for i in graph.input if i.name not in self.constants]
        self.outputs = [o.name for o in graph.output]

    def __call__(self, *args: torch.Tensor) -> torch.Tensor:
        return self.run(dict(zip(self.inputs, args)))[self.outputs[0]]

    @torch.no_grad()
    def run(self, feeds: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
        values = dict(self.constants)
        values.update(feeds)
        for node in self.model.graph.node:
            try:
                outs = self._op(node, [values[i] if i else None for i in node.input], _attrs(node))
            except Exception as ex:  # name the node, whatever went wrong inside
                raise ValueError(f"{self.path.name}: node {node.name!r} ({node.op_type}): {ex}") from ex
            for name, value in zip(node.output, outs):
                values[name] = value
        return {o: values[o] for o in self.outputs}

    @staticmethod
    def _op(node: onnx.NodeProto, x: list, a: dict) -> list[torch.Tensor]:
        op = node.op_type
        if op == "Constant":
            return [torch.from_numpy(numpy_helper.to_array(a["value"]).copy())]
        if op == "Identity":
            return [x[0]]
        if op == "Gemm":
            m = x[1].t() if a.get("transB", 0) else x[1]
            left = x[0].t() if a.get("transA", 0) else x[0]
            y = a.get("alpha", 1.0) * (left @ m)
            return [y + a.get("beta", 1.0) * x[2] if len(x) > 2 and x[2] is not None else y]
        if op == "MatMul":
            return [x[0] @ x[1]]
        if op in ("Add", "Sub", "Mul", "Div"):
            f = {"Add": torch.add, "Sub": torch.sub, "Mul": torch.mul, "Div": torch.div}[op]
            return [f(x[0], x[1])]
        if op == "BatchNormalization":
            if a.get("training_mode", 0):
                raise ValueError("training-mode BatchNormalization is not supported")
            return [functional.batch_norm(x[0], x[3], x[4], x[1], x[2], False, 0.0, a.get("epsilon", 1e-5))]
        if op == "Relu":
            return [torch.relu(x[0])]
        if op == "LeakyRelu":
            return [functional.leaky_relu(x[0], a.get("alpha", 0.01))]
        if op == "Sigmoid":
            return [torch.sigmoid(x[0])]
        if op == "Tanh":
            return [torch.tanh(x[0])]
        if op == "Reshape":
            shape = [int(s) for s in x[1].tolist()]
            shape = [x[0].shape[i] if s == 0 else s for i, s in enumerate(shape)]
            return [x[0].reshape(shape)]
        if op == "Flatten":
            axis = a.get("axis", 1)
            return [x[0].reshape(int(np.prod(x[0].shape[:axis])), -1)]
        if op == "Shape":
            return [torch.tensor(list(x[0].shape), dtype=torch.int64)]
        if op == "Gather":
            return [torch.index_select(x[0], a.get("axis", 0), x[1].reshape(-1)).reshape(
                (*x[0].shape[:a.get("axis", 0)], *x[1].shape, *x[0].shape[a.get("axis", 0) + 1:]))]
        if op == "Unsqueeze":
            y = x[0]
            for axis in sorted(int(v) for v in x[1].tolist()):
                y = y.unsqueeze(axis)
            return [y]
        if op == "Concat":
            return [torch.cat(x, dim=a["axis"])]
        if op == "Resize":
            mode = a.get("mode", b"nearest")
            mode = mode.decode() if isinstance(mode, bytes) else mode
            scales = x[2] if len(x) > 2 and x[2] is not None and x[2].numel() > 0 else None
            if mode != "nearest" or scales is None:
                raise ValueError(f"Resize mode {mode} without constant scales is not supported")
            return [functional.interpolate(x[0], scale_factor=[float(s) for s in scales.tolist()[2:]], mode="nearest")]
        if op in ("Conv", "ConvTranspose"):
            rank = x[0].dim() - 2
            stride = tuple(a.get("strides", [1] * rank))
            padding = _conv_padding(a, rank)
            bias = x[2] if len(x) > 2 else None
            if op == "Conv":
                return [functional.conv2d(x[0], x[1], bias, stride, padding, tuple(a.get("dilations", [1] * rank)), a.get("group", 1))]
            output_padding = tuple(a.get("output_padding", [0] * rank))
            return [functional.conv_transpose2d(x[0], x[1], bias, stride, padding, output_padding, a.get("group", 1))]
        raise ValueError(f"op {op} is not supported by this interpreter")
