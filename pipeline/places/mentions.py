"""Mentions of administrative units in a text: ``Đảng bộ huyện Xuân Lộc``,
``Tỉnh ủy Hà Tĩnh``, ``TP.HCM``, ``Đăk Glei``, ``HUYỆN ỦY ĐĂK GLEI``.

The text is folded to ASCII (same length, so offsets carry over) and cut into
alphanumeric tokens once; runs of capitalized tokens are looked up in a set of
register keys with their prefixes (names are joined without spaces, as the
register keys them), so each token costs a few set look-ups whatever the size of
the register. A match is then checked against the accented name (tones aside:
``Đắk``/``Đăk``, ``uỷ``/``ủy``) and read with the words before it: a type word
(``huyện``, ``TP``), an organ (``Huyện ủy``, ``Đảng bộ tỉnh``), or a word saying
it is something else of that name (``xã``, ``đường``).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ..lexicon import Lexicon
from ..normalize import key_form, match_form
from ..tables import load_table
from .register import DISTRICT, PROVINCE, Register, Unit, ascii_fold, load_register

_TOKEN = re.compile(r"[a-z0-9]+")
_UPPER = "".join(sorted({c for c in map(chr, [*range(0x41, 0x5B), *range(0xC0, 0x1F00)]) if c.isupper()}))
# Capitalized words joined as one name's syllables are:
# by a space, a hyphen or an apostrophe ("Bà Rịa - Vũng Tàu", "Cư M'gar").
_WORD = rf"[{_UPPER}][^\W_]*(?:['’][^\W_]+)?"  # an apostrophe goes on in lower case: M'gar, H'leo
_CAPITALIZED_RUN = re.compile(rf"{_WORD}(?:(?:[ \t]{{1,2}}|[ \t]?[\-–][ \t]?){_WORD})*")
_SEVERAL_SYLLABLES = re.compile(r"\w[\s\-–'’]+\w")
# "quận", "Quận", "QUẬN", "Q." written to open with the letter Q, so the regex
# engine skips to the next q at once instead of trying the words at every character.
_NUMBERED_DISTRICT = re.compile(r"[Qq](?:uận|(?<=Q)(?:UẬN|\.))(?<![^\W_][Qq]uận)[ \t]*(\d{1,2})(?![\d\w])")
_LOOKBACK = 48
_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
DISTRICT_TYPES = ("huyện", "quận", "thị xã")


@dataclass(frozen=True)
class Mention:
    start: int            # the name's span in the text
    end: int
    units: tuple[Unit, ...]  # the register units it may name, best first
    unit_type: str | None    # the type word before it (official spelling), if any
    organ: bool              # an organization of the unit: Tỉnh ủy X, Đảng bộ huyện X, UBND tỉnh X
    type_start: int          # where its type word begins (= start without one)
    cue_start: int           # where the words it was read with begin ("Đảng bộ huyện X")
    place_start: int         # where the place's own words begin: "huyện X", but "Huyện ủy [X]"

    @property
    def evidence_start(self) -> int:
        return min(self.cue_start, self.type_start)

    @property
    def typed(self) -> bool:
        return self.unit_type is not None or self.organ

    def provinces(self) -> set[str]:
        return {u.province_code for u in self.units}


def _words(name: str, phrases) -> str:
    """The alternation of a place_words table (matched on the match form); a
    space in a phrase matches any whitespace or none."""
    return Lexicon(f"place_words.{name}", phrases, space="optional").pattern


@dataclass
class _Tables:
    register: Register
    prefixes: frozenset
    before: re.Pattern
    not_unit: re.Pattern
    types: dict
    organ_types: dict
    bare_not_places: frozenset
    person_words: frozenset
    lower_types: dict


@lru_cache(maxsize=1)
def tables() -> _Tables:
    words = load_table("place_words")
    reg = load_register()
    prefixes = {key[:i] for key in reg.units_by_key for i in range(1, len(key) + 1)}
    types = {key_form(k): v for k, v in words["unit_types"].items()}
    organ_types = {key_form(k): v for k, v in words["organ_types"].items()}
    type_words = _words("unit_types+organ_types", [*words["unit_types"], *words["organ_types"]])
    cues = _words("organ_cues", words["organ_cues"])
    before = re.compile(rf"(?<!\w)(?:(?P<cue>{cues})\s+)?(?P<type>{type_words})\s*$|(?<!\w)(?P<bare_cue>{cues})\s+$")
    not_units = _words("not_units", words["not_units"])
    not_unit = re.compile(rf"(?<!\w)(?:{not_units})\s*$")
    bare = frozenset(key_form(n) for n in words["bare_not_places"])
    person = frozenset(key_form(w) for w in words["person_name_words"])
    lower = {key_form(k): frozenset(key_form(t) for t in v) for k, v in words["lower_types"].items()}
    return _Tables(reg, frozenset(prefixes), before, not_unit, types, organ_types, bare, person, lower)


def _name_spans(text: str, t: _Tables):
    """(start, end, key, inner) of the longest register key in each run of
    capitalized words (inner: not at the start of its run, "KCN Nam [Tân Uyên]",
    unless the run is a headline in capitals):
    only those runs are looked up, token by token against the set of key
    prefixes, so the cost follows the names in the text, not its length."""
    keys, prefixes = t.register.units_by_key, t.prefixes
    for run in _CAPITALIZED_RUN.finditer(text):
        base = run.start()
        if base and (text[base - 1].isalnum() or text[base - 1] == "_"):
            continue  # inside a word ("CV12", "iPhone")
        # folded run by run: ascii_fold is one table look-up per character, and
        # the runs are a small part of the text (offsets in it are from base)
        folded = ascii_fold(run.group())
        toks = _TOKEN.findall(folded)
        spans = None
        i, n = 0, len(toks)
        while i < n:
            key, best, j = toks[i], None, i
            while key in prefixes:
                if key in keys:
                    best = j
                j += 1
                if j >= n:
                    break
                key += toks[j]
            if best is None:
                i += 1
                continue
            if spans is None:
                spans = [(base + m.start(), base + m.end()) for m in _TOKEN.finditer(folded)]
            yield spans[i][0], spans[best][1], "".join(toks[i:best + 1]), i > 0 and not run.group().isupper()
            i = best + 1


def _numbered_spans(text: str):
    """quận 1 .. quận 12: a number names a district only right after "quận" / "Q."."""
    if "uận" not in text and "UẬN" not in text and "Q." not in text:
        return
    for m in _NUMBERED_DISTRICT.finditer(text):
        yield m.start(1), m.end(1), str(int(m.group(1))), False


@lru_cache(maxsize=4096)
def toneless(name: str) -> str:
    """Lower case without tone marks (vowel letters kept): Đắk and Đăk are one name."""
    decomposed = unicodedata.normalize("NFD", name.lower())
    kept = "".join(c for c in decomposed if c not in _TONE_MARKS)
    return _spaced(unicodedata.normalize("NFC", kept))


@lru_cache(maxsize=4096)
def _name_form(name: str) -> str:
    return _spaced(key_form(name))


def _spaced(name: str) -> str:
    return " ".join(re.sub(r"[\-–'’]", " ", name).split())


def _spelled_alike(surface: str, unit: Unit) -> int:
    """2: the same name; 1: the same but for tones, or the text has no marks at all
    (``DAK GLEI``); 0.5: the same letters with other marks (``Mù Cang Chải`` for the
    register's ``Mù Căng Chải``), enough for a name of several syllables."""
    if unit.name is None:
        return 1
    spellings = (unit.name, *unit.aliases)
    written = _spaced(match_form(surface))
    if any(written == _name_form(name) for name in spellings):
        return 2
    if surface.isascii() or any(toneless(surface) == toneless(name) for name in spellings):
        return 1
    return 0.5


def _by_type(units: list[Unit], unit_type: str | None, organ: bool) -> list[Unit]:
    """The units a type word allows: tỉnh → provinces; huyện/quận/thị xã → districts;
    thành phố → a centrally-run city, else a district-level city; none → a province
    if the name is one, else a district (a former name only after a type word)."""
    provinces = [u for u in units if u.level == PROVINCE]
    districts = [u for u in units if u.level == DISTRICT]
    if unit_type == "tỉnh":
        return provinces  # "tỉnh Thừa Thiên Huế" before it became a city
    if unit_type == "thành phố":
        central = [u for u in provinces if u.central_city]
        return central or sorted(_not_lower(districts, unit_type), key=lambda u: u.unit_type != "thành phố")
    if unit_type in DISTRICT_TYPES:
        return sorted(_not_lower(districts, unit_type), key=lambda u: u.unit_type != unit_type)
    named = [u for u in districts if u.name is not None]
    return provinces or named


def _not_lower(districts: list[Unit], unit_type: str) -> list[Unit]:
    """The districts a written type may name: units are raised (huyện → thị xã →
    thành phố, quận), not lowered, so "Thị ủy Sơn Tây" is no huyện (place_words
    lower_types); all of them if none is left."""
    lower = tables().lower_types.get(unit_type, frozenset())
    kept = [u for u in districts if u.unit_type not in lower]
    return kept or districts


def _read_context(mtext: str, start: int, t: _Tables) -> tuple[str | None, bool, int, int, int] | None:
    """(type, organ, type_start, cue_start, place_start) from the words before a
    name; None when they say it is not a unit (xã, đường...)."""
    lo = max(0, start - _LOOKBACK)
    window = mtext[lo:start]
    m = t.before.search(window)
    if m is None or m.group("bare_cue"):
        # "thị xã" is a type word; "xã" alone says a commune of that name
        if t.not_unit.search(window):
            return None
    if m is None:
        return None, False, start, start, start
    if m.group("bare_cue"):
        return None, True, start, lo + m.start("bare_cue"), start
    cue_start = lo + (m.start("cue") if m.group("cue") else m.start("type"))
    word = " ".join(m.group("type").split())
    word = re.sub(r"\s*\.\s*", ".", word)
    if word in t.organ_types:
        return t.organ_types[word], True, lo + m.start("type"), cue_start, start
    unit_type = t.types.get(word) or t.types.get(word.rstrip("."))
    type_start = lo + m.start("type")
    return unit_type, m.group("cue") is not None, type_start, cue_start, type_start


def _not_a_place_alone(surface: str, mtext: str, start: int, t: _Tables) -> bool:
    """A name that, without a type word, is a person's: one the table lists
    ('tư tưởng Hồ Chí Minh'), or one right after a family or middle name
    ('Nguyễn Xuân Lộc', 'đồng chí Lê Chân')."""
    if key_form(surface) in t.bare_not_places:
        return True
    before = mtext[max(0, start - _LOOKBACK):start]
    if not before.endswith((" ", "\t")):
        return False
    words = before.split()
    return bool(words) and words[-1] in t.person_words


def _sentence_initial(text: str, start: int) -> bool:
    before = text[max(0, start - 8):start].rstrip(" \t\"“'(")
    return not before or before[-1] in ".!?:;\n"


def find_mentions(text: str, mtext: str | None = None) -> list[Mention]:
    """Every administrative unit the text names, in text order (``mtext``: the
    text's match form, when the caller has it)."""
    t = tables()
    mtext = match_form(text) if mtext is None else mtext
    mentions = []
    for start, end, key, inner in sorted([*_name_spans(text, t), *_numbered_spans(text)]):
        context = _read_context(mtext, start, t)
        if context is None:
            continue
        unit_type, organ, type_start, cue_start, place_start = context
        surface = text[start:end]
        bare = unit_type is None and not organ
        if bare and inner:
            continue  # the end of a longer proper name: "KCN Nam Tân Uyên", "Trường THPT Lê Lợi"
        if unit_type is None and _not_a_place_alone(surface, mtext, start, t):
            continue  # an organ's title does not make a person a place: "Chủ tịch Hồ Chí Minh"
        if key.isdigit() and unit_type != "quận":
            continue  # quận 1 .. quận 12: a number names a district only after "quận"
        # Alone, a one-syllable name must be spelled as the register spells it ("Chủ"
        # is not Chũ); after a type word, tones aside; a longer name, marks aside.
        least = 0.5 if _SEVERAL_SYLLABLES.search(surface) else (2 if bare else 1)
        units = _by_type(t.register.units_by_key[key], unit_type, organ)
        scored = sorted(((_spelled_alike(surface, u), i, u) for i, u in enumerate(units)), key=lambda x: (-x[0], x[1]))
        units = [u for score, _, u in scored if score >= least]
        if units and bare and least == 2 and units[0].level == DISTRICT and _sentence_initial(text, start):
            continue  # "Vinh dự", at a sentence start: a word, not the city of Vinh
        if units and (units[0].name is not None or unit_type is not None):
            mentions.append(Mention(start, end, tuple(units), unit_type, organ, type_start, cue_start, place_start))
    return mentions
