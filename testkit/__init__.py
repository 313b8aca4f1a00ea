"""Tools shared by tests and benchmarks, never shipped in the wheel.

The corpus location, its ground truth, generated variant PDFs and simulated scans:
tests and benchmarks both import from here, so neither imports the other.
"""
