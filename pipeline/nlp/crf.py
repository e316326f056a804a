"""underthesea's CRF POS → chunk → NER chain, with a compiled featurizer.

``underthesea.ner(sentence)`` runs word segmentation, then three CRF models
(POS tags, chunks, named entities) bundled in its wheel. Each model sees a
sentence as rows of columns (word, pos, chunk, "X" placeholder) and turns
every token into feature strings by templates such as ``T[-1,0][1]`` (the POS
column of the previous and current token, joined by a space) or
``T[0].istitle``. underthesea re-parses every template with a regex for every
token and rebuilds the columns each time, which is most of its run time.

Here each template list is compiled once into (offsets, column, function)
triples, and a sentence is featurized template by template over precomputed
column arrays. The feature strings are byte-identical to underthesea's
(``TaggedTransformer`` in ``underthesea/pipeline/ner/model_crf.py``), so the
tags are identical too; the test suite checks both on the corpus.

``tag(words)`` takes underthesea ``word_tokenize`` output (in vnfacts, the
``norm`` of each segmented word) and returns ``(word, pos, chunk, ner)``
tuples, exactly like ``underthesea.ner``.
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass
from functools import lru_cache
from os.path import dirname, join
from typing import Callable, Sequence

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

_TEMPLATE_RE = re.compile(
    r"T\[(?P<index1>\-?\d+)(\,(?P<index2>\-?\d+))?\](\[(?P<column>.*)\])?(\.(?P<function>.*))?")


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
    """underthesea's Viet74K word list, lower-cased (its is_in_dict feature)."""
    from underthesea.corpus import DictionaryLoader
    return frozenset(w.lower() for w in DictionaryLoader("Viet74K.txt").words)


def _is_in_dict(word: str) -> str:
    return str(word.lower() in dictionary_words())


FUNCTIONS: dict[str, Callable[[str], str]] = {
    "lower": _lower, "istitle": _istitle, "isallcap": _isallcap,
    "isdigit": _isdigit, "is_in_dict": _is_in_dict,
}


@dataclass(frozen=True)
class Template:
    """One parsed template such as ``T[-1,0][1]`` or ``T[0].istitle``."""

    prefix: str                 # "T[-1,0][1]=": every feature starts with the template
    first: int                  # offset of the first token (index1)
    last: int | None            # offset of the last token of an n-gram (index2)
    column: int
    function: Callable[[str], str] | None


def compile_template(syntax: str, functions: dict[str, Callable[[str], str]] = FUNCTIONS) -> Template:
    m = _TEMPLATE_RE.match(syntax)
    if m is None:
        raise ValueError(f"not a feature template: {syntax!r}")
    index2 = m.group("index2")
    func = m.group("function")
    return Template(
        prefix=f"{syntax}=",
        first=int(m.group("index1")),
        last=int(index2) if index2 else None,
        column=int(m.group("column")) if m.group("column") else 0,
        function=functions[func] if func is not None else None,
    )


class Featurizer:
    """A template list compiled once; ``features(columns)`` featurizes a sentence.

    ``columns`` holds one list per column (words, pos tags, ..., placeholder),
    each as long as the sentence. The result equals underthesea's
    ``TaggedTransformer(template).sentence2features(rows)``.
    """

    def __init__(self, template: Sequence[str], functions: dict[str, Callable[[str], str]] = FUNCTIONS):
        self.template = list(template)
        self.compiled = [compile_template(t, functions) for t in self.template]

    def _template_features(self, t: Template, columns: list[list[str]], cache: dict) -> list[str]:
        n = len(columns[0])
        prefix = t.prefix
        bos_feature, eos_feature = prefix + "BOS", prefix + "EOS"
        k = t.first
        # Values of the column (or of its n-grams: width+1 tokens joined by one
        # space), with the function applied, shared by templates that differ
        # only in offset.
        width = 0 if t.last is None else t.last - k
        if width < 0:
            return self._reversed_ngram(t, columns)
        # Keyed by the column's identity: the three models of ``tag`` share the
        # words column, so its lower/istitle/n-gram values are computed once.
        key = (id(columns[t.column]), width, t.function)
        values = cache.get(key)
        if values is None:
            col = columns[t.column]
            values = col if width == 0 else [" ".join(col[j:j + width + 1]) for j in range(n - width)]
            if t.function is not None:
                values = [t.function(v) for v in values]
            cache[key] = values
        # underthesea: BOS when the first token is before the sentence, else
        # EOS when the first or the last token is after it.
        bos = min(n, max(0, -k))
        body = [prefix + v for v in values[bos + k:][: n - bos]]
        return [bos_feature] * bos + body + [eos_feature] * (n - bos - len(body))

    @staticmethod
    def _reversed_ngram(t: Template, columns: list[list[str]]) -> list[str]:
        # T[a,b] with b < a: underthesea joins an empty slice. Not used by the
        # bundled templates; kept literal for completeness.
        n = len(columns[0])
        out = []
        for i in range(n):
            a, b = i + t.first, i + t.last
            if a < 0:
                out.append(t.prefix + "BOS")
            elif a >= n or b >= n:
                out.append(t.prefix + "EOS")
            else:
                word = " ".join(columns[t.column][a: b + 1])
                out.append(t.prefix + (t.function(word) if t.function is not None else word))
        return out

    def features(self, columns: list[list[str]], cache: dict | None = None) -> list[list[str]]:
        """Feature lists per token; ``cache`` may be shared by calls on the
        same column lists (it holds their derived values)."""
        if not columns or not columns[0]:
            return []
        cache = {} if cache is None else cache
        per_template = [self._template_features(t, columns, cache) for t in self.compiled]
        return [list(row) for row in zip(*per_template)]


