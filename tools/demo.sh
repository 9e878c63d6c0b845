#!/usr/bin/env bash
# The README's demo: builds onnxinvert (Release) and samples a grid of digits from the bundled MNIST generator.
# Usage: tools/demo.sh [OUT_DIR]   (default: out/demo)
set -euo pipefail
cd "$(dirname "$0")/.."

out="${1:-out/demo}"
bash tools/prerequisites.sh
dotnet build src/OnnxInvert.Cli -c Release --nologo -v quiet -clp:ErrorsOnly
cli=src/OnnxInvert.Cli/bin/Release/net10.0/onnxinvert
model=onnx-models/mnist-table1-uniform/generator.onnx

mkdir -p "$out"
"$cli" info "$model"
"$cli" sample --model "$model" --count 64 --seed 1 --out "$out/samples.png" --save-latents "$out/latents.npy"
echo "demo: wrote $out/samples.png"
