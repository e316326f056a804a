"""The batch runner: accounting over good and broken inputs, order, duplicates,
resume, and the Dask engine giving the same records as the local one."""
import gzip
import json
import os
import shutil
import unicodedata
from pathlib import Path

import pytest

from pipeline.ingest import IngestOptions, iter_documents
from pipeline.runner import RunConfig, Seen, run
from pipeline.sinks import errors_path_for, truncate_partial_line
from test_ingest import SENTENCE, article_text, html_page, sha1, to_cp1258, to_tcvn3, to_vni


def read_jsonl(path):
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def variant(i: int, tag: str) -> str:
    """The head of a corpus article (short: tests stay fast), made unique so it is no one's duplicate."""
    head = article_text(i)[:1500]
    return head[: head.rfind("\n")] + f"\nBài viết số {tag} của chuyên mục xây dựng Đảng.\n"


def build_mixed_folder(root: Path) -> dict:
    """Every kind of input, good and broken. Returns what the run must report:
    the number of input documents, and the expected error reason per (name, line)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "sub").mkdir()
    expect_errors = {}
    expect_text = {}                                      # name → the NFC text its record must hold

    def put(name, data, text=None, error=None):
        (root / name).write_bytes(data)
        if error:
            expect_errors[(name, None)] = error
        if text is not None:
            expect_text[name] = text

    good = variant(1, "txt")
    put("good.txt", good.encode(), text=good)
    put("sub/page.html", html_page(variant(0, "html")).encode())
    page = html_page(variant(2, "cut"))
    put("sub/truncated.html", page[: len(page) // 2].encode())
    put("utf8-bom.txt", b"\xef\xbb\xbf" + variant(3, "bom").encode(), text=variant(3, "bom"))
    put("utf16.txt", variant(4, "utf16").encode("utf-16"), text=variant(4, "utf16"))
    put("windows-1258.txt", to_cp1258(variant(0, "cp1258")), text=variant(0, "cp1258"))
    put("nfd.txt", unicodedata.normalize("NFD", variant(2, "nfd")).encode(), text=variant(2, "nfd"))
    put("tcvn3.txt", to_tcvn3(variant(3, "tcvn3")), error="legacy-encoding: TCVN3")
    put("vni.txt", to_vni(variant(4, "vni")), error="legacy-encoding: VNI")
    put("invalid-utf8.txt", SENTENCE.encode()[:25] + b"\xff\xfe\xc3\x28" + SENTENCE.encode() * 5, error="invalid-utf8")
    put("binary.txt", bytes(range(256)) * 64, error="binary")
    put("empty.txt", b"", error="empty")
    put("blank.txt", b"  \n\t \r\n", error="blank")
    put("sub/duplicate.txt", good.encode(), error="duplicate")       # same text as good.txt
    put("fake.jsonl.gz", b'{"id": "z", "text": "not gzip at all"}\n', error="bad-gzip")
    with open(root / "huge.txt", "wb") as f:                           # tens of MB (sparse)
        f.truncate(24 * 1024 * 1024)
    expect_errors[("huge.txt", None)] = "too-large"

    lines = [
        json.dumps({"id": "j1", "title": "Tin một", "published": "2022-01-05", "text": variant(0, "j1")}, ensure_ascii=False),
        json.dumps({"id": "j2", "html": html_page(variant(1, "j2"))}, ensure_ascii=False),
        '{"id": "j3", "text": "Đảng bộ hiện có 38 tổ chức',           # truncated line
        json.dumps({"id": "j4", "title": "không có nội dung"}, ensure_ascii=False),
        "",                                                            # blank line: not a document
        json.dumps({"id": "j1", "text": variant(2, "j1-again")}, ensure_ascii=False),  # line 1's id, other text
        json.dumps({"id": "j7", "text": variant(3, "j7")}, ensure_ascii=False),
    ]
    (root / "docs.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    expect_errors.update({("docs.jsonl", 3): "bad-json", ("docs.jsonl", 4): "no-text", ("docs.jsonl", 6): "id-conflict"})
    with gzip.open(root / "sub" / "more.jsonl.gz", "wt", encoding="utf-8") as f:
        for i in range(3):
            f.write(json.dumps({"id": f"g{i}", "text": variant(i, f"g{i}")}, ensure_ascii=False) + "\n")
    (root / "notes.csv").write_text("not,an,input\n")                 # other extension: not an input

    documents = 16 + 6 + 3                                # files, docs.jsonl lines, more.jsonl.gz lines
    return {"documents": documents, "errors": expect_errors, "texts": expect_text}


def check_accounting(root: Path, expected: dict, records: list, errors: list) -> None:
    assert len(records) + len(errors) == expected["documents"]
    ids = [r["doc_id"] for r in records]
    assert len(ids) == len(set(ids)), "a doc_id twice"
    for e in errors:
        assert e["source"] and Path(e["source"]).exists(), e
        assert e["error"] and e["message"]
    got = {(Path(e["source"]).relative_to(root).as_posix(), e["line"]): e["error"] for e in errors}
    assert got == expected["errors"]
    by_source = {Path(r["source"]).relative_to(root).as_posix(): r for r in records if r["line"] is None}
    for name, text in expected["texts"].items():
        assert by_source[name]["text_sha1"] == sha1(text), name
    dup = next(e for e in errors if e["source"].endswith("duplicate.txt"))
    assert dup["duplicate_of"] == str(root / "good.txt")
    conflict = next(e for e in errors if e["line"] == 6)
    assert (conflict["doc_id"], conflict["duplicate_of"]) == ("j1", None)
    docs = str(root / "docs.jsonl")
    assert f"{docs}:1" in conflict["message"] and f"{docs}:6" in conflict["message"]


def run_folder(paths, tmp_path, name="facts.jsonl", **kw):
    out = str(tmp_path / name)
    errors = errors_path_for(out)
    kw.setdefault("jobs", 1)
    kw.setdefault("entities", "none")
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
