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
the committee term (``khóa XVI``). Patterns run on the match text (lower-case,
same length as the document text); canonical spellings of codes come from the
tables ``doc_types`` and ``issuers`` and, for unknown issuers, from the
original text. Type and issuer abbreviations must start with a capital letter
in the original, which keeps URL slugs and ordinary words out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator, Optional

from spacy.tokens import Doc

from ..normalize import key_form
from ..records import DocumentRef
from ..tables import load_table
from .common import alternation, doc_text, fact_fields, warn
from ..dates import DATE, date_from_match
from ..numbers import words_to_int

_TYPES = load_table("doc_types")
_ISSUERS = load_table("issuers")

# Abbreviations in match form → standard spelling.
TYPE_CODES = {key_form(code): code for code in _TYPES["type_codes"]}
ISSUER_CODES = {key_form(code): code for code in _ISSUERS["codes"]}
ISSUER_CODES.update({key_form(alias): code for alias, code in _ISSUERS["aliases"].items()})

SP = r"[ \t\u00a0]*"          # spaces inside one line
GAP = r"[ \t\u00a0]+"
DASH = r"[\-\u2010-\u2015\u2212]"
_CODE_PART = r"[a-zđ][a-zđư0-9]*"   # 'TƯ' (Trung ương) is the one code written with a tone-less ư
_ROMAN = r"[ivxlc]+"
_ROMAN_OK = re.compile(r"^(?=[ivxlc])c{0,3}(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})$")
_NOT_AFTER = r"(?<![\w/.\-\u2010-\u2015])"

PARTY_RE = re.compile(
    _NOT_AFTER + rf"(?P<num>\d{{1,4}})(?:{SP}{DASH}{SP}|(?=[a-zđ])|(?P<space>{GAP}))"
    rf"(?P<type>{'|'.join(sorted(map(re.escape, TYPE_CODES), key=len, reverse=True))})"
    rf"{SP}/{SP}(?P<issuer>{_CODE_PART})(?!\w)")
STATE_RE = re.compile(
    _NOT_AFTER + rf"(?P<num>\d{{1,5}}){SP}/{SP}(?:(?P<year>(?:19|20)\d\d){SP}/{SP})?"
    rf"(?P<rest>{_CODE_PART}(?:{SP}{DASH}{SP}{_CODE_PART})?(?:{DASH}{_CODE_PART})*)(?!\w)")
SHORTHAND_RE = re.compile(rf"(?<![\w/\-])(?P<type>{'|'.join(_TYPES['shorthand'])}) ?(?P<num>\d{{1,3}})(?![\w/\-]|[.,]\d)")

# Type words, each mapped to its table row.
_TYPE_WORDS = {key_form(w): row for row in _TYPES["type_words"] for w in row["words"]}
_TYPE_WORD = alternation(_TYPE_WORDS)
# What may stand right before an identifier: "Nghị quyết số", "Quy định", "Số".
_BEFORE_CODE_RE = re.compile(rf"(?<!\w)(?:(?P<word>{_TYPE_WORD}){SP}(?:số\b)?|số\b){SP}:?{SP}$")
_BARE_RE = re.compile(rf"(?<!\w)(?P<word>{_TYPE_WORD})(?:{SP}\({SP}[a-zđ]{{2,4}}{SP}\))?"
                      rf"(?P<so>{GAP}số)?{SP}:?{SP}(?P<num>\d{{1,4}})(?![\w/])")
# "Nghị quyết số 18, 19 của …": more bare numbers of the same type.
_BARE_MORE_RE = re.compile(
    rf"{SP}(?:,|{GAP}và){SP}(?P<num>\d{{1,4}})(?![\w/])"
    rf"(?={SP}(?:[,.;:()\n]|$)|{GAP}(?:{alternation(_TYPES['cues']['list_item_followers'])})(?!\w))")
