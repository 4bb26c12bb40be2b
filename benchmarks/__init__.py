"""Benchmarks: `make bench` runs them all, writes results.json and appends RESULTS.md."""
