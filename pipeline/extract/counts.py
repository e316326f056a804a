"""Counts of Party organizations and members: "có 684 TCCSĐ", "kết nạp 509 đảng viên mới".

A count is a number (digits with thousands dots, "02", number words, "5,3 triệu")
right before a counted noun from data/count_units.json. Everything else is read
from the words around that pair, all listed in data/count_cues.json:

* qualifier: the word right before the number ("hơn", "khoảng", "dưới", ...) or
  right after the noun ("trở lên");
* event: the nearest cue before the number in its clause. An event verb gives
  its event; a total word ("có", "với", "gồm") gives none and stops a verb further
  back from reaching the number. A clause that starts with the number continues
  the list before it ("khiển trách 38 đảng viên; 10 đảng viên ..." keeps the verb),
  and a breakdown ("trong đó có 42 đảng bộ") keeps the event of the count it breaks
  down. A passive after the noun ("12 đảng viên bị kỷ luật") also says the event;
* subject: the Party body named right before the verb ("Đảng bộ tỉnh Kon Tum hiện
  có 684 TCCSĐ"), carried to the later counts of the same clause chain.

Why rules rather than a model: reports say these things in a small set of fixed
phrasings, and the tables say exactly which. Matching runs on doc._.match_text
(lower-case, tone-folded, same length as doc.text), so offsets index doc.text.
A number without its noun is a count only in a list of discipline/event verbs
("khiển trách 10, cảnh cáo 3" after a count with a noun in the same sentence).

Schema 2 adds what researchers aggregate by: ``kind`` from ordered named rules
(``KIND_RULES``: a quota, a threshold "chi bộ có trên 30 đảng viên", a target under
the percentages' target phrases, a change "tăng 11 ... so với"; else achieved),
``part_of`` for the items of a breakdown ("73 TCCSĐ, trong đó có 42 đảng bộ và 31
chi bộ cơ sở"), and ``unit_key`` from data/count_unit_keys.json. Ranges ("từ 15 -
20 đảng viên") and quotas ("kết nạp được 10/12 đảng viên") are two counts each.
The period is set after extraction (pipeline.extract.period).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Iterator, Optional

from spacy.tokens import Doc

from ..lexicon import Lexicon, alternation
from ..normalize import key_form
from ..records import Count
from ..tables import load_table
from .common import fact_fields
from ..numbers import INTEGER, parse_decimal, parse_int, words_to_int
from .percentages import reference_year, target_scope


def _words(pattern: str) -> re.Pattern:
    return re.compile(rf"(?<!\w)(?:{pattern})(?!\w)")


@dataclass(frozen=True)
class _Unit:
    unit: str
    category: str
    requires_event: object = None  # None, True (any event) or a list of events
    implied_event: Optional[str] = None
    counted_after: tuple = ()  # patterns of nouns that, named earlier in the clause, make this one a count


@dataclass(frozen=True)
class _Cue:
    kind: str  # "event", "total", "inherit", "carry" or "neutral"
    event: Optional[str] = None
    categories: Optional[tuple] = None
    adjacent: bool = False


def _load_units():
    table = load_table("count_units")
    units: dict[str, _Unit] = {}
    for entry in table["units"]:
        counted_after = tuple(_words(alternation([w])) for w in entry.get("counted_after", ()))
        unit = _Unit(entry["unit"], entry["category"], entry.get("requires_event"),
                     entry.get("implied_event"), counted_after)
        for form in entry["forms"]:
            units[key_form(form)] = unit
    joiners = alternation(j for j in table["compound_joiners"] if j.strip(",/"))
    return Lexicon("count_units.units", units), _words(alternation(units)), joiners


def _load_cues():
    table = load_table("count_cues")
    cues: dict[str, _Cue] = {}
    for entry in table["events"]:
        cats = tuple(entry["categories"]) if "categories" in entry else None
        for c in entry["cues"]:
            cues[key_form(c)] = _Cue("event", entry["event"], cats, entry.get("adjacent", False))
    for entry in table["totals"]:
        for c in entry["cues"]:
            cues[key_form(c)] = _Cue("total", adjacent=entry.get("adjacent", False))
    for c in table["inherit"]:
        cues[key_form(c)] = _Cue("inherit")
    for c in table["carry"]:
        cues[key_form(c)] = _Cue("carry")
    for c in table["neutral"]:
        cues[key_form(c)] = _Cue("neutral")
    return Lexicon("count_cues", cues)


_UNITS, _UNIT_RE, _JOINER_WORDS = _load_units()
_CUES = _load_cues()
_CUE_RE = _words(alternation(_CUES))
_EVENT_CUES = Lexicon("count_cues.events", {k: _CUES.entry(k) for k in _CUES if _CUES.entry(k).kind == "event"})
# The kinds each event can be said of (None: any), over all the verbs that say it.
_EVENT_KINDS: dict[str, Optional[set]] = {}
for _c in (_EVENT_CUES.entry(k) for k in _EVENT_CUES):
    _kinds = _EVENT_KINDS.get(_c.event, set())
    _EVENT_KINDS[_c.event] = None if _kinds is None or _c.categories is None else _kinds | set(_c.categories)
_T = load_table("count_cues")
_QUALIFIERS = Lexicon.from_table("count_cues", "qualifiers", model=dict[str, str])
_AFTER_QUALIFIERS = Lexicon.from_table("count_cues", "after_unit_qualifiers", model=dict[str, str])
_AFTER_EVENTS = Lexicon.from_table("count_cues", "after_unit_events", model=dict[str, Optional[str]])
_FORMS = Lexicon.from_table("count_cues", "discipline_forms", "forms", model=dict[str, str])

# Right before the number (the window ends at the number): qualifier, fillers.
_QUALIFIER_END = re.compile(rf"(?<!\w)(?P<q>{alternation(_QUALIFIERS)})\s+$")
_RANGE_START_END = re.compile(rf"(?<!\w)(?:{alternation(_T['range_start'])})\s+$")
_FILLERS = re.compile(rf"\s*(?:(?:{alternation(_T['fillers'])})(?!\w)\s*)*")
_CONNECTORS_ONLY = re.compile(rf"^\s*(?:(?:{alternation(_T['connectors'])})\s*)*$")
_BLOCKER_END = re.compile(rf"(?<!\w)(?:{alternation(_T['not_before_number'])})\s+$"
                          r"|[-–—/]\s*$|\d\s*$")
_APPROX_END = re.compile(rf"(?<!\w)(?:{alternation(_T['approximate_before'])})\s+$")
_AMBIGUOUS = {key_form(w) for w in _T["ambiguous_number_words"]}
_NEVER_COUNT = {key_form(w) for w in _T["never_count_words"]}
_CHANGE_END = re.compile(rf"(?<!\w)(?:{alternation(_T['differences']['before'])})\s+$")
NUMBER_WORDS = load_table("number_words")
_SCALES = Lexicon.from_table("number_words", "scales", model=dict[str, int])

# Right after the counted noun.
_AFTER_QUALIFIER_RE = re.compile(
    rf"(?:\s+[^\s,;:.()]+){{0,2}}?\s+(?P<q>{alternation(_AFTER_QUALIFIERS)})(?!\w)")
_AFTER_EVENT_RE = re.compile(
    rf"(?:\s+[^\s,;:.()]+){{0,5}}?\s+(?P<e>{alternation(_AFTER_EVENTS)})(?!\w)")
_PASSIVE_RE = re.compile(
    rf"\s+(?:{alternation(_T['passive_markers'])})\s+(?P<e>{alternation(_EVENT_CUES)})(?!\w)")
# "số đảng viên (được) kết nạp (trong năm) là 320", "số đảng viên mới kết nạp là 98": the
# counted noun and its event (said by a verb or by the noun itself) before the total.
_NAMED_EVENT_RE = re.compile(
    rf"(?<!\w)(?:{alternation(_T['count_nouns'])})\s+(?P<u>{alternation(_UNITS)})(?:\s+"
    rf"(?:(?:{alternation(_T['passive_markers'])})\s+)?(?P<e>{alternation(_EVENT_CUES)}))?(?!\w)")
# "tổng số tổ chức cơ sở đảng toàn tỉnh là 512": the noun named first, the bare number after the verb.
_NAMED_TOTAL_RE = re.compile(
    rf"(?<!\w)(?:{alternation(_T['count_nouns'])})\s+(?P<u>{alternation(_UNITS)})(?!\w)"
    rf"[^,;:.()%]{{0,80}}?\s(?:{alternation(_T['named_total_verbs'])})(?=\s)")
# "kỷ luật 3 đảng viên bằng hình thức cảnh cáo": the form makes a general "kỷ luật" specific.
_FORM_AFTER_RE = re.compile(
    rf"(?:\s+[^\s,;:.()]+){{0,6}}?\s+(?:{alternation(_T['discipline_forms']['markers'])})"
    rf"\s+(?P<e>{alternation(_FORMS)})(?!\w)")
_ATTENDANCE_AFTER = re.compile(rf"\s+(?:{alternation(_T['attendance_after'])})(?!\w)")
_ATTENDANCE_BEFORE = _words(alternation(_T["attendance_before"]))
_REPRESENTED = _words(alternation(_T["represented_before"]))
_COMPOUND_RE = re.compile(rf"\s*(?:,|/|\s(?:{_JOINER_WORDS}))\s*(?P<u>{alternation(_UNITS)})(?!\w)")

_SUBJECT_HEAD_RE = _words(alternation(_T["subject_heads"]))
_SUBJECT_NAME_WORDS = {key_form(w) for w in _T["subject_name_words"]}
_SUBJECT_ADVERBS_END = re.compile(rf"(?:(?<!\w)(?:{alternation(_T['subject_adverbs'])})\s*)*$")

# Numbers: digits (1.742, 02), digits with a scale word (5,3 triệu), number words.
_DIGITS_END = re.compile(rf"(?<![\w.,/%-])(?P<n>{INTEGER})\s+$")
# "kết nạp 156/150 đảng viên": achieved over planned; the first number is the count.
_RATIO_END = re.compile(rf"(?<![\w.,/%-])(?P<n>{INTEGER})/(?P<d>{INTEGER})\s+$")
_SCALED_END = re.compile(rf"(?<![\w.,/%-])(?P<n>\d+(?:[.,]\d+)?)\s+(?P<s>{alternation(_SCALES)})\s+$")
_WORD_TAIL = re.compile(r"(?:[^\W\d_]+\s+){1,6}$")
# Clause pieces inside a sentence: commas, semicolons, colons, brackets, quotes.
_PIECE_BOUNDARY = re.compile(r"[,;:()\[\]“”\"]|\s[-–—]\s")
_ELIDED_NUMBER = re.compile(rf"\s+(?:(?P<q>{alternation(_QUALIFIERS)})\s+)?(?P<n>{INTEGER})(?![\w%]|[.,/-]\d|\s*%)")
_YEAR = re.compile(r"(?:19|20)\d\d")
_RANGE_LOW_END = re.compile(
    rf"(?<![\w.,/%-])(?:(?P<from>{alternation(_T['range_start'])})\s+)?(?P<lo>{INTEGER})"
    rf"(?:\s*[-–—]\s*|\s+(?P<to>{alternation(_T['range_to'])})\s+)$")
_PLAN_NOUN = _words(alternation(_T["kind"]["plan_nouns"]))
_TARGET_CUE = _words(alternation(_T["kind"]["target_cues"]))
_THRESHOLD_END = re.compile(
    rf"(?<!\w)(?P<noun>{alternation(_T['kind']['threshold_nouns'])})\s+(?:(?:{alternation(_T['threshold_verbs'])})\s+)?"
    rf"(?:{alternation(list(_T['qualifiers']) + _T['range_start'])})\s+$")
_LIST_JOIN = re.compile(rf"[\s,]*(?:(?:{alternation(_T['list_joiners'])})\s+)?")
_BREAKDOWN = _words(alternation(_T["breakdown_openers"]))
_TOTAL_OPENER = re.compile(rf"(?<!\w)(?:{alternation(_T['total_openers'])})\s+$")
_UNIT_KEYS = load_table("count_unit_keys")["keys"]
# Event decisions beyond the nearest cue (GOVERNING_CUE_RULES, _event, the readers after _named_totals).
_FORM_OF_PREVIOUS_GAP = re.compile(rf"\s+(?:{alternation(_T['discipline_forms']['markers'])})\s+")
_OPENER_PIECE_END = re.compile(rf"(?<!\w)(?:{alternation(_T['inherit'])})\s*,\s*$")
# Event verbs that may stand away from the number (not only right before it).
_FREE_EVENT_VERBS = [k for k in _EVENT_CUES if not _EVENT_CUES.entry(k).adjacent]
_DISTANT_PASSIVE_RE = re.compile(
    rf"\s+(?:{alternation(_T['distant_passive']['openers'])})(?:\s+[^\s\d,;:.()%]+){{1,12}}?"
    rf"\s+(?:{alternation(_T['distant_passive']['markers'])})"
    rf"\s+(?P<e>{alternation(_FREE_EVENT_VERBS)})(?!\w)")
_LEAD_OPENER = _words(alternation(_T["total_openers"]))
_DESCRIPTION = _words(alternation(_T["description_before_carry"]))
_NOT_READ = object()
_ELIDED_END = re.compile(rf"\s*(?:[,;.)(…]|\s(?:{alternation(_T['elided_stops'])})\s|$)")


@dataclass
class _Found:
    start: int          # mention start (cue, qualifier or number)
    end: int            # mention end (the noun, or a "trở lên"/passive after it)
    num_start: int
    value: int
    qualifier: str
    unit: _Unit
    unit_text: str
    event: Optional[str]
    subject: Optional[str]
    governed: bool = False          # an event verb (not a total word) decided the event
    passive: Optional[_Cue] = None  # the event was said by a passive after the noun
    kind: Optional[str] = None      # set by a reading that decides it ("quota"); else by KIND_RULES
    part_of: Optional[int] = None


@dataclass
class _Context:
    """Where a number + noun pair stands: its sentence and clause piece."""
    text: str           # doc.text
    mt: str
    sent_start: int
    sent_end: int
    piece: int          # start of the clause piece holding the number
    num_start: int
    unit_end: int
    previous: Optional[_Found]  # the count before it in the sentence
    broken_down: Optional[_Found] = None  # the last count before it that is not a change


# The words a number written in words can end with, and the scales ("3 nghìn"):
# a unit noun after any other word has no number before it.
_NUMBER_END_WORDS = frozenset(
    form for group in ("digits", "ten", "tens_marker", "after_tens", "zero_tens", "scales")
    for word in NUMBER_WORDS[group] for form in (word, key_form(word))) | frozenset(_SCALES)


def _may_end_in_number(mt: str, lo: int, pos: int) -> bool:
    """The look-back's cheap prefilter (most unit nouns have no number before them):
    False only where _number_before finds nothing, since each of its patterns ends in
    whitespace right before pos after a digit, a scale or a number word."""
    j = pos - 1
    if j < lo or not mt[j].isspace():
        return False
    while j >= lo and mt[j].isspace():
        j -= 1
    if j < lo:
        return False
    if mt[j].isdecimal():
        return True
    k = j
    while k >= lo and mt[k].isalnum() and not mt[k].isdecimal():  # the regexes' [^\W\d_]
        k -= 1
    return mt[k + 1:j + 1] in _NUMBER_END_WORDS


def _number_before(mt: str, lo: int, pos: int):
    """(start, value, words, ratio) of the number that ends right before pos, or None;
    words is the run of number words, or "" for digits; ratio is (start, value) of the
    second number when written "156/150", else None."""
    # The patterns are anchored at the window's end; a number (even in words,
    # "một nghìn hai trăm năm mươi") is short, so look back at most ~80 chars,
    # cut at a space, instead of rescanning the sentence from its start.
    if pos - lo > 80:
        cut = mt.rfind(" ", lo, pos - 80)
        lo = cut if cut > lo else lo
    if not _may_end_in_number(mt, lo, pos):
        return None
    window = mt[lo:pos]
    m = _SCALED_END.search(window)
    if m:
        value = round(parse_decimal(m.group("n")) * _SCALES.entry(m.group("s")))
        return lo + m.start("n"), value, "", None
    m = _DIGITS_END.search(window)
    if m:
        return lo + m.start("n"), parse_int(m.group("n")), "", None
    m = _RATIO_END.search(window)
    if m:
        if _YEAR.fullmatch(m.group("d")):
            return None  # "12/2024": a month and year
        return lo + m.start("n"), parse_int(m.group("n")), "", (lo + m.start("d"), parse_int(m.group("d")))
    m = _WORD_TAIL.search(window)
    if not m:
        return None
    words = list(re.finditer(r"[^\W\d_]+", window[m.start():]))
    best = None
    for i in range(len(words) - 1, -1, -1):  # longest run of number words that parses
        run = " ".join(w.group() for w in words[i:])
        value = words_to_int(run)
        if value is not None:
            best = (lo + m.start() + words[i].start(), value, run)
    if best is None:
        return None
    start, value, run = best
    if all(w in _SCALES for w in run.split()):
        return None  # "trăm đảng viên", "hàng nghìn": a magnitude, not a count
    return start, value, run, None


def _pieces(mt: str, s: int, e: int) -> list[int]:
    """Start offsets of the clause pieces of the sentence [s, e)."""
    return [s] + [m.end() for m in _PIECE_BOUNDARY.finditer(mt, s, e)]


def _piece_start(starts: list[int], pos: int) -> int:
    best = starts[0]
    for p in starts:
        if p <= pos:
            best = p
    return best


def _nearest_cue(mt: str, lo: int, hi: int):
    """The last cue in mt[lo:hi] that may govern a number at hi, as (match, cue)."""
    found = None
    for m in _CUE_RE.finditer(mt, lo, hi):
        cue = _CUES.entry(m.group())
        if cue.kind == "neutral":
            continue
        if cue.adjacent and not _gap_is_fillers(mt[m.end():hi]):
            continue
        found = (m, cue)
    return found


def _has_cue(mt: str, lo: int, hi: int) -> bool:
    """Whether a verb or total word that does not need a number next to it stands in mt[lo:hi]."""
    for m in _CUE_RE.finditer(mt, lo, hi):
        cue = _CUES.entry(m.group())
        if cue.kind != "neutral" and not cue.adjacent:
            return True
    return False


def _gap_is_fillers(gap: str) -> bool:
    return _FILLERS.fullmatch(gap) is not None


def _subject(text: str, mt: str, lo: int, hi: int) -> Optional[str]:
    """The Party body named right before the cue at hi ("Đảng bộ tỉnh Kon Tum hiện có"):
    a capitalized head noun, then only name words (capitalized, the syllable after a
    capital as in "Công an", or a level word like "tỉnh"), then adverbs. Lower-case
    "chi bộ", "đảng bộ" are generic ("mỗi chi bộ"), not a named body."""
    region_end = lo + _SUBJECT_ADVERBS_END.search(mt[lo:hi].rstrip()).start()
    for head in _SUBJECT_HEAD_RE.finditer(mt, lo, region_end):
        if text[head.start()].isupper() and _only_name_words(text, mt, head.end(), region_end):
            return text[head.start():region_end].strip(" ,;:") or None
    return None


def _only_name_words(text: str, mt: str, lo: int, hi: int) -> bool:
    tokens = list(re.finditer(r"\S+", mt[lo:hi]))
    i, after_capital, after_level = 0, False, False
    while i < len(tokens):
        for n in (3, 2, 1):
            if i + n <= len(tokens) and " ".join(t.group() for t in tokens[i:i + n]) in _SUBJECT_NAME_WORDS:
                after_capital = text[lo + tokens[i + n - 1].start()].isupper()
                after_level = True
                i += n
                break
        else:
            if after_level and tokens[i].group().isdigit():
                i += 1  # "Chi bộ thôn 3", "Đảng bộ khu phố 2": a numbered place
                after_level = False
                continue
            capital = text[lo + tokens[i].start()].isupper()
            if not (capital or after_capital):
                return False  # a verb or other words: the head is not what the cue is said of
            i, after_capital, after_level = i + 1, capital, False
    return True


def _event_allowed(event: Optional[str], cue: Optional[_Cue], category: str) -> bool:
    return event is not None and (cue is None or cue.categories is None or category in cue.categories)


def _compound_unit(mt: str, unit: _Unit, unit_end: int, sent_end: int):
    """'chi bộ, đảng bộ': two nouns of one kind sharing the number → (text, end)."""
    m = _COMPOUND_RE.match(mt, unit_end, sent_end)
    if m:
        other = _UNITS.entry(m.group("u"))
        if other.category == unit.category and other.unit != unit.unit:
            joiner = mt[unit_end:m.start("u")].strip()
            return unit.unit + (", " if joiner == "," else f" {joiner} ") + other.unit, m.end("u")
    return unit.unit, unit_end


def _qualifier(c: _Context):
    """(qualifier, start of the qualifier or number, end of the mention)."""
    mt = c.mt
    qm = _QUALIFIER_END.search(mt, c.piece, c.num_start)
    qualifier, q_start = (_QUALIFIERS.entry(qm.group("q")), qm.start()) if qm else ("exact", c.num_start)
    rs = _RANGE_START_END.search(mt, c.piece, c.num_start)
    after = _AFTER_QUALIFIER_RE.match(mt, c.unit_end, c.sent_end)
    if rs and after:  # "từ 30 đảng viên trở lên"
        return _AFTER_QUALIFIERS.entry(after.group("q")), rs.start(), after.end()
    return qualifier, q_start, c.unit_end


def _refined(mt: str, event: Optional[str], pos: int, end: int) -> Optional[str]:
    """A general "kỷ luật" made specific by the form named after pos ("bằng hình thức cảnh cáo")."""
    if event == "disciplined":
        fm = _FORM_AFTER_RE.match(mt, pos, end)
        if fm:
            return _FORMS.entry(fm.group("e"))
    return event


def _event(c: _Context, unit: _Unit, found, q_start: int):
    """(event, governed, end, passive): governed when a verb (not a total word) decides it;
    passive is the event cue of a passive after the noun."""
    mt, prev = c.mt, c.previous
    if found and found[1].kind == "event":
        cue = found[1]
        event = cue.event if _event_allowed(cue.event, cue, unit.category) else None
        return _refined(mt, event, c.unit_end, c.sent_end), True, c.unit_end, None
    # A passive or an outcome after the noun says the event of this count even in a
    # breakdown or a list: "trong đó 4 đảng viên bị khai trừ", "…, 2 tổ chức đảng bị khiển trách".
    pm = _PASSIVE_RE.match(mt, c.unit_end, c.sent_end)
    if pm:
        cue = _EVENT_CUES.entry(pm.group("e"))
        if _event_allowed(cue.event, cue, unit.category):
            return _refined(mt, cue.event, pm.end(), c.sent_end), True, pm.end(), cue
    am = _AFTER_EVENT_RE.match(mt, c.unit_end, c.sent_end)
    if am and _AFTER_EVENTS.entry(am.group("e")) is not None:  # null: a request ("xin ra khỏi Đảng")
        return _AFTER_EVENTS.entry(am.group("e")), True, am.end(), None
    dm = _DISTANT_PASSIVE_RE.match(mt, c.unit_end, c.sent_end)
    if dm and not _names_same_category(mt, c.unit_end, dm.start("e"), unit.category):
        cue = _EVENT_CUES.entry(dm.group("e"))  # "có 40 đảng viên sinh hoạt tại các chi bộ … bị kỷ luật"
        if _event_allowed(cue.event, cue, unit.category):
            return cue.event, True, c.unit_end, None
    if found and found[1].kind in ("inherit", "carry"):
        m = found[0]
        total = c.broken_down if found[1].kind == "inherit" else prev
        if total and total.end <= m.start():
            kinds = _EVENT_KINDS.get(total.event)
            if found[1].kind == "carry" and _DESCRIPTION.search(mt, total.end, m.start()):
                return None, False, c.unit_end, None  # "1 chi bộ là Công ty X với 27 đảng viên": its size
            if total.event is not None and (kinds is None or unit.category in kinds):
                return total.event, True, c.unit_end, None  # "…, trong đó có 42 …"
            return None, False, c.unit_end, None
    if found and found[1].kind == "inherit":
        m = found[0]
        # The total broken down is not a count of ours ("luân chuyển 32 cán bộ, trong đó có
        # 12 cấp ủy viên"): the verb of that total still says what happened to the part.
        before = _nearest_cue(mt, c.sent_start, m.start())
        if before and before[1].kind == "event" and _event_allowed(before[1].event, before[1], unit.category):
            return before[1].event, True, c.unit_end, None
    elif not found and prev and prev.end <= c.num_start and _CONNECTORS_ONLY.match(mt[c.piece:q_start]) \
            and not _has_cue(mt, prev.end, c.piece):
        if prev.event is not None:
            return prev.event, True, c.unit_end, None  # the clause continues a list: "…; 8 chi bộ …"
    if found and found[1].kind == "total":
        named = list(_NAMED_EVENT_RE.finditer(mt, c.piece, found[0].start()))
        if named:  # "số đảng viên được kết nạp trong năm là 320 đồng chí"
            event = _named_event(mt, named[-1], unit.category, c.sent_end)
            if event is not None:
                return event, False, c.unit_end, None
        else:
            event = _lead_event(c, unit, found[0].start())
            if event is not None:
                return event, False, c.unit_end, None
    return unit.implied_event, False, c.unit_end, None


def _names_same_category(mt: str, lo: int, hi: int, category: str) -> bool:
    """Whether mt[lo:hi] names a noun of the category: "12 chi bộ thuộc các đảng bộ bị giải thể"
    may say the passive of either body, so it says it of neither."""
    return any(_UNITS.entry(m.group()).category == category for m in _UNIT_RE.finditer(mt, lo, hi))


def _lead_event(c: _Context, unit: _Unit, cue_start: int) -> Optional[str]:
    """"Trong tổng số đảng viên được kết nạp năm qua, có 40 đảng viên nữ": the lead names the
    total broken down, with its event; it reaches the clause that follows it, not past a
    semicolon or another verb."""
    named = list(_NAMED_EVENT_RE.finditer(c.mt, c.sent_start, c.piece))
    if not named or not named[-1].group("e") or ";" in c.mt[named[-1].end():cue_start]:
        return None
    lead = named[-1]
    opener = _LEAD_OPENER.search(c.mt, max(c.sent_start, lead.start() - 10), lead.end())
    if not opener or not opener.start() < lead.start() <= opener.end() \
            or _has_event_cue(c.mt, lead.end(), cue_start):
        return None  # "trong tổng số đảng viên được kết nạp": the opener runs into the named total
    return _named_event(c.mt, lead, unit.category, lead.end())


def _named_event(mt: str, named: re.Match, category: str, end: int) -> Optional[str]:
    """The event a named count noun says: its verb ("số đảng viên bị kỷ luật bằng hình thức
    khai trừ"), else its own meaning ("số đảng viên mới")."""
    if named.group("e"):
        cue = _EVENT_CUES.entry(named.group("e"))
        if _event_allowed(cue.event, cue, category):
            return _refined(mt, cue.event, named.end(), end)
        return None
    return _UNITS.entry(named.group("u")).implied_event


def _subject_for(c: _Context, found, event: Optional[str]) -> Optional[str]:
    """Named before the cue in this piece, or carried along the clause chain
    ("Đảng bộ có 73 TCCSĐ trong đó có 42 đảng bộ …": all four are its counts)."""
    prev = c.previous
    if not found:
        return prev.subject if prev and prev.end <= c.num_start and event == prev.event else None
    m, cue = found
    if prev and c.piece < prev.end <= m.start():
        return prev.subject
    subject = _subject(c.text, c.mt, c.piece, m.start())
    if subject is None and prev:
        if cue.kind != "event":
            if not _has_cue(c.mt, prev.end, c.piece):
                subject = prev.subject
        elif prev.end <= m.start() and _CONNECTORS_ONLY.match(c.mt[prev.end:m.start()].replace(",", " ")):
            subject = prev.subject  # verbs sharing one subject: "Thành ủy đã hợp nhất …, giải thể …"
    return subject


def _is_count(c: _Context, unit: _Unit, event, governed: bool, words: str, qualified: bool, found) -> bool:
    """The checks that keep people in general, attendance and ordinary words out."""
    mt = c.mt
    named_before = any(p.search(mt, c.piece, c.num_start) for p in unit.counted_after)
    if unit.requires_event is True and event is None and not named_before:
        return False  # "300 cán bộ, đảng viên", "12 đồng chí": people in general
    if isinstance(unit.requires_event, list) and event not in unit.requires_event:
        return False
    if not governed and (_ATTENDANCE_AFTER.match(mt, c.unit_end, c.sent_end)
                         or _attended_before(mt, c.piece, c.num_start)):
        return False  # who attended a meeting or a class
    if words in _NEVER_COUNT:
        return False  # "kỷ luật một tổ chức đảng": an article, not a number
    if words in _AMBIGUOUS:  # "năm" is also "year", "tư" also "private"
        return qualified or bool(found and _gap_is_fillers(mt[found[0].end():c.num_start]))
    return True


def _attended_before(mt: str, lo: int, num_start: int) -> bool:
    """An attendance word before the number ("250 đại biểu dự đại hội"), unless the number is
    of those the attendees represent ("250 đại biểu đại diện cho 8.000 đảng viên")."""
    attended = list(_ATTENDANCE_BEFORE.finditer(mt, lo, num_start))
    return bool(attended) and not _REPRESENTED.search(mt, attended[-1].end(), num_start)


def _range_low(mt: str, lo: int, num_start: int, value: int):
    """"từ 15 - 20 đảng viên", "từ 15 đến 20 đảng viên": the low end before the number."""
    m = _RANGE_LOW_END.search(mt, max(lo, num_start - 40), num_start)
    if not m or (m.group("to") and not m.group("from")):
        return None
    low = parse_int(m.group("lo"))
    if low >= value or (_YEAR.fullmatch(m.group("lo")) and _YEAR.fullmatch(str(value))):
        return None  # "2015 - 2020": years
    return m


def _is_change(mt: str, sent_start: int, num_start: int) -> bool:
    """"tăng 11 cơ sở đảng", "(giảm 106 đảng viên": a change word right before the number."""
    return _CHANGE_END.search(mt, max(sent_start, num_start - 15), num_start) is not None


def _last_not_change(mt: str, sent_start: int, previous: list[_Found]) -> Optional[_Found]:
    """The count a breakdown can break down: "366 đảng viên (giảm 106 đảng viên …; trong đó
    có 92 cấp ủy viên)" breaks down the 366, not the change written between."""
    return next((p for p in reversed(previous) if not _is_change(mt, sent_start, p.num_start)), None)


def _governing_cue(c: _Context, found):
    """The nearest cue, corrected by the rules in GOVERNING_CUE_RULES (each returns a new
    (context, cue) or None to pass)."""
    for _name, rule in GOVERNING_CUE_RULES:
        corrected = rule(c, found)
        if corrected is not None:
            return corrected
    return c, found


def _cue_form_of_previous(c: _Context, found):
    """"kỷ luật 1 đảng ủy bằng hình thức cảnh cáo và 366 đảng viên": a discipline form named
    right after the count before is that count's form; the verb before it governs this one."""
    prev = c.previous
    if not found or found[1].kind != "event" or prev is None or found[0].start() < prev.end:
        return None
    if not _FORM_OF_PREVIOUS_GAP.fullmatch(c.mt, prev.end, found[0].start()):
        return None
    return c, (_nearest_cue(c.mt, c.piece, prev.num_start) if prev.num_start > c.piece else None)


def _cue_breakdown_opener(c: _Context, found):
    """"…; trong đó, có 47 cấp ủy viên": the comma cuts the opener from its "có"; the piece
    is read from the opener, which opens a breakdown as "trong đó có" does."""
    if not found or found[1].kind != "total" or c.mt[c.piece:found[0].start()].strip():
        return None
    m = _OPENER_PIECE_END.search(c.mt, max(c.sent_start, c.piece - 30), c.piece)
    if not m:
        return None
    return replace(c, piece=m.start()), (m, _Cue("inherit"))


GOVERNING_CUE_RULES = (
    ("form_of_previous", _cue_form_of_previous),
    ("breakdown_opener", _cue_breakdown_opener),
)


def _read_count(text: str, mt: str, sent, pieces, unit_m: re.Match, previous: list[_Found]) -> list[_Found]:
    number = _number_before(mt, sent.start, unit_m.start())
    if number is None:
        return []
    num_start, value, words, ratio = number
    low = _range_low(mt, sent.start, num_start, value) if not words and not ratio else None
    opening = low.start() if low else num_start  # where the words before the count end
    before = mt[sent.start:opening]
    if _BLOCKER_END.search(before) or (words and _APPROX_END.search(before)):
        return []  # a date, an ordinal, an address, or "hàng trăm"
    unit = _UNITS.entry(unit_m.group())
    unit_text, unit_end = _compound_unit(mt, unit, unit_m.end(), sent.end)
    c = _Context(text, mt, sent.start, sent.end, _piece_start(pieces, opening), opening, unit_end,
                 previous[-1] if previous else None, _last_not_change(mt, sent.start, previous))
    qualifier, q_start, end = _qualifier(c)
    c, found = _governing_cue(c, _nearest_cue(mt, c.piece, q_start))
    if ratio and not (found and found[1].kind == "event" and _gap_is_fillers(mt[found[0].end():q_start])):
        return []  # "đại hội 45/45 chi bộ": a share done, not a count
    event, governed, event_end, passive = _event(c, unit, found, q_start)
    if not _is_count(c, unit, event, governed, words, q_start < opening, found):
        return []
    start = q_start
    if found and len(mt[found[0].end():q_start].split()) <= 3:
        start = found[0].start()
    read = _Found(start, max(end, event_end), num_start, value, qualifier, unit, unit_text, event,
                  _subject_for(c, found, event), governed, passive)
    return _with_pair(mt, sent, read, low, ratio)


def _with_pair(mt: str, sent, read: _Found, low: Optional[re.Match], ratio) -> list[_Found]:
    """The count read, and the other number of a range or a quota written with it:
    "từ 15 - 20 đảng viên" is at least 15 and at most 20; "kết nạp được 10/12 đảng
    viên" is 10 done of a quota of 12."""
    if low:
        lo = replace(read, num_start=low.start("lo"), value=parse_int(low.group("lo")), qualifier="at_least")
        return [lo, replace(read, start=read.num_start, qualifier="up_to")]
    if ratio:
        den_start, den_value = ratio
        quota = replace(read, start=den_start, num_start=den_start, value=den_value, qualifier="exact",
                        kind="target" if _is_quota(mt, sent, read.event) else "achieved")
        return [read, quota]
    return [read]


def _is_quota(mt: str, sent, event: Optional[str]) -> bool:
    """The second number of "kết nạp 10/12 đảng viên" is the plan when the sentence
    measures against one ("đạt 83% chỉ tiêu") or the count is of admissions."""
    return event == "admitted" or _PLAN_NOUN.search(mt, sent.start, sent.end) is not None


_LIST_GAP = re.compile(r"\s*(?:[,;]|\s(?:và)\s)\s*")
_AND_GAP = re.compile(r"\s+và\s+")


def _elided(mt: str, sent, previous: list[_Found], taken: set[int]) -> list[_Found]:
    """Numbers right after an event verb with the noun left out, in a list that
    follows a full count: "kỷ luật 15 đảng viên (khiển trách 10, cảnh cáo 5)", or
    that ends with one: "khiển trách 5, cảnh cáo 3 đảng viên"."""
    candidates = []
    for m in _CUE_RE.finditer(mt, sent.start, sent.end):
        cue = _CUES.entry(m.group())
        if cue.kind != "event":
            continue
        nm = _ELIDED_NUMBER.match(mt, m.end(), sent.end)
        if not nm or nm.start("n") in taken or not _ELIDED_END.match(mt, nm.end(), sent.end):
            continue
        if _YEAR.fullmatch(nm.group("n")):
            continue  # "thành lập 1975": a year
        candidates.append((m, cue, nm))
    # The noun said at the end of the list, walking back from it item by item.
    following: list[Optional[_Found]] = [None] * len(candidates)
    for i in range(len(candidates) - 1, -1, -1):
        end = candidates[i][2].end()
        nxt_full = next((f for f in previous if f.start >= end), None)
        nxt_start = candidates[i + 1][0].start() if i + 1 < len(candidates) else None
        if nxt_full and (nxt_start is None or nxt_full.start < nxt_start):
            if _LIST_GAP.fullmatch(mt, end, nxt_full.start):
                following[i] = nxt_full
        elif nxt_start is not None and _LIST_GAP.fullmatch(mt, end, nxt_start):
            following[i] = following[i + 1]
    out: list[_Found] = []
    for (m, cue, nm), after in zip(candidates, following):
        before = [f for f in previous if f.end <= m.start()] + out
        if before:
            unit, unit_text, subject = before[-1].unit, before[-1].unit_text, before[-1].subject
        elif after:
            unit, unit_text, subject = after.unit, after.unit_text, after.subject
        else:  # "Hình thức kỷ luật đảng viên: khiển trách 28, cảnh cáo 21": the noun without a number
            nouns = list(_UNIT_RE.finditer(mt, sent.start, m.start()))
            if not nouns:
                continue
            unit = _UNITS.entry(nouns[-1].group())
            unit_text, subject = unit.unit, None
        if unit.requires_event or not _event_allowed(cue.event, cue, unit.category):
            continue
        q = _QUALIFIERS.entry(nm.group("q")) if nm.group("q") else "exact"
        out.append(_Found(m.start(), nm.end(), nm.start("n"), parse_int(nm.group("n")), q, unit, unit_text,
                          cue.event, subject, True))
    return out


def _named_totals(mt: str, sent, taken: set[int]) -> list[_Found]:
    """A bare number after the verb when the clause has named the counted noun first:
    "Tổng số tổ chức cơ sở đảng toàn tỉnh là 512; số đảng viên là 45.234"."""
    out: list[_Found] = []
    for m in _NAMED_TOTAL_RE.finditer(mt, sent.start, sent.end):
        nm = _ELIDED_NUMBER.match(mt, m.end(), sent.end)
        if not nm or nm.start("n") in taken or not _ELIDED_END.match(mt, nm.end(), sent.end):
            continue
        unit = _UNITS.entry(m.group("u"))
        if unit.requires_event or _YEAR.fullmatch(nm.group("n")):
            continue
        named = _NAMED_EVENT_RE.match(mt, m.start(), m.end())
        event = _named_event(mt, named, unit.category, m.end()) if named else unit.implied_event
        q = _QUALIFIERS.entry(nm.group("q")) if nm.group("q") else "exact"
        out.append(_Found(m.start(), nm.end(), nm.start("n"), parse_int(nm.group("n")), q, unit, unit.unit,
                          event, None))
    return out


# "Trong đó: đảng viên kết nạp ở cấp xã 1.813, chiếm 62%": a clause that names the noun and its
# verb first, the number last (a row of a report written out).
_LABEL_FIRST_RE = re.compile(
    rf"\s*(?P<u>{alternation(_UNITS)})\s+(?:(?:{alternation(_T['passive_markers'])})\s+)?"
    rf"(?P<e>{alternation(_FREE_EVENT_VERBS)})"
    rf"(?:\s+[^\s\d,;:.()%/]+){{0,6}}?\s+(?P<n>{INTEGER})(?=\s*(?:[,;.)]|$))")


def _label_first(mt: str, sent, pieces: list[int], taken: set[int]) -> list[_Found]:
    """Counts whose clause opens with the noun and its event verb and ends with the number."""
    out: list[_Found] = []
    for p in pieces:
        m = _LABEL_FIRST_RE.match(mt, p, sent.end)
        if not m or m.start("n") in taken or _YEAR.fullmatch(m.group("n")) \
                or _BLOCKER_END.search(mt, p, m.start("n")):
            continue
        unit, cue = _UNITS.entry(m.group("u")), _EVENT_CUES.entry(m.group("e"))
        if unit.requires_event or not _event_allowed(cue.event, cue, unit.category):
            continue
        out.append(_Found(m.start("u"), m.end("n"), m.start("n"), parse_int(m.group("n")), "exact", unit,
                          unit.unit, cue.event, None, True))
    return out


_BRACKET_OPEN = re.compile(r"\s*\(")
_NOUN_FIRST_ITEM = re.compile(rf"\s*(?P<u>{alternation(_UNITS)})\s+(?P<n>{INTEGER})\s*(?P<sep>[;,)])")


def _bracketed_items(mt: str, sent, found: list[_Found], taken: set[int]) -> list[_Found]:
    """A breakdown in brackets, noun first, right after its total: "có 659 tổ chức cơ sở đảng
    (đảng bộ cơ sở 205; chi bộ cơ sở 454)". Read only when every item is one and they add
    up to no more than the total, of its category; each keeps the total's event."""
    out: list[_Found] = []
    for total in found:
        opening = _BRACKET_OPEN.match(mt, total.end, sent.end)
        items, pos = [], opening.end() if opening else None
        while pos is not None:
            m = _NOUN_FIRST_ITEM.match(mt, pos, sent.end)
            if not m:
                items = []
                break
            items.append(m)
            pos = None if m.group("sep") == ")" else m.end()
        units = [_UNITS.entry(m.group("u")) for m in items]
        values = [parse_int(m.group("n")) for m in items]
        if not items or any(u.category != total.unit.category or u.requires_event for u in units) \
                or sum(values) > total.value or any(m.start("n") in taken for m in items):
            continue
        kinds = _EVENT_KINDS.get(total.event)
        event = total.event if kinds is None or total.unit.category in kinds else None
        out.extend(_Found(m.start("u"), m.end("n"), m.start("n"), v, "exact", u, u.unit, event, total.subject,
                          total.governed) for m, u, v in zip(items, units, values))
    return out


def _share_passives(mt: str, found: list[_Found]) -> None:
    """One passive after a pair joined by "và" says the event of both:
    "có 03 tổ chức đảng và 15 đảng viên bị kỷ luật"."""
    for i in range(len(found) - 2, -1, -1):
        f, nxt = found[i], found[i + 1]
        cue = nxt.passive
        if cue and f.event is None and not f.governed and _AND_GAP.fullmatch(mt, f.end, nxt.start) \
                and _event_allowed(nxt.event, cue, f.unit.category):
            f.event, f.governed, f.passive = nxt.event, True, cue


# --- kind: target, achieved or other (FACTS.md, Count.kind) -------------------

@dataclass
class _KindContext:
    doc: Doc
    mt: str
    text: str
    sent: object
    scope: object = None            # percentages.target_scope of the sentence, built when asked
    year: object = None             # the article's year, read once per document
    previous: Optional[_Found] = None


def _kind_decided(f: _Found, k: _KindContext) -> Optional[str]:
    """Decided when the count was read: the quota of "kết nạp 10/12 đảng viên"."""
    return f.kind


def _kind_threshold(f: _Found, k: _KindContext) -> Optional[str]:
    """A size in a rule or description: "chi bộ có trên 30 đảng viên" (a generic,
    lower-case organization noun, then a bound)."""
    if f.qualifier == "exact":
        return None
    m = _THRESHOLD_END.search(k.mt, max(k.sent.start, f.num_start - 40), f.num_start)
    return "other" if m and k.text[m.start("noun")].islower() else None


def _kind_target(f: _Found, k: _KindContext) -> Optional[str]:
    """Aimed for: under a target phrase as the percentages read it ("phấn đấu",
    "chỉ tiêu", a future year), or after a plan word in its clause ("dự kiến", "sẽ")."""
    clause_start = max(k.mt.rfind(";", k.sent.start, f.num_start) + 1, k.sent.start)
    if _TARGET_CUE.search(k.mt, clause_start, f.num_start):
        return "target"
    if k.scope is None:
        k.scope = target_scope(k.doc, k.sent.start, k.sent.end, k.year)
    return "target" if k.scope.covers(f.num_start) else None


def _kind_change(f: _Found, k: _KindContext) -> Optional[str]:
    """A difference: "tăng 11 cơ sở đảng so với năm 2011", "(giảm 106 đảng viên)"."""
    return "other" if _is_change(k.mt, k.sent.start, f.num_start) else None


def _kind_change_list(f: _Found, k: _KindContext) -> Optional[str]:
    """The next item of a list of differences: "tăng 3 tổ chức đảng và 68 đảng viên"."""
    prev = k.previous
    if prev is not None and prev.kind == "other" and prev.end <= f.start \
            and _LIST_JOIN.fullmatch(k.mt, prev.end, f.start):
        return "other"
    return None


KIND_RULES = (
    ("decided", _kind_decided),
    ("threshold", _kind_threshold),
    ("target", _kind_target),
    ("change", _kind_change),
    ("change_list", _kind_change_list),
)


def _set_kinds(doc: Doc, mt: str, text: str, sent, found: list[_Found], year) -> None:
    k = _KindContext(doc, mt, text, sent, year=year)
    for f in sorted(found, key=lambda f: f.num_start):
        f.kind = next((kind for _name, rule in KIND_RULES if (kind := rule(f, k))), "achieved")
        k.previous = f


# --- part_of: the total a breakdown item belongs to ---------------------------

def _link_parts(mt: str, counts: list[_Found]) -> None:
    """"có 73 TCCSĐ, trong đó có 42 đảng bộ và 31 chi bộ cơ sở": after a breakdown
    word the items of the list, of the total's category and adding up to no more
    than it, point at the nearest earlier total; "Trong tổng số 634 ..., có 419 ..."
    opens the list at the total. A new line, a sentence end or an event verb ends it."""
    total, remaining = None, 0
    for j, f in enumerate(counts):
        prev = counts[j - 1] if j else None
        gap_start = min(prev.end, f.num_start) if prev else f.num_start
        gap = mt[gap_start:f.num_start]
        if "\n" in gap:
            total = None
        if f.kind in ("other", "target"):
            continue
        if prev is not None and "\n" not in gap and _BREAKDOWN.search(gap):
            total = _nearest_total(mt, counts, j)
            remaining = counts[total].value if total is not None else 0
        elif total is not None and (counts[total].unit.category != f.unit.category or "." in gap.rstrip(". ")
                                    or _has_event_cue(mt, gap_start, f.num_start)):
            total = None
        if total is not None and counts[total].unit.category == f.unit.category and 0 < f.value <= remaining:
            f.part_of, remaining = total, remaining - f.value
        if _TOTAL_OPENER.search(mt, max(0, f.num_start - 20), f.num_start):
            total, remaining = j, f.value  # "Trong tổng số 634 đảng bộ, chi bộ cơ sở ..., có 419 đảng bộ"


def _nearest_total(mt: str, counts: list[_Found], j: int) -> Optional[int]:
    f = counts[j]
    for i in range(j - 1, -1, -1):
        t = counts[i]
        if "\n" in mt[t.end:f.num_start]:
            return None
        if t.unit.category == f.unit.category and t.kind not in ("other", "target") \
                and t.part_of is None and t.value > f.value:
            return i
    return None


def _has_event_cue(mt: str, lo: int, hi: int) -> bool:
    return any(_CUES.entry(m.group()).kind == "event" for m in _CUE_RE.finditer(mt, lo, hi))


def _unit_key(unit_text: str) -> str:
    return _UNIT_KEYS.get(unit_text, unit_text)


def extract(doc: Doc) -> Iterator[Count]:
    # The sentence index holds doc.text; spaCy would rebuild it on every access.
    mt, text = doc._.match_text, doc._.sentences.text
    found_all: list[_Found] = []
    year = _NOT_READ
    for sent in doc._.sentences.spans:
        pieces = _pieces(mt, sent.start, sent.end)
        found: list[_Found] = []
        for unit_m in _UNIT_RE.finditer(mt, sent.start, sent.end):
            if found and unit_m.start() < found[-1].end:
                continue  # the second noun of a compound unit ("chi bộ, đảng bộ")
            found.extend(_read_count(text, mt, sent, pieces, unit_m, found))
        _share_passives(mt, found)
        taken = {f.num_start for f in found}
        found.extend(_elided(mt, sent, found, taken))
        taken.update(f.num_start for f in found)
        found.extend(_named_totals(mt, sent, taken))
        taken.update(f.num_start for f in found)
        found.extend(_bracketed_items(mt, sent, found, taken))
        taken.update(f.num_start for f in found)
        found.extend(_label_first(mt, sent, pieces, taken))
        if found:
            if year is _NOT_READ:
                year = reference_year(doc)
            _set_kinds(doc, mt, text, sent, found, year)
        found_all.extend(found)
    found_all.sort(key=lambda f: f.num_start)
    _link_parts(mt, found_all)
    for f in found_all:
        yield Count(**fact_fields(doc, f.start, f.end), value=f.value, qualifier=f.qualifier,
                    unit=f.unit_text, category=f.unit.category, event=f.event, subject=f.subject,
                    kind=f.kind, part_of=f.part_of, unit_key=_unit_key(f.unit_text))
