"""Print a query result as an aligned table, CSV, JSON Lines, or write it as Parquet."""
from __future__ import annotations

import csv
import json
import os
import sys
from datetime import date, datetime
from typing import Any, TextIO

FORMATS = ("table", "csv", "json", "parquet")
# `-o FILE` without --format: the format its extension names.
FORMAT_OF_EXTENSION = {".parquet": "parquet", ".csv": "csv", ".json": "json", ".jsonl": "json",
                       ".ndjson": "json", ".txt": "table"}


def format_for_path(path: str | None) -> str | None:
    """The output format a file name asks for (``x.parquet`` → parquet), None if it names none."""
    if not path:
        return None
    return FORMAT_OF_EXTENSION.get(os.path.splitext(path)[1].lower())


def _plain(value: Any) -> Any:
    """A JSON-ready value: dates as ISO strings, the rest as DuckDB gave it."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(_plain(value), ensure_ascii=False)
    return str(_plain(value))


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())   # sentences hold newlines; a table row is one line
    return text if len(text) <= width else text[: width - 1] + "…"


def write_table(columns: list[str], rows: list[tuple], out: TextIO, max_width: int = 48) -> None:
    cells = [[_clip(_cell(v), max_width) for v in row] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    numeric = [all(isinstance(r[i], (int, float)) or r[i] is None for r in rows) for i in range(len(columns))]

    def line(values):
        parts = [v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric)]
        return "  ".join(parts).rstrip()

    out.write(line(columns) + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    for r in cells:
        out.write(line(r) + "\n")
    out.write(f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n")


def write_csv(columns: list[str], rows: list[tuple], out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([_cell(v) for v in row] for row in rows)


def write_json(columns: list[str], rows: list[tuple], out: TextIO) -> None:
    """JSON Lines: one object per row."""
    for row in rows:
        out.write(json.dumps({c: _plain(v) for c, v in zip(columns, row)}, ensure_ascii=False) + "\n")


def write_result(relation, fmt: str, output: str | None = None, max_width: int = 48) -> None:
    """Fetch ``relation`` and write it in ``fmt`` to ``output`` (a path) or stdout."""
    if output:
        os.makedirs(os.path.dirname(os.path.abspath(output)), exist_ok=True)
    if fmt == "parquet":
        relation.to_parquet(output)   # DuckDB streams it; no copy in Python
        return
    columns, rows = list(relation.columns), relation.fetchall()
    writers = {"table": lambda o: write_table(columns, rows, o, max_width),
               "csv": lambda o: write_csv(columns, rows, o),
               "json": lambda o: write_json(columns, rows, o)}
    if output:
        with open(output, "w", encoding="utf-8", newline="") as f:
            writers[fmt](f)
    else:
        writers[fmt](sys.stdout)
