"""``vnfacts extract --with-text``: each record carries the NFC text its offsets
index, for plain text, HTML and JSONL inputs alike, and ``vnfacts load`` stores it."""
import gzip
import io
import json
import sys
import unicodedata

import duckdb

from pipeline import cli

# Written for this test (Nghệ An, Windows line endings, decomposed letters in the JSONL one).
TEXT_CRLF = ("Huyện ủy Quỳnh Lưu tổng kết công tác năm 2023.\r\n"
             "Trong năm, Đảng bộ huyện kết nạp 214 đảng viên mới, đạt 107% kế hoạch.\r\n"
             "Thực hiện Nghị quyết số 05-NQ/TU ngày 12/3/2021 của Ban Thường vụ Tỉnh ủy.\r\n")
HTML = ("<html><head><title>Đảng bộ xã Diễn Châu</title></head><body><article>"
        "<h1>Đảng bộ xã Diễn Châu</h1><p>Năm 2022, Đảng bộ xã kết nạp 31 đảng viên mới &amp; "
        "có 12 chi bộ trực thuộc.</p><p>Thực hiện Chỉ thị số 28-CT/TW ngày 21/01/2019 của Ban Bí thư, "
        "tỷ lệ chi bộ đạt trong sạch vững mạnh là 92,5%.</p></article></body></html>")
JSONL_TEXT = unicodedata.normalize("NFD", "Đảng bộ phường Bến Thủy có 2.150 đảng viên, kết nạp 46 đảng viên mới.")


def extract(monkeypatch, *args) -> int:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(b""))))
    return cli.main(["extract", *map(str, args), "-j", "1", "--entities", "none", "--quiet"])


def test_records_carry_the_text_their_offsets_index(monkeypatch, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_bytes(TEXT_CRLF.encode("utf-8"))
    (src / "b.html").write_text(HTML, encoding="utf-8")
    with gzip.open(src / "c.jsonl.gz", "wt", encoding="utf-8") as f:
        f.write(json.dumps({"id": "ben-thuy", "text": JSONL_TEXT}, ensure_ascii=False) + "\n")
    out = tmp_path / "facts.jsonl"
    assert extract(monkeypatch, src, "-o", out, "--with-text") == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 3
    for record in records:
        text = record["text"]
        assert text == unicodedata.normalize("NFC", text)
        assert "\r" not in text
        assert record["text_chars"] == len(text)
        facts = [f for kind in ("document_refs", "counts", "percentages") for f in record[kind]]
        assert facts, record["doc_id"]
        for fact in facts:
            assert text[fact["start"]:fact["end"]] == fact["text"]
    by_id = {r["doc_id"]: r for r in records}
    assert "kết nạp 214 đảng viên mới" in by_id[str(src / "a.txt")]["text"].split("\n")[1]
    assert "&amp;" not in by_id[str(src / "b.html")]["text"]
    assert by_id["ben-thuy"]["text"] == unicodedata.normalize("NFC", JSONL_TEXT)

    db = tmp_path / "facts.duckdb"
    assert cli.main(["load", str(out), "--db", str(db), "--quiet"]) == 0
    with duckdb.connect(str(db), read_only=True) as con:
        stored = dict(con.execute("SELECT doc_id, text FROM documents").fetchall())
    assert stored == {r["doc_id"]: r["text"] for r in records}


def test_without_the_flag_records_hold_no_text(monkeypatch, tmp_path):
    (tmp_path / "a.txt").write_bytes(TEXT_CRLF.encode("utf-8"))
    out = tmp_path / "facts.jsonl"
    assert extract(monkeypatch, tmp_path / "a.txt", "-o", out) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["text"] is None
