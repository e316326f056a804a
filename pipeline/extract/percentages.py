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

Every attribute of a share names the rule that set it (pipeline.rules; ``vnfacts
explain`` prints them): ``KIND`` and ``COMPARATOR_BEFORE`` are ordered rule
lists, the other rule names are the constants below, each set where its step
reads the text. A default is a rule too ("comparator: exact: no comparator word").
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Callable, Iterator, Optional

from spacy.tokens import Doc

from ..dateline import read_dateline
from ..lexicon import Lexicon
from ..normalize import TONE_FOLD, fold_tones
from ..records import Percentage
from ..rules import NO_RULE, Rules, record_trace
from ..tables import load_table
from .common import doc_text, fact_fields
from ..numbers import NUMBER_WORDS, parse_decimal, words_to_int


def _cues(*path: str, **options) -> Lexicon:
    """A table of percent_cues.json (``options``: as Lexicon.from_table); a comma
    inside a phrase is optional in the text ("trong sạch, vững mạnh" = "trong sạch
    vững mạnh")."""
    return Lexicon.from_table("percent_cues", *path, comma_optional=True, **options)


def _joined(name: str, *lexicons: Lexicon) -> Lexicon:
    """One lexicon of the phrases of several (one alternation, longest first)."""
    return Lexicon(f"percent_cues.{name}", [p for lexicon in lexicons for p in lexicon], comma_optional=True)


def _any(lexicon: Lexicon) -> str:
    return f"(?:{lexicon.pattern})"


def _ending(lexicon: Lexicon) -> re.Pattern:
    """A phrase that ends where the search's endpos is (whitespace allowed).
    re.search returns the leftmost start, so the longest phrase wins."""
    return re.compile(rf"(?<!\w)(?P<p>{lexicon.pattern})\s*$")


# --- the number -------------------------------------------------------------
_NUM = r"\d+(?:[.,]\d+)?"
_SIGN = r"(?:[ \u00a0]?(?:điểm\s+)?%(?!\d)|\s*(?:điểm\s+)?phần\s+trăm(?!\w))"
# (?<![\w.,])(?P<num>{_NUM}){_SIGN}, written to open with the digit: the regex engine
# then skips to the next digit of the text at once, where a pattern opening with a
# lookbehind is tried at every character. The lookbehind after the first digit
# looks at the character before it.
_DIGIT_PERCENT = re.compile(rf"(?P<num>\d(?<![\w.,]\d)\d*(?:[.,]\d+)?){_SIGN}")
_WORD_PERCENT = re.compile(rf"(?P<words>{NUMBER_WORDS})\s+phần\s+trăm(?!\w)")
_PERCENT_IN_WORDS = re.compile(r"phần\s+trăm")  # in every match of _WORD_PERCENT
# "từ 3 đến 5%", "3 - 5%", "từ 3% đến 5%": the low end before a connector.
_RANGE_LOW = re.compile(
    rf"(?<![\w.,])(?P<num>{_NUM})(?P<sign>{_SIGN})?\s*(?P<conn>{_any(_cues('range_connectors'))})\s*$")
_RANGE_FROM_WORDS = _cues("range_from")
_RANGE_FROM = _ending(_RANGE_FROM_WORDS)
_RANGE_WORDS = _cues("range_words")

# --- words before the number, read backwards -------------------------------
_COMPARATORS = ("gt", "ge", "lt", "le")
_COMPARATOR_WORDS = {c: _cues("comparators_before", c) for c in _COMPARATORS}
_FILLERS = _cues("fillers_before")
_LEVEL_VERBS, _CHANGE_VERBS = _cues("level_verbs"), _cues("change_verbs")
# Each phrase before a number has one role: a comparator, "from", a filler or a verb.
_ROLE = Lexicon("percent_cues.roles_before", {
    **{w: c for c, words in _COMPARATOR_WORDS.items() for w in words},
    **{w: "from" for w in _RANGE_FROM_WORDS}, **{w: "filler" for w in _FILLERS},
    **{w: "level" for w in _LEVEL_VERBS}, **{w: "change" for w in _CHANGE_VERBS}}, comma_optional=True)
_BEFORE = _ending(_ROLE)
_VERB_ROLES = ("level", "change")

_AFTER_COMPARATOR = _cues("comparators_after", model=dict[str, list[str]],
                          phrases=lambda rows: [(w, c) for c, words in rows.items() for w in words])
_AFTER = re.compile(rf"\s*(?P<p>{_AFTER_COMPARATOR.pattern})(?!\w)")
# "từ 85% TCCSĐ hoàn thành tốt nhiệm vụ trở lên", "từ 50% đảng viên nữ trở lên": the 'trở lên'
# later in the clause (no break, no other number, a few words) closes the 'từ' before the number
_FROM_CLOSED = re.compile(rf"[^,;:.()\[\]%\d]{{0,60}}?(?<!\w)(?P<p>{_AFTER_COMPARATOR.pattern})(?!\w)")
_COMPARISON_AFTER = re.compile(rf"\s*(?P<p>{_cues('comparison_after').pattern})(?!\w)")
_EXCEED = _cues("exceed_words")
_COMPARED_WITH_WORDS = _cues("compared_with")
_COMPARED_WITH = _any(_COMPARED_WITH_WORDS)
_PLURAL = _any(_cues("plural_determiners"))
_COMPARED_BEFORE = re.compile(rf"(?<!\w){_COMPARED_WITH}(?!\w)")
_PLAN_WORDS = _cues("plan_after")
_PLAN_AFTER = re.compile(rf"\s*{_any(_PLAN_WORDS)}(?!\w)")
# "So với chỉ tiêu (85%), ... vượt 3,5%": the plan words that do not open with "so với"
_PLAN_NOUNS = Lexicon("percent_cues.plan_after (without so với)", comma_optional=True, entries=[
    p for p in _PLAN_WORDS if not p.startswith(tuple(_COMPARED_WITH_WORDS))])
