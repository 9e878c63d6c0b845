"""Reference gradients from PyTorch autograd, for the gradient-rule tests."""
