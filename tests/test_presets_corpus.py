"""Each preset's answer on the bundled corpus (extracted as `make run` does), against
the answer the gold files give (corpus/gold: place, period and count kind included).

A preset whose answer rests on a field the extractors do not fill yet (article
place, issuer place, period, count kind) is skipped while that field is null in
every row of the bundled corpus's store, and runs as soon as one row has it."""
from __future__ import annotations

import json
import subprocess
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

import pipeline

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "corpus" / "gold"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("presets_corpus")
    facts, db = work / "facts.jsonl", work / "facts.duckdb"
    for args in (("extract", "corpus/articles", "-o", facts), ("load", facts, "--db", db)):
        done = subprocess.run([sys.executable, "-m", "pipeline", *map(str, args)], cwd=ROOT,
                              capture_output=True, text=True, encoding="utf-8")
        assert done.returncode == 0, done.stderr
    return db


def answer(db, name, **params) -> list[dict]:
    with pipeline.open_db(db) as store:
        df = store.preset(name, **params)
    return df.astype(object).where(df.notna(), None).to_dict("records")


def needs(db, *columns: str) -> None:
    """Skip while any of these columns ("table.column") is null in every row."""
    with pipeline.open_db(db) as store:
        for column in columns:
            table, name = column.split(".")
            if not store.sql(f"SELECT count({name}) AS n FROM {table}").n[0]:
                pytest.skip(f"needs {column} from the extractors: null everywhere on the bundled corpus")


# -- the gold's answers ---------------------------------------------------------------

def gold_files() -> dict[str, dict]:
    files = (json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLD.glob("*.json")))
    return {g["doc"]: g for g in files}


def required(items):
    return [i for i in items if not i.get("optional")]


# FACTS.md accepts either name for the province of Huế.
PROVINCE_ALIASES = {"Huế": "Thừa Thiên Huế"}


def province(name):
    return PROVINCE_ALIASES.get(name, name)


def where(g) -> tuple:
    place = g.get("place") or {}
    return province(place.get("province")), place.get("district")


def year_of(item, g):
    end = (item.get("period") or {}).get("end")
    return int(end[:4]) if end else (int(g["published"][:4]) if g.get("published") else None)


def period_label(item):
    p = item.get("period") or {}
    start, end = p.get("start"), p.get("end")
    if start is None and end is None:
        return None
    return start if start == end else f"{start or ''}–{end or ''}"


def gold_groups(event_set, kind="achieved") -> dict[tuple, dict[str, list[int]]]:
    """(province, district, year, period) -> event -> the figures the gold counts give."""
    groups = defaultdict(lambda: defaultdict(list))
    for g in gold_files().values():
        for c in required(g["counts"]):
            if c.get("category") == "member" and c.get("event") in event_set and c.get("kind") == kind:
                groups[(*where(g), year_of(c, g), period_label(c))][c["event"]].append(c["value"])
    return groups


def placed(rows, *fields):
    return sorted(((province(r["province"]), r["district"], *(r[f] for f in fields)) for r in rows), key=str)


# -- documents --------------------------------------------------------------------------

def test_most_cited_is_the_golds_most_mentioned_document(corpus_db):
    mentions = defaultdict(int)
    for doc, g in gold_files().items():
        for r in required(g["document_refs"]):
            if r.get("code"):
                mentions[(doc, r["code"])] += 1
    (doc, code), n = max(mentions.items(), key=lambda kv: kv[1])
    dates = {r["issued_date"] for r in gold_files()[doc]["document_refs"]
             if r.get("code") == code and r.get("issued_date")}
    top = answer(corpus_db, "most_cited", limit=1)[0]
    assert (top["code"], top["mentions"], top["citing_articles"]) == (code, n, 1) == ("09-NQ/TU", 7, 1)
    assert {str(top["issued_date"].date())} == dates


def test_a_local_document_carries_its_issuers_province_and_a_central_one_none(corpus_db):
    needs(corpus_db, "document_refs.issuer_province")
    with pipeline.open_db(corpus_db) as store:
        cited = store.relation("SELECT code, issuer_province, mentions FROM documents_cited "
                               "WHERE code IN ('09-NQ/TU', '28-CT/TW') ORDER BY code").fetchall()
    assert cited == [("09-NQ/TU", "Hà Tĩnh", 7), ("28-CT/TW", None, 2)]


