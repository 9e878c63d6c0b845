"""The torch definitions of the bundled reference generators (and their discriminators), and the one loader that
rebuilds them from their ONNX files."""
