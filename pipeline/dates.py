"""Vietnamese dates to ISO ``YYYY-MM-DD``.

Forms: ``19/8/2009``, ``19-8-2009``, ``19.8.2009``, ``ngày 19 tháng 8 năm 2009``,
``2020-08-24`` (ISO, as some sites print it). Patterns work on match form
(lower-case); a date that does not exist (31/2/2020) is not a date.
"""
from __future__ import annotations

import datetime as _dt
import re

DMY = r"(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})\s*[/.\-]\s*(?P<y>\d{4})"
DMY_WORDS = r"(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>\d{4})"
ISO = r"(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2})"
DATE = rf"(?:{DMY}|{DMY_WORDS}|{ISO})"

_DATE_RE = re.compile(DATE)


def iso_date(day: int | str, month: int | str, year: int | str) -> str | None:
    try:
        return _dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def date_from_match(m: re.Match) -> str | None:
    g = m.groupdict()
    for d, mo, y in (("d", "m", "y"), ("d2", "m2", "y2"), ("d3", "m3", "y3")):
        if g.get(d):
            return iso_date(g[d], g[mo], g[y])
    return None


def parse_date(text: str) -> str | None:
    """The first date in text, as ISO, or None."""
    m = _DATE_RE.search(text.lower())
    return date_from_match(m) if m else None
