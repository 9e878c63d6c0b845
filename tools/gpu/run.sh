#!/usr/bin/env bash
# The GPU check (issue 20): runs as is on a machine with an NVIDIA GPU, from a checkout without the large generators.
#  1. probes the machine: driver and GPU (nvidia-smi), CUDA / cuDNN / TensorRT libraries (ldconfig -p, and the
#     nvidia-* Python wheels PyTorch brings), Python, PyTorch and torch.cuda.is_available(), the .NET SDK;
#  2. finds an ONNX Runtime GPU build: $ONNXINVERT_ORT_LIB, else builds with -p:OnnxInvertOrt=gpu (NuGet's
#     Microsoft.ML.OnnxRuntime.Gpu.Linux), else the onnxruntime-gpu Python package's library if one is installed;
#  3. times `onnxinvert invert --provider cuda` against the PyTorch loop on CUDA on the bundled MNIST generator at a
#     few batch sizes (tools/gpu/gpu_bench.py), then the host<->device bytes and ms of one steady step, plain and
#     device-resident objective run (tools/OnnxInvert.StepProbe), and writes the markdown report.
# Without a GPU it writes a "no GPU" report and exits 0. A few minutes at most.
# Usage: tools/gpu/run.sh [REPORT.md]   (default out/gpu/report.md)
# Environment: ONNXINVERT_ORT_LIB (a GPU build's libonnxruntime.so), ONNXINVERT_BIN (an onnxinvert to use),
#              GPU_BATCHES (default "16 64 256"), PYTHON (default /usr/bin/python3, else python3).
set -uo pipefail
cd "$(dirname "$0")/../.."
report="${1:-out/gpu/report.md}"
mkdir -p "$(dirname "$report")"
python="${PYTHON:-}"
[[ -z "$python" && -x /usr/bin/python3 ]] && python=/usr/bin/python3
[[ -z "$python" ]] && python="$(command -v python3 || true)"
batches="${GPU_BATCHES:-16 64 256}"

say() { echo "$*" | tee -a "$report"; }
: >"$report"
say "# GPU check, $(date -u '+%Y-%m-%d %H:%M') UTC"
say ""
say "Command: \`bash tools/gpu/run.sh\` on $(hostname 2>/dev/null || echo unknown), $(nproc) CPUs."
say ""
say "## Machine"
say ""

# 1. Driver and GPU.
gpu=""
if command -v nvidia-smi >/dev/null 2>&1 && gpu="$(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>&1)"; then
  say "- GPU (nvidia-smi): $gpu"
  say "- CUDA version the driver supports: $(nvidia-smi 2>/dev/null | sed -n 's/.*CUDA Version: *\([0-9.]*\).*/\1/p' | head -1)"
else
  say "- GPU: none found (${gpu:-nvidia-smi not installed})"
  gpu=""
fi

# CUDA libraries: the system's (ldconfig) and those of NVIDIA's Python wheels (PyTorch's own CUDA runtime).
wheel_dirs=""
if [[ -n "$python" ]]; then
  wheel_dirs="$("$python" - 2>/dev/null <<'PY'
import glob, os, site
roots = site.getsitepackages() + [site.getusersitepackages()]
print(":".join(sorted({d for r in roots for d in glob.glob(os.path.join(r, "nvidia", "*", "lib"))})))
PY
)"
fi
for lib in libcuda.so libcudart.so libcublas.so libcublasLt.so libcudnn.so libnvinfer.so; do
  found="$(ldconfig -p 2>/dev/null | grep -o "$lib[.0-9]*" | sort -u | tr '\n' ' ')"
  inwheels=""
  if [[ -n "$wheel_dirs" ]]; then
    inwheels="$(IFS=:; for d in $wheel_dirs; do ls "$d" 2>/dev/null; done | grep -o "^$lib[.0-9]*" | sort -u | tr '\n' ' ')"
  fi
  say "- $lib: system ${found:-none}; Python wheels ${inwheels:-none}"
done

# Python and PyTorch.
torch_cuda="no"
if [[ -n "$python" ]]; then
  say "- Python: $("$python" --version 2>&1) ($python)"
  torch_line="$("$python" -c 'import torch; print(torch.__version__, "CUDA", torch.version.cuda, "available", torch.cuda.is_available(), torch.cuda.get_device_name(0) if torch.cuda.is_available() else "")' 2>&1 | tail -1)"
  say "- PyTorch: $torch_line"
  [[ "$torch_line" == *"available True"* ]] && torch_cuda="yes"