_PLAN_COMPARED_BEFORE = re.compile(rf"(?<!\w){_COMPARED_WITH}\s+{_any(_PLAN_NOUNS)}(?!\w)")
# "tăng từ 48,2% lên 73,2%": the earlier of two levels
# "tăng từ 82,4% năm 2020 lên 91,7% năm 2023": the earlier level's year may stand before the word
_LEVEL_YEAR = r"(?:\s*\(?\s*(?:(?:đầu|cuối)\s+)?năm\s+(?:19|20)\d\d\s*\)?|\s*\(\s*(?:19|20)\d\d\s*\))?"
_LEVEL_PAIR_AFTER = re.compile(rf"{_LEVEL_YEAR}\s*{_any(_cues('level_pair_after'))}\s+(?:{_NUM})")
# "41 đảng bộ xã có hơn 30% ...": the share that says which units are meant
_THRESHOLD_VERBS = _cues("threshold_verbs")
_THRESHOLD_UNITS = re.compile(
    rf"(?<![\w.,])(?:\d+(?:[.,]\d+)*|{_PLURAL})\s+{_any(_cues('threshold_units'))}"
    rf"(?:\s+[^\s,;:.()%]+){{0,4}}\s*$")
# "Theo quy định, chi bộ có trên 50% đảng viên ...": a unit taken as a whole in a sentence stating a rule
_RULE_UNITS = re.compile(
    rf"(?<!\w){_any(_cues('rule_words'))}(?!\w)[^.;:]{{0,60}}?(?<!\w){_any(_cues('threshold_units'))}"
    rf"(?:\s+nào)?(?:\s+[^\s,;:.()%]+){{0,4}}\s*$")
# "cao hơn quý IV/2023 là 2,5%": a comparative in the clause before the copula the number follows
_COMPARATIVE_BEFORE_COPULA = re.compile(rf"(?<!\w){_any(_cues('comparatives_before_copula'))}(?!\w)")
_COPULAS_AFTER_COMPARATIVE = _cues("copulas_after_comparative")
# "... có dưới 30% đảng viên tham gia sinh hoạt thì phải ...": the rest of the clause, then its condition word
_CONDITION_AFTER = re.compile(rf"[^,;:.()\[\]%\d]{{0,80}}?(?<!\w){_any(_cues('condition_after'))}(?!\w)")
# "không vượt quá 20% theo quy định": a bound a rule sets
_RULE_AFTER = re.compile(rf"\s*,?\s*{_any(_cues('rule_after'))}(?!\w)")
_BASE_AFTER = re.compile(rf"\s*{_any(_cues('base_after'))}(?!\w)")
# The compared-with phrase runs to the end of its clause (a few words at most).
# It stops before a word that starts the next predicate ("... và vượt 3%").
_CLAUSE_REST = re.compile(
    rf"(?:\s+(?!{_any(_cues('clause_rest_stops'))}(?!\w))[^\s,;:.()\[\]\"“”%]+){{1,8}}")

# --- target scope ----------------------------------------------------------
_SCOPE = re.compile(rf"(?<!\w){_any(_cues('target_scope'))}(?!\w)")
_LOCAL = re.compile(rf"(?<!\w){_any(_cues('target_local'))}(?!\w)")
# A target noun governed by a result verb ("vượt chỉ tiêu", "đạt mục tiêu")
# reports a result; so do the plain result phrases ("đều đạt", "kết quả").
# So does a counted target noun with a result verb ("15/17 chỉ tiêu đạt").
_RESULT_VERBS = _any(_cues("result_verbs"))
_TARGET_NOUNS = _any(_cues("target_nouns"))
_RESULT = re.compile(
    rf"(?<!\w)(?:{_RESULT_VERBS}\s+(?:{_any(_cues('target_determiners'))}\s+)?{_TARGET_NOUNS}"
    rf"|\d+(?:/\d+)?\s+{_TARGET_NOUNS}\s+(?:{_any(_cues('result_adverbs'))}\s+)?"
    rf"(?:{_RESULT_VERBS}|{_any(_cues('failed_verbs'))})"
    rf"|{_any(_cues('result'))})(?!\w)")
# "chỉ tiêu 90%, đạt 92%": a clause opening with a result verb and a percentage,
# right after a percentage, is the result measured against that target.
_RESULT_AFTER_TARGET_WORDS = _cues("result_after_target")
_RESULT_AFTER_TARGET = re.compile(
    rf"%[\s)]*[,;(]\s*(?P<p>{_RESULT_AFTER_TARGET_WORDS.pattern})"
    rf"\s+(?:{_any(_joined('gt_or_fillers', _COMPARATOR_WORDS['gt'], _FILLERS))}\s+)?\d+(?:[.,]\d+)?\s?%")
# "83,2%/50%": a result over its target, unless the sentence splits a whole in
# parts joined the same way before ("tỷ lệ nam/nữ là 60%/40%").
_RESULT_OVER_TARGET_SEPARATORS = _cues("result_over_target_separators")
_OVER_TARGET_GAP = re.compile(rf"\s*{_any(_RESULT_OVER_TARGET_SEPARATORS)}\s*$")
_PARTS_JOINED = re.compile(rf"[^\W\d]\s*{_any(_RESULT_OVER_TARGET_SEPARATORS)}\s*[^\W\d]")
# "đạt 105% kế hoạch đề ra": a target noun right after a percentage is the
# plan that share is of; a scope cue in that clause describes the plan.
_PLAN_SHARE = re.compile(rf"%\s*{_TARGET_NOUNS}(?!\w)")
# "so với chỉ tiêu Nghị quyết (85%)", "chưa đạt chỉ tiêu đề ra là 93%": a target
# noun (even one governed by a result verb) names the number it introduces.
_TARGET_NAMED = re.compile(
    rf"(?<![\w/]){_TARGET_NOUNS}(?:\s+{_any(_cues('target_noun_qualifiers'))}){{0,3}}"
    rf"(?:\s*[(:]|\s+{_any(_cues('target_noun_copulas'))})\s*(?=\w)")
