"""``vnfacts.entity_overlap.v1``: how the NER spans, the gazetteer's bodies and
the document references of one sentence resolve into its entities.

The gazetteer ruler calls it (its ``overlap`` setting, a registered function
like the ``spans_filter`` of spaCy's SpanRuler). The policy, in order:

1. Only the labels of the contract (PER, LOC, ORG) count; the model's MISC does not.
2. Gazetteer bodies win over any NER span they overlap; what is left of such
   a span outside the body is kept as its own candidate (the official's name).
3. Lower-case words, titles and punctuation at the left of a candidate are
   trimmed, except a place noun before a name ("tỉnh Thái Nguyên"); anything
   but a name word at its right.
4. A candidate that names a document or an event ("Chỉ thị 28", "Đại hội XIV")
   or a lone generic word ("Khối") is dropped; one of the known organization
   names ("Quốc hội") is ORG; one shaped like a person's name (surname + 2-3
   capitalized syllables) not after a place noun is PER.
5. A candidate overlapping a document reference is dropped: rules win.
6. Adjacent PER spans of the NER, split by a space only, are one person
   (underthesea often tags a name's parts B-PER B-PER).
7. Leftmost first, then longest; a span overlapping an earlier one is dropped,
   and so is a lone dictionary word of the NER capitalized only because it
   opens the sentence ("Nêu").
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from spacy.tokens import Span
from spacy.util import registry

from ..normalize import key_form
from . import crf
from .gazetteer import EntityWords, entity_words, is_name_word, not_entity_head, person_shaped
from .ner import SentenceWords

ENTITY_SPANS = "entities"
# The labels an entity can have (the record contract's EntityLabel; a test holds them equal).
ENTITY_LABELS = ("PER", "LOC", "ORG")

if not Span.has_extension("char_range"):
    Span.set_extension("char_range", default=None)


def char_range(span: Span) -> tuple[int, int]:
    """The characters a span stands for: its own, unless a word straddles its
    edge ("Hương Trà | nhiệm kỳ", one word), when ``span._.char_range`` holds them."""
    return span._.char_range or (span.start_char, span.end_char)


OverlapFilter = Callable[[SentenceWords, list[Span], list[Span], list[tuple[int, int]]], list[Span]]


@dataclass
class _Candidate:
    """A span being decided: words first..last of the sentence, or a body."""
    label: str
    start: int
    end: int
    first: int = -1
    last: int = -1
    source: str = "ner"
    body: Span | None = field(default=None, repr=False)


def _overlaps(start: int, end: int, ranges) -> bool:
    return any(s < end and start < e for s, e in ranges)


def _pieces(span: Span, sentence: SentenceWords, bodies: list[tuple[int, int]],
            index: dict[int, int]) -> list[tuple[int, int]]:
    """(first, last) word runs of an NER span outside every body (rule 2); ``index``:
    the sentence's word number of each of its tokens."""
    runs: list[list[int]] = [[]]
    for t in range(span.start, span.end):
        i = index.get(t)
        if i is None:
            continue  # whitespace between words
        w = sentence.words[i]
        if _overlaps(w.start, w.end, bodies):
            runs.append([])
        else:
            runs[-1].append(i)
    return [(run[0], run[-1]) for run in runs if run]


def _trim(sentence: SentenceWords, first: int, last: int, lists: EntityWords) -> tuple[int, int] | None:
    """Rule 3: the name words of a run, a place noun before a name kept."""
    words = sentence.words
    lo, hi = first, last + 1
    while lo < hi and not is_name_word(words[lo], lists):
        if (key_form(words[lo].text) in lists.place_nouns and lo + 1 < hi
                and is_name_word(words[lo + 1], lists)):
            break
        lo += 1
    while hi > lo and not is_name_word(words[hi - 1], lists):
        hi -= 1
    return (lo, hi - 1) if lo < hi else None


