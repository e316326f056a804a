"""The web explorer in-process (Starlette's TestClient): facets, filters, search,
pagination, downloads, the article with its marks, cited documents, /sql, errors.

The store is built from records written in conftest.py (web_records): Vietnamese
sentences of other provinces, each fact's offsets computed from the text it sits in."""
import csv
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from pipeline.store import QueryError
from pipeline.web.app import create_app
from pipeline.web.collate import plain_form, sort_key
from pipeline.web.marks import Span, mark_pieces, sentences_text
from conftest import ROOT, PAD, TAM_HOP, build_store, web_records

@pytest.fixture(scope="module")
def client(tmp_path_factory):
    db = build_store(tmp_path_factory.mktemp("web") / "facts.duckdb", web_records())
    with TestClient(create_app(db), raise_server_exceptions=False) as c:
        yield c


def api(client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200, response.text
    return response.json()


# -- facets, filters, search, pages ---------------------------------------------

def test_facets_count_rows_and_a_filter_gives_that_many(client):
    page = api(client, "/api/facts/counts")
    assert page["total"] == 10
    events = {v["value"]: v["count"] for v in page["facets"]["event"]}
    assert events == {"admitted": 4, "reprimanded": 1, "warned": 1}
    filtered = api(client, "/api/facts/counts?event=admitted")
    assert filtered["total"] == events["admitted"]
    assert {r["doc_id"] for r in filtered["rows"]} == {"hai-lang-2023", "buon-ma-thuot-2022", "tam-hop-2019",
                                                       "quang-tri-2023"}


def test_province_and_year_facets_come_from_the_place_and_period_columns(client):
    page = api(client, "/api/facts/counts")
    years = {v["value"]: v["count"] for v in page["facets"]["year"]}
    # Châu Đốc's counts are about 2020 (their period) though the article appeared in 2021.
    assert years == {2023: 2, 2022: 3, 2020: 2, 2019: 3}
    both = api(client, "/api/facts/counts?province=An%20Giang&year=2020")
    assert both["total"] == 2
    none = api(client, "/api/facts/counts?province=Qu%E1%BA%A3ng%20Tr%E1%BB%8B&event=warned")
    assert (none["total"], none["rows"], none["facets"], none["pages"]) == (0, [], {}, 1)


def test_facet_values_most_rows_first_ties_in_vietnamese_order(client):
    page = api(client, "/api/facts/counts")
    provinces = [(v["value"], v["count"]) for v in page["facets"]["province"]]
    # Code point order would put Vĩnh Phúc before Đắk Lắk.
    assert provinces == [("Đắk Lắk", 3), ("Vĩnh Phúc", 3), ("An Giang", 2), ("Quảng Trị", 2)]


def test_vietnamese_sort_key():
    names = ["Yên Bái", "Đắk Lắk", "Bắc Ninh", "Bà Rịa", "An Giang", "Ba Vì", "Bạc Liêu", "Hòa Bình", "Hà Nam"]
    assert sorted(names, key=sort_key) == ["An Giang", "Ba Vì", "Bà Rịa", "Bạc Liêu", "Bắc Ninh", "Đắk Lắk",
                                            "Hà Nam", "Hòa Bình", "Yên Bái"]
    assert sorted(names) != sorted(names, key=sort_key)  # code point order puts Đ after Y


@pytest.mark.parametrize("query, expected", [
    ("huyện ủy", {"hai-lang-2023"}),         # the article writes "Huyện uỷ" and "Huyện ủy"
    ("HUYỆN UỶ", {"hai-lang-2023"}),
    ("thanh uy", {"buon-ma-thuot-2022", "chau-doc-2021"}),  # no diacritics: matches any
    ("Thành ủy", {"buon-ma-thuot-2022", "chau-doc-2021"}),
    ("Thánh ủy", set()),                                # a different tone is a different word
])
def test_search_ignores_tone_style_and_case(client, query, expected):
    found = set()
    for kind in ("counts", "percentages", "document_refs"):
        found |= {r["doc_id"] for r in api(client, f"/api/facts/{kind}?q={query}")["rows"]}
    assert found == expected


def test_pagination(client):
    first = api(client, "/api/facts/counts?per_page=4")
    second = api(client, "/api/facts/counts?per_page=4&page=3")
    assert (first["pages"], len(first["rows"]), len(second["rows"])) == (3, 4, 2)
    html = client.get("/facts/counts?per_page=4&page=2").text
    assert 'rel="next"' in html and 'rel="prev"' in html


def test_csv_and_json_downloads_hold_the_filtered_rows(client):
    response = client.get("/api/facts/counts?format=csv&event=admitted")
    assert response.headers["content-disposition"] == 'attachment; filename="counts.csv"'
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert sorted(int(r["value"]) for r in rows) == [19, 205, 312, 1450]
    assert {r["text"] for r in rows} >= {"kết nạp 312 đảng viên mới"}
    as_json = client.get("/api/facts/counts?format=json&event=admitted").json()
    assert [r["value"] for r in as_json] == [int(r["value"]) for r in rows]


@pytest.mark.parametrize("url, status, reason", [
    ("/facts/counts?event=bogus", 400, "event must be one of admitted"),
    ("/facts/counts?year=20x0", 400, "must be a year"),
    ("/facts/counts?colour=red", 400, "counts has no filter"),
    ("/facts/counts?page=0", 400, "page must be a whole number"),
    ("/facts/counts?event=admitted&event=warned", 400, "once"),
    ("/facts/speeches", 404, "no fact kind"),
    ("/articles/no-such-article", 404, "no article"),
    ("/documents/99-NQ%2FXX", 404, "no cited document"),
    ("/documents/12-NQ%2FHU?year=1999", 404, "issued in 1999"),
    ("/no/such/page", 404, "no such page"),
    ("/charts/pie.svg", 404, "no chart"),
])
def test_errors_are_pages_with_the_reason(client, url, status, reason):
    response = client.get(url)
    assert response.status_code == status
    assert reason in response.text
    assert "Traceback" not in response.text
    twin = client.get("/api" + url)
    assert twin.status_code == status and reason in twin.json()["error"]


@pytest.mark.parametrize("error, shown, hidden", [
    (RuntimeError("secret internals"), "RuntimeError", "secret internals"),
    (QueryError("Binder Error: column x not found"), "the store could not answer: Binder Error", "Traceback"),
])
def test_an_unexpected_error_is_a_page_without_traceback(client, monkeypatch, error, shown, hidden):
    def broken():
        raise error
    monkeypatch.setattr(client.app.state.explorer, "overview", broken)
    response = client.get("/")
    assert response.status_code == 500
    assert shown in response.text and hidden not in response.text
    assert "Traceback" not in response.text


# -- the article page ---------------------------------------------------------

def marks(html: str) -> list[tuple[str, str]]:
    """(id, marked text up to the next tag) of each fact's first mark."""
    return re.findall(r'<mark class="fact k-\w+" id="([\w-]+)"[^>]*>([^<]*)', html)


def test_every_fact_is_marked_once_where_it_stands(client):
    html = client.get("/articles/hai-lang-2023").text
    found = dict(marks(html))
    assert set(found) == {"counts-0", "percentages-0", "document_refs-0", "entities-0", "entities-1"}
    assert found["counts-0"] == "kết nạp 312 đảng viên mới"
    assert found["entities-0"] == "Lê Văn Hòa"
    for key in found:
        assert f'href="#{key}"' in html  # the list below links to the mark
    assert 'href="https://example.vn/hai-lang"' in html
    assert "value: 312" in html  # fields on hover / focus


def test_an_article_without_text_shows_its_facts_sentences(client):
    html = client.get("/articles/tam-hop-2019").text
    assert "--with-text" in html
    found = dict(marks(html))
    assert found == {"counts-0": "14 chi bộ", "counts-1": "612 đảng viên", "counts-2": "kết nạp 19 đảng viên mới"}
    assert PAD.strip() not in html  # only the sentences, not the rest of the (unstored) text


def test_crossing_facts_nest_and_each_has_one_first_mark():
    text = "Ban Thường vụ Tỉnh ủy Gia Lai ban hành Chỉ thị 05-CT/TU."
    org = Span("entities-0", "entities", 0, 29, text[0:29])
    loc = Span("entities-1", "entities", 22, 29, text[22:29])
    ref = Span("document_refs-0", "document_refs", 14, 55, text[14:55])  # crosses the end of org
    pieces, unplaced = mark_pieces(text, [org, loc, ref])
    assert not unplaced
    html = "".join(p.text if p.text is not None else "</m>" if p.close else
                   f"<m{' id=' + p.span.key if p.first else ''}>" for p in pieces)
    assert html.count("<m") == html.count("</m>")
    assert sorted(re.findall(r"id=([\w-]+)", html)) == ["document_refs-0", "entities-0", "entities-1"]
    assert re.sub(r"</?m[^>]*>", "", html) == text
    bad = Span("counts-0", "counts", 3, 9, "không khớp")
    assert mark_pieces(text, [bad])[1] == [bad]


def test_sentences_text_places_facts_in_their_sentences():
    spans = [Span("counts-1", "counts", len(PAD) + 23, len(PAD) + 36, "612 đảng viên",
                  TAM_HOP[len(PAD):])]
    shown, moved = sentences_text(spans)
    assert shown == TAM_HOP[len(PAD):]
    assert shown[moved[0].start:moved[0].end] == "612 đảng viên"


# -- cited documents, overview, sql ----------------------------------------------

def test_a_code_two_committees_used_and_its_slash(client):
    both = api(client, "/api/documents/12-NQ%2FHU")
    assert [(v["issued_year"], v["issuer_province"]) for v in both["versions"]] == [(2016, "Đắk Lắk"),
                                                                                   (2021, "Quảng Trị")]
    assert "nhiều văn bản" in client.get("/documents/12-NQ%2FHU").text
    one = api(client, "/api/documents/12-NQ%2FHU?year=2021")
    assert [c["doc_id"] for c in one["citing"]] == ["hai-lang-2023"]
    assert api(client, "/api/documents/12-NQ/HU?year=2016")["citing"][0]["doc_id"] == "buon-ma-thuot-2022"
    by_place = api(client, "/api/documents/12-NQ%2FHU?province=%C4%90%E1%BA%AFk%20L%E1%BA%AFk")
    assert [c["doc_id"] for c in by_place["citing"]] == ["buon-ma-thuot-2022"]
    assert 'href="?year=2016&amp;province=%C4%90%E1%BA%AFk+L%E1%BA%AFk"' in client.get("/documents/12-NQ%2FHU").text
    chart = client.get("/charts/citations.svg?code=12-NQ/HU&year=2016")
    assert chart.headers["content-type"].startswith("image/svg+xml") and "2022" in chart.text


def test_overview_and_its_charts(client):
    data = api(client, "/api/")
    assert data["articles"] == 5 and data["facts"]["counts"] == 10
    assert [p["province"] for p in data["provinces"]] == ["An Giang", "Đắk Lắk", "Quảng Trị", "Vĩnh Phúc"]
    admitted = api(client, "/api/charts/admitted_per_year")
    # 2023: Quảng Trị's own 1,450, not 1,450 + Hải Lăng's 312 (a district of it).
    assert admitted["rows"] == [[2019, 19, 1], [2022, 205, 1], [2023, 1450, 1]]
    svg = client.get("/charts/admitted_per_year.svg?lang=en").text
    assert svg.startswith("<svg") and "Members admitted" in svg and "2023" in svg
    by_province = api(client, "/api/charts/facts_by_province")
    assert dict(by_province["rows"])["Quảng Trị"] == 6


def test_sql_refuses_what_vnfacts_query_refuses(client, tmp_path):
    ok = api(client, "/api/sql?sql=SELECT count(*) AS n FROM counts")
    assert ok["result"]["rows"] == [[10]]
    refused = client.get("/sql?sql=DELETE FROM counts")
    assert refused.status_code == 400 and "DELETE statements are not allowed" in refused.text
    cli = subprocess.run([sys.executable, "-m", "pipeline", "query", "DELETE FROM counts", "--db",
                          str(client.app.state.explorer.db.path)], capture_output=True, text=True, cwd=ROOT)
    assert cli.stderr.strip().removeprefix("vnfacts query: ") in refused.text
    files = client.get("/api/sql?sql=SELECT * FROM read_text('/etc/hostname')")
    assert files.status_code == 400 and "disabled" in files.json()["error"]
    preset = api(client, "/api/sql?preset=counts_over_time&event=admitted")
    assert len(preset["result"]["rows"]) == 4


def test_language_switch_keeps_the_page(client):
    moved = client.get("/lang/en?next=/facts/counts?event=admitted", follow_redirects=False)
    assert moved.status_code == 303 and moved.headers["location"] == "/facts/counts?event=admitted"
    assert "Counts" in client.get("/facts/counts").text
    client.get("/lang/vi?next=//evil.example/")  # never sent off the site
    assert client.get("/lang/vi?next=//evil.example/", follow_redirects=False).headers["location"] == "/"
    assert "Số lượng" in client.get("/facts/counts").text


def test_plain_form_drops_every_diacritic():
    assert plain_form("Đảng uỷ Hà Tĩnh, khoá XIX") == "dang uy ha tinh khoa xix"


# -- vnfacts serve -----------------------------------------------------------------

@pytest.mark.parametrize("host, warns", [(None, False), ("0.0.0.0", True)])
def test_serve_binds_loopback_unless_told(client, host, warns):
    db = client.app.state.explorer.db.path
    args = [sys.executable, "-m", "pipeline", "serve", "--db", str(db), "--port", "0"]
    if host:
        args += ["--host", host]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        first = proc.stdout.readline()
        second = proc.stdout.readline() if warns else ""
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    assert "(read-only)" in first
    assert ("http://127.0.0.1:" in first) != warns
    assert ("anyone who can reach it" in second) == warns
