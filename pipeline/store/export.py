"""Write each table of the facts store to its own Parquet file (DuckDB streams it)."""
from __future__ import annotations

from pathlib import Path

from .db import open_db
from .schema import TABLES


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def export_parquet(db_path: str | Path, out_dir: str | Path) -> list[Path]:
    """``OUT_DIR/<table>.parquet`` for documents, document_refs, counts, percentages, entities."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with open_db(db_path) as db:
        for table in TABLES:
            target = out / f"{table}.parquet"
            order = "doc_id" if table == "documents" else "doc_id, ord"
            db.con.execute(f"COPY (SELECT * FROM {table} ORDER BY {order}) "
                           f"TO {_sql_string(str(target))} (FORMAT parquet, COMPRESSION zstd)")
            written.append(target)
    return written
