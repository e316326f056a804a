"""Title and publication date from an article's header lines.

Scraped article text starts with a few short lines before the body: site
navigation, the headline, a dateline (``Ngày cập nhật 02/08/2019``,
``Cập nhật lúc 17:26, Thứ Ba, 13/09/2016 (GMT+7)``, ``Đăng lúc: 08:33:24
14/12/2022 (GMT+7)``, ``Print Thứ Tư, 15/01/2020 08:22``, ``Thứ Hai, 22 tháng
12, 2008``, ``Tháng Bảy 15, 2014``, ``09/10/2019 | 11:39 SA``). A header line
is a dateline when, once its date, times, time zone, weekday and prefix words
are taken out, at most a short name is left (the author: "Vũ Hân 23/09/2020").

The headline is the first header line that is neither navigation nor a
dateline. The article's date is the first dateline after the headline (a later
one belongs to something else: a related article, a photo), or else the one
right before it. The header ends at the first long line: a date in the body is
never the publication date.
"""
from __future__ import annotations

import re

from .dates import iso_date
from .lexicon import Lexicon
from .normalize import match_form
from .tables import load_table

_T = load_table("dateline")
_CHROME = {match_form(c) for c in _T["chrome"]}
# A header line is read as it is written: a space in a phrase is one space.
_MONTH_NAMES = Lexicon("dateline.month_names", _T["month_names"], space="one")
_DATELINE_WORDS = Lexicon("dateline.dateline_words", _T["dateline_words"], space="one")

_MONTH = rf"(?:\d{{1,2}}|{_MONTH_NAMES.pattern})"
_YEAR = r"(?P<y>\d{4})"
# The date forms of a dateline, each with groups d, m, y (match form).
_DATE_FORMS = [re.compile(p) for p in (
    rf"(?<!\d)(?P<d>\d{{1,2}})\s*(?P<sep>[/.\-])\s*(?P<m>\d{{1,2}})\s*(?P=sep)\s*{_YEAR}(?!\d)",
    rf"(?<!\d){_YEAR}-(?P<m>\d{{1,2}})-(?P<d>\d{{1,2}})(?:t(?=\d)|(?!\d))",
    rf"(?<!\d)(?P<d>\d{{1,2}})\s+tháng\s+(?P<m>{_MONTH})\s*,?\s*(?:năm\s+)?{_YEAR}(?!\d)",
    rf"\btháng\s+(?P<m>{_MONTH})\s+(?P<d>\d{{1,2}})\s*,?\s*(?:năm\s+)?{_YEAR}(?!\d)",
)]
_TIME = re.compile(r"(?<!\d)\d{1,2}\s*(?::|h|g|giờ)\s*\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*phút)?"
                   r"(?:\s*(?:am|pm|sa|ch)\b)?")
_ZONE = re.compile(r"\b(?:gmt|utc)\s*(?:[+\-]\s*\d{1,2}(?::?\d{2})?)?|(?<=\d)(?:t|z)\b|[+\-]\d{2}:?\d{2}\b")
_WORDS = re.compile(rf"(?<!\w)(?:{_DATELINE_WORDS.pattern})(?!\w)")
_PUNCT = re.compile(r"[\s,.;:|/\-–—()\[\]*•]+")


def _month(value: str) -> int:
    return int(value) if value.isdigit() else _MONTH_NAMES.entry(value)


def _find_date(folded: str):
    """(ISO date, span) of the first date form in a match-form line, or None."""
    found = [m for m in (form.search(folded) for form in _DATE_FORMS) if m]
    if not found:
        return None
    m = min(found, key=lambda m: m.start())
    return iso_date(m["d"], _month(m["m"]), m["y"]), m.span()


def _is_name(words: list[str]) -> bool:
    """A short run of capitalized words: the author's name beside a dateline."""
    return len(words) <= _T["max_other_words"] and all(w[:1].isupper() for w in words)


def _blank(m: re.Match) -> str:
    return " " * len(m.group())


def dateline_date(line: str) -> tuple[bool, str | None]:
    """(whether the line is a dateline, its ISO date or None when the date does not exist)."""
    folded = match_form(line)
    found = _find_date(folded)
    if found is None:
        return False, None
    date, (start, end) = found
    rest = folded[:start] + " " * (end - start) + folded[end:]
    for pattern in (_ZONE, _TIME, _WORDS, _PUNCT):
        rest = pattern.sub(_blank, rest)
    # match form has the line's length: what is left, read in the line's own case
    words = "".join(ch if kept != " " else " " for ch, kept in zip(line, rest)).split()
    return _is_name(words), date


def _header_lines(text: str) -> list[str]:
    lines = []
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            continue
        if len(line) > _T["title_max_chars"]:
            break  # the body has begun
        lines.append(line)
        if len(lines) >= _T["max_header_lines"]:
            break
    return lines


def _is_title(line: str) -> bool:
    return not line.endswith((".", ":")) and len(line.split()) >= 3


def read_dateline(text: str) -> tuple[str | None, str | None]:
    """(title, published ISO date) from the header of an article's text."""
    title = None
    before, after = [], []
    for line in _header_lines(text):
        is_dateline, date = dateline_date(line)
        if is_dateline:
            (after if title is not None else before).append(date)
            continue
        if match_form(line).strip(" .:-|*") in _CHROME:
            continue
        if title is None and _is_title(line):
            title = line
    if after:
        return title, after[0]
    return title, before[-1] if before else None
