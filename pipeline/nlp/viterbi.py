"""CRF tagging from attribute ids, with underthesea_core's tagger's exact numbers.

underthesea_core's ``CRFTagger.tag`` (``crf/tagger.rs``, ``crf/model.rs``)
scores a token's labels by adding, to 0.0, the state weight of each of its
known attributes in the order given, then runs Viterbi in float64:
``score[0] = E[0]``; ``score[t][y] = max over x of (score[t-1][x] + T[x][y])
+ E[t][y]``, where the first x reaching the maximum wins (a strict ``>``
from minus infinity), and the best last label is the first maximum too.

Here the emissions are ``state[ids].sum(axis=0)``: NumPy adds along the first
axis of a C-ordered array one row after the other (pairwise summation is for
the contiguous axis only; tested), so each token's weights are added template
by template, in the order the tagger adds its feature strings; an unknown
feature adds the zero row, and x + 0.0 == x. The Viterbi steps are the same
float64 operations in the same order, so the tags are the tagger's, bit for
bit (tested on the corpus against ``tag_with_score``).
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

from .crfsuite import CrfsuiteModel


def emissions(model: CrfsuiteModel, ids: np.ndarray) -> np.ndarray:
    """(tokens × labels) scores of an id matrix (templates × tokens)."""
    return model.state[ids].sum(axis=0)


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
    """Viterbi over all sentences at once: step t advances every sentence by
    one token (a sentence already finished goes on over zero rows, unread).
    The loop keeps only each step's best scores (a maximum is the same in
    whatever order it is taken); which previous label gave it is found after
    the loop, from the very same sums, for all steps at once."""
    longest = max(lengths, default=0)
    if not longest:
        return [[] for _ in lengths]
    best = _by_step(scores, lengths, longest)  # the emissions; best[t] becomes score[t]
    through = np.empty(best.shape[1:] + transition.shape[1:])  # through[k, x, y] = score[t-1][k, x] + T[x, y]
    best_in = np.empty(best.shape[1:])
    for t in range(1, longest):
        np.add(best[t - 1][:, :, None], transition, out=through)
        np.maximum.reduce(through, axis=1, out=best_in)
        best[t] += best_in  # (float addition is commutative: E + max is max + E)
    # the first x with the maximum, as the tagger keeps the first of equal scores
    came_from = (best[:-1, :, :, None] + transition).argmax(axis=2)
    ends = best[np.maximum(np.array(lengths) - 1, 0), np.arange(len(lengths))]
    return [_backtrack(int(np.argmax(ends[k])), came_from[:n - 1, k].tolist()) if n else []
            for k, n in enumerate(lengths)]


def _by_step(scores: np.ndarray, lengths: Sequence[int], longest: int) -> np.ndarray:
    """(steps × sentences × labels): token t of each sentence, zeros past its end."""
    by_step = np.zeros((longest, len(lengths), scores.shape[1]))
    start = 0
    for k, n in enumerate(lengths):
        by_step[:n, k] = scores[start: start + n]
        start += n
    return by_step
