"""Percentages: value, comparator, kind (target / achieved / other), subject, criterion.

Party and State reports state shares in a few fixed shapes:

* a result: ``toàn Đảng bộ có 56,87% TCCSĐ đạt trong sạch vững mạnh``,
  ``số TCCSĐ hoàn thành tốt nhiệm vụ đạt 95%``;
* a target: ``mục tiêu phấn đấu hằng năm có 50% TCCSĐ ... và trên 60% ...``;
* a change or comparison: ``tăng 18% so với giai đoạn 2011 - 2015``.

The number is found with a regex on the match text (digits with a decimal
comma, ``50 %``, ``năm mươi phần trăm``, ranges ``từ 3% đến 5%``). The words
just before it are then read backwards: the nearest comparator word
(``trên``, ``từ ... trở lên``, ``tối đa`` ...) and the nearest verb, which
says whether the number is a level (``đạt``, ``chiếm``, ``có``: achieved) or
a change (``tăng``, ``giảm``: other). Whether it is a *target* is decided at
sentence scope, because a target phrase governs the whole list that follows
it: ``phấn đấu``/``mục tiêu``/``chỉ tiêu``/``đề ra`` (or a future year)
open a target scope that runs to the end of the sentence unless a result
phrase (``đều đạt``, ``kết quả``, ``vượt chỉ tiêu``, ``chỉ tiêu 90%, đạt 92%``,
an earlier year than the target year) closes it; a target noun names the
number it introduces (``chỉ tiêu Nghị quyết (85%)``). The subject
(``tổ chức cơ sở đảng``) and the criterion (``đạt trong sạch vững mạnh``)
come from tables, after the number or before its verb; items of one list
share them. All cue words are data: pipeline/data/percent_cues.json.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Iterator, Optional

from spacy.tokens import Doc

from ..lexicon import Lexicon, alternation, phrase_key
from ..normalize import TONE_FOLD, fold_tones
from ..records import Percentage
from ..tables import load_table
from .common import doc_text, fact_fields
from ..numbers import NUMBER_WORDS, parse_decimal, words_to_int

_T = load_table("percent_cues")

def _pattern(phrases) -> str:
    """Alternation of table phrases over the match text; a comma inside a
    phrase is optional ("trong sạch, vững mạnh" = "trong sạch vững mạnh")."""
    return alternation(phrases, comma_optional=True)


def _lexicon(name: str, entries) -> Lexicon:
    return Lexicon(f"percent_cues.{name}", entries, comma_optional=True)


def _ending(alternation: str) -> re.Pattern:
    """A phrase that ends where the search's endpos is (whitespace allowed).
    re.search returns the leftmost start, so the longest phrase wins."""
    return re.compile(rf"(?<!\w)(?P<p>{alternation})\s*$")


# --- the number -------------------------------------------------------------
_NUM = r"\d+(?:[.,]\d+)?"
_SIGN = r"(?:[ \u00a0]?(?:điểm\s+)?%(?!\d)|\s*(?:điểm\s+)?phần\s+trăm(?!\w))"
_DIGIT_PERCENT = re.compile(rf"(?<![\w.,])(?P<num>{_NUM}){_SIGN}")
_WORD_PERCENT = re.compile(rf"(?P<words>{NUMBER_WORDS})\s+phần\s+trăm(?!\w)")
# "từ 3 đến 5%", "3 - 5%", "từ 3% đến 5%": the low end before a connector.
_RANGE_LOW = re.compile(
    rf"(?<![\w.,])(?P<num>{_NUM})(?P<sign>{_SIGN})?\s*(?P<conn>{_pattern(_T['range_connectors'])})\s*$")
_RANGE_FROM = _ending(_pattern(_T["range_from"]))

# --- words before the number, read backwards -------------------------------
_ROLE_OF: dict[str, str] = {}  # a later list wins a phrase written in two
for _cmp, _words in _T["comparators_before"].items():
    _ROLE_OF.update({phrase_key(w, True): _cmp for w in _words})
_ROLE_OF.update({phrase_key(w, True): "from" for w in _T["range_from"]})
_ROLE_OF.update({phrase_key(w, True): "filler" for w in _T["fillers_before"]})
_ROLE_OF.update({phrase_key(w, True): "level" for w in _T["level_verbs"]})
_ROLE_OF.update({phrase_key(w, True): "change" for w in _T["change_verbs"]})
_ROLE = _lexicon("roles_before", _ROLE_OF)
_BEFORE = _ending(_ROLE.pattern)
_VERB_ROLES = ("level", "change")
_COMPARATORS = ("gt", "ge", "lt", "le")

_AFTER_COMPARATOR = _lexicon("comparators_after", {w: c for c, ws in _T["comparators_after"].items() for w in ws})
_AFTER = re.compile(rf"\s*(?P<p>{_pattern(_AFTER_COMPARATOR)})(?!\w)")
_COMPARISON_AFTER = re.compile(rf"\s*(?P<p>{_pattern(_T['comparison_after'])})(?!\w)")
_EXCEED = _lexicon("exceed_words", _T["exceed_words"])
_COMPARED_WITH = _pattern(_T["compared_with"])
_PLURAL = _pattern(_T["plural_determiners"])
_COMPARED_BEFORE = re.compile(rf"(?<!\w)(?:{_COMPARED_WITH})(?!\w)")
_PLAN_AFTER = re.compile(rf"\s*(?:{_pattern(_T['plan_after'])})(?!\w)")
_PLAN_COMPARED_BEFORE = re.compile(
    rf"(?<!\w)(?:{_COMPARED_WITH})\s+"
    rf"(?:{_pattern(p for p in _T['plan_after'] if not p.startswith(tuple(_T['compared_with'])))})(?!\w)")
# "tăng từ 48,2% lên 73,2%": the earlier of two levels
_LEVEL_PAIR_AFTER = re.compile(rf"\s*(?:{_pattern(_T['level_pair_after'])})\s+(?:{_NUM})")
# "41 đảng bộ xã có hơn 30% ...": the share that says which units are meant
_THRESHOLD_UNITS = re.compile(
    rf"(?<![\w.,])(?:\d+(?:[.,]\d+)*|{_PLURAL})\s+(?:{_pattern(_T['threshold_units'])})"
    rf"(?:\s+[^\s,;:.()%]+){{0,4}}\s*$")
_BASE_AFTER = re.compile(rf"\s*(?:{_pattern(_T['base_after'])})(?!\w)")
# The compared-with phrase runs to the end of its clause (a few words at most).
# It stops before a word that starts the next predicate ("... và vượt 3%").
_CLAUSE_REST = re.compile(
    rf"(?:\s+(?!(?:{_pattern(_T['clause_rest_stops'])})(?!\w))[^\s,;:.()\[\]\"“”%]+){{1,8}}")

# --- target scope ----------------------------------------------------------
_SCOPE = re.compile(rf"(?<!\w)(?:{_pattern(_T['target_scope'])})(?!\w)")
_LOCAL = re.compile(rf"(?<!\w)(?:{_pattern(_T['target_local'])})(?!\w)")
# A target noun governed by a result verb ("vượt chỉ tiêu", "đạt mục tiêu")
# reports a result; so do the plain result phrases ("đều đạt", "kết quả").
# So does a counted target noun with a result verb ("15/17 chỉ tiêu đạt").
_RESULT_VERBS = _pattern(_T["result_verbs"])
_TARGET_NOUNS = _pattern(_T["target_nouns"])
_RESULT = re.compile(
    rf"(?<!\w)(?:(?:{_RESULT_VERBS})\s+(?:(?:{_pattern(_T['target_determiners'])})\s+)?(?:{_TARGET_NOUNS})"
    rf"|\d+(?:/\d+)?\s+(?:{_TARGET_NOUNS})\s+(?:(?:{_pattern(_T['result_adverbs'])})\s+)?(?:{_RESULT_VERBS}|{_pattern(_T['failed_verbs'])})"
    rf"|{_pattern(_T['result'])})(?!\w)")
# "chỉ tiêu 90%, đạt 92%": a clause opening with a result verb and a percentage,
# right after a percentage, is the result measured against that target.
_RESULT_AFTER_TARGET = re.compile(
    rf"%[\s)]*[,;(]\s*(?P<p>{_pattern(_T['result_after_target'])})"
    rf"\s+(?:(?:{_pattern(_T['comparators_before']['gt'] + _T['fillers_before'])})\s+)?\d+(?:[.,]\d+)?\s?%")
# "đạt 105% kế hoạch đề ra": a target noun right after a percentage is the
# plan that share is of; a scope cue in that clause describes the plan.
_PLAN_SHARE = re.compile(rf"%\s*(?:{_TARGET_NOUNS})(?!\w)")
# "so với chỉ tiêu Nghị quyết (85%)", "chưa đạt chỉ tiêu đề ra là 93%": a target
# noun (even one governed by a result verb) names the number it introduces.
_TARGET_NAMED = re.compile(
    rf"(?<![\w/])(?:{_TARGET_NOUNS})(?:\s+(?:{_pattern(_T['target_noun_qualifiers'])})){{0,3}}"
    rf"(?:\s*[(:]|\s+là)\s*(?=\w)")
# "kết quả thực hiện chỉ tiêu ... đạt 105%": a target noun carried out is a result.
_IMPLEMENTED = re.compile(rf"(?<!\w)(?:{_pattern(_T['implemented_before'])})\s+(?:(?:{_PLURAL})\s+)?$")
# A target named after a result ("vượt chỉ tiêu đề ra là 85%") is a bare
# number; one reached with a verb ("... đạt 93%") is the result.
_LEVEL_IN_GAP = re.compile(rf"(?<!\w)(?:{_pattern(_T['result_after_target'])})(?!\w)")
_MODAL_AFTER = re.compile(rf"\s*(?:{_pattern(_T['target_after'])})(?!\w)")
_FUTURE_YEAR = re.compile(rf"(?<!\w)(?:{_pattern(_T['future_year_before'])})\s+(?P<year>(?:19|20)\d\d)(?!\d)")
# "phấn đấu đến năm 2025 đạt 50%; năm 2023 đạt 48,7%": a clause that opens with
# a year before the target year (and not after the article's) reports a result.
_CLAUSE_YEAR = re.compile(rf"[,;:]\s*(?:(?:{_pattern(_T['clause_year_leads'])})\s+)?(?:{_pattern(_T['year_words'])})"
                          rf"\s+(?P<year>(?:19|20)\d\d)(?!\d)")
# A local target cue reaches a number in its own clause only.
_CLAUSE_BREAK = re.compile(r"[,;:.()\[\]]")

# --- subject and criterion ---------------------------------------------------
_SUBJECTS = _lexicon("subjects", _T["subjects"])
_DETERMINERS = _pattern(_T["subject_determiners"])
_SUBJECT_AFTER = re.compile(
    rf"\s*(?:(?:{_DETERMINERS})\s+)?(?P<p>{_pattern(_SUBJECTS)})(?!\w)")
_SUBJECT_ENDING = _ending(_pattern(_SUBJECTS))
_DETERMINER_ENDING = _ending(_DETERMINERS)
_EXTENSION = re.compile(rf"\s+(?:{_pattern(_T['subject_extensions'])})(?=\s)")
_OPENER_ENDING = _ending(_pattern(_T["subject_openers"]))
_STOP = re.compile(rf"(?:{_pattern(_T['subject_stops'])})(?!\w)")
_WORD = re.compile(r"\s+(?P<w>[^\s,;:.()\[\]\"“”%]+)")
_CRITERIA = _lexicon("criteria", _T["criteria"])
_TAIL = _pattern(_T["criterion_tails"])
_LEADS = _pattern(_T["criterion_leads"])
_CRITERION_AFTER = re.compile(rf"\s*(?:(?:{_LEADS})\s+)?(?P<p>{_pattern(_CRITERIA)})(?:\s+(?P<tail>{_TAIL}))?(?!\w)")
_CRITERION_ENDING = re.compile(
    rf"(?<!\w)(?:(?:{_LEADS})\s+)?(?P<p>{_pattern(_CRITERIA)})(?:\s+(?P<tail>{_TAIL}))?\s*$")
_ABBREVIATIONS = _lexicon("abbreviations", _T["abbreviations"])
_ABBREVIATION = re.compile(rf"(?<!\w)(?:{_pattern(_ABBREVIATIONS)})(?!\w)")

# Between two items of one list: punctuation, "và", "trong đó (có)".
_LIST_GAP = re.compile(rf"^[\s,;()]*(?:(?:{_pattern(_T['list_joiners'])})[\s(]*)?$")
_CRITERION_GAP = re.compile(rf"^[\s,]*(?:{_pattern(_T['criterion_joiners'])})?\s*$")
_RANGE_WORDS = _lexicon("range_words", _T["range_words"])


@dataclass
class _Item:
    value: float
    num_start: int       # where the number starts (cues are read before it)
    num_end: int         # after the % sign
    start: int           # the mention's span
    end: int
    comparator: str = "eq"
    verb: Optional[str] = None      # "level" / "change" / None
    compared: bool = False          # followed by "so với ..."
    modal: bool = False             # followed by "phải", "sẽ": aimed for
    kind: Optional[str] = None
    subject: Optional[str] = None
    criterion: Optional[str] = None
    range_low: bool = False
    range_high: bool = False
    condition: bool = False         # says which units are meant ("xã có hơn 30% ...")


def _numbers(mt: str) -> Iterator[tuple[int, int, float]]:
    """(start, end, value) of every percentage written in mt."""
    for m in _DIGIT_PERCENT.finditer(mt):
        try:
            value = parse_decimal(m.group("num"))
        except ValueError:
            continue
        yield m.start(), m.end(), value
    for m in _WORD_PERCENT.finditer(mt):
        value = words_to_int(m.group("words"))
        if value is not None:
            yield m.start(), m.end(), float(value)


def _read_before(mt: str, pos: int, floor: int) -> tuple[dict, int]:
    """Peel cue phrases off the text before pos: {role: phrase} and the
    position of the earliest one taken (the mention starts there)."""
    found: dict[str, str] = {}
    start = pos
    for _ in range(6):
        m = _BEFORE.search(mt, max(floor, pos - 60), pos)
        if not m:
            break
        key, role = _ROLE.key(m.group("p")), _ROLE.entry(m.group("p"))
        if role == "filler" and _ends_subject(mt, m.start("p"), pos, floor):
            break  # "đảng viên mới hằng năm": "mới" is the subject's, not a filler
        if role in _COMPARATORS:
            if "comparator" not in found:
                found["comparator"], found["comparator_phrase"] = role, key
        else:
            found.setdefault(role, key)
        pos = start = m.start("p")
        if role in _VERB_ROLES:
            break
    return found, start


def _ends_subject(mt: str, word_start: int, pos: int, floor: int) -> bool:
    """Whether the word at word_start..pos is the last word of a subject."""
    s = _SUBJECT_ENDING.search(mt, max(floor, pos - 40), pos)
    return bool(s and s.start("p") < word_start)


# Some sites type the Icelandic eth (Ð, U+00D0) for Đ; one code point for one.
_ETH = str.maketrans({"ð": "đ", "Ð": "Đ"})


def _display(text: str, start: int, end: int) -> str:
    """Lower-case text of a span, abbreviations expanded, old-style tone on an
    open final syllable ("uỷ") moved to the new style ("ủy")."""
    raw = text[start:end].translate(_ETH).lower()
    raw = _ABBREVIATION.sub(lambda m: _ABBREVIATIONS.entry(m.group(0)), raw)
    raw = re.sub(r"\w+", lambda w: fold_tones(w.group(0)) if w.group(0)[-2:] in TONE_FOLD else w.group(0), raw)
    return " ".join(raw.split())


def _extension_end(mt: str, pos: int, limit: int) -> int:
    """End of "trực thuộc đảng bộ cơ sở" after a subject head (or pos)."""
    m = _EXTENSION.match(mt, pos, limit)
    if not m:
        return pos
    end, words = m.end(), 0
    while words < 5:
        w = _WORD.match(mt, end, limit)
        if not w or _STOP.match(mt, w.start("w")) or _CRITERION_AFTER.match(mt, w.start("w") - 1):
            break
        end, words = w.end(), words + 1
    return end if words else pos


def _subject_after(doc: Doc, mt: str, item: _Item, limit: int) -> None:
    pos = item.num_end
    after = _AFTER.match(mt, pos, limit)
    if after:
        pos = after.end()
    m = _SUBJECT_AFTER.match(mt, pos, limit)
    if m:
        head_end = m.end("p")
        ext_end = _extension_end(mt, head_end, limit)
        item.subject = _SUBJECTS.entry(m.group("p"))
        if ext_end > head_end:
            item.subject += " " + _display(doc_text(doc), head_end, ext_end)
        item.end = max(item.end, ext_end)
        pos = ext_end
        after = _AFTER.match(mt, pos, limit)
        if after:
            item.comparator = _AFTER_COMPARATOR.entry(after.group("p"))
            item.end = pos = after.end()
    c = _CRITERION_AFTER.match(mt, pos, limit)
    if c:
        item.criterion = _criterion(c)
        item.end = max(item.end, c.end())


def _criterion(m: re.Match) -> str:
    text = _CRITERIA.entry(m.group("p"))
    return f"{text} {phrase_key(m.group('tail'), True)}" if m.group("tail") else text


def _subject_before(mt: str, item: _Item, verb_start: int, floor: int) -> None:
    """'số TCCSĐ hoàn thành tốt nhiệm vụ đạt 95%', 'Tỷ lệ TCCSĐ hoàn thành tốt
    nhiệm vụ: 92%': subject and criterion stand before the verb (or colon)."""
    pos = verb_start
    colon = mt.rfind(":", max(floor, pos - 3), pos)
    if colon >= 0 and not mt[colon + 1:pos].strip():
        pos = colon
    while True:  # fillers before the verb: "bình quân đạt"
        m = _BEFORE.search(mt, max(floor, pos - 30), pos)
        if not m or _ROLE.entry(m.group("p")) != "filler":
            break
        if _ends_subject(mt, m.start("p"), pos, floor):  # "đảng viên mới là"
            break
        pos = m.start("p")
    c = _CRITERION_ENDING.search(mt, max(floor, pos - 80), pos)
    if c:
        pos = c.start()
    s = _SUBJECT_ENDING.search(mt, max(floor, pos - 40), pos)
    if s and not _opens_phrase(mt, s.start("p"), floor):
        s = None
    if not s:
        if c:
            item.criterion = _criterion(c)
            item.start = min(item.start, c.start())
        return
    item.subject = _SUBJECTS.entry(s.group("p"))
    if c:
        item.criterion = _criterion(c)
    start = s.start("p")
    d = _DETERMINER_ENDING.search(mt, max(floor, start - 15), start)
    item.start = min(item.start, d.start("p") if d else start)


