"""Write each table of the facts store to its own Parquet file (DuckDB streams it).

Every target is checked before anything is written: the folder must be a
folder, and table files already in it are replaced only with ``overwrite``."""
from __future__ import annotations

from pathlib import Path

from ..sinks import OutputRefused, check_outputs
from .db import open_db
from .schema import TABLES


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def export_parquet(db_path: str | Path, out_dir: str | Path, overwrite: bool = False) -> list[Path]:
    """``OUT_DIR/<table>.parquet`` for documents, document_refs, counts, percentages, entities.
    ``OutputRefused`` (nothing written) when OUT_DIR is not a folder or a table file exists."""
    out = Path(out_dir)
    written = []
    with open_db(db_path) as db:
        if out.exists() and not out.is_dir():
            raise OutputRefused(f"{out} is a file, not a folder: --parquet takes the folder to write the tables in")
        check_outputs([str(out / f"{table}.parquet") for table in TABLES], overwrite=overwrite)
        out.mkdir(parents=True, exist_ok=True)
        for table in TABLES:
            target = out / f"{table}.parquet"
            order = "doc_id" if table == "documents" else "doc_id, ord"
            db.con.execute(f"COPY (SELECT * FROM {table} ORDER BY {order}) "
                           f"TO {_sql_string(str(target))} (FORMAT parquet, COMPRESSION zstd)")
            written.append(target)
    return written
