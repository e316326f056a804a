"""Speed work must change no record: the records of the seeds, the development
set and the bench corpus are compared with those kept in tests/data/expected
(made by ``benchmarks/expected.py --write``; regenerate them on main, with that
one command, when a branch changes records on purpose).

Here: every seed record in full, every dev record and the bench corpus's first
two copies of the set (the articles as they are, and the copy with its added
line) by digest. ``make bench`` checks every record of the whole 3 MB bench
corpus against the same digests.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import corpus  # noqa: E402
import expected  # noqa: E402

REGENERATE = "records changed: if on purpose, regenerate with `.venv/bin/python benchmarks/expected.py --write`"


@pytest.fixture(scope="module")
def digests() -> dict:
    return json.loads((expected.EXPECTED / "digests.json").read_text(encoding="utf-8"))


def differing(found: dict[str, dict], wanted: dict[str, str]) -> list[str]:
    names = set(found) | set(wanted)
    return sorted(n for n in names if n not in found or expected.digest(found[n]) != wanted.get(n))


def test_seed_records_are_the_expected_ones():
    kept = {}
    for line in (expected.EXPECTED / "seeds.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        kept[record.pop("file")] = record
    found = expected.records(expected.SETS["seeds"], jobs=1)
    assert sorted(found) == sorted(kept)
    for name, record in kept.items():
        assert found[name] == record, f"{name}: {REGENERATE}"


def test_dev_records_are_the_expected_ones(digests):
    found = expected.records(expected.SETS["dev"], jobs=1)
    assert differing(found, digests["dev"]) == [], REGENERATE


def test_bench_corpus_records_are_the_expected_ones(digests, tmp_path):
    corpus.build(tmp_path, expected.BENCH_CHARS, max_copies=2)
    found = expected.records(tmp_path, jobs=2)
    assert len(found) == 2 * len(corpus.originals())
    wanted = {name: digests["bench"][name] for name in found}
    assert differing(found, wanted) == [], REGENERATE
