"""Identities that do not collide, and a run that says what happened: doc_ids from
stdin, id conflicts between sources, --id-prefix, paths spelled several ways,
gzipped stdin, exit statuses and the files skipped for their extension."""
import gzip
import json

import pytest

from pipeline.runner import Summary
from conftest import SENTENCE, extract_here, read_jsonl, sha1

HA_TINH = "Đảng bộ huyện Thạch Hà hiện có 56 tổ chức cơ sở đảng với 5.920 đảng viên."
NGHE_AN = "Năm 2024, Đảng bộ thị xã Thái Hòa kết nạp 212 đảng viên mới, đạt 106% kế hoạch."


def jsonl(*objs) -> str:
    return "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objs)


def write(path, text: str):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- stdin

def test_stdin_documents_are_named_by_their_text(monkeypatch, tmp_path):
    ids = []
    for i, text in enumerate([HA_TINH, NGHE_AN, HA_TINH]):
        assert extract_here(monkeypatch, "-", "-o", tmp_path / f"{i}.jsonl", stdin=text.encode()) == 0
        ids.append(read_jsonl(tmp_path / f"{i}.jsonl")[0]["doc_id"])
    assert ids[0] == ids[2] != ids[1]
    assert all(i.startswith("sha1:") for i in ids)


def test_stdin_jsonl_lines_without_an_id_are_named_by_their_text(monkeypatch, tmp_path):
    lines = jsonl({"text": HA_TINH}, {"text": NGHE_AN}, {"id": "nghe-an-7", "text": SENTENCE})
    assert extract_here(monkeypatch, "-", "-o", tmp_path / "a.jsonl", stdin=lines.encode()) == 0
    records = read_jsonl(tmp_path / "a.jsonl")
    assert [r["line"] for r in records] == [1, 2, 3]
    assert records[0]["doc_id"].startswith("sha1:") and records[1]["doc_id"].startswith("sha1:")
    assert records[0]["doc_id"] != records[1]["doc_id"] and records[2]["doc_id"] == "nghe-an-7"


@pytest.mark.parametrize("stdin, source_line", [
    (jsonl({"id": "g1", "text": HA_TINH}, {"id": "g2", "text": NGHE_AN}), [1, 2]),
    (HA_TINH + "\n", [None]),
], ids=["jsonl", "text"])
def test_gzipped_stdin_is_decompressed(monkeypatch, tmp_path, stdin, source_line):
    out = tmp_path / "gz.jsonl"
    assert extract_here(monkeypatch, "-", "-o", out, stdin=gzip.compress(stdin.encode())) == 0
    records = read_jsonl(out)
    assert [r["line"] for r in records] == source_line
    assert records[0]["text_sha1"] == sha1(HA_TINH)
    assert read_jsonl(tmp_path / "gz.errors.jsonl") == []


