"""Load ArticleRecord JSON Lines into the DuckDB store, in bulk and idempotently.

Each line is validated against ``ArticleRecord``; a line that is not JSON or
not a valid record is reported with its file and line number and skipped, and
the rest loads. Records go in batches: per batch, one transaction deletes every
row of the batch's doc_ids from all tables and inserts the new rows from Arrow
tables (no INSERT per fact). A record identical to the one already stored
(same SHA-1 of its JSON line) is left alone, so loading a file twice
changes nothing; a different record for a stored doc_id replaces it whole.

Files may be gzipped (told by their first bytes, not their name). The lines of
an extraction's errors file (``ErrorRecord``: documents that gave no record)
are counted and skipped, so ``load out/*.jsonl.gz`` takes the output and its
errors file alike. Two things are loaded but warned about, as they usually
mean two inputs collided: a record that replaces one from a different
``source``, and a text (``text_sha1``) now stored under more than one doc_id.
"""
from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable, Iterable, Iterator

import pyarrow as pa
from pydantic import ValidationError

from ..records import ArticleRecord, ErrorRecord
from .schema import ARTICLE_DEFAULTS, FACT_TABLES, TABLES, arrow_schema, ensure_schema, sql_type

BATCH_RECORDS = 2000
_INT_LIMITS = {"INTEGER": 2**31 - 1, "BIGINT": 2**63 - 1}


@dataclass
class LineError:
    file: str
    line: int | None    # None: the file itself could not be read
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.message}"


class LoadWarning(LineError):
    """Something loaded that is probably not what the user meant (the line loads)."""

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: warning: {self.message}"


@dataclass
class LoadReport:
    files: int = 0
    records: int = 0        # valid records read
    new: int = 0            # doc_ids not in the store before
    replaced: int = 0       # doc_ids whose stored record was replaced by a different one
    unchanged: int = 0      # records identical to the stored one
    error_lines: int = 0    # lines of an errors file (documents without a record), skipped
    errors: list[LineError] = field(default_factory=list)
    warnings: list[LoadWarning] = field(default_factory=list)

    def summary(self, db: str) -> str:
        text = (f"{db}: {self.records} records from {self.files} file(s): {self.new} new, "
                f"{self.replaced} replaced, {self.unchanged} unchanged; "
                f"{len(self.errors)} malformed line(s) skipped")
        if self.error_lines:
            text += f"; {self.error_lines} extraction error line(s) skipped"
        if self.warnings:
            text += f"; {len(self.warnings)} warning(s)"
        return text


@dataclass
class _Parsed:
    doc_id: str
    sha1: str
    rows: dict[str, list[tuple]]
    source: str | None
    text_sha1: str | None
    file: str
    line: int


def _as_date(value):
    return None if value is None else date.fromisoformat(value)


def _int_in_range(limit: int):
    def check(value):
        if value is not None and abs(value) > limit:
            raise ValueError(f"{value} is out of range")
        return value
    return check


def _converter(declared: str) -> Callable | None:
    """What a record value needs before it fits its column (None: nothing)."""
    kind = sql_type(declared)
    if kind == "DATE":
        return _as_date
    if kind in _INT_LIMITS:
        return _int_in_range(_INT_LIMITS[kind])
    return None


def _field(obj, path: str, article=None):
    """A record field by name or dotted path; None when any step is null. A fact's
    field named in ARTICLE_DEFAULTS that is null is read from its ``article``."""
    first, *rest = path.split(".")
    value = getattr(obj, first)
    if value is None and article is not None and first in ARTICLE_DEFAULTS:
        value = getattr(article, first)
    for name in rest:
        if value is None:
            return None
        value = getattr(value, name)
    return value


