"""The library API that the CLI (and tests) call: ingest, run and query the knowledge base."""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

from govdoc.pipeline import store
from govdoc.pipeline.run import FileResult, summarise
from govdoc.pipeline.run import ingest as ingest_files

DEFAULT_DB = "outputs/kb.sqlite"
DEFAULT_CORPUS = "corpus"

__all__ = ["DEFAULT_DB", "DEFAULT_CORPUS", "FileResult", "ingest", "summarise", "documents", "run", "tasks",
           "units", "targets", "recheck", "check", "report", "progress", "totals"]


def _equal(prefix: str = "", **filters: str | None) -> tuple[list[str], list]:
    """`where` clauses and parameters for the filters given a value: column = value each."""
    given = {column: value for column, value in filters.items() if value}
    return ["1=1"] + [f"{prefix}{column} = ?" for column in given], list(given.values())


def documents(db_path: str = DEFAULT_DB, region: str | None = None, doc_type: str | None = None) -> list[dict]:
    """One row per document (parts included), in source order."""
    db = store.open_db(db_path)
    where, params = _equal(region=region, doc_type=doc_type)
    sql = f"""select doc_id, source, doc_number, title, issuers as issuer, issue_date, doc_type, region, level,
                     start_line, end_line, page_start, page_end, parent_id, part_label, title_printed
              from documents where {' and '.join(where)} order by source, char_start, parent_id is not null"""
    return list(db.query(sql, params))


def _unit_ids(db, name: str, region: str | None) -> list[str]:
    """Units matching a name as any alias (县市场监督管理局 finds 县市场监管局), optionally in one region."""
    from govdoc.extractors.regions import region_index
    from govdoc.extractors.units import resolve

    candidates = {name}
    if region and (found := region_index().get(region)):
        unit = resolve(name, found)
        candidates.add(unit.name if unit else name)
    sql = "select distinct a.unit_id from unit_aliases a join units u using (unit_id) where a.alias in ({})".format(
        ",".join("?" * len(candidates)))
    params: list = list(candidates)
    if region:
        sql += " and u.region = ?"
        params.append(region)
    return [r["unit_id"] for r in db.query(sql, params)]


def tasks(db_path: str = DEFAULT_DB, unit: str | None = None, region: str | None = None, role: str = "any",
          doc_id: str | None = None) -> list[dict]:
    """Tasks with their lead and support units; filter by a unit (any alias), region, role or document."""
    db = store.open_db(db_path)
    where, params = _equal("t.", region=region)
    if unit:
        ids = _unit_ids(db, unit, region)
        roles = ["lead", "support"] if role == "any" else [role]
        where.append("t.task_id in (select task_id from task_units where unit_id in ({}) and role in ({}))".format(
            ",".join("?" * len(ids)) or "null", ",".join("?" * len(roles))))
        params += ids + roles
    return _with_doc_numbers(db, "tasks", where, params, doc_id)


def _with_doc_numbers(db, table: str, where: list[str], params: list, doc_id: str | None) -> list[dict]:
    """Rows of a record table with their document's 文号 (a part's is its parent's), in source order."""
    if doc_id:
        where.append("(t.doc_id = ? or d.parent_id = ?)")
        params += [doc_id, doc_id]
    sql = f"""select t.*, coalesce(d.doc_number, p.doc_number) as doc_number from {table} t
              join documents d on d.doc_id = t.doc_id left join documents p on p.doc_id = d.parent_id
              where {' and '.join(where)} order by t.source, t.char_start"""
    return list(db.query(sql, params))


def units(db_path: str = DEFAULT_DB, region: str | None = None) -> list[dict]:
    """Canonical units with their aliases and how many tasks each leads and supports."""
    db = store.open_db(db_path)
    sql = """select u.*, sum(tu.role = 'lead') as lead_tasks, sum(tu.role = 'support') as support_tasks
             from units u left join task_units tu using (unit_id)
             where (? is null or u.region = ?) group by u.unit_id order by lead_tasks desc, support_tasks desc"""
    return list(db.query(sql, [region, region]))


def targets(db_path: str = DEFAULT_DB, region: str | None = None, indicator: str | None = None,
            doc_id: str | None = None) -> list[dict]:
    """Numeric targets; --indicator takes any alias (社零 finds 社会消费品零售总额)."""
    from govdoc.extractors.indicators import catalogue

    db = store.open_db(db_path)
    where, params = _equal("t.", region=region)
    if indicator:
        names = catalogue().aliases.get(indicator, (indicator,))
        where.append(f"t.indicator in ({','.join('?' * len(names))})")
        params += list(names)
    return _with_doc_numbers(db, "targets", where, params, doc_id)


