"""The DuckDB tables the facts load into, and the views and macros over them.

One table per ArticleRecord level: ``documents`` (one row per record) and one
table per fact kind (``document_refs``, ``counts``, ``percentages``,
``entities``), keyed by ``doc_id`` plus ``ord``, the fact's position in its
record's list. Columns keep the record's field names and get real SQL types
(dates as DATE, numbers as BIGINT/DOUBLE, enums as VARCHAR), except the
offsets: ``start``/``end`` become ``start_char``/``end_char`` because END is
an SQL keyword. The columns are derived from the record models
(``pipeline/records.py``): a field added to a model is a column of its table
(nested models, Place and Period, are flattened into the columns declared in
``_FLATTENED``); the DDL and the Arrow schemas the loader builds are both
derived from ``TABLES``.

Views: ``distinct_documents`` (one row per distinct text), ``document_mentions``
(each coded mention with the key of the document it names) and
``documents_cited`` (one row per cited document).
"""
from __future__ import annotations

import types
import typing
from typing import Literal, Union

import pyarrow as pa
from pydantic import BaseModel

from ..records import ISO_DATE, ArticleRecord, Fact, FACT_MODELS

Column = tuple[str, str, "str | None"]   # (column, SQL declaration, record field or dotted path it comes from)

# Every table starts with its key; a fact's ``ord`` is its position in its record's list.
_DOCUMENT_KEY: list[Column] = [("doc_id", "VARCHAR PRIMARY KEY", "doc_id")]
_FACT_KEY: list[Column] = [("doc_id", "VARCHAR NOT NULL", None), ("ord", "INTEGER NOT NULL", None)]
# END is an SQL keyword: the offsets are start_char/end_char.
_RENAMED = {"start": "start_char", "end": "end_char"}
# The model always fills these, but stores have declared them nullable from the
# start: new stores declare them the same, so that every store has one DDL.
_NULLABLE = {("documents", "schema_version"), ("documents", "warnings")}
# Counted values and text lengths may pass INTEGER's 2^31; years, offsets, indexes and line numbers do not.
_WIDE_INTEGERS = {"value", "text_chars"}
# A nested model is stored as the columns researchers filter on, not as a struct:
# (column, field of the nested model), per table and field. A fact's ``place``
# defaults to its article's (ARTICLE_DEFAULTS below). A nested field missing here
# is an error when this module loads: say which of its columns the store keeps.
_PERIOD = [("period_start", "start"), ("period_end", "end")]
_FACT_PLACE = [("province", "province"), ("district", "district")]
_FLATTENED: dict[str, dict[str, list[tuple[str, str]]]] = {
    "documents": {"place": [("province", "province"), ("province_code", "province_code"),
                            ("district", "district"), ("district_code", "district_code"),
                            ("province_2025", "province_2025"), ("place_evidence", "evidence")]},
    "document_refs": {"issuer_place": [("issuer_province", "province"), ("issuer_province_code", "province_code"),
                                       ("issuer_district", "district")]},
    "counts": {"period": _PERIOD, "place": _FACT_PLACE},
    "percentages": {"period": _PERIOD, "place": _FACT_PLACE},
    "entities": {},
}
# The provenance of the loaded line, and a digest of the record so that loading
# the same record again changes nothing.
_PROVENANCE: list[Column] = [("record_sha1", "VARCHAR NOT NULL", None), ("loaded_from", "VARCHAR", None),
                             ("loaded_line", "INTEGER", None)]


def sql_type(declared: str) -> str:
    """The bare type of a column declaration: 'VARCHAR NOT NULL' -> 'VARCHAR'."""
    return declared.split(" ", 1)[0]


def _optional(annotation) -> tuple[object, bool]:
    """The annotation without ``None``, and whether it admitted None."""
    if typing.get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return annotation, False


def _nested_model(annotation) -> type[BaseModel] | None:
    inner, _ = _optional(annotation)
    return inner if isinstance(inner, type) and issubclass(inner, BaseModel) else None


def _sql_type(table: str, name: str, field) -> str:
    """The SQL declaration of a field: its type, NOT NULL when the model admits no null."""
    inner, optional = _optional(field.annotation)
    if typing.get_origin(inner) is list and typing.get_args(inner) == (str,):
        base = "VARCHAR[]"
    elif inner is str or typing.get_origin(inner) is Literal:
        patterns = {getattr(m, "pattern", None) for m in field.metadata}
        base = "DATE" if ISO_DATE in patterns else "VARCHAR"
    elif inner is int:
        base = "BIGINT" if name in _WIDE_INTEGERS else "INTEGER"
    elif inner is float:
        base = "DOUBLE"
    else:
        raise TypeError(f"no SQL type for field {name!r} ({field.annotation})")
    return base if optional or (table, name) in _NULLABLE else f"{base} NOT NULL"


