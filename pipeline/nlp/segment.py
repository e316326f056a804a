"""Vietnamese word segmentation with character offsets.

underthesea's ``word_tokenize`` returns word strings, normalized
(``uỷ`` → ``ủy``), with the offsets lost. This module runs the same two
steps (underthesea's regex syllable tokenizer, then its bundled CRF word
segmentation model) but keeps every syllable's match position, so each word
is an exact slice of the NFC document text and its underthesea form is kept
beside it as the *norm*.
"""
from __future__ import annotations

import pickle
import re
from dataclasses import dataclass
from functools import lru_cache
from os.path import dirname, join

import underthesea.pipeline.word_tokenize as underthesea_word_tokenize
from underthesea.pipeline.text_normalize import token_normalize
from underthesea.pipeline.word_tokenize import regex_tokenize
from underthesea_core import CRFTagger

from . import viterbi
from .attribute_ids import IdFeaturizer
from .crfsuite import model_attributes, read_model
from .features import Featurizer, TokenFunction


@dataclass(frozen=True)
class Word:
    start: int
    end: int
    text: str   # exact slice of the document text
    norm: str   # underthesea's normalized form, syllables joined by one space


_WS_MODEL_DIR = "ws_crf_vlsp2013_20230727"


def _ws_path(name: str) -> str:
    return join(dirname(underthesea_word_tokenize.__file__), "models", _WS_MODEL_DIR, name)


@lru_cache(maxsize=1)
def _ws_tagger():
    # The CRF word segmentation model shipped inside the underthesea wheel, as
    # underthesea_core's compiled tagger (the reference the tests compare with).
    tagger = CRFTagger()
    tagger.load(_ws_path("models.bin"))
    return tagger


def _ws_istitle(word: str) -> str:
    # underthesea_core's featurizer: every syllable's first letter is not lower-case.
    for syllable in word.split(" "):
        if not syllable or syllable[0].islower():
            return "False"
    return "True"


def load_pickle(path: str):
    """One of the model's files, as ``joblib.load`` reads it. They are plain
    pickles (a list of templates, a set of words: no arrays, no compression),
    which joblib reads with Python's pure-Python unpickler; the C one reads the
    72,547-word dictionary five times faster (same objects, tested)."""
    with open(path, "rb") as f:
        return pickle.load(f)


@lru_cache(maxsize=1)
def _ws_templates_and_functions() -> tuple[list[str], dict[str, TokenFunction]]:
    """The model's feature templates and underthesea_core's token functions."""
    templates = load_pickle(_ws_path("features.bin"))
    dictionary = frozenset(load_pickle(_ws_path("dictionary.bin")))
    functions = {
        "lower": str.lower,
        "isdigit": lambda w: str(w.isdigit()),
        "istitle": _ws_istitle,
        "is_in_dict": lambda w: str(w.lower() in dictionary),
    }
    return templates, functions


@lru_cache(maxsize=2)
def ws_featurizer(pruned: bool = True) -> Featurizer:
    """The segmentation model's feature strings, as underthesea_core's
    CRFFeaturizer makes them (tested), for its compiled tagger."""
    templates, functions = _ws_templates_and_functions()
    known = model_attributes(_ws_path("models.bin")) if pruned else None
    return Featurizer(templates, functions, known)


@lru_cache(maxsize=1)
def ws_id_featurizer() -> IdFeaturizer:
    """The segmentation model's features as its attribute ids: what the
    segmenter runs on (no feature strings, no compiled tagger; the same tags,
    tested against the tagger)."""
    templates, functions = _ws_templates_and_functions()
    return IdFeaturizer(templates, functions, read_model(_ws_path("models.bin")))


def ws_tags_by_strings(norms: list[str]) -> list[str]:
    """B-W/I-W for underthesea-normalized syllables by underthesea_core's
    tagger on feature strings (the reference for ``ws_tags_of``)."""
    return _ws_tagger().tag(ws_featurizer().features([norms]))


def ws_tags_of(sentences: list[list[str]]) -> list[list[str]]:
    """B-W/I-W for the underthesea-normalized syllables of each sentence,
    the sentences scored together (one batch costs little more than one)."""
    featurizer = ws_id_featurizer()
    model = featurizer.model
    scores = viterbi.emissions(model, featurizer.ids([sentences]))
    labels = model.labels
    return [[labels[y] for y in path] for path in viterbi.best_paths(model, scores, list(map(len, sentences)))]


