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

Standard input (gzipped or not): JSON Lines when its first non-blank byte is
``{``, an HTML page when it is ``<``, else one plain-text document.

Paths are recorded (``source``, and the doc_id derived from it) relative to the
working directory, or absolute when outside it, however they were spelled on
the command line: ``corpus/a``, ``./corpus/a/`` and ``$PWD/corpus/a`` name the
same documents, and ``--resume`` recognises them.

JSONL field options take several names (``content,body``): the first present
wins. A text field that holds markup is read as HTML. The input's own id can be
namespaced by a prefix (``--id-prefix``), for all inputs or one path.
"""
from __future__ import annotations

import dataclasses
import gzip
import json
import logging
import os
import re
import sys
import zlib
from collections import Counter
from dataclasses import dataclass
from typing import IO, Iterator, Optional, Union

from .article import STDIN, Article, derive_doc_id, text_sha1
from .dateline import read_dateline
from .encodings import check_text, decode
from .errors import DocumentError
from .normalize import clean_document_text

IngestError = DocumentError  # one exception for every unreadable document: .reason, .message, .doc_id

# Offline page parsing only; trafilatura and htmldate log every odd page at WARNING.
for _name in ("trafilatura", "htmldate", "courlan", "justext", "charset_normalizer"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)

KINDS = {
    ".txt": "text", ".text": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
}
DEFAULT_MAX_CHARS = 2_000_000
# Raw input may be this many times larger than the text limit (HTML markup) before
# it is refused unread.
RAW_BYTES_PER_CHAR = 10
GZIP_MAGIC = b"\x1f\x8b"
NO_EXTENSION = "(no extension)"
# A JSONL text field holding one of these tags is HTML, not text.
_MARKUP = re.compile(
    r"<(?:!doctype\s+html|/?(?:html|head|body|p|div|br|span|em|strong|b|i|u|a|h[1-6]|ul|ol|li|table|tbody|"
    r"tr|td|th|article|section|header|footer|figure|figcaption|img|blockquote|font)(?:\s[^<>]*)?/?)>", re.I)

FieldNames = Union[str, tuple[str, ...]]


def field_names(value: FieldNames) -> tuple[str, ...]:
    """The names a field option gives, in order: "content,body" or ("content", "body")."""
    names = value.split(",") if isinstance(value, str) else value
    return tuple(n.strip() for n in names if n and n.strip())


@dataclass(frozen=True)
class IngestOptions:
    """JSONL field names and the size limit; picklable, handed to every worker.

    Each field option is one name or several (comma-separated, or a tuple): the
    first present wins. ``id_prefixes``: (path, prefix) pairs, path "" for every
    input: the input's own ids become ``prefix:id``.
    """

    text_field: FieldNames = "text"
    html_field: FieldNames = "html"
    id_field: FieldNames = "id"
    url_field: FieldNames = "url"
    title_field: FieldNames = "title"
    published_field: FieldNames = "published"
    max_chars: int = DEFAULT_MAX_CHARS
    id_prefixes: tuple[tuple[str, str], ...] = ()
    with_text: bool = False         # records carry the NFC text their offsets index (extract --with-text)

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
    id_prefix: str = ""             # namespaces the input's own id (--id-prefix)

    @property
    def key(self) -> tuple[str, Optional[int]]:
        return (self.source, self.line)


def kind_of(name: str) -> tuple[Optional[str], bool]:
    """(kind, gzipped) from a file name; kind None for extensions that are not inputs."""
    lower = name.lower()
    gz = lower.endswith(".gz")
    base = lower[:-3] if gz else lower
    return KINDS.get(os.path.splitext(base)[1]), gz


def extension(name: str) -> str:
    """The extension that decides a file's kind, as shown to the user (".csv", ".csv.gz")."""
    lower = name.lower()
    gz = lower.endswith(".gz") and len(lower) > 3
    ext = os.path.splitext(lower[:-3] if gz else lower)[1] + (".gz" if gz else "")
    return ext or NO_EXTENSION


def input_name(path: str) -> str:
    """A path as recorded: relative to the working directory, or absolute when outside it."""
    if path == STDIN:
        return path
    absolute = os.path.abspath(path)
    try:
        relative = os.path.relpath(absolute)
    except ValueError:  # another drive (Windows)
        return absolute
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return absolute
    return relative


def parse_id_prefixes(values: list[str], paths: list[str]) -> tuple[tuple[str, str], ...]:
    """--id-prefix values: "PREFIX" for every input, "PATH=PREFIX" for one input path."""
    given = {input_name(p) for p in paths}
    pairs = []
    for value in values or []:
        path, sep, prefix = value.rpartition("=")
        if sep and path and input_name(path) in given:
            pairs.append((input_name(path), prefix))
        else:
            pairs.append(("", value))
    for pair in pairs:
        if not pair[1].strip(":"):
            raise ValueError(f"--id-prefix {pair[1]!r} is empty")
    if len({p for p, _ in pairs}) < len(pairs):
        raise ValueError("--id-prefix is given twice for the same inputs")
    return tuple(pairs)


def _prefix_for(path: str, options: IngestOptions) -> str:
    prefixes = dict(options.id_prefixes)
    return prefixes.get(path, prefixes.get("", ""))


# --------------------------------------------------------------------------- walking

def iter_documents(paths: list[str], options: IngestOptions = IngestOptions(),
                   exclude: tuple[str, ...] = (), skipped: Optional[Counter] = None) -> Iterator[RawDocument]:
    """Every input document under the paths, in a stable order, without decoding.

    ``exclude``: files never read as inputs (the run's own output and errors
    files, when they sit inside an input folder). ``skipped``: counts, by
    extension, the files of folders that are not inputs for their extension.
    """
    excluded = {os.path.realpath(p) for p in exclude if p and p != STDIN}
    for given in paths:
        path = input_name(given)
        prefix = _prefix_for(path, options)
        for raw in _path_documents(path, options, excluded, skipped):
            raw.id_prefix = prefix
            yield raw


def _path_documents(path: str, options: IngestOptions, excluded: set, skipped: Optional[Counter]):
    if path == STDIN:
        yield from _stdin_documents(options)
    elif os.path.isdir(path):
        for file_path in _walk(path, skipped):
            if excluded and os.path.realpath(file_path) in excluded:
                continue
            kind, gz = kind_of(file_path)
            yield from _file_documents(file_path, kind, gz, options)
    elif os.path.exists(path):
        kind, gz = kind_of(path)
        yield from _file_documents(path, kind or "auto", gz, options)
    else:
        yield RawDocument(source=path, kind="error", error=("not-found", "no such file or folder"))


def _walk(folder: str, skipped: Optional[Counter] = None) -> Iterator[str]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            if kind_of(name)[0]:
                yield os.path.join(root, name)
            elif skipped is not None:
                skipped[extension(name)] += 1


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
    head = _peek(stream)
    gz = head.startswith(GZIP_MAGIC)
    try:
        if gz:
            stream = gzip.GzipFile(fileobj=stream, mode="rb")
            head = _peek(stream)
        first = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
        if first == b"{":
            yield from _stream_lines(stream, STDIN, options, gz)
            return
        data = stream.read(options.max_bytes + 1)
    except EOFError:
        yield RawDocument(source=STDIN, kind="error", error=("truncated-gzip", "the gzip stream ends early"))
        return
    except (gzip.BadGzipFile, zlib.error, OSError) as e:
        yield RawDocument(source=STDIN, kind="error", error=("bad-gzip" if gz else "unreadable", str(e)))
        return
    if len(data) > options.max_bytes:
        yield RawDocument(source=STDIN, kind="error",
                          error=("too-large", f"standard input is over {options.max_bytes:,} bytes"))
        return
    yield RawDocument(source=STDIN, kind="html" if first == b"<" else "text", data=data)


def _peek(stream) -> bytes:
    return stream.peek(4096)[:4096] if hasattr(stream, "peek") else b""


# --------------------------------------------------------------------------- reading

def load(raw: RawDocument, options: IngestOptions = IngestOptions()) -> RawDocument:
    """The document with its bytes read (to ship it to a worker that may not see the file)."""
    if raw.data is not None or raw.path is None or raw.kind == "error":
        return raw
    try:
        data = _read_file(raw, options)
    except IngestError as e:
        return RawDocument(source=raw.source, line=raw.line, kind="error", error=(e.reason, e.message))
    return dataclasses.replace(raw, path=None, gz=False, data=data)


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
    try:
        article.text = _checked_text(article.text, options)
    except IngestError as e:
        e.doc_id = e.doc_id or article.doc_id
        raise
    return _named_and_dated(article)


def text_article(text: str, source: Optional[str] = None, options: IngestOptions = IngestOptions()) -> Article:
    """The Article for a text already in memory (the Python API's way in): the
    same checks, normalization, naming and dateline as a file; raises IngestError."""
    return to_article(RawDocument(source=source or STDIN, kind="text", data=text.encode("utf-8")), options)


def _named_and_dated(article: Article) -> Article:
    """The Article's final doc_id and text hash, and its title and date from
    the text's header lines where its metadata gave none (an HTML page's own
    rules have decided its date: a date line in its text is not it)."""
    article.doc_id = derive_doc_id(article, article.text)
    article.text_sha1 = text_sha1(article.text)
    title, published = read_dateline(article.text)
    article.title = article.title or title
    if article.published is None and article.published_from_text:
        article.published = published
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


def is_markup(text: str) -> bool:
    """Text that holds HTML tags (a CMS body in a JSONL text field)."""
    return _MARKUP.search(text) is not None


def _json_article(raw: RawDocument, data: bytes, options: IngestOptions) -> Article:
    obj = _json_object(raw, data, options)
    doc_id = _own_id(obj, options, raw.id_prefix)
    try:
        return _json_fields_article(raw, obj, options, doc_id)
    except IngestError as e:
        e.doc_id = doc_id
        raise


def _json_object(raw: RawDocument, data: bytes, options: IngestOptions) -> dict:
    try:
        line = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise IngestError("invalid-utf8", f"JSON line is not UTF-8 ({e.reason} at byte {e.start})",
                          doc_id=_id_of_broken_line(data.decode("utf-8", "replace"), options, raw.id_prefix)) from None
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as e:
        raise IngestError("bad-json", f"{e.msg} (column {e.colno}: line cut short or broken)",
                          doc_id=_id_of_broken_line(line, options, raw.id_prefix)) from None
    if not isinstance(obj, dict):
        raise IngestError("bad-json", f"the line is a JSON {type(obj).__name__}, not an object")
    return obj


def _own_id(obj: dict, options: IngestOptions, prefix: str) -> Optional[str]:
    doc_id = _field(obj, options.id_field)
    if isinstance(doc_id, (dict, list)) or doc_id in (None, ""):
        return None
    return with_prefix(str(doc_id), prefix)


def with_prefix(doc_id: str, prefix: str) -> str:
    return f"{prefix.rstrip(':')}:{doc_id}" if prefix else doc_id


def _json_fields_article(raw: RawDocument, obj: dict, options: IngestOptions, doc_id: Optional[str]) -> Article:
    article = Article(text="", source=raw.source, line=raw.line, doc_id=doc_id,
                      url=_str_or_none(_field(obj, options.url_field)),
                      title=_str_or_none(_field(obj, options.title_field)),
                      published=iso_published(_field(obj, options.published_field)))
    text = _first_text(obj, options.text_field)
    html = None if text is not None else _first_text(obj, options.html_field)
    if text is not None and not is_markup(text):
        article.text = text
    elif (text or html) is not None:
        page = _html_article(text or html, raw)
        article.text = page.text
        article.title = article.title or page.title
        article.published = article.published or page.published
        article.url = article.url or page.url
        article.published_from_text = False
    elif any(isinstance(_one_field(obj, n), str) for n in _text_and_html_names(options)):
        raise IngestError("blank", f"the {_quoted(_text_and_html_names(options))} field has no text "
                                   "(only whitespace)")
    else:
        keys = ", ".join(sorted(obj)[:8]) or "none"
        raise IngestError("no-text", f"no {_quoted(options.text_field)} or {_quoted(options.html_field)} field "
                                     f"with text (fields: {keys})")
    return article


def _text_and_html_names(options: IngestOptions) -> tuple[str, ...]:
    return field_names(options.text_field) + field_names(options.html_field)


def _quoted(names: FieldNames) -> str:
    return " or ".join(f"'{n}'" for n in field_names(names))


def _first_text(obj: dict, names: FieldNames) -> Optional[str]:
    """The first of the fields that holds text (not only whitespace)."""
    for name in field_names(names):
        value = _one_field(obj, name)
        if isinstance(value, str) and value.strip():
            return value
    return None


def _field(obj: dict, names: FieldNames):
    """The first of the named fields that is present (not null)."""
    for name in field_names(names):
        value = _one_field(obj, name)
        if value is not None:
            return value
    return None


def _one_field(obj: dict, name: str):
    """obj[name]; a dotted name reaches into nested objects ("meta.id")."""
    if name in obj:
        return obj[name]
    value = obj
    for part in name.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]]')
