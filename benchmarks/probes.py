"""The measurements that run inside a fresh Python process: `python benchmarks/probes.py NAME JSON`.

Each prints one JSON object. Running each in its own process keeps one measurement's imports,
caches and memory out of the next one's figures.
"""
from __future__ import annotations

import json
import resource
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

MB = 1024 * 1024
RUSAGE_KB = 1024 if sys.platform != "darwin" else 1  # ru_maxrss is in KB on Linux, in bytes on macOS


@dataclass(frozen=True)
class Clock:
    """Wall time and CPU time of this process and of its finished children (pool workers)."""

    wall: float
    cpu: float
    own_cpu: float  # this process alone: in a parallel ingest, the writer

    @classmethod
    def now(cls) -> Clock:
        own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        own_cpu = own.ru_utime + own.ru_stime
        return cls(time.perf_counter(), own_cpu + children.ru_utime + children.ru_stime, own_cpu)


def peaks_mb(workers: int) -> dict:
    """Peak RSS of this process, of its largest child, and a bound on their sum (main + workers × largest)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * RUSAGE_KB / MB
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * RUSAGE_KB / MB if workers > 1 else 0
    return {"peak_mb": own + workers * child, "peak_main_mb": own, "peak_worker_mb": child}


def ingest(corpus: str, db: str, workers: int) -> dict:
    """One ingest of a folder into a fresh knowledge base, as `api.ingest` does it: the files, then the checks
    over the whole knowledge base, whose stored findings `api.check` reads (no reports or search index)."""
    from govdoc.api import ingest as run_ingest

    marks: list[Clock] = []
    start = Clock.now()
    results = run_ingest([corpus], db, on_file=lambda result: marks.append(Clock.now()), workers=workers)
    end = Clock.now()
    sizes = [Path(r.path).stat().st_size for r in results]
    return {"wall": end.wall - start.wall, "cpu": end.cpu - start.cpu, "main_cpu": end.own_cpu - start.own_cpu,
            **peaks_mb(workers), "files": len(results), "ingested": sum(r.status == "ingested" for r in results),
            "documents": sum(len(r.documents) for r in results), "bytes": sum(sizes),
            "warm_bytes": sum(sizes[1:]), "warm_cpu": end.cpu - marks[0].cpu}


def _timed(query: Callable[[], list], repeat: int) -> tuple[float, list]:
    """Median milliseconds of `repeat` calls after one warm-up call (page cache, lazy imports), and the rows."""
    rows = query()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        rows = query()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, rows


def _statements(query: Callable[[], list]) -> list[tuple[str, tuple]]:
    """The SELECT statements a query runs on the knowledge base, caught by tracing store.open_db's databases."""
    import sqlite_utils

    from govdoc.pipeline import store

    statements: list[tuple[str, tuple]] = []
    real_open = store.open_db

    def traced(path: str) -> sqlite_utils.Database:
        return sqlite_utils.Database(real_open(path).conn, tracer=lambda sql, params: statements.append((sql, params or ())))

    store.open_db = traced
    try:
        query()
    finally:
        store.open_db = real_open
    return [(sql, params) for sql, params in statements
            if sql.lstrip().lower().startswith("select") and "sqlite_master" not in sql]


def _full_scans(db: sqlite3.Connection, statements: list[tuple[str, tuple]]) -> list[str]:
    """EXPLAIN QUERY PLAN lines that read a whole table without an index, each with its statement."""
    return [f"{row[-1]}  ← {' '.join(sql.split())[:90]}" for sql, params in statements
            for row in db.execute("explain query plan " + sql, params)
            if row[-1].startswith("SCAN") and " USING " not in row[-1]]


def _sql_ms(db: sqlite3.Connection, statements: list[tuple[str, tuple]]) -> float:
    """Milliseconds SQLite alone takes for the statements, rows fetched as tuples: the floor of the API's latency."""
    return _timed(lambda: [db.execute(sql, params).fetchall() for sql, params in statements], 5)[0]


def queries(db: str, unit: str) -> dict:
    """Latency of the listed queries on one knowledge base, SQLite's share of it, and any full table scans.

    The region asked for is the one with the most targets, so that the query returns rows.
    """
    from functools import partial

    from govdoc import api

    conn = sqlite3.connect(db)
    region = conn.execute("select region from targets where region is not null group by region "
                          "order by count(*) desc limit 1").fetchone()[0]
    result: dict = {"region": region, "full_scans": []}
    for name, query in {"tasks": partial(api.tasks, db_path=db, unit=unit),
                        "targets": partial(api.targets, db_path=db, region=region)}.items():
        statements = _statements(query)
        ms, rows = _timed(query, 5)
        result |= {f"{name}_ms": ms, f"{name}_sql_ms": _sql_ms(conn, statements), f"{name}_rows": len(rows)}
        result["full_scans"] += _full_scans(conn, statements)
    check_ms, findings = _timed(partial(api.check, db), 5)  # the stored findings, as every ingest leaves them
    return result | {"check_ms": check_ms, "check_findings": len(findings),
                     "check_targets": conn.execute("select count(*) from targets").fetchone()[0]}


def pdf(pdfs: list[tuple[str, int | None]]) -> dict:
    """Pages per second of each PDF by govdoc, pdfplumber and PDFium, given with the tables drawn on it."""
    from pdfs import measure

    return {"pdfs": [measure(Path(path), drawn) for path, drawn in pdfs]}


PROBES = {"ingest": ingest, "queries": queries, "pdf": pdf}

if __name__ == "__main__":
    print(json.dumps(PROBES[sys.argv[1]](**json.loads(sys.argv[2])), ensure_ascii=False))
