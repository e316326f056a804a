"""The time a count or percentage is about: ``Count.period``, ``Percentage.period``.

FACTS.md ("Context: where and when") and GOLD.md ("period") are the contract:
the period comes from the fact's own sentence or is carried over from the
sentence, heading or paragraph lead that governs it, never from the
publication date. Two steps:

1. **Phrases.** One pattern, compiled once from data/period_phrases.json, finds
   every phrase in the match text that states a time ("năm 2022",
   "nhiệm kỳ 2015 - 2020", "(2016 - 2020)", "9 tháng đầu năm 2021", "chín tháng năm 2024",
   "quý I/2013", "đến hết tháng 6/2020", "tính đến 30/6/2024", "từ năm 2016 đến nay", "đến năm 2025",
   "năm 2023 và 6 tháng đầu năm 2024", "năm 2022 và 2023"), that says no time can be
   stated ("hiện nay", "đến nay", "..., nay đã có", "những năm qua", "sau 4 năm": *present*, *vague*;
   "giữa nhiệm kỳ": *mid_term*, within the term in force), or
   that points back to the term or year in force ("trong nhiệm kỳ", "gần 5 năm qua":
   *refer*; "đầu nhiệm kỳ": its start, *refer_start*; "từ đầu nhiệm kỳ": from its start,
   *refer_open*; "trong năm": *refer_year*; "9 tháng qua": the first months of a year its
   own sentence names, *refer_months_here*). A phrase
   after "so với" is the base of a comparison: no time of the fact. A phrase inside quotes
   is part of a name ('Đề án "... giai đoạn 2017 - 2020"') or a quotation's own time: only
   facts quoted with it take it. A term right after a body's name ("Ban Thường vụ Huyện ủy
   Krông Năng nhiệm kỳ 2020 - 2025 đã kỷ luật ...") says which body, not when: it is no
   period of the body's facts (a target's horizon excepted), only what "trong nhiệm kỳ"
   points back to. A signing date ("ngày 21/01/2019") is matched only
   so that its year is not read as a period. A malformed year ("năm 20222") matches nothing.
2. **Governing.** ``RULES`` (pipeline.rules) decide, in order, which phrase a fact is about
   (first that decides wins), so a wrong period can be traced to its rule
   (``explain``). What a sentence's lead says is carried to the rest of its
   paragraph; a paragraph's lead that names a reporting period (a year, months,
   a term) is carried to the following paragraphs until another lead; a state
   at a point in time ("Đến ngày 25-01-2019, ...") governs its own paragraph
   only; a heading that names a year governs what follows it; a paragraph that
   opens with "Trong đó", "Cụ thể" continues the one before it. A sentence that runs
   through several years ("năm 2021 ..., năm 2022 ..., năm 2023 ...") carries none of
   them on; a lead within the term ("Đầu nhiệm kỳ, ...") leaves the term in force; a time
   in a bracket right after a fact says when it holds, one in a bracket with other
   words is that bracket's only; "lần lượt" hands the years of a list to the facts after
   it one by one; a photo caption ("Ảnh: ...") is no heading, nor is a line with a place
   and the month of writing ("Phú Thọ, tháng 3/2024").

The step runs after the count and percentage extractors (spaCy component
``vnfacts_periods``) and sets ``period`` on their records.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable, Optional

from spacy.tokens import Doc

from ..normalize import key_form
from ..records import Count, Period
from ..rules import Rules, record_trace
from ..tables import load_table
from ..lexicon import Lexicon, alternation

Value = Optional[tuple[Optional[str], Optional[str]]]  # (start, end) or None: no time stated

_T = load_table("period_phrases")


def _words(name: str) -> str:
    return f"(?:{alternation(_T[name])})"


def _year(name: str) -> str:
    return rf"(?P<{name}>(?:19|20)\d\d)(?!\d)"


_SEP = r"\s*[/.\-–]\s*"
_DASH = r"\s*[-–—]\s*"
_TERM = rf"{_words('term_words')}(?:\s+{_words('term_modifiers')})?"
_FROM = _words("from_words")
_EDGE = _words("from_edges")
_NOW = _words("until_now")


def _month_year(name: str) -> str:
    return rf"tháng\s+(?P<{name}m>\d{{1,2}})(?:{_SEP}|\s+năm\s+){_year(name + 'y')}"


def _quarter(name: str) -> str:
    return rf"quý\s+(?P<{name}q>iv|i{{1,3}}|[1-4])(?:{_SEP}|\s+năm\s+|\s+){_year(name + 'y')}"


_PRESENT = (f"(?:{alternation(w for w in _T['present'] if key_form(w) != 'hiện')}"
            r"|hiện(?!\s+(?:đại|tượng|vật|thân|diện|ra|lên|hữu)))")
# "hiện" is also the second syllable of "thực hiện", "xuất hiện", "thể hiện".
_NOT_PRESENT_AFTER = re.compile(rf"(?<!\w)(?:{alternation(_T['present_not_after'])})\s+$")

# "trong năm 2022", "trong nhiệm kỳ 2015-2020": the words of a marker opening a stated time
_NO_TIME_AFTER = r"(?!\s*(?:mới\s+|trước\s+)?\(?\s*(?:19|20)\d\d(?!\d))"

# "9 tháng", "chín tháng", "mười hai tháng", "sau bốn năm" ("năm" for five is left out: it is also "year")
_COUNT_WORDS = _T["count_words"]
_COUNT = rf"\d{{1,2}}|{_words('count_words')}"


def _count(text: str) -> int:
    return int(text) if text.isdigit() else _COUNT_WORDS[" ".join(text.split())]


# One alternative per form, most specific first (the first that matches at a
# position wins); each is a named group so the form is known from the match.
_FORMS = {
    "date": rf"ngày\s+\d{{1,2}}(?:{_SEP}\d{{1,2}}{_SEP}|\s+tháng\s+\d{{1,2}}\s+năm\s+)(?:19|20)\d\d(?!\d)",
    "open_term": rf"{_FROM}\s+(?:{_EDGE}\s+)?{_TERM}(?:\s+{_year('ot1')}{_DASH}{_year('ot2')})?\s+{_NOW}"
                 rf"(?:\s*\(\s*(?:{_EDGE}\s+)?{_month_year('otn')}\s*\))?",
    "range": rf"(?:{_TERM}|{_FROM}(?:\s+năm)?|năm)\s+{_year('r1')}{_DASH}{_year('r2')}"
             rf"|\(\s*{_year('r3')}{_DASH}{_year('r4')}\s*\)"
             rf"|{_FROM}\s+(?:năm\s+)?{_year('r5')}\s+(?:đến|tới)\s+(?:năm\s+)?{_year('r6')}",
    # "từ tháng 1 đến tháng 9/2024", "từ năm 2021 đến tháng 6/2024", "từ năm 2021 đến hết năm 2023"
    "from_to": rf"{_FROM}\s+(?:{_EDGE}\s+)?(?:năm\s+{_year('ft1')}|tháng\s+(?P<ftm>\d{{1,2}})(?:{_SEP}{_year('fty')})?)"
               rf"\s+(?:đến|tới)\s+(?:{_words('point_edges')}\s+)?(?:{_month_year('ft2')}|năm\s+{_year('ft3')})",
    "since": rf"{_FROM}\s+(?:{_EDGE}\s+)?(?:năm\s+{_year('s1')}|{_month_year('s2')}|{_year('s3')}(?=\s+{_NOW}))"
             rf"(?:\s+{_NOW})?",
    "point": rf"{_words('point_words')}\s+(?:{_words('point_edges')}\s+)*"
             rf"(?:(?:ngày\s+)?\d{{1,2}}{_SEP}(?P<pdm>\d{{1,2}}){_SEP}{_year('pdy')}|{_month_year('pm')}"
             rf"|{_quarter('pq')}|năm\s+{_year('py')})",
    # "Đầu nhiệm kỳ, ... có 52 TCCSĐ": a state at the start of the term (in force, or named)
    "term_start": rf"{_words('term_start')}(?:\s+{_year('ts1')}{_DASH}{_year('ts2')})?"
                  rf"(?!\s+{_words('term_modifiers')}(?!\w))",
    # "năm 2023 và 6 tháng đầu năm 2024", "năm 2023 và quý I/2024": from the year to the months' end
    "year_and_months": rf"năm\s+{_year('ya')}\s+và\s+(?:(?P<yan>{_COUNT})\s+tháng\s+đầu\s+năm\s+{_year('yany')}"
                       rf"|{_quarter('yaq')})",
    "months": rf"(?P<mn>{_COUNT})\s+tháng\s+(?:(?P<me>{_words('month_spans')})\s+)?năm\s+{_year('mny')}",
    # "6 tháng cuối năm" with no year: the months of the year in force ("6 tháng đầu năm 2023, ...;
    # 6 tháng cuối năm phấn đấu ..."); not "6 tháng đầu năm nay" (the year of writing)
    "months_of_year": rf"(?P<yn>{_COUNT})\s+tháng\s+(?P<ye>{_words('month_spans')})\s+năm{_NO_TIME_AFTER}"
                      rf"(?!\s+{_words('months_of_year_not_before')}(?!\w))",
    "quarter": _quarter("q"),
    "month": _month_year("m"),
    # "Năm 2022, 2023", "năm 2022 và năm 2023": the years of a list (the first to the last), each
    # the time of one fact where 'lần lượt' hands them out; not "Năm 2022, 2023 đảng viên ..."
    "years_list": rf"năm\s+{_year('yl')}(?:(?:\s*,\s*|\s+và\s+)(?:năm\s+)?(?:19|20)\d\d(?!\d))+"
                  rf"(?!\s+{_words('years_list_not_before')}(?!\w))",
    "year": rf"năm\s+{_year('y')}",
    # "Riêng tháng 10, ...": that month of the year in force (not "tháng 10/2024", "tháng 12 năm nay")
    "month_of_year": rf"tháng\s+(?P<om>\d{{1,2}})(?!\d|\s*[/.\-]\s*\d|\s+năm(?!\w))",
    "years_back": rf"(?:{_words('years_back_before')}\s+)?\d{{1,2}}\s+năm\s+qua",
    # "Sau 4 năm, kết quả đạt 96,5%": some years into the term, no time stated (not its whole span)
    "years_after": rf"sau\s+(?:{_words('years_back_before')}\s+)?(?:{_COUNT})\s+năm(?!\s+(?:qua|\d))",
    # "Giữa nhiệm kỳ, ...", "Sau nửa nhiệm kỳ, ...": some time within the term, none stated
    "mid_term": rf"{_words('mid_term')}{_NO_TIME_AFTER}",
    "refer": rf"{_words('refer_back')}{_NO_TIME_AFTER}",
    # "Từ đầu nhiệm kỳ, đã kết nạp ...": from the start of the term in force to the time of writing
    "since_term": rf"{_words('since_term_start')}{_NO_TIME_AFTER}",
    # "Năm 2005, chi bộ có 7 đảng viên, nay đã có 45 đảng viên": 'nay' opening a clause of a
    # level is the time of writing, not the year before it (not "từ nay", "năm nay")
    "now": rf"(?<=[,;]\s){_words('now_words')}(?=\s+{_words('now_verbs')}(?!\w))",
    "present": rf"{_PRESENT}{_NO_TIME_AFTER}",
    "vague": rf"{_words('vague')}{_NO_TIME_AFTER}",
    "refer_year": rf"{_words('refer_year')}{_NO_TIME_AFTER}",  # after "trong năm qua"
    # "9 tháng qua": the first months of a year its own sentence names ("Thực hiện kế hoạch năm
    # 2024, 9 tháng qua ..."), else no time (not "tháng vừa qua", which stays vague)
    "months_past": rf"(?P<pn>{_COUNT})\s+tháng\s+qua(?!\w)"
                   # "..., 9 tháng đã kết nạp", "trong 9 tháng, ...": not "sau 6 tháng", "dự bị 12 tháng"
                   rf"|(?<!sau\s)(?<!hơn\s)(?<!gần\s)(?<!bị\s)(?P<bn>\d|10|11|{_words('count_words')})\s+tháng"
                   rf"(?=\s*,|\s+đã\s)",
}

# Every form opens with a digit, "(", one of these words or the first word of a
# phrase of these lists. The lookahead on them turns most word starts away at
# once, where the regex engine would otherwise try each of the forms there
# (what the pattern matches is the same: each form's match starts with one of them).
_OPENING_LISTS = ("term_words", "from_words", "point_words", "years_back_before", "refer_back", "present",
                  "vague", "refer_year", "term_start", "since_term_start", "count_words", "mid_term", "now_words")
_OPENING_WORDS = {"ngày", "năm", "tháng", "quý"} | {key_form(p).split()[0] for name in _OPENING_LISTS for p in _T[name]}
_FORMS_PATTERN = "|".join(f"(?P<{name}>{rx})" for name, rx in _FORMS.items())
_PATTERN = re.compile(rf"(?<![\w/.,-])(?=[\d(]|{alternation(_OPENING_WORDS)})(?:{_FORMS_PATTERN})(?!\w)")
# "so với năm 2022", and a few words between after "so với": "so với bình quân nhiệm kỳ 2015-2020",
# "so với cùng thời điểm năm 2023"
_BASE_BEFORE = re.compile(rf"(?<!\w)(?:{_words('base_before')}|so\s+với(?:\s+[^\W\d]+){{1,3}})\s*$")
_CONTINUATION = re.compile(rf"[\s(\"“]*{_words('continuation_openers')}(?!\w)")
_MONTH_SPANS = Lexicon("period_phrases.month_spans", _T["month_spans"])
_QUARTERS = _T["roman_quarters"]
# "tăng từ 48,2% lên 73,2%", "giảm từ 59 đảng bộ xuống còn 50 đảng bộ": two levels.
_FROM_LEVEL = re.compile(r"(?<!\w)từ\s+\S*\d")
# the earlier level's time may stand between it and the word: "từ 82,4% (2020) lên", "từ 82,4% năm 2020 lên"
_TO_LEVEL = re.compile(r"\s*(?:\([^()]{0,30}\)\s*|(?:(?:đầu|cuối)\s+)?năm\s+(?:19|20)\d\d\s*)?"
                       r"(?:lên|xuống(?:\s+còn)?|còn)\s+(?=\S*\d)")
_GLOSS_GAP = re.compile(r"\s*\(?\s*")
_TERMINAL = ".!?…:;\"”)"


@dataclass(frozen=True)
class Phrase:
    start: int
    end: int
    form: str              # a key of _FORMS
    kind: str              # "explicit", "present", "vague", "refer", "refer_open", "refer_start", "refer_year",
    #                        "refer_months", "refer_months_here", "refer_month", "mid_term", "date"
    value: Value = None    # for "explicit"
    base: bool = False     # after "so với": the base of a comparison
    months: Optional[tuple[int, bool]] = None  # "refer_months": how many, and whether the last ones;
    #                                             "refer_month": which one

    @property
    def is_point(self) -> bool:
        return self.kind == "explicit" and self.value is not None and self.value[0] is None


def _ym(year: str, month: int) -> Optional[str]:
    return f"{year}-{month:02d}" if 1 <= month <= 12 else None


# The value of each form that states a time, from its match's groups (``g``).
_Groups = Callable[[str], Optional[str]]


def _range_value(g: _Groups) -> Value:
    for a, b in (("r1", "r2"), ("r3", "r4"), ("r5", "r6")):
        if g(a):
            return (g(a), g(b)) if g(a) <= g(b) else None
    return None


def _open_term_value(g: _Groups) -> Value:
    """"từ đầu nhiệm kỳ 2020 - 2025 đến nay (tháng 6/2023)": from the term's start."""
    if g("otnm"):
        end = _ym(g("otny"), int(g("otnm")))
        return (None, end) if end else None
    return (g("ot1"), None)


