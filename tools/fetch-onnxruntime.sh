#!/usr/bin/env bash
# Fetch the ONNX Runtime native library (linux-x64, CPU build) from the npm package onnxruntime-node
# without running the package's install script, and place it in DEST_DIR atomically.
# Usage: tools/fetch-onnxruntime.sh DEST_DIR [VERSION]
set -euo pipefail

dest="${1:?usage: fetch-onnxruntime.sh DEST_DIR [VERSION]}"
version="${2:-1.30.0}"
member="package/bin/napi-v6/linux/x64/libonnxruntime.so.1"
# Known digest of the library inside onnxruntime-node@1.30.0; other versions are accepted unchecked.
expected_sha256_1_30_0="ffb75a925ba05e47b235bb66e3e3911714a80b328a9c9425539feb204aa32a23"

if [[ -f "$dest/libonnxruntime.so.1" ]]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "fetch-onnxruntime: npm is not installed; install Node.js + npm, or set ONNXINVERT_ORT_LIB to an ONNX Runtime >= 1.20 library and build with -p:OnnxInvertSkipOrtFetch=true" >&2
  exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "onnxruntime-node@$version" >/dev/null)
tarball="$(ls "$work"/onnxruntime-node-*.tgz)"
tar -xzf "$tarball" -C "$work" "$member"

if [[ "$version" == "1.30.0" ]]; then
  actual="$(sha256sum "$work/$member" | cut -d' ' -f1)"
  if [[ "$actual" != "$expected_sha256_1_30_0" ]]; then
    echo "fetch-onnxruntime: sha256 mismatch for libonnxruntime.so.1 ($actual), refusing to install it" >&2
    exit 1
  fi
fi

mkdir -p "$dest"
cp "$work/$member" "$dest/libonnxruntime.so.1.partial.$$"
mv -f "$dest/libonnxruntime.so.1.partial.$$" "$dest/libonnxruntime.so.1"
echo "fetch-onnxruntime: installed ONNX Runtime $version into $dest"
