"""Feature networks for feature-space losses (issue 17): discriminators trained against the frozen bundled generators,
the PyTorch-autograd fixture of G + feature network + loss, and the LPIPS / torchvision export recipe.

Run from the repository root as modules, e.g. ``/usr/bin/python3 -m tools.features.train_discriminator``.
"""
