"""The facts store: ArticleRecord JSON Lines loaded into DuckDB for SQL, presets and Parquet.

- ``load.load_jsonl``: bulk, idempotent loading with per-line error reports;
- ``schema``: the tables, the views (``distinct_documents``, ``document_mentions``,
  ``documents_cited``) and the SQL macros the presets use;
- ``db.open_db``: read-only queries (SQL or presets from ``pipeline/data/presets.json``)
  returning pandas or polars DataFrames;
- ``export.export_parquet``: one Parquet file per table.
"""
from .db import FactsDB, QueryError, RequestRefused, open_db, presets

__all__ = ["FactsDB", "QueryError", "RequestRefused", "open_db", "presets"]
