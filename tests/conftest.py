"""Shared test helpers, and the reader of the test cases kept as data.

Test cases as data: ``tests/cases/<kind>.jsonl`` holds one passage a line with
the facts expected from it, so that a case is added without writing Python::

    {"note": "what the case is about", "text": "the passage", "facts": [{"code": "09-NQ/TU", "issuer": null}]}

- ``facts`` lists, in text order, every fact the passage gives, each with only
  the attributes the case asserts (``{}`` asserts nothing but the fact's
  presence); ``"facts": []`` says the passage gives none.
- ``"more": true`` lets further facts follow the listed ones.
- ``"<attribute>_starts_with": "..."`` asserts how an attribute begins.
- a nested object asserts some attributes of a nested value
  (``"period": {"start": "2021", "end": null}``).
- places: ``"title"`` and ``"url"`` go with the text;
  ``"district_code": {"register": "Bảo Lâm", "province": "Cao Bằng"}`` is the
  code the register gives that unit (codes are read from it, never typed in).

Every ``*.jsonl`` file under ``tests/cases`` is read by one parametrized test
(``tests/test_cases.py``); each case's id is ``file:line note``. What each file
runs on the passage (``KINDS`` below):

- document_refs, counts, percentages: the facts of that kind (pipeline defaults);
- named_refs: document references with ``named_refs=True``;
- periods: counts and percentages together in text order (for their ``period``);
- places: the article's place, one fact or none, with the ``rules`` that chose it;
- place_mentions: place names (``text``, ``evidence``, ``province``);
- period_phrases: period phrases of a short text (``kind``, ``value``);
- datelines: the header's ``title`` and ``date``.

Below the cases: helpers several test modules share, imported by name
(``from conftest import SENTENCE, read_jsonl``; tests import no other test module).
"""
from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import pytest

import pipeline
from pipeline import cli
from pipeline.dateline import read_dateline
from pipeline.extract.period import find_phrases
from pipeline.language import load as load_pipeline
from pipeline.normalize import clean_document_text, match_form
from pipeline.places import place_of_article
from pipeline.places.mentions import find_mentions
from pipeline.places.register import DISTRICT, PROVINCE, ascii_key, load_register
from pipeline.records import ArticleRecord

CASES_DIR = Path(__file__).parent / "cases"
CASE_KEYS = {"note", "text", "facts", "more", "title", "url"}
STARTS_WITH = "_starts_with"


# --- what each case file runs on its passages ----------------------------------

def doc_of(text: str, **options):
    return load_pipeline(entities="none", **options)(clean_document_text(text))


def checked_offsets(doc, facts):
    """The facts, after checking that each one's text is the document text at its offsets."""
    for fact in facts:
        assert doc.text[fact.start:fact.end] == fact.text, (
            f"offsets {fact.start}:{fact.end} give {doc.text[fact.start:fact.end]!r}, the fact says {fact.text!r}")
    return list(facts)


def doc_facts(field: str, **options) -> Callable[[dict], list]:
    def read(case: dict) -> list:
        doc = doc_of(case["text"], **options)
        return checked_offsets(doc, getattr(doc._, field))
    return read


def counts_and_percentages(case: dict) -> list:
    """Counts and percentages together in text order (periods are set on both)."""
    doc = doc_of(case["text"])
    facts = checked_offsets(doc, list(doc._.counts) + list(doc._.percentages))
    return sorted(facts, key=lambda f: f.start)


def article_place(case: dict) -> list:
    """The article's place as one fact with the rules that chose it (``rules``), or none."""
    place, rules = place_of_article(case["text"], case.get("title"), case.get("url"))
    if place is None and rules is None:
        return []
    return [dict(place.model_dump() if place else {}, rules=rules)]


def place_mentions(case: dict) -> list:
    """Place names found in the text: ``text`` the name, ``evidence`` the words it
    was read with, ``province`` the province of the best unit."""
    text = case["text"]
    return [{"text": text[m.start:m.end], "evidence": text[m.evidence_start:m.end],
             "province": m.units[0].province} for m in find_mentions(text)]


def period_phrases(case: dict) -> list:
    """The period phrases of a short text: ``kind`` and ``value`` ([start, end])."""
    return [{"kind": p.kind, "value": p.value} for p in find_phrases(match_form(case["text"]))]


def dateline(case: dict) -> list:
    """The title and publication date read from the article's header."""
    title, date = read_dateline(case["text"])
    return [{"title": title, "date": date}]


