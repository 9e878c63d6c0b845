"""The StyleGAN2-like model as corpus cases: the monolithic export z -> image (Z inversion, and W inversion by
cutting at the mapping network's output) and the synthesis export (w_plus + noise0..noise6 -> image, W+ inversion).
Weights: the trained checkpoint (tools/exports/train_stylegan2_like.py) when the cache has it, else the committed
exports' initialisers (so the cases can be rewritten on a fresh clone)."""
from __future__ import annotations

import json
from pathlib import Path

import torch

from tools.common import png_writer
from tools.exports import stylegan2_like as sg
from tools.exports.case_spec import CutPoint, ImageSpec, InputSpec, Case, last_output_in_scope
from tools.exports.train_stylegan2_like import checkpoint_path

OPSET = 13
MONOLITHIC = "stylegan2-like"
SYNTHESIS = "stylegan2-like-wplus"
IMAGE = ImageSpec(layout="nchw", image_shape=(3, sg.RESOLUTION, sg.RESOLUTION), value_range=(-1.0, 1.0),
                  activation="none (sum of toRGB skips; nominal range [-1, 1], values may exceed it slightly)",
                  output="image")


class TrainedWeights:
    """Loads the generator once: checkpoint, else the committed monolithic export."""

    def __init__(self, corpus_root: Path) -> None:
        self._root = corpus_root
        self._g: sg.Generator | None = None
        self.training: dict = {}
        self.source = ""

    def generator(self) -> sg.Generator:
        if self._g is None:
            ckpt = checkpoint_path()
            committed = self._root / MONOLITHIC / "model.onnx"
            if ckpt.exists():
                state = torch.load(ckpt)
                g = sg.Generator()
                shapes = {k: v.shape for k, v in g.state_dict().items()}
                # checkpoints from before the biases were stored as [1, C, 1, 1] hold them as [C]: same values
                g.load_state_dict({k: v.reshape(shapes[k]) for k, v in state["generator"].items()})
                self.training, self.source = state["training"], "checkpoint (tools/exports/train_stylegan2_like.py)"
            elif committed.exists() and (self._root / SYNTHESIS / "model.onnx").exists():
                g = sg.load_from_onnx(committed)
                synthesis = sg.load_from_onnx(self._root / SYNTHESIS / "model.onnx")
                for i, ((_, layer), (_, trained)) in enumerate(zip(sg.style_layers(g), sg.style_layers(synthesis))):
                    # the monolithic file holds strength * noise; the synthesis file the strength
                    getattr(g, f"noise_const{i}").div_(trained.noise_strength)
                    layer.noise_strength.copy_(trained.noise_strength)
                card = json.loads((self._root / MONOLITHIC / "model-card.json").read_text())
                self.training, self.source = card.get("training", {}), "initialisers of the committed model.onnx"
            else:
                raise FileNotFoundError(f"no StyleGAN2-like weights: neither {ckpt} nor the committed exports; run "
                                        "/usr/bin/python3 -m tools.exports.train_stylegan2_like first")
            for p in g.parameters():
                p.requires_grad_(False)
            self._g = g.eval()
        return self._g

    def write_samples(self, folder: Path) -> str:
        with torch.no_grad():
            samples = self.generator()(torch.randn(16, sg.Z_DIM, generator=torch.Generator().manual_seed(1)))
        png_writer.write_rgb8(folder / "samples-pytorch.png", png_writer.grid(((samples.clamp(-1, 1) + 1) / 2).numpy(), 4))
        return "samples-pytorch.png"


def _training_note(weights: TrainedWeights) -> dict:
    t = weights.training
    keys = ("iterations", "iterations_planned", "seconds_limit", "batch_size", "lr", "r1_gamma", "seed", "threads",
            "wall_seconds", "noise_strengths")
    return {key: t[key] for key in keys if key in t} | {
        "data": "Fashion-MNIST train split (apt dataset-fashion-mnist) upscaled to 32x32 and colourised per image "
                "(tools/exports/colour_fashion32.py), scaled to [-1, 1]",
        "loss": "non-saturating logistic, lazy R1 on reals every 16 steps",
        "weights": "trained by tools/exports/train_stylegan2_like.py; make_corpus reads its checkpoint, or on a fresh "
                   "clone rebuilds the weights from the committed exports' initialisers (the same files result)",
        "quality": "trained for minutes on one CPU thread of a shared machine: the samples (samples-pytorch.png) show "
                   "rough garment silhouettes (dress-, coat- and bag-like outlines) in per-image colours, blurry and "
                   "not sharp; meant for inversion tests, not for image quality",
    }


