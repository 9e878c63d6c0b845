#!/usr/bin/env bash
# Packs the OnnxInvert libraries into a local folder feed, creates a fresh console app (dotnet new console), adds the
# engine package from that feed (its ONNX Runtime dependency comes from NuGet), and runs tools/package-check/Program.cs:
# it inverts four of the bundled sample digits and checks the error dropped. The packages get a version of their own
# (VERSION-check.TIMESTAMP), so NuGet's packages folder can never hand the app an older build; the app, the feed and
# those packages' folders in NuGet's cache are removed at the end. Prints "package check: OK" and exits 0 on success.
# Usage: tools/package-check.sh [--keep]   (--keep leaves the temporary folder and says where)
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"

# The library packages, in dependency order; a new one (e.g. a server) is one more name here.
packages=(OnnxInvert.Onnx OnnxInvert.Runtime OnnxInvert.Autodiff OnnxInvert.Inversion OnnxInvert.Imaging)

work="$(mktemp -d)"
[[ "${1:-}" == "--keep" ]] && echo "package check: working in $work"
feed="$work/feed"
mkdir -p "$feed"
start=$SECONDS

version="$(dotnet msbuild src/OnnxInvert.Runtime -getProperty:Version)-check.$(date +%s)"
cache="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
cleanup_cache() { for p in "${packages[@]}"; do rm -rf "$cache/${p,,}/$version"; rmdir "$cache/${p,,}" 2>/dev/null || true; done; }
trap 'cleanup_cache; [[ "${1:-}" == "--keep" ]] || rm -rf "$work"' EXIT
for p in "${packages[@]}"; do
  dotnet pack "src/$p" -c Release -o "$feed" --nologo -v quiet -p:ContinuousIntegrationBuild=true -p:Version="$version" >"$work/pack-$p.log" 2>&1 \
    || { cat "$work/pack-$p.log" >&2; echo "package check: packing $p failed" >&2; exit 1; }
  [[ -f "$feed/$p.$version.nupkg" && -f "$feed/$p.$version.snupkg" ]] \
    || { ls "$feed" >&2; echo "package check: $p.$version.nupkg or .snupkg missing" >&2; exit 1; }
done

# A fresh application that knows nothing of this repository: its own NuGet config (the local feed plus the usual sources).
app="$work/app"
dotnet new console -o "$app" --framework net10.0 >"$work/new.log" 2>&1 || { cat "$work/new.log" >&2; exit 1; }
(
  cd "$app"
  dotnet new nugetconfig >/dev/null
  # Keep the machine's configured sources (the user or machine NuGet.Config); add the feed in front of them.
  sed -i '/<clear \/>/d' nuget.config
  dotnet nuget add source "$feed" --name onnxinvert-local --configfile nuget.config >/dev/null
  dotnet add package OnnxInvert.Inversion --version "$version" >"$work/add.log" 2>&1 || { cat "$work/add.log" >&2; exit 1; }
  dotnet add package OnnxInvert.Imaging --version "$version" >>"$work/add.log" 2>&1 || { cat "$work/add.log" >&2; exit 1; }
  cp "$repo/tools/package-check/Program.cs" Program.cs
  dotnet build -c Release --nologo -v quiet >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
  dotnet run -c Release --no-build -- "$repo/onnx-models/mnist-table1-uniform/generator.onnx" "$repo/onnx-models/samples/mnist/targets.npy"
)
echo "package check: OK ($(( SECONDS - start )) s; packages: ${packages[*]} $version)"
