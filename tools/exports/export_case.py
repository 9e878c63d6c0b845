"""Export one corpus case and write its folder: model.onnx, case.json, the PyTorch-autograd fixture (.npy files) and
targets.npy (8 images the model generated, with the inputs that made them)."""
from __future__ import annotations

import collections
import hashlib
import json
import warnings
import zlib
from pathlib import Path

import numpy as np
import onnx
import torch

from tools.exports.case_spec import BATCH_AXIS, Case

FIXTURE_BATCH = 4
TARGET_COUNT = 8


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def case_seed(name: str) -> int:
    return zlib.crc32(name.encode()) & 0x7FFFFFFF


def dims_of(value_info: onnx.ValueInfoProto) -> list:
    return [d.dim_param if d.dim_param else d.dim_value for d in value_info.type.tensor_type.shape.dim]


def elem_name(value_info: onnx.ValueInfoProto) -> str:
    return onnx.TensorProto.DataType.Name(value_info.type.tensor_type.elem_type).lower()


def save_npy(path: Path, array: np.ndarray) -> str:
    np.save(path, np.ascontiguousarray(array))
    return path.name


def export(case: Case, module: torch.nn.Module, path: Path) -> None:
    batch = case.fixed_batch or 2
    gen = torch.Generator().manual_seed(1)
    example = tuple(spec.draw(batch, gen) for spec in case.inputs)
    dynamic_axes = None
    if case.dynamic_batch:
        dynamic_axes = {spec.name: {0: BATCH_AXIS, **spec.symbolic} for spec in case.inputs}
        for name in case.output_names:
            dynamic_axes[name] = {0: BATCH_AXIS}
    path.parent.mkdir(parents=True, exist_ok=True)
    with torch.no_grad(), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="The shape inference of prim::Constant type is missing")
        torch.onnx.export(module, example, str(path), input_names=[s.name for s in case.inputs],
                          output_names=case.output_names, dynamic_axes=dynamic_axes, opset_version=case.opset,
                          do_constant_folding=True)
    model = onnx.load(str(path))
    model.doc_string = f"onnxinvert corpus case {case.name}: {case.pattern}"
    onnx.save(model, str(path))


def check(path: Path) -> tuple[onnx.ModelProto, onnx.ModelProto]:
    """onnx.checker (full) and strict shape inference; returns (model, inferred)."""
    onnx.checker.check_model(str(path), full_check=True)
    model = onnx.load(str(path))
    return model, onnx.shape_inference.infer_shapes(model, check_type=True, strict_mode=True)


def shapes_of(inferred: onnx.ModelProto, names: list[str]) -> dict[str, dict]:
    infos = {v.name: v for v in [*inferred.graph.input, *inferred.graph.value_info, *inferred.graph.output]}
    missing = [n for n in names if n not in infos]
    if missing:
        raise ValueError(f"no shape inferred for {missing}")
    return {n: {"shape": dims_of(infos[n]), "type": elem_name(infos[n])} for n in names}


def draw_inputs(case: Case, batch: int, gen: torch.Generator) -> dict[str, torch.Tensor]:
    return {spec.name: spec.draw(batch, gen) for spec in case.inputs}


def generate(case: Case, module: torch.nn.Module, inputs: dict[str, torch.Tensor]) -> torch.Tensor:
    """The float image for `inputs`, in calls of the model's own batch size when it has a fixed one."""
    step = case.fixed_batch or len(next(iter(inputs.values())))
    count = len(next(iter(inputs.values())))
    with torch.no_grad():
        parts = [case.image_of(module, {k: v[i:i + step] for k, v in inputs.items()}) for i in range(0, count, step)]
    return torch.cat(parts)


def vjp(image_of, module, inputs: dict[str, torch.Tensor], wrt: list[str], v: torch.Tensor | None,
        gen: torch.Generator) -> tuple[torch.Tensor, torch.Tensor, dict[str, torch.Tensor]]:
    leaves = {k: (t.clone().requires_grad_(True) if k in wrt else t) for k, t in inputs.items()}
    y = image_of(module, leaves)
    v = torch.randn(y.shape, generator=gen) if v is None else v
    grads = torch.autograd.grad(y, [leaves[k] for k in wrt], v)
    for k, g in zip(wrt, grads):
        norms = g.reshape(len(g), -1).abs().sum(dim=1)
        if not bool((norms > 0).all()):
            raise ValueError(f"gradient of the image w.r.t. {k} is zero for some sample")
    return y.detach(), v, {k: g for k, g in zip(wrt, grads)}


