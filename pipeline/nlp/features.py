"""A compiled featurizer for underthesea's CRF models.

underthesea's CRF models see a sentence as rows of columns (word, pos, chunk,
label placeholder) and turn every token into feature strings by templates such
as ``T[-1,0][1]`` (the POS column of the previous and current token, joined by
a space) or ``T[0].istitle``. underthesea re-parses every template with a regex
for every token and rebuilds the columns each time, which is most of its run
time. Here each template list is compiled once into (offsets, column,
function) triples, and a sentence is featurized template by template over
precomputed column arrays. The feature strings are byte-identical to
underthesea's ``TaggedTransformer`` and to underthesea_core's
``CRFFeaturizer`` given the same token functions (tested), so the tags are too.

Used, through underthesea_core's compiled tagger, as the reference path of
the POS/chunk/NER chain (``crf.tag_by_strings``) and of the word segmenter
(``segment.ws_tags_by_strings``), each with its own token functions; the
pipeline itself featurizes to attribute ids (``attribute_ids``), reusing the
compiled templates, the value tables and the n-grams made here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Sequence

TokenFunction = Callable[[str], str]

_TEMPLATE_RE = re.compile(
    r"T\[(?P<index1>\-?\d+)(\,(?P<index2>\-?\d+))?\](\[(?P<column>.*)\])?(\.(?P<function>.*))?")


@dataclass(frozen=True)
class Template:
    """One parsed template such as ``T[-1,0][1]`` or ``T[0].istitle``."""

    prefix: str                 # "T[-1,0][1]=": every feature starts with the template
    first: int                  # offset of the first token (index1)
    last: int | None            # offset of the last token of an n-gram (index2)
    column: int
    function: Callable[[str], str] | None


def compile_template(syntax: str, functions: dict[str, TokenFunction]) -> Template:
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


def _by_template(known: frozenset[str]) -> dict[str, dict[str, str]]:
    """The model's feature strings grouped by template ("T[-1,0][1]=") then value,
    in one pass (a template's syntax holds no "=", a value may)."""
    grouped: dict[str, dict[str, str]] = {}
    for feature in known:
        template, _, value = feature.partition("=")
        grouped.setdefault(template + "=", {})[value] = feature
    return grouped


# Entries a function's value table may hold before it starts over: the
# syllables, words and common n-grams of a long run (the 29 bench articles
# have 1,063 syllables, 3,347 two-syllable runs), bounded so that memory does
# not grow with the corpus (a few MB per table at most).
TABLE_LIMIT = 50_000


class _ValueTable(dict):
    """A token function's result for each value seen (a syllable, a word or an
    n-gram joined by spaces), computed on first sight. The result depends only
    on the value, never on the sentence, so one table serves every sentence;
    lookups from C (``map``) call ``__missing__`` only for a new value."""

    __slots__ = ("function",)

    def __init__(self, function: TokenFunction):
        super().__init__()
        self.function = function

    def __missing__(self, value: str) -> str:
        result = self.function(value)
        if len(self) >= TABLE_LIMIT:
            self.clear()
        self[value] = result
        return result


@lru_cache(maxsize=None)
def value_table(function: TokenFunction) -> _ValueTable:
    """The one value table of a token function (featurizers that share a
    function, as the POS, chunk and NER models do, share its table)."""
    return _ValueTable(function)


class Featurizer:
    """A template list compiled once; ``features(columns)`` featurizes a sentence.

    ``columns`` holds one list per column (words, pos tags, ..., placeholder),
    each as long as the sentence. The result equals underthesea's
    ``TaggedTransformer(template).sentence2features(rows)``, except that, given
    the model's ``known`` attribute strings, the features the model does not
    know are left out: the tagger would drop them anyway (same tags), and
    about half of all feature strings are such.
    """

    def __init__(self, template: Sequence[str], functions: dict[str, TokenFunction],
                 known: frozenset[str] | None = None):
        self.template = list(template)
        self.compiled = [compile_template(t, functions) for t in self.template]
        # Per template, the feature string of each value (the part after
        # "T[..]=") the model knows, made once; None: every value, as underthesea.
        by_template = None if known is None else _by_template(known)
        self.known_features: list[dict[str, str] | None] = [
            None if by_template is None else by_template.get(t.prefix, {}) for t in self.compiled]

    def _template_features(self, t: Template, known: dict[str, str] | None,
                           columns: list[list[str]], cache: dict) -> list[str | None]:
        """One feature per token (None where the model does not know it)."""
        n = len(columns[0])
        prefix = t.prefix
        bos_feature = prefix + "BOS" if known is None else known.get("BOS")
        eos_feature = prefix + "EOS" if known is None else known.get("EOS")
        k = t.first
        # Values of the column (or of its n-grams: width+1 tokens joined by one
        # space), with the function applied, shared by templates that differ
        # only in offset.
        width = 0 if t.last is None else t.last - k
        if width < 0:
            return self._reversed_ngram(t, known, columns)
        # Keyed by the column's identity: the three models of ``tag`` share the
        # words column, so its lower/istitle/n-gram values are computed once.
        key = (id(columns[t.column]), width, t.function)
        values = cache.get(key)
        if values is None:
            values = self._ngrams(columns[t.column], width, cache)
            if t.function is not None:
                values = list(map(value_table(t.function).__getitem__, values))
            cache[key] = values
        # underthesea: BOS when the first token is before the sentence, else
        # EOS when the first or the last token is after it.
        bos = min(n, max(0, -k))
        window = values[bos + k:][: n - bos]
        # (a dict lookup per token, no string building, for the pruned models)
        body = [prefix + v for v in window] if known is None else list(map(known.get, window))
        return [bos_feature] * bos + body + [eos_feature] * (n - bos - len(body))

    @staticmethod
    def _ngrams(col: list[str], width: int, cache: dict) -> list[str]:
        """The column's tokens (width 0) or its runs of width+1 tokens joined
        by one space, made once per column and width."""
        if width == 0:
            return col
        key = (id(col), width)
        joined = cache.get(key)
        if joined is None:
            joined = list(map(" ".join, zip(*(col[j:] for j in range(width + 1)))))
            cache[key] = joined
        return joined

    @staticmethod
    def _reversed_ngram(t: Template, known: dict[str, str] | None, columns: list[list[str]]) -> list[str | None]:
        # T[a,b] with b < a: underthesea joins an empty slice. Not used by the
        # bundled templates; kept literal for completeness.
        n = len(columns[0])
        out = []
        for i in range(n):
            a, b = i + t.first, i + t.last
            if a < 0:
                value = "BOS"
            elif a >= n or b >= n:
                value = "EOS"
            else:
                word = " ".join(columns[t.column][a: b + 1])
                value = t.function(word) if t.function is not None else word
            out.append(t.prefix + value if known is None else known.get(value))
        return out

    def features(self, columns: list[list[str]], cache: dict | None = None) -> list[list[str]]:
        """Feature lists per token; ``cache`` may be shared by calls on the
        same column lists (it holds their derived values)."""
        if not columns or not columns[0]:
            return []
        cache = {} if cache is None else cache
        per_template = [self._template_features(t, known, columns, cache)
                        for t, known in zip(self.compiled, self.known_features)]
        return [list(filter(None, row)) for row in zip(*per_template)]