_NAMED_GAP_STOP = re.compile(r"[\d,;:.()]")
# "kết quả thực hiện chỉ tiêu ... đạt 105%": a target noun carried out is a result.
_IMPLEMENTED = re.compile(rf"(?<!\w){_any(_cues('implemented_before'))}\s+(?:{_PLURAL}\s+)?$")
# A target named after a result ("vượt chỉ tiêu đề ra là 85%") is a bare
# number; one reached with a verb ("... đạt 93%") is the result.
_LEVEL_IN_GAP = re.compile(rf"(?<!\w){_any(_RESULT_AFTER_TARGET_WORDS)}(?!\w)")
_MODAL_AFTER = re.compile(rf"\s*{_any(_cues('target_after'))}(?!\w)")
_FUTURE_YEAR = re.compile(rf"(?<!\w){_any(_cues('future_year_before'))}\s+(?P<year>(?:19|20)\d\d)(?!\d)")
# "phấn đấu đến năm 2025 đạt 50%; năm 2023 đạt 48,7%": a clause that opens with
# a year before the target year (and not after the article's) reports a result.
_CLAUSE_YEAR = re.compile(rf"[,;:]\s*(?:{_any(_cues('clause_year_leads'))}\s+)?{_any(_cues('year_words'))}"
                          rf"\s+(?P<year>(?:19|20)\d\d)(?!\d)")
# A local target cue reaches a number in its own clause only.
_CLAUSE_BREAK = re.compile(r"[,;:.()\[\]]")

# --- subject and criterion ---------------------------------------------------
# Abbreviations (abbreviations.json) written out in a subject's display; one of a
# subject noun is a subject too ("95% TCCSĐ").
_ABBREVIATIONS = Lexicon.from_table("abbreviations", "abbreviations", model=dict[str, str])
_ABBREVIATION = re.compile(rf"(?<!\w){_any(_ABBREVIATIONS)}(?!\w)")
_SUBJECTS = Lexicon.from_table(
    "percent_cues", "subjects", model=dict[str, str], comma_optional=True,
    phrases=lambda subjects: [*subjects.items(), *((short, subjects[full]) for short, full
                                                  in load_table("abbreviations")["abbreviations"].items()
                                                  if full in subjects)])
_DETERMINERS = _cues("subject_determiners")
_SUBJECT_AFTER = re.compile(
    rf"\s*(?:{_any(_DETERMINERS)}\s+)?(?P<p>{_SUBJECTS.pattern})(?!\w)")
_SUBJECT_ENDING = _ending(_SUBJECTS)
_DETERMINER_ENDING = _ending(_DETERMINERS)
_EXTENSION = re.compile(rf"\s+{_any(_cues('subject_extensions'))}(?=\s)")
_OPENER_ENDING = _ending(_cues("subject_openers"))
_STOP = re.compile(rf"{_any(_cues('subject_stops'))}(?!\w)")
_WORD = re.compile(r"\s+(?P<w>[^\s,;:.()\[\]\"“”%]+)")
_CRITERIA = _cues("criteria")
_TAILS = _cues("criterion_tails")
_TAIL = _TAILS.pattern
_LEADS = _cues("criterion_leads").pattern
_CRITERION_AFTER = re.compile(
    rf"\s*(?:(?:{_LEADS})\s+)?(?P<p>{_CRITERIA.pattern})(?:\s+(?P<tail>{_TAIL}))?(?!\w)")
_CRITERION_ENDING = re.compile(
    rf"(?<!\w)(?:(?:{_LEADS})\s+)?(?P<p>{_CRITERIA.pattern})(?:\s+(?P<tail>{_TAIL}))?\s*$")

# Between two items of one list: punctuation, "và", "trong đó (có)".
_LIST_GAP = re.compile(rf"^[\s,;()]*(?:{_any(_cues('list_joiners'))}[\s(]*)?$")
_CRITERION_GAP = re.compile(rf"^[\s,]*{_any(_cues('criterion_joiners'))}?\s*$")

# --- the rules that set each attribute -----------------------------------------
# (KIND and COMPARATOR_BEFORE below are ordered rule lists; these are the steps
# that set an attribute where they read the text.)
VALUE_DIGITS = "value: digits before a percent sign ('56,87%', '50 phần trăm')"
VALUE_WORDS = "value: number words before 'phần trăm' ('năm mươi phần trăm')"
VALUE_RANGE_LOW = "value: the low end of a range, before its connector ('từ 3 đến 5%')"
RANGE_LOW_AT_LEAST = "comparator: the low end of a range is at least ('từ 3% đến 5%')"
RANGE_HIGH_AT_MOST = "comparator: the high end of a range is at most ('từ 3% đến 5%')"
COMPARATOR_AFTER = "comparator: 'trở lên'/'trở xuống' right after the number"
COMPARATOR_AFTER_SUBJECT = "comparator: 'trở lên'/'trở xuống' after the subject ('50% đảng viên trở lên')"
FROM_CLOSED_AFTER = ("comparator: 'từ' before the number closed by 'trở lên'/'trở xuống' later in its clause "
                     "('từ 85% TCCSĐ hoàn thành tốt nhiệm vụ trở lên')")
