"""Places on the facts of an article: a count's or a share's own place, and the
administrative units of the text as LOC entities.

``Count.place`` / ``Percentage.place``: the unit the fact's subject names
("Đảng bộ huyện Kbang" in a Gia Lai article), when it is not the article's place;
"Đảng bộ" alone names none, so the article's place holds (null).

Register entities (``source: "register"``): every unit the text names, its type
word included ("huyện Xuân Lộc"; after an organ only the name: "Tỉnh ủy
[Hà Tĩnh]"). Overlap policy: the NER's and the gazetteer's LOC and PER spans win
(a register span overlapping one is dropped, so no place is given twice and a
person the NER found stays a person); an ORG may contain a register LOC (the
place inside "UBND tỉnh Gia Lai" is still a place).
"""
from __future__ import annotations

from typing import Iterable, Optional

from ..records import Count, Entity, Percentage, Place
from .mentions import Mention, find_mentions
from .resolve import place_of_mention, unit_in

BLOCKING_LABELS = ("LOC", "PER")


def _same_unit(a: Place, b: Optional[Place]) -> bool:
    return b is not None and a.province_code == b.province_code and a.district_code == b.district_code


def subject_place(subject: Optional[str], article: Optional[Place]) -> Optional[Place]:
    """The unit a fact's subject names, or None when it names none or the article's."""
    if not subject:
        return None
    mentions = find_mentions(subject)
    if not mentions:
        return None
    m = mentions[0]
    place = place_of_mention(m, unit_in(m, article.province_code if article else None), subject)
    return None if _same_unit(place, article) else place


def with_subject_place(fact: Count | Percentage, article: Optional[Place]):
    place = subject_place(fact.subject, article)
    return fact.model_copy(update={"place": place}) if place is not None else fact


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def register_entities(text: str, mentions: Iterable[Mention], existing: list[Entity],
                      sentence_of, wanted_sentences: Optional[set[int]]) -> list[Entity]:
    """The existing entities plus the register's LOC spans, in text order.
    ``sentence_of(offset)`` gives the sentence span; ``wanted_sentences`` the
    sentence starts entities are taken from (None: all)."""
    taken = [(e.start, e.end) for e in existing if e.label in BLOCKING_LABELS]
    added = []
    for m in mentions:
        start = m.place_start
        span = sentence_of(start)
        if span is None or (wanted_sentences is not None and span.start not in wanted_sentences):
            continue
        if _overlaps(start, m.end, taken):
            continue
        taken.append((start, m.end))
        added.append(Entity(label="LOC", text=text[start:m.end], start=start, end=m.end,
                            sentence=text[span.start:span.end], source="register"))
    if not added:
        return existing
    return sorted([*existing, *added], key=lambda e: (e.start, -e.end))