TARGETS_WITH_DOCS = """
    select t.*, d.region as doc_region, d.level as doc_level, d.parent_id is not null as in_part,
           case when p.doc_type = '专报' or d.doc_type is null or d.doc_type = '表格' then p.doc_type
                else d.doc_type end as doc_type
    from targets t join documents d on d.doc_id = t.doc_id left join documents p on p.doc_id = d.parent_id
    order by t.source, t.char_start"""


def ingest(paths: list[str], db_path: str, on_file: Callable[[FileResult], None] | None = None,
           workers: int = 1) -> list[FileResult]:
    """Ingest files and folders (`pipeline.run.ingest`); when any file changed the knowledge base, re-run
    the checks, so that the findings `check` and `report` read are never stale."""
    results = ingest_files(paths, db_path, on_file, workers)
    if any(r.status == "ingested" for r in results):
        recheck(db_path)
    return results


def recheck(db_path: str = DEFAULT_DB) -> int:
    """Run the consistency checks over the whole knowledge base and store the findings; returns how many.

    Findings derive from the whole knowledge base, so each run replaces them all; it grows with the size
    of the knowledge base, which is why queries read the stored findings rather than running it."""
    from govdoc.check import Checker, as_row

    with store.open_db(db_path) as db:
        progress = list(db.query(
            "select p.*, d.region as doc_region from progress p join documents d using (doc_id)"))
        summaries = list(db.query(
            "select s.*, d.region as doc_region from summaries s join documents d using (doc_id)"))
        findings = [as_row(f) for f in Checker(list(db.query(TARGETS_WITH_DOCS)), progress, summaries).run()]
        store.replace_findings(db, findings)
    return len(findings)


def check(db_path: str = DEFAULT_DB, upper: str | None = None, lower: str | None = None,
          indicator: str | None = None, verdict: str | None = None) -> list[dict]:
    """The findings asked for, as the last ingest's checks stored them, in the order the checks made them.

    `lower` is the region checked or the county whose plan answers for it (a park's county)."""
    db = store.open_db(db_path)
    where, params = _equal(upper_region=upper, indicator=indicator, verdict=verdict)
    if lower:
        where.append("(lower_region = ? or plan_region = ?)")
        params += [lower, lower]
    rows = list(db.query(f"select * from findings where {' and '.join(where)} order by rowid", params))
    for row in rows:
        row["implicit"] = bool(row["implicit"])  # SQLite stores a bool as 0 or 1
    return rows


def plan_regions(db_path: str = DEFAULT_DB) -> list[str]:
    """Regions with plan documents of their own: the ones a consistency report is written for."""
    from govdoc.extractors.metadata import PLAN_TYPES

    db = store.open_db(db_path)
    rows = db.query(f"select distinct region from documents where level = 'county' and doc_type in "
                    f"({','.join('?' * len(PLAN_TYPES))}) order by region", sorted(PLAN_TYPES))
    return [r["region"] for r in rows]


def report(db_path: str = DEFAULT_DB, lower: str | None = None, out_dir: str = "outputs/reports") -> list[Path]:
    """Write the 一致性核查报告 (Markdown per county, HTML, xlsx) for one county or every county."""
    from govdoc import report as reporting

    findings = check(db_path)
    regions = [lower] if lower else [r for r in plan_regions(db_path) if any(f["plan_region"] == r for f in findings)]
    return reporting.write(store.open_db(db_path), findings, regions, out_dir)


def progress(db_path: str = DEFAULT_DB, region: str | None = None, status: str | None = None,
             indicator: str | None = None) -> list[dict]:
    """What the 专报 say of each indicator: figures so far, completion rate and status."""
    db = store.open_db(db_path)
    where, params = _equal(region=region, status=status, indicator=indicator)
    return list(db.query(f"select * from progress where {' and '.join(where)} order by source, char_start", params))


def totals(db_path: str = DEFAULT_DB) -> dict[str, int]:
    """How many records of each kind the knowledge base holds."""
    db = store.open_db(db_path)
    return {table: db[table].count for table in ("documents", "tasks", "targets", "progress", "findings")}


def run(paths: list[str] | None = None, db_path: str = DEFAULT_DB, on_file=None, workers: int = 1) -> dict:
    """The main job: ingest the corpus (the bundled one by default), check, report, index and summarise.

    Checks, reports and the search index derive from the whole knowledge base, so when no file changed
    (and a run has completed before) they are left as they are: a re-run costs little more than hashing.
    """
    results = ingest(paths or [DEFAULT_CORPUS], db_path, on_file, workers)
    summary = summarise(results)
    db = store.open_db(db_path)
    summary["reports"] = []
    if summary["ingested"] or "search" not in db.table_names():
        from govdoc.pipeline import search_index  # lazy: jieba costs 0.2-0.3 s to import, a re-run's worth

        summary["reports"] = [str(p) for p in report(db_path)]
        search_index.build_search_index(db, workers)
    verdicts = Counter(r["verdict"] for r in db.query("select verdict from findings order by rowid"))
    summary["verdicts"] = dict(verdicts.most_common())
    return summary
