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
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator, Optional

from spacy.tokens import Doc

from ..normalize import key_form
from ..records import Count
from ..tables import load_table
from .common import fact_fields
from .numbers import INTEGER, parse_decimal, parse_int, words_to_int


def _alternation(phrases) -> str:
    """Regex alternation of match-form phrases, longest first, spaces as \\s+."""
    keys = sorted({key_form(p) for p in phrases}, key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(w) for w in k.split()) for k in keys)


def _words(pattern: str) -> re.Pattern:
    return re.compile(rf"(?<!\w)(?:{pattern})(?!\w)")


def _key(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True)
class _Unit:
    unit: str
    category: str
    requires_event: object = None  # None, True (any event) or a list of events
    implied_event: Optional[str] = None
    counted_after: tuple = ()  # nouns that, named earlier in the clause, make this one a count


@dataclass(frozen=True)
class _Cue:
    kind: str  # "event", "total", "inherit" or "neutral"
    event: Optional[str] = None
    categories: Optional[tuple] = None
    adjacent: bool = False


def _load_units():
    table = load_table("count_units")
    units: dict[str, _Unit] = {}
    for entry in table["units"]:
        unit = _Unit(entry["unit"], entry["category"], entry.get("requires_event"),
                     entry.get("implied_event"), tuple(key_form(w) for w in entry.get("counted_after", ())))
        for form in entry["forms"]:
            units[key_form(form)] = unit
    joiners = _alternation(j for j in table["compound_joiners"] if j.strip(",/"))
    return units, _words(_alternation(units)), joiners


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
    for c in table["neutral"]:
        cues[key_form(c)] = _Cue("neutral")
    return cues


_UNITS, _UNIT_RE, _JOINER_WORDS = _load_units()
_CUES = _load_cues()
_CUE_RE = _words(_alternation(_CUES))
_EVENT_CUES = {k: c for k, c in _CUES.items() if c.kind == "event"}
_T = load_table("count_cues")
_QUALIFIERS = {key_form(k): v for k, v in _T["qualifiers"].items()}
_AFTER_QUALIFIERS = {key_form(k): v for k, v in _T["after_unit_qualifiers"].items()}
_AFTER_EVENTS = {key_form(k): v for k, v in _T["after_unit_events"].items()}

# Right before the number (the window ends at the number): qualifier, fillers.
_QUALIFIER_END = re.compile(rf"(?<!\w)(?P<q>{_alternation(_QUALIFIERS)})\s+$")
_RANGE_START_END = re.compile(rf"(?<!\w)(?:{_alternation(_T['range_start'])})\s+$")
_FILLERS = re.compile(rf"\s*(?:(?:{_alternation(_T['fillers'])})(?!\w)\s*)*")
_CONNECTORS_ONLY = re.compile(rf"^\s*(?:(?:{_alternation(_T['connectors'])})\s*)*$")
_BLOCKER_END = re.compile(rf"(?<!\w)(?:{_alternation(_T['not_before_number'])})\s+$"
                          r"|[-–—/]\s*$|\d\s*$")
_APPROX_END = re.compile(rf"(?<!\w)(?:{_alternation(_T['approximate_before'])})\s+$")
_AMBIGUOUS = {key_form(w) for w in _T["ambiguous_number_words"]}
_SCALES = {key_form(k): v for k, v in load_table("number_words")["scales"].items()}

# Right after the counted noun.
_AFTER_QUALIFIER_RE = re.compile(
    rf"(?:\s+[^\s,;:.()]+){{0,6}}?\s+(?P<q>{_alternation(_AFTER_QUALIFIERS)})(?!\w)")
_AFTER_EVENT_RE = re.compile(
    rf"(?:\s+[^\s,;:.()]+){{0,5}}?\s+(?P<e>{_alternation(_AFTER_EVENTS)})(?!\w)")
_PASSIVE_RE = re.compile(
    rf"\s+(?:{_alternation(_T['passive_markers'])})\s+(?P<e>{_alternation(_EVENT_CUES)})(?!\w)")