def _from_to_value(g: _Groups) -> Value:
    """"từ tháng 1 đến tháng 9/2024": a month with no year is in the end's year."""
    end = _ym(g("ft2y"), int(g("ft2m"))) if g("ft2m") else g("ft3")
    if end is None:
        return None
    start = g("ft1") or _ym(g("fty") or end[:4], int(g("ftm")))
    return (start, end) if start and start[:4] <= end[:4] and start <= end else None


def _since_value(g: _Groups) -> Value:
    if g("s2m"):
        start = _ym(g("s2y"), int(g("s2m")))
        return (start, None) if start else None
    return (g("s1") or g("s3"), None)


def _point_value(g: _Groups) -> Value:
    """"đến hết tháng 6/2020", "tính đến quý II/2023": a state at a point in time."""
    if g("pdm"):
        end = _ym(g("pdy"), int(g("pdm")))
    elif g("pmm"):
        end = _ym(g("pmy"), int(g("pmm")))
    elif g("pqq"):
        end = _ym(g("pqy"), 3 * _QUARTERS[g("pqq")])
    else:
        end = g("py")
    return (None, end) if end else None


def _months_value(g: _Groups) -> Value:
    """"9 tháng đầu năm 2021", "6 tháng cuối năm 2022"."""
    n = _count(g("mn"))
    if not 1 <= n <= 12:
        return None
    if g("me") and _MONTH_SPANS.entry(g("me")) == "last":
        return (_ym(g("mny"), 13 - n), _ym(g("mny"), 12))
    return (_ym(g("mny"), 1), _ym(g("mny"), n))


