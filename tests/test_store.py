"""The DuckDB store: typed tables, idempotent bulk loading, bad lines reported by
line number, the documents_cited view, presets and the read-only Python API.

The records here are built from the gold files (corpus/gold), so the store is
tested on realistic facts without running the extractors."""
import json
from pathlib import Path
from typing import Optional

import pandas as pd
import polars as pl
import pyarrow.parquet as pq
import pytest
from pydantic import Field

import pipeline
from pipeline.normalize import clean_document_text
from pipeline.records import FACT_MODELS, ArticleRecord, Count, Place
from pipeline.store import QueryError, RequestRefused, presets
from pipeline.store.db import search_key
from pipeline.store.export import export_parquet
from pipeline.store.load import load_jsonl
from pipeline.store.schema import FACT_TABLES, TABLES, build_tables

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "corpus" / "gold"
ARTICLES = ROOT / "corpus" / "articles"
KINDS = tuple(FACT_MODELS)
FACT_FIELDS = {kind: set(model.model_fields) for kind, model in FACT_MODELS.items()}


def _fact_from_gold(kind: str, item: dict, text: str, search_from: int) -> dict:
    """A contract-valid fact from a gold item: offsets found by searching its text."""
    fact = {k: v for k, v in item.items() if k in FACT_FIELDS[kind]}
    start = text.find(item["text"], search_from)
    fact["start"] = max(start, 0)
    fact["end"] = fact["start"] + len(item["text"])
    if kind == "document_refs" and "number" not in fact:
        fact["number"] = fact["code"].split("-")[0].split("/")[0]
    return fact


def gold_record(gold_path: Path) -> ArticleRecord:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    text = clean_document_text((ARTICLES / gold["doc"]).read_text(encoding="utf-8"))
    facts = {}
    for kind in ("document_refs", "counts", "percentages"):
        facts[kind], pos = [], 0
        for item in gold.get(kind, []):
            facts[kind].append(_fact_from_gold(kind, item, text, pos))
            pos = facts[kind][-1]["start"]
    return ArticleRecord(doc_id=gold["doc"], source=f"corpus/articles/{gold['doc']}",
                         published=gold.get("published"), place=gold.get("place"), **facts)


