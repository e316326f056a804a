"""Reading inputs: encodings, file kinds, JSONL fields, and inputs that are not text.

The helpers that write Vietnamese text in the legacy encodings (TCVN3, VNI,
Windows-1258) and build a folder of mixed inputs are in conftest.py.
"""
import gzip
import json
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from pipeline import encodings, ingest
from pipeline.ingest import IngestError, IngestOptions, RawDocument, iter_documents, to_article
from conftest import SENTENCE, article_text, html_page, to_cp1258, to_tcvn3, to_vni

def _article(raw: RawDocument, **options):
    return to_article(raw, IngestOptions(**options))


def _from_bytes(tmp_path, name: str, data: bytes, **options):
    path = tmp_path / name
    path.write_bytes(data)
    kind, gz = ingest.kind_of(name)
    return _article(RawDocument(source=str(path), kind=kind or "auto", path=str(path), gz=gz), **options)


# --------------------------------------------------------------------------- encodings

@pytest.mark.parametrize("name, encode", [
    ("utf8", lambda t: t.encode("utf-8")),
    ("utf8-bom", lambda t: b"\xef\xbb\xbf" + t.encode("utf-8")),
    ("utf16-le-bom", lambda t: t.encode("utf-16")),
    ("utf16-be-bom", lambda t: b"\xfe\xff" + t.encode("utf-16-be")),
    ("utf16-no-bom", lambda t: t.encode("utf-16-le")),
    ("nfd", lambda t: unicodedata.normalize("NFD", t).encode("utf-8")),
    ("windows-1258", to_cp1258),
    ("windows-1258-crlf", lambda t: to_cp1258(t.replace("\n", "\r\n"))),
])
def test_encodings_decode_to_the_same_nfc_text(tmp_path, name, encode):
    text = article_text(1)
    article = _from_bytes(tmp_path, f"{name}.txt", encode(text))
    assert article.text == unicodedata.normalize("NFC", text)
    assert SENTENCE in article.text


@pytest.mark.parametrize("encode, name", [(to_tcvn3, "TCVN3"), (to_vni, "VNI")])
def test_legacy_font_bytes_are_reported_not_extracted(tmp_path, encode, name):
    with pytest.raises(IngestError) as e:
        _from_bytes(tmp_path, "legacy.txt", encode(article_text(0)))
    assert e.value.reason == f"legacy-encoding: {name}"


@pytest.mark.parametrize("encode, name", [(to_tcvn3, "TCVN3"), (to_vni, "VNI")])
def test_legacy_font_text_inside_unicode_is_reported(tmp_path, encode, name):
    # Text copied from a legacy-font page arrives as Latin-1 code points: "§¶ng bé".
    line = json.dumps({"id": "x", "text": encode(article_text(2)).decode("latin-1")}, ensure_ascii=False)
    with pytest.raises(IngestError) as e:
        _article(RawDocument(source="a.jsonl", line=1, kind="json", data=line.encode()))
    assert e.value.reason == f"legacy-encoding: {name}"


@pytest.mark.parametrize("text", [
    SENTENCE,
    "Muñoz và Jørgensen dự hội nghị tại Hà Nội; Đảng bộ tỉnh kết nạp 509 đảng viên mới.",
    "© 2023 Báo Nhân Dân. Tỷ lệ đạt 95,5%.",
])
def test_unicode_vietnamese_is_not_mistaken_for_a_legacy_encoding(text):
    assert encodings.legacy_encoding(text * 3) is None


def test_tcvn3_sample_reads_as_the_known_latin1_form():
    # The TCVN3 helper agrees with text seen in the wild: "Đảng bộ" shows as "§¶ng bé".
    assert to_tcvn3("Đảng bộ tỉnh Hà Nội").decode("latin-1") == "§¶ng bé tØnh Hµ Néi"
    assert to_vni("Đảng bộ Việt Nam").decode("latin-1") == "Ñaûng boä Vieät Nam"