def _year_and_months_value(g: _Groups) -> Value:
    """"năm 2023 và 6 tháng đầu năm 2024": from the year to the end of the later months."""
    if g("yan"):
        year, n = g("yany"), _count(g("yan"))
        end = _ym(year, n) if 1 <= n <= 12 else None
    else:
        year = g("yaqy")
        end = _ym(year, 3 * _QUARTERS[g("yaqq")])
    return (g("ya"), end) if end and g("ya") < year else None


def _quarter_value(g: _Groups) -> Value:
    q = _QUARTERS[g("qq")]
    return (_ym(g("qy"), 3 * q - 2), _ym(g("qy"), 3 * q))


def _month_value(g: _Groups) -> Value:
    month = _ym(g("my"), int(g("mm")))
    return (month, month) if month else None


_LISTED_YEAR = re.compile(r"(?:19|20)\d\d")


def _years_list_value(m: re.Match) -> Value:
    years = _LISTED_YEAR.findall(m.group("years_list"))
    return (years[0], years[-1]) if all(a < b for a, b in zip(years, years[1:])) else None


def _year_value(g: _Groups) -> Value:
    return (g("y"), g("y"))


_VALUE_OF_FORM: dict[str, Callable[[_Groups], Value]] = {
    "term_start": lambda g: (None, g("ts1")), "year_and_months": _year_and_months_value,
    "range": _range_value, "from_to": _from_to_value, "open_term": _open_term_value, "since": _since_value,
    "point": _point_value,
    "months": _months_value, "quarter": _quarter_value, "month": _month_value, "year": _year_value,
}


