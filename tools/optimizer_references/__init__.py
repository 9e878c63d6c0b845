"""Reference optimiser trajectories from torch.optim, for the optimiser tests."""
