"""The whole pipeline on the bundled corpus: quality against the gold files,
offsets into the NFC text, and records valid against the committed schema."""
import json
import unicodedata
from pathlib import Path

import jsonschema
import pytest

from pipeline.language import load as load_pipeline
from pipeline.evaluate import evaluate
from pipeline.ingest import text_article
from pipeline.process import build_record

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "corpus" / "articles"
GOLD = ROOT / "corpus" / "gold"


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    pipe = load_pipeline(entities="facts")
    out = []
    for path in sorted(ARTICLES.glob("*.txt")):
        out.append(build_record(text_article(path.read_text(encoding="utf-8"), source=str(path)), pipe))
    facts = tmp_path_factory.mktemp("e2e") / "facts.jsonl"
    facts.write_text("".join(r.model_dump_json() + "\n" for r in out), encoding="utf-8")
    return out, facts


def test_quality_on_gold_meets_the_bar(records):
    _, facts = records
    report = evaluate(GOLD, facts)
    assert not report["missing_documents"]
    assert report["min_f1"] >= 0.95, report
    accuracies = {
        "issued_date": report["document_refs"]["attributes"]["issued_date"],
        "qualifier": report["counts"]["attributes"]["qualifier"],
        "event": report["counts"]["attributes"]["event"],
        "comparator": report["percentages"]["attributes"]["comparator"],
    }
    assert all(v is not None and v >= 0.9 for v in accuracies.values()), accuracies
    assert report["published_accuracy"] == 1.0


def test_every_fact_text_is_the_nfc_text_at_its_offsets(records):
    recs, _ = records
    checked = 0
    for rec in recs:
        text = unicodedata.normalize("NFC", Path(rec.source).read_text(encoding="utf-8")).replace("\r\n", "\n")
        for kind in ("document_refs", "counts", "percentages", "entities"):
            for fact in getattr(rec, kind):
                assert text[fact.start:fact.end] == fact.text, (rec.source, kind, fact)
                assert fact.sentence and fact.text in fact.sentence
                checked += 1
    assert checked > 50


def test_records_validate_against_the_committed_schema(records):
    recs, _ = records
    schema = json.loads((ROOT / "schemas" / "ArticleRecord.schema.json").read_text(encoding="utf-8"))
    for rec in recs:
        jsonschema.validate(json.loads(rec.model_dump_json()), schema)
