"""Helpers the tool groups share: PNG writing, ONNX export of a torch generator, and where the CLI binary is."""
