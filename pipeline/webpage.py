"""An HTML page or CMS body fragment: its main text, title, canonical URL and publication date.

The main text comes from trafilatura (offline). When trafilatura keeps nothing
(a fragment such as ``<p><em>…</em></p>``, a page of one short paragraph), the
document's visible text is used, block elements as line breaks: a page with
visible text never ends as blank.

The publication date is read only where a page states it, in this order of
named rules (``PUBLISHED_RULES``): meta tags, JSON-LD ``datePublished``,
``<time>`` elements marked as the publication time or standing in the article,
and a dateline line at the head of the article. Dates in captions, footers,
licence lines ("Giấy phép số 12/GP-BTTTT ngày 05/01/2018") or anywhere else in
the running text are never taken: a page that states no date has none.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Callable, Iterator, Optional

import lxml.html
import trafilatura
from lxml import etree

from .dateline import read_dateline
from .dates import iso_date, parse_date

# <meta> names/properties/itemprops that hold the publication time (lower case).
PUBLISHED_META = (
    "article:published_time", "og:article:published_time", "og:published_time", "datepublished",
    "pubdate", "publishdate", "publish_date", "publish-date", "published_time", "article.published",
    "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date", "dc.date.created", "dcterms.created",
    "sailthru.date", "parsely-pub-date", "citation_publication_date", "date",
)
# Never text: their content is not shown.
INVISIBLE = {"script", "style", "noscript", "template", "head", "title", "meta", "link", "iframe", "object", "svg"}
# Elements that start a new line in visible text.
BLOCKS = {
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "dialog", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "td", "th", "tr", "ul",
}
# Where an article's own header (dateline, time element) stands.
ARTICLE_REGION = ".//article | .//main | .//*[@itemprop='articleBody']"
# Never the article's date even inside the article region.
NOT_DATELINE = {"figure", "figcaption", "footer", "aside", "nav", "table"}
_ISO_PREFIX = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})")
_FULL_PAGE = re.compile(r"<\s*(?:html|body|head)\b|<!doctype", re.I)


@dataclass
class Page:
    text: str
    title: Optional[str] = None
    published: Optional[str] = None
    url: Optional[str] = None
    published_by: Optional[str] = None   # the rule that gave the date (for tracing a wrong one)


class PageError(ValueError):
    """The markup gives no text at all."""


def iso_published(value) -> Optional[str]:
    """A publication date as YYYY-MM-DD from ISO dates/datetimes or Vietnamese d/m/y; else None."""
    if not isinstance(value, str) or not value.strip():
        return None
    m = _ISO_PREFIX.match(value)
    if m:
        return iso_date(m.group(3), m.group(2), m.group(1))
    return parse_date(value)


def read_page(html: str) -> Page:
    """Text, title, URL and publication date of a page or fragment; raises PageError."""
    tree = parse_markup(html)
    try:
        extracted = trafilatura.bare_extraction(html, include_comments=False, include_tables=True,
                                                favor_recall=True, with_metadata=True)
    except Exception:  # a page trafilatura cannot read: the visible text below
        extracted = None
    text = getattr(extracted, "text", None) or ""
    if not text.strip() and tree is not None:
        text = visible_text(tree)
    if not text.strip() and tree is None and html.strip():
        raise PageError("no text could be read from the markup")
    published, rule = published_date(tree, fragment=not _FULL_PAGE.search(html[:4096]))
    return Page(text=text, title=_clean(getattr(extracted, "title", None)), published=published,
                url=_clean(getattr(extracted, "url", None)), published_by=rule)


def parse_markup(html: str):
    if not html.strip():
        return None
    try:
        return lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        try:  # an XML declaration with a str, or markup lxml cannot build as a document
            return lxml.html.document_fromstring(html.encode("utf-8", "surrogatepass"))
        except (etree.ParserError, ValueError):
            return None


def _clean(value) -> Optional[str]:
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None


# --------------------------------------------------------------------------- visible text

def visible_text(tree) -> str:
    """The text a browser shows, one line per block element, spaces collapsed."""
    body = tree.find(".//body")
    return _lines(body if body is not None else tree, INVISIBLE)


def _lines(element, skip: frozenset | set) -> str:
    parts: list[str] = []
    _collect(element, parts, skip)
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _collect(element, parts: list[str], skip) -> None:
    tag = element.tag.lower() if isinstance(element.tag, str) else None
    if tag is not None and tag not in skip:
        block = tag in BLOCKS
        if block:
            parts.append("\n")
        if element.text:
            parts.append(element.text)
        for child in element:
            _collect(child, parts, skip)
        if block:
            parts.append("\n")
    if element.tail:  # a comment's or a skipped element's tail is still shown
        parts.append(element.tail)


# --------------------------------------------------------------------------- publication date

def published_date(tree, fragment: bool = False) -> tuple[Optional[str], Optional[str]]:
    """(ISO date, rule name) from the first rule that finds one, else (None, None)."""
    if tree is None:
        return None, None
    for name, rule in PUBLISHED_RULES:
        for value in rule(tree, fragment):
            date = iso_published(value)
            if date:
                return date, name
    return None, None


def _meta_dates(tree, fragment: bool) -> Iterator[str]:
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        if key in PUBLISHED_META and meta.get("content"):
            yield meta.get("content")


def _json_ld_dates(tree, fragment: bool) -> Iterator[str]:
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        yield from _date_published(data)


def _date_published(data) -> Iterator[str]:
    if isinstance(data, list):
        for item in data:
            yield from _date_published(item)
    elif isinstance(data, dict):
        if isinstance(data.get("datePublished"), str):
            yield data["datePublished"]
        for key in ("@graph", "mainEntity", "mainEntityOfPage"):
            if isinstance(data.get(key), (list, dict)):
                yield from _date_published(data[key])


def _time_dates(tree, fragment: bool) -> Iterator[str]:
    """<time> marked as the publication time anywhere; else the first in the article."""
    marked = tree.xpath(".//time[@pubdate] | .//*[@itemprop='datePublished']")
    for element in marked:
        yield element.get("datetime") or element.get("content") or element.text_content()
    for region in _article_regions(tree, fragment):
        for element in region.iter("time"):
            if not _inside(element, NOT_DATELINE, region):
                yield element.get("datetime") or element.text_content()
                return


def _dateline_dates(tree, fragment: bool) -> Iterator[str]:
    """A dateline line at the head of the article (dateline.read_dateline's formats)."""
    for region in _article_regions(tree, fragment):
        _, date = read_dateline(_header_text(region))
        if date:
            yield date
            return


def _article_regions(tree, fragment: bool) -> list:
    """Where the article itself stands: <article>, <main>, articleBody; a whole fragment."""
    regions = tree.xpath(ARTICLE_REGION)
    if not regions and fragment:
        body = tree.find(".//body")
        regions = [body if body is not None else tree]
    return regions


def _inside(element, tags: set, stop) -> bool:
    for parent in element.iterancestors():
        if parent is stop:
            return False
        if isinstance(parent.tag, str) and parent.tag.lower() in tags:
            return True
    return False


def _header_text(region) -> str:
    """The region's visible text without captions, tables, footers and asides."""
    return _lines(region, INVISIBLE | NOT_DATELINE)


# Ordered, named: a wrong date can be traced to the rule that gave it (Page.published_by).
PUBLISHED_RULES: tuple[tuple[str, Callable], ...] = (
    ("meta", _meta_dates),
    ("json-ld", _json_ld_dates),
    ("time-element", _time_dates),
    ("dateline", _dateline_dates),
)
