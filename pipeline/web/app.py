"""The explorer as an ASGI app (Starlette): HTML pages, their JSON twins under
/api, SVG charts, CSV/JSON downloads. Read-only; nothing is fetched from
elsewhere (no CDN, no script at all: the pages are HTML and CSS)."""
from __future__ import annotations

import csv
import io
import json
import logging
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

from jinja2 import Environment, PackageLoader
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..store.db import QueryError, preset_sql, presets
from . import charts
from .explorer import (KINDS, MAX_PER_PAGE, PER_PAGE, BadRequest, Explorer, FactQuery, NotFound, Result,
                       plain)
from .marks import Span, mark_pieces, sentences_text

LOG = logging.getLogger("vnfacts.web")
LANGS = ("vi", "en")
SHOWN_CITING = 200   # citing articles listed on a document's page (all of them in its JSON twin)
RESERVED_PARAMS = {"q", "page", "per_page", "lang", "format"}
FIELDS_NOT_SHOWN = {"doc_id", "ord", "text", "start_char", "end_char", "sentence"}
SECURITY_HEADERS = {
    # No script runs on any page, whatever an article holds; nothing loads from elsewhere.
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
                               "base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def _labels() -> dict:
    with (resources.files("pipeline.web") / "labels.json").open(encoding="utf-8") as f:
        return json.load(f)


LABELS = _labels()


def translate(key, lang: str) -> str:
    entry = LABELS.get(str(key))
    return entry.get(lang, str(key)) if isinstance(entry, dict) else str(key)


def number(value, lang: str) -> str:
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return "" if value is None else str(value)
    text = f"{value:,}" if isinstance(value, int) else f"{value:,.2f}".rstrip("0").rstrip(".")
    return text.translate(str.maketrans(",.", ".,")) if lang == "vi" else text


def safe_url(url: str | None) -> str | None:
    """A scraped url as a link only when it is http(s); anything else (javascript:, data:) is shown as text."""
    if not url:
        return None
    return url if urlsplit(url.strip()).scheme.lower() in ("http", "https") else None


def path_part(value) -> str:
    """A doc_id or code inside a url path: slashes kept readable for doc_ids is not safe for codes, so quote all."""
    return quote(str(value), safe="")


def fact_fields(fact: dict) -> str:
    return " · ".join(f"{k}: {plain(v)}" for k, v in fact.items() if k not in FIELDS_NOT_SHOWN and v not in (None, []))


def table_cell(column: str, value, row, lang: str) -> Markup:
    """One table cell's HTML: every value escaped; codes and doc_ids as links to their pages.
    (Python, not a template macro: a page of a few thousand cells renders in a few ms.)"""
    if value is None:
        return Markup('<span class="null">—</span>')
    if column == "code":
        return Markup('<a href="/documents/{}">{}</a>').format(path_part(value), value)
    if column == "doc_id":
        title = row.get("title") if isinstance(row, dict) else None
        shown = title if title else value
        shown = shown if len(shown) <= 70 else shown[:67] + "..."
        return Markup('<a href="/articles/{}" title="{}">{}</a>').format(path_part(value), value, shown)
    if column.endswith("year"):
        return Markup("{}").format(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Markup("{}").format(number(value, lang))
    if isinstance(value, (list, tuple)):
        return Markup("{}").format(", ".join(str(plain(v)) for v in value))
    return Markup("{}").format(plain(value))


def lang_of(request: Request) -> str:
    asked = request.query_params.get("lang")
    if asked in LANGS:
        return asked
    return request.cookies.get("lang") if request.cookies.get("lang") in LANGS else "vi"


def _single_params(request: Request) -> dict[str, str]:
    params: dict[str, str] = {}
    for name, value in request.query_params.multi_items():
        if name in params:
            raise BadRequest(f"give parameter {name!r} once")
        params[name] = value
    return params


def _int_param(params: dict, name: str, default: int, low: int, high: int) -> int:
    value = params.get(name, "")
    if value == "":
        return default
    if not value.isdigit() or not low <= int(value) <= high:
        raise BadRequest(f"{name} must be a whole number from {low} to {high}, got {value!r}")
    return int(value)


def url_with(request: Request, drop: tuple = ("page",), **changes) -> str:
    """This page's url with some parameters changed (None removes one); the page number is reset."""
    params = {k: v for k, v in request.query_params.items() if k not in drop}
    for name, value in changes.items():
        if value is None:
            params.pop(name, None)
        else:
            params[name] = str(value)
    return request.url.path + ("?" + urlencode(params) if params else "")


def api_url(request: Request, **changes) -> str:
    base = url_with(request, drop=(), **changes)
    return "/api" + (base if base.startswith("/") and not base.startswith("/?") else "/" + base.lstrip("/"))


class Pages:
    """Each page: a handler giving its data (the JSON twin) and the template that shows it."""

    def __init__(self, explorer: Explorer):
        self.explorer = explorer
        self.env = Environment(loader=PackageLoader("pipeline.web", "templates"), autoescape=True,
                               trim_blocks=True, lstrip_blocks=True)
        self.env.filters["part"] = path_part
        self.env.filters["fields"] = fact_fields

    # -- rendering ---------------------------------------------------------------
    def render(self, request: Request, template: str, context: dict, status: int = 200) -> HTMLResponse:
        lang = lang_of(request)
        html = self.env.get_template(template).render(
            request=request, lang=lang, t=lambda key: translate(key, lang), num=lambda v: number(v, lang),
            url_with=lambda **c: url_with(request, **c), api_url=lambda **c: api_url(request, **c),
            cell=lambda column, value, row: table_cell(column, value, row, lang),
            kinds=KINDS, **context)
        return HTMLResponse(html, status_code=status)

    def endpoints(self, handler, template: str):
        def html(request: Request):
            return self.render(request, template, handler(request))

        def api(request: Request):
            return json_response(handler(request))
        return html, api

    # -- pages -------------------------------------------------------------------
    def overview(self, request: Request) -> dict:
        _single_params(request)
        return self.explorer.overview()

    def fact_query(self, request: Request) -> FactQuery:
        kind = request.path_params["kind"]
        self.explorer.check_kind(kind)
        params = _single_params(request)
        filters = self.explorer.parse_filters(kind, {k: v for k, v in params.items() if k not in RESERVED_PARAMS})
        return FactQuery(kind, filters, q=params.get("q", ""),
                         page=_int_param(params, "page", 1, 1, 10**9),
                         per_page=_int_param(params, "per_page", PER_PAGE, 1, MAX_PER_PAGE))

    def facts(self, request: Request) -> dict:
        return self.explorer.fact_page(self.fact_query(request))

    def facts_api(self, request: Request) -> Response:
        fmt = request.query_params.get("format", "")
        query = self.fact_query(request)
        if fmt == "":
            return json_response(self.explorer.fact_page(query))
        if fmt not in ("csv", "json"):
            raise BadRequest(f"format must be csv or json, got {fmt!r}")
        return download(self.explorer.fact_download(query), f"{query.kind}.{fmt}", fmt)

    def article(self, request: Request) -> dict:
        found = self.explorer.article(request.path_params["doc_id"])
        spans = [Span(f"{kind}-{f['ord']}", kind, f["start_char"], f["end_char"], f["text"], f["sentence"], f)
                 for kind in KINDS for f in found["facts"][kind]]
        text = found["document"].get("text")
        shown, placeable = (text, spans) if text else sentences_text(spans)
        pieces, unplaced = mark_pieces(shown, placeable)
        missing = {s.key for s in unplaced} | ({s.key for s in spans} - {s.key for s in placeable})
        found.update(has_text=bool(text), pieces=pieces, unplaced=sorted(missing),
                     source_link=safe_url(found["document"].get("url")))
        return found

    def article_api(self, request: Request) -> Response:
        found = self.explorer.article(request.path_params["doc_id"])
        return json_response(found)

    def document(self, request: Request) -> dict:
        params = _single_params(request)
        unknown = set(params) - {"year", "province", "lang"}
        if unknown:
            raise BadRequest(f"unknown parameter {sorted(unknown)[0]!r} (this page takes year and province)")
        year = _int_param(params, "year", None, 1, 9999) if params.get("year") else None
        found = self.explorer.cited_document(request.path_params["code"], year, params.get("province") or None)
        for version in found["versions"]:
            key = (("year", version["issued_year"]), ("province", version["issuer_province"]))
            version["link"] = "?" + urlencode([(name, value) for name, value in key if value is not None])
        return {**found, "shown_citing": SHOWN_CITING}

    def sql(self, request: Request) -> dict:
        params = _single_params(request)
        statement, preset = params.get("sql", "").strip(), params.get("preset", "")
        context = {"statement": statement, "preset": preset, "result": None, "error": None,
                   "presets": {name: {**spec, "sql_text": preset_sql(spec)} for name, spec in presets().items()}}
        try:
            if preset:
                given = {k: v for k, v in params.items() if k not in RESERVED_PARAMS | {"preset", "sql"}}
                context["result"] = self.explorer.preset_result(preset, given)
            elif statement:
                context["result"] = self.explorer.sql(statement)
        except QueryError as err:
            context["error"] = str(err)
        return context

    def sql_html(self, request: Request) -> HTMLResponse:
        context = self.sql(request)
        return self.render(request, "sql.html", context, status=400 if context["error"] else 200)

    def sql_api(self, request: Request) -> Response:
        context = self.sql(request)
        if context["error"]:
            return json_response({"error": context["error"], "status": 400}, 400)
        result: Result | None = context["result"]
        fmt = request.query_params.get("format", "")
        if result is not None and fmt in ("csv", "json"):
            return download(result, f"query.{fmt}", fmt)
        return json_response({"presets": list(context["presets"]), "result": result.as_json() if result else None})

    # -- charts ------------------------------------------------------------------
    def chart_data(self, request: Request, name: str) -> tuple[Result, dict]:
        lang = lang_of(request)
        t = lambda key: translate(key, lang)  # noqa: E731
        if name == "admitted_per_year":
            return self.explorer.admitted_per_year(), dict(
                x="year", y="members", x_title=t("chart_admitted_x"), y_title=t("chart_admitted_y"),
                title=t("chart_admitted"))
        if name == "facts_by_province":
            return self.explorer.facts_by_province(), dict(
                x="province", y="facts", x_title=t("chart_provinces_x"), y_title=t("chart_provinces_y"),
                title=t("chart_provinces"), horizontal=True)
        if name == "citations":
            found = self.document(request_with_code(request))
            return self.explorer.citations_per_year(found["code"], found["year"], found["province"]), dict(
                x="year", y="articles", x_title=t("chart_citations_x"), y_title=t("chart_citations_y"),
                title=t("chart_citations"))
        raise NotFound(f"no chart {name!r} (charts: admitted_per_year, facts_by_province, citations)")

    def chart_svg(self, request: Request) -> Response:
        result, spec = self.chart_data(request, request.path_params["name"])
        spec = charts.bar_spec(result, **spec) if result.rows else charts.empty_spec(translate("no_data", lang_of(request)))
        return Response(charts.svg(spec), media_type="image/svg+xml")

    def chart_api(self, request: Request) -> Response:
        result, _ = self.chart_data(request, request.path_params["name"])
        if request.query_params.get("format") == "csv":
            return download(result, f"{request.path_params['name']}.csv", "csv")
        return json_response(result.as_json())


def request_with_code(request: Request) -> Request:
    """The citations chart takes the document's code as ?code=; the document page reads it from the path."""
    code = request.query_params.get("code", "")
    if not code:
        raise BadRequest("the citations chart needs ?code=")
    scope = dict(request.scope)
    scope["path_params"] = {"code": code}
    scope["query_string"] = urlencode(
        [(k, v) for k, v in request.query_params.multi_items() if k not in ("code", "format")]).encode()
    return Request(scope)


def json_response(data, status: int = 200) -> JSONResponse:
    return JSONResponse(json.loads(json.dumps(data, default=_json_default, ensure_ascii=False)), status_code=status)


def _json_default(value):
    if isinstance(value, Result):
        return value.as_json()
    if hasattr(value, "__dict__"):
        return {k: v for k, v in vars(value).items() if not k.startswith("_")}
    converted = plain(value)
    return converted if converted is not value else str(value)


def download(result: Result, filename: str, fmt: str) -> Response:
    out = io.StringIO()
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows([_csv_cell(v) for v in row] for row in result.rows)
        media = "text/csv; charset=utf-8"
    else:
        json.dump([{c: plain(v) for c, v in zip(result.columns, row)} for row in result.rows], out,
                  ensure_ascii=False)
        media = "application/json"
    return Response(out.getvalue(), media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return json.dumps(plain(value), ensure_ascii=False)
    return plain(value)


class SecurityHeaders(BaseHTTPMiddleware):
    async def dispatch(self, request, call_next):
        response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        return response


def create_app(db_path: str | Path, time_limit: float | None = None) -> Starlette:
    explorer = Explorer(db_path) if time_limit is None else Explorer(db_path, time_limit)
    pages = Pages(explorer)

    def error_page(request: Request, status: int, reason: str) -> Response:
        if request.url.path.startswith("/api/"):
            return json_response({"error": reason, "status": status}, status)
        title = {404: "not_found", 400: "bad_request"}.get(status, "server_error")
        return pages.render(request, "error.html", {"status": status, "title": title, "reason": reason}, status)

    def on_http(request, exc: HTTPException):
        reason = "no such page" if exc.status_code == 404 else str(exc.detail)
        return error_page(request, exc.status_code, reason)

    def on_error(request, exc: Exception):
        if isinstance(exc, NotFound):
            return error_page(request, 404, str(exc.args[0]))
        if isinstance(exc, BadRequest):
            return error_page(request, 400, str(exc))
        if isinstance(exc, QueryError):  # a page's own query failed: the store's fault, not the request's
            return error_page(request, 500, f"the store could not answer: {exc}")
        LOG.exception("error on %s", request.url.path)  # the traceback goes to the server's log only
        return error_page(request, 500, f"the page could not be made ({type(exc).__name__})")

    def switch_language(request: Request):
        lang = request.path_params["lang"]
        target = request.query_params.get("next", "/")
        if not target.startswith("/") or target.startswith("//") or "\\" in target:
            target = "/"
        response = RedirectResponse(target, status_code=303)
        if lang in LANGS:
            response.set_cookie("lang", lang, samesite="strict", httponly=True)
        return response

    routes = []
    for path, handler, template in (("/", pages.overview, "index.html"),
                                     ("/documents/{code:path}", pages.document, "document.html")):
        html, api = pages.endpoints(handler, template)
        routes += [Route(path, html), Route("/api" + path, api)]
    facts_html, _ = pages.endpoints(pages.facts, "facts.html")
    art_html, _ = pages.endpoints(pages.article, "article.html")
    routes += [
        Route("/facts/{kind}", facts_html), Route("/api/facts/{kind}", pages.facts_api),
        Route("/articles/{doc_id:path}", art_html), Route("/api/articles/{doc_id:path}", pages.article_api),
        Route("/sql", pages.sql_html), Route("/api/sql", pages.sql_api),
        Route("/charts/{name}.svg", pages.chart_svg), Route("/api/charts/{name}", pages.chart_api),
        Route("/lang/{lang}", switch_language),
        Mount("/static", StaticFiles(packages=[("pipeline.web", "static")]), name="static"),
    ]

    @asynccontextmanager
    async def lifespan(app):
        yield
        explorer.close()

    app = Starlette(routes=routes, middleware=[Middleware(SecurityHeaders)], lifespan=lifespan,
                    exception_handlers={HTTPException: on_http, Exception: on_error,
                                        NotFound: on_error, BadRequest: on_error, QueryError: on_error})
    app.state.explorer = explorer
    return app