KINDS: dict[str, Callable[[dict], list]] = {
    "document_refs": doc_facts("document_refs"),
    "named_refs": doc_facts("document_refs", named_refs=True),
    "counts": doc_facts("counts"),
    "percentages": doc_facts("percentages"),
    "periods": counts_and_percentages,
    "places": article_place,
    "place_mentions": place_mentions,
    "period_phrases": period_phrases,
    "datelines": dateline,
}


# --- comparing what a case expects with what came out ---------------------------

def attribute(fact: Any, name: str) -> Any:
    if isinstance(fact, dict):
        if name not in fact:
            raise KeyError(name)
        return fact[name]
    if not hasattr(fact, name):
        raise KeyError(name)
    return getattr(fact, name)


def plain(value: Any) -> Any:
    """Tuples as lists and models as dicts, as JSON would have them."""
    if isinstance(value, (tuple, list)):
        return [plain(v) for v in value]
    if hasattr(value, "model_dump"):
        return value.model_dump()
    return value


def register_code(attribute_name: str, want: dict) -> str:
    level = DISTRICT if attribute_name.startswith("district") else PROVINCE
    for unit in load_register().units_by_key[ascii_key(want["register"])]:
        if unit.level == level and want.get("province") in (None, unit.province):
            return unit.code
    raise LookupError(f"the register has no {level} named {want['register']!r}")


def mismatches(want: dict, fact: Any, path: str = "") -> list[str]:
    """What differs between the expected attributes and the fact, one line each."""
    found = []
    for key, expected in want.items():
        name = key[:-len(STARTS_WITH)] if key.endswith(STARTS_WITH) else key
        try:
            got = plain(attribute(fact, name))
        except KeyError:
            found.append(f"{path}{key}: no such attribute")
            continue
        if key.endswith(STARTS_WITH):
            if not (isinstance(got, str) and got.startswith(expected)):
                found.append(f"{path}{key}: {got!r} does not start with {expected!r}")
        elif isinstance(expected, dict) and "register" in expected:
            code = register_code(name, expected)
            if got != code:
                found.append(f"{path}{key}: {got!r}, the register says {code!r} for {expected}")
        elif isinstance(expected, dict) and isinstance(got, dict):
            found.extend(mismatches(expected, got, f"{path}{key}."))
        elif got != expected:
            found.append(f"{path}{key}: expected {expected!r}, got {got!r}")
    return found


def shown(fact: Any, keys: set[str]) -> dict:
    """The fact as the case sees it: its text and the attributes the case names."""
    out = {}
    for key in ["text", *sorted(keys)]:
        try:
            out[key] = plain(attribute(fact, key))
        except KeyError:
            pass
    return out


@dataclass(frozen=True)
class Case:
    """One line of a case file."""

    path: Path
    line: int
    data: dict

    @property
    def kind(self) -> str:
        return self.path.stem

    @property
    def id(self) -> str:
        return f"{self.path.name}:{self.line} {self.data.get('note', '')}".strip()

    def problems(self, got: list) -> list[str]:
        expected = self.data["facts"]
        found = []
        if len(got) != len(expected) and not (self.data.get("more") and len(got) >= len(expected)):
            found.append(f"{len(got)} facts, expected {'at least ' if self.data.get('more') else ''}{len(expected)}")
        for i, (want, fact) in enumerate(zip(expected, got)):
            found.extend(f"fact {i}: {line}" for line in mismatches(want, fact))
        return found

    def check(self) -> None:
        got = KINDS[self.kind](self.data)
        problems = self.problems(got)
        if problems:
            keys = {k.removesuffix(STARTS_WITH) for want in self.data["facts"] for k in want}
            pytest.fail("\n".join([
                f"{self.id}",
                f"passage:  {self.data['text']!r}",
                *(f"{k}: {self.data[k]!r}" for k in ("title", "url") if k in self.data),
                f"expected: {json.dumps(self.data['facts'], ensure_ascii=False)}"
                + (" and maybe more" if self.data.get("more") else ""),
                f"got:      {json.dumps([shown(f, keys) for f in got], ensure_ascii=False)}",
                *problems,
            ]), pytrace=False)


def read_cases(path: Path) -> list[Case]:
    """Every case of one file; a malformed line is a clear error naming file and line."""
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path.name}:{number}"
        try:
            data = json.loads(line)
        except json.JSONDecodeError as error:
            raise ValueError(f"{where}: not a JSON object: {error}") from None
        if not isinstance(data, dict) or not {"note", "text", "facts"} <= data.keys():
            raise ValueError(f"{where}: a case needs note, text and facts")
        if not data.keys() <= CASE_KEYS:
            raise ValueError(f"{where}: unknown keys {sorted(data.keys() - CASE_KEYS)} (known: {sorted(CASE_KEYS)})")
        if not isinstance(data["facts"], list) or not all(isinstance(f, dict) for f in data["facts"]):
            raise ValueError(f"{where}: facts must be a list of objects")
        cases.append(Case(path, number, data))
    return cases


