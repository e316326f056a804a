"""Open the facts store and ask it questions: SQL or named presets, read-only by default.

``open_db(path)`` gives a ``FactsDB``: ``.sql(query, **params)`` and
``.preset(name, **params)`` return pandas DataFrames (``polars=True`` for
polars). Queries on a read-only store must be one SELECT (or EXPLAIN/PRAGMA)
statement; anything else is refused before it runs, and the connection itself
is read-only, so a query never changes the store. Errors come as ``QueryError``
with a one-line message.

Presets are data (``pipeline/data/presets.json``): SQL with ``$name``
parameters, each parameter with a type, an optional default and a help line.
Every connection gets the SQL function ``vn_key(text)``: tone-folded,
lower-cased words without punctuation, so that presets (and your own SQL) can
match "Đảng uỷ", "đảng ủy" and "Đảng ủy," alike; and ``vn_plain_key(text)``,
the same without any diacritics ("Hà Tĩnh" → "ha tinh"). When a preset's
``vn_key($name)`` parameter is typed without diacritics ("Ha Tinh"), the
preset compares its text by ``vn_plain_key`` instead, so it finds "Hà Tĩnh".

A preset parameter with declared ``values``, or compared for equality with a
column whose contract field is an enum (``c.event = $event``), takes only
those values (for an enum column: plus the literals the SQL compares the
parameter with, such as 'none'): another value is refused with the list of
the allowed ones, not answered with zero rows.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any, Iterable, Literal, get_args, get_origin

import duckdb
from pydantic import BaseModel

from ..normalize import key_form
from ..records import FACT_MODELS, ArticleRecord
from ..tables import load_table
from .load import load_jsonl
from .schema import TABLES, ensure_schema

READ_ONLY_STATEMENTS = {"SELECT", "EXPLAIN", "PRAGMA"}
_PARAM_TYPES = {"str": str, "int": int, "float": float, "date": date.fromisoformat}


class QueryError(Exception):
    """A query or preset that could not run; the message is one line."""

    exit_code = 1


class RequestRefused(QueryError):
    """The request itself is not allowed: a write statement, an unknown preset or parameter."""

    exit_code = 2


def one_line(err: BaseException) -> str:
    """DuckDB's message without its source excerpt (LINE 1: ... / ^^^), on one line."""
    lines = [ln.strip() for ln in str(err).splitlines()]
    kept = [ln for ln in lines if ln and not ln.startswith("LINE ") and set(ln) != {"^"}]
    return " ".join(kept) or type(err).__name__


def search_key(text: str) -> str:
    """Words of ``text`` in match form (tone-folded, lower case), punctuation dropped."""
    return " ".join(re.findall(r"\w+", key_form(text)))