else
  say "- Python: none"
fi
dotnet_version="$(dotnet --version 2>/dev/null || true)"
say "- .NET SDK: ${dotnet_version:-none}"
say ""

if [[ -z "$gpu" ]]; then
  say "## Result"
  say ""
  say "No GPU: this machine has no NVIDIA driver (nvidia-smi), so there is nothing to measure. Run this script on a"
  say "machine with an NVIDIA GPU; docs/benchmarks.md keeps the GPU table as \"not yet measured\" until then."
  echo "gpu check: no GPU; report in $report"
  exit 0
fi

# 2. An ONNX Runtime GPU build and an onnxinvert to run it.
ort_lib="${ONNXINVERT_ORT_LIB:-}"
bin="${ONNXINVERT_BIN:-}"
# shellcheck source=../cli-build.sh
source tools/cli-build.sh
if [[ -z "$bin" && -n "$dotnet_version" ]]; then
  if dotnet build src/OnnxInvert.Cli -c Release -p:OnnxInvertOrt=gpu --nologo -v quiet >"$report.build.log" 2>&1; then
    bin="$onnxinvert_build/onnxinvert"
    [[ -z "$ort_lib" ]] && ort_lib="$onnxinvert_build/runtimes/linux-x64/native/libonnxruntime.so"
    say "- built onnxinvert with -p:OnnxInvertOrt=gpu"
  else
    say "- building with -p:OnnxInvertOrt=gpu failed (log: $report.build.log): $(tail -3 "$report.build.log" | tr '\n' ' ')"
  fi
fi
probe=""
if [[ -n "$dotnet_version" ]]; then
  if dotnet build tools/OnnxInvert.StepProbe -c Release -p:OnnxInvertOrt=gpu --nologo -v quiet >"$report.probe-build.log" 2>&1; then
    probe="tools/OnnxInvert.StepProbe/bin/Release/net10.0/OnnxInvert.StepProbe"
  else
    say "- building the step probe failed (log: $report.probe-build.log): bytes per step not measured"
  fi
fi
if [[ -z "$bin" && -x "$onnxinvert_build/onnxinvert" ]]; then
  bin="$onnxinvert_build/onnxinvert"
fi
if [[ -z "$ort_lib" && -n "$python" ]]; then
  ort_lib="$("$python" -c 'import glob, os, onnxruntime; print((sorted(glob.glob(os.path.join(os.path.dirname(onnxruntime.__file__), "capi", "libonnxruntime.so*"))) or [""])[0])' 2>/dev/null || true)"
  [[ -n "$ort_lib" ]] && say "- ONNX Runtime from the onnxruntime Python package: $ort_lib"
fi
say "- onnxinvert: ${bin:-none}; ONNX Runtime library: ${ort_lib:-none}"
[[ -n "$wheel_dirs" ]] && export LD_LIBRARY_PATH="${LD_LIBRARY_PATH:+$LD_LIBRARY_PATH:}$wheel_dirs"

say ""
say "## Result"
say ""
if [[ -z "$bin" ]]; then
  say "No onnxinvert could be built or found (needs the .NET 10 SDK, or ONNXINVERT_BIN); nothing measured."
  exit 1
fi
ort_args=()
[[ -n "$ort_lib" ]] && ort_args=(--ort-lib "$ort_lib")
probe="$("$bin" sample --model onnx-models/mnist-table1-uniform/generator.onnx --count 4 --out "$(dirname "$report")/cuda-sample.png" --provider cuda "${ort_args[@]}" 2>&1 | tail -3)"
if [[ $? -ne 0 || "$probe" == *"unavailable"* ]]; then
  say "CUDA does not run here with this ONNX Runtime build: $probe"
  exit 1
fi
say "CUDA session: ok ($probe)"
say ""
torch_flag=()
probe_flag=()
[[ -n "$probe" ]] && probe_flag=(--probe "$probe")
[[ "$torch_cuda" != "yes" ]] && torch_flag=(--skip-torch) && say "(PyTorch has no CUDA here: onnxinvert only.)"
# shellcheck disable=SC2086
"$python" -m tools.gpu.gpu_bench --onnxinvert "$bin" "${ort_args[@]}" --batches $batches "${torch_flag[@]}" "${probe_flag[@]}" --markdown "$report"
status=$?
echo "gpu check: report in $report"
exit $status