# "số đảng viên được kết nạp (trong năm) là 320": the counted noun and its event before the total.
_NAMED_EVENT_RE = re.compile(
    rf"(?<!\w)(?:{_alternation(_T['count_nouns'])})\s+(?:{_alternation(_UNITS)})\s+"
    rf"(?:{_alternation(_T['passive_markers'])})\s+(?P<e>{_alternation(_EVENT_CUES)})(?!\w)")
_ATTENDANCE_AFTER = re.compile(rf"\s+(?:{_alternation(_T['attendance_after'])})(?!\w)")
_ATTENDANCE_BEFORE = _words(_alternation(_T["attendance_before"]))
_COMPOUND_RE = re.compile(rf"\s*(?:,|/|\s(?:{_JOINER_WORDS}))\s*(?P<u>{_alternation(_UNITS)})(?!\w)")

_SUBJECT_HEAD_RE = _words(_alternation(_T["subject_heads"]))
_SUBJECT_NAME_WORDS = {key_form(w) for w in _T["subject_name_words"]}
_SUBJECT_ADVERBS_END = re.compile(rf"(?:(?<!\w)(?:{_alternation(_T['subject_adverbs'])})\s*)*$")

# Numbers: digits (1.742, 02), digits with a scale word (5,3 triệu), number words.
_DIGITS_END = re.compile(rf"(?<![\w.,/%-])(?P<n>{INTEGER})\s+$")
_SCALED_END = re.compile(rf"(?<![\w.,/%-])(?P<n>\d+(?:[.,]\d+)?)\s+(?P<s>{_alternation(_SCALES)})\s+$")
_WORD_TAIL = re.compile(r"(?:[^\W\d_]+\s+){1,6}$")
# Clause pieces inside a sentence: commas, semicolons, colons, brackets, quotes.
_PIECE_BOUNDARY = re.compile(r"[,;:()\[\]“”\"]|\s[-–—]\s")
_ELIDED_NUMBER = re.compile(rf"\s+(?:(?P<q>{_alternation(_QUALIFIERS)})\s+)?(?P<n>{INTEGER})(?![\w%]|[.,/-]\d|\s*%)")
_ELIDED_END = re.compile(r"\s*(?:[,;.)]|\s(?:và|còn)\s|$)")


@dataclass
class _Found:
    start: int          # mention start
    end: int            # mention end
    num_start: int
    num_end: int
    value: int
    qualifier: str
    unit: _Unit
    unit_text: str
    event: Optional[str]
    subject: Optional[str]


def _number_before(mt: str, lo: int, pos: int):
    """(start, value, is_word) of the number that ends right before pos, or None."""
    window = mt[lo:pos]
    m = _SCALED_END.search(window)
    if m:
        value = round(parse_decimal(m.group("n")) * _SCALES[_key(m.group("s"))])
        return lo + m.start("n"), value, False
    m = _DIGITS_END.search(window)
    if m:
        return lo + m.start("n"), parse_int(m.group("n")), False
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
    return start, value, run


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
        cue = _CUES[_key(m.group())]
        if cue.kind == "neutral":
            continue
        if cue.adjacent and not _gap_is_fillers(mt[m.end():hi]):
            continue
        found = (m, cue)
    return found


def _has_cue(mt: str, lo: int, hi: int) -> bool:
    """Whether a verb or total word that does not need a number next to it stands in mt[lo:hi]."""
    for m in _CUE_RE.finditer(mt, lo, hi):
        cue = _CUES[_key(m.group())]
        if cue.kind != "neutral" and not cue.adjacent:
            return True
    return False


def _gap_is_fillers(gap: str) -> bool:
    return _FILLERS.fullmatch(gap) is not None


def _subject(doc: Doc, mt: str, lo: int, hi: int) -> Optional[str]:
    """The Party body named right before the cue at hi ("Đảng bộ tỉnh Kon Tum hiện có"):
    a capitalized head noun, then only name words (capitalized, the syllable after a
    capital as in "Công an", or a level word like "tỉnh"), then adverbs. Lower-case
    "chi bộ", "đảng bộ" are generic ("mỗi chi bộ"), not a named body."""
    region_end = lo + _SUBJECT_ADVERBS_END.search(mt[lo:hi].rstrip()).start()
    for head in _SUBJECT_HEAD_RE.finditer(mt, lo, region_end):
        if doc.text[head.start()].isupper() and _only_name_words(doc, mt, head.end(), region_end):
            return doc.text[head.start():region_end].strip(" ,;:") or None
    return None


