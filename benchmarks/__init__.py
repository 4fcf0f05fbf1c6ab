"""On-demand benchmarks (not tests): bundle size, encode, and the browser benchmarks.

Run from the repo root through `benchmarks/run`, which puts the checkout on `PYTHONPATH`.
"""
