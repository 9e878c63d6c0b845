#!/usr/bin/env bash
# The README's demo: builds onnxinvert (Release) and inverts the 16 bundled held-out MNIST digits with the bundled
# generator (the paper's Table 1 model): latents, reconstructions, target|reconstruction pairs and metrics, and an
# HTML report of the run.
# Usage: tools/demo.sh [OUT_DIR]   (default: out/demo)
set -euo pipefail
cd "$(dirname "$0")/.."

out="${1:-out/demo}"
bash tools/prerequisites.sh
dotnet build src/OnnxInvert.Cli -c Release --nologo -v quiet -clp:ErrorsOnly
source tools/cli-build.sh
cli="$onnxinvert_build/onnxinvert"
model=onnx-models/mnist-table1-uniform/generator.onnx

mkdir -p "$out"
"$cli" info "$model"
"$cli" sample --model "$model" --count 64 --seed 1 --out "$out/samples.png"
"$cli" invert --model "$model" --images onnx-models/samples/mnist --out "$out/inverted" --steps 500 --batch 16
"$cli" report "$out/inverted" --out "$out/report.html" --title "OnnxInvert demo: 16 MNIST digits"
echo "demo: wrote $out/samples.png (64 draws from G), $out/inverted/ (pairs.png: target | reconstruction, metrics.csv, summary.json, latents.npy, curve.csv) and $out/report.html"