def write_case(case: Case, root: Path) -> dict:
    """Writes root/<case>/ and returns its case.json content."""
    torch.manual_seed(case_seed(case.name))
    module = case.build().eval()
    for p in module.parameters():
        p.requires_grad_(False)
    folder = root / case.name
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.npy"):
        old.unlink()
    model_path = folder / "model.onnx"
    export(case, module, model_path)
    model, inferred = check(model_path)
    image_tensor = case.image.output or case.image.locate(model)

    gen = torch.Generator().manual_seed(case_seed(case.name))
    batch = case.fixed_batch or FIXTURE_BATCH
    inputs = draw_inputs(case, batch, gen)
    latents = [s.name for s in case.latents()]
    y, v, grads = vjp(case.image_of, module, inputs, latents, None, gen)
    fixture = {
        "batch": batch,
        "inputs": {k: save_npy(folder / f"fixture-{k}.npy", t.numpy()) for k, t in inputs.items()},
        "image": save_npy(folder / "fixture-image.npy", y.numpy()),
        "cotangent": save_npy(folder / "fixture-cotangent.npy", v.numpy()),
        "grads": {k: save_npy(folder / f"fixture-grad-{k}.npy", g.numpy()) for k, g in grads.items()},
    }

    target_inputs = draw_inputs(case, TARGET_COUNT, gen)
    targets = generate(case, module, target_inputs)
    target_info = {
        "file": save_npy(folder / "targets.npy", targets.numpy()),
        "count": TARGET_COUNT,
        "variance": float(targets.double().var()),
        "inputs": {k: save_npy(folder / f"targets-{k}.npy", t.numpy()) for k, t in target_inputs.items()},
    }

    cut_points = {}
    for cut in case.cut_points:
        tensor = cut.locate(model)
        value = cut.compute(module, inputs)
        cy, _, cgrad = vjp(lambda m, d: cut.image_from(m, d["cut"]), module, {"cut": value}, ["cut"], v, gen)
        if float((cy - y).abs().max()) > 1e-5:
            raise ValueError(f"{case.name}: image from cut point {cut.name} differs from the image from the inputs")
        with torch.no_grad():
            targets_cut = torch.cat([cut.compute(module, {k: t[i:i + 1] for k, t in target_inputs.items()})
                                     for i in range(TARGET_COUNT)])
        cut_points[cut.name] = {
            "tensor": tensor,
            **shapes_of(inferred, [tensor])[tensor],
            "fixture": save_npy(folder / f"fixture-{cut.name}.npy", value.numpy()),
            "fixture_grad": save_npy(folder / f"fixture-grad-{cut.name}.npy", cgrad["cut"].numpy()),
            "targets": save_npy(folder / f"targets-{cut.name}.npy", targets_cut.numpy()),
            "cli_flags": cut.cli_flags(tensor),
            "notes": cut.notes,
        }

    graph_inputs = [i.name for i in model.graph.input if i.name not in {t.name for t in model.graph.initializer}]
    graph_outputs = [o.name for o in model.graph.output]
    input_shapes = shapes_of(inferred, graph_inputs)
    description = {
        "case": case.name,
        "pattern": case.pattern,
        "model": model_path.name,
        "export": {
            "torch": torch.__version__,
            "onnx": onnx.__version__,
            "opset": case.opset,
            "dynamic_axes": ({s.name: {str(a): n for a, n in {0: BATCH_AXIS, **s.symbolic}.items()} for s in case.inputs}
                             | {o: {"0": BATCH_AXIS} for o in case.output_names}) if case.dynamic_batch else None,
            "fixed_batch": case.fixed_batch,
            "do_constant_folding": True,
        },
        "inputs": {
            s.name: {
                "role": s.role,
                **input_shapes[s.name],
                **({"prior": s.prior} if s.role == "latent" else {"values": s.values}),
            }
            for s in case.inputs
        },
        "outputs": shapes_of(inferred, graph_outputs),
        "image": {
            "tensor": image_tensor,
            "graph_output": image_tensor in graph_outputs,
            **shapes_of(inferred, [image_tensor])[image_tensor],
            "layout": case.image.layout,
            "image_shape": list(case.image.image_shape),
            "range": list(case.image.value_range),
            "activation": case.image.activation,
        },
        "cli_flags": [f.replace("<image.tensor>", image_tensor) for f in case.cli_flags],
        "optional_flags": case.optional_flags,
        "front_door": case.front_door,
        "fixture": fixture,
        "targets": target_info,
        "cut_points": cut_points,
        "op_histogram": dict(sorted(collections.Counter(n.op_type for n in model.graph.node).items())),
        "notes": case.notes,
        "bytes": model_path.stat().st_size,
        "sha256": sha256_of(model_path),
    }
    for name, make in case.extra_files.items():
        (folder / name).write_text(json.dumps(make() | {"files": {"model.onnx": {"bytes": description["bytes"],
                                                                                 "sha256": description["sha256"]}}},
                                              indent=2) + "\n")
    (folder / "case.json").write_text(json.dumps(description, indent=2) + "\n")
    return description
