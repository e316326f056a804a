"""Read input paths into Articles: one Article (or one error) per input document.

An input document is a ``.txt`` file, an ``.html``/``.htm`` file, one line of
a ``.jsonl`` file, or standard input (``-``). ``.gz`` is read through gzip
(``.jsonl.gz``, ``.txt.gz``, ``.html.gz``). Folders are walked recursively in
sorted order; in folders, files with other extensions and hidden files are not
inputs. A file named on the command line with another extension is read as
HTML when it starts like HTML, else as text.

Reading happens in two steps so that the expensive one runs in parallel:

* ``iter_documents(paths)`` (main process, cheap): walks folders, streams JSONL
  lines, and yields a ``RawDocument`` per input document: a path to read, or
  the raw bytes of one JSONL line, or an error found already (a missing path,
  a file that is not gzip, a line over the size limit).
* ``to_article(raw)`` (a worker): reads and decodes the bytes, parses JSON,
  extracts an HTML page's main text, title and date (trafilatura, offline),
  normalizes to NFC, and checks the text (blank, too large, legacy font
  encoding). It raises ``IngestError(reason, message)`` for a document that
  gives no Article; ``reason`` is the errors-file code.

Standard input: JSON Lines when its first non-blank byte is ``{``, an HTML
page when it is ``<``, else one plain-text document.
"""
from __future__ import annotations

import gzip
import json
import logging
import os
import re
import sys
import zlib
from dataclasses import dataclass
from typing import IO, Callable, Iterator, Optional

from .article import Article
from .encodings import DecodeError, check_text, decode
from .normalize import clean_document_text

IngestError = DecodeError  # one exception for every unreadable document: .reason, .message

# Offline page parsing only; trafilatura and htmldate log every odd page at WARNING.
for _name in ("trafilatura", "htmldate", "courlan", "justext", "charset_normalizer"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)

STDIN = "-"
KINDS = {
    ".txt": "text", ".text": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
}
DEFAULT_MAX_CHARS = 2_000_000
# Raw input may be this many times larger than the text limit (HTML markup) before
# it is refused unread.
RAW_BYTES_PER_CHAR = 10


@dataclass(frozen=True)
class IngestOptions:
    """JSONL field names and the size limit; picklable, handed to every worker."""

    text_field: str = "text"
    html_field: str = "html"
    id_field: str = "id"
    url_field: str = "url"
    title_field: str = "title"
    published_field: str = "published"
    max_chars: int = DEFAULT_MAX_CHARS

    @property
    def max_bytes(self) -> int:
        return self.max_chars * RAW_BYTES_PER_CHAR


@dataclass
class RawDocument:
    """One input document before decoding: where it is, and its bytes if already read."""

    source: str
    line: Optional[int] = None
    kind: str = "text"              # text | html | auto | json | error
    path: Optional[str] = None      # file to read (text/html/auto); None when data is set
    gz: bool = False
    data: Optional[bytes] = None    # a JSONL line, stdin, or a file read ahead (load())
    error: Optional[tuple[str, str]] = None  # (reason, message) for kind == "error"

    @property
    def key(self) -> tuple[str, Optional[int]]:
        return (self.source, self.line)


def kind_of(name: str) -> tuple[Optional[str], bool]:
    """(kind, gzipped) from a file name; kind None for extensions that are not inputs."""
    lower = name.lower()
    gz = lower.endswith(".gz")
    base = lower[:-3] if gz else lower
    return KINDS.get(os.path.splitext(base)[1]), gz


# --------------------------------------------------------------------------- walking

def iter_documents(paths: list[str], options: IngestOptions = IngestOptions(),
                   exclude: tuple[str, ...] = ()) -> Iterator[RawDocument]:
    """Every input document under the paths, in a stable order, without decoding.

    ``exclude``: files never read as inputs (the run's own output and errors
    files, when they sit inside an input folder).
    """
    excluded = {os.path.realpath(p) for p in exclude if p and p != STDIN}
    for path in paths:
        if path == STDIN:
            yield from _stdin_documents(options)
        elif os.path.isdir(path):
            for file_path in _walk(path):
                if excluded and os.path.realpath(file_path) in excluded:
                    continue
                kind, gz = kind_of(file_path)
                yield from _file_documents(file_path, kind, gz, options)
        elif os.path.exists(path):
            kind, gz = kind_of(path)
            yield from _file_documents(path, kind or "auto", gz, options)
        else:
            yield RawDocument(source=path, kind="error", error=("not-found", "no such file or folder"))


def _walk(folder: str) -> Iterator[str]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and kind_of(name)[0]:
                yield os.path.join(root, name)


def _file_documents(path: str, kind: str, gz: bool, options: IngestOptions) -> Iterator[RawDocument]:
    if kind == "jsonl":
        yield from _jsonl_documents(path, gz, options)
    else:
        yield RawDocument(source=path, kind=kind, path=path, gz=gz)