def all_cases() -> list[Case]:
    unknown = sorted(p.name for p in CASES_DIR.glob("*.jsonl") if p.stem not in KINDS)
    if unknown:
        raise ValueError(f"tests/cases: no reader for {unknown} (readers: {sorted(KINDS)})")
    return [case for path in sorted(CASES_DIR.glob("*.jsonl")) for case in read_cases(path)]


def pytest_generate_tests(metafunc):
    """A test that takes ``passage_case`` runs once for every case of tests/cases."""
    if "passage_case" in metafunc.fixturenames:
        cases = all_cases()
        metafunc.parametrize("passage_case", cases, ids=[c.id for c in cases])


@pytest.fixture
def read_case_file() -> Callable[[Path], list[Case]]:
    """Reads a case file as test_cases.py does (for tests of the reader itself)."""
    return read_cases


# --- inputs: corpus text, legacy encodings, web pages (test_ingest, test_runner, test_cli_extract, ...) ---

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = sorted((ROOT / "corpus" / "articles").glob("*.txt"))
# A real sentence from corpus/articles.
SENTENCE = "Đảng bộ hiện có 38 tổ chức cơ sở Đảng với 1.742 đảng viên."

# TCVN3 (ABC) byte for each Vietnamese letter (upper-case letters with tones share
# the lower-case bytes: those fonts had separate upper-case faces).
TCVN3 = {
    "ă": 0xA8, "â": 0xA9, "ê": 0xAA, "ô": 0xAB, "ơ": 0xAC, "ư": 0xAD, "đ": 0xAE,
    "Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7,
    "à": 0xB5, "ả": 0xB6, "ã": 0xB7, "á": 0xB8, "ạ": 0xB9, "ằ": 0xBB, "ẳ": 0xBC, "ẵ": 0xBD,
    "ắ": 0xBE, "ặ": 0xC6, "ầ": 0xC7, "ẩ": 0xC8, "ẫ": 0xC9, "ấ": 0xCA, "ậ": 0xCB, "è": 0xCC,
    "ẻ": 0xCE, "ẽ": 0xCF, "é": 0xD0, "ẹ": 0xD1, "ề": 0xD2, "ể": 0xD3, "ễ": 0xD4, "ế": 0xD5,
    "ệ": 0xD6, "ì": 0xD7, "ỉ": 0xD8, "ĩ": 0xDC, "í": 0xDD, "ị": 0xDE, "ò": 0xDF, "ỏ": 0xE1,
    "õ": 0xE2, "ó": 0xE3, "ọ": 0xE4, "ồ": 0xE5, "ổ": 0xE6, "ỗ": 0xE7, "ố": 0xE8, "ộ": 0xE9,
    "ờ": 0xEA, "ở": 0xEB, "ỡ": 0xEC, "ớ": 0xED, "ợ": 0xEE, "ù": 0xEF, "ủ": 0xF1, "ũ": 0xF2,
    "ú": 0xF3, "ụ": 0xF4, "ừ": 0xF5, "ử": 0xF6, "ữ": 0xF7, "ứ": 0xF8, "ự": 0xF9, "ỳ": 0xFA,
    "ỷ": 0xFB, "ỹ": 0xFC, "ý": 0xFD, "ỵ": 0xFE,
}
# VNI-Windows: base letter, then mark bytes (shown here as their Latin-1 letters).
VNI_TONES = {"\u0301": "ù", "\u0300": "ø", "\u0309": "û", "\u0303": "õ", "\u0323": "ï"}
VNI_HAT_TONES = {"": "â", "\u0301": "á", "\u0300": "à", "\u0309": "å", "\u0303": "ã", "\u0323": "ä"}
VNI_BREVE_TONES = {"": "ê", "\u0301": "é", "\u0300": "è", "\u0309": "ú", "\u0303": "ü", "\u0323": "ë"}
TONES = "\u0300\u0301\u0303\u0309\u0323"


def to_tcvn3(text: str) -> bytes:
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        if ord(ch) < 128:
            out.append(ord(ch))
        else:
            out.append(TCVN3.get(ch, TCVN3.get(ch.lower(), ord("?"))))
    return bytes(out)


