"""What the web pages ask the store: facets, filtered fact rows, an article with
its facts, a cited document, the overview, SQL and presets.

Everything runs on one read-only connection (``pipeline.store.open_db``), one
query at a time, each with a time limit (DuckDB interrupts it) and a row cap.
Values are always bound as parameters; the only names put into SQL text are
table and column names taken from the store's own schema.

Facets are read off the columns the store has: a facet whose column holds no
value yet (the place of an article before the place extractor fills it) simply
shows nothing, and fills in when the values arrive.
"""
from __future__ import annotations

import threading
import typing
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import duckdb

from ..records import FACT_MODELS
from ..store.db import FactsDB, QueryError, one_line, open_db, preset_params, preset_sql, presets
from ..store.schema import FACT_TABLES
from .collate import plain_form, search_terms, sort_key

KINDS = FACT_TABLES
TIME_LIMIT_SECONDS = 10.0
SQL_ROW_CAP = 1000           # rows shown by /sql
DOWNLOAD_ROW_CAP = 200_000   # rows in one CSV / JSON download
PER_PAGE = 50
MAX_PER_PAGE = 500
# Facets in the order they are shown, each where its kind has the column.
FACET_ORDER = ("province", "year", "event", "category", "kind", "qualifier", "unit_key",
               "doc_type", "issuer_code", "issued_year", "system", "label", "comparator", "source")
INT_FACETS = {"year", "issued_year"}
# What a row of each kind shows in the table, after published and the article link.
# Views the pages read often, computed once per server (see Explorer._snapshot_views).
SNAPSHOT_VIEWS = ("document_mentions", "documents_cited")
HIDDEN_COLUMNS = {"doc_id", "ord", "start_char", "end_char", "title", "published"}


class BadRequest(ValueError):
    """A request the explorer refuses (bad filter value, unknown parameter): a 400 with the reason."""


class NotFound(LookupError):
    """An unknown article, document or kind: a 404."""


def _literal_values(annotation) -> list[str]:
    """The allowed values of an Optional[Literal[...]] field, else []."""
    if typing.get_origin(annotation) is typing.Literal:
        return list(typing.get_args(annotation))
    values: list[str] = []
    for arg in typing.get_args(annotation):
        values += _literal_values(arg)
    return values


def enum_values(kind: str) -> dict[str, list[str]]:
    """Fields of a fact kind that only take listed values (event, category, label, ...)."""
    model = FACT_MODELS[kind]
    found = {name: _literal_values(f.annotation) for name, f in model.model_fields.items()}
    return {name: values for name, values in found.items() if values}