_BARE_BLOCKERS = re.compile(rf"{GAP}(?:{alternation(_TYPES['bare_number_blockers'])})(?!\w)|{SP}%")
_YEAR_AFTER = re.compile(rf"{GAP}năm{GAP}(?:19|20)\d\d(?!{SP}{DASH}{SP}\d)(?!\w)")
_DATE_NEXT_RE = re.compile(rf"{GAP}ngày{GAP}{DATE}")
_NUMBER_GOES_ON = re.compile(rf"[.,]\d|{SP}{DASH}{SP}[\da-zđ]")

# Issuing bodies.
# The bodies behind the issuer codes ("Bộ Nội vụ") are names too.
_BODY_RE = re.compile(rf"(?<!\w)(?:{alternation([*_ISSUERS['bodies'], *(c['name'] for c in _ISSUERS['codes'].values())])})(?!\w)")
_NUMBERED = {key_form(b) for b in _ISSUERS["numbered"]}
_NAME_PART_RE = re.compile(rf"(?:{alternation(_ISSUERS['name_parts'])})(?!\w)")
_PLACE_RE = re.compile(rf"(?:{alternation(_ISSUERS['place_nouns'])})(?!\w)")
_BODY_NUMBER_RE = re.compile(rf"{GAP}(?:\d{{1,3}}|{_ROMAN}|lần{GAP}thứ{GAP}\w+)(?!\w)")
_TERM = rf"\(?{SP}khóa{GAP}(?P<term>{_ROMAN}|\d{{1,2}})(?!\w)(?:{SP},{SP}khóa{GAP}(?:{_ROMAN}|\d{{1,2}})(?!\w))*(?:{SP}\))?"
_TERM_RE = re.compile(rf"{SP},?{SP}{_TERM}")
_TERM_END_RE = re.compile(rf"{_TERM}{SP}$")

# The signing date after the identifier: "ngày 19/8/2009", ", ngày ...",
# "(ngày ...)", "ban hành ngày ...". "từ ngày", "vào ngày" alone are not it.
_CUES = _TYPES["cues"]
_ADVERBS = rf"(?:(?:{alternation(_CUES['verb_adverbs'])}){GAP})*"
_DATE_AFTER_RE = re.compile(
    rf"{SP}(?P<comma>,)?{SP}\(?{SP}(?:(?:{alternation(_CUES['date_leads'])}){GAP})?"
    rf"ngày{GAP}{DATE}(?:{SP}\))?")
_PAREN_DATE_RE = re.compile(rf"{SP}\({SP}{DATE}{SP}\)")
# The heading of a document itself: "Số 125-KH/TU    Hà Tĩnh, ngày 20 tháng 3 năm 2024".
_PLACE_DATE_RE = re.compile(
    rf"{SP}(?:,|\n)?{SP}(?P<place>\w+(?:{GAP}\w+){{0,3}}){SP},{SP}ngày{GAP}{DATE}")
_LIST_JOINER_RE = re.compile(rf"{SP}(?:(?:{alternation(_CUES['list_joiners'])}){SP})+$")
_ISSUER_LEAD_RE = re.compile(rf"{SP},?{SP}(?:{alternation(_CUES['issuer_leads'])}){GAP}")
_ISSUED_BY_RE = re.compile(rf"{GAP}{_ADVERBS}(?:{alternation(_CUES['issuing_verbs'])})(?!\w)")
_CLAUSE_END_RE = re.compile(rf"{SP}(?:[;.)\n]|$)")
# Before the identifier: "[ngày D] [Body] [(khóa X)] [đã] ban hành <type word>".
_ISSUING_VERB_RE = re.compile(rf"(?<!\w){_ADVERBS}(?:{alternation(_CUES['issuing_verbs'])}){GAP}$")
_DATE_BEFORE_RE = re.compile(rf"(?<!\w)ngày{GAP}{DATE}{SP},?{SP}$")
_LOOKBACK = 200

