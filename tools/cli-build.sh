# Where the Release build of onnxinvert lives, for shell scripts (the one place a script spells it; Python tools use
# tools/common/cli.py). Source it: `source tools/cli-build.sh`, then run "$onnxinvert_build/onnxinvert" (the
# launcher) or `dotnet "$onnxinvert_build/onnxinvert.dll"`. The path is absolute, so it holds after a cd.
onnxinvert_build="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/src/OnnxInvert.Cli/bin/Release/net10.0"
