"""Where a cited document's issuing body sits, and the body as one canonical key.

``issuer_place`` (local bodies only: ``local_codes`` in issuer_bodies.json), by rule:
  ``issuer-named``  a unit the issuer's own words name ("của BTV Tỉnh ủy Hà Tĩnh");
  ``article``       else the article's place, cut to its province when the body is
                    provincial (``TU``, "UBND tỉnh").
The level is the code's (its first part: ``UBND-NC`` is UBND's), unless the issuer's
words name another ("Thị ủy Hồng Lĩnh" numbers its documents ``/TU``); a Thành ủy
unnamed is the article's city (thành phố) if it reports on one, else its province's
(Hà Nội's Thành ủy in an article on one of its districts). A mention
without an issuer code, or with one that central and local bodies share (``BCĐ``) or
that the tables do not know, is local when its issuer's words say so ("Nghị quyết 28
của Ban Thường vụ Thành ủy": ``local_words``).
Central bodies (TW, CP, TTg, BCT, ...) have none.

``issuer_key``: the issuer's words (else the body its code stands for) with
abbreviations written out (BTV → Ban Thường vụ) and tones in one style, the place
names cut out and the canonical place put back at the end:
"Ban Thường vụ Tỉnh ủy Hà Tĩnh", "Huyện ủy Nam Đông, Thừa Thiên Huế", "Ban Bí thư".
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..lexicon import Lexicon
from ..normalize import fold_tones, match_form
from ..records import DocumentRef, Place
from ..tables import load_table
from .mentions import Mention, find_mentions
from .register import DISTRICT, load_register
from .resolve import make_place, unit_in

PROVINCE_LEVEL, DISTRICT_LEVEL, CITY_LEVEL = "province", "district", "city"
CITY_TYPE = "thành phố"
_DISTRICT_TYPE = re.compile(r"^(?:huyện|quận|thị xã|thành phố)\s+")


@lru_cache(maxsize=1)
def _tables():
    t = load_table("issuer_bodies")
    # an issuer's words are read as the mention wrote them: a space in a phrase is one space
    level_words = Lexicon("issuer_bodies.level_words", t["level_words"], space="one")
    level_re = re.compile(rf"(?<!\w)({level_words.pattern})(?!\w)")
    local_words = Lexicon("issuer_bodies.local_words", t["local_words"], space="one")
    local_re = re.compile(rf"(?<!\w)(?:{local_words.pattern})(?!\w)")
    # the capitals are what make "BTV" an abbreviation: matched in the text as written
    abbr = Lexicon("issuer_bodies.abbreviations", t["abbreviations"], space="one", exact_case=True)
    abbr_re = re.compile(rf"(?<!\w)({abbr.pattern})(?!\w)")
    code_names = {code: body["name"] for code, body in load_table("issuers")["codes"].items()}
    return t["local_codes"], level_re, level_words, local_re, abbr, abbr_re, code_names, set(t["shared_codes"])


def _code_head(code: str | None) -> str | None:
    """The code of the issuing body: 'UBND-NC' (an office of the UBND numbering) is UBND's."""
    return code.split("-")[0] if code else None


def _level(ref: DocumentRef) -> str | None:
    """province, district, any, or None for a central body."""
    local, level_re, levels, local_re, *_, code_names, shared = _tables()
    code = _code_head(ref.issuer_code)
    level = local.get(code or "")
    of_no_level = code is None or code not in code_names or code in shared  # the words decide
    words = match_form(ref.issuer) if ref.issuer else ""
    if level is None and of_no_level and (local_re.search(words) or level_re.search(words)):
        level = "any"  # the issuer's words say it is a local body ("Đảng ủy Quân sự tỉnh")
    if level is not None:
        m = level_re.search(words)
        level = levels.entry(m.group(1)) if m else level
    return level


def _province_only(place: Place) -> Place:
    return place.model_copy(update={"district": None, "district_code": None})


def issuer_place(ref: DocumentRef, article: Place | None, named: list[Mention]) -> Place | None:
    level = _level(ref)
    if level is None:
        return None
    if named:
        m = named[0]
        unit = unit_in(m, article.province_code if article else None)
        if level == PROVINCE_LEVEL and unit.level == DISTRICT:
            unit = load_register().province(unit.province_code)
        return make_place(unit, ref.issuer[m.evidence_start:m.end], ref.issuer[m.start:m.end], m.unit_type)
    if article is None:
        return None
    if article.district and (level == PROVINCE_LEVEL
                             or level == CITY_LEVEL and not article.district.startswith(CITY_TYPE + " ")):
        return _province_only(article)
    return article


def _place_label(place: Place) -> str:
    if place.district:
        return f"{_DISTRICT_TYPE.sub('', place.district)}, {place.province}"
    return place.province


def issuer_key(ref: DocumentRef, place: Place | None, named: list[Mention]) -> str | None:
    *_, abbr, abbr_re, code_names, _shared = _tables()
    body = ref.issuer or code_names.get(ref.issuer_code or "")
    if not body:
        return None
    if ref.issuer:
        for m in reversed(named):  # cut the names out; the canonical place goes at the end
            body = body[:m.start] + body[m.end:]
    body = abbr_re.sub(lambda m: abbr.entry(m.group(1)), body)
    body = " ".join(fold_tones(body).split()).strip(" ,")
    return f"{body} {_place_label(place)}" if place else body


def with_issuer(ref: DocumentRef, article: Place | None) -> DocumentRef:
    named = find_mentions(ref.issuer) if ref.issuer else []
    place = issuer_place(ref, article, named)
    return ref.model_copy(update={"issuer_place": place, "issuer_key": issuer_key(ref, place, named)})