# Documents cited by name, without a number (data: named_refs).
_NAMED = load_table("named_refs")
_ORDINAL_WORD = r"[a-zđàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]+(?:\s+[a-zàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]+)?"
_PLENUM_RE = re.compile(
    rf"(?<!\w)nghị{GAP}quyết{GAP}(?:hội{GAP}nghị{GAP})?(?:"
    rf"(?:{alternation(_NAMED['plenum_bodies'])}){SP}(?P<num>\d{{1,2}})(?!\w)"
    rf"|lần{GAP}thứ{GAP}(?P<word>\d{{1,2}}|{_ORDINAL_WORD}){GAP}(?:của{GAP})?ban{GAP}chấp{GAP}hành{GAP}trung{GAP}ương"
    rf"(?:{GAP}đảng)?(?!\w))")
_CONGRESS_HEAD_RE = re.compile(rf"(?<!\w)nghị{GAP}quyết{GAP}đại{GAP}hội(?:{GAP}(?P<roman>{_ROMAN})(?!\w))?")
_NAME_WORDS = {key_form(w) for w in _NAMED["name_words"]}
_CONGRESS_NUMBER_RE = re.compile(rf"lần{GAP}thứ{GAP}(?P<num>{_ROMAN}|\d{{1,2}})(?!\w)")
_TERM_YEARS_RE = re.compile(rf"\(?{SP}nhiệm{GAP}kỳ{GAP}(?:19|20)\d\d{SP}{DASH}{SP}(?:19|20)\d\d(?!\d)(?:{SP}\))?")
_CHARTER_RE = re.compile(rf"(?<!\w)(?:{alternation(_NAMED['charters'])})(?!\w)")
_GAP_RE = re.compile(GAP)
_WORD_RE = re.compile(r"\w+")


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
    type_word: Optional[dict] = field(default=None, repr=False)
    led: bool = field(default=False, repr=False)  # issuer/date came from before the identifier


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
    """Standard spelling of an issuer abbreviation, 'QH14' included; unknown codes as written."""
    known = ISSUER_CODES.get(key_form(written))
    if known:
        return known
    m = re.fullmatch(r"(\D+)(\d+)", written)
    if m and key_form(m.group(1)) in ISSUER_CODES:
        return ISSUER_CODES[key_form(m.group(1))] + m.group(2)
    return written


def _issuer_row(code: Optional[str]) -> dict:
    if not code:
        return {}
    head = re.sub(r"\d+$", "", code.split("-")[0])
    return _ISSUERS["codes"].get(head, {})


def _phrase(matched: str) -> str:
    """A table phrase as matched in the text, back to its key (one space between words)."""
    return " ".join(matched.split())


def _capitalized(text: str, start: int) -> bool:
    return text[start].isupper()


def _type_name(type_code: Optional[str], system: str) -> Optional[str]:
    row = _TYPES["type_codes"].get(type_code or "")
    return row[system] if row else None


# --- identifiers ---------------------------------------------------------

def _party_ref(doc: Doc, m: re.Match) -> Optional[_Ref]:
    text = doc_text(doc)
    if not (_capitalized(text, m.start("type")) and _capitalized(text, m.start("issuer"))):
        return None
    if m.group("space") is not None and not _BEFORE_CODE_RE.search(doc._.match_text, max(0, m.start() - 60), m.start()):
        return None  # "787 CV/ĐUK" is a number only after "số" or a type word: "Công văn số 787 CV/ĐUK"
    type_code = TYPE_CODES[m.group("type")]
    issuer_code = _issuer_code(text[m.start("issuer"):m.end("issuer")])
    number = m.group("num")
    return _Ref(m.start(), m.end(), number, code=f"{number.zfill(2)}-{type_code}/{issuer_code}",
                type_code=type_code, issuer_code=issuer_code, system="party")


