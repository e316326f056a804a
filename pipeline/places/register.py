"""The register of administrative units, read once from the data files that the
``vietnamadminunits`` package ships (its 63-province register in force before the
1 July 2025 mergers, with statistics codes, and its mapping to the 34 provinces
after them).

Only the package's data are used, never its parser: importing the package pulls
in geometry and geocoding libraries that this step does not need, so the data
folder is located without importing it.

A ``Unit`` is a province or a district-level unit. Every unit is reachable by
its *keys*: the name folded to ASCII without spaces (``Xuân Lộc`` → ``xuanloc``),
plus the former names the register keeps for units merged into it (``namdong``
in ``Phú Lộc``: a 2015 article's ``huyện Nam Đông`` is that district, with the
code of the unit that holds it now). Names that only exist as such keys have
no accented form in the register; the text's own spelling is used for them.
"""
from __future__ import annotations

import importlib.util
import json
import re
import sqlite3
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..normalize import key_form
from ..tables import load_table

PACKAGE = "vietnamadminunits"
PROVINCE = "province"
DISTRICT = "district"
# Keys of the register that carry a unit type in front or at the end
# (``huyennamdong``, ``hongnguthixa``): the type is read from the text instead.
_TYPE_WORDS = ("thanhpho", "thixa", "thisa", "huyen", "quan", "tinh", "district", "tp", "tx", "q", "h")
_NUMBERED = re.compile(r"^(?:district|quan|q)0*(\d+)$")
_PARENTHESIS = re.compile(r"\s*\(.*?\)\s*")


def ascii_key(name: str) -> str:
    """A name folded as the register folds it: no marks, no case, no spaces."""
    return "".join(ch for ch in ascii_fold(name) if ch.isalnum())


def _fold_char(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", ch)[0]
    return base.lower() if base.isascii() and len(base.lower()) == 1 else ch


# One character for one: the folded text has the length of the text, so an
# offset found in it is an offset into the text.
_FOLD = {cp: _fold_char(chr(cp)) for cp in range(0xC0, 0x1F00) if _fold_char(chr(cp)) != chr(cp)}
_FOLD.update({cp: chr(cp).lower() for cp in range(ord("A"), ord("Z") + 1)})


def ascii_fold(text: str) -> str:
    """Lower case without marks (``Đắk Lắk`` → ``dak lak``); same length as text."""
    return text.translate(_FOLD)


@dataclass(frozen=True)
class Unit:
    level: str                  # PROVINCE or DISTRICT
    name: str | None            # short official name, accented; None for a former name
    unit_type: str              # lower-case type word: tỉnh, thành phố, huyện, quận, thị xã
    code: str                   # statistics code (of the unit that holds it now)
    province: str               # short name of the province (itself for a province)
    province_code: str
    province_2025: str | None
    aliases: tuple[str, ...] = ()  # other spellings of its name: Huế, TP.HCM

    @property
    def central_city(self) -> bool:
        return self.level == PROVINCE and self.unit_type == "thành phố"


@dataclass
class Register:
    units_by_key: dict[str, list[Unit]] = field(default_factory=dict)
    provinces: dict[str, Unit] = field(default_factory=dict)   # by code

    def add(self, key: str, unit: Unit) -> None:
        units = self.units_by_key.setdefault(key, [])
        if unit not in units:
            units.append(unit)

    def province(self, code: str) -> Unit | None:
        return self.provinces.get(code)


def data_dir() -> Path:
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"the register package {PACKAGE!r} is not installed")
    return Path(list(spec.submodule_search_locations)[0]) / "data"


def _rows(sql: str) -> list[sqlite3.Row]:
    path = data_dir() / "dataset.db"
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        conn.row_factory = sqlite3.Row
        return conn.execute(sql).fetchall()


def _provinces_2025() -> dict[str, str]:
    """Province key before the mergers → the short name of the province after them."""
    new_names = {r["provinceKey"]: r["provinceShort"]
                 for r in _rows("SELECT DISTINCT provinceKey, provinceShort FROM admin_units")}
    with open(data_dir() / "converter_2025.json", encoding="utf-8") as f:
        merged = json.load(f)["DICT_PROVINCE"]
    return {old: new_names.get(new) for new, olds in merged.items() for old in olds}


def _short_keys(keywords: str | None, own_key: str) -> set[str]:
    """The register's keywords of a unit without their type words: a keyword
    that is another keyword of the list with a type word in front or behind
    (``huyennamdong`` beside ``namdong``) is that other keyword; ``quan09`` is ``9``."""
    words = set(json.loads(keywords or "[]")) | {own_key}
    keys = set()
    for kw in words:
        number = _NUMBERED.match(kw)
        if number:
            keys.add(str(int(number.group(1))))
            continue
        typed = any(kw == t + other or kw == other + t for t in _TYPE_WORDS for other in words if other != kw)
        if not typed and not (len(kw) <= 2 and kw.isalpha()):
            keys.add(kw)
    keys.discard(own_key)
    return keys


