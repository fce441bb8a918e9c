"""Benchmarks of REMI access, reported as ratios to reference routes measured in the same run.

`python -m bench` (or `make bench`) runs them; docs/benchmarks.md explains each line.
"""
