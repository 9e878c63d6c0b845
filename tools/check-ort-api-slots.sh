#!/usr/bin/env bash
# Checks every OrtApi slot index the binding uses (the "// [N] ... Name(" comments in src/OnnxInvert.Runtime/Native/)
# against the C header of the restored ONNX Runtime NuGet package, by compiling offsetof(OrtApi, Name) with a C compiler.
# Usage: tools/check-ort-api-slots.sh [HEADER_DIR]   (default: the restored Microsoft.ML.OnnxRuntime's build/native/include)
set -euo pipefail
cd "$(dirname "$0")/.."
cc="${CC:-cc}"
command -v "$cc" >/dev/null || { echo "check-ort-api-slots: no C compiler ($cc); install gcc" >&2; exit 1; }
version="$(dotnet msbuild src/OnnxInvert.Runtime -getProperty:OnnxRuntimeCpuVersion)"
include="${1:-${NUGET_PACKAGES:-$HOME/.nuget/packages}/microsoft.ml.onnxruntime/$version/build/native/include}"
[[ -f "$include/onnxruntime_c_api.h" ]] || { echo "check-ort-api-slots: no onnxruntime_c_api.h in $include (build once to restore the package)" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# "// [216] OrtStatus* SessionOptionsAppendExecutionProvider(..." -> "216 SessionOptionsAppendExecutionProvider"
grep -rhoE '// \[[0-9]+\] [^(]*\b([A-Za-z_0-9]+)\(' src/OnnxInvert.Runtime/Native/*.cs \
  | sed -E 's|// \[([0-9]+)\] .*[ *]([A-Za-z_0-9]+)\($|\1 \2|' | sort -n -u >"$work/slots.txt"
{
  echo '#include <stdio.h>'
  echo '#include <stddef.h>'
  echo '#include "onnxruntime_c_api.h"'
  echo 'int main(void) { int bad = 0;'
  while read -r index name; do
    echo "  if (offsetof(OrtApi, $name) / sizeof(void*) != $index) { printf(\"%s: slot %zu, the binding says $index\\n\", \"$name\", offsetof(OrtApi, $name) / sizeof(void*)); bad = 1; }"
  done <"$work/slots.txt"
  echo '  return bad; }'
} >"$work/slots.c"
"$cc" -I"$include" "$work/slots.c" -o "$work/slots"
"$work/slots"
echo "check-ort-api-slots: $(wc -l <"$work/slots.txt") slots match $include/onnxruntime_c_api.h"
