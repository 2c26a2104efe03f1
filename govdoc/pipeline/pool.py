"""Worker processes for the CPU-bound stages (reading files, segmenting the search index).

On Linux the workers are forked: they inherit what this process has loaded already (the region
table, jieba's dictionary) instead of each loading it again, a second or more apiece. Elsewhere
they are spawned (forking is unsafe on macOS) and load what they need themselves.
"""
from __future__ import annotations

import multiprocessing
import sys
from concurrent.futures import ProcessPoolExecutor


def worker_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of `workers` processes, forked from this one where that is safe."""
    context = multiprocessing.get_context("fork") if sys.platform == "linux" else None
    return ProcessPoolExecutor(workers, mp_context=context)
