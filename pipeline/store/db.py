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
match "Đảng uỷ", "đảng ủy" and "Đảng ủy," alike.
"""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any, Iterable

import duckdb

from ..normalize import key_form
from ..tables import load_table
from .schema import ensure_schema

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
        return self.relation(preset_sql(presets()[name]), preset_params(name, params))

    def preset(self, name: str, *, polars: bool = False, **params):
        """Answer a preset question (see ``presets()``); a pandas (or polars) DataFrame."""
        return self.fetch(self.preset_relation(name, **params), polars=polars)

    def tables(self) -> list[str]:
        return [r[0] for r in self.con.execute(
            "SELECT table_name FROM information_schema.tables ORDER BY table_name").fetchall()]

    # -- loading -------------------------------------------------------------
    def load(self, paths: Iterable[str | Path], on_error=None):
        """Load ArticleRecord JSONL files (a store opened with read_only=False); a LoadReport."""
        if self.read_only:
            raise RequestRefused("this store is open read-only: open_db(path, read_only=False) to load")
        from .load import load_jsonl
        return load_jsonl(self.con, paths, on_error=on_error)

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