def _subject_before_colon(mt: str, item: _Item, floor: int) -> None:
    """'Đối với đảng viên: 90,3% hoàn thành tốt nhiệm vụ': the subject heads
    the clause, before a colon."""
    colon = mt.rfind(":", max(floor, item.start - 4), item.start)
    if colon < 0 or mt[colon + 1:item.start].strip():
        return
    s = _SUBJECT_ENDING.search(mt, max(floor, colon - 40), colon)
    if s and _opens_phrase(mt, s.start("p"), floor):
        item.subject = _SUBJECTS.entry(s.group("p"))


def _opens_phrase(mt: str, start: int, floor: int) -> bool:
    """Whether a subject noun at start opens its noun phrase (so it is the
    subject, not part of "trưởng thôn" or "tham gia cấp ủy")."""
    before = mt[max(floor, start - 20):start].rstrip()
    if not before or before[-1] in ",;:()-–—\"“'" or start - 20 < floor and not mt[floor:start].strip():
        return True
    window = max(floor, start - 20)
    return bool(_DETERMINER_ENDING.search(mt, window, start) or _OPENER_ENDING.search(mt, window, start))


def target_scope(doc: Doc, start: int, end: int, reference_year: Optional[int]) -> "_TargetScope":
    """Where the target phrases of doc.text[start:end] (a sentence) govern: the
    same reading for every fact kind (counts use it for their ``kind``).
    ``scope.covers(pos)`` says whether the number at pos is aimed for."""
    return _TargetScope(doc._.match_text, start, end, reference_year)


