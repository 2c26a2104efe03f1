"""The performance benchmark (`python benchmarks/run.py`) and the scaled corpus it builds."""
