"""Document references: every mention of a Party or State document identifier.

Reports of Party committees and local governments cite the documents they carry
out all the time, in three shapes:

* Party style ``SỐ-LOẠI/CƠQUAN`` (Hướng dẫn 36-HD/VPTW): ``09-NQ/TU``,
  ``08-QĐi/TW``, and as typed in real text ``21 – NQ/TW``, ``Số 01 - NQ/ĐUK``,
  ``05-Ctr/ĐUK``, ``858CV/ĐUK``;
* State style ``SỐ/NĂM/LOẠI-CƠQUAN`` or ``SỐ/LOẠI-CƠQUAN`` (Nghị định
  30/2020/NĐ-CP): ``34/2019/NĐ-CP``, ``1234/QĐ-UBND``, laws ``59/2020/QH14``;
  Party bodies sometimes number this way too (``01/NQ-ĐUK``);
* a type word and a bare number: ``Nghị quyết 39 của Bộ Chính trị``,
  ``Chỉ thị 03``, and the shorthand ``NQ21``.

Around the identifier the mention may give the signing date (after it:
``09-NQ/TU ngày 19/8/2009``; or before, in ``ngày 19/8/2009 Ban Thường vụ Tỉnh
ủy ban hành Nghị quyết số 09-NQ/TU``), the issuing body (``của Ban Bí thư``) and
the committee term (``khóa XVI``). A body a signer acts for is the issuer (``Ngày
5/3/2024, thay mặt Bộ Chính trị, đồng chí … ký ban hành Kết luận số …``), a signer's
own titles never are (``đồng chí …, Bí thư Tỉnh ủy ký …``); of bodies joined before
``ban hành`` the code says which numbered the document; a body's name may be cut by a
scraped line break (``Ban Thường vụ⏎Tỉnh ủy``) or stand between the type word and the
number (``Chỉ thị của Ban Thường vụ Tỉnh ủy số 15-CT/TU``). Patterns run on the match text (lower-case,
same length as the document text); canonical spellings of codes come from the
tables ``doc_types`` and ``issuers`` and, for unknown issuers, from the
original text. Type and issuer abbreviations must start with a capital letter
in the original, which keeps URL slugs and ordinary words out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator, Literal, Optional

from pydantic import BaseModel
from spacy.tokens import Doc

from ..dates import DATE, date_from_match
from ..lexicon import Lexicon, LexMatch, validate_table
from ..normalize import key_form
from ..numbers import words_to_int
from ..records import DocumentRef
from ..rules import NO_RULE, Decision, Rules, record_trace
from ..tables import load_table
from .common import doc_text, fact_fields, warn


# --- the tables, validated ---------------------------------------------------

class TypeCodeRow(BaseModel):
    party: str
    state: str


class TypeWordRow(BaseModel):
    words: list[str]
    doc_type: Optional[str]
    codes: Optional[list[str]]
    bare_number: bool


class IssuerRow(BaseModel):
    name: str
    system: Literal["party", "state"]
    untyped_doc_type: Optional[str] = None


class NamedDoc(BaseModel):
    doc_type: str
    type_code: Optional[str] = None
    system: Literal["party", "state"]


_TYPES = load_table("doc_types")
_TYPE_ROWS = validate_table("doc_types.type_codes", _TYPES["type_codes"], dict[str, TypeCodeRow])
_ISSUERS = load_table("issuers")
_ISSUER_ROWS = validate_table("issuers.codes", _ISSUERS["codes"], dict[str, IssuerRow])
_NAMED = load_table("named_refs")
_RESOLUTION = validate_table("named_refs.resolution", _NAMED["resolution"], NamedDoc)
_CHARTER = validate_table("named_refs.charter", _NAMED["charter"], NamedDoc)
_UNTYPED_NUMBER_DOC_TYPE: str = validate_table(
    "doc_types.untyped_number_doc_type", _TYPES["untyped_number_doc_type"], str)

# Abbreviations in match form → standard spelling.
TYPE_CODES = Lexicon("doc_types.type_codes", {
    **{code: code for code in _TYPE_ROWS},
    **validate_table("doc_types.type_code_aliases", _TYPES["type_code_aliases"], dict[str, str])})
ISSUER_CODES = Lexicon("issuers.codes", {**{c: c for c in _ISSUER_ROWS},
                                         **validate_table("issuers.aliases", _ISSUERS["aliases"], dict[str, str])})
# Type words, each mapped to its table row.
TYPE_WORDS = Lexicon.from_table("doc_types", "type_words", model=list[TypeWordRow],
                                phrases=lambda rows: [(w, row) for row in rows for w in row.words])
_BARE_BLOCKERS_WORDS = Lexicon.from_table("doc_types", "bare_number_blockers")
# The bodies behind the issuer codes ("Bộ Nội vụ") are names too.
BODIES = Lexicon("issuers.bodies", [*validate_table("issuers.bodies", _ISSUERS["bodies"], list[str]),
                                    *(row.name for row in _ISSUER_ROWS.values())])
NUMBERED = Lexicon.from_table("issuers", "numbered")
NAME_PARTS = Lexicon.from_table("issuers", "name_parts")
# a body's name goes on over a unit noun ("UBND tỉnh") and the issuers' own place nouns ("Đảng bộ khối")
_UNIT_NOUNS = validate_table("place_words.unit_nouns", load_table("place_words")["unit_nouns"], list[str])
PLACE_NOUNS = Lexicon("issuers.place_nouns",
                      [*_UNIT_NOUNS, *validate_table("issuers.place_nouns", _ISSUERS["place_nouns"], list[str])])
PREDICATE_WORDS = Lexicon.from_table("issuers", "predicate_words")
LINE_BREAK_HEADS = Lexicon.from_table("issuers", "line_break_heads")
# The names each issuer code stands for: the table's, else the code's own body name.
_CODE_NAMES = validate_table("issuers.code_names", _ISSUERS["code_names"], dict[str, list[str]])
CODE_NAMES = {code: Lexicon(f"issuers.code_names.{code}", _CODE_NAMES.get(code, [row.name]))
              for code, row in _ISSUER_ROWS.items()}


def _cues(name: str) -> Lexicon:
    return Lexicon.from_table("ref_cues", name)


NUMBER_WORDS, DATE_WORDS, YEAR_WORDS = _cues("number_words"), _cues("date_words"), _cues("year_words")
TERM_WORDS, ORDINAL_LEADS, AND_WORDS = _cues("term_words"), _cues("ordinal_leads"), _cues("and_words")
ISSUER_LEADS, ISSUING_VERBS = _cues("issuer_leads"), _cues("issuing_verbs")
VERB_ADVERBS, DATE_LEADS = _cues("verb_adverbs"), _cues("date_leads")
LIST_JOINERS, LIST_ITEM_FOLLOWERS = _cues("list_joiners"), _cues("list_item_followers")
TOPIC_WORDS = _cues("topic_words")
ON_BEHALF_LEADS, SIGNING_VERBS = _cues("on_behalf_leads"), _cues("signing_verbs")
SIGNER_TITLES, PERSON_LEADS = _cues("signer_titles"), _cues("person_leads")


def _named(name: str) -> Lexicon:
    return Lexicon.from_table("named_refs", name)


PLENUM_BODIES, CHARTERS, NAME_WORDS = _named("plenum_bodies"), _named("charters"), _named("name_words")
RESOLUTION_WORDS, PLENUM_WORDS, OF_WORDS = _named("resolution_words"), _named("plenum_words"), _named("of_words")
CENTRAL_COMMITTEE, CONGRESS_WORDS = _named("central_committee"), _named("congress_words")
TERM_YEARS_WORDS = _named("term_years_words")
ORDINALS = Lexicon.from_table("named_refs", "ordinals", model=dict[str, int])

# --- the patterns ---------------------------------------------------------------

SP = r"[ \t\u00a0]*"          # spaces inside one line
GAP = r"[ \t\u00a0]+"
DASH = r"[\-\u2010-\u2015\u2212]"
_CODE_PART = r"[a-zđ][a-zđư0-9]*"   # 'TƯ' (Trung ương) is the one code written with a tone-less ư
_CODE_PART_RE = re.compile(_CODE_PART)
_ROMAN = r"[ivxlc]+"
_ROMAN_OK = re.compile(r"^(?=[ivxlc])c{0,3}(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})$")
_NOT_AFTER = r"(?<![\w/.\-\u2010-\u2015])"
_NUMBER_WORD_END = r"(?![^\W\d_])"   # a number word ends where no letter follows: "số 15", "số15", "số:"


def _any(lexicon: Lexicon) -> str:
    return f"(?:{lexicon.pattern})"


_NUMBER_WORD, _DATE_WORD, _YEAR_WORD = _any(NUMBER_WORDS), _any(DATE_WORDS), _any(YEAR_WORDS)
# where an identifier's number may start: not inside a word, a code or a number, but
# right after a number word it is glued to ("Nghị quyết số15-NQ/TU", a space lost in
# scraping; the match then starts at the number word, the identifier at "num")
_NUMBER_START = rf"(?:(?<!\w){_NUMBER_WORD}(?=\d)|{_NOT_AFTER})"
_TERM_WORD, _ORDINAL_LEAD = _any(TERM_WORDS), _any(ORDINAL_LEADS)

PARTY_RE = re.compile(
    _NUMBER_START + rf"(?P<num>\d{{1,4}})(?:{SP}{DASH}{SP}|(?=[a-zđ])|(?P<space>{GAP}))"
    rf"(?P<type>{TYPE_CODES.pattern}){SP}/{SP}(?P<issuer>{_CODE_PART})(?P<joint>(?:-{_CODE_PART})*)(?!\w)")
STATE_RE = re.compile(
    _NUMBER_START + rf"(?P<num>\d{{1,5}}){SP}/{SP}(?:(?P<year>(?:19|20)\d\d){SP}/{SP})?"
    rf"(?P<rest>{_CODE_PART}(?:{SP}{DASH}{SP}{_CODE_PART})?(?:{DASH}{_CODE_PART})*)(?!\w)")
# "NQ21": the capitals are what make it a type code glued to a number
SHORTHAND = Lexicon("doc_types.shorthand", _TYPES["shorthand"], exact_case=True)
SHORTHAND_RE = re.compile(rf"(?<![\w/\-])(?P<type>{SHORTHAND.pattern}) ?(?P<num>\d{{1,3}})(?![\w/\-]|[.,]\d)")

# What may stand right before an identifier: "Nghị quyết số", "Quy định", "Số".
_BEFORE_CODE_RE = re.compile(
    rf"(?<!\w)(?:(?P<word>{TYPE_WORDS.pattern}){SP}(?:{_NUMBER_WORD}{_NUMBER_WORD_END})?"
    rf"|{_NUMBER_WORD}{_NUMBER_WORD_END}){SP}:?{SP}$")
# "Chỉ thị của Ban Thường vụ Tỉnh ủy số 15-CT/TU": a type word, then its issuer
_TYPE_AND_LEAD_RE = re.compile(rf"(?<!\w)(?P<word>{TYPE_WORDS.pattern}){GAP}{_any(ISSUER_LEADS)}{GAP}")
_BARE_RE = re.compile(rf"(?<!\w)(?P<word>{TYPE_WORDS.pattern})(?:{SP}\({SP}[a-zđ]{{2,4}}{SP}\))?"
                      rf"(?P<so>{GAP}{_NUMBER_WORD})?{SP}:?{SP}(?P<num>\d{{1,4}})(?![\w/])")
# "Nghị quyết số 18, 19 của …": more bare numbers of the same type.
_BARE_MORE_RE = re.compile(
    rf"{SP}(?:,|{GAP}{_any(AND_WORDS)}){SP}(?P<num>\d{{1,4}})(?![\w/])"
    rf"(?={SP}(?:[,.;:()\n]|$)|{GAP}{_any(LIST_ITEM_FOLLOWERS)}(?!\w))")
_BARE_BLOCKERS = re.compile(rf"{GAP}{_any(_BARE_BLOCKERS_WORDS)}(?!\w)|{SP}%")
_YEAR_AFTER = re.compile(rf"{GAP}{_YEAR_WORD}{GAP}(?:19|20)\d\d(?!{SP}{DASH}{SP}\d)(?!\w)")
_DATE_NEXT_RE = re.compile(rf"{GAP}{_DATE_WORD}{GAP}{DATE}")
_NUMBER_GOES_ON = re.compile(rf"[.,]\d|{SP}{DASH}{SP}[\da-zđ]")

# Issuing bodies.
_BODY_NUMBER_RE = re.compile(rf"{GAP}(?:\d{{1,3}}|{_ROMAN}|{_ORDINAL_LEAD}{GAP}\w+)(?!\w)")
_TERM = (rf"\(?{SP}{_TERM_WORD}{GAP}(?P<term>{_ROMAN}|\d{{1,2}})(?!\w)"
         rf"(?:{SP},{SP}{_TERM_WORD}{GAP}(?:{_ROMAN}|\d{{1,2}})(?!\w))*(?:{SP}\))?")
_TERM_RE = re.compile(rf"{SP},?{SP}{_TERM}")
_TERM_END_RE = re.compile(rf"{_TERM}{SP}$")

# The signing date after the identifier: "ngày 19/8/2009", ", ngày ...",
# "(ngày ...)", "ban hành ngày ...". "từ ngày", "vào ngày" alone are not it.
_ADVERBS = rf"(?:{_any(VERB_ADVERBS)}{GAP})*"
_DATE_AFTER_RE = re.compile(
    rf"{SP}(?P<comma>,)?{SP}\(?{SP}(?:{_any(DATE_LEADS)}{GAP})?{_DATE_WORD}{GAP}{DATE}(?:{SP}\))?")
_PAREN_DATE_RE = re.compile(rf"{SP}\({SP}{DATE}{SP}\)")
# The heading of a document itself: "Số 125-KH/TU    Hà Tĩnh, ngày 20 tháng 3 năm 2024".
_PLACE_DATE_RE = re.compile(
    rf"{SP}(?:,|\n)?{SP}(?P<place>\w+(?:{GAP}\w+){{0,3}}){SP},{SP}{_DATE_WORD}{GAP}{DATE}")
_LIST_JOINER_RE = re.compile(rf"{SP}(?:{_any(LIST_JOINERS)}{SP})+$")
_ISSUER_LEAD_RE = re.compile(rf"{SP},?{SP}{_any(ISSUER_LEADS)}{GAP}")
_ISSUED_BY_RE = re.compile(rf"{GAP}{_ADVERBS}{_any(ISSUING_VERBS)}(?!\w)")
_CLAUSE_END_RE = re.compile(rf"{SP}(?:[;.)\n]|$)")
_TOPIC_RE = re.compile(rf"{GAP}{_any(TOPIC_WORDS)}(?!\w)(?!{GAP}(?:{PREDICATE_WORDS.pattern})(?!\w))")
_TOPIC_AT_RE = re.compile(rf"{_any(TOPIC_WORDS)}(?!\w)")
_LEAD_RE = re.compile(rf"{SP}(?P<comma>,)?{SP}")
# Before the identifier: "[ngày D] [Body] [(khóa X)] [đã] ban hành <type word>".
_ISSUING_VERB_RE = re.compile(rf"(?<!\w){_ADVERBS}{_any(ISSUING_VERBS)}{GAP}$")
_DATE_BEFORE_RE = re.compile(rf"(?<!\w){_DATE_WORD}{GAP}{DATE}{SP},?{SP}$")
# "thay mặt Bộ Chính trị, đồng chí … đã ký ban hành": the lead, and the signer up to the verb
# (one clause: no sentence mark, no line break between)
_ON_BEHALF_RE = re.compile(rf"(?<!\w){_any(ON_BEHALF_LEADS)}{GAP}")
_SIGNER_RE = re.compile(r"[ \t\u00a0]*,[^.;:!?\n]*")
_SIGNING_VERB_RE = re.compile(rf"{_ADVERBS}{_any(SIGNING_VERBS)}{GAP}")
_CLAUSE_RE = re.compile(r"[^.;:!?\n]*")
_COMMA_RE = re.compile(rf"{SP},{SP}")
# "đồng chí Trương Thị Mai, " right before a title or a body's name
_PERSON_BEFORE_RE = re.compile(rf"(?<!\w){_any(PERSON_LEADS)}(?P<name>(?:{GAP}\w+){{0,5}}){SP},?{SP}$")
# bodies joined before the verb: "Ban Thường vụ Tỉnh ủy và UBND tỉnh", "…, UBND tỉnh",
# "Liên tịch Sở Nội vụ - Ban Tổ chức Tỉnh ủy"
_JOINER_BEFORE_RE = re.compile(rf"(?:{SP},|{GAP}{_any(AND_WORDS)}|{GAP}{DASH}){SP}$")
_LEAD_BEFORE_RE = re.compile(rf"(?<!\w){_any(ISSUER_LEADS)}{GAP}$")
_LOOKBACK = 200

# Documents cited by name, without a number (data: named_refs).
_ORDINAL_WORD = r"[a-zđàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]+(?:\s+[a-zàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]+)?"
_PLENUM_RE = re.compile(
    rf"(?<!\w){_any(RESOLUTION_WORDS)}{GAP}(?P<name>(?:{_any(PLENUM_WORDS)}{GAP})?(?:"
    rf"{_any(PLENUM_BODIES)}{SP}(?P<num>\d{{1,2}})(?!\w)"
    rf"|{_ORDINAL_LEAD}{GAP}(?P<word>\d{{1,2}}|{_ORDINAL_WORD}){GAP}(?:{_any(OF_WORDS)}{GAP})?"
    rf"{_any(CENTRAL_COMMITTEE)}(?!\w)))")
_CONGRESS_HEAD_RE = re.compile(
    rf"(?<!\w){_any(RESOLUTION_WORDS)}{GAP}(?P<congress>{_any(CONGRESS_WORDS)})(?:{GAP}(?P<roman>{_ROMAN})(?!\w))?")
_CONGRESS_NUMBER_RE = re.compile(rf"{_ORDINAL_LEAD}{GAP}(?P<num>{_ROMAN}|\d{{1,2}})(?!\w)")
_TERM_YEARS_RE = re.compile(
    rf"\(?{SP}{_any(TERM_YEARS_WORDS)}{GAP}(?:19|20)\d\d{SP}{DASH}{SP}(?:19|20)\d\d(?!\d)(?:{SP}\))?")
# "19-NQ/TW Hội nghị Trung ương 6": the plenum an issuer's name gives.
_ISSUER_PLENUM_RE = re.compile(rf"{_any(PLENUM_WORDS)} (?:{_any(PLENUM_BODIES)}|{_ORDINAL_LEAD}) (\w+)")
_GAP_RE = re.compile(GAP)
_SP_RE = re.compile(SP)
_WORD_RE = re.compile(r"\w+(?:['\u2019]\w+)*")   # "Cư M'gar", "Ea H'leo": one word
_NAME_TOKEN_RE = re.compile(r"[^\s,.;:()]+")

# Attributes that the rule finding an identifier decides.
_IDENTITY = ("code", "number", "year", "type_code", "issuer_code", "system", "doc_type")
_TRACED = (*_IDENTITY, "issued_date", "issuer", "term", "plenum", "congress")


@dataclass
class _Ref:
    start: int
    end: int
    number: str
    code: Optional[str] = None
    doc_type: Optional[str] = None
    type_code: Optional[str] = None
    issuer_code: Optional[str] = None
    system: Optional[str] = None
    year: Optional[int] = None
    issued_date: Optional[str] = None
    issuer: Optional[str] = None
    term: Optional[str] = None
    plenum: Optional[int] = None
    congress: Optional[str] = None
    type_word: Optional[TypeWordRow] = field(default=None, repr=False)
    led: bool = field(default=False, repr=False)  # issuer/date came from before the identifier
    led_date: Optional[str] = field(default=None, repr=False)  # the date written before the issuing verb
    rules: dict[str, str] = field(default_factory=dict, repr=False)  # attribute -> rule that set it

    def found_by(self, rule: str) -> "_Ref":
        """Record the rule that found the identifier as the source of what it decided."""
        self.rules.update({a: rule for a in _IDENTITY})
        return self

    def set(self, rule: str, **values) -> None:
        for attr, value in values.items():
            setattr(self, attr, value)
            self.rules[attr] = rule


def to_roman(term: str) -> Optional[str]:
    """'13' → 'XIII', 'xvi' → 'XVI'; None for what is not a term number."""
    if term.isdigit():
        n = int(term)
        if not 0 < n < 400:
            return None
        out = []
        for value, letters in ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"),
                               (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
            while n >= value:
                out.append(letters)
                n -= value
        return "".join(out)
    low = term.lower()
    return low.upper() if _ROMAN_OK.match(low) else None


def _issuer_code(written: str) -> str:
    """Standard spelling of an issuer abbreviation, 'QH14' included; unknown codes as
    written, in capitals when written all in lower case ('ubkthu')."""
    if written in ISSUER_CODES:
        return ISSUER_CODES.entry(written)
    m = re.fullmatch(r"(\D+)(\d+)", written)
    if m and m.group(1) in ISSUER_CODES:
        return ISSUER_CODES.entry(m.group(1)) + m.group(2)
    return written.upper() if written.islower() else written


def _issuer_row(code: Optional[str]) -> Optional[IssuerRow]:
    if not code:
        return None
    return _ISSUER_ROWS.get(re.sub(r"\d+$", "", code.split("-")[0]))


def _capitalized(text: str, start: int) -> bool:
    return text[start].isupper()


def _type_name(type_code: Optional[str], system: str) -> Optional[str]:
    row = _TYPE_ROWS.get(type_code or "")
    return getattr(row, system) if row else None


def _overlaps(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in taken)


# --- identifiers ---------------------------------------------------------

PARTY_NUMBER = "party-style number: number-TYPE/ISSUER"
STATE_NUMBER = "state-style number: number/[year/]TYPE-ISSUER"
BARE_NUMBER = "type word and a bare number: Nghị quyết 39"
BARE_LIST_NUMBER = "further bare number of a list: Nghị quyết số 18, 19"
SHORTHAND = "shorthand: NQ21"


def _typed_before(mt: str, pos: int) -> Optional[re.Match]:
    """'Nghị quyết số', 'Số', 'Quy định' right before pos."""
    return _BEFORE_CODE_RE.search(mt, max(0, pos - 60), pos)


def _type_word_before(mt: str, pos: int) -> bool:
    """A type word right before pos ('nghị quyết số'): then even a code typed in
    lower case ('21-nq/tw') is a document's, where alone it may be a URL's slug."""
    typed = _typed_before(mt, pos)
    return bool(typed and typed.group("word"))


def _written_as_code(doc: Doc, m: re.Match) -> bool:
    """Type and issuer abbreviations with capitals ('09-NQ/TU'), or both in lower case
    with the dash after a type word ('nghị quyết số 21-nq/tw'), which no ratio
    ('Kế hoạch 3 tt/năm') is."""
    text = doc_text(doc)
    if _capitalized(text, m.start("type")) and _capitalized(text, m.start("issuer")):
        return True
    in_lower_case = text[m.start("type"):m.end("issuer")].islower()
    dashed = m.group("space") is None and m.start("type") > m.end("num")
    return in_lower_case and dashed and _type_word_before(doc._.match_text, m.start("num"))


def _party_ref(doc: Doc, m: re.Match) -> Optional[_Ref]:
    text = doc_text(doc)
    if not _written_as_code(doc, m):
        return None
    if m.group("space") is not None and not _typed_before(doc._.match_text, m.start("num")):
        return None  # "787 CV/ĐUK" is a number only after "số" or a type word: "Công văn số 787 CV/ĐUK"
    type_code = TYPE_CODES.entry(m.group("type"))
    issuers, end = [text[m.start("issuer"):m.end("issuer")]], m.end("issuer")
    for joint in _CODE_PART_RE.finditer(doc._.match_text, m.start("joint"), m.end("joint")):
        if _capitalized(text, joint.start()) != _capitalized(text, m.start("issuer")):
            break  # "09-NQ/TU-HĐND": bodies issuing jointly; not "09-NQ/TU-ngày"
        issuers.append(text[joint.start():joint.end()])
        end = joint.end()
    issuer_code = "-".join(_issuer_code(written) for written in issuers)
    number = m.group("num")
    return _Ref(m.start("num"), end, number, code=f"{number.zfill(2)}-{type_code}/{issuer_code}",
                type_code=type_code, issuer_code=issuer_code, system="party").found_by(PARTY_NUMBER)


def _capitalized_parts(doc: Doc, m: re.Match) -> list[tuple[int, int]]:
    """The code parts after the number, up to the first not written with a capital;
    after a type word, a type code and an issuer typed in lower case too
    ('quyết định số 1234/qđ-ubnd')."""
    text, parts = doc_text(doc), []
    written = [(m.start("rest") + p.start(), m.start("rest") + p.end())
               for p in re.finditer(_CODE_PART, doc._.match_text[m.start("rest"):m.end("rest")])]
    in_lower_case = len(written) > 1 and not any(_capitalized(text, s) for s, _ in written)
    if in_lower_case and text[slice(*written[0])] in TYPE_CODES and _type_word_before(doc._.match_text, m.start("num")):
        return written
    for s, e in written:
        if not _capitalized(text, s):
            break
        parts.append((s, e))
    return parts


def _type_and_issuer(written: list[str], typed: bool) -> tuple[Optional[str], Optional[str]]:
    """'NĐ', 'CP' → (NĐ, CP); 'UBND', 'VP' → (None, UBND-VP); 'QĐ' alone → (QĐ, None) when typed."""
    first = TYPE_CODES.entry(written[0]) if written[0] in TYPE_CODES else None
    if first and len(written) > 1:
        return first, "-".join(_issuer_code(w) for w in written[1:])
    if first and typed:
        return first, None
    return None, "-".join(_issuer_code(w) for w in written)


def _numbers_untyped(row: Optional[IssuerRow], year: Optional[str]) -> bool:
    """'59/2020/QH14': an issuer with one document type numbers it without a type code."""
    return bool(year and row and row.untyped_doc_type)


def _state_code(number: str, year: Optional[str], type_code: Optional[str], issuer_code: Optional[str]) -> str:
    tail = "-".join(filter(None, (type_code, issuer_code)))
    return "/".join(x for x in (number, year, tail) if x)


def _state_ref(doc: Doc, m: re.Match, typed: bool) -> Optional[_Ref]:
    """``34/2019/NĐ-CP``, ``1234/QĐ-UBND``, ``59/2020/QH14``; ``123/UBND-VP`` (a
    công văn, numbered by its issuer) only when ``typed`` (a type word or 'số'
    stands before it)."""
    parts = _capitalized_parts(doc, m)
    if not parts:
        return None
    text = doc_text(doc)
    number, year = m.group("num"), m.group("year")
    type_code, issuer_code = _type_and_issuer([text[s:e] for s, e in parts], typed)
    row = _issuer_row(issuer_code)
    if type_code is None and not typed and not _numbers_untyped(row, year):
        return None
    ref = _Ref(m.start("num"), parts[-1][1], number, code=_state_code(number, year, type_code, issuer_code),
               type_code=type_code, issuer_code=issuer_code, system=row.system if row else "state",
               year=int(year) if year else None).found_by(STATE_NUMBER)
    if type_code is None:
        _untyped_doc_type(ref, row, year)
    return ref


def _untyped_doc_type(ref: _Ref, row: Optional[IssuerRow], year: Optional[str]) -> None:
    """'59/2020/QH14' is a law of the 14th National Assembly; '123/UBND-VP' a công văn."""
    if row and row.untyped_doc_type:
        ref.set("the issuer's one document type (QH: Luật)", doc_type=row.untyped_doc_type)
    elif not year:
        ref.set("a number with neither type nor year is a công văn", doc_type=_UNTYPED_NUMBER_DOC_TYPE)
    else:
        ref.doc_type = None
    term = re.search(r"(\d+)$", ref.issuer_code.split("-")[0])
    if term and ref.doc_type:
        ref.set("term in the issuer code (QH14)", term=to_roman(term.group(1)))


def _code_refs(doc: Doc) -> list[_Ref]:
    mt = doc._.match_text
    refs = [r for r in (_party_ref(doc, m) for m in PARTY_RE.finditer(mt)) if r]
    for m in STATE_RE.finditer(mt):
        if any(r.start <= m.start("num") < r.end for r in refs):
            continue
        ref = _state_ref(doc, m, _typed_before(mt, m.start("num")) is not None)
        if ref:
            refs.append(ref)
    return sorted(refs, key=lambda r: r.start)


DOC_TYPE = Rules("document_refs.doc_type")


@DOC_TYPE.rule("type word before the number agrees with its code")
def _agreeing_type_word(ref: _Ref) -> Optional[str]:
    row = ref.type_word
    agrees = row is not None and row.doc_type and (
        row.codes is None or ref.type_code in row.codes or ref.type_code is None)
    return row.doc_type if agrees else None


@DOC_TYPE.rule("type named by the type code")
def _type_of_code(ref: _Ref) -> Optional[str]:
    return _type_name(ref.type_code, ref.system or "party") if ref.doc_type is None else None


TYPE_WORD_AND_ISSUER = "issuer between the type word and the number (Chỉ thị của Ban Thường vụ Tỉnh ủy số 15-CT/TU)"


def _type_word_and_issuer(doc: Doc, ref: _Ref, number_word: int) -> Optional[tuple[re.Match, int]]:
    """'Chỉ thị của Ban Thường vụ Tỉnh ủy số 15-CT/TU': the type word and its issuer before
    the number word at number_word, as (type word and lead, where the body's name ends),
    when the type word agrees with the code; None otherwise."""
    mt = doc._.match_text
    body_end = _back_over_spaces(mt, number_word, 0)
    for m in reversed(list(_TYPE_AND_LEAD_RE.finditer(mt, max(0, number_word - _LOOKBACK), number_word))):
        row = TYPE_WORDS.entry(m.group("word"))
        agrees = row.doc_type and (row.codes is None or ref.type_code in row.codes)
        if agrees and _issuer_end(doc, m.end(), until=body_end) == body_end:
            return m, body_end
    return None


def _attach_type_word(doc: Doc, ref: _Ref) -> None:
    """Extend the mention back over 'Nghị quyết số' / 'Số' (or 'Chỉ thị của <body> số')
    and take its doc_type."""
    m = _typed_before(doc._.match_text, ref.start)
    issued = _type_word_and_issuer(doc, ref, m.start()) if m and not m.group("word") else None
    if issued:
        lead, body_end = issued
        ref.start, ref.type_word = lead.start(), TYPE_WORDS.entry(lead.group("word"))
        ref.set(TYPE_WORD_AND_ISSUER, issuer=_name(doc, lead.end(), body_end))
    elif m:
        ref.start = m.start()
        if m.group("word"):
            ref.type_word = TYPE_WORDS.entry(m.group("word"))
    hit = DOC_TYPE.first(ref)
    if hit:
        ref.set(hit.rule, doc_type=hit.value)


def _bare_row(doc: Doc, m: re.Match) -> Optional[TypeWordRow]:
    """The type word's row when 'Nghị quyết 39' at m is a document, else None."""
    mt, after = doc._.match_text, m.end()
    row = TYPE_WORDS.entry(m.group("word"))
    if not m.group("so") and not (row.bare_number and _capitalized(doc_text(doc), m.start())):
        return None
    if _NUMBER_GOES_ON.match(mt, after):
        return None
    # "Kế hoạch 5 năm" is a span of time; "Nghị quyết 39 năm 2015" and
    # "Nghị quyết 39 ngày 17/4/2015" are documents.
    if _BARE_BLOCKERS.match(mt, after) and not (_YEAR_AFTER.match(mt, after) or _DATE_NEXT_RE.match(mt, after)):
        return None
    return row if row.doc_type else None


def _bare_list(mt: str, first: _Ref, row: TypeWordRow) -> list[_Ref]:
    """'Nghị quyết số 18, 19 của …': the further numbers of the list after first."""
    refs, end = [], first.end
    while True:
        more = _BARE_MORE_RE.match(mt, end)
        if not more or _NUMBER_GOES_ON.match(mt, more.end()) or _BARE_BLOCKERS.match(mt, more.end()):
            return refs
        refs.append(_Ref(more.start("num"), more.end(), more.group("num"), doc_type=row.doc_type,
                         type_code=first.type_code, type_word=row).found_by(BARE_LIST_NUMBER))
        end = more.end()


def _bare_refs(doc: Doc, taken: list[tuple[int, int]]) -> list[_Ref]:
    """'Nghị quyết 39', 'Chỉ thị số 03': a type word and a bare number (code null)."""
    mt = doc._.match_text
    refs = []
    for m in _BARE_RE.finditer(mt):
        row = None if _overlaps(taken, m.start(), m.end()) else _bare_row(doc, m)
        if row is None:
            continue
        codes = row.codes or []
        year = _YEAR_AFTER.match(mt, m.end())
        ref = _Ref(m.start(), year.end() if year else m.end(), m.group("num"), doc_type=row.doc_type,
                   type_code=codes[0] if len(codes) == 1 else None, type_word=row).found_by(BARE_NUMBER)
        refs += [ref, *([] if year else _bare_list(mt, ref, row))]
    return refs


CODE_OF_LIST = "bare number of a list whose last item carries the code: Nghị quyết số 18, 19-NQ/TW"
_CODE_NUMBER_RE = re.compile(r"(\d+)([-/])(.*)", re.S)


def _renumbered(code: str, number: str) -> str:
    """'19-NQ/TW' with number '9' is '09-NQ/TW'; '19/QĐ-UBND' with '18' is '18/QĐ-UBND'."""
    _, layout, rest = _CODE_NUMBER_RE.fullmatch(code).groups()
    return f"{number.zfill(2) if layout == '-' else number}{layout}{rest}"


def _codes_along_lists(doc: Doc, refs: list[_Ref]) -> None:
    """'Nghị quyết số 18, 19-NQ/TW', 'Nghị quyết 01, 02 và 03-NQ/HU': one type word,
    numbers joined by ',', 'và' or 'đến', the code written once after the last:
    each bare number is a document of that code. Only when the code has no type
    word of its own and agrees with the list's ('Nghị quyết 39 và Chỉ thị 05-CT/TW'
    shares nothing), and not for a number that has its year ('Nghị quyết 39 năm
    2015 và 09-NQ/TU'). From the last back, so that the code passes along the list."""
    mt = doc._.match_text
    for ref, nxt in reversed(list(zip(refs, refs[1:]))):
        row = ref.type_word
        if (ref.code is not None or ref.rules.get("code") not in (BARE_NUMBER, BARE_LIST_NUMBER)
                or _YEAR_AFTER.search(mt, ref.start, ref.end) or nxt.code is None
                or nxt.type_word is not None and nxt.rules.get("code") != CODE_OF_LIST
                or row is None or (row.codes is not None and nxt.type_code not in row.codes)
                or not _LIST_JOINER_RE.match(mt, ref.end, nxt.start)):
            continue
        ref.set(CODE_OF_LIST, code=_renumbered(nxt.code, ref.number), type_code=nxt.type_code,
                issuer_code=nxt.issuer_code, system=nxt.system, year=nxt.year)


def _shorthand_refs(doc: Doc, taken: list[tuple[int, int]]) -> list[_Ref]:
    """'NQ21': type abbreviation glued to a number, upper-case as written."""
    refs = []
    mt = doc._.match_text
    for m in SHORTHAND_RE.finditer(doc_text(doc)):
        if _overlaps(taken, m.start(), m.end()) or mt[m.start()].isspace():
            continue  # taken, or blanked in the match text (a related-news block)
        type_code = m.group("type")
        refs.append(_Ref(m.start(), m.end(), m.group("num"), doc_type=_type_name(type_code, "party"),
                         type_code=type_code).found_by(SHORTHAND))
    return refs


# --- an issuing body's name ------------------------------------------------

@dataclass(frozen=True)
class _NameAt:
    """The next word of a body's name being read: at pos, with lower_run
    lower-case syllables taken since its last capitalized word (None: none may
    be), and ``until`` where the name is known to end (or None)."""
    doc: Doc
    pos: int
    until: Optional[int]
    lower_run: Optional[int]


@dataclass(frozen=True)
class _NameStep:
    """The name now ends at ``end``; ``stop``: it ends there for good."""
    end: int
    lower_run: Optional[int]
    stop: bool = False


NAME_STEPS = Rules("document_refs.issuer_name")


@NAME_STEPS.rule("a verb not written as a name's word, or 'về', ends the name (Tỉnh ủy tổ chức …)")
def _predicate_word(at: _NameAt) -> Optional[_NameStep]:
    # before the table rule: "tổ chức", "hội nghị", "kiểm tra" are also words of
    # names ("Ban Tổ chức"), written with a capital; in lower case, or in a heading
    # all in capitals ("… TỈNH ỦY TỔ CHỨC …"), they are the body's verb
    mt, text = at.doc._.match_text, doc_text(at.doc)
    verb = PREDICATE_WORDS.starting_at(mt, at.pos)
    as_verb = verb and (not _capitalized(text, at.pos) or text[verb.start:verb.end].isupper())
    return _NameStep(at.pos, None, stop=True) if as_verb or _TOPIC_AT_RE.match(mt, at.pos) else None


def _with_number(mt: str, part: LexMatch) -> int:
    """'Hội nghị Trung ương 6', 'Ban Chỉ đạo 35': a numbered body takes its number."""
    if part.key in NUMBERED:
        n = _BODY_NUMBER_RE.match(mt, part.end)
        return n.end() if n else part.end
    return part.end


@NAME_STEPS.rule("a body, name part or place noun from the tables")
def _table_name_part(at: _NameAt) -> Optional[_NameStep]:
    mt = at.doc._.match_text
    part = (BODIES.starting_at(mt, at.pos) or NAME_PARTS.starting_at(mt, at.pos)
            or PLACE_NOUNS.starting_at(mt, at.pos))
    return _NameStep(_with_number(mt, part), None) if part else None


@NAME_STEPS.rule("a capitalized word")
def _capitalized_word(at: _NameAt) -> Optional[_NameStep]:
    text = doc_text(at.doc)
    word = _WORD_RE.match(text, at.pos)
    if word and _capitalized(text, at.pos) and not word.group(0)[0].isdigit():
        return _NameStep(word.end(), 0)
    return None


@NAME_STEPS.rule("up to two lower-case syllables after a capitalized word, before the verb")
def _lower_case_word(at: _NameAt) -> Optional[_NameStep]:
    # "và" stops the run: "Huyện ủy Can Lộc họp và ban hành …" names no "… họp và";
    # so does a number: "Huyện ủy Can Lộc năm 2023 ban hành …" names no "… năm 2023"
    word = _WORD_RE.match(doc_text(at.doc), at.pos)
    if (word and at.until is not None and at.lower_run is not None and at.lower_run < 2
            and word.end() <= at.until and word.group(0).islower() and word.group(0) not in AND_WORDS):
        return _NameStep(word.end(), at.lower_run + 1)
    return None


def _name(doc: Doc, start: int, end: int) -> str:
    """A body's name as written, on one line ('Ban Thường vụ⏎Tỉnh ủy' is 'Ban Thường vụ Tỉnh ủy')."""
    return " ".join(doc_text(doc)[start:end].split())


_LINE_BREAK_RE = re.compile(rf"{SP}\n{SP}(?=\w)")


def _next_word(doc: Doc, name_start: int, pos: int) -> Optional[int]:
    """Where the next word of a name read from name_start up to pos starts: after spaces,
    or over one line break that cuts the name (a scraped or wrapped line): the next line
    goes on in lower case ('Ủy ban nhân dân⏎tỉnh'), or a committee's name ends the line
    and a body opens the next ('Ban Thường vụ⏎Tỉnh ủy'), which no heading repeated on
    the next line ('… Tỉnh ủy⏎Ban Thường vụ …') is. None: the name cannot go on."""
    mt = doc._.match_text
    gap = _GAP_RE.match(mt, pos)
    if gap:
        return gap.end()
    wrap = _LINE_BREAK_RE.match(mt, pos)
    if wrap is None:
        return None
    if doc_text(doc)[wrap.end()].islower():
        return wrap.end()
    head = LINE_BREAK_HEADS.ending_at(mt, pos, name_start)
    return wrap.end() if head and BODIES.starting_at(mt, wrap.end()) else None


def _issuer_end(doc: Doc, pos: int, until: Optional[int] = None) -> Optional[int]:
    """End of an issuing body's name starting at pos ('BTV Tỉnh ủy Hà Tĩnh'), or None.

    With ``until`` (the name is known to end there, before 'ban hành'), the
    lower-case syllables that follow a capitalized word of the name are part of
    it ('Sở Giáo dục và Đào tạo', 'Đảng ủy Khối Doanh nghiệp tỉnh'); without
    it they are not, as 'Tỉnh ủy Quảng Nam về …' shows."""
    mt = doc._.match_text
    head = BODIES.starting_at(mt, pos)
    if not head or not _capitalized(doc_text(doc), pos):  # bodies are names: "Ban Thường vụ", not "hội nghị"
        return None
    step = _NameStep(_with_number(mt, head), None)
    for _ in range(16):
        nxt = _next_word(doc, pos, step.end)
        if (until is not None and step.end >= until) or nxt is None or nxt >= len(mt):
            break
        if TERM_WORDS.starting_at(mt, nxt):
            break
        hit = NAME_STEPS.first(_NameAt(doc, nxt, until, step.lower_run))
        if hit is None or hit.value.stop:
            break
        step = hit.value
    return step.end


@dataclass(frozen=True)
class _Body:
    """A body named at start:end; ``apposition``: it names the issuer of what precedes it."""
    start: int
    end: int
    apposition: bool


def _body_after_date(doc: Doc, pos: int) -> Optional[_Body]:
    """A body named right after a signing date (or an identifier).

    "ngày 17/11/2022 Hội nghị Trung ương 6 khóa 13" and "(22/9/2021) Bộ Chính
    trị về …" name the issuing body (then a term, the clause's end or the
    document's subject: 'về', but not 'về dự', 'về kiểm tra'); "ngày 20/8/2024
    Ban Thường vụ Tỉnh ủy tổ chức hội nghị" opens a new clause whose subject is
    the body, so the date is that event's, not the document's.
    """
    mt = doc._.match_text
    lead = _LEAD_RE.match(mt, pos)
    end = _issuer_end(doc, lead.end())
    if end is None:
        return None
    apposition = not lead.group("comma") and lead.end() > pos and bool(
        _TERM_RE.match(mt, end) or _CLAUSE_END_RE.match(mt, end) or _TOPIC_RE.match(mt, end)
        or BODIES.starting_at(mt, lead.end()).key in NUMBERED)
    return _Body(lead.end(), end, apposition)


def _heading_place_date(doc: Doc, pos: int) -> Optional[re.Match]:
    """The place and date line of a document heading, right after its number."""
    m = _PLACE_DATE_RE.match(doc._.match_text, pos)
    if not m or BODIES.starting_at(doc._.match_text, m.start("place")):
        return None
    text = doc_text(doc)
    words = _WORD_RE.finditer(text, m.start("place"), m.end("place"))
    return m if all(_capitalized(text, w.start()) for w in words) else None


# --- what stands after the identifier ----------------------------------------

@dataclass(frozen=True)
class _At:
    """Reading what follows identifier ``ref`` at pos (``first``: right after it), up to limit."""
    doc: Doc
    ref: _Ref
    pos: int
    limit: int
    first: bool


@dataclass(frozen=True)
class _Step:
    """What a rule read: the mention now ends at ``end`` with ``values`` set;
    reading goes on at ``resume`` (default: end); ``stop``: reading stops here."""
    end: int
    values: dict
    resume: Optional[int] = None
    stop: bool = False


TRAILING = Rules("document_refs.after_identifier")


def _trailing_date(at: _At) -> Optional[tuple[re.Match, str]]:
    """A signing date at pos ('ngày 19/8/2009', '(19/8/2009)', a heading's 'Hà Tĩnh, ngày …')
    while the identifier has none."""
    mt = at.doc._.match_text
    m = _DATE_AFTER_RE.match(mt, at.pos) or _PAREN_DATE_RE.match(mt, at.pos) or _heading_place_date(at.doc, at.pos)
    date = date_from_match(m) if m and m.end() <= at.limit else None
    return (m, date) if date and at.ref.issued_date is None else None


@TRAILING.rule("a date after a comma, then a clause: an event's date, not the signing date")
def _event_date(at: _At) -> Optional[_Step]:
    found = _trailing_date(at)
    body = _body_after_date(at.doc, found[0].end()) if found else None
    # "…, ngày 20/8/2024(,) Ban Thường vụ Tỉnh ủy tổ chức…"
    comma = found and "comma" in found[0].re.groupindex and found[0].group("comma")
    return _Step(at.pos, {}, stop=True) if body and not body.apposition and comma else None


@TRAILING.rule("signing date, then the issuing body in apposition")
def _date_then_body(at: _At) -> Optional[_Step]:
    found = _trailing_date(at)
    body = _body_after_date(at.doc, found[0].end()) if found else None
    if body and body.apposition and at.ref.issuer is None and body.end <= at.limit:
        return _Step(body.end, {"issued_date": found[1], "issuer": _name(at.doc, body.start, body.end)})
    return None


@TRAILING.rule("signing date after the identifier")
def _signing_date(at: _At) -> Optional[_Step]:
    found = _trailing_date(at)
    return _Step(found[0].end(), {"issued_date": found[1]}) if found else None


@TRAILING.rule("issuing body in apposition right after the identifier")
def _body_in_apposition(at: _At) -> Optional[_Step]:
    # "Nghị quyết 19-NQ/TW Hội nghị Trung ương 6 (khóa XII)"
    if not at.first or at.ref.issuer is not None:
        return None
    body = _body_after_date(at.doc, at.pos)
    if body and body.apposition and body.end <= at.limit:
        return _Step(body.end, {"issuer": _name(at.doc, body.start, body.end)})
    return None


def _issuing_codes(ref: _Ref) -> list[str]:
    """The codes of the bodies that issued ref: 'HDLT/BTGTU-SGDĐT' is the two bodies' joint
    document, but in '4567/UBND-NC' (no type code) NC is the office of UBND that numbered it."""
    codes = (ref.issuer_code or "").split("-")
    return codes if ref.type_code else codes[:1]


# only 'và': after "của Tỉnh ủy" a comma often opens the next clause, whose subject is
# another body ("Kế hoạch số 12-KH/TU của Tỉnh ủy, Ban Thường vụ Huyện ủy đã ban hành …")
_JOINER_AFTER_RE = re.compile(rf"{GAP}{_any(AND_WORDS)}{GAP}")


def _joined_after(doc: Doc, pos: int) -> list[tuple[int, int]]:
    """The bodies' names joined by 'và' from pos ('Ban Tuyên giáo Tỉnh ủy và Sở Giáo dục và Đào tạo')."""
    bodies, start = [], pos
    end = _issuer_end(doc, start)
    while end is not None and len(bodies) < 4:
        bodies.append((start, end))
        joiner = _JOINER_AFTER_RE.match(doc._.match_text, end)
        start = joiner.end() if joiner else None
        end = _issuer_end(doc, start) if joiner else None
    return bodies


def _names_code(doc: Doc, body: tuple[int, int], code: str) -> bool:
    names = CODE_NAMES.get(code)
    return names is not None and next(names.find(doc._.match_text, *body), None) is not None


def _issuer_of_joined(doc: Doc, ref: _Ref, bodies: list[tuple[int, int]]) -> Optional[tuple[int, int]]:
    """Of bodies named jointly, the issuer of ref: all of them for a joint code with one
    code for each ('HDLT/BTGTU-SGDĐT'), the one its single code names ('KH/TU': the Tỉnh
    ủy's, not the UBND's), else none (a bare number does not say)."""
    codes = _issuing_codes(ref)
    if len(codes) > 1 and len(codes) == len(bodies):
        return bodies[0][0], bodies[-1][1]
    named = [b for b in bodies if len(codes) == 1 and _names_code(doc, b, codes[0])]
    return named[0] if len(named) == 1 else None


@TRAILING.rule("bodies joined by 'và' after 'của'/'do': the one the code names, all for a joint code, else none")
def _joined_issuers_after_lead(at: _At) -> Optional[_Step]:
    mt = at.doc._.match_text
    lead = _ISSUER_LEAD_RE.match(mt, at.pos) if at.ref.issuer is None else None
    bodies = _joined_after(at.doc, lead.end()) if lead else []
    if len(bodies) < 2 or bodies[-1][1] > at.limit:
        return None
    issuer = _issuer_of_joined(at.doc, at.ref, bodies)
    by = _ISSUED_BY_RE.match(mt, bodies[-1][1])
    return _Step(bodies[-1][1], {"issuer": _name(at.doc, *issuer) if issuer else None},
                 resume=by.end() if by else None)


@TRAILING.rule("issuer after 'của'/'do'")
def _issuer_after_lead(at: _At) -> Optional[_Step]:
    mt = at.doc._.match_text
    lead = _ISSUER_LEAD_RE.match(mt, at.pos) if at.ref.issuer is None else None
    end = _issuer_end(at.doc, lead.end()) if lead else None
    if not end or end > at.limit:
        return None
    by = _ISSUED_BY_RE.match(mt, end)  # "do Ban Bí thư ban hành ngày …"
    return _Step(end, {"issuer": _name(at.doc, lead.end(), end)}, resume=by.end() if by else None)


@TRAILING.rule("term after the identifier: khóa …")
def _term_after(at: _At) -> Optional[_Step]:
    m = _TERM_RE.match(at.doc._.match_text, at.pos) if at.ref.term is None else None
    term = to_roman(m.group("term")) if m and m.end() <= at.limit else None
    return _Step(m.end(), {"term": term}) if term else None


_WRAP_RE = re.compile(rf"{SP}\n{SP}(?=\w)")


def _wrapped_line(doc: Doc, pos: int) -> Optional[int]:
    """Where the sentence goes on after a line break at pos that cuts it (a PDF's or
    a scraper's wrapped line: the next line starts in lower case), or None."""
    wrap = _WRAP_RE.match(doc._.match_text, pos)
    return wrap.end() if wrap and doc_text(doc)[wrap.end()].islower() else None


def _take_trailing(doc: Doc, ref: _Ref, limit: int) -> None:
    """Signing date, issuer and term written after the identifier, in any order
    (over a wrapped line: "09-NQ/TU⏎ngày 19/8/2009 của …")."""
    pos, first = ref.end, True
    while pos < limit:
        hit = TRAILING.first(_At(doc, ref, pos, limit, first))
        wrapped = _wrapped_line(doc, pos) if hit is None else None
        if wrapped is not None and wrapped < limit:
            hit = TRAILING.first(_At(doc, ref, wrapped, limit, first))
        if hit is None or hit.value.stop:
            return
        ref.end = hit.value.end
        ref.set(hit.rule, **hit.value.values)
        pos = hit.value.resume or ref.end
        first = False


# --- what stands before the identifier ---------------------------------------

ISSUER_BEFORE = "issuer before the issuing verb (Tỉnh ủy ban hành …)"
TERM_BEFORE = "term of the issuer before the issuing verb"
DATE_BEFORE = "date before the issuer and the issuing verb (ngày … ban hành)"


def _back_over_spaces(mt: str, pos: int, lo: int) -> int:
    while pos > lo and mt[pos - 1] in " \t\u00a0":
        pos -= 1
    return pos


def _body_before(doc: Doc, lo: int, body_end: int, verb_after: bool = True) -> Optional[int]:
    """Start of the body's name that ends exactly at body_end, or None; with ``verb_after``
    (the issuing verb follows), lower-case syllables may end the name (see _issuer_end)."""
    for body in BODIES.find(doc._.match_text, lo, body_end):
        if _issuer_end(doc, body.start, until=body_end if verb_after else None) == body_end:
            return body.start
    return None


@dataclass(frozen=True)
class _Before:
    """What stands before identifier ``ref`` (back to lo): the issuing verb right before
    it, where a body's name before that verb would end (body_end, over its term) and
    the term; ``start``: the start of that name, None when no body's name ends there."""
    doc: Doc
    ref: _Ref
    lo: int
    verb: re.Match
    body_end: int
    term: Optional[str]
    start: Optional[int]


@dataclass(frozen=True)
class _Leading:
    """What a rule read before an identifier: the issuer's name (None: none is named),
    its term, the signing date, and where the mention starts (when an issuer is named)."""
    issuer: Optional[str]
    term: Optional[str]
    date: Optional[re.Match]
    start: Optional[int]


NO_ISSUER = _Leading(None, None, None, None)
LEADING = Rules("document_refs.before_identifier")


def _date_right_before(at: _Before, pos: int) -> Optional[re.Match]:
    return _DATE_BEFORE_RE.search(at.doc._.match_text, at.lo, pos)


def _signs(at: _Before, pos: int) -> bool:
    """From pos to the verb is one clause and the verb is a signer's (ký, ký ban hành)."""
    mt = at.doc._.match_text
    return (_SIGNER_RE.fullmatch(mt, pos, at.verb.start()) is not None
            and _SIGNING_VERB_RE.fullmatch(mt, at.verb.start(), at.verb.end()) is not None)


def _signer_before_verb(at: _Before, signer_from: Optional[int]) -> bool:
    """The words before the verb are a signer's, not a body acting on its own: no body's
    name ends there, or the one that does opens the signer's words right after 'thay mặt
    <body>,' ('Thường trực Ban Bí thư Trần Cẩm Tú đã ký') or is a signer's title ('đồng
    chí …, Bí thư Tỉnh ủy đã ký'); not in '…, đề nghị Ban Thường vụ Huyện ủy ban hành'."""
    if at.start is None:
        return True
    comma = _COMMA_RE.match(at.doc._.match_text, signer_from) if signer_from is not None else None
    return (comma is not None and comma.end() == at.start) or _signer_start(at.doc, at.lo, at.start) is not None


@LEADING.rule("the body a signer acts for: thay mặt <body>, <signer> ký ban hành")
def _on_behalf(at: _Before) -> Optional[_Leading]:
    # "Ngày 5/3/2024, thay mặt Bộ Chính trị, đồng chí Trương Thị Mai đã ký ban hành Kết luận
    # số …": the body is the issuer, the titles of the signer are not; the date before
    # "thay mặt" is the signing's
    mt = at.doc._.match_text
    leads = list(_ON_BEHALF_RE.finditer(mt, at.lo, at.verb.start()))
    lead = leads[-1] if leads else None  # the last before the verb
    if lead is None or _CLAUSE_RE.fullmatch(mt, lead.end(), at.verb.start()) is None:
        return None
    body = _body_acted_for(at.doc, lead.end())
    if not _signer_before_verb(at, body.signer_from if body else None):
        return None
    if body is None or not _signs(at, body.signer_from):
        return NO_ISSUER  # "thay mặt lãnh đạo tỉnh, …": no body named; the titles are the signer's
    return _Leading(_name(at.doc, lead.end(), body.end), body.term, _date_right_before(at, lead.start()), lead.start())


@dataclass(frozen=True)
class _ActedFor:
    """The body named after 'thay mặt': its name ends at end, then its term; the signer's
    words start after signer_from."""
    end: int
    term: Optional[str]
    signer_from: int


def _body_acted_for(doc: Doc, pos: int) -> Optional[_ActedFor]:
    """'Ban Chấp hành Trung ương Đảng khóa XIII' after 'thay mặt' at pos, or None."""
    end = _issuer_end(doc, pos)
    if end is None:
        return None
    term = _TERM_RE.match(doc._.match_text, end)
    term_value = to_roman(term.group("term")) if term else None
    return _ActedFor(end, term_value, term.end() if term_value else end)


def _person_before(doc: Doc, lo: int, end: int) -> Optional[int]:
    """Start of 'đồng chí Trương Thị Mai, ' (or 'đồng chí ') ending at end: a person's name
    is capitalized, and its lead is written in lower case or opens the sentence
    ('Đồng chí …'; not 'thành phố Bà Rịa, ')."""
    mt, text = doc._.match_text, doc_text(doc)
    person = _PERSON_BEFORE_RE.search(mt, lo, end)
    if person is None or not all(_capitalized(text, w.start()) for w in _WORD_RE.finditer(text, *person.span("name"))):
        return None
    before = _back_over_spaces(mt, person.start(), 0)
    opens = before == 0 or mt[before - 1] in ".\n:;"
    return person.start() if text[person.start()].islower() or opens else None


def _titled_segment(doc: Doc, lo: int, end: int) -> Optional[int]:
    """'Ủy viên Bộ Chính trị, ' ending at end: the start of a segment ended by a comma that
    is a person's title, alone or with the body it is held in; None otherwise (not for
    'Bí thư Huyện ủy cho biết, ': a clause)."""
    mt = doc._.match_text
    if end <= lo or mt[end - 1] != ",":
        return None
    start = _SP_RE.match(mt, max(mt.rfind(",", lo, end - 1) + 1, lo)).end()
    title = SIGNER_TITLES.starting_at(mt, start)
    segment_end = _back_over_spaces(mt, end - 1, lo)
    body = _GAP_RE.match(mt, title.end) if title else None
    if title and (title.end == segment_end or body and _issuer_end(doc, body.end()) == segment_end):
        return start
    return None


def _signer_start(doc: Doc, lo: int, pos: int) -> Optional[int]:
    """Where a signer's name and titles that end at pos start ('đồng chí Võ Văn Thưởng,
    Ủy viên Bộ Chính trị, ' before 'Thường trực Ban Bí thư'; 'Bí thư ' before 'Tỉnh ủy'),
    or None when what stands before pos is no person's."""
    mt, titled = doc._.match_text, None
    for _ in range(6):
        end = _back_over_spaces(mt, pos, lo)
        person = _person_before(doc, lo, end)
        if person is not None:
            return person
        title = SIGNER_TITLES.ending_at(mt, end, lo)
        start = title.start if title else _titled_segment(doc, lo, end)
        if start is None:
            return titled
        pos = titled = start
    return titled


@LEADING.rule("a signer's title before the issuing verb (đồng chí …, Bí thư Tỉnh ủy ký …): no issuer named")
def _signer_title(at: _Before) -> Optional[_Leading]:
    if at.start is None:
        return None
    signer = _signer_start(at.doc, at.lo, at.start)
    if signer is None:
        return None
    return _Leading(None, None, _date_right_before(at, signer), None)


def _joined_bodies(at: _Before) -> list[tuple[int, int]]:
    """The bodies' names joined by 'và', ',' or a dash that end at body_end, first to last
    ('Ban Thường vụ Tỉnh ủy và Ủy ban nhân dân tỉnh'); a name after 'của', 'do' is
    another phrase's ('chỉ đạo của Tỉnh ủy, Ban Thường vụ Huyện ủy ban hành …'), and one
    that ends in lower-case words is a clause's ('Sau khi Thường trực Tỉnh ủy đồng ý, …')."""
    mt = at.doc._.match_text
    bodies = [(at.start, at.body_end)]
    for _ in range(4):
        joiner = _JOINER_BEFORE_RE.search(mt, at.lo, bodies[0][0])
        start = _body_before(at.doc, at.lo, joiner.start(), verb_after=False) if joiner else None
        if start is None or _LEAD_BEFORE_RE.search(mt, at.lo, start):
            break
        bodies.insert(0, (start, joiner.start()))
    return bodies


@LEADING.rule("bodies joined before the issuing verb: the one the code names, all for a joint code, else none")
def _joint_issuers(at: _Before) -> Optional[_Leading]:
    bodies = _joined_bodies(at) if at.start is not None else []
    if len(bodies) < 2:
        return None
    issuer = _issuer_of_joined(at.doc, at.ref, bodies)
    date = _date_right_before(at, bodies[0][0])
    if issuer is None:
        return _Leading(None, None, date, None)
    return _Leading(_name(at.doc, *issuer), at.term, date, bodies[0][0])


@LEADING.rule(ISSUER_BEFORE)
def _issuer_before(at: _Before) -> Optional[_Leading]:
    if at.start is None:
        return None
    return _Leading(_name(at.doc, at.start, at.body_end), at.term, _date_right_before(at, at.start), at.start)


@LEADING.rule(DATE_BEFORE)
def _date_before_verb(at: _Before) -> Optional[_Leading]:
    date = _date_right_before(at, at.verb.start())
    return _Leading(None, None, date, None) if date else None


def _leading(doc: Doc, ref: _Ref, floor: int) -> Optional[Decision[_Leading]]:
    mt = doc._.match_text
    lo = max(floor, ref.start - _LOOKBACK)
    verb = _ISSUING_VERB_RE.search(mt, lo, ref.start)
    if not verb:
        return None
    body_end = _back_over_spaces(mt, verb.start(), lo)
    term = _TERM_END_RE.search(mt, lo, body_end)
    term_value = to_roman(term.group("term")) if term else None
    if term_value:
        body_end = _back_over_spaces(mt, term.start(), lo)
    return LEADING.first(_Before(doc, ref, lo, verb, body_end, term_value, _body_before(doc, lo, body_end)))


def _take_leading(doc: Doc, ref: _Ref, floor: int) -> None:
    """'ngày 19/8/2009 Ban Thường vụ Tỉnh ủy (khoá XVI) ban hành Nghị quyết số …'."""
    hit = _leading(doc, ref, floor)
    found = hit.value if hit else NO_ISSUER
    if found.issuer is None and found.date is None:
        return
    plain = hit.rule == ISSUER_BEFORE
    if found.issuer is not None and ref.issuer is None:
        ref.set(hit.rule, issuer=found.issuer)
        if found.term and ref.term is None:
            ref.set(TERM_BEFORE if plain else hit.rule, term=found.term)
        ref.start = found.start
    if found.date:
        ref.led_date = date_from_match(found.date)
    if found.date and ref.issued_date is None:
        ref.set(DATE_BEFORE if plain else hit.rule, issued_date=ref.led_date)
        ref.start = found.date.start()
    ref.led = True


CARRIED = "carried along a list after one issuing verb (ban hành A và B)"
SHARED = "shared along a list of one kind (18-NQ/TW, 19-NQ/TW ngày …)"


def _carry_forward(doc: Doc, refs: list[_Ref]) -> None:
    """'Ban Thường vụ Tỉnh ủy ban hành Chỉ thị số 21-CT/TU và Kế hoạch số
    216-KH/TU': the body (and date) before the verb issued every document of the
    list that follows it. A date written after an item is that item's own ('Kế hoạch số
    245-KH/TU, ngày 20/1/2025 và Chương trình hành động số 31-CTr/TU'): not carried."""
    mt = doc._.match_text
    for ref, nxt in zip(refs, refs[1:]):
        if not ref.led or nxt.led or not _LIST_JOINER_RE.match(mt, ref.end, nxt.start):
            continue
        if nxt.issuer is None and nxt.term is None:
            nxt.set(CARRIED, issuer=ref.issuer, term=ref.term)
        if nxt.issued_date is None and ref.led_date is not None:
            nxt.set(CARRIED, issued_date=ref.led_date)
        nxt.led, nxt.led_date = True, ref.led_date


def _same_kind(a: _Ref, b: _Ref) -> bool:
    return (a.doc_type, a.type_code, a.issuer_code, a.system) == (b.doc_type, b.type_code, b.issuer_code, b.system)


def _share_along_lists(doc: Doc, refs: list[_Ref]) -> None:
    """'Nghị quyết số 18-NQ/TW, 19-NQ/TW ngày 25/10/2017 của Ban Chấp hành Trung
    ương': identifiers of one kind joined by ',' or 'và' share the date, issuer
    and term written once after the last of them. A list that changes type
    ('… 19-NQ/TW và Chương trình số 18-CTr/TU ngày …') shares nothing."""
    mt = doc._.match_text
    for i in range(len(refs) - 2, -1, -1):
        ref, nxt = refs[i], refs[i + 1]
        if (ref.issued_date or ref.issuer or ref.term or not _same_kind(ref, nxt)
                or not _LIST_JOINER_RE.match(mt, ref.end, nxt.start)):
            continue
        ref.set(SHARED, issued_date=nxt.issued_date, issuer=nxt.issuer, term=nxt.term)


# --- documents cited by name ----------------------------------------------

PLENUM = "plenum resolution named by its plenum (Nghị quyết Trung ương 4)"
CONGRESS = "congress resolution named by its congress (Nghị quyết Đại hội XIII)"
CHARTER = "the Party's charter cited by name (Điều lệ Đảng)"
CONGRESS_ISSUER = "the congress a congress resolution names is its issuer (Đại hội Đảng bộ tỉnh lần thứ XVII)"
PLENUM_OF_ISSUER = "plenum named by the issuer (Hội nghị Trung ương 6)"


def _plenum_number(written: str) -> Optional[int]:
    key = " ".join(written.split())
    if key.isdigit():
        return int(key)
    return (ORDINALS.entry(key) if key in ORDINALS else None) or words_to_int(key)


def _resolution(start: int, end: int, number: str, rule: str) -> _Ref:
    return _Ref(start, end, number, doc_type=_RESOLUTION.doc_type, type_code=_RESOLUTION.type_code,
                system=_RESOLUTION.system).found_by(rule)


def _plenum_refs(doc: Doc) -> list[_Ref]:
    """'Nghị quyết Trung ương 4 (khóa XII)': a plenum's resolution, by plenum number."""
    mt, text = doc._.match_text, doc_text(doc)
    refs = []
    for m in _PLENUM_RE.finditer(mt):
        plenum = _plenum_number(m.group("num") or m.group("word"))
        if not plenum or not _capitalized(text, m.start()) and not _capitalized(text, m.start("name")):
            continue
        # the number as written, or the ordinal's value ("lần thứ tư" is 4)
        ref = _resolution(m.start(), m.end(), m.group("num") or str(plenum), PLENUM)
        ref.set(PLENUM, plenum=plenum)
        refs.append(ref)
    return refs


def _congress_name_end(doc: Doc, pos: int) -> tuple[int, Optional[re.Match]]:
    """Where a congress's name that goes on after pos ends at what identifies it
    ('Đảng bộ tỉnh lần thứ XVI', 'Đảng bộ huyện khóa 18', '... nhiệm kỳ 2020-2025'),
    with the match that identifies it; (pos, None) when nothing does."""
    mt, text = doc._.match_text, doc_text(doc)
    for _ in range(8):
        nxt = _SP_RE.match(mt, pos).end()
        found = _CONGRESS_NUMBER_RE.match(mt, nxt) or _TERM_RE.match(mt, pos) or _TERM_YEARS_RE.match(mt, nxt)
        if found:
            return found.end(), found
        word = _NAME_TOKEN_RE.match(mt, nxt)
        if not word or nxt == pos and pos > 0 and mt[pos - 1] not in " \t\u00a0":
            break
        if not (_capitalized(text, nxt) or word.group(0) in NAME_WORDS):
            break
        pos = word.end()
    return pos, None


def _congress_ref(doc: Doc, m: re.Match) -> Optional[_Ref]:
    text = doc_text(doc)
    if not _capitalized(text, m.start("congress")) and not _capitalized(text, m.start()):
        return None
    roman = m.group("roman") and to_roman(m.group("roman"))
    end, found = _congress_name_end(doc, m.end())
    if not roman and found is None:
        return None  # "các nghị quyết đại hội": no congress named
    ref = _resolution(m.start(), end if found is not None else m.end(),
                      text[m.start("roman"):m.end("roman")] if roman else "", CONGRESS)
    ref.set(CONGRESS, congress=roman or None)
    if found is not None:
        _congress_identity(ref, found, text)
    _congress_issuer(doc, ref, m.start("congress"))
    return ref


def _congress_issuer(doc: Doc, ref: _Ref, congress: int) -> None:
    """'Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XVII': the congress of the Party organization
    it names issued the resolution; 'Đại hội XIII', 'Đại hội đại biểu toàn quốc' name none."""
    body = next(BODIES.find(doc._.match_text, congress + 1, ref.end), None)
    if body is not None and _capitalized(doc_text(doc), body.start):
        ref.set(CONGRESS_ISSUER, issuer=_name(doc, congress, ref.end))


def _congress_identity(ref: _Ref, found: re.Match, text: str) -> None:
    """'lần thứ XVI' numbers the congress; 'khóa 18' is the term of the committee it elects."""
    if found.re is _CONGRESS_NUMBER_RE:
        ref.set(CONGRESS, number=text[found.start("num"):found.end("num")], congress=to_roman(found.group("num")))
    elif found.re is _TERM_RE:
        term = to_roman(found.group("term"))
        ref.set(CONGRESS, term=term, congress=ref.congress or term)


def _congress_refs(doc: Doc) -> list[_Ref]:
    """'Nghị quyết Đại hội XIII', 'Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XVI': a congress's
    resolution, named by the congress (the number as written: 'XVI', '3'; none for 'khóa 18')."""
    return [r for r in (_congress_ref(doc, m) for m in _CONGRESS_HEAD_RE.finditer(doc._.match_text)) if r]


def _charter_refs(doc: Doc) -> list[_Ref]:
    """'Điều lệ Đảng': the Party's charter, cited by name."""
    text = doc_text(doc)
    return [_Ref(m.start, m.end, "", doc_type=_CHARTER.doc_type, system=_CHARTER.system).found_by(CHARTER)
            for m in CHARTERS.find(doc._.match_text)
            if _capitalized(text, m.end - 4) or _capitalized(text, m.start)]


def _named_refs(doc: Doc, taken: list[tuple[int, int]]) -> list[_Ref]:
    refs = []
    for ref in [*_plenum_refs(doc), *_congress_refs(doc), *_charter_refs(doc)]:
        if not _overlaps(taken, ref.start, ref.end):
            refs.append(ref)
            taken = [*taken, (ref.start, ref.end)]
    return refs


def _plenum_of(ref: _Ref) -> Optional[int]:
    """'19-NQ/TW Hội nghị Trung ương 6 (khóa XII)': the plenum the issuer names."""
    if ref.plenum is not None or not ref.issuer:
        return ref.plenum
    m = _ISSUER_PLENUM_RE.search(" ".join(key_form(ref.issuer).split()))
    plenum = _plenum_number(m.group(1)) if m else None
    if plenum is not None:
        ref.set(PLENUM_OF_ISSUER, plenum=plenum)
    return plenum


# --- all together --------------------------------------------------------------

def _find_refs(doc: Doc, named: bool) -> list[_Ref]:
    """Every identifier, in text order: numbers first, then bare numbers,
    shorthands and (with ``named``) documents cited by name where no number is."""
    refs = _code_refs(doc)
    for ref in refs:
        _attach_type_word(doc, ref)
    refs += _bare_refs(doc, [(r.start, r.end) for r in refs])
    refs += _shorthand_refs(doc, [(r.start, r.end) for r in refs])
    if named:
        refs += _named_refs(doc, [(r.start, r.end) for r in refs])
    refs.sort(key=lambda r: r.start)
    _codes_along_lists(doc, refs)
    return refs


def _read_around(doc: Doc, refs: list[_Ref]) -> None:
    """Date, issuer and term after each identifier, along lists, and before it."""
    for i, ref in enumerate(refs):
        _take_trailing(doc, ref, refs[i + 1].start if i + 1 < len(refs) else len(doc._.match_text))
    _share_along_lists(doc, refs)
    floor = 0
    for ref in refs:
        _take_leading(doc, ref, floor)
        floor = ref.end
    _carry_forward(doc, refs)


def _record(doc: Doc, ref: _Ref) -> DocumentRef:
    if ref.year and ref.issued_date and int(ref.issued_date[:4]) != ref.year:
        warn(doc, f"document number {ref.code}: year {ref.year} in the number disagrees "
                  f"with its signing date {ref.issued_date} (year {ref.issued_date[:4]})")
    fact = DocumentRef(
        **fact_fields(doc, ref.start, ref.end),
        code=ref.code, doc_type=ref.doc_type, number=ref.number, year=ref.year,
        type_code=ref.type_code, issuer_code=ref.issuer_code, system=ref.system,
        issued_date=ref.issued_date, issuer=ref.issuer, term=ref.term,
        plenum=_plenum_of(ref), congress=ref.congress)
    record_trace(doc, "document_refs", fact.start, fact.end,
                 {a: ref.rules.get(a, NO_RULE) for a in _TRACED})
    return fact


def extract(doc: Doc, named: bool = False) -> Iterator[DocumentRef]:
    """Document references; with ``named``, also documents cited by name without a
    number (plenum and congress resolutions, the Party's charter): code null,
    ``plenum``/``congress`` set. They are off by default because gold files mark
    them optional at most, so a scorer counts the ones a reader left out against you."""
    refs = _find_refs(doc, named)
    _read_around(doc, refs)
    for ref in refs:
        yield _record(doc, ref)