def _explicit(m: re.Match, form: str) -> Value:
    """The time a phrase of a stated form says (None: malformed, "tháng 13")."""
    if form == "years_list":
        return _years_list_value(m)
    return _VALUE_OF_FORM.get(form, _year_value)(m.group)


# The kind of each form that states no time of its own (the others are "explicit" unless below).
_KIND_OF_FORM = {"present": "present", "now": "present", "vague": "vague", "date": "date", "years_after": "vague",
                 "refer": "refer", "years_back": "refer", "refer_year": "refer_year",
                 "months_of_year": "refer_months", "months_past": "refer_months_here",
                 "month_of_year": "refer_month", "mid_term": "mid_term"}


def _kind(m: re.Match, form: str) -> str:
    if form in _KIND_OF_FORM:
        return _KIND_OF_FORM[form]
    if form == "term_start" and not m.group("ts1"):
        return "refer_start"
    if form == "since_term" or form == "open_term" and not (m.group("ot1") or m.group("otnm")):
        return "refer_open"  # "từ đầu nhiệm kỳ đến nay": from the term's start
    return "explicit"


def _months_referred(m: re.Match, kind: str) -> Optional[tuple[int, bool]]:
    """"6 tháng cuối năm": (6, True); "9 tháng qua": (9, False)."""
    if kind == "refer_months":
        return _count(m.group("yn")), _MONTH_SPANS.entry(m.group("ye")) == "last"
    if kind == "refer_month":
        return int(m.group("om")), False
    return (_count(m.group("pn") or m.group("bn")), False) if kind == "refer_months_here" else None


def _quote_open(mt: str, floor: int, pos: int) -> Optional[int]:
    """Where the quote that pos stands in opens (None: pos is outside quotes)."""
    before = mt[floor:pos]
    if before.count("“") > before.count("”"):
        return mt.rfind("“", floor, pos)
    return mt.rfind('"', floor, pos) if before.count('"') % 2 == 1 else None


def _inside_quotes(mt: str, floor: int, pos: int) -> bool:
    return _quote_open(mt, floor, pos) is not None


def find_phrases(mt: str, start: int = 0, end: Optional[int] = None) -> list[Phrase]:
    """Every period phrase in mt[start:end] (match text), in text order.
    Malformed ones (a month 13, a range running backwards) are left out;
    phrases inside quotes are left to the caller, who knows the sentence."""
    end = len(mt) if end is None else end
    out: list[Phrase] = []
    for m in _PATTERN.finditer(mt, start, end):
        form = m.lastgroup
        for name in _FORMS:  # lastgroup is the innermost group: find the form's own
            if m.group(name) is not None:
                form = name
                break
        kind = _kind(m, form)
        if kind == "present" and mt.startswith("hiện", m.start()) \
                and _NOT_PRESENT_AFTER.search(mt, max(start, m.start() - 8), m.start()):
            continue
        value = _explicit(m, form) if kind == "explicit" else None
        if kind == "explicit" and (value is None or value == (None, None)):
            continue
        base = bool(_BASE_BEFORE.search(mt, max(start, m.start() - 40), m.start()))
        if out and out[-1].kind != "explicit" and kind == "explicit" and _GLOSS_GAP.fullmatch(mt, out[-1].end, m.start()):
            out.pop()  # "Trong 10 năm qua (từ 2006 đến nay)": the bracket says which years
        months = _months_referred(m, kind)
        out.append(Phrase(m.start(), m.end(), form, kind, value, base, months))
    return out


def _in_force_for(phrase: Phrase, inherited: Value, rule: str) -> Value:
    """What a phrase may point back to: "9 tháng qua" only to a year its own sentence
    names before it (the sentence's lead), never to one carried from before."""
    return inherited if phrase.kind != "refer_months_here" or rule == "sentence_lead" else None


def _term_like(value: Value) -> bool:
    """What "trong nhiệm kỳ", "từ đầu nhiệm kỳ", "5 năm qua" can point back to: a
    term or range over several years, an open range, or a date the term runs to;
    not a few months of one year."""
    if value is None:
        return False
    if value[0] is None or value[1] is None:
        return True
    return value[0][:4] != value[1][:4]


def _one_year(value: Value) -> Optional[str]:
    """The year a time lies in when it lies in one ("2023", "2023-01".."2023-06")."""
    if value is None or None in value or value[0][:4] != value[1][:4]:
        return None
    return value[0][:4]


def _resolve(phrase: Phrase, inherited: Value) -> Value:
    if phrase.kind == "explicit":
        return phrase.value
    if phrase.kind in ("refer", "refer_open") and _term_like(inherited):
        return inherited if phrase.kind == "refer" or inherited[0] is None else (inherited[0], None)
    year = _one_year(inherited)
    if phrase.kind == "refer_start" and year is None and inherited is not None and None not in inherited:
        return None, inherited[0][:4]  # "Nhiệm kỳ 2020 - 2025, ... Đầu nhiệm kỳ, ... có": at its start
    if year is None:
        return None
    if phrase.kind == "refer_year":
        return inherited  # "Năm 2022, ... Trong năm, ...": that year
    if phrase.kind == "refer_month":
        month = _ym(year, phrase.months[0])  # "Năm 2024, ... Riêng tháng 10, ...": that month of it
        return (month, month) if month else None
    if phrase.kind in ("refer_months", "refer_months_here") and 1 <= phrase.months[0] <= 12:
        n, last = phrase.months  # "6 tháng đầu năm 2023, ...; 6 tháng cuối năm ..."
        return (_ym(year, 13 - n), _ym(year, 12)) if last else (_ym(year, 1), _ym(year, n))
    return None


# --- governing ----------------------------------------------------------------