def _district_name(short: str, unit_type: str) -> str:
    """``Quận 1`` → ``1``; ``Kỳ Anh (Huyện)`` → ``Kỳ Anh``."""
    short = _PARENTHESIS.sub(" ", short).strip()
    if short.lower().startswith(unit_type.lower() + " "):
        short = short[len(unit_type) + 1:]
    return short


@lru_cache(maxsize=1)
def load_register() -> Register:
    names = load_table("place_names")
    display = names["province_display"]
    to_2025 = _provinces_2025()
    aliases: dict[str, list[str]] = {}
    for alias, code in names["province_aliases"].items():
        aliases.setdefault(code, []).append(alias)
    reg = Register()
    rows = _rows(
        "SELECT DISTINCT province, provinceShort, provinceCode, provinceKey, provinceKeywords, "
        "districtShort, districtType, districtCode, districtKeywords FROM admin_units_legacy")
    for r in rows:
        pcode = r["provinceCode"]
        pname = display.get(pcode, r["provinceShort"])
        p2025 = to_2025.get(r["provinceKey"])
        if pcode not in reg.provinces:
            ptype = "thành phố" if r["province"].lower().startswith("thành phố") else "tỉnh"
            spellings = {r["provinceShort"], *aliases.get(pcode, ())} - {pname}
            unit = Unit(PROVINCE, pname, ptype, pcode, pname, pcode, p2025, tuple(sorted(spellings)))
            reg.provinces[pcode] = unit
            own = ascii_key(r["provinceShort"])
            for key in {own, ascii_key(pname)} | _short_keys(r["provinceKeywords"], own):
                reg.add(key, unit)
        dtype = r["districtType"].lower()
        dname = _district_name(r["districtShort"], r["districtType"])
        unit = Unit(DISTRICT, dname, dtype, r["districtCode"], pname, pcode, p2025)
        own = ascii_key(dname)
        reg.add(own, unit)
        for key in _short_keys(r["districtKeywords"], own):
            # a former name merged into this unit: the same code, no accented name
            reg.add(key, Unit(DISTRICT, None, dtype, r["districtCode"], pname, pcode, p2025))
    for alias, code in names["province_aliases"].items():
        reg.add(ascii_key(alias), reg.provinces[code])
    return reg


@dataclass(frozen=True)
class Communes:
    """The communes (xã, phường, đặc khu) of both registers: ``before`` the
    (province code, name key) pairs of the register before the 2025 mergers, former
    names included (ASCII keys: a spelling that may be one of them is one);
    ``after`` (province after the mergers, name in match form: Mỹ Tho is not Mỹ
    Thọ) → the codes of the provinces before them whose communes it was made of
    (the package's converter)."""
    before: frozenset
    after: dict


@lru_cache(maxsize=1)
def load_communes() -> Communes:
    legacy = _rows("SELECT DISTINCT provinceCode, provinceKey, wardShort, wardKeywords FROM admin_units_legacy")
    code_of = {r["provinceKey"]: r["provinceCode"] for r in legacy}
    before = set()
    for r in legacy:
        if r["wardShort"]:
            for key in {ascii_key(r["wardShort"])} | _short_keys(r["wardKeywords"], ascii_key(r["wardShort"])):
                before.add((r["provinceCode"], key))
    with open(data_dir() / "converter_2025.json", encoding="utf-8") as f:
        conv = json.load(f)
    whole, divided = conv["DICT_PROVINCE_WARD_NO_DIVIDED"], conv["DICT_PROVINCE_WARD_DIVIDED"]
    parts: dict[tuple[str, str], list[str]] = {}
    for pkey, wards in divided.items():
        for old, news in wards.items():
            # an old commune divided: counted for the new one that took it as a whole
            # ("default"); the others' listings of parts cross provinces by mistake
            for new in news:
                if new.get("isDefaultNewWard"):
                    parts.setdefault((pkey, new["newWardKey"]), []).append(old)
    after: dict[tuple[str, str], set[str]] = {}
    for r in _rows("SELECT DISTINCT provinceShort, provinceKey, wardShort, wardKey FROM admin_units"):
        olds = whole.get(r["provinceKey"], {}).get(r["wardKey"], []) + parts.get((r["provinceKey"], r["wardKey"]), [])
        codes = {code_of[o.split("_")[0]] for o in olds if o.split("_")[0] in code_of}
        if codes:
            after.setdefault((r["provinceShort"], key_form(r["wardShort"])), set()).update(codes)
    return Communes(frozenset(before), after)