def reference_year(doc: Doc) -> Optional[int]:
    """The article's year (later years are the future for a target)."""
    return _reference_year(doc)


def _reference_year(doc: Doc) -> Optional[int]:
    """The article's year from its dateline: later years are the future."""
    from ..dateline import read_dateline  # late: dateline imports this package

    published = read_dateline(doc_text(doc))[1]
    return int(published[:4]) if published else None


class _TargetScope:
    """Where in a sentence a target phrase governs the numbers that follow.

    A scope cue opens a scope to the end of the sentence; a result phrase
    closes it. A scope cue right after a result phrase, in the same clause
    ("vượt chỉ tiêu Nghị quyết đề ra là 85%"), names the target that was met:
    it governs its own clause only, like a local cue ("bảo đảm 100% ...")."""

    def __init__(self, mt: str, start: int, end: int, reference_year: Optional[int],
                 opened: bool = False):
        self._mt = mt
        results = [(m.start(), m.end()) for m in _RESULT.finditer(mt, start, end)]
        results += [(m.start("p"), m.end("p")) for m in _RESULT_AFTER_TARGET.finditer(mt, start, end)]
        events = [(s, False) for s, _ in results] + ([(start, True)] if opened else [])
        self._local = []
        plan_shares = [m.start() for m in _PLAN_SHARE.finditer(mt, start, end)]
        for m in _SCOPE.finditer(mt, start, end):
            if any(s <= m.start() < e for s, e in results):
                continue
            if any(p < m.start() and not _CLAUSE_BREAK.search(mt, p, m.start()) for p in plan_shares):
                continue
            if any(e <= m.start() and not _CLAUSE_BREAK.search(mt, e, m.start()) for _, e in results):
                if not _IMPLEMENTED.search(mt, max(start, m.start() - 25), m.start()):
                    self._local.append((m.end(), m.start(), True))
            else:
                events.append((m.start(), True))
        years = [(m.start(), int(m.group("year"))) for m in _FUTURE_YEAR.finditer(mt, start, end)]
        if reference_year is not None:
            for pos, year in years:
                if year > reference_year:
                    # "lên 25% vào năm 2030": the year governs its whole clause
                    events.append((self._clause_start(start, pos), True))
        if years:
            for m in _CLAUSE_YEAR.finditer(mt, start, end):
                year = int(m.group("year"))
                if (reference_year is None or year <= reference_year) \
                        and any(pos < m.start() and year < target for pos, target in years):
                    events.append((m.start(), False))
        events.sort(key=lambda event: (event[0], not event[1]))
        self._positions = [p for p, _ in events]
        self._open = [o for _, o in events]
        self._local += [(m.end(), m.start(), False) for m in _LOCAL.finditer(mt, start, end)
                        if not any(s <= m.start() < e for s, e in results)]
        self._named = [m.end() for m in _TARGET_NAMED.finditer(mt, start, end)
                       if not _IMPLEMENTED.search(mt, max(start, m.start() - 25), m.start())]

    def _clause_start(self, floor: int, pos: int) -> int:
        m = None
        for m in _CLAUSE_BREAK.finditer(self._mt, max(floor, pos - 200), pos):
            pass
        return m.end() if m else floor

    def covers(self, pos: int) -> bool:
        i = bisect_right(self._positions, pos) - 1
        if i >= 0 and self._open[i]:
            return True
        for named_end in self._named:  # a number named by its target noun
            if named_end <= pos <= named_end + 15 and not re.search(r"[\d,;:.()]", self._mt[named_end:pos]):
                return True
        for cue_end, cue_start, after_result in self._local:
            # "chỉ tiêu đề ra (93%)": a bracket right after the cue holds its number
            gap = self._mt[cue_end:pos].lstrip(" :(")
            if cue_end <= pos and pos - cue_end <= 60 and not _CLAUSE_BREAK.search(gap) \
                    and not _RESULT.search(self._mt, cue_start, pos) \
                    and not (after_result and _LEVEL_IN_GAP.search(gap)):
                return True
        return False