def _state_ref(doc: Doc, m: re.Match, typed: bool) -> Optional[_Ref]:
    """``34/2019/NĐ-CP``, ``1234/QĐ-UBND``, ``59/2020/QH14``; ``123/UBND-VP`` (a
    công văn, numbered by its issuer) only when ``typed`` (a type word or 'số'
    stands before it)."""
    text = doc_text(doc)
    parts: list[tuple[int, int]] = []
    for p in re.finditer(_CODE_PART, doc._.match_text[m.start("rest"):m.end("rest")]):
        s, e = m.start("rest") + p.start(), m.start("rest") + p.end()
        if not _capitalized(text, s):
            break
        parts.append((s, e))
    if not parts:
        return None
    written = [text[s:e] for s, e in parts]
    number, year = m.group("num"), m.group("year")
    first = TYPE_CODES.get(key_form(written[0]))
    issuer_code = None
    if first and len(parts) > 1:
        type_code, issuer_code = first, "-".join(_issuer_code(w) for w in written[1:])
    elif first and typed:
        type_code = first
    else:
        type_code = None
        issuer_code = "-".join(_issuer_code(w) for w in written)
        if not (typed or (year and _issuer_row(issuer_code).get("untyped_doc_type"))):
            return None
    code = "/".join(x for x in (number, year, "-".join(filter(None, (type_code, issuer_code)))) if x)
    system = _issuer_row(issuer_code).get("system", "state")
    ref = _Ref(m.start(), parts[-1][1], number, code=code, type_code=type_code,
               issuer_code=issuer_code, system=system, year=int(year) if year else None)
    if type_code is None:
        ref.doc_type = _issuer_row(issuer_code).get("untyped_doc_type") or ("Công văn" if not year else None)
        term = re.search(r"(\d+)$", issuer_code.split("-")[0])
        if term and ref.doc_type:
            ref.term = to_roman(term.group(1))
    return ref


def _code_refs(doc: Doc) -> list[_Ref]:
    mt = doc._.match_text
    refs: list[_Ref] = []
    for m in PARTY_RE.finditer(mt):
        ref = _party_ref(doc, m)
        if ref:
            refs.append(ref)
    for m in STATE_RE.finditer(mt):
        if any(r.start <= m.start() < r.end for r in refs):
            continue
        typed = _BEFORE_CODE_RE.search(mt, max(0, m.start() - 60), m.start()) is not None
        ref = _state_ref(doc, m, typed)
        if ref:
            refs.append(ref)
    return sorted(refs, key=lambda r: r.start)


def _attach_type_word(doc: Doc, ref: _Ref) -> None:
    """Extend the mention back over 'Nghị quyết số' / 'Số' and take its doc_type."""
    mt = doc._.match_text
    m = _BEFORE_CODE_RE.search(mt, max(0, ref.start - 60), ref.start)
    if m:
        ref.start = m.start()
        if m.group("word"):
            ref.type_word = _TYPE_WORDS[_phrase(m.group("word"))]
    row = ref.type_word
    agrees = row is not None and row["doc_type"] and (
        row["codes"] is None or ref.type_code in row["codes"] or ref.type_code is None)
    if agrees:
        ref.doc_type = row["doc_type"]
    elif ref.doc_type is None:
        ref.doc_type = _type_name(ref.type_code, ref.system or "party")


def _bare_refs(doc: Doc, taken: list[tuple[int, int]]) -> list[_Ref]:
    """'Nghị quyết 39', 'Chỉ thị số 03': a type word and a bare number (code null)."""
    mt, text = doc._.match_text, doc_text(doc)
    refs = []
    for m in _BARE_RE.finditer(mt):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        row = _TYPE_WORDS[_phrase(m.group("word"))]
        if not m.group("so") and not (row["bare_number"] and _capitalized(text, m.start())):
            continue
        after = m.end()
        if _NUMBER_GOES_ON.match(mt, after):
            continue
        # "Kế hoạch 5 năm" is a span of time; "Nghị quyết 39 năm 2015" and
        # "Nghị quyết 39 ngày 17/4/2015" are documents.
        if _BARE_BLOCKERS.match(mt, after) and not (_YEAR_AFTER.match(mt, after) or _DATE_NEXT_RE.match(mt, after)):
            continue
        if not row["doc_type"]:
            continue
        codes = row["codes"] or []
        type_code = codes[0] if len(codes) == 1 else None
        year = _YEAR_AFTER.match(mt, after)
        refs.append(_Ref(m.start(), year.end() if year else after, m.group("num"), doc_type=row["doc_type"],
                         type_code=type_code, type_word=row))
        while not year:
            more = _BARE_MORE_RE.match(mt, refs[-1].end)
            if not more or _NUMBER_GOES_ON.match(mt, more.end()) or _BARE_BLOCKERS.match(mt, more.end()):
                break
            refs.append(_Ref(more.start("num"), more.end(), more.group("num"), doc_type=row["doc_type"],
                             type_code=type_code, type_word=row))
    return refs