EXCEEDED_EXACT = "comparator: exact: 'vượt' by that much, of a plan or an earlier time ('vượt 2% kế hoạch')"
SUBJECT_AFTER = "subject: subject noun right after the number ('92% chi bộ')"
SUBJECT_BEFORE_COLON = "subject: heads the clause before a colon ('Đối với đảng viên: 90% hoàn thành ...')"
SUBJECT_BEFORE_VERB = "subject: noun phrase before the verb ('số TCCSĐ hoàn thành tốt nhiệm vụ đạt 95%')"
SUBJECT_OF_RANGE = "subject: shared with the high end of its range ('từ 80 - 85% đảng viên')"
SUBJECT_OF_LIST = "subject: given by the item before it in a list ('56,87% TCCSĐ ..., 36,11% hoàn thành ...')"
NO_SUBJECT = "subject: none: no subject noun next to the number or before its verb"
CRITERION_AFTER = "criterion: criterion phrase after the number or its subject ('... đạt trong sạch vững mạnh')"
CRITERION_BEFORE_VERB = "criterion: criterion phrase before the verb ('tỷ lệ ... hoàn thành tốt nhiệm vụ đạt 95%')"
CRITERION_OF_RANGE = "criterion: shared with the high end of its range"
CRITERION_OF_LIST = "criterion: given after the next item of a list ('50% TCCSĐ và trên 60% ... đạt ...')"
NO_CRITERION = "criterion: none: no criterion phrase next to the number or before its verb"
CHANGE_LIST = "kind: a further item of a list of changes, no verb of its own ('tăng 5% và 3%')"
# What opens a target scope (a kind rule each).
UNDER_TARGET_HEADING = "kind: under a target heading ('Mục tiêu cụ thể đến năm 2025:')"
AFTER_TARGET_PHRASE = "kind: after a target phrase in its sentence ('phấn đấu', 'mục tiêu', 'chỉ tiêu')"
FUTURE_YEAR = "kind: in the clause of a year after the article's ('đến năm 2030')"
NAMED_BY_TARGET_NOUN = "kind: named by its target noun ('chỉ tiêu Nghị quyết (85%)')"
LOCAL_TARGET_CUE = "kind: after a target cue in its own clause ('bảo đảm', 'phải đạt', 'sẽ')"

_TRACED = ("value", "comparator", "criterion", "kind", "subject")


@dataclass(frozen=True)
class _Number:
    """A percentage written at start:end (the % sign included) and the rule that read it."""
    start: int
    end: int
    value: float
    rule: str = field(compare=False)

    def order(self) -> tuple[int, int, float]:
        return self.start, self.end, self.value


@dataclass(frozen=True)
class _Cues:
    """The cue phrases peeled off the text before a number (nearest first kept)."""
    start: int                                # the earliest taken: the mention starts there
    comparator: Optional[str] = None          # "gt", "ge", "lt", "le"
    comparator_phrase: Optional[str] = None
    verb: Optional[str] = None                # "level" / "change"
    verb_phrase: Optional[str] = None
    has_from: bool = False                    # "từ" (a range or "từ X lên Y")


@dataclass
class _Item:
    value: float
    num_start: int       # where the number starts (cues are read before it)
    num_end: int         # after the % sign
    start: int           # the mention's span
    end: int
    comparator: str = "eq"
    verb: Optional[str] = None      # "level" / "change" / None
    level_pair: bool = False        # the earlier level of "từ X% lên Y%"
    difference: bool = False        # "cao hơn quý IV/2023 là 2,5%": named after its comparative
    over_target: Optional[str] = None  # in "83,2%/50%": "result" (the first) or "target" (the second)
    exceeded: Optional[str] = None  # "vượt X%" of a "plan" or of an earlier "time"
    compared: bool = False          # followed by "so với ..."
    modal: bool = False             # followed by "phải", "sẽ": aimed for
    kind: Optional[str] = None
    subject: Optional[str] = None
    criterion: Optional[str] = None
    range_low: bool = False
    range_high: bool = False
    condition: bool = False         # says which units are meant ("xã có hơn 30% ...")
    rule_condition: bool = False    # the condition or bound of a rule ("... có dưới 30% đảng viên ... thì ...",
    #                                 "không vượt quá 20% theo quy định")
    rules: dict[str, str] = field(default_factory=dict, repr=False)  # attribute -> rule that set it

    @classmethod
    def of(cls, number: _Number) -> "_Item":
        item = cls(value=number.value, num_start=number.start, num_end=number.end,
                   start=number.start, end=number.end)
        item.rules.update(value=number.rule, subject=NO_SUBJECT, criterion=NO_CRITERION)
        return item

    def set(self, rule: str, **values) -> None:
        for attr, value in values.items():
            setattr(self, attr, value)
            self.rules[attr] = rule


def _numbers(mt: str) -> Iterator[_Number]:
    """Every percentage written in mt."""
    for m in _DIGIT_PERCENT.finditer(mt):
        try:
            value = parse_decimal(m.group("num"))
        except ValueError:
            continue
        yield _Number(m.start(), m.end(), value, VALUE_DIGITS)
    if _PERCENT_IN_WORDS.search(mt) is None:
        return  # most texts write "%": no need to try every number word of the text
    for m in _WORD_PERCENT.finditer(mt):
        value = words_to_int(m.group("words"))
        if value is not None:
            yield _Number(m.start(), m.end(), float(value), VALUE_WORDS)