def plain_key(text: str) -> str:
    """``search_key`` without diacritics: "Hà Tĩnh" → "ha tinh"."""
    decomposed = unicodedata.normalize("NFD", search_key(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("đ", "d")


def _without_diacritics(value: Any) -> bool:
    """A text parameter typed in plain letters ("Ha Tinh"), which must match "Hà Tĩnh" too."""
    return isinstance(value, str) and any(c.isalpha() for c in value) and plain_key(value) == search_key(value)


def _literal_values(annotation) -> list[str]:
    if get_origin(annotation) is Literal:
        return [a for a in get_args(annotation) if isinstance(a, str)]
    return [v for arg in get_args(annotation) for v in _literal_values(arg)]


def _model_of(annotation) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return next(filter(None, map(_model_of, get_args(annotation))), None)


def column_values(table: str, column: str) -> list[str]:
    """The values the contract allows in a store column (its field's Literal), [] if any value goes."""
    field_path = next((fld for name, _, fld in TABLES.get(table, ()) if name == column), None)
    model = ArticleRecord if table == "documents" else FACT_MODELS.get(table)
    if field_path is None or model is None:
        return []
    *steps, last = field_path.split(".")
    for step in steps:
        model = _model_of(model.model_fields[step].annotation)
    return _literal_values(model.model_fields[last].annotation)


_TABLE_ALIAS = re.compile(r"\b(?:FROM|JOIN)\s+(\w+)(?:\s+(?:AS\s+)?(\w+))?", re.IGNORECASE)


def enum_values(sql: str, param: str) -> list[str]:
    """The values ``$param`` may take in ``sql``: those of an enum column it is compared
    with (``c.event = $event``) plus the literals it is compared with ($event = 'none');
    [] when it is compared with no enum column."""
    tables = {t: t for t, _ in _TABLE_ALIAS.findall(sql)}
    tables.update({alias: t for t, alias in _TABLE_ALIAS.findall(sql) if alias})
    name = re.escape(param)
    compared = re.findall(rf"\b(\w+)\.(\w+)\s*=\s*\${name}\b", sql) + \
        re.findall(rf"\${name}\s*=\s*(\w+)\.(\w+)\b", sql)
    for alias, column in compared:
        if values := column_values(tables.get(alias, alias), column):
            return values + re.findall(rf"\${name}\s*=\s*'([^']*)'", sql)
    return []


def presets() -> dict[str, dict]:
    """The preset questions by name: question, params, sql."""
    return load_table("presets")


def preset_sql(spec: dict) -> str:
    sql = spec["sql"]
    return sql if isinstance(sql, str) else "\n".join(sql)


def preset_params(name: str, given: dict[str, Any]) -> dict[str, Any]:
    """The preset's parameters: given values (strings converted to the declared type), else defaults."""
    spec = presets()[name]
    declared = spec.get("params", {})
    unknown = sorted(set(given) - set(declared))
    if unknown:
        accepted = ", ".join(declared) or "no parameters"
        raise RequestRefused(f"preset {name} has no parameter {', '.join(unknown)} (it takes: {accepted})")
    values = {}
    for pname, pspec in declared.items():
        if pname in given:
            value = given[pname]
            if isinstance(value, str) and pspec.get("type", "str") != "str":
                try:
                    value = _PARAM_TYPES[pspec["type"]](value)
                except ValueError:
                    raise RequestRefused(
                        f"preset {name}: parameter {pname} must be {pspec['type']}, got {value!r}") from None
            allowed = pspec.get("values") or enum_values(preset_sql(spec), pname)
            if allowed and value not in allowed:
                raise RequestRefused(f"preset {name}: parameter {pname} must be one of "
                                     f"{', '.join(allowed)} (got {value!r})")
            values[pname] = value
        elif "default" in pspec:
            values[pname] = pspec["default"]
        else:
            raise RequestRefused(f"preset {name} needs --param {pname}=... ({pspec.get('help', '')})")
    return values


class FactsDB:
    """A connection to the facts store. Use as a context manager, or call ``close()``."""

    def __init__(self, path: str | Path, read_only: bool = True):
        self.path = Path(path)
        self.read_only = read_only
        if read_only and not self.path.exists():
            raise FileNotFoundError(f"no facts store at {self.path} (create it with: vnfacts load FILE.jsonl --db {self.path})")
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.Error as err:
            raise QueryError(f"cannot open {self.path}: {one_line(err)}") from None
        if not read_only:
            ensure_schema(self.con)
        self.con.create_function("vn_key", search_key, ["VARCHAR"], "VARCHAR", side_effects=False)
        self.con.create_function("vn_plain_key", plain_key, ["VARCHAR"], "VARCHAR", side_effects=False)

    # -- queries -------------------------------------------------------------
    def relation(self, query: str, params: dict[str, Any] | None = None) -> duckdb.DuckDBPyRelation:
        """The DuckDB relation for one statement (lazy: fetch it with .df(), .pl(), .fetchall() ...)."""
        if self.read_only:
            self._check_read_only(query)
        try:
            return self.con.sql(query, params=params or None)
        except duckdb.Error as err:
            raise QueryError(one_line(err)) from err

    def _check_read_only(self, query: str) -> None:
        try:
            statements = duckdb.extract_statements(query)
        except duckdb.Error as err:
            raise QueryError(one_line(err)) from err
        if len(statements) != 1:
            raise RequestRefused(f"give exactly one SQL statement (got {len(statements)})")
        kind = statements[0].type.name
        if kind not in READ_ONLY_STATEMENTS:
            raise RequestRefused(
                f"{kind} statements are not allowed: the store is read-only for queries "
                f"(use SELECT; vnfacts load changes the store)")

    def fetch(self, relation_or_query, params: dict[str, Any] | None = None, *, polars: bool = False):
        rel = relation_or_query if isinstance(relation_or_query, duckdb.DuckDBPyRelation) \
            else self.relation(relation_or_query, params)
        if rel is None:  # a statement without a result (PRAGMA that only sets something)
            return None
        try:
            return rel.pl() if polars else rel.df()
        except duckdb.Error as err:
            raise QueryError(one_line(err)) from err

    def sql(self, query: str, *, polars: bool = False, **params):
        """Run one SQL statement with ``$name`` parameters; a pandas (or polars) DataFrame."""
        return self.fetch(query, params, polars=polars)

    def preset_relation(self, name: str, **params) -> duckdb.DuckDBPyRelation:
        if name not in presets():
            raise RequestRefused(f"no preset {name!r} (presets: {', '.join(presets())})")
        sql = preset_sql(presets()[name])
        if any(_without_diacritics(v) for p, v in params.items() if f"vn_key(${p})" in sql):
            sql = sql.replace("vn_key(", "vn_plain_key(")
        return self.relation(sql, preset_params(name, params))

    def preset(self, name: str, *, polars: bool = False, **params):
        """Answer a preset question (see ``presets()``); a pandas (or polars) DataFrame."""
        return self.fetch(self.preset_relation(name, **params), polars=polars)

    def tables(self) -> list[str]:
        return [r[0] for r in self.con.execute(
            "SELECT table_name FROM information_schema.tables ORDER BY table_name").fetchall()]

    # -- loading -------------------------------------------------------------
    def load(self, paths: Iterable[str | Path], on_error=None, on_warning=None):
        """Load ArticleRecord JSONL files (a store opened with read_only=False); a LoadReport.
        ``on_error`` gets each malformed line, ``on_warning`` each record loaded with a warning."""
        if self.read_only:
            raise RequestRefused("this store is open read-only: open_db(path, read_only=False) to load")
        return load_jsonl(self.con, paths, on_error=on_error, on_warning=on_warning)

    # -- lifetime ------------------------------------------------------------
    def close(self) -> None:
        if self.con is not None:
            self.con.close()
            self.con = None

    def __enter__(self) -> "FactsDB":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        mode = "read-only" if self.read_only else "writable"
        return f"FactsDB({str(self.path)!r}, {mode})"


def open_db(path: str | Path, read_only: bool = True) -> FactsDB:
    """Open the facts store at ``path`` (read-only unless ``read_only=False``)."""
    return FactsDB(path, read_only=read_only)