def to_vni(text: str) -> bytes:
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ord(ch) < 128:
            out.append(ch)
            continue
        if ch in "đĐ":
            out.append("ñ" if ch == "đ" else "Ñ")
            continue
        d = unicodedata.normalize("NFD", ch)
        base, marks = d[0], d[1:]
        tone = "".join(m for m in marks if m in TONES)
        if "\u0302" in marks:                      # â ê ô
            out.append(base + VNI_HAT_TONES[tone])
        elif "\u0306" in marks:                    # ă
            out.append(base + VNI_BREVE_TONES[tone])
        elif "\u031b" in marks:                    # ơ ư
            out.append({"o": "ô", "u": "ö", "O": "Ô", "U": "Ö"}[base] + VNI_TONES.get(tone, ""))
        else:
            out.append(base + VNI_TONES.get(tone, ""))
    return "".join(out).encode("cp1252", errors="replace")


def to_cp1258(text: str) -> bytes:
    """Windows-1258 the way Vietnamese Windows wrote it: letter, then a combining tone mark."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        d = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in d if c not in TONES))
        out += base.encode("cp1258") + "".join(c for c in d if c in TONES).encode("cp1258")
    return bytes(out)


def sha1(text: str) -> str:
    return hashlib.sha1(unicodedata.normalize("NFC", text).strip().encode("utf-8")).hexdigest()


def article_text(i: int) -> str:
    return ARTICLES[i % len(ARTICLES)].read_text(encoding="utf-8")


def html_page(body: str, title: str = "Nâng cao chất lượng đảng viên", date: str = "2023-05-04") -> str:
    paras = "".join(f"<p>{p}</p>\n" for p in body.split("\n") if p.strip())
    return (f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{title} | Báo tỉnh</title>'
            f'<meta property="og:title" content="{title}">'
            f'<meta property="article:published_time" content="{date}T08:00:00+07:00"></head>'
            f"<body><nav><a href='/'>Trang chủ</a></nav><article><h1>{title}</h1>{paras}</article>"
            f"<footer>Bản quyền</footer></body></html>")


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


# --- the command line in this process (test_cli_extract, test_run_identities, test_webpage) ---

def extract_here(monkeypatch, *args, stdin: bytes = b"") -> int:
    """vnfacts extract in this process (-j 1, models cached): the CLI wiring without start-up costs."""
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(stdin))))
    return cli.main(["extract", *map(str, args), "-j", "1", "--entities", "none"])


# --- a store built from records written here (test_web_explorer, test_web_browser) ---

PAD = "Bản tin tổng hợp của phóng viên thường trú tại địa phương.\n"  # text before the facts in the no-text record


def fact(text: str, phrase: str, occurrence: int = 0, **fields) -> dict:
    """A fact for ``phrase`` as it stands in ``text`` (its n-th occurrence), with its sentence."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(phrase, start + 1)
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    sentence = text[line_start:line_end if line_end >= 0 else len(text)]
    return {"text": phrase, "start": start, "end": start + len(phrase), "sentence": sentence, **fields}


def record(doc_id: str, title: str, published, text: str, facts: dict, *, place=None, keep_text=True,
           url=None) -> ArticleRecord:
    built = {kind: [fact(text, phrase, **fields) for phrase, fields in items] for kind, items in facts.items()}
    return ArticleRecord(doc_id=doc_id, source=f"web/{doc_id}.txt", title=title, published=published, url=url,
                         text_chars=len(text), text=text if keep_text else None, place=place, **built)


HAI_LANG = ("Năm 2023, Đảng bộ huyện Hải Lăng kết nạp 312 đảng viên mới, vượt chỉ tiêu đề ra.\n"
            "Thực hiện Nghị quyết số 12-NQ/HU ngày 05/01/2021 của Ban Thường vụ Huyện uỷ, 98% chi bộ "
            "được đánh giá hoàn thành tốt nhiệm vụ.\n"
            "Đồng chí Lê Văn Hòa, Bí thư Huyện ủy, phát biểu kết luận hội nghị.")
BUON_MA_THUOT = ("Đảng bộ thành phố Buôn Ma Thuột hiện có 95 tổ chức cơ sở đảng với 9.870 đảng viên.\n"
                 "Trong 6 tháng đầu năm, Thành ủy kết nạp 205 đảng viên mới.\n"
                 "Thực hiện Nghị quyết số 12-NQ/HU ngày 10/3/2016 của Ban Thường vụ Thành ủy về công tác cán bộ.")
CHAU_DOC = ("Năm 2020, Ủy ban Kiểm tra Thành ủy Châu Đốc đề nghị khiển trách 7 đảng viên và cảnh cáo 3 đảng viên.\n"
            "Tỷ lệ tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ đạt 87,5%.")
