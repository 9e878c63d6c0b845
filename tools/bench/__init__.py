"""Benchmarks: per-step speed, whole-dataset time to quality and the HTTP service, against PyTorch where it applies.

Run as ``/usr/bin/python3 -m tools.bench.bench_steps`` (likewise bench_dataset, bench_service, profile_summary)."""