def _shorthand_refs(doc: Doc, taken: list[tuple[int, int]]) -> list[_Ref]:
    """'NQ21': type abbreviation glued to a number, upper-case as written."""
    refs = []
    mt = doc._.match_text
    for m in SHORTHAND_RE.finditer(doc_text(doc)):
        if any(s < m.end() and m.start() < e for s, e in taken) or mt[m.start()].isspace():
            continue  # taken, or blanked in the match text (a related-news block)
        type_code = m.group("type")
        refs.append(_Ref(m.start(), m.end(), m.group("num"), doc_type=_type_name(type_code, "party"),
                         type_code=type_code))
    return refs


# --- what stands around the identifier -----------------------------------

def _issuer_end(doc: Doc, pos: int, until: Optional[int] = None) -> Optional[int]:
    """End of an issuing body's name starting at pos ('BTV Tỉnh ủy Hà Tĩnh'), or None.

    With ``until`` (the name is known to end there, before 'ban hành'), the
    lower-case syllables that follow a capitalized word of the name are part of
    it ('Sở Giáo dục và Đào tạo', 'Đảng ủy Khối Doanh nghiệp tỉnh'); without
    it they are not, as 'Tỉnh ủy Quảng Nam về …' shows."""
    mt, text = doc._.match_text, doc_text(doc)
    m = _BODY_RE.match(mt, pos)
    if not m or not _capitalized(text, pos):  # bodies are names: "Ban Thường vụ", not "hội nghị"
        return None
    end = m.end()
    if _phrase(m.group(0)) in _NUMBERED:
        n = _BODY_NUMBER_RE.match(mt, end)
        if n:
            end = n.end()
    lower_run = None  # lower-case syllables allowed after a capitalized word (with until)
    for _ in range(16):
        if until is not None and end >= until:
            break
        gap = _GAP_RE.match(mt, end)
        if not gap:
            break
        nxt = gap.end()
        if nxt >= len(mt) or re.match(r"khóa(?!\w)", mt[nxt:nxt + 5]):
            break
        step = _BODY_RE.match(mt, nxt) or _NAME_PART_RE.match(mt, nxt) or _PLACE_RE.match(mt, nxt)
        if step:
            end = step.end()
            lower_run = None
            if _phrase(step.group(0)) in _NUMBERED:
                n = _BODY_NUMBER_RE.match(mt, end)
                end = n.end() if n else end
            continue
        word = _WORD_RE.match(text, nxt)
        if word and _capitalized(text, nxt) and not word.group(0)[0].isdigit():
            end = word.end()
            lower_run = 0
            continue
        # "và" stops the run: "Huyện ủy Can Lộc họp và ban hành …" names no "… họp và".
        if (word and until is not None and lower_run is not None and lower_run < 2
                and word.end() <= until and word.group(0).lower() != "và"):
            end = word.end()
            lower_run += 1
            continue
        break
    return end