def _columns(table: str, model: type[BaseModel], skip: set[str], last: list[str]) -> list[Column]:
    """The columns of one model, in the order a store has always had them: the
    key, the model's own fields in their order, the nested models' columns, then
    the fields in ``last`` (the text and where it stands)."""
    flattened = _FLATTENED.get(table, {})
    own, nested = [], []
    for name, field in model.model_fields.items():
        if name in skip or name in last:
            continue
        inner = _nested_model(field.annotation)
        if inner is not None:
            if name not in flattened:
                raise TypeError(f"{model.__name__}.{name}: a nested model; say its columns in _FLATTENED[{table!r}]")
            # nullable whatever the nested field says: the whole nested value may be null
            nested += [(column, sql_type(_sql_type(table, sub, inner.model_fields[sub])), f"{name}.{sub}")
                       for column, sub in flattened[name]]
        else:
            own.append((_RENAMED.get(name, name), _sql_type(table, name, field), name))
    tail = [(_RENAMED.get(name, name), _sql_type(table, name, model.model_fields[name]), name) for name in last]
    return own + nested + tail


def build_tables(record: type[BaseModel] = ArticleRecord,
                 fact_models: dict[str, type[BaseModel]] = FACT_MODELS) -> dict[str, list[Column]]:
    """The columns of every table, from the record model and the fact models."""
    fact_fields = list(Fact.model_fields)
    tables = {"documents": _DOCUMENT_KEY + _columns(
        "documents", record, skip={"doc_id", *fact_models}, last=["text"]) + _PROVENANCE}
    for kind, model in fact_models.items():
        tables[kind] = _FACT_KEY + _columns(kind, model, skip=set(), last=fact_fields)
    return tables


TABLES: dict[str, list[Column]] = build_tables()
FACT_TABLES = tuple(t for t in TABLES if t != "documents")

_ARROW_TYPES = {
    "VARCHAR": pa.string(), "INTEGER": pa.int32(), "BIGINT": pa.int64(),
    "DOUBLE": pa.float64(), "DATE": pa.date32(), "VARCHAR[]": pa.list_(pa.string()),
}


def arrow_schema(table: str) -> pa.Schema:
    return pa.schema([(name, _ARROW_TYPES[sql_type(decl)]) for name, decl, _ in TABLES[table]])


def _create_table(table: str) -> str:
    cols = ",\n  ".join(f"{name} {decl}" for name, decl, _ in TABLES[table])
    return f"CREATE TABLE IF NOT EXISTS {table} (\n  {cols}\n)"


# Fact fields that default to their article's: a fact whose own subject names no
# other unit is at its article's place (FACTS.md), so its ``province`` and
# ``district`` columns are its own place's, else its article's (a whole place at a
# time: a fact's own province is never paired with its article's district).
ARTICLE_DEFAULTS = ("place",)

# One row per distinct article text. The same text stored under two doc_ids (a
# page scraped twice, a file copied into two folders) is one article: counting
# it twice would double its facts and its citations. The doc_id that sorts
# first stands for the text; records without a text digest are each their own.
DISTINCT_DOCUMENTS = """
CREATE OR REPLACE VIEW distinct_documents AS
SELECT * FROM documents
QUALIFY row_number() OVER (
    PARTITION BY text_sha1, CASE WHEN text_sha1 IS NULL THEN doc_id END ORDER BY doc_id) = 1
"""

# Helpers shared by the presets and available to your own SQL.
# fact_year: the year a fact counts for, the end year of its period, else the
# year its article was published. period_label: a period as written in tables
# ("2015–2020", "2020", "–2020-06" up to June 2020, "2016–" from 2016 on).
# code_key: a document code in match form (case, spaces and dash style ignored).
MACROS = [
    """CREATE OR REPLACE MACRO fact_year(period_end, published) AS
       coalesce(TRY_CAST(substr(period_end, 1, 4) AS INTEGER), year(published))""",
    """CREATE OR REPLACE MACRO period_label(period_start, period_end) AS
       CASE WHEN period_start IS NULL AND period_end IS NULL THEN NULL
            WHEN period_start IS NOT DISTINCT FROM period_end THEN period_start
            ELSE coalesce(period_start, '') || '–' || coalesce(period_end, '') END""",
    """CREATE OR REPLACE MACRO code_key(code) AS
       upper(regexp_replace(replace(replace(code, '–', '-'), '—', '-'), '\\s', '', 'g'))""",
]