@dataclass
class _Sentence:
    start: int
    end: int
    phrases: list[Phrase]           # usable ones: not dates, not bases
    bases: list[Phrase]
    facts: list                     # records, by start
    quoted: list[Phrase]            # inside quotes: a name's, or a quotation's own time
    named_terms: list[Phrase]       # a body's term as part of its name ("Huyện ủy X nhiệm kỳ 2020 - 2025")
    lead: Optional[Phrase] = None
    term_before: Value = None       # a body's term named before it in its paragraph (_term_in_force)

    def clause(self, mt: str, pos: int) -> tuple[int, int]:
        lo = mt.rfind(";", self.start, pos) + 1 or self.start
        hi = mt.find(";", pos, self.end)
        return max(lo, self.start), (self.end if hi < 0 else hi)


@dataclass
class _Fact:
    record: object
    sentence: _Sentence
    inherited: Value                # what the sentence lead or the carried lead says
    inherited_rule: str
    mt: str
    pair_from: Optional[object] = None   # "từ X lên Y": for X, the Y
    pair_to: Optional[object] = None     # for Y, the X


_NO_DECISION = object()


@dataclass(frozen=True)
class _Time:
    """What a rule decided: the fact's period (None: no time can be stated)."""
    value: Value


RULES = Rules("period.fact")
_RESPECTIVELY = re.compile(r"(?<!\w)lần\s+lượt(?!\w)")


@RULES.rule("respectively")
def _rule_respectively(f: _Fact) -> Optional[_Time]:
    """"Năm 2022, 2023, huyện kết nạp lần lượt là 120, 135 đảng viên": the facts of one kind
    after 'lần lượt' in the clause take the years of the list before it one by one; when
    there are more or fewer facts than years, none can be told."""
    s, mt, r = f.sentence, f.mt, f.record
    lo, hi = s.clause(mt, r.start)
    cues = [c.span() for c in _RESPECTIVELY.finditer(mt, lo, hi)]
    cue = next((c for c in reversed(cues) if c[1] < r.end), None)  # a fact's text may hold it
    lists = [p for p in s.phrases if p.form == "years_list" and cue is not None and p.end <= cue[0]]
    if not lists:
        return None
    until = next((c[0] for c in cues if c[0] > cue[0]), hi)
    group = [o for o in s.facts if cue[1] < o.end and o.start < until and type(o) is type(r)]
    years = _LISTED_YEAR.findall(mt, lists[-1].start, lists[-1].end)
    if len(group) != len(years):
        return _Time(None)
    year = years[next(i for i, o in enumerate(group) if o is r)]
    return _Time((year, year))


_BASE_LEVEL_GAP = re.compile(r"\s*\(\s*")


@RULES.rule("base_level")
def _rule_base_level(f: _Fact) -> Optional[_Time]:
    """"tăng 12 đảng viên so với năm 2022 (118 đảng viên)", "cao hơn năm 2022 (88%)": a
    level in a bracket right after the base of a comparison is the base's; a change there
    ("(tăng 3,5 điểm)") is the one compared."""
    if f.record.kind == "other":
        return None
    for b in f.sentence.bases:
        if b.kind == "explicit" and _BASE_LEVEL_GAP.fullmatch(f.mt, b.end, f.record.start):
            return _Time(b.value)
    return None


@RULES.rule("level_pair")
def _rule_level_pair(f: _Fact) -> Optional[_Time]:
    """"tăng từ 48,2% (2015) lên 73,2% (2020)", "nhiệm kỳ 2020-2025 so với nhiệm kỳ
    2015-2020 tăng từ 48,2% lên 73,2%": the first level is at the time stated between
    the two (else the base compared with), the second at the time stated after it."""
    s, mt, r = f.sentence, f.mt, f.record
    if f.pair_from is not None:
        between = [p for p in s.phrases if r.end <= p.start < f.pair_from.start and p.kind == "explicit"]
        if between:
            return _Time(between[0].value)
        bases = [p for p in s.bases if p.end <= r.start]
        if bases:
            return _Time(bases[-1].value)
    if f.pair_to is not None:
        lo, hi = s.clause(mt, r.start)
        after = [p for p in s.phrases if r.end <= p.start < hi and p.kind == "explicit"]
        if after and not any(r.end <= o.start < after[0].start for o in s.facts):
            return _Time(after[0].value)
    return None


def _in_closed_bracket(mt: str, lo: int, p: Phrase, pos: int) -> bool:
    """Whether p stands in a bracket closed before pos: "kết nạp 120 đảng viên (năm 2022
    là 98 đảng viên), đạt 92% kế hoạch": the bracket's year is not the 92%'s."""
    return _in_open_bracket(mt, lo, p.start) and 0 <= mt.find(")", p.end, pos)


def _in_open_bracket(mt: str, lo: int, pos: int) -> bool:
    """Whether a bracket opened after lo is still open at pos."""
    opened = mt.rfind("(", lo, pos)
    return opened >= 0 and mt.find(")", opened, pos) < 0


_BRACKET_OPENS = re.compile(r"\s*\(?\s*")
_BRACKET_CLOSES = re.compile(r"\s*\)")


@RULES.rule("bracket_after")
def _rule_bracket_after(f: _Fact) -> Optional[_Time]:
    """"hiện có 5.210 đảng viên (tính đến ngày 31/10/2024)", "đạt 92% (năm 2023)": a
    bracket right after the fact that holds only a stated time says when the fact holds,
    over what the clause says before it; not "(năm 2022 là 98 đảng viên)"."""
    mt, end = f.mt, f.record.end
    for p in f.sentence.phrases:
        if p.start < end or p.kind != "explicit":
            continue
        gap = _BRACKET_OPENS.match(mt, end, p.start)
        bracketed = "(" in mt[end:p.start + 1]
        closed = mt[p.end - 1] == ")" or _BRACKET_CLOSES.match(mt, p.end)
        return _Time(p.value) if gap.end() == p.start and bracketed and closed else None
    return None


def _quote_span(mt: str, s: _Sentence, pos: int) -> Optional[tuple[int, int]]:
    """The quote pos stands in, from its opening mark to its closing one (or the sentence end)."""
    opened = _quote_open(mt, s.start, pos)
    if opened is None:
        return None
    closed = mt.find("”" if mt[opened] == "“" else '"', pos, s.end)
    return opened, (s.end if closed < 0 else closed)