@lru_cache(maxsize=None)
def _model(name: str):
    """One CRFTagger per model per process, loaded on first use."""
    from underthesea_core import CRFTagger
    import underthesea.pipeline as up

    package, filename, _ = _MODELS[name]
    tagger = CRFTagger()
    tagger.load(join(dirname(up.__file__), package, filename))
    return tagger


@lru_cache(maxsize=None)
def featurizer(name: str) -> Featurizer:
    return Featurizer(_MODELS[name][2])


def tag(words: Sequence[str]) -> list[tuple[str, str, str, str]]:
    """(word, pos, chunk, ner) for underthesea-tokenized words, as underthesea.ner."""
    words = list(words)
    if not words:
        return []
    placeholder = [PLACEHOLDER] * len(words)
    shared: dict = {}  # values derived from the words, computed once for the three models
    pos = _model("pos").tag(featurizer("pos").features([words, placeholder], shared))
    chunk = _model("chunk").tag(featurizer("chunk").features([words, pos, placeholder], shared))
    ner = _model("ner").tag(featurizer("ner").features([words, pos, chunk, placeholder], shared))
    return list(zip(words, pos, chunk, ner))


def benchmark_sentences(sentences: Sequence[str], repeat: int = 1) -> dict[str, float]:
    """Seconds for underthesea.ner vs. this module on the same sentences.

    ``fast_pretokenized`` times ``tag`` on words segmented beforehand (as in
    the pipeline, where the Doc already holds them); ``fast_with_segmentation``
    includes vnfacts' own segmenter. Not a test: timings vary by machine.
    """
    import underthesea
    from .segment import segment

    sentences = list(sentences)
    tokenized = [[w.norm for w in segment(s)] for s in sentences]
    if sentences:  # load every model before timing
        underthesea.ner(sentences[0])
        tag(tokenized[0])

    def timed(run) -> float:
        best = float("inf")
        for _ in range(repeat):
            t0 = time.perf_counter()
            run()
            best = min(best, time.perf_counter() - t0)
        return best

    result = {
        "sentences": float(len(sentences)),
        "underthesea_ner": timed(lambda: [underthesea.ner(s) for s in sentences]),
        "fast_pretokenized": timed(lambda: [tag(ws) for ws in tokenized]),
        "fast_with_segmentation": timed(lambda: [tag([w.norm for w in segment(s)]) for s in sentences]),
    }
    result["speedup_pretokenized"] = result["underthesea_ner"] / max(result["fast_pretokenized"], 1e-9)
    result["speedup_with_segmentation"] = result["underthesea_ner"] / max(result["fast_with_segmentation"], 1e-9)
    return result


def corpus_sentences(paths: Sequence[str]) -> list[str]:
    """The sentences of text files, split the way the pipeline splits them."""
    from ..normalize import clean_document_text
    from .sentences import split_sentences

    out = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            text = clean_document_text(f.read())
        out.extend(text[s.start:s.end] for s in split_sentences(text))
    return out


if __name__ == "__main__":  # python -m pipeline.nlp.crf corpus/articles/*.txt
    import sys

    stats = benchmark_sentences(corpus_sentences(sys.argv[1:]), repeat=3)
    for key, value in stats.items():
        print(f"{key:28s} {value:.4f}")