def _read_before(mt: str, pos: int, floor: int) -> _Cues:
    """Peel cue phrases off the text before pos, up to the nearest verb."""
    found: dict = {"start": pos}
    for _ in range(6):
        m = _BEFORE.search(mt, max(floor, pos - 60), pos)
        if not m:
            break
        cue = _ROLE.lex_match(m, "p")
        key, role = cue.key, cue.entry
        if role == "filler" and _ends_subject(mt, m.start("p"), pos, floor):
            break  # "đảng viên mới hằng năm": "mới" is the subject's, not a filler
        if role in _COMPARATORS:
            found.setdefault("comparator", role)
            found.setdefault("comparator_phrase", key)
        elif role in _VERB_ROLES:
            found.update(verb=role, verb_phrase=key)
        elif role == "from":
            found["has_from"] = True
        pos = found["start"] = m.start("p")
        if role in _VERB_ROLES:
            break
    return _Cues(**found)


def _ends_subject(mt: str, word_start: int, pos: int, floor: int) -> bool:
    """Whether the word at word_start..pos is the last word of a subject."""
    s = _SUBJECT_ENDING.search(mt, max(floor, pos - 40), pos)
    return bool(s and s.start("p") < word_start)


COMPARATOR_BEFORE = Rules("percentages.comparator_before")


@COMPARATOR_BEFORE.rule("comparator: a comparator word before the number ('trên', 'ít nhất', 'tối đa')")
def _comparator_word(cues: _Cues) -> Optional[str]:
    return cues.comparator


@COMPARATOR_BEFORE.rule("comparator: exact: no comparator word")
def _exact(cues: _Cues) -> Optional[str]:
    return "eq"


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
    """'92% chi bộ trực thuộc ... trở lên đạt trong sạch vững mạnh': subject,
    comparator and criterion after the number."""
    pos = item.num_end
    after = _AFTER.match(mt, pos, limit)
    if after:
        pos = after.end()
    m = _SUBJECT_AFTER.match(mt, pos, limit)
    if m:
        head_end = m.end("p")
        ext_end = _extension_end(mt, head_end, limit)
        subject = _SUBJECTS.entry(m.group("p"))
        if ext_end > head_end:
            subject += " " + _display(doc_text(doc), head_end, ext_end)
        item.set(SUBJECT_AFTER, subject=subject)
        item.end = max(item.end, ext_end)
        pos = ext_end
        after = _AFTER.match(mt, pos, limit)
        if after:
            item.set(COMPARATOR_AFTER_SUBJECT, comparator=_AFTER_COMPARATOR.entry(after.group("p")))
            item.end = pos = after.end()
    c = _CRITERION_AFTER.match(mt, pos, limit)
    if c:
        item.set(CRITERION_AFTER, criterion=_criterion(c))
        item.end = max(item.end, c.end())


def _criterion(m: re.Match) -> str:
    text = _CRITERIA.entry(m.group("p"))
    return f"{text} {_TAILS.key(m.group('tail'))}" if m.group("tail") else text


def _filler_start(mt: str, pos: int, floor: int) -> int:
    """Before the fillers that stand before a verb ("bình quân đạt"), a subject's
    own last word kept ("đảng viên mới là")."""
    while True:
        m = _BEFORE.search(mt, max(floor, pos - 30), pos)
        if not m or _ROLE.entry(m.group("p")) != "filler" or _ends_subject(mt, m.start("p"), pos, floor):
            return pos
        pos = m.start("p")


def _subject_before(mt: str, item: _Item, verb_start: int, floor: int) -> None:
    """'số TCCSĐ hoàn thành tốt nhiệm vụ đạt 95%', 'Tỷ lệ TCCSĐ hoàn thành tốt
    nhiệm vụ: 92%': subject and criterion stand before the verb (or colon)."""
    pos = verb_start
    colon = mt.rfind(":", max(floor, pos - 3), pos)
    if colon >= 0 and not mt[colon + 1:pos].strip():
        pos = colon
    pos = _filler_start(mt, pos, floor)
    c = _CRITERION_ENDING.search(mt, max(floor, pos - 80), pos)
    if c:
        pos = c.start()
        item.set(CRITERION_BEFORE_VERB, criterion=_criterion(c))
    s = _SUBJECT_ENDING.search(mt, max(floor, pos - 40), pos)
    if not (s and _opens_phrase(mt, s.start("p"), floor)):
        if c:
            item.start = min(item.start, c.start())
        return
    item.set(SUBJECT_BEFORE_VERB, subject=_SUBJECTS.entry(s.group("p")))
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
        item.set(SUBJECT_BEFORE_COLON, subject=_SUBJECTS.entry(s.group("p")))


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
    ``scope.covers(pos)`` says whether the number at pos is aimed for,
    ``scope.cover(pos)`` by which rule."""
    return _TargetScope(doc._.match_text, start, end, reference_year)


def reference_year(doc: Doc) -> Optional[int]:
    """The article's year (later years are the future for a target)."""
    return _reference_year(doc)


def _reference_year(doc: Doc) -> Optional[int]:
    """The article's year from its dateline: later years are the future."""
    published = read_dateline(doc_text(doc))[1]
    return int(published[:4]) if published else None


@dataclass(frozen=True)
class _Span:
    start: int
    end: int

    def holds(self, pos: int) -> bool:
        return self.start <= pos < self.end


@dataclass(frozen=True)
class _Event:
    """Where a target scope opens or closes; an opening names its kind rule."""
    pos: int
    opens: bool
    rule: Optional[str] = None


@dataclass(frozen=True)
class _YearAt:
    """A year after "đến năm", "vào năm" at pos: the year a target is for, when later than the article's."""
    pos: int
    year: int


@dataclass(frozen=True)
class _LocalCue:
    """A target cue that reaches a number in its own clause only; after a result
    phrase ("vượt chỉ tiêu đề ra là 85%") it names the target that was met."""
    start: int
    end: int
    after_result: bool


