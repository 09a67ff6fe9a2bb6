"""Benchmarks: speed and exactness figures, each printed beside a baseline measured in the same run.

``python -m benchmarks.run_all`` (``make bench``) runs every script here and writes ``benchmarks/RESULTS.md``.
"""
