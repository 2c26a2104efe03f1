"""govdoc's performance benchmark (issue 7): `.venv/bin/python benchmarks/run.py`.

Prints one JSON object per figure as it is measured, then a table of every figure beside its
target: met, or missed by how much. Everything runs in fresh processes on copies in a
temporary folder; the repository's corpus/ and outputs/ are only read.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Generator, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent / "corpus"
GOVDOC = Path(sys.executable).with_name("govdoc")
WORKERS = 2  # the targets are set for two cores
SMALL, LARGE = 10, 100  # the scaled corpora: copies of the bundled texts
COMPARED_TABLES = ("documents", "tasks", "targets")
UNIT = "县商务局"  # a department every copy of the 凤凰 and 泸溪 plans names
MB = 1024 * 1024


@dataclass
class Figure:
    """One measured figure and its target; `better` says which way the target points."""

    measure: str
    value: float
    unit: str
    target: float | None = None
    better: str = "lower"  # lower | higher | equal
    note: str = ""
    raw: dict = field(default_factory=dict)

    @property
    def met(self) -> bool | None:
        if self.target is None:
            return None
        return {"lower": self.value <= self.target, "higher": self.value >= self.target,
                "equal": self.value == self.target}[self.better]

    def verdict(self) -> str:
        """'met', or by how much it is missed, in the figure's unit and as a factor of the target."""
        if self.met is None:
            return "(no target)"
        if self.met:
            return "met"
        factor = f" ({self.value / self.target:.2f}× the target)" if self.target else ""
        return f"missed by {abs(self.value - self.target):.3g} {self.unit}{factor}"

    def target_text(self) -> str:
        sign = {"lower": "≤", "higher": "≥", "equal": "="}[self.better]
        return "" if self.target is None else f"{sign} {self.target:.3g} {self.unit}"


@dataclass(frozen=True)
class Spawned:
    """A finished child process: wall and CPU time (its reaped children included), peak RSS, output."""

    wall: float
    cpu: float
    peak_mb: float
    stdout: str

    def usage(self) -> dict:
        return {"wall": self.wall, "cpu": self.cpu, "peak_mb": self.peak_mb}


def spawn(command: list[str], cwd: Path) -> Spawned:
    """Run a command to its end, measured from outside: start-up is part of its wall time."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0), err.seek(0)
        if proc.returncode:
            raise RuntimeError(f"{' '.join(command)} failed ({proc.returncode}): {err.read().decode()[-2000:]}")
        rss_unit = 1024 if sys.platform != "darwin" else 1
        return Spawned(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * rss_unit / MB, out.read().decode())


def probe(name: str, cwd: Path, **args: object) -> dict:
    """Run one of probes.py's measurements in a fresh interpreter and return what it reports."""
    done = spawn([sys.executable, str(HERE / "probes.py"), name, json.dumps(args, ensure_ascii=False)], cwd)
    return json.loads(done.stdout.splitlines()[-1])


# --- (a) govdoc run on the bundled corpus --------------------------------------------------------


def _govdoc_run(corpus: Path, tmp: Path) -> tuple[Spawned, int]:
    """`govdoc run` as a user types it (reports land in tmp/outputs), and how many files it ingested."""
    done = spawn([str(GOVDOC), "run", str(corpus), "--db", str(tmp / "bundled.sqlite")], tmp)
    return done, int(re.search(r"ingested (\d+)", done.stdout).group(1))


def bundled_run(tmp: Path) -> Iterator[Figure]:
    """First run, unchanged re-run and one-file-changed re-run of `govdoc run` on a copy of corpus/."""
    corpus = shutil.copytree(CORPUS, tmp / "corpus")
    first, files = _govdoc_run(corpus, tmp)
    yield Figure("govdoc run, bundled corpus, first run (wall)", first.wall, "s", 10,
                 note=f"CPU {first.cpu:.1f} s, peak RSS {first.peak_mb:.0f} MB, {files} files", raw=first.usage())
    again, ingested = _govdoc_run(corpus, tmp)
    yield Figure("govdoc run, unchanged re-run (wall)", again.wall, "s", round(first.wall / 10, 2),
                 note=f"{ingested} files ingested; target 10% of the first run", raw=again.usage())
    changed = corpus / "fenghuang-liuzhang-2023-report.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n（基准测试改动）\n", encoding="utf-8")
    one, ingested = _govdoc_run(corpus, tmp)
    yield Figure("govdoc run, one file changed: files re-ingested", ingested, "files", 1, "equal",
                 note=f"wall {one.wall:.1f} s", raw=one.usage())