def write_jsonl(path: Path, records) -> Path:
    path.write_text("".join(
        (r if isinstance(r, str) else r.model_dump_json()) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def gold_records():
    return [gold_record(p) for p in sorted(GOLD.glob("*.json"))]


@pytest.fixture
def gold_jsonl(tmp_path, gold_records):
    return write_jsonl(tmp_path / "gold.jsonl", gold_records)


def load(db_path, *files, **kw):
    with pipeline.open_db(db_path, read_only=False) as db:
        return db.load(files, **kw)


def row_counts(db_path) -> dict[str, int]:
    with pipeline.open_db(db_path) as db:
        return {t: int(db.sql(f"SELECT count(*) AS n FROM {t}").n[0])
                for t in ("documents",) + KINDS}


def expected_counts(records) -> dict[str, int]:
    out = {"documents": len(records)}
    out.update({k: sum(len(getattr(r, k)) for r in records) for k in KINDS})
    return out


@pytest.fixture
def gold_db(tmp_path, gold_jsonl):
    db = tmp_path / "facts.duckdb"
    load(db, gold_jsonl)
    return db


# -- loading ------------------------------------------------------------------

def test_every_record_and_fact_becomes_one_row(gold_db, gold_records):
    assert row_counts(gold_db) == expected_counts(gold_records)


@pytest.mark.parametrize("table, column, sql_type", [
    ("documents", "published", "DATE"),
    ("documents", "warnings", "VARCHAR[]"),
    ("document_refs", "issued_date", "DATE"),
    ("document_refs", "year", "INTEGER"),
    ("document_refs", "start_char", "INTEGER"),
    ("counts", "value", "BIGINT"),
    ("counts", "qualifier", "VARCHAR"),
    ("percentages", "value", "DOUBLE"),
    ("entities", "label", "VARCHAR"),
])
def test_columns_have_real_types(gold_db, table, column, sql_type):
    with pipeline.open_db(gold_db) as db:
        got = db.sql("SELECT data_type FROM information_schema.columns "
                     "WHERE table_name = $t AND column_name = $c", t=table, c=column)
    assert list(got.data_type) == [sql_type]


def test_typed_values_come_back(gold_db):
    with pipeline.open_db(gold_db) as db:
        refs = db.sql("SELECT issued_date, text, start_char, end_char FROM document_refs "
                      "WHERE code = '21-NQ/TW' AND issued_date IS NOT NULL")
        pct = db.sql("SELECT value FROM percentages WHERE kind = 'achieved' AND value > 56 AND value < 57")
    assert refs.issued_date[0] == pd.Timestamp("2022-06-16")
    assert refs.end_char[0] - refs.start_char[0] == len(refs.text[0])
    assert list(pct.value) == [56.87]


def test_loading_the_same_file_twice_adds_nothing(tmp_path, gold_jsonl, gold_records):
    db = tmp_path / "twice.duckdb"
    first = load(db, gold_jsonl)
    once = row_counts(db)
    second = load(db, gold_jsonl)
    assert row_counts(db) == once == expected_counts(gold_records)
    assert (first.new, second.new, second.unchanged) == (len(gold_records), 0, len(gold_records))


def test_small_batches_load_the_same_rows(tmp_path, gold_jsonl, gold_records):
    db = tmp_path / "batches.duckdb"
    with pipeline.open_db(db, read_only=False) as store:
        load_jsonl(store.con, [gold_jsonl], batch_records=2)
    assert row_counts(db) == expected_counts(gold_records)


def test_a_newer_record_replaces_the_old_one(tmp_path, gold_jsonl, gold_records):
    db = tmp_path / "replace.duckdb"
    load(db, gold_jsonl)
    target = next(r for r in gold_records if r.counts)
    newer = target.model_copy(update={"counts": target.counts[:1], "title": "sửa lại"})
    report = load(db, write_jsonl(tmp_path / "newer.jsonl", [newer]))
    assert (report.replaced, report.new) == (1, 0)
    with pipeline.open_db(db) as store:
        n = store.sql("SELECT count(*) AS n FROM counts WHERE doc_id = $d", d=target.doc_id).n[0]
        title = store.sql("SELECT title FROM documents WHERE doc_id = $d", d=target.doc_id).title[0]
    assert (n, title) == (1, "sửa lại")
    others = [r for r in gold_records if r.doc_id != target.doc_id] + [newer]
    assert row_counts(db) == expected_counts(others)


def test_the_last_line_for_a_doc_id_wins_within_one_load(tmp_path, gold_records):
    rec = next(r for r in gold_records if len(r.percentages) > 2)
    shorter = rec.model_copy(update={"percentages": rec.percentages[:2]})
    db = tmp_path / "dup.duckdb"
    load(db, write_jsonl(tmp_path / "dup.jsonl", [rec, shorter]))
    assert row_counts(db)["percentages"] == 2


def test_malformed_lines_are_reported_by_line_and_the_rest_loads(tmp_path, gold_records):
    bad_json = '{"doc_id": "x", "counts": [}'
    bad_record = json.dumps({"doc_id": "y", "counts": [
        {"text": "ab", "start": 0, "end": 2, "value": -3, "unit": "đảng viên", "category": "member"}]})
    bad_date = json.dumps({"doc_id": "z", "published": "2019-13-45"})
    lines = [gold_records[0], bad_json, gold_records[1], bad_record, bad_date] + gold_records[2:]
    path = write_jsonl(tmp_path / "mixed.jsonl", lines)
    seen = []
    report = load(tmp_path / "mixed.duckdb", path, on_error=seen.append)
    assert [(e.file, e.line) for e in seen] == [(str(path), 2), (str(path), 4), (str(path), 5)]
    assert "JSON" in seen[0].message
    assert "counts.0.value" in seen[1].message
    assert "published" in seen[2].message
    assert all("\n" not in str(e) for e in seen)
    assert report.errors == seen
    assert row_counts(tmp_path / "mixed.duckdb") == expected_counts(gold_records)


def test_an_unreadable_file_is_reported_and_the_others_load(tmp_path, gold_jsonl, gold_records):
    missing = tmp_path / "missing.jsonl"
    report = load(tmp_path / "m.duckdb", missing, gold_jsonl)
    assert [(e.file, e.line) for e in report.errors] == [(str(missing), None)]
    assert row_counts(tmp_path / "m.duckdb") == expected_counts(gold_records)


# -- documents_cited ----------------------------------------------------------

def _ref(code, date=None, text="Nghị quyết"):
    return {"code": code, "number": code.split("-")[0], "doc_type": "Nghị quyết",
            "issued_date": date, "text": text, "start": 0, "end": len(text)}


def test_documents_cited_splits_a_code_by_issued_year(tmp_path):
    """Party numbering restarts each term: 09-NQ/TU of 2009 and of 2016 are two documents;
    an undated mention joins the dated group of its own article."""
    records = [
        ArticleRecord(doc_id="a", published="2020-01-01", document_refs=[
            _ref("09-NQ/TU", "2009-08-19"), _ref("09-NQ/TU"), _ref("09-NQ/TU")]),
        ArticleRecord(doc_id="b", published="2021-05-05", document_refs=[
            _ref("09-NQ/TU", "2016-03-01"), _ref("09-NQ/TU")]),
        ArticleRecord(doc_id="c", published="2022-02-02", document_refs=[_ref("09-NQ/TU")]),
        ArticleRecord(doc_id="d", published="2023-03-03", document_refs=[_ref("09-NQ/TU", "2009-08-19")]),
    ]
    db = tmp_path / "cited.duckdb"
    load(db, write_jsonl(tmp_path / "c.jsonl", records))
    with pipeline.open_db(db) as store:
        rows = store.sql("SELECT issued_year, citing_articles, mentions, first_published, last_published "
                         "FROM documents_cited ORDER BY issued_year NULLS LAST")
    got = [(None if pd.isna(y) else int(y), a, m, str(f.date()), str(last.date()))
           for y, a, m, f, last in rows.itertuples(index=False)]
    assert got == [(2009, 2, 4, "2020-01-01", "2023-03-03"),
                   (2016, 1, 2, "2021-05-05", "2021-05-05"),
                   (None, 1, 1, "2022-02-02", "2022-02-02")]


def test_documents_cited_counts_the_gold_mentions(gold_db):
    gold = json.loads((GOLD / "002_139f9ae7599cec40.json").read_text(encoding="utf-8"))
    mentions = [r for r in gold["document_refs"] if r.get("code") == "09-NQ/TU"]
    dates = {r["issued_date"] for r in mentions if r.get("issued_date")}
    with pipeline.open_db(gold_db) as store:
        row = store.sql("SELECT * FROM documents_cited WHERE code = '09-NQ/TU'")
    assert len(row) == 1
    assert row.mentions[0] == len(mentions) == 7
    assert {str(row.issued_date[0].date())} == dates


# -- Python API -----------------------------------------------------------------

def test_open_db_is_read_only_and_refuses_writes(gold_db, gold_records):
    with pipeline.open_db(gold_db) as db:
        for statement in ("DELETE FROM documents", "DROP TABLE counts",
                          "SELECT 1; DELETE FROM documents", "CREATE TABLE t AS SELECT 1"):
            with pytest.raises(RequestRefused):
                db.sql(statement)
    assert row_counts(gold_db)["documents"] == len(gold_records)


def test_bad_sql_raises_a_one_line_query_error(gold_db):
    with pipeline.open_db(gold_db) as db, pytest.raises(QueryError) as err:
        db.sql("SELECT nothing FROM nowhere")
    assert "\n" not in str(err.value) and "nowhere" in str(err.value)


def test_sql_takes_named_parameters_and_returns_pandas_or_polars(gold_db):
    with pipeline.open_db(gold_db) as db:
        df = db.sql("SELECT doc_id FROM document_refs WHERE code = $code", code="21-NQ/TW")
        lf = db.sql("SELECT doc_id FROM document_refs WHERE code = $code", code="21-NQ/TW", polars=True)
    assert isinstance(df, pd.DataFrame) and isinstance(lf, pl.DataFrame)
    assert list(df.doc_id) == lf["doc_id"].to_list() == ["002_139f9ae7599cec40.txt"] * 2


def test_open_db_on_a_missing_file_says_so(tmp_path):
    with pytest.raises(FileNotFoundError, match="vnfacts load"):
        pipeline.open_db(tmp_path / "nothing.duckdb")
    assert not (tmp_path / "nothing.duckdb").exists()


# Values for the presets' required parameters.
SAMPLE_PARAMS = {"code": "21-NQ/TW"}


@pytest.mark.parametrize("name", sorted(presets()))
def test_every_preset_runs_with_its_defaults(gold_db, name):
    spec = presets()[name]
    params = {p: SAMPLE_PARAMS[p] for p, s in spec.get("params", {}).items() if "default" not in s}
    with pipeline.open_db(gold_db) as db:
        df = db.preset(name, **params)
    assert len(df) > 0


@pytest.mark.parametrize("kwargs, message", [
    ({"name": "no_such_preset"}, "no preset"),
    ({"name": "most_cited", "colour": "red"}, "no parameter colour"),
    ({"name": "most_cited", "limit": "many"}, "must be int"),
    ({"name": "articles_citing"}, "needs --param code"),
])
def test_preset_misuse_is_refused(gold_db, kwargs, message):
    with pipeline.open_db(gold_db) as db, pytest.raises(RequestRefused, match=message):
        db.preset(**kwargs)


def test_preset_parameters_from_the_command_line_are_typed(gold_db):
    with pipeline.open_db(gold_db) as db:
        assert len(db.preset("most_cited", limit="2")) == 2


@pytest.mark.parametrize("a, b", [
    ("Đảng uỷ", "đảng ủy"),
    ("trong sạch, vững mạnh", "Trong sạch vững mạnh"),
    ("hoà bình", "HÒA BÌNH"),
])
def test_vn_key_ignores_tone_style_case_and_punctuation(a, b):
    assert search_key(a) == search_key(b)


def nulls_as_none(df: pd.DataFrame) -> pd.DataFrame:
    return df.astype(object).where(df.notna(), None)


def test_targets_vs_achieved_sets_gold_targets_at_their_horizon(gold_db):
    """Kon Tum (published 2016): 56.87% achieved by the end of 2015, a 50% target for each
    year of the 2015-2020 term (once with the term, once with no period: its article's year)."""
    with pipeline.open_db(gold_db) as db:
        df = db.preset("targets_vs_achieved", subject="tổ chức cơ sở đảng", criterion="đạt trong sạch vững mạnh")
    got = [(r.province, r.year, r.criterion, r.target, r.achieved) for r in nulls_as_none(df).itertuples()
           if r.criterion == "đạt trong sạch vững mạnh"]
    assert got == [("Kon Tum", 2015, "đạt trong sạch vững mạnh", None, "56.87%"),
                   ("Kon Tum", 2016, "đạt trong sạch vững mạnh", "50%", None),
                   ("Kon Tum", 2020, "đạt trong sạch vững mạnh", "50%", None)]


def test_members_admitted_on_the_gold_leaves_the_targets_out(gold_db):
    with pipeline.open_db(gold_db) as db:
        df = db.preset("members_admitted")
    assert [(r.province, r.district, r.year, r.period, r.members) for r in nulls_as_none(df).itertuples()] == [
        ("Thái Nguyên", None, 2020, "2015–2020", 953),
        ("Thừa Thiên Huế", "thị xã Hương Trà", 2020, "2015–2020", 509)]


# -- export ---------------------------------------------------------------------

def test_export_writes_one_parquet_file_per_table(tmp_path, gold_db, gold_records):
    written = export_parquet(gold_db, tmp_path / "pq")
    assert sorted(p.name for p in written) == sorted(f"{t}.parquet" for t in ("documents",) + KINDS)
    rows = {p.stem: pq.read_metadata(p).num_rows for p in written}
    assert rows == expected_counts(gold_records)


def test_every_field_of_the_contract_has_a_column():
    assert set(FACT_TABLES) == set(FACT_MODELS)
    for kind, model in FACT_MODELS.items():
        assert {fld.split(".")[0] for _, _, fld in TABLES[kind] if fld} == set(model.model_fields), kind
    record_fields = set(ArticleRecord.model_fields) - set(FACT_MODELS)
    assert {fld.split(".")[0] for _, _, fld in TABLES["documents"] if fld} == record_fields


def test_a_field_added_to_a_model_is_a_column_of_its_table():
    class CountWithCommune(Count):
        commune: Optional[str] = Field(default=None, description="the commune the count is about")
        households: int = 0

    tables = build_tables(fact_models={**FACT_MODELS, "counts": CountWithCommune})
    before = [name for name, _, _ in TABLES["counts"]]
    nested = before.index("period_start")   # own fields, then the nested models' columns, then the text
    assert [name for name, _, _ in tables["counts"]] == before[:nested] + ["commune", "households"] + before[nested:]
    assert ("commune", "VARCHAR", "commune") in tables["counts"]
    assert ("households", "INTEGER NOT NULL", "households") in tables["counts"]
    assert tables["documents"] == TABLES["documents"]

    class CountWithOffice(Count):   # a nested model needs its columns said
        office: Optional[Place] = None

    with pytest.raises(TypeError, match="CountWithOffice.office"):
        build_tables(fact_models={**FACT_MODELS, "counts": CountWithOffice})


def test_a_store_from_an_older_contract_gains_the_new_columns(tmp_path, gold_jsonl, gold_records):
    import duckdb
    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE documents (doc_id VARCHAR PRIMARY KEY, record_sha1 VARCHAR NOT NULL)")
    con.close()
    load(db, gold_jsonl)
    assert row_counts(db) == expected_counts(gold_records)


def test_a_record_of_schema_version_1_still_loads_with_the_new_fields_null(tmp_path):
    # exactly the shape version 1 wrote: no place, period, kind, part_of, issuer place
    text = "Năm 2019, Đảng bộ huyện Kỳ Anh kết nạp 214 đảng viên theo Nghị quyết 05-NQ/HU."
    count_at, ref_at = text.index("kết nạp"), text.index("05-NQ/HU")
    old = {"schema_version": "1", "doc_id": "v1-ky-anh", "source": "v1.txt", "title": None,
           "published": "2019-12-30", "warnings": [],
           "document_refs": [{"text": "05-NQ/HU", "start": ref_at, "end": ref_at + 8, "sentence": text,
                              "code": "05-NQ/HU", "doc_type": "Nghị quyết", "number": "05",
                              "type_code": "NQ", "issuer_code": "HU", "system": "party"}],
           "counts": [{"text": "kết nạp 214 đảng viên", "start": count_at, "end": count_at + 21,
                       "sentence": text, "value": 214, "unit": "đảng viên", "category": "member",
                       "event": "admitted"}],
           "percentages": [], "entities": []}
    path = tmp_path / "v1.jsonl"
    path.write_text(json.dumps(old, ensure_ascii=False) + "\n", encoding="utf-8")
    record = ArticleRecord.model_validate(old)
    assert record.place is None and record.counts[0].kind is None and record.counts[0].period is None
    db = tmp_path / "v1.duckdb"
    load(db, path)
    with pipeline.open_db(db) as store:
        row = store.sql("SELECT schema_version, province FROM documents").iloc[0]
        count = store.sql("SELECT value, kind, period_end FROM counts").iloc[0]
    assert (row.schema_version, row.province) == ("1", None)
    assert (count.value, count.kind, count.period_end) == (214, None, None)
