"""Images the StyleGAN2-like corpus model generated itself, for the Z / W / W+ inversion experiment
(docs/inversion.md, "The StyleGAN2-like model in Z, W and W+").

The targets are drawn exactly as tools/exports/export_case.py draws a case's targets, only more of them: the case's
seed (crc32 of "stylegan2-like"), the fixture's batch of 4 latents and its cotangent drawn first, then COUNT latents
z ~ N(0, I). The first 8 images therefore equal the committed onnx-models/corpus/stylegan2-like/targets.npy (checked
here). The generator is rebuilt from the committed export's initialisers (no checkpoint needed).

Writes to OUT (a temporary folder; nothing here is committed):
    targets.npy        float32 [COUNT, 3, 32, 32], the model's range (nominally [-1, 1]), NCHW
    targets-z.npy      float32 [COUNT, 64]          the z that made them
    targets-w.npy      float32 [COUNT, 64]          mapping(z), the W cut point
    w-avg-plus.npy     float32 [COUNT, 8, 64]       w_avg (mean of mapping(z) over --mean-samples draws, seed
                                                    --mean-seed) repeated over the 8 styles: the W+ start for both
                                                    tools
    targets-noise<i>.npy float32 [COUNT, 1, h, w]   the constant noise maps folded into the monolithic export,
                                                    per image (with w repeated they reproduce the images in the W+
                                                    export; checked here)

Usage (from the repository root):
    /usr/bin/python3 -m tools.exports.stylegan_generated --out /tmp/sg64 [--count 64]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import torch

from tools.exports import stylegan2_like as sg
from tools.exports.export_case import FIXTURE_BATCH, case_seed
from tools.exports.stylegan_cases import MONOLITHIC, SYNTHESIS

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "onnx-models" / "corpus"


def draw_target_latents(count: int) -> torch.Tensor:
    """The targets' z, in the exporter's order of draws (fixture inputs, the fixture's cotangent, then the targets)."""
    gen = torch.Generator().manual_seed(case_seed(MONOLITHIC))
    torch.randn(FIXTURE_BATCH, sg.Z_DIM, generator=gen)
    torch.randn(FIXTURE_BATCH, 3, sg.RESOLUTION, sg.RESOLUTION, generator=gen)
    return torch.randn(count, sg.Z_DIM, generator=gen)


def main(argv: list[str]) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--count", type=int, default=64)
    p.add_argument("--mean-samples", type=int, default=10000, help="prior draws for w_avg (the W+ start)")
    p.add_argument("--mean-seed", type=int, default=1, help="seed of those draws (invert_stylegan_torch's default)")
    p.add_argument("--corpus", type=Path, default=CORPUS)
    args = p.parse_args(argv)
    torch.set_num_threads(1)

    mono = sg.load_from_onnx(args.corpus / MONOLITHIC / "model.onnx")
    synth = sg.load_from_onnx(args.corpus / SYNTHESIS / "model.onnx")
    z = draw_target_latents(args.count)
    with torch.no_grad():
        w = mono.mapping(z)
        images = mono.from_w(w)
        w_avg = mono.mapping(torch.randn(args.mean_samples, sg.Z_DIM,
                                         generator=torch.Generator().manual_seed(args.mean_seed))).mean(dim=0)

    committed = np.load(args.corpus / MONOLITHIC / "targets.npy")
    first = min(len(committed), args.count)
    drift = float(np.abs(images[:first].numpy() - committed[:first]).max())
    if not drift <= 1e-5:
        sys.exit(f"the first {first} images differ from {MONOLITHIC}/targets.npy by {drift:.3g}: the draws no longer "
                 "follow tools/exports/export_case.py")

    # The monolithic export holds strength * noise as constants; in the W+ export the noise inputs are scaled by the
    # strength, so the unscaled constants with w repeated give the same images.
    noises = []
    for (_, mono_layer), (_, synth_layer) in zip(sg.style_layers(mono), sg.style_layers(synth)):
        index = len(noises)
        constant = getattr(mono, f"noise_const{index}") / synth_layer.noise_strength
        noises.append(constant.expand(args.count, *sg.NOISE_SHAPES[index]).clone())
    with torch.no_grad():
        again = synth.from_w_plus(w[:, None, :].repeat(1, sg.NUM_WS, 1), noises)
    gap = float((again - images).abs().max())
    if not gap <= 1e-4:
        sys.exit(f"the W+ export with w repeated and the folded noise gives other images (max |diff| {gap:.3g})")

    args.out.mkdir(parents=True, exist_ok=True)
    np.save(args.out / "targets.npy", np.ascontiguousarray(images.numpy()))
    np.save(args.out / "targets-z.npy", z.numpy())
    np.save(args.out / "targets-w.npy", w.numpy())
    np.save(args.out / "w-avg-plus.npy", np.ascontiguousarray(w_avg.expand(args.count, sg.NUM_WS, sg.W_DIM).numpy()))
    for i, n in enumerate(noises):
        np.save(args.out / f"targets-noise{i}.npy", np.ascontiguousarray(n.numpy()))
    variance = float(images.double().var())
    print(f"wrote {args.out}: {args.count} images (first {first} = the committed targets, max |diff| {drift:.2g}; "
          f"W+ export reproduces them to {gap:.2g}), variance {variance:.6g}, range "
          f"[{float(images.min()):.3f}, {float(images.max()):.3f}]")


if __name__ == "__main__":
    main(sys.argv[1:])