@RULES.rule("quoted")
def _rule_quoted(f: _Fact) -> Optional[_Time]:
    """"Ông kể: “Năm 2005, chi bộ chỉ có 7 đảng viên”": a fact inside a quotation is at the
    time the quotation states before it in its clause, else the first stated after it; the
    quotation's time is no time of what stands outside it (a name's "giai đoạn 2017 - 2020")."""
    s, mt, r = f.sentence, f.mt, f.record
    quote = _quote_span(mt, s, r.start)
    if quote is None or not s.quoted:
        return None
    lo, hi = s.clause(mt, r.start)
    lo, hi = max(lo, quote[0]), min(hi, quote[1])
    before = [p for p in s.quoted if lo <= p.start <= r.start and p.end <= r.end]
    after = [p for p in s.quoted if r.end <= p.start < hi and p.kind == "explicit"]
    if before:
        return _Time(_resolve(before[-1], f.inherited))
    return _Time(after[0].value) if after else None


@RULES.rule("clause_phrase")
def _rule_clause_phrase(f: _Fact) -> Optional[_Time]:
    """A phrase in the fact's own clause (the sentence up to ';'): the nearest
    before the fact, else the first stated time after it ("kết nạp 2 đảng viên
    trong tháng 5 năm 2018")."""
    s, r = f.sentence, f.record
    lo, hi = s.clause(f.mt, r.start)
    # a phrase may open the fact's own text ("hiện có 3.000 đảng viên")
    before = [p for p in s.phrases if lo <= p.start <= r.start and p.end <= r.end
              and not _in_closed_bracket(f.mt, lo, p, r.start)]
    # a time in a bracket of its own after the fact is the bracket's ("đạt 92% (năm 2022: 88%)")
    after = [p for p in s.phrases if r.end <= p.start < hi and p.kind == "explicit"
             and not _in_open_bracket(f.mt, r.end, p.start)]
    if before and before[-1] is not s.lead:
        in_force = _term_in_force(s, before[-1].start, f.inherited)
        return _Time(_resolve(before[-1], _in_force_for(before[-1], in_force, f.inherited_rule)))
    if not before and after and after[0] is not s.lead:
        return _Time(_resolve(after[0], f.inherited))
    return None


@RULES.rule("named_term_target")
def _rule_named_term_target(f: _Fact) -> Optional[_Time]:
    """"Nghị quyết Đại hội Đảng bộ huyện nhiệm kỳ 2020-2025 đề ra chỉ tiêu kết nạp 500 đảng
    viên": a target set by (or for) a body elected for a term aims at that term's end, when
    its sentence opens with no time of its own; other facts of the body are not at its term."""
    s = f.sentence
    if f.record.kind != "target" or not s.named_terms or s.lead is not None:
        return None
    before = [p for p in s.named_terms if p.start < f.record.start]
    return _Time((before[-1] if before else s.named_terms[0]).value)


@RULES.rule("carried")
def _rule_inherited(f: _Fact) -> Optional[_Time]:
    """The sentence's lead, else the lead carried over (paragraph, section, heading)."""
    return _Time(f.inherited)


def _decide(f: _Fact) -> tuple[Value, str]:
    decided = RULES.first(f)  # "carried" always decides
    return decided.value.value, (f.inherited_rule if decided.rule == "carried" else decided.rule)


def _lead(mt: str, s: _Sentence) -> Optional[Phrase]:
    """The phrase that opens a sentence: its first phrase, standing before its
    first fact, or (in a sentence without facts) before its first comma:
    "Nhiệm kỳ 2015 - 2020, Đảng bộ ..." but not "Thứ nhất, ..., Nghị quyết Đại
    hội ..., nhiệm kỳ 2020 - 2025, ..." (a name in a list), nor a caption's
    "... bầu Ban Chấp hành nhiệm kỳ mới 2020 - 2025." (in its last 60%)."""
    if not s.phrases:
        return None
    first = s.phrases[0]
    if s.facts:
        return first if first.start <= s.facts[0].start else None
    opening = "," not in mt[s.start:first.start] and first.start - s.start <= 0.4 * (s.end - s.start)
    return first if opening else None


def _section_value(s: _Sentence, within: Value) -> Value:
    """What a sentence that ends in ':' says of the list that follows it: its own
    first phrase ("trong những năm tới ... các giải pháp sau:"), else the term of a body it
    names ("Nghị quyết Đại hội ... nhiệm kỳ 2020 - 2025 đề ra các chỉ tiêu sau:", a list of the
    congress's targets), else the time in force."""
    phrases = s.phrases or s.named_terms
    return _resolve(phrases[0], _term_in_force(s, phrases[0].start, within)) if phrases else within


# "Ảnh: Lễ kết nạp đảng viên năm 2022", "... năm 2022. Ảnh: Thu Hà": a photo caption, not a heading
_CAPTION = re.compile(rf"(?<!\w)(?:{alternation(_T['caption_cues'])})\s*:", re.IGNORECASE)


# "Phú Thọ, tháng 3/2024", "HÀ NỘI - năm 2024": a place and the month or year of writing, no heading
_PLACE_AND_TIME = re.compile(r"[^\W\d][^,\-–—|\d]{0,40}?\s*[,\-–—|]\s*(?:tháng\s+\d{1,2}(?:\s*[/.\-]\s*|\s+năm\s+)"
                             r"|năm\s+)(?:19|20)\d\d", re.IGNORECASE)


def _is_heading(line: str) -> bool:
    line = line.strip()
    return 0 < len(line) <= 200 and line[-1] not in _TERMINAL and not _CAPTION.search(line)


def _level_pairs(mt: str, facts: list) -> None:
    """Mark "từ X lên Y" pairs on consecutive facts (of one kind)."""
    for a, b in zip(facts, facts[1:]):
        if type(a.record) is not type(b.record):
            continue
        gap = _TO_LEVEL.match(mt, a.record.end)
        if gap and gap.end() <= b.record.end and _FROM_LEVEL.search(mt, max(0, a.record.start - 3), a.record.end):
            a.pair_from, b.pair_to = b.record, a.record


