"""GPU runs of the step benchmark (see run.sh)."""
