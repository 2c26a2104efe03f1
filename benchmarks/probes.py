"""The measurements that run inside a fresh Python process: `python benchmarks/probes.py NAME JSON`.

Each prints one JSON object. Running each in its own process keeps one measurement's imports,
caches and memory out of the next one's figures.
"""
from __future__ import annotations

import json
import resource
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

MB = 1024 * 1024
RUSAGE_KB = 1024 if sys.platform != "darwin" else 1  # ru_maxrss is in KB on Linux, in bytes on macOS


@dataclass(frozen=True)
class Clock:
    """Wall time and CPU time of this process and of its finished children (pool workers)."""

    wall: float
    cpu: float

    @classmethod
    def now(cls) -> Clock:
        own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return cls(time.perf_counter(), own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime)


def peaks_mb(workers: int) -> dict:
    """Peak RSS of this process, of its largest child, and a bound on their sum (main + workers × largest)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * RUSAGE_KB / MB
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * RUSAGE_KB / MB if workers > 1 else 0
    return {"peak_mb": own + workers * child, "peak_main_mb": own, "peak_worker_mb": child}


def ingest(corpus: str, db: str, workers: int) -> dict:
    """One ingest (no checks, reports or search index) of a folder into a fresh knowledge base."""
    from govdoc.pipeline.run import ingest as run_ingest

    marks: list[Clock] = []
    start = Clock.now()
    results = run_ingest([corpus], db, on_file=lambda result: marks.append(Clock.now()), workers=workers)
    end = Clock.now()
    sizes = [Path(r.path).stat().st_size for r in results]
    return {"wall": end.wall - start.wall, "cpu": end.cpu - start.cpu, **peaks_mb(workers),
            "files": len(results), "ingested": sum(r.status == "ingested" for r in results),
            "documents": sum(len(r.documents) for r in results), "bytes": sum(sizes),
            "warm_bytes": sum(sizes[1:]), "warm_cpu": end.cpu - marks[0].cpu}


def _latency_ms(query, repeat: int) -> float:
    """Median milliseconds of `repeat` calls after one warm-up call (imports, region table, page cache)."""
    query()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        query()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def _plans(queries: list) -> list[str]:
    """EXPLAIN QUERY PLAN of every statement the queries run, as 'detail' lines that scan a whole table."""
    import sqlite_utils

    from govdoc.pipeline import store

    statements: list[tuple[str, tuple]] = []
    real_open = store.open_db

    def traced(path):
        db = real_open(path)
        return sqlite_utils.Database(db.conn, tracer=lambda sql, params: statements.append((sql, params or ())))

    store.open_db = traced
    try:
        for query in queries:
            query()
    finally:
        store.open_db = real_open
    db = real_open(queries[0].keywords["db_path"])
    scans = []
    for sql, params in statements:
        if sql.lstrip().lower().startswith("select") and "sqlite_master" not in sql:
            for row in db.execute("explain query plan " + sql, params).fetchall():
                if row[-1].startswith("SCAN") and " USING " not in row[-1]:
                    scans.append(f"{row[-1]}  ← {' '.join(sql.split())[:90]}")
    return scans


def queries(db: str, unit: str, region: str) -> dict:
    """Latency of the listed queries on one knowledge base, and any full table scans they do."""
    from functools import partial

    from govdoc import api

    tasks = partial(api.tasks, db_path=db, unit=unit)
    targets = partial(api.targets, db_path=db, region=region)
    check = partial(api.check, db_path=db)
    return {"tasks_ms": _latency_ms(tasks, 5), "tasks_rows": len(tasks()),
            "targets_ms": _latency_ms(targets, 5), "targets_rows": len(targets()),
            "check_ms": _latency_ms(check, 1), "check_findings": len(check()), "check_targets": _count(db, "targets"),
            "full_scans": _plans([tasks, targets])}


def _count(db: str, table: str) -> int:
    from govdoc.pipeline import store

    return store.open_db(db)[table].count


def pdf(pdfs: list[tuple[str, int | None]]) -> dict:
    """Pages per second of each PDF by govdoc, pdfplumber and PDFium, given with the tables drawn on it."""
    from pdfs import measure

    return {"pdfs": [measure(Path(path), drawn) for path, drawn in pdfs]}


PROBES = {"ingest": ingest, "queries": queries, "pdf": pdf}

if __name__ == "__main__":
    print(json.dumps(PROBES[sys.argv[1]](**json.loads(sys.argv[2])), ensure_ascii=False))