class _TargetScope:
    """Where in a sentence a target phrase governs the numbers that follow.

    A scope cue opens a scope to the end of the sentence; a result phrase
    closes it. A scope cue right after a result phrase, in the same clause
    ("vượt chỉ tiêu Nghị quyết đề ra là 85%"), names the target that was met:
    it governs its own clause only, like a local cue ("bảo đảm 100% ...")."""

    def __init__(self, mt: str, start: int, end: int, reference_year: Optional[int],
                 opened: bool = False):
        self._mt = mt
        results = [_Span(m.start(), m.end()) for m in _RESULT.finditer(mt, start, end)]
        results += [_Span(m.start("p"), m.end("p")) for m in _RESULT_AFTER_TARGET.finditer(mt, start, end)]
        events = [_Event(r.start, False) for r in results]
        if opened:
            events.append(_Event(start, True, UNDER_TARGET_HEADING))
        self._local: list[_LocalCue] = []
        events += self._scope_cues(start, end, results)
        events += self._years(start, end, reference_year)
        events.sort(key=lambda event: (event.pos, not event.opens))
        self._events = events
        self._positions = [e.pos for e in events]
        self._local += [_LocalCue(m.start(), m.end(), False) for m in _LOCAL.finditer(mt, start, end)
                        if not any(r.holds(m.start()) for r in results)]
        self._named = [m.end() for m in _TARGET_NAMED.finditer(mt, start, end)
                       if not _IMPLEMENTED.search(mt, max(start, m.start() - 25), m.start())]

    def _scope_cues(self, start: int, end: int, results: list[_Span]) -> list[_Event]:
        """The scope cues that open a scope; those right after a result phrase
        become local cues, those describing a plan ("105% kế hoạch đề ra") none."""
        mt, events = self._mt, []
        plan_shares = [m.start() for m in _PLAN_SHARE.finditer(mt, start, end)]
        for m in _SCOPE.finditer(mt, start, end):
            if any(r.holds(m.start()) for r in results):
                continue
            if any(p < m.start() and not _CLAUSE_BREAK.search(mt, p, m.start()) for p in plan_shares):
                continue
            if any(r.end <= m.start() and not _CLAUSE_BREAK.search(mt, r.end, m.start()) for r in results):
                if not _IMPLEMENTED.search(mt, max(start, m.start() - 25), m.start()):
                    self._local.append(_LocalCue(m.start(), m.end(), True))
            else:
                events.append(_Event(m.start(), True, AFTER_TARGET_PHRASE))
        return events

    def _years(self, start: int, end: int, reference_year: Optional[int]) -> list[_Event]:
        """A future year opens its clause ("lên 25% vào năm 2030"); a clause that
        opens with an earlier year than a target year stated before it closes."""
        mt, events = self._mt, []
        targets = [_YearAt(m.start(), int(m.group("year"))) for m in _FUTURE_YEAR.finditer(mt, start, end)]
        if reference_year is not None:
            events += [_Event(self._clause_start(start, t.pos), True, FUTURE_YEAR)
                       for t in targets if t.year > reference_year]
        if targets:
            for m in _CLAUSE_YEAR.finditer(mt, start, end):
                year = int(m.group("year"))
                if (reference_year is None or year <= reference_year) \
                        and any(t.pos < m.start() and year < t.year for t in targets):
                    events.append(_Event(m.start(), False))
        return events

    def _clause_start(self, floor: int, pos: int) -> int:
        m = None
        for m in _CLAUSE_BREAK.finditer(self._mt, max(floor, pos - 200), pos):
            pass
        return m.end() if m else floor

    def cover(self, pos: int) -> Optional[str]:
        """The kind rule that makes the number at pos a target, or None."""
        i = bisect_right(self._positions, pos) - 1
        if i >= 0 and self._events[i].opens:
            return self._events[i].rule
        for named_end in self._named:  # a number named by its target noun
            if named_end <= pos <= named_end + 15 and not _NAMED_GAP_STOP.search(self._mt, named_end, pos):
                return NAMED_BY_TARGET_NOUN
        for cue in self._local:
            # "chỉ tiêu đề ra (93%)": a bracket right after the cue holds its number
            gap = self._mt[cue.end:pos].lstrip(" :(")
            if cue.end <= pos and pos - cue.end <= 60 and not _CLAUSE_BREAK.search(gap) \
                    and not _RESULT.search(self._mt, cue.start, pos) \
                    and not (cue.after_result and _LEVEL_IN_GAP.search(gap)):
                return LOCAL_TARGET_CUE
        return None

    def covers(self, pos: int) -> bool:
        return self.cover(pos) is not None


# --- reading one share ---------------------------------------------------------

@dataclass(frozen=True)
class _Sentence:
    """The sentence being read: doc, its match text and the sentence's span."""
    doc: Doc
    mt: str
    start: int
    end: int


def _read_range(s: _Sentence, items: list[_Item], item: _Item, low: re.Match, floor: int) -> _Cues:
    """'từ 3% đến 5%': the low end is at least, the high end at most. The low end
    is the item before (written with its sign) or, in 'từ 3 đến 5%', a new one."""
    if low.group("sign") is None:  # "từ 3 đến 5%": the low end is a percentage too
        cues = _read_before(s.mt, low.start(), floor)
        low_item = _Item.of(_Number(low.start(), low.end("num"), parse_decimal(low.group("num")), VALUE_RANGE_LOW))
        low_item.start, low_item.verb = cues.start, cues.verb
        items.append(low_item)
    else:
        cues = _Cues(start=item.num_start)
    lo = items[-1]
    lo.range_low = item.range_high = True
    lo.set(RANGE_LOW_AT_LEAST, comparator="ge")
    item.set(RANGE_HIGH_AT_MOST, comparator="le")
    item.verb, item.start = lo.verb, lo.start
    return cues


