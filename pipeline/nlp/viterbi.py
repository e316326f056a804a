"""CRF tagging from attribute ids, with underthesea_core's tagger's exact numbers.

underthesea_core's ``CRFTagger.tag`` (``crf/tagger.rs``, ``crf/model.rs``)
scores a token's labels by adding, to 0.0, the state weight of each of its
known attributes in the order given, then runs Viterbi in float64:
``score[0] = E[0]``; ``score[t][y] = max over x of (score[t-1][x] + T[x][y])
+ E[t][y]``, where the first x reaching the maximum wins (a strict ``>``
from minus infinity), and the best last label is the first maximum too.

Here the emissions are ``state[ids].sum(axis=0)`` (gathered by ``np.take``):
NumPy adds along the first axis of a C-ordered array one row after the other
(pairwise summation is for the contiguous axis only; tested), so each token's weights are added template
by template, in the order the tagger adds its feature strings; an unknown
feature adds the zero row, and x + 0.0 == x. The Viterbi steps are the same
float64 operations in the same order (a maximum is exact in any order), so
the tags are the tagger's and the best scores too, bit for bit (tested on the
corpus against ``tag_with_score``).
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

from .crfsuite import CrfsuiteModel


def emissions(model: CrfsuiteModel, ids: np.ndarray) -> np.ndarray:
    """(tokens × labels) scores of an id matrix (templates × tokens).
    (``take`` gathers the rows as ``state[ids]`` does, a little faster.)"""
    return np.take(model.state, ids, axis=0).sum(axis=0)


def best_paths(model: CrfsuiteModel, scores: np.ndarray, lengths: Sequence[int]) -> list[list[int]]:
    """The best label ids of each sentence, whose emission rows follow one
    another in scores (lengths: tokens per sentence)."""
    if len(model.labels) == 2:
        return _two_label_paths(model.transition, scores.tolist(), lengths)
    return _batched_paths(model.transition, scores, lengths)


def _two_label_paths(transition: np.ndarray, rows: list[list[float]], lengths: Sequence[int]) -> list[list[int]]:
    # Two labels (word segmentation): plain floats beat NumPy's per-call cost.
    (t00, t01), (t10, t11) = transition.tolist()
    paths, start = [], 0
    for n in lengths:
        if not n:
            paths.append([])
            continue
        a, b = rows[start]
        back = []
        for e0, e1 in rows[start + 1: start + n]:
            from_a, from_b = a + t00, b + t10
            came0 = 1 if from_b > from_a else 0
            best0 = from_b if came0 else from_a
            from_a, from_b = a + t01, b + t11
            came1 = 1 if from_b > from_a else 0
            best1 = from_b if came1 else from_a
            a, b = best0 + e0, best1 + e1
            back.append((came0, came1))
        paths.append(_backtrack(1 if b > a else 0, back))
        start += n
    return paths


def _backtrack(last: int, back: list) -> list[int]:
    """The path ending in label last, from each step's best previous labels."""
    path = [last]
    for came_from in reversed(back):
        last = came_from[last]
        path.append(last)
    path.reverse()
    return path


def _batched_paths(transition: np.ndarray, scores: np.ndarray, lengths: Sequence[int]) -> list[list[int]]:
    """Viterbi over all sentences at once: step t advances by one token every
    sentence that has a token t (the sentences are taken longest first, so
    those are the first few). The forward pass keeps only each step's best
    scores (a maximum is the same in whatever order it is taken); which
    previous label gave it is found after, from the very same sums."""
    if not any(lengths):
        return [[] for _ in lengths]
    order = sorted(range(len(lengths)), key=lambda k: -lengths[k])
    sorted_lengths = [lengths[k] for k in order]
    best = _by_step(scores, lengths, order)  # the emissions; best[t] becomes score[t]
    _forward(best, transition, sorted_lengths)
    came_from = _came_from(best, transition, sorted_lengths)
    paths: list[list[int]] = [[] for _ in lengths]
    start = 0
    for rank, (k, n) in enumerate(zip(order, sorted_lengths)):
        if n:
            paths[k] = _backtrack(int(np.argmax(best[n - 1, rank])), came_from[start: start + n - 1])
            start += n - 1
    return paths


def _forward(best: np.ndarray, transition: np.ndarray, sorted_lengths: list[int]) -> None:
    """best[t] (emissions) becomes each sentence's best score at token t,
    for the sentences that have a token t."""
    through = np.empty(best.shape[1:] + transition.shape[1:])  # through[k, x, y] = score[t-1][k, x] + T[x, y]
    best_in = np.empty(best.shape[1:])
    add, maximum = np.add, np.maximum.reduce  # (positional out: these run thousands of times)
    t = 1
    while t < len(best):
        going = sum(n > t for n in sorted_lengths)
        until = sorted_lengths[going - 1]  # these sentences go on together up to here
        previous, scores = best[:, :going, :, None], best[:, :going]
        through_k, best_in_k = through[:going], best_in[:going]
        for before, score in zip(previous[t - 1: until - 1], scores[t: until]):
            add(before, transition, through_k)
            maximum(through_k, 1, None, best_in_k)
            add(score, best_in_k, score)  # (float addition commutes: E + max is max + E)
        t = until


def _came_from(best: np.ndarray, transition: np.ndarray, sorted_lengths: list[int]) -> list[list[int]]:
    """For each sentence (in order) and each token t ≥ 1, by label y: the first
    previous label x with the best score[t-1][x] + T[x, y], as the tagger
    keeps the first of equal scores."""
    steps = np.concatenate([np.arange(n - 1) for n in sorted_lengths if n] or [np.zeros(0, np.intp)])
    ranks = np.repeat(np.arange(len(sorted_lengths)), [max(n - 1, 0) for n in sorted_lengths])
    return (best[steps, ranks][:, :, None] + transition).argmax(axis=1).tolist()


def _by_step(scores: np.ndarray, lengths: Sequence[int], order: list[int]) -> np.ndarray:
    """(steps × sentences × labels): token t of each sentence, the sentences in
    the given order, zeros past each one's end."""
    starts = np.cumsum([0] + list(lengths[:-1]))
    by_step = np.zeros((max(lengths, default=0), len(lengths), scores.shape[1]))
    for rank, k in enumerate(order):
        by_step[:lengths[k], rank] = scores[starts[k]: starts[k] + lengths[k]]
    return by_step