def _items_in_sentence(doc: Doc, mt: str, start: int, end: int, spans) -> list[_Item]:
    items: list[_Item] = []
    prev_end = start
    starts = [s for s, _, _ in spans[1:]] + [end]
    for (s, e, value), next_start in zip(spans, starts):
        item = _Item(value=value, num_start=s, num_end=e, start=s, end=e)
        found: dict = {}
        low = _range_low(mt, items, s, start, value)
        if low is not None:
            # "từ 3% đến 5%": the low end is at least, the high end at most.
            if low.group("sign") is None:  # "từ 3 đến 5%": the low end is a percentage too
                found, cue_start = _read_before(mt, low.start(), prev_end)
                items.append(_Item(value=parse_decimal(low.group("num")), num_start=low.start(),
                                   num_end=low.end("num"), start=cue_start, end=low.end("num"),
                                   verb=_verb(found)))
            lo = items[-1]
            lo.range_low, lo.comparator = True, "ge"
            item.range_high, item.comparator = True, "le"
            item.verb, item.start = lo.verb, lo.start
        else:
            found, item.start = _read_before(mt, s, prev_end)
            item.comparator = found.get("comparator", "eq")
            item.verb = _verb(found)
            if "from" in found and _LEVEL_PAIR_AFTER.match(mt, e, end):
                item.verb = "level"  # "tăng từ 48,2% lên 73,2%": the earlier level
            item.condition = (found.get("level") == "có" and ("comparator" in found or "from" in found)
                              and _THRESHOLD_UNITS.search(mt, max(start, item.start - 80), item.start) is not None)
        after = _AFTER.match(mt, e, end)
        if after:
            item.comparator = _AFTER_COMPARATOR.entry(after.group("p"))
            item.end = after.end()
        _subject_after(doc, mt, item, end)
        if item.subject is None and item.criterion is not None:
            _subject_before_colon(mt, item, prev_end)
        # "yêu cầu 100% chi bộ phải ...": aimed for; "còn 3% chi bộ cần củng cố" is a state
        item.modal = item.verb is None and bool(_MODAL_AFTER.match(mt, item.end, end))
        if item.verb != "change" and item.subject is None and item.criterion is None:
            _subject_before(mt, item, _verb_start(mt, s, prev_end), prev_end)
        compared = _COMPARISON_AFTER.match(mt, item.end, end)
        exceeded = found.get("comparator_phrase") in _EXCEED and item.verb is None
        if compared:
            # "bằng 112% dự toán" is a level reached; "so với tổng số" names the base
            plan = _PLAN_AFTER.match(mt, item.end, end)
            item.compared = not (plan or _BASE_AFTER.match(mt, item.end, end))
            rest = _CLAUSE_REST.match(mt, compared.end(), next_start)
            item.end = rest.end() if rest else compared.end()
            if exceeded:
                # "vượt 2% kế hoạch": the plan exceeded by 2%, a result; "vượt 2% so với cùng kỳ": a change
                item.comparator, item.verb = "eq", "level" if plan else "change"
        elif exceeded and _COMPARED_BEFORE.search(mt, start, item.start):
            # "So với chỉ tiêu (85%), ... vượt 3,5%": the plan exceeded; "So với năm 2020, ... vượt 3%": a change
            item.comparator = "eq"
            item.verb = "level" if _PLAN_COMPARED_BEFORE.search(mt, start, item.start) else "change"
        items.append(item)
        prev_end = item.end
    return items