def _clean(label: str, sentence: SentenceWords, first: int, last: int, lists: EntityWords) -> _Candidate | None:
    """Rules 3 and 4 on the words first..last of an NER span."""
    trimmed = _trim(sentence, first, last, lists)
    if trimmed is None:
        return None
    lo, hi = trimmed
    words = sentence.words
    key = key_form(sentence.doc._.sentences.text[words[lo].start:words[hi].end])
    if not_entity_head().match(key) or key in lists.not_names:
        return None
    if key in lists.org_names:
        label = "ORG"
    elif label != "PER" and not _after_place_noun(sentence, first, lo, lists) \
            and person_shaped(words[lo:hi + 1], lists):
        label = "PER"
    return _Candidate(label, words[lo].start, words[hi].end, lo, hi)


def _after_place_noun(sentence: SentenceWords, first: int, lo: int, lists: EntityWords) -> bool:
    # the word before the untrimmed run, or the first kept word, is a place noun
    before = sentence.words[first - 1] if first else None
    return (key_form(sentence.words[lo].text) in lists.place_nouns
            or (before is not None and key_form(before.text) in lists.place_nouns))


def _merge_names(candidates: list[_Candidate], text: str) -> list[_Candidate]:
    """Rule 6."""
    out: list[_Candidate] = []
    for c in candidates:
        prev = out[-1] if out else None
        if (prev is not None and prev.label == c.label == "PER" and prev.source == c.source == "ner"
                and prev.end <= c.start and text[prev.end:c.start].isspace()):
            out[-1] = _Candidate("PER", prev.start, c.end, prev.first, c.last)
        else:
            out.append(c)
    return out


def _capitalized_first_word(c: _Candidate, sentence: SentenceWords, text: str) -> bool:
    word = text[c.start:c.end]
    return (c.source == "ner" and c.start == sentence.start and " " not in word
            and word.lower() in crf.dictionary_words())


def _to_span(c: _Candidate, sentence: SentenceWords) -> Span:
    return c.body if c.body is not None else sentence.span(c.first, c.last, c.label, c.source)


def _ner_candidates(sentence: SentenceWords, ner: list[Span], body_ranges: list[tuple[int, int]],
                    refs: list[tuple[int, int]], lists: EntityWords) -> list[_Candidate]:
    """Rules 1 to 5 on the NER spans of a sentence."""
    out = []
    index = None  # made once for the sentence, not for each of its spans
    for span in ner:
        if span.label_ not in ENTITY_LABELS:
            continue
        if index is None:
            index = {t: i for i, t in enumerate(sentence.tokens)}
        for first, last in _pieces(span, sentence, body_ranges, index):
            cleaned = _clean(span.label_, sentence, first, last, lists)
            if cleaned is not None and not _overlaps(cleaned.start, cleaned.end, refs):
                out.append(cleaned)
    return out


def resolve_entities(sentence: SentenceWords, ner: list[Span], bodies: list[Span],
                     refs: list[tuple[int, int]]) -> list[Span]:
    """The entities of one sentence, in text order, none overlapping."""
    text = sentence.doc._.sentences.text
    body_ranges = [char_range(b) for b in bodies]
    kept = [_Candidate("ORG", s, e, source="gazetteer", body=b) for (s, e), b in zip(body_ranges, bodies)]
    kept += _ner_candidates(sentence, ner, body_ranges, refs, entity_words())
    kept.sort(key=lambda c: (c.start, -c.end))
    out, last_end = [], -1
    for c in _merge_names(kept, text):
        if c.start < last_end or _capitalized_first_word(c, sentence, text):
            continue  # rule 7
        last_end = c.end
        out.append(_to_span(c, sentence))
    return out


@registry.misc("vnfacts.entity_overlap.v1")
def make_entity_overlap() -> OverlapFilter:
    # Its word lists load with the pipeline (before workers fork from it),
    # not at the first sentence that needs one.
    entity_words()
    not_entity_head()
    crf.dictionary_words()
    return resolve_entities
