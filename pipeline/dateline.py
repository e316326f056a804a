"""Title and publication date from an article's header lines.

Scraped article text starts with a few short lines before the body: site
navigation, the headline, a dateline (``Ngày cập nhật 02/08/2019``,
``09/11/2015 - 05:34``, ``2020-08-24 08:14:00.0``, ``23/09/2016 09:05``).
The headline is the first header line that is neither navigation nor a
dateline; the date is the first dateline.
"""
from __future__ import annotations

import re

from .dates import DATE, date_from_match
from .normalize import match_form
from .tables import load_table

_T = load_table("dateline")
_CHROME = {match_form(c) for c in _T["chrome"]}
_PREFIX = "|".join(re.escape(match_form(p)) for p in sorted(_T["date_prefixes"], key=len, reverse=True))
# A whole line that is a date, with an optional prefix, weekday and time.
_DATELINE = re.compile(
    rf"^(?:(?:{_PREFIX})\s*[:,]?\s*)*(?:\d{{1,2}}:\d{{2}}\s*(?:[,\-–|]\s*)?)?{DATE}"
    rf"(?:\s*[\-–|,t]?\s*\d{{1,2}}:\d{{2}}(?::\d{{2}}(?:\.\d+)?)?(?:\s*(?:am|pm|sa|ch))?"
    rf"(?:\s*\(?(?:gmt|utc)?\s*[+\-]\d{{1,2}}(?::?\d{{2}})?\)?|\s*\(?(?:gmt|utc)\)?|z)?)?\s*$"
)


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


def read_dateline(text: str) -> tuple[str | None, str | None]:
    """(title, published ISO date) from the header of an article's text."""
    title = published = None
    for line in _header_lines(text):
        folded = match_form(line)
        m = _DATELINE.match(folded)
        if m:
            if published is None:
                published = date_from_match(m)
            continue
        if folded.strip(" .:-|") in _CHROME:
            continue
        if title is None and not line.endswith((".", ":")) and len(line.split()) >= 3:
            title = line
    return title, published
