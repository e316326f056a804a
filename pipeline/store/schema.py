"""The DuckDB tables the facts load into, and the views and macros over them.

One table per ArticleRecord level: ``documents`` (one row per record) and one
table per fact kind (``document_refs``, ``counts``, ``percentages``,
``entities``), keyed by ``doc_id`` plus ``ord``, the fact's position in its
record's list. Columns keep the record's field names and get real SQL types
(dates as DATE, numbers as BIGINT/DOUBLE, enums as VARCHAR), except the
offsets: ``start``/``end`` become ``start_char``/``end_char`` because END is
an SQL keyword. The column lists below are the single source of truth: the
DDL and the Arrow schemas the loader builds are both derived from them.

Views: ``distinct_documents`` (one row per distinct text), ``document_mentions``
(each coded mention with the key of the document it names) and
``documents_cited`` (one row per cited document).
"""
from __future__ import annotations

import pyarrow as pa

# (column, SQL type, record field it comes from)
_FACT_HEAD = [("doc_id", "VARCHAR NOT NULL", None), ("ord", "INTEGER NOT NULL", None)]
_FACT_TAIL = [
    ("text", "VARCHAR NOT NULL", "text"),
    ("start_char", "INTEGER NOT NULL", "start"),
    ("end_char", "INTEGER NOT NULL", "end"),
    ("sentence", "VARCHAR", "sentence"),
]


# A column's field is a record field, or a dotted path into a nested one
# ("place.province"); a null anywhere on the path gives NULL. A fact's ``place``
# defaults to its article's (ARTICLE_DEFAULTS below).
_CONTEXT = [
    ("period_start", "VARCHAR", "period.start"),
    ("period_end", "VARCHAR", "period.end"),
    ("province", "VARCHAR", "place.province"),
    ("district", "VARCHAR", "place.district"),
]


def _fact_columns(*own: tuple) -> list[tuple[str, str, str | None]]:
    """Columns of a fact table: (name, SQL type) named after their field, or (name, SQL type, field path)."""
    return _FACT_HEAD + [(c[0], c[1], c[2] if len(c) == 3 else c[0]) for c in own] + _FACT_TAIL


TABLES: dict[str, list[tuple[str, str, str | None]]] = {
    "documents": [
        ("doc_id", "VARCHAR PRIMARY KEY", "doc_id"),
        ("schema_version", "VARCHAR", "schema_version"),
        ("source", "VARCHAR", "source"),
        ("line", "INTEGER", "line"),
        ("url", "VARCHAR", "url"),
        ("title", "VARCHAR", "title"),
        ("published", "DATE", "published"),
        ("text_chars", "BIGINT", "text_chars"),
        ("text_sha1", "VARCHAR", "text_sha1"),
        ("warnings", "VARCHAR[]", "warnings"),
        ("province", "VARCHAR", "place.province"),
        ("province_code", "VARCHAR", "place.province_code"),
        ("district", "VARCHAR", "place.district"),
        ("district_code", "VARCHAR", "place.district_code"),
        ("province_2025", "VARCHAR", "place.province_2025"),
        ("place_evidence", "VARCHAR", "place.evidence"),
        ("text", "VARCHAR", "text"),
        # Provenance of the loaded line, and a digest of the record so that
        # loading the same record again changes nothing.
        ("record_sha1", "VARCHAR NOT NULL", None),
        ("loaded_from", "VARCHAR", None),
        ("loaded_line", "INTEGER", None),
    ],
    "document_refs": _fact_columns(
        ("code", "VARCHAR"), ("doc_type", "VARCHAR"), ("number", "VARCHAR NOT NULL"),
        ("year", "INTEGER"), ("type_code", "VARCHAR"), ("issuer_code", "VARCHAR"),
        ("system", "VARCHAR"), ("issued_date", "DATE"), ("issuer", "VARCHAR"), ("term", "VARCHAR"),
        ("plenum", "INTEGER"), ("congress", "VARCHAR"), ("issuer_key", "VARCHAR"),
        ("issuer_province", "VARCHAR", "issuer_place.province"),
        ("issuer_province_code", "VARCHAR", "issuer_place.province_code"),
        ("issuer_district", "VARCHAR", "issuer_place.district"),
    ),
    "counts": _fact_columns(
        ("value", "BIGINT NOT NULL"), ("qualifier", "VARCHAR NOT NULL"), ("unit", "VARCHAR NOT NULL"),
        ("category", "VARCHAR NOT NULL"), ("event", "VARCHAR"), ("subject", "VARCHAR"),
        ("kind", "VARCHAR"), ("part_of", "INTEGER"), ("unit_key", "VARCHAR"), *_CONTEXT,
    ),
    "percentages": _fact_columns(
        ("value", "DOUBLE NOT NULL"), ("kind", "VARCHAR NOT NULL"), ("comparator", "VARCHAR NOT NULL"),
        ("subject", "VARCHAR"), ("criterion", "VARCHAR"), *_CONTEXT,
    ),
    "entities": _fact_columns(("label", "VARCHAR NOT NULL"), ("source", "VARCHAR")),
}
FACT_TABLES = tuple(t for t in TABLES if t != "documents")

_ARROW_TYPES = {
    "VARCHAR": pa.string(), "INTEGER": pa.int32(), "BIGINT": pa.int64(),
    "DOUBLE": pa.float64(), "DATE": pa.date32(), "VARCHAR[]": pa.list_(pa.string()),
}


def sql_type(declared: str) -> str:
    """The bare type of a column declaration: 'VARCHAR NOT NULL' -> 'VARCHAR'."""
    return declared.split(" ", 1)[0]


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