def _read_opening(s: _Sentence, items: list[_Item], item: _Item, floor: int) -> _Cues:
    """What stands before the number: the low end of a range, or cue words."""
    low = _range_low(s.mt, items, item.num_start, s.start, item.value)
    if low is not None:
        return _read_range(s, items, item, low, floor)
    cues = _read_before(s.mt, item.num_start, floor)
    item.start = cues.start
    decided = COMPARATOR_BEFORE.first(cues)
    item.set(decided.rule, comparator=decided.value)
    item.verb = cues.verb
    if cues.has_from and _LEVEL_PAIR_AFTER.match(s.mt, item.num_end, s.end):
        item.verb, item.level_pair = "level", True  # "tăng từ 48,2% lên 73,2%": the earlier level
    if cues.verb_phrase in _COPULAS_AFTER_COMPARATIVE:
        clause_start = max([floor] + [m.end() for m in _CLAUSE_BREAK.finditer(s.mt, floor, item.start)])
        item.difference = _COMPARATIVE_BEFORE_COPULA.search(s.mt, clause_start, item.start) is not None
    item.condition = ((cues.comparator is not None or cues.has_from) and cues.verb_phrase in _THRESHOLD_VERBS
                      and (_THRESHOLD_UNITS.search(s.mt, max(s.start, item.start - 80), item.start) is not None
                           or _RULE_UNITS.search(s.mt, max(s.start, item.start - 120), item.start) is not None))
    return cues


def _read_after(s: _Sentence, item: _Item, floor: int) -> None:
    """What stands after the number (comparator, subject, criterion, a modal
    verb), and the subject before the verb when nothing after names it."""
    mt = s.mt
    after = _AFTER.match(mt, item.num_end, s.end)
    if after:
        item.set(COMPARATOR_AFTER, comparator=_AFTER_COMPARATOR.entry(after.group("p")))
        item.end = after.end()
    _subject_after(s.doc, mt, item, s.end)
    if item.subject is None and item.criterion is not None:
        _subject_before_colon(mt, item, floor)
    item.rule_condition = (_CONDITION_AFTER.match(mt, item.end, s.end) is not None
                           or item.comparator != "eq" and _RULE_AFTER.match(mt, item.num_end, s.end) is not None)
    # "yêu cầu 100% chi bộ phải ...": aimed for; "còn 3% chi bộ cần củng cố" is a state
    item.modal = item.verb is None and bool(_MODAL_AFTER.match(mt, item.end, s.end))
    if item.verb != "change" and item.subject is None and item.criterion is None:
        _subject_before(mt, item, _verb_start(mt, item.num_start, floor), floor)


def _read_comparison(s: _Sentence, item: _Item, cues: _Cues, next_start: int) -> None:
    """'so với cùng kỳ', 'kế hoạch' after the number; 'vượt X%' of a plan or of
    an earlier time is exact, a result or a change."""
    mt = s.mt
    compared = _COMPARISON_AFTER.match(mt, item.end, s.end)
    exceeded = cues.comparator_phrase in _EXCEED and item.verb is None
    if compared:
        # "bằng 112% dự toán" is a level reached; "so với tổng số" names the base
        plan = _PLAN_AFTER.match(mt, item.end, s.end)
        item.compared = not (plan or _BASE_AFTER.match(mt, item.end, s.end))
        rest = _CLAUSE_REST.match(mt, compared.end(), next_start)
        item.end = rest.end() if rest else compared.end()
        if exceeded:
            # "vượt 2% kế hoạch": the plan exceeded by 2%, a result; "vượt 2% so với cùng kỳ": a change
            _exceeded(item, "plan" if plan else "time")
    elif exceeded and _COMPARED_BEFORE.search(mt, s.start, item.start):
        # "So với chỉ tiêu (85%), ... vượt 3,5%": the plan exceeded;
        # "So với năm 2020, ... vượt 3%": a change
        _exceeded(item, "plan" if _PLAN_COMPARED_BEFORE.search(mt, s.start, item.start) else "time")


def _exceeded(item: _Item, what: str) -> None:
    item.set(EXCEEDED_EXACT, comparator="eq")
    item.verb, item.exceeded = "level" if what == "plan" else "change", what


def _items_in_sentence(s: _Sentence, numbers: list[_Number]) -> list[_Item]:
    items: list[_Item] = []
    floor = s.start
    next_starts = [n.start for n in numbers[1:]] + [s.end]
    for number, next_start in zip(numbers, next_starts):
        item = _Item.of(number)
        cues = _read_opening(s, items, item, floor)
        _read_after(s, item, floor)
        if cues.has_from and item.comparator == "eq" and not (item.range_high or item.level_pair):
            closing = _FROM_CLOSED.match(s.mt, item.num_end, next_start)
            if closing:
                item.set(FROM_CLOSED_AFTER, comparator=_AFTER_COMPARATOR.entry(closing.group("p")))
        _read_comparison(s, item, cues, next_start)
        if items and _is_result_over_target(s, items[-1], item):
            items[-1].over_target, item.over_target = "result", "target"
        items.append(item)
        floor = item.end
    return items


def _is_result_over_target(s: _Sentence, first: _Item, second: _Item) -> bool:
    """'83,2%/50%': the second share written right after the first and its separator."""
    return bool(_OVER_TARGET_GAP.match(s.mt, first.num_end, second.num_start)
                and second.num_start - first.num_end <= 3
                and not _PARTS_JOINED.search(s.mt, s.start, first.num_start))


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
            prev.set(SUBJECT_OF_RANGE, subject=cur.subject)  # "từ 80 - 85% đảng viên ..."
            prev.set(CRITERION_OF_RANGE, criterion=cur.criterion)
        if not _LIST_GAP.match(mt[prev.end:cur.start]):
            continue
        if cur.subject is None and cur.criterion is not None and prev.subject is not None:
            cur.set(SUBJECT_OF_LIST, subject=prev.subject)
        # "giảm 1,2% so với năm 2022 (4,3%)": a bracket after the base holds its level, not a change
        base_level = prev.compared and "(" in mt[prev.end:cur.start]
        if cur.verb is None and not cur.compared and prev.kind == "other" and not base_level:
            cur.set(CHANGE_LIST, kind="other")
    for prev, cur in reversed(list(zip(items, items[1:]))):
        if prev.subject and prev.criterion is None and cur.criterion \
                and _CRITERION_GAP.match(mt[prev.end:cur.start]):
            prev.set(CRITERION_OF_LIST, criterion=cur.criterion)


