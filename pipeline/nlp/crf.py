"""underthesea's CRF POS → chunk → NER chain, over our compiled featurizer.

``underthesea.ner(sentence)`` runs word segmentation, then three CRF models
(POS tags, chunks, named entities) bundled in its wheel. Each model sees a
sentence as rows of columns (word, pos, chunk, "X" placeholder) and turns
every token into feature strings by templates such as ``T[-1,0][1]`` (the POS
column of the previous and current token, joined by a space) or
``T[0].istitle``. underthesea re-parses every template with a regex for every
token and rebuilds the columns each time, which is most of its run time.

Each template list is compiled once (``features.Featurizer``) into (offsets, column, function)
triples, and a sentence is featurized template by template over precomputed
column arrays. The feature strings are byte-identical to underthesea's
(``TaggedTransformer`` in ``underthesea/pipeline/ner/model_crf.py``), so the
tags are identical too; the test suite checks both on the corpus.

``tag(words)`` takes underthesea ``word_tokenize`` output (in vnfacts, the
``norm`` of each segmented word) and returns ``(word, pos, chunk, ner)``
tuples, exactly like ``underthesea.ner``; ``tag_sentences`` does so for
several sentences at once. They featurize to the models' attribute ids
(``attribute_ids``) and score in NumPy (``viterbi``), a batch of sentences
in one pass per model: no feature strings, and underthesea_core's compiled
tagger's tags exactly (``tag_by_strings``, the string path through that
tagger, is the reference the tests compare with).
"""
from __future__ import annotations

from functools import lru_cache
from os.path import dirname, join
from typing import Sequence

import underthesea.pipeline as underthesea_pipeline
from underthesea.pipeline.ner import tagged_feature as ner_tagged_feature
from underthesea_core import CRFTagger

from . import features, viterbi
from .attribute_ids import IdFeaturizer
from .crfsuite import model_attributes, read_model
from .features import Featurizer, Template, TokenFunction

# The three templates, copied from underthesea's CRF predictors
# (pipeline/pos_tag/model_crf.py, pipeline/chunking/model_crf.py,
# pipeline/ner/model_crf.py). Models were trained on these exact strings.
_WORD_TEMPLATES = [
    "T[-2].lower", "T[-1].lower", "T[0].lower", "T[1].lower", "T[2].lower",
    "T[0].istitle", "T[-1].istitle", "T[1].istitle",
]
_WORD_NGRAMS = [
    "T[-2]", "T[-1]", "T[0]", "T[1]", "T[2]",
    "T[-2,-1]", "T[-1,0]", "T[0,1]", "T[1,2]",
]
_POS_NGRAMS = [
    "T[-2][1]", "T[-1][1]", "T[0][1]", "T[1][1]", "T[2][1]",
    "T[-2,-1][1]", "T[-1,0][1]", "T[0,1][1]", "T[1,2][1]",
]
POS_TEMPLATE = [
    *_WORD_TEMPLATES, *_WORD_NGRAMS,
    "T[-3][1]", "T[-2][1]", "T[-1][1]", "T[-3,-2][1]", "T[-2,-1][1]",
]
CHUNK_TEMPLATE = [
    *_WORD_TEMPLATES, *_WORD_NGRAMS, *_POS_NGRAMS,
    "T[-3][2]", "T[-2][2]", "T[-1][2]",
]
NER_TEMPLATE = [
    *_WORD_TEMPLATES, "T[-2].istitle", "T[2].istitle", *_WORD_NGRAMS, *_POS_NGRAMS,
    "T[-3][3]", "T[-2][3]", "T[-1][3]",
]

# Each model's file inside the underthesea wheel, and how many columns its rows
# have: the last column is the (unknown) label, filled with "X" as underthesea does.
_MODELS = {
    "pos": ("pos_tag", "pos_crf_2017_10_11.bin", POS_TEMPLATE),
    "chunk": ("chunking", "chunk_crf_2017_10_12.bin", CHUNK_TEMPLATE),
    "ner": ("ner", "ner_crf_2017_10_12.bin", NER_TEMPLATE),
}
PLACEHOLDER = "X"