def ws_tags(norms: list[str]) -> list[str]:
    """B-W/I-W for underthesea-normalized syllables."""
    return ws_tags_of([norms])[0]


def regex_syllables(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """underthesea's regex tokens of text[start:end], as offsets into text.
    (Each alternative of underthesea's pattern is one named group around the
    whole alternative, so a token is the whole match.)"""
    end = len(text) if end is None else end
    return [m.span() for m in regex_tokenize.patterns.finditer(text, start, end)]


# A run of characters between whitespace (the same \s as underthesea's pattern).
_CHUNK = re.compile(r"\S+")
# Entries the chunk table may hold before it starts over (bounded memory).
_CHUNK_TABLE_LIMIT = 50_000
_chunk_syllables: dict[str, tuple[tuple[int, int], ...]] = {}


def _syllables_of_chunk(chunk: str) -> tuple[tuple[int, int], ...]:
    """underthesea's tokens of a chunk followed by whitespace, as offsets into it."""
    found = _chunk_syllables.get(chunk)
    if found is None:
        if len(_chunk_syllables) >= _CHUNK_TABLE_LIMIT:
            _chunk_syllables.clear()
        # (the space inside the range: what follows the chunk is whitespace, not the end)
        found = _chunk_syllables[chunk] = tuple(regex_syllables(chunk + " ", 0, len(chunk) + 1))
    return found


def syllables(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """``regex_syllables``, read chunk by chunk from a table of the chunks
    (the runs between whitespace) seen before: the same tokens, without the
    cost of underthesea's pattern (dozens of alternatives tried at every
    character). That holds because no alternative matches whitespace, so no
    token crosses it, and what the pattern looks at around a chunk is the same
    for every chunk preceded and followed by whitespace: only the last chunk
    (where ``$`` can match) and a range starting inside a word are read by the
    pattern itself."""
    end = len(text) if end is None else end
    if start > 0 and not text[start - 1].isspace():
        return regex_syllables(text, start, end)
    chunks = [m.span() for m in _CHUNK.finditer(text, start, end)]
    if not chunks:
        return []
    spans: list[tuple[int, int]] = []
    for s, e in chunks[:-1]:
        spans.extend([(s + a, s + b) for a, b in _syllables_of_chunk(text[s:e])])
    spans.extend(regex_syllables(text, chunks[-1][0], end))
    return spans


@lru_cache(maxsize=200_000)
def _normalize(token: str) -> str:
    return token_normalize(token)


def segment(text: str, start: int = 0, end: int | None = None) -> list[Word]:
    """Words of text[start:end] (one sentence) by underthesea's CRF segmenter."""
    return segment_ranges(text, [(start, len(text) if end is None else end)])[0]


def segment_ranges(text: str, ranges: list[tuple[int, int]]) -> list[list[Word]]:
    """The words of each sentence text[start:end], the sentences tagged together."""
    spans = [syllables(text, start, end) for start, end in ranges]
    norms = [[_normalize(text[s:e]) for s, e in sentence] for sentence in spans]
    tags = ws_tags_of(norms)
    return [_words(text, *sentence) for sentence in zip(spans, norms, tags)]


def _words(text: str, spans: list[tuple[int, int]], norms: list[str], tags: list[str]) -> list[Word]:
    """Syllables joined into words: a word starts at each syllable not tagged I-W."""
    if not spans:
        return []
    words: list[Word] = []
    group_start, group_end, group_norm = spans[0][0], spans[0][1], [norms[0]]
    for (s, e), norm, tag in zip(spans[1:], norms[1:], tags[1:]):
        if tag == "I-W":
            group_end = e
            group_norm.append(norm)
        else:
            words.append(Word(group_start, group_end, text[group_start:group_end], " ".join(group_norm)))
            group_start, group_end, group_norm = s, e, [norm]
    words.append(Word(group_start, group_end, text[group_start:group_end], " ".join(group_norm)))
    return words


# Letter/digit runs and single punctuation marks: the tokenizer's cheap
# syllable split, used wherever words are not needed.
SYLLABLE = re.compile(r"\w+|[^\w\s]")