def _paragraphs(text: str) -> Iterable[tuple[int, int]]:
    for m in re.finditer(r"[^\n]+", text):
        if m.group().strip():
            yield m.start(), m.end()


def _sentences(doc: Doc, mt: str, records: list) -> dict[int, _Sentence]:
    """The sentences by start offset, each with its phrases and its facts."""
    index = doc._.sentences
    by_start = {span.start: _Sentence(span.start, span.end, [], [], [], [], []) for span in index.spans}
    for p in find_phrases(mt):
        span = index.span_at(p.start)
        if span is None or p.kind == "date":
            continue  # a signing date
        s = by_start[span.start]
        if _inside_quotes(mt, span.start, p.start):
            # 'Đề án "... giai đoạn 2017 - 2020"': a name; "“Năm 2005, chi bộ chỉ có 7 đảng viên”":
            # a quotation's own time, of the facts quoted with it only (rule quoted)
            s.quoted.append(p)
            continue
        if not p.base and _names_body(index.text, mt, span.start, p):
            s.named_terms.append(p)  # which body, not when (rules named_term_target, _term_in_force)
            continue
        (s.bases if p.base else s.phrases).append(p)
    for r in records:
        span = index.span_at(r.start)
        if span is not None:
            by_start[span.start].facts.append(r)
    for s in by_start.values():
        if not s.facts and s.named_terms:
            # "Sau khi tổ chức thành công Đại hội ... nhiệm kỳ 2015-2020, ...": with no fact of the
            # body's own, the sentence leads on to the term's results (a lead, as before)
            s.phrases, s.named_terms = sorted(s.phrases + s.named_terms, key=lambda p: p.start), []
    return by_start


# "Ban Thường vụ Đảng ủy xã Tân Lập nhiệm kỳ 2020 - 2025", "Đại hội Đảng bộ huyện Di Linh lần
# thứ XII, nhiệm kỳ 2020 - 2025": a term right after the name of a body elected for it
_BODY = re.compile(rf"(?<!\w){_words('body_names')}(?!\w)")
_BODY_TERM = re.compile(rf"{_words('body_term_words')}\s")
_BODY_NAME_WORDS = frozenset(key_form(w) for w in _T["body_name_words"])
_TERMS_COMPARED = re.compile(rf"\s*,?\s*{_words('body_term_compared')}(?!\w)")
# "Thực hiện Nghị quyết Đại hội ... nhiệm kỳ 2020 - 2025, Đảng bộ đã kết nạp ...", "Sau Đại hội ...
# nhiệm kỳ 2020-2025, ...": a lead clause about the congress sets the sentence in its term
_LEAD_CLAUSE_OPENER = re.compile(rf"[\s\"“(]*{_words('body_term_lead_openers')}\s")
_CLAUSE_CLOSES = re.compile(r"\s*,")
# "Đại hội Đảng bộ huyện Di Linh lần thứ XII, nhiệm kỳ 2020 - 2025": a comma before the term
# after an ordinal only (not "Theo Ban Tổ chức Huyện ủy Đông Anh, nhiệm kỳ 2020 - 2025, ...")
_ORDINAL_END = re.compile(rf"(?<!\w){_words('body_name_ordinals')}\s+\S+\s*,$")


def _is_name_word(word: str) -> bool:
    """A word of a body's name after its type: a place's ("xã", "Tân Lập", "quận 1"), an
    ordinal ("lần thứ XII", "khóa XVI"); "đã", "trong", "kết nạp" end the name."""
    word = word.strip(".()")
    return bool(word) and (word[0].isupper() or word[0].isdigit() or key_form(word) in _BODY_NAME_WORDS)


def _names_body(text: str, mt: str, floor: int, p: Phrase) -> bool:
    """Whether the term p is part of a body's name ("Huyện ủy Krông Năng nhiệm kỳ 2020 - 2025"):
    it says which body (the one elected for that term), not when its facts happened; the
    term as an adverbial ("Nhiệm kỳ 2020 - 2025, ...", "trong nhiệm kỳ 2020-2025") and two
    bodies' terms compared ("... nhiệm kỳ 2020-2025 so với nhiệm kỳ 2015-2020") and the term
    of a congress in a lead clause ("Thực hiện Nghị quyết Đại hội ... nhiệm kỳ 2020 - 2025, ...")
    are times."""
    if p.form != "range" or not _BODY_TERM.match(mt, p.start) or _TERMS_COMPARED.match(mt, p.end):
        return False
    if _LEAD_CLAUSE_OPENER.match(mt, floor) and _CLAUSE_CLOSES.match(mt, p.end):
        return False
    bodies = list(_BODY.finditer(mt, floor, p.start))
    if not bodies:
        return False
    name = text[bodies[-1].end():p.start].rstrip()
    if name.endswith(","):
        if not _ORDINAL_END.search(mt, bodies[-1].end(), bodies[-1].end() + len(name)):
            return False
        name = name[:-1]
    return all(_is_name_word(w) for w in name.split())


def _term_in_force(s: _Sentence, pos: int, value: Value) -> Value:
    """What "trong nhiệm kỳ", "đến cuối nhiệm kỳ", "gần 5 năm" point back to at pos: the term
    of a body named before it in the sentence ("Đại hội ... nhiệm kỳ 2020 - 2025 đề ra mục tiêu
    đến cuối nhiệm kỳ ...") or earlier in the paragraph ("Sau Đại hội ... nhiệm kỳ 2015-2020,
    ... Gần 5 năm triển khai thực hiện, ..."), else the time in force."""
    named = [p for p in s.named_terms if p.end <= pos]
    if named:
        return named[-1].value
    return value if s.term_before is None else s.term_before


def _named_after(s: _Sentence, named: Value) -> Value:
    """The body's term in force for what follows s in its paragraph: the last s names, else
    none after a time s opens with, else the one before."""
    if s.named_terms:
        return s.named_terms[-1].value
    return None if s.lead is not None and s.lead.kind == "explicit" else named


