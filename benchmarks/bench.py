"""``make bench``: the pipeline's speed and memory, and the naive way, in one run.

1. Builds a corpus from the bundled articles (--mb, default 2 MB of text) and
   one ten times larger, of distinct articles (see corpus.py).
2. Times, on one worker, the naive way a user would do it today
   (benchmarks/naive.py: underthesea's ``ner()`` on every sentence plus
   regexes) and vnfacts with default settings (entities on), on the same
   sample of articles, group by group, vnfacts right before and after the
   naive way on each group so that both meet the same machine (a shared
   machine's speed drifts), models loaded beforehand.
3. Times ``vnfacts extract`` as a subprocess on the whole corpus with ``-j 1``
   and ``-j 2`` (twice each, in the order 1 2 2 1, so that the machine's drift
   cancels out of the speed-up), and once on a single article to know the start-up cost
   (imports, model loads), and measures the peak RSS of the whole process
   tree on the 1× and 10× corpus.

Prints characters/s, the ratio to the naive way, the speed-up from 1 to 2
workers, and peak RSS.
This is a benchmark, not a test: it asserts nothing.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402
import naive  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def run_extract(inputs: Path, out: Path, jobs: int) -> tuple[float, int]:
    """(wall seconds, peak RSS bytes of the process tree) of one vnfacts extract run."""
    for stale in (out, out.with_suffix(".errors.jsonl")):
        stale.unlink(missing_ok=True)
    cmd = [sys.executable, "-m", "pipeline", "extract", str(inputs), "-o", str(out), "-j", str(jobs), "--quiet"]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT)
    parent = psutil.Process(proc.pid)
    peak = 0
    while proc.poll() is None:
        try:
            rss = parent.memory_info().rss + sum(c.memory_info().rss for c in parent.children(recursive=True))
            peak = max(peak, rss)
        except psutil.Error:
            pass
        time.sleep(0.05)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"vnfacts extract failed with exit code {proc.returncode}")
    return wall, peak


def chars_of(directory: Path) -> int:
    return sum(len(p.read_text(encoding="utf-8")) for p in directory.glob("*.txt"))


ARTICLES_PER_GROUP = 4


def time_sandwiched(directory: Path, sample_chars: int) -> tuple[float, float, int, float]:
    """(naive chars/s, vnfacts chars/s, chars, median ratio) on the same
    articles, in this process. The sample is cut into groups of a few
    articles; vnfacts (default settings, each record serialized to JSON) runs
    on a group right before and right after the naive way does, so that both
    meet the same machine: a shared machine's speed drifts by tens of percent
    within a minute. Models are loaded beforehand."""
    from pipeline.language import load as load_pipeline
    from pipeline.article import Article
    from pipeline.process import build_record

    paths = sorted(directory.glob("*.txt"))
    step = max(1, len(paths) // max(1, sample_chars // 7000))
    texts, total = [], 0
    for path in paths[::step]:
        texts.append(path.read_text(encoding="utf-8"))
        total += len(texts[-1])
        if total >= sample_chars:
            break
    pipe = load_pipeline(entities="facts")
    naive.extract(texts[0][:2000])  # load every model first: start-up is measured apart
    build_record(Article(text=texts[0][:2000]), pipe)

    def vnfacts_run(part: list[str]) -> float:
        t0 = time.perf_counter()
        for i, text in enumerate(part):
            build_record(Article(text=text, source=f"bench/{i}.txt"), pipe).model_dump_json()
        return time.perf_counter() - t0

    def naive_run(part: list[str]) -> float:
        t0 = time.perf_counter()
        for text in part:
            naive.extract(text)
        return time.perf_counter() - t0

    # Groups of a few articles: vnfacts right before and right after the naive
    # run on the same group; the ratio of each group, and their median.
    ratios, naive_total, vnfacts_total = [], 0.0, 0.0
    for k in range(0, len(texts), ARTICLES_PER_GROUP):
        part = texts[k:k + ARTICLES_PER_GROUP]
        before = vnfacts_run(part)
        slow = naive_run(part)
        after = vnfacts_run(part)
        fast = (before + after) / 2
        ratios.append(slow / fast)
        naive_total += slow
        vnfacts_total += fast
    return total / naive_total, total / vnfacts_total, total, statistics.median(ratios)


def time_ner_stage(directory: Path, max_sentences: int = 300) -> dict[str, float]:
    """POS → chunk → NER on the same pre-segmented words: underthesea's three
    CRF predictors (their Python featurizer) vs vnfacts' compiled one; plus
    underthesea.ner() end to end vs vnfacts' segmenter + tagger."""
    from underthesea.pipeline.chunking.model_crf import CRFChunkingPredictor
    from underthesea.pipeline.ner.model_crf import CRFNERPredictor
    from underthesea.pipeline.pos_tag.model_crf import CRFPOSTagPredictor

    from crf_speed import benchmark_sentences
    from pipeline.nlp import crf
    from pipeline.nlp.segment import segment
    from pipeline.nlp.sentences import corpus_sentences

    sentences = corpus_sentences([str(p) for p in sorted(directory.glob("*.txt"))])[:max_sentences]
    words = [[w.norm for w in segment(s)] for s in sentences]
    pos, chunk, ner = CRFPOSTagPredictor.Instance(), CRFChunkingPredictor.Instance(), CRFNERPredictor.Instance()

    def underthesea_tagging(ws):
        return ner.predict(chunk.predict(pos.predict(ws)))

    assert [underthesea_tagging(ws) for ws in words[:20]] == [crf.tag(ws) for ws in words[:20]]
    start = time.perf_counter()
    for ws in words:
        underthesea_tagging(ws)
    slow = time.perf_counter() - start
    start = time.perf_counter()
    for ws in words:
        crf.tag(ws)
    fast = time.perf_counter() - start
    end_to_end = benchmark_sentences(sentences)
    return {"sentences": len(sentences), "tagging_speedup": slow / fast,
            "end_to_end_speedup": end_to_end["speedup_with_segmentation"]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=3.0, help="size of the 1x corpus in millions of characters")
    ap.add_argument("--naive-chars", type=int, default=150_000,
                    help="characters of the corpus timed both ways, article by article")
    ap.add_argument("--keep", action="store_true", help="keep the generated corpora")
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="vnfacts-bench-"))
    try:
        one, ten, single = work / "corpus-1x", work / "corpus-10x", work / "single"
        files, chars = corpus.build(one, int(args.mb * 1_000_000))
        files10, chars10 = corpus.build(ten, int(args.mb * 10_000_000), seed=11)
        corpus.build(single, 1)
        print(f"corpus: {files} articles, {chars:,} characters (10x: {files10} articles, {chars10:,})")

        ner = time_ner_stage(one)
        print(f"fast NER, {ner['sentences']} sentences: POS+chunk+NER {ner['tagging_speedup']:.1f}x underthesea's "
              f"predictors on the same words; with segmentation {ner['end_to_end_speedup']:.1f}x underthesea.ner()")

        naive_rate, vnfacts_rate, sample, median_ratio = time_sandwiched(one, args.naive_chars)
        print(f"one worker, the same {sample:,} characters, group by group "
              f"(vnfacts right before and after the naive way on each group of {ARTICLES_PER_GROUP} articles):")
        print(f"  naive (underthesea ner() per sentence + regexes): {naive_rate:,.0f} chars/s")
        print(f"  vnfacts (default settings, entities on):          {vnfacts_rate:,.0f} chars/s "
              f"= {vnfacts_rate / naive_rate:.1f}x naive overall, median of groups {median_ratio:.1f}x")

        startup, _ = run_extract(single, work / "single.jsonl", 1)
        print(f"vnfacts start-up (imports, model loads, one article): {startup:.2f} s")

        # -j 1, -j 2, -j 2, -j 1 (ABBA): the machine's drift cancels out of the
        # speed-up; each figure is the mean of its two runs.
        runs: dict[int, list[tuple[float, int]]] = {1: [], 2: []}
        for jobs in (1, 2, 2, 1):
            runs[jobs].append(run_extract(one, work / f"facts-j{jobs}.jsonl", jobs))
        results = {jobs: (sum(w for w, _ in r) / len(r), max(p for _, p in r)) for jobs, r in runs.items()}
        for jobs, (wall, peak) in results.items():
            steady = chars / max(1e-9, wall - startup)
            print(f"vnfacts extract -j {jobs} on the corpus (mean of 2 runs): {wall:.2f} s wall, "
                  f"{chars / wall:,.0f} chars/s ({steady:,.0f} chars/s without start-up), peak RSS {peak / 2**20:,.0f} MiB")
        print(f"speed-up 1 -> 2 workers: {results[1][0] / results[2][0]:.2f}x wall, "
              f"{(results[1][0] - startup) / (results[2][0] - startup):.2f}x steady")

        wall10, peak10 = run_extract(ten, work / "facts-10x.jsonl", 1)
        print(f"vnfacts -j 1 on 10x: {wall10:.2f} s, {chars10 / wall10:,.0f} chars/s, "
              f"peak RSS {peak10 / 2**20:,.0f} MiB = {peak10 / results[1][1]:.2f}x the 1x run")
    finally:
        if args.keep:
            print(f"corpora kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