# --- (b) ingest of the scaled corpora -------------------------------------------------------------


def _rows(db: Path, table: str) -> set[tuple]:
    """Every row of a table, as a set: the two runs need not insert in the same order."""
    with sqlite3.connect(db) as conn:
        return set(conn.execute(f"select * from {table}"))


def _differing_rows(a: Path, b: Path) -> int:
    """Rows of the compared tables that are in one knowledge base and not the other."""
    return sum(len(_rows(a, table) ^ _rows(b, table)) for table in COMPARED_TABLES)


def _ingest(tmp: Path, scale: int, workers: int) -> dict:
    """Ingest the scaled corpus into a knowledge base of its own, in a fresh process."""
    return probe("ingest", tmp, corpus=str(tmp / f"x{scale}"), db=str(tmp / f"x{scale}-w{workers}.sqlite"),
                 workers=workers)


def _summary(result: dict) -> str:
    """An ingest's CPU time, memory and size, for the notes column."""
    return (f"CPU {result['cpu']:.1f} s, peak {result['peak_mb']:.0f} MB, {result['files']} files, "
            f"{result['bytes'] / MB:.1f} MB, {result['documents']} documents")


def _at_small_scale(tmp: Path) -> Generator[Figure, None, dict]:
    """SMALL× serially, then in parallel: throughput per core, speed-up, identical rows. Returns the parallel run."""
    serial = _ingest(tmp, SMALL, 1)
    yield Figure(f"ingest {SMALL}×, 1 process (wall)", serial["wall"], "s", note=_summary(serial), raw=serial)
    yield Figure("text pipeline after start-up, per core", serial["warm_bytes"] / MB / serial["warm_cpu"], "MB/s", 1,
                 "higher", note=f"{SMALL}× serial ingest, first file (start-up) left out", raw=serial)
    parallel = _ingest(tmp, SMALL, WORKERS)
    yield Figure(f"ingest {SMALL}×, {WORKERS} workers (wall)", parallel["wall"], "s", note=_summary(parallel), raw=parallel)
    yield Figure(f"parallel speed-up, {SMALL}×, {WORKERS} workers", serial["wall"] / parallel["wall"], "×", 1.7, "higher",
                 note=f"the writer (main process) used {parallel['main_cpu']:.1f} of {parallel['cpu']:.1f} CPU s")
    yield Figure("rows differing, parallel vs serial", _differing_rows(tmp / f"x{SMALL}-w1.sqlite", tmp / f"x{SMALL}-w{WORKERS}.sqlite"),
                 "rows", 0, "equal", note=" + ".join(COMPARED_TABLES))
    return parallel


def scaled_ingest(tmp: Path) -> Iterator[Figure]:
    """10× and 100× the bundled texts: throughput, speed-up, identity, then scaling and memory at 100×."""
    from scaled import write_scaled

    for scale in (SMALL, LARGE):
        list(write_scaled(sorted(CORPUS.glob("*.txt")), scale, tmp / f"x{scale}"))
    small = yield from _at_small_scale(tmp)
    large = _ingest(tmp, LARGE, WORKERS)
    yield Figure(f"ingest {LARGE}×, {WORKERS} workers (wall)", large["wall"], "s", note=_summary(large), raw=large)
    per_doc = [run["wall"] / run["documents"] * 1000 for run in (large, small)]
    yield Figure(f"cost per document, {LARGE}× / {SMALL}×", per_doc[0] / per_doc[1], "×", 1.2,
                 note=f"{per_doc[0]:.0f} vs {per_doc[1]:.0f} ms wall per document, {WORKERS} workers each")
    yield Figure(f"peak memory, ingest {LARGE}×", large["peak_mb"], "MB", 1024,
                 note=f"main {large['peak_main_mb']:.0f} MB + {WORKERS} × largest worker {large['peak_worker_mb']:.0f} MB")