def _card(weights: TrainedWeights, name: str, purpose: str, latent: dict, image_name: str, extra: dict) -> dict:
    return {
        "name": name,
        "purpose": purpose,
        "architecture": sg.architecture(),
        **extra,
        "latent": latent,
        "image": {"name": image_name, "shape": ["batch", *IMAGE.image_shape], "type": "float32",
                  "range": list(IMAGE.value_range), "activation": "none"},
        "training": _training_note(weights),
    }


def _w_plus_sample(weights: TrainedWeights):
    def draw(batch: int, gen: torch.Generator) -> torch.Tensor:
        with torch.no_grad():
            w = weights.generator().mapping(torch.randn(batch, sg.Z_DIM, generator=gen))
        return w[:, None, :].repeat(1, sg.NUM_WS, 1)
    return draw


def cases(corpus_root: Path) -> list[Case]:
    weights = TrainedWeights(corpus_root)
    noise_names = [f"noise{i}" for i in range(len(sg.NOISE_SHAPES))]

    def monolithic_card() -> dict:
        weights.write_samples(corpus_root / MONOLITHIC)
        return _card(weights, MONOLITHIC, "StyleGAN2-like test model (issue 13): Z inversion, W inversion at the "
                     "mapping network's output (see case.json cut_points.w), 32x32 RGB",
                     {"name": "z", "shape": ["batch", sg.Z_DIM], "type": "float32"}, "image",
                     {"prior": {"kind": "normal", "mean": 0.0, "std": 1.0},
                      "samples": {"file": "samples-pytorch.png", "z": "torch.randn(16, 64) from torch.Generator seed 1"}})

    def synthesis_card() -> dict:
        latents = [{"name": "w_plus", "shape": ["batch", sg.NUM_WS, sg.W_DIM], "type": "float32",
                    "prior": {"kind": "none", "note": "w = mapping(z), z ~ N(0, I); start from the mean of w "
                                                      "(the monolithic export's cut point w) repeated 8 times"}}]
        latents += [{"name": n, "shape": ["batch", *s], "type": "float32",
                     "prior": {"kind": "normal", "mean": 0.0, "std": 1.0}}
                    for n, s in zip(noise_names, sg.NOISE_SHAPES)]
        return _card(weights, SYNTHESIS, "the StyleGAN2-like model's synthesis network alone (issue 13): W+ inversion "
                     "with the per-layer noise maps as latents too",
                     latents[0] | {"note": "every input is a latent; see latents"}, "image",
                     {"latents": latents})

    return [
        Case(
            name=MONOLITHIC,
            pattern="StyleGAN2-like monolithic export: z -> mapping (4 FC) -> w -> synthesis with modulated/"
                    "demodulated convs, constant noise baked in as initialisers; W is an intermediate tensor",
            build=weights.generator,
            inputs=[InputSpec("z", "latent", (sg.Z_DIM,))],
            output_names=["image"], image=IMAGE, opset=OPSET,
            image_of=lambda m, d: m(d["z"]),
            front_door="Z: none. W: --latent on an intermediate tensor (cut point) and --init mean (issue 13 item 3)",
            cut_points=[CutPoint(
                name="w", locate=last_output_in_scope("/mapping/"),
                compute=lambda m, d: m.mapping(d["z"]), image_from=lambda m, w: m.from_w(w),
                cli_flags=lambda t: ["--latent", t, "--init", "mean"],
                notes="the mapping network's output [N, 64], used by every style affine; W inversion optimises it "
                      "with the subgraph z -> w removed")],
            notes="trained briefly; model-card.json beside it",
            extra_files={"model-card.json": monolithic_card},
        ),
        Case(
            name=SYNTHESIS,
            pattern="StyleGAN2-like synthesis export: w_plus [N, 8, 64] and per-layer noise inputs noise0..noise6 "
                    "[N, 1, h, w] (strength-scaled) -> image: several latents",
            build=lambda: sg.SynthesisExport(weights.generator()),
            inputs=[InputSpec("w_plus", "latent", (sg.NUM_WS, sg.W_DIM), prior="none (w = mapping(z), z ~ N(0, I))",
                              sample=_w_plus_sample(weights))]
                   + [InputSpec(n, "latent", s) for n, s in zip(noise_names, sg.NOISE_SHAPES)],
            output_names=["image"], image=IMAGE, opset=OPSET,
            image_of=lambda m, d: m(d["w_plus"], *[d[n] for n in noise_names]),
            cli_flags=["--latent", ",".join(["w_plus", *noise_names])],
            front_door="several latents at once (--latent repeatable, issue 13 item 1)",
            notes="same weights as stylegan2-like; fixtures and targets use w = mapping(z) repeated over the 8 "
                  "styles and N(0, 1) noise maps",
            extra_files={"model-card.json": synthesis_card},
        ),
    ]
