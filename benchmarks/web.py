"""``make bench``, the explorer's section: how long pages take to render on a store
of 10,000 articles built from the bundled corpus.

The five bundled articles are extracted once (with their text), then copied
under 10,000 doc_ids, each copy with its own publication year (2010-2025) and
province, so that facets and charts have real spread. ``vnfacts serve`` runs on
that store, and each page is requested over HTTP 20 times after one warm-up
request: median and worst wall time per page (the HTML only; the charts are
images the browser fetches separately, timed as pages of their own).
This is a benchmark, not a test: it asserts nothing.
"""
from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROVINCES = ["Hà Tĩnh", "Nghệ An", "Quảng Trị", "Đắk Lắk", "An Giang", "Vĩnh Phúc", "Thái Nguyên", "Kon Tum",
             "Cà Mau", "Lào Cai", "Bình Định", "Hải Dương"]
REQUESTS = 20
TARGET_MS = 300


def extract_corpus(folder: Path) -> list[dict]:
    out = folder / "corpus.jsonl"
    subprocess.run([sys.executable, "-m", "pipeline", "extract", "corpus/articles", "-o", str(out), "--with-text",
                    "-j", "1", "--quiet"], cwd=ROOT, check=True)
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def copies(records: list[dict], n: int):
    for i in range(n):
        rec = dict(records[i % len(records)])
        rec["doc_id"] = f"bench/{i:05d}/{rec['doc_id']}"
        year = 2010 + (i * 7) % 16
        rec["published"] = f"{year}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        rec["place"] = {"province": PROVINCES[i % len(PROVINCES)]}
        yield rec


def build_store(folder: Path, articles: int) -> tuple[Path, str]:
    records = extract_corpus(folder)
    jsonl = folder / "bench.jsonl"
    with jsonl.open("w", encoding="utf-8") as f:
        for rec in copies(records, articles):
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    db = folder / "facts.duckdb"
    subprocess.run([sys.executable, "-m", "pipeline", "load", str(jsonl), "--db", str(db), "--quiet"],
                   cwd=ROOT, check=True)
    with_counts = next(r for r in copies(records, len(records)) if r["counts"] and r["document_refs"])
    return db, with_counts["doc_id"]


def time_page(base: str, path: str) -> tuple[float, list[float]]:
    def fetch() -> float:
        start = time.perf_counter()
        with urllib.request.urlopen(base + path, timeout=60) as response:
            response.read()
            assert response.status == 200, path
        return (time.perf_counter() - start) * 1000

    # The first request of a page pays for template compilation, DuckDB's caches, and on / the
    # overview, which the server computes once (the store cannot change while it is open).
    first = fetch()
    return first, [fetch() for _ in range(REQUESTS)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="vnfacts-web-bench-") as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        db, doc_id = build_store(folder, args.articles)
        print(f"explorer: store of {args.articles:,} articles built from corpus/articles in "
              f"{time.perf_counter() - started:.1f} s", flush=True)
        server = subprocess.Popen([sys.executable, "-m", "pipeline", "serve", "--db", str(db), "--port", "0"],
                                  cwd=ROOT, stdout=subprocess.PIPE, text=True)
        try:
            base = re.search(r"http://\S+/", server.stdout.readline()).group(0).rstrip("/")
            pages = [("/", "/"), ("/facts/counts with a facet", "/facts/counts?event=admitted"),
                     ("/facts/counts, two facets and a search", "/facts/counts?province=Ngh%E1%BB%87%20An&year=2016&q=dang%20vien"),
                     ("/articles/{id}", "/articles/" + urllib.request.quote(doc_id, safe="")),
                     ("/documents/09-NQ%2FTU", "/documents/09-NQ%2FTU"),
                     ("chart: members admitted per year (SVG)", "/charts/admitted_per_year.svg")]
            print(f"page render time over HTTP, {REQUESTS} requests after a first one (target {TARGET_MS} ms):",
                  flush=True)
            for label, path in pages:
                first, times = time_page(base, path)
                print(f"  {label:42s} median {statistics.median(times):7.1f} ms   worst {max(times):7.1f} ms"
                      f"   (first {first:7.1f} ms)", flush=True)
        finally:
            server.terminate()
            server.wait(timeout=20)


if __name__ == "__main__":
    main()
