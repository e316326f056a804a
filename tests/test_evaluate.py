"""vnfacts eval scores predictions against gold files like shared/gold/score.py."""
import json

from pipeline.evaluate import evaluate

GOLD = {
    "doc": "a.txt",
    "published": "2020-01-02",
    "document_refs": [{"code": "09-NQ/TU", "issued_date": "2009-08-19"},
                      {"code": None, "doc_type": "Chỉ thị", "number": "03"}],
    "counts": [{"value": 38, "category": "member", "qualifier": "exact", "event": "reprimanded"},
               {"value": 2, "category": "organization", "qualifier": "exact", "event": None, "optional": True}],
    "percentages": [{"value": 56.87, "kind": "achieved", "comparator": "eq"}],
}


def _write(tmp_path, record):
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "a.json").write_text(json.dumps(GOLD, ensure_ascii=False), encoding="utf-8")
    pred = tmp_path / "facts.jsonl"
    pred.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    return gold, pred


def test_perfect_prediction_scores_one(tmp_path):
    rec = {"source": "x/a.txt", "doc_id": "x", "published": "2020-01-02",
           "document_refs": [{"code": "9-NQ/TU", "issued_date": "2009-08-19"},
                             {"code": None, "doc_type": "Chỉ thị", "number": "3"}],
           "counts": [{"value": 38, "category": "member", "qualifier": "exact", "event": "reprimanded"}],
           "percentages": [{"value": 56.87, "kind": "achieved", "comparator": "eq"}]}
    report = evaluate(*_write(tmp_path, rec))
    assert report["min_f1"] == 1.0
    assert report["counts"]["attributes"]["event"] == 1.0
    assert report["published_accuracy"] == 1.0


def test_misses_extras_and_wrong_attributes_are_counted(tmp_path):
    rec = {"source": "a.txt", "doc_id": "x",
           "document_refs": [{"code": "09-NQ/TU", "issued_date": None}],
           "counts": [{"value": 38, "category": "member", "qualifier": "exact", "event": "warned"},
                      {"value": 2, "category": "organization"},   # optional in gold: not a false alarm
                      {"value": 7, "category": "member"}],
           "percentages": [{"value": 56.87, "kind": "target", "comparator": "eq"}]}
    report = evaluate(*_write(tmp_path, rec))
    assert report["document_refs"]["fn"] == 1 and report["document_refs"]["tp"] == 1
    assert report["document_refs"]["attributes"]["issued_date"] == 0.0
    assert report["counts"]["fp"] == 1
    assert report["counts"]["attributes"]["event"] == 0.0
    assert report["percentages"]["f1"] == 0.0
    assert report["min_f1"] == 0.0


def test_missing_document_is_reported(tmp_path):
    gold, pred = _write(tmp_path, {"source": "a.txt", "doc_id": "a"})
    (gold / "b.json").write_text(json.dumps({**GOLD, "doc": "b.txt"}, ensure_ascii=False), encoding="utf-8")
    report = evaluate(gold, pred)
    assert report["missing_documents"] == ["b.txt"]
