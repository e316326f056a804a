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

Schema 2 adds what researchers aggregate by: ``kind`` (a quota, a threshold "chi bộ
có trên 30 đảng viên", a target under the percentages' target phrases, what is planned or
proposed and not done "kế hoạch thành lập 3 tổ chức đảng", "đề nghị kỷ luật 3 đảng viên",
a change "tăng 11 ... so với"; else achieved, and always after "đã" + verb),
``part_of`` for the items of a breakdown ("73 TCCSĐ, trong đó có 42 đảng bộ và 31
chi bộ cơ sở"; items listed under their verbs, "kỷ luật 312 đảng viên, trong đó khiển
trách 180, cảnh cáo 97", or right after it with no breakdown word, "kỷ luật 6 đảng viên, khiển
trách 4, cảnh cáo 2"; items in brackets right after the total; items written noun first, "trong đó
đảng viên nữ 1.105"; the items of a target are parts of it, never of a result), and ``unit_key``
from data/count_unit_keys.json. Ranges ("từ 15 -
20 đảng viên") and quotas ("kết nạp được 10/12 đảng viên") are two counts each.
The period is set after extraction (pipeline.extract.period).

Every decision is an ordered list of named rules (pipeline.rules): ``NUMBER``,
``QUALIFIER``, ``GOVERNING_CUE``, ``EVENT``, ``SUBJECT``, ``ELIDED_NOUN``, ``KIND``;
the readings of elided nouns, named totals, brackets and ranges, and ``part_of``,
name theirs as constants. Each count records which rule set each attribute
(``vnfacts explain`` prints them).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Iterator, Optional

from spacy.tokens import Doc

from ..lexicon import Lexicon, alternation
from ..normalize import key_form
from ..records import Count
from ..rules import NO_RULE, Decision, Rules, record_trace
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
    for short, full in load_table("abbreviations")["abbreviations"].items():
        if key_form(full) in units:  # "TCCSĐ" is a form of "tổ chức cơ sở đảng"
            units[key_form(short)] = units[key_form(full)]
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
# Lexicon.entry folds the matched text to its key on every call (~5 µs) and the same few
# words match again and again: the entry of each matched text is remembered.
_cue = lru_cache(maxsize=4096)(_CUES.entry)
_unit = lru_cache(maxsize=4096)(_UNITS.entry)
_event_cue = lru_cache(maxsize=1024)(_EVENT_CUES.entry)
_T = load_table("count_cues")
_QUALIFIERS = Lexicon.from_table("count_cues", "qualifiers", model=dict[str, str])
_AFTER_QUALIFIERS = Lexicon.from_table("count_cues", "after_unit_qualifiers", model=dict[str, str])
_AFTER_EVENTS = Lexicon.from_table("count_cues", "after_unit_events", model=dict[str, Optional[str]])
_FORMS = Lexicon.from_table("count_cues", "discipline_forms", "forms", model=dict[str, str])

# Right before the number (the window ends at the number): qualifier, fillers.
_QUALIFIER_END = re.compile(rf"(?<!\w)(?P<q>{alternation(_QUALIFIERS)})\s+$")
_RANGE_START_END = re.compile(rf"(?<!\w)(?:{alternation(_T['range_start'])})\s+$")
_FILLERS = re.compile(rf"\s*(?:(?:{alternation(_T['fillers'])})(?!\w)\s*)*")
_CONNECTORS_ONLY = re.compile(rf"^\s*(?:(?:{alternation(_T['connectors'] + _T['mean_openers'])})\s*)*$")
_BLOCKER_END = re.compile(rf"(?<!\w)(?:{alternation(_T['not_before_number'])})\s+$"
                          r"|[-–—/]\s*$|\d\s*$")
_PER_PERIOD_END = re.compile(rf"(?<!\w)(?:{alternation(_T['per_period']['each'])})\s+"
                             rf"(?:{alternation(_T['per_period']['periods'])})\s+$")
_APPROX_END = re.compile(rf"(?<!\w)(?:{alternation(_T['approximate_before'])})\s+$")
# A match of those two ends at the number, a phrase's words each in a word of the text:
# it lies in the last few words before the number, and only those need searching (a
# search of the whole sentence before it tries every position of it).
_END_PHRASE_WORDS = max(len(key_form(p).split()) for p in [*_T["not_before_number"], *_T["approximate_before"]])
_AMBIGUOUS = {key_form(w) for w in _T["ambiguous_number_words"]}
_NEVER_COUNT = {key_form(w) for w in _T["never_count_words"]}
_CHANGE_END = re.compile(rf"(?<!\w)(?:{alternation(_T['differences']['before'])})\s+$")
NUMBER_WORDS = load_table("number_words")
_SCALES = Lexicon.from_table("number_words", "scales", model=dict[str, int])

# Right after the counted noun.
_AFTER_QUALIFIER_RE = re.compile(
    rf"(?:\s+[^\s,;:.()]+){{0,2}}?\s+(?P<q>{alternation(_AFTER_QUALIFIERS)})(?!\w)")
_AFTER_QUALIFIER_RIGHT = re.compile(rf"\s+(?P<q>{alternation(_AFTER_QUALIFIERS)})(?!\w)")
_AFTER_EVENT_RE = re.compile(
    rf"(?:\s+[^\s,;:.()]+){{0,5}}?\s+(?P<e>{alternation(_AFTER_EVENTS)})(?!\w)")
_PASSIVE_RE = re.compile(
    rf"\s+(?:{alternation(_T['passive_markers'])})\s+(?P<e>{alternation(_EVENT_CUES)})(?!\w)")
# "số đảng viên (được) kết nạp (trong năm) là 320", "số đảng viên mới kết nạp là 98": the
# counted noun and its event (said by a verb or by the noun itself) before the total.
_NAMED_EVENT_RE = re.compile(
    rf"(?<!\w)(?:{alternation(_T['count_nouns'])})\s+(?P<u>{alternation(_UNITS)})(?:\s+"
    rf"(?:(?:{alternation(_T['passive_markers'])})\s+)?(?P<e>{alternation(_EVENT_CUES)}))?(?!\w)")
# "tổng số tổ chức cơ sở đảng toàn tỉnh là 512": the noun named first, the bare number after the verb;
# "số tổ chức cơ sở đảng … tăng 27 so với năm 2021": after a change word, the number a difference.
_NAMED_TOTAL_RE = re.compile(
    rf"(?<!\w)(?:{alternation(_T['count_nouns'])})\s+(?P<u>{alternation(_UNITS)})(?!\w)"
    rf"[^,;:.()%]{{0,80}}?(?:\s(?:{alternation(_T['named_total_verbs'] + _T['differences']['before'])})"
    rf"|\s*:)(?=\s)")
# "… tăng 27 so với năm 2021": a comparison may end the clause of a named change.
_COMPARED_AFTER = re.compile(rf"\s+(?:{alternation(_T['differences']['after'])})(?!\w)")
# "Tổng số đảng viên toàn huyện: 4.560 đồng chí": a word for people after the number of a named total.
_PEOPLE_AFTER = re.compile(rf"\s+(?:{alternation(_T['named_total_people_after'])})(?!\w)")
# "kỷ luật 3 đảng viên bằng hình thức cảnh cáo": the form makes a general "kỷ luật" specific.
_FORM_AFTER_RE = re.compile(
    rf"(?:\s+[^\s,;:.()]+){{0,6}}?\s+(?:{alternation(_T['discipline_forms']['markers'])})"
    rf"\s+(?P<e>{alternation(_FORMS)})(?!\w)")
_BARE_FORM_RE = re.compile(rf"\s+(?P<e>{alternation(_FORMS)})(?!\w)")
_ATTENDANCE_AFTER = re.compile(rf"\s+(?:{alternation(_T['attendance_after'])})(?!\w)")
_ATTENDANCE_BEFORE = _words(alternation(_T["attendance_before"]))
_REPRESENTED = _words(alternation(_T["represented_before"]))
# Words after a noun up to a number (not a year) in the same piece: the noun is the label of that number.
_LABEL_OF_NEXT_ITEM = re.compile(r"(?:\s+[^\s\d,;:.()]+){0,8}?\s+(?!(?:19|20)\d\d(?!\d))\d")
_COMPOUND_RE = re.compile(rf"\s*(?:,|/|\s(?:{_JOINER_WORDS}))\s*(?P<u>{alternation(_UNITS)})(?!\w)")

_SUBJECT_HEAD_RE = _words(alternation(_T["subject_heads"]))
_CLAUSE_HEAD_RE = re.compile(rf"\s*(?P<h>{alternation(_T['subject_heads'])})(?!\w)")
_SUBJECT_NAME_WORDS = {key_form(w) for w in _T["subject_name_words"]}
_SUBJECT_STOP_WORDS = {key_form(w) for w in _T["subject_stop_words"]["words"]}
_SUBJECT_ADVERBS_END = re.compile(rf"(?:(?<!\w)(?:{alternation(_T['subject_adverbs'])})\s*)*$")
# "Huyện Bát Xát có 12 chi bộ": an administrative unit, its type word first, is whose the count is.
_UNIT_TYPE_START = re.compile(rf"\s*(?:{alternation(load_table('place_words')['unit_nouns'])})(?!\w)")

# Numbers: digits (1.742, 02), digits with a scale word (5,3 triệu), number words.
_DIGITS_END = re.compile(rf"(?<![\w.,/%-])(?P<n>{INTEGER})\s+$")
# "kết nạp 156/150 đảng viên": achieved over planned; the first number is the count.
_RATIO_END = re.compile(rf"(?<![\w.,/%-])(?P<n>{INTEGER})/(?P<d>{INTEGER})\s+$")
_SCALED_END = re.compile(rf"(?<![\w.,/%-])(?P<n>\d+(?:[.,]\d+)?)\s+(?P<s>{alternation(_SCALES)})\s+$")
_WORD_TAIL = re.compile(r"(?:[^\W\d_]+\s+){1,6}$")
# Clause pieces inside a sentence: commas, semicolons, colons, brackets, quotes.
_PIECE_BOUNDARY = re.compile(r"[,;:()\[\]“”\"]|\s[-–—]\s")
_ELIDED_NUMBER = re.compile(rf"\s+(?:(?P<q>{alternation(_QUALIFIERS)})\s+)?(?P<n>{INTEGER})(?![\w%]|[.,/-]\d|\s*%)")
# "xóa tên: 2; cho ra khỏi Đảng: 1": a row of a report may put a colon between the verb and its
# number, when the verb opens its row ("số đảng viên bị kỷ luật: 27" names a total instead).
_ELIDED_AFTER_VERB = re.compile(rf"(?P<colon>\s*:)?{_ELIDED_NUMBER.pattern}")
_ROW_OPENING_END = re.compile(r"[;:,(\-–—•+*]\s*$")
_YEAR = re.compile(r"(?:19|20)\d\d")
_DIGIT = re.compile(r"\d")
_RANGE_LOW_END = re.compile(
    rf"(?<![\w.,/%-])(?:(?P<from>{alternation(_T['range_start'])})\s+)?(?P<lo>{INTEGER})"
    rf"(?:\s*[-–—]\s*|\s+(?P<to>{alternation(_T['range_to'])})\s+)$")
# "kết nạp 90 đến 100 đảng viên": without "từ", a low end before "đến" only right after the
# verb that governs the pair ("tháng 6 đến 120 đảng viên" is no range).
_EVENT_VERB_END = re.compile(rf"(?<!\w)(?:{alternation(_EVENT_CUES)})(?:\s+(?:{alternation(_T['fillers'])}))*\s+$")
_PLAN_NOUN = _words(alternation(_T["kind"]["plan_nouns"]))
_SURPLUS_END = re.compile(
    rf"(?<!\w)(?:{alternation(_T['kind']['surplus_words'])})"
    rf"(?:\s+(?:{alternation(_T['kind']['plan_nouns'])})(?:\s+[^\s\d,;:.()%]+){{0,4}}?)?\s+$")
_TARGET_CUE = _words(alternation(_T["kind"]["target_cues"]))
_THRESHOLD_END = re.compile(
    rf"(?<!\w)(?P<noun>{alternation(_T['kind']['threshold_nouns'])})\s+(?:(?:{alternation(_T['threshold_verbs'])})\s+)?"
    rf"(?:{alternation(list(_T['qualifiers']) + _T['range_start'])})\s+$")
# A word before the verb of a count that says the count is done, planned or proposed (count_cues.kind).
_VERB_THEN_NUMBER = (rf"\s+(?:{alternation(_EVENT_CUES)})(?:\s+(?:{alternation(_T['fillers'])}))*"
                     rf"\s+(?:(?:{alternation(_QUALIFIERS)})\s+)?$")
_DONE_VERB_END, _PLAN_VERB_END = (re.compile(rf"(?<!\w)(?:{alternation(_T['kind'][words])}){_VERB_THEN_NUMBER}")
                                  for words in ("done_before_verb", "plan_before_verb"))
# A proposal, then the body it is made to (no "của"; a comma only after "xem xét" or before a
# further body: "Bộ Chính trị, Ban Bí thư"), then the verb.
_PROPOSAL_VERB_END = re.compile(
    rf"(?<!\w)(?:{alternation(_T['kind']['proposal_before_verb'])})"
    rf"(?:\s+(?!(?:{alternation(_T['kind']['proposal_not_after'])})(?!\w))(?:xem xét,|[^\s\d,;:.()%]+"
    rf"(?:,(?=\s+(?:{alternation(_T['kind']['proposal_joined_bodies'])})(?!\w)))?)){{0,12}}?"
    rf"{_VERB_THEN_NUMBER}")
# "theo đề nghị Ủy ban Kiểm tra, …": the proposal is a noun, what it asked for decided.
_PROPOSAL_AS_NOUN_END = re.compile(rf"(?<!\w)(?:{alternation(_T['kind']['proposal_as_noun_after'])})\s+$")
_LIST_JOIN = re.compile(rf"[\s,]*(?:(?:{alternation(_T['list_joiners'])})\s+)?")
_BREAKDOWN = _words(alternation(_T["breakdown_openers"]))
# The events a breakdown of a total of each event may list, each item under its own verb.
_BREAKDOWN_EVENTS = {event: frozenset(parts) for event, parts in _T["breakdown_events"].items() if event != "_doc"}
_DISCIPLINE_EVENTS = _BREAKDOWN_EVENTS["disciplined"] | {"disciplined"}
_TOTAL_OPENER = re.compile(rf"(?<!\w)(?:{alternation(_T['total_openers'])})\s+$")
_UNIT_KEYS = load_table("count_unit_keys")["keys"]
# Event decisions beyond the nearest cue (GOVERNING_CUE, EVENT, the readers after _named_totals).
_FORM_OF_PREVIOUS_GAP = re.compile(rf"\s+(?:{alternation(_T['discipline_forms']['markers'])})\s+")
_OPENER_PIECE_END = re.compile(rf"(?<!\w)(?:{alternation(_T['inherit'])})\s*,\s*$")
_OPENER_COLON_END = re.compile(rf"(?<!\w)(?:{alternation(_T['inherit'])})\s*:\s*$")
# Event verbs that may stand away from the number (not only right before it).
_FREE_EVENT_VERBS = [k for k in _EVENT_CUES if not _event_cue(k).adjacent]
_DISTANT_PASSIVE_RE = re.compile(
    rf"\s+(?:(?:{alternation(_T['distant_passive']['openers'])})(?:\s+[^\s\d,;:.()%]+){{1,12}}?"
    rf"|(?:{alternation(_T['distant_passive']['modifiers'])})(?:\s+[^\s\d,;:.()%]+){{0,3}}?)"
    rf"\s+(?:{alternation(_T['distant_passive']['markers'])})"
    rf"\s+(?P<e>{alternation(_FREE_EVENT_VERBS)})(?!\w)")
_LEAD_OPENER = _words(alternation(_T["total_openers"]))
_DESCRIPTION = _words(alternation(_T["description_before_carry"]))
_NOT_READ = object()
_ELIDED_END = re.compile(rf"\s*(?:[,;.)(…]|\s(?:{alternation(_T['elided_stops'])})\s|$)")

_LETTERS = re.compile(r"[^\W\d_]+")
# Between the items of one list: "12 chi bộ, 30 đảng viên", "… và 15 đảng viên".
_LIST_GAP = re.compile(rf"\s*(?:[,;]|\s(?:{alternation(_T['list_joiners'])})\s)\s*")
_COMMA_GAP = re.compile(r"\s*,\s*")
_AND_GAP = re.compile(rf"\s+(?:{alternation(_T['list_joiners'])})\s+")
# Between a total and the last item of its breakdown listed under verbs, the noun left out of
# the items before: ", trong đó khiển trách 92, cảnh cáo 41, ".
_VERB_ITEMS_BETWEEN = re.compile(
    rf"\s*[,;]?\s*(?:(?:{alternation(_T['breakdown_openers'])})\s*:?\s*)?"
    rf"(?:(?:{alternation(_EVENT_CUES)})\s+(?:(?:{alternation(_QUALIFIERS)})\s+)?(?:{INTEGER})\s*,\s*)+"
    rf"(?:(?:{alternation(_T['list_joiners'])})\s+)?")
# Between two items of a breakdown listed each under its verb: ", cảnh cáo ", " và khai trừ hơn ";
# and between a total and the first item of such a list in brackets: " (khiển trách ".
_VERB_ITEM_GAP = re.compile(
    rf"\s*,?\s*(?:(?:{alternation(_T['list_joiners'])})\s+)?(?:{alternation(_EVENT_CUES)})\s+"
    rf"(?:(?:{alternation(_QUALIFIERS)})\s+)?")
# The same, each item under the body it is of: ", Đảng bộ xã Nga My kết nạp ".
_BODY_VERB_ITEM_GAP = re.compile(
    rf"\s*,?\s*(?:(?:{alternation(_T['list_joiners'])})\s+)?(?:{alternation(_T['subject_heads'])})\s[^\d,;:.()]{{1,60}}?"
    rf"\s(?:{alternation(_EVENT_CUES)})\s+(?:(?:{alternation(_QUALIFIERS)})\s+)?")
# Between a total and the first item of its breakdown listed each under its verb, no breakdown word:
# "kỷ luật 6 đảng viên, khiển trách 4, cảnh cáo 2", "kỷ luật 12 đảng viên: khiển trách 8 đảng viên".
_FORM_FIRST_ITEM_GAP = re.compile(
    rf"\s*[,:]\s*(?:{alternation(_EVENT_CUES)})\s+(?:(?:{alternation(_QUALIFIERS)})\s+)?")
_BRACKET_OPENING = re.compile(r"\s*\(\s*")
_VERB_BEFORE_NUMBER_END = re.compile(
    rf"(?<!\w)(?P<e>{alternation(_EVENT_CUES)})\s+(?:(?:{alternation(_QUALIFIERS)})\s+)?(?:{INTEGER})\s*$")
# In a bracket after a count, a year or a comparison makes it a figure of another time, not a breakdown:
# "45 chi bộ (40 chi bộ năm 2020)".
_OTHER_TIME = re.compile(rf"(?<![\d.,])(?:19|20)\d\d(?![\d.,])|(?<!\w)(?:{alternation(_T['differences']['after'])})(?!\w)")
# After a count: its breakdown in brackets, then "và" and the next count of the same verb.
_JOINED_PAST_BRACKET = re.compile(rf"\s*\([^()]*\)\s*(?:{alternation(_T['list_joiners'])})\s+")
_BRACKET_VERB_ITEM_GAP = re.compile(
    rf"\s*\(\s*(?:{alternation(_EVENT_CUES)})\s+(?:(?:{alternation(_QUALIFIERS)})\s+)?")

# The attributes of a count that a rule decides (period and place are set later, by their own rules).
_TRACED = ("value", "qualifier", "unit", "unit_key", "category", "event", "subject", "kind", "part_of")


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
    kind: Optional[str] = None      # set by a reading that decides it (a quota); else by KIND
    part_of: Optional[int] = None
    rules: dict[str, str] = field(default_factory=dict, repr=False)  # attribute -> rule that set it

    def set(self, rule: str, **values) -> None:
        """Set attributes, recording ``rule`` as what decided them."""
        for attr, value in values.items():
            setattr(self, attr, value)
            self.rules[attr] = rule

    def moved(self, **positions: int) -> "_Found":
        """A copy at other offsets, with its own record of rules."""
        return replace(self, **positions, rules=dict(self.rules))


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


@dataclass(frozen=True)
class _CueAt:
    """A cue word of count_cues found in the text."""
    start: int
    end: int
    cue: _Cue


@dataclass(frozen=True)
class _Named:
    """A value that may be null, as a rule decided it (a rule's None means it does not apply)."""
    value: Optional[str]


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


# --- value: the number before the counted noun ----------------------------------

@dataclass(frozen=True)
class _Ratio:
    """The second number of "156/150": the planned one."""
    start: int
    value: int


@dataclass(frozen=True)
class _Number:
    """A number that ends right before a counted noun."""
    start: int
    value: int
    words: str = ""                 # the run of number words; "" for digits
    ratio: Optional[_Ratio] = None  # the number after the slash of "156/150"


@dataclass(frozen=True)
class _Window:
    """The text before a counted noun (from offset lo), whose end a number may be."""
    lo: int
    text: str


NUMBER = Rules("counts.number_before_noun")


@NUMBER.rule("value: digits and a scale word ('5,3 triệu')")
def _scaled_number(w: _Window) -> Optional[_Number]:
    m = _SCALED_END.search(w.text)
    if not m:
        return None
    return _Number(w.lo + m.start("n"), round(parse_decimal(m.group("n")) * _SCALES.entry(m.group("s"))))


@NUMBER.rule("value: digits ('1.742', '02')")
def _digits(w: _Window) -> Optional[_Number]:
    m = _DIGITS_END.search(w.text)
    return _Number(w.lo + m.start("n"), parse_int(m.group("n"))) if m else None


@NUMBER.rule("value: the first of 'achieved/planned' ('kết nạp 156/150 đảng viên')")
def _ratio(w: _Window) -> Optional[_Number]:
    m = _RATIO_END.search(w.text)
    if not m or _YEAR.fullmatch(m.group("d")):
        return None  # "12/2024": a month and year (the next rule reads no number that ends in digits)
    return _Number(w.lo + m.start("n"), parse_int(m.group("n")),
                   ratio=_Ratio(w.lo + m.start("d"), parse_int(m.group("d"))))


@NUMBER.rule("value: number words ('mười lăm', 'một trăm linh năm')")
def _number_words(w: _Window) -> Optional[_Number]:
    m = _WORD_TAIL.search(w.text)
    if not m:
        return None
    words = list(_LETTERS.finditer(w.text, m.start()))
    best = None
    for i in range(len(words) - 1, -1, -1):  # longest run of number words that parses
        run = " ".join(x.group() for x in words[i:])
        value = words_to_int(run)
        if value is not None:
            best = _Number(w.lo + words[i].start(), value, run)
    if best is None or all(x in _SCALES for x in best.words.split()):
        return None  # "trăm đảng viên", "hàng nghìn": a magnitude, not a count
    return best


def _number_before(mt: str, lo: int, pos: int) -> Optional[Decision[_Number]]:
    """The number that ends right before pos and the rule that read it, or None."""
    # The patterns are anchored at the window's end; a number (even in words,
    # "một nghìn hai trăm năm mươi") is short, so look back at most ~80 chars,
    # cut at a space, instead of rescanning the sentence from its start.
    if pos - lo > 80:
        cut = mt.rfind(" ", lo, pos - 80)
        lo = cut if cut > lo else lo
    if not _may_end_in_number(mt, lo, pos):
        return None
    return NUMBER.first(_Window(lo, mt[lo:pos]))


def _pieces(mt: str, s: int, e: int) -> list[int]:
    """Start offsets of the clause pieces of the sentence [s, e)."""
    return [s] + [m.end() for m in _PIECE_BOUNDARY.finditer(mt, s, e)]


def _piece_start(starts: list[int], pos: int) -> int:
    best = starts[0]
    for p in starts:
        if p <= pos:
            best = p
    return best


def _nearest_cue(mt: str, lo: int, hi: int) -> Optional[_CueAt]:
    """The last cue in mt[lo:hi] that may govern a number at hi."""
    found = None
    for m in _CUE_RE.finditer(mt, lo, hi):
        cue = _cue(m.group())
        if cue.kind == "neutral":
            continue
        if cue.adjacent and not _gap_is_fillers(mt[m.end():hi]):
            continue
        found = _CueAt(m.start(), m.end(), cue)
    return found


def _has_cue(mt: str, lo: int, hi: int) -> bool:
    """Whether a verb or total word that does not need a number next to it stands in mt[lo:hi]."""
    for m in _CUE_RE.finditer(mt, lo, hi):
        cue = _cue(m.group())
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


def _unit_subject(text: str, mt: str, lo: int, hi: int) -> Optional[str]:
    """The administrative unit that is all the clause names before the cue at hi: its type
    word, then a capitalized name ("Huyện Bát Xát có", "Thị xã Sa Pa hiện có")."""
    region_end = lo + _SUBJECT_ADVERBS_END.search(mt[lo:hi].rstrip()).start()
    head = _UNIT_TYPE_START.match(mt, lo, region_end)
    name = text[head.end():region_end].split() if head else []
    if not name or not all(w[0].isupper() or w.isdigit() for w in name):
        return None
    return text[lo:region_end].strip() or None


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
            if tokens[i].group() in _SUBJECT_STOP_WORDS or not (capital or after_capital):
                return False  # a verb or other words: the head is not what the cue is said of
            i, after_capital, after_level = i + 1, capital, False
    return True


def _event_allowed(event: Optional[str], cue: Optional[_Cue], category: str) -> bool:
    return event is not None and (cue is None or cue.categories is None or category in cue.categories)


# --- unit: the counted noun -------------------------------------------------------

UNIT_NOUN = "unit: the noun after the number"
UNIT_COMPOUND = "unit: two nouns of one kind sharing the number ('chi bộ, đảng bộ')"


@dataclass(frozen=True)
class _Noun:
    """The counted noun as the record writes it, and where it ends in the text."""
    text: str
    end: int


def _compound_unit(mt: str, unit: _Unit, unit_end: int, sent_end: int) -> Decision[_Noun]:
    """The noun after the number, or with a second noun of its kind: 'chi bộ, đảng bộ'."""
    m = _COMPOUND_RE.match(mt, unit_end, sent_end)
    if m and _LABEL_OF_NEXT_ITEM.match(mt, m.end("u"), sent_end):
        m = None  # "121 đồng chí, đảng viên nữ 68 đồng chí": the second noun opens the next item
    if m:
        other = _unit(m.group("u"))
        if other.category == unit.category and other.unit != unit.unit:
            joiner = mt[unit_end:m.start("u")].strip()
            text = unit.unit + (", " if joiner == "," else f" {joiner} ") + other.unit
            return Decision(UNIT_COMPOUND, _Noun(text, m.end("u")))
    return Decision(UNIT_NOUN, _Noun(unit.unit, unit_end))


# --- qualifier ------------------------------------------------------------------------

QUALIFIER_WORD = "qualifier: the word before the number ('hơn', 'khoảng')"
EXACT = "exact: no qualifier word"


@dataclass(frozen=True)
class _Qualified:
    qualifier: str
    start: int  # of the qualifier, or of the number when there is none
    end: int    # of the mention: the noun, or "trở lên" after it


QUALIFIER = Rules("counts.qualifier")


@QUALIFIER.rule("qualifier: 'từ' before the number and 'trở lên'/'trở xuống' after the noun")
def _bound_after_noun(c: _Context) -> Optional[_Qualified]:
    rs = _RANGE_START_END.search(c.mt, c.piece, c.num_start)
    after = _AFTER_QUALIFIER_RE.match(c.mt, c.unit_end, c.sent_end) if rs else None
    return _Qualified(_AFTER_QUALIFIERS.entry(after.group("q")), rs.start(), after.end()) if after else None


@QUALIFIER.rule(QUALIFIER_WORD)
def _word_before_number(c: _Context) -> Optional[_Qualified]:
    qm = _QUALIFIER_END.search(c.mt, c.piece, c.num_start)
    return _Qualified(_QUALIFIERS.entry(qm.group("q")), qm.start(), c.unit_end) if qm else None


@QUALIFIER.rule("qualifier: 'trở lên'/'trở xuống' right after the noun, without 'từ' ('kết nạp 1.200 đảng viên trở lên'; a word before the number wins: 'trên 290 đảng viên trở lên')")
def _bound_right_after_noun(c: _Context) -> Optional[_Qualified]:
    after = _AFTER_QUALIFIER_RIGHT.match(c.mt, c.unit_end, c.sent_end)
    return _Qualified(_AFTER_QUALIFIERS.entry(after.group("q")), c.num_start, after.end()) if after else None


@QUALIFIER.rule(EXACT)
def _no_qualifier_word(c: _Context) -> _Qualified:
    return _Qualified("exact", c.num_start, c.unit_end)


def _qualifier_of(number: re.Match) -> Decision[str]:
    """The qualifier of a number read after its verb ("khiển trách hơn 10"): group q."""
    if number.group("q"):
        return Decision(QUALIFIER_WORD, _QUALIFIERS.entry(number.group("q")))
    return Decision(EXACT, "exact")


# --- event --------------------------------------------------------------------------------

IMPLIED_EVENT = "event: the unit's implied event ('đảng viên mới': admitted)"
NO_EVENT = "no event: no verb, passive or named noun says one"
NAMED_VERB_FORM = "event: the verb after the named noun, made specific by the discipline form"
NAMED_VERB = "event: the verb after the named noun ('số đảng viên bị kỷ luật')"
NAMED_VERB_OF_OTHER = "no event: the verb after the named noun is not said of it"


def _form_after(mt: str, event: Optional[str], pos: int, end: int) -> Optional[str]:
    """A general "kỷ luật" made specific by the form named after pos ("bằng hình thức cảnh cáo"),
    else None."""
    if event == "disciplined":
        fm = _FORM_AFTER_RE.match(mt, pos, end)
        if fm:
            return _FORMS.entry(fm.group("e"))
    return None


def _implied(unit: _Unit) -> Decision[_Named]:
    return Decision(IMPLIED_EVENT if unit.implied_event else NO_EVENT, _Named(unit.implied_event))


def _named_event(mt: str, named: re.Match, category: str, end: int) -> Decision[_Named]:
    """The event a named count noun says: its verb ("số đảng viên bị kỷ luật bằng hình thức
    khai trừ"), else its own meaning ("số đảng viên mới")."""
    if not named.group("e"):
        return _implied(_unit(named.group("u")))
    cue = _event_cue(named.group("e"))
    if not _event_allowed(cue.event, cue, category):
        return Decision(NAMED_VERB_OF_OTHER, _Named(None))
    form = _form_after(mt, cue.event, named.end(), end)
    return Decision(NAMED_VERB_FORM, _Named(form)) if form else Decision(NAMED_VERB, _Named(cue.event))


@dataclass(frozen=True)
class _Event:
    """A count's event as a rule decided it."""
    event: Optional[str]
    governed: bool                  # a verb or a passive (not a total word) said it
    end: int                        # where the mention ends (after a passive after the noun)
    passive: Optional[_Cue] = None  # the event cue of a passive after the noun


_UNREAD = object()


@dataclass
class _EventAt:
    """What the event rules look at: the count's context, its noun, the cue that governs it
    (kind: that cue's kind, None without one), and the count that cue continues, if any."""
    c: _Context
    unit: _Unit
    at: Optional[_CueAt]
    kind: Optional[str]
    q_start: int                # where the qualifier (or the number) starts
    total: Optional[_Found]     # the count before that 'trong đó' or 'với' continues
    _passive: object = _UNREAD  # read when a rule first asks (the rules are tried on every count)
    _named: object = _UNREAD

    @classmethod
    def of(cls, c: _Context, unit: _Unit, at: Optional[_CueAt], q_start: int) -> "_EventAt":
        kind = at.cue.kind if at is not None else None
        total = c.broken_down if kind == "inherit" else c.previous if kind == "carry" else None
        return cls(c, unit, at, kind, q_start, total if total is not None and total.end <= at.start else None)

    def said_of_noun(self, cue: _Cue) -> bool:
        return _event_allowed(cue.event, cue, self.unit.category)

    def decided(self, event: Optional[str], governed: bool) -> _Event:
        return _Event(event, governed, self.c.unit_end)

    def passive(self) -> Optional[_CueAt]:
        """'bị khai trừ' right after the noun, when its verb can be said of the noun."""
        if self._passive is _UNREAD:
            pm = _PASSIVE_RE.match(self.c.mt, self.c.unit_end, self.c.sent_end)
            cue = _event_cue(pm.group("e")) if pm else None
            self._passive = _CueAt(pm.start("e"), pm.end(), cue) if cue and self.said_of_noun(cue) else None
        return self._passive

    def named_before_total(self) -> list[re.Match]:
        """'số đảng viên được kết nạp' in the piece before a total word ('là')."""
        if self._named is _UNREAD:
            self._named = list(_NAMED_EVENT_RE.finditer(self.c.mt, self.c.piece, self.at.start)) \
                if self.kind == "total" else []
        return self._named


EVENT = Rules("counts.event")


@EVENT.rule("event: the verb before the number, made specific by the discipline form after the noun "
            "('kỷ luật 3 đảng viên bằng hình thức cảnh cáo')")
def _verb_and_form(e: _EventAt) -> Optional[_Event]:
    if e.kind != "event" or not e.said_of_noun(e.at.cue):
        return None
    form = _form_after(e.c.mt, e.at.cue.event, e.c.unit_end, e.c.sent_end)
    return e.decided(form, True) if form else None


@EVENT.rule("event: the verb before the number ('kết nạp', 'khai trừ')")
def _verb_before(e: _EventAt) -> Optional[_Event]:
    return e.decided(e.at.cue.event, True) if e.kind == "event" and e.said_of_noun(e.at.cue) else None


@EVENT.rule("no event: the verb before the number is not said of this noun")
def _verb_of_other_nouns(e: _EventAt) -> Optional[_Event]:
    return e.decided(None, True) if e.kind == "event" else None


# A passive or an outcome after the noun says the event of this count even in a
# breakdown or a list: "trong đó 4 đảng viên bị khai trừ", "…, 2 tổ chức đảng bị khiển trách".
@EVENT.rule("event: passive after the noun, made specific by the discipline form "
            "('bị kỷ luật bằng hình thức khiển trách')")
def _passive_and_form(e: _EventAt) -> Optional[_Event]:
    p = e.passive()
    form = _form_after(e.c.mt, p.cue.event, p.end, e.c.sent_end) if p else None
    return _Event(form, True, p.end, p.cue) if form else None


@EVENT.rule("event: the discipline form right after a passive 'bị kỷ luật' ('3 đảng viên bị kỷ luật cảnh cáo')")
def _passive_and_bare_form(e: _EventAt) -> Optional[_Event]:
    p = e.passive()
    fm = _BARE_FORM_RE.match(e.c.mt, p.end, e.c.sent_end) if p and p.cue.event == "disciplined" else None
    return _Event(_FORMS.entry(fm.group("e")), True, fm.end(), p.cue) if fm else None


@EVENT.rule("event: passive after the noun ('bị khai trừ')")
def _passive_after(e: _EventAt) -> Optional[_Event]:
    p = e.passive()
    return _Event(p.cue.event, True, p.end, p.cue) if p else None


@EVENT.rule("event: outcome words after the noun ('ra khỏi Đảng', 'chuyển đến')")
def _outcome_after(e: _EventAt) -> Optional[_Event]:
    am = _AFTER_EVENT_RE.match(e.c.mt, e.c.unit_end, e.c.sent_end)
    event = _AFTER_EVENTS.entry(am.group("e")) if am else None  # null: a request ("xin ra khỏi Đảng")
    return _Event(event, True, am.end()) if event is not None else None


@EVENT.rule("event: passive closing a clause about the noun ('40 đảng viên sinh hoạt tại các chi bộ … bị kỷ luật', "
            "'3 chi bộ cơ quan được sáp nhập')")
def _distant_passive(e: _EventAt) -> Optional[_Event]:
    dm = _DISTANT_PASSIVE_RE.match(e.c.mt, e.c.unit_end, e.c.sent_end)
    if not dm or _names_same_category(e.c.mt, e.c.unit_end, dm.start("e"), e.unit.category):
        return None
    cue = _event_cue(dm.group("e"))
    return e.decided(cue.event, True) if e.said_of_noun(cue) else None


@EVENT.rule("no event: 'với' after a description gives the size of what it describes "
            "('1 chi bộ là Công ty X với 27 đảng viên')")
def _carry_after_description(e: _EventAt) -> Optional[_Event]:
    if e.kind == "carry" and e.total and _DESCRIPTION.search(e.c.mt, e.total.end, e.at.start):
        return e.decided(None, False)
    return None


def _event_of_total(e: _EventAt, kind: str) -> Optional[str]:
    """The event of the total the cue of ``kind`` continues, when it can be said of this noun."""
    total = e.total if e.kind == kind else None
    if total is None or total.event is None:
        return None
    kinds = _EVENT_KINDS.get(total.event)
    return total.event if kinds is None or e.unit.category in kinds else None


@EVENT.rule("event: 'trong đó' keeps the event of the total it breaks down")
def _breakdown_keeps_event(e: _EventAt) -> Optional[_Event]:
    event = _event_of_total(e, "inherit")
    return e.decided(event, True) if event is not None else None


@EVENT.rule("event: 'với' carries the event of the count before it")
def _carry_keeps_event(e: _EventAt) -> Optional[_Event]:
    event = _event_of_total(e, "carry")
    return e.decided(event, True) if event is not None else None


@EVENT.rule("no event: the total it continues has none, or none said of this noun")
def _total_without_event(e: _EventAt) -> Optional[_Event]:
    return e.decided(None, False) if e.total else None


@EVENT.rule("event: the verb of a total that is not a count, kept by 'trong đó' "
            "('luân chuyển 32 cán bộ, trong đó có 12 cấp ủy viên')")
def _verb_of_uncounted_total(e: _EventAt) -> Optional[_Event]:
    before = _nearest_cue(e.c.mt, e.c.sent_start, e.at.start) if e.kind == "inherit" else None
    if before and before.cue.kind == "event" and e.said_of_noun(before.cue):
        return e.decided(before.cue.event, True)
    return None


def _continues_list(e: _EventAt) -> bool:
    """Whether the count's clause, no cue before its number, goes on with the list of the count
    before, which has an event."""
    c, prev = e.c, e.c.previous
    if e.at is not None or prev is None or prev.event is None or prev.end > c.num_start:
        return False
    return bool(_CONNECTORS_ONLY.match(c.mt[c.piece:e.q_start])) and not _has_cue(c.mt, prev.end, c.piece)


@EVENT.rule("no event: a request after the noun, the list before it going on ('…, 12 đảng viên xin ra khỏi Đảng')")
def _request_after(e: _EventAt) -> Optional[_Event]:
    am = _AFTER_EVENT_RE.match(e.c.mt, e.c.unit_end, e.c.sent_end) if _continues_list(e) else None
    return e.decided(None, False) if am and _AFTER_EVENTS.entry(am.group("e")) is None else None


@EVENT.rule("event: the discipline form after the noun, going on from a discipline count "
            "('kỷ luật 42 đảng viên bằng hình thức khiển trách, 11 đảng viên bằng hình thức cảnh cáo')")
def _list_goes_on_with_form(e: _EventAt) -> Optional[_Event]:
    c, prev = e.c, e.c.previous
    if e.at is not None or prev is None or prev.event not in _DISCIPLINE_EVENTS or prev.end > c.num_start:
        return None
    prev_form = _FORM_AFTER_RE.match(c.mt, prev.end, c.sent_end)  # the count before names its form too
    if not prev_form or not _LIST_GAP.fullmatch(c.mt, prev_form.end(), e.q_start):
        return None
    form = _form_after(c.mt, "disciplined", c.unit_end, c.sent_end)
    return e.decided(form, True) if form else None


@EVENT.rule("event: the clause continues the list before it ('khiển trách 38 đảng viên; 10 đảng viên …')")
def _list_goes_on(e: _EventAt) -> Optional[_Event]:
    return e.decided(e.c.previous.event, True) if _continues_list(e) else None


@EVENT.rule("event: the count noun named before the total word ('số đảng viên được kết nạp trong năm là 320')")
def _named_before_total(e: _EventAt) -> Optional[_Event]:
    named = e.named_before_total()
    event = _named_event(e.c.mt, named[-1], e.unit.category, e.c.sent_end).value.value if named else None
    return e.decided(event, False) if event is not None else None


@EVENT.rule("event: that of the total a 'Trong tổng số' lead opens ('Trong tổng số 146 đảng viên được kết nạp, có 71 …')")
def _opened_total_keeps_event(e: _EventAt) -> Optional[_Event]:
    prev, mt = e.c.previous, e.c.mt
    if e.kind != "total" or prev is None or prev.event is None or prev.end > e.at.start \
            or not _TOTAL_OPENER.search(mt, max(e.c.sent_start, prev.num_start - 20), prev.num_start) \
            or _has_event_cue(mt, prev.end, e.at.start):
        return None
    kinds = _EVENT_KINDS.get(prev.event)
    return e.decided(prev.event, True) if kinds is None or e.unit.category in kinds else None


@EVENT.rule("event: the lead 'Trong tổng số đảng viên được kết nạp' names the total broken down")
def _lead_names_total(e: _EventAt) -> Optional[_Event]:
    if e.kind != "total" or e.named_before_total():
        return None
    event = _lead_event(e.c, e.unit, e.at.start)
    return e.decided(event, False) if event is not None else None


@EVENT.rule(IMPLIED_EVENT)
def _implied_event(e: _EventAt) -> Optional[_Event]:
    return e.decided(e.unit.implied_event, False) if e.unit.implied_event else None


@EVENT.rule("no event: a total word before the number says none ('có 73 tổ chức cơ sở đảng')")
def _total_word(e: _EventAt) -> Optional[_Event]:
    return e.decided(None, False) if e.kind == "total" else None


@EVENT.rule(NO_EVENT)
def _no_event(e: _EventAt) -> _Event:
    return e.decided(None, False)


def _names_same_category(mt: str, lo: int, hi: int, category: str) -> bool:
    """Whether mt[lo:hi] names a noun of the category: "12 chi bộ thuộc các đảng bộ bị giải thể"
    may say the passive of either body, so it says it of neither."""
    return any(_unit(m.group()).category == category for m in _UNIT_RE.finditer(mt, lo, hi))


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
    return _named_event(c.mt, lead, unit.category, lead.end()).value.value


# --- subject --------------------------------------------------------------------------------

@dataclass(frozen=True)
class _SubjectAt:
    c: _Context
    at: Optional[_CueAt]    # the cue that governs the count
    event: Optional[str]    # the count's event


SUBJECT = Rules("counts.subject")


@SUBJECT.rule("subject: carried from the count before, of the same event, when no cue stands before the number")
def _same_event_as_before(s: _SubjectAt) -> Optional[_Named]:
    prev = s.c.previous
    if s.at is not None or prev is None or prev.end > s.c.num_start or s.event != prev.event:
        return None
    return _Named(prev.subject)


@SUBJECT.rule("no subject: no cue before the number, and the count before has another event")
def _no_cue_before(s: _SubjectAt) -> Optional[_Named]:
    return _Named(None) if s.at is None else None


@SUBJECT.rule("subject: that of the count before in the same clause piece "
              "('Đảng bộ có 73 TCCSĐ trong đó có 42 đảng bộ': the Đảng bộ's)")
def _count_before_in_piece(s: _SubjectAt) -> Optional[_Named]:
    prev = s.c.previous
    return _Named(prev.subject) if prev and s.c.piece < prev.end <= s.at.start else None


@SUBJECT.rule("subject: the Party body named before the cue ('Đảng bộ tỉnh Kon Tum hiện có')")
def _body_before_cue(s: _SubjectAt) -> Optional[_Named]:
    subject = _subject(s.c.text, s.c.mt, s.c.piece, s.at.start)
    return _Named(subject) if subject is not None else None


@SUBJECT.rule("subject: the administrative unit the clause opens with, before the cue ('Huyện Bát Xát có 12 chi bộ')")
def _unit_before_cue(s: _SubjectAt) -> Optional[_Named]:
    before = s.c.text[s.c.sent_start:s.c.piece].rstrip(" ,")
    if before and before.split()[-1][0].isupper():
        return None  # "Xã Nậm Ty, huyện Sông Mã có …": the unit ends a longer name, not whose the count is
    subject = _unit_subject(s.c.text, s.c.mt, s.c.piece, s.at.start)
    return _Named(subject) if subject is not None else None


@SUBJECT.rule("no subject: a Party body written lower-case opens the clause before the cue, the count its own, "
              "not carried ('Chi bộ thôn 3 có 45 đảng viên; chi bộ thôn 5 có 38 đảng viên')")
def _generic_body_opens_clause(s: _SubjectAt) -> Optional[_Named]:
    head = _CLAUSE_HEAD_RE.match(s.c.mt, s.c.piece, s.at.start)
    return _Named(None) if head and s.c.text[head.start("h")].islower() else None


@SUBJECT.rule("subject: carried along the clause chain, no verb between ('…, trong đó có 42 đảng bộ')")
def _along_the_chain(s: _SubjectAt) -> Optional[_Named]:
    prev = s.c.previous
    if prev and s.at.cue.kind != "event" and not _has_cue(s.c.mt, prev.end, s.c.piece):
        return _Named(prev.subject)
    return None


@SUBJECT.rule("subject: verbs sharing one subject ('Thành ủy đã hợp nhất …, giải thể …')")
def _verbs_share_subject(s: _SubjectAt) -> Optional[_Named]:
    prev, mt = s.c.previous, s.c.mt
    if prev and s.at.cue.kind == "event" and prev.end <= s.at.start \
            and _CONNECTORS_ONLY.match(mt[prev.end:s.at.start].replace(",", " ")):
        return _Named(prev.subject)
    return None


@SUBJECT.rule("subject: the last item of a list of verbs after the count it breaks down "
              "('kỷ luật 148 đảng viên, trong đó khiển trách 92, cảnh cáo 41, khai trừ 12 đảng viên')")
def _end_of_verb_list(s: _SubjectAt) -> Optional[_Named]:
    prev = s.c.previous
    if prev and s.at.cue.kind == "event" and prev.end <= s.at.start \
            and _VERB_ITEMS_BETWEEN.fullmatch(s.c.mt, prev.end, s.at.start):
        return _Named(prev.subject)
    return None


@SUBJECT.rule("no subject: no Party body named before the cue")
def _no_body_named(s: _SubjectAt) -> _Named:
    return _Named(None)


def _is_count(c: _Context, unit: _Unit, said: _Event, words: str, qualified: bool, at: Optional[_CueAt]) -> bool:
    """The checks that keep people in general, attendance and ordinary words out."""
    mt, event = c.mt, said.event
    named_before = any(p.search(mt, c.piece, c.num_start) for p in unit.counted_after)
    if unit.requires_event is True and event is None and not named_before:
        return False  # "300 cán bộ, đảng viên", "12 đồng chí": people in general
    if isinstance(unit.requires_event, list) and event not in unit.requires_event:
        return False
    if not said.governed and (_ATTENDANCE_AFTER.match(mt, c.unit_end, c.sent_end)
                              or _attended_before(mt, c.piece, c.num_start)):
        return False  # who attended a meeting or a class
    if words in _NEVER_COUNT:
        return False  # "kỷ luật một tổ chức đảng": an article, not a number
    if words in _AMBIGUOUS:  # "năm" is also "year", "tư" also "private"
        return qualified or bool(at and _gap_is_fillers(mt[at.end:c.num_start]))
    return True


def _attended_before(mt: str, lo: int, num_start: int) -> bool:
    """An attendance word before the number ("250 đại biểu dự đại hội"), unless the number is
    of those the attendees represent ("250 đại biểu đại diện cho 8.000 đảng viên")."""
    attended = list(_ATTENDANCE_BEFORE.finditer(mt, lo, num_start))
    return bool(attended) and not _REPRESENTED.search(mt, attended[-1].end(), num_start)


def _range_low(mt: str, lo: int, num_start: int, value: int) -> Optional[re.Match]:
    """"từ 15 - 20 đảng viên", "từ 15 đến 20 đảng viên", "kết nạp 90 đến 100 đảng viên":
    the low end before the number."""
    m = _RANGE_LOW_END.search(mt, max(lo, num_start - 40), num_start)
    if not m or (m.group("to") and not m.group("from")
                 and not _EVENT_VERB_END.search(mt, max(lo, m.start() - 40), m.start())):
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


# --- the cue that governs a count: the nearest, or the one a rule puts in its place ---------

@dataclass(frozen=True)
class _Governing:
    """The cue that governs a count's number, and the context to read the count in."""
    c: _Context
    at: Optional[_CueAt]


GOVERNING_CUE = Rules("counts.governing_cue")
_BREAKDOWN_CUE = _Cue("inherit")


@GOVERNING_CUE.rule("the verb before a discipline form said of the count before "
                    "('kỷ luật 1 đảng ủy bằng hình thức cảnh cáo và 366 đảng viên')")
def _cue_form_of_previous(g: _Governing) -> Optional[_Governing]:
    c, at, prev = g.c, g.at, g.c.previous
    if not at or at.cue.kind != "event" or prev is None or at.start < prev.end:
        return None
    if not _FORM_OF_PREVIOUS_GAP.fullmatch(c.mt, prev.end, at.start):
        return None
    return _Governing(c, _nearest_cue(c.mt, c.piece, prev.num_start) if prev.num_start > c.piece else None)


@GOVERNING_CUE.rule("not the passive said of the count before, but the cue that governs that count "
                    "('có 6 đảng viên bị khai trừ và 2 đảng viên bị xóa tên')")
def _cue_passive_of_previous(g: _Governing) -> Optional[_Governing]:
    c, at, prev = g.c, g.at, g.c.previous
    if not at or prev is None or not prev.num_start < at.start < prev.end:
        return None
    return _Governing(c, _nearest_cue(c.mt, c.piece, prev.num_start) if prev.num_start > c.piece else None)


@GOVERNING_CUE.rule("the verb of the count before, past its breakdown in brackets "
                    "('kỷ luật 5 tổ chức đảng (khiển trách 4, cảnh cáo 1) và 84 đảng viên')")
def _cue_past_bracket(g: _Governing) -> Optional[_Governing]:
    c, at, prev = g.c, g.at, g.c.previous
    if at is not None or prev is None or not prev.governed or prev.end > c.num_start \
            or not _JOINED_PAST_BRACKET.fullmatch(c.mt, prev.end, c.num_start):
        return None
    verb = _nearest_cue(c.mt, prev.start, prev.num_start)
    return _Governing(c, verb) if verb and verb.cue.kind == "event" else None


@GOVERNING_CUE.rule("a breakdown opener cut from its 'có' by a comma ('…; trong đó, có 47 cấp ủy viên')")
def _cue_breakdown_opener(g: _Governing) -> Optional[_Governing]:
    # The piece is read from the opener, which opens a breakdown as "trong đó có" does.
    c, at = g.c, g.at
    if not at or at.cue.kind != "total" or c.mt[c.piece:at.start].strip():
        return None
    return _opener_before_piece(c, _OPENER_PIECE_END)


@GOVERNING_CUE.rule("a breakdown opener before a colon, no cue after it ('(trong đó: 45 đảng viên nữ; …)')")
def _cue_opener_before_colon(g: _Governing) -> Optional[_Governing]:
    return _opener_before_piece(g.c, _OPENER_COLON_END) if g.at is None else None


def _opener_before_piece(c: _Context, opener_end: re.Pattern) -> Optional[_Governing]:
    """The breakdown opener that ends the piece before c's, read as the cue of c's piece."""
    m = opener_end.search(c.mt, max(c.sent_start, c.piece - 30), c.piece)
    return _Governing(replace(c, piece=m.start()), _CueAt(m.start(), m.end(), _BREAKDOWN_CUE)) if m else None


def _governing_cue(c: _Context, nearest: Optional[_CueAt]) -> _Governing:
    """The nearest cue, unless a rule of GOVERNING_CUE puts another (and context) in its place."""
    as_found = _Governing(c, nearest)
    corrected = GOVERNING_CUE.first(as_found)
    return corrected.value if corrected else as_found


# --- a count read from a number before its noun ------------------------------------------

def _last_words_start(text: str, lo: int, hi: int, n: int) -> int:
    """Where the last n words (runs of non-space) of text[lo:hi] begin: after a space, or lo."""
    i = hi
    for _ in range(n):
        while i > lo and text[i - 1].isspace():
            i -= 1
        while i > lo and not text[i - 1].isspace():
            i -= 1
    return i


def _read_count(text: str, mt: str, sent, pieces, unit_m: re.Match, previous: list[_Found]) -> list[_Found]:
    number = _number_before(mt, sent.start, unit_m.start())
    if number is None:
        return []
    n = number.value
    low = _range_low(mt, sent.start, n.start, n.value) if not n.words and not n.ratio else None
    opening = low.start() if low else n.start  # where the words before the count end
    before = mt[_last_words_start(mt, sent.start, opening, _END_PHRASE_WORDS):opening]
    if (_BLOCKER_END.search(before) and not _PER_PERIOD_END.search(before)) or (n.words and _APPROX_END.search(before)):
        return []  # a date, an ordinal, an address, or "hàng trăm"
    unit = _unit(unit_m.group())
    noun = _compound_unit(mt, unit, unit_m.end(), sent.end)
    c = _Context(text, mt, sent.start, sent.end, _piece_start(pieces, opening), opening, noun.value.end,
                 previous[-1] if previous else None, _last_not_change(mt, sent.start, previous))
    read = _read_in_context(c, unit, number, noun)
    return _with_pair(mt, sent, read, low, n.ratio) if read else []


def _read_in_context(c: _Context, unit: _Unit, number: Decision[_Number], noun: Decision[_Noun]) -> Optional[_Found]:
    """The count of number + noun in its context (None: not a count), each attribute with its rule."""
    qualified = QUALIFIER.first(c)
    q = qualified.value
    governing = _governing_cue(c, _nearest_cue(c.mt, c.piece, q.start))
    c, at = governing.c, governing.at
    if number.value.ratio and not (at and at.cue.kind == "event" and _gap_is_fillers(c.mt[at.end:q.start])):
        return None  # "đại hội 45/45 chi bộ": a share done, not a count
    said = EVENT.first(_EventAt.of(c, unit, at, q.start))
    if not _is_count(c, unit, said.value, number.value.words, q.start < c.num_start, at):
        return None
    start = at.start if at and len(c.mt[at.end:q.start].split()) <= 3 else q.start
    subject = SUBJECT.first(_SubjectAt(c, at, said.value.event))
    read = _Found(start, max(q.end, said.value.end), number.value.start, number.value.value, q.qualifier, unit,
                  noun.value.text, said.value.event, subject.value.value, said.value.governed, said.value.passive)
    read.rules.update(value=number.rule, qualifier=qualified.rule, unit=noun.rule, event=said.rule,
                      subject=subject.rule)
    return read


RANGE_LOW = "range: the low end of 'từ 15 - 20 đảng viên' (at least 15)"
RANGE_HIGH = "range: the high end of 'từ 15 - 20 đảng viên' (up to 20)"
QUOTA = "quota: the number after the slash of 'kết nạp được 10/12 đảng viên' is the plan (a target)"
AFTER_SLASH = "the number after the slash, no plan or admission said ('đạt 96/90 chi bộ'): achieved"


def _with_pair(mt: str, sent, read: _Found, low: Optional[re.Match], ratio: Optional[_Ratio]) -> list[_Found]:
    """The count read, and the other number of a range or a quota written with it:
    "từ 15 - 20 đảng viên" is at least 15 and at most 20; "kết nạp được 10/12 đảng
    viên" is 10 done of a quota of 12."""
    if low:
        low_end, high_end = read.moved(num_start=low.start("lo")), read.moved(start=read.num_start)
        low_end.set(RANGE_LOW, value=parse_int(low.group("lo")), qualifier="at_least")
        high_end.set(RANGE_HIGH, qualifier="up_to")
        return [low_end, high_end]
    if ratio:
        quota = read.moved(start=ratio.start, num_start=ratio.start)
        if _is_quota(mt, sent, read.event):
            quota.set(QUOTA, value=ratio.value, qualifier="exact", kind="target")
        else:
            quota.set(AFTER_SLASH, value=ratio.value, qualifier="exact", kind="achieved")
        return [read, quota]
    return [read]


def _is_quota(mt: str, sent, event: Optional[str]) -> bool:
    """The second number of "kết nạp 10/12 đảng viên" is the plan when the sentence
    measures against one ("đạt 83% chỉ tiêu") or the count is of admissions."""
    return event == "admitted" or _PLAN_NOUN.search(mt, sent.start, sent.end) is not None


# --- counts whose noun is left out or written elsewhere ----------------------------------

@dataclass(frozen=True)
class _Elided:
    """A number right after an event verb, its noun left out."""
    verb_start: int
    cue: _Cue
    number: re.Match  # _ELIDED_NUMBER


def _has_digit(mt: str, sent) -> bool:
    """Whether the sentence has a digit: the readings of bare numbers (elided nouns, named
    totals, bracketed items, noun-first clauses) all read one, and most sentences have
    none, so their scans of every cue or noun of the sentence can be left out."""
    return _DIGIT.search(mt, sent.start, sent.end) is not None


def _elided_candidates(mt: str, sent, taken: set[int]) -> list[_Elided]:
    out = []
    for m in _CUE_RE.finditer(mt, sent.start, sent.end):
        cue = _cue(m.group())
        nm = _ELIDED_AFTER_VERB.match(mt, m.end(), sent.end) if cue.kind == "event" else None
        if not nm or nm.start("n") in taken or not _ELIDED_END.match(mt, nm.end(), sent.end):
            continue
        if nm.group("colon") and not _opens_row(mt, sent.start, m.start()):
            continue
        if not _YEAR.fullmatch(nm.group("n")):  # "thành lập 1975": a year
            out.append(_Elided(m.start(), cue, nm))
    return out


def _opens_row(mt: str, sent_start: int, pos: int) -> bool:
    """Whether the verb at pos opens its row: at the sentence start or after a mark that opens one."""
    return not mt[sent_start:pos].strip() or _ROW_OPENING_END.search(mt, max(sent_start, pos - 4), pos) is not None


def _counts_ending_lists(mt: str, candidates: list[_Elided], previous: list[_Found]) -> list[Optional[_Found]]:
    """For each candidate, the full count its list ends with, walking back from it item by item."""
    following: list[Optional[_Found]] = [None] * len(candidates)
    for i in range(len(candidates) - 1, -1, -1):
        end = candidates[i].number.end()
        nxt_full = next((f for f in previous if f.start >= end), None)
        nxt_start = candidates[i + 1].verb_start if i + 1 < len(candidates) else None
        if nxt_full and (nxt_start is None or nxt_full.start < nxt_start):
            if _LIST_GAP.fullmatch(mt, end, nxt_full.start):
                following[i] = nxt_full
        elif nxt_start is not None and _LIST_GAP.fullmatch(mt, end, nxt_start):
            following[i] = following[i + 1]
    return following


@dataclass(frozen=True)
class _ElidedNounAt:
    mt: str
    sent_start: int
    verb_start: int
    before: list[_Found]        # the counts before the verb (full, and elided ones read)
    after: Optional[_Found]     # the full count the list ends with


@dataclass(frozen=True)
class _SharedNoun:
    """The noun (and subject) an elided count takes from elsewhere."""
    unit: _Unit
    unit_text: str
    subject: Optional[str]


ELIDED_NOUN = Rules("counts.elided_noun")


@ELIDED_NOUN.rule("noun and subject of the count before it in the list ('kỷ luật 15 đảng viên (khiển trách 10, …)')")
def _noun_of_count_before(s: _ElidedNounAt) -> Optional[_SharedNoun]:
    # The nearest before the verb: the elided counts read so far come after the full ones in the list.
    f = max(s.before, key=lambda b: b.num_start) if s.before else None
    return _SharedNoun(f.unit, f.unit_text, f.subject) if f else None


@ELIDED_NOUN.rule("noun and subject of the count the list ends with ('khiển trách 5, cảnh cáo 3 đảng viên')")
def _noun_of_count_after(s: _ElidedNounAt) -> Optional[_SharedNoun]:
    f = s.after
    return _SharedNoun(f.unit, f.unit_text, f.subject) if f else None


@ELIDED_NOUN.rule("noun named before the list without a number, no subject "
                  "('Hình thức kỷ luật đảng viên: khiển trách 28')")
def _noun_without_number(s: _ElidedNounAt) -> Optional[_SharedNoun]:
    nouns = list(_UNIT_RE.finditer(s.mt, s.sent_start, s.verb_start))
    unit = _unit(nouns[-1].group()) if nouns else None
    return _SharedNoun(unit, unit.unit, None) if unit else None


ELIDED_VALUE = "value: digits right after the verb, the noun left out ('khiển trách 10')"
ELIDED_EVENT = "event: the verb right before the number, the noun left out ('cảnh cáo 3')"


def _elided(mt: str, sent, previous: list[_Found], taken: set[int]) -> list[_Found]:
    """Numbers right after an event verb with the noun left out, in a list that
    follows a full count: "kỷ luật 15 đảng viên (khiển trách 10, cảnh cáo 5)", or
    that ends with one: "khiển trách 5, cảnh cáo 3 đảng viên"."""
    candidates = _elided_candidates(mt, sent, taken)
    out: list[_Found] = []
    for item, after in zip(candidates, _counts_ending_lists(mt, candidates, previous)):
        before = [f for f in previous if f.end <= item.verb_start] + out
        noun = ELIDED_NOUN.first(_ElidedNounAt(mt, sent.start, item.verb_start, before, after))
        if noun is None or noun.value.unit.requires_event \
                or not _event_allowed(item.cue.event, item.cue, noun.value.unit.category):
            continue
        nm, shared, q = item.number, noun.value, _qualifier_of(item.number)
        f = _Found(item.verb_start, nm.end(), nm.start("n"), parse_int(nm.group("n")), q.value, shared.unit,
                   shared.unit_text, item.cue.event, shared.subject, True)
        f.rules.update(value=ELIDED_VALUE, qualifier=q.rule, unit=noun.rule, event=ELIDED_EVENT, subject=noun.rule)
        out.append(f)
    return out


NAMED_TOTAL_VALUE = ("value: the number after the total verb, a change word or a colon, the noun named first "
                     "('tổng số đảng viên là 3.456', 'số đảng viên bị kỷ luật: 27', 'số chi bộ tăng 5 so với')")
NAMED_TOTAL_UNIT = "unit: the noun named after 'số'/'tổng số', before the number"
NAMED_TOTAL_SUBJECT = "no subject: the clause opens with the named noun"


def _named_totals(mt: str, sent, taken: set[int]) -> list[_Found]:
    """A bare number after the verb when the clause has named the counted noun first:
    "Tổng số tổ chức cơ sở đảng toàn tỉnh là 512; số đảng viên là 45.234"."""
    out: list[_Found] = []
    for m in _NAMED_TOTAL_RE.finditer(mt, sent.start, sent.end):
        nm = _ELIDED_NUMBER.match(mt, m.end(), sent.end)
        people = _PEOPLE_AFTER.match(mt, nm.end(), sent.end) if nm else None
        end = people.end() if people else nm.end() if nm else 0
        if not nm or nm.start("n") in taken \
                or not (_ELIDED_END.match(mt, end, sent.end) or _COMPARED_AFTER.match(mt, end, sent.end)):
            continue
        unit = _unit(m.group("u"))
        if unit.requires_event or _YEAR.fullmatch(nm.group("n")):
            continue
        named = _NAMED_EVENT_RE.match(mt, m.start(), m.end())
        said = _named_event(mt, named, unit.category, m.end()) if named else _implied(unit)
        q = _qualifier_of(nm)
        f = _Found(m.start(), end, nm.start("n"), parse_int(nm.group("n")), q.value, unit, unit.unit,
                   said.value.value, None)
        f.rules.update(value=NAMED_TOTAL_VALUE, qualifier=q.rule, unit=NAMED_TOTAL_UNIT, event=said.rule,
                       subject=NAMED_TOTAL_SUBJECT)
        out.append(f)
    return out


SHORT_UNIT = "unit: 'tổ chức' alone after a count of Party organizations named in full in the sentence"
SHORT_UNIT_EVENT = "event: the event verb between the full count and the short one, if any"
# count_cues.short_units: the short noun, what follows it, the full nouns it stands for.
_SHORT = _T["short_units"]
_SHORT_OF = frozenset(_SHORT["of_units"])
_SHORT_UNIT_RE = re.compile(
    rf"(?<![\w.,/%-])(?:(?P<q>{alternation(_QUALIFIERS)})\s+)?(?P<n>{INTEGER})\s+(?:{alternation(_SHORT['words'])})"
    rf"(?=\s+(?:{alternation(_SHORT['before'])})(?!\w)|\s*[;.)]|\s*$"
    rf"|\s*,(?!\s*(?:{alternation(_SHORT['not_after_comma'])})(?!\w)))")


def _short_unit_items(mt: str, sent, found: list[_Found], taken: set[int]) -> list[_Found]:
    """"12 tổ chức cơ sở đảng hoàn thành xuất sắc nhiệm vụ, 41 tổ chức hoàn thành tốt nhiệm vụ":
    the short noun stands for the nearest earlier count of the full one in the sentence."""
    out: list[_Found] = []
    for m in _SHORT_UNIT_RE.finditer(mt, sent.start, sent.end):
        full = next((f for f in reversed(found) if f.end <= m.start() and f.unit.unit in _SHORT_OF), None)
        if full is not None and m.start("n") not in taken and not _YEAR.fullmatch(m.group("n")):
            out.append(_short_count(mt, m, full))
    return out


def _short_count(mt: str, m: re.Match, full: _Found) -> _Found:
    """The count of a short noun, with the unit of the full count and the event of a verb between them."""
    verb = _nearest_cue(mt, full.end, m.start())
    cue = verb.cue if verb and verb.cue.kind == "event" else None
    event = cue.event if cue and _event_allowed(cue.event, cue, full.unit.category) else None
    qualifier = _qualifier_of(m)
    short = _Found(m.start(), m.end(), m.start("n"), parse_int(m.group("n")), qualifier.value,
                   full.unit, full.unit_text, event, None, event is not None)
    short.rules.update(value=SHORT_UNIT, unit=SHORT_UNIT, event=SHORT_UNIT_EVENT, subject=NAMED_TOTAL_SUBJECT,
                       qualifier=qualifier.rule)
    return short


# "Trong đó: đảng viên kết nạp ở cấp xã 1.813, chiếm 62%": a clause that names the noun and its
# verb first, the number last (a row of a report written out).
_LABEL_FIRST_RE = re.compile(
    rf"\s*(?P<u>{alternation(_UNITS)})\s+(?:(?:{alternation(_T['passive_markers'])})\s+)?"
    rf"(?P<e>{alternation(_FREE_EVENT_VERBS)})"
    rf"(?:\s+[^\s\d,;:.()%/]+){{0,6}}?\s+(?P<n>{INTEGER})(?=\s*(?:[,;.)]|$))")
LABEL_FIRST = "noun and verb first, number last ('đảng viên kết nạp ở cấp xã 1.813')"
LABEL_FIRST_EVENT = "event: the verb after the noun that opens the clause ('đảng viên kết nạp … 1.813')"


def _label_first(mt: str, sent, pieces: list[int], taken: set[int]) -> list[_Found]:
    """Counts whose clause opens with the noun and its event verb and ends with the number."""
    out: list[_Found] = []
    for p in pieces:
        m = _LABEL_FIRST_RE.match(mt, p, sent.end)
        if not m or m.start("n") in taken or _YEAR.fullmatch(m.group("n")) \
                or _BLOCKER_END.search(mt, p, m.start("n")):
            continue
        unit, cue = _unit(m.group("u")), _event_cue(m.group("e"))
        if unit.requires_event or not _event_allowed(cue.event, cue, unit.category):
            continue
        f = _Found(m.start("u"), m.end("n"), m.start("n"), parse_int(m.group("n")), "exact", unit,
                   unit.unit, cue.event, None, True)
        f.rules.update(value=LABEL_FIRST, qualifier=EXACT, unit=LABEL_FIRST, event=LABEL_FIRST_EVENT,
                       subject=NAMED_TOTAL_SUBJECT)
        out.append(f)
    return out


# "có 3.450 đảng viên, trong đó đảng viên nữ 1.105, đảng viên là người dân tộc thiểu số 620": after a
# breakdown opener, items that name the noun and its trait (lower-case words, no digits, no cue) first
# and the number last, each up to a comma, semicolon, bracket or the sentence end.
_OPENER_THEN_ITEM = re.compile(rf"(?<!\w)(?:{alternation(_T['breakdown_openers'])})\s*[:,]?(?=\s)")
_NOUN_FIRST_LIST_ITEM = re.compile(
    rf"\s*(?P<u>{alternation(_UNITS)})(?P<trait>(?:\s+[^\s\d,;:.()%/]+){{0,8}}?)\s+"
    rf"(?:(?P<q>{alternation(_QUALIFIERS)})\s+)?(?P<n>{INTEGER})(?![\w%]|[.,/-]\d|\s*%)"
    rf"(?=\s*(?:[,;.()]|$)|\s+(?:{alternation(_T['list_joiners'])})\s)")
# The rest of a lead's clause after its total, up to the comma: words and years ("… năm 2024 ở huyện X,").
_COMMA_AFTER = re.compile(r"(?:[^\d,;:.()%]|(?<!\d)(?:19|20)\d\d(?!\d)){0,80}?,")
_TRAIT_CUES = {key_form(w) for w in _T["noun_first_items"]["trait_cues"]}
_NUMBERED_UNIT_END = re.compile(rf"(?<!\w)(?:{alternation(_T['noun_first_items']['not_before_number'])})\s+$")
NOUN_FIRST_ITEM = "item of a breakdown after 'trong đó', noun first, number last ('trong đó đảng viên nữ 1.105')"
NOUN_FIRST_EVENT = "event: the total's, kept by the items of its breakdown written noun first"
NOUN_FIRST_OTHER_EVENT = "no event: the total's event is not said of the items written noun first"
NOUN_FIRST_SUBJECT = "subject: the total's, kept by the items of its breakdown written noun first"


def _noun_first_items(mt: str, text: str, sent, found: list[_Found], taken: set[int],
                      earlier: list[_Found]) -> list[_Found]:
    """The items written noun first after a breakdown opener or a lead's total, of a total of their category;
    an opener that starts the sentence ("… có 342 đảng viên. Trong đó, đảng viên nữ 141") may break down
    a total of the sentence before, in the same paragraph."""
    out: list[_Found] = []
    before = [f for f in earlier if "\n" not in mt[f.end:sent.start]] + found
    for pos, totals_end in _item_list_starts(mt, sent, found):
        totals = found if mt[sent.start:totals_end].strip() else before
        m = _NOUN_FIRST_LIST_ITEM.match(mt, pos, sent.end)
        while m and _is_noun_first_item(mt, text, m, taken):
            total = _total_before(mt, totals, totals_end, _unit(m.group("u")))
            if total is None or parse_int(m.group("n")) > total.value:
                break
            out.append(_noun_first_item(m, total))
            gap = _LIST_GAP.match(mt, m.end(), sent.end)
            m = _NOUN_FIRST_LIST_ITEM.match(mt, gap.end(), sent.end) if gap else None
    return out


def _item_list_starts(mt: str, sent, found: list[_Found]) -> list[tuple[int, int]]:
    """Where a list of items written noun first may start, each with where its total must end before:
    after a breakdown opener ("trong đó đảng viên nữ 1.105"), after the comma closing a total
    that a lead opens ("Trong tổng số 58 đảng viên được kết nạp, đảng viên nữ 25"), and in a
    bracket right after a total ("kết nạp 268 đảng viên (đảng viên nữ 131, …)")."""
    starts = [(m.end(), m.start()) for m in _OPENER_THEN_ITEM.finditer(mt, sent.start, sent.end)]
    for f in found:
        comma = _COMMA_AFTER.match(mt, f.end, sent.end)
        bracket = _BRACKET_OPEN.match(mt, f.end, sent.end)
        if comma and _TOTAL_OPENER.search(mt, max(sent.start, f.num_start - 20), f.num_start):
            starts.append((comma.end(), f.end))
        elif bracket:
            starts.append((bracket.end(), f.end))
    return starts


def _is_noun_first_item(mt: str, text: str, m: re.Match, taken: set[int]) -> bool:
    """Not a named body ('Đảng bộ xã Ea Tu 120', 'chi bộ Công an xã 12': its size; members may
    have a named trait, 'đảng viên là người dân tộc Thái 19'), a numbered place ('chi bộ thôn 3'),
    a year, a number read already, nor a noun whose words carry a verb or a change ('tăng')."""
    unit, words = _unit(m.group("u")), text[m.start("u"):m.start("n")]
    named = text[m.start("u")].isupper() or unit.category == "organization" and words != words.lower()
    return m.start("n") not in taken and not named and not _YEAR.fullmatch(m.group("n")) \
        and not _BLOCKER_END.search(mt, m.start("u"), m.start("n")) \
        and not _NUMBERED_UNIT_END.search(mt, m.start("u"), m.start("n")) \
        and all(key_form(c.group()) in _TRAIT_CUES for c in _CUE_RE.finditer(mt, m.end("u"), m.start("n"))) \
        and not unit.requires_event


def _total_before(mt: str, found: list[_Found], pos: int, unit: _Unit) -> Optional[_Found]:
    """The nearest count before pos of the unit's category that is not a change."""
    return next((f for f in sorted(found, key=lambda f: -f.num_start) if f.end <= pos
                 and f.unit.category == unit.category and not _is_change(mt, 0, f.num_start)), None)


def _noun_first_item(m: re.Match, total: _Found) -> _Found:
    unit = _unit(m.group("u"))
    kinds = _EVENT_KINDS.get(total.event)
    kept = kinds is None or unit.category in kinds
    q = _qualifier_of(m)
    f = _Found(m.start("u"), m.end(), m.start("n"), parse_int(m.group("n")), q.value, unit, unit.unit,
               total.event if kept else None, total.subject, total.governed)
    f.rules.update(value=NOUN_FIRST_ITEM, qualifier=q.rule, unit=NOUN_FIRST_ITEM, subject=NOUN_FIRST_SUBJECT,
                   event=NOUN_FIRST_EVENT if kept else NOUN_FIRST_OTHER_EVENT)
    return f


_BRACKET_OPEN = re.compile(r"\s*\(")
_NOUN_FIRST_ITEM = re.compile(rf"\s*(?P<u>{alternation(_UNITS)})\s+(?P<n>{INTEGER})\s*(?P<sep>[;,)])")
BRACKETED = "item of a breakdown in brackets, noun first ('(đảng bộ cơ sở 205; chi bộ cơ sở 454)')"
BRACKETED_EVENT = "event: the total's, kept by its items in brackets"
BRACKETED_OTHER_EVENT = "no event: the total's event is not said of the items in brackets"
BRACKETED_SUBJECT = "subject: the total's, kept by its items in brackets"


def _bracket_items(mt: str, sent_end: int, total: _Found) -> list[re.Match]:
    """The items of a bracket right after the total, all of them, or none."""
    opening = _BRACKET_OPEN.match(mt, total.end, sent_end)
    items, pos = [], opening.end() if opening else None
    while pos is not None:
        m = _NOUN_FIRST_ITEM.match(mt, pos, sent_end)
        if not m:
            return []
        items.append(m)
        pos = None if m.group("sep") == ")" else m.end()
    return items


def _bracketed_items(mt: str, sent, found: list[_Found], taken: set[int]) -> list[_Found]:
    """A breakdown in brackets, noun first, right after its total: "có 659 tổ chức cơ sở đảng
    (đảng bộ cơ sở 205; chi bộ cơ sở 454)". Read only when every item is one and they add
    up to no more than the total, of its category; each keeps the total's event."""
    out: list[_Found] = []
    for total in found:
        items = _bracket_items(mt, sent.end, total)
        units = [_unit(m.group("u")) for m in items]
        values = [parse_int(m.group("n")) for m in items]
        if not items or any(u.category != total.unit.category or u.requires_event for u in units) \
                or sum(values) > total.value or any(m.start("n") in taken for m in items):
            continue
        kinds = _EVENT_KINDS.get(total.event)
        kept = kinds is None or total.unit.category in kinds
        for m, u, v in zip(items, units, values):
            f = _Found(m.start("u"), m.end("n"), m.start("n"), v, "exact", u, u.unit,
                       total.event if kept else None, total.subject, total.governed)
            f.rules.update(value=BRACKETED, qualifier=EXACT, unit=BRACKETED, subject=BRACKETED_SUBJECT,
                           event=BRACKETED_EVENT if kept else BRACKETED_OTHER_EVENT)
            out.append(f)
    return out


SHARED_PASSIVE = ("event: one passive after a pair joined by 'và' (or a comma, organizations then members) says "
                  "both ('03 tổ chức đảng và 15 đảng viên bị kỷ luật', '2 tổ chức đảng, 15 đảng viên bị kỷ luật')")


def _share_passives(mt: str, found: list[_Found]) -> None:
    """One passive after a pair joined by "và" says the event of both:
    "có 03 tổ chức đảng và 15 đảng viên bị kỷ luật"."""
    for i in range(len(found) - 2, -1, -1):
        f, nxt = found[i], found[i + 1]
        cue = nxt.passive
        if cue and f.event is None and not f.governed and _pair_gap(mt, f, nxt) \
                and _event_allowed(nxt.event, cue, f.unit.category):
            f.set(SHARED_PASSIVE, event=nxt.event)
            f.governed, f.passive = True, cue


def _pair_gap(mt: str, f: _Found, nxt: _Found) -> bool:
    """Whether f and nxt are one pair the passive after nxt is said of: joined by "và", or by a comma
    when they count organizations then members ("có 2 tổ chức đảng, 15 đảng viên bị kỷ luật")."""
    if _AND_GAP.fullmatch(mt, f.end, nxt.start):
        return True
    return f.unit.category == "organization" and nxt.unit.category == "member" \
        and _COMMA_GAP.fullmatch(mt, f.end, nxt.start) is not None


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
    count: Optional[_Found] = None  # the count whose kind is decided


KIND = Rules("counts.kind")


@KIND.rule("kind: a size in a rule or description ('chi bộ có trên 30 đảng viên'): other")
def _kind_threshold(k: _KindContext) -> Optional[str]:
    # A generic, lower-case organization noun, then a bound.
    f = k.count
    if f.qualifier == "exact":
        return None
    m = _THRESHOLD_END.search(k.mt, max(k.sent.start, f.num_start - 40), f.num_start)
    return "other" if m and k.text[m.start("noun")].islower() else None


@KIND.rule("kind: 'đã' right before the verb of the number, a result reported even under a target phrase "
           "('chỉ tiêu kết nạp 120 đảng viên; đến tháng 6, đã kết nạp 58 đảng viên')")
def _kind_done(k: _KindContext) -> Optional[str]:
    return "achieved" if _verb_end_after(_DONE_VERB_END, k) else None


@KIND.rule("kind: a plan word right before the verb of the number, not done yet: target "
           "('kế hoạch thành lập 3 tổ chức đảng', 'đang xem xét kỷ luật 2 đảng viên')")
def _kind_plan_verb(k: _KindContext) -> Optional[str]:
    return "target" if _verb_end_after(_PLAN_VERB_END, k) else None


@KIND.rule("kind: a proposal (to a body) before the verb of the number, not decided yet: target "
           "('đề nghị kỷ luật 3 đảng viên', 'đề nghị Ban Thường vụ xem xét, thi hành kỷ luật 5 đảng viên')")
def _kind_proposal_verb(k: _KindContext) -> Optional[str]:
    lo = max(k.sent.start, k.count.num_start - 120)
    m = _PROPOSAL_VERB_END.search(k.mt, lo, k.count.num_start)
    return "target" if m and not _PROPOSAL_AS_NOUN_END.search(k.mt, max(k.sent.start, m.start() - 20), m.start()) else None


@KIND.rule("kind: an item of a list after a target, its noun left out or written first, is a target "
           "('đề nghị kỷ luật 9 đảng viên (khiển trách 6, cảnh cáo 3)')")
def _kind_item_of_target(k: _KindContext) -> Optional[str]:
    prev, f = k.previous, k.count
    if prev is None or prev.kind != "target" or f.rules.get("value") not in _ITEM_READINGS \
            or prev.end > f.start or _CLAUSE_END.search(k.mt, prev.end, f.start):
        return None
    return "target"


@KIND.rule("kind: by how much a result passed its quota ('vượt chỉ tiêu huyện giao 2 đảng viên'): other")
def _kind_surplus(k: _KindContext) -> Optional[str]:
    return "other" if _SURPLUS_END.search(k.mt, max(k.sent.start, k.count.num_start - 60), k.count.num_start) else None


@KIND.rule("kind: target verb before the number in its clause ('phấn đấu', 'dự kiến', 'sẽ')")
def _kind_target_cue(k: _KindContext) -> Optional[str]:
    clause_start = max(k.mt.rfind(";", k.sent.start, k.count.num_start) + 1, k.sent.start)
    return "target" if _TARGET_CUE.search(k.mt, clause_start, k.count.num_start) else None


@KIND.rule("kind: under a target phrase as the percentages read it ('chỉ tiêu', a future year)")
def _kind_target_scope(k: _KindContext) -> Optional[str]:
    if k.scope is None:
        k.scope = target_scope(k.doc, k.sent.start, k.sent.end, k.year)
    return "target" if k.scope.covers(k.count.num_start) else None


@KIND.rule("kind: a change word before the number ('tăng 11 cơ sở đảng', 'giảm 106'): other")
def _kind_change(k: _KindContext) -> Optional[str]:
    return "other" if _is_change(k.mt, k.sent.start, k.count.num_start) else None


@KIND.rule("kind: the next item of a list of changes ('tăng 3 tổ chức đảng và 68 đảng viên'): other")
def _kind_change_list(k: _KindContext) -> Optional[str]:
    prev, f = k.previous, k.count
    if prev is not None and prev.kind == "other" and prev.end <= f.start \
            and _LIST_JOIN.fullmatch(k.mt, prev.end, f.start) and not _opens_with_total(k.mt, f.start):
        return "other"
    return None


def _opens_with_total(mt: str, start: int) -> bool:
    """Whether a total word opens the count ("giảm 12 đảng viên, còn 3.456 đảng viên"): the level
    reached, not a further change."""
    cm = _CUE_RE.match(mt, start)
    return bool(cm) and _cue(cm.group()).kind == "total"


@KIND.rule("kind: achieved (no quota, threshold, target or change)")
def _kind_achieved(k: _KindContext) -> str:
    return "achieved"


def _verb_end_after(pattern: re.Pattern, k: _KindContext) -> bool:
    """Whether pattern (a word, then the verb of the count) ends right before the count's number."""
    return pattern.search(k.mt, max(k.sent.start, k.count.num_start - 120), k.count.num_start) is not None


def _set_kinds(doc: Doc, mt: str, text: str, sent, found: list[_Found], year) -> None:
    k = _KindContext(doc, mt, text, sent, year=year)
    for f in sorted(found, key=lambda f: f.num_start):
        if f.kind is None:  # the plan of a quota has its kind from its reading (_with_pair)
            k.count = f
            decided = KIND.first(k)
            f.set(decided.rule, kind=decided.value)
        k.previous = f


# --- part_of: the total a breakdown item belongs to ---------------------------

PART_OF_BREAKDOWN = "part_of: 'trong đó' breaks down the previous total"
PART_OF_OPENED = "part_of: 'Trong tổng số …' opens the list at the total"
PART_OF_BRACKET = ("part_of: the first item of a breakdown in brackets right after the total "
                   "('87 tổ chức cơ sở đảng (43 đảng bộ cơ sở, 44 chi bộ cơ sở)')")
PART_OF_OVERLAPPING = ("part_of: the next member item of a breakdown by overlapping traits, no larger than the "
                       "total ('1.206 đảng viên, trong đó có 512 đảng viên nữ, 1.010 đảng viên là người dân tộc thiểu số')")
PART_OF_BRACKET_VERBS = ("part_of: the first item of a breakdown in brackets right after the total, "
                         "under its verb ('kỷ luật 135 đảng viên (khiển trách 78, …)')")
PART_OF_FORM_LIST = ("part_of: the first item of a breakdown right after the total, no breakdown word, under a verb "
                     "that says a part of its event, of the same noun or the noun left out "
                     "('kỷ luật 6 đảng viên, khiển trách 4, cảnh cáo 2')")
PART_OF_VERB_LIST = ("part_of: the next item of a breakdown listed each under its verb "
                     "('kỷ luật 312 đảng viên, trong đó khiển trách 180, cảnh cáo 97')")
NOT_PART = "part_of: none, not an item of a breakdown"
NOT_PART_KIND = ("part_of: none, a change or a threshold is no item of a breakdown, "
                 "nor a target of any total but a target ('kế hoạch kết nạp 40 đảng viên, trong đó đảng viên nữ 15')")


@dataclass
class _OpenTotal:
    """The total whose items a breakdown is listing, what is left of it, and the rule that opened it."""
    index: int
    remaining: int
    rule: str


def _link_parts(mt: str, counts: list[_Found]) -> None:
    """"có 73 TCCSĐ, trong đó có 42 đảng bộ và 31 chi bộ cơ sở": after a breakdown
    word the items of the list, of the total's category and adding up to no more
    than it, point at the nearest earlier total; "Trong tổng số 634 ..., có 419 ..."
    opens the list at the total. A new line, a sentence end or an event verb ends it."""
    total: Optional[_OpenTotal] = None
    for j, f in enumerate(counts):
        gap_start = min(counts[j - 1].end, f.num_start) if j else f.num_start
        gap = mt[gap_start:f.num_start]
        if "\n" in gap:
            total = None
        if f.kind == "other":
            f.set(NOT_PART_KIND, part_of=None)
            continue
        total = _total_open_at(mt, counts, j, gap_start, total)
        f.set(NOT_PART_KIND if f.kind == "target" else NOT_PART, part_of=None)
        if total is not None and not _kinds_agree(counts[total.index], f):
            pass  # a target is no part of a total reported, nor a result of a target
        elif total is not None and counts[total.index].unit.category == f.unit.category \
                and 0 < f.value <= total.remaining:
            f.set(total.rule, part_of=total.index)
            total.remaining -= f.value
        elif total is not None and _overlapping_member_item(mt, counts, j, total):
            f.set(PART_OF_OVERLAPPING, part_of=total.index)
            total.remaining = 0
        if _TOTAL_OPENER.search(mt, max(0, f.num_start - 20), f.num_start):
            total = _OpenTotal(j, f.value, PART_OF_OPENED)  # "Trong tổng số 634 đảng bộ, chi bộ cơ sở ..., có 419 đảng bộ"


def _kinds_agree(total: _Found, f: _Found) -> bool:
    """Whether f may be a part of total by their kinds: a change or a threshold is no total; the items
    of a target are targets ("đề nghị kỷ luật 4 đảng viên, khiển trách 3": both aimed for, not done)
    and a target is no part of a total reported."""
    return total.kind != "other" and (total.kind == "target") == (f.kind == "target")


def _bracket_end(mt: str, pos: int) -> int:
    """Where the bracket open at pos closes (the end of the line when it does not)."""
    ends = [i for i in (mt.find(")", pos), mt.find("\n", pos)) if i >= 0]
    return min(ends) if ends else len(mt)


def _overlapping_member_item(mt: str, counts: list[_Found], j: int, total: _OpenTotal) -> bool:
    """Members are broken down by traits that overlap (women, ethnic minorities, youth union
    members), so an item of members after one of the same total, in the same clause list, may exceed what the items
    before left of it, never the total. Organizations are not: after "21 đảng bộ cơ sở và 31 chi
    bộ cơ sở" of 52, "145 chi bộ trực thuộc" is no part of the 52. Items written noun first are
    one list even across semicolons ("trong đó: đảng viên nữ 590; đảng viên là người dân tộc thiểu số 875")."""
    f, prev, whole = counts[j], counts[j - 1], counts[total.index]
    one_list = ";" not in mt[prev.end:f.start] or f.rules.get("value") == prev.rules.get("value") == NOUN_FIRST_ITEM
    return f.unit.category == whole.unit.category == "member" and 0 < f.value <= whole.value \
        and prev.part_of == total.index and one_list


def _total_open_at(mt: str, counts: list[_Found], j: int, gap_start: int,
                   total: Optional[_OpenTotal]) -> Optional[_OpenTotal]:
    """The total open at count j: a breakdown word right before it opens the nearest earlier
    total; another category, a sentence end or an event verb closes the one open."""
    f, gap = counts[j], mt[gap_start:counts[j].num_start]
    if j and "\n" not in gap and _BREAKDOWN.search(gap):
        nearest = _nearest_total(mt, counts, j)
        return _OpenTotal(nearest, counts[nearest].value, PART_OF_BREAKDOWN) if nearest is not None else None
    if j and "\n" not in gap and _kinds_agree(counts[j - 1], f) \
            and _listed_under_verb(mt, counts[j - 1], f, gap_start, _BRACKET_VERB_ITEM_GAP):
        return _OpenTotal(j - 1, counts[j - 1].value, PART_OF_BRACKET_VERBS)
    if j and "\n" not in gap and _first_form_item(mt, counts[j - 1], f, gap_start):
        return _OpenTotal(j - 1, counts[j - 1].value, PART_OF_FORM_LIST)
    if j and "\n" not in gap and _kinds_agree(counts[j - 1], f) \
            and counts[j - 1].unit.category == f.unit.category \
            and _BRACKET_OPENING.fullmatch(mt, counts[j - 1].end, f.start) and not _has_event_cue(mt, f.start, f.num_start) \
            and not _OTHER_TIME.search(mt, f.start, _bracket_end(mt, f.start)):
        return _OpenTotal(j - 1, counts[j - 1].value, PART_OF_BRACKET)
    if total is not None and (_listed_under_verb(mt, counts[total.index], f, gap_start, _VERB_ITEM_GAP)
                              or f.subject and _listed_under_verb(mt, counts[total.index], f, gap_start,
                                                                  _BODY_VERB_ITEM_GAP)):
        return _OpenTotal(total.index, total.remaining, PART_OF_VERB_LIST)
    if total is not None and (counts[total.index].unit.category != f.unit.category or "." in gap.rstrip(". ")
                              or _has_event_cue(mt, gap_start, f.num_start)):
        return None
    return total


def _first_form_item(mt: str, total: _Found, f: _Found, gap_start: int) -> bool:
    """Whether f opens a list of the forms of total's event right after it ("kỷ luật 6 đảng viên,
    khiển trách 4", "có 27 đảng viên bị xử lý kỷ luật, khiển trách 17 đảng viên"): its verb says a
    part of the event (a form of discipline is discipline), of the same noun; the total is written
    in full and is no item itself ("…, cách chức 12, khai trừ 165" goes on a list)."""
    return _kinds_agree(total, f) and total.part_of is None and total.rules.get("value") not in _ITEM_READINGS \
        and f.unit is total.unit and f.event in _BREAKDOWN_EVENTS.get(total.event, ()) \
        and _FORM_FIRST_ITEM_GAP.fullmatch(mt, gap_start, f.num_start) is not None


def _listed_under_verb(mt: str, total: _Found, f: _Found, gap_start: int, gap: re.Pattern) -> bool:
    """Whether f is an item of a breakdown of total that names each item's verb, the gap before
    it of the form given: the verb says the total's event or a part of it ("kỷ luật …, trong đó
    khiển trách 180, cảnh cáo 97")."""
    return f.event is not None and f.unit.category == total.unit.category \
        and (f.event == total.event or f.event in _BREAKDOWN_EVENTS.get(total.event, ())
             or total.event is None and _same_breakdown_list(mt, f, gap_start)) \
        and gap.fullmatch(mt, gap_start, f.num_start) is not None


def _same_breakdown_list(mt: str, f: _Found, gap_start: int) -> bool:
    """Under a total with no event ('xử lý 7 đảng viên, trong đó cảnh cáo 2, khiển trách 5'), the
    event of f and of the item ending at gap_start are of one list of breakdown_events."""
    before = _cue_before_number(mt, gap_start)
    return before is not None and any({before, f.event} <= parts | {total_event}
                                      for total_event, parts in _BREAKDOWN_EVENTS.items())


def _cue_before_number(mt: str, end: int) -> Optional[str]:
    """The event of the verb right before the number that ends at end ('cảnh cáo 2')."""
    m = _VERB_BEFORE_NUMBER_END.search(mt, max(0, end - 60), end)
    return _event_cue(m.group("e")).event if m else None


def _nearest_total(mt: str, counts: list[_Found], j: int) -> Optional[int]:
    """The total a breakdown word before count j breaks down; a count inside brackets closed
    before it ("(chiếm 53% so với tổng số 2.892 đảng viên), trong đó") is a comparison, not it."""
    f = counts[j]
    for i in range(j - 1, -1, -1):
        t = counts[i]
        between = mt[t.end:f.num_start]
        if "\n" in between:
            return None
        if between.count(")") > between.count("("):
            continue
        if t.unit.category == f.unit.category and _kinds_agree(t, f) \
                and t.part_of is None and t.value > f.value:
            return i
    return None


# The readings of a count that is an item of the list before it: its noun left out or written first.
_ITEM_READINGS = frozenset({ELIDED_VALUE, NOUN_FIRST_ITEM, BRACKETED})
_CLAUSE_END = re.compile(r"[;.\n]")


def _has_event_cue(mt: str, lo: int, hi: int) -> bool:
    return any(_cue(m.group()).kind == "event" for m in _CUE_RE.finditer(mt, lo, hi))


# --- the record -------------------------------------------------------------------

CATEGORY = "category: the noun's category in count_units"
UNIT_KEY = "unit_key: the noun's key in count_unit_keys ('đảng viên mới' → 'đảng viên')"
UNIT_ITS_OWN_KEY = "unit_key: the unit itself (no key in count_unit_keys)"


def _record(doc: Doc, f: _Found) -> Count:
    keyed = f.unit_text in _UNIT_KEYS
    fact = Count(**fact_fields(doc, f.start, f.end), value=f.value, qualifier=f.qualifier,
                 unit=f.unit_text, category=f.unit.category, event=f.event, subject=f.subject,
                 kind=f.kind, part_of=f.part_of, unit_key=_UNIT_KEYS[f.unit_text] if keyed else f.unit_text)
    rules = {**f.rules, "category": CATEGORY, "unit_key": UNIT_KEY if keyed else UNIT_ITS_OWN_KEY}
    record_trace(doc, "counts", fact.start, fact.end, {a: rules.get(a, NO_RULE) for a in _TRACED})
    return fact


def _counts_of_sentence(doc: Doc, mt: str, text: str, sent, earlier: list[_Found]) -> list[_Found]:
    """Number + noun pairs first, then the readings that need them: elided nouns, named
    totals, bracketed breakdowns, noun-first clauses (earlier: the counts of the sentence before)."""
    pieces = _pieces(mt, sent.start, sent.end)
    found: list[_Found] = []
    for unit_m in _UNIT_RE.finditer(mt, sent.start, sent.end):
        if found and unit_m.start() < found[-1].end:
            continue  # the second noun of a compound unit ("chi bộ, đảng bộ")
        found.extend(_read_count(text, mt, sent, pieces, unit_m, found))
    _share_passives(mt, found)
    if not _has_digit(mt, sent):
        return found  # every reading below reads a number in digits (INTEGER)
    taken = {f.num_start for f in found}
    found.extend(_elided(mt, sent, found, taken))
    taken.update(f.num_start for f in found)
    found.extend(_named_totals(mt, sent, taken))
    taken.update(f.num_start for f in found)
    found.extend(_bracketed_items(mt, sent, found, taken))
    taken.update(f.num_start for f in found)
    found.extend(_label_first(mt, sent, pieces, taken))
    taken.update(f.num_start for f in found)
    found.extend(_noun_first_items(mt, text, sent, found, taken, earlier))
    taken.update(f.num_start for f in found)
    found.extend(_short_unit_items(mt, sent, sorted(found, key=lambda f: f.num_start), taken))
    return found


def extract(doc: Doc) -> Iterator[Count]:
    # The sentence index holds doc.text; spaCy would rebuild it on every access.
    mt, text = doc._.match_text, doc._.sentences.text
    found_all: list[_Found] = []
    found: list[_Found] = []
    year = _NOT_READ
    for sent in doc._.sentences.spans:
        found = _counts_of_sentence(doc, mt, text, sent, found)
        if found:
            if year is _NOT_READ:
                year = reference_year(doc)
            _set_kinds(doc, mt, text, sent, found, year)
        found_all.extend(found)
    found_all.sort(key=lambda f: f.num_start)
    _link_parts(mt, found_all)
    for f in found_all:
        yield _record(doc, f)
