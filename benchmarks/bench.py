"""``make bench``: the pipeline's speed and memory, and the naive way, in one run.

1. Builds the bench corpus (corpus.py): the seeds and the development set,
   whole articles, repeated under distinct names up to --mb million
   characters (and a corpus ten times larger for memory).
2. Times, on one worker, the naive way a user would do it today
   (benchmarks/naive.py: underthesea's ``ner()`` on every sentence plus
   regexes) and vnfacts with default settings (entities on), on the same
   articles (the distinct ones), group by group, vnfacts right before and
   after the naive way on each group so that both meet the same machine (a
   shared machine's speed drifts), models loaded beforehand; process CPU time
   decides, the median of the groups' ratios is the figure.
3. Times ``vnfacts extract`` as a subprocess on the whole corpus with ``-j 1``
   and ``-j 2`` (twice each, in the order 1 2 2 1, so that the machine's drift
   cancels out of the speed-up), and on a single article for the start-up cost
   (imports, model loads), and measures the peak RSS of the whole process
   tree on the 1× and 10× corpus. Every record of the -j runs is checked
   against tests/data/expected (benchmarks/expected.py).
4. The stage breakdown of one worker (benchmarks/stages.py) over the distinct articles.

Prints characters/s, the ratio to the naive way, the speed-up from 1 to 2
workers, peak RSS and the stage table.
This is a benchmark, not a test: it asserts nothing (the record check prints).
"""
from __future__ import annotations

import argparse
import json
import os
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
import expected  # noqa: E402
import naive  # noqa: E402
import stages  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def run_extract(inputs: Path, out: Path, jobs: int) -> tuple[float, int]:
    """(wall seconds, peak RSS bytes of the process tree) of one vnfacts extract run.
    (RSS counts the pages a forked worker shares with its parent in both.)"""
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


ARTICLES_PER_GROUP = 4


def time_sandwiched(directory: Path) -> tuple[float, float, int, float, float]:
    """(naive chars per CPU s, vnfacts chars per CPU s, chars, median ratio by
    CPU time, median ratio by wall time) on the same articles, in this
    process. The articles are cut into groups of a few; vnfacts (default
    settings, each record serialized to JSON) runs on a group right before and
    right after the naive way does, so that both meet the same machine. Both
    get the article's text as ingest reads it; models are loaded beforehand."""
    from pipeline.ingest import iter_documents, to_article
    from pipeline.language import load as load_pipeline
    from pipeline.process import build_record
    from pipeline.runner import ready_process
    from pipeline.settings import ExtractSettings

    articles = [to_article(raw) for raw in iter_documents([str(directory)])]
    total = sum(len(a.text) for a in articles)
    pipe = load_pipeline(entities="facts")
    naive.extract(articles[0].text[:2000])  # load every model first: start-up is measured apart
    build_record(articles[0], pipe)
    # as a vnfacts worker is readied (models loaded, then frozen out of the garbage
    # collector); the naive way's models, loaded above, are frozen with them
    ready_process(ExtractSettings())

    def timed(run, part) -> tuple[float, float]:
        c0, w0 = time.process_time(), time.perf_counter()
        for article in part:
            run(article)
        return time.process_time() - c0, time.perf_counter() - w0

    def vnfacts_one(article) -> None:
        build_record(article, pipe).model_dump_json()

    def naive_one(article) -> None:
        naive.extract(article.text)

    cpu_ratios, wall_ratios, naive_cpu, vnfacts_cpu = [], [], 0.0, 0.0
    for k in range(0, len(articles), ARTICLES_PER_GROUP):
        part = articles[k:k + ARTICLES_PER_GROUP]
        before, slow, after = timed(vnfacts_one, part), timed(naive_one, part), timed(vnfacts_one, part)
        cpu_ratios.append(slow[0] / ((before[0] + after[0]) / 2))
        wall_ratios.append(slow[1] / ((before[1] + after[1]) / 2))
        naive_cpu += slow[0]
        vnfacts_cpu += (before[0] + after[0]) / 2
    return (total / naive_cpu, total / vnfacts_cpu, total, statistics.median(cpu_ratios),
            statistics.median(wall_ratios))


def startup(work: Path) -> tuple[float, float]:
    """(wall, CPU seconds) of vnfacts extract on one short article: the start-up."""
    single = work / "single"
    single.mkdir(exist_ok=True)
    (single / "one.txt").write_text("Đảng bộ xã có 12 chi bộ với 340 đảng viên.\n", encoding="utf-8")
    before = os.times()
    wall, _ = run_extract(single, work / "single.jsonl", 1)
    after = os.times()
    return wall, (after.children_user - before.children_user) + (after.children_system - before.children_system)