def _jsonl_documents(path: str, gz: bool, options: IngestOptions) -> Iterator[RawDocument]:
    try:
        f = gzip.open(path, "rb") if gz else open(path, "rb")
    except OSError as e:
        yield RawDocument(source=path, kind="error", error=("unreadable", str(e)))
        return
    with f:
        yield from _stream_lines(f, path, options, gz)


def _stream_lines(f: IO[bytes], source: str, options: IngestOptions, gz: bool = False) -> Iterator[RawDocument]:
    """One RawDocument per non-blank line; a line over the limit is an error, not read into memory."""
    number = 0
    limit = options.max_bytes
    while True:
        try:
            line = f.readline(limit + 1)
        except (gzip.BadGzipFile, zlib.error, EOFError, OSError) as e:
            if number == 0 and not isinstance(e, EOFError):
                yield RawDocument(source=source, kind="error", error=("bad-gzip" if gz else "unreadable", str(e)))
            else:
                reason = "truncated-gzip" if isinstance(e, EOFError) else ("bad-gzip" if gz else "unreadable")
                yield RawDocument(source=source, line=number + 1, kind="error",
                                  error=(reason, f"reading stopped at line {number + 1}: {e or 'unexpected end of file'}"))
            return
        if not line:
            return
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            size = len(line) + _skip_rest_of_line(f)
            yield RawDocument(source=source, line=number, kind="error",
                              error=("too-large", f"line of {size:,} bytes is over the limit of {limit:,} "
                                                  f"(--max-chars {options.max_chars:,})"))
            continue
        if line.strip():
            yield RawDocument(source=source, line=number, kind="json", data=line)


def _skip_rest_of_line(f: IO[bytes]) -> int:
    skipped = 0
    while True:
        part = f.readline(1 << 20)
        skipped += len(part)
        if not part or part.endswith(b"\n"):
            return skipped


def _stdin_documents(options: IngestOptions) -> Iterator[RawDocument]:
    stream = sys.stdin.buffer
    head = stream.peek(4096)[:4096] if hasattr(stream, "peek") else b""
    first = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if first == b"{":
        yield from _stream_lines(stream, STDIN, options)
        return
    data = stream.read(options.max_bytes + 1)
    if len(data) > options.max_bytes:
        yield RawDocument(source=STDIN, kind="error",
                          error=("too-large", f"standard input is over {options.max_bytes:,} bytes"))
        return
    yield RawDocument(source=STDIN, kind="html" if first == b"<" else "text", data=data)


# --------------------------------------------------------------------------- reading

def load(raw: RawDocument, options: IngestOptions = IngestOptions()) -> RawDocument:
    """The document with its bytes read (to ship it to a worker that may not see the file)."""
    if raw.data is not None or raw.path is None or raw.kind == "error":
        return raw
    try:
        data = _read_file(raw, options)
    except IngestError as e:
        return RawDocument(source=raw.source, line=raw.line, kind="error", error=(e.reason, e.message))
    return RawDocument(source=raw.source, line=raw.line, kind=raw.kind, gz=False, data=data)


def _read_file(raw: RawDocument, options: IngestOptions) -> bytes:
    limit = options.max_bytes
    try:
        size = os.path.getsize(raw.path)
        if size > limit and not raw.gz:
            raise IngestError("too-large", f"file of {size:,} bytes is over the limit of {limit:,} "
                                           f"(--max-chars {options.max_chars:,})")
        with (gzip.open(raw.path, "rb") if raw.gz else open(raw.path, "rb")) as f:
            data = f.read(limit + 1)
    except FileNotFoundError:
        raise IngestError("not-found", "no such file") from None
    except (gzip.BadGzipFile, zlib.error) as e:
        raise IngestError("bad-gzip", str(e)) from None
    except EOFError:
        raise IngestError("truncated-gzip", "the gzip stream ends early") from None
    except IsADirectoryError:
        raise IngestError("unreadable", "is a folder") from None
    except OSError as e:
        raise IngestError("unreadable", e.strerror or str(e)) from None
    if len(data) > limit:
        raise IngestError("too-large", f"over the limit of {limit:,} bytes (--max-chars {options.max_chars:,})")
    return data


def to_article(raw: RawDocument, options: IngestOptions = IngestOptions()) -> Article:
    """The Article for one input document, text normalized; raises IngestError."""
    if raw.kind == "error":
        raise IngestError(*raw.error)
    data = raw.data if raw.data is not None else _read_file(raw, options)
    if raw.kind == "json":
        article = _json_article(raw, data, options)
    else:
        kind = raw.kind
        if kind == "auto":
            kind = "html" if _looks_like_html(data) else "text"
        text = decode(data, html=(kind == "html"))
        if kind == "html":
            article = _html_article(text, raw)
        else:
            article = Article(text=text, source=raw.source, line=raw.line)
    article.text = _checked_text(article.text, options)
    return article


