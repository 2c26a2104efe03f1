"""`govdoc serve`: Chinese full-text search, the Datasette pages, and a real browser clicking through them."""
from __future__ import annotations

import asyncio
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner

from govdoc.cli import cli
from govdoc.pipeline.search_index import build_search_index, segmenter
from govdoc.serve import make_datasette, metadata, passage_lines
from tests.conftest import ROOT

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
SCREENSHOTS = ROOT / "outputs" / "screenshots"


@pytest.fixture(scope="module")
def kb(seed_kb: str, tmp_path_factory) -> str:
    """The seed knowledge base with its search index (a copy: other tests share seed_kb)."""
    path = tmp_path_factory.mktemp("serve") / "kb.sqlite"
    shutil.copy(seed_kb, path)
    build_search_index(sqlite_utils.Database(path))
    return str(path)


def found_tasks(db: sqlite_utils.Database, term: str) -> set[str]:
    sql = """select s.ref_id from search_fts join search s on s.rowid = search_fts.rowid
             where search_fts match ? and s.kind = '任务'"""
    return {r["ref_id"] for r in db.query(sql, [segmenter(db).fts_query(term)])}


def tasks_containing(db: sqlite_utils.Database, term: str) -> set[str]:
    return {r["task_id"] for r in db.query("select task_id, text from tasks") if term in re.sub(r"\s", "", r["text"])}


@pytest.mark.parametrize("term", ["停车场", "县商务局", "县市场监管局", "交通运输局", "发改局"])
def test_search_finds_exactly_the_tasks_that_contain_a_word(kb: str, term: str) -> None:
    db = sqlite_utils.Database(kb)
    expected = tasks_containing(db, term)
    assert expected, term
    assert found_tasks(db, term) == expected


def test_a_two_character_word_is_found_inside_longer_words(kb: str) -> None:
    db = sqlite_utils.Database(kb)
    assert found_tasks(db, "停车") >= found_tasks(db, "停车场") != set()


def test_department_names_stay_whole_words(kb: str) -> None:
    """Plain jieba cuts 县发改局 into 县发|改局; with the knowledge base's units it is one word."""
    seg = segmenter(sqlite_utils.Database(kb))
    assert seg.query_words("县发改局牵头") == ["县发改局", "牵头"]
    assert {"县发改局", "发改局"} <= set(seg.index_text("由县发改局牵头").split())
    assert seg.fts_query("县商务局 停车场") == '"县商务局" AND "停车场"'
    assert seg.fts_query("  ，") == '""'


def test_passage_lines_cut_the_span_out_of_each_line() -> None:
    text = "第一行\n第二行开始\n第三行\n第四行"
    start, end = text.index("开始"), text.index("三") + 1
    lines = passage_lines(text, start, end, context=1)
    assert [(l.no, l.before, l.marked, l.after) for l in lines] == [
        (1, "第一行", "", ""), (2, "第二行", "开始", ""), (3, "", "第三", "行"), (4, "", "", "第四行")]


def get(ds, path: str) -> str:
    response = asyncio.run(ds.client.get(path))
    assert response.status_code == 200, (path, response.status_code)
    return response.text


def test_pages_search_segment_the_term_and_link_to_passages(kb: str) -> None:
    ds = make_datasette(kb)
    canned = get(ds, "/kb/search_all?q=停车场&region=凤凰县")
    assert "<mark>停车场</mark>" in canned and "/-/passage?source=" in canned
    table = get(ds, "/kb/search?_search=停车场")  # the table page's own search box segments too
    assert re.search(r"(\d+) rows? where search matches", table).group(1) == \
        re.search(r"returning (\d+) rows", get(ds, "/kb/search_all?q=停车场")).group(1)


def test_table_pages_link_ids_passages_and_departments(kb: str) -> None:
    page = get(make_datasette(kb), "/kb/tasks?region=凤凰县&lead_units=县商务局")
    assert "{&#39;value&#39;" not in page  # doc_id stays Datasette's own foreign-key link
    assert "/-/passage?source=" in page and "/kb/unit_tasks?dept=%E5%8E%BF%E5%95%86%E5%8A%A1%E5%B1%80" in page


def test_responsibility_list_takes_any_alias(kb: str) -> None:
    ds = make_datasette(kb)
    by_alias = get(ds, "/kb/unit_tasks.json?dept=县市场监督管理局&region=凤凰县&_shape=array")
    by_name = get(ds, "/kb/unit_tasks.json?dept=县市场监管局&region=凤凰县&_shape=array")
    assert by_alias == by_name and "fenghuang" in by_name


