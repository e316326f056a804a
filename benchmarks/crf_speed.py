"""underthesea's ner() vs vnfacts' segmenter + compiled CRF tagger, sentence by sentence.

python benchmarks/crf_speed.py corpus/articles/*.txt  (``make bench`` runs it too)
"""
from __future__ import annotations

import time
from typing import Sequence

import underthesea

from pipeline.nlp.crf import tag
from pipeline.nlp.segment import segment
from pipeline.nlp.sentences import corpus_sentences


def benchmark_sentences(sentences: Sequence[str], repeat: int = 1) -> dict[str, float]:
    """Seconds for underthesea.ner vs. pipeline.nlp.crf on the same sentences.

    ``fast_pretokenized`` times ``tag`` on words segmented beforehand (as in
    the pipeline, where the Doc already holds them); ``fast_with_segmentation``
    includes vnfacts' own segmenter. Not a test: timings vary by machine.
    """
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


if __name__ == "__main__":  # python benchmarks/crf_speed.py corpus/articles/*.txt
    import sys

    stats = benchmark_sentences(corpus_sentences(sys.argv[1:]), repeat=3)
    for key, value in stats.items():
        print(f"{key:28s} {value:.4f}")
