"""The explorer in a real headless Chromium (Debian's chromium, driven by
Playwright's Python API; nothing downloaded): what a researcher clicks, and
hostile scraped text that must show literally and never run.

The store holds the records of test_web_explorer, an article full of markup
and a javascript: url, and the bundled corpus extracted with --with-text. The
run takes the README's screenshots (explorer-*.png) into a temporary folder;
`make screenshots` (VNFACTS_SCREENSHOTS=docs) writes them into docs/, so that a
test run never changes a file of the checkout.

In CI (CI set) a missing chromium fails these tests; elsewhere it skips them."""
import contextlib
import csv
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import cli
from conftest import build_store, record, web_records

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
# Where the screenshots go: docs/ only when asked (make screenshots), else a temporary folder.
SCREENSHOTS = os.environ.get("VNFACTS_SCREENSHOTS")
HOSTILE_TITLE = "Tin <script>alert(1)</script> Đảng bộ <img src=x onerror=alert(1)>"
HOSTILE_TEXT = ("Đảng bộ xã <script>alert(1)</script> kết nạp 8 đảng viên mới trong quý III.\n"
                "Xem <img src=x onerror=alert(1)> và <a href=\"javascript:alert(1)\">liên kết</a> của Huyện ủy.")


def _chromium_or_skip() -> None:
    if os.path.exists(CHROMIUM):
        return
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but {CHROMIUM} is missing: .ci/run installs Debian's chromium before the tests")
    pytest.skip(f"no {CHROMIUM} (apt-get install chromium); CI never skips these")


