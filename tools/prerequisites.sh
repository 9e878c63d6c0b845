#!/usr/bin/env bash
# Installs the system packages OnnxInvert needs at run and test time, when they are missing:
#   libpng16-16      PNG reading/writing (system libpng, simplified API)
#   libturbojpeg0    JPEG reading
#   libonnx-testdata ONNX's backend node tests (the model round-trip suite; tests only)
#   chromium         headless rendering check of the HTML report (tests only; ONNXINVERT_SKIP_BROWSER=1 skips it)
#   python3-numpy    checks that NumPy reads our .npy files (tests only)
# The .NET SDK must already be present; it restores the ONNX Runtime native library from NuGet (Microsoft.ML.OnnxRuntime).
set -euo pipefail

packages=(libpng16-16 libturbojpeg0)
if [[ "${1:-}" == "--tests" ]]; then
  packages+=(libonnx-testdata chromium python3-numpy)
fi

missing=()
for pkg in "${packages[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi

if [[ $(id -u) -ne 0 ]] && ! command -v sudo >/dev/null 2>&1; then
  echo "prerequisites: please install: ${missing[*]} (apt-get install ${missing[*]})" >&2
  exit 1
fi
sudo_cmd=()
[[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
echo "prerequisites: installing ${missing[*]}"
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
