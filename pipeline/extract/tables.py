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
4. ``kind``: by the rules of ``KIND`` on the header, then the label, then the caption:
   a change column ("Tăng/giảm so với năm 2022", header or label only) is other,
   a target word (chỉ tiêu, kế hoạch) makes a target, a result word before it
   ("Kết quả thực hiện chỉ tiêu") achieved; else achieved;
5. ``period``: a year, a span of years or a term (``Năm 2022``, ``2020-2025``)
   gives the period; a year after "so với" is the base compared with, not it;
6. ``subject``: the row label, unless it names the unit itself ("Số đảng
   viên"); a label like "Đảng bộ xã Ea Hồ" is whose the number is, never the unit.

Only whole numbers (``1.742``, ``12``) and percentages (``95,5%``) are read;
other cells (names, dates, notes) are skipped. Each fact records which rule set
each of its attributes (pipeline.rules; ``vnfacts explain`` prints them), the
period's rule recorded by pipeline.extract.period.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator, Optional

from spacy.tokens import Doc

from ..nlp.tables import Table
from ..normalize import key_form, match_form
from ..records import Count, Percentage, Period
from ..rules import Decision, Rules, record_trace
from ..tables import load_table
from ..lexicon import Lexicon, alternation
from .common import doc_text
from .counts import CATEGORY, UNIT_ITS_OWN_KEY, UNIT_KEY
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
_CHANGE_RE = re.compile(rf"(?<!\w)(?!{alternation(_HEADERS['not_change'])})"
                        rf"(?:{alternation(_HEADERS['change_words'])})(?!\w)")
# "so với năm 2022", "so với cùng kỳ 2022": the year compared with
_COMPARED_YEAR = re.compile(rf"(?<!\w)(?:{alternation(_HEADERS['comparison_words'])})\s+"
                            rf"(?:(?:{alternation(_HEADERS['compared_year_words'])})\s+)*"
                            r"(?:19|20)\d\d(?:\s*[-–—/]\s*(?:19|20)\d\d)?")
# A row label that names what is counted ("Số đảng viên", "Tổng số TCCSĐ"), not whose it is
_UNIT_LABEL = re.compile(
    rf"(?:(?:(?:{alternation(_HEADERS['label_total'])})\s+)?(?:{alternation(_HEADERS['label_number'])})"
    rf"(?:\s+(?:{alternation(_HEADERS['label_quantity'])}))?\s+)?(?P<unit>{alternation(_UNITS)})"
    rf"(?:\s+(?:{alternation(_HEADERS['label_tail'])}))?\s*:?")
_YEAR_WORD = re.compile(rf"(?<!\w)(?:{alternation(_HEADERS['year_words'])})(?!\w)")
_INTEGER_CELL = re.compile(r"\d{1,3}(?:\.\d{3})+|\d+")
_PERCENT_CELL = re.compile(r"(?P<num>\d+(?:[.,]\d+)?)\s*%?")
_UNIT_KEYS = load_table("count_unit_keys")["keys"]


def _key(text: str) -> str:
    return " ".join(match_form(text).split())


def _first(pattern: re.Pattern, *texts: str) -> Optional[re.Match]:
    for text in texts:
        m = pattern.search(text)
        if m:
            return m
    return None


# Where a word was read, in the order the cell's texts are tried.
_PLACES = ("column header", "row label", "caption")


def _first_where(pattern: re.Pattern, header: str, label: str, caption: str) -> Optional[tuple[re.Match, str]]:
    """The first match in the header, the label, then the caption, and which of them held it."""
    for text, where in zip((header, label, caption), _PLACES):
        m = pattern.search(text)
        if m:
            return m, where
    return None


def _period(*texts: str) -> Optional[Period]:
    m = _first(_YEARS, *(_COMPARED_YEAR.sub(" ", t) for t in texts))
    if m is None:
        return None
    return Period(start=m.group("start"), end=m.group("end") or m.group("start"))


@dataclass(frozen=True)
class _KindText:
    """One of the texts over a cell (header, label or caption) the kind is read from."""
    text: str
    is_caption: bool


KIND = Rules("tables.kind")


@KIND.rule("kind: a change word ('Tăng/giảm so với năm 2022'): other")
def _kind_change(k: _KindText) -> Optional[str]:
    # A caption like "Số đảng viên tăng qua các năm" is about the whole table, whose cells are still levels.
    return "other" if not k.is_caption and _CHANGE_RE.search(k.text) else None


@KIND.rule("kind: a result word before any target word ('Thực hiện', 'Kết quả thực hiện chỉ tiêu'): achieved")
def _kind_result(k: _KindText) -> Optional[str]:
    target, result = _TARGET_RE.search(k.text), _RESULT_RE.search(k.text)
    return "achieved" if result and (not target or result.start() < target.start()) else None


@KIND.rule("kind: a target word ('Kế hoạch', 'chỉ tiêu'): target")
def _kind_target(k: _KindText) -> Optional[str]:
    return "target" if _TARGET_RE.search(k.text) else None


KIND_ACHIEVED = "kind: achieved (no change, result or target word over the cell)"


def _kind(header: str, label: str, caption: str) -> Decision[str]:
    """The kind the header says first, then the label, then the caption; else achieved."""
    for text, where in zip((header, label, caption), _PLACES):
        decided = KIND.first(_KindText(text, where == "caption"))
        if decided is not None:
            return Decision(f"{decided.rule}, in the {where}", decided.value)
    return Decision(KIND_ACHIEVED, "achieved")


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
    rules: dict[str, str] = field(default_factory=dict)  # attribute -> the rule that set it

    def fields(self) -> dict:
        kind = _kind(self.header, self.label, self.caption)
        self.rules["kind"] = kind.rule
        return {"text": self.text, "start": self.start, "end": self.end, "sentence": self.sentence,
                "kind": kind.value, "period": _period(self.header, self.label, self.caption)}


def _read_cell(text: str, table: Table, row: list, col: int, caption: str) -> _Cell:
    start, end = row[col]
    # the row label: the first cell of words ("| 1 | Đảng bộ xã Ea Hồ | 12 |": not the row number)
    label_text = next((text[s:e] for s, e in row[:col] if not _INTEGER_CELL.fullmatch(text, s, e)), "")
    return _Cell(text[start:end], start, end, _key(text[slice(*table.header[col])]), _key(label_text),
                 label_text, caption, text[row[0][0]:row[-1][1]])


SHARE_VALUE = "value: the number of a table cell with '%' or under a share word ('Tỷ lệ')"
SHARE_COMPARATOR = "comparator: eq, a table cell states its share"
SHARE_CRITERION = "criterion: the column header's words besides the share word and the year"
SHARE_NO_CRITERION = "no criterion: the column header says no more than the share"
SHARE_SUBJECT_UNIT = "subject: the counted noun the row label names ('Số đảng viên')"
SHARE_SUBJECT_LABEL = "subject: the row label ('Đảng bộ xã Ea Hồ')"
SHARE_NO_SUBJECT = "no subject: the row has no label, or its label is itself a share"


def _share(c: _Cell, unit_label: Optional[re.Match]) -> Optional[Percentage]:
    m = _PERCENT_CELL.fullmatch(c.text)
    if not m:
        return None
    if c.label and not _SHARE_RE.search(c.label) and (unit_label or c.label_text):
        subject = _UNITS.entry(unit_label.group("unit"))["unit"] if unit_label else c.label_text
        c.rules["subject"] = SHARE_SUBJECT_UNIT if unit_label else SHARE_SUBJECT_LABEL
    else:
        subject = None
        c.rules["subject"] = SHARE_NO_SUBJECT
    criterion = _criterion(c.header)
    c.rules.update(value=SHARE_VALUE, comparator=SHARE_COMPARATOR,
                   criterion=SHARE_CRITERION if criterion else SHARE_NO_CRITERION)
    return Percentage(value=parse_decimal(m.group("num")), comparator="eq", subject=subject,
                      criterion=criterion, **c.fields())


COUNT_VALUE = "value: the whole number of a table cell"
COUNT_QUALIFIER = "qualifier: exact, a table cell states its number"
EVENT_IMPLIED = "event: the unit's implied event ('đảng viên mới': admitted), no event verb over the cell"
NO_EVENT = "no event: no event verb over the cell, none implied by the unit"
SUBJECT_LABEL = "subject: the row label, whose the number is ('Đảng bộ xã Ea Hồ')"
NO_SUBJECT = "no subject: the row label names the unit itself ('Số đảng viên'), or there is none"
NOT_PART = "part_of: none, a table cell is not read as an item of a breakdown"


def _counted_noun(c: _Cell, unit_label: Optional[re.Match]) -> Optional[tuple[re.Match, str]]:
    """The counted noun over a cell and where it was read: its column header, its row
    label (when the label names a unit) or the table's caption."""
    unit_m = _UNIT_RE.search(c.header)
    if unit_m is not None:
        return unit_m, "column header"
    unit_m = _UNIT_RE.search(c.label) if unit_label else None
    if unit_m is not None:
        return unit_m, "row label"
    unit_m = _UNIT_RE.search(c.caption)
    if unit_m is None or c.label.startswith(unit_m.group(0)):
        return None  # "Danh bạ các chi bộ" over "Chi bộ thôn 1": the rows are the units, not counts of them
    return unit_m, "caption"


def _count(c: _Cell, unit_label: Optional[re.Match]) -> Optional[Count]:
    if not _INTEGER_CELL.fullmatch(c.text) or c.text.startswith("0") and len(c.text) > 3:
        return None  # "0912345678" is a phone number, "02" a count
    noun = _counted_noun(c, unit_label)
    if noun is None:
        return None
    unit_m, unit_where = noun
    unit = _UNITS.entry(unit_m.group(0))
    verb = _first_where(_EVENT_RE, c.header, c.label, c.caption)
    event = _EVENTS.entry(verb[0].group(0)) if verb else unit.get("implied_event")
    needs = unit.get("requires_event")
    if needs and (event is None or isinstance(needs, list) and event not in needs):
        return None  # people or bodies in general ("cán bộ") count only with their event
    subject = c.label_text if c.label and not unit_label else None
    keyed = unit["unit"] in _UNIT_KEYS
    c.rules.update(
        value=COUNT_VALUE, qualifier=COUNT_QUALIFIER, unit=f"unit: the counted noun of the {unit_where}",
        category=CATEGORY, unit_key=UNIT_KEY if keyed else UNIT_ITS_OWN_KEY,
        event=f"event: the event verb of the {verb[1]}" if verb else EVENT_IMPLIED if event else NO_EVENT,
        subject=SUBJECT_LABEL if subject else NO_SUBJECT, part_of=NOT_PART)
    return Count(value=parse_int(c.text), unit=unit["unit"], category=unit["category"], event=event,
                 subject=subject, unit_key=_UNIT_KEYS[unit["unit"]] if keyed else unit["unit"], **c.fields())


def _cell_fact(c: _Cell) -> Optional[Count | Percentage]:
    unit_label = _UNIT_LABEL.fullmatch(c.label)
    if "%" in c.text or _first(_SHARE_RE, c.header, c.label) is not None:
        return _share(c, unit_label)
    return _count(c, unit_label)


def table_facts(doc: Doc) -> Iterator[Count | Percentage]:
    """Counts and percentages of every table of the Doc, row by row, each with the rules
    that set its attributes recorded on the Doc."""
    text = doc_text(doc)
    for table in doc._.tables or []:
        caption = _key(text[slice(*table.caption)]) if table.caption else ""
        for row in table.rows:
            for col in range(1, len(row)):
                cell = _read_cell(text, table, row, col, caption)
                fact = _cell_fact(cell)
                if fact is not None:
                    kind = "counts" if isinstance(fact, Count) else "percentages"
                    record_trace(doc, kind, fact.start, fact.end, cell.rules)
                    yield fact
