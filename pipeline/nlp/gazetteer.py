"""The gazetteer of Party and State bodies (pipeline/data/gazetteer.json), as data.

Two kinds of entries. The name patterns (``GazetteerPattern``: a fixed body,
an organ, a committee, a State body, a level word) are what the gazetteer
ruler (``pipeline.nlp.entity_ruler``) is given through ``add_patterns`` and
writes to disk; they compile into ``BodyPatterns``. The word lists
(``EntityWords``: surnames, place nouns, titles ...) say how a name looks and
are shared by the ruler (where a body's tail ends) and the overlap filter (how
NER spans are corrected). Both are validated by pydantic when loaded.
A body name is: [organ [của]] committee-or-State-body [tail], organ + level
("Ban Tổ chức Trung ương"), or one of the fixed bodies.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Literal, Sequence, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..lexicon import alternation
from ..normalize import key_form
from ..tables import load_table
from .segment import Word

PatternKind = Literal["body", "organ", "committee", "committee_needing_tail", "state_body", "level"]
PATTERN_KINDS: tuple[str, ...] = get_args(PatternKind)

# The table's list holding each kind of pattern.
_TABLE_LISTS = {"body": "bodies", "organ": "organs", "committee": "committees",
                "committee_needing_tail": "committees_needing_tail", "state_body": "state_bodies",
                "level": "levels"}


class GazetteerPattern(BaseModel):
    """One entry of the ruler: a phrase in normal Vietnamese (either tone style)
    and the part of a body name it is."""
    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: PatternKind
    pattern: str = Field(min_length=1)

    @field_validator("pattern")
    @classmethod
    def _has_a_letter(cls, value: str) -> str:
        if not re.search(r"[^\W\d_]", value) or value != value.strip():
            raise ValueError("a pattern is a phrase with letters and no surrounding spaces")
        return value


class EntityWords(BaseModel):
    """The word lists that say what a name, a title or a non-entity looks like."""
    model_config = ConfigDict(extra="ignore", frozen=True)

    max_place_syllables: int = Field(ge=1)
    surnames: frozenset[str] = Field(min_length=1)
    place_nouns: frozenset[str] = Field(min_length=1)
    titles: frozenset[str] = Field(min_length=1)
    not_entity_heads: tuple[str, ...] = Field(min_length=1)
    not_names: frozenset[str]
    org_names: frozenset[str]
    member_suffixes: tuple[str, ...] = Field(min_length=1)

    @field_validator("surnames", "place_nouns", "titles", "not_names", "org_names")
    @classmethod
    def _key_forms(cls, value: frozenset[str]) -> frozenset[str]:
        return frozenset(key_form(s) for s in value)


def _unit_nouns() -> list[str]:
    """tỉnh, huyện ... thị trấn: levels in a body's name and place nouns, listed
    once for every reader in place_words.json."""
    return load_table("place_words")["unit_nouns"]


def _gazetteer_table() -> dict:
    """gazetteer.json with the unit nouns added to its levels and place nouns."""
    table = load_table("gazetteer")
    return {**table, "levels": [*table["levels"], *_unit_nouns()],
            "place_nouns": [*table["place_nouns"], *_unit_nouns()]}


def default_patterns() -> list[dict]:
    """The shipped patterns, in the table's order."""
    table = _gazetteer_table()
    return [{"kind": kind, "pattern": phrase} for kind in PATTERN_KINDS for phrase in table[_TABLE_LISTS[kind]]]


def validate_patterns(patterns: Iterable[dict]) -> list[GazetteerPattern]:
    """The patterns as models; a bad one is refused with its position and the reason."""
    out = []
    for i, entry in enumerate(patterns):
        try:
            out.append(GazetteerPattern.model_validate(entry))
        except ValueError as err:
            raise ValueError(f"gazetteer pattern {i} ({entry!r}) is invalid: {err}") from None
    return out


@lru_cache(maxsize=1)
def entity_words() -> EntityWords:
    return EntityWords.model_validate(_gazetteer_table())


@lru_cache(maxsize=1)
def not_entity_head() -> re.Pattern:
    """Phrases that open a document's or an event's name ("Chỉ thị 28", "Đại hội XIV")."""
    return re.compile(rf"(?:{_alternation(entity_words().not_entity_heads)})(?!\w)")


def _alternation(phrases: Iterable[str]) -> str:
    """The lexicon's alternation; no phrase: a pattern that matches nothing."""
    return alternation(phrases) or "(?!)"


@dataclass(frozen=True)
class BodyPatterns:
    """The patterns compiled, matched on the Doc's match text."""
    body: re.Pattern          # fixed names: Bộ Chính trị, Quốc hội ...
    head: re.Pattern          # [organ [của]] committee-or-state-body
    needs_tail: re.Pattern    # generic committees that name nobody without a tail
    organ_level: re.Pattern   # organ followed by a level: Ban Tổ chức Trung ương
    level: re.Pattern         # one level word at a position


def compile_patterns(patterns: Sequence[GazetteerPattern]) -> BodyPatterns:
    phrases = {kind: [p.pattern for p in patterns if p.kind == kind] for kind in PATTERN_KINDS}
    organs = _alternation(phrases["organ"])
    heads = _alternation(phrases["committee"] + phrases["committee_needing_tail"] + phrases["state_body"])
    levels = _alternation(phrases["level"])
    edge = r"(?<!\w)({})(?!\w)"
    # "Tỉnh ủy viên" is a member of the committee (a title), not the committee.
    not_a_member = rf"(?!\s+(?:{_alternation(entity_words().member_suffixes)})(?!\w))"
    return BodyPatterns(
        body=re.compile(edge.format(_alternation(phrases["body"]))),
        head=re.compile(edge.format(rf"(?:(?:{organs})\s+(?:của\s+)?)?(?:{heads})") + not_a_member),
        needs_tail=re.compile(_alternation(phrases["committee_needing_tail"])),
        organ_level=re.compile(edge.format(rf"(?:{organs})") + rf"(?=\s+(?:{levels})(?!\w))"),
        level=re.compile(rf"\s+(?:{levels})(?!\w)"),
    )


# --- how words look -----------------------------------------------------------

_LETTER = re.compile(r"[^\W\d_]")
ROMAN = re.compile(r"[IVXLC]+")


def is_title(word: Word) -> bool:
    return word.text[:1].isupper()


def is_code(word: Word) -> bool:
    """An abbreviation, identifier part, number or Roman numeral: not a name."""
    letters = _LETTER.findall(word.text)
    if not letters:
        return True
    if ROMAN.fullmatch(word.text):
        return True
    return len(letters) >= 2 and not any(c.islower() for c in letters)


def is_name_word(word: Word, words: EntityWords | None = None) -> bool:
    """Capitalized, not a code, and (given the lists) not a title like Bí thư."""
    return (is_title(word) and not is_code(word)
            and (words is None or key_form(word.text) not in words.titles))


def syllables(word: Word) -> list[str]:
    return word.text.split()


def person_shaped(run: list[Word], words: EntityWords) -> bool:
    """Surname + 1-3 more syllables, every one capitalized: Trần Xuân Bình."""
    parts = [s for w in run for s in syllables(w)]
    return (3 <= len(parts) <= 4 and key_form(parts[0]) in words.surnames
            and all(s[:1].isupper() and not ROMAN.fullmatch(s) for s in parts))
