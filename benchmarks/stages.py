"""Where one worker's time goes: CPU seconds by stage over a folder, in this process.

Each stage is timed by wrapping the function that does it (process CPU time,
exclusive: a stage called inside another is taken out of the caller's figure),
so the stages add up to the whole pass. The stages: reading (ingest: decode,
HTML, normalize), the tokenizer's parts (match form, related news, tables,
sentences, the syllable Doc), each pipeline component, and inside them word
segmentation (syllables and glue), CRF featurizing and CRF tagging (word
segmentation's and the NER's), place resolution, the record and writing it.
This is a benchmark helper, not part of vnfacts: the wrappers exist only here.
"""
from __future__ import annotations

import gc
import time
from collections import defaultdict
from pathlib import Path
from typing import Callable


class Clock:
    """Exclusive CPU time per stage name, with a stack of running stages."""

    def __init__(self):
        self.spent: dict[str, float] = defaultdict(float)
        self.stack: list[str] = []
        self.mark = time.process_time()

    def _switch(self, now: float) -> None:
        if self.stack:
            self.spent[self.stack[-1]] += now - self.mark
        self.mark = now

    def timed(self, name: str, fn: Callable) -> Callable:
        def wrapper(*args, **kwargs):
            self._switch(time.process_time())
            self.stack.append(name)
            try:
                return fn(*args, **kwargs)
            finally:
                self._switch(time.process_time())
                self.stack.pop()
        return wrapper


class _TimedTagger:
    def __init__(self, tagger, clock: Clock):
        self.tag = clock.timed("CRF tagging", tagger.tag)


def _patch(clock: Clock, owner, attr: str, name: str) -> None:
    setattr(owner, attr, clock.timed(name, getattr(owner, attr)))


def instrument(nlp, clock: Clock) -> None:
    """Wrap the stages of this process's vnfacts (call once per process)."""
    from pipeline import process
    from pipeline.nlp import attribute_ids, crf, doc, features, segment, viterbi, words

    for attr, name in (("match_form", "tokenizer: match form"), ("related_news_spans", "tokenizer: related news"),
                       ("find_tables", "tokenizer: tables"), ("number_cells", "tokenizer: tables"),
                       ("split_sentences", "tokenizer: sentences"), ("SentenceIndex", "tokenizer: sentences")):
        _patch(clock, doc, attr, name)
    _patch(clock, doc.VnTokenizer, "_syllable_doc", "tokenizer: syllable Doc")
    for attr in ("_spliced", "_remade", "doc_of"):
        _patch(clock, words, attr, "word Doc")
    # word segmentation's own time (syllables, glue) is what the CRF stages leave of it
    _patch(clock, words, "segment_ranges", "word segmentation (syllables, glue)")
    _patch(clock, doc, "segment", "word segmentation (syllables, glue)")
    # featurizing: to attribute ids (the pipeline's path) or to strings (the
    # compiled tagger's); tagging: emissions and Viterbi, or the compiled tagger
    _patch(clock, features.Featurizer, "features", "CRF featurizing")
    _patch(clock, attribute_ids.IdFeaturizer, "ids", "CRF featurizing")
    for attr in ("emissions", "best_paths"):
        _patch(clock, viterbi, attr, "CRF tagging")
    ws_tagger, models = segment._ws_tagger(), {n: crf._model(n) for n in ("pos", "chunk", "ner")}
    timed_ws = _TimedTagger(ws_tagger, clock)
    timed_models = {n: _TimedTagger(m, clock) for n, m in models.items()}
    segment._ws_tagger = lambda: timed_ws
    crf._model = lambda n: timed_models[n]
    _patch(clock, process, "locate", "places (article place)")
    nlp.tokenizer = clock.timed("tokenizer: other", nlp.tokenizer)
    for i, (name, proc) in enumerate(list(nlp._components)):
        nlp._components[i] = (name, clock.timed(f"component {name}", proc))


def run(directory: Path, entities: str = "facts", warm: bool = False) -> tuple[dict[str, float], int]:
    """(stage → CPU seconds, characters) of one pass over directory, models
    loaded before; with ``warm``, after a first pass over every article (the
    tables of values seen, the caches full: a long run's steady state)."""
    import io

    from pipeline.ingest import iter_documents, to_article
    from pipeline.language import load
    from pipeline.process import build_record

    nlp = load(entities=entities)
    raws = list(iter_documents([str(directory)]))
    for raw in raws if warm else raws[:1]:
        build_record(to_article(raw), nlp)  # every model loaded: start-up is measured apart
    gc.collect()
    gc.freeze()  # as vnfacts readies a worker (pipeline.runner.ready_process)
    clock = Clock()
    instrument(nlp, clock)
    read = clock.timed("reading (ingest)", to_article)
    build = clock.timed("record (ArticleRecord)", build_record)
    write = clock.timed("writing (JSON line)", lambda record, out: out.write(record.model_dump_json() + "\n"))
    out, chars = io.StringIO(), 0
    for raw in raws:
        article = read(raw)
        chars += len(article.text)
        write(build(article, nlp), out)
    return dict(clock.spent), chars


def table(spent: dict[str, float], chars: int) -> str:
    total = sum(spent.values())
    rows = [f"| stage | CPU s | share |", "|---|---:|---:|"]
    for name, seconds in sorted(spent.items(), key=lambda kv: -kv[1]):
        rows.append(f"| {name} | {seconds:.2f} | {100 * seconds / total:.1f}% |")
    rows.append(f"| **all** ({chars:,} characters, {chars / total:,.0f} chars per CPU s) | {total:.2f} | 100% |")
    return "\n".join(rows)


if __name__ == "__main__":
    import sys

    # python benchmarks/stages.py DIR [--warm]
    spent, chars = run(Path(sys.argv[1]), warm="--warm" in sys.argv[2:])
    print(table(spent, chars))