def _verb(found: dict) -> Optional[str]:
    for role in _VERB_ROLES:
        if role in found:
            return role
    return None


def _range_low(mt: str, items: list[_Item], pos: int, floor: int, high: float) -> Optional[re.Match]:
    """The low end of a range whose high end starts at pos, or None.
    "từ 3 đến 5%" needs its "từ"; "3-5%" and "3% - 5%" need low <= high."""
    low = _RANGE_LOW.search(mt, max(floor, pos - 25), pos)
    if not low:
        return None
    if low.group("sign") is not None and not (items and items[-1].num_start == low.start()):
        return None
    has_from = _RANGE_FROM.search(mt, max(floor, low.start() - 10), low.start())
    is_dash = low.group("conn") not in _RANGE_WORDS
    if has_from or (is_dash and parse_decimal(low.group("num")) <= high):
        return low
    return None


def _verb_start(mt: str, pos: int, floor: int) -> int:
    """Start of the nearest level/change verb before pos (cue phrases peeled)."""
    for _ in range(6):
        m = _BEFORE.search(mt, max(floor, pos - 60), pos)
        if not m:
            return pos
        pos = m.start("p")
        if _ROLE.entry(m.group("p")) in _VERB_ROLES:
            return pos
    return pos


def _link_list(mt: str, items: list[_Item]) -> None:
    """Items of one list share what only one of them states: a criterion
    given after the last item ("50% TCCSĐ và trên 60% tổ chức đảng ... đạt
    trong sạch vững mạnh"), a subject given by the first ("56,87% TCCSĐ đạt
    ... (22,88% đạt ... tiêu biểu), 36,11% hoàn thành tốt nhiệm vụ")."""
    for prev, cur in zip(items, items[1:]):
        if prev.range_low and cur.range_high and prev.subject is None and prev.criterion is None:
            prev.subject, prev.criterion = cur.subject, cur.criterion  # "từ 80 - 85% đảng viên ..."
        if not _LIST_GAP.match(mt[prev.end:cur.start]):
            continue
        if cur.subject is None and cur.criterion is not None and prev.subject is not None:
            cur.subject = prev.subject
        if cur.verb is None and not cur.compared and prev.kind == "other":
            cur.kind = "other"
    for prev, cur in reversed(list(zip(items, items[1:]))):
        if prev.subject and prev.criterion is None and cur.criterion \
                and _CRITERION_GAP.match(mt[prev.end:cur.start]):
            prev.criterion = cur.criterion


