"""The library API that the CLI (and tests) call: ingest, run and query the knowledge base."""
from __future__ import annotations

from pathlib import Path

from govdoc.pipeline import store
from govdoc.pipeline.run import FileResult, ingest, summarise

DEFAULT_DB = "outputs/kb.sqlite"
DEFAULT_CORPUS = "corpus"

__all__ = ["DEFAULT_DB", "DEFAULT_CORPUS", "FileResult", "ingest", "summarise", "documents", "run", "tasks", "units", "targets"]


def documents(db_path: str = DEFAULT_DB, region: str | None = None, doc_type: str | None = None) -> list[dict]:
    """One row per document (parts included), in source order."""
    db = store.open_db(db_path)
    where, params = ["1=1"], []
    if region:
        where.append("region = ?")
        params.append(region)
    if doc_type:
        where.append("doc_type = ?")
        params.append(doc_type)
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
    sql = "select unit_id from units where (name in ({}) or '；' || aliases || '；' like ?)".format(
        ",".join("?" * len(candidates)))
    params: list = [*candidates, f"%；{name}；%"]
    if region:
        sql += " and region = ?"
        params.append(region)
    return [r["unit_id"] for r in db.query(sql, params)]


def tasks(db_path: str = DEFAULT_DB, unit: str | None = None, region: str | None = None, role: str = "any",
          doc_id: str | None = None) -> list[dict]:
    """Tasks with their lead and support units; filter by a unit (any alias), region, role or document."""
    db = store.open_db(db_path)
    where, params = ["1=1"], []
    if unit:
        ids = _unit_ids(db, unit, region)
        roles = ["lead", "support"] if role == "any" else [role]
        where.append("t.task_id in (select task_id from task_units where unit_id in ({}) and role in ({}))".format(
            ",".join("?" * len(ids)) or "null", ",".join("?" * len(roles))))
        params += ids + roles
    if region:
        where.append("t.region = ?")
        params.append(region)
    if doc_id:
        where.append("(t.doc_id = ? or d.parent_id = ?)")
        params += [doc_id, doc_id]
    sql = f"""select t.*, coalesce(d.doc_number, p.doc_number) as doc_number from tasks t
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
    where, params = ["1=1"], []
    if region:
        where.append("t.region = ?")
        params.append(region)
    if indicator:
        names = catalogue().aliases.get(indicator, (indicator,))
        where.append(f"t.indicator in ({','.join('?' * len(names))})")
        params += list(names)
    if doc_id:
        where.append("(t.doc_id = ? or d.parent_id = ?)")
        params += [doc_id, doc_id]
    sql = f"""select t.*, coalesce(d.doc_number, p.doc_number) as doc_number from targets t
              join documents d on d.doc_id = t.doc_id left join documents p on p.doc_id = d.parent_id
              where {' and '.join(where)} order by t.source, t.char_start"""
    return list(db.query(sql, params))


def run(paths: list[str] | None = None, db_path: str = DEFAULT_DB, on_file=None) -> dict:
    """The main job: ingest the corpus (the bundled one by default) and summarise."""
    results = ingest(paths or [DEFAULT_CORPUS], db_path, on_file)
    return summarise(results)