def _body_after_date(doc: Doc, pos: int) -> Optional[tuple[int, int, bool]]:
    """A body named right after a signing date: (start, end, names_the_issuer).

    "ngày 17/11/2022 Hội nghị Trung ương 6 khóa 13" names the issuing plenum;
    "ngày 20/8/2024 Ban Thường vụ Tỉnh ủy tổ chức hội nghị" opens a new clause
    whose subject is the body, so the date is that event's, not the document's.
    """
    mt = doc._.match_text
    lead = re.compile(rf"{SP}(?P<comma>,)?{SP}").match(mt, pos)
    end = _issuer_end(doc, lead.end())
    if end is None:
        return None
    apposition = not lead.group("comma") and lead.end() > pos and bool(
        _TERM_RE.match(mt, end) or _CLAUSE_END_RE.match(mt, end)
        or _phrase(_BODY_RE.match(mt, lead.end()).group(0)) in _NUMBERED)
    return lead.end(), end, apposition


def _heading_place_date(doc: Doc, pos: int) -> Optional[re.Match]:
    """The place and date line of a document heading, right after its number."""
    m = _PLACE_DATE_RE.match(doc._.match_text, pos)
    if not m or _BODY_RE.match(doc._.match_text, m.start("place")):
        return None
    text = doc_text(doc)
    words = _WORD_RE.finditer(text, m.start("place"), m.end("place"))
    return m if all(_capitalized(text, w.start()) for w in words) else None


def _take_trailing(doc: Doc, ref: _Ref, limit: int) -> None:
    """Signing date, issuer and term written after the identifier, in any order."""
    mt, text = doc._.match_text, doc_text(doc)
    pos = ref.end
    first = True
    while pos < limit:
        # "(ngày 14/6/2024)", and the bare "(14/6/2024)" printed after a number.
        m = _DATE_AFTER_RE.match(mt, pos) or _PAREN_DATE_RE.match(mt, pos) or _heading_place_date(doc, pos)
        date = date_from_match(m) if m and m.end() <= limit else None
        if date and ref.issued_date is None:
            body = _body_after_date(doc, m.end())
            if body and not body[2] and m.group("comma"):
                # "…, ngày 20/8/2024(,) Ban Thường vụ Tỉnh ủy tổ chức…": an event's date.
                break
            ref.issued_date = date
            pos = ref.end = m.end()
            first = False
            if body and body[2] and ref.issuer is None and body[1] <= limit:
                ref.issuer = text[body[0]:body[1]]
                pos = ref.end = body[1]
            continue
        if first and ref.issuer is None:
            # "Nghị quyết 19-NQ/TW Hội nghị Trung ương 6 (khóa XII)": the body in apposition.
            body = _body_after_date(doc, pos)
            if body and body[2] and body[1] <= limit:
                ref.issuer = text[body[0]:body[1]]
                pos = ref.end = body[1]
                first = False
                continue
        first = False
        m = _ISSUER_LEAD_RE.match(mt, pos)
        end = _issuer_end(doc, m.end()) if m else None
        if end and ref.issuer is None and end <= limit:
            ref.issuer = text[m.end():end]
            pos = ref.end = end
            by = _ISSUED_BY_RE.match(mt, pos)  # "do Ban Bí thư ban hành ngày …"
            if by:
                pos = by.end()
            continue
        m = _TERM_RE.match(mt, pos)
        if m and ref.term is None and m.end() <= limit:
            term = to_roman(m.group("term"))
            if term:
                ref.term = term
                pos = ref.end = m.end()
                continue
        break


def _take_leading(doc: Doc, ref: _Ref, floor: int) -> None:
    """'ngày 19/8/2009 Ban Thường vụ Tỉnh ủy (khoá XVI) ban hành Nghị quyết số …'."""
    mt, text = doc._.match_text, doc_text(doc)
    lo = max(floor, ref.start - _LOOKBACK)
    verb = _ISSUING_VERB_RE.search(mt, lo, ref.start)
    if not verb:
        return
    body_end = verb.start()
    while body_end > lo and mt[body_end - 1] in " \t\u00a0":
        body_end -= 1
    term = _TERM_END_RE.search(mt, lo, body_end)
    term_value = to_roman(term.group("term")) if term else None
    if term_value:
        body_end = term.start()
        while body_end > lo and mt[body_end - 1] in " \t\u00a0":
            body_end -= 1
    start = None
    for body in _BODY_RE.finditer(mt, lo, body_end):
        if _issuer_end(doc, body.start(), until=body_end) == body_end:
            start = body.start()
            break
    head = start if start is not None else body_end
    date = _DATE_BEFORE_RE.search(mt, lo, head if start is not None else verb.start())
    if start is None and not date:
        return
    if start is not None and ref.issuer is None:
        ref.issuer = text[start:body_end]
        if term_value and ref.term is None:
            ref.term = term_value
        ref.start = start
    if date and ref.issued_date is None:
        ref.issued_date = date_from_match(date)
        ref.start = date.start()
    ref.led = True


