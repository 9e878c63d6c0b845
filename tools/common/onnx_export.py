"""Export a trained generator to ONNX and check the result (onnx.checker + shape inference).

There is no onnxruntime for Python on the build machines, so numerical comparison with PyTorch is left to the
C# side (or any ONNX Runtime); this module only validates structure and shapes.
"""
from __future__ import annotations

import collections
import hashlib
import warnings
from pathlib import Path

import onnx
import torch
from torch import nn

OPSET = 17  # the highest opset torch 1.13's exporter supports
INPUT_NAME = "z"
OUTPUT_NAME = "image"
BATCH_AXIS = "batch"


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def export_generator(generator: nn.Module, path: Path, latent_dim: int, metadata: dict[str, str],
                     doc_string: str, training: bool = False) -> None:
    """Export `generator` to `path`. training=False: eval mode (running BatchNorm statistics, or a module whose
    BatchNorm was replaced by explicit batch-statistics ops). training=True: torch's TrainingMode.TRAINING export
    (BatchNormalization with training_mode=1); the module must be a disposable copy, since tracing it in train
    mode updates its running statistics."""
    generator.train(training)
    example = torch.zeros(2, latent_dim)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".onnx.partial")
    with torch.no_grad(), warnings.catch_warnings():
        # torch 1.13 warns about its own Constant nodes (Resize scales, Reshape shape); check() verifies shapes.
        warnings.filterwarnings("ignore", message="The shape inference of prim::Constant type is missing")
        torch.onnx.export(
            generator, (example,), str(tmp),
            input_names=[INPUT_NAME], output_names=[OUTPUT_NAME],
            dynamic_axes={INPUT_NAME: {0: BATCH_AXIS}, OUTPUT_NAME: {0: BATCH_AXIS}},
            opset_version=OPSET, do_constant_folding=True,
            training=torch.onnx.TrainingMode.TRAINING if training else torch.onnx.TrainingMode.EVAL,
        )
    model = onnx.load(str(tmp))
    model.doc_string = doc_string
    onnx.helper.set_model_props(model, metadata)
    onnx.save(model, str(tmp))
    tmp.replace(path)


def check(path: Path, latent_dim: int, image_shape: tuple[int, int, int]) -> dict:
    """onnx.checker (full) + shape inference; verify the I/O contract. Returns a summary for the model card."""
    onnx.checker.check_model(str(path), full_check=True)
    model = onnx.load(str(path))
    inferred = onnx.shape_inference.infer_shapes(model, check_type=True, strict_mode=True)

    def dims(value_info) -> list:
        return [d.dim_param if d.dim_param else d.dim_value for d in value_info.type.tensor_type.shape.dim]

    inputs = [i for i in inferred.graph.input if i.name not in {t.name for t in inferred.graph.initializer}]
    if [i.name for i in inputs] != [INPUT_NAME] or dims(inputs[0]) != [BATCH_AXIS, latent_dim]:
        raise ValueError(f"{path}: unexpected inputs {[(i.name, dims(i)) for i in inputs]}")
    outputs = list(inferred.graph.output)
    if [o.name for o in outputs] != [OUTPUT_NAME] or dims(outputs[0]) != [BATCH_AXIS, *image_shape]:
        raise ValueError(f"{path}: unexpected outputs {[(o.name, dims(o)) for o in outputs]}")
    for value in list(inputs) + outputs:
        if value.type.tensor_type.elem_type != onnx.TensorProto.FLOAT:
            raise ValueError(f"{path}: {value.name} is not float32")
    initializer_types = {t.data_type for t in model.graph.initializer}
    histogram = collections.Counter(n.op_type for n in model.graph.node)
    parameters = sum(int(torch.tensor(t.dims).prod()) if t.dims else 1 for t in model.graph.initializer)
    return {
        "opset": [{"domain": o.domain or "ai.onnx", "version": o.version} for o in model.opset_import],
        "ir_version": model.ir_version,
        "op_histogram": dict(sorted(histogram.items())),
        "initializer_count": len(model.graph.initializer),
        "initializer_elements": parameters,
        "initializer_types": sorted(onnx.TensorProto.DataType.Name(t) for t in initializer_types),
        "input": {"name": INPUT_NAME, "shape": [BATCH_AXIS, latent_dim], "type": "float32"},
        "output": {"name": OUTPUT_NAME, "shape": [BATCH_AXIS, *image_shape], "type": "float32"},
        "bytes": path.stat().st_size,
        "sha256": sha256_of(path),
    }