def test_queries_are_offered_only_for_tables_present(kb: str, tmp_path: Path) -> None:
    path = tmp_path / "kb.sqlite"
    shutil.copy(kb, path)
    db = sqlite_utils.Database(path)
    db["findings"].create({"finding_id": str, "lower_region": str}, pk="finding_id", if_not_exists=True)
    db["progress"].drop(ignore=True)
    queries = metadata(db, "kb")["databases"]["kb"]["queries"]
    assert {"search_all", "unit_tasks", "target_gaps"} <= set(queries) and "progress_behind" not in queries


def test_passage_page_marks_the_task(kb: str) -> None:
    ds = make_datasette(kb)
    task = next(sqlite_utils.Database(kb).query("select * from tasks where text like '%县商务局牵头%' limit 1"))
    page = get(ds, f"/-/passage?source={task['source']}&start={task['char_start']}&end={task['char_end']}")
    assert f"<strong>{task['line']}</strong>" in page and "<mark>" in page
    assert asyncio.run(ds.client.get("/-/passage?source=nowhere.txt&line=1")).status_code == 404


def test_serve_refuses_a_missing_knowledge_base(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "none.sqlite")])
    assert result.exit_code != 0 and "govdoc run" in result.output


# --- a real browser -------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(kb: str, tmp_path: Path):
    """`govdoc serve` in a subprocess; yields its base URL."""
    port, log = free_port(), (tmp_path / "serve.log").open("w+")
    proc = subprocess.Popen([sys.executable, "-c", "from govdoc.cli import main; main()", "serve", "--db", kb,
                             "--port", str(port)], stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
    try:
        deadline = time.monotonic() + 60
        while socket.socket().connect_ex(("127.0.0.1", port)) and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
        log.seek(0)
        assert proc.poll() is None, f"govdoc serve exited: {log.read()}"
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture
def browser(tmp_path: Path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,900",
                 f"--user-data-dir={tmp_path / 'chromium-profile'}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.implicitly_wait(30)  # the first search loads jieba's dictionary
    yield driver
    driver.quit()


@pytest.mark.skipif(not CHROMIUM.exists(), reason="chromium is not installed: apt-get install chromium chromium-driver")
def _navigate(browser, element) -> None:
    """Click a link or button and wait for the next page: reading the old page meanwhile gives stale elements."""
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    element.click()
    WebDriverWait(browser, 20).until(expected_conditions.staleness_of(element))
    WebDriverWait(browser, 20).until(lambda b: b.execute_script("return document.readyState") == "complete")


def test_browser_search_a_department_open_a_task_and_its_passage(kb: str, server: str, browser) -> None:
    from selenium.webdriver.common.by import By

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser.get(server)
    _navigate(browser, browser.find_element(By.LINK_TEXT, "全文检索"))
    browser.find_element(By.NAME, "q").send_keys("县商务局")
    browser.find_element(By.NAME, "region").send_keys("凤凰县")
    _navigate(browser, browser.find_element(By.CSS_SELECTOR, "form input[type=submit]"))
    assert "搜索词" in browser.find_element(By.CSS_SELECTOR, "label[for=qp1]").text
    browser.save_screenshot(str(SCREENSHOTS / "1-search.png"))

    task_link = browser.find_element(By.XPATH, "//tr[td[1][normalize-space()='任务']]//td[contains(@class,'col-ref_id')]//a")
    task_id = task_link.text
    _navigate(browser, task_link)
    assert task_id in browser.find_element(By.TAG_NAME, "h1").text
    browser.save_screenshot(str(SCREENSHOTS / "2-task.png"))

    _navigate(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "行"))
    marked = "".join(m.text for m in browser.find_elements(By.TAG_NAME, "mark"))
    db = sqlite_utils.Database(kb)
    task = db["tasks"].get(task_id)
    original = db["sources"].get(task["source_key"])["text"][task["char_start"]:task["char_end"]]
    assert re.sub(r"\s", "", marked) == re.sub(r"\s", "", original) and task["title"] in marked
    assert f"第 {task['line']} 行" in browser.find_element(By.CSS_SELECTOR, "p.where").text
    browser.save_screenshot(str(SCREENSHOTS / "3-passage.png"))

    browser.back()
    browser.execute_script("return document.readyState")
    lead = browser.find_element(By.CSS_SELECTOR, "td.col-lead_units a")
    _navigate(browser, lead)  # the lead unit's 责任清单
    assert browser.find_elements(By.XPATH, "//td[normalize-space()='牵头']")
    browser.save_screenshot(str(SCREENSHOTS / "4-responsibilities.png"))