# Each coded mention of a document, in a distinct article, with the key of the
# document it names. Party numbering restarts with each committee term and each
# local committee numbers its own documents, so a code alone ("09-NQ/TU") does
# not name one document: the key is the code, the issuer's province (local
# bodies only: null for central ones) and the year it was issued. A mention that
# lacks the province or the date takes the one the other mentions of the same
# code in the same article give (when they agree on one); otherwise it stays in
# the code's group without it. ``province`` and ``district`` are the citing
# article's place.
DOCUMENT_MENTIONS = """
CREATE OR REPLACE VIEW document_mentions AS
WITH refs AS (
    SELECT r.doc_id, r.ord, r.code, r.doc_type, r.issuer_code, r.issuer, r.issuer_key,
           r.issued_date, r.issuer_province, year(r.issued_date) AS dated_year,
           d.published, d.province, d.district, r.text,
           coalesce(CAST(d.published AS VARCHAR), '9999') || r.doc_id || lpad(CAST(r.ord AS VARCHAR), 9, '0')
               AS mention_order
    FROM document_refs r JOIN distinct_documents d USING (doc_id)
    WHERE r.code IS NOT NULL
),
article_province AS (
    SELECT doc_id, code, min(issuer_province) AS province
    FROM refs
    WHERE issuer_province IS NOT NULL
    GROUP BY doc_id, code
    HAVING count(DISTINCT issuer_province) = 1
),
placed AS (
    SELECT refs.* REPLACE (coalesce(refs.issuer_province, article_province.province) AS issuer_province)
    FROM refs LEFT JOIN article_province USING (doc_id, code)
),
article_year AS (
    SELECT doc_id, code, issuer_province, min(dated_year) AS year
    FROM placed
    WHERE dated_year IS NOT NULL
    GROUP BY doc_id, code, issuer_province
    HAVING count(DISTINCT dated_year) = 1
)
SELECT p.doc_id, p.ord, p.code, p.issuer_province,
       coalesce(p.dated_year, y.year) AS issued_year,
       p.doc_type, p.issuer_code, p.issuer, p.issuer_key, p.issued_date,
       p.published, p.province, p.district, p.text, p.mention_order
FROM placed p
LEFT JOIN article_year y
       ON y.doc_id = p.doc_id AND y.code = p.code AND y.issuer_province IS NOT DISTINCT FROM p.issuer_province
"""

# One row per cited document (the key of ``document_mentions``). The
# descriptive columns are the value most mentions give (ties: the value of the
# earliest mention, as articles name a document in full before they
# abbreviate), so one odd mention does not decide them.
DOCUMENTS_CITED = """
CREATE OR REPLACE VIEW documents_cited AS
WITH votes AS (
    SELECT code, issuer_province, issued_year, attribute, val, count(*) AS n, min(mention_order) AS first_seen
    FROM (
        UNPIVOT (SELECT code, issuer_province, issued_year, mention_order, doc_type, issuer_code,
                        issuer, issuer_key, CAST(issued_date AS VARCHAR) AS issued_date
                 FROM document_mentions)
        ON doc_type, issuer_code, issuer, issuer_key, issued_date
        INTO NAME attribute VALUE val
    )
    GROUP BY ALL
),
picked AS (
    SELECT code, issuer_province, issued_year,
           first(val ORDER BY n DESC, first_seen) FILTER (WHERE attribute = 'doc_type') AS doc_type,
           first(val ORDER BY n DESC, first_seen) FILTER (WHERE attribute = 'issuer_code') AS issuer_code,
           first(val ORDER BY n DESC, first_seen) FILTER (WHERE attribute = 'issued_date') AS issued_date,
           first(val ORDER BY n DESC, first_seen) FILTER (WHERE attribute = 'issuer') AS issuer,
           first(val ORDER BY n DESC, first_seen) FILTER (WHERE attribute = 'issuer_key') AS issuer_key
    FROM votes
    GROUP BY code, issuer_province, issued_year
),
tally AS (
    SELECT code, issuer_province, issued_year,
           count(DISTINCT doc_id) AS citing_articles,
           count(*) AS mentions,
           min(published) AS first_published,
           max(published) AS last_published
    FROM document_mentions
    GROUP BY code, issuer_province, issued_year
)
SELECT t.code, t.issuer_province, t.issued_year, p.doc_type, p.issuer_code,
       CAST(p.issued_date AS DATE) AS issued_date, p.issuer, p.issuer_key,
       t.citing_articles, t.mentions, t.first_published, t.last_published
FROM tally t
LEFT JOIN picked p
       ON p.code = t.code
      AND p.issuer_province IS NOT DISTINCT FROM t.issuer_province
      AND p.issued_year IS NOT DISTINCT FROM t.issued_year
"""

VIEWS = [DISTINCT_DOCUMENTS, DOCUMENT_MENTIONS, DOCUMENTS_CITED]


def ensure_schema(con) -> None:
    """Create the tables (if missing) and (re)create the views and macros on a writable connection.

    The contract may gain fields: a store made by an older version gets the new
    columns added (NULL in its old rows), so it can keep loading.
    """
    for table in TABLES:
        con.execute(_create_table(table))
        present = {r[0] for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]).fetchall()}
        for name, declared, _ in TABLES[table]:
            if name not in present:
                con.execute(f"ALTER TABLE {table} ADD COLUMN {name} {sql_type(declared)}")
    for statement in MACROS + VIEWS:
        con.execute(statement)