def _carry_forward(doc: Doc, refs: list[_Ref]) -> None:
    """'Ban Thường vụ Tỉnh ủy ban hành Chỉ thị số 21-CT/TU và Kế hoạch số
    216-KH/TU': the body (and date) before the verb issued every document of the
    list that follows it."""
    mt = doc._.match_text
    for ref, nxt in zip(refs, refs[1:]):
        if not ref.led or nxt.led or not _LIST_JOINER_RE.match(mt, ref.end, nxt.start):
            continue
        if nxt.issuer is None and nxt.term is None:
            nxt.issuer, nxt.term = ref.issuer, ref.term
        if nxt.issued_date is None:
            nxt.issued_date = ref.issued_date
        nxt.led = True


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
        ref.issued_date, ref.issuer, ref.term = nxt.issued_date, nxt.issuer, nxt.term


# --- documents cited by name ----------------------------------------------

def _plenum_number(written: str) -> Optional[int]:
    key = _phrase(written)
    if key.isdigit():
        return int(key)
    return _NAMED["ordinals"].get(key) or words_to_int(key)


def _plenum_refs(doc: Doc) -> list[_Ref]:
    """'Nghị quyết Trung ương 4 (khóa XII)': a plenum's resolution, by plenum number."""
    mt, text = doc._.match_text, doc_text(doc)
    refs = []
    for m in _PLENUM_RE.finditer(mt):
        written = m.group("num") or m.group("word")
        plenum = _plenum_number(written)
        if not plenum or not _capitalized(text, m.start()) and not _capitalized(text, m.start() + 10):
            continue
        # the number as written, or the ordinal's value ("lần thứ tư" is 4)
        number = m.group("num") or str(plenum)
        ref = _Ref(m.start(), m.end(), number, doc_type="Nghị quyết", type_code="NQ", system="party")
        ref.plenum = plenum
        refs.append(ref)
    return refs


def _congress_name_end(doc: Doc, pos: int) -> tuple[int, Optional[re.Match]]:
    """Where a congress's name that goes on after pos ends at what identifies it
    ('Đảng bộ tỉnh lần thứ XVI', 'Đảng bộ huyện khóa 18', '... nhiệm kỳ 2020-2025'),
    with the match that identifies it; (pos, None) when nothing does."""
    mt, text = doc._.match_text, doc_text(doc)
    for _ in range(8):
        gap = re.compile(rf"{SP}").match(mt, pos)
        nxt = gap.end()
        found = _CONGRESS_NUMBER_RE.match(mt, nxt) or _TERM_RE.match(mt, pos) or _TERM_YEARS_RE.match(mt, nxt)
        if found:
            return found.end(), found
        word = re.compile(r"[^\s,.;:()]+").match(mt, nxt)
        if not word or nxt == pos and pos > 0 and mt[pos - 1] not in " \t\u00a0":
            break
        if not (_capitalized(text, nxt) or key_form(word.group(0)) in _NAME_WORDS):
            break
        pos = word.end()
    return pos, None


