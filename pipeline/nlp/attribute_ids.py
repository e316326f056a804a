"""Featurizing to attribute ids: the model's own numbers, not feature strings.

``features.Featurizer`` builds, for each token, the list of feature strings
the model knows; underthesea_core's tagger then hashes every string back to
the model's attribute id. Here a sentence goes straight to a matrix of
attribute ids, one row per template and one column per token, with the id
``model.unknown`` (a row of zero weights) where the model does not know the
feature. Scoring such a matrix (``viterbi``) needs no strings at all.

Templates that read the same values (same column, same n-gram width, same
token function) and differ only in offset, such as ``T[-2].lower`` …
``T[2].lower``, form a group, with a table whose row holds every template's
id for a value (row 0: unknown to all, rows 1 and 2: the BOS and EOS
placeholders). A batch's values are numbered once per column and n-gram
width (a vocabulary shared by all featurizers), and each group reads its rows
by number, so a token costs one dict lookup per column and width, not one
per template or group. A sentence's values are laid out with ``pad`` BOS
placeholders before and EOS after, so that template offset ``a`` at token
``i`` is one array index, and NumPy gathers every template's ids at once. The ids are those of the feature strings ``Featurizer`` builds,
template for template (tested).

Several sentences can be featurized in one call (a batch): each gets its own
padding, so no n-gram and no offset crosses from one sentence to the next.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from . import features
from .crfsuite import CrfsuiteModel
from .features import Template, TokenFunction

UNKNOWN_ROW, BOS_ROW, EOS_ROW = 0, 1, 2
# Placeholders in a laid-out value sequence: objects, so no token can equal them.
BOS, EOS = object(), object()


class _Vocabulary:
    """Every value the id featurizers have read (tokens, n-grams, tags), each
    numbered once: a batch's values are looked up once per column and width,
    whatever the number of templates, functions and models reading them; each
    group then finds its rows by number with one NumPy gather. Numbers 0 and 1
    are the BOS and EOS placeholders. Bounded: past ``TABLE_LIMIT`` values it
    starts over (a new generation) before the next batch.

    The runner stops a document that runs too long by raising an exception in
    its thread at any point, so every update here leaves a state that stays
    right if it is cut short: a number always names the value at its index in
    ``values``, and a group's rows are only trusted for its own generation."""

    def __init__(self):
        self.generation = 0
        self._start()

    def _start(self) -> None:
        # (in this order: cut after any line, the numbers still index ``values``)
        self.generation += 1
        self.number: dict = {BOS: 0, EOS: 1}
        self.values: list = [BOS, EOS]

    def numbers(self, values: list) -> np.ndarray:
        """The number of each value (a new value gets the next number)."""
        if len(self.values) >= features.TABLE_LIMIT:
            self._start()
        found = list(map(self.number.get, values))
        try:
            return np.array(found, np.intp)
        except TypeError:  # a None: values not seen before
            return np.array([self._add(v) if n is None else n for v, n in zip(values, found)], np.intp)

    def _add(self, value: str) -> int:
        number = self.number.get(value)
        if number is None:
            self.values.append(value)  # (first: cut here, the value is only unnumbered)
            number = self.number[value] = len(self.values) - 1
        return number


VOCABULARY = _Vocabulary()


class _RowTable:
    """A group's table row for each numbered value (the group's function
    applied to it on first sight), filled up as the vocabulary grows."""

    def __init__(self, function: TokenFunction | None, rows: dict[str, int]):
        self.function = function
        self.rows = rows
        self.generation = -1

    def of(self, numbers: np.ndarray) -> np.ndarray:
        """The row of each numbered value."""
        generation = VOCABULARY.generation
        if self.generation != generation:
            self.by_number = np.array([BOS_ROW, EOS_ROW] + [UNKNOWN_ROW] * 62, np.intp)
            self.filled = 2
            self.generation = generation  # (last: cut before it, the next call starts again)
        if self.filled < len(VOCABULARY.values):
            self._fill()
        return self.by_number[numbers]

    def _fill(self) -> None:
        new = VOCABULARY.values[self.filled:]
        if self.function is not None:
            new = map(features.value_table(self.function).__getitem__, new)
        rows = [self.rows.get(key, UNKNOWN_ROW) for key in new]
        end = self.filled + len(rows)
        if end > len(self.by_number):  # room for twice as many: few copies as it grows
            self.by_number = np.concatenate([self.by_number, np.empty(end, np.intp)])
        self.by_number[self.filled: end] = rows
        self.filled = end  # (last: cut before it, these rows are made again)


def _width(t: Template) -> int:
    return 0 if t.last is None else t.last - t.first


@dataclass
class _Group:
    """Templates reading the same values, and where they sit in the template list."""

    column: int
    width: int
    positions: np.ndarray        # indices of the group's templates in the template list
    starts: np.ndarray           # (templates × 1): pad + offset, where token 0 reads
    template_index: np.ndarray   # (templates × 1): 0 … m-1, the table's columns
    table: np.ndarray            # (rows × templates): attribute ids
    rows: _RowTable