def _only_name_words(doc: Doc, mt: str, lo: int, hi: int) -> bool:
    tokens = list(re.finditer(r"\S+", mt[lo:hi]))
    i, after_capital = 0, False
    while i < len(tokens):
        for n in (3, 2, 1):
            if i + n <= len(tokens) and " ".join(t.group() for t in tokens[i:i + n]) in _SUBJECT_NAME_WORDS:
                after_capital = doc.text[lo + tokens[i + n - 1].start()].isupper()
                i += n
                break
        else:
            capital = doc.text[lo + tokens[i].start()].isupper()
            if not (capital or after_capital):
                return False  # a verb or other words: the head is not what the cue is said of
            i, after_capital = i + 1, capital
    return True


def _event_allowed(event: Optional[str], cue: Optional[_Cue], category: str) -> bool:
    return event is not None and (cue is None or cue.categories is None or category in cue.categories)


def _read_count(doc: Doc, mt: str, sent, pieces, unit_m: re.Match, previous: list[_Found]) -> Optional[_Found]:
    s, e = sent.start, sent.end
    unit_start = unit_m.start()
    number = _number_before(mt, s, unit_start)
    if number is None:
        return None
    num_start, value, word_run = number
    before = mt[s:num_start]
    if _BLOCKER_END.search(before):
        return None
    if word_run and _APPROX_END.search(before):
        return None
    unit = _UNITS[_key(unit_m.group())]
    unit_end = unit_m.end()
    unit_text = unit.unit
    compound = _COMPOUND_RE.match(mt, unit_end, e)
    if compound:
        other = _UNITS[_key(compound.group("u"))]
        if other.category == unit.category and other.unit != unit.unit:
            joiner = mt[unit_end:compound.start("u")].strip()
            unit_text = unit.unit + (", " if joiner == "," else f" {joiner} ") + other.unit
            unit_end = compound.end("u")

    piece = _piece_start(pieces, num_start)
    # Qualifier right before the number; "từ ... trở lên" reads after the noun.
    qualifier, q_start = "exact", num_start
    qm = _QUALIFIER_END.search(mt, piece, num_start)
    if qm:
        qualifier, q_start = _QUALIFIERS[_key(qm.group("q"))], qm.start()
    after = _AFTER_QUALIFIER_RE.match(mt, unit_end, e)
    end = unit_end
    if after:
        qualifier = _AFTER_QUALIFIERS[_key(after.group("q"))]
        end = after.end()
        rs = _RANGE_START_END.search(mt, piece, num_start)
        if rs:
            q_start = rs.start()

    # Event: the nearest cue before the number in its piece.
    event, cue_start, governed = None, None, False
    found = _nearest_cue(mt, piece, q_start)
    prev = previous[-1] if previous else None
    if found:
        m, cue = found
        cue_start = m.start()
        if cue.kind == "event":
            governed = True
            event = cue.event if _event_allowed(cue.event, cue, unit.category) else None
        elif cue.kind == "inherit" and prev and prev.end <= m.start():
            event = prev.event
    elif prev and prev.end <= num_start and _CONNECTORS_ONLY.match(mt[piece:q_start]) \
            and not _has_cue(mt, prev.end, piece):
        event = prev.event  # the clause continues a list: "…; 8 chi bộ …"
        governed = event is not None
    # A passive or an outcome after the noun: "12 đảng viên bị kỷ luật", "… ra khỏi Đảng".
    if not governed:
        pm = _PASSIVE_RE.match(mt, unit_end, e)
        am = _AFTER_EVENT_RE.match(mt, unit_end, e)
        if pm:
            cue = _EVENT_CUES[_key(pm.group("e"))]
            if _event_allowed(cue.event, cue, unit.category):
                event, governed, end = cue.event, True, max(end, pm.end())
        elif am:
            event, governed, end = _AFTER_EVENTS[_key(am.group("e"))], True, max(end, am.end())
    if event is None and found and found[1].kind == "total":
        named = list(_NAMED_EVENT_RE.finditer(mt, piece, found[0].start()))
        if named:
            cue = _EVENT_CUES[_key(named[-1].group("e"))]
            if _event_allowed(cue.event, cue, unit.category):
                event = cue.event
    if event is None and unit.implied_event:
        event = unit.implied_event

    # Nouns for people in general count only when an event verb governs them.
    named_before = any(_words(re.escape(w)).search(mt, piece, num_start) for w in unit.counted_after)
    if unit.requires_event is True and event is None and not named_before:
        return None
    if isinstance(unit.requires_event, list) and event not in unit.requires_event:
        return None
    if not governed and (_ATTENDANCE_AFTER.match(mt, unit_end, e)
                         or _ATTENDANCE_BEFORE.search(mt, piece, num_start)):
        return None
    if word_run and word_run.split()[0] in _AMBIGUOUS and len(word_run.split()) == 1:
        # "năm" is also "year", "một" also "a": only right after a cue or qualifier.
        if not (qm or (found and _gap_is_fillers(mt[found[0].end():num_start]))):
            return None

    # Subject: named before the cue in this piece, or carried along the clause chain.
    subject = None
    if found and found[1].kind in ("event", "total", "inherit"):
        if prev and prev.end > piece and prev.end <= found[0].start():
            subject = prev.subject
        else:
            subject = _subject(doc, mt, piece, found[0].start())
            if subject is None and prev and prev.subject and found[1].kind != "event" \
                    and not _has_cue(mt, prev.end, piece):
                subject = prev.subject
    elif prev and prev.end <= num_start:
        subject = prev.subject if event == prev.event else None

    start = q_start
    if found and len(mt[found[0].end():q_start].split()) <= 3:
        start = found[0].start()
    return _Found(start, end, num_start, unit_start, value, qualifier, unit, unit_text, event, subject)


