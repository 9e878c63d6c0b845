"""The corpus of real-world-style ONNX exports (onnx-models/corpus/) and the StyleGAN2-like generator.

Run from the repository root as modules, e.g. ``/usr/bin/python3 -m tools.exports.make_corpus``; see tools/README.md.
"""
