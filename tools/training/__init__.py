"""Training scripts of the bundled reference GANs and the MNIST encoder, and the training loop helpers they share.

Run as ``/usr/bin/python3 -m tools.training.mnist_gan --prior uniform`` (likewise fashion_gan, dcgan64, mnist_encoder)."""