def _elided(mt: str, sent, pieces, previous: list[_Found], taken: set[int]) -> list[_Found]:
    """Numbers right after an event verb with the noun left out, in a list that
    follows a full count: "kỷ luật 15 đảng viên (khiển trách 10, cảnh cáo 5)"."""
    out = []
    if not previous:
        return out
    for m in _CUE_RE.finditer(mt, sent.start, sent.end):
        cue = _CUES[_key(m.group())]
        if cue.kind != "event":
            continue
        nm = _ELIDED_NUMBER.match(mt, m.end(), sent.end)
        if not nm or nm.start("n") in taken or not _ELIDED_END.match(mt, nm.end(), sent.end):
            continue
        before = [f for f in previous if f.end <= m.start()] + [f for f in out]
        if not before:
            continue
        ref = before[-1]
        if not _event_allowed(cue.event, cue, ref.unit.category):
            continue
        q = _QUALIFIERS[_key(nm.group("q"))] if nm.group("q") else "exact"
        out.append(_Found(m.start(), nm.end(), nm.start("n"), nm.end("n"), parse_int(nm.group("n")), q,
                          ref.unit, ref.unit_text, cue.event, ref.subject))
    return out


def extract(doc: Doc) -> Iterator[Count]:
    mt = doc._.match_text
    found_all: list[_Found] = []
    for sent in doc._.sentences.spans:
        pieces = _pieces(mt, sent.start, sent.end)
        found: list[_Found] = []
        for unit_m in _UNIT_RE.finditer(mt, sent.start, sent.end):
            if found and unit_m.start() < found[-1].end:
                continue  # the second noun of a compound unit ("chi bộ, đảng bộ")
            f = _read_count(doc, mt, sent, pieces, unit_m, found)
            if f is not None:
                found.append(f)
        taken = {f.num_start for f in found}
        found.extend(_elided(mt, sent, pieces, found, taken))
        found_all.extend(found)
    for f in sorted(found_all, key=lambda f: f.num_start):
        yield Count(**fact_fields(doc, f.start, f.end), value=f.value, qualifier=f.qualifier,
                    unit=f.unit_text, category=f.unit.category, event=f.event, subject=f.subject)