def _kind(item: _Item, scope: _TargetScope) -> str:
    if item.modal or scope.covers(item.num_start):
        return "target"
    if item.condition:
        return "other"
    if item.verb == "change":
        return "other"
    if item.verb == "level":
        return "achieved"
    if item.compared:
        return "other"
    return "achieved"


# A quoted name after a document or campaign noun: 'Đề án "Phấn đấu 100% thôn ..."'.
_TITLE = re.compile(
    rf"(?<!\w)(?:{_pattern(_T['title_nouns'])})(?:\s+số\s+\S+)?(?:\s+(?:về|với chủ đề|chủ đề))?\s*[\"“][^\"”\n]{{1,300}}[\"”]")
_BULLET = re.compile(r"[ \t]*(?:[-+*•–—]|\d{1,2}[.)]|[a-zđ]\))\s")


def _lines_under_target_heading(mt: str, reference_year: Optional[int]) -> set[int]:
    """Starts of the bullet lines under a heading line that states a target
    ("Mục tiêu cụ thể đến năm 2025:" then "- 100% chi bộ ..."): the heading
    governs its list as a target phrase governs the rest of its sentence."""
    headed: set[int] = set()
    under_target = False
    pos = 0
    for line in mt.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if not line.strip():
            continue
        if _BULLET.match(line):
            if under_target:
                headed.add(start)
        else:
            under_target = False
        if line.rstrip().endswith(":"):
            # "a) Đến năm 2025:" under "Mục tiêu cụ thể:" inherits its target
            inherited = under_target and _BULLET.match(line) is not None
            under_target = _TargetScope(mt, start, end, reference_year, opened=inherited).covers(end)
    return headed


