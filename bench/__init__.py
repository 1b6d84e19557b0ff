"""Reproducible benchmarks (`make bench`): each prints its figures and the data size."""
