"""Sample target folders (onnx-models/samples/): held-out test images written as PNGs with an index.

Run as ``/usr/bin/python3 -m tools.samples.make_mnist`` or ``-m tools.samples.make_fashion``."""
