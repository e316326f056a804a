"""The records vnfacts gives on the seeds, the development set and the bench
corpus, kept as test data so that a speed change can be checked to change no
record (tests/test_same_records.py compares).

    .venv/bin/python benchmarks/expected.py --write    # (or: make expected-records)

regenerates tests/data/expected/ with the code checked out: run it on main
when another branch has changed records on purpose, and commit the result.
Stored: the full records of the seeds (seeds.jsonl) and, for every document
of the three sets, a SHA-1 of its record (digests.json). ``source`` and
``doc_id`` are left out of both (they name the folder the run read) and the
file name stands for them.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = ROOT / "tests" / "data" / "expected"
BENCH_CHARS = 3_000_000  # the size make bench uses
SETS = {"seeds": ROOT / "corpus" / "articles", "dev": ROOT / "corpus" / "dev" / "raw"}


def records(directory: Path, jobs: int) -> dict[str, dict]:
    """Each document of directory → its record (or error line), by file name,
    through ``vnfacts extract``'s own runner."""
    from pipeline.runner import RunConfig, run

    with tempfile.TemporaryDirectory(prefix="vnfacts-expected-") as tmp:
        out, err = Path(tmp) / "facts.jsonl", Path(tmp) / "facts.errors.jsonl"
        run(RunConfig(paths=[str(directory)], output=str(out), errors=str(err), jobs=jobs))
        lines = run_output(out)
    return keyed(lines)


def keyed(lines) -> dict[str, dict]:
    """JSON lines of records and error lines → file name → the line without the
    fields that name the folder read."""
    found = {}
    for line in lines:
        obj = json.loads(line)
        name = Path(obj.pop("source")).name
        obj.pop("doc_id", None)
        obj.pop("duplicate_of", None)
        found[name] = obj
    return found


def run_output(out: Path) -> list[str]:
    """The lines of a run's output and errors files."""
    return [line for path in (out, out.with_suffix(".errors.jsonl")) if path.exists()
            for line in path.read_text(encoding="utf-8").splitlines()]


def digest(record: dict) -> str:
    return hashlib.sha1(json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


def current(jobs: int = 2) -> tuple[dict[str, dict[str, str]], dict[str, dict]]:
    """(set → file name → digest, the seeds' records) from the code checked out."""
    sets = {name: records(path, jobs) for name, path in SETS.items()}
    with tempfile.TemporaryDirectory(prefix="vnfacts-expected-bench-") as tmp:
        corpus.build(Path(tmp), BENCH_CHARS)
        sets["bench"] = records(Path(tmp), jobs)
    digests = {name: {k: digest(v) for k, v in sorted(recs.items())} for name, recs in sets.items()}
    return digests, sets["seeds"]


def write(directory: Path = EXPECTED) -> None:
    digests, seeds = current()
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "digests.json").write_text(json.dumps(digests, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    with open(directory / "seeds.jsonl", "w", encoding="utf-8") as f:
        for name, record in sorted(seeds.items()):
            f.write(json.dumps({"file": name, **record}, ensure_ascii=False, sort_keys=True) + "\n")
    print(f"wrote {directory}: " + ", ".join(f"{k} {len(v)}" for k, v in digests.items()))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true", help="regenerate tests/data/expected/ from the code checked out")
    args = ap.parse_args()
    if not args.write:
        ap.error("nothing to do: --write regenerates the expected records")
    write()


if __name__ == "__main__":
    main()