class _RowPlan:
    """How one table's row is read off a record or fact: the fields in column
    order, plus the few columns whose values need converting or checking."""

    def __init__(self, table: str):
        self.table = table
        self.names = [name for name, _, _ in TABLES[table]]
        self.fields = [fld for _, _, fld in TABLES[table]]
        self.converters = [(i, conv) for i, (_, decl, _) in enumerate(TABLES[table])
                           if (conv := _converter(decl)) is not None]

    def row(self, obj, context: dict, article=None) -> tuple:
        values = [context[name] if fld is None else _field(obj, fld, article)
                  for name, fld in zip(self.names, self.fields)]
        for i, convert in self.converters:
            try:
                values[i] = convert(values[i])
            except ValueError as err:
                raise ValueError(f"{self.table}.{self.names[i]}: {err}") from None
        return tuple(values)


_PLANS = {table: _RowPlan(table) for table in TABLES}


def record_rows(record: ArticleRecord, sha1: str, file: str, line: int) -> dict[str, list[tuple]]:
    """The rows one record gives, per table; ValueError if a value does not fit its column."""
    rows = {"documents": [_PLANS["documents"].row(record, {
        "record_sha1": sha1, "loaded_from": file, "loaded_line": line})]}
    for table in FACT_TABLES:
        plan = _PLANS[table]
        rows[table] = [plan.row(fact, {"doc_id": record.doc_id, "ord": i}, record)
                       for i, fact in enumerate(getattr(record, table))]
    return rows


def _validation_message(err: ValidationError) -> str:
    problems = err.errors()
    first = problems[0]
    if first["type"] == "json_invalid":
        return f"not valid JSON ({first['msg'].removeprefix('Invalid JSON: ')})"
    where = ".".join(str(p) for p in first["loc"]) or "record"
    more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
    return f"not a valid ArticleRecord: {where}: {first['msg']}{more}"


def _is_gzip(path: Path) -> bool:
    with open(path, "rb") as f:
        return f.read(2) == b"\x1f\x8b"


def _lines(path: Path) -> Iterator[tuple[int, bytes]]:
    opener = gzip.open if _is_gzip(path) else open
    with opener(path, "rb") as f:
        for number, raw in enumerate(f, start=1):
            if raw.strip():
                yield number, raw


def _is_error_line(raw: bytes) -> bool:
    """A line of an extraction's errors file (a document that gave no record)."""
    try:
        ErrorRecord.model_validate_json(raw)
    except ValidationError:
        return False
    return True


def parse_file(path: Path, on_error: Callable[[LineError], None],
               on_error_line: Callable[[], None] = lambda: None) -> Iterator[_Parsed]:
    """Valid records of one JSONL file, as rows; each bad line goes to ``on_error``,
    each line of an errors file to ``on_error_line``."""
    for number, raw in _lines(path):
        try:
            record = ArticleRecord.model_validate_json(raw)
            sha1 = hashlib.sha1(raw.strip()).hexdigest()
            rows = record_rows(record, sha1, str(path), number)
        except ValidationError as err:
            if _is_error_line(raw):
                on_error_line()
            else:
                on_error(LineError(str(path), number, _validation_message(err)))
            continue
        except ValueError as err:
            on_error(LineError(str(path), number, f"value does not fit the store: {err}"))
            continue
        yield _Parsed(record.doc_id, sha1, rows, record.source, record.text_sha1, str(path), number)


def _arrow(table: str, rows: list[tuple]) -> pa.Table:
    schema = arrow_schema(table)
    columns = list(zip(*rows))
    return pa.Table.from_arrays(
        [pa.array(col, type=f.type) for col, f in zip(columns, schema)], schema=schema)


def _other_source(new: _Parsed, old_source: str | None) -> LoadWarning | None:
    if new.source == old_source:
        return None
    return LoadWarning(new.file, new.line, f"doc_id {new.doc_id!r} from source {new.source!r} replaces "
                                           f"the record from source {old_source!r}")