@dataclass
class _Carried:
    """What is carried from paragraph to paragraph."""
    across: Value = None            # the reporting period in force for the paragraphs that follow
    across_rule: str = "none"
    last: Value = None              # the time in force at the end of the last paragraph with facts or a lead
    last_rule: str = "none"

    def opening(self, continues: bool) -> tuple[Value, str]:
        return (self.last, self.last_rule) if continues else (self.across, self.across_rule)

    def close(self, line: str, sentences: list[_Sentence], within: Value, within_rule: str,
              paragraph_lead, has_facts: bool) -> None:
        """After a paragraph: a table row carries nothing; a heading that names a year,
        a paragraph ending in ':' and a paragraph lead that names a reporting period
        carry on; a lead that is a date, "hiện nay" or "những năm qua" ends the carry."""
        if line.lstrip().startswith("|") or _PLACE_AND_TIME.fullmatch(line.strip()):
            return  # a table row: its headers give its cells' periods (extract.tables); a place and date
        if _is_heading(line):
            heading_value = _heading_value(sentences)
            if heading_value is not _NO_DECISION and not has_facts:
                self.across, self.across_rule = heading_value, "heading"
        elif line.rstrip().endswith(":"):
            self.across, self.across_rule = _section_value(sentences[-1], within), "section_lead"
        elif paragraph_lead is not _NO_DECISION:
            carries = paragraph_lead is not None and paragraph_lead[0] is not None
            self.across, self.across_rule = (paragraph_lead, "paragraph_lead") if carries else (None, "none")
        if has_facts or paragraph_lead is not _NO_DECISION:
            self.last = within
            self.last_rule = within_rule if within_rule != "sentence_lead" else "paragraph_lead"


# "..., năm 2022 kết nạp ...": a clause opening with a time of its own
_CLAUSE_OPENING = re.compile(r"[,;]\s*(?:(?:và|còn|riêng|sang|đến)\s+)?$")


def _runs_through(mt: str, s: _Sentence) -> bool:
    """"Kết quả, năm 2021 đạt 88,4%, năm 2022 đạt 89,7%, năm 2023 đạt 91,2%": a sentence
    whose later clauses open with other times of its lead's form, each before facts of
    its own, runs through several times; none of them governs the sentences after it."""
    lead = s.lead
    if lead is None or lead.kind != "explicit":
        return False
    if lead.form == "years_list":
        return True  # "Năm 2021, 2022, 2023, tỷ lệ ... lần lượt là ...": a list of years
    return any(p.form == lead.form and p.value != lead.value and p.start > lead.end
               and _CLAUSE_OPENING.search(mt, max(s.start, p.start - 12), p.start)
               and any(r.start >= p.end for r in s.facts) for p in s.phrases)


# Leads that name a time within the term in force ("Đầu nhiệm kỳ, ...", "Từ đầu nhiệm kỳ, ...",
# "Giữa nhiệm kỳ, ..."): they govern their own sentence; the term stays in force after them.
_WITHIN_TERM = ("refer_start", "refer_open", "mid_term")


def _paragraph_sentences(text: str, spans: list, by_start: dict[int, _Sentence]) \
        -> Iterable[tuple[int, int, list[_Sentence]]]:
    """(start, end, sentences) of each paragraph with sentences, in text order."""
    i = 0
    for line_start, line_end in _paragraphs(text):
        sentences = []
        while i < len(spans) and spans[i].start < line_end:
            if spans[i].start >= line_start:
                sentences.append(by_start[spans[i].start])
            i += 1
        if sentences:
            yield line_start, line_end, sentences


def govern(doc: Doc, records: list) -> list[tuple[object, Value, str]]:
    """(record, period, rule) for each count/percentage record, in text order."""
    mt, text = doc._.match_text, doc._.sentences.text
    by_start = _sentences(doc, mt, sorted(records, key=lambda r: r.start))
    spans = doc._.sentences.spans
    out: list[tuple[object, Value, str]] = []
    carried = _Carried()
    for line_start, line_end, sentences in _paragraph_sentences(text, spans, by_start):
        within, within_rule = carried.opening(_CONTINUATION.match(mt, sentences[0].start) is not None)
        paragraph_lead: Value = _NO_DECISION
        named: Value = None  # a body's term named in the paragraph so far
        for n, s in enumerate(sentences):
            s.lead, s.term_before = _lead(mt, s), named
            inherited, inherited_rule = within, within_rule
            if s.lead is not None:
                in_force = _in_force_for(s.lead, _term_in_force(s, s.lead.start, within), "")
                inherited, inherited_rule = _resolve(s.lead, in_force), "sentence_lead"
                if s.lead.kind not in _WITHIN_TERM:
                    within, within_rule = inherited, inherited_rule
                if n == 0:
                    paragraph_lead = within
            facts = [_Fact(r, s, inherited, inherited_rule, mt) for r in s.facts]
            _level_pairs(mt, facts)
            out.extend((f.record, *_decide(f)) for f in facts)
            named = _named_after(s, named)
            if _runs_through(mt, s):
                within, within_rule = None, "after_a_run_of_times"
                if n == 0:
                    paragraph_lead = None
        carried.close(text[line_start:line_end], sentences, within, within_rule, paragraph_lead,
                      any(s.facts for s in sentences))
    return out


def _heading_value(sentences: list[_Sentence]):
    """A heading that names a year, months or a quarter governs what follows it;
    a term in a heading names the congress or plan, not the time of the figures."""
    for s in sentences:
        for p in s.phrases:
            if p.kind == "explicit" and p.form not in ("range", "open_term"):
                return p.value
    return _NO_DECISION


def to_period(value: Value) -> Optional[Period]:
    return None if value is None else Period(start=value[0], end=value[1])


def assign(doc: Doc) -> list:
    """Set ``period`` on the doc's counts and percentages (the spaCy step); a
    period already set (a table cell's, from its headers) is kept."""
    records = list(doc._.counts or []) + list(doc._.percentages or [])
    for record, value, rule in govern(doc, records):
        kind = "counts" if isinstance(record, Count) else "percentages"
        if record.period is None:
            record.period = to_period(value)
            record_trace(doc, kind, record.start, record.end, {"period": f"period: {rule}"})
        else:
            record_trace(doc, kind, record.start, record.end, {"period": "period: the table cell's headers"})
    return []


def explain(doc: Doc) -> list[tuple[str, Value, str]]:
    """(fact text, period, rule that decided it) for every count and percentage."""
    records = list(doc._.counts or []) + list(doc._.percentages or [])
    return [(r.text, v, rule) for r, v, rule in govern(doc, records)]
