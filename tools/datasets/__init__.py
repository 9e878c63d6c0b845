"""Dataset builders for the OnnxInvert Python tooling (training reference generators)."""