def _checked_text(text: str, options: IngestOptions) -> str:
    text = clean_document_text(text)
    if not text.strip():
        raise IngestError("blank", "the document has no text (only whitespace)")
    if len(text) > options.max_chars:
        raise IngestError("too-large", f"{len(text):,} characters is over --max-chars {options.max_chars:,}")
    check_text(text)
    return text


def _looks_like_html(data: bytes) -> bool:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(b"<") and any(t in head for t in (b"<html", b"<!doctype html", b"<body", b"<head"))


def _json_article(raw: RawDocument, data: bytes, options: IngestOptions) -> Article:
    try:
        line = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise IngestError("invalid-utf8", f"JSON line is not UTF-8 ({e.reason} at byte {e.start})") from None
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as e:
        raise IngestError("bad-json", f"{e.msg} (column {e.colno}: line cut short or broken)") from None
    if not isinstance(obj, dict):
        raise IngestError("bad-json", f"the line is a JSON {type(obj).__name__}, not an object")
    text = _field(obj, options.text_field)
    title = _str_or_none(_field(obj, options.title_field))
    published = iso_published(_field(obj, options.published_field))
    url = _str_or_none(_field(obj, options.url_field))
    if not (isinstance(text, str) and text.strip()):
        html = _field(obj, options.html_field)
        if isinstance(html, str) and html.strip():
            page = _html_article(html, raw)
            text = page.text
            title = title or page.title
            published = published or page.published
            url = url or page.url
        elif isinstance(text, str):
            raise IngestError("blank", f"the '{options.text_field}' field has no text (only whitespace)")
        else:
            keys = ", ".join(sorted(obj)[:8]) or "none"
            raise IngestError("no-text", f"no '{options.text_field}' or '{options.html_field}' field "
                                         f"with text (fields: {keys})")
    doc_id = _field(obj, options.id_field)
    if isinstance(doc_id, (dict, list)) or doc_id in (None, ""):
        doc_id = None
    return Article(text=text, source=raw.source, line=raw.line, doc_id=None if doc_id is None else str(doc_id),
                   url=url, title=title, published=published)


def _field(obj: dict, name: str):
    """obj[name]; a dotted name reaches into nested objects ("meta.id")."""
    if name in obj:
        return obj[name]
    value = obj
    for part in name.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def _str_or_none(value) -> Optional[str]:
    if value is None or isinstance(value, (dict, list)):
        return None
    value = str(value).strip()
    return value or None


_ISO_PREFIX = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})")


def iso_published(value) -> Optional[str]:
    """A publication date as YYYY-MM-DD from ISO dates/datetimes or Vietnamese d/m/y; else None."""
    from .extract.dates import iso_date, parse_date

    if not isinstance(value, str) or not value.strip():
        return None
    m = _ISO_PREFIX.match(value)
    if m:
        return iso_date(m.group(3), m.group(2), m.group(1))
    return parse_date(value)


_PAGE_DATE = {"extensive_search": False, "original_date": True}


def _html_article(html: str, raw: RawDocument) -> Article:
    """Main text, title, date and canonical URL of a page (trafilatura, no network)."""
    import trafilatura

    try:
        # The date from the page's metadata only: htmldate's extensive search guesses one from
        # any date-like string (an image's upload path), which is not when the article appeared.
        page = trafilatura.bare_extraction(html, include_comments=False, include_tables=True,
                                           favor_recall=True, with_metadata=True,
                                           date_extraction_params=_PAGE_DATE)
    except Exception:  # a page lxml cannot build; fall back to the bare text below
        page = None
    text = getattr(page, "text", None) or ""
    if not text.strip():
        try:
            text = trafilatura.html2txt(html) or ""
        except Exception as e:
            raise IngestError("bad-html", f"no text could be read from the page ({type(e).__name__})") from None
    title = _str_or_none(getattr(page, "title", None))
    published = iso_published(getattr(page, "date", None))
    url = _str_or_none(getattr(page, "url", None))
    return Article(text=text, source=raw.source, line=raw.line, title=title, published=published, url=url)


# --------------------------------------------------------------------------- convenience

def iter_articles(paths: list[str], options: IngestOptions = IngestOptions(),
                  on_error: Optional[Callable[[RawDocument, IngestError], None]] = None) -> Iterator[Article]:
    """Articles from the paths, serially; unreadable documents go to on_error (or are skipped)."""
    for raw in iter_documents(paths, options):
        try:
            yield to_article(raw, options)
        except IngestError as e:
            if on_error:
                on_error(raw, e)
