"""Named entities (PER, LOC, ORG): underthesea's CRF NER, corrected for the genre.

underthesea's NER was trained on general news. On Party and State reports it
tags most bodies as LOC or PER ("BTV Tỉnh" PER, "Huyện ủy Nam Đông" LOC),
tags document identifiers, dates and terms as LOC ("Nghị quyết số 09",
"/TU", "năm 2024", "khóa XVI") and runs a body and the official after it
into one span ("Tỉnh ủy Hà Tĩnh Hoàng Trung Dũng"). So:

1. The NER (pipeline.nlp.crf, tags identical to ``underthesea.ner``) runs on
   the word-segmented sentences; its BIO tags become spans of words.
2. A gazetteer of Party and State bodies (pipeline/data/gazetteer.json)
   finds ORGs by rule: organ + committee or State body + level and place
   ("Ban Thường vụ Tỉnh ủy Hà Tĩnh", "UBND tỉnh", "Ban Tổ chức Trung ương").
   Gazetteer ORGs win over any NER span they overlap; what is left of such a
   span outside the ORG is kept as its own entity (the official's name).
3. Rules win over NER: a span overlapping a document reference
   (doc._.document_refs), a span made only of codes, numbers and Roman
   numerals, and a span that names a document or an event ("Chỉ thị 28",
   "Đại hội XIV") are dropped. Lower-case words at the edges of a span are
   trimmed, except a place noun before a name ("tỉnh Thái Nguyên"). A span
   shaped like a person's name (surname + 2-3 capitalized syllables) that
   is not after a place noun is PER.

Modes: "facts" (default) looks only at the sentences holding a fact of the
other extractors, "all" at every sentence, "none" at nothing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator, get_args

from spacy.tokens import Doc

from ..lexicon import alternation
from ..normalize import key_form
from ..nlp import crf
from ..nlp.segment import Word, segment
from ..nlp.words import fact_sentence_starts, token_offsets
from ..records import Entity, EntityLabel
from .common import doc_text
from ..tables import load_table

_LETTER = re.compile(r"[^\W\d_]")
_ROMAN = re.compile(r"[IVXLC]+")


@dataclass
class _Span:
    label: str
    start: int
    end: int
    words: list[Word]
    source: str = "ner"


def _span(label: str, words: list[Word], source: str = "ner") -> _Span:
    return _Span(label, words[0].start, words[-1].end, words, source)


# --- the gazetteer, compiled once --------------------------------------------

@dataclass(frozen=True)
class _Gazetteer:
    body: re.Pattern          # fixed names: Bộ Chính trị, Quốc hội ...
    head: re.Pattern          # [organ [của]] committee-or-state-body
    needs_tail: re.Pattern    # generic committees that name nobody without a tail
    organ_level: re.Pattern   # organ followed by a level: Ban Tổ chức Trung ương
    level: re.Pattern         # one level word at a position
    max_place_syllables: int
    surnames: frozenset[str]
    place_nouns: frozenset[str]
    not_entity_head: re.Pattern
    not_names: frozenset[str]
    org_names: frozenset[str]
    titles: frozenset[str]


@lru_cache(maxsize=1)
def gazetteer() -> _Gazetteer:
    table = load_table("gazetteer")
    organs = alternation(table["organs"])
    heads = alternation(table["committees"] + table["committees_needing_tail"] + table["state_bodies"])
    levels = alternation(table["levels"])
    edge = r"(?<!\w)({})(?!\w)"
    return _Gazetteer(
        body=re.compile(edge.format(alternation(table["bodies"]))),
        head=re.compile(edge.format(rf"(?:(?:{organs})\s+(?:của\s+)?)?(?:{heads})")),
        needs_tail=re.compile(alternation(table["committees_needing_tail"])),
        organ_level=re.compile(edge.format(rf"(?:{organs})") + rf"(?=\s+(?:{levels})(?!\w))"),
        level=re.compile(rf"\s+(?:{levels})(?!\w)"),
        max_place_syllables=int(table["max_place_syllables"]),
        surnames=frozenset(key_form(s) for s in table["surnames"]),
        place_nouns=frozenset(key_form(s) for s in table["place_nouns"]),
        not_entity_head=re.compile(rf"(?:{alternation(table['not_entity_heads'])})(?!\w)"),
        not_names=frozenset(key_form(s) for s in table["not_names"]),
        org_names=frozenset(key_form(s) for s in table["org_names"]),
        titles=frozenset(key_form(s) for s in table["titles"]),
    )


# --- words --------------------------------------------------------------------

def _is_title(word: Word) -> bool:
    return word.text[:1].isupper()


def _is_code(word: Word) -> bool:
    """An abbreviation, identifier part, number or Roman numeral: not a name."""
    letters = _LETTER.findall(word.text)
    if not letters:
        return True
    if _ROMAN.fullmatch(word.text):
        return True
    return len(letters) >= 2 and not any(c.islower() for c in letters)


def _is_name_word(word: Word, g: _Gazetteer | None = None) -> bool:
    """Capitalized, not a code, and (given the tables) not a title like Bí thư."""
    return (_is_title(word) and not _is_code(word)
            and (g is None or key_form(word.text) not in g.titles))


def _underthesea_form(token) -> str:
    # Word-segmented sentences carry underthesea's form of every word as norm_.
    return token.norm_


def sentence_words(doc: Doc, start: int, end: int) -> list[Word]:
    """underthesea words of doc.text[start:end] with offsets."""
    if start not in (doc._.segmented or ()):
        return segment(doc_text(doc), start, end)
    span = token_offsets(doc).span(start, end, expand=True)
    if span is None:
        return segment(doc_text(doc), start, end)
    return [Word(t.idx, t.idx + len(t.text), t.text, _underthesea_form(t))
            for t in span if not t.is_space]


# --- NER spans and their cleaning ---------------------------------------------

# The NER model's labels that the contract has (it also tags MISC).
_CONTRACT_LABELS = frozenset(get_args(EntityLabel))


def _ner_spans(words: list[Word]) -> list[_Span]:
    tags = [row[3] for row in crf.tag([w.norm for w in words])]
    spans: list[_Span] = []
    current: _Span | None = None
    for word, tag in zip(words, tags):
        label = tag[2:] if tag[:2] in ("B-", "I-") else None
        if label not in _CONTRACT_LABELS:
            current = None
            continue
        if tag.startswith("I-") and current is not None and current.label == label:
            current.words.append(word)
            current.end = word.end
        else:
            current = _span(label, [word])
            spans.append(current)
    return spans


def _syllables(word: Word) -> list[str]:
    return word.text.split()


def _person_shaped(words: list[Word], g: _Gazetteer) -> bool:
    """Surname + 1-3 more syllables, every one capitalized: Trần Xuân Bình."""
    syllables = [s for w in words for s in _syllables(w)]
    return (3 <= len(syllables) <= 4 and key_form(syllables[0]) in g.surnames
            and all(s[:1].isupper() and not _ROMAN.fullmatch(s) for s in syllables))


def _trim(span: _Span, g: _Gazetteer) -> _Span | None:
    words = span.words
    lo, hi = 0, len(words)
    # Lower-case words, titles and punctuation at the left, except a place noun
    # right before a name ("xã Hương Hòa"); anything but a name word at the right.
    while lo < hi and not _is_name_word(words[lo], g):
        if (key_form(words[lo].text) in g.place_nouns and lo + 1 < hi
                and _is_name_word(words[lo + 1], g)):
            break
        lo += 1
    while hi > lo and not _is_name_word(words[hi - 1], g):
        hi -= 1
    if lo >= hi:
        return None
    return _span(span.label, words[lo:hi], span.source)


def _clean(span: _Span, doc: Doc, before: Word | None, g: _Gazetteer) -> _Span | None:
    span = _trim(span, g)
    if span is None:
        return None
    key = key_form(doc_text(doc)[span.start:span.end])
    if g.not_entity_head.match(key) or key in g.not_names:
        return None
    if key in g.org_names:
        return _span("ORG", span.words, span.source)
    after_place_noun = (key_form(span.words[0].text) in g.place_nouns
                        or (before is not None and key_form(before.text) in g.place_nouns))
    if span.label != "PER" and not after_place_noun and _person_shaped(span.words, g):
        return _span("PER", span.words, span.source)
    return span


# --- gazetteer matches --------------------------------------------------------

def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def _capitalized_run(words: list[Word], j: int) -> list[Word]:
    run = []
    while j < len(words) and _is_name_word(words[j]) and all(s[:1].isupper() for s in _syllables(words[j])):
        run.append(words[j])
        j += 1
    return run


def _tail_end(doc: Doc, pos: int, words_at: dict[int, int], words: list[Word],
              g: _Gazetteer) -> tuple[int, bool]:
    """Where the level words and place name after a body end, and whether any.

    "Đảng bộ | tỉnh Hà Tĩnh", "Đảng ủy | Khối Doanh nghiệp tỉnh", "UBND | TP Hồ
    Chí Minh". The place is capitalized words; a person's name after the body
    (no level word just before it) ends the tail: "Tỉnh ủy Hà Tĩnh | Hoàng Trung Dũng".
    """
    found = after_level = strict = False
    place_syllables = 0
    while True:
        m = g.level.match(doc._.match_text, pos)
        if m:
            pos, found, after_level, strict = m.end(), True, True, True
            continue
        j = words_at.get(_skip_space(doc_text(doc), pos))
        if j is None or not _is_name_word(words[j], g):
            return pos, found
        if not after_level and _person_shaped(_capitalized_run(words, j), g):
            return pos, found
        word = words[j]
        syllables = list(re.finditer(r"\S+", word.text))
        if strict:
            # After a level comes a place name, every syllable capitalized; the
            # segmenter sometimes glues the next word on ("Trà nhiệm kỳ").
            capitalized = 0
            while capitalized < len(syllables) and syllables[capitalized].group()[:1].isupper():
                capitalized += 1
            syllables = syllables[:capitalized]
        place_syllables += len(syllables)
        if place_syllables > g.max_place_syllables:
            return pos, found
        pos, found, after_level = word.start + syllables[-1].end(), True, False
        if pos < word.end:
            return pos, found


def _gazetteer_spans(doc: Doc, start: int, end: int, words: list[Word], g: _Gazetteer) -> list[tuple[int, int]]:
    text, match_text = doc_text(doc), doc._.match_text
    words_at = {w.start: i for i, w in enumerate(words)}
    found = [(m.start(), m.end()) for m in g.body.finditer(match_text, start, end)]
    for pattern in (g.head, g.organ_level):
        for m in pattern.finditer(match_text, start, end):
            tail, has_tail = _tail_end(doc, m.end(), words_at, words, g)
            if not has_tail and g.needs_tail.fullmatch(m.group(0)):
                continue  # "Đảng bộ" alone names no particular body
            found.append((m.start(), min(tail, end)))
    # A name starts with a capital ("các tỉnh ủy" is no body); leftmost-longest wins.
    found = sorted(((s, e) for s, e in found if text[s].isupper()), key=lambda se: (se[0], -se[1]))
    chosen: list[tuple[int, int]] = []
    for s, e in found:
        if not chosen or s >= chosen[-1][1]:
            chosen.append((s, e))
    return chosen


# --- putting it together --------------------------------------------------------

def _overlaps(start: int, end: int, spans) -> bool:
    return any(s < end and start < e for s, e in spans)


def _merge_names(spans: list[_Span], text: str) -> list[_Span]:
    # underthesea often tags a name's parts B-PER B-PER ("Tú | Quyên"): one person.
    out: list[_Span] = []
    for sp in spans:
        prev = out[-1] if out else None
        if (prev is not None and prev.label == sp.label == "PER" and prev.source == sp.source == "ner"
                and prev.end <= sp.start and text[prev.end:sp.start].isspace()):
            out[-1] = _Span("PER", prev.start, sp.end, prev.words + sp.words)
        else:
            out.append(sp)
    return out


def _capitalized_first_word(span: _Span, sentence_start: int, text: str) -> bool:
    """A lone common word capitalized only because it opens the sentence ("Nêu")."""
    word = text[span.start:span.end]
    return (span.source == "ner" and span.start == sentence_start and " " not in word
            and word.lower() in crf.dictionary_words())


_CODE_JOINERS = "/-–—"


def sentence_entities(doc: Doc, start: int, end: int) -> list[Entity]:
    """Entities of one sentence doc.text[start:end]."""
    g = gazetteer()
    words = sentence_words(doc, start, end)
    if not words:
        return []
    refs = [(r.start, r.end) for r in (doc._.document_refs or [])]
    text = doc_text(doc)
    # An issuer code glued into a document number ("1234/QĐ-UBND") is part of
    # the identifier, not a mention of the body: rules win.
    orgs = [(s, e) for s, e in _gazetteer_spans(doc, start, end, words, g)
            if not (s > 0 and text[s - 1] in _CODE_JOINERS) and not (e < len(text) and text[e] in _CODE_JOINERS)]
    index = {id(w): i for i, w in enumerate(words)}
    kept: list[_Span] = [_Span("ORG", s, e, [], "gazetteer") for s, e in orgs]
    for span in _ner_spans(words):
        # The parts of the span outside every gazetteer ORG, each on its own.
        pieces: list[list[Word]] = [[]]
        for w in span.words:
            if _overlaps(w.start, w.end, orgs):
                pieces.append([])
            else:
                pieces[-1].append(w)
        for piece in pieces:
            if not piece:
                continue
            i = index[id(piece[0])]
            cleaned = _clean(_span(span.label, piece), doc, words[i - 1] if i else None, g)
            if cleaned is None or _overlaps(cleaned.start, cleaned.end, refs):
                continue
            kept.append(cleaned)
    kept.sort(key=lambda sp: (sp.start, -sp.end))
    sentence = doc_text(doc)[start:end]
    out, last_end = [], -1
    for sp in _merge_names(kept, doc_text(doc)):
        if sp.start < last_end or _capitalized_first_word(sp, start, doc_text(doc)):
            continue
        last_end = sp.end
        out.append(Entity(label=sp.label, text=doc_text(doc)[sp.start:sp.end], start=sp.start, end=sp.end,
                          sentence=sentence, source=sp.source))
    return out


def extract(doc: Doc, mode: str = "facts") -> Iterator[Entity]:
    """Entities of the sentences that hold facts (mode "facts") or of every sentence ("all")."""
    wanted = None if mode == "all" else fact_sentence_starts(doc)
    for span in doc._.sentences.spans:
        if wanted is None or span.start in wanted:
            yield from sentence_entities(doc, span.start, span.end)
