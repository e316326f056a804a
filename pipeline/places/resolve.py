"""The place an article reports on, decided by ordered, named rules.

Province, first rule that gives one:
  ``title``        a unit the title names (a district names its province);
  ``lead-organ``   the first organization of a unit in the lead ("Tỉnh ủy Quảng Ninh",
                   "Đảng bộ huyện Đăk Glei");
  ``url``          the site of a provincial newspaper or portal (sources.py);
  ``lead-tag``     the newspaper tag opening the lead ("TTH -", "(Baohatinh.vn) -");
  ``lead-name``    the first unit the lead names;
  ``body-votes``   the province named most in the text (an organization or a type
                   word counts 2, a bare name 1; at least 2 in all, so a national
                   article naming a province once in passing stays national; and
                   ahead of the others: provinces tied at the top are examples
                   side by side, none of them the subject).
``national-lead``: when the lead's first sentence has a central body or the whole
Party as its subject ("Ban Bí thư vừa ban hành ...", "Sáng 10/5, tại Hà Nội, Bộ
Chính trị tổ chức ..."; not "Chỉ thị của Ban Bí thư", place_words.json
national_subjects), the article is national unless a rule above names a unit:
``lead-name`` passes over the seat of the central bodies as the venue or the
dateline ("tại Hà Nội", "HÀ NỘI -") and takes a unit only when the rest are of its
province ("làm việc với tỉnh Quảng Trị", not "các tỉnh Bắc Ninh, Thái Bình":
examples side by side), and ``body-votes`` does not apply (a province the body
cites is an example).

District, within that province, first rule that gives one:
  ``title``        a district the title names;
  ``lead-subject`` the first unit the lead's first sentence names with a type word or
                   an organization is a district ("Đảng bộ thị xã Hương Trà", "Huyện Năm
                   Căn đã ..."); a district first named later in the lead is one example
                   among others, not the article's subject. A province named in a
                   person's office ("Đồng chí X, Bí thư Tỉnh ủy Nghệ An dự Đại hội Đảng
                   bộ huyện Nam Đàn") is passed over for a district's organization after it;
  ``former-city``  "Thành ủy Huế" in the title or the lead's first sentence of a text that
                   names Thừa Thiên Huế is the district-level city of Huế of before 2025
                   (place_names.json former_cities), not the centrally-run city.
Otherwise the province alone. A name the register does not know is no evidence, nor
is a unit named in a related-news block ("Tin liên quan": another article's; the
callers in __init__ leave those mentions out).

``commune-2025``, after the province: a commune the title or the lead's first sentence
names ("Đảng bộ phường Tuy Hòa, tỉnh Đắk Lắk") that the province had before the 2025
mergers confirms it; one it has only since (the register after the mergers) gives the
province it was made of before them (Tuy Hòa: Phú Yên), no district (the districts are
gone, even when the province is the one chosen: "Đảng bộ đặc khu Phú Quốc" is no
longer the city of Phú Quốc); made of several, no place: the text does not say which.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from ..lexicon import Lexicon
from ..normalize import key_form, match_form
from ..records import Place
from ..tables import load_table
from .mentions import Mention, find_mentions
from .register import DISTRICT, PROVINCE, Unit, ascii_key, load_communes, load_register
from .sources import province_from_tag, province_from_url

LEAD_MIN_CHARS = 100
# The end of a sentence: a full stop (not inside a number or an abbreviation such as
# "TP.HCM") or ! ? followed by a space and a capital letter or digit.
_SENTENCE_END = re.compile(r"[.!?…](?=\s+[^\W_a-zđ])")
BODY_MIN_VOTES = 2
_DATELINE_END = re.compile(r"[ \t]*[-–—:]")


@lru_cache(maxsize=1)
def _national_words() -> tuple[re.Pattern, re.Pattern, frozenset]:
    """(a central body as a subject, unless the group ``not_subject`` matched; a venue word
    right before a unit), over the match form; the name keys of the national seat."""
    words = load_table("place_words")
    bodies = Lexicon("place_words.national_subjects", words["national_subjects"]).pattern
    before = Lexicon("place_words.not_subject_before", words["not_subject_before"]).pattern
    venue = Lexicon("place_words.venue_words", words["venue_words"]).pattern
    # "toàn Đảng bộ" is a local Party organization, not the whole Party
    national = re.compile(rf"(?<!\w)(?P<not_subject>(?:{before})\s+)?(?:{bodies})(?!\w)(?!\s+bộ(?!\w))")
    seat = frozenset(ascii_key(name) for name in words["national_seat"])
    return national, re.compile(rf"(?<!\w)(?:{venue})\s+$"), seat


def _is_venue(mention: Mention, mtext: str, lead_start: int) -> bool:
    """Where a national story happened or was filed: the national seat after a venue word
    ("tại Hà Nội") or as the dateline opening the lead ("HÀ NỘI -", "Hà Nội:"). Another
    place after "tại" is where the central body went ("Tổng Bí thư làm việc tại tỉnh Cao
    Bằng"): what the article reports on."""
    _, venue, seat = _national_words()
    if ascii_key(mtext[mention.start:mention.end]) not in seat:
        return False
    start = mention.evidence_start
    if not mtext[lead_start:start].strip() and _DATELINE_END.match(mtext, mention.end):
        return True
    return venue.search(mtext, max(0, start - 8), start) is not None


def _lead_match_form(text: str, lo: int, hi: int) -> str:
    """The match form of text[lo:hi] at its offsets in the text (blank before lo)."""
    return " " * lo + match_form(text[lo:hi])


def national_lead(text: str, lo: int, sentence_end: int, lead: list[Mention]) -> bool:
    """The rule ``national-lead``: the lead's first sentence has a central body as its
    subject, and names no unit before it other than the venue."""
    mtext = _lead_match_form(text, lo, sentence_end)
    national = _national_words()[0]
    for m in national.finditer(mtext, lo, sentence_end):
        if m.group("not_subject"):
            continue
        return all(_is_venue(u, mtext, lo) for u in lead if u.start < m.start())
    return False


# A commune named with its type word (not "thị xã"); its name is a run of capitalized words.
_CAPITAL = "".join(c for c in map(chr, range(0x41, 0x1F00)) if c.isupper())
_NAME_WORD = rf"[{_CAPITAL}][^\W_]*(?:['’][^\W_]+)?"
_COMMUNE = re.compile(r"(?<![^\W_])(?:(?<![Tt]hị )(?<!THỊ )(?:[Xx]ã|XÃ)|[Pp]hường|PHƯỜNG|[Đđ]ặc khu|ĐẶC KHU)[ \t]+"
                      rf"(?P<name>{_NAME_WORD}(?:[ \t\-]{_NAME_WORD})*)")


def _commune_name(text: str, lo: int, hi: int) -> tuple[str, str] | None:
    """(name, words) of the first commune text[lo:hi] names."""
    m = _COMMUNE.search(text, lo, hi)
    return (m.group("name"), text[m.start():m.end()]) if m else None


def commune_province(code: str, named: tuple[str, str] | None) -> tuple[str | None, bool]:
    """The rule ``commune-2025``: (the code of the province before the mergers of the
    commune named, given the province chosen; whether the commune exists only since
    them). The code is None when the commune was made of several provinces' communes,
    the chosen one when the commune says nothing."""
    if named is None:
        return code, False
    communes, name = load_communes(), named[0]
    if (code, ascii_key(name)) in communes.before:
        return code, False
    olds = communes.after.get((load_register().province(code).province_2025, key_form(name)))
    if not olds:
        return code, False
    return (next(iter(olds)) if len(olds) == 1 else None), True


@dataclass(frozen=True)
class Choice:
    unit: Unit
    rule: str
    evidence: str
    mention: Mention | None = None


def lead_span(text: str, title: str | None) -> tuple[int, int]:
    """The first paragraph long enough to be the lead (not the title)."""
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if len(stripped) >= LEAD_MIN_CHARS and stripped != (title or "").strip():
            return pos, pos + len(line)
        pos += len(line) + 1
    return 0, 0


def unit_in(mention: Mention, province_code: str | None) -> Unit:
    """The mention's best unit, within the province when it may name one there."""
    if province_code is not None:
        for unit in mention.units:
            if unit.province_code == province_code:
                return unit
    return mention.units[0]


def _support(mentions: list[Mention]) -> Counter:
    """Votes per province code from the mentions that name one province only."""
    votes: Counter = Counter()
    for m in mentions:
        provinces = m.provinces()
        if len(provinces) == 1:
            votes[next(iter(provinces))] += 2 if m.typed else 1
    return votes


def _settled(mention: Mention, votes: Counter) -> Unit | None:
    """The unit of a mention whose province is clear: one province, or the one of
    its provinces the rest of the text supports most."""
    provinces = mention.provinces()
    if len(provinces) == 1:
        return mention.units[0]
    best = max(provinces, key=lambda code: votes[code])
    return unit_in(mention, best) if votes[best] > 0 else None


def _first(mentions: list[Mention], votes: Counter, rule: str, text: str, typed_only=False) -> Choice | None:
    for m in mentions:
        if typed_only and not m.organ:
            continue
        unit = _settled(m, votes)
        if unit is not None:
            return Choice(unit, rule, text[m.evidence_start:m.end], m)
    return None


def _body_votes(votes: Counter, mentions: list[Mention], text: str) -> Choice | None:
    if not votes:
        return None
    order = {}
    for m in mentions:
        for code in m.provinces():
            order.setdefault(code, m)
    code = max(votes, key=lambda c: (votes[c], -order[c].start))
    if votes[code] < BODY_MIN_VOTES or sum(1 for n in votes.values() if n == votes[code]) > 1:
        return None
    m = order[code]
    return Choice(load_register().province(code), "body-votes", text[m.evidence_start:m.end], m)


def _province_choice(text, title, url, title_mentions, lead_text, lead, mentions, votes, national) -> Choice | None:
    choice = _first(title_mentions, votes, "title", title or "")
    choice = choice or _first(lead, votes, "lead-organ", text, typed_only=True)
    if choice is None:
        unit = province_from_url(url)
        choice = Choice(unit, "url", url) if unit is not None else None
    if choice is None:
        tagged = province_from_tag(lead_text)
        choice = Choice(tagged[0], "lead-tag", tagged[1]) if tagged else None
    if choice is not None:
        return choice
    if national is not None:  # the lead's units but its venue, if they are of one province; no votes
        named = {code for m in national for code in m.provinces()}
        return _first(national, votes, "lead-name", text) if len(named) == 1 else None
    return _first(lead, votes, "lead-name", text) or _body_votes(votes, mentions, text)


def first_sentence_end(text: str, lo: int, hi: int) -> int:
    """Where the first sentence of text[lo:hi] ends (hi when it is one sentence)."""
    m = _SENTENCE_END.search(text, lo, hi)
    return m.end() if m else hi


def _district_choice(province_code, title, text, title_mentions, lead, lead_sentence_end) -> Choice | None:
    for m in title_mentions:
        unit = unit_in(m, province_code)
        if unit.level == DISTRICT and unit.province_code == province_code:
            return Choice(unit, "title", title[m.evidence_start:m.end], m)
    after_title = False  # a provincial leader's office passed: only a district's organ is the subject
    for m in lead:
        if m.start >= lead_sentence_end:
            return None
        if not m.typed or (after_title and not m.organ):
            continue
        unit = unit_in(m, province_code)
        if unit.level == DISTRICT and unit.province_code == province_code:
            return Choice(unit, "lead-subject", text[m.evidence_start:m.end], m)
        if unit.level == PROVINCE and _person_title(text, m):
            after_title = True  # "Đồng chí X, Bí thư Tỉnh ủy Nghệ An dự Đại hội Đảng bộ huyện Nam Đàn"
            continue
        return None
    return None


def _person_title(text: str, m: Mention) -> bool:
    """The mention's organ is named in a person's office ("Bí thư Tỉnh ủy", "Chủ tịch UBND
    tỉnh", "Ủy viên Ban Thường vụ Tỉnh ủy": place_words person_titles), not as a body that acts."""
    lo = max(0, m.type_start - 48)
    return _person_title_re().search(match_form(text[lo:m.type_start])) is not None


@lru_cache(maxsize=1)
def _person_title_re() -> re.Pattern:
    words = load_table("place_words")
    titles = Lexicon("place_words.person_titles", words["person_titles"]).pattern
    bodies = Lexicon("place_words.organ_cues", words["organ_cues"]).pattern
    return re.compile(rf"(?<!\w)(?:{titles})\s+(?:(?:{bodies})\s+)?$")


@lru_cache(maxsize=1)
def _former_cities() -> dict[str, tuple[Unit, str, str]]:
    """Province code → (the district-level city it was, the city's name key, the
    province's earlier name in match form): place_names.json former_cities."""
    register, cities = load_register(), {}
    for name, city in load_table("place_names")["former_cities"].items():
        for unit in register.units_by_key.get(ascii_key(city["province_named"]), []):
            if unit.level == PROVINCE:
                district = Unit(DISTRICT, city["district"], city["type"], city["code"], unit.name,
                                unit.code, unit.province_2025)
                cities[unit.code] = (district, ascii_key(name), key_form(city["province_named"]))
    return cities


def _former_city(province_code, title, text, title_mentions, lead, lead_sentence_end) -> Choice | None:
    """The rule ``former-city``: "Thành ủy Huế" (or "thành phố Huế") as the subject of the
    title or of the lead's first sentence, in a text that names the province by its earlier
    name (Thừa Thiên Huế), is the district-level city Huế was until 2025, not the
    centrally-run city it is now."""
    city = _former_cities().get(province_code)
    if city is None:
        return None
    unit, city_key, province_named = city
    # the subjects: the title's first unit, and the lead's first unit named with a type or an organ
    subjects = [(title, m) for m in title_mentions[:1]]
    subjects += [(text, m) for m in lead if m.start < lead_sentence_end and m.typed][:1]
    for source, m in subjects:
        if m.unit_type == "thành phố" and ascii_key(source[m.start:m.end]) == city_key:
            if province_named in match_form(text) or province_named in match_form(title):
                return Choice(unit, "former-city", source[m.evidence_start:m.end], m)
    return None


def make_place(unit: Unit, evidence: str, surface: str | None = None, written_type: str | None = None) -> Place:
    """A Place for a province or a district. A former name (no accented name in
    the register) is written as the text spells it, with the text's type word."""
    register = load_register()
    province = unit if unit.level == PROVINCE else register.province(unit.province_code)
    district = None
    if unit.level == DISTRICT:
        name = unit.name or " ".join(w[:1].upper() + w[1:].lower() for w in (surface or "").split())
        unit_type = unit.unit_type if unit.name else (written_type or unit.unit_type)
        district = f"{unit_type} {name}"
    return Place(
        province=province.name, province_code=province.code,
        district=district, district_code=unit.code if unit.level == DISTRICT else None,
        province_2025=province.province_2025, evidence=evidence)


def place_of_mention(m: Mention, unit: Unit, text: str) -> Place:
    return make_place(unit, text[m.evidence_start:m.end], text[m.start:m.end], m.unit_type)


def article_place(text: str, title: str | None, url: str | None, mentions: list[Mention]) -> tuple[Place | None, str | None]:
    """(place, the rules that chose it) for an article, or (None, None)."""
    title_mentions = find_mentions(title) if title else []
    lo, hi = lead_span(text, title)
    lead = [m for m in mentions if lo <= m.start < hi]
    votes = _support(title_mentions + mentions)
    sentence_end = first_sentence_end(text, lo, hi)
    national = None
    if national_lead(text, lo, sentence_end, lead):
        mtext = _lead_match_form(text, lo, hi)
        national = [m for m in lead if not _is_venue(m, mtext, lo)]
    province = _province_choice(text, title, url, title_mentions, text[lo:hi], lead, mentions, votes, national)
    if province is None:
        return None, None
    code = province.unit.province_code
    commune = _commune_name(title or "", 0, len(title or "")) or _commune_name(text, lo, sentence_end)
    settled, merged = commune_province(code, commune)
    if settled is None:
        return None, None
    if merged:  # an article after the mergers: no districts any more
        return make_place(load_register().province(settled), commune[1]), f"province:{province.rule} commune-2025"
    district = (_district_choice(code, title or "", text, title_mentions, lead, sentence_end)
                or _former_city(code, title or "", text, title_mentions, lead, sentence_end))
    if district is None:
        return make_place(load_register().province(code), province.evidence), f"province:{province.rule}"
    m = district.mention
    source = title if m in title_mentions else text
    place = make_place(district.unit, district.evidence, source[m.start:m.end], m.unit_type)
    return place, f"province:{province.rule} district:{district.rule}"
