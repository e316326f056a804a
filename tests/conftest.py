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
  ``"district_code": {"register": "Phú Lộc", "province": "Quảng Nam"}`` is the
  code the register gives that unit (codes are read from it, never typed in).

Every ``*.jsonl`` file under ``tests/cases`` is read by one parametrized test
(``tests/test_cases.py``); each case's id is ``file:line note``. What each file
runs on the passage is in ``KINDS`` below.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import pytest

from pipeline.dateline import read_dateline
from pipeline.extract.period import find_phrases
from pipeline.language import load as load_pipeline
from pipeline.normalize import clean_document_text, match_form
from pipeline.places import place_of_article
from pipeline.places.mentions import find_mentions
from pipeline.places.register import DISTRICT, PROVINCE, ascii_key, load_register

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
    """A test that takes ``case`` runs once for every case of tests/cases."""
    if "case" in metafunc.fixturenames:
        cases = all_cases()
        metafunc.parametrize("case", cases, ids=[c.id for c in cases])


@pytest.fixture
def read_case_file() -> Callable[[Path], list[Case]]:
    """Reads a case file as test_cases.py does (for tests of the reader itself)."""
    return read_cases
