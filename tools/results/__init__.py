"""Reproductions of the paper's tables with the CLI."""