def check_records(out: Path) -> str:
    """The run's records against tests/data/expected (the bench set's digests)."""
    wanted = json.loads((expected.EXPECTED / "digests.json").read_text(encoding="utf-8"))["bench"]
    found = {name: expected.digest(obj) for name, obj in expected.keyed(expected.run_output(out)).items()}
    differ = sorted(n for n in set(found) | set(wanted) if found.get(n) != wanted.get(n))
    if not differ:
        return f"all {len(found):,} records identical to tests/data/expected"
    return f"{len(differ):,} of {len(found):,} records differ from tests/data/expected (first: {differ[0]})"


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
    ap.add_argument("--no-10x", action="store_true", help="skip the 10x corpus (its peak RSS)")
    ap.add_argument("--keep", action="store_true", help="keep the generated corpora")
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="vnfacts-bench-"))
    try:
        one, distinct = work / "corpus-1x", work / "distinct"
        files, chars, copies = corpus.build(one, int(args.mb * 1_000_000))
        dfiles, dchars, _ = corpus.build(distinct, 10**12, max_copies=1)
        print(f"corpus: {files} files, {chars:,} characters: the {dfiles} distinct articles "
              f"(seeds + corpus/dev/raw, {dchars:,} characters) and their copies, {copies} sets in all")

        ner = time_ner_stage(distinct)
        print(f"fast NER, {ner['sentences']} sentences: POS+chunk+NER {ner['tagging_speedup']:.1f}x underthesea's "
              f"predictors on the same words; with segmentation {ner['end_to_end_speedup']:.1f}x underthesea.ner()")

        naive_rate, vnfacts_rate, sample, cpu_median, wall_median = time_sandwiched(distinct)
        print(f"one worker, the {dfiles} distinct articles ({sample:,} characters), in groups of {ARTICLES_PER_GROUP} "
              f"(vnfacts right before and after the naive way on each group), models loaded:")
        print(f"  naive (underthesea ner() per sentence + regexes): {naive_rate:,.0f} chars per CPU s")
        print(f"  vnfacts (default settings, entities on):          {vnfacts_rate:,.0f} chars per CPU s "
              f"= {vnfacts_rate / naive_rate:.1f}x overall; median of groups {cpu_median:.1f}x by CPU time, "
              f"{wall_median:.1f}x by wall time")

        start_wall, start_cpu = startup(work)
        print(f"vnfacts start-up (imports, model loads, one short article): {start_wall:.2f} s wall, {start_cpu:.2f} s CPU")

        # -j 1, -j 2, -j 2, -j 1 (ABBA): the machine's drift cancels out of the
        # speed-up; each figure is the mean of its two runs.
        runs: dict[int, list[tuple[float, int]]] = {1: [], 2: []}
        for jobs in (1, 2, 2, 1):
            runs[jobs].append(run_extract(one, work / f"facts-j{jobs}.jsonl", jobs))
        results = {jobs: (sum(w for w, _ in r) / len(r), max(p for _, p in r)) for jobs, r in runs.items()}
        for jobs, (wall, peak) in results.items():
            print(f"vnfacts extract -j {jobs} on the corpus (mean of 2 runs: "
                  f"{', '.join(f'{w:.2f}' for w, _ in runs[jobs])} s): {wall:.2f} s wall, "
                  f"{chars / wall:,.0f} chars/s, peak RSS {peak / 2**20:,.0f} MiB")
            print(f"  records: {check_records(work / f'facts-j{jobs}.jsonl')}")
        print(f"speed-up 1 -> 2 workers: {results[1][0] / results[2][0]:.2f}x wall")

        if not args.no_10x:
            ten = work / "corpus-10x"
            files10, chars10, _ = corpus.build(ten, int(args.mb * 10_000_000))
            wall10, peak10 = run_extract(ten, work / "facts-10x.jsonl", 1)
            shutil.rmtree(ten, ignore_errors=True)
            print(f"vnfacts -j 1 on 10x ({files10} files, {chars10:,} characters): {wall10:.2f} s, "
                  f"{chars10 / wall10:,.0f} chars/s, peak RSS {peak10 / 2**20:,.0f} MiB = "
                  f"{peak10 / results[1][1]:.2f}x the 1x run")

        spent, stage_chars = stages.run(distinct)
        print(f"\nwhere one worker's time goes (CPU, the {dfiles} distinct articles, models loaded):")
        print(stages.table(spent, stage_chars))
    finally:
        if args.keep:
            print(f"corpora kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