def _known_values(model: CrfsuiteModel) -> dict[str, dict[str, int]]:
    """Per template prefix ("T[-1,0]="), the attribute id of each value (the
    part after it; a template's syntax holds no "=", a value may)."""
    known: dict[str, dict[str, int]] = {}
    for attribute_id, attribute in enumerate(model.attributes):
        template, _, value = attribute.partition("=")
        known.setdefault(template + "=", {})[value] = attribute_id
    return known


def _group(templates: list[Template], positions: list[int], model: CrfsuiteModel, pad: int,
           known_values: dict[str, dict[str, int]]) -> _Group:
    known = [known_values.get(t.prefix, {}) for t in templates]
    values = list(dict.fromkeys(value for ids in known for value in ids))  # (any order will do)
    row_of = {value: EOS_ROW + 1 + k for k, value in enumerate(values)}
    table = np.full((EOS_ROW + 1 + len(values), len(templates)), model.unknown, np.intp)
    for j, ids in enumerate(known):
        # underthesea writes "T[-1]=BOS" whatever the function: the placeholder is the value
        table[BOS_ROW, j] = ids.get("BOS", model.unknown)
        table[EOS_ROW, j] = ids.get("EOS", model.unknown)
        table[[row_of[v] for v in ids], j] = list(ids.values())
    first = templates[0]
    return _Group(first.column, _width(first), np.array(positions),
                  np.array([[pad + t.first] for t in templates]), np.arange(len(templates))[:, None],
                  table, _RowTable(first.function, row_of))


class IdFeaturizer:
    """A template list compiled against a model; ``ids(sentences)`` gives the
    attribute id matrix (templates × tokens of all the sentences, in order)."""

    def __init__(self, template: Sequence[str], functions: dict[str, TokenFunction], model: CrfsuiteModel):
        compiled = [features.compile_template(t, functions) for t in template]
        if any(_width(t) < 0 for t in compiled):
            raise ValueError("reversed n-gram templates (T[a,b] with b < a) are not supported")
        self.template = list(template)
        self.model = model
        # room around each sentence for the farthest offset and the widest n-gram
        self.pad = max(max(abs(t.first), abs(t.first + _width(t))) for t in compiled)
        by_values: dict[tuple, list[int]] = {}
        for position, t in enumerate(compiled):
            by_values.setdefault((t.column, _width(t), t.function), []).append(position)
        known_values = _known_values(model)
        self.groups = [_group([compiled[p] for p in positions], positions, model, self.pad, known_values)
                       for positions in by_values.values()]

    def ids(self, columns: Sequence[Sequence[Sequence[str]]], cache: dict | None = None) -> np.ndarray:
        """The id matrix of a batch of sentences given by columns: ``columns[c][s]``
        is column c (words, tags, …, placeholder) of sentence s. ``cache`` may be
        shared by calls on the same column lists (the three models of ``crf``
        share the words column)."""
        cache = {} if cache is None else cache
        lengths = [len(tokens) for tokens in columns[0]]
        out = np.empty((len(self.template), sum(lengths)), np.intp)
        if not out.size:
            return out
        # where token i of sentence k sits in the laid-out values: after the
        # sentences before it, each with 2 * pad placeholders around it
        firsts = np.cumsum([0] + lengths[:-1]) + 2 * self.pad * np.arange(len(lengths))
        token_base = np.concatenate([np.arange(first, first + n) for first, n in zip(firsts, lengths)])
        for g in self.groups:
            rows = g.rows.of(self._numbers(columns[g.column], g.width, cache))
            out[g.positions] = g.table[rows[g.starts + token_base], g.template_index]
        return out

    def _numbers(self, column: Sequence[Sequence[str]], width: int, cache: dict) -> np.ndarray:
        """The vocabulary numbers of the column's laid-out values, once per
        batch (the cache is shared by the models reading the same column)."""
        numbers = cache.get(("numbers", id(column), width, self.pad, VOCABULARY.generation))
        if numbers is None:
            numbers = VOCABULARY.numbers(self._laid_out(column, width, cache))
            # (kept under the generation that numbered them: the vocabulary may have started over)
            cache[("numbers", id(column), width, self.pad, VOCABULARY.generation)] = numbers
        return numbers

    def _laid_out(self, column: Sequence[Sequence[str]], width: int, cache: dict) -> list:
        """Each sentence's values of the column (its tokens, or its n-grams of
        width + 1 tokens joined by a space), pad BOS placeholders before them
        and EOS after them up to n + 2 * pad entries per sentence (an n-gram
        that would run past the last token is EOS, as in underthesea)."""
        key = ("laid out", id(column), width, self.pad)
        laid_out = cache.get(key)
        if laid_out is None:
            before = [BOS] * self.pad
            laid_out = []
            for tokens in column:
                values = features.Featurizer._ngrams(tokens, width, cache)
                laid_out += before
                laid_out += values
                laid_out += [EOS] * (self.pad + len(tokens) - len(values))
            cache[key] = laid_out
        return laid_out
