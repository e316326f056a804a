"""vnfacts eval says when there is nothing to score, never counts a missing
prediction as a right date, and --min-f1 makes a quality gate."""
import gzip
import json

import pytest

from pipeline import cli
from pipeline.evaluate import EvalError, evaluate

GOLD_DONG_THAP = {
    "doc": "dong_thap.txt",
    "published": None,       # the article carries no date
    "counts": [{"value": 412, "category": "member", "qualifier": "exact", "event": "admitted"}],
}
GOLD_BAC_KAN = {
    "doc": "bac_kan.txt",
    "published": "2021-04-02",
    "counts": [{"value": 27, "category": "organization", "qualifier": "exact", "event": None}],
}


def gold_folder(tmp_path, *golds):
    folder = tmp_path / "gold"
    folder.mkdir()
    for gold in golds:
        (folder / gold["doc"].replace(".txt", ".json")).write_text(json.dumps(gold, ensure_ascii=False),
                                                                    encoding="utf-8")
    return folder


def predictions(tmp_path, *records):
    path = tmp_path / "facts.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


BAC_KAN_RIGHT = {"doc_id": "bac_kan.txt", "source": "in/bac_kan.txt", "published": "2021-04-02",
                 "counts": [{"value": 27, "category": "organization", "qualifier": "exact", "event": None}]}


def eval_cli(capsys, *args):
    code = cli.main(["eval", *map(str, args)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err.splitlines()


@pytest.mark.parametrize("case", ["missing", "empty", "no match"])
def test_nothing_to_score_is_one_line_and_exit_2(tmp_path, capsys, case):
    preds = predictions(tmp_path, BAC_KAN_RIGHT)
    if case == "missing":
        gold = tmp_path / "no_such_gold"
    elif case == "empty":
        gold = tmp_path / "gold"
        gold.mkdir()
    else:
        gold = gold_folder(tmp_path, GOLD_DONG_THAP)
    code, out, err = eval_cli(capsys, "--gold", gold, preds)
    assert code == 2 and out == "" and len(err) == 1 and str(gold) in err[0]


def test_missing_predictions_file_is_one_line(tmp_path, capsys):
    code, _, err = eval_cli(capsys, "--gold", gold_folder(tmp_path, GOLD_BAC_KAN), tmp_path / "none.jsonl")
    assert code == 2 and len(err) == 1 and "none.jsonl" in err[0]


def test_a_missing_prediction_is_not_a_right_date(tmp_path):
    gold = gold_folder(tmp_path, GOLD_DONG_THAP, GOLD_BAC_KAN)
    report = evaluate(gold, predictions(tmp_path, BAC_KAN_RIGHT))
    assert report["missing_documents"] == ["dong_thap.txt"]
    assert report["published_accuracy"] == 0.5
    with pytest.raises(EvalError):
        evaluate(gold, predictions(tmp_path, {"doc_id": "x", "source": "other.txt"}))


def test_min_f1_is_a_gate(tmp_path, capsys):
    gold = gold_folder(tmp_path, GOLD_DONG_THAP, GOLD_BAC_KAN)
    preds = predictions(tmp_path, BAC_KAN_RIGHT)      # the Đồng Tháp count is missed: counts F1 0.667
    code, out, err = eval_cli(capsys, "--gold", gold, preds, "--min-f1", "0.9")
    assert code == 1 and "min F1 0.667" in out and len(err) == 1 and "0.9" in err[0]
    assert eval_cli(capsys, "--gold", gold, preds, "--min-f1", "0.6")[0] == 0


def test_gzipped_predictions_are_read(tmp_path):
    plain = predictions(tmp_path, BAC_KAN_RIGHT)
    packed = tmp_path / "facts.jsonl.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    assert evaluate(gold_folder(tmp_path, GOLD_BAC_KAN), packed)["min_f1"] == 1.0
