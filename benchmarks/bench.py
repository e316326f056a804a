"""``make bench``: the pipeline's speed and memory, and the naive way, in one run.

1. Builds a corpus from the bundled articles (--mb, default 2 MB of text) and
   one ten times larger, of distinct articles (see corpus.py).
2. Times the naive way a user would do it today (benchmarks/naive.py:
   underthesea's ``ner()`` on every sentence plus regexes) on a sample of the
   corpus, in this process, after a warm-up.
3. Times ``vnfacts extract`` (default settings: entities from the fact
   sentences) as a subprocess with ``-j 1`` and ``-j 2``, and once on a single
   article to know the start-up cost (imports, model loads), and measures the
   peak RSS of the whole process tree on the 1× and 10× corpus.

Prints characters/s (wall clock, and steady state = without start-up), the
ratio to the naive way, the speed-up from 1 to 2 workers, and peak RSS.
This is a benchmark, not a test: it asserts nothing.
"""
from __future__ import annotations

import argparse
import shutil
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


def time_naive(directory: Path, sample_chars: int) -> float:
    texts, total = [], 0
    for path in sorted(directory.glob("*.txt")):
        texts.append(path.read_text(encoding="utf-8"))
        total += len(texts[-1])
        if total >= sample_chars:
            break
    naive.extract(texts[0][:500])  # load the models first, as the pipeline's start-up is measured apart
    start = time.perf_counter()
    for text in texts:
        naive.extract(text)
    return total / (time.perf_counter() - start)


def time_ner_stage(directory: Path, max_sentences: int = 300) -> dict[str, float]:
    """POS → chunk → NER on the same pre-segmented words: underthesea's three
    CRF predictors (their Python featurizer) vs vnfacts' compiled one; plus
    underthesea.ner() end to end vs vnfacts' segmenter + tagger."""
    from underthesea.pipeline.chunking.model_crf import CRFChunkingPredictor
    from underthesea.pipeline.ner.model_crf import CRFNERPredictor
    from underthesea.pipeline.pos_tag.model_crf import CRFPOSTagPredictor

    from pipeline.nlp import crf
    from pipeline.nlp.segment import segment

    sentences = crf.corpus_sentences([str(p) for p in sorted(directory.glob("*.txt"))])[:max_sentences]
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
    end_to_end = crf.benchmark_sentences(sentences)
    return {"sentences": len(sentences), "tagging_speedup": slow / fast,
            "end_to_end_speedup": end_to_end["speedup_with_segmentation"]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=3.0, help="size of the 1x corpus in millions of characters")
    ap.add_argument("--naive-chars", type=int, default=120_000, help="characters the naive way is timed on")
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

        naive_rate = time_naive(one, args.naive_chars)
        print(f"naive (underthesea ner() per sentence + regexes): {naive_rate:,.0f} chars/s")

        startup, _ = run_extract(single, work / "single.jsonl", 1)
        print(f"vnfacts start-up (imports, model loads, one article): {startup:.2f} s")

        results = {}
        for jobs in (1, 2):
            wall, peak = run_extract(one, work / f"facts-j{jobs}.jsonl", jobs)
            results[jobs] = (wall, peak)
            steady = chars / max(1e-9, wall - startup)
            print(f"vnfacts -j {jobs}: {wall:.2f} s wall, {chars / wall:,.0f} chars/s wall "
                  f"({chars / wall / naive_rate:.1f}x naive), {steady:,.0f} chars/s steady "
                  f"({steady / naive_rate:.1f}x naive), peak RSS {results[jobs][1] / 2**20:,.0f} MiB")
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
