"""The plain PyTorch inversion loop the engine is compared with, and the comparisons built on it."""