@pytest.mark.parametrize("data, reason", [
    (b"", "empty"),
    (b"   \n\t\r\n  ", "blank"),
    (SENTENCE.encode()[:20] + b"\xff\xfe\xc3\x28" + SENTENCE.encode() * 3, "invalid-utf8"),
    (b"caf\xe9 na\xefve r\xe9sum\xe9 \xe0 la fa\xe7on fran\xe7aise", "invalid-utf8"),
    (bytes(range(256)) * 8, "binary"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
])
def test_inputs_that_are_not_text(tmp_path, data, reason):
    with pytest.raises(IngestError) as e:
        _from_bytes(tmp_path, "doc.txt", data)
    assert e.value.reason == reason
    assert e.value.message


def test_utf8_cut_inside_its_last_character_keeps_the_text(tmp_path):
    data = SENTENCE.encode() + "Việt".encode()[:-1]
    assert _from_bytes(tmp_path, "cut.txt", data).text.startswith(SENTENCE)


def test_document_over_max_chars_is_refused(tmp_path):
    with pytest.raises(IngestError) as e:
        _from_bytes(tmp_path, "long.txt", (SENTENCE + "\n").encode() * 100, max_chars=1000)
    assert e.value.reason == "too-large"


def test_file_far_over_the_limit_is_refused_unread(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as f:
        f.truncate(30 * 1024 * 1024)  # sparse: 30 MB that cost nothing to write
    with pytest.raises(IngestError) as e:
        _article(RawDocument(source=str(path), kind="text", path=str(path)))
    assert e.value.reason == "too-large"


# --------------------------------------------------------------------------- HTML

def test_html_main_text_title_and_date(tmp_path):
    body = article_text(1)
    article = _from_bytes(tmp_path, "page.html", html_page(body).encode())
    assert SENTENCE in article.text
    assert "Trang chủ" not in article.text and "Bản quyền" not in article.text
    assert article.title == "Nâng cao chất lượng đảng viên"
    assert article.published == "2023-05-04"


def test_html_declared_windows_1258(tmp_path):
    page = html_page(SENTENCE).replace('charset="utf-8"', 'charset="windows-1258"')
    article = _from_bytes(tmp_path, "old.htm", to_cp1258(page))
    assert SENTENCE in article.text


def test_truncated_html_still_gives_its_text(tmp_path):
    page = html_page(article_text(1))
    article = _from_bytes(tmp_path, "cut.html", page[: len(page) // 2].encode())
    assert SENTENCE in article.text


def test_html_named_without_extension_is_sniffed(tmp_path):
    article = _from_bytes(tmp_path, "page", html_page(SENTENCE * 5).encode())
    assert SENTENCE in article.text and "<p>" not in article.text


# --------------------------------------------------------------------------- JSONL

def _json_line(obj, line=1, **options):
    data = obj if isinstance(obj, bytes) else json.dumps(obj, ensure_ascii=False).encode()
    return _article(RawDocument(source="in.jsonl", line=line, kind="json", data=data), **options)


def test_jsonl_fields():
    article = _json_line({"id": 17, "url": "https://example.vn/a", "title": "Tin bài",
                          "published": "2021-03-02T10:00:00+07:00", "text": SENTENCE})
    assert (article.doc_id, article.url, article.title, article.published) == \
           ("17", "https://example.vn/a", "Tin bài", "2021-03-02")
    assert (article.source, article.line, article.text) == ("in.jsonl", 1, SENTENCE)


def test_jsonl_field_names_are_options_and_may_be_dotted():
    article = _json_line({"meta": {"key": "k-1"}, "body": SENTENCE}, text_field="body", id_field="meta.key")
    assert (article.doc_id, article.text) == ("k-1", SENTENCE)


def test_jsonl_html_field_when_there_is_no_text():
    article = _json_line({"id": "h", "html": html_page(article_text(1))})
    assert SENTENCE in article.text and article.published == "2023-05-04"


@pytest.mark.parametrize("data, reason", [
    (b'{"id": "a", "text": "\xc4\x90\xe1\xba\xa3ng b', "bad-json"),   # cut in the middle
    (b'["not", "an", "object"]', "bad-json"),
    (b'{"id": "a", "title": "no text here"}', "no-text"),
    (b'{"id": "a", "text": 42}', "no-text"),
    (b'{"id": "a", "text": "   "}', "blank"),
    (b'{"id": "a", "text": "\xff\xfe"}', "invalid-utf8"),
])
def test_broken_jsonl_lines(data, reason):
    with pytest.raises(IngestError) as e:
        _json_line(data, line=7)
    assert e.value.reason == reason


@pytest.mark.parametrize("value, iso", [
    ("2020-08-24", "2020-08-24"),
    ("2020-08-24 08:14:00.0", "2020-08-24"),
    ("2020-8-4T08:14:00Z", "2020-08-04"),
    ("09/11/2015 - 05:34", "2015-11-09"),
    ("ngày 19 tháng 8 năm 2009", "2009-08-19"),
    ("2020-02-31", None),
    ("hôm qua", None),
    (1600000000, None),
    (None, None),
])
def test_published_dates(value, iso):
    assert ingest.iso_published(value) == iso


# --------------------------------------------------------------------------- walking

def test_folders_walk_sorted_and_skip_other_files(tmp_path):
    for rel in ["b/2.txt", "b/1.html", "a.txt", "c.jsonl", ".hidden.txt", "notes.csv", ".git/x.txt", "b/img.png"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text('{"text": "x"}\n\n{"text": "y"}\n' if rel.endswith("jsonl") else "x")
    keys = [(Path(r.source).relative_to(tmp_path).as_posix(), r.line) for r in iter_documents([str(tmp_path)])]
    assert keys == [("a.txt", None), ("c.jsonl", 1), ("c.jsonl", 3), ("b/1.html", None), ("b/2.txt", None)]


def test_missing_path_is_one_error():
    (raw,) = iter_documents(["/no/such/place.txt"])
    assert raw.kind == "error" and raw.error[0] == "not-found"


def test_jsonl_gz_and_a_gz_that_is_not_gzip(tmp_path):
    good = tmp_path / "good.jsonl.gz"
    with gzip.open(good, "wt", encoding="utf-8") as f:
        f.write(json.dumps({"id": 1, "text": SENTENCE}) + "\n" + json.dumps({"id": 2, "text": "x"}) + "\n")
    fake = tmp_path / "fake.jsonl.gz"
    fake.write_text('{"id": 3, "text": "plain, not gzip"}\n')
    raws = list(iter_documents([str(good), str(fake)]))
    assert [(r.kind, r.line) for r in raws] == [("json", 1), ("json", 2), ("error", None)]
    assert raws[2].error[0] == "bad-gzip" and raws[2].source == str(fake)


def test_truncated_gzip_keeps_the_lines_before_the_cut(tmp_path):
    lines = "".join(json.dumps({"id": i, "text": article_text(i)}, ensure_ascii=False) + "\n" for i in range(5))
    data = gzip.compress(lines.encode())
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) - 200])
    raws = list(iter_documents([str(path)]))
    assert raws[-1].kind == "error" and raws[-1].error[0] == "truncated-gzip"
    assert all(r.kind == "json" for r in raws[:-1])


def test_jsonl_line_over_the_limit_is_an_error_and_the_next_line_is_read(tmp_path):
    path = tmp_path / "big.jsonl"
    path.write_text(json.dumps({"text": "x" * 5000}) + "\n" + json.dumps({"text": SENTENCE}) + "\n")
    raws = list(iter_documents([str(path)], IngestOptions(max_chars=100)))
    assert [(r.line, r.kind) for r in raws] == [(1, "error"), (2, "json")]
    assert raws[0].error[0] == "too-large"


# --------------------------------------------------------------------------- field lists, ids on errors

def test_several_text_field_names_the_first_present_wins():
    both = {"id": "hk-2", "noi_dung": "Huyện ủy Hương Khê có 41 chi bộ.", "content": "Bản tóm tắt."}
    only_second = {"id": "hk-3", "content": "Đảng bộ xã Phúc Đồng có 9 chi bộ."}
    assert _json_line(both, text_field="noi_dung,content").text == both["noi_dung"]
    assert _json_line(only_second, text_field=("noi_dung", "content")).text == only_second["content"]
    page_only = {"id": "hk-4", "raw_html": html_page(SENTENCE)}
    assert SENTENCE in _json_line(page_only, text_field="noi_dung,content", html_field="page,raw_html").text


@pytest.mark.parametrize("data, reason, doc_id", [
    (json.dumps({"ma_bai": "ht-0912", "noi_dung": "   "}).encode(), "blank", "ht-0912"),
    (json.dumps({"ma_bai": 4471, "tieu_de": "Không có nội dung"}, ensure_ascii=False).encode(), "no-text", "4471"),
    (json.dumps({"ma_bai": "ht-0913", "noi_dung": to_tcvn3(article_text(2)).decode("latin-1")}).encode(),
     "legacy-encoding: TCVN3", "ht-0913"),
    ('{"ma_bai": "ht-0914", "noi_dung": "Đảng bộ xã Cẩm Thịnh có'.encode(), "bad-json", "ht-0914"),
    ('{"meta": {"ma_bai": "con"}, "ma_bai": "ht-0915", "noi_dung": "cắt'.encode(), "bad-json", "ht-0915"),
    ('{"meta": {"ma_bai": "con"}, "noi_dung": "cắt'.encode(), "bad-json", None),
])
def test_error_lines_carry_the_input_own_id(data, reason, doc_id):
    with pytest.raises(IngestError) as e:
        _json_line(data, line=4, text_field="noi_dung", id_field="ma_bai")
    assert (e.value.reason, e.value.doc_id) == (reason, doc_id)


def test_id_prefix_namespaces_the_input_id():
    raw = RawDocument(source="bao-a.jsonl", line=1, kind="json", id_prefix="baoA",
                      data=json.dumps({"id": 17, "text": SENTENCE}, ensure_ascii=False).encode())
    assert to_article(raw).doc_id == "baoA:17"


def test_id_prefixes_for_one_path_or_every_input(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ("a.jsonl", "b.jsonl"):
        Path(name).write_text(json.dumps({"id": 1, "text": SENTENCE}, ensure_ascii=False) + "\n", encoding="utf-8")
    prefixes = ingest.parse_id_prefixes(["./a.jsonl=baoA", "kho"], ["a.jsonl", "b.jsonl"])
    assert prefixes == (("a.jsonl", "baoA"), ("", "kho"))
    raws = list(iter_documents(["a.jsonl", "b.jsonl"], IngestOptions(id_prefixes=prefixes)))
    assert [to_article(r).doc_id for r in raws] == ["baoA:1", "kho:1"]
    with pytest.raises(ValueError):
        ingest.parse_id_prefixes(["x", "y"], ["a.jsonl"])


# --------------------------------------------------------------------------- paths and folders

def test_a_folder_named_three_ways_gives_the_same_sources(tmp_path, monkeypatch):
    (tmp_path / "kho" / "bai").mkdir(parents=True)
    (tmp_path / "kho" / "bai" / "01.txt").write_text(SENTENCE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    spellings = ["kho/bai", "./kho/bai/", str(tmp_path / "kho" / "bai"), "kho/../kho/bai"]
    sources = {tuple(r.source for r in iter_documents([p])) for p in spellings}
    assert sources == {("kho/bai/01.txt",)}
    outside = tmp_path / "kho"
    monkeypatch.chdir(outside / "bai")
    assert [r.source for r in iter_documents([str(outside)])] == [str(outside / "bai" / "01.txt")]


def test_files_skipped_for_their_extension_are_counted_by_extension(tmp_path):
    for name in ("a.txt", "bang.csv", "so-lieu.CSV", "anh.png", "README", ".an.txt", "du-lieu.csv.gz"):
        (tmp_path / name).write_text("x")
    skipped = Counter()
    assert [Path(r.source).name for r in iter_documents([str(tmp_path)], skipped=skipped)] == ["a.txt"]
    assert skipped == {".csv": 2, ".png": 1, ingest.NO_EXTENSION: 1, ".csv.gz": 1}
