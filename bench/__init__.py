"""Benchmarks: each script prints its figures, so that anyone can rerun them."""
