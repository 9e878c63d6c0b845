"""What a corpus case is: a module, its inputs (latents and conditions), how it is exported and which tensor is the
image. ``export_case.write_case`` turns one into onnx-models/corpus/<name>/."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import onnx
import torch
from torch import nn

BATCH_AXIS = "batch"
Sampler = Callable[[int, torch.Generator], torch.Tensor]


@dataclass(frozen=True)
class InputSpec:
    """A graph input. role "latent" (optimised; `prior` says how it is drawn) or "condition" (held fixed; `sample`
    draws it, `values` says in words what it holds)."""
    name: str
    role: str
    shape: tuple[int, ...]  # the non-batch dims at which fixtures and targets are made
    dtype: torch.dtype = torch.float32
    prior: str | None = "normal:0,1"
    sample: Sampler | None = None
    values: str | None = None
    symbolic: dict[int, str] = field(default_factory=dict)  # non-batch dynamic axes

    def draw(self, batch: int, gen: torch.Generator) -> torch.Tensor:
        if self.sample is not None:
            return self.sample(batch, gen)
        if self.prior == "normal:0,1":
            return torch.randn((batch, *self.shape), generator=gen)
        if self.prior == "uniform:-1,1":
            return torch.rand((batch, *self.shape), generator=gen) * 2 - 1
        raise ValueError(f"input {self.name}: no sampler and prior {self.prior!r}")


@dataclass(frozen=True)
class ImageSpec:
    """The float tensor to invert. `locate` finds its ONNX name when it is not a graph output (an intermediate)."""
    layout: str  # nchw | nhwc | chw | hwc | flat
    image_shape: tuple[int, int, int]  # C, H, W
    value_range: tuple[float, float]
    activation: str
    output: str | None = None  # the graph output that is the image, or None when it is an intermediate
    locate: Callable[[onnx.ModelProto], str] | None = None


@dataclass(frozen=True)
class CutPoint:
    """An intermediate float tensor a user may optimise instead of the graph input (W of a monolithic StyleGAN)."""
    name: str
    locate: Callable[[onnx.ModelProto], str]
    compute: Callable[[nn.Module, dict[str, torch.Tensor]], torch.Tensor]  # the tensor from the inputs
    image_from: Callable[[nn.Module, torch.Tensor], torch.Tensor]  # image from the tensor (rest of the graph)
    cli_flags: Callable[[str], list[str]]
    notes: str


@dataclass(frozen=True)
class Case:
    name: str
    pattern: str
    build: Callable[[], nn.Module]
    inputs: list[InputSpec]
    output_names: list[str]
    image: ImageSpec
    opset: int
    image_of: Callable[[nn.Module, dict[str, torch.Tensor]], torch.Tensor]  # the float image from the inputs
    dynamic_batch: bool = True
    fixed_batch: int | None = None
    cli_flags: list[str] = field(default_factory=list)
    optional_flags: list[str] = field(default_factory=list)
    front_door: str = ""  # what the CLI must learn for this case (issue 13), empty when nothing
    notes: str = ""
    cut_points: list[CutPoint] = field(default_factory=list)
    extra_files: dict[str, Callable[[], dict]] = field(default_factory=dict)

    def latents(self) -> list[InputSpec]:
        return [i for i in self.inputs if i.role == "latent"]


def last_output_of(op_type: str) -> Callable[[onnx.ModelProto], str]:
    """The first output of the last node of `op_type` (in graph order)."""
    def find(model: onnx.ModelProto) -> str:
        nodes = [n for n in model.graph.node if n.op_type == op_type]
        if not nodes:
            raise ValueError(f"no {op_type} node in the exported graph")
        return nodes[-1].output[0]
    return find


def last_output_in_scope(prefix: str) -> Callable[[onnx.ModelProto], str]:
    """The output of the last node whose name starts with `prefix` (torch 1.13 names nodes by module scope)."""
    def find(model: onnx.ModelProto) -> str:
        nodes = [n for n in model.graph.node if n.name.startswith(prefix)]
        if not nodes:
            raise ValueError(f"no node in scope {prefix!r}")
        return nodes[-1].output[0]
    return find