# --- (c) PDF reading ----------------------------------------------------------------------------


def pdf_speed(tmp: Path) -> Iterator[Figure]:
    """govdoc's PDF pages/s against pdfplumber's extract_text on the real and on generated PDFs."""
    from pdfs import write_pdf

    lines = [line.strip() for line in (CORPUS / "luxi-gazette-2023-no2.txt").read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line][:420]
    generated = [write_pdf(tmp / f"generated-{kind}.pdf", lines, kind == "ruled") for kind in ("text", "ruled")]
    inputs = [(str(p), None) for p in sorted((CORPUS / "pdf").glob("*.pdf"))] + [(str(g.path), g.tables) for g in generated]
    for result in probe("pdf", tmp, pdfs=inputs)["pdfs"]:
        ratio = result["govdoc_pages_s"] / result["pdfplumber_pages_s"]
        ruled = bool(result["tables_found"] or result["tables_drawn"])
        yield Figure(f"PDF {result['pdf']} ({result['pages']} p., {'ruled tables' if ruled else 'text'}): "
                     f"govdoc / pdfplumber", ratio, "×", None if ruled else 6, "higher",
                     note=f"govdoc {result['govdoc_pages_s']:.0f}, pdfplumber {result['pdfplumber_pages_s']:.0f}, "
                          f"pypdfium2 {result['pdfium_pages_s']:.0f} pages/CPU-s", raw=result)
        if ruled:
            drawn = result["tables_drawn"]
            yield Figure(f"PDF {result['pdf']}: tables found", result["tables_found"], "tables", drawn, "equal",
                         note="tables drawn unknown (real PDF)" if drawn is None else "")


# --- (d) queries on the 100× knowledge base ------------------------------------------------------


def query_latency(tmp: Path) -> Iterator[Figure]:
    """The listed queries on the LARGE× knowledge base, and any full table scans in their plans."""
    result = probe("queries", tmp, db=str(tmp / f"x{LARGE}-w{WORKERS}.sqlite"), unit=UNIT)
    for name, call in (("tasks", f"api.tasks(unit={UNIT})"), ("targets", f"api.targets(region={result['region']})")):
        yield Figure(f"{call} at {LARGE}×", result[f"{name}_ms"], "ms", 50,
                     note=f"{result[f'{name}_rows']} rows; SQLite alone {result[f'{name}_sql_ms']:.0f} ms")
    yield Figure(f"api.check() at {LARGE}×", result["check_ms"], "ms", 50,
                 note=f"{result['check_findings']} findings from {result['check_targets']} targets")
    yield Figure("full table scans in tasks/targets plans", len(result["full_scans"]), "scans", 0, "equal",
                 note="; ".join(result["full_scans"]), raw=result)


# --- output ---------------------------------------------------------------------------------------


def table(figures: list[Figure]) -> str:
    """The figures as an aligned text table: measure, figure, target, verdict, notes."""
    rows = [("measure", "figure", "target", "verdict", "notes")]
    rows += [(f.measure, f"{f.value:.3g} {f.unit}", f.target_text(), f.verdict(), f.note) for f in figures]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    return "\n".join("  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[4] for row in rows)


def emit(figure: Figure, figures: list[Figure]) -> None:
    """Print a figure as one JSON line the moment it is measured, and keep it for the table."""
    print(json.dumps({**asdict(figure), "met": figure.met, "verdict": figure.verdict()}, ensure_ascii=False), flush=True)
    figures.append(figure)


def main() -> None:
    """Measure everything, one JSON line per figure, then the table."""
    figures: list[Figure] = []
    started, load = time.perf_counter(), os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="govdoc-bench-") as name:
        for step in (bundled_run, pdf_speed, scaled_ingest, query_latency):
            for figure in step(Path(name)):
                emit(figure, figures)
    emit(Figure("the benchmark itself (wall)", time.perf_counter() - started, "s", 300), figures)
    print(f"\ngovdoc benchmark on {os.cpu_count()} cores (nproc); load average {load:.1f} at the start, "
          f"{os.getloadavg()[0]:.1f} at the end (other processes slow every wall time down)\n")
    print(table(figures))


if __name__ == "__main__":
    main()