def test_articles_citing_21_nq_tw_are_the_golds(corpus_db):
    code = "21-NQ/TW"
    expected = {doc: n for doc, g in gold_files().items()
                if (n := sum(1 for r in required(g["document_refs"]) if r.get("code") == code))}
    got = answer(corpus_db, "articles_citing", code=code)
    assert {Path(r["doc_id"]).name: r["mentions"] for r in got} == expected
    assert {str(r["issued_date"].date()) for r in got} == {"2022-06-16"}


def test_document_uptake_of_28_ct_tw_is_the_golds(corpus_db):
    needs(corpus_db, "documents.province")
    code, signed = "28-CT/TW", date(2019, 1, 21)
    first = {}
    for g in gold_files().values():
        if any(r.get("code") == code for r in g["document_refs"]) and g.get("published"):
            day = date.fromisoformat(g["published"])
            key = where(g)[0]
            first[key] = min(first.get(key, day), day)
    got = answer(corpus_db, "document_uptake", code=code)
    assert {(province(r["province"]), r["first_cited"].date(), r["days_after"]) for r in got} == \
        {(p, day, (day - signed).days) for p, day in first.items()} == {("Thừa Thiên Huế", date(2019, 8, 2), 193)}


# -- counts -------------------------------------------------------------------------------

def test_counts_over_time_lists_the_golds_admitted_results_only(corpus_db):
    needs(corpus_db, "counts.kind")
    expected = sorted((g["published"] or "", doc, c["value"], c["qualifier"])
                      for doc, g in gold_files().items() for c in required(g["counts"])
                      if c.get("event") == "admitted" and c.get("kind") == "achieved")
    got = answer(corpus_db, "counts_over_time", event="admitted")
    assert sorted((str(r["published"].date()) if r["published"] else "", Path(r["doc_id"]).name,
                   r["value"], r["qualifier"]) for r in got) == expected


def test_members_admitted_by_province_and_year_are_the_golds(corpus_db):
    needs(corpus_db, "counts.kind", "counts.period_end", "documents.province")
    expected = sorted(((*key, max(events["admitted"])) for key, events in gold_groups({"admitted"}).items()),
                      key=str)
    got = answer(corpus_db, "members_admitted")
    assert placed(got, "year", "period", "members") == expected == sorted([
        ("Thừa Thiên Huế", "thị xã Hương Trà", 2020, "2015–2020", 509),
        ("Thái Nguyên", None, 2020, "2015–2020", 953)], key=str)
    assert not {800, 5000} & {r["members"] for r in got}   # the targets of articles 003 and 004


def test_members_disciplined_by_province_and_year_are_the_golds(corpus_db):
    needs(corpus_db, "counts.kind", "counts.period_end", "documents.province")
    forms = {"disciplined", "reprimanded", "warned", "expelled"}
    expected = []
    for key, events in gold_groups(forms).items():
        figure = {e: max(v) for e, v in events.items()}
        total = figure.get("disciplined", sum(figure.values()))
        expected.append((*key, total, figure.get("reprimanded"), figure.get("warned"), figure.get("expelled")))
    got = answer(corpus_db, "members_disciplined")
    assert placed(got, "year", "period", "members", "reprimanded", "warned", "expelled") == sorted(expected, key=str) \
        == [("Thừa Thiên Huế", "huyện Nam Đông", 2015, "2010–", 50, 38, 10, 2)]


# -- percentages ----------------------------------------------------------------------------

SIGNS = {"eq": "", "gt": ">", "ge": "≥", "lt": "<", "le": "≤"}


def test_targets_vs_achieved_by_province_and_year_are_the_golds(corpus_db):
    needs(corpus_db, "documents.province", "percentages.period_end")
    subject, criterion = "tổ chức cơ sở đảng", "đạt trong sạch vững mạnh"
    expected = defaultdict(lambda: {"target": set(), "achieved": set()})
    for g in gold_files().values():
        for p in required(g["percentages"]):
            if (p.get("subject"), p.get("criterion")) == (subject, criterion) and p["kind"] != "other":
                expected[(*where(g), year_of(p, g))][p["kind"]].add(f"{SIGNS[p['comparator']]}{p['value']:g}%")
    got = {(province(r["province"]), r["district"], r["year"]):
           {"target": set((r["target"] or "").split(", ")) - {""},
            "achieved": set((r["achieved"] or "").split(", ")) - {""}}
           for r in answer(corpus_db, "targets_vs_achieved", subject=subject) if r["criterion"] == criterion}
    assert got == dict(expected)
    assert got[("Kon Tum", None, 2015)] == {"target": set(), "achieved": {"56.87%"}}