# --- the token functions, with underthesea's exact results -------------------
# (pipeline/ner/tagged_feature.py); f-strings turn the booleans into "True"/"False".

def _lower(word: str) -> str:
    return word.lower()


def _istitle(word: str) -> str:
    # underthesea: every space-separated syllable starts with a title-case
    # letter; an empty word or an empty syllable (double space) is False.
    if not word:
        return "False"
    for syllable in word.split(" "):
        if not syllable or not syllable[0].istitle():
            return "False"
    return "True"


def _isallcap(word: str) -> str:
    return str(all(letter.istitle() for letter in word))


def _isdigit(word: str) -> str:
    return str(word.isdigit())


@lru_cache(maxsize=1)
def dictionary_words() -> frozenset[str]:
    """underthesea's Viet74K word list, lower-cased (its is_in_dict feature):
    the set underthesea's NER featurizer made when it was imported (with
    underthesea itself), not read and lower-cased once more."""
    return frozenset(ner_tagged_feature.lower_words)


def _is_in_dict(word: str) -> str:
    return str(word.lower() in dictionary_words())


FUNCTIONS: dict[str, TokenFunction] = {
    "lower": _lower, "istitle": _istitle, "isallcap": _isallcap,
    "isdigit": _isdigit, "is_in_dict": _is_in_dict,
}


def compile_template(syntax: str) -> Template:
    """One of these models' templates, with underthesea's token functions."""
    return features.compile_template(syntax, FUNCTIONS)


def _model_path(name: str) -> str:
    package, filename, _ = _MODELS[name]
    return join(dirname(underthesea_pipeline.__file__), package, filename)


@lru_cache(maxsize=None)
def _model(name: str):
    """One CRFTagger per model per process, loaded on first use."""
    tagger = CRFTagger()
    tagger.load(_model_path(name))
    return tagger


@lru_cache(maxsize=None)
def featurizer(name: str, pruned: bool = True) -> Featurizer:
    """The model's featurizer: by default it builds only the feature strings
    the model knows (``pruned=False``: every string, as underthesea does)."""
    known = model_attributes(_model_path(name)) if pruned else None
    return Featurizer(_MODELS[name][2], FUNCTIONS, known)


@lru_cache(maxsize=None)
def id_featurizer(name: str) -> IdFeaturizer:
    """The model's features as its attribute ids, with its weights."""
    return IdFeaturizer(_MODELS[name][2], FUNCTIONS, read_model(_model_path(name)))


def tag_sentences(sentences: Sequence[Sequence[str]]) -> list[list[tuple[str, str, str, str]]]:
    """``tag`` of each sentence, the sentences scored together by each model."""
    words = [list(sentence) for sentence in sentences]
    lengths = [len(w) for w in words]
    columns = [words]
    shared: dict = {}  # values derived from the words, computed once for the three models
    placeholder = [[PLACEHOLDER] * n for n in lengths]
    for name in ("pos", "chunk", "ner"):
        featurizer = id_featurizer(name)
        model = featurizer.model
        scores = viterbi.emissions(model, featurizer.ids(columns + [placeholder], shared))
        labels = model.labels
        columns.append([[labels[y] for y in path] for path in viterbi.best_paths(model, scores, lengths)])
    return [list(zip(*sentence_columns)) for sentence_columns in zip(*columns)]


def tag(words: Sequence[str]) -> list[tuple[str, str, str, str]]:
    """(word, pos, chunk, ner) for underthesea-tokenized words, as underthesea.ner."""
    return tag_sentences([words])[0]


def tag_by_strings(words: Sequence[str]) -> list[tuple[str, str, str, str]]:
    """``tag`` by feature strings and underthesea_core's compiled tagger."""
    words = list(words)
    if not words:
        return []
    placeholder = [PLACEHOLDER] * len(words)
    shared: dict = {}  # values derived from the words, computed once for the three models
    pos = _model("pos").tag(featurizer("pos").features([words, placeholder], shared))
    chunk = _model("chunk").tag(featurizer("chunk").features([words, pos, placeholder], shared))
    ner = _model("ner").tag(featurizer("ner").features([words, pos, chunk, placeholder], shared))
    return list(zip(words, pos, chunk, ner))