def _congress_refs(doc: Doc) -> list[_Ref]:
    """'Nghị quyết Đại hội XIII', 'Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XVI': a congress's
    resolution, named by the congress (the number as written: 'XVI', '3'; none for 'khóa 18')."""
    mt, text = doc._.match_text, doc_text(doc)
    refs = []
    for m in _CONGRESS_HEAD_RE.finditer(mt):
        if not _capitalized(text, m.start() + len("nghị quyết ")) and not _capitalized(text, m.start()):
            continue
        roman = m.group("roman") and to_roman(m.group("roman"))
        end, found = _congress_name_end(doc, m.end())
        if not roman and found is None:
            continue  # "các nghị quyết đại hội": no congress named
        number = text[m.start("roman"):m.end("roman")] if roman else ""
        ref = _Ref(m.start(), end if found is not None else m.end(), number,
                   doc_type="Nghị quyết", type_code="NQ", system="party")
        ref.congress = roman or None
        if found is not None and found.re is _CONGRESS_NUMBER_RE:
            ref.number = text[found.start("num"):found.end("num")]
            ref.congress = to_roman(found.group("num"))
        elif found is not None and found.re is _TERM_RE:
            ref.term = to_roman(found.group("term"))
            ref.congress = ref.congress or ref.term  # the congress that elects the committee of that term
        refs.append(ref)
    return refs


def _charter_refs(doc: Doc) -> list[_Ref]:
    """'Điều lệ Đảng': the Party's charter, cited by name."""
    text = doc_text(doc)
    return [_Ref(m.start(), m.end(), "", doc_type="Điều lệ", system="party")
            for m in _CHARTER_RE.finditer(doc._.match_text)
            if _capitalized(text, m.end() - 4) or _capitalized(text, m.start())]


def _named_refs(doc: Doc, taken: list[tuple[int, int]]) -> list[_Ref]:
    refs = []
    for ref in [*_plenum_refs(doc), *_congress_refs(doc), *_charter_refs(doc)]:
        if not any(s < ref.end and ref.start < e for s, e in taken):
            refs.append(ref)
            taken = [*taken, (ref.start, ref.end)]
    return refs


def _plenum_of(ref: _Ref) -> Optional[int]:
    """'19-NQ/TW Hội nghị Trung ương 6 (khóa XII)': the plenum the issuer names."""
    if ref.plenum is not None or not ref.issuer:
        return ref.plenum
    m = re.search(r"(?i)hội nghị (?:trung ương|lần thứ) (\w+)", ref.issuer)
    return _plenum_number(m.group(1).lower()) if m else None


def extract(doc: Doc, named: bool = False) -> Iterator[DocumentRef]:
    """Document references; with ``named``, also documents cited by name without a
    number (plenum and congress resolutions, the Party's charter): code null,
    ``plenum``/``congress`` set. They are off by default because gold files mark
    them optional at most, so a scorer counts the ones a reader left out against you."""
    refs = _code_refs(doc)
    for ref in refs:
        _attach_type_word(doc, ref)
    taken = [(r.start, r.end) for r in refs]
    refs += _bare_refs(doc, taken)
    taken = [(r.start, r.end) for r in refs]
    refs += _shorthand_refs(doc, taken)
    if named:
        refs += _named_refs(doc, [(r.start, r.end) for r in refs])
    refs.sort(key=lambda r: r.start)
    for i, ref in enumerate(refs):
        limit = refs[i + 1].start if i + 1 < len(refs) else len(doc._.match_text)
        _take_trailing(doc, ref, limit)
    _share_along_lists(doc, refs)
    floor = 0
    for ref in refs:
        _take_leading(doc, ref, floor)
        floor = ref.end
    _carry_forward(doc, refs)
    for ref in refs:
        if ref.year and ref.issued_date and int(ref.issued_date[:4]) != ref.year:
            warn(doc, f"document number {ref.code}: year {ref.year} in the number disagrees "
                      f"with its signing date {ref.issued_date} (year {ref.issued_date[:4]})")
        yield DocumentRef(
            **fact_fields(doc, ref.start, ref.end),
            code=ref.code, doc_type=ref.doc_type, number=ref.number, year=ref.year,
            type_code=ref.type_code, issuer_code=ref.issuer_code, system=ref.system,
            issued_date=ref.issued_date, issuer=ref.issuer, term=ref.term,
            plenum=_plenum_of(ref), congress=ref.congress)
