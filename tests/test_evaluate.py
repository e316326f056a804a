"""vnfacts eval scores predictions against gold files like shared/gold/score.py."""
import json

from pipeline.evaluate import evaluate, format_report

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


# Gold of a made-up Quảng Bình district article, to test the schema-2 attributes and -v.
CONTEXT_GOLD = {
    "doc": "qb.txt",
    "place": {"province": "Quảng Bình", "district": "huyện Minh Hóa"},
    "document_refs": [],
    "counts": [
        {"value": 120, "category": "member", "kind": "target", "period": {"start": None, "end": "2025"},
         "text": "phấn đấu kết nạp 120 đảng viên"},
        {"value": 87, "category": "member", "kind": "achieved", "period": {"start": None, "end": "2023-06"},
         "text": "kết nạp 87 đảng viên"},
        {"value": 14, "category": "organization", "kind": "other", "period": {"start": "2023", "end": "2023"},
         "text": "tăng 14 chi bộ"},
        {"value": 9, "category": "organization", "kind": "achieved", "text": "9 chi bộ ghép"},
    ],
    "percentages": [
        {"value": 92.5, "kind": "achieved", "comparator": "eq", "period": {"start": "2021", "end": "2023"},
         "text": "đạt 92,5%"},
    ],
}
SENTENCE = "Năm 2023, Đảng bộ huyện Minh Hóa có 9 chi bộ ghép và tăng 14 chi bộ so với năm trước."


def _context_record(**changes):
    rec = {
        "source": "in/qb.txt", "doc_id": "qb",
        "place": {"province": "Quảng Bình", "district": "Minh Hoá", "evidence": "huyện Minh Hoá"},
        "counts": [
            {"value": 120, "category": "member", "kind": "target", "period": {"start": "2020", "end": "2025"}},
            {"value": 87, "category": "member", "kind": "achieved", "period": {"start": "2023-01", "end": "2023-06"}},
            {"value": 14, "category": "organization", "kind": "achieved", "period": {"start": None, "end": "2023"},
             "text": "tăng 14 chi bộ", "sentence": SENTENCE},
        ],
        "percentages": [{"value": 92.5, "kind": "achieved", "comparator": "eq",
                         "period": {"start": "2021", "end": "2023"}},
                        {"value": 3.0, "kind": "other", "comparator": "eq", "text": "3%",
                         "sentence": "Tỷ lệ đảng viên nữ tăng 3%."}],
    }
    rec.update(changes)
    return rec


def _write_gold(tmp_path, gold, record):
    folder = tmp_path / "gold"
    folder.mkdir(parents=True)
    (folder / "qb.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    pred = tmp_path / "facts.jsonl"
    pred.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    return folder, pred


def test_period_kind_and_place_are_scored_like_score_py(tmp_path):
    report = evaluate(*_write_gold(tmp_path, CONTEXT_GOLD, _context_record()))
    counts = report["counts"]["attributes"]
    # the target by its horizon (2025 = 2025), the open-start result accepts a stated start,
    # the change has the right end but a missing start (gold 2023–2023)
    assert counts["period"] == round(2 / 3, 3)
    assert counts["kind"] == round(2 / 3, 3)
    assert report["percentages"]["attributes"]["period"] == 1.0
    # "Minh Hoá" without its type word and in old tone placement is huyện Minh Hóa
    assert report["place_accuracy"] == {"province": 1.0, "district": 1.0}


def test_wrong_district_and_missing_place_lower_place_accuracy(tmp_path):
    record = _context_record(place={"province": "Quảng Bình", "district": "huyện Tuyên Hóa"})
    report = evaluate(*_write_gold(tmp_path, CONTEXT_GOLD, record))
    assert report["place_accuracy"] == {"province": 1.0, "district": 0.0}
    report = evaluate(*_write_gold(tmp_path / "b", CONTEXT_GOLD, _context_record(place=None)))
    assert report["place_accuracy"] == {"province": 0.0, "district": 0.0}


def test_verbose_report_groups_errors_by_kind_with_their_sentence(tmp_path):
    report = evaluate(*_write_gold(tmp_path, CONTEXT_GOLD, _context_record()))
    text = format_report(report, verbose=True)
    lines = text.splitlines()
    groups = [ln for ln in lines if ln.startswith(("missed", "extra", "wrong attribute"))]
    assert groups == ["missed (1):", "extra (1):", "wrong attribute (2):"]
    missed = lines[lines.index("missed (1):") + 1:lines.index("extra (1):")]
    # the missed "9 chi bộ ghép" is shown in the sentence a prediction came from
    assert "(9, 'organization')" in missed[0] and "«9 chi bộ ghép»" in missed[0]
    assert missed[1].strip() == "in: " + SENTENCE
    extra = lines[lines.index("extra (1):") + 1:lines.index("wrong attribute (2):")]
    assert "(3.0, 'other')" in extra[0] and extra[1].strip() == "in: Tỷ lệ đảng viên nữ tăng 3%."
    wrong = lines[lines.index("wrong attribute (2):") + 1:]
    assert wrong[0] == "  counts.kind (1):" and 'gold "other" got "achieved"' in wrong[1]
    assert "counts.period (1):" in wrong[3] and 'gold "2023–2023" got "…–2023"' in wrong[4]


def test_json_report_lists_errors_with_their_kind_of_error(tmp_path):
    report = json.loads(format_report(evaluate(*_write_gold(tmp_path, CONTEXT_GOLD, _context_record())),
                                      as_json=True))
    assert sorted(e["error"] for e in report["errors"]) == ["extra", "missed", "wrong attribute", "wrong attribute"]
    assert {e["field"] for e in report["errors"] if e["error"] == "wrong attribute"} == {"kind", "period"}
