"""The batch runner: accounting over good and broken inputs, order, duplicates,
resume, and the Dask engine giving the same records as the local one."""
import json
import os
import shutil
from pathlib import Path

import pytest

from pipeline.ingest import IngestOptions, iter_documents
from pipeline.runner import RunConfig, Seen, run
from pipeline.settings import ExtractSettings
from pipeline.sinks import errors_path_for, truncate_partial_line
from conftest import SENTENCE, article_text, build_mixed_folder, check_accounting, read_jsonl, variant


def run_folder(paths, tmp_path, name="facts.jsonl", **kw):
    out = str(tmp_path / name)
    errors = errors_path_for(out)
    kw.setdefault("jobs", 1)
    kw.setdefault("settings", ExtractSettings(entities="none"))
    summary = run(RunConfig(paths=[str(p) for p in paths], output=out, errors=errors, **kw),
                  stderr=open(os.devnull, "w"))
    return summary, read_jsonl(out), read_jsonl(errors)


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    """The mixed folder, extracted once: (root, expected, summary, records, errors, output dir)."""
    base = tmp_path_factory.mktemp("mixed")
    root = base / "in"
    expected = build_mixed_folder(root)
    summary, records, errors = run_folder([root], base)
    return root, expected, summary, records, errors, base


def test_every_input_document_is_one_record_or_one_error_line(mixed):
    root, expected, summary, records, errors, _ = mixed
    check_accounting(root, expected, records, errors)
    assert summary.documents == expected["documents"]
    assert summary.duplicates == 1


def test_output_keeps_input_order(mixed):
    root, _, _, records, errors, _ = mixed
    order = {raw.key: i for i, raw in enumerate(iter_documents([str(root)]))}
    for lines in (records, errors):
        positions = [order[(x["source"], x["line"])] for x in lines]
        assert positions == sorted(positions)


def test_records_carry_jsonl_and_html_metadata(mixed):
    root, _, _, records, _, _ = mixed
    by_id = {r["doc_id"]: r for r in records}
    assert (by_id["j1"]["title"], by_id["j1"]["published"], by_id["j1"]["line"]) == ("Tin một", "2022-01-05", 1)
    assert by_id["j2"]["published"] == "2023-05-04"
    page = by_id[str(root / "sub" / "page.html")]
    assert page["title"] == "Nâng cao chất lượng đảng viên"


def test_same_file_named_twice_is_a_duplicate(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(article_text(1), encoding="utf-8")
    _, records, errors = run_folder([path, path], tmp_path)
    assert len(records) == 1
    assert [e["error"] for e in errors] == ["duplicate"]


def _cut(path: Path, keep_lines: int, partial: bool) -> None:
    lines = path.read_bytes().splitlines(keepends=True)
    data = b"".join(lines[:keep_lines])
    if partial and len(lines) > keep_lines:
        data += lines[keep_lines][: len(lines[keep_lines]) // 2]      # a kill in mid-write
    path.write_bytes(data)


def test_resume_after_a_cut_gives_the_same_records(mixed, tmp_path):
    root, expected, _, full_records, full_errors, base = mixed
    shutil.copy(base / "facts.jsonl", tmp_path / "cut.jsonl")
    shutil.copy(base / "facts.errors.jsonl", tmp_path / "cut.errors.jsonl")
    _cut(tmp_path / "cut.jsonl", 5, partial=True)
    _cut(tmp_path / "cut.errors.jsonl", 4, partial=True)
    summary, records, errors = run_folder([root], tmp_path, name="cut.jsonl", resume=True)
    check_accounting(root, expected, records, errors)
    assert sorted(map(json.dumps, records)) == sorted(map(json.dumps, full_records))
    assert sorted(map(json.dumps, errors)) == sorted(map(json.dumps, full_errors))
    assert summary.skipped == 5 + 4


def test_resume_of_a_finished_run_adds_nothing(tmp_path):
    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(f"{SENTENCE} Bài {i}.", encoding="utf-8")
    run_folder([tmp_path], tmp_path)      # outputs inside the input folder are not inputs
    summary, records, errors = run_folder([tmp_path], tmp_path, resume=True)
    assert (summary.documents, summary.skipped, len(records), errors) == (0, 3, 3, [])


@pytest.mark.parametrize("content, kept", [
    (b"", b""), (b'{"a": 1}\n', b'{"a": 1}\n'), (b'{"a": 1}\n{"b"', b'{"a": 1}\n'), (b'{"b"', b""),
])
def test_truncate_partial_line(tmp_path, content, kept):
    path = tmp_path / "f.jsonl"
    path.write_bytes(content)
    truncate_partial_line(str(path))
    assert path.read_bytes() == kept


def test_seen_reads_done_inputs_ids_and_texts(tmp_path):
    out, err = tmp_path / "o.jsonl", tmp_path / "o.errors.jsonl"
    out.write_text(json.dumps({"doc_id": "a", "source": "x.jsonl", "line": 2, "text_sha1": "ff" * 20}) + "\n")
    err.write_text(json.dumps({"source": "y.txt", "line": None, "error": "blank", "message": "m"}) + "\n{")
    seen = Seen.read(str(out), str(err))
    assert seen.done == {("x.jsonl", 2): 1, ("y.txt", None): 1}
    assert set(seen.doc_ids) == {"a"} and seen.texts == {Seen.text_key("ff" * 20): "a"}


@pytest.mark.parametrize("output, errors", [
    ("facts.jsonl", "facts.errors.jsonl"), ("out/run.ndjson", "out/run.errors.jsonl"),
    ("facts", "facts.errors.jsonl"), ("-", None),
])
def test_errors_file_sits_beside_the_output(output, errors):
    assert errors_path_for(output) == errors


def _small_corpus(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for i in range(10):
        (root / f"{i:02d}.txt").write_text(variant(i, f"d{i}"), encoding="utf-8")
    (root / "blank.txt").write_text(" \n")
    shutil.copy(root / "03.txt", root / "03-copy.txt")
    with open(root / "lines.jsonl", "w", encoding="utf-8") as f:
        for i in range(4):
            f.write(json.dumps({"id": f"L{i}", "text": variant(i, f"L{i}")}, ensure_ascii=False) + "\n")
        f.write('{"id": "cut", "text": "Đảng\n')
    return root


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """A small corpus extracted in this process: (root, records, errors)."""
    base = tmp_path_factory.mktemp("small")
    root = _small_corpus(base / "in")
    _, records, errors = run_folder([root], base, jobs=1)
    assert len(records) == 10 + 4 and {e["error"] for e in errors} == {"blank", "duplicate", "bad-json"}
    return root, records, errors


@pytest.mark.slow
def test_process_pool_gives_the_records_of_one_process(small, tmp_path):
    root, records, errors = small
    _, pool, pool_errors = run_folder([root], tmp_path, jobs=2)
    assert pool == records and pool_errors == errors


@pytest.mark.slow
def test_dask_engine_gives_the_records_of_the_local_engine(small, tmp_path):
    root, records, errors = small
    _, dask, dask_errors = run_folder([root], tmp_path, jobs=2, engine="dask")
    assert dask == records and dask_errors == errors