def extract(doc: Doc) -> Iterator[Percentage]:
    mt = doc._.match_text  # match_form already maps Ð to đ
    if "%" not in mt and "phần trăm" not in mt:
        return
    reference_year = _reference_year(doc)
    by_sentence: dict = {}
    titles = [(m.start(), m.end()) for m in _TITLE.finditer(mt)]
    for number in sorted(set(_numbers(mt))):
        if titles and any(s <= number[0] < e for s, e in titles):
            continue  # a share in the name of a plan is not a fact reported
        span = doc._.sentences.span_at(number[0])
        if span is not None and number[1] <= span.end:
            by_sentence.setdefault(span, []).append(number)
    headed = _lines_under_target_heading(mt, reference_year)
    for span, numbers in by_sentence.items():
        scope = _TargetScope(mt, span.start, span.end, reference_year,
                             opened=mt.rfind("\n", 0, span.start) + 1 in headed)
        items = _items_in_sentence(doc, mt, span.start, span.end, numbers)
        for item in items:
            item.kind = _kind(item, scope)
        _link_list(mt, items)
        for item in items:
            yield Percentage(value=item.value, kind=item.kind, comparator=item.comparator,
                             subject=item.subject, criterion=item.criterion,
                             **fact_fields(doc, item.start, item.end))