def _same_texts(con, todo: list[_Parsed]) -> list[LoadWarning]:
    """One warning per text of the loaded records that is now stored under several doc_ids."""
    loaded = {p.text_sha1: p for p in todo if p.text_sha1}
    if not loaded:
        return []
    con.register("_vnfacts_texts", pa.table({"text_sha1": list(loaded)}))
    shared = con.execute(
        "SELECT text_sha1, list(doc_id ORDER BY doc_id) FROM documents "
        "WHERE text_sha1 IN (SELECT text_sha1 FROM _vnfacts_texts) "
        "GROUP BY text_sha1 HAVING count(*) > 1 ORDER BY text_sha1").fetchall()
    con.unregister("_vnfacts_texts")
    return [LoadWarning(loaded[sha1].file, loaded[sha1].line,
                        f"the same text (text_sha1 {sha1[:12]}…) is stored under doc_ids "
                        + ", ".join(map(repr, doc_ids)))
            for sha1, doc_ids in shared]


def _flush(con, batch: dict[str, _Parsed], report: LoadReport,
           warn: Callable[[LoadWarning], None] = lambda w: None) -> None:
    if not batch:
        return
    keys = pa.table({"doc_id": list(batch), "sha1": [p.sha1 for p in batch.values()]})
    con.execute("BEGIN TRANSACTION")
    try:
        con.register("_vnfacts_keys", keys)
        stored = {doc_id: (sha1, source) for doc_id, sha1, source in con.execute(
            "SELECT doc_id, d.record_sha1, d.source FROM documents d JOIN _vnfacts_keys USING (doc_id)").fetchall()}
        todo = [p for p in batch.values() if stored.get(p.doc_id, (None,))[0] != p.sha1]
        warnings = [w for p in todo if p.doc_id in stored
                    if (w := _other_source(p, stored[p.doc_id][1])) is not None]
        report.unchanged += len(batch) - len(todo)
        report.replaced += sum(1 for p in todo if p.doc_id in stored)
        report.new += sum(1 for p in todo if p.doc_id not in stored)
        if todo:
            con.register("_vnfacts_ids", pa.table({"doc_id": [p.doc_id for p in todo]}))
            for table in TABLES:
                con.execute(f"DELETE FROM {table} WHERE doc_id IN (SELECT doc_id FROM _vnfacts_ids)")
            for table in TABLES:
                rows = [row for p in todo for row in p.rows[table]]
                if rows:
                    con.register("_vnfacts_rows", _arrow(table, rows))
                    con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _vnfacts_rows")
                    con.unregister("_vnfacts_rows")
            con.unregister("_vnfacts_ids")
            warnings += _same_texts(con, todo)
        con.unregister("_vnfacts_keys")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    batch.clear()
    for w in warnings:
        warn(w)


def load_jsonl(con, paths: Iterable[str | Path], *,
               on_error: Callable[[LineError], None] | None = None,
               on_warning: Callable[[LoadWarning], None] | None = None,
               batch_records: int = BATCH_RECORDS) -> LoadReport:
    """Load JSONL files of ArticleRecords into the store on a writable connection.

    A file that cannot be read is reported like a bad line (with no line number).
    """
    report = LoadReport()

    def error(e: LineError) -> None:
        report.errors.append(e)
        if on_error:
            on_error(e)

    def warn(w: LoadWarning) -> None:
        report.warnings.append(w)
        if on_warning:
            on_warning(w)

    def error_line() -> None:
        report.error_lines += 1

    ensure_schema(con)
    batch: dict[str, _Parsed] = {}
    for path in paths:
        report.files += 1
        try:
            for parsed in parse_file(Path(path), error, error_line):
                report.records += 1
                if parsed.doc_id in batch:
                    # A later line for the same doc_id supersedes the earlier one.
                    report.replaced += 1
                    earlier = batch.pop(parsed.doc_id)
                    if (w := _other_source(parsed, earlier.source)) is not None:
                        warn(w)
                batch[parsed.doc_id] = parsed
                if len(batch) >= batch_records:
                    _flush(con, batch, report, warn)
        except (OSError, EOFError) as err:
            reason = getattr(err, "strerror", None) or err
            error(LineError(str(path), None, f"cannot read: {reason}"))
    _flush(con, batch, report, warn)
    return report