def test_cut_gzipped_stdin_is_an_error_line(monkeypatch, tmp_path):
    data = gzip.compress((HA_TINH * 40).encode())
    out = tmp_path / "cut.jsonl"
    extract_here(monkeypatch, "-", "-o", out, stdin=data[: len(data) // 2])
    (error,) = read_jsonl(tmp_path / "cut.errors.jsonl")
    assert (error["source"], error["error"]) == ("-", "truncated-gzip")


# --------------------------------------------------------------------------- ids across sources

def test_same_id_with_another_text_in_two_sources_is_an_id_conflict(monkeypatch, tmp_path):
    a = write(tmp_path / "bao-ha-tinh.jsonl", jsonl({"id": "1024", "text": HA_TINH}))
    b = write(tmp_path / "bao-nghe-an.jsonl", jsonl({"id": "9", "text": SENTENCE}, {"id": "1024", "text": NGHE_AN}))
    c = write(tmp_path / "ban-sao.jsonl", jsonl({"id": "1024", "text": HA_TINH}))
    extract_here(monkeypatch, a, b, c, "-o", tmp_path / "f.jsonl")
    assert [r["doc_id"] for r in read_jsonl(tmp_path / "f.jsonl")] == ["1024", "9"]
    conflict, duplicate = read_jsonl(tmp_path / "f.errors.jsonl")
    assert (conflict["error"], conflict["doc_id"], conflict["source"], conflict["line"]) == \
           ("id-conflict", "1024", str(b), 2)
    assert f"{a}:1" in conflict["message"] and f"{b}:2" in conflict["message"]
    # The same id with the same text is a copy, not a conflict.
    assert (duplicate["error"], duplicate["duplicate_of"], duplicate["source"]) == ("duplicate", "1024", str(c))


def test_id_prefix_keeps_the_sources_apart(monkeypatch, tmp_path):
    a = write(tmp_path / "bao-ha-tinh.jsonl", jsonl({"id": "1024", "text": HA_TINH}))
    b = write(tmp_path / "bao-nghe-an.jsonl", jsonl({"id": "1024", "text": NGHE_AN}))
    assert extract_here(monkeypatch, a, b, "-o", tmp_path / "f.jsonl",
                        "--id-prefix", f"{a}=hatinh", "--id-prefix", f"{b}=nghean") == 0
    assert [r["doc_id"] for r in read_jsonl(tmp_path / "f.jsonl")] == ["hatinh:1024", "nghean:1024"]
    assert read_jsonl(tmp_path / "f.errors.jsonl") == []


def test_the_same_folder_spelled_three_ways_gives_the_same_doc_ids(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "kho" / "bai" / "01.txt", HA_TINH)
    write(tmp_path / "kho" / "bai" / "02.txt", NGHE_AN)
    runs = {}
    for name, spelling in [("plain", "kho/bai"), ("dotted", "./kho/bai/"), ("absolute", str(tmp_path / "kho/bai"))]:
        assert extract_here(monkeypatch, spelling, "-o", f"{name}.jsonl") == 0
        runs[name] = [(r["doc_id"], r["source"]) for r in read_jsonl(tmp_path / f"{name}.jsonl")]
    assert runs["plain"] == runs["dotted"] == runs["absolute"] == \
           [("kho/bai/01.txt", "kho/bai/01.txt"), ("kho/bai/02.txt", "kho/bai/02.txt")]


def test_resume_recognises_a_folder_spelled_another_way(monkeypatch, tmp_path, capfd):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "kho" / "01.txt", HA_TINH)
    assert extract_here(monkeypatch, "./kho/", "-o", "f.jsonl") == 0
    write(tmp_path / "kho" / "02.txt", NGHE_AN)
    capfd.readouterr()
    assert extract_here(monkeypatch, str(tmp_path / "kho"), "-o", "f.jsonl", "--resume") == 0
    assert [r["doc_id"] for r in read_jsonl(tmp_path / "f.jsonl")] == ["kho/01.txt", "kho/02.txt"]
    assert read_jsonl(tmp_path / "f.errors.jsonl") == []


# --------------------------------------------------------------------------- exit status

def test_a_missing_input_path_exits_1_after_the_rest_is_extracted(monkeypatch, tmp_path, capfd):
    good = write(tmp_path / "a.txt", HA_TINH)
    missing = tmp_path / "khong-co.txt"
    assert extract_here(monkeypatch, good, missing, "-o", tmp_path / "f.jsonl") == 1
    assert len(read_jsonl(tmp_path / "f.jsonl")) == 1
    (error,) = read_jsonl(tmp_path / "f.errors.jsonl")
    assert (error["source"], error["error"]) == (str(missing), "not-found")
    assert "1 input path does not exist" in capfd.readouterr().err


def test_a_run_without_any_record_exits_1(monkeypatch, tmp_path, capfd):
    write(tmp_path / "in" / "trong.txt", " \n\t\n")
    write(tmp_path / "in" / "hong.jsonl", '{"id": "x1", "text": "Đảng bộ xã\n')
    assert extract_here(monkeypatch, tmp_path / "in", "-o", tmp_path / "f.jsonl") == 1
    assert len(read_jsonl(tmp_path / "f.errors.jsonl")) == 2
    assert "no record" in capfd.readouterr().err


def test_strict_exits_1_when_a_document_ended_as_an_error(monkeypatch, tmp_path):
    write(tmp_path / "in" / "a.txt", HA_TINH)
    write(tmp_path / "in" / "b.txt", "   ")
    assert extract_here(monkeypatch, tmp_path / "in", "-o", tmp_path / "f.jsonl") == 0
    assert extract_here(monkeypatch, tmp_path / "in", "-o", tmp_path / "g.jsonl", "--strict") == 1


def test_strict_does_not_count_duplicates_as_errors(monkeypatch, tmp_path):
    write(tmp_path / "in" / "a.txt", HA_TINH)
    write(tmp_path / "in" / "a-copy.txt", HA_TINH)
    assert extract_here(monkeypatch, tmp_path / "in", "-o", tmp_path / "f.jsonl", "--strict") == 0
    assert [e["error"] for e in read_jsonl(tmp_path / "f.errors.jsonl")] == ["duplicate"]


def test_quiet_stderr_names_the_files_skipped_for_their_extension(monkeypatch, tmp_path, capfd):
    write(tmp_path / "in" / "a.txt", HA_TINH)
    for name in ("bang-so-lieu.csv", "danh-sach.csv", "bao-cao.pdf", "ghi-chu"):
        write(tmp_path / "in" / "phu-luc" / name, "x")
    assert extract_here(monkeypatch, tmp_path / "in", "-o", tmp_path / "f.jsonl", "--quiet") == 0
    err = capfd.readouterr().err
    assert "skipped 4 files" in err and ".csv 2" in err and ".pdf 1" in err and "(no extension) 1" in err


def test_summary_names_the_files_skipped_for_their_extension():
    summary = Summary(documents=1, records=1)
    summary.skipped_extensions.update({".docx": 3, ".csv": 1})
    text = summary.format("f.jsonl", "f.errors.jsonl")
    assert "skipped 4 files" in text and ".docx 3, .csv 1" in text


def test_a_folder_without_any_input_document_exits_1(monkeypatch, tmp_path, capfd):
    write(tmp_path / "in" / "bang-so-lieu.csv", "xa,chi_bo\nThạch Kim,12\n")
    assert extract_here(monkeypatch, tmp_path / "in", "-o", tmp_path / "f.jsonl") == 1
    err = capfd.readouterr().err
    assert "no input document" in err and ".csv 1" in err