def plain(value):
    """A JSON-ready value."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def shown_columns(page: "Result") -> list[str]:
    """The columns a page of fact rows shows: the fact's words first, its sentence last,
    and none that is empty on every row of the page."""
    filled = [c for i, c in enumerate(page.columns)
              if c not in HIDDEN_COLUMNS and any(row[i] is not None for row in page.rows)]
    middle = [c for c in filled if c not in ("text", "sentence")]
    return [c for c in ("text",) if c in filled] + middle + [c for c in ("sentence",) if c in filled]


@dataclass
class Result:
    columns: list[str]
    rows: list[tuple]
    truncated: bool = False

    def records(self) -> list[dict]:
        return [dict(zip(self.columns, row)) for row in self.rows]

    def as_json(self) -> dict:
        return {"columns": self.columns, "rows": [[plain(v) for v in r] for r in self.rows],
                "truncated": self.truncated}


@dataclass
class FactQuery:
    """A /facts/{kind} request: filters by facet, a text search, a page."""

    kind: str
    filters: dict[str, object] = field(default_factory=dict)
    q: str = ""
    page: int = 1
    per_page: int = PER_PAGE


class Explorer:
    def __init__(self, db_path: str | Path, time_limit: float = TIME_LIMIT_SECONDS):
        self.db: FactsDB = open_db(db_path)
        self.db.con.create_function("vn_plain", plain_form, ["VARCHAR"], "VARCHAR", side_effects=False)
        # A page in a browser must not read the machine's files through SQL (read_text('/etc/...')),
        # and no statement may turn that back on.
        self.db.con.execute("SET enable_external_access = false")
        self.db.con.execute("SET lock_configuration = true")
        self.time_limit = time_limit
        self._lock = threading.Lock()
        self._memo: dict[str, object] = {}
        self.warnings: list[str] = []
        self._snapshot_views()
        self.columns = {t: self._table_columns(t) for t in ("documents", *KINDS)}
        self.facets = {kind: self._facet_expressions(kind) for kind in KINDS}

    def close(self) -> None:
        self.db.close()

    def _snapshot_views(self) -> None:
        """document_mentions and documents_cited as temporary tables that shadow the views
        for this connection.

        The views key and vote over every mention of every code on each read, the slow part
        of the overview and of a document's page. A store open read-only cannot change while
        it is open (a writer cannot get DuckDB's lock), so computing them once is exact.
        """
        views = {r[0] for r in self.run("SELECT table_name FROM information_schema.tables "
                                        "WHERE table_type = 'VIEW'").rows}
        for view in SNAPSHOT_VIEWS:
            if view in views:
                self.run(f"CREATE TEMP TABLE {view} AS SELECT * FROM main.{view}")
            else:
                self.warnings.append(f"the store has no {view} view (made by an older vnfacts?): pages that "
                                     f"need it will fail; `vnfacts load` on it once brings its views up to date")

    def _once(self, key: str, compute):
        """What the read-only store answers once, kept for the next requests (see above)."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    # -- running queries ---------------------------------------------------
    def run(self, sql: str, params: dict | None = None, cap: int | None = None, *, checked: bool = False) -> Result:
        """One statement, at most ``cap`` rows (``truncated`` says there were more), within the time limit.
        ``checked``: the statement comes from the user and goes through the store's read-only check."""
        if checked:
            return self._fetch(lambda: self.db.relation(sql, params), cap)
        return self._fetch(lambda: self.db.con.sql(sql, params=params or None), cap)

    def _fetch(self, make_relation, cap: int | None) -> Result:
        with self._lock:
            timer = threading.Timer(self.time_limit, self.db.con.interrupt)
            timer.start()
            try:
                relation = make_relation()
                if relation is None:
                    return Result([], [])
                rows = (relation.limit(cap + 1) if cap is not None else relation).fetchall()
                columns = list(relation.columns)
            except duckdb.InterruptException:
                raise QueryError(f"the query took longer than {self.time_limit:g} s and was stopped") from None
            except duckdb.Error as err:
                raise QueryError(one_line(err)) from None
            finally:
                timer.cancel()
        truncated = cap is not None and len(rows) > cap
        return Result(columns, rows[:cap] if truncated else rows, truncated)

    def scalar(self, sql: str, params: dict | None = None):
        rows = self.run(sql, params).rows
        return rows[0][0] if rows else None

    def _table_columns(self, table: str) -> list[str]:
        return [r[0] for r in self.run(
            "SELECT column_name FROM information_schema.columns WHERE table_name = $t ORDER BY ordinal_position",
            {"t": table}).rows]

    # -- fact rows ----------------------------------------------------------
    def _facet_expressions(self, kind: str) -> dict[str, str]:
        """Facet name -> SQL expression over ``f`` (the fact) joined with ``d`` (its article)."""
        own = set(self.columns[kind])
        has = lambda column: column in own  # noqa: E731
        expressions = {
            # A fact's own place (when it names another unit than its article's) before the article's.
            "province": "coalesce(f.province, d.province)" if has("province") else "d.province",
            # The year a fact is about: the end of its period where known, else the year the article appeared.
            "year": ("coalesce(TRY_CAST(left(f.period_end, 4) AS INTEGER), year(d.published))"
                     if has("period_end") else "year(d.published)"),
            "issued_year": "year(f.issued_date)" if has("issued_date") else None,
        }
        for name in FACET_ORDER:
            if name not in expressions and has(name):
                expressions[name] = f"f.{name}"
        return {name: expressions[name] for name in FACET_ORDER if expressions.get(name)}

    def _rows_sql(self, kind: str) -> str:
        """Every fact of a kind with its article's title and date and the facet columns."""
        facets = self.facets[kind]
        own = [c for c in self.columns[kind] if c not in facets]
        renamed = {"year": "code_year"}  # document_refs.year is the year inside the code, not a facet
        select = [f"f.{c} AS {renamed.get(c, c)}" for c in own]
        select += [f"{expr} AS {name}" for name, expr in facets.items()]
        select += ["d.title AS title", "d.published AS published"]
        return f"SELECT {', '.join(select)} FROM {kind} f JOIN documents d USING (doc_id)"

    def check_kind(self, kind: str) -> None:
        if kind not in KINDS:
            raise NotFound(f"no fact kind {kind!r} (kinds: {', '.join(KINDS)})")

    def parse_filters(self, kind: str, given: dict[str, str]) -> dict[str, object]:
        """Facet filters from query parameters: known names, values of the right type and set."""
        self.check_kind(kind)
        facets, enums = self.facets[kind], enum_values(kind)
        filters: dict[str, object] = {}
        for name, value in given.items():
            if name not in facets:
                raise BadRequest(f"{kind} has no filter {name!r} (filters: {', '.join(facets)})")
            if value == "":
                continue
            if name in INT_FACETS:
                if not value.strip().isdigit():
                    raise BadRequest(f"filter {name} must be a year (digits), got {value!r}")
                filters[name] = int(value)
            elif name in enums and value not in enums[name]:
                raise BadRequest(f"filter {name} must be one of {', '.join(enums[name])}; got {value!r}")
            else:
                filters[name] = value
        return filters

    def _where(self, query: FactQuery) -> tuple[str, dict]:
        clauses, params = [], {}
        for i, (name, value) in enumerate(sorted(query.filters.items())):
            clauses.append(f"{name} = $f{i}")
            params[f"f{i}"] = value
        if query.q.strip():
            function, needle = search_terms(query.q)
            if needle:
                clauses.append(f"contains({function}(sentence), $needle)")
                params["needle"] = needle
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    def fact_page(self, query: FactQuery) -> dict:
        self.check_kind(query.kind)
        where, params = self._where(query)
        base = f"WITH rows AS ({self._rows_sql(query.kind)}) "
        total, facets = self.facet_counts(query, base, where, params)
        offset = (query.page - 1) * query.per_page
        page = self.run(base + f"SELECT * FROM rows{where} ORDER BY published NULLS LAST, doc_id, ord "
                        f"LIMIT {int(query.per_page)} OFFSET {int(offset)}", params)
        return {"kind": query.kind, "total": total, "page": query.page, "per_page": query.per_page,
                "pages": max(1, -(-total // query.per_page)), "filters": query.filters, "q": query.q,
                "columns": shown_columns(page), "rows": page.records(), "facets": facets}

    def facet_counts(self, query: FactQuery, base: str, where: str, params: dict) -> tuple[int, dict[str, list[dict]]]:
        """The number of rows under the current filters, and each facet's values with their numbers
        of rows; most rows first, ties in Vietnamese order. A facet without any value is left out."""
        names = list(self.facets[query.kind])
        sets = ", ".join([f"({n})" for n in names] + ["()"])  # (): all the rows, the total
        which = ", ".join(f"GROUPING({n})" for n in names)
        result = self.run(base + f"SELECT [{which}] AS g, {', '.join(names)}, count(*) AS n FROM rows{where} "
                          f"GROUP BY GROUPING SETS ({sets})", params)
        facets: dict[str, list[dict]] = {n: [] for n in names}
        total = 0
        for row in result.rows:
            grouping, values, n = row[0], row[1:-1], row[-1]
            if 0 not in grouping:
                total = n
                continue
            i = grouping.index(0)
            if values[i] is not None:
                facets[names[i]].append({"value": values[i], "count": n})
        for values in facets.values():
            values.sort(key=lambda v: (-v["count"], sort_key(v["value"])))
        return total, {n: v for n, v in facets.items() if v}

    def fact_download(self, query: FactQuery) -> Result:
        self.check_kind(query.kind)
        where, params = self._where(query)
        result = self.run(f"WITH rows AS ({self._rows_sql(query.kind)}) SELECT * FROM rows{where} "
                          "ORDER BY published NULLS LAST, doc_id, ord", params, cap=DOWNLOAD_ROW_CAP)
        if result.truncated:
            raise BadRequest(f"more than {DOWNLOAD_ROW_CAP:,} rows: narrow the filters to download them")
        return result

    # -- one article, one cited document -------------------------------------
    def article(self, doc_id: str) -> dict:
        found = self.run("SELECT * FROM documents WHERE doc_id = $id", {"id": doc_id}).records()
        if not found:
            raise NotFound(f"no article with doc_id {doc_id!r}")
        facts = {kind: self.run(f"SELECT * FROM {kind} WHERE doc_id = $id ORDER BY ord", {"id": doc_id}).records()
                 for kind in KINDS}
        return {"document": found[0], "facts": facts}

    def cited_document(self, code: str, year: int | None, province: str | None) -> dict:
        """The rows of documents_cited for a code (one per issuing province and year: Party numbering
        restarts each term, and each local committee numbers its own), and the articles citing it."""
        versions = self.run("SELECT * FROM documents_cited WHERE code = $code "
                            "ORDER BY issued_year NULLS LAST, issuer_province NULLS FIRST", {"code": code}).records()
        if not versions:
            raise NotFound(f"no cited document with code {code!r}")
        chosen = [v for v in versions if (year is None or v["issued_year"] == year)
                  and (province is None or v["issuer_province"] == province)]
        if not chosen:
            asked = " and ".join(x for x in (f"issued in {year}" if year else "",
                                             f"issued in {province}" if province else "") if x)
            raise NotFound(f"no cited document {code!r} {asked}")
        citing = self._citing_articles(code, year, province)
        return {"code": code, "versions": chosen, "citing": citing, "year": year, "province": province}

    def _citing_articles(self, code: str, year: int | None, province: str | None) -> list[dict]:
        """The articles citing a code (document_mentions: a text stored twice counts once)."""
        sql = """
            SELECT m.doc_id, d.title, m.published, m.province, count(*) AS mentions,
                   min(m.issued_year) AS issued_year,
                   string_agg(DISTINCT m.issuer_province, '; ' ORDER BY m.issuer_province) AS issuer_province
            FROM document_mentions m JOIN documents d USING (doc_id)
            WHERE m.code = $code AND ($year IS NULL OR m.issued_year = $year)
              AND ($province IS NULL OR m.issuer_province = $province)
            GROUP BY ALL ORDER BY m.published NULLS LAST, m.doc_id"""
        return self.run(sql, {"code": code, "year": year, "province": province}).records()

    # -- the overview ----------------------------------------------------------
    def overview(self) -> dict:
        return self._once("overview", self._overview)

    def _overview(self) -> dict:
        counts = {kind: self.scalar(f"SELECT count(*) FROM {kind}") for kind in KINDS}
        provinces = self.run("SELECT province, count(*) AS articles FROM documents WHERE province IS NOT NULL "
                             "GROUP BY province").records()
        provinces.sort(key=lambda r: sort_key(r["province"]))
        years = self.run("SELECT year(published) AS year, count(*) AS articles FROM documents "
                         "WHERE published IS NOT NULL GROUP BY 1 ORDER BY 1").records()
        return {"articles": self.scalar("SELECT count(*) FROM documents"), "facts": counts,
                "provinces": provinces, "years": years,
                "most_cited": self.preset_result("most_cited", {"limit": "10"}).records(),
                "undated": self.scalar("SELECT count(*) FROM documents WHERE published IS NULL")}

    def admitted_per_year(self) -> Result:
        """Members admitted per year (the sum of the counts reported), for the chart."""
        return self._once("admitted_per_year", self._admitted_per_year)

    def _admitted_per_year(self) -> Result:
        """The members_admitted preset (results only, no breakdown items, one figure per place and
        period) summed per year without counting a place twice: a province's own figure where it
        has one that year (the largest, if several periods), else the sum of its districts'."""
        spec = presets()["members_admitted"]
        return self.run(f"""
            WITH admitted AS ({preset_sql(spec)}),
            per_district AS (
                SELECT year, province, district, max(members) AS members FROM admitted GROUP BY ALL),
            per_province AS (
                SELECT year, province,
                       coalesce(max(members) FILTER (WHERE district IS NULL), sum(members)) AS members
                FROM per_district GROUP BY year, province)
            SELECT year, sum(members) AS members, count(*) AS places
            FROM per_province WHERE year IS NOT NULL GROUP BY year ORDER BY year""",
                        preset_params("members_admitted", {}))

    def facts_by_province(self) -> Result:
        return self._once("facts_by_province", self._facts_by_province)

    def _facts_by_province(self) -> Result:
        parts = [f"SELECT {self.facets[kind]['province']} AS province, '{kind}' AS kind "
                 f"FROM {kind} f JOIN documents d USING (doc_id)" for kind in KINDS]
        result = self.run(f"SELECT province, count(*) AS facts FROM ({' UNION ALL '.join(parts)}) "
                          "WHERE province IS NOT NULL GROUP BY province")
        result.rows.sort(key=lambda r: sort_key(r[0]))
        return result

    def citations_per_year(self, code: str, year: int | None, province: str | None) -> Result:
        rows = self._citing_articles(code, year, province)
        per_year: dict[int, int] = {}
        for r in rows:
            if r["published"] is not None:
                per_year[r["published"].year] = per_year.get(r["published"].year, 0) + 1
        return Result(["year", "articles"], sorted(per_year.items()))

    # -- SQL and presets ---------------------------------------------------------
    def sql(self, statement: str) -> Result:
        """A user's statement: refused unless read-only (the same rules as vnfacts query), capped, timed."""
        return self.run(statement, cap=SQL_ROW_CAP, checked=True)

    def preset_result(self, name: str, given: dict[str, str]) -> Result:
        """A preset with the values given (blank ones take their default), capped and timed."""
        values = {k: v for k, v in given.items() if v != ""}
        return self._fetch(lambda: self.db.preset_relation(name, **values), SQL_ROW_CAP)