def hostile_record():
    return record("xss-test", HOSTILE_TITLE, "2024-02-01", HOSTILE_TEXT, {
        "counts": [("kết nạp 8 đảng viên mới", {"value": 8, "category": "member", "unit": "đảng viên mới",
                                               "event": "admitted", "subject": "<b onmouseover=alert(1)>xã</b>"})],
        "entities": [("<script>alert(1)</script>", {"label": "ORG"})],
    }, place={"province": "Hà Giang"}, url="javascript:alert(1)")


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = Path(SCREENSHOTS) if SCREENSHOTS else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    _chromium_or_skip()
    folder = tmp_path_factory.mktemp("browser")
    corpus = folder / "corpus.jsonl"
    with contextlib.chdir(ROOT):  # doc_ids as make run gives them: corpus/articles/...
        assert cli.main(["extract", "corpus/articles", "-o", str(corpus), "--with-text", "-j", "1", "--quiet"]) == 0
    db = build_store(folder / "facts.duckdb", web_records() + [hostile_record()])
    assert cli.main(["load", str(corpus), "--db", str(db), "--quiet"]) == 0
    return db, [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def server(store):
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "serve", "--db", str(store[0]), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    line = proc.stdout.readline()
    found = re.search(r"http://127\.0\.0\.1:\d+/", line)
    assert found, line + proc.stderr.read() if proc.poll() is not None else line
    yield found.group(0).rstrip("/")
    proc.terminate()
    proc.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    _chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    tab = context.new_page()
    tab.dialogs = []
    tab.on("dialog", lambda d: (tab.dialogs.append(d.message), d.dismiss()))
    tab.base = server
    yield tab
    context.close()


def open_page(tab, path: str):
    response = tab.goto(tab.base + path)
    assert response.status == 200, path
    return response


def test_overview_shows_the_store_and_its_charts(page, store, shots):
    open_page(page, "/")
    assert page.locator("#n-articles").inner_text() == str(5 + len(web_records()) + 1)
    assert page.locator("#most-cited").get_by_text("09-NQ/TU").count() == 1
    for chart in ("admitted_per_year", "facts_by_province"):
        loaded = page.eval_on_selector(f"#chart-{chart}", "img => img.complete && img.naturalWidth > 100")
        assert loaded, chart
    page.screenshot(path=str(shots / "explorer-overview.png"))
    assert (shots / "explorer-overview.png").stat().st_size > 10_000


def test_a_facet_value_filters_the_rows_to_its_number(page):
    open_page(page, "/facts/counts")
    before = int(page.locator("#row-count").get_attribute("data-total"))
    value = page.locator("#facet-event a.facet-value", has_text="khiển trách")
    expected = int(value.get_attribute("data-count"))
    assert expected < before
    value.click()
    page.wait_for_url(re.compile(r"event=reprimanded"))
    assert int(page.locator("#row-count").get_attribute("data-total")) == expected
    assert page.locator("#fact-rows tbody tr").count() == expected


def test_an_article_has_one_mark_per_fact(page, store, shots):
    _, corpus = store
    # 003: counts and document numbers from its first lines on (the README's screenshot).
    article = next(r for r in corpus if "/003_" in r["doc_id"])
    assert article["counts"] and article["document_refs"]
    facts = {f"{kind}-{i}": f["text"] for kind in ("document_refs", "counts", "percentages", "entities")
             for i, f in enumerate(article[kind])}
    open_page(page, "/articles/" + article["doc_id"].replace("/", "%2F"))
    firsts = page.eval_on_selector_all("#article-text mark[id]", "ms => ms.map(m => m.id)")
    assert sorted(firsts) == sorted(facts)
    # A fact cut by another one's end goes on in a continuation mark: its pieces spell its text.
    spelled = page.eval_on_selector_all("#article-text mark[data-fact]", """ms => {
        const out = {}; for (const m of ms) out[m.dataset.fact] = (out[m.dataset.fact] || '') + m.textContent; return out; }""")
    assert spelled == facts
    # A fact's fields show on focus; the list below links to the mark.
    key = next(k for k in facts if k.startswith("counts-"))
    page.focus(f"#{key}")
    shown = page.eval_on_selector(f"#{key}", "m => getComputedStyle(m, '::after').content")
    assert f"value: {article['counts'][0]['value']}" in shown
    page.click(f'.fact-list a[href="#{key}"]')
    assert page.eval_on_selector(f"#{key}", "m => m.matches(':target')")
    open_page(page, "/articles/" + article["doc_id"].replace("/", "%2F"))
    page.focus("#counts-0")
    page.screenshot(path=str(shots / "explorer-article.png"))
    assert (shots / "explorer-article.png").stat().st_size > 10_000


def test_a_cited_document_page_lists_its_citing_article(page, store):
    _, corpus = store
    citing = next(r for r in corpus if any(d["code"] == "09-NQ/TU" for d in r["document_refs"]))
    open_page(page, "/documents/09-NQ%2FTU")
    assert page.locator("#doc-code").inner_text() == "09-NQ/TU"
    link = page.locator("#citing a", has_text=citing["title"][:40])
    assert link.count() == 1
    link.click()
    page.wait_for_url(re.compile(r"/articles/"))
    assert page.locator("#article-title").inner_text() == citing["title"]


def test_sql_runs_a_preset_and_refuses_a_write(page):
    open_page(page, "/sql")
    page.fill("#preset-most_cited input[name=limit]", "2")
    page.click("#preset-most_cited button")
    page.wait_for_url(re.compile(r"preset=most_cited"))
    assert page.locator("#result tbody tr").count() == 2
    page.fill("#sql", "DELETE FROM counts")
    page.click("#run-sql")
    page.wait_for_url(re.compile(r"sql=DELETE"))
    assert "DELETE statements are not allowed" in page.locator("#sql-error").inner_text()


def test_csv_download_holds_the_filtered_rows(page, tmp_path):
    open_page(page, "/facts/counts?event=admitted")
    total = int(page.locator("#row-count").get_attribute("data-total"))
    with page.expect_download() as download:
        page.click("#download-csv")
    path = tmp_path / "counts.csv"
    download.value.save_as(path)
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert len(rows) == total and {r["event"] for r in rows} == {"admitted"}


def test_labels_switch_between_vietnamese_and_english(page):
    open_page(page, "/facts/counts")
    assert page.locator("h1").inner_text() == "Số lượng"
    page.click("#lang-switch")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Counts"
    assert page.url.endswith("/facts/counts")
    page.click("#lang-switch")
    assert page.locator("h1").inner_text() == "Số lượng"


def test_hostile_text_shows_literally_and_nothing_runs(page):
    for path in ("/articles/xss-test", "/facts/counts?q=xa", "/facts/entities?label=ORG",
                 "/sql?sql=SELECT+title,+url,+text+FROM+documents+WHERE+doc_id+%3D+'xss-test'", "/"):
        open_page(page, path)
        page.mouse.move(300, 400)
        for mark in page.locator("mark").all()[:20]:
            mark.hover()
        assert page.locator("img[src=x]").count() == 0, path
        assert page.locator('a[href^="javascript:"]').count() == 0, path
        assert page.locator("script").count() == 0, path
    open_page(page, "/articles/xss-test")
    assert page.locator("#article-title").inner_text() == HOSTILE_TITLE
    assert page.locator("#article-text").inner_text() == HOSTILE_TEXT
    assert "javascript:alert(1)" in page.locator("#source").inner_text()
    page.locator("#source").click()
    page.focus("#counts-0")
    assert "<b onmouseover=alert(1)>" in page.eval_on_selector("#counts-0", "m => getComputedStyle(m, '::after').content")
    assert page.dialogs == []
