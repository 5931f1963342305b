"""Benchmarks: scripts that print JSON."""
