"""Counts and percentages in report tables, with what the headers say.

A number in a table cell means what its column header, its row label and the
table's caption say together: "| Đơn vị | Kết nạp năm 2022 | ..." over "| Đảng
bộ xã Ea Hồ | 12 |" is 12 members admitted in 2022 by that party committee. By
these ordered rules, each on the header first, then the row label, then the
caption:

1. ``share``: a '%' in the cell or a share word (tỷ lệ) in the header or label
   makes a Percentage, its criterion the header's other words;
2. ``unit``: else a counted noun (count_units.json) makes a Count; a cell with
   no unit named anywhere gives no fact;
3. ``event``: an event verb (count_cues.json) gives the event;
4. ``kind``: a target word (chỉ tiêu, kế hoạch) makes it a target, else achieved;
5. ``period``: a year, a span of years or a term (``Năm 2022``, ``2020-2025``)
   gives the period;
6. ``subject``: the row label, unless it names the unit itself ("Số đảng
   viên"); a label like "Đảng bộ xã Ea Hồ" is whose the number is, never the unit.

Only whole numbers (``1.742``, ``12``) and percentages (``95,5%``) are read;
other cells (names, dates, notes) are skipped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator, Optional

from spacy.tokens import Doc

from ..nlp.tables import Table
from ..normalize import key_form, match_form
from ..records import Count, Percentage, Period
from ..tables import load_table
from ..lexicon import Lexicon, alternation
from .common import doc_text
from ..numbers import parse_decimal, parse_int

_HEADERS = load_table("table_headers")
_UNITS = Lexicon("count_units.units", {key_form(form): row for row in load_table("count_units")["units"]
                                        for form in row["forms"]})
_EVENTS = Lexicon("count_cues.events", {key_form(cue): row["event"] for row in load_table("count_cues")["events"]
                                        for cue in row["cues"]})
_UNIT_RE = re.compile(rf"(?<!\w)(?:{alternation(_UNITS)})(?!\w)")
_EVENT_RE = re.compile(rf"(?<!\w)(?:{alternation(_EVENTS)})(?!\w)")
_TARGET_RE = re.compile(rf"(?<!\w)(?:{alternation(_HEADERS['target_words'])})(?!\w)")
_RESULT_RE = re.compile(rf"(?<!\w)(?:{alternation(_HEADERS['result_words'])})(?!\w)")
_SHARE_RE = re.compile(rf"(?:(?<!\w)(?:{alternation(w for w in _HEADERS['share_words'] if w != '%')})(?!\w)|%)")
_YEARS = re.compile(r"(?<!\d)(?P<start>(?:19|20)\d\d)(?:\s*[-–—/]\s*(?P<end>(?:19|20)\d\d))?(?!\d)")
# A row label that names what is counted ("Số đảng viên", "Tổng số TCCSĐ"), not whose it is
_UNIT_LABEL = re.compile(
    rf"(?:(?:(?:{alternation(_HEADERS['label_total'])})\s+)?(?:{alternation(_HEADERS['label_number'])})"
    rf"(?:\s+(?:{alternation(_HEADERS['label_quantity'])}))?\s+)?(?P<unit>{alternation(_UNITS)})"
    rf"(?:\s+(?:{alternation(_HEADERS['label_tail'])}))?\s*:?")
_YEAR_WORD = re.compile(rf"(?<!\w)(?:{alternation(_HEADERS['year_words'])})(?!\w)")
_INTEGER_CELL = re.compile(r"\d{1,3}(?:\.\d{3})+|\d+")
_PERCENT_CELL = re.compile(r"(?P<num>\d+(?:[.,]\d+)?)\s*%?")


def _key(text: str) -> str:
    return " ".join(match_form(text).split())


def _first(pattern: re.Pattern, *texts: str) -> Optional[re.Match]:
    for text in texts:
        m = pattern.search(text)
        if m:
            return m
    return None


def _period(*texts: str) -> Optional[Period]:
    m = _first(_YEARS, *texts)
    if m is None:
        return None
    return Period(start=m.group("start"), end=m.group("end") or m.group("start"))


def _kind(*texts: str) -> str:
    """Target or achieved: the header says it first ("Kế hoạch" | "Thực hiện"), then the label, the caption."""
    for text in texts:
        target, result = _TARGET_RE.search(text), _RESULT_RE.search(text)
        if result and (not target or result.start() < target.start()):
            return "achieved"  # "Kết quả thực hiện chỉ tiêu": the targets carried out
        if target:
            return "target"
    return "achieved"


def _criterion(header: str) -> Optional[str]:
    words = _SHARE_RE.sub(" ", _key(header)).replace("(", " ").replace(")", " ")
    words = _YEARS.sub(" ", words)
    words = _YEAR_WORD.sub(" ", words)
    return " ".join(words.split()) or None


@dataclass
class _Cell:
    """A number cell and what stands around it (header, label, caption in match form)."""
    text: str
    start: int
    end: int
    header: str
    label: str
    label_text: str
    caption: str
    sentence: str

    def fields(self) -> dict:
        return {"text": self.text, "start": self.start, "end": self.end, "sentence": self.sentence,
                "kind": _kind(self.header, self.label, self.caption),
                "period": _period(self.header, self.label, self.caption)}


def _read_cell(text: str, table: Table, row: list, col: int, caption: str) -> _Cell:
    start, end = row[col]
    # the row label: the first cell of words ("| 1 | Đảng bộ xã Ea Hồ | 12 |": not the row number)
    label_text = next((text[s:e] for s, e in row[:col] if not _INTEGER_CELL.fullmatch(text, s, e)), "")
    return _Cell(text[start:end], start, end, _key(text[slice(*table.header[col])]), _key(label_text),
                 label_text, caption, text[row[0][0]:row[-1][1]])


def _share(c: _Cell, unit_label: Optional[re.Match]) -> Optional[Percentage]:
    m = _PERCENT_CELL.fullmatch(c.text)
    if not m:
        return None
    subject = _UNITS.entry(unit_label.group("unit"))["unit"] if unit_label else c.label_text or None
    return Percentage(value=parse_decimal(m.group("num")), comparator="eq",
                      subject=subject if c.label and not _SHARE_RE.search(c.label) else None,
                      criterion=_criterion(c.header), **c.fields())


def _count(c: _Cell, unit_label: Optional[re.Match]) -> Optional[Count]:
    if not _INTEGER_CELL.fullmatch(c.text) or c.text.startswith("0") and len(c.text) > 3:
        return None  # "0912345678" is a phone number, "02" a count
    unit_m = _UNIT_RE.search(c.header) or (unit_label and _UNIT_RE.search(c.label))
    if unit_m is None:
        unit_m = _UNIT_RE.search(c.caption)
        if unit_m is not None and c.label.startswith(unit_m.group(0)):
            return None  # "Danh bạ các chi bộ" over "Chi bộ thôn 1": the rows are the units, not counts of them
    if unit_m is None:
        return None
    unit = _UNITS.entry(unit_m.group(0))
    event_m = _first(_EVENT_RE, c.header, c.label, c.caption)
    event = _EVENTS.entry(event_m.group(0)) if event_m else unit.get("implied_event")
    needs = unit.get("requires_event")
    if needs and (event is None or isinstance(needs, list) and event not in needs):
        return None  # people or bodies in general ("cán bộ") count only with their event
    return Count(value=parse_int(c.text), unit=unit["unit"], category=unit["category"], event=event,
                 subject=c.label_text if c.label and not unit_label else None, **c.fields())


def _cell_fact(c: _Cell) -> Optional[Count | Percentage]:
    unit_label = _UNIT_LABEL.fullmatch(c.label)
    if "%" in c.text or _first(_SHARE_RE, c.header, c.label) is not None:
        return _share(c, unit_label)
    return _count(c, unit_label)


def table_facts(doc: Doc) -> Iterator[Count | Percentage]:
    """Counts and percentages of every table of the Doc, row by row."""
    text = doc_text(doc)
    for table in doc._.tables or []:
        caption = _key(text[slice(*table.caption)]) if table.caption else ""
        for row in table.rows:
            for col in range(1, len(row)):
                fact = _cell_fact(_read_cell(text, table, row, col, caption))
                if fact is not None:
                    yield fact