# --- the kind ---------------------------------------------------------------------

@dataclass(frozen=True)
class _KindCase:
    """A share and the target rule that covers its number (None: none does)."""
    item: _Item
    cover: Optional[str]


KIND = Rules("percentages.kind")


def _when(rule: str, kind: str, holds: Callable[[_KindCase], bool]) -> None:
    """The next kind rule: ``kind`` where ``holds``."""
    KIND.rule(rule)(lambda k: kind if holds(k) else None)


# In the order they are tried; the first that holds decides.
_when("kind: the first of 'X%/Y%' is the result over its target ('83,2%/50%')", "achieved",
      lambda k: k.item.over_target == "result")
_when("kind: the second of 'X%/Y%' is the target ('83,2%/50%')", "target",
      lambda k: k.item.over_target == "target")
_when("kind: a modal verb right after the share ('100% chi bộ phải ...', 'sẽ')", "target",
      lambda k: k.item.modal)
for _target_rule in (UNDER_TARGET_HEADING, AFTER_TARGET_PHRASE, FUTURE_YEAR, NAMED_BY_TARGET_NOUN, LOCAL_TARGET_CUE):
    _when(_target_rule, "target", lambda k, rule=_target_rule: k.cover == rule)
_when("kind: a condition that says which units are meant ('các xã có trên 50% hộ ...')", "other",
      lambda k: k.item.condition)
_when("kind: the condition of a rule, closed by 'thì' ('chi bộ có dưới 30% đảng viên ... thì ...'), "
      "or a bound a rule named after it sets ('không vượt quá 20% theo quy định')", "other",
      lambda k: k.item.rule_condition)
_when("kind: 'vượt' a plan by that much is a result ('vượt 2% kế hoạch')", "achieved",
      lambda k: k.item.exceeded == "plan")
_when("kind: 'vượt' an earlier time by that much is a change ('vượt 3% so với cùng kỳ')", "other",
      lambda k: k.item.exceeded == "time")
_when("kind: the earlier level of 'từ 48% lên 73%' is reported", "achieved", lambda k: k.item.level_pair)
_when("kind: a difference named after its comparative ('cao hơn quý IV/2023 là 2,5%')", "other",
      lambda k: k.item.difference)
_when("kind: a change verb before the number ('tăng', 'giảm', 'cao hơn')", "other",
      lambda k: k.item.verb == "change")
_when("kind: a level verb before the number ('đạt', 'chiếm', 'có')", "achieved",
      lambda k: k.item.verb == "level")
_when("kind: compared with something after the number ('so với cùng kỳ')", "other",
      lambda k: k.item.compared)
_when("kind: achieved: a share stated with no target, change or comparison cue", "achieved",
      lambda k: True)


# A quoted name after a document or campaign noun: 'Đề án "Phấn đấu 100% thôn ..."'.
_TITLE = re.compile(
    rf"(?<!\w){_any(_cues('title_nouns'))}(?:\s+{_any(_cues('title_number_words'))}\s+\S+)?"
    rf"(?:\s+{_any(_cues('title_topic_words'))})?\s*[\"“][^\"”\n]{{1,300}}[\"”]")
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


def _numbers_by_sentence(doc: Doc, mt: str) -> dict:
    """The percentages of each sentence, in text order; those in a quoted name left out."""
    by_sentence: dict = {}
    # a title opens with a quote: most texts have none, and need no search for titles
    quoted = '"' in mt or "“" in mt
    titles = [_Span(m.start(), m.end()) for m in _TITLE.finditer(mt)] if quoted else []
    for number in sorted(set(_numbers(mt)), key=_Number.order):
        if titles and any(t.holds(number.start) for t in titles):
            continue  # a share in the name of a plan is not a fact reported
        span = doc._.sentences.span_at(number.start)
        if span is not None and number.end <= span.end:
            by_sentence.setdefault(span, []).append(number)
    return by_sentence


def _record(doc: Doc, item: _Item) -> Percentage:
    fact = Percentage(value=item.value, kind=item.kind, comparator=item.comparator,
                      subject=item.subject, criterion=item.criterion,
                      **fact_fields(doc, item.start, item.end))
    record_trace(doc, "percentages", fact.start, fact.end, {a: item.rules.get(a, NO_RULE) for a in _TRACED})
    return fact


def extract(doc: Doc) -> Iterator[Percentage]:
    mt = doc._.match_text  # match_form already maps Ð to đ
    if "%" not in mt and "phần trăm" not in mt:
        return
    reference_year = _reference_year(doc)
    headed = _lines_under_target_heading(mt, reference_year)
    for span, numbers in _numbers_by_sentence(doc, mt).items():
        scope = _TargetScope(mt, span.start, span.end, reference_year,
                             opened=mt.rfind("\n", 0, span.start) + 1 in headed)
        items = _items_in_sentence(_Sentence(doc, mt, span.start, span.end), numbers)
        for item in items:
            decided = KIND.first(_KindCase(item, scope.cover(item.num_start)))
            item.set(decided.rule, kind=decided.value)
        _link_list(mt, items)
        for item in items:
            yield _record(doc, item)
