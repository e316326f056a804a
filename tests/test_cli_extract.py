"""``vnfacts extract`` as a user runs it: a subprocess on a mixed folder, stdin,
field options, and a run killed with SIGKILL then continued with --resume."""
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, SENTENCE, build_mixed_folder, check_accounting, extract_here, read_jsonl, variant



def vnfacts(*args, stdin=None, **kw):
    return subprocess.run([sys.executable, "-m", "pipeline", "extract", *map(str, args)], cwd=ROOT,
                          input=stdin, capture_output=True, timeout=300, **kw)


@pytest.mark.slow
def test_mixed_folder_with_two_processes(tmp_path):
    root = tmp_path / "in"
    expected = build_mixed_folder(root)
    out = tmp_path / "facts.jsonl"
    done = vnfacts(root, "-o", out, "-j", "2", "--quiet", "--entities", "none")
    assert done.returncode == 0, done.stderr.decode()
    records, errors = read_jsonl(out), read_jsonl(tmp_path / "facts.errors.jsonl")
    check_accounting(root, expected, records, errors)
    # Not a terminal: stderr holds the error lines, one per error, then the files skipped for their extension.
    *lines, skipped = done.stderr.decode().splitlines()
    assert skipped == "vnfacts extract: skipped 1 file in folders for their extension (not an input kind): .csv 1"
    assert len(lines) == len(errors)
    for line, error in zip(lines, errors):
        where = error["source"] if error["line"] is None else f"{error['source']}:{error['line']}"
        assert line.startswith(f"vnfacts: {where}: {error['error']}: ")


def test_stdin_jsonl_to_stdout(monkeypatch, capfdbinary):
    lines = "".join(json.dumps({"id": f"s{i}", "text": f"{SENTENCE} Tin {i}."}, ensure_ascii=False) + "\n"
                    for i in range(2)) + '{"id": "broken"\n'
    assert extract_here(monkeypatch, "-", "-o", "-", stdin=lines.encode()) == 0
    out, err = capfdbinary.readouterr()
    records = [json.loads(x) for x in out.decode().splitlines()]
    assert [(r["doc_id"], r["source"], r["line"]) for r in records] == [("s0", "-", 1), ("s1", "-", 2)]
    assert err.decode().startswith("vnfacts: -:3: bad-json: ")


def test_stdin_plain_text(monkeypatch, tmp_path):
    assert extract_here(monkeypatch, "-", "-o", tmp_path / "a.jsonl", stdin=SENTENCE.encode()) == 0
    (record,) = read_jsonl(tmp_path / "a.jsonl")
    assert record["source"] == "-" and record["text_chars"] == len(SENTENCE)


def test_jsonl_field_options(monkeypatch, tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"meta": {"key": "k1"}, "body": SENTENCE, "headline": "Tin"},
                               ensure_ascii=False) + "\n", encoding="utf-8")
    assert extract_here(monkeypatch, path, "-o", tmp_path / "b.jsonl", "--text-field", "body",
                        "--id-field", "meta.key", "--title-field", "headline",
                        "--errors", tmp_path / "err.jsonl") == 0
    (record,) = read_jsonl(tmp_path / "b.jsonl")
    assert (record["doc_id"], record["title"], record["line"]) == ("k1", "Tin", 1)
    assert read_jsonl(tmp_path / "err.jsonl") == []


def test_resume_needs_an_output_file():
    done = vnfacts("corpus/articles", "-o", "-", "--resume")
    assert done.returncode == 2 and b"--resume" in done.stderr


def _kill_corpus(root: Path) -> int:
    """Enough short articles to take several seconds; a JSONL file, a blank file and
    a duplicate among them. Returns the number of input documents."""
    root.mkdir(parents=True)
    n = 120
    for i in range(n):
        (root / f"{i:03d}.txt").write_text(variant(i, f"k{i}"), encoding="utf-8")
    (root / "050-copy.txt").write_text(variant(50, "k50"), encoding="utf-8")   # a duplicate
    (root / "blank.txt").write_text("\n \n")
    with open(root / "zz.jsonl", "w", encoding="utf-8") as f:
        for i in range(10):
            f.write(json.dumps({"id": f"z{i}", "text": variant(i, f"z{i}")}, ensure_ascii=False) + "\n")
    return n + 2 + 10


def _count_lines(path: Path) -> int:
    try:
        return path.read_bytes().count(b"\n")
    except FileNotFoundError:
        return 0


def _start(root: Path, out: Path, *extra) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "pipeline", "extract", str(root), "-o", str(out), "-j", "2",
                             "--quiet", *extra], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)


def _reap(proc: subprocess.Popen) -> None:
    """Kill what is left of a run's process group (its workers) at the end of a test."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait(timeout=30)


@pytest.mark.slow
def test_killed_run_resumes_to_the_records_of_an_uninterrupted_run(tmp_path):
    root = tmp_path / "in"
    documents = _kill_corpus(root)
    killed_out, full_out = tmp_path / "killed.jsonl", tmp_path / "full.jsonl"

    run = _start(root, killed_out)
    try:
        deadline = time.monotonic() + 120
        while _count_lines(killed_out) < 12 and run.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert run.poll() is None, "the run ended before it could be killed: make the corpus bigger"
        os.kill(run.pid, signal.SIGKILL)           # the main process only, as `kill -9 PID`
        run.wait(timeout=30)
    finally:
        _reap(run)
    written = _count_lines(killed_out)
    assert 12 <= written < documents

    resumed = _start(root, killed_out, "--resume")
    full = _start(root, full_out)
    try:
        assert resumed.wait(timeout=240) == 0 and full.wait(timeout=240) == 0
    finally:
        _reap(resumed)
        _reap(full)

    records, errors = read_jsonl(killed_out), read_jsonl(tmp_path / "killed.errors.jsonl")
    full_records, full_errors = read_jsonl(full_out), read_jsonl(tmp_path / "full.errors.jsonl")
    assert len(records) + len(errors) == documents
    ids = [r["doc_id"] for r in records]
    assert len(ids) == len(set(ids))
    assert {r["doc_id"]: r for r in records} == {r["doc_id"]: r for r in full_records}
    assert sorted(map(json.dumps, errors)) == sorted(map(json.dumps, full_errors))
    assert {e["error"] for e in errors} == {"blank", "duplicate"}