QUANG_TRI = "Năm 2023, toàn Đảng bộ tỉnh Quảng Trị kết nạp 1.450 đảng viên mới, đạt 103% kế hoạch năm."
TAM_HOP = PAD + "Đảng bộ xã Tam Hợp có 14 chi bộ với 612 đảng viên, năm qua kết nạp 19 đảng viên mới."

MEMBER = {"category": "member", "unit": "đảng viên", "unit_key": "đảng viên"}
NEW_MEMBER = {"category": "member", "unit": "đảng viên mới", "unit_key": "đảng viên", "event": "admitted",
              "kind": "achieved"}
ORGS = {"category": "organization", "unit": "tổ chức cơ sở đảng", "unit_key": "tổ chức cơ sở đảng"}


def web_records() -> list[ArticleRecord]:
    ref = {"doc_type": "Nghị quyết", "number": "12", "type_code": "NQ", "issuer_code": "HU", "system": "party",
           "code": "12-NQ/HU"}
    return [
        record("hai-lang-2023", "Hải Lăng kết nạp đảng viên mới", "2023-12-20", HAI_LANG, {
            "counts": [("kết nạp 312 đảng viên mới", {"value": 312, **NEW_MEMBER, "subject": "Đảng bộ huyện"})],
            "percentages": [("98%", {"value": 98.0, "kind": "achieved"})],
            "document_refs": [("Nghị quyết số 12-NQ/HU ngày 05/01/2021",
                               {**ref, "issued_date": "2021-01-05", "issuer": "Ban Thường vụ Huyện ủy",
                                "issuer_place": {"province": "Quảng Trị", "district": "huyện Hải Lăng"}})],
            "entities": [("Lê Văn Hòa", {"label": "PER", "source": "ner"}),
                         ("Huyện ủy", {"label": "ORG", "source": "gazetteer"})],
        }, place={"province": "Quảng Trị", "district": "huyện Hải Lăng"}, url="https://example.vn/hai-lang"),
        record("buon-ma-thuot-2022", "Buôn Ma Thuột nâng chất lượng tổ chức đảng", "2022-06-30", BUON_MA_THUOT, {
            "counts": [("95 tổ chức cơ sở đảng", {"value": 95, **ORGS}),
                       ("9.870 đảng viên", {"value": 9870, **MEMBER}),
                       ("kết nạp 205 đảng viên mới", {"value": 205, **NEW_MEMBER,
                                                     "period": {"start": "2022-01", "end": "2022-06"}})],
            "document_refs": [("Nghị quyết số 12-NQ/HU ngày 10/3/2016",
                               {**ref, "issued_date": "2016-03-10", "issuer": "Ban Thường vụ Thành ủy",
                                "issuer_place": {"province": "Đắk Lắk", "district": "thành phố Buôn Ma Thuột"}})],
        }, place={"province": "Đắk Lắk"}),
        record("chau-doc-2021", "Châu Đốc xử lý kỷ luật đảng viên", "2021-04-02", CHAU_DOC, {
            "counts": [("khiển trách 7 đảng viên", {"value": 7, **MEMBER, "event": "reprimanded",
                                                   "period": {"end": "2020"}}),
                       ("cảnh cáo 3 đảng viên", {"value": 3, **MEMBER, "event": "warned", "period": {"end": "2020"}})],
            "percentages": [("đạt 87,5%", {"value": 87.5, "kind": "achieved"})],
        }, place={"province": "An Giang"}),
        # The province's own figure for 2023, beside one of its districts' (Hải Lăng above).
        record("quang-tri-2023", "Quảng Trị kết nạp 1.450 đảng viên", "2024-01-10", QUANG_TRI, {
            "counts": [("kết nạp 1.450 đảng viên mới", {"value": 1450, **NEW_MEMBER, "subject": "Đảng bộ tỉnh",
                                                       "period": {"end": "2023"}})],
        }, place={"province": "Quảng Trị"}),
        record("tam-hop-2019", "Tam Hợp: chi bộ mạnh", "2019-09-09", TAM_HOP, {
            "counts": [("14 chi bộ", {"value": 14, "category": "organization", "unit": "chi bộ"}),
                       ("612 đảng viên", {"value": 612, **MEMBER}),
                       ("kết nạp 19 đảng viên mới", {"value": 19, **NEW_MEMBER})],
        }, place={"province": "Vĩnh Phúc"}, keep_text=False),
    ]


def build_store(path: Path, records) -> Path:
    jsonl = path.with_suffix(".jsonl")
    jsonl.write_text("".join(r.model_dump_json() + "\n" for r in records), encoding="utf-8")
    with pipeline.open_db(path, read_only=False) as db:
        report = db.load([jsonl])
    assert not report.errors
    return path