_JSON_SCALAR = re.compile(r'\s*:\s*("(?:[^"\\]|\\.)*"|-?\d+)')


def _id_of_broken_line(line: str, options: IngestOptions, prefix: str) -> Optional[str]:
    """The input's id from a line that is not valid JSON (cut short): a top-level key only."""
    names = {n for n in field_names(options.id_field) if "." not in n}
    depth = 0
    for token in _JSON_TOKEN.finditer(line):
        text = token.group()
        if text in "{[":
            depth += 1
        elif text in "}]":
            depth -= 1
        elif depth == 1 and text[1:-1] in names:
            value = _JSON_SCALAR.match(line, token.end())
            if value:
                try:
                    found = json.loads(value.group(1))
                except ValueError:
                    return None
                return with_prefix(str(found), prefix) if found != "" else None
    return None


def _str_or_none(value) -> Optional[str]:
    if value is None or isinstance(value, (dict, list)):
        return None
    value = str(value).strip()
    return value or None


def iso_published(value) -> Optional[str]:
    """A publication date as YYYY-MM-DD from ISO dates/datetimes or Vietnamese d/m/y; else None."""
    from .webpage import iso_published as parse  # trafilatura and lxml (~0.5 s): only where a page is read

    return parse(value)


def _html_article(html: str, raw: RawDocument) -> Article:
    """Main text, title, date and canonical URL of a page or fragment (pipeline.webpage)."""
    from .webpage import PageError, read_page  # trafilatura and lxml (~0.5 s): only where a page is read

    try:
        page = read_page(html)
    except PageError as e:
        raise IngestError("bad-html", str(e)) from None
    return Article(text=page.text, source=raw.source, line=raw.line, title=page.title, published=page.published,
                   url=page.url, published_from_text=False)
