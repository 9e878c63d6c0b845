"""Write onnx-models/corpus/: one folder per real-world export pattern (issue 13), each with model.onnx, case.json,
a PyTorch-autograd fixture and 8 self-generated targets. See onnx-models/corpus/README.md.

    /usr/bin/python3 -m tools.exports.make_corpus [--only fixed-batch-1,label-int64] [--out DIR]

One torch thread. The StyleGAN2-like cases read the trained weights (tools/exports/train_stylegan2_like.py's
checkpoint in the cache, else the committed export's initialisers).
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import torch

from tools.exports import corpus_models as cm
from tools.exports import stylegan_cases
from tools.exports.case_spec import Case, ImageSpec, InputSpec, last_output_of
from tools.exports.export_case import write_case

REPO = Path(__file__).resolve().parents[2]
DEFAULT_OUT = REPO / "onnx-models" / "corpus"
NCHW_TANH_RGB16 = ImageSpec("nchw", (3, 16, 16), (-1.0, 1.0), "tanh", output="image")
GRAY_TANH16 = ImageSpec("nchw", (1, 16, 16), (-1.0, 1.0), "tanh", output="image")


def _labels(batch: int, gen: torch.Generator) -> torch.Tensor:
    return torch.randint(0, 10, (batch,), generator=gen, dtype=torch.int64)


def _onehot(batch: int, gen: torch.Generator) -> torch.Tensor:
    return torch.nn.functional.one_hot(_labels(batch, gen), 10).float()


def _single(m, d):
    return m(*d.values())


def small_cases() -> list[Case]:
    z = InputSpec("z", "latent", (cm.LATENT,))
    return [
        Case("fixed-batch-1", "exported with a fixed batch of 1 and no dynamic axes; x.view(1, 16, 4, 4) baked into a "
             "Reshape constant", cm.FixedBatch1, [z], ["image"], NCHW_TANH_RGB16, opset=11, image_of=_single,
             dynamic_batch=False, fixed_batch=1,
             front_door="fixed batch: run any --batch on a model exported with batch 1 (issue 13 item 5)"),
        Case("latent-4d", "DCGAN-style 4-D latent [N, 100, 1, 1] through a ConvTranspose stack with BatchNorm, opset 9",
             cm.Latent4d, [InputSpec("z", "latent", (100, 1, 1))], ["image"], NCHW_TANH_RGB16, opset=9,
             image_of=_single),
        Case("nhwc-output", "Keras-style NHWC output: Tanh, then permute to [N, H, W, C] (RGB last)", cm.NhwcOutput, [z],
             ["image"], ImageSpec("nhwc", (3, 16, 16), (-1.0, 1.0), "tanh", output="image"), opset=13,
             image_of=_single, optional_flags=["--layout", "nhwc"],
             front_door="NHWC image layout (issue 13 item 4)"),
        Case("flat-output", "flat image [N, C*H*W] from a Linear + Sigmoid", cm.FlatOutput, [z], ["image"],
             ImageSpec("flat", (3, 16, 16), (0.0, 1.0), "sigmoid", output="image"), opset=13, image_of=_single,
             cli_flags=["--image-shape", "3,16,16"], front_door="flat image layout with --image-shape (issue 13 item 4)"),
        Case("label-int64", "class-conditional: int64 label [N] through nn.Embedding, concatenated to z",
             cm.LabelInt64, [z, InputSpec("label", "condition", (), torch.int64, prior=None, sample=_labels,
                                          values="class index 0..9 (targets-label.npy: one per target)")],
             ["image"], GRAY_TANH16, opset=13, image_of=lambda m, d: m(d["z"], d["label"]),
             cli_flags=["--latent", "z", "--input", "label=targets-label.npy"],
             optional_flags=["--input", "label=3"], front_door="condition inputs held fixed (issue 13 item 2)"),
        Case("onehot-float", "class-conditional: one-hot float condition [N, 10] concatenated to z", cm.OnehotFloat,
             [z, InputSpec("onehot", "condition", (10,), prior=None, sample=_onehot,
                           values="one-hot rows of a class index 0..9 (targets-onehot.npy: one per target)")],
             ["image"], GRAY_TANH16, opset=13, image_of=lambda m, d: m(d["z"], d["onehot"]),
             cli_flags=["--latent", "z", "--input", "onehot=targets-onehot.npy"],
             front_door="condition inputs held fixed (issue 13 item 2)"),
        Case("uint8-tail", "uint8 post-processing tail: Sigmoid -> *255 -> clamp -> Cast(uint8) -> RGBA -> Transpose, "
             "plus a second float output; the float image is an intermediate tensor", cm.Uint8Tail, [z],
             ["rgba", "mean_colour"],
             ImageSpec("nchw", (3, 16, 16), (0.0, 1.0), "sigmoid", output=None, locate=last_output_of("Sigmoid")),
             opset=13, image_of=lambda m, d: m.image(d["z"]),
             cli_flags=["--output", "<image.tensor>"],
             front_door="--output on an intermediate tensor (cut point, issue 13 item 3)"),
        Case("fully-conv", "fully convolutional: latent [N, 4, H, W] with symbolic H, W -> [N, 3, 8H, 8W]", cm.FullyConv,
             [InputSpec("latent", "latent", (4, 4, 4), symbolic={2: "height", 3: "width"})], ["image"],
             ImageSpec("nchw", (3, 32, 32), (-1.0, 1.0), "tanh", output="image"), opset=13, image_of=_single,
             cli_flags=["--latent-shape", "latent=4,4,4"],
             front_door="symbolic latent dimensions: probe from the targets or --latent-shape (issue 13 item 6)"),
        Case("sigmoid-transpose", "Sigmoid followed by layout ops (Transpose to NHWC, Reshape): the range must be "
             "inferred through them", cm.SigmoidTranspose, [z], ["image"],
             ImageSpec("nhwc", (3, 16, 16), (0.0, 1.0), "sigmoid", output="image"), opset=13, image_of=_single,
             front_door="output range inferred through layout ops (issue 13 item 7); NHWC layout (item 4)"),
        Case("new-ops", "ops of recent exporters: HardSwish, Mish and GELU as torch 1.13 exports them, flip (Slice "
             "with negative step), Max/Min, GatherElements, ReduceL2, ReduceMax (see op_histogram)", cm.NewOps, [z],
             ["image"], ImageSpec("nchw", (3, 8, 8), (-1.0, 1.0), "tanh", output="image"), opset=17,
             image_of=_single, front_door="gradient rules for these ops (issue 13 item 8)"),
    ]


def all_cases(out: Path) -> list[Case]:
    return small_cases() + stylegan_cases.cases(out)


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", type=Path, default=DEFAULT_OUT)
    p.add_argument("--only", default="", help="comma-separated case names")
    args = p.parse_args(argv)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    cases = all_cases(args.out)
    wanted = [n for n in args.only.split(",") if n]
    unknown = sorted(set(wanted) - {c.name for c in cases})
    if unknown:
        raise SystemExit(f"unknown case(s) {unknown}; valid: {', '.join(c.name for c in cases)}")
    total = 0
    for case in cases:
        if wanted and case.name not in wanted:
            continue
        d = write_case(case, args.out)
        total += d["bytes"]
        print(json.dumps({"case": case.name, "image": d["image"]["tensor"], "bytes": d["bytes"],
                          "ops": d["op_histogram"]}))
    print(f"models: {total} bytes")


if __name__ == "__main__":
    main()
